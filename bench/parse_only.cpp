// bw_parse_only: the floor of boundwise's design.
//
// Reads a list of Python files, reads each one fully into memory, parses it
// with tree-sitter's Python grammar on ONE thread (one TSParser reused for
// every file), deletes the tree, and prints one summary line:
//
//   files=N bytes=N seconds=S MB/s=R parse_seconds=S read_seconds=S
//   error_trees=N unreadable=N
//
//   seconds        wall time of the whole loop (read + parse + delete)
//   MB/s           bytes / seconds / 1e6
//   parse_seconds  time spent in ts_parser_parse_string + ts_tree_delete only
//   read_seconds   time spent reading files
//   error_trees    files whose tree contains an ERROR/MISSING node (not a
//                  failure: tree-sitter always returns a tree)
//   unreadable     files that could not be opened/read (reported on stderr)
//
// Usage:
//   bw_parse_only [--files-from LIST] [FILE...]
//
//   --files-from LIST  read paths from LIST, one per line ("-" = stdin)
//   FILE...            further paths given directly
//   with neither, paths are read from stdin, one per line.
//
// Exit status: 0 if every file was read and parsed, 1 if any file could not be
// read or parsed, 2 on a usage error.

#include <tree_sitter/api.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

bool read_list(std::istream &in, std::vector<std::string> &out) {
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return !in.bad();
}

bool read_file(const std::string &path, std::string &buf) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  buf.clear();
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) buf.append(chunk, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

void usage(const char *argv0) {
  std::fprintf(stderr, "usage: %s [--files-from LIST|-] [FILE...]\n"
                       "  with no arguments, paths are read from stdin, one per line\n",
               argv0);
}

}  // namespace

int main(int argc, char **argv) {
  std::vector<std::string> paths;
  bool any_source = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      usage(argv[0]);
      return 0;
    }
    if (a == "--files-from") {
      if (i + 1 >= argc) {
        usage(argv[0]);
        return 2;
      }
      std::string list = argv[++i];
      any_source = true;
      if (list == "-") {
        if (!read_list(std::cin, paths)) {
          std::fprintf(stderr, "bw_parse_only: cannot read stdin\n");
          return 2;
        }
      } else {
        std::ifstream in(list);
        if (!in || !read_list(in, paths)) {
          std::fprintf(stderr, "bw_parse_only: cannot read list %s\n", list.c_str());
          return 2;
        }
      }
      continue;
    }
    if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "bw_parse_only: unknown option %s\n", a.c_str());
      usage(argv[0]);
      return 2;
    }
    paths.push_back(a);
    any_source = true;
  }
  if (!any_source && !read_list(std::cin, paths)) {
    std::fprintf(stderr, "bw_parse_only: cannot read stdin\n");
    return 2;
  }

  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, tree_sitter_python())) {
    std::fprintf(stderr,
                 "bw_parse_only: grammar ABI %u not supported by this tree-sitter runtime\n",
                 ts_language_version(tree_sitter_python()));
    ts_parser_delete(parser);
    return 1;
  }

  std::string buf;
  size_t files = 0, bytes = 0, error_trees = 0, unreadable = 0, failed = 0;
  double read_s = 0, parse_s = 0;

  const auto t0 = Clock::now();
  for (const std::string &path : paths) {
    const auto r0 = Clock::now();
    bool ok = read_file(path, buf);
    const auto r1 = Clock::now();
    read_s += seconds_between(r0, r1);
    if (!ok) {
      std::fprintf(stderr, "bw_parse_only: cannot read %s: %s\n", path.c_str(),
                   std::strerror(errno));
      ++unreadable;
      continue;
    }
    if (buf.size() > UINT32_MAX) {
      std::fprintf(stderr, "bw_parse_only: %s is too large for tree-sitter\n", path.c_str());
      ++failed;
      continue;
    }
    TSTree *tree = ts_parser_parse_string(parser, nullptr, buf.data(),
                                          static_cast<uint32_t>(buf.size()));
    if (!tree) {
      std::fprintf(stderr, "bw_parse_only: parse of %s returned no tree\n", path.c_str());
      ts_parser_reset(parser);
      ++failed;
    } else {
      if (ts_node_has_error(ts_tree_root_node(tree))) ++error_trees;
      ts_tree_delete(tree);
      ++files;
      bytes += buf.size();
    }
    parse_s += seconds_between(r1, Clock::now());
  }
  const double total_s = seconds_between(t0, Clock::now());
  ts_parser_delete(parser);

  const double mbps = total_s > 0 ? static_cast<double>(bytes) / total_s / 1e6 : 0.0;
  std::printf("files=%zu bytes=%zu seconds=%.3f MB/s=%.1f parse_seconds=%.3f read_seconds=%.3f "
              "error_trees=%zu unreadable=%zu\n",
              files, bytes, total_s, mbps, parse_s, read_s, error_trees, unreadable + failed);
  return (unreadable || failed) ? 1 : 0;
}
