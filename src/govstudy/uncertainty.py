"""Uncertainty and sensitivity analysis of composite indicators, vectorised.

Every uncertain choice of a composite-indicator pipeline (see
:mod:`govstudy.composite`) is a *factor*:

* :class:`Choice` -- discrete alternatives for one pipeline setting
  (``"treat.winmax"``, ``"normalisation"``, ``"aggregation"``,
  ``"impute_method"``);
* :class:`Continuous` -- a uniform range for a numeric setting
  (``"treat.skew_thresh"``, ``"treat.kurt_thresh"``, ``"aggregation.p"``);
* :class:`WeightNoise` -- every weight at some levels multiplied by an
  independent ``U(1 - rel, 1 + rel)`` factor;
* :class:`IntervalValues` -- data values drawn uniformly inside their
  intervals ``[lower, upper]`` (indicators or denominators; see the class
  for infinite bounds).

A factor is driven by one or more U(0, 1) variables; a replication is a row
of such variables. :func:`uncertainty_analysis` draws the rows at random and
summarises the ranks (nominal, mean, median, 5-95 % interval);
:func:`sensitivity_analysis` draws them from SALib's Saltelli/Sobol' design
and estimates first-order and total Sobol' indices of a target (mean
absolute rank change, a unit's rank, or the rank gap between two units) with
bootstrap intervals. The replications are array dimensions: a batch of
replications runs the pipeline once on arrays of shape
(replications, units, indicators), never a Python loop over pandas
pipelines. Steps whose inputs do not vary (e.g. the outlier treatment when
only the winsorisation limit changes) are computed once per distinct input
and gathered: results are the same as rebuilding each replication from the
raw data.

The batches can run on a Dask cluster (``scheduler=``, as for
:func:`govstudy.corpus.extract_corpus`): the whole design is drawn from the
seed here before the batches are mapped, so the results are identical to a
local run with the same seed.

References
----------
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., &
Tarantola, S. (2010). Variance based sensitivity analysis of model output.
Design and estimator for the total sensitivity index. Computer Physics
Communications, 181(2), 259-270. https://doi.org/10.1016/j.cpc.2009.09.018

Saisana, M., Saltelli, A., & Tarantola, S. (2005). Uncertainty and
sensitivity analysis techniques as tools for the quality assessment of
composite indicators. Journal of the Royal Statistical Society A, 168(2),
307-323. https://doi.org/10.1111/j.1467-985X.2005.00350.x

Herman, J., & Usher, W. (2017). SALib: An open-source Python library for
sensitivity analysis. Journal of Open Source Software, 2(9), 97.
https://doi.org/10.21105/joss.00097
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import composite as C
from ._dask import check_scheduler, get_client, nthreads, ordered
from ._progress import Progress

__all__ = [
    "Choice",
    "Continuous",
    "WeightNoise",
    "IntervalValues",
    "UncertaintyResult",
    "uncertainty_analysis",
    "sensitivity_analysis",
    "sobol_indices",
    "rank_statistics",
    "simulate",
]

_CHOICE_TARGETS = ("treat.winmax", "normalisation", "aggregation", "impute_method")
_CONTINUOUS_TARGETS = ("treat.skew_thresh", "treat.kurt_thresh", "aggregation.p")


# --------------------------------------------------------------------------- factors


@dataclass(frozen=True)
class Choice:
    """Discrete alternatives for one pipeline setting, equally likely.

    Parameters
    ----------
    name : str
        Label in the outputs (e.g. ``"Normalisation"``).
    target : str
        ``"treat.winmax"``, ``"normalisation"`` (specs as for
        :func:`govstudy.composite.build_index`), ``"aggregation"`` or
        ``"impute_method"``.
    alternatives : sequence

    Examples
    --------
    >>> c = Choice("Aggregation", "aggregation", ["amean", "gmean"])
    >>> c.index(np.array([[0.1], [0.7]])).tolist()
    [0, 1]
    """

    name: str
    target: str
    alternatives: Sequence[Any]

    def __post_init__(self):
        if self.target not in _CHOICE_TARGETS:
            raise ValueError(f"Choice {self.name!r}: target must be one of {_CHOICE_TARGETS}, "
                             f"got {self.target!r}")
        if len(self.alternatives) < 1:
            raise ValueError(f"Choice {self.name!r}: needs at least one alternative")

    n_vars = property(lambda self: 1)

    def index(self, u: np.ndarray) -> np.ndarray:
        k = len(self.alternatives)
        return np.minimum((u[:, 0] * k).astype(int), k - 1)


@dataclass(frozen=True)
class Continuous:
    """A numeric setting drawn uniformly in ``[low, high]``.

    Examples
    --------
    >>> Continuous("Skew limit", "treat.skew_thresh", 1.5, 2.5).values(np.array([[0.5]])).tolist()
    [2.0]
    """

    name: str
    target: str
    low: float
    high: float

    def __post_init__(self):
        if self.target not in _CONTINUOUS_TARGETS:
            raise ValueError(f"Continuous {self.name!r}: target must be one of {_CONTINUOUS_TARGETS}, "
                             f"got {self.target!r}")
        if not self.high >= self.low:
            raise ValueError(f"Continuous {self.name!r}: high < low")

    n_vars = property(lambda self: 1)

    def values(self, u: np.ndarray) -> np.ndarray:
        return self.low + u[:, 0] * (self.high - self.low)


@dataclass(frozen=True)
class WeightNoise:
    """Multiply each weight at ``levels`` by an independent ``U(1 - rel, 1 + rel)``.

    ``levels`` are the levels of the *weighted* nodes (2 = pillar weights
    used to build level 3, ...).

    Examples
    --------
    >>> WeightNoise("Weights", levels=(2, 3), rel=0.25).rel
    0.25
    """

    name: str = "Weights"
    levels: Sequence[int] = (2, 3)
    rel: float = 0.25

    def __post_init__(self):
        if not 0 <= self.rel < 1:
            raise ValueError(f"WeightNoise {self.name!r}: rel must be in [0, 1)")


@dataclass(frozen=True)
class IntervalValues:
    """Data values drawn uniformly inside their intervals.

    Parameters
    ----------
    lower, upper : DataFrame
        Units x columns (indicators and/or denominators) with the interval of
        each uncertain cell; NaN = the cell is not uncertain. Cells with
        ``lower == upper`` stay fixed.
    name : str
    unbounded : {"raise", "observed"} or float
        What an infinite bound means for the draw:

        * ``"raise"`` (default) -- a ``ValueError`` naming the cells: a value
          stated only as "more than v" has no distribution until you give it
          one;
        * ``"observed"`` -- ``(v, inf)`` is capped at the largest finite value
          of that column over all units (data and finite bounds) *above v*;
          when no unit has a larger value (the unit holds the column's only
          or largest figure), at ``OBSERVED_FALLBACK * v`` = ``2 v`` (the
          stated figure at most doubled; ``v > 0`` only). ``(-inf, v)``
          likewise: the smallest finite value below ``v``, else ``v / 2``.
          So every draw stays inside the stated interval and moves: a cap
          at ``v`` itself would freeze the figure at a value "more than v"
          excludes;
        * a float ``f > 1`` -- ``(v, inf)`` becomes ``(v, f v]`` and
          ``(-inf, v)`` becomes ``[v / f, v)`` (positive ``v`` only).
    lower_closed, upper_closed : DataFrame of bool, optional
        Whether each end belongs to the interval (as the ``lower_closed`` /
        ``upper_closed`` columns of a dataset's indicators); default: closed.
        Draws honour them: ``(85, 100]`` is drawn as ``100 - u (100 - 85)``
        with ``u`` in ``[0, 1)``, never 85; an open end is never drawn. A
        cap that replaces an infinite bound is a closed end.

    The point values in the data table are the nominal values; they must lie
    inside ``[lower, upper]``.

    Examples
    --------
    >>> lo = pd.DataFrame({"x": [9.0, np.nan]}, index=["a", "b"])
    >>> hi = pd.DataFrame({"x": [np.inf, np.nan]}, index=["a", "b"])
    >>> IntervalValues(lo, hi, unbounded="observed").unbounded
    'observed'
    >>> _draw(np.array([0.0, 0.5]), np.array([85.0, 85.0]), np.array([100.0, 100.0]),
    ...       np.array([False, False]), np.array([True, True]))
    array([100. ,  92.5])
    """

    lower: pd.DataFrame
    upper: pd.DataFrame
    name: str = "Values"
    unbounded: str | float = "raise"
    lower_closed: pd.DataFrame | None = None
    upper_closed: pd.DataFrame | None = None


#: Cap of ``(v, inf)`` under ``unbounded="observed"`` when no unit has a value above ``v``.
OBSERVED_FALLBACK = 2.0


def _draw(u: np.ndarray, lo: np.ndarray, hi: np.ndarray, lo_closed: np.ndarray, hi_closed: np.ndarray):
    """Uniform draws from ``u`` in [0, 1) inside intervals whose ends may be open.

    ``lo + u (hi - lo)`` covers ``[lo, hi)``; an interval open below and
    closed above is drawn from the top, ``hi - u (hi - lo)``, covering
    ``(lo, hi]``; an open end hit by rounding (or by ``u = 0`` when both are
    open) moves to the next float inside.
    """
    flip = ~lo_closed & hi_closed
    x = np.where(flip, hi - u * (hi - lo), lo + u * (hi - lo))
    x = np.where(~lo_closed & (x <= lo), np.nextafter(lo, hi), x)
    x = np.where(~hi_closed & (x >= hi), np.nextafter(hi, lo), x)
    return np.clip(x, lo, hi)


# --------------------------------------------------------------------------- engine


@dataclass
class _Plan:
    fw: C.Framework
    units: list[str]
    x_raw: np.ndarray            # (U, I) indicator values
    den: np.ndarray              # (U, I) denominator per indicator cell (1 = none)
    den_cols: list[str | None]   # per indicator: denominator column or None
    groups: np.ndarray | None    # (U,) group codes for imputation
    config: dict
    factors: list
    slices: list[slice]
    n_vars: int
    weight_nodes: list[np.ndarray]   # per WeightNoise factor: node positions
    nodes: list[str]                 # non-root nodes in framework order
    w0: np.ndarray                   # nominal weights of nodes
    cells: list[tuple]               # per IntervalValues factor: (kind, rows, cols, lo, hi, lo_closed, hi_closed)


def _treat_cfg(config) -> dict:
    t = config.get("treat")
    if not t:
        return {}
    return {} if t is True else dict(t)


def _plan(data: pd.DataFrame, framework, factors, config: Mapping[str, Any]) -> _Plan:
    fw = C._as_framework(framework)
    config = dict(config)
    nominal = C.build_index(data, fw, **config)
    units = list(nominal.steps["Normalised"].index)
    # screening is decided once, on the nominal data (it depends on which cells are
    # missing, which no factor changes); imputation sees the units it saw nominally
    pre_units = units if config.get("screen_before_impute") else list(data.index)
    data = data.loc[pre_units]
    keep = np.array([pre_units.index(u) for u in units])
    ind = fw.indicators
    x_raw = C._numeric_block(data, ind, "uncertainty").to_numpy(float)
    den = np.ones_like(x_raw)
    den_cols: list[str | None] = [None] * len(ind)
    if config.get("denominate_data", True) and "denominator" in fw.table.columns:
        for j, c in enumerate(ind):
            dc = fw.table.at[c, "denominator"]
            if isinstance(dc, str):
                den[:, j] = data[dc].to_numpy(float)
                den_cols[j] = dc
    groups = None
    g = config.get("impute_groups")
    if g is not None:
        gs = data[g] if isinstance(g, str) else pd.Series(g).reindex(units)
        groups = pd.factorize(gs)[0]
    nodes = [c for c in fw.table.index if c != fw.root]
    pos = {c: i for i, c in enumerate(nodes)}
    w = nominal.weights
    w0 = np.array([w[c] for c in nodes], float)
    slices, n, weight_nodes, cells = [], 0, [], []
    for f in factors:
        if isinstance(f, (Choice, Continuous)):
            k = 1
        elif isinstance(f, WeightNoise):
            sel = [pos[c] for c in nodes if int(fw.table.at[c, "level"]) in set(f.levels)]
            if not sel:
                raise ValueError(f"WeightNoise {f.name!r}: no weighted node at levels {list(f.levels)}")
            weight_nodes.append(np.array(sel))
            k = len(sel)
        elif isinstance(f, IntervalValues):
            cell = _interval_cells(f, data, ind, den_cols)
            cells.append(cell)
            k = len(cell[1])
            if k == 0:
                raise ValueError(f"IntervalValues {f.name!r}: no cell with lower < upper")
        else:
            raise TypeError(f"unknown factor type {type(f).__name__}")
        slices.append(slice(n, n + k))
        n += k
    names = [f.name for f in factors]
    if len(set(names)) != len(names):
        raise ValueError(f"factor names must be unique, got {names}")
    plan = _Plan(fw, units, x_raw, den, den_cols, groups, config, list(factors), slices, n,
                 weight_nodes, nodes, w0, cells)
    plan.nominal = nominal
    plan.keep = None if len(keep) == len(pre_units) else keep
    plan.dedupe = True
    return plan


def _interval_cells(f: IntervalValues, data: pd.DataFrame, ind: list[str], den_cols):
    lo = f.lower.reindex(index=data.index)
    hi = f.upper.reindex(index=data.index)
    if list(lo.columns) != list(hi.columns):
        raise ValueError(f"IntervalValues {f.name!r}: lower and upper need the same columns")
    rows, cols, kinds, los, his, lcs, hcs = [], [], [], [], [], [], []
    bad_inf = []

    def closed(frame, c):
        if frame is None or c not in frame.columns:
            return np.ones(len(data.index), dtype=bool)
        f_c = frame[c].reindex(index=data.index)
        return f_c.fillna(True).to_numpy(dtype=bool)

    for c in lo.columns:
        if c not in data.columns:
            raise ValueError(f"IntervalValues {f.name!r}: column {c!r} is not in the data")
        is_ind = c in ind
        is_den = c in den_cols
        if not (is_ind or is_den):
            raise ValueError(f"IntervalValues {f.name!r}: column {c!r} is neither an indicator "
                             "nor a denominator of the framework")
        vals = data[c].to_numpy(float)
        l_c, h_c = lo[c].to_numpy(float), hi[c].to_numpy(float)
        finite = np.concatenate([vals, l_c, h_c])
        finite = finite[np.isfinite(finite)]
        lc_c, hc_c = closed(f.lower_closed, c), closed(f.upper_closed, c)
        for i, u in enumerate(data.index):
            l, h, v = l_c[i], h_c[i], vals[i]
            lc, hc = bool(lc_c[i]), bool(hc_c[i])
            if np.isnan(l) and np.isnan(h):
                continue
            where = f"IntervalValues {f.name!r}: unit {u!r}, column {c!r}"
            if np.isnan(l) or np.isnan(h):
                raise ValueError(f"{where}: only one bound given")
            if l > h:
                raise ValueError(f"{where}: lower {l} > upper {h}")
            if np.isnan(v) or v < l or v > h:
                raise ValueError(f"{where}: nominal value {v} is not inside [{l}, {h}]")
            if np.isinf(l) or np.isinf(h):
                mode = f.unbounded
                if mode == "raise":
                    bad_inf.append(f"{u}/{c}")
                    continue
                if mode == "observed":
                    if np.isinf(h):
                        above = finite[finite > l]
                        if above.size:
                            h = float(above.max())
                        elif l > 0:
                            h = OBSERVED_FALLBACK * l
                        else:
                            raise ValueError(f"{where}: no observed value above {l} and a non-positive bound "
                                             "cannot be doubled; pass a factor or finite bounds")
                        hc = True
                    if np.isinf(l):
                        below = finite[finite < h]
                        if below.size:
                            l = float(below.min())
                        elif h > 0:
                            l = h / OBSERVED_FALLBACK
                        else:
                            raise ValueError(f"{where}: no observed value below {h} and a non-positive bound "
                                             "cannot be halved; pass a factor or finite bounds")
                        lc = True
                else:
                    fac = float(mode)
                    if fac <= 1:
                        raise ValueError(f"{where}: unbounded factor must be > 1")
                    if np.isinf(h):
                        if l <= 0:
                            raise ValueError(f"{where}: cannot scale a non-positive lower bound")
                        h, hc = l * fac, True
                    if np.isinf(l):
                        if h <= 0:
                            raise ValueError(f"{where}: cannot scale a non-positive upper bound")
                        l, lc = h / fac, True
            if l == h:
                continue
            rows.append(i)
            cols.append(c)
            kinds.append("ind" if is_ind else "den")
            los.append(l)
            his.append(h)
            lcs.append(lc)
            hcs.append(hc)
    if bad_inf:
        raise ValueError(f"IntervalValues {f.name!r}: infinite bound for {bad_inf}; pass "
                         "unbounded='observed' or a factor to say how to draw them")
    return (np.array(kinds), np.array(rows, int), cols, np.array(los), np.array(his),
            np.array(lcs, bool), np.array(hcs, bool))


def _rank_desc(s: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, 1 = highest, ties share the best rank, NaN kept."""
    gt = (s[..., None, :] > s[..., :, None]).sum(axis=-1)
    r = 1.0 + gt
    return np.where(np.isnan(s), np.nan, r)


def _by_index(idx: np.ndarray, fn: Callable[[int, np.ndarray], np.ndarray], out: np.ndarray):
    for k in np.unique(idx):
        sel = np.nonzero(idx == k)[0]
        out[sel] = fn(int(k), sel)
    return out


def _impute_array(x: np.ndarray, method: str, groups: np.ndarray | None) -> np.ndarray:
    if method == "none" or not np.isnan(x).any():
        return x
    f = np.nanmean if method == "mean" else np.nanmedian
    if groups is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fill = f(x, axis=-2, keepdims=True)
        return np.where(np.isnan(x), fill, x)
    out = x.copy()
    for g in np.unique(groups):
        m = groups == g
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fill = f(x[..., m, :], axis=-2, keepdims=True)
        out[..., m, :] = np.where(np.isnan(x[..., m, :]), fill, x[..., m, :])
    return out


def _settings(plan: _Plan, u: np.ndarray) -> dict:
    """Per-replication settings from the U(0,1) design rows."""
    r = len(u)
    cfg = plan.config
    tc = _treat_cfg(cfg)
    s: dict[str, Any] = {
        "winmax": np.full(r, tc.get("winmax", 5) if tc.get("winmax", 5) is not None else 10 ** 9),
        "skew_thresh": np.full(r, float(tc.get("skew_thresh", 2.0))),
        "kurt_thresh": np.full(r, float(tc.get("kurt_thresh", 3.5))),
        "norm": ([cfg.get("normalisation", "minmax")], np.zeros(r, int)),
        "agg": ([cfg.get("aggregation", "amean")], np.zeros(r, int)),
        "imp": ([cfg.get("impute_method", "none")], np.zeros(r, int)),
        "p": np.full(r, np.nan),
        "weights": np.broadcast_to(plan.w0, (r, len(plan.w0))).copy(),
        "values": [],
    }
    wi = vi = 0
    for f, sl in zip(plan.factors, plan.slices):
        uf = u[:, sl]
        if isinstance(f, Choice):
            idx = f.index(uf)
            if f.target == "treat.winmax":
                s["winmax"] = np.asarray(f.alternatives)[idx]
            else:
                key = {"normalisation": "norm", "aggregation": "agg", "impute_method": "imp"}[f.target]
                s[key] = (list(f.alternatives), idx)
        elif isinstance(f, Continuous):
            key = {"treat.skew_thresh": "skew_thresh", "treat.kurt_thresh": "kurt_thresh",
                   "aggregation.p": "p"}[f.target]
            s[key] = f.values(uf)
        elif isinstance(f, WeightNoise):
            sel = plan.weight_nodes[wi]
            wi += 1
            s["weights"][:, sel] *= 1 - f.rel + 2 * f.rel * uf
        elif isinstance(f, IntervalValues):
            kinds, rows, cols, lo, hi, lo_closed, hi_closed = plan.cells[vi]
            vi += 1
            s["values"].append((kinds, rows, cols, _draw(uf, lo, hi, lo_closed, hi_closed)))
    return s


def _dedupe(inv: np.ndarray, *cols: np.ndarray, on: bool = True):
    """Distinct (state, settings) combinations: (unique-row index of each combination's
    current state, one representative replication per combination, inverse map).
    ``on=False`` keeps one combination per replication (for benchmarking)."""
    if not on:
        return inv, np.arange(len(inv)), np.arange(len(inv))
    key = np.column_stack([inv.astype(float)] + [np.asarray(c, float).reshape(len(inv), -1) for c in cols])
    key = np.where(np.isnan(key), -np.inf, key)  # NaN = "not used": equal to itself here
    _, first, inv2 = np.unique(key, axis=0, return_index=True, return_inverse=True)
    return inv[first], first, inv2.ravel()


def _pre_treat(plan: _Plan, s: dict, r: int):
    """Denominated and imputed data: distinct states (K, U, I) and the map replication -> state."""
    ind = plan.fw.indicators
    col_pos = {c: j for j, c in enumerate(ind)}
    if s["values"]:
        x = np.broadcast_to(plan.x_raw, (r,) + plan.x_raw.shape).copy()
        den = np.broadcast_to(plan.den, (r,) + plan.den.shape).copy()
        for kinds, rows, cols, vals in s["values"]:
            for k in range(len(rows)):
                if kinds[k] == "ind":
                    x[:, rows[k], col_pos[cols[k]]] = vals[:, k]
                else:
                    for j, dc in enumerate(plan.den_cols):
                        if dc == cols[k]:
                            den[:, rows[k], j] = vals[:, k]
        x = x / den
        inv = np.arange(r)
    else:
        x = (plan.x_raw / plan.den)[None]
        inv = np.zeros(r, int)
    imps, iidx = s["imp"]
    rows, rep, inv = _dedupe(inv, iidx, on=plan.dedupe)
    out = np.stack([_impute_array(x[rows[j]], imps[iidx[rep[j]]], plan.groups) for j in range(len(rows))]) \
        if len(imps) > 1 else _impute_array(x[rows], imps[0], plan.groups)
    return (out if plan.keep is None else out[..., plan.keep, :]), inv


def _run_batch(plan: _Plan, u: np.ndarray, target: str | None = None) -> np.ndarray:
    """Scores (R, U) of ``target`` (default: root) for the design rows ``u``.

    Each step runs once per *distinct* combination of its input state and its
    settings (e.g. 5 winsorisation limits x 2 normalisations when the data are
    fixed), then replications are mapped onto the results; a step whose
    settings vary continuously (weight noise, interval values) runs on all
    replications at once as an array dimension.
    """
    fw = plan.fw
    r = len(u)
    s = _settings(plan, u)
    x, inv = _pre_treat(plan, s, r)
    tc = _treat_cfg(plan.config)
    if tc or np.any(s["winmax"] != s["winmax"][0]):
        rows, rep, inv = _dedupe(inv, s["winmax"], s["skew_thresh"], s["kurt_thresh"], on=plan.dedupe)
        x, _ = C._treat_array(x[rows], s["winmax"][rep].astype(np.int64), s["skew_thresh"][rep],
                              s["kurt_thresh"][rep], tc.get("transform", "log"))
    ind = fw.indicators
    d = fw.table.loc[ind, "direction"].to_numpy(float)
    specs, nidx = s["norm"]
    rows, rep, inv = _dedupe(inv, nidx, on=plan.dedupe)
    xn = np.empty((len(rows),) + x.shape[1:])
    for k in np.unique(nidx[rep]):
        sel = np.nonzero(nidx[rep] == k)[0]
        m, par = C._norm_spec(specs[k])
        xn[sel] = C._normalise_array(x[rows[sel]], d, m, C._resolve_norm_params(fw, ind, m, par))
    x = xn
    aspecs, aidx = s["agg"]
    node_pos = {c: i for i, c in enumerate(plan.nodes)}
    target = target or fw.root
    tlev = int(fw.table.at[target, "level"])
    tcol = fw.codes(tlev).index(target)
    for level in range(1, tlev):
        wcols = [node_pos[c] for c in fw.codes(level)]
        w_all = s["weights"][:, wcols]
        rows, rep, inv = _dedupe(inv, aidx, w_all, s["p"], on=plan.dedupe)
        member = fw.membership(level)
        nxt = np.empty((len(rows), x.shape[1], member.shape[1]))
        for k in np.unique(aidx[rep]):
            sel = np.nonzero(aidx[rep] == k)[0]
            m, pp = C._method_for(aspecs[k], level, fw.n_levels)
            if m == "genmean":
                p_sel = s["p"][rep[sel]]
                pp = p_sel if not np.isnan(p_sel).any() else pp
                if pp is None:
                    raise ValueError("aggregation: 'genmean' needs an exponent p")
            nxt[sel] = C._aggregate_array(x[rows[sel]], w_all[rep[sel]], member, m, pp)
        x = nxt
    return x[inv][..., tcol]


def simulate(data: pd.DataFrame, framework, factors: Sequence, u: np.ndarray, *,
             config: Mapping[str, Any] | None = None, target: str | None = None,
             batch_size: int = 1000, progress: bool | None = None, dedupe: bool = True,
             scheduler=None) -> np.ndarray:
    """Scores (replications x units) of ``target`` for design rows ``u`` in [0, 1).

    The low-level entry point used by :func:`uncertainty_analysis` and
    :func:`sensitivity_analysis`; ``u`` has one column per factor variable.

    Parameters
    ----------
    data, framework, factors, config, target, batch_size, progress, dedupe
        As for :func:`uncertainty_analysis`.
    u : ndarray
        Design rows (replications x factor variables), values in [0, 1).
    scheduler : str or distributed.Client, optional
        As for :func:`uncertainty_analysis`: results are identical to the
        local run for the same ``u``.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [0.0, 10], "y": [10.0, 0]}, index=["a", "b"])
    >>> simulate(d, fw, [WeightNoise(levels=[1], rel=0.5)], np.array([[1.0, 0.0]])).round(2).tolist()
    [[25.0, 75.0]]
    """
    check_scheduler(scheduler, "simulate")
    plan = _plan(data, framework, factors, config or {})
    plan.dedupe = dedupe
    return _simulate(plan, u, target, batch_size, progress, scheduler)


def _simulate(plan, u, target, batch_size, progress, scheduler=None):
    """Scores of the design rows ``u``, batch by batch: here, or mapped over a Dask cluster.

    Each batch depends only on the plan and its own rows, so where it runs
    cannot change its result; batches come back in order.
    """
    u = np.asarray(u, float)
    if u.ndim != 2 or u.shape[1] != plan.n_vars:
        raise ValueError(f"design must have shape (n, {plan.n_vars}), got {u.shape}")
    n = len(u)
    show = (n >= 5000) if progress is None else progress
    out = np.empty((n, len(plan.units)))
    starts = range(0, n, batch_size)
    with Progress(n, desc="replications", unit="rep", enabled=show) as bar:
        if scheduler is None:
            for a in starts:
                out[a:a + batch_size] = _run_batch(plan, u[a:a + batch_size], target)
                bar.update(min(batch_size, n - a))
            return out
        client, own = get_client(scheduler, "uncertainty")
        try:
            # the plan goes to every worker once; hash=False: a fresh key, never a stale
            # copy of another plan that tokenises alike (dataclass fields only)
            remote = client.scatter(plan, broadcast=True, hash=False)
            results = ordered(lambda a: client.submit(_run_batch, remote, u[a:a + batch_size], target, pure=False),
                              starts, 2 * nthreads(client))
            for a, scores in zip(starts, results):
                out[a:a + batch_size] = scores
                bar.update(min(batch_size, n - a))
        finally:
            if own:
                client.close()
    return out


# --------------------------------------------------------------------------- results


def rank_statistics(ranks: np.ndarray, nominal: pd.Series) -> pd.DataFrame:
    """Per unit: nominal rank, mean, median, 5 % and 95 % quantiles (linear, R type 7).

    A unit without a score in a replication (all its data missing after the
    pipeline) has no rank there; ``frac_ranked`` says in how many it had one.

    Examples
    --------
    >>> r = np.array([[1, 2], [2, 1], [1, 2], [1, 2]], float)
    >>> rank_statistics(r, pd.Series([1.0, 2.0], index=["a", "b"]))["mean_rank"].tolist()
    [1.25, 1.75]
    """
    ok = ~np.isnan(ranks)
    full = np.where(ok.any(axis=0), 0.0, np.nan)  # all-NaN columns stay NaN, quietly
    r = np.where(ok.any(axis=0), ranks, 0.0)
    f_mean, f_med, f_q = ((np.mean, np.median, np.quantile) if ok.all()
                          else (np.nanmean, np.nanmedian, np.nanquantile))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return pd.DataFrame({
            "nominal_rank": nominal.to_numpy(float),
            "mean_rank": f_mean(r, axis=0) + full,
            "median_rank": f_med(r, axis=0) + full,
            "q05_rank": f_q(r, 0.05, axis=0) + full,
            "q95_rank": f_q(r, 0.95, axis=0) + full,
            "frac_ranked": ok.mean(axis=0),
        }, index=nominal.index).rename_axis("unit")


@dataclass
class UncertaintyResult:
    """Output of :func:`uncertainty_analysis` / :func:`sensitivity_analysis`.

    Attributes
    ----------
    rank_stats : DataFrame
        One row per unit: ``nominal_rank``, ``mean_rank``, ``median_rank``,
        ``q05_rank``, ``q95_rank`` (over the replications where the unit has a
        score) and ``frac_ranked`` (share of replications where it has one).
    sensitivity : DataFrame or None
        One row per factor: ``S1``, ``S1_ci_low``, ``S1_ci_high``, ``ST``,
        ``ST_ci_low``, ``ST_ci_high`` (bootstrap percentile interval).
    design : ndarray
        The U(0,1) rows, one per replication.
    scores, ranks : ndarray
        Replications x units.
    nominal : CompositeResult
    target_values : ndarray or None
        The sensitivity target per replication.
    notes : list of str
        Caveats found by the analysis.
    settings : dict
        Settings worth reporting (e.g. ``seed``, ``target``), shown by
        :meth:`summary` when present.

    Examples
    --------
    >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3], "y": [3.0, 1, 2]}, index=list("abc"))
    >>> r = uncertainty_analysis(d, fw, [WeightNoise(levels=[1])], n=20, seed=0)
    >>> r.ranks.shape, list(r.rank_stats.columns)[:2]
    ((20, 3), ['nominal_rank', 'mean_rank'])
    """

    rank_stats: pd.DataFrame
    design: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    nominal: Any
    factors: list
    sensitivity: pd.DataFrame | None = None
    target_values: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The rank statistics, one row per unit, at full precision (a copy of ``rank_stats``).

        Returns
        -------
        DataFrame
            Index = units; ``nominal_rank``, ``mean_rank``, ``median_rank``,
            ``q05_rank``, ``q95_rank``, ``frac_ranked``.

        Examples
        --------
        >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
        ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
        >>> d = pd.DataFrame({"x": [1.0, 2, 3], "y": [3.0, 1, 2]}, index=list("abc"))
        >>> r = uncertainty_analysis(d, fw, [WeightNoise(levels=[1])], n=20, seed=0)
        >>> r.to_frame().equals(r.rank_stats), list(r.to_frame().columns)[2:5]
        (True, ['median_rank', 'q05_rank', 'q95_rank'])
        """
        return self.rank_stats.copy()

    @staticmethod
    def _describe_factor(f) -> str:
        if isinstance(f, Choice):
            alts = ", ".join(str(a.get("method", a)) if isinstance(a, Mapping) else str(a)
                             for a in f.alternatives)
            return f"{f.target}: one of {alts}"
        if isinstance(f, Continuous):
            return f"{f.target}: uniform in [{f.low:g}, {f.high:g}]"
        if isinstance(f, WeightNoise):
            levels = ", ".join(str(v) for v in f.levels)
            return f"weights at level(s) {levels} x U({1 - f.rel:g}, {1 + f.rel:g})"
        lower, upper = getattr(f, "lower", None), getattr(f, "upper", None)
        if isinstance(lower, pd.DataFrame) and isinstance(upper, pd.DataFrame):
            k = int((lower.notna() & upper.notna() & (lower != upper)).to_numpy().sum())
            return f"{k} data value(s) drawn uniformly in their intervals"
        return type(f).__name__

    def summary(self):
        """The analysis, its settings and the rank distribution per unit, ready to print or show.

        Returns
        -------
        Summary
            ``print()`` it for text, or let Jupyter show it as HTML. Header:
            method, runs, units, each factor, the seed and target when
            recorded in ``settings``; tables: the rank statistics (best median
            rank first; full precision in :meth:`to_frame`) and, for a
            sensitivity analysis, the Sobol' indices; notes: units scored in
            only some runs, the analysis' own notes, and sampling caveats of
            the indices.

        Examples
        --------
        >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
        ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
        >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [4.0, 3, 2, 1.5]}, index=list("abcd"))
        >>> print(uncertainty_analysis(d, fw, [WeightNoise(levels=[1], rel=0.5)], n=200, seed=1).summary())
                             Uncertainty analysis of the ranks
        ===========================================================================
        Method:         Monte Carlo, independent uniform draws
        Runs:           200
        Units:          4
        Factor Weights: weights at level(s) 1 x U(0.5, 1.5)
        Seed:           1
        ===========================================================================
        Ranks over the runs (1 = best), best median first
        unit  nominal_rank  mean_rank  median_rank  q05_rank  q95_rank  frac_ranked
        ---------------------------------------------------------------------------
        a                1      2.095            1         1         4            1
        d                1      2.160            2         1         4            1
        b                3      2.535            3         2         3            1
        c                4      3.210            4         2         4            1
        ===========================================================================
        [1] q05_rank, q95_rank: 5th and 95th percentiles of the rank over the runs;
            frac_ranked: share of runs in which the unit has a score.
        """
        from ._summary import Summary

        sens = self.sensitivity is not None
        rs = self.rank_stats
        runs = len(self.design)
        if sens:
            k = len(self.sensitivity)
            s = Summary("Sensitivity analysis of the ranks (Sobol' indices)")
            s.add_header("Method", "variance-based: Saltelli design, S1 Saltelli (2010), ST Jansen")
            s.add_header("Runs", f"{runs} = {runs // (k + 2)} x ({k} factors + 2)")
        else:
            s = Summary("Uncertainty analysis of the ranks")
            s.add_header("Method", "Monte Carlo, independent uniform draws")
            s.add_header("Runs", runs)
        s.add_header("Units", len(rs))
        for f in self.factors:
            s.add_header(f"Factor {getattr(f, 'name', '')}".rstrip(), self._describe_factor(f))
        for key in ("target", "aggregate_target", "seed", "n_boot", "ci"):
            if key in self.settings:
                s.add_header(key.replace("_", " ").capitalize(), self.settings[key])
        order = rs.sort_values(["median_rank", "mean_rank"], kind="stable").index
        s.add_table(rs.loc[order], "Ranks over the runs (1 = best), best median first")
        notes = list(self.notes)
        for unit, frac in rs["frac_ranked"].items():
            if frac < 1:
                notes.append(f"{unit} has a score in {frac:.0%} of the runs: its rank statistics are "
                             "over those runs only.")
        for unit in rs.index[rs["nominal_rank"].isna()]:
            notes.append(f"{unit} has no score in the nominal index (nominal_rank NA).")
        if sens:
            s.add_table(self.sensitivity, "Sobol' indices with bootstrap percentile intervals", index=False,
                        decimals=3)
            t = self.sensitivity
            if (t["S1"] < 0).any():
                notes.append("A negative S1 is sampling noise around a small index, not a negative effect.")
            width = (t["ST_ci_high"] - t["ST_ci_low"]).max()
            if width > 0.2:
                notes.append(f"Intervals up to {width:.2f} wide: more runs would narrow them.")
            notes.append("S1: share of the target's variance due to the factor alone; ST: including its "
                         "interactions.")
        notes.append("q05_rank, q95_rank: 5th and 95th percentiles of the rank over the runs; "
                     "frac_ranked: share of runs in which the unit has a score.")
        for x in notes:
            s.add_note(x)
        return s


def _check_run_args(caller: str, data, factors, n, scheduler=None) -> None:
    """Clear errors for arguments the analyses cannot use (instead of errors from deep inside numpy)."""
    check_scheduler(scheduler, caller)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{caller}: data must be a DataFrame (units x indicators), got {type(data).__name__}")
    if isinstance(factors, (str, bytes)) or not isinstance(factors, Sequence):
        raise TypeError(f"{caller}: factors must be a list of factors (IntervalValues, Choice, WeightNoise, ...), "
                        f"got {type(factors).__name__}")
    if len(factors) == 0:
        raise ValueError(f"{caller}: factors is empty: give at least one uncertain choice to vary")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{caller}: n must be a whole number of runs >= 1, got {n!r}")


def _set(**kw) -> dict:
    """The settings a result records (those given)."""
    return {k: v for k, v in kw.items() if v is not None}


def uncertainty_analysis(data: pd.DataFrame, framework, factors: Sequence, *, n: int = 1000,
                         config: Mapping[str, Any] | None = None, target: str | None = None,
                         seed=None, batch_size: int = 1000,
                         progress: bool | None = None, dedupe: bool = True,
                         scheduler=None) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of the ranks.

    Parameters
    ----------
    data : DataFrame
        Units x columns, as for :func:`govstudy.composite.build_index`.
    framework : Framework or DataFrame
    factors : list of Choice, Continuous, WeightNoise, IntervalValues
    n : int
        Replications.
    config : dict
        The nominal pipeline (keyword arguments of ``build_index``); factors
        override its settings in each replication.
    target : str, optional
        Aggregate to rank (default: the index).
    seed : None, int or numpy Generator
    batch_size : int
        Replications per vectorised batch (memory ~ 200 bytes x units x
        indicators x batch_size).
    progress : bool, optional
        tqdm bar (default: on for >= 5000 replications).
    dedupe : bool
        Run each step once per distinct combination of its inputs and gather
        (default). ``False`` runs every step on every replication (same
        results, slower; for benchmarking).
    scheduler : str or distributed.Client, optional
        Where the batches run: None (default) in this process; a Dask
        scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``
        maps the batches over that cluster (the plan is sent to every worker
        once; at most twice as many batches as worker threads are in
        flight). Results are identical to the local run for the same seed:
        the design is drawn here, before the batches are mapped, and each
        batch is computed alone (workers need govstudy and the same numpy).
        A client passed in is left open; one made from an address is closed
        at the end. Needs ``pip install 'govstudy[cluster]'``.

    Returns
    -------
    UncertaintyResult

    Examples
    --------
    >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [4.0, 3, 2, 1.5]}, index=list("abcd"))
    >>> ua = uncertainty_analysis(d, fw, [WeightNoise(levels=[1], rel=0.5)], n=200, seed=1)
    >>> ua.rank_stats["nominal_rank"].tolist()
    [1.0, 3.0, 4.0, 1.0]
    """
    _check_run_args("uncertainty_analysis", data, factors, n, scheduler)
    plan = _plan(data, framework, factors, config or {})
    plan.dedupe = dedupe
    rng = np.random.default_rng(seed)
    u = rng.random((n, plan.n_vars))
    scores = _simulate(plan, u, target, batch_size, progress, scheduler)
    ranks = _rank_desc(scores)
    t = target or plan.fw.root
    nominal = plan.nominal.ranks[t]
    return UncertaintyResult(rank_statistics(ranks, nominal), u, scores, ranks, plan.nominal,
                             list(factors), settings=_set(seed=seed, aggregate_target=target))


