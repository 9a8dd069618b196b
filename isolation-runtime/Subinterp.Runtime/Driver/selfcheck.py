"""Self-check of the subinterp_driver package, standalone (no C# needed).

Writes small test modules to a temp dir and runs the driver on each one inside
a real subinterpreter (own GIL, as the worker does), started by the driver's
one bootstrap (bootstrap.py beside this file, the very text the worker runs),
then checks the events; and once in a plain python process, as
--compare-process starts it. Also runs the pytest engine when pytest is
importable. Each case stops at its first mismatch; exits non-zero if any failed.

    python3.12 selfcheck.py        python3.13 selfcheck.py

The pytest cases run when `import pytest` works (e.g. PYTHONPATH pointing at
an unpacked pytest); otherwise they are listed as skipped.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading

try:
    import _interpreters as _interp  # 3.13+
except ImportError:
    import _xxsubinterpreters as _interp  # 3.12

DRIVER_DIR = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(DRIVER_DIR, "bootstrap.py"), encoding="utf-8") as _f:
    BOOTSTRAP = _f.read()
OUTPUT_LIMIT = 65536
HAVE_PYTEST = importlib.util.find_spec("pytest") is not None
HAVE_SINGLEPHASE = importlib.util.find_spec("_testsinglephase") is not None

MODULES = {
    "test_basic.py": '''
        import unittest

        class Basic(unittest.TestCase):
            def test_pass(self):
                print("hello from test_pass")

            def test_fail(self):
                self.assertEqual(1, 2)

            def test_error(self):
                undefined_name_here  # NameError; 3.13 tries _suggestions

            @unittest.skip("not today")
            def test_skip(self):
                pass

            @unittest.expectedFailure
            def test_xfail(self):
                self.assertTrue(False)

            @unittest.expectedFailure
            def test_xpass(self):
                pass

            def test_subtests(self):
                for i in range(3):
                    with self.subTest(i=i):
                        self.assertNotEqual(i, 1)

            def test_stderr(self):
                import sys
                sys.stderr.write("to stderr\\n")
    ''',
    "test_hooked.py": '''
        import array  # an extension module: the loader wrappers and the init calls run
        import os
        import resource
        import unittest

        class Hooked(unittest.TestCase):
            def test_touches_what_the_audit_hook_watches(self):
                os.environ["SUBINTERP_SELFCHECK_HOOKED"] = "1"
                del os.environ["SUBINTERP_SELFCHECK_HOOKED"]
                here = os.getcwd()
                os.chdir(here)
                soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
                resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))
                with open(__file__, "rb"):
                    pass
                self.assertEqual(array.array("b", [1]).tolist(), [1])
    ''',
    "test_fixture.py": '''
        import unittest

        class SetupBad(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                raise RuntimeError("class setup broke")

            def test_one(self):
                pass

            def test_two(self):
                pass

        class TearDownBad(unittest.TestCase):
            @classmethod
            def tearDownClass(cls):
                raise RuntimeError("class teardown broke")

            def test_fine(self):
                pass
    ''',
    "test_modfixture.py": '''
        import unittest

        def setUpModule():
            raise ValueError("module setup broke")

        class A(unittest.TestCase):
            def test_a(self):
                pass

        def test_plain():
            pass
    ''',
    "pkg/__init__.py": "",
    "pkg/helper.py": '''
        VALUE = 42
    ''',
    "pkg/test_rel.py": '''
        import unittest
        from .helper import VALUE
        from . import helper

        class Rel(unittest.TestCase):
            def test_value(self):
                self.assertEqual(VALUE, helper.VALUE)
    ''',
    "test_plain.py": '''
        from os.path import join as test_imported_elsewhere  # not a test of ours

        def test_ok():
            assert 1 + 1 == 2

        def test_bad():
            x = 1
            assert x == 2, "x should be 2"

        def test_err():
            {}["missing"]

        def test_needs_fixture(tmp_path):
            pass

        def helper():
            pass

        class TestThings:
            def setup_method(self, method):
                self.ready = method.__name__

            def test_method(self):
                assert self.ready == "test_method"

            def test_method_fails(self):
                assert False

        class TestWithInit:
            def __init__(self):
                pass

            def test_never(self):
                pass
    ''',
    "test_loadtests.py": '''
        import unittest

        SEEN = []

        class Seen(unittest.TestCase):
            def test_pattern(self):
                self.assertEqual(SEEN, ["check_*.py"])

        def load_tests(loader, tests, pattern):
            SEEN.append(pattern)
            return tests
    ''',
    "test_helper_args.py": '''
        import unittest

        def test_factory(abc_meta, token):
            class Case(unittest.TestCase):
                def test_made(self):
                    pass
            return Case

        TestMade = test_factory(type, None)
    ''',
    "test_bigparam.py": '''
        import unittest

        class Big(unittest.TestCase):
            def test_huge(self):
                with self.subTest(n=10 ** 5000):
                    pass
    ''',
    "test_syntax.py": '''
        def broken(:
            pass
    ''',
    "test_exit.py": '''
        raise SystemExit(3)
    ''',
    "test_kimod.py": '''
        raise KeyboardInterrupt
    ''',
    "test_import_error.py": '''
        import module_that_does_not_exist_anywhere
    ''',
    "test_big.py": '''
        import unittest

        class Big(unittest.TestCase):
            def test_print_10mb(self):
                line = "x" * 1023 + "\\n"
                for _ in range(10 * 1024):
                    print(line, end="")
    ''',
    "test_bytes.py": '''
        import sys
        import unittest

        class Bytes(unittest.TestCase):
            def test_raw_bytes(self):
                print("before")
                sys.stdout.buffer.write(b"\\xff\\xfe not utf-8\\n")
                sys.stdout.write("lone \\udcff surrogate\\n")
    ''',
    "test_interrupt.py": '''
        import unittest

        class Stop(unittest.TestCase):
            def test_1_exit(self):
                raise SystemExit(5)

            def test_2_input(self):
                input("never answered> ")

            def test_3_interrupt(self):
                raise KeyboardInterrupt

            def test_4_after(self):
                pass
    ''',
    "test_unsafe.py": '''
        import unittest

        class Unsafe(unittest.TestCase):
            def test_caught_refusal(self):
                try:
                    import _testsinglephase
                except ImportError:
                    pass
    ''',
    "test_absorbed.py": '''
        import unittest

        class Absorbed(unittest.TestCase):
            def test_pdb_tries_readline(self):
                import pdb
                pdb.Pdb()
    ''',
    "fallback_user.py": '''
        try:
            import _testsinglephase as _accelerator
        except ImportError:
            _accelerator = None
        if _accelerator is not None:
            CAPI = object()
    ''',
    "test_traced.py": '''
        import unittest

        import fallback_user

        class Traced(unittest.TestCase):
            def test_needs_the_accelerator(self):
                fallback_user.CAPI
    ''',
    "test_skipmod.py": '''
        import unittest
        raise unittest.SkipTest("whole module skipped")
    ''',
    "test_pytest_style.py": '''
        import pytest

        @pytest.fixture
        def number():
            return 7

        def test_fixture(number):
            assert number == 7

        @pytest.mark.parametrize("n", [1, 2])
        def test_param(n):
            assert n == 1

        def test_skip():
            pytest.skip("skipped here")

        @pytest.mark.xfail(reason="known bug")
        def test_xfail():
            assert False

        def test_capsys(capsys):
            print("captured by capsys")
            assert capsys.readouterr().out == "captured by capsys\\n"

        def test_prints():
            print("visible output")

        class TestGroup:
            def test_member(self):
                assert True
    ''',
}


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


# -- running the driver in a subinterpreter ---------------------------------

def new_interpreter(mode):
    if _interp.__name__ == "_xxsubinterpreters":
        return _interp.create(isolated=(mode == "isolated"))
    return _interp.create(mode)


def driver_args(root, module, engine="unittest", mode="isolated", **extra):
    """DriverArguments (protocol.py), as the orchestrator writes them."""
    path = os.path.join(root, *module.split(".")) + ".py"
    args = {"module": module, "path": path, "root": root, "mode": mode, "engine": engine, "outputLimit": OUTPUT_LIMIT,
            "threadJoinTimeout": 3.0, "pattern": "test*.py"}
    args.update(extra)
    return args


def run_driver(root, module, engine="unittest", mode="isolated", hooks_fd=None, broken_hook=None, **extra):
    args = driver_args(root, module, engine, mode, **extra)
    events = run_raw(module, lambda fd: json.dumps(boot(args, fd)), mode, hooks_fd, broken_hook)
    check_invariants(module, events, engine, hook_failures_expected=broken_hook is not None)
    return events


def boot(args, fd, events=None, process=False):
    """The bootstrap's inputs, as Hosting/DriverBootstrap.cs writes them."""
    return {"driver": DRIVER_DIR, "entry": "main", "args": args, "host": {"fd": fd, "slot": 1, "seq": 7},
            "events": events, "process": process}


