/*
 * _crash_second_interpreter: an extension module that keeps a process-wide pointer to the first
 * interpreter that imported it and aborts the process when another interpreter executes it. It
 * declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, so every kind of subinterpreter loads it: the
 * matrix must report a crash, and its standalone reproducer must reproduce it (SIGABRT) without
 * Subinterp. A deterministic stand-in for the real thing (state cached per process, reused by the
 * next interpreter).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

static PyInterpreterState *first_interpreter = NULL;

static int
exec_module(PyObject *module)
{
    PyInterpreterState *current = PyInterpreterState_Get();
    if (first_interpreter != NULL && first_interpreter != current) {
        abort();
    }
    first_interpreter = current;
    return PyModule_AddIntConstant(module, "answer", 42);
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_crash_second_interpreter",
    .m_doc = "Aborts the process when a second interpreter executes it.",
    .m_size = 0,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__crash_second_interpreter(void)
{
    return PyModuleDef_Init(&module_def);
}
