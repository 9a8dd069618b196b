/*
 * _unsafe_counter: a single-phase extension module, the way most C extensions were written
 * before PEP 489. Its state is process-wide C statics: one counter and one statically
 * allocated type, shared by every interpreter that loads the module.
 *
 * An isolated subinterpreter refuses it ("does not support loading in subinterpreters").
 * A legacy (shared-GIL) subinterpreter loads it, and then:
 *   - the Counter type and the module's functions are the same objects in every interpreter
 *     (CPython copies a single-phase module's dict from the first interpreter that loaded it);
 *   - increment() changes Counter.count for every interpreter, including ones created later.
 * It also exports a C API capsule (_C_API), the way _datetime exports datetime_CAPI: code that
 * needs it breaks when a pure-Python fallback stands in for the refused module.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static long counter = 0;

typedef struct {
    PyObject_HEAD
} CounterObject;

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_unsafe_counter.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_doc = "A statically allocated type: one object for the whole process.",
};

/* Publishes the C counter as Counter.count, so that its value is visible from Python. */
static int
publish_count(void)
{
    PyObject *value = PyLong_FromLong(counter);
    if (value == NULL) {
        return -1;
    }
    int rc = PyDict_SetItemString(CounterType.tp_dict, "count", value);
    Py_DECREF(value);
    PyType_Modified(&CounterType);
    return rc;
}

static PyObject *
increment(PyObject *module, PyObject *unused)
{
    counter++;
    if (publish_count() < 0) {
        return NULL;
    }
    return PyLong_FromLong(counter);
}

static PyObject *
value(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(counter);
}

static PyMethodDef methods[] = {
    {"increment", increment, METH_NOARGS, "Adds one to the process-wide counter and returns it."},
    {"value", value, METH_NOARGS, "The process-wide counter."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_unsafe_counter",
    .m_doc = "Single-phase init with static state (not safe in subinterpreters).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__unsafe_counter(void)
{
    if (PyType_Ready(&CounterType) < 0) {
        return NULL;
    }
    if (publish_count() < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "Counter", (PyObject *)&CounterType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(&counter, "_unsafe_counter._C_API", NULL);
    int rc = capsule == NULL ? -1 : PyModule_AddObjectRef(module, "_C_API", capsule);
    Py_XDECREF(capsule);
    if (rc < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
