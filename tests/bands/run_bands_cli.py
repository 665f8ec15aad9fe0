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
    p = subprocess.run([LEVERS, *args], capture_output=True, text=True, errors="replace",
                       timeout=120)
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

# The rows listed and the count of those not listed add up to the 7 rejected,
# whatever --show-rejects is (it once said 6 more after none, nothing after 6).
for n, more in [(0, "7 more rejected rows"), (1, "6 more rejected rows"),
                (6, "1 more rejected row"), (7, None), (8, None)]:
    rc, _, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--show-rejects",
                     str(n), "--format", "csv", "-o", os.devnull)
    listed = [line for line in err.splitlines() if ": rejected [" in line]
    expect(len(listed) == n if n <= 7 else len(listed) == 7, f"--show-rejects {n} lists: {err}")
    tail = [line for line in err.splitlines() if "not listed" in line]
    want = ([f"{malformed}: {more} not listed (--show-rejects N, or --format json)"] if more
            else [])
    expect(tail == want, f"--show-rejects {n}: {tail} is {want}")

# The number of groups is bounded (memory grows with them), named in the error.
rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--by", "company,region",
                   "--max-groups", "1")
expect(rc == 2 and out == "" and err == f"levers: {malformed}: the rows make more than 1 group "
       "(--max-groups 1); group by fewer dimensions (--by) or raise --max-groups\n",
       f"--max-groups 1: {rc} {err!r}")
rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--max-groups", "0")
expect(rc == 2 and "--max-groups: expected a whole number of groups from 1 to 100000000" in err,
       f"--max-groups 0: {rc} {err!r}")

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
    # --k has nothing to widen when nothing is removed.
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--k", "1.5", "--outliers", "none"],
     "levers: --k: --outliers none removes nothing, so it takes no fence width"),
    # An empty --currency once meant keep; an unknown code is named at the flag.
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--currency", ""],
     "levers: --currency: expected an ISO 4217 code levers knows, like USD or EUR (any case), "
     "'local' or 'keep'; got an empty value"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--currency", "XYZ"], "got 'XYZ'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--alias", "=meta"],
     "levers: --alias: expected spelling=company with both named, e.g. fb=meta, found '=meta'"),
    (["bands", "build", malformed, "--as-of", "2021-12-31", "--alias", "fb="], "found 'fb='"),
]:
    rc, out, err = run(*args)
    expect(rc == 2, f"{args} exits 2, got {rc}")
    expect(msg in err, f"{args}: '{msg}' in stderr: {err[:300]}")

# Flag values are checked as argv is parsed, before any file is read: the data
# and guide paths here do not exist, so a check made after reading would show
# a "cannot read" message instead.
missing = os.path.join(FIX, "no-such-dir", "data.csv")
missing_guide = os.path.join(FIX, "no-such-dir", "guide.md")
for sub, paths in [("build", [missing]), ("new", [missing, "--company", "Acme", "--title", "SWE"]),
                   ("levels", [missing, "--companies", "Google,Meta"]),
                   ("apply", [missing_guide, missing])]:
    base = ["bands", sub, *paths]
    for flags, msg in [
        (["--as-of", "2021-02-30"],
         "levers: --as-of: expected a date YYYY-MM-DD, like 2026-11-23; got '2021-02-30'"),
        (["--as-of", ""], "levers: --as-of: expected a date YYYY-MM-DD, got an empty value"),
        (["--window-days", "abc"],
         "levers: --window-days: expected a whole number of days from 0 to 36500 (0: every row up "
         "to --as-of), like 365; got 'abc'"),
        (["--window-days", "-1"], "levers: --window-days: expected a whole number of days"),
        (["--window-days", "36501"], "got '36501'"),
        (["--outliers", "foo"], "levers: --outliers: expected iqr, mad or none; got 'foo'"),
        (["--small", "foo"], "levers: --small: expected pool or suppress; got 'foo'"),
        (["--min-n", "0"],
         "levers: --min-n: expected a whole number of rows from 1 to 1000000, like 5; got '0'"),
        (["--min-n", "x"], "levers: --min-n: expected a whole number of rows from 1 to 1000000"),
    ]:
        args = base + (flags if flags[0] == "--as-of" else ["--as-of", "2021-12-31", *flags])
        rc, out, err = run(*args)
        expect(rc == 2 and out == "" and msg in err and "Could not convert" not in err,
               f"{sub} {flags}: exits 2 with '{msg}', got {rc}: {err[:300]}")
    # --k and --jobs too, each message whole: the flag, the form expected, the value given.
    k_msg = "levers: --k: expected a number above 0 and at most 100, like 1.5 or 3; {}"
    jobs_msg = ("levers: --jobs: expected a whole number of threads from 0 to 1024 (0: one per "
                "core); {}")
    for flag, value, msg in [("--k", v, k_msg) for v in ["-3", "0", "nan", "inf", "1.5x", "1e1", "", "100.01"]] + \
                            [("--jobs", v, jobs_msg) for v in ["-3", "1025", "2.5", "x", ""]]:
        rc, out, err = run(*base, "--as-of", "2021-12-31", flag, value)
        msg = msg.format(f"got '{value}'" if value else "got an empty value")
        expect(rc == 2 and out == "" and err.splitlines()[:1] == [msg],
               f"{sub} {flag} {value!r}: exits 2 with '{msg}', got {rc}: {err[:300]}")
# bands build's own counts: 0 to 100000 (0: all groups).
for flag, value, msg in [
    ("--limit", "-1", "levers: --limit: expected a whole number of groups from 0 to 100000 (0: all), "
                      "like 40; got '-1'"),
    ("--limit", "100001", "levers: --limit: expected a whole number of groups from 0 to 100000 "
                          "(0: all), like 40; got '100001'"),
    ("--limit", "4x", "levers: --limit: expected a whole number of groups from 0 to 100000 "
                      "(0: all), like 40; got '4x'"),
    ("--show-rejects", "-1", "levers: --show-rejects: expected a whole number of rows from 0 to "
                             "100000, like 20; got '-1'"),
    ("--show-rejects", "100001", "levers: --show-rejects: expected a whole number of rows from 0 "
                                 "to 100000, like 20; got '100001'"),
    ("--show-rejects", "18446744073709551616", "levers: --show-rejects: expected a whole number of "
                                               "rows from 0 to 100000, like 20; got "
                                               "'18446744073709551616'"),
]:
    rc, out, err = run("bands", "build", missing, "--as-of", "2021-12-31", flag, value)
    expect(rc == 2 and out == "" and err.splitlines()[:1] == [msg],
           f"build {flag} {value}: exits 2 with '{msg}', got {rc}: {err[:300]}")
for sub, paths in [("new", [missing, "--company", "Acme", "--title", "SWE"]),
                   ("apply", [missing_guide, missing])]:
    base = ["bands", sub, *paths, "--as-of", "2021-12-31"]
    for flags, msg in [
        (["--low", "abc"], "levers: --low: expected 10, 25, 50, 75 or 90; got 'abc'"),
        (["--low", "30"], "levers: --low: expected 10, 25, 50, 75 or 90; got '30'"),
        (["--high", "1.5"], "levers: --high: expected 10, 25, 50, 75 or 90; got '1.5'"),
        (["--low", "75", "--high", "25"],
         "levers: --low 75 is above --high 25: the band's low end takes the lower percentile"),
    ] + ([(["--regions", "abc"],
           "levers: --regions: expected a whole number of regions from 1 to 50, like 6; got 'abc'")]
         if sub == "new" else []):
        if sub == "apply" and flags[0] == "--low" and len(flags) > 2:
            continue  # a cross-flag check: made once the guides are listed
        rc, out, err = run(*base, *flags)
        expect(rc == 2 and out == "" and msg in err and "Could not convert" not in err,
               f"{sub} {flags}: exits 2 with '{msg}', got {rc}: {err[:300]}")
rc, out, _ = run("bands", "new", "--help")
expect("--low INT:{10,25,50,75,90}=25" in out and "--high INT:{10,25,50,75,90}=75" in out,
       "new --help lists the percentiles: " + out)

rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--min-n", "1", "--jobs", "2",
                   "--outliers", "none")
expect(rc == 0, f"--jobs 2 --outliers none exits 0, got {rc}: {err[:300]}")
expect("; percentiles of total comp with no outliers removed\n" in out,
       "ledger says no outliers were removed: " + out[:400])
rc, out, err = run("bands", "build", malformed, "--as-of", "2021-12-31", "--min-n", "1", "--jobs", "0",
                   "--k", "3", "--limit", "100000", "--show-rejects", "100000")
expect(rc == 0 and f"{malformed}: 14 rows read, 7 accepted, 7 rejected" in out,
       f"--jobs 0 (one per core), --k 3 and the largest --limit and --show-rejects: {rc} {err[:300]}")

# --help states every default of bands build.
rc, out, _ = run("bands", "build", "--help")
for shown in ["--by TEXT=company,title,level", "--window-days INT=0", "--currency TEXT=USD",
              "--outliers TEXT:{iqr,mad,none}=iqr", "--small TEXT:{pool,suppress}=pool",
              "--limit UINT=40", "--show-rejects UINT=20", "--min-n INT=5",
              "Groups shown in text output, 0 to 100000 (0: all)",
              "Rejected rows listed on stderr, 0 to 100000",
              "Threads, 0 to 1024 (0, the default: one per core)"]:
    expect(shown in out, f"build --help shows '{shown}'")
