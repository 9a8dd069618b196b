"""Bookkeeping over the collected unittest tests: their run order, which have
been reported, and the keys unittest's class/module fixtures use."""

import unittest


def flatten(suite):
    """Leaf tests of a (possibly nested, possibly custom) suite, in run order."""
    stack = [iter([suite])]
    out = []
    while stack:
        try:
            item = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if isinstance(item, unittest.BaseTestSuite):
            stack.append(iter(item))
        else:
            out.append(item)
    return out


def class_key(test):
    """unittest.util.strclass of the test's class: what '<method> (<parent>)'
    names in a class fixture error."""
    cls = type(test)
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def module_key(test):
    return type(test).__module__


class Tracker:
    """Collected tests not reported yet. A started test is dropped at once so
    it can be freed after it ran, as unittest's own suites free theirs."""

    def __init__(self, tests):
        self._pending = {id(t): t for t in tests}

    def started(self, test):
        self._pending.pop(id(test), None)

    def pending(self, predicate=None):
        return [t for t in self._pending.values() if predicate is None or predicate(t)]
