#pragma once
// Reads a source file defensively: not a regular file, unreadable, too big, binary, wrong
// encoding -> a problem message naming what is wrong, never an exception.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace boundwise {

struct SourceText {
  std::string text;  // UTF-8, BOM removed
};

struct ReadProblem {
  int line = 0;    // 0 when it concerns the whole file
  int column = 0;
  std::string message;
};

// Python source: honours a PEP 263 coding declaration; anything else must be valid UTF-8.
std::optional<SourceText> readPythonSource(const std::filesystem::path &, uint64_t maxBytes, ReadProblem &problem);

// The first invalid UTF-8 sequence, as a byte offset, or npos.
size_t findInvalidUtf8(std::string_view);

// Python ends a line at \n, \r\n or a lone \r; the parser counts \n only. Each ending becomes
// one \n, so line numbers stay those of the file (files are normalised when read; editor
// buffers are normalised with this).
void normalizeLineEndings(std::string &text);

}  // namespace boundwise
