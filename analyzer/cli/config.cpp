// Configuration files. Both formats are first read into one small tree that keeps positions
// (YAML's plain scalars stay untyped until a key says what it wants), so the checks on keys,
// types, codes and values are written once and say the same thing for both formats.
#include "analyzer/cli/config.h"

#include "analyzer/core/edit_distance.h"

#include <yaml-cpp/yaml.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/checks/check.h"
#include "analyzer/core/pipeline.h"
#include "rules/loader/yaml_bounds.h"

namespace boundwise {
namespace fs = std::filesystem;
namespace {

struct Position {
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
};

struct Value {
  enum class Kind { Null, Scalar, String, Integer, Float, Boolean, List, Table, Other };
  Kind kind = Kind::Null;
  Position pos;
  std::string text;  // Scalar, String; the literal of a number
  int64_t integer = 0;
  bool boolean = false;
  std::vector<Value> items;            // List; the values of a Table, in file order
  std::vector<std::string> keys;       // Table
  std::vector<Position> keyPositions;  // Table
};

struct ConfigError {
  Position pos;
  std::string message;
};

[[noreturn]] void fail(Position pos, std::string message) { throw ConfigError{pos, std::move(message)}; }

std::string where(const std::string &path, Position pos) {
  if (pos.line <= 0) return path;
  return path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// What the user wrote, for "must be X, not Y" messages.
std::string describe(const Value &v) {
  switch (v.kind) {
    case Value::Kind::Null: return "an empty value";
    case Value::Kind::Scalar: return "'" + v.text + "'";
    case Value::Kind::String: return "\"" + v.text + "\"";
    case Value::Kind::Integer: return "the number " + std::to_string(v.integer);
    case Value::Kind::Float: return "the number " + v.text;
    case Value::Kind::Boolean: return v.boolean ? "true" : "false";
    case Value::Kind::List: return "a list";
    case Value::Kind::Table: return "a table";
    case Value::Kind::Other: return "a date or time";
  }
  return "a value";
}

// --- YAML and TOML into Value -------------------------------------------------------------------

Position positionOf(const YAML::Mark &m) {
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

// Settings nest three levels at most. checkYamlBounds has already refused deeper files and
// aliases that contain themselves (`select: &x [*x]`, a cycle in yaml-cpp's tree); this is the
// same limit, kept here so that no input can make the walk recurse without end.
constexpr int kMaxYamlDepth = kConfigYamlLimits.maxDepth;

Value fromYaml(const YAML::Node &node, int depth = 0) {
  Value v;
  v.pos = positionOf(node.Mark());
  if (depth > kMaxYamlDepth) fail(v.pos, "the settings are nested too deeply (an alias that contains itself?)");
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // A quoted scalar is a string; a plain one may still be read as a number or a boolean.
      v.kind = node.Tag() == "!" ? Value::Kind::String : Value::Kind::Scalar;
      v.text = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      v.kind = Value::Kind::List;
      for (const auto &item : node) v.items.push_back(fromYaml(item, depth + 1));
      break;
    case YAML::NodeType::Map:
      v.kind = Value::Kind::Table;
      for (const auto &kv : node) {
        if (!kv.first.IsScalar()) fail(positionOf(kv.first.Mark()), "keys must be plain names");
        v.keys.push_back(kv.first.Scalar());
        v.keyPositions.push_back(positionOf(kv.first.Mark()));
        v.items.push_back(fromYaml(kv.second, depth + 1));
        // `key:` with nothing after it: the key is the place to point at.
        Value &value = v.items.back();
        if (value.kind == Value::Kind::Null || value.pos.line == 0) value.pos = v.keyPositions.back();
      }
      break;
    default: v.kind = Value::Kind::Null; break;
  }
  return v;
}

Position positionOf(const toml::source_region &r) { return {int(r.begin.line), int(r.begin.column)}; }

// toml++ caps the nesting of arrays and inline tables (TOML_MAX_NESTED_VALUES), but not of
// tables: `a.b.c.d... = 1` with thousands of dotted parts is as deep as it is long.
constexpr int kMaxTomlDepth = 32;

Value fromToml(const toml::node &node, int depth = 0) {
  Value v;
  v.pos = positionOf(node.source());
  if (depth > kMaxTomlDepth)
    fail(v.pos, "nested more than " + std::to_string(kMaxTomlDepth) + " levels deep");
  if (auto *s = node.as_string()) {
    v.kind = Value::Kind::String;
    v.text = s->get();
  } else if (auto *i = node.as_integer()) {
    v.kind = Value::Kind::Integer;
    v.integer = i->get();
  } else if (auto *f = node.as_floating_point()) {
    v.kind = Value::Kind::Float;
    std::ostringstream text;
    text << f->get();
    v.text = text.str();
  } else if (auto *b = node.as_boolean()) {
    v.kind = Value::Kind::Boolean;
    v.boolean = b->get();
  } else if (auto *a = node.as_array()) {
    v.kind = Value::Kind::List;
    for (const auto &item : *a) v.items.push_back(fromToml(item, depth + 1));
  } else if (auto *t = node.as_table()) {
    v.kind = Value::Kind::Table;
    for (const auto &[key, item] : *t) {
      v.keys.emplace_back(key.str());
      v.keyPositions.push_back(positionOf(key.source()));
      v.items.push_back(fromToml(item, depth + 1));
    }
  } else {
    v.kind = Value::Kind::Other;
  }
  return v;
}

// toml++ builds `a.b.c = 1` and `[a.b.c]` as nested tables and recurses over them (when it
// parses, and when it frees them): 50,000 parts overflow the stack inside the library, before
// fromToml could count. So a key with too many parts is refused from the text; what is quoted
// is one part (a quoted key, or a string value, whatever dots it holds).
Position tooManyKeyParts(const std::string &text) {
  int parts = 0, line = 1, column = 0;
  bool afterSegment = false;  // a bare or quoted key part was just read
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    ++column;
    if (ch == '\n') {
      parts = 0, afterSegment = false, ++line, column = 0;
    } else if (ch == ' ' || ch == '\t') {
    } else if (ch == '.') {
      if (!afterSegment) parts = 0;
      afterSegment = false;
      if (++parts > kMaxTomlDepth) return {line, column};
    } else if (ch == '"' || ch == '\'') {
      const size_t end = text.find_first_of(std::string(1, ch) + "\n", i + 1);
      const size_t stop = end == std::string::npos ? text.size() : text[end] == '\n' ? end - 1 : end;
      column += int(stop - i);
      i = stop;
      afterSegment = true;
    } else if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-') {
      afterSegment = true;
    } else {
      parts = 0, afterSegment = false;
    }
  }
  return {};
}

toml::table parseToml(const std::string &text, const std::string &path) {
  if (Position at = tooManyKeyParts(text); at.line > 0)
    fail(at, "a dotted key or table name of more than " + std::to_string(kMaxTomlDepth) +
                 " parts (nested more than " + std::to_string(kMaxTomlDepth) + " levels deep)");
#if TOML_EXCEPTIONS
  try {
    return toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error &e) {
    fail(positionOf(e.source()), "invalid TOML: " + std::string(e.description()));
  }
#else
  toml::parse_result result = toml::parse(std::string_view(text), std::string_view(path));
  if (!result) fail(positionOf(result.error().source()), "invalid TOML: " + std::string(result.error().description()));
  return std::move(result).table();
#endif
}

Value tomlSettings(const std::string &text, const std::string &path) {
  const toml::table document = parseToml(text, path);
  const toml::node *section = document.at_path("tool.boundwise").node();
  if (!section) fail({}, "no [tool.boundwise] table in this file");
  Value settings = fromToml(*section);
  if (settings.kind != Value::Kind::Table)
    fail(settings.pos, "'tool.boundwise' must be a table, not " + describe(settings));
  return settings;
}

Value yamlSettings(const std::string &text) {
  if (auto over = checkYamlBounds(text, kConfigYamlLimits)) fail(positionOf(over->mark), over->message);
  YAML::Node document;
  try {
    document = YAML::Load(text);
  } catch (const YAML::Exception &e) {
    fail(positionOf(e.mark), "invalid YAML: " + e.msg);
  }
  Value settings = fromYaml(document);
  if (settings.kind == Value::Kind::Null) settings.kind = Value::Kind::Table;  // an empty file sets nothing
  if (settings.kind != Value::Kind::Table)
    fail(settings.pos, "the file must be a mapping of settings (select: [...]), not " + describe(settings));
  return settings;
}

bool isToml(const std::string &path) { return fs::path(path).extension() == ".toml"; }

// A configuration is a few hundred bytes; one of several MiB is a mistake or an attack (it sits
// in the analysed tree, and the language server reads it too), and is refused before parsing.
constexpr size_t kMaxConfigBytes = kConfigYamlLimits.maxBytes;

enum class ReadResult { Ok, TooLarge, Failed };

// At most `limit` bytes; reading stops there, so a FIFO or /dev/zero cannot fill the memory.
ReadResult readBounded(const std::string &path, size_t limit, std::string &text, std::string &error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = path + ": error: cannot read the configuration file: it is a directory";
    return ReadResult::Failed;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": error: cannot read the configuration file: " + std::strerror(errno);
    return ReadResult::Failed;
  }
  text.clear();
  char chunk[65536];
  while (in) {
    in.read(chunk, sizeof chunk);
    text.append(chunk, size_t(in.gcount()));
    if (text.size() > limit) {
      const auto size = fs::file_size(path, ec);
      error = path + ": error: the configuration file is " +
              (ec ? "over the limit of " + describeSize(limit) : overTheLimit(size_t(size), limit)) +
              "; a configuration is a few settings: is this the right file?";
      return ReadResult::TooLarge;
    }
  }
  if (in.bad()) {
    error = path + ": error: cannot read the configuration file: " + std::strerror(errno);
    return ReadResult::Failed;
  }
  return ReadResult::Ok;
}

