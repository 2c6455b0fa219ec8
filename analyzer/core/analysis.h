#pragma once
// The classified program: a verdict for every function and call site, and the dispatch sites.
#include <string>
#include <vector>

#include "analyzer/core/evidence_chain.h"
#include "analyzer/core/program.h"
#include "analyzer/core/workload.h"
#include "analyzer/python/python_linker.h"

namespace boundwise {

struct Verdict {
  Detail detail = Detail::Unknown;
  double confidence = 0;
  EvidenceChain evidence;  // the chain that decided it, caller first
  // C/C++ CPU work: the GIL state was set by a scope inside the code (a release or an
  // acquire), so a caller's state does not change it.
  bool gilScoped = false;
  bool known() const { return detail != Detail::Unknown; }
};

struct FunctionSummary {
  Verdict blockingIo;    // waits with the thread blocked (through sync calls only)
  Verdict asyncIo;       // awaited waits (do not block the event loop)
  Verdict cpu;           // heavy computation, in the body or in callees
  Verdict intrinsicCpu;  // heavy loops or recursion written in the function itself
  Verdict spawns;        // starts worker processes (BW401)
  Verdict overall;       // the function's class, for output and checks
};

struct DispatchSite {
  int file = -1;
  int call = -1;
  const ApiRule *rule = nullptr;
  Executor executor = Executor::Threads;  // after resolving executor-argument calls
  bool executorKnown = true;
  int callableArg = -1;  // index into the call's args
  Symbol callable;       // what is handed over (Function for user code and lambdas)
  int iterableArg = -1;
  int argsFrom = -1;     // first positional argument forwarded to the callable
  bool hasChunksize = false;
};

// Loop thresholds shared by the classifier and the loop checks.
constexpr double kCpuThreshold = 0.6;  // confidence at which a function counts as CPU-bound
constexpr double kIoThreshold = 0.5;

struct Analysis {
  Program *program = nullptr;
  const PythonLinker *linker = nullptr;
  Target target;
  std::vector<FunctionSummary> summaries;         // by global function id
  std::vector<std::vector<Verdict>> callVerdicts;  // [file][call]
  std::vector<std::vector<char>> ioLoops;          // [file][loop]: the loop body waits on I/O
  std::vector<DispatchSite> dispatches;
  std::vector<char> recursive;                     // by global function id

  const FunctionSummary &summary(int file, int function) const { return summaries[program->gid(file, function)]; }
};

// Classifies every function (whole program, summaries to a fixpoint over strongly connected
// components of the call graph) and every call site.
// The call sites are classified on `jobs` threads.
Analysis classify(Program &program, const PythonLinker &linker, const Target &target, unsigned jobs = 1);

// Message helpers shared by checks and reports.
std::string describeFunction(const Program &, int file, int function);

}  // namespace boundwise
