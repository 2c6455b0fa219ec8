// ingest: the native demo program for `boundwise profile`. It ingests records the way many small
// services do: a producer thread hands batches over a pipe (the consumer waits), each batch is
// checksummed (pure computation), and a spool file is written and read back in chunks (disk).
//
//   build/examples/native/ingest [BATCHES]
//   build/bin/boundwise profile -- build/examples/native/ingest
//
// Expected profile: waitForBatch io (ipc), checksumBatch cpu, spoolToDisk/readSpool io (disk)
// or mixed when the page cache makes the disk fast, main mixed.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace ingest {

constexpr size_t kBatchBytes = 1 << 20;

// The producer: a batch every 40 ms, as if it came from the network.
void produceBatches(int fd, int batches) {
  std::vector<unsigned char> batch(kBatchBytes);
  for (int b = 0; b < batches; ++b) {
    for (size_t i = 0; i < batch.size(); ++i) batch[i] = static_cast<unsigned char>((i * 131 + b) & 0xff);
    usleep(40000);
    for (size_t done = 0; done < batch.size();) {
      ssize_t n = write(fd, batch.data() + done, batch.size() - done);
      if (n <= 0) return;
      done += size_t(n);
    }
  }
  close(fd);
}

// Blocks until a whole batch has arrived; false at the end of the stream.
bool waitForBatch(int fd, std::vector<unsigned char> &batch) {
  batch.resize(kBatchBytes);
  size_t got = 0;
  while (got < batch.size()) {
    ssize_t n = read(fd, batch.data() + got, batch.size() - got);
    if (n <= 0) return false;
    got += size_t(n);
  }
  return true;
}

// Adler-32, several rounds: the CPU-bound part.
uint32_t checksumBatch(const std::vector<unsigned char> &batch) {
  uint32_t a = 1, b = 0;
  for (int round = 0; round < 12; ++round)
    for (unsigned char c : batch) {
      a = (a + c) % 65521;
      b = (b + a) % 65521;
    }
  return (b << 16) | a;
}

void spoolToDisk(const std::string &path, const std::vector<uint32_t> &sums) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;
  std::vector<uint32_t> block(1 << 16);
  for (int copy = 0; copy < 64; ++copy) {
    for (size_t i = 0; i < block.size(); ++i) block[i] = sums[i % sums.size()] ^ uint32_t(copy);
    (void)!write(fd, block.data(), block.size() * sizeof(uint32_t));
  }
  fsync(fd);
  close(fd);
}

uint64_t readSpool(const std::string &path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  std::vector<unsigned char> chunk(64 * 1024);
  uint64_t total = 0;
  for (ssize_t n; (n = read(fd, chunk.data(), chunk.size())) > 0;) total += uint64_t(n);
  close(fd);
  return total;
}

}  // namespace ingest

int main(int argc, char **argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 24;
  int p[2];
  if (batches <= 0 || pipe(p) != 0) {
    std::fprintf(stderr, "usage: ingest [BATCHES > 0]\n");
    return 2;
  }
  std::thread producer(ingest::produceBatches, p[1], batches);
  std::vector<unsigned char> batch;
  std::vector<uint32_t> sums;
  while (ingest::waitForBatch(p[0], batch)) sums.push_back(ingest::checksumBatch(batch));
  producer.join();
  const char *tmp = std::getenv("TMPDIR");
  const std::string spool = std::string(tmp && *tmp ? tmp : "/tmp") + "/ingest-spool-" + std::to_string(getpid());
  ingest::spoolToDisk(spool, sums);
  const uint64_t bytes = ingest::readSpool(spool);
  unlink(spool.c_str());
  std::printf("ingested %zu batches, spooled %llu bytes, last checksum %08x\n", sums.size(),
              static_cast<unsigned long long>(bytes), sums.empty() ? 0u : sums.back());
  return 0;
}
