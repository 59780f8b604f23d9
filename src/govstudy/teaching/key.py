"""The teaching lab's answer key, for teachers.

Not for the student notebook, which never imports this module: the
student side is :mod:`govstudy.teaching` (``exercise``, ``check``), and the
data students receive carry no truth. Here a teacher gets, for each
exercise and seed, the accepted answer, the valid variants of the method,
the truth behind the synthetic data and the values of the mistakes that
:func:`govstudy.teaching.check` recognises -- all computed from the
exercise's seeded data, as ``check`` computes them.

From a shell::

    python -m govstudy.teaching.key              # the key for the default seeds
    python -m govstudy.teaching.key --seed 5     # the variant a class got with seed=5
    python -m govstudy.teaching.key --csv > key.csv

The student and teacher notebooks are built from one source, the
teacher's ``notebooks/solutions/06_teaching_lab_solutions.ipynb``, whose
solution cells carry the cell tag ``solution``: ``python
tools/build_teaching_notebooks.py`` writes ``notebooks/06_teaching_lab.ipynb``
without them.

Examples
--------
>>> s = solution("design_effect")
>>> round(s["answer"], 2), round(s["mistakes"]["m_not_m1"], 2)
(2.92, 3.0)
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from govstudy.teaching import _answers, _spec, exercise, list_exercises

__all__ = ["solution", "answer_key", "main"]


def solution(exercise_id: str, seed: int | None = None) -> dict:
    """Teacher's solution: the correct value, the method and the values of typical mistakes.

    Parameters
    ----------
    exercise_id : str
        One of :func:`govstudy.teaching.list_exercises`.
    seed : int, optional
        The variant's seed (as given to ``exercise`` and ``check``).

    Returns
    -------
    dict
        ``{"id", "answer", "decimals", "tolerance", "method", "truth", "variants",
        "mistakes": {name: value}}``; ``truth`` is the parameter of the
        synthetic data the answer estimates (None when the answer is a
        calculation, not an estimate); ``variants`` are other accepted answers
        (a valid variant of the method); a mistake that can be made two ways
        shows its first value.

    Examples
    --------
    >>> s = solution("did_2x2")
    >>> round(s["answer"], 4), s["truth"], s["decimals"], sorted(s["mistakes"])
    (1.1659, 1.0, 2, ['before_after', 'flipped', 'naive'])
    """
    spec = _spec(exercise_id)
    ex = exercise(exercise_id, seed)
    k = _answers.values(exercise_id, ex)
    return {
        "id": exercise_id,
        "answer": k.answer,
        "decimals": spec.decimals,
        "tolerance": k.tolerance,
        "method": k.explain,
        "truth": k.truth,
        "variants": [v for v, _ in k.variants],
        "mistakes": {name: vals[0] for name, vals, _ in k.mistakes},
    }


def answer_key(seed: int | None = None) -> pd.DataFrame:
    """Every exercise's key in one table: one row per accepted answer, truth and mistake.

    Parameters
    ----------
    seed : int, optional
        One seed for every exercise (a class's variant); default: each
        exercise's fixed seed.

    Returns
    -------
    DataFrame
        ``exercise, kind, name, value, decimals, tolerance, feedback``;
        ``kind`` is ``answer``, ``variant``, ``truth`` or ``mistake`` (a
        mistake made two ways has two rows), ``feedback`` what
        :func:`govstudy.teaching.check` says (the method for an answer).

    Examples
    --------
    >>> k = answer_key()
    >>> k.loc[k["kind"] == "answer", ["exercise", "value"]].round(2).to_string(index=False).split()[:4]
    ['exercise', 'value', 'did_2x2', '1.17']
    >>> sorted(k["kind"].unique())
    ['answer', 'mistake', 'truth', 'variant']
    """
    rows = []
    for eid in list_exercises()["id"]:
        spec = _spec(eid)
        k = _answers.values(eid, exercise(eid, seed))
        base = {"exercise": eid, "decimals": spec.decimals, "tolerance": k.tolerance}
        rows.append({**base, "kind": "answer", "name": "", "value": k.answer, "feedback": k.explain})
        rows += [{**base, "kind": "variant", "name": "", "value": v, "feedback": note} for v, note in k.variants]
        if k.truth is not None:
            rows.append({**base, "kind": "truth", "name": "", "value": k.truth,
                         "feedback": "the generating value of the synthetic data"})
        rows += [{**base, "kind": "mistake", "name": name, "value": v, "feedback": text}
                 for name, vals, text in k.mistakes for v in vals]
    cols = ["exercise", "kind", "name", "value", "decimals", "tolerance", "feedback"]
    return pd.DataFrame(rows, columns=cols)


def main(argv: list[str] | None = None) -> int:
    """Print the answer key (``python -m govstudy.teaching.key [--seed N] [--csv]``).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status, 0.

    Examples
    --------
    >>> main(["--csv"])  # doctest: +ELLIPSIS
    exercise,kind,name,value,decimals,tolerance,feedback
    did_2x2,answer,,1.16586...
    0
    """
    ap = argparse.ArgumentParser(prog="python -m govstudy.teaching.key",
                                 description="The teaching lab's answer key (for teachers).")
    ap.add_argument("--seed", type=int, default=None, help="the variant's seed (default: each exercise's own)")
    ap.add_argument("--csv", action="store_true", help="write CSV instead of a table")
    args = ap.parse_args(argv)
    k = answer_key(args.seed)
    if args.csv:
        k.to_csv(sys.stdout, index=False)
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(k.assign(value=k["value"].round(4)).drop(columns="feedback").to_string(index=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