def bootstrap_code(boot_json):
    """The bootstrap as every interpreter runs it: its inputs on the line before it."""
    return "_subinterp_boot = %r\n%s" % (boot_json, BOOTSTRAP)


# Stand-ins for the C functions the worker leaves in each interpreter's __main__ (Hosting/WorkerHooks.cs),
# with their signatures: begin(str), end(str) and note(str) (METH_O); begin answers True (the worker
# read the process, so end must follow; it answers False for a step that changed nothing before).
# Each call is written to HOOK_FD as "name<TAB>argument"; raising (BREAK) shows that a failing hook
# is said, not swallowed.
WORKER_HOOKS = r"""
import os as _os

def _hook_call(name, *args):
    if len(args) > 1 or any(not isinstance(arg, str) for arg in args):
        raise TypeError("%s() takes what the worker's C function takes, got %r" % (name, args))
    if {broken!r} == name:
        raise RuntimeError("%s broke on purpose" % name)
    _os.write({fd}, ("%s\t%s\n" % (name, args[0] if args else "")).encode("utf-8", "backslashreplace"))

def _subinterp_init_begin(step):
    _hook_call("begin", step)
    return True

def _subinterp_init_end(init):
    _hook_call("end", init)

def _subinterp_note(touch):
    _hook_call("note", touch)
"""


