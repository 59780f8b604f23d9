"""Build the teaching lab's student notebook from the teacher's one source.

The source is the teacher's notebook, ``notebooks/solutions/06_teaching_lab_solutions.ipynb``:
every cell that holds a solution (a worked answer, the answer key, a note
for teachers) carries the cell tag ``solution``. This script

1. optionally executes the source in place (``--execute``, with
   ``jupyter nbconvert``), so outputs are fresh;
2. strips per-cell execution timestamps from it (``metadata.execution``,
   ``ExecuteTime``);
3. writes ``notebooks/06_teaching_lab.ipynb``: the same notebook without
   the ``solution`` cells, execution counts renumbered, outputs of the kept
   cells as executed in the source (the kept cells never use what a
   solution cell computed: nbval re-runs the student notebook and compares
   its checked outputs).

It refuses to write a student notebook that imports the answer key
(``govstudy.teaching.key`` or ``_answers``) or points at the solutions
folder. ``--check`` writes nothing and exits 1 when either committed
notebook is not what the build would write (for CI and tests).

Usage (from the repository root)::

    python tools/build_teaching_notebooks.py --execute   # after editing the source
    python tools/build_teaching_notebooks.py             # regenerate from the executed source
    python tools/build_teaching_notebooks.py --check
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "solutions" / "06_teaching_lab_solutions.ipynb"
STUDENT = ROOT / "notebooks" / "06_teaching_lab.ipynb"
TAG = "solution"
#: What a student notebook must never contain: the key module, the private key, the solutions folder.
FORBIDDEN = re.compile(r"teaching\.key\b|teaching import key\b|\b_answers\b|solutions/|\bsolution\(")


def load(path: Path) -> dict:
    """The notebook at ``path`` as a dict (nbformat 4 JSON)."""
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(nb: dict) -> str:
    """Notebook JSON as nbformat writes it (indent 1, sorted keys, UTF-8 kept)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def source_of(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def tags_of(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def strip_timestamps(nb: dict) -> dict:
    """A copy without per-cell execution timestamps (``execution``, ``ExecuteTime`` metadata)."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        meta.pop("ExecuteTime", None)
    return nb


def student_version(nb: dict) -> dict:
    """The notebook without cells tagged ``solution``; execution counts renumbered 1, 2, ...

    Raises
    ------
    ValueError
        When a kept cell names the answer key or the solutions folder.
    """
    out = strip_timestamps(nb)
    out["cells"] = [c for c in out["cells"] if TAG not in tags_of(c)]
    n = 0
    for i, cell in enumerate(out["cells"]):
        hit = FORBIDDEN.search(source_of(cell))
        if hit:
            raise ValueError(f"cell {i} of the student version contains {hit.group(0)!r} "
                             f"(tag it {TAG!r} or remove it):\n{source_of(cell)}")
        if cell["cell_type"] != "code":
            continue
        if cell.get("execution_count") is not None:
            n += 1
            cell["execution_count"] = n
            for o in cell.get("outputs", []):
                if o.get("output_type") == "execute_result":
                    o["execution_count"] = n
    return out


def execute(path: Path) -> None:
    """Execute ``path`` in place with the ``jupyter`` next to this Python."""
    jupyter = Path(sys.executable).with_name("jupyter")
    cmd = [str(jupyter) if jupyter.exists() else "jupyter", "nbconvert", "--to", "notebook", "--execute",
           "--inplace", str(path)]
    subprocess.run(cmd, check=True, cwd=path.parent)


def build(source: Path = SOURCE, student: Path = STUDENT, *, check: bool = False) -> list[str]:
    """Write (or with ``check``, compare) the stripped source and the student notebook.

    Returns
    -------
    list of str
        The files that were (or, with ``check``, would be) changed.
    """
    nb = load(source)
    wanted = {source: dumps(strip_timestamps(nb)), student: dumps(student_version(nb))}
    changed = []
    for path, text in wanted.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--execute", action="store_true", help="execute the teacher's source notebook first")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is out of date")
    args = ap.parse_args(argv)
    if args.execute and args.check:
        ap.error("--execute and --check exclude each other")
    if args.execute:
        execute(SOURCE)
    changed = build(check=args.check)
    if args.check:
        for c in changed:
            print(f"out of date: {c} (run python tools/build_teaching_notebooks.py)", file=sys.stderr)
        return 1 if changed else 0
    for c in changed:
        print(f"wrote {c}")
    if not changed:
        print("up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
