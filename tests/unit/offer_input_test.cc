// How offers are read: the messages for bad input name the field as it was
// written (a key with its line and column, or a flag), state the rule that was
// broken, and name only limits that bind.
#include <gtest/gtest.h>

#include "levers/fx.h"
#include "levers/money.h"
#include "levers/offer.h"

namespace levers {
namespace {

struct Read {
  std::optional<Offer> offer;
  std::vector<std::string> errors;  // messages, in order
};

Read ReadText(const std::string& text, OfferOrigin origin = OfferOrigin::kFile) {
  SourceFile f(origin == OfferOrigin::kFlags ? "(flags)" : "offer.yaml", text);
  DiagnosticSink sink;
  Read r;
  r.offer = ReadOffer(f, sink, origin);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.severity == Severity::kError) r.errors.push_back(d.message);
  }
  return r;
}

// The one error reading `text` gives, or how many there were.
std::string OneError(const std::string& text, OfferOrigin origin = OfferOrigin::kFile) {
  Read r = ReadText(text, origin);
  if (r.errors.size() != 1) return std::to_string(r.errors.size()) + " errors";
  EXPECT_FALSE(r.offer);
  return r.errors[0];
}

// A rupee offer may group its amounts in lakhs without naming the currency.
TEST(OfferInput, ARupeeOfferReadsLakhGrouping) {
  Read r = ReadText("currency: INR\nbase: \"48,00,000\"\nsigning: 5 lakh\n");
  ASSERT_TRUE(r.offer) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.offer->base, (Money{480'000'000, "INR"}));
  EXPECT_EQ(r.offer->signing_year1, (Money{50'000'000, "INR"}));
  // An amount naming a currency keeps its own error.
  EXPECT_EQ(OneError("currency: INR\nbase: \"XYZ 100000\"\n"),
            "base 'XYZ 100000': unknown currency code 'XYZ' (expected an ISO 4217 code such as "
            "USD, EUR)");
  EXPECT_EQ(OneError("currency: INR\nbase: \"48,0,000\"\n"),
            "base '48,0,000': '48,0,000' has a comma that does not group thousands or, for "
            "rupees, lakhs (expected e.g. 1,200,000 or 12,00,000)");
  EXPECT_EQ(OneError("currency: USD\nbase: \"48,00,000\"\n"),
            "base '48,00,000': '48,00,000' has a comma that does not group thousands (expected "
            "e.g. 1,200,000)");
}

TEST(OfferInput, BonusAboveOneHundredPercentIsATarget) {
  // Brinewick's guide gives 40-125% bonuses: 120% of USD 300,000 is 360,000.
  Read r = ReadText("currency: USD\nbase: 300000\nbonus: 120%\n");
  ASSERT_TRUE(r.offer) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.offer->bonus_pct, Percent{12000});
  r = ReadText("currency: USD\nbase: 300000\nbonus_pct: 1000\n");
  ASSERT_TRUE(r.offer);
  EXPECT_EQ(r.offer->bonus_pct, Percent{100000});
}

TEST(OfferInput, BonusMessagesStateTheRuleAndOnlyPercentForms) {
  // Under bonus: a bare 15 is USD 15, so the example is only "15%".
  EXPECT_EQ(OneError("currency: USD\nbase: 300000\nbonus: 12.345%\n"),
            "bonus '12.345%' must be a percentage from 0% to 1000% with at most two decimals, "
            "such as \"15%\"");
  EXPECT_EQ(OneError("currency: USD\nbase: 300000\nbonus: 1000.01%\n"),
            "bonus '1000.01%' must be a percentage from 0% to 1000% with at most two decimals, "
            "such as \"15%\"");
  // Under bonus_pct a bare number is a percentage too.
  EXPECT_EQ(OneError("currency: USD\nbase: 300000\nbonus_pct: 1500\n"),
            "bonus_pct '1500' must be a percentage from 0% to 1000% with at most two decimals, "
            "such as 15 or \"15%\"");
  EXPECT_EQ(OneError("{\"currency\": \"USD\", \"base\": \"1\", \"bonus\": \"12.345%\"}",
                     OfferOrigin::kFlags),
            "--bonus '12.345%' must be a percentage from 0% to 1000% with at most two decimals, "
            "such as 15%");
}

TEST(OfferInput, RsuWithoutPublicOrPrivateIsRefused) {
  EXPECT_EQ(OneError("currency: USD\nbase: 1\nequity:\n  kind: rsu\n  value: 100\n"),
            "equity.kind 'rsu' must be public_rsu, private_rsu or options: say public_rsu for a "
            "listed company's RSUs (valued at face value) or private_rsu for a private "
            "company's (valued with a liquidity discount)");
}

