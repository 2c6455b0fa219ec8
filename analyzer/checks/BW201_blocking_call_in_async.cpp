/// BW201: blocking I/O inside `async def`, directly or through a chain of sync calls.
/// Docs: docs/rules/BW201.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

bool blocks(const Analysis &a, int file, int call) {
  const ResolvedCall &r = a.program->calls[file][call];
  if (r.kind == ResolvedCall::Kind::Api) return !r.rule->isAsync && isIo(r.rule->detail);
  if (r.kind == ResolvedCall::Kind::Function)
    return !a.program->function(r.file, r.function).isAsync && a.summary(r.file, r.function).blockingIo.known();
  return false;
}

class BlockingCallInAsync final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW201", "blocking-call-in-async", Severity::Warning,
                             "a blocking call inside `async def` stalls the event loop"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (!inAsyncBody(a, int(file), call)) continue;
        const FunctionFact &host = fm.functions[call.function];
        const ResolvedCall &r = a.program->calls[file][c];
        // `open(p).read()`: report the call that blocks first, not each link of the chain.
        if (call.callee.baseCall >= 0 && blocks(a, int(file), call.callee.baseCall)) continue;
        if (r.kind == ResolvedCall::Kind::Api) {
          const ApiRule &rule = *r.rule;
          if (rule.isAsync || !isIo(rule.detail)) continue;
          Finding f = finding(a, int(file), call.loc,
                              "blocking call `" + call.calleeText + "` (" + std::string(toString(rule.detail)) +
                                  ") inside `async def " + host.name + "` stalls the event loop");
          f.workload = Workload::Io;
          f.recommendation = Recommendation::Async;
          f.help = rule.asyncAlternative.empty() ? "await asyncio.to_thread(" + call.calleeText + ", ...)"
                                                 : rule.asyncAlternative;
          f.evidence = a.callVerdicts[file][c].evidence.toVector();
          out.push_back(std::move(f));
        } else if (r.kind == ResolvedCall::Kind::Function) {
          const FunctionFact &callee = a.program->function(r.file, r.function);
          if (callee.isAsync) continue;  // its own blocking calls are reported inside it
          const Verdict &io = a.summary(r.file, r.function).blockingIo;
          if (!io.known() || io.confidence < kIoThreshold) continue;
          std::string last = io.evidence.empty() ? "" : io.evidence.back().message;
          last = last.substr(0, last.find(':'));
          Finding f = finding(a, int(file), call.loc,
                              "`" + call.calleeText + "` blocks on " + std::string(toString(io.detail)) + " (via `" +
                                  last + "`) inside `async def " + host.name + "` and stalls the event loop");
          f.workload = Workload::Io;
          f.recommendation = Recommendation::Async;
          f.help = "await asyncio.to_thread(" + call.calleeText + ", ...), or make the chain async";
          f.evidence = a.callVerdicts[file][c].evidence.toVector();
          out.push_back(std::move(f));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW201() { return std::make_unique<BlockingCallInAsync>(); }

}  // namespace boundwise
