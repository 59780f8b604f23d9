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
from govstudy.datasets import load_chengdu

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
