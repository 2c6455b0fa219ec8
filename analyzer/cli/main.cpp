// boundwise command line: parse options, run the pipeline, render, choose the exit code.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include "analyzer/checks/check.h"
#include "analyzer/cli/config.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/profile_command.h"
#include "analyzer/cli/process_tree.h"
#include "analyzer/cli/report_file.h"
#include "analyzer/core/memory_tuning.h"
#include "analyzer/core/python_probe.h"
#include "analyzer/core/baseline.h"
#include "analyzer/core/file_discovery.h"
#include "analyzer/core/diff_filter.h"
#include "analyzer/core/source_lines.h"
#include "analyzer/core/embedded.h"
#include "analyzer/core/inert_text.h"
#include "analyzer/lsp/server.h"
#include "analyzer/report/html_renderer.h"
#include "analyzer/report/profile_merge.h"
#include "analyzer/report/renderer.h"

namespace boundwise {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int usageError(const std::string &message) {
  std::cerr << "boundwise: error: " << inertText(message) << "\n";  // may name files of the tree
  return kExitError;
}

// The target Python defaults to the python3 on PATH; 3.11 when there is none. Asked in isolation
// (python_probe.h): nothing in the analysed tree runs.
void detectTarget(Target &target) {
  const auto out = runPythonProbe(
      "import sys, sysconfig; print(sys.version_info[0], sys.version_info[1], "
      "int(bool(sysconfig.get_config_var('Py_GIL_DISABLED'))))");
  int major = 0, minor = 0, ft = 0;
  if (out && std::sscanf(out->c_str(), "%d %d %d", &major, &minor, &ft) == 3 && major == 3) {
    target.pythonMajor = major;
    target.pythonMinor = minor;
    target.freeThreaded = target.freeThreaded || ft != 0;
  }
}

int listRules() {
  for (const auto &check : allChecks()) {
    const CheckInfo &i = check->info();
    std::printf("%-7s %-36s %-8s %s\n", std::string(i.code).c_str(), std::string(i.name).c_str(),
                std::string(toString(i.severity)).c_str(), std::string(i.summary).c_str());
  }
  return kExitClean;
}

int explain(std::string code) {
  for (auto &c : code) c = char(std::toupper(static_cast<unsigned char>(c)));
  for (const auto &doc : bundledRuleDocs())
    if (doc.name == code + ".md") {
      std::cout << doc.text;
      return kExitClean;
    }
  std::string known;
  for (const auto &check : allChecks()) known += (known.empty() ? "" : ", ") + std::string(check->info().code);
  return usageError("unknown code '" + code + "'; known codes: " + known);
}

// Settings from the configuration file, where the command line did not set them.
bool applyConfig(CliOptions &o) {
  std::optional<std::string> path;
  if (!o.configPath.empty()) {
    path = o.configPath;
  } else {
    path = findConfigFile(o.check.paths.empty() ? "." : o.check.paths.front());
  }
  if (!path) return true;
  std::string error;
  auto config = loadConfigFile(*path, error);
  if (!config) {
    std::cerr << inertText(error) << "\n";
    return false;
  }
  o.configPath = config->path;
  auto unset = [&](std::initializer_list<const char *> flags) {
    for (const char *f : flags)
      if (o.given.count(f)) return false;
    return true;
  };
  if (config->select && unset({"--select"})) o.check.select = *config->select;
  if (config->ignore && unset({"--ignore"})) o.check.ignore = *config->ignore;
  if (config->exclude && unset({"--exclude"})) o.check.excludes = anchoredExcludes(*config);
  o.check.ruleFiles.insert(o.check.ruleFiles.begin(), config->rules.begin(), config->rules.end());
  o.check.perFileIgnores = anchoredPerFileIgnores(*config);
  o.check.severityOverrides = config->severity;
  if (config->pythonVersion && unset({"--python-version"})) {
    std::string versionError;
    char arg0[] = "boundwise", arg1[] = "check", flag[] = "--python-version";
    std::string v = *config->pythonVersion;
    char *argv[] = {arg0, arg1, flag, v.data()};
    auto parsed = parseCommandLine(4, argv, versionError);
    if (!parsed) {
      std::cerr << inertText(config->path) << ": error: python-version: " << inertText(versionError) << "\n";
      return false;
    }
    o.check.target.pythonMajor = parsed->check.target.pythonMajor;
    o.check.target.pythonMinor = parsed->check.target.pythonMinor;
    o.pythonVersionGiven = true;
  }
  if (config->freeThreaded && unset({"--free-threaded"})) o.check.target.freeThreaded = *config->freeThreaded;
  if (config->failOn && unset({"--fail-on"})) o.failOn = *parseSeverity(*config->failOn);
  if (config->maxFileSizeMib && unset({"--max-file-size"})) o.check.maxFileBytes = uint64_t(*config->maxFileSizeMib) << 20;
  return true;
}

// Globs anchored at the configuration file's folder are absolute; show them from here.
std::vector<std::string> shownGlobs(std::vector<std::string> globs) {
  for (auto &g : globs)
    if (!g.empty() && g[0] == '/') g = displayPath(g);
  return globs;
}

void showSettings(const CliOptions &o) {
  auto list = [](const std::vector<std::string> &v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s + "]";
  };
  std::cout << "config-file: " << (o.configPath.empty() ? "(none)" : o.configPath) << "\n"
            << "paths: " << list(o.check.paths) << "\n"
            << "select: " << (o.check.select.empty() ? "[ALL]" : list(o.check.select)) << "\n"
            << "ignore: " << list(o.check.ignore) << "\n"
            << "exclude: " << list(shownGlobs(o.check.excludes)) << "\n"
            << "rules: " << list(o.check.ruleFiles) << "\n";
  std::cout << "per-file-ignores:";
  if (o.check.perFileIgnores.empty()) std::cout << " {}";
  std::cout << "\n";
  for (const auto &[glob, codes] : o.check.perFileIgnores)
    std::cout << "  " << shownGlobs({glob})[0] << ": " << list(codes) << "\n";
  std::cout << "severity:";
  if (o.check.severityOverrides.empty()) std::cout << " {}";
  std::cout << "\n";
  for (const auto &[code, sev] : o.check.severityOverrides) std::cout << "  " << code << ": " << toString(sev) << "\n";
  std::cout << "python-version: "
            << (o.pythonVersionGiven ? std::to_string(o.check.target.pythonMajor) + "." + std::to_string(o.check.target.pythonMinor)
                                     : "(the python3 on PATH)")
            << "\n"
            << "free-threaded: " << (o.check.target.freeThreaded ? "true" : "false") << "\n"
            << "fail-on: " << (o.failOn == Severity::Info ? "note" : toString(o.failOn)) << "\n"
            << "max-file-size: " << (o.check.maxFileBytes >> 20) << " MiB\n";
}

int check(CliOptions &o) {
  tuneMemoryForBatchRun();
  if (!applyConfig(o)) return kExitError;
  if (!o.filesFrom.empty()) {
    std::ifstream in(o.filesFrom);
    if (!in) return usageError("cannot read --files-from file '" + o.filesFrom + "'");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();  // a list written on Windows
      if (!line.empty()) o.check.paths.push_back(line);
    }
  } else if (o.check.paths.empty()) {
    o.check.paths.push_back(".");
  }
  std::future<Target> detected;
  for (const auto *list : {&o.check.select, &o.check.ignore})
    for (const auto &selector : *list) {
      bool known = selector == "ALL";
      for (const auto &c : allChecks()) known |= std::string(c->info().code).rfind(selector, 0) == 0;
      if (!known) return usageError("'" + selector + "' matches no finding code (see boundwise rules)");
    }
  if (o.showSettings) {
    showSettings(o);
    return kExitClean;
  }
  if (o.pythonVersionGiven && o.check.target.freeThreaded && !o.check.target.atLeast(3, 13))
    return usageError("--free-threaded needs --python-version 3.13 or later: free-threaded builds start with 3.13 "
                      "(the target is " + std::to_string(o.check.target.pythonMajor) + "." +
                      std::to_string(o.check.target.pythonMinor) + ", from the command line or the configuration)");
  // Open the report file first: a bad -o should not cost a whole analysis.
  PendingReport file;
  if (!o.outputFile.empty() && namesAnInput(o.outputFile, o.check.paths))
    return usageError("-o '" + o.outputFile + "' names a file that is being analysed; the report would replace it. "
                      "Write the report somewhere else");
  if (o.format == OutputFormat::Html) {
    // A page is a folder, not a stream: DIR/index.html.
    if (o.outputFile.empty()) return usageError("--format html needs -o DIR: the report is written as DIR/index.html");
    std::string error;
    if (!prepareHtmlDir(o.outputFile, error)) return usageError(error);
  } else if (!o.outputFile.empty()) {
    std::string error;
    if (!file.open(o.outputFile, error)) return usageError(error);
  }
  if (!o.pythonVersionGiven) {
    detected = std::async(std::launch::async, [target = o.check.target] {
      Target t = target;
      detectTarget(t);
      if (t.freeThreaded && !t.atLeast(3, 13)) {
        std::cerr << "boundwise: note: free-threaded builds start with Python 3.13; targeting 3.13\n";
        t.pythonMinor = 13;
      }
      return t;
    });
    o.check.resolveTarget = [&detected] { return detected.get(); };
  }
  o.check.progress = !o.quiet && isatty(STDERR_FILENO);

