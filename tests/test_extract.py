"""Tests for govstudy.extract.

The hand-checked sentences below are written for these tests (no source
text). Each expected interval follows by hand from the conventions table in
``govstudy.intervals`` (e.g. 3.4万余 = (34000, 35000): place value of the last
written digit 0.1 times 万).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govstudy import _extract_lexicon as lex
from govstudy.chengdu import chengdu_path
from govstudy.cli import main as cli_main
from govstudy.extract import COLUMNS, FLAGS, KINDS, extract_quantities
from govstudy.intervals import QUALIFIERS, qualifier_interval

from .counted_scoring import GoldError, accuracy, load_gold, score, summary
from .counted_scoring import main as counted_main

INF = math.inf
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "sources" / "huaxi-community-news_chengdu-governance.txt"

# (sentence, surface, value, lower, upper, lower_closed, upper_closed, qualifier, unit)
CASES = [
    # Arabic digits, decimals, thousands separators
    ("本次共有1,234名居民报名。", "1,234名", 1234, 1234, 1234, True, True, "", "名"),
    ("辖区面积0.82平方公里。", "0.82平方公里", 0.82, 0.82, 0.82, True, True, "", "平方公里"),
    ("新建了12,500平方米的广场。", "12,500平方米", 12500, 12500, 12500, True, True, "", "平方米"),
    # full-width digits and punctuation
    ("社区常住３．４万余人。", "３．４万余人", 34000, 34000, 35000, False, False, "余", "人"),
    ("满意度达到９５％。", "达到９５％", 95, 95, 95, True, True, "达到", "percent"),
    # Chinese numerals
    ("活动吸引了一千二百余人。", "一千二百余人", 1200, 1200, 1300, False, False, "余", "人"),
    ("筹集两万三千元。", "两万三千元", 23000, 23000, 23000, True, True, "", "元"),
    ("服务三万五人次。", "三万五人次", 35000, 35000, 35000, True, True, "", "人次"),
    ("建成一百零五个点位。", "一百零五个", 105, 105, 105, True, True, "", "个"),
    ("新增十二个车位。", "十二个", 12, 12, 12, True, True, "", "个"),
    ("两个平台同时上线。", "两个", 2, 2, 2, True, True, "", "个"),
    # mixed forms and multipliers
    ("投入资金500余万元。", "500余万元", 5e6, 5e6, 6e6, False, False, "余", "元"),
    ("总投资1.2亿元。", "1.2亿元", 1.2e8, 1.2e8, 1.2e8, True, True, "", "元"),
    ("服务对象3.4万人。", "3.4万人", 34000, 34000, 34000, True, True, "", "人"),
    ("惠及三十余万人。", "三十余万人", 3e5, 3e5, 4e5, False, False, "余", "人"),
    # percentages, 成, fractions
    ("参与率为85%。", "85%", 85, 85, 85, True, True, "", "percent"),
    ("百分之八十五的居民参加。", "百分之八十五", 85, 85, 85, True, True, "", "percent"),
    ("八成居民表示满意。", "八成", 80, 80, 80, True, True, "", "percent"),
    ("三分之二的楼栋加装电梯。", "三分之二", 200 / 3, 200 / 3, 200 / 3, True, True, "", "percent"),
    ("提高了3个百分点。", "3个百分点", 3, 3, 3, True, True, "", "percentage_point"),
    # ranges
    ("每组3至5人。", "3至5人", math.nan, 3, 5, True, True, "至", "人"),
    ("每栋3-5个。", "3-5个", math.nan, 3, 5, True, True, "-", "个"),
    ("来了三四个志愿者。", "三四个", math.nan, 3, 4, True, True, "概数", "个"),
    ("来了三四百人。", "三四百人", math.nan, 300, 400, True, True, "概数", "人"),
    ("筹资3万至5万元。", "3万至5万元", math.nan, 3e4, 5e4, True, True, "至", "元"),
    ("七八成居民支持。", "七八成", math.nan, 70, 80, True, True, "概数", "percent"),
    ("几十个议题。", "几十个", math.nan, 20, 90, True, True, "几", "个"),
    ("十几个小区。", "十几个", math.nan, 11, 19, True, True, "几", "个"),
    ("数百名志愿者。", "数百名", math.nan, 200, 900, True, True, "数", "名"),
    # prefix qualifiers
    ("累计帮扶超过400人次。", "超过400人次", 400, 400, INF, False, False, "超过", "人次"),
    ("服务超900人次。", "超900人次", 900, 900, INF, False, False, "超", "人次"),
    ("居民参与度超85%。", "超85%", 85, 85, 100, False, True, "超", "percent"),
    ("辖区人口超5万。", "超5万", 5e4, 5e4, INF, False, False, "超", ""),
    ("惠及逾百人。", "逾百人", 100, 100, INF, False, False, "逾", "人"),
    ("多于20户参加。", "多于20户", 20, 20, INF, False, False, "多于", "户"),
    ("近千人到场。", "近千人", 1000, 900, 1000, True, False, "近", "人"),
    ("将近30个项目。", "将近30个", 30, 27, 30, True, False, "将近", "个"),
    ("支持率接近90%。", "接近90%", 90, 81, 90, True, False, "接近", "percent"),
    ("约50人参加。", "约50人", 50, 45, 55, True, True, "约", "人"),
    ("大约两百人参加。", "大约两百人", 200, 180, 220, True, True, "大约", "人"),
    ("每班不足10人。", "不足10人", 10, 0, 10, True, False, "不足", "人"),
    ("用时不到20天。", None, None, None, None, None, None, None, None),  # a duration
    ("会场不到40人。", "不到40人", 40, 0, 40, True, False, "不到", "人"),
    ("议题达200项。", "达200项", 200, 200, 200, True, True, "达", "项"),
    ("占比高达83%。", "高达83%", 83, 83, 83, True, True, "高达", "percent"),
    ("活动多达30场。", "多达30场", 30, 30, 30, True, True, "多达", "场"),
    ("累计500人次参与。", "累计500人次", 500, 500, 500, True, True, "累计", "人次"),
    ("共3万元。", "共3万元", 3e4, 3e4, 3e4, True, True, "共", "元"),
    ("满意度攀升至99%。", "攀升至99%", 99, 99, 99, True, True, "攀升至", "percent"),
    ("上千人参加。", "上千人", 1000, 1000, INF, True, False, "上千", "人"),
    ("动员上万名居民。", "上万名", 1e4, 1e4, INF, True, False, "上万", "名"),
    # suffix qualifiers
    ("问题80余项。", "80余项", 80, 80, 90, False, False, "余", "项"),
    ("二十多个社团。", "二十多个", 20, 20, 30, False, False, "多", "个"),
    ("新增200余个车位。", "200余个", 200, 200, 300, False, False, "余", "个"),
    ("惠及5000余人次。", "5000余人次", 5000, 5000, 6000, False, False, "余", "人次"),
    ("规模300人以上。", "300人以上", 300, 300, INF, True, False, "以上", "人"),
    ("八成以上家庭。", "八成以上", 80, 80, 100, True, True, "以上", "percent"),
    ("每组50人以下。", "50人以下", 50, 0, 50, True, True, "以下", "人"),
    ("到场100人左右。", "100人左右", 100, 90, 110, True, True, "左右", "人"),
    ("志愿者60岁上下。", "60岁上下", 60, 54, 66, True, True, "上下", "岁"),
    # two qualifiers: the intersection
    ("约300多人。", "约300多人", 300, 300, 330, False, True, "约+多", "人"),
    # change vs share
    ("效率提升超40%。", "超40%", 40, 40, INF, False, False, "超", "percent_change"),
    ("收入增长了20%。", "20%", 20, 20, 20, True, True, "", "percent_change"),
    # measure word after the noun; 占 is not a qualifier
    ("项目112个。", "112个", 112, 112, 112, True, True, "", "个"),
    ("青年占64%。", "64%", 64, 64, 64, True, True, "", "percent"),
    # two figures in a row
    ("组成4站15点服务网络。", "4站", 4, 4, 4, True, True, "", "站"),
    # a noun that begins with a unit character: the noun is counted, not the unit
    ("辖区有3万家庭。", "3万", 3e4, 3e4, 3e4, True, True, "", ""),
    # more numeral forms
    ("规模达3万亿元。", "达3万亿元", 3e12, 3e12, 3e12, True, True, "达", "元"),
    ("共有一万二人。", "共有一万二人", None, None, None, None, None, None, None),  # 共有 is not 共: see below
    ("几成居民支持。", "几成", math.nan, 20, 90, True, True, "几", "percent"),
    ("两三百人参加。", "两三百人", math.nan, 200, 300, True, True, "概数", "人"),
    ("万余人参加。", "万余人", 1e4, 1e4, 2e4, False, False, "余", "人"),
    ("千分之五的比例。", "千分之五", 0.5, 0.5, 0.5, True, True, "", "percent"),
    ("增长1.5倍。", "1.5倍", 1.5, 1.5, 1.5, True, True, "", "倍"),
    ("三十多万元。", "三十多万元", 3e5, 3e5, 4e5, False, False, "多", "元"),
    ("买了两个半西瓜。", "两个半", 2.5, 2.5, 2.5, True, True, "", "个"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hand_checked_sentence(case):
    text, surface, value, lo, hi, lc, uc, q, unit = case
    df = extract_quantities(text)
    if value is None:
        assert surface is None or surface not in df["surface"].tolist(), df
        return
    hit = df[df["surface"] == surface]
    assert len(hit) == 1, f"{surface!r} not found in {df['surface'].tolist()}"
    r = hit.iloc[0]
    assert text[r["start"] : r["end"]] == surface
    if math.isnan(value):
        assert math.isnan(r["value"])
    else:
        assert r["value"] == pytest.approx(value)
    assert r["lower"] == pytest.approx(lo)
    assert r["upper"] == pytest.approx(hi)
    assert (bool(r["lower_closed"]), bool(r["upper_closed"])) == (lc, uc)
    assert r["qualifier"] == q
    assert r["unit"] == unit


def test_yi_wan_er_is_twelve_thousand():
    df = extract_quantities("共有一万二人。")
    assert df[["surface", "value"]].values.tolist() == [["一万二人", 12000.0]]


@pytest.mark.parametrize(
    "text",
    [
        "电话028-86001234，COVID-19，比例1:1，编号#12，身份证号码510107199001011234。",
        "1000人上下班高峰。",
    ],
)
def test_codes_and_false_suffixes(text):
    df = extract_quantities(text)
    assert all(s == "1000人" for s in df["surface"]), df["surface"].tolist()


def test_year_range_is_a_date_and_clock_is_a_time():
    df = extract_quantities("2020-2025年，每天8:30开门。", include=("date", "time"))
    assert df[["surface", "kind"]].values.tolist() == [["2020-2025年", "date"], ["8:30", "time"]]
    assert extract_quantities("2020-2025年，每天8:30开门。").empty


def test_two_figures_side_by_side():
    df = extract_quantities("组成4站15点服务网络。")
    assert df["surface"].tolist() == ["4站", "15点"]
    assert df[["start", "end"]].values.tolist() == [[2, 4], [4, 7]]


def test_qualifier_separated_by_words_is_not_in_surface():
    text = "累计解决停车、噪声等问题80余项。"
    df = extract_quantities(text)
    assert df["surface"].tolist() == ["80余项"]
    assert df["qualifier"].tolist() == ["余"]


@pytest.mark.parametrize(
    "text",
    [
        "四川省统一部署，一般情况下一线人员先到。",
        "万年场街道靠近万象城，五根松社区在南边。",
        "推行“1161”工作法和“1+3+N”机制。",
        "构建一核三圈格局，推广四微工作法和六微实践。",
        "打造15分钟幸福生活圈。",
        "2025年12月12日凌晨三四点。",
        "三年来坚持不懈，不到半小时就结束了。",
        "第一批试点，每周二开放。",
        "余大爷是老党员，余姓居民很多。",
        "领馆区1号小区和3号楼。",
        "这是一个样本，一支队伍，一张名片。",
        "下一步继续推进，围坐一圈。",
        "实施“1161”工作法(建强1个堡垒、健全1套机制、深耕6维服务)。",
        "拨打12345热线，5G网络覆盖。",
        "附近几乎没有空地，数据共享。",
        "一、加强领导\n二、完善机制\n(1)组织保障",
        "做到“两个确立”和“三个务必”，推进“五社联动”，落实“十四五”规划。",
        "按每万人配备的标准，每3个月评估。",
    ],
)
def test_not_quantities(text):
    df = extract_quantities(text)
    assert df.empty, df[["surface", "unit"]].to_dict("records")


@pytest.mark.parametrize(
    "text, surface, kind",
    [
        ("2025年社区成立。", "2025年", "date"),
        ("12月12日开会。", "12月", "date"),
        ("凌晨三四点出发。", "三四点", "time"),
        ("下午3点开始。", "3点", "time"),
        ("三年来持续开展。", "三年", "duration"),
        ("不到半小时便达成共识。", "不到半小时", "duration"),
        ("历时3个多月。", "3个多月", "duration"),
        ("开了1个半小时。", "1个半小时", "duration"),
        ("历时两年半。", "两年半", "duration"),
        ("第一批试点。", "第一批", "ordinal"),
        ("排名第一。", "第一", "ordinal"),
        ("领馆区1号小区。", "1号", "ordinal"),
        ("每周二开放。", "二", "date"),
        ("这是一个样本。", "一个", "indefinite"),
        ("2024-05-01起实施。", "2024-05-01", "date"),
    ],
)
def test_include_kinds(text, surface, kind):
    assert extract_quantities(text).empty
    df = extract_quantities(text, include=KINDS)
    hit = df[df["surface"] == surface]
    assert hit["kind"].tolist() == [kind], df[["surface", "kind"]].to_dict("records")


def test_include_adds_kind_column_and_keeps_quantities():
    df = extract_quantities("2025年共3万元。", include=("date",))
    assert df["surface"].tolist() == ["2025年", "共3万元"]
    assert df["kind"].tolist() == ["date", "quantity"]
    assert "kind" not in extract_quantities("2025年共3万元。").columns


def test_three_four_oclock_is_time_but_three_four_items_is_quantity():
    df = extract_quantities("凌晨三四点来了三四个人。", include=("time",))
    assert df[["surface", "kind"]].values.tolist() == [["三四点", "time"], ["三四个", "quantity"]]


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown kind"):
        extract_quantities("3人", include=("dates",))
    with pytest.raises(TypeError, match="must be a str"):
        extract_quantities(b"3\xe4\xba\xba")


def test_columns_and_dtypes_also_when_empty():
    for text in ("", "没有数字。", "共3万元。"):
        df = extract_quantities(text)
        assert tuple(df.columns) == COLUMNS
        assert df["start"].dtype == "int64" and df["lower"].dtype == "float64"
        assert df["lower_closed"].dtype == bool


def test_sentence_bounds_and_counted():
    text = "社区新增20个停车位。118个微网格划分出责任田!"
    df = extract_quantities(text)
    assert df["counted"].tolist() == ["停车位", "微网格"]
    first_end = text.index("。") + 1
    assert df[["sentence_start", "sentence_end"]].values.tolist() == [[0, first_end], [first_end, len(text)]]


def test_fullwidth_offsets_point_into_original_text():
    text = "（一）投入１２．５万元，覆盖８０％以上的住户。"
    df = extract_quantities(text)
    assert df["surface"].tolist() == ["１２．５万元", "８０％以上"]
    for r in df.itertuples():
        assert text[r.start : r.end] == r.surface
    assert df["value"].tolist() == [125000.0, 80.0]


def test_lexicon_keys_are_interval_qualifiers():
    used = set(lex.PREFIX_QUALIFIERS.values()) | set(lex.SHANG_QUALIFIERS.values())
    used |= set(lex.RANGE_SEPARATORS.values()) | set(lex.MORE_SUFFIXES) | set(lex.POST_QUALIFIERS)
    used |= {q for _, _, q in lex.UNITS_WITH_QUALIFIER.values()} | {"概数", "几", "数"}
    assert used <= set(QUALIFIERS), used - set(QUALIFIERS)


# ------------------------------------------------------------------ the seed dataset
def _read_csv(name):
    with open(chengdu_path() / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _source_text():
    if not SOURCE.exists():
        pytest.skip("../shared/sources is absent: the seed round trip needs the source text")
    return SOURCE.read_text(encoding="utf-8")


def test_seed_round_trip_every_indicator_is_found_at_its_span():
    text = _source_text()
    df = extract_quantities(text)
    by_span = {(r.start, r.end): r for r in df.itertuples()}
    rows = _read_csv("indicators.csv")
    assert rows
    for row in rows:
        key = (int(row["span_start"]), int(row["span_end"]))
        assert key in by_span, f"{row['indicator']}: no quantity at {key} ({row['evidence']})"
        r = by_span[key]
        assert r.surface == row["evidence"]
        assert r.lower == pytest.approx(float(row["lower"])), row["indicator"]
        assert r.upper == pytest.approx(float(row["upper"])), row["indicator"]
        assert r.lower_closed == (row["lower_closed"] == "true"), row["indicator"]
        assert r.upper_closed == (row["upper_closed"] == "true"), row["indicator"]
        assert r.qualifier == row["qualifier"], row["indicator"]


def test_seed_non_quantities_are_not_extracted():
    text = _source_text()
    df = extract_quantities(text)
    rows = [r for r in _read_csv("non_quantities.csv")]
    assert rows
    for row in rows:
        a, b = int(row["span_start"]), int(row["span_end"])
        overlap = df[(df["start"] < b) & (df["end"] > a)]
        assert overlap.empty, f"{row['surface']} ({row['note']}) extracted as {overlap['surface'].tolist()}"


def test_seed_nothing_beyond_the_coded_figures():
    """Every quantity found in the source is either coded in indicators.csv or
    a plain figure; this pins the count so that a regression shows up."""
    text = _source_text()
    coded = {(int(r["span_start"]), int(r["span_end"])) for r in _read_csv("indicators.csv")}
    found = set(zip(extract_quantities(text)["start"], extract_quantities(text)["end"]))
    extra = found - coded
    assert not extra, sorted((a, b, text[a:b]) for a, b in extra)


# ------------------------------------------------------------------ properties
_ALPHABET = (
    "0123456789０１２３４５６７８９.,，。．％%-~至到余多万亿千百十几数半两零〇一二三四五六七八九"
    "超过逾近约共达累计不足到以上下左右人个项元名次成分之第年月日号点周“”\"()（）+、的和\n 川统线场城"
)
_texts = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=60),
    st.text(max_size=60),
    st.lists(st.sampled_from(["1999-1", "2024-05-01", "8:30", "3.4万", "余", "超", "人", "至", "，"]), max_size=8).map("".join),
)


def _check_frame(text, df):
    assert tuple(df.columns[: len(COLUMNS)]) == COLUMNS
    prev_end = -1
    for r in df.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.surface
        assert r.start >= prev_end  # in order, not overlapping
        prev_end = r.end
        if math.isnan(r.lower) or math.isnan(r.upper):
            # only a numeric date (2024-05-01) or a clock time (8:30) has no interval
            assert getattr(r, "kind", "quantity") in ("date", "time")
            assert math.isnan(r.value)
            continue
        assert r.lower <= r.upper
        if math.isinf(r.lower):
            assert not r.lower_closed
        if math.isinf(r.upper):
            assert not r.upper_closed
        if not math.isnan(r.value):
            assert math.isfinite(r.value)
            open_below = {"near_below", "below_open"}
            assert r.lower <= r.value <= r.upper or open_below & {QUALIFIERS[q] for q in r.qualifier.split("+")}
        assert r.sentence_start <= r.start and r.end <= r.sentence_end
        assert r.flag in ("", *FLAGS)
        assert all(q in QUALIFIERS for q in r.qualifier.split("+")), r.qualifier
        assert "\ufeff" not in r.counted


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_any_string_gives_a_well_formed_table(text):
    _check_frame(text, extract_quantities(text))
    _check_frame(text, extract_quantities(text, include=KINDS))


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_include_never_changes_the_quantity_rows(text):
    default = extract_quantities(text)
    extended = extract_quantities(text, include=KINDS)
    quantities = extended[extended["kind"] == "quantity"].drop(columns="kind").reset_index(drop=True)
    pd.testing.assert_frame_equal(quantities, default)


_QUANTITY_SENTENCES = [c[0] for c in CASES if c[1] is not None]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_QUANTITY_SENTENCES),
    st.text(alphabet=_ALPHABET, max_size=30) | st.text(max_size=30),
    st.text(alphabet=_ALPHABET, max_size=30) | st.text(max_size=30),
)
def test_unrelated_text_around_a_sentence_does_not_change_its_rows(sentence, before, after):
    alone = extract_quantities(sentence)
    prefix = before + "。"
    text = prefix + sentence + "好" + after
    df = extract_quantities(text)
    k = len(prefix)
    inside = df[(df["start"] >= k) & (df["end"] <= k + len(sentence))].reset_index(drop=True)
    shifted = inside.copy()
    for col in ("start", "end", "sentence_start", "sentence_end"):
        shifted[col] = shifted[col] - k
    pd.testing.assert_frame_equal(shifted, alone)


_figure_strings = st.tuples(
    st.sampled_from(["", "超过", "近", "约", "共", "累计", "不足", "高达", "逾", "将近", "不到", "达"]),
    st.one_of(
        st.integers(1, 99999).map(str),
        st.integers(1, 999).map(lambda k: f"{k / 10:g}万"),
        st.integers(1, 99).map(lambda k: f"{k * 10}"),
        st.sampled_from(["三十", "一百二十", "两千", "五万", "十", "八百"]),
    ),
    st.sampled_from(["", "余", "多"]),
    st.sampled_from(["人", "人次", "个", "项", "元", "平方米", "%", "户"]),
    st.sampled_from(["", "以上", "左右", "以下"]),
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_figure_strings, min_size=1, max_size=4))
def test_extracted_intervals_pass_the_dataset_convention(figures):
    """Whatever the extractor returns for a single qualifier is what the
    dataset validator expects: qualifier_interval(value, qualifier, unit)."""
    text = "，".join(f"社区{f}居民" for f in figures) + "。"
    df = extract_quantities(text)
    for r in df.itertuples():
        if math.isnan(r.value) or "+" in r.qualifier:
            continue
        unit = r.unit if r.unit in ("percent", "percent_change") else "count"
        iv = qualifier_interval(r.value, r.qualifier, unit=unit, non_negative=unit != "percent_change")
        got = (r.lower, r.upper, r.lower_closed, r.upper_closed)
        assert got == pytest.approx((iv.lower, iv.upper, iv.lower_closed, iv.upper_closed)), (r.surface, got, iv)


def test_pathological_inputs_stay_linear():
    """Inputs that would make a backtracking regex explode finish promptly
    (correctness only; throughput is measured in benchmarks/)."""
    for text in ("1," * 20000, "1." * 20000, "一" * 40000, "超" * 20000 + "3", "3至" * 20000):
        _check_frame(text, extract_quantities(text))


# ------------------------------------------------------------------ command line
def test_cli_formats_and_failures(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text("社区共有3万余人，参与度超85%。", encoding="utf-8")
    gbk = tmp_path / "b.txt"
    gbk.write_bytes("新增20个车位。".encode("gb18030"))
    rc = cli_main(["extract", str(good), str(gbk), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert rc == 1
    assert "b.txt: cannot decode as utf-8" in err and "gb18030" in err
    assert "missing.txt" in err
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["surface"] for r in rows] == ["3万余人", "超85%"]
    assert rows[1]["upper"] == "100.0" and rows[0]["file"] == str(good)

    rc = cli_main(["extract", "--encoding", "gb18030", str(gbk), "--format", "json"])
    out, _ = capsys.readouterr()
    assert rc == 0
    import json

    recs = json.loads(out)
    assert recs[0]["surface"] == "20个" and recs[0]["value"] == 20.0


def test_cli_stdin_output_file_and_inf_in_json(tmp_path, monkeypatch, capsys):
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("服务超过400人次。".encode())))
    out = tmp_path / "o.json"
    assert cli_main(["extract", "-", "--format", "json", "-o", str(out)]) == 0
    recs = json.loads(out.read_text(encoding="utf-8"))
    assert recs[0]["file"] == "<stdin>" and recs[0]["upper"] == "inf"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("共3万元".encode())))
    assert cli_main(["extract", "-", "--format", "table"]) == 0
    assert "共3万元" in capsys.readouterr().out


# ------------------------------------------------------------------ hostile input (issue #17)
def _extend_work(monkeypatch):
    """Count the characters `_extend_number` walks over (a deterministic measure of work)."""
    import govstudy.extract as ex

    walked = [0]
    real = ex._extend_number

    def counting(t, s, e):
        end = real(t, s, e)
        walked[0] += end - s
        return end

    monkeypatch.setattr(ex, "_extend_number", counting)
    return walked


def test_comma_grouped_digit_chain_is_read_once_and_refused(monkeypatch):
    """#17.1: a run of 8000 comma groups is extended once from its start,
    never again from an inner group, and gives no row (no 412-character tail
    with value 1.001e308)."""
    walked = _extend_work(monkeypatch)
    text = ",".join(["100"] * 8000) + "人"
    df = extract_quantities(text)
    assert df.empty, df[["start", "end", "value"]].to_dict("records")
    assert walked[0] <= 2 * len(text)


@pytest.mark.parametrize("text", ["1,234,567元，另有" + "9,999," * 50 + "999人", "共3.5.6人"])
def test_inner_groups_of_a_number_are_never_figures(text):
    df = extract_quantities(text)
    for r in df.itertuples():
        assert not (r.start >= 2 and text[r.start - 1] in ".," and text[r.start - 2].isdigit()), r.surface


def _cpu_time(f, repeat=3):
    import time

    best = math.inf
    for _ in range(repeat):
        t0 = time.process_time()
        f()
        best = min(best, time.process_time() - t0)
    return best


def test_many_parenthesised_names_cost_linear_time():
    """#17.2: with 16000 names explained in parentheses, each numeral is
    checked against them by bisection, not by a scan of all of them. CPU time
    (best of 3) for n and 4n repetitions: linear is a ratio of 4, the old
    scan over every name more than 10; the bound 8 leaves room for a loaded
    machine. (The benchmark prints the same ratio on larger inputs.)"""
    unit = "工作法(说明)共3万元。"
    small, big = unit * 4000, unit * 16000
    assert len(extract_quantities(small)) == 4000
    t_small = _cpu_time(lambda: extract_quantities(small))
    t_big = _cpu_time(lambda: extract_quantities(big))
    assert t_big / t_small < 8, (t_small, t_big)


@pytest.mark.parametrize(
    "text",
    [
        "七分之千万亿",
        "3分之1亿亿",
        "一" + "亿" * 200_000 + "人",
        "1" + "0" * 400 + "万余人",
        "1" + "0" * 20 + "万余人",
        "几" + "亿" * 3000 + "人",
        "3至1" + "0" * 400 + "人",
        "1000000000000余万元",
    ],
    ids=lambda s: s[:12],
)
def test_huge_or_malformed_numerals_give_no_exception_and_no_infinite_value(text):
    """#17.3: decimal.InvalidOperation / Overflow never escape, and no stated
    value is infinite: numerals beyond 10^15 (or 40 characters) are not figures."""
    for include in ((), KINDS):
        df = extract_quantities(text, include=include)
        assert df.empty, df[["surface", "value", "upper"]].to_dict("records")


def test_largest_accepted_value_is_finite():
    df = extract_quantities("总投资1000万亿元，另有3万亿元，惠及1000000余人。")
    assert df["value"].tolist() == [1e15, 3e12, 1e6]
    assert all(math.isfinite(v) for v in df[["value", "lower", "upper"]].to_numpy().ravel())


def test_byte_order_mark_never_in_counted():
    """#17.14: a U+FEFF (byte-order mark) is not a character of what is counted."""
    text = "\ufeff车位20个，\ufeff居民3万人。"
    df = extract_quantities(text)
    assert df["surface"].tolist() == ["20个", "3万人"]
    assert not any("\ufeff" in c for c in df["counted"]), df["counted"].tolist()
    assert df["counted"].tolist()[0] == "车位"


