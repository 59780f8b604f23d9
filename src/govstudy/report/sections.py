"""The sections of the report: ordinary functions ``section(ds, *, seed) -> Section``.

Every sentence is computed from the dataset the section describes: which
indicators are comparable, which model's interval lies above which, what the
rank intervals and Sobol' indices say, which comparisons are refused and why.
A section that cannot be computed for a dataset raises ``ValueError`` with
the reason; :func:`govstudy.report.build_report` then keeps it on the page
with that reason.
"""

from __future__ import annotations

import html as _html

import numpy as np
import pandas as pd

from .. import comparability as CM
from .. import plots
from .. import qca as Q
from .. import uncertainty as U
from ..datasets import Dataset, comparability_matrix, figures_table
from ..design import sample_size_table
from ._render import Section

__all__ = [
    "dataset_section",
    "figures_section",
    "comparison_section",
    "limits_section",
    "qca_section",
    "DEFAULT_SECTIONS",
    "QCA_TIME_LIMIT",
    "DEFAULT_SEED",
    "UNCERTAINTY_RUNS",
    "SOBOL_N",
    "QCA_MAX_CONDITIONS",
    "QCA_MAX_MODELS",
]

#: Seed of every random draw of the report unless the caller gives one (``build_report``, ``govstudy report``).
DEFAULT_SEED: int = 20251
#: Monte Carlo runs of the index's uncertainty analysis, and Sobol' base sample size.
UNCERTAINTY_RUNS: int = 2000
SOBOL_N: int = 256
#: Seconds the QCA section may spend on each solution.
QCA_TIME_LIMIT: float = 20.0
#: Equally minimal models at most listed per QCA solution in the report (the fit of each is computed).
QCA_MAX_MODELS: int = 20
#: Conditions at most in the report's QCA (2**12 = 4096 configurations).
QCA_MAX_CONDITIONS: int = 12
#: Cases at most drawn one per row in a figure; larger datasets are summarised.
_MAX_FIGURE_ROWS = 60

esc = _html.escape


def _join(items, last: str = "and") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _label(ds: Dataset, model: str) -> str:
    return ds.model_labels.get(model, model)


def _ind_label(ds: Dataset, code: str) -> str:
    return plots.indicator_label(code, ds.codebook)


# --------------------------------------------------------------------------- dataset
def dataset_section(ds: Dataset, *, seed: int = 0) -> Section:
    """Dataset and provenance: cases, figures with their intervals, what is reported where."""
    cases = ds.cases.copy()
    cases["model"] = cases["model"].astype(object).fillna("")
    held = int(ds.sources["text_held"].sum()) if "text_held" in ds.sources else len(ds.sources)
    n_src = len(ds.sources)
    spans = ("each kept as an interval with its character span in the source and a short evidence phrase"
             if held == n_src else
             f"each kept as an interval with a short verbatim evidence phrase; {held} of {n_src} source "
             "texts are held, so only their figures carry character spans that can be checked")
    html = (
        f"<p>{len(ds.indicators)} figures from {n_src} source(s), {spans}. A qualifier such as "
        "余 (more than), 超 (above) or 近 (nearly) becomes an interval; see <code>data/README.md</code> "
        "for the conventions. A blank in the mechanisms or figures means <em>not reported</em>, not zero "
        "or absent.</p>"
    )
    fig = figures_table(ds)
    page_cols = ["model", "name_zh", "label_en", "interval", "evidence", "unit", "period"]
    tables = {
        "cases": cases,
        "figures": fig,
        "comparability": comparability_matrix(ds).reset_index(),
        "mechanisms": ds.mechanisms.loc[ds.mechanisms["present"]].drop(columns=["note"]),
    }
    captions = {
        "cases": "Cases and the units they belong to",
        "figures": "Every stated figure with its interval and evidence (the CSV has every column)",
        "comparability": "Which indicator is reported for which case",
        "mechanisms": "Mechanisms the sources describe, with evidence",
    }
    return Section(key="dataset", title="Dataset and provenance", html=html, tables=tables, captions=captions,
                   page_columns={"figures": page_cols})