def run_raw(label, make_boot, mode="isolated", hooks_fd=None, broken_hook=None):
    """Runs the bootstrap in a fresh subinterpreter with make_boot(write_fd) as
    its inputs (JSON text); returns the parsed events. With hooks_fd, the
    interpreter gets WORKER_HOOKS first, as the worker leaves its own."""
    read_fd, write_fd = os.pipe()
    hooks = WORKER_HOOKS.format(fd=hooks_fd, broken=broken_hook) if hooks_fd is not None else ""
    code = hooks + bootstrap_code(make_boot(write_fd))
    chunks = []

    def reader():
        with open(read_fd, "rb", closefd=True) as pipe:
            while True:
                data = pipe.read1(65536)
                if not data:
                    return
                chunks.append(data)

    thread = threading.Thread(target=reader)
    thread.start()
    iid = new_interpreter(mode)
    try:
        try:
            failure = _interp.run_string(iid, code)
        except Exception as exc:  # 3.12 raises RunFailedError
            failure = exc
    finally:
        os.close(write_fd)
        thread.join()
        _interp.destroy(iid)
    check(failure is None, "%s: the snippet raised in the subinterpreter: %r" % (label, failure))
    raw = b"".join(chunks)
    check(not raw or raw.endswith(b"\n"), "%s: event stream does not end with a newline" % label)
    return [json.loads(line.decode("utf-8", "strict")) for line in raw.split(b"\n")[:-1]]


def check_invariants(module, events, engine, hook_failures_expected=False, pid=None):
    check(events, "%s: no events" % module)
    if not hook_failures_expected:
        for event in of_type(events, "hook-failed"):
            check(False, "%s: the driver's %s hook failed: %s\n%s" % (module, event["hook"], event["message"], event["traceback"]))
    for event in events:
        check(event.get("slot") == 1 and event.get("seq") == 7 and isinstance(event.get("t"), float),
              "%s: bad common fields in %r" % (module, event))
    first, last = events[0], events[-1]
    check(first["type"] == "module-start", "%s: first event is %s" % (module, first["type"]))
    check(first["module"] == module and first["engine"] == engine and first["pid"] == (pid or os.getpid()),
          "%s: bad module-start %r" % (module, first))
    check(isinstance(first["cpus"], list), "%s: cpus missing" % module)
    check(last["type"] == "module-end" and isinstance(last["durationMs"], float),
          "%s: last event is %r" % (module, last))
    check(sum(e["type"] == "module-end" for e in events) == 1, "%s: module-end twice" % module)
    open_id = None
    for event in events:
        if event["type"] == "test-start":
            check(open_id is None, "%s: test-start %s inside %s" % (module, event["id"], open_id))
            open_id = event["id"]
        elif event["type"] == "test-end":
            check(open_id == event["id"], "%s: test-end %s without its start" % (module, event["id"]))
            open_id = None
            for key in ("outcome", "durationMs", "message", "traceback", "stdout", "stderr", "file", "line"):
                check(key in event, "%s: test-end %s lacks %s" % (module, event["id"], key))
            check(event["outcome"] in ("passed", "failed", "error", "skipped", "xfail", "xpass", "not-run"),
                  "%s: bad outcome %r" % (module, event["outcome"]))
        elif event["type"] == "module-error":
            check(event["kind"] in ("syntax", "import", "collect", "exit", "interrupt", "fixture", "driver", "driver-start", "selection"),
                  "%s: bad module-error kind %r" % (module, event["kind"]))
            check(event["kind"] not in ("driver", "driver-start"), "%s: driver bug reported: %s\n%s"
                  % (module, event["message"], event["traceback"]))
    check(open_id is None, "%s: test %s never ended" % (module, open_id))


def ends(events):
    return {e["id"]: e for e in events if e["type"] == "test-end"}


def of_type(events, type_):
    return [e for e in events if e["type"] == type_]


def collected(events):
    found = of_type(events, "collected")
    check(len(found) == 1, "expected one collected event, got %d" % len(found))
    return found[0]["tests"]


