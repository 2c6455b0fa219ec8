/// BW503: Python C API or py::object use inside a region where the GIL is released.
/// Docs: docs/rules/BW503.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class PythonApiWithoutGil final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW503", "python-api-without-gil", Severity::Error,
                             "Python C API / py::object use inside a GIL-released region"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      if (fm.language != Language::Cpp) continue;
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (call.gil != GilState::Released) continue;
        std::string what;
        Evidence inside;
        if (call.pythonApi) {
          what = "`" + call.calleeText + "` uses the Python API";
        } else if (const ResolvedCall &r = a.program->calls[file][c]; r.kind == ResolvedCall::Kind::Function) {
          // A helper entered with whatever GIL state its caller has, that uses the Python API.
          const FileModel &callee = a.program->files[r.file];
          if (callee.functions[r.function].entryGil != GilState::Unknown) continue;
          for (const CallFact &inner : callee.calls)
            if (inner.function == r.function && inner.pythonApi && inner.gil == GilState::Unknown) {
              what = "`" + call.calleeText + "` uses the Python API (`" + inner.calleeText + "` at " + callee.path +
                     ":" + std::to_string(inner.loc.line) + ")";
              inside = {callee.path, inner.loc.line, inner.loc.column, "`" + inner.calleeText + "` needs the GIL"};
              break;
            }
        }
        if (what.empty()) continue;
        Finding f = finding(a, int(file), call.loc,
                            what + " while the GIL is released: Python objects may only be touched with the GIL held "
                                   "(a crash or corrupted reference counts)");
        f.help = "move it out of the release scope, or re-acquire the GIL around it (py::gil_scoped_acquire, "
                 "PyGILState_Ensure/Release)";
        f.evidence.push_back({fm.path, call.loc.line, call.loc.column, "the GIL is released here"});
        if (!inside.path.empty()) f.evidence.push_back(inside);
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW503() { return std::make_unique<PythonApiWithoutGil>(); }

}  // namespace boundwise
