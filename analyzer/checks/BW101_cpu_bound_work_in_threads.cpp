/// BW101: GIL-holding CPU work dispatched to threads. Docs: docs/rules/BW101.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class CpuBoundWorkInThreads final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW101", "cpu-bound-work-in-threads", Severity::Warning,
                             "GIL-holding CPU work dispatched to threads runs one thread at a time"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (const DispatchSite &d : a.dispatches) {
      if (!isThreadExecutor(d)) continue;
      Verdict v = callableVerdict(a, d);
      if (!holdsGil(v.detail) || v.confidence < kCpuThreshold) continue;
      if (v.detail == Detail::CpuPython && a.target.freeThreaded) continue;  // threads run bytecode in parallel there
      const CallFact &call = a.program->files[d.file].calls[d.call];
      Finding f = finding(a, d.file, call.loc,
                          callableName(a, d) + " is CPU-bound (" + std::string(toString(v.detail)) +
                              ", holds the GIL) and is run on threads by `" + call.calleeText +
                              "`: only one thread runs it at a time, so more threads add no speed");
      f.workload = Workload::Cpu;
      f.recommendation = recommendFor(v.detail, false, a.target);
      const bool interpreters = f.recommendation == Recommendation::Interpreters;
      f.help = interpreters ? "use concurrent.futures.InterpreterPoolExecutor or ProcessPoolExecutor (same API)"
                            : "use concurrent.futures.ProcessPoolExecutor (same API), or multiprocessing.Pool";
      f.evidence = v.evidence.toVector();
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW101() { return std::make_unique<CpuBoundWorkInThreads>(); }

}  // namespace boundwise
