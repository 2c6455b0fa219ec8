#pragma once
// --diff-base REV: only findings on lines changed since REV (git), like ruff's and reviewdog's
// diff modes. Paths are matched as the pipeline prints them (relative to the current directory).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"

namespace boundwise {

struct ChangedLines {
  // path (relative to the current directory) -> changed or added line numbers (1-based, new
  // side). Line 0 marks a whole file as new (an untracked file): contains() is true for any line.
  std::map<std::string, std::set<int>> lines;
  bool contains(const std::string &path, int line) const;
};

// Runs `git diff --unified=0 --no-color REV` (working tree against REV, untracked files
// counted as wholly added) from the current directory. On error (not a git repository, unknown
// revision, git missing): nullopt and a message naming the problem.
std::optional<ChangedLines> changedLinesSince(const std::string &rev, std::string &error);

// Keeps the findings whose start line was changed.
std::vector<Finding> onChangedLines(const std::vector<Finding> &findings, const ChangedLines &);

}  // namespace boundwise
