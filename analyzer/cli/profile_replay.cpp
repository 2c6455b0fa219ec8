#include "analyzer/cli/profile_replay.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

extern char **environ;

namespace boundwise {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr double kSiteBudgetSeconds = 60;  // replay.py plans the work to fit
constexpr size_t kMaxCaptures = 4;

// Runs the replay and returns what it printed (JSON), or sets `error`.
std::string runReplay(const std::string &python, const std::vector<std::string> &captures, const ProfileOptions &options,
                      const std::string &pythonPath, const std::string &outputFile, std::string &error) {
  std::string workers;
  for (int w : options.workers) workers += (workers.empty() ? "" : ",") + std::to_string(w);
  std::vector<std::string> args = {python, "-c",
                                   "import sys; from boundwise_runtime.replay import main; sys.exit(main(sys.argv[1:]))",
                                   "--workers", workers, "--budget", std::to_string(int(kSiteBudgetSeconds))};
  args.insert(args.end(), captures.begin(), captures.end());
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env;
  for (char **e = environ; *e; ++e) {
    std::string entry = *e;
    if (entry.rfind("BOUNDWISE_PROFILE_", 0) == 0) continue;
    if (entry.rfind("PYTHONPATH=", 0) == 0) continue;
    env.push_back(entry);
  }
  const char *userPath = std::getenv("PYTHONPATH");
  env.push_back("PYTHONPATH=" + pythonPath + (userPath && *userPath ? ":" + std::string(userPath) : ""));
  std::vector<char *> envp;
  for (auto &e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = "cannot run " + python + ": " + std::strerror(rc);
    return {};
  }
  // The replay plans its work to fit the budget; a call that hangs is stopped.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kSiteBudgetSeconds * 4 + 20);
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      error = "the replay did not finish in time and was stopped";
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::ifstream in(outputFile);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "the replay failed (its error output is above)";
    return {};
  }
  return text;
}

// A call of a user function is replayed from the function's captures (whoever called it, a
// pool included), so all its call sites share one replay; a library call from its own site's.
int captureKey(const PlannedSlot &site) {
  return site.apiCallee.empty() && site.probeSlot >= 0 ? site.probeSlot : site.slot;
}

}  // namespace

void replayMeasuredSites(ProfileReport &report, const ProfileOptions &options, const std::string &resultsDir,
                         const std::string &pythonPath) {
  // capture-<site>-<pid>-<ns>.json, grouped by site.
  std::map<int, std::vector<std::string>> captures;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(resultsDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("capture-", 0) != 0 || entry.path().extension() != ".json") continue;
    captures[std::atoi(name.c_str() + 8)].push_back(entry.path().string());
  }
  for (auto &[site, files] : captures) std::sort(files.begin(), files.end());

  std::vector<Measured *> todo;
  for (Measured &m : report.sites) {
    if (!m.instrumented || m.verdict == "unexercised" || m.verdict == "inconclusive") continue;
    if (!m.plan.writes.empty() && !options.allowWrites) {
      m.replayNote = "not replayed: " + m.plan.writes + "; --allow-writes replays it";
      continue;
    }
    auto it = captures.find(captureKey(m.plan));
    if (it == captures.end()) {
      m.replayNote = "not replayed: none of its calls was captured";
      continue;
    }
    todo.push_back(&m);
  }
  std::map<int, Measured *> replayed;  // capture key -> the site that ran its replay
  if (!options.quiet && !todo.empty())
    std::cerr << "boundwise: replaying " << todo.size() << " call site" << (todo.size() == 1 ? "" : "s")
              << (report.target.pythonMajor > 3 || (report.target.pythonMajor == 3 && report.target.pythonMinor >= 12)
                      ? " on threads, processes, asyncio and sub-interpreters...\n"
                      : " on threads, processes and asyncio...\n");
  for (Measured *m : todo) {
    const int key = captureKey(m->plan);
    if (auto done = replayed.find(key); done != replayed.end()) {
      // Another call site of the same function: the same replay.
      m->scaling = done->second->scaling;
      m->scalingReliable = done->second->scalingReliable;
      m->replayNote = done->second->replayNote;
      m->recommendation = measuredRecommendation(*m, report.target);
      continue;
    }
    replayed[key] = m;
    std::vector<std::string> files = captures[key];
    if (files.size() > kMaxCaptures) files.resize(kMaxCaptures);
    Json meta;
    try {
      std::ifstream in(files.front());
      meta = Json::parse(in);
    } catch (const std::exception &e) {
      m->replayNote = "not replayed: unreadable capture " + files.front() + ": " + e.what();
      continue;
    }
    std::string error;
    const std::string out = runReplay(meta.value("python", "python3"), files, options, pythonPath,
                                      resultsDir + "/replay-" + std::to_string(m->plan.slot) + ".out", error);
    if (!error.empty()) {
      m->replayNote = "not replayed: " + error;
      continue;
    }
    Json result;
    try {
      result = Json::parse(out);
    } catch (const std::exception &) {
      m->replayNote = "not replayed: the replay printed no result";
      continue;
    }
    if (result.contains("error")) {
      m->replayNote = "not replayed: " + result["error"].get<std::string>();
      continue;
    }
    for (const auto &row : result["rows"])
      m->scaling.push_back({row["mode"].get<std::string>(), row["workers"].get<int>(), row["seconds"].get<double>(),
                            row["speedup"].get<double>()});
    m->scalingReliable = result.value("reliable", true);
    std::string notes;
    for (const auto &n : result["notes"]) notes += (notes.empty() ? "" : "; ") + n.get<std::string>();
    m->replayNote = notes;
    m->recommendation = measuredRecommendation(*m, report.target);
  }
}

}  // namespace boundwise
