// The C/C++ frontend's facts: functions, calls, loops, GIL state and bindings. The Python and
// pybind11 declarations are small stand-ins here (the lit tests in test/cpp use the real
// headers); what is tested is the walk, not the headers.
#include "analyzer/cpp/cpp_frontend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "rules/loader/rule_set.h"

namespace boundwise {
namespace {

const char *kStandIns = R"(
extern "C" {
void *PyEval_SaveThread();
void PyEval_RestoreThread(void *);
int PyGILState_Ensure();
void PyGILState_Release(int);
void *PyLong_FromLong(long);
unsigned sleep(unsigned);
}
namespace pybind11 {
struct gil_scoped_release { gil_scoped_release(); ~gil_scoped_release(); };
struct gil_scoped_acquire { gil_scoped_acquire(); ~gil_scoped_acquire(); };
template <class... T> struct call_guard {};
struct module_ {
  template <class F, class... Extra> module_ &def(const char *, F &&, const Extra &...) { return *this; }
};
}
namespace py = pybind11;
)";

FileModel extract(const std::string &code) {
  CppUnit unit = extractCppSource("t.cpp", std::string(kStandIns) + code, {"-std=c++17"});
  EXPECT_TRUE(unit.ok);
  return unit.model;
}

int functionNamed(const FileModel &m, const std::string &qualname) {
  for (size_t i = 0; i < m.functions.size(); ++i)
    if (m.functions[i].qualname == qualname) return int(i);
  return -1;
}

const CallFact *callTo(const FileModel &m, const std::string &callee) {
  for (const CallFact &c : m.calls)
    if (c.qualifiedCallee == callee) return &c;
  return nullptr;
}

TEST(CppFrontend, FunctionsCallsAndQualifiedNames) {
  FileModel m = extract(R"(
namespace geo { struct Shape { double area() const { return 1; } }; }
static double helper(int n) { return n; }
double total() {
  geo::Shape s;
  auto twice = [](int v) { return helper(v) * 2; };
  return s.area() + twice(3);
}
)");
  EXPECT_EQ(m.language, Language::Cpp);
  ASSERT_GE(functionNamed(m, "geo::Shape::area"), 0);
  const int total = functionNamed(m, "total");
  ASSERT_GE(total, 0);
  const CallFact *area = callTo(m, "geo::Shape::area");
  ASSERT_NE(area, nullptr);
  EXPECT_EQ(area->function, total);
  EXPECT_EQ(area->localCallee, functionNamed(m, "geo::Shape::area"));
  // Calling a lambda held in a variable resolves to the lambda, which calls helper.
  const int lambda = functionNamed(m, "total::<lambda>");
  ASSERT_GE(lambda, 0);
  EXPECT_TRUE(m.functions[lambda].isLambda);
  bool callsLambda = false;
  for (const CallFact &c : m.calls) callsLambda |= c.function == total && c.localCallee == lambda;
  EXPECT_TRUE(callsLambda);
  const CallFact *helper = callTo(m, "helper");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->function, lambda);
}

TEST(CppFrontend, LoopsBoundsAndArithmetic) {
  FileModel m = extract(R"(
#include <vector>
long work(long n, const std::vector<int> &xs) {
  long acc = 0;
  for (int i = 0; i < 1000; ++i) acc += i;
  for (long j = 0; j < n; ++j) {
    for (int x : xs) acc += x * j;
  }
  while (acc > 10) { acc /= 2; if (acc == 12) break; }
  return acc;
}
)");
  ASSERT_EQ(m.loops.size(), 4u);
  EXPECT_EQ(m.loops[0].bound, LoopBound::Literal);
  EXPECT_EQ(m.loops[0].iterations, 1000);
  EXPECT_EQ(m.loops[0].targets, std::vector<std::string>{"i"});
  EXPECT_GT(m.loops[0].arithmetic, 0);
  EXPECT_EQ(m.loops[1].bound, LoopBound::Symbolic);
  EXPECT_EQ(m.loops[2].bound, LoopBound::Collection);
  EXPECT_EQ(m.loops[2].parent, 1);
  EXPECT_EQ(m.loops[3].kind, LoopKind::While);
  EXPECT_TRUE(m.loops[3].hasBreak);
}

