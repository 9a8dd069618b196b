import time

import pytest


@pytest.mark.parametrize("value, square", [(1, 1), (2, 4), (3, 9)])
def test_squares(value, square):
    time.sleep(0.05)
    assert value * value == square


@pytest.mark.skip(reason="shown as skipped, not as a finding")
def test_skipped():
    raise AssertionError("never runs")
