"""The shipped Chengdu dataset: provenance, conventions, completeness, and validation."""

from __future__ import annotations

import csv
import hashlib
import math
import re
import shutil
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstudy
from govstudy.chengdu import chengdu_path
from govstudy.datasets import DatasetError, load_dataset, validate_dataset
from govstudy.intervals import qualifier_interval

from .conftest import ROOT, SOURCES

DATA = chengdu_path()


@pytest.fixture(scope="module")
def ds():
    return govstudy.load_chengdu()


# ---------------------------------------------------------------- provenance
def test_every_evidence_is_the_source_text_at_its_span(ds, source_text):
    for table in (ds.indicators, ds.mechanisms.loc[ds.mechanisms["present"]]):
        for r in table.itertuples():
            assert source_text[r.span_start : r.span_end] == r.evidence, r


def test_non_quantities_are_the_source_text_at_their_spans(ds, source_text):
    for r in ds.non_quantities.itertuples():
        assert source_text[r.span_start : r.span_end] == r.surface, r


def test_source_hash_and_length_match_the_text(ds):
    src = SOURCES / ds.sources.loc[0, "filename"]
    if not src.is_file():
        pytest.skip(f"source text not available at {src}")
    data = src.read_bytes()
    assert hashlib.sha256(data).hexdigest() == ds.sources.loc[0, "sha256"]
    assert len(data.decode("utf-8")) == ds.sources.loc[0, "n_chars"]


def test_validate_with_text_is_clean(source_text):
    assert validate_dataset(DATA, text_dir=SOURCES) == []


_NUMERAL = re.compile(r"[0-9０-９〇零一二两三四五六七八九十百千万亿半壹贰叁肆伍陆柒捌玖拾]+")


def test_every_numeral_in_the_source_is_coded_or_explained(ds, source_text):
    """Completeness: each numeral lies in a figure's span or a listed non-quantity."""
    covered = set()
    for t in (ds.indicators, ds.non_quantities):
        for s, e in zip(t["span_start"], t["span_end"]):
            covered.update(range(s, e))
    missing = [
        (m.start(), m.group(), source_text[max(0, m.start() - 4) : m.end() + 4])
        for m in _NUMERAL.finditer(source_text)
        if not set(range(m.start(), m.end())) <= covered
    ]
    assert missing == []


def test_figures_and_non_quantities_do_not_overlap(ds):
    figs = set()
    for s, e in zip(ds.indicators["span_start"], ds.indicators["span_end"]):
        figs.update(range(s, e))
    for r in ds.non_quantities.itertuples():
        assert not figs & set(range(r.span_start, r.span_end)), r


def test_evidence_is_a_short_phrase_not_a_sentence(ds):
    for ev in pd.concat([ds.indicators["evidence"], ds.mechanisms["evidence"].dropna()]):
        assert len(ev) <= 20 and not re.search(r"[。！？!?；;]", ev), ev


# --------------------------------------------------------------- conventions
def test_every_interval_follows_the_conventions(ds):
    for r in ds.indicators.itertuples():
        iv = qualifier_interval(r.value, r.qualifier or "", unit=r.unit)
        assert (r.lower_closed, r.upper_closed) == (iv.lower_closed, iv.upper_closed), r
        assert r.lower == pytest.approx(iv.lower) and r.upper == pytest.approx(iv.upper), r


@pytest.mark.parametrize(
    "evidence, lower, upper, lower_closed, upper_closed",
    [
        ("3.4万余人", 34_000, 35_000, False, False),
        ("500余万元", 5_000_000, 6_000_000, False, False),
        ("80余项", 80, 90, False, False),
        ("超85%", 85, 100, False, True),
        ("超40%", 40, math.inf, False, False),
        ("超过400人次", 400, math.inf, False, False),
        ("超5万", 50_000, math.inf, False, False),
        ("共3万元", 30_000, 30_000, True, True),
        ("0.82平方公里", 0.82, 0.82, True, True),
    ],
)
def test_hand_checked_figures(ds, evidence, lower, upper, lower_closed, upper_closed):
    r = ds.indicators.set_index("evidence").loc[evidence]
    assert (r.lower, r.upper, r.lower_closed, r.upper_closed) == (lower, upper, lower_closed, upper_closed)


