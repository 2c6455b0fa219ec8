// The C/C++ frontend: Clang LibTooling turns one translation unit into a FileModel (in
// libboundwise_llvm.so, see llvm_module.h). Only declarations written in the main file are walked
// (system and library headers are parsed, never visited, and their function bodies are skipped by
// the parser).
#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/Stmt.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Basic/Stack.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/CrashRecoveryContext.h>
#include <llvm/Support/ErrorHandling.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/PrettyStackTrace.h>
#include <llvm/Support/Timer.h>
#include <llvm/Support/VirtualFileSystem.h>
#include <llvm/Support/thread.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <system_error>
#include <optional>
#include <unordered_map>

#include "analyzer/core/file_discovery.h"
#include "analyzer/core/suppressions.h"
#include "analyzer/cpp/llvm_module_impl.h"

namespace boundwise {
namespace {
using namespace clang;

constexpr size_t kMaxText = 120;  // call and argument texts kept for messages
// How deep the walk of a function body goes: far beyond written code (Clang's own limit on
// nested brackets is 256), and far within the unit thread's stack (kUnitStackBytes).
constexpr int kMaxWalkDepth = 10000;

bool startsWith(const std::string &s, std::string_view p) { return s.rfind(p, 0) == 0; }

// `ns::Cls::method` without template arguments, inline namespaces (std::__cxx11) or
// anonymous namespaces, so rule names stay stable across standard libraries.
std::string qualifiedName(const NamedDecl *d) {
  std::vector<std::string> parts;
  parts.push_back(d->getNameAsString());
  for (const DeclContext *ctx = d->getDeclContext(); ctx; ctx = ctx->getParent()) {
    if (const auto *ns = dyn_cast<NamespaceDecl>(ctx)) {
      if (ns->isInline() || ns->isAnonymousNamespace()) continue;
      parts.push_back(ns->getNameAsString());
    } else if (const auto *rd = dyn_cast<RecordDecl>(ctx)) {
      if (rd->getIdentifier()) parts.push_back(rd->getNameAsString());
    } else if (const auto *fd = dyn_cast<FunctionDecl>(ctx)) {
      parts.push_back(fd->getNameAsString());
    }
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : "::") + *it;
  return out;
}

// Python C API and pybind11/nanobind object use that needs the GIL (BW503). The GIL
// functions themselves, the raw allocator and PyThread_* are safe without it, and so is
// reading a NumPy buffer through pybind11's data()/unchecked() views.
bool needsGil(const std::string &q) {
  if (startsWith(q, "Py") || startsWith(q, "_Py")) {
    return !(startsWith(q, "PyEval_SaveThread") || startsWith(q, "PyEval_RestoreThread") ||
             startsWith(q, "PyGILState_") || startsWith(q, "PyMem_Raw") || startsWith(q, "PyThread_"));
  }
  if (startsWith(q, "pybind11::") || startsWith(q, "nanobind::")) {
    if (q.find("gil_scoped") != std::string::npos || q.find("call_guard") != std::string::npos ||
        q.find("::detail::unchecked") != std::string::npos)
      return false;
    const std::string method = q.substr(q.rfind("::") + 2);
    static const char *const kBufferViews[] = {"data", "mutable_data", "size", "ndim", "shape", "strides",
                                               "itemsize", "nbytes", "unchecked", "mutable_unchecked"};
    for (const char *m : kBufferViews)
      if (method == m) return false;
    return true;
  }
  return false;
}

bool isArithmetic(BinaryOperatorKind op) {
  switch (op) {
    case BO_Mul: case BO_Div: case BO_Rem: case BO_Add: case BO_Sub: case BO_Shl: case BO_Shr:
    case BO_And: case BO_Xor: case BO_Or: case BO_MulAssign: case BO_DivAssign: case BO_RemAssign:
    case BO_AddAssign: case BO_SubAssign: case BO_ShlAssign: case BO_ShrAssign: case BO_AndAssign:
    case BO_XorAssign: case BO_OrAssign:
      return true;
    default:
      return false;
  }
}

struct PendingBinding {
  NativeBindingFact fact;
  const Decl *target = nullptr;  // the bound function's canonical declaration
  std::string initFunction;      // the function the binding is written in (pybind11_init_X)
};

// Which files of a translation unit belong to the project: the main file, and headers under
// the folders given to `boundwise check` (never the standard library, Python.h or pybind11,
// whatever -I or -isystem brought them in).
class ProjectFiles {
 public:
  ProjectFiles(const SourceManager &sm, const std::vector<std::string> &roots) : sm_(sm), roots_(roots) {}
  // "" for a file outside the project; the absolute path of a project header; "<main>".
  const std::string &classify(FileID id) {
    if (auto it = cache_.find(id); it != cache_.end()) return it->second;
    std::string &out = cache_[id];
    if (id == sm_.getMainFileID()) return out = "<main>";
    if (roots_.empty()) return out;
    const OptionalFileEntryRef entry = sm_.getFileEntryRefForID(id);
    if (!entry) return out;
    llvm::SmallString<256> path(entry->getName());
    if (sm_.getFileManager().getVirtualFileSystem().makeAbsolute(path)) return out;
    const std::string normal = std::filesystem::path(path.str().str()).lexically_normal().generic_string();
    for (const auto &root : roots_)
      if (normal.rfind(root, 0) == 0) return out = normal;
    return out;
  }
  bool inProject(SourceLocation loc) {
    return loc.isValid() && !classify(sm_.getFileID(sm_.getExpansionLoc(loc))).empty();
  }

 private:
  const SourceManager &sm_;
  const std::vector<std::string> &roots_;
  std::map<FileID, std::string> cache_;
};

class Extractor {
 public:
  Extractor(ASTContext &ctx, FileModel &model, std::vector<FileModel> &headers, ProjectFiles &project, Location &tooDeepAt)
      : ctx_(ctx), sm_(ctx.getSourceManager()), m_(&model), main_(model), headerOut_(headers), project_(project),
        tooDeepAt_(tooDeepAt) {}

  void run() {
    for (Decl *d : ctx_.getTranslationUnitDecl()->decls()) visitDecl(d);
    finish();
  }

 private:
  ASTContext &ctx_;
  SourceManager &sm_;
  FileModel *m_;  // the model of the file being walked (the main file or a project header)
  FileModel &main_;
  std::vector<FileModel> &headerOut_;
  ProjectFiles &project_;
  // The walk recurses once per level of nesting: deeper than kMaxWalkDepth it stops, and the
  // line where it did is reported (the unit then fails; see extractOne).
  Location &tooDeepAt_;
  int depth_ = 0;
  std::map<FileID, std::unique_ptr<FileModel>> headers_;
  std::map<const FileModel *, FileID> fileOf_;
  std::map<const FileModel *, std::vector<const Decl *>> targets_;  // per call: the callee's declaration
  std::unordered_map<const Decl *, std::pair<FileModel *, int>> fnByDecl_;  // canonical declaration -> function
  std::unordered_map<const LambdaExpr *, int> lambdas_;
  std::vector<PendingBinding> bindings_;
  std::vector<std::pair<std::string, Location>> pyInits_;  // PyInit_<module> definitions
  std::vector<std::string> initFunctions_;              // pybind11_init_X / nanobind_init_X
  std::string capiModuleName_;                          // PyModuleDef's m_name
  // Walk state inside one function body.
  int fn_ = -1;
  GilState gil_ = GilState::Unknown;  // Unknown: whatever the function was entered with
  std::vector<GilState> ensureStack_;  // PyGILState_Ensure -> Release
  std::vector<char> guardScopes_;      // per compound statement: a scoped GIL guard was declared
  std::vector<int> loops_;
  std::vector<std::string> resultNames_;

