// BW501 native-cpu-work-holds-gil: heavy C++ work in a Python-visible function that runs with
// the GIL held. Reported on the m.def when a call_guard fixes it, else on the heavy loop.
//
// RUN: %boundwise check --select BW501 --exit-zero %s -- %cxxflags \
// RUN:   | %FileCheck %s --implicit-check-not="[BW"
//
// The two suppressed bindings are real findings: with the comments removed they fire.
// RUN: rm -rf %t && mkdir -p %t
// RUN: sed -e 's|// NOLINT(BW501)||' -e 's|// boundwise: ignore.BW501.||' %s > %t/BW501.cpp
// RUN: %boundwise check --select BW501 --exit-zero %t/BW501.cpp -- %cxxflags \
// RUN:   | %FileCheck %s --check-prefix=UNSUP
#include <pybind11/pybind11.h>

#include <vector>

namespace py = pybind11;

static double checksum(long n) {
  double acc = 0;
  for (long i = 0; i < n; ++i) acc += (i * 31) % 7;
  return acc;
}

static long tiny() {
  long acc = 0;
  for (int i = 0; i < 10; ++i) acc += i;  // ten iterations: not heavy
  return acc;
}

static double released_inside(long n) {
  py::gil_scoped_release release;
  return checksum(n);
}

// Touches Python objects: the GIL must be released around the loop, not for the whole call.
static py::list histogram(long n) {
  py::list out;
  double acc = 0;
  for (long i = 0; i < n; ++i) acc += i * 0.5;
  // CHECK-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.histogram` (histogram) does heavy CPU work with the GIL held{{.*}}[BW501]
  out.append(acc);
  return out;
}

namespace imaging {
struct Image {
  std::vector<float> px;
  double sharpen(long rounds) {
    double acc = 0;
    for (long r = 0; r < rounds; ++r)
      for (float p : px) acc += p * 0.25;
    return acc;
  }
};
}  // namespace imaging

PYBIND11_MODULE(bw501, m) {
  m.def("checksum", &checksum);
  // CHECK-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.checksum` (checksum) does heavy CPU work with the GIL held{{.*}}[BW501]
  m.def("via_lambda", [](long n) { return checksum(n) + 1; });
  // CHECK-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.via_lambda` {{.*}}[BW501]
  m.def("histogram", &histogram);
  py::class_<imaging::Image>(m, "Image").def(py::init<>()).def("sharpen", &imaging::Image::sharpen);
  // CHECK-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.Image.sharpen` (imaging::Image::sharpen) does heavy CPU work{{.*}}[BW501]

  // Quiet: released for the whole call, released inside, or not heavy.
  m.def("checksum_nogil", &checksum, py::call_guard<py::gil_scoped_release>());
  m.def("released_inside", &released_inside);
  m.def("tiny", &tiny);

  m.def("suppressed_nolint", &checksum);  // NOLINT(BW501)
  // UNSUP-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.suppressed_nolint`
  m.def("suppressed_ignore", &checksum);  // boundwise: ignore[BW501]
  // UNSUP-DAG: BW501.cpp:[[@LINE-1]]:3: warning: `bw501.suppressed_ignore`
}
