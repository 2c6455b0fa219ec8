#pragma once
// API knowledge loaded from rule files (rules/schema.md): what a call does, as data.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/workload.h"

namespace boundwise {

enum class Executor { Threads, Processes, DefaultExecutor, ExecutorArgument, AsyncTask };
std::string_view toString(Executor);

struct DispatchSpec {
  Executor executor = Executor::Threads;
  int callable = -1;             // positional index of the callable
  std::string callableKeyword;   // or the keyword that carries it
  int iterable = -1;             // map-like calls
  int args = -1;                 // first positional argument passed on to the callable
  std::string argsKeyword;       // keyword holding the argument tuple
  int executorArgument = -1;     // ExecutorArgument: which argument is the executor
  bool chunksizeOne = false;     // map-like call that sends one item per task by default
  int chunksizeArgument = -1;    // positional index where chunksize may be passed
};

enum class Cost { Light, Moderate, Heavy };

struct ApiRule {
  std::string api;
  Detail detail = Detail::Unknown;  // io:* / cpu:* effects
  bool isAsync = false;             // effect: async (an awaitable, never blocks)
  Detail waits = Detail::Unknown;   // async only: what the awaitable waits on (io:network, io:sleep, ...)
  bool releasesGil = true;
  bool writes = false;
  Cost cost = Cost::Moderate;
  bool isClass = false;
  std::string returns;
  std::string asyncAlternative;
  bool lock = false;
  bool spawnsProcesses = false;
  std::optional<DispatchSpec> dispatch;
  // Whether `boundwise profile --replay` may repeat the call (analyzer/report/replay_safety.h).
  enum class Replay { Default, Safe, Unsafe };
  Replay replay = Replay::Default;  // `replay: safe|unsafe`; by default only effects that stay in the process
  int replayReadMode = -1;          // `replay_read_mode: N`: safe when argument N (or `mode=`) is a read mode
  std::string replayWithoutKeyword; // `replay_without_keyword: K`: safe only without keyword K (`print(file=)`)
  int replaySelect = -1;            // `replay_select: N`: safe when argument N is a literal SELECT statement
  std::string note;
  std::string file;  // where the rule was read from, for the evidence chain
  int line = 0;
};

class RuleSet {
 public:
  // Parses one rule file. Errors are appended as "file:line:col: message"; a file with
  // any error contributes no rule. Returns whether the file was clean.
  bool load(std::string_view text, const std::string &path, std::vector<std::string> &errors);
  // Loads the rule files compiled into the binary.
  bool loadBundled(std::vector<std::string> &errors);

  // Exact API name, else `Class.*` for a method of a class that has a wildcard rule.
  const ApiRule *find(std::string_view api) const;
  // A C/C++ API by its qualified name as Clang resolves it (`read`, `std::this_thread::sleep_for`).
  const ApiRule *findCpp(std::string_view qualifiedName) const;
  // Top-level module names that appear in rules: for snippets that use `os` without importing it.
  bool isWellKnownModule(std::string_view name) const { return wellKnownModules_.count(std::string(name)) > 0; }
  size_t size() const { return rules_.size(); }
  const std::unordered_map<std::string, ApiRule> &all() const { return rules_; }

 private:
  std::unordered_map<std::string, ApiRule> rules_;
  std::set<std::string> wellKnownModules_;
};

}  // namespace boundwise
