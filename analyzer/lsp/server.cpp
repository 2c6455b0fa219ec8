#include "analyzer/lsp/server.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "analyzer/cli/config.h"
#include "analyzer/core/file_discovery.h"
#include "analyzer/core/finding.h"
#include "analyzer/core/inert_text.h"
#include "analyzer/core/pipeline.h"
#include "analyzer/core/source_lines.h"
#include "analyzer/lsp/protocol.h"
#include "analyzer/lsp/transport.h"

namespace boundwise {
namespace {

using lsp::json;
using lsp::PositionEncoding;

const std::string kRuleDocsBase = "https://github.com/boundwise/boundwise/blob/main/docs/rules/";
// The one work-done progress the server reports: the first analysis of the workspace.
const json kProgressToken = "boundwise/analysis";
const json kProgressRequestId = "boundwise/progress/create";

// Editing one of these changes the analysis options (config.h), not the analysed code.
bool isConfigFile(const std::string &path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name == "pyproject.toml" || name == ".boundwise.yaml";
}

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string absolutePath(const std::string &path) {
  std::error_code ec;
  return std::filesystem::absolute(path, ec).lexically_normal().generic_string();
}

int lspSeverity(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Info: return 3;
  }
  return 2;
}

struct Document {
  std::string path;  // absolute
  std::string text;
  std::vector<std::string> lines;
};

// One published diagnostic with the finding it came from, for code actions.
struct Published {
  Finding finding;
  lsp::Diagnostic diagnostic;
};

class LanguageServer {
 public:
  LanguageServer(std::istream &in, std::ostream &out) : transport_(in, out) {}
  int run();

 private:
  enum class State { Uninitialized, Running, ShutDown };

  void onRequest(const std::string &method, const json &id, const json &params);
  void onNotification(const std::string &method, const json &params);
  void onResponse(const lsp::Incoming &);
  json initialize(const json &params);
  json codeActions(const lsp::CodeActionParams &);
  std::optional<std::string> configStart() const;
  void loadConfig();
  CheckOptions checkOptions();
  void showErrorOnce(const std::string &message);
  size_t analyzeAndPublish();
  const std::string &lineOf(const std::string &displayedPath, int line);
  lsp::Diagnostic toDiagnostic(const Finding &);
  lsp::Diagnostic problemDiagnostic(const InputProblem &);
  lsp::Range rangeOn(const std::string &displayedPath, int line, int column, int endLine, int endColumn);
  // Messages quote paths, source and client input: inert, one line each (inert_text.h).
  void log(const std::string &message) { std::cerr << "boundwise lsp: " << inertText(message) << "\n"; }

