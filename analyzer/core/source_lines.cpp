#include "analyzer/core/source_lines.h"

#include <fstream>

namespace boundwise {

const std::string &SourceLines::line(const std::string &path, int line) {
  auto it = files_.find(path);
  if (it == files_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(path, std::ios::binary);
    std::string l;
    while (std::getline(in, l)) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back(std::move(l));
    }
    it = files_.emplace(path, std::move(lines)).first;
  }
  if (line < 1 || size_t(line) > it->second.size()) return empty_;
  return it->second[size_t(line) - 1];
}

}  // namespace boundwise
