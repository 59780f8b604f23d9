"""Extract quantitative facts from Chinese governance texts.

:func:`extract_quantities` turns a text into a reviewable table with one row
per stated quantity: where it is (character offsets into the text as given),
what it says as an interval (the conventions of :mod:`govstudy.intervals`),
its unit and, as a best effort, what it counts. It is a first pass for a
human coder, not a replacement: every row points at its span so that it can
be checked against the text.

How it reads a figure
---------------------
A figure is an optional prefix qualifier (超过, 近, 共 …), a number (Arabic
digits with decimals or thousands separators, Chinese numerals, or both:
3.4万, 500余万, 一千二百), an optional 余/多 and 万/亿, a unit or measure
word (人, 人次, 个, 项, 元, 平方公里 …, or a percentage: 85%, 百分之八十五,
八成, 三分之二, 2/3) and an optional suffix qualifier (以上, 以下, 左右, 上下).
A number may have no leading digit: 万余户, 千余名, 上千名, 上万人次, 数万名,
上千万元.
The ``surface`` column is exactly that stretch of text, e.g. ``超过400人次``,
``3.4万余人``, ``共3万元``, ``超40%``, ``500余万元``. A qualifier separated
from the number by other words (累计解决…问题80余项) is not part of it.

Rules worth knowing

* Percentages have unit ``"percent"`` and values in percentage points; a
  fraction (三分之二) and 成 (八成) are converted to percent too, and so is
  a proper slash fraction with a denominator up to 10 (2/3, 1/4; 5/12 and
  24/7 may be a date or a schedule and are left alone). A qualifier before a
  share may be joined to it by 占: 约占三分之一 is 约. After a word
  of change (提升, 增长, 下降 …, see ``CHANGE_WORDS`` in
  :mod:`govstudy._extract_lexicon`) a percentage is a *change* and gets unit
  ``"percent_change"`` (as in the shipped dataset): 提升超40% is
  ``(40, inf)`` while a share 超40% is ``(40, 100]``.
* A range (3至5人, 3-5个, 三四个, 十几个, 几百人, and with the unit written
  at both ends 3米至5米, 20岁到35岁) has ``value`` NaN: the text states no
  single number; ``lower``/``upper`` carry what it says. (With
  ``include=``, a date written 2024-05-01 or a clock time 8:30 has NaN
  value and bounds too.)
* Codes are not quantities: phone numbers (028-86001234), a bare run of
  seven or more digits, numbers joined to Latin letters (5G, COVID-19) or
  to ``+ : # @`` (1+3+N, 1:1, #12).
* Two qualifiers on one figure (约300多人) give the intersection of their
  intervals and the qualifier ``"约+多"``. An exact prefix (共, 累计, 达 …)
  with 余/多 reports the 余/多. When the two allow no common value
  (不足300余人) the row is kept with the hull of the two intervals (every
  value either allows, here ``[0, 400)``) and ``flag`` is
  ``"contradictory_qualifiers"`` (see :data:`FLAGS`): a coder must read it.
* Dates, clock times, durations (三年来, 半小时, 一个月, 两个小时, 一个周末),
  ordinals (第一, 1号小区, 三级医院), tiers of an organisation (三级网格,
  四级联动, 三层架构: kind ``"structure"``), the indefinite article 一
  (一个样本, 一支队伍) and numerals inside words and names (四川, 统一,
  万年场, “1161”工作法, 1+3+N, 15分钟幸福生活圈) are not quantities.
  ``include=`` any of :data:`KINDS` (``"date", "time", "duration",
  "ordinal", "indefinite", "structure"``) adds those kinds back, with a
  ``kind`` column; words and names are never returned. The word lists are
  data in :mod:`govstudy._extract_lexicon`.
* Tiers are structure, not quantities: 三级网格 says how an organisation is
  built (three levels: city, street, community), not an amount that could be
  larger or smaller in another case; the count of levels belongs in a
  mechanism, as the shipped dataset codes 三级架构 (``non_quantities.csv``,
  reason ``structure``). A tier is N级 or N层 followed by an organisational
  noun (``TIER_NOUNS``); other N级 stay ordinals (三级医院, 二级响应).
* 近 + a duration is "in the recent N years", a period of exactly N, when
  来/以来/里/间/中 follows or the phrase opens a clause (近五年来, 近两年，…):
  kind ``"duration"``, qualifier ''. Elsewhere (历时近两年) it is "nearly".
* Full-width digits and punctuation (３．４万，８５％) are read as their
  ASCII forms; offsets always point into the text as given, a leading
  byte-order mark (U+FEFF) included. It and other invisible format
  characters never enter ``counted``; ``govstudy extract`` drops a leading
  BOM when it reads a file, so its offsets count from the text after it.
* ``counted`` is the noun phrase a coder would code, as written, without
  the numeral, measure word, qualifiers, verbs, time phrases and place names
  that only say where (松林村建成议事亭2处: 议事亭); for a share, the group it
  is a share of (老年人约占三成: 老年人). The convention is in
  ``data/README.md``; the word lists are ``COUNTED_*`` in
  :mod:`govstudy._extract_lexicon`, read in a window of a few characters on
  either side of the figure (constant work per figure).
* Hostile text: any string gives rows or none, never an exception. A
  numeral token longer than 40 characters or worth more than 10^15 (above
  which a float no longer holds every whole unit) is not a figure, so no
  stated value is infinite; the digit groups of a number written with
  separators (``1,234,567``) are read once, from its start, never as figures
  of their own.

The scanner is one compiled character-class regex over the text plus table
lookups around each candidate; a numeral read as part of a figure, kept or
refused, is not read again, and names in parentheses are looked up by
bisection, so the running time is linear in the length of the text whatever
it holds (``benchmarks/bench_extract.py`` prints the ratios on adversarial
inputs).
"""

from __future__ import annotations

import argparse
import bisect
import math
import re
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import _extract_lexicon as lex
from ._gcpause import paused_gc
from .intervals import (
    QUALIFIERS,
    Interval,
    _rule_interval,
    interval_from_words,
)

__all__ = ["extract_quantities", "KINDS", "COLUMNS", "FLAGS", "add_extract_parser", "run_extract"]

#: Kinds that ``include=`` can add to the default quantities (``structure``:
#: tiers of an organisation, 三级网格).
KINDS: tuple[str, ...] = ("date", "time", "duration", "ordinal", "indefinite", "structure")

#: Columns of the result, in order (``kind`` is appended when ``include`` is used).
COLUMNS: tuple[str, ...] = (
    "start", "end", "surface", "value", "lower", "upper", "lower_closed", "upper_closed",
    "qualifier", "unit", "counted", "sentence_start", "sentence_end", "flag",
)

# ---------------------------------------------------------------- scanning
# Full-width forms read as ASCII: digits, letters and the symbols that matter
# inside a figure. Chinese punctuation (，。、；：！？（）) is left alone and
# handled in its own right, so that the result never depends on whether a
# text happens to contain a full-width digit.
_FULLWIDTH_CHARS = "０１２３４５６７８９．％＋－～／＝＜＞" + "".join(
    chr(c) for c in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))
)
_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in _FULLWIDTH_CHARS}
_FULLWIDTH_RE = re.compile("[" + re.escape(_FULLWIDTH_CHARS) + "]")
_RUN = re.compile("[" + lex.NUMERAL_CHARS + "]+")
_RUN_NO_SHU = re.compile("[" + lex.NUMERAL_CHARS.replace("数", "") + "]+")
_DECIMAL = re.compile(r"\.[0-9]+")
_THOUSANDS = re.compile(r",[0-9]{3}(?![0-9])")
_NUMERIC_DATE = re.compile(
    r"(?:1[89]|20)[0-9]{2}(?:([-/])(?:0?[1-9]|1[0-2])(?![0-9])(?:\1(?:0?[1-9]|[12][0-9]|3[01])(?![0-9]))?"
    r"|\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12][0-9]|3[01])(?![0-9]))"
)
_SLASH_FRACTION = re.compile(r"([0-9]{1,2})/([0-9]{1,2})(?![0-9/.,:：])")
_CLOCK = re.compile(r"(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9](?![0-9])")
_CODE_JOINERS = frozenset(":：∶#@_/-")
_SENTENCE_END = re.compile(r"[。!?;！？；\n]+[”’」』)）\"']*")
_PIECES = re.compile(r"[0-9]+(?:\.[0-9]+)?|.")
_DIGITS = frozenset("0123456789")
_SMALL_OR_BIG = frozenset("十百千万亿")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NO_UNIT_FOLLOWERS = frozenset("、和与及或的")
_ENUM_BEFORE = frozenset("\n(（")
_ENUM_AFTER = frozenset("、.)）")
_WEEKDAYS = frozenset(("一", "二", "三", "四", "五", "六", "日", "天"))
_HEADS_RE = re.compile("|".join(sorted(lex.COUNTED_HEADS, key=len, reverse=True)))


