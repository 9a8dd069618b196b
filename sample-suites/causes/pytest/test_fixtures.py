"""pytest sets PYTEST_CURRENT_TEST in the process environment around every test (and
PYTEST_VERSION for the session): the framework's doing, never a finding, even when two modules
run side by side and each interpreter sees the other's."""
import os
import time


def test_uses_a_fixture(ledger):
    ledger["opened"] += 1
    assert ledger["opened"] == 1


def test_sees_its_own_name():
    time.sleep(0.2)
    assert "test_sees_its_own_name" in os.environ["PYTEST_CURRENT_TEST"]


class TestGrouped:
    def test_one(self):
        time.sleep(0.1)

    def test_two(self, tmp_path):
        (tmp_path / "note.txt").write_text("two")
        assert (tmp_path / "note.txt").read_text() == "two"
