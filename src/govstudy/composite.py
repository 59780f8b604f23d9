"""Composite indicators: the OECD/JRC pipeline, step by step, as pure functions.

A composite indicator is built from two tables:

* a **framework** (one row per node of the hierarchy): ``code``, ``parent``,
  ``level`` (1 = indicator, then pillars, sub-indices, ... up to one root),
  ``direction`` (+1 / -1, indicators only), ``weight`` (relative to the
  siblings), optionally ``denominator`` (a column of the data table),
  ``target``, ``goalpost_low``, ``goalpost_high``, ``name``;
* a **data** table: one row per unit (index = unit code), one column per
  indicator, plus any denominator and grouping columns.

Every step is a function DataFrame -> DataFrame (:func:`denominate`,
:func:`impute`, :func:`screen_units`, :func:`treat_outliers`,
:func:`normalise`, :func:`aggregate`), and :func:`build_index` runs a
configured pipeline and keeps each step's table in a :class:`CompositeResult`.
Audit tools: :func:`correlations`, :func:`parent_correlations`,
:func:`correlation_flags`, :func:`cronbach_alpha`, :func:`pca_variance`,
:func:`pca_weights`, :func:`effective_weights`, :func:`remove_elements`,
:func:`benefit_of_the_doubt`, :func:`copeland`.

The numerical kernels (``_treat_array``, ``_normalise_array``,
``_aggregate_array``) work on arrays with any leading batch dimensions, so
:mod:`govstudy.uncertainty` runs thousands of pipelines at once with the very
same code.

The definitions follow COINr 1.1 (Becker et al. 2022) and the OECD/JRC
Handbook (2008); the test-suite reproduces COINr's outputs on its ASEM example
to 1e-9. Deliberate differences from COINr, all to avoid silent nonsense:

* ``fracmax`` and ``dist2target`` apply a negative direction by *reflection*
  (``max + min - x``), not by multiplying by -1 (which, in COINr, gives
  infinite or negative "fractions of the maximum");
* a geometric/harmonic mean of non-positive values raises ``ValueError``;
* imputation is never implicit: ``method="none"`` is the default and every
  imputed cell is reported.

References
----------
Becker, W., Caperna, G., Del Sorbo, M., Norlén, H., Papadimitriou, E., &
Saisana, M. (2022). COINr: An R package for developing composite indicators.
Journal of Open Source Software, 7(78), 4567. https://doi.org/10.21105/joss.04567

OECD/JRC (2008). Handbook on Constructing Composite Indicators: Methodology
and User Guide. OECD Publishing. https://doi.org/10.1787/9789264043466-en

Cherchye, L., Moesen, W., Rogge, N., & Van Puyenbroeck, T. (2007). An
introduction to 'benefit of the doubt' composite indicators. Social
Indicators Research, 82, 111-145. https://doi.org/10.1007/s11205-006-9029-7
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = [
    "Framework",
    "CompositeResult",
    "framework_from_coinr",
    "data_from_coinr",
    "denominate",
    "impute",
    "data_availability",
    "screen_units",
    "skewness",
    "kurtosis",
    "treat_outliers",
    "normalise",
    "NORMALISATIONS",
    "AGGREGATIONS",
    "equal_weights",
    "pca_weights",
    "aggregate",
    "rank_scores",
    "build_index",
    "effective_weights",
    "correlations",
    "parent_correlations",
    "correlation_flags",
    "cronbach_alpha",
    "pca_variance",
    "remove_elements",
    "benefit_of_the_doubt",
    "copeland",
    "indicator_stats",
    "optimise_weights",
]

NORMALISATIONS = (
    "minmax",
    "zscore",
    "rank",
    "prank",
    "borda",
    "dist2max",
    "dist2target",
    "fracmax",
    "goalposts",
    "none",
)
AGGREGATIONS = ("amean", "gmean", "hmean", "genmean", "copeland")

_FRAMEWORK_COLS = ("code", "parent", "level", "direction", "weight")


# --------------------------------------------------------------------------- framework


@dataclass(frozen=True)
class Framework:
    """A validated index framework.

    Build it with :meth:`Framework.from_table` (or
    :func:`framework_from_coinr` for a COINr ``iMeta`` table).

    Attributes
    ----------
    table : DataFrame
        One row per node, indexed by ``code``, columns ``parent``, ``level``,
        ``direction``, ``weight`` (+ optional ``denominator``, ``target``,
        ``goalpost_low``, ``goalpost_high``, ``name``).

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({
    ...     "code": ["a", "b", "c", "Index"],
    ...     "parent": ["Index", "Index", "Index", None],
    ...     "level": [1, 1, 1, 2],
    ...     "direction": [1, -1, 1, 1],
    ...     "weight": [1.0, 1.0, 2.0, 1.0]}))
    >>> fw.indicators, fw.root, fw.n_levels
    (['a', 'b', 'c'], 'Index', 2)
    """

    table: pd.DataFrame

    @classmethod
    def from_table(cls, table: pd.DataFrame, *, source: str = "framework") -> "Framework":
        """Validate a framework table; errors name the row and the field."""
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"{source}: expected a DataFrame, got {type(table).__name__}")
        missing = [c for c in _FRAMEWORK_COLS if c not in table.columns]
        if missing:
            raise ValueError(f"{source}: missing column(s) {missing}; need {list(_FRAMEWORK_COLS)}")
        t = table.copy()
        t["code"] = t["code"].astype(str)
        if t["code"].duplicated().any():
            dup = t.loc[t["code"].duplicated(), "code"].tolist()
            raise ValueError(f"{source}: duplicated code(s) {dup}")
        t["parent"] = t["parent"].astype(object).where(t["parent"].notna(), None)
        for i, row in t.iterrows():
            where = f"{source} row {i} (code {row['code']!r})"
            lev = row["level"]
            if pd.isna(lev) or float(lev) != int(lev) or int(lev) < 1:
                raise ValueError(f"{where}: field 'level' must be a positive integer, got {lev!r}")
            w = row["weight"]
            if pd.isna(w) or not np.isfinite(float(w)) or float(w) < 0:
                raise ValueError(f"{where}: field 'weight' must be a finite number >= 0, got {w!r}")
        t["level"] = t["level"].astype(int)
        t["weight"] = t["weight"].astype(float)
        codes = set(t["code"])
        roots = t.loc[t["parent"].isna(), "code"].tolist()
        top = t["level"].max()
        if len(roots) != 1:
            raise ValueError(f"{source}: need exactly one root (row without parent), found {roots}")
        for i, row in t.iterrows():
            where = f"{source} row {i} (code {row['code']!r})"
            if pd.isna(row["parent"]):
                if row["level"] != top:
                    raise ValueError(f"{where}: the root must be at the top level {top}")
                continue
            if row["parent"] not in codes:
                raise ValueError(f"{where}: field 'parent' {row['parent']!r} is not a code")
            plev = int(t.loc[t["code"] == row["parent"], "level"].iloc[0])
            if plev != row["level"] + 1:
                raise ValueError(
                    f"{where}: parent {row['parent']!r} is at level {plev}, expected {row['level'] + 1}"
                )
            if row["level"] == 1 and row["direction"] not in (1, -1, 1.0, -1.0):
                raise ValueError(f"{where}: field 'direction' must be +1 or -1, got {row['direction']!r}")
        t["direction"] = t["direction"].fillna(1).astype(int)
        # every aggregate needs children
        parents = set(t["parent"].dropna())
        for i, row in t.iterrows():
            if row["level"] > 1 and row["code"] not in parents:
                raise ValueError(f"{source} row {i} (code {row['code']!r}): aggregate without children")
        return cls(t.set_index("code"))

    # convenience views -------------------------------------------------------------
    @property
    def n_levels(self) -> int:
        return int(self.table["level"].max())

    @property
    def root(self) -> str:
        return str(self.table.index[self.table["parent"].isna()][0])

    @property
    def indicators(self) -> list[str]:
        return self.codes(1)

    @cached_property
    def _by_level(self) -> dict[int, list[str]]:
        lev = self.table["level"]
        return {int(k): self.table.index[lev == k].tolist() for k in sorted(lev.unique())}

    def codes(self, level: int) -> list[str]:
        """Codes at ``level`` in table order."""
        return list(self._by_level.get(level, []))

    def children(self, code: str) -> list[str]:
        return self.table.index[self.table["parent"] == code].tolist()

    def membership(self, level: int) -> np.ndarray:
        """0/1 matrix (children at ``level``) x (parents at ``level + 1``)."""
        ch = self.codes(level)
        pa = self.codes(level + 1)
        pos = {p: j for j, p in enumerate(pa)}
        m = np.zeros((len(ch), len(pa)))
        for i, c in enumerate(ch):
            m[i, pos[self.table.at[c, "parent"]]] = 1.0
        return m

    def ancestor(self, code: str, level: int) -> str:
        """The ancestor of ``code`` at ``level``."""
        c = code
        while int(self.table.at[c, "level"]) < level:
            c = self.table.at[c, "parent"]
        return c

    def weights(self) -> pd.Series:
        return self.table["weight"].copy()

    def with_weights(self, weights: Mapping[str, float] | pd.Series) -> "Framework":
        """A copy with some weights replaced."""
        t = self.table.copy()
        for k, v in dict(weights).items():
            if k not in t.index:
                raise KeyError(f"weight for unknown code {k!r}")
            t.at[k, "weight"] = float(v)
        return Framework(t)


def _as_framework(framework: Framework | pd.DataFrame) -> Framework:
    return framework if isinstance(framework, Framework) else Framework.from_table(framework)


def framework_from_coinr(imeta: pd.DataFrame) -> Framework:
    """Convert a COINr ``iMeta`` table (iCode, Level, Parent, Direction, Weight, ...).

    Rows of Type ``Indicator`` and ``Aggregate`` form the framework; the
    ``Denominator`` and ``Target`` columns are kept.

    Examples
    --------
    >>> im = pd.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "I"],
    ...     "Direction": [1, -1, 1], "Weight": [1, 1, 1], "Parent": ["I", "I", None],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> framework_from_coinr(im).indicators
    ['x', 'y']
    """
    t = imeta[imeta["Type"].isin(["Indicator", "Aggregate"])]
    ren = {"iCode": "code", "Parent": "parent", "Level": "level", "Direction": "direction",
           "Weight": "weight", "Denominator": "denominator", "Target": "target", "iName": "name"}
    t = t.rename(columns=ren)[[c for c in ren.values() if c in t.rename(columns=ren).columns]]
    return Framework.from_table(t.reset_index(drop=True), source="iMeta")


def data_from_coinr(idata: pd.DataFrame) -> pd.DataFrame:
    """A COINr ``iData`` table indexed by unit code (``uCode``).

    Examples
    --------
    >>> data_from_coinr(pd.DataFrame({"uCode": ["AUT", "BEL"], "LPI": [4.1, 4.1]})).index.tolist()
    ['AUT', 'BEL']
    """
    if "uCode" not in idata.columns:
        raise ValueError("iData: missing column 'uCode'")
    return idata.set_index("uCode")


def _numeric_block(data: pd.DataFrame, codes: Sequence[str], what: str) -> pd.DataFrame:
    missing = [c for c in codes if c not in data.columns]
    if missing:
        raise ValueError(f"{what}: data has no column(s) {missing}")
    block = data[list(codes)]
    for c, dt in block.dtypes.items():
        if not pd.api.types.is_numeric_dtype(dt):
            raise ValueError(f"{what}: column {c!r} is not numeric (dtype {dt})")
    return block.astype(float)


# --------------------------------------------------------------------------- denominate


def denominate(data: pd.DataFrame, framework: Framework | pd.DataFrame, *,
               scale: float = 1.0) -> pd.DataFrame:
    """Divide each indicator by its denominator column.

    Parameters
    ----------
    data : DataFrame
        Units x columns; must hold every indicator and every denominator named
        in the framework's ``denominator`` column.
    framework : Framework or DataFrame
    scale : float
        Multiply ratios by this (e.g. 1000 for "per thousand").

    Returns
    -------
    DataFrame
        Units x indicators (only the indicators), denominated where a
        denominator is set, unchanged elsewhere.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": [1, 1, 1],
    ...     "weight": [1, 1, 1], "denominator": ["pop", None, None]}))
    >>> d = pd.DataFrame({"x": [10.0, 30.0], "y": [1.0, 2.0], "pop": [2.0, 3.0]}, index=["u1", "u2"])
    >>> denominate(d, fw)
          x    y
    u1  5.0  1.0
    u2 10.0  2.0
    """
    fw = _as_framework(framework)
    ind = fw.indicators
    out = _numeric_block(data, ind, "denominate").copy()
    if "denominator" not in fw.table.columns:
        return out
    dens = fw.table.loc[ind, "denominator"]
    for den in dens.dropna().unique():
        if den not in data.columns:
            bad_ind = dens.index[dens == den].tolist()
            raise ValueError(f"denominate: indicator(s) {bad_ind} name denominator {den!r}, "
                             "which is not a column of the data")
        d = data[den].astype(float)
        bad = d.index[(d == 0) | ~np.isfinite(d.fillna(1.0))]
        if len(bad):
            raise ValueError(f"denominate: denominator {den!r} is zero or infinite for unit(s) "
                             f"{list(bad)} (indicators {dens.index[dens == den].tolist()})")
    cols = dens.index[dens.notna()].tolist()
    if cols:
        dmat = data[dens[cols].tolist()].to_numpy(float)
        out[cols] = out[cols].to_numpy() / dmat * scale
    return out


# --------------------------------------------------------------------------- impute


def impute(data: pd.DataFrame, method: str = "none", *, groups: pd.Series | None = None,
           columns: Sequence[str] | None = None, return_mask: bool = False):
    """Fill missing values explicitly: none, column mean or column median.

    Parameters
    ----------
    data : DataFrame
        Units x indicators.
    method : {"none", "mean", "median"}
        ``"none"`` returns the data unchanged (missing values stay missing and
        are dropped, with their weights, at aggregation).
    groups : Series, optional
        Group label per unit (index aligned with ``data``): the mean/median is
        then taken within the unit's group (COINr ``i_mean_grp``). A group
        without any observed value for an indicator leaves the cell missing.
    columns : list of str, optional
        Columns to impute (default: all).
    return_mask : bool
        Also return a boolean DataFrame of the imputed cells.

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) with ``return_mask=True``.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [1.0, None, 3.0, 10.0]}, index=list("abcd"))
    >>> impute(d, "mean", groups=pd.Series(["g", "g", "g", "h"], index=list("abcd")))["x"].tolist()
    [1.0, 2.0, 3.0, 10.0]
    """
    if method not in ("none", "mean", "median"):
        raise ValueError(f"impute: method must be 'none', 'mean' or 'median', got {method!r}")
    cols = list(data.columns) if columns is None else list(columns)
    out = data.copy()
    block = _numeric_block(data, cols, "impute")
    mask = block.isna()
    if method != "none":
        x = block.to_numpy(float)
        f = np.nanmean if method == "mean" else np.nanmedian
        if groups is None:
            codes = np.zeros(len(x), int)
        else:
            g = pd.Series(groups).reindex(block.index)
            if g.isna().any():
                raise ValueError(f"impute: no group for unit(s) {list(g.index[g.isna()])}")
            codes = pd.factorize(g)[0]
        filled = x.copy()
        miss = np.isnan(x)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a group with no value stays NaN
            for k in np.unique(codes):
                rows = codes == k
                if miss[rows].any():
                    filled[rows] = np.where(miss[rows], f(x[rows], axis=0), x[rows])
        out[cols] = pd.DataFrame(filled, index=block.index, columns=cols)
    else:
        mask = mask & False
    if return_mask:
        return out, mask & out[cols].notna()
    return out


# --------------------------------------------------------------------------- screen


def data_availability(data: pd.DataFrame) -> pd.DataFrame:
    """Per unit: missing and zero counts and fractions (COINr's screening summary).

    Examples
    --------
    >>> d = pd.DataFrame({"x": [0.0, 1.0], "y": [None, 2.0]}, index=["a", "b"])
    >>> data_availability(d)[["n_missing", "n_zero", "availability", "nonzero"]]
       n_missing  n_zero  availability  nonzero
    a          1       1           0.5      0.5
    b          0       0           1.0      1.0
    """
    x = data.to_numpy(float)
    k = x.shape[1]
    n_miss = np.isnan(x).sum(axis=1)
    n_zero = (x == 0).sum(axis=1)
    return pd.DataFrame({
        "n_missing": n_miss.astype(int),
        "n_zero": n_zero.astype(int),
        "n_missing_or_zero": (n_miss + n_zero).astype(int),
        "availability": 1 - n_miss / k,
        "nonzero": 1 - n_zero / k,
    }, index=data.index)


def screen_units(data: pd.DataFrame, *, min_availability: float | None = None,
                 min_nonzero: float | None = None) -> pd.DataFrame:
    """Drop units whose data availability (or non-zero share) is below a threshold.

    Returns the kept rows; see :func:`data_availability` for the summary.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [1.0, 2.0], "y": [None, 2.0]}, index=["a", "b"])
    >>> screen_units(d, min_availability=0.9).index.tolist()
    ['b']
    """
    av = data_availability(data)
    keep = pd.Series(True, index=data.index)
    if min_availability is not None:
        if not 0 <= min_availability <= 1:
            raise ValueError("screen_units: min_availability must be in [0, 1]")
        keep &= av["availability"] >= min_availability
    if min_nonzero is not None:
        if not 0 <= min_nonzero <= 1:
            raise ValueError("screen_units: min_nonzero must be in [0, 1]")
        keep &= av["nonzero"] >= min_nonzero
    return data.loc[keep]


# --------------------------------------------------------------------------- treat


def _moments(x: np.ndarray, axis: int = -2):
    """n, skewness and excess kurtosis (bias-corrected, Excel SKEW/KURT) along axis, NaN skipped."""
    ok = ~np.isnan(x)
    n = ok.sum(axis=axis, keepdims=True).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, x, 0.0).sum(axis=axis, keepdims=True) / n
        d = np.where(ok, x - mean, 0.0)
        d2 = d * d
        m2 = d2.sum(axis=axis, keepdims=True)
        m3 = (d2 * d).sum(axis=axis, keepdims=True)
        m4 = (d2 * d2).sum(axis=axis, keepdims=True)
        sk = np.sqrt(n) * m3 / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * m4 / (m2 * m2)
        ku = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return np.squeeze(n, axis), np.squeeze(sk, axis), np.squeeze(ku, axis)


def skewness(data: pd.DataFrame) -> pd.Series:
    """Bias-corrected sample skewness of each column (Excel SKEW; e1071 type 2).

    Examples
    --------
    >>> round(float(skewness(pd.DataFrame({"x": [1.0, 2.0, 3.0, 10.0]}))["x"]), 6)
    1.763633
    """
    return pd.Series(_moments(data.to_numpy(float), axis=0)[1], index=data.columns)


def kurtosis(data: pd.DataFrame) -> pd.Series:
    """Bias-corrected sample excess kurtosis of each column (Excel KURT; e1071 type 2).

    Examples
    --------
    >>> round(float(kurtosis(pd.DataFrame({"x": [1.0, 2.0, 3.0, 10.0]}))["x"]), 6)
    3.228
    """
    return pd.Series(_moments(data.to_numpy(float), axis=0)[2], index=data.columns)


def _fails(x: np.ndarray, skew_thresh, kurt_thresh) -> np.ndarray:
    _, sk, ku = _moments(x)
    return (np.abs(sk) >= skew_thresh) & (ku >= kurt_thresh)


def _treat_array(x: np.ndarray, winmax, skew_thresh=2.0, kurt_thresh=3.5,
                 transform: str | None = "log"):
    """Vectorised COINr outlier treatment.

    ``x``: (..., units, indicators); ``winmax``, thresholds: scalars or arrays
    broadcastable to ``x.shape[:-2]``. Returns treated array and a dict of
    per-column details (..., indicators): ``fail0``, ``nwin``, ``fail1``,
    ``logged``, skew/kurt before and after.
    """
    if transform not in ("log", None):
        raise ValueError(f"treat: transform must be 'log' or None, got {transform!r}")
    x = np.asarray(x, float)
    batch = x.shape[:-2]
    winmax = np.broadcast_to(np.asarray(winmax if winmax is not None else np.iinfo(np.int32).max),
                             batch)[..., None]
    st = np.broadcast_to(np.asarray(skew_thresh, float), batch)[..., None]
    kt = np.broadcast_to(np.asarray(kurt_thresh, float), batch)[..., None]
    _, sk0, ku0 = _moments(x)
    fail0 = (np.abs(sk0) >= st) & (ku0 >= kt)
    sk1, ku1 = sk0.copy(), ku0.copy()
    nwin_all = np.zeros(fail0.shape, int)
    fail1 = np.zeros_like(fail0)
    out = x.copy()
    # only columns failing somewhere in the batch are worked on
    cols = np.nonzero(fail0.reshape(-1, x.shape[-1]).any(axis=0))[0]
    if cols.size:
        xs = x[..., cols]
        f0 = fail0[..., cols]
        ok = ~np.isnan(xs)
        xw = xs.copy()
        nwin = np.zeros(f0.shape, int)
        len_hi = np.zeros(f0.shape, int)
        len_lo = np.zeros(f0.shape, int)
        active = f0 & (nwin < winmax)
        sk = sk0[..., cols]
        while active.any():
            hi = active & (sk >= 0)
            lo = active & ~(sk >= 0)
            with np.errstate(invalid="ignore"):
                mx = np.max(np.where(ok, xw, -np.inf), axis=-2, keepdims=True)
                is_mx = ok & (xw == mx)
                nxt = np.max(np.where(is_mx | ~ok, -np.inf, xw), axis=-2, keepdims=True)
                mn = np.min(np.where(ok, xw, np.inf), axis=-2, keepdims=True)
                is_mn = ok & (xw == mn)
                prv = np.min(np.where(is_mn | ~ok, np.inf, xw), axis=-2, keepdims=True)
            hi &= np.isfinite(nxt[..., 0, :])
            lo &= np.isfinite(prv[..., 0, :])
            xw = np.where(hi[..., None, :] & is_mx, nxt, xw)
            xw = np.where(lo[..., None, :] & is_mn, prv, xw)
            len_hi = np.where(hi, is_mx.sum(axis=-2), len_hi)
            len_lo = np.where(lo, is_mn.sum(axis=-2), len_lo)
            stepped = hi | lo
            nwin = np.where(stepped, len_hi + len_lo, nwin)
            _, sk, ku = _moments(xw)
            still = (np.abs(sk) >= st) & (ku >= kt)
            active = stepped & still & (nwin < winmax)
        _, s1, k1 = _moments(xw)
        f1 = f0 & (np.abs(s1) >= st) & (k1 >= kt)
        res = np.where(f0[..., None, :], xw, xs)
        if transform == "log" and f1.any():
            with np.errstate(invalid="ignore"):
                mn = np.min(np.where(ok, xs, np.inf), axis=-2, keepdims=True)
                mx = np.max(np.where(ok, xs, -np.inf), axis=-2, keepdims=True)
                lx = np.log(xs - mn + 0.01 * (mx - mn))
            res = np.where(f1[..., None, :], lx, res)
        out[..., cols] = res
        sk1[..., cols] = np.where(f0, s1, sk0[..., cols])
        ku1[..., cols] = np.where(f0, k1, ku0[..., cols])
        nwin_all[..., cols] = np.where(f0, nwin, 0)
        fail1[..., cols] = f1
    logged = fail1 if transform == "log" else np.zeros_like(fail1)
    det = {"skew0": sk0, "kurt0": ku0, "fail0": fail0, "nwin": nwin_all,
           "skew1": sk1, "kurt1": ku1, "fail1": fail1, "logged": logged}
    return out, det


def treat_outliers(data: pd.DataFrame, *, winmax: int | None = 5, skew_thresh: float = 2.0,
                   kurt_thresh: float = 3.5, transform: str | None = "log",
                   return_details: bool = False):
    """Outlier treatment by COINr's rule.

    An indicator *fails* when ``|skewness| >= skew_thresh`` **and**
    ``kurtosis >= kurt_thresh`` (bias-corrected, as Excel's SKEW/KURT). A
    failing indicator is winsorised one point at a time on the side of its
    skew (the most extreme value(s) set to the next value), re-checking after
    each point, until it passes or ``winmax`` points are winsorised (tied
    extremes count together). If it still fails, ``transform="log"`` replaces
    the *original* values by ``log(x - min + 0.01 (max - min))``;
    ``transform=None`` keeps the winsorised values.

    Parameters
    ----------
    data : DataFrame
        Units x indicators.
    winmax : int or None
        Maximum number of winsorised points (None: no limit).
    skew_thresh, kurt_thresh : float
    transform : {"log", None}
    return_details : bool
        Also return one row per indicator: ``skew``, ``kurt``, ``fails``,
        ``n_winsorised``, ``skew_treated``, ``kurt_treated``, ``logged``.

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) with ``return_details=True``.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100]})
    >>> t, det = treat_outliers(d, winmax=2, return_details=True)
    >>> t["x"].tolist()[-2:], int(det.loc["x", "n_winsorised"])
    ([30.0, 30.0], 1)
    """
    x = data.to_numpy(float)
    if winmax is not None and (int(winmax) != winmax or winmax < 1):
        raise ValueError(f"treat_outliers: winmax must be a positive integer or None, got {winmax!r}")
    out, det = _treat_array(x, winmax, skew_thresh, kurt_thresh, transform)
    treated = pd.DataFrame(out, index=data.index, columns=data.columns)
    if not return_details:
        return treated
    details = pd.DataFrame({
        "skew": det["skew0"], "kurt": det["kurt0"], "fails": det["fail0"],
        "n_winsorised": det["nwin"], "skew_treated": det["skew1"], "kurt_treated": det["kurt1"],
        "still_fails": det["fail1"], "logged": det["logged"],
    }, index=data.columns)
    details.index.name = "code"
    return treated, details


# --------------------------------------------------------------------------- normalise


def _rank_min(x: np.ndarray, axis: int = -2) -> np.ndarray:
    """Ascending ranks, ties get the minimum rank, NaN kept (R's rank(ties='min'))."""
    return stats.rankdata(x, method="min", axis=axis, nan_policy="omit")


def _normalise_array(x: np.ndarray, direction: np.ndarray, method: str, p: Mapping[str, Any]):
    """Normalise (..., units, indicators) with per-indicator direction (indicators,).

    Parameters in ``p`` may be scalars or arrays broadcastable to (..., 1, 1)
    or (..., 1, indicators).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing indicators give NaN
        return _normalise_kernel(x, direction, method, p)


def _normalise_kernel(x: np.ndarray, direction: np.ndarray, method: str, p: Mapping[str, Any]):
    d = np.asarray(direction, float)
    has_nan = bool(np.isnan(x).any())
    nmin, nmax = (np.nanmin, np.nanmax) if has_nan else (np.min, np.max)
    nmean, nstd = (np.nanmean, np.nanstd) if has_nan else (np.mean, np.std)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "none":
            return x * d
        if method in ("minmax", "dist2max"):
            xd = x * d
            mn = nmin(xd, axis=-2, keepdims=True)
            mx = nmax(xd, axis=-2, keepdims=True)
            if method == "dist2max":
                return 1 - (mx - xd) / (mx - mn)
            lo, hi = p.get("low", 0.0), p.get("high", 100.0)
            return (xd - mn) / (mx - mn) * (hi - lo) + lo
        if method == "zscore":
            xd = x * d
            m = nmean(xd, axis=-2, keepdims=True)
            s = nstd(xd, axis=-2, ddof=1, keepdims=True)
            return (xd - m) / s * p.get("sd", 1.0) + p.get("mean", 0.0)
        if method in ("rank", "prank", "borda"):
            r = _rank_min(x * d)
            if method == "rank":
                return r
            if method == "borda":
                return r - 1
            n = (~np.isnan(x)).sum(axis=-2, keepdims=True)
            return (r - 1) / (n - 1)
        if method == "fracmax":
            mn = nmin(x, axis=-2, keepdims=True)
            mx = nmax(x, axis=-2, keepdims=True)
            if np.any(mn < 0):
                raise ValueError("normalise: 'fracmax' needs non-negative indicator values")
            xr = np.where(d < 0, mx + mn - x, x)  # reflection keeps values in [min, max]
            top = nmax(xr, axis=-2, keepdims=True)
            if np.any(top <= 0):
                raise ValueError("normalise: 'fracmax' needs a positive maximum")
            return xr / top
        if method == "dist2target":
            t = np.asarray(p["target"], float)
            mn = nmin(x, axis=-2, keepdims=True)
            mx = nmax(x, axis=-2, keepdims=True)
            y = np.where(d > 0, (x - mn) / (t - mn), (mx - x) / (mx - t))
            if np.any(np.isinf(y)):
                raise ValueError("normalise: 'dist2target' target equals the worst value of an indicator")
            if p.get("cap", False):
                y = np.minimum(y, 1.0)
            return y
        if method == "goalposts":
            lo = np.asarray(p["low"], float)
            hi = np.asarray(p["high"], float)
            if np.any(hi <= lo):
                raise ValueError("normalise: goalposts need high > low for every indicator")
            y = np.where(d > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
            if p.get("truncate", True):
                y = np.clip(y, 0.0, 1.0)
            return y * p.get("scale", 1.0)
    raise ValueError(f"normalise: unknown method {method!r}; choose from {NORMALISATIONS}")


def _resolve_norm_params(fw: Framework, cols: Sequence[str], method: str,
                         params: Mapping[str, Any]) -> dict:
    """Per-indicator parameters (targets, goalposts) from arguments or the framework."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalise: unknown method {method!r}; choose from {NORMALISATIONS}")
    p = dict(params)
    if method == "dist2target":
        if "target" not in p:
            if "target" not in fw.table.columns:
                raise ValueError("normalise: 'dist2target' needs target= or a framework 'target' column")
            p["target"] = fw.table.loc[list(cols), "target"].to_numpy(float)
        elif isinstance(p["target"], Mapping):
            p["target"] = np.array([p["target"][c] for c in cols], float)
    if method == "goalposts":
        for key, col in (("low", "goalpost_low"), ("high", "goalpost_high")):
            if key not in p:
                if col not in fw.table.columns:
                    raise ValueError(f"normalise: 'goalposts' needs {key}= or a framework {col!r} column")
                p[key] = fw.table.loc[list(cols), col].to_numpy(float)
            elif isinstance(p[key], Mapping):
                p[key] = np.array([p[key][c] for c in cols], float)
    return p


