// CompilerFlags' work (clang_flags.h) with Clang's compilation databases, in libboundwise_llvm.so.
#include "analyzer/cpp/llvm_module_impl.h"

#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>

#include <cstdio>
#include <filesystem>

namespace boundwise {
namespace fs = std::filesystem;

struct ClangFlags::Database {
  std::unique_ptr<clang::tooling::CompilationDatabase> db;
};

namespace {

// Runs the python3 on PATH once: its include directory, then pybind11's and nanobind's when
// the packages are importable (a pip install; Debian's pybind11 is already in /usr/include).
std::vector<std::string> pythonIncludeDirs() {
  std::vector<std::string> dirs;
  const char *script =
      "python3 -c \"import sysconfig; print(sysconfig.get_paths()['include'])\n"
      "for m in ('pybind11', 'nanobind'):\n"
      "    try:\n"
      "        print(__import__(m).include_dir() if m == 'nanobind' else __import__(m).get_include())\n"
      "    except Exception:\n"
      "        pass\" 2>/dev/null";
  FILE *pipe = popen(script, "r");
  if (!pipe) return dirs;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) {
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    std::error_code ec;
    if (!line.empty() && fs::is_directory(line, ec)) dirs.push_back(line);
  }
  pclose(pipe);
  return dirs;
}

std::vector<std::string> adjust(std::vector<std::string> args, const std::string &file) {
  using namespace clang::tooling;
  args = getClangStripOutputAdjuster()(args, file);
  args = getClangStripDependencyFileAdjuster()(args, file);
  args = getClangSyntaxOnlyAdjuster()(args, file);
  bool hasResourceDir = false;
  for (const auto &a : args) hasResourceDir |= a.rfind("-resource-dir", 0) == 0;
  // boundwise is not installed next to Clang, so the driver cannot find its builtin headers.
  if (!hasResourceDir && !args.empty()) args.insert(args.begin() + 1, "-resource-dir=" BOUNDWISE_CLANG_RESOURCE_DIR);
  // Clang's diagnostics are reported by boundwise (the first error); no "N errors generated".
  args.push_back("-fno-caret-diagnostics");
  return args;
}

}  // namespace

ClangFlags::ClangFlags(CompilerFlagOptions options) : options_(std::move(options)) {}
ClangFlags::~ClangFlags() = default;

const std::vector<std::string> &ClangFlags::guessedFlags() {
  if (!guessedReady_) {
    guessedReady_ = true;
    for (const auto &dir : pythonIncludeDirs()) guessed_.push_back("-I" + dir);
  }
  return guessed_;
}

ClangFlags::Database *ClangFlags::databaseFor(const std::string &absoluteFile) {
  if (!options_.buildDir.empty()) {
    if (!explicitLoaded_) {
      explicitLoaded_ = true;
      std::string error;
      auto db = clang::tooling::JSONCompilationDatabase::loadFromFile(
          (fs::path(options_.buildDir) / "compile_commands.json").string(), error,
          clang::tooling::JSONCommandLineSyntax::AutoDetect);
      if (!db)
        problems_.push_back(options_.buildDir + ": cannot use the compilation database: " + error);
      else
        explicit_ = std::make_unique<Database>(Database{std::move(db)});
    }
    return explicit_.get();
  }
  // Search upward, like clang-tidy; one load per directory that holds a database.
  for (fs::path dir = fs::path(absoluteFile).parent_path();; dir = dir.parent_path()) {
    const std::string key = dir.string();
    if (auto it = databases_.find(key); it != databases_.end()) {
      if (it->second) return it->second.get();
    } else {
      std::error_code ec;
      std::unique_ptr<Database> found;
      if (fs::exists(dir / "compile_commands.json", ec)) {
        std::string error;
        auto db = clang::tooling::JSONCompilationDatabase::loadFromFile(
            (dir / "compile_commands.json").string(), error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
        if (db) found = std::make_unique<Database>(Database{std::move(db)});
        else problems_.push_back((dir / "compile_commands.json").string() + ": " + error);
      }
      Database *raw = found.get();
      databases_[key] = std::move(found);
      if (raw) return raw;
    }
    if (dir == dir.parent_path()) break;
  }
  return nullptr;
}

CompileCommandLine ClangFlags::commandFor(const std::string &file) {
  std::error_code ec;
  const std::string absolute = fs::absolute(file, ec).lexically_normal().string();
  CompileCommandLine out;
  out.directory = fs::current_path(ec).string();
  const std::string driver = isCSourcePath(file) ? "clang" : "clang++";
  if (options_.fixedFlagsGiven) {
    out.args.push_back(driver);
    for (const auto &f : options_.fixedFlags) out.args.push_back(f);
    out.args.push_back(absolute);
    out.args = adjust(std::move(out.args), absolute);
    return out;
  }
  if (Database *db = databaseFor(absolute)) {
    auto commands = db->db->getCompileCommands(absolute);
    if (!commands.empty()) {
      out.directory = commands.front().Directory;
      out.args = adjust(commands.front().CommandLine, absolute);
      return out;
    }
  }
  out.guessed = true;
  out.args.push_back(driver);
  if (!isCSourcePath(file)) out.args.push_back("-std=c++17");
  for (const auto &f : guessedFlags()) out.args.push_back(f);
  out.args.push_back(absolute);
  out.args = adjust(std::move(out.args), absolute);
  return out;
}

}  // namespace boundwise
