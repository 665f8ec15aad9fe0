#!/usr/bin/env python3
"""Reproduces the examples of docs/checks.md with the levers binary.

Usage: run_checks_examples.py LEVERS_BIN REPO_ROOT

docs/checks.md shows each check code on "the example guide" with a change,
saved under a name and checked with `levers check --today 2026-11-23 NAME.md`
from its folder, and pastes the output. This script takes the example guide
from the document itself, applies the change of each example listed in
RECIPES below, runs levers, and compares the output with the code block of
the document that starts with that name (without the summary line, unless the
block shows it). It also checks that the example guide alone has no findings.
Examples of the document without a recipe here are listed, not failed.

The last line printed is "N passed, N failed"; the exit status is 1 when any
example failed.
"""

import pathlib
import re
import subprocess
import sys
import tempfile

TODAY = "2026-11-23"


def replace(text, old, new):
    if old not in text:
        raise ValueError(f"recipe target not found: {old!r}")
    return text.replace(old, new, 1)


def without_front_matter(text):
    # "the front matter (lines 1-19) is removed"
    lines = text.splitlines(keepends=True)
    assert lines[0] == "---\n" and lines[18] == "---\n", "the example guide changed shape"
    return "".join(lines[19:])


STRATEGY = ('"I hold a Zalando offer at EUR90K / EUR60K RSU. I need EUR95K base. '
            'My floor is EUR85K."')