rc, out, _ = run("bands", "new", "--help")
expect("--currency TEXT=local" in out and "--regions INT=6" in out, "new --help defaults: " + out)

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
    # docs/checks.md's example: the values the percentile was taken over, and the rows.
    expect("stock_low for Seattle: the guide says USD 160,000, the data says USD 248,000 (p25 of "
           f"80 stock values a year, USD 62,000 x 4 years, from 80 rows of {data} up to "
           "2021-12-31, the newest dated 2021-09-28; rounded to 1,000 as bands apply writes it: USD 248,000), 35.49% apart "
           "(tolerance 10%)" in out, "drift message as docs/checks.md shows it: " + out[:600])
    expect("base_low for London: the guide says GBP 70,000, the data says GBP 82,066.74 (p25 of "
           f"11 base values, from 12 rows of {data} up to 2021-12-31, 12 of them converted into "
           "GBP at the ECB rate of their date, the newest dated 2021-09-12; rounded to 1,000 as bands apply writes it: GBP "
           "82,000), 14.71% apart (tolerance 10%)" in out,
           "drift message shows the conversion, through the bands JSON: " + out[:1600])
    rc, out2, err = run("check", "--today", "2021-07-01", "--bands", data, "--bands-as-of",
                        "2021-12-31", guide)
    expect(out2.count("bands-drift") == out.count("bands-drift"), "CSV and JSON bands agree")
    # The JSON carries each group's newest row, so the findings date the data
    # as the CSV's do: the same text, word for word.
    expect(out2 == out, "check --bands from the JSON says what it says from the CSV:\n" + out +
           "\n---\n" + out2)
    groups = json.load(open(bands_json))["groups"]
    expect([g.get("newest") for g in groups if g["key"]["region"] == "London"] == ["2021-09-12"],
           "the bands JSON has London's newest row: " + str([g.get("newest") for g in groups]))

    # apply lists 5 rejected rows and counts the rest (malformed.csv has 7);
    # it takes no --show-rejects, so it names the command that does.
    rc, out, err = run("bands", "apply", guide, malformed, "--as-of", "2021-12-31", "-o",
                       os.path.join(tmp, "unused.md"))
    expect(len([line for line in err.splitlines() if ": rejected [" in line]) == 5 and
           f"{malformed}: 2 more rejected rows not listed (levers bands build --show-rejects N "
           "lists them)\n" in err, f"apply counts the rejected rows not listed: {rc} {err}")
    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0, f"apply exits 0: {err}")
    expect("updated Seattle, London" in err, "apply summary: " + err)
    after = open(guide, "rb").read()
    marker = "**Negotiation DNA**\n".encode()
    expect(before[before.index(marker):] == after[after.index(marker):], "prose byte-identical")
    rc, out, err = run("check", "--today", "2021-07-01", "--bands", bands_json, guide)
    expect(rc == 0 and "bands-drift" not in out and "error[" not in out,
           "refreshed guide: no errors, no drift: " + out[:600])

    # A folder with a link out of it: the link is said and never rewritten, the
    # guide inside is refreshed, and the exit is 1 (an error in the input).
    linked = os.path.join(tmp, "linked")
    os.makedirs(linked)
    outside = os.path.join(tmp, "outside.md")
    shutil.copy(os.path.join(FIX, "google-software-engineer.md"), outside)
    shutil.copy(os.path.join(FIX, "google-software-engineer.md"), linked)
    os.symlink(outside, os.path.join(linked, "out.md"))
    outside_before = open(outside, "rb").read()
    rc, out, err = run("bands", "apply", linked, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1 and f"levers: error: {linked}/out.md: a symbolic link to {outside}, outside "
           f"the folder {linked}" in err and "1 updated" in err
           and open(outside, "rb").read() == outside_before,
           f"apply over a folder says a link out of it: {rc} {err}")

    # Keys written as YAML allows ("last_updated :") are the keys apply
    # rewrites: edited where they are, spelled as they were, none added twice.
    spelled = os.path.join(tmp, "spelled.md")
    with open(spelled, "w") as f:
        f.write(open(os.path.join(FIX, "google-software-engineer.md")).read()
                .replace("\nlast_updated:", "\nlast_updated :")
                .replace("\ndata_quality:", "\ndata_quality :"))
    rc, out, err = run("bands", "apply", spelled, data, "--as-of", "2021-12-31", "--in-place")
    text = open(spelled).read()
    expect(rc == 0 and "\nlast_updated : 2021-12-31\n" in text and text.count("data_quality") == 1
           and "\ndata_quality : " in text and "company: google\n" in text,
           f"apply: keys spelled 'key :' are updated in place: {rc} {err!r}")

    rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies", "Google,Amazon",
                       "--guide", guide)
    expect(rc == 0 and "L4" in out and "0 level mapping disagreements" in out, "levels: " + out + err)
    # One disagreement is said in the singular.
    one_off = os.path.join(tmp, "google-l4-amazon-l4.md")
    with open(one_off, "w") as f:
        f.write(open(os.path.join(FIX, "google-software-engineer.md")).read().replace(
            "Google L4 SWE = Meta E4 SWE = Amazon L5 SDE", "Google L4 SWE = Amazon L4 SDE"))
    rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies", "Google,Amazon",
                       "--guide", one_off)
    expect(rc == 1 and "warning[level-mapping-drift]: Google L4 matches Amazon L5" in out and
           out.endswith(f"{one_off}: 1 level mapping disagreement with the data\n"),
           "levels, one disagreement: " + out + err)
    # Levels are compared in one currency: 'local' and 'keep' would split a
    # level into one group per currency, and are refused before the data is read.
    for cur in ["local", "keep"]:
        rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies",
                           "Google,Meta", "--currency", cur)
        expect(rc == 2 and out == "" and
               "levers: --currency: levels compares pay in one currency: expected an ISO 4217 "
               f"code such as USD or EUR; got '{cur}'" in err, f"levels --currency {cur}: {rc} {err}")
    # Exactly two companies; a guide that cannot be read stops before any table.
    for companies in ["Google,Amazon,Meta", "Google,", ",Meta", "Google"]:
        rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies", companies)
        expect(rc == 2 and out == "" and
               "levers: --companies: expected exactly two companies separated by a comma, e.g. "
               f"Google,Meta, found '{companies}'" in err, f"--companies {companies}: {rc} {err}")
    rc, out, err = run("bands", "levels", data, "--as-of", "2021-12-31", "--companies", "Google,Amazon",
                       "--guide", "/nonexistent.md")
    expect(rc == 2 and out == "" and "/nonexistent.md" in err, f"levels --guide missing: {rc} {out}")
    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--company", "Stripe")
    expect(rc == 1 and "no region of the guide has data for stripe" in err, "apply without data: " + err)

    # apply converts each region to the guide's currency: --currency is refused, whatever it says.
    applied = open(guide, "rb").read()
    for currency in ["EUR", "keep", "USD", "local"]:
        rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--currency",
                           currency)
        expect(rc == 2 and out == "" and
               "levers: --currency: not taken here: each region is converted to the currency the "
               "guide states for it" in err, f"apply --currency {currency}: {rc} {err}")
    other = os.path.join(tmp, "other.md")
    for args, msg in [
        (["--in-place", "-o", other],
         "levers: --in-place replaces the guide itself and takes no -o/--output: give one or the "
         "other"),
        (["--quarter", "garbage"],
         "levers: --quarter: expected a quarter such as 2021-Q4 (a year, -Q, 1 to 4); got "
         "'garbage'"),
        (["--quarter", "2021-Q9"], "got '2021-Q9'"),
        (["--source", ""],
         "levers: --source: expected the name added to data_sources, like Levels.fyi; got an "
         "empty value"),
    ]:
        rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", *args)
        expect(rc == 2 and out == "" and msg in err, f"apply {args}: {rc} {err}")
    expect(open(guide, "rb").read() == applied and not os.path.exists(other),
           "refused applies leave the guide as it was and write nothing")
    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--quarter", "2021-Q3",
                       "--source", "Pave")
    expect(rc == 0 and "salary_data_quarter: 2021-Q3\n" in out and "  - Pave\n" in out,
           "apply --quarter 2021-Q3 --source Pave: " + err)

    # bands new: --regions 1 to 50, --quarter checked, an explicit USD is USD.
    new_args = ["bands", "new", data, "--as-of", "2021-12-31", "--company", "Google", "--title",
                "Software Engineer"]
    for regions in ["-2", "0", "51"]:
        rc, out, err = run(*new_args, "--regions", regions)
        expect(rc == 2 and out == "" and
               f"levers: --regions: expected a whole number of regions from 1 to 50, like 6; got '{regions}'"
               in err,
               f"new --regions {regions}: {rc} {err}")
    rc, out, err = run(*new_args, "--quarter", "2021-Q9")
    expect(rc == 2 and "levers: --quarter: expected a quarter such as 2021-Q4" in err,
           f"new --quarter 2021-Q9: {rc} {err}")
    rc, out, err = run(*new_args, "--currency", "keep")
    expect(rc == 2 and "levers: --currency: a new guide states each region in one currency: "
           "expected an ISO 4217 code or 'local'; got 'keep'" in err, f"new --currency keep: {err}")
    rc, out, err = run(*new_args)
    expect(rc == 0 and out.count("    currency: USD\n") == 1 and
           out.count("    currency: GBP\n") == 1, "new: each region in its own currency: " + out)
    rc, out, err = run(*new_args, "--currency", "USD")
    expect(rc == 0 and out.count("    currency: USD\n") == 2 and "GBP" not in out,
           "new --currency USD: every region in USD: " + out)
    rc, out, err = run(*new_args, "--regions", "1")
    expect(rc == 0 and out.count("  - region: ") == 1, "new --regions 1: " + out)
    # Rows it cannot convert are said, with how to give rates that can: the
    # bundled ECB table has no KWD, so no row is left and no guide written.
    rc, out, err = run(*new_args, "--currency", "KWD")
    expect(rc == 1 and out == "" and "rejected [conversion-failed] cannot convert USD to KWD" in err
           and "not converted (conversion-failed: USD to KWD 182): give a rates file" in err,
           f"new --currency KWD says why: {rc} {err}")
    # --source names the data in data_sources and the evidence line.
    rc, out, err = run(*new_args, "--source", "Acme HR export")
    expect(rc == 0 and "data_sources:\n  - Acme HR export\n" in out and
           "- Acme HR export submissions, 2 regions, up to 2021-12-31 (levers bands)" in out,
           "new --source: " + out)

    # check --bands-tolerance is a percentage 0..100; --bands-as-of is a date, also with a
    # JSON; neither goes without --bands.
    check = ["check", "--today", "2021-07-01"]
    # The same form as --tolerance: at most two decimals, no exponent.
    for tol in ["nan", "1e12", "1e1", "30000000", "-5", "inf", "10%", "10.001", "100.01", ""]:
        rc, out, err = run(*check, "--bands", bands_json, "--bands-tolerance", tol, guide)
        msg = ("levers: --bands-tolerance: expected a percentage from 0 to 100 with at most two "
               f"decimals, like 5 or 2.5; got '{tol}'" if tol else
               "levers: --bands-tolerance: expected a percentage from 0 to 100 with at most two "
               "decimals, like 5 or 2.5; got an empty value")
        expect(rc == 2 and out == "" and err.splitlines()[:1] == [msg],
               f"--bands-tolerance {tol}: {rc} {err}")
    # On the guide as it was (the one in tmp is refreshed): Seattle base_low is 9.68% off.
    original = os.path.join(FIX, "google-software-engineer.md")
    rc, out, err = run(*check, "--bands", bands_json, "--bands-tolerance", "9.5", original)
    expect(rc == 0 and "base_low for Seattle" in out and "(tolerance 9.5%)" in out,
           "--bands-tolerance 9.5 warns at 9.68%: " + out[:600])
    rc, out, err = run(*check, "--bands", bands_json, "--bands-tolerance", "10", original)
    expect(rc == 0 and "base_low for Seattle" not in out, "--bands-tolerance 10 does not: " + out)
    rc, out, err = run(*check, "--bands", bands_json, "--bands-as-of", "2099-99-99", guide)
    expect(rc == 2 and out == "" and "--bands-as-of: expected a date YYYY-MM-DD" in err,
           f"--bands-as-of 2099-99-99 with a JSON: {rc} {err}")
    rc, out, err = run(*check, "--bands", bands_json, "--bands-as-of", "2021-06-30", guide)
    expect(rc == 2 and f"levers: --bands-as-of 2021-06-30: {bands_json} holds bands as of "
           "2021-12-31" in err, f"--bands-as-of against a JSON's own: {rc} {err}")
    # A bands JSON that is not a regular file is refused before it is read.
    fifo = os.path.join(tmp, "fifo.json")
    os.mkfifo(fifo)
    rc, out, err = run(*check, "--bands", fifo, guide)
    expect(rc == 2 and out == "" and err == f"levers: {fifo}: not a regular file\n",
           f"--bands FIFO: {rc} {err}")
    for flag, value in [("--bands-as-of", "2021-12-31"), ("--bands-tolerance", "15")]:
        rc, out, err = run(*check, flag, value, guide)
        expect(rc == 2 and out == "" and f"{flag} requires --bands" in err,
               f"{flag} without --bands: {rc} {err}")

