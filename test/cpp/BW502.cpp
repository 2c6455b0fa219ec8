// BW502 native-blocking-call-holds-gil: a Python-visible function that blocks with the GIL
// held. Reported on the blocking call (or the call of the helper that blocks).
//
// RUN: %boundwise check --select BW502 --exit-zero %s -- %cxxflags \
// RUN:   | %FileCheck %s --implicit-check-not="[BW"
//
// The suppressed call is a real finding: with the comment removed it fires.
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|// NOLINT(BW502)||' %s > %t/BW502.cpp
// RUN: %boundwise check --select BW502 --exit-zero %t/BW502.cpp -- %cxxflags \
// RUN:   | %FileCheck %s --check-prefix=UNSUP
#include <pybind11/pybind11.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

namespace py = pybind11;

static std::string read_fd(int fd) {
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof buf);
  // CHECK-DAG: BW502.cpp:[[@LINE-1]]:15: warning: `::read` blocks (io:disk) with the GIL held, in `bw502.read_fd`{{.*}}[BW502]
  return std::string(buf, n > 0 ? size_t(n) : 0);
}

static void nap(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  // CHECK-DAG: BW502.cpp:[[@LINE-1]]:3: warning: `std::this_thread::sleep_for` blocks (io:sleep) with the GIL held{{.*}}[BW502]
}

static std::string slurp_helper(const std::string &path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

static std::string first_line(const std::string &path) {
  return slurp_helper(path);
  // CHECK-DAG: BW502.cpp:[[@LINE-1]]:10: warning: `slurp_helper` blocks (io:disk) with the GIL held, in `bw502.first_line`{{.*}}[BW502]
}

static std::mutex mu;
static std::condition_variable cv;
static bool ready = false;

static void wait_ready() {
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [] { return ready; });
  // CHECK-DAG: BW502.cpp:[[@LINE-1]]:3: warning: `cv.wait` blocks (io:ipc) with the GIL held{{.*}}[BW502]
}

// Quiet: the GIL is released around the wait, or for the whole call.
static std::string read_fd_released(int fd) {
  char buf[4096];
  ssize_t n;
  {
    py::gil_scoped_release release;
    n = ::read(fd, buf, sizeof buf);
  }
  return std::string(buf, n > 0 ? size_t(n) : 0);
}

static void nap_capi_style(int ms) {
  Py_BEGIN_ALLOW_THREADS
  usleep(unsigned(ms) * 1000);
  Py_END_ALLOW_THREADS
}

static void suppressed(int ms) {
  usleep(unsigned(ms) * 1000);  // NOLINT(BW502)
  // UNSUP: BW502.cpp:[[@LINE-1]]:3: warning: `usleep` blocks (io:sleep)
}

// Not bound to Python: a plain C++ function may block as it likes.
void background_sleep() { std::this_thread::sleep_for(std::chrono::seconds(1)); }

PYBIND11_MODULE(bw502, m) {
  m.def("read_fd", &read_fd);
  m.def("nap", &nap);
  m.def("first_line", &first_line);
  m.def("wait_ready", &wait_ready);
  m.def("read_fd_released", &read_fd_released);
  m.def("nap_capi_style", &nap_capi_style);
  m.def("nap_guarded", &nap, py::call_guard<py::gil_scoped_release>());
  m.def("suppressed", &suppressed);
}