# --------------------------------------------------------------------------- sensitivity


def _sobol_from_blocks(y: np.ndarray, n_groups: int, idx: np.ndarray | None = None):
    """S1 (Saltelli 2010) and ST (Jansen) from outputs in SALib's block layout."""
    y = np.asarray(y, float)
    sd = y.std()
    # centre and scale the outputs (as SALib does): the estimators are not
    # shift-invariant in finite samples and behave better on centred data
    y = (y - y.mean()) / (sd if sd > 0 else 1.0)
    y = y.reshape(-1, n_groups + 2)
    if idx is not None:
        y = y[idx]
    a = y[..., 0]
    b = y[..., -1]
    ab = y[..., 1:-1]
    var = np.var(np.concatenate([a, b], axis=-1), axis=-1)
    var = var[..., None]
    s1 = np.mean(b[..., None] * (ab - a[..., None]), axis=-2) / var
    st = 0.5 * np.mean((a[..., None] - ab) ** 2, axis=-2) / var
    return s1, st


def _sobol_design(names_vars: list[str], groups: list[str], n: int, seed):
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": len(names_vars), "names": names_vars,
               "bounds": [[0.0, 1.0]] * len(names_vars), "groups": groups}
    with warnings.catch_warnings():
        # SALib warns when n is not a power of 2 (balance of the Sobol' points);
        # COINr's reference uses n = 1000, so allow it.
        warnings.filterwarnings("ignore", message=".*power of 2.*")
        warnings.filterwarnings("ignore", message=".*[Cc]onvergence.*")
        u = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True,
                                seed=np.random.default_rng(seed).integers(2 ** 31))
    return u


