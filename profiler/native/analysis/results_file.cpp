#include "profiler/native/analysis/results_file.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace boundwise::native {
namespace {

bool parseU64(const std::string &s, int base, uint64_t &v) {
  if (s.empty()) return false;
  char *end = nullptr;
  errno = 0;
  v = std::strtoull(s.c_str(), &end, base);
  return errno == 0 && end && *end == 0;
}

std::vector<std::string> words(const std::string &line) {
  std::vector<std::string> w;
  std::istringstream in(line);
  std::string x;
  while (in >> x) w.push_back(x);
  return w;
}

}  // namespace

bool parseResults(const std::string &text, ProcessResults &out, std::string &error) {
  std::istringstream in(text);
  std::string line;
  int lineNo = 0;
  auto fail = [&](const std::string &what) {
    error = "line " + std::to_string(lineNo) + ": " + what;
    return false;
  };
  auto parsePcs = [&](const std::vector<std::string> &w, size_t from, std::vector<uint64_t> &pcs) {
    for (size_t i = from; i < w.size(); ++i) {
      uint64_t pc = 0;
      if (!parseU64(w[i], 16, pc)) return false;
      pcs.push_back(pc);
    }
    return true;
  };
  while (std::getline(in, line)) {
    ++lineNo;
    if (lineNo == 1) {
      if (line != "boundwise-native 1") return fail("not a boundwise native results file (no 'boundwise-native 1' header)");
      continue;
    }
    if (line.empty()) continue;
    if (line == "done") {
      out.complete = true;
      continue;
    }
    if (line.rfind("M ", 0) == 0) {
      // "M start-end perms offset dev inode path"
      auto w = words(line.substr(2));
      if (w.size() < 6) return fail("malformed mapping line");
      Mapping m;
      auto dash = w[0].find('-');
      uint64_t off = 0;
      if (dash == std::string::npos || !parseU64(w[0].substr(0, dash), 16, m.start) ||
          !parseU64(w[0].substr(dash + 1), 16, m.end) || !parseU64(w[2], 16, off))
        return fail("malformed mapping line");
      m.offset = off;
      // The path is the rest of the line (it may contain spaces).
      size_t pos = line.find(" /");
      m.path = pos == std::string::npos ? w.back() : line.substr(pos + 1);
      out.maps.push_back(std::move(m));
      continue;
    }
    auto w = words(line);
    const std::string &key = w[0];
    uint64_t a = 0, b = 0;
    if (key == "B") {
      BlockRecord r;
      if (w.size() < 5) return fail("malformed blocking-call line");
      r.call = w[1];
      r.kind = w[2];
      if (!parseU64(w[3], 10, r.count) || !parseU64(w[4], 10, r.ns) || !parsePcs(w, 5, r.pcs))
        return fail("malformed blocking-call line");
      out.blocks.push_back(std::move(r));
    } else if (key == "S") {
      SampleRecord r;
      if (w.size() < 2 || !parseU64(w[1], 10, r.count) || !parsePcs(w, 2, r.pcs)) return fail("malformed sample line");
      out.stacks.push_back(std::move(r));
    } else if (key == "pid" && w.size() == 2 && parseU64(w[1], 10, a)) {
      out.pid = int(a);
    } else if (key == "ppid" && w.size() == 2 && parseU64(w[1], 10, a)) {
      out.ppid = int(a);
    } else if (key == "exe") {
      out.exe = line.size() > 4 ? line.substr(4) : "";
    } else if (key == "end" && (w.size() == 2 || (w.size() == 3 && parseU64(w[2], 10, a)))) {
      out.endReason = w[1];
      out.endValue = w.size() == 3 ? int(a) : -1;
    } else if (key == "wall_ns" && w.size() == 2 && parseU64(w[1], 10, a)) {
      out.wallNs = a;
    } else if (key == "rusage" && w.size() == 5) {
      uint64_t c = 0, d = 0;
      if (!parseU64(w[1], 10, a) || !parseU64(w[2], 10, b) || !parseU64(w[3], 10, c) || !parseU64(w[4], 10, d))
        return fail("malformed rusage line");
      out.userNs = a, out.systemNs = b, out.voluntarySwitches = c, out.involuntarySwitches = d;
    } else if (key == "period_ns" && w.size() == 2 && parseU64(w[1], 10, a) && a > 0) {
      out.periodNs = a;
    } else if (key == "sampling") {
      out.sampling = line.size() > 9 ? line.substr(9) : "";
    } else if (key == "threads" && w.size() == 2 && parseU64(w[1], 10, a)) {
      out.threads = a;
    } else if (key == "samples" && w.size() == 6) {
      uint64_t c = 0;
      if (!parseU64(w[1], 10, a) || !parseU64(w[3], 10, b) || !parseU64(w[5], 10, c)) return fail("malformed samples line");
      out.samples = a, out.droppedSamples = b, out.lostSamples = c;
    } else if (key == "blocks_dropped" && w.size() == 2 && parseU64(w[1], 10, a)) {
      out.droppedBlocks = a;
    } else {
      return fail("unexpected line '" + line.substr(0, 60) + "'");
    }
  }
  if (lineNo == 0) {
    error = "empty file";
    return false;
  }
  std::sort(out.maps.begin(), out.maps.end(), [](const Mapping &x, const Mapping &y) { return x.start < y.start; });
  return true;
}

std::vector<ProcessResults> loadResultsDir(const std::string &dir, std::vector<std::string> &problems) {
  std::vector<ProcessResults> all;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("native-", 0) == 0 && entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  if (ec) problems.push_back(dir + ": cannot list the results folder: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto &f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ProcessResults r;
    r.file = f.string();
    std::string error;
    if (!in || !parseResults(text.str(), r, error)) {
      problems.push_back(f.string() + ": " + (error.empty() ? "cannot read" : error));
      continue;
    }
    all.push_back(std::move(r));
  }
  std::stable_sort(all.begin(), all.end(), [](const ProcessResults &a, const ProcessResults &b) { return a.pid < b.pid; });
  return all;
}

const Mapping *findMapping(const std::vector<Mapping> &maps, uint64_t pc) {
  auto it = std::upper_bound(maps.begin(), maps.end(), pc, [](uint64_t v, const Mapping &m) { return v < m.start; });
  if (it == maps.begin()) return nullptr;
  --it;
  return pc < it->end ? &*it : nullptr;
}

}  // namespace boundwise::native
