#pragma once
// Python frontend: tree-sitter parse + the fact queries in queries/facts.scm -> FileModel.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/model.h"

namespace boundwise {

class FactPatterns;

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
  std::unique_ptr<FactPatterns> patterns_;
  std::vector<int> kindOf_;  // pattern kind index -> FactKind
};

}  // namespace boundwise
