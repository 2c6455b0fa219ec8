#pragma once
// Lines of source files read again on demand, after analysis (the pipeline keeps no source
// text): for baseline fingerprints, SARIF line hashes and excerpts. Thread-compatible, not
// thread-safe.
#include <map>
#include <string>
#include <vector>

namespace boundwise {

class SourceLines {
 public:
  // The 1-based line of `path` without its line ending; empty when the file or line is missing.
  const std::string &line(const std::string &path, int line);

 private:
  std::map<std::string, std::vector<std::string>> files_;
  std::string empty_;
};

}  // namespace boundwise
