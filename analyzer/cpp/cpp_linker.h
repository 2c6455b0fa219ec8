#pragma once
// Resolves the calls of C/C++ files (after the Python linker has built the module table):
// a function defined in the same file, else one defined in another C/C++ file of the
// program by qualified name, else a rule from rules/cpp/*.yaml.
#include "analyzer/core/program.h"

namespace boundwise {

void linkCppCalls(Program &program, const RuleSet &rules);

}  // namespace boundwise
