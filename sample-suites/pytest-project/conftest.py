"""Shared fixtures for the pytest sample project."""
import pytest


@pytest.fixture
def inventory():
    """A fresh inventory per test, torn down after it."""
    items = {"apple": 3, "pear": 0}
    yield items
    items.clear()