  // The model a declaration's facts go to, or null when it is not the project's.
  FileModel *modelFor(SourceLocation loc) {
    if (loc.isInvalid()) return nullptr;
    const FileID id = sm_.getFileID(sm_.getExpansionLoc(loc));
    const std::string &kind = project_.classify(id);
    if (kind.empty()) return nullptr;
    if (kind == "<main>") return &main_;
    std::unique_ptr<FileModel> &model = headers_[id];
    if (!model) {
      model = std::make_unique<FileModel>();
      model->path = displayPath(kind);
      model->language = Language::Cpp;
      fileOf_[model.get()] = id;
    }
    return model.get();
  }


  Location locOf(SourceLocation b, SourceLocation e) const {
    Location l;
    const SourceLocation B = sm_.getExpansionLoc(b), E = sm_.getExpansionLoc(e.isValid() ? e : b);
    l.line = int(sm_.getExpansionLineNumber(B));
    l.column = int(sm_.getExpansionColumnNumber(B));
    l.endLine = int(sm_.getExpansionLineNumber(E));
    l.endColumn = int(sm_.getExpansionColumnNumber(E)) + 1;
    return l;
  }

  std::string textOf(SourceRange r) const {
    const CharSourceRange range = CharSourceRange::getTokenRange(sm_.getExpansionRange(r).getAsRange());
    std::string t = Lexer::getSourceText(range, sm_, ctx_.getLangOpts()).str();
    std::replace(t.begin(), t.end(), '\n', ' ');
    if (t.size() > kMaxText) t = t.substr(0, kMaxText) + "...";
    return t;
  }

  void visitDecl(Decl *d) {
    FileModel *target = modelFor(d->getLocation());
    if (!target) return;
    m_ = target;
    if (auto *ns = dyn_cast<NamespaceDecl>(d)) {
      for (Decl *c : ns->decls()) visitDecl(c);
    } else if (auto *ls = dyn_cast<LinkageSpecDecl>(d)) {
      for (Decl *c : ls->decls()) visitDecl(c);
    } else if (auto *ft = dyn_cast<FunctionTemplateDecl>(d)) {
      visitDecl(ft->getTemplatedDecl());
    } else if (auto *ct = dyn_cast<ClassTemplateDecl>(d)) {
      visitDecl(ct->getTemplatedDecl());
    } else if (auto *rd = dyn_cast<CXXRecordDecl>(d)) {
      if (rd->isThisDeclarationADefinition())
        for (Decl *c : rd->decls()) visitDecl(c);
    } else if (auto *fd = dyn_cast<FunctionDecl>(d)) {
      m_ = target;
      if (fd->doesThisDeclarationHaveABody()) function(fd);
    } else if (auto *vd = dyn_cast<VarDecl>(d)) {
      if (target == &main_) methodTable(vd);
    }
  }

  int addFunction(const FunctionDecl *fd, SourceLocation begin, SourceLocation end, bool lambda) {
    FunctionFact f;
    if (lambda) {
      f.name = "<lambda>";
      f.qualname = (fn_ >= 0 ? m_->functions[fn_].qualname + "::" : std::string()) + "<lambda>";
    } else {
      f.name = fd->getNameAsString();
      f.qualname = qualifiedName(fd);
    }
    f.loc = locOf(begin, end);
    f.isLambda = lambda;
    f.scope = 0;
    f.parentFunction = lambda ? fn_ : -1;
    f.definedInFunction = lambda && fn_ >= 0;
    for (const ParmVarDecl *p : fd->parameters()) f.params.push_back(p->getNameAsString());
    const int index = int(m_->functions.size());
    m_->functions.push_back(std::move(f));
    fnByDecl_[fd->getCanonicalDecl()] = {m_, index};
    return index;
  }

  struct SavedState {
    int fn;
    GilState gil;
    std::vector<GilState> ensure;
    std::vector<char> guards;
    std::vector<int> loops;
  };
  SavedState enterFunction(int index) {
    SavedState s{fn_, gil_, std::move(ensureStack_), std::move(guardScopes_), std::move(loops_)};
    fn_ = index;
    gil_ = GilState::Unknown;
    ensureStack_.clear();
    guardScopes_.clear();
    loops_.clear();
    return s;
  }
  void leaveFunction(SavedState &s) {
    fn_ = s.fn;
    gil_ = s.gil;
    ensureStack_ = std::move(s.ensure);
    guardScopes_ = std::move(s.guards);
    loops_ = std::move(s.loops);
  }

  void function(FunctionDecl *fd) {
    const std::string name = fd->getNameAsString();
    if (m_ == &main_ && startsWith(name, "PyInit_")) pyInits_.push_back({name.substr(7), locOf(fd->getBeginLoc(), fd->getBeginLoc())});
    if (m_ == &main_ && (startsWith(name, "pybind11_init_") || startsWith(name, "nanobind_init_"))) initFunctions_.push_back(name);
    const int index = addFunction(fd, fd->getLocation(), fd->getEndLoc(), false);
    SavedState saved = enterFunction(index);
    if (auto *ctor = dyn_cast<CXXConstructorDecl>(fd))
      for (CXXCtorInitializer *init : ctor->inits())
        if (init->isWritten()) walk(init->getInit());
    walk(fd->getBody());
    leaveFunction(saved);
  }

