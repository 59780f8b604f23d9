"""Case datasets: the embedded Chengdu data and user datasets of the same format.

A dataset is a folder of plain UTF-8 CSV files (documented in
``data/README.md``):

``sources.csv``      one row per source document (citation, SHA-256, length)
``cases.csv``        governance units, their parents and their model
``indicators.csv``   one row per stated figure, kept as an interval, with span
``mechanisms.csv``   case × mechanism, present or not reported, with span
``codebook.csv``     every indicator and mechanism id, defined
``non_quantities.csv`` (optional) numerals in the source that are not figures

Every file is checked when it is loaded (:func:`validate_dataset`); a problem
is reported as ``file:row: field: what is wrong``, where ``row`` is the line
number in the file (the header is line 1).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .intervals import QUALIFIERS, qualifier_interval

__all__ = [
    "MODELS",
    "LEVELS",
    "DIMENSIONS",
    "SCHEMA",
    "Problem",
    "DatasetError",
    "Dataset",
    "validate_dataset",
    "load_dataset",
    "load_chengdu",
    "chengdu_path",
    "interval_label",
    "figures_table",
    "comparability_matrix",
]

#: The three governance models, in display order.
MODELS: tuple[str, ...] = ("acquaintance", "four_micro", "partner")
#: Administrative levels of a case.
LEVELS: tuple[str, ...] = ("district", "subdistrict", "community", "compound")
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
        "sha256": ("sha256", True),
        "n_chars": ("int", True),
        "filename": ("str", True),
        "notes": ("str", False),
    },
    "cases.csv": {
        "case_id": ("str", True),
        "name_zh": ("str", True),
        "name_en": ("str", True),
        "level": (LEVELS, True),
        "parent_id": ("str", False),
        "model": (MODELS, False),
        "source_id": ("str", True),
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
        "span_start": ("int", True),
        "span_end": ("int", True),
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
_OPTIONAL_FILES = frozenset({"non_quantities.csv"})
_KEYS = {
    "sources.csv": ("source_id",),
    "cases.csv": ("case_id",),
    "indicators.csv": ("case_id", "indicator", "period"),
    "mechanisms.csv": ("case_id", "mechanism"),
    "codebook.csv": ("id",),
    "non_quantities.csv": ("source_id", "span_start"),
}


@dataclass(frozen=True)
class Problem:
    """One validation problem, printed as ``file:row: field: message``."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.field}: {self.message}"


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


def _read_table(name: str, data: bytes, problems: list[Problem]) -> _Table | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem(name, line, "-", f"not valid UTF-8 (byte {err.start}: {err.reason})"))
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
        problems.append(Problem(name, reader.line_num, "-", f"malformed CSV: {err}"))
        return None
    header = [h.strip() for h in header]
    expected = SCHEMA[name]
    ok = True
    for col in expected:
        if col not in header:
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
    rows = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(header):
            problems.append(
                Problem(name, line, "-", f"has {len(cells)} fields, the header has {len(header)}")
            )
            continue
        rows.append((line, dict(zip(header, cells))))
    if not rows:
        problems.append(Problem(name, 2, "-", "no data rows"))
    return _Table(name, header, rows)


def _parse_cell(kind: object, raw: str) -> tuple[object, str | None]:
    """Parse one cell; return (value, error message or None)."""
    if isinstance(kind, tuple):
        return (raw, None) if raw in kind else (raw, f"{raw!r} is not one of {', '.join(kind)}")
    if kind == "str":
        return raw, None
    if kind == "int":
        try:
            return int(raw), None
        except ValueError:
            return None, f"{raw!r} is not an integer"
    if kind == "float":
        try:
            x = float(raw)
        except ValueError:
            return None, f"{raw!r} is not a number"
        if math.isnan(x):
            return None, "NaN is not allowed (leave the row out or explain in note)"
        return x, None
    if kind == "bool":
        if raw.lower() in _BOOL:
            return _BOOL[raw.lower()], None
        return None, f"{raw!r} is not true or false"
    if kind == "date":
        try:
            pd.Timestamp(raw)
            return raw, None
        except ValueError:
            return None, f"{raw!r} is not an ISO date (YYYY-MM-DD)"
    if kind == "sha256":
        if len(raw) == 64 and all(c in "0123456789abcdef" for c in raw):
            return raw, None
        return None, "not a lower-case hex SHA-256 (64 characters)"
    raise AssertionError(kind)  # pragma: no cover


