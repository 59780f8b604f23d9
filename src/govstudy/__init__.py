"""govstudy."""

from govstudy.compare import (
    cliffs_delta,
    compare_models,
    hedges_g,
    permutation_anova,
    proportion_ci,
    summarize_models,
)
from govstudy.design import (
    communities_needed,
    design_effect,
    plot_power_curve,
    power_clustered,
    sample_size_table,
)
from govstudy.simulate import (
    cohort_att,
    event_study,
    fit_mixed,
    simulate_panel,
    simulate_residents,
    twfe_did,
)
