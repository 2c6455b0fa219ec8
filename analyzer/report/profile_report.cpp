#include "analyzer/report/profile_report.h"

#include "analyzer/report/replay_safety.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <functional>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "analyzer/core/inert_text.h"
#include "analyzer/report/renderer.h"
#include "profiler/thread_counters.h"

namespace boundwise {
namespace {

using Json = nlohmann::ordered_json;

std::string realPathOf(const std::string &path) {
  std::error_code ec;
  auto p = std::filesystem::canonical(path, ec);
  return ec ? std::filesystem::absolute(path).lexically_normal().string() : p.string();
}

// Same ids as the JSON report: path::qualname, with @line where a qualname repeats.
std::vector<std::string> functionIds(const FileModel &fm) {
  std::unordered_map<std::string, int> count;
  for (const auto &fn : fm.functions) ++count[fn.qualname];
  std::vector<std::string> ids;
  for (const auto &fn : fm.functions) {
    std::string id = fm.path + "::" + fn.qualname;
    if (count[fn.qualname] > 1) id += "@" + std::to_string(fn.loc.line);
    ids.push_back(id);
  }
  return ids;
}

const char *const kNeverImported = "not reached: its module was never imported by the program";
const char *const kAwaitedNote = "awaited: a probe would only time creating the coroutine";

std::string stateNote(uint64_t state) {
  switch (state) {
    case 0: return kNeverImported;
    case 2: return "async def or generator: a probe would only time creating it";
    case 3: return "nested function: a new object is made at each call, so no probe can be placed";
    case 4: return "attribute of a built-in type: it cannot be replaced by a probe";
    case 5: return "not found in its module after the module ran";
    default: return "not measured";
  }
}

constexpr uint64_t kShortestJudgedNs = 2'000'000;

double seconds(uint64_t ns) { return double(ns) / 1e9; }

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace

namespace {
// How a site's callee reads in the text report: `pkg.work via concurrent.futures.ThreadPoolExecutor.map`.
std::string shownCallee(const PlannedSlot &s) { return s.via.empty() ? s.callee : s.callee + " via " + s.via; }
}  // namespace

ProfilePlan planProfile(const CheckResult &r) {
  ProfilePlan plan;
  if (!r.program) return plan;
  const Program &p = *r.program;
  // Dispatch site -> the user function it hands over (file, function), or (-1, -1).
  std::map<std::pair<int, int>, std::pair<int, int>> dispatchCallable;
  for (const DispatchSite &d : r.analysis.dispatches)
    dispatchCallable[{d.file, d.call}] = d.callable.isUserFunction() && d.callable.file >= 0 && d.callable.index >= 0 &&
                                                 !p.files[size_t(d.callable.file)].functions[size_t(d.callable.index)].isLambda
                                             ? std::make_pair(d.callable.file, d.callable.index)
                                             : std::make_pair(-1, -1);
  std::map<std::pair<int, int>, int> functionSlot;  // (file, function) -> slot
  std::map<std::string, int> calleeSlot;
  std::vector<std::string> realPaths(p.files.size());
  for (size_t f = 0; f < p.files.size(); ++f) realPaths[f] = realPathOf(p.files[f].path);
  // One File slot per source file, so a call site in a module the program never imported is
  // told apart from one that ran but was never called.
  std::vector<int> fileSlots(p.files.size());
  for (size_t f = 0; f < p.files.size(); ++f) {
    PlannedSlot file;
    file.kind = PlannedSlot::Kind::File;
    file.slot = fileSlots[f] = int(plan.slots.size());
    file.file = int(f);
    file.path = p.files[f].path;
    file.realPath = realPaths[f];
    plan.slots.push_back(file);
  }

  // Whether a replay of a call could act outside the replay process (replay_safety.h).
  static const RuleSet noRules;
  ReplaySafety safety(p, r.rules ? *r.rules : noRules);
  auto functionWrites = [&](int f, int i) { return safety.functionReason(f, i); };

  auto addFunction = [&](int f, int i) {
    auto it = functionSlot.find({f, i});
    if (it != functionSlot.end()) return it->second;
    const FileModel &fm = p.files[f];
    const FunctionFact &fn = fm.functions[i];
    PlannedSlot s;
    s.kind = PlannedSlot::Kind::Function;
    s.slot = int(plan.slots.size());
    s.fileSlot = fileSlots[size_t(f)];
    s.file = f;
    s.index = i;
    s.path = fm.path;
    s.realPath = realPaths[f];
    s.qualname = fn.qualname;
    s.functionId = functionIds(fm)[i];
    s.line = fn.loc.line;
    s.column = fn.loc.column;
    s.detail = r.analysis.summary(f, i).overall.detail;
    s.inAsync = fn.isAsync;
    plan.slots.push_back(s);
    functionSlot[{f, i}] = s.slot;
    return s.slot;
  };
  for (size_t f = 0; f < p.files.size(); ++f)
    for (size_t i = 0; i < p.files[f].functions.size(); ++i)
      if (r.analysis.summary(int(f), int(i)).overall.known() && !p.files[f].functions[i].isLambda)
        addFunction(int(f), int(i));

  for (size_t f = 0; f < p.files.size(); ++f) {
    const FileModel &fm = p.files[f];
    const std::vector<std::string> ids = functionIds(fm);
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const Verdict &v = r.analysis.callVerdicts[f][c];
      auto handedOver = dispatchCallable.find({int(f), int(c)});
      const bool dispatchesUserFunction = handedOver != dispatchCallable.end() && handedOver->second.first >= 0;
      if (!v.known() && !dispatchesUserFunction) continue;
      const CallFact &call = fm.calls[c];
      const ResolvedCall &rc = p.calls[f][c];
      PlannedSlot s;
      s.kind = PlannedSlot::Kind::Site;
      s.slot = int(plan.slots.size());
      s.fileSlot = fileSlots[f];
      s.file = int(f);
      s.index = int(c);
      s.path = fm.path;
      s.realPath = realPaths[f];
      s.functionId = call.function >= 0 ? ids[call.function] : fm.path + "::<module>";
      s.callee = rc.name.empty() ? call.calleeText : rc.name;
      s.line = call.loc.line;
      s.column = call.loc.column;
      s.detail = v.detail;
      if (dispatchesUserFunction) {
        // The static class of the work handed over, which is what runs on the executor.
        s.detail = r.analysis.summary(handedOver->second.first, handedOver->second.second).overall.detail;
        s.via = s.callee;
        const FileModel &owner = p.files[size_t(handedOver->second.first)];
        s.callee = owner.moduleName + "." + owner.functions[size_t(handedOver->second.second)].qualname;
      }
      s.inAsync = call.function >= 0 && fm.functions[call.function].isAsync;
      const bool toFunction = rc.kind == ResolvedCall::Kind::Function && rc.file >= 0 && rc.function >= 0;
      const Language calleeLanguage = toFunction ? p.files[size_t(rc.file)].language : fm.language;
      if (auto d = dispatchCallable.find({int(f), int(c)}); d != dispatchCallable.end()) {
        if (d->second.first >= 0) {
          // The pool calls the function: its own measurement (in every worker) stands for the site.
          s.dispatch = true;
          s.writes = functionWrites(d->second.first, d->second.second);
          plan.slots.push_back(s);
          plan.slots[size_t(s.slot)].probeSlot = addFunction(d->second.first, d->second.second);
          continue;
        }
        s.skipReason = "hands work to an executor: the work is measured in the function it runs";
      } else if (call.awaited && !(toFunction && calleeLanguage == Language::Python)) {
        s.skipReason = kAwaitedNote;
      } else if (toFunction && rc.file == int(f) && rc.function == call.function) {
        s.skipReason = "recursive call: its time is part of the outermost call";
      } else if (toFunction && fm.language == Language::Python && calleeLanguage == Language::Cpp) {
        // A native extension function: probed (and replayed) as the module attribute Python
        // calls, `thumbs.blur`, which confirms or refutes what the C++ pass says of its GIL.
        for (const NativeBindingFact &b : p.files[size_t(rc.file)].bindings)
          if (b.entry == rc.function || b.function == rc.function) {
            s.apiCallee = s.callee = b.module + "." + b.name;
            break;
          }
        if (s.apiCallee.empty()) s.skipReason = "native function not reached through a Python binding";
      } else if (toFunction) {
        s.awaited = call.awaited;
        s.writes = functionWrites(rc.file, rc.function);
        plan.slots.push_back(s);  // reserve before the callee's slot may be added
        const int probe = addFunction(rc.file, rc.function);
        plan.slots[size_t(s.slot)].probeSlot = probe;
        continue;
      } else if (rc.kind == ResolvedCall::Kind::Api && !rc.name.empty()) {
        s.apiCallee = rc.name;
        s.writes = safety.apiCallReason(int(f), int(c));
      } else {
        s.skipReason = "callee not resolved to a function or library call";
      }
      plan.slots.push_back(s);
      if (!s.apiCallee.empty()) {
        auto it = calleeSlot.find(s.apiCallee);
        int probe;
        if (it != calleeSlot.end()) {
          probe = it->second;
        } else {
          PlannedSlot callee;
          callee.kind = PlannedSlot::Kind::Callee;
          callee.slot = int(plan.slots.size());
          callee.callee = s.apiCallee;
          plan.slots.push_back(callee);
          probe = calleeSlot[s.apiCallee] = callee.slot;
        }
        plan.slots[size_t(s.slot)].probeSlot = probe;
      }
    }
  }
  return plan;
}

Recommendation measuredRecommendation(const Measured &m, const Target &target) {
  if (!m.scaling.empty() && m.scalingReliable) {
    // The fastest executor at the largest worker count, when it is clearly faster.
    const ScalingRow *best = nullptr;
    int most = 0;
    for (const auto &row : m.scaling) most = std::max(most, row.workers);
    // asyncio replays a sync callable with to_thread: threads by another name, worth
    // recommending only to code that already runs on an event loop. Sub-interpreters are
    // replayed from 3.12 on, but only 3.14 gives programs an executor for them
    // (InterpreterPoolExecutor): before that their row informs and recommends nothing.
    auto candidate = [&](const ScalingRow &row) {
      return row.mode != "sequential" && row.workers == most && (row.mode != "async" || m.plan.inAsync) &&
             (row.mode != "interpreters" || target.atLeast(3, 14));
    };
    for (const auto &row : m.scaling)
      if (candidate(row) && (!best || row.speedup > best->speedup)) best = &row;
    if (!best || best->speedup < 1.25) return Recommendation::None;
    // Within 10% of the fastest, the cheaper executor wins: threads share memory and pickle
    // nothing; processes cost a pickle per task and a process each.
    // (On an event loop, asyncio first: it is how that code reaches threads without blocking.)
    static const char *const kCheapestFirst[] = {"threads", "async", "interpreters", "processes"};
    static const char *const kCheapestFirstAsync[] = {"async", "threads", "interpreters", "processes"};
    for (const char *mode : m.plan.inAsync ? kCheapestFirstAsync : kCheapestFirst) {
      const ScalingRow *cheaper = nullptr;
      for (const auto &row : m.scaling)
        if (row.mode == mode && candidate(row)) cheaper = &row;
      if (cheaper && cheaper->speedup >= 0.9 * best->speedup) {
        best = cheaper;
        break;
      }
    }
    if (best->mode == "threads") return Recommendation::Threads;
    if (best->mode == "processes") return Recommendation::Processes;
    if (best->mode == "async") return Recommendation::Async;
    if (best->mode == "interpreters") return Recommendation::Interpreters;
    return Recommendation::None;
  }
  if (m.measuredWorkload == "io") return recommendFor(Detail::IoNetwork, m.plan.inAsync, target);
  if (m.measuredWorkload == "cpu") {
    const Detail d = isCpu(m.plan.detail) ? m.plan.detail : Detail::CpuPython;
    return recommendFor(d, m.plan.inAsync, target);
  }
  return recommendFor(m.plan.detail, m.plan.inAsync, target);
}

ProfileReport buildProfileReport(const CheckResult &r, const ProfilePlan &plan, const profiler::MergedResults &merged,
                                 const ProfileRun &run) {
  ProfileReport report;
  report.run = run;
  report.processes = merged.processes;
  report.perfEvents = merged.perfEvents;
  report.hardware = merged.hardware;
  report.notes = merged.problems;
  report.target = r.analysis.target;
  for (const PlannedSlot &s : plan.slots) {
    if (s.kind == PlannedSlot::Kind::Callee || s.kind == PlannedSlot::Kind::File) continue;
    Measured m;
    m.plan = s;
    m.totals = merged.slots[size_t(s.dispatch ? s.probeSlot : s.slot)];
    const int probe = s.kind == PlannedSlot::Kind::Function ? s.slot : s.probeSlot;
    const uint64_t state = probe >= 0 ? merged.slots[size_t(probe)].state : 0;
    const bool fileRan = s.fileSlot >= 0 && merged.slots[size_t(s.fileSlot)].state == 1;
    m.instrumented = probe >= 0 && state == 1 && fileRan;
    // An awaited call is measured through its coroutine's start and end (sys.monitoring, 3.12+);
    // the 3.11 wrapper would only time creating the coroutine.
    const bool awaitedUnmeasured = s.awaited && merged.slots[size_t(s.slot)].state != 1;
    if (awaitedUnmeasured) m.instrumented = false;
    if (awaitedUnmeasured) m.note = kAwaitedNote;
    else if (!s.skipReason.empty()) m.note = s.skipReason;
    else if (!m.instrumented) m.note = stateNote(fileRan ? state : 0);
    if (m.instrumented) {
      m.share = m.totals.onCpuShare();
      m.measuredWorkload = profiler::workloadForShare(m.share);
      m.verdict = profiler::measuredVerdict(std::string(toString(workloadOf(s.detail))), m.measuredWorkload,
                                            m.totals.measuredCalls);
      // A few microseconds of calls say nothing about where the time goes.
      if (m.verdict != "unexercised" && m.totals.wallNs < kShortestJudgedNs) {
        m.verdict = "inconclusive";
        m.note = "too short to judge (under 2 ms in all)";
      }
      if (merged.slots[size_t(probe)].retired && m.verdict != "unexercised")
        m.note = "recursive: measured until " + std::to_string(profiler::kRetireAfterNestedCalls) +
                 " nested calls, then the probe stepped aside; later calls are not counted";
      if (m.verdict == "unexercised") {
        m.measuredWorkload.clear();
        if (merged.slots[size_t(probe)].missedCalls > 0)
          m.note = "its calls began before its probe was in place (the main script called it at module level)";
      }
      if (m.verdict != "unexercised" && m.verdict != "inconclusive")
        m.recommendation = measuredRecommendation(m, report.target);
    }
    (s.kind == PlannedSlot::Kind::Function ? report.functions : report.sites).push_back(std::move(m));
  }
  return report;
}

namespace {

// The report's text names files, functions and callees of the analysed tree, and the command's
// arguments: all shown inert (inert_text.h), so none of them drives the terminal or starts a
// row of its own.
std::string commandLine(const std::vector<std::string> &command) {
  std::string s;
  for (const auto &a : command) s += (s.empty() ? "" : " ") + inertText(a);
  return s;
}

// snprintf into a string as long as it needs: an escaped name can be long, and a row cut at a
// fixed buffer would lose its line break.
template <typename... Args>
std::string formatted(const char *fmt, Args... args) {
  const int n = std::snprintf(nullptr, 0, fmt, args...);
  if (n <= 0) return {};
  std::string out(size_t(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), fmt, args...);
  out.pop_back();
  return out;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void row(std::ostream &os, const Measured &m, const std::string &rawWhere, const std::string &rawWhat) {
  const std::string where = inertText(rawWhere), what = inertText(rawWhat), note = inertText(m.note);
  if (m.hasMeasurement() && m.verdict != "unexercised") {
    os << formatted("%-28s %-24s %-16s %7llu %9s %9s %6s  %-6s %-11s %s\n", where.c_str(), what.c_str(),
                    std::string(toString(m.plan.detail)).c_str(), (unsigned long long)m.totals.calls,
                    fixed(seconds(m.totals.wallNs), 3).c_str(), fixed(seconds(m.totals.cpuNs), 3).c_str(),
                    fixed(m.share, 2).c_str(), m.measuredWorkload.c_str(), m.verdict.c_str(),
                    std::string(toString(m.recommendation)).c_str());
  } else {
    const std::string status = !m.hasMeasurement() ? "not measured: " + note
                               : note.empty()      ? std::string("unexercised")
                                                   : "unexercised: " + note;
    os << formatted("%-28s %-24s %-16s %7s %9s %9s %6s  %-6s %s\n", where.c_str(), what.c_str(),
                    std::string(toString(m.plan.detail)).c_str(), "0", "-", "-", "-", "-", status.c_str());
  }
  if (m.hasMeasurement() && m.verdict != "unexercised" && !note.empty()) os << "    note: " << note << "\n";
}

}  // namespace

void renderProfileText(const ProfileReport &report, std::ostream &os) {
  const ProfileRun &run = report.run;
  os << "\nboundwise profile: `" << commandLine(run.command) << "` ";
  if (run.timedOut) os << "was stopped after the --timeout of " << fixed(run.timeoutSeconds, 1) << " s";
  else if (run.signal) os << "was ended by signal " << run.signal;
  else os << "exited with " << run.exitCode;
  os << " after " << fixed(run.wallSeconds, 2) << " s; " << report.processes << " process"
     << (report.processes == 1 ? "" : "es") << " measured\n";
  os << "counters: " << (report.perfEvents ? "task-clock from perf events" : "CLOCK_THREAD_CPUTIME_ID (no perf events)");
  if (!report.hardware) os << "; no hardware counters on this machine (cycles and instructions not measured)";
  os << "\n";
  if (report.processes == 0)
    os << "boundwise: note: no process loaded the profiler (was the command a Python program started "
          "without -I or -S?)\n";
  for (const auto &n : report.notes) os << "boundwise: note: " << inertText(n) << "\n";

  char header[512];
  std::snprintf(header, sizeof header, "%-28s %-24s %-16s %7s %9s %9s %6s  %-6s %-11s %s\n", "CALL SITE", "CALLEE",
                "STATIC", "CALLS", "WALL s", "CPU s", "ON-CPU", "CLASS", "VERDICT", "USE");
  os << "\n" << header;
  // Modules the program never imported would fill the table with empty rows: counted instead.
  size_t notImported = 0;
  auto imported = [&](const Measured &m) {
    const bool never = !m.instrumented && m.plan.skipReason.empty() && m.totals.state == 0 && m.note == kNeverImported;
    notImported += never;
    return !never;
  };
  for (const Measured &m : report.sites)
    if (imported(m))
      row(os, m, m.plan.path + ":" + std::to_string(m.plan.line) + ":" + std::to_string(m.plan.column), shownCallee(m.plan));
  std::snprintf(header, sizeof header, "%-28s %-24s %-16s %7s %9s %9s %6s  %-6s %-11s %s\n", "FUNCTION", "",
                "STATIC", "CALLS", "WALL s", "CPU s", "ON-CPU", "CLASS", "VERDICT", "USE");
  os << "\n" << header;
  for (const Measured &m : report.functions)
    if (imported(m)) row(os, m, m.plan.path + ":" + std::to_string(m.plan.line), m.plan.qualname);
  if (notImported > 0)
    os << "\n(" << notImported << " call site" << (notImported == 1 ? "" : "s")
       << " and functions in modules the program never imported are not shown; they are in the JSON report)\n";

  bool anyContended = false;
  for (const auto *list : {&report.sites, &report.functions})
    for (const Measured &m : *list) anyContended |= m.instrumented && m.totals.contended();
  if (anyContended)
    os << "\nnote: some calls only ran while other threads ran measured code; their on-CPU share includes time "
          "spent waiting for the GIL\n";

  for (const Measured &m : report.sites) {
    if (m.scaling.empty() && m.replayNote.empty()) continue;
    os << "\nreplay " << inertText(m.plan.path) << ":" << m.plan.line << " " << inertText(shownCallee(m.plan)) << ": ";
    if (m.scaling.empty()) {
      os << inertText(m.replayNote) << "\n";
      continue;
    }
    os << "\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-13s %7s %9s %8s\n", "MODE", "WORKERS", "SECONDS", "SPEEDUP");
    os << line;
    for (const ScalingRow &r : m.scaling) {
      std::snprintf(line, sizeof line, "  %-13s %7d %9.3f %7.2fx\n", r.mode.c_str(), r.workers, r.seconds, r.speedup);
      os << line;
    }
    if (!m.replayNote.empty()) os << "  " << inertText(m.replayNote) << "\n";
    os << "  use: " << toString(m.recommendation) << "\n";
  }
}

namespace {

Json measuredJson(const Measured &m) {
  const auto &t = m.totals;
  Json j = {{"calls", t.calls},
            {"wall_s", round3(seconds(t.wallNs))},
            {"cpu_s", round3(seconds(t.cpuNs))},
            {"cpu_util", round3(m.share)},
            {"voluntary_switches", t.voluntarySwitches},
            {"involuntary_switches", t.involuntarySwitches},
            {"page_faults", t.pageFaults},
            {"verdict", m.verdict}};
  j["measured_workload"] = m.measuredWorkload.empty() ? Json(nullptr) : Json(m.measuredWorkload);
  j["measured_recommendation"] = std::string(toString(m.recommendation));
  j["contended"] = t.contended();
  return j;
}

Json scalingJson(const Measured &m) {
  Json rows = Json::array();
  for (const ScalingRow &r : m.scaling)
    rows.push_back({{"mode", r.mode}, {"workers", r.workers}, {"seconds", round3(r.seconds)},
                    {"speedup", std::round(r.speedup * 100) / 100}});
  return rows;
}

void attach(Json &entry, const Measured &m) {
  if (m.instrumented) {
    entry["measured"] = measuredJson(m);
    if (!m.note.empty()) entry["measured"]["note"] = m.note;
  }
  else entry["measured_note"] = m.note;
  if (!m.scaling.empty()) entry["scaling"] = scalingJson(m);
  if (!m.scaling.empty() && !m.scalingReliable) entry["scaling_reliable"] = false;
  if (!m.replayNote.empty()) entry["replay_note"] = m.replayNote;
}

}  // namespace

void renderProfileJson(const CheckResult &result, const ProfileReport &report, std::ostream &os) {
  std::stringstream base;
  renderJson(result, RenderOptions{}, base);
  Json doc = Json::parse(base.str());
  std::map<std::tuple<std::string, int, int>, const Measured *> sites;
  std::map<std::pair<std::string, int>, const Measured *> siteLines;
  for (const Measured &m : report.sites) {
    sites[{m.plan.path, m.plan.line, m.plan.column}] = &m;
    if (m.instrumented) siteLines.emplace(std::make_pair(m.plan.path, m.plan.line), &m);
  }
  std::map<std::string, const Measured *> functions;
  for (const Measured &m : report.functions) functions[m.plan.functionId] = &m;
  std::set<const Measured *> attached;
  for (Json &entry : doc["call_sites"]) {
    auto it = sites.find({entry["path"].get<std::string>(), entry["line"].get<int>(), entry["column"].get<int>()});
    if (it == sites.end()) continue;
    attach(entry, *it->second);
    attached.insert(it->second);
  }
  // Dispatch sites (pool.map(f, ...)) have no static class of their own in check's output: they
  // are added with the class of the work they hand over, which is what was measured.
  for (const Measured &m : report.sites) {
    if (attached.count(&m) || !m.plan.dispatch) continue;
    Json entry = {{"path", m.plan.path},
                  {"line", m.plan.line},
                  {"column", m.plan.column},
                  {"callee", m.plan.callee},
                  {"via", m.plan.via},
                  {"function", m.plan.functionId},
                  {"workload", toString(workloadOf(m.plan.detail))},
                  {"detail", toString(m.plan.detail)},
                  {"recommendation", toString(recommendFor(m.plan.detail, m.plan.inAsync, report.target))},
                  {"dispatch", true}};
    attach(entry, m);
    doc["call_sites"].push_back(entry);
  }
  for (Json &entry : doc["functions"]) {
    auto it = functions.find(entry["id"].get<std::string>());
    if (it != functions.end()) attach(entry, *it->second);
  }
  for (Json &entry : doc["findings"]) {
    auto it = siteLines.find({entry["path"].get<std::string>(), entry["line"].get<int>()});
    if (it != siteLines.end() && it->second->verdict != "unexercised") entry["measured"] = measuredJson(*it->second);
  }
  const ProfileRun &run = report.run;
  Json notes = Json::array();
  for (const auto &n : report.notes) notes.push_back(n);
  doc["profile"] = {{"command", run.command},
                    {"cwd", std::filesystem::current_path().string()},
                    {"exit_code", run.exitCode},
                    {"signal", run.signal},
                    {"timed_out", run.timedOut},
                    {"wall_s", round3(run.wallSeconds)},
                    {"processes", report.processes},
                    {"counters", {{"perf_events", report.perfEvents}, {"hardware", report.hardware}}},
                    {"notes", notes}};
  os << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace boundwise
