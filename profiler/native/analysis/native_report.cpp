#include "profiler/native/analysis/native_report.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

namespace boundwise::native {
namespace {

std::string fmt(double v, int decimals = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double rounded(double v) { return double(llround(v * 1e6)) / 1e6; }

std::string baseName(const std::string &path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The static function a measured one is, by file and line range, then by name.
const StaticFunction *matchFunction(const ProfileRun &run, const FunctionMeasure &m) {
  if (m.file.empty()) return nullptr;
  const std::string shown = shownPath(m.file);
  const StaticFunction *best = nullptr;
  for (const auto &s : run.staticFunctions) {
    if (s.path != shown && shownPath(s.path) != shown) continue;
    const bool inRange = m.line > 0 && m.line >= s.line && m.line <= std::max(s.line, s.endLine);
    std::string shortName = m.name.substr(0, m.name.find('('));
    const bool sameName = !s.name.empty() && (shortName == s.name || (shortName.size() > s.name.size() &&
                                                                        shortName.compare(shortName.size() - s.name.size(), s.name.size(), s.name) == 0));
    if (inRange && (sameName || !best)) best = &s;
    else if (!best && sameName) best = &s;
  }
  return best;
}

// confirmed | refuted | unexercised (never ran); empty when the static pass made no claim
// (`unknown`) or when the code ran too briefly to say (measured `unknown`).
std::string verdictFor(const std::string &staticWorkload, const std::string &measured, bool exercised = true) {
  if (!exercised) return "unexercised";
  if (staticWorkload.empty() || staticWorkload == "unknown") return "";
  if (measured == "unknown") return "";
  return staticWorkload == measured ? "confirmed" : "refuted";
}

bool samePath(const std::string &staticPath, const std::string &measuredFile) {
  const std::string shown = shownPath(measuredFile);
  return staticPath == shown || shownPath(staticPath) == shown;
}

// The function name without its parameters: "ns::f(int) const" -> "ns::f".
std::string withoutParameters(const std::string &name) {
  int depth = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '<') ++depth;
    else if (name[i] == '>') --depth;
    else if (name[i] == '(' && depth == 0 && i > 0) return name.substr(0, i);
  }
  return name;
}

// What was measured under a static call site's line: the entries whose callee is the static
// callee, or every call on the line when none is (a libc call reached through a library).
std::optional<CallLineMeasure> measuredAt(const NativeProfile &profile, const StaticCallSite &st) {
  std::vector<const CallLineMeasure *> onLine, sameCallee;
  auto shortName = [](std::string n) {
    n = withoutParameters(n);
    if (n.rfind("::", 0) == 0) n = n.substr(2);
    return n;
  };
  for (const auto &l : profile.callLines) {
    if (l.line != st.line || !samePath(st.path, l.file)) continue;
    onLine.push_back(&l);
    if (!l.callee.empty() && shortName(l.callee) == shortName(st.callee)) sameCallee.push_back(&l);
  }
  const auto &use = sameCallee.empty() ? onLine : sameCallee;
  if (use.empty()) return std::nullopt;
  CallLineMeasure sum = *use.front();
  for (size_t i = 1; i < use.size(); ++i) {
    sum.cpuSeconds += use[i]->cpuSeconds;
    sum.samples += use[i]->samples;
    sum.blockingCalls += use[i]->blockingCalls;
    for (const auto &[kind, s] : use[i]->blockedSeconds) sum.blockedSeconds[kind] += s;
  }
  return sum;
}

template <class Json>
Json verdictJson(const std::string &v) {
  return v.empty() ? Json(nullptr) : Json(v);
}


}  // namespace

std::string shownPath(const std::string &path) {
  if (path.empty() || path[0] != '/') return path;
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (ec) return path;
  const std::string base = cwd.string() + "/";
  if (path.rfind(base, 0) == 0) return path.substr(base.size());
  return path;
}

void renderProfileText(const ProfileRun &run, const NativeProfile &profile, std::ostream &out) {
  uint64_t threads = 0, samples = 0;
  for (const auto &p : profile.processes) threads += p.threads, samples += p.samples;
  out << "boundwise: native profile of";
  for (const auto &a : run.command) out << " " << a;
  out << " (" << run.outcome << ", " << fmt(run.wallSeconds, 2) << " s; " << profile.processes.size() << " process"
      << (profile.processes.size() == 1 ? "" : "es") << ", ";
  if (threads > 0) out << threads << " thread" << (threads == 1 ? "" : "s") << ", ";  // unknown when sampled from outside
  out << samples << " on-CPU sample" << (samples == 1 ? "" : "s") << ")\n";
  for (const auto &n : run.notes) out << "boundwise: note: " << n << "\n";
  if (profile.functions.empty()) {
    out << "boundwise: no time was attributed to the program's own functions\n";
    return;
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-36s %-24s %8s %8s %8s %-9s %s\n", "function", "location", "wall s", "cpu s",
                "blocked s", "measured", "waits");
  out << "\n" << line;
  for (const auto &f : profile.functions) {
    std::string name = f.name.size() > 36 ? f.name.substr(0, 33) + "..." : f.name;
    std::string loc = f.file.empty() ? baseName(f.module) : baseName(f.file) + ":" + std::to_string(f.line);
    std::string waits;
    for (const auto &[kind, s] : f.blockedSeconds)
      if (s >= 0.0005) waits += (waits.empty() ? "" : " ") + kind + " " + fmt(s, 3);
    std::string workload = measuredWorkload(f);
    if (const StaticFunction *s = matchFunction(run, f)) {
      const std::string v = verdictFor(s->workload, measuredWorkload(f));
      if (!v.empty()) workload += " (" + v + ")";
    }
    std::snprintf(line, sizeof line, "%-36s %-24s %8s %8s %8s %-9s %s\n", name.c_str(), loc.c_str(),
                  fmt(f.wallSeconds()).c_str(), fmt(f.cpuSeconds).c_str(), fmt(f.blockedTotal()).c_str(), workload.c_str(),
                  waits.c_str());
    out << line;
  }
  if (!profile.callSites.empty()) {
    out << "\nblocking call sites:\n";
    for (const auto &c : profile.callSites) {
      std::string loc = c.file.empty() ? "?" : shownPath(c.file) + ":" + std::to_string(c.line);
      out << "  " << loc << "  " << c.function << " -> " << c.callee;
      if (!c.via.empty()) out << " (via " << c.via << ")";
      out << "  " << c.kind << ", " << c.calls << " call" << (c.calls == 1 ? "" : "s") << ", " << fmt(c.blockedSeconds)
          << " s\n";
    }
  }
  out << "\nadvice:\n";
  for (const auto &f : profile.functions) {
    if (measuredWorkload(f) == "unknown") continue;
    out << "  " << f.name << ": " << advice(f) << "\n";
  }
}

void renderProfileJson(const ProfileRun &run, const NativeProfile &profile, std::ostream &out) {
  using json = nlohmann::ordered_json;
  json doc;
  doc["tool"] = {{"name", "boundwise"}, {"version", BOUNDWISE_VERSION}};
  doc["target"] = {{"native", true}, {"statically_linked", run.staticallyLinked}};
  json processes = json::array();
  for (const auto &p : profile.processes)
    processes.push_back({{"pid", p.pid}, {"ppid", p.ppid}, {"exe", p.exe}, {"end", p.end},
                         {"wall_s", rounded(p.wallSeconds)}, {"cpu_s", rounded(p.cpuSeconds)},
                         {"voluntary_switches", p.voluntarySwitches}, {"involuntary_switches", p.involuntarySwitches},
                         {"threads", p.threads}, {"samples", p.samples}, {"lost_samples", p.lostSamples},
                         {"sampling", p.sampling}});
  doc["profile"] = {{"command", run.command}, {"outcome", run.outcome}, {"wall_s", rounded(run.wallSeconds)},
                    {"static_pass", run.staticPass}, {"processes", processes}, {"notes", run.notes}};

  json functions = json::array();
  std::set<const StaticFunction *> exercised;
  for (const auto &f : profile.functions) {
    const std::string workload = measuredWorkload(f);
    json blocked = json::object();
    for (const auto &[kind, s] : f.blockedSeconds) blocked[kind] = rounded(s);
    json measured = {{"calls", nullptr},
                     {"wall_s", rounded(f.wallSeconds())},
                     {"cpu_s", rounded(f.cpuSeconds)},
                     {"cpu_util", rounded(f.cpuShare())},
                     {"voluntary_switches", nullptr},
                     {"involuntary_switches", nullptr},
                     {"verdict", nullptr},
                     {"measured_workload", workload},
                     {"self_cpu_s", rounded(f.selfCpuSeconds)},
                     {"samples", f.samples},
                     {"blocking_calls", f.blockingCalls},
                     {"blocked_s", blocked},
                     {"advice", advice(f)}};
    if (workload == "io") measured["measured_detail"] = "io:" + dominantKind(f);
    else if (workload == "cpu") measured["measured_detail"] = "cpu:native-nogil";
    json entry;
    const StaticFunction *s = matchFunction(run, f);
    const std::string path = f.file.empty() ? shownPath(f.module) : shownPath(f.file);
    if (s) {
      exercised.insert(s);
      entry = {{"id", s->id}, {"path", s->path}, {"line", s->line}, {"language", "cpp"}, {"workload", s->workload},
               {"detail", s->detail}, {"confidence", s->confidence}};
      measured["verdict"] = verdictJson<json>(verdictFor(s->workload, workload));
    } else {
      entry = {{"id", path + "::" + f.name.substr(0, f.name.find('('))}, {"path", path}, {"line", f.line},
               {"language", "cpp"}, {"workload", nullptr}, {"detail", nullptr}, {"confidence", nullptr}};
    }
    entry["name"] = f.name;
    entry["recommendation"] = recommendation(f);
    entry["measured"] = measured;
    functions.push_back(entry);
  }
  for (const auto &s : run.staticFunctions) {
    if (exercised.count(&s)) continue;
    json entry = {{"id", s.id}, {"path", s.path}, {"line", s.line}, {"language", "cpp"}, {"workload", s.workload},
                  {"detail", s.detail}, {"confidence", s.confidence}};
    entry["measured"] = {{"calls", 0}, {"wall_s", 0}, {"cpu_s", 0}, {"cpu_util", nullptr}, {"voluntary_switches", nullptr},
                         {"involuntary_switches", nullptr}, {"verdict", "unexercised"}, {"measured_workload", "unknown"}};
    functions.push_back(entry);
  }
  doc["functions"] = functions;

  json sites = json::array();
  // Static call sites first, each with what was measured under its line (any call: CPU below it
  // and blocked time below it); then the blocking calls no static call site accounts for.
  std::set<std::pair<std::string, int>> covered;
  for (const auto &st : run.staticCallSites) {
    const std::optional<CallLineMeasure> line = measuredAt(profile, st);
    json entry = {{"path", st.path}, {"line", st.line}, {"column", st.column}, {"callee", st.callee},
                  {"function", st.function}, {"workload", st.workload}, {"detail", st.detail},
                  {"recommendation", st.recommendation}, {"confidence", st.confidence}};
    if (!line) {
      entry["measured"] = {{"calls", 0}, {"wall_s", 0}, {"cpu_s", 0}, {"cpu_util", nullptr},
                           {"voluntary_switches", nullptr}, {"involuntary_switches", nullptr},
                           {"verdict", verdictJson<json>(verdictFor(st.workload, "unknown", false))},
                           {"measured_workload", "unknown"}};
      sites.push_back(entry);
      continue;
    }
    covered.insert({shownPath(line->file), line->line});
    const std::string workload = measuredWorkload(line->cpuSeconds, line->wallSeconds());
    json blocked = json::object();
    for (const auto &[kind, sec] : line->blockedSeconds) blocked[kind] = rounded(sec);
    entry["measured"] = {{"calls", nullptr},
                         {"wall_s", rounded(line->wallSeconds())},
                         {"cpu_s", rounded(line->cpuSeconds)},
                         {"cpu_util", line->wallSeconds() > 0 ? json(rounded(line->cpuSeconds / line->wallSeconds())) : json(nullptr)},
                         {"voluntary_switches", nullptr},
                         {"involuntary_switches", nullptr},
                         {"verdict", verdictJson<json>(verdictFor(st.workload, workload))},
                         {"measured_workload", workload},
                         {"samples", line->samples},
                         {"blocking_calls", line->blockingCalls},
                         {"blocked_s", blocked}};
    sites.push_back(entry);
  }
  for (const auto &c : profile.callSites) {
    const std::string path = c.file.empty() ? "" : shownPath(c.file);
    if (covered.count({path, c.line})) continue;
    json measured = {{"calls", c.calls},
                     {"wall_s", rounded(c.blockedSeconds)},
                     {"cpu_s", nullptr},
                     {"cpu_util", nullptr},
                     {"voluntary_switches", nullptr},
                     {"involuntary_switches", nullptr},
                     {"verdict", nullptr},
                     {"measured_workload", "io"},
                     {"measured_detail", "io:" + c.kind},
                     {"blocked_s", {{c.kind, rounded(c.blockedSeconds)}}},
                     {"libc_call", c.callee}};
    if (!c.via.empty()) measured["via"] = c.via;
    json entry = {{"path", path}, {"line", c.line}, {"column", nullptr}, {"callee", c.via.empty() ? c.callee : c.via},
                  {"function", c.function}, {"workload", nullptr}, {"detail", nullptr}, {"recommendation", nullptr},
                  {"confidence", nullptr}};
    entry["measured"] = measured;
    sites.push_back(entry);
  }
  doc["call_sites"] = sites;
  doc["findings"] = json::array();
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace boundwise::native