def _build_block_index() -> dict[str, dict[tuple[int, int], frozenset[str]]]:
    """run of numeral characters -> {(offset in word, word length): words}."""
    index: dict[str, dict[tuple[int, int], set[str]]] = {}
    for word in lex.NON_QUANTITY_WORDS:
        for m in _RUN.finditer(word):
            slot = index.setdefault(m.group(), {}).setdefault((m.start(), len(word)), set())
            slot.add(word)
    return {run: {k: frozenset(v) for k, v in d.items()} for run, d in index.items()}


_BLOCK = _build_block_index()
_NAME_PAREN_RE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in lex.NAME_EXPLAINED_BY_PARENS) + r")[(（][^()（）\n。！？；!?;]{0,120}[)）]"
)


# ---------------------------------------------------------------- numbers
class _Num:
    """A parsed numeral: point value, range or indefinite word."""

    __slots__ = ("form", "written", "mult", "low", "high", "chinese", "digit_string", "word")

    def __init__(self, form, written=None, mult=1, low=None, high=None, chinese=False,
                 digit_string=False, word=""):
        self.form = form  # "point" | "range" | "several"
        self.written = written  # Decimal mantissa before the 万/亿 multiplier
        self.mult = mult
        self.low = low
        self.high = high
        self.chinese = chinese
        self.digit_string = digit_string
        self.word = word

    @property
    def value(self) -> Decimal:
        return self.written * self.mult

    def value_or_high(self) -> Decimal | float:
        """The value, or the upper end of a range (for the 成 test)."""
        return self.value if self.form == "point" else self.high


def _standard_value(tok: str) -> Decimal | None:
    """Value of a numeral mixing Arabic numbers and Chinese places, or None."""
    total = Decimal(0)
    section = Decimal(0)
    cur: Decimal | None = None
    cur_is_cn_digit = False
    last_place = 0
    zero = False
    for piece in _PIECES.findall(tok):
        if piece[0] in _DIGITS:
            if cur is not None:
                return None
            if len(piece) > 1 and piece[0] == "0" and piece[1] != ".":
                return None  # a code such as 028
            cur = Decimal(piece)
            cur_is_cn_digit = False
        elif piece in lex.CN_DIGITS:
            d = lex.CN_DIGITS[piece]
            if d == 0:
                if cur is not None:
                    return None
                zero = True
                continue
            if cur is not None:
                return None
            cur = Decimal(d)
            cur_is_cn_digit = True
        elif piece in lex.CN_SMALL_PLACES:
            p = lex.CN_SMALL_PLACES[piece]
            if last_place and p >= last_place and last_place < 10_000:
                return None  # 百十, 十百
            section += (Decimal(1) if cur is None else cur) * p
            cur = None
            last_place = p
            zero = False
        elif piece in lex.CN_BIG_PLACES:
            b = lex.CN_BIG_PLACES[piece]
            part = section + (cur if cur is not None else 0)
            if part == 0:
                if total == 0:
                    part = Decimal(1)  # 万 alone, 上万
                elif b == 100_000_000:
                    total *= b  # 万亿
                    last_place = b
                    continue
                else:
                    return None
            if b == 100_000_000:
                total = (total + part) * b
            else:
                total += part * b
            section = Decimal(0)
            cur = None
            last_place = b
            zero = False
        else:
            return None
    if cur is not None:
        if last_place >= 100 and not zero and cur_is_cn_digit:
            cur *= Decimal(last_place) / 10  # 三万五 = 35000, 一百五 = 150
        elif last_place and not cur_is_cn_digit and not zero and last_place >= 10:
            return None  # 3万5 is ambiguous: refuse
        total += cur
    return total + section


def _split_mult(tok: str, value: Decimal) -> tuple[Decimal, int]:
    if tok.endswith("万亿"):
        m = 10**12
    elif tok.endswith("亿"):
        m = 100_000_000
    elif tok.endswith("万"):
        m = 10_000
    else:
        return value, 1
    return value / m, m


# Bounds on what can be a stated figure. A numeral token longer than
# _MAX_TOKEN_LEN characters (the longest plausible, 九千九百九十九万…, has 31;
# 1,234,567,890,123.45 has 20) is not a figure, and a value above
# _MAX_VALUE (10^15, below 2^53, so floats still hold every whole unit) is
# not one either: both are refused before any arithmetic can overflow.
_MAX_TOKEN_LEN = 40
_MAX_VALUE = Decimal(10) ** 15


@lru_cache(maxsize=8192)
def _parse(tok: str) -> _Num | None:
    """Parse a numeral token; None if it is not a plausible number (cached: tokens repeat a lot)."""
    if not tok or len(tok) > _MAX_TOKEN_LEN:
        return None
    num = _parse_uncached(tok)
    if num is None:
        return None
    top = num.value if num.form == "point" else num.high
    if not (abs(top) <= _MAX_VALUE):  # also refuses NaN and infinity
        return None
    return num


def _parse_uncached(tok: str) -> _Num | None:
    if "," in tok:
        tok = tok.replace(",", "")
    if tok == "半":
        return _Num("point", Decimal("0.5"), chinese=True)
    chinese = not (_DIGITS & set(tok))
    if "几" in tok or tok[0] == "数":
        if not chinese:
            return None
        try:
            iv = interval_from_words(tok)
        except ValueError:
            return None
        return _Num("several", low=iv.lower, high=iv.upper, chinese=True, word=tok)
    if chinese:
        if not (_SMALL_OR_BIG & set(tok)):
            if any(c not in lex.CN_DIGITS for c in tok):
                return None
            digits = [lex.CN_DIGITS[c] for c in tok]
            if len(digits) == 1:
                return _Num("point", Decimal(digits[0]), chinese=True)
            if len(digits) == 2 and digits[1] == digits[0] + 1 and digits[0] > 0:
                return _Num("range", low=Decimal(digits[0]), high=Decimal(digits[1]), chinese=True)
            return _Num("point", Decimal("".join(map(str, digits))), chinese=True, digit_string=True)
        # 概数: neighbouring digits 三四百, 十二三, 五六十, 一两百
        for i in range(len(tok) - 1):
            a, b = lex.CN_DIGITS.get(tok[i]), lex.CN_DIGITS.get(tok[i + 1])
            if a and b:
                if b != a + 1:
                    return None
                lo = _standard_value(tok[: i + 1] + tok[i + 2 :])
                hi = _standard_value(tok[:i] + tok[i + 1 :])
                if lo is None or hi is None:
                    return None
                return _Num("range", low=lo, high=hi, chinese=True)
    value = _standard_value(tok)
    if value is None:
        return None
    written, mult = _split_mult(tok, value)
    return _Num("point", written, mult, chinese=chinese)


def _round(num: _Num) -> bool:
    """Whether 余/多 may follow: the number ends in a zero or a place."""
    if num.form != "point":
        return False
    if num.mult > 1:
        return True
    w = num.written
    return w == w.to_integral_value() and w >= 10 and int(w) % 10 == 0


