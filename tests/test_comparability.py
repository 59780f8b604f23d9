"""govstudy.comparability: interval arithmetic (analytic), honest refusals, Chengdu tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govstudy import comparability as M
from govstudy import uncertainty as U
from govstudy.chengdu import load_chengdu

B = M.Bounds


@pytest.fixture(scope="module")
def ds():
    return load_chengdu()


def test_bounds_arithmetic_analytic():
    assert B(1, 2) + B(3, 5) == B(4, 7)
    assert B(1, 2) - B(3, 5) == B(-4, -1)
    assert B(-1, 2) * B(3, 5) == B(-5, 10)
    assert B(34000, 35000) / B(0.82, 0.82) == B(34000 / 0.82, 35000 / 0.82)
    assert B(400, math.inf) / 3 == B(400 / 3, math.inf)
    assert B(0, 5) * B(2, math.inf) == B(0, math.inf)  # 0 * inf = 0 for counts
    with pytest.raises(ValueError, match="containing 0"):
        B(1, 2) / B(-1, 1)
    with pytest.raises(ValueError, match="lower"):
        B(2, 1)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite, finite, finite, finite, st.floats(0, 1), st.floats(0, 1))
def test_bounds_contain_every_pointwise_result(a, b, c, d, s, t):
    x, y = B(min(a, b), max(a, b)), B(min(c, d), max(c, d))
    px = x.lower + s * (x.upper - x.lower)
    py = y.lower + t * (y.upper - y.lower)
    tol = 1e-6 * (1 + abs(px) + abs(py)) ** 2
    for op, v in [(x + y, px + py), (x - y, px - py), (x * y, px * py)]:
        assert op.lower - tol <= v <= op.upper + tol
    if y.lower > 1e-3:
        q = x / y
        assert q.lower - tol <= px / py <= q.upper + tol


def test_bounds_open_and_closed_ends_analytic():
    o, c = False, True
    assert B(200, 300, o, o) / 2 == B(100, 150, o, o)  # 200余 halved stays open
    assert B(200, 300, o, o) / B(2, 4) == B(50, 150, o, o)
    assert B(400, math.inf, o) / 3 == B(400 / 3, math.inf, o, o)  # 超过400 over three years
    assert B(0, 5, c, o) * B(2, 3, o, o) == B(0, 15, c, o)  # 0 is attained: 0 * 2.5 = 0
    assert B(0, 1, o, o) * B(2, 3) == B(0, 3, o, o)  # 0 < x < 1 so 0 < x * y < 3
    assert B(-1, 2, c, o) * B(3, 5) == B(-5, 10, c, o)
    assert B(1, 2) - B(0, 5, c, o) == B(-4, 2, o, c)
    assert B(1, 2, o, o) + B(3, 4) == B(4, 6, o, o)
    assert B(0, 4, c, o) / B(2, math.inf, c, o) == B(0, 2, c, o)
    assert -B(1, 2, c, o) == B(-2, -1, o, c)
    assert str(B(200, 300, o, o) / 2) == "(100, 150)" and str(B(20, 20)) == "20"
    assert str(B(400, math.inf, o) / 3) == "(133.333, +∞)"


def test_bounds_refuse_what_is_not_an_interval():
    with pytest.raises(ValueError, match="empty"):
        B(1, 1, False, True)
    with pytest.raises(ValueError, match="infinite bound cannot be closed"):
        B(0, math.inf, True, True)
    with pytest.raises(ValueError, match="containing 0"):
        B(1, 2) / B(0, 1, False, True)  # open end at 0: unbounded quotient


def test_bounds_overlap_respects_open_ends():
    assert not B(200, 300, False, False).overlaps(B(300, 400))
    assert B(200, 300).overlaps(B(300, 400))
    assert not B(200, 300).overlaps(B(300, 400, False, True))
    assert B(0, 2, False, False).overlaps(B(1, 1))


def _grid(x):
    """Points of an interval with finite integer ends: five evenly spaced, open ends left out."""
    if x.lower == x.upper:
        return [x.lower]
    pts = [x.lower + k * (x.upper - x.lower) / 4 for k in range(5)]
    return pts[(0 if x.lower_closed else 1):(5 if x.upper_closed else 4)]


small = st.integers(-3, 3)


@st.composite
def intervals(draw, avoid_zero=False):
    a, b = sorted((draw(small), draw(small)))
    if avoid_zero and a <= 0 <= b:
        a, b = (a, b) if a > 0 else (abs(b) + 1, abs(b) + 1 + (b - a))
    if a == b:
        return B(a, b)
    return B(a, b, draw(st.booleans()), draw(st.booleans()))


@given(intervals(), intervals(), intervals(avoid_zero=True))
def test_bounds_ends_are_attained_exactly_when_closed(x, y, z):
    """Independent check: every pointwise result lies in the result interval, and an end is
    closed exactly when some pair of points reaches it (extremes of +, -, *, / over a box
    are reached at its corners, or anywhere along an edge held at a closed 0)."""
    for res, f, other in [(x + y, lambda p, q: p + q, y), (x - y, lambda p, q: p - q, y),
                          (x * y, lambda p, q: p * q, y), (x / z, lambda p, q: p / q, z)]:
        vals = [f(p, q) for p in _grid(x) for q in _grid(other)]
        assert all(res.contains(v) for v in vals), (x, other, res)
        assert res.lower_closed == (res.lower in vals), (x, other, res)
        assert res.upper_closed == (res.upper in vals), (x, other, res)


def test_comparable_indicators_are_those_of_two_models(ds):
    c = M.comparable_indicators(ds)
    assert c["indicator"].tolist() == ["parking_spaces_added", "resident_population"]
    assert c.set_index("indicator").loc["parking_spaces_added", "models"] == "acquaintance, partner"


def test_compare_indicator_keeps_intervals(ds):
    t = M.compare_indicator(ds, "parking_spaces_added")
    assert t.loc["partner", ["lower", "upper"]].tolist() == [200.0, 300.0]  # 200余 -> (200, 300)
    assert t.loc["acquaintance", "ordering"] == "2 of 2"
    p = M.compare_indicator(ds, "resident_population")
    assert p.loc["partner", "upper"] == math.inf and p.loc["four_micro", "lower"] == 34000.0


def test_refusals_name_the_missing_denominator(ds):
    with pytest.raises(ValueError, match=r"no 'resident_population' for c_xiangzishu \(acquaintance\)"):
        M.compare_indicator(ds, "parking_spaces_added", per="resident")
    with pytest.raises(ValueError, match="1 model"):
        M.compare_indicator(ds, "playgrounds_built")
    with pytest.raises(ValueError, match="not reported for model"):
        M.compare_indicator(ds, "parking_spaces_added", models=("four_micro", "partner"))
    with pytest.raises(ValueError, match="period is not a known length"):
        M.per_unit_values(ds, "parking_spaces_added", per="year")


def test_density_is_an_interval(ds):
    t = M.per_unit_values(ds, "resident_population", per="km2", cases=["c_shuangfulu"]).iloc[0]
    assert t["lower"] == pytest.approx(34000 / 0.82) and t["upper"] == pytest.approx(35000 / 0.82)
    # 3.4万余 excludes both ends and the area is exact, so the density excludes both ends too
    assert (t["lower_closed"], t["upper_closed"]) == (False, False)
    assert t["interval"] == "(41463.4, 42682.9)"


def test_per_year_keeps_the_open_end_of_chao(ds):
    src = ds.indicators.set_index("indicator").loc["elderly_assistance_person_times"]
    assert (src["lower"], src["lower_closed"], src["upper"]) == (400.0, False, math.inf)  # 超过400
    t = M.per_unit_values(ds, "elderly_assistance_person_times", per="year").iloc[0]
    assert t["lower"] == 400 / 3 and not t["lower_closed"] and t["interval"] == "(133.333, +∞)"


def test_minmax_bounds_exact_by_brute_force():
    rng = np.random.default_rng(0)
    b = {"a": B(0, 4), "b": B(2, 3), "c": B(1, 6)}
    mm = M._minmax_bounds(b, +1)
    x = np.stack([rng.uniform(v.lower, v.upper, 20000) for v in b.values()], axis=1)
    x = np.vstack([x, np.array(np.meshgrid(*[[v.lower, v.upper] for v in b.values()])).reshape(3, -1).T])
    s = (x - x.min(1, keepdims=True)) / (x.max(1, keepdims=True) - x.min(1, keepdims=True))
    for j, m in enumerate(b):
        assert mm[m].lower == pytest.approx(s[:, j].min()) and mm[m].upper == pytest.approx(s[:, j].max())


def test_dimension_scores_only_where_comparable(ds):
    t = M.dimension_scores(ds)
    scored = t[t["n_indicators"] > 0]
    assert scored[["dimension", "model"]].values.tolist() == [["outcome", "acquaintance"], ["outcome", "partner"]]
    assert (t.loc[t["n_indicators"] == 0, "note"] != "").all()


def test_three_model_index_uncertainty_flags_unrankable_model(ds):
    data, fw, factors, config = M.model_uncertainty_factors(ds)
    ua = U.uncertainty_analysis(data, fw, factors, n=400, config=config, seed=1)
    rs = ua.rank_stats
    # min-max drops lone figures: four-micro has no comparable figure, so no score
    assert np.isnan(rs.loc["four_micro", "nominal_rank"])
    assert 0.3 < rs.loc["four_micro", "frac_ranked"] < 0.7
    with pytest.raises(ValueError, match="undefined"):
        U.sensitivity_analysis(data, fw, factors, n=64, config=config, seed=1,
                               target=("rank_gap", "four_micro", "partner"))


def test_comparison_attempts_refuse_what_one_case_per_model_cannot_support(ds):
    from govstudy.datasets import comparability_matrix

    att = M.comparison_attempts(ds)
    first = att[att["attempt"] == "all models, default statistics"]
    assert len(first) == ds.indicators["indicator"].nunique()
    shared = comparability_matrix(ds)
    n_shared = int((shared["n_models"] >= 2).sum())
    pairs = att[att["attempt"] == "reporting models, permutation"]
    assert len(pairs) == n_shared  # one pair per indicator reported by exactly two models
    # ... computed unless a case is stated only as "more than v" (no point value inside (v, inf))
    no_point = pairs[pairs["outcome"] == "refused"]
    assert no_point["reason"].str.contains("no point value inside").all()
    assert no_point["indicator"].tolist() == ["resident_population"]
    computed = att[att["outcome"] == "computed"]
    assert len(computed) == n_shared - len(no_point)
    assert (computed["p_min"] >= 0.05).all() and computed["reason"].str.contains("p_min").all()
    assert (first["outcome"] == "refused").all()


def test_several_cases_per_model_are_summarised_not_refused(ds):
    # two partner units report parking: the model row is the mean of the independent ones
    ds = ds.copy()
    row = ds.indicators[(ds.indicators["indicator"] == "parking_spaces_added")].iloc[[-1]].copy()
    row["case_id"], row["lower"], row["upper"], row["value"] = "c_xinhui", 100.0, 100.0, 100.0
    row["lower_closed"] = row["upper_closed"] = True
    ds.indicators = pd.concat([ds.indicators, row], ignore_index=True)
    t = M.compare_indicator(ds, "parking_spaces_added")
    assert t.loc["partner", "n_cases"] == 2 and t.loc["partner", "n_independent"] == 2
    assert (t.loc["partner", "lower"], t.loc["partner", "upper"]) == (150.0, 200.0)  # mean of (200, 300) and 100
    assert (t.loc["partner", "case_min"], t.loc["partner", "case_max"]) == (100.0, 300.0)
    assert t.loc["partner", "ordering"] == "1 of 2" and bool(t.loc["partner", "all_cases"])


def test_a_nested_unit_is_not_counted_twice(ds):
    ds = ds.copy()
    ind = ds.indicators
    base = ind[ind["indicator"] == "parking_spaces_added"].iloc[[-1]].copy()
    parent = base.assign(case_id="c_yingjiang", lower=10.0, upper=10.0, value=10.0, lower_closed=True,
                         upper_closed=True)
    child = base.assign(case_id="c_lingguanqu1", lower=4.0, upper=4.0, value=4.0, lower_closed=True,
                        upper_closed=True)
    ds.indicators = pd.concat([ind, parent, child], ignore_index=True)
    t = M.compare_indicator(ds, "parking_spaces_added")
    # c_lingguanqu lies inside c_yingjiang: three reporting units, two independent
    assert t.loc["partner", "n_cases"] == 3 and t.loc["partner", "n_independent"] == 2
