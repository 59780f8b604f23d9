"""Interval conventions for figures stated with a qualifier (余, 超, 近, 约 …).

A news report rarely states an exact count: "3.4万余人" means *more than
34 000 and fewer than 35 000*, "超85%" means *above 85 %*. govstudy keeps
every such figure as an interval ``[lower, upper]`` with the closedness of
each end. This module is the one implementation of those conventions; the
dataset checks (:mod:`govstudy.datasets`) and the extractor use it.

The conventions (also in ``data/README.md``):

==========================================  ==============================
qualifier                                   interval
==========================================  ==============================
none, 共 累计 总计 高达 达 多达 攀升至          ``[v, v]``
余 多 (after the number)                     ``(v, v + p)``, p = place value
                                            of the last non-zero written
                                            digit, times the written unit
超 超过 逾 多于                               ``(v, +inf)``; a share: ``(v, 100]``
以上 上千 上万                                ``[v, +inf)``
以下                                         ``(-inf, v]``; non-negative: ``[0, v]``
不足 不到                                     ``[0, v)``
近 将近 接近                                  ``[0.9 v, v)``
约 大约 左右 上下                              ``[0.9 v, 1.1 v]``
几 / 几十                                     ``[2, 9]`` / ``[20, 90]``
range 3至5, 3-5                              ``[3, 5]``
==========================================  ==============================
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Interval",
    "QUALIFIERS",
    "qualifier_interval",
    "place_value",
    "range_interval",
    "interval_from_words",
]

# qualifier -> rule name; the table is the single source of truth.
QUALIFIERS: dict[str, str] = {
    "": "exact",
    "共": "exact",
    "累计": "exact",
    "总计": "exact",
    "高达": "exact",
    "达": "exact",
    "多达": "exact",
    "攀升至": "exact",
    "余": "more_place",
    "多": "more_place",
    "超": "above_open",
    "超过": "above_open",
    "逾": "above_open",
    "多于": "above_open",
    "以上": "above_closed",
    "上千": "above_closed",
    "上万": "above_closed",
    "以下": "below_closed",
    "不足": "below_open",
    "不到": "below_open",
    "近": "near_below",
    "将近": "near_below",
    "接近": "near_below",
    "约": "about",
    "大约": "about",
    "左右": "about",
    "上下": "about",
    "几": "several",
    "几十": "several_tens",
    "至": "range",
    "-": "range",
}

_PERCENT_UNITS = frozenset({"percent", "%", "％"})


@dataclass(frozen=True)
class Interval:
    """A real interval with the closedness of each end.

    Examples
    --------
    >>> Interval(34000.0, 35000.0, False, False)
    Interval(lower=34000.0, upper=35000.0, lower_closed=False, upper_closed=False)
    >>> Interval(1.0, 1.0, True, True).contains(1.0)
    True
    """

    lower: float
    upper: float
    lower_closed: bool
    upper_closed: bool

    def __post_init__(self) -> None:
        if math.isnan(self.lower) or math.isnan(self.upper):
            raise ValueError("interval bounds must not be NaN")
        if self.lower > self.upper:
            raise ValueError(f"lower bound {self.lower} exceeds upper bound {self.upper}")
        if math.isinf(self.lower) and self.lower_closed:
            raise ValueError("an infinite lower bound cannot be closed")
        if math.isinf(self.upper) and self.upper_closed:
            raise ValueError("an infinite upper bound cannot be closed")

    @property
    def exact(self) -> bool:
        """True when the interval is a single point ``[v, v]``."""
        return self.lower == self.upper and self.lower_closed and self.upper_closed

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the interval, respecting closedness."""
        lo_ok = x > self.lower or (self.lower_closed and x == self.lower)
        hi_ok = x < self.upper or (self.upper_closed and x == self.upper)
        return lo_ok and hi_ok


