// Merging the per-process result files of a profile run, and the measured verdict.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "profiler/results.h"

using namespace boundwise::profiler;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMagic = 0x3146525057444e42ull;
constexpr size_t kSlotFields = 16;

struct FakeSlot {
  uint64_t calls = 0, measured = 0, wall = 0, cpu = 0, vol = 0, invol = 0, faults = 0;
  uint64_t soloMeasured = 0, soloWall = 0, soloCpu = 0, runDelay = 0, soloRunDelay = 0, missed = 0;
  uint64_t state = 0;
};

void writeResultFile(const fs::path &path, const std::vector<FakeSlot> &slots, uint64_t slotCount = 0) {
  std::vector<uint64_t> data = {kMagic, 1, 100, 1, slotCount ? slotCount : slots.size(), 1, 0, 0};
  for (const FakeSlot &s : slots) {
    std::vector<uint64_t> fields = {s.calls,    s.measured,   s.wall,     s.cpu,          s.vol,
                                    s.invol,    s.faults,     s.soloMeasured, s.soloWall, s.soloCpu,
                                    s.runDelay, s.soloRunDelay, s.missed, 0, 0, s.state};
    ASSERT_EQ(fields.size(), kSlotFields);
    data.insert(data.end(), fields.begin(), fields.end());
  }
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(data.data()), std::streamsize(data.size() * sizeof(uint64_t)));
}

class ProfileResults : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("bw-results-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

}  // namespace

TEST_F(ProfileResults, SumsEveryProcess) {
  FakeSlot a{.calls = 2, .measured = 2, .wall = 100, .cpu = 90, .vol = 1, .state = 1};
  FakeSlot b{.calls = 3, .measured = 3, .wall = 200, .cpu = 10, .vol = 5, .state = 0};
  writeResultFile(dir / "proc-1-1.bin", {a, {}});
  writeResultFile(dir / "proc-2-1.bin", {b, {}});
  writeResultFile(dir / "other.txt", {b, {}});  // not a result file name: ignored
  MergedResults merged = mergeResultDir(dir.string(), 2);
  EXPECT_EQ(merged.processes, 2);
  EXPECT_TRUE(merged.problems.empty());
  EXPECT_EQ(merged.slots[0].calls, 5u);
  EXPECT_EQ(merged.slots[0].wallNs, 300u);
  EXPECT_EQ(merged.slots[0].cpuNs, 100u);
  EXPECT_EQ(merged.slots[0].voluntarySwitches, 6u);
  EXPECT_EQ(merged.slots[0].state, 1u);  // instrumented in one process is enough
  EXPECT_EQ(merged.slots[1].calls, 0u);
  EXPECT_TRUE(merged.perfEvents);
}

TEST_F(ProfileResults, ShareUsesCallsThatRanAloneWhenThereAreSome) {
  SlotTotals t;
  t.measuredCalls = 4;
  t.wallNs = 1000;
  t.cpuNs = 250;  // contended: waited for the GIL
  t.soloMeasuredCalls = 1;
  t.soloWallNs = 100;
  t.soloCpuNs = 95;
  EXPECT_NEAR(t.onCpuShare(), 0.95, 1e-9);
  EXPECT_FALSE(t.contended());
  t.soloMeasuredCalls = 0;
  EXPECT_NEAR(t.onCpuShare(), 0.25, 1e-9);
  EXPECT_TRUE(t.contended());
}

TEST_F(ProfileResults, RunQueueWaitIsTakenOutOfTheWallTime) {
  SlotTotals t;
  t.measuredCalls = 1;
  t.wallNs = 1000;
  t.cpuNs = 500;
  t.runDelayNs = 450;  // a busy loop on a loaded machine: ran or waited for a core all along
  EXPECT_NEAR(t.onCpuShare(), 500.0 / 550.0, 1e-9);
  t.cpuNs = 2;  // a sleep that waited long for a core when it woke up
  t.runDelayNs = 900;
  EXPECT_NEAR(t.onCpuShare(), 0.02, 1e-9);
}

TEST_F(ProfileResults, ForeignAndTruncatedFilesAreReportedAndSkipped) {
  writeResultFile(dir / "proc-1-1.bin", {{.calls = 1, .measured = 1, .wall = 10, .cpu = 10, .state = 1}}, 3);
  {
    std::ofstream out(dir / "proc-2-1.bin", std::ios::binary);
    const uint64_t header[8] = {kMagic, 1, 2, 1, 1, 0, 0, 0};
    out.write(reinterpret_cast<const char *>(header), sizeof header);  // slots missing
  }
  MergedResults merged = mergeResultDir(dir.string(), 1);
  ASSERT_EQ(merged.problems.size(), 2u);
  EXPECT_NE(merged.problems[0].find("not a result file of this run"), std::string::npos);
  EXPECT_NE(merged.problems[1].find("truncated"), std::string::npos);
  EXPECT_EQ(merged.processes, 0);
}

TEST_F(ProfileResults, EmptyFileFromAProcessThatDiedEarlyIsNotAnError) {
  std::ofstream(dir / "proc-3-1.bin").close();
  MergedResults merged = mergeResultDir(dir.string(), 1);
  EXPECT_TRUE(merged.problems.empty());
  EXPECT_EQ(merged.processes, 0);
}

TEST(MeasuredVerdict, FollowsTheDesign) {
  EXPECT_EQ(measuredVerdict("cpu", "cpu", 3), "confirmed");
  EXPECT_EQ(measuredVerdict("io", "io", 1), "confirmed");
  EXPECT_EQ(measuredVerdict("io", "cpu", 1), "refuted");
  EXPECT_EQ(measuredVerdict("mixed", "cpu", 1), "refuted");
  EXPECT_EQ(measuredVerdict("cpu", "", 0), "unexercised");
  EXPECT_EQ(measuredVerdict("unknown", "cpu", 2), "unclassified");
}
