"""Shared fixtures: the source text (skipped when absent), figure clean-up, and the rule for
reference results kept outside the repository.

Known answers that may be redistributed live in ``tests/reference/`` (COINr, MIT). The R QCA
outputs are GPL and stay in ``../shared/reference/qca``: tests that need them carry
``@pytest.mark.needs_shared_reference("qca")``. Without the folder they are skipped with the reason
on a developer machine and **fail** under ``CI=true`` (as ``tests/test_browser.py`` does for a
missing browser), so a CI run can never pass while silently skipping the reference comparisons.
Dask's ``distributed`` (the optional ``cluster`` extra, in the dev group) follows the same rule:
``require_distributed()`` and the module-scoped ``dask_cluster`` fixture skip without it, fail under CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are about correctness, not speed (timing belongs in benchmarks/): no deadline, which
# a shared 2-core machine would break at random; derandomized, so CI runs the same examples every time.
settings.register_profile("govstudy", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("govstudy")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = SHARED / "sources"
SOURCE_FILE = SOURCES / "huaxi-community-news_chengdu-governance.txt"
SHARED_REFERENCE = SHARED / "reference"
#: Reference results redistributable under their licence, copied into the repository.
IN_REPO_REFERENCE = ROOT / "tests" / "reference"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs_shared_reference(name): needs ../shared/reference/<name> (not redistributable); "
        "skipped without it, a failure under CI=true",
    )


def require_shared_reference(name: str) -> Path:
    """The folder ``../shared/reference/<name>``; skip without it, fail under ``CI=true``."""
    path = SHARED_REFERENCE / name
    if not path.is_dir():
        msg = f"reference results {path} not available (kept outside the repository: licence)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {msg}; the CI job must provide ../shared/reference/{name}")
        pytest.skip(msg)
    return path


def require_distributed():
    """The ``distributed`` module; skip without it, fail under ``CI=true`` (the dev group has it)."""
    try:
        import distributed
    except ImportError:
        msg = "distributed not installed (pip install 'govstudy[cluster]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {msg}; the dev environment must have it")
        pytest.skip(msg)
    return distributed


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask cluster on this machine: 2 worker processes of 1 thread, on 127.0.0.1, no dashboard."""
    distributed = require_distributed()
    with distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster


def pytest_runtest_setup(item):
    for mark in item.iter_markers(name="needs_shared_reference"):
        require_shared_reference(mark.args[0])


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
