#pragma once
// Python frontend: tree-sitter parse + the fact queries in queries/facts.scm -> FileModel.
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/core/model.h"

struct TSQuery;

namespace boundwise {

class PythonFrontend {
 public:
  // Compiles the bundled fact query. Throws std::runtime_error naming the query file on error.
  PythonFrontend();
  ~PythonFrontend();
  PythonFrontend(const PythonFrontend &) = delete;
  PythonFrontend &operator=(const PythonFrontend &) = delete;

  // Thread-safe: each thread uses its own parser.
  FileModel extract(std::string_view source, const std::string &path, const std::string &moduleName,
                    bool isPackageInit) const;

 private:
  TSQuery *query_ = nullptr;
  std::vector<std::string> captureNames_;
};

}  // namespace boundwise
