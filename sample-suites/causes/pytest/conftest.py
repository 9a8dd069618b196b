import pytest


@pytest.fixture
def ledger():
    return {"opened": 0}
