#pragma once
// Measured stacks -> per-function and per-call-site times of the program's own code.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "profiler/native/analysis/results_file.h"
#include "profiler/native/analysis/symbolizer.h"

namespace boundwise::native {

// Verdict thresholds of DESIGN.md: on-CPU share >= 0.7 is cpu, <= 0.3 io, else mixed.
constexpr double kCpuShare = 0.7;
constexpr double kIoShare = 0.3;
// Below this much attributed time a function is `unknown`: too little was measured to say.
constexpr double kMinMeasuredSeconds = 0.002;

struct FunctionMeasure {
  std::string name;  // demangled
  std::string file;  // absolute, from the debug information; empty without it
  int line = 0;      // first line of the function (0 when unknown)
  std::string module;
  double cpuSeconds = 0;      // on-CPU samples with the function on the stack (inclusive)
  double selfCpuSeconds = 0;  // samples in the function's own code
  uint64_t samples = 0;
  std::map<std::string, double> blockedSeconds;  // kind -> seconds blocked with it on the stack
  uint64_t blockingCalls = 0;
  std::vector<int> pids;

  double blockedTotal() const;
  double wallSeconds() const { return cpuSeconds + blockedTotal(); }
  double cpuShare() const { return wallSeconds() > 0 ? cpuSeconds / wallSeconds() : 0; }
};

struct CallSiteMeasure {
  std::string function;  // the calling function (demangled)
  std::string file;
  int line = 0;
  std::string callee;  // the blocking libc function
  std::string via;     // the library function the program called, when libc was reached through one
  std::string kind;
  uint64_t calls = 0;
  double blockedSeconds = 0;
};

// The time measured under one line of the program that makes a call (any call, not only to a
// blocking libc function): what a static call site is compared with.
struct CallLineMeasure {
  std::string file;
  int line = 0;
  std::string function;  // the calling function
  std::string callee;    // the program function called there, or the blocking libc call; "" unknown
  double cpuSeconds = 0;  // on-CPU samples below the call
  std::map<std::string, double> blockedSeconds;  // kind -> seconds blocked below the call
  uint64_t samples = 0, blockingCalls = 0;

  double blockedTotal() const;
  double wallSeconds() const { return cpuSeconds + blockedTotal(); }
};

struct ProcessSummary {
  int pid = 0, ppid = 0;
  std::string exe, end;  // end: "exit 3", "signal 11", "exec", "running" (killed: last checkpoint)
  double wallSeconds = 0, cpuSeconds = 0;
  uint64_t voluntarySwitches = 0, involuntarySwitches = 0, threads = 0, samples = 0, lostSamples = 0;
  std::string sampling;
};

struct NativeProfile {
  std::vector<FunctionMeasure> functions;  // sorted by wall time, largest first
  std::vector<CallSiteMeasure> callSites;  // sorted by blocked time, largest first
  std::vector<CallLineMeasure> callLines;  // by file and line
  std::vector<ProcessSummary> processes;
};

// Whether frames in `module` belong to the program (not libc, libstdc++, the loader, the
// preload library or another system library).
bool isProgramModule(const std::string &module);

NativeProfile attribute(const std::vector<ProcessResults> &processes, Symbolizer &symbolizer);

// "cpu", "io", "mixed" or "unknown" for a measured function or call line.
std::string measuredWorkload(double cpuSeconds, double wallSeconds);
std::string measuredWorkload(const FunctionMeasure &);
// The kind of wait that dominates the blocked time ("sleep", "network", ...), or "" when none.
std::string dominantKind(const FunctionMeasure &);
// What to do about it, in C++ terms.
std::string advice(const FunctionMeasure &);
// threads | async | none (the DESIGN.md recommendation vocabulary).
std::string recommendation(const FunctionMeasure &);

}  // namespace boundwise::native
