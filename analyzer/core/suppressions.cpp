#include "analyzer/core/suppressions.h"

#include <algorithm>
#include <cctype>

namespace boundwise {
namespace {

// Codes like BW101 in a list separated by commas and spaces.
std::vector<std::string> codesIn(std::string_view list) {
  std::vector<std::string> codes;
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ',' || list[i] == ' ')) ++i;
    size_t j = i;
    while (j < list.size() && std::isalnum(static_cast<unsigned char>(list[j]))) ++j;
    if (j == i) break;
    codes.emplace_back(list.substr(i, j - i));
    i = j;
  }
  return codes;
}

void add(std::map<int, std::vector<std::string>> &out, int line, std::vector<std::string> codes, bool all) {
  auto &entry = out[line];
  if (all) {
    entry.clear();
    entry.push_back("*");
    return;
  }
  for (auto &c : codes)
    if (std::find(entry.begin(), entry.end(), c) == entry.end()) entry.push_back(std::move(c));
}

}  // namespace

void parseSuppressionComment(std::string_view comment, int line, std::map<int, std::vector<std::string>> &out) {
  if (auto at = comment.find("boundwise: ignore"); at != std::string_view::npos) {
    std::string_view rest = comment.substr(at + 17);
    if (!rest.empty() && rest.front() == '[') {
      auto close = rest.find(']');
      add(out, line, codesIn(rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1)), false);
    } else {
      add(out, line, {}, true);
    }
    return;
  }
  if (auto at = comment.find("noqa:"); at != std::string_view::npos) {
    std::vector<std::string> codes;
    for (auto &c : codesIn(comment.substr(at + 5)))
      if (c.rfind("BW", 0) == 0) codes.push_back(c);
    if (!codes.empty()) add(out, line, std::move(codes), false);
    return;
  }
  if (auto at = comment.find("NOLINT("); at != std::string_view::npos) {
    std::string_view rest = comment.substr(at + 7);
    std::vector<std::string> codes;
    for (auto &c : codesIn(rest.substr(0, rest.find(')'))))
      if (c.rfind("BW", 0) == 0) codes.push_back(c);
    if (!codes.empty()) add(out, line, std::move(codes), false);
  }
}

bool isSuppressed(const std::map<int, std::vector<std::string>> &suppressions, int line, std::string_view code) {
  auto it = suppressions.find(line);
  if (it == suppressions.end()) return false;
  for (const auto &c : it->second)
    if (c == "*" || c == code) return true;
  return false;
}

}  // namespace boundwise
