/*
 * _leaky_native: a multi-phase extension module that declares Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
 * so isolated subinterpreters load it, and then leaks in the ways C code can:
 *   start_thread()      starts a native thread that never ends            (thread)
 *   leak_memory(n)      mallocs n bytes and forgets them, each call       (memory, per lifecycle)
 *   bump()              increments a static counter that every new
 *                       interpreter publishes as the module's `bumps`     (carry-over)
 * and their well-behaved twins for the clean modules: run_thread() joins its thread,
 * use_memory(n) frees what it allocated. Reading `bumps` changes nothing.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* The lie: a static counter in a module that claims per-interpreter state. */
static long bumps = 0;

static void *
sleep_forever(void *unused)
{
    for (;;) {
        pause();
    }
    return NULL;
}

static void *
return_at_once(void *unused)
{
    return NULL;
}

/* Starts a native thread; 0, or -1 with an OSError set. */
static int
spawn(void *(*routine)(void *), pthread_t *thread)
{
    int rc = pthread_create(thread, NULL, routine, NULL);
    if (rc != 0) {
        errno = rc;
        PyErr_SetFromErrno(PyExc_OSError);
        return -1;
    }
    return 0;
}

static PyObject *
start_thread(PyObject *module, PyObject *unused)
{
    pthread_t thread;
    if (spawn(sleep_forever, &thread) < 0) {
        return NULL;
    }
    pthread_setname_np(thread, "leaky-native");
    pthread_detach(thread);
    Py_RETURN_NONE;
}

static PyObject *
run_thread(PyObject *module, PyObject *unused)
{
    pthread_t thread;
    if (spawn(return_at_once, &thread) < 0) {
        return NULL;
    }
    pthread_join(thread, NULL);
    Py_RETURN_NONE;
}

static void *
touch(Py_ssize_t size)
{
    char *block = malloc((size_t)size);
    if (block != NULL) {
        memset(block, 0x5a, (size_t)size); /* resident, not just reserved */
    }
    return block;
}

/* Where each leaked block's address goes: a block whose address nobody keeps is one GCC 16 at -O2
 * removes altogether (malloc, memset and all), and the leak with it. Only the last address is
 * kept; the earlier blocks stay allocated all the same. */
static void *volatile last_leaked;

static PyObject *
leak_memory(PyObject *module, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    if (size < 0 && PyErr_Occurred()) {
        return NULL;
    }
    void *block = touch(size);
    if (block == NULL) {
        return PyErr_NoMemory();
    }
    last_leaked = block; /* the block is never freed */
    Py_RETURN_NONE;
}

static PyObject *
use_memory(PyObject *module, PyObject *arg)
{
    Py_ssize_t size = PyLong_AsSsize_t(arg);
    if (size < 0 && PyErr_Occurred()) {
        return NULL;
    }
    void *block = touch(size);
    if (block == NULL) {
        return PyErr_NoMemory();
    }
    free(block);
    Py_RETURN_NONE;
}

static PyObject *
bump(PyObject *module, PyObject *unused)
{
    bumps++;
    PyObject *value = PyLong_FromLong(bumps);
    if (value == NULL || PyObject_SetAttrString(module, "bumps", value) < 0) {
        Py_XDECREF(value);
        return NULL;
    }
    return value;
}

static int
exec_module(PyObject *module)
{
    return PyModule_AddIntConstant(module, "bumps", bumps);
}

static PyMethodDef methods[] = {
    {"start_thread", start_thread, METH_NOARGS, "Starts a native thread that never ends."},
    {"run_thread", run_thread, METH_NOARGS, "Starts a native thread and joins it."},
    {"leak_memory", leak_memory, METH_O, "Allocates n bytes and never frees them."},
    {"use_memory", use_memory, METH_O, "Allocates n bytes and frees them."},
    {"bump", bump, METH_NOARGS, "Increments the process-wide counter published as `bumps`."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
    {0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_leaky_native",
    .m_doc = "Native leaks for the leaky sample suite.",
    .m_size = 0,
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit__leaky_native(void)
{
    return PyModuleDef_Init(&module_def);
}
