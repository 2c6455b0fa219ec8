// Whole-program classification: call graph -> strongly connected components -> function
// summaries computed callee-first, iterated to a fixpoint inside each component.
#include <algorithm>
#include <cmath>
#include <span>

#include "analyzer/core/analysis.h"
#include "analyzer/core/call_graph.h"
#include "analyzer/core/memory_tuning.h"
#include "analyzer/core/parallel_files.h"

namespace boundwise {
namespace {

// Confidence lost per call hop. Waits stay certain through long chains (a blocking call is
// blocking however deep): their confidence fades per hop, so that nearer evidence wins, but
// never below kIoThreshold once it was above it. Computation evidence fades faster and to
// nothing, since a loop deep in a helper says little about the caller's cost.
constexpr double kIoHopDecay = 0.95;
constexpr double kCpuHopDecay = 0.9;
// Steps shown per chain; a longer chain keeps its ends and says how many steps it left out.
constexpr size_t kMaxChain = 12;
constexpr int kMaxRounds = 10;

std::string ruleOrigin(const ApiRule &r) { return r.file + ":" + std::to_string(r.line); }

bool better(const Verdict &candidate, const Verdict &current) {
  return candidate.confidence > current.confidence + 1e-9;
}

// A heavy computation that holds the GIL beats one that releases it: it decides the executor.
bool betterCpu(const Verdict &candidate, const Verdict &current) {
  const bool candGil = holdsGil(candidate.detail) && candidate.confidence >= kCpuThreshold;
  const bool curGil = holdsGil(current.detail) && current.confidence >= kCpuThreshold;
  if (candGil != curGil) return candGil;
  return better(candidate, current);
}

// Native (C/C++) CPU work is classed by the GIL state it runs with: a bound function entered
// with the GIL makes everything it calls cpu:native-gil; inside a release scope, -nogil. Code
// with no known GIL state (a plain C++ program, a helper) counts as releasing it.
Detail nativeDetail(Detail d, GilState gil) {
  if (!isCpu(d)) return d;
  if (gil == GilState::Held) return Detail::CpuNativeGil;
  if (gil == GilState::Released || d == Detail::CpuPython) return Detail::CpuNativeNogil;
  return d;
}

// A C/C++ call made in `call.gil` by a function entered with `entry`: the callee's CPU work
// takes the caller's GIL state unless a scope inside the callee set it.
void applyCallGil(Verdict &v, GilState callGil, GilState entry) {
  if (!isCpu(v.detail) || v.gilScoped) return;
  v.detail = nativeDetail(v.detail, callGil);
  v.gilScoped = callGil != GilState::Unknown && callGil != entry;
}

// `lossless`: a binding's entry calling the bound function is not a real hop.
Verdict extend(const Verdict &callee, Evidence step, bool lossless = false) {
  Verdict v;
  v.detail = callee.detail;
  if (lossless) v.confidence = callee.confidence;
  else if (isCpu(callee.detail)) v.confidence = callee.confidence * kCpuHopDecay;
  else v.confidence = std::max(callee.confidence * kIoHopDecay, std::min(callee.confidence, kIoThreshold));
  v.gilScoped = callee.gilScoped;
  v.evidence = EvidenceChain::prepend(std::move(step), callee.evidence, kMaxChain);
  return v;
}

double estimatedIterations(const LoopFact &l) {
  switch (l.bound) {
    case LoopBound::Literal: return double(std::max<int64_t>(l.iterations, 0));
    case LoopBound::Symbolic: return 1e5;
    case LoopBound::Collection: return 1e3;
    case LoopBound::Unknown: return 1e3;
  }
  return 1e3;
}

class Classifier {
 public:
  Classifier(Program &program, const PythonLinker &linker, const Target &target, unsigned jobs)
      : p_(program), linker_(linker), jobs_(std::max(1u, jobs)) {
    a_.program = &program;
    a_.linker = &linker;
    a_.target = target;
  }

