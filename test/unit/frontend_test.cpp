#include <gtest/gtest.h>

#include "program_fixture.h"

namespace boundwise {
namespace {
using testing::build;

TEST(PythonFrontend, FunctionsMethodsLambdasAndQualnames) {
  auto b = build({{"m.py", "m", R"(
class Worker:
    def crunch(self, n):
        def inner(x):
            return x * 2
        return [inner(i) for i in range(n)]

async def handler(request):
    key = lambda item: item[0]
    async with lock:
        await request.read()
)"}});
  const auto &fns = b->program.files[0].functions;
  ASSERT_EQ(fns.size(), 4u);
  EXPECT_EQ(fns[0].qualname, "Worker.crunch");
  EXPECT_EQ(fns[0].classIndex, 0);
  EXPECT_EQ(fns[1].qualname, "Worker.crunch.<locals>.inner");
  EXPECT_TRUE(fns[1].definedInFunction);
  EXPECT_EQ(fns[2].qualname, "handler");
  EXPECT_TRUE(fns[2].isAsync);
  EXPECT_EQ(fns[3].qualname, "handler.<locals>.<lambda>");
  EXPECT_TRUE(fns[3].isLambda);
  const auto &calls = b->program.files[0].calls;
  bool sawAwaited = false;
  for (const auto &c : calls) sawAwaited |= (c.calleeText == "request.read" && c.awaited);
  EXPECT_TRUE(sawAwaited);
}

TEST(PythonFrontend, LoopsBoundsAndArithmetic) {
  auto b = build({{"m.py", "m", R"(
def f(n, items):
    for i in range(n):
        total = i * i
    for j in range(1_000):
        pass
    for x in items:
        if x:
            break
    while True:
        n -= 1
)"}});
  const auto &loops = b->program.files[0].loops;
  ASSERT_EQ(loops.size(), 4u);
  EXPECT_EQ(loops[0].bound, LoopBound::Symbolic);
  EXPECT_GT(loops[0].arithmetic, 0);
  EXPECT_EQ(loops[1].bound, LoopBound::Literal);
  EXPECT_EQ(loops[1].iterations, 1000);
  EXPECT_EQ(loops[1].arithmetic, 0);
  EXPECT_EQ(loops[2].bound, LoopBound::Collection);
  EXPECT_TRUE(loops[2].hasBreak);
  EXPECT_EQ(loops[3].kind, LoopKind::While);
  EXPECT_EQ(loops[3].bound, LoopBound::Unknown);  // `while True` is not a known large range
}

TEST(PythonFrontend, ColumnsCountCodePoints) {
  auto b = build({{"m.py", "m", "import time\nx = 'héllo'; time.sleep(1)\n"}});
  const auto &calls = b->program.files[0].calls;
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].loc.line, 2);
  EXPECT_EQ(calls[0].loc.column, 14);  // 15 if counted in bytes: é is two
}

TEST(PythonFrontend, SyntaxErrorIsReportedAndTheRestAnalysed) {
  auto b = build({{"m.py", "m", "import time\ndef ok():\n    time.sleep(1)\ndef broken(:\n    pass\n"}});
  const auto &file = b->program.files[0];
  ASSERT_FALSE(file.syntaxErrors.empty());
  EXPECT_EQ(file.syntaxErrors[0].loc.line, 4);
  ASSERT_FALSE(file.calls.empty());
  EXPECT_EQ(b->program.calls[0][0].name, "time.sleep");
}

TEST(PythonFrontend, DeepNestingDoesNotCrash) {
  std::string deep = "x = " + std::string(500, '(') + "1" + std::string(500, ')') + "\n";
  std::string blocks;
  for (int i = 0; i < 200; ++i) blocks += std::string(i, ' ') + "if x:\n";
  blocks += std::string(200, ' ') + "pass\n";
  auto b = build({{"m.py", "m", deep + blocks}});
  EXPECT_EQ(b->program.files.size(), 1u);
}

TEST(PythonLinker, ImportsAliasesAndConstructors) {
  auto b = build({{"m.py", "m", R"(
import requests as rq
from time import sleep as nap
import os.path
import httpx

class Client:
    def __init__(self):
        self.session = rq.Session()

    def fetch(self, url):
        return self.session.get(url)

def main(client: httpx.Client | None, path):
    nap(1)
    s = rq.Session()
    s.post("u")
    os.path.exists(path)
    client.get("u")
    with open(path) as fh:
        fh.read()
)"}});
  EXPECT_EQ(b->resolved("m.py", "nap"), "time.sleep");
  EXPECT_EQ(b->resolved("m.py", "self.session.get"), "requests.Session.get");
  EXPECT_EQ(b->resolved("m.py", "s.post"), "requests.Session.post");
  EXPECT_EQ(b->resolved("m.py", "os.path.exists"), "os.path.exists");
  EXPECT_EQ(b->resolved("m.py", "client.get"), "httpx.Client.get");
  EXPECT_EQ(b->resolved("m.py", "fh.read"), "io.TextIOWrapper.read");
}

TEST(PythonLinker, RelativeImportsAndReExports) {
  auto b = build({
      {"pkg/__init__.py", "pkg", "from .net import fetch\n", true},
      {"pkg/net.py", "pkg.net", "import requests\ndef fetch(u):\n    return requests.get(u)\n"},
      {"pkg/sub/__init__.py", "pkg.sub", "", true},
      {"pkg/sub/api.py", "pkg.sub.api", "from .. import fetch\nfrom ..net import fetch as f2\nimport pkg\n"
                                        "async def h():\n    fetch(1)\n    f2(2)\n    pkg.fetch(3)\n"},
  });
  EXPECT_EQ(b->resolved("pkg/sub/api.py", "fetch"), "pkg.net.fetch");
  EXPECT_EQ(b->resolved("pkg/sub/api.py", "f2"), "pkg.net.fetch");
  EXPECT_EQ(b->resolved("pkg/sub/api.py", "pkg.fetch"), "pkg.net.fetch");
}

TEST(PythonLinker, UnimportedWellKnownModulesInSnippets) {
  auto b = build({{"snippet.py", "snippet", "def f():\n    subprocess.run(['ls'])\n    undefined_thing.go()\n"}});
  EXPECT_EQ(b->resolved("snippet.py", "subprocess.run"), "subprocess.run");
  const int f = b->file("snippet.py");
  EXPECT_EQ(b->program.calls[f][1].kind, ResolvedCall::Kind::Unresolved);
}

}  // namespace
}  // namespace boundwise
