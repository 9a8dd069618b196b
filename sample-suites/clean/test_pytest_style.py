"""pytest-style tests: plain functions with bare asserts and a plain class. No imports of
unittest or pytest. Plain `python -m unittest` collects nothing from this module; a runner that
understands pytest-style collection finds 4 tests (see EXPECTED.md)."""


def test_plain_function_passes():
    assert sum([1, 2, 3]) == 6


def test_plain_function_fails():
    value = 40 + 1
    assert value == 42, "41 is not the answer"


def helper_not_a_test():
    raise AssertionError("helpers without the test_ prefix are not collected")


class TestThings:
    def test_method_passes(self):
        assert "thing".startswith("th")

    def test_other_method_passes(self):
        assert [1, 2] + [3] == [1, 2, 3]

    def helper(self):
        raise AssertionError("not a test")
