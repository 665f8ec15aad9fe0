#!/usr/bin/env python3
"""levers bands and levers check --bands end to end: exit codes, messages,
JSON, and a guide refreshed in place with its prose intact.

Usage: run_bands_cli.py LEVERS SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

LEVERS, SRC = sys.argv[1], sys.argv[2]
FIX = os.path.join(SRC, "tests", "bands")
LEVELS = os.path.join(SRC, "..", "shared", "data", "levels_fyi_salaries_2017_2021.csv")
failures = []


def run(*args):
    p = subprocess.run([LEVERS, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


malformed = os.path.join(FIX, "malformed.csv")
rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--min-n", "1")
expect(rc == 0, f"build on bad rows exits 0, got {rc}")
expect(f"{malformed}: 14 rows read, 7 accepted, 7 rejected" in out, "ledger line: " + out[:200])
expect(f"{malformed}:5: rejected [ragged-row] expected 9 fields as in the header, found 8" in err,
       "ragged row on stderr: " + err)
expect(f"{malformed}:9: rejected [date-invalid] timestamp: '2/30/2021 10:00:00' is not a calendar date"
       in err, "impossible date on stderr")
rc, _, _ = run("bands", "build", malformed, "--as-of", "2021-12-31", "--strict")
expect(rc == 1, f"--strict with rejected rows exits 1, got {rc}")

rc, out, _ = run("bands", "build", malformed, "--as-of", "2021-12-31", "--format", "json",
                 "--min-n", "1")
doc = json.loads(out)
rows = doc["rows"]
expect(rows["read"] == rows["accepted"] + rows["rejected"] == 14, "JSON ledger adds up")
expect([r["line"] for r in rows["rejects"]] == [5, 6, 7, 8, 9, 14, 15], "JSON reject lines")
expect(doc["groups"][0]["total_comp"]["p50"] == 250000, "JSON p50 in major units")

for args, msg in [
    (["bands", "build", malformed], "--as-of is required"),
    (["bands", "build", malformed, "--as-of", "2021-02-30"], "--as-of"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--by", "company,team"], "unknown dimension 'team'"),
    (["bands", "build", "/nonexistent.csv", "--as-of", "2021-12-31"], "/nonexistent.csv"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--map", "colour=x"], "unknown key 'colour'"),
    # A mapping that names no currency is refused, not read as USD.
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--by", "company", "--map",
      "company=company,base=basesalary,date=timestamp"],
     "--map names no currency for the amounts: add currency=COLUMN (a column of ISO 4217 codes) "
     "or currency_code=CODE (one for every row, e.g. currency_code=USD)"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "-3"],
     "--k: expected a number above 0 such as 1.5 or 3, found '-3'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "nan"],
     "--k: expected a number above 0 such as 1.5 or 3, found 'nan'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "0"], "found '0'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "inf"], "found 'inf'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "1.5x"], "found '1.5x'"),
]:
    rc, out, err = run(*args)
    expect(rc == 2, f"{args} exits 2, got {rc}")
    expect(msg in err, f"{args}: '{msg}' in stderr: {err[:300]}")

rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--min-n", "1", "--map",
                   "company=company,base=basesalary,date=timestamp,currency_code=EUR",
                   "--currency", "keep", "--by", "company", "--format", "json")
expect(rc == 0, f"--map with currency_code=EUR exits 0, got {rc}: {err[:300]}")
expect(rc != 0 or json.loads(out)["groups"][0]["currency"] == "EUR", "currency_code=EUR labels EUR")

with tempfile.TemporaryDirectory() as tmp:
    guide = os.path.join(tmp, "google-software-engineer.md")
    shutil.copy(os.path.join(FIX, "google-software-engineer.md"), guide)
    data = os.path.join(FIX, "apply_data.csv")
    before = open(guide, "rb").read()

    bands_json = os.path.join(tmp, "bands.json")
    rc, _, err = run("bands", "build", data, "--as-of", "2021-12-31", "--by", "company,title,region",
                     "--currency", "local", "--format", "json", "-o", bands_json)
    expect(rc == 0, f"build to JSON: {err}")
    # Bands grouped by level match no region of a guide: a usage error, not silence.
    level_json = os.path.join(tmp, "levels.json")
    rc, _, err = run("bands", "build", data, "--as-of", "2021-12-31", "--by", "company,title,level",
                     "--format", "json", "-o", level_json)
    expect(rc == 0, f"build by level to JSON: {err}")
    rc, out, err = run("check", "--today", "2021-07-01", "--bands", level_json, guide)
    expect(rc == 2, f"check --bands with bands by level exits 2, got {rc}: {out[:300]}")
    expect(f"levers: {level_json}: comparing guides with bands needs bands grouped by company, "
           "title and region (levers bands build --by company,title,region --format json); these "
           "are grouped by company,title,level" in err, "grouping named on stderr: " + err[:400])

    rc, out, err = run("check", "--today", "2021-07-01", "--bands", bands_json, guide)
    expect(rc == 0, f"check --bands exits 0 (warnings only), got {rc}: {err}")
    expect("warning[bands-drift]: stock_low for Seattle" in out, "drift warning: " + out[:600])
    rc, out2, err = run("check", "--today", "2021-07-01", "--bands", data, "--bands-as-of",
                        "2021-12-31", guide)
    expect(out2.count("bands-drift") == out.count("bands-drift"), "CSV and JSON bands agree")

    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0, f"apply exits 0: {err}")
    expect("updated Seattle, London" in err, "apply summary: " + err)
    after = open(guide, "rb").read()
    marker = "**Negotiation DNA**\n".encode()
    expect(before[before.index(marker):] == after[after.index(marker):], "prose byte-identical")
    rc, out, err = run("check", "--today", "2021-07-01", "--bands", bands_json, guide)
    expect(rc == 0 and "bands-drift" not in out and "error[" not in out,
           "refreshed guide: no errors, no drift: " + out[:600])

    rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies", "Google,Amazon",
                       "--guide", guide)
    expect(rc == 0 and "L4" in out and "0 level mapping disagreements" in out, "levels: " + out + err)
    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--company", "Stripe")
    expect(rc == 1 and "no region of the guide has data for stripe" in err, "apply without data: " + err)

if os.path.exists(LEVELS):
    rc, out, err = run("bands", "build", LEVELS, "--as-of", "2021-12-31", "--limit", "5")
    expect(rc == 0, f"real file exits 0, got {rc}")
    expect(f"{LEVELS}: 62642 rows read" in out, "real file ledger")
    expect("Google / Software Engineer / L4" in out and " 1067 high" in out, "Google L4 line: " + out)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
