// Functions the static pass classifies, measured by running them.
#include <unistd.h>

#include <cstdio>
#include <thread>

__attribute__((noinline)) static double crunch(long n) {
  double x = 0;
  for (long i = 0; i < n; ++i) x += double(i % 7) * 0.5;
  return x;
}

__attribute__((noinline)) static int waitOnPipe(int fd) {
  char buf[8];
  return int(read(fd, buf, sizeof buf));
}

__attribute__((noinline)) static void neverCalled() { sleep(1); }

int main(int argc, char **) {
  int p[2];
  if (pipe(p) != 0) return 1;
  std::thread writer([&] {
    usleep(300000);
    (void)!write(p[1], "x", 1);
  });
  const int got = waitOnPipe(p[0]);
  writer.join();
  std::printf("%d %.0f\n", got, crunch(300000000));
  if (argc > 5) neverCalled();
  return 0;
}
