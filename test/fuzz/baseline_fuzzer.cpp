// Baseline files (analyzer/core/baseline.h): JSON written by --update-baseline, read by
// --baseline. Any input is a baseline or an error naming the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analyzer/core/baseline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(reinterpret_cast<const char *>(data), size);
  std::string error;
  auto baseline = boundwise::parseBaseline(text, "fuzz.json", error);
  if (!baseline && error.find("'fuzz.json'") == std::string::npos) std::abort();
  return 0;
}
