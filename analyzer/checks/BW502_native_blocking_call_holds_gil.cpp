/// BW502: a C/C++ extension function blocks (read, recv, sleep, fstream, waits) with the GIL held.
/// Docs: docs/rules/BW502.md
#include <map>
#include <set>

#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class NativeBlockingCallHoldsGil final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW502", "native-blocking-call-holds-gil", Severity::Warning,
                             "C/C++ extension function blocking with the GIL held"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      std::map<int, const NativeBindingFact *> bound;  // bound function -> its (first) binding
      std::set<int> reported;
      for (const NativeBindingFact &b : fm.bindings)
        if (b.function >= 0) bound.emplace(b.function, &b);
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (!bound.count(call.function) || call.gil != GilState::Held) continue;
        const Verdict &v = a.callVerdicts[file][c];
        if (!isIo(v.detail) || v.confidence < kIoThreshold || !reported.insert(int(c)).second) continue;
        const NativeBindingFact *b = bound.at(call.function);
        Finding f = finding(a, int(file), call.loc,
                            "`" + call.calleeText + "` blocks (" + std::string(toString(v.detail)) +
                                ") with the GIL held, in `" + b->module + "." + b->name +
                                "`: every Python thread waits until it returns");
        f.workload = Workload::Io;
        f.recommendation = Recommendation::Threads;
        f.help = b->api == "c-api" ? "wrap the call in Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS"
                 : b->api == "nanobind"
                     ? "release the GIL around it: { nb::gil_scoped_release release; ... }"
                     : "release the GIL around it: { py::gil_scoped_release release; ... }";
        f.evidence.push_back({fm.path, b->loc.line, b->loc.column, b->text + " binds " + b->module + "." + b->name + ", called with the GIL held"});
        f.evidence.insert(f.evidence.end(), v.evidence.begin(), v.evidence.end());
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW502() { return std::make_unique<NativeBlockingCallHoldsGil>(); }

}  // namespace boundwise
