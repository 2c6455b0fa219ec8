#include "analyzer/core/workload.h"

#include <array>
#include <utility>

namespace boundwise {
namespace {
constexpr std::array<std::pair<Detail, std::string_view>, 12> kDetailNames{{
    {Detail::Unknown, "unknown"},
    {Detail::IoNetwork, "io:network"},
    {Detail::IoDisk, "io:disk"},
    {Detail::IoSleep, "io:sleep"},
    {Detail::IoSubprocess, "io:subprocess"},
    {Detail::IoDb, "io:db"},
    {Detail::IoIpc, "io:ipc"},
    {Detail::IoConsole, "io:console"},
    {Detail::CpuPython, "cpu:python"},
    {Detail::CpuNativeGil, "cpu:native-gil"},
    {Detail::CpuNativeNogil, "cpu:native-nogil"},
    {Detail::Mixed, "mixed"},
}};
}  // namespace

std::string_view toString(Workload w) {
  switch (w) {
    case Workload::Io: return "io";
    case Workload::Cpu: return "cpu";
    case Workload::Mixed: return "mixed";
    case Workload::Unknown: break;
  }
  return "unknown";
}

std::string_view toString(Detail d) {
  for (const auto &[detail, name] : kDetailNames)
    if (detail == d) return name;
  return "unknown";
}

std::string_view toString(Recommendation r) {
  switch (r) {
    case Recommendation::Threads: return "threads";
    case Recommendation::Processes: return "processes";
    case Recommendation::Async: return "async";
    case Recommendation::Interpreters: return "interpreters";
    case Recommendation::None: break;
  }
  return "none";
}

std::optional<Detail> parseDetail(std::string_view s) {
  for (const auto &[detail, name] : kDetailNames)
    if (name == s) return detail;
  return std::nullopt;
}

bool isIo(Detail d) { return d >= Detail::IoNetwork && d <= Detail::IoConsole; }
bool isCpu(Detail d) { return d >= Detail::CpuPython && d <= Detail::CpuNativeNogil; }
bool holdsGil(Detail d) { return d == Detail::CpuPython || d == Detail::CpuNativeGil; }

Workload workloadOf(Detail d) {
  if (isIo(d)) return Workload::Io;
  if (isCpu(d)) return Workload::Cpu;
  if (d == Detail::Mixed) return Workload::Mixed;
  return Workload::Unknown;
}

Recommendation recommendFor(Detail d, bool inAsyncCode, const Target &target) {
  if (isIo(d)) return inAsyncCode ? Recommendation::Async : Recommendation::Threads;
  switch (d) {
    case Detail::CpuPython:
      if (target.freeThreaded) return Recommendation::Threads;
      // 3.14 ships concurrent.futures.InterpreterPoolExecutor: parallel bytecode, one process.
      return target.atLeast(3, 14) ? Recommendation::Interpreters : Recommendation::Processes;
    case Detail::CpuNativeGil:
      return Recommendation::Processes;
    case Detail::CpuNativeNogil:
      return Recommendation::Threads;
    default:
      return Recommendation::None;
  }
}

}  // namespace boundwise
