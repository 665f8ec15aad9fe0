#!/usr/bin/env python3
"""`levers offer` on bad or unusual input, through the binary: offers given by
flags are named by their flags, conversions that fail name the offer's file,
currency codes in any case, the bonus and size limits, and files that are not
UTF-8. Usage: run_offer_input_cli.py LEVERS_BIN REPO_ROOT. Prints 'N passed, N failed'."""
import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

checks = CliChecks(sys.argv[1], sys.argv[2])
run, check = checks.run, checks.check

FLAGS = ["offer", "evaluate", "--currency", "USD", "--base", "1"]

rc, out, err = run(*FLAGS, "--equity-kind", "public_rsu", "--equity-value", "100",
                   "--equity-vesting", "40/30/20/10", "--equity-years", "3")
check("flags: a contradiction names both flags and no line or column",
      rc == 2 and err == "levers: flags: '--equity-vesting' has 4 years but '--equity-years' says 3; "
      "give one, or make them agree\n", err)

rc, out, err = run(*FLAGS, "--equity-kind", "public_rsu", "--equity-strike", "2")
check("flags: an options key on RSUs names the flags",
      rc == 2 and err == "levers: flags: '--equity-strike' is for options, but '--equity-kind' is "
      "public_rsu, valued from --equity-value; remove one\n"
      "levers: flags: equity needs --equity-value: the grant's total value\n", err)

rc, out, err = run(*FLAGS, "--equity-kind", "options", "--equity-shares", "1", "--equity-strike",
                   "9223372036854.775807", "--equity-fair-value", "1")
check("a strike with too many digits to hold is too large, not too precise",
      rc == 2 and err == "levers: flags: --equity-strike '9223372036854.775807' a share is "
      "absurdly large (the limit is USD 100,000,000); check the number of zeros\n", err)

rc, out, err = run(*FLAGS, "--equity-kind", "rsu", "--equity-value", "100")
check("equity kind rsu is refused, saying which to pick",
      rc == 2 and err == "levers: flags: --equity-kind 'rsu' must be public_rsu, private_rsu or "
      "options: say public_rsu for a listed company's RSUs (valued at face value) or private_rsu "
      "for a private company's (valued with a liquidity discount)\n", err)

