"""A teaching lab: exercises on synthetic data with a known truth.

Students get an exercise (a prompt and a seeded synthetic table), compute an
answer, and call :func:`check`, which says whether it is right and, when it
is a *recognisable* mistake (the naive post-period difference, a before-after
comparison, the biased TWFE coefficient, forgetting the design effect ...),
explains what that answer ignores. The correct answers are computed by this
module from the seeded data, never typed in. Teachers get worked solutions
from :func:`solution`, which the student notebook does not call.

All data here are synthetic (see :mod:`govstudy.simulate`); nothing in the
lab describes the Chengdu communities.

Examples
--------
>>> ex = exercise("design_effect")
>>> print(check("design_effect", 3.0))
Not yet. You computed 1 + m * ICC; the design effect is 1 + (m - 1) * ICC: a resident is not correlated with themself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from govstudy.design import communities_needed, design_effect, effect_size, n_per_arm, sample_size_table
from govstudy.simulate import cohort_att, fit_mixed, simulate_panel, simulate_residents, twfe_did

__all__ = ["Exercise", "Feedback", "exercise", "list_exercises", "check", "solution", "EXERCISES"]


@dataclass
class Exercise:
    """One exercise: prompt, synthetic data and parameters.

    Attributes
    ----------
    id : str
    title : str
    prompt : str
    data : DataFrame or None
        Synthetic table the student works on (``synthetic=True``).
    params : dict
        Numbers quoted in the prompt.
    seed : int
    """

    id: str
    title: str
    prompt: str
    data: pd.DataFrame | None
    params: dict = field(default_factory=dict)
    seed: int = 0
    truth: float | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        shape = "no data" if self.data is None else f"data: {self.data.shape[0]} synthetic rows"
        return f"Exercise {self.id!r}: {self.title} ({shape})\n{self.prompt}"


@dataclass(frozen=True)
class Feedback:
    """Result of :func:`check`: ``correct`` and a ``message`` for the student."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__


@dataclass(frozen=True)
class _Spec:
    title: str
    seed: int
    make: Callable[[int], Exercise]
    answer: Callable[[Exercise], float]
    mistakes: tuple  # (name, fn(Exercise) -> float or list of floats, feedback)
    tolerance: Callable[[float], float]
    hint: str
    explain: str
    # other answers that are right too (a valid variant of the method): (fn(Exercise) -> float, note)
    variants: tuple = ()
    whole_number: bool = False  # the answer counts things (communities)


