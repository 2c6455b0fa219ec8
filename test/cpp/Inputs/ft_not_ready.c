#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ping(PyObject *self, PyObject *args) { Py_RETURN_NONE; }

static PyMethodDef methods[] = {{"ping", ping, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "ft_not_ready", NULL, -1, methods};

PyMODINIT_FUNC PyInit_ft_not_ready(void) { return PyModule_Create(&module); }
