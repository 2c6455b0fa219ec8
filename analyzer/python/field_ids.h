#pragma once
// Field lookup on the Python grammar's syntax nodes, by name, without tree-sitter 0.20's
// per-call name scan (`ts_node_child_by_field_name` compares the name against every field of
// the grammar with strncmp). Each name is looked up once per thread; callers pass string
// literals, so the cache is keyed by the literal's address.
#include <tree_sitter/api.h>

#include <cstring>
#include <utility>
#include <vector>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace boundwise {

inline TSFieldId pythonFieldId(const char *name) {
  thread_local std::vector<std::pair<const char *, TSFieldId>> cache;
  for (const auto &[key, id] : cache)
    if (key == name) return id;
  const TSFieldId id = ts_language_field_id_for_name(tree_sitter_python(), name, uint32_t(std::strlen(name)));
  cache.emplace_back(name, id);
  return id;
}

// The child in field `name` (a string literal), or a null node.
inline TSNode fieldChild(TSNode n, const char *name) {
  const TSFieldId id = pythonFieldId(name);
  if (id == 0) return ts_node_child_by_field_name(n, name, uint32_t(std::strlen(name)));  // not a field: null node
  return ts_node_child_by_field_id(n, id);
}

}  // namespace boundwise
