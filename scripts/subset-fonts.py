#!/usr/bin/env python3
"""Build the Noto CJK SC font subsets that gkml embeds into its binary.

What it does
------------
The booklet (src/booklet/*.typ) is typeset by typst, embedded in gkml as a
library, and must render Chinese on machines that have no Chinese fonts.
gkml therefore ships subsets of the OFL-licensed Noto CJK fonts, pulled in
with include_bytes!.  This script produces those subsets:

  src/booklet/fonts/NotoSerifCJKsc-Regular.otf   "Noto Serif CJK SC", 400
  src/booklet/fonts/NotoSerifCJKsc-Bold.otf      "Noto Serif CJK SC", 700
  src/booklet/fonts/NotoSansCJKsc-Regular.otf    "Noto Sans CJK SC",  400
  src/booklet/fonts/NotoSansCJKsc-Bold.otf       "Noto Sans CJK SC",  700
  src/booklet/fonts/OFL.txt                      licence (copied, see below)
  src/booklet/fonts/README.md                    provenance, coverage, sizes

Source: the Simplified Chinese face of the TTC collections shipped by
Debian's fonts-noto-cjk package (/usr/share/fonts/opentype/noto/*.ttc).  The
face is looked up by its family name ("Noto Serif CJK SC" / "Noto Sans CJK
SC"), not by a hard-coded index into the collection.

Coverage (a character is kept only if the source font has a glyph for it):
  * all of GB 2312 (every valid double-byte code, rows 0xA1-0xF7, cells
    0xA1-0xFE, decoded with Python's gb2312 codec: 7445 characters);
  * every character found in catalogs/ (text files read as UTF-8, .xlsx
    cell text read from the workbook XML) and in src/booklet/*.typ;
  * the Unicode blocks listed in EXTRA_RANGES below (ASCII, Latin-1,
    punctuation, CJK symbols, full/halfwidth forms, circled numbers, arrows,
    box drawing, geometric shapes, check marks, number forms, ...).

Font tables and options (see make_options()):
  * OpenType layout: fontTools' default feature set (kern, liga, ccmp, vert,
    vrt2, palt, halt, vpal, vhal, chws, vchw, mark, ...) MINUS 'locl'.  In
    the collection the SC face shares its GSUB with the JP/KR/TC/HK faces, so
    keeping 'locl' makes the glyph closure pull in the Japanese, Korean and
    Traditional Chinese variants of every ideograph (+70% glyphs, +75% size
    for Serif Regular).  The booklet is zh-CN, for which 'locl' of the SC
    face is a no-op, so nothing visible is lost.  palt/halt/vert are tiny.
  * Hinting is dropped (CFF hint operators and hint-only private dict
    values); PDF viewers and printers do not need it.  CFF subroutines are
    KEPT (desubroutinizing makes the files ~10% bigger).
  * All name IDs (family, style, full name, PostScript name, version,
    copyright, trademark, licence text/URL, ...) are kept for Windows
    platform names, so typst sees the families "Noto Serif CJK SC" and
    "Noto Sans CJK SC" with weights regular/bold, and the OFL notice stays
    in the machine-readable metadata.  Mac legacy names are dropped.
  * OS/2, post (format 3), BASE, VORG, vhea/vmtx are kept and rewritten
    consistently by the fontTools subsetter; .notdef keeps its outline so a
    missing character shows up as a visible box instead of nothing.
  * Deterministic output: head.modified is pinned to the source font's
    value (no recalculation), table order is canonical and fontTools' pure
    Python table packer is used (not harfbuzz, whose availability differs
    between machines).  Running the script twice yields byte-identical
    files; the script prints a sha256 per file to make that easy to check.

How to run
----------
  python3 scripts/subset-fonts.py            # from the repository root

Requirements: Python 3.8+, fontTools (pip install fonttools), and the Debian
package fonts-noto-cjk (apt-get install fonts-noto-cjk).  --src-dir points at
another directory holding the four .ttc files.  Takes a minute or two (the
source CFF tables hold 65535 glyphs each).

Rerun it whenever catalogs/ or src/booklet/*.typ gain new characters; it
reports every wanted character that ends up missing from a subset and exits
with status 1 if a GB 2312 character or a catalog/template character that
the source fonts do have is missing from an output file.
"""