# Several guides in one run: a folder, or several paths, each guide refreshed in
# place on its own (read back, then written through a temporary file and a
# rename), the data read once per set of guides whose regions' currencies agree.
with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(FIX, "apply_data.csv")
    source = open(os.path.join(FIX, "google-software-engineer.md")).read()
    folder = os.path.join(tmp, "guides")
    os.makedirs(os.path.join(folder, "more"))
    guides = {
        "gbp": os.path.join(folder, "google-gbp.md"),
        # London stated in dollars: its own build of the data.
        "usd": os.path.join(folder, "more", "google-usd.md"),
        # A company the data does not have.
        "stripe": os.path.join(folder, "stripe.md"),
    }
    texts = {
        "gbp": source,
        "usd": source.replace("    currency: GBP\n", "    currency: USD\n").replace("£", "$"),
        "stripe": source.replace("company_display: Google", "company_display: Stripe"),
    }
    for k, path in guides.items():
        with open(path, "w") as f:
            f.write(texts[k])
    # Each guide applied alone, for comparison.
    alone = {}
    for k in ["gbp", "usd"]:
        single = os.path.join(tmp, k + ".md")
        with open(single, "w") as f:
            f.write(texts[k])
        rc, out, err = run("bands", "apply", single, data, "--as-of", "2021-12-31", "--in-place")
        expect(rc == 0, f"apply {k} alone: {rc} {err}")
        alone[k] = open(single, "rb").read()
    expect(alone["gbp"] != alone["usd"] and b"currency: USD\n" in alone["usd"].split(b"London")[1],
           "London applied in each guide's own currency")

    rc, out, err = run("bands", "apply", folder, data, "--as-of", "2021-12-31")
    expect(rc == 2 and out == "" and "levers: several guides (or a folder) are refreshed in place: "
           "add --in-place (-o and stdout take one guide)" in err, f"folder without --in-place: {rc} {err}")
    rc, out, err = run("bands", "apply", guides["gbp"], guides["usd"], data, "--as-of", "2021-12-31",
                       "-o", os.path.join(tmp, "one.md"))
    expect(rc == 2 and "several guides" in err and not os.path.exists(os.path.join(tmp, "one.md")),
           f"several guides with -o: {rc} {err}")
    expect(all(open(guides[k]).read() == texts[k] for k in guides), "refused runs write nothing")
    rc, out, err = run("bands", "apply", data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 2 and "levers: bands apply takes one or more guides (files or folders), then the "
           "salary CSV" in err, f"apply without a guide: {rc} {err}")

    rc, out, err = run("bands", "apply", folder, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1, f"folder with a guide without data exits 1, got {rc}: {err}")
    expect(open(guides["gbp"], "rb").read() == alone["gbp"], "folder: GBP guide as applied alone")
    expect(open(guides["usd"], "rb").read() == alone["usd"], "folder: USD guide as applied alone")
    expect(open(guides["stripe"]).read() == texts["stripe"], "folder: the guide without data is untouched")
    # The fixture was last updated 2021-06-30 with a review due 2021-12-31:
    # data as of 2021-12-31 makes both later.
    # The quarter is the newest row's (2021-09-28), not --as-of's.
    expect(f"{guides['gbp']}: updated Seattle, London; kept (no data) none; data_quality medium, "
           "quarter 2021-Q3 (newest submission used: 2021-09-28), last_updated 2021-12-31, "
           "next_review_due 2022-03-28\n" in err,
           "folder: per-guide line: " + err)
    expect(f"{guides['stripe']}: no region of the guide has data for stripe" in err,
           "folder: the guide without data is named: " + err)
    expect(err.endswith("levers bands apply: 3 guides: 2 updated, 1 not applied, 0 unreadable, "
                        "0 not written\n"), "folder: summary: " + err)
    leftovers = [n for _, _, files in os.walk(folder) for n in files if n.endswith(".levers-tmp")]
    expect(leftovers == [], f"no temporary files left: {leftovers}")

    # Several paths; a guide whose front matter cannot be read is not applied,
    # the others still are.
    broken = os.path.join(tmp, "broken.md")
    with open(broken, "w") as f:
        f.write("---\ncompany: [unclosed\n---\nbody\n")
    fresh = os.path.join(tmp, "fresh.md")
    with open(fresh, "w") as f:
        f.write(texts["gbp"])
    rc, out, err = run("bands", "apply", broken, fresh, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1, f"a guide that cannot be applied exits 1, got {rc}: {err}")
    expect(f"{broken}:3:1: error[yaml-syntax]" in err and
           f"{broken}: the guide has no readable front matter" in err,
           "broken guide named: " + err)
    expect(open(broken).read() == "---\ncompany: [unclosed\n---\nbody\n", "broken guide untouched")
    expect(open(fresh, "rb").read() == alone["gbp"], "the readable guide is still refreshed")
    expect(err.endswith("levers bands apply: 2 guides: 1 updated, 1 not applied, 0 unreadable, "
                        "0 not written\n"), "paths: summary: " + err)

