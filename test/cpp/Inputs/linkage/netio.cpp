// A pybind11 module that waits on the network with the GIL released (no BW502): Python code
// that calls it once per item in a loop gets the BW601 advice, as for a Python blocking call.
#include <pybind11/pybind11.h>
#include <sys/socket.h>

#include <string>

namespace py = pybind11;

static std::string read_frame(int fd) {
  char buf[4096];
  ssize_t n;
  {
    py::gil_scoped_release release;
    n = recv(fd, buf, sizeof buf, 0);
  }
  return std::string(buf, n > 0 ? size_t(n) : 0);
}

PYBIND11_MODULE(netio, m) { m.def("read_frame", &read_frame); }
