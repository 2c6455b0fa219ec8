#include "analyzer/python/python_linker.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "analyzer/core/memory_tuning.h"
#include "analyzer/core/parallel_files.h"
#include "analyzer/python/builtin_modules.h"

namespace boundwise {
namespace {
constexpr int kMaxDepth = 12;  // import chains and aliases deeper than this are left unresolved
}

void PythonLinker::link(unsigned jobs) {
  program_.modules.clear();
  program_.functionBase.clear();
  int base = 0;
  for (size_t f = 0; f < program_.files.size(); ++f) {
    // A local `time.py` is analysed, but `import time` still finds the interpreter's own.
    if (!isBuiltinModule(program_.files[f].moduleName)) program_.modules.emplace(program_.files[f].moduleName, int(f));
    program_.functionBase.push_back(base);
    base += int(program_.files[f].functions.size());
  }
  program_.functionCount = base;
  // An extension module is often imported through the package it is installed into
  // (`from pkg import _native`, `import pkg._native`): its name under each package of the
  // project names it too, unless a Python module has that name.
  std::vector<std::string> packages;
  for (const FileModel &file : program_.files)
    if (file.language == Language::Python && file.isPackageInit) packages.push_back(file.moduleName);
  for (size_t f = 0; f < program_.files.size(); ++f)
    for (const NativeModuleFact &m : program_.files[f].nativeModules)
      for (const std::string &package : packages) program_.modules.emplace(package + "." + m.name, int(f));
  program_.calls.assign(program_.files.size(), {});
  // Files resolve independently once the module table exists: split them over threads, each
  // with its own linker (the result cache is not shared).
  std::vector<std::optional<PythonLinker>> locals(std::max(1u, jobs));
  forEachFileOnThreads(program_.files.size(), jobs, [&](size_t t, size_t f) {
    adviseHugePages();  // the resolved calls are fresh memory (memory_tuning.h)
    if (t == 0) return linkFile(f);
    if (!locals[t]) locals[t].emplace(program_, rules_);
    locals[t]->linkFile(f);
  });
}

void PythonLinker::linkFile(size_t f) {
  {
    const FileModel &file = program_.files[f];
    auto &out = program_.calls[f];
    out.resize(file.calls.size());
    if (file.language != Language::Python) return;  // C/C++ calls: linkCppCalls
    for (size_t c = 0; c < file.calls.size(); ++c) {
      const CallFact &call = file.calls[c];
      Symbol s = resolveRef(int(f), call.scope, call.callee);
      ResolvedCall &r = out[c];
      switch (s.kind) {
        case Symbol::Kind::Function:
          r.kind = ResolvedCall::Kind::Function;
          r.file = s.file;
          r.function = s.index;
          // A native binding's entry is already named `module.name` (`thumbs.blur`).
          r.name = program_.files[s.file].language == Language::Cpp
                       ? program_.function(s.file, s.index).qualname
                       : program_.files[s.file].moduleName + "." + program_.function(s.file, s.index).qualname;
          break;
        case Symbol::Kind::Class: {
          const ClassFact &cls = program_.files[s.file].classes[s.index];
          r.name = program_.files[s.file].moduleName + "." + cls.qualname;
          Symbol init = methodOf(s.file, s.index, "__init__");
          if (init.kind == Symbol::Kind::Function) {
            r.kind = ResolvedCall::Kind::Function;
            r.file = init.file;
            r.function = init.index;
          }
          break;
        }
        case Symbol::Kind::Dotted:
          r.name = s.dotted;
          if ((r.rule = rules_.find(s.dotted))) r.kind = ResolvedCall::Kind::Api;
          break;
        case Symbol::Kind::Instance:  // calling an instance: __call__
        case Symbol::Kind::Unknown:
          r.name = call.calleeText;
          break;
      }
    }
  }
}

Symbol PythonLinker::resolveName(int file, int scope, const std::string &name) const {
  return resolveNameDepth(file, scope, name, 0);
}

Symbol PythonLinker::resolveRef(int file, int scope, const Ref &ref) const { return resolveRefDepth(file, scope, ref, 0); }

Symbol PythonLinker::resolveRefDepth(int file, int scope, const Ref &ref, int depth) const {
  if (depth > kMaxDepth || ref.empty()) return Symbol::unknown();
  Symbol current;
  size_t i = 0;
  if (ref.baseCall >= 0) {
    current = resultOfDepth(file, ref.baseCall, depth + 1);
  } else {
    current = resolveNameDepth(file, scope, ref.parts[0], depth + 1);
    i = 1;
  }
  for (; i < ref.parts.size() && current.kind != Symbol::Kind::Unknown; ++i)
    current = attribute(current, ref.parts[i], depth + 1);
  return current;
}

Symbol PythonLinker::resolveNameDepth(int file, int scope, const std::string &name, int depth) const {
  if (depth > kMaxDepth) return Symbol::unknown();
  const FileModel &fm = program_.files[file];
  int s = scope < 0 ? 0 : scope;
  bool first = true;
  while (s >= 0) {
    const Scope &sc = fm.scopes[s];
    // Names in a class body are not visible from its methods.
    if (first || sc.kind != ScopeKind::Class) {
      auto it = sc.names.find(name);
      if (it != sc.names.end()) {
        const Binding &b = it->second;
        if (b.kind == Binding::Kind::Global) {
          s = 0;
          first = false;
          auto g = fm.scopes[0].names.find(name);
          if (g == fm.scopes[0].names.end()) break;
          return fromBinding(file, 0, name, g->second, depth + 1);
        }
        if (b.kind == Binding::Kind::Nonlocal) {
          s = sc.parent;
          first = false;
          continue;
        }
        return fromBinding(file, s, name, b, depth + 1);
      }
    }
    first = false;
    s = sc.parent;
  }
  // Builtins that rules describe (open, input), then modules used without an import
  // (a snippet or an editor buffer).
  if (rules_.find("builtins." + name)) return Symbol::api("builtins." + name);
  if (rules_.isWellKnownModule(name) || program_.modules.count(name)) return normalizeDotted(name, depth + 1);
  return Symbol::unknown();
}

Symbol PythonLinker::fromBinding(int file, int scope, const std::string &name, const Binding &b, int depth) const {
  const FileModel &fm = program_.files[file];
  switch (b.kind) {
    case Binding::Kind::Import:
      return normalizeDotted(b.target, depth + 1);
    case Binding::Kind::Function:
      return Symbol{Symbol::Kind::Function, "", file, b.index};
    case Binding::Kind::Class:
      return Symbol{Symbol::Kind::Class, "", file, b.index};
    case Binding::Kind::Parameter: {
      const Scope &sc = fm.scopes[scope];
      if (sc.kind == ScopeKind::Function && sc.owner >= 0) {
        const FunctionFact &fn = fm.functions[sc.owner];
        if (fn.classIndex >= 0 && !fn.params.empty() && fn.params[0] == name && b.types.empty())
          return Symbol{Symbol::Kind::Instance, "", file, fn.classIndex};
      }
      for (const Ref &t : b.types) {
        Symbol type = resolveRefDepth(file, fm.scopes[scope].parent, t, depth + 1);
        Symbol inst = instanceOf(type);
        if (inst.kind != Symbol::Kind::Unknown) return inst;
      }
      return Symbol::unknown();
    }
    case Binding::Kind::Variable: {
      if (b.index >= 0) return Symbol{Symbol::Kind::Function, "", file, b.index};  // bound to a lambda
      if (b.fromCall >= 0) {
        Symbol r = resultOfDepth(file, b.fromCall, depth + 1);
        if (r.kind != Symbol::Kind::Unknown) return r;
      }
      for (const Ref &t : b.types) {
        // An alias (`x = func`) names the thing; an annotation (`x: T`) names its type.
        Symbol target = resolveRefDepth(file, scope, t, depth + 1);
        if (b.isAlias) {
          if (target.kind != Symbol::Kind::Unknown) return target;
          continue;
        }
        Symbol inst = instanceOf(target);
        if (inst.kind != Symbol::Kind::Unknown) return inst;
      }
      return Symbol::unknown();
    }
    case Binding::Kind::Global:
    case Binding::Kind::Nonlocal:
      break;
  }
  return Symbol::unknown();
}

// A dotted path: a user module or something inside one (following re-exports), else an API name.
Symbol PythonLinker::normalizeDotted(const std::string &dotted, int depth) const {
  if (depth > kMaxDepth) return Symbol::api(dotted);
  if (program_.modules.count(dotted)) return Symbol::api(dotted);
  // Longest prefix that is a project module.
  size_t dot = dotted.rfind('.');
  while (dot != std::string::npos) {
    const std::string module = dotted.substr(0, dot);
    auto it = program_.modules.find(module);
    if (it != program_.modules.end()) {
      const std::string rest = dotted.substr(dot + 1);
      const size_t next = rest.find('.');
      const std::string head = rest.substr(0, next);
      auto &names = program_.files[it->second].scopes[0].names;
      auto b = names.find(head);
      Symbol s;
      if (b != names.end()) {
        s = fromBinding(it->second, 0, head, b->second, depth + 1);
      } else if (program_.modules.count(module + "." + head)) {
        s = Symbol::api(module + "." + head);  // a submodule
      } else {
        return Symbol::api(dotted);
      }
      size_t pos = next;
      while (pos != std::string::npos && s.kind != Symbol::Kind::Unknown) {
        const size_t after = rest.find('.', pos + 1);
        s = attribute(s, rest.substr(pos + 1, after == std::string::npos ? std::string::npos : after - pos - 1), depth + 1);
        pos = after;
      }
      return s;
    }
    dot = module.rfind('.');
  }
  return Symbol::api(dotted);
}

Symbol PythonLinker::methodOf(int file, int cls, const std::string &name, int depth) const {
  if (depth > kMaxDepth) return Symbol::unknown();
  const ClassFact &c = program_.files[file].classes[cls];
  if (auto it = c.methods.find(name); it != c.methods.end()) return Symbol{Symbol::Kind::Function, "", file, it->second};
  const int outer = program_.files[file].scopes[c.scope].parent;
  for (const Ref &base : c.bases) {
    Symbol b = resolveRefDepth(file, outer, base, depth + 1);
    if (b.kind == Symbol::Kind::Class) {
      Symbol m = methodOf(b.file, b.index, name, depth + 1);
      if (m.kind != Symbol::Kind::Unknown) return m;
    } else if (b.kind == Symbol::Kind::Dotted && rules_.find(b.dotted + "." + name)) {
      return Symbol::api(b.dotted + "." + name);  // inherited from a library class
    }
  }
  return Symbol::unknown();
}

Symbol PythonLinker::attribute(const Symbol &base, const std::string &name, int depth) const {
  if (depth > kMaxDepth) return Symbol::unknown();
  switch (base.kind) {
    case Symbol::Kind::Dotted:
      return normalizeDotted(base.dotted + "." + name, depth + 1);
    case Symbol::Kind::Class:
    case Symbol::Kind::Instance: {
      if (base.file < 0) return Symbol::api(base.dotted + "." + name);  // a library instance's method
      Symbol m = methodOf(base.file, base.index, name, depth + 1);
      if (m.kind != Symbol::Kind::Unknown) return m;
      // An attribute set in __init__ or declared in the class body.
      int file = base.file, cls = base.index;
      for (int hop = 0; hop < kMaxDepth; ++hop) {
        const ClassFact &c = program_.files[file].classes[cls];
        if (auto it = c.attributes.find(name); it != c.attributes.end()) {
          const int scope = it->second.fromCall >= 0 ? program_.files[file].calls[it->second.fromCall].scope : c.scope;
          return fromBinding(file, scope, name, it->second, depth + 1);
        }
        bool moved = false;
        for (const Ref &b : c.bases) {
          Symbol bs = resolveRefDepth(file, program_.files[file].scopes[c.scope].parent, b, depth + 1);
          if (bs.kind == Symbol::Kind::Class) {
            file = bs.file;
            cls = bs.index;
            moved = true;
            break;
          }
        }
        if (!moved) break;
      }
      return Symbol::unknown();
    }
    case Symbol::Kind::Function:
    case Symbol::Kind::Unknown:
      break;
  }
  return Symbol::unknown();
}

Symbol PythonLinker::instanceOf(const Symbol &type) const {
  if (type.kind == Symbol::Kind::Class) return Symbol{Symbol::Kind::Instance, "", type.file, type.index};
  if (type.kind == Symbol::Kind::Dotted) {
    if (program_.modules.count(type.dotted)) return Symbol::unknown();  // a module is not a type
    return Symbol{Symbol::Kind::Instance, type.dotted, -1, -1};
  }
  return Symbol::unknown();
}

Symbol PythonLinker::resultOf(int file, int call) const { return resultOfDepth(file, call, 0); }

Symbol PythonLinker::resultOfDepth(int file, int call, int depth) const {
  if (depth > kMaxDepth) return Symbol::unknown();
  const uint64_t key = (uint64_t(file) << 32) | uint32_t(call);
  if (auto it = resultCache_.find(key); it != resultCache_.end()) return it->second;
  resultCache_[key] = Symbol::unknown();  // cycle guard
  const CallFact &c = program_.files[file].calls[call];
  Symbol callee = resolveRefDepth(file, c.scope, c.callee, depth + 1);
  Symbol result;
  switch (callee.kind) {
    case Symbol::Kind::Class:
      result = Symbol{Symbol::Kind::Instance, "", callee.file, callee.index};
      break;
    case Symbol::Kind::Function: {
      const FunctionFact &fn = program_.function(callee.file, callee.index);
      for (const Ref &r : fn.returns) {
        Symbol t = resolveRefDepth(callee.file, program_.files[callee.file].scopes[fn.scope].parent, r, depth + 1);
        result = instanceOf(t);
        if (result.kind != Symbol::Kind::Unknown) break;
      }
      break;
    }
    case Symbol::Kind::Dotted:
      if (const ApiRule *rule = rules_.find(callee.dotted)) {
        if (!rule->returns.empty()) result = Symbol{Symbol::Kind::Instance, rule->returns, -1, -1};
        else if (rule->isClass) result = Symbol{Symbol::Kind::Instance, callee.dotted, -1, -1};
      } else if (!program_.modules.count(callee.dotted)) {
        // An unknown library's CamelCase callable is most likely a class.
        const auto dot = callee.dotted.rfind('.');
        const char first = callee.dotted[dot == std::string::npos ? 0 : dot + 1];
        if (std::isupper(static_cast<unsigned char>(first))) result = Symbol{Symbol::Kind::Instance, callee.dotted, -1, -1};
      }
      break;
    default:
      break;
  }
  resultCache_[key] = result;
  return result;
}

const ApiRule *PythonLinker::ruleFor(const Symbol &s) const {
  if (s.kind == Symbol::Kind::Dotted) return rules_.find(s.dotted);
  return nullptr;
}

std::optional<Executor> PythonLinker::executorOf(const Symbol &s) const {
  if (s.kind != Symbol::Kind::Instance || s.file >= 0) return std::nullopt;
  // An executor's kind is what its submit() hands work to (knowledge stays in the rules).
  if (const ApiRule *submit = rules_.find(s.dotted + ".submit"); submit && submit->dispatch)
    return submit->dispatch->executor;
  if (const ApiRule *apply = rules_.find(s.dotted + ".apply_async"); apply && apply->dispatch)
    return apply->dispatch->executor;
  return std::nullopt;
}

}  // namespace boundwise