# What an editor refreshing a guide must be told: how old the data is, that it
# is older than the guide's, a region or currency that matches nothing, and a
# finding the refresh brings. A refused guide is left byte for byte.
with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(FIX, "apply_data.csv")
    source = open(os.path.join(FIX, "google-software-engineer.md")).read()

    def guide_with(name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # --as-of long after the newest row: the quarter stays the data's, and a warning says so.
    g = guide_with("stale.md", source)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2026-11-25", "--in-place")
    text = open(g).read()
    expect(rc == 0 and "\nsalary_data_quarter: 2021-Q3\n" in text and
           "\nlast_updated: 2026-11-25\n" in text and
           f"{g}: warning: the newest submission used is 2021-09-28, 21 quarters before --as-of "
           "2026-11-25: the figures are as old as the data (salary_data_quarter 2021-Q3), "
           "whatever --as-of says\n" in err, f"stale data is said: {rc} {err}")
    rc, out, err = run("bands", "apply", guide_with("fresh.md", source), data, "--as-of",
                       "2021-12-31", "--in-place")
    expect(rc == 0 and "warning: the newest submission" not in err,
           f"one quarter behind is no warning: {rc} {err}")
    g = guide_with("q.md", source)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--quarter", "2021-Q4",
                       "--in-place")
    expect(rc == 1 and f"\n{g}:10:22: --quarter 2021-Q4 is after the quarter of the newest "
           "submission used (2021-09-28, 2021-Q3)" in "\n" + err and open(g).read() == source,
           f"--quarter after the data: {rc} {err}")

    # A guide with newer data than the file's: refused, untouched, unless --allow-older.
    newer = source.replace("salary_data_quarter: 2020-Q4", "salary_data_quarter: 2025-Q4")
    g = guide_with("newer.md", newer)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1 and open(g).read() == newer and
           f"{g}:10:22: the data's quarter 2021-Q3 (newest submission used: 2021-09-28) is "
           "older than the guide's salary_data_quarter 2025-Q4: applying would replace newer "
           "figures with older ones; the guide is left as it was (give --allow-older to apply "
           "anyway)\n" in err, f"older data refused: {rc} {err}")
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place",
                       "--allow-older")
    expect(rc == 0 and "\nsalary_data_quarter: 2021-Q3\n" in open(g).read(),
           f"--allow-older applies: {rc} {err}")

    # A region the data has no rows for keeps its hand-typed figures, and the
    # quarter written is theirs when older than the data's: the guide's
    # salary_data_quarter, else its last_updated's; with neither, a warning.
    reyk = source.replace("London", "Reykjavik")
    g = guide_with("reyk.md", reyk)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and "\nsalary_data_quarter: 2020-Q4\n" in open(g).read() and
           f"{g}: updated Seattle; kept (no data) Reykjavik; data_quality low, quarter 2020-Q4 "
           "(newest submission used: 2021-09-28)" in err and
           f"{g}: salary_data_quarter 2020-Q4, not the data's 2021-Q3: the figures kept for "
           "Reykjavik are from 2020-Q4 (the guide's salary_data_quarter)\n" in err,
           f"a kept region keeps the guide's older quarter: {rc} {err}")
    g = guide_with("reyk-new.md", reyk.replace("salary_data_quarter: 2020-Q4", "salary_data_quarter: 2025-Q4"))
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place",
                       "--allow-older")
    expect(rc == 0 and "\nsalary_data_quarter: 2021-Q3\n" in open(g).read() and
           "not the data's" not in err, f"the data's quarter when it is the older: {rc} {err}")
    g = guide_with("reyk-noq.md", reyk.replace("salary_data_quarter: 2020-Q4\n", ""))
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and "\nsalary_data_quarter: 2021-Q2\n" in open(g).read() and
           f"{g}: salary_data_quarter 2021-Q2, not the data's 2021-Q3: the figures kept for "
           "Reykjavik are from 2021-Q2 (the quarter of the guide's last_updated)\n" in err,
           f"no quarter: bounded by last_updated: {rc} {err}")
    g = guide_with("reyk-none.md", reyk.replace("salary_data_quarter: 2020-Q4\n", "")
                   .replace("last_updated: 2021-06-30\n", ""))
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and "\nsalary_data_quarter: 2021-Q3\n" in open(g).read() and
           f"{g}: warning: salary_data_quarter 2021-Q3 is the data's; the guide states no "
           "salary_data_quarter or last_updated, so nothing dates the figures kept for "
           "Reykjavik\n" in err, f"undated kept figures are said: {rc} {err}")

    # A region typo in the table: refused, naming the row, its line and the front matter's.
    typo = source.replace("| Seattle | $140K", "| Seatle | $140K")
    g = guide_with("typo.md", typo)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1 and open(g).read() == typo and
           f"{g}:44:3: error[region-unmatched]: table row 'Seatle' (line 44) matches no "
           "front-matter region; did you mean 'Seattle' (front matter, line 13)?\n" in err and
           f"{g}: not applied: the front matter and the pay table must name the same regions, "
           "one to one\n" in err and f"levers: {g}" not in err, f"region typo refused: {rc} {err}")

    # A currency typo: refused with levers check's message, never "no data".
    badcur = source.replace("    currency: GBP\n", "    currency: GPB\n")
    g = guide_with("badcur.md", badcur)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1 and open(g).read() == badcur and
           f"{g}:30:15: error[currency-unknown]: currency 'GPB' is not an ISO 4217 code levers "
           "knows (USD, EUR, GBP ...)\n" in err and "kept (no data)" not in err and
           f"levers: {g}" not in err,
           f"currency typo refused: {rc} {err}")

    # A pay figure or vesting years the reader could not read: the model has
    # no value for it, and rewriting the entries would drop it. Refused, the
    # guide left as it was, for a real run and a dry run alike.
    for name, old_line, new_line, where in [
            ("years.md", "    currency: USD\n", "    stock_vesting_years: 3.0 # yrs\n    currency: USD\n",
             ":21:26: error[amount-invalid]"),
            ("years11.md", "    currency: USD\n", "    stock_vesting_years: 11\n    currency: USD\n",
             ":21:26: error[amount-invalid]: stock_vesting_years must be between 1 and 10"),
            ("toplevel.md", "compensation:\n", "stock_vesting_years: x\ncompensation:\n",
             ":12:22: error[amount-invalid]"),
            ("base.md", "    base_low: 70000\n", "    base_low: lots\n", ":23:15: error[")]:
        bad = source.replace(old_line, new_line, 1)
        for mode in ("--in-place", "--dry-run"):
            g = guide_with(name, bad)
            rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", mode)
            expect(rc == 1 and open(g).read() == bad and g + where in err and
                   f"{g}: not applied: the front matter's pay figures above could not be read, "
                   "and a refresh would drop them; fix them first\n" in err and "would change" not in out,
                   f"unread pay figure refused ({name} {mode}): {rc} {out} {err}")

    # A body-only guide is told how to get front matter.
    body = guide_with("body.md", source[source.index("### Software Engineer"):])
    rc, out, err = run("bands", "apply", body, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 1 and "the guide has no readable front matter; run `levers render --to md` to "
           "give it one" in err, f"body-only guide: {rc} {err}")

    # A finding the refresh brings is printed; one the guide had is not. The
    # stated floor ($150K) was within the typed band ($140K-$170K) and is below
    # the data's (Seattle base $155K-$168K).
    g = guide_with("floor.md", source)
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and f"{g}: the refreshed guide has a finding it did not have before:\n{g}:63:163: "
           "warning[floor-below-band]: the floor USD 150,000 is below the Seattle base band's low "
           "end USD 155,000\n" in err, f"new finding said: {rc} {err}")
    rc, out, err = run("bands", "apply", g, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and "did not have before" not in err, f"applied again, nothing new: {rc} {err}")

# A row in a currency the bundled rates do not quote: the conversion it
# needed, and the flag that would give rates for it.
with tempfile.TemporaryDirectory() as d:
    clp = os.path.join(d, "clp.csv")
    with open(clp, "w") as f:
        f.write('when,employer,role,city,pay,ccy\n'
                '2024-01-15,Acme,Engineer,"London, EN, United Kingdom",80000,CLP\n'
                '2024-01-15,Acme,Engineer,"London, EN, United Kingdom",80000,GBP\n')
    rc, out, err = run("bands", "build", clp, "--as-of", "2024-12-31", "--by", "company",
                       "--map", "date=when,company=employer,title=role,location=city,base=pay,"
                       "currency=ccy")
    # The currencies the table quotes on the row's date: not HRK (last quoted
    # 2022-12-30), RUB (2022-03-01) or CYP (2007-12-31), whose columns it has.
    expect(rc == 0 and err.startswith(
        f"{clp}:2: rejected [conversion-failed] cannot convert CLP to USD: no ECB rate for CLP: "
        "data/ecb/eurofxref-hist.csv never quotes CLP; for 2024-01-15 it quotes only AUD, BGN, "
        "BRL, CAD, CHF, CNY, CZK, DKK, GBP, HKD, HUF, IDR, ILS, INR, ISK, JPY, KRW, MXN, MYR, NOK, "
        "NZD, PHP, PLN, RON, SEK, SGD, THB, TRY, USD, ZAR\n") and err.endswith(
        "\nlevers: 1 row not converted (conversion-failed: CLP to USD 1): give a rates file that "
        "quotes their "
        "currencies on their dates with --rates FILE (eurofxref-hist format)\n"),
        f"conversion-failed names the conversion and --rates: {rc} {err!r}")

# A --map or --alias that contradicts itself is refused naming both values,
# before the data is read (the path here does not exist): the last one would
# otherwise win without a word, relabelling or re-reading every amount.
M = "company=company,title=title,date=timestamp,base=basesalary,"
for flags, msg in [
    (["--map", M + "currency_code=USD,currency_code=JPY"],
     "levers: column mapping: 'currency_code' given twice (USD, JPY)\n"),
    (["--map", M + "base=stockgrantvalue,currency_code=USD"],
     "levers: column mapping: 'base' given twice (basesalary, stockgrantvalue)\n"),
    (["--map", M + "currency=cur,currency_code=USD"],
     "levers: column mapping: give currency or currency_code, not both (currency=cur, "
     "currency_code=USD)\n"),
    (["--map", M + "currency_code=USD,stock=stk,stock_grant=stk"],
     "levers: column mapping: give stock or stock_grant, not both (stock=stk, stock_grant=stk)\n"),
    (["--alias", "fb=meta", "--alias", "fb=google"],
     "levers: --alias: 'fb' is given for two companies (fb=meta, fb=google); give each spelling "
     "one company\n"),
    (["--alias", "fb=meta", "--alias", "FB=Google"],
     "levers: --alias: 'FB' is given for two companies (fb=meta, FB=Google); give each spelling "
     "one company\n"),
]:
    rc, out, err = run("bands", "build", missing, "--as-of", "2021-12-31", *flags)
    expect(rc == 2 and out == "" and err == msg, f"build {flags}: exits 2 with {msg!r}, got {rc} {err!r}")
# The same alias twice says one thing, and is taken.
rc, out, err = run("bands", "build", os.path.join(FIX, "apply_data.csv"), "--as-of", "2021-12-31",
                   "--by", "company", "--alias", "fb=meta", "--alias", "FB=Meta")