# --------------------------------------------------------------------------- figures
def figures_section(ds: Dataset, *, seed: int = 0) -> Section:
    """Every figure as an interval, and which indicator and mechanism is reported where."""
    ind = ds.indicators
    figures, captions = {}, {}
    n_cases = int(ds.cases["model"].notna().sum())
    if len(ind) and len(ind) <= _MAX_FIGURE_ROWS:
        figures["intervals"] = plots.interval_dotplot(ind, cases=ds.cases, codebook=ds.codebook,
                                                      models=ds.models).figure
        captions["intervals"] = "Every stated figure on its own row: a dot for an exact number, a bar for an interval"
        if (ind["value"] > 0).all():
            figures["intervals_relative"] = plots.interval_dotplot(
                ind, cases=ds.cases, codebook=ds.codebook, relative=True, models=ds.models,
                title="Width of each interval relative to the number as written").figure
            captions["intervals_relative"] = "Each interval divided by the number as written"
    if len(ind) and n_cases <= _MAX_FIGURE_ROWS:
        figures["comparability_indicators"] = plots.comparability_plot(
            ind, cases=ds.cases, codebook=ds.codebook, models=ds.models).figure
        captions["comparability_indicators"] = "Which indicator is reported for which case (colour = model)"
    if len(ds.mechanisms) and ds.mechanisms["present"].any() and n_cases <= _MAX_FIGURE_ROWS:
        figures["comparability_mechanisms"] = plots.comparability_plot(
            ds.mechanisms, cases=ds.cases, codebook=ds.codebook, models=ds.models).figure
        captions["comparability_mechanisms"] = "Which mechanism the sources describe for which case"
    n_models = ind.groupby("indicator", observed=True)["model"].nunique()
    shared = sorted(n_models[n_models >= 2].index)
    n_int = int(((ind["lower"] != ind["upper"]) | ~ind["lower_closed"] | ~ind["upper_closed"]).sum())
    n_inf = int((~np.isfinite(ind["upper"].to_numpy(dtype=float))).sum()) if len(ind) else 0
    shared_txt = _join(_ind_label(ds, i) for i in shared) if shared else "none"
    omitted = ""
    if len(ind) > _MAX_FIGURE_ROWS or n_cases > _MAX_FIGURE_ROWS:
        omitted = (f"<p>With {len(ind)} figures and {n_cases} cases, the one-row-per-item figures would "
                   f"be unreadable (more than {_MAX_FIGURE_ROWS} rows); the tables of the dataset section "
                   "and their CSV files hold the same information.</p>")
    text = (
        f"<p>{len(ind)} stated figures: {len(ind) - n_int} exact, {n_int} intervals "
        f"({n_inf} with no upper limit, e.g. 超过 “more than”). In the interval figure, filled ends are "
        "included in the interval and hollow ends excluded; rows mix units, so only positions along a "
        "row mean anything.</p>"
        "<p>A blank cell in the matrices means <em>not reported</em>, not zero or absent. Indicators "
        f"reported for more than one model: {esc(shared_txt)}.</p>" + omitted
    )
    return Section(key="figures", title="Figures at a glance: intervals and what is reported where",
                   html=text, figures=figures, captions=captions)


# --------------------------------------------------------------------------- comparison
def _ordering_sentence(ds: Dataset, code: str, t: pd.DataFrame) -> str:
    name = esc(_ind_label(ds, code))
    parts = [f"{esc(_label(ds, m))} {esc(r['interval'])}"
             + (f" (mean of {int(r['n_independent'])} cases)" if r["n_independent"] > 1 else "")
             for m, r in t.iterrows()]
    if (t["ordering"] == "overlaps").all():
        verdict = "the intervals overlap: no ordering can be read"
    else:
        ranked = t.loc[t["ordering"] != "overlaps"].copy()
        ranked["pos"] = ranked["ordering"].str.split(" ").str[0].astype(int)
        top = ranked.sort_values("pos")
        verdict = "ordered, highest first: " + " &gt; ".join(esc(_label(ds, m)) for m in top.index)
        if (t["ordering"] == "overlaps").any():
            verdict += "; the others overlap"
        if not top["all_cases"].all():
            verdict += " (for the means; some single cases overlap)"
    return f"<li>{name}: {_join(parts)} — {verdict}.</li>"


