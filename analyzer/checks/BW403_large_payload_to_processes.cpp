/// BW403: per-task pickling overhead: many items without chunksize, or big arguments per task.
/// Docs: docs/rules/BW403.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

constexpr int64_t kManyItems = 1000;
constexpr int64_t kBigPayload = 1 << 20;

std::string humanBytes(int64_t b) {
  if (b >= (int64_t(1) << 30)) return std::to_string(b >> 30) + " GiB";
  if (b >= (int64_t(1) << 20)) return std::to_string(b >> 20) + " MiB";
  return std::to_string(b >> 10) + " KiB";
}

class LargePayloadToProcesses final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW403", "large-payload-to-processes", Severity::Warning,
                             "large or many small arguments pickled per task to worker processes"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (const DispatchSite &d : a.dispatches) {
      if (!isProcessExecutor(d)) continue;
      const FileModel &fm = a.program->files[d.file];
      const CallFact &call = fm.calls[d.call];
      if (d.rule->dispatch->chunksizeOne && d.iterableArg >= 0 && !d.hasChunksize) {
        const ArgFact &items = call.args[d.iterableArg];
        if (items.rangeLength >= kManyItems) {
          Finding f = finding(a, d.file, call.loc,
                              "`" + call.calleeText + "` sends " + std::to_string(items.rangeLength) +
                                  " items one task each (chunksize defaults to 1): each item is pickled and sent "
                                  "separately, and the overhead can exceed the work");
          f.workload = Workload::Cpu;
          f.recommendation = Recommendation::Processes;
          f.help = "pass chunksize=max(1, n // (4 * workers)) so each task carries a batch";
          out.push_back(std::move(f));
          continue;
        }
      }
      for (size_t i = 0; i < call.args.size(); ++i) {
        if (int(i) == d.callableArg) continue;
        const int64_t bytes = payloadOf(fm, call, call.args[i]);
        if (bytes < kBigPayload) continue;
        Finding f = finding(a, d.file, call.loc,
                            "`" + call.args[i].text + "` (about " + humanBytes(bytes) + ") is pickled and copied to "
                                "a worker process with every task sent by `" + call.calleeText + "`");
        f.workload = Workload::Cpu;
        f.recommendation = Recommendation::Processes;
        f.help = "share it once: multiprocessing.shared_memory, a pool initializer, or pass a path or index instead";
        out.push_back(std::move(f));
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW403() { return std::make_unique<LargePayloadToProcesses>(); }

}  // namespace boundwise