def _typed_rows(table: _Table, problems: list[Problem]) -> list[tuple[int, dict[str, object]]]:
    """Type-check every cell; rows with a bad cell are kept out of later checks."""
    schema = SCHEMA[table.name]
    out = []
    for line, raw in table.rows:
        typed: dict[str, object] = {}
        good = True
        for col, (kind, required) in schema.items():
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
            problems.append(Problem(name, line, col, f"{v!r} is not a {target}"))


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


def validate_dataset(path: str | Path | None = None, *, text_dir: str | Path | None = None) -> list[Problem]:
    """Check a dataset folder; return every problem found (empty when clean).

    Parameters
    ----------
    path : str or Path, optional
        Folder holding the CSV files. Default: the embedded Chengdu data.
    text_dir : str or Path, optional
        Folder holding the source texts (``sources.csv`` ``filename``). When
        given, each evidence must equal the source text at its span and each
        file's SHA-256 and length must match ``sources.csv``.

    Returns
    -------
    list of Problem

    Examples
    --------
    >>> validate_dataset()
    []
    """
    folder = Path(path) if path is not None else chengdu_path()
    problems: list[Problem] = []
    if not folder.is_dir():
        return [Problem(str(folder), 0, "-", "is not a folder")]
    tables: dict[str, list] = {}
    for name in SCHEMA:
        f = folder / name
        if not f.is_file():
            if name not in _OPTIONAL_FILES:
                problems.append(Problem(name, 0, "-", "file missing"))
            continue
        table = _read_table(name, f.read_bytes(), problems)
        if table is not None:
            tables[name] = _typed_rows(table, problems)
            _check_keys(name, tables[name], problems)
    if any(n not in tables for n in SCHEMA if n not in _OPTIONAL_FILES):
        return problems  # cross-table checks need every table
    _cross_checks(tables, problems, text_dir)
    return problems


def _cross_checks(tables: dict[str, list], problems: list[Problem], text_dir) -> None:
    sources, cases = tables["sources.csv"], tables["cases.csv"]
    inds, mechs, cb = tables["indicators.csv"], tables["mechanisms.csv"], tables["codebook.csv"]
    source_ids = {r["source_id"] for _, r in sources}
    n_chars = {r["source_id"]: r["n_chars"] for _, r in sources}
    case_ids = {r["case_id"] for _, r in cases}
    ind_ids = {r["id"] for _, r in cb if r["kind"] == "indicator"}
    mech_ids = {r["id"] for _, r in cb if r["kind"] == "mechanism"}
    model_cases = {r["case_id"] for _, r in cases if r["model"] is not None}

    texts = _read_texts(sources, text_dir, problems) if text_dir is not None else None

    _check_fk("cases.csv", cases, "parent_id", case_ids, "case_id in cases.csv", problems, optional=True)
    for line, r in cases:
        if r["parent_id"] == r["case_id"]:
            problems.append(Problem("cases.csv", line, "parent_id", "a case cannot be its own parent"))
    for name, rows in (("cases.csv", cases), ("indicators.csv", inds), ("mechanisms.csv", mechs)):
        _check_fk(name, rows, "source_id", source_ids, "source_id in sources.csv", problems)
    _check_fk("indicators.csv", inds, "case_id", case_ids, "case_id in cases.csv", problems)
    _check_fk("mechanisms.csv", mechs, "case_id", model_cases, "case with a model in cases.csv", problems)
    _check_fk("indicators.csv", inds, "indicator", ind_ids, "indicator id in codebook.csv", problems)
    _check_fk("mechanisms.csv", mechs, "mechanism", mech_ids, "mechanism id in codebook.csv", problems)
    units = {r["id"]: r["unit"] for _, r in cb}
    for line, r in inds:
        _check_interval(line, r, problems)
        _check_span("indicators.csv", line, r, n_chars, problems, texts, "evidence")
        if r["indicator"] in units and units[r["indicator"]] and units[r["indicator"]] != r["unit"]:
            problems.append(Problem("indicators.csv", line, "unit",
                                    f"{r['unit']!r} differs from the codebook unit {units[r['indicator']]!r}"))
    for line, r in mechs:
        has_span = r["span_start"] is not None and r["span_end"] is not None and r["evidence"]
        if r["present"] and not has_span:
            problems.append(Problem("mechanisms.csv", line, "evidence", "a present mechanism needs span_start, span_end and evidence"))
        if not r["present"] and (r["span_start"] is not None or r["evidence"]):
            problems.append(Problem("mechanisms.csv", line, "present", "false (not reported) but a span or evidence is given"))
        _check_span("mechanisms.csv", line, r, n_chars, problems, texts, "evidence")
    for line, r in tables.get("non_quantities.csv", []):
        if r["source_id"] not in source_ids:
            problems.append(Problem("non_quantities.csv", line, "source_id", f"{r['source_id']!r} is not a source_id in sources.csv"))
            continue
        _check_span("non_quantities.csv", line, r, n_chars, problems, texts, "surface")


