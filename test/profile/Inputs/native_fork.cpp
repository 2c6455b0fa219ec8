// The parent computes while its child sleeps; each process is measured.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

__attribute__((noinline)) static void childNap() { usleep(300000); }

__attribute__((noinline)) static double parentWork() {
  double x = 0;
  for (long i = 0; i < 200000000; ++i) x += double(i & 7);
  return x;
}

int main() {
  pid_t pid = fork();
  if (pid == 0) {
    childNap();
    return 5;
  }
  double x = parentWork();
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf("child exited %d, %.0f\n", WEXITSTATUS(status), x);
  return 0;
}
