#include "analyzer/core/pipeline.h"

#include "rules/loader/yaml_bounds.h"

#include <fnmatch.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "analyzer/checks/check.h"
#include "analyzer/core/file_discovery.h"
#include "analyzer/core/memory_tuning.h"
#include "analyzer/core/source_reader.h"
#include "analyzer/core/suppressions.h"
#include "analyzer/cpp/cpp_frontend.h"
#include "analyzer/cpp/cpp_linker.h"
#include "analyzer/python/python_frontend.h"

namespace boundwise {

bool codeSelected(const std::string &code, const std::vector<std::string> &select, const std::vector<std::string> &ignore) {
  auto matches = [&](const std::vector<std::string> &prefixes) {
    for (const auto &p : prefixes)
      if (p == "ALL" || code.rfind(p, 0) == 0) return true;
    return false;
  };
  if (!select.empty() && !matches(select)) return false;
  return !matches(ignore);
}

namespace {

// per-file-ignores: a glob matched against the path and the file name, like ruff's.
bool ignoredForFile(const Finding &f, const std::vector<std::pair<std::string, std::vector<std::string>>> &rules) {
  const std::string base = std::filesystem::path(f.path).filename().string();
  std::string absolute;  // for globs anchored at a configuration file's folder
  for (const auto &[glob, codes] : rules) {
    if (!glob.empty() && glob[0] == '/' && f.path[0] != '/') {
      if (absolute.empty()) absolute = absolutePath(f.path);
      if (fnmatch(glob.c_str(), absolute.c_str(), 0) != 0) continue;
    } else if (fnmatch(glob.c_str(), f.path.c_str(), 0) != 0 && fnmatch(glob.c_str(), base.c_str(), 0) != 0) {
      continue;
    }
    for (const auto &c : codes)
      if (c == "ALL" || f.code.rfind(c, 0) == 0) return true;
  }
  return false;
}

// BOUNDWISE_TIMING=1 prints how long each phase took, for benchmarks: wall time, and the CPU
// time of the whole process (all threads, user + system) over the same span.
class PhaseTimer {
 public:
  PhaseTimer() : enabled_(std::getenv("BOUNDWISE_TIMING") != nullptr), last_(std::chrono::steady_clock::now()), lastCpu_(cpuSeconds()) {
    if (enabled_) std::fprintf(stderr, "boundwise: allocator  %s\n", memoryTuningSummary());
  }
  void mark(const char *phase) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double cpu = cpuSeconds();
    std::fprintf(stderr, "boundwise: %-10s %.3f s (cpu %.3f s, rss %ld MiB)\n", phase,
                 std::chrono::duration<double>(now - last_).count(), cpu - lastCpu_, residentMiB());
    last_ = now;
    lastCpu_ = cpu;
  }

 private:
  static double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
  }
  static long residentMiB() {  // the process's resident memory now, from /proc (-1 elsewhere)
    long pages = -1, resident = -1;
    if (FILE *f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
      std::fclose(f);
    }
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
  }
  bool enabled_;
  std::chrono::steady_clock::time_point last_;
  double lastCpu_;
};

struct FileSlot {
  FileModel model;
  bool ok = false;
  ReadProblem problem;
};

