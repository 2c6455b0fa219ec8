#pragma once
// Files compiled into the binary by cmake/Embed.cmake (rules, queries, rule pages).
#include <string_view>
#include <vector>

namespace boundwise {

struct EmbeddedFile {
  std::string_view path;  // relative to the source tree, e.g. rules/python/time.yaml
  std::string_view name;  // file name only
  std::string_view text;
};

const std::vector<EmbeddedFile> &bundledRuleFiles();
const std::vector<EmbeddedFile> &bundledQueries();
const std::vector<EmbeddedFile> &bundledRuleDocs();

}  // namespace boundwise