rc, out, err = run("offer", "evaluate", "--company", "Brinewick Markets", "--role",
                   "Senior Software Engineer", "--region", "New York", "--currency", "USD",
                   "--base", "300000", "--bonus", "120%", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("a 120% bonus (Brinewick's guide gives 40-125%) is a target bonus",
      rc == 0 and doc["years"][0]["bonus"] == 360000, out + err)

rc, out, err = run(*FLAGS, "--bonus", "12.345%")
check("a bonus with three decimals states the rule and only percentage forms",
      rc == 2 and err == "levers: flags: --bonus '12.345%' must be a percentage from 0% to 1000% "
      "with at most two decimals, such as 15%\n", err)

rc, out, err = run("offer", "evaluate", "--currency", "usd", "--base", "1", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("--currency in lower case is read as the code", rc == 0 and doc["currency"] == "USD",
      out + err)

rc, out, err = run("offer", "evaluate", "--currency", "IDR", "--base", "1000000000000.01")
check("the IDR limit names only the 10^12 limit that binds",
      rc == 2 and err == "levers: flags: --base IDR 1,000,000,000,000.01 is absurdly large (the "
      "limit is IDR 1,000,000,000,000, the 10^12 limit of every amount); check the number of "
      "zeros\n", err)

# Options at a preferred price, given by flags: 10,000 × (3 − 1) = 20,000 at the
# spread, × 70% = 14,000 expected; upside 10,000 × (3 × 3 − 1) = 80,000.
rc, out, err = run(*FLAGS, "--equity-kind", "options", "--equity-shares", "10000", "--equity-strike", "1",
                   "--equity-preferred-price", "3", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("--equity-preferred-price values options at the preferred price",
      rc == 0 and doc["equity"]["expected"] == 14000 and doc["equity"]["upside"] == 80000
      and doc["equity"]["basis"] == "10,000 options at strike USD 1.00, preferred price USD 3.00",
      out + err)
rc, out, err = run(*FLAGS, "--equity-kind", "options", "--equity-shares", "10000", "--equity-strike", "1",
                   "--equity-fair-value", "2", "--equity-preferred-price", "3", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("--equity-preferred-price with --equity-fair-value warns that the fair value is not used",
      rc == 0 and doc["equity"]["expected"] == 14000
      and err.startswith("levers: flags: '--equity-preferred-price' and '--equity-fair-value' are both "
                         "given: the options are valued at the preferred price USD 3.00; "
                         "--equity-fair-value USD 2.00 is not used\n"), out + err)

# The bonus keys as flags: 12.5% of 200,000 is 25,000; an amount as stated.
rc, out, err = run("offer", "evaluate", "--currency", "USD", "--base", "200000", "--bonus-pct", "12.5",
                   "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("--bonus-pct is a percentage, its sign optional", rc == 0 and doc["years"][0]["bonus"] == 25000, out + err)
rc, out, err = run("offer", "evaluate", "--currency", "USD", "--base", "200000", "--bonus-amount", "5000.5",
                   "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("--bonus-amount is an amount", rc == 0 and doc["years"][0]["bonus"] == 5000.5, out + err)
rc, out, err = run(*FLAGS, "--bonus", "10%", "--bonus-pct", "10")
check("--bonus and --bonus-pct together are refused, naming both",
      rc == 2 and err == "levers: flags: '--bonus-pct' and '--bonus' are both given: each states the whole "
      "target bonus; keep one\n", err)

# Every key docs/offer-format.md documents (each named there) has its flag, in
# evaluate and counter alike: dots and underscores written as dashes.
DOC = (checks.root / "docs/offer-format.md").read_text()
KEYS = ["label", "company", "role", "region", "currency", "date", "base", "bonus", "bonus_pct",
        "bonus_amount", "signing", "signing.year1", "signing.year2", "signing_clawback.months",
        "signing_clawback.basis", "refresh.per_year",
        "refresh.from_year", "relocation", "equity.kind", "equity.value", "equity.vesting",
        "equity.years", "equity.cliff_months", "equity.frequency", "equity.shares", "equity.strike",
        "equity.fair_value", "equity.preferred_price"]
for sub in ("evaluate", "counter"):
    rc, out, err = run("offer", sub, "--help")
    flags = set(re.findall(r"--[a-z0-9-]+", out))
    missing = [k for k in KEYS if k.split(".")[-1] + ":" not in DOC
               or "--" + re.sub(r"[._]", "-", k) not in flags]
    check(f"offer {sub}: every documented offer key has its flag", rc == 0 and not missing,
          f"missing: {missing}")

with tempfile.TemporaryDirectory() as d:
    late = pathlib.Path(d) / "late.yaml"
    late.write_text("currency: EUR\nbase: 5\ndate: 2025-06-01\n")
    why = ("date 2025-06-01: cannot convert EUR to USD: no ECB rate for USD on 2025-06-01: the "
           "table ends 2025-05-09, 23 days earlier (the limit is 7 days); give a rates file that "
           "quotes USD on 2025-06-01 with --rates FILE (eurofxref-hist format)")
    rc, out, err = run("offer", "compare", "data/offers/google-l6-em.yaml", str(late))
    check("compare: a conversion that fails names the offer's file",
          rc == 1 and err == f"levers: {late}: {why}\n", err)
    rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--other",
                       str(late))
    check("counter: a competing offer that cannot be converted is named by its file",
          rc == 1 and err == f"levers: {late}: {why}\n", err)
    # The table quotes USD, only not that late: the hint names the date.
    hf_late = pathlib.Path(d) / "hf-late.yaml"
    hf_late.write_text((checks.root / "data/offers/hf-engineering-manager.yaml").read_text()
                       .replace("date: 2025-05-09", "date: 2025-06-01")
                       .replace("region: San Francisco", "region: Paris"))
    rc, out, err = run("offer", "evaluate", str(hf_late))
    check("evaluate: a band that needs a rate past the table's end names the date in the hint",
          rc == 1 and err.endswith("give a rates file that quotes USD on 2025-06-01 with --rates "
                                   "FILE (eurofxref-hist format)\n"), err)

    utf16 = pathlib.Path(d) / "utf16.yaml"
    utf16.write_bytes(b"\xff\xfe")
    rc, out, err = run("offer", "evaluate", str(utf16))
    check("a UTF-16 byte order mark is not an empty file",
          rc == 2 and err.startswith(f"{utf16}:1:1: error[offer-invalid]: the offer is not UTF-8 "
                                     "text: it starts with a UTF-16 or UTF-32 byte order mark "
                                     "(bytes FF FE); save it as UTF-8\n"), err)
    lower = pathlib.Path(d) / "lower.yaml"
    lower.write_text("currency: eur\nbase: 100000\ndate: 2025-05-09\n")
    rc, out, err = run("offer", "compare", str(lower), "--currency", "usd", "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    check("currency in lower case in a file and on compare", rc == 0 and doc["currency"] == "USD"
          and doc["offers"][0]["currency"] == "USD", out + err)

checks.finish()
