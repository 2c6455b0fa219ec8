#include "gil_wait.h"

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "profiler/thread_counters.h"

namespace boundwise::runtime {
namespace {

// struct _gil_runtime_state of CPython 3.11, 3.12 and 3.13 with the GIL (Include/internal/
// pycore_gil.h; FORCE_SWITCHING is always defined by Python/ceval_gil.c). The same in the three
// versions: only where it lives changes (_PyRuntime.ceval.gil on 3.11, the main interpreter's
// _gil on 3.12+, which is itself inside _PyRuntime), so it is found by its contents.
struct GilLayout {
  unsigned long interval;  // microseconds: sys.setswitchinterval
  void *lastHolder;        // the PyThreadState that holds or last held it
  int locked;
  unsigned long switchNumber;
  pthread_cond_t cond;     // take_gil waits here
  pthread_mutex_t mutex;
  pthread_cond_t switchCond;  // drop_gil waits here until another thread has taken it
  pthread_mutex_t switchMutex;
};

GilWaitStatus g_status = GilWaitStatus::NotInstalled;
const GilLayout *g_gil = nullptr;

using CondTimedWait = int (*)(pthread_cond_t *, pthread_mutex_t *, const timespec *);
using CondWait = int (*)(pthread_cond_t *, pthread_mutex_t *);
using MutexLock = int (*)(pthread_mutex_t *);
CondTimedWait g_realCondTimedWait = nullptr;
CondWait g_realCondWait = nullptr;
MutexLock g_realMutexLock = nullptr;

std::atomic<bool> g_selfTesting{false};
std::atomic<bool> g_selfTestSaw{false};

thread_local bool t_armed = false;
thread_local uint64_t t_gilWaitNs = 0;

uint64_t monotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

bool isGilCond(const pthread_cond_t *c) { return g_gil && (c == &g_gil->cond || c == &g_gil->switchCond); }
bool isGilMutex(const pthread_mutex_t *m) { return g_gil && (m == &g_gil->mutex || m == &g_gil->switchMutex); }

// Times one wait of an armed thread: off-CPU time, without the run-queue wait inside it.
class WaitTimer {
 public:
  WaitTimer() : on_(t_armed) {
    if (g_selfTesting.load(std::memory_order_relaxed)) g_selfTestSaw.store(true);
    if (!on_) return;
    const int saved = errno;
    wall_ = monotonicNs();
    runDelay_ = profiler::countersForThisThread().runDelayNs();
    errno = saved;
  }
  ~WaitTimer() {
    if (!on_) return;
    const int saved = errno;
    const uint64_t wall = monotonicNs() - wall_;
    const uint64_t runDelayNow = profiler::countersForThisThread().runDelayNs();
    const uint64_t runDelay = runDelayNow > runDelay_ ? runDelayNow - runDelay_ : 0;
    t_gilWaitNs += wall > runDelay ? wall - runDelay : 0;
    errno = saved;
  }
  WaitTimer(const WaitTimer &) = delete;
  WaitTimer &operator=(const WaitTimer &) = delete;

