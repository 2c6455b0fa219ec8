// Ends in the way argv[1] says, after some measurable work: segv, abort, hang, exit3; or
// closeall: closes every descriptor above stderr first, as daemons do, then works.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

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
  if (!std::strcmp(how, "closeall"))
    for (int fd = 3; fd < 1024; ++fd) close(fd);
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
