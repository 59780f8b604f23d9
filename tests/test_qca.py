"""Tests for govstudy.qca against R QCA 3.25 reference outputs and analytic cases.

Reference files are read from ../shared/reference/qca (GPL data, not copied): the tests that
need them are marked ``needs_shared_reference("qca")``, skipped without the folder and failing
under ``CI=true`` (tests/conftest.py).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govstudy import qca
from govstudy.qca import calibrate, minimize, necessity, sufficiency, truth_table

REF = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "qca"
needs_ref = pytest.mark.needs_shared_reference("qca")


def _ds(name):
    return pd.read_csv(REF / "datasets" / f"{name}.csv", index_col=0)


def _expected():
    return json.loads((REF / "expected_results.json").read_text())


# name -> (dataset, outcome, conditions, incl_cut, include, dir_exp, reference csv)
SOLUTIONS = {
    "LC_conservative": ("LC", "SURV", None, 1, "", None),
    "LC_parsimonious": ("LC", "SURV", None, 1, "?", None),
    "LC_intermediate": ("LC", "SURV", None, 1, "?", ["DEV", "URB", "LIT", "IND", "STB"]),
    "LC_neg_parsimonious": ("LC", "~SURV", None, 1, "?", None),
    "LF_conservative": ("LF", "SURV", None, 0.8, "", None),
    "LF_parsimonious": ("LF", "SURV", None, 0.8, "?", None),
    "LF_intermediate": ("LF", "SURV", None, 0.8, "?", ["DEV", "URB", "LIT", "IND", "STB"]),
    "LF_neg_parsimonious": ("LF", "~SURV", None, 0.8, "?", None),
    "LM_conservative": ("LM", "SURV", ["DEV", "URB", "LIT", "IND"], 1, "", None),
    "LM_parsimonious": ("LM", "SURV", ["DEV", "URB", "LIT", "IND"], 1, "?", None),
    "CVF_conservative": ("CVF", "PROTEST", None, 0.8, "", None),
    "CVF_parsimonious": ("CVF", "PROTEST", None, 0.8, "?", None),
    "NF_conservative": ("NF", "W", None, 0.8, "", None),
    "NF_parsimonious": ("NF", "W", None, 0.8, "?", None),
    "Krook_conservative": ("Krook", "WNP", None, 1, "", None),
    "Krook_parsimonious": ("Krook", "WNP", None, 1, "?", None),
}


def _solve(key):
    d, o, c, ic, inc, de = SOLUTIONS[key]
    tt = truth_table(_ds(d), o, c, incl_cut=ic)
    return minimize(tt, include=inc, dir_exp=de)


@needs_ref
@pytest.mark.parametrize("key", sorted(SOLUTIONS))
def test_models_match_r(key):
    sol = _solve(key)
    ref = _expected()["solutions"][key]["models"]
    assert sol.models == [m["expression"] for m in ref.values()]
    assert sol.model_names == list(ref)
    assert sol.complete


@needs_ref
@pytest.mark.parametrize("key", sorted(SOLUTIONS))
def test_fit_matches_r_csv(key):
    sol = _solve(key)
    csv = pd.read_csv(REF / "r_qca" / f"sol_{key}.csv")
    fit = sol.fit
    assert len(fit) == len(csv)
    for (_, r), (_, g) in zip(csv.iterrows(), fit.iterrows()):
        assert g["model"] == r["model"]
        if r["term"].startswith("<SOLUTION> "):
            assert g["kind"] == "model"
            assert g["term"] == r["term"][len("<SOLUTION> "):]
        else:
            assert g["kind"] == "term" and g["term"] == r["term"]
        for col in ("inclS", "PRI", "covS", "covU"):
            if pd.isna(r[col]):
                assert pd.isna(g[col]), (key, col)
            else:
                assert g[col] == pytest.approx(r[col], abs=1e-6), (key, r["term"], col)


TTS = {
    "LC_SURV": ("LC", "SURV", None, 1),
    "LF_SURV_0.8": ("LF", "SURV", None, 0.8),
    "LM_SURV": ("LM", "SURV", ["DEV", "URB", "LIT", "IND"], 1),
    "CVF_PROTEST_0.8": ("CVF", "PROTEST", None, 0.8),
    "NF_W_0.8": ("NF", "W", None, 0.8),
    "Krook_WNP": ("Krook", "WNP", None, 1),
}


@needs_ref
@pytest.mark.parametrize("key", sorted(TTS))
def test_truth_table_matches_r(key):
    d, o, c, ic = TTS[key]
    tt = truth_table(_ds(d), o, c, incl_cut=ic)
    ref = pd.read_csv(REF / "r_qca" / f"tt_{key}.csv", dtype={"OUT": str, "cases": str}, keep_default_na=False)
    obs = ref[ref["OUT"] != "?"].set_index("row")
    got = tt.table
    assert list(got.index) == list(obs.index)
    for cond in tt.conditions:
        assert (got[cond].to_numpy() == obs[cond].astype(int).to_numpy()).all()
    assert list(got["OUT"]) == list(obs["OUT"])
    assert list(got["n"]) == list(obs["n"].astype(int))
    np.testing.assert_allclose(got["incl"], obs["incl"].astype(float), atol=1e-6)
    np.testing.assert_allclose(got["PRI"], obs["PRI"].astype(float), atol=1e-6)
    assert list(got["cases"]) == list(obs["cases"])
    full = tt.complete()
    assert list(full.index) == list(ref["row"])
    assert list(full["OUT"]) == list(ref["OUT"])


@needs_ref
def test_necessity_matches_r():
    lf = _ds("LF")
    got = necessity(lf, "SURV", ["DEV", "URB", "LIT", "IND", "STB"])
    ref = pd.read_csv(REF / "r_qca" / "necessity_LF_SURV.csv")
    assert list(got["term"]) == list(ref["term"])
    for col in ("inclN", "RoN", "covN"):
        np.testing.assert_allclose(got[col], ref[col], atol=1e-6)


@needs_ref
def test_sufficiency_matches_r():
    lf = _ds("LF")
    ref = pd.read_csv(REF / "r_qca" / "sufficiency_LF_SURV.csv")
    got = sufficiency(lf, "SURV", list(ref["term"]))
    for col in ("inclS", "PRI", "covS"):
        np.testing.assert_allclose(got[col], ref[col], atol=1e-6)


@needs_ref
def test_calibrate_ragin_income():
    ref = pd.read_csv(REF / "r_qca" / "calibrate_ragin_income.csv")
    x = ref["income"].to_numpy(float)
    np.testing.assert_allclose(calibrate(x, [2500, 5000, 20000]), ref["direct_logistic_e2500_c5000_i20000"], atol=1e-4)
    np.testing.assert_allclose(
        calibrate(x, [20000, 5000, 2500]), ref["direct_logistic_decreasing_i2500_c5000_e20000"], atol=1e-4
    )
    np.testing.assert_allclose(calibrate(x, [2500, 5000, 20000], kind="linear"), ref["direct_linear_e2500_c5000_i20000"], atol=1e-4)
    np.testing.assert_allclose(calibrate(x, [2500, 5000, 20000], idm=0.99), ref["direct_logistic_idm0.99"], atol=1e-4)
    np.testing.assert_allclose(
        calibrate(x, [1000, 4000, 5000, 10000, 20000], kind="indirect"), ref["indirect_1000_4000_5000_10000_20000"], atol=1e-4
    )
    assert (calibrate(x, [5000], kind="crisp") == ref["crisp_5000"]).all()
    assert (calibrate(x, [2500, 20000], kind="crisp") == ref["crisp_2500_20000"]).all()


@needs_ref
def test_calibrate_grid():
    ref = pd.read_csv(REF / "r_qca" / "calibrate_grid.csv")
    x = ref["x"].to_numpy(float)
    np.testing.assert_allclose(calibrate(x, [165, 175, 185]), ref["logistic_e165_c175_i185"], atol=1e-4)
    np.testing.assert_allclose(calibrate(x, [160, 175, 200]), ref["logistic_e160_c175_i200_asym"], atol=1e-4)
    np.testing.assert_allclose(calibrate(x, [165, 175, 185], kind="linear"), ref["linear_e165_c175_i185"], atol=1e-4)
    np.testing.assert_allclose(
        calibrate(x, [155, 165, 175, 175, 185, 195], kind="bell"), ref["bell_e155_c165_i175_i175_c185_e195"], atol=1e-4
    )


def test_calibrate_logistic_anchors_analytic():
    # at the anchors the logistic function gives exactly 1-idm, 0.5, idm (both slopes)
    got = calibrate([10, 20, 60], [10, 20, 60], idm=0.95)
    np.testing.assert_allclose(got, [0.05, 0.5, 0.95], atol=1e-12)


def test_calibrate_bad_input():
    with pytest.raises(ValueError, match="three anchors"):
        calibrate([1, 2], [1, 2])
    with pytest.raises(ValueError, match="bell"):
        calibrate([1, 2], [1, 2, 3, 4, 5, 6])
    with pytest.raises(ValueError, match="idm"):
        calibrate([1, 2], [1, 2, 3], idm=1.2)
    with pytest.raises(ValueError, match="outside the range"):
        calibrate([1, 2], [5], kind="crisp")
    with pytest.raises(ValueError, match="missing"):
        calibrate([1, np.nan], [0, 1, 2])


def test_half_membership_case_belongs_to_no_row():
    d = pd.DataFrame({"A": [0.5, 0.9, 0.1], "Y": [1.0, 1.0, 0.0]}, index=["h", "p", "q"])
    with pytest.warns(UserWarning, match=r"\['h'\]"):
        tt = truth_table(d, "Y")
    assert "h" not in ",".join(tt.table["cases"])
    assert tt.table["n"].sum() == 2
    assert tt.excluded_cases == ["h"]


def test_negated_outcome_is_complement():
    d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    tt = truth_table(d, "~Y")
    assert minimize(tt).models == ["~A"]


def test_two_cutoffs_give_contradictions():
    d = pd.DataFrame({"A": [1, 1, 1, 1, 0], "Y": [1, 1, 1, 0, 0]})
    tt = truth_table(d, "Y", incl_cut=(0.9, 0.6))
    assert tt.table.loc[2, "OUT"] == "C"  # incl 0.75
    assert tt.table.loc[1, "OUT"] == "0"


def test_pri_formula_analytic():
    # X=(1, .6), Y=(.8, .4): sum min(X,Y) = 1.2; sum min(X,Y,~Y)= .2+.4=.6; PRI=(1.2-.6)/(1.6-.6)
    d = pd.DataFrame({"A": [1.0, 0.6], "Y": [0.8, 0.4]})
    tt = truth_table(d, "Y")
    assert tt.table.loc[2, "PRI"] == pytest.approx(0.6)
    assert tt.table.loc[2, "incl"] == pytest.approx(0.75)


def test_model_ambiguity_all_minimal_models_and_cap():
    # Cyclic chart: f = A'B + B'C + AC' (+ minterms) has two minimal covers of size 3.
    rows = [(0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0)]
    d = pd.DataFrame(rows + [(0, 0, 0), (1, 1, 1)], columns=["A", "B", "C"])
    d["Y"] = [1] * 6 + [0, 0]
    sol = minimize(truth_table(d, "Y"))
    # worked by hand: six PIs, the two minimal covers alternate around the cycle; R orders them this way
    assert sol.primes == ["~A*B", "~A*C", "A*~B", "A*~C", "~B*C", "B*~C"]
    assert sol.models == ["~A*B + A*~C + ~B*C", "~A*C + A*~B + B*~C"]
    assert sol.complete
    capped = minimize(truth_table(d, "Y"), max_models=1)
    assert len(capped.models) == 1 and not capped.complete and "max_models" in capped.message
    assert "iter_models()" in capped.message


def test_every_model_covers_every_positive_row_and_no_negative():
    rng = np.random.default_rng(7)
    X = rng.integers(0, 2, size=(40, 6))
    y = ((X[:, 0] & X[:, 1]) | (X[:, 2] & ~X[:, 3] & 1) | X[:, 4] & X[:, 5]).astype(int)
    d = pd.DataFrame(X, columns=list("ABCDEF"))
    d["Y"] = y
    tt = truth_table(d, "Y")
    sol = minimize(tt, include="?")
    pos = tt.table[tt.table.OUT == "1"]
    negs = tt.table[tt.table.OUT == "0"]
    for expr in sol.models:
        _, mp = qca._sop_membership(pos[list("ABCDEF")], expr)
        _, mn = qca._sop_membership(negs[list("ABCDEF")], expr)
        assert (mp == 1).all() and (mn == 0).all()
    # all models have the same (minimal) number of terms
    assert len({m.count("+") for m in sol.models}) == 1


def test_minimize_errors():
    d = pd.DataFrame({"A": [1, 0], "Y": [0, 0]})
    with pytest.raises(ValueError, match="nothing to explain"):
        minimize(truth_table(d, "Y"))
    d2 = pd.DataFrame({"A": [1, 0], "B": [1, 1], "Y": [1, 0]})
    with pytest.raises(ValueError, match="include='\\?'"):
        minimize(truth_table(d2, "Y"), dir_exp=["A"])
    with pytest.raises(ValueError, match="outcome column"):
        truth_table(d2, "Z")
    with pytest.raises(ValueError, match="conditions"):
        truth_table(d2, "Y", ["Q"])


@needs_ref
def test_simplifying_assumptions_lc():
    sol = _solve("LC_parsimonious")
    sa = sol.simplifying_assumptions["M1"]
    # DEV*STB covers rows 18,20,22,24,26,28,30,32; observed positives 22, 24, 32 are not assumptions
    assert list(sa.index) == [18, 20, 26, 28, 30]
    assert sol.pi_chart.loc["DEV*STB"].all()


@needs_ref
def test_intermediate_easy_counterfactuals_lc():
    sol = _solve("LC_intermediate")
    ec = sol.easy_counterfactuals["C1P1_M1"]
    # easy counterfactuals agree with DEV, LIT, STB present
    assert (ec[["DEV", "LIT", "STB"]] == 1).all().all()


def test_membership_and_parse_errors():
    d = pd.DataFrame({"A": [0.2, 0.9], "B": [0.7, 0.4], "M": [0, 2]})
    assert qca.membership(d, "A*~B + ~A*B").tolist() == [0.7, 0.6]
    assert qca.membership(d, "M[2]").tolist() == [0.0, 1.0]
    with pytest.raises(ValueError, match="unknown condition"):
        qca.membership(d, "A*Q")
    with pytest.raises(ValueError, match="cannot parse"):
        qca.membership(d, "A*(B)")


def test_dataset_coding_as_qca_data():
    import govstudy

    ds = govstudy.load_chengdu()
    data = qca.mechanism_qca_data(ds)
    # conditions: every mechanism reported for >= 2 cases, and only those
    counts = ds.mechanisms.groupby("mechanism")["present"].sum()
    assert set(data.columns[:-1]) == set(counts[counts >= 2].index)
    # outcome: a case is 1 iff it has an indicator in the 'outcome' or 'service' dimension
    dims = ds.indicators["indicator"].map(ds.codebook.set_index("id")["dimension"])
    expected = set(ds.indicators.loc[dims.isin(["outcome", "service"]), "case_id"])
    assert set(data.index[data["RESULTS"] == 1]) == expected
    with pytest.raises(ValueError, match="dimensions"):
        qca.reported_results_outcome(ds, dimensions=("nonsense",))


def test_a_partial_mechanisms_grid_means_not_reported():
    import govstudy

    ds = govstudy.load_chengdu()
    full = qca.mechanism_conditions(ds)
    ds.mechanisms = ds.mechanisms.loc[ds.mechanisms["present"]]  # drop every "false" row
    assert qca.mechanism_conditions(ds).equals(full)


@needs_ref
def test_multivalue_intermediate_and_dir_exp_levels():
    lm = _ds("LM")
    tt = truth_table(lm, "SURV", ["DEV", "URB", "LIT", "IND"])
    pars = minimize(tt, include="?")
    inter = minimize(tt, include="?", dir_exp=["DEV[1,2]", "URB[1]", "LIT[1]", "IND[1]"])
    cons = minimize(tt)
    # intermediate terms are subsets of the parsimonious and supersets of the conservative models
    mp = qca.membership(lm, pars.models[0])
    mi = qca.membership(lm, inter.models[0])
    mc = qca.membership(lm, cons.models[0])
    assert (mc <= mi + 1e-12).all() and (mi <= mp + 1e-12).all()
    with pytest.raises(ValueError, match="outside levels"):
        minimize(tt, include="?", dir_exp=["DEV[3]"])
    with pytest.raises(ValueError, match="unknown condition"):
        minimize(tt, include="?", dir_exp=["XYZ"])


def test_n_cut_and_pri_cut():
    d = pd.DataFrame({"A": [1, 1, 0, 0, 0], "B": [1, 0, 1, 0, 0], "Y": [1, 1, 1, 0, 0]})
    tt = truth_table(d, "Y", n_cut=2)
    assert set(tt.table["OUT"]) == {"?", "0"}
    with pytest.raises(ValueError, match="nothing to explain"):
        minimize(tt)
    f = pd.DataFrame({"A": [0.9, 0.8, 0.6], "Y": [0.9, 0.75, 0.55]})
    # A-row: incl = 2.2 / 2.3; sum min(X, Y, ~Y) = .1 + .25 + .45 = .8; PRI = 1.4 / 1.5
    tt_f = truth_table(f, "Y", incl_cut=0.9, pri_cut=0.95)
    assert tt_f.table.loc[2, "incl"] == pytest.approx(2.2 / 2.3)
    assert tt_f.table.loc[2, "PRI"] == pytest.approx(1.4 / 1.5)
    assert tt_f.table.loc[2, "OUT"] == "0"
    assert truth_table(f, "Y", incl_cut=0.9, pri_cut=0.9).table.loc[2, "OUT"] == "1"


def test_contradictions_as_dont_cares():
    # rows: (0,0) contradictory, (1,0) positive, (1,1) and (0,1) negative
    d = pd.DataFrame({"A": [0, 0, 1, 1, 0], "B": [0, 0, 0, 1, 1], "Y": [1, 0, 1, 0, 0]})
    tt = truth_table(d, "Y", incl_cut=(1, 0.5))
    assert list(tt.table["OUT"]) == ["C", "0", "1", "0"]
    assert minimize(tt, include="?").models == ["A*~B"]  # C rows are negatives by default
    assert minimize(tt, include="?,C").models == ["~B"]  # C rows as don't cares
    with pytest.raises(ValueError, match="include"):
        minimize(tt, include="X")


def test_first_min_returns_one_model():
    rows = [(0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0)]
    d = pd.DataFrame(rows + [(0, 0, 0), (1, 1, 1)], columns=["A", "B", "C"])
    d["Y"] = [1] * 6 + [0, 0]
    sol = minimize(truth_table(d, "Y"), first_min=True)
    assert len(sol.models) == 1 and not sol.complete and "first_min" in sol.message
    assert sol.models[0] in minimize(truth_table(d, "Y")).models


def test_r_sort_quirk_matches_r_for_conservative_lf():
    # all implicants non-zero in a column: R keeps the smallest value last (see _r_sort)
    assert qca._r_sort([(2, 1, 2), (2, 2, 2)]) == [1, 0]
    # per column: non-zero values ascending, zeros last; then by number of literals (worked by hand)
    assert qca._r_sort([(0, 1), (2, 1), (1, 0)]) == [2, 0, 1]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    pi=st.lists(st.integers(0, 3), min_size=3, max_size=3),
    vals=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=6),
)
def test_term_string_round_trips_through_parser(pi, vals):
    # condition 0 has 3 levels (multi-value); conditions 1, 2 are binary
    pi = [min(pi[0], 3), min(pi[1], 2), min(pi[2], 2)]
    if not any(pi):
        pi[1] = 2
    data = pd.DataFrame(vals, columns=["X", "Y1", "Z"])
    expr = qca._term_string(tuple(pi), ["X", "Y1", "Z"], mv=True)
    expected = qca._pi_membership(tuple(pi), data.to_numpy(float), [False, False, False])
    np.testing.assert_array_equal(qca.membership(data, expr).to_numpy(), expected)


def test_time_limit_raises_before_any_model():
    d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    with pytest.raises(TimeoutError):
        minimize(truth_table(d, "Y"), include="?", time_limit=0)


def test_linear_decreasing_and_necessity_of_disjunction():
    np.testing.assert_allclose(calibrate([0, 5, 10, 15, 20], [20, 10, 0], kind="linear"), [1, 0.75, 0.5, 0.25, 0])
    d = pd.DataFrame({"A": [0.2, 0.9, 0.4], "B": [0.7, 0.1, 0.3], "Y": [0.6, 0.8, 0.2]})
    got = necessity(d, "Y", ["A"], expressions=["A + B"]).set_index("term")
    x = np.maximum(d["A"], d["B"]).to_numpy()
    y = d["Y"].to_numpy()
    assert got.loc["A + B", "inclN"] == pytest.approx(np.minimum(x, y).sum() / y.sum())
    assert got.loc["A + B", "covN"] == pytest.approx(np.minimum(x, y).sum() / x.sum())
    assert got.loc["A + B", "RoN"] == pytest.approx((1 - x).sum() / (1 - np.minimum(x, y)).sum())


def test_all_min_covers_equals_brute_force():
    import itertools

    rng = np.random.default_rng(11)
    for _ in range(40):
        nrow, npi = int(rng.integers(3, 9)), int(rng.integers(3, 11))
        chart = rng.random((nrow, npi)) < 0.35
        chart[np.arange(nrow), rng.integers(0, npi, nrow)] = True  # every row coverable
        size, one = qca._min_cover_size(chart)
        brute = [
            c for k in range(1, npi + 1) for c in itertools.combinations(range(npi), k) if chart[:, list(c)].any(axis=1).all()
        ]
        m = min(len(c) for c in brute)
        assert size == m and chart[:, one].any(axis=1).all()
        got, complete = qca._all_min_covers(chart, size, max_models=10**6)
        assert complete and got == sorted(c for c in brute if len(c) == m)


def _brute_min_covers(chart):
    import itertools

    npi = chart.shape[1]
    for k in range(npi + 1):
        found = [c for c in itertools.combinations(range(npi), k) if chart[:, list(c)].any(axis=1).all()]
        if found:
            return k, found
    raise AssertionError("uncoverable chart")


def test_all_min_covers_lp_bounded_search_equals_brute_force():
    """Charts whose minimum needs 2-5 PIs, so the LP-bounded levels of the search run.

    Duplicated columns (interchangeable PIs), dominated columns and rows implied
    by other rows are planted on purpose: the search reduces them and must
    expand them back.
    """
    rng = np.random.default_rng(2026)
    sizes = set()
    for _ in range(30):
        nrow, npi = int(rng.integers(8, 16)), int(rng.integers(9, 15))
        chart = rng.random((nrow, npi)) < 0.25
        chart[np.arange(nrow), rng.integers(0, npi, nrow)] = True
        chart = np.column_stack([
            chart,
            chart[:, 0],  # a PI interchangeable with PI 0
            chart[:, 1] & (rng.random(nrow) < 0.6),  # a PI dominated by PI 1
        ])
        chart = np.vstack([chart, chart[0] | chart[1]])  # a row implied by row 0
        size, one = qca._min_cover_size(chart)
        m, brute = _brute_min_covers(chart)
        assert size == m and chart[:, one].any(axis=1).all()
        sizes.add(m)
        got, complete = qca._all_min_covers(chart, size, max_models=10**6)
        assert complete and got == sorted(brute)
        search = qca._CoverSearch(chart, size)
        assert search.count() == len(brute)
    assert max(sizes) >= 5  # the LP levels (3 or more PIs still to choose) were exercised


def test_all_min_covers_cap_and_deadline():
    chart = np.eye(3, dtype=bool).repeat(2, axis=1)  # 3 rows, each covered by 2 interchangeable PIs
    size, _ = qca._min_cover_size(chart)
    every, complete = qca._all_min_covers(chart, size, max_models=None)
    assert size == 3 and complete and len(every) == 8
    exact, complete = qca._all_min_covers(chart, size, max_models=8)
    assert complete and exact == every  # reaching the cap exactly is not a truncation
    capped, complete = qca._all_min_covers(chart, size, max_models=5)
    assert not complete and len(capped) == 5 and set(capped) <= set(every)
    big = np.eye(6, dtype=bool).repeat(2, axis=1)
    late, complete = qca._all_min_covers(big, 6, max_models=None, deadline=time.perf_counter() - 1)
    assert not complete and late == []

# ---------------------------------------------------------------------- diversity, models_table


def _or_data():
    """Y = A or B, observed without A*B; case d contradicts case c."""
    return pd.DataFrame({"A": [1, 0, 0, 0], "B": [0, 1, 0, 0], "Y": [1, 1, 0, 1]}, index=list("abcd"))


def test_diversity_analytic():
    t = qca.diversity(truth_table(_or_data(), "Y", incl_cut=1)).iloc[0]
    # 2 crisp conditions: 4 configurations; (0,0), (0,1), (1,0) observed; (1,1) a remainder;
    # row 1 = (0,0) holds c (Y=0) and d (Y=1): a contradiction
    assert t[["n_cases", "n_conditions", "n_possible", "n_observed", "n_remainders", "n_contradictions"]].tolist() \
        == [4, 2, 4, 3, 1, 1]
    assert t["contradictory_rows"] == "1"
    with pytest.raises(ValueError, match="TruthTable"):
        qca.diversity(_or_data())


@pytest.mark.parametrize("seed", range(12))
def test_diversity_equals_groupby_on_random_data(seed):
    rng = np.random.default_rng(seed)
    n, levels = int(rng.integers(3, 25)), [2, 2, 3, 2][: int(rng.integers(1, 5))]
    d = pd.DataFrame({f"C{j}": rng.integers(0, L, n) for j, L in enumerate(levels)})
    d["Y"] = rng.integers(0, 2, n)
    conds = [c for c in d.columns if c != "Y"]
    # the truth table reads multi-value levels from the data: use the levels actually seen
    n_possible = int(np.prod([max(2, d[c].max() + 1) for c in conds]))
    t = qca.diversity(truth_table(d, "Y", incl_cut=1)).iloc[0]
    g = d.groupby(conds)["Y"].nunique()
    assert t["n_observed"] == len(g) and t["n_possible"] == n_possible
    assert t["n_remainders"] == n_possible - len(g)
    assert t["n_contradictions"] == int((g > 1).sum()) and t["n_cases"] == n


@needs_ref
@pytest.mark.parametrize("key, dataset, outcome", [("LC_SURV", "LC", "SURV"), ("Krook_WNP", "Krook", "WNP")])
def test_diversity_observed_rows_match_r(key, dataset, outcome):
    r_rows = _expected()["truth_tables"][key]
    d = _ds(dataset)
    t = qca.diversity(truth_table(d, outcome, incl_cut=1)).iloc[0]
    assert t["n_observed"] == len(r_rows)
    assert t["n_possible"] == 2 ** (d.shape[1] - 1)


def test_models_table_analytic():
    tt = truth_table(_or_data().drop(index="d"), "Y", incl_cut=1)
    cons, pars = qca.models_table(minimize(tt)), qca.models_table(minimize(tt, include="?"))
    assert cons[["expression", "n_terms", "n_simplifying_assumptions"]].values.tolist() == [["A*~B + ~A*B", 2, 0]]
    # A + B covers the remainder A*B: one simplifying assumption
    assert pars[["expression", "n_terms", "n_simplifying_assumptions", "covS"]].values.tolist() == [["A + B", 2, 1, 1.0]]
    assert pars["n_easy_counterfactuals"].isna().all()
    with pytest.raises(ValueError, match="QCASolution"):
        qca.models_table(tt)


@needs_ref
@pytest.mark.parametrize("key", [k for k in SOLUTIONS if "parsimonious" in k])
def test_models_table_matches_r_and_brute_force(key):
    sol = _solve(key)
    t = qca.models_table(sol).set_index("model")
    r = _expected()["solutions"][key]["models"]
    assert sorted(r) == sorted(t.index)  # model ambiguity: same number of models as R
    for name, m in r.items():
        assert t.loc[name, ["inclS", "covS"]].tolist() == pytest.approx([m["inclS"], m["covS"]], abs=1e-6)
    full = truth_table(*(_ds(SOLUTIONS[key][0]), SOLUTIONS[key][1], SOLUTIONS[key][2]),
                       incl_cut=SOLUTIONS[key][3]).complete()
    conds = [c for c in full.columns if c not in ("OUT", "n", "incl", "PRI", "cases")]
    rem = full.loc[full["OUT"] == "?", conds]
    for name in t.index:  # remainders inside the model's expression, counted directly
        assert t.loc[name, "n_simplifying_assumptions"] == int((qca.membership(rem, t.loc[name, "expression"]) > 0.5).sum())


def test_models_table_of_chengdu_intermediate_counts_easy_counterfactuals():
    import govstudy

    ds = govstudy.load_chengdu()
    d = qca.mechanism_qca_data(ds)
    conds = [c for c in d.columns if c != "RESULTS"]
    tt = truth_table(d, "RESULTS", incl_cut=1)
    inter = minimize(tt, include="?", dir_exp=conds)
    t = qca.models_table(inter)
    assert len(t) == len(inter.models) and (t["solution"] == "intermediate").all()
    # the remainders inside an intermediate model are its easy counterfactuals, counted directly
    full = tt.complete()
    rem = full.loc[full["OUT"] == "?", conds]
    for _, r in t.iterrows():
        inside = rem[qca.membership(rem, r["expression"]) > 0.5]
        assert r["n_easy_counterfactuals"] == len(inside) == r["n_simplifying_assumptions"]


@needs_ref
@pytest.mark.parametrize("name", ["random_k08_noise00", "random_k10_noise00_n40"])
def test_iter_models_streams_every_model_r_lists(name):
    """R QCA could list all parsimonious models on these benchmark sets: the stream has exactly them."""
    data = pd.read_csv(REF / "bench" / f"{name}.csv")
    lines = (REF / "bench" / f"R_{name}_pars.txt").read_text().splitlines()
    r_models = {frozenset(t.strip() for t in line.split("+")) for line in lines if line.strip()}
    tt = truth_table(data, "Y", incl_cut=0.8)
    streamed = [frozenset(t.strip() for t in m.split("+")) for m in qca.iter_models(tt, include="?")]
    assert len(streamed) == len(set(streamed)) == len(r_models)
    assert set(streamed) == r_models
    assert sorted(qca.iter_models(tt, include="?")) == sorted(minimize(tt, include="?", max_models=10**6).models)


def test_iter_models_conservative_bad_input_and_time_limit():
    d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    tt = truth_table(d, "Y")
    assert list(qca.iter_models(tt, include="")) == minimize(tt).models == ["A"]
    with pytest.raises(ValueError, match="include must be"):
        next(qca.iter_models(tt, include="?,X"))
    with pytest.raises(ValueError, match="TruthTable"):
        next(qca.iter_models(d))
    with pytest.raises(ValueError, match="nothing to explain"):
        next(qca.iter_models(truth_table(d.assign(Y=0), "Y")))
    with pytest.raises(TimeoutError):
        next(qca.iter_models(tt, include="?", time_limit=-1))


def test_iter_models_progress_reports_the_root_branches(capsys):
    rng = np.random.default_rng(3)
    X = rng.integers(0, 2, size=(60, 8))
    d = pd.DataFrame(X, columns=list("ABCDEFGH"))
    d["Y"] = ((X[:, 0] & X[:, 1]) | (X[:, 2] & X[:, 3]) | (X[:, 4] & X[:, 5]) | X[:, 6] & X[:, 7]).astype(int)
    flip = rng.random(60) < 0.1
    d.loc[flip, "Y"] = 1 - d.loc[flip, "Y"]
    tt = truth_table(d, "Y", incl_cut=0.8)
    quiet = sorted(qca.iter_models(tt, include="?"))
    shown = sorted(qca.iter_models(tt, include="?", progress=True))
    assert shown == quiet
    # 7 PIs per model, so the root is an LP-bounded node with branches to report
    assert len(minimize(tt, include="?", first_min=True).models[0].split(" + ")) == 7
    assert sorted(minimize(tt, include="?", max_models=10**4).models) == quiet
    assert "root branches searched" in capsys.readouterr().err


def test_cover_search_root_progress_ends_complete():
    """The root's progress reaches its total even when an LP prunes the remaining branches together."""
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(20):
        chart = rng.random((20, 16)) < 0.18
        chart[np.arange(20), rng.integers(0, 16, 20)] = True
        size, _ = qca._min_cover_size(chart)
        if size < 3:
            continue
        search = qca._CoverSearch(chart, size)
        calls = []
        search.on_root = lambda done, total, calls=calls: calls.append((done, total))
        found = list(search.covers())
        assert found, "a minimum-size cover exists, so the search must find one"
        dones = [d for d, _ in calls]
        assert dones == sorted(dones) and calls[0][0] == 0
        assert calls[-1][0] == calls[-1][1] > 0
        checked += 1
    assert checked >= 10


