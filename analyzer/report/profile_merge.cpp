#include "analyzer/report/profile_merge.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace boundwise {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string absoluteFrom(const std::string &base, const std::string &path) {
  fs::path p(path);
  if (p.is_relative()) p = fs::path(base) / p;
  return p.lexically_normal().string();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string workloadWord(const std::string &w) {
  if (w == "cpu") return "CPU-bound";
  if (w == "io") return "I/O-bound";
  return "mixed";
}

// "threads 1.02x, processes 1.87x at 2 workers": the best of each executor at the largest count.
std::string scalingSummary(const std::vector<MeasuredScaling> &rows) {
  int most = 0;
  for (const auto &r : rows) most = std::max(most, r.workers);
  std::string s;
  for (const auto &r : rows) {
    if (r.mode == "sequential" || r.workers != most) continue;
    s += (s.empty() ? "" : ", ") + r.mode + " " + fixed(r.speedup, 2) + "x";
  }
  return s.empty() ? s : s + " at " + std::to_string(most) + " workers";
}

}  // namespace

bool mergeProfile(CheckResult &result, const std::string &path, ProfileMergeSummary &summary, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read the profile '" + path + "'";
    return false;
  }
  Json doc;
  try {
    doc = Json::parse(in);
  } catch (const std::exception &e) {
    error = path + ": not a JSON profile report: " + e.what();
    return false;
  }
  if (!doc.is_object() || !doc.contains("profile") || !doc.contains("call_sites") || !doc["call_sites"].is_array()) {
    error = path + ": not a profile report (write one with `boundwise profile -o " + path + " -- COMMAND`)";
    return false;
  }
  const std::string base = doc["profile"].value("cwd", fs::current_path().string());
  const std::string here = fs::current_path().string();

  // path:line -> the call site measured longest on that line.
  std::map<std::pair<std::string, int>, FindingMeasurement> measured;
  std::map<std::pair<std::string, int>, double> longest;
  try {
    for (const Json &site : doc["call_sites"]) {
      if (!site.contains("measured")) continue;
      const Json &m = site["measured"];
      const auto key = std::make_pair(absoluteFrom(base, site.at("path").get<std::string>()), site.at("line").get<int>());
      const double wall = m.value("wall_s", 0.0);
      if (longest.count(key) && longest[key] >= wall) continue;
      longest[key] = wall;
      FindingMeasurement f;
      f.calls = m.value("calls", uint64_t(0));
      f.wallSeconds = wall;
      f.cpuSeconds = m.value("cpu_s", 0.0);
      f.cpuUtil = m.value("cpu_util", 0.0);
      f.verdict = m.value("verdict", "");
      if (m.contains("measured_workload") && m["measured_workload"].is_string()) f.measuredWorkload = m["measured_workload"];
      f.recommendation = m.value("measured_recommendation", "none");
      if (site.contains("scaling"))
        for (const Json &r : site["scaling"])
          f.scaling.push_back({r.at("mode").get<std::string>(), r.at("workers").get<int>(), r.at("seconds").get<double>(),
                               r.at("speedup").get<double>()});
      f.replayNote = site.value("replay_note", "");
      measured[key] = std::move(f);
    }
  } catch (const std::exception &e) {
    error = path + ": malformed call site in the profile report: " + e.what();
    return false;
  }

  for (Finding &finding : result.findings) {
    auto it = measured.find({absoluteFrom(here, finding.path), finding.loc.line});
    if (it == measured.end()) continue;
    const FindingMeasurement &m = it->second;
    finding.measured = m;
    const std::string figures = "on-CPU share " + fixed(m.cpuUtil, 2) + " over " + std::to_string(m.calls) + " call" +
                                (m.calls == 1 ? "" : "s") + ", " + fixed(m.wallSeconds, 3) + " s";
    const std::string scaling = scalingSummary(m.scaling);
    if (m.verdict == "confirmed") {
      ++summary.confirmed;
      finding.message += " (confirmed by measurement: " + figures + (scaling.empty() ? "" : "; " + scaling) + ")";
    } else if (m.verdict == "refuted") {
      ++summary.refuted;
      finding.message += " (refuted by measurement: " + workloadWord(m.measuredWorkload) + " when run, " + figures +
                         (scaling.empty() ? "" : "; " + scaling) + ")";
    } else {
      ++summary.other;
    }
  }
  return true;
}

}  // namespace boundwise