import argparse
import hashlib
import io
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_OUT_DIR = ROOT / "src" / "booklet" / "fonts"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
DEBIAN_PACKAGE = "fonts-noto-cjk"

# (source collection, family name to find in it, style, output file)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "Regular", "NotoSerifCJKsc-Regular.otf"),
    ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "Bold", "NotoSerifCJKsc-Bold.otf"),
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "Regular", "NotoSansCJKsc-Regular.otf"),
    ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "Bold", "NotoSansCJKsc-Bold.otf"),
]

# Unicode ranges (inclusive) added on top of GB 2312 and the scanned text.
# Only the code points the source font actually maps are kept.
EXTRA_RANGES = [
    ("Basic Latin (printable ASCII)", 0x0020, 0x007E),
    ("Latin-1 Supplement", 0x00A0, 0x00FF),
    ("Latin Extended-A", 0x0100, 0x017F),
    ("Pinyin vowels with caron/diaeresis", 0x01CD, 0x01DC),
    ("General Punctuation", 0x2000, 0x206F),
    ("Superscripts and Subscripts", 0x2070, 0x209F),
    ("Currency Symbols", 0x20A0, 0x20CF),
    ("Letterlike Symbols", 0x2100, 0x214F),
    ("Number Forms (Roman numerals)", 0x2150, 0x218F),
    ("Arrows", 0x2190, 0x21FF),
    ("Mathematical Operators", 0x2200, 0x22FF),
    ("Enclosed Alphanumerics", 0x2460, 0x24FF),
    ("Box Drawing", 0x2500, 0x257F),
    ("Block Elements", 0x2580, 0x259F),
    ("Geometric Shapes", 0x25A0, 0x25FF),
    ("Miscellaneous Symbols", 0x2600, 0x26FF),
    ("Dingbats", 0x2700, 0x27BF),
    ("CJK Symbols and Punctuation", 0x3000, 0x303F),
    ("Parenthesized ideographs", 0x3220, 0x3243),
    ("Circled ideographs", 0x3280, 0x32B0),
    ("CJK Compatibility (units)", 0x3380, 0x33DF),
    ("Halfwidth and Fullwidth Forms", 0xFF00, 0xFFEF),
]

# Symbols the booklet is likely to use; reported individually if the source
# font lacks them (they are inside EXTRA_RANGES already).
WANTED_SYMBOLS = "√✓✔✗✘☐☑☒×÷°℃±①⑳ⅠⅫ■□●○◆◇★☆▲△→←↑↓—…·、。《》【】〔〕「」『』"

CATALOG_DIR = ROOT / "catalogs"
TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".txt", ".csv", ".json", ".toml"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
TEMPLATE_GLOB = "src/booklet/*.typ"


