/* BW501 for a C-API module: PyMethodDef functions always run with the GIL held; the finding
   is on the heavy loop, where Py_BEGIN_ALLOW_THREADS goes.

   RUN: %boundwise check --select BW501 --exit-zero %s -- %python_includes \
   RUN:   | %FileCheck %s --implicit-check-not="[BW"
*/
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
  double r = crunch_loop(n);
  // CHECK: BW501_capi.c:[[@LINE-1]]:14: warning: `cmod.crunch` (crunch) does heavy CPU work with the GIL held{{.*}}[BW501]
  return PyFloat_FromDouble(r);
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
    {"crunch", crunch, METH_VARARGS, "holds the GIL"},
    {"crunch_released", crunch_released, METH_VARARGS, "releases it"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cmod", NULL, -1, methods};

PyMODINIT_FUNC PyInit_cmod(void) { return PyModule_Create(&module); }
