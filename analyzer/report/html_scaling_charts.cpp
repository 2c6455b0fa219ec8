#include "analyzer/report/html_scaling_charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/core/inert_text.h"
#include "analyzer/report/html_renderer.h"

namespace boundwise {

const char *const kScalingChartCss = R"(.measured { margin: 10px 0 0; padding: 8px 12px; border: 1px solid var(--border);
  border-radius: 6px; background: var(--panel); }
.measured .verdict { font-weight: 600; }
.measured .verdict.confirmed { color: #1a7f37; }
.measured .verdict.refuted { color: var(--error); }
.scaling-chart { display: block; margin-top: 8px; max-width: 100%; height: auto; }
.scaling-chart text { fill: var(--fg); font: 12px system-ui, sans-serif; }
.scaling-chart .axis, .scaling-chart .grid { stroke: var(--border); }
.scaling-chart .baseline { stroke: var(--muted); stroke-dasharray: 4 3; }
.scaling-chart .series { fill: none; stroke-width: 2; }
.scaling-chart .threads { stroke: #0969da; fill: #0969da; }
.scaling-chart .processes { stroke: #bf3989; fill: #bf3989; }
.scaling-chart .async { stroke: #1a7f37; fill: #1a7f37; }
.scaling-chart .interpreters { stroke: #9a6700; fill: #9a6700; }
.scaling-chart polyline.series { fill: none; }
table.scaling td.num { text-align: right; }
)";

namespace {

// Notes can name files of the analysed tree: inert and escaped, as in html_renderer.cpp.
std::string escape(const std::string &text) { return htmlEscape(inertText(text)); }

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

const char *const kModes[] = {"threads", "processes", "async", "interpreters"};

}  // namespace

std::string scalingChartSvg(const FindingMeasurement &m) {
  if (m.scaling.empty()) return "";
  // Layout: workers on x (evenly spaced, as listed), speedup on y from 0 to the largest
  // speedup (at least 2x so that 1x sits mid-chart).
  std::set<int> workerSet;
  double top = 2;
  for (const auto &r : m.scaling) {
    if (r.mode != "sequential") workerSet.insert(r.workers);
    top = std::max(top, r.speedup);
  }
  top = std::ceil(top);
  const std::vector<int> workers(workerSet.begin(), workerSet.end());
  const double width = 420, height = 220, left = 44, right = 110, topPad = 12, bottom = 36;
  const double plotW = width - left - right, plotH = height - topPad - bottom;
  auto x = [&](size_t i) { return left + (workers.size() == 1 ? plotW / 2 : plotW * double(i) / double(workers.size() - 1)); };
  auto y = [&](double speedup) { return topPad + plotH * (1 - speedup / top); };
  std::ostringstream os;
  os << "<svg class=\"scaling-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
     << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"Speedup over sequential by "
     << "executor and worker count\">\n";
  os << "<title>Speedup over sequential by executor and worker count</title>\n";
  for (int tick = 0; tick <= int(top); ++tick) {
    os << "<line class=\"grid\" x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\"" << fixed(y(tick), 1)
       << "\" y2=\"" << fixed(y(tick), 1) << "\"/>"
       << "<text x=\"" << left - 6 << "\" y=\"" << fixed(y(tick) + 4, 1) << "\" text-anchor=\"end\">" << tick
       << "x</text>\n";
  }
  for (size_t i = 0; i < workers.size(); ++i)
    os << "<text class=\"workers\" x=\"" << fixed(x(i), 1) << "\" y=\"" << height - bottom + 16
       << "\" text-anchor=\"middle\">" << workers[i] << "</text>\n";
  os << "<text x=\"" << fixed(left + plotW / 2, 1) << "\" y=\"" << height - 4 << "\" text-anchor=\"middle\">workers</text>\n";
  os << "<line class=\"axis\" x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << topPad << "\" y2=\"" << topPad + plotH
     << "\"/>\n";
  // Sequential is the 1x line every executor is measured against.
  os << "<line class=\"baseline\" data-mode=\"sequential\" x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\""
     << fixed(y(1), 1) << "\" y2=\"" << fixed(y(1), 1) << "\"/>\n";
  double legendY = topPad + 8;
  os << "<text x=\"" << left + plotW + 14 << "\" y=\"" << fixed(legendY + 4, 1) << "\">- - sequential</text>\n";
  for (const char *mode : kModes) {
    std::map<int, const MeasuredScaling *> byWorkers;
    for (const auto &r : m.scaling)
      if (r.mode == mode) byWorkers[r.workers] = &r;
    if (byWorkers.empty()) continue;
    std::string points;
    std::ostringstream dots;
    for (size_t i = 0; i < workers.size(); ++i) {
      auto it = byWorkers.find(workers[i]);
      if (it == byWorkers.end()) continue;
      const MeasuredScaling &r = *it->second;
      points += (points.empty() ? "" : " ") + fixed(x(i), 1) + "," + fixed(y(r.speedup), 1);
      dots << "<circle class=\"point " << mode << "\" data-mode=\"" << mode << "\" data-workers=\"" << r.workers
           << "\" data-speedup=\"" << fixed(r.speedup, 2) << "\" cx=\"" << fixed(x(i), 1) << "\" cy=\""
           << fixed(y(r.speedup), 1) << "\" r=\"3.5\"><title>" << mode << ", " << r.workers << " worker"
           << (r.workers == 1 ? "" : "s") << ": " << fixed(r.speedup, 2) << "x (" << fixed(r.seconds, 3)
           << " s)</title></circle>\n";
    }
    legendY += 18;
    os << "<polyline class=\"series " << mode << "\" data-mode=\"" << mode << "\" points=\"" << points << "\"/>\n"
       << dots.str();
    os << "<rect class=\"" << mode << "\" x=\"" << left + plotW + 14 << "\" y=\"" << fixed(legendY - 5, 1)
       << "\" width=\"14\" height=\"3\"/><text class=\"legend\" x=\"" << left + plotW + 34 << "\" y=\""
       << fixed(legendY, 1) << "\">" << mode << "</text>\n";
  }
  os << "</svg>\n";
  return os.str();
}

std::string measuredSectionHtml(const Finding &f) {
  if (!f.measured) return "";
  const FindingMeasurement &m = *f.measured;
  std::ostringstream os;
  os << "<section class=\"measured\">\n<p><strong>Measured</strong> <span class=\"verdict " << escape(m.verdict) << "\">"
     << escape(m.verdict) << "</span>: " << m.calls << " call" << (m.calls == 1 ? "" : "s") << ", "
     << fixed(m.wallSeconds, 3) << " s wall, " << fixed(m.cpuSeconds, 3) << " s on CPU, on-CPU share "
     << fixed(m.cpuUtil, 2);
  if (!m.measuredWorkload.empty()) os << " (" << escape(m.measuredWorkload) << ")";
  if (!m.recommendation.empty() && m.recommendation != "none")
    os << " · measured recommendation <code>" << escape(m.recommendation) << "</code>";
  os << "</p>\n";
  if (!m.scaling.empty()) {
    os << scalingChartSvg(m);
    os << "<table class=\"scaling\"><caption>Replay: the same work on each executor</caption>\n"
       << "<thead><tr><th>mode</th><th>workers</th><th>seconds</th><th>speedup</th></tr></thead>\n<tbody>\n";
    for (const auto &r : m.scaling)
      os << "<tr><td>" << escape(r.mode) << "</td><td class=\"num\">" << r.workers << "</td><td class=\"num\">"
         << fixed(r.seconds, 3) << "</td><td class=\"num\">" << fixed(r.speedup, 2) << "x</td></tr>\n";
    os << "</tbody>\n</table>\n";
  }
  if (!m.replayNote.empty()) os << "<p class=\"replay-note\">" << escape(m.replayNote) << "</p>\n";
  os << "</section>\n";
  return os.str();
}

}  // namespace boundwise