expect(rc == 0, f"the same --alias twice is taken: {rc} {err}")

# An empty path or mapping ("$RATES" unset) would read as not given and quietly
# switch the feature off: a usage error before anything is read.
guide_fixture = os.path.join(FIX, "google-software-engineer.md")
apply_csv = os.path.join(FIX, "apply_data.csv")
for args, msg in [
    (["check", "--bands", "", guide_fixture],
     "levers: --bands: expected a bands JSON or a salary CSV; got an empty value"),
    (["check", "--bands", "", "--bands-as-of", "2021-12-31", guide_fixture],
     "levers: --bands: expected a bands JSON or a salary CSV; got an empty value"),
    (["bands", "build", "", "--as-of", "2021-12-31"],
     "levers: data: expected a salary CSV; got an empty value"),
    (["bands", "build", missing, "--as-of", "2021-12-31", "--rates", ""],
     "levers: --rates: expected an ECB rates CSV (eurofxref-hist format); got an empty value"),
    (["bands", "build", missing, "--as-of", "2021-12-31", "--map", ""],
     "levers: --map: expected a column mapping, like company=COL,base=COL,currency_code=USD; got "
     "an empty value"),
    (["bands", "build", missing, "--as-of", "2021-12-31", "-o", ""],
     "levers: --output: expected a file to write, or - for standard output; got an empty value"),
    (["bands", "new", missing, "--as-of", "2021-12-31", "--company", "Acme", "--title", "SWE",
      "--rates", ""], "levers: --rates: expected an ECB rates CSV"),
    (["bands", "new", missing, "--as-of", "2021-12-31", "--company", "Acme", "--title", "SWE",
      "-o", ""], "levers: --output: expected a file to write"),
    (["bands", "apply", "", missing, "--as-of", "2021-12-31"],
     "levers: guides_then_data: expected a guide, a folder of guides or the salary CSV; got an "
     "empty value"),
    (["bands", "apply", missing_guide, missing, "--as-of", "2021-12-31", "-o", ""],
     "levers: --output: expected a file to write"),
    (["bands", "apply", missing_guide, missing, "--as-of", "2021-12-31", "--map", ""],
     "levers: --map: expected a column mapping"),
    (["bands", "levels", missing, "--as-of", "2021-12-31", "--companies", "Google,Meta",
      "--guide", ""], "levers: --guide: expected a guide; got an empty value"),
    (["bands", "levels", missing, "--as-of", "2021-12-31", "--companies", "Google,Meta",
      "--rates", ""], "levers: --rates: expected an ECB rates CSV"),
    (["bands", "levels", missing, "--as-of", "2021-12-31", "--companies", "Google,Meta",
      "-o", ""], "levers: --output: expected a file to write, or - for standard output; got an "
     "empty value"),
]:
    rc, out, err = run(*args)
    expect(rc == 2 and out == "" and err.startswith(msg), f"{args}: exits 2 with {msg!r}, got {rc} {err!r}")

# Text a person gives is checked before the data is read: not blank, and
# UTF-8 (a Latin-1 "Levéls" was once written into a guide levers then refused).
new_missing = ["bands", "new", missing, "--as-of", "2021-12-31"]
for args, msg in [
    (["--company", "", "--title", "SWE"], "levers: --company: expected the company's name; got an "
                                          "empty value"),
    (["--company", "  ", "--title", "SWE"], "levers: --company: expected the company's name; got "
                                            "only spaces"),
    (["--company", "Acme", "--title", ""], "levers: --title: expected the role's title as in the "
                                           "data; got an empty value"),
    (["--company", "Acme", "--title", "SWE", "--source", b"Lev\xe9ls"],
     "levers: --source: expected UTF-8 text; byte 4 (0xE9) is not UTF-8"),
    (["--company", b"Soci\xe9t\xe9", "--title", "SWE"],
     "levers: --company: expected UTF-8 text; byte 5 (0xE9) is not UTF-8"),
    (["--company", "Acme", "--title", "SWE", "--source", ""],
     "levers: --source: expected the name added to data_sources, like Levels.fyi; got an empty "
     "value"),
    (["--company", "Acme", "--title", "SWE", "--quarter", ""],
     "levers: --quarter: expected a quarter such as 2021-Q4 (a year, -Q, 1 to 4); got an empty "
     "value"),
]:
    rc, out, err = run(*new_missing, *args)
    expect(rc == 2 and out == "" and err.startswith(msg), f"new {args}: exits 2 with {msg!r}, got {rc} {err!r}")
for args, msg in [
    (["--company", ""], "levers: --company: expected the company's name in the data; got an empty "
                        "value"),
    (["--title", " "], "levers: --title: expected the title in the data; got only spaces"),
    (["--source", b"\xff"], "levers: --source: expected UTF-8 text; byte 1 (0xFF) is not UTF-8"),
]:
    rc, out, err = run("bands", "apply", missing_guide, missing, "--as-of", "2021-12-31", *args)
    expect(rc == 2 and out == "" and err.startswith(msg), f"apply {args}: exits 2 with {msg!r}, got {rc} {err!r}")
for args, msg in [
    (["--companies", b"Soci\xe9t\xe9,Meta"], "levers: --companies: expected UTF-8 text; byte 5 "
                                             "(0xE9) is not UTF-8"),
    (["--companies", "Google,Meta", "--title", ""], "levers: --title: expected the title in the "
                                                    "data; got an empty value"),
    # One company twice matches every level with itself.
    (["--companies", "Google,google"], "levers: --companies: expected two different companies; "
                                       "'Google' and 'google' are one company (google)\n"),
    (["--companies", "Facebook,Meta"], "levers: --companies: expected two different companies; "
                                       "'Facebook' and 'Meta' are one company (meta)\n"),
    (["--companies", "fb,Meta", "--alias", "fb=meta"],
     "levers: --companies: expected two different companies; 'fb' and 'Meta' are one company "
     "(meta)\n"),
]:
    rc, out, err = run("bands", "levels", missing, "--as-of", "2021-12-31", *args)
    expect(rc == 2 and out == "" and err.startswith(msg), f"levels {args}: exits 2 with {msg!r}, got {rc} {err!r}")

# --currency in any case, as every other command takes it; local and keep too.
for cur, want in [("eur", "EUR"), ("Eur", "EUR"), ("KEEP", "USD"), ("Local", "USD")]:
    rc, out, err = run("bands", "build", apply_csv, "--as-of", "2021-12-31", "--by", "company",
                       "--currency", cur, "--format", "json")
    expect(rc == 0 and json.loads(out)["groups"][0]["currency"] == want,
           f"build --currency {cur} is {want}: {rc} {err}")
rc, out, err = run("bands", "build", apply_csv, "--as-of", "2021-12-31", "--by", "company",
                   "--currency", "keep", "--format", "json", "--map",
                   "company=company,base=basesalary,date=timestamp,currency_code=jpy")
expect(rc == 0 and json.loads(out)["groups"][0]["currency"] == "JPY",
       f"--map currency_code=jpy is JPY: {rc} {err}")
rc, out, err = run("bands", "levels", apply_csv, "--as-of", "2021-12-31", "--companies",
                   "Google,Amazon", "--currency", "gbp")
expect(rc == 0 and "median GBP" in out, f"levels --currency gbp: {rc} {out} {err}")
for args, msg in [
    (["build", missing, "--currency", "xyz"],
     "levers: --currency: expected an ISO 4217 code levers knows, like USD or EUR (any case), "
     "'local' or 'keep'; got 'xyz'\n"),
    (["new", missing, "--company", "Acme", "--title", "SWE", "--currency", "Keep"],
     "levers: --currency: a new guide states each region in one currency: expected an ISO 4217 "
     "code or 'local'; got 'keep'\n"),
    (["levels", missing, "--companies", "Google,Meta", "--currency", "xyz"],
     "levers: --currency: expected an ISO 4217 code levers knows, like USD or EUR (any case); got "
     "'xyz'\n"),
    # A word in lower case is a code only where the ECB quotes it: "all" is
    # not the Albanian lek unless written ALL.
    (["build", missing, "--currency", "all"],
     "levers: --currency: expected an ISO 4217 code levers knows, like USD or EUR, 'local' or "
     "'keep'; got 'all' (for the Albanian lek, write ALL)\n"),
    # The project's own wording for a choice, as every other --format.
    (["build", missing, "--format", "xml"], "levers: --format: expected text, csv or json; got "
                                            "'xml'\n"),
    # A quarter after the data ends names data the guide does not have.
    (["new", missing, "--company", "Acme", "--title", "SWE", "--quarter", "2030-Q1"],
     "levers: --quarter 2030-Q1 starts after --as-of 2021-12-31: the data ends before it; give "
     "the quarter the data is from\n"),
    (["new", missing, "--company", "Acme", "--title", "SWE", "--quarter", "2022-Q1"],
     "levers: --quarter 2022-Q1 starts after --as-of 2021-12-31"),
    (["apply", guide_fixture, apply_csv, "--quarter", "2022-Q1", "-o", os.devnull],
     "levers: --quarter 2022-Q1 starts after --as-of 2021-12-31"),
] + [
    # A currency withdrawn before --as-of, in any case, is refused naming the
    # flag before the data is read: no row of 2021 converts into the Cyprus pound.
    ([command, missing, *more, "--currency", cur],
     "levers: --currency: expected a currency in use on --as-of; no ECB rate for CYP on "
     "2021-12-31: none after 2007-12-31 (discontinued)\n")
    for command, more in [("build", []), ("new", ["--company", "Acme", "--title", "SWE"]),
                          ("levels", ["--companies", "Google,Meta"])]
    for cur in ["CYP", "cyp"]
]:
    rc, out, err = run("bands", *args, "--as-of", "2021-12-31")
    expect(rc == 2 and out == "" and err.startswith(msg), f"{args}: exits 2 with {msg!r}, got {rc} {err!r}")
