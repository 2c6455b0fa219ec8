#pragma once
// `check --format html -o DIR`: one self-contained page, DIR/index.html (inline CSS, no
// scripts, fonts or images from the network), for reading a run in a browser.
#include <string>
#include <string_view>

#include "analyzer/report/renderer.h"

namespace boundwise {

// Creates DIR (and its parents) when missing. False with `error` set when DIR cannot be
// created or is not a folder; called before the analysis so a bad -o costs nothing.
bool prepareHtmlDir(const std::string &outputDir, std::string &error);

// Text made safe for HTML element content and attribute values (& < > " ').
std::string htmlEscape(std::string_view text);

// Writes outputDir/index.html; on failure `error` names the file and the reason.
void renderHtml(const CheckResult &, const RenderOptions &, const std::string &outputDir, std::string &error);

}  // namespace boundwise
