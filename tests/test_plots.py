"""Tests for govstudy.plots: inspect the returned Axes, never pixels."""

from __future__ import annotations

import math
import pathlib
import warnings

import matplotlib as mpl
import matplotlib.font_manager as fm
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

import govstudy
from govstudy import plots

MODEL_COLORS = govstudy.load_chengdu().palette  # the colours come from the dataset (models.csv)

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "govstudy" / "data"
REF = ROOT / "tests" / "reference" / "composite" / "coinr"  # MIT copies of COINr outputs (see its README)
SHIPPED_FAMILY = "Noto Sans SC govstudy subset"


# --------------------------------------------------------------------------- data
@pytest.fixture(scope="module")
def chengdu():
    """The shipped Chengdu tables, typed as ``load_chengdu()`` gives them."""
    ds = govstudy.load_chengdu()
    return {"cases": ds.cases, "indicators": ds.indicators, "mechanisms": ds.mechanisms,
            "codebook": ds.codebook}


def _rgba(c):
    return tuple(np.round(to_rgba(c), 6))


def _by_gid(ax, prefix):
    arts = list(ax.lines) + list(ax.patches) + list(ax.texts) + list(ax.collections)
    return {a.get_gid(): a for a in arts if (a.get_gid() or "").startswith(prefix)}


def _data_chars() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.csv")))
    return {c for c in text if c.isprintable() and not c.isspace()}


def _chinese_labels(chengdu) -> list[str]:
    return list(chengdu["cases"]["name_zh"]) + list(chengdu["codebook"]["label_zh"]) + list(
        govstudy.load_chengdu().model_labels.values()
    )


def _missing_glyph_warnings(records) -> list[str]:
    msgs = [str(w.message) for w in records]
    return [m for m in msgs if "missing from font" in m or "Glyph" in m]


def _draw_labels(labels) -> list[str]:
    fig, ax = plt.subplots(figsize=(6, 0.2 * len(labels) + 1))
    for k, lab in enumerate(labels):
        ax.text(0, k, lab)
    ax.set_ylim(-1, len(labels))
    ax.set_title("巷子树社区 / Xiangzishu")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return _missing_glyph_warnings(rec)


# --------------------------------------------------------------------------- CJK font
def test_model_colours_come_from_the_dataset_and_default_to_okabe_ito():
    ds = govstudy.load_chengdu()
    models_csv = pd.read_csv(DATA / "models.csv")
    assert MODEL_COLORS == dict(zip(models_csv["model"], models_csv["colour"]))
    assert len(set(MODEL_COLORS.values())) == len(MODEL_COLORS)
    # without colours in models.csv: Okabe-Ito in model order, the same default the plots use
    from govstudy.datasets import OKABE_ITO, models_frame

    assert list(models_frame(["x", "y", "z"])["colour"]) == list(OKABE_ITO[:3])
    ind = pd.DataFrame({"case_id": ["a", "b"], "indicator": ["i", "i"], "value": [1.0, 2.0],
                        "lower": [1.0, 2.0], "upper": [1.0, 2.0], "lower_closed": True, "upper_closed": True,
                        "model": pd.Categorical(["y", "x"], categories=["x", "y"])})
    ax = plots.interval_dotplot(ind)
    pts = _by_gid(ax, "")
    assert ds.model_ids == list(MODEL_COLORS)
    colours = {_rgba(a.get_color()) for a in ax.lines if a.get_gid()}
    assert colours <= {_rgba(OKABE_ITO[0]), _rgba(OKABE_ITO[1])} and pts


def test_custom_colours_follow_the_models_table(chengdu):
    models = govstudy.load_chengdu().models.assign(colour=["#111111", "#222222", "#333333"])
    ax = plots.comparability_plot(chengdu["indicators"], cases=chengdu["cases"], codebook=chengdu["codebook"],
                                  models=models)
    cells = _by_gid(ax, "cell:")
    assert cells and all(_rgba(c.get_facecolor())[:3] in {_rgba(x)[:3] for x in models["colour"]}
                         for c in cells.values())