# ---------------------------------------------------------------- helpers
class _Words:
    """A word set with longest-match lookup at a position (indexed by first character)."""

    __slots__ = ("words", "lens")

    def __init__(self, words) -> None:
        self.words = frozenset(words)
        lens: dict[str, set[int]] = {}
        for w in self.words:
            lens.setdefault(w[0], set()).add(len(w))
        self.lens = {c: tuple(sorted(v, reverse=True)) for c, v in lens.items()}

    def match(self, t: str, pos: int) -> str:
        """The longest word starting at ``t[pos]``, or ''."""
        if pos >= len(t):
            return ""
        for L in self.lens.get(t[pos], ()):
            w = t[pos : pos + L]
            if w in self.words:
                return w
        return ""


_NAME_SUFFIX_WORDS = _Words(lex.NAME_SUFFIXES)
_MORE_FALSE = _Words(lex.MORE_FALSE_WORDS)
_UNIT_FALSE = _Words(lex.UNIT_FALSE_WORDS)
_UNIT_WORDS = _Words(lex.UNITS)
_UNIT_Q_WORDS = _Words(lex.UNITS_WITH_QUALIFIER)
_POST_FALSE = _Words(lex.POST_FALSE_WORDS)
_UNIT_HALF_WORDS = _Words(lex.UNITS_WITH_HALF)
_TIER_NOUNS = _Words(lex.TIER_NOUNS)
_RECENT_TAILS = _Words(lex.RECENT_TAILS)
_PREFIX_LAST = frozenset(q[-1] for q in lex.PREFIX_QUALIFIERS)
# First characters that can follow a numeral in a figure; a Chinese numeral
# followed by anything else (统一, 一起 …) is rejected without further work.
_CONTINUE = frozenset(
    "".join(lex.UNITS) + "".join(lex.UNITS_WITH_QUALIFIER) + "".join(lex.NAME_SUFFIXES)
    + "".join(lex.MORE_SUFFIXES) + "".join(lex.RANGE_SEPARATORS) + "".join(lex.UNITS_WITH_HALF)
    + "分成%‰以左上万亿"
)


def _blocked(t: str, s: int, run: str) -> bool:
    slots = _BLOCK.get(run)
    if not slots:
        return False
    for (k, L), words in slots.items():
        a = s - k
        if a >= 0 and t[a : a + L] in words:
            return True
    return False


def _unit_follows(t: str, e: int) -> bool:
    """A measure word (after an optional 余/多) starts at ``e``: 千万元, 千万余人."""
    if e < len(t) and t[e] in lex.MORE_SUFFIXES:
        e += 1
    w = _UNIT_WORDS.match(t, e)
    return bool(w) and lex.UNITS[w] == "q" and len(_UNIT_FALSE.match(t, e)) <= len(w)


def _prefix_qualifier(t: str, s: int, floor: int = 0) -> str:
    """The prefix qualifier (as written) ending at ``s`` and starting at or after ``floor``, or ''."""
    if s <= floor or t[s - 1] not in _PREFIX_LAST:
        return ""
    for L in range(lex.PREFIX_MAX_LEN, 0, -1):
        a = s - L
        if a < floor:
            continue
        w = t[a:s]
        if w in lex.PREFIX_QUALIFIERS:
            if t[a - 1 : s] in lex.PREFIX_FALSE_WORDS or (a >= 2 and t[a - 2 : s] in lex.PREFIX_FALSE_WORDS):
                continue
            return w
    return ""


def _is_change(t: str, a: int, floor: int) -> bool:
    """A word of change (提升, 增长 …) ends at ``a`` (optionally before 了)."""
    if a > floor and t[a - 1] == "了":
        a -= 1
    for L in range(lex.CHANGE_MAX_LEN, 0, -1):
        if a - L >= floor and t[a - L : a] in lex.CHANGE_WORDS:
            return True
    return False


# What is counted (the convention: data/README.md, "What is counted"). Words
# of the clause around a figure, by role: "verb" and "adv" (adverbs,
# qualifiers, time words) end what comes before the noun, and so does
# "place" unless a verb comes before it; "people_verb" (服务, 培训 …) is a
# verb only before one of COUNTED_PEOPLE; "noun" keeps whole a word that
# holds one of the others (社区工作者). One-character qualifiers (共, 近,
# 超 …) and words of change (增, 降) are left out: they end other words
# (公共, 附近, 新增) and sit in the figure or right before it, where the
# link words are skipped anyway.
_COUNTED_ROLE: dict[str, str] = {
    **{w: "place" for w in lex.COUNTED_PLACES},
    **{w: "adv" for w in lex.PREFIX_QUALIFIERS if len(w) > 1},
    **{w: "adv" for w in lex.COUNTED_ADVERBS},
    **{w: "verb" for w in lex.CHANGE_WORDS if len(w) > 1},
    **{w: "people_verb" for w in lex.COUNTED_VERBS_BEFORE_PEOPLE},
    **{w: "verb" for w in lex.COUNTED_VERBS},
    **{w: "noun" for w in lex.COUNTED_NOUNS},
}
_COUNTED_WORDS = _Words(_COUNTED_ROLE)
# the same words looked up by their last character (read from the right)
_COUNTED_BY_LAST: dict[str, tuple[int, ...]] = {
    c: tuple(sorted({len(w) for w in _COUNTED_ROLE if w[-1] == c}, reverse=True)) for c in {w[-1] for w in _COUNTED_ROLE}
}
_COUNTED_PEOPLE = _Words(lex.COUNTED_PEOPLE)
# a verb that is no head noun (组织, 服务 are) ends no noun: 街道出资120万元
_COUNTED_LINKS = frozenset(
    lex.COUNTED_LINKS | lex.CHANGE_WORDS | set(lex.PREFIX_QUALIFIERS) | (lex.COUNTED_VERBS - set(lex.COUNTED_HEADS))
)
_COUNTED_LINK_LAST = frozenset(w[-1] for w in _COUNTED_LINKS)
_COUNTED_LINK_LENS = tuple(sorted({len(w) for w in _COUNTED_LINKS}, reverse=True))
_COUNTED_STOP_CLASS = re.escape("".join(sorted(lex.COUNTED_STOP)))
_COUNTED_FORWARD_RE = re.compile("[^" + _COUNTED_STOP_CLASS + "]*")
# the run of non-stop characters that ends at endpos (group 1), in one pass
_COUNTED_BACK_RE = re.compile("(?:[^{0}]*+[{0}])*+([^{0}]*+)\\Z".format(_COUNTED_STOP_CLASS))
_COUNTED_FIRST_RE = re.compile("[" + re.escape("".join(sorted({w[0] for w in _COUNTED_ROLE}))) + "]")
_COUNTED_LAST_RE = re.compile("[" + re.escape("".join(sorted(_COUNTED_BY_LAST))) + "]")
_CLAUSE_BREAK_RE = re.compile("[，,。；;：:！!？?、\n]")


def _counted_role(t: str, a: int, b: int) -> str:
    """Role of the word ``t[a:b]`` (a key of ``_COUNTED_ROLE``) in its context."""
    role = _COUNTED_ROLE[t[a:b]]
    if role == "people_verb":
        return "verb" if _COUNTED_PEOPLE.match(t, b) else "noun"
    return role


def _skip_links(t: str, k: int, floor: int) -> int:
    """Start of the run of link words (占, 占比, 已建成, 同比下降了 …) that ends at ``k``."""
    for _ in range(4):
        if k <= floor or t[k - 1] not in _COUNTED_LINK_LAST:
            break
        for L in _COUNTED_LINK_LENS:
            if k - L >= floor and t[k - L : k] in _COUNTED_LINKS:
                k -= L
                break
        else:
            break
    return k


