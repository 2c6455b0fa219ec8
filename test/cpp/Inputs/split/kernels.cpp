// Plain C++: no Python here. Whether the GIL is held depends on the binding in module.cpp.
namespace kernels {
double convolve(long n) {
  double acc = 0;
  for (long i = 0; i < n; ++i) acc += (i % 5) * 0.2;
  return acc;
}
double convolve_fast(long n) { return convolve(n); }
}  // namespace kernels
