"""Shared fixtures: the source text (skipped when absent) and figure clean-up."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = SHARED / "sources"
SOURCE_FILE = SOURCES / "huaxi-community-news_chengdu-governance.txt"


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def source_text() -> str:
    """The Huaxi article (copyrighted, not in the repository): ../shared/sources/."""
    if not SOURCE_FILE.is_file():
        pytest.skip(f"source text not available at {SOURCE_FILE} (it is kept outside the repository)")
    return SOURCE_FILE.read_text(encoding="utf-8")
