#pragma once
// Time each thread spends waiting for the GIL, measured where CPython waits for it.
//
// A thread that wants the GIL while another holds it blocks on the GIL's condition variable
// (take_gil), and a thread asked to drop it waits on the GIL's switch condition until another
// has taken it (FORCE_SWITCHING). CPython calls pthread_cond_timedwait, pthread_cond_wait and
// pthread_mutex_lock for those through the PLT of the object that holds the interpreter
// (libpython, or the python executable when it is linked statically). installGilWaitHooks()
// finds the GIL of the main interpreter and points those three GOT entries at wrappers that
// time the waits on the GIL's own condition variables and mutexes, and only those, for the
// threads that are inside a measured call. Everything else passes straight through.
#include <cstdint>

namespace boundwise::runtime {

// Why the GIL wait is or is not measured in this process (stored in the result file's header,
// read back by profiler/results.cpp, which words the reasons).
enum class GilWaitStatus : uint64_t {
  NotInstalled = 0,  // installGilWaitHooks() has not run
  Measured = 1,
  FreeThreaded = 2,  // a build without a GIL (that can still turn one on): not measured
  GilNotFound = 3,   // no GIL state where the 3.11-3.13 layout puts it
  NoHook = 4,        // the interpreter's object does not call the pthread functions through its PLT
  NotSeen = 5,       // the self-test's wait for the GIL did not go through the hooks
  Disabled = 6,      // BOUNDWISE_NO_GIL_WAIT=1 in the environment
};

// Finds the GIL, hooks its waits and checks, with a thread that waits for the GIL while this
// one holds it, that the waits are seen. Call with the GIL held, in the main interpreter; once
// per process (a forked child keeps the hooks).
GilWaitStatus installGilWaitHooks();
GilWaitStatus gilWaitStatus();

// Off-CPU time this thread has waited for the GIL while armed: the wall time of the waits
// minus the part of it spent runnable, waiting for a core (that part is the run-queue wait,
// counted apart). Monotonic per thread.
uint64_t gilWaitNsOfThisThread();

// The hooks time this thread's waits only while it is armed (inside a measured call).
void armGilWait(bool armed);

}  // namespace boundwise::runtime
