// Project header: its functions are analysed through the translation units that include it.
#pragma once

namespace kernels {
inline double sharpen(long n) {
  double acc = 0;
  for (long i = 0; i < n; ++i) acc += (i % 3) * 0.5;
  return acc;
}
}  // namespace kernels
