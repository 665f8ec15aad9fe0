"""Whether `levers bands apply --dry-run` lists exactly what a real run changes.

uncovered(before, after, listing) takes a guide's text as it was, the text the
real run wrote, and the dry run's standard output for that guide, and returns
one message per value the real run changed that the listing does not account
for, and per listing line that accounts for no change of the real run.

Values are compared, not lines: the real run writes the `compensation` entries
and `data_sources` in its own spelling (block style, keys in its order, values
unquoted, `320000.00` as `320000`), which docs/bands.md says is not listed.
So a front matter line rewritten with the same value needs no listing line,
and every other change does:

- a key of a `compensation` entry (the entries paired by region) whose value
  changed, or which came or went, needs a listing line for that region that
  names that key: `  Seattle base_low: ...`, or a rename
  (`  London bonus_pct -> bonus_pct_low, ...`) naming it on either side; a
  rename must carry the old value under at least one new key;
- another top-level key whose value changed needs `  KEY: ...`
  (`data_sources` compared as its list of items);
- a pay table row needs, for each cell whose text differs, exactly
  `  table line N REGION COLUMN: OLD -> NEW`, N the row's line in the guide
  as it was and OLD, NEW the whole cells.

The other way, each listing line must name a change: a region's key that
changed in its entry or, for a figure, in its pay table cell; a top-level key
that changed; a table cell exactly as above.
"""
import decimal
import difflib
import re

COLUMNS = ["base", "stock", "bonus", "total_comp"]
# The pay table column of each figure a region's listing line may name.
FIGURE_COLUMN = {
    "base_low": "base", "base_high": "base", "stock_low": "stock", "stock_high": "stock",
    "bonus_pct": "bonus", "bonus_pct_low": "bonus", "bonus_pct_high": "bonus",
    "total_comp_low": "total_comp", "total_comp_high": "total_comp",
}


def _front_matter_end(lines):
    """The index of the closing '---' of the front matter, or 0 when none
    (the first line may start with a byte order mark)."""
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n") != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return i
    return 0


def _strip_comment(text):
    """The text without a trailing ` # comment` outside quotes."""
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'" and (i == 0 or text[i - 1] in " :-[,{"):
            quote = c
        elif c == "#" and i > 0 and text[i - 1] in " \t":
            return text[:i].rstrip()
    return text.rstrip()


def _scalar(text):
    """A YAML scalar as a comparable value: unquoted, a number as its exact
    decimal without trailing zeros (`320000.00` and `"320000"` are 320000)."""
    text = _strip_comment(text.strip()).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        d = decimal.Decimal(text).normalize()
        return format(d, "f")
    return text


def _flow_items(text):
    """The items of a flow sequence or mapping body, split at top-level commas."""
    items, depth, quote, cur = [], 0, None, ""
    for c in text:
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        cur += c
    if cur.strip():
        items.append(cur)
    return [i.strip() for i in items]


def _pair(text):
    key, _, value = text.partition(":")
    return _scalar(key), value


def _front_matter(lines, end):
    """({top-level key: value}, {region: {key: value}}) of a front matter:
    `compensation` read as its entries by region, `data_sources` as a tuple of
    its items, another key as its value's text (its lines, comments left out)."""
    blocks = {}
    key = None
    for i in range(1, end):
        text = lines[i].rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if text[0] not in " \t-":
            key, rest = _pair(text)
            blocks[key] = [rest]
        elif key is not None:
            blocks[key].append(text)
    top, entries = {}, {}
    for key, block in blocks.items():
        if key == "compensation":
            current = None
            items = []
            for text in block[1:]:
                body = text.strip()
                if body.startswith("- "):
                    current = {}
                    items.append(current)
                    body = body[2:].strip()
                if current is None:
                    continue
                if body.startswith("{"):
                    for part in _flow_items(_strip_comment(body).strip()[1:-1]):
                        k, v = _pair(part)
                        current[k] = _scalar(v)
                elif body:
                    k, v = _pair(body)
                    current[k] = _scalar(v)
            for item in items:
                entries[item.get("region", "")] = item
        elif key == "data_sources":
            first = _strip_comment(block[0]).strip()
            if first.startswith("["):
                top[key] = tuple(_scalar(x) for x in _flow_items(first[1:-1]))
            else:
                top[key] = tuple(_scalar(t.strip()[1:]) for t in block[1:]
                                 if t.strip().startswith("-"))
        else:
            top[key] = tuple([_scalar(block[0])] + [_strip_comment(t) for t in block[1:]])
    return top, entries


