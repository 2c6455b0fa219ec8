// Waits on a pipe that another thread fills 300 ms later; prints what it got.
#include <unistd.h>

#include <cstdio>
#include <thread>

__attribute__((noinline)) static void fillLater(int fd) {
  usleep(300000);
  (void)!write(fd, "hello", 5);
}

__attribute__((noinline)) static int waitOnPipe(int fd) {
  char buf[16];
  ssize_t n = read(fd, buf, sizeof buf);
  return int(n);
}

int main() {
  int p[2];
  if (pipe(p) != 0) return 1;
  std::thread writer(fillLater, p[1]);
  int got = waitOnPipe(p[0]);
  writer.join();
  std::printf("got %d bytes\n", got);
  return 0;
}
