"""Score the ``counted`` column of :func:`govstudy.extract_quantities` against hand-checked sentences.

A gold file is a UTF-8 CSV with a header and the columns ``id, sentence, figure, counted, pattern``,
one row per figure: ``figure`` is the figure as written (``200余个``, ``95%``, ``三成``) and occurs
exactly once in ``sentence``; ``counted`` is the answer, a substring of the sentence, alternatives
separated by ``|``, empty when the sentence names nothing (the convention: ``data/README.md``,
"What is counted"). ``pattern`` is a free label for the structure of the sentence.

A gold row is scored on the extracted row whose ``[start, end)`` overlaps the figure's position:
exact string match of ``counted`` with any alternative. A figure that no row overlaps is
``not_extracted`` and counts as a miss.

Used by ``tests/test_extract.py`` and by ``tools/counted_accuracy.py`` (the command line).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("id", "sentence", "figure", "counted", "pattern")


class GoldError(ValueError):
    """A gold file that breaks the format (names the file, the row and the field)."""


@dataclass(frozen=True)
class GoldRow:
    file: str
    line: int  # line of the CSV file (the header is line 1)
    id: str
    sentence: str
    figure: str
    alternatives: tuple[str, ...]  # ("",) when the sentence names nothing
    pattern: str

    @property
    def span(self) -> tuple[int, int]:
        a = self.sentence.index(self.figure)
        return a, a + len(self.figure)


@dataclass(frozen=True)
class Scored:
    gold: GoldRow
    got: str | None  # None: no extracted row overlaps the figure

    @property
    def ok(self) -> bool:
        return self.got is not None and self.got in self.gold.alternatives


def load_gold(path) -> list[GoldRow]:
    """Read and validate a gold file; :class:`GoldError` names the file, row and field of a problem."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in FIELDS if c not in (reader.fieldnames or ())]
        if missing:
            raise GoldError(f"{path}: header lacks column(s) {missing}; expected {list(FIELDS)}")
        rows = []
        ids = set()
        for rec in reader:
            line = reader.line_num

            def bad(field, why, rec=rec, line=line):
                return GoldError(f"{path}: row {line} (id {rec.get('id')!r}), field {field!r}: {why}")

            if None in rec or any(rec[c] is None for c in FIELDS):
                raise bad("id", "wrong number of fields")
            if not rec["id"]:
                raise bad("id", "empty")
            if rec["id"] in ids:
                raise bad("id", "duplicate id")
            ids.add(rec["id"])
            sentence, figure = rec["sentence"], rec["figure"]
            if not sentence:
                raise bad("sentence", "empty")
            if not figure:
                raise bad("figure", "empty")
            k = sentence.count(figure)
            if k != 1:
                raise bad("figure", f"{figure!r} occurs {k} times in the sentence, not exactly once")
            alternatives = tuple(rec["counted"].split("|"))
            if len(alternatives) > 1 and "" in alternatives:
                raise bad("counted", "an empty alternative among others")
            for alt in alternatives:
                if alt not in sentence:
                    raise bad("counted", f"alternative {alt!r} is not a substring of the sentence")
            rows.append(GoldRow(str(path), line, rec["id"], sentence, figure, alternatives, rec["pattern"]))
    return rows


def score(gold: list[GoldRow]) -> list[Scored]:
    """Run the extractor once per sentence and score every gold row."""
    from govstudy.extract import extract_quantities

    frames = {}
    out = []
    for g in gold:
        df = frames.get(g.sentence)
        if df is None:
            df = frames[g.sentence] = extract_quantities(g.sentence)
        a, b = g.span
        hit = df[(df["start"] < b) & (df["end"] > a)]
        out.append(Scored(g, None if hit.empty else str(hit["counted"].iloc[0])))
    return out


def summary(results: list[Scored]) -> str:
    """``counted_exact=<share> (n=<rows>, not_extracted=<k>)``."""
    n = len(results)
    ok = sum(r.ok for r in results)
    missing = sum(r.got is None for r in results)
    share = ok / n if n else float("nan")
    return f"counted_exact={share:.3f} (n={n}, not_extracted={missing})"


def accuracy(results: list[Scored]) -> float:
    return sum(r.ok for r in results) / len(results)


def main(argv=None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        prog="counted_accuracy.py",
        description="Share of hand-checked figures whose `counted` matches the gold answer exactly.",
    )
    parser.add_argument("gold", nargs="+", help="gold CSV file(s): id, sentence, figure, counted, pattern")
    args = parser.parse_args(argv)
    try:
        gold = [row for p in args.gold for row in load_gold(p)]
    except (GoldError, OSError, UnicodeDecodeError) as err:
        print(f"counted_accuracy: {err}", file=sys.stderr)
        return 2
    results = score(gold)
    for r in results:
        if not r.ok:
            g = r.gold
            got = "<not extracted>" if r.got is None else repr(r.got)
            print(f"{g.id}\t{g.sentence}\t{g.figure}\tgold={'|'.join(g.alternatives)!r}\tgot={got}")
    print(summary(results))
    return 0
