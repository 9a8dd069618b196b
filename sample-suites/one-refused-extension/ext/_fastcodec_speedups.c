/*
 * _fastcodec_speedups: the C accelerator of the pure-Python `fastcodec` package, written the
 * pre-PEP 489 way (single-phase init, a static type, a process-wide call counter), like many
 * popular libraries' speedups modules (simplejson._speedups, for one).
 *
 * An isolated subinterpreter refuses it; fastcodec catches the ImportError and runs its
 * pure-Python code instead, so every test module that uses fastcodec runs on the fallback.
 * A legacy (shared-GIL) interpreter loads it, and its type, functions and counter are then
 * shared by every interpreter of the process.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static long calls = 0;

typedef struct {
    PyObject_HEAD
} EncoderObject;

static PyTypeObject EncoderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_fastcodec_speedups.Encoder",
    .tp_basicsize = sizeof(EncoderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_doc = "A statically allocated type: one object for the whole process.",
};

/* hex-encodes bytes: the work the pure-Python fallback does too. */
static PyObject *
encode(PyObject *module, PyObject *arg)
{
    calls++;
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    static const char digits[] = "0123456789abcdef";
    PyObject *result = PyUnicode_New(view.len * 2, 127);
    if (result != NULL) {
        const unsigned char *in = view.buf;
        for (Py_ssize_t i = 0; i < view.len; i++) {
            PyUnicode_WRITE(PyUnicode_1BYTE_KIND, PyUnicode_DATA(result), 2 * i, digits[in[i] >> 4]);
            PyUnicode_WRITE(PyUnicode_1BYTE_KIND, PyUnicode_DATA(result), 2 * i + 1, digits[in[i] & 15]);
        }
    }
    PyBuffer_Release(&view);
    return result;
}

static PyObject *
call_count(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(calls);
}

static PyMethodDef methods[] = {
    {"encode", encode, METH_O, "Hex-encodes a bytes-like object."},
    {"call_count", call_count, METH_NOARGS, "How often encode() ran in this process."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fastcodec_speedups",
    .m_doc = "Single-phase init with static state (not safe in subinterpreters).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__fastcodec_speedups(void)
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
