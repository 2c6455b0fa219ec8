// The rule registry: one line per finding code.
#include <algorithm>

#include "analyzer/checks/check.h"

namespace boundwise {

std::unique_ptr<Check> makeBW101();
std::unique_ptr<Check> makeBW102();
std::unique_ptr<Check> makeBW103();
std::unique_ptr<Check> makeBW201();
std::unique_ptr<Check> makeBW202();
std::unique_ptr<Check> makeBW301();
std::unique_ptr<Check> makeBW401();
std::unique_ptr<Check> makeBW402();
std::unique_ptr<Check> makeBW403();
std::unique_ptr<Check> makeBW501();
std::unique_ptr<Check> makeBW502();
std::unique_ptr<Check> makeBW503();
std::unique_ptr<Check> makeBW504();
std::unique_ptr<Check> makeBW601();
std::unique_ptr<Check> makeBW602();

const std::vector<std::unique_ptr<Check>> &allChecks() {
  static const std::vector<std::unique_ptr<Check>> checks = [] {
    std::vector<std::unique_ptr<Check>> v;
    v.push_back(makeBW101());
    v.push_back(makeBW102());
    v.push_back(makeBW103());
    v.push_back(makeBW201());
    v.push_back(makeBW202());
    v.push_back(makeBW301());
    v.push_back(makeBW401());
    v.push_back(makeBW402());
    v.push_back(makeBW403());
    v.push_back(makeBW501());
    v.push_back(makeBW502());
    v.push_back(makeBW503());
    v.push_back(makeBW504());
    v.push_back(makeBW601());
    v.push_back(makeBW602());
    std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) { return a->info().code < b->info().code; });
    return v;
  }();
  return checks;
}

const Check *findCheck(std::string_view code) {
  for (const auto &c : allChecks())
    if (c->info().code == code) return c.get();
  return nullptr;
}

Finding Check::finding(const Analysis &a, int file, const Location &loc, std::string message) const {
  Finding f;
  f.code = std::string(info().code);
  f.name = std::string(info().name);
  f.severity = info().severity;
  f.path = a.program->files[file].path;
  f.loc = loc;
  f.message = std::move(message);
  return f;
}

}  // namespace boundwise