  CheckResult result = runCheck(o.check);
  if (!result.ruleErrors.empty()) {
    for (const auto &e : result.ruleErrors) std::cerr << inertText(e) << "\n";
    std::cerr << "boundwise: error: invalid rule file; nothing was analysed\n";
    return kExitError;
  }
  if (!o.quiet)
    for (const auto &n : result.notes) std::cerr << "boundwise: note: " << inertText(n) << "\n";
  // Names and messages from the analysed tree, inert (inert_text.h) like the text report.
  for (const auto &p : result.problems) {
    std::cerr << inertText(p.path);
    if (p.line > 0) std::cerr << ":" << p.line << ":" << p.column;
    std::cerr << ": error: " << inertText(p.message) << "\n";
  }

  if (!o.profilePath.empty()) {
    std::string error;
    ProfileMergeSummary merged;
    if (!mergeProfile(result, o.profilePath, merged, error)) return usageError(error);
    if (!o.quiet && o.format == OutputFormat::Text)
      std::cerr << "boundwise: profile " << o.profilePath << ": " << merged.confirmed << " finding"
                << (merged.confirmed == 1 ? "" : "s") << " confirmed, " << merged.refuted << " refuted by measurement\n";
  }
  if (!o.diffBase.empty()) {
    std::string error;
    auto changed = changedLinesSince(o.diffBase, error);
    if (!changed) return usageError(error);
    result.findings = onChangedLines(result.findings, *changed);
  }
  SourceLines lines;
  if (o.updateBaseline) {
    std::string error;
    if (!writeBaseline(o.baselinePath, result.findings, lines, error)) return usageError(error);
    std::cerr << "boundwise: wrote " << result.findings.size() << " finding" << (result.findings.size() == 1 ? "" : "s")
              << " to the baseline " << o.baselinePath << "\n";
    file.discard();
    std::fflush(nullptr);
    std::_Exit(result.problems.empty() ? kExitClean : kExitError);
  }
  if (!o.baselinePath.empty()) {
    std::string error;
    auto baseline = loadBaseline(o.baselinePath, error);
    if (!baseline) return usageError(error);
    const size_t before = result.findings.size();
    result.findings = newFindings(result.findings, *baseline, lines, o.baselinePath);
    const size_t known = before - result.findings.size();
    if (known > 0 && !o.quiet && o.format == OutputFormat::Text)
      std::cerr << "boundwise: " << known << " finding" << (known == 1 ? "" : "s") << " already in the baseline "
                << o.baselinePath << " not shown\n";
  }

