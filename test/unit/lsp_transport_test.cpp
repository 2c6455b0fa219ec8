// JSON-RPC framing (analyzer/lsp/transport.h) and the LSP position/URI conversions
// (analyzer/lsp/protocol.h): malformed input is reported, never thrown, and reading goes on.
#include <gtest/gtest.h>

#include <sstream>
#include <streambuf>

#include "analyzer/lsp/protocol.h"
#include "analyzer/lsp/transport.h"

namespace boundwise::lsp {
namespace {

std::string frame(const std::string &body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; }

struct Reader {
  explicit Reader(std::string input) : in(std::move(input)), transport(in, out) {}
  std::istringstream in;
  std::ostringstream out;
  Transport transport;
};

TEST(LspTransport, ReadsConsecutiveMessagesAndIgnoresOtherHeaders) {
  Reader r(frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})") +
           "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 33\r\n\r\n" +
           R"({"jsonrpc":"2.0","method":"exit"})");
  Incoming first = r.transport.read();
  ASSERT_EQ(first.kind, Incoming::Kind::Message);
  EXPECT_EQ(first.id, 1);
  EXPECT_EQ(first.message["method"], "initialize");
  Incoming second = r.transport.read();
  ASSERT_EQ(second.kind, Incoming::Kind::Message);
  EXPECT_TRUE(second.id.is_null());
  EXPECT_EQ(second.message["method"], "exit");
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Eof);
}

TEST(LspTransport, SkipsHeaderBlocksWithoutUsableLength) {
  Reader r("garbage\r\n\r\nContent-Length: -4\r\n\r\nContent-Length: 99999999999999\r\n\r\n" +
           frame(R"({"jsonrpc":"2.0","id":"x","method":"shutdown"})"));
  Incoming a = r.transport.read();
  EXPECT_EQ(a.kind, Incoming::Kind::BadHeader);
  EXPECT_NE(a.error.find("malformed header line 'garbage'"), std::string::npos) << a.error;
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::BadHeader);
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::BadHeader);
  Incoming d = r.transport.read();
  ASSERT_EQ(d.kind, Incoming::Kind::Message);
  EXPECT_EQ(d.id, "x");
}

TEST(LspTransport, ClassifiesBadBodies) {
  Reader r(frame("{not json") + frame("[1]") + frame(R"({"jsonrpc":"2.0","id":3})") +
           frame(R"({"jsonrpc":"2.0","id":4,"method":7})") + frame(R"({"id":5,"method":"x"})") +
           frame(R"({"jsonrpc":"2.0","id":{},"method":"x"})") + frame(R"({"jsonrpc":"2.0","id":6,"result":null})"));
  Incoming notJson = r.transport.read();
  EXPECT_EQ(notJson.kind, Incoming::Kind::BadBody);
  EXPECT_EQ(notJson.errorCode, rpc::kParseError);
  for (int id : {0, 3, 4, 5}) {
    Incoming m = r.transport.read();
    EXPECT_EQ(m.kind, Incoming::Kind::BadBody) << id;
    EXPECT_EQ(m.errorCode, rpc::kInvalidRequest) << id;
    if (id) EXPECT_EQ(m.id, id);
  }
  Incoming objectId = r.transport.read();
  EXPECT_EQ(objectId.errorCode, rpc::kInvalidRequest);
  EXPECT_TRUE(objectId.id.is_null());
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Response);
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Eof);
}

TEST(LspTransport, EndOfInputAnywhereIsEof) {
  for (std::string input : {"", "Content-Length: 10", "Content-Length: 10\r\n", "Content-Length: 10\r\n\r\n{\"a\""}) {
    Reader r(input);
    EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Eof) << input;
    EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Eof) << input;
  }
}

// Endless input: `byte` over and over, never an end of file.
class EndlessBuffer : public std::streambuf {
 public:
  explicit EndlessBuffer(char byte) : chunk_(1 << 16, byte) {}
  size_t served = 0;

 protected:
  int_type underflow() override {
    served += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::string chunk_;
};

TEST(LspTransport, DropsOverlongHeaderLinesAndReadsOn) {
  Reader r(std::string(100000, 'x') + "\r\n\r\n" + "Content-Length: 2\r\n" + std::string(9000, 'y') + "\r\n\r\n{}" +
           frame(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})"));
  Incoming a = r.transport.read();
  EXPECT_EQ(a.kind, Incoming::Kind::BadHeader);
  EXPECT_EQ(a.error, "header line longer than 8192 bytes");
  // The refused block's body is skipped with it: the next header starts where it should.
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::BadHeader);
  Incoming c = r.transport.read();
  ASSERT_EQ(c.kind, Incoming::Kind::Message);
  EXPECT_EQ(c.id, 2);
}

TEST(LspTransport, HeaderLineWithoutEndLosesTheStreamWithBoundedMemory) {
  EndlessBuffer endless('a');
  std::istream in(&endless);
  std::ostringstream out;
  Transport transport(in, out);
  Incoming m = transport.read();
  EXPECT_EQ(m.kind, Incoming::Kind::Lost);
  EXPECT_NE(m.error.find("cannot be resynchronised"), std::string::npos) << m.error;
  EXPECT_LE(endless.served, Transport::kMaxBodyBytes + (size_t(1) << 17));
}

