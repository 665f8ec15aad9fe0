// Reading back a bands JSON file (FormatBandsJson) for levers check --bands,
// with every amount exact: numbers are read from the text they were written
// as, never through a double.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "levers/bands.h"
#include "levers/money.h"
#include "levers/source.h"
#include "levers/utf8.h"

namespace levers {
namespace {

using nlohmann::ordered_json;

// A pointer into the text being parsed that records the last byte the parser
// read, so the handler can say where a key is: nlohmann's SAX events carry no
// place. When key() is called the last byte read is the key's closing quote.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  TrackingIterator(const char* p, const char** last_read) : p_(p), last_read_(last_read) {}
  char operator*() const {
    *last_read_ = p_;
    return *p_;
  }
  TrackingIterator& operator++() {
    ++p_;
    return *this;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** last_read_;
};

// The 1-based line and column (the column in bytes, not code points) of
// `offset` in `text`.
LineColumn LineColumnAt(std::string_view text, size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t newline = before.rfind('\n');
  const size_t column = offset - (newline == std::string_view::npos ? 0 : newline + 1) + 1;
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(column)};
}

// A SAX handler that builds the document as nlohmann's own DOM parser does,
// except that a number with a fraction or an exponent (or one too large for
// 64 bits) is kept as the text it was written as, in a binary value: JSON text
// never yields a binary value, so it cannot be mistaken for anything else.
// Integers are exact in the DOM already.
class ExactNumberDom {
 public:
  // `text` is the document being parsed; it must outlive the handler.
  // `last_read` is where a TrackingIterator over `text` records the byte read last.
  ExactNumberDom(ordered_json& root, std::string_view text, const char* const* last_read)
      : root_(root), text_(text), last_read_(last_read) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(ordered_json::number_integer_t v) { return Put(v); }
  bool number_unsigned(ordered_json::number_unsigned_t v) { return Put(v); }
  bool number_float(ordered_json::number_float_t, const std::string& text) {
    return Put(
        ordered_json::binary(ordered_json::binary_t::container_type(text.begin(), text.end())));
  }
  bool string(std::string& v) { return Put(std::move(v)); }
  bool binary(ordered_json::binary_t& v) { return Put(ordered_json::binary(std::move(v))); }
  bool start_object(std::size_t) {
    stack_.push_back(Slot(ordered_json::object()));
    key_places_.emplace_back();
    return true;
  }
  // A key given twice in one object is refused: reading the last (or the
  // first) would be a silent choice between two values.
  bool key(std::string& k) {
    const size_t place = KeyStart();
    auto [it, added] = key_places_.back().try_emplace(k, place);
    if (!added) {
      const LineColumn at = LineColumnAt(text_, place), first = LineColumnAt(text_, it->second);
      duplicate_key_ = std::to_string(at.line) + ":" + std::to_string(at.column) + ": the key \"" +
                       EscapedKey(k) + "\" given twice in one object (first at line " +
                       std::to_string(first.line) + ", column " + std::to_string(first.column) +
                       "); expected each key once";
      return false;
    }
    key_slot_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    key_places_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back(Slot(ordered_json::array()));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  // `end` is the offset just past `token`, the text read last.
  template <class Exception>
  bool parse_error(std::size_t end, const std::string& token, const Exception& ex) {
    // "[json.exception.parse_error.101] parse error at line 1, column 33: ..."
    error_ = ex.what();
    const size_t bracket = error_.find("] ");
    if (bracket != std::string::npos) error_.erase(0, bracket + 2);
    if constexpr (!std::is_same_v<Exception, ordered_json::parse_error>) {
      // A number too large for a double ("number overflow parsing '1e400'")
      // carries no place of its own: it is where its token starts.
      const size_t start = std::min(end - std::min(end, token.size()), text_.size());
      const LineColumn at = LineColumnAt(text_, start);
      error_ = "line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": " +
               error_;
    }
    return false;
  }

  // The parser's message when the text is not JSON, else empty.
  const std::string& error() const { return error_; }
  // "L:C: the key ... given twice ..." when a key was repeated, else empty.
  const std::string& duplicate_key() const { return duplicate_key_; }

 private:
  // The offset of the opening quote of the key just read: the last byte read
  // is its closing quote, and the opening one is the first quote before it not
  // escaped by a backslash.
  size_t KeyStart() const {
    size_t at = static_cast<size_t>(*last_read_ - text_.data());
    while (at > 0) {
      --at;
      if (text_[at] != '"') continue;
      size_t slashes = 0;
      while (slashes < at && text_[at - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return at;
    }
    return 0;
  }
  // `k` cut to at most 60 bytes (never inside a UTF-8 character) with control
  // bytes, '"' and '\\' as \xHH, for a message.
  static std::string EscapedKey(std::string_view k) {
    std::string out;
    const std::string_view shown = ClipUtf8(k, 60);
    for (char c : shown) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x20 || b == 0x7f || c == '"' || c == '\\') {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(b));
        out += hex;
      } else {
        out += c;
      }
    }
    return shown.size() < k.size() ? out + "..." : out;
  }

