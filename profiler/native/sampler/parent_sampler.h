#pragma once
// On-CPU sampling of a child process from outside, for programs the preload library cannot
// enter (statically linked). One perf_event_open task-clock event per CPU on the child's pid,
// inherited by the threads and processes it starts and enabled when it execs; the parent drains
// the ring buffers while it waits. Samples carry the sampled instruction only (the kernel's call
// chains need frame pointers), so time goes to the function that was running.
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "profiler/native/analysis/results_file.h"

namespace boundwise::native {

class ParentSampler {
public:
  ParentSampler() = default;
  ~ParentSampler();
  ParentSampler(const ParentSampler &) = delete;
  ParentSampler &operator=(const ParentSampler &) = delete;

  // Opens the events on `pid` (a child that has not exec'd yet). False with a reason when the
  // kernel refuses (perf_event_paranoid, no perf in a container).
  bool attach(pid_t pid, std::string &error);
  // Moves what the kernel wrote into the sampler; call it often while the child runs.
  void drain();
  // Writes one results file per sampled process into `dir`, in the preload's format.
  // `exe` is the program (its ELF segments stand in for missing mmap records).
  void writeResults(const std::string &dir, const std::string &exe, pid_t child, const std::string &endReason,
                    int endValue, double wallSeconds, const struct rusage &usage) const;

  uint64_t samples() const { return samples_; }

private:
  struct Ring {
    int fd = -1;
    void *base = nullptr;
  };
  std::vector<Ring> rings_;
  uint64_t samples_ = 0, lost_ = 0;
  std::map<int, std::map<uint64_t, uint64_t>> ips_;  // pid -> ip -> samples
  std::map<int, std::vector<Mapping>> maps_;         // pid -> executable mappings (mmap records)
  std::map<int, int> parentOf_;                      // fork records: child -> parent
};

}  // namespace boundwise::native
