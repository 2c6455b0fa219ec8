// BW504 extension-not-free-threading-ready: only when targeting a free-threaded build.
//
// RUN: %boundwise check --select BW504 --python-version 3.13 --free-threaded --exit-zero %s -- %cxxflags \
// RUN:   | %FileCheck %s --implicit-check-not="[BW"
//
// Not targeting a free-threaded build: nothing.
// RUN: %boundwise check --select BW504 --python-version 3.13 --exit-zero %s -- %cxxflags \
// RUN:   | %FileCheck %s --check-prefix=GIL --implicit-check-not="[BW"
// GIL: Found 0 findings
//
// A C-API module that declares Py_MOD_GIL_NOT_USED (under #ifdef: 3.11 headers lack the slot) is ready.
// RUN: %boundwise check --select BW504 --python-version 3.13 --free-threaded --exit-zero \
// RUN:   %S/Inputs/ft_ready.c %S/Inputs/ft_not_ready.c -- %python_includes \
// RUN:   | %FileCheck %s --check-prefix=CAPI --implicit-check-not="[BW"
// CAPI: ft_not_ready.c:{{[0-9]+}}:1: warning: extension module `ft_not_ready` does not declare{{.*}}[BW504]
// CAPI: help: {{.*}}Py_mod_gil, Py_MOD_GIL_NOT_USED
#include <pybind11/pybind11.h>

namespace py = pybind11;

static int add(int a, int b) { return a + b; }

PYBIND11_MODULE(bw504, m) {
  // CHECK: BW504.cpp:[[@LINE-1]]:1: warning: extension module `bw504` does not declare that it runs without the GIL{{.*}}[BW504]
  // CHECK: help: PYBIND11_MODULE(bw504, m, py::mod_gil_not_used())
  m.def("add", &add);
}