def test_all_min_covers_with_subproblem_splits_equals_brute_force(monkeypatch):
    """Larger minima (4-7 PIs) make the search hand half-covered nodes to a fresh sub-search."""
    calls = []
    split = qca._CoverSearch._split

    def spy(self, *args, **kwargs):
        calls.append(args[2])
        yield from split(self, *args, **kwargs)

    monkeypatch.setattr(qca._CoverSearch, "_split", spy)
    rng = np.random.default_rng(99)
    for _ in range(12):
        nrow, npi = int(rng.integers(16, 24)), int(rng.integers(14, 19))
        chart = rng.random((nrow, npi)) < 0.15
        chart[np.arange(nrow), rng.integers(0, npi, nrow)] = True
        chart = np.column_stack([chart, chart[:, 2], chart[:, 3] & (rng.random(nrow) < 0.5)])
        size, _ = qca._min_cover_size(chart)
        m, brute = _brute_min_covers(chart)
        assert size == m
        got, complete = qca._all_min_covers(chart, size, max_models=None)
        assert complete and got == sorted(brute)
    assert len(calls) >= 5  # the split path ran (6 times with this seed)


# --------------------------------------------------------------------------
# presentation: to_frame() and summary()
# --------------------------------------------------------------------------
def _row_of(text, start):
    return next(x for x in text.splitlines() if x.startswith(start))