def expect(results, test_id, outcome, message=None, contains=None):
    check(test_id in results, "no test-end for %s (have %s)" % (test_id, sorted(results)))
    event = results[test_id]
    check(event["outcome"] == outcome, "%s: outcome %s, expected %s (message %r)"
          % (test_id, event["outcome"], outcome, event["message"]))
    if message is not None:
        check(event["message"] == message, "%s: message %r, expected %r" % (test_id, event["message"], message))
    if contains is not None:
        check(contains in (event["message"] or ""), "%s: message %r lacks %r" % (test_id, event["message"], contains))
    return event


def no_unsafe(events):
    found = of_type(events, "unsafe-import")
    check(not found, "unexpected unsafe-import events: %r" % found)


# -- cases --------------------------------------------------------------------

def case_basic(root):
    events = run_driver(root, "test_basic")
    ids = collected(events)
    check(ids[0] == "test_basic.Basic.test_error" and len(ids) == 8, "collected %r" % ids)
    r = ends(events)
    ok = expect(r, "test_basic.Basic.test_pass", "passed")
    check(ok["stdout"] == "hello from test_pass\n", "stdout %r" % ok["stdout"])
    check(ok["file"] == "test_basic.py" and ok["line"] == 4, "file/line %r %r" % (ok["file"], ok["line"]))
    fail = expect(r, "test_basic.Basic.test_fail", "failed", message="AssertionError: 1 != 2")
    check("self.assertEqual(1, 2)" in fail["traceback"], "traceback %r" % fail["traceback"])
    check("subinterp_driver" not in fail["traceback"] and "unittest/case.py" not in fail["traceback"],
          "driver/unittest frames leak into traceback %r" % fail["traceback"])
    expect(r, "test_basic.Basic.test_error", "error", contains="NameError: name 'undefined_name_here'")
    expect(r, "test_basic.Basic.test_skip", "skipped", message="not today")
    expect(r, "test_basic.Basic.test_xfail", "xfail")
    expect(r, "test_basic.Basic.test_xpass", "xpass")
    sub = expect(r, "test_basic.Basic.test_subtests", "failed")
    check([s["description"] for s in sub["subtests"]] == ["(i=0)", "(i=1)", "(i=2)"], "subtests %r" % sub["subtests"])
    check([s["outcome"] for s in sub["subtests"]] == ["passed", "failed", "passed"], "subtests %r" % sub["subtests"])
    check(sub["message"].startswith("(i=1) AssertionError: 1 == 1"), "message %r" % sub["message"])
    err = expect(r, "test_basic.Basic.test_stderr", "passed")
    check(err["stderr"] == "to stderr\n" and err["stdout"] == "", "streams %r" % err)
    check(len(of_type(events, "test-start")) == 8, "one test-start per test")
    no_unsafe(events)


def case_fixtures(root):
    events = run_driver(root, "test_fixture")
    r = ends(events)
    for name in ("test_one", "test_two"):
        e = expect(r, "test_fixture.SetupBad." + name, "error",
                   message="setUpClass failed: RuntimeError: class setup broke")
        check("class setup broke" in e["traceback"], "traceback %r" % e["traceback"])
    expect(r, "test_fixture.TearDownBad.test_fine", "passed")
    expect(r, "test_fixture.TearDownBad.tearDownClass", "error", contains="class teardown broke")

    events = run_driver(root, "test_modfixture")
    r = ends(events)
    check(sorted(collected(events)) == ["test_modfixture.A.test_a", "test_modfixture.test_plain"],
          "collected %r" % collected(events))
    for test_id in ("test_modfixture.A.test_a", "test_modfixture.test_plain"):
        expect(r, test_id, "error", message="setUpModule failed: ValueError: module setup broke")


def case_package(root):
    events = run_driver(root, "pkg.test_rel")
    e = expect(ends(events), "pkg.test_rel.Rel.test_value", "passed")
    check(e["file"] == "pkg/test_rel.py", "file %r" % e["file"])


def case_plain(root):
    events = run_driver(root, "test_plain")
    ids = collected(events)
    check(ids == ["test_plain.test_ok", "test_plain.test_bad", "test_plain.test_err", "test_plain.test_needs_fixture",
                  "test_plain.TestThings.test_method", "test_plain.TestThings.test_method_fails",
                  "test_plain.TestWithInit"],
          "collected %r" % ids)
    r = ends(events)
    ok = expect(r, "test_plain.test_ok", "passed")
    check(ok["file"] == "test_plain.py" and ok["line"] == 3, "file/line %r %r" % (ok["file"], ok["line"]))
    bad = expect(r, "test_plain.test_bad", "failed", message="AssertionError: x should be 2")
    check(bad["traceback"].startswith("Traceback") and "plain_tests.py" not in bad["traceback"],
          "traceback %r" % bad["traceback"])
    expect(r, "test_plain.test_err", "error", message="KeyError: 'missing'")
    expect(r, "test_plain.TestThings.test_method", "passed")
    expect(r, "test_plain.TestThings.test_method_fails", "failed")
    # Never dropped in silence: a test the unittest engine cannot run says why.
    needs = expect(r, "test_plain.test_needs_fixture", "error", contains="pytest fixture(s) tmp_path")
    check("--engine pytest" in needs["message"], "message %r" % needs["message"])
    expect(r, "test_plain.TestWithInit", "error", contains="TestWithInit defines __init__")
    # In a unittest module, a test* function with arguments is a helper (CPython's test_abc.test_factory).
    events = run_driver(root, "test_helper_args")
    check(len(collected(events)) == 1 and "test_helper_args.test_factory" not in collected(events),
          "unittest helper collected: %r" % collected(events))