def sobol_indices(func: Callable[[np.ndarray], np.ndarray], names: Sequence[str], n: int, *,
                  groups: Sequence[str] | None = None, seed=None, n_boot: int = 1000,
                  ci: float = 0.90) -> pd.DataFrame:
    """First-order and total Sobol' indices of ``func`` on U(0,1) inputs.

    Design: SALib's scrambled Sobol' sequence in Saltelli's scheme
    (``n * (k + 2)`` evaluations for ``k`` factors/groups); estimators:
    Saltelli et al. (2010) for ``S1``, Jansen (1999) for ``ST``; percentile
    bootstrap intervals over the ``n`` base rows.

    Parameters
    ----------
    func : callable
        Maps an array (rows, variables) in [0, 1) to outputs (rows,).
    names : list of str
        Variable names.
    n : int
        Base sample size.
    groups : list of str, optional
        Group of each variable; indices are then per group.
    seed, n_boot, ci

    Returns
    -------
    DataFrame
        One row per factor: ``S1``, ``S1_ci_low``, ``S1_ci_high``, ``ST``,
        ``ST_ci_low``, ``ST_ci_high``.

    Examples
    --------
    >>> t = sobol_indices(lambda u: u[:, 0] + 2 * u[:, 1], ["a", "b"], 1024, seed=3)
    >>> t["ST"].round(2).tolist()
    [0.2, 0.8]
    """
    names = list(names)
    groups = list(groups) if groups is not None else names
    u = _sobol_design(names, groups, n, seed)
    y = np.asarray(func(u), float)
    return _sobol_table(y, groups, n_boot, ci, seed)


