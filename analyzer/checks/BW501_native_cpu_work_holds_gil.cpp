/// BW501: a C/C++ extension function does heavy CPU work with the GIL held.
/// Docs: docs/rules/BW501.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class NativeCpuWorkHoldsGil final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW501", "native-cpu-work-holds-gil", Severity::Warning,
                             "C/C++ extension function doing heavy CPU work without releasing the GIL"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      for (const NativeBindingFact &b : fm.bindings) {
        if (b.entry < 0 || b.releasesGil) continue;
        // The entry's summary: the bound function as called through this binding.
        const Verdict &cpu = a.summary(int(file), b.entry).cpu;
        if (cpu.detail != Detail::CpuNativeGil || cpu.confidence < kCpuThreshold || cpu.evidence.empty()) continue;
        const bool touchesPython = b.function >= 0 && usesPythonApi(fm, b.function);
        // evidence[0] is the binding's call of the function; the heavy step comes next.
        const Evidence &heavy = cpu.evidence.size() > 1 ? cpu.evidence[1] : cpu.evidence.front();
        // The fix goes on the binding (a call_guard) when the whole function can run without
        // the GIL; otherwise around the heavy step, inside the function.
        const bool atBinding = b.api != "c-api" && !touchesPython;
        Location loc = b.loc;
        if (!atBinding) {
          loc = Location{heavy.line, heavy.column, heavy.line, heavy.column};
        }
        Finding f = finding(a, int(file), loc,
                            "`" + b.module + "." + b.name + "` (" + (b.function >= 0 ? boundName(a.program->function(int(file), b.function)) : b.target) +
                                ") does heavy CPU work with the GIL held: Python threads that call it run one at a "
                                "time, and every other thread waits");
        f.workload = Workload::Cpu;
        f.recommendation = Recommendation::Threads;
        if (b.api == "c-api")
          f.help = "wrap the heavy work in Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS (no Python API inside)";
        else if (atBinding)
          f.help = "add " + std::string(b.api == "nanobind" ? "nb::call_guard<nb::gil_scoped_release>()"
                                                            : "py::call_guard<py::gil_scoped_release>()") +
                   " to the binding";
        else
          f.help = std::string("release the GIL around the heavy work: { ") +
                   (b.api == "nanobind" ? "nb" : "py") + "::gil_scoped_release release; ... } (no Python objects inside)";
        f.evidence = cpu.evidence.toVector();
        out.push_back(std::move(f));
      }
    }
  }

 private:
  static std::string boundName(const FunctionFact &fn) {
    return fn.isLambda ? "a lambda at line " + std::to_string(fn.loc.line) : fn.qualname;
  }

  static bool usesPythonApi(const FileModel &fm, int function) {
    for (const CallFact &c : fm.calls)
      if (c.function == function && c.pythonApi) return true;
    return false;
  }
};

}  // namespace

std::unique_ptr<Check> makeBW501() { return std::make_unique<NativeCpuWorkHoldsGil>(); }

}  // namespace boundwise
