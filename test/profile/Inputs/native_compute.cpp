// A pure loop; prints its result and exits with 7 (the exit code must pass through).
#include <cstdio>

__attribute__((noinline)) static double crunch(long n) {
  double x = 0;
  for (long i = 0; i < n; ++i) x += double(i % 7) * 0.5;
  return x;
}

int main() {
  std::printf("result %.0f\n", crunch(400000000));
  return 7;
}
