#include "profiler/native/sampler/parent_sampler.h"

#include <elf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace boundwise::native {
namespace {

constexpr uint64_t kPeriodNs = 4000000;  // the preload's period: 4 ms of CPU time
constexpr size_t kDataPages = 64;

size_t pageSize() { return size_t(sysconf(_SC_PAGESIZE)); }

// The executable PT_LOAD segments of a non-PIE ELF file, at the addresses it runs at.
std::vector<Mapping> segmentsOf(const std::string &path) {
  std::vector<Mapping> out;
  std::ifstream in(path, std::ios::binary);
  Elf64_Ehdr eh{};
  if (!in.read(reinterpret_cast<char *>(&eh), sizeof eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_type != ET_EXEC)
    return out;
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.seekg(std::streamoff(eh.e_phoff + uint64_t(i) * eh.e_phentsize));
    if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph)) break;
    if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) out.push_back({ph.p_vaddr, ph.p_vaddr + ph.p_memsz, ph.p_offset, path});
  }
  return out;
}

}  // namespace

ParentSampler::~ParentSampler() {
  for (auto &r : rings_) {
    if (r.base) munmap(r.base, pageSize() * (1 + kDataPages));
    if (r.fd >= 0) close(r.fd);
  }
}

bool ParentSampler::attach(pid_t pid, std::string &error) {
  const long cpus = sysconf(_SC_NPROCESSORS_CONF);
  for (long cpu = 0; cpu < cpus; ++cpu) {
    perf_event_attr a{};
    a.size = sizeof a;
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.sample_period = kPeriodNs;
    a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    a.disabled = 1;
    a.enable_on_exec = 1;
    a.inherit = 1;  // threads and children; allowed with a ring because the event is per CPU
    a.mmap = 1;
    a.task = 1;
    int fd = int(syscall(SYS_perf_event_open, &a, pid, int(cpu), -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0) {
      if (errno == ENODEV || errno == EINVAL) continue;  // an offline CPU
      error = errno == EACCES || errno == EPERM
                  ? "perf_event_open not permitted (see /proc/sys/kernel/perf_event_paranoid)"
                  : std::string("perf_event_open failed: ") + std::strerror(errno);
      return false;
    }
    void *base = mmap(nullptr, pageSize() * (1 + kDataPages), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
      close(fd);
      error = std::string("mmap of the perf ring buffer failed: ") + std::strerror(errno);
      return false;
    }
    rings_.push_back({fd, base});
  }
  if (rings_.empty()) {
    error = "perf_event_open found no CPU to sample on";
    return false;
  }
  return true;
}

void ParentSampler::drain() {
  const size_t size = pageSize() * kDataPages;
  for (auto &r : rings_) {
    auto *meta = static_cast<perf_event_mmap_page *>(r.base);
    auto *data = static_cast<unsigned char *>(r.base) + pageSize();
    const uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta->data_tail;
    while (tail < head) {
      perf_event_header h;
      auto copy = [&](uint64_t at, void *dst, size_t n) {
        for (size_t i = 0; i < n; ++i) static_cast<unsigned char *>(dst)[i] = data[(at + i) % size];
      };
      copy(tail, &h, sizeof h);
      if (h.size == 0) break;
      std::vector<unsigned char> rec(h.size);
      copy(tail, rec.data(), h.size);
      const unsigned char *body = rec.data() + sizeof h;
      if (h.type == PERF_RECORD_SAMPLE && h.size >= sizeof h + 16) {
        uint64_t ip;
        uint32_t pid;
        std::memcpy(&ip, body, 8);
        std::memcpy(&pid, body + 8, 4);
        ++ips_[int(pid)][ip];
        ++samples_;
      } else if (h.type == PERF_RECORD_MMAP && h.size > sizeof h + 32) {
        uint32_t pid;
        uint64_t addr, len, pgoff;
        std::memcpy(&pid, body, 4);
        std::memcpy(&addr, body + 8, 8);
        std::memcpy(&len, body + 16, 8);
        std::memcpy(&pgoff, body + 24, 8);
        std::string file(reinterpret_cast<const char *>(body + 32), strnlen(reinterpret_cast<const char *>(body + 32), h.size - sizeof h - 32));
        if (!file.empty() && file[0] == '/') maps_[int(pid)].push_back({addr, addr + len, pgoff, file});
      } else if (h.type == PERF_RECORD_FORK && h.size >= sizeof h + 8) {
        uint32_t pid, ppid;
        std::memcpy(&pid, body, 4);
        std::memcpy(&ppid, body + 4, 4);
        if (pid != ppid) parentOf_[int(pid)] = int(ppid);
      } else if (h.type == PERF_RECORD_LOST && h.size >= sizeof h + 16) {
        uint64_t lost;
        std::memcpy(&lost, body + 8, 8);
        lost_ += lost;
      }
      tail += h.size;
    }
    __atomic_store_n(&meta->data_tail, head, __ATOMIC_RELEASE);
  }
}

void ParentSampler::writeResults(const std::string &dir, const std::string &exe, pid_t child, const std::string &endReason,
                                 int endValue, double wallSeconds, const struct rusage &usage) const {
  for (const auto &[pid, ips] : ips_) {
    std::ofstream out(dir + "/native-" + std::to_string(pid) + "-parent.txt", std::ios::binary);
    const bool top = pid == child;
    out << "boundwise-native 1\npid " << pid << "\nppid " << (top ? getpid() : parentOf_.count(pid) ? parentOf_.at(pid) : 0)
        << "\nexe " << exe << "\nend " << (top ? endReason : "exit");
    if (top && endValue >= 0) out << " " << endValue;
    out << "\nwall_ns " << uint64_t(wallSeconds * 1e9);
    if (top)
      out << "\nrusage " << uint64_t(usage.ru_utime.tv_sec) * 1000000000ull + uint64_t(usage.ru_utime.tv_usec) * 1000ull << " "
          << uint64_t(usage.ru_stime.tv_sec) * 1000000000ull + uint64_t(usage.ru_stime.tv_usec) * 1000ull << " "
          << usage.ru_nvcsw << " " << usage.ru_nivcsw;
    uint64_t n = 0;
    for (const auto &[ip, count] : ips) n += count;
    out << "\nperiod_ns " << kPeriodNs << "\nsampling ok\nthreads 0\nsamples " << n << " dropped 0 lost "
        << (top ? lost_ : 0) << "\nblocks_dropped 0\n";
    out << std::hex;
    for (const auto &[ip, count] : ips) out << "S " << std::dec << count << std::hex << " " << ip << "\n";
    out << std::dec;
    // A forked child runs its parent's image: the parent's mappings, unless it exec'd.
    int mapsOf = pid;
    while (!maps_.count(mapsOf) && parentOf_.count(mapsOf)) mapsOf = parentOf_.at(mapsOf);
    std::vector<Mapping> maps = maps_.count(mapsOf) ? maps_.at(mapsOf) : segmentsOf(exe);
    for (const auto &m : maps)
      out << "M " << std::hex << m.start << "-" << m.end << " r-xp " << m.offset << std::dec << " 00:00 0 " << m.path << "\n";
    out << "done\n";
  }
}

}  // namespace boundwise::native
