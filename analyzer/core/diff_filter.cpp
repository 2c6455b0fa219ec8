#include "analyzer/core/diff_filter.h"

#include "analyzer/core/python_probe.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <sstream>

extern char **environ;

namespace boundwise {
namespace fs = std::filesystem;
namespace {

// Untracked files count as changed everywhere; line numbers start at 1, so 0 cannot clash.
constexpr int kWholeFile = 0;

struct GitResult {
  int status = -1;  // exit status; -1 when git did not run or was killed
  std::string out, err;
};

// Runs git with an argument vector (no shell: a revision cannot inject commands) and
// collects both streams. nullopt (with `error`) only when git could not be started.
std::optional<GitResult> runGit(const std::vector<std::string> &args, std::string &error) {
  // A repository's own .git/config could name programs for git to run (core.fsmonitor, a pager,
  // diff drivers): none of them is wanted here. git is taken from an absolute PATH folder only.
  const std::string git = findOnAbsolutePath("git");
  if (git.empty()) {
    error = "--diff-base needs git, and git was not found on PATH";
    return std::nullopt;
  }
  std::vector<std::string> argvStore{git, "--no-pager", "-c", "core.fsmonitor=false", "-c", "core.pager=cat",
                                     "-c", "diff.external="};
  argvStore.insert(argvStore.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (auto &a : argvStore) argv.push_back(a.data());
  argv.push_back(nullptr);

  int outPipe[2], errPipe[2];
  if (pipe(outPipe) != 0) {
    error = std::string("--diff-base: cannot run git: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (pipe(errPipe) != 0) {
    error = std::string("--diff-base: cannot run git: ") + std::strerror(errno);
    close(outPipe[0]), close(outPipe[1]);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
  for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1]}) posix_spawn_file_actions_addclose(&actions, fd);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, git.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(outPipe[1]);
  close(errPipe[1]);
  if (spawned != 0) {
    close(outPipe[0]), close(errPipe[0]);
    error = spawned == ENOENT ? "--diff-base needs git, and git was not found on PATH"
                              : std::string("--diff-base: cannot run git: ") + std::strerror(spawned);
    return std::nullopt;
  }

  // Read both pipes together: git blocks if either fills up while we wait on the other.
  GitResult result;
  pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
  std::string *sinks[2] = {&result.out, &result.err};
  int remaining = 2;
  char buf[65536];
  while (remaining > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --remaining;
      }
    }
  }
  for (auto &p : fds)
    if (p.fd >= 0) close(p.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string firstLine(const std::string &text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line.empty() ? "(no message)" : line;
}

// The same display rule as file discovery: relative to the current directory when inside it,
// absolute otherwise.
std::string displayPath(const fs::path &abs) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path normal = abs.lexically_normal();
  fs::path rel = normal.lexically_relative(cwd);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return normal.generic_string();
}

// git writes unusual paths C-quoted: "b/caf\303\251 \"x\".py".
std::string unquoteGitPath(const std::string &s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return s;
  const std::string body = s.substr(1, s.size() - 2);
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char c = body[++i];
    if (c >= '0' && c <= '7') {  // a byte in octal, up to three digits
      int value = 0;
      size_t k = i;
      for (; k < body.size() && k < i + 3 && body[k] >= '0' && body[k] <= '7'; ++k) value = value * 8 + (body[k] - '0');
      out += char(value);
      i = k - 1;
      continue;
    }
    switch (c) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      default: out += c; break;  // \" and \\ stand for themselves
    }
  }
  return out;
}

// "+c,d" or "+c" (d = 1) from a hunk header "@@ -a,b +c,d @@ ...".
bool parseNewRange(const std::string &header, int &start, int &count) {
  const auto plus = header.find(" +");
  if (plus == std::string::npos) return false;
  const char *p = header.data() + plus + 2;
  const char *end = header.data() + header.size();
  auto r = std::from_chars(p, end, start);
  if (r.ec != std::errc()) return false;
  count = 1;
  if (r.ptr < end && *r.ptr == ',') {
    r = std::from_chars(r.ptr + 1, end, count);
    if (r.ec != std::errc()) return false;
  }
  return start >= 0 && count >= 0;
}