def case_select(root):
    events = run_driver(root, "test_basic", select=["test_basic.Basic.test_pass", "test_basic.Basic.test_fail"])
    check(collected(events) == ["test_basic.Basic.test_fail", "test_basic.Basic.test_pass"],
          "unittest selection ran %r" % collected(events))
    check(sorted(ends(events)) == ["test_basic.Basic.test_fail", "test_basic.Basic.test_pass"], "ran %r" % sorted(ends(events)))
    events = run_driver(root, "test_plain", select=["test_plain.TestThings"])
    check(collected(events) == ["test_plain.TestThings.test_method", "test_plain.TestThings.test_method_fails"],
          "class selection ran %r" % collected(events))
    # setUpClass still runs around a selected test.
    events = run_driver(root, "test_fixture", select=["test_fixture.SetupBad.test_two"])
    expect(ends(events), "test_fixture.SetupBad.test_two", "error", message="setUpClass failed: RuntimeError: class setup broke")
    check(len(ends(events)) == 1, "fixture selection ran %r" % sorted(ends(events)))
    # A selected id the module does not have: an error naming it, and nothing runs.
    events = run_driver(root, "test_basic", select=["test_basic.Basic.test_pass", "test_basic.Basic.test_nope"])
    errors = of_type(events, "module-error")
    check(len(errors) == 1 and errors[0]["kind"] == "selection" and "test_basic.Basic.test_nope" in errors[0]["message"],
          "unknown selection %r" % errors)
    check(not of_type(events, "test-start"), "tests ran despite an unknown selection")


def case_collect_only(root):
    events = run_driver(root, "test_basic", collectOnly=True)
    found = of_type(events, "collected")
    check(len(found) == 1 and len(found[0]["tests"]) == 8, "collected %r" % found)
    where = dict(zip(found[0]["tests"], found[0]["locations"]))
    check(where["test_basic.Basic.test_pass"] == {"file": "test_basic.py", "line": 4}, "location %r" % where["test_basic.Basic.test_pass"])
    check(not of_type(events, "test-start"), "collect-only ran tests")
    events = run_driver(root, "test_skipmod", collectOnly=True)
    check(of_type(events, "collected")[0]["tests"] == ["test_skipmod"] and not of_type(events, "test-start"),
          "skipped module listing %r" % events)


def case_pattern(root):
    events = run_driver(root, "test_loadtests", pattern="check_*.py")
    expect(ends(events), "test_loadtests.Seen.test_pattern", "passed")


def case_unprintable_subtest(root):
    events = run_driver(root, "test_bigparam")
    e = expect(ends(events), "test_bigparam.Big.test_huge", "passed")
    check(e["subtests"] and e["subtests"][0]["description"].startswith("(n=<int, unprintable>"),
          "subtests %r" % e["subtests"])


def case_module_errors(root):
    for module, kind, text in (("test_syntax", "syntax", "SyntaxError"),
                               ("test_exit", "exit", "SystemExit: 3"),
                               ("test_kimod", "interrupt", "KeyboardInterrupt"),
                               ("test_import_error", "import", "ModuleNotFoundError")):
        events = run_driver(root, module)
        errors = of_type(events, "module-error")
        check(len(errors) == 1 and errors[0]["kind"] == kind, "%s: module-error %r" % (module, errors))
        check(errors[0]["message"].startswith(text), "%s: message %r" % (module, errors[0]["message"]))
        check(errors[0]["traceback"], "%s: no traceback" % module)
        check(not of_type(events, "collected") and not of_type(events, "test-start"), "%s: tests reported" % module)
        # Formatting the error may import _suggestions (traceback does, for a SyntaxError too on
        # 3.14+), which an isolated interpreter refuses and traceback absorbs: CPython's doing.
        types = [e["type"] for e in events if e.get("extension") != "_suggestions"]
        check(types == ["module-start", "module-error", "module-end"], "%s: events %r" % (module, types))
    events = run_driver(root, "test_skipmod")
    expect(ends(events), "test_skipmod", "skipped", message="whole module skipped")


def case_big_output(root):
    events = run_driver(root, "test_big")
    e = expect(ends(events), "test_big.Big.test_print_10mb", "passed")
    total = 10 * 1024 * 1024
    marker = "\n[subinterp: output truncated, %d more bytes]\n" % (total - OUTPUT_LIMIT)
    check(e["stdout"].startswith("x" * 1023 + "\n") and e["stdout"].endswith(marker),
          "stdout tail %r" % e["stdout"][-80:])
    check(len(e["stdout"]) == OUTPUT_LIMIT + len(marker), "stdout length %d" % len(e["stdout"]))


