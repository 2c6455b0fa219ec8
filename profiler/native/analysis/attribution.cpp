#include "profiler/native/analysis/attribution.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

namespace boundwise::native {

double FunctionMeasure::blockedTotal() const {
  double t = 0;
  for (const auto &[kind, s] : blockedSeconds) t += s;
  return t;
}

double CallLineMeasure::blockedTotal() const {
  double t = 0;
  for (const auto &[kind, s] : blockedSeconds) t += s;
  return t;
}

bool isProgramModule(const std::string &module) {
  if (module.empty() || module[0] == '[') return false;  // [vdso], [heap]
  const auto slash = module.rfind('/');
  const std::string base = slash == std::string::npos ? module : module.substr(slash + 1);
  if (base.rfind("libboundwise_preload", 0) == 0) return false;
  for (const char *dir : {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/libexec/"})
    if (module.rfind(dir, 0) == 0) return false;
  return true;
}

namespace {

// The program's own frames of one stack, innermost first, inlined frames included.
struct LogicalFrame {
  const SourceFrame *frame;
};

// Code of the C++ library inlined into the program (std::thread, sleep_for, ...) belongs to the
// library: the program function that called it is the one to blame.
bool isSystemHeader(const std::string &file) {
  for (const char *dir : {"/usr/include/", "/usr/lib/", "/usr/local/include/"})
    if (file.rfind(dir, 0) == 0) return true;
  return false;
}

// A statically linked libc names its functions' object files (libc-start.o) instead of sources.
bool isArchiveMember(const std::string &file) {
  return file.size() > 2 && file.find('/') == std::string::npos && file.compare(file.size() - 2, 2, ".o") == 0;
}

bool isStartupFrame(const SourceFrame &f) {
  return f.function == "_start" || f.function == "__libc_start_main" || f.function == "__libc_start_call_main";
}

using FunctionKey = std::tuple<std::string, std::string, std::string>;  // module, file, name

}  // namespace

NativeProfile attribute(const std::vector<ProcessResults> &processes, Symbolizer &symbolizer) {
  NativeProfile profile;
  std::map<FunctionKey, FunctionMeasure> functions;
  std::map<std::tuple<std::string, std::string, int, std::string, std::string, std::string>, CallSiteMeasure> sites;

  std::map<std::tuple<std::string, int, std::string>, CallLineMeasure> lines;
  auto lineFor = [&](const SourceFrame &f, const std::string &callee) -> CallLineMeasure & {
    auto &l = lines[{f.file, f.line, callee}];
    if (l.file.empty()) {
      l.file = f.file;
      l.line = f.line;
      l.function = f.function;
      l.callee = callee;
    }
    return l;
  };
  auto functionFor = [&](const SourceFrame &f, int pid) -> FunctionMeasure & {
    auto &m = functions[{f.module, f.file, f.function}];
    if (m.name.empty()) {
      m.name = f.function;
      m.file = f.file;
      m.module = f.module;
    }
    // The first line of the function; without it (some lambdas), the first line measured in it.
    const int line = f.startLine > 0 ? f.startLine : f.line;
    if (line > 0 && (m.line == 0 || line < m.line)) m.line = line;
    if (std::find(m.pids.begin(), m.pids.end(), pid) == m.pids.end()) m.pids.push_back(pid);
    return m;
  };

  for (const auto &p : processes) {
    ProcessSummary s;
    s.pid = p.pid;
    s.ppid = p.ppid;
    s.exe = p.exe;
    s.end = p.endValue >= 0 ? p.endReason + " " + std::to_string(p.endValue) : p.endReason;
    s.wallSeconds = double(p.wallNs) / 1e9;
    s.cpuSeconds = double(p.userNs + p.systemNs) / 1e9;
    s.voluntarySwitches = p.voluntarySwitches;
    s.involuntarySwitches = p.involuntarySwitches;
    s.threads = p.threads;
    s.samples = p.samples;
    s.lostSamples = p.lostSamples + p.droppedSamples;
    s.sampling = p.sampling;
    profile.processes.push_back(std::move(s));

    // Each stack: its program frames (a function counted once per stack, however deep it recurses).
    auto programFrames = [&](const std::vector<uint64_t> &pcs, std::vector<const SourceFrame *> &out,
                             const SourceFrame **firstLibraryBelow) {
      const SourceFrame *lastLibrary = nullptr;
      uint64_t lastLibraryPc = 0;
      for (uint64_t pc : pcs) {
        // Library frames are only symbolized when one names the `via` of a call site: loading
        // the debug information of libc and libstdc++ would cost more than everything else.
        const Mapping *m = findMapping(p.maps, pc);
        if (!m || !isProgramModule(m->path)) {
          if (out.empty()) lastLibraryPc = pc, lastLibrary = nullptr;
          continue;
        }
        for (const auto &f : symbolizer.frames(p.maps, pc)) {
          if (isSystemHeader(f.file) || isArchiveMember(f.file)) {
            if (out.empty()) lastLibrary = &f, lastLibraryPc = 0;
            continue;
          }
          if (isStartupFrame(f)) continue;
          if (out.empty() && firstLibraryBelow) {
            if (!lastLibrary && lastLibraryPc) {
              const auto &lib = symbolizer.frames(p.maps, lastLibraryPc);
              if (!lib.empty()) lastLibrary = &lib.back();  // the function the program called
            }
            *firstLibraryBelow = lastLibrary;
          }
          out.push_back(&f);
        }
      }
    };

    // Every frame of a stack is at a call, except the sampled instruction itself. What it calls:
    // the next program frame in, or for the innermost one `innermostCallee` (the libc function
    // or the library function reached), so that two calls on one line stay apart.
    auto addToLines = [&](const std::vector<const SourceFrame *> &frames, const SourceFrame *sampled,
                          const std::string &innermostCallee, auto &&add) {
      std::set<std::tuple<std::string, int, std::string>> seen;
      for (size_t i = 0; i < frames.size(); ++i) {
        const SourceFrame *f = frames[i];
        if (f == sampled || f->file.empty() || f->line <= 0) continue;
        const std::string &callee = i == 0 ? innermostCallee : frames[i - 1]->function;
        if (seen.insert({f->file, f->line, callee}).second) add(lineFor(*f, callee));
      }
    };

    const double period = double(p.periodNs) / 1e9;
    for (const auto &st : p.stacks) {
      std::vector<const SourceFrame *> frames;
      programFrames(st.pcs, frames, nullptr);
      // The sampled instruction, when it is the program's (else the program frames are all calls).
      const Mapping *leafMap = st.pcs.empty() ? nullptr : findMapping(p.maps, st.pcs[0]);
      const SourceFrame *sampled = nullptr;
      if (leafMap && isProgramModule(leafMap->path)) {
        const auto &leaf = symbolizer.frames(p.maps, st.pcs[0]);
        if (!leaf.empty()) sampled = &leaf[0];
      }
      addToLines(frames, sampled, "", [&](CallLineMeasure &l) {
        l.cpuSeconds += double(st.count) * period;
        l.samples += st.count;
      });
      std::set<FunctionKey> seen;
      for (size_t i = 0; i < frames.size(); ++i) {
        const SourceFrame &f = *frames[i];
        if (!seen.insert({f.module, f.file, f.function}).second) continue;
        FunctionMeasure &m = functionFor(f, p.pid);
        m.cpuSeconds += double(st.count) * period;
        m.samples += st.count;
        if (i == 0) m.selfCpuSeconds += double(st.count) * period;
      }
    }
    for (const auto &b : p.blocks) {
      std::vector<const SourceFrame *> frames;
      const SourceFrame *via = nullptr;
      programFrames(b.pcs, frames, &via);
      const double seconds = double(b.ns) / 1e9;
      addToLines(frames, nullptr, b.call, [&](CallLineMeasure &l) {
        l.blockedSeconds[b.kind] += seconds;
        l.blockingCalls += b.count;
      });
      std::set<FunctionKey> seen;
      for (const SourceFrame *f : frames) {
        if (!seen.insert({f->module, f->file, f->function}).second) continue;
        FunctionMeasure &m = functionFor(*f, p.pid);
        m.blockedSeconds[b.kind] += seconds;
        m.blockingCalls += b.count;
      }
      if (frames.empty()) continue;
      const SourceFrame &caller = *frames.front();
      std::string viaName = via && via->function != "??" ? via->function : "";
      if (viaName == b.call) viaName.clear();
      auto &site = sites[{caller.function, caller.file, caller.line, b.call, viaName, b.kind}];
      site.function = caller.function;
      site.file = caller.file;
      site.line = caller.line;
      site.callee = b.call;
      site.via = viaName;
      site.kind = b.kind;
      site.calls += b.count;
      site.blockedSeconds += seconds;
    }
  }

  for (auto &[key, m] : functions) profile.functions.push_back(std::move(m));
  for (auto &[key, s] : sites) profile.callSites.push_back(std::move(s));
  for (auto &[key, l] : lines) profile.callLines.push_back(std::move(l));
  std::stable_sort(profile.functions.begin(), profile.functions.end(), [](const FunctionMeasure &a, const FunctionMeasure &b) {
    if (a.wallSeconds() != b.wallSeconds()) return a.wallSeconds() > b.wallSeconds();
    return std::tie(a.file, a.line, a.name) < std::tie(b.file, b.line, b.name);
  });
  std::stable_sort(profile.callSites.begin(), profile.callSites.end(), [](const CallSiteMeasure &a, const CallSiteMeasure &b) {
    if (a.blockedSeconds != b.blockedSeconds) return a.blockedSeconds > b.blockedSeconds;
    return std::tie(a.file, a.line, a.callee) < std::tie(b.file, b.line, b.callee);
  });
  return profile;
}

std::string measuredWorkload(double cpuSeconds, double wallSeconds) {
  if (wallSeconds < kMinMeasuredSeconds) return "unknown";
  const double share = cpuSeconds / wallSeconds;
  if (share >= kCpuShare) return "cpu";
  if (share <= kIoShare) return "io";
  return "mixed";
}

std::string measuredWorkload(const FunctionMeasure &m) { return measuredWorkload(m.cpuSeconds, m.wallSeconds()); }

std::string dominantKind(const FunctionMeasure &m) {
  std::string best;
  double most = 0;
  for (const auto &[kind, s] : m.blockedSeconds)
    if (s > most) most = s, best = kind;
  return best;
}

std::string advice(const FunctionMeasure &m) {
  const std::string w = measuredWorkload(m);
  if (w == "cpu")
    return "CPU-bound: split independent work over a thread pool sized to the cores "
           "(std::thread::hardware_concurrency())";
  if (w == "io") {
    const std::string k = dominantKind(m);
    if (k == "lock")
      return "waits on locks or other threads: shorten or split the critical sections; more threads will not help";
    return "waits (" + k + "): overlap the waits with an event loop (epoll, io_uring, Asio) or more threads than cores";
  }
  if (w == "mixed")
    return "both waits and computes: put the waits on an event loop or I/O threads and the computation on a pool "
           "sized to the cores";
  return "too little measured to say";
}

std::string recommendation(const FunctionMeasure &m) {
  const std::string w = measuredWorkload(m);
  if (w == "cpu") return "threads";
  if (w == "io") return dominantKind(m) == "lock" ? "none" : "async";
  return "none";
}

}  // namespace boundwise::native
