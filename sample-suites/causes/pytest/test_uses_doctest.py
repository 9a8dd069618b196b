"""A pytest module that runs a doctest through the doctest module: readline's init reached
through pdb is reported once as readline's effect, not as this module's leak."""
import doctest


def double(n):
    """
    >>> double(21)
    42
    """
    return 2 * n


def test_doctests_of_this_module():
    import sys

    failures, tried = doctest.testmod(sys.modules[__name__])
    assert (failures, tried) == (0, 1)