def test_use_cjk_font_is_idempotent():
    with mpl.rc_context():
        fam = plots.use_cjk_font()
        first = list(mpl.rcParams["font.sans-serif"])
        assert plots.use_cjk_font() == fam
        assert list(mpl.rcParams["font.sans-serif"]) == first
        assert first[0] == fam and first.count(fam) == 1
        assert "DejaVu Sans" in first  # fallback for glyphs the CJK font lacks


def test_installed_family_preference_order():
    entries = [fm.FontEntry(fname="/x/simhei.ttf", name="SimHei"),
               fm.FontEntry(fname="/x/wqy.ttc", name="WenQuanYi Zen Hei"),
               fm.FontEntry(fname="/x/dv.ttf", name="DejaVu Sans")]
    assert plots._find_installed_cjk_family(entries) == "WenQuanYi Zen Hei"
    assert plots._find_installed_cjk_family(entries[:1]) == "SimHei"
    assert plots._find_installed_cjk_family(entries[2:]) is None


def test_falls_back_to_shipped_font_when_none_installed(monkeypatch):
    monkeypatch.setattr(plots, "_find_installed_cjk_family", lambda entries=None: None)
    with mpl.rc_context():
        fam = plots.use_cjk_font()
        assert fam == SHIPPED_FAMILY
        assert mpl.rcParams["font.sans-serif"][0] == SHIPPED_FAMILY
        path = fm.findfont(fm.FontProperties(family=SHIPPED_FAMILY), fallback_to_default=False)
        assert pathlib.Path(path) == plots.SHIPPED_CJK_FONT


