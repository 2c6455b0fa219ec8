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

}  // namespace
}  // namespace boundwise
