#pragma once
// Memory settings for a one-shot batch run (`boundwise check`), see docs/performance.md.
//
// The facts of a large project take a few hundred MB, all of it fresh memory the kernel hands
// out page by page. On the VMs this project is measured on a 4 KiB page fault costs several
// microseconds, and faulting the same memory in 2 MiB transparent huge pages (THP) costs
// about half as much CPU. The kernel gives THP to regions that ask for them (madvise) where
// /sys/kernel/mm/transparent_hugepage/enabled is `madvise`, the common default.

//
// The boundwise executable is linked to jemalloc where it is installed, set up for the same
// ends in analyzer/cli/allocator.cpp (huge pages, freed memory kept). Under jemalloc (found at
// run time through its `mallctl`) the glibc settings below are skipped; the unit tests and any
// program of the core linked without jemalloc keep glibc's path.

namespace boundwise {

// The allocator the process runs on and how it is set, for BOUNDWISE_TIMING:
// "jemalloc (thp: always, decay: never)", "glibc malloc (huge pages advised)", ...
const char *memoryTuningSummary();

// Once, before the worker threads start: malloc takes memory from the kernel in large steps
// and keeps it (no trimming, no mmap per large block), so that whole 2 MiB extents exist to
// advise. A no-op where it does not apply (not Linux with glibc). Not for long-lived
// processes (the language server): memory freed is kept for the rest of the run.
void tuneMemoryForBatchRun();

// Asks for huge pages on the calling thread's malloc heap. Cheap (one probe allocation; a
// system call only when the heap has grown or changed); a no-op unless tuneMemoryForBatchRun
// ran. Worker threads call it before their first file and after each one.
void adviseHugePages();

}  // namespace boundwise
