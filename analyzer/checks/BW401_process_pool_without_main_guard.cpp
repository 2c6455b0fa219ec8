/// BW401: worker processes started at import time, outside `if __name__ == "__main__":`.
/// Docs: docs/rules/BW401.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class ProcessPoolWithoutMainGuard final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW401", "process-pool-without-main-guard", Severity::Error,
                             "processes started at import time re-run in every spawned child"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (call.function >= 0 || call.underMainGuard) continue;
        const ResolvedCall &r = a.program->calls[file][c];
        std::vector<Evidence> chain;
        if (r.kind == ResolvedCall::Kind::Api && r.rule->spawnsProcesses) {
          chain.push_back({fm.path, call.loc.line, call.loc.column,
                           r.rule->api + " starts worker processes (rule " + r.rule->file + ":" +
                               std::to_string(r.rule->line) + ")"});
        } else if (r.kind == ResolvedCall::Kind::Function) {
          const Verdict &spawns = a.summary(r.file, r.function).spawns;
          if (!spawns.known()) continue;
          chain = spawns.evidence.toVector();
        } else {
          continue;
        }
        Finding f = finding(a, int(file), call.loc,
                            "`" + call.calleeText +
                                "` starts worker processes at import time; with the spawn and forkserver start "
                                "methods every child re-imports this module and starts them again");
        f.workload = Workload::Unknown;
        f.recommendation = Recommendation::None;
        f.help = "move it under `if __name__ == \"__main__\":` (or into a function called from there)";
        f.evidence = std::move(chain);
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW401() { return std::make_unique<ProcessPoolWithoutMainGuard>(); }

}  // namespace boundwise
