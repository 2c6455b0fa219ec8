/* An extension module with single-phase initialisation (PyModule_Create in PyInit_), as many
 * older C extensions and every pybind11 module before 2.13 are: CPython refuses to load it in
 * a sub-interpreter with its own GIL (ImportError). */
#include <Python.h>

static PyObject *twice(PyObject *self, PyObject *arg) {
  long v = PyLong_AsLong(arg);
  if (v == -1 && PyErr_Occurred()) return NULL;
  return PyLong_FromLong(2 * v);
}

static PyMethodDef methods[] = {{"twice", twice, METH_O, "2 * n"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "singlephase", NULL, -1, methods};

PyMODINIT_FUNC PyInit_singlephase(void) { return PyModule_Create(&module); }
