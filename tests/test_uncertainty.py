"""govstudy.uncertainty: analytic Sobol' indices, the vectorised engine vs build_index,
and COINr's uncertainty/sensitivity results on ASEM (tests/reference/composite)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govstudy import composite as C
from govstudy import uncertainty as U

from .conftest import require_distributed

#: COINr 1.1.14 outputs (MIT), copied into the repository: see tests/reference/composite/README.md
REF = Path(__file__).resolve().parent / "reference" / "composite"


def _need_ref():
    if not (REF / "ASEM_iData.csv").exists():
        pytest.fail(f"COINr reference data missing from the repository at {REF}")


@pytest.fixture(scope="module")
def asem():
    _need_ref()
    fw = C.framework_from_coinr(pd.read_csv(REF / "ASEM_iMeta.csv"))
    data = C.data_from_coinr(pd.read_csv(REF / "ASEM_iData.csv"))
    return data, fw


CFG = dict(impute_method="mean", impute_groups="EurAsia_group", screen={"min_availability": 0.9},
           treat={"winmax": 5})
NORMS = [{"method": "minmax", "low": 1, "high": 100}, {"method": "zscore", "mean": 10, "sd": 2}]


def coinr_factors():
    """COINr's get_sensitivity example: the four uncertain assumptions of the README."""
    return [U.Choice("Winmax", "treat.winmax", [1, 2, 3, 4, 5]),
            U.Choice("Normalisation", "normalisation", NORMS),
            U.WeightNoise("Weights", levels=(2, 3), rel=0.25),
            U.Choice("Aggregation", "aggregation", ["amean", "gmean"])]


# ----------------------------------------------------------------------------- Sobol' estimator


def test_sobol_linear_function_analytic_and_coinr():
    _need_ref()
    ref = pd.read_csv(REF / "coinr" / "SA_estimate_linear_testfunction_N10000_seed42.csv")
    t = U.sobol_indices(lambda u: u[:, 0] + 2 * u[:, 1] + 3 * u[:, 2], ["V1", "V2", "V3"], 10000, seed=42,
                        n_boot=300)
    analytic = np.array([1, 4, 9]) / 14
    assert np.allclose(ref["analytic"], analytic)
    # additive function: S1 = ST = analytic share of variance
    assert np.allclose(t["S1"], analytic, atol=0.02)
    assert np.allclose(t["ST"], analytic, atol=0.02)
    # COINr's own estimates (different random design) are within the same tolerance
    # (COINr's estimate of S1 for V2 is 0.043 off the analytic value)
    assert np.allclose(t["S1"], ref["Si"], atol=0.05) and np.allclose(t["ST"], ref["STi"], atol=0.03)
    # the bootstrap intervals contain the truth
    assert ((t["ST_ci_low"] <= analytic + 0.005) & (analytic - 0.005 <= t["ST_ci_high"])).all()


def test_sobol_point_estimates_equal_salib_analyze():
    from SALib.analyze import sobol as sobol_analyze

    names = ["a", "b", "c"]
    u = U._sobol_design(names, names, 512, seed=7)
    y = np.sin(2 * np.pi * u[:, 0]) + 7 * np.sin(2 * np.pi * u[:, 1]) ** 2 + 0.1 * u[:, 2] ** 4
    mine = U._sobol_table(y, names, 50, 0.9, seed=1)
    problem = {"num_vars": 3, "names": names, "bounds": [[0, 1]] * 3}
    s = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=10, seed=1)
    assert np.allclose(mine["S1"], s["S1"], atol=1e-12) and np.allclose(mine["ST"], s["ST"], atol=1e-12)


def test_sobol_interaction_only_factor():
    # y = (u0 - 1/2) * (u1 - 1/2): no first-order effect, all interaction
    t = U.sobol_indices(lambda u: (u[:, 0] - 0.5) * (u[:, 1] - 0.5), ["a", "b"], 4096, seed=5)
    assert np.allclose(t["S1"], 0, atol=0.05) and np.allclose(t["ST"], 1, atol=0.08)


