#include "analyzer/core/source_reader.h"

#include "analyzer/core/utf8.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <cctype>

namespace boundwise {
namespace fs = std::filesystem;

size_t findInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Source is mostly ASCII: skip eight bytes at a time while none has the high bit.
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
    uint32_t cp = 0;
    const size_t len = decodeUtf8(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

std::string errnoText(int err) { return std::strerror(err); }

// PEP 263's `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, on line 1 or 2.
std::string cookieIn(std::string_view line) {
  const size_t hash = line.find_first_not_of(" \t\f");
  if (hash == std::string_view::npos || line[hash] != '#') return "";
  for (size_t at = line.find("coding", hash); at != std::string_view::npos; at = line.find("coding", at + 1)) {
    size_t i = at + 6;
    if (i >= line.size() || (line[i] != ':' && line[i] != '=')) continue;
    ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string enc;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '-' || line[i] == '_' || line[i] == '.'))
      enc += char(std::tolower(static_cast<unsigned char>(line[i++])));
    if (!enc.empty()) return enc;
  }
  return "";
}

std::string declaredEncoding(std::string_view text) {
  size_t pos = 0;
  for (int line = 0; line < 2 && pos <= text.size(); ++line) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (std::string enc = cookieIn(l); !enc.empty()) return enc;
    // Only a comment or blank first line lets the second one declare the encoding.
    if (l.find_first_not_of(" \t\f\r") != std::string::npos && l.find_first_not_of(" \t\f\r") != l.find('#')) break;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return "";
}

bool isUtf8Name(const std::string &enc) {
  return enc.empty() || enc == "utf-8" || enc == "utf8" || enc.rfind("utf-8-", 0) == 0 || enc == "utf_8";
}

// Python's codec names -> iconv's (glibc knows most under their own spelling).
std::string iconvName(std::string enc) {
  std::replace(enc.begin(), enc.end(), '_', '-');
  if (enc == "latin-1" || enc == "latin1" || enc == "l1" || enc == "iso-latin-1" || enc == "iso8859-1") return "ISO-8859-1";
  if (enc.rfind("iso8859-", 0) == 0) return "ISO-8859-" + enc.substr(8);
  if (enc == "ascii" || enc == "us-ascii") return "ASCII";
  return enc;
}

std::optional<std::string> transcode(const std::string &text, const std::string &encoding, std::string &error) {
  iconv_t cd = iconv_open("UTF-8", iconvName(encoding).c_str());
  if (cd == (iconv_t)-1) {
    error = "unknown source encoding '" + encoding + "' in the coding declaration";
    return std::nullopt;
  }
  std::string out(text.size() * 4 + 16, '\0');
  char *in = const_cast<char *>(text.data());
  size_t inLeft = text.size();
  char *o = out.data();
  size_t outLeft = out.size();
  const size_t rc = iconv(cd, &in, &inLeft, &o, &outLeft);
  iconv_close(cd);
  if (rc == size_t(-1)) {
    error = "bytes that are not valid " + encoding + " at byte " + std::to_string(text.size() - inLeft);
    return std::nullopt;
  }
  out.resize(out.size() - outLeft);
  return out;
}

void locateByte(std::string_view text, size_t offset, ReadProblem &p) {
  p.line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++p.line, lineStart = i + 1;
  p.column = int(offset - lineStart) + 1;
}

}  // namespace

// Python ends a line at \n, \r\n or a lone \r (old Mac files); the parser and everything
// after it count lines by \n only. Each ending becomes one \n, so line numbers stay those of
// the file (columns too: the \r of \r\n is past the end of the line's text).
void normalizeLineEndings(std::string &text) {
  size_t out = text.find('\r');
  if (out == std::string::npos) return;
  for (size_t in = out; in < text.size(); ++in) {
    if (text[in] != '\r') {
      text[out++] = text[in];
    } else {
      text[out++] = '\n';
      if (in + 1 < text.size() && text[in + 1] == '\n') ++in;
    }
  }
  text.resize(out);
}

std::optional<SourceText> readPythonSource(const fs::path &path, uint64_t maxBytes, ReadProblem &problem) {
  std::error_code ec;
  const auto linkStatus = fs::symlink_status(path, ec);
  if (ec) {
    problem.message = "cannot read: " + ec.message();
    return std::nullopt;
  }
  const auto status = fs::status(path, ec);
  if (fs::is_symlink(linkStatus) && (ec || !fs::exists(status))) {
    std::error_code ec2;
    problem.message = "broken symbolic link to '" + fs::read_symlink(path, ec2).string() + "'";
    return std::nullopt;
  }
  if (ec) {
    problem.message = "cannot read: " + ec.message();
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    problem.message = fs::is_directory(status) ? "is a directory" : "not a regular file (device, socket or pipe); skipped";
    return std::nullopt;
  }
  auto overLimit = [&](uint64_t bytes) {
    problem.message = "file is " + std::to_string(bytes / (1024 * 1024)) + " MiB, over the " +
                      std::to_string(maxBytes / (1024 * 1024)) + " MiB limit; skipped (raise it with --max-file-size)";
    return std::nullopt;
  };
  // O_NONBLOCK: the file may have been swapped for a FIFO since the check above; fstat on the
  // open file decides. The limit applies to what is read, not to what stat says (a /proc file
  // says 0 bytes and never ends).
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    problem.message = "cannot read: " + errnoText(errno);
    return std::nullopt;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    problem.message = "not a regular file (device, socket or pipe); skipped";
    return std::nullopt;
  }
  if (uint64_t(st.st_size) > maxBytes) {
    close(fd);
    return overLimit(uint64_t(st.st_size));
  }
  std::string text;
  text.resize(size_t(st.st_size));
  size_t got = 0;
  int err = 0;
  for (;;) {
    if (got == text.size()) {
      if (got > maxBytes) break;
      // Grown since fstat, or a file whose stat size says nothing (/proc): whole 64 KiB reads,
      // which files such as /proc/self/pagemap need, up to just past the limit.
      text.resize(got + 65536);
    }
    const ssize_t n = read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    if (n == 0) break;
    got += size_t(n);
  }
  close(fd);
  text.resize(got);
  if (err != 0) {
    problem.message = "cannot read: " + errnoText(err);
    return std::nullopt;
  }
  if (got > maxBytes) {
    problem.message = "file is larger than the " + std::to_string(maxBytes / (1024 * 1024)) +
                      " MiB limit; skipped (raise it with --max-file-size)";
    return std::nullopt;
  }
  if (text.find('\0', 0) != std::string::npos && text.substr(0, 8192).find('\0') != std::string::npos) {
    problem.message = "binary file (contains NUL bytes), not Python source; skipped";
    return std::nullopt;
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  normalizeLineEndings(text);
  const std::string encoding = declaredEncoding(text);
  if (!isUtf8Name(encoding)) {
    std::string error;
    auto converted = transcode(text, encoding, error);
    if (!converted) {
      problem.message = error + "; skipped";
      return std::nullopt;
    }
    text = std::move(*converted);
  } else if (size_t bad = findInvalidUtf8(text); bad != std::string::npos) {
    locateByte(text, bad, problem);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    problem.message = std::string("invalid UTF-8 (byte ") + hex +
                      "); Python source must be UTF-8 or declare its encoding (PEP 263); skipped";
    return std::nullopt;
  }
  if (text.find('\0') != std::string::npos) {
    problem.message = "contains NUL bytes, not Python source; skipped";
    return std::nullopt;
  }
  return SourceText{std::move(text)};
}

}  // namespace boundwise