def _counted_after(t: str, i: int, e: int) -> str:
    """The noun phrase ``t[i:e]`` after a figure (3个党群服务驿站, 九成的小区) cut to size, or ''
    when it begins with a verb or adverb (投入资金300万元改造…: the noun is before the figure)."""
    lens = _COUNTED_WORDS.lens.get(t[i])
    if lens:
        for L in lens:
            if t[i : i + L] in _COUNTED_ROLE:
                if _counted_role(t, i, i + L) in ("verb", "adv"):
                    return ""
                break
    h = _HEADS_RE.search(t, i, e)
    if h is not None:
        # up to the last head noun before a verb or adverb (118个微网格划分出… -> 微网格,
        # 楼道照明设施 -> 楼道照明设施)
        end = h.end()
        p = end
        while p < e:
            w = _COUNTED_WORDS.match(t, p)
            if w and _counted_role(t, p, p + len(w)) in ("verb", "adv"):
                break
            h = _HEADS_RE.match(t, p, e)
            if h is not None:
                end = p = h.end()
            else:
                p += len(w) or 1
        return t[i:end]
    if _COUNTED_FIRST_RE.search(t, i + 1, e):
        p = i + 1
        while p < e:  # no head noun: the noun ends at the first verb or adverb (受访者认为…)
            w = _COUNTED_WORDS.match(t, p)
            if w:
                if _counted_role(t, p, p + len(w)) in ("verb", "adv"):
                    return t[i:p]
                p += len(w)
            else:
                p += 1
    return t[i:e] if e - i < lex.COUNTED_MAX_LEN else t[i : i + 4]


def _counted_before(t: str, before: int, floor: int) -> str:
    """The noun phrase before a figure, without the verbs, qualifiers, time and place words before it."""
    k = _skip_links(t, before, floor)
    if k > floor and t[k - 1] in lex.CLOSE_QUOTES:  # “红色议事厅”11个: the quoted name
        p = max(t.rfind(q, max(floor, k - lex.COUNTED_BACK_MAX_LEN), k - 1) for q in lex.OPEN_QUOTES)
        if p >= 0 and k - p > 2 and not _CLAUSE_BREAK_RE.search(t, p, k):
            return t[p + 1 : k - 1]
        return ""
    if k > floor and t[k - 1] == "的":  # X占Y的15%: a share of X
        p = t.rfind("占", max(floor, k - lex.COUNTED_LOOKBACK), k - 1)
        if p < 0 or _CLAUSE_BREAK_RE.search(t, p, k):
            return ""
        k = _skip_links(t, p + 1, floor)
    elif k < before and ("到" in t[k:before] or "至" in t[k:before]):  # X由25%提高到40%: also X
        lo = max(floor, k - lex.COUNTED_LOOKBACK)
        p = max(t.rfind("由", lo, k), t.rfind("从", lo, k))  # (X从61%提高到88%)
        if p >= 0 and not _CLAUSE_BREAK_RE.search(t, p, k):
            k = _skip_links(t, p, floor)
    j = _COUNTED_BACK_RE.match(t, max(floor, k - lex.COUNTED_BACK_MAX_LEN), k).start(1)
    if k - j < 2:
        return ""  # a fragment (比 of 占比, 年 of 上年) is not a noun
    if not _COUNTED_LAST_RE.search(t, j, k):
        return t[j:k]  # no word of a role: all noun (居民满意度)
    if k < before and t[j:k] in lex.COUNTED_PLACES:
        return ""  # 街道出资120万元: who gives, not what is counted
    # Read the words from the right: the noun starts after the last verb or
    # adverb (one that ends the window is part of the noun: 成立各类组织12个),
    # or after a place word with no verb before it (社区流动人口 -> 流动人口).
    rate = t.endswith(lex.COUNTED_RATE_ENDS, j, k)  # 调解成功率: a verb inside a rate is part of it
    start = j
    q = k
    while q > j:
        lens = _COUNTED_BY_LAST.get(t[q - 1])
        L = 0
        if lens:
            for n in lens:
                if q - n >= j and t[q - n : q] in _COUNTED_ROLE:
                    L = n
                    break
        if not L:
            q -= 1
            continue
        role = _counted_role(t, q - L, q)
        if role == "adv":
            start = max(start, q)  # (after a dropped place word: 改造后小区绿化率 -> 绿化率)
            break
        if role == "verb" and q < k and not rate:
            start = q
            break
        if role == "place" and q < k and start == j:
            start = q  # unless a verb comes before it (改造老旧小区 keeps 小区)
        q -= L
    return t[start:k] if k - start > 1 else ""


def _counted_purpose(t: str, after: int) -> str:
    """What money after a figure pays for (80万元用于更新楼道照明设施 -> 楼道照明设施), or ''."""
    i = after + 1 if t.startswith(("，用", "，专", "，全"), after) else after  # (12万元，用于…)
    for w in lex.COUNTED_PURPOSE:
        if t.startswith(w, i):
            i += len(w)
            break
    w = _COUNTED_WORDS.match(t, i)
    if not (w and _counted_role(t, i, i + len(w)) == "verb"):
        return "" if i <= after + 1 else _counted_after_noun(t, i)
    return _counted_after_noun(t, i + len(w))


def _counted_after_noun(t: str, i: int) -> str:
    e = _COUNTED_FORWARD_RE.match(t, i, i + lex.COUNTED_MAX_LEN).end()
    return _counted_after(t, i, e) if e > i else ""


def _counted_group(t: str, before: int, floor: int) -> str:
    """The group of a share named in the clause before it (参与调查的居民中，超过四成… -> 居民)."""
    k = _skip_links(t, before, floor)
    if k - 1 <= floor or t[k - 1] not in "，,":
        return ""
    for w in lex.COUNTED_GROUP_ENDS:
        if t.endswith(w, floor, k - 1):
            return _counted_before(t, k - 1 - len(w), floor)
    return ""


def _counted(t: str, after: int, before: int, floor: int, noun: str) -> str:
    """Best-effort noun phrase of what a figure counts (``t[before:after]`` is the figure)."""
    if noun:
        return noun
    i = after + 1 if after < len(t) and t[after] == "的" else after
    e = _COUNTED_FORWARD_RE.match(t, i, i + lex.COUNTED_MAX_LEN).end()
    found = (e > i and _counted_after(t, i, e)) or _counted_before(t, before, floor)
    last = t[after - 1]
    if last == "元":  # money: its own noun, else what it pays for
        if not found.endswith(lex.COUNTED_MONEY_NOUNS):
            found = _counted_purpose(t, after) or found
    elif not found and (last in "成%‰" or "分之" in t[before:after]):
        if i < len(t) and t[i] in "为是":  # 约七成为外来务工人员: the share is of these
            found = _counted_after_noun(t, i + 1)
        found = found or _counted_group(t, before, floor)
    return found


def _extend_number(t: str, s: int, e: int) -> int:
    """Extend a numeral run over decimals and thousands separators (3.4万, 1,234)."""
    n = len(t)
    while e < n - 1 and t[e - 1] in _DIGITS and t[e] in ".,":
        j = e - 1
        while j > s and t[j - 1] in _DIGITS:
            j -= 1
        if t[e] == ".":
            if j > s and t[j - 1] in ".,":
                break  # 1.2.3 or 1,234.5.6
            m = _DECIMAL.match(t, e)
        else:
            if (j > s and t[j - 1] == ".") or (e - j > 3 and not (j > s and t[j - 1] == ",")):
                break
            if j > s and t[j - 1] == "," and e - j != 3:
                break
            m = _THOUSANDS.match(t, e)
        if m is None:
            break
        e = m.end()
        m2 = _RUN_NO_SHU.match(t, e)
        if m2 is not None and m2.group()[0] not in _DIGITS:
            e = m2.end()
    return e


def _clean_run(t: str, s: int, e: int) -> tuple[int, int]:
    """Trim 数 and 半 that cannot belong to the numeral."""
    run = t[s:e]
    if run[0] == "数" and (len(run) == 1 or run[1] not in _SMALL_OR_BIG):
        return s + 1, e
    i = run.find("数", 1)
    if i > 0:
        e = s + i
        run = run[:i]
    h = run.find("半")
    if h == 0 and len(run) > 1:
        e = s + 1
    elif h > 0:
        e = s + h
    return s, e


# ---------------------------------------------------------------- one figure
class _Row:
    __slots__ = ("start", "end", "value", "iv", "qualifier", "unit", "counted", "kind", "noun", "flag")

    def __init__(self) -> None:
        self.noun = ""
        self.flag = ""


