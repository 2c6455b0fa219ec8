#include "analyzer/core/call_graph.h"

#include <gtest/gtest.h>

namespace boundwise {
namespace {

TEST(CallGraph, ComponentsComeCalleesFirst) {
  // 0 -> 1 -> 2, 2 -> 1 (cycle), 3 isolated with a self edge.
  CallGraph g(4);
  g.addEdge(0, 1);
  g.addEdge(1, 2);
  g.addEdge(2, 1);
  g.addEdge(3, 3);
  auto comps = g.componentsCalleesFirst();
  ASSERT_EQ(comps.size(), 3u);
  auto position = [&](int node) {
    for (size_t i = 0; i < comps.size(); ++i)
      for (int n : comps[i])
        if (n == node) return int(i);
    return -1;
  };
  EXPECT_EQ(position(1), position(2));
  EXPECT_LT(position(1), position(0));  // callee component before its caller
  EXPECT_TRUE(g.hasSelfEdge(3));
  EXPECT_FALSE(g.hasSelfEdge(0));
}

TEST(CallGraph, DeepChainDoesNotOverflow) {
  const int n = 200000;
  CallGraph g(n);
  for (int i = 0; i + 1 < n; ++i) g.addEdge(i, i + 1);
  auto comps = g.componentsCalleesFirst();
  ASSERT_EQ(comps.size(), size_t(n));
  EXPECT_EQ(comps.front()[0], n - 1);
  EXPECT_EQ(comps.back()[0], 0);
}

}  // namespace
}  // namespace boundwise
