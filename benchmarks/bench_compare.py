"""Performance targets for govstudy.compare and govstudy.simulate.

Run: ``.venv/bin/python benchmarks/bench_compare.py`` (or ``make benchmarks``).
Exits non-zero when a target is missed. Targets are generous because the
machine may be shared.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from govstudy.compare import compare_models, permutation_anova
from govstudy.simulate import simulate_panel, twfe_did


def _long(groups):
    rows = [{"case_id": f"{g}{i}", "indicator": "x", "value": v, "model": g}
            for g, vals in groups.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows)


def _time(label, fn, target):
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    ok = dt <= target
    print(f"{label:<58} {dt:7.2f} s  (target <= {target:g} s) {'ok' if ok else 'MISSED'}")
    return ok, out


def main() -> int:
    rng = np.random.default_rng(0)
    d10 = _long({"a": rng.normal(0, 1, 10), "b": rng.normal(1, 1, 10)})
    d30 = _long({"a": rng.normal(0, 1, 30), "b": rng.normal(1, 1, 30)})
    d3 = _long({"a": rng.normal(0, 1, 4), "b": rng.normal(0, 1, 4), "c": rng.normal(1, 1, 5)})
    results = [
        _time("exact permutation, 10 vs 10 (184 756 relabellings)",
              lambda: compare_models(d10, "x", statistics=["permutation"]), 5),
        _time("Monte Carlo permutation + bootstrap, 30 vs 30 (9 999 each)",
              lambda: compare_models(d30, "x", statistics=["permutation", "bootstrap"], seed=1), 5),
        _time("exact permutation ANOVA, 4 + 4 + 5 (90 090 relabellings)",
              lambda: permutation_anova(d3, "x"), 5),
        _time("TWFE DiD on 200 synthetic panels (20 x 6)",
              lambda: [twfe_did(simulate_panel(20, 6, seed=s)) for s in range(200)], 20),
    ]
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
