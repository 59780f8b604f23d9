"""Synthetic data with a known truth, and the estimators students practise on.

Nothing here is observed. Every table this module returns carries a column
``synthetic`` (True for generated data) and ``df.attrs["synthetic"] = True``;
estimates computed from synthetic data carry ``synthetic=True`` too, and
plots say "synthetic". Synthetic tables must never be mixed with
:func:`govstudy.load_chengdu` data.

Data generators
    :func:`simulate_panel` -- communities x years, adoption of a governance
    model (simultaneous or staggered), community heterogeneity, ICC, a known
    (optionally dynamic, heterogeneous) effect.
    :func:`simulate_residents` -- residents nested in communities that follow
    one of the three models, with a known ICC and known model means.

Estimators (statsmodels)
    :func:`twfe_did` -- two-way fixed-effects difference-in-differences with
    cluster-robust standard errors.
    :func:`event_study` -- TWFE with leads and lags of adoption.
    :func:`cohort_att` -- group-time ATTs against never-adopters, averaged
    (Callaway & Sant'Anna 2021 without covariates): robust to the staggered
    adoption bias that TWFE suffers.
    :func:`fit_mixed` -- random-intercept model for residents in communities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.regression.mixed_linear_model import MixedLM

__all__ = [
    "simulate_panel",
    "simulate_residents",
    "twfe_did",
    "event_study",
    "cohort_att",
    "fit_mixed",
    "simulation_study",
    "simulate_dataset",
]

FIRST_YEAR = 2015


def _mark_synthetic(df: pd.DataFrame, **attrs) -> pd.DataFrame:
    df["synthetic"] = True
    df.attrs["synthetic"] = True
    df.attrs.update(attrs)
    return df


def _is_synthetic(df: pd.DataFrame) -> bool:
    return bool(df.attrs.get("synthetic", False)) or bool("synthetic" in df.columns and df["synthetic"].all())


def _check_columns(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: data has no column(s) {missing} (columns: {list(df.columns)})")


# ---------------------------------------------------------------------------
# generators
# ---------------------------------------------------------------------------
def simulate_panel(
    n_units: int = 30,
    n_years: int = 8,
    *,
    adoption: str = "staggered",
    cohorts: Sequence[int] | None = None,
    never_treated: float = 0.3,
    effect: float = 1.0,
    dynamic: float = 0.0,
    effect_sd: float = 0.0,
    icc: float = 0.3,
    sd: float = 1.0,
    year_sd: float = 0.5,
    trend: float = 0.0,
    adopter_shift: float = 0.0,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Synthetic panel of communities observed yearly, some adopting a model.

    ``y_it = a_i + l_t + tau_it * D_it + e_it`` with community effects
    ``a_i ~ N(0, icc * sd^2)`` (plus ``adopter_shift`` for adopters: selection
    into adoption), year effects ``l_t = trend * (t - t_0) + N(0, year_sd^2)``, noise
    ``e_it ~ N(0, (1 - icc) sd^2)``, ``D_it = 1`` from the adoption year
    ``g_i`` on, and the effect ``tau_it = effect + u_i + dynamic * (t - g_i)``
    with ``u_i ~ N(0, effect_sd^2)``.

    Parameters
    ----------
    n_units, n_years : int
        Communities and years (years start at 2015).
    adoption : {"staggered", "simultaneous"}
        Adopters are split evenly over ``cohorts`` (staggered) or all adopt
        in the middle year (simultaneous).
    cohorts : sequence of int, optional
        Adoption years (default for staggered: three years spread over the
        panel, each with at least one pre-period).
    never_treated : float
        Share of communities that never adopt (rounded; in [0, 1)).
    effect : float
        Effect in the adoption year.
    dynamic : float
        Change of the effect per year since adoption (0 = constant).
    effect_sd : float
        Heterogeneity of the effect across communities.
    icc : float
        Share of the outcome variance (given no treatment and year) between
        communities.
    sd : float
        Total within-year standard deviation.
    year_sd : float
        Standard deviation of common year shocks.
    trend : float
        Common linear change per year (affects everyone).
    adopter_shift : float
        Baseline difference of adopters (constant over time).
    seed : int or Generator, optional

    Returns
    -------
    DataFrame
        One row per community-year: ``unit, year, cohort`` (adoption year,
        NA = never), ``rel_time`` (years since adoption, NA = never),
        ``treated`` (0/1), ``true_effect``, ``y``, ``synthetic``.
        ``attrs``: ``synthetic=True``, ``true_att`` (mean true effect over
        the treated community-years of *this* sample, heterogeneity ``u_i``
        included), ``population_att`` (its expectation over the effect
        heterogeneity: ``effect + dynamic * mean years since adoption``,
        the same for every draw of this design) and the parameters.

    Examples
    --------
    >>> p = simulate_panel(10, 5, seed=1)
    >>> p.shape, bool(p["synthetic"].all()), p.attrs["synthetic"]
    ((50, 8), True, True)
    >>> sorted(p["cohort"].dropna().unique().tolist())
    [2016, 2017, 2019]
    """
    if n_units < 2 or n_years < 2:
        raise ValueError(f"need at least 2 units and 2 years, got {n_units} x {n_years}")
    if not 0 <= icc < 1:
        raise ValueError(f"icc must be in [0, 1), got {icc}")
    if not 0 <= never_treated < 1:
        raise ValueError(f"never_treated must be in [0, 1), got {never_treated}")
    if adoption not in ("staggered", "simultaneous"):
        raise ValueError(f"adoption must be 'staggered' or 'simultaneous', got {adoption!r}")
    rng = np.random.default_rng(seed)
    years = np.arange(FIRST_YEAR, FIRST_YEAR + n_years)
    if cohorts is None:
        if adoption == "simultaneous":
            cohorts = [int(years[n_years // 2])]
        else:
            idx = np.unique(np.linspace(1, n_years - 1, 3).round().astype(int))
            cohorts = [int(years[i]) for i in idx]
    cohorts = [int(c) for c in cohorts]
    for c in cohorts:
        if not years[0] < c <= years[-1]:
            raise ValueError(f"cohort {c} must be after the first year {years[0]} and within the panel")
    n_never = int(round(never_treated * n_units))
    n_adopt = n_units - n_never
    unit_cohort = np.full(n_units, np.nan)
    unit_cohort[:n_adopt] = np.array(cohorts)[np.arange(n_adopt) % len(cohorts)]
    a = rng.normal(0, sd * math.sqrt(icc), n_units)
    u = rng.normal(0, effect_sd, n_units) if effect_sd > 0 else np.zeros(n_units)
    a[:n_adopt] += adopter_shift
    lam = rng.normal(0, year_sd, n_years) + trend * np.arange(n_years)
    e = rng.normal(0, sd * math.sqrt(1 - icc), (n_units, n_years))
    g = unit_cohort[:, None]
    rel = years[None, :] - g
    treated = np.nan_to_num(rel >= 0, nan=0.0).astype(int)  # NaN >= 0 is False
    tau = np.where(treated == 1, effect + u[:, None] + dynamic * np.nan_to_num(rel), 0.0)
    y = a[:, None] + lam[None, :] + tau + e
    df = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(n_units), n_years),
            "year": np.tile(years, n_units),
            "cohort": pd.array(np.repeat(unit_cohort, n_years), dtype="Int64"),
            "rel_time": pd.array(rel.ravel(), dtype="Int64"),
            "treated": treated.ravel(),
            "true_effect": tau.ravel(),
            "y": y.ravel(),
        }
    )
    true_att = float(tau[treated == 1].mean()) if treated.any() else math.nan
    population_att = float(effect + dynamic * np.nan_to_num(rel)[treated == 1].mean()) if treated.any() else math.nan
    return _mark_synthetic(
        df,
        true_att=true_att,
        population_att=population_att,
        params=dict(
            n_units=n_units,
            n_years=n_years,
            adoption=adoption,
            cohorts=cohorts,
            never_treated=never_treated,
            effect=effect,
            dynamic=dynamic,
            effect_sd=effect_sd,
            icc=icc,
            sd=sd,
            year_sd=year_sd,
            trend=trend,
            adopter_shift=adopter_shift,
        ),
    )


