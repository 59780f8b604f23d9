"""Tests for govstudy.compare against independent answers.

References used:
- scipy.stats.permutation_test (exact enumeration) and hand enumeration;
- Borenstein, Hedges, Higgins & Rothstein (2009), *Introduction to
  Meta-Analysis*, ch. 4 worked example (d = 0.5970, J = 0.9923, g = 0.5924);
- Cliff's delta = 2 U / (m n) - 1 with U from scipy.stats.mannwhitneyu;
- Newcombe (1998) Stat Med 17:857-872, Table I (Wilson and exact intervals);
- analytic Clopper-Pearson bound for 0 successes: 1 - (alpha/2)^(1/n).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from govstudy.compare import (
    cliffs_delta,
    compare_models,
    hedges_g,
    permutation_anova,
    proportion_ci,
    summarize_models,
)


def _long(groups: dict[str, list[float]], indicator="x", bounds=None) -> pd.DataFrame:
    rows = []
    for g, vals in groups.items():
        for i, v in enumerate(vals):
            rows.append({"case_id": f"{g}{i}", "indicator": indicator, "value": v, "lower": v, "upper": v, "model": g})
    d = pd.DataFrame(rows)
    if bounds:
        for cid, (lo, hi) in bounds.items():
            d.loc[d.case_id == cid, ["lower", "upper"]] = [lo, hi]
    return d


def _diff(a, b, axis=-1):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


# --------------------------------------------------------------- permutation
@pytest.mark.parametrize("sizes", [(3, 4), (2, 5), (4, 4), (5, 6)])
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_exact_permutation_matches_scipy(sizes, alternative):
    rng = np.random.default_rng(sum(sizes))
    x = rng.normal(0, 1, sizes[0]).round(2)
    y = rng.normal(0.8, 1, sizes[1]).round(2)
    ref = stats.permutation_test((x, y), _diff, n_resamples=np.inf, alternative=alternative, vectorized=True)
    res = compare_models(_long({"a": list(x), "b": list(y)}), "x", statistics=["permutation"], alternative=alternative)
    assert res.loc[0, "method"] == "exact"
    assert res.loc[0, "n_relabellings"] == math.comb(sum(sizes), sizes[0]) == ref.null_distribution.size
    assert res.loc[0, "p_val"] == pytest.approx(ref.pvalue, abs=1e-12)
    assert res.loc[0, "diff"] == pytest.approx(ref.statistic)


def test_exact_permutation_hand_enumeration_single_case():
    # A = {3}, B = {1, 2}: the 3 relabellings give diffs 1.5, -1.5, 0.
    res = compare_models(_long({"a": [3.0], "b": [1.0, 2.0]}), "x", statistics=["permutation"], alternative="greater")
    assert res.loc[0, "p_val"] == pytest.approx(1 / 3)
    assert res.loc[0, "p_min"] == pytest.approx(1 / 3)
    two = compare_models(_long({"a": [3.0], "b": [1.0, 2.0]}), "x", statistics=["permutation"])
    assert two.loc[0, "p_val"] == pytest.approx(2 / 3)  # 2 * min(1/3, 3/3)
    assert two.loc[0, "p_min"] == pytest.approx(2 / 3)


def test_p_min_says_when_nothing_can_be_significant():
    one_each = compare_models(_long({"a": [10.0], "b": [90.0]}), "x", statistics=["permutation", "cliffs_delta"])
    assert one_each.loc[0, "p_min"] == 1.0
    assert one_each.loc[0, "p_val"] == 1.0
    assert one_each.loc[0, "cliffs_delta"] == -1.0
    # 3 vs 4 with perfectly separated data reaches exactly p_min = 2/35 > 0.05
    sep = compare_models(_long({"a": [1.0, 2, 3], "b": [6.0, 7, 8, 9]}), "x", statistics=["permutation"])
    assert sep.loc[0, "p_min"] == pytest.approx(2 / 35)
    assert sep.loc[0, "p_val"] == pytest.approx(2 / 35)


def test_monte_carlo_when_too_many_relabellings_is_seeded_and_close_to_exact():
    rng = np.random.default_rng(7)
    d = _long({"a": list(rng.normal(0, 1, 6)), "b": list(rng.normal(1, 1, 6))})
    exact = compare_models(d, "x", statistics=["permutation"])
    mc1 = compare_models(d, "x", statistics=["permutation"], max_exact=100, n_resamples=4000, seed=3)
    mc2 = compare_models(d, "x", statistics=["permutation"], max_exact=100, n_resamples=4000, seed=3)
    assert mc1.loc[0, "method"] == "monte-carlo"
    assert mc1.loc[0, "n_relabellings"] == 4000
    assert mc1.loc[0, "p_val"] == mc2.loc[0, "p_val"]
    assert mc1.loc[0, "p_min"] == pytest.approx(2 / 4001)
    # sampling error of a p near 0.03 with 4000 draws is about 0.003
    assert mc1.loc[0, "p_val"] == pytest.approx(exact.loc[0, "p_val"], abs=0.015)


def test_pairs_and_order_follow_categories():
    d = _long({"acquaintance": [1.0, 2], "four_micro": [3.0, 4], "partner": [5.0, 6, 7]})
    d["model"] = pd.Categorical(d["model"], categories=["acquaintance", "four_micro", "partner"], ordered=True)
    res = compare_models(d, "x", seed=0)
    assert list(zip(res.A, res.B)) == [
        ("acquaintance", "four_micro"),
        ("acquaintance", "partner"),
        ("four_micro", "partner"),
    ]
    assert res.loc[1, "diff"] == pytest.approx(1.5 - 6.0)


# -------------------------------------------------------------- permutation ANOVA
def test_permutation_anova_matches_scipy():
    samples = ([1.0, 5.0], [5.0, 0.0], [2.0, 3, 4, 6, 7])

    def ssb(*s, axis=-1):
        allv = np.concatenate(s, axis=axis)
        g = allv.mean(axis=axis, keepdims=True)
        return sum(si.shape[axis] * (si.mean(axis=axis, keepdims=True) - g) ** 2 for si in s).squeeze(axis)

    ref = stats.permutation_test(samples, ssb, n_resamples=np.inf, alternative="greater", vectorized=True)
    res = permutation_anova(_long(dict(zip("abc", samples))), "x")
    assert res.loc[0, "n_relabellings"] == ref.null_distribution.size == 756
    assert res.loc[0, "p_val"] == pytest.approx(ref.pvalue)
    # F statistic of scipy's one-way ANOVA is a monotone function of SS between
    f = stats.f_oneway(*samples).statistic
    ss_total = np.sum((np.concatenate(samples) - np.mean(np.concatenate(samples))) ** 2)
    ssb_obs = res.loc[0, "ss_between"]
    assert f == pytest.approx((ssb_obs / 2) / ((ss_total - ssb_obs) / (9 - 3)))


def test_permutation_anova_hand_enumeration_one_one_five():
    vals = [1.0, 5.0, 2.0, 3.0, 4.0, 6.0, 7.0]
    labels_obs = (0, 1, 2, 2, 2, 2, 2)

    def ss(labels):
        v = np.array(vals)
        lab = np.array(labels)
        return sum((lab == g).sum() * (v[lab == g].mean() - v.mean()) ** 2 for g in range(3))

    distinct = set(itertools.permutations(labels_obs))
    assert len(distinct) == 42
    obs = ss(labels_obs)
    p = sum(ss(lab) >= obs - 1e-12 for lab in distinct) / 42
    res = permutation_anova(_long({"a": [1.0], "b": [5.0], "c": [2.0, 3, 4, 6, 7]}), "x")
    assert res.loc[0, "p_val"] == pytest.approx(p)
    # the most extreme split (100 and -100 alone) is shared with its label swap
    extreme = permutation_anova(_long({"a": [100.0], "b": [-100.0], "c": [1.0, 2, 3, 4, 5]}), "x")
    assert extreme.loc[0, "p_val"] == pytest.approx(2 / 42) == res.loc[0, "p_min"]


# -------------------------------------------------------------- effect sizes
def _exact_sample(mean, sd, n):
    z = np.linspace(-1, 1, n)
    z = (z - z.mean()) / z.std(ddof=1)
    return mean + sd * z


def test_hedges_g_borenstein_textbook_example():
    x = _exact_sample(103, 5.5, 50)
    y = _exact_sample(100, 4.5, 50)
    assert hedges_g(x, y) == pytest.approx(0.5924, abs=5e-5)
    # and the formula spelled out
    sw = math.sqrt((49 * 5.5**2 + 49 * 4.5**2) / 98)
    assert hedges_g(x, y) == pytest.approx((1 - 3 / (4 * 98 - 1)) * 3 / sw)


def test_hedges_g_needs_two_per_group():
    with pytest.raises(ValueError, match="at least 2"):
        hedges_g([1.0], [1.0, 2.0])
    assert math.isnan(hedges_g([1.0, 1.0], [2.0, 2.0]))


def test_cliffs_delta_hand_count_and_mann_whitney():
    # pairs (x, y): 1<2, 1<4, 2=2, 2<4, 3>2, 3<4 -> (1 - 4) / 6
    assert cliffs_delta([1, 2, 3], [2, 4]) == pytest.approx(-0.5)
    rng = np.random.default_rng(1)
    x = rng.integers(0, 6, 9).astype(float)
    y = rng.integers(0, 6, 7).astype(float)
    u = stats.mannwhitneyu(x, y).statistic
    assert cliffs_delta(x, y) == pytest.approx(2 * u / (9 * 7) - 1)


# -------------------------------------------------------------- intervals
def test_bounds_give_exact_ranges():
    # a0 is "超85%" -> (85, 100]; b1 is "近30" -> [27, 30)
    d = _long({"a": [85.0, 90.0], "b": [20.0, 30.0]}, bounds={"a0": (85.0, 100.0), "b1": (27.0, 30.0)})
    res = compare_models(d, "x", seed=0)
    assert res.loc[0, "diff"] == pytest.approx(87.5 - 25.0)
    assert res.loc[0, "diff_low"] == pytest.approx(87.5 - 25.0)  # a at lower, b at upper
    assert res.loc[0, "diff_high"] == pytest.approx(95.0 - 23.5)
    s = summarize_models(d, "x")
    assert s.loc[0, ["mean_low", "mean_high", "max_high"]].tolist() == [87.5, 95.0, 100.0]
    assert s.loc[1, ["mean_low", "mean_high", "min_low"]].tolist() == [23.5, 25.0, 20.0]
    assert s.n_exact.tolist() == [1, 1]


def test_cliffs_delta_range_over_intervals():
    # overlapping intervals: the order of a0 and b0 is not known
    d = _long({"a": [5.0, 9.0], "b": [6.0, 1.0]}, bounds={"a0": (4.0, 7.0)})
    res = compare_models(d, "x", statistics=["cliffs_delta"])
    # point: 5<6, 5>1, 9>6, 9>1 -> 2/4; a0 at 4: same; a0 at 7: 4/4
    assert res.loc[0, "cliffs_delta"] == pytest.approx(0.5)
    assert res.loc[0, "cliffs_delta_low"] == pytest.approx(0.5)
    assert res.loc[0, "cliffs_delta_high"] == pytest.approx(1.0)


def test_infinite_upper_bound_kept():
    d = _long({"a": [400.0, 10.0], "b": [5.0, 6.0]}, bounds={"a0": (400.0, math.inf)})
    res = compare_models(d, "x", seed=0)
    assert res.loc[0, "diff_high"] == math.inf
    assert summarize_models(d, "x").loc[0, "mean_high"] == math.inf


# -------------------------------------------------------------- ties (issue 13, item 3)
@pytest.mark.parametrize("x, y", [([0.0, 0.4], [0.3, 0.1]), ([-0.3, -0.9, 0.6], [-0.2])])
def test_exact_p_counts_ties_with_the_observed_difference(x, y):
    # both observed differences are 0 up to rounding: every relabelling is at least as extreme
    # on one side, so the exact two-sided p is 1 (the old code halved it: 0.667 and 0.5)
    r = compare_models(_long({"a": x, "b": y}), "x", statistics=["permutation"])
    assert r.loc[0, "p_val"] == 1.0
    # hand enumeration of the first case: labellings give diffs 0, 0.2, -0.2, 0.2, -0.2, 0 (x2)
    if len(y) == 2:
        ref = stats.permutation_test((x, y), _diff, permutation_type="independent", vectorized=True,
                                     n_resamples=np.inf)
        assert ref.pvalue == pytest.approx(1.0)
        assert permutation_anova(_long({"a": x, "b": y}), "x").loc[0, "p_val"] == pytest.approx(1.0)


def test_exact_p_with_zero_observed_difference_against_enumeration():
    # a = {1, 3}, b = {0, 4}: observed diff 0; p("greater") = share of the six splits with diff >= 0
    x, y = [1.0, 3.0], [0.0, 4.0]
    data = np.array(x + y)
    diffs = [data[list(c)].mean() - np.delete(data, list(c)).mean() for c in itertools.combinations(range(4), 2)]
    p_greater = np.mean(np.array(diffs) >= -1e-12)
    r = compare_models(_long({"a": x, "b": y}), "x", statistics=["permutation"], alternative="greater")
    assert r.loc[0, "p_val"] == pytest.approx(p_greater)


# -------------------------------------------------------------- one case per model, point values
def test_one_case_per_model_is_flagged_uninformative():
    r = compare_models(_long({"a": [20.0], "b": [200.0]}), "x", statistics=["permutation", "cliffs_delta"])
    assert not r.loc[0, "informative"]
    assert r.loc[0, "p_val"] == 1.0 and r.loc[0, "p_min"] == 1.0
    two = compare_models(_long({"a": [1.0, 2.0], "b": [3.0, 4.0]}), "x")
    assert two.loc[0, "informative"]


def test_point_value_on_open_end_replaced_by_midpoint():
    d = _long({"a": [20.0, 30.0], "b": [200.0, 210.0]}, bounds={"b0": (200.0, 300.0)})
    d["lower_closed"] = True
    d["upper_closed"] = True
    d.loc[d.case_id == "b0", ["lower_closed", "upper_closed"]] = [False, False]  # "200余" = (200, 300)
    r = compare_models(d, "x", seed=0)
    assert r.loc[0, "mean_B"] == pytest.approx((250.0 + 210.0) / 2)
    assert r.loc[0, "diff_low"] <= r.loc[0, "diff"] <= r.loc[0, "diff_high"]
    ref = stats.ttest_ind([20.0, 30.0], [250.0, 210.0], equal_var=False).confidence_interval()
    assert r.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([ref.low, ref.high])
    # closed ends keep the stated value
    d.loc[d.case_id == "b0", ["lower_closed", "upper_closed"]] = [True, False]
    assert compare_models(d, "x").loc[0, "mean_B"] == pytest.approx(205.0)
    # "more than 200", (200, inf): no point inside, point statistics refused
    d.loc[d.case_id == "b0", ["upper", "lower_closed"]] = [math.inf, False]
    with pytest.raises(ValueError, match=r"b0 have only an interval, no point value inside"):
        compare_models(d, "x")


# -------------------------------------------------------------- interval for the difference (item 2)
@pytest.mark.parametrize("n", [2, 3, 6])
def test_default_interval_is_welch_t_from_scipy(n):
    rng = np.random.default_rng(n)
    x, y = rng.normal(0, 1, n), rng.normal(0.5, 2, n + 1)
    r = compare_models(_long({"a": list(x), "b": list(y)}), "x", confidence_level=0.9)
    ref = stats.ttest_ind(x, y, equal_var=False).confidence_interval(confidence_level=0.9)
    assert r.loc[0, "ci_method"] == "welch-t"
    assert r.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([ref.low, ref.high], rel=1e-12)


def test_small_sample_interval_covers_near_nominal():
    # 300 data sets of 3 vs 3 normal cases, true difference 0: the old percentile bootstrap
    # covered about 0.81 of the time, the Welch interval 0.96 (benchmarks/coverage.py, R = 1000)
    rng = np.random.default_rng(2024)
    hits = 0
    for _ in range(300):
        d = _long({"a": list(rng.normal(0, 1, 3)), "b": list(rng.normal(0, 1, 3))})
        r = compare_models(d, "x", statistics=["welch"], seed=rng)
        hits += r.loc[0, "ci_low"] < 0 < r.loc[0, "ci_high"]
    assert hits / 300 >= 0.91  # binomial sd at 0.95 is 0.013


def test_bootstrap_and_welch_are_exclusive():
    d = _long({"a": list(range(25)), "b": list(range(3, 28))})
    with pytest.raises(ValueError, match="ask for one interval"):
        compare_models(d, "x", statistics=["welch", "bootstrap"])
    r = compare_models(d, "x", statistics=["bootstrap"], n_resamples=200, seed=1)
    assert r.loc[0, "ci_method"] == "percentile bootstrap"


# -------------------------------------------------------------- bootstrap
def test_bootstrap_seeded_and_close_to_t_interval_for_large_samples():
    rng = np.random.default_rng(11)
    x, y = rng.normal(1, 1, 200), rng.normal(0, 1, 200)
    d = _long({"a": list(x), "b": list(y)})
    r1 = compare_models(d, "x", statistics=["bootstrap"], n_resamples=4000, seed=5)
    r2 = compare_models(d, "x", statistics=["bootstrap"], n_resamples=4000, seed=5)
    assert r1.loc[0, ["ci_low", "ci_high"]].tolist() == r2.loc[0, ["ci_low", "ci_high"]].tolist()
    ci = stats.ttest_ind(x, y, equal_var=False).confidence_interval()
    assert r1.loc[0, "ci_low"] == pytest.approx(ci.low, abs=0.03)
    assert r1.loc[0, "ci_high"] == pytest.approx(ci.high, abs=0.03)


# -------------------------------------------------------------- refusals
def test_group_without_observation_names_model_and_indicator():
    d = _long({"acquaintance": [1.0], "partner": [2.0, 3.0]}, indicator="satisfaction")
    d["model"] = pd.Categorical(d["model"], categories=["acquaintance", "four_micro", "partner"])
    with pytest.raises(ValueError, match=r"model 'four_micro' has no observation of indicator 'satisfaction'"):
        compare_models(d, "satisfaction")
    with pytest.raises(ValueError, match="four_micro"):
        summarize_models(d, "satisfaction")


def test_too_few_for_statistic_names_model_indicator_and_statistic():
    d = _long({"acquaintance": [1.0], "partner": [2.0, 3.0]}, indicator="households")
    with pytest.raises(ValueError, match=r"'acquaintance' has 1 observation\(s\) of indicator 'households'; hedges_g"):
        compare_models(d, "households", statistics=["hedges_g"])
    with pytest.raises(ValueError, match="bootstrap needs at least 20 per group"):
        compare_models(d, "households", statistics=["bootstrap"])
    ok = compare_models(d, "households", statistics=["permutation"])
    assert ok.loc[0, "p_min"] == pytest.approx(2 / 3)


def test_bad_input_is_refused():
    d = _long({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    with pytest.raises(ValueError, match="no rows for indicator 'nope'"):
        compare_models(d, "nope")
    d2 = d.copy()
    d2.loc[0, "value"] = np.nan
    with pytest.raises(ValueError, match=r"case\(s\) a0 have only an interval"):
        compare_models(d2, "x", statistics=["permutation"])
    d3 = d.copy()
    d3.loc[1, "lower"] = 5.0
    with pytest.raises(ValueError, match="case 'a1'"):
        compare_models(d3, "x")
    with pytest.raises(ValueError, match="unknown statistic"):
        compare_models(d, "x", statistics=["t-test"])
    with pytest.raises(ValueError, match="alternative"):
        compare_models(d, "x", alternative="bigger")


def test_parent_units_without_model_are_not_a_group():
    d = _long({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    parent = pd.DataFrame([{"case_id": "district", "indicator": "x", "value": 99.0, "lower": 99.0, "upper": 99.0}])
    d = pd.concat([d, parent], ignore_index=True)
    res = compare_models(d, "x", statistics=["permutation"])
    assert res.loc[0, ["n_A", "n_B"]].tolist() == [2, 2]


# -------------------------------------------------------------- shares
@pytest.mark.parametrize(
    "count,nobs,wilson,exact",
    [
        (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
        (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
        (0, 20, (0.0, 0.1611), (0.0, 0.1684)),
        (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
    ],
)
def test_proportion_ci_newcombe_1998(count, nobs, wilson, exact):
    w = proportion_ci(count, nobs, method="wilson")
    b = proportion_ci(count, nobs, method="beta")
    assert w.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx(wilson, abs=6e-5)
    assert b.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx(exact, abs=6e-5)


def test_proportion_ci_analytic_and_vectorised():
    b = proportion_ci(0, 10, method="beta")
    assert b.loc[0, "ci_high"] == pytest.approx(1 - 0.025 ** (1 / 10))
    # Wilson by its closed form
    z = stats.norm.ppf(0.975)
    n, p = 40, 12 / 40
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    w = proportion_ci([12, 3], [40, 9])
    assert w.loc[0, ["ci_low", "ci_high"]].tolist() == pytest.approx([centre - half, centre + half])
    assert len(w) == 2 and w.loc[1, "proportion"] == pytest.approx(1 / 3)


def test_proportion_ci_refuses_impossible_shares():
    with pytest.raises(ValueError, match="count=5, nobs=3"):
        proportion_ci(5, 3)
    with pytest.raises(ValueError, match="whole numbers"):
        proportion_ci(2.5, 10)
    with pytest.raises(ValueError, match="method"):
        proportion_ci(1, 10, method="wald")


# -------------------------------------------------------------- Chengdu data
def test_chengdu_three_model_comparison_is_refused_with_names():
    from govstudy import load_chengdu

    ds = load_chengdu()
    with pytest.raises(ValueError, match=r"model 'four_micro' has no observation of indicator 'parking_spaces_added'"):
        compare_models(ds.indicators, "parking_spaces_added")
    # the two reporting models have one case each: default statistics are refused ...
    with pytest.raises(ValueError, match=r"model 'acquaintance' has 1 observation\(s\) of indicator"):
        compare_models(ds.indicators, "parking_spaces_added", groups=["acquaintance", "partner"])
    # ... and the exact test that remains cannot be significant whatever the numbers
    r = compare_models(ds.indicators, "parking_spaces_added", groups=["acquaintance", "partner"],
                       statistics=["permutation", "cliffs_delta"])
    assert r.loc[0, "n_relabellings"] == 2 and r.loc[0, "p_min"] == 1.0 and r.loc[0, "p_val"] == 1.0
    # bounds kept: 20 (exact) against 200余 = (200, 300)
    ind = ds.indicators.set_index(["indicator", "case_id"])
    a = ind.loc[("parking_spaces_added", "c_xiangzishu")]
    b = ind.loc[("parking_spaces_added", "c_fuhe")]
    assert r.loc[0, "diff_low"] == a["lower"] - b["upper"] and r.loc[0, "diff_high"] == a["upper"] - b["lower"]
    # the point difference uses a value inside (200, 300): its midpoint, not the excluded 200
    assert r.loc[0, "mean_B"] == 250.0 and r.loc[0, "diff"] == a["value"] - 250.0
    assert not r.loc[0, "informative"]


# -------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_vals = st.lists(st.integers(-50, 50).map(float), min_size=1, max_size=5)
_widths = st.lists(st.integers(0, 20).map(float), min_size=5, max_size=5)


@settings(max_examples=40, deadline=None)
@given(x=_vals, y=_vals, wx=_widths, wy=_widths)
def test_properties_of_pairwise_comparison(x, y, wx, wy):
    d = _long({"a": x, "b": y})
    d["upper"] = d["value"] + [*wx[: len(x)], *wy[: len(y)]]
    r = compare_models(d, "x", statistics=["permutation", "cliffs_delta"]).iloc[0]
    assert r["p_min"] <= r["p_val"] <= 1.0
    assert r["p_min"] == pytest.approx(min(1.0, 2 / math.comb(len(x) + len(y), len(x))))
    assert r["diff_low"] <= r["diff"] + 1e-9 and r["diff"] <= r["diff_high"] + 1e-9
    assert r["cliffs_delta_low"] <= r["cliffs_delta"] <= r["cliffs_delta_high"]
    assert cliffs_delta(x, y) == -cliffs_delta(y, x)
    swapped = compare_models(d, "x", groups=["b", "a"], statistics=["permutation"]).iloc[0]
    assert swapped["p_val"] == pytest.approx(r["p_val"])  # two-sided test is symmetric