  // `static PyMethodDef methods[] = {{"blur", blur, METH_VARARGS, ...}, ...}` and PyModuleDef.
  void methodTable(VarDecl *vd) {
    const Expr *init = vd->getInit();
    if (!init) return;
    const auto *list = dyn_cast<InitListExpr>(init->IgnoreParenImpCasts());
    if (!list) return;
    const QualType type = vd->getType();
    const Type *element = type->isArrayType() ? type->getArrayElementTypeNoTypeQual() : type.getTypePtr();
    const RecordDecl *record = element->getAsRecordDecl();
    if (!record) return;
    const std::string recordName = record->getNameAsString();
    if (recordName == "PyModuleDef" && list->getNumInits() > 1) {
      if (const auto *s = dyn_cast<StringLiteral>(list->getInit(1)->IgnoreParenImpCasts()))
        capiModuleName_ = s->getString().str();
      return;
    }
    if (recordName != "PyMethodDef" || !type->isArrayType()) return;
    for (const Expr *entry : list->inits()) {
      const auto *row = dyn_cast<InitListExpr>(entry->IgnoreParenImpCasts());
      if (!row || row->getNumInits() < 2) continue;
      const auto *name = dyn_cast<StringLiteral>(row->getInit(0)->IgnoreParenImpCasts());
      const auto *ref = dyn_cast<DeclRefExpr>(row->getInit(1)->IgnoreParenCasts());
      if (!name || !ref) continue;
      const auto *target = dyn_cast<FunctionDecl>(ref->getDecl());
      if (!target) continue;
      PendingBinding b;
      b.fact.loc = locOf(row->getBeginLoc(), row->getEndLoc());
      b.fact.name = name->getString().str();
      b.fact.api = "c-api";
      b.fact.releasesGil = false;  // METH_* functions are always called with the GIL held
      b.fact.text = "PyMethodDef {\"" + b.fact.name + "\", " + target->getNameAsString() + "}";
      b.fact.target = qualifiedName(target);
      b.target = target->getCanonicalDecl();
      bindings_.push_back(std::move(b));
    }
  }

  int newLoop(LoopKind kind, const Stmt *s) {
    LoopFact l;
    l.loc = locOf(s->getBeginLoc(), s->getEndLoc());
    l.kind = kind;
    l.function = fn_;
    l.parent = loops_.empty() ? -1 : loops_.back();
    l.gil = gil_;
    m_->loops.push_back(std::move(l));
    return int(m_->loops.size()) - 1;
  }

  // `i < n`: a literal bound gives the trip count, anything else is symbolic.
  void forBound(ForStmt *fs, LoopFact &loop) {
    std::vector<std::string> vars;
    int64_t start = 0;
    if (auto *ds = dyn_cast_or_null<DeclStmt>(fs->getInit())) {
      for (Decl *d : ds->decls())
        if (auto *v = dyn_cast<VarDecl>(d)) {
          vars.push_back(v->getNameAsString());
          Expr::EvalResult r;
          if (v->getInit() && v->getInit()->EvaluateAsInt(r, ctx_)) start = r.Val.getInt().getExtValue();
        }
    }
    loop.targets = vars;
    const auto *cond = dyn_cast_or_null<BinaryOperator>(fs->getCond() ? fs->getCond()->IgnoreParenImpCasts() : nullptr);
    if (!fs->getCond()) {
      loop.bound = LoopBound::Unknown;
      loop.iterText = "(;;)";
      return;
    }
    loop.iterText = textOf(fs->getCond()->getSourceRange());
    if (!cond || !cond->isComparisonOp()) {
      loop.bound = LoopBound::Unknown;
      return;
    }
    Expr::EvalResult r;
    if (cond->getRHS()->EvaluateAsInt(r, ctx_)) {
      loop.bound = LoopBound::Literal;
      loop.iterations = std::max<int64_t>(0, r.Val.getInt().getExtValue() - start);
    } else {
      loop.bound = LoopBound::Symbolic;
    }
  }

  void walkLoopBody(int loop, Stmt *body, std::initializer_list<Stmt *> perIteration) {
    loops_.push_back(loop);
    for (Stmt *s : perIteration) walk(s);
    walk(body);
    loops_.pop_back();
  }

  // Iterative: an argument can be an expression nested thousands deep.
  void namesIn(const Stmt *root, std::vector<std::string> &out) const {
    std::vector<const Stmt *> pending{root};
    while (!pending.empty()) {
      const Stmt *s = pending.back();
      pending.pop_back();
      if (!s) continue;
      if (const auto *ref = dyn_cast<DeclRefExpr>(s))
        if (isa<VarDecl>(ref->getDecl())) out.push_back(ref->getDecl()->getNameAsString());
      const size_t at = pending.size();
      for (const Stmt *c : s->children()) pending.push_back(c);
      std::reverse(pending.begin() + at, pending.end());  // source order
    }
  }

  // What a variable called like a function refers to: `auto f = work;`, `auto f = [](...){...};`,
  // `std::function<void()> f = work;`.
  const Decl *targetOfVariable(const ValueDecl *d) const {
    const auto *v = dyn_cast_or_null<VarDecl>(d);
    if (!v || !v->getInit()) return nullptr;
    const Expr *init = v->getInit()->IgnoreUnlessSpelledInSource();
    if (const auto *ce = dyn_cast<CXXConstructExpr>(init); ce && ce->getNumArgs() == 1)
      init = ce->getArg(0)->IgnoreUnlessSpelledInSource();
    if (const auto *u = dyn_cast<UnaryOperator>(init); u && u->getOpcode() == UO_AddrOf)
      init = u->getSubExpr()->IgnoreUnlessSpelledInSource();
    if (const auto *ref = dyn_cast<DeclRefExpr>(init))
      if (const auto *fd = dyn_cast<FunctionDecl>(ref->getDecl())) return fd->getCanonicalDecl();
    if (const auto *lambda = dyn_cast<LambdaExpr>(init)) return lambda->getCallOperator()->getCanonicalDecl();
    return nullptr;
  }

  ArgFact argFact(const Expr *arg) {
    ArgFact a;
    const Expr *e = arg->IgnoreUnlessSpelledInSource();
    a.text = textOf(arg->getSourceRange());
    namesIn(arg, a.names);
    if (const auto *u = dyn_cast<UnaryOperator>(e); u && u->getOpcode() == UO_AddrOf)
      e = u->getSubExpr()->IgnoreUnlessSpelledInSource();
    if (const auto *lambda = dyn_cast<LambdaExpr>(e)) {
      auto it = lambdas_.find(lambda);
      if (it != lambdas_.end()) {
        a.kind = ArgKind::Lambda;
        a.lambda = it->second;
      }
    } else if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
      if (const auto *fd = dyn_cast<FunctionDecl>(ref->getDecl())) {
        a.kind = ArgKind::Name;
        a.ref.parts = {"::" + qualifiedName(fd)};
      } else if (const Decl *target = targetOfVariable(ref->getDecl())) {
        if (const auto *fd = dyn_cast<FunctionDecl>(target)) {
          a.kind = ArgKind::Name;
          a.ref.parts = {"::" + qualifiedName(fd)};
        }
      } else {
        a.kind = ArgKind::Name;
        a.ref.parts = {ref->getDecl()->getNameAsString()};
      }
    } else if (isa<IntegerLiteral, FloatingLiteral, StringLiteral, CXXBoolLiteralExpr>(e)) {
      a.kind = ArgKind::Literal;
    } else if (const auto *b = dyn_cast<BinaryOperator>(e)) {
      // `n - 1`, `n / 2`, `n >> 1`, `n % 10`: recursion on a smaller number (the classifier).
      const BinaryOperatorKind op = b->getOpcode();
      if (op == BO_Sub || op == BO_Div || op == BO_Shr || op == BO_Rem) a.kind = ArgKind::Smaller;
    }
    return a;
  }

