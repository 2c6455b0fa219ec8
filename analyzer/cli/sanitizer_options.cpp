// LeakSanitizer's built-in suppressions for the sanitizer build (make sanitize, the fuzzers);
// compiled to nothing elsewhere. A translation unit on which Clang crashed is recovered
// (analyzer/cpp/clang_frontend.cpp) by unwinding out of Clang, which leaks what Clang had
// allocated for it, and what our unit's driver (extractOne, clangExtractCppSource) had handed to
// it, by design: those leaks, and only those, are not reported. Our own leaks elsewhere still fail
// the run.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
extern "C" const char *__lsan_default_suppressions() {
  return "leak:libclang-cpp.so\n"
         "leak:libLLVM.so\n"
         "leak:libLLVM-19.so\n"
         "leak:extractOne\n"
         "leak:clangExtractCppSource\n";
}
#endif
#endif
