// The per-thread counters: robust properties only (no tight timing bounds).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "profiler/thread_counters.h"

using namespace boundwise::profiler;

namespace {

void busyFor(std::chrono::milliseconds duration) {
  const auto end = std::chrono::steady_clock::now() + duration;
  volatile uint64_t x = 0;
  while (std::chrono::steady_clock::now() < end)
    for (int i = 0; i < 1000; ++i) x = x + uint64_t(i);
}

}  // namespace

TEST(ThreadCounters, BusyLoopIsMostlyOnCpu) {
  ThreadCounters &c = countersForThisThread();
  const CounterSample before = c.read();
  busyFor(std::chrono::milliseconds(200));
  const CounterSample delta = c.read() - before;
  EXPECT_GT(delta.wallNs, 150'000'000u);
  EXPECT_GT(delta.taskClockNs, 0u);
  EXPECT_GT(onCpuShare(delta), 0.5);
}

TEST(ThreadCounters, SleepIsOffCpuAndCountsVoluntarySwitches) {
  ThreadCounters &c = countersForThisThread();
  const CounterSample before = c.read();
  for (int i = 0; i < 5; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const CounterSample delta = c.read() - before;
  EXPECT_GT(delta.wallNs, 90'000'000u);
  EXPECT_LT(onCpuShare(delta), 0.3);
  EXPECT_GE(delta.voluntarySwitches, 5u);
}

TEST(ThreadCounters, EachThreadCountsOnlyItself) {
  // The main thread sleeps while another thread spins: the main thread's task-clock stays small.
  ThreadCounters &c = countersForThisThread();
  const CounterSample before = c.read();
  std::thread spinner([] { busyFor(std::chrono::milliseconds(150)); });
  spinner.join();
  const CounterSample delta = c.read() - before;
  EXPECT_LT(onCpuShare(delta), 0.5);
}

TEST(ThreadCounters, SupportIsDescribed) {
  const CounterSupport &s = countersForThisThread().support();
  if (!s.perfEvents || !s.hardware) EXPECT_FALSE(s.note.empty());
}

TEST(ThreadCounters, WorkloadThresholdsFollowTheDesign) {
  EXPECT_STREQ(workloadForShare(0.95), "cpu");
  EXPECT_STREQ(workloadForShare(0.7), "cpu");
  EXPECT_STREQ(workloadForShare(0.69), "mixed");
  EXPECT_STREQ(workloadForShare(0.31), "mixed");
  EXPECT_STREQ(workloadForShare(0.3), "io");
  EXPECT_STREQ(workloadForShare(0.0), "io");
}

TEST(ThreadCounters, DifferenceNeverUnderflows) {
  CounterSample a, b;
  b.wallNs = 10;
  EXPECT_EQ((a - b).wallNs, 0u);
  EXPECT_EQ(onCpuShare(a - b), 0.0);
}
