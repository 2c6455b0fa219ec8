#include "analyzer/core/memory_tuning.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

namespace boundwise {
namespace {

// The settings change how memory is obtained, never what it holds: blocks of every size,
// on the main thread and on others, keep their contents across the advice.
TEST(MemoryTuning, AllocationsKeepTheirContentsAfterAdvice) {
  adviseHugePages();  // before tuning: nothing to do
  tuneMemoryForBatchRun();
  auto work = [] {
    adviseHugePages();
    std::vector<std::vector<char>> blocks;
    for (size_t size : {size_t(16), size_t(4096), size_t(1) << 20, size_t(40) << 20}) {
      blocks.emplace_back(size, char(size % 251));
      adviseHugePages();
    }
    for (const auto &b : blocks) {
      const char expected = char(b.size() % 251);
      for (size_t i = 0; i < b.size(); i += 4093) ASSERT_EQ(b[i], expected);
    }
  };
  work();
  std::thread other(work);
  other.join();
}

}  // namespace
}  // namespace boundwise
