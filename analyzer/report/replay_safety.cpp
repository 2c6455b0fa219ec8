#include "analyzer/report/replay_safety.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <set>

namespace boundwise {
namespace {

std::string where(const FileModel &fm, const CallFact &call) { return fm.path + ":" + std::to_string(call.loc.line); }

// The argument at positional index `index`, or the keyword `keyword`; null when absent.
const ArgFact *argument(const CallFact &call, int index, const std::string &keyword) {
  int positional = 0;
  for (const ArgFact &a : call.args) {
    if (!a.keyword.empty()) {
      if (a.keyword == keyword) return &a;
      continue;
    }
    if (a.kind == ArgKind::Starred) return &a;  // *args may hold it: not a literal
    if (positional++ == index) return &a;
  }
  return nullptr;
}

// The text of a plain string literal ('wb', "SELECT ..."), without prefix and quotes; false for
// anything else (a name, an f-string, a concatenation).
bool stringLiteral(const ArgFact &a, std::string &out) {
  if (a.kind != ArgKind::Literal) return false;
  std::string_view t = a.text;
  size_t i = 0;
  while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) {
    const char c = char(std::tolower(static_cast<unsigned char>(t[i])));
    if (c != 'r' && c != 'b' && c != 'u') return false;  // f-strings are not constant
    ++i;
  }
  t.remove_prefix(i);
  for (std::string_view q : {"\"\"\"", "'''", "\"", "'"}) {
    if (t.size() >= 2 * q.size() && t.starts_with(q) && t.ends_with(q)) {
      out = std::string(t.substr(q.size(), t.size() - 2 * q.size()));
      return out.find(q) == std::string::npos;  // "a" "b" concatenations stay out
    }
  }
  return false;
}

std::string ruleReason(const ApiRule &rule, const CallFact &call, const std::string &name, const std::string &at) {
  // A rule's argument condition decides before its conservative `writes` (a literal SELECT
  // through an `execute` that may write).
  const bool conditional = !rule.replayWithoutKeyword.empty() || rule.replayReadMode >= 0 || rule.replaySelect >= 0;
  if (rule.writes && !conditional) return "it writes (" + name + " at " + at + ")";
  if (rule.replay == ApiRule::Replay::Unsafe) return "it may act outside the process (" + name + " at " + at + ")";
  if (!rule.replayWithoutKeyword.empty())
    for (const ArgFact &a : call.args)
      if (a.keyword == rule.replayWithoutKeyword)
        return "it writes (" + name + " with " + a.keyword + "= at " + at + ")";
  if (!rule.replayWithoutKeyword.empty() && rule.replayReadMode < 0 && rule.replaySelect < 0)
    return rule.writes ? "it writes (" + name + " at " + at + ")" : "";
  if (rule.replayReadMode >= 0) {
    const ArgFact *mode = argument(call, rule.replayReadMode, "mode");
    std::string text;
    if (!mode) return "";  // the default mode reads
    if (!stringLiteral(*mode, text)) return "it may open a file for writing (" + name + " with mode " + mode->text + " at " + at + ")";
    if (text.find_first_of("wax+") != std::string::npos)
      return "it opens a file for writing (" + name + " with mode '" + text + "' at " + at + ")";
    return "";
  }
  if (rule.replaySelect >= 0) {
    const ArgFact *sql = argument(call, rule.replaySelect, "sql");
    std::string text;
    if (sql && stringLiteral(*sql, text)) {
      size_t i = 0;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      std::string first;
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
        first += char(std::toupper(static_cast<unsigned char>(text[i++])));
      if (first == "SELECT" && text.find(';') == std::string::npos) return "";
    }
    return "it may change the database (" + name + " of anything but a literal SELECT at " + at + ")";
  }
  if (rule.replay == ApiRule::Replay::Safe) return "";
  if (rule.isAsync) {
    if (rule.waits == Detail::Unknown || rule.waits == Detail::IoSleep) return "";
    return "it does I/O not marked safe to repeat (" + name + ", " + std::string(toString(rule.waits)) + ", at " + at + ")";
  }
  if (isIo(rule.detail) && rule.detail != Detail::IoSleep && rule.detail != Detail::IoConsole)
    return "it does I/O not marked safe to repeat (" + name + ", " + std::string(toString(rule.detail)) + ", at " + at + ")";
  return "";  // computation, a sleep, the console (the replay's own output)
}

// Python's builtin functions and types that act only inside the process. Left out: open, print
// and input (the rules describe them), and exec, eval, compile, __import__, breakpoint, help,
// exit and quit, which can do anything.
bool isComputingBuiltin(const std::string &name) {
  static const std::set<std::string> kNames{
      "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr",
      "classmethod", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "filter", "float", "format",
      "frozenset", "getattr", "globals", "hasattr", "hash", "hex", "id", "int", "isinstance", "issubclass", "iter",
      "len", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "ord", "pow", "property",
      "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum",
      "super", "tuple", "type", "vars", "zip"};
  return kNames.count(name) > 0;
}

std::string lastName(const std::string &dotted) {
  const size_t dot = dotted.rfind('.');
  return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

}  // namespace

ReplaySafety::ReplaySafety(const Program &program, const RuleSet &rules) : p_(program) {
  for (const auto &[api, rule] : rules.all()) {
    if (api.find("::") != std::string::npos || api.find('.') == std::string::npos) continue;  // C/C++, or a module
    const bool mayWrite = rule.writes || rule.replay == ApiRule::Replay::Unsafe || rule.replayReadMode >= 0 ||
                          rule.replaySelect >= 0;
    if (!mayWrite) continue;
    auto [it, fresh] = unsafeMethodNames_.try_emplace(lastName(api), api);
    if (!fresh && api < it->second) it->second = api;
  }
}

std::string ReplaySafety::callReason(int f, int c) const {
  const FileModel &fm = p_.files[size_t(f)];
  const CallFact &call = fm.calls[size_t(c)];
  const ResolvedCall &rc = p_.calls[size_t(f)][size_t(c)];
  const std::string at = where(fm, call);
  switch (rc.kind) {
    case ResolvedCall::Kind::Function: return "";  // followed by reachReason
    case ResolvedCall::Kind::Api:
      if (rc.rule) return ruleReason(*rc.rule, call, rc.name, at);
      if (rc.name.rfind("builtins.", 0) == 0) return "";  // a builtin no rule singles out: computation
      return "it calls " + rc.name + ", which no rule describes (at " + at + ")";
    case ResolvedCall::Kind::Unresolved: break;
  }
  const std::string &text = call.calleeText;
  if (text.find_first_of("([") != std::string::npos) return "it makes a dynamic call (" + text + " at " + at + ")";
  if (text.find('.') == std::string::npos) {
    // A builtin no rule names (range, sum, sorted): computation, unless something in the
    // enclosing scopes binds the name (a callable passed in or computed: unknown).
    bool bound = false;
    for (int sc = call.scope; sc >= 0 && size_t(sc) < fm.scopes.size(); sc = fm.scopes[size_t(sc)].parent)
      bound = bound || fm.scopes[size_t(sc)].names.count(text) > 0;
    if (!bound && isComputingBuiltin(text)) return "";
    return "it calls " + text + ", which boundwise could not resolve (at " + at + ")";
  }
  // A method of a value made here or of a copy of an argument (live files, sockets and connections
  // do not pickle): computation, unless its name is one that a rule says may write.
  const std::string method = lastName(text);
  if (auto writer = unsafeMethodNames_.find(method); writer != unsafeMethodNames_.end())
    return "it calls " + text + " on an object of unknown type, and " + writer->second +
           " may act outside the process (at " + at + ")";
  return "";
}

std::string ReplaySafety::reachReason(std::vector<std::pair<int, int>> start) {
  std::set<std::pair<int, int>> seen(start.begin(), start.end());
  std::deque<std::pair<int, int>> todo(start.begin(), start.end());
  auto visit = [&](int f, int fn) {
    if (seen.insert({f, fn}).second) todo.emplace_back(f, fn);
  };
  auto importsOf = [&](int f) {
    // The project modules that importing file f imports (its packages' __init__ files too).
    const FileModel &fm = p_.files[size_t(f)];
    std::vector<std::string> modules;
    for (std::string m = fm.moduleName; m.find('.') != std::string::npos;) {
      m = m.substr(0, m.rfind('.'));
      modules.push_back(m);
    }
    if (!fm.scopes.empty())
      for (const auto &[name, b] : fm.scopes[0].names)
        if (b.kind == Binding::Kind::Import)
          for (std::string m = b.target; !m.empty(); m = m.find('.') == std::string::npos ? "" : m.substr(0, m.rfind('.')))
            modules.push_back(m);
    std::sort(modules.begin(), modules.end());
    for (const auto &m : modules)
      if (auto it = p_.modules.find(m); it != p_.modules.end()) visit(it->second, -1);
  };
  while (!todo.empty()) {
    const auto [f, fn] = todo.front();
    todo.pop_front();
    const FileModel &fm = p_.files[size_t(f)];
    if (fm.language != Language::Python) continue;  // a native extension's own effects are its rules'
    if (fn < 0) importsOf(f);
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const CallFact &call = fm.calls[c];
      if (call.function != fn) continue;
      if (fn < 0 && call.underMainGuard) continue;  // not run on import
      if (std::string why = callReason(f, int(c)); !why.empty()) return why;
      const ResolvedCall &rc = p_.calls[size_t(f)][c];
      if (rc.kind == ResolvedCall::Kind::Function && rc.file >= 0 && rc.function >= 0) {
        visit(rc.file, rc.function);
        visit(rc.file, -1);
      }
    }
  }
  return "";
}

std::string ReplaySafety::functionReason(int file, int function) {
  auto [it, fresh] = functionMemo_.try_emplace({file, function});
  if (fresh) {
    std::vector<std::pair<int, int>> start{{file, -1}};  // importing its module runs that code
    if (function >= 0) start.insert(start.begin(), {file, function});
    it->second = reachReason(std::move(start));
  }
  return it->second;
}

std::string ReplaySafety::apiCallReason(int file, int call) {
  if (std::string why = callReason(file, call); !why.empty()) return why;
  return functionReason(file, -1);  // the module's import-time code, walked once per file
}

}  // namespace boundwise
