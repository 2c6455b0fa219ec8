#include "analyzer/core/memory_tuning.h"

#include <dlfcn.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define BOUNDWISE_TUNE_MALLOC 1
#endif

namespace boundwise {
namespace {

// jemalloc's control interface, when jemalloc is the process's malloc (linked or preloaded).
using Mallctl = int (*)(const char *, void *, size_t *, void *, size_t);
Mallctl jemallocControl() {
  static const Mallctl control = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
  return control;
}

std::string &summaryText() {
  static std::string text;
  return text;
}

// jemalloc's settings (analyzer/cli/allocator.cpp, or MALLOC_CONF).
std::string jemallocSummary(Mallctl mallctl) {
  const char *thp = nullptr;
  size_t size = sizeof thp;
  std::string text = "jemalloc (thp: ";
  text += mallctl("opt.thp", &thp, &size, nullptr, 0) == 0 && thp ? thp : "?";
  ssize_t decay = 0;
  size = sizeof decay;
  if (mallctl("opt.dirty_decay_ms", &decay, &size, nullptr, 0) != 0) text += ", decay: ?)";
  else text += decay < 0 ? ", decay: never)" : ", dirty decay: " + std::to_string(decay) + " ms)";
  return text;
}

}  // namespace

const char *memoryTuningSummary() {
  if (summaryText().empty()) {
    if (Mallctl mallctl = jemallocControl()) summaryText() = jemallocSummary(mallctl);
    else summaryText() = "glibc malloc (not tuned)";
  }
  return summaryText().c_str();
}

#ifdef BOUNDWISE_TUNE_MALLOC
namespace {

constexpr uintptr_t kPage = 4096;
// glibc aligns each heap of a thread's arena to its maximum size, 64 MiB on 64-bit
// (HEAP_MAX_SIZE = 2 * DEFAULT_MMAP_THRESHOLD_MAX): the heap of a block is its address rounded
// down. Advice on a wrong guess is still only advice about memory of this process.
constexpr uintptr_t kThreadHeap = uintptr_t(64) << 20;

std::atomic<bool> tuned{false};
std::atomic<uintptr_t> mainHeapStart{0};  // the program break when tuning started
std::atomic<uintptr_t> mainHeapAdvised{0};  // the program break at the last advice

}  // namespace

void tuneMemoryForBatchRun() {
  if (std::getenv("BOUNDWISE_NO_HUGE_PAGES")) return;  // for measuring the difference
  if (jemallocControl()) return;  // set at start-up (allocator.cpp); adviseHugePages stays a no-op
  summaryText() = "glibc malloc (huge pages advised, no trimming)";
  // A block up to 32 MiB (glibc's maximum) comes from the heap, not from an mmap of its own.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // The main heap grows by 64 MiB steps, and a thread's heap is writable in one piece.
  mallopt(M_TOP_PAD, 64 << 20);
  // Freed memory at the top of a heap stays: the run ends soon, and giving it back would
  // only split huge pages that the next files fault in again.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const uintptr_t start = (uintptr_t(sbrk(0)) + kPage - 1) & ~(kPage - 1);
  mainHeapStart = start;
  mainHeapAdvised = start;
  tuned = true;
}

void adviseHugePages() {
  if (!tuned.load(std::memory_order_relaxed)) return;
  void *probe = std::malloc(64);
  const uintptr_t p = uintptr_t(probe);
  std::free(probe);
  const uintptr_t start = mainHeapStart.load(std::memory_order_relaxed);
  const uintptr_t brk = uintptr_t(sbrk(0));
  if (p >= start && p < brk) {
    // The main arena: advise what the break has gained since the last advice. The part of a
    // step already touched keeps its small pages; the rest of the step gets huge ones.
    uintptr_t advised = mainHeapAdvised.load(std::memory_order_relaxed);
    if (brk > advised && mainHeapAdvised.compare_exchange_strong(advised, brk))
      madvise(reinterpret_cast<void *>(start), brk - start, MADV_HUGEPAGE);
    return;
  }
  thread_local uintptr_t advisedHeap = 0;
  const uintptr_t heap = p & ~(kThreadHeap - 1);
  if (heap == advisedHeap) return;
  advisedHeap = heap;
  madvise(reinterpret_cast<void *>(heap), kThreadHeap, MADV_HUGEPAGE);
}

#else

void tuneMemoryForBatchRun() {}
void adviseHugePages() {}

#endif

}  // namespace boundwise