# Before the euro it was in use: the flag is taken and the data read.
rc, out, err = run("bands", "build", missing, "--as-of", "2006-12-31", "--currency", "cyp")
expect(rc == 2 and "--currency" not in err and missing in err,
       f"--currency CYP as of 2006 is taken: {rc} {err!r}")

with tempfile.TemporaryDirectory() as tmp:
    # check --bands says where the data has nothing to compare: once per
    # region, or once for a guide none of whose regions it has.
    bands_json = os.path.join(tmp, "bands.json")
    rc, _, err = run("bands", "build", apply_csv, "--as-of", "2021-12-31", "--by",
                     "company,title,region", "--currency", "local", "--format", "json", "-o",
                     bands_json)
    expect(rc == 0, f"build to JSON: {err}")
    source = open(guide_fixture).read()
    paris = os.path.join(tmp, "paris.md")
    with open(paris, "w") as f:
        f.write(source.replace("London", "Paris"))
    stripe = os.path.join(tmp, "stripe.md")
    with open(stripe, "w") as f:
        f.write(source.replace("company_display: Google", "company_display: Stripe"))
    for path, want in [
        (paris, f"{paris}:22:13: note[bands-no-data]: no data for Google / Software Engineer in "
                f"Paris in {apply_csv} up to 2021-12-31 (no rows); its figures were not compared"),
        (stripe, f"{stripe}:3:18: note[bands-no-data]: no data for Stripe / Software Engineer in "
                 f"any of the guide's 2 regions in {apply_csv} up to 2021-12-31 (Seattle: no "
                 "rows; London: no rows); none of its figures was compared"),
    ]:
        rc, out, err = run("check", "--today", "2021-07-01", "--bands", bands_json, path)
        notes = [line for line in out.splitlines() if "[bands-no-data]" in line]
        expect(rc == 0 and notes == [want], f"bands-no-data notes: {rc} {notes} {out}")
    # A header-only CSV has no rows for any guide.
    empty = os.path.join(tmp, "empty.csv")
    with open(empty, "w") as f:
        f.write(open(apply_csv).readline())
    rc, out, err = run("check", "--today", "2021-07-01", "--bands", empty, "--bands-as-of",
                       "2021-12-31", guide_fixture)
    expect(rc == 0 and "note[bands-no-data]: no data for Google / Software Engineer in any of the "
           f"guide's 2 regions in {empty} up to 2021-12-31" in out, f"header-only CSV: {rc} {out}")

    # -o: never an input of the run, never a folder; a failure says why and
    # leaves no partial file; - is standard output.
    data = os.path.join(tmp, "data.csv")
    shutil.copy(apply_csv, data)
    data_before = open(data, "rb").read()
    guide = os.path.join(tmp, "g.md")
    shutil.copy(guide_fixture, guide)
    guide_before = open(guide, "rb").read()
    os.symlink(data, os.path.join(tmp, "data-link.csv"))
    for args, msg in [
        (["build", data, "-o", data], f"levers: -o {data}: the same file as the salary CSV {data}; "
                                      "write the output to another file\n"),
        (["build", data, "-o", os.path.join(tmp, "data-link.csv")],
         f"levers: -o {tmp}/data-link.csv: the same file as the salary CSV {data}"),
        (["build", data, "-o", os.path.join(tmp, ".", "data.csv")],
         f"levers: -o {tmp}/./data.csv: the same file as the salary CSV {data}"),
        (["build", data, "-o", tmp], f"levers: -o {tmp}: a folder; expected a file to write\n"),
        (["new", data, "--company", "Google", "--title", "Software Engineer", "-o", data],
         f"levers: -o {data}: the same file as the salary CSV"),
        (["apply", guide, data, "-o", guide], f"levers: -o {guide}: the same file as the guide {guide}"),
        (["apply", guide, data, "-o", data], f"levers: -o {data}: the same file as the salary CSV"),
        (["levels", data, "--companies", "Google,Amazon", "-o", data],
         f"levers: -o {data}: the same file as the salary CSV"),
        (["levels", data, "--companies", "Google,Amazon", "--guide", guide, "-o", guide],
         f"levers: -o {guide}: the same file as the guide {guide}"),
        (["levels", data, "--companies", "Google,Amazon", "-o", tmp],
         f"levers: -o {tmp}: a folder; expected a file to write\n"),
    ]:
        rc, out, err = run("bands", *args, "--as-of", "2021-12-31")
        expect(rc == 2 and out == "" and err.startswith(msg), f"{args}: exits 2 with {msg!r}, got {rc} {err!r}")
    expect(open(data, "rb").read() == data_before and open(guide, "rb").read() == guide_before,
           "refused -o leaves the inputs as they were")
    rc, out, err = run("bands", "build", data, "--as-of", "2021-12-31", "-o",
                       os.path.join(tmp, "no-such-dir", "x.json"))
    expect(rc == 2 and err == f"levers: cannot write {tmp}/no-such-dir/x.json: No such file or "
           "directory\n", f"-o in a missing folder says why: {rc} {err!r}")
    rc, out, err = run("bands", "build", data, "--as-of", "2021-12-31", "--format", "csv", "-o", "-")
    expect(rc == 0 and out.startswith("company,title,level,status,"), f"-o - is stdout: {rc} {out[:100]}")
    # An existing output keeps its permission bits.
    kept = os.path.join(tmp, "kept.csv")
    with open(kept, "w") as f:
        f.write("old\n")
    os.chmod(kept, 0o600)
    rc, out, err = run("bands", "build", data, "--as-of", "2021-12-31", "--format", "csv", "-o", kept)
    expect(rc == 0 and open(kept).read().startswith("company,title,level,status,") and
           os.stat(kept).st_mode & 0o777 == 0o600, f"-o keeps the file's mode: {rc} {err}")
    # levels -o: the bytes stdout would get, with the same exit status.
    levels_args = ["bands", "levels", data, "--as-of", "2021-12-31", "--companies",
                   "Google,Amazon", "--guide", guide]
    for fmt in ["text", "json"]:
        rc_out, printed, _ = run(*levels_args, "--format", fmt)
        written = os.path.join(tmp, f"levels.{fmt}")
        rc, out, err = run(*levels_args, "--format", fmt, "-o", written)
        expect(rc == rc_out == 0 and out == "" and printed and
               open(written).read() == printed, f"levels --format {fmt} -o: {rc} {rc_out} {err!r}")
    rc, out, err = run(*levels_args, "-o", "-")
    expect(rc == 0 and "0 level mapping disagreements" in out, f"levels -o - is stdout: {rc} {err!r}")
    rc, out, err = run(*levels_args, "-o", os.path.join(tmp, "no-such-dir", "x.txt"))
    expect(rc == 2 and err == f"levers: cannot write {tmp}/no-such-dir/x.txt: No such file or "
           "directory\n", f"levels -o in a missing folder says why: {rc} {err!r}")
    leftovers = [n for n in os.listdir(tmp) if n.endswith(".levers-tmp")]
    expect(leftovers == [], f"no temporary files left: {leftovers}")

    # --in-place through a symbolic link: the guide it points at is refreshed,
    # keeping its permission bits, and the link stays a link.
    real = os.path.join(tmp, "real.md")
    shutil.copy(guide_fixture, real)
    os.chmod(real, 0o640)
    link = os.path.join(tmp, "link.md")
    os.symlink(real, link)
    rc, out, err = run("bands", "apply", link, data, "--as-of", "2021-12-31", "--in-place")
    expect(rc == 0 and "updated Seattle, London" in err, f"apply --in-place via a link: {rc} {err}")
    expect(os.path.islink(link) and os.readlink(link) == real, "the link is still a link to the guide")
    expect(open(real, "rb").read() != guide_before and b"salary_data_quarter: 2021-Q3" in
           open(real, "rb").read(), "the guide the link points at is refreshed")
    expect(os.stat(real).st_mode & 0o777 == 0o640, f"the guide keeps mode 0640: {oct(os.stat(real).st_mode)}")


def levels_text_rows(text):
    """The match lines of `bands levels` text: level, n, median, matched level,
    n, median, overlap, confidence (amounts with their grouping removed)."""
    rows = []
    for line in text.splitlines()[2:]:
        cells = line.split()
        if len(cells) != 8:
            break
        rows.append([cells[0], int(cells[1]), cells[2].replace(",", ""), cells[3], int(cells[4]),
                     cells[5].replace(",", ""), cells[6], cells[7]])
    return rows


def levels_json_rows(doc):
    """The same figures from the JSON, as the text writes them: amounts as
    exact decimals, the overlap as a percentage without trailing zeros."""
    def pct(s):
        whole, frac = s.split(".")
        frac = frac.rstrip("0")
        return whole + ("." + frac if frac else "") + "%"

    def amount(a, digits):
        # JSON gives the decimal without trailing zeros; the text every minor digit.
        s = str(a)
        if "." in s:
            whole, frac = s.split(".")
            return whole + "." + frac.ljust(digits, "0")
        return s
    return [[m["a"]["level"], m["a"]["n"], amount(m["a"]["total_comp"]["p50"], 2),
             m["b"]["level"], m["b"]["n"], amount(m["b"]["total_comp"]["p50"], 2),
             pct(m["overlap_pct"]), m["confidence"]] for m in doc.get("levels", [])]