TEST(OfferInput, FlagsAreNamedAsFlagsWithoutPlaces) {
  // As `levers offer evaluate --equity-kind public_rsu --equity-value 100
  // --equity-vesting 40/30/20/10 --equity-years 3` writes them out.
  const std::string flags =
      "{\n  \"currency\": \"USD\",\n  \"base\": \"1\",\n  \"equity\": {\n    \"kind\": "
      "\"public_rsu\",\n    \"value\": \"100\",\n    \"vesting\": \"40/30/20/10\",\n    "
      "\"years\": \"3\"\n  }\n}";
  EXPECT_EQ(OneError(flags, OfferOrigin::kFlags),
            "'--equity-vesting' has 4 years but '--equity-years' says 3; give one, or make "
            "them agree");
  // The same text as a file names the keys and where they are.
  EXPECT_EQ(OneError(flags),
            "'equity.vesting' has 4 years but 'equity.years' (at line 8, column 14) says 3; give "
            "one, or make them agree");
  EXPECT_EQ(
      OneError("{\"currency\": \"USD\", \"base\": \"1\", \"equity\": {\"kind\": \"public_rsu\", "
               "\"value\": \"100\", \"strike\": \"2\"}}",
               OfferOrigin::kFlags),
      "'--equity-strike' is for options, but '--equity-kind' is public_rsu, valued from "
      "--equity-value; remove one");
  EXPECT_EQ(OneError("{\"base\": \"1\"}", OfferOrigin::kFlags),
            "the offer has no currency (add --currency USD, EUR, GBP ...); levers never guesses "
            "one");
  EXPECT_EQ(OneError("{\"currency\": \"USD\", \"base\": \"1\", \"equity\": {\"value\": \"100\"}}",
                     OfferOrigin::kFlags),
            "equity needs --equity-kind: public_rsu, private_rsu or options (levers does not "
            "assume one)");
}

TEST(OfferInput, CurrencyCodesAreReadInAnyCase) {
  EXPECT_EQ(FindCurrencyAnyCase("usd"), FindCurrency("USD"));
  EXPECT_EQ(FindCurrencyAnyCase("Eur"), FindCurrency("EUR"));
  EXPECT_EQ(FindCurrencyAnyCase("jPy")->code, "JPY");
  EXPECT_EQ(FindCurrencyAnyCase("usdx"), nullptr);
  EXPECT_EQ(FindCurrencyAnyCase("xyz"), nullptr);
  EXPECT_EQ(FindCurrencyAnyCase("U$D"), nullptr);
  Read r = ReadText("currency: usd\nbase: \"$1,000\"\n");
  ASSERT_TRUE(r.offer) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_EQ(r.offer->currency, "USD");
  EXPECT_EQ(r.offer->base, (Money{100000, "USD"}));
  // A code in an amount's text too, before or after the number.
  Read text = ReadText("currency: EUR\nbase: 150000 eur\nsigning: eur2.5K\nrelocation: 7.5k Eur\n");
  ASSERT_TRUE(text.offer) << (text.errors.empty() ? "" : text.errors[0]);
  EXPECT_EQ(text.offer->base, (Money{15000000, "EUR"}));
  EXPECT_EQ(text.offer->signing_year1, (Money{250000, "EUR"}));
  EXPECT_EQ(text.offer->relocation, (Money{750000, "EUR"}));
  EXPECT_EQ(OneError("currency: EUR\nbase: 150000 usd\n"),
            "base is in USD but the offer's currency is EUR; give every amount in one currency");
  // A point needs a digit on each side, as in guides.
  EXPECT_EQ(OneError("currency: USD\nbase: 80000.\n"),
            "base '80000.': a decimal point needs a digit after it (write 80000, or add the "
            "decimals)");
  EXPECT_EQ(OneError("currency: USD\nbase: \"$2.5K.\"\n"),
            "base '$2.5K.': unexpected text after the amount");
  EXPECT_EQ(OneError("currency: EUR\nbase: 150000 xyz\n"),
            "base '150000 xyz': unexpected text after the amount");
  EXPECT_EQ(OneError("currency: dollars\nbase: 1\n"),
            "currency 'dollars' is not an ISO 4217 code levers knows (USD, EUR, GBP ..., in any "
            "case)");
}

TEST(OfferInput, LimitMessagesNameTheBindingLimit) {
  // USD 100,000,000 is IDR 1.86 trillion at the 2025-05-09 rates, past the 10^12
  // limit of every amount: that limit binds, and only it is named.
  EXPECT_EQ(OneError("currency: IDR\nbase: 1000000000000.01\n"),
            "base IDR 1,000,000,000,000.01 is absurdly large (the limit is IDR "
            "1,000,000,000,000, the 10^12 limit of every amount); check the number of zeros");
  // Where USD 100,000,000 binds, it is named with its rates' date.
  EXPECT_EQ(OneError("currency: EUR\nbase: 88873089.23\n"),
            "base EUR 88,873,089.23 is absurdly large (the limit is EUR 88,873,089.22, USD "
            "100,000,000 at the ECB rates of 2025-05-09); check the number of zeros");
  // Too many digits to hold is a size problem, not a matter of decimals.
  EXPECT_EQ(OneError("currency: USD\nbase: 1\nequity:\n  kind: options\n  shares: 1\n"
                     "  strike: 9223372036854.775807\n  fair_value: 1\n"),
            "equity.strike '9223372036854.775807' a share is absurdly large (the limit is USD "
            "100,000,000); check the number of zeros");
  EXPECT_EQ(OneError("currency: USD\nbase: 99999999999999999999.5\n"),
            "base '99999999999999999999.5' is absurdly large (the limit is USD 100,000,000); "
            "check the number of zeros");
}

