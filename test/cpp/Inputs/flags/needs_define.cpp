// Compiles only with the project's flags (-DBW_FLAGS_OK and python3's include directory).
#include <unistd.h>
#ifndef BW_FLAGS_OK
#error "BW_FLAGS_OK is not defined: this file needs the project's flags"
#endif
#include <pybind11/pybind11.h>

static void nap() { sleep(1); }

PYBIND11_MODULE(needs_define, m) { m.def("nap", &nap); }
