/* A C-API module: `crunch` keeps the GIL, `crunch_released` lets it go around the loop. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static double crunch_loop(long n) {
  double acc = 0;
  for (long i = 0; i < n; ++i) acc += (double)(i % 13) * 0.5;
  return acc;
}

static PyObject *crunch(PyObject *self, PyObject *args) {
  long n;
  if (!PyArg_ParseTuple(args, "l", &n)) return NULL;
  return PyFloat_FromDouble(crunch_loop(n));
}

static PyObject *crunch_released(PyObject *self, PyObject *args) {
  long n;
  double r;
  if (!PyArg_ParseTuple(args, "l", &n)) return NULL;
  Py_BEGIN_ALLOW_THREADS
  r = crunch_loop(n);
  Py_END_ALLOW_THREADS
  return PyFloat_FromDouble(r);
}

static PyMethodDef methods[] = {
    {"crunch", crunch, METH_VARARGS, NULL},
    {"crunch_released", crunch_released, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cmod", NULL, -1, methods};

PyMODINIT_FUNC PyInit_cmod(void) { return PyModule_Create(&module); }
