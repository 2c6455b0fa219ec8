#include "analyzer/cli/native_profile_command.h"

#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/cli/process_tree.h"
#include "analyzer/cli/report_file.h"
#include "analyzer/core/inert_text.h"
#include "analyzer/core/pipeline.h"
#include "analyzer/core/workload.h"
#include "analyzer/cpp/llvm_module.h"
#include "profiler/native/analysis/attribution.h"
#include "profiler/native/analysis/native_report.h"
#include "profiler/native/analysis/results_file.h"
#include "profiler/native/analysis/symbolizer.h"
#include "profiler/native/sampler/parent_sampler.h"

namespace boundwise {
namespace {

constexpr int kExitError = 2;
constexpr int kExitTimeout = 124;
constexpr int kExitCannotRun = 127;
constexpr double kKillGraceSeconds = 2.0;

std::string resolveProgram(const std::string &argv0) {
  if (argv0.find('/') != std::string::npos) return access(argv0.c_str(), F_OK) == 0 ? argv0 : "";
  const char *path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + argv0;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

struct ElfInfo {
  bool elf = false;
  bool dynamic = false;  // has a PT_INTERP: the loader will honour LD_PRELOAD
};

ElfInfo readElf(const std::string &path) {
  ElfInfo info;
  std::ifstream in(path, std::ios::binary);
  Elf64_Ehdr eh{};
  if (!in.read(reinterpret_cast<char *>(&eh), sizeof eh)) return info;
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return info;
  info.elf = eh.e_type == ET_EXEC || eh.e_type == ET_DYN;
  if (eh.e_ident[EI_CLASS] != ELFCLASS64) return info;
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.seekg(std::streamoff(eh.e_phoff + uint64_t(i) * eh.e_phentsize));
    if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph)) break;
    if (ph.p_type == PT_INTERP) info.dynamic = true;
  }
  return info;
}

std::string preloadLibrary() {
  if (const char *env = std::getenv("BOUNDWISE_PRELOAD")) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (self.parent_path().parent_path() / "lib" / "libboundwise_preload.so").string();
}

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

volatile sig_atomic_t gChild = 0;
void forwardSignal(int sig) {
  if (gChild > 0) kill(gChild, sig);
}

struct RunOutcome {
  bool started = false;
  int startErrno = 0;
  bool exited = false;
  int exitCode = 0;
  int signal = 0;
  bool timedOut = false;
  double wallSeconds = 0;
  pid_t pid = 0;
  struct rusage usage {};
  std::string samplingProblem;  // statically linked: why the parent could not sample
};

// Waits for the child, up to `timeout` seconds (0: no limit); then SIGTERM, then SIGKILL.
void waitForChild(pid_t child, double timeout, RunOutcome &run, std::chrono::steady_clock::time_point start,
                  native::ParentSampler *sampler) {
  int status = 0;
  bool termSent = false;
  double termAt = 0;
  // A pidfd becomes readable the moment the child ends: no polling delay in the measured wall time.
  const int pidfd = int(syscall(SYS_pidfd_open, child, 0));
  for (;;) {
    if (sampler) sampler->drain();
    pid_t r = wait4(child, &status, WNOHANG, &run.usage);
    if (r == child) break;
    if (r < 0 && errno != EINTR) {
      if (pidfd >= 0) close(pidfd);
      return;
    }
    const double elapsed = secondsSince(start);
    if (timeout > 0 && !termSent && elapsed >= timeout) {
      kill(child, SIGTERM);
      termSent = true;
      termAt = elapsed;
      run.timedOut = true;
    } else if (termSent && elapsed - termAt >= kKillGraceSeconds) {
      kill(child, SIGKILL);
    }
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      poll(&p, 1, sampler || timeout > 0 ? 20 : 1000);
    } else {
      usleep(elapsed < 1 ? 2000 : 20000);
    }
  }
  if (pidfd >= 0) close(pidfd);
  if (WIFEXITED(status)) {
    run.exited = true;
    run.exitCode = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    run.signal = WTERMSIG(status);
  }
}

