#include <pybind11/pybind11.h>

#include "kernels.h"

PYBIND11_MODULE(hdr, m) { m.def("sharpen", &kernels::sharpen); }
