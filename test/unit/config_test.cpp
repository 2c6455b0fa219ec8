#include "analyzer/cli/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace boundwise {
namespace {
namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bw-config-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  std::string write(const std::string &relative, const std::string &text) const {
    const fs::path file = root_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string path(const std::string &relative) const { return (root_ / relative).string(); }
  const fs::path &root() const { return root_; }

 private:
  fs::path root_;
};

// Runs a test body in another working directory, and comes back.
class InDirectory {
 public:
  explicit InDirectory(const fs::path &dir) : saved_(fs::current_path()) { fs::current_path(dir); }
  ~InDirectory() { fs::current_path(saved_); }

 private:
  fs::path saved_;
};

std::string loadError(const std::string &path) {
  std::string error;
  auto config = loadConfigFile(path, error);
  EXPECT_FALSE(config.has_value()) << path << " loaded";
  return error;
}

FileConfig load(const std::string &path) {
  std::string error;
  auto config = loadConfigFile(path, error);
  EXPECT_TRUE(config.has_value()) << error;
  return config ? *config : FileConfig{};
}

using Strings = std::vector<std::string>;

TEST(Config, EveryKeyFromPyproject) {
  TempDir dir;
  dir.write("proj/project-rules/acme.yaml", "language: python\nrules: []\n");
  const std::string path = dir.write("proj/pyproject.toml", R"([project]
name = "demo"

[tool.boundwise]
select = ["BW1", "bw201"]
ignore = ["BW103"]
exclude = ["generated/*", "*_pb2.py"]
rules = ["project-rules/acme.yaml"]
python-version = "3.13"
free-threaded = true
fail-on = "warning"
max-file-size = 20

[tool.boundwise.per-file-ignores]
"tests/*.py" = ["BW2", "bw601"]

[tool.boundwise.severity]
BW101 = "error"
bw601 = "note"

[tool.other]
ignored = 1
)");
  const FileConfig c = load(path);
  EXPECT_EQ(c.path, path);
  EXPECT_EQ(c.select, (Strings{"BW1", "BW201"}));
  EXPECT_EQ(c.ignore, (Strings{"BW103"}));
  EXPECT_EQ(c.exclude, (Strings{"generated/*", "*_pb2.py"}));
  EXPECT_EQ(c.rules, (Strings{(dir.root() / "proj/project-rules/acme.yaml").generic_string()}));
  ASSERT_EQ(c.perFileIgnores.size(), 1u);
  EXPECT_EQ(c.perFileIgnores[0].first, "tests/*.py");
  EXPECT_EQ(c.perFileIgnores[0].second, (Strings{"BW2", "BW601"}));
  EXPECT_EQ(c.severity, (std::map<std::string, Severity>{{"BW101", Severity::Error}, {"BW601", Severity::Info}}));
  EXPECT_EQ(c.pythonVersion, "3.13");
  EXPECT_EQ(c.freeThreaded, true);
  EXPECT_EQ(c.failOn, "warning");
  EXPECT_EQ(c.maxFileSizeMib, 20);
}

TEST(Config, EveryKeyFromYaml) {
  TempDir dir;
  dir.write("proj/rules/acme.yaml", "language: python\nrules: []\n");
  const std::string path = dir.write("proj/.boundwise.yaml", R"(# boundwise settings
select: [bw2, BW101]
ignore:
  - BW202
exclude: ["build-*", legacy]
rules: [rules/acme.yaml]
per-file-ignores:
  "tests/*": [BW6]
  conftest.py: [ALL]
severity:
  BW201: error
  BW6: info
python-version: 3.10
free-threaded: false
fail-on: error
max-file-size: 1
)");
  const FileConfig c = load(path);
  EXPECT_EQ(c.select, (Strings{"BW2", "BW101"}));
  EXPECT_EQ(c.ignore, (Strings{"BW202"}));
  EXPECT_EQ(c.exclude, (Strings{"build-*", "legacy"}));
  EXPECT_EQ(c.rules, (Strings{(dir.root() / "proj/rules/acme.yaml").generic_string()}));
  // File order is kept: the globs are tried in the order written.
  ASSERT_EQ(c.perFileIgnores.size(), 2u);
  EXPECT_EQ(c.perFileIgnores[0], (std::pair<std::string, Strings>{"tests/*", {"BW6"}}));
  EXPECT_EQ(c.perFileIgnores[1], (std::pair<std::string, Strings>{"conftest.py", {"ALL"}}));
  EXPECT_EQ(c.severity, (std::map<std::string, Severity>{
                            {"BW201", Severity::Error}, {"BW601", Severity::Info}, {"BW602", Severity::Info}}));
  // A plain YAML scalar keeps its text: 3.10 is not read as the number 3.1.
  EXPECT_EQ(c.pythonVersion, "3.10");
  EXPECT_EQ(c.freeThreaded, false);
  EXPECT_EQ(c.failOn, "error");
  EXPECT_EQ(c.maxFileSizeMib, 1);
}

TEST(Config, UnsetKeysStayUnset) {
  TempDir dir;
  for (const std::string &path : {dir.write("pyproject.toml", "[tool.boundwise]\n"), dir.write("a/.boundwise.yaml", ""),
                                  dir.write("b/.boundwise.yaml", "# nothing yet\n")}) {
    SCOPED_TRACE(path);
    const FileConfig c = load(path);
    EXPECT_FALSE(c.select || c.ignore || c.exclude || c.pythonVersion || c.freeThreaded || c.failOn || c.maxFileSizeMib);
    EXPECT_TRUE(c.rules.empty() && c.perFileIgnores.empty() && c.severity.empty());
  }
}

TEST(Config, RelativeRuleFileFromARelativeConfigPath) {
  TempDir dir;
  dir.write("proj/rules/acme.yaml", "language: python\nrules: []\n");
  dir.write("proj/.boundwise.yaml", "rules: [./rules/../rules/acme.yaml]\n");
  InDirectory cwd(dir.root());
  EXPECT_EQ(load("proj/.boundwise.yaml").rules, (Strings{"proj/rules/acme.yaml"}));
}

TEST(Config, SeverityPrefixesExpandAndTheMostSpecificWins) {
  TempDir dir;
  const std::string path = dir.write(".boundwise.yaml", "severity:\n  BW601: warning\n  ALL: error\n  BW6: info\n");
  const FileConfig c = load(path);
  EXPECT_EQ(c.severity.at("BW601"), Severity::Warning);
  EXPECT_EQ(c.severity.at("BW602"), Severity::Info);
  EXPECT_EQ(c.severity.at("BW101"), Severity::Error);
  EXPECT_EQ(c.severity.at("BW201"), Severity::Error);
}

// Each case: file name, contents, the error after the file's path.
struct ErrorCase {
  const char *file;
  const char *text;
  const char *error;
};

TEST(Config, ErrorsNameTheFileLineAndColumn) {
  const ErrorCase cases[] = {
      // Unknown keys, with and without a suggestion.
      {"pyproject.toml", "[tool.boundwise]\nselct = [\"BW1\"]\n", ":2:1: error: unknown key 'selct'; did you mean 'select'?"},
      {"pyproject.toml", "[tool.boundwise]\npython_version = \"3.12\"\n",
       ":2:1: error: unknown key 'python_version'; did you mean 'python-version'?"},
      {"pyproject.toml", "[tool.boundwise]\nignroe = []\n", ":2:1: error: unknown key 'ignroe'; did you mean 'ignore'?"},
      {".boundwise.yaml", "select: [BW1]\nper-file-ignore: {}\n",
       ":2:1: error: unknown key 'per-file-ignore'; did you mean 'per-file-ignores'?"},
      {".boundwise.yaml", "extend-select: [BW1]\n",
       ":1:1: error: unknown key 'extend-select'; known keys: select ignore exclude rules per-file-ignores severity "
       "python-version free-threaded fail-on max-file-size"},
      {"pyproject.toml", "[tool.boundwise.colours]\nred = 1\n", ":1:17: error: unknown key 'colours'; known keys: select "
       "ignore exclude rules per-file-ignores severity python-version free-threaded fail-on max-file-size"},
      // Wrong types.
      {"pyproject.toml", "[tool.boundwise]\nselect = \"BW1\"\n", ":2:10: error: 'select' must be a list of codes, not \"BW1\""},
      {".boundwise.yaml", "ignore: BW1\n", ":1:9: error: 'ignore' must be a list of codes, not 'BW1'"},
      {".boundwise.yaml", "select:\n", ":1:1: error: 'select' must be a list of codes, not an empty value"},
      {"pyproject.toml", "[tool.boundwise]\nexclude = [\"a\", 3]\n", ":2:17: error: 'exclude' takes globs, not the number 3"},
      {"pyproject.toml", "[tool.boundwise]\nrules = \"r.yaml\"\n",
       ":2:9: error: 'rules' must be a list of rule files, not \"r.yaml\""},
      {".boundwise.yaml", "per-file-ignores: [a]\n",
       ":1:19: error: 'per-file-ignores' must map globs to lists of codes, not a list"},
      {"pyproject.toml", "[tool.boundwise.per-file-ignores]\n\"x.py\" = \"BW1\"\n",
       ":2:10: error: per-file-ignores for 'x.py' must be a list of codes, not \"BW1\""},
      {".boundwise.yaml", "severity: error\n",
       ":1:11: error: 'severity' must map codes to info, note, warning or error, not 'error'"},
      {"pyproject.toml", "[tool.boundwise]\npython-version = 3.10\n",
       ":2:18: error: 'python-version' must be a string such as \"3.12\", not the number 3.1 (quote it)"},
      {".boundwise.yaml", "free-threaded: yes\n", ":1:16: error: 'free-threaded' must be true or false, not 'yes'"},
      {"pyproject.toml", "[tool.boundwise]\nfree-threaded = \"true\"\n",
       ":2:17: error: 'free-threaded' must be true or false, not \"true\""},
      // A quoted YAML scalar is a string, as in TOML.
      {".boundwise.yaml", "free-threaded: \"false\"\n", ":1:16: error: 'free-threaded' must be true or false, not \"false\""},
      {".boundwise.yaml", "max-file-size: '10'\n", ":1:16: error: 'max-file-size' takes MiB from 1 to 4096, not \"10\""},
      {"pyproject.toml", "[tool.boundwise]\nmax-file-size = 1.5\n",
       ":2:17: error: 'max-file-size' takes MiB from 1 to 4096, not the number 1.5"},
      {"pyproject.toml", "tool.boundwise = 3\n", ":1:18: error: 'tool.boundwise' must be a table, not the number 3"},
      {".boundwise.yaml", "- select\n", ":1:1: error: the file must be a mapping of settings (select: [...]), not a list"},
      // Unknown codes, wherever they are.
      {"pyproject.toml", "[tool.boundwise]\nselect = [\"BW1\", \"BW9\"]\n",
       ":2:18: error: 'BW9' in 'select' matches no finding code (see boundwise rules)"},
      {".boundwise.yaml", "ignore: [xyz]\n", ":1:10: error: 'xyz' in 'ignore' matches no finding code (see boundwise rules)"},
      {".boundwise.yaml", "ignore: ['']\n", ":1:10: error: 'ignore' takes codes such as \"BW101\", not an empty string"},
      {".boundwise.yaml", "per-file-ignores:\n  \"tests/*\": [BW1, bw7]\n",
       ":2:20: error: 'bw7' in per-file-ignores for 'tests/*' matches no finding code (see boundwise rules)"},
      {"pyproject.toml", "[tool.boundwise.severity]\nBW201 = \"error\"\nBW999 = \"info\"\n",
       ":3:1: error: 'BW999' in 'severity' matches no finding code (see boundwise rules)"},
      // Bad values.
      {"pyproject.toml", "[tool.boundwise.severity]\nBW201 = \"fatal\"\n",
       ":2:9: error: severity of 'BW201' must be info, note, warning or error, not \"fatal\""},
      {"pyproject.toml", "[tool.boundwise]\npython-version = \"3.21\"\n",
       ":2:18: error: 'python-version' must look like \"3.12\" (3.7 to 3.20), not '3.21'"},
      {".boundwise.yaml", "python-version: 2.7\n", ":1:17: error: 'python-version' must look like \"3.12\" (3.7 to 3.20), not '2.7'"},
      {".boundwise.yaml", "fail-on: fatal\n", ":1:10: error: 'fail-on' must be note, warning or error, not 'fatal'"},
      {".boundwise.yaml", "max-file-size: 0\n", ":1:16: error: 'max-file-size' takes MiB from 1 to 4096, not '0'"},
      {"pyproject.toml", "[tool.boundwise]\nmax-file-size = 4097\n",
       ":2:17: error: 'max-file-size' takes MiB from 1 to 4096, not the number 4097"},
      {".boundwise.yaml", "rules: [no-such-rules.yaml]\n", ":1:9: error: rule file 'no-such-rules.yaml' not found (looked for "},
      // A key given twice: TOML refuses it itself; for YAML boundwise does.
      {".boundwise.yaml", "select: [BW1]\nselect: [BW2]\n", ":2:1: error: 'select' is set twice (first at line 1)"},
      {".boundwise.yaml", "severity:\n  bw201: error\n  BW201: info\n", ":3:3: error: code 'BW201' is set twice (first at line 2)"},
      // An alias that contains itself is a cycle in yaml-cpp's tree, not an endless recursion.
      {".boundwise.yaml", "select: &x [*x]\n", ":1:13: error: the alias '*x' is inside the value it refers to (a cycle)"},
      // Files that do not parse.
      {"pyproject.toml", "[tool.boundwise]\nselect = [\"BW1\"\n", ":2:17: error: invalid TOML: "},
      {".boundwise.yaml", "select: [BW1\n", ":2:1: error: invalid YAML: end of sequence flow not found"},
      // Named with --config but without the table.
      {"pyproject.toml", "[project]\nname = \"x\"\n", ": error: no [tool.boundwise] table in this file"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.text);
    TempDir dir;
    const std::string path = dir.write(c.file, c.text);
    const std::string error = loadError(path);
    // Messages that end in a parser's or the file system's words are checked up to there.
    const std::string expected = path + c.error;
    if (expected.back() == ' ')
      EXPECT_EQ(error.substr(0, expected.size()), expected);
    else
      EXPECT_EQ(error, expected);
  }
}

TEST(Config, MissingFileOrFolder) {
  TempDir dir;
  EXPECT_EQ(loadError(dir.path("none.yaml")),
            dir.path("none.yaml") + ": error: cannot read the configuration file: No such file or directory");
  EXPECT_EQ(loadError(dir.root().string()),
            dir.root().string() + ": error: cannot read the configuration file: it is a directory");
}

TEST(Config, ClosestFileWins) {
  TempDir dir;
  dir.write("pyproject.toml", "[tool.boundwise]\nselect = [\"BW1\"]\n");
  dir.write("app/pkg/.boundwise.yaml", "select: [BW2]\n");
  dir.write("app/pkg/sub/mod.py", "x = 1\n");
  dir.write("app/other/mod.py", "x = 1\n");
  EXPECT_EQ(findConfigFile(dir.path("app/pkg/sub/mod.py")), dir.path("app/pkg/.boundwise.yaml"));
  EXPECT_EQ(findConfigFile(dir.path("app/pkg/sub")), dir.path("app/pkg/.boundwise.yaml"));
  EXPECT_EQ(findConfigFile(dir.path("app/pkg")), dir.path("app/pkg/.boundwise.yaml"));
  EXPECT_EQ(findConfigFile(dir.path("app/other/mod.py")), dir.path("pyproject.toml"));
  EXPECT_EQ(findConfigFile(dir.path("app")), dir.path("pyproject.toml"));
  // A path that does not exist (yet) is looked up from its folder.
  EXPECT_EQ(findConfigFile(dir.path("app/pkg/missing.py")), dir.path("app/pkg/.boundwise.yaml"));
}

TEST(Config, YamlBeatsPyprojectInOneFolder) {
  TempDir dir;
  dir.write("pyproject.toml", "[tool.boundwise]\nselect = [\"BW1\"]\n");
  dir.write(".boundwise.yaml", "select: [BW2]\n");
  EXPECT_EQ(findConfigFile(dir.root().string()), dir.path(".boundwise.yaml"));
}

TEST(Config, PyprojectWithoutTheTableIsSkipped) {
  TempDir dir;
  dir.write(".boundwise.yaml", "select: [BW2]\n");
  dir.write("app/pyproject.toml", "[project]\nname = \"app\"\n[tool.ruff]\nselect = [\"E\"]\n");
  dir.write("app/broken/pyproject.toml", "[project\nname = \n");
  EXPECT_EQ(findConfigFile(dir.path("app")), dir.path(".boundwise.yaml"));
  // Someone else's broken pyproject.toml is not ours to report...
  EXPECT_EQ(findConfigFile(dir.path("app/broken")), dir.path(".boundwise.yaml"));
  // ... but a broken one with our table is: found, then reported with its position.
  dir.write("app/ours/pyproject.toml", "[tool.boundwise]\nselect = [\"BW1\"\n");
  EXPECT_EQ(findConfigFile(dir.path("app/ours")), dir.path("app/ours/pyproject.toml"));
  const std::string ours = dir.path("app/ours/pyproject.toml");
  EXPECT_EQ(loadError(ours).rfind(ours + ":2:17: error: invalid TOML: ", 0), 0u);
  // Only tool.boundwise counts, not another tool's table that starts with the same letters.
  dir.write("app/ours/pyproject.toml", "[tool.boundwiser]\nx = 1\n");
  EXPECT_EQ(findConfigFile(dir.path("app/ours")), dir.path(".boundwise.yaml"));
  dir.write("app/ours/pyproject.toml", "[ tool . boundwise . severity ]\nBW201 = \"error\"\n[broken\n");
  EXPECT_EQ(findConfigFile(dir.path("app/ours")), dir.path("app/ours/pyproject.toml"));
  // A folder named like a configuration file is not one.
  fs::create_directories(dir.path("app/dir/.boundwise.yaml"));
  EXPECT_EQ(findConfigFile(dir.path("app/dir")), dir.path(".boundwise.yaml"));
}

TEST(Config, FoundPathIsRelativeUnderTheCurrentDirectory) {
  TempDir dir;
  dir.write("pyproject.toml", "[tool.boundwise]\n");
  dir.write("pkg/.boundwise.yaml", "");
  dir.write("pkg/mod.py", "x = 1\n");
  {
    InDirectory cwd(dir.root());
    EXPECT_EQ(findConfigFile("."), "pyproject.toml");
    EXPECT_EQ(findConfigFile("pkg/mod.py"), "pkg/.boundwise.yaml");
    EXPECT_EQ(findConfigFile("./pkg/../pkg/"), "pkg/.boundwise.yaml");
  }
  {
    // Above the current directory: an absolute path.
    InDirectory cwd(dir.root() / "pkg");
    EXPECT_EQ(findConfigFile("../mod.py"), dir.path("pyproject.toml"));
  }
}

TEST(Config, NothingFoundUpToTheRoot) {
  TempDir dir;
  dir.write("a/b/mod.py", "x = 1\n");
  if (auto outside = findConfigFile(dir.root().parent_path().string()))
    GTEST_SKIP() << "a configuration file above the temporary folder: " << *outside;
  EXPECT_EQ(findConfigFile(dir.path("a/b/mod.py")), std::nullopt);
  dir.write("a/pyproject.toml", "[project]\nname = \"x\"\n");
  EXPECT_EQ(findConfigFile(dir.path("a/b")), std::nullopt);
}

// --- bounds: a configuration in the analysed tree must not take the memory or the stack --------

// Nine aliases of nine aliases ... of nine strings: 9^10 values once expanded, 700 bytes written.
std::string billionLaughs(const std::string &key) {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  return text + key + ": *a9\n";
}

TEST(ConfigBounds, AliasExpansionIsRefusedAtTheAlias) {
  TempDir dir;
  const std::string error = loadError(dir.write(".boundwise.yaml", billionLaughs("select")));
  // a5 is the first anchor whose expansion passes 100,000 values: 9^6 = 531,441.
  EXPECT_NE(error.find(".boundwise.yaml:6:"), std::string::npos) << error;
  EXPECT_NE(error.find("error: the aliases here expand the document to more than 100000 values"), std::string::npos)
      << error;
}

TEST(ConfigBounds, AFewAliasesStayAllowed) {
  TempDir dir;
  FileConfig c = load(dir.write(".boundwise.yaml", "select: &codes [BW2]\nper-file-ignores:\n  'tests/*': *codes\n"));
  ASSERT_EQ(c.perFileIgnores.size(), 1u);
  EXPECT_EQ(c.perFileIgnores[0].second, std::vector<std::string>{"BW2"});
}

TEST(ConfigBounds, AnAliasInsideItsOwnAnchorIsACycle) {
  TempDir dir;
  const std::string error = loadError(dir.write(".boundwise.yaml", "select: &x [BW1, *x]\n"));
  EXPECT_NE(error.find(".boundwise.yaml:1:18: error: the alias '*x' is inside the value it refers to (a cycle)"),
            std::string::npos)
      << error;
}

TEST(ConfigBounds, DeepNestingIsRefusedWhereItGoesTooDeep) {
  TempDir dir;
  // yaml-cpp's parser recurses per level (and stops itself at 2000); the limit stops it at 32.
  // (The column is yaml-cpp's mark for a flow collection, which lags behind its bracket.)
  std::string error = loadError(dir.write(".boundwise.yaml", "select: " + std::string(100000, '[') + "\n"));
  EXPECT_NE(error.find(".boundwise.yaml:1:"), std::string::npos) << error;
  EXPECT_NE(error.find(": error: nested more than 32 levels deep"), std::string::npos) << error;
  std::string block = "select:\n";
  for (int i = 1; i < 200; ++i) block += std::string(size_t(i) * 2, ' ') + "- \n";
  error = loadError(dir.write("block/.boundwise.yaml", block));
  EXPECT_NE(error.find(".boundwise.yaml:33:"), std::string::npos) << error;
  EXPECT_NE(error.find(": error: nested more than 32 levels deep"), std::string::npos) << error;
}

TEST(ConfigBounds, HugeFilesAreRefusedBeforeParsing) {
  TempDir dir;
  std::string text = "exclude:\n";
  while (text.size() <= (1u << 20)) text += "  - generated/a_long_folder_name_to_exclude/*\n";
  std::string error = loadError(dir.write(".boundwise.yaml", text));
  EXPECT_NE(error.find(".boundwise.yaml: error: the configuration file is over the limit of 1 MiB (10"),
            std::string::npos)
      << error;
  error = loadError(dir.write("pyproject.toml", "[tool.boundwise]\n# " + std::string(3u << 20, 'x') + "\n"));
  EXPECT_NE(error.find("pyproject.toml: error: the configuration file is over the limit of 1 MiB (3.0 MiB)"),
            std::string::npos)
      << error;
  // Still found (it names [tool.boundwise]), so the run stops with the error rather than without it.
  EXPECT_EQ(findConfigFile(dir.root().string()), std::optional<std::string>(dir.path(".boundwise.yaml")));
  fs::remove(dir.path(".boundwise.yaml"));
  EXPECT_EQ(findConfigFile(dir.root().string()), std::optional<std::string>(dir.path("pyproject.toml")));
  // A huge pyproject that is not ours is someone else's business.
  dir.write("pyproject.toml", "[project]\n# " + std::string(3u << 20, 'x') + "\n[tool.ruff]\n");
  if (!findConfigFile(dir.root().parent_path().string()))
    EXPECT_EQ(findConfigFile(dir.root().string()), std::nullopt);
}

TEST(ConfigBounds, TomlTablesNestedWithoutEndAreRefused) {
  TempDir dir;
  // 50,000 parts overflowed the stack inside toml++ (while parsing and while freeing the tables).
  std::string parts;
  for (int i = 0; i < 50000; ++i) parts += "a.";
  std::string error = loadError(dir.write("pyproject.toml", "[tool.boundwise]\nseverity." + parts + "b = 1\n"));
  EXPECT_NE(error.find("pyproject.toml:2:73: error: a dotted key or table name of more than 32 parts"),
            std::string::npos)
      << error;
  error = loadError(dir.write("header/pyproject.toml", "[tool.boundwise]\n[tool.boundwise." + parts + "b]\n"));
  EXPECT_NE(error.find("pyproject.toml:2:"), std::string::npos) << error;
  EXPECT_NE(error.find("more than 32 parts"), std::string::npos) << error;
  // Quoted parts count the same; dots inside a quoted part do not.
  std::string quoted = "[tool.boundwise]\nseverity.";
  for (int i = 0; i < 40; ++i) quoted += "\"a.b\".";
  error = loadError(dir.write("quoted/pyproject.toml", quoted + "x = 1\n"));
  EXPECT_NE(error.find("more than 32 parts"), std::string::npos) << error;
  load(dir.write("fine/pyproject.toml", "[tool.boundwise]\nexclude = [\"" + parts + "\"]\n"));  // a string
  load(dir.write("fine2/pyproject.toml", "[tool.boundwise]\nexclude = [\"a.b.c.d.e.f.g.h/*.py\"]\n"));
  // Inline tables: toml++ stops at 256 levels, the walk at 32.
  error = loadError(dir.write("inline/pyproject.toml", "[tool.boundwise]\nseverity = " + std::string(200, '{') + "\n"));
  EXPECT_NE(error.find("pyproject.toml:2:"), std::string::npos) << error;
  // Arrays: toml++ stops at 256 levels itself.
  const std::string arrays = loadError(dir.write("arrays/pyproject.toml",
                                                 "[tool.boundwise]\nselect = " + std::string(100000, '[') + "\n"));
  EXPECT_NE(arrays.find("pyproject.toml:2:"), std::string::npos) << arrays;
}

}  // namespace
}  // namespace boundwise