def test_truth_table_to_frame_and_summary_analytic():
    d = _or_data().rename(index={"d": "<b>"})
    tt = truth_table(d, "Y", incl_cut=1)
    pd.testing.assert_frame_equal(tt.to_frame(), tt.table)
    pd.testing.assert_frame_equal(tt.to_frame(complete=True), tt.complete())
    copy = tt.to_frame()
    copy.loc[1, "n"] = 99
    assert tt.table.loc[1, "n"] == 2
    s = tt.summary()
    text = s.as_text()
    assert "Truth table: Y" in text and "Conditions:         2 (A, B)" in text
    assert "4 in 3 configurations" in text and "3 of 4 observed (1 remainder)" in text
    assert "2 positive (1), 1 negative (0)" in text and "Contradictory rows: 1" in text
    # c (Y = 0) and <b> (Y = 1) share row 1: incl = PRI = 1/2
    assert _row_of(text, "  1  0  0").split() == ["1", "0", "0", "0", "2", "0.500", "0.500", "c,<b>"]
    assert "Contradictions: in row(s) 1 (c,<b>)" in text and "Limited diversity: 1 of 4" in text
    pd.testing.assert_frame_equal(s.tables[0][1], tt.table)
    html = s.as_html()
    assert "c,&lt;b&gt;" in html and "<b>" not in html


