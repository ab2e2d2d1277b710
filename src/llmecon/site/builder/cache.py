"""What a build may skip: content keys for notebooks, the code they import and the data they read.

A chapter re-executes only when its code cells, its parameters, the package modules it imports
(found by reading the imports, not by running them) or a data file it read last time changed; when
only its prose changed, its page is re-rendered with the outputs it has.
The manifest holds each document's key and reads; it is read once per build and written after
each stage.
"""

from __future__ import annotations

import ast
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import llmecon

PACKAGE_DIR = Path(llmecon.__file__).resolve().parent
SITE_KEY = "_site"  # manifest entry: hash of the staged sources the current site was rendered from


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_hash(folder: Path) -> str:
    """Content hash of every file under `folder` (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)  # every chapter imports core: each module is parsed once per build, not once per chapter
def _imported_modules(source: str, package: str, importer: str | None = None) -> frozenset[str]:
    """Names of the package's modules that `source` imports (absolute or relative), found without running it."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.split(".")[0] == package}
        elif isinstance(node, ast.ImportFrom):
            if node.level and importer:
                base = ".".join(importer.split(".")[:-node.level] + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == package:
                base = node.module
            else:
                continue
            names.add(base)
            # `from llmecon.core import charts` names a module; `from llmecon.core.data import x` names a function.
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return frozenset(names)


def code_modules(notebook: Path, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The package's module files a notebook imports, directly or through other modules."""
    package = package_dir.name
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]  # only the sources: no schema check
    sources = ("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
               for cell in cells if cell["cell_type"] == "code")
    # IPython magics and shell escapes are not Python: leave those lines out of the parse.
    code = "\n".join(line for source in sources for line in source.splitlines()
                     if not line.lstrip().startswith(("%", "!")))

    def module_file(name: str) -> Path | None:
        parts = name.split(".")[1:]
        for candidate in (package_dir.joinpath(*parts).with_suffix(".py"), package_dir.joinpath(*parts, "__init__.py")):
            if parts and candidate.is_file():
                return candidate
        return None

    seen: dict[str, Path] = {}
    queue = sorted(_imported_modules(code, package)) + [f"{package}.__init__"]
    while queue:
        name = queue.pop()
        path = package_dir / "__init__.py" if name == f"{package}.__init__" else module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        # Importing a.b.c runs the __init__ of every package on the way.
        queue.extend(".".join(name.split(".")[:i]) for i in range(2, len(name.split("."))))
        # Relative imports in a package's __init__ resolve against the package itself.
        importer = name if path.name != "__init__.py" or name.endswith(".__init__") else name + ".__init__"
        queue.extend(_imported_modules(path.read_text(encoding="utf-8"), package, importer))
    return sorted(set(seen.values()))


def code_fingerprint(notebook: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of the code a notebook runs. A chapter depends on the modules it imports, not the whole
    package: editing the importers, the PDF printer or the benchmark re-executes nothing."""
    digest = hashlib.sha256()
    for path in code_modules(notebook, package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_keys(notebook: Path, parameters: dict, extra: str = "") -> dict[str, str]:
    """What a document depends on, besides the data files it reads, as two keys:

    - "key": the whole notebook, for its page;
    - "execution_key": its outputs only: its code cells (source and tags, which say where parameters go and
      which cells may fail) and its kernel, not its prose, raw cells or other metadata. Editing only those
      re-renders the page with the outputs kept (`execute.with_new_prose`).
    Both also cover the parameters and the package code the notebook imports (hashed once for both).
    """
    raw = notebook.read_bytes()
    content = json.loads(raw)
    code = [("".join(cell["source"]), cell.get("metadata", {}).get("tags", []))
            for cell in content["cells"] if cell["cell_type"] == "code"]
    kernel = content.get("metadata", {}).get("kernelspec", {}).get("name")
    shared = json.dumps(parameters, sort_keys=True) + code_fingerprint(notebook) + extra

    def key(own: bytes) -> str:
        return hashlib.sha256(own + shared.encode()).hexdigest()

    return {"key": key(raw), "execution_key": key(json.dumps({"code": code, "kernel": kernel}).encode())}


class Manifest:
    """Keys, parameters, timings and data reads of the documents executed so far (OUT/executed/manifest.json)."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict = json.loads(path.read_text()) if path.exists() else {}

    def get(self, name: str) -> dict:
        return self.entries.get(name, {})

    def is_fresh(self, name: str, key: str, data_dir: Path, executed: Path, kind: str = "key") -> bool:
        """Whether the recorded `kind` of key ("key" for the whole page, "execution_key" for its outputs)
        still matches and every data file the document read last time is unchanged."""
        entry = self.entries.get(name)
        if not entry or entry.get(kind) != key or not executed.exists():
            return False
        for file_name, digest in entry.get("reads", {}).items():
            path = data_dir / file_name
            if not path.exists() or sha256_file(path) != digest:
                return False
        return True

    def record(self, name: str, entry: dict) -> None:
        self.entries[name] = entry

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True))
