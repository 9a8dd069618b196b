"""The tiny 'product' the sample tests exercise."""


class OutOfStock(Exception):
    pass


def take(inventory, name, qty=1):
    have = inventory.get(name, 0)
    if qty > have:
        raise OutOfStock(f"{name}: want {qty}, have {have}")
    inventory[name] = have - qty
    return inventory[name]
