#pragma once
// A finding: plain data, serialised only by analyzer/report/.
#include <string>
#include <vector>

#include "analyzer/core/analysis.h"

namespace boundwise {

enum class Severity { Info, Warning, Error };
std::string_view toString(Severity);

struct Finding {
  std::string code;
  std::string name;
  Severity severity = Severity::Warning;
  std::string path;
  Location loc;
  std::string message;
  Workload workload = Workload::Unknown;
  Recommendation recommendation = Recommendation::None;
  std::vector<Evidence> evidence;
  std::string help;  // the fix, one line
};

// Sorts by path, line, column, code: the order every renderer prints.
void sortFindings(std::vector<Finding> &);

}  // namespace boundwise
