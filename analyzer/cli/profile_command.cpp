// `boundwise profile`: static pass -> targets file -> run COMMAND with the bootstrap ->
// merge the per-process result files -> measured verdicts -> report (text on stderr, JSON -o).
#include "analyzer/cli/profile_command.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "analyzer/cli/native_profile_command.h"
#include "analyzer/cli/process_tree.h"
#include "analyzer/cli/report_file.h"
#include "analyzer/cli/profile_replay.h"
#include "analyzer/report/profile_report.h"
#include "analyzer/core/inert_text.h"
#include "analyzer/core/pipeline.h"
#include "analyzer/core/source_reader.h"
#include "analyzer/report/renderer.h"
#include "profiler/results.h"
#include "profiler/thread_counters.h"

extern char **environ;

namespace boundwise {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kExitError = 2;
constexpr int kExitTimeout = 124;  // like coreutils timeout(1)

int usageError(const std::string &message) {
  std::cerr << "boundwise: error: " << message << "\n";
  return kExitError;
}

bool parseWorkers(const std::string &text, std::vector<int> &workers) {
  workers.clear();
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    char *end = nullptr;
    const long n = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || n < 1 || n > 256) return false;
    workers.push_back(int(n));
  }
  std::sort(workers.begin(), workers.end());
  workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
  return !workers.empty();
}

bool looksLikePython(const std::string &program) {
  const std::string base = fs::path(program).filename().string();
  return base.rfind("python", 0) == 0;
}

// The index of what a `python ...` command runs: its script, or the `-m`/`-c` option (also
// written `-mpkg`, `-ccode`); command.size() when there is none. Interpreter options are
// skipped, with the argument of those that take one.
size_t pythonRunArgument(const std::vector<std::string> &command) {
  static const std::set<std::string> withArgument = {"-W", "-X", "--check-hash-based-pycs"};
  for (size_t i = 1; i < command.size(); ++i) {
    const std::string &a = command[i];
    if (withArgument.count(a)) {
      ++i;
      continue;
    }
    if (a.rfind("-m", 0) == 0 || a.rfind("-c", 0) == 0 || a.empty() || a[0] != '-') return i;
  }
  return command.size();
}

// Where the program's sources are: the project of the script (the folder above its top
// package), or the current directory for `-m`, `-c`, pytest and everything else.
std::vector<std::string> defaultSources(const std::vector<std::string> &command) {
  if (command.empty() || !looksLikePython(command[0])) return {"."};
  const size_t i = pythonRunArgument(command);
  if (i == command.size() || command[i].rfind("-m", 0) == 0 || command[i].rfind("-c", 0) == 0) return {"."};
  std::error_code ec;
  fs::path dir = fs::absolute(command[i], ec).parent_path();
  while (fs::exists(dir / "__init__.py", ec) && dir.has_parent_path() && dir.parent_path() != dir)
    dir = dir.parent_path();
  return {fs::relative(dir, fs::current_path(), ec).lexically_normal().string()};
}

// `pytest ...`, `pytest-3 ...`, `py.test ...` or `pythonX -m pytest ...`.
bool runsPytest(const std::vector<std::string> &command) {
  if (command.empty()) return false;
  const std::string base = fs::path(command[0]).filename().string();
  if (base.rfind("pytest", 0) == 0 || base.rfind("py.test", 0) == 0) return true;
  if (!looksLikePython(command[0])) return false;
  const size_t i = pythonRunArgument(command);
  if (i == command.size()) return false;
  if (command[i] == "-m") return i + 1 < command.size() && command[i + 1] == "pytest";
  return command[i] == "-mpytest";
}

// The target of the static pass: pythonX.Y when the command names it, else the default. The
// processes report the Python they really ran (result file header), which then sets the
// target of the recommendations. Asking the interpreter here would cost a process start.
void targetFromCommand(const std::vector<std::string> &command, Target &target) {
  if (command.empty()) return;
  const std::string base = fs::path(command[0]).filename().string();
  int major = 0, minor = 0;
  if (std::sscanf(base.c_str(), "python%d.%d", &major, &minor) == 2 && major == 3) {
    target.pythonMajor = major;
    target.pythonMinor = minor;
  }
}