# ----------------------------------------------------------------------------- engine = build_index


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_replication_equals_build_index(asem, seed):
    data, fw = asem
    factors = coinr_factors()
    plan = U._plan(data, fw, factors, CFG)
    u = np.random.default_rng(seed).random((4, plan.n_vars))
    scores = U._run_batch(plan, u)
    for r in range(len(u)):
        win = [1, 2, 3, 4, 5][min(int(u[r, 0] * 5), 4)]
        norm = NORMS[min(int(u[r, 1] * 2), 1)]
        agg = ["amean", "gmean"][min(int(u[r, -1] * 2), 1)]
        w = fw.weights()
        nodes = [c for c in fw.table.index if fw.table.at[c, "level"] in (2, 3)]
        w[nodes] = w[nodes].to_numpy() * (0.75 + 0.5 * u[r, 2:12])
        res = C.build_index(data, fw, **{**CFG, "treat": {"winmax": win}, "normalisation": norm,
                                         "aggregation": agg, "weights": w})
        assert np.allclose(scores[r], res.scores["Index"].reindex(plan.units), rtol=0, atol=1e-9)


def test_engine_with_intervals_and_continuous_matches_build_index(asem):
    data, fw = asem
    lo = pd.DataFrame({"LPI": data["LPI"] * 0.9, "Population": data["Population"] * 0.95}, index=data.index)
    hi = pd.DataFrame({"LPI": data["LPI"] * 1.1, "Population": data["Population"] * 1.05}, index=data.index)
    factors = [U.IntervalValues(lo, hi, name="Values"),
               U.Continuous("Skew", "treat.skew_thresh", 1.5, 2.5),
               U.Choice("Agg", "aggregation", ["amean", {"method": "genmean", "p": 0.5}])]
    plan = U._plan(data, fw, factors, CFG)
    u = np.random.default_rng(3).random((3, plan.n_vars))
    scores = U._run_batch(plan, u)
    n_units = len(data)
    for r in range(3):
        d2 = data.copy()
        d2["LPI"] = lo["LPI"] + u[r, :n_units] * (hi["LPI"] - lo["LPI"])
        d2["Population"] = lo["Population"] + u[r, n_units:2 * n_units] * (hi["Population"] - lo["Population"])
        st = 1.5 + u[r, 2 * n_units]
        agg = ["amean", {"method": "genmean", "p": 0.5}][min(int(u[r, -1] * 2), 1)]
        res = C.build_index(d2, fw, **{**CFG, "treat": {"winmax": 5, "skew_thresh": st},
                                       "aggregation": agg})
        assert np.allclose(scores[r], res.scores["Index"].reindex(plan.units), rtol=0, atol=1e-9)


def test_rank_desc_equals_pandas():
    s = np.array([[3.0, 1.0, 3.0, np.nan, 2.0]])
    expect = pd.Series(s[0]).rank(ascending=False, method="min").to_numpy()
    assert np.array_equal(U._rank_desc(s)[0], expect, equal_nan=True)


# ----------------------------------------------------------------------------- COINr UA / SA


def test_uncertainty_analysis_consistent_with_coinr(asem):
    data, fw = asem
    ua = U.uncertainty_analysis(data, fw, coinr_factors(), n=1000, config=CFG, seed=2024)
    ref = pd.read_csv(REF / "coinr" / "sens_UA_N1000_seed2024_RankStats.csv").set_index("uCode")
    m = ua.rank_stats.reindex(ref.index)
    assert (m["nominal_rank"] == ref["Nominal"]).all()
    # different random draws: the 5-95 % intervals must overlap, summaries close
    assert ((m["q05_rank"] <= ref["Q95"]) & (ref["Q5"] <= m["q95_rank"])).all()
    assert (m["mean_rank"] - ref["Mean"]).abs().max() < 1.0
    assert (m["median_rank"] - ref["Median"]).abs().max() <= 1.0
    assert ((m["q05_rank"] <= m["median_rank"]) & (m["median_rank"] <= m["q95_rank"])).all()


