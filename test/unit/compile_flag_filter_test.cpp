#include "analyzer/cpp/compile_flag_filter.h"

#include <gtest/gtest.h>

namespace boundwise {
namespace {

using Args = std::vector<std::string>;

TEST(CompileFlagFilter, KeepsWhatShapesTheParse) {
  const auto f = filterCompileFlags({"/usr/bin/g++", "-Iinclude", "-I", "/opt/inc", "-isystem", "/sys", "-DNDEBUG",
                                     "-D", "X=1", "-UY", "-std=c++20", "-O2", "-Wall", "-Wno-unused", "-fno-exceptions",
                                     "-fvisibility=hidden", "-fPIC", "-march=native", "--target=x86_64-linux-gnu",
                                     "-x", "c++", "-include", "config.h", "-pthread", "src/a.cpp"});
  EXPECT_EQ(f.args, (Args{"clang++", "-Iinclude", "-I", "/opt/inc", "-isystem", "/sys", "-DNDEBUG", "-D", "X=1", "-UY",
                          "-std=c++20", "-O2", "-Wall", "-Wno-unused", "-fno-exceptions", "-fvisibility=hidden", "-fPIC",
                          "-march=native", "--target=x86_64-linux-gnu", "-x", "c++", "-include", "config.h",
                          "-pthread"}));
  EXPECT_TRUE(f.refused.empty());
}

TEST(CompileFlagFilter, DropsBuildFlagsQuietly) {
  const auto f = filterCompileFlags({"cc", "-c", "a.c", "-o", "a.o", "-MD", "-MF", "a.d", "-MT", "a.o", "-g", "-ggdb3",
                                     "-Werror", "-Werror=format", "-Wl,-z,defs", "-lm", "-L/lib", "-fstack-protector-strong",
                                     "-fdiagnostics-color=always", "-flto=thin", "-Wp,-MD,a.d,-D_FORTIFY_SOURCE=2"});
  EXPECT_EQ(f.args, (Args{"clang", "-D_FORTIFY_SOURCE=2"}));
  EXPECT_TRUE(f.refused.empty());
}

TEST(CompileFlagFilter, RefusesWhatWritesLoadsOrReadsFlags) {
  const auto f = filterCompileFlags({"clang++", "-Xclang", "-load", "-Xclang", "/x/p.so", "-fplugin=/x/p.so",
                                     "-fpass-plugin=/x/q.so", "--serialize-diagnostics", "/x/d", "-MJ", "/x/j",
                                     "-fmodules-cache-path=/x/m", "-fmodules", "-ftime-trace", "@/x/rsp", "--config",
                                     "/x/c.cfg", "-ivfsoverlay", "/x/o.yaml", "-mllvm", "-stats", "-B/x/bin", "-x", "ir",
                                     "-fcrash-diagnostics-dir=/x", "-save-temps", "-Wp,-include-pch,/x/p.pch",
                                     "-ftemplate-depth=100000", "a.cpp"});
  EXPECT_EQ(f.args, (Args{"clang++"}));
  EXPECT_EQ(f.refused, (Args{"-Xclang -load -Xclang /x/p.so", "-fplugin=/x/p.so", "-fpass-plugin=/x/q.so",
                             "--serialize-diagnostics /x/d", "-MJ /x/j", "-fmodules-cache-path=/x/m", "-fmodules",
                             "-ftime-trace", "@/x/rsp", "--config /x/c.cfg", "-ivfsoverlay /x/o.yaml", "-mllvm -stats",
                             "-B/x/bin", "-x ir", "-fcrash-diagnostics-dir=/x", "-save-temps", "-Wp,-include-pch",
                             "-Wp,/x/p.pch", "-ftemplate-depth=100000"}));
}

TEST(CompileFlagFilter, ValuesNeverBecomeFlagsOrInputs) {
  // A refused flag's value that looks like a flag is taken with it, not kept.
  auto f = filterCompileFlags({"clang", "-Xclang", "-I/evil"});
  EXPECT_EQ(f.args, (Args{"clang"}));
  // A flag missing its value at the end is dropped.
  f = filterCompileFlags({"clang", "-I"});
  EXPECT_EQ(f.args, (Args{"clang"}));
  EXPECT_EQ(f.refused, (Args{"-I"}));
  // Everything after `--` is an input.
  f = filterCompileFlags({"clang", "-DA", "--", "-fplugin=/x.so"});
  EXPECT_EQ(f.args, (Args{"clang", "-DA"}));
  EXPECT_TRUE(f.refused.empty());
  // Repeats are named once; an empty command gives nothing.
  f = filterCompileFlags({"clang", "-fmodules", "-fmodules"});
  EXPECT_EQ(f.refused, (Args{"-fmodules"}));
  EXPECT_TRUE(filterCompileFlags({}).args.empty());
}

}  // namespace
}  // namespace boundwise
