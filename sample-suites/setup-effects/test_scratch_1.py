from helpers import scratch


def test_scratch_is_writable():
    assert scratch.WRITABLE
