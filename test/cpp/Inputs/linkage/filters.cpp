// A pybind11 module: one function holds the GIL, one releases it.
#include <pybind11/pybind11.h>

namespace py = pybind11;

static double box_blur(long n) {
  double acc = 0;
  for (long i = 0; i < n; ++i) {
    acc += (i % 9) * 0.111;
  }
  return acc;
}

PYBIND11_MODULE(filters, m) {
  m.def("blur", &box_blur);
  m.def("blur_nogil", &box_blur, py::call_guard<py::gil_scoped_release>());
  m.def("scale", [](long n) { return box_blur(n) * 2; });
}
