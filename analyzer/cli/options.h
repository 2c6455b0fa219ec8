#pragma once
// Command-line parsing for every subcommand. Errors are messages, never exceptions that escape.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/core/pipeline.h"

namespace boundwise {

enum class Command { Check, Rules, Explain, Version, Help, Lsp };
enum class OutputFormat { Text, Json, Sarif, Github, Html };
enum class ColorMode { Auto, Always, Never };

struct CliOptions {
  Command command = Command::Check;
  CheckOptions check;
  OutputFormat format = OutputFormat::Text;
  std::string outputFile;
  ColorMode color = ColorMode::Auto;
  bool exitZero = false;
  bool quiet = false;
  bool showCallSites = false;
  bool pythonVersionGiven = false;
  std::string filesFrom;
  std::string explainCode;
  Severity failOn = Severity::Info;  // exit 1 for findings at or above this severity
  std::string baselinePath;
  bool updateBaseline = false;
  std::string diffBase;
  std::string configPath;  // --config; else the closest configuration file
  bool showSettings = false;
  std::string profilePath;  // --profile FILE: a saved `boundwise profile -o FILE` report
  std::set<std::string> given;  // options set on the command line (they win over the config)
};

// "info"/"note", "warning", "error".
std::optional<Severity> parseSeverity(const std::string &);

// Parses argv; on a usage error returns nullopt and sets `error`.
std::optional<CliOptions> parseCommandLine(int argc, char **argv, std::string &error);

std::string usageText();

}  // namespace boundwise
