"""The shipped case bank (data/china_cases): valid, sourced, as large as promised, its reliability table computed."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from govstudy.casebank import case_bank_path, case_bank_recode, load_case_bank
from govstudy.compare import coding_agreement
from govstudy.datasets import validate_dataset


@pytest.fixture(scope="module")
def ds():
    return load_case_bank()


def test_validates_and_says_the_texts_are_not_held(ds):
    assert validate_dataset(case_bank_path()) == []
    assert not ds.sources["text_held"].any() and not ds.synthetic
    assert ds.sources["url"].str.match(r"https?://").all()


def test_counts_the_issue_asks_for(ds):
    per_family = ds.cases.dropna(subset=["model"]).groupby("model", observed=True).size()
    assert per_family.min() >= 8 and per_family.sum() >= 24, per_family.to_dict()
    assert ds.sources["source_id"].nunique() >= 12
    named = ds.cases.dropna(subset=["model"])
    assert named["city"].notna().all() and named["practice_zh"].notna().all()
    assert not named["name_zh"].str.contains("某|[A-Z]社区|[A-Z]街道").any()  # no anonymised places


def test_every_figure_and_present_mechanism_has_a_short_verbatim_evidence(ds):
    ev = pd.concat([ds.indicators["evidence"], ds.mechanisms.loc[ds.mechanisms["present"], "evidence"]])
    assert ev.notna().all() and (ev.str.len() > 0).all()
    assert ev.str.len().max() <= 30  # a phrase, never a sentence (copyright)
    for r in ds.indicators.itertuples():  # the number as written is in its evidence
        digits = re.sub(r"\D", "", r.evidence)
        assert digits or any(c in r.evidence for c in "一二三四五六七八九十百千万两"), r


def test_the_readme_reliability_table_is_the_computed_one(ds):
    recode = case_bank_recode()
    t = coding_agreement(ds.mechanisms[ds.mechanisms["case_id"].isin(recode["case_id"])], recode)
    readme = (case_bank_path() / "README.md").read_text(encoding="utf-8")
    for r in t.itertuples():
        name = "**all (pooled)**" if r.mechanism == "all" else f"`{r.mechanism}`"
        kappa = "undefined (never coded present)" if r.kappa != r.kappa else f"{r.kappa:.2f}"
        assert f"| {name} | {kappa} | {r.agreement:.2f} | {r.n_cases} |" in readme, r.mechanism
    coded = set(recode.loc[recode["present"] != "unavailable", "case_id"])
    assert len(coded) * 4 >= len(ds.cases.dropna(subset=["model"]))  # at least a quarter of the cases
    assert f"**{len(coded)} of {len(ds.cases.dropna(subset=['model']))} cases**" in readme


def test_the_report_builds_on_the_case_bank(ds, tmp_path):
    from govstudy.report import build_report

    lines = []
    index = build_report(ds, tmp_path / "r", seed=1, progress=lines.append)
    page = index.read_text(encoding="utf-8")
    assert all("not computed" not in ln for ln in lines), lines
    for label in ds.model_labels.values():
        assert label in page
