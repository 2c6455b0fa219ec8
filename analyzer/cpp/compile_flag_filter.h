#pragma once
// Which compiler flags from a compilation database (or after `--`) reach the in-process Clang.
// A repository's compile_commands.json is as untrusted as its code: a flag can make Clang write
// files anywhere (-MF, --serialize-diagnostics, -Xclang -dependency-file, -fmodules-cache-path),
// load code (-fplugin, -Xclang -load) or read its flags from elsewhere (@file, --config). So this
// is an allow-list: flags that shape how the source parses (include paths, defines, language and
// standard, target, warnings, language-dialect -f flags) pass; build-only flags (-c, -o, -MD,
// -g, linker flags) are dropped quietly; everything else is dropped and named in a note.
// Pure C++ (no Clang), so it is unit-tested and fuzzed on its own (docs/cpp.md).
#include <string>
#include <vector>

namespace boundwise {

struct FilteredCompileFlags {
  // The driver ("clang" or "clang++", chosen from the database's compiler name) and the kept
  // flags, without input files: the caller appends the file it analyses.
  std::vector<std::string> args;
  // The flags dropped because they are not known to be safe, each with its value
  // ("-Xclang -load -Xclang x.so", "--serialize-diagnostics /tmp/x"), in order, without repeats.
  std::vector<std::string> refused;
};

// `command` is a compiler command line as in a compilation database: the compiler first.
FilteredCompileFlags filterCompileFlags(const std::vector<std::string> &command);

}  // namespace boundwise