#: Values of the ``flag`` column (besides '' for an ordinary row).
FLAGS: dict[str, str] = {
    "contradictory_qualifiers": "two qualifiers on one figure allow no common value (不足300余人): "
    "the interval spans both readings; check the text",
}


def _interval_for(num: _Num, quals: list[str], unit_iv: str, non_negative: bool) -> tuple[Interval, str, str]:
    return _interval_cached(num.written, num.mult, tuple(quals), unit_iv, non_negative)


@lru_cache(maxsize=16384)
def _interval_cached(written, mult, quals, unit_iv, non_negative) -> tuple[Interval, str, str]:
    # written is a finite Decimal, written * mult at most _MAX_VALUE (checked by
    # _parse and _figure): the rules apply without qualifier_interval's checks
    picked = [q for q in quals if q]
    informative = [q for q in picked if QUALIFIERS[q] != "exact"]
    if not informative:
        q = picked[0] if picked else ""
        return _rule_interval(written, mult, "exact", unit_iv, True), q, ""
    if written == 0 and any(QUALIFIERS[q] == "more_place" for q in informative):
        raise ValueError("place value of zero is undefined")
    ivs = [_rule_interval(written, mult, QUALIFIERS[q], unit_iv, non_negative) for q in informative]
    iv = ivs[0]
    try:
        for one in ivs[1:]:
            iv = iv.intersection(one)
    except ValueError:
        # 不足300余人: "fewer than 300" and "300-odd" share no value. The row
        # is kept, flagged, with the hull of the readings (every value either
        # qualifier allows), rather than silently dropped.
        return _hull(ivs), "+".join(informative), "contradictory_qualifiers"
    return iv, "+".join(informative), ""


@lru_cache(maxsize=16384)
def _exact_interval(v: float) -> Interval:
    """``[v, v]``, shared between figures (an Interval is immutable, and checked when built)."""
    return Interval(v, v, True, True)


def _hull(ivs: list[Interval]) -> Interval:
    """The smallest interval containing every interval in ``ivs``."""
    lo = min(iv.lower for iv in ivs)
    hi = max(iv.upper for iv in ivs)
    lo_c = any(iv.lower == lo and iv.lower_closed for iv in ivs)
    hi_c = any(iv.upper == hi and iv.upper_closed for iv in ivs)
    return Interval(lo, hi, lo_c, hi_c)


