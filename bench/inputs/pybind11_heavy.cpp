// A pybind11-heavy translation unit for bench/cpp_frontend.sh: numpy arrays, STL conversions,
// std::function callbacks, classes with many methods, enums and keyword arguments.
#include <pybind11/chrono.h>
#include <pybind11/complex.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace py = pybind11;

namespace imaging {

enum class Mode { Nearest, Linear, Cubic };

struct Image {
  int width = 0, height = 0;
  std::vector<float> px;
  Image(int w, int h) : width(w), height(h), px(size_t(w) * size_t(h)) {}
  float at(int x, int y) const { return px[size_t(y) * size_t(width) + size_t(x)]; }
  void set(int x, int y, float v) { px[size_t(y) * size_t(width) + size_t(x)] = v; }
  double mean() const {
    double acc = 0;
    for (float v : px) acc += v;
    return px.empty() ? 0 : acc / double(px.size());
  }
  Image resized(int w, int h, Mode) const {
    Image out(w, h);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) out.set(x, y, at(x * width / w, y * height / h));
    return out;
  }
  void apply(const std::function<float(float)> &f) {
    for (float &v : px) v = f(v);
  }
};

py::array_t<double> smooth(py::array_t<double, py::array::c_style> in, int passes) {
  auto src = in.unchecked<1>();
  std::vector<double> buf(size_t(src.shape(0)));
  for (py::ssize_t i = 0; i < src.shape(0); ++i) buf[size_t(i)] = src(i);
  {
    py::gil_scoped_release release;
    for (int p = 0; p < passes; ++p)
      for (size_t i = 1; i + 1 < buf.size(); ++i) buf[i] = (buf[i - 1] + 2 * buf[i] + buf[i + 1]) / 4;
  }
  return py::array_t<double>(py::ssize_t(buf.size()), buf.data());
}

std::map<std::string, std::vector<int>> histogram(const std::vector<std::string> &words) {
  std::map<std::string, std::vector<int>> out;
  for (size_t i = 0; i < words.size(); ++i) out[words[i]].push_back(int(i));
  return out;
}

std::complex<double> rotate(std::complex<double> z, double angle) { return z * std::polar(1.0, angle); }

double time_it(const std::function<void()> &f, std::chrono::milliseconds budget) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
         std::chrono::duration<double>(budget).count();
}

}  // namespace imaging

PYBIND11_MODULE(heavy, m) {
  using namespace imaging;
  py::enum_<Mode>(m, "Mode").value("Nearest", Mode::Nearest).value("Linear", Mode::Linear).value("Cubic", Mode::Cubic);
  py::class_<Image>(m, "Image")
      .def(py::init<int, int>(), py::arg("width"), py::arg("height"))
      .def_readonly("width", &Image::width)
      .def_readonly("height", &Image::height)
      .def("at", &Image::at)
      .def("set", &Image::set)
      .def("mean", &Image::mean)
      .def("resized", &Image::resized, py::arg("width"), py::arg("height"), py::arg("mode") = Mode::Linear)
      .def("apply", &Image::apply)
      .def("__repr__", [](const Image &i) { return "<Image " + std::to_string(i.width) + "x" + std::to_string(i.height) + ">"; });
  m.def("smooth", &smooth, py::arg("values"), py::arg("passes") = 1);
  m.def("histogram", &histogram);
  m.def("rotate", &rotate);
  m.def("time_it", &time_it);
  m.def("norms", [](const std::vector<std::vector<double>> &rows) {
    std::vector<double> out;
    for (const auto &r : rows) {
      double s = 0;
      for (double v : r) s += v * v;
      out.push_back(std::sqrt(s));
    }
    return out;
  });
}
