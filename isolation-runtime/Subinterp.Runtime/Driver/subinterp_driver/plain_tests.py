"""pytest-style tests for the unittest engine: module-level `test*` functions
and `Test*` classes that are not TestCases, wrapped as unittest TestCases so the
same result, fixture and capture machinery runs them. Bare `assert` failing is
a failure (AssertionError is unittest's failureException), anything else an
error. A test that needs pytest (fixture parameters, a class with its own
__init__) is never dropped: it becomes an error test that says why and what to
do, so a module cannot pass by losing tests."""

import types
import unittest

# inspect (with dis, ast, tokenize...) is imported only where a plain test needs
# it: most unittest modules have none, and the driver imports nothing they don't.

# unittest drops traceback frames from modules that define __unittest, so a
# failure shows the test's frames, not these wrappers.
__unittest = True


def _required_params(func, bound):
    code = getattr(func, "__code__", None)
    if code is None:
        return 1
    positional = code.co_argcount - len(getattr(func, "__defaults__", None) or ())
    if bound:
        positional -= 1
    keyword_only = code.co_kwonlyargcount - len(getattr(func, "__kwdefaults__", None) or {})
    return max(positional, 0) + max(keyword_only, 0)


def _call_optional(func, arg):
    """Calls an xunit hook with `arg` only if it accepts one, as pytest does."""
    target = getattr(func, "__func__", func)
    code = getattr(target, "__code__", None)
    bound = getattr(func, "__self__", None) is not None
    wanted = 1 + (1 if bound else 0)
    if code is not None and code.co_argcount >= wanted:
        return func(arg)
    return func()


def _check_callable(func):
    import inspect

    inner = inspect.unwrap(func)
    if inspect.iscoroutinefunction(inner) or inspect.isasyncgenfunction(inner):
        raise unittest.SkipTest("async def functions are not natively supported")
    if inspect.isgeneratorfunction(inner):
        raise TypeError("yield tests are not supported")


class _PlainCase(unittest.TestCase):
    def __init__(self, func, test_id):
        super().__init__("runTest")
        self.plain_func = func
        self._plain_id = test_id
        if getattr(func, "__unittest_expecting_failure__", False):
            self.__unittest_expecting_failure__ = True

    def id(self):
        return self._plain_id

    def __str__(self):
        return self._plain_id

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self._plain_id)

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def shortDescription(self):
        return None


class FunctionCase(_PlainCase):
    def setUp(self):
        hook = getattr(self._module(), "setup_function", None)
        if callable(hook):
            _call_optional(hook, self.plain_func)

    def tearDown(self):
        hook = getattr(self._module(), "teardown_function", None)
        if callable(hook):
            _call_optional(hook, self.plain_func)

    def runTest(self):
        _check_callable(self.plain_func)
        self.plain_func()

    def _module(self):
        import inspect

        return inspect.getmodule(self.plain_func)


class MethodCase(_PlainCase):
    plain_class = None

    @classmethod
    def setUpClass(cls):
        hook = getattr(cls.plain_class, "setup_class", None)
        if callable(hook):
            _call_optional(hook, cls.plain_class)

    @classmethod
    def tearDownClass(cls):
        hook = getattr(cls.plain_class, "teardown_class", None)
        if callable(hook):
            _call_optional(hook, cls.plain_class)

    def setUp(self):
        self.plain_instance = self.plain_class()
        hook = getattr(self.plain_instance, "setup_method", None)
        if callable(hook):
            _call_optional(hook, self.plain_func)

    def tearDown(self):
        hook = getattr(self.plain_instance, "teardown_method", None)
        if callable(hook):
            _call_optional(hook, self.plain_func)

    def runTest(self):
        _check_callable(self.plain_func)
        getattr(self.plain_instance, self.plain_func.__name__)()


class NeedsPytest(Exception):
    """Why the unittest engine cannot run a pytest-style test."""


class UnusableCase(_PlainCase):
    """Stands for a test the unittest engine cannot run; fails with the reason."""

    def __init__(self, func, test_id, reason):
        super().__init__(func, test_id)
        self.reason = reason

    def runTest(self):
        raise NeedsPytest(self.reason)