def place_value(written: str | float | int) -> Decimal:
    """Place value of the last non-zero digit of a written number.

    Parameters
    ----------
    written : str or number
        The mantissa as written, before any 万/亿 multiplier
        (``"3.4"`` for 3.4万).

    Returns
    -------
    decimal.Decimal

    Examples
    --------
    >>> [float(place_value(w)) for w in ("80", "3.4", "500", "5000")]
    [10.0, 0.1, 100.0, 1000.0]
    """
    d = Decimal(str(written)).normalize()
    if d == 0:
        raise ValueError("place value of zero is undefined")
    return Decimal(1).scaleb(d.as_tuple().exponent)


def qualifier_interval(
    written: str | float | int,
    qualifier: str = "",
    *,
    multiplier: float = 1,
    unit: str = "",
    non_negative: bool = True,
) -> Interval:
    """The interval a qualified figure stands for.

    Parameters
    ----------
    written : str or number
        The number as written, before the 万/亿 multiplier (``"3.4"`` in
        "3.4万余人"). Used for the place value of 余/多.
    qualifier : str
        One key of :data:`QUALIFIERS` ('' for a plain number).
    multiplier : float
        1, 10 000 (万), 100 000 000 (亿), 1 000 (千) …
    unit : str
        ``"percent"`` makes 超 bounded at 100 (a share cannot exceed 100 %).
        A percentage *change* (which can) should pass another unit, e.g.
        ``"percent_change"``.
    non_negative : bool
        Whether the quantity cannot be negative (counts, money, area): then
        以下 gives ``[0, v]`` rather than ``(-inf, v]``.

    Returns
    -------
    Interval

    Examples
    --------
    >>> qualifier_interval("3.4", "余", multiplier=10_000)
    Interval(lower=34000.0, upper=35000.0, lower_closed=False, upper_closed=False)
    >>> qualifier_interval("85", "超", unit="percent")
    Interval(lower=85.0, upper=100.0, lower_closed=False, upper_closed=True)
    >>> qualifier_interval("400", "超过").upper
    inf
    >>> qualifier_interval("30", "近")
    Interval(lower=27.0, upper=30.0, lower_closed=True, upper_closed=False)
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(
            f"unknown qualifier {qualifier!r}; expected one of "
            + ", ".join(repr(q) for q in QUALIFIERS if q)
        )
    rule = QUALIFIERS[qualifier]
    if rule in ("range", "several", "several_tens"):
        raise ValueError(f"qualifier {qualifier!r} needs two numbers: use range_interval()")
    v = float(Decimal(str(written)) * Decimal(str(multiplier)))
    inf = math.inf
    if rule == "exact":
        return Interval(v, v, True, True)
    if rule == "more_place":
        p = float(place_value(written) * Decimal(str(multiplier)))
        return Interval(v, v + p, False, False)
    if rule == "above_open":
        if unit in _PERCENT_UNITS and v < 100:
            return Interval(v, 100.0, False, True)
        return Interval(v, inf, False, False)
    if rule == "above_closed":
        return Interval(v, inf, True, False)
    if rule == "below_closed":
        return Interval(0.0, v, True, True) if non_negative else Interval(-inf, v, False, True)
    if rule == "below_open":
        return Interval(0.0, v, True, False)
    if rule == "near_below":
        return Interval(0.9 * v, v, True, False)
    if rule == "about":
        return Interval(0.9 * v, 1.1 * v, True, True)
    raise AssertionError(f"unhandled rule {rule}")  # pragma: no cover


def range_interval(low: float, high: float) -> Interval:
    """A stated range such as 3至5 or 3-5: ``[low, high]``.

    Examples
    --------
    >>> range_interval(3, 5)
    Interval(lower=3.0, upper=5.0, lower_closed=True, upper_closed=True)
    """
    return Interval(float(low), float(high), True, True)


def interval_from_words(word: str) -> Interval:
    """Intervals for indefinite numerals: 几 → [2, 9], 几十 → [20, 90].

    Examples
    --------
    >>> interval_from_words("几十")
    Interval(lower=20.0, upper=90.0, lower_closed=True, upper_closed=True)
    """
    if word == "几":
        return Interval(2.0, 9.0, True, True)
    if word == "几十":
        return Interval(20.0, 90.0, True, True)
    raise ValueError(f"no interval convention for {word!r}")