bool readWhole(const std::string &path, std::string &text, std::string &error) {
  return readBounded(path, kMaxConfigBytes, text, error) == ReadResult::Ok;
}

// --- typed readers ------------------------------------------------------------------------------

const std::string *stringOf(const Value &v) {
  return v.kind == Value::Kind::String || v.kind == Value::Kind::Scalar ? &v.text : nullptr;
}

std::optional<int64_t> integerOf(const Value &v) {
  if (v.kind == Value::Kind::Integer) return v.integer;
  if (v.kind != Value::Kind::Scalar) return std::nullopt;
  int64_t n = 0;
  auto r = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
  if (r.ec != std::errc() || r.ptr != v.text.data() + v.text.size()) return std::nullopt;
  return n;
}

std::optional<bool> booleanOf(const Value &v) {
  if (v.kind == Value::Kind::Boolean) return v.boolean;
  if (v.kind == Value::Kind::Scalar && v.text == "true") return true;
  if (v.kind == Value::Kind::Scalar && v.text == "false") return false;
  return std::nullopt;
}

std::optional<Severity> severityNamed(const std::string &s) {
  if (s == "info" || s == "note") return Severity::Info;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

// `label` names the setting in messages: "'select'", "per-file-ignores for 'tests/*'".
const Value &expectList(const Value &v, const std::string &label, const char *of) {
  if (v.kind != Value::Kind::List) fail(v.pos, label + " must be a list of " + of + ", not " + describe(v));
  return v;
}

const Value &expectTable(const Value &v, const std::string &label, const char *what) {
  if (v.kind != Value::Kind::Table) fail(v.pos, label + " must map " + what + ", not " + describe(v));
  return v;
}

const std::string &nonEmptyString(const Value &v, const std::string &label, const char *what) {
  const std::string *s = stringOf(v);
  if (!s) fail(v.pos, label + " takes " + what + ", not " + describe(v));
  if (s->empty()) fail(v.pos, label + " takes " + what + ", not an empty string");
  return *s;
}

std::string quoted(const std::string &key) { return "'" + key + "'"; }

// A key given twice is an error in YAML too: yaml-cpp keeps both entries (TOML refuses it).
void rejectRepeats(const Value &table, const std::vector<std::string> &normalized, const std::string &what) {
  for (size_t i = 0; i < normalized.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (normalized[i] == normalized[j])
        fail(table.keyPositions[i], what + "'" + table.keys[i] + "' is set twice (first at line " +
                                        std::to_string(table.keyPositions[j].line) + ")");
}

// A code, a prefix (BW2) or ALL, as --select takes them; lower case is accepted.
std::string checkedCode(const std::string &text, Position pos, const std::string &label) {
  std::string code = text;
  for (auto &c : code) c = char(std::toupper(static_cast<unsigned char>(c)));
  bool known = code == "ALL";
  for (const auto &check : allChecks()) known |= !code.empty() && std::string(check->info().code).rfind(code, 0) == 0;
  if (!known) fail(pos, "'" + text + "' in " + label + " matches no finding code (see boundwise rules)");
  return code;
}

std::vector<std::string> codeList(const Value &v, const std::string &label) {
  std::vector<std::string> codes;
  for (const auto &item : expectList(v, label, "codes").items)
    codes.push_back(checkedCode(nonEmptyString(item, label, "codes such as \"BW101\""), item.pos, label));
  return codes;
}

std::vector<std::string> stringList(const Value &v, const std::string &label, const char *of) {
  std::vector<std::string> out;
  for (const auto &item : expectList(v, label, of).items) out.push_back(nonEmptyString(item, label, of));
  return out;
}

// --- the settings -------------------------------------------------------------------------------

struct Context {
  fs::path configDir;
  FileConfig &config;
};

// Relative rule files are relative to the configuration file, so a config works from any folder.
void readRules(const Value &v, const std::string &label, Context &c) {
  for (const auto &item : expectList(v, label, "rule files").items) {
    const std::string &written = nonEmptyString(item, label, "rule file paths");
    fs::path file(written);
    if (file.is_relative()) file = c.configDir / file;
    const std::string resolved = file.lexically_normal().generic_string();
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec))
      fail(item.pos, "rule file '" + written + "' not found" +
                         (resolved != written ? " (looked for " + resolved + ")" : ""));
    c.config.rules.push_back(resolved);
  }
}

