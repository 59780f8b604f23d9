"""How large is the search for every minimal model? A seeded estimate, not a run.

``govstudy.qca.iter_models`` is exact: a branch of its search is dropped only
when the covering LP proves it holds no cover of the minimal size. Where the
LP bound lies far below the minimum, the tree of unpruned nodes is too large
to walk. This script estimates its size with Knuth's (1975) estimator: each
probe walks from the root to a leaf, choosing one branch uniformly at random
at every node, and the product of the branching factors along the way is an
unbiased estimate of the number of nodes at that depth. Estimates of this
kind are heavy-tailed: few probes tend to *under*estimate.

Prints one line per benchmark set::

    <file> rows=<n> columns=<n> size=<n> lp=<x> probes=<n> est_lp_nodes=<x> max_depth=<d> seconds=<s>

``est_lp_nodes``: estimated number of nodes whose LP does not exceed
``size`` (each costs one LP solve) in the row-branching tree, with the
search's reduced-cost fixing (its sibling bound and sub-searches are not
modelled).
Usage: ``python benchmarks/qca_search_tree.py --only k14_noise05 [--probes 200] [--seed 1]``.

Reference: D. E. Knuth (1975), Estimating the efficiency of backtrack
programs, Mathematics of Computation 29(129), 121-136, doi:10.2307/2005469.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from govstudy import qca

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "qca" / "bench"


def _probe(search, h, status, rng):
    """One root-to-leaf walk; returns the estimated node counts per depth."""
    size, full = search.size, search.full
    covered, allowed, depth, weight = 0, (1 << search.ncls) - 1, 0, 1.0
    changed, counts = [], []
    try:
        while depth < size:
            h.run()
            if h.getModelStatus() != status.kOptimal:
                break
            obj = h.getInfo().objective_function_value
            if obj > size + 1e-6:
                break
            counts.append(weight)
            # reduced-cost fixing, as the search does
            for j in np.flatnonzero(np.asarray(h.getSolution().col_dual) > size - obj + 1e-7).tolist():
                if allowed >> j & 1:
                    allowed &= ~(1 << j)
                    h.changeColBounds(j, 0.0, 0.0)
                    changed.append(j)
            branches = qca._bits(search._fewest(full & ~covered, allowed))
            if not branches:
                break
            k = rng.randrange(len(branches))
            for q in branches[:k]:  # the candidates before the chosen one are excluded
                h.changeColBounds(q, 0.0, 0.0)
                changed.append(q)
            p = branches[k]
            h.changeColBounds(p, 1.0, 1.0)
            changed.append(p)
            allowed &= ~((1 << p) | sum(1 << q for q in branches[:k]))
            covered |= search.col_rows[p]
            weight *= len(branches)
            depth += 1
    finally:
        for j in changed:
            h.changeColBounds(j, 0.0, 1.0)
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="k14_noise05", help="substring filter on file names")
    ap.add_argument("--probes", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if not BENCH.exists():
        print(f"benchmark data not found: {BENCH}", file=sys.stderr)
        return 1
    for path in sorted(BENCH.glob("random_*.csv")):
        if args.only not in path.name:
            continue
        t0 = time.perf_counter()
        tt = qca.truth_table(pd.read_csv(path), "Y", incl_cut=0.8)
        _, search = qca._model_search(tt, "?", "qca_search_tree")  # the chart iter_models searches
        size = search.size
        h, status = search._lp()
        h.run()
        lp = h.getInfo().objective_function_value
        rng = random.Random(args.seed)
        total = np.zeros(size + 1)
        max_depth = 0
        for _ in range(args.probes):
            counts = _probe(search, h, status, rng)
            total[: len(counts)] += counts
            max_depth = max(max_depth, len(counts) - 1)
        est = total.sum() / args.probes
        print(
            f"{path.name} rows={search.nrow} columns={search.ncls} size={size} lp={lp:.2f} "
            f"probes={args.probes} est_lp_nodes={est:.3g} max_depth={max_depth} "
            f"seconds={time.perf_counter() - t0:.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