def test_cli_drops_a_leading_byte_order_mark(tmp_path, capsys):
    """#17.14: offsets from `govstudy extract` refer to the text without its BOM."""
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeff3万人参加。".encode("utf-8"))
    assert cli_main(["extract", str(f)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["start"], r["end"], r["surface"]) for r in rows] == [("0", "3", "3万人")]


@pytest.mark.parametrize(
    "text, surface, qualifier, lower, upper, lc, uc",
    [
        ("到场不足300余人。", "不足300余人", "不足+余", 0, 400, True, False),
        ("报名近100多人。", "近100多人", "近+多", 90, 200, True, False),
    ],
)
def test_contradictory_stacked_qualifiers_are_flagged_not_dropped(text, surface, qualifier, lower, upper, lc, uc):
    """#17.14: two qualifiers with no common value give one flagged row whose
    interval spans both readings (their hull)."""
    df = extract_quantities(text)
    assert df["surface"].tolist() == [surface]
    r = df.iloc[0]
    assert r["flag"] == "contradictory_qualifiers" and r["qualifier"] == qualifier
    assert (r["lower"], r["upper"], bool(r["lower_closed"]), bool(r["upper_closed"])) == (lower, upper, lc, uc)
    assert (extract_quantities("约300多人。")["flag"] == "").all()


