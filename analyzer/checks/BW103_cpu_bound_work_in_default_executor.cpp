/// BW103: asyncio.to_thread / run_in_executor(None, ...) given GIL-holding CPU work.
/// Docs: docs/rules/BW103.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class CpuBoundWorkInDefaultExecutor final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW103", "cpu-bound-work-in-default-executor", Severity::Warning,
                             "GIL-holding CPU work sent to asyncio's default thread pool still slows the event loop"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (const DispatchSite &d : a.dispatches) {
      if (!d.executorKnown || d.executor != Executor::DefaultExecutor) continue;
      Verdict v = callableVerdict(a, d);
      if (!holdsGil(v.detail) || v.confidence < kCpuThreshold) continue;
      const CallFact &call = a.program->files[d.file].calls[d.call];
      Finding f = finding(a, d.file, call.loc,
                          callableName(a, d) + " is CPU-bound (" + std::string(toString(v.detail)) +
                              ", holds the GIL) and `" + call.calleeText +
                              "` runs it on the default thread pool: it competes with the event loop for the GIL "
                              "and gains no parallelism");
      f.workload = Workload::Cpu;
      f.recommendation = Recommendation::Processes;
      f.help = "await loop.run_in_executor(process_pool, func, ...) with a concurrent.futures.ProcessPoolExecutor";
      f.evidence = v.evidence.toVector();
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW103() { return std::make_unique<CpuBoundWorkInDefaultExecutor>(); }

}  // namespace boundwise
