"""govstudy: compare models of urban community governance with honest, reproducible statistics."""

from importlib.metadata import PackageNotFoundError, version

from .compare import (
    cliffs_delta,
    compare_models,
    hedges_g,
    permutation_anova,
    proportion_ci,
    summarize_models,
)
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
from .composite import CompositeResult, Framework, build_index, framework_from_coinr
from .design import (
    communities_needed,
    design_effect,
    plot_power_curve,
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
    xy_plot,
)
from .simulate import (
    cohort_att,
    event_study,
    fit_mixed,
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
    "MODELS",
    "Dataset",
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
    "load_dataset",
    "minimize",
    "necessity",
    "qualifier_interval",
    "truth_table",
    "validate_dataset",
    "xy_plot",
    # compare
    "cliffs_delta",
    "compare_models",
    "hedges_g",
    "permutation_anova",
    "proportion_ci",
    "summarize_models",
    # design
    "communities_needed",
    "design_effect",
    "plot_power_curve",
    "power_clustered",
    "sample_size_table",
    # simulate
    "cohort_att",
    "event_study",
    "fit_mixed",
    "simulate_panel",
    "simulate_residents",
    "simulation_study",
    "twfe_did",
]
