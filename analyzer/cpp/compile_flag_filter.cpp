#include "analyzer/cpp/compile_flag_filter.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace boundwise {
namespace {

enum class Verdict { Keep, Quiet, Refuse };

struct Exact {
  std::string_view name;
  bool takesValue;  // the value is the next argument
  Verdict verdict;
};

// Flags matched whole. A flag with a separate value takes it along, whatever the verdict, so a
// refused flag's value is never mistaken for an input file.
constexpr std::array kExact{
    // Include paths, defines, language: how the source parses.
    Exact{"-I", true, Verdict::Keep}, Exact{"-isystem", true, Verdict::Keep}, Exact{"-iquote", true, Verdict::Keep},
    Exact{"-idirafter", true, Verdict::Keep}, Exact{"-iprefix", true, Verdict::Keep},
    Exact{"-iwithprefix", true, Verdict::Keep}, Exact{"-iwithprefixbefore", true, Verdict::Keep},
    Exact{"-isysroot", true, Verdict::Keep}, Exact{"--sysroot", true, Verdict::Keep}, Exact{"-F", true, Verdict::Keep},
    Exact{"-iframework", true, Verdict::Keep}, Exact{"-cxx-isystem", true, Verdict::Keep},
    Exact{"-include", true, Verdict::Keep}, Exact{"-imacros", true, Verdict::Keep}, Exact{"-D", true, Verdict::Keep},
    Exact{"-U", true, Verdict::Keep}, Exact{"-x", true, Verdict::Keep}, Exact{"-target", true, Verdict::Keep},
    Exact{"-arch", true, Verdict::Keep}, Exact{"--gcc-toolchain", true, Verdict::Keep},
    Exact{"-w", false, Verdict::Keep}, Exact{"-pedantic", false, Verdict::Keep},
    Exact{"-pedantic-errors", false, Verdict::Keep}, Exact{"-ansi", false, Verdict::Keep},
    Exact{"-pthread", false, Verdict::Keep}, Exact{"-undef", false, Verdict::Keep},
    Exact{"-nostdinc", false, Verdict::Keep}, Exact{"-nostdinc++", false, Verdict::Keep},
    Exact{"-nostdlibinc", false, Verdict::Keep}, Exact{"-nobuiltininc", false, Verdict::Keep},
    Exact{"-trigraphs", false, Verdict::Keep}, Exact{"-fsyntax-only", false, Verdict::Keep},
    // Build-only: outputs, dependency files, linking. boundwise only parses.
    Exact{"-o", true, Verdict::Quiet}, Exact{"-MF", true, Verdict::Quiet}, Exact{"-MT", true, Verdict::Quiet},
    Exact{"-MQ", true, Verdict::Quiet}, Exact{"-Xlinker", true, Verdict::Quiet},
    Exact{"-Xassembler", true, Verdict::Quiet}, Exact{"-L", true, Verdict::Quiet}, Exact{"-l", true, Verdict::Quiet},
    Exact{"-u", true, Verdict::Quiet}, Exact{"-z", true, Verdict::Quiet}, Exact{"-T", true, Verdict::Quiet},
    Exact{"-c", false, Verdict::Quiet}, Exact{"-S", false, Verdict::Quiet}, Exact{"-E", false, Verdict::Quiet},
    Exact{"-M", false, Verdict::Quiet}, Exact{"-MM", false, Verdict::Quiet}, Exact{"-MD", false, Verdict::Quiet},
    Exact{"-MMD", false, Verdict::Quiet}, Exact{"-MP", false, Verdict::Quiet}, Exact{"-MG", false, Verdict::Quiet},
    Exact{"-pipe", false, Verdict::Quiet}, Exact{"-shared", false, Verdict::Quiet},
    Exact{"-static", false, Verdict::Quiet}, Exact{"-rdynamic", false, Verdict::Quiet},
    Exact{"-pie", false, Verdict::Quiet}, Exact{"-no-pie", false, Verdict::Quiet}, Exact{"-s", false, Verdict::Quiet},
    Exact{"-v", false, Verdict::Quiet}, Exact{"-nostdlib", false, Verdict::Quiet},
    Exact{"-nodefaultlibs", false, Verdict::Quiet}, Exact{"-nostartfiles", false, Verdict::Quiet},
    Exact{"-Qunused-arguments", false, Verdict::Quiet}, Exact{"-Werror", false, Verdict::Quiet},
    // Known to write files, load code, remap files or read more flags: refused by name, with
    // their value, so the note shows what the database asked for.
    Exact{"-Xclang", true, Verdict::Refuse}, Exact{"-mllvm", true, Verdict::Refuse},
    Exact{"-Xanalyzer", true, Verdict::Refuse}, Exact{"-include-pch", true, Verdict::Refuse},
    Exact{"-load", true, Verdict::Refuse}, Exact{"-serialize-diagnostics", true, Verdict::Refuse},
    Exact{"--serialize-diagnostics", true, Verdict::Refuse}, Exact{"-dependency-file", true, Verdict::Refuse},
    Exact{"-header-include-file", true, Verdict::Refuse}, Exact{"-MJ", true, Verdict::Refuse},
    Exact{"-ivfsoverlay", true, Verdict::Refuse}, Exact{"--config", true, Verdict::Refuse},
    Exact{"-B", true, Verdict::Refuse}, Exact{"-Xpreprocessor", true, Verdict::Refuse},
};

struct Prefix {
  std::string_view prefix;  // the value is joined to it
  Verdict verdict;
};

// Flags with a joined value, longest prefix first where two overlap.
constexpr std::array kPrefixes{
    Prefix{"-isystem", Verdict::Keep}, Prefix{"-iquote", Verdict::Keep}, Prefix{"-idirafter", Verdict::Keep},
    Prefix{"-isysroot", Verdict::Keep}, Prefix{"--sysroot=", Verdict::Keep}, Prefix{"-I", Verdict::Keep},
    Prefix{"-D", Verdict::Keep}, Prefix{"-U", Verdict::Keep}, Prefix{"-F", Verdict::Keep},
    Prefix{"-std=", Verdict::Keep}, Prefix{"--std=", Verdict::Keep}, Prefix{"-stdlib=", Verdict::Keep},
    Prefix{"--target=", Verdict::Keep}, Prefix{"--gcc-toolchain=", Verdict::Keep},
    Prefix{"--gcc-install-dir=", Verdict::Keep}, Prefix{"-O", Verdict::Keep},
    Prefix{"-Werror=", Verdict::Quiet}, Prefix{"-Wl,", Verdict::Quiet}, Prefix{"-Wa,", Verdict::Quiet},
    Prefix{"-W", Verdict::Keep}, Prefix{"-g", Verdict::Quiet}, Prefix{"-MF", Verdict::Quiet},
    Prefix{"-MT", Verdict::Quiet}, Prefix{"-MQ", Verdict::Quiet}, Prefix{"-o", Verdict::Quiet},
    Prefix{"-L", Verdict::Quiet}, Prefix{"-l", Verdict::Quiet},
};

// Boolean -f flags (also as -fno-NAME) that change how source parses or which macros are defined.
constexpr std::string_view kDialectFlags[] = {
    "exceptions", "cxx-exceptions", "rtti", "ms-extensions", "ms-compatibility", "borland-extensions",
    "coroutines", "coroutines-ts", "char8_t", "signed-char", "unsigned-char", "signed-bitfields",
    "unsigned-bitfields", "strict-aliasing", "builtin", "common", "gnu-keywords", "gnu89-inline", "asm",
    "threadsafe-statics", "operator-names", "permissive", "sized-deallocation", "aligned-allocation",
    "short-enums", "short-wchar", "wrapv", "trapv", "math-errno", "fast-math", "finite-math-only",
    "delayed-template-parsing", "openmp", "openmp-simd", "blocks", "declspec", "dollars-in-identifiers",
    "digraphs", "gnu-inline-asm", "double-square-bracket-attributes", "access-control", "elide-constructors",
    "PIC", "pic", "PIE", "pie", "visibility-inlines-hidden", "freestanding", "hosted", "signed-zeros",
    "honor-nans", "honor-infinities", "associative-math", "reciprocal-math", "rounding-math",
    "strict-enums", "relaxed-template-template-args", "new-infallible", "assume-sane-operator-new",
    "use-cxa-atexit", "trigraphs", "strict-float-cast-overflow"};

// -fNAME=VALUE flags that shape parsing.
constexpr std::string_view kDialectValueFlags[] = {
    "visibility", "openmp", "ms-compatibility-version", "aligned-new", "new-alignment", "input-charset",
    "exec-charset", "sanitize", "fp-model", "fp-contract", "gnuc-version"};

// -f flags that only affect code generation, debug info or diagnostics' looks: dropped quietly.
constexpr std::string_view kCodegenFlags[] = {
    "stack-protector", "stack-protector-strong", "stack-protector-all", "omit-frame-pointer",
    "function-sections", "data-sections", "profile-arcs", "test-coverage", "coverage-mapping",
    "profile-instr-generate", "profile-generate", "unroll-loops", "strict-overflow", "tree-vectorize",
    "vectorize", "slp-vectorize", "ident", "asynchronous-unwind-tables", "unwind-tables",
    "stack-clash-protection", "plt", "semantic-interposition", "standalone-debug", "inline-functions",
    "merge-all-constants", "diagnostics-color", "color-diagnostics", "caret-diagnostics", "show-column",
    "diagnostics-show-option"};

constexpr std::string_view kCodegenValueFlags[] = {
    "diagnostics-color", "message-length", "macro-backtrace-limit", "template-backtrace-limit", "cf-protection",
    "debug-prefix-map", "trivial-auto-var-init", "lto"};

template <size_t N>
bool contains(const std::string_view (&set)[N], std::string_view name) {
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

Verdict verdictOfF(std::string_view flag) {
  std::string_view name = flag.substr(2);  // after "-f"
  if (name.starts_with("no-")) name.remove_prefix(3);
  if (const size_t eq = name.find('='); eq != std::string_view::npos) {
    const std::string_view key = name.substr(0, eq);
    if (contains(kDialectValueFlags, key)) return Verdict::Keep;
    if (contains(kCodegenValueFlags, key)) return Verdict::Quiet;
    return Verdict::Refuse;
  }
  if (contains(kDialectFlags, name)) return Verdict::Keep;
  if (contains(kCodegenFlags, name) || name.starts_with("lto") || name.starts_with("builtin-")) return Verdict::Quiet;
  return Verdict::Refuse;
}

bool knownLanguage(std::string_view lang) {
  for (std::string_view ok : {"c", "c++", "c-header", "c++-header", "objective-c", "objective-c++", "none"})
    if (lang == ok) return true;
  return false;
}

std::string driverFor(const std::string &compiler) {
  const std::string_view base = std::string_view(compiler).substr(compiler.find_last_of('/') + 1);
  return base.find("++") != std::string_view::npos || base == "CC" ? "clang++" : "clang";
}

class Filter {
 public:
  FilteredCompileFlags out;

  void refuse(std::string text) {
    if (std::find(out.refused.begin(), out.refused.end(), text) == out.refused.end()) out.refused.push_back(std::move(text));
  }

  // One flag at `args[i]`; advances `i` past a separate value it takes.
  void take(const std::vector<std::string> &args, size_t &i) {
    const std::string &a = args[i];
    if (a.empty()) return;
    if (a[0] == '@') return refuse(a);        // a response file: flags read from another file
    if (a[0] != '-' || a == "-") return;      // an input file: the caller gives its own
    for (const Exact &e : kExact) {
      if (a != e.name) continue;
      const bool hasValue = e.takesValue && i + 1 < args.size();
      const std::string value = hasValue ? args[++i] : std::string();
      if (e.takesValue && !hasValue) return e.verdict == Verdict::Quiet ? void() : refuse(a);
      if (e.name == "-x" && !knownLanguage(value)) return refuse(a + " " + value);
      if (e.verdict == Verdict::Keep) {
        out.args.push_back(a);
        if (e.takesValue) out.args.push_back(value);
      } else if (e.verdict == Verdict::Refuse) {
        std::string shown = e.takesValue ? a + " " + value : a;
        // `-Xclang -load -Xclang x.so` is one request: show it whole.
        while (i + 2 < args.size() && args[i + 1] == a && !args[i + 2].starts_with("-")) {
          shown += " " + a + " " + args[i + 2];
          i += 2;
        }
        refuse(std::move(shown));
      }
      return;
    }
    if (a.starts_with("-Wp,")) return takePreprocessorList(a);
    if (a.starts_with("-x")) return knownLanguage(std::string_view(a).substr(2)) ? out.args.push_back(a) : refuse(a);
    if (a.starts_with("-f")) {
      switch (verdictOfF(a)) {
        case Verdict::Keep: out.args.push_back(a); return;
        case Verdict::Quiet: return;
        case Verdict::Refuse: return refuse(a);
      }
    }
    if (a.starts_with("-m") && !a.starts_with("-mllvm")) return out.args.push_back(a);  // target features
    for (const Prefix &p : kPrefixes) {
      if (!a.starts_with(p.prefix)) continue;
      if (p.verdict == Verdict::Keep) out.args.push_back(a);
      else if (p.verdict == Verdict::Refuse) refuse(a);
      return;
    }
    refuse(a);
  }

  // -Wp,-MD,deps.d,-D_FORTIFY_SOURCE=2: the preprocessor's own flags, one by one.
  void takePreprocessorList(const std::string &a) {
    std::vector<std::string> parts;
    for (size_t start = 4; start <= a.size();) {
      size_t comma = a.find(',', start);
      if (comma == std::string::npos) comma = a.size();
      parts.push_back(a.substr(start, comma - start));
      start = comma + 1;
    }
    for (size_t j = 0; j < parts.size(); ++j) {
      const std::string &p = parts[j];
      const bool define = p.starts_with("-D") || p.starts_with("-U") || p.starts_with("-I");
      if (define && p.size() > 2) {
        out.args.push_back(p);
      } else if (p == "-MD" || p == "-MMD" || p == "-MF" || p == "-MT" || p == "-MQ") {
        if (p != "-MD" && p != "-MMD") ++j;  // its file
        else if (j + 1 < parts.size() && !parts[j + 1].starts_with("-")) ++j;  // -MD,FILE (cc1 form)
      } else if (!p.empty()) {
        refuse("-Wp," + p);
      }
    }
  }
};

}  // namespace

FilteredCompileFlags filterCompileFlags(const std::vector<std::string> &command) {
  Filter filter;
  if (command.empty()) return filter.out;
  filter.out.args.push_back(driverFor(command.front()));
  for (size_t i = 1; i < command.size(); ++i) {
    if (command[i] == "--") break;  // everything after it is an input
    filter.take(command, i);
  }
  return filter.out;
}

}  // namespace boundwise
