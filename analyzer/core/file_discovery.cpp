#include "analyzer/core/file_discovery.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace boundwise {
namespace fs = std::filesystem;
namespace {

const std::set<std::string> kSkippedDirs{".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv",
                                         ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build",
                                         "dist", "site-packages", ".eggs", "__pypackages__"};

std::string displayPathOf(const fs::path &p) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  fs::path abs = p.is_absolute() ? p : cwd / p;
  abs = abs.lexically_normal();
  fs::path rel = abs.lexically_relative(cwd);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return abs.generic_string();
}

bool excluded(const std::string &path, const std::vector<std::string> &globs) {
  const std::string base = fs::path(path).filename().string();
  std::string absolute;  // for globs anchored at a configuration file's folder
  for (const auto &g : globs) {
    if (!g.empty() && g[0] == '/' && path[0] != '/') {
      if (absolute.empty()) absolute = absolutePath(path);
      if (fnmatch(g.c_str(), absolute.c_str(), 0) == 0 || fnmatch((g + "/*").c_str(), absolute.c_str(), 0) == 0)
        return true;
      continue;
    }
    if (fnmatch(g.c_str(), path.c_str(), 0) == 0 || fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
    // A glob naming a folder excludes what is inside it.
    if (fnmatch((g + "/*").c_str(), path.c_str(), 0) == 0) return true;
  }
  return false;
}

bool isVirtualEnv(const fs::path &dir) {
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec);
}

}  // namespace

std::string displayPath(const std::string &path) { return displayPathOf(fs::path(path)); }

std::string absolutePath(const std::string &path) {
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  return ec ? path : abs.lexically_normal().generic_string();
}

namespace {

// Whether a folder is a package (has __init__.py), asked once per folder of a discovery.
using PackageCache = std::unordered_map<std::string, bool>;

bool isPackageDir(const fs::path &dir, PackageCache *cache) {
  std::error_code ec;
  if (!cache) return fs::exists(dir / "__init__.py", ec);
  auto [it, inserted] = cache->try_emplace(dir.native(), false);
  if (inserted) it->second = fs::exists(dir / "__init__.py", ec);
  return it->second;
}

std::string moduleNameIn(const std::string &path, bool &isPackageInit, PackageCache *cache) {
  fs::path p = fs::absolute(fs::path(path)).lexically_normal();
  isPackageInit = p.filename() == "__init__.py";
  std::vector<std::string> parts;
  if (!isPackageInit) parts.push_back(p.stem().string());
  fs::path dir = p.parent_path();
  for (int depth = 0; depth < 64 && isPackageDir(dir, cache); ++depth) {
    parts.push_back(dir.filename().string());
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  std::string name;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) name += (name.empty() ? "" : ".") + *it;
  return name;
}

}  // namespace

std::string moduleNameFor(const std::string &path, bool &isPackageInit) { return moduleNameIn(path, isPackageInit, nullptr); }

namespace {

bool hasCppExtension(const std::string &name) {
  for (const char *ext : {".c", ".cc", ".cpp", ".cxx"})
    if (name.ends_with(ext)) return true;
  return false;
}

const char *kindOf(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a FIFO (named pipe)";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::directory: return "a directory";
    default: return "not a regular file";
  }
}

