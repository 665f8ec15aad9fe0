#!/usr/bin/env python3
"""The guide pages' other currency end to end: `levers build` and `levers
render --to html` with --currency (any case) and --rates. A code levers does
not know, one the table has no rate for, a rates file that cannot be read and
a flag --to md or json cannot use are usage errors (exit 2) naming the flag,
with nothing written; a currency with no minor unit (JPY) and one with three
(KWD, through a --rates file) show their own digits. Every figure below is
worked out by hand in the comments. The EUR and GBP pages are golden files
(tests/golden/guide/front_matter.{eur,gbp}.html).

Usage: run_page_currency_cli.py LEVERS_BIN REPO_ROOT"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cli_checks import CliChecks  # noqa: E402

LEVERS, ROOT = sys.argv[1], pathlib.Path(sys.argv[2])
# Seattle in USD (base 150,000-190,000, stock 120,000-200,000, total comp
# 195,000-268,000) and Dublin in EUR (90,000-120,000, 60,000-100,000,
# 114,000-163,000).
GUIDE = ROOT / "tests" / "golden" / "guide" / "front_matter.md"
checks = CliChecks(LEVERS, ROOT)
check, run = checks.check, checks.run


def read(path):
    return path.read_bytes() if path.exists() else None


def render(*flags):
    return run("render", "--to", "html", *flags, GUIDE)


KNOWN = ("levers: --currency: expected an ISO 4217 currency levers knows, like USD, EUR or "
         "GBP (any case); got ")
NO_RATE = "levers: --currency: expected a currency the ECB rates can convert into; "

with tempfile.TemporaryDirectory() as d:
    tmp = pathlib.Path(d)
    src = tmp / "guides"
    src.mkdir()
    shutil.copy(GUIDE, src / "quillon-labs--software-engineer.md")
    page_name = "quillon-labs--software-engineer.html"

    # Usage errors: said before anything is read or written.
    # A rates file without the default currency: --rates is what to change,
    # or --currency given with one the file quotes.
    gbp_only = tmp / "gbp-only.csv"
    gbp_only.write_text("Date,GBP,\n2025-06-02,0.8,\n")
    for n, (flags, want) in enumerate([
            (["--rates", gbp_only], f"levers: --rates: {gbp_only} has no rate for USD, the pages' "
             f"default currency (no ECB rate for USD: {gbp_only} never quotes USD; for 2025-06-02 "
             "it quotes only GBP); give --currency with one it quotes\n"),
            (["--rates", gbp_only, "--currency", "usd"], NO_RATE + f"no ECB rate for USD: "
             f"{gbp_only} never quotes USD; for 2025-06-02 it quotes only GBP\n"),
            (["--currency", "XYZ"], KNOWN + "'XYZ'"),
            (["--currency", "us"], KNOWN + "'us'"),
            (["--currency", ""], KNOWN[:-len("got ")] + "got an empty value"),
            # AED is an ISO code levers knows, but the ECB quotes no rate for it.
            # What it quotes on its last date, the pages' rates: CYP and HRK were
            # withdrawn before, and are not offered in their place.
            (["--currency", "aed"], NO_RATE + "no ECB rate for AED: data/ecb/eurofxref-hist.csv "
                                              "never quotes AED; for 2025-05-09 it quotes only "
                                              "AUD, BGN, BRL, CAD, CHF, CNY, CZK, DKK, GBP, HKD, "
                                              "HUF, "),
            # The ECB stopped quoting CYP when Cyprus took the euro.
            (["--currency", "cyp"], NO_RATE + "no ECB rate for CYP on 2025-05-09: none after "
                                              "2007-12-31 (discontinued)\n"),
            (["--rates", tmp / "missing.csv"], "levers: --rates: " + str(tmp / "missing.csv") +
             ": cannot open for reading")]):
        rc, out, err = render(*flags)
        check(f"render {flags}: exit 2 naming the flag", rc == 2 and want in err and out == "",
              f"{rc} {out[:200]!r} {err!r}")
        site = tmp / f"site-refused-{n}"
        rc, out, err = run("build", *flags, src, site)
        check(f"build {flags}: exit 2 naming the flag, nothing written",
              rc == 2 and want in err and not site.exists(), f"{rc} {out!r} {err!r}")

    for to in ["md", "json"]:
        rc, out, err = run("render", "--to", to, "--currency", "EUR", GUIDE)
        check(f"render --to {to} --currency: a usage error",
              rc == 2 and out == "" and err == f"levers: --currency: only with --to html (the "
              f"page's bands in one currency); --to {to} writes every amount as the guide "
              "states it\n", f"{rc} {err!r}")
        rc, out, err = run("render", "--to", to, "--rates", GUIDE, GUIDE)
        check(f"render --to {to} --rates: a usage error",
              rc == 2 and out == "" and err.startswith("levers: --rates: only with --to html"),
              f"{rc} {err!r}")

    # The default is USD: no flag, --currency USD and --currency usd give the
    # same bytes, for render and for build (the golden files pin the page).
    rc, default_page, err = render()
    check("render without --currency", rc == 0 and " USD for every region" in default_page, err)
    for code in ["USD", "usd", "Usd"]:
        rc, out, err = render("--currency", code)
        check(f"render --currency {code} is the default page", rc == 0 and out == default_page,
              err)
    rc, out, err = run("build", "--today", "2026-11-23", src, tmp / "site-default")
    check("build without --currency", rc == 0, err)
    rc, out, err = run("build", "--today", "2026-11-23", "--currency", "usd", src,
                       tmp / "site-usd")
    check("build --currency usd", rc == 0, err)
    for name in [page_name, "index.html", "guides.json", "health.html"]:
        check(f"build --currency usd: {name} as without the flag",
              read(tmp / "site-default" / name) == read(tmp / "site-usd" / name) is not None)

    # Lower case is accepted. GBP: Dublin's EUR 90,000 × 0.8477 GBP/EUR is
    # exactly GBP 76,293 (ECB 2025-05-09).
    rc, out, err = run("build", "--today", "2026-11-23", "--currency", "gbp", src,
                       tmp / "site-gbp")
    page = (tmp / "site-gbp" / page_name).read_text() if rc == 0 else ""
    for want in ["> GBP for every region</label>", "<figcaption aria-hidden=\"true\">Base by region (GBP)</figcaption>",
                 "<title>EUR 90,000 – 120,000 × 0.8477 GBP/EUR = GBP 76,293 – 101,724</title>",
                 "<li>EUR 1 × 0.8477 GBP/EUR (ECB 2025-05-09) ≈ GBP 0.85</li>"]:
        check(f"build --currency gbp: the page has {want}", want in page, f"{rc} {err!r}")
    check("build --currency gbp: no USD view left", "by region (USD)" not in page
          and " USD for every region" not in page)
    # The index and guides.json carry no converted figure: the same bytes.
    for name in ["index.html", "guides.json"]:
        check(f"build --currency gbp: {name} as without the flag",
              read(tmp / "site-default" / name) == read(tmp / "site-gbp" / name) is not None)

    # JPY has no minor unit. 1 EUR = 1.1252 USD = 163.36 JPY:
    #   USD 150,000 / 1.1252 × 163.36 = 21,777,461.78... -> JPY 21,777,462
    #   USD 190,000 -> 27,584,784.93... -> 27,584,785
    #   USD 195,000 -> 28,310,700.32... -> 28,310,700
    #   EUR 114,000 × 163.36 = 18,623,040 exactly; EUR 1 = 163.36 -> JPY 163.
    rc, out, err = render("--currency", "jpy")
    for want in ["<title>USD 150,000 – 190,000 ÷ 1.1252 USD/EUR × 163.36 JPY/EUR ≈ "
                 "JPY 21,777,462 – 27,584,785</title>",
                 "<desc>Seattle: JPY 28,310,700 to 38,909,065; Dublin: JPY 18,623,040 to "
                 "26,627,680</desc>",
                 "<li>EUR 1 × 163.36 JPY/EUR (ECB 2025-05-09) ≈ JPY 163</li>"]:
        check(f"render --currency jpy: {want}", rc == 0 and want in out, err)

    # KWD has three minor digits; the bundled table has no KWD rate, a --rates
    # file does. 1 EUR = 1.12 USD = 0.35 KWD, so USD 1 is KWD 0.3125 exactly:
    #   USD 195,000 × 0.3125 = 60,937.5 -> KWD 60,937.500 (exact, "=")
    #   USD 268,000 × 0.3125 = 83,750, EUR 114,000 × 0.35 = 39,900
    #   USD 1 -> KWD 0.3125, rounded half to even to the fils: 0.312 ("≈")
    rates = tmp / "rates.csv"
    rates.write_text("Date,USD,KWD,\n2025-05-09,1.12,0.35,\n2025-05-08,1.13,0.351,\n")
    rc, out, err = run("build", "--today", "2026-11-23", "--currency", "KWD", "--rates", rates,
                       src, tmp / "site-kwd")
    page = (tmp / "site-kwd" / page_name).read_text() if rc == 0 else ""
    for want in ["<title>USD 195,000 – 268,000 ÷ 1.12 USD/EUR × 0.35 KWD/EUR = "
                 "KWD 60,937.500 – 83,750</title>",
                 "<title>EUR 114,000 – 163,000 × 0.35 KWD/EUR = KWD 39,900 – 57,050</title>",
                 "<li>USD 1 ÷ 1.12 USD/EUR × 0.35 KWD/EUR (ECB 2025-05-09) ≈ KWD 0.312</li>",
                 f"reference rates of 2025-05-09, the newest in {rates}, rounded half to even"]:
        check(f"build --currency KWD --rates: {want}", want in page, f"{rc} {err!r}")
    rc, out, err = render("--currency", "kwd")
    check("render --currency kwd without --rates: no KWD rate in the bundled table",
          rc == 2 and NO_RATE + "no ECB rate for KWD: data/ecb/eurofxref-hist.csv never quotes "
          "KWD; for 2025-05-09 it quotes only " in err, f"{rc} {err!r}")
    # The rates file decides which currencies can be asked for.
    rc, out, err = render("--currency", "GBP", "--rates", rates)
    check("render --currency GBP with a file that has no GBP",
          rc == 2 and err == NO_RATE + f"no ECB rate for GBP: {rates} never quotes GBP; for "
          "2025-05-09 it quotes only KWD, USD\n",
          f"{rc} {err!r}")
    # With the default USD, --rates alone changes the rates the page uses:
    # EUR 90,000 × 1.12 = USD 100,800.
    rc, out, err = render("--rates", rates)
    check("render --rates: the page converts with the file",
          rc == 0 and "<title>EUR 90,000 – 120,000 × 1.12 USD/EUR = USD 100,800 – 134,400</title>"
          in out, f"{rc} {err!r}")
    # No GBP rate on the file's last date: the latest within 7 days before it
    # is used and named, as every conversion looks back (docs/web.md); 9 days
    # back is too far. EUR 1 × 0.9 = GBP 0.90.
    gap = tmp / "gap.csv"
    gap.write_text("Date,USD,GBP,\n2025-06-02,1.1000,N/A,\n2025-06-01,1.2000,0.9,\n")
    rc, out, err = render("--currency", "gbp", "--rates", gap)
    check("render --currency gbp, no GBP rate on the last date: the day before's",
          rc == 0 and "<li>EUR 1 × 0.9 GBP/EUR (ECB 2025-06-01, the latest before 2025-06-02) = "
          "GBP 0.90</li>" in out, f"{rc} {err!r}")
    gap.write_text("Date,USD,GBP,\n2025-06-10,1.1000,N/A,\n2025-06-01,1.2000,0.9,\n")
    rc, out, err = render("--currency", "gbp", "--rates", gap)
    check("render --currency gbp, the last GBP rate 9 days before: refused",
          rc == 2 and err.startswith(NO_RATE + "no ECB rate for GBP on 2025-06-10"), f"{rc} {err!r}")

checks.finish()
