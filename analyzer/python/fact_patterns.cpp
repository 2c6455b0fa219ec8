#include "analyzer/python/fact_patterns.h"

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace boundwise {

TSNode FactMatch::part(std::string_view name) const {
  for (uint8_t i = 0; i < partCount; ++i)
    if (parts[i].first == name) return parts[i].second;
  return TSNode{};
}

namespace {

// A small reader for the subset of the query language facts.scm uses:
//   (type field: (child_type) @kind.part (child_type) @kind.part ...) @kind
//   [(type) (type) ...] @kind
struct Reader {
  std::string_view src;
  std::string file;
  size_t pos = 0;

  [[noreturn]] void fail(const std::string &what) const {
    throw std::runtime_error(file + ": byte " + std::to_string(pos) + ": " + what +
                             " (the frontend reads one-level patterns only)");
  }
  void skip() {
    while (pos < src.size()) {
      if (std::isspace(static_cast<unsigned char>(src[pos]))) ++pos;
      else if (src[pos] == ';') { while (pos < src.size() && src[pos] != '\n') ++pos; }
      else break;
    }
  }
  bool peek(char c) {
    skip();
    return pos < src.size() && src[pos] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++pos;
  }
  std::string word() {
    skip();
    size_t start = pos;
    while (pos < src.size() && (std::isalnum(static_cast<unsigned char>(src[pos])) || src[pos] == '_' || src[pos] == '.'))
      ++pos;
    if (start == pos) fail("expected a name");
    return std::string(src.substr(start, pos - start));
  }
  std::string capture() {
    if (!peek('@')) return "";
    ++pos;
    return word();
  }
  bool atEnd() {
    skip();
    return pos >= src.size();
  }
};

}  // namespace

FactPatterns::FactPatterns(const TSLanguage *language, std::string_view source, const std::string &fileName)
    : language_(language) {
  // Let tree-sitter validate the file first: node types, fields, syntax.
  uint32_t errorOffset = 0;
  TSQueryError error = TSQueryErrorNone;
  TSQuery *query = ts_query_new(language, source.data(), uint32_t(source.size()), &errorOffset, &error);
  if (!query)
    throw std::runtime_error(fileName + ": invalid query at byte " + std::to_string(errorOffset) + " (tree-sitter error " +
                             std::to_string(int(error)) + ")");
  ts_query_delete(query);

  bySymbol_.resize(ts_language_symbol_count(language));
  auto symbolOf = [&](Reader &r, const std::string &name) -> TSSymbol {
    if (name == "_") return 0;
    TSSymbol s = ts_language_symbol_for_name(language, name.c_str(), uint32_t(name.size()), true);
    if (s == 0) r.fail("unknown node type '" + name + "'");
    return s;
  };
  auto kindIndex = [&](const std::string &kind) {
    for (size_t i = 0; i < kinds_.size(); ++i)
      if (kinds_[i] == kind) return int(i);
    kinds_.push_back(kind);
    return int(kinds_.size() - 1);
  };

  Reader r{source, fileName};
  while (!r.atEnd()) {
    std::vector<TSSymbol> roots;
    Pattern pattern;
    if (r.peek('[')) {
      ++r.pos;
      while (!r.peek(']')) {
        r.expect('(');
        roots.push_back(symbolOf(r, r.word()));
        r.expect(')');
      }
      ++r.pos;
    } else {
      r.expect('(');
      roots.push_back(symbolOf(r, r.word()));
      while (!r.peek(')')) {
        Child child;
        std::string maybeField = r.word();
        if (r.peek(':')) {
          ++r.pos;
          child.field = ts_language_field_id_for_name(language, maybeField.c_str(), uint32_t(maybeField.size()));
          if (child.field == 0) r.fail("unknown field '" + maybeField + "'");
          r.expect('(');
          child.type = symbolOf(r, r.word());
        } else {
          r.fail("expected `field: (type)` or `(type)`");
        }
        r.expect(')');
        const std::string cap = r.capture();
        if (!cap.empty()) {
          const auto dot = cap.find('.');
          if (dot == std::string::npos) r.fail("a part capture needs the form @kind.part");
          child.part = cap.substr(dot + 1);
        }
        pattern.children.push_back(std::move(child));
      }
      ++r.pos;
    }
    const std::string kind = r.capture();
    if (kind.empty() || kind.find('.') != std::string::npos) r.fail("a pattern needs a fact capture like @call");
    pattern.kind = kindIndex(kind);
    for (TSSymbol s : roots) bySymbol_[s].push_back(pattern);
  }

  // A string literal's parts are these tokens (and, in an f-string, interpolations). When no
  // pattern starts at one of them, the walk may step over a literal without interpolation.
  stringSymbol_ = ts_language_symbol_for_name(language, "string", 6, true);
  for (const char *part : {"string_start", "string_content", "string_end", "escape_sequence", "escape_interpolation"}) {
    const TSSymbol s = ts_language_symbol_for_name(language, part, uint32_t(std::strlen(part)), true);
    if (s != 0 && s < bySymbol_.size() && !bySymbol_[s].empty()) stringSymbol_ = 0;
  }
}

// A string literal without an f prefix cannot contain an expression, so nothing under it can
// match. A literal in error may hold anything: it is entered.
bool FactPatterns::holdsNoMatch(TSNode node, std::string_view source) const {
  if (stringSymbol_ == 0 || source.empty() || ts_node_symbol(node) != stringSymbol_ || ts_node_has_error(node)) return false;
  for (size_t i = ts_node_start_byte(node); i < source.size(); ++i) {
    const char c = source[i];
    if (c == '"' || c == '\'') return true;
    if (c == 'f' || c == 'F') return false;
    if (c != 'r' && c != 'R' && c != 'b' && c != 'B' && c != 'u' && c != 'U') return false;
  }
  return false;
}

bool FactPatterns::match(const Pattern &p, TSNode node, FactMatch &m) const {
  m.kind = p.kind;
  m.node = node;
  m.partCount = 0;
  for (const Child &c : p.children) {
    TSNode child{};
    if (c.field != 0) {
      child = ts_node_child_by_field_id(node, c.field);
      if (ts_node_is_null(child)) return false;
      if (c.type != 0 && ts_node_symbol(child) != c.type) return false;
    }
    if (!c.part.empty() && m.partCount < m.parts.size()) {
      m.parts[m.partCount++] = {std::string_view(c.part), child};
    }
  }
  return true;
}

void FactPatterns::collect(TSNode root, std::vector<FactMatch> &out, std::string_view source) const {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  FactMatch m;
  while (true) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    const TSSymbol symbol = ts_node_symbol(node);
    if (symbol < bySymbol_.size())
      for (const Pattern &p : bySymbol_[symbol])
        if (match(p, node, m)) out.push_back(m);
    // Leaves have no children to go to: asking the cursor costs more than asking the node.
    if (ts_node_child_count(node) > 0 && !holdsNoMatch(node, source) && ts_tree_cursor_goto_first_child(&cursor))
      continue;
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace boundwise
