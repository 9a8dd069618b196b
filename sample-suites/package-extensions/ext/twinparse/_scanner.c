/*
 * twinparse._scanner: the second C accelerator inside the `twinparse` package, single-phase like
 * the first. An isolated subinterpreter refuses it too; twinparse falls back to Python for both.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Splits a str on commas, as the pure-Python fallback does. */
static PyObject *
scan(PyObject *module, PyObject *arg)
{
    PyObject *comma = PyUnicode_FromString(",");
    if (comma == NULL) {
        return NULL;
    }
    PyObject *parts = PyUnicode_Split(arg, comma, -1);
    Py_DECREF(comma);
    return parts;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_O, "Splits a str on commas."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "twinparse._scanner",
    .m_doc = "Single-phase init (not safe in subinterpreters).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__scanner(void)
{
    return PyModule_Create(&module_def);
}
