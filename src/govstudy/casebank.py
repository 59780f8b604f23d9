"""The shipped case bank (``data/china_cases``): its loader and its reliability data.

Cases of three governance families beyond the Chengdu article, coded from
public reports whose texts are not held (URLs and short evidence phrases
only). Its models, labels and colours are data (``models.csv``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from .datasets import Dataset, load_dataset

__all__ = ["case_bank_path", "load_case_bank", "case_bank_recode", "FAMILY_DEFINING_MECHANISMS"]

#: Mechanisms that define a family (README, coding rule 9): their link with the family is true by
#: construction, so they are no QCA conditions for explaining family membership.
FAMILY_DEFINING_MECHANISMS: dict[str, tuple[str, ...]] = {
    "four_micro": ("micro_grid", "micro_wishes", "micro_projects"),
    "partner": ("partner_alliance", "individual_partners"),
    "acquaintance": ("neighbour_groups", "neighbourhood_events"),
}

_CACHE: dict[str, Dataset] = {}


def case_bank_path() -> Path:
    """Folder of the case bank inside the installed package.

    Examples
    --------
    >>> (case_bank_path() / "models.csv").is_file()
    True
    """
    return Path(str(resources.files("govstudy") / "data" / "china_cases"))


def load_case_bank() -> Dataset:
    """The case bank: named communities of three governance families from public reports.

    Returns
    -------
    Dataset
        A fresh copy (callers may modify its frames).

    Examples
    --------
    >>> ds = load_case_bank()
    >>> ds.model_ids
    ['acquaintance', 'four_micro', 'partner']
    >>> bool(ds.sources["url"].notna().all()) and not ds.sources["text_held"].any()
    True
    """
    key = str(case_bank_path())
    if key not in _CACHE:
        _CACHE[key] = load_dataset(case_bank_path())
    return _CACHE[key].copy()


def case_bank_recode() -> pd.DataFrame:
    """The independent re-coding of the mechanisms of a quarter of the cases (reliability check).

    ``present`` is ``true``, ``false`` or ``unavailable`` (the coder could not
    retrieve the source). Compare with :func:`govstudy.compare.coding_agreement`.

    Examples
    --------
    >>> r = case_bank_recode()
    >>> sorted(r["present"].unique())
    ['false', 'true', 'unavailable']
    """
    return pd.read_csv(case_bank_path() / "reliability" / "recode_independent.csv", dtype=str,
                       keep_default_na=False)
