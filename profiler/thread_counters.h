#pragma once
// Per-thread counters for the profiler: perf_event_open where the kernel allows it (task-clock,
// context switches, page faults; cycles and instructions where there is a PMU), else
// CLOCK_THREAD_CPUTIME_ID and getrusage(RUSAGE_THREAD). Every reading is for the calling thread.
#include <cstdint>
#include <string>

namespace boundwise::profiler {

struct CounterSample {
  uint64_t wallNs = 0;          // CLOCK_MONOTONIC
  uint64_t taskClockNs = 0;     // on-CPU time of this thread
  uint64_t runDelayNs = 0;      // time runnable but waiting for a CPU (/proc/thread-self/schedstat)
  uint64_t voluntarySwitches = 0;
  uint64_t involuntarySwitches = 0;
  uint64_t pageFaults = 0;      // minor + major
  uint64_t cycles = 0;          // 0 when the machine has no PMU
  uint64_t instructions = 0;
};

// Which source the counters of this thread come from.
struct CounterSupport {
  bool perfEvents = false;      // task-clock from perf_event_open
  bool hardware = false;        // cycles and instructions
  std::string note;             // why something is missing, said once
};

class ThreadCounters {
 public:
  ThreadCounters();
  ~ThreadCounters();
  ThreadCounters(const ThreadCounters &) = delete;
  ThreadCounters &operator=(const ThreadCounters &) = delete;

  // Reads every counter for the calling thread (which must be the thread that created this).
  CounterSample read() const;
  // Only the run-queue wait: cheap enough to read around every wait for the GIL.
  uint64_t runDelayNs() const;
  const CounterSupport &support() const { return support_; }

 private:
  int taskClockFd_ = -1;
  int cyclesFd_ = -1;
  int instructionsFd_ = -1;
  int schedstatFd_ = -1;
  CounterSupport support_;
};

// The counters of the calling thread, opened on first use (one set per thread).
ThreadCounters &countersForThisThread();

// Difference of two samples of the same thread.
CounterSample operator-(const CounterSample &after, const CounterSample &before);

// On-CPU share = (task-clock + run-queue wait) / wall, in [0, 1]; 0 when no time passed.
// The run-queue wait counts as CPU demand: on a loaded machine a busy loop waits for a core,
// which says nothing about the loop.
double onCpuShare(const CounterSample &delta);
// task-clock / (wall - run-queue wait), at most 1.
double onCpuShare(uint64_t cpuNs, uint64_t wallNs, uint64_t runDelayNs);

// DESIGN.md: on-CPU share >= 0.7 -> "cpu", <= 0.3 -> "io", else "mixed".
const char *workloadForShare(double share);

}  // namespace boundwise::profiler
