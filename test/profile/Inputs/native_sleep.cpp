// Sleeps three ways: std::this_thread::sleep_for, usleep and nanosleep.
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <thread>

__attribute__((noinline)) static void napTime() {
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  usleep(100000);
  timespec t{0, 100000000};
  nanosleep(&t, nullptr);
}

int main() {
  napTime();
  return 0;
}
