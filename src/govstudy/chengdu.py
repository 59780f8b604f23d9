"""The shipped Chengdu dataset: its loader and nothing else.

Everything that belongs to this one dataset lives here: where its files are
and how to load them. Its models, labels and colours are data
(``data/models.csv``), not code; the analyses and the report never import
this module, so they work the same on any dataset.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .datasets import Dataset, load_dataset

__all__ = ["chengdu_path", "load_chengdu"]

_CACHE: dict[str, Dataset] = {}


def chengdu_path() -> Path:
    """Folder of the embedded Chengdu data inside the installed package.

    Examples
    --------
    >>> sorted(p.name for p in chengdu_path().glob("*.csv"))[:3]
    ['cases.csv', 'codebook.csv', 'indicators.csv']
    """
    return Path(str(resources.files("govstudy") / "data"))


def load_chengdu() -> Dataset:
    """The embedded Chengdu dataset (Huaxi Community News report).

    Three governance models: acquaintance-based (巷子树社区), four-micro
    (双福路社区) and partner-based (中和街道: 迎江, 领馆区1号小区, 府河, 新会,
    五根松). Each figure is an interval with its source span and evidence.

    Returns
    -------
    Dataset
        A fresh copy (callers may modify its frames).

    References
    ----------
    .. [1] 彭戎, 高昊焜, 冯涔, 朱佳慧. 破解“超大城市”治理难题的“成都样本”.
       华西社区报 (Huaxi Community News). No DOI; SHA-256 of the text in
       ``sources.csv``.

    Examples
    --------
    >>> ds = load_chengdu()
    >>> ds.cases.dropna(subset=["model"]).groupby("model", observed=True).size().to_dict()
    {'acquaintance': 1, 'four_micro': 1, 'partner': 5}
    >>> cols = ["lower", "upper", "lower_closed", "upper_closed"]
    >>> ds.indicators.loc[ds.indicators.evidence == "超85%", cols].to_dict("records")
    [{'lower': 85.0, 'upper': 100.0, 'lower_closed': False, 'upper_closed': True}]
    """
    key = str(chengdu_path())
    if key not in _CACHE:
        _CACHE[key] = load_dataset(chengdu_path())
    return _CACHE[key].copy()
