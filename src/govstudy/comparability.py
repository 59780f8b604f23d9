"""Comparing governance models on their reported figures, honestly.

Case datasets built from reports hold a handful of cases per model whose
figures hardly overlap: many indicators are reported for one model only. This
module works on any dataset (any models, any number of cases) and

* lists the indicators that *can* be compared (reported for at least two
  models) -- :func:`comparable_indicators`;
* normalises a figure per resident, per km² or per year when the case's own
  denominator is known, with **interval arithmetic** so that "3.4万余"
  residents stays the interval (34 000, 35 000) -- :func:`per_unit_values`;
* summarises the cases of each model (the mean of their intervals over the
  independent cases -- a unit nested in another reporting unit of the same
  model is not counted twice -- and the range across cases) --
  :func:`model_intervals`;
* puts the models side by side with their intervals -- :func:`compare_indicator`;
* scores each dimension per model as an interval (min-max on the comparable
  indicators, bounds exact because a min-max score is monotone in every
  value) -- :func:`dimension_scores`;
* prepares the inputs of a composite index over the three models for the
  uncertainty analysis of :mod:`govstudy.uncertainty` --
  :func:`model_index_inputs`.

Whenever a comparison is impossible (no denominator, fewer than two models
reporting the indicator) the function raises a
``ValueError`` that says why, rather than imputing anything.

The interval arithmetic is in :class:`Bounds`, which keeps whether each end is
open or closed (as :class:`govstudy.intervals.Interval` does), so a derived
figure is printed in the same notation as a stated one
(:func:`govstudy.datasets.interval_label`).

References
----------
Moore, R. E., Kearfott, R. B., & Cloud, M. J. (2009). Introduction to
Interval Analysis. SIAM. https://doi.org/10.1137/1.9780898717716
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import composite as C
from .compare import compare_models
from .datasets import interval_label

__all__ = [
    "Bounds",
    "PERIOD_YEARS",
    "comparable_indicators",
    "indicator_bounds",
    "per_unit_values",
    "model_intervals",
    "compare_indicator",
    "dimension_scores",
    "model_index_inputs",
    "model_uncertainty_factors",
    "impossible_comparisons",
    "comparison_attempts",
]

#: Duration in years of a reporting period, where the source states it.
PERIOD_YEARS: dict[str, float] = {"cumulative_3_years": 3.0}

_DENOMINATORS = {"resident": "resident_population", "km2": "area_km2"}


# --------------------------------------------------------------------------- interval arithmetic


def _extreme(cands: list[tuple[float, bool]], pick) -> tuple[float, bool]:
    """The extreme value ``pick`` (min or max) of candidate end points and whether
    some candidate with that value is attained (belongs to the result)."""
    v = pick(c[0] for c in cands)
    return v + 0.0, any(c[1] for c in cands if c[0] == v)  # + 0.0: no signed zero


@dataclass(frozen=True)
class Bounds:
    """A real interval with open or closed ends (bounds may be infinite), with arithmetic.

    ``lower_closed`` / ``upper_closed`` say whether each bound belongs to the
    interval; left at ``None`` a finite bound is closed and an infinite bound
    open. The arithmetic keeps them exactly: an end of a result is closed
    when some combination of *attained* values reaches it, so
    ``(200, 300) / [2, 2]`` is ``(100, 150)`` and ``(400, +∞) / 3`` is
    ``(133.333…, +∞)``, while ``[0, 5) × (2, 3)`` is ``[0, 15)`` (the value 0 is
    attained). Products use the convention ``0 * inf = 0`` (a count of zero
    stays zero); division by an interval containing 0 raises ``ValueError``.
    ``str()`` writes the interval with :func:`govstudy.datasets.interval_label`
    (6 significant digits).

    Examples
    --------
    >>> pop = Bounds(34000, 35000, False, False)   # 3.4万余
    >>> area = Bounds(0.82, 0.82)
    >>> str(pop / area)
    '(41463.4, 42682.9)'
    >>> Bounds(400, math.inf, False) / 3
    Bounds(lower=133.33333333333334, upper=inf, lower_closed=False, upper_closed=False)
    >>> str(Bounds(1, 2) - Bounds(0, 5, True, False))
    '(-4, 2]'
    """

    lower: float
    upper: float
    lower_closed: bool | None = None
    upper_closed: bool | None = None

    def __post_init__(self):
        lo, hi = float(self.lower), float(self.upper)
        if math.isnan(lo) or math.isnan(hi):
            raise ValueError("Bounds: NaN bound")
        if lo > hi:
            raise ValueError(f"Bounds: lower {lo} > upper {hi}")
        lc = math.isfinite(lo) if self.lower_closed is None else bool(self.lower_closed)
        uc = math.isfinite(hi) if self.upper_closed is None else bool(self.upper_closed)
        if (lc and math.isinf(lo)) or (uc and math.isinf(hi)):
            raise ValueError(f"Bounds: an infinite bound cannot be closed ({lo}, {hi})")
        if lo == hi and not (lc and uc):
            raise ValueError(f"Bounds: the interval with both bounds {lo} and an open end is empty")
        object.__setattr__(self, "lower", lo)
        object.__setattr__(self, "upper", hi)
        object.__setattr__(self, "lower_closed", lc)
        object.__setattr__(self, "upper_closed", uc)

    @classmethod
    def of(cls, x) -> "Bounds":
        """A Bounds from a Bounds, an :class:`govstudy.intervals.Interval` (keeping its
        closedness), anything with ``lower``/``upper``, or a number (a closed point)."""
        if isinstance(x, Bounds):
            return x
        if hasattr(x, "lower") and hasattr(x, "upper"):
            return cls(x.lower, x.upper, getattr(x, "lower_closed", None), getattr(x, "upper_closed", None))
        return cls(float(x), float(x))

    @property
    def exact(self) -> bool:
        return self.lower == self.upper

    def contains(self, x: float) -> bool:
        """Whether the number ``x`` lies in the interval (open ends excluded)."""
        return ((self.lower < x or (self.lower_closed and x == self.lower))
                and (x < self.upper or (self.upper_closed and x == self.upper)))

    def __neg__(self):
        return Bounds(-self.upper, -self.lower, self.upper_closed, self.lower_closed)

    @staticmethod
    def _mul(a: float, b: float) -> float:
        if a == 0 or b == 0:
            return 0.0
        return a * b

    def _ends(self):
        return ((self.lower, self.lower_closed), (self.upper, self.upper_closed))

    def __add__(self, other):
        o = Bounds.of(other)
        lo, hi = self.lower + o.lower, self.upper + o.upper
        return Bounds(lo, hi, self.lower_closed and o.lower_closed and math.isfinite(lo),
                      self.upper_closed and o.upper_closed and math.isfinite(hi))

    __radd__ = __add__

    def __sub__(self, other):
        return self + (-Bounds.of(other))

    def __rsub__(self, other):
        return Bounds.of(other) - self

    def __mul__(self, other):
        o = Bounds.of(other)
        # a vertex value is attained when both ends are, or when a closed end is 0
        # (0 times anything in the other interval is 0)
        c = [(self._mul(a, b), (ca and cb) or (a == 0 and ca) or (b == 0 and cb))
             for a, ca in self._ends() for b, cb in o._ends()]
        lo, lc = _extreme(c, min)
        hi, uc = _extreme(c, max)
        return Bounds(lo, hi, lc and math.isfinite(lo), uc and math.isfinite(hi))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = Bounds.of(other)
        if o.lower <= 0 <= o.upper:  # 0 inside, or an open end at 0 (quotient unbounded)
            raise ValueError(f"Bounds: division by an interval containing 0 (or ending at 0): {o}")
        c = []
        for a, ca in self._ends():
            for b, cb in o._ends():
                if math.isinf(b):
                    if math.isfinite(a):  # a / ±inf -> 0, reached only when a = 0 is attained
                        c.append((0.0, a == 0 and ca))
                    # inf / inf: no information from this vertex
                else:
                    c.append((a / b, (ca and cb) or (a == 0 and ca)))
        lo, lc = _extreme(c, min)
        hi, uc = _extreme(c, max)
        return Bounds(lo, hi, lc and math.isfinite(lo), uc and math.isfinite(hi))

    def overlaps(self, other) -> bool:
        """Whether the two intervals share at least one number (open ends excluded)."""
        o = Bounds.of(other)
        lo, hi = max(self.lower, o.lower), min(self.upper, o.upper)
        if lo < hi:
            return True
        return lo == hi and self.contains(lo) and o.contains(lo)

    def __str__(self) -> str:
        return interval_label(self.lower, self.upper, self.lower_closed, self.upper_closed, digits=6)


# --------------------------------------------------------------------------- helpers


def _cases(ds) -> pd.DataFrame:
    return ds.cases.dropna(subset=["model"])


def _label(ds, indicator: str) -> str:
    cb = ds.codebook.set_index("id")
    return str(cb.at[indicator, "label_en"]) if indicator in cb.index else indicator


def comparable_indicators(ds, min_models: int = 2) -> pd.DataFrame:
    """Indicators reported for at least ``min_models`` governance models.

    One row per indicator: ``indicator``, ``label_en``, ``dimension``,
    ``direction``, ``unit``, ``n_models``, ``models`` (comma-separated).

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> comparable_indicators(load_chengdu())["indicator"].tolist()
    ['parking_spaces_added', 'resident_population']
    """
    ind = ds.indicators.dropna(subset=["model"])
    cb = ds.codebook.set_index("id")
    rows = []
    for code, g in ind.groupby("indicator", sort=True):
        models = [m for m in ds.model_ids if m in set(g["model"].astype(str))]
        if len(models) >= min_models:
            rows.append({"indicator": code, "label_en": cb.at[code, "label_en"],
                         "dimension": cb.at[code, "dimension"], "direction": int(cb.at[code, "direction"]),
                         "unit": cb.at[code, "unit"], "n_models": len(models), "models": ", ".join(models)})
    return pd.DataFrame(rows, columns=["indicator", "label_en", "dimension", "direction", "unit",
                                       "n_models", "models"])


def indicator_bounds(ds, indicator: str) -> pd.DataFrame:
    """Every case reporting ``indicator``: ``case_id``, ``model``, ``lower``, ``upper``,
    ``lower_closed``, ``upper_closed``, ``value``, ``qualifier``, ``unit``, ``period``.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> indicator_bounds(load_chengdu(), "parking_spaces_added")[["case_id", "lower", "upper"]].values.tolist()
    [['c_xiangzishu', 20.0, 20.0], ['c_fuhe', 200.0, 300.0]]
    """
    ind = ds.indicators
    if indicator not in set(ds.codebook["id"]):
        raise ValueError(f"unknown indicator {indicator!r} (not in the codebook)")
    t = ind.loc[ind["indicator"] == indicator].dropna(subset=["model"])
    if t.empty:
        raise ValueError(f"indicator {indicator!r} is not reported for any case with a model")
    cols = ["case_id", "model", "lower", "upper", "lower_closed", "upper_closed", "value", "qualifier",
            "unit", "period"]
    out = t[cols].copy()
    out["model"] = out["model"].astype(str)
    return out.reset_index(drop=True)


def per_unit_values(ds, indicator: str, per: str | None = None, *,
                    cases: list[str] | None = None) -> pd.DataFrame:
    """The indicator per resident, per km² or per year, as intervals, for every reporting case.

    Parameters
    ----------
    ds : Dataset
    indicator : str
    per : {None, "resident", "km2", "year"}
        ``"resident"`` divides by the case's own ``resident_population``,
        ``"km2"`` by its ``area_km2``, ``"year"`` by the length of the
        reporting period (known only for periods in :data:`PERIOD_YEARS`).
    cases : list of str, optional
        Restrict to these case ids (default: every reporting case).

    Returns
    -------
    DataFrame
        ``case_id``, ``model``, ``lower``, ``upper``, ``lower_closed``,
        ``upper_closed``, ``interval`` (the same interval written with
        :func:`govstudy.datasets.interval_label`) and the denominator's bounds
        ``den_lower``, ``den_upper``. Open ends stay open: “超过400” over
        three years is ``(133.333, +∞)``.

    Raises
    ------
    ValueError
        When a reporting case has no such denominator (nothing is imputed).

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> ds = load_chengdu()
    >>> per_unit_values(ds, "elderly_assistance_person_times", per="year")[["lower", "upper", "interval"]].round(1)
       lower  upper          interval
    0  133.3    inf  (133.333, +∞)
    >>> t = per_unit_values(ds, "resident_population", per="km2", cases=["c_shuangfulu"])
    >>> t[["case_id", "lower", "upper", "interval"]].round(0).values.tolist()
    [['c_shuangfulu', 41463.0, 42683.0, '(41463.4, 42682.9)']]
    >>> per_unit_values(ds, "resident_population", per="km2")
    Traceback (most recent call last):
    ...
    ValueError: cannot express 'resident_population' per km2: no 'area_km2' for c_wugensong (partner); ...
    """
    t = indicator_bounds(ds, indicator)
    if cases is not None:
        unknown = [c for c in cases if c not in set(t["case_id"])]
        if unknown:
            raise ValueError(f"{indicator!r} is not reported for case(s) {unknown}")
        t = t[t["case_id"].isin(cases)].reset_index(drop=True)
    cols = ["case_id", "model", "lower", "upper", "lower_closed", "upper_closed", "interval",
            "den_lower", "den_upper"]
    if per is None:
        t["den_lower"] = t["den_upper"] = 1.0
        t["interval"] = [interval_label(*r) for r in
                         t[["lower", "upper", "lower_closed", "upper_closed"]].itertuples(index=False)]
        return t[cols]
    rows, missing = [], []
    if per in _DENOMINATORS:
        den_code = _DENOMINATORS[per]
        dens = ds.indicators.loc[ds.indicators["indicator"] == den_code].set_index("case_id")
        for _, r in t.iterrows():
            if r["case_id"] not in dens.index:
                missing.append(f"{r['case_id']} ({r['model']})")
                continue
            d = Bounds(*dens.loc[r["case_id"], ["lower", "upper", "lower_closed", "upper_closed"]])
            q = _row_bounds(r) / d
            rows.append(_quotient_row(r, q, d.lower, d.upper))
        if missing:
            cases_with = dens.index.tolist()
            raise ValueError(f"cannot express {indicator!r} per {per}: no {den_code!r} for "
                             f"{', '.join(missing)}; it is reported only for {cases_with}")
    elif per == "year":
        for _, r in t.iterrows():
            years = PERIOD_YEARS.get(r["period"])
            if years is None:
                missing.append(f"{r['case_id']} ({r['model']}, period {r['period']!r})")
                continue
            q = _row_bounds(r) / years
            rows.append(_quotient_row(r, q, years, years))
        if missing:
            raise ValueError(f"cannot express {indicator!r} per year: the reporting period is not a "
                             f"known length for {', '.join(missing)}")
    else:
        raise ValueError(f"per must be None, 'resident', 'km2' or 'year', got {per!r}")
    return pd.DataFrame(rows, columns=cols)


def _row_bounds(r) -> Bounds:
    return Bounds(r["lower"], r["upper"], r["lower_closed"], r["upper_closed"])


def _quotient_row(r, q: Bounds, den_lower: float, den_upper: float) -> dict:
    return {"case_id": r["case_id"], "model": r["model"], "lower": q.lower, "upper": q.upper,
            "lower_closed": q.lower_closed, "upper_closed": q.upper_closed, "interval": str(q),
            "den_lower": den_lower, "den_upper": den_upper}


def _independent(ds, case_ids) -> list[str]:
    """The cases of ``case_ids`` that have no ancestor among ``case_ids`` (nesting respected)."""
    parent = dict(zip(ds.cases["case_id"].astype(str), ds.cases["parent_id"].astype(object)))
    ids = set(case_ids)
    out = []
    for c in case_ids:
        p, seen = parent.get(c), {c}
        while isinstance(p, str) and p not in seen and p not in ids:
            seen.add(p)
            p = parent.get(p)
        if not (isinstance(p, str) and p in ids and p not in seen):
            out.append(c)
    return out


def _one_row_per_case(t: pd.DataFrame) -> pd.DataFrame:
    """Several rows for one case (two sources, two periods) become their hull: a case counts once."""
    if not t["case_id"].duplicated().any():
        return t
    rows = []
    for _, g in t.groupby("case_id", sort=False):
        if len(g) == 1:
            rows.append(g.iloc[0].to_dict())
            continue
        lo = g.loc[g["lower"] == g["lower"].min()]
        hi = g.loc[g["upper"] == g["upper"].max()]
        r = g.iloc[0].to_dict()
        r.update(lower=float(lo["lower"].iloc[0]), lower_closed=bool(lo["lower_closed"].any()),
                 upper=float(hi["upper"].iloc[0]), upper_closed=bool(hi["upper_closed"].any()))
        if "value" in g.columns:
            r["value"] = float(g["value"].mean())
        rows.append(r)
    return pd.DataFrame(rows, columns=t.columns)


def model_intervals(ds, t: pd.DataFrame) -> pd.DataFrame:
    """One row per model from per-case intervals: their mean and their range.

    Parameters
    ----------
    ds : Dataset
        For the nesting of units (``cases.parent_id``) and the model order.
    t : DataFrame
        Per-case rows with ``case_id``, ``model``, ``lower``, ``upper``,
        ``lower_closed``, ``upper_closed`` (as from :func:`per_unit_values`).

    Returns
    -------
    DataFrame
        Indexed by ``model`` (dataset order): ``n_cases`` (reporting cases),
        ``n_independent`` (those not nested in another reporting case of the
        same model), ``cases``, the interval of the mean over the independent
        cases (``lower``, ``upper``, ``lower_closed``, ``upper_closed``,
        ``interval``), the mean of their stated values (``value``, when
        ``t`` has one) and the range of the case intervals (``case_min`` =
        smallest lower bound, ``case_max`` = largest upper bound;
        ``case_min_closed`` / ``case_max_closed``: whether a case attains
        it). With one
        case the mean is that case's interval; several rows for one case (two
        sources or periods) count once, as their hull.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> ds = load_chengdu()
    >>> m = model_intervals(ds, per_unit_values(ds, "parking_spaces_added"))
    >>> m[["n_cases", "interval"]].values.tolist()
    [[1, '20'], [1, '(200, 300)']]
    """
    order = [m for m in ds.model_ids if m in set(t["model"].astype(str))]
    t = _one_row_per_case(t)
    rows = []
    for m in order:
        sub = t.loc[t["model"].astype(str) == m]
        ind = _independent(ds, list(sub["case_id"].astype(str)))
        use = sub.loc[sub["case_id"].astype(str).isin(ind)]
        b = [_row_bounds(r) for _, r in use.iterrows()]
        mean = b[0]
        for x in b[1:]:
            mean = mean + x
        mean = mean / len(b) if len(b) > 1 else mean
        rows.append({"model": m, "n_cases": len(sub), "n_independent": len(use),
                     "cases": ", ".join(sub["case_id"].astype(str)),
                     "lower": mean.lower, "upper": mean.upper, "lower_closed": mean.lower_closed,
                     "upper_closed": mean.upper_closed, "interval": str(mean),
                     "value": float(use["value"].mean()) if "value" in use.columns else np.nan,
                     **_range_of_cases(sub)})
    return pd.DataFrame(rows).set_index("model")


def _range_of_cases(g: pd.DataFrame) -> dict:
    """Lowest and highest case end, each with whether some case's interval attains it."""
    lo, hi = g["lower"].min(), g["upper"].max()
    return {"case_min": float(lo), "case_min_closed": bool(g.loc[g["lower"] == lo, "lower_closed"].any()),
            "case_max": float(hi), "case_max_closed": bool(g.loc[g["upper"] == hi, "upper_closed"].any())}