# --------------------------------------------------------------- helpers
def _student_view(p: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """The panel without its true effects (the truth stays with the teacher)."""
    truth = float(p.attrs["true_att"])
    view = p.drop(columns="true_effect")
    view.attrs = {k: v for k, v in p.attrs.items() if k != "true_att"}
    view.attrs["synthetic"] = True
    return view, truth


def _pre_post_means(p: pd.DataFrame):
    adopter = p["cohort"].notna()
    post = p["year"] >= p.attrs["params"]["cohorts"][0]
    m = p.groupby([adopter, post])["y"].mean()
    return m[(True, True)], m[(True, False)], m[(False, True)], m[(False, False)]


# --------------------------------------------------------------- exercise 1: 2x2 DiD
def _make_did(seed: int) -> Exercise:
    p = simulate_panel(
        40, 6, adoption="simultaneous", never_treated=0.5, effect=1.0, icc=0.5,
        trend=0.4, adopter_shift=1.5, year_sd=0.2, seed=seed,
    )
    prompt = (
        "Half of 40 synthetic communities adopt a governance model in "
        f"{p.attrs['params']['cohorts'][0]}; the others never do. Column y is a "
        "satisfaction score. Estimate the effect of adoption on y with a "
        "difference-in-differences (adopters vs never-adopters, after vs before)."
    )
    view, truth = _student_view(p)
    return Exercise("did_2x2", "Difference-in-differences by hand", prompt, view, {}, seed, truth)


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
    first = p.attrs["params"]["cohorts"][0]
    adopter = p["cohort"].notna()
    post = p["year"] >= first
    pre = p["year"] == first - 1
    m = lambda a, t: p.loc[a & t, "y"].mean()  # noqa: E731
    return (m(adopter, post) - m(adopter, pre)) - (m(~adopter, post) - m(~adopter, pre))


# --------------------------------------------------------------- exercise 2: design effect
def _make_deff(seed: int) -> Exercise:
    params = {"m": 25, "icc": 0.08}
    prompt = (
        f"A survey interviews m = {params['m']} residents in each community; residents of a "
        f"community are alike, with intra-class correlation ICC = {params['icc']}. By what "
        "factor does clustering inflate the sample size needed (the design effect)?"
    )
    return Exercise("design_effect", "Design effect", prompt, None, params, seed)


# --------------------------------------------------------------- exercise 3: communities needed
_COMM = {"p1": 0.85, "p2": 0.75, "m": 20, "icc": 0.05, "alpha": 0.05, "power": 0.8}


def _make_comm(seed: int) -> Exercise:
    c = _COMM
    prompt = (
        f"Plan a survey to detect satisfaction of {c['p1']:.0%} under one model vs {c['p2']:.0%} "
        f"under another (planning assumption), two-sided alpha = {c['alpha']}, power = "
        f"{c['power']}, {c['m']} residents per community, ICC = {c['icc']}. How many "
        "communities per model are needed? (Use govstudy.design or the formulas.)"
    )
    return Exercise("communities_needed", "Communities needed per model", prompt, None, dict(c), seed)


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


def _comm_answer(ex):
    return _comm_table(ex)


# --------------------------------------------------------------- exercise 4: staggered adoption
def _make_stag(seed: int) -> Exercise:
    p = simulate_panel(
        60, 10, effect=0.0, dynamic=0.5, never_treated=0.2, cohorts=[2017, 2019, 2021], sd=0.5, seed=seed
    )
    prompt = (
        "60 synthetic communities adopt a model in 2017, 2019 or 2021 (column cohort); 12 never "
        "adopt. The benefit grows with every year since adoption. Estimate the average effect "
        "of adoption on the adopters over all their post-adoption years (the ATT)."
    )
    view, truth = _student_view(p)
    return Exercise("staggered_att", "Staggered adoption", prompt, view, {}, seed, truth)


def _stag_answer(ex):
    r = cohort_att(ex.data)
    return float(r.loc[r["cohort"] == "overall", "att"].item())


def _stag_twfe(ex):
    return float(twfe_did(ex.data).loc[0, "estimate"])


def _stag_naive(ex):
    p = ex.data
    return float(p.loc[p.treated == 1, "y"].mean() - p.loc[p.cohort.isna() & (p.year >= 2017), "y"].mean())


# --------------------------------------------------------------- exercise 5: ICC
def _make_icc(seed: int) -> Exercise:
    r = simulate_residents(30, 15, model_means={"model_a": 0.0}, icc=0.15, seed=seed)
    prompt = (
        "30 synthetic communities, 15 residents each (all following one model). Estimate the "
        "intra-class correlation of y: the share of its variance that lies between communities."
    )
    truth = float(r.attrs.pop("icc"))
    return Exercise("icc", "Intra-class correlation", prompt, r, {"m": 15}, seed, truth)


def _icc_answer(ex):
    f = fit_mixed(ex.data).set_index("term")
    return float(f.loc["icc", "estimate"])


def _icc_raw(ex):
    r = ex.data
    return float(r.groupby("community")["y"].mean().var() / r["y"].var())


EXERCISES: dict[str, _Spec] = {
    "did_2x2": _Spec(
        title="Difference-in-differences by hand",
        seed=2611,
        make=_make_did,
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
        tolerance=lambda v: 0.01,
        hint="Take four means: adopters and never-adopters, before and after adoption.",
        explain="DiD = (adopters after - adopters before) - (never after - never before).",
        variants=((_did_last_pre_year,
                   "You used only the last year before adoption as the pre-period: a valid 2x2 "
                   "difference-in-differences too (it leans more on that single year)."),),
    ),
    "design_effect": _Spec(
        title="Design effect",
        seed=0,
        make=_make_deff,
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
        tolerance=lambda v: 0.005,
        hint="The design effect grows linearly with both the cluster size and the ICC.",
        explain="deff = 1 + (m - 1) * ICC (Kish 1965).",
    ),
    "communities_needed": _Spec(
        title="Communities needed per model",
        seed=0,
        make=_make_comm,
        answer=_comm_answer,
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
            ("total", lambda ex: [2 * _comm_answer(ex), 2 * _comm_formula(ex)],
             "that is the total for both models; the question asks per model."),
        ),
        tolerance=lambda v: 0.0,
        hint="Residents needed without clustering, times the design effect, divided by residents per community.",
        explain="n per model from Cohen's h (statsmodels NormalIndPower), times 1 + (m - 1) ICC, "
        "divided by m, rounded up; with the communities' degrees of freedom (a t test between "
        "communities, govstudy.design.sample_size_table) one more community per model.",
        variants=((_comm_formula,
                   "You used the design-effect formula; a test between a few dozen communities has "
                   "fewer degrees of freedom than a normal approximation assumes, so one more "
                   "community per model (govstudy.design.sample_size_table) is the safer plan."),),
        whole_number=True,
    ),
    "staggered_att": _Spec(
        title="Staggered adoption",
        seed=7,
        make=_make_stag,
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
        tolerance=lambda v: 0.05,
        hint="For each cohort g and year t >= g, compare the change since g - 1 with the never-adopters' change.",
        explain="ATT(g, t) against never-adopters, averaged over adopting community-years "
        "(Callaway & Sant'Anna 2021): govstudy.simulate.cohort_att.",
    ),
    "icc": _Spec(
        title="Intra-class correlation",
        seed=11,
        make=_make_icc,
        answer=_icc_answer,
        mistakes=(
            ("raw_share", _icc_raw,
             "your estimate is the variance of community means over the total variance; a "
             "community mean of 15 residents also carries sampling noise (s^2 / m), so this "
             "overstates the ICC."),
            ("zero", lambda ex: 0.0,
             "0 would mean communities do not differ at all; estimate the between-community variance."),
        ),
        tolerance=lambda v: 0.02,
        hint="Fit a random-intercept model (govstudy.simulate.fit_mixed) or use one-way ANOVA mean squares.",
        explain="ICC = tau^2 / (tau^2 + sigma^2) from a random-intercept model (REML).",
    ),
}