void readPerFileIgnores(const Value &v, const std::string &label, Context &c) {
  expectTable(v, label, "globs to lists of codes");
  rejectRepeats(v, v.keys, "glob ");
  for (size_t i = 0; i < v.keys.size(); ++i) {
    if (v.keys[i].empty()) fail(v.keyPositions[i], label + " has an empty glob");
    c.config.perFileIgnores.emplace_back(v.keys[i], codeList(v.items[i], "per-file-ignores for " + quoted(v.keys[i])));
  }
}

// A prefix or ALL sets every code it matches; the longest (most specific) key wins, so
// {ALL: error, BW6: info} makes everything an error except the BW6 family.
void readSeverity(const Value &v, const std::string &label, Context &c) {
  expectTable(v, label, "codes to info, note, warning or error");
  std::vector<std::string> codes;
  for (size_t i = 0; i < v.keys.size(); ++i) codes.push_back(checkedCode(v.keys[i], v.keyPositions[i], label));
  rejectRepeats(v, codes, "code ");
  std::map<std::string, size_t> specificity;
  for (size_t i = 0; i < codes.size(); ++i) {
    const Value &level = v.items[i];
    const std::string *name = stringOf(level);
    auto severity = name ? severityNamed(*name) : std::nullopt;
    if (!severity)
      fail(level.pos, "severity of '" + v.keys[i] + "' must be info, note, warning or error, not " + describe(level));
    const size_t weight = codes[i] == "ALL" ? 0 : codes[i].size();
    for (const auto &check : allChecks()) {
      const std::string code(check->info().code);
      if (weight > 0 && code.rfind(codes[i], 0) != 0) continue;
      auto [it, fresh] = specificity.emplace(code, weight);
      if (!fresh && it->second > weight) continue;
      it->second = weight;
      c.config.severity[code] = *severity;
    }
  }
}

