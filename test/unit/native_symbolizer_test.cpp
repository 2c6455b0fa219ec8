// The LLVM symbolizer wrapper and the attribution of measured stacks, on this test binary itself
// (built with debug information).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "profiler/native/analysis/attribution.h"
#include "profiler/native/analysis/results_file.h"
#include "profiler/native/analysis/symbolizer.h"

using namespace boundwise::native;

namespace bwtest {
__attribute__((noinline)) int measuredLeaf(int x) {  // line 16
  asm volatile("" ::: "memory");
  return x * 3 + 1;
}
__attribute__((noinline)) int measuredCaller(int x) { return measuredLeaf(x) + 2; }  // line 20
}  // namespace bwtest

namespace {

// This process's executable mappings, as the preload writes them.
std::vector<Mapping> ownMaps() {
  std::ifstream in("/proc/self/maps");
  std::stringstream text;
  text << "boundwise-native 1\n";
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream w(line);
    std::string range, perms;
    w >> range >> perms;
    if (perms.size() == 4 && perms[2] == 'x' && line.find('/') != std::string::npos) text << "M " << line << "\n";
  }
  ProcessResults r;
  std::string error;
  EXPECT_TRUE(parseResults(text.str(), r, error)) << error;
  return r.maps;
}

uint64_t addressOf(int (*f)(int)) { return reinterpret_cast<uint64_t>(f); }

}  // namespace

TEST(NativeSymbolizer, NamesAFunctionWithItsFileAndLine) {
  Symbolizer s;
  const auto maps = ownMaps();
  const auto &frames = s.frames(maps, addressOf(&bwtest::measuredLeaf) + 1);
  ASSERT_FALSE(frames.empty());
  EXPECT_EQ(frames[0].function, "bwtest::measuredLeaf(int)");
  EXPECT_NE(frames[0].file.find("native_symbolizer_test.cpp"), std::string::npos) << frames[0].file;
  EXPECT_EQ(frames[0].startLine, 16);
  EXPECT_TRUE(isProgramModule(frames[0].module)) << frames[0].module;
}

TEST(NativeSymbolizer, UnknownAddressesGiveNothing) {
  Symbolizer s;
  EXPECT_TRUE(s.frames(ownMaps(), 0x10).empty());
  EXPECT_TRUE(s.framesAt("/nonexistent/module.so", 0x1000).empty());
  EXPECT_FALSE(fileOffsetToAddress("/proc/self/status", 0).has_value());  // not ELF
}

TEST(NativeSymbolizer, SystemLibrariesAreNotTheProgram) {
  EXPECT_FALSE(isProgramModule("/usr/lib/x86_64-linux-gnu/libc.so.6"));
  EXPECT_FALSE(isProgramModule("/lib64/ld-linux-x86-64.so.2"));
  EXPECT_FALSE(isProgramModule("/home/u/build/lib/libboundwise_preload.so"));
  EXPECT_FALSE(isProgramModule("[vdso]"));
  EXPECT_TRUE(isProgramModule("/home/u/app/server"));
  EXPECT_TRUE(isProgramModule("/opt/app/lib/libengine.so"));
}

TEST(NativeAttribution, InclusiveTimesAndVerdicts) {
  ProcessResults p;
  p.pid = 1;
  p.periodNs = 1000000;
  p.maps = ownMaps();
  const uint64_t leaf = addressOf(&bwtest::measuredLeaf) + 1;
  const uint64_t caller = addressOf(&bwtest::measuredCaller) + 1;
  p.stacks.push_back({800, {leaf, caller}});  // 0.8 s on CPU in the leaf, called by the caller
  p.blocks.push_back({"read", "network", 2, 2000000000, {caller}});  // 2 s blocked in the caller
  Symbolizer s;
  NativeProfile profile = attribute({p}, s);
  const FunctionMeasure *leafM = nullptr, *callerM = nullptr;
  for (const auto &f : profile.functions) {
    if (f.name == "bwtest::measuredLeaf(int)") leafM = &f;
    if (f.name == "bwtest::measuredCaller(int)") callerM = &f;
  }
  ASSERT_NE(leafM, nullptr);
  ASSERT_NE(callerM, nullptr);
  EXPECT_DOUBLE_EQ(leafM->cpuSeconds, 0.8);
  EXPECT_DOUBLE_EQ(leafM->selfCpuSeconds, 0.8);
  EXPECT_EQ(measuredWorkload(*leafM), "cpu");
  EXPECT_DOUBLE_EQ(callerM->cpuSeconds, 0.8);  // inclusive
  EXPECT_DOUBLE_EQ(callerM->selfCpuSeconds, 0);
  EXPECT_DOUBLE_EQ(callerM->blockedSeconds.at("network"), 2.0);
  EXPECT_EQ(measuredWorkload(*callerM), "io");  // 0.8 / 2.8 = 0.29 <= 0.3
  EXPECT_EQ(dominantKind(*callerM), "network");
  EXPECT_EQ(recommendation(*callerM), "async");
  // The caller's line, per call made there (the leaf; the blocking read): what a static call
  // site on that line is compared with. The sampled instruction itself is not a call.
  const CallLineMeasure *toLeaf = nullptr, *toRead = nullptr;
  for (const auto &l : profile.callLines) {
    EXPECT_NE(l.function, "bwtest::measuredLeaf(int)");
    if (l.line == 20 && l.callee == "bwtest::measuredLeaf(int)") toLeaf = &l;
    if (l.line == 20 && l.callee == "read") toRead = &l;
  }
  ASSERT_NE(toLeaf, nullptr);
  ASSERT_NE(toRead, nullptr);
  EXPECT_DOUBLE_EQ(toLeaf->cpuSeconds, 0.8);
  EXPECT_EQ(measuredWorkload(toLeaf->cpuSeconds, toLeaf->wallSeconds()), "cpu");
  EXPECT_DOUBLE_EQ(toRead->blockedSeconds.at("network"), 2.0);
  EXPECT_EQ(measuredWorkload(toRead->cpuSeconds, toRead->wallSeconds()), "io");
  ASSERT_EQ(profile.callSites.size(), 1u);
  EXPECT_EQ(profile.callSites[0].function, "bwtest::measuredCaller(int)");
  EXPECT_EQ(profile.callSites[0].callee, "read");
  EXPECT_EQ(profile.callSites[0].calls, 2u);
}

TEST(NativeAttribution, ThresholdsFollowTheDesign) {
  FunctionMeasure m;
  m.cpuSeconds = 0.7;
  m.blockedSeconds["disk"] = 0.3;
  EXPECT_EQ(measuredWorkload(m), "cpu");  // 0.7 is cpu
  m.cpuSeconds = 0.5;
  m.blockedSeconds["disk"] = 0.5;
  EXPECT_EQ(measuredWorkload(m), "mixed");
  m.cpuSeconds = 0.3;
  m.blockedSeconds["disk"] = 0.7;
  EXPECT_EQ(measuredWorkload(m), "io");  // 0.3 is io
  m.blockedSeconds["lock"] = 5;
  EXPECT_EQ(recommendation(m), "none");  // waiting on locks: more threads do not help
  FunctionMeasure tiny;
  tiny.cpuSeconds = 0.001;
  EXPECT_EQ(measuredWorkload(tiny), "unknown");
}