def test_sensitivity_total_indices_consistent_with_coinr_n1000(asem):
    # 6000 vectorised rebuilds of the index from the raw data (a few seconds)
    data, fw = asem
    sa = U.sensitivity_analysis(data, fw, coinr_factors(), n=1000, config=CFG, seed=2024,
                                progress=False)
    ref = pd.read_csv(REF / "coinr" / "sens_SA_N1000_seed2024_Sensitivity.csv").set_index("Variable")
    s = sa.sensitivity.set_index("factor").reindex(ref.index)
    # our bootstrap interval overlaps COINr's, for every factor
    assert ((s["ST_ci_low"] <= ref["STi_q95"]) & (ref["STi_q5"] <= s["ST_ci_high"])).all()
    assert ((s["S1_ci_low"] <= ref["Si_q95"]) & (ref["Si_q5"] <= s["S1_ci_high"])).all()
    # the ordering COINr reports: aggregation > normalisation > weights > winsorisation
    assert s["ST"].sort_values().index.tolist() == ["Winmax", "Weights", "Normalisation", "Aggregation"]
    rs = pd.read_csv(REF / "coinr" / "sens_SA_N1000_seed2024_RankStats.csv").set_index("uCode")
    assert (sa.rank_stats["nominal_rank"].reindex(rs.index) == rs["Nominal"]).all()


# ----------------------------------------------------------------------------- small analytic cases


@pytest.fixture
def toy():
    fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"], "parent": ["I", "I", None],
                                              "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    d = pd.DataFrame({"x": [10.0, 0.0, 5.0], "y": [0.0, 10.0, 4.0]}, index=["a", "b", "c"])
    return d, fw


def test_rank_gap_target_driven_only_by_weights(toy):
    d, fw = toy
    factors = [U.WeightNoise("W", levels=[1], rel=0.5),
               U.Choice("Norm", "normalisation", ["minmax", {"method": "minmax", "low": 0, "high": 1}])]
    sa = U.sensitivity_analysis(d, fw, factors, n=512, target=("rank_gap", "a", "b"), seed=0)
    s = sa.sensitivity.set_index("factor")
    # min-max range does not change any rank: the gap depends on the weights alone
    assert s.loc["Norm", "ST"] == pytest.approx(0.0, abs=1e-12)
    assert s.loc["W", "ST"] == pytest.approx(1.0, abs=0.05)
    # a (strong on x) is ahead of b exactly when x weighs more than y
    u = sa.design
    w_x, w_y = 0.5 + u[:, 0], 0.5 + u[:, 1]
    clear = np.abs(w_x - w_y) > 1e-9
    assert np.array_equal(np.sign(sa.target_values[clear]), np.sign(w_y - w_x)[clear])


def test_interval_values_drawn_inside_bounds_and_infinite_bounds(toy):
    d, fw = toy
    lo = pd.DataFrame({"x": [9.0, np.nan, 5.0]}, index=d.index)
    hi = pd.DataFrame({"x": [np.inf, np.nan, 5.0]}, index=d.index)
    with pytest.raises(ValueError, match="infinite bound"):
        U.uncertainty_analysis(d, fw, [U.IntervalValues(lo, hi)], n=10, seed=0)
    # observed: +inf becomes the largest value seen for x (10): draws in [9, 10]
    plan = U._plan(d, fw, [U.IntervalValues(lo, hi, unbounded="observed")], {})
    kinds, rows, cols, l, h, lc, hc = plan.cells[0]
    assert rows.tolist() == [0] and l.tolist() == [9.0] and h.tolist() == [10.0]
    # a factor: (9, inf) -> [9, 18]
    plan = U._plan(d, fw, [U.IntervalValues(lo, hi, unbounded=2.0)], {})
    assert plan.cells[0][4].tolist() == [18.0]
    bad = pd.DataFrame({"x": [11.0, np.nan, np.nan]}, index=d.index)
    with pytest.raises(ValueError, match="nominal value"):
        U.uncertainty_analysis(d, fw, [U.IntervalValues(bad, bad + 1)], n=10, seed=0)


def test_observed_cap_keeps_open_ended_figures_moving_inside_their_interval(toy):
    # issue 13, item 4: a unit holding the column's only (or largest) figure, stated as "more
    # than 400" = (400, inf). The old cap was the column maximum, 400 itself: the cell was frozen
    # at a value its interval excludes. Now: 2 * 400, draws in (400, 800].
    d, fw = toy
    d = d.assign(x=[400.0, 0.0, 5.0])
    lo = pd.DataFrame({"x": [400.0, np.nan, np.nan]}, index=d.index)
    hi = pd.DataFrame({"x": [np.inf, np.nan, np.nan]}, index=d.index)
    open_lo = pd.DataFrame({"x": [False, True, True]}, index=d.index)
    f = U.IntervalValues(lo, hi, unbounded="observed", lower_closed=open_lo)
    plan = U._plan(d, fw, [f], {})
    kinds, rows, cols, l, h, lc, hc = plan.cells[0]
    assert l.tolist() == [400.0] and h.tolist() == [800.0] and lc.tolist() == [False] and hc.tolist() == [True]
    u = np.array([[0.0], [0.25], [0.999999]])
    drawn = U._settings(plan, u)["values"][0][3]
    assert (drawn > 400).all() and (drawn <= 800).all()
    assert drawn[0, 0] == 800.0 and drawn[1, 0] == pytest.approx(700.0)  # (400, 800] drawn from the top
    # with a larger figure elsewhere in the column, that figure is the cap
    d2 = d.assign(x=[400.0, 650.0, 5.0])
    plan2 = U._plan(d2, fw, [f], {})
    assert plan2.cells[0][4].tolist() == [650.0]


