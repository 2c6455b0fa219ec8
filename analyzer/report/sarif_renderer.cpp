// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: full rule descriptors, relative URIs
// under %SRCROOT%, primaryLocationLineHash fingerprints, input problems as notifications.
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "analyzer/checks/check.h"
#include "analyzer/core/embedded.h"
#include "analyzer/core/source_lines.h"
#include "analyzer/report/renderer.h"

namespace boundwise {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char *kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char *kInformationUri = "https://github.com/boundwise/boundwise";
constexpr const char *kRulePageBase = "https://github.com/boundwise/boundwise/blob/main/docs/rules/";
constexpr const char *kSrcRoot = "%SRCROOT%";

std::string_view sarifLevel(Severity s) {
  switch (s) {
    case Severity::Info: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

// RFC 3986: everything but unreserved characters and the path separator is percent-encoded,
// byte by byte, so spaces, '%', '#', '?' and non-ASCII names survive as URIs.
std::string percentEncodePath(std::string_view path) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string currentDirectoryUri() {
  std::string dir;
  if (char *cwd = getcwd(nullptr, 0)) {
    dir = cwd;
    std::free(cwd);
  }
  if (dir.empty() || dir.back() != '/') dir += '/';
  return "file://" + percentEncodePath(dir);
}

// Paths are relative to the current directory, except files outside it, which the pipeline
// prints absolute: those get a file URI of their own.
Json artifactLocation(const std::string &path) {
  if (!path.empty() && path.front() == '/') return {{"uri", "file://" + percentEncodePath(path)}};
  return {{"uri", percentEncodePath(path)}, {"uriBaseId", kSrcRoot}};
}

// SARIF positions are 1-based and a region may not end before it starts.
Json region(const Location &loc) {
  const int startLine = std::max(1, loc.line);
  const int startColumn = std::max(1, loc.column);
  const int endLine = std::max(startLine, loc.endLine);
  int endColumn = loc.endColumn > 0 ? loc.endColumn : (endLine == startLine ? startColumn : 1);
  if (endLine == startLine) endColumn = std::max(endColumn, startColumn);
  return {{"startLine", startLine}, {"startColumn", startColumn}, {"endLine", endLine}, {"endColumn", endColumn}};
}

// The text of the `## heading` section of a rule page, without surrounding blank lines.
std::string section(std::string_view page, std::string_view heading) {
  const std::string marker = "## " + std::string(heading) + "\n";
  size_t begin = page.find(marker);
  if (begin == std::string_view::npos) return {};
  begin += marker.size();
  size_t end = page.find("\n## ", begin);
  std::string_view body = page.substr(begin, end == std::string_view::npos ? std::string_view::npos : end + 1 - begin);
  const size_t first = body.find_first_not_of(" \n");
  const size_t last = body.find_last_not_of(" \n");
  return first == std::string_view::npos ? std::string() : std::string(body.substr(first, last + 1 - first));
}

std::string_view rulePage(std::string_view code) {
  const std::string name = std::string(code) + ".md";
  for (const auto &doc : bundledRuleDocs())
    if (doc.name == name) return doc.text;
  return {};
}

// Code-scanning filters: every code is about concurrency; BW3xx and BW4xx break programs
// (lost updates, re-run imports, pickling errors) except BW403, which only costs time; BW503
// (Python objects touched without the GIL) crashes.
Json ruleTags(std::string_view code) {
  const bool correctness =
      ((code.rfind("BW3", 0) == 0 || code.rfind("BW4", 0) == 0) && code != "BW403") || code == "BW503";
  return Json::array({"concurrency", correctness ? "correctness" : "performance"});
}

Json ruleDescriptor(const CheckInfo &info) {
  const std::string_view page = rulePage(info.code);
  std::string what = section(page, "What it does");
  if (what.empty()) what = std::string(info.summary);
  const std::string help = page.empty() ? std::string(info.summary) : std::string(page);
  return {{"id", info.code},
          {"name", info.name},
          {"shortDescription", {{"text", info.summary}}},
          {"fullDescription", {{"text", what}}},
          {"help", {{"text", help}, {"markdown", help}}},
          {"helpUri", std::string(kRulePageBase) + std::string(info.code) + ".md"},
          {"defaultConfiguration", {{"level", sarifLevel(info.severity)}}},
          {"properties", {{"tags", ruleTags(info.code)}}}};
}

// FNV-1a, 64 bits: the same value on every platform and in every run.
std::string lineHash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') continue;
    h = (h ^ c) * 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// GitHub's `<hash>:<n>` form: the hash ignores whitespace, so a finding keeps its alert when
// lines move or are re-indented; n (from 1) tells apart same-rule findings on identical lines.
std::vector<std::string> lineHashes(const std::vector<Finding> &findings) {
  SourceLines lines;
  std::map<std::string, int> seen;  // path, code and hash -> occurrences so far
  std::vector<std::string> out;
  out.reserve(findings.size());
  for (const Finding &f : findings) {
    const std::string hash = lineHash(lines.line(f.path, f.loc.line));
    const int n = ++seen[f.path + '\0' + f.code + '\0' + hash];
    out.push_back(hash + ":" + std::to_string(n));
  }
  return out;
}

// Evidence can point into a rule file compiled into boundwise (rules/python/*.yaml), which is
// no file of the analysed project: code scanning could not show it, so the message names it.
bool isBundledRuleFile(const std::string &path) {
  for (const auto &file : bundledRuleFiles())
    if (file.path == path) return !std::filesystem::exists(path);
  return false;
}

Json relatedLocations(const std::vector<Evidence> &chain) {
  Json out = Json::array();
  for (size_t i = 0; i < chain.size(); ++i) {
    const Evidence &e = chain[i];
    if (isBundledRuleFile(e.path)) {
      const std::string where = e.path + (e.line > 0 ? ":" + std::to_string(e.line) : "");
      out.push_back({{"id", i}, {"message", {{"text", where + " (bundled with boundwise): " + e.message}}}});
      continue;
    }
    Json physical = {{"artifactLocation", artifactLocation(e.path)}};
    if (e.line > 0) physical["region"] = {{"startLine", e.line}, {"startColumn", std::max(1, e.column)}};
    out.push_back({{"id", i}, {"physicalLocation", physical}, {"message", {{"text", e.message}}}});
  }
  return out;
}

// Code scanning shows one message per alert, so the fix travels with it.
std::string messageText(const Finding &f) {
  if (f.help.empty()) return f.message;
  const bool ended = !f.message.empty() && f.message.back() == '.';
  return f.message + (ended ? " " : ". ") + "Help: " + f.help;
}

Json results(const std::vector<Finding> &findings, const std::map<std::string_view, size_t> &ruleIndex) {
  const std::vector<std::string> hashes = lineHashes(findings);
  Json out = Json::array();
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding &f = findings[i];
    Json r = {{"ruleId", f.code}};
    if (auto it = ruleIndex.find(f.code); it != ruleIndex.end()) r["ruleIndex"] = it->second;
    r["level"] = sarifLevel(f.severity);
    r["message"] = {{"text", messageText(f)}};
    r["locations"] = Json::array({{{"physicalLocation", {{"artifactLocation", artifactLocation(f.path)}, {"region", region(f.loc)}}}}});
    if (!f.evidence.empty()) r["relatedLocations"] = relatedLocations(f.evidence);
    r["partialFingerprints"] = {{"primaryLocationLineHash", hashes[i]}};
    r["properties"] = {{"workload", toString(f.workload)}, {"recommendation", toString(f.recommendation)}};
    out.push_back(std::move(r));
  }
  return out;
}

// Files that could not be analysed: the run did not fully succeed (exit code 2).
Json invocation(const std::vector<InputProblem> &problems) {
  Json notifications = Json::array();
  for (const InputProblem &p : problems) {
    Json physical = {{"artifactLocation", artifactLocation(p.path)}};
    if (p.line > 0) physical["region"] = {{"startLine", p.line}, {"startColumn", std::max(1, p.column)}};
    notifications.push_back({{"level", "error"},
                             {"message", {{"text", p.message}}},
                             {"locations", Json::array({{{"physicalLocation", physical}}})}});
  }
  return {{"executionSuccessful", problems.empty()}, {"toolExecutionNotifications", notifications}};
}

}  // namespace

void renderSarif(const CheckResult &r, const RenderOptions &, std::ostream &os) {
  Json rules = Json::array();
  std::map<std::string_view, size_t> ruleIndex;
  for (const auto &check : allChecks()) {
    ruleIndex[check->info().code] = rules.size();
    rules.push_back(ruleDescriptor(check->info()));
  }
  const Json driver = {{"name", "boundwise"},
                       {"semanticVersion", BOUNDWISE_VERSION},
                       {"version", BOUNDWISE_VERSION},
                       {"informationUri", kInformationUri},
                       {"rules", rules}};
  const Json run = {{"tool", {{"driver", driver}}},
                    {"invocations", Json::array({invocation(r.problems)})},
                    {"originalUriBaseIds", {{kSrcRoot, {{"uri", currentDirectoryUri()}}}}},
                    {"columnKind", "unicodeCodePoints"},
                    {"results", results(r.findings, ruleIndex)}};
  const Json log = {{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
  // A file name that is not UTF-8 must not abort the report: such bytes become U+FFFD.
  os << log.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace boundwise
