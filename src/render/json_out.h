// JsonOut and JsonBuilder: streaming JSON writers.
//
// Written by hand because guides.json is levers build's largest output: the
// nlohmann::ordered_json tree we used first spent more time allocating and
// serialising than reading the guides (perf on 10,000 generated guides).
// Output is UTF-8; invalid bytes in input strings are written as U+FFFD so the
// document always parses. Both write the same bytes for the same calls.
//
// JsonOut appends to a caller's std::string, which holds the document so far
// after every call. JsonBuilder writes through a cursor into a buffer it owns
// and hands the document over with Take(): one bounds check and a few stores
// per key or number instead of a string append each, for the one JSON object
// per guide that levers build, parse and the store write.
// Neither is thread-safe; use one per thread.
#ifndef LEVERS_RENDER_JSON_OUT_H_
#define LEVERS_RENDER_JSON_OUT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "levers/money.h"

namespace levers::internal {

class JsonOut {
 public:
  JsonOut(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  JsonOut& BeginObject() { return Open('{'); }
  JsonOut& EndObject() { return Close('}'); }
  JsonOut& BeginArray() { return Open('['); }
  JsonOut& EndArray() { return Close(']'); }
  // The key of the next value in an object.
  JsonOut& Key(std::string_view k);
  JsonOut& String(std::string_view s);
  JsonOut& Int(int64_t v);
  JsonOut& Bool(bool v);
  JsonOut& Null();
  // A number already formatted as JSON (e.g. "1234.5").
  JsonOut& Number(std::string_view literal);
  // Starts a value the caller appends to the returned buffer itself (a number
  // formatted in place, without a temporary string). The caller must append
  // exactly one valid JSON value.
  std::string& RawValue() {
    BeforeValue();
    return out_;
  }

 private:
  JsonOut& Open(char c);
  JsonOut& Close(char c);
  void BeforeValue();
  void Newline();
  void Escaped(std::string_view s);

  std::string& out_;
  bool pretty_;
  std::vector<char> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// One JSON document written into a buffer the builder owns; Take() returns it.
// Keys are string literals written with their quotes, colon and comma in one
// copy; amounts and percentages are formatted in place.
class JsonBuilder {
 public:
  // `expected_size`: the buffer's first size (it grows as needed).
  explicit JsonBuilder(bool pretty, size_t expected_size = 16384);
  ~JsonBuilder();
  JsonBuilder(const JsonBuilder&) = delete;
  JsonBuilder& operator=(const JsonBuilder&) = delete;

  JsonBuilder& BeginObject() { return Open('{'); }
  JsonBuilder& EndObject() { return Close('}'); }
  JsonBuilder& BeginArray() { return Open('['); }
  JsonBuilder& EndArray() { return Close(']'); }

  // The key of the next value in an object. `key` is a string literal that
  // needs no escaping (plain ASCII letters, digits and '_'): levers' own keys.
  template <size_t N>
  JsonBuilder& Key(const char (&key)[N]) {
    constexpr size_t n = N - 1;
    Reserve(n + 6 + Indent());
    Separate();
    *cur_++ = '"';
    std::memcpy(cur_, key, n);
    cur_ += n;
    *cur_++ = '"';
    *cur_++ = ':';
    if (pretty_) *cur_++ = ' ';
    after_key_ = true;
    return *this;
  }
  JsonBuilder& String(std::string_view s);
  JsonBuilder& Int(int64_t v);
  JsonBuilder& Null();
  // An amount in major units, as AppendMajorUnits(out, m, false) writes it.
  JsonBuilder& MajorUnits(const Money& m);
  // A percentage, as AppendPercent writes it ("10", "7.5").
  JsonBuilder& PercentValue(Percent p);

  // The document written so far; the builder starts a new one afterwards.
  std::string Take();

 private:
  JsonBuilder& Open(char c);
  JsonBuilder& Close(char c);
  size_t Indent() const { return pretty_ ? 2 * depth_ + 1 : 0; }
  // Room for `n` more bytes at cur_.
  void Reserve(size_t n) {
    if (static_cast<size_t>(end_ - cur_) < n) Grow(n);
  }
  void Grow(size_t n);
  // The comma and (pretty) line break before a value or key, within the
  // room Reserve(... + Indent()) made.
  void Separate() {
    if (depth_ == 0) return;
    if (need_comma_) *cur_++ = ',';
    if (pretty_) NewlineIndent(depth_);
  }
  void NewlineIndent(size_t depth);
  // Starts a value: Reserve, then Separate unless it follows a key.
  void BeforeValue(size_t n) {
    Reserve(n + 1 + Indent());
    if (!after_key_) Separate();
    after_key_ = false;
    need_comma_ = true;
  }
  void StringTail(std::string_view s, size_t i);

  std::string buf_;
  char* cur_;
  char* end_;
  bool pretty_;
  size_t depth_ = 0;
  bool need_comma_ = false;  // a value was written in the open container
  bool after_key_ = false;   // a key was written; its value comes next
};

}  // namespace levers::internal

#endif  // LEVERS_RENDER_JSON_OUT_H_
