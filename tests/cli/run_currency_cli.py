#!/usr/bin/env python3
"""Currencies with three minor digits end to end: an offer in Kuwaiti dinars
through `levers offer evaluate` (the bundled ECB table has no KWD rate; a
--rates file that has one converts exactly), and a guide with a KWD band
through `levers check` and `levers build`. Every figure below is worked out by
hand in the comments. Usage: run_currency_cli.py LEVERS_BIN REPO_ROOT."""
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

checks = CliChecks(sys.argv[1], sys.argv[2])
run, check = checks.run, checks.check

# The San Francisco band of data/guides/hugging-face-enterprise--engineering-manager.md
# is in USD, so a KWD offer against it needs a KWD rate.
OFFER = """label: Kuwait offer
company: Hugging Face Enterprise
role: Engineering Manager
region: San Francisco
currency: KWD
date: 2025-05-09
base: 45000.125
bonus: 10%
signing: 1,250.755
"""
# One euro buys 1.12 dollars and 0.35 dinars, so KWD 1 is exactly USD 3.2.
RATES = "Date,USD,KWD,\n2025-05-09,1.12,0.35,\n2025-05-08,1.13,0.351,\n"

GUIDE = """---
company: gulfwind-ports
company_display: Gulfwind Ports
role: data-engineer
role_display: Data Engineer
role_type: standard
last_updated: 2026-10-15
data_quality: high
salary_data_quarter: 2026-Q3
next_review_due: 2027-01-15
compensation:
  - region: Kuwait City
    currency: KWD
    base_low: 30000.500
    base_high: 38,000.250
    stock_low: 4000
    stock_high: 8000
    bonus_pct: 10
    total_comp_low: 34000.550
    total_comp_high: KWD43.800275K
level_mapping:
  internal: null
  raw: Gulfwind Data Engineer II = Google L4
data_sources:
  - Levels.fyi
negotiation_dna_summary: "Cash First + Small Equity | Port Logistics | 2026 Focus: Berth Scheduling"
---
### Data Engineer | Gulfwind Ports Global Negotiation Guide

**Negotiation DNA:** Cash First + Small Equity | Port Logistics | 2026 Focus: Berth Scheduling

| Region | Currency | Base Salary | Stock (RSU/4yr) | Bonus | Total Comp |
|--------|----------|-------------|-----------------|-------|------------|
| Kuwait City | KWD | 30,000.500–38,000.250 | KWD4K–KWD8K | 10% | KWD34,000.550–43.800275K |

**Negotiation DNA**
Gulfwind Ports is an invented port operator for tests. Cash pay moves most here.

**Level Mapping:** Gulfwind Data Engineer II = Google L4

### Berth Scheduling Lever
The berth scheduler is this year's main data project.

**Global Levers**
1. **Scheduler Work:** "I built a berth scheduler last year, so I ask for KWD36,500.750 base."

> **Negotiate Up Strategy:** "I want the scheduling work. I need KWD36.5K base. My floor is KWD31,000.125."

#### Evidence & Sources
- Levels.fyi data engineering pay in Kuwait City (2026)
"""

