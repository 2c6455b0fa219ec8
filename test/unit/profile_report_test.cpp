// The recommendation that follows from a measurement and from a replay's scaling table.
#include <gtest/gtest.h>

#include "analyzer/report/profile_report.h"

using namespace boundwise;

namespace {

Measured measured(Detail staticDetail, const std::string &measuredWorkload, bool inAsync = false) {
  Measured m;
  m.plan.detail = staticDetail;
  m.plan.inAsync = inAsync;
  m.measuredWorkload = measuredWorkload;
  return m;
}

}  // namespace

TEST(MeasuredRecommendation, FollowsTheMeasuredClassWithoutReplay) {
  const Target py311;
  EXPECT_EQ(measuredRecommendation(measured(Detail::IoNetwork, "io"), py311), Recommendation::Threads);
  EXPECT_EQ(measuredRecommendation(measured(Detail::IoNetwork, "io", true), py311), Recommendation::Async);
  EXPECT_EQ(measuredRecommendation(measured(Detail::CpuPython, "cpu"), py311), Recommendation::Processes);
  // Refuted: statically I/O, measured CPU-bound Python -> processes.
  EXPECT_EQ(measuredRecommendation(measured(Detail::IoDisk, "cpu"), py311), Recommendation::Processes);
  // Native code that releases the GIL stays on threads.
  EXPECT_EQ(measuredRecommendation(measured(Detail::CpuNativeNogil, "cpu"), py311), Recommendation::Threads);
  Target freeThreaded;
  freeThreaded.pythonMinor = 13;
  freeThreaded.freeThreaded = true;
  EXPECT_EQ(measuredRecommendation(measured(Detail::CpuPython, "cpu"), freeThreaded), Recommendation::Threads);
}

TEST(MeasuredRecommendation, ReplayPicksTheFastestExecutorAtTheLargestWorkerCount) {
  Measured m = measured(Detail::CpuPython, "cpu");
  m.scaling = {{"sequential", 1, 1.0, 1.0}, {"threads", 2, 1.0, 1.0},   {"threads", 4, 1.0, 1.0},
               {"processes", 2, 0.5, 2.0},  {"processes", 4, 0.6, 1.7}, {"async", 4, 1.0, 1.0}};
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::Processes);
}

TEST(MeasuredRecommendation, NoExecutorWhenNothingIsClearlyFaster) {
  Measured m = measured(Detail::CpuPython, "cpu");
  m.scaling = {{"sequential", 1, 1.0, 1.0}, {"threads", 2, 0.9, 1.1}, {"processes", 2, 0.85, 1.18}};
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::None);
}

TEST(MeasuredRecommendation, AsyncOnlyForCodeOnAnEventLoop) {
  Measured m = measured(Detail::IoSleep, "io");
  m.scaling = {{"sequential", 1, 1.0, 1.0}, {"threads", 2, 0.52, 1.9}, {"async", 2, 0.5, 2.0}};
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::Threads);
  m.plan.inAsync = true;
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::Async);
}

TEST(MeasuredRecommendation, InterpretersOnlyWherePythonHasAnExecutorForThem) {
  Measured m = measured(Detail::CpuPython, "cpu");
  m.scaling = {{"sequential", 1, 1.0, 1.0},    {"threads", 2, 1.0, 1.0},       {"processes", 2, 0.53, 1.9},
               {"interpreters", 2, 0.5, 2.0}, {"interpreters", 1, 1.0, 1.0}};
  Target py313;
  py313.pythonMinor = 13;
  EXPECT_EQ(measuredRecommendation(m, py313), Recommendation::Processes);
  Target py314;
  py314.pythonMinor = 14;
  EXPECT_EQ(measuredRecommendation(m, py314), Recommendation::Interpreters);
  // Within 10%, interpreters (no pickling between processes) come before processes.
  m.scaling[3].speedup = 1.75;
  EXPECT_EQ(measuredRecommendation(m, py314), Recommendation::Interpreters);
  m.scaling[3].speedup = 1.5;
  EXPECT_EQ(measuredRecommendation(m, py314), Recommendation::Processes);
}

TEST(MeasuredRecommendation, TheCheaperExecutorWinsWithinTenPercent) {
  Measured m = measured(Detail::IoSleep, "io");
  m.scaling = {{"sequential", 1, 1.0, 1.0}, {"threads", 2, 0.54, 1.84}, {"processes", 2, 0.52, 1.92}};
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::Threads);
  m.scaling = {{"sequential", 1, 1.0, 1.0}, {"threads", 2, 1.0, 1.0}, {"processes", 2, 0.52, 1.92}};
  EXPECT_EQ(measuredRecommendation(m, Target{}), Recommendation::Processes);
}
