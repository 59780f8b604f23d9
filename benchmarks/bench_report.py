"""Benchmark: the report on a large valid SYNTHETIC dataset (issue: every section bounded).

Writes a seeded synthetic dataset (``govstudy.simulate_dataset``: 3 models, N cases in all,
8 indicators, 12 mechanisms) and builds the full report on it, in this process, measuring wall time
and peak memory (``resource.getrusage`` max RSS, which includes the interpreter and libraries).

Usage: ``python benchmarks/bench_report.py [N]`` (default N = 1000). Prints one line per section
(from the report's own progress) and last ``report_cases=N seconds=S peak_rss_mb=M``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from govstudy.datasets import load_dataset  # noqa: E402
from govstudy.report import build_report  # noqa: E402
from govstudy.simulate import simulate_dataset  # noqa: E402


def main(n: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        per = [n // 3 + (1 if i < n % 3 else 0) for i in range(3)]
        path = simulate_dataset(Path(tmp) / "data", models=("model_a", "model_b", "model_c"), cases_per_model=per,
                                indicators=8, mechanisms=12, p_report=0.5, seed=2026)
        t0 = time.perf_counter()
        ds = load_dataset(path)
        build_report(ds, Path(tmp) / "report", seed=1)
        seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"report_cases={n} seconds={seconds:.1f} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
