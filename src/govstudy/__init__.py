"""govstudy."""

from govstudy.compare import (
    cliffs_delta,
    compare_models,
    hedges_g,
    permutation_anova,
    proportion_ci,
    summarize_models,
)
