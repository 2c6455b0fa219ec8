#pragma once
// Resolves names across the whole program: imports (absolute, relative, aliased, re-exported
// through __init__.py), module attributes, classes and their methods, variables assigned from
// constructors, `self.x` attributes, annotations, `with ... as x`, and API names in the rules.
#include <optional>
#include <unordered_map>

#include "analyzer/core/program.h"

namespace boundwise {

class PythonLinker {
 public:
  PythonLinker(Program &program, const RuleSet &rules) : program_(program), rules_(rules) {}

  // Fills program.calls and program.modules / functionBase, resolving files on `jobs` threads.
  void link(unsigned jobs = 1);

  Symbol resolveRef(int file, int scope, const Ref &ref) const;
  Symbol resolveName(int file, int scope, const std::string &name) const;
  // The type of a call's result, as an Instance symbol (or Unknown).
  Symbol resultOf(int file, int call) const;
  // The API rule for a dotted name or an instance's method; null when none.
  const ApiRule *ruleFor(const Symbol &) const;
  // The executor a value stands for, when it is an executor instance (thread or process pool).
  std::optional<Executor> executorOf(const Symbol &) const;
  // A user class's method by name, searching base classes inside the project.
  Symbol methodOf(int file, int cls, const std::string &name, int depth = 0) const;

 private:
  void linkFile(size_t file);
  Symbol normalizeDotted(const std::string &dotted, int depth = 0) const;
  Symbol attribute(const Symbol &base, const std::string &name, int depth) const;
  Symbol fromBinding(int file, int scope, const std::string &name, const Binding &b, int depth) const;
  Symbol resolveNameDepth(int file, int scope, const std::string &name, int depth) const;
  Symbol resolveRefDepth(int file, int scope, const Ref &ref, int depth) const;
  Symbol instanceOf(const Symbol &typeSymbol) const;
  Symbol resultOfDepth(int file, int call, int depth) const;

  Program &program_;
  const RuleSet &rules_;
  mutable std::unordered_map<uint64_t, Symbol> resultCache_;
};

}  // namespace boundwise
