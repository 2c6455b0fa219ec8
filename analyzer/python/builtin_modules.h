#pragma once
// Modules compiled into the CPython interpreter (`sys.builtin_module_names`). The import
// system finds them before any path entry, so a project's `time.py` never shadows `time`;
// any other module (`json.py` next to the script) can be shadowed by a local file.
#include <algorithm>
#include <array>
#include <string_view>

namespace boundwise {

// Built into every CPython 3.11-3.13 on POSIX: Modules/Setup.bootstrap.in plus the modules of
// Modules/config.c.in. Distributions compile more in (Debian: math, zlib, select, ...), but
// elsewhere those are extension modules in lib-dynload that a local file does shadow, so they
// are not listed. Sorted, for binary search.
inline constexpr std::array<std::string_view, 30> kBuiltinModules{
    "_abc",      "_ast",         "_codecs",     "_collections", "_functools", "_imp",
    "_io",       "_locale",      "_operator",   "_signal",      "_sre",       "_stat",
    "_string",   "_symtable",    "_thread",     "_tokenize",    "_tracemalloc", "_warnings",
    "_weakref",  "atexit",       "builtins",    "errno",        "faulthandler", "gc",
    "itertools", "marshal",      "posix",       "pwd",          "sys",        "time",
};

// True when `dotted` (`time`, `sys.monitoring`) is, or is inside, a built-in module.
inline bool isBuiltinModule(std::string_view dotted) {
  const std::string_view top = dotted.substr(0, dotted.find('.'));
  return std::binary_search(kBuiltinModules.begin(), kBuiltinModules.end(), top);
}

}  // namespace boundwise
