#include "rules/loader/yaml_bounds.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace boundwise {
namespace {

struct OverLimit {
  YamlBoundsError error;
};

// Counts, for every open collection, the values under it with aliases expanded; an anchored
// collection's count is kept when it closes, so an alias to it costs that many values.
class BoundsCounter : public YAML::EventHandler {
 public:
  explicit BoundsCounter(const YamlLimits &limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark &) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor, const std::string &) override {
    leaf(mark, anchor);
  }
  void OnAnchor(const YAML::Mark &, const std::string &name) override { pendingName_ = name; }

  void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override {
    if (++aliases_ > limits_.maxAliases)
      fail(mark, "more than " + std::to_string(limits_.maxAliases) + " aliases (*name); write the values out");
    auto it = expanded_.find(anchor);
    if (it == expanded_.end())
      fail(mark, "the alias '*" + nameOf(anchor) + "' is inside the value it refers to (a cycle)");
    add(mark, it->second);
  }

  void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    size_t valuesBefore;  // total_ when the collection opened
  };

  [[noreturn]] void fail(const YAML::Mark &mark, std::string message) {
    throw OverLimit{{mark, std::move(message)}};
  }

  std::string nameOf(YAML::anchor_t anchor) const {
    auto it = names_.find(anchor);
    return it == names_.end() ? "?" : it->second;
  }

  void remember(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor && !pendingName_.empty()) names_[anchor] = pendingName_;
    pendingName_.clear();
  }

  // `count` values more in the document (1, or an alias's expansion).
  void add(const YAML::Mark &mark, size_t count) {
    total_ += count;
    if (total_ > limits_.maxValues)
      fail(mark, aliases_ > 0 ? "the aliases here expand the document to more than " +
                                    std::to_string(limits_.maxValues) + " values (alias expansion bomb?)"
                              : "more than " + std::to_string(limits_.maxValues) + " values in one file");
  }

  void leaf(const YAML::Mark &mark, YAML::anchor_t anchor) {
    remember(anchor);
    add(mark, 1);
    if (anchor != YAML::NullAnchor) expanded_[anchor] = 1;
  }

  void open(const YAML::Mark &mark, YAML::anchor_t anchor) {
    remember(anchor);
    if (int(stack_.size()) >= limits_.maxDepth)
      fail(mark, "nested more than " + std::to_string(limits_.maxDepth) + " levels deep");
    add(mark, 1);
    stack_.push_back({anchor, total_ - 1});
  }

  void close() {
    if (stack_.empty()) return;
    const Open done = stack_.back();
    stack_.pop_back();
    if (done.anchor != YAML::NullAnchor) expanded_[done.anchor] = total_ - done.valuesBefore;
  }

  const YamlLimits &limits_;
  std::vector<Open> stack_;
  std::unordered_map<YAML::anchor_t, size_t> expanded_;  // closed anchors -> values, expanded
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::string pendingName_;
  size_t total_ = 0;
  size_t aliases_ = 0;
};

}  // namespace

std::string describeSize(size_t bytes) {
  char buf[64];
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
    std::snprintf(buf, sizeof buf, "%zu MiB", bytes >> 20);
  else if (bytes >= (1u << 20))
    std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1u << 20));
  else if (bytes >= 1024 && bytes % 1024 == 0)
    std::snprintf(buf, sizeof buf, "%zu KiB", bytes >> 10);
  else
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  return buf;
}

std::string overTheLimit(size_t bytes, size_t limit) {
  std::string size = describeSize(bytes);
  if (size == describeSize(limit) || (size.find(".0 MiB") != std::string::npos && bytes - limit < (1u << 20)))
    size = std::to_string(bytes) + " bytes";
  return "over the limit of " + describeSize(limit) + " (" + size + ")";
}

std::optional<YamlBoundsError> checkYamlBounds(std::string_view text, const YamlLimits &limits) {
  if (text.size() > limits.maxBytes)
    return YamlBoundsError{YAML::Mark::null_mark(), "the file is " + overTheLimit(text.size(), limits.maxBytes)};
  std::istringstream in{std::string(text)};
  BoundsCounter counter(limits);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(counter);  // YAML::Load reads the first document only
  } catch (const OverLimit &e) {
    return e.error;
  } catch (const YAML::Exception &) {
    // Invalid YAML: YAML::Load says where and why.
  }
  return std::nullopt;
}

}  // namespace boundwise