def _spec(exercise_id: str) -> _Spec:
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; choose one of {list(EXERCISES)}")
    return EXERCISES[exercise_id]


def list_exercises() -> pd.DataFrame:
    """The exercises, one row each: ``id, title``.

    Examples
    --------
    >>> list_exercises()["id"].tolist()
    ['did_2x2', 'design_effect', 'communities_needed', 'staggered_att', 'icc']
    """
    return pd.DataFrame([{"id": k, "title": s.title} for k, s in EXERCISES.items()])


def exercise(exercise_id: str, seed: int | None = None) -> Exercise:
    """The exercise (prompt and synthetic data).

    Parameters
    ----------
    exercise_id : str
        One of :func:`list_exercises`.
    seed : int, optional
        Another seed gives a variant of the exercise (different data, same
        task); default: the exercise's fixed seed.

    Returns
    -------
    Exercise

    Examples
    --------
    >>> ex = exercise("did_2x2")
    >>> ex.data.attrs["synthetic"], ex.data.shape
    (True, (240, 7))
    """
    spec = _spec(exercise_id)
    return spec.make(spec.seed if seed is None else seed)


def check(exercise_id: str, answer: float, seed: int | None = None) -> Feedback:
    """Check a student's answer and explain a recognised mistake.

    Parameters
    ----------
    exercise_id : str
    answer : float
        The student's number.
    seed : int, optional
        The seed of the variant the student worked on.

    Returns
    -------
    Feedback
        ``correct`` and ``message``. A wrong answer is compared with the
        typical mistakes; the message never reveals the correct value.

    Notes
    -----
    The order of the checks: the accepted answer (the estimate computed
    from the exercise's data, or the planning number), then valid variants
    of the method (a 2x2 DiD on the last pre-year only; the design-effect
    formula's number of communities next to the *t*-based one), then the
    *truth* behind synthetic data -- a parameter the data only estimate --
    and the recognised mistakes: the nearest of these within tolerance is
    reported, so an answer equal to the truth is told so rather than called
    a mistake, and a mistake whose value coincides with an accepted answer
    is never named. Counts of communities must be whole numbers.

    Examples
    --------
    >>> check("design_effect", 2.92).correct
    True
    >>> print(check("communities_needed", 24.6))
    Not yet: communities come whole; round the number of communities up.
    """
    spec = _spec(exercise_id)
    try:
        a = float(answer)
    except (TypeError, ValueError):
        raise ValueError(f"exercise {exercise_id!r}: the answer must be a number, got {answer!r}") from None
    if not math.isfinite(a):
        raise ValueError(f"exercise {exercise_id!r}: the answer must be finite, got {answer!r}")
    if spec.whole_number and a != math.floor(a):
        return Feedback(False, "Not yet: communities come whole; round the number of communities up.")
    ex = spec.make(spec.seed if seed is None else seed)
    accepted = float(spec.answer(ex))
    tol = spec.tolerance(accepted)
    if abs(a - accepted) <= tol:
        return Feedback(True, f"Correct. {spec.explain}")
    variants = [(float(fn(ex)), note) for fn, note in spec.variants]
    for v, note in variants:
        if abs(a - v) <= tol:
            return Feedback(True, f"Correct. {note} {spec.explain}")
    right = [accepted] + [v for v, _ in variants]
    # the nearest of the truth and the recognised mistakes within tolerance (a mistake whose value
    # coincides with an accepted answer is never named)
    best = None
    if ex.truth is not None and abs(a - ex.truth) <= tol:
        best = (abs(a - ex.truth), None)
    for name, fn, text in spec.mistakes:
        vals = fn(ex)
        for v in (vals if isinstance(vals, (list, tuple)) else [vals]):
            v = float(v)
            if any(abs(v - r) <= tol for r in right):
                continue
            if abs(a - v) <= tol and (best is None or abs(a - v) < best[0]):
                best = (abs(a - v), text)
    if best is not None and best[1] is None:
        return Feedback(
            False,
            "Not yet: your number is close to the true value used to generate these synthetic data, "
            "which an analyst never knows; the exercise asks for the estimate computed from the table, "
            f"which differs from the truth by sampling error. Hint: {spec.hint}",
        )
    if best is not None:
        text = best[1]
        return Feedback(False, "Not yet. " + text[0].upper() + text[1:])
    return Feedback(False, f"Not yet: {a:g} is not the answer, nor a mistake I recognise. Hint: {spec.hint}")


def solution(exercise_id: str, seed: int | None = None) -> dict:
    """Teacher's solution: the correct value, the method and the values of typical mistakes.

    Not for the student notebook.

    Parameters
    ----------
    exercise_id : str
    seed : int, optional

    Returns
    -------
    dict
        ``{"id", "answer", "method", "truth", "variants", "mistakes": {name: value}}``;
        ``truth`` is the parameter of the synthetic data the answer estimates
        (None when the answer is a calculation, not an estimate); ``variants``
        are other accepted answers (a valid variant of the method).

    Examples
    --------
    >>> s = solution("design_effect")
    >>> round(s["answer"], 2), round(s["mistakes"]["m_not_m1"], 2)
    (2.92, 3.0)
    """
    spec = _spec(exercise_id)
    ex = spec.make(spec.seed if seed is None else seed)
    return {
        "id": exercise_id,
        "answer": float(spec.answer(ex)),
        "method": spec.explain,
        "truth": ex.truth,
        "variants": [float(fn(ex)) for fn, _ in spec.variants],
        "mistakes": {name: _first(fn(ex)) for name, fn, _ in spec.mistakes},
    }


def _first(v) -> float:
    return float(v[0] if isinstance(v, (list, tuple)) else v)