def _figure(t: str, s: int, e: int, run: str, name_spans, bare: bool, floor: int = 0) -> tuple[_Row | None, int]:
    """Read the figure whose numeral run is t[s:e]; return (row or None, end consumed).

    ``bare``: numerals without a unit are wanted only as quantities (no
    ordinals or weekdays requested), which allows the quick rejection below.
    ``floor``: where the previous figure ended; a prefix (超, 上, 第) never
    reaches back into it (20多于3人 is 20多 and 于3人, not 多于3人).
    """
    n = len(t)
    if name_spans[0]:
        i = bisect.bisect_right(name_spans[0], s) - 1
        if i >= 0 and s < name_spans[1][i]:
            return None, e  # inside the explanation of a name: 工作法(建强1个…)
    if "半" in run and (half := _half_share(t, s, e, floor)) is not None:
        return half
    if bare and (e >= n or t[e] not in _CONTINUE) and _DIGITS.isdisjoint(run):
        if len(run) < 2 or not ("万" in run or "亿" in run):
            return None, e
    if _blocked(t, s, run) and not (run in lex.NUMBERS_BEFORE_A_UNIT and _unit_follows(t, e)):
        return None, e
    if run[0] in _DIGITS:
        if s >= 2 and t[s - 1] in ".," and t[s - 2] in _DIGITS:
            # the decimals or a thousands group of a number that starts
            # earlier (read, or refused, from its own start): never a figure
            # of its own, and never extended again (this keeps the scan linear)
            return None, e
        m = _NUMERIC_DATE.match(t, s) if len(run) >= 4 and run[0] in "12" else None
        kind = "date"
        if m is None and len(run) <= 2 and e < n and t[e] in ":：":
            m = _CLOCK.match(t, s)
            kind = "time"
        if m is not None:
            r = _Row()
            r.start, r.end, r.kind = s, m.end(), kind
            r.value, r.iv, r.qualifier, r.unit, r.counted = math.nan, None, "", "", ""
            return r, m.end()
        if s >= 1 and t[s - 1] in "#@_":
            return None, e  # #12, @3
        if s >= 2 and t[s - 1] in _CODE_JOINERS and (t[s - 2] in _DIGITS or t[s - 2] in _ASCII_LETTERS):
            return None, e  # 028-12345678, COVID-19, 1:1
    if run[0] in _DIGITS or run[-1] in _DIGITS:
        e = _extend_number(t, s, e)
    if "数" in t[s:e] or "半" in t[s:e]:  # (only these are trimmed)
        s, e = _clean_run(t, s, e)
    if s >= e:
        return None, e
    tok = t[s:e]
    before = t[s - 1] if s > 0 else ""
    after = t[e] if e < n else ""
    # names and codes: “1161”, 1+3+N, 5G, A3
    if (before in lex.OPEN_QUOTES and after in lex.CLOSE_QUOTES) or before == "+" or after == "+":
        return None, e
    slash = _SLASH_FRACTION.match(t, s) if after == "/" else None
    if slash is not None:
        # 2/3, 1/4: a share (a proper fraction with a denominator up to 10; 5/12 and
        # 24/7 are left alone, as they may be a date or a schedule)
        a, b = int(slash.group(1)), int(slash.group(2))
        if (not (0 < a < b <= lex.SLASH_MAX_DENOMINATOR) or before in _CODE_JOINERS or before in ".,"
                or before in _ASCII_LETTERS or before in lex.ORDINAL_PREFIXES
                or t[slash.end() : slash.end() + 1] in _ASCII_LETTERS):
            slash = None
    if slash is None and (before in _ASCII_LETTERS or after in _ASCII_LETTERS
                          or (after in _CODE_JOINERS and after != "-")):
        return None, e
    if len(tok) >= 7 and tok.isdigit() and not _UNIT_WORDS.match(t, e) and after not in lex.MORE_SUFFIXES:
        return None, e  # a bare run of 7+ digits is an identifier (phone, ID, hotline)
    if after in _NAME_SUFFIX_WORDS.lens and _NAME_SUFFIX_WORDS.match(t, e):
        return None, e
    if before in lex.PER_PREFIXES:
        return None, e  # 每万人, 每3个月: the base of a rate
    kind = "quantity"
    if before in lex.ORDINAL_PREFIXES:
        kind = "ordinal"
    elif (s == 0 or before in _ENUM_BEFORE) and after in _ENUM_AFTER:
        kind = "ordinal"  # 一、 1. (1)
    elif tok in _WEEKDAYS and any(t.startswith(p, s - len(p)) for p in lex.WEEKDAY_PREFIXES if s >= len(p)):
        kind = "date"  # 每周二, 星期三

    # fractions and 百分之
    percent = False
    fraction = None
    if slash is not None:
        percent = True
        v = Decimal(a * 100) / Decimal(b)
        numv = fraction = _Num("point", v.quantize(Decimal("1e-12")).normalize())
        e = slash.end()
    elif t.startswith("分之", e):
        m = _RUN_NO_SHU.match(t, e + 2)
        if m is None:
            return None, e
        ne = _extend_number(t, m.start(), m.end())
        den, num = _parse(tok), _parse(t[m.start() : ne])
        if den is None or num is None or den.form != "point" or num.form != "point" or den.value == 0:
            return None, ne
        percent = True
        if den.value == 100:
            fraction = num
        else:
            v = num.value * 100 / den.value
            if v > _MAX_VALUE:
                return None, ne
            fraction = _Num("point", v.quantize(Decimal("1e-12")).normalize() if den.value != 1000 else v)
        e = ne
        numv = fraction
    else:
        numv = _parse(tok)
        if numv is None:
            return None, e
    if numv.digit_string and not (t.startswith("年", e)):
        return None, e

    quals = ["", "", ""]  # prefix, 余/多, post
    # 余/多 and a multiplier after them
    if not percent and e < n and t[e] in lex.MORE_SUFFIXES and _round(numv):
        if not _MORE_FALSE.match(t, e):
            quals[1] = t[e]
            e += 1
            if e < n and t[e] in "万亿" and numv.mult == 1:
                numv = _Num("point", numv.written, 10_000 if t[e] == "万" else 100_000_000,
                            chinese=numv.chinese)
                e += 1
                if numv.value > _MAX_VALUE:  # 10^12余万: the multiplier came after parsing
                    return None, e
    range_sep = ""
    # a range: 3至5, 3-5%, 3万至5万元
    if numv.form == "point" and not percent and e < n - 1 and t[e] in lex.RANGE_SEPARATORS and not quals[1]:
        m = _RUN_NO_SHU.match(t, e + 1)
        if m is not None:
            re_ = _extend_number(t, m.start(), m.end())
            right = _parse(t[m.start() : re_])
            if right is not None and right.form == "point" and right.chinese == numv.chinese:
                lo_mult = numv.mult if numv.mult > 1 else right.mult
                lo = numv.written * lo_mult
                hi = right.value
                if lo < hi:
                    range_sep = lex.RANGE_SEPARATORS[t[e]]
                    numv = _Num("range", low=lo, high=hi, chinese=numv.chinese)
                    e = re_
    elif numv.form == "point" and e < n - 2 and t[e] == "%" and t[e + 1] in lex.RANGE_SEPARATORS:
        m = _RUN_NO_SHU.match(t, e + 2)
        if m is not None:
            re_ = _extend_number(t, m.start(), m.end())
            right = _parse(t[m.start() : re_])
            if right is not None and right.form == "point" and re_ < n and t[re_] == "%" and numv.value < right.value:
                range_sep = lex.RANGE_SEPARATORS[t[e + 1]]
                numv = _Num("range", low=numv.value, high=right.value, chinese=numv.chinese)
                e = re_
    # unit
    unit = ""
    unit_kind = ""
    noun = ""
    if percent:
        unit = "percent"
    elif e < n and t[e] in "%‰":
        percent = True
        if t[e] == "‰":
            numv = _scale(numv, Decimal("0.1"))
        unit = "percent"
        e += 1
    elif e < n and t[e] == "成" and numv.value_or_high() <= 10 and not _UNIT_FALSE.match(t, e):
        percent = True
        numv = _scale(numv, Decimal(10))
        unit = "percent"
        e += 1
    else:
        # (each lookup only where the next character can start one of its words)
        c = t[e] if e < n else ""
        w = _UNIT_Q_WORDS.match(t, e) if c in _UNIT_Q_WORDS.lens else ""
        h = _UNIT_HALF_WORDS.match(t, e) if numv.form == "point" and c in _UNIT_HALF_WORDS.lens else ""
        if h:
            unit, unit_kind = lex.UNITS_WITH_HALF[h]
            numv = _Num("point", numv.value + Decimal("0.5"), chinese=numv.chinese)
            e += len(h)
        elif w:
            unit, unit_kind, q = lex.UNITS_WITH_QUALIFIER[w]
            if numv.form == "point" and not quals[1]:
                quals[1] = q
            e += len(w)
        else:
            w = _UNIT_WORDS.match(t, e)
            if w:
                fw = _UNIT_FALSE.match(t, e) if c in _UNIT_FALSE.lens else ""
                if len(fw) > len(w):
                    noun = fw
                else:
                    unit = lex.UNIT_NAMES.get(w, w)
                    unit_kind = lex.UNITS[w]
                    e += len(w)
                    # 3米至5米, 20岁到35岁: the unit written at both ends, one range
                    if (numv.form == "point" and not quals[1] and unit_kind in ("q", "duration", "year")
                            and e < n - 1 and t[e] in lex.RANGE_SEPARATORS):
                        m = _RUN_NO_SHU.match(t, e + 1)
                        if m is not None:
                            re_ = _extend_number(t, m.start(), m.end())
                            right = _parse(t[m.start() : re_])
                            if (right is not None and right.form == "point" and right.chinese == numv.chinese
                                    and t.startswith(w, re_) and not _UNIT_FALSE.match(t, re_)
                                    and numv.value < right.value):
                                range_sep = lex.RANGE_SEPARATORS[t[e]]
                                numv = _Num("range", low=numv.value, high=right.value, chinese=numv.chinese)
                                e = re_ + len(w)
                    # 三级网格, 四级联动, 三层架构: the tiers of an organisation
                    if w in lex.TIER_UNITS and _TIER_NOUNS.match(t, e):
                        unit_kind = "structure"
    # suffix qualifiers after the unit
    if e < n and t[e] in "以左上":
        w = t[e : e + 2]
        if w in lex.POST_QUALIFIERS and not _POST_FALSE.match(t, e):
            if numv.form == "point":
                quals[2] = w
                e += 2
    # prefix qualifier (or 上千 / 上万)
    qs = s
    if numv.form != "range" or range_sep:
        shang = ""
        if before == "上" and tok in lex.SHANG_QUALIFIERS and s > floor:
            shang = lex.SHANG_QUALIFIERS[tok]
            qs = s - 1
            quals[0] = shang
        elif numv.form == "point":
            q = _prefix_qualifier(t, s, floor)
            if q:
                quals[0] = lex.PREFIX_QUALIFIERS[q]  # 约占 is reported as 约
                qs = s - len(q)
    # a slogan in quotes: “两个确立”, “三个务必” (the quote closes a few
    # characters after the figure, with no punctuation in between)
    if before in lex.OPEN_QUOTES and qs == s:
        for j in range(e, min(n, e + lex.SLOGAN_MAX_TAIL + 1)):
            if t[j] in lex.CLOSE_QUOTES:
                return None, e
            if not ("\u3400" <= t[j] <= "\u9fff"):
                break
    # what kind of number is it
    if kind == "quantity":
        if unit_kind in ("", "q"):
            if not unit and not percent:
                has_q = any(quals)
                if numv.chinese:
                    # (the same test as the quick rejection at the top)
                    if not ((numv.mult > 1 and len(tok) >= 2) or noun):
                        return None, e
                elif not (has_q or numv.mult > 1 or noun or after == "" or after in _NO_UNIT_FOLLOWERS
                          or not ("\u3400" <= after <= "\u9fff")):
                    return None, e
            elif tok == "一" and not any(quals) and not percent:
                kind = "indefinite"
        elif unit_kind == "year":
            if unit == "年代" or numv.digit_string or (
                not numv.chinese and numv.form == "point" and len(tok) == 4 and 1000 <= numv.value <= 2999
            ) or (numv.form == "range" and not numv.chinese and 1000 <= numv.low and numv.high <= 2999):
                kind = "date"
            else:
                kind = "duration"
        elif unit_kind in ("month", "day"):
            kind = "date"
        elif unit_kind == "hao":
            kind = "date" if before == "月" else "ordinal"
        elif unit_kind == "hour_point":
            kind = "time"
        elif unit_kind == "minute":
            kind = "time" if before in "时点" else "quantity"
        elif unit_kind == "clock":
            floor = max(0, qs - lex.CLOCK_CONTEXT_MAX_LEN)
            ctx = t[floor:qs]
            if any(ctx.endswith(w) for w in lex.CLOCK_CONTEXT) or any(
                t.startswith(w, e) for w in lex.CLOCK_FOLLOW
            ):
                kind = "time"
        elif unit_kind == "duration":
            kind = "duration"
        elif unit_kind == "ordinal":
            kind = "ordinal"
        elif unit_kind == "structure":
            kind = "structure"
    # interval
    change = False
    if percent and _is_change(t, qs, max(0, qs - 6)):
        change = True
        unit = "percent_change"
    if kind == "ordinal" and before in lex.ORDINAL_PREFIXES and s > floor:
        qs = s - 1  # the surface of an ordinal includes 第
    if kind == "duration" and quals[0] in lex.RECENT_PREFIXES and numv.form == "point" and not quals[1]:
        # 近五年来, 近两年里, (clause-initial) 近两年: "in the recent N years", a period
        tail = _RECENT_TAILS.match(t, e)
        if tail or qs == 0 or t[qs - 1] in lex.CLAUSE_OPENERS:
            quals[0] = ""
            e += len(tail)
    r = _Row()
    r.start, r.end, r.kind, r.unit, r.counted = qs, e, kind, unit, ""
    if numv.form == "range":
        r.iv = Interval(float(numv.low), float(numv.high), True, True)  # range_interval, unchecked
        r.value = math.nan
        r.qualifier = range_sep or "概数"
    elif numv.form == "several":
        # numv.low/high come from interval_from_words (times 10 for 几成)
        r.iv = Interval(float(numv.low), float(numv.high), True, True)  # range_interval, unchecked
        r.value = math.nan
        r.qualifier = "数" if numv.word[0] == "数" else "几"
    else:
        v = float(numv.value)
        if not (quals[0] or quals[1] or quals[2]):
            # no qualifier: the figure as stated, [v, v] (the "exact" rule)
            r.iv, r.qualifier = _exact_interval(v), ""
        else:
            unit_iv = "percent_change" if change else ("percent" if percent else unit)
            try:
                r.iv, r.qualifier, r.flag = _interval_for(numv, quals, unit_iv, non_negative=not change)
            except ValueError:
                return None, e
        r.value = v
    r.noun = noun
    return r, e


