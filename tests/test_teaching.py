"""Tests for govstudy.teaching: the correct answers are recomputed here
independently (pandas means, closed formulas, ANOVA estimator) and each
recognised mistake gets its specific feedback."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from govstudy.simulate import twfe_did
from govstudy.teaching import EXERCISES, check, exercise, list_exercises, solution


def _four_means(p):
    adopter = p["cohort"].notna()
    post = p["year"] >= 2018
    tp = p.loc[adopter & post, "y"].mean()
    tb = p.loc[adopter & ~post, "y"].mean()
    cp = p.loc[~adopter & post, "y"].mean()
    cb = p.loc[~adopter & ~post, "y"].mean()
    return tp, tb, cp, cb


def test_list_and_data_are_synthetic():
    ids = list_exercises()["id"].tolist()
    assert ids == list(EXERCISES)
    for i in ids:
        ex = exercise(i)
        assert ex.prompt and ex.id == i
        if ex.data is not None:
            assert ex.data.attrs["synthetic"] is True and ex.data["synthetic"].all()
            assert "synthetic" in ex.prompt


def test_did_answer_and_specific_feedback():
    ex = exercise("did_2x2")
    tp, tb, cp, cb = _four_means(ex.data)
    did = (tp - tb) - (cp - cb)
    assert solution("did_2x2")["answer"] == pytest.approx(did)
    assert check("did_2x2", did).correct
    # balanced panel, simultaneous adoption: TWFE equals the 2x2 DiD
    assert check("did_2x2", twfe_did(ex.data).loc[0, "estimate"]).correct
    naive = check("did_2x2", tp - cp)
    assert not naive.correct and "naive post-period difference" in naive.message
    assert "before adoption" in naive.message
    ba = check("did_2x2", tp - tb)
    assert not ba.correct and "before-after" in ba.message and "common trend" in ba.message
    assert "sign is reversed" in check("did_2x2", -did).message


def test_design_effect_exercise():
    assert check("design_effect", 1 + 24 * 0.08).correct
    assert "1 + (m - 1) * ICC" in check("design_effect", 1 + 25 * 0.08).message
    assert "left out the 1" in check("design_effect", 24 * 0.08).message
    assert "independent" in check("design_effect", 1).message


def test_communities_exercise_against_closed_form():
    h = 2 * math.asin(math.sqrt(0.85)) - 2 * math.asin(math.sqrt(0.75))
    n = 2 * ((stats.norm.isf(0.025) + stats.norm.isf(0.2)) / h) ** 2
    deff = 1 + 19 * 0.05
    c = math.ceil(n * deff / 20)  # 25: the design-effect formula
    # the accepted answer counts the communities' df (t with 2 (c - 1) df): one more
    assert solution("communities_needed")["answer"] == c + 1
    assert solution("communities_needed")["variants"] == [c]
    assert check("communities_needed", c).correct and check("communities_needed", c + 1).correct
    assert "ignores the design effect" in check("communities_needed", math.ceil(n / 20)).message
    assert "not of communities" in check("communities_needed", math.ceil(n)).message
    assert "both models" in check("communities_needed", 2 * c).message
    assert "both models" in check("communities_needed", 2 * (c + 1)).message


def test_communities_must_be_whole_and_plus_one_is_accepted():
    # issue 13, item 7: 24.6 is not a number of communities; 26 (25 plus one per arm) is right
    fb = check("communities_needed", 24.6)
    assert not fb.correct and "whole" in fb.message
    assert not check("communities_needed", 25.4).correct
    assert check("communities_needed", 26).correct
    assert not check("communities_needed", 27).correct


def test_true_value_is_not_called_a_mistake():
    # issue 13, item 7: the true ICC (0.15) lies within tolerance of the raw-share mistake (0.163);
    # the answer equal to the truth is told it is the generating value, not the mistake
    sol = solution("icc")
    assert sol["truth"] == 0.15
    fb = check("icc", 0.15)
    assert not fb.correct and "true value used to generate" in fb.message
    assert "sampling noise" not in fb.message
    assert "sampling noise" in check("icc", sol["mistakes"]["raw_share"]).message
    # staggered adoption: the true ATT of the synthetic data is never called "naive"
    st = solution("staggered_att")
    fb = check("staggered_att", st["truth"])
    assert "naive" not in fb.message


def test_did_with_last_pre_year_only_is_accepted():
    ex = exercise("did_2x2")
    p = ex.data
    adopter, post, pre = p["cohort"].notna(), p["year"] >= 2018, p["year"] == 2017
    m = lambda a, t: p.loc[a & t, "y"].mean()  # noqa: E731
    did_last = (m(adopter, post) - m(adopter, pre)) - (m(~adopter, post) - m(~adopter, pre))
    assert abs(did_last - solution("did_2x2")["answer"]) > 0.01  # a different number ...
    fb = check("did_2x2", did_last)
    assert fb.correct and "last year before adoption" in fb.message  # ... and a valid design


def test_staggered_exercise_flags_twfe():
    ex = exercise("staggered_att")
    sol = solution("staggered_att")
    # the module's answer is close to the known truth of the synthetic data
    assert sol["answer"] == pytest.approx(sol["truth"], abs=0.1)
    # the student's table does not reveal the truth
    assert "true_effect" not in ex.data.columns and "true_att" not in ex.data.attrs
    fb = check("staggered_att", twfe_did(ex.data).loc[0, "estimate"])
    assert not fb.correct and "two-way fixed-effects" in fb.message and "already-adopted" in fb.message
    assert check("staggered_att", sol["answer"]).correct


def test_icc_exercise_against_anova_estimator():
    ex = exercise("icc")
    r = ex.data
    m, k = 15, r["community"].nunique()
    means = r.groupby("community")["y"].mean()
    msb = m * ((means - r["y"].mean()) ** 2).sum() / (k - 1)
    msw = ((r["y"] - r["community"].map(means)) ** 2).sum() / (len(r) - k)
    icc_anova = (msb - msw) / (msb + (m - 1) * msw)  # balanced: equals REML when positive
    assert solution("icc")["answer"] == pytest.approx(icc_anova, abs=1e-4)
    assert check("icc", icc_anova).correct
    raw = means.var() / r["y"].var()
    assert "sampling noise" in check("icc", raw).message


def test_unrecognised_wrong_answer_gives_hint_without_the_answer():
    sol = solution("did_2x2")["answer"]
    fb = check("did_2x2", 123.0)
    assert not fb.correct and "Hint" in fb.message
    assert f"{sol:g}" not in fb.message and f"{sol:.2f}" not in fb.message


def test_seed_gives_a_variant_and_check_follows_it():
    a, b = solution("did_2x2", seed=1)["answer"], solution("did_2x2", seed=2)["answer"]
    assert a != b
    assert check("did_2x2", a, seed=1).correct and not check("did_2x2", a, seed=2).correct
    assert exercise("did_2x2", seed=1).data.equals(exercise("did_2x2", seed=1).data)


def test_bad_calls_are_refused():
    with pytest.raises(ValueError, match="unknown exercise 'did'"):
        exercise("did")
    with pytest.raises(ValueError, match="unknown exercise 'did'"):
        check("did", 1.0)
    with pytest.raises(ValueError, match="must be a number"):
        check("design_effect", "three")
    with pytest.raises(ValueError, match="finite"):
        check("design_effect", float("nan"))
