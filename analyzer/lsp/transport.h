#pragma once
// JSON-RPC 2.0 over LSP's Content-Length framing on any pair of streams (clangd's Transport).
// Malformed input never throws: read() reports it and the caller answers with an error.
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

namespace boundwise::lsp {

namespace rpc {
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
}  // namespace rpc

struct Incoming {
  enum class Kind {
    Message,    // `message` is a JSON object with a "method" (request or notification)
    Response,   // a reply from the client to a server request (`message` is the whole reply)
    BadHeader,  // a header block without a usable Content-Length: skipped, nothing to answer
    BadBody,    // the body is not JSON, or not a valid JSON-RPC message: answer `errorCode`
    Eof,        // the stream ended (possibly in the middle of a message)
    Lost,       // the stream cannot be resynchronised (a header line without end): stop reading
  };
  Kind kind = Kind::Eof;
  nlohmann::json message;
  nlohmann::json id;  // the request id when one could be read, else null
  int errorCode = 0;
  std::string error;  // what was wrong, for the log and the error response
};

class Transport {
 public:
  // Messages larger than this are refused instead of allocated (the body is read as it comes,
  // so a Content-Length the stream does not honour allocates no more than what arrived).
  static constexpr size_t kMaxBodyBytes = size_t(64) << 20;
  // A header line longer than this is read to its end and dropped, never kept: LSP headers are
  // `Content-Length: N` and `Content-Type: ...`. One without an end within kMaxBodyBytes means
  // the stream is lost (Incoming::Kind::Lost).
  static constexpr size_t kMaxHeaderLineBytes = size_t(8) << 10;
  // More header lines than this in one block: the block is read to its end and refused.
  static constexpr size_t kMaxHeaderLines = 32;
  // JSON nested deeper than this is refused while it is parsed, before it is built: copying,
  // comparing or printing a json value recurses once per level. LSP messages nest about ten.
  static constexpr int kMaxJsonDepth = 128;

  Transport(std::istream &in, std::ostream &out) : in_(in), out_(out) {}

  Incoming read();
  void send(const nlohmann::json &message);
  void reply(const nlohmann::json &id, nlohmann::json result);
  void replyError(const nlohmann::json &id, int code, const std::string &message);
  void notify(const std::string &method, nlohmann::json params);
  // A request from the server to the client; its reply arrives as Incoming::Kind::Response.
  void request(const nlohmann::json &id, const std::string &method, nlohmann::json params);

 private:
  enum class Line { Ok, TooLong, Endless, Eof };
  // One line without its "\r\n". A line over kMaxHeaderLineBytes is read to its end and
  // dropped (TooLong); Endless when that end does not come within kMaxBodyBytes.
  Line readLine(std::string &line);

  std::istream &in_;
  std::ostream &out_;
};

}  // namespace boundwise::lsp