def test_truth_table_summary_names_cases_in_no_row_and_n_cut():
    d = pd.DataFrame({"A": [0.9, 0.8, 0.5, 0.2], "B": [0.7, 0.1, 0.9, 0.3], "Y": [0.9, 0.6, 0.4, 0.1]},
                     index=list("abcd"))
    with pytest.warns(UserWarning, match="exactly 0.5"):
        tt = truth_table(d, "Y", incl_cut=0.8, n_cut=2)
    text = str(tt.summary())
    assert "Sets:               2 fuzzy" in text and "n.cut = 2" in text
    assert "3 in 3 configurations (1 in no row)" in text and "3 below n.cut (?)" in text
    assert "belong to no row: c." in " ".join(text.split()) and "are coded '?'" in text


def test_solution_to_frame_and_summary_analytic():
    tt = truth_table(_or_data().drop(index="d"), "Y", incl_cut=1)
    sol = minimize(tt, include="?")
    pd.testing.assert_frame_equal(sol.to_frame(), sol.fit)
    s = sol.summary(outcome="Y")
    text = s.as_text()
    assert "Parsimonious solution: Y" in text and "M1:       A + B -> Y" in text
    # A and B each cover one of the two positive cases, uniquely; the model covers both
    assert _row_of(text, "A ").split() == ["A", "1.000", "1.000", "0.500", "0.500"]
    assert _row_of(text, "M1 ").split() == ["M1", "1.000", "1.000", "1.000", "1"]  # SA: the remainder A*B
    assert "Model ambiguity" not in text and "assumptions about configurations" in text
    # minimize records the truth table's outcome, so the lines name it without an argument
    assert sol.outcome == "Y" and "A + B -> Y" in sol.summary().as_text()
    sol.outcome = None
    assert _row_of(sol.summary().as_text(), "M1:").rstrip() == "M1:       A + B"
    cons = minimize(tt).summary().as_text()
    assert "Conservative solution" in cons and "A*~B + ~A*B" in cons and "assumptions about" not in cons