bool isInside(const fs::path &path, const fs::path &dir) {
  auto d = dir.begin(), p = path.begin();
  for (; d != dir.end(); ++d, ++p) {
    if (d->empty() && std::next(d) == dir.end()) break;  // a trailing separator
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

// Why a file found inside `root` (canonical) is not taken, or "" when it is.
std::string skipReason(const fs::directory_entry &entry, const fs::file_status &linkStatus, const fs::path &root) {
  std::error_code ec;
  if (fs::is_symlink(linkStatus)) {
    const fs::path target = fs::canonical(entry.path(), ec);
    if (ec) return "broken symbolic link to '" + fs::read_symlink(entry.path(), ec).string() + "'; skipped";
    if (!isInside(target, root))
      return "symbolic link to '" + target.string() + "', outside the analysed folder " + root.string() +
             "; skipped (name the file itself to analyse it)";
    const auto status = fs::status(target, ec);
    if (!ec && !fs::is_regular_file(status)) return std::string("symbolic link to ") + kindOf(status.type()) + "; skipped";
    return "";
  }
  if (!fs::is_regular_file(linkStatus)) return std::string(kindOf(linkStatus.type())) + ", not a source file; skipped";
  return "";
}

// Walks the paths; `wanted(name, named)` says whether a file is taken (named: given explicitly).
// `reportPaths`: whether problems with the given paths themselves go to `problems`.
template <class Wanted>
std::vector<std::string> walkPaths(const std::vector<std::string> &paths, const std::vector<std::string> &excludeGlobs,
                                   std::vector<DiscoveryProblem> &problems, bool reportPaths, Wanted wanted) {
  std::vector<std::string> found;
  std::vector<DiscoveryProblem> pathProblems;
  for (const auto &given : paths) {
    std::error_code ec;
    const fs::path root(given);
    const auto linkStatus = fs::symlink_status(root, ec);
    if (ec || !fs::exists(linkStatus)) {
      pathProblems.push_back({given, "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(fs::status(root, ec))) {
      // Named explicitly: always analysed (or its problem reported).
      if (wanted(root.filename().string(), true)) found.push_back(displayPathOf(root));
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      pathProblems.push_back({displayPathOf(root), "cannot read directory: " + ec.message()});
      continue;
    }
    const fs::path canonicalRoot = fs::canonical(root, ec);
    for (; it != end; it.increment(ec)) {
      if (ec) {
        pathProblems.push_back({displayPathOf(it->path()), "cannot read directory: " + ec.message()});
        ec.clear();
        continue;
      }
      const fs::path &p = it->path();
      const std::string name = p.filename().string();
      std::error_code sec;
      const auto st = it->symlink_status(sec);
      if (fs::is_directory(st)) {
        if (kSkippedDirs.count(name) || name.ends_with(".egg-info") || isVirtualEnv(p) ||
            excluded(displayPathOf(p), excludeGlobs))
          it.disable_recursion_pending();
        continue;
      }
      if (!wanted(name, false)) continue;
      const std::string shown = displayPathOf(p);
      if (excluded(shown, excludeGlobs)) continue;
      if (std::string why = skipReason(*it, st, canonicalRoot); !why.empty()) {
        problems.push_back({shown, std::move(why)});
        continue;
      }
      found.push_back(shown);
    }
  }
  if (reportPaths) problems.insert(problems.end(), pathProblems.begin(), pathProblems.end());
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace

std::vector<std::string> discoverCppFiles(const std::vector<std::string> &paths,
                                          const std::vector<std::string> &excludeGlobs,
                                          std::vector<DiscoveryProblem> &problems) {
  return walkPaths(paths, excludeGlobs, problems, /*reportPaths=*/false,
                   [](const std::string &name, bool) { return hasCppExtension(name); });
}

std::vector<DiscoveredFile> discoverPythonFiles(const std::vector<std::string> &paths,
                                                const std::vector<std::string> &excludeGlobs,
                                                std::vector<DiscoveryProblem> &problems) {
  std::vector<std::string> found = walkPaths(paths, excludeGlobs, problems, /*reportPaths=*/true,
                                             [](const std::string &name, bool named) {
    return named ? !hasCppExtension(name) : name.ends_with(".py");
  });
  std::vector<DiscoveredFile> files;
  files.reserve(found.size());
  PackageCache packages;
  for (auto &path : found) {
    // A notebook is JSON, which parses as one Python expression: it would give 0 findings and
    // look clean. Say so instead.
    if (path.ends_with(".ipynb")) {
      problems.push_back({path, "a Jupyter notebook: notebooks are not analysed yet (only .py files); skipped"});
      continue;
    }
    DiscoveredFile f;
    f.moduleName = moduleNameIn(path, f.isPackageInit, &packages);
    f.path = std::move(path);
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace boundwise
