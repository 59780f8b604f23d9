"""Wrong arguments to public functions raise TypeError/ValueError naming the argument (issue 17, item 13),
and the CLI turns an unexpected error into one line and exit code 2 (traceback only with --debug)."""

from __future__ import annotations

import pandas as pd
import pytest

import govstudy
from govstudy import cli
from govstudy import composite as C
from govstudy import qca as Q
from govstudy import uncertainty as U


@pytest.fixture(scope="module")
def index_inputs():
    fw = C.Framework.from_table(pd.DataFrame({"code": ["x", "y", "I"], "parent": ["I", "I", None],
                                              "level": [1, 1, 2], "direction": 1, "weight": 1.0}))
    d = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [4.0, 3, 2, 1.5]}, index=list("abcd"))
    return d, fw


def test_build_index_checks_data_and_weights(index_inputs):
    d, fw = index_inputs
    with pytest.raises(TypeError, match="build_index: data must be a DataFrame"):
        C.build_index(None, fw)
    with pytest.raises(TypeError, match="weights must be"):
        C.build_index(d, fw, weights=5)
    with pytest.raises(ValueError, match="finite and non-negative.*'x': -1.0"):
        C.build_index(d, fw, weights=pd.Series({"x": -1.0, "y": 1.0}))
    with pytest.raises(ValueError, match="not in the framework: \\['z'\\]"):
        C.build_index(d, fw, weights={"z": 1.0})
    # explicit valid weights still work and change the scores
    a = C.build_index(d, fw, weights={"x": 3.0, "y": 1.0}).scores["I"]
    b = C.build_index(d, fw).scores["I"]
    assert not a.equals(b)


def test_uncertainty_checks_runs_and_factors(index_inputs):
    d, fw = index_inputs
    noise = [U.WeightNoise(levels=[1], rel=0.5)]
    with pytest.raises(ValueError, match="n must be a whole number of runs >= 1, got 0"):
        U.uncertainty_analysis(d, fw, noise, n=0)
    with pytest.raises(ValueError, match="factors is empty"):
        U.sensitivity_analysis(d, fw, [], n=8)
    with pytest.raises(TypeError, match="factors must be a list"):
        U.uncertainty_analysis(d, fw, "weights", n=8)


def test_qca_checks_outcome_and_include():
    df = pd.DataFrame({"A": [1, 0], "Y": [1, 0]})
    with pytest.raises(TypeError, match="outcome must be a column name"):
        Q.truth_table(df, None)
    with pytest.raises(TypeError, match="include must be"):
        Q.minimize(Q.truth_table(df, "Y"), include=5)


def test_one_statistic_by_name_is_not_split_into_letters():
    ds = govstudy.load_chengdu()
    r = govstudy.compare_models(ds.indicators, "parking_spaces_added", groups=["acquaintance", "partner"],
                                statistics="permutation")
    assert "p_val" in r.columns and len(r) == 1


def test_cli_unexpected_error_is_one_line_exit_2_and_debug_shows_the_traceback(monkeypatch, capsys):
    def boom(args):
        raise KeyError("internal")

    monkeypatch.setattr(cli, "_cmd_validate", boom)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (KeyError)" in err and "--debug" in err
    assert "Traceback" not in err
    with pytest.raises(KeyError):
        cli.main(["--debug", "validate"])


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"govstudy {govstudy.__version__}"
