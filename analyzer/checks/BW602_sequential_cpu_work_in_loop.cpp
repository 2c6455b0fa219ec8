/// BW602: independent heavy CPU calls made one after another in a loop.
/// Docs: docs/rules/BW602.md
#include <set>

#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

constexpr double kStrongCpu = 0.7;

class SequentialCpuWorkInLoop final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW602", "sequential-cpu-work-in-loop", Severity::Info,
                             "independent heavy CPU calls in a loop use one core"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      std::set<int> reported;
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (call.loops.empty()) continue;
        const ResolvedCall &r = a.program->calls[file][c];
        if (r.kind != ResolvedCall::Kind::Function) continue;
        const FunctionFact &callee = a.program->function(r.file, r.function);
        if (callee.isAsync) continue;
        const FunctionSummary &s = a.summary(r.file, r.function);
        // Worth a process pool only when the evidence is strong (a heavy loop a hop or two away).
        if (!isCpu(s.overall.detail) || s.overall.confidence < kStrongCpu) continue;
        const int loop = independentLoopOf(fm, call);
        if (loop < 0 || a.ioLoops[file][loop] || !reported.insert(loop).second) continue;
        const LoopFact &l = fm.loops[loop];
        if (l.bound == LoopBound::Literal && l.iterations < 2) continue;
        const Recommendation rec = recommendFor(s.overall.detail, false, a.target);
        Finding f = finding(a, int(file), call.loc,
                            "`" + call.calleeText + "` is CPU-bound (" + std::string(toString(s.overall.detail)) +
                                ") and runs once per item of `" + l.iterText +
                                "`, one after another on one core; the iterations are independent");
        f.workload = Workload::Cpu;
        f.recommendation = rec;
        const char *pool = rec == Recommendation::Threads        ? "ThreadPoolExecutor"
                           : rec == Recommendation::Interpreters ? "InterpreterPoolExecutor"
                                                                 : "ProcessPoolExecutor";
        f.help = std::string("with ") + pool +
                 "() as pool: results = list(pool.map(" + call.calleeText + ", " + l.iterText + "))";
        if (fm.language == Language::Cpp)
          f.help = "split the items over std::thread::hardware_concurrency() threads (a thread pool, or std::async "
                   "per chunk); native code without the GIL runs in parallel";
        f.evidence = a.callVerdicts[file][c].evidence.toVector();
        f.evidence.insert(f.evidence.begin(), Evidence{fm.path, l.loc.line, l.loc.column, "the loop"});
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW602() { return std::make_unique<SequentialCpuWorkInLoop>(); }

}  // namespace boundwise
