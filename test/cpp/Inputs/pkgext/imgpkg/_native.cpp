#include <pybind11/pybind11.h>

namespace py = pybind11;

static double smooth(int n) {
  double acc = 0;
  for (int i = 0; i < n; ++i) acc += (i % 7) * 0.5;
  return acc;
}

PYBIND11_MODULE(_native, m) {
  m.def("smooth", &smooth);
  m.def("smooth_released", &smooth, py::call_guard<py::gil_scoped_release>());
}
