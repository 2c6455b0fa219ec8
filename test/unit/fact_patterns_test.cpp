#include "analyzer/python/fact_patterns.h"

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace boundwise {
namespace {

std::vector<std::string> kindsOfMatches(const FactPatterns &p, const char *source) {
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  TSTree *tree = ts_parser_parse_string(parser, nullptr, source, uint32_t(strlen(source)));
  std::vector<FactMatch> matches;
  p.collect(ts_tree_root_node(tree), matches);
  std::vector<std::string> kinds;
  for (const auto &m : matches) kinds.push_back(p.kinds()[m.kind]);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  return kinds;
}

TEST(FactPatterns, MatchesInDocumentOrderWithParts) {
  FactPatterns p(tree_sitter_python(),
                 "(call function: (_) @call.function arguments: (argument_list) @call.arguments) @call\n"
                 "[(list_comprehension) (generator_expression)] @comprehension\n"
                 "(if_statement condition: (comparison_operator) @guard.condition) @guard\n",
                 "t.scm");
  EXPECT_EQ(kindsOfMatches(p, "f(g(1))\n[h(x) for x in y]\nif a == b:\n    pass\nif a:\n    pass\n"),
            (std::vector<std::string>{"call", "call", "comprehension", "call", "guard"}));
  // f(x for x in y): the arguments are a generator_expression, not an argument_list.
  EXPECT_EQ(kindsOfMatches(p, "f(x for x in y)\n"), (std::vector<std::string>{"comprehension"}));
}

TEST(FactPatterns, PartsAreTheFields) {
  FactPatterns p(tree_sitter_python(), "(call function: (attribute) @call.function) @call", "t.scm");
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  const char *src = "requests.get(u)\n";
  TSTree *tree = ts_parser_parse_string(parser, nullptr, src, uint32_t(strlen(src)));
  std::vector<FactMatch> matches;
  p.collect(ts_tree_root_node(tree), matches);
  ASSERT_EQ(matches.size(), 1u);
  TSNode fn = matches[0].part("function");
  ASSERT_FALSE(ts_node_is_null(fn));
  EXPECT_EQ(ts_node_end_byte(fn) - ts_node_start_byte(fn), 12u);  // "requests.get"
  EXPECT_TRUE(ts_node_is_null(matches[0].part("arguments")));
  ts_tree_delete(tree);
  ts_parser_delete(parser);
}

// With the source, the walk steps over string literals that cannot hold an expression; an
// f-string's interpolations are still walked, and so is every literal when a pattern looks
// into literals.
std::vector<std::string> kindsWithSource(const FactPatterns &p, const char *source) {
  TSParser *parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_python());
  TSTree *tree = ts_parser_parse_string(parser, nullptr, source, uint32_t(strlen(source)));
  std::vector<FactMatch> matches;
  p.collect(ts_tree_root_node(tree), matches, source);
  std::vector<std::string> kinds;
  for (const auto &m : matches) kinds.push_back(p.kinds()[m.kind]);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  return kinds;
}

TEST(FactPatterns, StringsWithoutInterpolationAreSteppedOver) {
  FactPatterns escapes(tree_sitter_python(), "(call) @call\n(string) @string\n(escape_sequence) @escape\n", "t.scm");
  EXPECT_EQ(kindsWithSource(escapes, "f('a\\n', b'\\t')\n"),
            (std::vector<std::string>{"call", "string", "escape", "string", "escape"}));
  FactPatterns callsOnly(tree_sitter_python(), "(call) @call\n(string) @string\n(comment) @c\n", "t.scm");
  EXPECT_EQ(kindsWithSource(callsOnly, "f('a\\n', rb'\\t', F'{g(1)}', Rf\"{h()}\")  # c\n"),
            (std::vector<std::string>{"call", "string", "string", "string", "call", "string", "call", "c"}));
  EXPECT_EQ(kindsWithSource(callsOnly, "x = '''g()  # no comment'''\n"), (std::vector<std::string>{"string"}));
  // Without the source every literal is entered, as before.
  EXPECT_EQ(kindsOfMatches(escapes, "f('a\\n')\n"), (std::vector<std::string>{"call", "string", "escape"}));
}

TEST(FactPatterns, RejectsWhatItCannotMatchNamingTheFile) {
  auto message = [](const char *scm) {
    try {
      FactPatterns p(tree_sitter_python(), scm, "queries/bad.scm");
    } catch (const std::runtime_error &e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // Invalid for tree-sitter itself.
  EXPECT_NE(message("(no_such_node) @x").find("queries/bad.scm: invalid query"), std::string::npos);
  // Valid tree-sitter, but deeper than one level.
  EXPECT_NE(message("(call function: (attribute object: (identifier))) @call").find("queries/bad.scm"),
            std::string::npos);
  // A fact capture is required.
  EXPECT_NE(message("(call)").find("fact capture"), std::string::npos);
}

}  // namespace
}  // namespace boundwise
