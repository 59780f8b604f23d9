"""Honest small-N comparison of governance models.

A handful of cases cannot rank three governance models. This module makes
the comparison that the data *can* support easy, and overclaiming hard:

* :func:`summarize_models` -- interval-aware summaries per model: every
  statistic is computed on the lower bounds and on the upper bounds of the
  reported figures, so a "超85%" stays the range it is.
* :func:`compare_models` -- one row per pair of models: difference in means
  with its bounds-aware range, an **exact** permutation test that enumerates
  every relabelling when the groups are small (with ``p_min``, the smallest
  p-value the design could produce at all), a Welch *t* interval for the
  difference (a percentile bootstrap only from 20 cases per group, where its
  coverage is near nominal) and two effect sizes (Hedges' *g*, Cliff's delta).
* :func:`permutation_anova` -- the same exact logic for all groups at once.
* :func:`proportion_ci` -- Wilson / Clopper--Pearson intervals for a share
  whose denominator is known.

A comparison the data cannot support (a model without an observation, or too
few observations for the requested statistic) raises a :class:`ValueError`
that names the model and the indicator.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

__all__ = [
    "coding_agreement",
    "summarize_models",
    "compare_models",
    "permutation_anova",
    "hedges_g",
    "cliffs_delta",
    "proportion_ci",
    "STATISTICS",
    "BOOTSTRAP_MIN_N",
]

#: Statistics :func:`compare_models` can report, with the minimum number of
#: observations each one needs in *every* group.
STATISTICS: dict[str, int] = {
    "permutation": 1,
    "cliffs_delta": 1,
    "hedges_g": 2,
    "welch": 2,
    "bootstrap": 20,
}

#: Below this many cases per group the percentile bootstrap interval of a
#: difference in means undercovers badly (a "95 %" interval covers about 0.66 at
#: 2 cases, 0.86 at 5, 0.91 at 10 on normal data: ``benchmarks/coverage.py``);
#: :func:`compare_models` refuses it there and reports a Welch *t* interval.
BOOTSTRAP_MIN_N = STATISTICS["bootstrap"]

_ALTERNATIVES = ("two-sided", "less", "greater")


# ---------------------------------------------------------------------------
# effect sizes
# ---------------------------------------------------------------------------
def hedges_g(x: Sequence[float], y: Sequence[float]) -> float:
    """Hedges' *g*: standardized mean difference with small-sample correction.

    ``g = J * (mean(x) - mean(y)) / s_pooled`` with
    ``s_pooled = sqrt(((n_x-1) s_x^2 + (n_y-1) s_y^2) / (n_x+n_y-2))`` and
    ``J = 1 - 3 / (4 (n_x+n_y-2) - 1)``.

    Parameters
    ----------
    x, y : sequence of float
        The two samples, each with at least 2 observations.

    Returns
    -------
    float
        NaN when the pooled standard deviation is zero.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. *J. Educ. Stat.* 6(2), 107-128.
    https://doi.org/10.3102/10769986006002107

    Examples
    --------
    >>> round(hedges_g([2, 4, 6, 8], [1, 3, 5]), 4)
    0.7117
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size < 2 or y.size < 2:
        raise ValueError(f"Hedges' g needs at least 2 observations per group (got {x.size} and {y.size})")
    df = x.size + y.size - 2
    s = math.sqrt(((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / df)
    if s == 0:
        return math.nan
    j = 1 - 3 / (4 * df - 1)
    return float(j * (x.mean() - y.mean()) / s)


def cliffs_delta(x: Sequence[float], y: Sequence[float]) -> float:
    """Cliff's delta: ``P(X > Y) - P(X < Y)`` over all pairs.

    Parameters
    ----------
    x, y : sequence of float
        The two samples (at least one observation each).

    Returns
    -------
    float
        In [-1, 1]; ties count as neither.

    References
    ----------
    Cliff, N. (1993). Dominance statistics: Ordinal analyses to answer
    ordinal questions. *Psychol. Bull.* 114(3), 494-509.
    https://doi.org/10.1037/0033-2909.114.3.494

    Examples
    --------
    >>> cliffs_delta([1, 2, 3], [2, 4])
    -0.5
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size < 1 or y.size < 1:
        raise ValueError("Cliff's delta needs at least one observation per group")
    d = np.sign(x[:, None] - y[None, :])
    return float(d.sum() / d.size)


# ---------------------------------------------------------------------------
# input handling
# ---------------------------------------------------------------------------
def _select(data: pd.DataFrame, indicator: str, by: str, groups: Sequence[str] | None):
    """Rows of one indicator, split by group; validates bounds and values."""
    for col in ("indicator", "value", by):
        if col not in data.columns:
            raise ValueError(f"data has no column {col!r} (columns: {', '.join(map(str, data.columns))})")
    sub = data.loc[data["indicator"] == indicator]
    if sub.empty:
        raise ValueError(f"no rows for indicator {indicator!r}")
    if groups is None:
        col = data[by]
        if isinstance(col.dtype, pd.CategoricalDtype):
            groups = [str(c) for c in col.cat.categories]
        else:
            groups = sorted(str(g) for g in col.dropna().unique())
    groups = list(groups)
    if len(groups) < 2:
        raise ValueError(f"need at least two groups in column {by!r}, got {groups}")
    sub = sub.loc[sub[by].notna()]  # parent units (no model) belong to no group
    has_bounds = "lower" in sub.columns and "upper" in sub.columns
    has_closed = has_bounds and "lower_closed" in sub.columns and "upper_closed" in sub.columns
    out = {}
    for g in groups:
        rows = sub.loc[sub[by].astype(str) == g]
        if rows.empty:
            raise ValueError(
                f"{by} {g!r} has no observation of indicator {indicator!r}: "
                "no comparison involving it is possible"
            )
        value = rows["value"].to_numpy(dtype=float)
        if has_bounds:
            lower = rows["lower"].to_numpy(dtype=float)
            upper = rows["upper"].to_numpy(dtype=float)
        else:
            lower = upper = value
        if has_closed:
            lo_closed = rows["lower_closed"].to_numpy(dtype=bool)
            hi_closed = rows["upper_closed"].to_numpy(dtype=bool)
        else:
            lo_closed = hi_closed = np.ones(value.size, dtype=bool)
        ids = rows["case_id"].astype(str).tolist() if "case_id" in rows.columns else list(map(str, rows.index))
        for i, cid in enumerate(ids):
            if math.isnan(lower[i]) or math.isnan(upper[i]):
                raise ValueError(f"indicator {indicator!r}, case {cid!r}: lower/upper bound is NaN")
            if lower[i] > upper[i]:
                raise ValueError(f"indicator {indicator!r}, case {cid!r}: lower {lower[i]} > upper {upper[i]}")
            if not math.isnan(value[i]) and not (lower[i] <= value[i] <= upper[i]):
                raise ValueError(
                    f"indicator {indicator!r}, case {cid!r}: value {value[i]} outside [{lower[i]}, {upper[i]}]"
                )
        value = _point_inside(value, lower, upper, lo_closed, hi_closed)
        out[g] = {"value": value, "lower": lower, "upper": upper, "case_id": ids}
    return out


def _point_inside(value, lower, upper, lo_closed, hi_closed) -> np.ndarray:
    """Point values that lie inside their own intervals.

    A stated figure such as "200余" is recorded as value 200 with the interval
    (200, 300): the number itself is excluded. Such a value sitting on an open
    end is replaced by the midpoint of the interval; when the other end is
    infinite ("5万余" = (50000, inf)) no point inside is canonical and the value
    becomes NaN (the case then has an interval only, and point statistics are
    refused for it). Values on closed ends, or strictly inside, are kept.

    >>> _point_inside(np.array([200.0, 20.0, 50000.0]), np.array([200.0, 20.0, 50000.0]),
    ...               np.array([300.0, 20.0, np.inf]), np.array([False, True, False]),
    ...               np.array([False, True, False]))
    array([250.,  20.,  nan])
    """
    value = np.array(value, dtype=float)
    on_open = ((value == lower) & ~lo_closed & (lower < upper)) | ((value == upper) & ~hi_closed & (lower < upper))
    if on_open.any():
        finite = np.isfinite(lower) & np.isfinite(upper)
        mid = np.where(finite, (lower + upper) / 2, np.nan)
        value = np.where(on_open, mid, value)
    return value


def _require(groups: dict, indicator: str, by: str, statistics: Sequence[str]) -> None:
    for stat in statistics:
        if stat not in STATISTICS:
            raise ValueError(f"unknown statistic {stat!r}; expected some of {sorted(STATISTICS)}")
        need = STATISTICS[stat]
        for g, d in groups.items():
            if d["value"].size < need:
                why = (" (below that its percentile interval undercovers; the Welch interval, "
                       "statistic 'welch', has near-nominal coverage from 2 per group)") if stat == "bootstrap" else ""
                raise ValueError(
                    f"{by} {g!r} has {d['value'].size} observation(s) of indicator {indicator!r}; "
                    f"{stat} needs at least {need} per group{why}. Drop {stat!r} from `statistics` "
                    "or do not compare this indicator."
                )
    if "welch" in statistics and "bootstrap" in statistics:
        raise ValueError("ask for one interval: 'welch' or 'bootstrap' (both fill ci_low/ci_high)")
    for g, d in groups.items():
        miss = [c for c, v in zip(d["case_id"], d["value"]) if math.isnan(v)]
        if miss:
            raise ValueError(
                f"indicator {indicator!r}, {by} {g!r}: case(s) {', '.join(miss)} have only an interval, "
                "no point value inside it (e.g. a figure stated as 'more than v', an open interval (v, inf)); "
                "point statistics cannot be computed (see summarize_models and diff_low/diff_high for bounds)"
            )


# ---------------------------------------------------------------------------
# summaries
# ---------------------------------------------------------------------------
def summarize_models(
    data: pd.DataFrame, indicator: str, by: str = "model", *, groups: Sequence[str] | None = None
) -> pd.DataFrame:
    """Interval-aware summary of one indicator per model.

    Each summary statistic is computed on the point values, on the lower
    bounds and on the upper bounds; since mean, median, min and max are
    monotone in every observation, ``[stat_low, stat_high]`` is exactly the
    range of the statistic over all data consistent with the intervals.

    Parameters
    ----------
    data : DataFrame
        Long table like ``load_chengdu().indicators``: columns ``indicator``,
        ``value``, optionally ``lower``/``upper`` (otherwise values are exact),
        ``case_id`` and the grouping column.
    indicator : str
        The indicator to summarise.
    by : str
        Grouping column (default ``"model"``).
    groups : sequence of str, optional
        Groups to report (default: the categories of ``by``, or its values).

    Returns
    -------
    DataFrame
        One row per group: ``indicator, group, n, n_exact, mean, mean_low,
        mean_high, median, median_low, median_high, min_low, max_high``.
        ``mean``/``median`` are NaN when a case has no point value.

    Raises
    ------
    ValueError
        When a group has no observation of ``indicator``.

    Examples
    --------
    >>> d = pd.DataFrame({"case_id": ["a", "b", "c"], "indicator": "x",
    ...                   "value": [80.0, 85.0, 10.0], "lower": [80.0, 85.0, 10.0],
    ...                   "upper": [80.0, 100.0, 10.0], "model": ["p", "p", "q"]})
    >>> summarize_models(d, "x")[["group", "n", "mean", "mean_low", "mean_high"]]
      group  n  mean  mean_low  mean_high
    0     p  2  82.5      82.5       90.0
    1     q  1  10.0      10.0       10.0
    """
    sel = _select(data, indicator, by, groups)
    rows = []
    for g, d in sel.items():
        v, lo, hi = d["value"], d["lower"], d["upper"]
        point = not np.isnan(v).any()
        rows.append(
            {
                "indicator": indicator,
                "group": g,
                "n": int(v.size),
                "n_exact": int(np.sum(lo == hi)),
                "mean": float(v.mean()) if point else math.nan,
                "mean_low": float(lo.mean()),
                "mean_high": float(hi.mean()),
                "median": float(np.median(v)) if point else math.nan,
                "median_low": float(np.median(lo)),
                "median_high": float(np.median(hi)),
                "min_low": float(lo.min()),
                "max_high": float(hi.max()),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# permutation machinery
# ---------------------------------------------------------------------------
def _n_relabellings(sizes: Sequence[int]) -> int:
    n = 0
    total = 1
    for k in sizes:
        n += k
        total *= math.comb(n, k)
    return total


def _combinations(r: int, k: int) -> np.ndarray:
    """All k-subsets of range(r) as an int array (C(r, k), k), lexicographic."""
    count = math.comb(r, k)
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(r), k)), dtype=np.intp, count=count * k
    )
    return flat.reshape(count, k)


def _all_labellings(sizes: Sequence[int]) -> np.ndarray:
    """Every assignment of ``sum(sizes)`` positions to groups of these sizes.

    Returns an int8 array (n_labellings, N) of group labels (vectorised:
    the positions of group g are chosen among those left by groups < g).
    """
    sizes = list(sizes)
    n = int(sum(sizes))
    labels = np.full((1, n), len(sizes) - 1, dtype=np.int8)
    remaining = np.arange(n)[None, :]  # (rows, positions still free)
    for g, k in enumerate(sizes[:-1]):
        r = remaining.shape[1]
        combos = _combinations(r, k)  # relative indices into `remaining`
        c = combos.shape[0]
        keep = np.ones((c, r), dtype=bool)
        keep[np.arange(c)[:, None], combos] = False
        rest = np.nonzero(keep)[1].reshape(c, r - k)
        chosen = remaining[:, combos].reshape(-1, k)  # (rows * c, k) absolute positions
        labels = np.repeat(labels, c, axis=0)
        np.put_along_axis(labels, chosen, g, axis=1)
        remaining = remaining[:, rest].reshape(-1, r - k)
    return labels


def _random_labellings(sizes, n_resamples, rng) -> np.ndarray:
    base = np.repeat(np.arange(len(sizes), dtype=np.int8), sizes)
    return rng.permuted(np.tile(base, (n_resamples, 1)), axis=1)


def _p_values(null: np.ndarray, observed: float, alternative: str, exact: bool, scale: float = 0.0) -> float:
    """p-value with scipy.stats.permutation_test conventions.

    ``observed`` must be computed by the same arithmetic as ``null`` (then the
    observed labelling ties with itself exactly). Null values within
    ``gamma = 100 eps max(|observed|, scale)`` of it count as ties; ``scale``
    (the size of the data) keeps the tolerance positive when the observed
    statistic is 0, where a purely relative tolerance vanishes.
    """
    gamma = np.finfo(float).eps * 100 * max(abs(observed), scale)
    n = null.size
    adj = 0 if exact else 1

    def less():
        return (np.sum(null <= observed + gamma) + adj) / (n + adj)

    def greater():
        return (np.sum(null >= observed - gamma) + adj) / (n + adj)

    if alternative == "less":
        p = less()
    elif alternative == "greater":
        p = greater()
    else:
        p = 2 * min(less(), greater())
    return float(min(p, 1.0))


def _p_min(n_null: int, alternative: str, exact: bool) -> float:
    """Smallest p-value attainable whatever the data (scipy conventions)."""
    # exact: the observed labelling is one of n_null; Monte Carlo: (0 + 1) / (R + 1)
    p = 1 / (n_null + (0 if exact else 1))
    return float(min(1.0, 2 * p if alternative == "two-sided" else p))


def _p_min_anova(sizes, n_null: int, exact: bool) -> float:
    """Smallest attainable p of the between-group SS test.

    The SS is unchanged when groups of equal size swap labels, so the most
    extreme split is shared by ``prod(m_s!)`` relabellings, ``m_s`` being the
    number of groups of size ``s``.
    """
    ties = math.prod(math.factorial(sizes.count(s)) for s in set(sizes))
    if not exact:
        return float(1 / (n_null + 1))
    return float(min(1.0, ties / n_null))


def _labellings(sizes, max_exact, n_resamples, rng):
    n_total = _n_relabellings(sizes)
    if n_total <= max_exact:
        return _all_labellings(sizes), True, n_total
    return _random_labellings(sizes, n_resamples, rng), False, n_resamples


def _perm_mean_diff(x, y, alternative, max_exact, n_resamples, rng):
    data = np.concatenate([x, y])
    labs, exact, n_null = _labellings([x.size, y.size], max_exact, n_resamples, rng)
    obs_lab = np.repeat(np.array([0, 1], dtype=np.int8), [x.size, y.size])[None, :]

    def stat(lab):  # one formula for the observed and the null labellings
        sum_x = ((lab == 0) * data).sum(axis=1)
        return sum_x / x.size - (data.sum() - sum_x) / y.size

    null = stat(labs)
    obs = float(stat(obs_lab)[0])
    scale = float(np.abs(data).max()) if data.size else 0.0
    p = _p_values(null, obs, alternative, exact, scale)
    return p, _p_min(n_null, alternative, exact), n_null, exact


def _validate_common(alternative, confidence_level, max_exact, n_resamples):
    if alternative not in _ALTERNATIVES:
        raise ValueError(f"alternative must be one of {_ALTERNATIVES}, got {alternative!r}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    if max_exact < 1 or n_resamples < 1:
        raise ValueError("max_exact and n_resamples must be positive")


# ---------------------------------------------------------------------------
# pairwise comparison
# ---------------------------------------------------------------------------
def compare_models(
    data: pd.DataFrame,
    indicator: str,
    by: str = "model",
    *,
    groups: Sequence[str] | None = None,
    statistics: Sequence[str] = ("permutation", "welch", "hedges_g", "cliffs_delta"),
    alternative: str = "two-sided",
    confidence_level: float = 0.95,
    max_exact: int = 200_000,
    n_resamples: int = 9_999,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Compare one indicator between every pair of models, honestly.

    Parameters
    ----------
    data : DataFrame
        Long table like ``load_chengdu().indicators``: ``case_id``,
        ``indicator``, ``value``, ``lower``, ``upper`` (optional) and ``by``.
        Rows whose ``by`` is missing (parent units) belong to no group.
    indicator : str
        The indicator to compare.
    by : str
        Grouping column (default ``"model"``).
    groups : sequence of str, optional
        Groups to compare, in order (default: categories of ``by``).
    statistics : sequence of str
        Which of :data:`STATISTICS` to compute. Each needs a minimum number of
        observations per group (``permutation`` and ``cliffs_delta`` 1,
        ``hedges_g`` and ``welch`` 2, ``bootstrap`` 20); columns of statistics
        not requested are NaN. ``welch`` and ``bootstrap`` both give
        ``ci_low``/``ci_high``: ask for one.
    alternative : {"two-sided", "less", "greater"}
        For the permutation test of ``mean_A - mean_B``.
    confidence_level : float
        Of the interval for the difference (Welch or bootstrap).
    max_exact : int
        Enumerate every relabelling when there are at most this many;
        otherwise draw ``n_resamples`` random relabellings (Monte Carlo).
    n_resamples : int
        Monte Carlo relabellings and bootstrap resamples.
    seed : int or numpy.random.Generator, optional
        Randomness of the bootstrap and of Monte Carlo permutations.

    Returns
    -------
    DataFrame
        One row per pair ``(A, B)``: ``indicator, A, B, n_A, n_B, mean_A,
        mean_B, diff`` (``mean_A - mean_B``), ``diff_low, diff_high`` (range of
        the difference over the reported intervals), ``ci_low, ci_high``
        (interval for ``diff``), ``ci_method`` (``"welch-t"``,
        ``"percentile bootstrap"`` or None), ``hedges_g``, ``cliffs_delta``,
        ``cliffs_delta_low, cliffs_delta_high`` (range over the intervals),
        ``p_val``, ``p_min`` (smallest p-value attainable with these group
        sizes, whatever the data), ``n_relabellings``, ``method``
        (``"exact"`` or ``"monte-carlo"``), ``alternative``, ``informative``
        (False when a group has a single case: see Notes).

    Raises
    ------
    ValueError
        Naming the model and the indicator when a group has no observation,
        or fewer than a requested statistic needs, or a case without a point
        value.

    Notes
    -----
    The permutation test follows the conventions of
    :func:`scipy.stats.permutation_test` (two-sided p = twice the smaller
    one-sided p; exact p = share of relabellings at least as extreme, the
    observed one included), so the smallest attainable two-sided p is
    ``2 / C(n_A + n_B, n_A)``. With one case per model that is 1: no data
    could make such a comparison significant, and ``p_min`` says so. The
    observed statistic is computed by the same arithmetic as the relabelled
    ones, so ties (an observed difference of 0 included) count as at least as
    extreme, as in scipy.

    **One case per model.** scipy refuses a permutation test with fewer than
    two observations per sample. Here the test and Cliff's delta are still
    computed for one case per model (they are exact statements about those
    cases), but the row has ``informative = False``: a single case cannot
    represent a model, Cliff's delta is then the sign of single differences
    (1, 0 or -1, never a "maximal effect"), and the p-value cannot fall below
    ``p_min`` (1 for one case each).

    **The interval.** ``welch`` (default) is the Welch *t* interval for
    ``mean_A - mean_B`` (:func:`scipy.stats.ttest_ind` with
    ``equal_var=False``): exact under normality with equal variances and
    near-nominal otherwise, even at 2 cases per group, where it is (rightly)
    very wide. The percentile ``bootstrap`` undercovers in small groups (a
    "95 %" interval covers the truth about 2 times in 3 at 2 cases per group)
    and is refused below :data:`BOOTSTRAP_MIN_N` cases per group.

    **Point values.** A figure stated as "200余" has the interval (200, 300)
    and the value 200, which the interval excludes. Point statistics
    (``mean_A``, ``diff``, Hedges' g, the interval, the test, Cliff's delta)
    use a value inside the interval: a value on an open end is replaced by
    the midpoint of the interval; if the other end is infinite ("5万余" =
    (50000, inf)) the case has no point value and point statistics are
    refused for it (use the bounds). This needs the columns ``lower_closed``
    and ``upper_closed``; without them the ends count as closed.

    The difference in means and Cliff's delta are monotone in every
    observation, so their ``_low``/``_high`` columns are bounds over every
    configuration allowed by the intervals (attained when the ends are
    closed, approached when they are open).

    References
    ----------
    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
    Hypotheses* (3rd ed.). Springer. https://doi.org/10.1007/b138696

    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be
    zero. *Stat. Appl. Genet. Mol. Biol.* 9(1).
    https://doi.org/10.2202/1544-6115.1585

    Examples
    --------
    >>> d = pd.DataFrame({"case_id": list("abcdefg"), "indicator": "x",
    ...     "value": [1.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0],
    ...     "model": ["p"] * 3 + ["q"] * 4})
    >>> r = compare_models(d, "x", seed=1)
    >>> r[["A", "B", "diff", "p_val", "p_min", "n_relabellings", "method"]]
       A  B  diff     p_val     p_min  n_relabellings method
    0  p  q  -5.5  0.057143  0.057143              35  exact

    Even the most extreme split of 3 + 4 cases cannot reach p < 0.05. The
    Welch interval is scipy's:

    >>> r[["ci_low", "ci_high", "ci_method"]].round(4)
       ci_low  ci_high ci_method
    0 -7.7317  -3.2683   welch-t

    One case per model is refused for statistics that need two:

    >>> compare_models(d.iloc[[0, 3]], "x")
    Traceback (most recent call last):
    ...
    ValueError: model 'p' has 1 observation(s) of indicator 'x'; welch needs at least 2 per group. ...

    and what remains is flagged as uninformative:

    >>> compare_models(d.iloc[[0, 3]], "x", statistics=["permutation", "cliffs_delta"])[
    ...     ["cliffs_delta", "p_val", "p_min", "informative"]]
       cliffs_delta  p_val  p_min  informative
    0          -1.0    1.0    1.0        False
    """
    _validate_common(alternative, confidence_level, max_exact, n_resamples)
    sel = _select(data, indicator, by, groups)
    statistics = list(statistics)
    _require(sel, indicator, by, statistics)
    rng = np.random.default_rng(seed)
    rows = []
    for a, b in itertools.combinations(list(sel), 2):
        x, y = sel[a]["value"], sel[b]["value"]
        xl, xh, yl, yh = sel[a]["lower"], sel[a]["upper"], sel[b]["lower"], sel[b]["upper"]
        row = {
            "indicator": indicator,
            "A": a,
            "B": b,
            "n_A": int(x.size),
            "n_B": int(y.size),
            "mean_A": float(x.mean()),
            "mean_B": float(y.mean()),
            "diff": float(x.mean() - y.mean()),
            "diff_low": float(xl.mean() - yh.mean()),
            "diff_high": float(xh.mean() - yl.mean()),
            "ci_low": math.nan,
            "ci_high": math.nan,
            "ci_method": None,
            "hedges_g": math.nan,
            "cliffs_delta": math.nan,
            "cliffs_delta_low": math.nan,
            "cliffs_delta_high": math.nan,
            "p_val": math.nan,
            "p_min": math.nan,
            "n_relabellings": pd.NA,
            "method": None,
            "alternative": alternative,
            "informative": bool(min(x.size, y.size) >= 2),
        }
        if "welch" in statistics:
            row["ci_low"], row["ci_high"] = _welch_diff(x, y, confidence_level)
            row["ci_method"] = "welch-t"
        if "bootstrap" in statistics:
            row["ci_low"], row["ci_high"] = _bootstrap_diff(x, y, confidence_level, n_resamples, rng)
            row["ci_method"] = "percentile bootstrap"
        if "hedges_g" in statistics:
            row["hedges_g"] = hedges_g(x, y)
        if "cliffs_delta" in statistics:
            row["cliffs_delta"] = cliffs_delta(x, y)
            row["cliffs_delta_low"] = cliffs_delta(xl, yh)
            row["cliffs_delta_high"] = cliffs_delta(xh, yl)
        if "permutation" in statistics:
            p, pmin, n_null, exact = _perm_mean_diff(x, y, alternative, max_exact, n_resamples, rng)
            row.update(p_val=p, p_min=pmin, n_relabellings=n_null, method="exact" if exact else "monte-carlo")
        rows.append(row)
    out = pd.DataFrame(rows)
    out["n_relabellings"] = out["n_relabellings"].astype("Int64")
    return out


def _welch_diff(x, y, confidence_level):
    """Welch t interval for mean(x) - mean(y) (scipy.stats.ttest_ind, unequal variances).

    NaN when both groups have zero variance (no spread to base an interval on).
    """
    from scipy import stats

    if x.var() == 0 and y.var() == 0:
        return math.nan, math.nan
    ci = stats.ttest_ind(x, y, equal_var=False).confidence_interval(confidence_level=confidence_level)
    return float(ci.low), float(ci.high)


def _bootstrap_diff(x, y, confidence_level, n_resamples, rng):
    """Percentile bootstrap of mean(x) - mean(y), resampling within groups."""
    bx = x[rng.integers(0, x.size, size=(n_resamples, x.size))].mean(axis=1)
    by_ = y[rng.integers(0, y.size, size=(n_resamples, y.size))].mean(axis=1)
    alpha = 1 - confidence_level
    lo, hi = np.quantile(bx - by_, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi)


# ---------------------------------------------------------------------------
# omnibus
# ---------------------------------------------------------------------------
def permutation_anova(
    data: pd.DataFrame,
    indicator: str,
    by: str = "model",
    *,
    groups: Sequence[str] | None = None,
    max_exact: int = 200_000,
    n_resamples: int = 9_999,
    seed: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Permutation one-way ANOVA: do the group means differ at all?

    The statistic is the between-group sum of squares (equivalent, under
    relabelling, to the F statistic since the total sum of squares is fixed);
    every relabelling is enumerated when there are at most ``max_exact``.

    Parameters
    ----------
    data, indicator, by, groups
        As in :func:`compare_models`.
    max_exact, n_resamples, seed
        As in :func:`compare_models`.

    Returns
    -------
    DataFrame
        One row: ``indicator, k, n, ss_between, p_val, p_min, n_relabellings,
        method``.

    Examples
    --------
    >>> d = pd.DataFrame({"case_id": list("abcdefg"), "indicator": "x",
    ...     "value": [1.0, 5.0, 2.0, 3.0, 4.0, 6.0, 7.0],
    ...     "model": ["a", "b", "c", "c", "c", "c", "c"]})
    >>> permutation_anova(d, "x")[["k", "n", "p_val", "p_min", "n_relabellings"]]
       k  n    p_val     p_min  n_relabellings
    0  3  7  0.52381  0.047619              42

    With groups of 1, 1 and 5 cases, no data could give p < 0.047.
    """
    _validate_common("greater", 0.5, max_exact, n_resamples)
    sel = _select(data, indicator, by, groups)
    _require(sel, indicator, by, ["permutation"])
    rng = np.random.default_rng(seed)
    values = np.concatenate([d["value"] for d in sel.values()])
    sizes = [d["value"].size for d in sel.values()]
    labs, exact, n_null = _labellings(sizes, max_exact, n_resamples, rng)
    grand = values.mean()

    def between_ss(lab):  # one formula for the observed and the null labellings
        ss = np.zeros(lab.shape[0])
        for g, n_g in enumerate(sizes):
            m = (lab == g) @ values / n_g
            ss += n_g * (m - grand) ** 2
        return ss

    ss = between_ss(labs)
    obs = float(between_ss(np.repeat(np.arange(len(sizes), dtype=np.int8), sizes)[None, :])[0])
    scale = float(np.sum((values - grand) ** 2))  # the total SS bounds the between SS
    return pd.DataFrame(
        [
            {
                "indicator": indicator,
                "k": len(sizes),
                "n": int(values.size),
                "ss_between": obs,
                "p_val": _p_values(ss, obs, "greater", exact, scale),
                "p_min": _p_min_anova(sizes, n_null, exact),
                "n_relabellings": n_null,
                "method": "exact" if exact else "monte-carlo",
            }
        ]
    )


# ---------------------------------------------------------------------------
# shares
# ---------------------------------------------------------------------------
def proportion_ci(count, nobs, method: str = "wilson", confidence_level: float = 0.95) -> pd.DataFrame:
    """Confidence interval for a share with a known denominator.

    Parameters
    ----------
    count : int or array-like of int
        Number of successes (e.g. residents who took part).
    nobs : int or array-like of int
        Denominator (e.g. residents asked).
    method : {"wilson", "beta"}
        Wilson score interval or Clopper--Pearson ("beta", exact).
    confidence_level : float

    Returns
    -------
    DataFrame
        One row per share: ``count, nobs, proportion, ci_low, ci_high, method``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22(158), 209-212.
    https://doi.org/10.1080/01621459.1927.10502953

    Clopper, C. J., & Pearson, E. S. (1934). The use of confidence or
    fiducial limits illustrated in the case of the binomial. *Biometrika*
    26(4), 404-413. https://doi.org/10.1093/biomet/26.4.404

    Examples
    --------
    >>> proportion_ci(81, 263)[["proportion", "ci_low", "ci_high"]].round(4)
       proportion  ci_low  ci_high
    0       0.308  0.2553   0.3662
    """
    if method not in ("wilson", "beta"):
        raise ValueError(f"method must be 'wilson' or 'beta', got {method!r}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level}")
    count = np.atleast_1d(np.asarray(count))
    nobs = np.atleast_1d(np.asarray(nobs))
    count, nobs = np.broadcast_arrays(count, nobs)
    for i, (c, n) in enumerate(zip(count.ravel(), nobs.ravel())):
        if float(c) != int(c) or float(n) != int(n):
            raise ValueError(f"share {i}: count {c} and nobs {n} must be whole numbers")
        if n <= 0 or c < 0 or c > n:
            raise ValueError(f"share {i}: need 0 <= count <= nobs and nobs > 0, got count={c}, nobs={n}")
    lo, hi = proportion_confint(count, nobs, alpha=1 - confidence_level, method=method)
    return pd.DataFrame(
        {
            "count": count.astype(int).ravel(),
            "nobs": nobs.astype(int).ravel(),
            "proportion": (count / nobs).astype(float).ravel(),
            "ci_low": np.asarray(lo, dtype=float).ravel(),
            "ci_high": np.asarray(hi, dtype=float).ravel(),
            "method": method,
        }
    )


def coding_agreement(first: pd.DataFrame, second: pd.DataFrame, *, by: str = "mechanism") -> pd.DataFrame:
    """Agreement of two codings of the same cases: Cohen's kappa per item.

    Parameters
    ----------
    first, second : DataFrame
        Columns ``case_id``, ``by`` (e.g. ``mechanism``) and ``present``
        (bool, or the strings ``true``/``false``; a missing pair counts as
        ``false``: *not reported*). Rows of ``second`` whose ``present`` is
        neither (e.g. ``unavailable``: the coder could not read the source)
        drop that case from the comparison.

    Returns
    -------
    DataFrame
        One row per item, then a pooled ``all`` row: ``n_cases``,
        ``both_true``, ``first_only``, ``second_only``, ``both_false``,
        ``agreement`` (share of equal codes), ``kappa`` (NaN when both coders
        give one constant code: kappa is then undefined, not perfect) and
        ``disagreements`` (the case ids).

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       *Educational and Psychological Measurement*, 20(1), 37–46.
       https://doi.org/10.1177/001316446002000104

    Examples
    --------
    >>> a = pd.DataFrame({"case_id": list("abcd"), "mechanism": "m", "present": [True, True, False, False]})
    >>> b = pd.DataFrame({"case_id": list("abcd"), "mechanism": "m", "present": [True, False, False, False]})
    >>> coding_agreement(a, b).loc[0, ["agreement", "kappa"]].tolist()
    [0.75, 0.5]
    """
    def norm(df, name):
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"coding_agreement: {name} must be a DataFrame, got {type(df).__name__}")
        missing = [c for c in ("case_id", by, "present") if c not in df.columns]
        if missing:
            raise ValueError(f"coding_agreement: {name} lacks column(s) {missing}")
        v = df["present"].map(lambda x: {True: True, False: False, "true": True, "false": False}.get(
            x.lower() if isinstance(x, str) else bool(x) if isinstance(x, (bool, np.bool_)) else x))
        return df.assign(present=v)[["case_id", by, "present"]]

    a, b = norm(first, "first"), norm(second, "second")
    unavailable = set(b.loc[b["present"].isna(), "case_id"]) | set(a.loc[a["present"].isna(), "case_id"])
    cases = sorted((set(b["case_id"]) & set(a["case_id"]) | set(b["case_id"])) - unavailable)
    if not cases:
        raise ValueError("coding_agreement: no case coded by both")
    items = sorted(set(a[by]) | set(b[by]))
    grid = pd.MultiIndex.from_product([cases, items], names=["case_id", by])

    def wide(df):
        d = df.dropna(subset=["present"]).drop_duplicates(["case_id", by]).set_index(["case_id", by])["present"]
        return d.reindex(grid).fillna(False).astype(bool)

    x, y = wide(a), wide(b)
    rows = []
    for item in items + ["all"]:
        xi = x if item == "all" else x.xs(item, level=by)
        yi = y if item == "all" else y.xs(item, level=by)
        n = len(xi)
        tt, to, ot = int((xi & yi).sum()), int((xi & ~yi).sum()), int((~xi & yi).sum())
        ff = n - tt - to - ot
        po = (tt + ff) / n
        pe = ((tt + to) * (tt + ot) + (ff + ot) * (ff + to)) / n**2
        kappa = (po - pe) / (1 - pe) if pe < 1 else math.nan
        dis = sorted({c if item != "all" else f"{c}:{m}" for (c, m) in
                      [(k if isinstance(k, tuple) else (k, item)) for k in xi.index[xi != yi]]})
        rows.append({by: item, "n_cases": len(cases), "both_true": tt, "first_only": to, "second_only": ot,
                     "both_false": ff, "agreement": po, "kappa": kappa,
                     "disagreements": ", ".join(dis) if item != "all" else str(len(dis))})
    return pd.DataFrame(rows)
