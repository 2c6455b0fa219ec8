// The core's side of libboundwise_llvm.so: finding, loading and checking the module.
#include "analyzer/cpp/llvm_module.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace boundwise {
namespace {

std::string modulePath(std::string &error) {
  if (const char *env = std::getenv("BOUNDWISE_LLVM_MODULE"); env && *env) return env;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    error = "cannot find boundwise's own executable (/proc/self/exe): " + ec.message();
    return "libboundwise_llvm.so";
  }
  return (self.parent_path().parent_path() / "lib" / "libboundwise_llvm.so").string();
}

LlvmModule load() {
  LlvmModule m;
  m.path = modulePath(m.error);
  if (!m.error.empty()) return m;
  // RTLD_LOCAL: LLVM's thousands of symbols stay out of the global scope. Never dlclosed: LLVM
  // registers global options and atexit handlers.
  void *handle = dlopen(m.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *text = dlerror();
    m.error = text ? text : "dlopen failed";
    if (m.error.rfind(m.path + ": ", 0) == 0) m.error.erase(0, m.path.size() + 2);  // the path is said already
    return m;
  }
  using Entry = const LlvmModuleApi *(*)(int);
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "boundwise_llvm_api"));
  if (!entry) {
    m.error = "it has no boundwise_llvm_api entry point: not boundwise's C/C++ support module";
    return m;
  }
  const LlvmModuleApi *api = entry(kLlvmModuleApiVersion);
  if (!api || api->version != kLlvmModuleApiVersion || api->tableSize != sizeof(LlvmModuleApi) ||
      api->cppUnitSize != sizeof(CppUnit) || api->sourceFrameSize != sizeof(native::SourceFrame)) {
    m.error = "it does not provide version " + std::to_string(kLlvmModuleApiVersion) +
              " of the module interface (a module from another build of boundwise)";
    return m;
  }
  m.api = api;
  return m;
}

}  // namespace

const LlvmModule &llvmModule() {
  static const LlvmModule module = load();
  return module;
}

std::string llvmModuleProblem(const LlvmModule &module) {
  return "cannot load the C/C++ support module: " + module.error +
         " (build it with `make build`, or set BOUNDWISE_LLVM_MODULE)";
}

}  // namespace boundwise