def test_solution_summary_with_ambiguity_and_a_stopped_enumeration():
    rows = [(0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 0)]
    d = pd.DataFrame(rows + [(0, 0, 0), (1, 1, 1)], columns=["A", "B", "C"])
    d["Y"] = [1] * 6 + [0, 0]
    s = minimize(truth_table(d, "Y")).summary(outcome="Y")
    text = s.as_text()
    assert "2 equally minimal" in text and "Essential: none" in text and "Model ambiguity: 2 models" in text
    terms = s.tables[0][1]
    assert list(terms.columns) == ["inclS", "PRI", "covS", "(M1)", "(M2)"]
    # ~A*B is in M1 only: blank under (M2)
    # each term of a model covers two of the six positive rows, none shared
    assert np.isnan(terms.loc["~A*B", "(M2)"]) and terms.loc["~A*B", "(M1)"] == pytest.approx(1 / 3)
    assert _row_of(text, "~A*B ").split() == ["~A*B", "1.000", "1.000", "0.333", "0.333"]
    capped = minimize(truth_table(d, "Y"), max_models=1).summary().as_text()
    assert "1 listed; the enumeration stopped" in capped and "iter_models()" in capped


def test_solution_summary_lists_many_models_long():
    names = [f"M{i}" for i in range(1, 8)]
    fit = pd.DataFrame([(n, t, k, 1.0, 1.0, 0.5, np.nan) for n in names for t, k in (("A", "term"), ("A", "model"))],
                       columns=["model", "term", "kind", "inclS", "PRI", "covS", "covU"])
    sol = qca.QCASolution(models=["A"] * 7, model_names=names, fit=fit, primes=["A"], pi_chart=pd.DataFrame(),
                          solution_type="conservative", essential=["A"])
    s = sol.summary()
    assert list(s.tables[0][1].columns) == ["model", "term", "inclS", "PRI", "covS", "covU"]
    assert len(s.tables[0][1]) == 7 and list(s.tables[1][1].index) == names


