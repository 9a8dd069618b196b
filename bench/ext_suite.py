"""W7: a generated pytest suite shaped like a C extension's own (wrapt's): a package with a small
C accelerator that declares per-interpreter GIL support, built with gcc for the benchmarked
Python, a conftest.py that sets an environment variable at import (as wrapt's sets MYPYPATH) and
provides fixtures, and 50 short test modules (classes, parametrize, fixtures, raises, marks), all
passing. What a maintainer's suite costs per module, and what Subinterp reports about it (the
conftest's variable, once, as that line's effect; nothing about pytest's own state)."""

import os
import subprocess
import sysconfig
import textwrap

MODULES = 50

EXTENSION = r'''
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
scale(PyObject *module, PyObject *args)
{
    double value, factor;
    if (!PyArg_ParseTuple(args, "dd", &value, &factor)) {
        return NULL;
    }
    return PyFloat_FromDouble(value * factor);
}

static PyObject *
clamp(PyObject *module, PyObject *args)
{
    long value, low, high;
    if (!PyArg_ParseTuple(args, "lll", &value, &low, &high)) {
        return NULL;
    }
    return PyLong_FromLong(value < low ? low : value > high ? high : value);
}

static PyMethodDef methods[] = {
    {"scale", scale, METH_VARARGS, NULL},
    {"clamp", clamp, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, 0, methods, slots, NULL, NULL, NULL};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&module);
}
'''

PACKAGE = '''
"""A small library with a C accelerator, as the suite's code under test."""

import functools

from ._speedups import clamp, scale


class Price:
    __slots__ = ("cents",)

    def __init__(self, cents):
        self.cents = clamp(int(cents), 0, 10 ** 9)

    def times(self, factor):
        return Price(scale(self.cents, factor))

    def __eq__(self, other):
        return isinstance(other, Price) and other.cents == self.cents

    def __repr__(self):
        return "Price(%d)" % self.cents


def memoized(function):
    cache = {}

    @functools.wraps(function)
    def wrapper(*args):
        if args not in cache:
            cache[args] = function(*args)
        return cache[args]

    wrapper.cache = cache
    return wrapper
'''

CONFTEST = '''
import os
import pathlib

import pytest

# As wrapt's conftest.py does with MYPYPATH: the same value in every session.
os.environ["SHELF_SRC"] = str(pathlib.Path(__file__).parent.parent / "shelf")


@pytest.fixture
def cheap():
    from shelf import Price
    return Price(125)


@pytest.fixture(params=[1, 2, 5])
def factor(request):
    return request.param
'''

MODULE = '''
import pytest

from shelf import Price, memoized


class TestPrice{n}:
    @pytest.mark.parametrize("cents", [0, 1, {n}, 999, 10 ** 12])
    def test_clamped(self, cents):
        assert 0 <= Price(cents).cents <= 10 ** 9

    def test_times(self, cheap, factor):
        assert cheap.times(factor) == Price(125 * factor)

    def test_negative_is_zero(self):
        assert Price(-{n}).cents == 0


class TestMemoized{n}:
    def test_calls_once(self):
        calls = []

        @memoized
        def square(x):
            calls.append(x)
            return x * x

        assert [square({n}), square({n})] == [{n} * {n}] * 2
        assert calls == [{n}]

    def test_keeps_name(self):
        @memoized
        def named():
            return {n}

        assert named.__name__ == "named" and named() == {n}


@pytest.mark.parametrize("a,b", [({n}, 1), (1, {n}), ({n}, {n})])
def test_scale_commutes(a, b):
    from shelf._speedups import scale
    assert scale(a, b) == scale(b, a)


def test_bad_argument_raises():
    from shelf._speedups import scale
    with pytest.raises(TypeError):
        scale("x", 1)
'''

INI = """[pytest]
testpaths = tests
"""


def build_extension(python, folder):
    """Compiles the accelerator for `python` (its headers) into folder/shelf."""
    query = "import sysconfig; print(sysconfig.get_paths()['include']); print(sysconfig.get_config_var('EXT_SUFFIX'))"
    include, suffix = subprocess.run([python, "-c", query], capture_output=True, text=True, check=True).stdout.split()
    source = os.path.join(folder, "shelf", "_speedups.c")
    with open(source, "w") as f:
        f.write(EXTENSION)
    subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-pthread", "-I", include, source, "-o",
                    os.path.join(folder, "shelf", "_speedups" + suffix)], check=True)
    os.remove(source)


def write(folder, python):
    """Writes the project into folder and builds its extension; returns the test modules' paths."""
    os.makedirs(os.path.join(folder, "tests"), exist_ok=True)
    os.makedirs(os.path.join(folder, "shelf"), exist_ok=True)
    with open(os.path.join(folder, "pytest.ini"), "w") as f:
        f.write(INI)
    with open(os.path.join(folder, "shelf", "__init__.py"), "w") as f:
        f.write(textwrap.dedent(PACKAGE).lstrip())
    build_extension(python, folder)
    with open(os.path.join(folder, "tests", "conftest.py"), "w") as f:
        f.write(textwrap.dedent(CONFTEST).lstrip())
    # The rootdir holds the package: importable the way a src-less project's layout makes it.
    with open(os.path.join(folder, "conftest.py"), "w") as f:
        f.write("import os, sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n")
    modules = []
    for n in range(MODULES):
        name = "tests/test_shelf_%02d.py" % n
        with open(os.path.join(folder, name), "w") as f:
            f.write(textwrap.dedent(MODULE).lstrip().format(n=n + 2))
        modules.append(name)
    return modules
