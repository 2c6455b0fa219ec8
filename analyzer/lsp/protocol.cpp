#include "analyzer/lsp/protocol.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace boundwise::lsp {

std::string_view toString(PositionEncoding e) { return e == PositionEncoding::Utf8 ? "utf-8" : "utf-16"; }

json toJSON(const Position &p) { return {{"line", p.line}, {"character", p.character}}; }
json toJSON(const Range &r) { return {{"start", toJSON(r.start)}, {"end", toJSON(r.end)}}; }

json toJSON(const Diagnostic &d) {
  json out = {{"range", toJSON(d.range)},
              {"severity", d.severity},
              {"code", d.code},
              {"source", "boundwise"},
              {"message", d.message}};
  if (!d.codeHref.empty()) out["codeDescription"] = {{"href", d.codeHref}};
  if (!d.relatedInformation.empty()) {
    json related = json::array();
    for (const auto &r : d.relatedInformation)
      related.push_back({{"location", {{"uri", r.location.uri}, {"range", toJSON(r.location.range)}}},
                         {"message", r.message}});
    out["relatedInformation"] = std::move(related);
  }
  return out;
}

json toJSON(const TextEdit &e) { return {{"range", toJSON(e.range)}, {"newText", e.newText}}; }

json toJSON(const CodeAction &a) {
  json edits = json::array();
  for (const auto &e : a.edits) edits.push_back(toJSON(e));
  json diagnostics = json::array();
  for (const auto &d : a.diagnostics) diagnostics.push_back(toJSON(d));
  json out = {{"title", a.title},
              {"kind", "quickfix"},
              {"diagnostics", std::move(diagnostics)},
              {"edit", {{"changes", {{a.uri, std::move(edits)}}}}}};
  if (a.isPreferred) out["isPreferred"] = true;
  return out;
}

json publishDiagnostics(const std::string &uri, const std::vector<Diagnostic> &diagnostics) {
  json list = json::array();
  for (const auto &d : diagnostics) list.push_back(toJSON(d));
  return {{"uri", uri}, {"diagnostics", std::move(list)}};
}

namespace {

bool getString(const json &j, const char *key, std::string &out, std::string &error) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
    error = std::string("expected a string '") + key + "'";
    return false;
  }
  out = j[key].get<std::string>();
  return true;
}

bool getInt(const json &j, const char *key, int &out, std::string &error) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) {
    error = std::string("expected an integer '") + key + "'";
    return false;
  }
  out = j[key].get<int>();
  return true;
}

}  // namespace

bool fromJSON(const json &j, InitializeParams &out, std::string &error) {
  if (!j.is_object()) {
    error = "initialize params must be an object";
    return false;
  }
  if (j.contains("rootUri") && j["rootUri"].is_string()) out.rootUri = j["rootUri"].get<std::string>();
  if (!out.rootUri && j.contains("workspaceFolders") && j["workspaceFolders"].is_array() &&
      !j["workspaceFolders"].empty() && j["workspaceFolders"][0].is_object() &&
      j["workspaceFolders"][0].contains("uri") && j["workspaceFolders"][0]["uri"].is_string())
    out.rootUri = j["workspaceFolders"][0]["uri"].get<std::string>();
  const json *encodings = nullptr;
  if (auto c = j.find("capabilities"); c != j.end() && c->is_object())
    if (auto g = c->find("general"); g != c->end() && g->is_object())
      if (auto e = g->find("positionEncodings"); e != g->end() && e->is_array()) encodings = &*e;
  if (encodings)
    for (const auto &e : *encodings) out.clientSupportsUtf8 |= e.is_string() && e.get<std::string>() == "utf-8";
  if (auto c = j.find("capabilities"); c != j.end() && c->is_object())
    if (auto w = c->find("window"); w != c->end() && w->is_object())
      if (auto p = w->find("workDoneProgress"); p != w->end() && p->is_boolean()) out.workDoneProgress = p->get<bool>();
  if (auto o = j.find("initializationOptions"); o != j.end() && o->is_object())
    if (auto v = o->find("pythonVersion"); v != o->end() && v->is_string()) out.pythonVersion = v->get<std::string>();
  return true;
}

bool fromJSON(const json &j, Position &out, std::string &error) {
  return getInt(j, "line", out.line, error) && getInt(j, "character", out.character, error);
}

bool fromJSON(const json &j, Range &out, std::string &error) {
  if (!j.is_object() || !j.contains("start") || !j.contains("end")) {
    error = "expected a range with 'start' and 'end'";
    return false;
  }
  return fromJSON(j["start"], out.start, error) && fromJSON(j["end"], out.end, error);
}

bool fromTextDocumentUri(const json &j, std::string &uri, std::string &error) {
  if (!j.is_object() || !j.contains("textDocument")) {
    error = "expected 'textDocument'";
    return false;
  }
  return getString(j["textDocument"], "uri", uri, error);
}

bool fromDidOpen(const json &j, TextDocumentItem &out, std::string &error) {
  return fromTextDocumentUri(j, out.uri, error) && getString(j["textDocument"], "text", out.text, error);
}

bool fromDidChange(const json &j, TextDocumentItem &out, std::string &error) {
  if (!fromTextDocumentUri(j, out.uri, error)) return false;
  if (!j.contains("contentChanges") || !j["contentChanges"].is_array() || j["contentChanges"].empty()) {
    error = "expected a non-empty 'contentChanges' array";
    return false;
  }
  // Full sync: the last change holds the whole text.
  const json &last = j["contentChanges"].back();
  if (last.is_object() && last.contains("range")) {
    error = "incremental change received, but the server announced full sync (textDocumentSync 1)";
    return false;
  }
  return getString(last, "text", out.text, error);
}

bool fromJSON(const json &j, CodeActionParams &out, std::string &error) {
  return fromTextDocumentUri(j, out.uri, error) && j.contains("range") && fromJSON(j["range"], out.range, error);
}

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> uriToPath(const std::string &uri) {
  const std::string scheme = "file://";
  if (uri.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = uri.substr(scheme.size());
  if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
  if (rest.empty() || rest.front() != '/') return std::nullopt;
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hexValue(rest[i + 1]) >= 0 && hexValue(rest[i + 2]) >= 0) {
      path += char(hexValue(rest[i + 1]) * 16 + hexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path;
}

std::string pathToUri(const std::string &absolutePath) {
  std::string uri = "file://";
  for (unsigned char c : absolutePath) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += char(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    }
  }
  return uri;
}

namespace {

// The byte length of the UTF-8 sequence starting with `lead` (1 for stray bytes, so bad input
// still advances).
int sequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Walks `codePoints` code points (all of them when negative), counting encoding units.
int unitsFor(const std::string &text, int codePoints, PositionEncoding encoding) {
  int units = 0;
  size_t i = 0;
  for (int n = 0; i < text.size() && (codePoints < 0 || n < codePoints); ++n) {
    int len = std::min<int>(sequenceLength(static_cast<unsigned char>(text[i])), int(text.size() - i));
    units += encoding == PositionEncoding::Utf8 ? len : (len == 4 ? 2 : 1);
    i += len;
  }
  return units;
}

}  // namespace

int toLspCharacter(const std::string &lineText, int codePointColumn, PositionEncoding encoding) {
  return unitsFor(lineText, std::max(codePointColumn - 1, 0), encoding);
}

int lspLineLength(const std::string &lineText, PositionEncoding encoding) { return unitsFor(lineText, -1, encoding); }

}  // namespace boundwise::lsp
