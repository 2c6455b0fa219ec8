#include "analyzer/core/inert_text.h"

#include <cstdint>
#include <cstdio>

namespace boundwise {
namespace {

// Length of the UTF-8 sequence at `i` and its code point; 0 when the bytes are not UTF-8.
size_t decodeUtf8(std::string_view s, size_t i, uint32_t &cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  if (c < 0x80) return cp = c, 1;
  if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

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