def gb2312_chars():
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                ch = bytes([row, cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.add(ord(ch))
    return chars


def outside(chars, gb):
    """Code points that are neither ASCII nor GB 2312."""
    return {c for c in chars if c > 0x7F and c not in gb}


def keep_char(ch):
    """Characters from scanned text that a font is expected to render."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):  # controls (\n, \t, ...), lone surrogates
        return False
    if ch == "\ufeff":  # byte order mark
        return False
    return True


def xlsx_text(path):
    """All text nodes of the workbook XML parts (shared strings, sheets)."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if not (name.startswith("xl/") and name.endswith(".xml")):
                continue
            root = ET.fromstring(zf.read(name))
            for el in root.iter():
                if el.text:
                    out.append(el.text)
    return "".join(out)


def scan_text_files():
    """Return (set of code points, list of files read, list of files skipped)."""
    chars, read, skipped = set(), [], []
    files = []
    if CATALOG_DIR.is_dir():
        files += sorted(p for p in CATALOG_DIR.rglob("*") if p.is_file())
    files += sorted(ROOT.glob(TEMPLATE_GLOB))
    for p in files:
        rel = p.relative_to(ROOT).as_posix()
        suffix = p.suffix.lower()
        try:
            if suffix in TEXT_SUFFIXES or suffix == ".typ":
                text = p.read_text(encoding="utf-8")
            elif suffix in XLSX_SUFFIXES:
                text = xlsx_text(p)
            else:
                skipped.append((rel, "not a text or .xlsx file"))
                continue
        except (UnicodeDecodeError, zipfile.BadZipFile, ET.ParseError, OSError) as e:
            skipped.append((rel, "unreadable: %s" % e))
            continue
        read.append(rel)
        chars.update(ord(ch) for ch in text if keep_char(ch))
    return chars, read, skipped


def find_face(ttc_path, family, style):
    """Index of the face in the collection whose name table says family/style."""
    coll = TTCollection(str(ttc_path), lazy=True)
    found = []
    for i, font in enumerate(coll.fonts):
        name = font["name"]
        fam = name.getName(1, 3, 1, 0x409)
        sty = name.getName(2, 3, 1, 0x409)
        if fam is not None and fam.toUnicode() == family:
            found.append((i, sty.toUnicode() if sty else None))
    coll.close()
    matches = [i for i, s in found if s == style]
    if len(matches) != 1:
        sys.exit(
            "error: %s: expected exactly one face %r / %r, found %r"
            % (ttc_path, family, style, found)
        )
    return matches[0]


def make_options():
    o = subset.Options()
    o.layout_features = [f for f in o.layout_features if f != "locl"]
    o.hinting = False
    o.desubroutinize = False
    o.name_IDs = ["*"]
    o.name_languages = ["*"]
    o.name_legacy = False
    o.notdef_glyph = True
    o.notdef_outline = True
    o.glyph_names = False
    o.recalc_timestamp = False
    o.canonical_order = True
    o.harfbuzz_repacker = False
    return o


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fmt_cps(cps, limit=200):
    s = " ".join("U+%04X(%s)" % (c, chr(c)) for c in sorted(cps)[:limit])
    if len(cps) > limit:
        s += " ... (%d more)" % (len(cps) - limit)
    return s


def debian_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", DEBIAN_PACKAGE],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def ofl_text_from_debian(copyright_lines):
    """The SIL OFL 1.1 text from the Debian copyright file (DEP-5 format)."""
    if not DEBIAN_COPYRIGHT.is_file():
        return None
    lines = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").splitlines()
    body = None
    for i, line in enumerate(lines):
        # The standalone licence paragraph: "License: SIL-1.1" followed by
        # the indented licence text.
        if line.strip() == "License: SIL-1.1" and i + 1 < len(lines) and lines[i + 1].startswith(" "):
            body = []
            for l in lines[i + 1:]:
                if not l.startswith(" "):
                    break
                l = l[1:]
                body.append("" if l == "." else l)
            break
    if not body or "SIL OPEN FONT LICENSE Version 1.1" not in "\n".join(body):
        return None
    while body and not body[-1].strip():
        body.pop()
    head = [
        "Noto Serif CJK SC / Noto Sans CJK SC (subsets shipped with gkml)",
        "",
    ]
    head += copyright_lines
    head += [
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "The licence is copied below (from the Debian package %s," % DEBIAN_PACKAGE,
        "%s), and is also available with a FAQ at:" % DEBIAN_COPYRIGHT,
        "http://scripts.sil.org/OFL",
        "",
    ]
    return "\n".join(head + body) + "\n"


def write_if_changed(path, data):
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def human(n):
    return "%.2f MiB" % (n / 1048576)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src-dir", type=Path, default=DEFAULT_SRC_DIR,
                    help="directory with the Noto CJK .ttc files (default: %(default)s)")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                    help="output directory (default: %(default)s)")
    args = ap.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)

    gb = gb2312_chars()
    scanned, read_files, skipped = scan_text_files()
    print("GB 2312: %d characters" % len(gb))
    print("Scanned %d file(s) under catalogs/ and %s: %d distinct characters (%d outside ASCII and GB 2312)"
          % (len(read_files), TEMPLATE_GLOB, len(scanned), len(outside(scanned, gb))))
    if not CATALOG_DIR.is_dir():
        print("  note: %s does not exist (yet)" % CATALOG_DIR.relative_to(ROOT))
    for rel, why in skipped:
        print("  skipped %s: %s" % (rel, why))
    required = gb | scanned
    extra = set()
    for _label, lo, hi in EXTRA_RANGES:
        extra.update(range(lo, hi + 1))
    extra.update(ord(c) for c in WANTED_SYMBOLS)

    options = make_options()
    results = []
    failed = False
    for ttc, family, style, out_name in FACES:
        src = args.src_dir / ttc
        if not src.is_file():
            sys.exit("error: %s not found (apt-get install %s)" % (src, DEBIAN_PACKAGE))
        idx = find_face(src, family, style)
        font = TTFont(str(src), fontNumber=idx, recalcTimestamp=False, lazy=False)
        src_cmap = font.getBestCmap()
        src_glyphs = len(font.getGlyphOrder())
        modified = font["head"].modified
        name = font["name"]
        version = name.getDebugName(5)
        copyright_ = name.getDebugName(0)
        trademark = name.getDebugName(7)
        wanted = sorted((required | extra) & set(src_cmap))

        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        buf = io.BytesIO()
        subset.save_font(font, buf, options)
        data = buf.getvalue()
        out = args.out_dir / out_name
        changed = write_if_changed(out, data)

        # Verify by loading the written file again.
        check = TTFont(io.BytesIO(data))
        cmap = check.getBestCmap()
        n = check["name"]
        got_family = n.getDebugName(16) or n.getDebugName(1)
        got_style = n.getDebugName(17) or n.getDebugName(2)
        weight = check["OS/2"].usWeightClass
        problems = []
        if got_family != family or got_style != style:
            problems.append("name table says %r / %r" % (got_family, got_style))
        if weight != (700 if style == "Bold" else 400):
            problems.append("OS/2 usWeightClass is %d" % weight)
        if check["head"].modified != modified:
            problems.append("head.modified changed")
        not_in_source = {c for c in required if c not in src_cmap}
        dropped = {c for c in required if c in src_cmap and c not in cmap}
        gb_missing = {c for c in gb if c not in cmap}
        scanned_missing = {c for c in scanned if c not in cmap}
        symbols_missing = {ord(c) for c in WANTED_SYMBOLS if ord(c) not in cmap}
        if dropped or gb_missing - not_in_source or problems:
            failed = True
        results.append(dict(
            out=out, name=out_name, family=family, style=style, face=idx, ttc=ttc,
            size=len(data), sha=sha256(data), glyphs=len(check.getGlyphOrder()),
            src_glyphs=src_glyphs, cps=len(cmap), version=version,
            copyright=copyright_, trademark=trademark, changed=changed,
            gb_missing=gb_missing, scanned_missing=scanned_missing,
            symbols_missing=symbols_missing, dropped=dropped, problems=problems,
        ))
        print("%-28s face #%d of %s: %d glyphs (of %d), %d code points, %s%s"
              % (out_name, idx, ttc, len(check.getGlyphOrder()), src_glyphs, len(cmap),
                 human(len(data)), "" if changed else " (unchanged)"))
        font.close()
        check.close()

    total = sum(r["size"] for r in results)

    # Licence: OFL text from the Debian package, copyright notices from the
    # fonts' own name tables.
    notices = []
    for r in results:
        line = "%s: %s" % (r["family"], r["copyright"])
        if r["copyright"] and line not in notices:
            notices.append(line)
    for r in results:
        if r["trademark"] and r["trademark"] not in notices:
            notices.append(r["trademark"])
    ofl = ofl_text_from_debian(notices)
    ofl_path = args.out_dir / "OFL.txt"
    if ofl is not None:
        write_if_changed(ofl_path, ofl.encode("utf-8"))
    elif not ofl_path.exists():
        print("warning: %s not found and %s missing; add the SIL OFL 1.1 text by hand"
              % (DEBIAN_COPYRIGHT, ofl_path))
        failed = True

    write_if_changed(args.out_dir / "README.md",
                     readme(results, total, gb, scanned, read_files).encode("utf-8"))

    # Report.
    print()
    print("Report")
    print("------")
    for r in results:
        print("%-28s %10d bytes  %5d glyphs  %5d code points  sha256 %s"
              % (r["name"], r["size"], r["glyphs"], r["cps"], r["sha"]))
    print("%-28s %10d bytes  (%s)" % ("total", total, human(total)))
    print()
    for r in results:
        print("%s:" % r["name"])
        print("  GB 2312 missing: %s" % (fmt_cps(r["gb_missing"]) if r["gb_missing"] else "none (all %d present)" % len(gb)))
        print("  catalogs/ + template missing: %s" % (
            fmt_cps(r["scanned_missing"]) + "  <- not in the source font either; typst will fall back to another font or show .notdef"
            if r["scanned_missing"] else "none (all %d present)" % len(scanned)))
        if r["symbols_missing"]:
            print("  wanted symbols not in the source font: %s" % fmt_cps(r["symbols_missing"]))
        if r["dropped"]:
            print("  ERROR: in the source font but dropped by subsetting: %s" % fmt_cps(r["dropped"]))
        for p in r["problems"]:
            print("  ERROR: %s" % p)
    if failed:
        print("\nFAILED (see errors above)")
        return 1
    print("\nOK")
    return 0


