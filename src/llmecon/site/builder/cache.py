"""What a build may skip: content keys for notebooks, the code they import and the data they read.

A chapter re-executes only when its code cells, its parameters, the package modules it imports
(found by reading the imports, not by running them), the environment (Python's version and the
locked packages) or a data file it read last time changed; when only its prose changed, its page
is re-rendered with the outputs it has.
The manifest holds each document's key and reads; it is read once per build and written (whole,
atomically) after each stage.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import llmecon
from llmecon.core import data

PACKAGE_DIR = Path(llmecon.__file__).resolve().parent
SITE_KEY = "_site"  # manifest entry: hash of the staged sources the current site was rendered from
# The locked packages every execution runs with: Python's (requirements.txt) and the chart libraries' (package-lock).
ENVIRONMENT_FILES = ("requirements.txt", "package-lock.json")


def environment_key(root: Path) -> str:
    """Python's version and the lock files of the packages chapters run with: part of every execution key, so a
    dependency bump re-executes everything instead of republishing outputs computed with the old libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ENVIRONMENT_FILES:
        path = Path(root) / name
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_hash(folder: Path) -> str:
    """Content hash of every file under `folder` (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache  # every chapter imports core: each module is parsed once per build, not once per chapter
def _imported_modules(source: str, package: str, importer: str | None = None) -> frozenset[str]:
    """Names of the package's modules that `source` imports (absolute or relative), found without running it."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.split(".")[0] == package}
        elif isinstance(node, ast.ImportFrom):
            if node.level and importer:
                base = ".".join(importer.split(".")[: -node.level] + ([node.module] if node.module else []))
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
    sources = (
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in cells
        if cell["cell_type"] == "code"
    )
    # IPython magics and shell escapes are not Python: leave those lines out of the parse.
    code = "\n".join(
        line for source in sources for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )

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


def document_keys(notebook: Path, parameters: dict, extra: str = "", environment: str = "") -> dict[str, str]:
    """What a document depends on, besides the data files it reads, as two keys:

    - "key": the whole notebook, for its page;
    - "execution_key": its outputs only: its code cells (source and tags, which say where parameters go and
      which cells may fail) and its kernel, not its prose, raw cells or other metadata. Editing only those
      re-renders the page with the outputs kept (`execute.with_new_prose`).
    Both also cover the parameters, the package code the notebook imports (hashed once for both) and the
    `environment` (`environment_key`).
    """
    raw = notebook.read_bytes()
    content = json.loads(raw)
    code = [
        ("".join(cell["source"]), cell.get("metadata", {}).get("tags", []))
        for cell in content["cells"]
        if cell["cell_type"] == "code"
    ]
    kernel = content.get("metadata", {}).get("kernelspec", {}).get("name")
    shared = json.dumps(parameters, sort_keys=True) + code_fingerprint(notebook) + extra + environment

    def key(own: bytes) -> str:
        return hashlib.sha256(own + shared.encode()).hexdigest()

    return {"key": key(raw), "execution_key": key(json.dumps({"code": code, "kernel": kernel}).encode())}


def read_digests(data_dir: Path, reads: list[str]) -> dict:
    """What a document read, as the manifest keeps it: {file: digest} for a file read whole, and
    {file: {"rows": {column: [values]}, "digest": ...}} for a table it only looked rows up in
    (`data.Dataset.rows`; a file read whole as well counts as read whole)."""
    whole, looked_up = set(), {}
    for line in reads:
        file_name, *lookup = line.split("\t")
        if not lookup:
            whole.add(file_name)
        elif len(lookup) == 2:
            looked_up.setdefault(file_name, {}).setdefault(lookup[0], set()).add(lookup[1])
    digests: dict = {n: sha256_file(data_dir / n) for n in sorted(whole) if (data_dir / n).exists()}
    for file_name, columns in sorted(looked_up.items()):
        if file_name not in whole and (data_dir / file_name).exists():
            rows = {column: sorted(values) for column, values in sorted(columns.items())}
            digests[file_name] = {"rows": rows, "digest": rows_digest(data_dir / file_name, rows)}
    return digests


def rows_digest(path: Path, rows: dict[str, list[str]]) -> str:
    """Hash of the header and of every row of a CSV whose value in one of the columns is one of those listed, and
    of the largest value of each column listed under `data.MAX_OF` (a date read as the newest of a column)."""
    maxima = rows.get(data.MAX_OF, [])
    lookups = {column: values for column, values in rows.items() if column != data.MAX_OF}
    digest = hashlib.sha256()
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        digest.update(json.dumps(header).encode())
        if any(column not in header for column in [*lookups, *maxima]):
            return "a looked-up column is missing"
        positions = [(header.index(column), set(values)) for column, values in lookups.items()]
        largest = {header.index(column): "" for column in maxima}
        for row in reader:
            if any(at < len(row) and row[at] in values for at, values in positions):
                digest.update(json.dumps(row).encode())
            for at in largest:
                if at < len(row) and row[at] > largest[at]:
                    largest[at] = row[at]
        digest.update(json.dumps(sorted(largest.items())).encode())
    return digest.hexdigest()


def read_is_unchanged(path: Path, recorded) -> bool:
    if not path.exists():
        return False
    if isinstance(recorded, dict):
        return rows_digest(path, recorded["rows"]) == recorded["digest"]
    return sha256_file(path) == recorded


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
        return all(
            read_is_unchanged(data_dir / file_name, recorded) for file_name, recorded in entry.get("reads", {}).items()
        )

    def record(self, name: str, entry: dict) -> None:
        self.entries[name] = entry

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self) -> None:
        """Write the manifest whole or not at all: a build stopped mid-write leaves the previous one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".manifest-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(self.entries, indent=1, sort_keys=True))
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
