#include "analyzer/core/inert_text.h"

#include "analyzer/core/utf8.h"

#include <cstdint>
#include <cstdio>

namespace boundwise {
namespace {

bool isUnsafe(uint32_t cp, bool keepTab) {
  if (cp == '\t') return !keepTab;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void appendEscape(std::string &out, uint32_t cp) {
  switch (cp) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case 0x1B: out += "\\e"; return;
    default: break;
  }
  char buf[16];
  if (cp < 0x80) std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(cp));
  else std::snprintf(buf, sizeof buf, "\\u{%04X}", unsigned(cp));
  out += buf;
}

}  // namespace

bool needsInerting(std::string_view text, bool keepTab) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) { ++i; continue; }
    uint32_t cp = 0;
    const size_t len = decodeUtf8(text, i, cp);
    if (len == 0 || isUnsafe(cp, keepTab)) return true;
    i += len;
  }
  return false;
}

std::string inertText(std::string_view text, bool keepTab) {
  if (!needsInerting(text, keepTab)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = decodeUtf8(text, i, cp);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(static_cast<unsigned char>(text[i])));
      out += buf;
      ++i;
      continue;
    }
    if (isUnsafe(cp, keepTab)) appendEscape(out, cp);
    else out.append(text.data() + i, len);
    i += len;
  }
  return out;
}

}  // namespace boundwise