def test_cli_one_failing_file_does_not_lose_the_others(tmp_path, monkeypatch, capsys):
    """#17.4: an unexpected error on one file is one line on stderr; the good
    file's rows are still written and the exit code says a file failed."""
    import govstudy.extract as ex

    good = tmp_path / "good.txt"
    good.write_text("新增20个车位。", encoding="utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_text("ODD", encoding="utf-8")
    real = ex.extract_quantities

    def flaky(text, include=()):
        if text == "ODD":
            raise RuntimeError("boom")
        return real(text, include=include)

    monkeypatch.setattr(ex, "extract_quantities", flaky)
    rc = cli_main(["extract", str(good), str(odd)])
    out, err = capsys.readouterr()
    assert rc != 0
    assert [r["surface"] for r in csv.DictReader(out.splitlines())] == ["20个"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "odd.txt" in lines[0] and "boom" in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["missing", "undecodable", "directory"])
def test_cli_writes_no_header_when_no_file_could_be_read(tmp_path, capsys, kind):
    """#16: a missing or undecodable file prints its error and nothing on stdout."""
    path = tmp_path / "x.txt"
    if kind == "undecodable":
        path.write_bytes("新增20个车位。".encode("gb18030"))
    elif kind == "directory":
        path.mkdir()
    out_file = tmp_path / "out.csv"
    rc = cli_main(["extract", str(path)])
    out, err = capsys.readouterr()
    assert rc == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "x.txt" in err
    assert cli_main(["extract", str(path), "-o", str(out_file)]) == 1
    assert not out_file.exists()


# ------------------------------------------------------------------ adversarial property suite (issue #17)
_digit_chains = st.builds(
    lambda groups, seps, unit: "".join(g + sp for g, sp in zip(groups, seps)) + unit,
    st.lists(st.text(alphabet="0123456789", min_size=1, max_size=5), min_size=1, max_size=40),
    st.lists(st.sampled_from([",", ".", ",", "，", "", "-", "/", ":", "至"]), min_size=40, max_size=40),
    st.sampled_from(["", "人", "万元", "余人", "%", "个以上", "亿"]),
)
_numeral_towers = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", "超", "近", "约", "上", "第", "每", "共", "“"]),
    st.text(alphabet="一二两三四五六七八九十百千万亿几数半零〇0123456789", min_size=1, max_size=50),
    st.sampled_from(["", "人", "余人", "多万元", "分之三", "成", "%", "个月", "级网格", "年来", "”"]),
)
_parentheses = st.lists(
    st.sampled_from(["工作法", "(", "（", ")", "）", "说明", "共3万元", "1个", "。", "“1161”", "\n"]),
    max_size=30,
).map("".join)
_qualifier_stacks = st.builds(
    lambda pre, num, more, unit, post: "".join(pre) + num + more + unit + "".join(post),
    st.lists(st.sampled_from(sorted(lex.PREFIX_QUALIFIERS) + ["上", "占", "约占"]), max_size=5),
    st.sampled_from(["300", "3.4万", "三百", "八", "1,200", "2/3", "三分之一", "百分之五十", "万", "千"]),
    st.sampled_from(["", "余", "多", "余万", "多亿"]),
    st.sampled_from(["", "人", "%", "成", "个", "元", "米至5米", "岁到35岁", "个月", "年来"]),
    st.lists(st.sampled_from(list(lex.POST_QUALIFIERS) + ["余", "多"]), max_size=3),
)
_hostile = st.one_of(
    _digit_chains, _numeral_towers, _parentheses, _qualifier_stacks,
    st.text(max_size=80),  # random unicode (BOMs, zero-width and combining characters included)
    st.text(alphabet="\ufeff\u200b\u3000" + _ALPHABET, max_size=80),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_hostile, min_size=1, max_size=6).map("".join))
