"""Whether `levers bands apply --dry-run` lists every line a real run changes.

uncovered(before, after, listing) takes a guide's text as it was, the text the
real run wrote, and the dry run's listing (its standard output for that
guide), and returns each changed line of the real run's diff that no line of
the listing accounts for:

- a front matter line inside a `compensation` entry (`    base_low: 155000`,
  removed or added) needs a listing line for that entry's region naming its
  key (`  Seattle base_low: ...`, or a rename naming it);
- any other front matter line needs a listing line for its top-level key
  (`  salary_data_quarter: ...`; a `data_sources` item, `  data_sources: ...`);
- a pay table row needs, for each cell whose text differs, exactly
  `  table line N REGION COLUMN: OLD -> NEW` with N the row's line in the
  guide as it was.
"""
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


def uncovered(before, after, listing):
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    listed = listing.splitlines()
    old_fm, new_fm = _front_matter_end(old), _front_matter_end(new)
    missing = []

    def front_matter_line(lines, i, sign):
        text = lines[i].rstrip("\r\n")
        body = text.strip()
        if not body or body.startswith("#"):
            return  # blank and comment lines carry no value
        key, region = _context(lines, i)
        if region is not None:
            field = body.lstrip("- ").split(":", 1)[0].strip()
            if field in ("region", "currency"):
                want = [ln for ln in listed if ln.startswith(f"  {region} ")]
            else:
                want = [ln for ln in listed if ln.startswith(f"  {region} ") and field in ln]
        else:
            want = [ln for ln in listed if ln.startswith(f"  {key}:")]
        if not want:
            missing.append(f"{sign}{text}")

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_rows = [i for i in range(i1, i2) if i > old_fm and old[i].lstrip().startswith("|")]
        new_rows = [j for j in range(j1, j2) if j > new_fm and new[j].lstrip().startswith("|")]
        for i in range(i1, i2):
            if 0 < i <= old_fm and i != old_fm:
                front_matter_line(old, i, "-")
            elif i not in old_rows:
                missing.append("-" + old[i].rstrip("\r\n"))
        for j in range(j1, j2):
            if 0 < j <= new_fm and j != new_fm:
                front_matter_line(new, j, "+")
            elif j not in new_rows:
                missing.append("+" + new[j].rstrip("\r\n"))
        if len(old_rows) != len(new_rows):
            missing += ["-" + old[i].rstrip("\r\n") for i in old_rows]
            missing += ["+" + new[j].rstrip("\r\n") for j in new_rows]
            continue
        for i, j in zip(old_rows, new_rows):
            was, now = _cells(old[i]), _cells(new[j])
            if len(was) < 5 or len(was) != len(now) or was[0] != now[0]:
                missing.append("-" + old[i].rstrip("\r\n"))
                continue
            for column, a, b in zip(COLUMNS, was[1:5], now[1:5]):
                if a == b:
                    continue
                line = f"  table line {i + 1} {was[0]} {column}: {a} -> {b}"
                if line not in listed:
                    missing.append(f"{line} (for the row at line {i + 1})")
    return missing
