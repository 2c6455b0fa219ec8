#pragma once
// One finding code = one Check (docs/CONTRIBUTING.md lists the files a new code touches).
#include <memory>
#include <string_view>
#include <vector>

#include "analyzer/core/analysis.h"
#include "analyzer/core/finding.h"

namespace boundwise {

struct CheckInfo {
  std::string_view code;      // BW101
  std::string_view name;      // cpu-bound-work-in-threads
  Severity severity;          // default severity
  std::string_view summary;   // one line for `boundwise rules` and SARIF
};

class Check {
 public:
  virtual ~Check() = default;
  virtual const CheckInfo &info() const = 0;
  virtual void run(const Analysis &, std::vector<Finding> &out) const = 0;

 protected:
  // A finding of this check at a call or statement, with the common fields filled.
  Finding finding(const Analysis &a, int file, const Location &loc, std::string message) const;
};

// Every check, sorted by code.
const std::vector<std::unique_ptr<Check>> &allChecks();
const Check *findCheck(std::string_view code);

}  // namespace boundwise