void extractAll(const std::vector<DiscoveredFile> &files, const CheckOptions &options, std::vector<FileSlot> &slots) {
  const PythonFrontend frontend;
  slots.resize(files.size());
  // Largest files first, so no thread is left parsing a big file alone at the end.
  std::vector<std::pair<uintmax_t, size_t>> order;
  order.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(files[i].path, ec);
    order.emplace_back(ec ? 0 : size, i);
  }
  std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    adviseHugePages();
    for (size_t k = next++; k < files.size(); k = next++) {
      const size_t i = order[k].second;
      FileSlot &slot = slots[i];
      std::optional<SourceText> source;
      if (auto overlay = options.overlays.find(files[i].path); overlay != options.overlays.end()) {
        if (size_t bad = findInvalidUtf8(overlay->second); bad != std::string::npos)
          slot.problem.message = "invalid UTF-8 in the editor buffer at byte " + std::to_string(bad);
        else
          source = SourceText{overlay->second};
        if (source) normalizeLineEndings(source->text);
      } else {
        source = readPythonSource(files[i].path, options.maxFileBytes, slot.problem);
      }
      if (source) {
        slot.model = frontend.extract(source->text, files[i].path, files[i].moduleName, files[i].isPackageInit);
        slot.ok = true;
      } else {
        slot.model.path = files[i].path;
      }
      ++done;
      adviseHugePages();
    }
  };
  unsigned jobs = options.jobs > 0 ? unsigned(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, std::max<size_t>(1, files.size()));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  std::atomic<bool> finished{false};
  std::thread progress;
  if (options.progress && files.size() > 200) {
    progress = std::thread([&] {
      while (!finished) {
        std::fprintf(stderr, "\rboundwise: %zu/%zu files", done.load(), files.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::fprintf(stderr, "\r\033[K");
    });
  }
  worker();
  for (auto &t : threads) t.join();
  finished = true;
  if (progress.joinable()) progress.join();
}

// C and C++ translation units next to the Python files (docs/cpp.md).
void extractCpp(const std::vector<std::string> &paths, const CheckOptions &options, Program &program, CheckResult &result) {
  std::vector<DiscoveryProblem> skipped;
  const std::vector<std::string> sources = discoverCppFiles(paths, options.excludes, skipped);
  for (auto &s : skipped) result.problems.push_back({std::move(s.path), 0, 0, std::move(s.message)});
  if (sources.empty()) return;
  CompilerFlags flags({options.compileCommandsDir, options.compilerFlagsGiven, options.compilerFlags});
  const unsigned jobs = options.jobs > 0 ? unsigned(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  std::vector<CppUnit> units = extractCppUnits(sources, flags, jobs, paths);
  std::set<std::string> seen(sources.begin(), sources.end());
  for (const auto &p : flags.problems()) result.problems.push_back({p.substr(0, p.find(": ")), 0, 0, p.substr(p.find(": ") + 2)});
  size_t guessed = 0;
  for (auto &unit : units) {
    guessed += unit.guessedFlags;
    if (!unit.ok) {
      result.problems.push_back({unit.problemPath, unit.line, unit.column, unit.problem});
      continue;
    }
    program.files.push_back(std::move(unit.model));
    for (auto &header : unit.headers)
      if (seen.insert(header.path).second) program.files.push_back(std::move(header));
  }
  for (const auto &note : flags.notes()) result.notes.push_back(note);
  if (guessed > 0) {
    std::string list;
    for (const auto &f : flags.guessedFlags()) list += " " + f;
    result.notes.push_back("no compilation database for " + std::to_string(guessed) + " C/C++ file" +
                           (guessed == 1 ? "" : "s") + "; guessing the flags (-std=c++17" + list +
                           "); pass -p BUILD_DIR or -- FLAGS to set them");
  }
}

}  // namespace

CheckResult runCheck(const CheckOptions &options) {
  CheckResult result;
  PhaseTimer timer;
  // The rules are needed from linking on: they load on their own thread while the files are
  // discovered and parsed. A broken rule file still stops the run before anything is reported.
  result.rules = std::make_unique<RuleSet>();
  auto rulesLoaded = std::async(std::launch::async, [&result, &options] {
    result.rules->loadBundled(result.ruleErrors);
    for (const auto &path : options.ruleFiles) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        result.ruleErrors.push_back(path + ": error: cannot read rule file: " + std::strerror(errno));
        continue;
      }
      // Past the rule file limit the loader refuses the file anyway (yaml_bounds.h): reading
      // stops there, so a huge file or a device cannot fill the memory first.
      std::string text;
      char chunk[65536];
      while (in && text.size() <= kRuleYamlLimits.maxBytes) {
        in.read(chunk, sizeof chunk);
        text.append(chunk, size_t(in.gcount()));
      }
      if (text.size() > kRuleYamlLimits.maxBytes) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        result.ruleErrors.push_back(path + ": error: the file is " +
                                    overTheLimit(ec ? text.size() : size_t(size), kRuleYamlLimits.maxBytes));
        continue;
      }
      result.rules->load(text, path, result.ruleErrors);
    }
  });

  std::vector<DiscoveryProblem> discoveryProblems;
  // A buffer the editor has not saved yet exists only as an overlay.
  std::vector<std::string> onDisk;
  std::vector<DiscoveredFile> unsaved;
  for (const auto &path : options.paths) {
    std::error_code ec;
    if (options.overlays.count(displayPath(path)) && !std::filesystem::exists(path, ec)) {
      DiscoveredFile f;
      f.moduleName = moduleNameFor(path, f.isPackageInit);
      f.path = displayPath(path);
      unsaved.push_back(std::move(f));
    } else {
      onDisk.push_back(path);
    }
  }
  auto files = discoverPythonFiles(onDisk, options.excludes, discoveryProblems);
  files.insert(files.end(), unsaved.begin(), unsaved.end());
  for (auto &p : discoveryProblems) result.problems.push_back({p.path, 0, 0, p.message});

  std::vector<FileSlot> slots;
  timer.mark("discover");
  extractAll(files, options, slots);
  timer.mark("extract");
  rulesLoaded.get();
  timer.mark("rules");
  if (!result.ruleErrors.empty()) return result;

  result.program = std::make_unique<Program>();
  Program &program = *result.program;
  for (auto &slot : slots) {
    if (!slot.ok) {
      result.problems.push_back({slot.model.path, slot.problem.line, slot.problem.column, slot.problem.message});
      continue;
    }
    for (const auto &e : slot.model.syntaxErrors)
      result.problems.push_back({slot.model.path, e.loc.line, e.loc.column, e.message + " (the rest of the file was analysed)"});
    program.files.push_back(std::move(slot.model));
  }
  extractCpp(onDisk, options, program, result);
  timer.mark("extract-c++");
  result.filesAnalyzed = program.files.size();

  result.linker = std::make_unique<PythonLinker>(program, *result.rules);
  const unsigned jobs = options.jobs > 0 ? unsigned(options.jobs) : std::max(1u, std::thread::hardware_concurrency());
  result.linker->link(jobs);
  linkCppCalls(program, *result.rules);
  timer.mark("link");
  const Target target = options.resolveTarget ? options.resolveTarget() : options.target;
  adviseHugePages();  // the classifier's tables are fresh memory of the main heap too
  result.analysis = classify(program, *result.linker, target, jobs);
  timer.mark("classify");

  std::vector<Finding> raw;
  for (const auto &check : allChecks()) {
    if (!codeSelected(std::string(check->info().code), options.select, options.ignore)) continue;
    check->run(result.analysis, raw);
  }
  std::unordered_map<std::string, const FileModel *> byPath;
  for (const auto &f : program.files) byPath[f.path] = &f;
  for (auto &f : raw) {
    auto it = byPath.find(f.path);
    if (it != byPath.end() && isSuppressed(it->second->suppressions, f.loc.line, f.code)) continue;
    if (ignoredForFile(f, options.perFileIgnores)) continue;
    if (auto s = options.severityOverrides.find(f.code); s != options.severityOverrides.end()) f.severity = s->second;
    result.findings.push_back(std::move(f));
  }
  sortFindings(result.findings);
  timer.mark("checks");
  return result;
}

}  // namespace boundwise
