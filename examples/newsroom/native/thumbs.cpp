// thumbs: image thumbnails for newsroom, a pybind11 extension (built by examples/CMakeLists.txt).
// Grayscale images travel as bytes; blurring them is pure C++ work.
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

namespace py = pybind11;

// A horizontal box blur over `passes` passes: heavy, and it touches no Python object.
static std::string box_blur(const std::string &pixels, int passes) {
  std::string out = pixels;
  const long n = long(out.size());
  for (int p = 0; p < passes; ++p) {
    for (long i = 1; i + 1 < n; ++i) {
      out[i] = char((uint8_t(out[i - 1]) + 2 * uint8_t(out[i]) + uint8_t(out[i + 1])) / 4);
    }
  }
  return out;
}

PYBIND11_MODULE(thumbs, m) {
  m.doc() = "thumbnail helpers for newsroom";
  // Holds the GIL while it blurs: Python threads calling it take turns.
  m.def("blur", [](const py::bytes &pixels, int passes) {
    const std::string blurred = box_blur(pixels, passes);
    return py::bytes(blurred);
  });
  // The same work with the GIL released around the C++ part: threads run it in parallel.
  m.def("blur_released", [](const py::bytes &pixels, int passes) {
    std::string input = pixels;
    std::string blurred;
    {
      py::gil_scoped_release release;
      blurred = box_blur(input, passes);
    }
    return py::bytes(blurred);
  });
}
