"""The interval conventions, against hand-worked answers from data/README.md."""

import math

import pytest

from govstudy.intervals import (
    QUALIFIERS,
    Interval,
    interval_from_words,
    place_value,
    qualifier_interval,
    range_interval,
)

INF = math.inf


@pytest.mark.parametrize(
    "written, qualifier, mult, unit, expected",
    [
        ("80", "余", 1, "", (80, 90, False, False)),
        ("3.4", "余", 10_000, "", (34_000, 35_000, False, False)),
        ("500", "余", 10_000, "", (5_000_000, 6_000_000, False, False)),
        ("5000", "余", 1, "", (5000, 6000, False, False)),
        ("200", "多", 1, "", (200, 300, False, False)),
        ("1.2", "余", 100_000_000, "", (120_000_000, 130_000_000, False, False)),
        ("400", "超过", 1, "", (400, INF, False, False)),
        ("5", "超", 10_000, "", (50_000, INF, False, False)),
        ("85", "超", 1, "percent", (85, 100, False, True)),
        ("40", "超", 1, "percent_change", (40, INF, False, False)),
        ("100", "逾", 1, "", (100, INF, False, False)),
        ("10", "以上", 1, "", (10, INF, True, False)),
        ("1", "上千", 1_000, "", (1000, INF, True, False)),
        ("10", "以下", 1, "", (0, 10, True, True)),
        ("10", "不足", 1, "", (0, 10, True, False)),
        ("30", "近", 1, "", (27, 30, True, False)),
        ("100", "约", 1, "", (90, 110, True, True)),
        ("100", "左右", 1, "", (90, 110, True, True)),
        ("3", "共", 10_000, "", (30_000, 30_000, True, True)),
        ("83", "高达", 1, "percent", (83, 83, True, True)),
        ("99", "攀升至", 1, "percent", (99, 99, True, True)),
        ("0.82", "", 1, "km2", (0.82, 0.82, True, True)),
    ],
)
def test_conventions(written, qualifier, mult, unit, expected):
    iv = qualifier_interval(written, qualifier, multiplier=mult, unit=unit)
    got = (iv.lower, iv.upper, iv.lower_closed, iv.upper_closed)
    assert got[2:] == expected[2:]
    assert got[0] == pytest.approx(expected[0]) and got[1] == pytest.approx(expected[1])


def test_below_for_signed_quantity_is_unbounded():
    iv = qualifier_interval("5", "以下", non_negative=False)
    assert iv == Interval(-INF, 5.0, False, True)


def test_every_qualifier_has_a_rule():
    for q, rule in QUALIFIERS.items():
        if rule in ("range", "several", "several_tens"):
            with pytest.raises(ValueError, match="two numbers"):
                qualifier_interval("3", q)
        else:
            iv = qualifier_interval("30", q)
            assert iv.lower <= 30 <= iv.upper


def test_place_value_uses_written_digits():
    assert place_value("3.40") == place_value("3.4")
    with pytest.raises(ValueError):
        place_value("0")


def test_unknown_qualifier_is_refused():
    with pytest.raises(ValueError, match="unknown qualifier"):
        qualifier_interval("3", "大概")


def test_ranges_and_words():
    assert range_interval(3, 5) == Interval(3.0, 5.0, True, True)
    assert interval_from_words("几") == Interval(2.0, 9.0, True, True)
    with pytest.raises(ValueError):
        interval_from_words("好几")


@pytest.mark.parametrize("args", [(2.0, 1.0, True, True), (-INF, 1.0, True, True), (0.0, INF, True, True)])
def test_interval_refuses_impossible_bounds(args):
    with pytest.raises(ValueError):
        Interval(*args)


def test_contains_respects_closedness():
    iv = Interval(80.0, 90.0, False, False)
    assert not iv.contains(80) and iv.contains(85) and not iv.contains(90)


# ------------------------------------------------------------------ hostile input (issue #17)
@pytest.mark.parametrize("written", [INF, "inf", 1e400, "1e400", float("nan"), "NaN", "-inf"])
@pytest.mark.parametrize("qualifier", ["余", "多", "", "超"])
def test_non_finite_written_is_a_value_error(written, qualifier):
    """#17.7: inf / 1e400 with 余 or 多 raised TypeError (Decimal ** str) deep in place_value."""
    with pytest.raises(ValueError, match="written must be a finite number|too large for a float"):
        qualifier_interval(written, qualifier)


def test_place_value_of_non_finite_is_a_value_error():
    with pytest.raises(ValueError, match="finite"):
        place_value(INF)


def test_overflowing_product_is_a_value_error():
    with pytest.raises(ValueError, match="too large"):
        qualifier_interval("1e300", "余", multiplier=1e10)
    with pytest.raises(ValueError, match="too large"):
        qualifier_interval("1.7e308", "余")


@pytest.mark.parametrize(
    "kwargs, exc, name",
    [
        (dict(written=None), TypeError, "written"),
        (dict(written=True), TypeError, "written"),
        (dict(written=[3]), TypeError, "written"),
        (dict(written="three"), ValueError, "written"),
        (dict(written="3", qualifier=None), TypeError, "qualifier"),
        (dict(written="3", qualifier=5), TypeError, "qualifier"),
        (dict(written="3", multiplier=None), TypeError, "multiplier"),
        (dict(written="3", multiplier=0), ValueError, "multiplier"),
        (dict(written="3", multiplier=INF), ValueError, "multiplier"),
        (dict(written="3", unit=None), TypeError, "unit"),
        (dict(written="3", non_negative="yes"), TypeError, "non_negative"),
    ],
)
def test_wrong_arguments_name_the_argument(kwargs, exc, name):
    """#17.7 / #13: wrong types raise TypeError or ValueError naming the argument."""
    with pytest.raises(exc, match=name):
        qualifier_interval(**kwargs)


def test_range_and_word_arguments_are_checked():
    with pytest.raises(TypeError, match="low"):
        range_interval(None, 3)
    with pytest.raises(ValueError, match="high"):
        range_interval(3, INF)
    with pytest.raises(ValueError, match="exceeds"):
        range_interval(5, 3)
    with pytest.raises(TypeError, match="word"):
        interval_from_words(None)
    with pytest.raises(ValueError, match="no interval convention"):
        interval_from_words("几" + "亿" * 3000)


def test_numbers_as_decimal_and_int_are_accepted():
    from decimal import Decimal

    assert qualifier_interval(Decimal("3.4"), "余", multiplier=10_000) == qualifier_interval("3.4", "余", multiplier=10_000)
    assert qualifier_interval(80, "余") == Interval(80.0, 90.0, False, False)
