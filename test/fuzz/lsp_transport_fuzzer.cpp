// LSP framing (analyzer/lsp/transport.h): Content-Length headers and JSON-RPC bodies from the
// editor. Every read reports a message, a bad header, a bad body or the end, and never throws;
// answering a bad body must not throw either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "analyzer/lsp/transport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
  std::ostringstream out;
  boundwise::lsp::Transport transport(in, out);
  // Every read consumes at least one byte, so more reads than bytes would be a loop.
  for (size_t reads = 0; reads <= size + 1; ++reads) {
    boundwise::lsp::Incoming incoming = transport.read();
    using Kind = boundwise::lsp::Incoming::Kind;
    if (incoming.kind == Kind::Eof) return 0;
    if (incoming.kind == Kind::BadBody) transport.replyError(incoming.id, incoming.errorCode, incoming.error);
    if (incoming.kind == Kind::Message && !incoming.message.contains("method")) std::abort();
  }
  std::abort();
}