 private:
  bool on_;
  uint64_t wall_ = 0;
  uint64_t runDelay_ = 0;
};

int hookCondTimedWait(pthread_cond_t *c, pthread_mutex_t *m, const timespec *deadline) {
  if (!isGilCond(c)) return g_realCondTimedWait(c, m, deadline);
  WaitTimer timer;
  return g_realCondTimedWait(c, m, deadline);
}

int hookCondWait(pthread_cond_t *c, pthread_mutex_t *m) {
  if (!isGilCond(c)) return g_realCondWait(c, m);
  WaitTimer timer;
  return g_realCondWait(c, m);
}

int hookMutexLock(pthread_mutex_t *m) {
  if (!isGilMutex(m) || !t_armed) return g_realMutexLock(m);
  if (pthread_mutex_trylock(m) == 0) return 0;  // free: nothing to time
  WaitTimer timer;
  return g_realMutexLock(m);
}

// --- the GIL ---------------------------------------------------------------------------------

bool setSwitchInterval(PyObject *sys, double seconds) {
  PyObject *r = PyObject_CallMethod(sys, "setswitchinterval", "d", seconds);
  Py_XDECREF(r);
  return r != nullptr;
}

// Where in [begin, begin + size) a GIL whose interval is `interval` us and that the calling
// thread holds could be.
std::vector<const GilLayout *> gilCandidates(const char *begin, size_t size, unsigned long interval) {
  std::vector<const GilLayout *> found;
  const void *tstate = PyThreadState_Get();
  const size_t step = alignof(GilLayout);
  for (size_t off = 0; off + sizeof(GilLayout) <= size; off += step) {
    const auto *g = reinterpret_cast<const GilLayout *>(begin + off);
    if (g->interval == interval && g->lastHolder == tstate && g->locked == 1) found.push_back(g);
  }
  return found;
}

// The GIL of the main interpreter, found by its contents in _PyRuntime: held (locked) by this
// thread (last_holder), with a switch interval set to two unusual values in turn.
const GilLayout *findGil() {
  void *runtime = dlsym(RTLD_DEFAULT, "_PyRuntime");
  Dl_info info;
  void *entry = nullptr;
  if (!runtime || !dladdr1(runtime, &info, &entry, RTLD_DL_SYMENT) || !entry) return nullptr;
  const auto *symbol = static_cast<const ElfW(Sym) *>(entry);
  if (symbol->st_size < sizeof(GilLayout)) return nullptr;
  PyObject *sys = PyImport_ImportModule("sys");
  if (!sys) return nullptr;
  PyObject *old = PyObject_CallMethod(sys, "getswitchinterval", nullptr);
  const GilLayout *gil = nullptr;
  if (old) {
    std::vector<const GilLayout *> first, second;
    // 4321 us and 4567 us: both exact in microseconds, neither a value CPython uses.
    if (setSwitchInterval(sys, 0.004321))
      first = gilCandidates(static_cast<const char *>(runtime), symbol->st_size, 4321);
    if (setSwitchInterval(sys, 0.004567))
      second = gilCandidates(static_cast<const char *>(runtime), symbol->st_size, 4567);
    if (first.size() == 1 && second.size() == 1 && first[0] == second[0]) gil = first[0];
    setSwitchInterval(sys, PyFloat_AsDouble(old));
    Py_DECREF(old);
  }
  Py_DECREF(sys);
  PyErr_Clear();
  return gil;
}

// --- the GOT of the interpreter's object ------------------------------------------------------

struct ObjectSearch {
  uintptr_t address;
  dl_phdr_info object;
  bool found = false;
};

int containsAddress(dl_phdr_info *info, size_t, void *data) {
  auto *search = static_cast<ObjectSearch *>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    const uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && search->address >= start && search->address < start + ph.p_memsz) {
      search->object = *info;
      search->found = true;
      return 1;
    }
  }
  return 0;
}

bool inLoadSegments(const dl_phdr_info &object, uintptr_t address) {
  for (int i = 0; i < object.dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = object.dlpi_phdr[i];
    const uintptr_t start = object.dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && address >= start && address < start + ph.p_memsz) return true;
  }
  return false;
}

bool inRelro(const dl_phdr_info &object, uintptr_t address) {
  for (int i = 0; i < object.dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = object.dlpi_phdr[i];
    const uintptr_t start = object.dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_GNU_RELRO && address >= start && address < start + ph.p_memsz) return true;
  }
  return false;
}

struct Hook {
  const char *name;
  void *replacement;
  void **real;
  std::vector<void **> slots;
};

bool isGotRelocation(uint32_t type) {
#if defined(__x86_64__)
  return type == R_X86_64_JUMP_SLOT || type == R_X86_64_GLOB_DAT;
#elif defined(__aarch64__)
  return type == R_AARCH64_JUMP_SLOT || type == R_AARCH64_GLOB_DAT;
#else
  (void)type;
  return false;
#endif
}

// The GOT entries of `object` that the dynamic linker fills with each hook's function.
void findSlots(const dl_phdr_info &object, std::vector<Hook> &hooks) {
  const uintptr_t base = object.dlpi_addr;
  const ElfW(Dyn) *dynamic = nullptr;
  for (int i = 0; i < object.dlpi_phnum; ++i)
    if (object.dlpi_phdr[i].p_type == PT_DYNAMIC)
      dynamic = reinterpret_cast<const ElfW(Dyn) *>(base + object.dlpi_phdr[i].p_vaddr);
  if (!dynamic) return;
  // glibc relocates these d_ptr values in place where .dynamic is writable; elsewhere they
  // are still offsets from the load address.
  auto pointer = [&](ElfW(Addr) v) { return v < base ? v + base : v; };
  const ElfW(Sym) *symbols = nullptr;
  const char *strings = nullptr;
  const ElfW(Rela) *plt = nullptr, *rela = nullptr;
  size_t pltBytes = 0, relaBytes = 0;
  bool pltIsRela = false;
  for (const ElfW(Dyn) *d = dynamic; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_SYMTAB: symbols = reinterpret_cast<const ElfW(Sym) *>(pointer(d->d_un.d_ptr)); break;
      case DT_STRTAB: strings = reinterpret_cast<const char *>(pointer(d->d_un.d_ptr)); break;
      case DT_JMPREL: plt = reinterpret_cast<const ElfW(Rela) *>(pointer(d->d_un.d_ptr)); break;
      case DT_PLTRELSZ: pltBytes = d->d_un.d_val; break;
      case DT_PLTREL: pltIsRela = d->d_un.d_val == DT_RELA; break;
      case DT_RELA: rela = reinterpret_cast<const ElfW(Rela) *>(pointer(d->d_un.d_ptr)); break;
      case DT_RELASZ: relaBytes = d->d_un.d_val; break;
      default: break;
    }
  }
  if (!symbols || !strings) return;
  auto scan = [&](const ElfW(Rela) *table, size_t bytes) {
    if (!table) return;
    for (size_t i = 0; i < bytes / sizeof(ElfW(Rela)); ++i) {
      const ElfW(Rela) &r = table[i];
      if (!isGotRelocation(uint32_t(ELF64_R_TYPE(r.r_info)))) continue;
      const char *name = strings + symbols[ELF64_R_SYM(r.r_info)].st_name;
      for (Hook &h : hooks)
        if (std::strcmp(name, h.name) == 0) h.slots.push_back(reinterpret_cast<void **>(base + r.r_offset));
    }
  };
  if (pltIsRela) scan(plt, pltBytes);
  scan(rela, relaBytes);
}

