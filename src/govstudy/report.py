"""The comparison report: ``govstudy report`` writes ``reports/``.

Each analysis contributes a :class:`Section` through a builder function
``builder(dataset) -> Section`` registered in :data:`SECTION_BUILDERS`
(dotted path ``"module:function"``), so that adding an analysis to the
report is one line here and the analysis code stays in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Section", "SECTION_BUILDERS"]


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
]
