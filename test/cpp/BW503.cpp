// BW503 python-api-without-gil: Python C API or pybind11 object use where the GIL is released.
//
// RUN: %boundwise check --select BW503 --exit-zero %s -- %cxxflags \
// RUN:   | %FileCheck %s --implicit-check-not="[BW"
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace py = pybind11;

static py::list squares(int n) {
  py::gil_scoped_release release;
  py::list out;
  // CHECK-DAG: BW503.cpp:[[@LINE-1]]:12: error: `pybind11::list` uses the Python API while the GIL is released{{.*}}[BW503]
  for (int i = 0; i < n; ++i) out.append(i * i);
  // CHECK-DAG: BW503.cpp:[[@LINE-1]]:31: error: `out.append` uses the Python API while the GIL is released{{.*}}[BW503]
  return out;
}

static PyObject *capi_build(long n) {
  PyObject *result;
  Py_BEGIN_ALLOW_THREADS
  result = PyLong_FromLong(n);
  // CHECK-DAG: BW503.cpp:[[@LINE-1]]:12: error: `PyLong_FromLong` uses the Python API while the GIL is released{{.*}}[BW503]
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(n + 1);  // the GIL is back: fine
}

// Bound with a call_guard: the whole body runs without the GIL.
static void log_progress(int done) {
  py::print("done", done);
  // CHECK-DAG: BW503.cpp:[[@LINE-1]]:3: error: `py::print` uses the Python API while the GIL is released{{.*}}[BW503]
}

static void notify(py::object callback) { callback(); }

static void run_and_notify(py::object callback) {
  py::gil_scoped_release release;
  notify(callback);
  // CHECK-DAG: BW503.cpp:[[@LINE-1]]:3: error: `notify` uses the Python API (`callback` at {{.*}}BW503.cpp:[[@LINE-5]]){{.*}}[BW503]
}

// Quiet: buffer views without the GIL, the GIL taken back, Python work after the scope.
static double sum(py::array_t<double> values) {
  auto view = values.unchecked<1>();
  const double *raw = values.data();
  double acc = 0;
  {
    py::gil_scoped_release release;
    for (py::ssize_t i = 0; i < view.shape(0); ++i) acc += view(i) + raw[0];
    {
      py::gil_scoped_acquire acquire;
      py::print("halfway");
    }
  }
  py::print("sum", acc);
  return acc;
}

static PyObject *ensure_state(long n) {
  PyObject *r;
  Py_BEGIN_ALLOW_THREADS
  PyGILState_STATE st = PyGILState_Ensure();
  r = PyLong_FromLong(n);
  PyGILState_Release(st);
  Py_END_ALLOW_THREADS
  return r;
}

PYBIND11_MODULE(bw503, m) {
  m.def("squares", &squares);
  m.def("log_progress", &log_progress, py::call_guard<py::gil_scoped_release>());
  m.def("run_and_notify", &run_and_notify);
  m.def("sum", &sum);
  m.def("capi_build", [](long n) { return py::reinterpret_steal<py::object>(capi_build(n)); });
  m.def("ensure_state", [](long n) { return py::reinterpret_steal<py::object>(ensure_state(n)); });
}
