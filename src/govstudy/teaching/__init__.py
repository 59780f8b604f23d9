"""A teaching lab: exercises on synthetic data with a known truth.

Students get an exercise (a prompt that states the precision wanted, and a
seeded synthetic table), compute an answer and call :func:`check`, which
says whether it is right; when it is not, it says whether the number is
impossible (a negative design effect, an ICC above 1 ...), close (right but
rounded too far, or off by a little), the true value behind the synthetic
data (which an analyst never knows), or a *recognisable* mistake (the naive
post-period difference, a before-after comparison, the biased TWFE
coefficient, forgetting the design effect ...), and what that mistake
ignores. Its messages never state the correct value.

Students and teachers
---------------------
This module is the **student** side: :func:`list_exercises`,
:func:`exercise` and :func:`check`. The tables students receive carry no
truth: no true-effect column and no generating parameters in ``attrs``
(only ``synthetic=True``). The answer key -- the correct values, the
accepted variants of a method, the truth behind the synthetic data and the
values of the recognised mistakes -- is computed from the seed inside the
package, where :func:`check` needs it, and is published for teachers only
by :mod:`govstudy.teaching.key` (``key.solution(id)``, ``key.answer_key()``,
``python -m govstudy.teaching.key``), which neither this module nor the
student notebook imports.

The notebooks come from one source: ``notebooks/solutions/06_teaching_lab_solutions.ipynb``
is the teacher's version, in which the cells that hold solutions carry the
cell tag ``solution``; ``tools/build_teaching_notebooks.py`` writes the
student version ``notebooks/06_teaching_lab.ipynb`` without them (and with
no execution timestamps). Hand students that file.

This keeps the key out of the students' way -- out of the notebook, the
public API, tab completion and the data -- not out of reach of someone who
reads the package's source: Python is open, and a student who recomputes
the key from the source has done the exercise.

All data here are synthetic (see :mod:`govstudy.simulate`); nothing in the
lab describes a real community.

Examples
--------
>>> ex = exercise("design_effect")
>>> ex.prompt.endswith("Give your answer to 2 decimals.")
True
>>> print(check("design_effect", 3.0))
Not yet. You computed 1 + m * ICC; the design effect is 1 + (m - 1) * ICC: a resident is not correlated with themself.
>>> print(check("design_effect", -2.92))
Not possible: -2.92 is not a design effect. It is a ratio of two variances (of an estimate under cluster sampling to the same under simple random sampling), so it is positive.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from govstudy.simulate import simulate_panel, simulate_residents

__all__ = ["Exercise", "Feedback", "exercise", "list_exercises", "check"]


@dataclass
class Exercise:
    """One exercise: prompt, synthetic data and parameters.

    Attributes
    ----------
    id : str
    title : str
    prompt : str
        The task, ending with the precision wanted.
    data : DataFrame or None
        Synthetic table the student works on (``synthetic=True``); it holds
        no truth (no true effects, no generating parameters).
    params : dict
        Numbers quoted in the prompt.
    seed : int
    decimals : int
        Decimals wanted in the answer (0: a whole number).
    """

    id: str
    title: str
    prompt: str
    data: pd.DataFrame | None
    params: dict = field(default_factory=dict)
    seed: int = 0
    decimals: int = 2

    def __repr__(self) -> str:
        shape = "no data" if self.data is None else f"data: {self.data.shape[0]} synthetic rows"
        return f"Exercise {self.id!r}: {self.title} ({shape})\n{self.prompt}"

    def _repr_markdown_(self) -> str:
        shape = "no data" if self.data is None else f"`data`: {self.data.shape[0]} synthetic rows"
        return f"**{self.title}** (`{self.id}`, {shape})\n\n{self.prompt}"


@dataclass(frozen=True)
class Feedback:
    """Result of :func:`check`: ``correct``, a ``message`` for the student and its ``kind``.

    ``kind`` is one of ``"correct"``, ``"impossible"``, ``"whole"`` (a
    count given with decimals), ``"truth"`` (the generating value of the
    synthetic data, not an estimate), ``"mistake"`` (a recognised mistake),
    ``"close"`` (near an accepted answer: rounded too far or a little off)
    and ``"unrecognised"``.
    """

    correct: bool
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__


@dataclass(frozen=True)
class _Spec:
    """What a student may see of an exercise: no answer, no mistake values."""

    title: str
    seed: int
    make: Callable[[int], Exercise]
    hint: str
    decimals: int  # asked for in the prompt; 0 = a whole number
    # fn(answer, Exercise) -> why the answer cannot be right, or None
    impossible: Callable[[float, Exercise], str | None] = lambda a, ex: None
    whole_number: bool = False  # the answer counts things (communities)


# --------------------------------------------------------------- helpers
_EPS = 1e-9  # floating-point slack of every comparison with a tolerance
def _precision(decimals: int) -> str:
    if decimals == 0:
        return "Give a whole number."
    return f"Give your answer to {_decimals_text(decimals)}."


def _decimals_text(n: int) -> str:
    return f"{n} decimal" + ("" if n == 1 else "s")


def _student_view(p: pd.DataFrame) -> pd.DataFrame:
    """The table without its truth: no true effects, no generating parameters in ``attrs``."""
    view = p.drop(columns=[c for c in ("true_effect",) if c in p.columns])
    view.attrs = {"synthetic": True}
    return view


def _range_bound(a: float, ex: Exercise, what: str) -> str | None:
    """A difference of differences of means lies within +-2 (max y - min y)."""
    y = ex.data["y"]
    bound = 2 * float(y.max() - y.min())
    if abs(a) > bound:
        return (f"{a:.4g} is not a possible {what}: a difference of two differences of means of y lies "
                f"within ±2 × (largest y − smallest y) = ±{bound:.2f} in this table. Did you add up "
                "values instead of averaging them?")
    return None


# --------------------------------------------------------------- exercise 1: 2x2 DiD
#: The generating design of each exercise's data (the truth is derived from it by the key).
_DID_PANEL = dict(n_units=40, n_years=6, adoption="simultaneous", never_treated=0.5, effect=1.0, icc=0.5,
                  trend=0.4, adopter_shift=1.5, year_sd=0.2)
_STAG_PANEL = dict(n_units=60, n_years=10, effect=0.0, dynamic=0.5, never_treated=0.2,
                   cohorts=[2017, 2019, 2021], sd=0.5)
_ICC_SURVEY = dict(communities_per_model=30, residents_per_community=15, model_means={"model_a": 0.0},
                   icc=0.15)


def _raw(exercise_id: str, seed: int) -> pd.DataFrame | None:
    """The generated table with its truth (true effects, parameters): for the key only."""
    if exercise_id == "did_2x2":
        return simulate_panel(**_DID_PANEL, seed=seed)
    if exercise_id == "staggered_att":
        return simulate_panel(**_STAG_PANEL, seed=seed)
    if exercise_id == "icc":
        return simulate_residents(**_ICC_SURVEY, seed=seed)
    return None


def _make_did(seed: int) -> Exercise:
    view = _student_view(_raw("did_2x2", seed))
    first = int(view["cohort"].min())
    prompt = (
        f"Half of 40 synthetic communities adopt a governance model in {first}; the others never "
        "do. Column y is a satisfaction score. Estimate the effect of adoption on y with a "
        "difference-in-differences (adopters vs never-adopters, after vs before). "
    ) + _precision(2)
    return Exercise("did_2x2", "Difference-in-differences by hand", prompt, view, {}, seed, 2)


# --------------------------------------------------------------- exercise 2: design effect
def _make_deff(seed: int) -> Exercise:
    params = {"m": 25, "icc": 0.08}
    prompt = (
        f"A survey interviews m = {params['m']} residents in each community; residents of a "
        f"community are alike, with intra-class correlation ICC = {params['icc']}. By what "
        "factor does clustering inflate the sample size needed (the design effect)? "
    ) + _precision(2)
    return Exercise("design_effect", "Design effect", prompt, None, params, seed, 2)


def _deff_impossible(a: float, ex: Exercise) -> str | None:
    if a <= 0:
        return (f"{a:.4g} is not a design effect. It is a ratio of two variances (of an estimate under "
                "cluster sampling to the same under simple random sampling), so it is positive.")
    if a < 1:
        return (f"a design effect of {a:.4g}, below 1, would need residents of a community to be less alike "
                f"than residents of different communities (a negative ICC); with ICC = {ex.params['icc']} "
                "it is at least 1.")
    return None


# --------------------------------------------------------------- exercise 3: communities needed
_COMM = {"p1": 0.85, "p2": 0.75, "m": 20, "icc": 0.05, "alpha": 0.05, "power": 0.8}


def _make_comm(seed: int) -> Exercise:
    c = _COMM
    prompt = (
        f"Plan a survey to detect satisfaction of {c['p1']:.0%} under one model vs {c['p2']:.0%} "
        f"under another (planning assumption), two-sided alpha = {c['alpha']}, power = "
        f"{c['power']}, {c['m']} residents per community, ICC = {c['icc']}. How many "
        "communities per model are needed? (Use govstudy.design or the formulas.) "
    ) + _precision(0)
    return Exercise("communities_needed", "Communities needed per model", prompt, None, dict(c), seed, 0)


def _comm_impossible(a: float, ex: Exercise) -> str | None:
    if a < 0:
        return f"{a:.4g} communities: a number of communities cannot be negative."
    if a == 0:
        return "0 communities per model: with no community there is nothing to compare."
    return None


# --------------------------------------------------------------- exercise 4: staggered adoption
def _make_stag(seed: int) -> Exercise:
    view = _student_view(_raw("staggered_att", seed))
    n_never = int(view.loc[view["cohort"].isna(), "unit"].nunique())
    prompt = (
        "60 synthetic communities adopt a model in 2017, 2019 or 2021 (column cohort); "
        f"{n_never} never adopt. The benefit grows with every year since adoption. Estimate the "
        "average effect of adoption on the adopters over all their post-adoption years (the ATT). "
    ) + _precision(2)
    return Exercise("staggered_att", "Staggered adoption", prompt, view, {}, seed, 2)


# --------------------------------------------------------------- exercise 5: ICC
def _make_icc(seed: int) -> Exercise:
    view = _student_view(_raw("icc", seed))
    prompt = (
        "30 synthetic communities, 15 residents each (all following one model). Estimate the "
        "intra-class correlation of y: the share of its variance that lies between communities. "
    ) + _precision(2)
    return Exercise("icc", "Intra-class correlation", prompt, view, {"m": 15}, seed, 2)


def _icc_impossible(a: float, ex: Exercise) -> str | None:
    if a < 0 or a > 1:
        why = (f"{a:.4g} is not a possible ICC: it is a share of the variance (between-community "
               "variance over total variance), so it lies between 0 and 1.")
        if a < 0:
            why += " (A moment estimator can fall below 0 in a small sample; the ICC is then reported as 0.)"
        return why
    return None


_SPECS: dict[str, _Spec] = {
    "did_2x2": _Spec(
        title="Difference-in-differences by hand",
        seed=2611,
        make=_make_did,
        hint="Take four means: adopters and never-adopters, before and after adoption.",
        decimals=2,
        impossible=lambda a, ex: _range_bound(a, ex, "difference-in-differences"),
    ),
    "design_effect": _Spec(
        title="Design effect",
        seed=0,
        make=_make_deff,
        hint="The design effect grows linearly with both the cluster size and the ICC.",
        decimals=2,
        impossible=_deff_impossible,
    ),
    "communities_needed": _Spec(
        title="Communities needed per model",
        seed=0,
        make=_make_comm,
        hint="Residents needed without clustering, times the design effect, divided by residents per community.",
        decimals=0,
        impossible=_comm_impossible,
        whole_number=True,
    ),
    "staggered_att": _Spec(
        title="Staggered adoption",
        seed=7,
        make=_make_stag,
        hint="For each cohort g and year t >= g, compare the change since g - 1 with the never-adopters' change.",
        decimals=2,
        impossible=lambda a, ex: _range_bound(a, ex, "average effect on the adopters"),
    ),
    "icc": _Spec(
        title="Intra-class correlation",
        seed=11,
        make=_make_icc,
        hint="Fit a random-intercept model (govstudy.simulate.fit_mixed) or use one-way ANOVA mean squares.",
        decimals=2,
        impossible=_icc_impossible,
    ),
}


def _spec(exercise_id: str) -> _Spec:
    if exercise_id not in _SPECS:
        raise ValueError(f"unknown exercise {exercise_id!r}; choose one of {list(_SPECS)}")
    return _SPECS[exercise_id]


def list_exercises() -> pd.DataFrame:
    """The exercises, one row each: ``id, title, decimals`` (decimals wanted in the answer).

    Examples
    --------
    >>> list_exercises()["id"].tolist()
    ['did_2x2', 'design_effect', 'communities_needed', 'staggered_att', 'icc']
    """
    return pd.DataFrame([{"id": k, "title": s.title, "decimals": s.decimals} for k, s in _SPECS.items()])


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
        Its ``data`` carries no truth: no true-effect column, and ``attrs``
        holds only ``synthetic=True``.

    Examples
    --------
    >>> ex = exercise("did_2x2")
    >>> ex.data.attrs, ex.data.shape, ex.decimals
    ({'synthetic': True}, (240, 7), 2)
    """
    spec = _spec(exercise_id)
    return spec.make(spec.seed if seed is None else seed)