void readPythonVersion(const Value &v, const std::string &label, Context &c) {
  // TOML reads 3.10 as the number 3.1: only a string keeps the version as written.
  if (v.kind == Value::Kind::Float || v.kind == Value::Kind::Integer)
    fail(v.pos, label + " must be a string such as \"3.12\", not " + describe(v) + " (quote it)");
  const std::string &s = nonEmptyString(v, label, "a version such as \"3.12\"");
  int major = 0, minor = 0;
  const auto dot = s.find('.');
  bool ok = dot != std::string::npos;
  if (ok) {
    auto r1 = std::from_chars(s.data(), s.data() + dot, major);
    auto r2 = std::from_chars(s.data() + dot + 1, s.data() + s.size(), minor);
    ok = r1.ec == std::errc() && r1.ptr == s.data() + dot && r2.ec == std::errc() && r2.ptr == s.data() + s.size() &&
         major == 3 && minor >= 7 && minor <= 20;
  }
  if (!ok) fail(v.pos, label + " must look like \"3.12\" (3.7 to 3.20), not '" + s + "'");
  c.config.pythonVersion = s;
}

void readFreeThreaded(const Value &v, const std::string &label, Context &c) {
  auto b = booleanOf(v);
  if (!b) fail(v.pos, label + " must be true or false, not " + describe(v));
  c.config.freeThreaded = *b;
}

