#include "levers/money.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace levers {
namespace {

Money Parse(std::string_view text) {
  AmountParse a = ParseAmount(text);
  EXPECT_TRUE(a.ok) << text << ": " << a.error;
  EXPECT_EQ(a.consumed, text.size()) << text;
  return a.value;
}

TEST(ParseAmount, EveryCurrencyFormTheGuidesUse) {
  EXPECT_EQ(Parse("$220K"), (Money{22'000'000, "USD"}));
  EXPECT_EQ(Parse("EUR187K"), (Money{18'700'000, "EUR"}));
  EXPECT_EQ(Parse("£95K"), (Money{9'500'000, "GBP"}));
  EXPECT_EQ(Parse("€120K"), (Money{12'000'000, "EUR"}));
  EXPECT_EQ(Parse("S$150K"), (Money{15'000'000, "SGD"}));
  EXPECT_EQ(Parse("CAD150K"), (Money{15'000'000, "CAD"}));
  EXPECT_EQ(Parse("HKD1.5M"), (Money{150'000'000, "HKD"}));
  EXPECT_EQ(Parse("$1.2M"), (Money{120'000'000, "USD"}));
  EXPECT_EQ(Parse("₹45L"), (Money{450'000'000, "INR"}));  // 45 lakh = 4,500,000 rupees
  EXPECT_EQ(Parse("₹1.5Cr"), (Money{1'500'000'000, "INR"}));
  EXPECT_EQ(Parse("¥12M"), (Money{12'000'000, "JPY"}));  // yen has no minor unit
  EXPECT_EQ(Parse("US$90,500"), (Money{9'050'000, "USD"}));
  EXPECT_EQ(Parse("120K EUR"), (Money{12'000'000, "EUR"}));
  EXPECT_EQ(Parse("220000"), (Money{22'000'000, ""}));
  EXPECT_EQ(Parse("$2.25K"), (Money{225'000, "USD"}));
}

// '$' or a code, plain digits, K/M or nothing: the form most amounts take,
// read in one pass; the same text one byte off that form goes the long way
// and must read the same as ever.
TEST(ParseAmount, TheCommonFormAndItsNeighbours) {
  EXPECT_EQ(Parse("$186K"), (Money{18'600'000, "USD"}));
  EXPECT_EQ(Parse("GBP133000"), (Money{13'300'000, "GBP"}));
  EXPECT_EQ(Parse("JPY1000K"), (Money{1'000'000, "JPY"}));
  EXPECT_EQ(Parse("KRW5M"), (Money{5'000'000, "KRW"}));
  EXPECT_EQ(Parse("EUR5m"), (Money{500'000'000, "EUR"}));
  EXPECT_EQ(Parse("$7k"), (Money{700'000, "USD"}));
  EXPECT_EQ(Parse("$10Cr"), (Money{10'000'000'000, "USD"}));
  EXPECT_EQ(Parse("$1,200"), (Money{120'000, "USD"}));
  EXPECT_EQ(Parse("USD999999999999"), (Money{99'999'999'999'900, "USD"}));  // 12 digits
  AmountParse a = ParseAmount("EUR211K–EUR269K");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.value, (Money{21'100'000, "EUR"}));
  EXPECT_EQ(a.consumed, 7u);
  EXPECT_EQ(a.magnitude, 3);
  // K directly before other letters is no suffix, except before "RSU".
  a = ParseAmount("$180Kfoo");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.value, (Money{18'000, "USD"}));
  EXPECT_EQ(a.consumed, 4u);
  EXPECT_EQ(a.magnitude, 0);
  a = ParseAmount("$268KRSU");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.value, (Money{26'800'000, "USD"}));
  EXPECT_EQ(a.consumed, 5u);
  a = ParseAmount("$90 ");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.value, (Money{9'000, "USD"}));
  EXPECT_EQ(a.consumed, 3u);
  EXPECT_EQ(ParseAmount("USD1000000000001").error, "amount is absurdly large (above 10^12)");
  EXPECT_EQ(ParseAmount("$2000000M").error, "amount is absurdly large (above 10^12)");
  // The limit is exact: 10^12 is read, a cent more is not.
  EXPECT_EQ(ParseAmount("$1000000000000").value, (Money{100'000'000'000'000, "USD"}));
  EXPECT_EQ(ParseAmount("$1000000000000.01").error, "amount is absurdly large (above 10^12)");
  EXPECT_EQ(ParseAmount("XYZ100").error,
            "unknown currency code 'XYZ' (expected an ISO 4217 code such as USD, EUR)");
}

TEST(ParseAmount, RejectsWhatIsNotAnAmount) {
  EXPECT_FALSE(ParseAmount("-$5K").ok);
  EXPECT_NE(ParseAmount("-$5K").error.find("negative"), std::string::npos);
  EXPECT_FALSE(ParseAmount("$-5K").ok);
  EXPECT_FALSE(ParseAmount("XYZ100K").ok);
  EXPECT_NE(ParseAmount("XYZ100K").error.find("unknown currency code 'XYZ'"), std::string::npos);
  EXPECT_FALSE(ParseAmount("lots").ok);
  EXPECT_FALSE(ParseAmount("$").ok);
  EXPECT_FALSE(ParseAmount("$99999999999999K").ok);            // above 10^12
  EXPECT_FALSE(ParseAmount("$1.234567K").ok);                  // finer than a cent
  EXPECT_FALSE(ParseScaledDecimal("8,0,000", 0).has_value());  // commas only group thousands
  EXPECT_FALSE(ParseScaledDecimal("1234,567", 0).has_value());
  EXPECT_EQ(ParseScaledDecimal("1,234,567", 0), 1234567);
}

TEST(ParseAmount, SuffixesAndTrailingCurrencies) {
  // A suffix counts only when no letter follows it, except "KRSU" ("$430KRSU").
  AmountParse k = ParseAmount("$430KRSU");
  ASSERT_TRUE(k.ok) << k.error;
  EXPECT_EQ(k.value, (Money{43'000'000, "USD"}));
  EXPECT_EQ(k.consumed, 5u);
  EXPECT_EQ(k.magnitude, 3);
  AmountParse kx = ParseAmount("$430Kx");
  ASSERT_TRUE(kx.ok) << kx.error;
  EXPECT_EQ(kx.value, (Money{43'000, "USD"}));
  EXPECT_EQ(kx.consumed, 4u);
  EXPECT_EQ(kx.magnitude, 0);
  AmountParse crore = ParseAmount("INR 2crore");
  ASSERT_TRUE(crore.ok) << crore.error;
  EXPECT_EQ(crore.value, (Money{2'000'000'000, "INR"}));
  EXPECT_EQ(crore.magnitude, 7);
  // A known code after the number names the currency; an unknown one is left unread.
  AmountParse after = ParseAmount("95,000\xC2\xA0\xE2\x82\xAC rest");
  ASSERT_TRUE(after.ok) << after.error;
  EXPECT_EQ(after.value, (Money{9'500'000, "EUR"}));
  EXPECT_EQ(after.consumed, 11u);
  AmountParse unknown_after = ParseAmount("120K XYZ");
  ASSERT_TRUE(unknown_after.ok) << unknown_after.error;
  EXPECT_EQ(unknown_after.value, (Money{12'000'000, ""}));
  EXPECT_EQ(unknown_after.consumed, 4u);
  EXPECT_EQ(ParseAmount("$1.2.3K").error, "malformed number '1.2.3'");
  EXPECT_EQ(ParseAmount("EUR").error, "expected a number after the currency");
  EXPECT_EQ(ParseAmount("K5").error, "expected an amount such as $220K or EUR187K");
}

// Rupees are written in lakhs and crores: grouped so ("48,00,000",
// "1,20,00,000") and in words with a space or a plural ("48 lakh", "2 crores").
// Other currencies keep grouping in thousands only.
TEST(ParseAmount, RupeesInLakhsAndCrores) {
  EXPECT_EQ(Parse("₹48,00,000"), (Money{480'000'000, "INR"}));
  EXPECT_EQ(Parse("INR 1,20,00,000"), (Money{1'200'000'000, "INR"}));
  EXPECT_EQ(Parse("₹4,80,000.50"), (Money{48'000'050, "INR"}));
  EXPECT_EQ(Parse("INR 48 lakh"), (Money{480'000'000, "INR"}));
  EXPECT_EQ(Parse("₹2 crores"), (Money{2'000'000'000, "INR"}));
  EXPECT_EQ(Parse("INR 4,800,000"), (Money{480'000'000, "INR"}));
  for (const char* text : {"USD 48,00,000", "48,00,000", "INR 48,0,000", "INR 4,80,00"}) {
    AmountParse a = ParseAmount(text);
    EXPECT_FALSE(a.ok && a.consumed == std::string_view(text).size()) << text;
  }
  EXPECT_EQ(ParseAmount("INR 48,0,000").error,
            "'48,0,000' has a comma that does not group thousands or, for rupees, lakhs (expected "
            "e.g. 1,200,000 or 12,00,000)");
  EXPECT_EQ(ParseAmount("USD 48,00,000").error,
            "'48,00,000' has a comma that does not group thousands (expected e.g. 1,200,000)");
  // Where the context gives rupees (a guide's INR entry, an INR offer), a
  // bare number is read with their grouping and stays without a currency.
  EXPECT_EQ(ParseAmount("48,00,000", "INR").value, (Money{480'000'000, ""}));
  EXPECT_FALSE(ParseAmount("48,00,000", "USD").ok);
  EXPECT_EQ(ParseAmount("USD 48,00,000", "INR").error,
            "'48,00,000' has a comma that does not group thousands (expected e.g. 1,200,000)");
  // No comma after the point, and decimals or size are said to be the fault
  // when the commas group lakhs.
  EXPECT_FALSE(ParseAmount("INR 1,00,000.5,0").ok &&
               ParseAmount("INR 1,00,000.5,0").consumed ==
                   std::string_view("INR 1,00,000.5,0").size());
  EXPECT_EQ(ParseAmount("INR 1,00,000.555").error,
            "'1,00,000.555' has more decimal places than INR allows");
  // A word that only starts like one is not read as it.
  AmountParse lakhy = ParseAmount("INR 48 lakhy");
  ASSERT_TRUE(lakhy.ok) << lakhy.error;
  EXPECT_EQ(lakhy.consumed, 6u);
}

TEST(ParseMoneyRange, SeparatorsAndSpacing) {
  const MoneyRange expected{{22'000'000, "USD"}, {27'500'000, "USD"}};
  for (std::string_view t : {"$220K–$275K", "$220K-$275K", "$220K—$275K", "$220K to $275K",
                             "$220K – $275K", " $220K -  $275K "}) {
    RangeParse r = ParseMoneyRange(t);
    ASSERT_TRUE(r.ok) << t << ": " << r.error;
    EXPECT_EQ(r.value, expected) << t;
  }
}

// "to" with no space after a K/M/L suffix, in every currency form a guide writes:
// the low and high ends, in minor units, worked out by hand.
TEST(ParseMoneyRange, ToWithoutSpacesAfterASuffix) {
  struct Case {
    std::string_view text;
    MoneyRange expected;
  };
  const Case cases[] = {
      {"$220Kto$275K", {{22'000'000, "USD"}, {27'500'000, "USD"}}},
      {"$220Kto $275K", {{22'000'000, "USD"}, {27'500'000, "USD"}}},
      {"$220K to$275K", {{22'000'000, "USD"}, {27'500'000, "USD"}}},
      {"$220Kto275K", {{22'000'000, "USD"}, {27'500'000, "USD"}}},
      {"$220,000to$275,000", {{22'000'000, "USD"}, {27'500'000, "USD"}}},
      {"EUR187KtoEUR200K", {{18'700'000, "EUR"}, {20'000'000, "EUR"}}},
      {"EUR187Kto EUR200K", {{18'700'000, "EUR"}, {20'000'000, "EUR"}}},
      {"£95Kto£110K", {{9'500'000, "GBP"}, {11'000'000, "GBP"}}},
      {"€120Kto€130K", {{12'000'000, "EUR"}, {13'000'000, "EUR"}}},
      {"S$150KtoS$180K", {{15'000'000, "SGD"}, {18'000'000, "SGD"}}},
      {"CAD150KtoCAD175K", {{15'000'000, "CAD"}, {17'500'000, "CAD"}}},
      {"HKD1.5MtoHKD2M", {{150'000'000, "HKD"}, {200'000'000, "HKD"}}},
      {"$1.2Mto$1.5M", {{120'000'000, "USD"}, {150'000'000, "USD"}}},
      {"₹45Lto₹60L", {{450'000'000, "INR"}, {600'000'000, "INR"}}},
      {"₹45lakhto₹60lakh", {{450'000'000, "INR"}, {600'000'000, "INR"}}},
  };
  for (const Case& c : cases) {
    RangeParse r = ParseMoneyRange(c.text);
    ASSERT_TRUE(r.ok) << c.text << ": " << r.error;
    EXPECT_EQ(r.value, c.expected) << c.text;
  }
  // A letter after the suffix that does not start "to" and an amount is still refused.
  for (std::string_view bad : {"$220Kx", "$220Kto", "$220Ktotal", "$220Kto x", "$220KtoXYZ1",
                               "$220Ktoo$275K", "EUR187Kfor EUR200K"}) {
    EXPECT_FALSE(ParseMoneyRange(bad).ok) << bad;
  }
  EXPECT_EQ(ParseMoneyRange("$220Kx").error,
            "unexpected 'Kx' after the amount (expected '–' and a second amount)");
}

TEST(ParseAmount, MessagesSayWhatIsWrongWithTheNumber) {
  EXPECT_EQ(ParseAmount("EUR1,00K").error,
            "'1,00' has a comma that does not group thousands (expected e.g. 1,200,000)");
  EXPECT_EQ(ParseAmount("$12,34").error,
            "'12,34' has a comma that does not group thousands (expected e.g. 1,200,000)");
  EXPECT_EQ(ParseAmount("EUR1.234").error, "'1.234' has more decimal places than EUR allows");
  EXPECT_EQ(ParseAmount("¥1.5").error, "'1.5' has more decimal places than JPY allows");
  EXPECT_EQ(ParseAmount("$1.234567K").error,
            "'1.234567' has more decimal places than USD with its K/M suffix allows");
  EXPECT_EQ(ParseAmount("1.234").error,
            "'1.234' has more decimal places than an amount without a currency allows");
  EXPECT_EQ(ParseAmount("$99999999999999999999").error, "'99999999999999999999' is too large");
}

// One rule for a decimal point wherever an amount is written: a digit on each
// side of it (guide-format.md 6.1).
TEST(ParseAmount, ADecimalPointHasADigitOnEachSide) {
  EXPECT_EQ(ParseAmount("€.5M").error,
            "a decimal point needs a digit before it (write 0.5, not .5)");
  EXPECT_EQ(ParseAmount(".5").error, "a decimal point needs a digit before it (write 0.5, not .5)");
  EXPECT_EQ(ParseMoneyRange("€80.").error,
            "a decimal point needs a digit after it (write 80 or 80.5, not 80.)");
  EXPECT_EQ(ParseMoneyRange("€80K–€90.").error,
            "a decimal point needs a digit after it (write 80 or 80.5, not 80.) (after the range "
            "separator)");
  EXPECT_EQ(ParseMoneyRange("€0.5M").value.low, (Money{50'000'000, "EUR"}));
  EXPECT_EQ(ParseScaledDecimal(".5", 2), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("80000.", 2), std::nullopt);
  EXPECT_EQ(ParseScaledDecimal("80000.5", 2), 8'000'050);
  // Prose ends a sentence after an amount: the point is left unread, not an error.
  const AmountParse sentence = ParseAmount("$170000. Below that");
  ASSERT_TRUE(sentence.ok) << sentence.error;
  EXPECT_EQ(sentence.consumed, 7u);
}

TEST(ParseMoneyRange, CurrencyOnOneEndAppliesToBoth) {
  RangeParse r = ParseMoneyRange("EUR187K–234K");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.high, (Money{23'400'000, "EUR"}));
  EXPECT_FALSE(ParseMoneyRange("$100K–EUR120K").ok);
  EXPECT_FALSE(ParseMoneyRange("$100K–$120K extra").ok);
  EXPECT_FALSE(ParseMoneyRange("$100K–").ok);
  EXPECT_FALSE(ParseMoneyRange("$180-220K").ok);  // would read as $180 to $220,000
  EXPECT_NE(ParseMoneyRange("$180-220K").error.find("only one end has a K/M suffix"),
            std::string::npos);
  // Rupees name the suffixes they use.
  EXPECT_EQ(ParseMoneyRange("₹0–₹45L").error,
            "only one end has an L/Cr suffix; write it on both ends (e.g. ₹45L–₹60L)");
  EXPECT_EQ(ParseMoneyRange("₹45–₹1.2Cr").error,
            "only one end has an L/Cr suffix; write it on both ends (e.g. ₹45L–₹60L)");
  EXPECT_TRUE(
      ParseMoneyRange("$950,000–$1.2M").ok);  // a written-out figure beside a suffixed one is fine
  // The 1,000 bound is in major units whatever the currency's minor unit.
  for (const char* yen : {"¥1500–¥220K", "1500–¥220K", "JPY1500–JPY220K"}) {
    RangeParse yen_range = ParseMoneyRange(yen);
    ASSERT_TRUE(yen_range.ok) << yen << ": " << yen_range.error;
    EXPECT_EQ(yen_range.value.low, (Money{1'500, "JPY"})) << yen;
    EXPECT_EQ(yen_range.value.high, (Money{220'000, "JPY"})) << yen;
  }
  EXPECT_FALSE(ParseMoneyRange("¥180–¥220K").ok);
  EXPECT_FALSE(ParseMoneyRange("EUR180-220K").ok);
  EXPECT_TRUE(ParseMoneyRange("EUR1800-2200K").ok);
  RangeParse single = ParseMoneyRange("$220K");
  ASSERT_TRUE(single.ok);
  EXPECT_EQ(single.value.low, single.value.high);
}

TEST(ParsePercentRange, BonusCells) {
  auto check = [](std::string_view t, std::optional<int> lo, std::optional<int> hi) {
    PercentRangeParse p = ParsePercentRange(t);
    ASSERT_TRUE(p.ok) << t << ": " << p.error;
    EXPECT_EQ(p.value.low.has_value(), lo.has_value()) << t;
    EXPECT_EQ(p.value.high.has_value(), hi.has_value()) << t;
    if (lo) {
      EXPECT_EQ(p.value.low->basis_points, *lo) << t;
    }
    if (hi) {
      EXPECT_EQ(p.value.high->basis_points, *hi) << t;
    }
  };
  check("5–15%", 500, 1500);
  check("5%–15%", 500, 1500);
  check("10to15%", 1000, 1500);
  check("10%to15%", 1000, 1500);
  check("10%", 1000, 1000);
  check("0%", 0, 0);
  check("7.5%", 750, 750);
  check("—", std::nullopt, std::nullopt);
  check("", std::nullopt, std::nullopt);
  EXPECT_FALSE(ParsePercentRange("ten").ok);
  EXPECT_FALSE(ParsePercentRange("-5%").ok);
  EXPECT_FALSE(ParsePercentRange("10").ok);  // a bonus cell needs its % sign
}

TEST(ParsePercentRange, MessagesNameTheRuleBroken) {
  EXPECT_EQ(ParsePercentRange("7.555%").error,
            "'7.555' has 3 decimal places; a percentage has at most two");
  EXPECT_EQ(ParsePercentRange("1001%").error,
            "'1001%' is above 1000%, the most a percentage may be");
  EXPECT_EQ(ParsePercentRange("10–15%%").error, "'%%' is a doubled '%'; write one");
  EXPECT_EQ(ParsePercentRange("10%%–15%").error, "'%%' is a doubled '%'; write one");
  EXPECT_EQ(ParsePercentRange("5–7.555%").error,
            "'7.555' has 3 decimal places; a percentage has at most two (after the range "
            "separator)");
  EXPECT_EQ(ParsePercentRange(".5%").error,
            "a decimal point needs a digit before it (write 0.5, not .5)");
  EXPECT_EQ(ParsePercentRange("10.%").error,
            "a decimal point needs a digit after it (write 80 or 80.5, not 80.)");
  EXPECT_EQ(ParsePercentRange("1000%").value.high->basis_points, 100'000);
  EXPECT_EQ(PercentNumberProblem("7.5"), "");
  EXPECT_EQ(PercentNumberProblem("-5"), "a percentage cannot be negative");
}

TEST(Money, MajorUnitsAndFormatting) {
  EXPECT_EQ(MajorUnitsString({22'000'000, "USD"}), "220000");
  EXPECT_EQ(MajorUnitsString({123'450, "USD"}), "1234.5");
  EXPECT_EQ(MajorUnitsString({5, "EUR"}), "0.05");
  EXPECT_EQ(MajorUnitsString({1200, "JPY"}), "1200");
  EXPECT_EQ(FormatMoney({41'375'000, "USD"}), "USD 413,750");
  EXPECT_EQ(PercentString({750}), "7.5");
  EXPECT_EQ(PercentString({1000}), "10");
}

// Grouping at every width, the sign, zero, the largest magnitudes and
// fractions: the digit writer handles three digits per step.
TEST(Money, GroupsEveryWidthExactly) {
  EXPECT_EQ(FormatMoney({0, "USD"}), "USD 0");
  EXPECT_EQ(FormatMoney({99'900, "USD"}), "USD 999");
  EXPECT_EQ(FormatMoney({100'000, "USD"}), "USD 1,000");
  EXPECT_EQ(FormatMoney({1'000'500, "USD"}), "USD 10,005");
  EXPECT_EQ(FormatMoney({100'000'000, "USD"}), "USD 1,000,000");
  EXPECT_EQ(FormatMoney({-123'456'789, "USD"}), "USD -1,234,567.89");
  EXPECT_EQ(FormatMoney({-5, "USD"}), "USD -0.05");
  EXPECT_EQ(FormatMoney({1'005'000, "JPY"}), "JPY 1,005,000");
  EXPECT_EQ(FormatMoney({INT64_MAX, "JPY"}), "JPY 9,223,372,036,854,775,807");
  EXPECT_EQ(FormatMoney({INT64_MIN, "USD"}), "USD -92,233,720,368,547,758.08");
  EXPECT_EQ(MajorUnitsString({INT64_MIN, "USD"}), "-92233720368547758.08");
  // For people, every minor digit or none (docs/bands.md section 5).
  EXPECT_EQ(FormatMoney({25'542'040, "USD"}), "USD 255,420.40");
  EXPECT_EQ(FormatMoney({-50, "EUR"}), "EUR -0.50");
  std::string grouped;
  AppendMajorUnits(grouped, {8'298'420, "USD"}, true);
  EXPECT_EQ(grouped, "82,984.20");
  EXPECT_EQ(MajorUnitsString({25'542'040, "USD"}), "255420.4");  // exact text keeps its form
  EXPECT_EQ(MajorUnitsString({1'000'010, "USD"}), "10000.1");
  EXPECT_EQ(MajorUnitsString({7'000'000'000, "KRW"}), "7000000000");
}

// Rupees are shown as Indian candidates write them, in lakhs and crores: the
// last three digits, then pairs, hand-checked at every width.
TEST(Money, RupeesAreGroupedInLakhsAndCrores) {
  EXPECT_EQ(FormatMoney({0, "INR"}), "INR 0");
  EXPECT_EQ(FormatMoney({99'900, "INR"}), "INR 999");
  EXPECT_EQ(FormatMoney({100'000, "INR"}), "INR 1,000");
  EXPECT_EQ(FormatMoney({9'999'900, "INR"}), "INR 99,999");
  EXPECT_EQ(FormatMoney({10'000'000, "INR"}), "INR 1,00,000");        // one lakh
  EXPECT_EQ(FormatMoney({480'000'000, "INR"}), "INR 48,00,000");      // 48 lakh
  EXPECT_EQ(FormatMoney({1'200'000'000, "INR"}), "INR 1,20,00,000");  // 1.2 crore
  EXPECT_EQ(FormatMoney({12'345'678'950, "INR"}), "INR 12,34,56,789.50");
  EXPECT_EQ(FormatMoney({-480'000'005, "INR"}), "INR -48,00,000.05");
  EXPECT_EQ(FormatMoney({INT64_MAX, "INR"}), "INR 92,23,37,20,36,85,47,758.07");
  EXPECT_EQ(FormatMoney({INT64_MIN, "INR"}), "INR -92,23,37,20,36,85,47,758.08");
  std::string grouped;
  AppendMajorUnits(grouped, {480'000'000, "INR"}, true);
  EXPECT_EQ(grouped, "48,00,000");
  EXPECT_EQ(MajorUnitsString({480'000'000, "INR"}), "4800000");  // exact text is never grouped
  // Other currencies keep thousands, whatever their size.
  EXPECT_EQ(FormatMoney({480'000'000, "PKR"}), "PKR 4,800,000");
}

// Every rupee amount shown is read back as the same amount, and its commas
// fall where an independent string rule puts them.
TEST(Money, RupeesShownAreReadBackExactly) {
  auto lakh_grouped = [](std::string digits) {  // digits only, no sign
    if (digits.size() <= 3) return digits;
    std::string out = "," + digits.substr(digits.size() - 3);
    digits.resize(digits.size() - 3);
    while (digits.size() > 2) {
      out = "," + digits.substr(digits.size() - 2) + out;
      digits.resize(digits.size() - 2);
    }
    return digits + out;
  };
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 2000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    // Below 10^w rupees, for every w from 0 to 12 (levers accepts up to 10^12).
    uint64_t below = 100;
    for (int w = 1; w <= i % 13; ++w) below *= 10;
    const auto minor = static_cast<int64_t>(x % below);
    const Money m{minor, "INR"};
    const std::string shown = FormatMoney(m);
    std::string paise;
    if (const int64_t p = minor % 100; p != 0)  // every minor digit or none
      paise = {'.', static_cast<char>('0' + p / 10), static_cast<char>('0' + p % 10)};
    EXPECT_EQ(shown, "INR " + lakh_grouped(std::to_string(minor / 100)) + paise) << minor;
    AmountParse back = ParseAmount(shown);
    ASSERT_TRUE(back.ok) << shown << ": " << back.error;
    EXPECT_EQ(back.value, m) << shown;
  }
}

TEST(Currency, KnowsTheEcbCurrencies) {
  for (std::string_view c :
       {"USD", "JPY", "BGN", "CZK", "DKK", "GBP", "HUF", "PLN", "RON", "SEK", "CHF",
        "ISK", "NOK", "TRY", "AUD", "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR",
        "KRW", "MXN", "MYR", "NZD", "PHP", "SGD", "THB", "ZAR", "EUR"}) {
    EXPECT_NE(FindCurrency(c), nullptr) << c;
  }
  EXPECT_EQ(FindCurrency("XYZ"), nullptr);
  EXPECT_EQ(FindCurrency("usd"), nullptr);
  EXPECT_EQ(FindCurrency("JPY")->minor_digits, 0);
}

// Every circulating ISO 4217 currency, not only those the ECB quotes: an offer
// in Moroccan dirhams or Peruvian soles is read, and refused only where it
// needs a rate no rate file has. Minor digits as ISO 4217 publishes them; fund
// and metal codes (XAU, XDR, CLF) are not pay currencies.
TEST(Currency, KnowsEveryCirculatingCurrency) {
  const std::pair<std::string_view, int> kSome[] = {
      {"MAD", 2}, {"PEN", 2}, {"GEL", 2}, {"BYN", 2}, {"XOF", 0}, {"XAF", 0}, {"PYG", 0},
      {"RWF", 0}, {"VUV", 0}, {"TND", 3}, {"XCG", 2}, {"ZWG", 2}, {"ZMW", 2}, {"UZS", 2}};
  for (const auto& [code, digits] : kSome) {
    const CurrencyInfo* info = FindCurrency(code);
    ASSERT_NE(info, nullptr) << code;
    EXPECT_EQ(info->minor_digits, digits) << code;
  }
  for (std::string_view c : {"XAU", "XDR", "CLF", "XTS", "XXX", "VEF", "ZWL"}) {
    EXPECT_EQ(FindCurrency(c), nullptr) << c;
  }
  EXPECT_EQ(Parse("PEN 9,500.50"), (Money{950'050, "PEN"}));
  EXPECT_EQ(Parse("XOF 1500000"), (Money{1'500'000, "XOF"}));
}

// Currencies with three minor digits (ISO 4217: BHD, IQD, JOD, KWD, LYD, OMR,
// TND) are held in thousandths: KWD 1 is 1,000 fils.
TEST(ThreeMinorDigits, ParsedExactlyToTheThousandth) {
  EXPECT_EQ(Parse("KWD 1.250"), (Money{1'250, "KWD"}));
  EXPECT_EQ(Parse("KWD 45.500"), (Money{45'500, "KWD"}));
  EXPECT_EQ(Parse("KWD45K"), (Money{45'000'000, "KWD"}));
  EXPECT_EQ(Parse("KWD45.5K"), (Money{45'500'000, "KWD"}));
  EXPECT_EQ(Parse("KWD45.5005K"), (Money{45'500'500, "KWD"}));  // 45,500.500
  EXPECT_EQ(Parse("KWD 1.25M"), (Money{1'250'000'000, "KWD"}));
  EXPECT_EQ(Parse("BHD 2,500.125"), (Money{2'500'125, "BHD"}));
  EXPECT_EQ(Parse("1,250.125 OMR"), (Money{1'250'125, "OMR"}));
  EXPECT_EQ(Parse("JOD1.5L"), (Money{150'000'000, "JOD"}));  // 150,000 dinars
  EXPECT_EQ(Parse("TND0.001"), (Money{1, "TND"}));
  EXPECT_EQ(Parse("IQD 1,000.5"), (Money{1'000'500, "IQD"}));
  EXPECT_EQ(Parse("LYD 7.25"), (Money{7'250, "LYD"}));
  AmountParse fine = ParseAmount("KWD 1.2505");
  EXPECT_FALSE(fine.ok);
  EXPECT_EQ(fine.error, "'1.2505' has more decimal places than KWD allows");
  // The 10^12 limit is in major units: a fils above it is too much.
  EXPECT_EQ(Parse("KWD 1,000,000,000,000"), (Money{1'000'000'000'000'000, "KWD"}));
  EXPECT_EQ(ParseAmount("KWD 1,000,000,000,000.001").error,
            "amount is absurdly large (above 10^12)");
  // Two decimals without a currency, rescaled: 10 fils for each hundredth.
  EXPECT_EQ(InCurrency(Money{4'550, ""}, "KWD"), (Money{45'500, "KWD"}));
}

TEST(ThreeMinorDigits, RangesTakeTheCurrencyOfEitherEnd) {
  RangeParse r = ParseMoneyRange("KWD 1,250.125–1,500.250");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.low, (Money{1'250'125, "KWD"}));
  EXPECT_EQ(r.value.high, (Money{1'500'250, "KWD"}));
  r = ParseMoneyRange("45.125–KWD50");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.low, (Money{45'125, "KWD"}));
  EXPECT_EQ(r.value.high, (Money{50'000, "KWD"}));
  r = ParseMoneyRange("KWD30K–KWD38.0005K");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.high, (Money{38'000'500, "KWD"}));
  // An end with three decimals and no currency takes a pay table row's.
  r = ParseMoneyRange("30,000.500–38,000.250", "KWD");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.low, (Money{30'000'500, "KWD"}));
  EXPECT_EQ(r.value.high, (Money{38'000'250, "KWD"}));
  // With at most two decimals, bare ends stay bare, in hundredths, as ever.
  r = ParseMoneyRange("30,000.50–38,000", "KWD");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.low, (Money{3'000'050, ""}));
  // Three decimals fit neither a two-digit currency nor no currency at all:
  // the message names the currency the bare end takes from the other end, or
  // says it has none.
  EXPECT_EQ(ParseMoneyRange("1.125–$2").error, "'1.125' has more decimal places than USD allows");
  EXPECT_EQ(ParseMoneyRange("1.125–1.5").error,
            "'1.125' has more decimal places than an amount without a currency allows");
  // In a row whose Currency cell names one, that currency's digits are named.
  EXPECT_EQ(ParseMoneyRange("1.125–1.5", "USD").error,
            "'1.125' has more decimal places than USD allows");
  EXPECT_EQ(ParseMoneyRange("1,250.125–1,500", "EUR").error,
            "'1,250.125' has more decimal places than EUR allows");
  EXPECT_FALSE(ParseMoneyRange("KWD1.125–USD2").ok);
  // The K/M rule counts major units: KWD 180 is below 1,000, 1,800.500 is not.
  EXPECT_FALSE(ParseMoneyRange("KWD180-220K").ok);
  r = ParseMoneyRange("KWD1,800.500-2.2M");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.value.low, (Money{1'800'500, "KWD"}));
  EXPECT_EQ(r.value.high, (Money{2'200'000'000, "KWD"}));
}

// Zeros past a currency's minor digits leave an exact value: read the same
// whether the currency is written on the ends or comes from the row (a bare
// end takes it later: InCurrency). A non-zero digit there names the currency.
TEST(RangeZerosPastMinorDigits, ReadTheSameWithTheCurrencyBeforeTheNumberOrNot) {
  struct Case {
    std::string_view prefixed, bare, currency;
    Money low;
  };
  const Case cases[] = {
      {"EUR1,250.120–EUR1,500", "1,250.120–1,500", "EUR", {125'012, "EUR"}},
      {"EUR1,250.12000–EUR1,500", "1,250.12000–1,500", "EUR", {125'012, "EUR"}},
      {"JPY1,250.0–JPY1,500", "1,250.0–1,500", "JPY", {1'250, "JPY"}},
      {"JPY1,250.000–JPY1,500", "1,250.000–1,500", "JPY", {1'250, "JPY"}},
      {"KWD1,250.1200–KWD1,500", "1,250.1200–1,500", "KWD", {1'250'120, "KWD"}},
      {"KWD1,250.1250–KWD1,500", "1,250.1250–1,500", "KWD", {1'250'125, "KWD"}},
  };
  for (const Case& c : cases) {
    // As the pay table reader gives a bare end its row's currency.
    auto in_row = [&](const Money& m) {
      return m.currency.empty() ? InCurrency(m, c.currency) : std::optional<Money>(m);
    };
    const Money high{1'500 * MinorPerMajor(c.currency), std::string(c.currency)};
    RangeParse prefixed = ParseMoneyRange(c.prefixed);
    ASSERT_TRUE(prefixed.ok) << c.prefixed << ": " << prefixed.error;
    EXPECT_EQ(prefixed.value.low, c.low) << c.prefixed;
    EXPECT_EQ(prefixed.value.high, high) << c.prefixed;
    RangeParse bare = ParseMoneyRange(c.bare, c.currency);
    ASSERT_TRUE(bare.ok) << c.bare << ": " << bare.error;
    EXPECT_EQ(in_row(bare.value.low), c.low) << c.bare;
    EXPECT_EQ(in_row(bare.value.high), high) << c.bare;
  }
  // Zeros after the decimals of a K/M suffix too: EUR 1,234.5.
  EXPECT_EQ(ParseMoneyRange("EUR1.234500K").value.low, (Money{123'450, "EUR"}));
  // A non-zero digit past them is refused, naming the currency.
  EXPECT_EQ(ParseMoneyRange("EUR1,250.125–EUR1,500").error,
            "'1,250.125' has more decimal places than EUR allows");
  EXPECT_EQ(ParseMoneyRange("EUR1,250.1250–1,500").error,
            "'1,250.1250' has more decimal places than EUR allows");
  EXPECT_EQ(ParseMoneyRange("1,250.1250–1,500", "EUR").error,
            "'1,250.1250' has more decimal places than EUR allows");
  EXPECT_EQ(ParseMoneyRange("JPY1,250.50–JPY1,500").error,
            "'1,250.50' has more decimal places than JPY allows");
  EXPECT_EQ(ParseMoneyRange("KWD1,250.12510–KWD1,500").error,
            "'1,250.12510' has more decimal places than KWD allows");
  EXPECT_EQ(ParseMoneyRange("1,250.12510–1,500", "KWD").error,
            "'1,250.12510' has more decimal places than KWD allows");
  // A bare end takes the other end's currency, whichever end names it: its
  // zeros are read, a non-zero digit names that currency.
  for (std::string_view text : {"EUR90,000–120,000.0000", "90,000.0000–EUR120,000"}) {
    RangeParse r = ParseMoneyRange(text);
    ASSERT_TRUE(r.ok) << text << ": " << r.error;
    EXPECT_EQ(r.value.low, (Money{9'000'000, "EUR"})) << text;
    EXPECT_EQ(r.value.high, (Money{12'000'000, "EUR"})) << text;
  }
  EXPECT_EQ(ParseMoneyRange("EUR90,000–120,000.001").error,
            "'120,000.001' has more decimal places than EUR allows (after the range separator)");
  EXPECT_EQ(ParseMoneyRange("90,000.001–EUR120,000").error,
            "'90,000.001' has more decimal places than EUR allows");
  EXPECT_EQ(ParseMoneyRange("JPY1,250–1,500.50").error,
            "'1,500.50' has more decimal places than JPY allows");
  RangeParse kwd = ParseMoneyRange("1,250.12500–KWD1,500");
  ASSERT_TRUE(kwd.ok) << kwd.error;
  EXPECT_EQ(kwd.value.low, (Money{1'250'125, "KWD"}));
  // A single amount elsewhere (prose, front matter, offers) is read as before.
  EXPECT_EQ(ParseAmount("EUR1.230").error, "'1.230' has more decimal places than EUR allows");
}

TEST(ThreeMinorDigits, FormattedWithEveryMinorDigit) {
  // For people: a whole amount without digits, any other with all three.
  EXPECT_EQ(FormatMoney({45'500'000, "KWD"}), "KWD 45,500");
  EXPECT_EQ(FormatMoney({45'500'500, "KWD"}), "KWD 45,500.500");
  EXPECT_EQ(FormatMoney({1'250, "BHD"}), "BHD 1.250");
  EXPECT_EQ(FormatMoney({5, "OMR"}), "OMR 0.005");
  EXPECT_EQ(FormatMoney({-1'050, "JOD"}), "JOD -1.050");
  // Exact text drops trailing zeros, as for every currency.
  EXPECT_EQ(MajorUnitsString({45'500'500, "KWD"}), "45500.5");
  EXPECT_EQ(MajorUnitsString({1'250'125, "TND"}), "1250.125");
  EXPECT_EQ(MinorPerMajor("KWD"), 1'000);
  EXPECT_EQ(MinorDigits("KWD"), 3);
  EXPECT_EQ(MinorDigits("VND"), 0);
  EXPECT_EQ(MinorDigits(""), 2);
}

TEST(Currency, KnowsTheIso4217MinorUnitsOfOfferCurrencies) {
  for (std::string_view c : {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}) {
    ASSERT_NE(FindCurrency(c), nullptr) << c;
    EXPECT_EQ(FindCurrency(c)->minor_digits, 3) << c;
  }
  for (std::string_view c : {"SAR", "QAR", "BDT", "KZT", "LKR", "GHS", "RSD", "UYU", "CRC"}) {
    ASSERT_NE(FindCurrency(c), nullptr) << c;
    EXPECT_EQ(FindCurrency(c)->minor_digits, 2) << c;
  }
  for (std::string_view c : {"VND", "UGX"}) {
    ASSERT_NE(FindCurrency(c), nullptr) << c;
    EXPECT_EQ(FindCurrency(c)->minor_digits, 0) << c;
  }
  EXPECT_EQ(FindCurrency("KWD")->name, "Kuwaiti dinar");
  EXPECT_EQ(FindCurrencyAnyCase("sar")->code, "SAR");
  EXPECT_EQ(Parse("VND25M"), (Money{25'000'000, "VND"}));
  EXPECT_FALSE(ParseAmount("VND 1.5").ok);
  EXPECT_EQ(Parse("SAR 30,000.75"), (Money{3'000'075, "SAR"}));
}

}  // namespace
}  // namespace levers
