#pragma once
// Baselines: the findings a project already has, so that only new ones count.
//
// A finding's fingerprint must survive edits elsewhere in the file (lines added above it move
// its line number), so it is made of what the finding is about, not where it is: the path, the
// code, the flagged line's text with whitespace normalised, and the occurrence index of that
// (code, text) pair in the file (two identical flagged lines stay distinct). The path is taken
// relative to the baseline file's folder, so the same baseline matches whichever directory
// boundwise runs from.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/core/source_lines.h"

namespace boundwise {

// Fingerprints of `findings` in their order (they must be sorted, as sortFindings does), for a
// baseline stored at `baselinePath`.
std::vector<std::string> fingerprints(const std::vector<Finding> &findings, SourceLines &lines,
                                      const std::string &baselinePath);

// A finding's path (relative to the current directory) as seen from the baseline's folder.
std::string pathFromBaseline(const std::string &path, const std::string &baselinePath);

struct Baseline {
  std::set<std::string> fingerprints;
};

// Reads a baseline file written by writeBaseline. On error: nullopt and `error` names the file
// and the problem (a missing file is an error too: the caller decides whether it may be).
// Files over 64 MiB and JSON nested deeper than 16 levels are refused.
std::optional<Baseline> loadBaseline(const std::string &path, std::string &error);
// The same for `text` already read from `path`.
std::optional<Baseline> parseBaseline(const std::string &text, const std::string &path, std::string &error);

// Writes a baseline of `findings` (JSON, deterministic, reviewable in a diff). Returns false
// and sets `error` when the file cannot be written.
bool writeBaseline(const std::string &path, const std::vector<Finding> &findings, SourceLines &lines,
                   std::string &error);

// The findings whose fingerprint is not in the baseline.
std::vector<Finding> newFindings(const std::vector<Finding> &findings, const Baseline &, SourceLines &lines,
                                 const std::string &baselinePath);

}  // namespace boundwise
