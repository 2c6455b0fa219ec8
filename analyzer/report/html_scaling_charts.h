#pragma once
// The measured part of a finding in the HTML report (check --profile): the figures, and the
// replay's scaling table drawn as an inline SVG chart (speedup over workers, one line per
// executor). No script, no network: the page stays self-contained.
#include <string>

#include "analyzer/core/finding.h"

namespace boundwise {

// CSS for the measured block and the chart (both colour schemes), added to the page's styles.
extern const char *const kScalingChartCss;

// The <section class="measured"> of one finding; empty when it has no measurement.
std::string measuredSectionHtml(const Finding &);

// The chart alone: <svg class="scaling-chart">, empty without scaling rows.
std::string scalingChartSvg(const FindingMeasurement &);

}  // namespace boundwise
