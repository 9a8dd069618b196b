"""Machine calibration: a fixed amount of pure-Python CPU work (no I/O, no
allocation to speak of). Run once alone and twice side by side, it shows how
many cores the machine really delivers at that moment: 2 x t(one) / t(two)."""

x = 1
for _ in range(6_000_000):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