# name -> function from the example guide to {relative path: text}.
RECIPES = {
    "no-front-matter": lambda g: {"no-front-matter.md": without_front_matter(g)},
    "review-before-update": lambda g: {"review-before-update.md": replace(
        g, "next_review_due: 2027-01-01", "next_review_due: 2026-09-01")},
    "review-overdue": lambda g: {"review-overdue.md": replace(
        g, "next_review_due: 2027-01-01", "next_review_due: 2026-11-01")},
    "date-future": lambda g: {"date-future.md": replace(
        g, "last_updated: 2026-10-01", "last_updated: 2026-12-01")},
    "data-stale": lambda g: {"data-stale.md": replace(
        without_front_matter(g), "- Levels.fyi data for Berlin data engineers\n",
        "- Levels.fyi data for Berlin data engineers (2025-2026)\n")},
    "data-stale-2": lambda g: {"data-stale-2.md": replace(replace(
        g, "last_updated: 2026-10-01", "last_updated: 2026-07-01"),
        "next_review_due: 2027-01-01\n", "")},
    "data-stale-3": lambda g: {"data-stale-3.md": replace(
        g, "data_quality: high\n", "data_quality: high\nsalary_data_quarter: 2026-Q1\n")},
    "fm-table-mismatch": lambda g: {"fm-table-mismatch.md": replace(
        replace(g, "base_high: 100000", "base_high: 105000"),
        "total_comp_high: 130000", "total_comp_high: 135000")},
    "fm-table-mismatch-2": lambda g: {"fm-table-mismatch-2.md": replace(
        g, "    stock_high: 80000\n", "    stock_high: 80000\n    stock_vesting_years: 3\n")},
    "fm-table-mismatch-3": lambda g: {"fm-table-mismatch-3.md": replace(
        g, "| EUR40K–EUR80K | 10% |", "| EUR40K–EUR80K | 12% |")},
    "total-comp-mismatch": lambda g: {"total-comp-mismatch.md": replace(
        replace(g, "total_comp_high: 130000", "total_comp_high: 145000"),
        "EUR98K–EUR130K", "EUR98K–EUR145K")},
    "currency-missing": lambda g: {"currency-missing.md": replace(g, "    currency: EUR\n", "")},
    "currency-mismatch": lambda g: {"currency-mismatch.md": replace(
        g, "| EUR40K–EUR80K |", "| $40K–$80K |")},
    "currency-mismatch-3": lambda g: {"currency-mismatch-3.md": replace(
        g, "| EUR80K–EUR100K | EUR40K–EUR80K | 10% | EUR98K–EUR130K |",
        "| £80K–£100K | £40K–£80K | 10% | £98K–£130K |")},
    "currency-mismatch-4": lambda g: {"currency-mismatch-4.md": replace(
        g, "| EUR40K–EUR80K | 10% | EUR98K–EUR130K |", "| $40K–$80K | 10% | £98K–£130K |")},
    "currency-mismatch-5": lambda g: {"currency-mismatch-5.md": replace(
        without_front_matter(g), "| EUR40K–EUR80K | 10% | EUR98K–EUR130K |",
        "| $40K–$80K | 10% | £98K–£130K |")},
    "range-order": lambda g: {"range-order.md": replace(
        replace(g, "    bonus_pct: 10\n", ""), "| 10% |", "| 15–10% |")},
    "bonus-outside-range": lambda g: {"bonus-outside-range.md": replace(
        g, "| 10% |", "| 12–15% |")},
    "quarter-future": lambda g: {"quarter-future.md": replace(
        g, "data_quality: high\n", "data_quality: high\nsalary_data_quarter: 2027-Q1\n")},
    "quarter-future-2": lambda g: {"quarter-future-2.md": replace(replace(
        g, "data_quality: high\n", "data_quality: high\nsalary_data_quarter: 2026-Q4\n"),
        "last_updated: 2026-10-01", "last_updated: 2026-09-01")},
    "region-unmatched": lambda g: {"region-unmatched.md": replace(g, "| Berlin |", "| Munich |")},
    "region-duplicate": lambda g: {"region-duplicate.md": replace(
        g, "| EUR98K–EUR130K |\n", "| EUR98K–EUR130K |\n| berlin | EUR85K–EUR100K | EUR40K–EUR80K "
        "| 10% | EUR103K–EUR130K |\n")},
    "region-duplicate-2": lambda g: {"region-duplicate-2.md": replace(
        g, "    total_comp_high: 130000\n", "    total_comp_high: 130000\n  - region: Berlin\n"
        "    currency: EUR\n    base_low: 80000\n    base_high: 100000\n")},
    "missing-section": lambda g: {"missing-section.md": replace(
        g, "#### Evidence & Sources\n- Levels.fyi data for Berlin data engineers\n", "")},
    "floor-above-ask": lambda g: {"floor-above-ask.md": replace(g, STRATEGY, (
        '"I hold a Zalando offer at EUR100K / EUR60K RSU. I need EUR95K base. '
        'My floor is EUR98K."'))},
    "ask-outside-band": lambda g: {"ask-outside-band.md": replace(
        g, "I need EUR95K base", "I need EUR105K base")},
    "floor-below-band": lambda g: {"floor-below-band.md": replace(
        g, "My floor is EUR85K", "My floor is EUR75K")},
    "competing-below-floor": lambda g: {"competing-below-floor.md": replace(
        g, "a Zalando offer at EUR90K / EUR60K RSU", "a Zalando offer at EUR82K / EUR60K RSU")},
    "duplicate-key": lambda g: {"duplicate-key.md": replace(
        g, "role_display: Data Engineer\n",
        "role_display: Data Engineer\nrole: analytics-engineer\n")},
    "table-header-2": lambda g: {"table-header-2.md": replace(replace(replace(
        g, "| Region | Base Salary | Stock (RSU/4yr) | Bonus | Total Comp |",
        "| Region | Base Salary (EUR) | Stock (RSU/4yr) | Bonus | Total Comp | "
        "Base Salary (local) |"),
        "|--------|-------------|-----------------|-------|------------|",
        "|---|---|---|---|---|---|"),
        "| EUR98K–EUR130K |", "| EUR98K–EUR130K | EUR80K–EUR100K |")},
    "table-row-long": lambda g: {"table-row-long.md": replace(
        g, "| EUR98K–EUR130K |", "| EUR98K–EUR130K | EUR150K |")},
    "amount-invalid-4": lambda g: {"amount-invalid-4.md": replace(
        g, "bonus_pct: 10", "bonus_pct: ten")},
    "amount-invalid-9": lambda g: {"amount-invalid-9.md": replace(g, "| 10% |", "| 7.555% |")},
    "amount-invalid-10": lambda g: {"amount-invalid-10.md": replace(g, "| 10% |", "| 10–15%% |")},
    "amount-invalid-11": lambda g: {"amount-invalid-11.md": replace(
        g, "base_low: 80000\n", "base_low: 80000.\n")},
    "ask-currency-mixed": lambda g: {"ask-currency-mixed.md": replace(
        g, "My floor is EUR85K", "My floor is $85K")},
    "ask-currency-mixed-2": lambda g: {"ask-currency-mixed-2.md": replace(
        g, "I am asking for EUR95K base.", "I am asking for EUR95K base and $60K equity.")},
    "markdown-too-complex": lambda g: {"markdown-too-complex.md": replace(
        g, "#### Evidence & Sources\n", "[" * 600_000 + "\n\n#### Evidence & Sources\n")},
    "corpus": lambda g: {"corpus/acme-data-engineer.md": g,
                         "corpus/acme-data-engineer-2026.md": g},
    "level-unread": lambda g: {"level-unread.md": replace(
        g, "= Google L4 = Meta E4\n", "= Google L4 = Meta E4+\n")},
    "yaml-syntax-4": lambda g: {"yaml-syntax-4.md": replace(
        g, "company_display: Acme\n", "\tcompany_display: Acme\n")},
    "yaml-syntax-5": lambda g: {"yaml-syntax-5.md": replace(
        g, "role_display: Data Engineer\n", "role_display: Data: Engineer\n")},
    "yaml-syntax-6": lambda g: {"yaml-syntax-6.md": replace(
        g, "role_display: Data Engineer\n", "  role_display: Data Engineer\n")},
    "shapes": lambda g: {
        "shapes/a.md": replace(g, "company: acme\n", "company: acmeco\n"),
        "shapes/b.md": replace(without_front_matter(g), "| Acme Global", "| Acme Co Global")},
}


