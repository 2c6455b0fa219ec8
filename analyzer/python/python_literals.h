#pragma once
// Small constant folding over tree-sitter Python nodes: integer literals and the sizes of
// obviously big payloads (`b"x" * 10_000_000`, `bytes(N)`, `[0] * N`).
#include <tree_sitter/api.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace boundwise {

std::optional<int64_t> evalInteger(TSNode node, std::string_view source);
// Estimated bytes the expression's value takes when pickled; 0 when unknown or small.
int64_t estimatePayloadBytes(TSNode node, std::string_view source);

}  // namespace boundwise