with tempfile.TemporaryDirectory() as d:
    tmp = pathlib.Path(d)
    offer = tmp / "kwd.yaml"
    offer.write_text(OFFER)
    rates = tmp / "rates.csv"
    rates.write_text(RATES)

    # What the bundled table quotes on the offers' date, 2025-05-09, as a
    # refusal lists it: not the currencies withdrawn before then (CYP, HRK ...).
    BUNDLED = ("never quotes KWD; for 2025-05-09 it quotes only AUD, BGN, BRL, CAD, CHF, CNY, CZK, "
               "DKK, GBP, HKD, HUF, IDR, ILS, INR, ISK, JPY, KRW, MXN, MYR, NOK, NZD, PHP, PLN, "
               "RON, SEK, SGD, THB, TRY, USD, ZAR")
    HINT = ("; give a rates file that quotes KWD on 2025-05-09 with --rates FILE (eurofxref-hist "
            "format)\n")
    rc, out, err = run("offer", "evaluate", str(offer))
    check("a KWD offer against a USD band without a KWD rate names the conversion, the table "
          "and --rates",
          rc == 1 and err == f"levers: {offer}: date 2025-05-09: cannot convert KWD to USD: no "
          f"ECB rate for KWD: data/ecb/eurofxref-hist.csv {BUNDLED}{HINT}",
          f"{rc} {out!r} {err!r}")
    rc, out, err = run("offer", "counter", str(offer))
    check("counter: the same conversion, and --rates",
          rc == 1 and err == f"levers: {offer}: date 2025-05-09: cannot convert KWD to USD: no "
          f"ECB rate for KWD: data/ecb/eurofxref-hist.csv {BUNDLED}{HINT}",
          f"{rc} {out!r} {err!r}")

    # Comparing in KWD (the first offer's currency): the USD offer is the one
    # converted, and the message says so.
    google_kwd = tmp / "google-kwd.yaml"
    google_kwd.write_text((checks.root / "data/offers/google-l6-em.yaml").read_text()
                          .replace("currency: USD", "currency: KWD"))
    hf = "data/offers/hf-engineering-manager.yaml"
    rc, out, err = run("offer", "compare", str(google_kwd), hf)
    check("compare: the file converted, from USD to KWD, the table, and --rates",
          rc == 1 and err == f"levers: {hf}: date 2025-05-09: cannot convert USD to KWD: no ECB "
          f"rate for KWD: data/ecb/eurofxref-hist.csv {BUNDLED}{HINT}",
          f"{rc} {out!r} {err!r}")
    rc, out, err = run("offer", "compare", str(google_kwd), hf, "--rates", str(rates),
                       "--explain")
    # USD 1 is 0.35 / 1.12 = KWD 0.3125: base USD 240,000 is KWD 75,000 and the
    # sign-on USD 20,000 KWD 6,250, exactly. Its four-year average: base 75,000
    # + bonus 7,500 + (6,250 + 4 × 13,125 vested of the KWD 75,000 grant less
    # 30%, 52,500) / 4 = 82,500 + 14,687.5 = KWD 97,187.500.
    for want in ["converted: Hugging Face Enterprise EM base: USD 240,000 ÷ 1.12 USD/EUR × "
                 "0.35 KWD/EUR (ECB 2025-05-09) = KWD 75,000\n",
                 "converted: Hugging Face Enterprise EM sign-on year 1: USD 20,000 ÷ 1.12 "
                 "USD/EUR × 0.35 KWD/EUR (ECB 2025-05-09) = KWD 6,250\n",
                 "four-year average                   KWD 415,700              KWD 97,187.500\n"]:
        check(f"compare with a KWD rate file: {want.strip()[:40]}", rc == 0 and want in out,
              f"{rc} {out!r} {err!r}")

    rc, out, err = run("offer", "evaluate", str(offer), "--rates", str(rates), "--explain")
    # 10% of KWD 45,000.125 is 4,500.0125, rounded down to the fils: 4,500.012.
    # Year 1: 45,000.125 + 4,500.012 + 1,250.755 = 50,750.892. Years 2-4:
    # 49,500.137. Average: (50,750.892 + 3 × 49,500.137) / 4 = 199,251.303 / 4
    # = 49,812.82575, rounded down to 49,812.825.
    for want in ["base                    KWD 45,000.125",
                 "bonus (target): KWD 4,500.012\n"
                 "      = KWD 45,000.125 × 10% target (rounded down to the thousandth)",
                 "sign-on                  KWD 1,250.755",
                 "total (expected)        KWD 50,750.892  KWD 49,500.137",
                 "four-year average: KWD 49,812.825",
                 # 45,000.125 × 3.2 = 144,000.4 exactly. The total comp band
                 # takes recurring pay, without the sign-on: 49,500.137 × 3.2 =
                 # 158,400.4384, rounded half to even to the cent: 158,400.44.
                 "base: KWD 45,000.125 ÷ 0.35 KWD/EUR × 1.12 USD/EUR (ECB 2025-05-09) "
                 "= USD 144,000.40",
                 "base: USD 144,000.40 is p0 of USD 220,000–275,000 (below the band)",
                 "KWD 49,500.137 ÷ 0.35 KWD/EUR × 1.12 USD/EUR (ECB 2025-05-09) "
                 "≈ USD 158,400.44"]:
        check(f"KWD offer with a rate file: {want.splitlines()[0]}", rc == 0 and want in out,
              f"{rc} {out!r} {err!r}")

    rc, out, err = run("offer", "evaluate", str(offer), "--rates", str(rates), "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("KWD offer JSON: amounts exact to the fils",
          rc == 0 and doc["years"][0]["base"] == 45000.125 and doc["years"][0]["bonus"] == 4500.012
          and doc["years"][0]["total_expected"] == 50750.892
          and doc["four_year_average"] == 49812.825, out + err)

    offer.write_text(OFFER.replace("base: 45000.125", "base: 45000.1255"))
    rc, out, err = run("offer", "evaluate", str(offer), "--rates", str(rates))
    check("a fourth decimal in a KWD offer is refused, naming the currency's three",
          rc == 2 and "base '45000.1255': KWD amounts have at most 3 decimals" in err, err)

    guides = tmp / "guides"
    guides.mkdir()
    (guides / "gulfwind-ports--data-engineer.md").write_text(GUIDE)
    # Base + stock / 4 + 10% of base: 30,000.500 + 1,000 + 3,000.050 =
    # 34,000.550 and 38,000.250 + 2,000 + 3,800.025 = 43,800.275, as stated:
    # the front matter and the table agree to the fils.
    rc, out, err = run("check", "--today", "2026-11-23", str(guides))
    check("a KWD band to the fils checks clean", rc == 0 and
          "1 guide checked: 0 errors, 0 warnings, 0 notes" in out, f"{rc} {out!r} {err!r}")

    rc, out, err = run("parse", str(guides / "gulfwind-ports--data-engineer.md"))
    doc = json.loads(out)[0] if rc == 0 else {}
    band = doc.get("compensation", [{}])[0]
    check("parse: the KWD band in major units, exact",
          rc == 0 and band["currency"] == "KWD" and band["base_low"] == 30000.5
          and band["base_high"] == 38000.25 and band["total_comp_high"] == 43800.275
          and doc["strategy"]["floor"] == 31000.125 and doc["strategy"]["ask"]["base"] == 36500
          and doc["levers"][0]["asks"]["base"] == 36500.75, out + err)

    site = tmp / "site"
    rc, out, err = run("build", "--today", "2026-11-23", str(guides), str(site))
    page = (site / "gulfwind-ports--data-engineer.html").read_text() if rc == 0 else ""
    for want in ["KWD 30,000.500 – 38,000.250", "KWD 34,000.550 – 43,800.275",
                 "Asks for: base KWD 36,500.750", "Floor: <strong>KWD 31,000.125</strong>",
                 "KWD 30,000.500 to 38,000.250",
                 "Not converted: Kuwait City: no ECB rate for KWD"]:
        check(f"build: the page shows {want}", want in page, f"{rc} {err!r}")

checks.finish()