# levels --format json: a hand-made file whose figures are worked out here.
# Acme A1 totals 100,000 .. 190,000 (10 rows, step 10,000): p25 at rank 2.25
# is 122,500, p50 145,000, p75 167,500. Beta B1 110,000 .. 200,000: 132,500,
# 155,000, 177,500. Their overlap is (167,500 - 132,500) / (177,500 -
# 122,500) = 35 / 55 = 63.6363...%, cut to 63.63 (never rounded up to 63.64);
# n 10 and 10 is medium (high needs 30). Acme A2 (5 rows, 200,000.25 ..
# 240,000.25) meets no level of Beta: its match is the nearest median, B1's
# 155,000 (B2's is 520,000), at 0% and confidence none. One row after --as-of
# and one with a total that is not a number are counted and not used.
with tempfile.TemporaryDirectory() as tmp:
    hand = os.path.join(tmp, "levels.csv")
    lines = ["date,company,title,level,total"]
    lines += [f"2021-06-01,Acme,Engineer,A1,{100_000 + 10_000 * i}" for i in range(10)]
    lines += [f"2021-06-01,Beta,Engineer,B1,{110_000 + 10_000 * i}" for i in range(10)]
    lines += [f"2021-06-01,Acme,Engineer,A2,{200_000 + 10_000 * i}.25" for i in range(5)]
    lines += [f"2021-06-01,Beta,Engineer,B2,{500_000 + 10_000 * i}" for i in range(5)]
    lines += ["2022-01-05,Acme,Engineer,A1,999999", "2021-06-01,Beta,Engineer,B1,lots"]
    with open(hand, "w") as f:
        f.write("\n".join(lines) + "\n")
    base = ["bands", "levels", hand, "--as-of", "2021-12-31", "--companies", "Acme,beta", "--title",
            "Engineer", "--map", "date=date,company=company,title=title,level=level,total=total,"
            "currency_code=USD"]
    rc, out, err = run(*base, "--format", "json")
    doc = json.loads(out) if rc == 0 else {}
    expect(rc == 0 and err == "", f"levels --format json exits 0, nothing on stderr: {rc} {err!r}")
    expect(list(doc) == ["source", "as_of", "window_days", "window_start", "by", "currency",
                         "outliers", "min_n", "small_groups", "percentiles", "rows", "title",
                         "companies", "levels", "guide"], f"levels JSON keys: {list(doc)}")
    expect(doc.get("source") == hand and doc.get("as_of") == "2021-12-31" and
           doc.get("window_days") == 0 and doc.get("window_start") is None and
           doc.get("by") == ["company", "title", "level"] and doc.get("currency") == "USD" and
           doc.get("outliers") == {"method": "iqr", "k": 1.5} and doc.get("min_n") == 5 and
           doc.get("small_groups") == "pool", f"levels JSON settings: {out[:600]}")
    expect(doc.get("rows") == {"read": 32, "accepted": 31, "rejected": 1, "before_window": 0,
                               "after_as_of": 1, "in_window": 30, "converted": 0,
                               "rejected_by_reason": {"amount-invalid": 1}},
           f"levels JSON ledger: {doc.get('rows')}")
    expect(doc.get("title") == "Engineer" and doc.get("companies") == {"a": "Acme", "b": "beta"} and
           doc.get("guide") is None, f"levels JSON title, companies, guide: {out[:200]}")

    def level(name, n, p25, p50, p75):
        return {"level": name, "n": n, "currency": "USD",
                "total_comp": {"p25": p25, "p50": p50, "p75": p75}}
    b1 = level("B1", 10, 132500, 155000, 177500)
    want = [{"a": level("A1", 10, 122500, 145000, 167500), "b": b1, "overlap_pct": "63.63",
             "confidence": "medium"},
            {"a": level("A2", 5, 210000.25, 220000.25, 230000.25), "b": b1, "overlap_pct": "0.00",
             "confidence": "none"}]
    expect(doc.get("levels") == want, f"levels JSON matches: {json.dumps(doc.get('levels'))}")
    # Amounts are written exactly, as the decimal they are: never 220000.250 or 2.2e5.
    expect('"p50": 220000.25,' in out and '"p25": 122500,' in out, "levels JSON amounts: " + out)

    # Text and JSON say the same.
    rc_t, text, err_t = run(*base)
    rc_j, out, err_j = run(*base, "--format", "json")
    rows_j = levels_json_rows(json.loads(out or "{}"))
    expect(rc_t == rc_j == 0 and levels_text_rows(text) == rows_j and len(rows_j) == 2 and
           text.startswith("Acme vs beta, Engineer: "),
           f"levels text and JSON agree: {text} {out}")
    expect(levels_text_rows(text)[0][6:] == ["63.63%", "medium"], f"levels text overlap: {text}")

    # --format takes what the other commands' --format take, said the same way,
    # before the data is read (the file here does not exist).
    for value, got in [("xml", "'xml'"), ("", "an empty value"), ("JSON", "'JSON'"),
                       ("csv", "'csv'")]:
        rc, out, err = run("bands", "levels", os.path.join(tmp, "none.csv"), "--as-of",
                           "2021-12-31", "--companies", "Acme,Beta", "--format", value)
        expect(rc == 2 and out == "" and err.startswith(
            f"levers: --format: expected text or json; got {got}\n"),
            f"levels --format {value!r}: {rc} {err!r}")
    rc, out, _ = run("bands", "levels", "--help")
    expect("--format TEXT:{text,json}=text" in out, "levels --help shows --format: " + out)
    # No levels for a company: the error on stderr, exit 1, and no JSON.
    rc, out, err = run(*base[:6], "Acme,Gamma", *base[7:], "--format", "json")
    expect(rc == 1 and out == "" and err == "levers: no levels with data for Gamma / Engineer\n",
           f"levels --format json without data: {rc} {out!r} {err!r}")

    # With --guide: the findings the text prints, located the same, and the
    # exit code of the text (1: the guide disagrees with the data).
    one_off = os.path.join(tmp, "google-l4-amazon-l4.md")
    with open(one_off, "w") as f:
        f.write(open(guide_fixture).read().replace(
            "Google L4 SWE = Meta E4 SWE = Amazon L5 SDE", "Google L4 SWE = Amazon L4 SDE"))
    args = ["bands", "levels", apply_csv, "--as-of", "2021-12-31", "--companies", "Google,Amazon",
            "--guide", one_off]
    rc_t, text, _ = run(*args)
    rc_j, out, err = run(*args, "--format", "json")
    doc = json.loads(out) if out else {}
    guide_doc = doc.get("guide") or {}
    findings = guide_doc.get("findings", [])
    expect(rc_t == rc_j == 1 and guide_doc.get("path") == one_off and
           guide_doc.get("disagreements") == 1 and len(findings) == 1,
           f"levels --guide --format json: {rc_t} {rc_j} {err} {out[-900:]}")
    for f_ in findings:
        expect(list(f_) == ["code", "severity", "path", "line", "column", "field", "message"] and
               f"{f_['path']}:{f_['line']}:{f_['column']}: {f_['severity']}[{f_['code']}]: "
               f"{f_['message']}\n" in text and f_["field"] == "level_mapping",
               f"the JSON finding is the text's: {f_} {text}")
    expect(levels_text_rows(text) == levels_json_rows(doc) and levels_text_rows(text),
           f"levels --guide text and JSON agree: {text} {out}")
    expect(text.endswith(f"{one_off}: 1 level mapping disagreement with the data\n"),
           "levels --guide text summary: " + text)

if os.path.exists(LEVELS):
    rc, out, err = run("bands", "build", LEVELS, "--as-of", "2021-12-31", "--limit", "5")
    expect(rc == 0, f"real file exits 0, got {rc}")
    expect(f"{LEVELS}: 62642 rows read" in out, "real file ledger")
    # 1,067 rows wrote L4 and 60 the same grade as T4, 4 or SWE III (docs/bands.md 2.4).
    expect("Google / Software Engineer / L4" in out and " 1127 high" in out, "Google L4 line: " + out)
    # Google L5 is Meta E5 (694 rows), not the 25 Meta rows written "L5"; a
    # guide saying so is not flagged with the default flags.
    with tempfile.TemporaryDirectory() as tmp:
        l5 = os.path.join(tmp, "l5.md")
        with open(l5, "w") as f:
            f.write(open(os.path.join(FIX, "google-software-engineer.md")).read().replace(
                "Google L4 SWE = Meta E4 SWE = Amazon L5 SDE", "Google L5 SWE = Meta E5 SWE"))
        rc, out, err = run("bands", "levels", LEVELS, "--as-of", "2021-12-31", "--companies",
                           "Google,Meta", "--guide", l5)
        rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]
                if line[:1] in "LE" and len(line.split()) > 6}
        expect(rc == 0 and rows.get("L5", [])[3:5] == ["E5", "694"] and
               rows.get("L6", [])[3] == "E6" and
               out.endswith(f"{l5}: 0 level mapping disagreements with the data\n"),
               f"levels: Google L5 matches Meta E5: {rc} {out} {err}")

