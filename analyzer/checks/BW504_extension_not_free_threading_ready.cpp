/// BW504: with --free-threaded, an extension module that does not declare it can run without
/// the GIL. Docs: docs/rules/BW504.md
#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class ExtensionNotFreeThreadingReady final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW504", "extension-not-free-threading-ready", Severity::Warning,
                             "extension module lacks Py_mod_gil / py::mod_gil_not_used() (free-threaded target)"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    if (!a.target.freeThreaded) return;
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      for (const NativeModuleFact &m : fm.nativeModules) {
        // nanobind opts in at build time (nanobind_add_module(... FREE_THREADED)): not visible here.
        if (m.declaresNoGil || m.api == "nanobind") continue;
        Finding f = finding(a, int(file), m.loc,
                            "extension module `" + m.name +
                                "` does not declare that it runs without the GIL: a free-threaded CPython turns the "
                                "GIL back on for the whole process when it imports it");
        f.help = m.api == "pybind11"
                     ? "PYBIND11_MODULE(" + m.name + ", m, py::mod_gil_not_used()) (pybind11 2.13+), once the module is thread-safe"
                     : "add {Py_mod_gil, Py_MOD_GIL_NOT_USED} to the module's slots (or call PyUnstable_Module_SetGIL "
                       "in PyInit_" + m.name + "), once the module is thread-safe";
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW504() { return std::make_unique<ExtensionNotFreeThreadingReady>(); }

}  // namespace boundwise
