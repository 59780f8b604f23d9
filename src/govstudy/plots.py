"""Figures: one function per figure type, each returning the matplotlib ``Axes``.

Every figure uses :data:`MODEL_COLORS` for the three governance models, so a
model has the same colour in every notebook and in the report.
"""

from __future__ import annotations

__all__ = ["MODEL_COLORS", "MODEL_LABELS"]

#: One colour per governance model (Okabe–Ito palette, colour-blind safe).
MODEL_COLORS: dict[str, str] = {
    "acquaintance": "#E69F00",  # orange
    "four_micro": "#0072B2",  # blue
    "partner": "#009E73",  # bluish green
}

#: Bilingual display labels per model.
MODEL_LABELS: dict[str, str] = {
    "acquaintance": "熟人治理 / acquaintance-based",
    "four_micro": "四微工作法 / four-micro",
    "partner": "治理合伙人 / partner-based",
}
