#include "analyzer/python/python_frontend.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "analyzer/core/embedded.h"
#include "analyzer/core/suppressions.h"
#include "analyzer/python/fact_patterns.h"
#include "analyzer/python/field_ids.h"
#include "analyzer/python/python_literals.h"

extern "C" const TSLanguage *tree_sitter_python(void);

namespace boundwise {
namespace {

enum class FactKind {
  Function, Class, Lambda, For, While, Comprehension, Break, Return, With, MainGuard,
  Import, ImportFrom, Global, Nonlocal, Assign, AugAssign, Call, Await, Arith, Comment, Unknown
};

FactKind factKindOf(std::string_view name) {
  static const std::unordered_map<std::string_view, FactKind> kinds{
      {"function", FactKind::Function}, {"class", FactKind::Class}, {"lambda", FactKind::Lambda},
      {"for", FactKind::For}, {"while", FactKind::While}, {"comprehension", FactKind::Comprehension},
      {"break", FactKind::Break}, {"return", FactKind::Return}, {"with", FactKind::With},
      {"main_guard", FactKind::MainGuard}, {"import", FactKind::Import}, {"import_from", FactKind::ImportFrom},
      {"global", FactKind::Global}, {"nonlocal", FactKind::Nonlocal}, {"assign", FactKind::Assign},
      {"augassign", FactKind::AugAssign}, {"call", FactKind::Call}, {"await", FactKind::Await},
      {"arith", FactKind::Arith}, {"comment", FactKind::Comment},
  };
  auto it = kinds.find(name);
  return it == kinds.end() ? FactKind::Unknown : it->second;
}

// A match of facts.scm with its kind resolved.
struct Fact {
  FactKind kind = FactKind::Unknown;
  TSNode node{};
  const FactMatch *match = nullptr;

  TSNode part(std::string_view name) const {
    TSNode n = match->part(name);
    if (ts_node_is_null(n)) throw std::logic_error("facts.scm pattern lacks @" + std::string(name));
    return n;
  }
};

uint64_t keyOf(TSNode n) { return (uint64_t(ts_node_start_byte(n)) << 32) | ts_node_end_byte(n); }

std::string_view typeOf(TSNode n) { return ts_node_type(n); }

// Call and function nodes -> their index in the file's tables, by the node's byte range. A
// sorted vector: one allocation per file instead of one hash node per call. When two nodes
// share a range, the later one wins, as an assignment into a map would have it.
class NodeIndex {
 public:
  void add(uint64_t key, int index) { entries_.emplace_back(key, index); }
  void seal() { std::sort(entries_.begin(), entries_.end()); }
  int find(uint64_t key) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), std::make_pair(key, std::numeric_limits<int>::max()));
    if (it == entries_.begin() || std::prev(it)->first != key) return -1;
    return std::prev(it)->second;
  }

 private:
  std::vector<std::pair<uint64_t, int>> entries_;
};

// Functions, classes, loops (a comprehension's `for` clauses included), `with` blocks and
// main guards nested deeper than this are not analysed. CPython itself stops earlier: it
// rejects 100 indentation levels and 200 nested brackets, and compiles about a thousand
// nested lambdas at most.
constexpr int kMaxNesting = 1000;

