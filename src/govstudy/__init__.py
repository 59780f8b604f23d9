"""govstudy: compare models of urban community governance with honest, reproducible statistics."""

from importlib.metadata import PackageNotFoundError, version

from .datasets import (
    MODELS,
    Dataset,
    DatasetError,
    Problem,
    comparability_matrix,
    figures_table,
    load_chengdu,
    load_dataset,
    validate_dataset,
)
from .intervals import Interval, qualifier_interval
from .qca import QCASolution, TruthTable, calibrate, minimize, necessity, truth_table, xy_plot

try:
    __version__ = version("govstudy")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "MODELS",
    "Dataset",
    "DatasetError",
    "Interval",
    "Problem",
    "QCASolution",
    "TruthTable",
    "calibrate",
    "comparability_matrix",
    "figures_table",
    "load_chengdu",
    "load_dataset",
    "minimize",
    "necessity",
    "qualifier_interval",
    "truth_table",
    "validate_dataset",
    "xy_plot",
]
