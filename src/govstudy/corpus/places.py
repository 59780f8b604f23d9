"""Where a quantity belongs: the governance unit named before it.

A *place* is a name ending in one of :data:`PLACE_SUFFIXES` (社区, 街道, 小区,
村, 镇, 乡, 区, 县, 市 …): 玉林社区, 武侯区, 桐梓林村. Chinese is written
without spaces, so where a name begins is a guess: it starts after the
previous place, punctuation, a digit, a function word (:data:`NAME_BREAK_CHARS`:
在, 对, 和, 各, 全, 该 …) or a common verb (:data:`NAME_BREAK_WORDS`: 位于,
走进, 推动 …) and is 2 to :data:`NAME_MAX_LEN` characters long. Generic
words (城市, 老旧小区, 农村社区 …, :data:`NOT_PLACES`) and words in which the
suffix character starts another word (市场, 区域, 村民 …, :data:`NOT_AFTER`)
are not places. All of these are data, not code: extend the tuples to tune
the rules.

The result is a first pass for a human coder, like the rest of
:func:`govstudy.extract_quantities`: check ``place`` against ``sentence``.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

__all__ = [
    "PLACE_SUFFIXES",
    "NAME_BREAK_CHARS",
    "NAME_BREAK_WORDS",
    "NOT_PLACES",
    "NOT_AFTER",
    "NAME_MAX_LEN",
    "find_places",
    "nearest_places",
]

#: Suffixes of governance units, longest first where one ends another (社区 before 区).
PLACE_SUFFIXES: tuple[str, ...] = (
    "社区", "街道", "小区", "院落", "村", "镇", "乡", "区", "县", "市", "州", "省",
)

#: Characters that cannot be inside a place name: a name starts after them.
NAME_BREAK_CHARS: str = (
    "在于对向从把将为以和与及到至由经据让给被的了是有等各全本该其我每这那此"
    "个座所处户也还又就并而或即如"
)

#: Words (mostly verbs) that end right before a place name: the name starts after them.
NAME_BREAK_WORDS: tuple[str, ...] = (
    "位于", "地处", "走进", "来到", "前往", "走访", "深入", "覆盖", "包括", "涉及", "联合",
    "依托", "围绕", "针对", "聚焦", "服务", "指导", "带领", "动员", "发动", "协调", "整合",
    "统筹", "实现", "完成", "参与", "加入", "选择", "考察", "调研", "视察", "慰问", "探访",
    "回到", "进入", "入驻", "联系", "帮助", "支持", "帮扶", "对口", "结对", "共建", "例如",
    "比如", "其中", "目前", "今年", "去年", "近年", "以来", "同时", "此外", "截至", "截止",
    "推动", "推进", "完善", "建设", "打造", "开展", "组织", "成立", "建立", "新建", "改造",
    "启动", "落实", "召开", "举办", "来自", "作为", "通过", "经过", "随着", "根据", "按照",
)

#: Words ending in a suffix that are generic, not the name of one unit.
NOT_PLACES: frozenset[str] = frozenset((
    "地区", "城区", "辖区", "园区", "景区", "片区", "街区", "校区", "市区", "郊区", "山区",
    "牧区", "林区", "灾区", "老区", "新区", "专区", "病区", "社区", "小区", "街道", "城市",
    "超市", "都市", "城乡", "农村", "乡村", "城镇", "乡镇", "村镇", "山村", "院落",
    "老旧小区", "城市社区", "农村社区", "城乡社区", "示范社区", "试点社区", "和谐社区",
    "智慧社区", "美丽乡村", "特色小镇", "中心城区", "主城区", "行政村", "自然村", "安置小区",
    "商品房小区", "无物业小区", "老旧院落", "涉农社区", "新型社区", "国际化社区", "示范村",
    "试点村", "先进村", "重点村", "示范区", "先行区", "试验区", "功能区", "开发区", "服务区",
    "社区小区",
))

#: Words that begin with a suffix's character but are something else (市场 is a market).
NOT_AFTER: tuple[str, ...] = (
    "市场", "市值", "市民", "市级", "区域", "区别", "区分", "区间", "区块", "区级", "县级",
    "镇级", "乡级", "村级", "村民", "镇定", "镇静", "镇压", "乡愁", "乡亲", "州长",
)

#: Longest place name before its suffix, in characters (玉林 = 2, 桐梓林 = 3).
NAME_MAX_LEN: int = 4

_NOT_PLACE_LENS = tuple(sorted({len(w) for w in NOT_PLACES}, reverse=True))
# Must stay the sentence ends of govstudy.extract (a copy: that module's is private).
_SENTENCE_END = re.compile(r"[。!?;！？；\n]+[”’」』)）\"']*")


def _class_without(lo: str, hi: str, excluded) -> str:
    """A regex character-class body for lo..hi minus the excluded characters."""
    parts, cur = [], ord(lo)
    for c in sorted(ord(x) for x in set(excluded) if lo <= x <= hi):
        if cur < c:
            parts.append(f"{chr(cur)}-{chr(c - 1)}")
        cur = c + 1
    if cur <= ord(hi):
        parts.append(f"{chr(cur)}-{hi}")
    return "".join(parts)


def _suffix_pattern() -> str:
    """The suffixes, longest first, each refused where its last character starts a NOT_AFTER word."""
    alts = []
    for suffix in sorted(PLACE_SUFFIXES, key=len, reverse=True):
        tails = sorted((w[1:] for w in NOT_AFTER if w[0] == suffix[-1]), key=len, reverse=True)
        alts.append(re.escape(suffix) + (f"(?!{'|'.join(map(re.escape, tails))})" if tails else ""))
    return "|".join(alts)


_SUFFIX_RE = re.compile(_suffix_pattern())
# a run of name characters ending where the suffix starts (searched in a short slice)
_NAME_RUN = re.compile(
    "[" + _class_without("\u3400", "\u9fff", NAME_BREAK_CHARS) + "A-Z]{1,%d}\\Z" % (2 * NAME_MAX_LEN)
)
_BREAK_WORD_RE = re.compile("|".join(sorted(NAME_BREAK_WORDS, key=len, reverse=True)))


def _places(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Places named in ``text[lo:hi]``, as (start, end, name) in text order."""
    found: list[tuple[int, int, str]] = []
    floor = lo
    last_end = -1
    span = 2 * NAME_MAX_LEN
    run_search = _NAME_RUN.search
    break_words = _BREAK_WORD_RE.finditer
    for m in _SUFFIX_RE.finditer(text, lo, hi):
        p, q = m.span()
        if last_end == p:  # 北新村 + 社区: one name
            a = found[-1][0]
            found[-1] = (a, q, text[a:q])
            floor = last_end = q
            continue
        run = run_search(text, p - span if p - span > floor else floor, p)
        if run is None:
            continue
        a = run.start()
        # the name starts after the last break word in the run
        for bw in break_words(text, a, p):
            a = bw.end()
        if a < p - NAME_MAX_LEN:
            a = p - NAME_MAX_LEN
        if p - a < 2 and not (p - a == 1 and "A" <= text[a] <= "Z"):  # 2+ characters, or an anonymised A社区
            continue
        word = text[a:q]
        # generic: the whole word (城区), or it ends in a generic phrase of a
        # modifier and a suffix (老旧小区, 城市社区, 行政村)
        if word in NOT_PLACES:
            continue
        n_suffix = q - p
        if len(word) >= n_suffix + 3 and any(
            word[-L:] in NOT_PLACES for L in _NOT_PLACE_LENS if n_suffix + 2 <= L < len(word)
        ):
            continue
        found.append((a, q, word))
        floor = last_end = q
    return found