  // The Python class name of `py::class_<T>(m, "Name").def(...)` chains.
  std::string pythonClassName(const Expr *object) const {
    for (int hop = 0; object && hop < 64; ++hop) {
      object = object->IgnoreUnlessSpelledInSource();
      if (const auto *call = dyn_cast<CXXMemberCallExpr>(object)) {
        object = call->getImplicitObjectArgument();
        continue;
      }
      if (const auto *ref = dyn_cast<DeclRefExpr>(object)) {
        const auto *v = dyn_cast<VarDecl>(ref->getDecl());
        object = v ? v->getInit() : nullptr;
        continue;
      }
      if (const auto *ce = dyn_cast<CXXConstructExpr>(object)) {
        for (const Expr *a : ce->arguments())
          if (const auto *s = dyn_cast<StringLiteral>(a->IgnoreUnlessSpelledInSource())) return s->getString().str();
        return "";
      }
      return "";
    }
    return "";
  }

  void binding(const CallExpr *ce, const std::string &q) {
    if (ce->getNumArgs() < 2) return;
    const auto *name = dyn_cast<StringLiteral>(ce->getArg(0)->IgnoreUnlessSpelledInSource());
    if (!name) return;
    PendingBinding b;
    b.fact.loc = locOf(ce->getBeginLoc(), ce->getEndLoc());
    // In a `py::class_<T>(m, "T")\n .def(...)\n .def(...)` chain, each binding is its `.def` line.
    if (const Location member = locOf(ce->getExprLoc(), ce->getEndLoc()); member.line != b.fact.loc.line)
      b.fact.loc = member;
    b.fact.api = startsWith(q, "nanobind::") ? "nanobind" : "pybind11";
    b.fact.name = name->getString().str();
    if (q.find("::class_::") != std::string::npos)
      if (const auto *member = dyn_cast<CXXMemberCallExpr>(ce)) {
        const std::string cls = pythonClassName(member->getImplicitObjectArgument());
        b.fact.name = (cls.empty() ? "?" : cls) + "." + b.fact.name;
      }
    const Expr *target = ce->getArg(1)->IgnoreUnlessSpelledInSource();
    if (const auto *u = dyn_cast<UnaryOperator>(target); u && u->getOpcode() == UO_AddrOf)
      target = u->getSubExpr()->IgnoreUnlessSpelledInSource();
    if (const auto *lambda = dyn_cast<LambdaExpr>(target)) {
      b.target = lambda->getCallOperator()->getCanonicalDecl();
    } else if (const auto *ref = dyn_cast<DeclRefExpr>(target)) {
      if (const auto *fd = dyn_cast<FunctionDecl>(ref->getDecl())) {
        b.target = fd->getCanonicalDecl();
        b.fact.target = qualifiedName(fd);
      }
    }
    if (!b.target) return;
    for (unsigned i = 2; i < ce->getNumArgs(); ++i) {
      const std::string type = ce->getArg(i)->getType().getAsString();
      if (type.find("call_guard") != std::string::npos && type.find("gil_scoped_release") != std::string::npos)
        b.fact.releasesGil = true;
    }
    b.fact.text = textOf(SourceRange(ce->getBeginLoc(), ce->getArg(0)->getEndLoc())) + ", ...)";
    if (fn_ >= 0) b.initFunction = m_->functions[fn_].name;
    bindings_.push_back(std::move(b));
  }

  void recordCall(const Expr *e, const FunctionDecl *callee, const Decl *target, const Expr *calleeExpr,
                  llvm::ArrayRef<const Expr *> args, std::string qualified) {
    CallFact c;
    c.loc = locOf(e->getBeginLoc(), e->getEndLoc());
    c.function = fn_;
    c.scope = 0;
    c.loops = loops_;
    c.gil = gil_;
    c.qualifiedCallee = qualified;
    c.calleeText = calleeExpr ? textOf(calleeExpr->getSourceRange()) : qualified;
    c.callee.parts = {"::" + qualified};
    for (const Expr *a : args) {
      if (isa<CXXDefaultArgExpr>(a)) continue;
      c.args.push_back(argFact(a));
    }
    c.resultNames = resultNames_;
    c.pythonApi = needsGil(qualified);
    (void)callee;
    targets_[m_].push_back(target);
    m_->calls.push_back(std::move(c));
  }

  void gilEvent(const std::string &q) {
    if (q == "PyEval_SaveThread") {
      gil_ = GilState::Released;
    } else if (q == "PyEval_RestoreThread") {
      gil_ = GilState::Held;
    } else if (q == "PyGILState_Ensure") {
      ensureStack_.push_back(gil_);
      gil_ = GilState::Held;
    } else if (q == "PyGILState_Release") {
      gil_ = ensureStack_.empty() ? GilState::Unknown : ensureStack_.back();
      if (!ensureStack_.empty()) ensureStack_.pop_back();
    }
  }

  void call(CallExpr *ce) {
    const std::vector<std::string> results = std::move(resultNames_);
    resultNames_.clear();
    for (Stmt *child : ce->children()) walk(child);
    resultNames_ = results;
    const FunctionDecl *callee = ce->getDirectCallee();
    const Decl *target = callee ? callee->getCanonicalDecl() : nullptr;
    std::string q = callee ? qualifiedName(callee) : "";
    const Expr *calleeExpr = ce->getCallee();
    std::vector<const Expr *> args(ce->arg_begin(), ce->arg_end());
    if (const auto *op = dyn_cast<CXXOperatorCallExpr>(ce); op && op->getOperator() == OO_Call && op->getNumArgs() > 0) {
      calleeExpr = op->getArg(0);
      args.erase(args.begin());
      // Calling a variable that holds a function or lambda (std::function, a lambda object).
      if (const auto *ref = dyn_cast<DeclRefExpr>(op->getArg(0)->IgnoreUnlessSpelledInSource()))
        if (const Decl *t = targetOfVariable(ref->getDecl())) {
          target = t;
          q = qualifiedName(cast<NamedDecl>(t));
        }
    } else if (!callee) {
      // A call through a function pointer variable.
      if (const auto *ref = dyn_cast<DeclRefExpr>(ce->getCallee()->IgnoreParenImpCasts()))
        if (const Decl *t = targetOfVariable(ref->getDecl())) {
          target = t;
          q = qualifiedName(cast<NamedDecl>(t));
        }
    }
    if (q.empty()) q = textOf(ce->getCallee()->getSourceRange());
    recordCall(ce, callee, target, calleeExpr, args, q);
    if ((startsWith(q, "pybind11::") || startsWith(q, "nanobind::")) &&
        (q.ends_with("::def") || q.ends_with("::def_static")) && m_ == &main_)
      binding(ce, q);
    gilEvent(q);
  }

