// One thread computes, one sleeps, one waits on a condition variable; main joins them.
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

static std::mutex m;
static std::condition_variable cv;
static bool ready = false;

__attribute__((noinline)) static double cpuWorker() {
  double x = 0;
  for (long i = 0; i < 300000000; ++i) x += double(i & 3);
  return x;
}

__attribute__((noinline)) static void sleepWorker() { usleep(300000); }

__attribute__((noinline)) static void waitForSignal() {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [] { return ready; });
}

int main() {
  double result = 0;
  std::thread a([&] { result = cpuWorker(); });
  std::thread b(sleepWorker);
  std::thread c(waitForSignal);
  usleep(200000);
  {
    std::lock_guard<std::mutex> lock(m);
    ready = true;
  }
  cv.notify_all();
  a.join();
  b.join();
  c.join();
  std::printf("%.0f\n", result);
  return 0;
}
