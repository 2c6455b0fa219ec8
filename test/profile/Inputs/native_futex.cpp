// std::atomic::wait reaches the kernel through syscall(SYS_futex, ...), not a libc wrapper; a
// POSIX semaphore wait is a libc function.
#include <semaphore.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

static std::atomic<int> flag{0};

__attribute__((noinline)) static void waitForFlag() { flag.wait(0); }

static sem_t posted;

__attribute__((noinline)) static void waitForPost() { sem_wait(&posted); }

int main() {
  sem_init(&posted, 0, 0);
  std::thread setter([] {
    usleep(300000);
    flag = 1;
    flag.notify_all();
    usleep(200000);
    sem_post(&posted);
  });
  waitForFlag();
  waitForPost();
  setter.join();
  std::puts("done");
  return 0;
}
