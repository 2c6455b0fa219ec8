#pragma once
// Project configuration: `[tool.boundwise]` in pyproject.toml (toml++) or `.boundwise.yaml`
// (yaml-cpp). The closest file to the analysed path wins (walking up from it); in one
// directory `.boundwise.yaml` wins over pyproject.toml. The command line wins over the file.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/core/finding.h"

namespace boundwise {

struct CheckOptions;

struct FileConfig {
  std::string path;  // the file read
  std::optional<std::vector<std::string>> select, ignore, exclude;
  std::vector<std::string> rules;  // extra rule files, resolved against the config's folder
  std::vector<std::pair<std::string, std::vector<std::string>>> perFileIgnores;  // glob -> codes
  std::map<std::string, Severity> severity;                                       // code -> level
  std::optional<std::string> pythonVersion;
  std::optional<bool> freeThreaded;
  std::optional<std::string> failOn;  // info|note|warning|error
  std::optional<int> maxFileSizeMib;
};

// The closest configuration file for `start` (a file or directory), walking up to the root;
// nullopt when there is none. A pyproject.toml without [tool.boundwise] does not count.
std::optional<std::string> findConfigFile(const std::string &start);

// Reads and validates a configuration file. Unknown keys, wrong types, unknown codes in
// select/ignore/per-file-ignores/severity and invalid values are errors: nullopt, and `error`
// is "FILE:LINE:COL: error: message" (line/col where the parser knows them).
// Files over 1 MiB, YAML whose aliases expand past 100,000 values or that nests deeper than 32
// levels, and TOML tables nested deeper than 32 levels are errors too (rules/loader/yaml_bounds.h).
std::optional<FileConfig> loadConfigFile(const std::string &path, std::string &error);
// The same for `text` already read, as if from `path` (the format follows its extension).
std::optional<FileConfig> parseConfigText(const std::string &text, const std::string &path, std::string &error);

// `exclude` and `per-file-ignores` globs of the file, made absolute when they name a path
// (`legacy/*` is relative to the configuration file's folder, like ruff's); bare names and globs
// that start with `*` match anywhere and stay as written.
std::vector<std::string> anchoredExcludes(const FileConfig &config);
std::vector<std::pair<std::string, std::vector<std::string>>> anchoredPerFileIgnores(const FileConfig &config);

// The part of a configuration that is analysis options: select, ignore, exclude, rules (put
// before any already listed), per-file-ignores, severity, python-version, free-threaded and
// max-file-size-mib. Values present in `config` overwrite those in `options`; fail-on is
// reporting policy, not a CheckOptions field, so the caller handles it.
void applyToCheckOptions(const FileConfig &config, CheckOptions &options);

}  // namespace boundwise