  Analysis run() {
    indexFunctions();
    findDispatches();
    a_.summaries.assign(p_.functionCount, {});
    a_.recursive.assign(p_.functionCount, 0);
    shrinks_.assign(p_.functionCount, 0);
    a_.ioLoops.resize(p_.files.size());
    for (size_t f = 0; f < p_.files.size(); ++f) a_.ioLoops[f].assign(p_.files[f].loops.size(), 0);

    CallGraph graph(p_.functionCount);
    for (size_t f = 0; f < p_.files.size(); ++f)
      for (size_t c = 0; c < p_.files[f].calls.size(); ++c) {
        const CallFact &call = p_.files[f].calls[c];
        const ResolvedCall &r = p_.calls[f][c];
        if (call.function < 0 || r.kind != ResolvedCall::Kind::Function) continue;
        // Calling an async def without awaiting it only builds a coroutine; it runs later, on
        // the loop (`loop.create_task(step(n - 1))`): no edge, so no recursion through it.
        if (p_.function(r.file, r.function).isAsync && !call.awaited) continue;
        graph.addEdge(p_.gid(int(f), call.function), p_.gid(r.file, r.function));
      }
    for (const auto &component : graph.componentsCalleesFirst()) {
      const bool cyclic = component.size() > 1 || graph.hasSelfEdge(component[0]);
      // Recursion as CPU evidence: a function that calls itself, or a tight pair. Large cycles
      // in a big program come from dispatch through generic helpers, not from an algorithm.
      for (int g : component) a_.recursive[g] = graph.hasSelfEdge(g) || component.size() == 2;
      if (cyclic) markShrinkingRecursion(component);
      for (int round = 0; round < kMaxRounds; ++round) {
        bool changed = false;
        for (int g : component) changed |= summarize(g);
        if (!changed || !cyclic) break;
      }
    }
    classifyCalls();
    return std::move(a_);
  }

 private:
  Program &p_;
  const PythonLinker &linker_;
  Analysis a_;
  unsigned jobs_;
  std::vector<std::pair<int, int>> byGid_;  // gid -> (file, function)
  std::vector<char> shrinks_;               // by gid: a recursive call passes `n - 1` or `items[1:]`
  std::vector<char> inComponent_;           // by gid: scratch for markShrinkingRecursion

  // Recursion is computation when it recurses on a smaller number or a slice (`fib(n - 1)`,
  // `sort(items[:mid])`). A walk over a data structure (`walk(child, depth + 1)`,
  // `visit(node.left)`) is linear in the data, like a loop over a collection, and is not
  // evidence by itself.
  void markShrinkingRecursion(const std::vector<int> &component) {
    inComponent_.resize(p_.functionCount, 0);
    for (int g : component) inComponent_[g] = 1;
    for (int g : component) {
      const auto [file, fi] = byGid_[g];
      for (int c : callsOf_.of(g)) {
        const ResolvedCall &r = p_.calls[file][c];
        if (r.kind != ResolvedCall::Kind::Function) continue;
        if (!inComponent_[p_.gid(r.file, r.function)]) continue;
        for (const ArgFact &a : p_.files[file].calls[c].args)
          if (a.kind == ArgKind::Smaller || a.kind == ArgKind::Slice) shrinks_[g] = 1;
      }
    }
    for (int g : component) inComponent_[g] = 0;
  }

  // The calls (or loops) of each function, in file order: one array, sliced by gid.
  struct Index {
    std::vector<int> start;  // by gid, and one past the last
    std::vector<int> items;
    std::span<const int> of(int g) const { return {items.data() + start[g], items.data() + start[g + 1]}; }
  };
  Index callsOf_, loopsOf_;

  template <typename Fact>
  Index indexBy(const std::vector<Fact> FileModel::*facts) const {
    Index ix;
    ix.start.assign(p_.functionCount + 1, 0);
    for (size_t f = 0; f < p_.files.size(); ++f)
      for (const Fact &x : p_.files[f].*facts)
        if (x.function >= 0) ++ix.start[p_.gid(int(f), x.function) + 1];
    for (int g = 0; g < p_.functionCount; ++g) ix.start[g + 1] += ix.start[g];
    ix.items.resize(ix.start[p_.functionCount]);
    std::vector<int> next(ix.start.begin(), ix.start.end() - 1);
    for (size_t f = 0; f < p_.files.size(); ++f) {
      const auto &list = p_.files[f].*facts;
      for (size_t i = 0; i < list.size(); ++i)
        if (list[i].function >= 0) ix.items[next[p_.gid(int(f), list[i].function)]++] = int(i);
    }
    return ix;
  }

  void indexFunctions() {
    byGid_.resize(p_.functionCount);
    for (size_t f = 0; f < p_.files.size(); ++f)
      for (size_t i = 0; i < p_.files[f].functions.size(); ++i) byGid_[p_.gid(int(f), int(i))] = {int(f), int(i)};
    callsOf_ = indexBy(&FileModel::calls);
    loopsOf_ = indexBy(&FileModel::loops);
  }