def normalise(data: pd.DataFrame, framework: Framework | pd.DataFrame, method: str = "minmax",
              **params) -> pd.DataFrame:
    """Bring indicators onto a common scale, higher = better.

    Parameters
    ----------
    data : DataFrame
        Units x indicators.
    framework : Framework or DataFrame
        Supplies ``direction`` (and ``target``, ``goalpost_low/high`` if used).
    method : str
        * ``"minmax"`` -- onto ``[low, high]`` (default [0, 100]);
        * ``"zscore"`` -- mean ``mean``, standard deviation ``sd`` (default 0, 1);
        * ``"rank"`` -- ranks (ties: minimum); ``"borda"`` -- rank - 1;
          ``"prank"`` -- percentile rank (rank - 1)/(n - 1);
        * ``"dist2max"`` -- ``1 - (max - x)/(max - min)``;
        * ``"dist2target"`` -- ``(x - min)/(target - min)`` (negative direction:
          ``(max - x)/(max - target)``); targets from ``target=`` or the
          framework's ``target`` column; ``cap=True`` caps at 1;
        * ``"fracmax"`` -- ``x / max``; a negative direction reflects the
          values (``max + min - x``) first, so results stay in [0, 1] (COINr
          multiplies by -1 and returns infinite/negative values);
        * ``"goalposts"`` -- ``(x - low)/(high - low)`` truncated to [0, 1]
          (negative direction ``(high - x)/(high - low)``), times ``scale``;
          goalposts from ``low=``/``high=`` (scalars or per-indicator
          mappings) or the framework's ``goalpost_low``/``goalpost_high``.
        * ``"none"`` -- only the direction is applied.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": [1, -1, 1], "weight": 1}))
    >>> d = pd.DataFrame({"x": [0.0, 5.0, 10.0], "y": [0.0, 5.0, 10.0]})
    >>> normalise(d, fw, "minmax")
           x      y
    0    0.0  100.0
    1   50.0   50.0
    2  100.0    0.0
    >>> normalise(d, fw, "fracmax")["y"].tolist()
    [1.0, 0.5, 0.0]
    """
    fw = _as_framework(framework)
    cols = list(data.columns)
    missing = [c for c in cols if c not in fw.table.index]
    if missing:
        raise ValueError(f"normalise: column(s) {missing} are not in the framework")
    d = fw.table.loc[cols, "direction"].to_numpy(float)
    p = _resolve_norm_params(fw, cols, method, params)
    out = _normalise_array(data.to_numpy(float), d, method, p)
    return pd.DataFrame(out, index=data.index, columns=cols)


