/// BW102: I/O-bound work dispatched to processes. Docs: docs/rules/BW102.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class IoBoundWorkInProcesses final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW102", "io-bound-work-in-processes", Severity::Warning,
                             "I/O-bound work dispatched to processes pays start-up and pickling for nothing"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (const DispatchSite &d : a.dispatches) {
      if (!isProcessExecutor(d)) continue;
      Verdict v = callableVerdict(a, d);
      // Sleeping or waiting on a queue is how processes coordinate, not I/O work to move.
      if (!isIo(v.detail) || v.detail == Detail::IoSleep || v.detail == Detail::IoIpc || v.confidence < kIoThreshold)
        continue;
      const CallFact &call = a.program->files[d.file].calls[d.call];
      Finding f = finding(a, d.file, call.loc,
                          callableName(a, d) + " is I/O-bound (" + std::string(toString(v.detail)) +
                              ") and is run in processes by `" + call.calleeText +
                              "`: it mostly waits with the GIL released, which threads do as well without "
                              "process start-up and pickling");
      f.workload = Workload::Io;
      f.recommendation = Recommendation::Threads;
      f.help = "use concurrent.futures.ThreadPoolExecutor (same API), or asyncio for many concurrent waits";
      f.evidence = v.evidence.toVector();
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW102() { return std::make_unique<IoBoundWorkInProcesses>(); }

}  // namespace boundwise
