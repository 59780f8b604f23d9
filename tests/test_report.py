"""Tests for govstudy.report: the page, its tables and figures, reproducibility, refusals."""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
import sys
import types

import pandas as pd
import pytest

import govstudy
from govstudy import report
from govstudy.cli import main
from govstudy.datasets import chengdu_path
from govstudy.report import Section, build_report, check_report_dataset

SEED = 7


def _build(out, **kw):
    lines = []
    index = build_report(out, seed=SEED, progress=lines.append, **kw)
    return index, lines


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The Chengdu report built twice, into two fresh folders, with the same seed."""
    a = tmp_path_factory.mktemp("report_a")
    b = tmp_path_factory.mktemp("report_b")
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
    n = len(report.SECTION_BUILDERS)
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
def _evil(ds):
    df = pd.DataFrame({"name": ["<script>alert('x')</script>"], "value": [1.5]})
    return Section(key="evil section!", title="<b>bold</b> & co", html="<p>trusted</p>",
                   tables={"a<b>": df})


def _refuse(ds, seed=None):
    raise ValueError("one case per model <cannot> support a test")


@pytest.fixture
def fake_builders(monkeypatch):
    mod = types.ModuleType("govstudy_fake_builders")
    mod.evil, mod.refuse = _evil, _refuse
    monkeypatch.setitem(sys.modules, "govstudy_fake_builders", mod)
    monkeypatch.setattr(report, "SECTION_BUILDERS",
                        ["govstudy_fake_builders:evil", "govstudy_fake_builders:refuse"])


def test_data_text_is_escaped(tmp_path, fake_builders):
    index, lines = _build(tmp_path)
    page = index.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<h2>&lt;b&gt;bold&lt;/b&gt; &amp; co</h2>" in page
    assert "<p>trusted</p>" in page
    # file names are sanitised
    assert _files(tmp_path, "tables/*.csv") == ["tables/evil_section_a_b.csv"]


def test_a_refused_section_says_why(tmp_path, fake_builders):
    index, lines = _build(tmp_path)
    page = index.read_text(encoding="utf-8")
    assert "Not computed for this dataset:</strong> one case per model &lt;cannot&gt; support a test" in page
    assert lines[1] == "[2/2] govstudy_fake_builders (not computed): not computed: one case per model <cannot> support a test"


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


def test_check_report_dataset_names_a_model_without_cases(tmp_path):
    ds = govstudy.load_dataset(_dataset_without(tmp_path, "partner"))
    problems = check_report_dataset(ds)
    assert len(problems) == 1 and problems[0].startswith("cases.csv: model 'partner' has no case")
    with pytest.raises(ValueError, match="model 'partner' has no case"):
        build_report(tmp_path / "r", ds, progress=None)
    assert not (tmp_path / "r" / "index.html").exists()


def test_check_report_dataset_other_refusals():
    ds = govstudy.load_chengdu()
    ds.cases = ds.cases.assign(model=pd.Categorical([None] * len(ds.cases), categories=govstudy.MODELS))
    assert check_report_dataset(ds) == [
        "cases.csv: no case has a model (acquaintance, four_micro, partner): there is nothing to compare"]
    ds = govstudy.load_chengdu()
    ds.indicators = ds.indicators[ds.indicators["case_id"] != "c_xiangzishu"]
    ds.mechanisms = ds.mechanisms[ds.mechanisms["case_id"] != "c_xiangzishu"]
    (p,) = check_report_dataset(ds)
    assert "model 'acquaintance' (cases c_xiangzishu) reports no figure and no mechanism" in p


def test_cli_report_data_refuses_with_a_clear_message(tmp_path, capsys):
    data = _dataset_without(tmp_path, "four_micro")
    assert main(["report", "--data", str(data), "--out", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "the report cannot be built for this dataset" in err
    assert "model 'four_micro' has no case" in err and "Traceback" not in err


def test_cli_report_data_builds_for_a_complete_user_dataset(tmp_path, capsys):
    data = tmp_path / "mine"
    shutil.copytree(chengdu_path(), data)
    assert main(["report", "--data", str(data), "--out", str(tmp_path / "r"), "--seed", "3"]) == 0
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Comparing community governance models: mine" in page
    assert "Report written" in capsys.readouterr().out


def test_the_page_itself_is_reproducible(built):
    assert (built["a"] / "index.html").read_bytes() == (built["b"] / "index.html").read_bytes()
