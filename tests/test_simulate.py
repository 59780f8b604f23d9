"""Tests for govstudy.simulate: labelling, reproducibility, and estimators
against known truths (noise-free panels give exact answers; on a fixed set
of seeds, confidence intervals cover the true effect at about the nominal
rate; TWFE fails under staggered adoption with dynamic effects).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from statsmodels.regression.linear_model import OLS  # noqa: E402

from govstudy.simulate import (  # noqa: E402
    cohort_att,
    event_study,
    fit_mixed,
    simulate_panel,
    simulate_residents,
    simulation_study,
    twfe_did,
)


# ------------------------------------------------------------- labelling
def test_every_synthetic_table_is_labelled():
    p = simulate_panel(10, 5, seed=0)
    r = simulate_residents(3, 4, seed=0)
    for df in (p, r):
        assert df.attrs["synthetic"] is True
        assert df["synthetic"].dtype == bool and df["synthetic"].all()
    for out in (twfe_did(p), event_study(p), cohort_att(p), fit_mixed(r)):
        assert out["synthetic"].all()


def test_estimates_from_observed_data_are_not_labelled_synthetic():
    p = simulate_panel(10, 5, seed=0).drop(columns="synthetic")
    p.attrs = {}
    assert not twfe_did(p)["synthetic"].any()


def test_same_seed_same_data():
    a = simulate_panel(15, 6, effect_sd=0.3, seed=42)
    b = simulate_panel(15, 6, effect_sd=0.3, seed=42)
    c = simulate_panel(15, 6, effect_sd=0.3, seed=43)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["y"], c["y"])
    pd.testing.assert_frame_equal(simulate_residents(seed=1), simulate_residents(seed=1))


# ------------------------------------------------------------- generator truth
def test_panel_structure_and_true_att():
    p = simulate_panel(30, 8, effect=2.0, dynamic=0.5, effect_sd=0.2, seed=3)
    treated = p["treated"] == 1
    assert p.attrs["true_att"] == pytest.approx(p.loc[treated, "true_effect"].mean())
    assert (p.loc[~treated, "true_effect"] == 0).all()
    adopters = p["cohort"].notna()
    assert ((p.loc[adopters, "year"] >= p.loc[adopters, "cohort"]) == treated[adopters]).all()
    assert not treated[~adopters].any()
    assert p.loc[~adopters, "unit"].nunique() == 9  # 30 % never-adopters
    # effect_sd = 0 and dynamic = 0 -> every treated year has exactly `effect`
    q = simulate_panel(10, 6, effect=1.5, seed=3)
    assert np.allclose(q.loc[q.treated == 1, "true_effect"], 1.5)


def test_panel_icc_is_the_between_community_share():
    p = simulate_panel(2000, 4, icc=0.4, never_treated=0.99, year_sd=0.0, seed=5)
    p = p[p["cohort"].isna()]
    unit_mean = p.groupby("unit")["y"].mean()
    within = p.groupby("unit")["y"].var().mean()
    between = unit_mean.var() - within / 4  # Var(unit mean) = s_a^2 + s_e^2 / T
    assert between / (between + within) == pytest.approx(0.4, abs=0.04)


def test_residents_icc_and_means():
    r = simulate_residents(300, 10, icc=0.2, seed=2)
    cm = r.groupby("community")["y"].mean()
    within = r.groupby("community")["y"].var().mean()
    m = r.groupby("community")["model"].first()
    between = (cm - m.map(r.attrs["model_means"]).astype(float)).var() - within / 10
    assert between / (between + within) == pytest.approx(0.2, abs=0.04)


# ------------------------------------------------------------- TWFE
def test_twfe_noise_free_is_exact():
    p = simulate_panel(12, 6, effect=0.7, sd=0.0, adopter_shift=2.0, trend=0.3, seed=1)
    assert twfe_did(p).loc[0, "estimate"] == pytest.approx(0.7, abs=1e-9)


def test_twfe_matches_dummy_regression_and_cluster_formula():
    p = simulate_panel(16, 5, seed=9)
    X = pd.get_dummies(p[["unit", "year"]].astype(str), drop_first=True, dtype=float)
    X.insert(0, "const", 1.0)
    X.insert(0, "treated", p["treated"].astype(float))
    ref = OLS(p["y"], X).fit(cov_type="cluster", cov_kwds={"groups": p["unit"]})  # with (N-1)/(N-K) correction
    r = twfe_did(p)
    assert r.loc[0, "estimate"] == pytest.approx(ref.params["treated"])
    n, k_all, g = len(p), X.shape[1], 16
    # same sandwich, with the unit dummies left out of K
    expected_se = ref.bse["treated"] * np.sqrt((n - k_all) / (n - (k_all - (g - 1))))
    assert r.loc[0, "se"] == pytest.approx(expected_se)


def test_twfe_unbalanced_panel_uses_dummies_and_matches_statsmodels():
    p = simulate_panel(16, 5, seed=9).drop(index=[3, 17, 40]).reset_index(drop=True)
    X = pd.get_dummies(p[["unit", "year"]].astype(str), drop_first=True, dtype=float)
    X.insert(0, "const", 1.0)
    X.insert(0, "treated", p["treated"].astype(float))
    ref = OLS(p["y"], X).fit(cov_type="cluster", cov_kwds={"groups": p["unit"]})
    r = twfe_did(p)
    n, k_all, g = len(p), X.shape[1], 16
    assert r.loc[0, "estimate"] == pytest.approx(ref.params["treated"])
    assert r.loc[0, "se"] == pytest.approx(ref.bse["treated"] * np.sqrt((n - k_all) / (n - (k_all - (g - 1)))))


def test_twfe_ci_coverage_near_nominal_on_fixed_seeds():
    hits = 0
    for seed in range(200):
        r = twfe_did(simulate_panel(20, 6, effect=1.0, seed=seed))
        hits += r.loc[0, "ci_low"] < 1.0 < r.loc[0, "ci_high"]
    assert 0.88 <= hits / 200 <= 0.99


def test_twfe_biased_under_staggered_dynamic_effects_cohort_att_is_not():
    for seed in range(3):
        p = simulate_panel(
            60, 10, effect=0.0, dynamic=0.5, never_treated=0.2, cohorts=[2017, 2019, 2021], sd=0.5, seed=seed
        )
        truth = p.attrs["true_att"]
        assert truth == pytest.approx(1.361, abs=1e-3)
        twfe = twfe_did(p).loc[0, "estimate"]
        att = cohort_att(p).iloc[-1]["att"]
        assert twfe < 0.5 * truth  # far from the truth...
        assert abs(att - truth) < 0.2  # ...while clean comparisons recover it
        # without never-adopters TWFE even gets the sign wrong
        q = simulate_panel(60, 10, effect=0.0, dynamic=0.5, never_treated=0.0, cohorts=[2017, 2019, 2021],
                           sd=0.5, seed=seed)
        assert twfe_did(q).loc[0, "estimate"] < 0 < q.attrs["true_att"]


def test_cohort_att_noise_free_is_exact_with_heterogeneity():
    p = simulate_panel(30, 8, effect=1.0, dynamic=0.3, effect_sd=0.5, sd=0.0, seed=4)
    r = cohort_att(p)
    assert r.iloc[-1]["att"] == pytest.approx(p.attrs["true_att"], abs=1e-9)
    # each ATT(g, t) is the cohort's mean true effect in year t
    for _, row in r.iloc[:-1].iterrows():
        sel = (p["cohort"] == row["cohort"]) & (p["year"] == row["year"])
        assert row["att"] == pytest.approx(p.loc[sel, "true_effect"].mean(), abs=1e-9)


def test_event_study_noise_free_recovers_dynamic_path():
    p = simulate_panel(24, 8, effect=1.0, dynamic=0.25, sd=0.0, seed=6)
    with pytest.warns(UserWarning, match="binned into -3"):  # pre-periods only: harmless with no effect there
        es = event_study(p, leads=3, lags=6)
    est = es.set_index("rel_time")["estimate"]
    truth = es.set_index("rel_time")["true_effect"]
    assert np.allclose(est, truth, atol=1e-8)
    assert list(est.index) == [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]
    assert truth.loc[4] == pytest.approx(2.0)


def test_event_study_default_is_full_window_without_spurious_pretrends():
    # issue 13, item 6: noise-free panel with a growing effect. The old default (leads=3, lags=3)
    # binned rel_time <= -3 and >= 3, and the bins made lead -3 non-zero where the truth is 0.
    p = simulate_panel(40, 8, effect=1.0, dynamic=0.5, sd=0.0, year_sd=0.3, seed=2)
    es = event_study(p).set_index("rel_time")
    assert es.index.min() == int(p["rel_time"].min()) and es.index.max() == int(p["rel_time"].max())
    assert np.allclose(es["estimate"], es["true_effect"], atol=1e-8)
    assert np.allclose(es.loc[es.index < 0, "estimate"], 0.0, atol=1e-8)  # no pre-trend
    with pytest.warns(UserWarning, match=r"binned into -3 and \[4, 5, 6\] into 3"):
        binned = event_study(p, leads=3, lags=3).set_index("rel_time")
    assert abs(binned.loc[-3, "estimate"]) > 0.05  # the spurious pre-trend binning creates


def test_estimator_refusals():
    p = simulate_panel(10, 5, seed=0)
    with pytest.raises(ValueError, match="0/1"):
        twfe_did(p.assign(treated=p["treated"] * 2))
    with pytest.raises(ValueError, match="no column"):
        twfe_did(p, outcome="satisfaction")
    with pytest.raises(ValueError, match="never-adopting"):
        cohort_att(simulate_panel(10, 5, never_treated=0.0, seed=0))
    with pytest.raises(ValueError, match="does not vary"):
        twfe_did(p.assign(treated=0))


# ------------------------------------------------------------- mixed model
def test_mixed_model_balanced_fixed_effects_equal_mean_differences():
    r = simulate_residents(8, 12, icc=0.1, seed=3)
    fit = fit_mixed(r).set_index("term")
    means = r.groupby("model", observed=True)["y"].mean()
    # balanced random-intercept design: GLS = OLS on the model means
    assert fit.loc["Intercept", "estimate"] == pytest.approx(means["model_a"], abs=1e-6)
    assert fit.loc["model_c", "estimate"] == pytest.approx(means["model_c"] - means["model_a"], abs=1e-6)
    # cluster-level standard error: sqrt(2 (tau2 + s2 / m) / C)
    tau2, s2 = fit.loc["community_var", "estimate"], fit.loc["residual_var", "estimate"]
    assert fit.loc["model_c", "se"] == pytest.approx(np.sqrt(2 * (tau2 + s2 / 12) / 8), rel=1e-3)


def test_mixed_model_t_inference_equals_t_test_on_community_means():
    # issue 13, item 1: balanced design, REML: the model contrast is a contrast of community
    # means, so its test is the pooled t on community means with G - k df (here 9 - 3 = 6),
    # not the normal approximation (which gave p and intervals too small at few communities)
    from scipy import stats

    r = simulate_residents(3, 20, icc=0.2, seed=4)
    fit = fit_mixed(r).set_index("term")
    cm = r.groupby(["model", "community"], observed=True)["y"].mean()
    groups = [cm.loc[m].to_numpy() for m in r["model"].cat.categories]
    df = sum(len(g) for g in groups) - len(groups)
    s2 = sum(((g - g.mean()) ** 2).sum() for g in groups) / df
    for j, term in ((1, "model_b"), (2, "model_c")):
        d = groups[j].mean() - groups[0].mean()
        se = np.sqrt(s2 * (1 / len(groups[j]) + 1 / len(groups[0])))
        assert fit.loc[term, "df"] == df
        assert fit.loc[term, "estimate"] == pytest.approx(d, abs=1e-6)
        assert fit.loc[term, "se"] == pytest.approx(se, rel=1e-3)
        assert fit.loc[term, "p_val"] == pytest.approx(2 * stats.t.sf(abs(d / se), df), abs=1e-3)
        half = stats.t.isf(0.025, df) * fit.loc[term, "se"]
        assert fit.loc[term, ["ci_low", "ci_high"]].tolist() == pytest.approx([d - half, d + half], abs=1e-5)


def test_mixed_model_recovers_truth_and_icc():
    r = simulate_residents(40, 25, icc=0.1, seed=8)
    fit = fit_mixed(r).set_index("term")
    for model, mu in r.attrs["model_means"].items():
        if model != "model_a":
            assert fit.loc[model, "ci_low"] < mu < fit.loc[model, "ci_high"]
    assert fit.loc["icc", "estimate"] == pytest.approx(0.1, abs=0.05)


def test_mixed_model_refuses_one_community_per_model():
    r = simulate_residents(1, 30, seed=0)
    with pytest.raises(ValueError, match="fewer than 2 communities"):
        fit_mixed(r)


def test_simulation_study_reproducible_and_matches_single_fits():
    a = simulation_study(4, seed=3, progress=False, n_units=12, n_years=5, dynamic=0.4)
    b = simulation_study(4, seed=3, progress=False, n_units=12, n_years=5, dynamic=0.4)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["synthetic"] and a["synthetic"].all()
    child = np.random.SeedSequence(3).spawn(4)[2]
    p = simulate_panel(12, 5, dynamic=0.4, seed=np.random.default_rng(child))
    row = a[(a.rep == 2) & (a.estimator == "TWFE")].iloc[0]
    assert row["estimate"] == pytest.approx(twfe_did(p).loc[0, "estimate"])
    assert row["att_sample"] == pytest.approx(p.attrs["true_att"])
    assert row["att_population"] == pytest.approx(p.attrs["population_att"])
    assert a.loc[a.estimator == "cohort ATT", ["covered_population", "covered_sample"]].isna().all().all()
    assert "covered" not in a.columns and "true_att" not in a.columns  # no estimand left ambiguous


def test_simulation_study_separates_population_and_sample_estimands():
    # issue 13, item 8: the interval is compared with each estimand under its own name
    s = simulation_study(3, seed=5, progress=False, n_units=12, n_years=6, effect=1.0, dynamic=0.3, effect_sd=1.0)
    p = simulate_panel(12, 6, effect=1.0, dynamic=0.3, effect_sd=1.0, seed=0)
    treated = p["treated"] == 1
    # population ATT: effect + dynamic * mean years since adoption over treated cells (fixed design)
    pop = 1.0 + 0.3 * p.loc[treated, "rel_time"].astype(float).mean()
    assert p.attrs["population_att"] == pytest.approx(pop)
    assert s["att_population"].nunique() == 1 and s["att_population"].iloc[0] == pytest.approx(pop)
    assert s["att_sample"].nunique() > 1  # varies with the drawn heterogeneity
    tw = s[s.estimator == "TWFE"]
    for name in ("population", "sample"):
        want = ((tw["ci_low"] < tw[f"att_{name}"]) & (tw[f"att_{name}"] < tw["ci_high"])).astype(float)
        assert tw[f"covered_{name}"].tolist() == want.tolist()