def _cells(row):
    """A table row's cells, split at unescaped pipes, without the blanks around each."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def _listing(listing):
    """The listing's change lines: those after a `: would change:` line, up to
    the next line that is not indented."""
    out, inside = [], False
    for ln in listing.splitlines():
        if ln.endswith(": would change:"):
            inside = True
        elif inside and ln.startswith("  "):
            out.append(ln)
        else:
            inside = False
    return out


def _table_changes(old, new, old_fm, new_fm, missing):
    """{expected listing line: (region, column)} for each pay table cell that
    differs; other body lines that differ are added to `missing`."""
    expected = {}
    body_old = old[old_fm + 1:] if old_fm else old
    body_new = new[new_fm + 1:] if new_fm else new
    at_old = old_fm + 1 if old_fm else 0  # index in `old` of body_old[0]
    matcher = difflib.SequenceMatcher(a=body_old, b=body_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_rows = [i for i in range(i1, i2) if body_old[i].lstrip().startswith("|")]
        new_rows = [j for j in range(j1, j2) if body_new[j].lstrip().startswith("|")]
        missing += ["-" + body_old[i].rstrip("\r\n") for i in range(i1, i2) if i not in old_rows]
        missing += ["+" + body_new[j].rstrip("\r\n") for j in range(j1, j2) if j not in new_rows]
        if len(old_rows) != len(new_rows):
            missing += ["-" + body_old[i].rstrip("\r\n") for i in old_rows]
            missing += ["+" + body_new[j].rstrip("\r\n") for j in new_rows]
            continue
        for i, j in zip(old_rows, new_rows):
            cells_was, cells_now = _cells(body_old[i]), _cells(body_new[j])
            if (len(cells_was) < 5 or len(cells_was) != len(cells_now) or
                    cells_was[0] != cells_now[0]):
                missing.append("-" + body_old[i].rstrip("\r\n"))
                continue
            number = at_old + i + 1
            for column, a, b in zip(COLUMNS, cells_was[1:5], cells_now[1:5]):
                if a != b:
                    line = f"  table line {number} {cells_was[0]} {column}: {a} -> {b}"
                    expected[line] = (cells_was[0], column)
    return expected


def _names(line, key):
    """Whether a listing line names `key` as a whole word."""
    return re.search(r"(?<![\w])" + re.escape(key) + r"(?![\w])", line) is not None


def _rename_carries_value(line):
    """Whether a `(renamed)` line gives at least one new key the old value."""
    m = re.fullmatch(r"\s+\S.*? (\w+): (.+?) -> (.+) \(renamed\)", line)
    if not m:
        return False
    was = m.group(2)
    return any(part.split(": ", 1)[1] == was for part in m.group(3).split(", ") if ": " in part)


def uncovered(before, after, listing):
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    listed = _listing(listing)
    old_fm, new_fm = _front_matter_end(old), _front_matter_end(new)
    missing = []

    top_was, entries_was = _front_matter(old, old_fm)
    top_now, entries_now = _front_matter(new, new_fm)
    table = _table_changes(old, new, old_fm, new_fm, missing)
    regions = set(entries_was) | set(entries_now) | {r for r, _ in table.values()}
    by_length = sorted((r for r in regions if r), key=len, reverse=True)

    def region_of(line):
        for r in by_length:
            if line.startswith(f"  {r} "):
                return r
        return None

    changed = {}  # region -> keys whose value changed in its entry
    for region in sorted(set(entries_was) | set(entries_now)):
        was, now = entries_was.get(region), entries_now.get(region)
        if was is None or now is None:
            missing.append(f"the entry of region {region!r} "
                           f"{'added' if was is None else 'removed'}")
            continue
        keys = {k for k in set(was) | set(now) if was.get(k) != now.get(k)}
        changed[region] = keys
        for k in sorted(keys):
            if not any(region_of(ln) == region and _names(ln, k) for ln in listed):
                missing.append(f"{region} {k}: {was.get(k)} -> {now.get(k)} (not listed)")
    top_changed = {k for k in set(top_was) | set(top_now)
                   if k != "compensation" and top_was.get(k) != top_now.get(k)}
    for k in sorted(top_changed):
        if not any(ln.startswith(f"  {k}:") for ln in listed):
            missing.append(f"{k}: {top_was.get(k)} -> {top_now.get(k)} (not listed)")
    for line in table:
        if line not in listed:
            missing.append(f"{line} (not listed)")

    # The other way: each listing line names a change the real run made.
    for ln in listed:
        if ln in table:
            continue
        if ln.startswith("  table line "):
            missing.append(f"{ln} (listed, not written)")
            continue
        if "(renamed)" in ln and not _rename_carries_value(ln):
            missing.append(f"{ln} (said to be renamed, but no new key has its value)")
        region = region_of(ln)
        if region is None:
            key = ln.strip().split(":", 1)[0]
            if key not in top_changed:
                missing.append(f"{ln} (listed, not written)")
            continue
        field = re.match(r"\w+", ln[len(region) + 3:])
        field = field.group(0) if field else ""
        in_entry = field in changed.get(region, set())
        column = FIGURE_COLUMN.get(field)
        in_table = column is not None and (region, column) in table.values()
        if not in_entry and not in_table:
            missing.append(f"{ln} (listed, not written)")
    return missing
