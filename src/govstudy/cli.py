"""Command line: ``govstudy report``, ``govstudy validate``, ``govstudy extract``.

Exit codes: 0 success, 1 problems found in the input, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The ``govstudy`` argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="govstudy",
        description="Compare models of urban community governance with honest statistics.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    rep = sub.add_parser("report", help="build the comparison report (HTML, CSV tables, figures)")
    rep.add_argument("--out", default="reports", help="output folder (default: reports)")
    rep.add_argument("--data", default=None, help="a dataset folder (default: the embedded Chengdu data)")
    rep.add_argument("--seed", type=int, default=20251, help="seed for every random draw (default: 20251)")
    rep.set_defaults(func=_cmd_report)

    val = sub.add_parser("validate", help="check a dataset folder; print file:row: field: problem")
    val.add_argument("path", nargs="?", default=None, help="dataset folder (default: the embedded data)")
    val.add_argument("--text-dir", default=None, help="folder with the source texts: check evidence and SHA-256")
    val.set_defaults(func=_cmd_validate)

    from .extract import add_extract_parser

    add_extract_parser(sub)
    from .corpus import add_corpus_parser

    add_corpus_parser(sub)
    return parser


def _cmd_validate(args) -> int:
    from .datasets import chengdu_path, validate_dataset

    path = Path(args.path) if args.path else chengdu_path()
    if args.text_dir is not None and not Path(args.text_dir).is_dir():
        print(f"govstudy validate: --text-dir {args.text_dir} is not a folder", file=sys.stderr)
        return 2
    problems = validate_dataset(path, text_dir=args.text_dir)
    for p in problems:
        print(p)
    if problems:
        print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    checked = " (evidence checked against the source text)" if args.text_dir else ""
    print(f"{path}: OK{checked}")
    return 0


def _cmd_report(args) -> int:
    from .datasets import DatasetError, load_dataset
    from .report import build_report, check_report_dataset

    ds = None
    if args.data is not None:
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
    build_report(args.out, ds, seed=args.seed)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``govstudy`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, ValueError) as err:  # bad input the checks could not name more precisely
        print(f"govstudy {args.command}: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