  void construct(CXXConstructExpr *ce) {
    for (Stmt *child : ce->children()) walk(child);
    const CXXConstructorDecl *ctor = ce->getConstructor();
    if (!ctor || ctor->isCopyOrMoveConstructor() || ce->isElidable()) return;
    // Constructing a class is a call of the class (`std::ifstream in(path)`, `std::thread t(f)`).
    const std::string cls = qualifiedName(ctor->getParent());
    std::vector<const Expr *> args(ce->arg_begin(), ce->arg_end());
    recordCall(ce, ctor, ctor->getCanonicalDecl(), nullptr, args, cls);
    m_->calls.back().calleeText = cls;
  }

  void guardDeclared(const VarDecl *v) {
    const CXXRecordDecl *rd = v->getType()->getAsCXXRecordDecl();
    if (!rd) return;
    const std::string name = qualifiedName(rd);
    GilState state;
    if (name == "pybind11::gil_scoped_release" || name == "nanobind::gil_scoped_release")
      state = GilState::Released;
    else if (name == "pybind11::gil_scoped_acquire" || name == "nanobind::gil_scoped_acquire")
      state = GilState::Held;
    else
      return;
    gil_ = state;
    if (!guardScopes_.empty()) guardScopes_.back() = 1;
  }

  void walk(Stmt *s) {
    if (!s) return;
    if (depth_ >= kMaxWalkDepth) {
      if (!tooDeepAt_.line) tooDeepAt_ = locOf(s->getBeginLoc(), s->getBeginLoc());
      return;
    }
    ++depth_;
    walkNode(s);
    --depth_;
  }

  void walkNode(Stmt *s) {
    if (auto *cs = dyn_cast<CompoundStmt>(s)) {
      const GilState saved = gil_;
      guardScopes_.push_back(0);
      for (Stmt *c : cs->body()) walk(c);
      if (guardScopes_.back()) gil_ = saved;  // the guard's destructor runs here
      guardScopes_.pop_back();
    } else if (auto *lambda = dyn_cast<LambdaExpr>(s)) {
      const int index = addFunction(lambda->getCallOperator(), lambda->getBeginLoc(), lambda->getEndLoc(), true);
      lambdas_[lambda] = index;
      SavedState saved = enterFunction(index);
      walk(lambda->getBody());
      leaveFunction(saved);
    } else if (auto *fs = dyn_cast<ForStmt>(s)) {
      walk(fs->getInit());
      const int loop = newLoop(LoopKind::For, fs);
      forBound(fs, m_->loops[loop]);
      walkLoopBody(loop, fs->getBody(), {fs->getCond(), fs->getInc()});
    } else if (auto *rs = dyn_cast<CXXForRangeStmt>(s)) {
      walk(rs->getRangeInit());
      const int loop = newLoop(LoopKind::For, rs);
      m_->loops[loop].bound = LoopBound::Collection;
      m_->loops[loop].iterText = textOf(rs->getRangeInit()->getSourceRange());
      m_->loops[loop].targets = {rs->getLoopVariable()->getNameAsString()};
      walkLoopBody(loop, rs->getBody(), {});
    } else if (auto *ws = dyn_cast<WhileStmt>(s)) {
      const int loop = newLoop(LoopKind::While, ws);
      m_->loops[loop].iterText = textOf(ws->getCond()->getSourceRange());
      walkLoopBody(loop, ws->getBody(), {ws->getCond()});
    } else if (auto *ds = dyn_cast<DoStmt>(s)) {
      const int loop = newLoop(LoopKind::While, ds);
      m_->loops[loop].iterText = textOf(ds->getCond()->getSourceRange());
      walkLoopBody(loop, ds->getBody(), {ds->getCond()});
    } else if (isa<BreakStmt>(s)) {
      if (!loops_.empty()) m_->loops[loops_.back()].hasBreak = true;
    } else if (auto *ret = dyn_cast<ReturnStmt>(s)) {
      for (int l : loops_) m_->loops[l].hasBreak = true;
      walk(ret->getRetValue());
    } else if (auto *ce = dyn_cast<CallExpr>(s)) {
      call(ce);
    } else if (auto *ctor = dyn_cast<CXXConstructExpr>(s)) {
      construct(ctor);
    } else if (auto *decls = dyn_cast<DeclStmt>(s)) {
      for (Decl *d : decls->decls())
        if (auto *v = dyn_cast<VarDecl>(d)) {
          if (Expr *init = v->getInit()) {
            resultNames_ = {v->getNameAsString()};
            walk(init);
            resultNames_.clear();
          }
          guardDeclared(v);
        }
    } else if (auto *bo = dyn_cast<BinaryOperator>(s)) {
      if (isArithmetic(bo->getOpcode())) {
        if (!loops_.empty()) ++m_->loops[loops_.back()].arithmetic;
        if (fn_ >= 0) m_->functions[fn_].hasArithmetic = true;
      }
      walk(bo->getLHS());
      if (bo->isAssignmentOp())
        if (const auto *ref = dyn_cast<DeclRefExpr>(bo->getLHS()->IgnoreParenImpCasts()))
          resultNames_ = {ref->getDecl()->getNameAsString()};
      walk(bo->getRHS());
      resultNames_.clear();
    } else {
      for (Stmt *c : s->children()) walk(c);
    }
  }