def _fixture_reason(func, bound):
    code = getattr(func, "__code__", None)
    names = []
    if code is not None:
        first = 1 if bound else 0
        required = code.co_argcount - len(getattr(func, "__defaults__", None) or ())
        names = list(code.co_varnames[first:max(required, first)])
        keyword_defaults = getattr(func, "__kwdefaults__", None) or {}
        names += [n for n in code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
                  if n not in keyword_defaults]
    return ("%s takes pytest fixture(s) %s, which the unittest engine cannot provide: run with "
            "--engine pytest (or add a pytest configuration so --engine auto picks pytest)"
            % (func.__name__, ", ".join(names) or "arguments"))


def _is_test_class(obj, module_name):
    return (
        isinstance(obj, type)
        and obj.__name__.startswith("Test")
        and getattr(obj, "__module__", None) == module_name
        and not issubclass(obj, unittest.TestCase)
        and getattr(obj, "__test__", True)
    )


def _is_test_function(obj, module_name):
    return (
        isinstance(obj, types.FunctionType)  # inspect.isfunction
        and obj.__name__.startswith("test")
        and obj.__module__ == module_name
        and getattr(obj, "__test__", True)
    )


def _class_methods(cls):
    seen = set()
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name, value in vars(klass).items():
            if name in seen or not name.startswith("test"):
                continue
            seen.add(name)
            if isinstance(value, (staticmethod, classmethod)):
                func = value.__func__
                bound = isinstance(value, classmethod)
            elif isinstance(value, types.FunctionType):
                func, bound = value, True
            else:
                continue
            if getattr(func, "__test__", True):
                yield func, bound


def _mixins_of_test_cases(module):
    """Plain classes that a TestCase of the module inherits from: unittest mixins (CPython's own
    tests name them Test*, e.g. test_bisect.TestBisect), run through their TestCases, not alone."""
    mixins = set()
    for obj in vars(module).values():
        if isinstance(obj, type) and issubclass(obj, unittest.TestCase):
            mixins.update(base for base in obj.__mro__ if not issubclass(base, unittest.TestCase))
    return mixins


def _written_for_pytest(module):
    """A module that imports pytest, or has no unittest TestCase of its own: its test functions
    that take arguments are pytest tests. In a unittest module (CPython's test_abc has
    `def test_factory(abc_ABCMeta, ...)`) they are helpers, as unittest sees them."""
    name = module.__name__
    for value in list(vars(module).values()):
        if isinstance(value, types.ModuleType) and value.__name__.split(".")[0] in ("pytest", "_pytest"):
            return True
    return not any(isinstance(v, type) and issubclass(v, unittest.TestCase) and getattr(v, "__module__", None) == name
                   for v in list(vars(module).values()))


def collect(module):
    """TestCases for the module's pytest-style tests, in definition order."""
    name = module.__name__
    function_case = None
    tests = []
    mixins = _mixins_of_test_cases(module)
    pytest_module = _written_for_pytest(module)
    for attr, obj in list(vars(module).items()):
        if _is_test_function(obj, name):
            test_id = "%s.%s" % (name, attr)
            if _required_params(obj, bound=False):
                if pytest_module:
                    tests.append(_unusable(name, obj, test_id, _fixture_reason(obj, bound=False)))
                continue
            if function_case is None:
                # One class per module: unittest's module fixtures key on
                # type(test).__module__, so setUpModule applies here too.
                function_case = type("FunctionCase", (FunctionCase,), {"__module__": name})
            tests.append(function_case(obj, test_id))
        elif _is_test_class(obj, name) and obj not in mixins:
            methods = list(_class_methods(obj))
            if obj.__init__ is not object.__init__:
                # pytest does not collect such a class either (it warns); a class
                # without test methods is a helper that merely starts with "Test".
                if methods and pytest_module:
                    reason = ("%s defines __init__, so neither pytest nor the unittest engine can collect it "
                              "as a test class: move the set-up into setup_method, or make it a "
                              "unittest.TestCase" % obj.__qualname__)
                    tests.append(_unusable(name, obj.__init__, "%s.%s" % (name, obj.__qualname__), reason))
                continue
            case = type(obj.__name__, (MethodCase,), {
                "__module__": name,
                "__qualname__": obj.__qualname__,
                "plain_class": obj,
            })
            for func, bound in methods:
                test_id = "%s.%s.%s" % (name, obj.__qualname__, func.__name__)
                if _required_params(func, bound):
                    if pytest_module:
                        tests.append(_unusable(name, func, test_id, _fixture_reason(func, bound)))
                else:
                    tests.append(case(func, test_id))
    return tests


def _unusable(module_name, func, test_id, reason):
    case = type("UnusableCase", (UnusableCase,), {"__module__": module_name})
    return case(func, test_id, reason)