def test_draws_honour_closedness_of_the_ends():
    u = np.array([0.0, 1e-300, 0.5, 1 - 2 ** -53])
    lo, hi = np.full(4, 85.0), np.full(4, 100.0)
    t, f = np.ones(4, bool), np.zeros(4, bool)
    closed_open = U._draw(u, lo, hi, t, f)       # [85, 100)
    open_closed = U._draw(u, lo, hi, f, t)       # (85, 100], as "超85%"
    open_open = U._draw(u, lo, hi, f, f)         # (85, 100)
    closed = U._draw(u, lo, hi, t, t)            # [85, 100]
    assert closed_open[0] == 85.0 and (closed_open < 100).all()
    assert open_closed[0] == 100.0 and (open_closed > 85).all()
    assert ((open_open > 85) & (open_open < 100)).all()
    assert ((closed >= 85) & (closed <= 100)).all()
    assert closed_open[2] == open_closed[2] == 92.5


def test_chengdu_open_ended_figures_are_drawn_inside_their_intervals():
    # issue 13, item 4: the three open-ended figures of the three-model index, (400, inf),
    # (40, inf), (900, inf), were frozen at 400, 40 and 900
    from govstudy.chengdu import load_chengdu
    from govstudy.comparability import model_uncertainty_factors

    data, fw, factors, config = model_uncertainty_factors(load_chengdu())
    f = factors[0]
    inf_cells = [(u, c) for c in f.upper.columns for u in f.upper.index if np.isinf(f.upper.at[u, c])]
    assert len(inf_cells) == 3
    plan = U._plan(data, fw, [f], config)
    kinds, rows, cols, l, h, lc, hc = plan.cells[0]
    units = list(data.index)
    for u, c in inf_cells:
        k = [j for j in range(len(rows)) if units[rows[j]] == u and cols[j] == c]
        assert len(k) == 1, f"{u}/{c} is not drawn at all"
        assert h[k[0]] > l[k[0]] == f.lower.at[u, c]


def test_interval_values_move_ranks_within_interval(toy):
    d, fw = toy
    # c's y is only known to lie in [0, 10]: c can be first, second or third
    lo = pd.DataFrame({"y": [np.nan, np.nan, 0.0]}, index=d.index)
    hi = pd.DataFrame({"y": [np.nan, np.nan, 10.0]}, index=d.index)
    ua = U.uncertainty_analysis(d.assign(y=[0.0, 10.0, 4.0]), fw, [U.IntervalValues(lo, hi)],
                                n=400, seed=1, config={"normalisation": {"method": "none"}})
    rs = ua.rank_stats
    # raw sum: a = 10, b = 10, c = 5 + y_c in [5, 15]
    y = 5 + (ua.design[:, 0] * 10)
    assert np.array_equal(ua.ranks[:, 2], np.where(y > 10, 1.0, 3.0))
    assert rs.loc["c", "q05_rank"] == 1.0 and rs.loc["c", "q95_rank"] == 3.0


def test_seed_reproducible(toy):
    d, fw = toy
    f = [U.WeightNoise("W", levels=[1], rel=0.5)]
    a = U.uncertainty_analysis(d, fw, f, n=50, seed=11)
    b = U.uncertainty_analysis(d, fw, f, n=50, seed=11)
    assert np.array_equal(a.scores, b.scores)
    c = U.uncertainty_analysis(d, fw, f, n=50, seed=None)
    assert c.scores.shape == (50, 3)


