#include "profiler/thread_counters.h"

#include <linux/perf_event.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>

#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <memory>
#include <cstdlib>
#include <cstring>

namespace boundwise::profiler {
namespace {

int openCounter(uint32_t type, uint64_t config, int &error) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = type;
  attr.config = config;
  attr.exclude_kernel = 1;  // allowed at perf_event_paranoid 2; task-clock counts kernel time anyway
  attr.exclude_hv = 1;
  const int fd = int(syscall(SYS_perf_event_open, &attr, 0 /* this thread */, -1, -1, PERF_FLAG_FD_CLOEXEC));
  error = fd < 0 ? errno : 0;
  return fd;
}

uint64_t readCounter(int fd) {
  uint64_t value = 0;
  if (fd < 0 || ::read(fd, &value, sizeof value) != ssize_t(sizeof value)) return 0;
  return value;
}

uint64_t clockNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

}  // namespace

ThreadCounters::ThreadCounters() {
  schedstatFd_ = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  int error = 0;
  taskClockFd_ = openCounter(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, error);
  support_.perfEvents = taskClockFd_ >= 0;
  if (!support_.perfEvents) {
    support_.note = std::string("perf events not available (") + std::strerror(error) +
                    "): on-CPU time from CLOCK_THREAD_CPUTIME_ID";
    return;
  }
  cyclesFd_ = openCounter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, error);
  if (cyclesFd_ >= 0) instructionsFd_ = openCounter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, error);
  support_.hardware = cyclesFd_ >= 0 && instructionsFd_ >= 0;
  if (!support_.hardware)
    support_.note = std::string("no hardware counters on this machine (") + std::strerror(error) +
                    "): cycles and instructions are not measured";
}

ThreadCounters::~ThreadCounters() {
  for (int fd : {taskClockFd_, cyclesFd_, instructionsFd_, schedstatFd_})
    if (fd >= 0) ::close(fd);
}

uint64_t ThreadCounters::runDelayNs() const {
  if (schedstatFd_ < 0) return 0;
  // "<on-cpu ns> <run-queue wait ns> <timeslices>"
  char buf[96];
  const ssize_t n = ::pread(schedstatFd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char *end = nullptr;
  std::strtoull(buf, &end, 10);
  return std::strtoull(end, nullptr, 10);
}

CounterSample ThreadCounters::read() const {
  CounterSample s;
  s.wallNs = clockNs(CLOCK_MONOTONIC);
  s.taskClockNs = taskClockFd_ >= 0 ? readCounter(taskClockFd_) : clockNs(CLOCK_THREAD_CPUTIME_ID);
  s.runDelayNs = runDelayNs();
  // getrusage splits the switches into voluntary (waits) and involuntary (preempted), which a
  // perf context-switch counter does not.
  rusage ru;
  if (getrusage(RUSAGE_THREAD, &ru) == 0) {
    s.voluntarySwitches = uint64_t(ru.ru_nvcsw);
    s.involuntarySwitches = uint64_t(ru.ru_nivcsw);
    s.pageFaults = uint64_t(ru.ru_minflt) + uint64_t(ru.ru_majflt);
  }
  if (support_.hardware) {
    s.cycles = readCounter(cyclesFd_);
    s.instructions = readCounter(instructionsFd_);
  }
  return s;
}

namespace {

// A forked child inherits the parent's perf and schedstat descriptors, which keep counting
// the parent's thread: every fork starts a new generation and the counters are reopened.
std::atomic<uint64_t> g_forkGeneration{0};

void onFork() { g_forkGeneration.fetch_add(1); }

[[maybe_unused]] const int g_atforkRegistered = pthread_atfork(nullptr, nullptr, onFork);

}  // namespace

ThreadCounters &countersForThisThread() {
  thread_local std::unique_ptr<ThreadCounters> counters;
  thread_local uint64_t generation = 0;
  const uint64_t now = g_forkGeneration.load(std::memory_order_relaxed);
  if (!counters || generation != now) {
    counters.reset();
    counters = std::make_unique<ThreadCounters>();
    generation = now;
  }
  return *counters;
}

CounterSample operator-(const CounterSample &a, const CounterSample &b) {
  auto diff = [](uint64_t x, uint64_t y) { return x >= y ? x - y : 0; };
  CounterSample d;
  d.wallNs = diff(a.wallNs, b.wallNs);
  d.taskClockNs = diff(a.taskClockNs, b.taskClockNs);
  d.runDelayNs = diff(a.runDelayNs, b.runDelayNs);
  d.voluntarySwitches = diff(a.voluntarySwitches, b.voluntarySwitches);
  d.involuntarySwitches = diff(a.involuntarySwitches, b.involuntarySwitches);
  d.pageFaults = diff(a.pageFaults, b.pageFaults);
  d.cycles = diff(a.cycles, b.cycles);
  d.instructions = diff(a.instructions, b.instructions);
  return d;
}

double onCpuShare(uint64_t cpuNs, uint64_t wallNs, uint64_t runDelayNs) {
  // The run-queue wait is time the thread wanted a core and the machine had none: taken out of
  // the wall time, a busy loop stays CPU-bound on a loaded machine, and the wait for a core
  // after a sleep or a read does not make blocking I/O look CPU-bound.
  const uint64_t available = wallNs > runDelayNs ? wallNs - runDelayNs : 0;
  if (available == 0) return cpuNs > 0 ? 1 : 0;
  const double share = double(cpuNs) / double(available);
  return share > 1 ? 1 : share;
}

double onCpuShare(const CounterSample &d) { return onCpuShare(d.taskClockNs, d.wallNs, d.runDelayNs); }

const char *workloadForShare(double share) {
  if (share >= 0.7) return "cpu";
  if (share <= 0.3) return "io";
  return "mixed";
}

}  // namespace boundwise::profiler
