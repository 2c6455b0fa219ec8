#include "analyzer/cpp/cpp_linker.h"

#include <unordered_map>

namespace boundwise {

void linkCppCalls(Program &program, const RuleSet &rules) {
  std::unordered_map<std::string, std::pair<int, int>> definitions;  // first definition wins
  for (size_t f = 0; f < program.files.size(); ++f) {
    const FileModel &fm = program.files[f];
    if (fm.language != Language::Cpp) continue;
    for (size_t i = 0; i < fm.functions.size(); ++i)
      if (!fm.functions[i].isLambda) definitions.emplace(fm.functions[i].qualname, std::make_pair(int(f), int(i)));
  }
  for (size_t f = 0; f < program.files.size(); ++f) {
    const FileModel &fm = program.files[f];
    if (fm.language != Language::Cpp) continue;
    auto &out = program.calls[f];
    out.assign(fm.calls.size(), {});
    for (size_t c = 0; c < fm.calls.size(); ++c) {
      const CallFact &call = fm.calls[c];
      ResolvedCall &r = out[c];
      r.name = call.qualifiedCallee;
      if (call.localCallee >= 0) {
        r.kind = ResolvedCall::Kind::Function;
        r.file = int(f);
        r.function = call.localCallee;
      } else if (auto it = definitions.find(call.qualifiedCallee); it != definitions.end()) {
        r.kind = ResolvedCall::Kind::Function;
        r.file = it->second.first;
        r.function = it->second.second;
      } else if (const ApiRule *rule = rules.findCpp(call.qualifiedCallee)) {
        r.kind = ResolvedCall::Kind::Api;
        r.rule = rule;
      }
    }
  }
}

}  // namespace boundwise