def test_shipped_font_is_small_licensed_and_documented():
    font = plots.SHIPPED_CJK_FONT
    assert font.is_file()
    assert font.stat().st_size < 4_000_000
    ofl = (font.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl
    assert "tools/make_cjk_subset.py" in (font.parent / "README.md").read_text(encoding="utf-8")


def test_shipped_font_covers_gb2312_hanzi():
    """All 6763 GB2312 level-1 and level-2 hanzi (enumerated by Python's gb2312 codec)."""
    ft = fm.get_font(str(plots.SHIPPED_CJK_FONT))
    hanzi = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                hanzi.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(hanzi) == 6763
    missing = [c for c in hanzi if ft.get_char_index(ord(c)) == 0]
    assert missing == []


def test_shipped_font_covers_data():
    ft = fm.get_font(str(plots.SHIPPED_CJK_FONT))
    missing = sorted(c for c in _data_chars() if ord(c) > 127 and ft.get_char_index(ord(c)) == 0)
    assert missing == [], (
        f"characters in data/*.csv missing from the shipped font: {''.join(missing)}; "
        "re-run tools/make_cjk_subset.py"
    )


@pytest.mark.parametrize("prefer_installed", [True, False])
def test_selected_font_has_the_glyphs(chengdu, prefer_installed):
    with mpl.rc_context():
        fam = plots.use_cjk_font(prefer_installed=prefer_installed)
        path = fm.findfont(fm.FontProperties(family=fam), fallback_to_default=False)
        ft = fm.get_font(path)
        assert ft.family_name == fam
        chars = {c for lab in _chinese_labels(chengdu) for c in lab if ord(c) > 0x2E80}
        assert len(chars) > 50
        assert sorted(c for c in chars if ft.get_char_index(ord(c)) == 0) == []


@pytest.mark.parametrize("prefer_installed", [True, False])
def test_chinese_labels_draw_without_missing_glyph_warnings(chengdu, prefer_installed):
    with mpl.rc_context():
        plots.use_cjk_font(prefer_installed=prefer_installed)
        assert _draw_labels(_chinese_labels(chengdu)) == []


def test_missing_glyph_check_can_fail(chengdu):
    """Negative control: without a CJK font the same drawing warns."""
    with mpl.rc_context({"font.family": ["DejaVu Sans"], "font.sans-serif": ["DejaVu Sans"]}):
        assert _draw_labels(_chinese_labels(chengdu)[:3]) != []


def test_plot_functions_install_the_cjk_font(chengdu):
    with mpl.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        plots.comparability_plot(chengdu["indicators"])
        assert mpl.rcParams["font.sans-serif"][0] in plots.CJK_FONT_FAMILIES + (SHIPPED_FAMILY,)


# --------------------------------------------------------------------------- interval dot plot
def test_interval_dotplot_chengdu(chengdu):
    ind, cases = chengdu["indicators"], chengdu["cases"]
    ax = plots.interval_dotplot(ind, cases=cases, codebook=chengdu["codebook"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(ind)
    assert any(lab.startswith("巷子树社区 / Xiangzishu · ") for lab in labels)
    assert any("新增车位 / Parking spaces added" in lab for lab in labels)
    assert ax.get_xscale() == "log"  # 0.82 km2 to 5 000 000 yuan

    exact = (ind["lower"] == ind["upper"]) & ind["lower_closed"] & ind["upper_closed"]
    up_inf = np.isinf(ind["upper"])
    finite_open = (~ind["lower_closed"] & np.isfinite(ind["lower"])).sum() + (
        ~ind["upper_closed"] & np.isfinite(ind["upper"])).sum()
    assert len(_by_gid(ax, "point:")) == exact.sum()
    assert len(_by_gid(ax, "arrow_up:")) == up_inf.sum() == 4
    assert len(_by_gid(ax, "arrow_down:")) == 0
    assert len(_by_gid(ax, "end_open:")) == finite_open
    assert len(_by_gid(ax, "bar:")) == (~exact & ~up_inf).sum()

    model = dict(zip(ind["case_id"], ind["model"]))
    for gid, art in {**_by_gid(ax, "point:"), **_by_gid(ax, "bar:")}.items():
        case = gid.split(":")[1]
        assert _rgba(art.get_color()) == _rgba(MODEL_COLORS[model[case]]), gid
    for gid, ann in _by_gid(ax, "arrow_up:").items():
        case = gid.split(":")[1]
        assert _rgba(ann.arrow_patch.get_edgecolor()) == _rgba(MODEL_COLORS[model[case]])
        assert ann.xy[0] == pytest.approx(ax.get_xlim()[1])  # reaches the edge
    # open ends hollow, closed ends filled
    for _gid, end in _by_gid(ax, "end_open:").items():
        assert _rgba(end.get_markerfacecolor()) == _rgba("white")
    # 超85% is (85, 100]: one open and one closed end, no arrow
    row = "c_shuangfulu:resident_participation_rate"
    assert f"end_open:{row}:lower" in _by_gid(ax, "end_open:")
    assert f"end_closed:{row}:upper" in _by_gid(ax, "end_closed:")
    assert f"arrow_up:{row}" not in _by_gid(ax, "arrow_up:")
    # tick labels coloured by model
    lab = next(t for t in ax.get_yticklabels() if t.get_text().startswith("巷子树社区"))
    assert _rgba(lab.get_color()) == _rgba(MODEL_COLORS["acquaintance"])


def test_interval_dotplot_lower_unbounded_and_stated_tick():
    df = pd.DataFrame({
        "case_id": ["a", "b"], "indicator": ["x", "y"], "value": [10.0, 100.0],
        "lower": [-math.inf, 90.0], "upper": [10.0, 110.0],
        "lower_closed": [False, True], "upper_closed": [True, True],
        "model": ["four_micro", "partner"],
    })
    ax = plots.interval_dotplot(df)
    assert ax.get_xscale() == "linear"
    arrows = _by_gid(ax, "arrow_down:")
    assert list(arrows) == ["arrow_down:a:x"]
    assert arrows["arrow_down:a:x"].xy[0] == pytest.approx(ax.get_xlim()[0])
    assert list(_by_gid(ax, "stated:")) == ["stated:b:y"]  # 约100 → [90, 110], stated value inside


def test_interval_dotplot_rejects_bad_rows():
    df = pd.DataFrame({"case_id": ["a"], "indicator": ["x"], "value": [5.0], "lower": [6.0],
                       "upper": [4.0], "lower_closed": [True], "upper_closed": [True]})
    with pytest.raises(ValueError, match=r"row 0 \(a, x\).*exceeds"):
        plots.interval_dotplot(df)
    with pytest.raises(ValueError, match="missing column.*upper_closed"):
        plots.interval_dotplot(df.drop(columns="upper_closed"))
    with pytest.raises(ValueError, match="empty"):
        plots.interval_dotplot(df.iloc[:0])


def test_synthetic_data_is_labelled():
    df = pd.DataFrame({"case_id": ["a"], "indicator": ["x"], "value": [5.0], "lower": [5.0],
                       "upper": [5.0], "lower_closed": [True], "upper_closed": [True]})
    assert "synthetic" not in plots.interval_dotplot(df).get_title().lower()
    df.attrs["synthetic"] = True
    assert "synthetic" in plots.interval_dotplot(df).get_title().lower()


# --------------------------------------------------------------------------- comparability matrix
def test_comparability_plot_indicators(chengdu):
    ind, cases = chengdu["indicators"], chengdu["cases"]
    ax = plots.comparability_plot(ind, cases=cases, codebook=chengdu["codebook"])
    cells = _by_gid(ax, "cell:")
    assert len(cells) == len(ind.drop_duplicates(["indicator", "case_id"]))
    assert all(isinstance(c, Rectangle) for c in cells.values())
    model = dict(zip(ind["case_id"], ind["model"]))
    for gid, cell in cells.items():
        assert _rgba(cell.get_facecolor()) == _rgba(MODEL_COLORS[model[gid.split(":")[2]]])
    # columns: every case with a model, grouped acquaintance < four_micro < partner
    xt = [t.get_text() for t in ax.get_xticklabels()]
    n_model_cases = cases["model"].notna().sum()
    assert len(xt) == n_model_cases == 7
    assert xt[0] == "巷子树社区\nXiangzishu" and xt[1] == "双福路社区\nShuangfulu"
    colors = [_rgba(t.get_color()) for t in ax.get_xticklabels()]
    assert colors[0] == _rgba(MODEL_COLORS["acquaintance"])
    assert colors[2:] == [_rgba(MODEL_COLORS["partner"])] * 5
    # rows: every indicator of the codebook; margin counts cases reporting each
    cb = chengdu["codebook"]
    assert len(ax.get_yticklabels()) == (cb["kind"] == "indicator").sum()
    counts = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    expected = ind.groupby("indicator")["case_id"].nunique()
    order = cb.loc[cb["kind"] == "indicator", "id"]
    assert counts == [str(expected.get(i, 0)) for i in order]


def test_comparability_plot_mechanisms_count_present_only(chengdu):
    mech = chengdu["mechanisms"]
    ax = plots.comparability_plot(mech, cases=chengdu["cases"], codebook=chengdu["codebook"])
    assert len(_by_gid(ax, "cell:")) == int(mech["present"].sum())
    assert "mechanism" in ax.get_title()


# --------------------------------------------------------------------------- dimension profile
@pytest.fixture
def scores():
    return pd.DataFrame({
        "model": ["acquaintance"] * 3 + ["four_micro"] * 3 + ["partner"] * 3,
        "dimension": ["organisation", "service", "outcome"] * 3,
        "score": [0.2, np.nan, 0.4, 0.6, 0.5, 0.9, 0.4, 0.6, 0.5],
        "lower": [0.1, np.nan, 0.2, 0.5, 0.3, 0.8, 0.2, 0.5, 0.3],
        "upper": [0.5, np.nan, 0.6, 0.7, 0.6, 1.0, 0.6, 0.7, np.inf],
    })


def test_dimension_profile_parallel(scores):
    ax = plots.dimension_profile(scores)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["organisation", "service", "outcome"]
    lines = _by_gid(ax, "profile:")
    assert set(lines) == {f"profile:{m}" for m in MODEL_COLORS}
    for gid, ln in lines.items():
        assert _rgba(ln.get_color()) == _rgba(MODEL_COLORS[gid.split(":")[1]])
    np.testing.assert_allclose(lines["profile:four_micro"].get_ydata(), [0.6, 0.5, 0.9])
    # error bars: partner's outcome interval [0.3, inf) is clipped to the plot, not dropped
    seg = _by_gid(ax, "interval:partner")["interval:partner"].get_segments()
    assert len(seg) == 3 and np.isfinite(np.asarray(seg)).all()
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "not reported"


def test_dimension_profile_radar(scores):
    ax = plots.dimension_profile(scores, kind="radar")
    assert ax.name == "polar"
    assert len(_by_gid(ax, "profile:")) == 3
    assert len(_by_gid(ax, "interval:")) == 3
    with pytest.raises(ValueError, match="polar"):
        fig, flat = plt.subplots()
        plots.dimension_profile(scores, kind="radar", ax=flat)


def test_dimension_profile_rejects(scores):
    with pytest.raises(ValueError, match="kind"):
        plots.dimension_profile(scores, kind="pie")
    bad = scores.copy()
    bad.loc[0, "score"] = 0.9
    with pytest.raises(ValueError, match="outside"):
        plots.dimension_profile(bad)
    with pytest.raises(ValueError, match="at least 3"):
        plots.dimension_profile(scores[scores["dimension"] != "outcome"], kind="radar")


# --------------------------------------------------------------------------- ranks
def test_rank_uncertainty_coinr_reference():
    path = REF / "sens_SA_N100_seed2024_RankStats.csv"
    if not path.is_file():
        pytest.fail(f"COINr reference output missing from the repository: {path}")
    ref = pd.read_csv(path)
    ax = plots.rank_uncertainty(ref)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ref.sort_values("Nominal", kind="stable")["uCode"].tolist()
    lines = _by_gid(ax, "rank_interval:")
    assert len(lines) == len(ref)
    for _, r in ref.iterrows():
        np.testing.assert_allclose(lines[f"rank_interval:{r['uCode']}"].get_xdata(), [r["Q5"], r["Q95"]])
    assert ax.get_xlim()[1] >= ref["Q95"].max()


def test_rank_uncertainty_models_and_checks(chengdu):
    r = pd.DataFrame({"case_id": ["c_xiangzishu", "c_shuangfulu"], "nominal": [2, 1],
                      "median": [2, 1], "q05": [1, 1], "q95": [2, 2],
                      "model": ["acquaintance", "four_micro"]})
    ax = plots.rank_uncertainty(r, cases=chengdu["cases"], models=govstudy.load_chengdu().models)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["双福路社区 / Shuangfulu", "巷子树社区 / Xiangzishu"]
    nom = _by_gid(ax, "nominal:")["nominal:c_xiangzishu"]
    assert _rgba(nom.get_color()) == _rgba(MODEL_COLORS["acquaintance"])
    with pytest.raises(ValueError, match="q05 <= median <= q95"):
        plots.rank_uncertainty(r.assign(q05=[3, 1]))
    with pytest.raises(ValueError, match="nominal rank"):
        plots.rank_uncertainty(r.drop(columns="nominal"))


# --------------------------------------------------------------------------- sensitivity
def test_sensitivity_bars_coinr_reference():
    path = REF / "sens_SA_N100_seed2024_Sensitivity.csv"
    if not path.is_file():
        pytest.fail(f"COINr reference output missing from the repository: {path}")
    ref = pd.read_csv(path)
    ax = plots.sensitivity_bars(ref)
    assert [t.get_text() for t in ax.get_yticklabels()] == ref["Variable"].tolist()
    first, total = _by_gid(ax, "first:"), _by_gid(ax, "total:")
    for _, r in ref.iterrows():
        assert first[f"first:{r['Variable']}"].get_width() == pytest.approx(r["Si"])
        assert total[f"total:{r['Variable']}"].get_width() == pytest.approx(r["STi"])
    # error bars from the q5/q95 columns: one segment per bar, spanning [q5, q95]
    segs = [np.asarray(s) for c in ax.collections for s in c.get_segments()]
    spans = sorted((round(s[0][0], 9), round(s[1][0], 9)) for s in segs)
    want = sorted([(round(a, 9), round(b, 9)) for a, b in zip(ref["Si_q5"], ref["Si_q95"])]
                  + [(round(a, 9), round(b, 9)) for a, b in zip(ref["STi_q5"], ref["STi_q95"])])
    assert spans == want


def test_sensitivity_bars_salib_conf():
    si = pd.DataFrame({"names": ["a", "b"], "S1": [0.2, 0.5], "S1_conf": [0.05, 0.1],
                       "ST": [0.3, 0.6], "ST_conf": [0.02, 0.04]})
    ax = plots.sensitivity_bars(si, labels={"a": "权重 / weights"})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["权重 / weights", "b"]
    assert len(ax.patches) == 4
    with pytest.raises(ValueError, match="total index"):
        plots.sensitivity_bars(si.drop(columns="ST"))


# --------------------------------------------------------------------------- wheel
def test_shipped_font_is_in_the_wheel_and_works_from_it(tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    import zipfile

    uv = shutil.which("uv") or (ROOT / ".tools" / "bin" / "uv")
    if not pathlib.Path(uv).exists():
        pytest.skip("uv not found: run `make env` (it bootstraps uv into .tools/)")
    res = subprocess.run([str(uv), "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    (wheel,) = (tmp_path / "dist").glob("govstudy-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert {"govstudy/fonts/NotoSansSC-govstudy-subset.otf", "govstudy/fonts/OFL.txt"} <= names
    code = (
        "import warnings, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "import matplotlib.font_manager as fm; from govstudy import plots\n"
        "fam = plots.use_cjk_font(prefer_installed=False)\n"
        "fig, ax = plt.subplots(); ax.set_title('巷子树社区 双福路社区 治理合伙人')\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always'); fig.canvas.draw()\n"
        "print(fam); print(fm.findfont(fam, fallback_to_default=False)); print(len(w))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin",
                              **{k: v for k, v in os.environ.items() if k in ("HOME", "MPLCONFIGDIR")}})
    assert res.returncode == 0, res.stderr
    fam, path, n_warn = res.stdout.split("\n")[:3]
    assert fam == SHIPPED_FAMILY
    assert path.startswith(str(tmp_path / "site"))
    assert n_warn == "0"


def test_interval_dotplot_relative_scale(chengdu):
    ind = chengdu["indicators"]
    ax = plots.interval_dotplot(ind, cases=chengdu["cases"], relative=True)
    assert ax.get_xscale() == "linear"
    # 80余 → (80, 90): relative (1, 1.125); 超85% → (85, 100]: (1, 100/85]
    ends = _by_gid(ax, "end_")
    assert ends["end_open:c_shuangfulu:problems_resolved:upper"].get_xdata()[0] == pytest.approx(90 / 80)
    assert ends["end_closed:c_shuangfulu:resident_participation_rate:upper"].get_xdata()[0] == pytest.approx(100 / 85)
    assert all(p.get_xdata()[0] == 1.0 for p in _by_gid(ax, "point:").values())
    assert len(_by_gid(ax, "arrow_up:")) == 4
    bad = ind.head(2).assign(value=[0.0, 1.0], lower=[0.0, 1.0], upper=[0.0, 1.0])
    with pytest.raises(ValueError, match="row 0 .*positive stated value"):
        plots.interval_dotplot(bad, relative=True)


# --------------------------------------------------------------------------- QCA XY
def test_qca_xy_plot_consistency_coverage_and_colours(chengdu):
    # analytic: min sums 0.2 + 0.4 + 0.9 = 1.5; sum x = 0.2 + 0.8 + 1.0 = 2.0; sum y = 0.6 + 0.4 + 0.9 = 1.9
    d = pd.DataFrame({"case_id": ["c_xiangzishu", "c_shuangfulu", "c_fuhe"], "X": [0.2, 0.8, 1.0],
                      "Y": [0.6, 0.4, 0.9], "model": ["acquaintance", "four_micro", "partner"]})
    ax = plots.qca_xy_plot(d, "X", "Y", cases=chengdu["cases"])
    assert ax.get_title() == f"X → Y: consistency {1.5 / 2.0:.2f}, coverage {1.5 / 1.9:.2f} (n = 3)"
    pts = _by_gid(ax, "unit:")
    assert _rgba(pts["unit:c_fuhe"].get_color()) == _rgba(MODEL_COLORS["partner"])
    assert tuple(pts["unit:c_shuangfulu"].get_xydata()[0]) == (0.8, 0.4)
    assert "府河社区 / Fuhe" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match=r"row 1 \(c_shuangfulu\): Y = 1.4"):
        plots.qca_xy_plot(d.assign(Y=[0.6, 1.4, 0.9]), "X", "Y")


# --------------------------------------------------------------------------- study design, panels
def test_power_curve_axes():
    from govstudy.design import effect_size, power_clustered

    ax = plots.power_curve("two_proportions", p1=0.85, p2=0.75, icc=[0.0, 0.1], communities=range(2, 41))
    lines = _by_gid(ax, "icc:")
    assert list(lines) == ["icc:0", "icc:0.1"]
    y0, y1 = lines["icc:0"].get_ydata(), lines["icc:0.1"].get_ydata()
    assert np.all(np.diff(y0) > 0) and np.all((y1 >= 0) & (y1 <= 1))
    assert np.all(y1 < y0)  # clustering costs power
    es = effect_size("two_proportions", p1=0.85, p2=0.75)
    assert y1[5] == pytest.approx(power_clustered("two_proportions", es, 7, 20, 0.1))
    assert ax.get_ylabel() == "power" and "communities" in ax.get_xlabel()
    assert "planning assumptions" in ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["ICC = 0", "ICC = 0.1"]
    # ICC levels are not models: none of their lines takes a model colour
    assert not {_rgba(ln.get_color()) for ln in lines.values()} & {_rgba(c) for c in MODEL_COLORS.values()}


def test_panel_and_event_study_plots_say_synthetic():
    from govstudy.simulate import event_study, simulate_panel

    p = simulate_panel(20, 6, seed=3)
    ax = plots.panel_plot(p)
    assert "SYNTHETIC" in ax.get_title() and len(ax.get_lines()) >= 2
    ax2 = plots.event_study_plot(event_study(p))
    assert "SYNTHETIC" in ax2.get_title()


def test_rank_uncertainty_draws_the_packages_own_rank_table():
    rs = pd.DataFrame({"nominal_rank": [1.0, np.nan], "median_rank": [1.0, 1.0], "q05_rank": [1.0, 1.0],
                       "q95_rank": [2.0, 1.0], "frac_ranked": [1.0, 0.5]}, index=["partner", "four_micro"])
    ax = plots.rank_uncertainty(rs)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["partner", "four_micro"]
    assert [t.get_text() for t in ax.texts] == ["scored in 50% of runs"]
    bar = _by_gid(ax, "rank_interval:")["rank_interval:partner"]
    assert list(bar.get_xdata()) == [1.0, 2.0]


def test_rank_uncertainty_on_an_uncertainty_result_uses_dataset_colours():
    from govstudy import comparability as CM
    from govstudy import uncertainty as U

    ds = govstudy.load_chengdu()
    data, fw, factors, config = CM.model_uncertainty_factors(ds)
    ua = U.uncertainty_analysis(data, fw, factors, n=64, config=config, seed=1, progress=False)
    ax = plots.rank_uncertainty(ua.rank_stats.rename_axis("model").reset_index(), models=ds.models)
    bars = _by_gid(ax, "rank_interval:")
    assert set(bars) == {f"rank_interval:{m}" for m in ds.model_ids}
    for gid, ln in bars.items():
        assert _rgba(ln.get_color()) == _rgba(ds.palette[gid.split(":")[1]])


def test_qca_xy_plot_labels_coincident_points_once():
    d = pd.DataFrame({"case_id": list("abcd"), "X": [1.0, 1.0, 1.0, 0.0], "Y": [1.0, 1.0, 1.0, 0.0]})
    ax = plots.qca_xy_plot(d, "X", "Y")
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["3 cases: a, b, c", "d"]
    ax2 = plots.qca_xy_plot(d.assign(Y=[1.0, 0.0, 1.0, 1.0]), "X", "Y", relation="necessity")
    assert "←" in ax2.get_title() and "consistency 0.67" in ax2.get_title()


def test_qca_xy_plot_x_label_default_given_and_cut():
    d = pd.DataFrame({"case_id": list("ab"), "X": [0.2, 0.8], "Y": [0.6, 0.4]})
    assert plots.qca_xy_plot(d, "X", "Y").get_xlabel() == "membership in X"
    assert plots.qca_xy_plot(d, "X", "Y", xlabel="M1: A*B").get_xlabel() == "M1: A*B"
    long = "M1: " + " + ".join(f"cond_{i}*~other_{i}" for i in range(20))
    label = plots.qca_xy_plot(d, "X", "Y", xlabel=long).get_xlabel()
    assert len(label) == 80 and label.endswith("…") and long.startswith(label[:-1])