def _all_above(a, b) -> bool:
    """Every case interval of envelope ``a`` lies above every one of ``b`` (touching only at an open end)."""
    a_lo, a_lc, b_hi, b_uc = a[0], a[1], b[2], b[3]
    return a_lo > b_hi or (a_lo == b_hi and not (a_lc and b_uc))


def compare_indicator(ds, indicator: str, per: str | None = None, *,
                      models: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Models side by side on one indicator, as intervals.

    Several cases of one model are summarised by :func:`model_intervals`:
    the interval of their mean (independent cases only) and the range of the
    case intervals. ``ordering`` reads the mean intervals: ``"overlaps"`` when
    a model's interval overlaps another's (no ordering can be read), otherwise
    its position among the models (``"1 of 2"`` = largest). ``all_cases``
    says whether the ordering also holds case by case (every case interval of
    the model lies on the same side of every case interval of the others).

    Returns one row per model (index ``model``): ``n_cases``,
    ``n_independent``, ``cases``, ``lower``, ``upper``, ``interval``,
    ``case_min``, ``case_max``, ``ordering``, ``all_cases``. Raises
    ``ValueError`` when fewer than two of the requested models report the
    indicator.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> compare_indicator(load_chengdu(), "parking_spaces_added")[["lower", "upper", "ordering"]]
                  lower  upper ordering
    model
    acquaintance   20.0   20.0   2 of 2
    partner       200.0  300.0   1 of 2
    """
    t = per_unit_values(ds, indicator, per)
    if models is not None:
        absent = [m for m in models if m not in set(t["model"])]
        if absent:
            raise ValueError(f"{indicator!r} is not reported for model(s) {absent}: no comparison")
        t = t[t["model"].isin(models)]
    s = model_intervals(ds, t)
    if len(s) < 2:
        raise ValueError(f"{indicator!r} is reported for {len(s)} model(s) only: nothing to compare")
    b = {m: _row_bounds(r) for m, r in s.iterrows()}
    # each model's lowest and highest case end, with whether a case attains it
    env = {m: (r["case_min"], r["case_min_closed"], r["case_max"], r["case_max_closed"]) for m, r in s.iterrows()}
    # open ends stay open (余 and 超 exclude their bound), also after division
    out = s[["n_cases", "n_independent", "cases", "lower", "upper", "interval", "case_min", "case_max"]].copy()
    order, every = [], []
    for m in out.index:
        if any(b[m].overlaps(b[o]) for o in b if o != m):
            order.append("overlaps")
            every.append(False)
        else:  # disjoint: another interval is above m's when it starts where m's ends or later
            order.append(f"{1 + sum(b[o].lower >= b[m].upper for o in b if o != m)} of {len(b)}")
            every.append(all(_all_above(env[m], env[o]) or _all_above(env[o], env[m]) for o in b if o != m))
    out["ordering"] = order
    out["all_cases"] = every
    return out


def _minmax_bounds(b: dict[str, Bounds], direction: int) -> dict[str, Bounds]:
    """Exact bounds of min-max scores in [0, 1] when each value lies in its interval.

    The score of model m is non-decreasing in m's value and non-increasing in
    every other value (for direction +1), so its extremes are at the vertices.
    """
    out = {}
    for m in b:
        hi_m, lo_m = (b[m].upper, b[m].lower) if direction > 0 else (-b[m].lower, -b[m].upper)
        others_lo = {o: (b[o].lower if direction > 0 else -b[o].upper) for o in b if o != m}
        others_hi = {o: (b[o].upper if direction > 0 else -b[o].lower) for o in b if o != m}
        out[m] = Bounds(_mm(lo_m, list(others_hi.values())), _mm(hi_m, list(others_lo.values())))
    return out


def _mm(x: float, others: list[float]) -> float:
    vals = [x] + others
    mn, mx = min(vals), max(vals)
    if x >= mx:
        return 1.0 if mx > mn else 0.5
    if x <= mn:
        return 0.0
    if math.isinf(mx) or math.isinf(mn):
        return 0.0 if math.isinf(mx) else 1.0
    return (x - mn) / (mx - mn)


def dimension_scores(ds, per: str | None = None, *, min_models: int = 2) -> pd.DataFrame:
    """Dimension scores per model, as intervals, from the comparable indicators.

    For each dimension, the directional indicators (codebook direction +1/-1)
    reported for at least ``min_models`` models are min-max scored in [0, 1]
    among the reporting models, with exact interval bounds; a model's
    dimension score is the mean over those indicators. A model is scored on
    a dimension only if it reports every indicator used there (otherwise the
    scores would average different things). Dimensions with nothing
    comparable are listed with the reason in ``note``.

    Returns one row per (dimension, model) with ``n_indicators``,
    ``score_lower``, ``score_upper``, ``indicators``, ``note``. The score
    bounds are those of the closed hull: whether a score's end is attained
    (an open stated bound) is not tracked.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> t = dimension_scores(load_chengdu())
    >>> t.loc[t["n_indicators"] > 0, ["dimension", "model", "score_lower", "score_upper"]].values.tolist()
    [['outcome', 'acquaintance', 0.0, 0.0], ['outcome', 'partner', 1.0, 1.0]]
    """
    comp = comparable_indicators(ds, min_models)
    cb = ds.codebook[ds.codebook["kind"] == "indicator"]
    rows = []
    for dim in sorted(cb["dimension"].unique()):
        c = comp[(comp["dimension"] == dim) & (comp["direction"] != 0)]
        if c.empty:
            n_dir = int(((cb["dimension"] == dim) & (cb["direction"] != 0)).sum())
            why = ("no directional indicator is reported for two or more models"
                   if n_dir else "the dimension has no directional (better/worse) indicator")
            rows.append({"dimension": dim, "model": "", "n_indicators": 0, "score_lower": np.nan,
                         "score_upper": np.nan, "indicators": "", "note": why})
            continue
        scores: dict[str, list[Bounds]] = {}
        notes = []
        usable = []
        for _, r in c.iterrows():
            try:
                t = model_intervals(ds, per_unit_values(ds, r["indicator"], per))
            except ValueError as e:
                notes.append(str(e))
                continue
            usable.append(r["indicator"])
            b = {m: _row_bounds(row) for m, row in t.iterrows()}
            for m, s in _minmax_bounds(b, int(r["direction"])).items():
                scores.setdefault(m, []).append(s)
        complete = {m: v for m, v in scores.items() if len(v) == len(usable)}
        for m in [m for m in ds.model_ids if m in complete]:
            v = complete[m]
            rows.append({"dimension": dim, "model": m, "n_indicators": len(v),
                         "score_lower": float(np.mean([s.lower for s in v])),
                         "score_upper": float(np.mean([s.upper for s in v])),
                         "indicators": ", ".join(usable), "note": "; ".join(notes)})
        if not complete:
            rows.append({"dimension": dim, "model": "", "n_indicators": 0, "score_lower": np.nan,
                         "score_upper": np.nan, "indicators": "", "note": "; ".join(notes)})
    return pd.DataFrame(rows)


def model_index_inputs(ds) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, C.Framework]:
    """Inputs for a composite index over the dataset's models.

    Every directional indicator reported for at least one model becomes an
    indicator; the codebook dimensions are the pillars; the pillars are
    averaged into ``Index``. A model's value is the mean of its independent
    cases' figures, its bounds those of :func:`model_intervals`. Most cells
    may be missing: the point of the exercise is to show how much that
    matters.

    Returns
    -------
    data, lower, upper : DataFrame
        Models x indicators: the stated value (nominal), and the interval bounds.
    framework : Framework

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> data, lower, upper, fw = model_index_inputs(load_chengdu())
    >>> data.notna().sum(axis=1).to_dict()
    {'acquaintance': 5, 'four_micro': 13, 'partner': 8}
    """
    data, lower, upper, _, _, fw = _model_index(ds)
    return data, lower, upper, fw


def _model_index(ds):
    """:func:`model_index_inputs` plus the closedness of each bound (models x indicators, bool)."""
    ind = ds.indicators.dropna(subset=["model"])
    cb = ds.codebook[(ds.codebook["kind"] == "indicator") & (ds.codebook["direction"] != 0)]
    cb = cb[cb["id"].isin(set(ind["indicator"]))]
    if cb.empty:
        raise ValueError("no directional indicator (codebook direction +1 or -1) is reported for a case "
                         "with a model: there is nothing to build an index from")
    models = ds.model_ids
    data = pd.DataFrame(np.nan, index=pd.Index(models, name="model"), columns=list(cb["id"]))
    lower, upper = data.copy(), data.copy()
    lc = pd.DataFrame(True, index=data.index, columns=data.columns)
    uc = lc.copy()
    for code in cb["id"]:
        t = indicator_bounds(ds, code)
        s = model_intervals(ds, t)
        for m, r in s.iterrows():
            data.at[m, code] = r["value"]
            lower.at[m, code] = r["lower"]
            upper.at[m, code] = r["upper"]
            lc.at[m, code] = bool(r["lower_closed"])
            uc.at[m, code] = bool(r["upper_closed"])
    dims = sorted(cb["dimension"].unique())
    fw = C.Framework.from_table(pd.DataFrame({
        "code": list(cb["id"]) + dims + ["Index"],
        "parent": list(cb["dimension"]) + ["Index"] * len(dims) + [None],
        "level": [1] * len(cb) + [2] * len(dims) + [3],
        "direction": list(cb["direction"].astype(int)) + [1] * (len(dims) + 1),
        "weight": 1.0,
    }), source="codebook")
    return data, lower, upper, lc, uc, fw


def model_uncertainty_factors(ds, *, unbounded="observed"):
    """The uncertain choices of the index over the dataset's models (see notebook 03).

    * ``Values``: every stated figure drawn inside its interval (``+inf``
      bounds per ``unbounded``, see :class:`govstudy.uncertainty.IntervalValues`);
    * ``Normalisation``: min-max onto [0, 1] among the models reporting an
      indicator (a figure reported by one model only cannot be scored and is
      dropped) or fraction of the best reported value (a lone figure scores 1);
    * ``Weights``: indicator and dimension weights times U(0.75, 1.25);
    * ``Aggregation``: arithmetic mean or power mean with p = 0.5.

    Returns (data, framework, factors, config).

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> data, fw, factors, config = model_uncertainty_factors(load_chengdu())
    >>> [f.name for f in factors]
    ['Values', 'Normalisation', 'Weights', 'Aggregation']
    """
    from . import uncertainty as U

    data, lower, upper, lc, uc, fw = _model_index(ds)
    factors = [
        U.IntervalValues(lower, upper, name="Values", unbounded=unbounded, lower_closed=lc, upper_closed=uc),
        U.Choice("Normalisation", "normalisation",
                 [{"method": "minmax", "low": 0.0, "high": 1.0}, "fracmax"]),
        U.WeightNoise("Weights", levels=(1, 2), rel=0.25),
        U.Choice("Aggregation", "aggregation", ["amean", {"method": "genmean", "p": 0.5}]),
    ]
    config = dict(denominate_data=False, normalisation={"method": "minmax", "low": 0.0, "high": 1.0})
    return data, fw, factors, config


def impossible_comparisons(ds) -> pd.DataFrame:
    """Every (indicator, per) comparison tried on the comparable indicators, with the
    reason it cannot be made (one row each; ``possible`` False = raised ValueError).

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> t = impossible_comparisons(load_chengdu())
    >>> t.loc[t["possible"], ["indicator", "per"]].values.tolist()
    [['parking_spaces_added', 'as stated'], ['resident_population', 'as stated']]
    """
    rows = []
    for code in comparable_indicators(ds)["indicator"]:
        for per in (None, "resident", "km2", "year"):
            if _DENOMINATORS.get(per) == code:
                continue
            try:
                compare_indicator(ds, code, per)
                rows.append({"indicator": code, "per": per or "as stated", "possible": True, "reason": ""})
            except ValueError as e:
                rows.append({"indicator": code, "per": per or "as stated", "possible": False,
                             "reason": str(e)})
    return pd.DataFrame(rows)


def comparison_attempts(ds) -> pd.DataFrame:
    """Try every statistical comparison of the models on a dataset; record what is refused.

    For each indicator reported for a case with a model: which models report
    it, then :func:`govstudy.compare.compare_models` with its defaults over
    every model of the dataset; when that is refused, the same comparison
    restricted to the models that report the indicator, with only the
    statistics that few cases allow (exact permutation test and Cliff's
    delta). Only independent cases enter (a unit nested in another reporting
    unit of the same model would count one community twice), each once (when
    two sources or periods give a case's figure, its first row).

    Parameters
    ----------
    ds : Dataset

    Returns
    -------
    DataFrame
        One row per indicator and attempt: ``indicator, models, n_cases,
        attempt, outcome`` (``"refused"``/``"computed"``), ``reason``, and for
        computed rows ``A, B, diff_low, diff_high, p_val, p_min,
        n_relabellings``.

    Examples
    --------
    >>> from govstudy.chengdu import load_chengdu
    >>> a = comparison_attempts(load_chengdu())
    >>> int((a["outcome"] == "computed").sum()), float(a["p_min"].min())
    (1, 1.0)
    """
    ind = ds.indicators.loc[ds.indicators["model"].notna()]
    rows = []
    stat_cols = ("A", "B", "diff_low", "diff_high", "p_val", "p_min", "n_relabellings")
    for indicator, sub in ind.groupby("indicator", sort=True):
        keep = []
        for _m, g in sub.groupby("model", observed=True):
            keep += _independent(ds, list(dict.fromkeys(g["case_id"].astype(str))))
        sub = sub.loc[sub["case_id"].astype(str).isin(keep)].drop_duplicates("case_id")
        models = [m for m in ds.model_ids if m in set(sub["model"].astype(str))]
        base = {"indicator": indicator, "models": ", ".join(models), "n_cases": int(sub["case_id"].nunique())}
        first = "all models, default statistics"
        try:
            r = compare_models(sub, indicator, groups=ds.model_ids)
            rows += [{**base, "attempt": first, "outcome": "computed", "reason": "",
                      **{c: x[c] for c in stat_cols if c in x}} for _, x in r.iterrows()]
            continue
        except ValueError as err:
            rows.append({**base, "attempt": first, "outcome": "refused", "reason": str(err)})
        if len(models) < 2:
            continue
        second = "reporting models, permutation"
        try:
            r = compare_models(sub, indicator, groups=models, statistics=("permutation", "cliffs_delta"))
        except ValueError as err:
            rows.append({**base, "attempt": second, "outcome": "refused", "reason": str(err)})
            continue
        for _, x in r.iterrows():
            rows.append({**base, "attempt": second, "outcome": "computed",
                         "reason": "" if x["p_min"] < 0.05 else f"p_min = {x['p_min']:g}: no result could be significant",
                         **{c: x[c] for c in stat_cols}})
    out = pd.DataFrame(rows, columns=["indicator", "models", "n_cases", "attempt", "outcome", "reason",
                                      *stat_cols])
    return out