def simulate_residents(
    communities_per_model: int = 10,
    residents_per_community: int = 20,
    *,
    model_means: dict[str, float] | None = None,
    icc: float = 0.05,
    sd: float = 1.0,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Synthetic survey: residents nested in communities following a model.

    ``y = mu_model + b_community + e`` with ``b ~ N(0, icc sd^2)`` and
    ``e ~ N(0, (1 - icc) sd^2)``.

    Parameters
    ----------
    communities_per_model, residents_per_community : int
    model_means : dict, optional
        Mean outcome per model (default: 0, 0.2, 0.4 for model_a,
        model_b, model_c -- synthetic models, a planning assumption, not a finding).
    icc : float
    sd : float
    seed : int or Generator, optional

    Returns
    -------
    DataFrame
        ``community, model, resident, y, synthetic``; attrs ``synthetic``,
        ``icc``, ``model_means``.

    Examples
    --------
    >>> r = simulate_residents(2, 3, seed=0)
    >>> r.shape, r["community"].nunique(), r.attrs["synthetic"]
    ((18, 5), 6, True)
    """
    if model_means is None:
        model_means = {"model_a": 0.0, "model_b": 0.2, "model_c": 0.4}
    if not 0 <= icc < 1:
        raise ValueError(f"icc must be in [0, 1), got {icc}")
    if communities_per_model < 1 or residents_per_community < 1:
        raise ValueError("need at least one community per model and one resident per community")
    rng = np.random.default_rng(seed)
    models = list(model_means)
    n_c = communities_per_model * len(models)
    comm_model = np.repeat(models, communities_per_model)
    b = rng.normal(0, sd * math.sqrt(icc), n_c)
    e = rng.normal(0, sd * math.sqrt(1 - icc), (n_c, residents_per_community))
    mu = np.array([model_means[m] for m in comm_model])
    y = mu[:, None] + b[:, None] + e
    df = pd.DataFrame(
        {
            "community": np.repeat(np.arange(n_c), residents_per_community),
            "model": pd.Categorical(np.repeat(comm_model, residents_per_community), categories=models),
            "resident": np.tile(np.arange(residents_per_community), n_c),
            "y": y.ravel(),
        }
    )
    return _mark_synthetic(df, icc=icc, model_means=dict(model_means))


# ---------------------------------------------------------------------------
# estimators
# ---------------------------------------------------------------------------
def _dummies(codes: np.ndarray) -> np.ndarray:
    """Indicator columns for codes 1..K-1 (code 0 is the reference)."""
    k = codes.max() + 1
    out = np.zeros((codes.size, k - 1))
    rows = np.nonzero(codes > 0)[0]
    out[rows, codes[rows] - 1] = 1.0
    return out


def _fit_twfe(df, outcome, regressors: np.ndarray, unit, time, alpha):
    """OLS with unit and year effects; cluster-robust inference by unit.

    Balanced panels are demeaned two ways; unbalanced ones get dummies.

    Returns (table of the ``regressors`` coefficients: estimate, se, ci_low,
    ci_high, p_val), number of observations, number of clusters.
    """
    from scipy import stats

    _, u_idx = np.unique(df[unit].to_numpy(), return_inverse=True)
    _, t_idx = np.unique(df[time].to_numpy(), return_inverse=True)
    y = df[outcome].to_numpy(dtype=float)
    n, p = regressors.shape
    g, n_t = int(u_idx.max()) + 1, int(t_idx.max()) + 1
    balanced = n == g * n_t and np.unique(u_idx * n_t + t_idx).size == n
    if balanced:
        # Within transformation (Frisch-Waugh-Lovell): same coefficients,
        # residuals and cluster sandwich as the dummy regression, with small
        # matrices only.
        cells = np.zeros((g, n_t))

        def demean(v):
            cells[u_idx, t_idx] = v
            return (cells - cells.mean(1, keepdims=True) - cells.mean(0, keepdims=True) + cells.mean())[u_idx, t_idx]

        X = np.column_stack([demean(regressors[:, j]) for j in range(p)])
        y = demean(y)
    else:
        X = np.column_stack([regressors, np.ones(n), _dummies(u_idx), _dummies(t_idx)])
    res = OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": u_idx, "use_correction": False})
    # Small-sample correction G/(G-1) (N-1)/(N-K), K = regressors + intercept +
    # year dummies. The unit dummies are nested in the clusters, so, as in
    # Stata's xtreg, fe and Cameron & Miller (2015, sec. VI.B), they do not
    # count in K.
    k = p + 1 + (n_t - 1)
    factor = g / (g - 1) * (n - 1) / (n - k)
    est = res.params[:p]
    se = np.sqrt(np.diag(res.cov_params())[:p] * factor)
    tcrit = stats.t.isf(alpha / 2, g - 1)
    out = pd.DataFrame(
        {
            "estimate": est,
            "se": se,
            "ci_low": est - tcrit * se,
            "ci_high": est + tcrit * se,
            "p_val": 2 * stats.t.sf(np.abs(est / se), g - 1),
        }
    )
    return out, n, g


def twfe_did(
    data: pd.DataFrame,
    outcome: str = "y",
    treatment: str = "treated",
    unit: str = "unit",
    time: str = "year",
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Two-way fixed-effects DiD: ``y ~ D + C(unit) + C(year)``, clustered by unit.

    Parameters
    ----------
    data : DataFrame
        Long panel.
    outcome, treatment, unit, time : str
        Column names; ``treatment`` is 0/1 (adopted and in effect).
    alpha : float
        For the ``1 - alpha`` confidence interval (t with ``G - 1`` df,
        ``G`` = number of clusters).

    Returns
    -------
    DataFrame
        One row: ``estimator, estimate, se, ci_low, ci_high, p_val, n_obs,
        n_clusters, synthetic``.

    Notes
    -----
    With staggered adoption and effects that change over time or differ
    between cohorts, the TWFE coefficient is a weighted average of 2x2
    comparisons some of which use already-treated units as controls, with
    possibly negative weights (Goodman-Bacon 2021); use :func:`cohort_att`.

    References
    ----------
    Goodman-Bacon, A. (2021). Difference-in-differences with variation in
    treatment timing. *J. Econometrics* 225(2), 254-277.
    https://doi.org/10.1016/j.jeconom.2021.03.014

    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. *J. Human Resources* 50(2), 317-372.
    https://doi.org/10.3368/jhr.50.2.317

    Examples
    --------
    >>> p = simulate_panel(40, 6, adoption="simultaneous", effect=1.0, seed=3)
    >>> r = twfe_did(p)
    >>> bool(r.loc[0, "ci_low"] < 1.0 < r.loc[0, "ci_high"]), int(r.loc[0, "n_clusters"])
    (True, 40)
    """
    _check_columns(data, [outcome, treatment, unit, time], "twfe_did")
    d = data[treatment].to_numpy(dtype=float)
    if not np.isin(d, [0, 1]).all():
        raise ValueError(f"twfe_did: column {treatment!r} must be 0/1")
    if d.min() == d.max():
        raise ValueError(f"twfe_did: column {treatment!r} does not vary; no effect can be estimated")
    tab, n, g = _fit_twfe(data, outcome, d[:, None], unit, time, alpha)
    out = tab.assign(n_obs=n, n_clusters=g, synthetic=_is_synthetic(data))
    out.insert(0, "estimator", "TWFE")
    return out


def event_study(
    data: pd.DataFrame,
    outcome: str = "y",
    rel_time: str = "rel_time",
    unit: str = "unit",
    time: str = "year",
    *,
    leads: int | None = None,
    lags: int | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """TWFE event study: effects by years since adoption, reference year -1.

    By default every relative time in the data has its own indicator (the
    full window). With ``leads`` / ``lags`` given, relative times beyond
    ``-leads`` / ``lags`` are **binned** into the end points, which then
    average effects of several years: when the effect keeps changing, that
    biases the end points and, through the year effects, the other estimates
    (pre-trends appear where there are none). A :class:`UserWarning` says
    when a window bins. Never-adopters (``rel_time`` missing) have all
    indicators 0.

    Parameters
    ----------
    data : DataFrame
    outcome, rel_time, unit, time : str
    leads, lags : int, optional
        Event window ``[-leads, lags]``; None (default) = from the earliest
        to the latest relative time in the data (no binning).
    alpha : float

    Returns
    -------
    DataFrame
        One row per relative time (the reference -1 has estimate 0 and no
        SE): ``rel_time, estimate, se, ci_low, ci_high, p_val, true_effect``
        (mean true effect, when the data carry ``true_effect``),
        ``synthetic``.

    References
    ----------
    Sun, L., & Abraham, S. (2021). Estimating dynamic treatment effects in
    event studies with heterogeneous treatment effects. *J. Econometrics*
    225(2), 175-199. https://doi.org/10.1016/j.jeconom.2020.09.006

    Examples
    --------
    >>> p = simulate_panel(40, 8, dynamic=0.5, effect=1.0, seed=2)
    >>> es = event_study(p)
    >>> es["rel_time"].tolist()
    [-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6]
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     event_study(p, leads=2, lags=2)["rel_time"].tolist()
    [-2, -1, 0, 1, 2]
    >>> print(w[0].message)  # doctest: +ELLIPSIS
    event_study: relative times [-7, -6, -5, -4, -3] are binned into -2 and [3, 4, 5, 6] into 2; ...
    """
    import warnings

    _check_columns(data, [outcome, rel_time, unit, time], "event_study")
    r = data[rel_time].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(r).all():
        raise ValueError("event_study: no community ever adopts")
    r_min, r_max = int(np.nanmin(r)), int(np.nanmax(r))
    auto_leads = leads is None
    if leads is None:
        leads = max(1, -r_min)  # 1: no pre-period before the reference year in the data
    if lags is None:
        lags = max(0, r_max)
    if (leads < 2 and not auto_leads) or lags < 0:
        raise ValueError("need leads >= 2 (one is the reference) and lags >= 0")
    below = sorted({int(v) for v in r[r < -leads]})
    above = sorted({int(v) for v in r[r > lags]})
    if below or above:
        parts = ([f"{below} are binned into {-leads}"] if below else []) + (
            [f"{above} into {lags}"] if above else [])
        warnings.warn(
            f"event_study: relative times {' and '.join(parts)}; if the effect changes over time the "
            "binned end points are biased and so are the other estimates (spurious pre-trends). "
            "Pass leads=None, lags=None for the full window.",
            UserWarning,
            stacklevel=2,
        )
    rc = np.clip(r, -leads, lags)
    bins = [k for k in range(-leads, lags + 1) if k != -1]
    D = np.column_stack([(rc == k).astype(float) for k in bins])
    tab, _, _ = _fit_twfe(data, outcome, D, unit, time, alpha)
    rows = []
    has_truth = "true_effect" in data.columns
    te = data["true_effect"].to_numpy(dtype=float) if has_truth else None
    for k in range(-leads, lags + 1):
        truth = float(te[rc == k].mean()) if has_truth and np.any(rc == k) else math.nan
        if k == -1:
            rows.append(dict(rel_time=k, estimate=0.0, se=math.nan, ci_low=math.nan, ci_high=math.nan,
                             p_val=math.nan, true_effect=truth))
            continue
        j = bins.index(k)
        rows.append(dict(rel_time=k, **tab.iloc[j].to_dict(), true_effect=truth))
    out = pd.DataFrame(rows)
    out["synthetic"] = _is_synthetic(data)
    return out


def cohort_att(
    data: pd.DataFrame,
    outcome: str = "y",
    cohort: str = "cohort",
    unit: str = "unit",
    time: str = "year",
) -> pd.DataFrame:
    """Average effect on adopters from clean 2x2 comparisons with never-adopters.

    For each adoption cohort ``g`` and year ``t >= g``,
    ``ATT(g, t) = [mean_g(t) - mean_g(g-1)] - [mean_never(t) - mean_never(g-1)]``;
    the overall ATT averages them weighted by the number of adopting
    communities, which equals the average effect over treated community-years.
    Already-treated communities are never used as controls.

    Parameters
    ----------
    data : DataFrame
        Balanced panel with ``cohort`` (adoption year, NA = never adopts).
    outcome, cohort, unit, time : str

    Returns
    -------
    DataFrame
        One row per (cohort, year) with ``cohort, year, att, n_units`` and a
        last row ``cohort = "overall"``; column ``synthetic``.

    References
    ----------
    Callaway, B., & Sant'Anna, P. H. C. (2021). Difference-in-differences
    with multiple time periods. *J. Econometrics* 225(2), 200-230.
    https://doi.org/10.1016/j.jeconom.2020.12.001

    Examples
    --------
    >>> p = simulate_panel(60, 8, effect=1.0, dynamic=0.5, never_treated=0.3, seed=4)
    >>> r = cohort_att(p)
    >>> overall = r.loc[r.cohort == "overall", "att"].item()
    >>> abs(overall - p.attrs["true_att"]) < 0.3
    True
    """
    _check_columns(data, [outcome, cohort, unit, time], "cohort_att")
    wide = data.pivot(index=unit, columns=time, values=outcome)
    if wide.isna().any().any():
        raise ValueError("cohort_att: panel must be balanced (every unit observed every year)")
    unit_cohort = data.groupby(unit)[cohort].first().astype("Float64")
    never = unit_cohort.isna().to_numpy()
    if not never.any():
        raise ValueError("cohort_att: no never-adopting community to compare with")
    years = list(wide.columns)
    rows = []
    for g in sorted(unit_cohort.dropna().unique()):
        if g - 1 not in years:
            raise ValueError(f"cohort_att: cohort {g} has no pre-adoption year in the panel")
        members = (unit_cohort == g).fillna(False).to_numpy(dtype=bool)
        for t in [y for y in years if y >= g]:
            d_g = (wide.loc[members, t] - wide.loc[members, g - 1]).mean()
            d_c = (wide.loc[never, t] - wide.loc[never, g - 1]).mean()
            rows.append({"cohort": int(g), "year": int(t), "att": float(d_g - d_c), "n_units": int(members.sum())})
    out = pd.DataFrame(rows)
    overall = float(np.average(out["att"], weights=out["n_units"]))
    out = pd.concat(
        [out.astype({"cohort": object}), pd.DataFrame([{"cohort": "overall", "year": pd.NA, "att": overall,
                                                        "n_units": int((~never).sum())}])],
        ignore_index=True,
    )
    out["synthetic"] = _is_synthetic(data)
    return out


def fit_mixed(
    data: pd.DataFrame,
    outcome: str = "y",
    group: str = "community",
    model: str = "model",
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Random-intercept model ``y ~ C(model) + (1 | community)`` (statsmodels MixedLM).

    Parameters
    ----------
    data : DataFrame
        Residents with an outcome, a community and the community's model.
    outcome, group, model : str
    alpha : float
        For the ``1 - alpha`` confidence intervals.

    Returns
    -------
    DataFrame
        One row per fixed effect (``Intercept`` and each model's difference
        from the reference) with ``term, estimate, se, df, ci_low, ci_high,
        p_val``, then rows ``community_var``, ``residual_var`` and ``icc``
        (estimates only); column ``synthetic``.

    Notes
    -----
    Intervals and p-values use Student's *t* with ``G - p`` degrees of
    freedom, ``G`` the number of communities and ``p`` the number of fixed
    effects (intercept + models - 1): the governance model varies between
    communities only, so its precision is that of ``G`` community means, as
    in :func:`govstudy.design.power_clustered` (``k (c - 1)`` df). The normal
    approximation statsmodels reports would reject a true null about twice as
    often as stated with 2 communities per model (``benchmarks/coverage.py``).
    At least 2 communities per model are required.

    References
    ----------
    Raudenbush, S. W., & Bryk, A. S. (2002). *Hierarchical Linear Models*
    (2nd ed.). Sage.

    Murray, D. M. (1998). *Design and Analysis of Group-Randomized Trials*.
    Oxford University Press (df from the number of groups).

    Examples
    --------
    >>> r = fit_mixed(simulate_residents(8, 15, icc=0.1, seed=5))
    >>> r["term"].tolist()
    ['Intercept', 'model_b', 'model_c', 'community_var', 'residual_var', 'icc']
    """
    _check_columns(data, [outcome, group, model], "fit_mixed")
    per_model = data.groupby(model, observed=True)[group].nunique()
    few = per_model[per_model < 2]
    if len(few):
        raise ValueError(
            f"fit_mixed: model(s) {list(few.index)} have fewer than 2 communities; "
            "a model cannot be separated from its only community"
        )
    col = data[model]
    levels = [str(c) for c in col.cat.categories if c in set(col)] if isinstance(
        col.dtype, pd.CategoricalDtype) else sorted(map(str, col.unique()))
    lab = col.astype(str).to_numpy()
    names = ["Intercept"] + levels[1:]
    X = np.column_stack([np.ones(len(data))] + [(lab == lv).astype(float) for lv in levels[1:]])
    y = data[outcome].to_numpy(dtype=float)
    from scipy import stats

    fit = MixedLM(y, X, groups=data[group].to_numpy()).fit(reml=True)
    n_communities = int(data[group].nunique())
    # the model is a community-level factor: its information is in the communities, not the
    # residents (between-within / containment degrees of freedom, as design.power_clustered)
    df = n_communities - X.shape[1]
    tcrit = stats.t.isf(alpha / 2, df)
    est_all = np.asarray(fit.fe_params)
    se_all = np.asarray(fit.bse_fe)
    rows = []
    for j, term in enumerate(names):
        est, se = float(est_all[j]), float(se_all[j])
        rows.append(
            dict(term=term, estimate=est, se=se, df=float(df), ci_low=est - tcrit * se, ci_high=est + tcrit * se,
                 p_val=float(2 * stats.t.sf(abs(est / se), df)))
        )
    tau2 = float(np.asarray(fit.cov_re)[0, 0])
    s2 = float(fit.scale)
    for term, val in (("community_var", tau2), ("residual_var", s2), ("icc", tau2 / (tau2 + s2))):
        rows.append(dict(term=term, estimate=val, se=math.nan, df=math.nan, ci_low=math.nan, ci_high=math.nan,
                         p_val=math.nan))
    out = pd.DataFrame(rows)
    out["synthetic"] = _is_synthetic(data)
    return out


# ---------------------------------------------------------------------------
# repeated sampling
# ---------------------------------------------------------------------------
def simulation_study(
    n_reps: int = 200,
    *,
    seed: int | None = None,
    progress: bool = True,
    alpha: float = 0.05,
    **panel,
) -> pd.DataFrame:
    """Repeat: draw a synthetic panel, estimate with TWFE and cohort ATT.

    Parameters
    ----------
    n_reps : int
        Number of synthetic panels.
    seed : int, optional
        Seeds the independent child seeds of the panels
        (:class:`numpy.random.SeedSequence`); the same seed gives the same
        table.
    progress : bool
        Show a tqdm progress bar.
    alpha : float
        For the TWFE confidence interval.
    **panel
        Passed to :func:`simulate_panel` (``n_units``, ``dynamic``, ...).

    Returns
    -------
    DataFrame
        One row per replication and estimator: ``rep, estimator, estimate,
        ci_low, ci_high``, the two estimands ``att_sample`` (mean true effect
        over this panel's treated community-years) and ``att_population``
        (its expectation over the effect heterogeneity, see
        :func:`simulate_panel`), ``error`` (``estimate - att_sample``),
        ``covered_population`` and ``covered_sample`` (does the interval
        contain each estimand; NaN for the cohort ATT, which has no interval
        here), ``synthetic``. Summarise with
        ``df.groupby("estimator")[["error", "covered_population"]].mean()``.

    Notes
    -----
    The TWFE interval is cluster-robust: it treats the communities, and
    their effects, as sampled, so it is an interval for the population
    effect and ``covered_population`` is its coverage. With heterogeneous
    effects (``effect_sd > 0``) the sample ATT varies less than the estimate
    around it and ``covered_sample`` exceeds the nominal level; without
    heterogeneity and dynamics the two estimands differ only through the
    staggered design's weighting. ``benchmarks/coverage.py`` prints both.

    Examples
    --------
    >>> s = simulation_study(5, seed=1, progress=False, n_units=12, n_years=5)
    >>> s.groupby("estimator").size().to_dict()
    {'TWFE': 5, 'cohort ATT': 5}
    >>> [c for c in s.columns if c.startswith(("att_", "covered_"))]
    ['att_sample', 'att_population', 'covered_population', 'covered_sample']
    """
    from tqdm import tqdm

    if n_reps < 1:
        raise ValueError(f"n_reps must be >= 1, got {n_reps}")
    children = np.random.SeedSequence(seed).spawn(n_reps)
    rows = []
    for rep, child in enumerate(tqdm(children, desc="synthetic panels", disable=not progress)):
        p = simulate_panel(seed=np.random.default_rng(child), **panel)
        truth = dict(att_sample=p.attrs["true_att"], att_population=p.attrs["population_att"])
        t = twfe_did(p, alpha=alpha).iloc[0]
        rows.append(dict(rep=rep, estimator="TWFE", estimate=t["estimate"], ci_low=t["ci_low"],
                         ci_high=t["ci_high"], **truth))
        if p["cohort"].isna().any():
            att = cohort_att(p).iloc[-1]["att"]
            rows.append(dict(rep=rep, estimator="cohort ATT", estimate=att, ci_low=math.nan, ci_high=math.nan,
                             **truth))
    out = pd.DataFrame(rows)
    out["error"] = out["estimate"] - out["att_sample"]
    for name in ("population", "sample"):
        target = out[f"att_{name}"]
        covered = (out["ci_low"] < target) & (target < out["ci_high"])
        out[f"covered_{name}"] = covered.astype(float).where(out["ci_low"].notna())
    return _mark_synthetic(out, n_reps=n_reps, panel=dict(panel))


# ---------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------


def simulate_dataset(
    path,
    *,
    models=("model_a", "model_b", "model_c"),
    cases_per_model=3,
    indicators=4,
    mechanisms=5,
    p_report=0.7,
    models_csv=True,
    seed=None,
):
    """Write a seeded SYNTHETIC case dataset (the format of ``data/README.md``) to ``path``.

    For tests, teaching and benchmarks: any number of models and cases, every
    source marked ``synthetic = true`` (so the loaded dataset, its tables and
    its report say SYNTHETIC), figures drawn with qualifiers (exact, 余, 超,
    约) and a partial mechanisms grid (only ``present = true`` rows).

    Parameters
    ----------
    path : str or Path
        Folder to create (must not exist or be empty).
    models : sequence of str
        Model ids.
    cases_per_model : int or sequence of int
        Cases of each model.
    indicators, mechanisms : int
        Codebook sizes.
    p_report : float
        Probability that a case reports a given figure or mechanism.
    models_csv : bool
        Write ``models.csv`` (otherwise the models come from ``cases.model``).
    seed : int, Generator or None

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from govstudy.datasets import load_dataset
    >>> p = simulate_dataset(pathlib.Path(tempfile.mkdtemp()) / "syn", models=("x", "y"), seed=1)
    >>> ds = load_dataset(p)
    >>> ds.model_ids, ds.synthetic, len(ds.cases)
    (['x', 'y'], True, 6)
    """
    import csv as _csv
    from pathlib import Path as _Path

    from .intervals import qualifier_interval

    rng = np.random.default_rng(seed)
    models = [str(m) for m in models]
    if not models:
        raise ValueError("simulate_dataset: models must name at least one model")
    sizes = ([int(cases_per_model)] * len(models) if np.ndim(cases_per_model) == 0
             else [int(n) for n in cases_per_model])
    if len(sizes) != len(models) or min(sizes) < 0:
        raise ValueError("simulate_dataset: cases_per_model must be a non-negative int or one per model")
    if not 0 <= p_report <= 1:
        raise ValueError("simulate_dataset: p_report must lie in [0, 1]")
    out = _Path(path)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"simulate_dataset: {out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)

    def write(name, header, rows):
        with open(out / name, "w", encoding="utf-8", newline="") as f:
            w = _csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("sources.csv", ["source_id", "title", "outlet", "authors", "language", "published", "url",
                          "text_held", "synthetic", "notes"],
          [["syn", "Synthetic dataset", "govstudy.simulate_dataset", "", "zh", "",
            "https://example.invalid/synthetic", "false", "true", f"seed {seed!r}; generated, not observed"]])
    if models_csv:
        write("models.csv", ["model", "label_zh", "label_en", "description", "colour"],
              [[m, "", f"{m} (synthetic)", "synthetic model", ""] for m in models])
    cases = []
    for m, n in zip(models, sizes):
        cases += [[f"c_{m}_{i}", f"合成社区{m}{i}", f"Synthetic {m} {i}", "community", "", m, "syn"]
                  for i in range(n)]
    write("cases.csv", ["case_id", "name_zh", "name_en", "level", "parent_id", "model", "source_id"], cases)
    dims = ("participation", "service", "outcome", "resources")
    cb = [[f"ind_{k}", f"指标{k}", f"Indicator {k}", "persons", dims[k % len(dims)], "1",
           "synthetic indicator"] for k in range(indicators)]
    cb += [[f"mech_{k}", f"机制{k}", f"Mechanism {k}", "", "organisation", "0", "synthetic mechanism"]
           for k in range(mechanisms)]
    write("codebook.csv", ["id", "kind", "label_zh", "label_en", "unit", "dimension", "direction", "definition"],
          [r[:1] + (["indicator"] if r[0].startswith("ind") else ["mechanism"]) + r[1:] for r in cb])
    inds, mechs = [], []
    shift = {m: j for j, m in enumerate(models)}
    for c in cases:
        for k in range(indicators):
            if rng.random() >= p_report:
                continue
            v = int(rng.integers(1, 50)) * 10 + 10 * shift[c[5]]
            q = ["", "余", "超", "约"][int(rng.integers(0, 4))]
            iv = qualifier_interval(v, q, unit="persons", non_negative=True)
            ev = {"": f"{v}人", "余": f"{v}余人", "超": f"超{v}人", "约": f"约{v}人"}[q]
            inds.append([c[0], f"ind_{k}", v, iv.lower, iv.upper, str(iv.lower_closed).lower(),
                         str(iv.upper_closed).lower(), q, "persons", "stock", "syn", ev, "synthetic"])
        for k in range(mechanisms):
            if rng.random() < p_report:
                mechs.append([c[0], f"mech_{k}", "true", f"机制{k}", "syn", "synthetic"])
    write("indicators.csv", ["case_id", "indicator", "value", "lower", "upper", "lower_closed", "upper_closed",
                             "qualifier", "unit", "period", "source_id", "evidence", "note"], inds)
    write("mechanisms.csv", ["case_id", "mechanism", "present", "evidence", "source_id", "note"], mechs)
    (out / "README.md").write_text(
        f"# SYNTHETIC dataset ({len(models)} models, {sum(sizes)} cases)\n\n"
        f"Generated by govstudy.simulate.simulate_dataset with seed {seed!r}: not observations.\n",
        encoding="utf-8")
    return out
