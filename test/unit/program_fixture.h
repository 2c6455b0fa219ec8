#pragma once
// Builds a classified Program from in-memory Python modules, for unit tests.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/analysis.h"
#include "analyzer/python/python_frontend.h"
#include "analyzer/python/python_linker.h"

namespace boundwise::testing {

struct Module {
  std::string path;
  std::string moduleName;
  std::string source;
  bool isInit = false;
};

struct Built {
  RuleSet rules;
  Program program;
  std::unique_ptr<PythonLinker> linker;
  Analysis analysis;

  int file(const std::string &path) const {
    for (size_t i = 0; i < program.files.size(); ++i)
      if (program.files[i].path == path) return int(i);
    return -1;
  }
  int function(int file, const std::string &qualname) const {
    const auto &fns = program.files[file].functions;
    for (size_t i = 0; i < fns.size(); ++i)
      if (fns[i].qualname == qualname) return int(i);
    return -1;
  }
  const Verdict &verdict(const std::string &path, const std::string &qualname) const {
    const int f = file(path);
    return analysis.summary(f, function(f, qualname)).overall;
  }
  // The resolved name of the first call whose callee text is `text`.
  std::string resolved(const std::string &path, const std::string &text) const {
    const int f = file(path);
    for (size_t c = 0; c < program.files[f].calls.size(); ++c)
      if (program.files[f].calls[c].calleeText == text) return program.calls[f][c].name;
    return "<no call " + text + ">";
  }
};

inline std::unique_ptr<Built> build(const std::vector<Module> &modules, Target target = {}) {
  auto b = std::make_unique<Built>();
  std::vector<std::string> errors;
  b->rules.loadBundled(errors);
  static const PythonFrontend frontend;
  for (const auto &m : modules) b->program.files.push_back(frontend.extract(m.source, m.path, m.moduleName, m.isInit));
  b->linker = std::make_unique<PythonLinker>(b->program, b->rules);
  b->linker->link();
  b->analysis = classify(b->program, *b->linker, target);
  return b;
}

}  // namespace boundwise::testing
