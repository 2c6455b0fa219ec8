#pragma once
// The native profile as a text table and as the JSON of DESIGN.md (`functions` and `call_sites`
// with `measured`), matched against the static C++ classification when there is one.
#include <ostream>
#include <string>
#include <vector>

#include "profiler/native/analysis/attribution.h"

namespace boundwise::native {

// A function or call site the static pass classified (C++ frontend).
struct StaticFunction {
  std::string id, path, name;  // path as displayed; name: qualified C++ name
  int line = 0, endLine = 0;
  std::string workload, detail;
  double confidence = 0;
};
struct StaticCallSite {
  std::string path, callee, function;  // function: the enclosing StaticFunction id
  int line = 0, column = 0;
  std::string workload, detail, recommendation;
  double confidence = 0;
};

struct ProfileRun {
  std::vector<std::string> command;
  std::string outcome;  // "exit 0", "signal SIGSEGV", "timeout after 2 s"
  double wallSeconds = 0;
  bool staticallyLinked = false;
  std::vector<std::string> notes;  // said once in the text and listed in the JSON
  bool staticPass = false;         // a static pass ran (--source)
  std::vector<StaticFunction> staticFunctions;
  std::vector<StaticCallSite> staticCallSites;
};

// `path` relative to the current directory when it is below it.
std::string shownPath(const std::string &path);

void renderProfileText(const ProfileRun &run, const NativeProfile &profile, std::ostream &out);
void renderProfileJson(const ProfileRun &run, const NativeProfile &profile, std::ostream &out);

}  // namespace boundwise::native
