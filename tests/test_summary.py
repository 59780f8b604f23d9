"""govstudy._summary: the text/HTML renderer behind every result's summary()."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govstudy import _summary
from govstudy._summary import Summary, _format_column, _width


def _block(text: str, title: str) -> list[str]:
    """Lines of the table block titled ``title``: column labels, rule and rows (up to the next ====)."""
    lines = text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.rstrip() == title) + 1
    end = next(i for i in range(start, len(lines)) if set(lines[i]) == {"="})
    return lines[start:end]


def test_display_width_counts_wide_characters_twice():
    assert _width("abc") == 3
    assert _width("成都市") == 6
    assert _width("ＡＢ") == 4  # full-width Latin
    assert _width("e\u0301") == 1  # combining accent takes no column
    assert _width("社区 A-1") == 8


def test_numbers_rounded_for_display_only():
    shown, numeric = _format_column([0.123456, 12.3456, np.nan], 4, "NA")
    assert shown == ["0.12", "12.35", "NA"] and numeric
    assert _format_column([1.0, 2.0, 3.0], 4, "")[0] == ["1", "2", "3"]  # ranks stay whole
    assert _format_column([np.int64(7), 12], 4, "")[0] == ["7", "12"]
    assert _format_column([0.000123456, 0.0001], 4, "")[0] == ["0.0001235", "0.0001000"]
    assert _format_column([5_000_000.7, 1.25], 4, "")[0] == ["5000001", "1"]  # 4 digits of the largest
    assert _format_column([1.0, 0.5], 4, "", decimals=3)[0] == ["1.000", "0.500"]
    assert _format_column([np.inf, 1.5], 4, "")[0] == ["inf", "1.500"]
    assert _format_column([True, False], 4, "") == (["True", "False"], False)
    frame = pd.DataFrame({"x": [0.123456789]})
    s = Summary("t").add_table(frame)
    assert s.tables[0][1]["x"].iloc[0] == 0.123456789  # the summary keeps full precision
    assert "0.1235" in s.as_text() and "0.123457" not in s.as_text()


def test_cjk_columns_line_up():
    t = pd.DataFrame({"名称": ["花溪社区", "x", "成都市武侯区"], "得分": [1.5, 22.25, 3.0], "n": [1, 22, 333]},
                     index=pd.Index(["甲", "bb", "丙丁"], name="单位"))
    s = Summary("成都 社区", {"方法": "测试"}).add_table(t, "表")
    block = _block(s.as_text(), "表")
    assert len(block) == 5  # labels, rule, three rows
    widths = {_width(x) for x in block}
    assert len(widths) == 1, widths
    # the last column is numeric, right-aligned: every row ends at the same display column
    assert len({_width(x.rstrip()) for x in block if not set(x) <= {"-"}}) == 1
    # the second column starts at the same display column on every line
    label = block[0]
    offset = _width(label[:label.index("名称")])
    for row, name in zip(block[2:], t["名称"]):
        assert _width(row[:row.index(name)]) == offset
    # every line of the whole summary that is a rule or a table line has the summary's width
    text = s.as_text()
    rule = text.splitlines()[1]
    assert set(rule) == {"="} and _width(rule) == widths.pop()


def test_html_is_escaped_and_has_one_table_per_block():
    t = pd.DataFrame({"score": [1.0, 2.5]}, index=pd.Index(["<b>", "a&b"], name="unit"))
    s = Summary("<title>", {"<k>": "<v>"}).add_table(t, "<block>").add_table(t, "second")
    s.add_note("x < y & z")
    h = s.as_html()
    assert "&lt;b&gt;" in h and "a&amp;b" in h and "&lt;title&gt;" in h and "&lt;v&gt;" in h
    assert "&lt;block&gt;" in h and "x &lt; y &amp; z" in h
    for raw in ("<b>", "<title>", "<k>", "<v>", "<block>"):
        assert raw not in h
    assert h.count('<table class="govstudy-summary-table">') == 2
    assert h.count('<table class="govstudy-summary-header">') == 1
    assert '<td style="text-align:right">2.500</td>' in h
    assert s._repr_html_() == h


def test_text_layout_str_and_repr():
    s = Summary("Title", [("Method", "m"), ("Longer key", 3)])
    s.add_table(pd.DataFrame({"v": [1, 2]}), "Block", index=False)
    s.add_note("first note")
    s.add_note("second note " * 12)
    text = s.as_text()
    assert str(s) == repr(s) == text
    lines = text.splitlines()
    assert lines[0].strip() == "Title" and set(lines[1]) == {"="}
    assert lines[2].rstrip() == "Method:     m" and lines[3].rstrip() == "Longer key: 3"
    assert _block(text, "Block")[0].strip() == "v"  # no index column
    assert "[1] first note" in text and "[2] second note" in text
    notes = text[text.index("[2]"):].splitlines()
    assert len(notes) > 1 and all(x.startswith("    ") for x in notes[1:])  # wrapped and indented


def test_header_only_and_table_only_summaries():
    assert Summary("t", {"a": 1}).as_text().splitlines()[2].startswith("a: 1")
    text = Summary("t").add_table(pd.Series([1.5, 2.0], name="x", index=["p", "q"]), "S").as_text()
    assert "p  1.500" in text
    # multi-level labels are joined with commas
    m = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")]),
                     index=pd.MultiIndex.from_tuples([("u", 1)], names=["unit", "k"]))
    text = Summary("t").add_table(m, "M").as_text()
    assert "unit,k" in text and "a,x" in text and "u,1" in text


def test_very_long_header_does_not_stretch_the_rules():
    s = Summary("t", {"M1": "A*B + " * 60}).add_table(pd.DataFrame({"x": [1]}), "X")
    rule = s.as_text().splitlines()[1]
    assert _width(rule) == _summary._MAX_HEADER_WIDTH


def test_renderer_sits_at_the_bottom_layer():
    tree = ast.parse(Path(_summary.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports: _summary depends on nothing in govstudy"
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "html", "math", "numbers", "textwrap", "unicodedata", "typing", "pandas"}


@pytest.mark.parametrize("value", [None, pd.NA, float("nan")])
def test_missing_values_use_na_rep(value):
    t = pd.DataFrame({"x": [1.0, value]}, dtype=object)
    assert _block(Summary("t", na_rep="--").add_table(t, "X").as_text(), "X")[-1].split() == ["1", "--"]