def find_places(text: str) -> pd.DataFrame:
    """The governance units named in a text.

    Parameters
    ----------
    text : str
        A Chinese text.

    Returns
    -------
    pandas.DataFrame
        One row per name, in text order: ``start``, ``end`` (offsets,
        ``text[start:end] == place``) and ``place``.

    Examples
    --------
    >>> find_places("成都市武侯区玉林街道走进桐梓林村，城市社区和老旧小区不是名字。")
       start  end   place
    0      0    3    成都市
    1      3    6    武侯区
    2      6   10   玉林街道
    3     12   16   桐梓林村
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    rows = _places(text, 0, len(text))
    return pd.DataFrame(
        {
            "start": pd.Series([r[0] for r in rows], dtype="int64"),
            "end": pd.Series([r[1] for r in rows], dtype="int64"),
            "place": pd.Series([r[2] for r in rows], dtype=object),
        }
    )


def nearest_places(text: str, starts, *, sentence_starts=None) -> list[str]:
    """For each figure, the nearest place named before it in its sentence or the one before.

    Parameters
    ----------
    text : str
        The text the offsets refer to.
    starts : sequence of int
        Where each figure starts (the ``start`` column of
        :func:`govstudy.extract_quantities`). Sentences end where they do
        for that function (。！？；, line breaks).
    sentence_starts : sequence of int, optional
        Where each figure's sentence starts (that function's
        ``sentence_start`` column): saves finding the sentence ends again.

    Returns
    -------
    list of str
        The place name for each figure, '' where none is named.

    Examples
    --------
    >>> from govstudy import extract_quantities
    >>> t = "玉林社区位于城区东部。今年新增20个车位；桐梓林村建成3处驿站。"
    >>> df = extract_quantities(t)
    >>> nearest_places(t, df["start"])
    ['玉林社区', '桐梓林村']
    >>> nearest_places(t, df["start"], sentence_starts=df["sentence_start"])
    ['玉林社区', '桐梓林村']
    """
    if not len(starts):
        return []
    if sentence_starts is not None and len(sentence_starts) != len(starts):
        raise ValueError(f"sentence_starts has {len(sentence_starts)} values for {len(starts)} starts")
    # A name holds only CJK characters and capitals, never a sentence end, so
    # one scan of the whole text finds exactly the places a scan of each
    # sentence would.
    places = _places(text, 0, len(text))
    pl_starts, pl_ends, names = zip(*places) if places else ((), (), ())
    if sentence_starts is None:  # find them: the last sentence end at or before each figure
        ends = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        sentence_starts = [ends[bisect.bisect_right(ends, s) - 1] for s in starts]
    search = _SENTENCE_END.search
    out: list[str] = []
    for s, s0 in zip(starts, sentence_starts):
        j = bisect.bisect_right(pl_ends, s)  # the places ending at or before the figure
        if not j:
            out.append("")
        elif pl_starts[j - 1] >= s0:
            out.append(names[j - 1])  # in the figure's sentence
        else:  # in the sentence before when the first sentence end after it is the one ending at s0
            m = search(text, pl_ends[j - 1], s0)
            out.append(names[j - 1] if m is not None and m.end() == s0 else "")
    return out
