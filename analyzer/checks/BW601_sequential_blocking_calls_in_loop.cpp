/// BW601: independent blocking calls made one after another in a loop.
/// Docs: docs/rules/BW601.md
#include <set>

#include "analyzer/checks/check.h"
#include "analyzer/checks/check_support.h"

namespace boundwise {
namespace {

// Waits that overlap well when run concurrently. Sleeps pace a loop, console and IPC waits
// are ordered by nature.
bool parallelizableWait(Detail d) {
  return d == Detail::IoNetwork || d == Detail::IoDb || d == Detail::IoSubprocess || d == Detail::IoDisk;
}

class SequentialBlockingCallsInLoop final : public Check {
 public:
  const CheckInfo &info() const override {
    static const CheckInfo i{"BW601", "sequential-blocking-calls-in-loop", Severity::Info,
                             "independent blocking calls in a loop wait one after another"};
    return i;
  }

  void run(const Analysis &a, std::vector<Finding> &out) const override {
    for (size_t file = 0; file < a.program->files.size(); ++file) {
      const FileModel &fm = a.program->files[file];
      std::set<int> reported;
      // A loop that sleeps between calls is paced on purpose (rate limits, polite crawling).
      std::set<int> paced;
      for (size_t c = 0; c < fm.calls.size(); ++c)
        if (a.callVerdicts[file][c].detail == Detail::IoSleep)
          paced.insert(fm.calls[c].loops.begin(), fm.calls[c].loops.end());
      for (size_t c = 0; c < fm.calls.size(); ++c) {
        const CallFact &call = fm.calls[c];
        if (call.loops.empty()) continue;
        const ResolvedCall &r = a.program->calls[file][c];
        const Verdict &v = a.callVerdicts[file][c];
        if (!parallelizableWait(v.detail) || v.confidence < kIoThreshold) continue;
        // Disk waits count when the loop reads files itself; a stat() deep in a helper does not.
        if (v.detail == Detail::IoDisk && r.kind != ResolvedCall::Kind::Api) continue;
        // Writes to files and databases are ordered side effects (one handle, one transaction).
        if (r.kind == ResolvedCall::Kind::Api && r.rule->writes && (v.detail == Detail::IoDisk || v.detail == Detail::IoDb))
          continue;
        const bool inAsync = inAsyncBody(a, int(file), call);
        bool awaitedAsync = false;
        if (r.kind == ResolvedCall::Kind::Api) awaitedAsync = r.rule->isAsync;
        else if (r.kind == ResolvedCall::Kind::Function) awaitedAsync = a.program->function(r.file, r.function).isAsync;
        if (awaitedAsync && !call.awaited) continue;
        if (inAsync && !awaitedAsync) continue;  // a blocking call in async code is BW201's
        const int loop = independentLoopOf(fm, call);
        if (loop < 0 || paced.count(loop) || !reported.insert(loop).second) continue;
        const LoopFact &l = fm.loops[loop];
        Finding f = finding(a, int(file), call.loc,
                            "`" + call.calleeText + "` waits on " + std::string(toString(v.detail)) +
                                " once per item of `" + l.iterText +
                                "`, one call after another; the calls are independent and can overlap");
        f.workload = Workload::Io;
        f.recommendation = awaitedAsync ? Recommendation::Async : Recommendation::Threads;
        f.help = awaitedAsync ? "await asyncio.gather(*(" + call.calleeText + "(...) for ... in " + l.iterText + "))"
                              : "with ThreadPoolExecutor() as pool: results = list(pool.map(" + call.calleeText +
                                    ", " + l.iterText + "))";
        if (fm.language == Language::Cpp)
          f.help = "start the calls together: one std::async(std::launch::async, " + call.calleeText +
                   ", ...) per item, then get() the futures; for many waits, an event loop (poll/epoll, asio)";
        f.evidence = v.evidence.toVector();
        f.evidence.insert(f.evidence.begin(), Evidence{fm.path, l.loc.line, l.loc.column, "the loop"});
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> makeBW601() { return std::make_unique<SequentialBlockingCallsInLoop>(); }

}  // namespace boundwise
