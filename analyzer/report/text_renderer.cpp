#include <cmath>
#include <map>

#include "analyzer/core/inert_text.h"
#include "analyzer/report/renderer.h"

namespace boundwise {

double roundConfidence(double c) { return std::round(c * 100.0) / 100.0; }

namespace {

struct Style {
  bool on;
  const char *bold() const { return on ? "\033[1m" : ""; }
  const char *red() const { return on ? "\033[1;31m" : ""; }
  const char *yellow() const { return on ? "\033[1;33m" : ""; }
  const char *cyan() const { return on ? "\033[1;36m" : ""; }
  const char *dim() const { return on ? "\033[2m" : ""; }
  const char *reset() const { return on ? "\033[0m" : ""; }
  const char *severity(Severity s) const { return s == Severity::Error ? red() : s == Severity::Warning ? yellow() : cyan(); }
};

// File names, identifiers, source text and the messages that quote them come from the analysed
// tree: shown inert (inert_text.h), so they cannot drive the terminal or start a line of their own.
std::string loc(const std::string &path, int line, int column) {
  std::string s = inertText(path);
  if (line > 0) s += ":" + std::to_string(line);
  if (column > 0) s += ":" + std::to_string(column);
  return s;
}

void renderCallSites(const CheckResult &r, const Style &st, std::ostream &os) {
  const Program &p = *r.program;
  os << st.bold() << "Call sites" << st.reset() << "\n";
  size_t shown = 0;
  for (size_t f = 0; f < p.files.size(); ++f) {
    const FileModel &fm = p.files[f];
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const Verdict &v = r.analysis.callVerdicts[f][c];
      if (!v.known()) continue;
      const CallFact &call = fm.calls[c];
      const bool inAsync = call.function >= 0 && fm.functions[call.function].isAsync;
      const Recommendation rec = recommendFor(v.detail, inAsync, r.analysis.target);
      os << "  " << loc(fm.path, call.loc.line, call.loc.column) << ": " << st.bold() << inertText(call.calleeText)
         << st.reset() << "  " << toString(v.detail) << " (" << roundConfidence(v.confidence) << ") -> " << toString(rec);
      if (!v.evidence.empty()) os << st.dim() << "  [" << inertText(v.evidence.back().message) << "]" << st.reset();
      os << "\n";
      ++shown;
    }
  }
  if (shown == 0) os << "  (no call site with a known workload)\n";
  os << "\n";
}

}  // namespace

void renderText(const CheckResult &r, const RenderOptions &o, std::ostream &os) {
  const Style st{o.color};
  if (o.showCallSites && r.program) renderCallSites(r, st, os);
  std::map<Severity, int> counts;
  for (const Finding &f : r.findings) {
    ++counts[f.severity];
    os << st.bold() << loc(f.path, f.loc.line, f.loc.column) << ": " << st.reset() << st.severity(f.severity)
       << toString(f.severity) << ": " << st.reset() << inertText(f.message) << " [" << f.code << "]\n";
    for (const Evidence &e : f.evidence)
      os << "  " << loc(e.path, e.line, e.column) << ": note: " << inertText(e.message) << "\n";
    if (f.recommendation != Recommendation::None)
      os << "  = recommendation: " << toString(f.recommendation) << "\n";
    if (!f.help.empty()) os << "  = help: " << inertText(f.help) << "\n";
  }
  if (o.quiet) return;
  const size_t total = r.findings.size();
  os << (total ? "\n" : "") << "Found " << total << (total == 1 ? " finding" : " findings");
  if (total)
    os << " (" << counts[Severity::Error] << " error" << (counts[Severity::Error] == 1 ? "" : "s") << ", "
       << counts[Severity::Warning] << " warning" << (counts[Severity::Warning] == 1 ? "" : "s") << ", "
       << counts[Severity::Info] << " info)";
  os << " in " << r.filesAnalyzed << (r.filesAnalyzed == 1 ? " file" : " files");
  if (!r.problems.empty()) os << "; " << r.problems.size() << " input problem" << (r.problems.size() == 1 ? "" : "s") << " (see above)";
  os << ".\n";
}

}  // namespace boundwise
