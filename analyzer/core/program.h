#pragma once
// The whole program: every file's facts plus what each call resolves to.
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/core/model.h"
#include "rules/loader/rule_set.h"

namespace boundwise {

// What a name or expression denotes after resolution.
struct Symbol {
  enum class Kind { Unknown, Dotted, Function, Class, Instance };
  Kind kind = Kind::Unknown;
  std::string dotted;  // Dotted: API or module path; Instance: the type when it is not a user class
  int file = -1;       // Function / Class / Instance of a user class
  int index = -1;
  static Symbol unknown() { return {}; }
  static Symbol api(std::string d) { return {Kind::Dotted, std::move(d), -1, -1}; }
  bool isUserFunction() const { return kind == Kind::Function; }
};

struct ResolvedCall {
  enum class Kind { Unresolved, Api, Function };
  Kind kind = Kind::Unresolved;
  const ApiRule *rule = nullptr;  // Api; also set for Api constructors
  int file = -1;                  // Function (for a class: its __init__)
  int function = -1;
  std::string name;               // what to call it in messages: requests.get, pkg.mod.fetch
};

struct Program {
  std::vector<FileModel> files;
  std::vector<std::vector<ResolvedCall>> calls;  // [file][call]
  std::unordered_map<std::string, int> modules;  // dotted module name -> file
  std::vector<int> functionBase;                 // global function id = functionBase[file] + index
  int functionCount = 0;

  int gid(int file, int function) const { return functionBase[file] + function; }
  const FunctionFact &function(int file, int index) const { return files[file].functions[index]; }
};

}  // namespace boundwise
