// UTF-8 validation, the one rule every reader and front end applies to text:
// well-formed UTF-8 per RFC 3629 (no overlong forms, no UTF-16 surrogates
// U+D800..U+DFFF, no code points past U+10FFFF, no truncated sequences).
// Callers that also refuse NUL bytes or control characters check those on top.
//
// Pure functions over their argument; safe from any thread.
#ifndef LEVERS_UTF8_H_
#define LEVERS_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace levers {

// Offset of the first byte of the first ill-formed sequence in `text`, or
// std::string_view::npos when all of it is well-formed UTF-8. NUL is a valid
// code point here.
size_t FindInvalidUtf8(std::string_view text);

// True when `text` is well-formed UTF-8 (FindInvalidUtf8 finds nothing).
inline bool IsValidUtf8(std::string_view text) {
  return FindInvalidUtf8(text) == std::string_view::npos;
}

// `text` with each byte that FindInvalidUtf8 would stop at replaced by U+FFFD,
// one replacement per byte, the way the JSON writer writes such bytes. For
// writers whose output must be UTF-8 (HTML pages) when a guide was not.
std::string ReplaceInvalidUtf8(std::string_view text);

// `text` with each byte of an ill-formed UTF-8 sequence, and each ASCII
// control byte, written as \xHH ("bad\xFF.md", "new\x0Aline.md"): a file
// name quoted in a message stays one line of text and says which byte it is.
std::string EscapeUnprintable(std::string_view text);

// What a message quotes of a person's text (an id, a path): at most this
// many bytes, so that a 5 KB id is never echoed whole.
inline constexpr size_t kMaxQuotedBytes = 200;

// The first `max_bytes` bytes of `text`, or fewer: cut before a UTF-8
// character that would not fit whole (a view of `text`). Every message that
// quotes a person's text clips it so, with kMaxQuotedBytes.
std::string_view ClipUtf8(std::string_view text, size_t max_bytes = kMaxQuotedBytes);

}  // namespace levers

#endif  // LEVERS_UTF8_H_
