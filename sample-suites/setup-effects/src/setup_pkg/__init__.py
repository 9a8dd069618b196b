"""A package with a C accelerator and a pure-Python fallback, as many are."""

try:
    from _setup_speedups import scale
except ImportError:  # not built: the pure-Python version
    def scale(value, factor):
        return value * factor


def total(prices, quantities):
    return round(sum(scale(prices[name], quantity) for name, quantity in quantities.items()), 2)
