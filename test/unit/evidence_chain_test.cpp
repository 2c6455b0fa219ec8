#include <gtest/gtest.h>

#include "analyzer/core/evidence_chain.h"

namespace boundwise {
namespace {

Evidence step(const std::string &message) { return Evidence{"m.py", 1, 1, message}; }

std::vector<std::string> messages(const EvidenceChain &c) {
  std::vector<std::string> out;
  for (const Evidence &e : c) out.push_back(e.message);
  return out;
}

using Steps = std::vector<std::string>;

TEST(EvidenceChain, PrependSharesTheTailAndShowsOnlyTheLimit) {
  const EvidenceChain leaf{step("rule")};
  const EvidenceChain mid = EvidenceChain::prepend(step("calls leaf"), leaf, 12);
  const EvidenceChain top = EvidenceChain::prepend(step("calls mid"), mid, 2);
  EXPECT_EQ(messages(mid), (Steps{"calls leaf", "rule"}));
  EXPECT_EQ(messages(top), (Steps{"calls mid", "calls leaf"}));  // cut at 2 steps
  EXPECT_EQ(top.size(), 2u);
  EXPECT_EQ(top.back().message, "calls leaf");
  EXPECT_EQ(&mid[1], &leaf.front());  // the same step, not a copy
  // A longer chain in front of a cut one still shows only what the cut one showed.
  const EvidenceChain above = EvidenceChain::prepend(step("calls top"), top, 12);
  EXPECT_EQ(messages(above), (Steps{"calls top", "calls mid", "calls leaf"}));
}

// A chain of `n` calls ending in a rule, built the way the classifier builds it.
EvidenceChain callChain(int n, size_t limit) {
  EvidenceChain c{Evidence{"m.py", 100, 5, "rule"}};
  for (int k = n; k >= 1; --k) c = EvidenceChain::prepend(Evidence{"m.py", k, 5, "calls h" + std::to_string(k)}, c, limit);
  return c;
}

TEST(EvidenceChain, ALongChainKeepsBothEndsAndCountsWhatItLeftOut) {
  const EvidenceChain full = callChain(11, 12);  // 12 steps: fits
  EXPECT_EQ(full.size(), 12u);
  EXPECT_EQ(full.fullSize(), 12u);
  const EvidenceChain c = callChain(20, 12);  // 21 steps
  ASSERT_EQ(c.size(), 12u);
  EXPECT_EQ(c.fullSize(), 21u);
  EXPECT_EQ(messages(c), (Steps{"calls h1", "calls h2", "calls h3", "calls h4", "calls h5", "calls h6", "calls h7",
                                "calls h8", "... 10 more steps left out (the first: calls h9)", "calls h19",
                                "calls h20", "rule"}));
  EXPECT_EQ(c[8].line, 9);  // where the first step left out is
  EXPECT_EQ(c.back().message, "rule");
  // Longer still: one more "left out" step, never two.
  const EvidenceChain longer = callChain(1000, 12);
  EXPECT_EQ(longer.size(), 12u);
  EXPECT_EQ(longer.fullSize(), 1001u);
  EXPECT_EQ(longer[8].message, "... 990 more steps left out (the first: calls h9)");
  EXPECT_EQ(longer[9].message, "calls h999");
  EXPECT_EQ(longer.back().message, "rule");
  // The smallest limit that keeps both ends: one step in front, one left-out step, the rule.
  const EvidenceChain small = callChain(5, 3);
  EXPECT_EQ(messages(small), (Steps{"calls h1", "... 4 more steps left out (the first: calls h2)", "rule"}));
}

TEST(EvidenceChain, ConcatKeepsBothVisiblePartsInOrder) {
  const EvidenceChain io = EvidenceChain::prepend(step("calls get"), EvidenceChain{step("requests.get")}, 1);
  const EvidenceChain cpu{step("loop"), step("more")};
  const EvidenceChain both = EvidenceChain::concat(io, cpu);
  EXPECT_EQ(messages(both), (Steps{"calls get", "loop", "more"}));  // io was cut to one step
  EXPECT_EQ(messages(EvidenceChain::concat(EvidenceChain(), cpu)), (Steps{"loop", "more"}));
  EXPECT_EQ(messages(EvidenceChain::concat(cpu, EvidenceChain())), (Steps{"loop", "more"}));
  EXPECT_EQ(messages(io), (Steps{"calls get"}));  // the operands are unchanged
  EXPECT_EQ(messages(cpu), (Steps{"loop", "more"}));
}

TEST(EvidenceChain, PushBackAppendsWithoutChangingACopy) {
  EvidenceChain a{step("one")};
  const EvidenceChain copy = a;
  a.push_back(step("two"));
  EXPECT_EQ(messages(a), (Steps{"one", "two"}));
  EXPECT_EQ(messages(copy), (Steps{"one"}));
  EXPECT_EQ(a.toVector().size(), 2u);
  EXPECT_TRUE(EvidenceChain().empty());
  EXPECT_EQ(EvidenceChain().begin(), EvidenceChain().end());
}

}  // namespace
}  // namespace boundwise