  int argIndex(const CallFact &call, int position, const std::string &keyword) const {
    int positional = 0;
    for (size_t i = 0; i < call.args.size(); ++i) {
      const ArgFact &a = call.args[i];
      if (a.kind == ArgKind::Starred) return -1;  // positions unknown after *args
      if (a.keyword.empty()) {
        if (positional++ == position) return int(i);
      } else if (!keyword.empty() && a.keyword == keyword) {
        return int(i);
      }
    }
    return -1;
  }

  Symbol argumentSymbol(int file, const CallFact &call, const ArgFact &arg) const {
    if (arg.kind == ArgKind::Lambda && arg.lambda >= 0) return Symbol{Symbol::Kind::Function, "", file, arg.lambda};
    if (arg.kind == ArgKind::Name || arg.kind == ArgKind::Attribute) return linker_.resolveRef(file, call.scope, arg.ref);
    return Symbol::unknown();
  }

  void findDispatches() {
    for (size_t f = 0; f < p_.files.size(); ++f) {
      const FileModel &fm = p_.files[f];
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const ResolvedCall &r = p_.calls[f][c];
        if (r.kind != ResolvedCall::Kind::Api || !r.rule->dispatch) continue;
        const DispatchSpec &spec = *r.rule->dispatch;
        const CallFact &call = fm.calls[c];
        DispatchSite d;
        d.file = int(f);
        d.call = int(c);
        d.rule = r.rule;
        d.executor = spec.executor;
        if (spec.executor == Executor::ExecutorArgument) {
          const int ei = argIndex(call, spec.executorArgument, "executor");
          if (ei >= 0 && call.args[ei].text == "None") {
            d.executor = Executor::DefaultExecutor;
          } else if (ei >= 0) {
            auto e = linker_.executorOf(argumentSymbol(int(f), call, call.args[ei]));
            d.executorKnown = e.has_value();
            d.executor = e.value_or(Executor::Threads);
          } else {
            d.executorKnown = false;
          }
        }
        d.callableArg = argIndex(call, spec.callable, spec.callableKeyword);
        if (d.callableArg < 0) continue;
        d.callable = argumentSymbol(int(f), call, call.args[d.callableArg]);
        // functools.partial(f, ...) hands over f.
        if (call.args[d.callableArg].kind == ArgKind::Call) {
          const int inner = call.args[d.callableArg].call;
          const ResolvedCall &ir = p_.calls[f][inner];
          const CallFact &ic = fm.calls[inner];
          if (ir.name == "functools.partial" && !ic.args.empty()) d.callable = argumentSymbol(int(f), ic, ic.args[0]);
        }
        if (spec.iterable >= 0) d.iterableArg = argIndex(call, spec.iterable, "");
        d.argsFrom = spec.args;
        for (const ArgFact &a : call.args) d.hasChunksize |= (a.keyword == "chunksize");
        if (spec.chunksizeArgument >= 0) d.hasChunksize |= argIndex(call, spec.chunksizeArgument, "") >= 0;
        a_.dispatches.push_back(std::move(d));
      }
    }
  }

  Evidence at(int file, const Location &loc, std::string message) const {
    return Evidence{p_.files[file].path, loc.line, loc.column, std::move(message)};
  }

  // True when the loop (or an enclosing one) iterates enough for per-call CPU to add up.
  static bool iteratesMuch(const FileModel &fm, const CallFact &call) {
    for (int l : call.loops)
      if (estimatedIterations(fm.loops[l]) >= 1000) return true;
    return false;
  }

