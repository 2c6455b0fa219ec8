#pragma once
// UTF-8 as Python source and our output need it: the one decoder both the source reader
// (findInvalidUtf8) and the output escaping (inertText) use, so they agree on what is valid.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace boundwise {

// Length of the UTF-8 sequence at `i` and its code point in `cp`; 0 when the bytes there are not
// UTF-8 (a bad lead or continuation byte, a truncated sequence, an overlong form, a surrogate, a
// value past U+10FFFF).
inline size_t decodeUtf8(std::string_view s, size_t i, uint32_t &cp) {
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

}  // namespace boundwise
