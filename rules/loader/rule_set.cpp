#include "rules/loader/rule_set.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <set>

#include "analyzer/core/embedded.h"
#include "rules/loader/yaml_bounds.h"

namespace boundwise {

std::string_view toString(Executor e) {
  switch (e) {
    case Executor::Threads: return "threads";
    case Executor::Processes: return "processes";
    case Executor::DefaultExecutor: return "default-executor";
    case Executor::ExecutorArgument: return "executor-argument";
    case Executor::AsyncTask: return "async-task";
  }
  return "threads";
}

namespace {

struct RuleError {
  YAML::Mark mark;
  std::string message;
};

std::string where(const std::string &path, const YAML::Mark &mark) {
  if (mark.line < 0) return path;
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string scalar(const YAML::Node &node, const char *key) {
  if (!node.IsScalar()) throw RuleError{node.Mark(), std::string("'") + key + "' must be a string"};
  return node.Scalar();
}

bool boolean(const YAML::Node &node, const char *key) {
  const std::string s = scalar(node, key);
  if (s == "true") return true;
  if (s == "false") return false;
  throw RuleError{node.Mark(), std::string("'") + key + "' must be true or false, not '" + s + "'"};
}

int index(const YAML::Node &node, const char *key) {
  const std::string s = scalar(node, key);
  try {
    size_t used = 0;
    int value = std::stoi(s, &used);
    if (used == s.size() && value >= 0) return value;
  } catch (const std::exception &) {
  }
  throw RuleError{node.Mark(), std::string("'") + key + "' must be a non-negative argument index, not '" + s + "'"};
}

void rejectUnknownKeys(const YAML::Node &map, std::initializer_list<std::string_view> allowed, const char *what) {
  for (const auto &kv : map) {
    const std::string key = kv.first.Scalar();
    bool known = false;
    for (auto a : allowed) known |= (a == key);
    if (!known) throw RuleError{kv.first.Mark(), std::string("unknown key '") + key + "' in " + what};
  }
}

DispatchSpec parseDispatch(const YAML::Node &node) {
  if (!node.IsMap()) throw RuleError{node.Mark(), "'dispatch' must be a mapping"};
  rejectUnknownKeys(node,
                    {"executor", "callable", "callable_keyword", "iterable", "args", "args_keyword",
                     "executor_argument", "chunksize", "chunksize_argument"},
                    "dispatch");
  DispatchSpec spec;
  if (!node["executor"]) throw RuleError{node.Mark(), "'dispatch' needs 'executor'"};
  const std::string executor = scalar(node["executor"], "executor");
  static const std::array<std::pair<std::string_view, Executor>, 5> executors{{
      {"threads", Executor::Threads},
      {"processes", Executor::Processes},
      {"default-executor", Executor::DefaultExecutor},
      {"executor-argument", Executor::ExecutorArgument},
      {"async-task", Executor::AsyncTask},
  }};
  bool found = false;
  for (const auto &[name, value] : executors)
    if (name == executor) spec.executor = value, found = true;
  if (!found)
    throw RuleError{node["executor"].Mark(),
                    "executor '" + executor +
                        "' is not one of threads, processes, default-executor, executor-argument, async-task"};
  if (node["callable"]) spec.callable = index(node["callable"], "callable");
  if (node["callable_keyword"]) spec.callableKeyword = scalar(node["callable_keyword"], "callable_keyword");
  if (node["iterable"]) spec.iterable = index(node["iterable"], "iterable");
  if (node["args"]) spec.args = index(node["args"], "args");
  if (node["args_keyword"]) spec.argsKeyword = scalar(node["args_keyword"], "args_keyword");
  if (node["executor_argument"]) spec.executorArgument = index(node["executor_argument"], "executor_argument");
  if (spec.executor == Executor::ExecutorArgument && spec.executorArgument < 0)
    throw RuleError{node.Mark(), "executor-argument dispatch needs 'executor_argument'"};
  if (spec.callable < 0 && spec.callableKeyword.empty())
    throw RuleError{node.Mark(), "'dispatch' needs 'callable' or 'callable_keyword'"};
  if (node["chunksize_argument"]) spec.chunksizeArgument = index(node["chunksize_argument"], "chunksize_argument");
  if (node["chunksize"]) {
    const std::string c = scalar(node["chunksize"], "chunksize");
    if (c != "one" && c != "auto") throw RuleError{node["chunksize"].Mark(), "chunksize must be 'one' or 'auto'"};
    spec.chunksizeOne = (c == "one");
  }
  return spec;
}

ApiRule parseRule(const YAML::Node &node, const std::string &path) {
  if (!node.IsMap()) throw RuleError{node.Mark(), "each rule must be a mapping with 'api' and 'effect'"};
  rejectUnknownKeys(node,
                    {"api", "effect", "releases_gil", "writes", "cost", "kind", "returns", "async_alternative",
                     "lock", "spawns_processes", "dispatch", "note", "waits", "replay", "replay_read_mode",
                     "replay_without_keyword", "replay_select"},
                    "rule");
  ApiRule rule;
  rule.file = path;
  rule.line = node.Mark().line + 1;
  if (!node["api"]) throw RuleError{node.Mark(), "rule without 'api'"};
  rule.api = scalar(node["api"], "api");
  if (rule.api.empty() || rule.api.front() == '.' || rule.api.back() == '.' ||
      rule.api.find(' ') != std::string::npos)
    throw RuleError{node["api"].Mark(), "'" + rule.api + "' is not a dotted API name"};
  if (!node["effect"]) throw RuleError{node.Mark(), "rule '" + rule.api + "' has no 'effect'"};
  const std::string effect = scalar(node["effect"], "effect");
  if (effect == "async") {
    rule.isAsync = true;
  } else if (effect != "none") {
    auto detail = parseDetail(effect);
    if (!detail || *detail == Detail::Unknown || *detail == Detail::Mixed)
      throw RuleError{node["effect"].Mark(),
                      "effect '" + effect +
                          "' is not one of io:network io:disk io:sleep io:subprocess io:db io:ipc io:console "
                          "cpu:python cpu:native-gil cpu:native-nogil async none"};
    rule.detail = *detail;
  }
  rule.releasesGil = !holdsGil(rule.detail);
  if (node["releases_gil"]) rule.releasesGil = boolean(node["releases_gil"], "releases_gil");
  if (node["writes"]) rule.writes = boolean(node["writes"], "writes");
  if (node["cost"]) {
    const std::string c = scalar(node["cost"], "cost");
    if (c == "light") rule.cost = Cost::Light;
    else if (c == "moderate") rule.cost = Cost::Moderate;
    else if (c == "heavy") rule.cost = Cost::Heavy;
    else throw RuleError{node["cost"].Mark(), "cost must be light, moderate or heavy, not '" + c + "'"};
  }
  if (node["kind"]) {
    const std::string k = scalar(node["kind"], "kind");
    if (k != "function" && k != "class") throw RuleError{node["kind"].Mark(), "kind must be function or class"};
    rule.isClass = (k == "class");
  }
  if (node["returns"]) rule.returns = scalar(node["returns"], "returns");
  if (node["async_alternative"]) rule.asyncAlternative = scalar(node["async_alternative"], "async_alternative");
  if (node["lock"]) rule.lock = boolean(node["lock"], "lock");
  if (node["spawns_processes"]) rule.spawnsProcesses = boolean(node["spawns_processes"], "spawns_processes");
  if (node["dispatch"]) rule.dispatch = parseDispatch(node["dispatch"]);
  if (node["note"]) rule.note = scalar(node["note"], "note");
  if (node["replay"]) {
    const std::string r = scalar(node["replay"], "replay");
    if (r != "safe" && r != "unsafe") throw RuleError{node["replay"].Mark(), "replay must be 'safe' or 'unsafe'"};
    rule.replay = r == "safe" ? ApiRule::Replay::Safe : ApiRule::Replay::Unsafe;
  }
  if (node["replay_read_mode"]) rule.replayReadMode = index(node["replay_read_mode"], "replay_read_mode");
  if (node["replay_without_keyword"])
    rule.replayWithoutKeyword = scalar(node["replay_without_keyword"], "replay_without_keyword");
  if (node["replay_select"]) rule.replaySelect = index(node["replay_select"], "replay_select");
  if (node["waits"]) {
    const std::string w = scalar(node["waits"], "waits");
    auto detail = parseDetail(w);
    if (!rule.isAsync) throw RuleError{node["waits"].Mark(), "'waits' is only for effect: async"};
    if (!detail || !isIo(*detail)) throw RuleError{node["waits"].Mark(), "waits '" + w + "' is not an io:* class"};
    rule.waits = *detail;
  }
  return rule;
}

}  // namespace

bool RuleSet::load(std::string_view text, const std::string &path, std::vector<std::string> &errors) {
  std::vector<ApiRule> parsed;
  std::string language;
  try {
    // A project's rule file is read by every run and by the language server: a file that would
    // take unbounded memory or stack is refused before yaml-cpp builds it (yaml_bounds.h).
    if (auto over = checkYamlBounds(text, kRuleYamlLimits)) throw RuleError{over->mark, over->message};
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) throw RuleError{root.Mark(), "a rule file is a mapping with 'language' and 'rules'"};
    rejectUnknownKeys(root, {"language", "rules"}, "rule file");
    if (!root["language"]) throw RuleError{root.Mark(), "missing 'language: python' (or cpp)"};
    language = scalar(root["language"], "language");
    if (language != "python" && language != "cpp")
      throw RuleError{root["language"].Mark(), "language '" + language + "' is not supported (python, cpp)"};
    if (!root["rules"] || !root["rules"].IsSequence())
      throw RuleError{root.Mark(), "'rules' must be a list of rules"};
    std::set<std::string> seen;
    for (const auto &node : root["rules"]) {
      ApiRule rule = parseRule(node, path);
      if (!seen.insert(rule.api).second)
        throw RuleError{node.Mark(), "rule '" + rule.api + "' is listed twice in this file"};
      parsed.push_back(std::move(rule));
    }
  } catch (const RuleError &e) {
    errors.push_back(where(path, e.mark) + ": error: " + e.message);
    return false;
  } catch (const YAML::Exception &e) {
    errors.push_back(where(path, e.mark) + ": error: invalid YAML: " + e.msg);
    return false;
  }
  for (auto &rule : parsed) {
    // C/C++ names live apart from Python's: `read` the libc call is not a Python `read`.
    if (language == "cpp") {
      rules_["cpp:" + rule.api] = std::move(rule);
      continue;
    }
    wellKnownModules_.insert(rule.api.substr(0, rule.api.find('.')));
    std::string key = rule.api;
    rules_[key] = std::move(rule);
  }
  wellKnownModules_.erase("builtins");
  return true;
}

bool RuleSet::loadBundled(std::vector<std::string> &errors) {
  bool ok = true;
  for (const auto &file : bundledRuleFiles()) ok &= load(file.text, std::string(file.path), errors);
  return ok;
}

const ApiRule *RuleSet::findCpp(std::string_view qualifiedName) const {
  auto it = rules_.find("cpp:" + std::string(qualifiedName));
  return it == rules_.end() ? nullptr : &it->second;
}

const ApiRule *RuleSet::find(std::string_view api) const {
  if (auto it = rules_.find(std::string(api)); it != rules_.end()) return &it->second;
  auto dot = api.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string wildcard(api.substr(0, dot));
  wildcard += ".*";
  if (auto it = rules_.find(wildcard); it != rules_.end()) return &it->second;
  return nullptr;
}

}  // namespace boundwise
