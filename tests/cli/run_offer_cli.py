#!/usr/bin/env python3
"""End-to-end checks of `levers offer` and `levers levels` through the binary:
exit codes, messages naming file:line:column or the closest matches, and JSON
that parses. Usage: run_offer_cli.py LEVERS_BIN REPO_ROOT. Prints 'N passed, N failed'."""
import json
import os
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

checks = CliChecks(sys.argv[1], sys.argv[2])
run, check = checks.run, checks.check
root = checks.root


rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml")
check("evaluate example", rc == 0 and "base: USD 240,000 is p43 of USD 220,000–275,000" in out, out + err)

rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--format", "json", "--explain")
doc = json.loads(out) if rc == 0 else {}
check("evaluate json with formulas", rc == 0 and doc["four_year_average"]["value"] == 311000
      and "/ 4" in doc["four_year_average"]["formula"], out + err)

rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--other",
                   "data/offers/google-l6-em.yaml", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("counter json", rc == 0 and doc["ask"]["base"] == 270000 and doc["floor"] == 255000
      and "Google L6 EM" in doc["message_text"], out + err)

rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("counter without competing offers has no best alternative, and names the plan's currency",
      rc == 0 and doc["best_alternative"] is None and doc["currency"] == "USD" and doc["walk_away"] is None,
      out + err)
rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml")
check("counter text says none for the best alternative without competing offers",
      rc == 0 and "best alternative: none (no competing offer given)" in out and "USD 0" not in out, out + err)

rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "data/offers/paris-offer-eur.json", "--currency", "USD", "--rank", "first-year")
check("compare three in USD", rc == 0 and "ranking:" in out and "1.1252 USD/EUR" in out, out + err)

# How current the guide's data is, beside the band position, as of --today
# (as `levers check --today` judges review-overdue): the bundled EM guide's
# review was due 2026-05-23; to 2026-11-24 is 8 + 30 + 31 + 31 + 30 + 31 + 24
# = 185 days.
em_data = ("guide data: quality high, salaries 2025-Q4, last updated 2026-02-23, review due "
           "2026-05-23 (overdue by 185 days as of 2026-11-24)")
rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--today", "2026-11-24")
check("evaluate says the guide's data under the band position",
      rc == 0 and "USD 306,000 is p26 of USD 303,000–453,000\n  " + em_data + "\n" in out, out + err)
rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--today", "2026-11-24",
                   "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("evaluate json has guide_data", rc == 0 and doc["guide_data"] == {
    "data_quality": "high", "salary_data_quarter": "2025-Q4", "last_updated": "2026-02-23",
    "next_review_due": "2026-05-23", "review": {"due": "2026-05-23", "basis": "next_review_due",
                                                "evidence_date": None, "as_of": "2026-11-24",
                                                "overdue": True, "overdue_days": 185}}, out + err)
rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--other",
                   "data/offers/google-l6-em.yaml", "--today", "2026-11-24")
check("counter says the guide's data near the top, not in the message",
      rc == 0 and out.startswith("counter plan for Hugging Face Enterprise EM (San Francisco band)\n"
                                 + em_data + "\n\n")
      and "2026-05-23" not in out[out.index("\nmessage:\n"):], out + err)
rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "--guides", "data/guides", "--today", "2026-11-24")
check("compare --guides says each guide's data", rc == 0 and "\n    " + em_data + "\n" in out, out + err)
# Glimmerfen's guide has no front matter: the evidence's (2026) dates its
# data, so its review is taken as due 2026-04-01, 237 days before 2026-11-24
# (30 + 31 + 30 + 31 + 31 + 30 + 31 + 23).
rc, out, err = run("offer", "evaluate", "--company", "Glimmerfen Health", "--role", "Data Scientist",
                   "--region", "Berlin", "--currency", "EUR", "--base", "95000", "--today", "2026-11-24")
check("a body-only guide's data are dated by its evidence",
      rc == 0 and "  guide data: no dates stated; review due 2026-04-01 (none stated: 3 months after "
      "2026-01-01, the start of the evidence's date 2026; overdue by 237 days as of 2026-11-24)\n" in out,
      out + err)
rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--today", "2026-02-30")
check("--today must be a real date",
      rc == 2 and "--today: expected a date YYYY-MM-DD" in err and out == "", out + err)