// Runs the program with the preload library (or, for a statically linked one, with `sampler`
// attached from here before it execs).
RunOutcome runProgram(const std::vector<std::string> &command, const std::string &preload, const std::string &resultsDir,
                      double timeout, native::ParentSampler *sampler) {
  RunOutcome run;
  int errPipe[2], goPipe[2];
  if (pipe2(errPipe, O_CLOEXEC) != 0 || pipe2(goPipe, O_CLOEXEC) != 0) {
    run.startErrno = errno;
    return run;
  }
  std::vector<char *> argv;
  for (const auto &a : command) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  std::string ldPreload = preload;
  if (!preload.empty())
    if (const char *old = std::getenv("LD_PRELOAD"); old && *old) ldPreload += std::string(" ") + old;

  const auto start = std::chrono::steady_clock::now();
  pid_t child = fork();
  if (child < 0) {
    run.startErrno = errno;
    return run;
  }
  if (child == 0) {
    close(errPipe[0]);
    close(goPipe[1]);
    // Killed with boundwise: a program left running would go on with nobody to report it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char go;
    if (sampler) (void)!read(goPipe[0], &go, 1);  // until the parent's events are attached
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    if (!preload.empty()) setenv("LD_PRELOAD", ldPreload.c_str(), 1);
    setenv("BOUNDWISE_NATIVE_RESULTS", resultsDir.c_str(), 1);
    execvp(argv[0], argv.data());
    int e = errno;
    (void)!write(errPipe[1], &e, sizeof e);
    _exit(kExitCannotRun);
  }
  close(errPipe[1]);
  close(goPipe[0]);
  run.pid = child;
  if (sampler && !sampler->attach(child, run.samplingProblem)) sampler = nullptr;
  close(goPipe[1]);
  gChild = child;
  // The terminal's ^C reaches the program (same process group); boundwise waits for it to end.
  struct sigaction ignore {}, forward {}, oldInt {}, oldQuit {}, oldTerm {}, oldHup {};
  ignore.sa_handler = SIG_IGN;
  forward.sa_handler = forwardSignal;
  sigaction(SIGINT, &ignore, &oldInt);
  sigaction(SIGQUIT, &ignore, &oldQuit);
  sigaction(SIGTERM, &forward, &oldTerm);
  sigaction(SIGHUP, &forward, &oldHup);
  int e = 0;
  ssize_t n = read(errPipe[0], &e, sizeof e);
  close(errPipe[0]);
  run.started = n != sizeof e;
  run.startErrno = run.started ? 0 : e;
  waitForChild(child, timeout, run, start, sampler);
  if (sampler) sampler->drain();
  // Whatever the program left running (its forked workers) ends with it.
  for (pid_t left : descendantsOf(getpid())) kill(left, SIGKILL);
  run.wallSeconds = secondsSince(start);
  gChild = 0;
  sigaction(SIGINT, &oldInt, nullptr);
  sigaction(SIGQUIT, &oldQuit, nullptr);
  sigaction(SIGTERM, &oldTerm, nullptr);
  sigaction(SIGHUP, &oldHup, nullptr);
  return run;
}