void readFailOn(const Value &v, const std::string &label, Context &c) {
  const std::string *s = stringOf(v);
  if (!s || !severityNamed(*s)) fail(v.pos, label + " must be note, warning or error, not " + describe(v));
  c.config.failOn = *s;
}

void readMaxFileSize(const Value &v, const std::string &label, Context &c) {
  auto mib = integerOf(v);
  if (!mib || *mib < 1 || *mib > 4096) fail(v.pos, label + " takes MiB from 1 to 4096, not " + describe(v));
  c.config.maxFileSizeMib = int(*mib);
}

struct Setting {
  std::string_view key;
  void (*read)(const Value &, const std::string &label, Context &);
};

const Setting kSettings[] = {
    {"select", [](const Value &v, const std::string &label, Context &c) { c.config.select = codeList(v, label); }},
    {"ignore", [](const Value &v, const std::string &label, Context &c) { c.config.ignore = codeList(v, label); }},
    // Kept as written: discovery matches them against paths relative to the current directory.
    {"exclude",
     [](const Value &v, const std::string &label, Context &c) { c.config.exclude = stringList(v, label, "globs"); }},
    {"rules", readRules},
    {"per-file-ignores", readPerFileIgnores},
    {"severity", readSeverity},
    {"python-version", readPythonVersion},
    {"free-threaded", readFreeThreaded},
    {"fail-on", readFailOn},
    {"max-file-size", readMaxFileSize},
};

// A typo (about a third of the letters wrong at most), or the snake_case spelling of a
// kebab-case key, gets a suggestion; anything further off gets the list of keys.
std::string unknownKeyMessage(const std::string &key) {
  std::string kebab = key;
  for (auto &ch : kebab) ch = ch == '_' ? '-' : char(std::tolower(static_cast<unsigned char>(ch)));
  std::string_view best;
  size_t bestDistance = SIZE_MAX;
  for (const auto &s : kSettings) {
    const size_t d = editDistance(kebab, s.key);
    if (d < bestDistance) bestDistance = d, best = s.key;
  }
  std::string message = "unknown key '" + key + "'";
  if (bestDistance <= std::max<size_t>(1, (best.size() + 2) / 3))
    return message + "; did you mean '" + std::string(best) + "'?";
  message += "; known keys:";
  for (const auto &s : kSettings) message += " " + std::string(s.key);
  return message;
}

void readSettings(const Value &settings, Context &c) {
  rejectRepeats(settings, settings.keys, "");
  for (size_t i = 0; i < settings.keys.size(); ++i) {
    const std::string &key = settings.keys[i];
    auto setting =
        std::find_if(std::begin(kSettings), std::end(kSettings), [&](const Setting &s) { return s.key == key; });
    if (setting == std::end(kSettings)) fail(settings.keyPositions[i], unknownKeyMessage(key));
    setting->read(settings.items[i], quoted(key), c);
  }
}

// --- finding the file ---------------------------------------------------------------------------

// Whether a line of `in` is a table header [tool.boundwise] or [tool.boundwise.*], spaces
// ignored. Keeps only the start of each line, so a file of one endless line costs no memory.
bool hasBoundwiseHeader(std::istream &in) {
  static constexpr std::string_view kHeader = "[tool.boundwise";
  std::string start;  // the line's first characters, spaces removed
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      const char ch = chunk[i];
      if (ch == '\n') {
        start.clear();
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(ch)) || start.size() > kHeader.size()) continue;
      start += ch;
      if (start.size() == kHeader.size() + 1 && start.compare(0, kHeader.size(), kHeader) == 0 &&
          (ch == ']' || ch == '.'))
        return true;
    }
  }
  return false;
}

