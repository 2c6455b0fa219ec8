#include "analyzer/lsp/transport.h"

#include <cctype>
#include <istream>
#include <ostream>

namespace boundwise::lsp {
namespace {

bool readLine(std::istream &in, std::string &line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// -1 when `text` is not a plain decimal number within the limit.
long long parseLength(const std::string &text, size_t limit) {
  if (text.empty() || text.size() > 12) return -1;
  long long n = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    n = n * 10 + (c - '0');
  }
  return size_t(n) > limit ? -1 : n;
}

Incoming bad(Incoming::Kind kind, int code, std::string error, nlohmann::json id = nullptr) {
  Incoming m;
  m.kind = kind;
  m.errorCode = code;
  m.error = std::move(error);
  m.id = std::move(id);
  return m;
}

// Checks the JSON-RPC envelope of a decoded body.
Incoming classify(nlohmann::json body) {
  if (!body.is_object()) return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "a JSON-RPC message must be an object");
  nlohmann::json id = nullptr;
  if (auto it = body.find("id"); it != body.end()) {
    if (!it->is_string() && !it->is_number_integer() && !it->is_null())
      return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "'id' must be a string or an integer");
    id = *it;
  }
  if (auto v = body.find("jsonrpc"); v == body.end() || *v != "2.0")
    return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "'jsonrpc' must be \"2.0\"", id);
  auto method = body.find("method");
  if (method == body.end()) {
    if (body.contains("result") || body.contains("error")) {
      Incoming m;
      m.kind = Incoming::Kind::Response;
      m.message = std::move(body);
      m.id = id;
      return m;
    }
    return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "missing 'method'", id);
  }
  if (!method->is_string()) return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "'method' must be a string", id);
  if (auto p = body.find("params"); p != body.end() && !p->is_object() && !p->is_array())
    return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "'params' must be an object or an array", id);
  Incoming m;
  m.kind = Incoming::Kind::Message;
  m.id = id;
  m.message = std::move(body);
  return m;
}

}  // namespace

Incoming Transport::read() {
  // Header block: lines up to an empty one. Unknown headers (Content-Type) are ignored.
  long long length = -1;
  std::string headerError;
  std::string line;
  bool sawAnyLine = false;
  while (true) {
    if (!readLine(in_, line)) return bad(Incoming::Kind::Eof, 0, sawAnyLine ? "end of input inside a header" : "");
    if (line.empty()) {
      if (!sawAnyLine) continue;  // stray blank lines between messages
      break;
    }
    sawAnyLine = true;
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      headerError = "malformed header line '" + line.substr(0, 80) + "' (expected 'Name: value')";
      continue;
    }
    if (equalsIgnoreCase(trim(std::string_view(line).substr(0, colon)), "Content-Length")) {
      length = parseLength(trim(std::string_view(line).substr(colon + 1)), kMaxBodyBytes);
      if (length < 0) headerError = "invalid Content-Length '" + trim(line.substr(colon + 1)).substr(0, 40) + "'";
    }
  }
  if (length < 0) {
    if (headerError.empty()) headerError = "header block without Content-Length";
    return bad(Incoming::Kind::BadHeader, rpc::kParseError, headerError);
  }
  std::string body(size_t(length), '\0');
  if (length > 0 && !in_.read(body.data(), length))
    return bad(Incoming::Kind::Eof, 0, "end of input inside a message body");
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return bad(Incoming::Kind::BadBody, rpc::kParseError, "the message body is not valid JSON");
  return classify(std::move(parsed));
}

void Transport::send(const nlohmann::json &message) {
  // Replace invalid UTF-8 (from a file on disk) instead of throwing in dump().
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

void Transport::reply(const nlohmann::json &id, nlohmann::json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Transport::replyError(const nlohmann::json &id, int code, const std::string &message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Transport::request(const nlohmann::json &id, const std::string &method, nlohmann::json params) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

void Transport::notify(const std::string &method, nlohmann::json params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

}  // namespace boundwise::lsp
