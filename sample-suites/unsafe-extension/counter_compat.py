"""A counter with a C accelerator and a pure-Python fallback, the way datetime has _datetime and
_pydatetime: `import counter_compat` works even where _unsafe_counter is refused (an isolated
subinterpreter), but only the accelerator provides the C API capsule `_C_API`."""

try:
    from _unsafe_counter import _C_API, Counter, increment, value  # noqa: F401
except ImportError:
    class Counter:
        count = 0

    def increment():
        Counter.count += 1
        return Counter.count

    def value():
        return Counter.count
