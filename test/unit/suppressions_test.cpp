#include "analyzer/core/suppressions.h"

#include <gtest/gtest.h>

#include "analyzer/core/source_reader.h"

namespace boundwise {
namespace {

TEST(Suppressions, BoundwiseIgnoreWithCodes) {
  std::map<int, std::vector<std::string>> s;
  parseSuppressionComment("# boundwise: ignore[BW101, BW201]", 3, s);
  EXPECT_TRUE(isSuppressed(s, 3, "BW101"));
  EXPECT_TRUE(isSuppressed(s, 3, "BW201"));
  EXPECT_FALSE(isSuppressed(s, 3, "BW202"));
  EXPECT_FALSE(isSuppressed(s, 4, "BW101"));
}

TEST(Suppressions, BareIgnoreSuppressesEverything) {
  std::map<int, std::vector<std::string>> s;
  parseSuppressionComment("# boundwise: ignore", 7, s);
  EXPECT_TRUE(isSuppressed(s, 7, "BW601"));
}

TEST(Suppressions, NoqaOnlyTakesOurCodes) {
  std::map<int, std::vector<std::string>> s;
  parseSuppressionComment("# noqa: E501, BW601", 1, s);
  EXPECT_TRUE(isSuppressed(s, 1, "BW601"));
  EXPECT_FALSE(isSuppressed(s, 1, "BW101"));
  std::map<int, std::vector<std::string>> bare;
  parseSuppressionComment("# noqa", 1, bare);  // flake8's bare noqa is not ours
  EXPECT_FALSE(isSuppressed(bare, 1, "BW101"));
}

TEST(Suppressions, NolintForCpp) {
  std::map<int, std::vector<std::string>> s;
  parseSuppressionComment("// NOLINT(BW501)", 9, s);
  EXPECT_TRUE(isSuppressed(s, 9, "BW501"));
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(findInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(findInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(findInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(findInvalidUtf8("ab\xC3"), 2u);          // truncated sequence
  EXPECT_EQ(findInvalidUtf8("\xC0\xAF"), 0u);        // overlong '/'
  EXPECT_EQ(findInvalidUtf8("x\xED\xA0\x80"), 1u);   // UTF-16 surrogate
}

}  // namespace
}  // namespace boundwise
