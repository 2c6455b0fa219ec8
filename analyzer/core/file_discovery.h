#pragma once
// Finds the Python files to analyse under the given paths, like ruff: directories are walked
// (skipping VCS folders, virtual environments, caches, node_modules and build output), files
// named explicitly are always taken. Inside a walked directory only regular files are taken: a
// FIFO, socket or device with a source file's name, and a symbolic link whose target is outside
// the directory given (or missing), are reported and skipped, so a checked-out tree can neither
// block the run nor make it read (and echo) a file elsewhere on the machine.
#include <string>
#include <vector>

namespace boundwise {

struct DiscoveredFile {
  std::string path;        // as shown to the user
  std::string moduleName;  // dotted, from the package structure (__init__.py files)
  bool isPackageInit = false;
};

struct DiscoveryProblem {
  std::string path;
  std::string message;
};

std::vector<DiscoveredFile> discoverPythonFiles(const std::vector<std::string> &paths,
                                                const std::vector<std::string> &excludeGlobs,
                                                std::vector<DiscoveryProblem> &problems);

// The C and C++ sources (.c .cc .cpp .cxx) under the paths, for the C++ frontend. `problems`
// gets the C/C++ files skipped (not regular files, symbolic links out of the tree); the problems
// of the paths themselves (missing, unreadable) are reported by discoverPythonFiles.
std::vector<std::string> discoverCppFiles(const std::vector<std::string> &paths,
                                          const std::vector<std::string> &excludeGlobs,
                                          std::vector<DiscoveryProblem> &problems);

// How a path is shown and keyed everywhere: relative to the current directory when under it,
// else absolute; normalised (no `.`/`..`), with forward slashes.
std::string displayPath(const std::string &path);

// The absolute, normalised form of a path (for globs anchored at a configuration file's folder).
std::string absolutePath(const std::string &path);

// `pkg/sub/mod.py` inside packages -> `pkg.sub.mod`; a lone script -> its stem.
std::string moduleNameFor(const std::string &path, bool &isPackageInit);

}  // namespace boundwise
