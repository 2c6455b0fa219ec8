// jemalloc's start-up options for the boundwise executable, which CMake links to jemalloc
// (libjemalloc-dev) when it is installed; jemalloc reads them at the first allocation, before
// main. Without jemalloc this variable is unused. See docs/performance.md: a large `check`
// spends a good share of its time having the kernel zero fresh pages (on the VMs measured,
// 512 MiB cost 0.9 s of CPU). So:
// - thp:always: jemalloc asks for transparent huge pages for all of its memory (the kernel
//   gives them to regions that ask, where THP is `madvise`, the usual default), which halves
//   the cost of faulting it in;
// - dirty_decay_ms/muzzy_decay_ms -1: memory freed (each file's syntax tree) is kept and
//   reused, never handed back to the kernel only to be faulted and zeroed again. A run's
//   memory stays at its peak until it exits; for the language server that is the peak of
//   one analysis of the project, reached again by the next.
extern "C" {
extern const char *malloc_conf;
const char *malloc_conf = "thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
