#include "analyzer/core/baseline.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

namespace boundwise {
namespace {

constexpr int kBaselineVersion = 1;
constexpr size_t kMaxBaselineBytes = size_t(64) << 20;  // 250,000 findings
constexpr int kMaxBaselineDepth = 16;
struct TooDeep {};

// FNV-1a: stable across platforms and releases, unlike std::hash.
uint64_t fnv1a(std::string_view s, uint64_t h = 0xcbf29ce484222325ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Reindenting or retabbing the flagged line must not make it new.
std::string normalizeWhitespace(const std::string &line) {
  std::string out;
  bool pendingSpace = false;
  for (unsigned char c : line) {
    if (std::isspace(c)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += char(c);
  }
  return out;
}

std::string hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool isFingerprint(const std::string &s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// nlohmann's messages start with "[json.exception.parse_error.101] ": noise for a user.
std::string withoutExceptionTag(const std::string &what) {
  if (what.rfind("[json.exception.", 0) == 0) {
    auto end = what.find("] ");
    if (end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

}  // namespace

std::string pathFromBaseline(const std::string &path, const std::string &baselinePath) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path anchor = fs::absolute(fs::path(baselinePath), ec).lexically_normal().parent_path();
  if (ec) return path;
  fs::path target = fs::absolute(fs::path(path), ec).lexically_normal();
  if (ec) return path;
  fs::path relative = target.lexically_relative(anchor);
  return relative.empty() ? path : relative.generic_string();
}

std::vector<std::string> fingerprints(const std::vector<Finding> &findings, SourceLines &lines,
                                      const std::string &baselinePath) {
  std::vector<std::string> out;
  out.reserve(findings.size());
  // (path, code, text) -> how many findings with them came before, in file order.
  std::map<std::tuple<std::string, std::string, std::string>, int> seen;
  std::map<std::string, std::string> anchored;  // path -> path from the baseline's folder
  for (const auto &f : findings) {
    auto [it, added] = anchored.try_emplace(f.path);
    if (added) it->second = pathFromBaseline(f.path, baselinePath);
    const std::string &path = it->second;
    std::string text = normalizeWhitespace(lines.line(f.path, f.loc.line));
    int occurrence = seen[{path, f.code, text}]++;
    // NUL separators: no field can run into the next one and collide.
    uint64_t h = fnv1a(path);
    h = fnv1a(std::string_view("\0", 1), h);
    h = fnv1a(f.code, h);
    h = fnv1a(std::string_view("\0", 1), h);
    h = fnv1a(text, h);
    h = fnv1a(std::string_view("\0", 1), h);
    h = fnv1a(std::to_string(occurrence), h);
    out.push_back(hex16(h));
  }
  return out;
}

std::optional<Baseline> loadBaseline(const std::string &path, std::string &error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {  // opens fine on Linux, then reads as empty
    error = "cannot read the baseline '" + path + "': it is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int why = errno;
    error = "cannot read the baseline '" + path + "': " + std::strerror(why);
    if (why == ENOENT) error += " (write one with --baseline FILE --update-baseline)";
    return std::nullopt;
  }
  // Read at most the limit, so that a FIFO or /dev/zero given as the baseline cannot fill memory.
  std::string text;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, size_t(in.gcount()));
    if (text.size() > kMaxBaselineBytes) {
      error = "the baseline '" + path + "' is larger than " + std::to_string(kMaxBaselineBytes >> 20) +
              " MiB; a baseline of 100,000 findings is about 25 MiB (is this the right file?)";
      return std::nullopt;
    }
  }
  return parseBaseline(text, path, error);
}

std::optional<Baseline> parseBaseline(const std::string &text, const std::string &path, std::string &error) {
  nlohmann::json doc;
  try {
    // A baseline nests three levels; nlohmann parses any depth without recursion, but every level
    // of `[[[[...` costs a container, so deeper input stops here, at the offending byte.
    doc = nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json &) {
      if (depth > kMaxBaselineDepth) throw TooDeep{};
      return true;
    });
  } catch (const nlohmann::json::exception &e) {  // parse_error, and out_of_range for 1e400
    error = "the baseline '" + path + "' is not valid JSON: " + withoutExceptionTag(e.what());
    return std::nullopt;
  } catch (const TooDeep &) {
    error = "the baseline '" + path + "' is not a boundwise baseline: nested more than " +
            std::to_string(kMaxBaselineDepth) + " levels deep";
    return std::nullopt;
  }
  auto invalid = [&](const std::string &problem) {
    error = "the baseline '" + path + "' is not a boundwise baseline: " + problem;
    return std::nullopt;
  };
  if (!doc.is_object()) return invalid("expected a JSON object");
  auto version = doc.find("version");
  if (version == doc.end()) return invalid("no \"version\"");
  if (!version->is_number_integer() || version->get<int64_t>() != kBaselineVersion) {
    // dump() throws on a string that is not UTF-8 unless told to replace; and the value may be huge.
    std::string shown = version->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    error = "the baseline '" + path + "' has version " + shown + "; this boundwise reads version " +
            std::to_string(kBaselineVersion) + " (rewrite it with --update-baseline)";
    return std::nullopt;
  }
  auto list = doc.find("findings");
  if (list == doc.end() || !list->is_array()) return invalid("no \"findings\" list");
  Baseline baseline;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto &entry = (*list)[i];
    const std::string where = "findings[" + std::to_string(i) + "]";
    if (!entry.is_object()) return invalid(where + " is not an object");
    auto fp = entry.find("fingerprint");
    if (fp == entry.end() || !fp->is_string()) return invalid(where + " has no \"fingerprint\" string");
    const std::string value = fp->get<std::string>();
    if (!isFingerprint(value))
      return invalid(where + ": fingerprint '" + (value.size() > 40 ? value.substr(0, 37) + "..." : value) +
                     "' is not 16 hex digits");
    baseline.fingerprints.insert(value);
  }
  return baseline;
}

bool writeBaseline(const std::string &path, const std::vector<Finding> &findings, SourceLines &lines,
                   std::string &error) {
  const auto prints = fingerprints(findings, lines, path);
  std::vector<size_t> order(findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Independent of the caller's order, so the file only changes when the findings do.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(findings[a].path, findings[a].loc.line, findings[a].code, prints[a]) <
           std::tie(findings[b].path, findings[b].loc.line, findings[b].code, prints[b]);
  });
  // ordered_json: keys in the order a reviewer reads them, not alphabetical.
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (size_t i : order) {
    const Finding &f = findings[i];
    entries.push_back({{"fingerprint", prints[i]},
                       {"code", f.code},
                       {"path", pathFromBaseline(f.path, path)},
                       {"line", f.loc.line},
                       {"message", f.message}});
  }
  nlohmann::ordered_json doc = {{"version", kBaselineVersion}, {"tool", "boundwise"}, {"findings", entries}};
  // Write beside the target and rename: a failed write never leaves half a baseline.
  const std::string temp = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      error = "cannot write the baseline '" + path + "': " + std::strerror(errno);
      return false;
    }
    out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    out.close();
    if (!out) {
      error = "cannot write the baseline '" + path + "': " + std::strerror(errno);
      std::remove(temp.c_str());
      return false;
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    error = "cannot write the baseline '" + path + "': " + std::strerror(errno);
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

std::vector<Finding> newFindings(const std::vector<Finding> &findings, const Baseline &baseline,
                                 SourceLines &lines, const std::string &baselinePath) {
  const auto prints = fingerprints(findings, lines, baselinePath);
  std::vector<Finding> out;
  for (size_t i = 0; i < findings.size(); ++i)
    if (!baseline.fingerprints.count(prints[i])) out.push_back(findings[i]);
  return out;
}

}  // namespace boundwise