  void suppressionComments(FileID file) {
    bool invalid = false;
    const llvm::StringRef text = sm_.getBufferData(file, &invalid);
    if (invalid) return;
    int line = 1;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == llvm::StringRef::npos) end = text.size();
      const llvm::StringRef l = text.slice(start, end);
      if (size_t c = l.find("//"); c != llvm::StringRef::npos) parseSuppressionComment(std::string_view(l.data() + c, l.size() - c), line, m_->suppressions);
      else if (size_t b = l.find("/*"); b != llvm::StringRef::npos) parseSuppressionComment(std::string_view(l.data() + b, l.size() - b), line, m_->suppressions);
      ++line;
      start = end + 1;
    }
  }

  // A token, not text: a comment that mentions py::mod_gil_not_used() declares nothing. The
  // declaration may sit under `#ifdef Py_mod_gil` (older headers lack the slot): raw tokens
  // see both branches.
  bool declaresNoGil() const {
    bool invalid = false;
    const llvm::StringRef text = sm_.getBufferData(sm_.getMainFileID(), &invalid);
    if (invalid) return false;
    Lexer lexer(sm_.getLocForStartOfFile(sm_.getMainFileID()), ctx_.getLangOpts(), text.begin(), text.begin(), text.end());
    Token tok;
    for (bool end = false; !end;) {
      end = lexer.LexFromRawLexer(tok);
      if (!tok.is(tok::raw_identifier)) continue;
      const llvm::StringRef id = tok.getRawIdentifier();
      if (id == "Py_MOD_GIL_NOT_USED" || id == "mod_gil_not_used" || id == "gil_not_used" || id == "PyUnstable_Module_SetGIL")
        return true;
    }
    return false;
  }

  // The Python-visible callable of a binding: `filters.blur`, which calls the bound function
  // with the binding's GIL state.
  int addBindingEntry(const NativeBindingFact &b, GilState entry) {
    FunctionFact f;
    f.name = b.name;
    f.qualname = b.module + "." + b.name;
    f.loc = b.loc;
    f.scope = 0;
    f.entryGil = entry;
    f.bindingEntry = true;
    const int index = int(m_->functions.size());
    m_->functions.push_back(std::move(f));
    CallFact c;
    c.loc = b.loc;
    c.function = index;
    c.scope = 0;
    c.gil = entry;
    c.localCallee = b.function;
    if (b.function >= 0) {
      const FunctionFact &target = m_->functions[b.function];
      c.qualifiedCallee = target.qualname;
      c.calleeText = target.isLambda ? "the lambda" : target.qualname;
    } else {
      c.qualifiedCallee = c.calleeText = b.target;
    }
    c.callee.parts = {"::" + c.qualifiedCallee};
    m_->calls.push_back(std::move(c));
    targets_[m_].push_back(nullptr);
    return index;
  }

  // Every model of this translation unit: the main file's first, then the project headers'.
  std::vector<FileModel *> models() {
    std::vector<FileModel *> all{&main_};
    for (auto &[id, model] : headers_) all.push_back(model.get());
    return all;
  }

  void finish() {
    fileOf_[&main_] = sm_.getMainFileID();
    for (FileModel *model : models()) {
      model->language = Language::Cpp;
      const auto &targets = targets_[model];
      for (size_t c = 0; c < model->calls.size() && c < targets.size(); ++c)
        if (const Decl *t = targets[c]) {
          auto it = fnByDecl_.find(t);
          // A callee in another file is linked by its qualified name (linkCppCalls).
          if (it != fnByDecl_.end() && it->second.first == model) model->calls[c].localCallee = it->second.second;
        }
    }
    m_ = &main_;
    // Modules, then what each binding belongs to and what it binds.
    const bool noGil = declaresNoGil();
    for (const auto &[name, loc] : pyInits_) {
      NativeModuleFact mod;
      mod.name = name;
      mod.loc = loc;
      mod.api = "c-api";
      for (const auto &init : initFunctions_)
        if (init == "pybind11_init_" + name) mod.api = "pybind11";
        else if (init == "nanobind_init_" + name) mod.api = "nanobind";
      mod.declaresNoGil = noGil;
      main_.nativeModules.push_back(std::move(mod));
    }
    std::string defaultModule = !capiModuleName_.empty() ? capiModuleName_
                                : !pyInits_.empty()      ? pyInits_.front().first
                                                         : "";
    for (auto &b : bindings_) {
      b.fact.module = defaultModule;
      for (const char *prefix : {"pybind11_init_", "nanobind_init_"})
        if (startsWith(b.initFunction, prefix)) b.fact.module = b.initFunction.substr(std::string_view(prefix).size());
      const GilState entry = b.fact.releasesGil ? GilState::Released : GilState::Held;
      if (auto it = fnByDecl_.find(b.target); it != fnByDecl_.end()) {
        FunctionFact &fn = it->second.first->functions[it->second.second];
        // The function's own state when bound twice with different GIL modes: the holding one.
        if (fn.entryGil != GilState::Held) fn.entryGil = entry;
        if (it->second.first == &main_) b.fact.function = it->second.second;
      }
      // A function defined in a header or another translation unit: the entry calls it by
      // name (linkCppCalls).
      if (b.fact.function >= 0 || !b.fact.target.empty()) b.fact.entry = addBindingEntry(b.fact, entry);
      main_.bindings.push_back(std::move(b.fact));
    }
    for (FileModel *model : models()) {
      for (auto &c : model->calls)
        if (c.gil == GilState::Unknown && c.function >= 0) c.gil = model->functions[c.function].entryGil;
      for (auto &l : model->loops)
        if (l.gil == GilState::Unknown && l.function >= 0) l.gil = model->functions[l.function].entryGil;
      // Names the linkers resolve: Python-visible names for `import mod; mod.f`, and
      // `::qualified` names for C++ arguments that name a function.
      model->scopes.assign(1, Scope{});
      for (size_t i = 0; i < model->functions.size(); ++i)
        if (!model->functions[i].isLambda) {
          Binding b;
          b.kind = Binding::Kind::Function;
          b.index = int(i);
          b.line = model->functions[i].loc.line;
          model->scopes[0].names.emplace("::" + model->functions[i].qualname, b);
        }
      for (const auto &nb : model->bindings)
        if (nb.entry >= 0 && nb.name.find('.') == std::string::npos) {
          Binding b;
          b.kind = Binding::Kind::Function;
          b.index = nb.entry;
          b.line = nb.loc.line;
          model->scopes[0].names.emplace(nb.name, b);
        }
      model->moduleName = model->nativeModules.empty() ? model->path : model->nativeModules.front().name;
      suppressionComments(fileOf_[model]);
    }
    for (auto &[id, model] : headers_) headerOut_.push_back(std::move(*model));
  }
};

class FactsConsumer : public ASTConsumer {
 public:
  FactsConsumer(FileModel &model, std::vector<FileModel> &headers, const std::vector<std::string> &roots, SourceManager &sm,
                Location &tooDeepAt)
      : model_(model), headers_(headers), project_(sm, roots), tooDeepAt_(tooDeepAt) {}
  void HandleTranslationUnit(ASTContext &ctx) override { Extractor(ctx, model_, headers_, project_, tooDeepAt_).run(); }
  // Bodies of functions outside the project are never looked at: do not parse them.
  bool shouldSkipFunctionBody(Decl *d) override { return !project_.inProject(d->getLocation()); }

 private:
  FileModel &model_;
  std::vector<FileModel> &headers_;
  ProjectFiles project_;
  Location &tooDeepAt_;
};

// BOUNDWISE_CLANG_DEBUG_PRAGMAS=1 lets the crashing `#pragma clang __debug` commands crash, to
// test the crash recovery below (test/cpp/crashing_tu.test).
bool debugPragmasCrash() {
  static const bool crash = [] {
    const char *v = std::getenv("BOUNDWISE_CLANG_DEBUG_PRAGMAS");
    return v && std::string_view(v) == "1";
  }();
  return crash;
}

class FactsAction : public ASTFrontendAction {
 public:
  FactsAction(FileModel &model, std::vector<FileModel> &headers, const std::vector<std::string> &roots, Location &tooDeepAt)
      : model_(model), headers_(headers), roots_(roots), tooDeepAt_(tooDeepAt) {}
  bool BeginInvocation(CompilerInstance &ci) override {
    // `#pragma clang __debug crash`, `assert`, `llvm_unreachable`, `overflow_stack`, ... crash
    // Clang on purpose; `assert` and `llvm_unreachable` are undefined behaviour in a release
    // LLVM, which no crash recovery can catch. They do nothing here (like GCC's unknown pragmas).
    ci.getPreprocessorOpts().DisablePragmaDebugCrash = !debugPragmasCrash();
    return true;
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci, llvm::StringRef) override {
    ci.getFrontendOpts().SkipFunctionBodies = true;
    return std::make_unique<FactsConsumer>(model_, headers_, roots_, ci.getSourceManager(), tooDeepAt_);
  }

