"""monkeypatch changes the environment and the directory for one test and restores them."""
import os


def test_environment(monkeypatch):
    monkeypatch.setenv("CAUSES_PYTEST_TEMPORARY", "1")
    assert os.environ["CAUSES_PYTEST_TEMPORARY"] == "1"


def test_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert os.getcwd() == str(tmp_path)