  RenderOptions render;
  render.quiet = o.quiet;
  render.showCallSites = o.showCallSites;
  const bool toTerminal = o.outputFile.empty() && isatty(STDOUT_FILENO);
  render.color = o.color == ColorMode::Always ||
                 (o.color == ColorMode::Auto && toTerminal && std::getenv("NO_COLOR") == nullptr);

  std::ostream &out = o.outputFile.empty() || o.format == OutputFormat::Html ? std::cout : file.stream();
  const auto renderStart = std::chrono::steady_clock::now();
  switch (o.format) {
    case OutputFormat::Json: renderJson(result, render, out); break;
    case OutputFormat::Sarif: renderSarif(result, render, out); break;
    case OutputFormat::Github: renderGithub(result, render, out); break;
    case OutputFormat::Text: renderText(result, render, out); break;
    case OutputFormat::Html: {
      std::string error;
      renderHtml(result, render, o.outputFile, error);
      if (!error.empty()) return usageError(error);
      break;
    }
  }
  out.flush();
  if (std::getenv("BOUNDWISE_TIMING"))
    std::fprintf(stderr, "boundwise: %-10s %.3f s\n", "render",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - renderStart).count());
  if (!out) return usageError("writing the report failed");
  if (std::string error; !file.commit(error)) return usageError(error);

  int code = kExitClean;
  if (!result.problems.empty()) code = kExitError;
  else if (!o.exitZero && std::any_of(result.findings.begin(), result.findings.end(),
                                      [&](const Finding &f) { return f.severity >= o.failOn; }))
    code = kExitFindings;
  // Freeing the whole program model takes a noticeable share of a large run; the OS does it.
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace
}  // namespace boundwise

int main(int argc, char **argv) {
  using namespace boundwise;
  std::ios::sync_with_stdio(false);
  try {
    if (argc >= 2 && std::strcmp(argv[1], "profile") == 0) return runProfileCommand(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "__watchdog") == 0) return runWatchdogProcess(argc, argv);
    std::string error;
    auto options = parseCommandLine(argc, argv, error);
    if (!options) return usageError(error);
    switch (options->command) {
      case Command::Help: std::cout << usageText(); return kExitClean;
      case Command::Version: std::cout << "boundwise " << BOUNDWISE_VERSION << "\n"; return kExitClean;
      case Command::Rules: return listRules();
      case Command::Explain: return explain(options->explainCode);
      case Command::Check: return check(*options);
      case Command::Lsp: return runLanguageServer(std::cin, std::cout);
    }
  } catch (const std::exception &e) {
    std::cerr << "boundwise: internal error: " << e.what() << "\n";
  }
  return kExitError;
}
