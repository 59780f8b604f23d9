"""Case datasets: a folder of CSV files, validated and loaded, whatever its models.

A dataset is a folder of plain UTF-8 CSV files (documented in
``data/README.md``):

``sources.csv``      one row per source document (citation, SHA-256, length or URL)
``models.csv``       (optional) the governance models, labels and colours
``cases.csv``        governance units, their parents and their model
``indicators.csv``   one row per stated figure, kept as an interval, with span
``mechanisms.csv``   case × mechanism, present or not reported, with span
``codebook.csv``     every indicator and mechanism id, defined
``non_quantities.csv`` (optional) numerals in the source that are not figures

Nothing here knows any particular dataset: the models are whatever
``models.csv`` declares, or else the distinct ``cases.model`` values in order
of first appearance. The shipped datasets have their own loaders
(:mod:`govstudy.chengdu`).

Every file is checked when it is loaded (:func:`validate_dataset`); a problem
is reported as ``file:row: field: what is wrong``, where ``row`` is the line
number in the file (the header is line 1).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .intervals import QUALIFIERS, qualifier_interval

__all__ = [
    "OKABE_ITO",
    "model_palette",
    "LEVELS",
    "DIMENSIONS",
    "SCHEMA",
    "Problem",
    "DatasetError",
    "Dataset",
    "validate_dataset",
    "load_dataset",
    "interval_label",
    "dataset_models",
    "models_frame",
    "figures_table",
    "comparability_matrix",
]

#: The Okabe–Ito colour-blind-safe palette, in the order models receive it
#: (the dark yellow first; the pale yellow, weak on white, late).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
)
#: Administrative levels of a case.
LEVELS: tuple[str, ...] = (
    "city", "district", "county", "subdistrict", "town", "village", "community", "compound",
)
#: Dimensions an indicator or mechanism belongs to.
DIMENSIONS: tuple[str, ...] = (
    "context",
    "organisation",
    "participation",
    "service",
    "conflict_resolution",
    "resources",
    "safety",
    "outcome",
)
_UNITS_NON_NEGATIVE_EXCEPT = frozenset({"percent_change"})

# --------------------------------------------------------------------------
# Schema: column -> (type, required). Types: str, int, float, bool, or a
# tuple of allowed strings. "required" False means the cell may be empty.
# --------------------------------------------------------------------------
_BOOL = {"true": True, "false": False}

SCHEMA: dict[str, dict[str, tuple[object, bool]]] = {
    "sources.csv": {
        "source_id": ("str", True),
        "title": ("str", True),
        "outlet": ("str", True),
        "authors": ("str", False),
        "language": ("str", True),
        "published": ("date", False),
        "sha256": ("sha256", False),  # required when the text is held
        "n_chars": ("int", False),  # required when the text is held
        "filename": ("filename", False),  # required when the text is held
        "url": ("str", False),  # required when the text is not held
        "text_held": ("bool", False),  # default true
        "synthetic": ("bool", False),  # true: generated data, not a document (default false)
        "notes": ("str", False),
    },
    "models.csv": {
        "model": ("id", True),
        "label_zh": ("str", False),
        "label_en": ("str", False),
        "description": ("str", False),
        "colour": ("colour", False),
    },
    "cases.csv": {
        "case_id": ("str", True),
        "name_zh": ("str", True),
        "name_en": ("str", True),
        "level": (LEVELS, True),
        "parent_id": ("str", False),
        "model": ("id", False),
        "source_id": ("str", True),
        "city": ("str", False),
        "practice_zh": ("str", False),
    },
    "indicators.csv": {
        "case_id": ("str", True),
        "indicator": ("str", True),
        "value": ("float", True),
        "lower": ("float", True),
        "upper": ("float", True),
        "lower_closed": ("bool", True),
        "upper_closed": ("bool", True),
        "qualifier": (tuple(q for q in QUALIFIERS), False),
        "unit": ("str", True),
        "period": ("str", True),
        "source_id": ("str", True),
        "span_start": ("int", False),  # required when the source's text is held
        "span_end": ("int", False),
        "evidence": ("str", True),
        "note": ("str", False),
    },
    "mechanisms.csv": {
        "case_id": ("str", True),
        "mechanism": ("str", True),
        "present": ("bool", True),
        "span_start": ("int", False),
        "span_end": ("int", False),
        "evidence": ("str", False),
        "source_id": ("str", True),
        "note": ("str", False),
    },
    "codebook.csv": {
        "id": ("str", True),
        "kind": (("indicator", "mechanism"), True),
        "label_zh": ("str", True),
        "label_en": ("str", True),
        "unit": ("str", False),
        "dimension": (DIMENSIONS, True),
        "direction": (("-1", "0", "1", "+1"), True),
        "definition": ("str", True),
    },
    "non_quantities.csv": {
        "source_id": ("str", True),
        "span_start": ("int", True),
        "span_end": ("int", True),
        "surface": ("str", True),
        "reason": (
            ("article", "method_name", "programme_name", "place_name", "duration",
             "date", "schedule", "structure", "ordinal", "word"),
            True,
        ),
        "note": ("str", False),
    },
}
_OPTIONAL_FILES = frozenset({"non_quantities.csv", "models.csv"})
#: Columns a file may leave out altogether (read as empty).
_OPTIONAL_COLUMNS: dict[str, frozenset[str]] = {
    "sources.csv": frozenset({"url", "text_held", "synthetic", "sha256", "n_chars", "filename"}),
    "models.csv": frozenset({"label_zh", "label_en", "description", "colour"}),
    "cases.csv": frozenset({"city", "practice_zh"}),
    "indicators.csv": frozenset({"span_start", "span_end"}),
    "mechanisms.csv": frozenset({"span_start", "span_end"}),
}
_KEYS = {
    "sources.csv": ("source_id",),
    "models.csv": ("model",),
    "cases.csv": ("case_id",),
    "indicators.csv": ("case_id", "indicator", "period", "source_id"),
    "mechanisms.csv": ("case_id", "mechanism"),
    "codebook.csv": ("id",),
    "non_quantities.csv": ("source_id", "span_start"),
}
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


def model_palette(models, colours=None) -> dict[str, str]:
    """One colour per model: the given colour, else the next Okabe–Ito colour.

    Parameters
    ----------
    models : sequence of str
        Model ids in display order.
    colours : mapping of str to str, optional
        Colours fixed by the dataset (``models.csv`` ``colour``); the others
        take the :data:`OKABE_ITO` colours not already used, in order. Past
        eight models the palette repeats (labels still tell models apart).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> model_palette(["a", "b"])
    {'a': '#E69F00', 'b': '#0072B2'}
    >>> model_palette(["a", "b"], {"a": "#0072B2"})
    {'a': '#0072B2', 'b': '#E69F00'}
    """
    colours = {k: v for k, v in dict(colours or {}).items() if isinstance(v, str) and v}
    free = [c for c in OKABE_ITO if c.lower() not in {v.lower() for v in colours.values()}] or list(OKABE_ITO)
    out, i = {}, 0
    for m in models:
        if m in colours:
            out[m] = colours[m]
        else:
            out[m] = free[i % len(free)]
            i += 1
    return out


@dataclass(frozen=True)
class Problem:
    """One validation problem, printed as ``file:row: field: message``."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DatasetError(ValueError):
    """A dataset failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], path: Path | str = ""):
        self.problems = list(problems)
        head = f"dataset {path} has {len(problems)} problem(s):" if path else (
            f"{len(problems)} problem(s):"
        )
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more")
        super().__init__("\n".join([head, *lines]))


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
@dataclass
class _Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, raw cells)
    ragged: list[dict[str, str]] = field(default_factory=list)  # rows with a wrong field count, kept for their keys


def _read_table(name: str, data: bytes, problems: list[Problem], encoding: str = "utf-8") -> _Table | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = ("; it decodes as GB18030/GBK, the encoding Excel uses on Chinese Windows: save it as "
                    "'CSV UTF-8', re-encode it (iconv -f GB18030 -t UTF-8), or read it with --encoding gb18030")
        except UnicodeDecodeError:
            pass
        what = "UTF-8" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else encoding
        problems.append(Problem(name, line, "-", f"not valid {what} (byte {err.start}: {err.reason}){hint}"))
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.append(Problem(name, 1, "-", "file is empty (no header row)"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        records = []
        start = reader.line_num + 1
        for cells in reader:
            records.append((start, cells))  # a quoted field may span lines: name the first
            start = reader.line_num + 1
    except csv.Error as err:
        msg = str(err)
        if "field larger than field limit" in msg:
            msg = (f"a cell is longer than {csv.field_size_limit():,} characters "
                   "(an unclosed quote, or text that belongs in a source file)")
        problems.append(Problem(name, reader.line_num + 1, "-", f"malformed CSV: {msg}"))
        return None
    header = [h.strip() for h in header]
    expected = SCHEMA[name]
    optional = _OPTIONAL_COLUMNS.get(name, frozenset())
    ok = True
    for col in expected:
        if col not in header and col not in optional:
            problems.append(Problem(name, 1, col, "missing required column"))
            ok = False
    for col in header:
        if col not in expected:
            problems.append(Problem(name, 1, col, "unexpected column (not in the schema)"))
    dupes = {c for c in header if header.count(c) > 1}
    for col in sorted(dupes):
        problems.append(Problem(name, 1, col, "column appears more than once"))
        ok = False
    if not ok:
        return None
    rows, ragged = [], []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(header):
            problems.append(
                Problem(name, line, "-", f"has {len(cells)} fields, the header has {len(header)}")
            )
            ragged.append(dict(zip(header, cells)))
            continue
        rows.append((line, dict(zip(header, cells))))
    if not rows and not ragged:
        problems.append(Problem(name, 2, "-", "no data rows"))
    return _Table(name, header, rows, ragged)


_INT_RE = re.compile(r"[+-]?[0-9]+")
_FLOAT_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?inf", re.IGNORECASE)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COLOUR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


def _parse_cell(kind: object, raw: str) -> tuple[object, str | None]:
    """Parse one cell; return (value, error message or None)."""
    if isinstance(kind, tuple):
        return (raw, None) if raw in kind else (raw, f"{raw!r} is not one of {', '.join(kind)}")
    if kind == "str":
        if any(ord(c) < 32 and c not in "\t\n" for c in raw):
            return None, f"{raw!r} holds a control character"
        return raw, None
    if kind == "id":
        if not set(raw) <= _ID_CHARS:
            return None, f"{raw!r} is not an id (letters, digits, _ - . only)"
        return raw, None
    if kind == "int":
        if not _INT_RE.fullmatch(raw):
            return None, f"{raw!r} is not an integer"
        return int(raw), None
    if kind == "float":
        if not _FLOAT_RE.fullmatch(raw):
            return None, f"{raw!r} is not a number"
        x = float(raw)
        if math.isnan(x):  # pragma: no cover - the pattern admits no NaN
            return None, "NaN is not allowed (leave the row out or explain in note)"
        return x, None
    if kind == "bool":
        if raw.lower() in _BOOL:
            return _BOOL[raw.lower()], None
        return None, f"{raw!r} is not true or false"
    if kind == "date":
        try:
            if not _DATE_RE.fullmatch(raw):
                raise ValueError(raw)
            datetime.date.fromisoformat(raw)
            return raw, None
        except ValueError:
            return None, f"{raw!r} is not an ISO date (YYYY-MM-DD)"
    if kind == "sha256":
        if len(raw) == 64 and all(c in "0123456789abcdef" for c in raw):
            return raw, None
        return None, "not a lower-case hex SHA-256 (64 characters)"
    if kind == "colour":
        return (raw, None) if _COLOUR_RE.fullmatch(raw) else (None, f"{raw!r} is not a colour #RRGGBB")
    if kind == "filename":
        bad = (any(ord(c) < 32 for c in raw) or "/" in raw or "\\" in raw or raw in (".", "..")
               or raw.startswith("."))
        if bad:
            return None, (f"{raw!r} is not a plain file name (a name inside the text folder: "
                          "no folders, no '..', no control characters)")
        return raw, None
    raise AssertionError(kind)  # pragma: no cover


def _typed_rows(table: _Table, problems: list[Problem]) -> list[tuple[int, dict[str, object]]]:
    """Type-check every cell; rows with a bad cell are kept out of later checks."""
    schema = SCHEMA[table.name]
    out = []
    for line, raw in table.rows:
        typed: dict[str, object] = {}
        good = True
        for col, (kind, required) in schema.items():
            if col not in raw:  # an optional column the file leaves out
                typed[col] = None
                continue
            cell = raw[col].strip()
            if cell != raw[col]:
                problems.append(Problem(table.name, line, col, "leading or trailing spaces"))
                good = False
            if cell == "":
                if required:
                    problems.append(Problem(table.name, line, col, "empty, but required"))
                    good = False
                typed[col] = None
                continue
            value, err = _parse_cell(kind, cell)
            if err:
                problems.append(Problem(table.name, line, col, err))
                good = False
            typed[col] = value
        if good:
            out.append((line, typed))
    return out


# --------------------------------------------------------------------------
# Checks across rows and tables
# --------------------------------------------------------------------------
def _check_keys(name: str, rows, problems: list[Problem]) -> None:
    seen: dict[tuple, int] = {}
    key = _KEYS[name]
    for line, r in rows:
        k = tuple(r[c] for c in key)
        if k in seen:
            problems.append(
                Problem(name, line, "+".join(key), f"duplicate key {k} (first at line {seen[k]})")
            )
        else:
            seen[k] = line


def _check_fk(name, rows, col, allowed: set, target: str, problems, *, optional=False) -> None:
    for line, r in rows:
        v = r[col]
        if v is None and optional:
            continue
        if v not in allowed:
            problems.append(Problem(name, line, col, f"{v!r} is not {target}"))


def _check_span(name, line, r, n_chars: dict, problems, text: dict | None, evidence_col: str):
    s, e, sid = r["span_start"], r["span_end"], r["source_id"]
    if s is None or e is None:
        return
    if not 0 <= s < e:
        problems.append(Problem(name, line, "span_start", f"span [{s}, {e}) is empty or negative"))
        return
    if sid in n_chars and e > n_chars[sid]:
        problems.append(
            Problem(name, line, "span_end", f"{e} is past the end of source {sid} ({n_chars[sid]} characters)")
        )
        return
    ev = r[evidence_col]
    if ev is not None and len(ev) != e - s:
        problems.append(
            Problem(name, line, evidence_col, f"has {len(ev)} characters but the span has {e - s}")
        )
    if text is not None and sid in text and ev is not None and text[sid][s:e] != ev:
        problems.append(
            Problem(name, line, evidence_col, f"{ev!r} differs from the source text at [{s}, {e}): {text[sid][s:e]!r}")
        )


def _close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _check_interval(line, r, problems: list[Problem]) -> None:
    name = "indicators.csv"
    v, lo, hi = r["value"], r["lower"], r["upper"]
    q = r["qualifier"] or ""
    if lo > hi:
        problems.append(Problem(name, line, "lower", f"lower {lo} exceeds upper {hi}"))
        return
    if math.isinf(lo) and r["lower_closed"] or math.isinf(hi) and r["upper_closed"]:
        problems.append(Problem(name, line, "lower_closed", "an infinite bound cannot be closed"))
    if q and q not in r["evidence"]:
        problems.append(Problem(name, line, "qualifier", f"{q!r} does not occur in the evidence {r['evidence']!r}"))
    if QUALIFIERS.get(q) in ("range", "several", "several_tens"):
        if not lo <= v <= hi:
            problems.append(Problem(name, line, "value", f"{v} lies outside [{lo}, {hi}]"))
        return
    try:
        exp = qualifier_interval(
            v, q, unit=r["unit"], non_negative=r["unit"] not in _UNITS_NON_NEGATIVE_EXCEPT
        )
    except ValueError as err:
        problems.append(Problem(name, line, "value", str(err)))
        return
    got = (lo, hi, r["lower_closed"], r["upper_closed"])
    want = (exp.lower, exp.upper, exp.lower_closed, exp.upper_closed)
    if not (_close(got[0], want[0]) and _close(got[1], want[1]) and got[2:] == want[2:]):
        problems.append(
            Problem(name, line, "lower/upper",
                    f"interval {interval_label(*got)} does not follow the convention for qualifier {q!r} "
                    f"on value {v:g}: expected {interval_label(*want)}")
        )


def validate_dataset(path: str | Path, *, text_dir: str | Path | None = None,
                     encoding: str = "utf-8") -> list[Problem]:
    """Check a dataset folder; return every problem found (empty when clean).

    Each problem is reported once, at its cause: a row dropped for a bad cell
    still counts as a key for the rows that refer to it, so one bad cell in
    ``sources.csv`` gives one problem, not one per figure of that source.

    Parameters
    ----------
    path : str or Path
        Folder holding the CSV files.
    text_dir : str or Path, optional
        Folder holding the source texts (``sources.csv`` ``filename``, a plain
        file name inside this folder). When given, each evidence of a source
        whose text is held must equal the text at its span, and each file's
        SHA-256 and length must match ``sources.csv``.
    encoding : str, default "utf-8"
        Encoding of the CSV files (e.g. ``"gb18030"`` for files saved by
        Excel on Chinese Windows). Source texts are always UTF-8.

    Returns
    -------
    list of Problem
        Sorted by file and row.

    Examples
    --------
    >>> from govstudy.chengdu import chengdu_path
    >>> validate_dataset(chengdu_path())
    []
    >>> [str(p) for p in validate_dataset("/nonexistent")]
    ['/nonexistent: folder not found']
    """
    folder = Path(path)
    problems: list[Problem] = []
    if not folder.exists():
        return [Problem(str(folder), 0, "", "folder not found")]
    if not folder.is_dir():
        return [Problem(str(folder), 0, "", "is not a folder")]
    tables: dict[str, list] = {}
    raw: dict[str, _Table] = {}
    for name in SCHEMA:
        f = folder / name
        if not f.exists():
            if name not in _OPTIONAL_FILES:
                problems.append(Problem(name, 0, "", "file missing"))
            continue
        if not f.is_file():
            problems.append(Problem(name, 0, "", "is not a regular file (a folder, pipe or device?)"))
            continue
        try:
            data = f.read_bytes()
        except OSError as err:
            problems.append(Problem(name, 0, "", f"cannot be read: {err.strerror or err}"))
            continue
        try:
            table = _read_table(name, data, problems, encoding)
        except LookupError:
            return [Problem(str(folder), 0, "", f"unknown encoding {encoding!r}")]
        if table is not None:
            raw[name] = table
            tables[name] = _typed_rows(table, problems)
            _check_keys(name, tables[name], problems)
    if all(n in tables for n in SCHEMA if n not in _OPTIONAL_FILES):
        _cross_checks(tables, raw, problems, text_dir)
    return sorted(problems, key=lambda p: (p.file, p.row))


def _raw_ids(table: _Table | None, col: str) -> set[str]:
    """Every non-empty value of ``col`` as written, also in rows dropped for another bad cell."""
    if table is None:
        return set()
    cells = [r for _, r in table.rows] + table.ragged
    return {r[col].strip() for r in cells if r.get(col, "").strip()}


def dataset_models(cases_models, declared=None) -> list[str]:
    """The models of a dataset, in display order.

    ``declared`` (the ``model`` column of ``models.csv``) when given, else the
    distinct non-empty ``cases.model`` values in order of first appearance.

    Examples
    --------
    >>> dataset_models(["b", None, "a", "b"])
    ['b', 'a']
    >>> dataset_models(["b", "a"], declared=["a", "b", "c"])
    ['a', 'b', 'c']
    """
    if declared is not None:
        return [str(m) for m in declared]
    seen: dict[str, None] = {}
    for m in cases_models:
        if isinstance(m, str) and m:
            seen.setdefault(m, None)
    return list(seen)


def _cross_checks(tables: dict[str, list], raw: dict[str, _Table], problems: list[Problem], text_dir) -> None:
    sources, cases = tables["sources.csv"], tables["cases.csv"]
    inds, mechs, cb = tables["indicators.csv"], tables["mechanisms.csv"], tables["codebook.csv"]
    source_ids = _raw_ids(raw["sources.csv"], "source_id")
    case_ids = _raw_ids(raw["cases.csv"], "case_id")
    ind_ids = {r["id"].strip() for _, r in raw["codebook.csv"].rows if r.get("kind", "").strip() == "indicator"}
    mech_ids = {r["id"].strip() for _, r in raw["codebook.csv"].rows if r.get("kind", "").strip() == "mechanism"}
    model_cases = {r["case_id"].strip() for _, r in raw["cases.csv"].rows if r.get("model", "").strip()}
    held = {r["source_id"]: (r["text_held"] is not False) for _, r in sources}
    kinds = {bool(r["synthetic"]) for _, r in sources}
    if len(kinds) > 1:
        line = next(line for line, r in sources if bool(r["synthetic"]))
        problems.append(Problem("sources.csv", line, "synthetic",
                                "synthetic and observed sources in one dataset: synthetic data never mix "
                                "with observed data"))
    n_chars = {r["source_id"]: r["n_chars"] for _, r in sources if r["n_chars"] is not None and r["n_chars"] >= 0}

    for line, r in sources:
        if held[r["source_id"]]:
            for col in ("filename", "sha256", "n_chars"):
                if r[col] is None:
                    problems.append(Problem("sources.csv", line, col,
                                            "empty, but required when the text is held (text_held true)"))
            if r["n_chars"] is not None and r["n_chars"] < 0:
                problems.append(Problem("sources.csv", line, "n_chars", f"{r['n_chars']} is negative"))
        elif not r["url"]:
            problems.append(Problem("sources.csv", line, "url",
                                    "empty, but a source whose text is not held needs its URL"))

    if "models.csv" in raw:
        declared = _raw_ids(raw["models.csv"], "model")
        listed = ", ".join(r["model"] for _, r in tables["models.csv"]) or "none"
        for line, r in cases:
            if r["model"] is not None and r["model"] not in declared:
                problems.append(Problem("cases.csv", line, "model",
                                        f"{r['model']!r} is not a model of models.csv ({listed})"))

    texts = _read_texts(sources, text_dir, problems) if text_dir is not None else None

    _check_fk("cases.csv", cases, "parent_id", case_ids, "a case_id in cases.csv", problems, optional=True)
    parent = {r["case_id"]: r["parent_id"] for _, r in cases}
    for line, r in cases:
        seen, p = {r["case_id"]}, r["parent_id"]
        while p is not None and p in parent:
            if p in seen:
                problems.append(Problem("cases.csv", line, "parent_id",
                                        "a cycle: the case is its own ancestor" if p == r["case_id"]
                                        else f"leads into a cycle of parents at {p!r}"))
                break
            seen.add(p)
            p = parent[p]
    for name, rows in (("cases.csv", cases), ("indicators.csv", inds), ("mechanisms.csv", mechs)):
        _check_fk(name, rows, "source_id", source_ids, "a source_id in sources.csv", problems)
    _check_fk("indicators.csv", inds, "case_id", case_ids, "a case_id in cases.csv", problems)
    _check_fk("mechanisms.csv", mechs, "case_id", model_cases, "a case with a model in cases.csv", problems)
    _check_fk("indicators.csv", inds, "indicator", ind_ids, "an indicator id in codebook.csv", problems)
    _check_fk("mechanisms.csv", mechs, "mechanism", mech_ids, "a mechanism id in codebook.csv", problems)
    units = {r["id"]: r["unit"] for _, r in cb}
    for line, r in inds:
        if not math.isfinite(r["value"]):
            problems.append(Problem("indicators.csv", line, "value",
                                    f"{r['value']} is not a finite number: a stated figure is finite "
                                    "(an open end belongs in lower/upper)"))
            continue
        _check_interval(line, r, problems)
        _check_needs_span("indicators.csv", line, r, held, problems)
        _check_span("indicators.csv", line, r, n_chars, problems, texts, "evidence")
        if r["indicator"] in units and units[r["indicator"]] and units[r["indicator"]] != r["unit"]:
            problems.append(Problem("indicators.csv", line, "unit",
                                    f"{r['unit']!r} differs from the codebook unit {units[r['indicator']]!r}"))
    for line, r in mechs:
        if r["present"] and not r["evidence"]:
            problems.append(Problem("mechanisms.csv", line, "evidence",
                                    "a present mechanism needs its evidence (the words naming it)"))
        if r["present"]:
            _check_needs_span("mechanisms.csv", line, r, held, problems)
        if not r["present"] and (r["span_start"] is not None or r["evidence"]):
            problems.append(Problem("mechanisms.csv", line, "present", "false (not reported) but a span or evidence is given"))
        _check_span("mechanisms.csv", line, r, n_chars, problems, texts, "evidence")
    for line, r in tables.get("non_quantities.csv", []):
        if r["source_id"] not in source_ids:
            problems.append(Problem("non_quantities.csv", line, "source_id", f"{r['source_id']!r} is not a source_id in sources.csv"))
            continue
        _check_span("non_quantities.csv", line, r, n_chars, problems, texts, "surface")


def _check_needs_span(name, line, r, held: dict, problems: list[Problem]) -> None:
    has = r["span_start"] is not None and r["span_end"] is not None
    if held.get(r["source_id"], False) and not has:
        problems.append(Problem(name, line, "span_start",
                                f"empty, but source {r['source_id']!r} has its text held: give the span"))
    elif r["source_id"] in held and not held[r["source_id"]] and (r["span_start"] is not None or r["span_end"] is not None):
        problems.append(Problem(name, line, "span_start",
                                f"source {r['source_id']!r} has no text held (text_held false): leave the span empty"))


def _read_texts(sources, text_dir, problems) -> dict[str, str]:
    texts = {}
    folder = Path(text_dir)
    for line, r in sources:
        if r["text_held"] is False or r["filename"] is None:
            continue
        f = folder / r["filename"]
        if not f.is_file():
            problems.append(Problem("sources.csv", line, "filename", f"{f} not found"))
            continue
        data = f.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != r["sha256"]:
            problems.append(Problem("sources.csv", line, "sha256", f"{f} has SHA-256 {digest}"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem("sources.csv", line, "filename", f"{f} is not valid UTF-8"))
            continue
        if text.startswith("\ufeff"):
            problems.append(Problem("sources.csv", line, "filename",
                                    f"{f} starts with a byte-order mark (U+FEFF): every span is shifted by one "
                                    "character; save the text without BOM (spans count from its first real "
                                    "character); its evidence is not checked until then"))
            continue
        if len(text) != r["n_chars"]:
            problems.append(Problem("sources.csv", line, "n_chars", f"{f} has {len(text)} characters"))
        texts[r["source_id"]] = text
    return texts


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------
@dataclass
class Dataset:
    """A loaded, validated case dataset.

    Attributes
    ----------
    cases, indicators, mechanisms, codebook, sources, non_quantities : DataFrame
        The tables, typed: ``model`` is an ordered categorical over the
        dataset's models; interval bounds are float with ±inf; flags are bool.
        ``indicators`` and ``mechanisms`` carry the case's ``model``.
        ``mechanisms`` holds the rows the file gives: a case × mechanism pair
        without a row is *not reported*, exactly like ``present = false``.
    path : Path
        The folder the dataset was read from.
    DESCR : str
        A description of the data (the folder's README.md).
    synthetic : bool
        True for generated (teaching, benchmark) data: every table and figure
        made from it says so.
    models : DataFrame
        One row per model, in display order: ``model``, ``label_zh``,
        ``label_en``, ``description``, ``colour`` (from ``models.csv``, else
        derived from ``cases.model`` with the Okabe–Ito palette).
    """

    cases: pd.DataFrame
    indicators: pd.DataFrame
    mechanisms: pd.DataFrame
    codebook: pd.DataFrame
    sources: pd.DataFrame
    non_quantities: pd.DataFrame
    path: Path
    DESCR: str = ""
    synthetic: bool = False
    models: pd.DataFrame | None = None

    def __post_init__(self):
        if self.models is None:
            self.models = models_frame(dataset_models(self.cases["model"].astype(object)))

    @property
    def model_ids(self) -> list[str]:
        """The model ids in display order."""
        return [str(m) for m in self.models["model"]]

    @property
    def palette(self) -> dict[str, str]:
        """Model id → colour, the same in every figure made from this dataset."""
        return dict(zip(self.model_ids, self.models["colour"].astype(str)))

    @property
    def model_labels(self) -> dict[str, str]:
        """Model id → display label (``label_zh / label_en``, or the id)."""
        out = {}
        for r in self.models.itertuples(index=False):
            parts = [str(x) for x in (r.label_zh, r.label_en) if isinstance(x, str) and x]
            out[str(r.model)] = " / ".join(parts) if parts else str(r.model)
        return out

    @property
    def name(self) -> str:
        """The dataset's title: the first ``# `` heading of its README, else the folder name."""
        for line in self.DESCR.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.path.name

    @property
    def citation(self) -> str:
        """How to cite the source(s) of this dataset, one line per source."""
        parts = []
        for r in self.sources.itertuples():
            authors = f"{r.authors.replace('; ', ', ')}. " if isinstance(r.authors, str) and r.authors else ""
            published = f", {r.published}" if isinstance(r.published, str) and r.published else ""
            url = f" {r.url}" if isinstance(getattr(r, "url", None), str) and r.url else ""
            parts.append(f"{authors}{r.title}. {r.outlet}{published}.{url}")
        return "\n".join(parts)

    def cases_of(self, model: str) -> list[str]:
        """The case ids of one model, in file order."""
        return self.cases.loc[self.cases["model"].astype(object) == model, "case_id"].astype(str).tolist()

    def describe(self) -> str:
        """A short plain-text summary: cases per model and figures per case.

        Examples
        --------
        >>> from govstudy.chengdu import load_chengdu
        >>> print(load_chengdu().describe())  # doctest: +ELLIPSIS
        Dataset The Chengdu governance dataset: 13 units, 7 cases in 3 models; 32 figures (11 intervals), 26 mechanisms reported.
        ...
        """
        cases = self.cases.dropna(subset=["model"])
        n_int = int((~(self.indicators["lower"] == self.indicators["upper"])).sum())
        synthetic = "SYNTHETIC " if self.synthetic else ""
        lines = [
            f"{synthetic}Dataset {self.name}: {len(self.cases)} units, {len(cases)} cases in "
            f"{cases['model'].nunique()} models; {len(self.indicators)} figures ({n_int} intervals), "
            f"{int(self.mechanisms['present'].sum())} mechanisms reported."
        ]
        for model, grp in cases.groupby("model", observed=True):
            ids = list(grp["case_id"])
            n = int(self.indicators["case_id"].isin(ids).sum())
            names = ", ".join(grp["name_zh"])
            lines.append(f"  {model}: {len(ids)} case(s) ({names}); {n} figures")
        return "\n".join(lines)

    def copy(self) -> Dataset:
        """A copy whose frames may be modified without touching this one."""
        return Dataset(**{k: (v.copy() if isinstance(v, pd.DataFrame) else v) for k, v in vars(self).items()})

    def __repr__(self) -> str:
        return f"<govstudy Dataset {self.path.name!r}: {len(self.cases)} units, {len(self.indicators)} figures>"


def models_frame(models, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``models`` table of a dataset: declared rows, or one row per model id, coloured.

    Examples
    --------
    >>> models_frame(["a", "b"])[["model", "label_en", "colour"]].values.tolist()
    [['a', 'a', '#E69F00'], ['b', 'b', '#0072B2']]
    """
    cols = ["model", "label_zh", "label_en", "description", "colour"]
    if table is None:
        table = pd.DataFrame({"model": list(models)})
    out = table.copy()
    for c in cols:
        if c not in out.columns:
            out[c] = pd.NA
    out = out[cols].astype("string")
    out["label_en"] = out["label_en"].fillna(out["model"])
    given = {m: c for m, c in zip(out["model"], out["colour"]) if isinstance(c, str)}
    out["colour"] = list(model_palette(list(out["model"]), given).values())
    return out.reset_index(drop=True)


def _frame(name: str, rows: list, columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame([r for _, r in rows], columns=columns)
    for col, (kind, _) in SCHEMA[name].items():
        if kind == "bool":
            df[col] = df[col].astype("boolean") if df[col].isna().any() else df[col].astype(bool)
        elif kind == "float":
            df[col] = df[col].astype(float)
        elif kind == "int":
            df[col] = df[col].astype("Int64") if df[col].isna().any() else df[col].astype("int64")
        else:
            df[col] = df[col].astype("string")
    return df


def load_dataset(path: str | Path, *, text_dir: str | Path | None = None, encoding: str = "utf-8") -> Dataset:
    """Load and validate a dataset folder.

    Parameters
    ----------
    path : str or Path
        Folder with the CSV files described in ``data/README.md``.
    text_dir : str or Path, optional
        Source-text folder: also check evidence against the text.
    encoding : str, default "utf-8"
        Encoding of the CSV files.

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Listing every problem as ``file:row: field: what is wrong``.

    Examples
    --------
    >>> from govstudy.chengdu import chengdu_path
    >>> ds = load_dataset(chengdu_path())
    >>> ds.indicators.loc[ds.indicators.evidence == "3.4万余人", ["lower", "upper"]].to_numpy().tolist()
    [[34000.0, 35000.0]]
    >>> ds.model_ids
    ['acquaintance', 'four_micro', 'partner']
    """
    folder = Path(path)
    problems = validate_dataset(folder, text_dir=text_dir, encoding=encoding)
    if problems:
        raise DatasetError(problems, folder)
    tables = {}
    for name, schema in SCHEMA.items():
        f = folder / name
        if not f.is_file():
            tables[name] = _frame(name, [], list(schema))
            continue
        table = _read_table(name, f.read_bytes(), [], encoding)
        tables[name] = _frame(name, _typed_rows(table, []), list(schema))
    cases = tables["cases.csv"]
    declared = tables["models.csv"] if (folder / "models.csv").is_file() else None
    models = models_frame(dataset_models(cases["model"].astype(object),
                                         None if declared is None else declared["model"]), declared)
    order = list(models["model"])
    cases["model"] = pd.Categorical(cases["model"].astype(object), categories=order, ordered=True)
    src = tables["sources.csv"]
    src["text_held"] = src["text_held"].fillna(True).astype(bool)
    src["synthetic"] = src["synthetic"].fillna(False).astype(bool)
    cb = tables["codebook.csv"]
    cb["direction"] = cb["direction"].astype(str).str.replace("+", "", regex=False).astype(int)
    model_of = cases.set_index("case_id")["model"]
    inds, mechs = tables["indicators.csv"], tables["mechanisms.csv"]
    inds["qualifier"] = inds["qualifier"].fillna("")  # '' = a plain number
    for df in (inds, mechs):
        df["model"] = pd.Categorical(df["case_id"].map(model_of).astype(object), categories=order, ordered=True)
    descr = ""
    readme = folder / "README.md"
    if readme.is_file():
        descr = readme.read_text(encoding="utf-8")
    if len(src) and src["synthetic"].all():  # tables and figures made from them say so
        for df in (cases, inds, mechs):
            df.attrs["synthetic"] = True
    return Dataset(
        cases=cases,
        indicators=inds,
        mechanisms=mechs,
        codebook=cb,
        sources=src,
        non_quantities=tables["non_quantities.csv"],
        path=folder,
        DESCR=descr,
        synthetic=bool(len(src) and src["synthetic"].all()),
        models=models,
    )


def interval_label(lower: float, upper: float, lower_closed: bool, upper_closed: bool,
                   digits: int = 12) -> str:
    """Interval in mathematical notation: the project's one interval formatter.

    ``(`` and ``)`` exclude a bound, ``[`` and ``]`` include it; infinite
    bounds are written ``−∞`` and ``+∞``; a closed single point ``[v, v]`` is
    written ``v``.

    Parameters
    ----------
    lower, upper : float
        The bounds (``±inf`` allowed).
    lower_closed, upper_closed : bool
        Whether each bound belongs to the interval.
    digits : int, default 12
        Significant digits of each finite bound (format ``".{digits}g"``).
        The default prints stated figures exactly; derived bounds (ratios)
        read better with fewer, e.g. ``digits=6``.

    Returns
    -------
    str

    Examples
    --------
    >>> interval_label(34000, 35000, False, False)
    '(34000, 35000)'
    >>> interval_label(20, 20, True, True)
    '20'
    >>> interval_label(400, math.inf, False, False)
    '(400, +∞)'
    >>> interval_label(400 / 3, math.inf, False, False, digits=6)
    '(133.333, +∞)'
    """
    if digits < 1:
        raise ValueError(f"interval_label: digits must be at least 1, got {digits}")
    spec = f".{int(digits)}g"
    if lower == upper and lower_closed and upper_closed:
        return format(lower, spec)
    lo = "−∞" if math.isinf(lower) else format(lower, spec)
    hi = "+∞" if math.isinf(upper) else format(upper, spec)
    return f"{'[' if lower_closed else '('}{lo}, {hi}{']' if upper_closed else ')'}"


def figures_table(ds: Dataset) -> pd.DataFrame:
    """Every figure with its case, model, label, interval and evidence (one row each).

    Examples
    --------
    >>> from govstudy import load_chengdu
    >>> figures_table(load_chengdu()).iloc[0][["name_zh", "interval", "evidence"]].tolist()
    ['巷子树社区', '(400, +∞)', '超过400人次']
    """
    ind = ds.indicators.merge(ds.cases[["case_id", "name_zh", "name_en"]], on="case_id", how="left")
    ind = ind.merge(
        ds.codebook[["id", "label_en", "label_zh", "dimension"]].rename(columns={"id": "indicator"}),
        on="indicator", how="left",
    )
    ind["interval"] = [
        interval_label(*t) for t in ind[["lower", "upper", "lower_closed", "upper_closed"]].itertuples(index=False)
    ]
    cols = ["model", "case_id", "name_zh", "name_en", "indicator", "label_en", "label_zh", "dimension",
            "value", "interval", "lower", "upper", "lower_closed", "upper_closed", "qualifier", "unit",
            "period", "span_start", "span_end", "evidence"]
    return ind[cols].reset_index(drop=True)


def comparability_matrix(ds: Dataset) -> pd.DataFrame:
    """Indicator × case table of which figures are reported (True/False).

    Columns are the cases with a model, ordered by model; rows are indicator
    ids with the number of models reporting them (``n_models``) first.

    Examples
    --------
    >>> from govstudy import load_chengdu
    >>> m = comparability_matrix(load_chengdu())
    >>> m.loc[m["n_models"] >= 2].index.tolist()
    ['parking_spaces_added', 'resident_population']
    """
    cases = ds.cases.dropna(subset=["model"]).sort_values("model", kind="stable")
    ids = list(cases["case_id"])
    present = pd.crosstab(ds.indicators["indicator"], ds.indicators["case_id"]).reindex(columns=ids, fill_value=0) > 0
    model_of = cases.set_index("case_id")["model"]
    n_models = present.apply(lambda row: model_of[row[row].index].nunique(), axis=1)
    out = present.copy()
    out.insert(0, "n_models", n_models.astype(int))
    out = out.sort_values(["n_models"], ascending=False, kind="stable")
    out.columns.name = None
    return out
