#pragma once
// Reading and merging the per-process result files that the bootstrap's probes write
// (layout: executor-runtime/src/native_module.cpp), and the measured verdict.
#include <cstdint>
#include <string>
#include <vector>

namespace boundwise::profiler {

// A recursive function's probe retires after this many nested calls (native_module.cpp).
constexpr uint64_t kRetireAfterNestedCalls = 20000;

// Counters of one slot (a function or a call site), summed over processes.
struct SlotTotals {
  uint64_t calls = 0;
  uint64_t measuredCalls = 0;
  uint64_t wallNs = 0;
  uint64_t cpuNs = 0;
  uint64_t runDelayNs = 0;         // runnable, waiting for a core: CPU demand on a loaded machine
  uint64_t voluntarySwitches = 0;
  uint64_t involuntarySwitches = 0;
  uint64_t pageFaults = 0;
  uint64_t soloMeasuredCalls = 0;  // calls no other thread's measured call overlapped
  uint64_t soloWallNs = 0;
  uint64_t soloCpuNs = 0;
  uint64_t soloRunDelayNs = 0;
  uint64_t missedCalls = 0;        // started before the probe was in place
  uint64_t gilWaitNs = 0;          // off-CPU time waiting for the GIL (not run-queue wait)
  uint64_t gilMeasuredCalls = 0;   // timed calls whose GIL wait was measured
  uint64_t otherCpuNs = 0;         // the other calls: CPU time of their process's other threads
  bool retired = false;            // recursive: the probe stepped aside after many nested calls
  uint64_t state = 0;              // 1 instrumented somewhere; >1 why not (first reason seen)

  // Whether every timed call's wait for the GIL was measured.
  bool gilWaitMeasured() const { return measuredCalls > 0 && gilMeasuredCalls == measuredCalls; }
  // Off-CPU time that was neither run-queue wait nor GIL wait: what the calls waited for
  // themselves (I/O, sleeps, locks).
  uint64_t ownOffCpuNs() const;
  // The on-CPU share: task-clock / (wall - run-queue wait - GIL wait) where the GIL wait was
  // measured. Otherwise from the calls that ran alone when there are some (waiting for the
  // GIL held by another thread is off-CPU time that says nothing about the call itself).
  double onCpuShare() const;
  bool contended() const { return measuredCalls > 0 && soloMeasuredCalls == 0; }
};

struct MergedResults {
  std::vector<SlotTotals> slots;
  int processes = 0;            // result files read
  bool perfEvents = false;      // at least one process read task-clock from perf events
  bool hardware = false;
  int pythonMajor = 0;          // the Python of the first process read (0: none)
  int pythonMinor = 0;
  bool freeThreaded = false;
  // Why the GIL wait was not measured in some process (gil_wait.h GilWaitStatus wording);
  // empty when it was measured in every process.
  std::string gilWaitProblem;
  std::vector<std::string> problems;  // unreadable or foreign files
};

// Adds one result file's counters into `into` (sized to the slot count of the run).
bool mergeResultFile(const std::string &path, MergedResults &into, std::string &error);

// Every proc-*.bin file in `dir`, in name order.
MergedResults mergeResultDir(const std::string &dir, size_t slots);

// DESIGN.md: "confirmed" | "refuted" | "unexercised" for a static workload ("cpu", "io",
// "mixed") and a measured one; "unclassified" when the static pass had no class ("unknown").
std::string measuredVerdict(const std::string &staticWorkload, const std::string &measuredWorkload, uint64_t calls);

}  // namespace boundwise::profiler