// Candidate (module, attribute) splits of a dotted callee: socket.socket.recv ->
// (socket.socket, recv), (socket, socket.recv). A bare name is a builtin.
std::vector<std::pair<std::string, std::string>> calleeSplits(const std::string &dotted) {
  std::vector<std::pair<std::string, std::string>> splits;
  size_t dot = dotted.rfind('.');
  if (dot == std::string::npos) return {{"builtins", dotted}};
  while (dot != std::string::npos && dot > 0) {
    splits.emplace_back(dotted.substr(0, dot), dotted.substr(dot + 1));
    dot = dotted.rfind('.', dot - 1);
  }
  return splits;
}

// The targets file for the bootstrap (executor-runtime/python/boundwise_runtime/bootstrap.py).
Json targetsJson(const ProfilePlan &plan, const std::string &outDir, bool capture) {
  Json functions = Json::array(), sites = Json::array(), callees = Json::array(), files = Json::array();
  std::map<std::string, std::pair<int, Json>> apiCallees;  // dotted -> (slot, sites)
  for (const PlannedSlot &s : plan.slots) {
    // JSON carries UTF-8 only: a file whose path is not cannot be named to the bootstrap, so its
    // code is not probed (the report lists it unexercised).
    if (!s.realPath.empty() && findInvalidUtf8(s.realPath) != std::string::npos) continue;
    if (s.kind == PlannedSlot::Kind::File) {
      files.push_back({{"slot", s.slot}, {"path", s.realPath}});
    } else if (s.kind == PlannedSlot::Kind::Function) {
      functions.push_back({{"slot", s.slot}, {"path", s.realPath}, {"qualname", s.qualname}, {"line", s.line}});
    } else if (s.kind == PlannedSlot::Kind::Site && s.probeSlot >= 0) {
      Json site = {{"slot", s.slot}, {"path", s.realPath}, {"line", s.line}};
      if (!s.apiCallee.empty()) {
        auto &entry = apiCallees[s.apiCallee];
        entry.first = s.probeSlot;
        entry.second.push_back(site);
      } else {
        site["function_slot"] = s.probeSlot;
        if (s.awaited) site["awaited"] = true;  // measured under sys.monitoring only
        sites.push_back(site);
      }
    }
  }
  for (const auto &[dotted, entry] : apiCallees)
    for (const auto &[module, attribute] : calleeSplits(dotted))
      callees.push_back({{"slot", entry.first}, {"name", dotted}, {"module", module}, {"attribute", attribute},
                         {"sites", entry.second}});
  return {{"version", 1}, {"out_dir", outDir}, {"capture", capture}, {"slots", plan.slots.size()}, {"files", files}, {"functions", functions},
          {"sites", sites}, {"callees", callees}};
}

std::atomic<pid_t> g_child{0};
std::atomic<int> g_stopSignal{0};  // a signal that asked boundwise to stop, for the wait loop

void forwardSignal(int sig) {
  const pid_t child = g_child.load();
  if (child <= 0) return;
  g_stopSignal = sig;
  // Ctrl-C on a terminal reaches the program directly (same process group); forwarding it
  // again would interrupt the program's own cleanup.
  if (sig == SIGINT && isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp()) return;
  kill(child, sig);  // the rest of its tree from the wait loop (/proc is no work for a handler)
}

struct RunOutcome {
  int exitCode = 0;
  int signal = 0;
  bool timedOut = false;
  int stoppedBy = 0;  // SIGINT, SIGTERM or SIGHUP sent to boundwise during the run
  double wallSeconds = 0;
  std::string error;
};

// Processes adopted as a subreaper (grandchildren left behind by the program).
std::vector<pid_t> adoptedChildren() { return childrenOf(getpid()); }