def _half_share(t: str, s: int, e: int, floor: int) -> tuple[_Row | None, int] | None:
    """一半, 半数, 过半 starting at ``s`` as a share of 50 %, or None when the run is no such word."""
    h = t.find("半", s, e)
    word = ""
    for w in lex.HALF_SHARES:  # in the lexicon's order (过半数 before 半数)
        a = h - w.index("半")
        if a >= max(s - 1, floor, 0) and t.startswith(w, a) and (a >= s or w[0] == "过"):
            if w[0] == "过" and t[a - 1 : a + 1] in lex.PREFIX_QUALIFIERS:
                continue  # 超过半数: 超过 and 半数
            if w[0] == "过" and a > 0 and t[a - 1] == "不":
                return None  # 不过半: not more than half, left to the coder
            word = w
            break
    if not word or (a > s) or (a == s - 1 and t[s] != "半"):
        return None
    end = a + len(word)
    unit = _UNIT_WORDS.match(t, end)
    if a > 0 and t[a - 1] in lex.NUMERAL_CHARS or end < len(t) and (
            t[end] in lex.NUMERAL_CHARS or (unit and lex.UNITS[unit] != "q")):
        return None  # 十一半, 一半天, 过半年: not a share (半数家庭 is)
    if _blocked(t, s, t[s:e]):
        return None
    quals = [lex.HALF_SHARES[word], "", ""]
    qs = a
    if not quals[0]:
        q = _prefix_qualifier(t, a, floor)
        if q:
            quals[0] = lex.PREFIX_QUALIFIERS[q]
            qs = a - len(q)
    if t.startswith(("以上", "以下"), end) and not _POST_FALSE.match(t, end):
        quals[2] = t[end : end + 2]
        end += 2
    change = _is_change(t, qs, max(0, qs - 6))
    unit = "percent_change" if change else "percent"
    try:
        iv, qualifier, flag = _interval_for(_Num("point", Decimal(50)), quals, unit, non_negative=not change)
    except ValueError:  # pragma: no cover - 50 with any qualifier is a valid interval
        return None
    r = _Row()
    r.start, r.end, r.kind, r.unit, r.counted = qs, end, "quantity", unit, ""
    r.iv, r.qualifier, r.flag, r.value = iv, qualifier, flag, 50.0
    return r, end


def _scale(num: _Num, k: Decimal) -> _Num:
    if num.form == "point":
        return _Num("point", num.written * num.mult * k, 1, chinese=num.chinese)
    if num.form == "range":
        return _Num("range", low=num.low * k, high=num.high * k, chinese=num.chinese)
    return _Num("several", low=num.low * float(k), high=num.high * float(k), chinese=True, word=num.word)


