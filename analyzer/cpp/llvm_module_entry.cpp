// libboundwise_llvm.so's one exported symbol (llvm_module.map): the table of its functions.
#include "analyzer/cpp/llvm_module.h"
#include "analyzer/cpp/llvm_module_impl.h"

extern "C" __attribute__((visibility("default"))) const boundwise::LlvmModuleApi *boundwise_llvm_api(int version) {
  using namespace boundwise;
  static const LlvmModuleApi api{
      kLlvmModuleApiVersion,
      sizeof(LlvmModuleApi),
      sizeof(CppUnit),
      sizeof(native::SourceFrame),
      [](const CompilerFlagOptions &options) { return new ClangFlags(options); },
      [](ClangFlags *flags) { delete flags; },
      [](ClangFlags &flags, const std::string &file) { return flags.commandFor(file); },
      [](const ClangFlags &flags) -> const std::vector<std::string> & { return flags.problems(); },
      [](ClangFlags &flags) -> const std::vector<std::string> & { return flags.guessedFlags(); },
      [](ClangFlags &flags) -> const std::vector<std::string> & { return flags.notes(); },
      clangExtractCppUnits,
      clangExtractCppSource,
      native::newLlvmSymbolizer,
      native::deleteLlvmSymbolizer,
      native::symbolizeWithLlvm,
  };
  return version == kLlvmModuleApiVersion ? &api : nullptr;
}
