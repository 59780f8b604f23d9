"""Qualitative Comparative Analysis (crisp, fuzzy and multi-value QCA).

Calibration, necessity, truth tables and exact Boolean minimisation
(conservative, parsimonious and intermediate solutions), following the
conventions of R's QCA package (Dusa 2019) so that results can be checked
against it: the same truth-table rows, the same prime implicants, *all*
equally minimal models (model ambiguity) labelled ``M1, M2, ...`` in R's order,
and the same fit figures (inclS, PRI, covS, covU).

Algorithms
----------
Prime implicants are found level by level (terms with 1, 2, ... literals) as
in the CCubes algorithm (Dusa 2018): for every subset of conditions the
observed positive configurations are projected onto the subset with integer
codes, and a projection is an implicant when it matches no negative
configuration (parsimonious: remainders are free) or when all its minterms
are in the allowed set (conservative / intermediate: remainders excluded).
A term is prime when none of the terms obtained by dropping one literal is an
implicant. Minimal covers of the prime-implicant chart are found with an exact
integer programme (HiGHS via :func:`scipy.optimize.milp`) for the minimum
size, then *every* cover of that size is enumerated, each exactly once, by an
LP-bounded branch and bound over classes of interchangeable and
non-dominated PIs (the covering LP re-solved at each node from the parent's
basis with HiGHS's dual simplex through ``highspy``, with reduced-cost
fixing; a node whose rows are half covered is searched afresh as a smaller
chart), up to ``max_models``; :func:`iter_models` streams them without a
cap.

References
----------
Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*.
University of Chicago Press. https://doi.org/10.7208/chicago/9780226702797.001.0001

Dusa, A. (2018). Consistency cubes: a fast, efficient method for exact Boolean
minimization. *The R Journal*, 10(2), 357-370. https://doi.org/10.32614/RJ-2018-080

Dusa, A. (2019). *QCA with R: A Comprehensive Resource*. Springer.
https://doi.org/10.1007/978-3-319-75668-4

Schneider, C. Q., & Wagemann, C. (2012). *Set-Theoretic Methods for the Social
Sciences*. Cambridge University Press. https://doi.org/10.1017/CBO9781139004244
"""

from __future__ import annotations

import itertools
import math
import os
import re
import sys
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "calibrate",
    "necessity",
    "sufficiency",
    "truth_table",
    "TruthTable",
    "diversity",
    "minimize",
    "iter_models",
    "QCASolution",
    "models_table",
    "membership",
    "mechanism_conditions",
    "reported_results_outcome",
    "mechanism_qca_data",
]

_TOL = 1e-10


