#!/usr/bin/env python3
"""Writes the bad-input cases too large to keep in git, each with its .expect.

Usage: make_large_cases.py OUTDIR

Output is deterministic: the same bytes on every run. The cases are the
pathological inputs of the bad corpus (see run_bad_corpus.py for the .expect
format): YAML nested 100,000 deep in flow and block style, front matter past
the node limit, 20 MB lines in each part of a guide, Markdown nested 100,000
deep, Markdown that costs the parser memory per byte (20 MB of one mark
character, 15 million list items), a 20 MB pay table, many regions (a
quadratic trap), and a 100 MB file that must be refused without being read. Most are a valid guide with one
hostile part, so any error reported beyond the expected one is a finding.
"""

import os
import sys

# A small valid guide (an invented company), the base of every case. Each case
# replaces one marker line or part of it; locations below are computed, never
# typed by hand.
BASE = """\
---
company: quillmarsh-logistics
company_display: Quillmarsh Logistics
role: backend-engineer
role_display: Backend Engineer
role_type: standard
last_updated: 2026-11-01
data_quality: medium
salary_data_quarter: 2026-Q3
next_review_due: 2027-02-01
compensation:
  - region: Denver
    currency: USD
    base_low: 150000
    base_high: 190000
    stock_low: 80000
    stock_high: 160000
    bonus_pct: 10
    total_comp_low: 185000
    total_comp_high: 249000
level_mapping:
  internal: null
  raw: Quillmarsh Backend II = Google L4 = Meta E4
data_sources:
  - Levels.fyi
negotiation_dna_summary: "Steady Base + Small Equity | Regional Freight Software | 2026 Focus: Route Planning"
---
### Backend Engineer | Quillmarsh Logistics Global Negotiation Guide

**Negotiation DNA:** Steady Base + Small Equity | Regional Freight Software | 2026 Focus: Route Planning

| Region | Base Salary | Stock (RSU/4yr) | Bonus | Total Comp |
|--------|-------------|-----------------|-------|------------|
| Denver | $150K–$190K | $80K–$160K | 10% | $185K–$249K |

**Negotiation DNA**
Quillmarsh Logistics is a made-up freight company for tests. Base pay matters most here.

**Level Mapping:** Quillmarsh Backend II = Google L4 = Meta E4

### Route Planning Lever
The planner rewrite is the big project this year.

**Global Levers**
1. **Planner Work:** "I rebuilt a dispatch planner last year, so I ask for $180K base."

> **Negotiate Up Strategy:** "I want to work on routing. I need $180K base. My floor is $160K."

#### Evidence & Sources
- Levels.fyi backend pay in Denver (2026)
"""

DEEP = 100_000
MB = 1024 * 1024
SOURCES = "data_sources:\n  - Levels.fyi\n"
DNA_PROSE = "Base pay matters most here."
ROW = "| Denver | $150K–$190K | $80K–$160K | 10% | $185K–$249K |\n"
STRATEGY_END = 'My floor is $160K."'
HEADER_LINES = BASE[: BASE.index("### Backend")]


def replace(old, new, text=BASE):
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text, marker):
    """1-based line of the first occurrence of marker."""
    at = text.index(marker)
    return text.count("\n", 0, at) + 1


def line_col(text, marker, skip=0):
    """1-based line and column (in code points) of marker's first occurrence, plus `skip` characters."""
    at = text.index(marker) + skip
    start = text.rfind("\n", 0, at) + 1
    return f"{text.count(chr(10), 0, at) + 1}:{at - start + 1}"


