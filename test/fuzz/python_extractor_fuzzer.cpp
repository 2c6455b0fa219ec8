// The Python frontend (analyzer/python/python_frontend.h): source bytes -> facts. Any bytes
// (invalid UTF-8, NULs, CR-only lines, deep nesting) must give a FileModel, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/python/python_frontend.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const boundwise::PythonFrontend frontend;  // compiles the fact query once
  const std::string_view source(reinterpret_cast<const char *>(data), size);
  boundwise::FileModel model = frontend.extract(source, "fuzz/mod.py", "fuzz.mod", false);
  (void)model;
  return 0;
}
