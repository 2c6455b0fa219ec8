#pragma once
// Addresses of a measured process -> source functions, with LLVM's symbolizer library (DWARF
// debug information when the module has it, else its symbol table). LLVM is in
// libboundwise_llvm.so, loaded on the first symbolization (analyzer/cpp/llvm_module.h); when it
// cannot be loaded every address is unknown, so callers check llvmModule() first.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "profiler/native/analysis/results_file.h"

namespace boundwise::native {

// One source-level frame. An address inside inlined code gives several, innermost first.
struct SourceFrame {
  std::string function;  // demangled, e.g. "ingest::checksum(std::vector<char> const&)"; "??" when unknown
  std::string file;      // empty without debug information
  int line = 0;          // the address's line
  int startLine = 0;     // the function's first line (DW_AT_decl_line), 0 when unknown
  std::string module;    // the ELF file
};

// The address an ELF file's own numbering gives to file offset `offset` (its PT_LOAD segments),
// or nothing when no segment holds it or the file is not ELF.
std::optional<uint64_t> fileOffsetToAddress(const std::string &elfPath, uint64_t offset);

class Symbolizer {
public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer &) = delete;
  Symbolizer &operator=(const Symbolizer &) = delete;

  // Frames for `pc` of a process with mappings `maps`; an empty list when no mapping holds it.
  // Results are cached per (module, address).
  const std::vector<SourceFrame> &frames(const std::vector<Mapping> &maps, uint64_t pc);

  // Frames for an address in `module`'s own numbering (what the unit tests and the static
  // sampler of non-PIE programs use).
  std::vector<SourceFrame> framesAt(const std::string &module, uint64_t address);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace boundwise::native
