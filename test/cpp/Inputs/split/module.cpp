// The bindings; the functions are defined in kernels.cpp.
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace kernels {
double convolve(long n);
double convolve_fast(long n);
}  // namespace kernels

PYBIND11_MODULE(split, m) {
  m.def("convolve", &kernels::convolve);
  m.def("convolve_fast", &kernels::convolve_fast, py::call_guard<py::gil_scoped_release>());
}