# --------------------------------------------------------------------------- weights


def equal_weights(framework: Framework | pd.DataFrame) -> pd.Series:
    """Weight 1 for every node (siblings weigh the same).

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": [1, 3, 1]}))
    >>> equal_weights(fw).tolist()
    [1.0, 1.0, 1.0]
    """
    fw = _as_framework(framework)
    return pd.Series(1.0, index=fw.table.index, name="weight")


def _pc1(x: np.ndarray):
    """Correlation-matrix PCA: (sdev, loadings of PC1 with sum >= 0, all loadings)."""
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    sdev = s / np.sqrt(x.shape[0] - 1)
    v = vt.T
    signs = np.where(v.sum(axis=0) < 0, -1.0, 1.0)
    return sdev, v * signs


def pca_weights(scores: pd.DataFrame, framework: Framework | pd.DataFrame, level: int, *,
                by_groups: bool = True) -> pd.Series:
    """Weights of ``level`` nodes = loadings of the first principal component.

    PCA on the correlation matrix of the level's scores, within each parent
    group (``by_groups=True``) or over the whole level. The sign of a
    component is arbitrary; it is fixed so that the loadings sum to >= 0.
    Loadings can be negative: such "weights" reverse an element and say the
    group is not one-dimensional -- inspect before using them.

    Returns the framework weights with the level's weights replaced.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1}))
    >>> s = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [2.0, 1, 4, 3]})
    >>> pca_weights(s, fw, 1).round(4).tolist()
    [0.7071, 0.7071, 1.0]
    """
    fw = _as_framework(framework)
    w = fw.weights()
    codes = fw.codes(level)
    groups = ([fw.children(p) for p in fw.codes(level + 1)] if by_groups else [codes])
    for g in groups:
        x = _numeric_block(scores, g, "pca_weights").dropna().to_numpy()
        if len(g) == 1:
            w[g[0]] = 1.0
            continue
        _, v = _pc1(x)
        w[g] = v[:, 0]
    return w