def _same(a: float, b: float) -> bool:
    """Equal up to the representation error of a float32 (a number read from a float32 column)."""
    return abs(a - b) <= 1e-7 * max(1.0, abs(a))


def _decimals_given(a: float) -> int:
    """Decimals the student wrote: the fewest that reproduce the number (at most 12).

    Examples
    --------
    >>> _decimals_given(1.2), _decimals_given(26.0), _decimals_given(1.1659), _decimals_given(1 / 3)
    (1, 0, 4, 7)
    """
    for d in range(13):
        if _same(round(a, d), a):
            return d
    return 13


def _shortened(v: float, d: int) -> tuple[float, float]:
    """``v`` rounded and truncated (towards zero) to ``d`` decimals."""
    s = 10.0 ** d
    return round(v, d), math.trunc(v * s) / s


def check(exercise_id: str, answer: float, seed: int | None = None) -> Feedback:
    """Check a student's answer and explain what is wrong with it.

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
        ``correct``, ``message`` and ``kind``; the message never reveals
        the correct value.

    Notes
    -----
    The order of the checks:

    1. *impossible* values (a negative design effect or number of
       communities, an ICC outside [0, 1], a difference-in-differences
       larger than the table allows), with the reason;
    2. counts of communities must be whole numbers;
    3. the accepted answer (the estimate computed from the exercise's data,
       or the planning number), then valid variants of the method (a 2x2
       DiD on the last pre-year only; the design-effect formula's number of
       communities next to the *t*-based one), within the exercise's
       tolerance (at least half a unit of the last decimal asked for, so
       the right answer rounded as asked is accepted);
    4. the *truth* behind synthetic data -- a parameter the data only
       estimate -- and the recognised mistakes: the nearest of these within
       tolerance is reported, so an answer equal to the truth is told so
       rather than called a mistake, and a mistake whose value coincides
       with an accepted answer is never named;
    5. *close*: an accepted answer rounded (or truncated) to fewer decimals
       than asked ("give N decimals"), or within twice the tolerance.

    The values compared with are computed from the seed inside the package
    (:mod:`govstudy.teaching.key` publishes them for teachers).

    Examples
    --------
    >>> check("design_effect", 2.92).correct
    True
    >>> print(check("did_2x2", 1.2))
    Close — give 2 decimals (you gave 1 decimal).
    >>> print(check("communities_needed", 24.6))
    Not yet: communities come whole; round the number of communities up.
    >>> check("icc", 1.3).kind
    'impossible'
    """
    spec = _spec(exercise_id)
    if isinstance(answer, bool):
        raise ValueError(f"exercise {exercise_id!r}: the answer must be a number, got {answer!r}")
    try:
        a = float(answer)
    except (TypeError, ValueError):
        raise ValueError(f"exercise {exercise_id!r}: the answer must be a number, got {answer!r}") from None
    if not math.isfinite(a):
        raise ValueError(f"exercise {exercise_id!r}: the answer must be finite, got {answer!r}")
    ex = spec.make(spec.seed if seed is None else seed)
    why = spec.impossible(a, ex)
    if why:
        return Feedback(False, "Not possible: " + why, "impossible")
    if spec.whole_number and a != math.floor(a):
        return Feedback(False, "Not yet: communities come whole; round the number of communities up.", "whole")

    from govstudy.teaching import _answers  # the key stays out of the module's namespace until needed

    k = _answers.values(exercise_id, ex)
    tol = k.tolerance + _EPS  # an answer exactly on the edge (2.925 for 2.92) counts as within
    if abs(a - k.answer) <= tol:
        return Feedback(True, f"Correct. {k.explain}", "correct")
    for v, note in k.variants:
        if abs(a - v) <= tol:
            return Feedback(True, f"Correct. {note} {k.explain}", "correct")
    right = [k.answer] + [v for v, _ in k.variants]
    # the nearest of the truth and the recognised mistakes within tolerance (a mistake whose value
    # coincides with an accepted answer is never named)
    best = None
    if k.truth is not None and abs(a - k.truth) <= tol:
        best = (abs(a - k.truth), None)
    for _, vals, text in k.mistakes:
        for v in vals:
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
            "truth",
        )
    if best is not None:
        text = best[1]
        return Feedback(False, "Not yet. " + text[0].upper() + text[1:], "mistake")
    n = spec.decimals
    d = _decimals_given(a)
    if d < n and any(_same(a, s) for r in right for s in _shortened(r, d)):
        return Feedback(False, f"Close — give {_decimals_text(n)} (you gave {_decimals_text(d)}).", "close")
    if k.tolerance > 0 and any(abs(a - r) <= 2 * tol for r in right):
        return Feedback(
            False,
            f"Close, but not within ±{k.tolerance:g} of the answer: keep full precision in every step and round "
            f"only the result, to {_decimals_text(n)}. Hint: {spec.hint}",
            "close",
        )
    return Feedback(False, f"Not yet: {a:g} is not the answer, nor a mistake I recognise. Hint: {spec.hint}",
                    "unrecognised")
