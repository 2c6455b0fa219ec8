#pragma once
// The report file of `-o FILE`: written to a temporary file beside it and renamed into place only
// when the run succeeds, so a run that fails (a broken baseline, a bad --diff-base, a crash, a
// kill) leaves the previous report as it was; and never one of the files being analysed.
#include <fstream>
#include <string>
#include <vector>

namespace boundwise {

class PendingReport {
 public:
  PendingReport() = default;
  PendingReport(const PendingReport &) = delete;
  PendingReport &operator=(const PendingReport &) = delete;
  ~PendingReport();  // discards what was not committed

  // Creates the temporary file for `path`; false with `error` when it cannot.
  bool open(const std::string &path, std::string &error);
  std::ostream &stream() { return out_; }
  // Flushes and renames the temporary file to the path; false with `error` when that fails.
  bool commit(std::string &error);
  // Removes the temporary file (for paths that end the process with _Exit).
  void discard();

 private:
  std::string path_, temp_;
  std::ofstream out_;
};

// Whether `output` names one of the inputs: a path given to check, or a file that check would
// analyse inside a given directory (a .py, .pyi or C/C++ source). Writing the report there would
// replace the source with it.
bool namesAnInput(const std::string &output, const std::vector<std::string> &inputs);

}  // namespace boundwise
