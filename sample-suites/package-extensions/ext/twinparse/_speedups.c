/*
 * twinparse._speedups: one of the two C accelerators inside the `twinparse` package, written the
 * pre-PEP 489 way (single-phase init, a static type), as simplejson's `simplejson._speedups` was.
 * Its name is dotted: CPython 3.12 refuses it in an isolated subinterpreter with its short name
 * ("module _speedups does not support loading in subinterpreters"), 3.13 with the dotted one.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
} EncoderObject;

static PyTypeObject EncoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "twinparse._speedups.Encoder",
    .tp_basicsize = sizeof(EncoderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_doc = "A statically allocated type: one object for the whole process.",
};

/* Quotes a str the way the pure-Python fallback does. */
static PyObject *
quote(PyObject *module, PyObject *arg)
{
    return PyUnicode_FromFormat("\"%U\"", arg);
}

static PyMethodDef methods[] = {
    {"quote", quote, METH_O, "Quotes a str."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "twinparse._speedups",
    .m_doc = "Single-phase init with static state (not safe in subinterpreters).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    if (PyType_Ready(&EncoderType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "Encoder", (PyObject *)&EncoderType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