// Added and changed lines (new side) of `git diff --unified=0`, by repository-relative path.
void parseDiff(const std::string &diff, const fs::path &top, ChangedLines &changed) {
  std::istringstream in(diff);
  std::string line, path;
  bool inHeader = false;  // between "diff --git" and the first hunk; "+++" means a path only here
  while (std::getline(in, line)) {
    if (line.rfind("diff ", 0) == 0) {
      inHeader = true;
      path.clear();
    } else if (inHeader && line.rfind("+++ ", 0) == 0) {
      std::string target = line.substr(4);
      // git ends names that contain a space with a tab, for patch(1); a real tab would be quoted.
      if (!target.empty() && target.back() == '\t') target.pop_back();
      target = unquoteGitPath(target);
      path = target.rfind("b/", 0) == 0 ? displayPath(top / target.substr(2)) : "";  // "/dev/null": deleted
    } else if (line.rfind("@@ ", 0) == 0) {
      inHeader = false;
      int start = 0, count = 0;
      if (path.empty() || !parseNewRange(line, start, count)) continue;
      auto &set = changed.lines[path];
      for (int l = start; l < start + count; ++l) set.insert(l);
    }
  }
}

}  // namespace

bool ChangedLines::contains(const std::string &path, int line) const {
  auto it = lines.find(path);
  return it != lines.end() && (it->second.count(line) || it->second.count(kWholeFile));
}

std::optional<ChangedLines> changedLinesSince(const std::string &rev, std::string &error) {
  // git would read "-..." as an option (--output=FILE writes a file).
  if (rev.empty() || rev[0] == '-') {
    error = "--diff-base needs a git revision, not '" + rev + "'";
    return std::nullopt;
  }
  auto top = runGit({"rev-parse", "--show-toplevel"}, error);
  if (!top) return std::nullopt;
  if (top->status != 0) {
    error = "--diff-base: the current directory is not in a git repository (git: " + firstLine(top->err) + ")";
    return std::nullopt;
  }
  std::string topDir = top->out.substr(0, top->out.find('\n'));
  if (topDir.empty()) {
    error = "--diff-base: the current directory is not in a git work tree (a bare repository?)";
    return std::nullopt;
  }
  const fs::path root(topDir);

  // From the top level, with fixed prefixes: diff.relative, diff.noprefix or
  // diff.mnemonicPrefix in the user's configuration must not change the paths we parse.
  auto diff = runGit({"-C", topDir, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                      "--src-prefix=a/", "--dst-prefix=b/", rev, "--"},
                     error);
  if (!diff) return std::nullopt;
  if (diff->status != 0) {
    error = "--diff-base: cannot compare with revision '" + rev + "' (git: " + firstLine(diff->err) + ")";
    return std::nullopt;
  }
  ChangedLines changed;
  parseDiff(diff->out, root, changed);

  auto untracked = runGit({"-C", topDir, "ls-files", "-z", "--others", "--exclude-standard"}, error);
  if (!untracked) return std::nullopt;
  if (untracked->status != 0) {
    error = "--diff-base: cannot list untracked files (git: " + firstLine(untracked->err) + ")";
    return std::nullopt;
  }
  std::istringstream names(untracked->out);
  std::string name;
  while (std::getline(names, name, '\0'))
    if (!name.empty()) changed.lines[displayPath(root / name)].insert(kWholeFile);
  return changed;
}

std::vector<Finding> onChangedLines(const std::vector<Finding> &findings, const ChangedLines &changed) {
  std::vector<Finding> out;
  for (const auto &f : findings)
    if (changed.contains(f.path, f.loc.line)) out.push_back(f);
  return out;
}

}  // namespace boundwise
