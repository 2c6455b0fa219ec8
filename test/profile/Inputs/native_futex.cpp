// std::atomic::wait reaches the kernel through syscall(SYS_futex, ...), not a libc wrapper.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

static std::atomic<int> flag{0};

__attribute__((noinline)) static void waitForFlag() { flag.wait(0); }

int main() {
  std::thread setter([] {
    usleep(300000);
    flag = 1;
    flag.notify_all();
  });
  waitForFlag();
  setter.join();
  std::puts("done");
  return 0;
}
