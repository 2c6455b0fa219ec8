// Configuration files (analyzer/cli/config.h): .boundwise.yaml and pyproject.toml, as found in an
// analysed tree. The first byte picks the format; the rest is the file. Any input must give a
// configuration or an error naming the file, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analyzer/cli/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const bool toml = data[0] & 1;
  const std::string text(reinterpret_cast<const char *>(data) + 1, size - 1);
  const std::string path = toml ? "fuzz/pyproject.toml" : "fuzz/.boundwise.yaml";
  std::string error;
  auto config = boundwise::parseConfigText(text, path, error);
  if (!config && error.rfind(path, 0) != 0) std::abort();  // every error names the file
  return 0;
}
