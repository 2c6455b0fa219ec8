#pragma once
// Queries over the classified program that several checks share.
#include <string>

#include "analyzer/core/analysis.h"

namespace boundwise {

// The verdict of what a dispatch hands over (user function or API), Unknown when not known.
Verdict callableVerdict(const Analysis &, const DispatchSite &);
// Name of the handed-over callable for messages.
std::string callableName(const Analysis &, const DispatchSite &);
bool isProcessExecutor(const DispatchSite &);
bool isThreadExecutor(const DispatchSite &);
// The user function behind a dispatch, or {-1,-1}.
std::pair<int, int> dispatchedFunction(const DispatchSite &);
// Whether a call runs directly in the body of an async def (not in a nested def or lambda).
bool inAsyncBody(const Analysis &, int file, const CallFact &);
// The binding whose Python-visible entry function this is (`m.def("blur", ...)`, a PyMethodDef
// entry), or null.
const NativeBindingFact *nativeBindingOf(const Program &, int file, int function);
// "a.py:3 -> b.py:9" style summary of an evidence chain.
std::string chainText(const std::vector<Evidence> &);

}  // namespace boundwise

namespace boundwise {
// The binding a name has at a scope (walking outwards like Python), or null.
const Binding *lookupBinding(const FileModel &, int scope, const std::string &name);
// Estimated pickled size of an argument: a literal payload or a variable bound to one.
int64_t payloadOf(const FileModel &, const CallFact &, const ArgFact &);
// Whether any of the `with` items guards with a lock.
bool underLock(const Analysis &, int file, int scope, const std::vector<int> &withItems);
// Whether `lock.acquire()` comes before `line` and `lock.release()` after it in the function.
bool betweenAcquireAndRelease(const Analysis &, int file, int function, int line);
}  // namespace boundwise

namespace boundwise {
// Whether the call's arguments use one of the loop's variables (the iterations differ).
bool usesLoopVariable(const LoopFact &, const CallFact &);
// The loop that should carry a finding for this call: the innermost enclosing `for` loop or
// comprehension whose variables the call uses and that has no break/return.
int independentLoopOf(const FileModel &, const CallFact &);
}  // namespace boundwise