  // `withEvidence` false: the class and confidence only, to see whether the verdict would
  // win before its message is written.
  Verdict ruleVerdict(int file, const CallFact &call, const ApiRule &rule, bool withEvidence = true) const {
    Verdict v;
    if (rule.isAsync) {
      // What an awaitable waits on is the rule's `waits`; gather/to_thread depend on their arguments.
      v.detail = rule.waits;
      v.confidence = rule.waits == Detail::Unknown ? 0 : 0.9;
      if (rule.waits == Detail::Unknown) return v;
    } else {
      v.detail = rule.detail;
      v.confidence = 0.95;
      if (isCpu(rule.detail)) {
        if (rule.cost == Cost::Heavy) v.confidence = 0.85;
        else if (rule.cost == Cost::Moderate) v.confidence = iteratesMuch(p_.files[file], call) ? 0.65 : 0.5;
        else v.confidence = iteratesMuch(p_.files[file], call) ? 0.55 : 0.3;
      }
    }
    const bool native = p_.files[file].language == Language::Cpp;
    if (native) {
      v.detail = nativeDetail(v.detail, call.gil);
      const GilState entry = call.function >= 0 ? p_.files[file].functions[call.function].entryGil : GilState::Unknown;
      v.gilScoped = call.gil != GilState::Unknown && call.gil != entry;
    }
    if (!withEvidence) return v;
    std::string msg = rule.api + ": " + std::string(rule.isAsync ? "async, awaits " : "") + std::string(toString(v.detail));
    if (isCpu(rule.detail) && !native) msg += rule.releasesGil ? ", releases the GIL" : ", holds the GIL";
    if (native && call.gil != GilState::Unknown) msg += call.gil == GilState::Held ? ", GIL held" : ", GIL released";
    msg += " (rule " + ruleOrigin(rule) + ")";
    if (!rule.note.empty()) msg += "; " + rule.note;
    v.evidence.push_back(at(file, call.loc, msg));
    return v;
  }

  // From C++ a callee is a C++ function; from Python a bound one is its Python name.
  std::string calleeName(const FileModel &caller, const ResolvedCall &r) const {
    if (caller.language == Language::Cpp) {
      const FunctionFact &fn = p_.function(r.file, r.function);
      const std::string where = " (" + p_.files[r.file].path + ":" + std::to_string(fn.loc.line) + ")";
      return (fn.isLambda ? std::string("the lambda") : fn.qualname) + where;
    }
    return describeFunction(p_, r.file, r.function);
  }

  static std::string gilNote(const FileModel &fm, const CallFact &call) {
    if (fm.language != Language::Cpp || call.gil == GilState::Unknown) return "";
    return call.gil == GilState::Held ? " with the GIL held" : " with the GIL released";
  }

