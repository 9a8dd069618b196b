/*
 * _causes_native: a multi-phase extension module that declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
 * so isolated subinterpreters load it; start_thread() starts a native thread that never ends.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <unistd.h>

static void *
sleep_forever(void *unused)
{
    for (;;) {
        pause();
    }
    return NULL;
}

static PyObject *
start_thread(PyObject *module, PyObject *unused)
{
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, sleep_forever, NULL);
    if (rc != 0) {
        errno = rc;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    pthread_setname_np(thread, "causes-native");
    pthread_detach(thread);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"start_thread", start_thread, METH_NOARGS, "Start a native thread that never ends."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_causes_native", NULL, 0, methods, slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__causes_native(void)
{
    return PyModuleDef_Init(&module);
}
