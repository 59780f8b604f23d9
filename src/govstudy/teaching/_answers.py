"""The answer key of the teaching lab (private): what :func:`govstudy.teaching.check` compares with.

For each exercise: the accepted answer, valid variants of the method, the
truth behind the synthetic data, the recognised mistakes with their
feedback, the tolerance and a one-line method. Everything is computed from
the exercise's seeded data, never typed in. Students never need this
module; teachers read it through :mod:`govstudy.teaching.key`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from govstudy.design import communities_needed, design_effect, effect_size, n_per_arm, sample_size_table
from govstudy.simulate import cohort_att, fit_mixed, twfe_did
from govstudy.teaching import Exercise, _raw


@dataclass(frozen=True)
class Key:
    """One exercise's key, for one seed.

    ``variants``: ``[(value, note)]``; ``mistakes``: ``[(name, [values], feedback)]``
    (a mistake may have several values: two ways of making it).
    """

    answer: float
    variants: list
    truth: float | None
    mistakes: list
    tolerance: float
    explain: str


@dataclass(frozen=True)
class _KeySpec:
    answer: Callable[[Exercise], float]
    mistakes: tuple  # (name, fn(Exercise) -> float or list of floats, feedback)
    tolerance: float
    explain: str
    variants: tuple = ()  # (fn(Exercise) -> float, note)
    truth: Callable[[Exercise], float | None] = lambda ex: None


# --------------------------------------------------------------- exercise 1: 2x2 DiD
def _pre_post_means(p: pd.DataFrame):
    adopter = p["cohort"].notna()
    post = p["year"] >= p["cohort"].min()
    m = p.groupby([adopter, post])["y"].mean()
    return m[(True, True)], m[(True, False)], m[(False, True)], m[(False, False)]


def _did_answer(ex):
    tp, tb, cp, cb = _pre_post_means(ex.data)
    return (tp - tb) - (cp - cb)


def _did_naive(ex):
    tp, _, cp, _ = _pre_post_means(ex.data)
    return tp - cp


def _did_before_after(ex):
    tp, tb, _, _ = _pre_post_means(ex.data)
    return tp - tb


def _did_flipped(ex):
    return -_did_answer(ex)


def _did_last_pre_year(ex):
    """2x2 DiD with the year before adoption as the only pre-period (also valid)."""
    p = ex.data
    first = p["cohort"].min()
    adopter = p["cohort"].notna()
    post = p["year"] >= first
    pre = p["year"] == first - 1
    m = lambda a, t: p.loc[a & t, "y"].mean()  # noqa: E731
    return (m(adopter, post) - m(adopter, pre)) - (m(~adopter, post) - m(~adopter, pre))


def _true_att(ex):
    return float(_raw(ex.id, ex.seed).attrs["true_att"])


# --------------------------------------------------------------- exercise 3: communities needed
def _n_srs(ex):
    c = ex.params
    return n_per_arm("two_proportions", effect_size("two_proportions", p1=c["p1"], p2=c["p2"]),
                     alpha=c["alpha"], power=c["power"])


def _comm_table(ex, icc=None):
    c = ex.params
    t = sample_size_table("two_proportions", p1=c["p1"], p2=c["p2"], residents_per_community=[c["m"]],
                          icc=[c["icc"] if icc is None else icc], alpha=c["alpha"], power=c["power"])
    return float(t.loc[0, "communities_per_arm"])


def _comm_formula(ex):
    """The design-effect formula: ceil(n_srs * deff / m)."""
    c = ex.params
    return float(communities_needed(_n_srs(ex), c["m"], c["icc"]))


def _comm_rounded_down(ex):
    c = ex.params
    exact = _n_srs(ex) * design_effect(c["m"], c["icc"]) / c["m"]
    return [float(math.floor(exact)), float(round(exact))]


# --------------------------------------------------------------- exercise 4: staggered adoption
def _stag_answer(ex):
    r = cohort_att(ex.data)
    return float(r.loc[r["cohort"] == "overall", "att"].item())


def _stag_twfe(ex):
    return float(twfe_did(ex.data).loc[0, "estimate"])


def _stag_naive(ex):
    p = ex.data
    first = p["cohort"].min()
    return float(p.loc[p.treated == 1, "y"].mean() - p.loc[p.cohort.isna() & (p.year >= first), "y"].mean())


# --------------------------------------------------------------- exercise 5: ICC
def _icc_answer(ex):
    """The REML estimate in closed form: for a balanced design it equals the one-way ANOVA estimator
    ``(MSB - MSW) / (MSB + (m - 1) MSW)`` truncated at 0 (no optimiser that may stop early)."""
    r = ex.data
    sizes = r.groupby("community")["y"].size()
    if sizes.nunique() != 1:  # pragma: no cover - the exercise's survey is balanced
        f = fit_mixed(r).set_index("term")
        return float(f.loc["icc", "estimate"])
    m, k = int(sizes.iloc[0]), len(sizes)
    means = r.groupby("community")["y"].mean()
    msb = m * float(((means - r["y"].mean()) ** 2).sum()) / (k - 1)
    msw = float(((r["y"] - r["community"].map(means)) ** 2).sum()) / (len(r) - k)
    return max(0.0, (msb - msw) / (msb + (m - 1) * msw))


def _icc_raw(ex):
    r = ex.data
    return float(r.groupby("community")["y"].mean().var() / r["y"].var())


def _icc_truth(ex):
    return float(_raw(ex.id, ex.seed).attrs["icc"])


_KEYS: dict[str, _KeySpec] = {
    "did_2x2": _KeySpec(
        answer=_did_answer,
        mistakes=(
            ("naive", _did_naive,
             "your estimate is the naive post-period difference between adopters and "
             "never-adopters; it ignores that adopters differed before adoption (selection)."),
            ("before_after", _did_before_after,
             "your estimate is the before-after change among adopters; it ignores the change "
             "that never-adopters went through in the same years (common trend)."),
            ("flipped", _did_flipped,
             "the sign is reversed: subtract the never-adopters' change from the adopters' change."),
        ),
        tolerance=0.01,
        explain="DiD = (adopters after - adopters before) - (never after - never before).",
        variants=((_did_last_pre_year,
                   "You used only the last year before adoption as the pre-period: a valid 2x2 "
                   "difference-in-differences too (it leans more on that single year)."),),
        truth=_true_att,
    ),
    "design_effect": _KeySpec(
        answer=lambda ex: design_effect(ex.params["m"], ex.params["icc"]),
        mistakes=(
            ("m_not_m1", lambda ex: 1 + ex.params["m"] * ex.params["icc"],
             "You computed 1 + m * ICC; the design effect is 1 + (m - 1) * ICC: a resident is "
             "not correlated with themself."),
            ("no_one", lambda ex: (ex.params["m"] - 1) * ex.params["icc"],
             "You left out the 1: with ICC = 0 the design effect must be 1, not 0."),
            ("ignored", lambda ex: 1.0,
             "1 would mean residents of a community are independent; the ICC says they are not."),
        ),
        tolerance=0.005,
        explain="deff = 1 + (m - 1) * ICC (Kish 1965).",
    ),
    "communities_needed": _KeySpec(
        answer=lambda ex: _comm_table(ex),
        mistakes=(
            ("no_deff", lambda ex: [float(math.ceil(_n_srs(ex) / ex.params["m"])), _comm_table(ex, icc=0.0)],
             "your number ignores the design effect: residents of one community are alike, so "
             "each community is worth fewer than m independent residents."),
            ("residents", lambda ex: float(math.ceil(_n_srs(ex))),
             "that is the number of independent residents per model, not of communities."),
            ("clustered_residents",
             lambda ex: float(math.ceil(_n_srs(ex) * design_effect(ex.params["m"], ex.params["icc"]))),
             "that is the number of residents per model after the design effect; divide by the "
             "residents per community."),
            ("total", lambda ex: [2 * _comm_table(ex), 2 * _comm_formula(ex)],
             "that is the total for both models; the question asks per model."),
            ("rounded_down", _comm_rounded_down,
             "you rounded the number of communities down (or to the nearest whole number); round up: "
             "one community fewer than the formula gives leaves the survey short of the power asked for."),
        ),
        tolerance=0.0,
        explain="n per model from Cohen's h (statsmodels NormalIndPower), times 1 + (m - 1) ICC, "
        "divided by m, rounded up; with the communities' degrees of freedom (a t test between "
        "communities, govstudy.design.sample_size_table) one more community per model.",
        variants=((_comm_formula,
                   "You used the design-effect formula; a test between a few dozen communities has "
                   "fewer degrees of freedom than a normal approximation assumes, so one more "
                   "community per model (govstudy.design.sample_size_table) is the safer plan."),),
    ),
    "staggered_att": _KeySpec(
        answer=_stag_answer,
        mistakes=(
            ("twfe", _stag_twfe,
             "your estimate is the two-way fixed-effects coefficient; with staggered adoption and "
             "effects that grow over time it uses already-adopted communities as controls and "
             "is biased (Goodman-Bacon 2021). Compare each cohort only with never-adopters."),
            ("naive", _stag_naive,
             "your estimate is the naive post-period difference between adopters and "
             "never-adopters; it ignores pre-existing differences and common year shocks."),
        ),
        tolerance=0.05,
        explain="ATT(g, t) against never-adopters, averaged over adopting community-years "
        "(Callaway & Sant'Anna 2021): govstudy.simulate.cohort_att.",
        truth=_true_att,
    ),
    "icc": _KeySpec(
        answer=_icc_answer,
        mistakes=(
            ("raw_share", _icc_raw,
             "your estimate is the variance of community means over the total variance; a "
             "community mean of 15 residents also carries sampling noise (s^2 / m), so this "
             "overstates the ICC."),
            ("zero", lambda ex: 0.0,
             "0 would mean communities do not differ at all; estimate the between-community variance."),
        ),
        tolerance=0.02,
        explain="ICC = tau^2 / (tau^2 + sigma^2) from a random-intercept model (REML); with equal "
        "community sizes m this is the one-way ANOVA estimator (MSB - MSW) / (MSB + (m - 1) MSW), "
        "0 when negative.",
        truth=_icc_truth,
    ),
}


def _as_list(v) -> list[float]:
    """The distinct values of a mistake, in order."""
    return list(dict.fromkeys(float(x) for x in (v if isinstance(v, (list, tuple)) else [v])))


def values(exercise_id: str, ex: Exercise) -> Key:
    """The key of exercise ``exercise_id`` for the data of ``ex`` (its seed).

    Examples
    --------
    >>> from govstudy.teaching import exercise
    >>> k = values("design_effect", exercise("design_effect"))
    >>> round(k.answer, 2), [m[0] for m in k.mistakes]
    (2.92, ['m_not_m1', 'no_one', 'ignored'])
    """
    s = _KEYS[exercise_id]
    truth = s.truth(ex)
    return Key(
        answer=float(s.answer(ex)),
        variants=[(float(fn(ex)), note) for fn, note in s.variants],
        truth=None if truth is None else float(truth),
        mistakes=[(name, _as_list(fn(ex)), text) for name, fn, text in s.mistakes],
        tolerance=float(s.tolerance),
        explain=s.explain,
    )
