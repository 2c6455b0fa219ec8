#pragma once
// `boundwise profile [options] -- COMMAND...`: analyse the program's sources, run COMMAND with
// the profiler bootstrap, and report the measured class of every call site (docs/profile.md).
#include <string>
#include <vector>

namespace boundwise {

struct ProfileOptions {
  std::vector<std::string> command;      // after `--`
  std::string outputPath;                // -o FILE: the JSON report
  std::vector<std::string> sourceDirs;   // --source DIR (repeatable); default: the program's project
  bool replay = false;                   // --replay: re-run measured calls on each executor
  std::vector<int> workers{1, 2, 4};     // --workers 1,2,4
  bool allowWrites = false;              // --allow-writes: replay call sites that write
  double timeoutSeconds = 0;             // --timeout S; 0 = none
  bool quiet = false;                    // -q: no text report
  int jobs = 0;                          // -j N for the static pass
};

// Parses the arguments after `profile`; on a usage error returns false and sets `error`.
bool parseProfileOptions(const std::vector<std::string> &args, ProfileOptions &options, std::string &error);

// argv[1] is "profile". Returns the program's exit code, or 2 when boundwise itself fails.
int runProfileCommand(int argc, char **argv);

std::string profileUsageText();

}  // namespace boundwise