def test_adversarial_inputs_give_well_formed_rows_and_never_raise(text):
    """Whatever the text holds, rows or none: no exception, finite stated
    values, lower <= upper, text[start:end] == surface, rows in order."""
    _check_frame(text, extract_quantities(text))
    _check_frame(text, extract_quantities(text, include=KINDS))


@settings(max_examples=100, deadline=None)
@given(_hostile, _hostile)
def test_adversarial_text_after_a_sentence_end_does_not_change_earlier_rows(a, b):
    """Rows ending before a sentence break do not depend on what follows it."""
    base = extract_quantities(a + "。")
    df = extract_quantities(a + "。" + b)
    head = df[df["end"] <= len(a)].reset_index(drop=True)
    base = base[base["end"] <= len(a)].reset_index(drop=True)
    pd.testing.assert_frame_equal(head.drop(columns=["sentence_end", "counted"]), base.drop(columns=["sentence_end", "counted"]))


# ------------------------------------------------------------------ forms from issue #14 (own sentences)
# (sentence, include, surface, value, lower, upper, lower_closed, upper_closed, qualifier, unit, kind)
FORMS_14 = [
    # approximate numbers with no leading digit
    ("社区动员上千名志愿者清理河道。", (), "上千名", 1000, 1000, INF, True, False, "上千", "名", "quantity"),
    ("改造惠及万余户居民。", (), "万余户", 1e4, 1e4, 2e4, False, False, "余", "户", "quantity"),
    ("街道组织千余名党员参加培训。", (), "千余名", 1000, 1000, 2000, False, False, "余", "名", "quantity"),
    ("夜市吸引上万人次前来。", (), "上万人次", 1e4, 1e4, INF, True, False, "上万", "人次", "quantity"),
    ("项目带动数万名群众受益。", (), "数万名", math.nan, 2e4, 9e4, True, True, "数", "名", "quantity"),
    ("三年累计投入上千万元。", (), "上千万元", 1e7, 1e7, INF, True, False, "上千万", "元", "quantity"),
    ("片区改造投入上百万元。", (), "上百万元", 1e6, 1e6, INF, True, False, "上百万", "元", "quantity"),
    ("共筹集千万元用于加装电梯。", (), "共筹集千万元", None, None, None, None, None, None, None, None),
    # ranges with the unit written at both ends
    ("步道宽度为3米至5米。", (), "3米至5米", math.nan, 3, 5, True, True, "至", "米", "quantity"),
    ("招募20岁到35岁的青年骨干。", (), "20岁到35岁", math.nan, 20, 35, True, True, "至", "岁", "quantity"),
    ("每户补贴2万元至3万元。", (), "2万元至3万元", math.nan, 2e4, 3e4, True, True, "至", "元", "quantity"),
    ("施工需要3天到5天。", ("duration",), "3天到5天", math.nan, 3, 5, True, True, "至", "天", "duration"),
    # 近 + duration (+ 来): a period, not "nearly"
    ("近五年来，社区新增停车位。", ("duration",), "近五年来", 5, 5, 5, True, True, "", "年", "duration"),
    ("近两年，街道投入专项资金。", ("duration",), "近两年", 2, 2, 2, True, True, "", "年", "duration"),
    ("近三个月来收到建议百余条。", ("duration",), "近三个月来", 3, 3, 3, True, True, "", "个月", "duration"),
    ("老旧院落改造历时近两年。", ("duration",), "近两年", 2, 1.8, 2, True, False, "近", "年", "duration"),
    # a qualifier before a share or fraction; slash fractions
    ("老年人约占三分之一。", (), "约占三分之一", 100 / 3, 30, 110 / 3, True, True, "约", "percent", "quantity"),
    ("超过四成居民参与议事。", (), "超过四成", 40, 40, 100, False, True, "超过", "percent", "quantity"),
    ("近2/3的楼栋完成改造。", (), "近2/3", 200 / 3, 60, 200 / 3, True, False, "近", "percent", "quantity"),
    ("其中2/3为老旧小区。", (), "2/3", 200 / 3, 200 / 3, 200 / 3, True, True, "", "percent", "quantity"),
    ("约1/4的家庭有老人。", (), "约1/4", 25, 22.5, 27.5, True, True, "约", "percent", "quantity"),
    # durations with a measure word
    ("志愿者用一个月完成走访。", ("duration",), "一个月", 1, 1, 1, True, True, "", "个月", "duration"),
    ("议事会开了两个小时。", ("duration",), "两个小时", 2, 2, 2, True, True, "", "个小时", "duration"),
    ("居民利用一个周末清理楼道。", ("duration",), "一个周末", 1, 1, 1, True, True, "", "个周末", "duration"),
    ("申请在三个工作日内办结。", ("duration",), "三个工作日", 3, 3, 3, True, True, "", "个工作日", "duration"),
    # tiers of an organisation: structure, not quantities
    ("街道建立三级网格体系。", ("structure",), "三级", 3, 3, 3, True, True, "", "级", "structure"),
    ("形成四级联动机制。", ("structure",), "四级", 4, 4, 4, True, True, "", "级", "structure"),
    ("搭建三层架构。", ("structure",), "三层", 3, 3, 3, True, True, "", "层", "structure"),
    ("辖区有一家三级医院。", ("ordinal",), "三级", 3, 3, 3, True, True, "", "级", "ordinal"),
    ("新建3层楼的活动中心。", (), "3层", 3, 3, 3, True, True, "", "层", "quantity"),
]


