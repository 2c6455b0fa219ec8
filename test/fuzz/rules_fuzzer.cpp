// Rule files (rules/loader/rule_set.h): a project's YAML API knowledge, given with --rules or
// listed in the configuration. Any input loads or gives errors naming the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "rules/loader/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  boundwise::RuleSet rules;
  std::vector<std::string> errors;
  const bool ok = rules.load(std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.yaml", errors);
  if (ok != errors.empty()) std::abort();
  for (const auto &e : errors)
    if (e.rfind("fuzz.yaml", 0) != 0) std::abort();
  if (ok) {
    // Lookups on whatever was loaded must hold too.
    rules.find("os.read");
    rules.find("x.y.*");
    rules.findCpp("read");
    rules.isWellKnownModule("os");
  }
  return 0;
}