def case_bytes(root):
    events = run_driver(root, "test_bytes")
    e = expect(ends(events), "test_bytes.Bytes.test_raw_bytes", "passed")
    check(e["stdout"] == "before\n\\xff\\xfe not utf-8\nlone \\udcff surrogate\n", "stdout %r" % e["stdout"])


def case_interrupt(root):
    events = run_driver(root, "test_interrupt")
    r = ends(events)
    expect(r, "test_interrupt.Stop.test_1_exit", "error", message="SystemExit: 5")
    expect(r, "test_interrupt.Stop.test_2_input", "error", contains="EOFError")
    expect(r, "test_interrupt.Stop.test_3_interrupt", "error", message="KeyboardInterrupt")
    expect(r, "test_interrupt.Stop.test_4_after", "not-run", contains="not run")
    errors = of_type(events, "module-error")
    check(len(errors) == 1 and errors[0]["kind"] == "interrupt", "module-error %r" % errors)


def case_unsafe(root):
    if not HAVE_SINGLEPHASE:
        return "skipped: no _testsinglephase in this build"
    events = run_driver(root, "test_unsafe")
    expect(ends(events), "test_unsafe.Unsafe.test_caught_refusal", "passed")
    found = of_type(events, "unsafe-import")
    check(len(found) == 1 and found[0]["extension"] == "_testsinglephase", "unsafe-import %r" % found)
    check(found[0]["error"] == "module _testsinglephase does not support loading in subinterpreters",
          "error %r" % found[0]["error"])
    # A shared-GIL (legacy) interpreter loads it: nothing to report.
    events = run_driver(root, "test_unsafe", mode="legacy")
    expect(ends(events), "test_unsafe.Unsafe.test_caught_refusal", "passed")
    no_unsafe(events)


def case_absorbed(root):
    # pdb tries readline inside try/except: the stdlib's fallback, information only.
    events = run_driver(root, "test_absorbed")
    expect(ends(events), "test_absorbed.Absorbed.test_pdb_tries_readline", "passed")
    no_unsafe(events)
    absorbed = of_type(events, "absorbed-import")
    # 3.12's pdb imports readline itself, 3.13's through rlcompleter: both stdlib.
    check(len(absorbed) == 1 and absorbed[0]["extension"] == "readline" and absorbed[0]["importedBy"] in ("pdb", "rlcompleter"),
          "absorbed-import %r" % absorbed)


def case_traced(root):
    if not HAVE_SINGLEPHASE:
        return "skipped: no _testsinglephase in this build"
    # The test module's own helper imports the refused module: unsafe at once, and the test
    # that fails on the fallback is traced back to it.
    events = run_driver(root, "test_traced")
    expect(ends(events), "test_traced.Traced.test_needs_the_accelerator", "error",
           contains="module 'fallback_user' has no attribute 'CAPI'")
    found = of_type(events, "unsafe-import")
    check([(u["extension"], u["importedBy"], u["broke"]) for u in found] ==
          [("_testsinglephase", "fallback_user", None),
           ("_testsinglephase", "fallback_user", "test_traced.Traced.test_needs_the_accelerator")],
          "unsafe-import %r" % found)


