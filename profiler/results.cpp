#include "profiler/results.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "profiler/thread_counters.h"

namespace boundwise::profiler {
namespace {

constexpr uint64_t kMagic = 0x3146525057444e42ull;  // "BNDWPRF1", native_module.cpp
constexpr size_t kHeaderFields = 8;  // the part of the header every layout has
// Layout 2 adds the GIL wait; layout 1 (no GIL wait: its calls count as not measured) is
// still read.
struct Layout {
  size_t headerFields;
  size_t slotFields;
};
constexpr Layout kLayouts[] = {{0, 0}, {8, 16}, {16, 24}};

// executor-runtime/src/gil_wait.h GilWaitStatus.
std::string gilWaitProblem(uint64_t status) {
  switch (status) {
    case 1: return "";
    case 2: return "a free-threaded Python: the GIL it can turn on is not watched";
    case 3: return "the GIL was not found where CPython 3.11-3.13 keep it";
    case 4: return "the interpreter does not wait for the GIL through calls the profiler can time";
    case 5: return "a test wait for the GIL was not seen by the profiler";
    case 6: return "BOUNDWISE_NO_GIL_WAIT is set";
    default: return "the profiler of this process does not measure it";
  }
}

}  // namespace

uint64_t SlotTotals::ownOffCpuNs() const {
  const uint64_t accounted = cpuNs + runDelayNs + (gilWaitMeasured() ? gilWaitNs : 0);
  return wallNs > accounted ? wallNs - accounted : 0;
}

double SlotTotals::onCpuShare() const {
  if (gilWaitMeasured()) return profiler::onCpuShare(cpuNs, wallNs, runDelayNs + gilWaitNs);
  const bool solo = soloMeasuredCalls > 0;
  return profiler::onCpuShare(solo ? soloCpuNs : cpuNs, solo ? soloWallNs : wallNs,
                              solo ? soloRunDelayNs : runDelayNs);
}

bool mergeResultFile(const std::string &path, MergedResults &into, std::string &error) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    error = path + ": cannot read the result file";
    return false;
  }
  uint64_t header[kHeaderFields] = {};
  const bool headerRead = std::fread(header, sizeof header, 1, f) == 1;
  if (!headerRead || header[0] == 0) {
    std::fclose(f);
    return true;  // a process that died while opening its file: nothing measured
  }
  const uint64_t version = header[1];
  if (header[0] != kMagic || version < 1 || version > 2 || header[4] != into.slots.size()) {
    std::fclose(f);
    error = path + ": not a result file of this run";
    return false;
  }
  const Layout layout = kLayouts[version];
  std::vector<uint64_t> more(layout.headerFields - kHeaderFields);
  if (!more.empty() && std::fread(more.data(), sizeof(uint64_t), more.size(), f) != more.size()) {
    std::fclose(f);
    error = path + ": result file is truncated";
    return false;
  }
  const uint64_t gilStatus = version >= 2 ? more[0] : 0;
  const size_t kSlotFields = layout.slotFields;
  std::vector<uint64_t> fields(into.slots.size() * kSlotFields);
  const size_t read = std::fread(fields.data(), sizeof(uint64_t), fields.size(), f);
  std::fclose(f);
  if (read != fields.size()) {
    error = path + ": result file is truncated";
    return false;
  }
  ++into.processes;
  if (into.gilWaitProblem.empty()) into.gilWaitProblem = gilWaitProblem(gilStatus);
  into.perfEvents |= header[5] != 0;
  into.hardware |= header[6] != 0;
  if (into.pythonMajor == 0 && header[7] != 0) {
    into.freeThreaded = header[7] >= 10000;
    into.pythonMajor = int(header[7] % 10000 / 100);
    into.pythonMinor = int(header[7] % 100);
  }
  for (size_t i = 0; i < into.slots.size(); ++i) {
    const uint64_t *s = &fields[i * kSlotFields];
    SlotTotals &t = into.slots[i];
    t.calls += s[0];
    t.measuredCalls += s[1];
    t.wallNs += s[2];
    t.cpuNs += s[3];
    t.voluntarySwitches += s[4];
    t.involuntarySwitches += s[5];
    t.pageFaults += s[6];
    t.soloMeasuredCalls += s[7];
    t.soloWallNs += s[8];
    t.soloCpuNs += s[9];
    t.runDelayNs += s[10];
    t.soloRunDelayNs += s[11];
    t.missedCalls += s[12];
    t.retired |= s[13] != 0;
    if (version >= 2) {
      t.gilWaitNs += s[14];
      t.gilMeasuredCalls += s[15];
      t.otherCpuNs += s[16];
    }
    const uint64_t state = s[kSlotFields - 1];
    if (state == 1) t.state = 1;
    else if (t.state == 0) t.state = state;
  }
  return true;
}

MergedResults mergeResultDir(const std::string &dir, size_t slots) {
  MergedResults merged;
  merged.slots.resize(slots);
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("proc-", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".bin")
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto &file : files) {
    std::string error;
    if (!mergeResultFile(file, merged, error)) merged.problems.push_back(error);
  }
  return merged;
}

std::string measuredVerdict(const std::string &staticWorkload, const std::string &measuredWorkload, uint64_t calls) {
  if (calls == 0) return "unexercised";
  if (staticWorkload != "cpu" && staticWorkload != "io" && staticWorkload != "mixed") return "unclassified";
  return staticWorkload == measuredWorkload ? "confirmed" : "refuted";
}

}  // namespace boundwise::profiler