TEST(OfferInput, Utf16ByteOrderMarkIsNotAnEmptyFile) {
  EXPECT_EQ(OneError(std::string("\xFF\xFE", 2)),
            "the offer is not UTF-8 text: it starts with a UTF-16 or UTF-32 byte order mark "
            "(bytes FF FE); save it as UTF-8");
  EXPECT_EQ(OneError(std::string("\xFE\xFF\0c\0u", 6)),
            "the offer is not UTF-8 text: it starts with a UTF-16 or UTF-32 byte order mark "
            "(bytes FE FF); save it as UTF-8");
}

TEST(OfferInput, ConversionFailuresNameTheOfferAndField) {
  // The bundled table ends 2025-05-09; a rate is used up to 7 days late.
  Read late = ReadText("currency: EUR\nbase: 5\ndate: 2025-06-01\n");
  ASSERT_TRUE(late.offer);
  const std::string why =
      "no ECB rate for USD on 2025-06-01: the table ends 2025-05-09, 23 days earlier (the limit "
      "is 7 days)";
  std::optional<ConversionProblem> p =
      FindConversionProblem(*late.offer, "USD", RateTable::Bundled());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->field, "date");
  EXPECT_EQ(p->message, "offer.yaml: date 2025-06-01: cannot convert EUR to USD: " + why);
  // A table that quotes USD on that date would convert it.
  EXPECT_EQ(p->unquoted, std::vector<std::string>{"USD"});
  EXPECT_FALSE(FindConversionProblem(*late.offer, "EUR", RateTable::Bundled()));
  Read usd = ReadText("label: Here\ncurrency: USD\nbase: 5\ndate: 2025-05-09\n");
  ASSERT_TRUE(usd.offer);
  EXPECT_FALSE(FindConversionProblem(*usd.offer, "EUR", RateTable::Bundled()));
  // Compare fails with the same words, naming the offer's file.
  auto c = Compare({*usd.offer, *late.offer}, "", RankBy::kFourYearAverage, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), p->message);
}

// Only the 33/33/33 shorthand is read as thirds; any other schedule must add
// up to 100%, equal parts or not.
TEST(OfferInput, OnlyThirtyThreeThreeTimesIsReadAsThirds) {
  const std::string head =
      "currency: USD\nbase: 5000\nequity: {kind: public_rsu, value: 100, vesting: ";
  const std::string ninety_nine = "equity.vesting adds up to 99%, not 100%";
  EXPECT_EQ(OneError(head + "[99]}\n"), ninety_nine);
  EXPECT_EQ(OneError(head + "24.75/24.75/24.75/24.75}\n"), ninety_nine);
  EXPECT_EQ(OneError(head + "[49.5, 49.5]}\n"), ninety_nine);
  EXPECT_EQ(OneError(head + "[11, 11, 11, 11, 11, 11, 11, 11, 11]}\n"), ninety_nine);
  EXPECT_EQ(OneError(head + "25/25/25/24}\n"), ninety_nine);
  EXPECT_EQ(OneError("{\"currency\": \"USD\", \"base\": \"5000\", \"equity\": {\"kind\": "
                     "\"public_rsu\", \"value\": \"100\", \"vesting\": \"[99]\"}}",
                     OfferOrigin::kFlags),
            "--equity-vesting '[99]' is not a percentage; write even, 5/15/40/40 or a list");
  EXPECT_EQ(OneError("{\"currency\": \"USD\", \"base\": \"5000\", \"equity\": {\"kind\": "
                     "\"public_rsu\", \"value\": \"100\", \"vesting\": \"99\"}}",
                     OfferOrigin::kFlags),
            "--equity-vesting adds up to 99%, not 100%");
  for (const char* thirds : {"33/33/33", "[33, 33, 33]", "33%/33%/33%"}) {
    Read r = ReadText(head + thirds + "}\n");
    ASSERT_TRUE(r.offer) << thirds << ": " << (r.errors.empty() ? "" : r.errors[0]);
    EXPECT_TRUE(r.offer->equity->schedule.even) << thirds;
    EXPECT_EQ(r.offer->equity->schedule.years(), 3) << thirds;
  }
}

// Under bonus_pct the percent sign is optional, for a flag as for a key.
TEST(OfferInput, ABonusPctFlagShowsBothForms) {
  EXPECT_EQ(OneError("{\"currency\": \"USD\", \"base\": \"1\", \"bonus_pct\": \"12.345\"}",
                     OfferOrigin::kFlags),
            "--bonus-pct '12.345' must be a percentage from 0% to 1000% with at most two "
            "decimals, such as 15 or 15%");
}

}  // namespace
}  // namespace levers
