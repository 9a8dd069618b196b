/*
 * _causes_hooks: a library that, like many, sets up process-wide things as it initialises: its
 * exec slot installs a SIGUSR2 handler and exports CAUSES_HOOKS_READY=1. Every interpreter that
 * imports it does so again (with the same result). That is the library's doing, not the doing of
 * the test module that imports it: Subinterp reports it once as _causes_hooks's effect, and since
 * the library is not part of the stdlib, it is code under test and fails the run by default.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static void
on_usr2(int signal)
{
    (void)signal;
}

static int
exec_hooks(PyObject *module)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_usr2;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGUSR2, &action, NULL) != 0) {
        PyErr_SetFromErrno(PyExc_OSError);
        return -1;
    }
    if (setenv("CAUSES_HOOKS_READY", "1", 1) != 0) {
        PyErr_SetFromErrno(PyExc_OSError);
        return -1;
    }
    return PyModule_AddIntConstant(module, "ready", 1);
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_hooks},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_causes_hooks", NULL, 0, NULL, slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__causes_hooks(void)
{
    return PyModuleDef_Init(&module);
}