with tempfile.TemporaryDirectory() as d:
    bad = pathlib.Path(d) / "offer.yaml"
    bad.write_text("company: Hugging Face Enterprise\nrole: Engineering Manager\nbase: 200000\n"
                   "equity:\n  kind: public_rsu\n  value: 100000\n  vesting: 10/20/30\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("bad offer: every problem with its location", rc == 2 and "offer.yaml:1:1: error[offer-invalid]: the offer has no currency" in err,
          err)
    bad.write_text("company: [Acme\nrole: Engineer\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("YAML syntax error in an offer says offer, with file:line:col",
          rc == 2 and "offer.yaml:2:5: error[yaml-syntax]: offer is not valid YAML: while parsing a flow "
          "sequence: did not find expected ',' or ']'" in err and "front matter" not in err, err)
    # An offer file over 1 MiB, or a FIFO, is refused before it is read.
    bad.write_text("company: Acme\ncurrency: USD\nbase: 1\n" + "#" * (1 << 20) + "\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("an offer file over 1 MiB is refused, naming the limit",
          rc == 2 and err == f"levers: {bad}: file is {bad.stat().st_size} bytes; offer files are "
          "limited to 1048576 bytes\n", err)
    fifo = pathlib.Path(d) / "fifo.yaml"
    os.mkfifo(fifo)
    rc, out, err = run("offer", "evaluate", str(fifo))
    check("an offer FIFO is refused, not waited on", rc == 2 and err == f"levers: {fifo}: not a regular file\n", err)
    bad.write_text("company: &c Acme\nlabel: *c\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("YAML anchors in an offer are refused in the words of offers",
          rc == 2 and "offer.yaml:1:10: error[yaml-alias]: YAML anchors (&name) are not allowed in an offer" in err,
          err)
    bad.write_text("company: Nowhere Inc\nrole: Engineer\nregion: Mars\ncurrency: USD\nbase: 100000\n")
    rc, out, err = run("offer", "counter", str(bad))
    check("unknown company names the closest", rc == 1 and "no guide for company 'Nowhere Inc'; closest:" in err, err)
    bad.write_text("company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Marseille\ncurrency: USD\nbase: 1\n")
    rc, out, err = run("offer", "counter", str(bad))
    check("unknown region names the closest", rc == 1 and "has no region 'Marseille'; closest: Paris" in err, err)
    bad.write_text("company: Hugging Face Enterprise\nrole: Engineering Manager\nregion: Paris\ncurrency: USD\n"
                   "date: 2026-11-20\nbase: 200000\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("a date with no rate is an error naming the table's end", rc == 1 and "2025-05-09" in err, err)

rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "-5")
check("flags go through the same validation", rc == 2 and "amounts cannot be negative" in err, err)

rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing-year1", "30000", "--signing-year2", "10000", "--refresh-per-year", "20000",
                   "--refresh-from-year", "3", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("flags state a split sign-on and a refresher",
      rc == 0 and [y["signing"] for y in doc["years"]] == [30000, 10000, 0, 0]
      and [y["refresh"] for y in doc["years"]] == [0, 0, 20000, 20000]
      # (230,000 + 210,000 + 220,000 + 220,000) / 4
      and doc["four_year_average"] == 220000, out + err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "1",
                   "--signing", "5", "--signing-year2", "4")
check("a sign-on flag and its parts together are a usage error",
      rc == 2 and "give --signing or its parts (--signing-...), not both" in err, err)

