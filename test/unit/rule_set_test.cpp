#include "rules/loader/rule_set.h"

#include <gtest/gtest.h>

namespace boundwise {
namespace {

TEST(RuleSet, BundledRulesLoadCleanly) {
  RuleSet rules;
  std::vector<std::string> errors;
  EXPECT_TRUE(rules.loadBundled(errors));
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_GT(rules.size(), 300u);
  const ApiRule *sleep = rules.find("time.sleep");
  ASSERT_NE(sleep, nullptr);
  EXPECT_EQ(sleep->detail, Detail::IoSleep);
  EXPECT_TRUE(sleep->releasesGil);
}

TEST(RuleSet, ParsesEveryField) {
  RuleSet rules;
  std::vector<std::string> errors;
  ASSERT_TRUE(rules.load(R"(language: python
rules:
  - api: acme.Pool.run
    effect: none
    dispatch: {executor: processes, callable: 0, iterable: 1, chunksize: one}
  - api: acme.crunch
    effect: cpu:native-gil
    cost: heavy
    writes: true
    async_alternative: acme.acrunch
  - api: acme.Client
    kind: class
    effect: none
    lock: true
  - api: acme.wait
    effect: async
    waits: io:db
)", "acme.yaml", errors));
  const ApiRule *run = rules.find("acme.Pool.run");
  ASSERT_NE(run, nullptr);
  ASSERT_TRUE(run->dispatch.has_value());
  EXPECT_EQ(run->dispatch->executor, Executor::Processes);
  EXPECT_TRUE(run->dispatch->chunksizeOne);
  EXPECT_EQ(run->dispatch->iterable, 1);
  const ApiRule *crunch = rules.find("acme.crunch");
  ASSERT_NE(crunch, nullptr);
  EXPECT_FALSE(crunch->releasesGil);  // default for cpu:native-gil
  EXPECT_EQ(crunch->cost, Cost::Heavy);
  EXPECT_TRUE(crunch->writes);
  EXPECT_EQ(crunch->line, 6);  // the line of its `- api:`
  EXPECT_TRUE(rules.find("acme.Client")->isClass);
  EXPECT_EQ(rules.find("acme.wait")->waits, Detail::IoDb);
  EXPECT_TRUE(rules.isWellKnownModule("acme"));
}

TEST(RuleSet, WildcardMatchesAnyMethod) {
  RuleSet rules;
  std::vector<std::string> errors;
  ASSERT_TRUE(rules.load("language: python\nrules:\n  - api: kv.Client.*\n    effect: io:network\n", "kv.yaml", errors));
  ASSERT_NE(rules.find("kv.Client.get"), nullptr);
  EXPECT_EQ(rules.find("kv.Client.get")->detail, Detail::IoNetwork);
  EXPECT_EQ(rules.find("kv.Other.get"), nullptr);
}

struct BadRule {
  const char *name;
  const char *text;
  const char *expected;  // substring of the error, which must also name file and line
};

class RuleSetErrors : public ::testing::TestWithParam<BadRule> {};

TEST_P(RuleSetErrors, ReportFileLineAndProblem) {
  RuleSet rules;
  std::vector<std::string> errors;
  EXPECT_FALSE(rules.load(GetParam().text, "bad.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find(GetParam().expected), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].rfind("bad.yaml:", 0), 0u) << errors[0];
  EXPECT_EQ(rules.size(), 0u);  // a broken file contributes nothing
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, RuleSetErrors,
    ::testing::Values(BadRule{"UnknownEffect", "language: python\nrules:\n  - api: x.y\n    effect: io:teleport\n", "io:teleport"},
                      BadRule{"MissingEffect", "language: python\nrules:\n  - api: x.y\n", "has no 'effect'"},
                      BadRule{"MissingApi", "language: python\nrules:\n  - effect: none\n", "without 'api'"},
                      BadRule{"UnknownKey", "language: python\nrules:\n  - api: x.y\n    effect: none\n    colour: red\n", "unknown key 'colour'"},
                      BadRule{"WritesNotBoolean", "language: python\nrules:\n  - api: x.y\n    effect: none\n    writes: maybe\n", "true or false"},
                      BadRule{"InvalidYaml", "language: python\nrules: [\n", "invalid YAML"},
                      BadRule{"UnsupportedLanguage", "language: cobol\nrules: []\n", "not supported"},
                      BadRule{"UnknownExecutor", "language: python\nrules:\n  - api: x.y\n    effect: none\n    dispatch: {executor: fibers, callable: 0}\n", "fibers"},
                      BadRule{"DuplicateApi", "language: python\nrules:\n  - api: x.y\n    effect: none\n  - api: x.y\n    effect: none\n", "listed twice"},
                      BadRule{"WaitsWithoutAsync", "language: python\nrules:\n  - api: x.y\n    effect: io:disk\n    waits: io:db\n", "only for effect: async"}),
    [](const ::testing::TestParamInfo<BadRule> &info) { return std::string(info.param.name); });

TEST(RuleSetErrors, LineNumberPointsAtTheProblem) {
  RuleSet rules;
  std::vector<std::string> errors;
  rules.load("language: python\nrules:\n  - api: ok.one\n    effect: none\n  - api: bad.two\n    effect: io:nowhere\n",
             "f.yaml", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("f.yaml:6:", 0), 0u) << errors[0];
}

// --- bounds: a project's rule file is read by every run and by the language server ------------

std::string ruleError(const std::string &text) {
  RuleSet rules;
  std::vector<std::string> errors;
  EXPECT_FALSE(rules.load(text, "big.yaml", errors));
  EXPECT_EQ(rules.size(), 0u);
  return errors.empty() ? "" : errors[0];
}

TEST(RuleSetBounds, AliasExpansionIsRefusedAtTheAlias) {
  // 10 levels of ten aliases: 10^10 values once expanded, in under 1 KiB.
  std::string text = "language: python\nrules: []\nlol: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "l" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  const std::string error = ruleError(text);
  // &a6 is the first anchor over 2,000,000 values (10^7), on line 9.
  EXPECT_EQ(error.rfind("big.yaml:9:", 0), 0u) << error;
  EXPECT_NE(error.find("error: the aliases here expand the document to more than 2000000 values"), std::string::npos)
      << error;
}

TEST(RuleSetBounds, AliasCycleIsRefused) {
  const std::string error = ruleError("language: python\nrules: &r [*r]\n");
  EXPECT_EQ(error.rfind("big.yaml:2:12: error: the alias '*r' is inside the value it refers to", 0), 0u) << error;
}

TEST(RuleSetBounds, DeepNestingIsRefused) {
  const std::string error = ruleError("language: python\nrules: " + std::string(200000, '[') + "\n");
  EXPECT_EQ(error.rfind("big.yaml:2:", 0), 0u) << error;
  EXPECT_NE(error.find(": error: nested more than 32 levels deep"), std::string::npos) << error;
}

TEST(RuleSetBounds, HugeFileIsRefusedBeforeParsing) {
  std::string text = "language: python\nrules:\n";
  for (int i = 0; text.size() <= (4u << 20); ++i)
    text += "  - api: generated.module.function_" + std::to_string(i) + "\n    effect: io:disk\n";
  const std::string error = ruleError(text);
  EXPECT_EQ(error.rfind("big.yaml: error: the file is over the limit of 4 MiB (", 0), 0u) << error;
}

TEST(RuleSetBounds, ALargeButFairFileLoads) {
  std::string text = "language: python\nrules:\n";
  for (int i = 0; i < 20000; ++i)
    text += "  - api: generated.module.function_" + std::to_string(i) + "\n    effect: io:disk\n";
  RuleSet rules;
  std::vector<std::string> errors;
  EXPECT_TRUE(rules.load(text, "fair.yaml", errors)) << (errors.empty() ? "" : errors[0]);
  EXPECT_EQ(rules.size(), 20000u);
}

}  // namespace
}  // namespace boundwise
