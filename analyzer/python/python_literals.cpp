#include "analyzer/python/python_literals.h"

#include "analyzer/python/field_ids.h"

#include <cstring>
#include <string>
#include <vector>

namespace boundwise {
namespace {

constexpr int64_t kCap = int64_t(1) << 50;

std::string_view textOf(TSNode n, std::string_view src) {
  const uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > src.size() || e < s) return {};
  return src.substr(s, e - s);
}

std::string_view typeOf(TSNode n) { return ts_node_type(n); }

TSNode field(TSNode n, const char *name) { return fieldChild(n, name); }

std::optional<int64_t> evalDepth(TSNode n, std::string_view src, int depth) {
  if (ts_node_is_null(n) || depth > 16) return std::nullopt;
  const std::string_view t = typeOf(n);
  if (t == "integer") {
    std::string digits;
    for (char c : textOf(n, src))
      if (c != '_') digits += c;
    try {
      size_t used = 0;
      long long v = std::stoll(digits, &used, 0);
      if (used != digits.size()) return std::nullopt;
      return v;
    } catch (const std::exception &) {
      return std::nullopt;
    }
  }
  if (t == "parenthesized_expression" && ts_node_named_child_count(n) == 1)
    return evalDepth(ts_node_named_child(n, 0), src, depth + 1);
  if (t == "unary_operator") {
    auto v = evalDepth(field(n, "argument"), src, depth + 1);
    if (v && textOf(field(n, "operator"), src) == "-") return -*v;
    return v;
  }
  if (t == "binary_operator") {
    auto l = evalDepth(field(n, "left"), src, depth + 1);
    if (!l) return std::nullopt;
    auto r = evalDepth(field(n, "right"), src, depth + 1);
    if (!r) return std::nullopt;
    const std::string_view op = textOf(field(n, "operator"), src);
    __int128 a = *l, b = *r, v = 0;
    if (op == "+") v = a + b;
    else if (op == "-") v = a - b;
    else if (op == "*") v = a * b;
    else if (op == "//" && b != 0) v = a / b;
    else if (op == "<<" && b >= 0 && b < 60) v = a << int(b);
    else if (op == "**" && b >= 0 && b < 64) {
      v = 1;
      for (int i = 0; i < int(b) && v < kCap; ++i) v *= a;
    } else return std::nullopt;
    if (v > kCap) v = kCap;
    if (v < -kCap) v = -kCap;
    return int64_t(v);
  }
  return std::nullopt;
}

int64_t literalLength(TSNode n, std::string_view src) {
  const std::string_view t = typeOf(n);
  if (t == "string") {
    // The characters between the quotes: no prefix (b, r, f), no quotes, single or triple.
    const std::string_view text = textOf(n, src);
    const size_t open = text.find_first_of("'\"");
    if (open == std::string_view::npos) return 0;
    const std::string_view head = text.substr(open, 3);
    const size_t quotes = (head == "\"\"\"" || head == "'''") ? 3 : 1;
    const int64_t inner = int64_t(text.size()) - int64_t(open) - 2 * int64_t(quotes);
    return inner > 0 ? inner : 0;
  }
  if (t == "list" || t == "tuple") return std::max<int64_t>(1, ts_node_named_child_count(n)) * 8;
  return 0;
}

}  // namespace

std::optional<int64_t> evalInteger(TSNode node, std::string_view source) { return evalDepth(node, source, 0); }

// One value, not looking into tuples and lists.
static int64_t leafPayloadBytes(TSNode n, std::string_view src) {
  const std::string_view t = typeOf(n);
  if (t == "binary_operator" && textOf(field(n, "operator"), src) == "*") {
    TSNode l = field(n, "left"), r = field(n, "right");
    if (auto count = evalInteger(r, src); count && literalLength(l, src) > 0) return literalLength(l, src) * *count;
    if (auto count = evalInteger(l, src); count && literalLength(r, src) > 0) return literalLength(r, src) * *count;
    return 0;
  }
  if (t == "call") {
    // bytes(N) / bytearray(N): builtins that allocate N bytes.
    const std::string_view fn = textOf(field(n, "function"), src);
    TSNode args = field(n, "arguments");
    if ((fn == "bytes" || fn == "bytearray") && !ts_node_is_null(args) && ts_node_named_child_count(args) == 1)
      if (auto size = evalInteger(ts_node_named_child(args, 0), src)) return *size;
  }
  return 0;
}

int64_t estimatePayloadBytes(TSNode root, std::string_view src) {
  if (ts_node_is_null(root)) return 0;
  // Arguments packed in a tuple (`pool.apply(f, (blob, 0))`): the sum of what is inside, the
  // first 64 of each tuple or list. An explicit stack: a list nested 50,000 deep is valid
  // input for the parser, and a recursive walk overflowed the thread's stack.
  thread_local std::vector<TSNode> pending;
  pending.clear();
  pending.push_back(root);
  int64_t sum = 0;
  while (!pending.empty()) {
    const TSNode n = pending.back();
    pending.pop_back();
    const std::string_view t = typeOf(n);
    if (t == "tuple" || t == "list" || t == "parenthesized_expression") {
      const size_t first = pending.size();
      TSTreeCursor cursor = ts_tree_cursor_new(n);
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
          const TSNode c = ts_tree_cursor_current_node(&cursor);
          if (ts_node_is_named(c)) pending.push_back(c);
        } while (pending.size() - first < 64 && ts_tree_cursor_goto_next_sibling(&cursor));
      }
      ts_tree_cursor_delete(&cursor);
      continue;
    }
    sum += leafPayloadBytes(n, src);
  }
  return sum;
}

}  // namespace boundwise
