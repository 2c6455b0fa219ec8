// The core's side of the symbolizer: ELF offsets to addresses and the cache. LLVM's symbolizer
// itself is in libboundwise_llvm.so (llvm_symbolizer.cpp), loaded on first use.
#include "profiler/native/analysis/symbolizer.h"

#include <elf.h>

#include <fstream>
#include <unordered_map>

#include "analyzer/cpp/llvm_module.h"

namespace boundwise::native {

std::optional<uint64_t> fileOffsetToAddress(const std::string &elfPath, uint64_t offset) {
  std::ifstream in(elfPath, std::ios::binary);
  Elf64_Ehdr eh{};
  if (!in.read(reinterpret_cast<char *>(&eh), sizeof eh)) return std::nullopt;
  if (std::string(reinterpret_cast<char *>(eh.e_ident), 4) != "\177ELF" || eh.e_ident[EI_CLASS] != ELFCLASS64)
    return std::nullopt;
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.seekg(std::streamoff(eh.e_phoff + uint64_t(i) * eh.e_phentsize));
    if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph)) return std::nullopt;
    if (ph.p_type == PT_LOAD && offset >= ph.p_offset && offset < ph.p_offset + ph.p_filesz)
      return offset - ph.p_offset + ph.p_vaddr;
  }
  return std::nullopt;
}

struct Symbolizer::Impl {
  LlvmSymbolizer *llvm = nullptr;  // created and deleted by the module, on first use
  std::unordered_map<std::string, std::vector<SourceFrame>> cache;  // "module@address"
  const std::vector<SourceFrame> none;

  ~Impl() {
    if (llvm) llvmModule().api->deleteSymbolizer(llvm);
  }
};

Symbolizer::Symbolizer() : impl_(std::make_unique<Impl>()) {}
Symbolizer::~Symbolizer() = default;

std::vector<SourceFrame> Symbolizer::framesAt(const std::string &module, uint64_t address) {
  const LlvmModuleApi *api = llvmModule().api;
  if (!api) return {};
  if (!impl_->llvm) impl_->llvm = api->newSymbolizer();
  return api->symbolize(*impl_->llvm, module, address);
}

const std::vector<SourceFrame> &Symbolizer::frames(const std::vector<Mapping> &maps, uint64_t pc) {
  const Mapping *m = findMapping(maps, pc);
  if (!m) return impl_->none;
  const uint64_t offset = pc - m->start + m->offset;
  std::string key = m->path + "@" + std::to_string(offset);
  auto hit = impl_->cache.find(key);
  if (hit != impl_->cache.end()) return hit->second;
  std::vector<SourceFrame> frames;
  if (auto address = fileOffsetToAddress(m->path, offset)) frames = framesAt(m->path, *address);
  if (frames.empty()) frames.push_back(SourceFrame{"??", "", 0, 0, m->path});
  return impl_->cache.emplace(std::move(key), std::move(frames)).first->second;
}

}  // namespace boundwise::native
