"""A small library documented with doctests, as many pure-Python libraries are.

>>> stock = Inventory()
>>> stock.add("apple", 3)
>>> stock.add("apple", 2)
>>> stock.count("apple")
5
"""


class Inventory:
    """Counts items by name.

    >>> Inventory().count("pear")
    0
    """

    def __init__(self):
        self._items = {}

    def add(self, name, quantity):
        """Adds `quantity` items.

        >>> stock = Inventory()
        >>> stock.add("pear", -1)
        Traceback (most recent call last):
          ...
        ValueError: quantity must be positive, got -1
        """
        if quantity <= 0:
            raise ValueError("quantity must be positive, got %d" % quantity)
        self._items[name] = self._items.get(name, 0) + quantity

    def count(self, name):
        return self._items.get(name, 0)

    def names(self):
        """The names in stock, sorted.

        >>> stock = Inventory()
        >>> for name in ("plum", "fig"): stock.add(name, 1)
        >>> stock.names()
        ['fig', 'plum']
        """
        return sorted(self._items)