# A sign-on clawback: terms beside the money, by file and by flags alike.
rc, out, err = run("offer", "evaluate", "data/offers/brinewick-sse-clawback.yaml", "--explain")
check("evaluate shows what a clawback puts at risk, with its formula",
      rc == 0 and "  sign-on repayable: in full: year 1's until month 24, year 2's from month 12 until "
      "month 36: USD 75,000 at risk\n      = USD 50,000 (year 1, paid on joining, repayable in full until "
      "month 24) + USD 25,000 (year 2, paid at month 12, repayable in full until month 36) = USD 75,000; "
      "each is paid and counted in its year all the same" in out, out + err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing", "20000", "--signing-clawback-months", "24", "--signing-clawback-basis",
                   "pro_rata", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("clawback flags: JSON with the half-way figure, and the money unchanged",
      rc == 0 and doc["signing_clawback"] == {
          "months": 24, "basis": "pro_rata", "text": "pro rata until month 24", "at_risk": 20000,
          "after_months": 12, "repayable_after": 10000, "most_at_once_after_months": None,
          "most_at_once": None}
      and [y["signing"] for y in doc["years"]] == [20000, 0, 0, 0] and doc["first_year_total"] == 220000,
      out + err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing-year1", "25000", "--signing-year2", "15000",
                   "--signing-clawback-months", "24", "--signing-clawback-basis", "pro_rata")
# The web offer page says the same sentence (tests/unit/web_test.cc,
# TheClawbacksHalfWayFigureIsSaidAsTheCliSaysIt).
check("evaluate says what leaving about half-way repays",
      rc == 0 and "\n  sign-on repayable after 13 months: USD 25,833.33\n" in out, out + err)
# Both payments are never repayable at once: the most at any one month,
# 25,000 × 11 / 24 = 11,458.33 (rounded down) + 15,000 × 23 / 24 = 14,375.
check("evaluate says the most repayable at once when it is less than the total",
      rc == 0 and "USD 40,000 at risk\n  sign-on repayable at most USD 25,833.33 at once (leaving "
      "after 13 months)\n  sign-on repayable after 13 months" in out, out + err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing-year1", "25000", "--signing-year2", "15000",
                   "--signing-clawback-months", "12", "--signing-clawback-basis", "full",
                   "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("evaluate JSON: the most repayable at once, in full over 12 months: year 1's on joining",
      rc == 0 and doc["signing_clawback"]["at_risk"] == 40000
      and doc["signing_clawback"]["most_at_once_after_months"] == 0
      and doc["signing_clawback"]["most_at_once"] == 25000, out + err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing-clawback-months", "12", "--signing-clawback-basis", "full")
check("clawback flags without a sign-on name the flags",
      rc == 2 and "--signing-clawback-months and --signing-clawback-basis are given but the offer's "
      "sign-on is not given: give --signing, or leave them out" in err, err)
rc, out, err = run("offer", "evaluate", "--company", "X", "--currency", "USD", "--base", "200000",
                   "--signing-clawback-months", "12")
check("clawback flags without a sign-on name only the flags given",
      rc == 2 and "--signing-clawback-months is given but the offer's sign-on is not given: give "
      "--signing, or leave it out" in err and "--signing-clawback-basis are given" not in err, err)
with tempfile.TemporaryDirectory() as d:
    bad = pathlib.Path(d) / "claw.yaml"
    bad.write_text("currency: USD\nbase: 200000\nsigning: 20000\nsigning_clawback:\n  months: 0\n"
                   "  basis: pro-rata\n")
    rc, out, err = run("offer", "evaluate", str(bad))
    check("a bad clawback names file:line:column for each key",
          rc == 2 and f"{bad}:5:11: error[offer-invalid]: signing_clawback.months must be a whole number "
          "from 1 to 120" in err and f"{bad}:6:10: error[offer-invalid]: signing_clawback.basis 'pro-rata' "
          "must be full" in err and "did you mean 'pro_rata'?" in err, err)
rc, out, err = run("offer", "counter", "data/offers/brinewick-sse-clawback.yaml", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("counter asks a full clawback pro rata over 12 months, with the sentence in the message",
      rc == 0 and doc["ask"]["signing_clawback"]["months"] == 12
      and doc["ask"]["signing_clawback"]["basis"] == "pro_rata" and "signing_clawback" in doc["ask"]["asked"]
      and doc["ask"]["signing_clawback"]["script"] in doc["message_text"], out + err)
rc, out, err = run("offer", "compare", "data/offers/brinewick-sse-clawback.yaml",
                   "data/offers/hf-engineering-manager.yaml")
check("compare has a clawback row and shows the grant whole",
      rc == 0 and re.search(r"\nsign-on repayable +USD 75,000, in full for 24 months +none stated\n", out)
      and re.search(r"\nequity expected \(whole grant\) +USD 400,000 +USD 168,000\n", out)
      and re.search(r"\ngrant vests over +4 years +4 years\n", out), out + err)

rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--other",
                   "data/offers/paris-offer-eur.json")
check("counter text shows the ECB rates and dates it used",
      rc == 0 and "currency conversions (ECB euro reference rates):\n  - Paris offer (EUR) base: EUR 200,000 "
      "× 1.1252 USD/EUR (ECB 2025-05-09) = USD 225,040" in out, out + err)

rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--explain")
check("text --explain gives every figure of the year table its formula",
      rc == 0 and "year 2:\n  base: USD 240,000\n      = base salary\n  bonus (target): USD 24,000\n"
      "      = USD 240,000 × 10% target\n  sign-on: USD 0\n      = no sign-on in year 2\n" in out
      and "  equity (upside): USD 180,000\n      = 25% of the grant vests in year 4: USD 720,000 × 25% (upside value)" in out,
      out + err)

rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/paris-offer-eur.json",
                   "--currency", "USD")
check("money shows every minor digit or none",
      rc == 0 and "USD 255,420.40" in out and "255,420.4 " not in out, out + err)

# Every amount inside an --explain formula carries its currency, grouped as
# the figure it explains; converted figures name the currency converted into.
PARIS = "data/offers/paris-offer-eur.json"
rc, out, err = run("offer", "evaluate", PARIS, "--guides", "data/guides", "--explain")
check("evaluate --explain formulas name the currency of every amount",
      rc == 0 and "  equity (expected): EUR 7,000\n      = 5% of the grant vests in year 1: EUR 140,000 × 5% "
      "(expected value)\n" in out
      and "  total (expected): EUR 227,000\n      = base EUR 200,000 + bonus EUR 20,000 + equity EUR 7,000\n" in out
      and "    = 25 + (EUR 200,000 − EUR 187,000) / (EUR 234,000 − EUR 187,000) × 50 = 39 (rounded half up)\n"
      in out, out + err)
rc, out, err = run("offer", "evaluate", PARIS, "--explain", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("evaluate --explain JSON keeps each value a number and names the currency in its formula",
      rc == 0 and doc["years"][0]["total_expected"] == {
          "value": 227000, "formula": "base EUR 200,000 + bonus EUR 20,000 + equity EUR 7,000"}, out + err)
rc, out, err = run("offer", "counter", PARIS, "--guides", "data/guides", "--explain")
check("counter --explain formulas name the currency of every amount",
      rc == 0 and "  ask: equity grant: EUR 318,000\n      = stock band low EUR 187,000 + 90% × (EUR 332,000 − "
      "EUR 187,000), rounded up to a multiple of EUR 1,000 but not past the band top, never below the offer "
      "(EUR 200,000); a grant over 4 years\n" in out
      and "  ask: year-one vesting 25%, or cash: EUR 44,520\n      = year one vests 5% of the grant, under an "
      "even 25% a year over 4 years; ask for 25%, or as cash (EUR 318,000 × (25% − 5%) = EUR 63,600) × (1 − 30% "
      "liquidity discount)\n" in out
      and "never below the offered base EUR 200,000 nor above the ask\n" in out, out + err)
rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", PARIS, "--currency", "USD",
                   "--explain")
check("compare --explain formulas of a converted offer are in the comparison's currency",
      rc == 0 and "\nParis offer (EUR):\n  year 1 total: USD 255,420.40\n      = base USD 225,040 + bonus USD "
      "22,504 + equity USD 7,876.40\n" in out
      and "  equity expected (whole grant): USD 157,528\n      = USD 225,040 × (1 − 30% liquidity discount)\n"
      in out,
      out + err)

# A count of shares in a formula is grouped as the amounts beside it are.
with tempfile.TemporaryDirectory() as d:
    options = pathlib.Path(d) / "options.yaml"
    options.write_text("label: Options\ncompany: Acme\nrole: Engineer\ncurrency: USD\n"
                       "date: 2025-05-09\nbase: 150000\nequity: {kind: options, shares: 12000, "
                       "strike: 1, fair_value: 5}\n")
    SPREAD = "12,000 × (USD 5.00 − USD 1.00) × (1 − 30% liquidity discount)"
    rc, out, err = run("offer", "evaluate", str(options), "--explain")
    check("evaluate --explain groups the shares in thousands",
          rc == 0 and f"      = {SPREAD} (rounded down to the cent, once)\n" in out
          and "12000" not in out, out + err)
    rc, out, err = run("offer", "evaluate", str(options), "--explain", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("evaluate --explain JSON: the same formula",
          rc == 0 and doc["equity"]["expected"]["formula"].startswith(SPREAD), out + err)
    rc, out, err = run("offer", "compare", str(options), PARIS, "--currency", "EUR", "--explain")
    check("compare: the totals converted name the shares grouped",
          rc == 0 and "12,000 × fair value" in out and "12,000 × strike" in out
          and "12000" not in out, out + err)

# A currency withdrawn before the offers' date, in any case, is refused as the
# flag it is (exit 2), as render and build refuse it, before anything is compared.
for cur in ["CYP", "cyp"]:
    rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", PARIS,
                       "--currency", cur)
    check(f"compare --currency {cur}: a usage error naming the flag",
          rc == 2 and out == "" and err == "levers: --currency: expected a currency in use on the "
          "offers' dates; no ECB rate for CYP on 2025-05-09: none after 2007-12-31 "
          "(discontinued)\n", f"{rc} {out!r} {err!r}")

HF = "data/offers/hf-engineering-manager.yaml"

# Short of Google (415,700 a year) at the rules' asks (grant 373,000), with
# Google's grant above the stock band's 90% point: the grant is asked at the
# band's top, 390,000; the sign-on closes year one (450,100 - 270,000 - 27,000
# - 390,000 / 4 x 0.7 = 84,850, up to 85,000) and a refresher the four-year
# average (386,500, 29,200 short: 29,200 x 4 / 3 / 0.7, up to 56,000); the JSON
# lists what is asked.
rc, out, err = run("offer", "counter", HF, "--other", "data/offers/google-l6-em.yaml", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("counter short of the walk-away asks the band's top and sizes the rest",
      rc == 0 and doc["ask"]["asked"] == ["base", "equity", "signing_bonus", "refresh_per_year"]
      and doc["ask"]["equity"] == 390000 and doc["ask"]["signing_bonus"] == 85000
      and doc["ask"]["refresh_per_year"] == 56000
      and "I know USD 390,000 in equity over 4 years is the top of the San Francisco equity band" in doc["message_text"]
      and doc["message_text"].endswith("With these, I'm ready to sign.\n"), out + err)
rc, out, err = run("offer", "counter", "/nonexistent/offer.yaml", "--format", "json", "--message", "markdown")
check("counter --format json --message markdown is refused before any file is read",
      rc == 2 and out == "" and err == "levers: --message markdown prints only the message and --format json "
      "the whole plan (its message_markdown field holds the same Markdown); give one of them\n", out + err)
rc, out, err = run("offer", "evaluate", HF, "--liquidity-discount", "33.333")
check("a liquidity discount finer than a basis point is a usage error naming the flag",
      rc == 2 and out == "" and err.startswith(
          "levers: --liquidity-discount: expected a percentage from 0 to 100 with at most two decimals, "
          "like 30 or 33.33 (more digits would be rounded, so they are refused); got '33.333'\n"), out + err)
rc, out, err = run("offer", "evaluate", HF, "--liquidity-discount", "33.33", "--upside-multiple", "2.5")
check("a liquidity discount to the basis point is held exactly",
      rc == 0 and "(1 − 33.33% liquidity discount)" in out and "upside (× 2.5)" in out, out + err)
rc, out, err = run("offer", "evaluate", HF, "--upside-multiple", "2.555")
check("an upside multiple finer than a hundredth is a usage error", rc == 2 and err.startswith(
    "levers: --upside-multiple: expected a multiple from 0 to 100 with at most two decimals, like 3 or 2.5 "
    "(more digits would be rounded, so they are refused); got '2.555'\n"),
      out + err)
for cur in ("XYZ", "us"):
    rc, out, err = run("offer", "compare", HF, "--currency", cur)
    check(f"compare --currency {cur} is a usage error naming the flag",
          rc == 2 and out == "" and err.startswith(
              "levers: --currency: expected an ISO 4217 currency levers knows, like USD, EUR or GBP (any "
              f"case); got '{cur}'\n"), out + err)
rc, out, err = run("offer", "compare", HF, "data/offers/paris-offer-eur.json", "--currency", "eur")
check("compare --currency in lower case is upper-cased", rc == 0 and out.startswith("offers in EUR,"), out + err)
for action in ("evaluate", "counter"):
    rc, out, err = run("offer", action, HF, "--guides", "/nonexistent/guides")
    check(f"{action} with an unreadable --guides is a usage error",
          rc == 2 and out == "" and "--guides '/nonexistent/guides' cannot be read" in err, out + err)
for sub, wanted in (("evaluate", ["--format TEXT:{text,json}=text", "--guides TEXT=data/guides",
                                  "--liquidity-discount TEXT=30", "--upside-multiple TEXT=3",
                                  "--band-low-pct INT=25", "--band-high-pct INT=75"]),
                    ("compare", ["--rank TEXT:{first-year,four-year,expected-equity,floor-equity}=four-year",
                                 "--format TEXT:{text,json}=text"]),
                    ("counter", ["--message TEXT:{text,markdown}=text", "--format TEXT:{text,json}=text"])):
    rc, out, err = run("offer", sub, "--help")
    check(f"offer {sub} --help shows the defaults", rc == 0 and all(w in out for w in wanted), out + err)

with tempfile.TemporaryDirectory() as d:
    same = pathlib.Path(d) / "same.yaml"
    same.write_text("label: Hugging Face Enterprise EM\ncurrency: USD\nbase: 250000\n")
    rc, out, err = run("offer", "compare", HF, str(same), "--currency", "IDR", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("compare makes colliding labels unique in JSON",
          rc == 0 and [o["label"] for o in doc["offers"]] == ["Hugging Face Enterprise EM", "Hugging Face Enterprise EM (2)"]
          and doc["ranking"] == ["Hugging Face Enterprise EM", "Hugging Face Enterprise EM (2)"], out + err)
    rc, out, err = run("offer", "compare", HF, str(same), "--currency", "IDR")
    lines = out.splitlines()
    check("compare sizes its columns: whole labels, IDR amounts apart",
          rc == 0 and lines[2].rstrip().endswith("Hugging Face Enterprise EM  Hugging Face Enterprise EM (2)")
          and all(len(re.split(r" {2,}", l.strip())) == 3 for l in lines[3:11])
          and "2. Hugging Face Enterprise EM (2)" in out, out + err)

rc, out, err = run("offer", "evaluate", "--currency", "USD", "--base", "1000", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("an offer without company and role is valued, named by its source, with no guide said plainly",
      rc == 0 and doc["label"] == "(flags)" and doc["company"] is None and doc["first_year_total"] == 1000
      and doc["band"]["note"] == "the offer names no company, so it has no guide", out + err)
rc, out, err = run("offer", "counter", "--currency", "USD", "--base", "1000")
check("counter without a company is exit 1 saying a plan needs the guide",
      rc == 1 and "the offer names no company, so it has no guide (a counter plan needs the guide's band)" in err,
      out + err)

NO_REGION = ("--company", "Hugging Face Enterprise", "--role", "Engineering Manager", "--currency", "USD",
             "--base", "240000")
rc, out, err = run("offer", "evaluate", *NO_REGION)
check("evaluate without a region gives the figures and says why there is no band position",
      rc == 0 and "first-year total comp: USD 240,000" in out
      and "no band position: the offer names no region; the Engineering Manager guide's regions: San Francisco, "
      "New York, Paris" in out and "(evaluating without a band)" in err, out + err)
rc, out, err = run("offer", "evaluate", *NO_REGION, "--region", "Marseille", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("evaluate with an unknown region is valued like an unknown company, the closest regions named",
      rc == 0 and doc["first_year_total"] == 240000 and doc["band"]["positions"] == []
      and "has no region 'Marseille'; closest: Paris" in doc["band"]["note"], out + err)
with tempfile.TemporaryDirectory() as d:
    lost = pathlib.Path(d) / "marseille.json"
    lost.write_text('{"company": "Hugging Face Enterprise", "role": "Engineering Manager", '
                    '"region": "Marseille", "currency": "USD", "base": 240000}')
    rc, out, err = run("offer", "compare", str(lost), "data/offers/hf-engineering-manager.yaml",
                       "--guides", "data/guides", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("compare places an offer whose region its guide lacks in no band, the closest regions named "
          "(as POST /api/offers/compare does)",
          rc == 0 and doc["offers"][0]["band"]["positions"] == []
          and "has no region 'Marseille'; closest: Paris" in doc["offers"][0]["band"]["note"]
          and doc["offers"][1]["band"]["positions"] != []
          and "(comparing it without a band)" in err, out + err)
rc, out, err = run("offer", "evaluate", "--company", "Nowhere Inc", "--currency", "USD", "--base", "1000",
                   "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("evaluate JSON gives null for a region, role and guide it does not have",
      rc == 0 and doc["region"] is None and doc["role"] is None and doc["band"]["guide"] is None
      and "no guide for company 'Nowhere Inc'" in doc["band"]["note"], out + err)
rc, out, err = run("offer", "evaluate", "--company", "Hugging Face Enterprise", "--role", "Engineering Manager",
                   "--region", "San Francisco", "--currency", "EUR", "--date", "2025-05-09", "--base", "200000",
                   "--equity-kind", "public_rsu", "--equity-value", "200000")
check("evaluate labels each conversion with the figure it converts",
      rc == 0 and "converted: base: EUR 200,000 × 1.1252" in out
      and "converted: stock (4-year grant, face value): EUR 200,000 × 1.1252" in out
      and "converted: total comp (recurring, 4-year average, expected): EUR 250,000 × 1.1252"
      in out, out + err)
rc, out, err = run("offer", "evaluate", "--company", "Hugging Face Enterprise", "--role", "Engineering Manager",
                   "--region", "San Francisco", "--currency", "USD", "--base", "200000")
check("a USD offer against a USD band without a date says nothing of conversion",
      rc == 0 and "no offer date" not in out and "converted" not in out, out + err)

# A cliff past month 12 on a back-loaded grant: short of Google at the rules'
# asks, the grant is asked at the stock band's top, 390,000; the sign-on counts
# year one at the even 25% it asks (450,100 - 270,000 - 27,000 - 97,500 =
# 55,600, up to 60,000) and the year-one vesting ask says 0% vests, 390,000 x
# 25% = 97,500.
rc, out, err = run("offer", "counter", "--company", "Hugging Face Enterprise", "--role", "Engineering Manager",
                   "--region", "San Francisco", "--currency", "USD", "--base", "240000", "--bonus", "10%",
                   "--equity-kind", "public_rsu", "--equity-value", "300000", "--equity-vesting", "5/15/40/40",
                   "--equity-cliff-months", "18", "--other", "data/offers/google-l6-em.yaml", "--explain")
check("counter with an 18-month cliff asks one year-one shortfall once",
      rc == 0 and "ask: signing bonus: USD 60,000\n" in out
      and "ask: year-one vesting 25%, or cash: USD 97,500\n" in out
      and "year one vests 0% of the grant (the 18-month cliff)" in out, out + err)

rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "--explain")
check("compare --explain gives every figure of its table a formula",
      rc == 0 and "  year 4 total: USD 359,800\n      = base USD 268,000 + bonus USD 40,200 + equity USD 51,600\n" in out
      and "  equity floor (whole grant): USD 430,000\n      = listed shares at face value\n" in out, out + err)

# compare --guides places each offer in its own guide's band (as evaluate and
# POST /api/offers/compare do); without it the output has no band.
hf, google = "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml"
rc, out, err = run("offer", "compare", hf, google, "--guides", "data/guides")
check("compare --guides shows each offer's band",
      rc == 0 and re.search(r"\nbase in its band +p43 +—\n", out) is not None
      and "  Hugging Face Enterprise EM: the San Francisco band "
          "(data/guides/hugging-face-enterprise--engineering-manager.md)\n"
          "    base: USD 240,000 is p43 of USD 220,000–275,000\n"
          "    stock (4-year grant, face value): USD 240,000 is p31 of USD 220,000–390,000\n"
          "    total comp (recurring, 4-year average, expected): USD 306,000 is p26 of "
          "USD 303,000–453,000\n" in out
      and "  Google L6 EM: no band position: no guide for company 'Google'" in out
      and "levers: Google L6 EM: no guide for company 'Google'" in err, out + err)
rc, out, err = run("offer", "compare", hf, "data/offers/paris-offer-eur.json", "--currency", "USD",
                   "--guides", "data/guides/hugging-face-enterprise--engineering-manager.md",
                   "--format", "json")
bands = [o["band"] for o in json.loads(out)["offers"]] if rc == 0 else []
check("compare --guides json places each offer in its band's currency",
      rc == 0 and [(b["region"], b["currency"], b["positions"][0]["what"],
                    b["positions"][0]["value"], b["positions"][0]["percentile"]) for b in bands]
      == [("San Francisco", "USD", "base", 240000, 43), ("Paris", "EUR", "base", 200000, 39)],
      out + err)
rc, out, err = run("offer", "compare", hf, google)
check("compare without --guides shows no band",
      rc == 0 and "band" not in out and err == "", out + err)
rc, out, err = run("offer", "compare", hf, google, "--format", "json")
check("compare json without --guides has empty bands",
      rc == 0 and all(o["band"]["positions"] == [] and o["band"]["note"] is None
                      for o in json.loads(out)["offers"]), out + err)
with tempfile.TemporaryDirectory() as tmp:
    missing = str(pathlib.Path(tmp) / "none")
    rc, out, err = run("offer", "compare", hf, "--guides", missing)
    rc2, out2, err2 = run("offer", "evaluate", hf, "--guides", missing)
    check("compare --guides refuses an unreadable path as evaluate does",
          rc == 2 and rc2 == 2 and out == "" and err == err2
          and f"levers: --guides '{missing}' cannot be read; give a folder of guides" in err,
          err + err2)

# A guide whose Berlin base range is written high to low (check's range-order):
# evaluate, compare and counter refuse that band and say why, as for a missing
# region; a flat band's position states the flat-band rule.
GLIMMER = (root / "data/guides/glimmerfen-health--data-scientist.md").read_text()
BERLIN_ROW = "| Berlin | €85K–€110K | €40K–€80K | 5–10% | €99K–€141K |"
INVERTED = ("the Data Scientist guide's Berlin band is not used: its base low EUR 110,000 is above its "
            "high EUR 85,000 (error[range-order] in levers check)")
with tempfile.TemporaryDirectory() as tmp:
    inverted, flat = pathlib.Path(tmp) / "inverted", pathlib.Path(tmp) / "flat"
    for folder, row in ((inverted, "| Berlin | €110K–€85K | €40K–€80K | 5–10% | €99K–€141K |"),
                        (flat, "| Berlin | €100K–€100K | €40K–€80K | 5–10% | €99K–€141K |")):
        folder.mkdir()
        (folder / "glimmer.md").write_text(GLIMMER.replace(BERLIN_ROW, row))
    offer = pathlib.Path(tmp) / "berlin.yaml"
    offer.write_text("company: Glimmerfen Health\nrole: Data Scientist\nregion: Berlin\ncurrency: EUR\n"
                     "date: 2025-05-09\nbase: 100000\n")
    rc, out, err = run("offer", "evaluate", str(offer), "--guides", str(inverted), "--explain")
    check("evaluate refuses a band whose low is above its high, saying why",
          rc == 0 and f"\nno band position: {INVERTED}\n" in out and " of EUR 110,000" not in out
          and err == f"levers: {INVERTED} (evaluating without a band)\n", out + err)
    rc, out, err = run("offer", "counter", str(offer), "--guides", str(inverted))
    check("counter asks nothing from a band whose low is above its high",
          rc == 1 and out == "" and err == f"levers: {INVERTED}\n", out + err)
    rc, out, err = run("offer", "compare", str(offer), "--guides", str(inverted))
    check("compare --guides refuses the inverted band, saying why",
          rc == 0 and f"  Glimmerfen Health: no band position: {INVERTED}\n" in out
          and err == f"levers: Glimmerfen Health: {INVERTED} (comparing it without a band)\n",
          out + err)
    rc, out, err = run("offer", "evaluate", str(offer), "--guides", str(flat), "--explain")
    check("a flat band's position states the flat-band rule, not 0/0",
          rc == 0 and "  base: EUR 100,000 is p50 of EUR 100,000–100,000\n      = flat band (low = high = "
          "EUR 100,000): a figure at it is midway between p25 and p75: (25 + 75) / 2 = 50\n" in out, out + err)

# An undated JPY offer against the Paris (EUR) band: every conversion line of
# the plan, its own figures' and the band's, ends with the newest-rate note.
rc, out, err = run("offer", "counter", "--company", "Hugging Face Enterprise", "--role", "Engineering Manager",
                   "--region", "Paris", "--currency", "JPY", "--base", "30000000", "--bonus", "10%")
lines = out.split("currency conversions (ECB euro reference rates):\n")[-1].split("\n\n")[0].splitlines()
check("counter: each conversion line of an undated offer says it used the newest rate",
      rc == 0 and len(lines) == 6
      and lines[0] == "  - base: JPY 30,000,000 ÷ 163.36 JPY/EUR (ECB 2025-05-09) ≈ EUR 183,643.49 (no offer "
      "date: the newest ECB rate)"
      and all(line.endswith(" (no offer date: the newest ECB rate)") for line in lines), out + err)

rc, out, err = run("levels", "Google L6")
check("levels Google L6", rc == 0 and "Meta                     E6" in out, out + err)
rc, out, err = run("levels", "Google L6", "--format", "json")
check("levels json parses", rc == 0 and len(json.loads(out)["equivalents"]) == 10, out + err)
# Each source says where its role is written as line and column (code points),
# never as a byte offset: the text there is the role as written.
placed = []
for e in (json.loads(out)["equivalents"] if rc == 0 else []):
    for src in e["sources"]:
        lines = (root / src["path"]).read_text(encoding="utf-8").split("\n")
        placed.append("offset" not in src and
                      lines[src["line"] - 1][src["column"] - 1:].startswith(e["text"]))
check("levels json places each source by line and column", placed and all(placed), out)
# Every spelling of a grade finds the same guides (docs/bands.md 2.4): Meta's
# IC4 is E4; Google's T4, 4 and SWE III are L4. The query is shown as typed,
# with the ladder's spelling it was matched as.


def guides_of(query):
    rc, out, err = run("levels", query, "--format", "json")
    if rc != 0:
        return rc, (None, None, []), err
    doc = json.loads(out)
    paths = sorted({s["path"] for m in doc["matched"] + doc["equivalents"] for s in m["sources"]})
    return rc, (doc["query"]["label"], (doc["query"].get("ladder") or {}).get("label"), paths), err


rc, e4, err = guides_of("Meta E4")
rc2, ic4, err2 = guides_of("Meta IC4")
check("levels Meta IC4 and Meta E4 list the same guides",
      rc == 0 and rc2 == 0 and len(e4[2]) == 6 and ic4[2] == e4[2]
      and e4[0] == "Meta E4" and e4[1] is None
      and ic4[0] == "Meta IC4" and ic4[1] == "Meta E4", f"{e4} {ic4} {err} {err2}")
rc, l4, err = guides_of("Google L4")
for q in ("Google T4", "Google 4", "Google SWE III"):
    rc2, other, err2 = guides_of(q)
    check(f"levels {q} lists the guides of Google L4",
          rc == 0 and rc2 == 0 and other[2] == l4[2] and other[0] == q
          and other[1] == "Google L4", f"{l4} {other} {err} {err2}")
rc, out, err = run("levels", "Meta IC4")
check("levels text names the ladder's spelling",
      rc == 0 and out.startswith("Meta IC4 (matched as Meta E4)\n") and "Meta E4-E5" in out, out + err)
rc, out, err = run("levels", "Gogle L4")
check("levels unknown company", rc == 1 and "closest known: Google" in err, err)

# Offer flags are checked as the offer file's fields are: text that is not
# UTF-8 (a Latin-1 terminal) is a usage error naming the flag and the byte,
# never an internal error; an empty value (a shell variable left unset) is
# refused rather than read as not given.
rc, out, err = run("offer", "evaluate", "--company", "Soci\udce9t\udce9", "--currency", "EUR", "--base", "100000")
check("offer flag text that is not UTF-8 names the flag and the byte", rc == 2 and err.startswith(
    "levers: --company: expected UTF-8 text; byte 5 (0xE9) is not UTF-8") and "internal" not in err, err)
rc, out, err = run("offer", "evaluate", "--currency", "USD", "--base", "100000", "--bonus", "")
check("an empty offer flag is a usage error",
      rc == 2 and err.startswith("levers: --bonus: expected a value (Target bonus: 10% or an amount); got an empty "
                                 "value"), err)
for cmd in (["offer", "evaluate", "data/offers/hf-engineering-manager.yaml"],
            ["render", "--to", "html", "data/guides/hugging-face-enterprise--engineering-manager.md"],
            ["build", "data/guides", "/nonexistent/never-written"]):
    rc, out, err = run(*cmd, "--rates", "")
    check(f"{cmd[0]} --rates '' is a usage error, not the bundled rates", rc == 2 and out == "" and err.startswith(
        "levers: --rates: expected an ECB rates CSV (eurofxref-hist format); got an empty value"), out + err)
rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--guides", "")
check("evaluate --guides '' is a usage error", rc == 2 and "--guides: expected a folder of guides" in err, err)

# Flags that would change nothing are refused.
rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "--band-low-pct", "10")
check("compare --band-low-pct without --guides is refused", rc == 2 and out == "" and err.startswith(
    "levers: --band-low-pct sets how offers are placed in their guides' bands"), out + err)
rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "--band-low-pct", "10", "--guides", "data/guides")
check("compare --band-low-pct with --guides is taken", rc == 0 and "p10" not in err, out + err)
rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--message", "markdown", "--explain")
check("counter --message markdown --explain is refused", rc == 2 and out == "" and "give one of them" in err, err)
rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/google-l6-em.yaml",
                   "--guides", "data/guides", "--band-low-pct", "80")
check("a band percentile pair out of order names the values",
      rc == 2 and err.endswith("<= 100; got 80 and 75\n"), err)

# A mistyped command names the word, the choices and the closest one.
for args, want in ((["chek", "data/guides"], "levers: unknown command 'chek'; did you mean 'check'? (expected parse, "
                    "check, render, build, offer, levels, bands, import, store-info or serve)\n"),
                   (["offer", "evalute", "x.yaml"], "levers offer: unknown command 'evalute'; did you mean "
                    "'evaluate'? (expected evaluate, compare or counter)\n"),
                   (["--bogus"], "levers: unknown option '--bogus' (expected parse, check, render, build, offer, "
                    "levels, bands, import, store-info or serve)\n"),
                   (["offer"], "levers offer: expected a command: evaluate, compare or counter\n")):
    rc, out, err = run(*args)
    check(f"levers {' '.join(args)} names what was typed and the commands", rc == 2 and err == want, err)
rc, out, err = run("offer", "--help")
check("offer --help still prints help", rc == 0 and "evaluate" in out, out + err)

# Empty paths name what was expected; --version belongs to levers itself.
for args, want in ((["check", ""], "levers: paths: expected a guide file or folder; got an empty value"),
                   (["offer", "evaluate", ""], "levers: offer: expected an offer file; got an empty value"),
                   (["import", ""], "levers: dir: expected a folder of guides; got an empty value"),
                   (["bands", "--version"], "levers bands: unknown option '--version' (expected build, apply, "
                    "new or levels)")):
    rc, out, err = run(*args)
    check(f"levers {' '.join(args)!r} says what was expected", rc == 2 and err.startswith(want), err)
rc, out, err = run("--version")
check("levers --version", rc == 0 and out.startswith("levers "), out + err)

checks.finish()
