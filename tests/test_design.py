"""Tests for govstudy.design against analytic answers and published tables.

- Design effect 1 + (m - 1) ICC (Kish 1965): hand values.
- Two-sample t test, d = 0.5, alpha = .05, power = .80: 64 per group (Cohen 1988,
  Table 2.4.1); exact noncentral-t answer 63.77.
- One-way ANOVA, k = 3, f = 0.25, alpha = .05, power = .80: 52 per group in
  Cohen (1988) Table 8.4.4 (approximation); the exact noncentral-F total is
  159 (53 per group).
- Two proportions with Cohen's h: n = 2 ((z_{1-a/2} + z_{1-b}) / h)^2 per group;
  Cohen (1988) Table 6.4.1, h = 0.2 -> 392.
- Power recomputed directly from scipy's noncentral t / F distributions.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from govstudy.design import (  # noqa: E402
    communities_needed,
    design_effect,
    effect_size,
    n_per_arm,
    power_clustered,
    sample_size_table,
)


def test_design_effect_formula():
    assert design_effect(21, 0.05) == pytest.approx(2.0)
    assert design_effect(1, 0.3) == 1.0
    assert design_effect(50, 0.0) == 1.0
    assert design_effect(30, 1.0) == 30.0
    np.testing.assert_allclose(design_effect([11, 101], 0.1), [2.0, 11.0])
    with pytest.raises(ValueError, match="ICC"):
        design_effect(10, 1.5)
    with pytest.raises(ValueError, match=">= 1"):
        design_effect(0, 0.1)


def test_ttest_sample_size_cohen_table():
    n = n_per_arm("ttest", 0.5)
    assert n == pytest.approx(63.77, abs=0.01)
    assert math.ceil(n) == 64  # Cohen (1988) Table 2.4.1
    # power at 64 per group from the noncentral t distribution directly
    df, ncp = 126, 0.5 * math.sqrt(64 / 2)
    crit = stats.t.isf(0.025, df)
    power = stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
    assert power >= 0.8 and power == pytest.approx(0.8015, abs=5e-4)


def test_anova_sample_size_cohen_and_noncentral_f():
    n = n_per_arm("anova", 0.25, k_groups=3)
    assert 52 <= n <= 53  # Cohen (1988) Table 8.4.4 gives 52
    total = 3 * math.ceil(n)
    assert total == 159
    lam = 0.25**2 * total
    crit = stats.f.isf(0.05, 2, total - 3)
    assert stats.ncf.sf(crit, 2, total - 3, lam) >= 0.8
    # the table with one resident per "community" and no ICC is the plain ANOVA
    t = sample_size_table("anova", f=0.25, residents_per_community=[1], icc=[0.0])
    assert t.loc[0, "communities_per_arm"] == 53 and t.loc[0, "total_communities"] == 159


def test_two_proportions_matches_closed_form():
    h = 2 * math.asin(math.sqrt(0.85)) - 2 * math.asin(math.sqrt(0.75))
    assert effect_size("two_proportions", p1=0.85, p2=0.75) == pytest.approx(h)
    z = stats.norm.isf(0.025) + stats.norm.isf(0.2)
    # var(2 asin sqrt(p_hat)) = 1/n per group, so the difference has 2/n;
    # statsmodels also counts the (negligible) opposite tail
    assert n_per_arm("two_proportions", h) == pytest.approx(2 * (z / h) ** 2, rel=1e-3)
    # Cohen (1988) Table 6.4.1: h = 0.2, alpha = .05 two-sided, power .80 -> n = 392
    assert n_per_arm("two_proportions", 0.2) == pytest.approx(392, abs=1)


def test_anova_effect_size_from_means():
    # f = sd of means (ddof=0) / within sd: means 70, 75, 80 -> sqrt(50/3) / 20
    assert effect_size("anova", means=[70, 75, 80], sd=20) == pytest.approx(math.sqrt(50 / 3) / 20)


def test_clustered_table_against_design_effect_formula():
    t = sample_size_table(
        "two_proportions", p1=0.85, p2=0.75, residents_per_community=[10, 20, 50], icc=[0.0, 0.05, 0.1]
    )
    n_srs = t.loc[0, "n_srs_per_arm"]
    for _, r in t.iterrows():
        deff = 1 + (r.residents_per_community - 1) * r.icc
        assert r.design_effect == pytest.approx(deff)
        formula = max(2, math.ceil(n_srs * deff / r.residents_per_community))
        c = int(r.communities_per_arm)
        # t with the communities' df: at least the formula's number (one more is typical, as
        # Hayes & Bennett 1999 advise; more when communities are few), and the fewest reaching 0.8
        assert c >= formula
        es, m = r.effect_size, int(r.residents_per_community)
        assert power_clustered("two_proportions", es, c, m, r.icc) >= 0.8
        assert c == 2 or power_clustered("two_proportions", es, c - 1, m, r.icc) < 0.8
        assert r.total_communities == 2 * c
        assert r.total_residents == 2 * c * m


@pytest.mark.parametrize("c, m, icc, expected", [(7, 200, 0.02, 0.782), (25, 20, 0.05, 0.798)])
def test_two_proportion_power_uses_community_degrees_of_freedom(c, m, icc, expected):
    # issue 13, item 5: noncentral t with 2 (c - 1) df on Cohen's h, by hand. The normal
    # approximation gave 0.847 and 0.814; a simulated cluster-level test about 0.775 and 0.788.
    h = effect_size("two_proportions", p1=0.85, p2=0.75)
    n_eff = c * m / (1 + (m - 1) * icc)
    df, ncp = 2 * (c - 1), h * math.sqrt(n_eff / 2)
    crit = stats.t.isf(0.025, df)
    hand = stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
    got = power_clustered("two_proportions", h, c, m, icc)
    assert got == pytest.approx(hand, abs=1e-6)
    assert round(got, 3) == expected
    # the table no longer promises power 0.8 with the 7 communities the normal approximation asked for
    t = sample_size_table("two_proportions", p1=0.85, p2=0.75, residents_per_community=[200], icc=[0.02])
    assert int(t.loc[0, "communities_per_arm"]) == 8


def test_more_residents_cannot_replace_communities():
    n_srs = n_per_arm("two_proportions", effect_size("two_proportions", p1=0.85, p2=0.75))
    # limit m -> infinity: communities per arm -> n_srs * ICC
    c_big = communities_needed(n_srs, 100_000, 0.05)
    assert c_big == math.ceil(n_srs * 0.05) or c_big == math.ceil(n_srs * 0.05) + 1
    assert communities_needed(n_srs, 20, 0.05) > c_big


def test_ttest_cluster_degrees_of_freedom_add_communities():
    t = sample_size_table("ttest", d=0.5, residents_per_community=[20], icc=[0.05])
    formula = communities_needed(n_per_arm("ttest", 0.5), 20, 0.05)
    c = int(t.loc[0, "communities_per_arm"])
    assert c in (formula, formula + 1)
    assert power_clustered("ttest", 0.5, c, 20, 0.05) >= 0.8
    assert power_clustered("ttest", 0.5, c - 1, 20, 0.05) < 0.8
    # by hand: df = 2 (c - 1), ncp = d sqrt(n_eff / 2)
    n_eff = c * 20 / 1.95
    df, ncp = 2 * (c - 1), 0.5 * math.sqrt(n_eff / 2)
    crit = stats.t.isf(0.025, df)
    hand = stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
    assert power_clustered("ttest", 0.5, c, 20, 0.05) == pytest.approx(hand, abs=1e-6)


def test_one_community_per_model_is_refused():
    with pytest.raises(ValueError, match="at least 2 communities"):
        power_clustered("ttest", 0.5, 1, 20, 0.05)


def test_bad_planning_values_are_refused():
    with pytest.raises(ValueError, match="p1"):
        effect_size("two_proportions", p1=1.2, p2=0.5)
    with pytest.raises(ValueError, match="non-zero"):
        effect_size("ttest", d=0)
    with pytest.raises(ValueError, match="test must be"):
        effect_size("chi2", d=0.3)


