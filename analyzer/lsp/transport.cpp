#include "analyzer/lsp/transport.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>
#include <streambuf>

namespace boundwise::lsp {
namespace {

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

// -1 when `text` is not a plain decimal number, -2 when it is over the limit.
long long parseLength(const std::string &text, size_t limit) {
  if (text.empty()) return -1;
  long long n = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    if (n <= (long long)limit) n = n * 10 + (c - '0');
  }
  return size_t(n) > limit ? -2 : n;
}

std::string tooDeepError() {
  return "the message nests JSON more than " + std::to_string(Transport::kMaxJsonDepth) + " levels deep";
}

Incoming bad(Incoming::Kind kind, int code, std::string error, nlohmann::json id = nullptr) {
  Incoming m;
  m.kind = kind;
  m.errorCode = code;
  m.error = std::move(error);
  m.id = std::move(id);
  return m;
}

// Checks the JSON-RPC envelope of a decoded body. `tooDeep`: parts nested deeper than
// kMaxJsonDepth were dropped while parsing; the message is refused, answered by its id.
Incoming classify(nlohmann::json body, bool tooDeep) {
  if (!body.is_object()) {
    if (tooDeep) return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, tooDeepError());
    return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "a JSON-RPC message must be an object");
  }
  nlohmann::json id = nullptr;
  if (auto it = body.find("id"); it != body.end()) {
    if (!it->is_string() && !it->is_number_integer() && !it->is_null())
      return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, "'id' must be a string or an integer");
    id = *it;
  }
  if (tooDeep) return bad(Incoming::Kind::BadBody, rpc::kInvalidRequest, tooDeepError(), id);
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

Transport::Line Transport::readLine(std::string &line) {
  line.clear();
  std::streambuf *buf = in_.rdbuf();
  size_t dropped = 0;  // bytes of an over-long line, read and not kept
  while (true) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return Line::Eof;
    if (c == '\n') break;
    if (dropped) {
      if (++dropped > kMaxBodyBytes) return Line::Endless;
      continue;
    }
    if (line.size() == kMaxHeaderLineBytes) {
      dropped = line.size() + 1;
      line.clear();
      line.shrink_to_fit();
      continue;
    }
    line += char(c);
  }
  if (dropped) return Line::TooLong;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return Line::Ok;
}

Incoming Transport::read() {
  // Header block: lines up to an empty one. Unknown headers (Content-Type) are ignored.
  long long length = -1;
  std::string headerError;
  bool refused = false;  // the block broke a limit: refused even with a Content-Length
  std::string line;
  size_t lines = 0;
  while (true) {
    const Line got = readLine(line);
    if (got == Line::Eof) return bad(Incoming::Kind::Eof, 0, lines || !line.empty() ? "end of input inside a header" : "");
    if (got == Line::Endless)
      return bad(Incoming::Kind::Lost, 0,
                 "a header line runs over " + std::to_string(kMaxBodyBytes >> 20) +
                     " MiB without a newline: the input cannot be resynchronised");
    if (got == Line::TooLong) {
      ++lines;
      if (!refused) headerError = "header line longer than " + std::to_string(kMaxHeaderLineBytes) + " bytes";
      refused = true;
      continue;
    }
    if (line.empty()) {
      if (!lines) continue;  // stray blank lines between messages
      break;
    }
    // Past the limit lines are still read one by one (each bounded), for the Content-Length
    // that says how much body to skip.
    if (++lines > kMaxHeaderLines && !refused) {
      headerError = "more than " + std::to_string(kMaxHeaderLines) + " header lines in one message";
      refused = true;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      if (!refused) headerError = "malformed header line '" + line.substr(0, 80) + "' (expected 'Name: value')";
      continue;
    }
    if (equalsIgnoreCase(trim(std::string_view(line).substr(0, colon)), "Content-Length")) {
      length = parseLength(trim(std::string_view(line).substr(colon + 1)), kMaxBodyBytes);
      if (length == -1 && !refused) headerError = "invalid Content-Length '" + trim(line.substr(colon + 1)).substr(0, 40) + "'";
      if (length == -2 && !refused)
        headerError = "Content-Length over the limit of " + std::to_string(kMaxBodyBytes) + " bytes";
    }
  }
  if (length < 0) {
    if (headerError.empty()) headerError = "header block without Content-Length";
    return bad(Incoming::Kind::BadHeader, rpc::kParseError, headerError);
  }
  // Read as it arrives: a Content-Length the stream does not honour allocates only what came.
  std::string body;
  body.reserve(std::min<size_t>(size_t(length), size_t(1) << 20));
  char chunk[1 << 16];
  for (size_t left = size_t(length); left > 0;) {
    const std::streamsize got = in_.rdbuf()->sgetn(chunk, std::streamsize(std::min(left, sizeof chunk)));
    if (got <= 0) return bad(Incoming::Kind::Eof, 0, "end of input inside a message body");
    body.append(chunk, size_t(got));
    left -= size_t(got);
  }
  // The body of a refused block is skipped too, so the next header starts where it should.
  if (refused) return bad(Incoming::Kind::BadHeader, rpc::kParseError, headerError);
  // Parts nested too deep are dropped as they are parsed (the callback's false), so nothing
  // deep is ever built; the parser itself keeps its nesting on the heap.
  bool tooDeep = false;
  auto depthLimit = [&tooDeep](int depth, nlohmann::json::parse_event_t, nlohmann::json &) {
    if (depth <= kMaxJsonDepth) return true;
    tooDeep = true;
    return false;
  };
  auto parsed = nlohmann::json::parse(body, depthLimit, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return bad(Incoming::Kind::BadBody, rpc::kParseError, "the message body is not valid JSON");
  return classify(std::move(parsed), tooDeep);
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
