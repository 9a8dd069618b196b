/*
 * _safe_counter: the same counter written for subinterpreters (PEP 489 multi-phase init,
 * PEP 573 module state, PEP 630 heap types). Every interpreter that imports it gets its own
 * module object, its own Counter type and its own count, so it declares
 * Py_MOD_PER_INTERPRETER_GIL_SUPPORTED and an isolated subinterpreter loads it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long counter;
    PyObject *counter_type;
} module_state;

static module_state *
state_of(PyObject *module)
{
    return (module_state *)PyModule_GetState(module);
}

static PyType_Slot counter_slots[] = {
    {Py_tp_doc, "A heap type: one per module object, so one per interpreter."},
    {0, NULL},
};

static PyType_Spec counter_spec = {
    .name = "_safe_counter.Counter",
    .basicsize = sizeof(PyObject),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = counter_slots,
};

static int
publish_count(module_state *state)
{
    PyObject *value = PyLong_FromLong(state->counter);
    if (value == NULL) {
        return -1;
    }
    int rc = PyObject_SetAttrString(state->counter_type, "count", value);
    Py_DECREF(value);
    return rc;
}

static PyObject *
increment(PyObject *module, PyObject *unused)
{
    module_state *state = state_of(module);
    state->counter++;
    if (publish_count(state) < 0) {
        return NULL;
    }
    return PyLong_FromLong(state->counter);
}

static PyObject *
value(PyObject *module, PyObject *unused)
{
    return PyLong_FromLong(state_of(module)->counter);
}

static int
exec_module(PyObject *module)
{
    module_state *state = state_of(module);
    state->counter = 0;
    state->counter_type = PyType_FromModuleAndSpec(module, &counter_spec, NULL);
    if (state->counter_type == NULL) {
        return -1;
    }
    if (publish_count(state) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Counter", state->counter_type);
}

static int
traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(state_of(module)->counter_type);
    return 0;
}

static int
clear(PyObject *module)
{
    Py_CLEAR(state_of(module)->counter_type);
    return 0;
}

static void
free_module(void *module)
{
    clear((PyObject *)module);
}

static PyMethodDef methods[] = {
    {"increment", increment, METH_NOARGS, "Adds one to this interpreter's counter and returns it."},
    {"value", value, METH_NOARGS, "This interpreter's counter."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_safe_counter",
    .m_doc = "Multi-phase init with per-module state (safe in isolated subinterpreters).",
    .m_size = sizeof(module_state),
    .m_methods = methods,
    .m_slots = slots,
    .m_traverse = traverse,
    .m_clear = clear,
    .m_free = free_module,
};

PyMODINIT_FUNC
PyInit__safe_counter(void)
{
    return PyModuleDef_Init(&module_def);
}