def test_bad_factor_targets():
    with pytest.raises(ValueError, match="target must be one of"):
        U.Choice("x", "weights", [1, 2])
    with pytest.raises(ValueError, match="target must be one of"):
        U.Continuous("x", "normalisation", 0, 1)


@pytest.mark.parametrize("screen,before", [({"min_availability": 0.9}, True),
                                           ({"min_nonzero": 0.95}, False)])
def test_engine_with_screening_that_drops_units_matches_build_index(asem, screen, before):
    data, fw = asem
    cfg = {**CFG, "screen": screen, "screen_before_impute": before}
    factors = [U.Choice("Winmax", "treat.winmax", [1, 3, 5]), U.WeightNoise("W", levels=(2,), rel=0.25)]
    plan = U._plan(data, fw, factors, cfg)
    assert 10 < len(plan.units) < len(data)  # some units screened out
    u = np.random.default_rng(9).random((2, plan.n_vars))
    scores = U._run_batch(plan, u)
    for r in range(2):
        w = fw.weights()
        w[fw.codes(2)] = w[fw.codes(2)].to_numpy() * (0.75 + 0.5 * u[r, 1:])
        res = C.build_index(data, fw, **{**cfg, "treat": {"winmax": [1, 3, 5][min(int(u[r, 0] * 3), 2)]},
                                         "weights": w})
        assert np.allclose(scores[r], res.scores["Index"].reindex(plan.units), rtol=0, atol=1e-9)


def test_dedupe_gives_the_same_scores_as_full_replication(asem):
    data, fw = asem
    a = U.uncertainty_analysis(data, fw, coinr_factors(), n=60, config=CFG, seed=4)
    b = U.uncertainty_analysis(data, fw, coinr_factors(), n=60, config=CFG, seed=4, dedupe=False)
    assert np.allclose(a.scores, b.scores, rtol=0, atol=1e-9)


def test_engine_imputation_choice_and_power_parameter_match_build_index(asem):
    data, fw = asem
    factors = [U.Choice("Imputation", "impute_method", ["mean", "median"]),
               U.Continuous("p", "aggregation.p", 0.5, 2.0),
               U.Choice("Agg", "aggregation", [{"method": "genmean", "p": 1.0}])]
    plan = U._plan(data, fw, factors, CFG)
    u = np.random.default_rng(12).random((4, plan.n_vars))
    scores = U._run_batch(plan, u)
    for r in range(4):
        imp = ["mean", "median"][min(int(u[r, 0] * 2), 1)]
        res = C.build_index(data, fw, **{**CFG, "impute_method": imp,
                                         "aggregation": {"method": "genmean", "p": 0.5 + 1.5 * u[r, 1]}})
        assert np.allclose(scores[r], res.scores["Index"].reindex(plan.units), rtol=0, atol=1e-9)


# ----------------------------------------------------------------------------- presentation


def test_to_frame_is_a_copy_of_the_rank_statistics(toy):
    d, fw = toy
    ua = U.uncertainty_analysis(d, fw, [U.WeightNoise("W", levels=[1], rel=0.5)], n=50, seed=3)
    t = ua.to_frame()
    pd.testing.assert_frame_equal(t, ua.rank_stats)
    t.iloc[0, 0] = -1.0
    assert ua.rank_stats.iloc[0, 0] != -1.0


def test_uncertainty_summary_shows_interval_of_an_unknown_value(toy):
    d, fw = toy
    lo = pd.DataFrame({"y": [np.nan, np.nan, 0.0]}, index=d.index)
    hi = pd.DataFrame({"y": [np.nan, np.nan, 10.0]}, index=d.index)
    ua = U.uncertainty_analysis(d.assign(y=[0.0, 10.0, 4.0]), fw, [U.IntervalValues(lo, hi)],
                                n=400, seed=1, config={"normalisation": {"method": "none"}})
    s = ua.summary()
    text = s.as_text()
    assert "Uncertainty analysis of the ranks" in text and "Runs: 400" in " ".join(text.split())
    assert "Factor Values: 1 data value(s) drawn uniformly in their intervals" in text
    shown = s.tables[0][1]
    assert list(shown.index) == list(ua.rank_stats.sort_values(["median_rank", "mean_rank"]).index)
    pd.testing.assert_frame_equal(shown.sort_index(), ua.rank_stats.sort_index())
    # c's 5-95 % rank interval is [1, 3] (analytic, see the engine test above)
    line = next(x for x in text.splitlines() if x.startswith("c "))
    assert line.split()[4:6] == ["1", "3"]