def comparison_section(ds: Dataset, *, seed: int = 0) -> Section:
    """Comparable indicators side by side, dimension scores, and a composite index under uncertainty."""
    comp = CM.comparable_indicators(ds)
    if comp.empty:
        raise ValueError("no indicator is reported for two or more models: there is nothing to compare")
    tables, captions = {"comparable_indicators": comp}, {"comparable_indicators": "Indicators reported for two or more models"}
    items = []
    for code in comp["indicator"]:
        t = CM.compare_indicator(ds, code)
        tables[f"compare_{code}"] = t.reset_index()
        captions[f"compare_{code}"] = f"{_ind_label(ds, code)}: the models side by side"
        items.append(_ordering_sentence(ds, code, t))
    tables["dimension_scores"] = CM.dimension_scores(ds)
    captions["dimension_scores"] = "Dimension scores per model (min-max among reporting models, as intervals)"
    imp = CM.impossible_comparisons(ds)
    refused = imp[~imp["possible"]].drop(columns="possible")
    tables["impossible_comparisons"] = refused
    captions["impossible_comparisons"] = "Comparisons per resident, km² or year that cannot be made, and why"
    possible_per = imp[imp["possible"] & (imp["per"] != "as stated")]
    per_txt = (f"{len(possible_per)} comparison(s) per resident, km² or year can be made "
               f"({esc(_join(f'{_ind_label(ds, r.indicator)} per {r.per}' for r in possible_per.itertuples()))}); "
               if len(possible_per) else "No figure can be compared per resident, km² or year; ")
    html = (
        f"<p>{len(comp)} indicator(s) are reported for two or more models. Side by side (several cases of "
        "a model are summarised by the interval of their mean; units nested in another reporting unit are "
        f"not counted twice):</p><ul>{''.join(items)}</ul>"
        f"<p>{per_txt}{len(refused)} such comparison(s) are refused, with the reason in the table below.</p>"
    )
    figures = {}
    try:
        data, fw, factors, config = CM.model_uncertainty_factors(ds)
        ua = U.uncertainty_analysis(data, fw, factors, n=UNCERTAINTY_RUNS, config=config, seed=seed, progress=False)
        sa = U.sensitivity_analysis(data, fw, factors, n=SOBOL_N, config=config, seed=seed,
                                    target="mean_abs_rank_change", progress=False)
    except ValueError as err:
        html += f"<p class='refused'><strong>Composite index not computed:</strong> {esc(str(err))}</p>"
        return Section(key="composite", title="Comparing the models: indicators, intervals, uncertainty",
                       html=html, tables=tables, captions=captions)
    rs = ua.rank_stats.rename_axis("model")
    tables["rank_intervals"] = rs.reset_index()
    captions["rank_intervals"] = f"Rank of each model under the uncertain choices ({UNCERTAINTY_RUNS:,} runs)"
    tables["sobol_mean_abs_rank_change"] = sa.sensitivity
    captions["sobol_mean_abs_rank_change"] = "Sobol' indices: which choice moves the ranks"
    figures["rank_plot"] = plots.rank_uncertainty(
        rs.reset_index(), models=ds.models,
        title="Index over the models: rank intervals (observed data)").figure
    captions["rank_plot"] = ("Rank of each model: nominal (diamond), median (dot) and 5–95 % interval "
                                  f"(bar) over {UNCERTAINTY_RUNS:,} draws of values, normalisation, weights and "
                                  "aggregation")
    n_single = int((data.notna().sum() == 1).sum())
    lines = []
    for m, r in rs.iterrows():
        frac = r.get("frac_ranked", 1.0)
        if not (pd.notna(frac) and frac > 0):
            lines.append(f"<li>{esc(_label(ds, m))}: no score in any run.</li>")
            continue
        lo, hi = int(r["q05_rank"]), int(r["q95_rank"])
        span = f"rank {lo}" if lo == hi else f"ranks {lo}–{hi}"
        scored = "" if frac >= 1 else f"; scored in {frac:.0%} of runs only"
        lines.append(f"<li>{esc(_label(ds, m))}: {span} (5–95 %), median {r['median_rank']:g}{scored}.</li>")
    stable = bool(((rs["q05_rank"] == rs["q95_rank"]) & (rs.get("frac_ranked", 1.0) >= 1)).all())
    sens = sa.sensitivity.dropna(subset=["ST"]).sort_values("ST", ascending=False)
    if sens.empty:
        sobol = "No choice changes the ranks in these runs (the Sobol' indices are undefined, not zero)."
    else:
        sobol = ("Total Sobol' indices of the mean absolute rank change: "
                 + _join(f"{esc(str(r.factor))} {r.ST:.2f}" for r in sens.itertuples())
                 + f". The largest share of the rank changes comes from {esc(str(sens.iloc[0]['factor']))}.")
    verdict = ("The ranking is the same in every run of this analysis." if stable else
               "No ranking of the models is supported: their rank intervals overlap or some are not scored "
               "in every run.")
    html += (
        f"<p>A composite index over the models uses {data.shape[1]} directional indicator(s), {n_single} of "
        "them reported for one model only, and varies the stated values inside their intervals, the "
        "normalisation, the weights and the aggregation:</p>"
        f"<ul>{''.join(lines)}</ul><p>{sobol} {verdict}</p>"
    )
    return Section(key="composite", title="Comparing the models: indicators, intervals, uncertainty",
                   html=html, tables=tables, figures=figures, captions=captions)