# --------------------------------------------------------------------------- aggregate


def _aggregate_array(x: np.ndarray, w: np.ndarray, member: np.ndarray, method: str,
                     p: float | np.ndarray | None = None) -> np.ndarray:
    """Aggregate children (..., units, children) to parents (..., units, parents).

    ``w``: (..., children) or (children,); ``member``: (children, parents) 0/1.
    Missing children are dropped with their weights.
    """
    w = np.asarray(w, float)
    ok = ~np.isnan(x)
    wb = w[..., None, :] if w.ndim == x.ndim - 1 else w
    complete = bool(ok.all())
    mm = _matmul_last
    den = mm(wb, member) if complete else mm(np.where(ok, wb, 0.0), member)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "amean":
            num = mm((x * wb) if complete else np.where(ok, x * wb, 0.0), member)
            out = num / den
        elif method in ("gmean", "hmean") or (method == "genmean"):
            if method == "genmean":
                pp = np.asarray(p, float)
                if pp.ndim:
                    pp = pp[..., None, None]
            if method == "gmean" or (method == "genmean" and np.all(pp == 0)):
                if np.any(x[ok] <= 0):
                    raise ValueError("aggregate: geometric mean needs positive values "
                                     "(normalise e.g. min-max onto [1, 100])")
                num = mm(np.where(ok, np.log(np.where(ok, x, 1.0)) * wb, 0.0), member)
                out = np.exp(num / den)
            elif method == "hmean":
                if np.any(x[ok] <= 0):
                    raise ValueError("aggregate: harmonic mean needs positive values")
                num = mm(np.where(ok, wb / np.where(ok, x, 1.0), 0.0), member)
                out = den / num
            else:
                if np.any(pp == 0):
                    raise ValueError("aggregate: genmean with p = 0 mixed with p != 0 in one batch")
                if np.any(x[ok] < 0) or (np.any(pp < 0) and np.any(x[ok] == 0)):
                    raise ValueError("aggregate: generalised mean needs non-negative values "
                                     "(positive for p < 0)")
                num = mm(np.where(ok, np.where(ok, x, 1.0) ** pp * wb, 0.0), member)
                out = (num / den) ** (1 / pp)
        elif method == "copeland":
            out = np.stack([_copeland_array(x[..., member[:, j] > 0], w[..., member[:, j] > 0])
                            for j in range(member.shape[1])], axis=-1)
            return out
        else:
            raise ValueError(f"aggregate: unknown method {method!r}; choose from {AGGREGATIONS}")
    return np.where(den > 0, out, np.nan)


