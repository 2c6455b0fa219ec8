#include "analyzer/core/baseline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace boundwise {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test; the same file path is rewritten to model an edit.
class BaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bw-baseline-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "app.py").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string &text) { std::ofstream(path_, std::ios::binary | std::ios::trunc) << text; }

  Finding at(int line, const std::string &code = "BW201") {
    Finding f;
    f.code = code;
    f.path = path_;
    f.loc.line = line;
    f.message = "blocking call";
    return f;
  }

  // Fingerprints of `findings` against `text`; a new SourceLines each time, since it caches.
  std::vector<std::string> printsOf(const std::string &text, const std::vector<Finding> &findings) {
    write(text);
    SourceLines lines;
    return fingerprints(findings, lines, (dir_ / "baseline.json").string());
  }

  fs::path dir_;
  std::string path_;
};

const char *kOriginal =
    "import time\n"
    "async def handler():\n"
    "    time.sleep(1)\n"
    "    return 1\n";

TEST_F(BaselineTest, FingerprintIsSixteenHexDigits) {
  auto prints = printsOf(kOriginal, {at(3)});
  ASSERT_EQ(prints.size(), 1u);
  EXPECT_EQ(prints[0].size(), 16u);
  EXPECT_EQ(prints[0].find_first_not_of("0123456789abcdef"), std::string::npos) << prints[0];
}

TEST_F(BaselineTest, SurvivesLinesInsertedAbove) {
  auto before = printsOf(kOriginal, {at(3)});
  auto after = printsOf(
      "import time\n"
      "import os\n"
      "\n"
      "async def handler():\n"
      "    time.sleep(1)\n"
      "    return 1\n",
      {at(5)});
  EXPECT_EQ(before, after);
}

TEST_F(BaselineTest, SurvivesEditsToOtherLines) {
  auto before = printsOf(kOriginal, {at(3)});
  auto after = printsOf(
      "import time  # edited\n"
      "async def handler(x):\n"
      "    time.sleep(1)\n"
      "    return 2\n",
      {at(3)});
  EXPECT_EQ(before, after);
}

TEST_F(BaselineTest, SurvivesReindentingTheFlaggedLine) {
  auto before = printsOf(kOriginal, {at(3)});
  auto after = printsOf(
      "import time\n"
      "async def handler():\n"
      "\ttime.sleep(1)   \r\n"
      "    return 1\n",
      {at(3)});
  EXPECT_EQ(before, after);
}

TEST_F(BaselineTest, ChangesWhenTheFlaggedLineChanges) {
  auto before = printsOf(kOriginal, {at(3)});
  auto after = printsOf(
      "import time\n"
      "async def handler():\n"
      "    time.sleep(2)\n"
      "    return 1\n",
      {at(3)});
  EXPECT_NE(before, after);
  // Whitespace inside the line is collapsed, not removed: "a b" is not "ab".
  auto joined = printsOf(
      "import time\n"
      "async def handler():\n"
      "    time.sleep (1)\n"
      "    return 1\n",
      {at(3)});
  EXPECT_NE(before, joined);
}

TEST_F(BaselineTest, DependsOnCodeAndPath) {
  auto blocking = printsOf(kOriginal, {at(3, "BW201")});
  auto cpu = printsOf(kOriginal, {at(3, "BW202")});
  EXPECT_NE(blocking, cpu);
  Finding elsewhere = at(3);
  elsewhere.path = (dir_ / "other.py").string();
  std::ofstream(elsewhere.path) << kOriginal;
  auto moved = printsOf(kOriginal, {elsewhere});
  EXPECT_NE(blocking, moved);
}

