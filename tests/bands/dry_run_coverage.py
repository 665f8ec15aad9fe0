"""Whether `levers bands apply --dry-run` lists every line a real run changes.

uncovered(before, after, listing) takes a guide's text as it was, the text the
real run wrote, and the dry run's listing (its standard output for that
guide), and returns each changed line of the real run's diff that no line of
the listing accounts for:

- a front matter line inside a `compensation` entry (`    base_low: 155000`,
  removed or added; compared within the entry of its region, not by where a
  line diff aligns it) needs a listing line for that region naming its key
  (`  Seattle base_low: ...`, or a rename naming it);
- any other front matter line needs a listing line for its top-level key
  (`  salary_data_quarter: ...`; a `data_sources` item, `  data_sources: ...`);
- a pay table row needs, for each cell whose text differs, exactly
  `  table line N REGION COLUMN: OLD -> NEW` with N the row's line in the
  guide as it was.
"""
import collections
import difflib

COLUMNS = ["base", "stock", "bonus", "total_comp"]


def _front_matter_end(lines):
    """The index of the closing '---' of the front matter, or 0 when none."""
    if not lines or lines[0].rstrip("\r\n") != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return i
    return 0


def _context(lines, i):
    """(top-level key, compensation region or None) of front matter line i."""
    key, region = None, None
    for j in range(i, 0, -1):
        s = lines[j].rstrip("\r\n")
        body = s.lstrip(" ")
        if region is None and body.startswith("- region:"):
            region = body[len("- region:"):].strip().strip('"\'')
        if s and s[0] not in " #-":
            key = s.split(":", 1)[0].strip()
            break
    return key, (region if key == "compensation" else None)


def _cells(row):
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return cells


def _front_matter_lines(lines, end):
    """Counter of (top-level key, region, line) for the value lines of a front
    matter: a line is compared within its compensation entry, not by where a
    line diff happens to align it (two entries may hold the same line)."""
    out = collections.Counter()
    for i in range(1, end):
        text = lines[i].rstrip("\r\n")
        if not text.strip() or text.strip().startswith("#"):
            continue  # blank and comment lines carry no value
        key, region = _context(lines, i)
        out[(key, region, text)] += 1
    return out


def uncovered(before, after, listing):
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    listed = listing.splitlines()
    old_fm, new_fm = _front_matter_end(old), _front_matter_end(new)
    missing = []

    was, now = _front_matter_lines(old, old_fm), _front_matter_lines(new, new_fm)
    for sign, lines in (("-", was - now), ("+", now - was)):
        for (key, region, text) in sorted(lines):
            if region is not None:
                field = text.strip().lstrip("- ").split(":", 1)[0].strip()
                if field in ("region", "currency"):
                    want = [ln for ln in listed if ln.startswith(f"  {region} ")]
                else:
                    want = [ln for ln in listed
                            if ln.startswith(f"  {region} ") and field in ln]
            else:
                want = [ln for ln in listed if ln.startswith(f"  {key}:")]
            if not want:
                missing.append(f"{sign}{text}")

    body_old, body_new = old[old_fm + 1:] if old_fm else old, new[new_fm + 1:] if new_fm else new
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
                if a == b:
                    continue
                line = f"  table line {number} {cells_was[0]} {column}: {a} -> {b}"
                if line not in listed:
                    missing.append(f"{line} (for the row at line {number})")
    return missing
