#include <gtest/gtest.h>

#include "analyzer/python/builtin_modules.h"
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

TEST(PythonFrontend, FiftyThousandDeepBracketsAndCallsAreAnalysedWhole) {
  const int n = 50000;
  const std::string source = "import time\nx = " + std::string(n, '[') + std::string(n, ']') + "\ny = " +
                             std::string(n, '(') + "1" + std::string(n, ')') + "\nz = " + [&] {
                               std::string calls;
                               for (int i = 0; i < n; ++i) calls += "f(";
                               return calls + std::string(n, ')');
                             }() + "\ntime.sleep(1)\n";
  auto b = build({{"m.py", "m", source}});
  const auto &file = b->program.files[0];
  EXPECT_TRUE(file.syntaxErrors.empty());
  ASSERT_EQ(file.calls.size(), size_t(n) + 1);
  EXPECT_EQ(file.calls[0].args.size(), 1u);
  EXPECT_EQ(file.calls[0].args[0].text.size(), 63u);  // 60 bytes and "..."
  EXPECT_EQ(file.calls.back().loc.line, 5);
  EXPECT_EQ(b->program.calls[0].back().name, "time.sleep");
}

TEST(PythonFrontend, ContextsNestedDeeperThanTheLimitAreLeftOutAndReported) {
  std::string lambdas;
  for (int i = 0; i < 5000; ++i) lambdas += "lambda: ";
  auto b = build({{"m.py", "m", "import time\ndef f():\n    g = " + lambdas + "0\n    time.sleep(1)\n"}});
  const auto &file = b->program.files[0];
  ASSERT_EQ(file.syntaxErrors.size(), 1u);
  EXPECT_EQ(file.syntaxErrors[0].loc.line, 3);
  EXPECT_EQ(file.syntaxErrors[0].loc.column, 9 + 999 * 8);  // the lambda that would be the 1001st context
  EXPECT_NE(file.syntaxErrors[0].message.find("nested deeper than 1000"), std::string::npos);
  ASSERT_EQ(file.functions.size(), 1000u);  // f and 999 lambdas
  EXPECT_EQ(file.functions[0].qualname, "f");
  ASSERT_EQ(file.calls.size(), 1u);
  EXPECT_EQ(file.calls[0].function, 0);  // the sleep after the deep line is still in f
  // Comprehension clauses count one each: 1001 `for` clauses in one comprehension are too many.
  std::string clauses;
  for (int i = 0; i < 1001; ++i) clauses += " for a" + std::to_string(i) + " in b";
  auto c = build({{"m.py", "m", "x = [f(a)" + clauses + "]\ny = [f(a) for a in b]\n"}});
  ASSERT_EQ(c->program.files[0].syntaxErrors.size(), 1u);
  EXPECT_EQ(c->program.files[0].loops.size(), 1u);  // only y's
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

TEST(PythonLinker, BuiltInModulesAreNeverShadowedByLocalFiles) {
  EXPECT_TRUE(isBuiltinModule("time"));
  EXPECT_TRUE(isBuiltinModule("sys.monitoring"));
  EXPECT_TRUE(isBuiltinModule("_thread"));
  EXPECT_FALSE(isBuiltinModule("json"));
  EXPECT_FALSE(isBuiltinModule("timeit"));
  EXPECT_FALSE(isBuiltinModule("pkg.time"));
  auto b = build({
      {"time.py", "time", "def sleep(seconds):\n    return seconds\n"},
      {"json.py", "json", "def dumps(value):\n    return value\n"},
      {"pkg/__init__.py", "pkg", "", true},
      {"pkg/time.py", "pkg.time", "def sleep(seconds):\n    return seconds\n"},
      {"app.py", "app", "import time, json\nfrom pkg import time as ptime\ntime.sleep(1)\njson.dumps(2)\nptime.sleep(3)\n"},
  });
  EXPECT_EQ(b->resolved("app.py", "time.sleep"), "time.sleep");
  const int app = b->file("app.py");
  EXPECT_EQ(b->program.calls[app][1].kind, ResolvedCall::Kind::Function);  // the local json.dumps
  EXPECT_EQ(b->program.calls[app][2].kind, ResolvedCall::Kind::Function);  // pkg.time.sleep
  EXPECT_EQ(b->program.calls[app][2].name, "pkg.time.sleep");
}

TEST(PythonLinker, UnimportedWellKnownModulesInSnippets) {
  auto b = build({{"snippet.py", "snippet", "def f():\n    subprocess.run(['ls'])\n    undefined_thing.go()\n"}});
  EXPECT_EQ(b->resolved("snippet.py", "subprocess.run"), "subprocess.run");
  const int f = b->file("snippet.py");
  EXPECT_EQ(b->program.calls[f][1].kind, ResolvedCall::Kind::Unresolved);
}

}  // namespace
}  // namespace boundwise