// Calls fn(child) for each named child of n, in order; linear in the children (asking
// ts_node_named_child(n, i) for each i walks the first i children every time).
template <typename Fn>
void forEachNamedChild(TSNode n, Fn &&fn) {
  if (ts_node_is_null(n) || ts_node_child_count(n) == 0) return;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(c)) fn(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

struct ContextEntry {
  enum Kind { Function, Class, Loop, With, MainGuard } kind;
  uint32_t end;
  int index;                 // function/class/loop index
  std::vector<int> items;    // With: with-item indices
};

class Extractor {
 public:
  Extractor(std::string_view src, FileModel &model) : src_(src), model_(model), ascii_(isAscii(src)) { indexLines(); }

  void run(TSNode root, std::vector<Fact> &facts) {
    model_.scopes.push_back(Scope{ScopeKind::Module, -1, -1, {}});
    dropTooDeep(facts);
    numberCallsAndFunctions(facts);
    for (Fact &fact : facts) {
      const uint32_t start = ts_node_start_byte(fact.node);
      while (!stack_.empty() && stack_.back().end <= start) {
        if (stack_.back().kind == ContextEntry::MainGuard) --mainGuards_;
        stack_.pop_back();
      }
      handle(fact);
    }
    collectSyntaxErrors(root);
  }

 private:
  std::string_view src_;
  FileModel &model_;
  bool ascii_;  // no multi-byte character: a byte column is a code point column
  std::vector<uint32_t> lineStarts_;
  std::vector<ContextEntry> stack_;
  NodeIndex callIndex_, functionIndex_;
  std::unordered_set<uint64_t> awaited_;
  std::unordered_map<uint64_t, std::vector<std::string>> resultNames_;  // call node -> assigned names
  int mainGuards_ = 0;  // MainGuard entries on stack_

  // ---- nesting ----------------------------------------------------------------------------
  // How many contexts a fact opens: the extractor's stack grows by this much inside it.
  int contextsOpenedBy(const Fact &f) const {
    switch (f.kind) {
      case FactKind::Function: case FactKind::Lambda: case FactKind::Class: case FactKind::For:
      case FactKind::While: case FactKind::With:
        return 1;
      case FactKind::MainGuard:
        return isMainGuard(f) ? 1 : 0;
      case FactKind::Comprehension: {
        int clauses = 0;
        forEachNamedChild(f.node, [&](TSNode c) { clauses += typeOf(c) == "for_in_clause"; });
        return clauses;
      }
      default:
        return 0;
    }
  }

  // Code nested deeper than kMaxNesting contexts is left out, with a problem naming the place
  // of the first construct left out; everything around it is analysed. The context stack and
  // what each fact copies from it (enclosing loops, qualified names) stay bounded.
  void dropTooDeep(std::vector<Fact> &facts) {
    thread_local std::vector<std::pair<uint32_t, int>> open;  // end byte, contexts opened
    open.clear();
    int depth = 0;
    uint32_t skipUntil = 0;
    bool reported = false;
    size_t kept = 0;
    for (size_t i = 0; i < facts.size(); ++i) {
      const Fact &f = facts[i];
      const uint32_t start = ts_node_start_byte(f.node);
      if (start < skipUntil) continue;
      while (!open.empty() && open.back().first <= start) {
        depth -= open.back().second;
        open.pop_back();
      }
      if (const int opened = contextsOpenedBy(f); opened > 0) {
        if (depth + opened > kMaxNesting) {
          skipUntil = ts_node_end_byte(f.node);
          if (!reported) {
            reported = true;
            ParseProblem p;
            p.loc = locate(f.node);
            p.message = "code nested deeper than " + std::to_string(kMaxNesting) +
                        " functions, classes, loops and `with` blocks; what is nested deeper was not analysed";
            model_.syntaxErrors.push_back(std::move(p));
          }
          continue;
        }
        depth += opened;
        open.emplace_back(ts_node_end_byte(f.node), opened);
      }
      facts[kept++] = f;
    }
    facts.resize(kept);
  }

  // ---- text and positions -------------------------------------------------------------
  static bool isAscii(std::string_view s) {
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) return false;
    }
    for (; i < s.size(); ++i)
      if (static_cast<unsigned char>(s[i]) & 0x80) return false;
    return true;
  }

  void indexLines() {
    lineStarts_.push_back(0);
    const char *begin = src_.data(), *end = begin + src_.size();
    for (const char *p = begin; p < end; ++p) {
      p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
      if (!p) break;
      lineStarts_.push_back(uint32_t(p - begin + 1));
    }
  }

  int codepointColumn(uint32_t row, uint32_t byteColumn) const {
    if (row >= lineStarts_.size()) return int(byteColumn) + 1;
    const size_t begin = lineStarts_[row];
    const size_t end = std::min(src_.size(), begin + byteColumn);
    if (ascii_) return int(end - begin) + 1;  // one byte, one code point
    int cps = 0;
    for (size_t i = begin; i < end; ++i)
      if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++cps;
    return cps + 1;
  }

  Location locate(TSNode n) const {
    TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
    return Location{int(s.row) + 1, codepointColumn(s.row, s.column), int(e.row) + 1,
                    codepointColumn(e.row, e.column)};
  }

  std::string_view text(TSNode n) const {
    const uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (s >= src_.size() || e > src_.size() || e < s) return {};
    return src_.substr(s, e - s);
  }

  // Only the first `limit` bytes are copied: a call nested 50,000 deep has a 150 KB argument
  // at every level, and copying each whole would be quadratic in the file.
  std::string shortText(TSNode n, size_t limit = 80) const {
    const std::string_view whole = text(n);
    std::string t(whole.substr(0, limit + 1));
    std::replace(t.begin(), t.end(), '\n', ' ');
    if (whole.size() > limit) {
      t.resize(limit);
      while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();
      if (!t.empty() && static_cast<unsigned char>(t.back()) >= 0xC0) t.pop_back();
      t += "...";
    }
    return t;
  }

  TSNode field(TSNode n, const char *name) const { return fieldChild(n, name); }

  // ---- context --------------------------------------------------------------------------
  int currentFunction() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
      if (it->kind == ContextEntry::Function) return it->index;
    return -1;
  }
  // The innermost class whose body we are directly in (not inside one of its methods).
  int currentClassBody() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == ContextEntry::Function) return -1;
      if (it->kind == ContextEntry::Class) return it->index;
    }
    return -1;
  }
  int currentScope() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == ContextEntry::Function) return model_.functions[it->index].scope;
      if (it->kind == ContextEntry::Class) return model_.classes[it->index].scope;
    }
    return 0;
  }
  std::string currentQualPrefix() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == ContextEntry::Function) return model_.functions[it->index].qualname + ".<locals>.";
      if (it->kind == ContextEntry::Class) return model_.classes[it->index].qualname + ".";
    }
    return "";
  }
  std::vector<int> enclosingLoops() const {
    std::vector<int> loops;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == ContextEntry::Function || it->kind == ContextEntry::Class) break;
      if (it->kind == ContextEntry::Loop) loops.push_back(it->index);
    }
    std::reverse(loops.begin(), loops.end());
    return loops;
  }
  std::vector<int> enclosingWithItems() const {
    std::vector<int> items;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == ContextEntry::Function || it->kind == ContextEntry::Class) break;
      if (it->kind == ContextEntry::With) items.insert(items.end(), it->items.begin(), it->items.end());
    }
    return items;
  }
  bool underMainGuard() const { return mainGuards_ > 0; }

  // ---- names ----------------------------------------------------------------------------
  // `a.b.c` -> {"a","b","c"}; `f().x` -> baseCall = f's call, {"x"}; anything else -> empty.
  Ref refOf(TSNode n) const {
    Ref ref;
    // The parts come last first; views into the source until the chain is known to be one.
    thread_local std::vector<std::string_view> reversed;
    reversed.clear();
    while (true) {
      const std::string_view t = typeOf(n);
      if (t == "identifier") {
        reversed.push_back(text(n));
        break;
      }
      if (t == "attribute") {
        reversed.push_back(text(field(n, "attribute")));
        n = field(n, "object");
        continue;
      }
      if (t == "call") {
        ref.baseCall = callIndex_.find(keyOf(n));
        if (ref.baseCall < 0) return {};
        break;
      }
      if (t == "parenthesized_expression" && ts_node_named_child_count(n) == 1) {
        n = ts_node_named_child(n, 0);
        continue;
      }
      return {};
    }
    ref.parts.reserve(reversed.size());
    for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) ref.parts.emplace_back(*it);
    return ref;
  }

  // Annotation -> the classes it may name (`A | None`, `Optional[A]`, `"A"`).
  void typeRefs(TSNode n, std::vector<Ref> &out, int depth = 0) const {
    if (ts_node_is_null(n) || depth > 8) return;
    const std::string_view t = typeOf(n);
    if (t == "type" || t == "parenthesized_expression") {
      for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) typeRefs(ts_node_named_child(n, i), out, depth + 1);
    } else if (t == "identifier" || t == "attribute") {
      Ref r = refOf(n);
      if (!r.empty()) out.push_back(std::move(r));
    } else if (t == "member_type") {
      Ref r;
      std::string dotted(text(n));
      size_t pos = 0;
      while (true) {
        size_t dot = dotted.find('.', pos);
        std::string part = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        part.erase(std::remove_if(part.begin(), part.end(), ::isspace), part.end());
        r.parts.push_back(part);
        if (dot == std::string::npos) break;
        pos = dot + 1;
      }
      out.push_back(std::move(r));
    } else if (t == "union_type" || t == "binary_operator" || t == "type_parameter") {
      for (uint32_t i = 0; i < ts_node_named_child_count(n); ++i) typeRefs(ts_node_named_child(n, i), out, depth + 1);
    } else if (t == "generic_type" || t == "subscript") {
      // Optional[X], Union[X, Y]: the arguments name the classes.
      const std::string head(text(ts_node_named_child(n, 0)));
      if (head.ends_with("Optional") || head.ends_with("Union")) {
        for (uint32_t i = 1; i < ts_node_named_child_count(n); ++i) typeRefs(ts_node_named_child(n, i), out, depth + 1);
      } else {
        typeRefs(ts_node_named_child(n, 0), out, depth + 1);
      }
    } else if (t == "string") {
      std::string s(text(n));
      s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
      s.erase(std::remove(s.begin(), s.end(), '\''), s.end());
      Ref r;
      size_t pos = 0;
      while (!s.empty()) {
        size_t dot = s.find('.', pos);
        r.parts.push_back(s.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
        if (dot == std::string::npos) break;
        pos = dot + 1;
      }
      if (!r.parts.empty() && isIdentifier(r.parts.front())) out.push_back(std::move(r));
    }
  }

  static bool isIdentifier(const std::string &s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  }

  void bind(int scope, const std::string &name, Binding b) {
    auto &names = model_.scopes[scope].names;
    auto it = names.find(name);
    if (it != names.end()) {
      // `global x` / `nonlocal x` stay: later assignments go to the outer variable.
      if (it->second.kind == Binding::Kind::Global || it->second.kind == Binding::Kind::Nonlocal) return;
      // Keep the first binding that says something about the value's type.
      const bool oldInformative = it->second.fromCall >= 0 || !it->second.types.empty() ||
                                  it->second.kind != Binding::Kind::Variable || it->second.index >= 0;
      const bool newInformative = b.fromCall >= 0 || !b.types.empty() || b.kind != Binding::Kind::Variable || b.index >= 0;
      if (oldInformative && !newInformative) return;
      if (oldInformative && it->second.kind == Binding::Kind::Import && b.kind == Binding::Kind::Import) return;
    }
    names[name] = std::move(b);
  }

  void collectNames(TSNode n, std::vector<std::string> &out, int budget = 256) const {
    TSTreeCursor cursor = ts_tree_cursor_new(n);
    int visited = 0;
    bool more = true;
    while (more && visited++ < budget) {
      TSNode cur = ts_tree_cursor_current_node(&cursor);
      if (typeOf(cur) == "identifier") out.emplace_back(text(cur));
      if (ts_tree_cursor_goto_first_child(&cursor)) continue;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) { more = false; break; }
        if (ts_node_eq(ts_tree_cursor_current_node(&cursor), n)) { more = false; break; }
      }
    }
    ts_tree_cursor_delete(&cursor);
  }

  // ---- facts ----------------------------------------------------------------------------
  void numberCallsAndFunctions(const std::vector<Fact> &facts) {
    int calls = 0, functions = 0, classes = 0;
    for (const Fact &f : facts) {
      if (f.kind == FactKind::Call) callIndex_.add(keyOf(f.node), calls++);
      else if (f.kind == FactKind::Function || f.kind == FactKind::Lambda) functionIndex_.add(keyOf(f.node), functions++);
      else if (f.kind == FactKind::Class) ++classes;
    }
    callIndex_.seal();
    functionIndex_.seal();
    // The tables' final sizes are known: no regrowth, no spare capacity kept for the run.
    model_.calls.reserve(size_t(calls));
    model_.functions.reserve(size_t(functions));
    model_.classes.reserve(size_t(classes));
    model_.scopes.reserve(size_t(1 + functions + classes));
  }

  void handle(const Fact &f) {
    switch (f.kind) {
      case FactKind::Function: onFunction(f, false); break;
      case FactKind::Lambda: onFunction(f, true); break;
      case FactKind::Class: onClass(f); break;
      case FactKind::For: onFor(f); break;
      case FactKind::While: onWhile(f); break;
      case FactKind::Comprehension: onComprehension(f); break;
      case FactKind::Break: markBreak(false); break;
      case FactKind::Return: markBreak(true); break;
      case FactKind::With: onWith(f); break;
      case FactKind::MainGuard: onMainGuard(f); break;
      case FactKind::Import: onImport(f); break;
      case FactKind::ImportFrom: onImportFrom(f); break;
      case FactKind::Global: case FactKind::Nonlocal: onGlobal(f); break;
      case FactKind::Assign: onAssign(f); break;
      case FactKind::AugAssign: onAugAssign(f); break;
      case FactKind::Call: onCall(f); break;
      case FactKind::Await: onAwait(f); break;
      case FactKind::Arith: onArith(f); break;
      case FactKind::Comment: onComment(f); break;
      case FactKind::Unknown: break;
    }
  }

  void onFunction(const Fact &f, bool isLambda) {
    FunctionFact fn;
    fn.isLambda = isLambda;
    fn.name = isLambda ? "<lambda>" : std::string(text(f.part("name")));
    fn.qualname = currentQualPrefix() + fn.name;
    fn.loc = locate(f.node);
    if (!isLambda) fn.isAsync = ts_node_child_count(f.node) > 0 && typeOf(ts_node_child(f.node, 0)) == "async";
    fn.parentFunction = currentFunction();
    fn.definedInFunction = fn.parentFunction >= 0;
    const int classBody = currentClassBody();
    const int parentScope = currentScope();
    const int index = int(model_.functions.size());
    fn.scope = int(model_.scopes.size());
    model_.scopes.push_back(Scope{isLambda ? ScopeKind::Lambda : ScopeKind::Function, parentScope, index, {}});
    if (classBody >= 0 && !isLambda) {
      fn.classIndex = classBody;
      model_.classes[classBody].methods[fn.name] = index;
    } else if (!isLambda) {
      // A method's enclosing class for nested helpers is not needed; keep -1.
    }
    TSNode params = isLambda ? field(f.node, "parameters") : f.part("parameters");
    if (!ts_node_is_null(params)) readParameters(params, fn);
    if (!isLambda) typeRefs(field(f.node, "return_type"), fn.returns);
    if (!isLambda) {
      Binding b;
      b.kind = Binding::Kind::Function;
      b.index = index;
      b.line = fn.loc.line;
      bind(parentScope, fn.name, b);
    }
    model_.functions.push_back(std::move(fn));
    stack_.push_back({ContextEntry::Function, ts_node_end_byte(f.node), index, {}});
  }

  void readParameters(TSNode params, FunctionFact &fn) {
    forEachNamedChild(params, [&](TSNode p) {
      const std::string_view t = typeOf(p);
      TSNode nameNode{}, typeNode{};
      if (t == "identifier") nameNode = p;
      else if (t == "typed_parameter") {
        nameNode = ts_node_named_child(p, 0);
        typeNode = field(p, "type");
      } else if (t == "default_parameter" || t == "typed_default_parameter") {
        nameNode = field(p, "name");
        typeNode = field(p, "type");
      } else if (t == "list_splat_pattern" || t == "dictionary_splat_pattern") {
        nameNode = ts_node_named_child(p, 0);
      }
      if (ts_node_is_null(nameNode)) return;
      if (typeOf(nameNode) != "identifier") {
        if (ts_node_named_child_count(nameNode) > 0) nameNode = ts_node_named_child(nameNode, 0);
        if (typeOf(nameNode) != "identifier") return;
      }
      std::string name(text(nameNode));
      fn.params.push_back(name);
      Binding b;
      b.kind = Binding::Kind::Parameter;
      b.line = int(ts_node_start_point(p).row) + 1;
      if (!ts_node_is_null(typeNode)) typeRefs(typeNode, b.types);
      model_.scopes[fn.scope].names[name] = std::move(b);
    });
  }

  void onClass(const Fact &f) {
    ClassFact c;
    c.name = std::string(text(f.part("name")));
    c.qualname = currentQualPrefix() + c.name;
    c.loc = locate(f.node);
    c.definedInFunction = currentFunction() >= 0;
    TSNode supers = field(f.node, "superclasses");
    if (!ts_node_is_null(supers)) {
      forEachNamedChild(supers, [&](TSNode super) {
        Ref r = refOf(super);
        if (!r.empty() && r.baseCall < 0) c.bases.push_back(std::move(r));
      });
    }
    const int parentScope = currentScope();
    const int index = int(model_.classes.size());
    c.scope = int(model_.scopes.size());
    model_.scopes.push_back(Scope{ScopeKind::Class, parentScope, index, {}});
    Binding b;
    b.kind = Binding::Kind::Class;
    b.index = index;
    b.line = c.loc.line;
    bind(parentScope, c.name, b);
    model_.classes.push_back(std::move(c));
    stack_.push_back({ContextEntry::Class, ts_node_end_byte(f.node), index, {}});
  }

  int addLoop(LoopFact loop, TSNode node) {
    loop.function = currentFunction();
    loop.parent = -1;
    for (auto it = stack_.rbegin(); it != stack_.rend() && loop.parent < 0; ++it) {
      if (it->kind == ContextEntry::Function || it->kind == ContextEntry::Class) break;
      if (it->kind == ContextEntry::Loop) loop.parent = it->index;
    }
    const int index = int(model_.loops.size());
    model_.loops.push_back(std::move(loop));
    stack_.push_back({ContextEntry::Loop, ts_node_end_byte(node), index, {}});
    return index;
  }

  void describeIterable(TSNode iter, LoopFact &loop) const {
    loop.iterText = shortText(iter, 60);
    const std::string_view t = typeOf(iter);
    if (t == "call" && text(field(iter, "function")) == "range") {
      TSNode args = field(iter, "arguments");
      const uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
      if (n == 0) return;
      auto start = n >= 2 ? evalInteger(ts_node_named_child(args, 0), src_) : std::optional<int64_t>(0);
      auto stop = evalInteger(ts_node_named_child(args, n >= 2 ? 1 : 0), src_);
      auto step = n >= 3 ? evalInteger(ts_node_named_child(args, 2), src_) : std::optional<int64_t>(1);
      if (start && stop && step && *step != 0) {
        loop.bound = LoopBound::Literal;
        const int64_t span = *step > 0 ? *stop - *start : *start - *stop;
        const int64_t by = *step > 0 ? *step : -*step;
        loop.iterations = span <= 0 ? 0 : (span + by - 1) / by;
      } else {
        loop.bound = LoopBound::Symbolic;
      }
    } else if (t == "list" || t == "tuple" || t == "set") {
      loop.bound = LoopBound::Literal;
      loop.iterations = ts_node_named_child_count(iter);
    } else if (t == "string" || t == "integer") {
      loop.bound = LoopBound::Literal;
      loop.iterations = 1;
    } else {
      loop.bound = LoopBound::Collection;
    }
  }

  void onFor(const Fact &f) {
    LoopFact loop;
    loop.kind = LoopKind::For;
    loop.loc = locate(f.node);
    loop.isAsync = ts_node_child_count(f.node) > 0 && typeOf(ts_node_child(f.node, 0)) == "async";
    if (loop.isAsync) {
      // `async for` awaits the iterator on every step: it and the loops around it yield.
      loop.hasAwait = true;
      for (int l : enclosingLoops()) model_.loops[l].hasAwait = true;
    }
    TSNode target = f.part("target");
    collectNames(target, loop.targets, 64);
    describeIterable(f.part("iter"), loop);
    // Loop variables are plain locals; they shadow any earlier binding's type.
    for (const auto &name : loop.targets) bind(currentScope(), name, Binding{});
    addLoop(std::move(loop), f.node);
  }

  void onWhile(const Fact &f) {
    LoopFact loop;
    loop.kind = LoopKind::While;
    loop.loc = locate(f.node);
    // A while loop's trip count is unknown, `while True` included (retries, rejection sampling,
    // event loops): it is weaker evidence than `for i in range(n)`.
    loop.bound = LoopBound::Unknown;
    loop.iterText = shortText(f.part("condition"), 60);
    addLoop(std::move(loop), f.node);
  }

  void onComprehension(const Fact &f) {
    // One loop per `for` clause, all spanning the comprehension (its body comes first).
    forEachNamedChild(f.node, [&](TSNode clause) {
      if (typeOf(clause) != "for_in_clause") return;
      LoopFact loop;
      loop.kind = LoopKind::Comprehension;
      loop.loc = locate(f.node);
      loop.isAsync = ts_node_child_count(clause) > 0 && typeOf(ts_node_child(clause, 0)) == "async";
      if (loop.isAsync) {
        // `async for` in a comprehension awaits its iterator on every step, as the statement does.
        loop.hasAwait = true;
        for (int l : enclosingLoops()) model_.loops[l].hasAwait = true;
      }
      collectNames(field(clause, "left"), loop.targets, 64);
      describeIterable(field(clause, "right"), loop);
      addLoop(std::move(loop), f.node);
    });
  }

  void markBreak(bool isReturn) {
    auto loops = enclosingLoops();
    if (loops.empty()) return;
    if (isReturn) {
      for (int l : loops) model_.loops[l].hasBreak = true;
    } else {
      model_.loops[loops.back()].hasBreak = true;
    }
  }

  void onWith(const Fact &f) {
    ContextEntry entry{ContextEntry::With, ts_node_end_byte(f.node), -1, {}};
    TSNode clause{};
    forEachNamedChild(f.node, [&](TSNode c) {
      if (ts_node_is_null(clause) && typeOf(c) == "with_clause") clause = c;
    });
    if (ts_node_is_null(clause)) return;
    forEachNamedChild(clause, [&](TSNode item) {
      if (typeOf(item) != "with_item") return;
      TSNode value = field(item, "value");
      TSNode alias{};
      if (typeOf(value) == "as_pattern") {
        alias = field(value, "alias");
        value = ts_node_named_child(value, 0);
      }
      WithItemFact w;
      w.loc = locate(value);
      w.text = shortText(value, 60);
      if (typeOf(value) == "call") {
        w.call = callIndex_.find(keyOf(value));
      } else {
        w.value = refOf(value);
      }
      if (!ts_node_is_null(alias)) {
        TSNode target = ts_node_named_child_count(alias) ? ts_node_named_child(alias, 0) : alias;
        if (typeOf(target) == "identifier") {
          Binding b;
          b.fromCall = w.call;
          if (w.call < 0 && !w.value.empty()) b.types.push_back(w.value);  // `with lock as l`
          b.line = w.loc.line;
          bind(currentScope(), std::string(text(target)), b);
        }
      }
      entry.items.push_back(int(model_.withItems.size()));
      model_.withItems.push_back(std::move(w));
    });
    // The items are evaluated before the block: only the body is "inside".
    entry.end = ts_node_end_byte(f.part("body"));
    stack_.push_back(std::move(entry));
  }

  bool isMainGuard(const Fact &f) const {
    const std::string_view whole = text(f.part("condition"));
    if (whole.size() > 256) return false;  // not `__name__ == "__main__"`, however spaced
    std::string cond(whole);
    cond.erase(std::remove_if(cond.begin(), cond.end(), [](char c) { return c == ' ' || c == '\'' || c == '"'; }), cond.end());
    return cond == "__name__==__main__" || cond == "__main__==__name__";
  }

  void onMainGuard(const Fact &f) {
    if (!isMainGuard(f)) return;
    stack_.push_back({ContextEntry::MainGuard, ts_node_end_byte(f.part("body")), -1, {}});
    ++mainGuards_;
  }

  std::string absoluteModule(TSNode moduleNode) const {
    if (typeOf(moduleNode) != "relative_import") return std::string(text(moduleNode));
    int dots = 0;
    std::string rest;
    for (uint32_t i = 0; i < ts_node_named_child_count(moduleNode); ++i) {
      TSNode c = ts_node_named_child(moduleNode, i);
      if (typeOf(c) == "import_prefix") dots = int(text(c).size());
      else rest = std::string(text(c));
    }
    std::string base = model_.moduleName;
    if (!model_.isPackageInit) {
      auto dot = base.rfind('.');
      base = dot == std::string::npos ? "" : base.substr(0, dot);
    }
    for (int i = 1; i < dots; ++i) {
      auto dot = base.rfind('.');
      base = dot == std::string::npos ? "" : base.substr(0, dot);
    }
    if (rest.empty()) return base;
    return base.empty() ? rest : base + "." + rest;
  }

  void bindImport(const std::string &name, const std::string &target, TSNode at) {
    Binding b;
    b.kind = Binding::Kind::Import;
    b.target = target;
    b.line = int(ts_node_start_point(at).row) + 1;
    bind(currentScope(), name, std::move(b));
  }

  void onImport(const Fact &f) {
    forEachNamedChild(f.node, [&](TSNode c) {
      if (typeOf(c) == "dotted_name") {
        std::string dotted(text(c));
        bindImport(dotted.substr(0, dotted.find('.')), dotted.substr(0, dotted.find('.')), c);
      } else if (typeOf(c) == "aliased_import") {
        bindImport(std::string(text(field(c, "alias"))), std::string(text(field(c, "name"))), c);
      }
    });
  }

  void onImportFrom(const Fact &f) {
    TSNode moduleNode = field(f.node, "module_name");
    if (ts_node_is_null(moduleNode)) return;
    const std::string module = absoluteModule(moduleNode);
    const std::string prefix = module.empty() ? "" : module + ".";
    forEachNamedChild(f.node, [&](TSNode c) {
      if (ts_node_eq(c, moduleNode)) return;
      if (typeOf(c) == "dotted_name") {
        bindImport(std::string(text(c)), prefix + std::string(text(c)), c);
      } else if (typeOf(c) == "aliased_import") {
        bindImport(std::string(text(field(c, "alias"))), prefix + std::string(text(field(c, "name"))), c);
      }
    });
  }

  void onGlobal(const Fact &f) {
    const int scope = currentScope();
    if (scope == 0) return;
    const bool isGlobal = f.kind == FactKind::Global;
    forEachNamedChild(f.node, [&](TSNode c) {
      if (typeOf(c) != "identifier") return;
      Binding b;
      b.kind = isGlobal ? Binding::Kind::Global : Binding::Kind::Nonlocal;
      b.line = int(ts_node_start_point(c).row) + 1;
      model_.scopes[scope].names[std::string(text(c))] = b;
    });
  }

  Binding valueBinding(TSNode right, TSNode typeNode) const {
    Binding b;
    b.line = ts_node_is_null(right) ? 0 : int(ts_node_start_point(right).row) + 1;
    if (!ts_node_is_null(typeNode)) typeRefs(typeNode, b.types);
    if (ts_node_is_null(right)) return b;
    const std::string_view t = typeOf(right);
    if (t == "call") {
      b.fromCall = callIndex_.find(keyOf(right));
    } else if (t == "lambda") {
      b.index = functionIndex_.find(keyOf(right));
    } else if (t == "identifier" || t == "attribute") {
      // `x = some_function` aliases; resolved like an annotation naming it.
      Ref r = refOf(right);
      if (!r.empty() && b.types.empty()) {
        b.types.push_back(std::move(r));
        b.isAlias = true;
      }
    }
    b.payloadBytes = estimatePayloadBytes(right, src_);
    return b;
  }

  void onAssign(const Fact &f) {
    TSNode left = f.part("left");
    TSNode right = field(f.node, "right");
    if (!ts_node_is_null(right) && typeOf(right) == "assignment") right = field(right, "right");
    TSNode typeNode = field(f.node, "type");
    const std::string_view lt = typeOf(left);
    if (!ts_node_is_null(right)) {
      TSNode value = right;
      if (typeOf(value) == "await" && ts_node_named_child_count(value)) value = ts_node_named_child(value, 0);
      // Only plain names carry a value to the next iteration; `d[k] = f(k)` fills a container.
      const bool plain = lt == "identifier" || lt == "pattern_list" || lt == "tuple_pattern" || lt == "list_pattern";
      if (plain && typeOf(value) == "call" && currentFunction() >= 0) collectNames(left, resultNames_[keyOf(value)], 32);
    }
    if (lt == "identifier" && !ts_node_is_null(right) && typeOf(right) == "binary_operator") {
      // `x = x + n` is the same read-modify-write as `x += n`.
      std::vector<std::string> used;
      collectNames(right, used, 64);
      const std::string name(text(left));
      if (std::find(used.begin(), used.end(), name) != used.end()) {
        MutationFact m = mutationAt(f.node);
        m.target = MutationTarget::Name;
        m.name = name;
        if (m.function >= 0) model_.mutations.push_back(std::move(m));
      }
    }
    if (lt == "identifier") {
      const int classBody = currentClassBody();
      Binding b = valueBinding(right, typeNode);
      if (classBody >= 0) model_.classes[classBody].attributes[std::string(text(left))] = b;
      bind(currentScope(), std::string(text(left)), std::move(b));
    } else if (lt == "attribute") {
      // self.x = ... in a method: an attribute of the class.
      const int fn = currentFunction();
      if (fn < 0) return;
      const FunctionFact &func = model_.functions[fn];
      TSNode object = field(left, "object");
      if (func.classIndex < 0 || func.params.empty() || typeOf(object) != "identifier" || text(object) != func.params[0])
        return;
      auto &attrs = model_.classes[func.classIndex].attributes;
      std::string attr(text(field(left, "attribute")));
      Binding b = valueBinding(right, typeNode);
      auto it = attrs.find(attr);
      if (it == attrs.end() || (it->second.fromCall < 0 && it->second.types.empty())) attrs[attr] = std::move(b);
    } else if (lt == "pattern_list" || lt == "tuple_pattern" || lt == "list_pattern") {
      std::vector<std::string> names;
      collectNames(left, names, 64);
      for (auto &n : names) bind(currentScope(), n, Binding{});
    }
  }

  // A read-modify-write statement and where it runs.
  MutationFact mutationAt(TSNode statement) const {
    MutationFact m;
    m.loc = locate(statement);
    m.text = shortText(statement, 60);
    m.function = currentFunction();
    m.scope = currentScope();
    m.withItems = enclosingWithItems();
    return m;
  }

  void onAugAssign(const Fact &f) {
    TSNode left = f.part("left");
    MutationFact m = mutationAt(f.node);
    const std::string_view t = typeOf(left);
    auto attributeOf = [&](TSNode attr, MutationFact &out) {
      TSNode object = field(attr, "object");
      if (typeOf(object) != "identifier") return false;
      out.name = std::string(text(object));
      out.attribute = std::string(text(field(attr, "attribute")));
      return true;
    };
    if (t == "identifier") {
      m.target = MutationTarget::Name;
      m.name = std::string(text(left));
    } else if (t == "attribute") {
      m.target = MutationTarget::Attribute;
      if (!attributeOf(left, m)) return;
    } else if (t == "subscript") {
      m.target = MutationTarget::Subscript;
      TSNode value = field(left, "value");
      if (typeOf(value) == "identifier") m.name = std::string(text(value));
      else if (typeOf(value) != "attribute" || !attributeOf(value, m)) return;
    } else {
      return;
    }
    for (int l : enclosingLoops()) model_.loops[l].arithmetic++;
    if (m.function >= 0) model_.functions[m.function].hasArithmetic = true;
    model_.mutations.push_back(std::move(m));
  }

  void onCall(const Fact &f) {
    CallFact call;
    call.loc = locate(f.node);
    TSNode fn = f.part("function");
    call.callee = refOf(fn);
    call.calleeText = shortText(fn, 60);
    call.function = currentFunction();
    call.scope = currentScope();
    call.loops = enclosingLoops();
    call.withItems = enclosingWithItems();
    call.underMainGuard = underMainGuard();
    call.awaited = awaited_.count(keyOf(f.node)) > 0;
    if (auto it = resultNames_.find(keyOf(f.node)); it != resultNames_.end()) call.resultNames = std::move(it->second);
    TSNode args = f.part("arguments");
    if (typeOf(args) == "argument_list") {
      call.args.reserve(ts_node_named_child_count(args));
      forEachNamedChild(args, [&](TSNode a) {
        if (typeOf(a) != "comment") call.args.push_back(argument(a, !call.loops.empty()));
      });
    } else {
      call.args.push_back(argument(args, !call.loops.empty()));  // f(x for x in y)
    }
    model_.calls.push_back(std::move(call));
  }

  ArgFact argument(TSNode a, bool inLoop) const {
    ArgFact arg;
    const std::string_view at = typeOf(a);
    if (at == "keyword_argument") {
      arg.keyword = std::string(text(field(a, "name")));
      a = field(a, "value");
    } else if (at == "list_splat" || at == "dictionary_splat") {
      arg.kind = ArgKind::Starred;
      arg.text = shortText(a, 60);
      return arg;
    }
    arg.text = shortText(a, 60);
    const std::string_view t = typeOf(a);
    if (t == "identifier") {
      arg.kind = ArgKind::Name;
      arg.ref = refOf(a);
    } else if (t == "attribute") {
      arg.kind = ArgKind::Attribute;
      arg.ref = refOf(a);
    } else if (t == "lambda") {
      arg.kind = ArgKind::Lambda;
      arg.lambda = functionIndex_.find(keyOf(a));
    } else if (t == "call") {
      arg.kind = ArgKind::Call;
      arg.call = callIndex_.find(keyOf(a));
      if (text(field(a, "function")) == "range") {
        LoopFact tmp;
        describeIterable(a, tmp);
        if (tmp.bound == LoopBound::Literal) arg.rangeLength = tmp.iterations;
      }
    } else if (t == "integer" || t == "float" || t == "string" || t == "true" || t == "false" || t == "none") {
      arg.kind = ArgKind::Literal;
    } else if (t == "binary_operator") {
      const std::string_view o = text(field(a, "operator"));
      if (o == "-" || o == "//" || o == "/" || o == ">>" || o == "%") arg.kind = ArgKind::Smaller;
    } else if (t == "subscript") {
      for (uint32_t i = 0, n = ts_node_named_child_count(a); i < n; ++i)
        if (typeOf(ts_node_named_child(a, i)) == "slice") arg.kind = ArgKind::Slice;
    }
    arg.payloadBytes = estimatePayloadBytes(a, src_);
    if (inLoop) collectNames(a, arg.names, 128);
    return arg;
  }

  void onAwait(const Fact &f) {
    if (ts_node_named_child_count(f.node) == 0) return;
    for (int l : enclosingLoops()) model_.loops[l].hasAwait = true;
    TSNode inner = ts_node_named_child(f.node, 0);
    while (typeOf(inner) == "parenthesized_expression" && ts_node_named_child_count(inner) == 1)
      inner = ts_node_named_child(inner, 0);
    if (typeOf(inner) == "call") awaited_.insert(keyOf(inner));
  }

  void onArith(const Fact &f) {
    TSNode op = field(f.node, "operator");
    const std::string_view o = ts_node_is_null(op) ? "" : text(op);
    static const std::unordered_set<std::string_view> arithmetic{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "^", "&", "@"};
    if (!arithmetic.count(o)) return;
    for (int l : enclosingLoops()) model_.loops[l].arithmetic++;
    if (int fn = currentFunction(); fn >= 0) model_.functions[fn].hasArithmetic = true;
  }

  void onComment(const Fact &f) {
    const int line = int(ts_node_start_point(f.node).row) + 1;
    parseSuppressionComment(text(f.node), line, model_.suppressions);
  }

  void collectSyntaxErrors(TSNode root) {
    if (!ts_node_has_error(root)) return;
    // Walk down to the first ERROR or MISSING node: the place to show.
    TSNode n = root;
    for (int guard = 0; guard < 100000; ++guard) {
      if (ts_node_is_missing(n) || typeOf(n) == "ERROR") break;
      TSNode next{};
      TSTreeCursor cursor = ts_tree_cursor_new(n);
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
          TSNode c = ts_tree_cursor_current_node(&cursor);
          if (ts_node_has_error(c) || ts_node_is_missing(c)) {
            next = c;
            break;
          }
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
      }
      ts_tree_cursor_delete(&cursor);
      if (ts_node_is_null(next)) break;
      n = next;
    }
    ParseProblem p;
    p.loc = locate(n);
    p.message = ts_node_is_missing(n) ? "syntax error: missing '" + std::string(typeOf(n)) + "'"
                                      : "syntax error: cannot parse '" + shortText(n, 40) + "'";
    model_.syntaxErrors.push_back(std::move(p));
  }
};

}  // namespace