def case_pytest(root):
    if not HAVE_PYTEST:
        return "skipped: pytest not importable"
    events = run_driver(root, "test_pytest_style", engine="pytest")
    ids = collected(events)
    check(ids == ["test_pytest_style.test_fixture", "test_pytest_style.test_param[1]",
                  "test_pytest_style.test_param[2]", "test_pytest_style.test_skip",
                  "test_pytest_style.test_xfail", "test_pytest_style.test_capsys",
                  "test_pytest_style.test_prints", "test_pytest_style.TestGroup.test_member"],
          "collected %r" % ids)
    r = ends(events)
    e = expect(r, "test_pytest_style.test_fixture", "passed")
    check(e["file"] == "test_pytest_style.py" and e["line"] == 7, "file/line %r %r" % (e["file"], e["line"]))
    expect(r, "test_pytest_style.test_param[1]", "passed")
    f = expect(r, "test_pytest_style.test_param[2]", "failed", contains="assert 2 == 1")
    check("def test_param" in f["traceback"], "traceback %r" % f["traceback"])
    expect(r, "test_pytest_style.test_skip", "skipped", message="skipped here")
    expect(r, "test_pytest_style.test_xfail", "xfail")
    c = expect(r, "test_pytest_style.test_capsys", "passed")
    check(c["stdout"] == "", "capsys output leaked: %r" % c["stdout"])
    p = expect(r, "test_pytest_style.test_prints", "passed")
    check(p["stdout"] == "visible output\n", "stdout %r" % p["stdout"])
    expect(r, "test_pytest_style.TestGroup.test_member", "passed")

    events = run_driver(root, "test_basic", engine="pytest")
    r = ends(events)
    expect(r, "test_basic.Basic.test_fail", "failed", contains="AssertionError: 1 != 2")
    expect(r, "test_basic.Basic.test_skip", "skipped", message="not today")
    expect(r, "test_basic.Basic.test_xfail", "xfail")
    expect(r, "test_basic.Basic.test_pass", "passed")

    events = run_driver(root, "pkg.test_rel", engine="pytest")
    e = expect(ends(events), "pkg.test_rel.Rel.test_value", "passed")
    check(e["file"] == "pkg/test_rel.py", "file %r" % e["file"])

    for module, kind in (("test_syntax", "syntax"), ("test_exit", "exit"), ("test_import_error", "import")):
        events = run_driver(root, module, engine="pytest")
        errors = of_type(events, "module-error")
        check(len(errors) == 1 and errors[0]["kind"] == kind, "%s (pytest): module-error %r" % (module, errors))
        check(not of_type(events, "test-start"), "%s (pytest): tests reported" % module)

    events = run_driver(root, "test_big", engine="pytest")
    e = expect(ends(events), "test_big.Big.test_print_10mb", "passed")
    check("[subinterp: output truncated," in e["stdout"], "pytest output not capped")
    # Selection: a parametrised test by its base id, a class by its id; the rest deselected.
    events = run_driver(root, "test_pytest_style", engine="pytest",
                        select=["test_pytest_style.test_param", "test_pytest_style.TestGroup"])
    check(collected(events) == ["test_pytest_style.test_param[1]", "test_pytest_style.test_param[2]",
                                "test_pytest_style.TestGroup.test_member"], "pytest selection %r" % collected(events))
    check(len(ends(events)) == 3, "pytest selection ran %r" % sorted(ends(events)))
    events = run_driver(root, "test_pytest_style", engine="pytest", select=["test_pytest_style.test_nope"])
    errors = of_type(events, "module-error")
    check(len(errors) == 1 and errors[0]["kind"] == "selection", "pytest unknown selection %r" % errors)
    check(not of_type(events, "test-start"), "pytest ran tests despite an unknown selection")
    events = run_driver(root, "test_pytest_style", engine="pytest", collectOnly=True)
    found = of_type(events, "collected")
    check(len(found) == 1 and len(found[0]["tests"]) == 8 and not of_type(events, "test-start"), "pytest listing %r" % found)
    check(dict(zip(found[0]["tests"], found[0]["locations"]))["test_pytest_style.test_fixture"] == {"file": "test_pytest_style.py", "line": 7},
          "pytest listing locations %r" % found[0]["locations"])


def case_bad_args(root):
    # Nothing may escape run(), whatever it is given.
    events = run_raw("bad json", lambda fd: "{not json")
    check(events == [], "bad json: events %r" % events)
    events = run_raw("no module", lambda fd: json.dumps(boot({"engine": "unittest"}, fd)))
    check([e["type"] for e in events] == ["module-error", "module-end"], "no module: events %r" % events)
    check(events[0]["kind"] == "driver", "no module: %r" % events[0])


def case_plain_process(root):
    # --compare-process: the same bootstrap as a plain process's -c, its events into a file.
    events_path = os.path.join(root, "process-events.jsonl")
    code = bootstrap_code(json.dumps(boot(driver_args(root, "test_basic"), None, events=events_path, process=True)))
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", code], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    check(process.returncode == 0, "plain process exited %s: %s" % (process.returncode, err.decode("utf-8", "replace")[-2000:]))
    with open(events_path, "rb") as f:
        events = [json.loads(line) for line in f.read().splitlines()]
    check_invariants("test_basic", events, "unittest", pid=process.pid)
    r = ends(events)
    expect(r, "test_basic.Basic.test_fail", "failed", message="AssertionError: 1 != 2")
    ok = expect(r, "test_basic.Basic.test_pass", "passed")
    check(ok["stdout"] == "hello from test_pass\n", "stdout %r" % ok["stdout"])
    check(b"hello from test_pass" not in out, "test output reached the process's stdout")


def run_hooked(root, broken_hook=None):
    """test_hooked with the worker's hooks stood in for: (events, [(hook, argument)])."""
    read_fd, write_fd = os.pipe()
    try:
        events = run_driver(root, "test_hooked", hooks_fd=write_fd, broken_hook=broken_hook)
    finally:
        os.close(write_fd)
    with open(read_fd, "rb", closefd=True) as pipe:
        calls = [tuple(line.split("\t", 1)) for line in pipe.read().decode("utf-8").splitlines()]
    return events, calls