# --------------------------------------------------------------------------- limits
#: Planning assumptions of the design paragraph (inputs, not data).
DESIGN_ASSUMPTIONS = {"p1": 0.85, "p2": 0.75, "residents_per_community": 20, "icc": 0.05}


def limits_section(ds: Dataset, *, seed: int = 0) -> Section:
    """What the data can and cannot tell: every statistical comparison tried, and a study design."""
    att = CM.comparison_attempts(ds)
    first = att.loc[att["attempt"] == "all models, default statistics"].drop_duplicates("indicator")
    n_ind = len(first)
    n_models = len(ds.model_ids)
    counts = first["models"].str.split(", ").str.len()
    n_all = int((counts == n_models).sum())
    n_refused = int((first["outcome"] == "refused").sum())
    computed_all = att.loc[(att["attempt"] == "all models, default statistics") & (att["outcome"] == "computed")]
    pair = att.loc[att["attempt"] == "reporting models, permutation"]
    pair = pair.loc[pair["outcome"] == "computed"]
    html = (
        f"<p>The data hold {n_ind} indicator(s) reported for a case with a model; {n_all} of them for all "
        f"{n_models} models. Asked to compare all models on each indicator, "
        f"<code>govstudy.compare_models</code> computes {n_ind - n_refused} and refuses {n_refused} (the "
        "reason for each is in the table): a model without an observation cannot be compared, and one case "
        "per model cannot give an interval or a standardised effect size.</p>"
    )
    results = pd.concat([computed_all, pair], ignore_index=True)
    if len(results):
        sig = results.loc[results["p_val"] < 0.05]
        pmin = float(results["p_min"].min())
        lines = "".join(
            f"<li>{esc(_ind_label(ds, r.indicator))}: {esc(_label(ds, r.A))} vs {esc(_label(ds, r.B))}, "
            f"difference of means between {r.diff_low:g} and {r.diff_high:g}, exact p = {r.p_val:.3g} "
            f"(smallest attainable p = {r.p_min:.3g})</li>"
            for r in results.itertuples())
        html += (f"<p>Exact permutation tests where two or more models report an indicator "
                 f"({len(results)} pair(s); {len(sig)} with p &lt; 0.05; smallest attainable p over all pairs "
                 f"{pmin:.3g}):</p><ul>{lines}</ul>"
                 "<p>Figures are counts for units of different size, not rates, and a difference between a "
                 "few communities is not a difference between models.</p>")
    else:
        html += "<p>No indicator is reported by two models, so no test between models can be computed.</p>"
    a = DESIGN_ASSUMPTIONS
    design = pd.concat(
        [sample_size_table("two_proportions", p1=a["p1"], p2=a["p2"], residents_per_community=[20, 50],
                           icc=[0.02, 0.05, 0.10]),
         sample_size_table("anova", f=0.25, residents_per_community=[20, 50], icc=[0.02, 0.05, 0.10])],
        ignore_index=True)
    row = design.loc[(design["test"] == "two_proportions")
                     & (design["residents_per_community"] == a["residents_per_community"])
                     & (design["icc"] == a["icc"])].iloc[0]
    html += (
        "<p><strong>What a study that could rank the models would need</strong> (planning assumptions, not "
        f"data): to detect satisfaction of {a['p1']:.0%} vs {a['p2']:.0%} between two models with "
        f"{a['residents_per_community']} residents surveyed per community and an intra-class correlation of "
        f"{a['icc']:g}, about {int(row.communities_per_arm)} communities per model "
        f"({int(row.total_residents)} residents for the two models); the table gives other designs, the "
        "figure power against communities per model.</p>"
    )
    ax = plots.power_curve("two_proportions", p1=a["p1"], p2=a["p2"],
                           residents_per_community=a["residents_per_community"],
                           icc=[0.0, 0.02, 0.05, 0.10], communities=range(2, 61))
    return Section(
        key="compare", title="What these data can and cannot tell", html=html,
        tables={"attempts": att, "design": design}, figures={"power_curve": ax.figure},
        captions={"attempts": "Every comparison of the models tried, computed or refused, with the reason",
                  "design": "Communities and residents needed per model (planning assumptions)",
                  "power_curve": "Power against communities per model, one line per intra-class correlation"},
    )


