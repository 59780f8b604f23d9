"""Command line: ``govstudy report``, ``govstudy validate``, ``govstudy extract``.

Exit codes: 0 success, 1 problems found in the input, 2 usage error or an
unexpected failure (one line; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main", "build_parser"]


def _version() -> str:
    from . import __version__

    return __version__


def build_parser() -> argparse.ArgumentParser:
    """The ``govstudy`` argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="govstudy",
        description="Compare models of urban community governance with honest statistics.",
    )
    parser.add_argument("--version", action="version", version=f"govstudy {_version()}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="build the comparison report (HTML, CSV tables, figures)")
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--data", default=None, help="a dataset folder (default: the embedded Chengdu data)")
    rep.add_argument("--seed", type=int, default=None, help="seed for every random draw (default: the report's own, govstudy.report.DEFAULT_SEED)")
    rep.set_defaults(func=_cmd_report)

    val = sub.add_parser("validate", help="check a dataset folder; print file:row: field: problem")
    val.add_argument("path", nargs="?", default=None, help="dataset folder (default: the embedded data)")
    val.add_argument("--text-dir", default=None,
                     help="folder with the source texts: check evidence and SHA-256 (default: PATH/texts if it exists)")
    val.add_argument("--encoding", default="utf-8",
                     help="encoding of the CSV files (default utf-8; gb18030 for Excel on Chinese Windows)")
    val.set_defaults(func=_cmd_validate)

    from .extract import add_extract_parser

    add_extract_parser(sub)
    from .corpus import add_corpus_parser

    add_corpus_parser(sub)
    return parser


def _cmd_validate(args) -> int:
    from .chengdu import chengdu_path
    from .datasets import validate_dataset

    path = Path(args.path) if args.path else chengdu_path()
    text_dir = args.text_dir
    if text_dir is None and (path / "texts").is_dir():
        text_dir = path / "texts"
    if text_dir is not None and not Path(text_dir).is_dir():
        print(f"govstudy validate: --text-dir {text_dir}: folder not found", file=sys.stderr)
        return 2
    problems = validate_dataset(path, text_dir=text_dir, encoding=args.encoding)
    for p in problems:
        print(p)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    import csv

    enc = "utf-8-sig" if args.encoding.lower().replace("-", "") == "utf8" else args.encoding
    with open(path / "sources.csv", encoding=enc, newline="") as f:
        rows = list(csv.DictReader(f))
    not_held = sum(1 for r in rows if (r.get("text_held") or "true").strip().lower() == "false")
    held = len(rows) - not_held
    unheld = (f"; {not_held} of {len(rows)} source(s) have no text held (URL and evidence phrases only): "
              "their evidence cannot be checked here" if not_held else "")
    if text_dir is not None:
        print(f"{path}: OK (evidence of {held} source(s) checked against the texts in {text_dir}{unheld})")
    else:
        print(f"{path}: OK (format, keys and intervals checked; evidence NOT checked against the source "
              f"texts: give --text-dir{unheld})")
    return 0


def _cmd_report(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # the CLI draws into files; the library never chooses a backend

    from .chengdu import load_chengdu
    from .datasets import DatasetError, load_dataset
    from .report import ReportError, build_report, check_report_dataset

    if args.data is None:
        ds = load_chengdu()
    else:
        try:
            ds = load_dataset(args.data)
        except DatasetError as err:
            print(f"govstudy report: {err}", file=sys.stderr)
            return 1
    problems = check_report_dataset(ds)
    if problems:
        print(f"govstudy report: {args.data}: the report cannot be built for this dataset:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    try:
        build_report(ds, args.out, **({} if args.seed is None else {"seed": args.seed}))
    except ReportError as err:
        print(f"govstudy report: {err}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``govstudy`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"govstudy {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one clear line; the traceback only on request
        if args.debug:
            raise
        if isinstance(err, (OSError, ValueError)):  # bad input the checks could not name more precisely
            print(f"govstudy {args.command}: error: {err}", file=sys.stderr)
            return 1
        print(f"govstudy {args.command}: unexpected error ({type(err).__name__}): {err} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
