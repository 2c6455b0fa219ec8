#pragma once
// Which measured calls `boundwise profile --replay` may run again. The replay runs in a process
// of its own, but files, databases, servers and child processes are shared with the world: a
// replayed `open(path, "wb")` truncated a program's output once. So replay is an allow-list:
// a call is repeated only when everything it can reach is known to stay inside the process —
// pure computation, reads, sleeps, GET-like requests, as the rules mark them (rules/schema.md,
// `replay`) — including the module-level code that importing its module runs. Anything else,
// and anything boundwise cannot see (a library call no rule describes, a dynamic call, a
// method of an unknown object whose name a rule says may write), keeps it from being replayed,
// with the reason.
#include <map>
#include <string>
#include <utility>

#include "analyzer/core/program.h"

namespace boundwise {

class ReplaySafety {
 public:
  ReplaySafety(const Program &program, const RuleSet &rules);

  // Why replaying this function could act outside the replay process ("it writes
  // (io.TextIOWrapper.write at save.py:23)", "it opens a file for writing (builtins.open with mode
  // 'wb' at out.py:4)"); empty when nothing it reaches can. Final for every function, whatever
  // the order of questions (recursion included). `function` -1: the module's import-time code.
  std::string functionReason(int file, int function);
  // The same for one call of a library API (the call site's own callee), with the module-level
  // code of the file it is in.
  std::string apiCallReason(int file, int call);

 private:
  std::string callReason(int file, int call) const;  // the call itself, not what a project function does
  std::string reachReason(std::vector<std::pair<int, int>> start);  // (file, function or -1 = module code)

  const Program &p_;
  std::map<std::string, std::string> unsafeMethodNames_;  // method name -> an API of that name that may write
  std::map<std::pair<int, int>, std::string> functionMemo_;
};

}  // namespace boundwise
