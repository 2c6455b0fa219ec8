#include "analyzer/core/finding.h"

#include <algorithm>
#include <tuple>

namespace boundwise {

std::string_view toString(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

void sortFindings(std::vector<Finding> &findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
    return std::tie(a.path, a.loc.line, a.loc.column, a.code, a.message) <
           std::tie(b.path, b.loc.line, b.loc.column, b.code, b.message);
  });
}

}  // namespace boundwise
