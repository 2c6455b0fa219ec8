#pragma once
// Limits on the YAML files boundwise reads (configuration, rule files), checked before yaml-cpp
// builds its node tree. yaml-cpp shares an anchored node between its aliases, so a small file
// ("billion laughs": nine aliases to nine aliases to ...) becomes an exponential tree for any
// code that walks it; and its parser recurses once per nesting level. The check streams the
// file's events once, counts the values the document would have with every alias expanded, and
// stops at the first event over a limit, with the position of that event.
#include <yaml-cpp/mark.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace boundwise {

struct YamlLimits {
  size_t maxBytes;     // the file's size
  int maxDepth;        // nested sequences and mappings
  size_t maxValues;    // values in the document, aliases expanded
  size_t maxAliases;   // `*name` references
};

// Configuration files (.boundwise.yaml) nest three levels and hold a few dozen values.
inline constexpr YamlLimits kConfigYamlLimits{1u << 20, 32, 100'000, 256};
// Rule files nest four levels; the bundled ones hold a few thousand values.
inline constexpr YamlLimits kRuleYamlLimits{4u << 20, 32, 2'000'000, 4096};

struct YamlBoundsError {
  YAML::Mark mark;  // line -1 when the problem is the whole file (its size)
  std::string message;
};

// Nullopt when the first document of `text` stays within `limits` (or does not parse: yaml-cpp
// reports that itself when the caller loads the text); otherwise where and what went over.
std::optional<YamlBoundsError> checkYamlBounds(std::string_view text, const YamlLimits &limits);

// "1 MiB", "1.5 MiB", "12 KiB", "300 bytes": sizes in messages.
std::string describeSize(size_t bytes);
// "over the limit of 1 MiB (3.2 MiB)"; in bytes when rounding would hide the difference.
std::string overTheLimit(size_t bytes, size_t limit);

}  // namespace boundwise
