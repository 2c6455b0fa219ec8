#pragma once
// Work over the files of a program that are independent of each other (the linker's calls,
// the classifier's call sites), split over threads.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace boundwise {

// Calls work(thread, file) for every file in [0, count): file f on thread f % threads, with
// up to `jobs` threads and at least 64 files each. Thread 0 is the caller's; `work` must be
// safe to run on several threads at once.
template <typename Work>
void forEachFileOnThreads(size_t count, unsigned jobs, Work &&work) {
  const size_t threads = std::max<size_t>(1, std::min<size_t>(jobs, count / 64 + 1));
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t)
    workers.emplace_back([&work, t, threads, count] {
      for (size_t f = t; f < count; f += threads) work(t, f);
    });
  for (size_t f = 0; f < count; f += threads) work(size_t(0), f);
  for (auto &w : workers) w.join();
}

}  // namespace boundwise
