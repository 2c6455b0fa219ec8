#pragma once
// The per-process results files written by libboundwise_preload.so (and by the parent sampler
// for statically linked programs): parsing and loading a results folder.
#include <cstdint>
#include <string>
#include <vector>

namespace boundwise::native {

// One executable mapping of the process (a line of /proc/PID/maps).
struct Mapping {
  uint64_t start = 0;
  uint64_t end = 0;
  uint64_t offset = 0;  // file offset of `start`
  std::string path;
};

// Time spent in one blocking libc call from one call stack.
struct BlockRecord {
  std::string call;  // the libc function: read, nanosleep, pthread_join, ...
  std::string kind;  // network, disk, ipc, console, sleep, lock, subprocess, other
  uint64_t count = 0;
  uint64_t ns = 0;
  std::vector<uint64_t> pcs;  // innermost first; addresses of the calls (return address - 1)
};

// On-CPU samples that share one call stack.
struct SampleRecord {
  uint64_t count = 0;
  std::vector<uint64_t> pcs;  // innermost first
};

struct ProcessResults {
  std::string file;  // where it was read from
  int pid = 0;
  int ppid = 0;
  std::string exe;
  std::string endReason = "running";  // exit, signal, exec, running (last checkpoint only)
  int endValue = -1;  // exit status or signal number; -1 when not known
  uint64_t wallNs = 0;
  uint64_t userNs = 0, systemNs = 0;
  uint64_t voluntarySwitches = 0, involuntarySwitches = 0;
  uint64_t periodNs = 1000000;
  std::string sampling;  // "ok" or why on-CPU sampling did not run
  uint64_t threads = 0;
  uint64_t samples = 0, droppedSamples = 0, lostSamples = 0, droppedBlocks = 0;
  bool complete = false;  // the file ends with "done"
  std::vector<BlockRecord> blocks;
  std::vector<SampleRecord> stacks;
  std::vector<Mapping> maps;
};

// Parses one results file. On a malformed file returns false and says what and where in `error`.
bool parseResults(const std::string &text, ProcessResults &out, std::string &error);

// Reads every results file in `dir` (native-*.txt), sorted by pid. Unreadable or malformed files
// are reported in `problems` ("FILE:LINE: message") and skipped; the rest are used.
std::vector<ProcessResults> loadResultsDir(const std::string &dir, std::vector<std::string> &problems);

// The mapping that holds `pc`, or nullptr.
const Mapping *findMapping(const std::vector<Mapping> &maps, uint64_t pc);

}  // namespace boundwise::native
