"""The comparison report: ``govstudy report`` writes ``reports/``.

Each analysis contributes a :class:`Section` through a builder function
``builder(dataset) -> Section`` (or ``builder(dataset, seed=...)`` when it
draws random numbers) registered in :data:`SECTION_BUILDERS` (dotted path
``"module:function"``), so that adding an analysis to the report is one line
here and the analysis code stays in its own module.

:func:`build_report` writes

* ``index.html`` — one self-contained page (figures embedded as PNG data
  URIs, Chinese glyphs embedded as a small font subset), every data text
  HTML-escaped;
* ``tables/<section>_<name>.csv`` — every table of the page, full precision
  (the page rounds for display only);
* ``figures/<section>_<name>.png`` — every figure.

Same dataset and seed give byte-identical CSV tables. A builder that raises
``ValueError`` (a comparison the data cannot support) leaves its section in
the page with the reason instead of results.
"""

from __future__ import annotations

import base64
import html as _html
import importlib
import inspect
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["Section", "SECTION_BUILDERS", "build_report", "check_report_dataset", "render_html"]


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
    """

    key: str
    title: str
    html: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


# Order = order in the page.
SECTION_BUILDERS: list[str] = [
    "govstudy.datasets:_report_section",
    "govstudy.plots:_report_section",
    "govstudy.comparability:_report_section",
    "govstudy.compare:_report_section",
    "govstudy.qca:_report_section",
]

_NAME_RE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_OPEN_ROWS = 40  # longer tables are collapsed (<details>) in the page


def _load_builder(path: str):
    module, func = path.split(":")
    return getattr(importlib.import_module(module), func)


def _safe_name(name: str) -> str:
    out = _NAME_RE.sub("_", str(name)).strip("_")
    if not out:
        raise ValueError(f"report: {name!r} gives an empty file name")
    return out


# --------------------------------------------------------------------------- dataset checks
def check_report_dataset(ds) -> list[str]:
    """What a dataset lacks for the report; an empty list when it can be built.

    The report compares the governance models of
    :data:`govstudy.datasets.MODELS`, so every model needs at least one case,
    and something (a figure or a mechanism) must be reported for each model.
    ``govstudy report --data DIR`` refuses a dataset with any problem listed
    here.

    Parameters
    ----------
    ds : Dataset
        As returned by :func:`govstudy.load_dataset`.

    Returns
    -------
    list of str
        One message per problem, naming the file.

    Examples
    --------
    >>> from govstudy import load_chengdu
    >>> check_report_dataset(load_chengdu())
    []
    >>> ds = load_chengdu()
    >>> ds.cases = ds.cases[ds.cases["model"] != "four_micro"]
    >>> print(check_report_dataset(ds)[0])  # doctest: +ELLIPSIS
    cases.csv: model 'four_micro' has no case: ...
    """
    from .datasets import MODELS

    problems: list[str] = []
    cases = ds.cases
    with_model = cases.loc[cases["model"].notna()]
    if with_model.empty:
        return [f"cases.csv: no case has a model ({', '.join(MODELS)}): there is nothing to compare"]
    models_with_cases = set(with_model["model"].astype(str))
    for m in MODELS:
        if m not in models_with_cases:
            problems.append(
                f"cases.csv: model {m!r} has no case: the report compares the models "
                f"{', '.join(MODELS)}, so each needs at least one case"
            )
    if ds.indicators.empty and not bool(ds.mechanisms["present"].any() if len(ds.mechanisms) else False):
        problems.append("indicators.csv, mechanisms.csv: no figure and no mechanism reported: nothing to show")
        return problems
    reported = set(ds.indicators["case_id"].astype(str))
    if len(ds.mechanisms):
        reported |= set(ds.mechanisms.loc[ds.mechanisms["present"].astype(bool), "case_id"].astype(str))
    for m in MODELS:
        ids = with_model.loc[with_model["model"].astype(str) == m, "case_id"].astype(str)
        if len(ids) and not set(ids) & reported:
            problems.append(
                f"indicators.csv, mechanisms.csv: model {m!r} (cases {', '.join(ids)}) reports no figure "
                "and no mechanism: nothing can be said about it"
            )
    return problems


# --------------------------------------------------------------------------- rendering
_CSS = """
:root { --fg: #1a1a1a; --muted: #5c5c5c; --rule: #d9d9d9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem 1.25rem 4rem; color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "govstudy-cjk", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.lede { color: var(--muted); margin-top: 0; }
nav ol { padding-left: 1.4rem; columns: 2; }
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
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .6rem; color: var(--muted);
  font-size: .9rem; }
