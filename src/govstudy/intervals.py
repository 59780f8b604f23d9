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
超 超过 逾 多于 过                            ``(v, +inf)``; a share: ``(v, 100]``
以上 上千 上万                                ``[v, +inf)``; a share: ``[v, 100]``
以下                                         ``(-inf, v]``; non-negative: ``[0, v]``
不足 不到                                     ``[0, v)``
近 将近 接近                                  ``[0.9 v, v)``
约 大约 左右 上下                              ``[0.9 v, 1.1 v]``
几 / 几十 / 十几 / 数百                        ``[2, 9]`` / ``[20, 90]`` /
                                            ``[11, 19]`` / ``[200, 900]``
range 3至5, 3-5; 概数 三四个                   ``[3, 5]``; ``[3, 4]``
==========================================  ==============================

Synonyms follow the same rules (see :data:`QUALIFIERS`): 共计 一共 总共 达到
长达 are exact; 超出 高于 as 超; 不少于 不低于 至少 上百 上亿 上百万 上千万 as 以上; 不超过
不高于 最多 至多 as 以下; 少于 低于 as 不足; 约为 as 约. Two qualifiers on one
figure (约300多人) allow the intersection of their intervals
(:meth:`Interval.intersection`); when they have none (不足300余人), the
extractor keeps the hull and flags the row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
    "过": "above_open",
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
    # Synonyms of the forms above, as the extractor meets them in text.
    "共计": "exact",
    "一共": "exact",
    "总共": "exact",
    "达到": "exact",
    "长达": "exact",
    "超出": "above_open",
    "高于": "above_open",
    "约为": "about",
    "少于": "below_open",
    "低于": "below_open",
    "不少于": "above_closed",
    "不低于": "above_closed",
    "至少": "above_closed",
    "不超过": "below_closed",
    "不高于": "below_closed",
    "最多": "below_closed",
    "至多": "below_closed",
    "上百": "above_closed",
    "上百万": "above_closed",
    "上千万": "above_closed",
    "上亿": "above_closed",
    "数": "several",
    # 概数: two neighbouring numerals, 三四个 = [3, 4] (a range).
    "概数": "range",
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

    def intersection(self, other: "Interval") -> "Interval":
        """The interval both intervals allow (two qualifiers on one figure).

        Raises ``ValueError`` when they do not overlap.

        Examples
        --------
        >>> a = Interval(300.0, 400.0, False, False)     # 300多
        >>> b = Interval(270.0, 330.0, True, True)       # 约300
        >>> a.intersection(b)
        Interval(lower=300.0, upper=330.0, lower_closed=False, upper_closed=True)
        """
        if self.lower > other.lower or (self.lower == other.lower and not self.lower_closed):
            lo, lo_c = self.lower, self.lower_closed
        else:
            lo, lo_c = other.lower, other.lower_closed
        if self.upper < other.upper or (self.upper == other.upper and not self.upper_closed):
            hi, hi_c = self.upper, self.upper_closed
        else:
            hi, hi_c = other.upper, other.upper_closed
        if lo > hi or (lo == hi and not (lo_c and hi_c)):
            raise ValueError(f"intervals {self} and {other} do not overlap")
        return Interval(lo, hi, lo_c, hi_c)

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

    Raises
    ------
    TypeError
        If ``written`` is neither a number nor a str.
    ValueError
        If ``written`` is zero, not a number, or not finite (``inf``,
        ``1e400`` as a float, NaN): no digit, so no place value.

    Examples
    --------
    >>> [float(place_value(w)) for w in ("80", "3.4", "500", "5000")]
    [10.0, 0.1, 100.0, 1000.0]
    >>> place_value("inf")
    Traceback (most recent call last):
    ...
    ValueError: written must be a finite number, not 'inf'
    """
    d = _finite_decimal(written, "written").normalize()
    if d == 0:
        raise ValueError("place value of zero is undefined")
    return Decimal(10) ** d.as_tuple().exponent


def _finite_decimal(x, name: str) -> Decimal:
    """``x`` (a str, int, float or Decimal) as a finite Decimal, or a clear error naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, (str, int, float, Decimal)):
        raise TypeError(f"{name} must be a number or a numeric str, not {type(x).__name__}")
    try:
        d = Decimal(x.strip()) if isinstance(x, str) else Decimal(str(x)) if isinstance(x, float) else Decimal(x)
    except InvalidOperation:
        raise ValueError(f"{name} must be a number, not {x!r}") from None
    if not d.is_finite():
        raise ValueError(f"{name} must be a finite number, not {x!r}")
    return d


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
        ``"percent"`` makes 超 and 以上 bounded at 100 (a share cannot
        exceed 100 %).
        A percentage *change* (which can) should pass another unit, e.g.
        ``"percent_change"``.
    non_negative : bool
        Whether the quantity cannot be negative (counts, money, area): then
        以下 gives ``[0, v]`` rather than ``(-inf, v]``.

    Returns
    -------
    Interval

    Raises
    ------
    TypeError
        If an argument has the wrong type (``written`` not a number or a
        numeric str, ``qualifier`` or ``unit`` not a str, ``non_negative``
        not a bool); the message names the argument.
    ValueError
        If ``written`` or ``multiplier`` is not a finite number (a stated
        figure is never infinite), ``multiplier`` is not positive, the
        product overflows a float, or ``qualifier`` is unknown or needs two
        numbers.

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
    >>> qualifier_interval("80", "以上", unit="percent")
    Interval(lower=80.0, upper=100.0, lower_closed=True, upper_closed=True)
    >>> qualifier_interval("40", "超", unit="percent_change").upper
    inf
    >>> qualifier_interval(None)
    Traceback (most recent call last):
    ...
    TypeError: written must be a number or a numeric str, not NoneType
    >>> qualifier_interval("1e400", "余")
    Traceback (most recent call last):
    ...
    ValueError: written times multiplier is too large for a float: '1e400' x 1
    """
    if not isinstance(qualifier, str):
        raise TypeError(f"qualifier must be a str, not {type(qualifier).__name__}")
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a str, not {type(unit).__name__}")
    if not isinstance(non_negative, bool):
        raise TypeError(f"non_negative must be a bool, not {type(non_negative).__name__}")
    written_d = _finite_decimal(written, "written")
    mult_d = _finite_decimal(multiplier, "multiplier")
    if mult_d <= 0:
        raise ValueError(f"multiplier must be positive, not {multiplier!r}")
    if qualifier not in QUALIFIERS:
        raise ValueError(
            f"unknown qualifier {qualifier!r}; expected one of "
            + ", ".join(repr(q) for q in QUALIFIERS if q)
        )
    rule = QUALIFIERS[qualifier]
    if rule in ("range", "several", "several_tens"):
        raise ValueError(f"qualifier {qualifier!r} needs two numbers: use range_interval()")
    v = float(written_d * mult_d)
    if math.isinf(v):
        raise ValueError(f"written times multiplier is too large for a float: {written!r} x {multiplier!r}")
    if rule == "more_place" and written_d == 0:
        raise ValueError("place value of zero is undefined")
    iv = _rule_interval(written_d, mult_d, rule, unit, non_negative)
    if math.isinf(iv.upper) and rule == "more_place":
        raise ValueError(f"{written!r} x {multiplier!r} with {qualifier!r}: upper bound too large for a float")
    return iv


def _rule_interval(written: Decimal, mult: Decimal | int, rule: str, unit: str, non_negative: bool) -> Interval:
    """The interval of one rule, for arguments already checked (the extractor's fast path).

    ``written`` is a finite non-zero Decimal (non-zero for ``more_place``)
    and ``written * mult`` a finite float.
    """
    v = float(written * mult)
    inf = math.inf
    if rule == "exact":
        return Interval(v, v, True, True)
    if rule == "more_place":
        p = float(Decimal(10) ** written.normalize().as_tuple().exponent * mult)
        return Interval(v, v + p, False, False)
    if rule == "above_open":
        if unit in _PERCENT_UNITS and v < 100:
            return Interval(v, 100.0, False, True)
        return Interval(v, inf, False, False)
    if rule == "above_closed":
        if unit in _PERCENT_UNITS and v <= 100:
            return Interval(v, 100.0, True, True)
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
    >>> range_interval(5, 3)
    Traceback (most recent call last):
    ...
    ValueError: low 5.0 exceeds high 3.0
    """
    lo = float(_finite_decimal(low, "low"))
    hi = float(_finite_decimal(high, "high"))
    if math.isinf(lo) or math.isinf(hi):
        raise ValueError(f"range bounds must be finite floats, not {low!r}, {high!r}")
    if lo > hi:
        raise ValueError(f"low {lo} exceeds high {hi}")
    return Interval(lo, hi, True, True)


# Longer indefinite numerals (几亿亿亿…) are not words: refused before any arithmetic.
_MAX_WORD_LEN = 12
_CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_PLACE = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


def _cn_int(word: str) -> int:
    """Value of a Chinese numeral without 零 (一百二十, 三万, 十二)."""
    total = section = 0
    digit: int | None = None
    for ch in word:
        if ch in _CN_DIGIT:
            if digit is not None:
                raise ValueError(f"no interval convention for {word!r}")
            digit = _CN_DIGIT[ch]
        elif ch in _CN_PLACE:
            section += (1 if digit is None else digit) * _CN_PLACE[ch]
            digit = None
        elif ch in _CN_BIG:
            part = section + (digit or 0)
            total = (total + (part or 1)) * _CN_BIG[ch] if ch == "亿" else total + (part or 1) * _CN_BIG[ch]
            section, digit = 0, None
        else:
            raise ValueError(f"no interval convention for {word!r}")
    return total + section + (digit or 0)


def interval_from_words(word: str) -> Interval:
    """Intervals for indefinite numerals built on 几 or 数.

    几 stands for a digit: 2 to 9 when it leads (几, 几十, 几百万, 数千),
    1 to 9 after a place (十几 = 11 to 19, 二十几 = 21 to 29). The interval
    is closed at both ends.

    Examples
    --------
    >>> interval_from_words("几十")
    Interval(lower=20.0, upper=90.0, lower_closed=True, upper_closed=True)
    >>> interval_from_words("几")
    Interval(lower=2.0, upper=9.0, lower_closed=True, upper_closed=True)
    >>> interval_from_words("十几")
    Interval(lower=11.0, upper=19.0, lower_closed=True, upper_closed=True)
    >>> interval_from_words("数百")
    Interval(lower=200.0, upper=900.0, lower_closed=True, upper_closed=True)
    >>> interval_from_words("几十万").upper
    900000.0
    """
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, not {type(word).__name__}")
    if len(word) > _MAX_WORD_LEN:
        raise ValueError(f"no interval convention for a {len(word)}-character word")
    marks = [i for i, ch in enumerate(word) if ch in "几数"]
    if len(marks) != 1 or (word[marks[0]] == "数" and marks[0] != 0):
        raise ValueError(f"no interval convention for {word!r}")
    i = marks[0]
    low_digit = "二" if i == 0 else "一"
    low = _cn_int(word[:i] + low_digit + word[i + 1 :])
    high = _cn_int(word[:i] + "九" + word[i + 1 :])
    return Interval(float(low), float(high), True, True)
