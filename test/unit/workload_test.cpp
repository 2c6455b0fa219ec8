#include "analyzer/core/workload.h"

#include <gtest/gtest.h>

namespace boundwise {
namespace {

TEST(Workload, NamesRoundTrip) {
  for (Detail d : {Detail::IoNetwork, Detail::IoDisk, Detail::IoSleep, Detail::IoSubprocess, Detail::IoDb, Detail::IoIpc,
                   Detail::IoConsole, Detail::CpuPython, Detail::CpuNativeGil, Detail::CpuNativeNogil, Detail::Mixed}) {
    auto parsed = parseDetail(toString(d));
    ASSERT_TRUE(parsed.has_value()) << toString(d);
    EXPECT_EQ(*parsed, d);
  }
  EXPECT_FALSE(parseDetail("io:teleport").has_value());
}

TEST(Workload, ClassesAndGil) {
  EXPECT_EQ(workloadOf(Detail::IoDb), Workload::Io);
  EXPECT_EQ(workloadOf(Detail::CpuNativeNogil), Workload::Cpu);
  EXPECT_EQ(workloadOf(Detail::Mixed), Workload::Mixed);
  EXPECT_TRUE(holdsGil(Detail::CpuPython));
  EXPECT_TRUE(holdsGil(Detail::CpuNativeGil));
  EXPECT_FALSE(holdsGil(Detail::CpuNativeNogil));
  EXPECT_FALSE(holdsGil(Detail::IoNetwork));
}

TEST(Workload, RecommendationFollowsTheGil) {
  Target gil;
  Target freeThreaded;
  freeThreaded.freeThreaded = true;
  EXPECT_EQ(recommendFor(Detail::CpuPython, false, gil), Recommendation::Processes);
  EXPECT_EQ(recommendFor(Detail::CpuPython, false, freeThreaded), Recommendation::Threads);
  Target py314;
  py314.pythonMinor = 14;
  EXPECT_EQ(recommendFor(Detail::CpuPython, false, py314), Recommendation::Interpreters);
  EXPECT_EQ(recommendFor(Detail::CpuNativeGil, false, py314), Recommendation::Processes);
  EXPECT_EQ(recommendFor(Detail::CpuNativeNogil, false, gil), Recommendation::Threads);
  EXPECT_EQ(recommendFor(Detail::CpuNativeGil, false, freeThreaded), Recommendation::Processes);
  EXPECT_EQ(recommendFor(Detail::IoNetwork, false, gil), Recommendation::Threads);
  EXPECT_EQ(recommendFor(Detail::IoNetwork, true, gil), Recommendation::Async);
  EXPECT_EQ(recommendFor(Detail::Unknown, false, gil), Recommendation::None);
}

TEST(Workload, TargetVersionComparison) {
  Target t;
  t.pythonMinor = 12;
  EXPECT_TRUE(t.atLeast(3, 12));
  EXPECT_TRUE(t.atLeast(3, 11));
  EXPECT_FALSE(t.atLeast(3, 14));
}

}  // namespace
}  // namespace boundwise