# --------------------------------------------------------------------------
# calibration
# --------------------------------------------------------------------------
def _as_float_array(x, name="x"):
    arr = np.asarray(x, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if np.isnan(arr).any():
        bad = np.flatnonzero(np.isnan(arr))[:5].tolist()
        raise ValueError(f"{name} has missing values at positions {bad}")
    return arr


def calibrate(x, thresholds, kind="logistic", idm=0.95, below=1.0, above=1.0):
    """Calibrate raw values into set membership scores.

    Parameters
    ----------
    x : array-like of float
        Raw values (one per case).
    thresholds : sequence of float
        ``kind="crisp"``: one or more cut points; the result counts how many
        cut points are ``<= x`` (0/1 crisp set, or 0, 1, 2, ... multi-value).
        ``kind="logistic"`` or ``"linear"``: three anchors ``(e, c, i)``
        (full exclusion, crossover, full inclusion); ``e > i`` gives a
        decreasing set. ``kind="bell"``: six anchors
        ``(e1, c1, i1, i2, c2, e2)`` (membership rises then falls; reversed
        anchors give the inverted bell). ``kind="indirect"``: the raw
        thresholds that split x into ``len(thresholds)+1`` ordered groups
        coded 0, 1/m, ..., 1 and smoothed by a fractional-polynomial
        quasi-binomial regression (Ragin 2008, ch. 5; R QCA ``method="indirect"``).
    kind : {"logistic", "linear", "bell", "crisp", "indirect"}
        Calibration function. ``"logistic"`` is Ragin's direct method with
        separate slopes below and above the crossover.
    idm : float
        Inclusion degree of membership given to the inclusion anchor in the
        logistic function (0.5 < idm < 1; 0.95 as in Ragin 2008).
    below, above : float
        Exponents of the linear (s-shaped) pieces below / above the crossover
        (1 = linear).

    Returns
    -------
    numpy.ndarray
        Membership scores (fuzzy kinds: values below 1e-4 are set to 0 and
        above 0.9999 to 1, as R QCA does) or integer crisp codes.

    Examples
    --------
    >>> calibrate([2500, 5000, 20000], [2500, 5000, 20000]).round(4)
    array([0.05, 0.5 , 0.95])
    >>> calibrate([2500, 5000, 20000], [2500, 5000, 20000], kind="linear")
    array([0. , 0.5, 1. ])
    >>> calibrate([1, 5, 9], [4, 8], kind="crisp")
    array([0, 1, 2])

    References
    ----------
    Ragin, C. C. (2008). *Redesigning Social Inquiry*, ch. 5.
    https://doi.org/10.7208/chicago/9780226702797.001.0001
    """
    x = _as_float_array(x)
    th = np.asarray(thresholds, dtype=float).ravel()
    if th.size == 0 or np.isnan(th).any():
        raise ValueError("thresholds must be a non-empty sequence of numbers")
    if kind == "crisp":
        th = np.sort(th)
        if (th < x.min()).any() or (th > x.max()).any():
            raise ValueError(f"crisp thresholds {th.tolist()} outside the range of x [{x.min()}, {x.max()}]")
        return np.searchsorted(th, x, side="right").astype(int)
    if kind == "indirect":
        return _calibrate_indirect(x, th)
    if kind in ("logistic", "linear") and th.size == 6:
        raise ValueError("six anchors describe a bell-shaped set: use kind='bell'")
    if kind in ("logistic", "linear") and th.size != 3:
        raise ValueError(f"kind={kind!r} needs three anchors (exclusion, crossover, inclusion), got {th.size}")
    if kind == "bell" and th.size != 6:
        raise ValueError(f"kind='bell' needs six anchors (e1, c1, i1, i2, c2, e2), got {th.size}")
    if not 0.5 < idm < 1:
        raise ValueError(f"idm must be strictly between 0.5 and 1, got {idm}")
    if below <= 0 or above <= 0:
        raise ValueError("below and above must be positive")
    if kind == "logistic":
        e, c, i = th
        decreasing = e > i
        if decreasing:
            e, i = i, e
        if not (e < c < i):
            raise ValueError(f"the crossover {c} must lie strictly between the exclusion and inclusion anchors")
        logodds = math.log(idm / (1 - idm))
        # separate slopes below and above the crossover (R QCA, Ragin 2008)
        fs = 1.0 / (1.0 + np.exp(-(x - c) * logodds / np.where(x < c, c - e, i - c)))
        if decreasing:
            fs = 1.0 - fs
    elif kind == "linear":
        fs = _linear3(x, *th, below=below, above=above)
    elif kind == "bell":
        fs = _bell6(x, th, below=below, above=above)
    else:
        raise ValueError(f"unknown calibration kind {kind!r}; use logistic, linear, bell, crisp or indirect")
    fs = np.where(fs < 1e-4, 0.0, fs)
    fs = np.where(fs > 0.9999, 1.0, fs)
    return fs


def _le(a, b):
    return (a < b) | np.isclose(a, b, rtol=0, atol=1.5e-8 * max(1.0, abs(b)))


def _linear3(x, e, c, i, below=1.0, above=1.0):
    if len({e, c, i}) < 3:
        raise ValueError("linear calibration anchors must be distinct")
    out = np.empty_like(x)
    increasing = not (i < c < e)
    if increasing and not (e < c < i):
        raise ValueError(f"anchors ({e}, {c}, {i}) are not monotone")
    for k, v in enumerate(x):
        if increasing:
            if _le(v, e):
                out[k] = 0.0
            elif _le(v, c):
                out[k] = (((e - v) / (e - c)) ** below) / 2
            elif _le(v, i):
                out[k] = 1 - (((i - v) / (i - c)) ** above) / 2
            else:
                out[k] = 1.0
        else:
            if _le(v, i):
                out[k] = 1.0
            elif _le(v, c):
                out[k] = 1 - (((i - v) / (i - c)) ** above) / 2
            elif _le(v, e):
                out[k] = (((e - v) / (e - c)) ** below) / 2
            else:
                out[k] = 0.0
    return out


def _bell6(x, th, below=1.0, above=1.0):
    e1, c1, i1, i2, c2, e2 = th
    if not (min(e1, i1) <= c1 <= max(e1, i1)) or not (min(e2, i2) <= c2 <= max(e2, i2)):
        raise ValueError("each crossover must lie between its exclusion and inclusion anchors")
    increasing = not (i1 < c1 < e1 <= e2 < c2 < i2)
    if len({e1, c1, i1}) < 3 or len({i2, c2, e2}) < 3 or c1 == c2 or (increasing and e1 == e2) or (not increasing and i1 == i2):
        raise ValueError("some bell anchors are equal that should not be equal")
    out = np.empty_like(x)
    for k, v in enumerate(x):
        if increasing:
            if _le(v, e1):
                f = 0.0
            elif _le(v, c1):
                f = (((e1 - v) / (e1 - c1)) ** below) / 2
            elif v < i1:
                f = 1 - (((i1 - v) / (i1 - c1)) ** above) / 2
            elif _le(v, i2):
                f = 1.0
            elif _le(v, c2):
                f = 1 - (((i2 - v) / (i2 - c2)) ** above) / 2
            elif _le(v, e2):
                f = (((e2 - v) / (e2 - c2)) ** below) / 2
            else:
                f = 0.0
        else:
            if _le(v, i1):
                f = 1.0
            elif _le(v, c1):
                f = 1 - (((i1 - v) / (i1 - c1)) ** above) / 2
            elif v < e1:
                f = (((e1 - v) / (e1 - c1)) ** below) / 2
            elif _le(v, e2):
                f = 0.0
            elif _le(v, c2):
                f = (((e2 - v) / (e2 - c2)) ** below) / 2
            elif _le(v, i2):
                f = 1 - (((i2 - v) / (i2 - c2)) ** above) / 2
            else:
                f = 1.0
        out[k] = f
    return out


def _calibrate_indirect(x, th):
    import statsmodels.api as sm

    th = np.sort(th)
    values = np.round(np.linspace(0, 1, th.size + 1), 3)
    y = np.zeros_like(x)
    for k, t in enumerate(th):
        y[x > t] = values[k + 1]
    xx = np.where(x == 0, 1e-5, x)
    if (xx <= 0).any():
        raise ValueError("indirect calibration needs positive x (log term of the fractional polynomial)")
    design = np.column_stack([np.ones_like(xx), np.log(xx), np.sqrt(xx), xx, xx**2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y, design, family=sm.families.Binomial()).fit()
    fs = np.round(fit.predict(design), 6)
    fs = np.where(fs < 1e-4, 0.0, fs)
    fs = np.where(fs > 0.9999, 1.0, fs)
    return fs


# --------------------------------------------------------------------------
# Boolean expressions (R notation)
# --------------------------------------------------------------------------
_LIT_RE = re.compile(r"^(~?)\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*(?:\[\s*([0-9,\s]+)\s*\])?$")


def _parse_sop(expr, names):
    """Parse ``A*~B + C[2]`` into a list of terms, each a dict name -> (negated, levels)."""
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError(f"empty or non-string expression: {expr!r}")
    terms = []
    for raw in expr.split("+"):
        raw = raw.strip()
        if not raw:
            raise ValueError(f"empty term in expression {expr!r}")
        term = {}
        for lit in raw.split("*"):
            lit = lit.strip()
            m = _LIT_RE.match(lit)
            if not m:
                raise ValueError(f"cannot parse literal {lit!r} in expression {expr!r}")
            neg, name, lev = m.groups()
            if name not in names:
                raise ValueError(f"unknown condition {name!r} in expression {expr!r}; known: {list(names)}")
            levels = None if lev is None else tuple(int(v) for v in lev.split(",") if v.strip())
            if name in term:
                raise ValueError(f"condition {name!r} appears twice in term {raw!r}")
            term[name] = (bool(neg), levels)
        terms.append(term)
    return terms


def _literal_membership(values, fuzzy, negated, levels):
    values = np.asarray(values, dtype=float)
    if levels is None:
        if fuzzy:
            m = values
        else:
            if np.nanmax(values) > 1:
                raise ValueError("multi-value condition needs an explicit level, e.g. X[2]")
            m = (values == 1).astype(float)
    else:
        if fuzzy:
            if set(levels) - {0, 1}:
                raise ValueError(f"fuzzy condition has levels 0/1 only, got {levels}")
            m = values if levels == (1,) else (1 - values if levels == (0,) else np.ones_like(values))
        else:
            m = np.isin(values, levels).astype(float)
    return 1 - m if negated else m


def _sop_membership(data, expr, fuzzy_map=None):
    """Membership of each row of ``data`` in an SOP expression -> (n_rows, n_terms) array and total."""
    names = list(data.columns)
    terms = _parse_sop(expr, names)
    cols = []
    for term in terms:
        m = np.ones(len(data))
        for name, (neg, lev) in term.items():
            fz = _is_fuzzy(data[name]) if fuzzy_map is None else fuzzy_map[name]
            m = np.minimum(m, _literal_membership(data[name].to_numpy(dtype=float), fz, neg, lev))
        cols.append(m)
    mat = np.column_stack(cols)
    return mat, mat.max(axis=1)


def membership(data, expression):
    """Membership of each case in a sum-of-products expression (R notation).

    Parameters
    ----------
    data : DataFrame
        Calibrated conditions, one row per case.
    expression : str
        E.g. ``"A*~B + C"`` or ``"X[2]*Y[0]"``: ``*`` and (minimum), ``+`` or
        (maximum), ``~`` not (1 − x).

    Returns
    -------
    pandas.Series
        Membership per case (same index as ``data``).

    Examples
    --------
    >>> d = pd.DataFrame({"A": [0.2, 0.9], "B": [0.7, 0.4]})
    >>> membership(d, "A*~B + ~A*B").tolist()
    [0.7, 0.6]
    """
    _, total = _sop_membership(data, expression)
    return pd.Series(total, index=data.index, name=expression)


def _is_fuzzy(col):
    v = np.asarray(col, dtype=float)
    return bool(((v != np.round(v)) & ~np.isnan(v)).any())


# --------------------------------------------------------------------------
# parameters of fit
# --------------------------------------------------------------------------
def _suff_fit(X, y):
    """inclS, PRI, covS per column of X (n_cases, n_sets) for outcome y."""
    X = np.atleast_2d(X.T).T if X.ndim == 1 else X
    y = y[:, None]
    mxy = np.minimum(X, y)
    sx = X.sum(axis=0)
    smin = mxy.sum(axis=0)
    sneg = np.minimum(mxy, 1 - y).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        incl = smin / sx
        pri = (smin - sneg) / (sx - sneg)
        cov = smin / y.sum()
    return incl, pri, cov, mxy


def _unique_coverage(mxy, ysum):
    """covU per term, as R QCA: covS - sum(min(term∩Y, max of the other terms∩Y)) / sum(Y)."""
    k = mxy.shape[1]
    out = np.empty(k)
    for c in range(k):
        if k == 1:
            out[c] = np.nan
            continue
        others = np.delete(mxy, c, axis=1).max(axis=1)
        out[c] = (mxy[:, c].sum() - np.minimum(mxy[:, c], others).sum()) / ysum
    return out


def _outcome_vector(data, outcome):
    name = outcome.strip()
    neg = name.startswith("~")
    name = name.lstrip("~").strip()
    if name not in data.columns:
        raise ValueError(f"outcome column {name!r} not in data columns {list(data.columns)}")
    y = data[name].to_numpy(dtype=float)
    if np.isnan(y).any():
        raise ValueError(f"outcome {name!r} has missing values at rows {list(data.index[np.isnan(y)][:5])}")
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"outcome {name!r} must be a crisp (0/1) or fuzzy [0, 1] set")
    return name, neg, (1 - y if neg else y)


def _check_conditions(data, conditions, outcome_name):
    if conditions is None:
        conditions = [c for c in data.columns if c != outcome_name]
    conditions = list(conditions)
    missing = [c for c in conditions if c not in data.columns]
    if missing:
        raise ValueError(f"conditions {missing} not in data columns {list(data.columns)}")
    if not conditions:
        raise ValueError("at least one condition is needed")
    for c in conditions:
        v = data[c].to_numpy(dtype=float)
        if np.isnan(v).any():
            raise ValueError(f"condition {c!r} has missing values at rows {list(data.index[np.isnan(v)][:5])}")
        if _is_fuzzy(v):
            if ((v < 0) | (v > 1)).any():
                raise ValueError(f"fuzzy condition {c!r} has values outside [0, 1]")
        elif (v < 0).any():
            raise ValueError(f"crisp condition {c!r} has negative codes")
    return conditions


def necessity(data, outcome, conditions=None, expressions=None):
    """Parameters of fit for necessity: inclN, RoN, covN.

    Parameters
    ----------
    data : DataFrame
        Calibrated conditions and outcome (one row per case).
    outcome : str
        Outcome column; ``"~Y"`` negates it.
    conditions : list of str, optional
        Single conditions to test, each with its negation (default: all
        columns except the outcome).
    expressions : list of str, optional
        Extra conjunctions/disjunctions in R notation, e.g. ``"DEV + URB"``.

    Returns
    -------
    DataFrame
        One row per term: ``term, inclN, RoN, covN``.

    Notes
    -----
    inclN = Σmin(X,Y)/ΣY, covN = Σmin(X,Y)/ΣX and relevance of necessity
    RoN = Σ(1−X)/Σ(1−min(X,Y)) (Schneider & Wagemann 2012, p. 236).

    Examples
    --------
    >>> d = pd.DataFrame({"A": [1, 1, 0, 1], "Y": [1, 1, 0, 0]})
    >>> necessity(d, "Y")
      term  inclN   RoN      covN
    0    A    1.0  0.50  0.666667
    1   ~A    0.0  0.75  0.000000
    """
    _, _, y = _outcome_vector(data, outcome)
    name = outcome.lstrip("~").strip()
    conditions = _check_conditions(data, conditions, name)
    labels, cols = [], []
    for neg in (False, True):
        for c in conditions:
            v = data[c].to_numpy(dtype=float)
            if not _is_fuzzy(v) and v.max() > 1:
                for lev in np.unique(v).astype(int):
                    labels.append(f"{'~' if neg else ''}{c}[{lev}]")
                    cols.append(_literal_membership(v, False, neg, (lev,)))
            else:
                labels.append(("~" if neg else "") + c)
                cols.append(_literal_membership(v, _is_fuzzy(v), neg, None))
    for ex in expressions or []:
        _, tot = _sop_membership(data, ex)
        labels.append(ex)
        cols.append(tot)
    X = np.column_stack(cols)
    mxy = np.minimum(X, y[:, None])
    with np.errstate(invalid="ignore", divide="ignore"):
        incl = mxy.sum(0) / y.sum()
        ron = (1 - X).sum(0) / (1 - mxy).sum(0)
        cov = mxy.sum(0) / X.sum(0)
    return pd.DataFrame({"term": labels, "inclN": incl, "RoN": ron, "covN": cov})


def sufficiency(data, outcome, expressions):
    """Parameters of fit for sufficiency of SOP expressions: inclS, PRI, covS.

    Examples
    --------
    >>> d = pd.DataFrame({"A": [1, 1, 0, 1], "Y": [1, 1, 0, 0]})
    >>> sufficiency(d, "Y", ["A", "~A"]).round(3)
      term  inclS  PRI  covS
    0    A  0.667  0.667   1.0
    1   ~A  0.000  0.000   0.0
    """
    _, _, y = _outcome_vector(data, outcome)
    if isinstance(expressions, str):
        expressions = [expressions]
    cols = [_sop_membership(data, ex)[1] for ex in expressions]
    incl, pri, cov, _ = _suff_fit(np.column_stack(cols), y)
    return pd.DataFrame({"term": list(expressions), "inclS": incl, "PRI": pri, "covS": cov})


# --------------------------------------------------------------------------
# truth table
# --------------------------------------------------------------------------
@dataclass
class TruthTable:
    """A QCA truth table (see :func:`truth_table`).

    Attributes
    ----------
    table : DataFrame
        One row per observed configuration (index = R's row number, i.e. 1 +
        the mixed-radix code of the configuration, first condition most
        significant), with the conditions, ``OUT`` ("1", "0", "C" or "?"),
        ``n``, ``incl``, ``PRI`` and ``cases`` (comma-separated labels).
    """

    table: pd.DataFrame
    conditions: list
    outcome: str
    noflevels: list
    fuzzy: dict
    data: pd.DataFrame
    y: np.ndarray
    incl_cut: tuple
    n_cut: int
    pri_cut: float
    excluded_cases: list = field(default_factory=list)

    def __repr__(self):  # pragma: no cover - display only
        return f"TruthTable(outcome={self.outcome!r}, conditions={self.conditions})\n{self.table}"

    def _repr_html_(self):  # pragma: no cover - display only
        return self.table._repr_html_()

    def complete(self):
        """The table with all remainder rows (``OUT="?"``) added, as R's ``complete=TRUE``.

        Refused (ValueError) beyond 2**16 configurations.
        """
        total = int(np.prod(self.noflevels))
        if total > 65536:
            raise ValueError(f"{total} configurations: too many to list; use .table (observed rows)")
        allrows = np.array(list(itertools.product(*[range(L) for L in self.noflevels])), dtype=int)
        full = pd.DataFrame(allrows, columns=self.conditions, index=pd.RangeIndex(1, total + 1, name="row"))
        full["OUT"] = "?"
        full["n"] = 0
        full["incl"] = np.nan
        full["PRI"] = np.nan
        full["cases"] = ""
        full.loc[self.table.index, self.table.columns] = self.table
        return full

    def to_frame(self, complete: bool = False) -> pd.DataFrame:
        """The truth table as a DataFrame, at full precision.

        Parameters
        ----------
        complete : bool
            Also list the remainder rows (as :meth:`complete`).

        Returns
        -------
        DataFrame
            Index ``row`` (R's row number); the conditions, ``OUT``, ``n``,
            ``incl``, ``PRI``, ``cases``.

        Examples
        --------
        >>> d = pd.DataFrame({"A": [1, 0, 0, 0], "B": [0, 1, 0, 0], "Y": [1, 1, 0, 1]}, index=list("abcd"))
        >>> tt = truth_table(d, "Y")
        >>> tt.to_frame()
             A  B OUT  n  incl  PRI cases
        row
        1    0  0   0  2   0.5  0.5   c,d
        2    0  1   1  1   1.0  1.0     b
        3    1  0   1  1   1.0  1.0     a
        >>> tt.to_frame(complete=True)["OUT"].tolist()
        ['0', '1', '1', '?']
        """
        return self.complete() if complete else self.table.copy()

    def summary(self):
        """The truth table with its settings and the limits of the evidence, as R QCA prints it.

        Returns
        -------
        Summary
            ``print()`` it for text, or let Jupyter show it as HTML. Header:
            outcome, conditions and their kind of set, the cut-offs, how many
            cases fall in how many of the possible configurations, the rows by
            output value and the contradictory rows (:func:`diversity`);
            table: the observed rows (incl and PRI rounded for display only;
            full precision in :meth:`to_frame`); notes: R's legend, limited
            diversity, contradictions, cases in no row.

        Examples
        --------
        >>> d = pd.DataFrame({"A": [1, 0, 0, 0], "B": [0, 1, 0, 0], "Y": [1, 1, 0, 1]}, index=list("abcd"))
        >>> print(truth_table(d, "Y").summary())
                               Truth table: Y
        ============================================================
        Outcome:            Y
        Conditions:         2 (A, B)
        Sets:               2 crisp
        Cut-offs:           incl.cut = 1, n.cut = 1, pri.cut = 0
        Cases:              4 in 3 configurations
        Configurations:     3 of 4 observed (1 remainder)
        Rows by OUT:        2 positive (1), 1 negative (0)
        Contradictory rows: 1 (row 1)
        ============================================================
        Observed configurations
        row  A  B  OUT  n   incl    PRI  cases
        ------------------------------------------------------------
          1  0  0  0    2  0.500  0.500  c,d
          2  0  1  1    1  1.000  1.000  b
          3  1  0  1    1  1.000  1.000  a
        ============================================================
        [1] OUT: output value; n: number of cases in the
            configuration; incl: sufficiency inclusion score; PRI:
            proportional reduction in inconsistency.
        [2] Limited diversity: 1 of 4 possible configurations have
            no case (remainders); a parsimonious or intermediate
            solution makes assumptions about them.
        [3] Contradictions: in row(s) 1 (c,d) some cases show the
            outcome and others do not.
        """
        from ._summary import Summary

        div = diversity(self).iloc[0]
        kinds = ["fuzzy" if self.fuzzy[c] else "multi-value" if L > 2 else "crisp"
                 for c, L in zip(self.conditions, self.noflevels)]
        s = Summary(f"Truth table: {self.outcome}")
        s.add_header("Outcome", self.outcome)
        s.add_header("Conditions", f"{len(self.conditions)} ({', '.join(self.conditions)})")
        s.add_header("Sets", ", ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds)))
        cuts = "incl.cut = " + " / ".join(f"{v:g}" for v in dict.fromkeys(self.incl_cut))
        s.add_header("Cut-offs", f"{cuts}, n.cut = {self.n_cut}, pri.cut = {self.pri_cut:g}")
        s.add_header("Cases", f"{int(div['n_cases'])} in {int(div['n_observed'])} configurations"
                     + (f" ({len(self.excluded_cases)} in no row)" if self.excluded_cases else ""))
        rem = int(div["n_remainders"])
        s.add_header("Configurations", f"{int(div['n_observed'])} of {int(div['n_possible'])} observed "
                     f"({rem} remainder{'' if rem == 1 else 's'})")
        out = self.table["OUT"].value_counts()
        names = {"1": "positive", "0": "negative", "C": "contradiction", "?": "below n.cut"}
        s.add_header("Rows by OUT", ", ".join(f"{out.get(k, 0)} {names[k]} ({k})" for k in names if k in out
                                              or k in "10"))
        rows = [r for r in str(div["contradictory_rows"] or "").split(",") if r]
        s.add_header("Contradictory rows", f"{len(rows)} (row {', '.join(rows)})" if rows else "none")
        s.add_table(self.table, "Observed configurations", decimals={"incl": 3, "PRI": 3})
        s.add_note("OUT: output value; n: number of cases in the configuration; incl: sufficiency "
                   "inclusion score; PRI: proportional reduction in inconsistency.")
        if div["n_remainders"]:
            s.add_note(f"Limited diversity: {int(div['n_remainders'])} of {int(div['n_possible'])} possible "
                       "configurations have no case (remainders); a parsimonious or intermediate solution "
                       "makes assumptions about them.")
        if div["n_contradictions"]:
            rows = [int(r) for r in str(div["contradictory_rows"]).split(",")]
            s.add_note("Contradictions: in row(s) " + "; ".join(
                f"{r} ({self.table.at[r, 'cases']})" for r in rows) + " some cases show the outcome and "
                "others do not.")
        if "?" in set(self.table["OUT"]):
            s.add_note(f"Rows with fewer than n.cut = {self.n_cut} cases are coded '?' and treated as "
                       "remainders.")
        if self.excluded_cases:
            s.add_note(f"Cases with membership exactly 0.5 in a condition belong to no row: "
                       f"{', '.join(self.excluded_cases)}.")
        return s


def _mbase(noflevels):
    nl = list(noflevels)
    base = [1] * len(nl)
    for j in range(len(nl) - 2, -1, -1):
        base[j] = base[j + 1] * nl[j + 1]
    return np.array(base, dtype=np.int64)


def _config_codes(X, fz, noflevels):
    """Integer code of each case's configuration (fuzzy: membership > 0.5; crisp/multi-value: the value)."""
    config = np.where(fz[None, :], (X > 0.5).astype(int), np.round(X).astype(int))
    return config @ _mbase(noflevels)


def truth_table(data, outcome, conditions=None, incl_cut=1, n_cut=1, pri_cut=0):
    """Build a truth table for sufficiency analysis.

    Parameters
    ----------
    data : DataFrame
        Calibrated data, one row per case (the index gives the case labels).
        Conditions are crisp (0/1), multi-value (0, 1, 2, ...) or fuzzy [0, 1].
    outcome : str
        Outcome column; ``"~Y"`` analyses the negated outcome.
    conditions : list of str, optional
        Default: every column except the outcome.
    incl_cut : float or (float, float)
        Inclusion cut-off(s): a row with incl >= ``incl_cut[0]`` gets OUT
        "1"; with two cut-offs, rows with ``incl_cut[1] <= incl < incl_cut[0]``
        get "C" (contradiction), rows below get "0".
    n_cut : int
        Rows with fewer than ``n_cut`` cases are treated as remainders ("?").
    pri_cut : float
        Rows with PRI below this are coded "0" even when consistent.

    Returns
    -------
    TruthTable
        ``.table`` has one row per observed configuration.

    Notes
    -----
    A case belongs to the row where its membership is above 0.5; a case with
    membership exactly 0.5 in some condition belongs to no row (a warning
    names it). incl = Σmin(X,Y)/ΣX, PRI = (Σmin(X,Y) − Σmin(X,Y,~Y)) /
    (ΣX − Σmin(X,Y,~Y)), over all cases.

    Examples
    --------
    >>> d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 1], "Y": [1, 1, 0, 1]},
    ...                  index=["a", "b", "c", "d"])
    >>> print(truth_table(d, "Y", incl_cut=(1, 0.5)).table.to_string())
         A  B OUT  n  incl  PRI cases
    row
    2    0  1   C  2   0.5  0.5   c,d
    3    1  0   1  1   1.0  1.0     b
    4    1  1   1  1   1.0  1.0     a
    """
    if not isinstance(outcome, str):
        raise TypeError(f"truth_table: outcome must be a column name (str), got {type(outcome).__name__} {outcome!r}")
    if not isinstance(data, pd.DataFrame):
        raise ValueError("data must be a pandas DataFrame (one row per case)")
    oname, neg, y = _outcome_vector(data, outcome)
    conditions = _check_conditions(data, conditions, oname)
    ic = (float(incl_cut), float(incl_cut)) if np.isscalar(incl_cut) else tuple(float(v) for v in incl_cut)
    if len(ic) == 1:
        ic = (ic[0], ic[0])
    if len(ic) != 2 or ic[1] > ic[0] or not all(0 <= v <= 1 for v in ic):
        raise ValueError(f"incl_cut must be one or two numbers in [0, 1] with the second <= the first, got {incl_cut}")
    if int(n_cut) < 1:
        raise ValueError("n_cut must be at least 1")
    X = data[conditions].to_numpy(dtype=float)
    fuzzy = {c: _is_fuzzy(X[:, j]) for j, c in enumerate(conditions)}
    noflevels = [2 if fuzzy[c] else max(2, int(X[:, j].max()) + 1) for j, c in enumerate(conditions)]
    labels = [str(i) for i in data.index]
    fz = np.array([fuzzy[c] for c in conditions])
    half = np.isclose(X, 0.5) & fz[None, :]
    excluded = half.any(axis=1)
    if excluded.any():
        bad = [labels[i] for i in np.flatnonzero(excluded)]
        warnings.warn(
            f"cases {bad} have membership exactly 0.5 in a condition and belong to no truth-table row",
            UserWarning,
            stacklevel=2,
        )
    base = _mbase(noflevels)
    code = _config_codes(X, fz, noflevels)
    obs_codes = np.unique(code[~excluded])
    rows = []
    for cd in obs_codes:
        vals = (cd // base) % np.array(noflevels)
        m = np.ones(len(data))
        for j in range(len(conditions)):
            if fz[j]:
                m = np.minimum(m, X[:, j] if vals[j] == 1 else 1 - X[:, j])
            else:
                m = np.minimum(m, (X[:, j] == vals[j]).astype(float))
        incl, pri, _, _ = _suff_fit(m[:, None], y)
        members = np.flatnonzero((code == cd) & ~excluded)
        n = len(members)
        inc, pr = float(incl[0]), float(pri[0])
        if n < n_cut:
            out = "?"
        elif inc >= ic[0] - _TOL and pr >= pri_cut - _TOL:
            out = "1"
        elif inc < ic[0] - _TOL and inc >= ic[1] - _TOL:
            out = "C"
        else:
            out = "0"
        rows.append([*vals.tolist(), out, n, inc, pr, ",".join(labels[i] for i in members)])
    table = pd.DataFrame(rows, columns=[*conditions, "OUT", "n", "incl", "PRI", "cases"])
    table.index = pd.Index((obs_codes + 1).astype(int), name="row")
    return TruthTable(
        table=table,
        conditions=conditions,
        outcome=outcome,
        noflevels=noflevels,
        fuzzy=fuzzy,
        data=data,
        y=y,
        incl_cut=ic,
        n_cut=int(n_cut),
        pri_cut=float(pri_cut),
        excluded_cases=[labels[i] for i in np.flatnonzero(excluded)],
    )


def diversity(tt):
    """How much of the logically possible configuration space the cases cover.

    Parameters
    ----------
    tt : TruthTable

    Returns
    -------
    DataFrame
        One row: ``n_cases`` (cases placed in a truth-table row),
        ``n_conditions``, ``n_possible`` (product of the conditions' numbers of
        levels, 2**k for crisp and fuzzy sets), ``n_observed`` (configurations
        with at least one case), ``n_remainders`` (possible minus observed:
        *limited diversity*), ``n_contradictions`` and ``contradictory_rows``
        (R row numbers, comma-separated) of the observed configurations whose
        cases disagree on the outcome, i.e. some case has outcome membership
        above 0.5 and another below 0.5 (crisp: one 1 and one 0).

    Notes
    -----
    A contradiction here is a property of the cases, whatever ``incl_cut``
    does with it (with one cut-off of 1 such a row is coded "0"; with two
    cut-offs it may be coded "C").

    References
    ----------
    Ragin, C. C. (2008). Redesigning Social Inquiry: Fuzzy Sets and Beyond.
    University of Chicago Press. https://doi.org/10.7208/chicago/9780226702797.001.0001

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> tt = truth_table(mechanism_qca_data(load_chengdu()), "RESULTS", incl_cut=1)
    >>> print(diversity(tt).to_string(index=False))
     n_cases  n_conditions  n_possible  n_observed  n_remainders  n_contradictions contradictory_rows
           7             6          64           5            59                 1                  5
    """
    if not isinstance(tt, TruthTable):
        raise ValueError(f"diversity needs a TruthTable (from truth_table), got {type(tt).__name__}")
    labels = [str(i) for i in tt.data.index]
    y = np.asarray(tt.y, dtype=float)
    X = tt.data[tt.conditions].to_numpy(dtype=float)
    fz = np.array([tt.fuzzy[c] for c in tt.conditions])
    row_of = _config_codes(X, fz, tt.noflevels) + 1
    placed = ~np.isin(labels, tt.excluded_cases)
    contradictory = []
    for row in tt.table.index:
        ym = y[(row_of == row) & placed]
        if (ym > 0.5).any() and (ym < 0.5).any():
            contradictory.append(int(row))
    n_possible = int(np.prod(tt.noflevels))
    return pd.DataFrame([{
        "n_cases": len(labels) - len(tt.excluded_cases),
        "n_conditions": len(tt.conditions),
        "n_possible": n_possible,
        "n_observed": len(tt.table),
        "n_remainders": n_possible - len(tt.table),
        "n_contradictions": len(contradictory),
        "contradictory_rows": ",".join(str(r) for r in contradictory),
    }])


# --------------------------------------------------------------------------
# prime implicants
# --------------------------------------------------------------------------
def _r_sort(pis):
    """Order implicants as R QCA's C routine ``sort_matrix``/``sort_cols`` does.

    ``pis`` is a list of tuples coded 0 = absent, level+1 = present. Per
    column (last to first): stable sort by decreasing value, then stable
    increasing sort of the leading non-zero block (R excludes the last element
    when no zero exists); finally a stable sort by the number of literals.
    """
    order = list(range(len(pis)))
    if not pis:
        return order
    ncol = len(pis[0])
    n = len(order)
    for i in range(ncol - 1, -1, -1):
        order.sort(key=lambda r: -pis[r][i])
        zeroidx = next((z for z, r in enumerate(order) if pis[r][i] == 0), n - 1)
        head = sorted(order[:zeroidx], key=lambda r: pis[r][i])
        order[:zeroidx] = head
    order.sort(key=lambda r: sum(1 for v in pis[r] if v))
    return order


def _prime_implicants(rows, noflevels, neg=None, mode="cubes", stop_rule=True, deadline=None):
    """Prime implicants covering the configurations in ``rows``.

    mode "cubes": implicants = projections of ``rows`` matching no ``neg`` row
    (remainders free); with ``stop_rule`` the level-wise search stops as R's
    CCubes does (two further complexity levels without new implicants once the
    implicants found cover every row). mode "qmc": implicants whose minterms
    all lie in ``rows`` (remainders excluded).

    Returns (list of PI tuples coded 0/level+1, list of row-index arrays covered).
    """
    rows = np.asarray(rows, dtype=np.int64)
    R, k = rows.shape
    nl = np.asarray(noflevels, dtype=np.int64)
    if mode == "cubes":
        neg = np.zeros((0, k), dtype=np.int64) if neg is None else np.asarray(neg, dtype=np.int64)
        if len(neg) == 0:
            raise ValueError("no negative configurations: every condition is minimised away (check the truth table)")
    elif R == int(np.prod(nl)):
        raise ValueError("all configurations are positive: every condition is minimised away (check the truth table)")
    pis, covers = [], []
    # consistency of each projection as a bitset over ``rows`` (Python ints: the
    # prime test below ORs a handful of them per subset, thousands of times)
    prev_cons = {0: 0}
    covered = np.zeros(R, dtype=bool)
    counter = 0
    levels = [int(v) for v in nl]
    for level in range(1, k + 1):
        if deadline is not None and time.perf_counter() > deadline:
            raise TimeoutError("prime implicant search exceeded the time limit")
        cons_level = {}
        foundk = False
        for S in itertools.combinations(range(k), level):
            cols = list(S)
            smask = sum(1 << j for j in S)
            lv = [levels[j] for j in S]
            b = _mbase(lv)
            ncodes = math.prod(lv)  # configurations of the projection
            codes = rows[:, cols] @ b
            if mode == "cubes":
                if ncodes <= 1 << 20:  # a lookup table is several times faster than np.isin here
                    hit = np.zeros(ncodes, dtype=bool)
                    hit[neg[:, cols] @ b] = True
                    cons = ~hit[codes]
                else:
                    cons = ~np.isin(codes, neg[:, cols] @ b)
            else:
                uniq, inv, cnt = np.unique(codes, return_inverse=True, return_counts=True)
                free = int(np.prod(nl)) // ncodes
                cons = (cnt == free)[inv.ravel()]
            ci = int.from_bytes(np.packbits(cons, bitorder="little").tobytes(), "little")
            cons_level[smask] = ci
            if not ci:
                continue
            prime = ci
            if level > 1:
                for j in S:
                    prime &= ~prev_cons.get(smask & ~(1 << j), 0)
            if not prime:
                continue
            for cd in np.unique(codes[_bits(prime)]):
                members = np.flatnonzero((codes == cd) & cons)
                vals = rows[members[0], cols]
                pi = [0] * k
                for j, v in zip(cols, vals):
                    pi[j] = int(v) + 1
                pis.append(tuple(pi))
                covers.append(members)
                covered[members] = True
                foundk = True
        prev_cons = cons_level
        if mode == "cubes" and stop_rule and pis and covered.all():
            counter = 0 if foundk else counter + 1
            if counter > 1:
                break
    return pis, covers


# --------------------------------------------------------------------------
# minimal covers
# --------------------------------------------------------------------------
def _popcount(x):
    return x.bit_count()


def _bits(x):
    """Indices of the set bits of a Python int, ascending."""
    if not x:
        return []
    nbytes = (x.bit_length() + 7) // 8
    arr = np.unpackbits(np.frombuffer(x.to_bytes(nbytes, "little"), dtype=np.uint8), bitorder="little")
    return np.flatnonzero(arr).tolist()


def _row_bitsets(chart):
    """One Python int per chart row, bit p set when PI p covers the row."""
    packed = np.packbits(np.asarray(chart, dtype=bool), axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def _unimplied_rows(cand):
    """Indices of the rows to keep, fewest candidates first: a row whose candidate set
    (bitset of the PIs covering it) contains another kept row's is implied by it (of
    identical rows the first is kept)."""
    kept = []
    for r in sorted(range(len(cand)), key=lambda i: cand[i].bit_count()):
        if not any((cand[q] & cand[r]) == cand[q] for q in kept):
            kept.append(r)
    return kept


def _reduce_chart(cand, npi):
    """Cyclic-core reduction for the *minimum size* only.

    ``cand``: list of row bitsets (PIs covering the row). Applies essential
    PIs and row dominance until stable (column dominance is left to HiGHS's
    presolve, faster than Python). Returns (essential PI indices, reduced row
    bitsets, remaining PI indices).
    """
    rows = list(dict.fromkeys(cand))
    essential = []
    alive = (1 << npi) - 1
    while True:
        changed = False
        single = [r for r in rows if _popcount(r) == 1]
        if single:
            chosen = 0
            for r in single:
                chosen |= r
            essential += _bits(chosen)
            rows = [r for r in rows if not r & chosen]
            alive &= ~chosen
            rows = [r & alive for r in rows]
            changed = True
        rows = list(set(rows))
        kept = [rows[i] for i in _unimplied_rows(rows)]
        if len(kept) != len(rows):
            changed = True
        rows = kept
        if not changed or not rows:
            break
    union = 0
    for r in rows:
        union |= r
    remaining = _bits(union)
    return sorted(set(essential)), rows, remaining


def _min_cover_size(chart, deadline=None):
    """Minimum number of columns (PIs) covering all rows of the boolean chart (rows x PIs).

    Essential PIs and dominance reductions first, then an exact integer
    programme (HiGHS) on the cyclic core. Returns (size, one minimal cover).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    nrow, npi = chart.shape
    if nrow == 0:
        return 0, []
    if not chart.any(axis=1).all():
        raise ValueError("the prime implicant chart cannot be solved: a row is covered by no implicant")
    cand = _row_bitsets(chart)
    essential, rows, remaining = _reduce_chart(cand, npi)
    chosen = list(essential)
    options = {}
    if deadline is not None:
        options["time_limit"] = max(deadline - time.perf_counter(), 0.01)
    if rows:
        nbytes = (npi + 7) // 8
        A = np.array(
            [np.unpackbits(np.frombuffer(r.to_bytes(nbytes, "little"), dtype=np.uint8), bitorder="little")[:npi] for r in rows],
            dtype=bool,
        )[:, remaining]
        # identical columns are interchangeable for the minimum size: keep one of each
        _, first = np.unique(A, axis=1, return_index=True)
        first = np.sort(first)
        remaining = [remaining[j] for j in first]
        A = A[:, first].astype(float)
        res = milp(
            c=np.ones(len(remaining)),
            constraints=LinearConstraint(A, lb=np.ones(len(rows)), ub=np.inf),
            integrality=np.ones(len(remaining)),
            bounds=Bounds(0, 1),
            options=options,
        )
        if not res.success:
            if deadline is not None and time.perf_counter() >= deadline:
                raise TimeoutError("the minimal cover search exceeded the time limit")
            raise ValueError(f"the prime implicant chart cannot be solved: {res.message}")
        chosen += [remaining[j] for j in np.flatnonzero(res.x > 0.5)]
    return len(chosen), sorted(chosen)


def _quiet_highs():
    """A ``highspy.Highs`` with logging off.

    Its constructor writes a banner to file descriptor 1 before any option can
    be set, so descriptor 1 points to the null device while it runs.
    """
    import highspy

    saved = None
    try:
        sys.stdout.flush()
        saved = os.dup(1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no descriptor 1: nothing to silence
        saved = None
    try:
        h = highspy.Highs()
    finally:
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


class _CoverSearch:
    """Every cover of a prime-implicant chart with exactly ``size`` columns (``size`` = the minimum).

    The chart is reduced without losing any minimal cover: a row whose
    candidate set contains another row's is implied by it, a PI covering no
    remaining row cannot be in a minimal cover, and PIs covering the same rows
    are interchangeable (classes, expanded at the end). A class whose rows lie
    strictly inside another class's (dominated) is left out of the search:
    each dominated class gets a canonical maximal dominator, every minimal
    cover maps one-to-one onto a minimal cover of maximal classes by replacing
    each dominated class with its canonical dominator (two classes of a
    minimal cover cannot share one, or a smaller cover would exist), so the
    minimal covers are found by searching the maximal classes only and then
    substituting, for each chosen class, any class it canonically dominates
    that keeps every row covered. The search branches on the uncovered row with the fewest
    candidates (candidate *i* in, candidates before it out), so each cover is
    found exactly once. Every node with three or more columns still to choose
    is bounded by the covering LP, re-solved from the parent's basis with
    HiGHS's dual simplex: a node is pruned when the LP needs more than
    ``size`` columns, and a column whose reduced cost exceeds the gap
    ``size - LP`` is excluded from the subtree (reduced-cost fixing). Before
    each candidate after the first, the LP is solved once more with the
    candidates already tried excluded: it bounds all remaining siblings at
    once, so when it exceeds ``size`` they are pruned together. With two or
    one columns left the remaining choices are enumerated directly.
    """

    def __init__(self, chart, size):
        chart = np.asarray(chart, dtype=bool)
        nrow, npi = chart.shape
        self.size = int(size)
        A = chart[sorted(_unimplied_rows(_row_bitsets(chart) if nrow else []))]
        used = np.flatnonzero(A.any(axis=0))
        if len(used):
            classes, inverse = np.unique(A[:, used], axis=1, return_inverse=True)
        else:
            classes, inverse = np.zeros((len(A), 0), dtype=bool), np.zeros(0, dtype=int)
        self.members = [[] for _ in range(classes.shape[1])]
        for p, c in zip(used, np.ravel(inverse)):
            self.members[int(c)].append(int(p))
        nrow, ncls = classes.shape
        self.class_rows = [int(x) for x in _row_bitsets(classes.T)] if ncls else []
        maximal, canonical = self._dominance(classes)
        self.groups = [[j] for j in maximal]
        position = {j: k for k, j in enumerate(maximal)}
        for j, q in canonical.items():
            self.groups[position[q]].append(j)
        self.A = classes[:, maximal]
        self.nrow, self.ncls = self.A.shape
        self.col_rows = [self.class_rows[j] for j in maximal]
        self.row_cands = _row_bitsets(self.A) if self.nrow and self.ncls else [0] * self.nrow
        self.full = (1 << self.nrow) - 1
        self.nodes = 0
        self.root_branches = None  # [done, total] branches of the root node, for progress
        self.on_root = None  # callback(done, total) after each root branch

    def _dominance(self, classes):
        """Maximal classes (sorted) and, for each dominated class, its smallest maximal dominator."""
        nrow, ncls = classes.shape
        rows = self.class_rows
        if not ncls:
            return [], {}
        cands = _row_bitsets(classes)
        ncand = [c.bit_count() for c in cands]

        def supersets(j):
            r = min(_bits(rows[j]), key=lambda i: ncand[i])  # a superset must cover j's rarest row
            return [q for q in _bits(cands[r]) if q != j and rows[q] | rows[j] == rows[q]]

        sup = {}
        for j in range(ncls):
            found = supersets(j)
            if found:
                sup[j] = found
        maximal = [j for j in range(ncls) if j not in sup]
        is_max = set(maximal)
        canonical = {}
        for j, found in sup.items():
            # a strict-superset chain ends at a maximal class, which is also a superset of j
            canonical[j] = min(q for q in found if q in is_max)
        return maximal, canonical

    def _classes(self, cover):
        """Class covers obtained from a cover of maximal classes by canonical substitution."""
        groups = [self.groups[q] for q in cover]
        if all(len(g) == 1 for g in groups):
            yield tuple(g[0] for g in groups)
            return
        rows, full, s = self.class_rows, self.full, len(cover)
        suffix = [0] * (s + 1)
        for i in range(s - 1, -1, -1):
            suffix[i] = suffix[i + 1] | self.col_rows[cover[i]]

        def rec(i, covered, chosen):
            if i == s:
                yield tuple(chosen)
                return
            for j in groups[i]:
                c = covered | rows[j]
                if c | suffix[i + 1] == full:
                    chosen.append(j)
                    yield from rec(i + 1, c, chosen)
                    chosen.pop()

        yield from rec(0, 0, [])

    # -- LP ---------------------------------------------------------------
    def _lp(self):
        import highspy
        from scipy.sparse import csc_matrix

        h = _quiet_highs()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.ncls, self.nrow
        lp.col_cost_ = np.ones(self.ncls)
        lp.col_lower_ = np.zeros(self.ncls)
        lp.col_upper_ = np.ones(self.ncls)
        lp.row_lower_ = np.ones(self.nrow)
        lp.row_upper_ = np.full(self.nrow, highspy.kHighsInf)
        M = csc_matrix(self.A.astype(float))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = M.indptr
        lp.a_matrix_.index_ = M.indices
        lp.a_matrix_.value_ = M.data
        h.passModel(lp)
        return h, highspy.HighsModelStatus

    def _fewest(self, unc, allowed):
        """Candidate bitset of the uncovered row with the fewest allowed candidates (0 if a row has none)."""
        best, bestc = 0, None
        m = unc
        while m:
            low = m & -m
            c = self.row_cands[low.bit_length() - 1] & allowed
            pc = c.bit_count()
            if pc == 0:
                return 0
            if bestc is None or pc < bestc:
                best, bestc = c, pc
                if pc == 1:
                    break
            m ^= low
        return best

    def bundles(self, deadline=None):
        """Yield ``(chosen, options)``: class covers ``chosen + (o,)`` for every o in options."""
        size = self.size
        if self.nrow == 0:
            if size == 0:
                yield (), None
            return
        if size <= 0:
            return
        full = self.full
        col_rows = self.col_rows
        h, status = self._lp()
        optimal, infeasible = status.kOptimal, status.kInfeasible

        def relax(allowed, fixed):
            """Solve the LP under the current bounds. Returns None when it prunes the
            node, else (allowed, LP values): columns whose reduced cost exceeds the gap
            are fixed to 0 (recorded in ``fixed``, undone by the caller)."""
            self.nodes += 1
            h.run()
            st = h.getModelStatus()
            if st == infeasible:
                return None
            if st != optimal:  # no usable bound: search on unpruned
                return allowed, None
            obj = h.getInfo().objective_function_value
            if obj > size + 1e-6:
                return None
            sol = h.getSolution()
            for j in np.flatnonzero(np.asarray(sol.col_dual) > size - obj + 1e-7).tolist():
                if allowed >> j & 1:
                    allowed &= ~(1 << j)
                    h.changeColBounds(j, 0.0, 0.0)
                    fixed.append(j)
            return allowed, np.asarray(sol.col_value)

        def direct(chosen, covered, allowed, left):
            unc = full & ~covered
            best = self._fewest(unc, allowed)
            if not best:
                return
            if left == 1:
                opts = [j for j in _bits(best) if col_rows[j] & unc == unc]
                if opts:
                    yield tuple(chosen), opts
                return
            excl = 0
            for p in _bits(best):
                rest = unc & ~col_rows[p]
                al = allowed & ~excl & ~(1 << p)
                excl |= 1 << p
                if not rest:  # a smaller cover: impossible when size is the minimum
                    continue
                b2 = self._fewest(rest, al)
                opts = [q for q in _bits(b2) if col_rows[q] & rest == rest]
                if opts:
                    yield tuple(chosen) + (p,), opts

        def rec(chosen, covered, allowed):
            left = size - len(chosen)
            if left <= 2:
                yield from direct(chosen, covered, allowed, left)
                return
            if deadline is not None and time.perf_counter() > deadline:
                raise TimeoutError
            unc = full & ~covered
            if chosen and unc.bit_count() <= self.nrow // 2:
                yield from self._split(chosen, unc, allowed, left, deadline)
                return
            fixed = []
            try:
                bound = relax(allowed, fixed)
                if bound is None:
                    return
                allowed, xval = bound
                branches = _bits(self._fewest(unc, allowed))
                if xval is not None:
                    branches.sort(key=lambda j: -xval[j])
                root = not chosen
                if root:
                    self.root_branches = [0, len(branches)]
                    if self.on_root is not None:
                        self.on_root(0, len(branches))
                for k, p in enumerate(branches):
                    if k:
                        # the candidates tried so far are now excluded: one LP
                        # for the remaining siblings together can prune them all
                        bound = relax(allowed, fixed)
                        if bound is None:
                            if root:  # the remaining root branches are pruned: done
                                self.root_branches[0] = len(branches)
                                if self.on_root is not None:
                                    self.on_root(*self.root_branches)
                            break
                        allowed = bound[0]
                    if allowed >> p & 1:  # else fixed to 0 by its reduced cost
                        allowed &= ~(1 << p)
                        h.changeColBounds(p, 1.0, 1.0)
                        yield from rec(chosen + [p], covered | col_rows[p], allowed)
                        h.changeColBounds(p, 0.0, 0.0)
                        fixed.append(p)
                    if root:
                        self.root_branches[0] += 1
                        if self.on_root is not None:
                            self.on_root(*self.root_branches)
            finally:
                for j in fixed:
                    h.changeColBounds(j, 0.0, 1.0)

        yield from rec([], 0, (1 << self.ncls) - 1)

    def _split(self, chosen, unc, allowed, left, deadline):
        """Search a node's subproblem afresh once half of the rows are covered.

        The subproblem (cover the uncovered rows with ``left`` allowed
        columns; ``left`` is its minimum, or the whole cover would be smaller
        than ``size``) is a chart of its own: restricted to fewer rows, many
        more columns coincide or are dominated, so a new search over its
        maximal classes, with a smaller LP, replaces the branching here.
        """
        rows = _bits(unc)
        cols = [j for j in _bits(allowed) if self.col_rows[j] & unc]
        child = _CoverSearch(self.A[np.ix_(rows, cols)], left)
        base = tuple(chosen)
        for cover in child.covers(deadline):
            picked = tuple(cols[i] for i in cover)
            yield base + picked[:-1], [picked[-1]]
        self.nodes += child.nodes

    def class_covers(self, deadline=None):
        """Yield every minimal cover as a tuple of classes (interchangeable PIs not yet expanded)."""
        for chosen, opts in self.bundles(deadline):
            if opts is None:
                yield ()
                continue
            for j in opts:
                yield from self._classes(chosen + (j,))

    def covers(self, deadline=None):
        """Yield every minimal cover as a sorted tuple of PI indices."""
        members = self.members
        for classes in self.class_covers(deadline):
            for combo in itertools.product(*[members[c] for c in classes]):
                yield tuple(sorted(combo))

    def count(self, deadline=None):
        """Number of minimal covers (PIs), without listing them."""
        mult = [len(m) for m in self.members]
        return sum(math.prod(mult[c] for c in classes) for classes in self.class_covers(deadline))


def _all_min_covers(chart, size, max_models, deadline=None):
    """Every cover of exactly ``size`` PIs (sorted tuples, lexicographic), at most ``max_models``.

    Returns (covers, complete) where complete is False when the cap or the
    deadline stopped the enumeration.
    """
    out = []
    complete = True
    try:
        for cov in _CoverSearch(chart, size).covers(deadline):
            if max_models is not None and len(out) >= max_models:
                complete = False
                break
            out.append(cov)
    except TimeoutError:
        complete = False
    out.sort()
    return out, complete


# --------------------------------------------------------------------------
# minimisation
# --------------------------------------------------------------------------
def _term_string(pi, conditions, mv):
    parts = []
    for name, v in zip(conditions, pi):
        if v == 0:
            continue
        if mv:
            parts.append(f"{name}[{v - 1}]")
        else:
            parts.append(name if v == 2 else "~" + name)
    return "*".join(parts)


def _pi_membership(pi, X, fz):
    m = np.ones(X.shape[0])
    for j, v in enumerate(pi):
        if v == 0:
            continue
        if fz[j]:
            m = np.minimum(m, X[:, j] if v == 2 else 1 - X[:, j])
        else:
            m = np.minimum(m, (X[:, j] == v - 1).astype(float))
    return m


def _expand(pi, noflevels, limit=1 << 20):
    """All configurations (codes) covered by a PI."""
    ranges = [range(L) if v == 0 else (v - 1,) for v, L in zip(pi, noflevels)]
    size = 1
    for r in ranges:
        size *= len(r)
    if size > limit:
        raise ValueError(f"implicant covers {size} configurations: too many to list")
    base = _mbase(noflevels)
    arr = np.array(list(itertools.product(*ranges)), dtype=np.int64).reshape(-1, len(pi))
    return arr @ base


class _LazyDict(Mapping):
    """Read-only mapping whose values are computed on first access (e.g. simplifying assumptions)."""

    def __init__(self, keys, func):
        self._keys = list(keys)
        self._func = func
        self._cache = {}

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._cache:
            self._cache[key] = self._func(key)
        return self._cache[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def __repr__(self):  # pragma: no cover - display only
        return f"<{len(self)} entries, computed on access: {self._keys[:5]}{'...' if len(self) > 5 else ''}>"


@dataclass
class QCASolution:
    """Result of :func:`minimize`.

    Attributes
    ----------
    models : list of str
        Every minimal model in R notation (``A*~B + C``), in R's order.
    model_names : list of str
        ``M1, M2, ...`` (intermediate: ``C1P1_M1, ...``).
    fit : DataFrame
        One row per term of each model and one ``kind="model"`` row per model,
        with inclS, PRI, covS, covU (covU is NaN for the model rows and for
        single-term models).
    primes : list of str
        All prime implicants of the chart, in R's order.
    pi_chart : DataFrame
        Boolean chart, prime implicants × explained truth-table rows.
    simplifying_assumptions : dict of str to DataFrame
        Per model, the remainder rows it uses (parsimonious/intermediate).
    easy_counterfactuals : dict of str to DataFrame
        Intermediate solutions: remainders used as easy counterfactuals.
    complete : bool
        False when ``max_models`` or ``time_limit`` stopped the enumeration of
        equally minimal models; ``message`` then says so.
    essential : list of str
        Prime implicants in every model.
    outcome : str or None
        The outcome, named after ``->`` by :meth:`summary` when set.
    """

    models: list
    model_names: list
    fit: pd.DataFrame
    primes: list
    pi_chart: pd.DataFrame
    solution_type: str
    simplifying_assumptions: dict = field(default_factory=dict)
    easy_counterfactuals: dict = field(default_factory=dict)
    complete: bool = True
    message: str = ""
    essential: list = field(default_factory=list)
    outcome: str | None = None

    def __repr__(self):  # pragma: no cover - display only
        lines = [f"{self.solution_type} solution ({len(self.models)} model{'s' if len(self.models) != 1 else ''})"]
        lines += [f"{n}: {m}" for n, m in zip(self.model_names, self.models)]
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """Parameters of fit of every term and model, at full precision (R QCA's ``pof`` table).

        Returns
        -------
        DataFrame
            A copy of ``fit``: one row per term of each model (``kind="term"``)
            and one per model (``kind="model"``), with ``model``, ``term``,
            ``inclS``, ``PRI``, ``covS`` (raw coverage) and ``covU`` (unique
            coverage within the model; NaN for model rows and single-term
            models).

        Examples
        --------
        >>> d = pd.DataFrame({"A": [1, 0, 0], "B": [0, 1, 0], "Y": [1, 1, 0]}, index=list("abc"))
        >>> minimize(truth_table(d, "Y"), include="?").to_frame()
          model   term   kind  inclS  PRI  covS  covU
        0    M1      A   term    1.0  1.0   0.5   0.5
        1    M1      B   term    1.0  1.0   0.5   0.5
        2    M1  A + B  model    1.0  1.0   1.0   NaN
        """
        return self.fit.copy()

    def summary(self, outcome: str | None = None):
        """The solution as R QCA prints it: ``M1: A*B + ~C -> Y`` lines and the fit of terms and models.

        Parameters
        ----------
        outcome : str, optional
            Outcome named after ``->`` in the model lines (default: the
            ``outcome`` attribute when set, else the lines end with the model).

        Returns
        -------
        Summary
            ``print()`` it for text, or let Jupyter show it as HTML. Header:
            solution type, number of equally minimal models, one line per
            model, the essential prime implicants; tables: inclS, PRI, covS of
            each term with its unique coverage in each model (one column per
            model, as R's ``(M1) (M2)``; one row per model and term beyond six
            models) and the fit of each model with the number of simplifying
            assumptions (SA) and easy counterfactuals (EC) it rests on; notes:
            model ambiguity, an enumeration that stopped early, the
            assumptions about remainders. Full precision in :meth:`to_frame`.

        Examples
        --------
        >>> d = pd.DataFrame({"A": [1, 0, 0], "B": [0, 1, 0], "Y": [1, 1, 0]}, index=list("abc"))
        >>> print(minimize(truth_table(d, "Y"), include="?").summary(outcome="Y"))
                          Parsimonious solution: Y
        ============================================================
        Solution: parsimonious
        Models:   1 equally minimal
        M1:       A + B -> Y
        ============================================================
        Terms
        term  inclS    PRI   covS   covU
        ------------------------------------------------------------
        A     1.000  1.000  0.500  0.500
        B     1.000  1.000  0.500  0.500
        ============================================================
        Models
        model  inclS    PRI   covS  SA
        ------------------------------------------------------------
        M1     1.000  1.000  1.000   1
        ============================================================
        [1] inclS: sufficiency inclusion; PRI: proportional
            reduction in inconsistency; covS: raw coverage; covU:
            unique coverage within the model; SA: simplifying
            assumptions (remainders the model treats as showing the
            outcome).
        [2] The models rest on assumptions about configurations no
            case shows (see .simplifying_assumptions).
        """
        from ._summary import Summary

        outcome = outcome if outcome is not None else self.outcome
        arrow = f" -> {outcome}" if outcome else ""
        n = len(self.models)
        title = f"{self.solution_type.capitalize()} solution" + (f": {outcome}" if outcome else "")
        s = Summary(title, na_rep="")
        s.add_header("Solution", self.solution_type)
        s.add_header("Models", f"{n} equally minimal" if self.complete else
                     f"{n} listed; the enumeration stopped, more may exist")
        for name, expr in zip(self.model_names, self.models):
            s.add_header(name, expr + arrow)
        if n > 1:
            s.add_header("Essential", ", ".join(self.essential) or "none")
        fit = self.fit
        terms = fit[fit["kind"] == "term"]
        fig = {"inclS": 3, "PRI": 3, "covS": 3, "covU": 3}
        if n <= 6:
            first = terms.drop_duplicates("term").set_index("term")[["inclS", "PRI", "covS"]]
            order = [t for t in self.essential if t in first.index] + \
                [t for t in first.index if t not in self.essential]
            table = first.loc[order]
            if n == 1:
                table["covU"] = terms.set_index("term")["covU"].reindex(order)
            else:
                for name in self.model_names:
                    cu = terms[terms["model"] == name].set_index("term")["covU"]
                    table[f"({name})"] = cu.reindex(order)
                    fig[f"({name})"] = 3
            table.index.name = "term"
        else:
            table = terms[["model", "term", "inclS", "PRI", "covS", "covU"]].reset_index(drop=True)
        s.add_table(table, "Terms", index=n <= 6, decimals=fig)
        mt = models_table(self).set_index("model")
        models = mt[["inclS", "PRI", "covS", "n_simplifying_assumptions"]].rename(
            columns={"n_simplifying_assumptions": "SA"})
        if self.solution_type == "intermediate":
            models["EC"] = mt["n_easy_counterfactuals"].astype(int)
        s.add_table(models, "Models", decimals=fig)
        s.add_note("inclS: sufficiency inclusion; PRI: proportional reduction in inconsistency; covS: raw "
                   "coverage; covU: unique coverage within the model; SA: simplifying assumptions "
                   "(remainders the model treats as showing the outcome)"
                   + ("; EC: easy counterfactuals." if self.solution_type == "intermediate" else "."))
        if n > 1:
            s.add_note(f"Model ambiguity: {n} models explain the data equally well; a conclusion should "
                       "hold in all of them (Baumgartner & Thiem 2017).")
        if not self.complete:
            s.add_note(self.message or "The enumeration of equally minimal models stopped early.")
        if mt["n_simplifying_assumptions"].max() > 0 and self.solution_type != "conservative":
            s.add_note("The models rest on assumptions about configurations no case shows "
                       "(see .simplifying_assumptions).")
        return s


class _Chart:
    """Prime implicants with their chart over explained rows and R-ordered models."""

    def __init__(self, pis, chart, explained_codes):
        self.pis = pis
        self.chart = chart  # (n_explained, n_pis) bool
        self.explained_codes = explained_codes


def _pi_chart(rows_for_pis, explained, noflevels, mode, neg=None, deadline=None):
    """PIs (R order) and their chart over the explained rows (rows x PIs, bool)."""
    pis, covers = _prime_implicants(rows_for_pis, noflevels, neg=neg, mode=mode, deadline=deadline)
    base = _mbase(noflevels)
    row_codes = np.asarray(rows_for_pis) @ base
    exp_codes = np.asarray(explained) @ base
    pos_in_rows = {int(c): i for i, c in enumerate(row_codes)}
    exp_idx = np.array([pos_in_rows[int(c)] for c in exp_codes])
    order = _r_sort(pis)
    pis = [pis[i] for i in order]
    covers = [covers[i] for i in order]
    chart = np.zeros((len(exp_codes), len(pis)), dtype=bool)
    where = {int(r): e for e, r in enumerate(exp_idx)}
    for p, cov in enumerate(covers):
        for r in cov:
            e = where.get(int(r))
            if e is not None:
                chart[e, p] = True
    keep = chart.any(axis=0)
    pis = [p for p, k in zip(pis, keep) if k]
    chart = chart[:, keep]
    return pis, chart


def _solve(rows_for_pis, explained, noflevels, mode, neg=None, max_models=1000, first_min=False, deadline=None):
    """PIs (R order) + minimal covers. ``rows_for_pis`` and ``explained`` are (n, k) arrays."""
    pis, chart = _pi_chart(rows_for_pis, explained, noflevels, mode, neg=neg, deadline=deadline)
    size, one = _min_cover_size(chart, deadline=deadline)
    if first_min:
        return pis, chart, [tuple(sorted(one))], True
    covers_found, complete = _all_min_covers(chart, size, max_models, deadline=deadline)
    if not covers_found:
        covers_found, complete = [tuple(sorted(one))], False
    return pis, chart, covers_found, complete


def _parse_dir_exp(dir_exp, conditions, noflevels):
    """Directional expectations -> dict condition -> set of expected levels (None = no expectation)."""
    out = {c: None for c in conditions}
    if dir_exp is None:
        return out
    if isinstance(dir_exp, dict):
        items = dir_exp.items()
    else:
        if isinstance(dir_exp, str):
            dir_exp = [d.strip() for d in dir_exp.split(",") if d.strip()]
        items = []
        for lit in dir_exp:
            m = _LIT_RE.match(lit.strip())
            if not m:
                raise ValueError(f"cannot parse directional expectation {lit!r}")
            neg, name, lev = m.groups()
            if lev is not None:
                items.append((name, tuple(int(v) for v in lev.split(","))))
            else:
                items.append((name, 0 if neg else 1))
    for name, val in items:
        if name not in out:
            raise ValueError(f"directional expectation for unknown condition {name!r}; conditions: {conditions}")
        j = conditions.index(name)
        if val is None or (isinstance(val, str) and val.strip() == "-"):
            out[name] = None
            continue
        levels = set(val) if isinstance(val, (tuple, list, set)) else {int(val)}
        bad = [v for v in levels if not 0 <= v < noflevels[j]]
        if bad:
            raise ValueError(f"directional expectation {name}={sorted(levels)} outside levels 0..{noflevels[j] - 1}")
        out[name] = levels
    return out


def _minimize_inputs(tt, include, caller):
    """Checked ``include`` set, explained (OUT = 1) and negative configurations of a truth table."""
    if not isinstance(tt, TruthTable):
        raise ValueError(f"{caller}() needs a TruthTable from truth_table()")
    if not isinstance(include, str):
        raise TypeError(f"{caller}: include must be '', '?' or '?,C', got {type(include).__name__} {include!r}")
    inc = {s.strip() for s in include.split(",")} if include else set()
    if inc - {"?", "C"}:
        raise ValueError(f"include must be '', '?' or '?,C'; got {include!r}")
    cvals = tt.table[tt.conditions].to_numpy(dtype=np.int64)
    out = tt.table["OUT"].to_numpy()
    explained = cvals[out == "1"]
    if len(explained) == 0:
        raise ValueError("no truth-table row has OUT = 1: nothing to explain (lower incl_cut?)")
    negatives = cvals[(out == "0") | ((out == "C") & ("C" not in inc))]
    return inc, explained, negatives


def minimize(tt, include="", dir_exp=None, max_models=1000, first_min=False, time_limit=None, explain="1"):
    """Boolean minimisation of a truth table (conservative, parsimonious, intermediate).

    Parameters
    ----------
    tt : TruthTable
        From :func:`truth_table`.
    include : str
        ``""`` conservative (complex) solution: remainders are not used.
        ``"?"`` parsimonious solution: remainders may be used as simplifying
        assumptions (``"?,C"`` also treats contradictions as don't cares).
    dir_exp : list of str or dict, optional
        Directional expectations for the intermediate solution (needs
        ``include="?"``): ``["DEV", "~URB"]`` (present / absent),
        ``{"DEV": 1, "URB": "-"}``, or ``"X[1,2]"`` for multi-value.
        Easy counterfactuals are the remainders used by the parsimonious
        model that agree with the expectations, as in R QCA.
    max_models : int
        Cap on the number of equally minimal models listed; when reached,
        ``complete`` is False and ``message`` says so.
    first_min : bool
        Return one minimal model only (fast).
    time_limit : float, optional
        Seconds after which the enumeration of equally minimal models stops
        (``complete=False``).

    Returns
    -------
    QCASolution

    Raises
    ------
    TimeoutError
        When ``time_limit`` runs out before the prime implicants or the
        minimum cover size are known (no minimal model can be given).
    ValueError
        Nothing to explain, bad ``include``/``dir_exp``.

    Examples
    --------
    >>> d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    >>> minimize(truth_table(d, "Y")).models
    ['A']
    """
    inc, explained, negatives = _minimize_inputs(tt, include, "minimize")
    if max_models < 1:
        raise ValueError("max_models must be >= 1")
    if dir_exp is not None and "?" not in inc:
        raise ValueError("directional expectations need include='?' (remainders)")
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    conds = tt.conditions
    nl = tt.noflevels
    mv = any(L > 2 for L in nl)
    X = tt.data[conds].to_numpy(dtype=float)
    fz = [tt.fuzzy[c] for c in conds]
    y = tt.y
    base = _mbase(nl)

    def fit_models(pis, covers, names):
        recs = []
        cache = {}
        for name, cov in zip(names, covers):
            terms = [pis[i] for i in cov]
            for i in cov:
                if i not in cache:
                    cache[i] = _pi_membership(pis[i], X, fz)
            M = np.column_stack([cache[i] for i in cov])
            incl, pri, covs, mxy = _suff_fit(M, y)
            covu = _unique_coverage(mxy, y.sum())
            tstr = [_term_string(p, conds, mv) for p in terms]
            for t, a, b, c, u in zip(tstr, incl, pri, covs, covu):
                recs.append((name, t, "term", a, b, c, u))
            si, sp, sc, _ = _suff_fit(M.max(axis=1)[:, None], y)
            recs.append((name, " + ".join(tstr), "model", si[0], sp[0], sc[0], np.nan))
        return pd.DataFrame(recs, columns=["model", "term", "kind", "inclS", "PRI", "covS", "covU"])

    def chart_frame(pis, chart):
        return pd.DataFrame(
            chart.T,
            index=[_term_string(p, conds, mv) for p in pis],
            columns=(explained @ base + 1).astype(int),
        )

    def sa_frame(pis, cover):
        explained_codes = set((explained @ base).tolist())
        codes = set()
        for i in cover:
            codes.update(int(c) for c in _expand(pis[i], nl))
        codes = sorted(codes - explained_codes)
        arr = (np.array(codes, dtype=np.int64)[:, None] // base[None, :]) % np.array(nl)[None, :] if codes else np.zeros((0, len(conds)), dtype=int)
        return pd.DataFrame(arr, columns=conds, index=pd.Index(np.array(codes, dtype=int) + 1, name="row"))

    def assemble(kind, pis, chart, covers, complete, names=None):
        names = names or [f"M{i + 1}" for i in range(len(covers))]
        models = [" + ".join(_term_string(pis[i], conds, mv) for i in cov) for cov in covers]
        ess = [_term_string(pis[i], conds, mv) for i in sorted(set.intersection(*[set(c) for c in covers]))]
        msg = ""
        if not complete:
            msg = (
                f"enumeration of equally minimal models stopped after {len(covers)} model(s) "
                f"(max_models={max_models}, time_limit={time_limit}); more minimal models may exist: "
                "iter_models() streams every one without a cap"
            )
            if first_min:
                msg = "first_min=True: one minimal model only; others of the same size may exist"
        return QCASolution(
            models=models,
            model_names=names,
            fit=fit_models(pis, covers, names),
            primes=[_term_string(p, conds, mv) for p in pis],
            pi_chart=chart_frame(pis, chart),
            solution_type=kind,
            outcome=tt.outcome,
            complete=complete,
            message=msg,
            essential=ess,
        )

    if "?" not in inc:
        pis, chart, covers, complete = _solve(explained, explained, nl, "qmc", max_models=max_models, first_min=first_min, deadline=deadline)
        return assemble("conservative", pis, chart, covers, complete and not first_min)

    ppis, pchart, pcovers, pcomplete = _solve(
        explained, explained, nl, "cubes", neg=negatives, max_models=max_models, first_min=first_min, deadline=deadline
    )
    if dir_exp is None:
        sol = assemble("parsimonious", ppis, pchart, pcovers, pcomplete and not first_min)
        by_name = dict(zip(sol.model_names, pcovers))
        sol.simplifying_assumptions = _LazyDict(sol.model_names, lambda n: sa_frame(ppis, by_name[n]))
        return sol

    # intermediate solution (R QCA's easy counterfactuals)
    expect = _parse_dir_exp(dir_exp, conds, nl)
    cpis, cchart, ccovers, _ = _solve(explained, explained, nl, "qmc", max_models=max_models, deadline=deadline)
    results = []
    for ci, ccov in enumerate(ccovers, start=1):
        for pi_, pcov in enumerate(pcovers, start=1):
            sa = sa_frame(ppis, pcov)
            sa_vals = sa[conds].to_numpy(dtype=np.int64)
            ec_mask = np.zeros(len(sa), dtype=bool)
            for c_idx in ccov:
                comp = cpis[c_idx]
                for p_idx in pcov:
                    pars = ppis[p_idx]
                    if any(pv and pv != cv for pv, cv in zip(pars, comp)):
                        continue
                    res = list(comp)
                    for j, (cv, pv) in enumerate(zip(comp, pars)):
                        if cv and not pv:
                            lev = expect[conds[j]]
                            if lev is not None and (cv - 1) not in lev:
                                res[j] = 0
                    match = np.ones(len(sa), dtype=bool)
                    for j, v in enumerate(res):
                        if v:
                            match &= sa_vals[:, j] == v - 1
                    ec_mask |= match
            ec = sa[ec_mask]
            allowed = np.unique(np.vstack([explained, ec[conds].to_numpy(dtype=np.int64)]), axis=0)
            ipis, ichart, icovers, icomplete = _solve(allowed, explained, nl, "qmc", max_models=max_models, deadline=deadline)
            names = [f"C{ci}P{pi_}_M{m + 1}" for m in range(len(icovers))]
            results.append((names, ipis, ichart, icovers, icomplete, ec, sa))
    names = [n for r in results for n in r[0]]
    models, fits, ecs = [], [], {}
    complete = True
    primes, chart_frames = [], []
    for nm, ipis, ichart, icovers, icomplete, ec, _sa in results:
        part = assemble("intermediate", ipis, ichart, icovers, icomplete, names=nm)
        models += part.models
        fits.append(part.fit)
        primes += [p for p in part.primes if p not in primes]
        chart_frames.append(part.pi_chart)
        complete &= icomplete
        for n in nm:
            ecs[n] = ec
    sol = QCASolution(
        outcome=tt.outcome,
        models=models,
        model_names=names,
        fit=pd.concat(fits, ignore_index=True),
        primes=primes,
        pi_chart=chart_frames[0] if len(chart_frames) == 1 else pd.concat(chart_frames, keys=[r[0][0].split("_")[0] for r in results]),
        solution_type="intermediate",
        easy_counterfactuals=ecs,
        complete=complete,
    )
    sol.simplifying_assumptions = {n: ec for n, ec in ecs.items()}
    return sol


def models_table(sol):
    """One row per equally minimal model of a solution, with its fit and assumptions.

    Parameters
    ----------
    sol : QCASolution
        From :func:`minimize`.

    Returns
    -------
    DataFrame
        ``solution`` (conservative / parsimonious / intermediate), ``model``
        (name), ``expression``, ``n_terms``, ``inclS``, ``PRI``, ``covS`` (the
        model rows of ``sol.fit``), ``n_simplifying_assumptions`` (remainders
        the model treats as positive; 0 for the conservative solution, which
        uses none) and ``n_easy_counterfactuals`` (intermediate solutions only,
        otherwise NaN). ``len(models_table(sol))`` is the number of equally
        minimal models (model ambiguity).

    References
    ----------
    Baumgartner, M., & Thiem, A. (2017). Model ambiguities in configurational
    comparative research. Sociological Methods & Research, 46(4), 954-987.
    https://doi.org/10.1177/0049124115610351

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> tt = truth_table(mechanism_qca_data(load_chengdu()), "RESULTS", incl_cut=1)
    >>> t = models_table(minimize(tt, include="?"))
    >>> t[["model", "n_terms", "n_simplifying_assumptions"]].values.tolist()[:2]
    [['M1', 2, 45], ['M2', 2, 37]]
    """
    if not isinstance(sol, QCASolution):
        raise ValueError(f"models_table needs a QCASolution (from minimize), got {type(sol).__name__}")
    fit = sol.fit[sol.fit["kind"] == "model"].set_index("model")
    intermediate = sol.solution_type == "intermediate"
    rows = []
    for name, expr in zip(sol.model_names, sol.models):
        sa = sol.simplifying_assumptions.get(name)
        ec = sol.easy_counterfactuals.get(name)
        rows.append({
            "solution": sol.solution_type, "model": name, "expression": expr,
            "n_terms": len(expr.split(" + ")),
            "inclS": float(fit.at[name, "inclS"]), "PRI": float(fit.at[name, "PRI"]),
            "covS": float(fit.at[name, "covS"]),
            "n_simplifying_assumptions": 0 if sa is None else len(sa),
            "n_easy_counterfactuals": (len(ec) if ec is not None else 0) if intermediate else np.nan,
        })
    return pd.DataFrame(rows)


def _model_search(tt, include, caller, deadline=None):
    """PIs (R order) and the search over every minimal cover of their chart, for ``include``."""
    inc, explained, negatives = _minimize_inputs(tt, include, caller)
    if "?" in inc:
        pis, chart = _pi_chart(explained, explained, tt.noflevels, "cubes", neg=negatives, deadline=deadline)
    else:
        pis, chart = _pi_chart(explained, explained, tt.noflevels, "qmc", deadline=deadline)
    size, _ = _min_cover_size(chart, deadline=deadline)
    return pis, _CoverSearch(chart, size)


def iter_models(tt, include="?", time_limit=None, progress=False):
    """Stream every equally minimal model of a truth table, one at a time, without a cap.

    On noisy data with 12 or more conditions the number of equally minimal
    models can run into millions; :func:`minimize` lists at most
    ``max_models`` of them (with fit figures), while this generator produces
    every one of them holding only the current one in memory, e.g. to count
    them or to write them to a file. Models come in the search's order, not in
    R's ``M1, M2, ...`` order.

    Parameters
    ----------
    tt : TruthTable
        From :func:`truth_table`.
    include : str
        ``"?"`` parsimonious (default), ``""`` conservative, ``"?,C"``
        parsimonious with contradictions as don't cares. Intermediate
        solutions are available from :func:`minimize` only.
    time_limit : float, optional
        Seconds after which the generator raises :class:`TimeoutError`.
    progress : bool
        Show a tqdm bar over the branches of the search's root node (their
        subtrees differ in size, so the bar is a rough guide) with the
        number of models found so far.

    Yields
    ------
    str
        A model in R notation (``A*~B + C``), its terms in R's order.

    Raises
    ------
    TimeoutError
        When ``time_limit`` runs out.
    ValueError
        Nothing to explain, bad ``include``.

    See Also
    --------
    minimize : the models in R's order, with fit figures, capped.

    Notes
    -----
    The search is exact: a branch is dropped only when the covering LP proves
    it cannot hold a model of the minimal size. Its time therefore grows with
    the gap between that LP bound and the minimum, not only with the number
    of models. On the benchmark set with 14 conditions and 1000 noisy cases
    (``random_k14_noise05``: a minimum of 34 PIs against an LP bound of 31.8)
    no model is produced within 15 minutes, and a seeded estimate of the
    search tree (``benchmarks/qca_search_tree.py``) is 3.5e8 LP solves,
    against about 4e4 for all 2,060,875 models of ``random_k12_noise05``
    (12 conditions, 400 cases: minimum 23, LP 21.3). Set ``time_limit`` and
    report such a solution as "at least the models found" rather than as
    the complete list.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> tt = truth_table(mechanism_qca_data(load_chengdu()), "RESULTS", incl_cut=1)
    >>> streamed = sorted(iter_models(tt, include="?"))
    >>> streamed == sorted(minimize(tt, include="?").models)
    True
    >>> len(streamed)
    6
    """
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    pis, search = _model_search(tt, include, "iter_models", deadline=deadline)
    mv = any(L > 2 for L in tt.noflevels)
    terms = [_term_string(p, tt.conditions, mv) for p in pis]
    bar = None
    if progress:
        from ._progress import Progress

        bar = Progress(desc="root branches searched", unit="branch")

        def on_root(done, total):
            bar.set_total(total)
            bar.update(done - bar.n)

        search.on_root = on_root
    try:
        for n, cover in enumerate(search.covers(deadline), start=1):
            if bar is not None and n % 10000 == 0:
                bar.postfix(f"models={n}")
            yield " + ".join(terms[i] for i in cover)
    finally:
        if bar is not None:
            bar.close()


# --------------------------------------------------------------------------
# A case dataset as QCA data (any dataset with a mechanisms table)
# --------------------------------------------------------------------------
#: Codebook dimensions whose indicators count as "tangible, measured results".
RESULT_DIMENSIONS: tuple[str, ...] = ("outcome", "service")


def _model_cases(ds):
    cases = ds.cases
    return cases.loc[cases["model"].notna(), ["case_id", "name_en", "model"]].reset_index(drop=True)


def reported_results_outcome(ds, dimensions=RESULT_DIMENSIONS):
    """Outcome coding: does a case report at least one measured result?

    A case is in the set (1) when ``ds.indicators`` holds at least one figure
    for it whose codebook ``dimension`` is in ``dimensions`` (default:
    "outcome" - built facilities, satisfaction - and "service" - services
    delivered), else 0. This codes what the source *reports*, not what the
    community achieved: a 0 means "no measured result reported".

    Parameters
    ----------
    ds : govstudy.datasets.Dataset
    dimensions : tuple of str
        Codebook dimensions counted as results.

    Returns
    -------
    pandas.Series
        0/1 per case with a governance model, indexed by ``case_id``.

    Examples
    --------
    >>> import govstudy
    >>> y = reported_results_outcome(govstudy.load_chengdu())
    >>> int(y.sum()), len(y)
    (5, 7)
    """
    cb = ds.codebook.set_index("id")
    unknown = sorted(set(dimensions) - set(cb["dimension"].unique()))
    if unknown:
        raise ValueError(f"dimensions {unknown} not used in the codebook; known: {sorted(cb['dimension'].unique())}")
    ind = ds.indicators
    dim = ind["indicator"].map(cb["dimension"])
    with_result = set(ind.loc[dim.isin(dimensions), "case_id"])
    cases = _model_cases(ds)["case_id"]
    return pd.Series([int(c in with_result) for c in cases], index=pd.Index(cases, name="case_id"), name="RESULTS")


def mechanism_conditions(ds, min_cases=2):
    """Crisp conditions from the mechanisms table: case × mechanism, 1 = reported present.

    Only mechanisms reported in at least ``min_cases`` cases are kept (a
    mechanism seen in one case cannot be compared across cases).

    Returns
    -------
    DataFrame
        Index ``case_id`` (cases with a governance model), one 0/1 column per
        mechanism, in codebook order.

    Examples
    --------
    >>> import govstudy
    >>> m = mechanism_conditions(govstudy.load_chengdu())
    >>> m.shape
    (7, 6)
    """
    if min_cases < 1:
        raise ValueError("min_cases must be >= 1")
    mech = ds.mechanisms
    cases = _model_cases(ds)["case_id"]
    ids = [m for m in ds.codebook.loc[ds.codebook["kind"] == "mechanism", "id"]]
    # a case x mechanism pair without a row is "not reported", exactly like present = false
    wide = pd.DataFrame(0, index=pd.Index(list(cases), name="case_id"), columns=ids)
    for r in mech.loc[mech["present"].astype(bool)].itertuples(index=False):
        if r.case_id in wide.index and r.mechanism in wide.columns:
            wide.at[r.case_id, r.mechanism] = 1
    keep = [c for c in wide.columns if wide[c].sum() >= min_cases]
    if not keep:
        raise ValueError(f"no mechanism is reported in {min_cases} or more cases")
    out = wide[keep]
    out.index.name = "case_id"
    out.columns.name = None
    return out


def mechanism_qca_data(ds, min_cases=2, dimensions=RESULT_DIMENSIONS):
    """QCA data of a case dataset: conditions (:func:`mechanism_conditions`) plus the
    ``RESULTS`` outcome (:func:`reported_results_outcome`), one row per case with a model.

    Examples
    --------
    >>> import govstudy
    >>> list(mechanism_qca_data(govstudy.load_chengdu()).columns)[-1]
    'RESULTS'
    """
    data = mechanism_conditions(ds, min_cases=min_cases)
    return data.join(reported_results_outcome(ds, dimensions=dimensions))