def _matmul_last(a: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``a @ m`` over the last axis as one matrix product (fast for many small batches)."""
    a = np.asarray(a, float)
    out = a.reshape(-1, a.shape[-1]) @ m
    return out.reshape(a.shape[:-1] + (m.shape[1],))


def _copeland_array(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland scores of units (..., units, criteria) with weights (..., criteria)."""
    w = np.asarray(w, float)
    w = w / w.sum(axis=-1, keepdims=True)
    wb = w[..., None, None, :]
    a = x[..., :, None, :]
    b = x[..., None, :, :]
    with np.errstate(invalid="ignore"):
        s = (np.where(a > b, wb, 0.0) + np.where(a == b, wb / 2, 0.0)).sum(axis=-1)
    tol = 1e-12
    c = np.where(s > 0.5 + tol, 1.0, np.where(s < 0.5 - tol, -1.0, 0.0))
    n = x.shape[-2]
    c[..., np.arange(n), np.arange(n)] = 0.0
    return c.sum(axis=-1)


def _level_weights(fw: Framework, weights: pd.Series | None, level: int) -> np.ndarray:
    ch = fw.codes(level)
    src = fw.weights() if weights is None else pd.Series(weights).reindex(fw.table.index).fillna(fw.weights())
    return src.loc[ch].to_numpy(float)


def _method_for(level_spec, level: int, n_levels: int):
    """Resolve an aggregation spec (str, dict, or list per aggregation step) for one step."""
    if isinstance(level_spec, (list, tuple)):
        if len(level_spec) != n_levels - 1:
            raise ValueError(f"aggregate: per-level specification needs {n_levels - 1} entries")
        level_spec = level_spec[level - 1]
    if isinstance(level_spec, str):
        return level_spec, None
    if isinstance(level_spec, Mapping):
        return level_spec["method"], level_spec.get("p")
    raise ValueError(f"aggregate: cannot read method specification {level_spec!r}")


def aggregate(data: pd.DataFrame, framework: Framework | pd.DataFrame, method="amean", *,
              weights: pd.Series | Mapping[str, float] | None = None, p: float | None = None,
              ) -> pd.DataFrame:
    """Aggregate normalised indicators up the hierarchy.

    Parameters
    ----------
    data : DataFrame
        Units x indicators (normalised).
    framework : Framework or DataFrame
    method : str, dict or list
        ``"amean"`` (weighted arithmetic), ``"gmean"`` (geometric),
        ``"hmean"`` (harmonic), ``"genmean"`` (power mean with exponent
        ``p``), ``"copeland"`` (Copeland outranking score); a dict
        ``{"method": "genmean", "p": 2}``; or a list with one entry per
        aggregation step (level 1->2 first).
    weights : Series or mapping, optional
        Weight per code; missing codes keep the framework weight.
    p : float, optional
        Exponent for ``"genmean"`` given as a string.

    Returns
    -------
    DataFrame
        The indicators followed by every aggregate, level by level (COINr's
        "Aggregated" data set). Missing values are dropped with their weights;
        a unit with all children missing gets NaN.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": [1, 3]  + [1]}))
    >>> d = pd.DataFrame({"x": [10.0, 40.0], "y": [90.0, None]})
    >>> aggregate(d, fw)["I"].tolist()
    [70.0, 40.0]
    >>> round(float(aggregate(d, fw, "gmean")["I"].iloc[0]), 6)
    51.961524
    """
    fw = _as_framework(framework)
    out = _numeric_block(data, fw.indicators, "aggregate").copy()
    n = fw.n_levels
    for level in range(1, n):
        m, pp = _method_for(method, level, n)
        if m == "genmean":
            pp = p if pp is None else pp
            if pp is None:
                raise ValueError("aggregate: 'genmean' needs an exponent p")
        x = out[fw.codes(level)].to_numpy(float)
        w = _level_weights(fw, None if weights is None else pd.Series(weights), level)
        y = _aggregate_array(x, w, fw.membership(level), m, pp)
        for j, c in enumerate(fw.codes(level + 1)):
            out[c] = y[:, j]
    return out


def rank_scores(scores: pd.DataFrame | pd.Series, groups: pd.Series | None = None):
    """Rank units, 1 = highest score, ties share the best rank (COINr's "min").

    Examples
    --------
    >>> rank_scores(pd.Series([3.0, 5.0, 3.0, None], index=list("abcd"))).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    if groups is not None:
        return scores.groupby(pd.Series(groups).reindex(scores.index)).rank(ascending=False, method="min")
    return scores.rank(ascending=False, method="min")


# --------------------------------------------------------------------------- pipeline


@dataclass
class CompositeResult:
    """Everything :func:`build_index` produced.

    Attributes
    ----------
    framework : Framework
    steps : dict of str to DataFrame
        ``Raw``, ``Denominated``, ``Imputed``, ``Screened``, ``Treated``,
        ``Normalised``, ``Aggregated`` (those that ran), each units x columns.
    scores : DataFrame
        Units x aggregates (every level above the indicators).
    ranks : DataFrame
        Units x aggregates, 1 = best, ties share the best rank.
    details : dict of str to DataFrame
        ``imputed`` (cells filled), ``availability``, ``treatment``.
    weights : Series
        The weights used.
    config : dict
        The pipeline settings.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    >>> res = build_index(pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 1.0]}, index=["a", "b"]), fw)
    >>> sorted(res.steps), res.table()["I_rank"].tolist()
    (['Aggregated', 'Denominated', 'Normalised', 'Raw'], [1.0, 1.0])
    """

    framework: Framework
    steps: dict[str, pd.DataFrame]
    scores: pd.DataFrame
    ranks: pd.DataFrame
    details: dict[str, pd.DataFrame] = field(default_factory=dict)
    weights: pd.Series | None = None
    config: dict = field(default_factory=dict)

    def table(self, level: int | None = None) -> pd.DataFrame:
        """Scores and ranks of the root (and of ``level``'s nodes), best first."""
        root = self.framework.root
        cols = [root] if level is None else [root] + self.framework.codes(level)
        t = self.scores[cols].add_suffix("_score").join(self.ranks[cols].add_suffix("_rank"))
        return t.sort_values(f"{root}_rank")

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: the scores, then the ranks, of the root and every aggregate.

        Full precision, best unit first (units without a root score last).
        ``to_frame()[table(level).columns]`` is ``table(level)``.

        Returns
        -------
        DataFrame
            Index = units; columns ``<code>_score`` for the root then every
            aggregate from the top level down, then ``<code>_rank`` in the
            same order (1 = best, ties share the best rank).

        Examples
        --------
        >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
        ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
        ...     "direction": 1, "weight": 1.0}))
        >>> d = pd.DataFrame({"x": [1.0, 3, 2], "y": [2.0, 1, 0], "z": [0.0, 1, 4]}, index=["a", "b", "c"])
        >>> build_index(d, fw).to_frame()
           I_score  P_score  Q_score  I_rank  P_rank  Q_rank
        c     62.5     25.0    100.0     1.0     3.0     1.0
        b     50.0     75.0     25.0     2.0     1.0     2.0
        a     25.0     50.0      0.0     3.0     2.0     3.0
        """
        root = self.framework.root
        t = self.scores.add_suffix("_score").join(self.ranks.add_suffix("_rank"))
        return t.sort_values(f"{root}_rank")

    def summary(self, level: int | None = None):
        """What was built, how, and the resulting scores and ranks, ready to print or show.

        Parameters
        ----------
        level : int, optional
            Also show the scores and ranks of this level's aggregates (as
            :meth:`table`).

        Returns
        -------
        Summary
            ``print()`` it for text, or let Jupyter show it as HTML. Header:
            the index, framework size, units, the pipeline's steps and
            settings; table: :meth:`table` (rounded for display only; the full
            precision is in :meth:`to_frame`); notes: units without a score,
            imputed cells, screened-out units, treated indicators, the rank
            convention.

        Examples
        --------
        >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
        ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": [1, -1, 1], "weight": 1.0}))
        >>> d = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
        >>> print(build_index(d, fw).summary())
                           Composite indicator: I
        ============================================================
        Method:             build_index (OECD/JRC pipeline)
        Framework:          2 indicators, 2 levels
        Units:              3 (3 with an I score)
        Steps:              Raw, Denominated, Normalised, Aggregated
        Normalisation:      minmax
        Aggregation:        amean
        Weights:            as in the framework
        Missing raw values: 0 of 6
        ============================================================
        Scores and ranks, best first
           I_score  I_rank
        ------------------------------------------------------------
        b       75       1
        c       75       1
        a        0       3
        ============================================================
        [1] Rank 1 = highest score; tied units share the best rank.
        """
        from ._summary import Summary

        fw, cfg = self.framework, self.config
        root = fw.root
        n = len(self.steps["Raw"])
        scored = int(self.scores[root].notna().sum())
        s = Summary(f"Composite indicator: {root}")
        s.add_header("Method", "build_index (OECD/JRC pipeline)")
        s.add_header("Framework", f"{len(fw.indicators)} indicators, {fw.n_levels} levels")
        s.add_header("Units", f"{n} ({scored} with an {root} score)")
        s.add_header("Steps", ", ".join(self.steps))

        def spec(v):
            if isinstance(v, Mapping):
                d = dict(v)
                name = d.pop("method", None)
                args = ", ".join(f"{k}={x}" for k, x in d.items())
                return args if name is None else f"{name} ({args})" if d else str(name)
            if isinstance(v, (list, tuple)):
                return ", ".join(spec(x) for x in v)
            return str(v)

        notes = []
        if cfg.get("impute_method", "none") != "none":
            k = len(self.details.get("imputed", ()))
            by = f" by {cfg['impute_groups']}" if cfg.get("impute_groups") else ""
            s.add_header("Imputation", f"{cfg['impute_method']}{by} ({k} cells filled)")
            if k:
                notes.append(f"{k} missing value(s) were imputed ({cfg['impute_method']}); "
                             "the cells are listed in .details['imputed'].")
        if cfg.get("screen"):
            dropped = [u for u in self.steps["Raw"].index if u not in self.steps["Screened"].index]
            s.add_header("Screening", f"{spec(cfg['screen'])}: {len(dropped)} unit(s) removed")
            if dropped:
                notes.append(f"Removed by screening (no score): {', '.join(map(str, dropped))}.")
        if cfg.get("treat"):
            det = self.details.get("treatment")
            if det is not None:
                treated = det.index[(det["n_winsorised"] > 0) | det["logged"]].tolist()
                s.add_header("Outlier treatment", f"{len(treated)} of {len(det)} indicators treated")
                if treated:
                    notes.append(f"Outlier treatment changed {', '.join(map(str, treated))} "
                                 "(see .details['treatment']).")
        s.add_header("Normalisation", spec(cfg.get("normalisation", "")))
        s.add_header("Aggregation", spec(cfg.get("aggregation", "")))
        if "pca_weights" in self.details:
            s.add_header("Weights", "first principal component (see .details['pca_weights'])")
        elif self.weights is not None and not self.weights.reindex(fw.table.index).equals(fw.weights()):
            s.add_header("Weights", "set by build_index (see .weights)")
        else:
            s.add_header("Weights", "as in the framework")
        raw = self.steps["Raw"]
        s.add_header("Missing raw values", f"{int(raw.isna().sum().sum())} of {raw.size}")
        s.add_table(self.table(level), "Scores and ranks, best first")
        unscored = self.scores.index[self.scores[root].isna()].tolist()
        if unscored:
            notes.insert(0, f"No {root} score for {', '.join(map(str, unscored))}: its values become "
                            "missing at some step (see .steps); it is not ranked.")
        notes.append("Rank 1 = highest score; tied units share the best rank.")
        for x in notes:
            s.add_note(x)
        return s


def _norm_spec(spec) -> tuple[str, dict]:
    if isinstance(spec, str):
        return spec, {}
    if isinstance(spec, Mapping):
        d = dict(spec)
        return d.pop("method"), d
    raise ValueError(f"normalise: cannot read specification {spec!r}")


def build_index(data: pd.DataFrame, framework: Framework | pd.DataFrame, *,
                denominate_data: bool = True,
                impute_method: str = "none", impute_groups: str | pd.Series | None = None,
                screen: Mapping[str, float] | None = None, screen_before_impute: bool = False,
                treat: Mapping[str, Any] | bool | None = None,
                normalisation: str | Mapping[str, Any] = "minmax",
                weights: str | pd.Series | Mapping[str, float] | None = None,
                aggregation="amean") -> CompositeResult:
    """Run the whole pipeline and keep every step.

    Parameters
    ----------
    data : DataFrame
        Units x columns (indicators, denominators, group columns).
    framework : Framework or DataFrame
    denominate_data : bool
        Divide indicators by their framework ``denominator`` column.
    impute_method : {"none", "mean", "median"}
    impute_groups : str or Series, optional
        Column of ``data`` (or Series) with each unit's group for imputation.
    screen : dict, optional
        ``{"min_availability": 0.9, "min_nonzero": ...}`` passed to :func:`screen_units`.
    screen_before_impute : bool
        COINr's example screens after imputing (default False = that order).
    treat : dict or bool, optional
        Arguments of :func:`treat_outliers` (``True`` = defaults; None/False = skip).
    normalisation : str or dict
        Method name or ``{"method": ..., **params}`` for :func:`normalise`.
    weights : {"given", "equal"}, dict or Series/mapping, optional
        ``"given"``/None = framework weights; ``"equal"``;
        ``{"method": "pca", "level": 2, "by_groups": True}`` = first-component
        loadings of that level (computed on a first aggregation with the given
        weights; negative loadings raise ``ValueError``); or explicit weights
        per code. Benefit-of-the-doubt weights differ per unit and are a
        scoring method of their own: :func:`benefit_of_the_doubt`.
    aggregation : str, dict or list
        See :func:`aggregate`.

    Returns
    -------
    CompositeResult

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"],
    ...     "parent": ["I", "I", None], "level": [1, 1, 2], "direction": [1, -1, 1], "weight": 1}))
    >>> d = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
    >>> res = build_index(d, fw)
    >>> res.scores["I"].tolist(), res.ranks["I"].tolist()
    ([0.0, 75.0, 75.0], [3.0, 1.0, 1.0])
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"build_index: data must be a DataFrame (units x indicators), got {type(data).__name__}")
    fw = _as_framework(framework)
    steps: dict[str, pd.DataFrame] = {}
    details: dict[str, pd.DataFrame] = {}
    ind = fw.indicators
    steps["Raw"] = _numeric_block(data, ind, "build_index")
    x = denominate(data, fw) if denominate_data else steps["Raw"].copy()
    if denominate_data:
        steps["Denominated"] = x
    groups = data[impute_groups] if isinstance(impute_groups, str) else impute_groups

    def _screen(x):
        details["availability"] = data_availability(x)
        y = screen_units(x, **dict(screen))
        steps["Screened"] = y
        return y

    if screen and screen_before_impute:
        x = _screen(x)
    if impute_method != "none":
        x, mask = impute(x, impute_method, groups=groups, return_mask=True)
        details["imputed"] = mask.stack().loc[lambda s: s].reset_index().iloc[:, :2].set_axis(
            ["unit", "code"], axis=1)
        steps["Imputed"] = x
    if screen and not screen_before_impute:
        x = _screen(x)
    if treat:
        targs = {} if treat is True else dict(treat)
        x, det = treat_outliers(x, return_details=True, **targs)
        details["treatment"] = det
        steps["Treated"] = x
    nm, npar = _norm_spec(normalisation)
    x = normalise(x, fw, nm, **npar)
    steps["Normalised"] = x
    if weights is None or (isinstance(weights, str) and weights == "given"):
        w = fw.weights()
    elif isinstance(weights, str) and weights == "equal":
        w = equal_weights(fw)
    elif isinstance(weights, Mapping) and weights.get("method") == "pca":
        # COINr-style: aggregate with the given weights, then PC1 loadings of one level
        lev = int(weights.get("level", 1))
        first = aggregate(x, fw, aggregation, weights=fw.weights())
        w = pca_weights(first, fw, lev, by_groups=bool(weights.get("by_groups", True)))
        details["pca_weights"] = w.loc[fw.codes(lev)].to_frame("weight")
        if (w.loc[fw.codes(lev)] < 0).any():
            raise ValueError("build_index: PCA gives negative weights at level "
                             f"{lev} ({w.loc[fw.codes(lev)][lambda v: v < 0].index.tolist()}): the group "
                             "is not one-dimensional; choose weights explicitly")
    elif isinstance(weights, str):
        raise ValueError(f"build_index: weights must be 'given', 'equal', {{'method': 'pca', ...}} "
                         f"or a Series, got {weights!r}")
    else:
        if not isinstance(weights, (pd.Series, Mapping)):
            raise TypeError(f"build_index: weights must be 'given', 'equal', {{'method': 'pca', ...}} or a "
                            f"Series/mapping of code -> weight, got {type(weights).__name__} {weights!r}")
        given = pd.to_numeric(pd.Series(weights, dtype=object), errors="coerce")
        bad = given[~np.isfinite(given.astype(float)) | (given < 0)]
        if len(bad):
            raise ValueError(f"build_index: weights must be finite and non-negative; got {bad.to_dict()}")
        unknown = sorted(set(given.index) - set(fw.table.index))
        if unknown:
            raise ValueError(f"build_index: weights for codes not in the framework: {unknown}")
        w = given.astype(float).reindex(fw.table.index).fillna(fw.weights())
    agg = aggregate(x, fw, aggregation, weights=w)
    steps["Aggregated"] = agg
    aggs = [c for lev in range(fw.n_levels, 1, -1) for c in fw.codes(lev)]
    scores = agg[aggs]
    return CompositeResult(
        framework=fw, steps=steps, scores=scores, ranks=rank_scores(scores), details=details,
        weights=w,
        config=dict(denominate_data=denominate_data, impute_method=impute_method,
                    impute_groups=impute_groups if isinstance(impute_groups, str) else None,
                    screen=dict(screen) if screen else None, screen_before_impute=screen_before_impute,
                    treat=treat, normalisation=normalisation, aggregation=aggregation),
    )


