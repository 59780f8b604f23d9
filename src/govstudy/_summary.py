"""A small renderer for result summaries: monospace text and HTML.

:class:`Summary` holds a title, a few header lines (key, value), one or more
titled tables and numbered notes, and renders them as aligned monospace text
(:meth:`Summary.as_text`, also ``str()`` and ``repr()``) or as escaped HTML
(:meth:`Summary.as_html`, also ``_repr_html_`` so Jupyter shows it directly),
in the spirit of statsmodels' ``iolib.summary.Summary`` and R QCA's print
methods. Numbers are rounded for display only: each numeric column gets the
number of decimals that gives its largest value ``digits`` significant
digits (integers stay integers), so a column's decimal points line up. The
result objects keep full precision in their ``to_frame()``.

Widths are display widths: East Asian wide and full-width characters
(Chinese, Japanese, Korean) count as two columns and combining marks as
none, so tables with Chinese labels stay aligned in a monospace font that
draws them double-width.

This module sits at the bottom of the package: it imports only pandas and the
standard library.
"""

from __future__ import annotations

import html
import math
import numbers
import textwrap
import unicodedata
from typing import Any, Iterable

import pandas as pd

__all__ = ["Summary"]

_MIN_WIDTH = 60
_MAX_HEADER_WIDTH = 100


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    """Display width of ``text`` in a monospace font (wide CJK characters count 2).

    Examples
    --------
    >>> _width("abc"), _width("成都"), _width("花溪 ok")
    (3, 4, 7)
    """
    return sum(_char_width(ch) for ch in text)


