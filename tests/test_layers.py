"""The package's layers import only downwards: core <- analysis; core <- importers <- site.

Read from the source with `ast` (nothing is imported), so a wrong import fails here even when no
chapter happens to run it.
"""

import ast
from pathlib import Path

import pytest

import llmecon

PACKAGE = Path(llmecon.__file__).resolve().parent
# What each layer may import from the package, besides itself and the package root (`llmecon.PROJECT_DIR`).
ALLOWED = {
    "core": set(),
    "analysis": {"core"},
    "importers": {"core"},
    "site": {"core", "importers"},
}


def _layer_and_module(path: Path) -> tuple[str, str]:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0], ".".join(("llmecon", *parts))


def package_imports(path: Path) -> set[str]:
    """Absolute names of the llmecon modules a file imports (relative imports resolved)."""
    _, module = _layer_and_module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if path.name == "__init__.py":
        package = package.rpartition(".")[0] if package.endswith(".__init__") else package
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] == "llmecon"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "llmecon":
                base = node.module
            else:
                continue
            names |= {f"{base}.{a.name}" for a in node.names} | {base}
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def test_every_module_sits_in_a_layer():
    assert {p.relative_to(PACKAGE).parts[0] for p in MODULES} == set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down_the_layers(path):
    layer, module = _layer_and_module(path)
    wrong = set()
    for name in package_imports(path):
        parts = name.split(".")
        target = parts[1] if len(parts) > 1 else None
        if target is None or target == layer or target == "PROJECT_DIR" or target in ALLOWED[layer]:
            continue
        wrong.add(name)
    assert not wrong, f"{module} ({layer}) imports {sorted(wrong)}; {layer} may import only {sorted(ALLOWED[layer]) or 'itself'}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "analysis").glob("*.py")), ids=lambda p: p.name)
def test_chapter_modules_do_not_import_each_other(path):
    others = {f"llmecon.analysis.{p.stem}" for p in (PACKAGE / "analysis").glob("*.py")} - {f"llmecon.analysis.{path.stem}"}
    imported = {n for n in package_imports(path) if any(n == o or n.startswith(o + ".") for o in others)}
    assert not imported, f"{path.name} imports {sorted(imported)}: shared logic belongs in core"


def test_the_checker_sees_relative_imports(tmp_path):
    """A relative import across layers is caught too (the checker resolves it against the file's package)."""
    names = package_imports(PACKAGE / "core" / "charts.py")
    assert "llmecon.core.fmt" in names and "llmecon.core.data" in names