def test_sensitivity_summary_holds_the_indices(toy):
    d, fw = toy
    factors = [U.WeightNoise("W", levels=[1], rel=0.5),
               U.Choice("Norm", "normalisation", ["minmax", {"method": "minmax", "low": 0, "high": 1}])]
    sa = U.sensitivity_analysis(d, fw, factors, n=512, target=("rank_gap", "a", "b"), seed=0)
    s = sa.summary()
    text = s.as_text()
    assert "Runs: 2048 = 512 x (2 factors + 2)" in " ".join(text.split())
    assert "Factor Norm: normalisation: one of minmax, minmax" in text
    assert "Factor W:    weights at level(s) 1 x U(0.5, 1.5)" in text
    pd.testing.assert_frame_equal(s.tables[1][1], sa.sensitivity)
    norm = next(x for x in text.splitlines() if x.startswith("Norm "))
    st = float(norm.split()[4])
    assert st == 0.0  # the min-max range changes no rank
    w = next(x for x in text.splitlines() if x.startswith("W "))
    assert float(w.split()[4]) == pytest.approx(sa.sensitivity.set_index("factor").loc["W", "ST"], abs=5e-4)


def test_summary_caveats_for_units_scored_in_some_runs_and_escaped_html():
    rs = pd.DataFrame({"nominal_rank": [1.0, np.nan], "mean_rank": [1.2, 1.0], "median_rank": [1.0, 1.0],
                       "q05_rank": [1.0, 1.0], "q95_rank": [2.0, 1.0], "frac_ranked": [1.0, 0.25]},
                      index=pd.Index(["partner", "<b>"], name="unit"))
    r = U.UncertaintyResult(rs, np.zeros((8, 1)), np.zeros((8, 2)), np.zeros((8, 2)), None, [],
                            notes=["a note from the analysis"], settings={"seed": 2026})
    s = r.summary()
    text = str(s)
    assert "\nSeed:   2026" in text and "a note from the analysis" in text
    assert "<b> has a score in 25% of the runs" in text
    assert "<b> has no score in the nominal index" in text
    assert s.tables[0][1].index.tolist() == ["<b>", "partner"]
    html = s._repr_html_()
    assert "&lt;b&gt;" in html and "<b>" not in html


# ----------------------------------------------------------------------------- on a Dask cluster
# Known answer: the local run with the same seed, to the last bit. The batches are small so that several
# of them (a partial last one too) go to the two worker processes of the cluster.


@pytest.fixture(scope="module")
def dask_client(dask_cluster):
    distributed = require_distributed()
    with distributed.Client(dask_cluster, set_as_default=False) as client:
        yield client


def _batches_run(stream) -> int:
    return sum(t["key"].startswith("_run_batch-") for t in stream.data)


def test_uncertainty_analysis_on_a_cluster_equals_the_local_run(asem, dask_client):
    distributed = require_distributed()
    data, fw = asem
    local = U.uncertainty_analysis(data, fw, coinr_factors(), n=70, config=CFG, seed=7, batch_size=16)
    with distributed.get_task_stream(client=dask_client) as ts:
        remote = U.uncertainty_analysis(data, fw, coinr_factors(), n=70, config=CFG, seed=7, batch_size=16,
                                        scheduler=dask_client)
    assert _batches_run(ts) == 5  # 4 x 16 + 6: every batch ran on the cluster
    np.testing.assert_array_equal(remote.design, local.design)
    np.testing.assert_array_equal(remote.scores, local.scores)
    np.testing.assert_array_equal(remote.ranks, local.ranks)
    pd.testing.assert_frame_equal(remote.rank_stats, local.rank_stats, check_exact=True)
    assert remote.settings == local.settings  # where it ran is not a setting of the result
    assert dask_client.status == "running"  # a client passed in is left open


