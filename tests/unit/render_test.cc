#include "levers/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "core/digits.h"
#include "core/yaml_emit.h"
#include "levers/utf8.h"
#include "test_guides.h"

namespace levers {
namespace {

using testing::CleanGuide;
using testing::Replace;

TEST(Digits, GroupsThousandsWithCommas) {
  const std::pair<uint64_t, std::string> cases[] = {
      {0, "0"},
      {7, "7"},
      {42, "42"},
      {999, "999"},
      {1'000, "1,000"},
      {100'500, "100,500"},
      {1'234'567, "1,234,567"},
      {std::numeric_limits<uint64_t>::max(), "18,446,744,073,709,551,615"}};
  for (const auto& [v, want] : cases) {
    char buf[32];
    char* begin = internal::WriteGroupedBackward(buf + sizeof buf, v);
    EXPECT_EQ(std::string(begin, buf + sizeof buf), want);
  }
}

TEST(Digits, GroupsLakhsWithCommas) {
  const std::pair<uint64_t, std::string> cases[] = {
      {0, "0"},
      {999, "999"},
      {1'000, "1,000"},
      {99'999, "99,999"},
      {100'000, "1,00,000"},
      {1'234'567, "12,34,567"},
      {12'000'000, "1,20,00,000"},
      {std::numeric_limits<uint64_t>::max(), "1,84,46,74,40,73,70,95,51,615"}};
  for (const auto& [v, want] : cases) {
    char buf[32];
    char* begin = internal::WriteGroupedBackward(buf + sizeof buf, v, true);
    EXPECT_EQ(std::string(begin, buf + sizeof buf), want);
    begin = internal::WriteLakhGroupedBackward(buf + sizeof buf, v);
    EXPECT_EQ(std::string(begin, buf + sizeof buf), want);
  }
}

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(HtmlEscape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

// Control characters have no place in HTML text (a browser shows them as
// boxes, a terminal copying the page obeys them): C0 controls but tab, LF and
// CR, DEL, and C1 controls encoded in UTF-8 become U+FFFD.
TEST(HtmlEscape, ReplacesControlCharacters) {
  EXPECT_EQ(HtmlEscape(std::string("Software\x01"
                                   "Engineer\x1B[31m\tA\nB\rC\x7F D\xC2\x85 E\xC2\xA0"
                                   "F\xC2\xA3" +
                                   std::string(1, '\0') + "<")),
            "Software\uFFFDEngineer\uFFFD[31m\tA\nB\rC\uFFFD D\uFFFD E\xC2\xA0"
            "F\xC2\xA3\uFFFD&lt;");
}

// The page of a guide whose title holds control characters has none of them:
// not in <title>, not in <h1>, nowhere.
TEST(RenderGuideHtml, ControlCharactersInTheTextBecomeReplacementCharacters) {
  auto r = testing::ReadText(Replace(testing::kBody, "### Software Engineer |",
                                     "### Software\x01"
                                     "Engineer\x1B[31m |"));
  ASSERT_TRUE(r.guide);
  const std::string html = RenderGuideHtml(*r.guide);
  EXPECT_NE(html.find("<h1>Software\uFFFDEngineer\uFFFD[31m <span class=\"muted\">at</span> "
                      "Quillon Labs</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("<title>Software\uFFFDEngineer\uFFFD[31m at Quillon Labs"),
            std::string::npos);
  EXPECT_EQ(std::count_if(html.begin(), html.end(),
                          [](char c) {
                            const unsigned char u = static_cast<unsigned char>(c);
                            return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F;
                          }),
            0);
}

TEST(HtmlEscape, FindsSpecialBytesAtEveryPositionOfLongText) {
  // Text is scanned sixteen bytes at a time: put each special byte at every
  // offset of a 40-byte run (both sides of each block boundary), next to bytes
  // that differ from it by one bit and to UTF-8, and compare with the entity
  // written by hand.
  const std::pair<char, std::string_view> kSpecial[] = {
      {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};
  const std::string filler = "%=?\"x\xC3\xA9\x0A~";  // '%' is '&' ^ 3, '=' is '<' + 1
  for (const auto& [c, entity] : kSpecial) {
    for (size_t at = 0; at < 40; ++at) {
      std::string text, expected;
      for (size_t i = 0; i < 40; ++i) {
        const char plain = filler[i % filler.size()] == '"' ? 'y' : filler[i % filler.size()];
        text += i == at ? c : plain;
        if (i == at)
          expected += entity;
        else
          expected += plain;
      }
      std::string out = "kept|";
      AppendHtmlEscaped(out, text);
      EXPECT_EQ(out, "kept|" + expected) << c << " at " << at;
      EXPECT_EQ(HtmlEscape(text), expected);
    }
  }
  EXPECT_EQ(HtmlEscape(std::string(33, '<')), [] {
    std::string s;
    for (int i = 0; i < 33; ++i) s += "&lt;";
    return s;
  }());
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(RenderGuideHtml, GuideTextNeverBecomesMarkup) {
  std::string text =
      Replace(CleanGuide(), "Quillon builds editors", "<script>alert(1)</script> builds editors");
  text = Replace(text, "**Sync Experience:**", "**\"><img src=x onerror=alert(1)>:**");
  text = Replace(text, "region: Dublin", "region: \"Dub<b>lin\"");
  text = Replace(text, "| Dublin |", "| Dub<b>lin |");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  const std::string html = RenderGuideHtml(*r.guide);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; builds editors"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("Dub&lt;b&gt;lin"), std::string::npos);
}

// Money on the page shows every minor digit or none, as FormatMoney does:
// "USD 151,234.50", never "151,234.5"; "JPY" has none to show.
TEST(RenderGuideHtml, MoneyShowsEveryMinorDigit) {
  std::string text = Replace(CleanGuide(), "    base_low: 150000\n", "    base_low: 151234.5\n");
  text = Replace(text, "    base_high: 190000\n", "    base_high: 190000.05\n");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  const std::string html = RenderGuideHtml(*r.guide);
  EXPECT_NE(html.find("USD 151,234.50 – 190,000.05"), std::string::npos) << html;
  EXPECT_EQ(html.find("151,234.5 "), std::string::npos);
  EXPECT_EQ(html.find("151,234.5<"), std::string::npos);
  // The page and FormatMoney agree on every amount the fast path writes.
  EXPECT_EQ(FormatMoney(Money{15'123'450, "USD"}), "USD 151,234.50");
}

// A band with only one end stated is charted as the table shows it, not as
// one exact salary: "— – 190K", and the description says which end it is.
TEST(RenderGuideHtml, AOneEndedBandIsChartedAsOne) {
  std::string text = Replace(CleanGuide(), "    base_low: 90000\n", "");
  text = Replace(text, "| Dublin | EUR90K–EUR120K |", "| Dublin | — |");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  const std::string html = RenderGuideHtml(*r.guide);
  EXPECT_NE(html.find(">Base: EUR — – 120K</text>"), std::string::npos) << html;
  EXPECT_NE(html.find("Base: EUR 120,000 (the high end; no low end is stated)"), std::string::npos);
  EXPECT_NE(html.find(">Dublin: USD — – "), std::string::npos);
  // A stock cell with no grant is "—", without a vesting period.
  std::string no_stock =
      Replace(CleanGuide(), "    stock_low: 60000\n    stock_high: 100000\n", "");
  no_stock = Replace(no_stock, "| EUR60K–EUR100K |", "| — |");
  auto n = testing::ReadText(no_stock);
  ASSERT_TRUE(n.guide);
  const std::string page = RenderGuideHtml(*n.guide);
  EXPECT_NE(page.find("<th scope=\"row\">Dublin</th><td>EUR 90,000 – 120,000</td><td>—</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<td>USD 120,000 – 200,000 <span class=\"muted\">/4y</span></td>"),
            std::string::npos);
}

// A guide with bytes that are not UTF-8 is read (with a utf8-invalid error);
// its page is still UTF-8, each bad byte shown as U+FFFD as in its JSON.
TEST(RenderGuideHtml, PageIsUtf8WhenTheGuideWasNot) {
  auto r = testing::ReadText(Replace(CleanGuide(), "Glassdoor reports for Quillon Labs",
                                     "Glassdoor reports for Caf\xE9 \xED\xA0\x80 Labs"));
  ASSERT_TRUE(r.guide);
  EXPECT_EQ(testing::Codes(r.sink, Severity::kError), std::vector<std::string>{"utf8-invalid"});
  const std::string html = RenderGuideHtml(*r.guide);
  EXPECT_TRUE(IsValidUtf8(html));
  EXPECT_NE(html.find("Caf\uFFFD \uFFFD\uFFFD\uFFFD Labs"), std::string::npos);
  auto clean = testing::ReadText(CleanGuide());
  ASSERT_TRUE(clean.guide);
  EXPECT_FALSE(clean.guide->invalid_utf8);
}

TEST(RenderGuideHtml, ExplainsEveryConvertedBandAndNamesWhatItCannotConvert) {
  auto clean = testing::ReadText(CleanGuide());
  ASSERT_TRUE(clean.guide);
  const std::string first = RenderGuideHtml(*clean.guide);
  // Dublin's EUR base, 90,000 × 1.1252 = 101,268 and 120,000 × 1.1252 =
  // 135,024, both exact, with the rate on the bar and its formula in full once.
  EXPECT_NE(first.find("<g><title>EUR 90,000 – 120,000 × 1.1252 USD/EUR = USD 101,268 – "
                       "135,024</title><text y=\"62\">Dublin: USD 101K – 135K</text>"),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("<li>EUR 1 × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD 1.13</li>"),
            std::string::npos);
  // Seattle's figures are already in USD: its rows carry no conversion.
  EXPECT_NE(first.find("<figure id=\"usd1\">\n<figcaption aria-hidden=\"true\">Base by region "
                       "(USD)</figcaption>\n<svg class=\"chart range\" viewBox=\"-8 0 360 114\" "
                       "role=\"img\"><title>Base by region (USD)</title><desc>Seattle: USD 150,000 "
                       "to 190,000; Dublin: USD "
                       "101,268 to 135,024</desc>"),
            std::string::npos);
  EXPECT_NE(first.find("<text y=\"18\">Seattle: USD 150K – 190K</text><rect"), std::string::npos);

  // Through the euro, rounded: GBP 90,000 ÷ 0.8477 × 1.1252 = 119,462.0738...
  // and 120,000 → 159,282.7651...; a single figure (stock 60,000 → 79,641.3825...)
  // is said once.
  std::string gbp = Replace(CleanGuide(), "currency: EUR", "currency: GBP");
  gbp = Replace(gbp, "stock_high: 100000", "stock_high: 60000");
  auto in_gbp = testing::ReadText(gbp);
  ASSERT_TRUE(in_gbp.guide);
  const std::string html = RenderGuideHtml(*in_gbp.guide);
  EXPECT_NE(html.find("<g><title>GBP 90,000 – 120,000 ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR ≈ USD "
                      "119,462.07 – 159,282.77</title>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<g><title>GBP 60,000 ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR ≈ USD "
                      "79,641.38</title>"),
            std::string::npos);
  EXPECT_NE(
      html.find("<li>GBP 1 ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD 1.33</li>"),
      std::string::npos);
  // A currency worth little in USD is shown in hundreds or thousands, so the
  // rate keeps its digits: 100 ÷ 163.36 × 1.1252 = 0.6888 (JPY 1 would be
  // USD 0.01, 45% off); 1,000 ÷ 1575.72 × 1.1252 = 0.7141 (KRW 1: USD 0).
  for (const auto& [code, line] :
       {std::pair{"JPY",
                  "<li>JPY 100 ÷ 163.36 JPY/EUR × 1.1252 USD/EUR (ECB 2025-05-09) ≈ USD "
                  "0.69</li>"},
        std::pair{"KRW",
                  "<li>KRW 1,000 ÷ 1575.72 KRW/EUR × 1.1252 USD/EUR (ECB 2025-05-09) ≈ "
                  "USD 0.71</li>"}}) {
    auto low =
        testing::ReadText(Replace(CleanGuide(), "currency: EUR", std::string("currency: ") + code));
    ASSERT_TRUE(low.guide);
    EXPECT_NE(RenderGuideHtml(*low.guide).find(line), std::string::npos) << code;
  }
  // Prepared conversions are kept per thread for a bounded number of
  // currencies: more distinct codes than that still convert or fail the same.
  for (int k = 0; k < 80; ++k) {
    const std::string code = "Q" + std::to_string(10 + k);
    auto odd = testing::ReadText(Replace(CleanGuide(), "currency: EUR", "currency: " + code));
    ASSERT_TRUE(odd.guide);
    const std::string odd_html = RenderGuideHtml(*odd.guide);
    EXPECT_NE(odd_html.find("Not converted: Dublin: unknown currency " + code), std::string::npos)
        << code;
  }
  // A currency the ECB stopped quoting has no rate in the newest month the
  // page converts with; its reason comes from the whole history.
  auto rub = testing::ReadText(Replace(CleanGuide(), "currency: EUR", "currency: RUB"));
  ASSERT_TRUE(rub.guide);
  EXPECT_NE(RenderGuideHtml(*rub.guide)
                .find("Not converted: Dublin: no ECB rate for RUB on 2025-05-09: none after "
                      "2022-03-01 (discontinued)"),
            std::string::npos);
  EXPECT_EQ(RenderGuideHtml(*clean.guide), first);
}

// Each region's band converted, in a table under the converted charts: the
// exact figures their descriptions say, and the rates and date that made them.
TEST(RenderGuideHtml, TheConvertedViewHasATableOfItsExactFigures) {
  auto clean = testing::ReadText(CleanGuide());
  ASSERT_TRUE(clean.guide);
  const std::string html = RenderGuideHtml(*clean.guide);
  const size_t view = html.find("<div class=\"view-usd\">");
  const size_t table = html.find(
      "<div class=\"wrap\"><table class=\"bands converted\">\n<caption class=\"muted\">Bands in "
      "USD for every region, exact, as charted above</caption>\n<thead><tr><th "
      "scope=\"col\">Region</th><th scope=\"col\">Base</th><th scope=\"col\">Stock "
      "(grant)</th><th scope=\"col\">Total comp / year</th><th scope=\"col\">Converted "
      "from</th></tr></thead>\n<tbody>\n");
  ASSERT_NE(view, std::string::npos);
  ASSERT_NE(table, std::string::npos) << html;
  EXPECT_LT(view, table);
  // Dublin's EUR 90,000 × 1.1252 = 101,268; 163,000 × 1.1252 = 183,407.60.
  EXPECT_NE(html.find("<tr><th scope=\"row\">Seattle</th><td>USD 150,000 – 190,000</td><td>USD "
                      "120,000 – 200,000 <span class=\"muted\">/4y</span></td><td>USD 195,000 – "
                      "268,000</td><td class=\"from\">USD, as stated</td></tr>\n<tr><th "
                      "scope=\"row\">Dublin</th><td>USD 101,268 – 135,024</td><td>USD 67,512 – "
                      "112,520 <span class=\"muted\">/4y</span></td><td>USD 128,272.80 – "
                      "183,407.60</td><td class=\"from\">EUR × 1.1252 USD/EUR (ECB "
                      "2025-05-09)</td></tr>\n</tbody>\n</table></div>\n",
                      table),
            std::string::npos)
      << html.substr(table);
  // The same numbers as the charts' descriptions.
  EXPECT_NE(html.find("Dublin: USD 101,268 to 135,024"), std::string::npos);
  EXPECT_NE(html.find("Dublin: USD 128,272.80 to 183,407.60"), std::string::npos);

  // Through the euro, rounded, in GBP's rate and USD's; a one-ended band as
  // the bands table writes it; a currency with no rate is "not converted".
  std::string gbp = Replace(CleanGuide(), "currency: EUR", "currency: GBP");
  gbp = Replace(gbp, "    base_low: 90000\n", "");
  gbp = Replace(gbp, "| Dublin | EUR90K–EUR120K |", "| Dublin | — |");
  auto in_gbp = testing::ReadText(gbp);
  ASSERT_TRUE(in_gbp.guide);
  const std::string g = RenderGuideHtml(*in_gbp.guide);
  EXPECT_NE(g.find("<tr><th scope=\"row\">Dublin</th><td>— – USD 159,282.77</td>"),
            std::string::npos)
      << g;
  EXPECT_NE(g.find("<td class=\"from\">GBP ÷ 0.8477 GBP/EUR × 1.1252 USD/EUR (ECB "
                   "2025-05-09)</td>"),
            std::string::npos);
  auto rub = testing::ReadText(Replace(CleanGuide(), "currency: EUR", "currency: RUB"));
  ASSERT_TRUE(rub.guide);
  EXPECT_NE(RenderGuideHtml(*rub.guide)
                .find("<tr><th scope=\"row\">Dublin</th><td>not converted</td><td>not "
                      "converted</td><td>not converted</td><td class=\"from\">RUB: no rate, said "
                      "below</td></tr>"),
            std::string::npos);
}

TEST(RenderGuideHtml, MarksAnOverdueReview) {
  auto r = testing::ReadText(CleanGuide());
  HtmlOptions o;
  o.today = Date{2026, 11, 23};
  EXPECT_NE(RenderGuideHtml(*r.guide, o).find("2026-11-01 (overdue)"), std::string::npos);
  o.today = Date{2026, 10, 1};
  EXPECT_EQ(RenderGuideHtml(*r.guide, o).find("(overdue)"), std::string::npos);
}

// The pay table row of `region` in a guide's page.
std::string BandRow(const std::string& html, const std::string& region) {
  const size_t at =
      html.find("<tr><th scope=\"row\">" + region + "</th>", html.find("<table class=\"bands\">"));
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</tr>", at) + 5 - at);
}

// Every amount of the pay table names its currency: the band's, which the
// charts and guides.json use, when the amount states none of its own (front
// matter with an empty currency, the table's "$" giving the band's), also on
// the high end of a range whose low end is missing, and on both ends when
// they are in two currencies.
TEST(RenderGuideHtml, BandTableNamesTheCurrencyOfEveryAmount) {
  auto stated_in_table =
      testing::ReadText(Replace(CleanGuide(), "    total_comp_high: 268000\n    currency: USD\n",
                                "    total_comp_high: 268000\n    currency:\n"));
  ASSERT_TRUE(stated_in_table.guide);
  EXPECT_EQ(BandRow(RenderGuideHtml(*stated_in_table.guide), "Seattle"),
            "<tr><th scope=\"row\">Seattle</th><td>USD 150,000 – 190,000</td><td>USD 120,000 – "
            "200,000 <span class=\"muted\">/4y</span></td><td>10–15%</td><td>USD 195,000 – "
            "268,000</td></tr>");

  auto no_low = testing::ReadText(Replace(Replace(CleanGuide(), "    base_low: 150000\n", ""),
                                          "| Seattle | $150K–$190K", "| Seattle | —"));
  ASSERT_TRUE(no_low.guide);
  EXPECT_EQ(BandRow(RenderGuideHtml(*no_low.guide), "Seattle"),
            "<tr><th scope=\"row\">Seattle</th><td>— – USD 190,000</td><td>USD 120,000 – 200,000 "
            "<span class=\"muted\">/4y</span></td><td>10–15%</td><td>USD 195,000 – "
            "268,000</td></tr>");

  // Front matter gives the low end in EUR, the table the high end in USD.
  auto two_currencies =
      testing::ReadText(Replace(Replace(CleanGuide(), "    base_high: 120000\n", ""),
                                "| Dublin | EUR90K–EUR120K", "| Dublin | $100K–$130K"));
  ASSERT_TRUE(two_currencies.guide);
  EXPECT_EQ(BandRow(RenderGuideHtml(*two_currencies.guide), "Dublin"),
            "<tr><th scope=\"row\">Dublin</th><td>EUR 90,000 – USD 130,000</td><td>EUR 60,000 – "
            "100,000 <span class=\"muted\">/4y</span></td><td>10–15%</td><td>EUR 114,000 – "
            "163,000</td></tr>");
}

// A rupee band is shown as Indian candidates write rupees: the table in lakhs
// ("INR 45,00,000"), the chart's labels in lakhs and crores ("45L", "1.2Cr").
TEST(RenderGuideHtml, RupeeBandsAreShownInLakhs) {
  std::string text = Replace(CleanGuide(), "  - region: Dublin\n", "  - region: Bangalore\n");
  text = Replace(text,
                 "    base_low: 90000\n    base_high: 120000\n    stock_low: 60000\n"
                 "    stock_high: 100000\n    bonus_pct: 10\n    total_comp_low: 114000\n"
                 "    total_comp_high: 163000\n    currency: EUR\n",
                 "    base_low: 4500000\n    base_high: 7000000\n    stock_low: 3000000\n"
                 "    stock_high: 12000000\n    bonus_pct: 10\n    total_comp_low: 5700000\n"
                 "    total_comp_high: 10700000\n    currency: INR\n");
  text = Replace(text, "| Dublin | EUR90K–EUR120K | EUR60K–EUR100K | 10–15% | EUR114K–EUR163K |",
                 "| Bangalore | ₹45L–₹70L | ₹30L–₹1.2Cr | 10–15% | ₹57L–₹1.07Cr |");
  auto read = testing::ReadText(text);
  ASSERT_TRUE(read.guide);
  const std::string html = RenderGuideHtml(*read.guide);
  EXPECT_EQ(BandRow(html, "Bangalore"),
            "<tr><th scope=\"row\">Bangalore</th><td>INR 45,00,000 – 70,00,000</td><td>INR "
            "30,00,000 – 1,20,00,000 <span class=\"muted\">/4y</span></td><td>10–15%</td><td>INR "
            "57,00,000 – 1,07,00,000</td></tr>");
  // The region's own chart, its description and the formulas of the common view.
  EXPECT_NE(html.find(">Base: INR 45L – 70L<"), std::string::npos) << html;
  EXPECT_NE(html.find(">Stock grant (4 yr): INR 30L – 1.2Cr<"), std::string::npos) << html;
  EXPECT_NE(html.find(">Total comp / year: INR 57L – 1.07Cr<"), std::string::npos) << html;
  EXPECT_NE(html.find("<desc>Base: INR 45,00,000 to 70,00,000;"), std::string::npos) << html;
  EXPECT_NE(html.find("<title>INR 30,00,000 – 1,20,00,000 ÷ 96.0755 INR/EUR"), std::string::npos)
      << html;

  // Front matter that names no currency: its amounts are the band's, rupees
  // from the table, and grouped as rupees.
  auto unnamed = testing::ReadText(Replace(text, "    currency: INR\n", ""));
  ASSERT_TRUE(unnamed.guide);
  EXPECT_NE(BandRow(RenderGuideHtml(*unnamed.guide), "Bangalore")
                .find("<td>INR 45,00,000 – 70,00,000</td>"),
            std::string::npos)
      << BandRow(RenderGuideHtml(*unnamed.guide), "Bangalore");
}

TEST(RenderCanonicalMarkdown, BodyOnlyGuideGainsFrontMatter) {
  auto r = testing::ReadText(testing::kBody);
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_TRUE(md.starts_with("---\ncompany: quillon-labs\ncompany_display: Quillon Labs\n"));
  EXPECT_NE(
      md.find("compensation:\n  - region: Seattle\n    base_low: 150000\n    base_high: 190000\n"),
      std::string::npos);
  EXPECT_NE(md.find("    bonus_pct_low: 10\n    bonus_pct_high: 15\n"), std::string::npos);
  EXPECT_NE(md.find("negotiation_dna_summary: \"Solid Base + Steady Equity | Document Tools Maker "
                    "| 2026 Focus: "
                    "Offline Sync\"\n---\n### Software Engineer"),
            std::string::npos);
  EXPECT_TRUE(md.ends_with("- Glassdoor reports for Quillon Labs\n"));
}

// A table row without a region cannot pair with a front matter band, so it is
// not written into the front matter: the table keeps it (and its
// table-cell-empty error), and the rewrite is a fixed point with the same model.
TEST(RenderCanonicalMarkdown, ARegionlessTableRowStaysInTheTable) {
  auto r = testing::ReadText(Replace(testing::kBody, "| Seattle |", "|  |"));
  ASSERT_TRUE(r.guide);
  EXPECT_EQ(testing::Codes(r.sink, Severity::kError), std::vector<std::string>{"table-cell-empty"});
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("compensation:\n"
                    "  - region: Dublin\n"
                    "    base_low: 90000\n"
                    "    base_high: 120000\n"
                    "    stock_low: 60000\n"
                    "    stock_high: 100000\n"
                    "    bonus_pct_low: 10\n"
                    "    bonus_pct_high: 15\n"
                    "    total_comp_low: 114000\n"
                    "    total_comp_high: 163000\n"
                    "    currency: EUR\n"
                    "level_mapping:\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("|  | $150K–$190K |"), std::string::npos);
  auto again = testing::ReadText(md);
  ASSERT_TRUE(again.guide);
  EXPECT_EQ(testing::Codes(again.sink, Severity::kError),
            std::vector<std::string>{"table-cell-empty"});
  ASSERT_EQ(again.guide->front_matter_bands.size(), 1u);
  ASSERT_EQ(ResolveCompensation(*again.guide).size(), 2u);
  const std::string md2 = RenderCanonicalMarkdown(*again.guide, again.file);
  EXPECT_EQ(md2, md);
  auto third = testing::ReadText(md2);
  JsonOptions jo;
  jo.include_path = false;
  EXPECT_EQ(RenderGuideJson(*third.guide, jo), RenderGuideJson(*again.guide, jo));
}

// Bytes that are not UTF-8 are written as U+FFFD, one per byte, as JSON and
// HTML write them: an encoded surrogate, a code point past U+10FFFF and an
// overlong form have no YAML escape that reads back (\uD800 is refused).
TEST(YamlString, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  using internal::YamlString;
  EXPECT_EQ(YamlString("C\xED\xA0\x80"), "C\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(YamlString("\xF4\x90\x80\x80x"), "\uFFFD\uFFFD\uFFFD\uFFFDx");
  EXPECT_EQ(YamlString("a\xC0\xAF: b"), "\"a\uFFFD\uFFFD: b\"");
  EXPECT_EQ(YamlString("caf\xE9\n"), "\"caf\uFFFD\\n\"");
  EXPECT_EQ(YamlString("caf\xC3\xA9 \xC2\x85"), "\"caf\xC3\xA9 \\u0085\"");
}

TEST(RenderCanonicalMarkdown, AnEncodedSurrogateReadsBack) {
  auto r = testing::ReadText(
      Replace(testing::kBody, "Quillon Labs Global", "Quillon C\xED\xA0\x80 Global"));
  ASSERT_TRUE(r.guide);
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("company_display: Quillon C\uFFFD\uFFFD\uFFFD\n"), std::string::npos) << md;
  auto again = testing::ReadText(md);
  ASSERT_TRUE(again.guide);
  // The body keeps its bytes (and its utf8-invalid error); the front matter reads.
  EXPECT_EQ(testing::Codes(again.sink, Severity::kError), std::vector<std::string>{"utf8-invalid"});
  EXPECT_EQ(*again.guide->company_display, "Quillon C\uFFFD\uFFFD\uFFFD");
}

TEST(RenderCanonicalMarkdown, QuotesWhatYamlWouldMisread) {
  std::string text = Replace(CleanGuide(), "role_type: standard", "role_type: \"yes\"");
  text = Replace(text, "salary_data_quarter: 2026-Q2", "salary_data_quarter: \"2026-Q2 # late\"");
  auto r = testing::ReadText(text);
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("role_type: \"yes\"\n"), std::string::npos);
  EXPECT_NE(md.find("salary_data_quarter: \"2026-Q2 # late\"\n"), std::string::npos);
  auto again = testing::ReadText(md);
  EXPECT_EQ(*again.guide->role_type, "yes");
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

// Keys kept from a flow mapping are written in block style: a value that
// went on over a line break, and a key with no space after its colon, must
// still read back, with the same value, and the rewrite is a fixed point.
TEST(RenderCanonicalMarkdown, KeysKeptFromAFlowMappingReadBack) {
  std::string text = Replace(CleanGuide(), "  - region: Dublin\n",
                             "  - {region: Lisbon, currency: EUR, base_low: 1, notes: remote\n"
                             "   first, \"owner\":sam}\n"
                             "  - region: Dublin\n");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_bands.size(), 3u);
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("    notes: remote\n     first\n    \"owner\": sam\n"), std::string::npos)
      << md;
  auto again = testing::ReadText(md);
  ASSERT_TRUE(again.guide) << md;
  EXPECT_EQ(again.sink.error_count(), 0u);
  ASSERT_EQ(again.guide->front_matter_bands.size(), 3u);
  EXPECT_EQ(testing::KeptKeys(*again.guide), testing::KeptKeys(*r.guide));
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

// A kept block scalar that keeps its trailing line breaks (`|+`) keeps its
// blank lines through the rewrite, in an entry and at the top level.
TEST(RenderCanonicalMarkdown, KeptBlockScalarsKeepTheirTrailingBlankLines) {
  std::string text = Replace(CleanGuide(), "    currency: EUR\n",
                             "    currency: EUR\n"
                             "    notes: |+\n"
                             "      line1\n"
                             "\n"
                             "    level: L4\n");
  text = Replace(text, "role_type: standard\n",
                 "role_type: standard\n"
                 "history: >+\n"
                 "  one\n"
                 "\n"
                 "\n");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  ASSERT_EQ(r.guide->front_matter_extra.size(), 1u);
  EXPECT_EQ(r.guide->front_matter_extra[0].text, "history: >+\n  one\n\n");
  const std::string md = RenderCanonicalMarkdown(*r.guide, r.file);
  EXPECT_NE(md.find("    notes: |+\n      line1\n\n    level: L4\n"), std::string::npos) << md;
  auto again = testing::ReadText(md);
  ASSERT_TRUE(again.guide) << md;
  EXPECT_EQ(again.sink.error_count(), 0u);
  EXPECT_EQ(testing::KeptKeys(*again.guide), testing::KeptKeys(*r.guide));
  EXPECT_EQ(RenderCanonicalMarkdown(*again.guide, again.file), md);
}

TEST(RenderGuideJson, AmountsAreWholeMajorUnitsWithTheirCurrency) {
  auto r = testing::ReadText(CleanGuide());
  JsonOptions o;
  o.pretty = false;
  o.include_path = false;
  const std::string json = RenderGuideJson(*r.guide, o);
  EXPECT_NE(
      json.find(
          "{\"region\":\"Dublin\",\"currency\":\"EUR\",\"base_low\":90000,\"base_high\":120000,"
          "\"stock_low\":60000,\"stock_high\":100000,\"stock_vesting_years\":4,\"bonus_pct\":10,"
          "\"bonus_pct_low\":10,\"bonus_pct_high\":15,\"total_comp_low\":114000,"
          "\"total_comp_high\":163000,\"stated_in\":[\"front_matter\",\"table\"]}"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("\"floor\":170000,\"floor_currency\":\"USD\""), std::string::npos);
  EXPECT_EQ(json.find("\"path\""), std::string::npos);
}

TEST(RenderGuideJson, SaysWhyALevelWasNotRead) {
  std::string text = Replace(CleanGuide(), "Meta E4\n", "Meta E4+\n");
  text = Replace(text, "Meta E4\n", "Meta E4+\n");
  auto r = testing::ReadText(text);
  ASSERT_TRUE(r.guide);
  JsonOptions o;
  o.pretty = false;
  const std::string json = RenderGuideJson(*r.guide, o);
  EXPECT_NE(json.find("{\"text\":\"Google L4\",\"company\":\"Google\",\"title\":\"\","
                      "\"level_low\":\"L4\",\"level_high\":\"L4\",\"problem\":null}"),
            std::string::npos)
      << json;
  const LevelEquivalent& meta = ResolveLevelMapping(*r.guide).equivalents.at(2);
  ASSERT_FALSE(meta.problem.empty());
  EXPECT_NE(json.find("{\"text\":\"Meta E4+\",\"company\":\"Meta\",\"title\":\"\","
                      "\"level_low\":null,\"level_high\":null,\"problem\":\"" +
                      meta.problem + "\"}"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace levers
