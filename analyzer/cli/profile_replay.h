#pragma once
// `boundwise profile --replay`: for each measured call site, run the executor runtime's replay
// (executor-runtime/python/boundwise_runtime/replay.py) on the captured calls, in a separate
// process, and fill in the site's scaling table.
#include <string>

#include "analyzer/cli/profile_command.h"
#include "analyzer/report/profile_report.h"

namespace boundwise {

// `resultsDir` holds the capture-*.json files the bootstrap wrote; `pythonPath` is the
// runtime's PYTHONPATH entry.
void replayMeasuredSites(ProfileReport &report, const ProfileOptions &options, const std::string &resultsDir,
                         const std::string &pythonPath);

}  // namespace boundwise
