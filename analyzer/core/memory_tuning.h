#pragma once
// Memory settings for a one-shot batch run (`boundwise check`), see docs/performance.md.
//
// The facts of a large project take a few hundred MB, all of it fresh memory the kernel hands
// out page by page. On the VMs this project is measured on a 4 KiB page fault costs several
// microseconds, and faulting the same memory in 2 MiB transparent huge pages (THP) costs
// about half as much CPU. The kernel gives THP to regions that ask for them (madvise) where
// /sys/kernel/mm/transparent_hugepage/enabled is `madvise`, the common default.

namespace boundwise {

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
