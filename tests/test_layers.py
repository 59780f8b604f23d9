"""The architecture holds: layers point one way, no cycles, no shipped dataset inside the methods.

cli → report → plots → analyses → shipped-dataset loaders → datasets → intervals.
An import inside a function counts like one at the top of a module.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "src" / "govstudy"

#: Layers from the top; a module may import only from its own layer or below.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"cli"}),
    frozenset({"report"}),
    frozenset({"plots", "teaching"}),
    frozenset({"comparability", "uncertainty", "corpus"}),
    frozenset({"composite", "compare", "design", "simulate", "qca", "extract"}),
    frozenset({"chengdu", "casebank"}),
    frozenset({"datasets"}),
    frozenset({"intervals", "_summary", "_extract_lexicon", "_progress", "_gcpause", "_dask"}),
)
#: Analyses may not import the shipped datasets' own modules (examples in docstrings may use them).
ANALYSES = frozenset({"comparability", "uncertainty", "corpus", "composite", "compare", "design", "simulate",
                      "qca", "extract", "plots", "teaching", "report", "datasets", "intervals", "_summary",
                      "_progress", "_dask", "_gcpause"})
SHIPPED = frozenset({"chengdu", "casebank"})
#: Words that belong to the shipped Chengdu dataset only.
CHENGDU_WORDS = ("Chengdu", "成都", "巷子树", "双福路", "中和街道", "迎江", "领馆区", "府河", "新会", "五根松",
                 "acquaintance", "four_micro", "'partner'", '"partner"')


def _top(module: str) -> str:
    return module.split(".")[0]


def _modules() -> dict[str, pathlib.Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        rel = p.relative_to(ROOT).with_suffix("")
        parts = [x for x in rel.parts if x != "__init__"]
        if parts:
            out[".".join(parts)] = p
    return out


def _imports(path: pathlib.Path, module: str) -> set[str]:
    """govstudy modules imported by ``path`` (top-level names: ``report``, ``plots`` …)."""
    pkg = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1] if node.level > 1 else pkg
                target = base + ([node.module] if node.module else [])
                names = [".".join(target + [a.name]) for a in node.names] if not node.module else [".".join(target)]
            elif (node.module or "").startswith("govstudy"):
                rest = node.module.split(".")[1:]
                names = [".".join(rest)] if rest else [a.name for a in node.names]
            else:
                continue
            found |= {n for n in names if n}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".", 1)[1] for a in node.names if a.name.startswith("govstudy.")}
    return {_top(n) for n in found}


def _layer(name: str) -> int:
    for i, layer in enumerate(LAYERS):
        if name in layer:
            return i
    raise AssertionError(f"module {name!r} is in no layer of tests/test_layers.py: add it")


def _graph() -> dict[str, set[str]]:
    g: dict[str, set[str]] = {}
    for module, path in _modules().items():
        g.setdefault(_top(module), set()).update(d for d in _imports(path, module) if d != _top(module))
    return g


def test_every_module_is_in_a_layer():
    for name in _graph():
        _layer(name)


def test_layers_point_one_way():
    bad = [f"{a} imports {b}" for a, deps in _graph().items() for b in deps
           if b in {n for layer in LAYERS for n in layer} and _layer(b) < _layer(a)]
    assert bad == []


def test_no_import_cycle():
    g = _graph()

    def reach(a, b, seen):
        return any(d == b or (d not in seen and not seen.add(d) and reach(d, b, seen)) for d in g.get(a, ()))

    cycles = sorted({tuple(sorted((a, b))) for a in g for b in g[a] if reach(b, a, set())})
    assert cycles == []


def test_the_checks_can_fail():
    # a fabricated upward import and a cycle are caught by the same code
    g = {"datasets": {"report"}, "report": {"datasets"}}
    assert _layer("datasets") > _layer("report")
    assert any(b for a, deps in g.items() for b in deps if _layer(b) < _layer(a))


def _code_strings(path: pathlib.Path) -> list[str]:
    """String constants and names in code, docstrings and comments excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            d = ast.get_docstring(node, clean=False)
            if d is not None and node.body and isinstance(node.body[0], ast.Expr):
                docs.add(id(node.body[0].value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            out.append(repr(node.value))
        elif isinstance(node, ast.Name):
            out.append(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out.append(node.name)
    return out


@pytest.mark.parametrize("module", sorted(m for m in _modules() if _top(m) in ANALYSES))
def test_no_shipped_dataset_in_the_methods(module):
    path = _modules()[module]
    assert not (_imports(path, module) & SHIPPED), f"{module} imports a shipped dataset's module"
    hits = [s for s in _code_strings(path) for w in CHENGDU_WORDS if w.lower() in s.lower()]
    assert hits == [], f"{module} names the shipped dataset in its code: {hits[:5]}"
