#include <gtest/gtest.h>

#include "program_fixture.h"

#include <filesystem>
#include <fstream>

#include "analyzer/core/pipeline.h"

namespace boundwise {
namespace {
using testing::build;

TEST(Classifier, IntrinsicCpuNeedsABigLoopWithArithmetic) {
  auto b = build({{"m.py", "m", R"(
def count_primes(limit):
    found = 0
    for n in range(2, limit):
        for d in range(2, int(n ** 0.5) + 1):
            if n % d == 0:
                break
        else:
            found += 1
    return found

def total(prices):
    s = 0
    for p in prices:
        s += p
    return s

def literal_small():
    return sum(i * i for i in range(10))

def literal_big():
    return sum(i * i for i in range(10_000_000))

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
)"}});
  EXPECT_EQ(b->verdict("m.py", "count_primes").detail, Detail::CpuPython);
  EXPECT_GE(b->verdict("m.py", "count_primes").confidence, kCpuThreshold);
  EXPECT_EQ(b->verdict("m.py", "total").detail, Detail::Unknown);  // trivial stays unknown
  EXPECT_EQ(b->verdict("m.py", "literal_small").detail, Detail::Unknown);
  EXPECT_EQ(b->verdict("m.py", "literal_big").detail, Detail::CpuPython);
  EXPECT_EQ(b->verdict("m.py", "fib").detail, Detail::CpuPython);  // recursion with arithmetic
}

TEST(Classifier, IoPropagatesAcrossModulesWithTheChain) {
  auto b = build({
      {"helpers.py", "helpers", "import requests\ndef fetch(u):\n    return requests.get(u).text\n"},
      {"mid.py", "mid", "from helpers import fetch\ndef load(u):\n    return fetch(u)\n"},
      {"app.py", "app", "import mid\nasync def handler(u):\n    return mid.load(u)\n"},
  });
  const Verdict &v = b->verdict("app.py", "handler");
  EXPECT_EQ(v.detail, Detail::IoNetwork);
  ASSERT_EQ(v.evidence.size(), 3u);
  EXPECT_EQ(v.evidence[0].path, "app.py");
  EXPECT_EQ(v.evidence[1].path, "mid.py");
  EXPECT_EQ(v.evidence[2].path, "helpers.py");
  EXPECT_NE(v.evidence[2].message.find("requests.get"), std::string::npos);
}

TEST(Classifier, IoThroughALongChainStaysIoAndKeepsItsRule) {
  std::string source = "import time\n";
  const int hops = 40;
  for (int k = 0; k < hops; ++k) source += "def h" + std::to_string(k) + "():\n    h" + std::to_string(k + 1) + "()\n";
  source += "def h" + std::to_string(hops) + "():\n    time.sleep(1)\n";
  auto b = build({{"m.py", "m", source}});
  const Verdict &v = b->verdict("m.py", "h0");
  EXPECT_EQ(v.detail, Detail::IoSleep);
  EXPECT_GE(v.confidence, kIoThreshold);  // 0.95 * 0.95^40 would be 0.12
  ASSERT_EQ(v.evidence.size(), 12u);
  EXPECT_EQ(v.evidence.fullSize(), size_t(hops) + 1);
  EXPECT_NE(v.evidence[8].message.find("more steps left out"), std::string::npos);
  EXPECT_NE(v.evidence.back().message.find("time.sleep"), std::string::npos);
  // Nearer evidence still wins: a function with a direct sleep is more certain.
  EXPECT_GT(b->verdict("m.py", "h40").confidence, b->verdict("m.py", "h35").confidence);
}

TEST(Classifier, RecursionThroughIoTerminates) {
  auto b = build({{"m.py", "m", R"(
import time
def a(n):
    if n:
        b(n - 1)
def b(n):
    time.sleep(0.1)
    a(n)
)"}});
  EXPECT_EQ(b->verdict("m.py", "a").detail, Detail::IoSleep);
  EXPECT_EQ(b->verdict("m.py", "b").detail, Detail::IoSleep);
}

TEST(Classifier, LoopAroundIoIsNotCpu) {
  auto b = build({{"m.py", "m", R"(
import requests
def crawl(urls):
    size = 0
    for u in urls:
        size += len(requests.get(u).content) * 2
    return size
)"}});
  EXPECT_EQ(b->verdict("m.py", "crawl").detail, Detail::IoNetwork);
}

TEST(Classifier, MixedWhenBothHeavy) {
  auto b = build({{"m.py", "m", R"(
import requests
def work(u, n):
    requests.get(u)
    return sum(i * i for i in range(n))
)"}});
  EXPECT_EQ(b->verdict("m.py", "work").detail, Detail::Mixed);
}

TEST(Classifier, NativeReleasingGilIsNoGil) {
  auto b = build({{"m.py", "m", "import zlib\ndef pack(blob):\n    return zlib.compress(blob, 9)\n"}});
  EXPECT_EQ(b->verdict("m.py", "pack").detail, Detail::CpuNativeNogil);
}

TEST(Classifier, DispatchSitesResolveExecutorAndCallable) {
  auto b = build({{"m.py", "m", R"(
import asyncio
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor
def crunch(n):
    return sum(i for i in range(n))
def go(items):
    with ThreadPoolExecutor() as tp, ProcessPoolExecutor() as pp:
        tp.map(crunch, items)
        pp.submit(crunch, 3)
async def h():
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(crunch, 5)
    await loop.run_in_executor(None, crunch, 5)
)"}});
  const auto &d = b->analysis.dispatches;
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].executor, Executor::Threads);
  EXPECT_EQ(d[1].executor, Executor::Processes);
  EXPECT_EQ(d[2].executor, Executor::DefaultExecutor);
  EXPECT_EQ(d[3].executor, Executor::DefaultExecutor);
  for (const auto &site : d) EXPECT_EQ(site.callable.kind, Symbol::Kind::Function);
}

}  // namespace
}  // namespace boundwise

namespace boundwise {
namespace {

TEST(Pipeline, OverlaysReplaceFilesAndAddUnsavedOnes) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "bw_overlay_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path saved = dir / "saved.py";
  { std::ofstream(saved) << "def f():\n    return 1\n"; }
  CheckOptions o;
  o.target.pythonMinor = 12;
  o.paths = {saved.string(), (dir / "new.py").string()};
  // The editor's buffer for saved.py has a blocking call the disk copy lacks; new.py is unsaved.
  o.overlays[saved.string()] = "import time\nasync def f():\n    time.sleep(1)\n";
  o.overlays[(dir / "new.py").string()] = "import requests\nasync def g():\n    requests.get('u')\n";
  CheckResult r = runCheck(o);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].code, "BW201");
  EXPECT_EQ(r.findings[1].code, "BW201");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace boundwise