  bool summarize(int g) {
    const auto [file, fi] = byGid_[g];
    const FileModel &fm = p_.files[file];
    const FunctionFact &fn = fm.functions[fi];
    FunctionSummary s;
    std::vector<char> loopHasIo(fm.loops.size(), 0);

    for (int c : callsOf_.of(g)) {
      const CallFact &call = fm.calls[c];
      const ResolvedCall &r = p_.calls[file][c];
      if (r.kind == ResolvedCall::Kind::Api) {
        const ApiRule &rule = *r.rule;
        if (rule.spawnsProcesses && !s.spawns.known()) {
          s.spawns.detail = Detail::IoSubprocess;
          s.spawns.confidence = 0.95;
          s.spawns.evidence.push_back(at(file, call.loc, rule.api + " starts worker processes (rule " + ruleOrigin(rule) + ")"));
        }
        if (rule.isAsync) {
          Verdict v = ruleVerdict(file, call, rule, false);
          if (v.known() && better(v, s.asyncIo)) s.asyncIo = ruleVerdict(file, call, rule);
          for (int l : call.loops) loopHasIo[l] = 1;
        } else if (isIo(rule.detail)) {
          Verdict v = ruleVerdict(file, call, rule, false);
          if (better(v, s.blockingIo)) s.blockingIo = ruleVerdict(file, call, rule);
          for (int l : call.loops) loopHasIo[l] = 1;
        } else if (isCpu(rule.detail)) {
          Verdict v = ruleVerdict(file, call, rule, false);
          if (betterCpu(v, s.cpu)) s.cpu = ruleVerdict(file, call, rule);
        }
      } else if (r.kind == ResolvedCall::Kind::Function) {
        const FunctionFact &callee = p_.function(r.file, r.function);
        if (callee.isAsync && !call.awaited) continue;  // builds a coroutine; runs elsewhere
        const FunctionSummary &cs = a_.summaries[p_.gid(r.file, r.function)];
        // Most callees have nothing to pass on: the evidence text is built only when used
        // (this loop runs for every call on every round of the fixpoint).
        if (!cs.blockingIo.known() && !cs.asyncIo.known() && !cs.cpu.known() && !(cs.spawns.known() && !s.spawns.known()))
          continue;
        std::string step = "calls " + calleeName(fm, r);
        if (fn.bindingEntry)
          for (const NativeBindingFact &b : fm.bindings)
            if (b.entry == fi) step = b.text + " " + step;
        if (cs.blockingIo.known()) {
          Verdict v = extend(cs.blockingIo, at(file, call.loc, step), fn.bindingEntry);
          Verdict &slot = callee.isAsync ? s.asyncIo : s.blockingIo;
          if (better(v, slot)) slot = std::move(v);
          for (int l : call.loops) loopHasIo[l] = 1;
        }
        if (cs.asyncIo.known()) {
          Verdict v = extend(cs.asyncIo, at(file, call.loc, step));
          if (better(v, s.asyncIo)) s.asyncIo = std::move(v);
          for (int l : call.loops) loopHasIo[l] = 1;
        }
        if (cs.cpu.known()) {
          Verdict v = extend(cs.cpu, at(file, call.loc, step + gilNote(fm, call)), fn.bindingEntry);
          if (fm.language == Language::Cpp) applyCallGil(v, call.gil, fn.entryGil);
          if (betterCpu(v, s.cpu)) s.cpu = std::move(v);
        }
        if (cs.spawns.known() && !s.spawns.known()) s.spawns = extend(cs.spawns, at(file, call.loc, step));
      }
    }
    // A loop that waits on I/O is an I/O loop, whatever arithmetic it does between waits.
    for (size_t l = 0; l < loopHasIo.size(); ++l)
      if (loopHasIo[l]) {
        for (int up = int(l); up >= 0; up = fm.loops[up].parent) a_.ioLoops[file][up] = 1;
      }

    Verdict intrinsic = intrinsicCpu(file, g);
    // Recursion counts as computation only when the recursion does not wait: a retry or a
    // crawl that recurses through I/O is I/O-bound.
    if (a_.recursive[g] && shrinks_[g] && fn.hasArithmetic && intrinsic.confidence < 0.7 && !s.blockingIo.known() &&
        !s.asyncIo.known()) {
      intrinsic.detail = fm.language == Language::Cpp ? nativeDetail(Detail::CpuPython, fn.entryGil) : Detail::CpuPython;
      intrinsic.confidence = 0.7;
      intrinsic.evidence = {at(file, fn.loc, fn.name + " is recursive and does arithmetic")};
    }
    s.intrinsicCpu = intrinsic;
    if (intrinsic.known() && betterCpu(intrinsic, s.cpu)) s.cpu = std::move(intrinsic);

    s.overall = overallOf(s);
    FunctionSummary &slot = a_.summaries[g];
    const bool changed = slot.overall.detail != s.overall.detail ||
                         std::abs(slot.overall.confidence - s.overall.confidence) > 1e-9 ||
                         slot.blockingIo.detail != s.blockingIo.detail || slot.cpu.detail != s.cpu.detail ||
                         std::abs(slot.cpu.confidence - s.cpu.confidence) > 1e-9 ||
                         std::abs(slot.blockingIo.confidence - s.blockingIo.confidence) > 1e-9 ||
                         slot.spawns.known() != s.spawns.known();
    slot = std::move(s);
    return changed;
  }

  Verdict intrinsicCpu(int file, int g) const {
    const FileModel &fm = p_.files[file];
    Verdict best;
    for (int l : loopsOf_.of(g)) {
      const LoopFact &loop = fm.loops[l];
      if (loop.arithmetic == 0 || a_.ioLoops[file][l] || loop.hasAwait) continue;
      double total = 1;
      int depth = 0;
      bool symbolic = false, allLiteral = true, whileLoop = false;
      std::vector<const LoopFact *> chain;
      for (int up = l; up >= 0; up = fm.loops[up].parent) {
        const LoopFact &u = fm.loops[up];
        chain.push_back(&u);
        total *= estimatedIterations(u);
        ++depth;
        symbolic |= u.bound == LoopBound::Symbolic;
        allLiteral &= u.bound == LoopBound::Literal;
        whileLoop |= u.kind == LoopKind::While;
      }
      double conf = 0;
      if (allLiteral) conf = total >= 1e5 ? 0.9 : total >= 1e4 ? 0.6 : 0;
      else if (symbolic) conf = depth >= 2 ? 0.85 : 0.7;
      else if (depth >= 2) conf = 0.65;
      else if (whileLoop) conf = 0.6;
      else conf = 0.45;
      if (conf <= best.confidence) continue;
      std::string msg;
      if (depth >= 2) {
        msg = "nested loops over " + chain.back()->iterText + " and " + chain.front()->iterText + " with arithmetic";
      } else {
        msg = (loop.kind == LoopKind::While ? "while loop on " : "loop over ") + loop.iterText + " with arithmetic";
      }
      if (allLiteral) msg += " (~" + std::to_string(int64_t(total)) + " iterations)";
      best.detail = Detail::CpuPython;
      if (fm.language == Language::Cpp) {
        // Only a scope inside the function is news; the entry state shows in the caller's step.
        const GilState entry = fm.functions[byGid_[g].second].entryGil;
        best.detail = nativeDetail(Detail::CpuPython, loop.gil);
        best.gilScoped = loop.gil != GilState::Unknown && loop.gil != entry;
        if (loop.gil != GilState::Unknown && loop.gil != entry)
          msg += loop.gil == GilState::Held ? ", GIL re-acquired" : ", inside a GIL release scope";
      }
      best.confidence = conf;
      best.evidence = {at(file, loop.loc, msg)};
    }
    return best;
  }

