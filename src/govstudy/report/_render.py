"""Rendering of the report page: sections to one self-contained HTML document.

Knows nothing of any analysis: a :class:`Section` is text, tables and figures.
"""

from __future__ import annotations

import base64
import html as _html
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from ..plots import SHIPPED_CJK_FONT

__all__ = ["Section", "render_html", "safe_name"]


@dataclass
class Section:
    """One section of the report.

    Attributes
    ----------
    key : str
        Short identifier, used for file names (``tables/<key>_<name>.csv``).
    title : str
        Section heading.
    html : str
        Body text as HTML paragraphs (already escaped).
    tables : dict of str to DataFrame
        Written as CSV and shown in the page.
    figures : dict of str to matplotlib Figure
        Written as PNG and embedded in the page.
    captions : dict of str to str
        Plain-text heading of a table or caption of a figure, by name (the
        name itself when absent).
    page_columns : dict of str to list of str
        The columns of a table shown in the page (the CSV keeps them all).
    """

    key: str
    title: str
    html: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)
    page_columns: dict[str, list[str]] = field(default_factory=dict)


_NAME_RE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_OPEN_ROWS = 40  # longer tables are collapsed (<details>) in the page


def safe_name(name: str) -> str:
    """A file-name-safe form of a section, table or figure name.

    Examples
    --------
    >>> safe_name("compare parking/spaces")
    'compare_parking_spaces'
    """
    out = _NAME_RE.sub("_", str(name)).strip("_")[:80]
    if not out:
        raise ValueError(f"report: {name!r} gives an empty file name")
    return out


# --------------------------------------------------------------------------- rendering
_CSS = """
:root { --fg: #1a1a1a; --muted: #5c5c5c; --rule: #d9d9d9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem 1.25rem 4rem; color: var(--fg);
  /* the embedded CJK subset first, limited to CJK code points by its unicode-range: behind system-ui,
     Chromium drew the first Chinese run in a fallback without the glyphs (boxes) on machines without a
     CJK font */
  font: 16px/1.55 "govstudy-cjk", system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.lede { color: var(--muted); margin-top: 0; }
nav ol { padding-left: 1.4rem; columns: 2; }
nav li { break-inside: avoid; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .9rem; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; font-size: .82rem; margin: .3rem 0 1rem; }
table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: .2rem .5rem; text-align: left;
  vertical-align: top; }
table.data th { background: #f4f4f4; position: sticky; top: 0; }
.refused { border-left: 4px solid #B00020; background: #fff4f4; padding: .5rem .8rem; }
.meta { color: var(--muted); font-size: .9rem; }
code { font-size: .9em; }
figure { overflow-x: auto; }
@media (max-width: 40rem) {
  body { padding: 1rem .6rem 3rem; font-size: 15px; }
  nav ol { columns: 1; }
  /* a phone shows figures at their drawn size, scrolled sideways, not shrunk into unreadable labels */
  figure img { max-width: none; width: auto; }
  table.data { font-size: .78rem; }
}
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .6rem; color: var(--muted);
  font-size: .9rem; }
"""


def _display_number(x: float) -> str:
    """A number for the page: whole numbers in full with separators, others to 6 digits.

    Examples
    --------
    >>> [_display_number(x) for x in (5e6, 0.123456789, float("inf"), -2.0)]
    ['5,000,000', '0.123457', '+∞', '-2']
    """
    if x != x:  # NaN
        return ""
    if x in (float("inf"), float("-inf")):
        return "+∞" if x > 0 else "−∞"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return format(x, ".6g")


def _display_table(df: pd.DataFrame) -> str:
    fmt = _display_number

    text_cols = df.select_dtypes(include=["string", "category"]).columns
    df = df.copy()
    for c in text_cols:  # pd.NA would print as "<NA>": show a blank, like NaN
        df[c] = df[c].astype(object).where(df[c].notna(), "")
    return df.to_html(index=False, na_rep="", escape=True, border=0, classes="data", float_format=fmt)