  // Where the next value goes: the root, the end of the open array, or the
  // slot of the last key of the open object.
  ordered_json* Slot(ordered_json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    ordered_json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    *key_slot_ = std::move(v);
    return key_slot_;
  }
  template <class V>
  bool Put(V&& v) {
    Slot(ordered_json(std::forward<V>(v)));
    return true;
  }

  ordered_json& root_;
  std::string_view text_;
  const char* const* last_read_;
  std::vector<ordered_json*> stack_;
  // Per open object, each key's place (offset of its opening quote).
  std::vector<std::unordered_map<std::string, size_t>> key_places_;
  ordered_json* key_slot_ = nullptr;
  std::string error_;
  std::string duplicate_key_;
};

// A JSON number's text ("82984.2", "1.5e3", "250000") as minor units of a
// currency with `digits` minor digits, exactly; nullopt with `why` when it is
// negative, has more decimals than the currency or does not fit in int64.
std::optional<int64_t> ExactMinorFromText(std::string_view text, int digits, std::string& why) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    why = "an amount below 0";
    return std::nullopt;
  }
  std::string mantissa;  // the significant digits, integer part then fraction
  int exponent = 0;      // value = mantissa × 10^exponent
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') mantissa += text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      mantissa += text[i++];
      --exponent;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    int64_t e = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (e < 1'000'000) e = e * 10 + (text[i] - '0');
      ++i;
    }
    exponent += static_cast<int>(negative ? -e : e);
  }
  if (mantissa.empty() || i != text.size()) {
    why = "not a number";
    return std::nullopt;
  }
  // Trailing zeros of the mantissa move into the exponent; leading ones go.
  while (mantissa.size() > 1 && mantissa.back() == '0') {
    mantissa.pop_back();
    ++exponent;
  }
  const size_t first = mantissa.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  mantissa.erase(0, first);
  exponent += digits;  // now in minor units
  if (exponent < 0) {
    why = "more decimals than the currency's " + std::to_string(digits);
    return std::nullopt;
  }
  const auto too_large = [&why] {
    why = "too large for an amount";
    return std::nullopt;
  };
  if (mantissa.size() + static_cast<size_t>(exponent) > 19) return too_large();
  // At most 19 digits: below 10^19, within uint64.
  uint64_t v = 0;
  for (char c : mantissa) v = v * 10 + static_cast<uint64_t>(c - '0');
  for (int k = 0; k < exponent; ++k) v *= 10;
  if (v > static_cast<uint64_t>(INT64_MAX)) return too_large();
  return static_cast<int64_t>(v);
}

// The reader's errors name the file and the field: "b.json: groups[2].n: ...".
class FieldReader {
 public:
  explicit FieldReader(const std::string& name) : name_(name) {}

  Status Error(const std::string& path, const std::string& what) const {
    return Status::InvalidArgument(name_ + ": " + path + ": " + what);
  }

  // What a value is, for messages: a string is quoted, a number as written.
  static std::string Shown(const ordered_json& v) {
    if (v.is_binary()) return std::string(v.get_binary().begin(), v.get_binary().end());
    std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
  }