  static Verdict overallOf(const FunctionSummary &s) {
    const Verdict &io = better(s.asyncIo, s.blockingIo) ? s.asyncIo : s.blockingIo;
    const bool hasIo = io.known() && io.confidence >= kIoThreshold;
    const bool hasCpu = s.cpu.known() && s.cpu.confidence >= kCpuThreshold;
    if (hasIo && hasCpu) {
      Verdict v;
      v.detail = Detail::Mixed;
      v.confidence = std::min(io.confidence, s.cpu.confidence);
      v.evidence = EvidenceChain::concat(io.evidence, s.cpu.evidence);
      return v;
    }
    if (hasIo) return io;
    if (hasCpu) return s.cpu;
    Verdict v;
    v.confidence = std::max(io.confidence, s.cpu.confidence);
    return v;
  }

  // Every call site from its callee's summary: files are independent, so they are split over
  // threads (the summaries are only read here).
  void classifyCalls() {
    a_.callVerdicts.resize(p_.files.size());
    forEachFileOnThreads(p_.files.size(), jobs_, [this](size_t, size_t f) { classifyCallsOf(f); });
  }

  void classifyCallsOf(size_t f) {
    const FileModel &fm = p_.files[f];
    auto &out = a_.callVerdicts[f];
    adviseHugePages();  // when the heap has grown: a system call per 64 MiB step
    out.resize(fm.calls.size());
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const ResolvedCall &r = p_.calls[f][c];
      if (r.kind == ResolvedCall::Kind::Api && (r.rule->isAsync || r.rule->detail != Detail::Unknown)) {
        out[c] = ruleVerdict(int(f), fm.calls[c], *r.rule);
        if (!out[c].known()) out[c] = {};
      } else if (r.kind == ResolvedCall::Kind::Function) {
        const FunctionFact &callee = p_.function(r.file, r.function);
        if (callee.isAsync && !fm.calls[c].awaited) continue;
        // An unknown callee leaves the call unknown (applyCallGil keeps it so): no evidence text.
        if (!a_.summaries[p_.gid(r.file, r.function)].overall.known()) continue;
        out[c] = extend(a_.summaries[p_.gid(r.file, r.function)].overall,
                        at(int(f), fm.calls[c].loc, "calls " + calleeName(fm, r) + gilNote(fm, fm.calls[c])),
                        fm.calls[c].function >= 0 && fm.functions[fm.calls[c].function].bindingEntry);
        if (fm.language == Language::Cpp && fm.calls[c].function >= 0)
          applyCallGil(out[c], fm.calls[c].gil, fm.functions[fm.calls[c].function].entryGil);
        if (!out[c].known()) out[c] = {};
      }
    }
  }
};

}  // namespace

std::string describeFunction(const Program &p, int file, int function) {
  const FunctionFact &fn = p.function(file, function);
  for (const NativeBindingFact &b : p.files[file].bindings)
    if (b.entry == function)
      return b.module + "." + b.name + " (native, " + p.files[file].path + ":" + std::to_string(b.loc.line) + " " + b.text + ")";
  return fn.qualname + " (" + p.files[file].path + ":" + std::to_string(fn.loc.line) + ")";
}

Analysis classify(Program &program, const PythonLinker &linker, const Target &target, unsigned jobs) {
  return Classifier(program, linker, target, jobs).run();
}

}  // namespace boundwise
