#pragma once
// The LSP 3.17 structures boundwise speaks, with their toJSON/fromJSON (clangd's Protocol.h).
// No analysis here: analyzer/lsp/server.cpp converts findings into these.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace boundwise::lsp {

using json = nlohmann::json;

// How `character` offsets are counted; negotiated in initialize (general.positionEncodings).
enum class PositionEncoding { Utf16, Utf8 };
std::string_view toString(PositionEncoding);

struct Position {
  int line = 0;       // 0-based
  int character = 0;  // 0-based, in the negotiated encoding
};
struct Range {
  Position start, end;
};
struct LspLocation {
  std::string uri;
  Range range;
};
struct DiagnosticRelatedInformation {
  LspLocation location;
  std::string message;
};
struct Diagnostic {
  Range range;
  int severity = 2;  // 1 error, 2 warning, 3 information
  std::string code;
  std::string codeHref;
  std::string message;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
};
struct TextEdit {
  Range range;
  std::string newText;
};
struct CodeAction {
  std::string title;
  std::vector<Diagnostic> diagnostics;
  bool isPreferred = false;
  std::string uri;  // the one document the edits apply to
  std::vector<TextEdit> edits;
};

struct InitializeParams {
  std::optional<std::string> rootUri;  // rootUri, else the first workspace folder
  bool clientSupportsUtf8 = false;
  std::optional<std::string> pythonVersion;  // initializationOptions.pythonVersion
  bool workDoneProgress = false;             // capabilities.window.workDoneProgress
};
struct TextDocumentItem {
  std::string uri;
  std::string text;
};
struct CodeActionParams {
  std::string uri;
  Range range;
};

json toJSON(const Position &);
json toJSON(const Range &);
json toJSON(const Diagnostic &);
json toJSON(const TextEdit &);
json toJSON(const CodeAction &);
json publishDiagnostics(const std::string &uri, const std::vector<Diagnostic> &);

// Each fills `out` and returns false (with `error` saying which field) on a malformed value.
bool fromJSON(const json &, InitializeParams &out, std::string &error);
bool fromJSON(const json &, Position &out, std::string &error);
bool fromJSON(const json &, Range &out, std::string &error);
// didOpen's textDocument, or didChange's textDocument.uri + the last full contentChanges text.
bool fromDidOpen(const json &, TextDocumentItem &out, std::string &error);
bool fromDidChange(const json &, TextDocumentItem &out, std::string &error);
bool fromTextDocumentUri(const json &, std::string &uri, std::string &error);
bool fromJSON(const json &, CodeActionParams &out, std::string &error);

// file:// URIs <-> local paths (percent-decoding/encoding); nullopt for other schemes.
std::optional<std::string> uriToPath(const std::string &uri);
std::string pathToUri(const std::string &absolutePath);

// A boundwise column (1-based Unicode code points) on `lineText` -> a 0-based LSP character;
// columns past the end clamp to the line's end.
int toLspCharacter(const std::string &lineText, int codePointColumn, PositionEncoding);
// The length of `lineText` in the encoding's units (the character at the end of the line).
int lspLineLength(const std::string &lineText, PositionEncoding);

}  // namespace boundwise::lsp
