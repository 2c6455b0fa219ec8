// The language server (analyzer/lsp/server.h) driven from a buffer: an `initialize` with an
// empty workspace folder, then the fuzzer's bytes as the rest of the client's stream (framed
// messages: didOpen, didChange, codeAction, shutdown, ...). Any stream must end with an exit
// code, never a crash or a hang.
//
// The server reads the files that URIs name, so inputs whose URIs point outside the sandbox
// folder (or climb out of it) are skipped: they would analyse the fuzzing machine's disk.
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "analyzer/lsp/server.h"

namespace {

constexpr const char *kRoot = "/tmp/boundwise-lsp-fuzz";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// Every `file:` is followed by the sandbox's path, and nothing may climb out of it.
bool staysInSandbox(const std::string &input) {
  const std::string text = lower(input);
  if (text.find("..") != std::string::npos || text.find('%') != std::string::npos) return false;
  if (text.find("\\u") != std::string::npos) return false;  // JSON escapes could spell either
  const std::string prefix = std::string("file://") + kRoot + "/";
  for (size_t at = text.find("file:"); at != std::string::npos; at = text.find("file:", at + 1))
    if (text.compare(at, prefix.size(), prefix) != 0) return false;
  return true;
}

std::string frame(const std::string &body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  mkdir(kRoot, 0755);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string input(reinterpret_cast<const char *>(data), size);
  if (!staysInSandbox(input)) return -1;  // not added to the corpus
  std::istringstream in(frame(std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":"file://)") +
                              kRoot + R"("}})") +
                        frame(R"({"jsonrpc":"2.0","method":"initialized","params":{}})") + input);
  std::ostringstream out;
  boundwise::runLanguageServer(in, out);
  return 0;
}
