"""Study design: what a study that could rank governance models would need.

Residents are nested in communities, and communities adopt a governance
model. Residents of one community resemble each other (intra-class
correlation, ICC), so each extra resident adds less information than an
independent one: the sample size of a simple random sample is multiplied by
the **design effect** ``1 + (m - 1) * ICC`` (Kish 1965) for ``m`` residents per
community. This module turns a planning assumption (a difference in
satisfaction or participation between models) into numbers of communities
and residents, using :mod:`statsmodels.stats.power`:

* two proportions (Cohen's *h*; normal approximation for independent
  residents, *t* with the communities' degrees of freedom when clustered),
* two means (Cohen's *d*, two-sample *t* test),
* *k* means (Cohen's *f*, one-way ANOVA; three models: ``k_groups=3``).

With residents in communities, every test is a test between communities:
:func:`power_clustered` uses the degrees of freedom of the communities,
``k (c - 1)``, so designs with few communities are not over-promised.

All inputs are planning assumptions, not observations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.power import FTestAnovaPower, NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

__all__ = [
    "design_effect",
    "effect_size",
    "n_per_arm",
    "communities_needed",
    "sample_size_table",
    "power_clustered",
    "TESTS",
]

#: Tests supported, with the effect-size measure each one uses.
TESTS: dict[str, str] = {
    "two_proportions": "Cohen's h",
    "ttest": "Cohen's d",
    "anova": "Cohen's f",
}

#: Fewest communities per model a clustered comparison can use: with one,
#: the model cannot be separated from the community.
MIN_COMMUNITIES = 2


def design_effect(m, icc):
    """Design effect of cluster sampling, ``1 + (m - 1) * icc``.

    Parameters
    ----------
    m : float or array-like
        Residents sampled per community (>= 1).
    icc : float or array-like
        Intra-class correlation in [0, 1].

    Returns
    -------
    float or ndarray

    References
    ----------
    Kish, L. (1965). *Survey Sampling*. Wiley.
    Donner, A., & Klar, N. (2000). *Design and Analysis of Cluster
    Randomization Trials in Health Research*. Arnold.
    https://doi.org/10.1002/sim.1179

    Examples
    --------
    >>> design_effect(21, 0.05)
    2.0
    """
    m_arr = np.asarray(m, dtype=float)
    icc_arr = np.asarray(icc, dtype=float)
    if np.any(m_arr < 1):
        raise ValueError(f"residents per community must be >= 1, got {m}")
    if np.any((icc_arr < 0) | (icc_arr > 1)):
        raise ValueError(f"ICC must be in [0, 1], got {icc}")
    out = 1 + (m_arr - 1) * icc_arr
    return float(out) if out.ndim == 0 else out


def effect_size(test: str, *, p1=None, p2=None, d=None, f=None, means=None, sd=None) -> float:
    """Standardized effect size for a test from planning values.

    Parameters
    ----------
    test : {"two_proportions", "ttest", "anova"}
    p1, p2 : float
        Shares under two models (``two_proportions``): Cohen's
        ``h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2))``.
    d : float
        Standardized mean difference (``ttest``).
    f : float
        Cohen's f (``anova``); or give ``means`` and ``sd``:
        ``f = sd(means, ddof=0) / sd`` (equal group sizes).

    Returns
    -------
    float
        Absolute effect size.

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral
    Sciences* (2nd ed.). Erlbaum. https://doi.org/10.4324/9780203771587

    Examples
    --------
    >>> round(effect_size("two_proportions", p1=0.85, p2=0.75), 4)
    0.2518
    >>> round(effect_size("anova", means=[70, 75, 80], sd=20), 4)
    0.2041
    """
    if test not in TESTS:
        raise ValueError(f"test must be one of {sorted(TESTS)}, got {test!r}")
    if test == "two_proportions":
        if p1 is None or p2 is None:
            raise ValueError("two_proportions needs p1 and p2")
        for name, p in (("p1", p1), ("p2", p2)):
            if not 0 <= p <= 1:
                raise ValueError(f"{name} must be a share in [0, 1], got {p}")
        es = float(proportion_effectsize(p1, p2))
    elif test == "ttest":
        if d is None:
            raise ValueError("ttest needs d (standardized mean difference)")
        es = float(d)
    else:
        if f is None:
            if means is None or sd is None:
                raise ValueError("anova needs f, or means and sd")
            if sd <= 0:
                raise ValueError(f"sd must be positive, got {sd}")
            f = float(np.std(np.asarray(means, dtype=float)) / sd)
        es = float(f)
    if es == 0 or not math.isfinite(es):
        raise ValueError(f"effect size must be finite and non-zero, got {es}")
    return abs(es)


def n_per_arm(test: str, es: float, *, alpha: float = 0.05, power: float = 0.8, k_groups: int = 3) -> float:
    """Independent observations per arm (model) for a simple random sample.

    Parameters
    ----------
    test : {"two_proportions", "ttest", "anova"}
    es : float
        Effect size from :func:`effect_size`.
    alpha, power : float
        Two-sided significance level and target power.
    k_groups : int
        Number of models compared (``anova`` only).

    Returns
    -------
    float
        Not rounded.

    Examples
    --------
    >>> round(n_per_arm("ttest", 0.5), 2)
    63.77
    """
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError(f"alpha and power must be in (0, 1), got {alpha}, {power}")
    if test == "two_proportions":
        return float(NormalIndPower().solve_power(es, alpha=alpha, power=power, ratio=1.0))
    if test == "ttest":
        return float(TTestIndPower().solve_power(es, alpha=alpha, power=power, ratio=1.0))
    if test == "anova":
        if k_groups < 2:
            raise ValueError(f"k_groups must be >= 2, got {k_groups}")
        return float(FTestAnovaPower().solve_power(es, alpha=alpha, power=power, k_groups=k_groups)) / k_groups
    raise ValueError(f"test must be one of {sorted(TESTS)}, got {test!r}")


def communities_needed(n_srs: float, m: int, icc: float) -> int:
    """Communities per arm: ``ceil(n_srs * deff / m)``, at least 2.

    Parameters
    ----------
    n_srs : float
        Independent observations needed per arm (:func:`n_per_arm`).
    m : int
        Residents surveyed per community.
    icc : float

    Returns
    -------
    int

    Examples
    --------
    >>> communities_needed(63.77, 20, 0.05)  # 63.77 * 1.95 / 20 = 6.2
    7
    """
    return max(MIN_COMMUNITIES, math.ceil(n_srs * design_effect(m, icc) / m - 1e-9))


def sample_size_table(
    test: str,
    *,
    residents_per_community: Iterable[int] = (10, 20, 50, 200),
    icc: Iterable[float] = (0.0, 0.02, 0.05, 0.10),
    alpha: float = 0.05,
    power: float = 0.8,
    k_groups: int = 3,
    **effect,
) -> pd.DataFrame:
    """Communities and residents needed per model, for a grid of designs.

    Parameters
    ----------
    test : {"two_proportions", "ttest", "anova"}
    residents_per_community : iterable of int
        Residents surveyed per community (``m``).
    icc : iterable of float
        Intra-class correlations to consider.
    alpha, power : float
    k_groups : int
        Models compared (``anova``; 2 for the two-sample tests).
    **effect
        Planning values for :func:`effect_size` (``p1, p2`` / ``d`` / ``f``
        or ``means, sd``).

    Returns
    -------
    DataFrame
        One row per (m, ICC): ``test, effect_size, alpha, power, k_groups,
        n_srs_per_arm, residents_per_community, icc, design_effect,
        communities_per_arm, residents_per_arm, total_communities,
        total_residents``.

    Notes
    -----
    ``n_srs_per_arm`` is the sample size of independent residents. The
    design-effect formula gives ``ceil(n_srs * deff / m)`` communities per
    arm (:func:`communities_needed`); ``communities_per_arm`` is the fewest
    (at least 2) whose power by :func:`power_clustered` -- with the degrees
    of freedom of the communities, for every test -- reaches ``power``. It
    is typically the formula's number plus one, as Hayes & Bennett (1999)
    advise, and more when communities are few (large ``m``). As ``m`` grows,
    communities per arm approach ``n_srs * ICC``: surveying more residents
    cannot replace sampling more communities.

    References
    ----------
    Hayes, R. J., & Bennett, S. (1999). Simple sample size calculation for
    cluster-randomized trials. *Int. J. Epidemiol.* 28(2), 319-326.
    https://doi.org/10.1093/ije/28.2.319

    Examples
    --------
    >>> t = sample_size_table("two_proportions", p1=0.85, p2=0.75,
    ...                       residents_per_community=[20], icc=[0.0, 0.05])
    >>> t[["icc", "design_effect", "communities_per_arm", "total_communities"]]
        icc  design_effect  communities_per_arm  total_communities
    0  0.00           1.00                   14                 28
    1  0.05           1.95                   26                 52
    """
    es = effect_size(test, **effect)
    k = k_groups if test == "anova" else 2
    n_srs = n_per_arm(test, es, alpha=alpha, power=power, k_groups=k)
    rows = []
    for m in residents_per_community:
        for rho in icc:
            deff = design_effect(m, rho)
            c = _min_communities(test, es, m, rho, alpha, power, k, n_srs)
            rows.append(
                {
                    "test": test,
                    "effect_size": es,
                    "alpha": alpha,
                    "power": power,
                    "k_groups": k,
                    "n_srs_per_arm": n_srs,
                    "residents_per_community": int(m),
                    "icc": float(rho),
                    "design_effect": deff,
                    "communities_per_arm": c,
                    "residents_per_arm": c * int(m),
                    "total_communities": c * k,
                    "total_residents": c * int(m) * k,
                }
            )
    return pd.DataFrame(rows)


def power_clustered(
    test: str,
    es: float,
    communities_per_arm,
    residents_per_community: int,
    icc: float,
    *,
    alpha: float = 0.05,
    k_groups: int = 3,
):
    """Power of a clustered design with ``c`` communities of ``m`` residents per model.

    The effective sample size per model is ``c * m / deff``. The degrees of
    freedom are those of the communities (``k (c - 1)``), not of the
    residents: with few communities the critical value is larger and power
    lower than a resident-level formula suggests. The two-proportion test
    is the *t* test on Cohen's *h* (the arcsine-transformed shares) with
    ``2 (c - 1)`` df: the analysis compares community-level shares, and a
    normal approximation overstated power (0.847 instead of 0.782 for 7
    communities of 200 at ICC 0.02; a simulated cluster-level test gave
    about 0.78, see ``benchmarks/coverage.py``).

    Parameters
    ----------
    test : {"two_proportions", "ttest", "anova"}
    es : float
        Effect size (:func:`effect_size`).
    communities_per_arm : int or array-like
        At least 2.
    residents_per_community : int
    icc : float
    alpha : float
    k_groups : int
        Models compared (``anova``).

    Returns
    -------
    float or ndarray

    Examples
    --------
    The design-effect formula asks for 7 communities of 20 for d = 0.5 at
    ICC 0.05 (:func:`communities_needed`); with 12 degrees of freedom the
    power falls short of 0.8, an eighth community restores it:

    >>> [round(power_clustered("ttest", 0.5, c, 20, 0.05), 3) for c in (7, 8)]
    [0.785, 0.845]

    Two proportions, 85 % vs 75 %, 7 communities of 200 residents at ICC
    0.02: *t* with 12 df, not the normal approximation (0.847):

    >>> h = effect_size("two_proportions", p1=0.85, p2=0.75)
    >>> round(power_clustered("two_proportions", h, 7, 200, 0.02), 3)
    0.782
    """
    c = np.asarray(communities_per_arm, dtype=float)
    if np.any(c < MIN_COMMUNITIES):
        raise ValueError(
            f"need at least {MIN_COMMUNITIES} communities per model: with one, model and community "
            "cannot be told apart"
        )
    n_eff = c * residents_per_community / design_effect(residents_per_community, icc)
    if test in ("two_proportions", "ttest"):
        out = TTestIndPower().power(es, nobs1=n_eff, alpha=alpha, ratio=1.0, df=2 * (c - 1))
    elif test == "anova":
        df1, df2 = k_groups - 1, k_groups * (c - 1)
        crit = stats.f.isf(alpha, df1, df2)
        out = stats.ncf.sf(crit, df1, df2, es**2 * k_groups * n_eff)
    else:
        raise ValueError(f"test must be one of {sorted(TESTS)}, got {test!r}")
    out = np.asarray(out, dtype=float)
    return float(out) if out.ndim == 0 else out


def _min_communities(test, es, m, icc, alpha, power, k_groups, n_srs) -> int:
    """Fewest communities per arm reaching ``power`` (search from the z formula down/up)."""
    c = max(MIN_COMMUNITIES, communities_needed(n_srs, m, icc) - 2)
    while c > MIN_COMMUNITIES and power_clustered(test, es, c - 1, m, icc, alpha=alpha, k_groups=k_groups) >= power:
        c -= 1
    while power_clustered(test, es, c, m, icc, alpha=alpha, k_groups=k_groups) < power:
        c += 1
        if c > 1_000_000:  # pragma: no cover - guards an impossible design
            raise ValueError("no design with fewer than a million communities reaches this power")
    return c