TEST_F(BaselineTest, IdenticalLinesGetDistinctFingerprints) {
  const char *twice =
      "async def handler():\n"
      "    time.sleep(1)\n"
      "    time.sleep(1)\n";
  auto prints = printsOf(twice, {at(2), at(3)});
  ASSERT_EQ(prints.size(), 2u);
  EXPECT_NE(prints[0], prints[1]);
  // The first of the two keeps its fingerprint when the second is added below it.
  auto once = printsOf(
      "async def handler():\n"
      "    time.sleep(1)\n",
      {at(2)});
  EXPECT_EQ(once[0], prints[0]);
  // Baselined with one, the added duplicate is the only new finding.
  write("async def handler():\n    time.sleep(1)\n");
  SourceLines beforeLines;
  std::string error;
  const std::string baselinePath = (dir_ / "baseline.json").string();
  ASSERT_TRUE(writeBaseline(baselinePath, {at(2)}, beforeLines, error)) << error;
  auto baseline = loadBaseline(baselinePath, error);
  ASSERT_TRUE(baseline) << error;
  write(twice);
  SourceLines afterLines;
  auto fresh = newFindings({at(2), at(3)}, *baseline, afterLines, baselinePath);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].loc.line, 3);
}

TEST_F(BaselineTest, WrittenBaselineFiltersItsOwnFindings) {
  write(kOriginal);
  SourceLines lines;
  std::string error;
  const std::string baselinePath = (dir_ / "baseline.json").string();
  ASSERT_TRUE(writeBaseline(baselinePath, {at(3), at(4, "BW601")}, lines, error)) << error;
  auto baseline = loadBaseline(baselinePath, error);
  ASSERT_TRUE(baseline) << error;
  EXPECT_EQ(baseline->fingerprints.size(), 2u);
  EXPECT_TRUE(newFindings({at(3), at(4, "BW601")}, *baseline, lines, baselinePath).empty());
  auto fresh = newFindings({at(3), at(4, "BW202")}, *baseline, lines, baselinePath);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].code, "BW202");
}

TEST_F(BaselineTest, PathIsTakenFromTheBaselinesFolder) {
  const std::string baselinePath = (dir_ / "ci" / "baseline.json").string();
  EXPECT_EQ(pathFromBaseline(path_, baselinePath), "../app.py");
  EXPECT_EQ(pathFromBaseline(path_, (dir_ / "baseline.json").string()), "app.py");
}

TEST_F(BaselineTest, FingerprintDoesNotDependOnTheWorkingDirectory) {
  write(kOriginal);
  const std::string baselinePath = (dir_ / "baseline.json").string();
  SourceLines lines;
  const auto fromAbsolute = fingerprints({at(3)}, lines, baselinePath);
  const auto previous = fs::current_path();
  fs::current_path(dir_);
  Finding relative = at(3);
  relative.path = "app.py";  // as a run from the project folder shows it
  SourceLines relativeLines;
  const auto fromRelative = fingerprints({relative}, relativeLines, "baseline.json");
  fs::current_path(previous);
  EXPECT_EQ(fromAbsolute, fromRelative);
}

std::string baselineError(const fs::path &file, const std::string &text) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  std::string error;
  EXPECT_FALSE(loadBaseline(file.string(), error).has_value());
  return error;
}

TEST_F(BaselineTest, DeepNestingIsRefusedWithoutBuildingIt) {
  const fs::path file = dir_ / "deep.json";
  std::string error = baselineError(file, std::string(5'000'000, '['));
  EXPECT_EQ(error, "the baseline '" + file.string() + "' is not a boundwise baseline: nested more than 16 levels deep");
  error = baselineError(file, "{\"version\": 1, \"findings\": " + std::string(100000, '[') + "}");
  EXPECT_NE(error.find("nested more than 16 levels deep"), std::string::npos) << error;
}

TEST_F(BaselineTest, HugeFileIsRefused) {
  if (access("/dev/zero", R_OK) != 0) GTEST_SKIP() << "no /dev/zero";
  std::string error;
  EXPECT_FALSE(loadBaseline("/dev/zero", error).has_value());
  EXPECT_EQ(error, "the baseline '/dev/zero' is larger than 64 MiB; a baseline of 100,000 findings is about 25 MiB "
                   "(is this the right file?)");
}

// Found by baseline_fuzzer: nlohmann throws out_of_range, not parse_error, for a number that
// overflows a double; it ended the run as an internal error.
TEST_F(BaselineTest, NumberTooLargeIsInvalidJson) {
  const fs::path file = dir_ / "big_number.json";
  const std::string error = baselineError(file, "{\"version\": 1e400, \"findings\": []}");
  EXPECT_EQ(error, "the baseline '" + file.string() + "' is not valid JSON: number overflow parsing '1e400'");
}

}  // namespace
}  // namespace boundwise
