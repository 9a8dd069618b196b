"""W4: a generated pytest project of the kind real suites are: a small package under
test, a conftest.py with session, function, yield and parametrised fixtures, and
test modules using classes, parametrize, marks, raises, tmp_path, monkeypatch and
capsys. Every test passes, skips or xfails by design (the outcomes are compared
with a plain pytest run's)."""

import os
import textwrap

MODULES = 14

PACKAGE = '''
"""A tiny inventory: what the generated tests exercise."""

import dataclasses
import json


class OutOfStock(Exception):
    pass


@dataclasses.dataclass
class Item:
    sku: str
    price: float
    quantity: int = 0

    def total(self):
        return round(self.price * self.quantity, 2)


class Inventory:
    def __init__(self):
        self._items = {}

    def add(self, sku, price, quantity=1):
        item = self._items.get(sku)
        if item is None:
            self._items[sku] = Item(sku, price, quantity)
        else:
            item.quantity += quantity
        return self._items[sku]

    def take(self, sku, quantity=1):
        item = self._items.get(sku)
        if item is None or item.quantity < quantity:
            raise OutOfStock(sku)
        item.quantity -= quantity
        return item

    def value(self):
        return round(sum(item.total() for item in self._items.values()), 2)

    def __len__(self):
        return len(self._items)

    def dump(self, path):
        with open(path, "w") as f:
            json.dump([dataclasses.asdict(i) for i in self._items.values()], f)

    @classmethod
    def load(cls, path):
        inventory = cls()
        with open(path) as f:
            for row in json.load(f):
                inventory.add(row["sku"], row["price"], row["quantity"])
        return inventory
'''

CONFTEST = '''
import pytest

from inventory import Inventory


@pytest.fixture(scope="session")
def catalogue():
    return {"apple": 0.5, "pear": 0.75, "melon": 2.0, "fig": 1.25}


@pytest.fixture
def stocked(catalogue):
    inventory = Inventory()
    for sku, price in catalogue.items():
        inventory.add(sku, price, 10)
    yield inventory
    assert len(inventory) == len(catalogue)


@pytest.fixture(params=[1, 3, 7])
def amount(request):
    return request.param


@pytest.fixture
def saved(stocked, tmp_path):
    path = tmp_path / "stock.json"
    stocked.dump(path)
    return path
'''

MODULE = '''
import pytest

from inventory import Inventory, OutOfStock


class TestStock{n}:
    @pytest.mark.parametrize("sku,price", [("a{n}", 1.0), ("b{n}", 2.5), ("c{n}", 0.1), ("d{n}", 9.99)])
    def test_add_then_value(self, sku, price):
        inventory = Inventory()
        inventory.add(sku, price, {n} + 1)
        assert inventory.value() == round(price * ({n} + 1), 2)

    def test_take_reduces(self, stocked, amount):
        before = stocked.value()
        stocked.take("apple", amount)
        assert stocked.value() == round(before - 0.5 * amount, 2)

    def test_take_too_many_raises(self, stocked):
        with pytest.raises(OutOfStock, match="melon"):
            stocked.take("melon", 11)


@pytest.mark.parametrize("count", range({count}))
def test_round_trip(saved, count):
    assert Inventory.load(saved).value() == 45.0


def test_environment(monkeypatch):
    monkeypatch.setenv("INVENTORY_MODE", "test-{n}")
    import os
    assert os.environ["INVENTORY_MODE"] == "test-{n}"


def test_output(capsys):
    print("stock {n}")
    assert capsys.readouterr().out == "stock {n}\\n"


@pytest.mark.skip(reason="not on this shelf")
def test_skipped():
    raise AssertionError("never runs")


@pytest.mark.xfail(reason="known rounding gap", strict=True)
def test_known_gap():
    assert Inventory().add("x", 0.1, 3).total() == 0.30000000000000004
'''

INI = """[pytest]
testpaths = tests
addopts = -p no:cacheprovider
markers =
    slow: not used here
"""


def write(folder):
    """Writes the project into folder; returns the test module paths relative to it."""
    os.makedirs(os.path.join(folder, "tests"), exist_ok=True)
    with open(os.path.join(folder, "pytest.ini"), "w") as f:
        f.write(INI)
    with open(os.path.join(folder, "inventory.py"), "w") as f:
        f.write(textwrap.dedent(PACKAGE).lstrip())
    with open(os.path.join(folder, "tests", "conftest.py"), "w") as f:
        f.write(textwrap.dedent(CONFTEST).lstrip())
    # The rootdir holds inventory.py: make it importable the way a project's own layout would.
    with open(os.path.join(folder, "conftest.py"), "w") as f:
        f.write("import os, sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n")
    modules = []
    for n in range(MODULES):
        name = "tests/test_stock_%02d.py" % n
        with open(os.path.join(folder, name), "w") as f:
            f.write(textwrap.dedent(MODULE).lstrip().format(n=n, count=4 + n % 5))
        modules.append(name)
    return modules