# ---------------------------------------------------------------- public API
def extract_quantities(text: str, include=()) -> pd.DataFrame:
    """Find the quantities stated in a Chinese text.

    Parameters
    ----------
    text : str
        The text. Offsets in the result are Python ``str`` indices into it.
    include : iterable of str, optional
        Extra kinds of numerals to return besides quantities, any of
        :data:`KINDS` (``"date"``, ``"time"``, ``"duration"``, ``"ordinal"``,
        ``"indefinite"``). When given, a ``kind`` column says which is which
        (``"quantity"`` for the default rows).

    Returns
    -------
    pandas.DataFrame
        One row per figure, in text order, columns :data:`COLUMNS`:
        ``start``, ``end`` (offsets, ``surface == text[start:end]``),
        ``surface``, ``value`` (the number as stated, after 万/亿 and, for
        percentages, in percentage points; NaN for ranges), ``lower``,
        ``upper``, ``lower_closed``, ``upper_closed`` (the interval the
        statement allows, :mod:`govstudy.intervals`), ``qualifier`` (a key
        of :data:`govstudy.intervals.QUALIFIERS`, '' for none), ``unit``
        (measure word, or ``percent`` / ``percent_change`` /
        ``percentage_point``; '' when none is written), ``counted``
        (best-effort noun phrase), ``sentence_start``, ``sentence_end``,
        ``flag`` ('' or a key of :data:`FLAGS`: something a coder must check).

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If ``include`` names an unknown kind.

    Examples
    --------
    >>> df = extract_quantities("社区常住3.4万余人，新增200余个车位，居民参与度超85%。")
    >>> df[["surface", "lower", "upper", "lower_closed", "upper_closed", "unit"]]
         surface    lower    upper  lower_closed  upper_closed     unit
    0    3.4万余人  34000.0  35000.0         False         False        人
    1     200余个    200.0    300.0         False         False        个
    2      超85%     85.0    100.0         False          True  percent
    >>> extract_quantities("服务效率提升超40%")[["surface", "upper", "unit"]]
      surface  upper            unit
    0    超40%    inf  percent_change
    >>> extract_quantities("2025年共3万元", include=("date",))[["surface", "kind"]]
      surface      kind
    0   2025年      date
    1    共3万元  quantity
    >>> extract_quantities("到场不足300余人。")[["surface", "lower", "upper", "flag"]]
       surface  lower  upper                      flag
    0  不足300余人    0.0  400.0  contradictory_qualifiers
    >>> extract_quantities("建立三级网格，约占三分之一。", include=("structure",))[["surface", "kind"]]
      surface       kind
    0      三级  structure
    1  约占三分之一   quantity
    >>> extract_quantities("松林村建成议事亭2处，老年人约占三成。")["counted"].tolist()
    ['议事亭', '老年人']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    include = tuple(include) if not isinstance(include, str) else (include,)
    bad = [k for k in include if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kind(s) {bad} in include=; expected any of {list(KINDS)}")
    wanted = {"quantity", *include}
    bare = "ordinal" not in wanted and "date" not in wanted
    t = text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text
    spans = [m.span() for m in _NAME_PAREN_RE.finditer(t)] if ("(" in t or "（" in t) else []
    # sorted, non-overlapping: looked up by bisection, so any number of names costs log time
    name_spans = ([a for a, _ in spans], [b for _, b in spans])
    rows: list[_Row] = []
    pos = 0
    # The scan and the frame allocate many small objects and create no
    # reference cycles: the cyclic garbage collector is paused meanwhile
    # (govstudy._gcpause; about a sixth of the time otherwise).
    with paused_gc():
        for m in _RUN.finditer(t):
            s = m.start()
            if s < pos:
                continue
            try:
                r, end = _figure(t, s, m.end(), m.group(), name_spans, bare, pos)
            except (ArithmeticError, ValueError, LookupError):  # pragma: no cover - a safety net: never raise on text
                continue
            pos = end  # a numeral read as part of a figure, kept or refused, is not read again
            if r is None:
                continue
            if r.kind in wanted:
                rows.append(r)
        return _frame(text, t, rows, bool(include))


def _counted_column(t: str, rows: list[_Row], s0: list[int]) -> list[str]:
    """``counted`` for each row; a change that names nothing (…1200个，较去年同期增长15%)
    counts what the figure before it in its sentence counts."""
    out = []
    prev_end, prev_counted, prev_s0 = -1, "", -1
    for r, a in zip(rows, s0):
        c = _counted(t, r.end, r.start, a, r.noun) if r.kind == "quantity" else ""
        if not c and r.kind == "quantity" and prev_s0 == a and prev_counted:
            gap = t[prev_end : r.start]
            lead = gap.lstrip("，,、 ")
            if gap != lead and lead.startswith(lex.COUNTED_COMPARE) and not _CLAUSE_BREAK_RE.search(lead):
                c = prev_counted
        out.append(c)
        if r.kind == "quantity":
            prev_end, prev_counted, prev_s0 = r.end, c, a
    return out


def _frame(text: str, t: str, rows: list[_Row], with_kind: bool) -> pd.DataFrame:
    # column by column (one tight comprehension each): the frame of a corpus
    # has a row per figure, and a loop building a tuple per row cost more
    # than finding the figures
    nan = math.nan
    starts = [r.start for r in rows]
    stops = [r.end for r in rows]
    ends = np.fromiter((m.end() for m in _SENTENCE_END.finditer(t)), dtype=np.int64) if rows else np.empty(0, np.int64)
    k = np.searchsorted(ends, np.asarray(starts, dtype=np.int64), side="right")  # sentence of each figure
    s0 = np.where(k > 0, ends[np.maximum(k - 1, 0)] if len(ends) else 0, 0)
    s1 = np.where(k < len(ends), ends[np.minimum(k, len(ends) - 1)] if len(ends) else len(t), len(t))
    ivs = [r.iv for r in rows]
    has = [iv is not None for iv in ivs]
    df = pd.DataFrame(
        {
            "start": pd.Series(starts, dtype="int64"),
            "end": pd.Series(stops, dtype="int64"),
            "surface": pd.Series([text[a:b] for a, b in zip(starts, stops)], dtype=object),
            "value": pd.Series([r.value for r in rows], dtype="float64"),
            "lower": pd.Series([iv.lower if h else nan for iv, h in zip(ivs, has)], dtype="float64"),
            "upper": pd.Series([iv.upper if h else nan for iv, h in zip(ivs, has)], dtype="float64"),
            "lower_closed": pd.Series([h and iv.lower_closed for iv, h in zip(ivs, has)], dtype="bool"),
            "upper_closed": pd.Series([h and iv.upper_closed for iv, h in zip(ivs, has)], dtype="bool"),
            "qualifier": pd.Series([r.qualifier for r in rows], dtype=object),
            "unit": pd.Series([r.unit for r in rows], dtype=object),
            "counted": pd.Series(_counted_column(t, rows, s0.tolist()), dtype=object),
            "sentence_start": pd.Series(s0, dtype="int64"),
            "sentence_end": pd.Series(s1, dtype="int64"),
            "flag": pd.Series([r.flag for r in rows], dtype=object),
        }
    )
    if with_kind:
        df["kind"] = pd.Series([r.kind for r in rows], dtype=object)
    return df


# ---------------------------------------------------------------- command line
def add_extract_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``extract`` subcommand to a ``govstudy`` argparse subparsers object.

    Examples
    --------
    >>> ap = argparse.ArgumentParser(prog="govstudy")
    >>> p = add_extract_parser(ap.add_subparsers(dest="command"))
    >>> args = ap.parse_args(["extract", "-", "--format", "json"])
    >>> args.files, args.format, args.encoding
    (['-'], 'json', 'utf-8')
    """
    p = subparsers.add_parser(
        "extract",
        help="list the quantities stated in Chinese text files (one row per figure)",
        description="Extract quantities (counts, money, areas, shares) from Chinese texts: "
        "offsets, surface, interval, qualifier, unit, counted noun.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="text file(s); '-' reads standard input")
    p.add_argument("--format", choices=("csv", "json", "table"), default="csv", help="output format (default csv)")
    p.add_argument("-o", "--output", default=None, metavar="OUT", help="write here instead of standard output")
    p.add_argument("--encoding", default="utf-8", help="encoding of the input files (default utf-8; e.g. gb18030); a leading byte-order mark "
                   "is dropped, so offsets count from the first character after it")
    p.add_argument(
        "--include", action="append", default=[], choices=KINDS,
        help="also list this kind of numeral (repeatable); adds a 'kind' column",
    )
    p.set_defaults(func=run_extract)
    return p


def _read_input(name: str, encoding: str) -> str:
    """The decoded text of a file (or stdin), without a leading byte-order mark."""
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    return raw.decode(encoding).removeprefix("\ufeff")


def _json_records(df: pd.DataFrame) -> str:
    import json

    def cell(v):
        if isinstance(v, float):
            if math.isnan(v):
                return None
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
        if hasattr(v, "item"):
            return cell(v.item())
        return v

    recs = [{k: cell(v) for k, v in zip(df.columns, row)} for row in df.itertuples(index=False)]
    return json.dumps(recs, ensure_ascii=False, indent=1) + "\n"


def run_extract(args) -> int:
    """Run ``govstudy extract``; returns the exit code (1 if any file failed).

    A file that cannot be read, decoded or processed is reported on standard
    error in one line naming it, and the other files are still processed:
    their rows are written as usual. When no file could be read, nothing is
    written (no CSV header alone on standard output, no output file).

    A leading byte-order mark (U+FEFF, as some editors save UTF-8) is not
    part of the text: offsets count from the character after it.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "note.txt"
    >>> _ = f.write_text("新增20个车位，惠及居民超过400人次。", encoding="utf-8")
    >>> ap = argparse.ArgumentParser(prog="govstudy")
    >>> _ = add_extract_parser(ap.add_subparsers(dest="command"))
    >>> out = f.with_suffix(".json")
    >>> run_extract(ap.parse_args(["extract", str(f), "--format", "json", "-o", str(out)]))
    0
    >>> import json
    >>> [(r["surface"], r["lower"], r["upper"]) for r in json.loads(out.read_text(encoding="utf-8"))]
    [('20个', 20.0, 20.0), ('超过400人次', 400.0, 'inf')]
    """
    try:
        "".encode(args.encoding)
    except LookupError:
        print(f"govstudy extract: unknown encoding {args.encoding!r}", file=sys.stderr)
        return 2
    frames = []
    failed = 0
    for name in args.files:
        label = "<stdin>" if name == "-" else name
        try:
            text = _read_input(name, args.encoding)
            df = extract_quantities(text, include=tuple(dict.fromkeys(args.include)))
        except UnicodeDecodeError as err:
            print(
                f"govstudy extract: {label}: cannot decode as {args.encoding} "
                f"(byte {err.object[err.start]:#04x} at offset {err.start}); try --encoding gb18030",
                file=sys.stderr,
            )
            failed += 1
            continue
        except OSError as err:
            print(f"govstudy extract: {label}: {err.strerror or err}", file=sys.stderr)
            failed += 1
            continue
        except Exception as err:  # a bug must not lose the other files' rows
            print(f"govstudy extract: {label}: failed ({type(err).__name__}: {err})", file=sys.stderr)
            failed += 1
            continue
        df.insert(0, "file", label)
        frames.append(df)
    if not frames and failed:
        return 1  # nothing was read: write nothing, not an empty table
    if frames:
        out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    else:
        out = extract_quantities("", include=tuple(dict.fromkeys(args.include)))
        out.insert(0, "file", pd.Series([], dtype=object))
    if args.format == "csv":
        body = out.to_csv(index=False)
    elif args.format == "json":
        body = _json_records(out)
    else:
        body = out.to_string(index=False) + "\n" if len(out) else "(no quantities found)\n"
    if args.output:
        Path(args.output).write_text(body, encoding="utf-8")
    else:
        sys.stdout.write(body)
    return 1 if failed else 0