@pytest.mark.parametrize("case", FORMS_14, ids=[c[0] for c in FORMS_14])
def test_issue_14_forms(case):
    text, include, surface, value, lo, hi, lc, uc, q, unit, kind = case
    df = extract_quantities(text, include=include)
    if value is None:  # 共筹集千万元: 共 is separated by a verb; the figure is 千万元
        assert df["surface"].tolist() == ["千万元"] and df["value"].tolist() == [1e7]
        return
    hit = df[df["surface"] == surface]
    assert len(hit) == 1, f"{surface!r} not in {df['surface'].tolist()}"
    r = hit.iloc[0]
    assert text[r["start"] : r["end"]] == surface
    if math.isnan(value):
        assert math.isnan(r["value"])
    else:
        assert r["value"] == pytest.approx(value)
    assert (r["lower"], r["upper"]) == (pytest.approx(lo), pytest.approx(hi))
    assert (bool(r["lower_closed"]), bool(r["upper_closed"]), r["qualifier"], r["unit"]) == (lc, uc, q, unit)
    assert r.get("kind", "quantity") == kind
    if kind != "quantity":  # durations, periods and structure are never default quantities
        assert surface not in extract_quantities(text)["surface"].tolist()


@pytest.mark.parametrize(
    "text",
    ["千万不要忽视消防安全。", "提供24/7服务。", "5/12召开居民会议。", "版本A1/2。", "3人至5个组", "近年来社区变化很大。"],
)
def test_issue_14_non_forms(text):
    """Words and codes near the new forms stay what they were."""
    df = extract_quantities(text)
    if text == "3人至5个组":  # different units at the two ends: two figures, not a range
        assert df["surface"].tolist() == ["3人", "5个"]
    else:
        assert df.empty, df["surface"].tolist()


