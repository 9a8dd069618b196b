/*
 * _setup_speedups: the C accelerator of setup_pkg, written the way PEP 684 asks: multi-phase
 * init, no static state, and it declares per-interpreter GIL support. Every module of the suite
 * imports it (through setup_pkg); nothing about it is a finding. The worker probes it across two
 * live interpreters once, finds nothing, and does not probe it again for every module.
 */
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

static PyMethodDef methods[] = {
    {"scale", scale, METH_VARARGS, "value times factor"},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_setup_speedups", NULL, 0, methods, slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__setup_speedups(void)
{
    return PyModuleDef_Init(&module);
}
