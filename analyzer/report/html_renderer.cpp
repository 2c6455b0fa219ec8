#include "analyzer/report/html_renderer.h"
#include "analyzer/report/html_scaling_charts.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/core/embedded.h"
#include "analyzer/core/inert_text.h"
#include "analyzer/core/source_lines.h"

namespace boundwise {
namespace {

constexpr const char *kRuleDocBase = "https://github.com/boundwise/boundwise/blob/main/docs/rules/";
constexpr int kContextLines = 2;

// Light by default, dark when the reader's system asks for it; system fonts only, so the page
// loads nothing.
constexpr const char *kStyle = R"(
:root { --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --hit: #fff8c5; --link: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --hit: #3b2e00; --link: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--border); padding-bottom: 4px; margin-top: 32px; }
a { color: var(--link); }
code, .loc, .excerpt { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
.meta { color: var(--muted); margin: 0; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--border); border-radius: 6px; padding: 8px 16px; background: var(--panel); }
.totals strong { font-size: 1.4em; display: block; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border: 1px solid var(--border); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.finding { border: 1px solid var(--border); border-left: 4px solid var(--info); border-radius: 6px;
  padding: 12px 16px; margin: 16px 0; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding header { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; }
.severity { font-weight: 700; text-transform: uppercase; font-size: 0.8em; }
.error .severity { color: var(--error); }
.warning .severity { color: var(--warning); }
.info .severity { color: var(--info); }
.code { font-weight: 700; }
.name, .loc, .facts { color: var(--muted); }
.message { margin: 8px 0; }
.help { margin: 8px 0; }
.excerpt { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 6px 0;
  overflow-x: auto; margin: 8px 0; }
.excerpt div { white-space: pre; tab-size: 4; padding: 0 12px; }
.excerpt .hit { background: var(--hit); }
.excerpt .ln { display: inline-block; min-width: 4ch; margin-right: 12px; text-align: right; color: var(--muted);
  user-select: none; }
.evidence { margin: 4px 0 0; padding-left: 24px; }
.problems li { margin: 4px 0; }
.empty { color: var(--muted); }
)";

// Text from the analysed tree is HTML-escaped, and its control characters, bidirectional
// overrides and bytes that are not UTF-8 are shown as escapes (inert_text.h), as in the text
// format: a reader sees the name or line as it is. Source lines keep their tabs.
std::string escape(std::string_view text) { return htmlEscape(inertText(text)); }
std::string escapeSourceLine(std::string_view text) { return htmlEscape(inertText(text, /*keepTab=*/true)); }

std::string location(const std::string &path, int line, int column) {
  std::string s = path;
  if (line > 0) s += ":" + std::to_string(line);
  if (column > 0) s += ":" + std::to_string(column);
  return s;
}

std::string plural(size_t n, const char *word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Codes with a page under docs/rules/: only those get a link (a project rule's code has none).
const std::set<std::string> &documentedCodes() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> s;
    for (const auto &doc : bundledRuleDocs()) {
      std::string name(doc.name);
      if (name.size() > 3 && name.compare(name.size() - 3, 3, ".md") == 0) s.insert(name.substr(0, name.size() - 3));
    }
    return s;
  }();
  return codes;
}

std::string codeLink(const std::string &code) {
  if (!documentedCodes().count(code)) return "<span class=\"code\">" + escape(code) + "</span>";
  return "<a class=\"code\" href=\"" + escape(kRuleDocBase + code + ".md") + "\">" + escape(code) + "</a>";
}

void renderOverview(const CheckResult &r, std::ostream &os) {
  std::map<Severity, size_t> bySeverity;
  std::map<std::string, std::pair<std::string, size_t>> byCode;  // code -> name, count
  std::map<std::string, std::pair<size_t, size_t>> byFile;      // path -> first finding, count
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding &f = r.findings[i];
    ++bySeverity[f.severity];
    auto &code = byCode[f.code];
    code.first = f.name;
    ++code.second;
    auto [file, added] = byFile.try_emplace(f.path, i, 0);
    ++file->second.second;
  }
  os << "<section id=\"overview\">\n<h2>Overview</h2>\n<ul class=\"totals\">\n";
  os << "<li><strong>" << r.findings.size() << "</strong>" << (r.findings.size() == 1 ? "finding" : "findings") << "</li>\n";
  os << "<li><strong>" << bySeverity[Severity::Error] << "</strong>" << (bySeverity[Severity::Error] == 1 ? "error" : "errors") << "</li>\n";
  os << "<li><strong>" << bySeverity[Severity::Warning] << "</strong>" << (bySeverity[Severity::Warning] == 1 ? "warning" : "warnings") << "</li>\n";
  os << "<li><strong>" << bySeverity[Severity::Info] << "</strong>info</li>\n";
  os << "<li><strong>" << r.filesAnalyzed << "</strong>" << (r.filesAnalyzed == 1 ? "file analysed" : "files analysed") << "</li>\n";
  os << "<li><strong>" << r.problems.size() << "</strong>" << (r.problems.size() == 1 ? "input problem" : "input problems") << "</li>\n";
  os << "</ul>\n";
  if (r.findings.empty()) {
    os << "</section>\n";
    return;
  }
  os << "<div class=\"tables\">\n<table id=\"by-code\">\n<caption>Findings by code</caption>\n"
     << "<thead><tr><th>Code</th><th>Name</th><th>Findings</th></tr></thead>\n<tbody>\n";
  for (const auto &[code, entry] : byCode)
    os << "<tr><td>" << codeLink(code) << "</td><td>" << escape(entry.first) << "</td><td class=\"num\">" << entry.second
       << "</td></tr>\n";
  os << "</tbody>\n</table>\n<table id=\"by-file\">\n<caption>Findings by file</caption>\n"
     << "<thead><tr><th>File</th><th>Findings</th></tr></thead>\n<tbody>\n";
  for (const auto &[path, entry] : byFile)
    os << "<tr><td><a class=\"loc\" href=\"#finding-" << entry.first + 1 << "\">" << escape(path)
       << "</a></td><td class=\"num\">" << entry.second << "</td></tr>\n";
  os << "</tbody>\n</table>\n</div>\n</section>\n";
}

void renderProblems(const CheckResult &r, std::ostream &os) {
  if (r.problems.empty()) return;
  os << "<section id=\"problems\">\n<h2>Input problems</h2>\n"
     << "<p>These inputs could not be analysed, or only in part; the exit code is 2.</p>\n<ul class=\"problems\">\n";
  for (const InputProblem &p : r.problems)
    os << "<li><span class=\"loc\">" << escape(location(p.path, p.line, p.column)) << "</span>: " << escape(p.message)
       << "</li>\n";
  os << "</ul>\n</section>\n";
}

// The flagged line with up to two lines either side; nothing when the file cannot be read again.
void renderExcerpt(const Finding &f, SourceLines &lines, std::ostream &os) {
  if (f.loc.line < 1) return;
  const int first = std::max(1, f.loc.line - kContextLines);
  int last = f.loc.line + kContextLines;
  // SourceLines answers "" past the end of the file: drop those trailing lines.
  while (last > f.loc.line && lines.line(f.path, last).empty()) --last;
  bool any = false;
  for (int n = first; n <= last; ++n) any |= !lines.line(f.path, n).empty();
  if (!any) return;
  os << "<div class=\"excerpt\">\n";
  for (int n = first; n <= last; ++n)
    os << "<div" << (n == f.loc.line ? " class=\"hit\"" : "") << "><span class=\"ln\">" << n << "</span>"
       << escapeSourceLine(lines.line(f.path, n)) << "</div>\n";
  os << "</div>\n";
}

void renderFinding(const Finding &f, size_t index, SourceLines &lines, std::ostream &os) {
  const std::string severity(toString(f.severity));
  os << "<article class=\"finding " << severity << "\" id=\"finding-" << index + 1 << "\">\n<header>"
     << "<span class=\"severity\">" << severity << "</span> " << codeLink(f.code) << " <span class=\"name\">"
     << escape(f.name) << "</span> <span class=\"loc\">" << escape(location(f.path, f.loc.line, f.loc.column))
     << "</span></header>\n";
  os << "<p class=\"message\">" << escape(f.message) << "</p>\n";
  renderExcerpt(f, lines, os);
  if (!f.help.empty()) os << "<p class=\"help\"><strong>Help:</strong> " << escape(f.help) << "</p>\n";
  os << "<p class=\"facts\">workload <code>" << escape(toString(f.workload)) << "</code>";
  if (f.recommendation != Recommendation::None)
    os << " · recommendation <code>" << escape(toString(f.recommendation)) << "</code>";
  os << "</p>\n";
  if (!f.evidence.empty()) {
    os << "<details open>\n<summary>Evidence</summary>\n<ol class=\"evidence\">\n";
    for (const Evidence &e : f.evidence)
      os << "<li><span class=\"loc\">" << escape(location(e.path, e.line, e.column)) << "</span>: " << escape(e.message)
         << "</li>\n";
    os << "</ol>\n</details>\n";
  }
  os << measuredSectionHtml(f);
  os << "</article>\n";
}

std::string page(const CheckResult &r) {
  const Target &t = r.analysis.target;
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<meta name=\"color-scheme\" content=\"light dark\">\n"
     // The page runs no script and loads nothing: say so, so that a browser refuses both even if
     // some text from the analysed tree were ever left unescaped.
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
     << "<title>boundwise report</title>\n<style>" << kStyle << kScalingChartCss << "</style>\n</head>\n<body>\n<main>\n"
     << "<h1>boundwise report</h1>\n<p class=\"meta\">boundwise " << escape(BOUNDWISE_VERSION)
     << " · target Python <span id=\"target\">" << t.pythonMajor << "." << t.pythonMinor
     << (t.freeThreaded ? " (free-threaded)" : "") << "</span> · " << plural(r.filesAnalyzed, "file") << " analysed</p>\n";
  renderOverview(r, os);
  renderProblems(r, os);
  os << "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (r.findings.empty()) os << "<p class=\"empty\">No findings.</p>\n";
  SourceLines lines;
  for (size_t i = 0; i < r.findings.size(); ++i) renderFinding(r.findings[i], i, lines, os);
  os << "</section>\n</main>\n</body>\n</html>\n";
  return os.str();
}

}  // namespace

bool prepareHtmlDir(const std::string &outputDir, std::string &error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(outputDir, ec)) fs::create_directories(outputDir, ec);
  if (ec) {
    error = "cannot create the report folder '" + outputDir + "': " + ec.message();
    return false;
  }
  if (!fs::is_directory(outputDir, ec)) {
    error = "cannot write the HTML report to '" + outputDir + "': not a folder (--format html writes DIR/index.html)";
    return false;
  }
  if (access(outputDir.c_str(), W_OK) != 0) {
    error = "cannot write the report to '" + outputDir + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

void renderHtml(const CheckResult &r, const RenderOptions &, const std::string &outputDir, std::string &error) {
  const std::string path = (std::filesystem::path(outputDir) / "index.html").string();
  const std::string html = page(r);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    error = "cannot write the report to '" + path + "': " + std::strerror(errno);
    return;
  }
  file << html;
  file.close();
  if (!file) error = "writing the report to '" + path + "' failed";
}

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace boundwise