def cases():
    """Yields (name, expect lines, text or a callable writing the bytes to a file)."""
    flow = "[" * DEEP + "]" * DEEP
    t = replace(SOURCES, f"data_sources: {flow}\n")
    yield "yaml_deep_flow_100k", ["exit: 1", f"yaml-too-deep {line_of(t, 'data_sources:')}"], t

    t = replace(SOURCES, "data_sources: " + "[" * DEEP + "\n")
    yield "yaml_flow_unclosed_100k", ["exit: 1", f"yaml-too-deep {line_of(t, 'data_sources:')}",
                                      "? yaml-syntax"], t

    t = replace(SOURCES, "data_sources: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n")
    yield "yaml_deep_flow_map_100k", ["exit: 1", f"yaml-too-deep {line_of(t, 'data_sources:')}"], t

    # Block style: compact nested sequences, one level per "- ".
    t = replace(SOURCES, "data_sources:\n  " + "- " * DEEP + "Levels.fyi\n")
    yield "yaml_deep_block_100k", ["exit: 1", f"yaml-too-deep {line_of(t, '- - -')}"], t

    # Block style with indentation: 2,000 levels of mappings (4 MB of spaces).
    nest = "".join("  " * (d + 1) + f"k{d}:\n" for d in range(2000)) + "  " * 2001 + "leaf\n"
    t = replace("role_type: standard\n", "role_type: standard\nnested:\n" + nest)
    yield "yaml_deep_block_indented_2k", ["exit: 1", f"yaml-too-deep {line_of(t, 'k31:')}"], t

    # 150,000 flow sequence items: past ReadLimits::max_yaml_nodes.
    t = replace(SOURCES, "data_sources: [" + ", ".join(["Levels.fyi"] * 150_000) + "]\n")
    yield "yaml_too_large", ["exit: 1", f"yaml-too-large {line_of(t, 'data_sources:')}"], t

    words = "word " * (20 * MB // 5)
    t = replace(DNA_PROSE, DNA_PROSE + " " + words)
    yield "line_20mb_body", ["exit: 0"], t

    t = replace("role_type: standard", f'role_type: "{words.strip()}"')
    yield "line_20mb_front_matter", ["exit: 0"], t

    t = replace("### Route Planning Lever", f"### Route {words}Planning Lever")
    yield "line_20mb_heading", ["exit: 0"], t

    t = replace("| $185K–$249K |\n", "| $185K–$249K " + words + "|\n")
    yield "line_20mb_table_cell", ["exit: 1", f"amount-invalid {line_col(t, '$185K–$249K word')}"], t

    t = replace(STRATEGY_END, "My floor is $160K. " + "$1K " * (20 * MB // 4) + '"')
    yield "line_20mb_strategy_amounts", ["exit: 0"], t

    t = replace("**Level Mapping:** Quillmarsh Backend II = Google L4 = Meta E4",
                "**Level Mapping:** Quillmarsh Backend II = " + "Google L4 = " * (20 * MB // 12) + "Meta E4")
    yield "line_20mb_level_mapping", ["exit: 0"], t

    t = replace(DNA_PROSE + "\n", DNA_PROSE + "\n\n" + "> " * DEEP + "deep\n")
    yield "md_nested_quotes_100k", ["exit: 0"], t

    t = replace(DNA_PROSE + "\n", DNA_PROSE + "\n\n" + "- " * DEEP + "deep\n")
    # 100,000 list items: past ReadLimits::max_body_blocks, so reading stops with one error,
    # on the line of the items (none of which has text).
    yield "md_nested_lists_100k", ["exit: 1", f"body-too-large {line_of(t, '- - - ')}"], t

    t = replace(DNA_PROSE, DNA_PROSE + " " + "[" * DEEP + "x" + "]" * DEEP)
    yield "md_nested_brackets_100k", ["exit: 0"], t

    t = replace(DNA_PROSE, DNA_PROSE + " " + "*a **a " * DEEP)
    yield "md_emphasis_100k", ["exit: 0"], t

    t = replace(DNA_PROSE, DNA_PROSE + " " + "<a " * DEEP)
    yield "md_open_tags_100k", ["exit: 0"], t

    # Markdown whose parse costs memory per byte of input (md4c keeps a record
    # per mark character, per line and per nesting level), each as one part of
    # an otherwise valid guide. A line with more than ReadLimits::max_line_marks
    # (500,000) marks is not read and is reported where it starts (`skip` lines
    # into the part); the rest of the guide is read.
    def hostile(name, part, skip=0, expect=None):
        t = replace(DNA_PROSE + "\n", DNA_PROSE + "\n\n" + part)
        line = line_of(t, DNA_PROSE) + 2 + skip
        return name, expect or ["exit: 1", f"markdown-too-complex {line}:1"], t

    for name, part in [
        ("md_brackets_20mb", "[" * (20 * MB) + "\n"),
        ("md_quote_marks_60mb", ">" * (60 * MB) + "\n"),
        ("md_stars_20mb", "*a" * (10 * MB) + "\n"),
        ("md_underscores_20mb", "_a" * (10 * MB) + "\n"),
        ("md_backticks_20mb", "`a" * (10 * MB) + "\n"),
        ("md_angles_20mb", "<a" * (10 * MB) + "\n"),
        ("md_escapes_20mb", "\\a" * (10 * MB) + "\n"),
        ("md_entities_20mb", "&a;" * (5 * MB) + "\n"),
        ("md_ampersands_20mb", "&" * (20 * MB) + "\n"),
        ("md_images_20mb", "![" * (10 * MB) + "\n"),
        ("md_link_ends_20mb", "](" * (10 * MB) + "\n"),
        ("md_nested_lists_20mb", "- " * (10 * MB) + "a\n"),
    ]:
        yield hostile(name, part)
    yield hostile("md_table_row_20mb", "| a | b |\n|---|---|\n" + "|" * (20 * MB) + "\n", skip=2)
    # A line of 500,000 marks is read; the body's marks and lines past
    # ReadLimits::max_body_marks (1,000,000) are not: with the guide's own marks
    # before them, the second such line stops the reading.
    yield hostile("md_bracket_lines_20mb", ("[" * 500_000 + "\n") * 40, skip=1,
                  expect=["exit: 1", f"body-too-large {line_of(BASE, DNA_PROSE) + 3}:1"])
    # Many cheap lines: reading stops at ReadLimits::max_body_blocks.
    yield hostile("md_list_items_15m", "- a\n" * 15_000_000, expect=["exit: 1", "body-too-large"])
    yield hostile("md_headings_20mb", "# a\n" * (5 * MB), expect=["exit: 1", "body-too-large"])
    # A 20 MB link reference definition costs md4c nothing per byte: read.
    yield hostile("md_link_definition_20mb", "[a]: /" + "x" * (20 * MB) + "\n", expect=["exit: 0"])

    # A second table 100,000 columns wide (only the first table is the pay table).
    wide = "|" + " c |" * DEEP + "\n|" + "---|" * DEEP + "\n|" + " 1 |" * DEEP + "\n"
    t = replace(DNA_PROSE + "\n", DNA_PROSE + "\n\n" + wide)
    yield "md_table_100k_columns", ["exit: 0"], t

    # 20 MB of pay-table rows for regions the front matter does not list (warnings only).
    rows = "".join(f"| Region {i} | $150K–$190K | $80K–$160K | 10% | $185K–$249K |\n"
                   for i in range(20 * MB // 60))
    t = replace(ROW, ROW + rows)
    yield "table_rows_20mb", ["exit: 1", "body-too-large"], t

    # 20 MB of evidence items.
    t = BASE + "- Glassdoor reports for Denver (2026)\n" * (20 * MB // 37)
    yield "evidence_items_20mb", ["exit: 1", "body-too-large"], t

    # 24,000 regions in front matter and table, in opposite orders: matching them
    # pairwise is quadratic. Each region lacks base and currency, so each is reported.
    n = 24_000
    front = "compensation:\n" + "".join(f"  - {{region: R{i}}}\n" for i in range(n))
    table = "".join(f"| R{i} | $1–$2 | $0–$0 | 0% | $1–$2 |\n" for i in reversed(range(n)))
    t = HEADER_LINES[: HEADER_LINES.index("compensation:")] + front + \
        HEADER_LINES[HEADER_LINES.index("level_mapping:"):] + BASE[len(HEADER_LINES):]
    t = replace(ROW, table, t)
    yield "regions_24k_quadratic", ["exit: 1", f"missing-field {line_of(t, '  - {region: R0}')}",
                                    f"currency-missing {line_of(t, '  - {region: R0}')}", "body-too-large"], t

    # 55 MB of blank lines after a valid guide: the line index alone (4 bytes a
    # line) must not grow past the memory budget while it is built.
    blank = BASE + "\n" * (55 * MB)
    yield "blank_lines_55mb", ["exit: 1", "body-too-large"], blank

    # 100 MB: over ReadLimits::max_file_bytes (64 MB), refused unread (exit 2, no findings).
    def write_100mb(f):
        f.write(BASE.encode("utf-8"))
        chunk = ("- Padding line for the size limit test (2026)\n" * 20000).encode("utf-8")
        written = len(BASE.encode("utf-8"))
        while written < 100 * MB:
            f.write(chunk)
            written += len(chunk)
    yield "file_100mb", ["exit: 2"], write_100mb


def main(argv):
    if len(argv) != 2:
        print("usage: make_large_cases.py OUTDIR", file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    count = 0
    for name, expect, content in cases():
        with open(os.path.join(out, name + ".md"), "wb") as f:
            if callable(content):
                content(f)
            else:
                f.write(content.encode("utf-8"))
        with open(os.path.join(out, name + ".expect"), "w", encoding="utf-8") as f:
            f.write("\n".join(expect) + "\n")
        count += 1
    print(f"wrote {count} large cases into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