def test_qualified_value_lies_in_or_bounds_its_interval(ds):
    ind = ds.indicators
    assert (ind["lower"] <= ind["value"]).all() and (ind["value"] <= ind["upper"]).all()


# ------------------------------------------------------------------- shapes
def test_cases_cover_the_three_models(ds):
    cases = ds.cases.set_index("name_zh")
    assert cases.loc["巷子树社区", "model"] == "acquaintance"
    assert cases.loc["双福路社区", "model"] == "four_micro"
    for name in ["迎江社区", "领馆区1号小区", "府河社区", "新会社区", "五根松社区"]:
        assert cases.loc[name, "model"] == "partner"
    assert pd.isna(cases.loc["中和街道", "model"])
    assert cases.loc["领馆区1号小区", "parent_id"] == cases.loc["迎江社区", "case_id"]
    assert list(ds.cases["model"].cat.categories) == ds.model_ids and ds.cases["model"].cat.ordered
    assert ds.model_ids == list(pd.read_csv(chengdu_path() / "models.csv")["model"])


def test_types(ds):
    ind = ds.indicators
    assert ind["lower"].dtype == float and ind["upper"].dtype == float
    assert ind["lower_closed"].dtype == bool and ds.mechanisms["present"].dtype == bool
    assert ind["model"].notna().all()
    assert set(ds.codebook["direction"]) <= {-1, 0, 1}


def test_every_id_is_defined_in_the_codebook(ds):
    ids = set(ds.codebook["id"])
    assert set(ds.indicators["indicator"]) <= ids and set(ds.mechanisms["mechanism"]) <= ids
    assert ds.codebook["definition"].str.len().min() > 10


def test_mechanisms_are_a_full_grid(ds):
    model_cases = ds.cases.dropna(subset=["model"])["case_id"]
    grid = ds.mechanisms.pivot(index="case_id", columns="mechanism", values="present")
    assert set(grid.index) == set(model_cases) and not grid.isna().any().any()


def test_citation_and_sources_are_complete(ds):
    src = ds.sources.iloc[0]
    for col in ["source_id", "title", "outlet", "authors", "language", "sha256", "n_chars", "filename"]:
        assert pd.notna(src[col]) and str(src[col]) != "", col
    assert "华西社区报" in ds.citation and "彭戎" in ds.citation
    assert "conventions" in ds.DESCR.lower()


def test_load_returns_independent_copies():
    a = govstudy.load_chengdu()
    a.indicators.loc[0, "value"] = -1
    assert govstudy.load_chengdu().indicators.loc[0, "value"] != -1


# --------------------------------------------------------- broken datasets
@pytest.fixture
def copy(tmp_path):
    dst = tmp_path / "ds"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("README.md", "__pycache__"))
    return dst


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