 private:
  FileModel &model_;
  std::vector<FileModel> &headers_;
  const std::vector<std::string> &roots_;
  Location &tooDeepAt_;
};

// Keeps Clang's first error; prints nothing.
class FirstError : public DiagnosticConsumer {
 public:
  bool have = false;
  std::string file, message;
  int line = 0, column = 0;
  void HandleDiagnostic(DiagnosticsEngine::Level level, const Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < DiagnosticsEngine::Error || have) return;
    have = true;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    message = text.str().str();
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const SourceManager &sm = info.getSourceManager();
      const PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(info.getLocation()));
      if (p.isValid()) {
        file = p.getFilename();
        line = int(p.getLine());
        column = int(p.getColumn());
      }
    }
  }
};

// --- Files Clang may read -----------------------------------------------------------------

// Why a file was not opened, in Clang's "cannot open file 'X': ..." error.
enum class Refusal { NotRegular = 1, TooLarge };
constexpr uint64_t kMaxSourceBytes = uint64_t(256) << 20;

class RefusalCategory : public std::error_category {
 public:
  const char *name() const noexcept override { return "boundwise.vfs"; }
  std::string message(int code) const override {
    if (Refusal(code) == Refusal::TooLarge)
      return "larger than " + std::to_string(kMaxSourceBytes >> 20) + " MiB (boundwise does not read it)";
    return "not a regular file (boundwise does not read devices, FIFOs, sockets or /proc and /sys files)";
  }
};

std::error_code refusal(Refusal r) {
  static const RefusalCategory category;
  return {int(r), category};
}

// The real file system, minus what is not a regular file: `#include "/dev/stdin"` would read
// the language server's own JSON-RPC input, `/dev/zero` or a FIFO would never end, and a /proc
// or /sys file says it is empty and then is not; nor a file over kMaxSourceBytes (a sparse
// file can say terabytes). Clang reports such an #include as an error of its translation unit.
class RegularFilesOnly : public llvm::vfs::ProxyFileSystem {
 public:
  explicit RegularFilesOnly(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> real) : ProxyFileSystem(std::move(real)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &path) override {
    auto st = ProxyFileSystem::status(path);
    if (!st) return st;
    if (auto refused = refuse(path, *st)) return refusal(*refused);
    return st;
  }
  bool exists(const llvm::Twine &path) override { return bool(status(path)); }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &path) override {
    if (auto st = ProxyFileSystem::status(path))
      if (auto refused = refuse(path, *st)) return refusal(*refused);
    return ProxyFileSystem::openFileForRead(path);
  }

 private:
  std::optional<Refusal> refuse(const llvm::Twine &path, const llvm::vfs::Status &st) {
    using llvm::sys::fs::file_type;
    switch (st.getType()) {
      case file_type::regular_file:
        if (st.getSize() > kMaxSourceBytes) return Refusal::TooLarge;
        if (st.getSize() == 0 && onPseudoFileSystem(path)) return Refusal::NotRegular;
        return std::nullopt;
      case file_type::directory_file: return std::nullopt;  // include directories are looked through
      default: return Refusal::NotRegular;                  // devices, FIFOs, sockets
    }
  }

  bool onPseudoFileSystem(const llvm::Twine &path) {
    llvm::SmallString<256> absolute;
    path.toVector(absolute);
    if (makeAbsolute(absolute)) return false;
    struct statfs fs;
    if (statfs(absolute.c_str(), &fs) != 0) return false;
    return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC;
  }
};

// --- Crash recovery -----------------------------------------------------------------------

// A crashing translation unit (a Clang bug, or a file written to crash it) must not take the
// process down: the whole report, or the language server, with it. Each unit runs under LLVM's
// CrashRecoveryContext, which turns SIGSEGV, SIGILL, SIGABRT, ... and LLVM's fatal errors on
// that thread into a failed unit. Caveat: what the crashed unit allocated is leaked.
thread_local std::string fatalErrorReason;

void onLlvmFatalError(void *, const char *reason, bool) {
  if (llvm::CrashRecoveryContext *crc = llvm::CrashRecoveryContext::GetCurrent()) {
    fatalErrorReason = reason;
    crc->HandleExit(1);  // back to RunSafely, never returns
  }
  // Not in a unit: report_fatal_error goes on to abort.
}

void enableCrashRecovery() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Clang times some pragmas (`#pragma clang __debug crash`) with a Timer of LLVM's default
    // group, and the group prints a timing table on stderr when its last timer goes away. One
    // timer that is never started and never destroyed keeps the group from printing: a file must
    // not be able to write to our output.
    new llvm::Timer("boundwise", "keeps LLVM's default timer group quiet");
    llvm::CrashRecoveryContext::Enable();
    // The handler runs on the faulting thread's stack, which after a stack overflow has no room
    // left: the same handler on the thread's alternate stack (AlternateStack) instead.
    for (int signal : {SIGSEGV, SIGBUS}) {
      struct sigaction action;
      if (sigaction(signal, nullptr, &action) != 0 || !(action.sa_flags & SA_SIGINFO ? action.sa_sigaction != nullptr
                                                                                    : action.sa_handler != SIG_DFL))
        continue;
      action.sa_flags |= SA_ONSTACK;
      sigaction(signal, &action, nullptr);
    }
    llvm::install_fatal_error_handler(onLlvmFatalError);
  });
}

// A signal stack for the current thread, for as long as it lives.
class AlternateStack {
 public:
  AlternateStack() : memory_(std::max<size_t>(SIGSTKSZ, size_t(64) << 10)) {
    stack_t stack{};
    stack.ss_sp = memory_.data();
    stack.ss_size = memory_.size();
    installed_ = sigaltstack(&stack, &previous_) == 0;
  }
  ~AlternateStack() {
    if (installed_) sigaltstack(&previous_, nullptr);
  }
  AlternateStack(const AlternateStack &) = delete;
  AlternateStack &operator=(const AlternateStack &) = delete;

 private:
  std::vector<char> memory_;
  stack_t previous_{};
  bool installed_ = false;
};

std::string signalName(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV, a bad memory access or a stack overflow";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    default: return "signal " + std::to_string(signal);
  }
}

CppUnit failedUnit(const std::string &path, std::string problem) {
  CppUnit unit;
  unit.ok = false;
  unit.problemPath = path;
  unit.problem = std::move(problem);
  unit.model.path = path;
  unit.model.language = Language::Cpp;
  return unit;
}

