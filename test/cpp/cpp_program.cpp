// A C++ program that is not an extension: its call sites are classified (io:* from the rules,
// cpu:native-nogil for its own loops) and the loop advice speaks C++. std::thread and
// std::async hand work to threads, so loops that already dispatch get no advice.
//
// RUN: %boundwise check --exit-zero %s -- -std=c++17 | %FileCheck %s --implicit-check-not="[BW"
//
// RUN: %boundwise check --exit-zero --format json %s -- -std=c++17 \
// RUN:   | python3 -c 'import json,sys; d=json.load(sys.stdin); \
// RUN:       cs = {(c["line"], c["callee"]): c for c in d["call_sites"]}; \
// RUN:       assert cs[(34, "recv")]["detail"] == "io:network" and cs[(34, "recv")]["language"] == "cpp", cs; \
// RUN:       assert cs[(34, "recv")]["recommendation"] == "threads", cs; \
// RUN:       fs = {f["id"]: f for f in d["functions"]}; \
// RUN:       assert fs["%s::sim::simulate"]["detail"] == "cpu:native-nogil", fs; \
// RUN:       assert fs["%s::sim::simulate"]["language"] == "cpp", fs; \
// RUN:       print("ok")' | %FileCheck %s --check-prefix=JSON
// JSON: ok
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <thread>
#include <vector>

namespace sim {
double simulate(long seed) {
  double x = double(seed);
  for (long i = 0; i < 50000000; ++i) x = x * 1.0000001 + 0.5;
  return x;
}
}  // namespace sim

static long fetch(int fd) {
  char buf[1024];
  return long(recv(fd, buf, sizeof buf, 0));
}

int main() {
  std::vector<long> seeds{1, 2, 3, 4};
  std::vector<int> sockets{3, 4, 5};
  double total = 0;
  for (long s : seeds) {
    total += sim::simulate(s);
    // CHECK: cpp_program.cpp:[[@LINE-1]]:14: info: `sim::simulate` is CPU-bound (cpu:native-nogil) and runs once per item of `seeds`{{.*}}[BW602]
    // CHECK: help: split the items over std::thread::hardware_concurrency() threads
  }
  for (int fd : sockets) {
    total += double(fetch(fd));
    // CHECK: cpp_program.cpp:[[@LINE-1]]:21: info: `fetch` waits on io:network once per item of `sockets`{{.*}}[BW601]
    // CHECK: help: start the calls together: one std::async(std::launch::async, fetch, ...) per item
  }
  // The fixes: work handed to threads.
  std::vector<std::future<double>> results;
  for (long s : seeds) results.push_back(std::async(std::launch::async, sim::simulate, s));
  std::vector<std::thread> readers;
  for (int fd : sockets) readers.emplace_back(fetch, fd);
  for (auto &r : results) total += r.get();
  for (auto &t : readers) t.join();
  return total > 0 ? 0 : 1;
}