@needs_ref
def test_solution_summary_shows_r_figures_lf():
    sol = _solve("LF_parsimonious")
    text = sol.summary(outcome="SURV").as_text()
    # R QCA: M1: DEV*~IND + URB*STB -> SURV, with its pof table
    assert "M1:       DEV*~IND + URB*STB -> SURV" in text
    assert _row_of(text, "DEV*~IND ").split()[1:] == ["0.815", "0.721", "0.284", "0.194"]
    assert _row_of(text, "URB*STB ").split()[1:] == ["0.874", "0.845", "0.520", "0.430"]
    assert _row_of(text, "M1 ").split()[1:4] == ["0.850", "0.819", "0.714"]


@needs_ref
def test_solution_summary_unique_coverage_per_model_matches_r():
    sol = _solve("CVF_parsimonious")
    terms = sol.summary().tables[0][1]
    ref = _expected()["solutions"]["CVF_parsimonious"]["models"]
    assert [c for c in terms.columns if c.startswith("(")] == [f"({m})" for m in ref]
    for name, model in ref.items():
        for t in model["terms"]:
            assert terms.loc[t["term"], f"({name})"] == pytest.approx(t["covU"], abs=1e-6)
            assert terms.loc[t["term"], "covS"] == pytest.approx(t["covS"], abs=1e-6)
        assert terms[f"({name})"].notna().sum() == len(model["terms"])
