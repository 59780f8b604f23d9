"""The comparison report: ``govstudy report`` writes ``reports/``.

Each analysis contributes a :class:`Section` through a builder function
``builder(dataset) -> Section`` registered in :data:`SECTION_BUILDERS`
(dotted path ``"module:function"``), so that adding an analysis to the
report is one line here and the analysis code stays in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Section", "SECTION_BUILDERS", "build_report"]


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
    "govstudy.qca:_report_section",
]


def _load_builder(path: str):
    import importlib

    module, func = path.split(":")
    return getattr(importlib.import_module(module), func)


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
        Receives one line per step (``print`` by default; ``None`` for quiet).

    Returns
    -------
    pathlib.Path
        Path of ``index.html``.
    """
    import html as _html
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .datasets import load_chengdu

    say = progress or (lambda *_: None)
    ds = dataset if dataset is not None else load_chengdu()
    out = Path(out)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    parts = []
    for i, path in enumerate(SECTION_BUILDERS, 1):
        builder = _load_builder(path)
        say(f"[{i}/{len(SECTION_BUILDERS)}] {path.split(':')[0]} ...")
        kwargs = {"seed": seed} if "seed" in builder.__code__.co_varnames else {}
        sec = builder(ds, **kwargs)
        parts.append(f"<section id='{sec.key}'><h2>{_html.escape(sec.title)}</h2>{sec.html}")
        for name, table in sec.tables.items():
            fname = f"tables/{sec.key}_{name}.csv"
            table.to_csv(out / fname, index=False, lineterminator="\n")
            parts.append(f"<h3>{_html.escape(name)}</h3><p><a href='{fname}'>{fname}</a></p>")
            parts.append(table.to_html(index=False, na_rep="", escape=True, border=0))
        for name, fig in sec.figures.items():
            fname = f"figures/{sec.key}_{name}.png"
            fig.savefig(out / fname, dpi=110, bbox_inches="tight", metadata={"Software": None})
            plt.close(fig)
            parts.append(f"<figure><img src='{fname}' alt='{_html.escape(name)}'></figure>")
        parts.append("</section>")
    page = (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>govstudy: Chengdu governance models</title></head><body>"
        "<h1>Comparing community governance models in Chengdu</h1>"
        + "".join(parts)
        + "</body></html>\n"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    say(f"Report written: {index.resolve()} (tables in {out / 'tables'}, figures in {out / 'figures'})")
    return index