  // An optional string member; absent keeps `out`.
  Status String(const ordered_json& obj, const char* key, const std::string& path,
                std::string& out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_string()) {
      return Error(path + key, "expected a string, found " + Shown(*it));
    }
    out = it->get<std::string>();
    return Status::Ok();
  }

  // An optional whole number 0 or more; absent keeps `out`.
  template <class Int>
  Status Count(const ordered_json& obj, const char* key, const std::string& path, Int& out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (it->is_number_unsigned() ||
        (it->is_number_integer() && it->get<int64_t>() >= 0 &&
         static_cast<uint64_t>(it->get<int64_t>()) <= std::numeric_limits<Int>::max())) {
      const uint64_t v = it->get<uint64_t>();
      if (v <= std::numeric_limits<Int>::max()) {
        out = static_cast<Int>(v);
        return Status::Ok();
      }
    }
    return Error(path + key, "expected a whole number 0 or more, found " + Shown(*it));
  }

  // A percentile: null or absent is none; else an amount in major units of
  // `currency`, read exactly.
  Result<std::optional<int64_t>> Amount(const ordered_json& obj, const char* key,
                                        const std::string& path,
                                        const std::string& currency) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::optional<int64_t>();
    const int digits = FindCurrency(currency)->minor_digits;
    std::string text;
    if (it->is_binary()) {
      text = Shown(*it);
    } else if (it->is_number_integer() || it->is_number_unsigned()) {
      text = it->dump();
    } else {
      return Error(path + key,
                   "expected an amount in " + currency + " or null, found " + Shown(*it));
    }
    std::string why;
    std::optional<int64_t> minor = ExactMinorFromText(text, digits, why);
    if (!minor) {
      return Error(path + key,
                   "expected an amount in " + currency + ", found " + text + " (" + why + ")");
    }
    return std::optional<int64_t>(*minor);
  }

 private:
  const std::string& name_;
};

constexpr const char* kPercentileKeys[] = {"p10", "p25", "p50", "p75", "p90"};

}  // namespace

