/// BW301: read-modify-write of shared state in code run by several threads, outside a lock.
/// Docs: docs/rules/BW301.md
#include <deque>
#include <map>

#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

class UnsynchronizedSharedMutation final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW301", "unsynchronized-shared-mutation", Severity::Warning,
                             "read-modify-write of shared state on several threads without a lock loses updates"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    const Program &p = *a.program;
    // Thread targets that run on several threads at once, and where they were dispatched.
    std::map<int, int> dispatchCount;
    std::map<int, const DispatchSite *> origin;
    for (const DispatchSite &d : a.dispatches) {
      if (!isThreadExecutor(d)) continue;
      auto [file, fn] = dispatchedFunction(d);
      if (file < 0) continue;
      const CallFact &call = p.files[d.file].calls[d.call];
      const int g = p.gid(file, fn);
      dispatchCount[g] += (d.iterableArg >= 0 || !call.loops.empty()) ? 2 : 1;
      origin.emplace(g, &d);
    }
    // The targets and what they call a little way down (sync code runs on the same thread).
    // Deeper helpers are shared library code whose state is rarely this caller's.
    constexpr int kMaxDepth = 2;
    std::map<int, int> runsOnThreads;  // gid -> root target gid
    std::map<int, int> depthOf;        // gid -> calls from the target
    std::deque<int> work;
    for (auto [g, count] : dispatchCount)
      if (count >= 2) {
        runsOnThreads.emplace(g, g);
        depthOf[g] = 0;
        work.push_back(g);
      }
    std::vector<std::pair<int, int>> byGid(p.functionCount);
    for (size_t f = 0; f < p.files.size(); ++f)
      for (size_t i = 0; i < p.files[f].functions.size(); ++i) byGid[p.gid(int(f), int(i))] = {int(f), int(i)};
    while (!work.empty()) {
      const int g = work.front();
      work.pop_front();
      if (depthOf[g] >= kMaxDepth) continue;
      const auto [file, fn] = byGid[g];
      const FileModel &fm = p.files[file];
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        if (fm.calls[c].function != fn) continue;
        const ResolvedCall &r = p.calls[file][c];
        if (r.kind != ResolvedCall::Kind::Function || p.function(r.file, r.function).isAsync) continue;
        const int callee = p.gid(r.file, r.function);
        if (runsOnThreads.emplace(callee, runsOnThreads[g]).second) {
          depthOf[callee] = depthOf[g] + 1;
          work.push_back(callee);
        }
      }
    }

    for (size_t file = 0; file < p.files.size(); ++file) {
      const FileModel &fm = p.files[file];
      for (const MutationFact &m : fm.mutations) {
        if (m.function < 0) continue;
        auto it = runsOnThreads.find(p.gid(int(file), m.function));
        if (it == runsOnThreads.end()) continue;
        const FunctionFact &fn = fm.functions[m.function];
        // A closure variable is shared only when the closure itself runs on the threads; a
        // helper's closure is created anew on every call.
        std::string what = sharedState(fm, fn, m, depthOf[p.gid(int(file), m.function)] == 0);
        if (what.empty() || underLock(a, int(file), m.scope, m.withItems) ||
            betweenAcquireAndRelease(a, int(file), m.function, m.loc.line))
          continue;
        const DispatchSite *d = origin.count(it->second) ? origin.at(it->second) : nullptr;
        std::string where;
        if (d) {
          const CallFact &dc = p.files[d->file].calls[d->call];
          where = " (dispatched by `" + dc.calleeText + "` at " + p.files[d->file].path + ":" + std::to_string(dc.loc.line) + ")";
        }
        Finding f = finding(a, int(file), m.loc,
                            "`" + m.text + "` updates " + what + " in `" + fn.qualname +
                                "`, which runs on several threads" + where +
                                "; the read-modify-write is not atomic and updates get lost");
        f.workload = Workload::Unknown;
        f.recommendation = Recommendation::None;
        f.help = "guard it with a threading.Lock (`with lock:`), or give each thread its own result and combine them";
        if (d) {
          const CallFact &dc = p.files[d->file].calls[d->call];
          f.evidence.push_back({p.files[d->file].path, dc.loc.line, dc.loc.column, "runs on several threads from here"});
        }
        out.push_back(std::move(f));
      }
    }
  }

 private:
  static std::string sharedState(const FileModel &fm, const FunctionFact &fn, const MutationFact &m, bool isTarget) {
    const auto &local = fm.scopes[fn.scope].names;
    auto binding = local.find(m.name);
    const bool isSelf = fn.classIndex >= 0 && !fn.params.empty() && m.name == fn.params[0];
    switch (m.target) {
      case MutationTarget::Name:
        if (binding != local.end() && binding->second.kind == Binding::Kind::Global) return "the global `" + m.name + "`";
        if (isTarget && binding != local.end() && binding->second.kind == Binding::Kind::Nonlocal)
          return "the enclosing variable `" + m.name + "`";
        return "";
      case MutationTarget::Attribute:
        if (isSelf) return "the shared attribute `" + m.name + "." + m.attribute + "`";
        if (binding == local.end() && !m.name.empty()) return "the shared object `" + m.name + "." + m.attribute + "`";
        return "";
      case MutationTarget::Subscript:
        if (!m.attribute.empty()) return isSelf ? "the shared container `" + m.name + "." + m.attribute + "`" : "";
        if (binding == local.end() || binding->second.kind == Binding::Kind::Global ||
            binding->second.kind == Binding::Kind::Nonlocal)
          return "the shared container `" + m.name + "`";
        return "";
    }
    return "";
  }
};

}  // namespace

std::unique_ptr<Check> makeBW301() { return std::make_unique<UnsynchronizedSharedMutation>(); }

}  // namespace boundwise