RunOutcome runProgram(const std::vector<std::string> &command, const std::vector<std::string> &env,
                      double timeoutSeconds) {
  RunOutcome outcome;
  std::vector<char *> argv, envp;
  for (const auto &a : command) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto &e : env) envp.push_back(const_cast<char *>(e.c_str()));
  envp.push_back(nullptr);

  // Orphaned grandchildren come to us, so a stopped program's workers can be stopped too.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  struct sigaction forward {};
  forward.sa_handler = forwardSignal;
  sigemptyset(&forward.sa_mask);
  struct sigaction oldInt {}, oldTerm {}, oldHup {};
  sigaction(SIGINT, &forward, &oldInt);
  sigaction(SIGTERM, &forward, &oldTerm);
  sigaction(SIGHUP, &forward, &oldHup);

  const auto start = std::chrono::steady_clock::now();
  // fork + exec rather than posix_spawn: the child asks to be killed if boundwise dies (SIGKILL
  // cannot be caught, and a program left running would go on writing with nobody to report it).
  int errPipe[2];
  if (pipe2(errPipe, O_CLOEXEC) != 0) {
    outcome.error = std::string("cannot run the program: ") + std::strerror(errno);
    return outcome;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    outcome.error = std::string("cannot run the program: ") + std::strerror(errno);
    close(errPipe[0]), close(errPipe[1]);
    return outcome;
  }
  if (pid == 0) {
    close(errPipe[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // boundwise died before the line above
    execvpe(argv[0], argv.data(), envp.data());
    const int e = errno;
    (void)!write(errPipe[1], &e, sizeof e);
    _exit(127);
  }
  close(errPipe[1]);
  int execErrno = 0;
  const bool execFailed = read(errPipe[0], &execErrno, sizeof execErrno) == ssize_t(sizeof execErrno);
  close(errPipe[0]);
  if (execFailed) {
    waitpid(pid, nullptr, 0);
    outcome.error = "cannot run '" + command[0] + "': " + std::strerror(execErrno);
    return outcome;
  }
  g_child = pid;
  int status = 0;
  bool terminated = false;
  int forwarded = 0;  // the stop signal already sent to the whole tree
  auto killAt = std::chrono::steady_clock::time_point::max();
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      outcome.error = std::string("waiting for the program failed: ") + std::strerror(errno);
      break;
    }
    // SIGTERM or SIGHUP to boundwise: the program's workers get it too, not only the program.
    if (const int sig = g_stopSignal.load(); sig != 0 && sig != forwarded && sig != SIGINT) {
      forwarded = sig;
      signalTree(pid, sig);
      outcome.stoppedBy = sig;
    } else if (sig == SIGINT) {
      outcome.stoppedBy = sig;
    }
    const auto now = std::chrono::steady_clock::now();
    if (timeoutSeconds > 0 && !terminated &&
        now - start >= std::chrono::duration<double>(timeoutSeconds)) {
      outcome.timedOut = true;
      terminated = true;
      kill(pid, SIGTERM);
      killAt = now + std::chrono::seconds(2);
    }
    if (terminated && now >= killAt) {
      kill(pid, SIGKILL);
      killAt = std::chrono::steady_clock::time_point::max();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  g_child = 0;
  if (outcome.stoppedBy == 0) outcome.stoppedBy = g_stopSignal.load();  // it came as the program ended
  outcome.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) outcome.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
    outcome.exitCode = 128 + outcome.signal;
  }
  // Workers the program left behind: stopped after a timeout or a stop signal (asked to end
  // first, then killed), otherwise just reaped if done.
  if (outcome.timedOut || outcome.stoppedBy != 0) {
    const std::vector<pid_t> left = adoptedChildren();
    for (pid_t adopted : left) signalTree(adopted, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (pid_t adopted : left) {
      while (waitpid(adopted, nullptr, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      signalTree(adopted, SIGKILL);
      waitpid(adopted, nullptr, 0);
    }
  } else {
    for (pid_t adopted : adoptedChildren()) waitpid(adopted, nullptr, WNOHANG);
  }
  sigaction(SIGINT, &oldInt, nullptr);
  sigaction(SIGTERM, &oldTerm, nullptr);
  sigaction(SIGHUP, &oldHup, nullptr);
  return outcome;
}

std::string runtimeDir(const char *fallback, const char *env) {
  if (const char *v = std::getenv(env)) return v;
  return fallback;
}

}  // namespace

std::string profileUsageText() {
  return "usage: boundwise profile [-o FILE] [--source DIR] [--replay] [--workers 1,2,4]\n"
         "                         [--allow-writes] [--timeout S] [-j N] [-q] -- COMMAND...\n"
         "\n"
         "Analyses the program's sources, runs COMMAND (python3 app.py, python3 -m pkg, pytest ...)\n"
         "with the profiler loaded into every Python process it starts, and reports for each\n"
         "classified call site the measured on-CPU share and whether it confirms the static class.\n"
         "The program's output and exit code pass through; the report goes to stderr.\n"
         "\n"
         "  -o FILE          write the JSON report (check's JSON plus `measured` and `scaling`)\n"
         "  --source DIR     sources to analyse (repeatable; default: the script's project, or\n"
         "                   the current folder without test files for pytest)\n"
         "  --replay         re-run measured calls sequentially and on threads, processes, async\n"
         "                   and (Python 3.12+) sub-interpreters\n"
         "  --workers LIST   worker counts for --replay (default 1,2,4)\n"
         "  --allow-writes   also replay call sites that write (disk, database, non-GET requests)\n"
         "  --timeout S      stop the program after S seconds and keep what was measured (exit 124)\n"
         "  -j N             threads for the static pass\n"
         "  -q, --quiet      no text report\n";
}

bool parseProfileOptions(const std::vector<std::string> &args, ProfileOptions &o, std::string &error) {
  size_t i = 0;
  auto value = [&](const std::string &flag, std::string &out) {
    if (i + 1 >= args.size()) {
      error = flag + " needs a value";
      return false;
    }
    out = args[++i];
    return true;
  };
  for (; i < args.size(); ++i) {
    const std::string &a = args[i];
    std::string v;
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "-o" || a == "--output") {
      if (!value(a, o.outputPath)) return false;
    } else if (a == "--source") {
      if (!value(a, v)) return false;
      o.sourceDirs.push_back(v);
    } else if (a == "--replay") {
      o.replay = true;
    } else if (a == "--workers") {
      if (!value(a, v)) return false;
      if (!parseWorkers(v, o.workers)) {
        error = "--workers wants a comma-separated list of counts from 1 to 256, like 1,2,4 (got '" + v + "')";
        return false;
      }
    } else if (a == "--allow-writes") {
      o.allowWrites = true;
    } else if (a == "--timeout") {
      if (!value(a, v)) return false;
      char *end = nullptr;
      o.timeoutSeconds = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(o.timeoutSeconds > 0)) {
        error = "--timeout wants a number of seconds greater than 0 (got '" + v + "')";
        return false;
      }
    } else if (a == "-j" || a == "--jobs") {
      if (!value(a, v)) return false;
      char *end = nullptr;
      o.jobs = int(std::strtol(v.c_str(), &end, 10));
      if (v.empty() || *end != '\0' || o.jobs < 1) {
        error = "-j wants a positive number of threads (got '" + v + "')";
        return false;
      }
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      error = "unknown option '" + a + "' for profile (the program's own options go after --)";
      return false;
    } else {
      break;  // the command starts here (`--` is optional when it does not start with '-')
    }
  }
  o.command.assign(args.begin() + long(i), args.end());
  if (o.command.empty()) {
    error = "profile needs a command to run: boundwise profile [options] -- python3 app.py";
    return false;
  }
  return true;
}