def test_seed_structure_rows_are_structure():
    """Tiers in the source are what non_quantities.csv says (reason structure):
    never a quantity, and kind 'structure' when asked for."""
    text = _source_text()
    rows = [r for r in _read_csv("non_quantities.csv") if r["reason"] == "structure"]
    assert rows
    df = extract_quantities(text, include=("structure",))
    for row in rows:
        a, b = int(row["span_start"]), int(row["span_end"])
        hit = df[(df["start"] < b) & (df["end"] > a)]
        assert hit["kind"].tolist() == ["structure"], (row["surface"], hit[["surface", "kind"]].to_dict("records"))


# ------------------------------------------------------------------ what is counted (issue #14)
DATA = Path(__file__).resolve().parent / "data"
#: Regression guards: the share of hand-checked figures whose `counted` is right, as reached
#: (tools/counted_accuracy.py prints the misses; tests/data/README.md says who wrote each set and
#: whether the rules were tuned on it). counted_dev.csv: 117 of 121; counted_check.csv: 37 of 41;
#: counted_heldout1.csv (independent annotator; 47 of 101 with the first rules, 77 when first
#: scored, then used to fix general rules): 95 of 101. counted_heldout2.csv (a second independent
#: annotator): 64 of 106 when first scored, then a development set too: 81. counted_heldout3.csv
#: (a third independent annotator, never used to change the rules): 80 of 111 when scored (79
#: with the rules before the last round, 37 with those of the previous release).
COUNTED_FLOORS = {"counted_dev.csv": 117 / 121, "counted_check.csv": 37 / 41, "counted_heldout1.csv": 95 / 101,
                  "counted_heldout2.csv": 81 / 106, "counted_heldout3.csv": 80 / 111}