bool writeSlot(const dl_phdr_info &object, void **slot, void *value) {
  const long page = sysconf(_SC_PAGESIZE);
  void *start = reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(slot) & ~uintptr_t(page - 1));
  const bool relro = inRelro(object, reinterpret_cast<uintptr_t>(slot));
  if (relro && mprotect(start, size_t(page), PROT_READ | PROT_WRITE) != 0) return false;
  __atomic_store_n(slot, value, __ATOMIC_SEQ_CST);
  if (relro) mprotect(start, size_t(page), PROT_READ);
  return true;
}

GilWaitStatus hookInterpreterObject() {
  ObjectSearch search;
  search.address = reinterpret_cast<uintptr_t>(&PyEval_RestoreThread);
  dl_iterate_phdr(containsAddress, &search);
  if (!search.found) return GilWaitStatus::NoHook;
  std::vector<Hook> hooks = {
      {"pthread_cond_timedwait", reinterpret_cast<void *>(&hookCondTimedWait),
       reinterpret_cast<void **>(&g_realCondTimedWait), {}},
      {"pthread_cond_wait", reinterpret_cast<void *>(&hookCondWait), reinterpret_cast<void **>(&g_realCondWait), {}},
      {"pthread_mutex_lock", reinterpret_cast<void *>(&hookMutexLock), reinterpret_cast<void **>(&g_realMutexLock),
       {}},
  };
  findSlots(search.object, hooks);
  for (Hook &h : hooks) {
    if (h.slots.empty()) return GilWaitStatus::NoHook;
    // A slot already bound holds the function itself; one still lazy points back into the
    // object's PLT, and the dynamic linker's own lookup gives the same function.
    void *current = *h.slots.front();
    *h.real = inLoadSegments(search.object, reinterpret_cast<uintptr_t>(current)) ? dlsym(RTLD_DEFAULT, h.name)
                                                                                  : current;
    if (!*h.real) return GilWaitStatus::NoHook;
  }
  for (Hook &h : hooks)
    for (void **slot : h.slots)
      if (!writeSlot(search.object, slot, h.replacement)) return GilWaitStatus::NoHook;
  return GilWaitStatus::Measured;
}

void *waitForTheGil(void *) {
  PyGILState_STATE state = PyGILState_Ensure();
  PyGILState_Release(state);
  return nullptr;
}

// A thread asks for the GIL while this one holds it: its wait must go through the hooks.
bool selfTest() {
  g_selfTestSaw.store(false);
  g_selfTesting.store(true);
  pthread_t helper;
  if (pthread_create(&helper, nullptr, waitForTheGil, nullptr) != 0) {
    g_selfTesting.store(false);
    return false;
  }
  const uint64_t deadline = monotonicNs() + 2'000'000'000ull;
  while (!g_selfTestSaw.load() && monotonicNs() < deadline) {
    timespec pause{0, 100'000};
    nanosleep(&pause, nullptr);
  }
  Py_BEGIN_ALLOW_THREADS
  pthread_join(helper, nullptr);
  Py_END_ALLOW_THREADS
  g_selfTesting.store(false);
  return g_selfTestSaw.load();
}

}  // namespace

GilWaitStatus installGilWaitHooks() {
  if (g_status != GilWaitStatus::NotInstalled) return g_status;
#ifdef Py_GIL_DISABLED
  g_status = GilWaitStatus::FreeThreaded;
  return g_status;
#else
  const char *off = std::getenv("BOUNDWISE_NO_GIL_WAIT");
  if (off && *off && std::strcmp(off, "0") != 0) return g_status = GilWaitStatus::Disabled;
  g_gil = findGil();
  if (!g_gil) return g_status = GilWaitStatus::GilNotFound;
  g_status = hookInterpreterObject();
  if (g_status == GilWaitStatus::Measured && !selfTest()) g_status = GilWaitStatus::NotSeen;
  return g_status;
#endif
}

GilWaitStatus gilWaitStatus() { return g_status; }

uint64_t gilWaitNsOfThisThread() { return t_gilWaitNs; }

void armGilWait(bool armed) { t_armed = armed; }

}  // namespace boundwise::runtime
