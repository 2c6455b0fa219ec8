#include "analyzer/core/inert_text.h"

#include <gtest/gtest.h>

namespace boundwise {
namespace {

TEST(InertText, PlainTextAndUtf8AreUnchanged) {
  EXPECT_EQ(inertText("app/main.py:3: blocking call `time.sleep`"), "app/main.py:3: blocking call `time.sleep`");
  EXPECT_EQ(inertText("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC"), "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC");
  EXPECT_FALSE(needsInerting("a\\nb"));  // a backslash already there is not doubled
  EXPECT_EQ(inertText("a\\nb"), "a\\nb");
}

TEST(InertText, NewlinesNeverStartANewLine) {
  const std::string forged = inertText("x.py\nfake.py:1:1: error: forged finding [BW999]");
  EXPECT_EQ(forged.find('\n'), std::string::npos);
  EXPECT_EQ(forged, "x.py\\nfake.py:1:1: error: forged finding [BW999]");
  EXPECT_EQ(inertText("a\rb"), "a\\rb");
}

TEST(InertText, TerminalEscapesAreShownNotSent) {
  EXPECT_EQ(inertText("\x1B]0;pwned\x07title"), "\\e]0;pwned\\x07title");
  EXPECT_EQ(inertText("\x1B[31mred"), "\\e[31mred");
  EXPECT_EQ(inertText("del\x7F"), "del\\x7F");
  EXPECT_EQ(inertText("c1 \xC2\x9B" "31m"), "c1 \\u{009B}31m");  // CSI as one C1 code point
}

TEST(InertText, TabsOnlyWhereAsked) {
  EXPECT_EQ(inertText("a\tb"), "a\\tb");
  EXPECT_EQ(inertText("a\tb", /*keepTab=*/true), "a\tb");
}

TEST(InertText, BidiOverridesAndBrokenUtf8) {
  EXPECT_EQ(inertText("x\xE2\x80\xAEy"), "x\\u{202E}y");   // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(inertText("x\xE2\x81\xA6y"), "x\\u{2066}y");   // LEFT-TO-RIGHT ISOLATE
  EXPECT_EQ(inertText("bad\xFF\xC3"), "bad\\xFF\\xC3");
  EXPECT_EQ(inertText("\xC0\x8A"), "\\xC0\\x8A");  // overlong newline
}

}  // namespace
}  // namespace boundwise
