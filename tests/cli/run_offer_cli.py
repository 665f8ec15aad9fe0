#!/usr/bin/env python3
"""End-to-end checks of `levers offer` and `levers levels` through the binary:
exit codes, messages naming file:line:column or the closest matches, and JSON
that parses. Usage: run_offer_cli.py LEVERS_BIN REPO_ROOT. Prints 'N passed, N failed'."""
import json
import pathlib
import re
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from offer_checks import OfferChecks  # noqa: E402

checks = OfferChecks(sys.argv[1], sys.argv[2])
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

rc, out, err = run("offer", "counter", "data/offers/hf-engineering-manager.yaml", "--other",
                   "data/offers/paris-offer-eur.json")
check("counter text shows the ECB rates and dates it used",
      rc == 0 and "currency conversions (ECB euro reference rates):\n  - Paris offer (EUR) base: EUR 200,000 "
      "× 1.1252 USD/EUR (ECB 2025-05-09) = USD 225,040" in out, out + err)

rc, out, err = run("offer", "evaluate", "data/offers/hf-engineering-manager.yaml", "--explain")
check("text --explain gives every figure of the year table its formula",
      rc == 0 and "year 2:\n  base: USD 240,000\n      = base salary\n  bonus (target): USD 24,000\n"
      "      = USD 240,000 × 10% target\n  sign-on: USD 0\n      = no sign-on in year 2\n" in out
      and "  equity (upside): USD 180,000\n      = 25% of the grant vests in year 4 (upside value)" in out,
      out + err)

rc, out, err = run("offer", "compare", "data/offers/hf-engineering-manager.yaml", "data/offers/paris-offer-eur.json",
                   "--currency", "USD")
check("money shows every minor digit or none",
      rc == 0 and "USD 255,420.40" in out and "255,420.4 " not in out, out + err)

HF = "data/offers/hf-engineering-manager.yaml"
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
      and "converted: total comp (year 1, expected): EUR 250,000 × 1.1252" in out, out + err)
rc, out, err = run("offer", "evaluate", "--company", "Hugging Face Enterprise", "--role", "Engineering Manager",
                   "--region", "San Francisco", "--currency", "USD", "--base", "200000")
check("a USD offer against a USD band without a date says nothing of conversion",
      rc == 0 and "no offer date" not in out and "converted" not in out, out + err)

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
rc, out, err = run("levels", "Gogle L4")
check("levels unknown company", rc == 1 and "closest known: Google" in err, err)

checks.finish()