#: Figures the extractor does not read as quantities, counted as misses: 十来个 (来 as "about") and
#: 一处 (一 with a measure word is an indefinite article unless qualified).
NOT_EXTRACTED = {"counted_heldout2.csv": {"k103"}, "counted_heldout3.csv": {"m086"}}


@pytest.mark.parametrize("name", sorted(COUNTED_FLOORS))
def test_counted_accuracy_on_hand_checked_sentences(name):
    results = score(load_gold(DATA / name))
    misses = [(r.gold.id, r.gold.figure, r.gold.alternatives, r.got) for r in results if not r.ok]
    assert {r.gold.id for r in results if r.got is None} == NOT_EXTRACTED.get(name, set())
    assert accuracy(results) >= COUNTED_FLOORS[name] - 1e-9, (summary(results), misses)


@pytest.mark.parametrize(
    "text, counted",
    [
        # the misses reported in issue #14
        ("松林村建成议事亭2处。", ["议事亭"]),
        ("召开居民议事会6场。", ["居民议事会"]),
        ("近五年来累计投入资金800万元。", ["资金"]),
        ("老年人约占三成。", ["老年人"]),
        # the examples of the convention (data/README.md)
        ("新增停车位120个，建成3个党群服务驿站。", ["停车位", "党群服务驿站"]),
        # money by what it pays for; a share's group in the clause before, or after 为; a quoted name
        ("投入80万元用于更新楼道照明设施。", ["楼道照明设施"]),
        ("投入资金80万元用于更新楼道照明设施。", ["资金"]),
        ("参与调查的居民中，超过四成表示满意。", ["居民"]),
        ("前来咨询的群众中，约七成为外来务工人员。", ["外来务工人员"]),
        ("建立“红色议事厅”11个。", ["红色议事厅"]),
        ("项目总投资约1.2亿元，改造后小区绿化率达到40%。", ["项目总投资", "绿化率"]),
        ("改造老旧小区12个，新建智能充电桩80个。", ["老旧小区", "智能充电桩"]),
        ("居民满意度达到95%，参与率超过60%。", ["居民满意度", "参与率"]),
        ("服务效率提升超40%。", ["服务效率"]),
        ("投入资金300万元。", ["资金"]),
        ("服务群众5000人次，动员党员志愿者200余名，覆盖居民3000户。", ["群众", "党员志愿者", "居民"]),
        # no noun: empty
        ("比上年增长12%。", [""]),
        ("街道出资120万元。", [""]),
    ],
)
def test_counted_convention(text, counted):
    assert extract_quantities(text)["counted"].tolist() == counted


