#include <nlohmann/json.hpp>

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

Json evidenceJson(const std::vector<Evidence> &chain) {
  Json a = Json::array();
  for (const Evidence &e : chain) a.push_back({{"path", e.path}, {"line", e.line}, {"message", e.message}});
  return a;
}

}  // namespace

void renderJson(const CheckResult &r, const RenderOptions &, std::ostream &os) {
  const Target &t = r.analysis.target;
  Json out;
  out["tool"] = {{"name", "boundwise"}, {"version", BOUNDWISE_VERSION}};
  out["target"] = {{"python", std::to_string(t.pythonMajor) + "." + std::to_string(t.pythonMinor)},
                   {"free_threaded", t.freeThreaded}};
  Json functions = Json::array(), calls = Json::array();
  if (r.program) {
    const Program &p = *r.program;
    for (size_t f = 0; f < p.files.size(); ++f) {
      const FileModel &fm = p.files[f];
      const std::vector<std::string> ids = functionIds(fm);
      for (size_t i = 0; i < fm.functions.size(); ++i) {
        const FunctionFact &fn = fm.functions[i];
        const Verdict &v = r.analysis.summary(int(f), int(i)).overall;
        functions.push_back({{"id", ids[i]},
                             {"path", fm.path},
                             {"line", fn.loc.line},
                             {"language", "python"},
                             {"workload", toString(workloadOf(v.detail))},
                             {"detail", toString(v.detail)},
                             {"confidence", roundConfidence(v.confidence)},
                             {"evidence", evidenceJson(v.evidence)}});
      }
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const Verdict &v = r.analysis.callVerdicts[f][c];
        if (!v.known()) continue;
        const CallFact &call = fm.calls[c];
        const bool inAsync = call.function >= 0 && fm.functions[call.function].isAsync;
        calls.push_back({{"path", fm.path},
                         {"line", call.loc.line},
                         {"column", call.loc.column},
                         {"callee", p.calls[f][c].name},
                         {"function", call.function >= 0 ? ids[call.function] : fm.path + "::<module>"},
                         {"workload", toString(workloadOf(v.detail))},
                         {"detail", toString(v.detail)},
                         {"recommendation", toString(recommendFor(v.detail, inAsync, t))},
                         {"confidence", roundConfidence(v.confidence)}});
      }
    }
  }
  out["functions"] = std::move(functions);
  out["call_sites"] = std::move(calls);
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
  }
  out["findings"] = std::move(findings);
  Json problems = Json::array();
  for (const InputProblem &p : r.problems)
    problems.push_back({{"path", p.path}, {"line", p.line}, {"column", p.column}, {"message", p.message}});
  out["errors"] = std::move(problems);
  os << out.dump(2) << "\n";
}

}  // namespace boundwise
