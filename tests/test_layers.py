"""The package's layers import only downwards: core <- analysis; core <- importers <- site.

Read from the source with `ast` (nothing is imported), so a wrong import fails here even when no
chapter happens to run it.
"""

import ast
from pathlib import Path

import pytest

import llmecon

PACKAGE = Path(llmecon.__file__).resolve().parent
# What each layer may import from the package, besides itself and what the package root
# defines (`llmecon.project_dir`, which finds the project folder).
ROOT_NAMES = {"project_dir", "PROJECT_ENV", "PROJECT_MARKER", "ProjectNotFoundError"}
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
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([node.module] if node.module else [])
                )
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
        if target is None or target == layer or target in ROOT_NAMES or target in ALLOWED[layer]:
            continue
        wrong.add(name)
    assert not wrong, (
        f"{module} ({layer}) imports {sorted(wrong)}; {layer} may import only {sorted(ALLOWED[layer]) or 'itself'}"
    )


@pytest.mark.parametrize("path", sorted((PACKAGE / "analysis").glob("*.py")), ids=lambda p: p.name)
def test_chapter_modules_do_not_import_each_other(path):
    others = {f"llmecon.analysis.{p.stem}" for p in (PACKAGE / "analysis").glob("*.py")} - {
        f"llmecon.analysis.{path.stem}"
    }
    imported = {n for n in package_imports(path) if any(n == o or n.startswith(o + ".") for o in others)}
    assert not imported, f"{path.name} imports {sorted(imported)}: shared logic belongs in core"


def test_the_checker_sees_relative_imports(tmp_path):
    """A relative import across layers is caught too (the checker resolves it against the file's package)."""
    names = package_imports(PACKAGE / "core" / "charts.py")
    assert "llmecon.core.fmt" in names and "llmecon.core.data" in names


def test_the_project_folder_is_found_from_the_environment_the_working_folder_or_the_checkout(tmp_path, monkeypatch):
    project = tmp_path / "book"
    (project / "chapters").mkdir(parents=True)
    (project / "_toc.yml").write_text("root: index\n")
    monkeypatch.delenv(llmecon.PROJECT_ENV, raising=False)
    assert llmecon.project_dir(project / "chapters") == project  # from inside the project, upwards
    monkeypatch.chdir(project / "chapters")
    assert llmecon.project_dir() == project
    monkeypatch.setenv(llmecon.PROJECT_ENV, str(project))
    monkeypatch.chdir(tmp_path)
    assert llmecon.project_dir() == project
    monkeypatch.setenv(llmecon.PROJECT_ENV, str(tmp_path))
    with pytest.raises(llmecon.ProjectNotFoundError, match="has no _toc.yml"):
        llmecon.project_dir()
    # Outside any project, an installed copy of the package (not in a checkout) says how to name one.
    installed = tmp_path / "site-packages" / "llmecon"
    installed.mkdir(parents=True)
    monkeypatch.delenv(llmecon.PROJECT_ENV)
    monkeypatch.setattr(llmecon, "__file__", str(installed / "__init__.py"))
    with pytest.raises(llmecon.ProjectNotFoundError, match="--project DIR, or set LLMECON_PROJECT"):
        llmecon.project_dir(tmp_path)


def test_pyproject_declares_the_direct_dependencies_requirements_in_pins():
    import tomllib

    from packaging.requirements import Requirement

    def name(requirement: Requirement) -> str:
        return requirement.name.lower().replace("_", "-")

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    pinned = [
        Requirement(line)
        for line in (PACKAGE.parents[1] / "requirements.in").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(map(name, declared)) == sorted(map(name, pinned))
    versions = {name(r): next(iter(r.specifier)).version for r in pinned}
    for requirement in declared:
        assert requirement.specifier.contains(versions[name(requirement)]), (
            str(requirement),
            versions[name(requirement)],
        )


# The one private-looking name of another package the code may use: os._exit, documented for ending a forked child
# without running the parent's clean-up, and used only there.
FORKED_CHILD_EXITS = {("site/builder/zygote.py", "_become_kernel")}


def _foreign_private_uses(path: Path) -> list[str]:
    """Underscore names of other packages a module uses: attributes of names it imported from outside llmecon
    (`asyncio.events._set_running_loop`), names it imports (`from x import _y`), and methods of a foreign base
    class it overrides (`def _async_launch_kernel` in a subclass of jupyter_client's manager)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            foreign |= {(a.asname or a.name).split(".")[0] for a in node.names if not a.name.startswith("llmecon")}
        elif isinstance(node, ast.ImportFrom) and not node.level and not (node.module or "").startswith("llmecon"):
            foreign |= {a.asname or a.name for a in node.names}
            found = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if found and node.module != "__future__":
                return [f"from {node.module} import {', '.join(found)}"]
    private = lambda name: name.startswith("_") and not name.endswith("__")  # noqa: E731
    uses = []
    relative = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
    enclosing = {}  # node -> name of the innermost function around it (outer functions are walked first)
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        enclosing |= {id(node): function.name for node in ast.walk(function)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in foreign:
                where = (relative, enclosing.get(id(node), ""))
                if not (ast.unparse(node) == "os._exit" and where in FORKED_CHILD_EXITS):
                    uses.append(f"{ast.unparse(node)} (line {node.lineno})")
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        if any(isinstance(b, (ast.Name, ast.Attribute)) and ast.unparse(b).split(".")[0] in foreign for b in cls.bases):
            uses += [
                f"{cls.name}.{f.name} overrides a private method (line {f.lineno})"
                for f in cls.body
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and private(f.name)
            ]
    return sorted(set(uses))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_private_interface_of_another_package_is_used(path):
    assert _foreign_private_uses(path) == []


def test_the_private_interface_check_sees_what_the_build_once_used(tmp_path):
    module = tmp_path / "probe_private.py"
    module.write_text(
        "import asyncio, os\n"
        "from jupyter_client.manager import AsyncKernelManager\n"
        "def leave():\n    asyncio.events._set_running_loop(None)\n    os._exit(0)\n"
        "class Manager(AsyncKernelManager):\n    async def _async_launch_kernel(self, cmd, **kw):\n        pass\n"
    )
    assert _foreign_private_uses(module) == [
        "Manager._async_launch_kernel overrides a private method (line 7)",
        "asyncio.events._set_running_loop (line 4)",
        "os._exit (line 5)",
    ]