def _read_texts(sources, text_dir, problems) -> dict[str, str]:
    texts = {}
    folder = Path(text_dir)
    for line, r in sources:
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
        if len(text) != r["n_chars"]:
            problems.append(Problem("sources.csv", line, "n_chars", f"{f} has {len(text)} characters"))
        texts[r["source_id"]] = text
    return texts


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------
_CITATION = (
    "彭戎, 高昊焜, 冯涔, 朱佳慧. 破解“超大城市”治理难题的“成都样本”. "
    "华西社区报 (Huaxi Community News), 《我们的城 长日记》. "
    "Coded as the govstudy Chengdu dataset (figures as intervals with source spans)."
)


@dataclass
class Dataset:
    """A loaded, validated case dataset.

    Attributes
    ----------
    cases, indicators, mechanisms, codebook, sources, non_quantities : DataFrame
        The tables, typed: ``model`` is an ordered categorical over
        :data:`MODELS`; interval bounds are float with ±inf; flags are bool.
        ``indicators`` and ``mechanisms`` carry the case's ``model``.
    path : Path
        The folder the dataset was read from.
    DESCR : str
        A description of the data (the data README for the embedded data).
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
    _extra: dict = field(default_factory=dict, repr=False)

    @property
    def citation(self) -> str:
        """How to cite the source(s) of this dataset."""
        if self.path == chengdu_path():
            return _CITATION
        parts = []
        for r in self.sources.itertuples():
            authors = r.authors if isinstance(r.authors, str) else ""
            published = f", {r.published}" if isinstance(r.published, str) and r.published else ""
            parts.append(f"{authors}. {r.title}. {r.outlet}{published}.")
        return "\n".join(parts)

    def describe(self) -> str:
        """A short plain-text summary: cases per model and figures per case.

        Examples
        --------
        >>> print(load_chengdu().describe())  # doctest: +ELLIPSIS
        Dataset Chengdu (embedded): 13 units, 7 cases in 3 models; 32 figures (11 intervals), 26 mechanisms reported.
        ...
        """
        cases = self.cases.dropna(subset=["model"])
        n_int = int((~(self.indicators["lower"] == self.indicators["upper"])).sum())
        label = "Chengdu (embedded)" if self.path == chengdu_path() else str(self.path)
        lines = [
            f"Dataset {label}: {len(self.cases)} units, {len(cases)} cases in "
            f"{cases['model'].nunique()} models; {len(self.indicators)} figures ({n_int} intervals), "
            f"{int(self.mechanisms['present'].sum())} mechanisms reported."
        ]
        for model, grp in cases.groupby("model", observed=True):
            ids = list(grp["case_id"])
            n = int(self.indicators["case_id"].isin(ids).sum())
            names = ", ".join(grp["name_zh"])
            lines.append(f"  {model}: {len(ids)} case(s) ({names}); {n} figures")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<govstudy Dataset {self.path.name!r}: {len(self.cases)} units, {len(self.indicators)} figures>"


def chengdu_path() -> Path:
    """Folder of the embedded Chengdu data inside the installed package."""
    return Path(str(resources.files("govstudy") / "data"))


def _frame(name: str, rows: list, columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame([r for _, r in rows], columns=columns)
    for col, (kind, _) in SCHEMA[name].items():
        if kind == "bool":
            df[col] = df[col].astype(bool)
        elif kind == "float":
            df[col] = df[col].astype(float)
        elif kind == "int":
            df[col] = df[col].astype("Int64") if df[col].isna().any() else df[col].astype("int64")
        else:
            df[col] = df[col].astype("string")
    return df


def load_dataset(path: str | Path, *, text_dir: str | Path | None = None) -> Dataset:
    """Load and validate a dataset folder.

    Parameters
    ----------
    path : str or Path
        Folder with the CSV files described in ``data/README.md``.
    text_dir : str or Path, optional
        Source-text folder: also check evidence against the text.

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Listing every problem as ``file:row: field: what is wrong``.

    Examples
    --------
    >>> ds = load_dataset(chengdu_path())
    >>> ds.indicators.loc[ds.indicators.evidence == "3.4万余人", ["lower", "upper"]].to_numpy().tolist()
    [[34000.0, 35000.0]]
    """
    folder = Path(path)
    problems = validate_dataset(folder, text_dir=text_dir)
    if problems:
        raise DatasetError(problems, folder)
    tables = {}
    for name, schema in SCHEMA.items():
        f = folder / name
        if not f.is_file():
            tables[name] = _frame(name, [], list(schema))
            continue
        table = _read_table(name, f.read_bytes(), [])
        tables[name] = _frame(name, _typed_rows(table, []), list(schema))
    cases = tables["cases.csv"]
    cases["model"] = pd.Categorical(cases["model"], categories=list(MODELS), ordered=True)
    cb = tables["codebook.csv"]
    cb["direction"] = cb["direction"].astype(str).str.replace("+", "", regex=False).astype(int)
    model_of = cases.set_index("case_id")["model"]
    inds, mechs = tables["indicators.csv"], tables["mechanisms.csv"]
    inds["qualifier"] = inds["qualifier"].fillna("")  # '' = a plain number
    for df in (inds, mechs):
        df["model"] = pd.Categorical(
            df["case_id"].map(model_of).astype(object), categories=list(MODELS), ordered=True
        )
    descr = ""
    readme = folder / "README.md"
    if readme.is_file():
        descr = readme.read_text(encoding="utf-8")
    return Dataset(
        cases=cases,
        indicators=inds,
        mechanisms=mechs,
        codebook=cb,
        sources=tables["sources.csv"],
        non_quantities=tables["non_quantities.csv"],
        path=folder,
        DESCR=descr,
    )


_CACHE: dict[str, Dataset] = {}


def load_chengdu() -> Dataset:
    """The embedded Chengdu dataset (Huaxi Community News report).

    Three governance models: acquaintance-based (巷子树社区), four-micro
    (双福路社区) and partner-based (中和街道: 迎江, 领馆区1号小区, 府河, 新会,
    五根松). Each figure is an interval with its source span and evidence.

    Returns
    -------
    Dataset
        A fresh copy (callers may modify its frames).

    References
    ----------
    .. [1] 彭戎, 高昊焜, 冯涔, 朱佳慧. 破解“超大城市”治理难题的“成都样本”.
       华西社区报 (Huaxi Community News). No DOI; SHA-256 of the text in
       ``sources.csv``.

    Examples
    --------
    >>> ds = load_chengdu()
    >>> ds.cases.dropna(subset=["model"]).groupby("model", observed=True).size().to_dict()
    {'acquaintance': 1, 'four_micro': 1, 'partner': 5}
    >>> cols = ["lower", "upper", "lower_closed", "upper_closed"]
    >>> ds.indicators.loc[ds.indicators.evidence == "超85%", cols].to_dict("records")
    [{'lower': 85.0, 'upper': 100.0, 'lower_closed': False, 'upper_closed': True}]
    """
    key = str(chengdu_path())
    if key not in _CACHE:
        _CACHE[key] = load_dataset(chengdu_path())
    ds = _CACHE[key]
    return Dataset(
        **{k: (v.copy() if isinstance(v, pd.DataFrame) else v) for k, v in vars(ds).items()}
    )


# --------------------------------------------------------------------------
# Report section
# --------------------------------------------------------------------------
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


def _report_section(ds: Dataset):
    from .report import Section

    cases = ds.cases.copy()
    cases["model"] = cases["model"].astype(object).fillna("")
    html = (
        f"<p>{len(ds.indicators)} figures from {len(ds.sources)} source(s), each kept as an interval "
        "with its character span in the source and a short evidence phrase. A qualifier such as "
        "余 (more than), 超 (above) or 近 (nearly) becomes an interval; see <code>data/README.md</code> "
        "for the conventions.</p>"
    )
    tables = {
        "cases": cases,
        "figures": figures_table(ds),
        "comparability": comparability_matrix(ds).reset_index(),
        "mechanisms": ds.mechanisms.loc[ds.mechanisms["present"]].drop(columns=["note"]),
    }
    return Section(key="dataset", title="Dataset and provenance", html=html, tables=tables)
