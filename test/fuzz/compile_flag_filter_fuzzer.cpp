// fuzz-requires: analyzer/cpp/compile_flag_filter.h
// The compile-database flag filter (analyzer/cpp/compile_flag_filter.h): a command line from a
// repository's compile_commands.json, as NUL- or newline-separated arguments. Whatever it
// holds, the result starts with the driver, and nothing that writes files, loads code or reads
// more flags reaches Clang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/cpp/compile_flag_filter.h"

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Flags the filter must never pass on, with or without a joined value.
bool dangerous(std::string_view arg) {
  for (std::string_view bad : {"-Xclang", "-mllvm", "-fplugin", "-load", "-MJ", "--config", "-ivfsoverlay",
                               "--serialize-diagnostics", "-serialize-diagnostics", "-dependency-file", "-B",
                               "-fmodules-cache-path", "-include-pch", "-Xpreprocessor"})
    if (startsWith(arg, bad)) return true;
  return startsWith(arg, "@");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<std::string> command;
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    const char c = char(data[i]);
    if (c == '\0' || c == '\n') {
      command.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  command.push_back(current);
  const boundwise::FilteredCompileFlags filtered = boundwise::filterCompileFlags(command);
  if (filtered.args.empty() || (filtered.args[0] != "clang" && filtered.args[0] != "clang++")) std::abort();
  // A kept flag that takes its value separately (-I DIR) has that value next: skip values, so a
  // value that happens to look like a flag (-D -Xclang) is not counted as one.
  for (size_t i = 1; i < filtered.args.size(); ++i) {
    const std::string &arg = filtered.args[i];
    if (arg == "-I" || arg == "-isystem" || arg == "-iquote" || arg == "-idirafter" || arg == "-D" || arg == "-U" ||
        arg == "-include" || arg == "-imacros" || arg == "-x" || arg == "-target" || arg == "-arch" ||
        arg == "-iprefix" || arg == "-iwithprefix" || arg == "-iwithprefixbefore" || arg == "-isysroot" ||
        arg == "--sysroot" || arg == "-F" || arg == "-iframework" || arg == "-cxx-isystem" || arg == "--gcc-toolchain") {
      ++i;
      continue;
    }
    if (dangerous(arg)) std::abort();
  }
  return 0;
}
