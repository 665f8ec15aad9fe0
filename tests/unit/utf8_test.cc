#include "levers/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace levers {
namespace {

constexpr size_t kNone = std::string_view::npos;

TEST(FindInvalidUtf8, AcceptsEveryWellFormedLength) {
  EXPECT_EQ(FindInvalidUtf8(""), kNone);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII, longer than eight bytes"), kNone);
  EXPECT_EQ(FindInvalidUtf8("\xC3\xA9"), kNone);          // U+00E9
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82\xAC"), kNone);      // U+20AC
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80"), kNone);  // U+1F600
  // The edges of each range.
  EXPECT_EQ(FindInvalidUtf8("\xC2\x80"), kNone);          // U+0080
  EXPECT_EQ(FindInvalidUtf8("\xDF\xBF"), kNone);          // U+07FF
  EXPECT_EQ(FindInvalidUtf8("\xE0\xA0\x80"), kNone);      // U+0800
  EXPECT_EQ(FindInvalidUtf8("\xED\x9F\xBF"), kNone);      // U+D7FF
  EXPECT_EQ(FindInvalidUtf8("\xEE\x80\x80"), kNone);      // U+E000
  EXPECT_EQ(FindInvalidUtf8("\xEF\xBF\xBF"), kNone);      // U+FFFF
  EXPECT_EQ(FindInvalidUtf8("\xF0\x90\x80\x80"), kNone);  // U+10000
  EXPECT_EQ(FindInvalidUtf8("\xF4\x8F\xBF\xBF"), kNone);  // U+10FFFF
  // NUL is a code point; refusing it is a caller's rule.
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), kNone);
}

TEST(FindInvalidUtf8, RejectsOverlongForms) {
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);             // '/' in two bytes
  EXPECT_EQ(FindInvalidUtf8("\xC1\xBF"), 0u);             // U+007F in two bytes
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);         // '/' in three bytes
  EXPECT_EQ(FindInvalidUtf8("\xE0\x9F\xBF"), 0u);         // U+07FF in three bytes
  EXPECT_EQ(FindInvalidUtf8("\xF0\x80\x80\xAF"), 0u);     // '/' in four bytes
  EXPECT_EQ(FindInvalidUtf8("\xF0\x8F\xBF\xBF"), 0u);     // U+FFFF in four bytes
  EXPECT_EQ(FindInvalidUtf8("abcdefghij\xC0\x80"), 10u);  // after the ASCII fast path
}

TEST(FindInvalidUtf8, RejectsSurrogates) {
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);    // U+D800
  EXPECT_EQ(FindInvalidUtf8("\xED\xBF\xBF"), 0u);    // U+DFFF
  EXPECT_EQ(FindInvalidUtf8("ok\xED\xB2\x80"), 2u);  // U+DC80
}

TEST(FindInvalidUtf8, RejectsCodePointsPastU10FFFF) {
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(FindInvalidUtf8("\xF7\xBF\xBF\xBF"), 0u);  // U+1FFFFF
  EXPECT_EQ(FindInvalidUtf8("\xF8\x88\x80\x80\x80"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xFF"), 0u);
}

TEST(FindInvalidUtf8, RejectsTruncatedAndBrokenSequences) {
  EXPECT_EQ(FindInvalidUtf8("\xC3"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98"), 0u);
  EXPECT_EQ(FindInvalidUtf8("abc\xE2\x82"), 3u);
  EXPECT_EQ(FindInvalidUtf8("\xC3(x"), 0u);  // lead, then not a continuation
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82x"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);          // a continuation without a lead
  EXPECT_EQ(FindInvalidUtf8("\xC3\xA9\xBF"), 2u);  // one continuation too many
}

// The ASCII fast path reads 64, 16 and 8 bytes at a time: a bad byte at every
// position of a long line, and a good sequence there, are each found exactly.
TEST(FindInvalidUtf8, FindsTheFirstBadByteAtEveryOffsetOfALongLine) {
  for (size_t at = 0; at < 200; ++at) {
    std::string bad(200, 'a');
    bad[at] = '\xFF';
    EXPECT_EQ(FindInvalidUtf8(bad), at) << at;
    std::string lone(200, 'a');
    lone[at] = '\xC3';  // a lead byte whose continuation is missing
    EXPECT_EQ(FindInvalidUtf8(lone), at) << at;
    std::string good(200, 'a');
    good.replace(at, 3, "\xE2\x82\xAC");
    EXPECT_EQ(FindInvalidUtf8(good), kNone) << at;
    good += "\x80";  // a stray continuation byte after it, at the very end
    EXPECT_EQ(FindInvalidUtf8(good), good.size() - 1) << at;
  }
}

TEST(IsValidUtf8, AgreesWithFindInvalidUtf8) {
  EXPECT_TRUE(IsValidUtf8("Zürich €"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("\0", 1)));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
}

// One U+FFFD a byte, as the JSON writer writes them (json_out.cc): an overlong
// form is three bad bytes, a truncated sequence before ASCII two.
TEST(ReplaceInvalidUtf8, ReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(ReplaceInvalidUtf8("Zürich €"), "Zürich €");
  EXPECT_EQ(ReplaceInvalidUtf8(""), "");
  EXPECT_EQ(ReplaceInvalidUtf8("a\xE9"
                               "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(ReplaceInvalidUtf8("\xE0\x80\x80"), "\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(ReplaceInvalidUtf8("\xE2\x82x€"), "\uFFFD\uFFFDx€");
  EXPECT_EQ(ReplaceInvalidUtf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(ReplaceInvalidUtf8("end\xF4\x90\x80\x80"), "end\uFFFD\uFFFD\uFFFD\uFFFD");
  const std::string nul("a\0b", 3);
  EXPECT_EQ(ReplaceInvalidUtf8(nul), nul);
}

// What messages quote of a person's text: whole characters only, never a
// character cut in half at the limit.
TEST(ClipUtf8, CutsBeforeACharacterThatWouldNotFit) {
  const std::string emoji = "\xF0\x9F\x98\x80";  // U+1F600, 4 bytes
  // Bytes 198..201: the character straddles byte 200.
  const std::string across = std::string(198, 'a') + emoji + "tail";
  EXPECT_EQ(ClipUtf8(across), std::string(198, 'a'));
  EXPECT_TRUE(IsValidUtf8(ClipUtf8(across)));
  // Ending exactly at byte 200, it fits.
  const std::string fits = std::string(196, 'a') + emoji + "tail";
  EXPECT_EQ(ClipUtf8(fits), std::string(196, 'a') + emoji);
  EXPECT_EQ(ClipUtf8("short"), "short");
  EXPECT_EQ(ClipUtf8(std::string(300, 'b')), std::string(200, 'b'));
  EXPECT_EQ(ClipUtf8("\xC3\xA9"
                     "x",
                     1),
            "");
}

}  // namespace
}  // namespace levers
