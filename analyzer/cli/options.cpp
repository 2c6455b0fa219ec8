#include "analyzer/cli/options.h"

#include "analyzer/core/edit_distance.h"

#include <algorithm>
#include <filesystem>

#include <cctype>
#include <charconv>
#include <sstream>

namespace boundwise {
namespace {

std::vector<std::string> splitList(const std::string &s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

bool parseVersion(const std::string &s, Target &t) {
  int major = 0, minor = 0;
  auto dot = s.find('.');
  if (dot == std::string::npos) return false;
  auto r1 = std::from_chars(s.data(), s.data() + dot, major);
  auto r2 = std::from_chars(s.data() + dot + 1, s.data() + s.size(), minor);
  if (r1.ec != std::errc() || r1.ptr != s.data() + dot || r2.ec != std::errc() || r2.ptr != s.data() + s.size())
    return false;
  if (major != 3 || minor < 7 || minor > 20) return false;
  t.pythonMajor = major;
  t.pythonMinor = minor;
  return true;
}

}  // namespace

std::string usageText() {
  return R"(boundwise: is each call site I/O-bound or CPU-bound, and which executor fits?

Usage:
  boundwise check [OPTIONS] [PATH...]   analyse Python files and folders (default: .)
  boundwise rules                       list every finding code
  boundwise explain BWnnn               print a code's documentation
  boundwise lsp                         language server over stdio (see docs/lsp.md)
  boundwise profile [opts] -- COMMAND   run a program and measure its call sites (see docs/profile.md)
  boundwise --version

check options:
  --format FORMAT          text (default), json, sarif (SARIF 2.1.0), github (annotations)
                           or html (a page written as DIR/index.html; needs -o DIR);
                           --output-format FORMAT is the same (ruff's spelling)
  -o, --output FILE        write the report to FILE instead of standard output
  --select CODES           only these codes or prefixes, comma-separated (BW101,BW2)
  --ignore CODES           skip these codes or prefixes
  --exclude GLOB           skip files and folders matching GLOB (repeatable)
  --files-from FILE        read the paths to analyse from FILE, one per line
  --rules FILE             add a project rule file (repeatable; see rules/schema.md)
  -j, --jobs N             parse with N threads (default: all cores)
  --python-version X.Y     target Python version (default: the python3 on PATH)
  --free-threaded          target a free-threaded (no-GIL) build
  --max-file-size MIB      skip files larger than this (default: 10)
  --show-call-sites        text: list every classified call site first
  --exit-zero              exit 0 even when there are findings (not on errors)
  --fail-on LEVEL          exit 1 only for findings at or above note|warning|error (default: note)
  --baseline FILE          report only findings that are not in FILE
  --update-baseline        write the current findings to the --baseline FILE and exit 0
  --diff-base REV          report only findings on lines changed since the git revision REV
  --profile FILE           merge a saved `boundwise profile -o FILE` report into the findings
  --config FILE            read settings from FILE instead of the closest pyproject.toml
                           ([tool.boundwise]) or .boundwise.yaml
  --show-settings          print the settings in effect and exit
  --color auto|always|never  colored text (default: auto, off when NO_COLOR is set)
  -q, --quiet              text: no summary line
  -p, --build-dir DIR      C/C++: read compile flags from DIR/compile_commands.json
                           (default: the closest one above each file)
  -- FLAGS                 C/C++: compile every file with FLAGS (no compilation database)

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, or a file that
could not be analysed (named on standard error).
)";
}

namespace {

// `boundwise chek .` is a typo, not a path to analyse: the subcommand it is close to, when the
// word names no file or folder.
std::string mistypedCommand(const std::string &word) {
  if (word.empty() || word[0] == '-' || word.find('/') != std::string::npos || word.find('.') != std::string::npos)
    return "";
  std::error_code ec;
  if (std::filesystem::exists(word, ec)) return "";
  for (const char *command : {"check", "profile", "rules", "explain", "lsp", "version", "help"})
    if (editDistance(word, command) <= (std::string(command).size() <= 3 ? 1 : 2)) return command;
  return "";
}

}  // namespace

std::optional<CliOptions> parseCommandLine(int argc, char **argv, std::string &error) {
  CliOptions o;
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t i = 0;
  if (i < args.size()) {
    const std::string &first = args[i];
    if (first == "check") o.command = Command::Check, ++i;
    else if (first == "rules") o.command = Command::Rules, ++i;
    else if (first == "explain") o.command = Command::Explain, ++i;
    else if (first == "--version" || first == "version") return o.command = Command::Version, o;
    else if (first == "-h" || first == "--help" || first == "help") return o.command = Command::Help, o;
    else if (first == "lsp") return o.command = Command::Lsp, o;
    // `profile` never reaches here: main() hands it to runProfileCommand (profile_command.h).
    else if (std::string near = mistypedCommand(first); !near.empty()) {
      error = "unknown command '" + first + "'; did you mean '" + near + "'? (a path of that name does not exist)";
      return std::nullopt;
    }
  }
  if (o.command == Command::Rules) {
    if (i < args.size()) {
      error = "'rules' takes no arguments";
      return std::nullopt;
    }
    return o;
  }
  if (o.command == Command::Explain) {
    if (i + 1 != args.size()) {
      error = "usage: boundwise explain BWnnn";
      return std::nullopt;
    }
    o.explainCode = args[i];
    return o;
  }

  auto value = [&](const std::string &flag) -> std::optional<std::string> {
    // --flag=value or --flag value
    if (args[i].size() > flag.size() && args[i].compare(0, flag.size() + 1, flag + "=") == 0)
      return args[i].substr(flag.size() + 1);
    if (i + 1 >= args.size()) {
      error = flag + " needs a value";
      return std::nullopt;
    }
    return args[++i];
  };
  auto is = [&](const std::string &flag) {
    return args[i] == flag || args[i].compare(0, flag.size() + 1, flag + "=") == 0;
  };

  bool onlyPaths = false;
  for (; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (!onlyPaths && a.size() > 1 && a[0] == '-') o.given.insert(a.substr(0, a.find('=')));
    if (onlyPaths) {  // after `--`: compiler flags for C/C++ files, like clang-tidy
      o.check.compilerFlags.push_back(a);
      continue;
    }
    if (a.empty() || a[0] != '-' || a == "-") {
      o.check.paths.push_back(a);
      continue;
    }
    if (a == "--") {
      onlyPaths = true;
      o.check.compilerFlagsGiven = true;
    } else if (a == "-p" || is("--build-dir")) {
      auto v = value(a == "-p" ? "-p" : "--build-dir");
      if (!v) return std::nullopt;
      o.check.compileCommandsDir = *v;
    } else if (is("--format") || is("--output-format")) {  // --output-format: ruff's name for it
      auto v = value(is("--format") ? "--format" : "--output-format");
      if (!v) return std::nullopt;
      if (*v == "text") o.format = OutputFormat::Text;
      else if (*v == "json") o.format = OutputFormat::Json;
      else if (*v == "sarif") o.format = OutputFormat::Sarif;
      else if (*v == "github") o.format = OutputFormat::Github;
      else if (*v == "html") o.format = OutputFormat::Html;
      else {
        error = "--format must be text, json, sarif, github or html, not '" + *v + "'";
        return std::nullopt;
      }
    } else if (a == "-o" || is("--output")) {
      auto v = value(a == "-o" ? "-o" : "--output");
      if (!v) return std::nullopt;
      o.outputFile = *v;
    } else if (is("--select") || is("--ignore")) {
      const bool select = is("--select");
      auto v = value(select ? "--select" : "--ignore");
      if (!v) return std::nullopt;
      for (auto code : splitList(*v)) {
        for (auto &ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
        (select ? o.check.select : o.check.ignore).push_back(code);
      }
    } else if (is("--exclude")) {
      auto v = value("--exclude");
      if (!v) return std::nullopt;
      for (auto &g : splitList(*v)) o.check.excludes.push_back(g);
    } else if (is("--files-from")) {
      auto v = value("--files-from");
      if (!v) return std::nullopt;
      o.filesFrom = *v;
    } else if (is("--rules")) {
      auto v = value("--rules");
      if (!v) return std::nullopt;
      o.check.ruleFiles.push_back(*v);
    } else if (a == "-j" || is("--jobs") || (a.size() > 2 && a.compare(0, 2, "-j") == 0)) {
      std::string v;
      if (a.size() > 2 && a.compare(0, 2, "-j") == 0 && a != "-j") v = a.substr(2);
      else {
        auto vv = value(a == "-j" ? "-j" : "--jobs");
        if (!vv) return std::nullopt;
        v = *vv;
      }
      int n = 0;
      auto r = std::from_chars(v.data(), v.data() + v.size(), n);
      if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 1 || n > 1024) {
        error = "-j needs a number of threads from 1 to 1024, not '" + v + "'";
        return std::nullopt;
      }
      o.check.jobs = n;
    } else if (is("--python-version")) {
      auto v = value("--python-version");
      if (!v) return std::nullopt;
      if (!parseVersion(*v, o.check.target)) {
        error = "--python-version must look like 3.12 (3.7 to 3.20), not '" + *v + "'";
        return std::nullopt;
      }
      o.pythonVersionGiven = true;
    } else if (a == "--free-threaded") {
      o.check.target.freeThreaded = true;
    } else if (is("--max-file-size")) {
      auto v = value("--max-file-size");
      if (!v) return std::nullopt;
      int mib = 0;
      auto r = std::from_chars(v->data(), v->data() + v->size(), mib);
      if (r.ec != std::errc() || r.ptr != v->data() + v->size() || mib < 1 || mib > 4096) {
        error = "--max-file-size takes MiB from 1 to 4096, not '" + *v + "'";
        return std::nullopt;
      }
      o.check.maxFileBytes = uint64_t(mib) << 20;
    } else if (is("--fail-on")) {
      auto v = value("--fail-on");
      if (!v) return std::nullopt;
      auto s = parseSeverity(*v);
      if (!s) {
        error = "--fail-on must be note, warning or error, not '" + *v + "'";
        return std::nullopt;
      }
      o.failOn = *s;
    } else if (is("--baseline")) {
      auto v = value("--baseline");
      if (!v) return std::nullopt;
      o.baselinePath = *v;
    } else if (a == "--update-baseline") {
      o.updateBaseline = true;
    } else if (is("--profile")) {
      auto v = value("--profile");
      if (!v) return std::nullopt;
      o.profilePath = *v;
    } else if (is("--diff-base")) {
      auto v = value("--diff-base");
      if (!v) return std::nullopt;
      o.diffBase = *v;
    } else if (is("--config")) {
      auto v = value("--config");
      if (!v) return std::nullopt;
      o.configPath = *v;
    } else if (a == "--show-settings") {
      o.showSettings = true;
    } else if (a == "--show-call-sites") {
      o.showCallSites = true;
    } else if (a == "--exit-zero") {
      o.exitZero = true;
    } else if (is("--color")) {
      auto v = value("--color");
      if (!v) return std::nullopt;
      if (*v == "auto") o.color = ColorMode::Auto;
      else if (*v == "always") o.color = ColorMode::Always;
      else if (*v == "never") o.color = ColorMode::Never;
      else {
        error = "--color must be auto, always or never, not '" + *v + "'";
        return std::nullopt;
      }
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a == "-h" || a == "--help") {
      o.command = Command::Help;
      return o;
    } else {
      error = "unknown option '" + a + "' (see boundwise --help)";
      return std::nullopt;
    }
  }
  if (o.updateBaseline && o.baselinePath.empty()) {
    error = "--update-baseline needs --baseline FILE";
    return std::nullopt;
  }
  return o;
}

std::optional<Severity> parseSeverity(const std::string &s) {
  if (s == "info" || s == "note") return Severity::Info;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

}  // namespace boundwise