def readme(results, total, gb, scanned, read_files):
    deb = debian_version()
    rows = "\n".join(
        "| `%s` | %s | %s | %s | %d | %d | %s |"
        % (r["name"], r["family"], r["style"], r["version"].split(";")[0],
           r["glyphs"], r["cps"], "{:,}".format(r["size"]))
        for r in results
    )
    ranges = "\n".join("  - %s (U+%04X–U+%04X)" % (label, lo, hi) for label, lo, hi in EXTRA_RANGES)
    missing = set()
    for r in results:
        missing |= r["symbols_missing"]
    missing_note = ""
    if missing:
        missing_note = (
            "\nNot available in Noto CJK SC (so not in the subsets; typst falls back to\n"
            "another font if one is loaded): %s\n"
            % " ".join("%s U+%04X" % (chr(c), c) for c in sorted(missing))
        )
    return """# Embedded fonts

<!-- Generated by scripts/subset-fonts.py; edit the script, not this file. -->

These are subsets of the **Noto CJK** fonts (Simplified Chinese faces),
licensed under the SIL Open Font License 1.1 (see `OFL.txt`). gkml embeds
them with `include_bytes!` so the booklet renders Chinese on machines that
have no Chinese fonts installed.

| File | Family | Style | Upstream version | Glyphs | Code points | Bytes |
|---|---|---|---|---|---|---|
{rows}

Total size: {total:,} bytes ({total_h}).

## Source

- Debian package `{pkg}` version `{deb}`
  (`/usr/share/fonts/opentype/noto/*.ttc`), upstream
  <https://github.com/googlefonts/noto-cjk>.
- Upstream font versions are the `name` table version strings above
  (Serif: {serif_v}; Sans: {sans_v}).
- The face is the one named "Noto Serif CJK SC" / "Noto Sans CJK SC" inside
  each TTC collection. Family and style names are unchanged, so typst finds
  them as `"Noto Serif CJK SC"` / `"Noto Sans CJK SC"` with weights regular
  (400) and bold (700).

## Coverage

- All {gb} characters of GB 2312 (every valid double-byte code, decoded
  with Python's `gb2312` codec).
- Every character occurring in `catalogs/` and `src/booklet/*.typ` when the
  subsets were generated ({nscan} distinct characters from {nfiles} files,
  {nextra} of them outside ASCII and GB 2312).
- These Unicode blocks, as far as the fonts cover them:
{ranges}
{missing_note}
OpenType layout features are kept except `locl` (it would pull in the
Japanese/Korean/Traditional Chinese glyph variants, nearly doubling the
size; it does nothing for zh-CN text). Hinting is removed; CFF subroutines
are kept.

## Regenerating

```sh
apt-get install fonts-noto-cjk   # Debian/Ubuntu
pip install fonttools
python3 scripts/subset-fonts.py
```

Rerun it whenever `catalogs/` or the booklet template gain characters. The
output is deterministic (byte-identical on rerun with the same inputs); the
script prints a sha256 per file and lists any character it could not cover.
""".format(
        rows=rows, total=total, total_h=human(total), pkg=DEBIAN_PACKAGE, deb=deb,
        serif_v=next(r["version"] for r in results if "Serif" in r["family"]),
        sans_v=next(r["version"] for r in results if "Sans" in r["family"]),
        gb=len(gb), nscan=len(scanned), nfiles=len(read_files),
        nextra=len(outside(scanned, gb)), ranges=ranges, missing_note=missing_note,
    )


if __name__ == "__main__":
    sys.exit(main())