def _sobol_table(y, groups, n_boot, ci, seed):
    gnames = list(dict.fromkeys(groups))
    k = len(gnames)
    s1, st = _sobol_from_blocks(y, k)
    nb = len(y) // (k + 2)
    rng = np.random.default_rng(None if seed is None else np.random.default_rng(seed).integers(2 ** 31) + 1)
    chunk = max(1, 2_000_000 // max(1, nb * (k + 2)))
    parts = [_sobol_from_blocks(y, k, rng.integers(0, nb, size=(min(chunk, n_boot - a), nb)))
             for a in range(0, n_boot, chunk)]
    b1 = np.concatenate([p[0] for p in parts])
    bt = np.concatenate([p[1] for p in parts])
    lo, hi = (1 - ci) / 2, 1 - (1 - ci) / 2
    return pd.DataFrame({
        "factor": gnames, "S1": s1, "S1_ci_low": np.quantile(b1, lo, axis=0),
        "S1_ci_high": np.quantile(b1, hi, axis=0), "ST": st,
        "ST_ci_low": np.quantile(bt, lo, axis=0), "ST_ci_high": np.quantile(bt, hi, axis=0),
    })


def _target_values(ranks: np.ndarray, nominal: pd.Series, target) -> np.ndarray:
    units = list(nominal.index)
    if target == "mean_abs_rank_change":
        return np.nanmean(np.abs(ranks - nominal.to_numpy(float)), axis=1)
    if isinstance(target, tuple) and target[0] == "rank":
        if target[1] not in units:
            raise ValueError(f"sensitivity target: unknown unit {target[1]!r}")
        return ranks[:, units.index(target[1])]
    if isinstance(target, tuple) and target[0] == "rank_gap":
        for u in target[1:3]:
            if u not in units:
                raise ValueError(f"sensitivity target: unknown unit {u!r}")
        return ranks[:, units.index(target[1])] - ranks[:, units.index(target[2])]
    raise ValueError("sensitivity target must be 'mean_abs_rank_change', ('rank', unit) or "
                     f"('rank_gap', unit_a, unit_b); got {target!r}")


def sensitivity_analysis(data: pd.DataFrame, framework, factors: Sequence, *, n: int = 1000,
                         config: Mapping[str, Any] | None = None, target=
                         "mean_abs_rank_change", aggregate_target: str | None = None, seed=None,
                         n_boot: int = 1000, ci: float = 0.90, batch_size: int = 1000,
                         progress: bool | None = None, scheduler=None) -> UncertaintyResult:
    """Variance-based (Sobol') sensitivity of the ranks to each factor.

    Runs ``n * (k + 2)`` vectorised replications (``k`` factors; a factor with
    several variables -- weights, interval values -- counts once, as a
    group) on SALib's Saltelli/Sobol' design.

    Parameters
    ----------
    target : str or tuple
        ``"mean_abs_rank_change"`` (mean over units of |rank - nominal rank|,
        COINr's default), ``("rank", unit)``, or ``("rank_gap", unit_a,
        unit_b)`` = rank of a minus rank of b.
    aggregate_target : str, optional
        Aggregate whose ranks are analysed (default: the index).
    n_boot, ci : bootstrap resamples and interval coverage (0.90 = 5-95 %).
    batch_size, progress
        As for :func:`uncertainty_analysis`.
    scheduler : str or distributed.Client, optional
        As for :func:`uncertainty_analysis`; the Sobol' design is drawn here,
        before the batches are mapped, so results equal the local run's.

    Returns
    -------
    UncertaintyResult
        ``sensitivity`` holds the indices; ``rank_stats`` the rank
        distribution over all design rows.

    Notes
    -----
    Sobol' indices need many runs; at ``n = 100`` their intervals are wide.
    Discrete factors make the output a step function, which the estimators
    handle but which inflates sampling noise.

    Examples
    --------
    >>> fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [10.0, 0, 5], "y": [0.0, 10, 4]}, index=list("abc"))
    >>> f = [WeightNoise("W", levels=[1], rel=0.5), Choice("N", "normalisation", ["minmax", "zscore"])]
    >>> sa = sensitivity_analysis(d, fw, f, n=256, target=("rank", "a"), seed=0)
    >>> sa.sensitivity["factor"].tolist(), len(sa.design)
    (['W', 'N'], 1024)
    """
    _check_run_args("sensitivity_analysis", data, factors, n, scheduler)
    plan = _plan(data, framework, factors, config or {})
    groups = []
    names = []
    for f, sl in zip(plan.factors, plan.slices):
        k = sl.stop - sl.start
        groups += [f.name] * k
        names += [f.name] if k == 1 else [f"{f.name}[{i}]" for i in range(k)]
    u = _sobol_design(names, groups, n, seed)
    scores = _simulate(plan, u, aggregate_target, batch_size, progress, scheduler)
    ranks = _rank_desc(scores)
    t = aggregate_target or plan.fw.root
    nominal = plan.nominal.ranks[t]
    y = _target_values(ranks, nominal, target)
    if np.isnan(y).any():
        raise ValueError(f"sensitivity target {target!r} is undefined in {np.isnan(y).mean():.0%} of the "
                         "runs (a unit has no score there, e.g. all its indicators are dropped): "
                         "Sobol' indices cannot be estimated; see uncertainty_analysis(...).rank_stats")
    notes = []
    if np.ptp(y) == 0:
        # no variance to apportion: the indices are undefined, not zero
        sens = pd.DataFrame({"factor": list(dict.fromkeys(groups))})
        for c in ("S1", "S1_ci_low", "S1_ci_high", "ST", "ST_ci_low", "ST_ci_high"):
            sens[c] = np.nan
        notes.append(f"the target {target!r} is the same in every run: no factor changes it")
    else:
        sens = _sobol_table(y, groups, n_boot, ci, seed)
    return UncertaintyResult(rank_statistics(ranks, nominal), u, scores, ranks, plan.nominal,
                             list(factors), sensitivity=sens, target_values=y, notes=notes,
                             settings=_set(seed=seed, target=target, aggregate_target=aggregate_target,
                                           n_boot=n_boot, ci=ci))
