"""Tests for govstudy.report: the page, its tables and figures, reproducibility, refusals."""

from __future__ import annotations

import base64
import html
import io
import re
import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstudy
from govstudy import report
from govstudy.chengdu import chengdu_path
from govstudy.cli import main
from govstudy.report import Section, build_report, check_report_dataset

SEED = 7


def _build(out, ds=None, **kw):
    lines = []
    index = build_report(ds if ds is not None else govstudy.load_chengdu(), out, seed=SEED,
                         progress=lines.append, **kw)
    return index, lines


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Chengdu report built twice, into two fresh folders, with the same seed."""
    a = tmp_path_factory.mktemp("report_a") / "r"
    b = tmp_path_factory.mktemp("report_b") / "r"
    index_a, lines = _build(a)
    _build(b)
    return {"a": a, "b": b, "index": index_a, "lines": lines,
            "html": index_a.read_text(encoding="utf-8")}


def _files(folder, pattern):
    return sorted(p.relative_to(folder).as_posix() for p in folder.glob(pattern))


# --------------------------------------------------------------------------- reproducibility
def test_same_inputs_and_seed_give_identical_csv_tables(built):
    a, b = built["a"], built["b"]
    names = _files(a, "tables/*.csv")
    assert names and names == _files(b, "tables/*.csv")
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_pngs_are_deterministic_and_carry_no_software_stamp(built):
    a, b = built["a"], built["b"]
    names = _files(a, "figures/*.png")
    assert len(names) >= 3 and names == _files(b, "figures/*.png")
    for n in names:
        data = (a / n).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"Software" not in data and b"matplotlib version" not in data
        assert data == (b / n).read_bytes(), n


# --------------------------------------------------------------------------- the page
def test_page_is_self_contained(built):
    page = built["html"]
    srcs = re.findall(r"""\bsrc=['"]([^'"]*)['"]""", page)
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"url\((?!data:)", page)  # no external font or image in CSS
    # each embedded image is exactly the PNG written under figures/
    embedded = sorted(base64.b64decode(s.split(",", 1)[1]) for s in srcs)
    on_disk = sorted(p.read_bytes() for p in (built["a"] / "figures").glob("*.png"))
    assert embedded == on_disk


def test_page_links_every_csv_and_shows_sections(built):
    page, a = built["html"], built["a"]
    links = re.findall(r"href='(tables/[^']+\.csv)'", page)
    assert sorted(set(links)) == _files(a, "tables/*.csv")
    assert "id='dataset'" in page and "id='figures'" in page
    assert "<nav>" in page and page.count("<section id=") >= 3  # about + the sections
    # the figures table: each evidence phrase of the data appears (escaped) in the page
    ds = govstudy.load_chengdu()
    for ev in ds.indicators["evidence"]:
        assert html.escape(ev, quote=False) in page
    assert "巷子树社区 / Xiangzishu" in page
    assert "single case" in page  # says what cannot be concluded


def test_csv_tables_keep_full_precision(built):
    figs = pd.read_csv(built["a"] / "tables" / "dataset_figures.csv")
    ds = govstudy.load_chengdu()
    assert figs["upper"].tolist() == ds.indicators["upper"].tolist()


def test_progress_one_line_per_section_and_where_to_look(built):
    lines = built["lines"]
    n = len(report.DEFAULT_SECTIONS)
    assert [ln.split(" ", 1)[0] for ln in lines[:n]] == [f"[{i}/{n}]" for i in range(1, n + 1)]
    assert lines[n].startswith("Report written: ") and lines[n].endswith("index.html")
    assert "tables (CSV)" in lines[n + 1] and "figures (PNG)" in lines[n + 1]


def test_embedded_font_covers_the_page_text(built):
    from fontTools.ttLib import TTFont

    page = built["html"]
    m = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert m, "no embedded CJK font"
    font = TTFont(io.BytesIO(base64.b64decode(m.group(1))))
    cmap = font.getBestCmap()
    text = re.sub(r"url\(data:[^)]*\)", "", page)
    cjk = {c for c in text if ord(c) >= 0x2E80}
    assert len(cjk) > 50
    assert sorted(c for c in cjk if ord(c) not in cmap) == []
    assert len(m.group(1)) < 400_000  # a per-page subset, not the whole font


# --------------------------------------------------------------------------- escaping and refusals
def _evil(ds, *, seed):
    df = pd.DataFrame({"name": ["<script>alert('x')</script>"], "value": [1.5]})
    return Section(key="evil section!", title="<b>bold</b> & co", html="<p>trusted</p>",
                   tables={"a<b>": df})


def _refuse(ds, *, seed):
    """A section that refuses."""
    raise ValueError("one case per model <cannot> support a test")


def test_data_text_is_escaped(tmp_path):
    index, lines = _build(tmp_path / "r", sections=(_evil, _refuse))
    page = index.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<h2>&lt;b&gt;bold&lt;/b&gt; &amp; co</h2>" in page
    assert "<p>trusted</p>" in page
    # file names are sanitised
    assert _files(tmp_path / "r", "tables/*.csv") == ["tables/evil_section_a_b.csv"]


def test_a_refused_section_says_why(tmp_path):
    index, lines = _build(tmp_path / "r", sections=(_evil, _refuse))
    page = index.read_text(encoding="utf-8")
    assert "Not computed for this dataset:</strong> one case per model &lt;cannot&gt; support a test" in page
    assert lines[1].startswith("[2/2] A section that refuses: not computed: one case per model <cannot> support")


def test_a_failing_section_leaves_the_earlier_report_intact(tmp_path):
    out = tmp_path / "r"
    _build(out, sections=(_evil,))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(ds, *, seed):
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        _build(out, sections=(_evil, broken))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["r"]  # no temporary folder left behind


def test_a_rebuild_leaves_no_stale_files_and_foreign_folders_are_refused(tmp_path):
    out = tmp_path / "r"
    _build(out, sections=(_evil, _refuse))
    (out / "tables" / "old_table.csv").write_text("x\n")
    _build(out, sections=(_evil,))
    assert _files(out, "tables/*.csv") == ["tables/evil_section_a_b.csv"]
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("precious")
    with pytest.raises(report.ReportError, match="not a govstudy report"):
        _build(home, sections=(_evil,))
    assert (home / "thesis.docx").read_text() == "precious"


# --------------------------------------------------------------------------- any dataset, any models
def _page_text(index):
    return html.unescape(index.read_text(encoding="utf-8"))


def _check_every_model_named(index, ds):
    page = _page_text(index)
    for m in ds.model_ids:
        assert ds.model_labels[m] in page, m
    return page


def test_two_new_models_with_three_cases_each_compute_every_section(tmp_path):
    from govstudy.simulate import simulate_dataset

    ds = govstudy.load_dataset(simulate_dataset(tmp_path / "d", models=("grid_council", "street_board"),
                                                cases_per_model=3, p_report=0.5, seed=4))
    index, lines = _build(tmp_path / "r", ds)
    page = _check_every_model_named(index, ds)
    assert not any("not computed" in ln for ln in lines), lines
    assert "SYNTHETIC" in page and "acquaintance" not in page and "Chengdu" not in page
    # the findings are those of this dataset: its own rank intervals and Sobol' indices
    ranks = pd.read_csv(index.parent / "tables" / "composite_rank_intervals.csv")
    assert set(ranks["model"]) == {"grid_council", "street_board"}
    sobol = pd.read_csv(index.parent / "tables" / "composite_sobol_mean_abs_rank_change.csv")
    top = sobol.dropna(subset=["ST"]).sort_values("ST", ascending=False)
    if len(top):
        assert f"comes from {top.iloc[0]['factor']}" in page


def test_four_models_one_case_each_without_models_csv_and_a_partial_grid(tmp_path):
    from govstudy.simulate import simulate_dataset

    path = simulate_dataset(tmp_path / "d", models=("m1", "m2", "m3", "m4"), cases_per_model=1,
                            models_csv=False, seed=2)
    ds = govstudy.load_dataset(path)
    assert ds.model_ids == ["m1", "m2", "m3", "m4"] and not (path / "models.csv").exists()
    assert len(ds.mechanisms) < len(ds.cases) * 5  # only present rows: a partial grid
    index, lines = _build(tmp_path / "r", ds)
    page = _check_every_model_named(index, ds)
    assert "single case" in page


def test_chengdu_plus_a_case_from_a_second_source(tmp_path):
    dst = tmp_path / "d"
    shutil.copytree(chengdu_path(), dst)
    src = pd.read_csv(dst / "sources.csv", dtype=str, keep_default_na=False)
    src["url"], src["text_held"] = "", "true"
    second = {"source_id": "second", "title": "A second report", "outlet": "Some outlet", "language": "zh",
              "url": "https://example.invalid/2", "text_held": "false"}
    pd.concat([src, pd.DataFrame([second])]).fillna("").to_csv(dst / "sources.csv", index=False)
    with open(dst / "cases.csv", "a", encoding="utf-8") as f:
        f.write("c_second,第二社区,Second Community,community,,acquaintance,second\n")
    with open(dst / "indicators.csv", "a", encoding="utf-8") as f:
        f.write("c_second,parking_spaces_added,30,30,30,true,true,,parking_spaces,stock,second,,,30个,\n")
    ds = govstudy.load_dataset(dst)
    index, lines = _build(tmp_path / "r", ds)
    page = _check_every_model_named(index, ds)
    t = pd.read_csv(index.parent / "tables" / "composite_compare_parking_spaces_added.csv")
    row = t.set_index("model").loc["acquaintance"]
    assert row["n_cases"] == 2 and (row["lower"], row["upper"]) == (25.0, 25.0)  # mean of 20 and 30
    assert "several cases of one model" not in page


def test_a_single_model_is_refused_up_front(tmp_path):
    from govstudy.simulate import simulate_dataset

    ds = govstudy.load_dataset(simulate_dataset(tmp_path / "d", models=("only",), seed=1))
    assert check_report_dataset(ds) == [
        "cases.csv: only one model has cases (only): the report compares models, it needs cases of two or more"]
    with pytest.raises(report.ReportError, match="only one model"):
        _build(tmp_path / "r", ds)
    assert not (tmp_path / "r").exists()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n_models=st.integers(1, 4), per_model=st.integers(0, 3), n_ind=st.integers(0, 3),
       n_mech=st.integers(0, 3), p=st.sampled_from([0.0, 0.5, 1.0]), models_csv=st.booleans(),
       seed=st.integers(0, 10))
def test_build_report_returns_or_refuses_up_front(tmp_path, n_models, per_model, n_ind, n_mech, p, models_csv,
                                                  seed):
    from govstudy.datasets import DatasetError
    from govstudy.simulate import simulate_dataset

    root = tmp_path / f"h{n_models}{per_model}{n_ind}{n_mech}{p}{models_csv}{seed}"
    if root.exists():
        shutil.rmtree(root)
    path = simulate_dataset(root / "d", models=[f"m{i}" for i in range(n_models)],
                            cases_per_model=per_model, indicators=n_ind, mechanisms=n_mech, p_report=p,
                            models_csv=models_csv, seed=seed)
    try:
        ds = govstudy.load_dataset(path)
    except DatasetError:
        return  # e.g. no case at all: validate says why; nothing to report
    problems = check_report_dataset(ds)
    if problems:
        with pytest.raises(report.ReportError):
            build_report(ds, root / "r", progress=None)
        return
    index = build_report(ds, root / "r", progress=None)
    _check_every_model_named(index, ds)


# --------------------------------------------------------------------------- what a dataset cannot support
def _dataset_without(tmp_path, model):
    """A valid copy of the Chengdu data whose cases of ``model`` are removed."""
    dst = tmp_path / "data"
    shutil.copytree(chengdu_path(), dst)
    cases = pd.read_csv(dst / "cases.csv", dtype=str, keep_default_na=False)
    drop = set(cases.loc[cases["model"] == model, "case_id"])
    keep_parent = ~cases["parent_id"].isin(drop)
    cases.loc[~cases["case_id"].isin(drop) & keep_parent].to_csv(dst / "cases.csv", index=False)
    for name in ("indicators.csv", "mechanisms.csv"):
        t = pd.read_csv(dst / name, dtype=str, keep_default_na=False)
        t.loc[~t["case_id"].isin(drop)].to_csv(dst / name, index=False)
    return dst


def test_a_declared_model_without_cases_is_named_not_refused(tmp_path):
    ds = govstudy.load_dataset(_dataset_without(tmp_path, "partner"))
    assert check_report_dataset(ds) == []
    index, _ = _build(tmp_path / "r", ds)
    assert "no case in this dataset" in _check_every_model_named(index, ds)


def test_check_report_dataset_other_refusals():
    ds = govstudy.load_chengdu()
    ds.cases = ds.cases.assign(model=pd.Categorical([None] * len(ds.cases), categories=ds.model_ids))
    assert check_report_dataset(ds) == ["cases.csv: no case has a model: there is nothing to compare"]
    ds = govstudy.load_chengdu()
    ds.indicators = ds.indicators.iloc[:0]
    ds.mechanisms = ds.mechanisms.iloc[:0]
    (p,) = check_report_dataset(ds)
    assert "no figure and no mechanism reported" in p


def test_cli_report_data_refuses_with_a_clear_message(tmp_path, capsys):
    from govstudy.simulate import simulate_dataset

    data = simulate_dataset(tmp_path / "d", models=("only",), seed=1)
    assert main(["report", "--data", str(data), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "the report cannot be built for this dataset" in err
    assert "only one model has cases" in err and "Traceback" not in err


def test_cli_report_data_builds_for_a_complete_user_dataset(tmp_path, capsys):
    data = tmp_path / "mine"
    shutil.copytree(chengdu_path(), data)
    (data / "README.md").unlink()
    assert main(["report", "--data", str(data), "--out", str(tmp_path / "r"), "--seed", "3"]) == 0
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Comparing community governance models: mine" in page
    assert "Report written" in capsys.readouterr().out


def test_the_page_itself_is_reproducible(built):
    assert (built["a"] / "index.html").read_bytes() == (built["b"] / "index.html").read_bytes()


def test_sections_are_functions_of_the_report_and_analyses_do_not_import_it():
    import ast
    import pathlib

    assert all(callable(s) for s in report.DEFAULT_SECTIONS)
    root = pathlib.Path(govstudy.__file__).parent
    for p in root.glob("*.py"):
        if p.name in ("cli.py", "__init__.py"):
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("report", "govstudy.report")), p.name


def test_huge_names_and_many_cases_keep_figures_and_page_bounded(tmp_path):
    from PIL import Image

    from govstudy.simulate import simulate_dataset

    path = simulate_dataset(tmp_path / "d", models=("a", "b"), cases_per_model=40, indicators=2, mechanisms=3,
                            seed=5)
    cases = pd.read_csv(path / "cases.csv", dtype=str, keep_default_na=False)
    cases.loc[0, "name_zh"] = "长" * 10_000
    cases.to_csv(path / "cases.csv", index=False)
    index, _ = _build(tmp_path / "r", govstudy.load_dataset(path))
    for png in (index.parent / "figures").glob("*.png"):
        w, h = Image.open(png).size
        assert w < 4000 and h < 8000, (png.name, w, h)
    assert index.stat().st_size < 3_000_000
    assert "长" * 41 not in index.read_text(encoding="utf-8").split("<footer>")[0].split("</section>")[0]
