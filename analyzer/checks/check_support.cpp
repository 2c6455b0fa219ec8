#include "analyzer/checks/check_support.h"

namespace boundwise {

const NativeBindingFact *nativeBindingOf(const Program &p, int file, int function) {
  for (const NativeBindingFact &b : p.files[file].bindings)
    if (b.entry == function) return &b;
  return nullptr;
}

Verdict callableVerdict(const Analysis &a, const DispatchSite &d) {
  if (d.callable.kind == Symbol::Kind::Function) {
    Verdict v = a.summary(d.callable.file, d.callable.index).overall;
    return v;
  }
  if (const ApiRule *rule = a.linker->ruleFor(d.callable); rule && !rule->isAsync && rule->detail != Detail::Unknown) {
    Verdict v;
    v.detail = rule->detail;
    v.confidence = isCpu(rule->detail) && rule->cost != Cost::Heavy ? 0.5 : 0.9;
    const CallFact &call = a.program->files[d.file].calls[d.call];
    v.evidence.push_back({a.program->files[d.file].path, call.loc.line, call.loc.column,
                          rule->api + ": " + std::string(toString(rule->detail)) + " (rule " + rule->file + ":" +
                              std::to_string(rule->line) + ")"});
    return v;
  }
  return {};
}

std::string callableName(const Analysis &a, const DispatchSite &d) {
  if (d.callable.kind == Symbol::Kind::Function) {
    if (const NativeBindingFact *b = nativeBindingOf(*a.program, d.callable.file, d.callable.index))
      return "`" + b->module + "." + b->name + "` (native)";
    const FunctionFact &fn = a.program->function(d.callable.file, d.callable.index);
    return fn.isLambda ? "a lambda" : "`" + fn.qualname + "`";
  }
  if (d.callable.kind == Symbol::Kind::Dotted) return "`" + d.callable.dotted + "`";
  return "`" + a.program->files[d.file].calls[d.call].args[d.callableArg].text + "`";
}

bool isProcessExecutor(const DispatchSite &d) { return d.executorKnown && d.executor == Executor::Processes; }
bool isThreadExecutor(const DispatchSite &d) { return d.executorKnown && d.executor == Executor::Threads; }

std::pair<int, int> dispatchedFunction(const DispatchSite &d) {
  if (d.callable.kind == Symbol::Kind::Function) return {d.callable.file, d.callable.index};
  return {-1, -1};
}

bool inAsyncBody(const Analysis &a, int file, const CallFact &call) {
  return call.function >= 0 && a.program->function(file, call.function).isAsync;
}

std::string chainText(const std::vector<Evidence> &chain) {
  std::string out;
  for (const auto &e : chain) {
    if (!out.empty()) out += " -> ";
    out += e.path + ":" + std::to_string(e.line);
  }
  return out;
}

}  // namespace boundwise

#include <algorithm>
#include <cctype>

namespace boundwise {

const Binding *lookupBinding(const FileModel &fm, int scope, const std::string &name) {
  for (int s = scope; s >= 0; s = fm.scopes[s].parent) {
    auto it = fm.scopes[s].names.find(name);
    if (it == fm.scopes[s].names.end()) continue;
    if (it->second.kind == Binding::Kind::Global) return lookupBinding(fm, 0, name);
    if (it->second.kind == Binding::Kind::Nonlocal) continue;
    return &it->second;
  }
  return nullptr;
}

int64_t payloadOf(const FileModel &fm, const CallFact &call, const ArgFact &arg) {
  if (arg.payloadBytes > 0) return arg.payloadBytes;
  if (arg.kind == ArgKind::Name && arg.ref.parts.size() == 1)
    if (const Binding *b = lookupBinding(fm, call.scope, arg.ref.parts[0])) return b->payloadBytes;
  return 0;
}

namespace {
bool isLockObject(const Analysis &a, const std::string &resolvedMethod, const std::string &text) {
  const auto dot = resolvedMethod.rfind('.');
  if (dot != std::string::npos)
    if (const ApiRule *rule = a.linker->ruleFor(Symbol::api(resolvedMethod.substr(0, dot))); rule && rule->lock) return true;
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return t.find("lock") != std::string::npos || t.find("mutex") != std::string::npos;
}
}  // namespace

bool betweenAcquireAndRelease(const Analysis &a, int file, int function, int line) {
  const FileModel &fm = a.program->files[file];
  bool acquired = false, released = false;
  for (size_t c = 0; c < fm.calls.size(); ++c) {
    const CallFact &call = fm.calls[c];
    if (call.function != function || call.callee.parts.empty()) continue;
    const std::string &method = call.callee.parts.back();
    if (method != "acquire" && method != "release") continue;
    if (!isLockObject(a, a.program->calls[file][c].name, call.calleeText)) continue;
    if (method == "acquire" && call.loc.line < line) acquired = true;
    if (method == "release" && call.loc.line > line) released = true;
  }
  return acquired && released;
}

bool underLock(const Analysis &a, int file, int scope, const std::vector<int> &withItems) {
  const FileModel &fm = a.program->files[file];
  for (int w : withItems) {
    const WithItemFact &item = fm.withItems[w];
    Symbol s = item.call >= 0 ? a.linker->resultOf(file, item.call) : a.linker->resolveRef(file, scope, item.value);
    if (s.kind == Symbol::Kind::Instance && s.file < 0) {
      if (const ApiRule *rule = a.linker->ruleFor(Symbol::api(s.dotted)); rule && rule->lock) return true;
    }
    // An object we cannot resolve but that is plainly named as a lock.
    if (s.kind == Symbol::Kind::Unknown) {
      std::string t = item.text;
      std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      if (t.find("lock") != std::string::npos || t.find("mutex") != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace boundwise

namespace boundwise {

bool usesLoopVariable(const LoopFact &loop, const CallFact &call) {
  for (const ArgFact &arg : call.args)
    for (const auto &n : arg.names)
      if (std::find(loop.targets.begin(), loop.targets.end(), n) != loop.targets.end()) return true;
  return false;
}

int independentLoopOf(const FileModel &fm, const CallFact &call) {
  for (auto it = call.loops.rbegin(); it != call.loops.rend(); ++it) {
    const LoopFact &loop = fm.loops[*it];
    if (loop.kind == LoopKind::While || loop.isAsync || loop.hasBreak) continue;
    // `state = step(state, x)`: each call needs the previous result.
    bool carried = false;
    for (const ArgFact &arg : call.args)
      for (const auto &n : arg.names)
        carried |= std::find(call.resultNames.begin(), call.resultNames.end(), n) != call.resultNames.end();
    if (carried) return -1;
    if (usesLoopVariable(loop, call)) return *it;
  }
  return -1;
}

}  // namespace boundwise
