// GitHub Actions workflow commands: each finding becomes an annotation on the pull request,
// `::warning file=P,line=L,col=C,endLine=EL,endColumn=EC,title=T::message`. No other output:
// every line that is not a command would only be noise in the job log.
#include <algorithm>
#include <string>
#include <string_view>

#include "analyzer/core/inert_text.h"
#include "analyzer/report/renderer.h"

namespace boundwise {
namespace {

std::string_view command(Severity s) {
  switch (s) {
    case Severity::Info: return "notice";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

// The runner's escaping (actions/toolkit, command.ts): the message may not contain raw line
// breaks, and '%' starts an escape.
std::string escapeData(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

// Property values end at ',' and the properties at "::", so both are escaped too. The runner
// decodes CR and LF back, so `file=` names the real file; what the runner leaves as it is (ESC
// and the other controls, bytes that are not UTF-8) is made inert, as the job log would show it
// raw.
std::string escapeProperty(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : escapeData(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return inertText(out);
}

// A message is text from the analysed tree (names, quoted source): inert, so a line break in it
// shows as `\n` and cannot end the command; the line breaks boundwise puts between parts of
// the message are the runner's `%0A`.
std::string messageData(std::string_view message, std::string_view help = {}) {
  std::string text = inertText(message);
  if (!help.empty()) text += "\nhelp: " + inertText(help);
  return escapeData(text);
}

void annotate(std::ostream &os, const Finding &f) {
  // The same normalisation as SARIF: 1-based, and a range never ends before it starts.
  const int line = std::max(1, f.loc.line);
  const int col = std::max(1, f.loc.column);
  const int endLine = std::max(line, f.loc.endLine);
  int endCol = f.loc.endColumn > 0 ? f.loc.endColumn : (endLine == line ? col : 1);
  if (endLine == line) endCol = std::max(endCol, col);
  os << "::" << command(f.severity) << " file=" << escapeProperty(f.path) << ",line=" << line << ",col=" << col
     << ",endLine=" << endLine << ",endColumn=" << endCol << ",title=" << escapeProperty(f.code + " (" + f.name + ")")
     << "::" << messageData(f.message, f.help) << "\n";
}

void annotate(std::ostream &os, const InputProblem &p) {
  os << "::error file=" << escapeProperty(p.path);
  if (p.line > 0) os << ",line=" << p.line;
  if (p.column > 0) os << ",col=" << p.column;
  os << ",title=boundwise::" << messageData(p.message) << "\n";
}

}  // namespace

void renderGithub(const CheckResult &r, const RenderOptions &, std::ostream &os) {
  // Input problems first, as on standard error: they make the run fail (exit code 2).
  for (const InputProblem &p : r.problems) annotate(os, p);
  for (const Finding &f : r.findings) annotate(os, f);
}

}  // namespace boundwise