def case_hooks(root):
    # Every hook the driver installs, called by CPython with its real arguments, reaches the
    # worker's functions with theirs, and none fails (check_invariants fails on hook-failed).
    events, calls = run_hooked(root)
    expect(ends(events), "test_hooked.Hooked.test_touches_what_the_audit_hook_watches", "passed")
    # A note is "touch<TAB>whose<TAB>where<TAB>scope<TAB>value<TAB>function" (Leaks/TouchNote.cs).
    fields = [argument.split("\t") for hook, argument in calls if hook == "note"]
    check(all(len(note) == 6 for note in fields), "audit hook: a note without its six fields among %r" % fields)
    notes = {note[0] for note in fields}
    core = "rlimit:%d" % __import__("resource").RLIMIT_CORE
    for touch in ("environ:SUBINTERP_SELFCHECK_HOOKED", "cwd", core,
                  "open:" + os.path.realpath(os.path.join(root, "test_hooked.py"))):
        check(touch in notes, "audit hook: no note %r among %r" % (touch, sorted(notes)))
    inits = [argument.split("\t") for hook, argument in calls if hook == "end"]
    check(any(init[0] == "array" and init[1] == "stdlib" and init[2].split(">")[-1] == "array" for init in inits),
          "init calls: no end('array\\tstdlib\\t...>array') among %r" % inits)
    check(sum(hook == "begin" for hook, _ in calls) == len(inits), "init calls: begin/end unpaired in %r" % calls)
    steps = [argument for hook, argument in calls if hook == "begin"]
    check(all(step.split(" ", 1)[0] in ("create_module", "exec_module") for step in steps),
          "init calls: begin's step is not 'create_module NAME' or 'exec_module NAME' in %r" % steps)
    # Some exec step is read apart from its create step (Debian builds array into libpython: no
    # exec step of an extension file there, so which module's is not fixed).
    check(any(step.startswith("exec_module ") for step in steps), "init calls: no begin('exec_module NAME') among %r" % steps)
    # A hook that fails is said once, and the tests run on as if nothing happened.
    for broken, hook in (("note", "audit"), ("begin", "extension init begin"), ("end", "extension init end")):
        events, _ = run_hooked(root, broken_hook=broken)
        failures = of_type(events, "hook-failed")
        check(len(failures) == 1 and failures[0]["hook"] == hook and "broke on purpose" in failures[0]["message"],
              "broken %s: hook-failed events %r" % (broken, failures))
        expect(ends(events), "test_hooked.Hooked.test_touches_what_the_audit_hook_watches", "passed")


def case_concurrent(root):
    # The worker runs one interpreter per slot thread at the same time.
    modules = ["test_basic", "test_plain", "test_fixture", "pkg.test_rel"] * 2
    results, failures = {}, []

    def one(index, module):
        try:
            results[index] = run_driver(root, module)
        except BaseException as exc:  # reported below, on the main thread
            failures.append("%s: %s" % (module, exc))

    threads = [threading.Thread(target=one, args=(i, m)) for i, m in enumerate(modules)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(not failures, "; ".join(failures))
    for index, module in enumerate(modules):
        check(of_type(results[index], "collected"), "%s: nothing collected" % module)


CASES = [case_bad_args, case_basic, case_fixtures, case_package, case_plain, case_select, case_collect_only,
         case_pattern, case_unprintable_subtest, case_module_errors,
         case_big_output, case_bytes, case_interrupt, case_unsafe, case_absorbed, case_traced, case_hooks, case_concurrent,
         case_plain_process,
         case_pytest]


def write_modules(root):
    for rel, text in MODULES.items():
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text).lstrip("\n"))


# CPython 3.12 runs a single-phase extension's init function inside the
# isolated subinterpreter before refusing it; for some modules the state left
# behind corrupts the heap and the *next* interpreter crashes the process
# (fixed in 3.13 by gh-117953, which runs the init in the main interpreter
# first). Loading them in the main interpreter beforehand avoids it, which is
# what the worker has to do on 3.12 too. pytest imports datetime and decimal.
PRELOAD_312 = ("_datetime", "_decimal", "_testsinglephase")


def preload():
    if sys.version_info[:2] != (3, 12):
        return []
    loaded = []
    for name in PRELOAD_312:
        try:
            __import__(name)
            loaded.append(name)
        except ImportError:
            pass
    return loaded


def main():
    loaded = preload()
    if loaded:
        print("note: preloaded %s in the main interpreter (CPython 3.12 crash, see PRELOAD_312)"
              % ", ".join(loaded))
    root = tempfile.mkdtemp(prefix="subinterp-selfcheck-")
    passed = failed = 0
    try:
        write_modules(root)
        for case in CASES:
            name = case.__name__[len("case_"):]
            try:
                note = case(root)
            except CheckFailed as exc:
                failed += 1
                print("FAIL %s: %s" % (name, exc))
            else:
                passed += 1
                print("ok   %s%s" % (name, " (%s)" % note if note else ""))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("Python %s, %s" % (sys.version.split()[0], _interp.__name__))
    print("selfcheck: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