def test_counted_gold_file_errors_name_file_row_and_field(tmp_path):
    header = "id,sentence,figure,counted,pattern\n"
    cases = [
        ("x1,新增停车位20个和20个。,20个,停车位,p\n", "figure", "occurs 2 times"),
        ("x1,新增停车位20个。,30个,停车位,p\n", "figure", "occurs 0 times"),
        ("x1,新增停车位20个。,20个,车棚|停车位,p\n", "counted", "'车棚' is not a substring"),
        ("x1,新增停车位20个。,20个,,p\nx1,新增车位5个。,5个,车位,p\n", "id", "duplicate"),
    ]
    for body, field, why in cases:
        f = tmp_path / "gold.csv"
        f.write_text(header + body, encoding="utf-8")
        with pytest.raises(GoldError) as err:
            load_gold(f)
        msg = str(err.value)
        assert str(f) in msg and "row " in msg and f"field {field!r}" in msg and why in msg, msg
    f.write_text("id,sentence,figure\nx1,新增停车位20个。,20个\n", encoding="utf-8")
    with pytest.raises(GoldError, match="header lacks"):
        load_gold(f)


def test_counted_accuracy_tool_prints_misses_then_the_score(tmp_path, capsys):
    f = tmp_path / "gold.csv"
    f.write_text("id,sentence,figure,counted,pattern\nx1,新增停车位20个。,20个,停车位,p\n"
                 "x2,新增停车位20个。,20个,车位,p\n", encoding="utf-8")
    assert counted_main([str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("x2\t") and "got='停车位'" in lines[0]
    assert lines[-1] == "counted_exact=0.500 (n=2, not_extracted=0)"
    f.write_text("id,sentence,figure,counted,pattern\nx1,新增停车位20个。,9个,停车位,p\n", encoding="utf-8")
    assert counted_main([str(f)]) == 2


@pytest.mark.parametrize(
    "text, surface, lower, upper, lower_closed, upper_closed, qualifier, unit",
    [
        ("其中餐饮类商户占比超过一半。", "超过一半", 50, 100, False, True, "超过", "percent"),
        ("全村半数家庭参与。", "半数", 50, 50, True, True, "", "percent"),
        ("半数以上居民参与。", "半数以上", 50, 100, True, True, "以上", "percent"),
        ("过半受访居民表示愿意。", "过半", 50, 100, False, True, "过", "percent"),
        ("过半数居民同意。", "过半数", 50, 100, False, True, "过", "percent"),
        ("业主投诉量下降了一半。", "一半", 50, 50, True, True, "", "percent_change"),
    ],
)
def test_half_written_as_a_word_is_a_share(text, surface, lower, upper, lower_closed, upper_closed, qualifier, unit):
    df = extract_quantities(text)
    assert len(df) == 1, df
    r = df.iloc[0]
    assert (r.surface, r.lower, r.upper, r.lower_closed, r.upper_closed, r.qualifier, r.unit) == (
        surface, lower, upper, lower_closed, upper_closed, qualifier, unit)
    assert text[r.start : r.end] == surface


@pytest.mark.parametrize("text", ["过半年后再看。", "一半天时间。", "十一半。", "不过半数。", "多半会来。", "半年来成效明显。",
                                  "推行四微工作法(一半居民参与)。"])
def test_half_that_is_no_share(text):
    assert extract_quantities(text).empty
