#pragma once
// One `boundwise check` run: discover -> read -> extract facts (parallel) -> link ->
// classify -> checks -> suppressions and code selection.
#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/core/analysis.h"
#include "analyzer/core/finding.h"

namespace boundwise {

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  std::vector<std::string> select;  // code prefixes; empty = all
  std::vector<std::string> ignore;
  std::vector<std::string> ruleFiles;
  std::vector<std::pair<std::string, std::vector<std::string>>> perFileIgnores;  // glob -> code prefixes
  std::map<std::string, Severity> severityOverrides;                              // code -> severity
  int jobs = 0;  // 0 = all cores
  Target target;
  // When set, called once the files are parsed to learn the target (it may ask the python3 on
  // PATH, which is slow to start: the answer is fetched while the files are parsed).
  std::function<Target()> resolveTarget;
  uint64_t maxFileBytes = 10ull << 20;
  // Unsaved editor buffers: path (keyed by displayPath() of file_discovery.h) -> text analysed
  // instead of the file on disk. A path that is not on
  // disk is analysed too when it is listed in `paths`.
  std::map<std::string, std::string> overlays;
  bool progress = false;  // draw progress on stderr
  // C/C++ flags (docs/cpp.md): -p BUILD_DIR, or the fixed flags after `--`.
  std::string compileCommandsDir;
  bool compilerFlagsGiven = false;
  std::vector<std::string> compilerFlags;
};

struct InputProblem {
  std::string path;
  int line = 0;
  int column = 0;
  std::string message;
};

struct CheckResult {
  std::unique_ptr<Program> program;
  std::unique_ptr<PythonLinker> linker;
  std::unique_ptr<RuleSet> rules;
  Analysis analysis;
  std::vector<Finding> findings;
  std::vector<InputProblem> problems;  // each one makes the exit code 2
  std::vector<std::string> ruleErrors; // broken rule files: nothing was analysed
  size_t filesAnalyzed = 0;
  std::vector<std::string> notes;      // said once on stderr (e.g. guessed C++ flags)
};

CheckResult runCheck(const CheckOptions &);

// Whether a code passes --select/--ignore (prefix match, like ruff).
bool codeSelected(const std::string &code, const std::vector<std::string> &select, const std::vector<std::string> &ignore);

}  // namespace boundwise
