/// BW202: heavy CPU work inside `async def`. Docs: docs/rules/BW202.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class CpuBoundWorkInAsync final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW202", "cpu-bound-work-in-async", Severity::Warning,
                             "heavy CPU work inside `async def` stalls the event loop"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      // Calls to heavy functions or heavy native APIs.
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (!inAsyncBody(a, int(file), call)) continue;
        const ResolvedCall &r = a.program->calls[file][c];
        const Verdict &v = a.callVerdicts[file][c];
        if (!isCpu(v.detail) || v.confidence < kCpuThreshold) continue;
        if (r.kind == ResolvedCall::Kind::Function && a.program->function(r.file, r.function).isAsync) continue;
        if (r.kind == ResolvedCall::Kind::Api && r.rule->cost != Cost::Heavy) continue;
        report(a, int(file), call.function, call.loc,
               "`" + call.calleeText + "` is CPU-bound (" + std::string(toString(v.detail)) + ") and runs", v, out);
      }
      // Heavy loops written in the coroutine itself.
      for (size_t fi = 0; fi < fm.functions.size(); ++fi) {
        const FunctionFact &fn = fm.functions[fi];
        if (!fn.isAsync) continue;
        const Verdict &v = a.summary(int(file), int(fi)).intrinsicCpu;
        if (!v.known() || v.confidence < kCpuThreshold || v.evidence.empty()) continue;
        const Evidence &e = v.evidence.front();
        // The evidence is a loop, or the recursion itself (at the function's own line).
        const bool recursion = e.line == fn.loc.line && e.column == fn.loc.column;
        report(a, int(file), int(fi), Location{e.line, e.column, e.line, e.column},
               std::string(recursion ? "this recursion" : "this loop") + " is CPU-bound (" + e.message + ") and runs", v,
               out);
      }
    }
  }

 private:
  void report(const Analysis &a, int file, int function, const Location &loc, const std::string &what, const Verdict &v,
              std::vector<Finding> &out) const {
    const FunctionFact &host = a.program->function(file, function);
    Finding f = finding(a, file, loc,
                        what + " inside `async def " + host.name +
                            "`: no other task runs until it finishes");
    f.workload = Workload::Cpu;
    f.recommendation = recommendFor(v.detail, false, a.target);
    switch (f.recommendation) {
      case Recommendation::Threads:
        f.help = v.detail == Detail::CpuNativeNogil ? "await asyncio.to_thread(...): this native code releases the GIL"
                                                    : "await asyncio.to_thread(...): threads run bytecode in parallel on a free-threaded build";
        break;
      case Recommendation::Interpreters:
        f.help = "await loop.run_in_executor(interpreter_pool, func, ...) with concurrent.futures.InterpreterPoolExecutor";
        break;
      default:
        f.help = "await loop.run_in_executor(process_pool, func, ...) with a ProcessPoolExecutor";
    }
    f.evidence = v.evidence.toVector();
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Check> makeBW202() { return std::make_unique<CpuBoundWorkInAsync>(); }

}  // namespace boundwise
