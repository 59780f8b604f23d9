"""Monte Carlo coverage and type I error of the small-N statistics (issue 13).

Seeded; prints one line per setting, estimates next to their nominal levels:

* item 1 -- ``simulate.fit_mixed`` with 2, 3, 5 communities per model (t with
  community df; the normal approximation it replaced in parentheses);
* item 2 -- ``compare.compare_models`` interval for a difference in means at
  2-10 cases per group (Welch t; the percentile bootstrap in parentheses);
* item 5 -- clustered two-proportion power: ``design.power_clustered``
  against a simulated cluster-level test (and the old normal approximation);
* item 6 -- ``simulate.event_study``: bias and coverage per relative time,
  full window (default) against the old binning (leads=3, lags=3);
* item 8 -- ``simulate.simulation_study``: TWFE interval coverage of the
  population effect and of the sample ATT.

Monte Carlo standard error of a coverage near 0.95 with R replications is
``sqrt(0.95 * 0.05 / R)`` (0.015 at R = 200, 0.007 at R = 1000).

Run: ``nice -n 10 .venv/bin/python benchmarks/coverage.py`` (a few minutes on
one core). ``--quick`` divides the replications by 4.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from govstudy import compare, design, simulate

QUICK = "--quick" in sys.argv
SCALE = 4 if QUICK else 1


def reps(n: int) -> int:
    return max(20, n // SCALE)


def item1(k: int, R: int = 300) -> None:
    """fit_mixed type I error and 95 % coverage of a model contrast, true difference 0."""
    rej_t = rej_z = cov_t = cov_z = 0
    R = reps(R)
    for child in np.random.SeedSequence(11).spawn(R):
        r = simulate.simulate_residents(k, 20, icc=0.1, model_means={"a": 0.0, "b": 0.0, "c": 0.0},
                                        seed=np.random.default_rng(child))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = simulate.fit_mixed(r).set_index("term").loc["b"]
        rej_t += f["p_val"] < 0.05
        cov_t += f["ci_low"] < 0 < f["ci_high"]
        z = f["estimate"] / f["se"]
        rej_z += 2 * stats.norm.sf(abs(z)) < 0.05
        cov_z += abs(z) < stats.norm.isf(0.025)
    print(f"item1_fit_mixed_k{k} type1={rej_t / R:.3f} nominal=0.05 coverage={cov_t / R:.3f} nominal=0.95 "
          f"(normal approx: type1={rej_z / R:.3f} coverage={cov_z / R:.3f}; R={R})", flush=True)


def item2(n: int, R: int = 1000) -> None:
    """compare_models interval coverage for mean_A - mean_B, normal data, true difference 0."""
    R = reps(R)
    rng = np.random.default_rng(2000 + n)
    cov_w = cov_b = 0
    for _ in range(R):
        x, y = rng.normal(0, 1, n), rng.normal(0, 1, n)
        d = pd.DataFrame({"case_id": [f"c{i}" for i in range(2 * n)], "indicator": "x",
                          "value": np.concatenate([x, y]), "model": ["A"] * n + ["B"] * n})
        r = compare.compare_models(d, "x", statistics=["welch"]).iloc[0]
        cov_w += r["ci_low"] < 0 < r["ci_high"]
        lo, hi = compare._bootstrap_diff(x, y, 0.95, 2000, rng)
        cov_b += lo < 0 < hi
    print(f"item2_compare_models_n{n} coverage={cov_w / R:.3f} nominal=0.95 "
          f"(percentile bootstrap: coverage={cov_b / R:.3f}; R={R})", flush=True)


def item5(c: int, m: int, icc: float, R: int = 4000) -> None:
    """Power of 85 % vs 75 % with c communities of m residents per arm: formula vs simulation.

    Binary outcomes with intra-class correlation ``icc``: community shares drawn from a beta
    distribution with mean p and ICC ``1 / (a + b + 1)``; the analysis is a two-sample t test on
    the community shares (2 (c - 1) df), at alpha 0.05.
    """
    R = reps(R)
    rng = np.random.default_rng(5000 + c)
    p1, p2 = 0.85, 0.75
    h = design.effect_size("two_proportions", p1=p1, p2=p2)
    formula = design.power_clustered("two_proportions", h, c, m, icc)
    n_eff = c * m / design.design_effect(m, icc)
    normal = stats.norm.sf(stats.norm.isf(0.025) - h * np.sqrt(n_eff / 2))  # the old approximation

    def shares(p):
        s = (1 - icc) / icc  # a + b
        q = rng.beta(p * s, (1 - p) * s, size=(R, c))
        return rng.binomial(m, q) / m

    a, b = shares(p1), shares(p2)
    t = stats.ttest_ind(a, b, axis=1)
    sim = float(np.mean(t.pvalue < 0.05))
    print(f"item5_two_proportions_c{c}_m{m}_icc{icc:g} power={formula:.3f} simulated={sim:.3f} "
          f"(normal approx: {normal:.3f}; R={R})", flush=True)


def item6(leads, lags, label: str, R: int = 200) -> None:
    """event_study on simulate_panel(40, 8, effect=1, dynamic=0.5): bias and 95 % coverage."""
    R = reps(R)
    rows = []
    for child in np.random.SeedSequence(6).spawn(R):
        p = simulate.simulate_panel(40, 8, effect=1.0, dynamic=0.5, seed=np.random.default_rng(child))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            es = simulate.event_study(p, leads=leads, lags=lags)
        rows.append(es[es["rel_time"] != -1])
    es = pd.concat(rows)
    es["error"] = es["estimate"] - es["true_effect"]
    es["covered"] = (es["ci_low"] < es["true_effect"]) & (es["true_effect"] < es["ci_high"])
    g = es.groupby("rel_time")[["error", "covered"]].mean()
    worst = g["error"].abs().idxmax()
    print(f"item6_event_study_{label} max_abs_bias={g['error'].abs().max():.3f} (rel_time {worst}) "
          f"coverage_min={g['covered'].min():.3f} coverage_max={g['covered'].max():.3f} nominal=0.95 "
          f"(lead -3 bias={g.loc[-3, 'error']:+.3f} coverage={g.loc[-3, 'covered']:.3f}; R={R})", flush=True)


def item8(R: int = 600) -> None:
    """simulation_study with heterogeneous effects: coverage of the two estimands."""
    R = reps(R)
    s = simulate.simulation_study(R, seed=8, progress=False, effect_sd=1.0)
    tw = s[s["estimator"] == "TWFE"]
    print(f"item8_simulation_study_effect_sd1 coverage_population={tw['covered_population'].mean():.3f} "
          f"nominal=0.95 (coverage_sample={tw['covered_sample'].mean():.3f}; R={R})", flush=True)


def main() -> None:
    t0 = time.perf_counter()
    for k in (2, 3, 5):
        item1(k)
    for n in (2, 3, 5, 10):
        item2(n)
    item5(7, 200, 0.02)
    item5(25, 20, 0.05)
    item6(None, None, "full_window")
    item6(3, 3, "binned_3_3")
    item8()
    print(f"# {time.perf_counter() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
