"""Benchmark of govstudy.qca.minimize on R QCA's random crisp benchmark sets.

Runs every ``../shared/reference/qca/bench/random_*.csv`` (outcome ``Y``,
incl_cut 0.8, parsimonious solution) and prints one line per set::

    <file> first_min_s=<s> all_models_s=<s|timeout> models=<n> [R_models=<n> same_as_R=<yes|no>]

``first_min_s``: truth table + prime implicants + one minimal model;
``all_models_s``: the same with every equally minimal model (stopped after
``--timeout`` seconds). R's timings are in the README of the reference
folder (about 1 s for 10-14 conditions with 40 cases, 44-89 s for 12
conditions with 400 cases, > 150 s for 14 conditions with 1000 cases).
Usage: ``python benchmarks/bench_qca.py [--timeout 120] [--only k10]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from govstudy.qca import minimize, truth_table

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
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per set for all-models enumeration")
    ap.add_argument("--only", default="", help="substring filter on file names")
    ap.add_argument("--max-models", type=int, default=100000)
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
        t0 = time.perf_counter()
        try:
            tt = truth_table(data, "Y", incl_cut=0.8)
            sol = minimize(tt, include="?", max_models=args.max_models, time_limit=args.timeout)
            elapsed = time.perf_counter() - t0
            all_s = f"{elapsed:.3f}" if sol.complete else "timeout"
            n = len(sol.models)
            models = {frozenset(t.strip() for t in m.split("+")) for m in sol.models}
        except TimeoutError:
            all_s, n, models = "timeout", 0, None
        line = f"{path.name} first_min_s={first:.3f} all_models_s={all_s} models={n}"
        ref = _r_models(path)
        if ref is not None and models is not None:
            line += f" R_models={len(ref)} same_as_R={'yes' if ref == models else 'no'}"
        first_r = _r_first(path)
        if first_r is not None and models is not None:
            size_ok = all(len(m) == len(first_r) for m in models)
            line += f" R_first_min_in_models={'yes' if first_r in models else 'no'} same_size_as_R={'yes' if size_ok else 'no'}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