TEST(LspTransport, RefusesTooManyHeaderLinesAndHugeLengths) {
  std::string many;
  for (int i = 0; i < 40; ++i) many += "X-Pad: " + std::to_string(i) + "\r\n";
  Reader r(many + "Content-Length: 2\r\n\r\n{}" + "Content-Length: 67108865\r\n\r\n" +
           frame(R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})"));
  Incoming a = r.transport.read();
  EXPECT_EQ(a.kind, Incoming::Kind::BadHeader);
  EXPECT_EQ(a.error, "more than 32 header lines in one message");
  Incoming b = r.transport.read();
  EXPECT_EQ(b.kind, Incoming::Kind::BadHeader);
  EXPECT_EQ(b.error, "Content-Length over the limit of 67108864 bytes");
  Incoming c = r.transport.read();
  ASSERT_EQ(c.kind, Incoming::Kind::Message);
  EXPECT_EQ(c.id, 3);
}

TEST(LspTransport, BodyShorterThanItsLengthIsEofWithoutTheWholeAllocation) {
  Reader r("Content-Length: 60000000\r\n\r\n{\"jsonrpc\"");
  Incoming m = r.transport.read();
  EXPECT_EQ(m.kind, Incoming::Kind::Eof);
  EXPECT_EQ(m.error, "end of input inside a message body");
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(LspTransport, RefusesDeeplyNestedJsonAndAnswersItsId) {
  // The object is level 0, "params" level 1: params holding N arrays reaches level N.
  const int limit = Transport::kMaxJsonDepth;
  Reader r(frame(R"({"jsonrpc":"2.0","method":"x","params":)" + nested(100000) + R"(,"id":7})") +
           frame(R"({"jsonrpc":"2.0","id":8,"method":"x","params":)" + nested(limit) + "}") +
           frame(R"({"jsonrpc":"2.0","id":9,"method":"x","params":)" + nested(limit + 1) + "}") +
           frame(nested(100000)) + frame(R"({"jsonrpc":"2.0","method":"x","params":{"a":)" + nested(500) + "}}"));
  Incoming deep = r.transport.read();
  ASSERT_EQ(deep.kind, Incoming::Kind::BadBody);
  EXPECT_EQ(deep.errorCode, rpc::kInvalidRequest);
  EXPECT_EQ(deep.id, 7);
  EXPECT_EQ(deep.error, "the message nests JSON more than " + std::to_string(limit) + " levels deep");
  Incoming atLimit = r.transport.read();
  ASSERT_EQ(atLimit.kind, Incoming::Kind::Message);
  EXPECT_EQ(atLimit.id, 8);
  Incoming overLimit = r.transport.read();
  EXPECT_EQ(overLimit.kind, Incoming::Kind::BadBody);
  EXPECT_EQ(overLimit.id, 9);
  Incoming bareArray = r.transport.read();
  EXPECT_EQ(bareArray.kind, Incoming::Kind::BadBody);
  EXPECT_TRUE(bareArray.id.is_null());
  Incoming notification = r.transport.read();
  EXPECT_EQ(notification.kind, Incoming::Kind::BadBody);
  EXPECT_TRUE(notification.id.is_null());
  EXPECT_EQ(r.transport.read().kind, Incoming::Kind::Eof);
}

TEST(LspTransport, WritesFramedMessages) {
  Reader r("");
  r.transport.replyError(7, rpc::kMethodNotFound, "nope");
  r.transport.notify("n", {{"é", 1}});
  EXPECT_EQ(r.out.str(), frame(R"({"error":{"code":-32601,"message":"nope"},"id":7,"jsonrpc":"2.0"})") +
                             frame(R"({"jsonrpc":"2.0","method":"n","params":{"é":1}})"));
}

TEST(LspProtocol, ColumnsInBothEncodings) {
  const std::string line = "x = \"h\xC3\xA9\xF0\x9F\x98\x80\"; f()";  // x = "hé😀"; f()
  // `f` is code point 11 (1-based 12): +1 UTF-16 unit for the emoji, +1 and +3 UTF-8 bytes.
  EXPECT_EQ(toLspCharacter(line, 12, PositionEncoding::Utf16), 12);
  EXPECT_EQ(toLspCharacter(line, 12, PositionEncoding::Utf8), 15);
  EXPECT_EQ(toLspCharacter(line, 1, PositionEncoding::Utf16), 0);
  EXPECT_EQ(toLspCharacter(line, 100, PositionEncoding::Utf16), lspLineLength(line, PositionEncoding::Utf16));
  EXPECT_EQ(lspLineLength(line, PositionEncoding::Utf8), int(line.size()));
  EXPECT_EQ(lspLineLength("\xFF\xFF", PositionEncoding::Utf16), 2);  // invalid bytes still advance
}

TEST(LspProtocol, FileUrisRoundTrip) {
  EXPECT_EQ(pathToUri("/tmp/a b/ü.py"), "file:///tmp/a%20b/%C3%BC.py");
  EXPECT_EQ(uriToPath("file:///tmp/a%20b/%C3%BC.py"), "/tmp/a b/ü.py");
  EXPECT_EQ(uriToPath("file:///x%2"), "/x%2");
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
}

TEST(LspProtocol, InitializeNegotiatesUtf8OnlyWhenOffered) {
  InitializeParams p;
  std::string error;
  ASSERT_TRUE(fromJSON(json::parse(R"({"capabilities":{"general":{"positionEncodings":["utf-16","utf-8"]}},
      "workspaceFolders":[{"uri":"file:///w","name":"w"}],"initializationOptions":{"pythonVersion":"3.13"}})"), p, error));
  EXPECT_TRUE(p.clientSupportsUtf8);
  EXPECT_EQ(p.rootUri, "file:///w");
  EXPECT_EQ(p.pythonVersion, "3.13");
  InitializeParams q;
  ASSERT_TRUE(fromJSON(json::parse(R"({"capabilities":{"general":{"positionEncodings":["utf-32"]}}})"), q, error));
  EXPECT_FALSE(q.clientSupportsUtf8);
  EXPECT_FALSE(fromJSON(json::parse("[]"), q, error));
}

}  // namespace
}  // namespace boundwise::lsp