Result<BandSet> ParseBandsJson(std::string_view text, std::string name) {
  ordered_json j;
  const char* last_read = text.data();
  ExactNumberDom dom(j, text, &last_read);
  if (!ordered_json::sax_parse(TrackingIterator(text.data(), &last_read),
                               TrackingIterator(text.data() + text.size(), &last_read), &dom) ||
      !j.is_object()) {
    if (!dom.duplicate_key().empty())
      return Status::InvalidArgument(name + ":" + dom.duplicate_key());
    return Status::InvalidArgument(name +
                                   ": not a bands JSON file (levers bands build --format json)" +
                                   (dom.error().empty() ? std::string() : ": " + dom.error()));
  }
  const FieldReader read(name);
  BandSet b;
  b.source = name;
  LEVERS_RETURN_IF_ERROR(read.String(j, "source", "", b.source));
  if (!j.contains("by") || !j["by"].is_array() || !j.contains("groups") ||
      !j["groups"].is_array()) {
    return Status::InvalidArgument(name + ": expected the keys \"by\" and \"groups\"");
  }
  b.options.by.clear();
  for (const auto& d : j["by"]) {
    if (!d.is_string()) return read.Error("by", "must list dimension names");
    Result<std::vector<BandDimension>> dims = ParseDimensions(d.get<std::string>());
    if (!dims.ok()) return read.Error("by", dims.status().message());
    b.options.by.push_back(dims->front());
  }
  std::string as_of;
  LEVERS_RETURN_IF_ERROR(read.String(j, "as_of", "", as_of));
  if (!as_of.empty()) {
    DateParse d = ParseIsoDate(as_of);
    if (!d.date) return read.Error("as_of", d.error);
    b.options.as_of = *d.date;
  }
  LEVERS_RETURN_IF_ERROR(read.Count(j, "window_days", "", b.options.window_days));
  size_t index = 0;
  for (const auto& g : j["groups"]) {
    const std::string where = "groups[" + std::to_string(index++) + "]";
    if (!g.is_object() || !g.contains("key_norm") || !g["key_norm"].is_object() ||
        !g.contains("currency") || !g["currency"].is_string()) {
      return read.Error(where, "expected key_norm and currency");
    }
    GroupBand out;
    out.currency = g["currency"].get<std::string>();
    if (FindCurrency(out.currency) == nullptr) {
      return read.Error(where + ".currency",
                        "expected an ISO 4217 code levers knows, found '" + out.currency + "'");
    }
    for (BandDimension d : b.options.by) {
      const std::string dn(DimensionName(d));
      if (!g["key_norm"].contains(dn) || !g["key_norm"][dn].is_string()) {
        return read.Error(where, "key_norm has no " + dn);
      }
      out.key_norm.push_back(g["key_norm"][dn].get<std::string>());
      out.key.push_back(g.contains("key") && g["key"].is_object() && g["key"].contains(dn) &&
                                g["key"][dn].is_string()
                            ? g["key"][dn].get<std::string>()
                            : out.key_norm.back());
    }
    const std::string prefix = where + ".";
    LEVERS_RETURN_IF_ERROR(read.Count(g, "n", prefix, out.n));
    LEVERS_RETURN_IF_ERROR(read.Count(g, "companies", prefix, out.companies));
    LEVERS_RETURN_IF_ERROR(read.Count(g, "converted", prefix, out.converted));
    // The newest submission's date; null, or absent in files written before
    // it was, is none.
    if (auto it = g.find("newest"); it != g.end() && !it->is_null()) {
      const DateParse d = it->is_string() ? ParseIsoDate(it->get<std::string>()) : DateParse{};
      if (!d.date) {
        // Not a string, or a string that is not a date (then with why).
        return read.Error(prefix + "newest",
                          "expected a date YYYY-MM-DD or null, found " + read.Shown(*it) +
                              (it->is_string() ? " (" + d.error + ")" : std::string()));
      }
      out.newest = *d.date;
    }
    out.grade = "low";
    LEVERS_RETURN_IF_ERROR(read.String(g, "grade", prefix, out.grade));
    std::string status = "ok";
    LEVERS_RETURN_IF_ERROR(read.String(g, "status", prefix, status));
    if (status == "ok") {
      out.status = GroupStatus::kOk;
    } else if (status == "pooled") {
      out.status = GroupStatus::kPooled;
    } else if (status == "suppressed") {
      out.status = GroupStatus::kSuppressed;
    } else {
      return read.Error(prefix + "status",
                        "expected ok, pooled or suppressed, found '" + status + "'");
    }
    if (g.contains("pooled_from") && !g["pooled_from"].is_null()) {
      LEVERS_RETURN_IF_ERROR(read.String(g, "pooled_from", prefix, out.pooled_from));
    }
    for (BandMetric m : kBandMetrics) {
      const std::string mn(MetricName(m));
      if (!g.contains(mn)) continue;
      const ordered_json& metric = g[mn];
      const std::string mpath = prefix + mn + ".";
      if (!metric.is_object()) return read.Error(prefix + mn, "expected an object");
      MetricBand& mb = out.metrics[static_cast<int>(m)];
      LEVERS_RETURN_IF_ERROR(read.Count(metric, "n", mpath, mb.n));
      LEVERS_RETURN_IF_ERROR(read.Count(metric, "outliers", mpath, mb.outliers));
      std::array<int64_t, 5> p{};
      size_t given = 0;
      for (size_t i = 0; i < 5; ++i) {
        LEVERS_ASSIGN_OR_RETURN(std::optional<int64_t> v,
                                read.Amount(metric, kPercentileKeys[i], mpath, out.currency));
        if (v) {
          p[i] = *v;
          ++given;
        }
      }
      // All five figures, or none (a suppressed group writes null).
      if (given == 5) {
        for (size_t i = 0; i + 1 < 5; ++i) {
          if (p[i] > p[i + 1]) {
            return read.Error(mpath + kPercentileKeys[i + 1],
                              read.Shown(metric[kPercentileKeys[i + 1]]) + " is below " +
                                  kPercentileKeys[i] + " " +
                                  read.Shown(metric[kPercentileKeys[i]]) +
                                  "; expected p10 <= p25 <= p50 <= p75 <= p90");
          }
        }
        mb.pct = p;
      } else if (given > 0) {
        return read.Error(prefix + mn, "expected p10, p25, p50, p75 and p90 all given or all null");
      }
    }
    b.groups.push_back(std::move(out));
  }
  return b;
}

}  // namespace levers
