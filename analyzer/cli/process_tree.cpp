#include "analyzer/cli/process_tree.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

extern char **environ;

namespace boundwise {
namespace fs = std::filesystem;
namespace {

constexpr const char *kOwnerFile = "owner.pid";
pid_t g_activeWatchdog = 0;

// "<pid> <start time in clock ticks since boot>": a pid alone can be reused.
std::string processIdentity(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return "";
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) return std::to_string(pid) + " " + field;
  return "";
}

}  // namespace

namespace {

// parent -> child, for every live process but the running watchdog, read from /proc.
std::multimap<pid_t, pid_t> processTree() {
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const size_t close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    int ppid = 0;
    rest >> state >> ppid;
    const pid_t pid = pid_t(std::atoi(name.c_str()));
    if (state != 'Z' && (pid != g_activeWatchdog || g_activeWatchdog == 0)) children.emplace(pid_t(ppid), pid);
  }
  return children;
}

}  // namespace

std::vector<pid_t> childrenOf(pid_t parent) {
  const auto tree = processTree();
  std::vector<pid_t> out;
  for (auto [it, end] = tree.equal_range(parent); it != end; ++it) out.push_back(it->second);
  return out;
}

std::vector<pid_t> descendantsOf(pid_t root) {
  const auto children = processTree();
  std::vector<pid_t> out;
  std::vector<pid_t> todo{root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    for (auto [it, end] = children.equal_range(p); it != end; ++it) {
      if (std::find(out.begin(), out.end(), it->second) != out.end()) continue;
      out.push_back(it->second);
      todo.push_back(it->second);
    }
  }
  return out;
}

void signalTree(pid_t root, int sig) {
  // Stop the tree from growing while it is signalled: the descendants are found first.
  const std::vector<pid_t> below = descendantsOf(root);
  kill(root, sig);
  for (pid_t p : below) kill(p, sig);
}

std::string makeWorkDir(const std::string &prefix, std::string &error) {
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / (prefix + "XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    error = "cannot create a temporary folder " + pattern + ": " + std::strerror(errno);
    return "";
  }
  std::ofstream(fs::path(pattern) / kOwnerFile) << processIdentity(getpid()) << "\n";
  return pattern;
}

void removeAbandonedWorkDirs(const std::string &prefix) {
  std::error_code ec;
  const fs::path tmp = fs::temp_directory_path(ec);
  for (const auto &entry : fs::directory_iterator(tmp, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() != prefix.size() + 6) continue;
    std::error_code sec;
    if (!entry.is_directory(sec) || entry.is_symlink(sec)) continue;
    std::ifstream ownerFile(entry.path() / kOwnerFile);
    std::string owner;
    if (!std::getline(ownerFile, owner) || owner.empty()) continue;  // not ours, or still being made
    const pid_t pid = pid_t(std::atoi(owner.c_str()));
    if (pid > 0 && processIdentity(pid) == owner) continue;  // its run is still going
    // Only folders of our own user: another user's run is theirs to clean.
    struct stat st;
    if (lstat(entry.path().c_str(), &st) != 0 || st.st_uid != getuid()) continue;
    fs::remove_all(entry.path(), sec);
  }
}

bool RunWatchdog::start(const std::string &workDir) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  const std::string parent = std::to_string(getpid());
  std::vector<std::string> args{"boundwise", "__watchdog", parent, workDir};
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const int rc = posix_spawn(&pid_, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[0]);
  if (rc != 0) {
    close(fds[1]);
    pid_ = 0;
    return false;
  }
  pipe_ = fds[1];
  g_activeWatchdog = pid_;
  return true;
}

void RunWatchdog::finish() {
  if (pipe_ < 0) return;
  // A watchdog that is gone must not take boundwise with it (SIGPIPE).
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  (void)!write(pipe_, "q", 1);
  sigaction(SIGPIPE, &old, nullptr);
  close(pipe_);
  pipe_ = -1;
  while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = 0;
  g_activeWatchdog = 0;
}

pid_t activeWatchdogPid() { return g_activeWatchdog; }

int runWatchdogProcess(int argc, char **argv) {
  if (argc < 4) return 2;
  const pid_t parent = pid_t(std::atoi(argv[2]));
  const std::string workDir = argv[3];
  // The terminal's ^C and a `kill` of the job are for boundwise, which then says it is done.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  std::vector<std::string> noted;  // identities of the processes below boundwise
  for (;;) {
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    const int ready = poll(&pfd, 1, 100);
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      char c = 0;
      const ssize_t n = read(STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n == 1 && c == 'q') return 0;  // the run ended normally
      break;                             // boundwise is gone
    }
    noted.clear();
    for (pid_t p : descendantsOf(parent))
      if (p != getpid()) noted.push_back(processIdentity(p));
  }
  for (int round = 0; round < 2; ++round) {
    for (const auto &identity : noted) {
      const pid_t pid = pid_t(std::atoi(identity.c_str()));
      if (pid <= 0 || processIdentity(pid) != identity) continue;
      for (pid_t below : descendantsOf(pid)) kill(below, SIGKILL);
      kill(pid, SIGKILL);
    }
  }
  std::error_code ec;
  if (fs::path(workDir).filename().string().rfind("boundwise-", 0) == 0) fs::remove_all(workDir, ec);
  return 0;
}

}  // namespace boundwise