def _pad(text: str, width: int, align: str = "left") -> str:
    """Pad ``text`` with spaces to display width ``width`` (``"left"``, ``"right"``, ``"center"``)."""
    gap = max(0, width - _width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _format_column(values: Iterable[Any], digits: int, na_rep: str,
                   decimals: int | None = None) -> tuple[list[str], bool]:
    """Display strings of one column and whether it is numeric (right-aligned).

    Floats get the decimals that give the largest value ``digits`` significant
    digits, or none when every value is a whole number; ``decimals`` fixes
    the number of decimals of floats instead.

    Examples
    --------
    >>> _format_column([0.5, 1.0, float("nan")], 4, "")
    (['0.500', '1.000', ''], True)
    >>> _format_column([1.0, 12.0], 4, "")[0], _format_column([62.5, 100 / 3], 4, "")[0]
    (['1', '12'], ['62.50', '33.33'])
    >>> _format_column(["a", 2], 4, "")
    (['a', '2'], False)
    >>> _format_column([1.0, 0.25], 4, "", decimals=3)[0]
    ['1.000', '0.250']
    """
    values = list(values)
    nums = [float(v) for v in values if _is_number(v) and not _is_missing(v)]
    finite = [v for v in nums if math.isfinite(v)]
    if decimals is not None:
        pass
    elif not finite or all(v == int(v) and abs(v) < 1e15 for v in finite):
        decimals = 0
    else:
        top = max(abs(v) for v in finite)
        decimals = max(0, min(digits + 6, digits - 1 - math.floor(math.log10(top)))) if top > 0 else 0
    out = []
    for v in values:
        if _is_missing(v):
            out.append(na_rep)
        elif _is_number(v):
            f = float(v)
            if not math.isfinite(f):
                out.append(str(f))
            elif isinstance(v, numbers.Integral):
                out.append(str(int(v)))
            else:
                out.append(f"{f:.{decimals}f}")
        else:
            out.append(str(v))
    numeric = all(_is_number(v) or _is_missing(v) for v in values) and bool(nums)
    return out, numeric


class Summary:
    """A result summary: title, header lines, titled tables and notes.

    Parameters
    ----------
    title : str
        Shown centred above everything.
    header : list of (str, object) or dict, optional
        Key/value lines under the title (method, settings, N, ...); values are
        shown with ``str``.
    digits : int
        Significant digits of the largest value of each numeric column
        (display only).
    na_rep : str
        Text of a missing value in a table.

    Attributes
    ----------
    title : str
    header : list of (str, str)
    tables : list of (str, DataFrame, bool)
        Block title, table, whether its index is shown.
    notes : list of str

    Examples
    --------
    >>> s = Summary("Demo", {"Method": "test", "N": 2})
    >>> _ = s.add_table(pd.DataFrame({"score": [0.51234, 1.0]}, index=["a", "b"]), "Scores")
    >>> _ = s.add_note("scores rounded for display")
    >>> print(s)
                                Demo
    ============================================================
    Method: test
    N:      2
    ============================================================
    Scores
       score
    ------------------------------------------------------------
    a  0.512
    b  1.000
    ============================================================
    [1] scores rounded for display
    >>> "<td" in s.as_html() and s._repr_html_() == s.as_html()
    True
    """

    def __init__(self, title: str, header: Iterable[tuple[str, Any]] | dict | None = None, *,
                 digits: int = 4, na_rep: str = "NA"):
        self.title = str(title)
        items = header.items() if isinstance(header, dict) else (header or [])
        self.header: list[tuple[str, str]] = [(str(k), str(v)) for k, v in items]
        self.tables: list[tuple[str, pd.DataFrame, bool]] = []
        self._decimals: list[int | dict | None] = []
        self.notes: list[str] = []
        self.digits = int(digits)
        self.na_rep = na_rep

    # ------------------------------------------------------------------ building
    def add_header(self, key: str, value: Any) -> "Summary":
        """Append one header line ``key: value``; returns the summary.

        Examples
        --------
        >>> Summary("t").add_header("Seed", 1).header
        [('Seed', '1')]
        """
        self.header.append((str(key), str(value)))
        return self

    def add_table(self, table: pd.DataFrame | pd.Series, title: str = "", *, index: bool = True,
                  decimals: int | dict | None = None) -> "Summary":
        """Append a table block (a Series becomes one column); returns the summary.

        ``decimals`` (an int for every column, or a dict by column label)
        fixes the decimals of float values; otherwise each column gets
        ``digits`` significant digits on its largest value.

        Examples
        --------
        >>> s = Summary("t").add_table(pd.DataFrame({"x": [1]}), "X", index=False)
        >>> [(t, list(f.columns), i) for t, f, i in s.tables]
        [('X', ['x'], False)]
        """
        if isinstance(table, pd.Series):
            table = table.to_frame()
        self.tables.append((str(title), table, bool(index)))
        self._decimals.append(decimals)
        return self

    def add_note(self, text: str) -> "Summary":
        """Append a numbered note; returns the summary.

        Examples
        --------
        >>> Summary("t").add_note("a caveat").notes
        ['a caveat']
        """
        self.notes.append(str(text))
        return self

    # ------------------------------------------------------------------ cells
    def _cells(self, k: int) -> tuple[list[str], list[list[str]], list[bool]]:
        """Column labels, display rows and right-alignment flags of table block ``k``."""
        _, table, index = self.tables[k]
        dec = self._decimals[k] if k < len(self._decimals) else None
        cols: list[tuple[str, list[Any], int | None]] = []
        if index:
            names = [n for n in table.index.names if n is not None]
            cols.append((",".join(str(n) for n in names), [
                ",".join(str(p) for p in i) if isinstance(i, tuple) else i for i in table.index], None))
        for c in table.columns:
            label = ",".join(str(p) for p in c) if isinstance(c, tuple) else str(c)
            cols.append((label, table[c].tolist(), dec.get(c) if isinstance(dec, dict) else dec))
        labels, columns, right = [], [], []
        for label, values, d in cols:
            shown, numeric = _format_column(values, self.digits, self.na_rep, d)
            labels.append(label)
            columns.append([s.replace("\n", " ") for s in shown])
            right.append(numeric)
        rows = [list(r) for r in zip(*columns)] if columns else []
        return labels, rows, right

    def _table_lines(self, k: int) -> list[str]:
        labels, rows, right = self._cells(k)
        if not labels:
            return []
        widths = [max([_width(lab)] + [_width(r[j]) for r in rows]) for j, lab in enumerate(labels)]

        def line(cells):
            return "  ".join(_pad(c, w, "right" if r else "left") for c, w, r in zip(cells, widths, right))

        return [line(labels)] + [line(r) for r in rows]

    # ------------------------------------------------------------------ text
    def as_text(self) -> str:
        """Monospace text: every line of a table block has the same display width.

        Examples
        --------
        >>> s = Summary("名单").add_table(pd.DataFrame({"n": [1, 22]}, index=["花溪", "b"]))
        >>> lines = s.as_text().splitlines()
        >>> {_width(x) for x in lines[2:6]}
        {60}
        """
        blocks = [(t, self._table_lines(k)) for k, (t, _, _) in enumerate(self.tables)]
        key_w = max([_width(k) for k, _ in self.header] + [0]) + 1
        head = [_pad(k + ":", key_w) + " " + v for k, v in self.header]
        width = max([_MIN_WIDTH, _width(self.title)]
                    + [min(_width(h), _MAX_HEADER_WIDTH) for h in head]
                    + [_width(t) for t, _ in blocks]
                    + [_width(x) for _, b in blocks for x in b])
        eq, dash = "=" * width, "-" * width
        out = [_pad(self.title, width, "center").rstrip(), eq]
        if head:
            out += [_pad(h, width) for h in head] + [eq]
        for title, lines in blocks:
            if title:
                out.append(_pad(title, width))
            if lines:
                out.append(_pad(lines[0], width))
                out.append(dash)
                out += [_pad(x, width) for x in lines[1:]]
            out.append(eq)
        for i, note in enumerate(self.notes, start=1):
            prefix = f"[{i}] "
            wrapped = textwrap.wrap(note, width=max(width - len(prefix), 20)) or [""]
            out.append(prefix + wrapped[0])
            out += [" " * len(prefix) + w for w in wrapped[1:]]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    # ------------------------------------------------------------------ html
    def as_html(self) -> str:
        """HTML: a caption and header table, one small table per block, the notes; all text escaped.

        Examples
        --------
        >>> s = Summary("<T>").add_table(pd.DataFrame({"x": [1.5]}, index=["<b>"]))
        >>> "&lt;b&gt;" in s.as_html() and "<b>" not in s.as_html()
        True
        """
        esc = html.escape
        parts = ['<div class="govstudy-summary">', f"<h4>{esc(self.title)}</h4>"]
        if self.header:
            parts.append('<table class="govstudy-summary-header">')
            parts += [f'<tr><th style="text-align:left">{esc(k)}</th><td style="text-align:left">{esc(v)}</td></tr>'
                      for k, v in self.header]
            parts.append("</table>")

        def align(right: bool) -> str:
            return ' style="text-align:right"' if right else ' style="text-align:left"'

        for k, (title, _, _) in enumerate(self.tables):
            labels, rows, right = self._cells(k)
            parts.append('<table class="govstudy-summary-table">')
            if title:
                parts.append(f'<caption style="text-align:left">{esc(title)}</caption>')
            parts.append("<thead><tr>" + "".join(f"<th{align(r)}>{esc(c)}</th>" for c, r in zip(labels, right))
                         + "</tr></thead><tbody>")
            for row in rows:
                parts.append("<tr>" + "".join(f"<td{align(r)}>{esc(c)}</td>" for c, r in zip(row, right)) + "</tr>")
            parts.append("</tbody></table>")
        if self.notes:
            parts.append("<ol>" + "".join(f"<li>{esc(n)}</li>" for n in self.notes) + "</ol>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.as_html()
