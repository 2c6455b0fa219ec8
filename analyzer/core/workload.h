#pragma once
// Workload classes (DESIGN.md "Workload classes") and the executor each one fits.
#include <optional>
#include <string_view>

namespace boundwise {

enum class Workload { Unknown, Io, Cpu, Mixed };

enum class Detail {
  Unknown,
  IoNetwork, IoDisk, IoSleep, IoSubprocess, IoDb, IoIpc, IoConsole,
  CpuPython, CpuNativeGil, CpuNativeNogil,
  Mixed,
};

enum class Recommendation { None, Threads, Processes, Async, Interpreters };

std::string_view toString(Workload);
std::string_view toString(Detail);
std::string_view toString(Recommendation);
std::optional<Detail> parseDetail(std::string_view);

Workload workloadOf(Detail);
bool isIo(Detail);
bool isCpu(Detail);
// CPU work that keeps the GIL: threads do not run it in parallel (unless free-threaded).
bool holdsGil(Detail);

struct Target {
  int pythonMajor = 3;
  int pythonMinor = 11;
  bool freeThreaded = false;
  bool atLeast(int major, int minor) const {
    return pythonMajor > major || (pythonMajor == major && pythonMinor >= minor);
  }
};

// The executor that fits work of this class, for sync or async callers.
Recommendation recommendFor(Detail, bool inAsyncCode, const Target &);

}  // namespace boundwise
