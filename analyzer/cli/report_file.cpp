#include "analyzer/cli/report_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace boundwise {
namespace fs = std::filesystem;

PendingReport::~PendingReport() { discard(); }

bool PendingReport::open(const std::string &path, std::string &error) {
  path_ = path;
  std::string pattern = path + ".boundwise-XXXXXX";
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    error = "cannot write the report to '" + path + "': " + std::strerror(errno);
    return false;
  }
  // mkstemp makes the file private; a report gets the mode any new file would.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  temp_ = pattern;
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    error = "cannot write the report to '" + path + "': " + std::strerror(errno);
    discard();
    return false;
  }
  return true;
}

bool PendingReport::commit(std::string &error) {
  if (temp_.empty()) return true;
  out_.flush();
  const bool written = bool(out_);
  out_.close();
  if (!written || out_.fail()) {
    error = "writing the report to '" + path_ + "' failed";
    discard();
    return false;
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    error = "cannot write the report to '" + path_ + "': " + std::strerror(errno);
    discard();
    return false;
  }
  temp_.clear();
  return true;
}

void PendingReport::discard() {
  if (temp_.empty()) return;
  if (out_.is_open()) out_.close();
  std::remove(temp_.c_str());
  temp_.clear();
}

namespace {

bool isSourceName(const fs::path &p) {
  const std::string ext = p.extension().string();
  for (const char *e : {".py", ".pyi", ".c", ".cc", ".cpp", ".cxx"})
    if (ext == e) return true;
  return false;
}

}  // namespace

bool namesAnInput(const std::string &output, const std::vector<std::string> &inputs) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(fs::absolute(output, ec), ec);
  for (const auto &given : inputs.empty() ? std::vector<std::string>{"."} : inputs) {
    std::error_code gec;
    const fs::path in = fs::weakly_canonical(fs::absolute(given, gec), gec);
    if (gec) continue;
    if (in == out) return true;
    if (!fs::is_directory(in, gec) || !isSourceName(out)) continue;
    const fs::path rel = out.lexically_relative(in);
    if (!rel.empty() && *rel.begin() != "..") return true;
  }
  return false;
}

}  // namespace boundwise