def _embedded_font_css(text: str) -> str:
    """``@font-face`` rule embedding the CJK glyphs of ``text`` (subset of the shipped font).

    The page then shows its Chinese text on machines without any CJK font.
    Returns '' when the page has no CJK text or fontTools is unavailable.
    """
    chars = sorted({c for c in text if ord(c) >= 0x2E80})
    if not chars:
        return ""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return ""
    font = TTFont(str(SHIPPED_CJK_FONT), recalcTimestamp=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        "@font-face { font-family: 'govstudy-cjk'; font-style: normal; font-weight: 100 900; font-display: block; "
        "unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; "
        f"src: url(data:font/otf;base64,{data}) format('opentype'); }}\n"
        "/* govstudy-cjk: subset of Noto Sans CJK SC, SIL Open Font License 1.1 (see govstudy/fonts/OFL.txt) */\n"
    )


def render_html(
    sections: list[tuple[Section, dict[str, str], dict[str, bytes], str | None]],
    *,
    title: str,
    lede: str,
    intro_html: str,
    footer_html: str,
    embed_font: bool = True,
) -> str:
    """Render the report page (used by :func:`build_report`).

    Parameters
    ----------
    sections : list of (Section, csv paths, PNG bytes, refusal)
        For each section: the section, ``{table name: relative CSV path}``,
        ``{figure name: PNG bytes}`` and the refusal message (``None`` when
        the section was built).
    title, lede : str
        Plain text (escaped here).
    intro_html, footer_html : str
        Trusted HTML (callers escape any data text in it).
    embed_font : bool
        Embed the CJK glyphs the page uses.

    Returns
    -------
    str
        A complete, self-contained HTML document.

    Examples
    --------
    >>> page = render_html([(Section("x", "A <b> section", "<p>ok</p>"), {}, {}, None)],
    ...                    title="T & T", lede="", intro_html="", footer_html="", embed_font=False)
    >>> "<h2>A &lt;b&gt; section</h2>" in page and "<title>T &amp; T</title>" in page
    True
    """
    esc = _html.escape
    nav, body, images = [], [], []
    for sec, csvs, pngs, refusal in sections:
        nav.append(f"<li><a href='#{esc(sec.key)}'>{esc(sec.title)}</a></li>")
        parts = [f"<section id='{esc(sec.key)}'>", f"<h2>{esc(sec.title)}</h2>"]
        if refusal is not None:
            parts.append(f"<p class='refused'><strong>Not computed for this dataset:</strong> {esc(refusal)}</p>")
        parts.append(sec.html)
        for name, fig_png in pngs.items():
            images.append(base64.b64encode(fig_png).decode("ascii"))
            parts.append(
                f"<figure><img src='data:image/png;base64,@@IMG{len(images) - 1}@@' alt='{esc(sec.captions.get(name, name))}'>"
                f"<figcaption>{esc(sec.captions.get(name, name))} "
                f"(<a href='figures/{esc(safe_name(sec.key))}_{esc(safe_name(name))}.png'>PNG</a>)"
                "</figcaption></figure>"
            )
        for name, table in sec.tables.items():
            rel = csvs[name]
            head = (f"<h3>{esc(sec.captions.get(name, name))}</h3><p class='meta'>{len(table)} row(s) · "
                    f"<a href='{esc(rel)}'>{esc(rel)}</a></p>")
            shown = table[sec.page_columns[name]] if name in sec.page_columns else table
            tab = f"<div class='table-wrap'>{_display_table(shown)}</div>"
            if len(table) > _MAX_OPEN_ROWS:
                tab = f"<details><summary>show all {len(table)} rows</summary>{tab}</details>"
            parts.append(head + tab)
        parts.append("</section>")
        body.append("\n".join(parts))
    main = "\n".join(body)
    font_css = _embedded_font_css(title + lede + intro_html + main + footer_html) if embed_font else ""
    main = re.sub(r"@@IMG(\d+)@@", lambda m: images[int(m.group(1))], main)  # after the font scan
    return (
        "<!doctype html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{esc(title)}</title>\n<style>\n{font_css}{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1><p class='lede'>{esc(lede)}</p></header>\n"
        f"{intro_html}\n<nav><h2>Contents</h2><ol>{''.join(nav)}</ol></nav>\n<main>\n{main}\n</main>\n"
        f"<footer>{footer_html}</footer>\n</body>\n</html>\n"
    )