CppUnit extractOne(const std::string &path, const CompileCommandLine &command, const std::vector<std::string> &roots) {
  CppUnit unit;
  unit.model.path = path;
  unit.model.language = Language::Cpp;
  unit.guessedFlags = command.guessed;
  // Its own working directory (not the process's): safe with several threads.
  llvm::IntrusiveRefCntPtr<RegularFilesOnly> fs(new RegularFilesOnly(llvm::vfs::createPhysicalFileSystem().release()));
  fs->setCurrentWorkingDirectory(command.directory);
  llvm::IntrusiveRefCntPtr<FileManager> files(new FileManager(FileSystemOptions(), fs));
  FirstError errors;
  Location tooDeepAt;
  tooling::ToolInvocation invocation(command.args, std::make_unique<FactsAction>(unit.model, unit.headers, roots, tooDeepAt),
                                     files.get());
  invocation.setDiagnosticConsumer(&errors);
  const bool ran = invocation.run();
  if (errors.have || !ran) {
    unit.ok = false;
    unit.problemPath = errors.file.empty() ? path : displayPath(errors.file);
    unit.line = errors.line;
    unit.column = errors.column;
    unit.problem = errors.have ? errors.message : "Clang could not run on this file";
    unit.problem = "does not compile: " + unit.problem + " (the file was not analysed)";
    if (unit.problemPath != path) unit.problem += " [in " + path + "]";
    unit.model = FileModel{};
    unit.model.path = path;
    unit.headers.clear();
    return unit;
  }
  if (tooDeepAt.line) {
    CppUnit failed = failedUnit(path, "nests statements or expressions more than " + std::to_string(kMaxWalkDepth) +
                                          " levels deep; the file was not analysed");
    failed.line = tooDeepAt.line;
    failed.column = tooDeepAt.column;
    return failed;
  }
  unit.model.path = path;
  unit.ok = true;
  return unit;
}

const std::optional<unsigned> kUnitStackBytes = 64u << 20;

// extract() under crash recovery: a crash is this file's problem, reported like one that does
// not compile, and the other units go on.
CppUnit runSafely(const std::string &path, const std::function<CppUnit()> &extract, bool *crashed = nullptr) {
  CppUnit unit;
  fatalErrorReason.clear();
  const void *prettyStack = llvm::SavePrettyStackState();
  llvm::CrashRecoveryContext crc;
  if (crc.RunSafely([&] { unit = extract(); })) return unit;
  llvm::RestorePrettyStackState(prettyStack);  // entries of the abandoned frames
  if (crashed) *crashed = true;
  const std::string why = !fatalErrorReason.empty() ? "LLVM ERROR: " + fatalErrorReason
                          : crc.RetCode > 128       ? signalName(crc.RetCode - 128)
                                                    : "exit code " + std::to_string(crc.RetCode);
  return failedUnit(path, "the C/C++ frontend (Clang) crashed on this file (" + why + "); the file was not analysed");
}

// The units that crashed, by file and command, with the file's size and time when they did: the
// language server re-analyses the workspace on every edit, and each crash leaks what the unit
// had allocated, so an unchanged file that crashed is not parsed again.
class CrashedUnits {
 public:
  std::optional<CppUnit> find(const std::string &key, const std::string &stamp) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = units_.find(key);
    if (it == units_.end() || it->second.first != stamp) return std::nullopt;
    return it->second.second;
  }
  void remember(const std::string &key, const std::string &stamp, const CppUnit &unit) {
    std::lock_guard<std::mutex> lock(mutex_);
    units_[key] = {stamp, unit};
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::pair<std::string, CppUnit>> units_;
};

// Size and modification time of a display path ("" when it cannot be read: never remembered).
std::string fileStamp(const std::string &path) {
  std::error_code ec;
  const std::filesystem::path file(path);
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return "";
  const auto time = std::filesystem::last_write_time(file, ec);
  if (ec) return "";
  return std::to_string(size) + "@" + std::to_string(time.time_since_epoch().count());
}

CppUnit extractSafely(const std::string &path, const CompileCommandLine &command, const std::vector<std::string> &roots) {
  static CrashedUnits crashed;
  std::string key = path;
  for (const auto &arg : command.args) key += '\0' + arg;
  const std::string stamp = fileStamp(path);
  if (!stamp.empty())
    if (auto unit = crashed.find(key, stamp)) return *unit;
  bool didCrash = false;
  CppUnit unit = runSafely(path, [&] { return extractOne(path, command, roots); }, &didCrash);
  if (didCrash && !stamp.empty()) crashed.remember(key, stamp, unit);
  return unit;
}

}  // namespace

std::vector<CppUnit> clangExtractCppUnits(const std::vector<std::string> &paths, ClangFlags &flags, unsigned jobs,
                                          const std::vector<std::string> &projectRoots) {
  std::vector<std::string> roots;  // absolute, normalised, ending in '/'
  for (const auto &r : projectRoots) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(r, ec).lexically_normal();
    if (!std::filesystem::is_directory(p, ec)) p = p.parent_path();
    std::string s = p.generic_string();
    if (s.empty() || s.back() != '/') s += '/';
    roots.push_back(s);
  }
  std::vector<CompileCommandLine> commands;
  commands.reserve(paths.size());
  for (const auto &p : paths) commands.push_back(flags.commandFor(p));
  std::vector<CppUnit> units(paths.size());
  enableCrashRecovery();
  std::atomic<size_t> next{0};
  auto worker = [&] {
    AlternateStack signalStack;
    clang::noteBottomOfStack();
    for (size_t i = next++; i < paths.size(); i = next++) units[i] = extractSafely(paths[i], commands[i], roots);
  };
  jobs = std::max(1u, std::min<unsigned>(jobs, unsigned(paths.size())));
  // Every unit on a thread of ours, with a known stack (walks of deep expressions recurse) and
  // its alternate signal stack.
  std::vector<llvm::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(kUnitStackBytes, worker);
  for (auto &t : threads) t.join();
  return units;
}

CppUnit clangExtractCppSource(const std::string &path, const std::string &code, const std::vector<std::string> &args) {
  enableCrashRecovery();
  CppUnit result;
  llvm::thread worker(kUnitStackBytes, [&] {
    AlternateStack signalStack;
    clang::noteBottomOfStack();
    result = runSafely(path, [&] {
      CppUnit unit;
      unit.model.path = path;
      std::vector<std::string> all = args;
      all.push_back("-resource-dir=" BOUNDWISE_CLANG_RESOURCE_DIR);
      static const std::vector<std::string> noRoots;
      llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> fs(
          new llvm::vfs::OverlayFileSystem(new RegularFilesOnly(llvm::vfs::getRealFileSystem())));
      llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
      fs->pushOverlay(memory);  // first: it gives `memory` the working directory `path` is relative to
      memory->addFile(path, 0, llvm::MemoryBuffer::getMemBufferCopy(code));
      Location tooDeepAt;
      unit.ok = tooling::runToolOnCodeWithArgs(std::make_unique<FactsAction>(unit.model, unit.headers, noRoots, tooDeepAt),
                                               code, fs, all, path) &&
                !tooDeepAt.line;
      unit.model.path = path;
      return unit;
    });
  });
  worker.join();
  return result;
}

}  // namespace boundwise
