#pragma once
// Language-neutral facts about one source file, as the frontends extract them.
// Names are not resolved here: a Ref is a dotted chain as written, resolved later by the
// linker against imports, classes and the rule set.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace boundwise {

struct Location {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, Unicode code points
  int endLine = 0;
  int endColumn = 0;
};

// A dotted chain as written: `requests.get` -> {"requests", "get"}. When the chain starts
// with the result of another call (`requests.Session().get`), baseCall is that call's index.
struct Ref {
  int baseCall = -1;
  std::vector<std::string> parts;
  bool empty() const { return baseCall < 0 && parts.empty(); }
};

struct Binding {
  enum class Kind { Import, Function, Class, Variable, Parameter, Global, Nonlocal };
  Kind kind = Kind::Variable;
  std::string target;      // Import: dotted module path; Function/Class: index into the file's tables
  int index = -1;          // Function/Class: index; Variable: lambda function index if bound to a lambda
  int fromCall = -1;       // Variable: the call whose result was assigned (`x = Session()`)
  std::vector<Ref> types;  // Variable/Parameter: annotation alternatives (`A | B | None`)
  int64_t payloadBytes = 0;  // Variable: estimated size of a big literal payload bound to it
  bool isAlias = false;      // Variable: `x = name` (types[0] is what x names, not x's type)
  int line = 0;
};

enum class ScopeKind { Module, Class, Function, Lambda, Comprehension };

struct Scope {
  ScopeKind kind = ScopeKind::Module;
  int parent = -1;
  int owner = -1;  // function or class index
  std::unordered_map<std::string, Binding> names;
};

// What a C/C++ function does with the GIL at a point (Python facts leave it Unknown).
enum class GilState { Unknown, Held, Released };

struct FunctionFact {
  std::string name;
  std::string qualname;  // Python __qualname__: Worker.crunch, outer.<locals>.inner
  Location loc;
  bool isAsync = false;
  bool isLambda = false;
  int scope = -1;            // the function's own scope
  int parentFunction = -1;   // enclosing function, -1 at module or class level
  int classIndex = -1;       // method of this class
  bool definedInFunction = false;  // nested: pickle cannot find it by name
  std::vector<std::string> params;
  std::vector<Ref> returns;  // return annotation alternatives
  bool hasArithmetic = false;
  GilState entryGil = GilState::Unknown;  // C++: the GIL state the function is entered with
  bool bindingEntry = false;  // C++: stands for a Python binding (NativeBindingFact::entry)
};

struct ClassFact {
  std::string name;
  std::string qualname;
  Location loc;
  int scope = -1;
  std::vector<Ref> bases;
  bool definedInFunction = false;
  std::unordered_map<std::string, int> methods;  // name -> function index
  // `self.x = Ctor()` in a method, or `x: T` in the class body.
  std::unordered_map<std::string, Binding> attributes;
};

// Smaller: a number made smaller (`n - 1`, `n // 2`, `n >> 1`, `n / 2`, `n % 10`); Slice: `items[1:]`.
enum class ArgKind { Other, Name, Attribute, Lambda, Call, Literal, Starred, Smaller, Slice };

struct ArgFact {
  std::string keyword;  // empty for positional
  ArgKind kind = ArgKind::Other;
  Ref ref;              // Name / Attribute
  int lambda = -1;      // Lambda: function index
  int call = -1;        // Call: call index
  int64_t payloadBytes = 0;   // estimated size of a big literal payload
  int64_t rangeLength = -1;   // `range(N)` with literal bounds: its length
  std::string text;
  std::vector<std::string> names;  // identifiers used in the argument (for loop independence)
};