# --------------------------------------------------------------------------- audit


def effective_weights(framework: Framework | pd.DataFrame,
                      weights: pd.Series | None = None) -> pd.DataFrame:
    """Each node's share of the root: its weight among its siblings, times its parent's share.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
    ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
    ...     "direction": 1, "weight": 1}))
    >>> effective_weights(fw)["effective_weight"].tolist()
    [0.25, 0.25, 0.5, 0.5, 0.5, 1.0]
    """
    fw = _as_framework(framework)
    w = fw.weights() if weights is None else pd.Series(weights).reindex(fw.table.index).fillna(fw.weights())
    t = fw.table
    eff = {fw.root: 1.0}
    for lev in range(fw.n_levels - 1, 0, -1):
        for c in fw.codes(lev):
            par = t.at[c, "parent"]
            sib = fw.children(par)
            tot = w[sib].sum()
            eff[c] = eff[par] * (w[c] / tot if tot > 0 else np.nan)
    out = pd.DataFrame({"level": t["level"], "weight": w.reindex(t.index),
                        "effective_weight": pd.Series(eff).reindex(t.index)})
    out.index.name = "code"
    return out


def _pearson_long(x: pd.DataFrame, pairs) -> pd.DataFrame:
    rows = []
    for a, b in pairs:
        ab = x[[a, b]].dropna()
        n = len(ab)
        if n < 3 or ab[a].std() == 0 or ab[b].std() == 0:
            r, pv = np.nan, np.nan
        else:
            r, pv = stats.pearsonr(ab[a], ab[b])
        rows.append({"x": a, "y": b, "n": n, "r": float(r), "p_val": float(pv)})
    return pd.DataFrame(rows, columns=["x", "y", "n", "r", "p_val"])


