#pragma once
// `boundwise profile -- PROGRAM ARGS` for native (C/C++) programs: run the program with
// libboundwise_preload.so, collect the per-process results, symbolize and attribute them, match
// them to the static C++ classification, and report (docs/profile-native.md).
#include <string>
#include <vector>

namespace boundwise {

struct NativeProfileRequest {
  std::vector<std::string> command;  // the program and its arguments
  std::string outputPath;            // JSON report; empty = none
  std::vector<std::string> sourceDirs;  // static pass over these (confirmed/refuted/unexercised)
  double timeoutSeconds = 0;         // 0 = none; then SIGTERM, and SIGKILL 2 s later
  bool quiet = false;                // no text table
  int jobs = 0;
};

// argv0 as execvp would find it (through PATH when it has no slash); empty when there is none.
std::string findProgram(const std::string &argv0);

// Whether argv0 (resolved through PATH) is an ELF executable that is not a Python interpreter
// (python*, pypy*: those are profiled by the Python profiler).
bool isNativeProgram(const std::string &argv0);

// Runs and measures the program. Returns the program's exit code (a program killed by a signal
// makes boundwise die of the same signal after writing the results), 124 after --timeout, 127
// when the program cannot be started, 2 for boundwise's own errors.
int profileNativeProgram(const NativeProfileRequest &);

}  // namespace boundwise