TEST(CppFrontend, GilStateThroughScopesAndCApiCalls) {
  FileModel m = extract(R"(
void scoped() {
  sleep(1);
  {
    py::gil_scoped_release release;
    sleep(2);
    {
      py::gil_scoped_acquire acquire;
      PyLong_FromLong(3);
    }
    sleep(4);
  }
  sleep(5);
}
void capi() {
  void *save = PyEval_SaveThread();
  sleep(6);
  int st = PyGILState_Ensure();
  PyLong_FromLong(7);
  PyGILState_Release(st);
  sleep(8);
  PyEval_RestoreThread(save);
  sleep(9);
}
)");
  std::map<int, GilState> sleeps;  // by the argument's text
  for (const CallFact &c : m.calls)
    if (c.qualifiedCallee == "sleep") sleeps[std::stoi(c.args.at(0).text)] = c.gil;
  EXPECT_EQ(sleeps[1], GilState::Unknown);  // not bound: whatever the caller holds
  EXPECT_EQ(sleeps[2], GilState::Released);
  EXPECT_EQ(sleeps[4], GilState::Released);
  EXPECT_EQ(sleeps[5], GilState::Unknown);
  EXPECT_EQ(sleeps[6], GilState::Released);
  EXPECT_EQ(sleeps[8], GilState::Released);
  EXPECT_EQ(sleeps[9], GilState::Held);
  for (const CallFact &c : m.calls)
    if (c.qualifiedCallee == "PyLong_FromLong") {
      EXPECT_EQ(c.gil, GilState::Held);
      EXPECT_TRUE(c.pythonApi);
    }
  EXPECT_FALSE(callTo(m, "sleep")->pythonApi);
  EXPECT_FALSE(callTo(m, "PyEval_SaveThread")->pythonApi);
}

TEST(CppFrontend, Pybind11BindingsAndEntryStates) {
  FileModel m = extract(R"(
static double blur(long n) { double a = 0; for (long i = 0; i < n; ++i) a += i; return a; }
extern "C" void *PyInit_filters() { return nullptr; }
void pybind11_init_filters(py::module_ &m) {
  m.def("blur", &blur);
  m.def("blur_nogil", &blur, py::call_guard<py::gil_scoped_release>());
  m.def("twice", [](long n) { return blur(n) * 2; });
}
)");
  ASSERT_EQ(m.nativeModules.size(), 1u);
  EXPECT_EQ(m.nativeModules[0].name, "filters");
  EXPECT_EQ(m.nativeModules[0].api, "pybind11");
  EXPECT_FALSE(m.nativeModules[0].declaresNoGil);
  EXPECT_EQ(m.moduleName, "filters");
  ASSERT_EQ(m.bindings.size(), 3u);
  const int blur = functionNamed(m, "blur");
  EXPECT_EQ(m.bindings[0].name, "blur");
  EXPECT_EQ(m.bindings[0].module, "filters");
  EXPECT_EQ(m.bindings[0].function, blur);
  EXPECT_FALSE(m.bindings[0].releasesGil);
  EXPECT_TRUE(m.bindings[1].releasesGil);
  EXPECT_EQ(m.bindings[1].function, blur);
  EXPECT_TRUE(m.functions[m.bindings[2].function].isLambda);
  // Each binding has its own entry, entered with the binding's GIL state.
  EXPECT_EQ(m.functions[m.bindings[0].entry].entryGil, GilState::Held);
  EXPECT_EQ(m.functions[m.bindings[1].entry].entryGil, GilState::Released);
  EXPECT_TRUE(m.functions[m.bindings[1].entry].bindingEntry);
  // Python-visible names resolve to the entries; C++ names to the functions.
  EXPECT_EQ(m.scopes.at(0).names.at("blur_nogil").index, m.bindings[1].entry);
  EXPECT_EQ(m.scopes.at(0).names.at("::blur").index, blur);
}

TEST(CppFrontend, NanobindBindings) {
  CppUnit unit = extractCppSource("nb.cpp", R"(
namespace nanobind {
struct gil_scoped_release { gil_scoped_release(); ~gil_scoped_release(); };
template <class... T> struct call_guard {};
struct module_ {
  template <class F, class... Extra> module_ &def(const char *, F &&, const Extra &...) { return *this; }
};
}
namespace nb = nanobind;
static long count(long n) { long a = 0; for (long i = 0; i < n; ++i) a += i; return a; }
extern "C" void *PyInit_fast() { return nullptr; }
void nanobind_init_fast(nb::module_ &m) {
  m.def("count", &count);
  m.def("count_nogil", &count, nb::call_guard<nb::gil_scoped_release>());
  m.def("scoped", [](long n) { nb::gil_scoped_release r; return count(n); });
}
)", {"-std=c++17"});
  ASSERT_TRUE(unit.ok);
  const FileModel &m = unit.model;
  ASSERT_EQ(m.nativeModules.size(), 1u);
  EXPECT_EQ(m.nativeModules[0].api, "nanobind");
  ASSERT_EQ(m.bindings.size(), 3u);
  EXPECT_EQ(m.bindings[0].api, "nanobind");
  EXPECT_EQ(m.bindings[0].module, "fast");
  EXPECT_FALSE(m.bindings[0].releasesGil);
  EXPECT_TRUE(m.bindings[1].releasesGil);
  // Inside the lambda, after the guard, the call of count runs without the GIL.
  const int lambda = m.bindings[2].function;
  for (const CallFact &c : m.calls)
    if (c.function == lambda && c.qualifiedCallee == "count") EXPECT_EQ(c.gil, GilState::Released);
}

