"""Build the CJK fallback font shipped in ``src/govstudy/fonts/``.

Subsets Noto Sans CJK SC Regular (SIL OFL 1.1, Debian package
``fonts-noto-cjk``) to the characters govstudy needs:

* GB2312 (all 94x94 rows: symbols, level-1 and level-2 hanzi, 6763 hanzi),
* printable ASCII, Latin-1 punctuation, General Punctuation, CJK Symbols and
  Punctuation, Halfwidth and Fullwidth Forms,
* every character in the shipped datasets (``src/govstudy/data/**/*.csv``) and in
  the package sources (``src/govstudy/**/*.py``).

The family is renamed (OFL: a Modified Version must not be confused with the
original), hinting is dropped, a single weight (Regular) is kept.

Run (fontTools comes with matplotlib)::

    apt-get install fonts-noto-cjk
    .venv/bin/python tools/make_cjk_subset.py

Re-run it when new data text needs a character outside GB2312; the test
``tests/test_plots.py::test_shipped_font_covers_data`` says so when needed.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE_TTC = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = ROOT / "src" / "govstudy" / "fonts" / "NotoSansSC-govstudy-subset.otf"
FAMILY = "Noto Sans SC govstudy subset"


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted_chars() -> set[str]:
    chars = gb2312_chars()
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF),
              (0x2200, 0x22FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    for a, b in ranges:
        chars.update(chr(c) for c in range(a, b + 1))
    files = sorted((ROOT / "src" / "govstudy" / "data").rglob("*.csv"))  # every shipped dataset
    files += sorted((ROOT / "src" / "govstudy").rglob("*.py"))
    for f in files:
        chars.update(f.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == " "}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=pathlib.Path, default=SOURCE_TTC)
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    args = ap.parse_args(argv)

    collection = TTCollection(str(args.source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    cmap = font.getBestCmap()
    chars = wanted_chars()
    present = sorted(c for c in chars if ord(c) in cmap)

    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []  # matplotlib does no OpenType shaping
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.name_languages = [0x409]
    opts.notdef_outline = True
    opts.drop_tables += ["VORG", "vhea", "vmtx"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in present])
    sub.subset(font)

    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            rec.string = FAMILY
        elif rec.nameID == 3:
            rec.string = FAMILY + ";2.004"
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "") + "-Regular"
    name.names = [r for r in name.names if r.nameID not in (16, 17)]
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = FAMILY
    font.recalcTimestamp = False  # same input -> same bytes
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.out))
    print(f"{args.out}: {args.out.stat().st_size} bytes, {len(present)} characters "
          f"({len(chars) - len(present)} requested characters not in the source font)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
