// CompilerFlags' work (clang_flags.h) with Clang's compilation databases, in libboundwise_llvm.so.
#include "analyzer/cpp/llvm_module_impl.h"

#include "analyzer/core/python_probe.h"
#include "analyzer/cpp/compile_flag_filter.h"

#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace boundwise {
namespace fs = std::filesystem;

struct ClangFlags::Database {
  std::unique_ptr<clang::tooling::CompilationDatabase> db;
  std::string path;  // its compile_commands.json, for notes
};

namespace {

// The python3 on PATH, once: its include directory, then pybind11's and nanobind's when the
// packages are importable (a pip install; Debian's pybind11 is already in /usr/include). Run
// isolated (python_probe.h): nothing in the analysed tree can be imported by it.
std::vector<std::string> pythonIncludeDirs() {
  std::vector<std::string> dirs;
  const auto out = runPythonProbe(
      "import sysconfig; print(sysconfig.get_paths()['include'])\n"
      "for m in ('pybind11', 'nanobind'):\n"
      "    try:\n"
      "        print(__import__(m).include_dir() if m == 'nanobind' else __import__(m).get_include())\n"
      "    except Exception:\n"
      "        pass\n");
  if (!out) return dirs;
  std::istringstream lines(*out);
  for (std::string line; std::getline(lines, line);) {
    while (!line.empty() && line.back() == '\r') line.pop_back();
    std::error_code ec;
    if (!line.empty() && fs::path(line).is_absolute() && fs::is_directory(line, ec)) dirs.push_back(line);
  }
  return dirs;
}

// The command line Clang is given: the database's flags through the allow-list
// (compile_flag_filter.h), then what a syntax-only parse needs, then the file.
std::vector<std::string> adjust(const std::vector<std::string> &command, const std::string &file,
                                std::vector<std::string> &refused) {
  using namespace clang::tooling;
  FilteredCompileFlags filtered = filterCompileFlags(command);
  for (auto &r : filtered.refused)
    if (std::find(refused.begin(), refused.end(), r) == refused.end()) refused.push_back(std::move(r));
  std::vector<std::string> args = std::move(filtered.args);
  args.push_back(file);
  args = getClangSyntaxOnlyAdjuster()(args, file);
  bool hasResourceDir = false;
  for (const auto &a : args) hasResourceDir |= a.rfind("-resource-dir", 0) == 0;
  // boundwise is not installed next to Clang, so the driver cannot find its builtin headers.
  if (!hasResourceDir && !args.empty()) args.insert(args.begin() + 1, "-resource-dir=" BOUNDWISE_CLANG_RESOURCE_DIR);
  // Clang's diagnostics are reported by boundwise (the first error); no "N errors generated".
  args.insert(args.end() - 1, "-fno-caret-diagnostics");
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
        explicit_ = std::make_unique<Database>(
            Database{std::move(db), (fs::path(options_.buildDir) / "compile_commands.json").string()});
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
        if (db) found = std::make_unique<Database>(Database{std::move(db), (dir / "compile_commands.json").string()});
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
    std::vector<std::string> command{driver};
    command.insert(command.end(), options_.fixedFlags.begin(), options_.fixedFlags.end());
    out.args = adjust(command, absolute, refused_["the flags after --"]);
    return out;
  }
  if (Database *db = databaseFor(absolute)) {
    auto commands = db->db->getCompileCommands(absolute);
    if (!commands.empty()) {
      out.directory = commands.front().Directory;
      out.args = adjust(commands.front().CommandLine, absolute, refused_[db->path]);
      return out;
    }
  }
  out.guessed = true;
  std::vector<std::string> command{driver};
  if (!isCSourcePath(file)) command.push_back("-std=c++17");
  for (const auto &f : guessedFlags()) command.push_back(f);
  out.args = adjust(command, absolute, refused_["the guessed flags"]);
  return out;
}

const std::vector<std::string> &ClangFlags::notes() {
  notes_.clear();
  for (const auto &[source, flags] : refused_) {
    if (flags.empty()) continue;
    std::string list;
    for (const auto &f : flags) list += (list.empty() ? "" : ", ") + f;
    notes_.push_back(source + ": dropped " + std::to_string(flags.size()) + " compiler flag" +
                     (flags.size() == 1 ? "" : "s") +
                     " that could write files, load code or read flags from elsewhere, or that boundwise does "
                     "not know to be safe: " + list);
  }
  return notes_;
}

}  // namespace boundwise
