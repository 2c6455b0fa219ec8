/// BW402: a lambda, nested function or local class handed to a process pool.
/// Docs: docs/rules/BW402.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class UnpicklableCallableToProcesses final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW402", "unpicklable-callable-to-processes", Severity::Error,
                             "lambdas and nested functions cannot be pickled to worker processes"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (const DispatchSite &d : a.dispatches) {
      if (!isProcessExecutor(d) || d.callable.kind != Symbol::Kind::Function) continue;
      const FileModel &target = a.program->files[d.callable.file];
      const FunctionFact &fn = target.functions[d.callable.index];
      std::string what;
      if (fn.isLambda) what = "a lambda";
      else if (fn.classIndex >= 0 && target.classes[fn.classIndex].definedInFunction)
        what = "`" + fn.qualname + "`, a method of a class defined inside a function,";
      else if (fn.definedInFunction) what = "`" + fn.qualname + "`, a function defined inside another function,";
      if (what.empty()) continue;
      const CallFact &call = a.program->files[d.file].calls[d.call];
      Finding f = finding(a, d.file, call.loc,
                          what + " is sent to worker processes by `" + call.calleeText +
                              "`; pickle sends a function by its module-level name, which this one does not have, "
                              "so the pool fails with a PicklingError");
      f.workload = Workload::Unknown;
      f.recommendation = Recommendation::None;
      f.help = "define the function at module level (functools.partial of a module-level function also pickles)";
      f.evidence.push_back({target.path, fn.loc.line, fn.loc.column, "defined here"});
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW402() { return std::make_unique<UnpicklableCallableToProcesses>(); }

}  // namespace boundwise
