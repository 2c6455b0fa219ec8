// Ends in the way argv[1] says, after some measurable work: segv, abort, hang, exit3; or
// closeall: a thread closes every descriptor above stderr, as daemons do, and opens a pipe that
// must still work after the thread is gone.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

__attribute__((noinline)) static double workBeforeTheEnd() {
  double x = 0;
  for (long i = 0; i < 150000000; ++i) x += double(i & 5);
  return x;
}

__attribute__((noinline)) static void hangForever() {
  for (;;) sleep(1);
}

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "";
  if (!std::strcmp(how, "closeall")) {
    int p[2] = {-1, -1};
    std::thread t([&] {
      for (int fd = 3; fd < 1024; ++fd) close(fd);
      if (pipe(p) != 0) p[0] = p[1] = -1;
    });
    t.join();
    char c = 0;
    const bool ok = write(p[1], "x", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'x';
    std::printf("pipe %s\n", ok ? "ok" : "broken");
  }
  std::printf("working %.0f\n", workBeforeTheEnd());
  std::fflush(stdout);
  if (!std::strcmp(how, "segv")) {
    volatile int *p = nullptr;
    *p = 1;
  }
  if (!std::strcmp(how, "abort")) std::abort();
  if (!std::strcmp(how, "hang")) hangForever();
  if (!std::strcmp(how, "exit3")) std::exit(3);
  return 0;
}
