#pragma once
// `boundwise check --profile FILE`: a saved `boundwise profile -o FILE` report merged into the
// static findings. A finding on a measured call site carries the figures; a refuted one says so.
#include <string>

#include "analyzer/core/pipeline.h"

namespace boundwise {

struct ProfileMergeSummary {
  size_t confirmed = 0;
  size_t refuted = 0;
  size_t other = 0;  // unexercised or inconclusive
};

// Returns false with `error` naming the file and the problem when it is not a profile report.
bool mergeProfile(CheckResult &result, const std::string &path, ProfileMergeSummary &summary, std::string &error);

}  // namespace boundwise
