// JsonOut: a streaming JSON writer into a std::string.
//
// Written by hand because guides.json is levers build's largest output: the
// nlohmann::ordered_json tree we used first spent more time allocating and
// serialising than reading the guides (perf on 10,000 generated guides). This
// writer appends straight into one buffer. Output is UTF-8; invalid bytes in
// input strings are written as U+FFFD so the document always parses.
// Not thread-safe; use one per thread.
#ifndef LEVERS_RENDER_JSON_OUT_H_
#define LEVERS_RENDER_JSON_OUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace levers::internal

#endif  // LEVERS_RENDER_JSON_OUT_H_