TEST(CppFrontend, CallsThroughFunctionPointersAndStdFunction) {
  FileModel m = extract(R"(
#include <functional>
static int target(int v) { return v + 1; }
int via_pointer() {
  int (*fp)(int) = &target;
  std::function<int(int)> f = target;
  return fp(1) + f(2);
}
)");
  const int target = functionNamed(m, "target");
  ASSERT_GE(target, 0);
  int resolved = 0;
  for (const CallFact &c : m.calls) resolved += c.localCallee == target;
  EXPECT_EQ(resolved, 2);
}

TEST(CppFrontend, CApiMethodTable) {
  FileModel m = extract(R"(
struct PyMethodDef { const char *name; void *(*meth)(void *, void *); int flags; const char *doc; };
struct PyModuleDef { int base; const char *m_name; };
static void *crunch(void *, void *) { return nullptr; }
static PyMethodDef methods[] = {{"crunch", crunch, 1, nullptr}, {nullptr, nullptr, 0, nullptr}};
static PyModuleDef module = {0, "cmod"};
extern "C" void *PyInit_cmod() { return nullptr; }
)");
  ASSERT_EQ(m.bindings.size(), 1u);
  EXPECT_EQ(m.bindings[0].api, "c-api");
  EXPECT_EQ(m.bindings[0].module, "cmod");
  EXPECT_EQ(m.bindings[0].name, "crunch");
  EXPECT_EQ(m.bindings[0].function, functionNamed(m, "crunch"));
  EXPECT_EQ(m.nativeModules.at(0).api, "c-api");
}

TEST(CppFrontend, SuppressionCommentsAndNoGilDeclaration) {
  FileModel m = extract(R"(
void a() { sleep(1); }  // NOLINT(BW502)
void b() { sleep(1); }  // boundwise: ignore[BW502]
// py::mod_gil_not_used() in a comment declares nothing
extern "C" void *PyInit_x() { return nullptr; }
)");
  const int line = 1 + int(std::count(kStandIns, kStandIns + std::strlen(kStandIns), '\n'));
  EXPECT_EQ(m.suppressions.at(line + 1), std::vector<std::string>{"BW502"});
  EXPECT_EQ(m.suppressions.at(line + 2), std::vector<std::string>{"BW502"});
  ASSERT_EQ(m.nativeModules.size(), 1u);
  EXPECT_FALSE(m.nativeModules[0].declaresNoGil);
}

TEST(CppFrontend, CompileErrorIsNotOk) {
  CppUnit unit = extractCppSource("bad.cpp", "int f( {", {"-std=c++17"});
  EXPECT_FALSE(unit.ok);
}

TEST(CppRules, CppNamesLiveApartFromPython) {
  RuleSet rules;
  std::vector<std::string> errors;
  ASSERT_TRUE(rules.loadBundled(errors));
  const ApiRule *read = rules.findCpp("read");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->detail, Detail::IoDisk);
  EXPECT_EQ(rules.find("read"), nullptr);
  EXPECT_EQ(rules.findCpp("time.sleep"), nullptr);
  ASSERT_NE(rules.findCpp("std::this_thread::sleep_for"), nullptr);
  const ApiRule *thread = rules.findCpp("std::thread");
  ASSERT_NE(thread, nullptr);
  ASSERT_TRUE(thread->dispatch.has_value());
  EXPECT_EQ(thread->dispatch->executor, Executor::Threads);
  EXPECT_FALSE(rules.isWellKnownModule("std::thread"));
}

TEST(CppRules, LanguageMustBeKnown) {
  RuleSet rules;
  std::vector<std::string> errors;
  EXPECT_FALSE(rules.load("language: rust\nrules: []\n", "x.yaml", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("(python, cpp)"), std::string::npos) << errors[0];
}

}  // namespace
}  // namespace boundwise
