#pragma once
// A finding: plain data, serialised only by analyzer/report/.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/analysis.h"

namespace boundwise {

enum class Severity { Info, Warning, Error };
std::string_view toString(Severity);

// What `boundwise profile` measured at a finding's call site (merged by `check --profile FILE`).
struct MeasuredScaling {
  std::string mode;  // sequential | threads | processes | async | interpreters
  int workers = 1;
  double seconds = 0;
  double speedup = 1;
};

struct FindingMeasurement {
  uint64_t calls = 0;
  double wallSeconds = 0;
  double cpuSeconds = 0;
  double cpuUtil = 0;            // on-CPU share
  std::string verdict;           // confirmed | refuted | unexercised | inconclusive
  std::string measuredWorkload;  // cpu | io | mixed
  std::string recommendation;    // from the measurement
  std::vector<MeasuredScaling> scaling;
  std::string replayNote;        // how the replay split the work, or why there is none
};

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
  std::optional<FindingMeasurement> measured;
};

// Sorts by path, line, column, code: the order every renderer prints.
void sortFindings(std::vector<Finding> &);

}  // namespace boundwise