  lsp::Transport transport_;
  State state_ = State::Uninitialized;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  std::optional<std::string> root_;  // absolute workspace folder
  Target target_;
  bool clientChoseVersion_ = false;  // initializationOptions.pythonVersion beats the config file
  bool clientShowsProgress_ = false;
  bool progressRequested_ = false;  // window/workDoneProgress/create sent, no reply yet
  // The configuration file in effect, re-read when it may have changed or the folder it is
  // looked up from changed.
  bool configStale_ = true;
  std::optional<std::string> configStart_;
  std::optional<FileConfig> config_;
  std::set<std::string> shownErrors_;
  std::map<std::string, Document> documents_;  // by URI
  std::map<std::string, std::string> uriByDisplayPath_;
  std::map<std::string, std::vector<Published>> published_;  // by URI
  SourceLines diskLines_;
};

int LanguageServer::run() {
  while (true) {
    lsp::Incoming in = transport_.read();
    switch (in.kind) {
      case lsp::Incoming::Kind::Eof:
        if (!in.error.empty()) log(in.error);
        return state_ == State::ShutDown ? 0 : 1;
      case lsp::Incoming::Kind::Lost: log(in.error + "; stopping"); return 1;
      case lsp::Incoming::Kind::BadHeader: log(in.error + "; message skipped"); continue;
      case lsp::Incoming::Kind::BadBody:
        log(in.error);
        // JSON-RPC answers a parse error with a null id; an invalid request only when it had an id.
        if (in.errorCode == lsp::rpc::kParseError || !in.id.is_null()) transport_.replyError(in.id, in.errorCode, in.error);
        continue;
      case lsp::Incoming::Kind::Response: onResponse(in); continue;
      case lsp::Incoming::Kind::Message: break;
    }
    const std::string method = in.message["method"].get<std::string>();
    // A reference: a copy of a json value recurses once per level of nesting.
    static const json kNoParams = json::object();
    auto found = in.message.find("params");
    const json &params = found != in.message.end() ? *found : kNoParams;
    if (method == "exit") return state_ == State::ShutDown ? 0 : 1;
    // A bug in one handler must not take the editor's diagnostics down with it.
    try {
      if (in.message.contains("id")) {
        onRequest(method, in.id, params);
      } else {
        onNotification(method, params);
      }
    } catch (const std::exception &e) {
      log("internal error in '" + method + "': " + e.what());
      if (in.message.contains("id")) transport_.replyError(in.id, lsp::rpc::kInternalError, std::string("internal error: ") + e.what());
    }
  }
}

void LanguageServer::onRequest(const std::string &method, const json &id, const json &params) {
  if (method == "initialize") {
    if (state_ != State::Uninitialized) return transport_.replyError(id, lsp::rpc::kInvalidRequest, "initialize was already received");
    return transport_.reply(id, initialize(params));
  }
  if (state_ == State::Uninitialized)
    return transport_.replyError(id, lsp::rpc::kServerNotInitialized, "'" + method + "' before initialize");
  if (state_ == State::ShutDown)
    return transport_.replyError(id, lsp::rpc::kInvalidRequest, "'" + method + "' after shutdown");
  if (method == "shutdown") {
    state_ = State::ShutDown;
    return transport_.reply(id, nullptr);
  }
  if (method == "textDocument/codeAction") {
    lsp::CodeActionParams p;
    std::string error;
    if (!lsp::fromJSON(params, p, error)) return transport_.replyError(id, lsp::rpc::kInvalidParams, "codeAction: " + error);
    return transport_.reply(id, codeActions(p));
  }
  transport_.replyError(id, lsp::rpc::kMethodNotFound, "method '" + method + "' is not supported by boundwise");
}

void LanguageServer::onNotification(const std::string &method, const json &params) {
  if (state_ != State::Running) return;  // before initialize or after shutdown: dropped (LSP 3.17)
  std::string error;
  if (method == "textDocument/didOpen" || method == "textDocument/didChange") {
    lsp::TextDocumentItem item;
    bool ok = method == "textDocument/didOpen" ? lsp::fromDidOpen(params, item, error) : lsp::fromDidChange(params, item, error);
    if (!ok) return log(method + ": " + error);
    auto path = lsp::uriToPath(item.uri);
    if (!path) return log(method + ": '" + item.uri + "' is not a file:// URI; not analysed");
    if (isConfigFile(*path)) {  // read from disk like `check` does; it is not Python to analyse
      configStale_ = true;
      analyzeAndPublish();
      return;
    }
    Document &doc = documents_[item.uri];
    doc.path = absolutePath(*path);
    doc.lines = splitLines(item.text);
    doc.text = std::move(item.text);
    analyzeAndPublish();
    return;
  }
  if (method == "textDocument/didSave") {  // other files on disk may have changed
    std::string uri;
    if (!lsp::fromTextDocumentUri(params, uri, error)) log(method + ": " + error);
    if (auto path = lsp::uriToPath(uri); path && isConfigFile(*path)) configStale_ = true;
    analyzeAndPublish();
    return;
  }
  if (method == "initialized" && clientShowsProgress_) {
    // Progress may only be reported on a token the client has created: begin once it answers.
    progressRequested_ = true;
    return transport_.request(kProgressRequestId, "window/workDoneProgress/create", {{"token", kProgressToken}});
  }
  if (method == "textDocument/didClose") {
    std::string uri;
    if (!lsp::fromTextDocumentUri(params, uri, error)) return log(method + ": " + error);
    if (!documents_.erase(uri)) return;
    published_.erase(uri);
    transport_.notify("textDocument/publishDiagnostics", lsp::publishDiagnostics(uri, {}));
    analyzeAndPublish();
    return;
  }
  // initialized (without progress), $/cancelRequest (every request is answered at once), $/setTrace and anything
  // unknown: notifications need no answer.
}

void LanguageServer::onResponse(const lsp::Incoming &in) {
  if (!progressRequested_ || in.id != kProgressRequestId || state_ != State::Running) return;
  progressRequested_ = false;
  if (in.message.contains("error")) return log("the client refused the progress token: " + in.message["error"].dump());
  transport_.notify("$/progress", {{"token", kProgressToken},
                                   {"value", {{"kind", "begin"}, {"title", "boundwise: analysing the workspace"},
                                              {"cancellable", false}}}});
  size_t files = analyzeAndPublish();
  transport_.notify("$/progress", {{"token", kProgressToken},
                                   {"value", {{"kind", "end"}, {"message", "files analysed: " + std::to_string(files)}}}});
}

json LanguageServer::initialize(const json &params) {
  lsp::InitializeParams p;
  std::string error;
  if (!lsp::fromJSON(params, p, error)) log("initialize: " + error);
  if (p.rootUri) {
    if (auto path = lsp::uriToPath(*p.rootUri)) root_ = absolutePath(*path);
  }
  if (root_) {
    // Work where `boundwise check .` would run, so paths (and the configuration's exclude and
    // per-file-ignores globs, which match them) do not depend on where the editor started us.
    std::error_code ec;
    std::filesystem::current_path(*root_, ec);
    if (ec) log("cannot change to the workspace folder '" + *root_ + "': " + ec.message());
  }
  if (p.clientSupportsUtf8) encoding_ = PositionEncoding::Utf8;
  clientShowsProgress_ = p.workDoneProgress;
  if (p.pythonVersion) {
    int major = 0, minor = 0;
    char extra = 0;
    if (std::sscanf(p.pythonVersion->c_str(), "%d.%d%c", &major, &minor, &extra) == 2 && major == 3 && minor >= 0) {
      target_.pythonMajor = major;
      target_.pythonMinor = minor;
      clientChoseVersion_ = true;
    } else {
      log("initializationOptions.pythonVersion '" + *p.pythonVersion + "' is not like 3.12; targeting 3.11");
    }
  }
  state_ = State::Running;
  return {{"capabilities",
           {{"positionEncoding", lsp::toString(encoding_)},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
          {"serverInfo", {{"name", "boundwise"}, {"version", BOUNDWISE_VERSION}}}};
}

const std::string &LanguageServer::lineOf(const std::string &displayedPath, int line) {
  static const std::string empty;
  if (auto uri = uriByDisplayPath_.find(displayedPath); uri != uriByDisplayPath_.end()) {
    const auto &lines = documents_.at(uri->second).lines;
    return line >= 1 && size_t(line) <= lines.size() ? lines[line - 1] : empty;
  }
  return diskLines_.line(displayedPath, line);
}

lsp::Range LanguageServer::rangeOn(const std::string &displayedPath, int line, int column, int endLine, int endColumn) {
  lsp::Range r;
  r.start.line = std::max(line - 1, 0);
  const std::string &text = lineOf(displayedPath, line);
  r.start.character = column > 0 ? lsp::toLspCharacter(text, column, encoding_) : 0;
  if (endLine <= 0) {  // no extent: the rest of the line
    r.end = {r.start.line, lsp::lspLineLength(text, encoding_)};
    if (column <= 0) r.end.character = lsp::lspLineLength(text, encoding_);
    return r;
  }
  r.end.line = endLine - 1;
  r.end.character = lsp::toLspCharacter(lineOf(displayedPath, endLine), endColumn, encoding_);
  return r;
}

// A file that could not be parsed (or read): an error at the problem, or on the first line when
// it concerns the whole file (line 0).
lsp::Diagnostic LanguageServer::problemDiagnostic(const InputProblem &p) {
  lsp::Diagnostic d;
  d.range = rangeOn(p.path, std::max(p.line, 1), p.line > 0 ? p.column : 0, 0, 0);
  d.severity = 1;
  d.code = "syntax";
  d.message = inertText(p.message);
  return d;
}

// The one place where a finding becomes an LSP diagnostic.
lsp::Diagnostic LanguageServer::toDiagnostic(const Finding &f) {
  lsp::Diagnostic d;
  d.range = rangeOn(f.path, f.loc.line, f.loc.column, f.loc.endLine, f.loc.endColumn);
  d.severity = lspSeverity(f.severity);
  d.code = f.code;
  d.codeHref = kRuleDocsBase + f.code + ".md";
  // The one newline of a message is the server's own, between the message and its help.
  d.message = f.help.empty() ? inertText(f.message) : inertText(f.message) + "\nhelp: " + inertText(f.help);
  for (const auto &e : f.evidence) {
    lsp::DiagnosticRelatedInformation info;
    info.location.uri = lsp::pathToUri(absolutePath(e.path));
    info.location.range = rangeOn(e.path, e.line, e.column, 0, 0);
    info.message = inertText(e.message);
    d.relatedInformation.push_back(std::move(info));
  }
  return d;
}

// --- Configuration ------------------------------------------------------------------------

// Where the configuration file is looked up from: the workspace folder, else the folder of
// the first open document (by URI, so the choice does not depend on the order of opening).
std::optional<std::string> LanguageServer::configStart() const {
  if (root_) return root_;
  if (documents_.empty()) return std::nullopt;
  return std::filesystem::path(documents_.begin()->second.path).parent_path().generic_string();
}

void LanguageServer::loadConfig() {
  auto start = configStart();
  if (!configStale_ && start == configStart_) return;
  configStale_ = false;
  configStart_ = start;
  config_.reset();
  if (!start) return;
  auto path = findConfigFile(*start);
  if (!path) return;
  std::string error;
  config_ = loadConfigFile(*path, error);
  if (!config_) {
    log(error + "; analysing with the default settings");
    showErrorOnce(error);
  }
}

void LanguageServer::showErrorOnce(const std::string &message) {
  if (shownErrors_.insert(message).second)
    transport_.notify("window/showMessage", {{"type", 1}, {"message", "boundwise: " + inertText(message)}});
}

CheckOptions LanguageServer::checkOptions() {
  loadConfig();
  CheckOptions options;
  options.target = target_;
  if (config_) applyToCheckOptions(*config_, options);
  if (clientChoseVersion_) {
    options.target.pythonMajor = target_.pythonMajor;
    options.target.pythonMinor = target_.pythonMinor;
  }
  if (options.target.freeThreaded && !options.target.atLeast(3, 13)) {
    log("free-threaded builds start with Python 3.13; targeting 3.13");
    options.target.pythonMinor = 13;
  }
  return options;
}

// --- Analysis -----------------------------------------------------------------------------

// Returns the number of files analysed.
size_t LanguageServer::analyzeAndPublish() {
  CheckOptions options = checkOptions();
  uriByDisplayPath_.clear();
  if (root_) options.paths.push_back(*root_);
  for (const auto &[uri, doc] : documents_) {
    std::string key = displayPath(doc.path);
    options.overlays[key] = doc.text;
    uriByDisplayPath_[key] = uri;
    std::error_code ec;
    bool underRoot = root_ && doc.path.rfind(*root_ + "/", 0) == 0;
    if (!underRoot || !std::filesystem::exists(doc.path, ec)) options.paths.push_back(doc.path);
  }
  if (options.paths.empty()) return 0;
  CheckResult result = runCheck(options);
  for (const auto &e : result.ruleErrors) {
    log(e);
    showErrorOnce(e);  // nothing was analysed: the editor must say why
  }
  for (const auto &p : result.problems) log(p.path + ":" + std::to_string(p.line) + ": " + p.message);
  diskLines_ = SourceLines();  // files on disk may have changed since the last run
  std::map<std::string, std::vector<Published>> next;
  std::map<std::string, std::vector<lsp::Diagnostic>> problems;  // no code actions for these
  for (const auto &uri : documents_) next[uri.first];
  for (const auto &p : result.problems)
    if (auto uri = uriByDisplayPath_.find(p.path); uri != uriByDisplayPath_.end())
      problems[uri->second].push_back(problemDiagnostic(p));
  for (const auto &f : result.findings)
    if (auto uri = uriByDisplayPath_.find(f.path); uri != uriByDisplayPath_.end())
      next[uri->second].push_back({f, toDiagnostic(f)});
  for (const auto &[uri, list] : next) {
    std::vector<lsp::Diagnostic> diagnostics = problems[uri];
    for (const auto &p : list) diagnostics.push_back(p.diagnostic);
    transport_.notify("textDocument/publishDiagnostics", lsp::publishDiagnostics(uri, diagnostics));
  }
  published_ = std::move(next);
  return result.filesAnalyzed;
}

// --- Code actions -------------------------------------------------------------------------

// Where `import asyncio` goes: before the first import that is not a __future__ one.
int importLine(const std::vector<std::string> &lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string &l = lines[i];
    if ((l.rfind("import ", 0) == 0 || l.rfind("from ", 0) == 0) && l.rfind("from __future__", 0) != 0) return int(i);
  }
  return 0;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

// `import a, b.c, asyncio  # ...`: a plain import of asyncio among others, read in one pass
// (a backtracking regex recursed per character and overflowed the stack on long lines).
bool importsAsyncioOn(std::string_view l) {
  size_t i = 0;
  while (i < l.size() && isSpace(l[i])) ++i;
  if (l.substr(i, 6) != "import") return false;
  i += 6;
  if (i == l.size() || !isSpace(l[i])) return false;
  while (true) {
    while (i < l.size() && isSpace(l[i])) ++i;
    const size_t start = i;
    while (i < l.size() && isNameChar(l[i])) ++i;
    if (i == start) return false;
    const std::string_view name = l.substr(start, i - start);
    while (i < l.size() && isSpace(l[i])) ++i;
    if (name == "asyncio" && (i == l.size() || l[i] == ',' || l[i] == '#')) return true;
    if (i == l.size() || l[i] != ',') return false;
    ++i;
  }
}

bool importsAsyncio(const std::vector<std::string> &lines) {
  for (const auto &l : lines)
    if (importsAsyncioOn(l)) return true;
  return false;
}

std::optional<lsp::TextEdit> suppressEdit(const std::string &line, int lineIndex, const std::string &code, PositionEncoding enc) {
  const std::string marker = "# boundwise: ignore";
  if (auto at = line.find(marker); at != std::string::npos) {
    size_t open = at + marker.size();
    if (open >= line.size() || line[open] != '[') return std::nullopt;  // already ignores every code
    size_t close = line.find(']', open);
    if (close == std::string::npos) return std::nullopt;
    if (line.substr(open, close - open).find(code) != std::string::npos) return std::nullopt;
    int character = lsp::lspLineLength(line.substr(0, close), enc);
    return lsp::TextEdit{{{lineIndex, character}, {lineIndex, character}}, ", " + code};
  }
  int end = lsp::lspLineLength(line, enc);
  return lsp::TextEdit{{{lineIndex, end}, {lineIndex, end}}, "  # boundwise: ignore[" + code + "]"};
}

// time.sleep(x) -> await asyncio.sleep(x): only for the plain spelling, once on the line.
std::optional<lsp::TextEdit> sleepEdit(const Finding &f, const std::string &line, int lineIndex, PositionEncoding enc) {
  const std::string call = "time.sleep(";
  if (f.code != "BW201" || f.message.rfind("blocking call `time.sleep`", 0) != 0) return std::nullopt;
  size_t at = line.find(call);
  if (at == std::string::npos || line.find(call, at + 1) != std::string::npos) return std::nullopt;
  if (at > 0 && (std::isalnum(static_cast<unsigned char>(line[at - 1])) || line[at - 1] == '_' || line[at - 1] == '.'))
    return std::nullopt;
  if (line.find("lambda") != std::string::npos) return std::nullopt;  // await is not allowed in a lambda
  int start = lsp::lspLineLength(line.substr(0, at), enc);
  int end = lsp::lspLineLength(line.substr(0, at + call.size()), enc);
  return lsp::TextEdit{{{lineIndex, start}, {lineIndex, end}}, "await asyncio.sleep("};
}

json LanguageServer::codeActions(const lsp::CodeActionParams &p) {
  json actions = json::array();
  auto doc = documents_.find(p.uri);
  auto published = published_.find(p.uri);
  if (doc == documents_.end() || published == published_.end()) return actions;
  const auto &lines = doc->second.lines;
  for (const auto &[finding, diagnostic] : published->second) {
    if (diagnostic.range.start.line > p.range.end.line || diagnostic.range.end.line < p.range.start.line) continue;
    int lineIndex = finding.loc.line - 1;
    if (lineIndex < 0 || size_t(lineIndex) >= lines.size()) continue;
    const std::string &line = lines[lineIndex];
    if (auto edit = sleepEdit(finding, line, lineIndex, encoding_)) {
      lsp::CodeAction a{"Replace with `await asyncio.sleep(...)`", {diagnostic}, true, p.uri, {*edit}};
      if (!importsAsyncio(lines)) {
        int at = importLine(lines);
        a.edits.insert(a.edits.begin(), lsp::TextEdit{{{at, 0}, {at, 0}}, "import asyncio\n"});
      }
      actions.push_back(lsp::toJSON(a));
    }
    if (auto edit = suppressEdit(line, lineIndex, finding.code, encoding_))
      actions.push_back(lsp::toJSON(lsp::CodeAction{"Suppress " + finding.code + " on this line", {diagnostic}, false, p.uri, {*edit}}));
  }
  return actions;
}

}  // namespace

int runLanguageServer(std::istream &in, std::ostream &out) {
  LanguageServer server(in, out);
  return server.run();
}

}  // namespace boundwise
