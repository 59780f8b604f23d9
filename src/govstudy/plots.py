"""Figures: one function per figure type, each returning the matplotlib ``Axes``.

Model colours and labels come from the dataset: pass ``models=ds.models``
(``model``, ``label_zh``, ``label_en``, ``colour``) and a model has the same
colour in every notebook and in the report. Without it, the models are taken
in the order of the ``model`` column (its categories when categorical) and
coloured with the Okabe–Ito palette, which gives the same colours as the
dataset's own default. Every figure
function calls :func:`use_cjk_font` first, so Chinese labels render on any
machine: an installed CJK font is preferred, otherwise the OFL-licensed subset
of Noto Sans CJK SC shipped in ``govstudy/fonts/`` is registered.

Figures of synthetic data say so in their title (pass a DataFrame with
``df.attrs["synthetic"] = True`` or a true ``synthetic`` column).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import matplotlib as mpl
import matplotlib.font_manager as fm
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .datasets import model_palette
from .design import TESTS, effect_size, power_clustered
from .intervals import Interval

__all__ = [
    "CJK_FONT_FAMILIES",
    "SHIPPED_CJK_FONT",
    "use_cjk_font",
    "case_label",
    "indicator_label",
    "interval_dotplot",
    "comparability_plot",
    "dimension_profile",
    "rank_uncertainty",
    "sensitivity_bars",
    "qca_xy_plot",
    "power_curve",
    "panel_plot",
    "event_study_plot",
]

#: Installed CJK families that :func:`use_cjk_font` looks for, in order of preference.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)

#: The fallback font shipped with govstudy (subset of Noto Sans CJK SC, SIL OFL 1.1).
SHIPPED_CJK_FONT: Path = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-govstudy-subset.otf"

_NEUTRAL = "#666666"
_MISSING_COLOR = "#BBBBBB"
_cjk_state: dict[str, str | None] = {"family": None}


# --------------------------------------------------------------------------- fonts
def _find_installed_cjk_family(entries=None) -> str | None:
    """First family of :data:`CJK_FONT_FAMILIES` present in ``entries``
    (default: matplotlib's font list), or None."""
    if entries is None:
        entries = fm.fontManager.ttflist
    names = {e.name for e in entries}
    for family in CJK_FONT_FAMILIES:
        if family in names:
            return family
    return None


def _shipped_family() -> str:
    if not SHIPPED_CJK_FONT.is_file():  # pragma: no cover - broken installation
        raise FileNotFoundError(
            f"govstudy's fallback CJK font is missing: {SHIPPED_CJK_FONT} "
            "(reinstall govstudy or install fonts-noto-cjk)"
        )
    path = str(SHIPPED_CJK_FONT)
    for entry in fm.fontManager.ttflist:
        if entry.fname == path:
            return entry.name
    fm.fontManager.addfont(path)
    return next(e.name for e in fm.fontManager.ttflist if e.fname == path)


def use_cjk_font(*, prefer_installed: bool = True) -> str:
    """Make Chinese text render in matplotlib figures; idempotent.

    Looks for an installed font of :data:`CJK_FONT_FAMILIES` (in that order)
    and otherwise registers the subset of Noto Sans CJK SC shipped with
    govstudy (:data:`SHIPPED_CJK_FONT`, SIL Open Font License 1.1). The
    family is put first in ``rcParams["font.sans-serif"]``; glyphs it lacks
    fall back to the next family (DejaVu Sans), so Latin text and symbols
    keep rendering.

    Parameters
    ----------
    prefer_installed : bool
        If False, always use the shipped font (makes figures look the same on
        every machine).

    Returns
    -------
    str
        The CJK font family now first in ``font.sans-serif``.

    Examples
    --------
    >>> family = use_cjk_font()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["font.sans-serif"][0] == family
    True
    >>> use_cjk_font() == family
    True
    """
    family = _find_installed_cjk_family() if prefer_installed else None
    if family is None:
        family = _shipped_family()
    current = list(mpl.rcParams["font.sans-serif"])
    if not current or current[0] != family:
        mpl.rcParams["font.sans-serif"] = [family] + [f for f in current if f != family]
    families = mpl.rcParams["font.family"]
    if isinstance(families, str):
        families = [families]
    if "sans-serif" not in families and family not in families:
        mpl.rcParams["font.family"] = ["sans-serif"] + list(families)
    _cjk_state["family"] = family
    return family


# --------------------------------------------------------------------------- labels
def _short_en(name_en: str) -> str:
    for suffix in (" Community", " Subdistrict", " Compound", " District"):
        if name_en.endswith(suffix):
            return name_en[: -len(suffix)]
    return name_en


def case_label(case_id: str, cases: pd.DataFrame | None = None, *, sep: str = " / ",
               max_len: int | None = 40) -> str:
    """Bilingual display name of a case, e.g. ``"巷子树社区 / Xiangzishu"``.

    Parameters
    ----------
    case_id : str
    cases : DataFrame, optional
        With columns case_id, name_zh, name_en. Without it (or for an
        unknown id) the id itself is returned.
    sep : str
        Between the Chinese and the English name (``"\\n"`` for two lines).
    max_len : int or None
        Longer labels are cut with an ellipsis, so that figures and pages keep
        a readable size whatever a dataset's names (None: never cut).

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["c_x"], "name_zh": ["巷子树社区"],
    ...                       "name_en": ["Xiangzishu Community"]})
    >>> case_label("c_x", cases)
    '巷子树社区 / Xiangzishu'
    >>> case_label("c_unknown", cases)
    'c_unknown'
    """
    if cases is None or "case_id" not in cases:
        return str(case_id)
    row = cases.loc[cases["case_id"] == case_id]
    if row.empty:
        return str(case_id)
    zh = row["name_zh"].iloc[0] if "name_zh" in row else None
    en = row["name_en"].iloc[0] if "name_en" in row else None
    parts = [str(p) for p in (zh, _short_en(str(en)) if isinstance(en, str) else None)
             if isinstance(p, str) and p]
    label = sep.join(parts) if parts else str(case_id)
    return _truncate(label, max_len) if max_len else label


def indicator_label(indicator: str, codebook: pd.DataFrame | None = None, *, sep: str = " / ",
                    max_len: int | None = 50) -> str:
    """Bilingual label of a codebook id, e.g. ``"新增车位 / Parking spaces added"``.

    Examples
    --------
    >>> import pandas as pd
    >>> cb = pd.DataFrame({"id": ["parking_spaces_added"], "label_zh": ["新增车位"],
    ...                    "label_en": ["Parking spaces added"]})
    >>> indicator_label("parking_spaces_added", cb)
    '新增车位 / Parking spaces added'
    """
    if codebook is None or "id" not in codebook:
        return str(indicator)
    row = codebook.loc[codebook["id"] == indicator]
    if row.empty:
        return str(indicator)
    parts = [str(row[c].iloc[0]) for c in ("label_zh", "label_en")
             if c in row and isinstance(row[c].iloc[0], str) and row[c].iloc[0]]
    label = sep.join(parts) if parts else str(indicator)
    return _truncate(label, max_len) if max_len else label


# --------------------------------------------------------------------------- helpers
_XLABEL_MAX_LEN = 80


def _truncate(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, so labels keep figures a readable size."""
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _new_ax(ax, figsize, *, polar: bool = False):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(projection="polar" if polar else None)


def _require(df: pd.DataFrame, columns, what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what}: missing column(s) {', '.join(missing)}; got {', '.join(map(str, df.columns))}"
        )
    if df.empty:
        raise ValueError(f"{what}: the table is empty, nothing to plot")


def _pick(df: pd.DataFrame, aliases, what: str, role: str, *, required: bool = True) -> str | None:
    lower = {str(c).lower(): c for c in df.columns}
    for a in aliases:
        if a.lower() in lower:
            return lower[a.lower()]
    if required:
        raise ValueError(
            f"{what}: no column for {role}; expected one of {', '.join(aliases)}; "
            f"got {', '.join(map(str, df.columns))}"
        )
    return None


def _is_synthetic(df: pd.DataFrame) -> bool:
    if df.attrs.get("synthetic"):
        return True
    if "synthetic" in df.columns:
        return bool(df["synthetic"].fillna(False).astype(bool).any())
    return False


def _title(ax, text: str, df: pd.DataFrame) -> None:
    if _is_synthetic(df):
        text = f"{text} — SYNTHETIC data"
    ax.set_title(text)


class _ModelStyle:
    """Order, colour and label of the models one figure shows."""

    def __init__(self, values, models: pd.DataFrame | None = None):
        labels: dict[str, str] = {}
        if models is not None:
            _require(models, ["model"], "models")
            order = [str(m) for m in models["model"]]
            given = dict(zip(order, models["colour"])) if "colour" in models.columns else {}
            for r in models.to_dict("records"):
                parts = [str(r[c]) for c in ("label_zh", "label_en") if isinstance(r.get(c), str) and r.get(c)]
                labels[str(r["model"])] = " / ".join(dict.fromkeys(parts)) if parts else str(r["model"])
        else:
            cats = getattr(getattr(values, "cat", None), "categories", None)
            order = [str(m) for m in cats] if cats is not None else []
            given = {}
        seen = [str(v) for v in pd.Series(values, dtype=object).dropna() if str(v) not in order]
        order += list(dict.fromkeys(seen))
        self.order = order
        self.colours = model_palette(order, {k: v for k, v in given.items() if isinstance(v, str)})
        self.labels = {m: labels.get(m, m) for m in order}

    def color(self, model) -> str:
        return self.colours.get(str(model), _NEUTRAL) if isinstance(model, str) and model else _NEUTRAL

    def label(self, model) -> str:
        return self.labels.get(str(model), str(model))

    def present(self, values) -> list[str]:
        here = {str(v) for v in values if isinstance(v, str)}
        return [m for m in self.order if m in here]

    def legend(self, ax, values, *, loc="best", extra=(), **kw):
        handles = [Patch(facecolor=self.color(m), edgecolor=self.color(m), label=self.label(m))
                   for m in self.present(values)]
        handles += list(extra)
        if handles:
            ax.legend(handles=handles, loc=loc, fontsize="small", **kw)


def _cases_of(indicators: pd.DataFrame, cases: pd.DataFrame | None, models=None) -> pd.DataFrame:
    """case_id → model for the columns/rows of a figure, in model order."""
    if cases is not None and {"case_id", "model"} <= set(cases.columns):
        tab = cases.loc[cases["model"].notna(), ["case_id", "model"]].copy()
    elif "model" in indicators.columns:
        tab = indicators[["case_id", "model"]].drop_duplicates("case_id").copy()
    else:
        tab = indicators[["case_id"]].drop_duplicates().assign(model=None)
    style = _ModelStyle(tab["model"], models)
    tab["model"] = tab["model"].astype(object).where(tab["model"].notna(), None)
    order = {m: i for i, m in enumerate(style.order)}
    tab["_o"] = [order.get(m, len(order)) for m in tab["model"]]
    tab["_pos"] = range(len(tab))
    return tab.sort_values(["_o", "_pos"], kind="stable").drop(columns=["_o", "_pos"])


# --------------------------------------------------------------------------- interval dot plot
def interval_dotplot(
    indicators: pd.DataFrame,
    *,
    cases: pd.DataFrame | None = None,
    codebook: pd.DataFrame | None = None,
    ax=None,
    log: bool | None = None,
    relative: bool = False,
    title: str | None = None,
    models: pd.DataFrame | None = None,
):
    """Dot plot of stated figures as intervals, one row per figure.

    A filled dot where the figure is exact; a bar from lower to upper bound
    where it is an interval, with a filled end where the bound is closed and a
    hollow end where it is open; an arrow to the edge of the plot where the
    interval is unbounded. A small vertical tick marks the number as stated
    inside an interval. Colours follow ``models`` (the dataset's ``models``
    table; default: Okabe–Ito in the order of the ``model`` column).

    Parameters
    ----------
    indicators : DataFrame
        Rows shaped like ``load_chengdu().indicators``: case_id, indicator,
        value, lower, upper, lower_closed, upper_closed, and optionally
        model and unit.
    cases, codebook : DataFrame, optional
        For bilingual case and indicator labels (and ``model`` when the
        indicators lack it).
    ax : matplotlib Axes, optional
        Drawn into; a new figure when None.
    log : bool, optional
        Logarithmic value axis; default True when all finite bounds are
        positive and span more than two orders of magnitude (figures in
        different units share the axis, so only positions along a row mean
        anything).
    relative : bool
        Draw each interval divided by its stated number (1 = as stated), on
        a linear axis: makes the width of narrow intervals such as 80余 →
        (80, 90) visible. Needs a positive stated value in every row.
    title : str

    Returns
    -------
    matplotlib.axes.Axes
        Artists carry gids: ``"point:<case>:<indicator>"``,
        ``"bar:<case>:<indicator>"``, ``"end_closed:<case>:<indicator>:<lower|upper>"``,
        ``"end_open:..."``,
        ``"arrow_up:..."`` / ``"arrow_down:..."``, ``"stated:..."``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case_id": ["a", "b"], "indicator": ["x", "y"],
    ...     "value": [5.0, 80.0], "lower": [5.0, 80.0], "upper": [5.0, float("inf")],
    ...     "lower_closed": [True, False], "upper_closed": [True, False],
    ...     "model": ["acquaintance", "partner"]})
    >>> ax = interval_dotplot(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a · x', 'b · y']
    """
    if title is None:
        title = ("Width of each interval relative to the number as written" if relative
                 else "Every stated figure with its interval")
    use_cjk_font()
    what = "interval_dotplot"
    _require(indicators, ["case_id", "indicator", "value", "lower", "upper",
                          "lower_closed", "upper_closed"], what)
    df = indicators.reset_index(drop=True).copy()
    if "model" not in df.columns:
        lookup = _cases_of(df, cases, models).set_index("case_id")["model"]
        df["model"] = df["case_id"].map(lookup)
    style = _ModelStyle(cases["model"] if cases is not None and "model" in cases.columns else df["model"], models)
    df["model"] = df["model"].astype(object)
    intervals = []
    for i, r in df.iterrows():
        try:
            iv = Interval(float(r["lower"]), float(r["upper"]),
                          bool(r["lower_closed"]), bool(r["upper_closed"]))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{what}: row {i} ({r['case_id']}, {r['indicator']}): {exc}") from exc
        intervals.append(iv)
    if relative:
        values = pd.to_numeric(df["value"], errors="coerce").astype(float)
        for i, v in values.items():
            if not (math.isfinite(v) and v > 0):
                raise ValueError(f"{what}: row {i} ({df.at[i, 'case_id']}, {df.at[i, 'indicator']}): "
                                 f"relative=True needs a positive stated value, got {df.at[i, 'value']!r}")
        intervals = [Interval(iv.lower / v, iv.upper / v, iv.lower_closed, iv.upper_closed)
                     for iv, v in zip(intervals, values)]
        df["value"] = 1.0
        log = False

    finite = [b for iv in intervals for b in (iv.lower, iv.upper) if math.isfinite(b)]
    finite += [float(v) for v in df["value"] if pd.notna(v) and math.isfinite(float(v))]
    if log is None:
        pos = [b for b in finite if b > 0]
        log = bool(pos) and min(finite) > 0 and max(pos) / min(pos) > 100
    if log:
        pos = [b for b in finite if b > 0]
        lo_edge, hi_edge = min(pos) / 3.0, max(pos) * 3.0
    else:
        span = (max(finite) - min(finite)) or max(abs(max(finite)), 1.0)
        lo_edge, hi_edge = min(finite) - 0.15 * span, max(finite) + 0.15 * span

    order = {m: k for k, m in enumerate(style.order)}
    df["_o"] = [order.get(m, len(order)) for m in df["model"]]
    df["_row"] = range(len(df))
    rows = df.sort_values(["_o", "case_id", "_row"], kind="stable")["_row"].tolist()

    ax = _new_ax(ax, (12.0, 0.3 * len(df) + 2.2))
    labels = []
    for y, i in enumerate(rows):
        r, iv = df.iloc[i], intervals[i]
        color = style.color(r["model"])
        key = f"{r['case_id']}:{r['indicator']}"
        unit = f" [{r['unit']}]" if "unit" in df.columns and isinstance(r["unit"], str) else ""
        labels.append(f"{case_label(r['case_id'], cases)} · {indicator_label(r['indicator'], codebook)}{unit}")
        if iv.exact:
            (pt,) = ax.plot([iv.lower], [y], "o", color=color, ms=6, zorder=3)
            pt.set_gid(f"point:{key}")
            continue
        lo_inf = not math.isfinite(iv.lower) or (log and iv.lower <= 0)
        hi_inf = not math.isfinite(iv.upper)
        x0 = lo_edge if lo_inf else iv.lower
        x1 = hi_edge if hi_inf else iv.upper
        if not (lo_inf or hi_inf):
            (bar,) = ax.plot([x0, x1], [y, y], "-", color=color, lw=3, solid_capstyle="butt", zorder=2)
            bar.set_gid(f"bar:{key}")
        for side, bound, closed, is_inf in (("lower", iv.lower, iv.lower_closed, lo_inf),
                                            ("upper", iv.upper, iv.upper_closed, hi_inf)):
            if is_inf:
                continue
            (end,) = ax.plot([bound], [y], "o", ms=6, zorder=4, color=color,
                             markerfacecolor=color if closed else "white", markeredgewidth=1.5)
            end.set_gid(f"{'end_closed' if closed else 'end_open'}:{key}:{side}")
        if hi_inf or lo_inf:
            start = iv.lower if hi_inf and not lo_inf else (iv.upper if lo_inf and not hi_inf else x0)
            if hi_inf:
                arr = ax.annotate("", xy=(hi_edge, y), xytext=(start, y),
                                  arrowprops=dict(arrowstyle="-|>", color=color, lw=2.5, shrinkA=0, shrinkB=0))
                arr.set_gid(f"arrow_up:{key}")
            if lo_inf:
                arr = ax.annotate("", xy=(lo_edge, y), xytext=(iv.upper if not hi_inf else hi_edge, y),
                                  arrowprops=dict(arrowstyle="-|>", color=color, lw=2.5, shrinkA=0, shrinkB=0))
                arr.set_gid(f"arrow_down:{key}")
        v = float(r["value"]) if pd.notna(r["value"]) else math.nan
        if math.isfinite(v) and v not in (iv.lower, iv.upper):
            (tick,) = ax.plot([v], [y], "|", color="black", ms=9, mew=1.5, zorder=5)
            tick.set_gid(f"stated:{key}")

    if log:
        ax.set_xscale("log")
    if relative:
        ax.axvline(1.0, color="#999999", lw=0.8, zorder=1)
    ax.set_xlim(lo_edge, hi_edge)
    ax.set_yticks(range(len(rows)), labels, fontsize="small")
    for lab, i in zip(ax.get_yticklabels(), rows):
        lab.set_color(style.color(df.iloc[i]["model"]))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    if relative:
        ax.set_xlabel("bounds relative to the stated number (1 = the number as written)")
    else:
        ax.set_xlabel("value as stated" + (" (log scale; units differ by row)" if log else " (units differ by row)"))
    extra = [
        Line2D([], [], ls="none", marker="o", color=_NEUTRAL, label="exact / closed end"),
        Line2D([], [], ls="none", marker="o", color=_NEUTRAL, markerfacecolor="white", label="open end"),
        Line2D([], [], ls="-", marker=">", color=_NEUTRAL, label="unbounded"),
    ]
    style.legend(ax, df["model"], loc="upper center", bbox_to_anchor=(0.5, -0.6 / (0.3 * len(df) + 0.6)),
                  extra=extra, ncol=4)
    _title(ax, title, indicators)
    return ax


# --------------------------------------------------------------------------- comparability matrix
def comparability_plot(
    reported: pd.DataFrame,
    *,
    cases: pd.DataFrame | None = None,
    codebook: pd.DataFrame | None = None,
    ax=None,
    title: str | None = None,
    models: pd.DataFrame | None = None,
):
    """Which indicator (or mechanism) is reported for which case.

    Rows are codebook ids, columns are the cases grouped by model; a cell is
    filled in the model's colour where the case reports the item and left
    empty otherwise. The right margin counts the cases reporting each row, so
    items reported for one case only (not comparable) stand out.

    Parameters
    ----------
    reported : DataFrame
        ``indicators`` (a row = reported) or ``mechanisms`` (reported where
        ``present`` is true): columns case_id and indicator or mechanism.
    cases : DataFrame, optional
        case_id, model, name_zh, name_en: all cases with a model become
        columns, even those reporting nothing.
    codebook : DataFrame, optional
        Row labels; with it, rows are every codebook id of that kind.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Filled cells are ``Rectangle`` patches with gid ``"cell:<row>:<case>"``.

    Examples
    --------
    >>> import pandas as pd
    >>> ind = pd.DataFrame({"case_id": ["a", "a", "b"], "indicator": ["x", "y", "x"],
    ...                     "model": ["acquaintance", "acquaintance", "partner"]})
    >>> ax = comparability_plot(ind)
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid())
    ['cell:x:a', 'cell:x:b', 'cell:y:a']
    """
    use_cjk_font()
    what = "comparability_plot"
    item = _pick(reported, ["indicator", "mechanism"], what, "the item (indicator or mechanism)")
    _require(reported, ["case_id", item], what)
    df = reported
    if "present" in df.columns:
        df = df.loc[df["present"].astype(bool)]
    kind = "mechanism" if item == "mechanism" else "indicator"
    cols = _cases_of(reported, cases, models)
    style = _ModelStyle(cases["model"] if cases is not None and "model" in cases.columns
                        else cols["model"], models)
    if codebook is not None and {"id", "kind"} <= set(codebook.columns):
        items = codebook.loc[codebook["kind"] == kind, "id"].tolist()
        unknown = sorted(set(df[item]) - set(items))
        items += unknown
    else:
        items = list(dict.fromkeys(df[item]))
    pairs = set(zip(df[item], df["case_id"]))
    case_ids = cols["case_id"].tolist()
    model_of = dict(zip(cols["case_id"], cols["model"]))

    ax = _new_ax(ax, (1.1 * len(case_ids) + 4.5, 0.3 * len(items) + 2.2))
    for yi, it in enumerate(items):
        for xi, c in enumerate(case_ids):
            if (it, c) in pairs:
                rect = Rectangle((xi - 0.45, yi - 0.45), 0.9, 0.9, facecolor=style.color(model_of[c]),
                                 edgecolor="none")
                rect.set_gid(f"cell:{it}:{c}")
                ax.add_patch(rect)
        n = sum((it, c) in pairs for c in case_ids)
        ax.text(len(case_ids) - 0.3, yi, str(n), va="center", ha="left", fontsize="small",
                color="black" if n > 1 else "#B00020")
    ax.set_xlim(-0.5, len(case_ids) + 0.4)
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.set_xticks(range(len(case_ids)), [case_label(c, cases, sep="\n") for c in case_ids],
                  rotation=0, fontsize="small")
    for lab, c in zip(ax.get_xticklabels(), case_ids):
        lab.set_color(style.color(model_of[c]))
    ax.set_yticks(range(len(items)), [indicator_label(i, codebook) for i in items], fontsize="small")
    ax.set_xticks(np.arange(len(case_ids) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(items) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#e5e5e5", lw=0.6)
    ax.tick_params(which="minor", length=0)
    # separators between model groups
    for xi in range(1, len(case_ids)):
        if model_of[case_ids[xi]] != model_of[case_ids[xi - 1]]:
            ax.axvline(xi - 0.5, color="black", lw=1)
    ax.text(len(case_ids) - 0.3, -0.9, "n", ha="left", va="bottom", fontsize="small")
    style.legend(ax, cols["model"], loc="upper left", bbox_to_anchor=(1.02, 1.0))
    if title is None:
        title = ("Which mechanism is reported for which case" if kind == "mechanism"
                 else "Which indicator is reported for which case")
    _title(ax, title, reported)
    return ax


# --------------------------------------------------------------------------- dimension profile
def dimension_profile(
    scores: pd.DataFrame,
    *,
    kind: str = "parallel",
    ax=None,
    title: str = "Dimension scores per model",
    ylabel: str = "score",
    models: pd.DataFrame | None = None,
):
    """Per-model profile of dimension scores with their intervals.

    Parameters
    ----------
    scores : DataFrame
        Columns model, dimension, score, lower, upper (one row per model and
        dimension). A missing score (NaN) is drawn as a gap and marked
        "not reported" with an ``x`` on the axis.
    kind : {"parallel", "radar"}
        Parallel coordinates (default; intervals as error bars) or a radar
        chart (intervals as a shaded band; needs a polar ``ax``).
    ax : Axes, optional
    title, ylabel : str

    Returns
    -------
    matplotlib.axes.Axes
        One line per model with gid ``"profile:<model>"``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"model": ["four_micro"] * 2, "dimension": ["service", "outcome"],
    ...                   "score": [0.4, 0.6], "lower": [0.2, 0.5], "upper": [0.7, 0.8]})
    >>> ax = dimension_profile(s)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['service', 'outcome']
    """
    use_cjk_font()
    what = "dimension_profile"
    _require(scores, ["model", "dimension", "score", "lower", "upper"], what)
    if kind not in ("parallel", "radar"):
        raise ValueError(f"{what}: kind must be 'parallel' or 'radar', got {kind!r}")
    df = scores.copy()
    style = _ModelStyle(df["model"], models)
    df["model"] = df["model"].astype(object)
    bad = df.loc[df["score"].notna() & ((df["lower"] > df["score"]) | (df["upper"] < df["score"]))]
    if not bad.empty:
        r = bad.iloc[0]
        raise ValueError(f"{what}: row {bad.index[0]} ({r['model']}, {r['dimension']}): "
                         f"score {r['score']} outside [{r['lower']}, {r['upper']}]")
    dims = list(dict.fromkeys(df["dimension"]))
    shown = style.present(df["model"])
    if kind == "radar" and len(dims) < 3:
        raise ValueError(f"{what}: a radar chart needs at least 3 dimensions, got {len(dims)}; use kind='parallel'")
    ax = _new_ax(ax, (7.5, 6.5) if kind == "radar" else (1.2 * len(dims) + 4, 4.5), polar=(kind == "radar"))
    if kind == "radar" and getattr(ax, "name", "") != "polar":
        raise ValueError(f"{what}: kind='radar' needs a polar Axes (subplot_kw={{'projection': 'polar'}})")

    finite = df[["score", "lower", "upper"]].to_numpy(dtype=float)
    finite = finite[np.isfinite(finite)]
    lo = float(finite.min()) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 1.0
    pad = 0.05 * ((hi - lo) or 1.0)
    lo_clip, hi_clip = lo - pad, hi + pad
    n_m = max(len(shown), 1)
    for k, m in enumerate(shown):
        sub = df.loc[df["model"] == m].set_index("dimension").reindex(dims)
        color = style.color(m)
        y = sub["score"].to_numpy(dtype=float)
        ylo = np.clip(sub["lower"].to_numpy(dtype=float), lo_clip, hi_clip)
        yhi = np.clip(sub["upper"].to_numpy(dtype=float), lo_clip, hi_clip)
        label = style.label(m)
        if kind == "parallel":
            x = np.arange(len(dims)) + (k - (n_m - 1) / 2) * 0.08
            (line,) = ax.plot(x, y, "-o", color=color, label=label, zorder=3)
            line.set_gid(f"profile:{m}")
            ok = ~np.isnan(y)
            eb = ax.errorbar(x[ok], y[ok], yerr=[y[ok] - ylo[ok], yhi[ok] - y[ok]], fmt="none",
                             ecolor=color, elinewidth=1.5, capsize=3, zorder=2)
            for coll in eb.lines[2]:
                coll.set_gid(f"interval:{m}")
            miss = np.isnan(y)
            if miss.any():
                ax.plot(x[miss], np.full(miss.sum(), lo_clip), "x", color=color, ms=7, clip_on=False)
        else:
            theta = np.linspace(0, 2 * np.pi, len(dims), endpoint=False)
            tc = np.append(theta, theta[0])
            (line,) = ax.plot(tc, np.append(y, y[0]), "-o", color=color, label=label, zorder=3)
            line.set_gid(f"profile:{m}")
            band = ax.fill_between(tc, np.append(ylo, ylo[0]), np.append(yhi, yhi[0]),
                                   color=color, alpha=0.18, lw=0)
            band.set_gid(f"interval:{m}")
    if kind == "parallel":
        ax.set_xticks(range(len(dims)), [str(d) for d in dims])
        ax.set_xlim(-0.5, len(dims) - 0.5)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color="#dddddd", lw=0.6)
        ax.set_ylim(lo_clip - pad, hi_clip + pad)
        if df["score"].isna().any():
            ax.plot([], [], "x", color=_NEUTRAL, label="not reported")
    else:
        ax.set_xticks(np.linspace(0, 2 * np.pi, len(dims), endpoint=False), [str(d) for d in dims])
        ax.set_ylim(min(lo_clip, 0.0), hi_clip)
    ax.legend(fontsize="small", loc="best" if kind == "parallel" else "upper right",
              bbox_to_anchor=None if kind == "parallel" else (1.35, 1.1))
    _title(ax, title, scores)
    return ax


# --------------------------------------------------------------------------- rank uncertainty
def rank_uncertainty(
    ranks: pd.DataFrame,
    *,
    cases: pd.DataFrame | None = None,
    ax=None,
    title: str = "Rank under uncertainty (median and 5–95 % interval)",
    models: pd.DataFrame | None = None,
):
    """Nominal rank, median rank and its 5–95 % interval per unit.

    Parameters
    ----------
    ranks : DataFrame
        One row per unit: a unit column (``unit``, ``case_id``, COINr's
        ``uCode`` or ``model``; else the index, as in
        ``UncertaintyResult.rank_stats``), the nominal rank (``nominal``,
        ``rank_nominal``, ``nominal_rank``), the median (``median``,
        ``median_rank``), ``q05`` (``q5``, ``q05_rank``) and ``q95``
        (``q95_rank``); optionally ``frac_ranked`` (share of runs in which the
        unit has a score, annotated when below 1) and ``model`` for colours.
    cases : DataFrame, optional
        Bilingual unit labels when units are case ids.
    ax : Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
        Rank 1 at the left; units sorted by nominal rank (best at the top).
        Interval lines have gid ``"rank_interval:<unit>"``, nominal ranks
        ``"nominal:<unit>"``.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"unit": ["a", "b"], "nominal": [2, 1], "median": [2, 1],
    ...                   "q05": [1, 1], "q95": [2, 2]})
    >>> ax = rank_uncertainty(r)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['b', 'a']
    """
    use_cjk_font()
    what = "rank_uncertainty"
    if not isinstance(ranks, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(ranks).__name__}")
    if _pick(ranks, ["unit", "case_id", "uCode", "model"], what, "the unit", required=False) is None:
        ranks = ranks.rename_axis("unit").reset_index()  # UncertaintyResult.rank_stats: units in the index
    unit = _pick(ranks, ["unit", "case_id", "uCode", "model"], what, "the unit")
    nominal = _pick(ranks, ["nominal", "rank_nominal", "nominal_rank"], what, "the nominal rank")
    median = _pick(ranks, ["median", "rank_median", "median_rank"], what, "the median rank")
    q05 = _pick(ranks, ["q05", "q5", "rank_q05", "q05_rank"], what, "the 5 % quantile")
    q95 = _pick(ranks, ["q95", "rank_q95", "q95_rank"], what, "the 95 % quantile")
    _require(ranks, [unit, nominal, median, q05, q95], what)
    df = ranks.sort_values(nominal, kind="stable").reset_index(drop=True)
    bad = df.loc[(df[q05] > df[median]) | (df[median] > df[q95])]
    if not bad.empty:
        raise ValueError(f"{what}: unit {bad[unit].iloc[0]!r}: need q05 <= median <= q95")
    has_model = "model" in df.columns
    style = _ModelStyle(df["model"] if has_model else [], models)
    ax = _new_ax(ax, (7.5, 0.3 * len(df) + 1.6))  # units that are models take their own colour
    for y, r in df.iterrows():
        color = style.color(r["model"]) if has_model else _NEUTRAL
        (ln,) = ax.plot([r[q05], r[q95]], [y, y], "-", color=color, lw=3, solid_capstyle="round")
        ln.set_gid(f"rank_interval:{r[unit]}")
        ax.plot([r[median]], [y], "o", color="black", ms=4, zorder=3)
        (nom,) = ax.plot([r[nominal]], [y], "D", color=color, markerfacecolor="white", ms=6, zorder=4)
        nom.set_gid(f"nominal:{r[unit]}")
        frac = r.get("frac_ranked", 1.0)
        if pd.notna(frac) and frac < 1:
            ax.annotate(f"scored in {frac:.0%} of runs", (r[q95], y), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize="small")
    ax.set_yticks(range(len(df)), [case_label(u, cases) for u in df[unit]], fontsize="small")
    if has_model:
        for lab, m in zip(ax.get_yticklabels(), df["model"]):
            lab.set_color(style.color(m))
    ax.set_ylim(len(df) - 0.5, -0.5)
    n = float(np.nanmax(df[[nominal, q95]].to_numpy(dtype=float)))
    ax.set_xlim(0.5, n + 0.5)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_xlabel("rank (1 = best)")
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    extra = [Line2D([], [], ls="none", marker="D", color=_NEUTRAL, markerfacecolor="white", label="nominal rank"),
             Line2D([], [], ls="none", marker="o", color="black", ms=4, label="median rank"),
             Line2D([], [], ls="-", lw=3, color=_NEUTRAL, label="5–95 % interval")]
    if has_model:
        style.legend(ax, df["model"], loc="upper left", bbox_to_anchor=(1.01, 1.0), extra=extra)
    else:
        ax.legend(handles=extra, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    _title(ax, title, ranks)
    return ax


# --------------------------------------------------------------------------- sensitivity bars
def sensitivity_bars(
    indices: pd.DataFrame,
    *,
    ax=None,
    labels: Mapping[str, str] | None = None,
    title: str = "Sensitivity indices (first-order and total)",
):
    """First-order and total sensitivity indices per factor, with intervals.

    Parameters
    ----------
    indices : DataFrame
        One row per factor: a factor column (``factor``, ``Variable``,
        ``names``), first-order ``Si`` (or ``S1``) and total ``STi`` (or
        ``ST``), and optionally their uncertainty: ``<col>_ci_low`` /
        ``<col>_ci_high``, ``<col>_q5`` / ``<col>_q95`` (COINr) or
        ``<col>_conf`` (SALib half-width).
    ax : Axes, optional
    labels : mapping, optional
        Display label per factor.
    title : str

    Returns
    -------
    matplotlib.axes.Axes
        Bars with gid ``"first:<factor>"`` and ``"total:<factor>"``.

    Examples
    --------
    >>> import pandas as pd
    >>> si = pd.DataFrame({"factor": ["w", "n"], "Si": [0.1, 0.3], "STi": [0.2, 0.5]})
    >>> ax = sensitivity_bars(si)
    >>> len(ax.patches)
    4
    """
    use_cjk_font()
    what = "sensitivity_bars"
    factor = _pick(indices, ["factor", "Variable", "names", "name"], what, "the factor")
    first = _pick(indices, ["Si", "S1"], what, "the first-order index")
    total = _pick(indices, ["STi", "ST"], what, "the total index")
    _require(indices, [factor, first, total], what)
    df = indices.reset_index(drop=True)

    def _err(col):
        cols = {str(c).lower(): c for c in df.columns}
        for lo_s, hi_s in (("_ci_low", "_ci_high"), ("_q5", "_q95"), ("_q05", "_q95")):
            lo_c, hi_c = cols.get(f"{col}{lo_s}".lower()), cols.get(f"{col}{hi_s}".lower())
            if lo_c is not None and hi_c is not None:
                v = df[col].to_numpy(dtype=float)
                return np.vstack([np.clip(v - df[lo_c].to_numpy(dtype=float), 0, None),
                                  np.clip(df[hi_c].to_numpy(dtype=float) - v, 0, None)])
        conf = cols.get(f"{col}_conf".lower())
        if conf is not None:
            return np.abs(df[conf].to_numpy(dtype=float))
        return None

    y = np.arange(len(df))
    h = 0.38
    ax = _new_ax(ax, (7.0, 0.55 * len(df) + 1.6))
    b1 = ax.barh(y - h / 2, df[first].to_numpy(dtype=float), height=h, color="#999999",
                 xerr=_err(first), capsize=3, label="first-order (Si)")
    b2 = ax.barh(y + h / 2, df[total].to_numpy(dtype=float), height=h, color="#333333",
                 xerr=_err(total), capsize=3, label="total (STi)")
    for bars, kind in ((b1, "first"), (b2, "total")):
        for bar, f in zip(bars.patches, df[factor]):
            bar.set_gid(f"{kind}:{f}")
    names = [labels.get(f, str(f)) if labels else str(f) for f in df[factor]]
    ax.set_yticks(y, names)
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("sensitivity index (share of output variance)")
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize="small")
    _title(ax, title, indices)
    return ax


# --------------------------------------------------------------------------- QCA XY plot
def qca_xy_plot(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    unit: str = "case_id",
    cases: pd.DataFrame | None = None,
    ax=None,
    annotate: bool = True,
    title: str | None = None,
    relation: str = "sufficiency",
    models: pd.DataFrame | None = None,
    xlabel: str | None = None,
):
    """XY plot of set memberships for a QCA claim ``x → y`` (sufficiency) or ``x ← y`` (necessity).

    Each unit is a point (membership in the condition ``x`` against the
    outcome ``y``), coloured by model when ``data`` has a ``model`` column.
    Points on or above the diagonal are consistent with sufficiency, on or
    below it with necessity. The title gives Ragin's consistency and coverage:
    ``Σ min(x, y) / Σ x`` and ``Σ min(x, y) / Σ y`` for sufficiency, the
    reverse for necessity. Units at the same point are labelled once
    (``"3 cases: a, b, c"``), so labels never pile up.

    Parameters
    ----------
    data : DataFrame
        One row per unit with membership scores in [0, 1].
    x, y : str
        Columns of the condition (or configuration) and the outcome.
    unit : str
        Column naming the units (case ids get bilingual labels via ``cases``).
    cases : DataFrame, optional
    ax : Axes, optional
    annotate : bool
        Write each unit's label next to its point.
    title : str, optional
    relation : {"sufficiency", "necessity"}
    models : DataFrame, optional
        The dataset's ``models`` table (colours and labels).
    xlabel : str, optional
        Label of the x axis (default ``"membership in <x>"``), e.g. the
        Boolean expression of a QCA model; cut to 80 characters with an
        ellipsis, so a long expression cannot widen the figure.

    Returns
    -------
    matplotlib.axes.Axes
        Points have gid ``"unit:<unit>"``.

    References
    ----------
    .. [1] Ragin, C. C. (2006). Set relations in social research: evaluating
       their consistency and coverage. *Political Analysis*, 14(3), 291–310.
       https://doi.org/10.1093/pan/mpj019

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"case_id": ["a", "b"], "X": [0.2, 0.8], "Y": [0.6, 0.4]})
    >>> ax = qca_xy_plot(d, "X", "Y")
    >>> ax.get_title()
    'X → Y: consistency 0.60, coverage 0.60 (n = 2)'
    """
    use_cjk_font()
    what = "qca_xy_plot"
    _require(data, [unit, x, y], what)
    df = data.reset_index(drop=True)
    for col in (x, y):
        v = pd.to_numeric(df[col], errors="coerce")
        bad = v.isna() | (v < 0) | (v > 1)
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"{what}: row {i} ({df.at[i, unit]}): {col} = {df.at[i, col]} is not a membership in [0, 1]")
    if relation not in ("sufficiency", "necessity"):
        raise ValueError(f"{what}: relation must be 'sufficiency' or 'necessity', got {relation!r}")
    xs = df[x].to_numpy(dtype=float)
    ys = df[y].to_numpy(dtype=float)
    both = np.minimum(xs, ys).sum()
    sx, sy = (xs.sum(), ys.sum()) if relation == "sufficiency" else (ys.sum(), xs.sum())
    cons = both / sx if sx > 0 else math.nan
    cov = both / sy if sy > 0 else math.nan
    ax = _new_ax(ax, (5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="#999999", lw=1, zorder=1)
    ax.axvline(0.5, color="#dddddd", lw=0.8, zorder=0)
    ax.axhline(0.5, color="#dddddd", lw=0.8, zorder=0)
    has_model = "model" in df.columns
    style = _ModelStyle(df["model"] if has_model else [], models)
    for k, r in df.iterrows():
        color = style.color(r["model"]) if has_model else _NEUTRAL
        (pt,) = ax.plot([xs[k]], [ys[k]], "o", color=color, ms=8, zorder=3)
        pt.set_gid(f"unit:{r[unit]}")
    if annotate:  # one label per distinct point
        at: dict[tuple[float, float], list[int]] = {}
        for k in range(len(df)):
            at.setdefault((round(xs[k], 3), round(ys[k], 3)), []).append(k)
        for (px, py), ks in at.items():
            names = [_truncate(case_label(df.at[k, unit], cases), 24 if len(ks) == 1 else 12) for k in ks]
            text = names[0] if len(ks) == 1 else f"{len(ks)} cases: " + ", ".join(names[:3]) + (
                ", …" if len(ks) > 3 else "")
            color = style.color(df.at[ks[0], "model"]) if has_model and len(ks) == 1 else _NEUTRAL
            ha = "right" if px > 0.6 else "left"
            ann = ax.annotate(text, (px, py), xytext=(-6 if ha == "right" else 6, 5 if py < 0.9 else -10),
                              textcoords="offset points", fontsize="small", color=color, ha=ha)
            ann.set_in_layout(False)  # long labels must not collapse the axes
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.set_xlabel(_truncate(f"membership in {x}" if xlabel is None else xlabel, _XLABEL_MAX_LEN))
    ax.set_ylabel(f"membership in {y}")
    if has_model:
        style.legend(ax, df["model"], loc="lower right")
    if title is None:
        arrow = "→" if relation == "sufficiency" else "←"
        title = f"{x} {arrow} {y}: consistency {cons:.2f}, coverage {cov:.2f} (n = {len(df)})"
    _title(ax, title, data)
    return ax


# --------------------------------------------------------------------------- study design
#: Line colours for curves that are not models (ICC levels, cohorts): dark to light
#: greys and line styles, so they can never be read as model colours.
_SEQUENCE = ("#1a1a1a", "#555555", "#888888", "#b0b0b0")
_DASHES = ("-", "--", "-.", ":")


def power_curve(
    test: str,
    *,
    residents_per_community: int = 20,
    icc=(0.0, 0.02, 0.05, 0.10),
    communities=range(2, 61),
    alpha: float = 0.05,
    k_groups: int = 3,
    target: float = 0.8,
    ax=None,
    **effect,
):
    """Power against communities per model, one line per ICC (:func:`govstudy.design.power_clustered`).

    The ICC lines are greys with distinct dashes: model colours are kept for models.

    Parameters
    ----------
    test : {"two_proportions", "ttest", "anova"}
    residents_per_community : int
    icc : iterable of float
    communities : iterable of int
        Communities per model on the x axis.
    alpha : float
    k_groups : int
    target : float
        Horizontal reference line (e.g. 0.8).
    ax : matplotlib Axes, optional
    **effect
        Planning values for :func:`govstudy.design.effect_size`.

    Returns
    -------
    matplotlib.axes.Axes
        ICC lines have gid ``"icc:<value>"``.

    Examples
    --------
    >>> ax = power_curve("two_proportions", p1=0.85, p2=0.75, icc=[0.0, 0.05])
    >>> [ln.get_gid() for ln in ax.get_lines()]
    ['icc:0', 'icc:0.05', 'target']
    """
    use_cjk_font()
    es = effect_size(test, **effect)
    ax = _new_ax(ax, (6.5, 4.2))
    x = np.asarray(list(communities), dtype=float)
    for i, rho in enumerate(icc):
        y = power_clustered(test, es, x, residents_per_community, rho, alpha=alpha, k_groups=k_groups)
        (ln,) = ax.plot(x, y, color=_SEQUENCE[i % len(_SEQUENCE)], ls=_DASHES[i % len(_DASHES)],
                        label=f"ICC = {rho:g}")
        ln.set_gid(f"icc:{rho:g}")
    ax.axhline(target, color="#B00020", linestyle=(0, (1, 2)), linewidth=1, label=f"power {target:g}",
               gid="target")
    ax.set_xlabel("communities per model")
    ax.set_ylabel("power")
    ax.set_ylim(0, 1)
    k = k_groups if test == "anova" else 2
    ax.set_title(f"{TESTS[test]} = {es:.2f}, {residents_per_community} residents/community, "
                 f"{k} models, alpha = {alpha:g} (planning assumptions)", fontsize=9)
    ax.legend(fontsize=8)
    return ax


# --------------------------------------------------------------------------- panels (synthetic teaching data)
def panel_plot(data: pd.DataFrame, outcome: str = "y", cohort: str = "cohort", time: str = "year", *, ax=None):
    """Mean outcome per adoption cohort over time (synthetic data are labelled).

    Parameters
    ----------
    data : DataFrame
        Panel from :func:`govstudy.simulate.simulate_panel` (or any panel with these columns).
    outcome, cohort, time : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from govstudy.simulate import simulate_panel
    >>> ax = panel_plot(simulate_panel(12, 6, seed=0))
    >>> "SYNTHETIC" in ax.get_title()
    True
    """
    use_cjk_font()
    _require(data, [outcome, cohort, time], "panel_plot")
    ax = _new_ax(ax, (6.5, 4.2))
    groups = data[cohort].astype("Float64").fillna(-1).astype(int)
    for i, (g, sub) in enumerate(data.groupby(groups)):
        m = sub.groupby(time)[outcome].mean()
        name = "never adopts" if g == -1 else f"adopts {g}"
        color = _SEQUENCE[i % len(_SEQUENCE)]
        ax.plot(m.index, m.to_numpy(), marker="o", color=color, ls=_DASHES[i % len(_DASHES)], label=name)
        if g != -1:
            ax.axvline(g - 0.5, color=color, linestyle=":", linewidth=1)
    ax.set_xlabel(time)
    ax.set_ylabel(f"mean {outcome}")
    ax.legend(fontsize=8)
    _title(ax, "Mean outcome by adoption cohort", data)
    return ax


def event_study_plot(results: pd.DataFrame, *, ax=None):
    """Event-study estimates with confidence intervals (and the truth if known).

    Parameters
    ----------
    results : DataFrame
        Output of :func:`govstudy.simulate.event_study`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from govstudy.simulate import event_study, simulate_panel
    >>> ax = event_study_plot(event_study(simulate_panel(30, 8, dynamic=0.3, seed=1)))
    >>> "SYNTHETIC" in ax.get_title()
    True
    """
    use_cjk_font()
    _require(results, ["rel_time", "estimate", "ci_low", "ci_high"], "event_study_plot")
    ax = _new_ax(ax, (6.5, 4.2))
    x = results["rel_time"].to_numpy()
    est = results["estimate"].to_numpy(dtype=float)
    yerr = np.vstack([est - results["ci_low"].to_numpy(dtype=float), results["ci_high"].to_numpy(dtype=float) - est])
    ax.errorbar(x, est, yerr=np.nan_to_num(yerr), fmt="o", capsize=3, color=_SEQUENCE[0],
                label="TWFE event-study estimate")
    if "true_effect" in results.columns and results["true_effect"].notna().any():
        ax.plot(x, results["true_effect"].to_numpy(), "--", color=_SEQUENCE[2], label="true effect (known: synthetic)")
    ax.axhline(0, color="grey", linewidth=1)
    ax.axvline(-0.5, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("years since adoption")
    ax.set_ylabel("effect on outcome")
    ax.legend(fontsize=8)
    _title(ax, "Event study, reference year −1", results)
    return ax