# --------------------------------------------------------------------------- QCA
def qca_section(ds: Dataset, *, seed: int = 0) -> Section:
    """Configurations of reported mechanisms and reported results (crisp-set QCA)."""
    min_cases = 2
    data = Q.mechanism_qca_data(ds, min_cases=min_cases)
    while data.shape[1] - 1 > QCA_MAX_CONDITIONS:  # keep the search bounded and the table readable
        min_cases += 1
        data = Q.mechanism_qca_data(ds, min_cases=min_cases)
    conds = [c for c in data.columns if c != "RESULTS"]
    if data["RESULTS"].nunique() < 2:
        state = "reports" if data["RESULTS"].iloc[0] == 1 else "does not report"
        raise ValueError(f"every case {state} a measured result: the outcome does not vary, so there is "
                         "no configuration to compare")
    tt = Q.truth_table(data, "RESULTS", conds)
    nec = Q.necessity(data, "RESULTS", conds)
    try:
        cons = Q.minimize(tt, time_limit=QCA_TIME_LIMIT, max_models=QCA_MAX_MODELS)
    except TimeoutError as err:
        raise ValueError(f"the conservative solution was not found within {QCA_TIME_LIMIT:g} s, the limit of "
                         f"the report ({err}); govstudy.qca.minimize without a limit finds it") from err
    try:
        pars = Q.minimize(tt, include="?", time_limit=QCA_TIME_LIMIT, max_models=QCA_MAX_MODELS)
    except TimeoutError:
        pars = None
    div = Q.diversity(tt).iloc[0]
    n_conf, n_obs = int(div["n_possible"]), int(div["n_observed"])
    sols = [cons.fit.assign(solution="conservative")]
    if pars is not None:
        sols.append(pars.fit.assign(solution="parsimonious"))
    fit = pd.concat(sols, ignore_index=True)
    parent = dict(zip(ds.cases["case_id"].astype(str), ds.cases["parent_id"].astype(object)))
    nested = [(c, parent[c]) for c in data.index if isinstance(parent.get(c), str) and parent[c] in data.index]
    nested_txt = ("" if not nested else
                  " " + _join(f"{esc(plots.case_label(c, ds.cases))} lies inside "
                              f"{esc(plots.case_label(p, ds.cases))}" for c, p in nested)
                  + ", so these cases are not independent.")
    if pars is None:
        pars_txt = (f"The parsimonious solution was not found within {QCA_TIME_LIMIT:g} s (a limit of the "
                    "report; <code>govstudy.qca.minimize</code> without it finds it).")
    else:
        more = "" if pars.complete else f" (the listing stopped: {esc(pars.message)})"
        sa_rows = {m: len(d) for m, d in pars.simplifying_assumptions.items()}
        pars_txt = (f"The parsimonious solution has {len(pars.models)} equally minimal model(s){more}, each "
                    "resting on simplifying assumptions about unobserved configurations ("
                    + esc(", ".join(f"{k}: {v} remainders" for k, v in list(sa_rows.items())[:5])) + ").")
    per_model = data.join(ds.cases.set_index("case_id")["model"].astype(str)).groupby("model").size()
    singles = [m for m, n in per_model.items() if n == 1]
    caution = ("" if not singles else
               f" {esc(_join(_label(ds, m) for m in singles))} {'has' if len(singles) == 1 else 'have'} a single "
               "case, so nothing here separates a model from one community's circumstances.")
    html = (
        f"<p>Crisp-set QCA of the {len(data)} cases that have a governance model. Conditions: the "
        f"{len(conds)} mechanisms reported for at least {min_cases} cases ({esc(', '.join(conds))}"
        f"{'' if min_cases == 2 else f'; the smallest such threshold giving at most {QCA_MAX_CONDITIONS} conditions'}"
        "), coded 1 when the "
        "source reports the mechanism and 0 when it does not mention it (not reported is not the same as "
        "absent). Outcome RESULTS = 1 when the source gives at least one measured figure in the codebook "
        f"dimensions {esc(_join(Q.RESULT_DIMENSIONS, 'or'))} for the case.{nested_txt}</p>"
        f"<p>Limited diversity: {n_obs} observed configurations out of {n_conf} possible; "
        f"{n_conf - n_obs} are logical remainders. The conservative solution (no remainders) has "
        f"{len(cons.models)} model(s)"
        f"{'' if cons.complete else f' (the report lists at most {QCA_MAX_MODELS}: {esc(cons.message)})'}. {pars_txt} These describe which reported mechanisms co-occur with "
        f"reported results in these sources, not causal findings.{caution}</p>"
    )
    figures, captions = {}, {}
    best = pars if pars is not None else cons
    if best.models and len(data) <= _MAX_FIGURE_ROWS * 5:
        xy = pd.DataFrame({"case_id": data.index,
                           "X": Q.membership(data[conds], best.models[0]),
                           "RESULTS": data["RESULTS"].to_numpy(dtype=float)})
        xy["model"] = xy["case_id"].map(ds.cases.set_index("case_id")["model"].astype(str))
        ax = plots.qca_xy_plot(xy, "X", "RESULTS", cases=ds.cases, models=ds.models,
                               annotate=len(xy) <= _MAX_FIGURE_ROWS,
                               xlabel=f"membership in {best.solution_type} M1: {best.models[0]}")
        figures["xy_M1"] = ax.figure
        captions["xy_M1"] = f"Cases by membership in the first {best.solution_type} model and in RESULTS"
    return Section(
        key="qca", title="Configurations of mechanisms (QCA)", html=html, figures=figures,
        tables={"data": data.reset_index(), "truth_table": tt.table.reset_index(), "necessity": nec,
                "solutions": fit},
        captions={"data": "Conditions and outcome per case", "truth_table": "Truth table",
                  "necessity": "Necessity of each condition", "solutions": "Solutions and their fit", **captions},
    )


#: The report's sections, in page order.
DEFAULT_SECTIONS = (dataset_section, figures_section, comparison_section, limits_section, qca_section)
