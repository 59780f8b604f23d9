"""govstudy: compare models of urban community governance with honest, reproducible statistics."""

from importlib.metadata import PackageNotFoundError, version

from . import comparability  # noqa: F401  (govstudy.comparability.* without a separate import)
from .casebank import load_case_bank
from .chengdu import load_chengdu
from .compare import (
    cliffs_delta,
    coding_agreement,
    compare_models,
    hedges_g,
    permutation_anova,
    proportion_ci,
    summarize_models,
)
from .composite import CompositeResult, Framework, build_index, framework_from_coinr
from .datasets import (
    Dataset,
    DatasetError,
    Problem,
    comparability_matrix,
    figures_table,
    load_dataset,
    model_palette,
    validate_dataset,
)
from .design import (
    communities_needed,
    design_effect,
    power_clustered,
    sample_size_table,
)
from .extract import extract_quantities
from .intervals import Interval, qualifier_interval
from .qca import (
    QCASolution,
    TruthTable,
    calibrate,
    diversity,
    iter_models,
    minimize,
    models_table,
    necessity,
    truth_table,
)
from .simulate import (
    cohort_att,
    event_study,
    fit_mixed,
    simulate_dataset,
    simulate_panel,
    simulate_residents,
    simulation_study,
    twfe_did,
)
from .uncertainty import (
    Choice,
    Continuous,
    IntervalValues,
    WeightNoise,
    sensitivity_analysis,
    uncertainty_analysis,
)

try:
    __version__ = version("govstudy")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Choice",
    "CompositeResult",
    "Continuous",
    "Framework",
    "IntervalValues",
    "WeightNoise",
    "build_index",
    "framework_from_coinr",
    "sensitivity_analysis",
    "uncertainty_analysis",
    "Dataset",
    "model_palette",
    "DatasetError",
    "Interval",
    "Problem",
    "QCASolution",
    "TruthTable",
    "calibrate",
    "diversity",
    "iter_models",
    "models_table",
    "comparability_matrix",
    "extract_quantities",
    "figures_table",
    "load_chengdu",
    "load_case_bank",
    "load_dataset",
    "minimize",
    "necessity",
    "qualifier_interval",
    "truth_table",
    "validate_dataset",
    # compare
    "cliffs_delta",
    "coding_agreement",
    "compare_models",
    "hedges_g",
    "permutation_anova",
    "proportion_ci",
    "summarize_models",
    # design
    "communities_needed",
    "design_effect",
    "power_clustered",
    "sample_size_table",
    # simulate
    "cohort_att",
    "event_study",
    "fit_mixed",
    "simulate_panel",
    "simulate_dataset",
    "simulate_residents",
    "simulation_study",
    "twfe_did",
]