# apply --dry-run: says what would change and the findings it would cause,
# writes nothing (the guide byte-identical, no temporary file left), exits as
# a real run would; with --in-place or -o it is a usage error.
with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(FIX, "apply_data.csv")
    guide = os.path.join(tmp, "g.md")
    shutil.copy(os.path.join(FIX, "google-software-engineer.md"), guide)
    before = open(guide, "rb").read()
    rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--dry-run")
    expect(rc == 0, f"apply --dry-run exits 0: {rc} {err}")
    expect(open(guide, "rb").read() == before and os.listdir(tmp) == ["g.md"],
           "apply --dry-run leaves the guide byte-identical and writes no file: " +
           str(os.listdir(tmp)))
    for line in [f"{guide}: would change:\n",
                 "  Seattle base_low: USD 140,000 -> USD 155,000\n",
                 "  Seattle bonus_pct: 15% -> (none)\n",
                 "  Seattle bonus_pct_low: 15% -> 14%\n",
                 "  London stock_high: GBP 120,000 -> GBP 161,000\n",
                 "  salary_data_quarter: 2020-Q4 -> 2021-Q3\n",
                 "  data_quality: low -> medium\n",
                 "  last_updated: 2021-06-30 -> 2021-12-31\n",
                 "  next_review_due: 2021-12-31 -> 2022-03-28\n",
                 "  data_sources: Blind -> Blind, Levels.fyi\n",
                 f"{guide}: the refreshed guide would have a finding it does not have now:\n"
                 f"{guide}:63:163: warning[floor-below-band]: the floor USD 150,000 is below the "
                 "Seattle base band's low end USD 155,000\n"]:
        expect(line in out, f"apply --dry-run prints {line!r}: {out}")
    # Every figure it lists is what the real run writes.
    refreshed = os.path.join(tmp, "refreshed.md")
    rc2, _, err2 = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "-o", refreshed)
    expect(rc2 == 0 and "base_low: 155000" in open(refreshed).read(),
           f"the real run writes what the dry run said: {rc2} {err2}")
    os.remove(refreshed)
    expect(f"{guide}: would update Seattle, London; kept (no data) none; data_quality medium, "
           "quarter 2021-Q3 (newest submission used: 2021-09-28)" in err,
           "apply --dry-run's summary says 'would update': " + err)
    for flags, named in [(["--in-place"], "--in-place"),
                         (["-o", os.path.join(tmp, "o.md")], "-o/--output")]:
        rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--dry-run",
                           *flags)
        expect(rc == 2 and out == "" and
               f"levers: --dry-run writes nothing and takes no {named}: leave it out to see what "
               "would change, or leave out --dry-run to write\n" == err,
               f"--dry-run with {named} is a usage error: {rc} {err}")
        expect(open(guide, "rb").read() == before and sorted(os.listdir(tmp)) == ["g.md"],
               f"--dry-run {named} writes nothing")
    # A refusal exits 1 as a real run does (data older than the guide's quarter).
    newer = os.path.join(tmp, "newer.md")
    open(newer, "wb").write(before.replace(b"salary_data_quarter: 2020-Q4",
                                           b"salary_data_quarter: 2025-Q4"))
    newer_before = open(newer, "rb").read()
    expect(newer_before != before, "the newer guide fixture differs")
    rc, out, err = run("bands", "apply", newer, data, "--as-of", "2021-12-31", "--dry-run")
    expect(rc == 1 and "is older than the guide's salary_data_quarter 2025-Q4" in err and
           "would change" not in out and open(newer, "rb").read() == newer_before,
           f"apply --dry-run refuses as apply does, exit 1: {rc} {out} {err}")
    # Several guides need no --in-place for a dry run; each is listed, none written.
    rc, out, err = run("bands", "apply", tmp, data, "--as-of", "2021-12-31", "--dry-run")
    expect(rc == 1 and out.count(": would change:\n") == 1 and
           "levers bands apply --dry-run: 2 guides: 1 would be updated, 1 not applied, 0 "
           "unreadable; nothing written\n" in err,
           f"apply --dry-run over a folder: {rc} {out} {err}")
    expect(open(guide, "rb").read() == before and open(newer, "rb").read() == newer_before and
           sorted(os.listdir(tmp)) == ["g.md", "newer.md"], "the folder's guides are untouched")

# Every value the real run changes is in the dry run's listing, and every
# listed change is written (each figure, a bonus_pct written under new keys,
# each pay table cell whole with its row's line): for a guide with front
# matter bands, the same with a bonus_pct the table gives as a range
# (renamed, not changed), a guide that states its bands in its pay table
# only, one with a region the data lacks, and the variants below.
sys.path.insert(0, FIX)
from dry_run_coverage import uncovered  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(FIX, "apply_data.csv")
    text = open(os.path.join(FIX, "google-software-engineer.md"), encoding="utf-8").read()
    comp = text.index("compensation:\n")
    variants = {
        "front-matter.md": text,
        "renamed.md": text.replace("    bonus_pct: 15\n", "    bonus_pct: 10\n").replace(
            "| 15% |", "| 10\u201313% |"),
        "table-only.md": text[:comp] + text[text.index("level_mapping:"):],
        # A region the data lacks keeps its figures, its entry given the
        # table's stock and bonus; an entry's own stock_vesting_years stays.
        "kept-region.md": text.replace(
            "level_mapping:\n", "  - region: Reykjavik\n    base_low: 70000\n    base_high: "
            "95000\n    total_comp_low: 95000\n    total_comp_high: 140000\n    currency: USD\n"
            "level_mapping:\n").replace(
            "| London | \u00a370K", "| Reykjavik | $70K\u2013$95K | $60K\u2013$120K | 15% | "
            "$95K\u2013$140K |\n| London | \u00a370K").replace(
            "  - region: Seattle\n", "  - region: Seattle\n    stock_vesting_years: 4\n"),
        # Entries that state vesting years other than the top-level key's
        # keep them (the table says 4yr for both regions).
        "vesting-own.md": text.replace(
            "role_type: standard\n", "role_type: standard\nstock_vesting_years: 3\n").replace(
            "    currency: USD\n", "    currency: USD\n    stock_vesting_years: 4\n").replace(
            "    currency: GBP\n", "    currency: GBP\n    stock_vesting_years: 4\n"),
        # Entries that inherit the top-level years get no line of their own,
        # and an entry's own line that says the same stays.
        "vesting-top.md": text.replace(
            "role_type: standard\n", "role_type: standard\nstock_vesting_years: 3\n").replace(
            "Stock (RSU/4yr)", "Stock (RSU/3yr)"),
        "vesting-top-and-own.md": text.replace(
            "role_type: standard\n", "role_type: standard\nstock_vesting_years: 4\n").replace(
            "    currency: USD\n", "    currency: USD\n    stock_vesting_years: 4\n"),
        # A bonus_pct of 20 beside the table's 14–16%: no new key keeps 20.
        "bonus-changed.md": text.replace("    bonus_pct: 15\n", "    bonus_pct: 20\n", 1).replace(
            "| 15% |", "| 14\u201316% |", 1),
        # A cell with emphasis is listed whole.
        "emphasis.md": text.replace("| $210K\u2013$300K |", "| **$210K\u2013$300K** |"),
        # Lines written again with the same value: a quoted region, a figure
        # with decimals, an entry whose currency comes first, a flow list.
        "same-values.md": text.replace("  - region: Seattle\n", "  - region: \"Seattle\"\n").replace(
            "    stock_high: 320000\n", "    stock_high: 320000.00\n").replace(
            "  - region: London\n", "  - currency: GBP\n    region: London\n").replace(
            "    currency: GBP\n", "", 1).replace(
            "data_sources:\n  - Blind\n", "data_sources: [Blind, \"Levels.fyi\"]\n"),
    }
    for name, guide_text in variants.items():
        guide = os.path.join(tmp, name)
        with open(guide, "w", encoding="utf-8") as f:
            f.write(guide_text)
        rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--dry-run")
        refreshed = os.path.join(tmp, "refreshed-" + name)
        rc2, _, err2 = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "-o", refreshed)
        after = open(refreshed, encoding="utf-8").read() if rc2 == 0 else ""
        expect(rc == rc2 == 0 and after != guide_text, f"{name}: both runs apply: {err} {err2}")
        missing = uncovered(guide_text, after, out)
        expect(missing == [], f"{name}: the dry run lists every line the real run changes; "
               f"not listed: {missing}\n{out}")
    renamed = os.path.join(tmp, "renamed.md")
    rc, out, err = run("bands", "apply", renamed, data, "--as-of", "2021-12-31", "--dry-run")
    for line in ["  London bonus_pct: 10% -> bonus_pct_low: 10%, bonus_pct_high: 13% (renamed)\n",
                 "  table line 45 London bonus: 10\u201313% -> 10\u201313%\n"]:
        expect((line in out) == line.startswith("  London"),
               f"renamed.md: {line!r} {'listed' if line.startswith('  London') else 'not listed'}"
               f": {out}")
    for name in ["vesting-own.md", "vesting-top-and-own.md"]:
        guide = os.path.join(tmp, name)
        rc, out, err = run("bands", "apply", guide, data, "--as-of", "2021-12-31", "--dry-run")
        refreshed = open(os.path.join(tmp, "refreshed-" + name), encoding="utf-8").read()
        expect(refreshed.count("    stock_vesting_years: 4\n") ==
               variants[name].count("    stock_vesting_years: 4\n") and
               "stock_vesting_years" not in out and "mismatch" not in out,
               f"{name}: each region keeps its vesting years: {out}\n{refreshed}")
    refreshed = open(os.path.join(tmp, "refreshed-vesting-top.md"), encoding="utf-8").read()
    expect("    stock_vesting_years" not in refreshed,
           f"vesting-top.md: no entry is given the top-level years: {refreshed}")
    rc, out, err = run("bands", "apply", os.path.join(tmp, "bonus-changed.md"), data, "--as-of",
                       "2021-12-31", "--dry-run")
    expect("  Seattle bonus_pct: 20% -> (none)\n" in out and "renamed" not in out.split(
        "London")[0], f"bonus-changed.md: a bonus_pct whose value goes is no rename: {out}")
    rc, out, err = run("bands", "apply", os.path.join(tmp, "emphasis.md"), data, "--as-of",
                       "2021-12-31", "--dry-run")
    expect("  table line 44 Seattle total_comp: **$210K\u2013$300K** -> **$246K\u2013$268K**\n"
           in out, f"emphasis.md: the whole cell is listed: {out}")
    table_only = os.path.join(tmp, "table-only.md")
    rc, out, err = run("bands", "apply", table_only, data, "--as-of", "2021-12-31", "--dry-run")
    expect("  table line 25 Seattle base: $140K\u2013$170K -> $155K\u2013$168K\n" in out,
           f"table-only.md: a cell is listed with its row's line: {out}")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
