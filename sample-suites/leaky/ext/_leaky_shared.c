/*
 * _leaky_shared: a multi-phase extension module that declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED
 * but caches one Python object in a C static and hands that same object to every interpreter
 * as `TABLE`: the classic way an extension shares state between interpreters by accident.
 *
 * (The object is a 4 KiB bytes: CPython allocates objects that large with the system malloc,
 * not with the first interpreter's own allocator, so it survives that interpreter. A small
 * object would be freed memory in the next interpreter: a crash, not a leak report.)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *table = NULL;

static int
exec_module(PyObject *module)
{
    if (table == NULL) {
        table = PyBytes_FromStringAndSize(NULL, 4096);
        if (table == NULL) {
            return -1;
        }
        memset(PyBytes_AS_STRING(table), 0, 4096);
    }
    return PyModule_AddObjectRef(module, "TABLE", table);
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_leaky_shared",
    .m_doc = "Shares one object between interpreters (a bug, on purpose).",
    .m_size = 0,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__leaky_shared(void)
{
    return PyModuleDef_Init(&module_def);
}
