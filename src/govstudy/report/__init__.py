"""The comparison report: ``govstudy report`` writes ``reports/``.

The report depends on the analyses, never the reverse. Its sections are
ordinary functions ``section(ds, *, seed) -> Section`` listed in
:data:`DEFAULT_SECTIONS`; :func:`build_report` takes any tuple of them, so a
test or a user can add, drop or replace a section.

:func:`build_report` writes

* ``index.html`` — one self-contained page (figures embedded as PNG data
  URIs, Chinese glyphs embedded as a small font subset), every data text
  HTML-escaped;
* ``tables/<section>_<name>.csv`` — every table of the page, full precision
  (the page rounds for display only);
* ``figures/<section>_<name>.png`` — every figure.

The output is built in a fresh temporary folder beside ``out`` and moved into
place at the end, so a failure never leaves a half-written report and an
earlier report's files never linger beside the new page. Same dataset and
seed give byte-identical CSV tables. A section that raises ``ValueError`` (a
comparison the data cannot support) stays in the page with the reason.
"""

from __future__ import annotations

import html as _html
import io
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from ..datasets import Dataset
from ..plots import case_label, use_cjk_font
from ._render import Section, render_html, safe_name
from .sections import (
    DEFAULT_SECTIONS,
    DEFAULT_SEED,
    comparison_section,
    dataset_section,
    figures_section,
    limits_section,
    qca_section,
)

__all__ = [
    "Section",
    "DEFAULT_SECTIONS",
    "DEFAULT_SEED",
    "ReportError",
    "build_report",
    "check_report_dataset",
    "render_html",
    "dataset_section",
    "figures_section",
    "comparison_section",
    "limits_section",
    "qca_section",
]


class ReportError(ValueError):
    """The dataset cannot support the report at all (see :func:`check_report_dataset`)."""


def check_report_dataset(ds: Dataset) -> list[str]:
    """What a dataset lacks for the report; an empty list when it can be built.

    The report compares governance models, so it needs cases of at least two
    models and something (a figure or a mechanism) reported. A model declared
    in ``models.csv`` without a case is named on the page, not refused.

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
    >>> ds.cases = ds.cases[ds.cases["model"].isin(["partner"]) | ds.cases["model"].isna()]
    >>> print(check_report_dataset(ds)[0])
    cases.csv: only one model has cases (partner): the report compares models, it needs cases of two or more
    """
    if not isinstance(ds, Dataset):
        raise TypeError(f"check_report_dataset: expected a govstudy Dataset, got {type(ds).__name__}")
    cases = ds.cases.loc[ds.cases["model"].notna()]
    with_cases = [m for m in ds.model_ids if m in set(cases["model"].astype(str))]
    if not with_cases:
        return ["cases.csv: no case has a model: there is nothing to compare"]
    problems = []
    if len(with_cases) < 2:
        problems.append(f"cases.csv: only one model has cases ({with_cases[0]}): the report compares "
                        "models, it needs cases of two or more")
    has_mech = bool(len(ds.mechanisms) and ds.mechanisms["present"].astype(bool).any())
    if ds.indicators.empty and not has_mech:
        problems.append("indicators.csv, mechanisms.csv: no figure and no mechanism reported: nothing to show")
    return problems


def _intro(ds: Dataset) -> str:
    esc = _html.escape
    cases = ds.cases.loc[ds.cases["model"].notna()]
    rows, singles = [], []
    for m in ds.model_ids:
        grp = cases.loc[cases["model"].astype(str) == m]
        names = ", ".join(case_label(c, ds.cases) for c in grp["case_id"][:12])
        more = f" and {len(grp) - 12} more" if len(grp) > 12 else ""
        n_fig = int(ds.indicators["case_id"].isin(grp["case_id"]).sum())
        colour = esc(ds.palette.get(m, "#666666"))
        body = (f"{len(grp)} case(s) ({esc(names)}{more}); {n_fig} figure(s)" if len(grp)
                else "no case in this dataset")
        rows.append(f"<li><span style='color:{colour}'>&#9632;</span> <strong>{esc(ds.model_labels[m])}</strong>: "
                    f"{body}</li>")
        if len(grp) == 1:
            singles.append(ds.model_labels[m])
    caution = ""
    if singles:
        caution = (
            "<p><strong>Read with care.</strong> " + esc(", ".join(singles))
            + (" is" if len(singles) == 1 else " are")
            + " represented by a single case: nothing here can separate a model's effect from that "
            "community's circumstances, and no statistical test involving it is possible. Figures are "
            "kept as the intervals their wording allows; a blank means <em>not reported</em>, not zero.</p>"
        )
    synthetic = ("<p class='refused'><strong>SYNTHETIC data:</strong> generated, not observations.</p>"
                 if ds.synthetic else "")
    return f"<section id='about'>{synthetic}<ul>{''.join(rows)}</ul>{caution}</section>"


