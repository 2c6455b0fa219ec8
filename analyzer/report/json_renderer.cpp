#include <nlohmann/json.hpp>

#include <algorithm>
#include <thread>
#include <unordered_map>

#include "analyzer/report/renderer.h"

namespace boundwise {
namespace {

using Json = nlohmann::ordered_json;

// `path::qualname`, made unique where Python's qualnames repeat (two lambdas in one function,
// a function redefined under a condition) by the line: `path::f.<locals>.<lambda>@12`.
std::vector<std::string> functionIds(const FileModel &fm) {
  std::unordered_map<std::string, int> count;
  for (const auto &fn : fm.functions) ++count[fn.qualname];
  std::vector<std::string> ids;
  ids.reserve(fm.functions.size());
  for (const auto &fn : fm.functions) {
    std::string id = fm.path + "::" + fn.qualname;
    if (count[fn.qualname] > 1) id += "@" + std::to_string(fn.loc.line);
    ids.push_back(std::move(id));
  }
  return ids;
}

template <typename Chain>  // std::vector<Evidence> (a finding's) or EvidenceChain (a verdict's)
Json evidenceJson(const Chain &chain) {
  Json a = Json::array();
  for (const Evidence &e : chain) a.push_back({{"path", e.path}, {"line", e.line}, {"message", e.message}});
  return a;
}

// A saved profile's figures on a finding (check --profile), as `profile` writes them.
Json measurementJson(const FindingMeasurement &m) {
  Json j = {{"calls", m.calls},         {"wall_s", m.wallSeconds}, {"cpu_s", m.cpuSeconds},
            {"cpu_util", m.cpuUtil},    {"verdict", m.verdict},
            {"measured_workload", m.measuredWorkload.empty() ? Json(nullptr) : Json(m.measuredWorkload)},
            {"measured_recommendation", m.recommendation}};
  if (!m.scaling.empty()) {
    Json rows = Json::array();
    for (const auto &r : m.scaling)
      rows.push_back({{"mode", r.mode}, {"workers", r.workers}, {"seconds", r.seconds}, {"speedup", r.speedup}});
    j["scaling"] = rows;
  }
  if (!m.replayNote.empty()) j["replay_note"] = m.replayNote;
  return j;
}

// Each element dumped as nlohmann would print it inside the document: indented by `depth`
// levels of two spaces.
std::string dumpNested(const Json &value, int depth) {
  // Invalid UTF-8 in a file name must not stop the report: replace it, like the SARIF renderer.
  std::string text = value.dump(2, ' ', false, Json::error_handler_t::replace);
  std::string pad(size_t(depth) * 2, ' ');
  std::string out = pad;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

// The function and call-site entries of a range of files, as text. Large programs have
// hundreds of thousands of entries, so ranges are rendered on several threads.
struct FileChunk {
  std::vector<std::string> functions, calls;
};

void renderFiles(const CheckResult &r, size_t begin, size_t end, std::vector<FileChunk> &chunks) {
  const Program &p = *r.program;
  const Target &t = r.analysis.target;
  for (size_t f = begin; f < end; ++f) {
    const FileModel &fm = p.files[f];
    FileChunk &chunk = chunks[f];
    const std::vector<std::string> ids = functionIds(fm);
    for (size_t i = 0; i < fm.functions.size(); ++i) {
      const FunctionFact &fn = fm.functions[i];
      const Verdict &v = r.analysis.summary(int(f), int(i)).overall;
      chunk.functions.push_back(dumpNested({{"id", ids[i]},
                                            {"path", fm.path},
                                            {"line", fn.loc.line},
                                            {"language", fm.language == Language::Cpp ? "cpp" : "python"},
                                            {"workload", toString(workloadOf(v.detail))},
                                            {"detail", toString(v.detail)},
                                            {"confidence", roundConfidence(v.confidence)},
                                            {"evidence", evidenceJson(v.evidence)}},
                                           2));
    }
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const Verdict &v = r.analysis.callVerdicts[f][c];
      if (!v.known()) continue;
      const CallFact &call = fm.calls[c];
      const bool inAsync = call.function >= 0 && fm.functions[call.function].isAsync;
      chunk.calls.push_back(dumpNested({{"path", fm.path},
                                        {"line", call.loc.line},
                                        {"column", call.loc.column},
                                        {"callee", p.calls[f][c].name},
                                        {"function", call.function >= 0 ? ids[call.function] : fm.path + "::<module>"},
                                        {"workload", toString(workloadOf(v.detail))},
                                        {"detail", toString(v.detail)},
                                        {"recommendation", toString(recommendFor(v.detail, inAsync, t))},
                                        {"confidence", roundConfidence(v.confidence)},
                                        {"language", fm.language == Language::Cpp ? "cpp" : "python"}},
                                       2));
    }
  }
}

void writeArray(std::ostream &os, const char *key, const std::vector<FileChunk> &chunks,
                std::vector<std::string> FileChunk::*member, bool last) {
  os << "  \"" << key << "\": [";
  bool first = true;
  for (const FileChunk &chunk : chunks)
    for (const std::string &item : chunk.*member) {
      os << (first ? "\n" : ",\n") << item;
      first = false;
    }
  os << (first ? "]" : "\n  ]") << (last ? "\n" : ",\n");
}

}  // namespace

void renderJson(const CheckResult &r, const RenderOptions &, std::ostream &os) {
  const Target &t = r.analysis.target;
  std::vector<FileChunk> chunks;
  if (r.program) {
    const size_t files = r.program->files.size();
    chunks.resize(files);
    const size_t threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    const size_t per = (files + threads - 1) / threads;
    for (size_t begin = per; begin < files; begin += per)
      workers.emplace_back(renderFiles, std::cref(r), begin, std::min(files, begin + per), std::ref(chunks));
    renderFiles(r, 0, std::min(files, per), chunks);
    for (auto &w : workers) w.join();
  }
  Json findings = Json::array();
  for (const Finding &f : r.findings) {
    findings.push_back({{"code", f.code},
                        {"name", f.name},
                        {"severity", toString(f.severity)},
                        {"path", f.path},
                        {"line", f.loc.line},
                        {"column", f.loc.column},
                        {"end_line", f.loc.endLine},
                        {"end_column", f.loc.endColumn},
                        {"message", f.message},
                        {"workload", toString(f.workload)},
                        {"recommendation", toString(f.recommendation)},
                        {"help", f.help},
                        {"evidence", evidenceJson(f.evidence)}});
    if (f.measured) findings.back()["measured"] = measurementJson(*f.measured);
  }
  Json problems = Json::array();
  for (const InputProblem &p : r.problems)
    problems.push_back({{"path", p.path}, {"line", p.line}, {"column", p.column}, {"message", p.message}});

  const Json tool = {{"name", "boundwise"}, {"version", BOUNDWISE_VERSION}};
  const Json target = {{"python", std::to_string(t.pythonMajor) + "." + std::to_string(t.pythonMinor)},
                       {"free_threaded", t.freeThreaded}};
  auto member = [&](const char *key, const Json &value, bool last) {
    std::string text = dumpNested(value, 1);
    os << "  \"" << key << "\": " << text.substr(2) << (last ? "\n" : ",\n");
  };
  os << "{\n";
  member("tool", tool, false);
  member("target", target, false);
  writeArray(os, "functions", chunks, &FileChunk::functions, false);
  writeArray(os, "call_sites", chunks, &FileChunk::calls, false);
  member("findings", findings, false);
  member("errors", problems, true);
  os << "}\n";
}

}  // namespace boundwise
