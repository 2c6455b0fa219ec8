// Symbolizer's work with LLVM's symbolizer library, in libboundwise_llvm.so (symbolizer.cpp is
// the core's side: the cache and the ELF arithmetic).
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/Error.h"

#include "analyzer/cpp/llvm_module_impl.h"

namespace boundwise::native {

class LlvmSymbolizer {
 public:
  LlvmSymbolizer() : llvm_(options()) {}

  std::vector<SourceFrame> framesAt(const std::string &module, uint64_t address) {
    std::vector<SourceFrame> out;
    auto info = llvm_.symbolizeInlinedCode(module, {address, llvm::object::SectionedAddress::UndefSection});
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

 private:
  static llvm::symbolize::LLVMSymbolizer::Options options() {
    llvm::symbolize::LLVMSymbolizer::Options o;
    o.UseSymbolTable = true;
    o.Demangle = true;
    o.RelativeAddresses = false;
    o.PathStyle = llvm::DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath;
    return o;
  }
  llvm::symbolize::LLVMSymbolizer llvm_;
};

LlvmSymbolizer *newLlvmSymbolizer() { return new LlvmSymbolizer; }
void deleteLlvmSymbolizer(LlvmSymbolizer *symbolizer) { delete symbolizer; }
std::vector<SourceFrame> symbolizeWithLlvm(LlvmSymbolizer &symbolizer, const std::string &module, uint64_t address) {
  return symbolizer.framesAt(module, address);
}

}  // namespace boundwise::native