struct CallFact {
  Location loc;
  Ref callee;
  std::string calleeText;
  std::vector<ArgFact> args;
  int function = -1;  // enclosing function; -1 = module level (or class body)
  int scope = -1;
  std::vector<int> loops;  // enclosing loops inside the same function, outermost first
  bool awaited = false;
  bool underMainGuard = false;
  std::vector<int> withItems;  // enclosing `with` items in the same function
  std::vector<std::string> resultNames;  // `x = f(...)`: the names the result is assigned to
  // C++ only: the callee as Clang resolved it (`std::this_thread::sleep_for`, `ns::Cls::run`),
  // the callee's index when it is defined in the same file, the GIL state at the call, and
  // whether the call uses the Python C API or a py::object (BW503).
  std::string qualifiedCallee;
  int localCallee = -1;
  GilState gil = GilState::Unknown;
  bool pythonApi = false;
};

enum class LoopKind { For, While, Comprehension };
enum class LoopBound { Unknown, Literal, Symbolic, Collection };

struct LoopFact {
  Location loc;
  LoopKind kind = LoopKind::For;
  bool isAsync = false;
  int function = -1;
  int parent = -1;  // enclosing loop in the same function
  LoopBound bound = LoopBound::Unknown;
  int64_t iterations = -1;  // Literal bound
  std::string iterText;
  std::vector<std::string> targets;  // loop variables
  int arithmetic = 0;                // arithmetic operations inside the body
  bool hasBreak = false;             // break or return inside the body
  bool hasAwait = false;             // the body awaits: the event loop runs between iterations
  GilState gil = GilState::Unknown;  // C++: the GIL state the loop runs with
};

struct WithItemFact {
  Location loc;
  Ref value;          // `with lock:` -> lock; `with open(p) as fh` -> via call
  int call = -1;      // the item is a call
  std::string text;
};

enum class MutationTarget { Name, Attribute, Subscript };

struct MutationFact {
  Location loc;
  MutationTarget target = MutationTarget::Name;
  std::string name;       // the variable, or `self` for self.x, or the container for d[k]
  std::string attribute;  // Attribute: x in self.x; Subscript of self.x: x
  std::string text;
  int function = -1;
  int scope = -1;
  std::vector<int> withItems;
};

struct ParseProblem {
  Location loc;
  std::string message;
};

enum class Language { Python, Cpp };

// A Python-visible native function: `m.def("blur", &blur)`, a PyMethodDef entry.
struct NativeBindingFact {
  Location loc;             // the m.def call or the PyMethodDef entry
  std::string module;       // Python module name (PYBIND11_MODULE / NB_MODULE / PyInit_)
  std::string name;         // Python name: `blur`, or `Image.blur` for a class method
  int function = -1;        // the C++ function (or lambda) behind it, in the same file
  // The Python-visible callable: a function of the model standing for the binding, entered
  // with the binding's GIL state and calling `function` (one C++ function may be bound twice,
  // once holding and once releasing the GIL).
  int entry = -1;
  std::string target;       // qualified name of the bound C++ function when defined elsewhere
  bool releasesGil = false; // call_guard<gil_scoped_release>: the call runs without the GIL
  std::string api;          // pybind11 | nanobind | c-api
  std::string text;         // how the binding is written, for messages
};

// A native extension module defined in a C/C++ file.
struct NativeModuleFact {
  Location loc;
  std::string name;
  std::string api;               // pybind11 | nanobind | c-api
  bool declaresNoGil = false;    // Py_MOD_GIL_NOT_USED / py::mod_gil_not_used() / nb::gil_not_used / PyUnstable_Module_SetGIL
};

struct FileModel {
  Language language = Language::Python;
  std::string path;        // as shown to the user (relative to the current directory)
  std::string moduleName;  // dotted: pkg.mod
  bool isPackageInit = false;
  std::vector<Scope> scopes;  // scopes[0] is the module
  std::vector<FunctionFact> functions;
  std::vector<ClassFact> classes;
  std::vector<CallFact> calls;
  std::vector<LoopFact> loops;
  std::vector<WithItemFact> withItems;
  std::vector<MutationFact> mutations;
  std::vector<ParseProblem> syntaxErrors;
  // line -> codes suppressed there; an empty set suppresses every code.
  std::map<int, std::vector<std::string>> suppressions;
  std::vector<NativeBindingFact> bindings;  // C++ only
  std::vector<NativeModuleFact> nativeModules;
};

}  // namespace boundwise
