#pragma once
// Renderers: the only place findings are serialised. One file per format.
#include <ostream>
#include <vector>

#include "analyzer/core/pipeline.h"

namespace boundwise {

struct RenderOptions {
  bool color = false;
  bool showCallSites = false;  // text: list every classified call site before the findings
  bool quiet = false;          // text: findings only, no summary line
};

void renderText(const CheckResult &, const RenderOptions &, std::ostream &);
void renderJson(const CheckResult &, const RenderOptions &, std::ostream &);
// SARIF 2.1.0 for GitHub code scanning (sarif_renderer.cpp).
void renderSarif(const CheckResult &, const RenderOptions &, std::ostream &);
// GitHub Actions workflow commands, `::warning file=...::message` (github_renderer.cpp).
void renderGithub(const CheckResult &, const RenderOptions &, std::ostream &);

// 0.8567 -> 0.86: stable, short numbers in every format.
double roundConfidence(double);

}  // namespace boundwise