BROKEN = {
    "missing column": (
        lambda d: _edit(d / "cases.csv", "case_id,name_zh,", "id,name_zh,"),
        ["cases.csv:1: case_id: missing required column"],
    ),
    "non-numeric cell": (
        lambda d: _edit(d / "indicators.csv", ",118,118,118,", ",118,118,abc,"),
        ["indicators.csv:10: upper: 'abc' is not a number"],
    ),
    "invalid utf-8": (
        lambda d: (d / "codebook.csv").write_bytes(b"id,kind\nx,\xff\xfe\n"),
        ["codebook.csv:2: -: not valid UTF-8"],
    ),
    "duplicate key": (
        lambda d: _edit(d / "cases.csv", "d_chenghua,成华区", "d_jinjiang,成华区"),
        ["cases.csv:5: case_id: duplicate key ('d_jinjiang',) (first at line 2)"],
    ),
    "empty file": (
        lambda d: (d / "sources.csv").write_text("", encoding="utf-8"),
        ["sources.csv:1: -: file is empty (no header row)"],
    ),
    "missing file": (lambda d: (d / "mechanisms.csv").unlink(), ["mechanisms.csv: file missing"]),
    "unknown case": (
        lambda d: _edit(d / "indicators.csv", "c_fuhe,parking", "c_nowhere,parking"),
        ["indicators.csv:27: case_id: 'c_nowhere' is not a case_id in cases.csv"],
    ),
    "unknown indicator": (
        lambda d: _edit(d / "indicators.csv", "c_yingjiang,grids,", "c_yingjiang,gridz,"),
        ["indicators.csv:23: indicator: 'gridz' is not an indicator id in codebook.csv"],
    ),
    "interval against the convention": (
        lambda d: _edit(d / "indicators.csv", "80,80,90,false,false,余", "80,80,100,false,false,余"),
        ["indicators.csv:13: lower/upper: interval (80, 100) does not follow the convention"],
    ),
    "lower above upper": (
        lambda d: _edit(d / "indicators.csv", "18,18,18,true,true", "18,19,18,true,true"),
        ["indicators.csv:23: lower: lower 19.0 exceeds upper 18.0"],
    ),
    "bad boolean": (
        lambda d: _edit(d / "indicators.csv", "0.82,0.82,0.82,true,true", "0.82,0.82,0.82,yes,true"),
        ["indicators.csv:7: lower_closed: 'yes' is not true or false"],
    ),
    "bad model": (
        lambda d: _edit(d / "cases.csv", "s_liujiang,acquaintance", "s_liujiang,acquainted"),
        ["cases.csv:4: model: 'acquainted' is not a model of models.csv (acquaintance, four_micro, partner)"],
    ),
    "span past the end": (
        lambda d: _edit(d / "indicators.csv", ",2881,2887,", ",3881,3887,"),
        ["indicators.csv:33: span_end: 3887 is past the end of source"],
    ),
    "evidence length differs from span": (
        lambda d: _edit(d / "indicators.csv", ",2881,2887,", ",2881,2886,"),
        ["indicators.csv:33: evidence: has 6 characters but the span has 5"],
    ),
    "ragged row": (
        lambda d: _edit(d / "cases.csv", "d_gaoxin,成都高新区,", "d_gaoxin,成都高新区,,"),
        ["cases.csv:8: -: has 8 fields, the header has 7"],
    ),
    "unexpected column": (
        lambda d: _edit(d / "sources.csv", "filename,notes", "filename,notes,extra"),
        ["sources.csv:1: extra: unexpected column"],
    ),
    "present mechanism without evidence": (
        lambda d: _edit(d / "mechanisms.csv", "c_fuhe,deliberation_forum,false", "c_fuhe,deliberation_forum,true"),
        ["mechanisms.csv:", "evidence: a present mechanism needs its evidence",
         "span_start: empty, but source 'huaxi_chengdu_sample' has its text held: give the span"],
    ),
    "qualifier not in evidence": (
        lambda d: _edit(d / "indicators.csv", ",共,yuan", ",累计,yuan"),
        ["indicators.csv:3: qualifier: '累计' does not occur in the evidence '共3万元'"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_validate_names_file_row_and_field(copy, case, capsys):
    mutate, expected = BROKEN[case]
    mutate(copy)
    problems = [str(p) for p in validate_dataset(copy)]
    text = "\n".join(problems)
    for fragment in expected:
        assert fragment in text, text
    with pytest.raises(DatasetError) as err:
        load_dataset(copy)
    assert expected[0] in str(err.value)
    # The CLI prints the same lines and exits 1, without a traceback.
    from govstudy.cli import main

    assert main(["validate", str(copy)]) == 1
    out = capsys.readouterr()
    assert expected[0] in out.out and "Traceback" not in out.out + out.err


def test_validate_checks_evidence_against_text(copy, source_text, tmp_path):
    _edit(copy / "indicators.csv", ",118个,", ",119个,")
    problems = [str(p) for p in validate_dataset(copy, text_dir=SOURCES)]
    assert any(p.startswith("indicators.csv:10: evidence: '119个' differs from the source text") for p in problems)
    text_dir = tmp_path / "texts"
    text_dir.mkdir()
    (text_dir / "huaxi-community-news_chengdu-governance.txt").write_text(source_text + "x", encoding="utf-8")
    problems = [str(p) for p in validate_dataset(DATA, text_dir=text_dir)]
    assert any("sources.csv:2: sha256:" in p for p in problems)
    assert any("sources.csv:2: n_chars:" in p for p in problems)


def test_validate_clean_exit_code(capsys):
    from govstudy.cli import main

    assert main(["validate"]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["validate", "/nonexistent/folder"]) == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from(["cases.csv", "indicators.csv", "codebook.csv", "sources.csv"]))
def test_validate_never_raises_on_arbitrary_bytes(copy, blob, name):
    (copy / name).write_bytes(blob)
    problems = validate_dataset(copy)
    assert problems and all(str(p).startswith(name) or ":" in str(p) for p in problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_validate_reports_any_bad_number(copy, cell):
    try:
        float(cell)
        return  # a valid number is not this test's concern
    except ValueError:
        pass
    with open(DATA / "indicators.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[5][2] = cell
    with open(copy / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    problems = [str(p) for p in validate_dataset(copy)]
    assert any(p.startswith("indicators.csv:6: value:") for p in problems), problems


# ------------------------------------------------------------------ wheel
def _uv():
    for cand in (shutil.which("uv"), ROOT / ".tools" / "bin" / "uv"):
        if cand and shutil.os.path.exists(cand):
            return str(cand)
    pytest.skip("uv not found: run `make env` (it bootstraps uv into .tools/)")


def test_data_ship_in_the_wheel_and_load_from_it(tmp_path):
    out = tmp_path / "dist"
    res = subprocess.run([_uv(), "build", "--wheel", "--out-dir", str(out), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    (wheel,) = out.glob("govstudy-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for f in ["cases.csv", "indicators.csv", "mechanisms.csv", "codebook.csv", "sources.csv", "README.md"]:
        assert f"govstudy/data/{f}" in names
    code = ("import govstudy, sys; ds = govstudy.load_chengdu(); "
            "print(govstudy.__file__); print(len(ds.indicators))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert res.returncode == 0, res.stderr
    where, n = res.stdout.split()
    assert where.startswith(str(tmp_path / "site")) and int(n) == len(govstudy.load_chengdu().indicators)


@pytest.mark.parametrize("args, kwargs, expected", [
    ((34000.0, 35000.0, False, False), {}, "(34000, 35000)"),
    ((20.0, 20.0, True, True), {}, "20"),
    ((85.0, 100.0, False, True), {}, "(85, 100]"),
    ((400.0, math.inf, False, False), {}, "(400, +∞)"),
    ((-math.inf, 0.5, False, True), {}, "(−∞, 0.5]"),
    ((1 / 3, 1.0, True, False), {}, "[0.333333333333, 1)"),  # default: 12 significant digits
    ((1 / 3, 1.0, True, False), {"digits": 3}, "[0.333, 1)"),
    ((35000 / 0.82, math.inf, True, False), {"digits": 6}, "[42682.9, +∞)"),
    ((2 / 3, 2 / 3, True, True), {"digits": 2}, "0.67"),
])
def test_interval_label_known_strings(args, kwargs, expected):
    from govstudy.datasets import interval_label

    assert interval_label(*args, **kwargs) == expected


def test_interval_label_is_the_one_formatter_of_bounds():
    from govstudy.comparability import Bounds
    from govstudy.datasets import interval_label

    b = Bounds(200, 300, False, False) / Bounds(3, 3)
    assert str(b) == interval_label(200 / 3, 100.0, False, False, digits=6) == "(66.6667, 100)"
    with pytest.raises(ValueError, match="digits"):
        interval_label(1.0, 2.0, True, True, digits=0)


# --------------------------------------------------------------------------- hostile input (issue 17)
def _copy_chengdu(tmp_path):
    import shutil

    dst = tmp_path / "ds"
    shutil.copytree(chengdu_path(), dst)
    return dst


@pytest.mark.parametrize("cell,field,fragment", [
    ("inf", "value", "not a finite number"),
    ("30_000", "value", "'30_000' is not a number"),
])
def test_values_python_would_accept_are_refused(tmp_path, cell, field, fragment):
    dst = _copy_chengdu(tmp_path)
    p = dst / "indicators.csv"
    p.write_text(p.read_text(encoding="utf-8").replace(",30000,30000,30000,", f",{cell},30000,30000,", 1),
                 encoding="utf-8")
    text = "\n".join(map(str, validate_dataset(dst)))
    assert f"indicators.csv:3: {field}: " in text and fragment in text


def test_dates_spans_and_file_names_are_checked_strictly(tmp_path):
    dst = _copy_chengdu(tmp_path)
    src = pd.read_csv(dst / "sources.csv", dtype=str, keep_default_na=False)
    src.loc[0, "published"] = "now"
    src.loc[0, "filename"] = "../../../../etc/hostname"
    src.to_csv(dst / "sources.csv", index=False)
    problems = [str(p) for p in validate_dataset(dst, text_dir=tmp_path)]
    assert any("published: 'now' is not an ISO date" in p for p in problems)
    assert any("filename: '../../../../etc/hostname' is not a plain file name" in p for p in problems)
    # the bad source row is one problem each, not a cascade over every row citing the source
    assert len(problems) == 2, problems


def test_a_parent_cycle_is_refused(tmp_path):
    dst = _copy_chengdu(tmp_path)
    cases = pd.read_csv(dst / "cases.csv", dtype=str, keep_default_na=False)
    cases.loc[cases["case_id"] == "d_jinjiang", "parent_id"] = "s_liujiang"
    cases.to_csv(dst / "cases.csv", index=False)
    assert any("parent_id: " in str(p) and "cycle" in str(p) for p in validate_dataset(dst))


def test_gbk_csv_and_bom_text_get_a_hint(tmp_path):
    dst = _copy_chengdu(tmp_path)
    p = dst / "cases.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    (problem,) = [str(x) for x in validate_dataset(dst) if "cases.csv" in str(x)]
    assert "not valid UTF-8" in problem and "GB18030/GBK" in problem


def test_a_folder_or_pipe_in_place_of_a_csv_is_named_as_such(tmp_path):
    dst = _copy_chengdu(tmp_path)
    (dst / "codebook.csv").unlink()
    (dst / "codebook.csv").mkdir()
    assert "codebook.csv: is not a regular file (a folder, pipe or device?)" in map(str, validate_dataset(dst))


def test_a_negative_n_chars_is_one_problem(tmp_path):
    dst = _copy_chengdu(tmp_path)
    src = pd.read_csv(dst / "sources.csv", dtype=str, keep_default_na=False)
    src.loc[0, "n_chars"] = "-1"
    src.to_csv(dst / "sources.csv", index=False)
    assert [str(p) for p in validate_dataset(dst)] == ["sources.csv:2: n_chars: -1 is negative"]


def test_a_source_text_with_a_bom_is_named_once(tmp_path, source_text):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "huaxi-community-news_chengdu-governance.txt").write_text("\ufeff" + source_text, encoding="utf-8")
    problems = [str(p) for p in validate_dataset(chengdu_path(), text_dir=texts)]
    bom = [p for p in problems if "byte-order mark" in p]
    assert len(bom) == 1 and not any("differs from the source text" in p for p in problems), problems


def test_validate_reads_a_gb18030_dataset_with_encoding(tmp_path):
    from govstudy.cli import main

    dst = _copy_chengdu(tmp_path)
    for p in dst.glob("*.csv"):
        p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    assert validate_dataset(dst, encoding="gb18030") == []
    assert load_dataset(dst, encoding="gb18030").indicators.equals(load_dataset(chengdu_path()).indicators)
    assert main(["validate", str(dst), "--encoding", "gb18030"]) == 0
    assert [str(p) for p in validate_dataset(dst, encoding="nope")] == [f"{dst}: unknown encoding 'nope'"]