PythonFrontend::PythonFrontend() {
  std::string source;
  for (const auto &q : bundledQueries())
    if (q.name == "facts.scm") source = std::string(q.text);
  patterns_ = std::make_unique<FactPatterns>(tree_sitter_python(), source, "analyzer/python/queries/facts.scm");
  for (const auto &name : patterns_->kinds()) kindOf_.push_back(int(factKindOf(name)));
}

PythonFrontend::~PythonFrontend() = default;

FileModel PythonFrontend::extract(std::string_view source, const std::string &path, const std::string &moduleName,
                                  bool isPackageInit) const {
  struct ParserHolder {
    TSParser *parser = ts_parser_new();
    ParserHolder() { ts_parser_set_language(parser, tree_sitter_python()); }
    ~ParserHolder() { ts_parser_delete(parser); }
  };
  thread_local ParserHolder holder;

  FileModel model;
  model.path = path;
  model.moduleName = moduleName;
  model.isPackageInit = isPackageInit;

  TSTree *tree = ts_parser_parse_string(holder.parser, nullptr, source.data(), uint32_t(source.size()));
  if (!tree) {
    model.syntaxErrors.push_back({Location{1, 1, 1, 1}, "the parser gave up on this file"});
    return model;
  }
  TSNode root = ts_tree_root_node(tree);

  // Kept per thread and reused: a big file has tens of thousands of matches, and a fresh
  // vector for each file is memory the kernel has to hand out (and zero) again.
  thread_local std::vector<FactMatch> matches;
  thread_local std::vector<Fact> facts;
  matches.clear();
  facts.clear();
  patterns_->collect(root, matches, source);
  for (const FactMatch &m : matches) {
    const FactKind kind = static_cast<FactKind>(kindOf_[m.kind]);
    if (kind != FactKind::Unknown) facts.push_back(Fact{kind, m.node, &m});
  }

  Extractor extractor(source, model);
  extractor.run(root, facts);
  ts_tree_delete(tree);
  return model;
}

}  // namespace boundwise