// Whether boundwise would read this pyproject.toml. One that does not parse counts only when a
// table header names tool.boundwise: someone else's broken pyproject is not our error. One too
// large to parse counts the same way, and loadConfigFile then says it is too large.
bool declaresBoundwise(const fs::path &pyproject) {
  std::error_code ec;
  if (!fs::is_regular_file(pyproject, ec)) return false;
  std::string text, error;
  switch (readBounded(pyproject.string(), kMaxConfigBytes, text, error)) {
    case ReadResult::Failed: return false;
    case ReadResult::TooLarge: {
      std::ifstream file(pyproject, std::ios::binary);
      return hasBoundwiseHeader(file);
    }
    case ReadResult::Ok: break;
  }
  try {
    return parseToml(text, pyproject.string()).at_path("tool.boundwise").node() != nullptr;
  } catch (const ConfigError &) {
  }
  std::istringstream lines(text);
  return hasBoundwiseHeader(lines);
}

// Relative to the current directory when the file is under it, like the paths in reports.
std::string shown(const fs::path &absolute) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    const fs::path rel = absolute.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return absolute.generic_string();
}

}  // namespace

std::optional<std::string> findConfigFile(const std::string &start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start.empty() ? "." : start, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!dir.has_filename()) dir = dir.parent_path();  // "a/b/" after normalisation
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    if (fs::is_regular_file(dir / ".boundwise.yaml", ec)) return shown(dir / ".boundwise.yaml");
    if (declaresBoundwise(dir / "pyproject.toml")) return shown(dir / "pyproject.toml");
    if (dir == dir.parent_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

std::optional<FileConfig> loadConfigFile(const std::string &path, std::string &error) {
  std::string text;
  if (!readWhole(path, text, error)) return std::nullopt;
  return parseConfigText(text, path, error);
}

std::optional<FileConfig> parseConfigText(const std::string &text, const std::string &path, std::string &error) {
  if (text.size() > kMaxConfigBytes) {
    error = path + ": error: the configuration file is " + overTheLimit(text.size(), kMaxConfigBytes);
    return std::nullopt;
  }
  FileConfig config;
  config.path = path;
  Context context{fs::path(path).parent_path(), config};
  try {
    readSettings(isToml(path) ? tomlSettings(text, path) : yamlSettings(text), context);
  } catch (const ConfigError &e) {
    error = where(path, e.pos) + ": error: " + e.message;
    return std::nullopt;
  }
  return config;
}

std::string anchorGlob(const std::string &glob, const std::string &configPath) {
  if (glob.find('/') == std::string::npos || glob[0] == '*' || glob[0] == '/' || configPath.empty()) return glob;
  std::error_code ec;
  const fs::path dir = fs::absolute(fs::path(configPath), ec).lexically_normal().parent_path();
  if (ec) return glob;
  return (dir / glob).lexically_normal().generic_string();
}

std::vector<std::string> anchoredExcludes(const FileConfig &config) {
  std::vector<std::string> out;
  if (config.exclude)
    for (const auto &glob : *config.exclude) out.push_back(anchorGlob(glob, config.path));
  return out;
}

std::vector<std::pair<std::string, std::vector<std::string>>> anchoredPerFileIgnores(const FileConfig &config) {
  auto out = config.perFileIgnores;
  for (auto &entry : out) entry.first = anchorGlob(entry.first, config.path);
  return out;
}

void applyToCheckOptions(const FileConfig &config, CheckOptions &options) {
  if (config.select) options.select = *config.select;
  if (config.ignore) options.ignore = *config.ignore;
  if (config.exclude) options.excludes = anchoredExcludes(config);
  options.ruleFiles.insert(options.ruleFiles.begin(), config.rules.begin(), config.rules.end());
  options.perFileIgnores = anchoredPerFileIgnores(config);
  options.severityOverrides = config.severity;
  if (config.pythonVersion) {
    // loadConfigFile already checked the "3.N" form.
    int major = 0, minor = 0;
    if (std::sscanf(config.pythonVersion->c_str(), "%d.%d", &major, &minor) == 2) {
      options.target.pythonMajor = major;
      options.target.pythonMinor = minor;
    }
  }
  if (config.freeThreaded) options.target.freeThreaded = *config.freeThreaded;
  if (config.maxFileSizeMib) options.maxFileBytes = uint64_t(*config.maxFileSizeMib) << 20;
}

}  // namespace boundwise