def _replace_folder(tmp: Path, out: Path) -> None:
    """Move the finished ``tmp`` into place as ``out``, removing an earlier report there."""
    if out.exists():
        if not out.is_dir():
            raise ReportError(f"{out} exists and is not a folder")
        ours = {"index.html", "tables", "figures"}
        names = {p.name for p in out.iterdir()}
        if names and not (names <= ours and "index.html" in names):
            raise ReportError(f"{out} holds files that are not a govstudy report ({', '.join(sorted(names - ours)[:5])}"
                              f"{', …' if len(names - ours) > 5 else ''}): choose an empty or new folder")
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        os.replace(out, old / out.name)
        try:
            os.replace(tmp, out)
        except OSError:
            os.replace(old / out.name, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def build_report(
    dataset: Dataset,
    out: str | Path = "reports",
    *,
    sections: Sequence[Callable[..., Section]] = DEFAULT_SECTIONS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], object] | None = print,
) -> Path:
    """Build the comparison report: ``index.html``, ``tables/*.csv``, ``figures/*.png``.

    Parameters
    ----------
    dataset : Dataset
        Any validated dataset (:func:`govstudy.load_dataset`,
        :func:`govstudy.load_chengdu`).
    out : str or Path
        Output folder. Replaced as a whole when it holds an earlier report;
        refused when it holds anything else.
    sections : sequence of callables
        ``section(ds, *, seed) -> Section``, in page order
        (default :data:`DEFAULT_SECTIONS`).
    seed : int
        Seed for every analysis that draws random numbers, so the same inputs
        and seed give identical tables.
    progress : callable or None
        Receives one line per section (with its time) and a final line saying
        where to look (``print`` by default; ``None`` for quiet).

    Returns
    -------
    pathlib.Path
        Path of ``index.html``.

    Raises
    ------
    ReportError
        When the dataset cannot support the report (see
        :func:`check_report_dataset`) or ``out`` is not a report folder.
    """
    import matplotlib.pyplot as plt

    from .. import __version__

    if not isinstance(dataset, Dataset):
        raise TypeError(f"build_report: dataset must be a govstudy Dataset, got {type(dataset).__name__}")
    sections = tuple(sections)
    if not sections or not all(callable(s) for s in sections):
        raise TypeError("build_report: sections must be a non-empty sequence of functions (ds, *, seed) -> Section")
    say = progress or (lambda *_: None)
    ds = dataset
    problems = check_report_dataset(ds)
    if problems:
        raise ReportError("the report cannot be built for this dataset:\n  " + "\n  ".join(problems))
    use_cjk_font()
    out = Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a report is meant to be shared
        (tmp / "tables").mkdir()
        (tmp / "figures").mkdir()
        built = []
        n_tables = n_figures = 0
        for i, section in enumerate(sections, 1):
            t0 = time.perf_counter()
            refusal = None
            try:
                sec = section(ds, seed=seed)
            except ValueError as err:
                refusal = str(err)
                name = getattr(section, "__name__", "section").removesuffix("_section")
                doc = (getattr(section, "__doc__", "") or name).strip().splitlines()[0].rstrip(".")
                sec = Section(key=safe_name(name), title=doc)
            key = safe_name(sec.key)
            csvs, pngs = {}, {}
            for name, table in sec.tables.items():
                if not isinstance(table.index, pd.RangeIndex):
                    table = table.reset_index()
                rel = f"tables/{key}_{safe_name(name)}.csv"
                table.to_csv(tmp / rel, index=False, lineterminator="\n")
                csvs[name] = rel
            for name, fig in sec.figures.items():
                fig = getattr(fig, "figure", fig)  # an Axes is accepted too
                buf = io.BytesIO()
                fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
                plt.close(fig)
                pngs[name] = buf.getvalue()
                (tmp / f"figures/{key}_{safe_name(name)}.png").write_bytes(pngs[name])
            n_tables += len(csvs)
            n_figures += len(pngs)
            built.append((sec, csvs, pngs, refusal))
            status = (f"not computed: {refusal.splitlines()[0]}" if refusal is not None
                      else f"{len(csvs)} table(s), {len(pngs)} figure(s)")
            say(f"[{i}/{len(sections)}] {sec.title}: {status} ({time.perf_counter() - t0:.1f} s)")

        title = f"Comparing community governance models: {ds.name}"
        lede = ("Models compared: " + "; ".join(ds.model_labels[m] for m in ds.model_ids)
                + ". Figures and mechanisms as the sources state them, kept as honest intervals.")
        esc = _html.escape
        footer = (
            f"<p>govstudy {esc(__version__)} · seed {int(seed)} · data: <code>{esc(ds.name)}</code>"
            f"</p><p>Source(s): {esc(ds.citation).replace(chr(10), '<br>')}</p>"
            "<p>Every table of this page is also a CSV file under <code>tables/</code>; every figure a PNG under "
            "<code>figures/</code>.</p>"
        )
        page = render_html(built, title=title, lede=lede, intro_html=_intro(ds), footer_html=footer)
        (tmp / "index.html").write_text(page, encoding="utf-8")
        _replace_folder(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    index = out / "index.html"
    say(f"Report written: {index}")
    say(f"  open it in a browser; tables (CSV): {out / 'tables'} ({n_tables} file(s)); "
        f"figures (PNG): {out / 'figures'} ({n_figures} file(s))")
    return index