"""


def _display_table(df: pd.DataFrame) -> str:
    def fmt(x):
        return format(x, ".6g")

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
    from .plots import SHIPPED_CJK_FONT

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
        "@font-face { font-family: 'govstudy-cjk'; font-style: normal; font-weight: 100 900; "
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
                f"<figure><img src='data:image/png;base64,@@IMG{len(images) - 1}@@' alt='{esc(sec.title)}: {esc(name)}'>"
                f"<figcaption>Figure <code>{esc(sec.key)}_{esc(name)}</code> "
                f"(<a href='figures/{esc(_safe_name(sec.key))}_{esc(_safe_name(name))}.png'>PNG</a>)"
                "</figcaption></figure>"
            )
        for name, table in sec.tables.items():
            rel = csvs[name]
            head = (f"<h3>{esc(name)}</h3><p class='meta'>{len(table)} row(s) · "
                    f"<a href='{esc(rel)}'>{esc(rel)}</a></p>")
            tab = f"<div class='table-wrap'>{_display_table(table)}</div>"
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


def _intro(ds) -> str:
    from .plots import MODEL_LABELS, case_label

    esc = _html.escape
    cases = ds.cases.loc[ds.cases["model"].notna()]
    rows = []
    for m, grp in cases.groupby("model", observed=True, sort=True):
        names = ", ".join(case_label(c, ds.cases) for c in grp["case_id"])
        n_fig = int(ds.indicators["case_id"].isin(grp["case_id"]).sum())
        rows.append(f"<li><strong>{esc(MODEL_LABELS.get(str(m), str(m)))}</strong>: {len(grp)} case(s) "
                    f"({esc(names)}); {n_fig} figure(s)</li>")
    singles = [MODEL_LABELS.get(str(m), str(m)).split(" / ")[-1]
               for m, grp in cases.groupby("model", observed=True) if len(grp) == 1]
    caution = ""
    if singles:
        caution = (
            "<p><strong>Read with care.</strong> The " + esc(" and ".join(singles))
            + (" model is" if len(singles) == 1 else " models are")
            + " represented by a single case: nothing here can separate a model's effect from that "
            "community's circumstances, and no statistical test between models is possible. Figures are "
            "kept as the intervals their wording allows; a blank means <em>not reported</em>, not zero.</p>"
        )
    synthetic = ""
    if getattr(ds, "synthetic", False):
        synthetic = "<p class='refused'><strong>SYNTHETIC data:</strong> not observations.</p>"
    return f"<section id='about'>{synthetic}<ul>{''.join(rows)}</ul>{caution}</section>"


# --------------------------------------------------------------------------- build
def build_report(out="reports", dataset=None, *, seed: int = 20251, progress=print):
    """Build the comparison report: ``index.html``, ``tables/*.csv``, ``figures/*.png``.

    Parameters
    ----------
    out : str or Path
        Output folder (created).
    dataset : Dataset, optional
        Default: the embedded Chengdu data.
    seed : int
        Seed for every analysis that draws random numbers, so the same inputs
        and seed give identical tables.
    progress : callable
        Receives one line per section and a final line saying where to look
        (``print`` by default; ``None`` for quiet).

    Returns
    -------
    pathlib.Path
        Path of ``index.html``.

    Raises
    ------
    ValueError
        When the dataset cannot support the report (see
        :func:`check_report_dataset`).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import __version__
    from .datasets import chengdu_path, load_chengdu
    from .plots import use_cjk_font

    say = progress or (lambda *_: None)
    ds = dataset if dataset is not None else load_chengdu()
    problems = check_report_dataset(ds)
    if problems:
        raise ValueError("the report cannot be built for this dataset:\n  " + "\n  ".join(problems))
    use_cjk_font()
    out = Path(out)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(parents=True, exist_ok=True)

    built = []
    n_tables = n_figures = 0
    for i, path in enumerate(SECTION_BUILDERS, 1):
        builder = _load_builder(path)
        kwargs = {"seed": seed} if "seed" in inspect.signature(builder).parameters else {}
        refusal = None
        try:
            sec = builder(ds, **kwargs)
        except ValueError as err:
            refusal = str(err)
            key = _safe_name(path.split(":")[0].rsplit(".", 1)[-1])
            sec = Section(key=key, title=f"{key} (not computed)")
        key = _safe_name(sec.key)
        csvs, pngs = {}, {}
        for name, table in sec.tables.items():
            if not isinstance(table.index, pd.RangeIndex):
                table = table.reset_index()
            rel = f"tables/{key}_{_safe_name(name)}.csv"
            table.to_csv(out / rel, index=False, lineterminator="\n")
            csvs[name] = rel
        for name, fig in sec.figures.items():
            fig = getattr(fig, "figure", fig)  # an Axes is accepted too
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
            plt.close(fig)
            pngs[name] = buf.getvalue()
            (out / f"figures/{key}_{_safe_name(name)}.png").write_bytes(pngs[name])
        n_tables += len(csvs)
        n_figures += len(pngs)
        built.append((sec, csvs, pngs, refusal))
        status = (f"not computed: {refusal}" if refusal is not None
                  else f"{len(csvs)} table(s), {len(pngs)} figure(s)")
        say(f"[{i}/{len(SECTION_BUILDERS)}] {sec.title}: {status}")

    chengdu = Path(ds.path) == chengdu_path()
    title = ("Comparing community governance models in Chengdu" if chengdu
             else f"Comparing community governance models: {Path(ds.path).name}")
    lede = ("Acquaintance-based (熟人治理), four-micro (四微工作法) and partner-based (治理合伙人) governance, "
            "from the figures and mechanisms a news report states, kept as honest intervals.")
    esc = _html.escape
    footer = (
        f"<p>govstudy {esc(__version__)} · seed {int(seed)} · data: <code>{esc('embedded Chengdu dataset' if chengdu else str(ds.path))}</code>"
        f"</p><p>Source: {esc(ds.citation)}</p>"
        "<p>Every table of this page is also a CSV file under <code>tables/</code>; every figure a PNG under "
        "<code>figures/</code>.</p>"
    )
    page = render_html(built, title=title, lede=lede, intro_html=_intro(ds), footer_html=footer)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    say(f"Report written: {index.resolve()}")
    say(f"  open it in a browser; tables (CSV): {(out / 'tables').resolve()} ({n_tables} file(s)); "
        f"figures (PNG): {(out / 'figures').resolve()} ({n_figures} file(s))")
    return index