def correlations(data: pd.DataFrame, columns: Sequence[str] | None = None, *,
                 alpha: float | None = None, matrix: bool = False) -> pd.DataFrame:
    """Pearson correlations between columns (pairwise complete observations).

    Parameters
    ----------
    data : DataFrame
    columns : list of str, optional
    alpha : float, optional
        If given, correlations with ``p_val > alpha`` are reported as NaN in
        the matrix (COINr's ``pval`` convention) and flagged ``significant``
        in the long table.
    matrix : bool
        Return a square matrix instead of one row per pair.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 4, 6, 8.5], "c": [1.0, -1, 1, -1]})
    >>> correlations(d)[["x", "y"]].values.tolist()
    [['a', 'b'], ['a', 'c'], ['b', 'c']]
    """
    cols = list(data.columns if columns is None else columns)
    x = _numeric_block(data, cols, "correlations")
    pairs = [(a, b) for i, a in enumerate(cols) for b in cols[i + 1:]]
    long = _pearson_long(x, pairs)
    if alpha is not None:
        long["significant"] = long["p_val"] <= alpha
    if not matrix:
        return long
    m = pd.DataFrame(np.eye(len(cols)), index=cols, columns=cols)
    for _, row in long.iterrows():
        v = row["r"] if alpha is None or row["p_val"] <= alpha else np.nan
        m.loc[row["x"], row["y"]] = m.loc[row["y"], row["x"]] = v
    return m


def parent_correlations(aggregated: pd.DataFrame, framework: Framework | pd.DataFrame,
                        level: int, *, family: bool = True, alpha: float | None = None) -> pd.DataFrame:
    """Correlation of each ``level`` node with its parent (and, ``family=True``, every ancestor).

    One row per (node, ancestor): ``code``, ``ancestor``, ``ancestor_level``,
    ``r``, ``p_val`` (and ``significant`` if ``alpha`` is given).

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
    ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
    ...     "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5], "z": [5.0, 3, 4, 1, 2]})
    >>> agg = aggregate(normalise(d, fw, "minmax"), fw)
    >>> parent_correlations(agg, fw, 2)[["code", "ancestor", "ancestor_level"]].values.tolist()
    [['P', 'I', 3], ['Q', 'I', 3]]
    """
    fw = _as_framework(framework)
    rows = []
    for c in fw.codes(level):
        top = fw.n_levels if family else level + 1
        for lev in range(level + 1, top + 1):
            a = fw.ancestor(c, lev)
            t = _pearson_long(aggregated, [(c, a)]).iloc[0]
            rows.append({"code": c, "ancestor": a, "ancestor_level": lev, "n": t["n"],
                         "r": t["r"], "p_val": t["p_val"]})
    out = pd.DataFrame(rows)
    if alpha is not None:
        out["significant"] = out["p_val"] <= alpha
    return out


def correlation_flags(data: pd.DataFrame, framework: Framework | pd.DataFrame, *, level: int = 1,
                      threshold: float = 0.75, kind: str = "high") -> pd.DataFrame:
    """Pairs of siblings (same parent) correlated above ``threshold`` (``kind="high"``)
    or below it (``kind="low"``, e.g. -0.4 for negative correlations).

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
    ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
    ...     "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5], "z": [5.0, 3, 4, 1, 2]})
    >>> agg = aggregate(normalise(d, fw, "minmax"), fw)
    >>> correlation_flags(normalise(d, fw, "minmax"), fw, threshold=0.75)[["group", "x", "y"]].values.tolist()
    [['P', 'x', 'y']]
    """
    fw = _as_framework(framework)
    rows = []
    for par in fw.codes(level + 1):
        ch = [c for c in fw.children(par)]
        long = correlations(data, ch)
        sel = long["r"] > threshold if kind == "high" else long["r"] < threshold
        for _, r in long[sel].iterrows():
            rows.append({"group": par, "x": r["x"], "y": r["y"], "r": r["r"], "p_val": r["p_val"]})
    return pd.DataFrame(rows, columns=["group", "x", "y", "r", "p_val"])