std::string signalName(int sig) {
  const char *abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

// Statically linked: no preload. Sampled from here (profiler/native/analysis/parent_sampler).
RunOutcome runStaticProgram(const std::vector<std::string> &command, const std::string &program,
                            const std::string &resultsDir, double timeout) {
  native::ParentSampler sampler;
  RunOutcome run = runProgram(command, "", resultsDir, timeout, &sampler);
  if (run.started && run.samplingProblem.empty()) {
    std::error_code ec;
    const std::string exe = std::filesystem::canonical(program, ec).string();
    sampler.writeResults(resultsDir, ec ? program : exe, run.pid, run.exited ? "exit" : "signal",
                         run.exited ? run.exitCode : run.signal, run.wallSeconds, run.usage);
  }
  return run;
}

bool isCxxSource(const std::string &path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  for (const char *e : {".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx", ".ipp"})
    if (ext == e) return true;
  return false;
}

// The static pass over --source: every C/C++ function and classified call site, so the
// measurements can confirm or refute them (and the rest be reported unexercised).
void addStaticClassification(const NativeProfileRequest &request, native::ProfileRun &report) {
  CheckOptions options;
  options.paths = request.sourceDirs;
  options.jobs = request.jobs;
  CheckResult result = runCheck(options);
  for (const auto &e : result.ruleErrors) std::cerr << inertText(e) << "\n";
  for (const auto &p : result.problems)
    std::cerr << inertText(p.path) << (p.line > 0 ? ":" + std::to_string(p.line) : "") << ": warning: "
              << inertText(p.message) << "\n";
  report.staticPass = true;
  if (!result.program) return;
  const Program &program = *result.program;
  for (size_t f = 0; f < program.files.size(); ++f) {
    const FileModel &fm = program.files[f];
    if (!isCxxSource(fm.path)) continue;
    for (size_t i = 0; i < fm.functions.size(); ++i) {
      const FunctionFact &fn = fm.functions[i];
      const Verdict &v = result.analysis.summary(int(f), int(i)).overall;
      native::StaticFunction s;
      s.id = fm.path + "::" + fn.qualname;
      s.path = fm.path;
      s.name = fn.qualname;
      s.line = fn.loc.line;
      s.endLine = fn.loc.endLine;
      s.workload = std::string(toString(workloadOf(v.detail)));
      s.detail = std::string(toString(v.detail));
      s.confidence = v.confidence;
      report.staticFunctions.push_back(std::move(s));
    }
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const Verdict &v = result.analysis.callVerdicts[f][c];
      if (!v.known()) continue;
      const CallFact &call = fm.calls[c];
      native::StaticCallSite s;
      s.path = fm.path;
      s.line = call.loc.line;
      s.column = call.loc.column;
      s.callee = program.calls[f][c].name;
      s.function = call.function >= 0 ? fm.path + "::" + fm.functions[call.function].qualname : fm.path + "::<module>";
      s.workload = std::string(toString(workloadOf(v.detail)));
      s.detail = std::string(toString(v.detail));
      s.recommendation = isCpu(v.detail) ? "threads" : "async";
      s.confidence = v.confidence;
      report.staticCallSites.push_back(std::move(s));
    }
  }
  if (report.staticFunctions.empty()) {
    std::string dirs;
    for (const auto &d : request.sourceDirs) dirs += (dirs.empty() ? "" : ", ") + d;
    report.notes.push_back("the static pass classified no C/C++ function under " + dirs +
                           ", so no measurement is marked confirmed or refuted");
  }
}

}  // namespace

std::string findProgram(const std::string &argv0) { return resolveProgram(argv0); }

bool isNativeProgram(const std::string &argv0) {
  if (argv0.empty()) return false;
  const std::string resolved = resolveProgram(argv0);
  if (resolved.empty()) return false;
  std::error_code ec;
  const std::string base = std::filesystem::path(argv0).filename().string();
  const std::string target = std::filesystem::canonical(resolved, ec).filename().string();
  for (const std::string &name : {base, target})
    if (name.rfind("python", 0) == 0 || name.rfind("pypy", 0) == 0) return false;
  return readElf(resolved).elf;
}