int runProfileCommand(int argc, char **argv) {
  std::vector<std::string> args(argv + 2, argv + argc);
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << profileUsageText();
    return 0;
  }
  ProfileOptions options;
  std::string error;
  if (!parseProfileOptions(args, options, error)) return usageError(error);

  if (findProgram(options.command[0]).empty()) {
    std::cerr << "boundwise: error: cannot run '" << options.command[0] << "': not found\n";
    return 127;
  }
  // A C or C++ program: the preload library and the sampler (docs/profile-native.md).
  if (isNativeProgram(options.command[0])) {
    if (options.replay)
      std::cerr << "boundwise: note: --replay re-runs Python call sites; it does not apply to a native program\n";
    NativeProfileRequest request;
    request.command = options.command;
    request.outputPath = options.outputPath;
    request.sourceDirs = options.sourceDirs;
    request.timeoutSeconds = options.timeoutSeconds;
    request.quiet = options.quiet;
    request.jobs = options.jobs;
    return profileNativeProgram(request);
  }

  // The report is written (by rename) once the run is over: boundwise killed during the run
  // leaves the previous report as it was. Whether it can be written is known now.
  PendingReport jsonFile;
  if (!options.outputPath.empty()) {
    std::string error;
    if (!jsonFile.open(options.outputPath, error)) return usageError(error);
    jsonFile.discard();
  }
  const std::vector<std::string> sources = options.sourceDirs.empty() ? defaultSources(options.command) : options.sourceDirs;
  for (const auto &dir : sources) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return usageError("--source '" + dir + "' does not exist");
  }

  // Static pass.
  CheckOptions check;
  check.paths = sources;
  check.jobs = options.jobs;
  targetFromCommand(options.command, check.target);
  // pytest imports test files and conftest.py through its assertion-rewriting loader, which the
  // bootstrap does not see: their call sites cannot be measured (and a probed test function
  // would hide its parameters from pytest under --assert=plain). The code under test is measured.
  if (options.sourceDirs.empty() && runsPytest(options.command)) {
    check.excludes.insert(check.excludes.end(), {"test_*.py", "*_test.py", "conftest.py"});
    if (!options.quiet)
      std::cerr << "boundwise: pytest run: the static pass leaves out test files (test_*.py, *_test.py, "
                   "conftest.py); --source DIR names the sources to analyse\n";
  }
  CheckResult result = runCheck(check);
  if (!result.ruleErrors.empty()) {
    for (const auto &e : result.ruleErrors) std::cerr << inertText(e) << "\n";
    return usageError("invalid rule file; the program was not run");
  }
  for (const auto &p : result.problems)
    std::cerr << inertText(p.path) << (p.line > 0 ? ":" + std::to_string(p.line) + ":" + std::to_string(p.column) : "")
              << ": error: " << inertText(p.message) << "\n";
  ProfilePlan plan = planProfile(result);

  // Run.
  removeAbandonedWorkDirs("boundwise-profile-");
  std::string workDirError;
  const std::string workDir = makeWorkDir("boundwise-profile-", workDirError);
  if (workDir.empty()) return usageError(workDirError);
  const std::string outDir = workDir + "/results", targetsPath = workDir + "/targets.json";
  fs::create_directories(outDir);
  {
    std::ofstream targets(targetsPath);
    targets << targetsJson(plan, outDir, options.replay).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (!targets) return usageError("cannot write " + targetsPath);
  }
  std::vector<std::string> env;
  std::string pythonPath = runtimeDir(BOUNDWISE_RUNTIME_PYTHON_DIR, "BOUNDWISE_RUNTIME_PYTHON_DIR") + ":" +
                           runtimeDir(BOUNDWISE_RUNTIME_NATIVE_DIR, "BOUNDWISE_RUNTIME_NATIVE_DIR");
  for (char **e = environ; *e; ++e) {
    const std::string entry = *e;
    if (entry.rfind("PYTHONPATH=", 0) == 0) {
      if (entry.size() > 11) pythonPath += ":" + entry.substr(11);
      continue;
    }
    if (entry.rfind("BOUNDWISE_PROFILE_", 0) == 0) continue;
    env.push_back(entry);
  }
  env.push_back("PYTHONPATH=" + pythonPath);
  env.push_back("BOUNDWISE_PROFILE_TARGETS=" + targetsPath);
  env.push_back(std::string("BOUNDWISE_PROFILE_PYTHONS=") + BOUNDWISE_RUNTIME_VERSIONS);
  std::cout.flush();
  std::cerr.flush();
  RunWatchdog watchdog;
  watchdog.start(workDir);
  const RunOutcome run = runProgram(options.command, env, options.timeoutSeconds);
  watchdog.finish();
  if (!run.error.empty()) {
    std::error_code ec;
    fs::remove_all(workDir, ec);
    return usageError(run.error);
  }

  profiler::MergedResults merged = profiler::mergeResultDir(outDir, plan.slots.size());
  ProfileRun info;
  info.command = options.command;
  info.exitCode = run.exitCode;
  info.signal = run.signal;
  info.timedOut = run.timedOut;
  info.timeoutSeconds = options.timeoutSeconds;
  info.wallSeconds = run.wallSeconds;
  if (merged.pythonMajor != 0) {
    result.analysis.target.pythonMajor = merged.pythonMajor;
    result.analysis.target.pythonMinor = merged.pythonMinor;
    result.analysis.target.freeThreaded = merged.freeThreaded;
  }
  ProfileReport report = buildProfileReport(result, plan, merged, info);


  if (options.replay)
    replayMeasuredSites(report, options, outDir, runtimeDir(BOUNDWISE_RUNTIME_PYTHON_DIR, "BOUNDWISE_RUNTIME_PYTHON_DIR"));
  if (!options.quiet) renderProfileText(report, std::cerr);
  if (!options.outputPath.empty()) {
    std::string error;
    if (!jsonFile.open(options.outputPath, error)) return usageError(error);
    renderProfileJson(result, report, jsonFile.stream());
    if (!jsonFile.commit(error)) return usageError(error);
  }
  if (!std::getenv("BOUNDWISE_KEEP_PROFILE_DIR")) {
    std::error_code ec;
    fs::remove_all(workDir, ec);
  }
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(run.timedOut ? kExitTimeout : run.exitCode);
}

}  // namespace boundwise