def cronbach_alpha(data: pd.DataFrame, columns: Sequence[str] | None = None, *,
                   missing: str = "pairwise") -> float:
    """Cronbach's alpha of a set of columns.

    ``alpha = k/(k-1) * (1 - sum(var_i) / sum(cov_ij))``, with the covariance
    matrix from pairwise complete observations (``missing="pairwise"``, as
    COINr) or complete rows only (``missing="complete"``).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of
    tests. Psychometrika, 16, 297-334. https://doi.org/10.1007/BF02310555

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 2, 3, 5]})
    >>> round(cronbach_alpha(d), 6)
    0.971963
    """
    cols = list(data.columns if columns is None else columns)
    x = _numeric_block(data, cols, "cronbach_alpha")
    if missing == "complete":
        x = x.dropna()
    elif missing != "pairwise":
        raise ValueError(f"cronbach_alpha: missing must be 'pairwise' or 'complete', got {missing!r}")
    k = len(cols)
    if k < 2 or len(x.dropna(how="all")) < 2:
        raise ValueError("cronbach_alpha: need at least two columns and two rows")
    c = x.cov().to_numpy()
    if np.isnan(c).any():
        raise ValueError("cronbach_alpha: a pair of columns has fewer than two joint observations")
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def pca_variance(data: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Principal components of the correlation matrix: ``sdev``, ``prop_var``, ``cum_prop_var``.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 2, 3, 5]})
    >>> pca_variance(d)["prop_var"].round(4).tolist()
    [0.9914, 0.0086]
    """
    cols = list(data.columns if columns is None else columns)
    x = _numeric_block(data, cols, "pca_variance").dropna().to_numpy()
    sdev, _ = _pc1(x)
    pv = sdev ** 2 / (sdev ** 2).sum()
    return pd.DataFrame({"pc": [f"PC{i + 1}" for i in range(len(sdev))], "sdev": sdev,
                         "prop_var": pv, "cum_prop_var": np.cumsum(pv)})


def remove_elements(normalised: pd.DataFrame, framework: Framework | pd.DataFrame, level: int, *,
                    aggregation="amean", weights: pd.Series | None = None) -> pd.DataFrame:
    """Drop each ``level`` node in turn (weight 0) and report the root's rank changes.

    Returns one row per removed node (first row ``nominal``):
    ``mean_abs_rank_change`` and ``max_abs_rank_change``.

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
    ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
    ...     "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5], "z": [5.0, 3, 4, 1, 2]})
    >>> agg = aggregate(normalise(d, fw, "minmax"), fw)
    >>> remove_elements(normalise(d, fw, "minmax"), fw, 2)["removed"].tolist()
    ['nominal', 'P', 'Q']
    """
    fw = _as_framework(framework)
    w0 = fw.weights() if weights is None else pd.Series(weights).reindex(fw.table.index).fillna(fw.weights())
    root = fw.root
    nom = rank_scores(aggregate(normalised, fw, aggregation, weights=w0)[root])
    rows = [{"removed": "nominal", "mean_abs_rank_change": 0.0, "max_abs_rank_change": 0.0}]
    for c in fw.codes(level):
        w = w0.copy()
        w[c] = 0.0
        r = rank_scores(aggregate(normalised, fw, aggregation, weights=w)[root])
        d = (r - nom).abs()
        rows.append({"removed": c, "mean_abs_rank_change": float(d.mean()),
                     "max_abs_rank_change": float(d.max())})
    return pd.DataFrame(rows)


def benefit_of_the_doubt(data: pd.DataFrame, columns: Sequence[str] | None = None, *,
                         return_weights: bool = False):
    """Benefit-of-the-doubt scores: each unit's best achievable weighted sum.

    For unit ``c``: maximise ``sum_j w_j y_cj`` subject to ``sum_j w_j y_kj <= 1``
    for every unit ``k`` and ``w >= 0`` (linear programme, ``scipy.optimize.linprog``,
    HiGHS). Scores lie in [0, 1]; 1 = no other unit beats it under the unit's
    own most favourable weights. Needs complete, non-negative data.

    Returns a Series ``bod`` (and a DataFrame of weights with ``return_weights``).

    Examples
    --------
    >>> d = pd.DataFrame({"a": [1.0, 0.5, 0.2], "b": [0.2, 0.5, 0.4]}, index=["u", "v", "w"])
    >>> benefit_of_the_doubt(d).round(4).tolist()
    [1.0, 1.0, 0.8]
    """
    cols = list(data.columns if columns is None else columns)
    x = _numeric_block(data, cols, "benefit_of_the_doubt")
    if x.isna().any().any():
        bad = x.index[x.isna().any(axis=1)].tolist()
        raise ValueError(f"benefit_of_the_doubt: missing values for unit(s) {bad}; impute or drop first")
    if (x.to_numpy() < 0).any():
        raise ValueError("benefit_of_the_doubt: negative values; normalise onto a non-negative scale first")
    y = x.to_numpy()
    scores, ws = [], []
    for i in range(len(y)):
        res = optimize.linprog(-y[i], A_ub=y, b_ub=np.ones(len(y)), bounds=[(0, None)] * y.shape[1],
                               method="highs")
        if not res.success:
            raise ValueError(f"benefit_of_the_doubt: LP failed for unit {x.index[i]!r}: {res.message}")
        scores.append(-res.fun)
        ws.append(res.x)
    s = pd.Series(scores, index=x.index, name="bod")
    if return_weights:
        return s, pd.DataFrame(ws, index=x.index, columns=cols)
    return s


def copeland(data: pd.DataFrame, columns: Sequence[str] | None = None,
             weights: Sequence[float] | None = None) -> pd.Series:
    """Copeland scores: over all other units, +1 for each one outranked (weighted
    majority of criteria better), -1 for each one outranking, 0 for a tie.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [3.0, 2, 1], "b": [1.0, 3, 2]}, index=["u", "v", "w"])
    >>> copeland(d).tolist()
    [0.0, 1.0, -1.0]
    """
    cols = list(data.columns if columns is None else columns)
    x = _numeric_block(data, cols, "copeland").to_numpy()
    w = np.ones(len(cols)) if weights is None else np.asarray(weights, float)
    return pd.Series(_copeland_array(x, w), index=data.index, name="copeland")


def indicator_stats(data: pd.DataFrame) -> pd.DataFrame:
    """Per column: min, max, mean, median, sd, skew, kurt, n available, share available.

    Examples
    --------
    >>> indicator_stats(pd.DataFrame({"x": [1.0, 2.0, 3.0, None]}))[["min", "n", "frac_avail"]]
       min  n  frac_avail
    x  1.0  3        0.75
    """
    x = data.astype(float)
    return pd.DataFrame({
        "min": x.min(), "max": x.max(), "mean": x.mean(), "median": x.median(), "sd": x.std(),
        "skew": skewness(x), "kurt": kurtosis(x), "n": x.notna().sum().astype(int),
        "frac_avail": x.notna().mean(), "n_zero": (x == 0).sum().astype(int),
        "n_unique": x.nunique().astype(int),
    })


def optimise_weights(normalised: pd.DataFrame, framework: Framework | pd.DataFrame, level: int, *,
                     targets: Mapping[str, float] | None = None, aggregation="amean",
                     weights: pd.Series | None = None) -> pd.DataFrame:
    """Weights of the ``level`` nodes that make their correlations with the index
    proportional to ``targets`` (default: all equal), as in COINr's ``get_opt_weights``.

    The index is rebuilt from the normalised data for each trial; the
    objective is the squared distance between the normalised correlations and
    the normalised targets, minimised over log-weights (Nelder-Mead). Returns
    one row per node: ``weight`` (summing to 1 within each parent),
    ``r_with_index`` and ``target_share``.

    Correlations with the index are not "importance" in a causal sense: equal
    correlations make each element *explain* the index about equally.

    References
    ----------
    Becker, W., Saisana, M., Paruolo, P., & Vandecasteele, I. (2017). Weights
    and importance in composite indicators: Closing the gap. Ecological
    Indicators, 80, 12-22. https://doi.org/10.1016/j.ecolind.2017.03.056

    Examples
    --------
    >>> fw = Framework.from_table(pd.DataFrame({"code": ["x", "y", "z", "P", "Q", "I"],
    ...     "parent": ["P", "P", "Q", "I", "I", None], "level": [1, 1, 1, 2, 2, 3],
    ...     "direction": 1, "weight": 1.0}))
    >>> d = pd.DataFrame({"x": [1.0, 2, 3, 4, 5], "y": [2.0, 1, 4, 3, 5], "z": [5.0, 3, 4, 1, 2]})
    >>> agg = aggregate(normalise(d, fw, "minmax"), fw)
    >>> o = optimise_weights(normalise(d, fw, "minmax"), fw, 2)
    >>> round(float(o["r_with_index"].diff().abs().iloc[1]), 6)
    0.0
    """
    fw = _as_framework(framework)
    codes = fw.codes(level)
    w0 = fw.weights() if weights is None else pd.Series(weights).reindex(fw.table.index).fillna(fw.weights())
    t = np.array([1.0 if targets is None else float(targets[c]) for c in codes])
    t = t / t.sum()

    base = aggregate(normalised, fw, aggregation, weights=w0)
    x_level = base[codes].to_numpy(float)
    n = fw.n_levels

    def corr(logw):
        w = w0.copy()
        w[codes] = np.exp(logw)
        cur = x_level
        for lev in range(level, n):
            m, pp = _method_for(aggregation, lev, n)
            cur = _aggregate_array(cur, w[fw.codes(lev)].to_numpy(float), fw.membership(lev), m, pp)
        top = cur[:, 0]
        return np.array([np.corrcoef(x_level[:, j], top)[0, 1] for j in range(len(codes))]), top

    def obj(logw):
        r, _ = corr(logw)
        return float(((r / r.sum() - t) ** 2).sum())

    x0 = np.log(w0[codes].to_numpy(float))
    res = optimize.minimize(obj, x0, method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000})
    w = pd.Series(np.exp(res.x), index=codes)
    for par in fw.codes(level + 1):
        ch = [c for c in fw.children(par) if c in w.index]
        w[ch] = w[ch] / w[ch].sum()
    r, _ = corr(np.log(w.to_numpy()))
    return pd.DataFrame({"weight": w, "r_with_index": r, "target_share": t}).rename_axis("code")