int profileNativeProgram(const NativeProfileRequest &request) {
  if (request.command.empty()) {
    std::cerr << "boundwise: error: no program to profile (give it after --)\n";
    return kExitError;
  }
  const std::string program = resolveProgram(request.command[0]);
  if (program.empty()) {
    std::cerr << "boundwise: error: cannot run '" << request.command[0] << "': not found\n";
    return kExitCannotRun;
  }
  const ElfInfo elf = readElf(program);
  native::ProfileRun report;
  report.command = request.command;
  std::string preload;
  if (elf.dynamic) {
    preload = preloadLibrary();
    if (access(preload.c_str(), R_OK) != 0) {
      std::cerr << "boundwise: error: the preload library " << preload
                << " is missing (build it with `make build`, or set BOUNDWISE_PRELOAD)\n";
      return kExitError;
    }
  } else {
    report.staticallyLinked = true;
    report.notes.push_back(request.command[0] + " is statically linked: blocking calls cannot be timed; on-CPU sampling only");
    if (request.quiet) std::cerr << "boundwise: note: " << report.notes.back() << "\n";  // else the report says it
  }
  // The report needs LLVM's symbolizer (libboundwise_llvm.so): a broken install fails before the program runs.
  if (const LlvmModule &llvm = llvmModule(); !llvm.api) {
    std::cerr << "boundwise: error: " << llvm.path << ": " << llvmModuleProblem(llvm) << "\n";
    return kExitError;
  }
  // Written by rename once the run is over (report_file.h); whether it can be is known now.
  PendingReport json;
  if (!request.outputPath.empty()) {
    std::string error;
    if (!json.open(request.outputPath, error)) {
      std::cerr << "boundwise: error: " << error << "\n";
      return kExitError;
    }
    json.discard();
  }
  removeAbandonedWorkDirs("boundwise-native-");
  std::string dirError;
  const std::string resultsDir = makeWorkDir("boundwise-native-", dirError);
  if (resultsDir.empty()) {
    std::cerr << "boundwise: error: " << dirError << "\n";
    return kExitError;
  }

  RunWatchdog watchdog;
  watchdog.start(resultsDir);
  RunOutcome run = report.staticallyLinked
                       ? runStaticProgram(request.command, program, resultsDir, request.timeoutSeconds)
                       : runProgram(request.command, preload, resultsDir, request.timeoutSeconds, nullptr);
  watchdog.finish();
  if (!run.samplingProblem.empty()) report.notes.push_back("on-CPU sampling did not run: " + run.samplingProblem);
  std::cout.flush();
  if (!run.started) {
    std::error_code ec;
    std::filesystem::remove_all(resultsDir, ec);
    std::cerr << "boundwise: error: cannot run '" << request.command[0] << "': " << std::strerror(run.startErrno) << "\n";
    return kExitCannotRun;
  }
  report.wallSeconds = run.wallSeconds;
  if (run.timedOut) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", request.timeoutSeconds);
    report.outcome = std::string("stopped by --timeout ") + buf + " s";
  } else if (run.exited) {
    report.outcome = "exit " + std::to_string(run.exitCode);
  } else {
    report.outcome = signalName(run.signal);
  }

  std::vector<std::string> problems;
  auto processes = native::loadResultsDir(resultsDir, problems);
  std::error_code ec;
  std::filesystem::remove_all(resultsDir, ec);
  for (const auto &p : problems) std::cerr << "boundwise: warning: unreadable results: " << p << "\n";
  for (const auto &p : processes) {
    if (!p.sampling.empty() && p.sampling != "ok") {
      report.notes.push_back("on-CPU sampling did not run in pid " + std::to_string(p.pid) + ": " + p.sampling);
      break;
    }
  }
  for (const auto &p : processes)
    if (p.endReason == "running") {
      report.notes.push_back("pid " + std::to_string(p.pid) +
                             " was killed before it could write its results: its last checkpoint (up to 1 s old) is used");
      break;
    }
  if (processes.empty())
    report.notes.push_back("no results were written (the program did not load the preload library, or was killed at once)");

  if (!request.sourceDirs.empty()) addStaticClassification(request, report);

  native::Symbolizer symbolizer;
  native::NativeProfile profile = native::attribute(processes, symbolizer);
  if (!request.quiet) native::renderProfileText(report, profile, std::cerr);
  if (!request.outputPath.empty()) {
    std::string error;
    if (json.open(request.outputPath, error)) {
      native::renderProfileJson(report, profile, json.stream());
      json.commit(error);
    }
    if (!error.empty()) {
      std::cerr << "boundwise: error: " << error << "\n";
      return kExitError;
    }
  }
  std::cerr.flush();
  if (run.timedOut) return kExitTimeout;
  if (run.exited) return run.exitCode;
  // Die of the same signal, so a shell or CI sees what the program did.
  std::fflush(nullptr);
  signal(run.signal, SIG_DFL);
  struct rlimit noCore {0, 0};
  setrlimit(RLIMIT_CORE, &noCore);  // the program already dumped its core if it was going to
  raise(run.signal);
  return 128 + run.signal;
}

}  // namespace boundwise
