import pytest

from setup_pkg import total


@pytest.mark.parametrize("quantity", [1, 2, 3])
def test_total_of_one_kind(prices, quantity):
    assert total(prices, {"apple": quantity}) == round(0.5 * quantity, 2)


def test_total_of_several(prices):
    assert total(prices, {"pear": 3, "fig": 2}) == round(0.75 * 3 + 2.5, 2)
