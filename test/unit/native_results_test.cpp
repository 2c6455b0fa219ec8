// The native profiler's results files: parsing, a folder of them, address -> mapping.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "profiler/native/analysis/results_file.h"

using namespace boundwise::native;

namespace {

const char *kGood =
    "boundwise-native 1\n"
    "pid 42\n"
    "ppid 7\n"
    "exe /tmp/my prog\n"
    "end signal 11\n"
    "wall_ns 2500000000\n"
    "rusage 1000000000 20000000 3 4\n"
    "period_ns 1000000\n"
    "sampling ok\n"
    "threads 2\n"
    "samples 120 dropped 1 lost 2\n"
    "blocks_dropped 0\n"
    "B read ipc 3 900000000 401a2f 7f0000001234\n"
    "S 100 401b00 401a40\n"
    "S 20 7f0000001000\n"
    "M 400000-402000 r-xp 00000000 fe:00 123   /tmp/my prog\n"
    "M 7f0000000000-7f0000100000 r-xp 00026000 fe:00 9 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
    "done\n";

}  // namespace

TEST(NativeResults, ParsesEveryRecord) {
  ProcessResults r;
  std::string error;
  ASSERT_TRUE(parseResults(kGood, r, error)) << error;
  EXPECT_EQ(r.pid, 42);
  EXPECT_EQ(r.ppid, 7);
  EXPECT_EQ(r.exe, "/tmp/my prog");
  EXPECT_EQ(r.endReason, "signal");
  EXPECT_EQ(r.endValue, 11);
  EXPECT_EQ(r.wallNs, 2500000000u);
  EXPECT_EQ(r.userNs, 1000000000u);
  EXPECT_EQ(r.involuntarySwitches, 4u);
  EXPECT_EQ(r.samples, 120u);
  EXPECT_EQ(r.lostSamples, 2u);
  EXPECT_TRUE(r.complete);
  ASSERT_EQ(r.blocks.size(), 1u);
  EXPECT_EQ(r.blocks[0].call, "read");
  EXPECT_EQ(r.blocks[0].kind, "ipc");
  EXPECT_EQ(r.blocks[0].count, 3u);
  EXPECT_EQ(r.blocks[0].ns, 900000000u);
  EXPECT_EQ(r.blocks[0].pcs, (std::vector<uint64_t>{0x401a2f, 0x7f0000001234}));
  ASSERT_EQ(r.stacks.size(), 2u);
  EXPECT_EQ(r.stacks[0].count, 100u);
  ASSERT_EQ(r.maps.size(), 2u);
  EXPECT_EQ(r.maps[0].path, "/tmp/my prog");  // spaces in paths survive
  EXPECT_EQ(r.maps[1].offset, 0x26000u);
}

TEST(NativeResults, EndWithoutStatusIsUnknown) {
  ProcessResults r;
  std::string error;
  ASSERT_TRUE(parseResults("boundwise-native 1\nend exit\n", r, error)) << error;
  EXPECT_EQ(r.endReason, "exit");
  EXPECT_EQ(r.endValue, -1);
  EXPECT_FALSE(r.complete);  // a checkpoint cut short still parses
}

TEST(NativeResults, RejectsOtherFilesAndSaysWhere) {
  ProcessResults r;
  std::string error;
  EXPECT_FALSE(parseResults("hello\n", r, error));
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
  EXPECT_FALSE(parseResults("boundwise-native 1\npid 3\nB read ipc x 1 40\n", r, error));
  EXPECT_NE(error.find("line 3: malformed blocking-call line"), std::string::npos) << error;
  EXPECT_FALSE(parseResults("boundwise-native 1\nS 1 zz\n", r, error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
  EXPECT_FALSE(parseResults("", r, error));
}

TEST(NativeResults, FindsTheMappingOfAnAddress) {
  std::vector<Mapping> maps = {{0x1000, 0x2000, 0, "/a"}, {0x5000, 0x6000, 0x3000, "/b"}};
  ASSERT_NE(findMapping(maps, 0x1000), nullptr);
  EXPECT_EQ(findMapping(maps, 0x1fff)->path, "/a");
  EXPECT_EQ(findMapping(maps, 0x2000), nullptr);
  EXPECT_EQ(findMapping(maps, 0x5800)->path, "/b");
  EXPECT_EQ(findMapping(maps, 0x10), nullptr);
  EXPECT_EQ(findMapping(maps, 0x9000), nullptr);
}

TEST(NativeResults, LoadsAFolderAndReportsBadFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("bw-native-unit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "native-20-1.txt") << "boundwise-native 1\npid 20\ndone\n";
  std::ofstream(dir / "native-10-1.txt") << "boundwise-native 1\npid 10\ndone\n";
  std::ofstream(dir / "native-30-1.txt") << "garbage\n";
  std::ofstream(dir / "other.txt") << "not ours\n";
  std::vector<std::string> problems;
  auto all = loadResultsDir(dir.string(), problems);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].pid, 10);
  EXPECT_EQ(all[1].pid, 20);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("native-30-1.txt: line 1"), std::string::npos) << problems[0];
}
