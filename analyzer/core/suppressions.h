#pragma once
// Suppression comments: `# boundwise: ignore[BW101,BW201]`, `# boundwise: ignore`,
// `# noqa: BW101`, and for C++ `// NOLINT(BW501)`.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace boundwise {

// Records the codes a comment on `line` suppresses; an empty list means every code.
void parseSuppressionComment(std::string_view comment, int line, std::map<int, std::vector<std::string>> &out);

bool isSuppressed(const std::map<int, std::vector<std::string>> &suppressions, int line, std::string_view code);

}  // namespace boundwise