def example_guide(doc):
    m = re.search(r"### The example guide.*?```markdown\n(.*?)```\n", doc, re.S)
    if not m:
        raise ValueError("docs/checks.md: no example guide")
    return m.group(1)


def doc_outputs(doc):
    """name -> the code block whose first line is that example's output."""
    out = {}
    blocks, current = [], None
    for line in doc.splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    for block in blocks:
        m = re.match(r"([A-Za-z0-9_-]+)(?:\.md|/[^:]*\.md):\d+:\d+: ", block)
        if m and m.group(1) not in out:
            out[m.group(1)] = block
    return out


def run(levers, cwd, target):
    p = subprocess.run([levers, "check", "--today", TODAY, target], cwd=cwd,
                       capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def main():
    levers, root = sys.argv[1], pathlib.Path(sys.argv[2])
    doc = (root / "docs" / "checks.md").read_text(encoding="utf-8")
    guide = example_guide(doc)
    expected = doc_outputs(doc)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "base.md").write_text(guide, encoding="utf-8")
        rc, out = run(levers, tmp, "base.md")
        if rc == 0 and out == "1 guide checked: 0 errors, 0 warnings, 0 notes\n":
            passed += 1
        else:
            failed += 1
            print(f"FAIL the example guide is not clean (exit {rc}):\n{out}")
        for name, recipe in RECIPES.items():
            if name not in expected:
                failed += 1
                print(f"FAIL {name}: docs/checks.md has no output block for it")
                continue
            files = recipe(guide)
            for rel, text in files.items():
                path = tmp / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
            target = next(iter(files)).split("/")[0]
            rc, out = run(levers, tmp, target)
            want = expected[name]
            got = out if re.search(r"^\d+ guides? checked", want, re.M) else \
                "".join(out.splitlines(keepends=True)[:-1])
            errors = sum(1 for line in out.splitlines() if ": error[" in line)
            if got == want and rc == (1 if errors else 0):
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name} (exit {rc}):\n--- docs/checks.md\n{want}--- levers\n{got}")
    missing = sorted(set(expected) - set(RECIPES))
    if missing:
        print(f"not reproduced here ({len(missing)}): {' '.join(missing)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
