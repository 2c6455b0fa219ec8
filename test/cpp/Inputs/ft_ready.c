#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ping(PyObject *self, PyObject *args) { Py_RETURN_NONE; }

static PyMethodDef methods[] = {{"ping", ping, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static PyModuleDef_Slot slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "ft_ready", NULL, 0, methods, slots};

PyMODINIT_FUNC PyInit_ft_ready(void) { return PyModuleDef_Init(&module); }