def test_sensitivity_analysis_on_a_cluster_address_equals_the_local_run(asem, dask_cluster, dask_client):
    distributed = require_distributed()
    data, fw = asem
    kw = dict(n=16, config=CFG, seed=3, batch_size=25, n_boot=200, target=("rank_gap", "CHN", "DEU"))
    local = U.sensitivity_analysis(data, fw, coinr_factors(), **kw)
    with distributed.get_task_stream(client=dask_client) as ts:
        remote = U.sensitivity_analysis(data, fw, coinr_factors(), scheduler=dask_cluster.scheduler_address, **kw)
    assert len(local.design) == 96 and _batches_run(ts) == 4  # 16 x (4 factors + 2) rows in batches of 25
    np.testing.assert_array_equal(remote.design, local.design)
    np.testing.assert_array_equal(remote.scores, local.scores)
    np.testing.assert_array_equal(remote.target_values, local.target_values)
    pd.testing.assert_frame_equal(remote.sensitivity, local.sensitivity, check_exact=True)
    pd.testing.assert_frame_equal(remote.rank_stats, local.rank_stats, check_exact=True)
    assert np.isfinite(remote.sensitivity["ST"]).all()


def test_simulate_on_a_cluster_with_intervals_and_progress(asem, dask_cluster, dask_client, capsys):
    data, fw = asem
    lo = pd.DataFrame({"LPI": data["LPI"] * 0.9, "Population": data["Population"] * 0.95}, index=data.index)
    hi = pd.DataFrame({"LPI": data["LPI"] * 1.1, "Population": data["Population"] * 1.05}, index=data.index)
    factors = [U.IntervalValues(lo, hi, name="Values"), U.Continuous("Skew", "treat.skew_thresh", 1.5, 2.5),
               U.Choice("Agg", "aggregation", ["amean", {"method": "genmean", "p": 0.5}])]
    n_vars = U._plan(data, fw, factors, CFG).n_vars
    u = np.random.default_rng(5).random((40, n_vars))
    local = U.simulate(data, fw, factors, u, config=CFG, batch_size=12, target="Conn")
    for scheduler in (dask_client, dask_cluster.scheduler_address):
        capsys.readouterr()
        got = U.simulate(data, fw, factors, u, config=CFG, batch_size=12, target="Conn", progress=True,
                         scheduler=scheduler)
        np.testing.assert_array_equal(got, local)
        err = capsys.readouterr().err  # not a terminal: the final plain line counts every replication
        assert err.strip().splitlines()[-1].startswith("replications: 40/40 rep")
    assert local.shape == (40, len(U._plan(data, fw, factors, CFG).units)) and np.isfinite(local).all()


@pytest.mark.parametrize("run", ["uncertainty_analysis", "sensitivity_analysis", "simulate"])
@pytest.mark.parametrize("bad", [8786, ["tcp://127.0.0.1:8786"], b"tcp://127.0.0.1:8786"])
def test_wrong_scheduler_type_is_a_clear_type_error(toy, run, bad):
    d, fw = toy
    f = [U.WeightNoise("W", levels=[1], rel=0.5)]
    call = {"uncertainty_analysis": lambda: U.uncertainty_analysis(d, fw, f, n=8, scheduler=bad),
            "sensitivity_analysis": lambda: U.sensitivity_analysis(d, fw, f, n=8, scheduler=bad),
            "simulate": lambda: U.simulate(d, fw, f, np.zeros((8, 2)), scheduler=bad)}[run]
    with pytest.raises(TypeError, match=rf"^{run}: scheduler must be None \(run in this process\), a Dask scheduler "
                                        rf"address such as 'tcp://host:8786' or a distributed.Client; "
                                        rf"got {type(bad).__name__}$"):
        call()


def test_scheduler_errors_name_the_fix(toy, dask_cluster, monkeypatch):
    d, fw = toy
    f = [U.WeightNoise("W", levels=[1], rel=0.5)]
    with pytest.raises(TypeError, match=r"got LocalCluster \(for a cluster object, pass cluster.scheduler_address"):
        U.uncertainty_analysis(d, fw, f, n=8, scheduler=dask_cluster)
    with pytest.raises(ValueError, match="scheduler is an empty address"):
        U.uncertainty_analysis(d, fw, f, n=8, scheduler=" ")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ImportError, match=r"^uncertainty_analysis: scheduler= needs Dask's distributed scheduler: "
                                          r"pip install 'govstudy\[cluster\]'$"):
        U.uncertainty_analysis(d, fw, f, n=8, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(TypeError, match="got int"):  # a wrong type stays a TypeError without distributed
        U.uncertainty_analysis(d, fw, f, n=8, scheduler=8786)
