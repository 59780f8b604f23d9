"""Benchmark of govstudy.qca.minimize on R QCA's random crisp benchmark sets.

Runs every ``../shared/reference/qca/bench/random_*.csv`` (outcome ``Y``,
incl_cut 0.8, parsimonious solution) and prints one line per set::

    <file> first_min_s=<s> all_models_s=<s|timeout> models=<n> [R_models=<n> same_as_R=<yes|no>]

``first_min_s``: truth table + prime implicants + one minimal model;
``all_models_s``: the same with every equally minimal model, streamed by
:func:`govstudy.qca.iter_models` and counted in ``models`` (stopped after
``--timeout`` seconds; ``models`` then counts those found so far). R's timings are in the README of the reference
folder (about 1 s for 10-14 conditions with 40 cases, 44-89 s for 12
conditions with 400 cases, > 150 s for 14 conditions with 1000 cases).
Usage: ``python benchmarks/bench_qca.py [--timeout 900] [--only k10]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from govstudy.qca import iter_models, minimize, truth_table

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "qca" / "bench"


def _r_models(path):
    f = BENCH / f"R_{path.stem}_pars.txt"
    if not f.exists():
        return None
    return {frozenset(t.strip() for t in line.split("+")) for line in f.read_text().splitlines() if line.strip()}


def _r_first(path):
    f = BENCH / f"R_{path.stem}_parsfirst.txt"
    if not f.exists():
        return None
    return frozenset(t.strip() for t in f.read_text().strip().split("+"))


def _warm_up():
    data = pd.DataFrame({"A": [0, 0, 1, 1], "B": [0, 1, 0, 1], "Y": [0, 1, 1, 1]})
    minimize(truth_table(data, "Y"), include="?")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per set for all-models enumeration")
    ap.add_argument("--only", default="", help="substring filter on file names")
    args = ap.parse_args(argv)
    if not BENCH.exists():
        print(f"benchmark data not found: {BENCH}", file=sys.stderr)
        return 1
    _warm_up()
    for path in sorted(BENCH.glob("random_*.csv")):
        if args.only not in path.name:
            continue
        data = pd.read_csv(path)
        t0 = time.perf_counter()
        tt = truth_table(data, "Y", incl_cut=0.8)
        minimize(tt, include="?", first_min=True)
        first = time.perf_counter() - t0
        ref = _r_models(path)  # R listed every model: compare the sets
        first_r = _r_first(path)  # R gave one minimal model: is it among ours, of the same size?
        t0 = time.perf_counter()
        n, models, first_found, sizes = 0, set(), False, set()
        try:
            tt = truth_table(data, "Y", incl_cut=0.8)
            for m in iter_models(tt, include="?", time_limit=args.timeout, progress=True):
                n += 1
                terms = frozenset(t.strip() for t in m.split("+"))
                sizes.add(len(terms))
                first_found = first_found or terms == first_r
                if ref is not None:
                    models.add(terms)
            all_s, complete = f"{time.perf_counter() - t0:.3f}", True
        except TimeoutError:
            all_s, complete = "timeout", False
        line = f"{path.name} first_min_s={first:.3f} all_models_s={all_s} models={n}"
        if ref is not None and complete:
            line += f" R_models={len(ref)} same_as_R={'yes' if ref == models else 'no'}"
        if first_r is not None and complete:
            same = sizes == {len(first_r)}
            line += f" R_first_min_in_models={'yes' if first_found else 'no'} same_size_as_R={'yes' if same else 'no'}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
