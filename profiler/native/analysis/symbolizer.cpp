#include "profiler/native/analysis/symbolizer.h"

#include <elf.h>

#include <fstream>
#include <unordered_map>

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/Error.h"

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
  llvm::symbolize::LLVMSymbolizer llvm;
  std::unordered_map<std::string, std::vector<SourceFrame>> cache;  // "module@address"
  std::unordered_map<std::string, bool> elf;                        // module -> readable ELF
  const std::vector<SourceFrame> none;

  static llvm::symbolize::LLVMSymbolizer::Options options() {
    llvm::symbolize::LLVMSymbolizer::Options o;
    o.UseSymbolTable = true;
    o.Demangle = true;
    o.RelativeAddresses = false;
    o.PathStyle = llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
    return o;
  }
  Impl() : llvm(options()) {}
};

Symbolizer::Symbolizer() : impl_(std::make_unique<Impl>()) {}
Symbolizer::~Symbolizer() = default;

std::vector<SourceFrame> Symbolizer::framesAt(const std::string &module, uint64_t address) {
  std::vector<SourceFrame> out;
  auto info = impl_->llvm.symbolizeInlinedCode(module, {address, llvm::object::SectionedAddress::UndefSection});
  if (!info) {
    llvm::consumeError(info.takeError());
    return out;
  }
  for (uint32_t i = 0; i < info->getNumberOfFrames(); ++i) {
    const llvm::DILineInfo &f = info->getFrame(i);
    SourceFrame s;
    s.function = f.FunctionName == llvm::DILineInfo::BadString ? "??" : f.FunctionName;
    s.file = f.FileName == llvm::DILineInfo::BadString ? "" : f.FileName;
    s.line = int(f.Line);
    s.startLine = int(f.StartLine);
    s.module = module;
    out.push_back(std::move(s));
  }
  return out;
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
