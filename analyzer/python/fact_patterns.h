#pragma once
// The patterns of queries/facts.scm, matched in one walk over the syntax tree.
//
// facts.scm stays the description of what a fact is; it is compiled with ts_query_new, so a
// pattern tree-sitter would reject is an error at start-up. Tree-sitter's query cursor,
// though, costs about 2.4x a plain cursor walk over the same tree, whatever the patterns
// (bench/parse_only.cpp and docs/performance.md), which is most of boundwise's time over the
// parse. The patterns here are one level deep (a node type, its fields or children by type,
// and captures), so they are read once and matched node by node in a single pre-order walk,
// which also yields facts in document order with enclosing nodes first.
#include <tree_sitter/api.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace boundwise {

struct FactMatch {
  int kind = -1;  // index into FactPatterns::kinds()
  TSNode node{};
  std::array<std::pair<std::string_view, TSNode>, 4> parts{};
  uint8_t partCount = 0;

  // A named part (`@call.function` -> "function"); a null node when the pattern has none.
  TSNode part(std::string_view name) const;
};

class FactPatterns {
 public:
  // Throws std::runtime_error naming `fileName` and the position of the problem.
  FactPatterns(const TSLanguage *, std::string_view source, const std::string &fileName);

  // Fact kinds: the capture names without a dot (`@call`, `@function`, ...).
  const std::vector<std::string> &kinds() const { return kinds_; }
  // Every match under `root`, in document order (an enclosing node before what it encloses).
  // With the tree's `source`, the walk does not enter string literals that cannot hold a
  // match (no f-string interpolation, no error): their parts are tokens no pattern names.
  void collect(TSNode root, std::vector<FactMatch> &out, std::string_view source = {}) const;

 private:
  struct Child {
    TSFieldId field = 0;       // 0: any named child of `type` (no field)
    TSSymbol type = 0;         // 0: any node (`(_)`)
    std::string part;          // capture part name, empty if not captured
  };
  struct Pattern {
    int kind = -1;
    std::vector<Child> children;
  };
  bool match(const Pattern &, TSNode, FactMatch &) const;

  bool holdsNoMatch(TSNode, std::string_view source) const;

  const TSLanguage *language_;
  TSSymbol stringSymbol_ = 0;  // 0: strings are always entered
  std::vector<std::string> kinds_;
  std::vector<std::vector<Pattern>> bySymbol_;  // root symbol -> patterns
};

}  // namespace boundwise
