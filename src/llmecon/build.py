"""Build the book: validate data, execute chapters with papermill, render with Jupyter Book.

    python -m llmecon.build [--data DIR] [--out DIR] [--as-of YYYY-MM-DD] [--jobs N]

1. Validate the data package; stop on the first bad file (exit 2).
2. Execute every chapter in `_toc.yml` with papermill, in parallel, into
   OUT/executed/. A chapter is skipped when its notebook, the package code,
   its parameters and every data file it read last time are unchanged.
3. Collect every glued value and verdict into OUT/executed/results.json.
4. Execute the landing page against that record.
5. Stage the executed notebooks with the book config, build HTML with
   execution off and warnings as errors, and only then swap it into OUT/html.
A failing chapter stops the build (exit 1) naming the chapter and the cell;
its executed notebook keeps the traceback, and OUT/html stays as it was.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures as futures
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from . import charts, claims, data, report
from .charts import FIGURES_ENV, SITE_CHARTS_ENV, STATIC_SPEC_SUFFIX

PACKAGE_DIR = Path(__file__).resolve().parent
VENDOR_FILES = {
    "vega": "vega/build/vega.min.js",
    "vega-lite": "vega-lite/build/vega-lite.min.js",
    "vega-embed": "vega-embed/build/vega-embed.min.js",
}
CELL_TIMEOUT_SECONDS = 600
KERNEL_SKIPS_IRI_GRAMMAR = "--IPKernelApp.exec_lines=import sys; sys.modules.setdefault('rfc3987_syntax', None)"
REMOVED_CELL_TAGS = ("parameters", "injected-parameters")
CHAPTER_DIR = "chapters/"
DATA_ZIP = "llm-economics-data.zip"
SITE_KEY = "_site"  # manifest entry: hash of the staged sources the current site was rendered from
# Lines every kernel prints on a healthy run: a notice about its local transport and, under load, the
# interrupt nbclient sends when a kernel is slow to shut down. Anything else a kernel prints is shown.
KERNEL_NOISE = ("Kernel is running over TCP without encryption", "KeyboardInterrupt caught in kernel")


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


@dataclass
class Chapter:
    stem: str
    source: Path  # notebook in the project
    executed: Path  # notebook written by papermill


@dataclass
class RunResult:
    stem: str
    ok: bool
    seconds: float
    skipped: bool = False
    message: str = ""
    reads: list[str] = field(default_factory=list)
    kernel_output: list[str] = field(default_factory=list)  # what the kernel wrote to stderr, less KERNEL_NOISE


def _kernel_manager_class(stderr_path: Path, socket_dir: Path):
    """A kernel manager whose kernels use local sockets (IPC, not TCP) in `socket_dir`, which must be
    private to one kernel (parallel kernels sharing socket names would read each other's messages),
    and write their stderr to `stderr_path`."""
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(socket_dir / "kernel"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(stderr_path, "ab") as handle:
                kw["stderr"] = handle
                return await super()._async_launch_kernel(kernel_cmd, **kw)

        _launch_kernel = _async_launch_kernel

    return LoggedKernelManager


def _kernel_output(stderr_path: Path) -> list[str]:
    if not stderr_path.exists():
        return []
    lines = stderr_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip() and not any(noise in line for noise in KERNEL_NOISE)]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _imported_modules(source: str, package: str, importer: str | None = None) -> set[str]:
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
            # `from llmecon import charts` names a module; `from llmecon.data import x` names a function.
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def code_modules(notebook: Path, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The package's module files a notebook imports, directly or through other modules."""
    package = package_dir.name
    cells = nbformat.read(notebook, as_version=4).cells
    # IPython magics and shell escapes are not Python: leave those lines out of the parse.
    code = "\n".join(line for cell in cells if cell.cell_type == "code"
                      for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))

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


def toc_documents(root: Path) -> tuple[str, list[str]]:
    """(root document, chapter documents) named in _toc.yml, without extensions."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    docs: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))
            for part in entry.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return toc["root"], docs


def _static_key(notebook: Path, parameters: dict, package_key: str, extra: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(notebook.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    digest.update(package_key.encode())
    digest.update(extra.encode())
    return digest.hexdigest()


def _is_fresh(entry: dict | None, key: str, data_dir: Path, executed: Path) -> bool:
    if not entry or entry.get("key") != key or not executed.exists():
        return False
    for name, digest in entry.get("reads", {}).items():
        path = data_dir / name
        if not path.exists() or sha256_file(path) != digest:
            return False
    return True


def _execute(stem: str, source: str, target: str, parameters: dict, reads_log: str, figures: str,
             cell_timeout: int) -> RunResult:
    """Run one notebook with papermill (in a worker process)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    os.environ[data.READS_LOG_ENV] = reads_log
    os.environ[SITE_CHARTS_ENV] = "1"
    os.environ[FIGURES_ENV] = figures
    Path(reads_log).unlink(missing_ok=True)
    declared = papermill.inspect_notebook(source)
    parameters = {k: v for k, v in parameters.items() if k in declared}
    kernel_stderr = Path(target).with_suffix(".kernel.log")
    kernel_stderr.unlink(missing_ok=True)
    # A short private folder: socket paths are limited to about 100 characters.
    socket_dir = Path(tempfile.mkdtemp(prefix="llmecon-kernel-"))
    started = time.monotonic()
    try:
        papermill.execute_notebook(
            source, target, parameters=parameters, kernel_name="python3", cwd=str(Path(source).parent),
            progress_bar=False, log_output=False, execution_timeout=cell_timeout,
            # Saving the whole notebook after every cell costs about a second per chapter; papermill still
            # writes it at the end and on failure, with the failing cell's error or status.
            request_save_on_cell_execute=False,
            # jsonschema (via altair) imports rfc3987_syntax, which compiles a grammar for 1.5-3 s in every
            # kernel, only to check IRI formats that no chart spec uses: the build's kernels skip it.
            extra_arguments=[KERNEL_SKIPS_IRI_GRAMMAR],
            kernel_manager_class=_kernel_manager_class(kernel_stderr, socket_dir))
    except PapermillExecutionError as exc:
        return RunResult(stem, False, time.monotonic() - started,
                         message=_describe_failure(Path(target), exc.ename, exc.evalue),
                         kernel_output=_kernel_output(kernel_stderr))
    except Exception as exc:  # timeouts, dead kernels, unreadable notebooks
        text = str(exc).strip()
        if not Path(target).exists():
            _keep_failed_notebook(Path(source), Path(target), f"{type(exc).__name__}: {text}")
        return RunResult(stem, False, time.monotonic() - started,
                         message=_describe_failure(Path(target), type(exc).__name__, text),
                         kernel_output=_kernel_output(kernel_stderr))
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)
    reads = sorted(set(Path(reads_log).read_text(encoding="utf-8").split())) if Path(reads_log).exists() else []
    return RunResult(stem, True, time.monotonic() - started, reads=reads, kernel_output=_kernel_output(kernel_stderr))


def _keep_failed_notebook(source: Path, target: Path, error: str) -> None:
    """Papermill writes nothing when a cell times out: keep the notebook with the error on top instead."""
    notebook = nbformat.read(source, as_version=4)
    banner = nbformat.v4.new_markdown_cell(f"**Execution stopped:**\n\n```\n{error}\n```")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    notebook.cells.insert(0, banner)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def _describe_failure(executed: Path, ename: str, evalue: str) -> str:
    """Name the failing cell as the reader's notebook numbers it (papermill's own cells left out).

    The cell is the one with an error output; for a timeout, which leaves
    none, the one whose code nbclient previews in its message.
    """
    reason = f"{ename}: {evalue.strip().splitlines()[0] if evalue.strip() else ''}"
    try:
        cells = [c for c in nbformat.read(executed, as_version=4).cells
                 if not set(c.metadata.get("tags", [])) & {"injected-parameters", "papermill-error-cell-tag"}]
    except Exception:
        return reason
    preview = re.search(r"preview of the cell contents:\s*-+\s*\[?'?([^'\n]+)", evalue)
    for number, cell in enumerate(cells, start=1):
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        previewed = preview is not None and cell.cell_type == "code" and cell.source.startswith(preview.group(1))
        if failed or previewed:
            first_line = next((l.strip() for l in cell.source.splitlines() if l.strip()), "")
            return f"cell {number} (code starting {first_line[:80]!r}): {reason}"
    return reason


def _hide_plumbing(executed: Path) -> None:
    """Parameter cells are plumbing: the chapters print the values they used instead."""
    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if any(t in tags for t in REMOVED_CELL_TAGS) and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(notebook, executed)


class Builder:
    def __init__(self, root: Path, data_dir: Path, out: Path, as_of: str | None = None,
                 jobs: int | None = None, only: list[str] | None = None, log=None,
                 cell_timeout: int = CELL_TIMEOUT_SECONDS):
        self.root = root.resolve()
        self.data_dir = data_dir.resolve()
        self.out = out.resolve()
        self.as_of = as_of
        self.jobs = jobs or os.cpu_count() or 1
        self.only = only
        self.cell_timeout = cell_timeout
        self.log = log or (lambda message: print(message, flush=True))  # flushed: make and CI show each stage as it starts
        self.executed_dir = self.out / "executed"
        self.manifest_path = self.executed_dir / "manifest.json"
        self.results_path = self.executed_dir / "results.json"
        self.previous_results_path = self.executed_dir / "previous-results.json"
        self.figures_dir = self.executed_dir / "figures"

    # -- steps --------------------------------------------------------------
    def validate_data(self) -> None:
        started = time.monotonic()
        self.log(f"validation: checking every table in {self.data_dir}")
        counts = data.validate(self.data_dir)
        self.log(f"validation: data ok in {time.monotonic() - started:.1f}s ("
                 + ", ".join(f"{name} {n}" for name, n in counts.items()) + " rows)")
        if self.as_of is None:
            self.as_of = data.open_dataset(self.data_dir).snapshot_date().isoformat()
        dt.date.fromisoformat(self.as_of)

    def vendor_scripts(self) -> dict[str, Path]:
        modules = self.root / "node_modules"
        found = {name: modules / rel for name, rel in VENDOR_FILES.items()}
        missing = [str(p) for p in found.values() if not p.exists()]
        if missing:
            raise BuildError("vega libraries not installed (run `make book`, which runs npm ci): "
                             + ", ".join(missing))
        return found

    def documents(self) -> tuple[list[Chapter], list[Chapter], list[Path]]:
        """(chapters, report pages, plain pages) named in _toc.yml.

        Chapters are the notebooks under chapters/: they execute first, in
        parallel. Report pages (the landing page and any other notebook) read
        the results record, so they execute after it. Markdown pages are copied.
        """
        root_doc, docs = toc_documents(self.root)
        if self.only:
            unknown = [o for o in self.only if o not in docs]
            if unknown:
                raise BuildError(f"--only names documents not in _toc.yml: {', '.join(unknown)}")
            docs = [d for d in docs if d in self.only or not d.startswith(CHAPTER_DIR)]
        chapters, reports, pages = [], [], []
        for doc in [root_doc, *docs]:
            notebook, markdown = self.root / f"{doc}.ipynb", self.root / f"{doc}.md"
            if notebook.exists():
                entry = Chapter(doc, notebook, self.executed_dir / f"{doc}.ipynb")
                (chapters if doc.startswith(CHAPTER_DIR) else reports).append(entry)
            elif markdown.exists():
                pages.append(markdown)
            else:
                raise BuildError(f"_toc.yml names {doc}, but neither {notebook} nor {markdown} exists")
        return chapters, reports, pages

    def execute(self, chapters: list[Chapter], extra_parameters: dict | None = None,
                extra_keys: dict[str, str] | None = None, stage: str = "chapters") -> dict[str, RunResult]:
        manifest = self._manifest()
        to_run, results = [], {}
        for ch in chapters:
            parameters = {"data_dir": str(self.data_dir), "as_of": self.as_of, **(extra_parameters or {})}
            key = _static_key(ch.source, parameters, code_fingerprint(ch.source), (extra_keys or {}).get(ch.stem, ""))
            if _is_fresh(manifest.get(ch.stem), key, self.data_dir, ch.executed):
                results[ch.stem] = RunResult(ch.stem, True, 0.0, skipped=True,
                                             reads=list(manifest[ch.stem]["reads"]))
            else:
                to_run.append((ch, parameters, key))
        stage_started = time.monotonic()
        fresh = len(chapters) - len(to_run)
        if to_run:
            self.log(f"executing {stage} ({len(to_run)} of {len(chapters)}, {max(1, min(self.jobs, len(to_run)))} at a time"
                     + (f"; {fresh} up to date" if fresh else "") + "): " + ", ".join(ch.stem for ch, _, _ in to_run))
        else:
            self.log(f"{stage}: all {len(chapters)} up to date")
        workers = max(1, min(self.jobs, len(to_run)))
        with futures.ProcessPoolExecutor(max_workers=workers) as pool:
            pending = {}
            for ch, parameters, key in to_run:
                ch.executed.parent.mkdir(parents=True, exist_ok=True)
                reads_log = str(ch.executed.with_suffix(".reads"))
                job = pool.submit(_execute, ch.stem, str(ch.source), str(ch.executed), parameters, reads_log,
                                  str(self.figures_dir), self.cell_timeout)
                pending[job] = (ch, parameters, key)
            for job in futures.as_completed(pending):
                ch, parameters, key = pending[job]
                result = job.result()
                results[ch.stem] = result
                for line in result.kernel_output:
                    self.log(f"  {ch.stem} (kernel): {line}")
                if result.ok:
                    _hide_plumbing(ch.executed)
                    manifest[ch.stem] = {
                        "key": key, "parameters": parameters, "seconds": round(result.seconds, 2),
                        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                        "reads": {n: sha256_file(self.data_dir / n) for n in result.reads
                                  if (self.data_dir / n).exists()},
                    }
                    self.log(f"  {ch.stem}: ok in {result.seconds:.1f}s")
                else:
                    manifest.pop(ch.stem, None)
        self.executed_dir.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        if to_run:
            self.log(f"{stage}: done in {time.monotonic() - stage_started:.1f}s")
        failures = [r for r in results.values() if not r.ok]
        if failures:
            lines = [f"chapter {r.stem} failed at {r.message}\n    executed notebook with the traceback: "
                     f"{self.executed_dir / (r.stem + '.ipynb')}" for r in failures]
            raise BuildError("\n".join(lines))
        return results

    def write_results(self, chapters: list[Chapter]) -> None:
        """Write the results record; keep the last different one for the 'what changed' page."""
        manifest = self._manifest()
        record = {
            "as_of": self.as_of,
            "data_dir": str(self.data_dir),
            "data_files": {p.name: sha256_file(p) for p in sorted(self.data_dir.iterdir())
                           if p.is_file() and not p.name.startswith(".")},
            "git_commit": _git_commit(self.root),
            "chapters": {},
        }
        for ch in chapters:
            entry = manifest.get(ch.stem, {})
            record["chapters"][ch.stem] = {
                **claims.read_results(ch.executed),
                "executed_at": entry.get("executed_at"), "seconds": entry.get("seconds"),
                "parameters": entry.get("parameters"), "reads": sorted(entry.get("reads", {})),
            }
        if self.results_path.exists():
            current = json.loads(self.results_path.read_text())
            if _findings(current) != _findings(record) or current.get("data_files") != record["data_files"]:
                shutil.copy2(self.results_path, self.previous_results_path)
                report.rotate_data_copy(self.executed_dir)
        report.keep_data_copy(self.data_dir, self.executed_dir)
        self.results_path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False))

    def check_ledger(self) -> None:
        """The book is complete only when every claim has a verdict from the chapter assigned to test it."""
        ledger = data.open_dataset(self.data_dir).claims
        chapters = json.loads(self.results_path.read_text())["chapters"]
        problems = []
        for claim in ledger.itertuples(index=False):
            stem = f"{CHAPTER_DIR}{claim.chapter}"
            if stem not in chapters:
                problems.append(f"{claim.claim_id}: its chapter {claim.chapter} was not built (is it in _toc.yml?)")
            elif claim.claim_id not in chapters[stem]["verdicts"]:
                problems.append(f"{claim.claim_id}: chapter {claim.chapter} gives it no verdict")
        known = set(ledger["claim_id"])
        for stem, chapter in chapters.items():
            for claim_id in chapter["verdicts"]:
                assigned = ledger.loc[ledger["claim_id"] == claim_id, "chapter"]
                if claim_id not in known:
                    problems.append(f"{claim_id}: {stem} judges a claim that is not in claims.csv")
                elif f"{CHAPTER_DIR}{assigned.iloc[0]}" != stem:
                    problems.append(f"{claim_id}: judged by {stem}, but claims.csv assigns it to {assigned.iloc[0]}")
        if problems:
            raise BuildError("the claims ledger is incomplete:\n  " + "\n  ".join(problems[:40])
                             + (f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""))

    def stage(self, documents: list[Chapter], pages: list[Path], vendor: dict[str, Path]) -> Path:
        """The sources Sphinx renders, laid out in OUT/stage. Files whose bytes did not change keep their
        modification time, so Sphinx's kept environment re-reads only the pages that changed."""
        fresh = self.out / ".stage-next"
        shutil.rmtree(fresh, ignore_errors=True)
        self._lay_out(fresh, documents, pages, vendor)
        stage = self.out / "stage"
        _sync_tree(fresh, stage)
        shutil.rmtree(fresh)
        return stage

    def _lay_out(self, stage: Path, documents: list[Chapter], pages: list[Path], vendor: dict[str, Path]) -> None:
        stage.mkdir(parents=True)
        shutil.copy2(self.root / "_config.yml", stage / "_config.yml")
        (stage / "_toc.yml").write_text(self._staged_toc(documents, pages))
        if (self.root / "_static").is_dir():
            shutil.copytree(self.root / "_static", stage / "_static")
        vendor_dir = stage / "_static" / "vendor"
        vendor_dir.mkdir(parents=True, exist_ok=True)
        for path in vendor.values():
            shutil.copy2(path, vendor_dir / path.name)
        for doc in documents:
            target = stage / f"{doc.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(doc.executed, target)
        for page in pages:
            target = stage / page.relative_to(self.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, target)
        self._stage_downloads(stage / "_static")

    def _stage_downloads(self, static: Path) -> None:
        """The data package as a zip for the landing page's download link."""
        downloads = static / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        # Fixed timestamps keep the zip byte-identical for identical data, so the site cache holds.
        with zipfile.ZipFile(downloads / DATA_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.data_dir.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    info = zipfile.ZipInfo(f"data/{path.name}", date_time=(2020, 1, 1, 0, 0, 0))
                    archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)

    def _copy_figures(self, target: Path, documents: list[Chapter]) -> None:
        """The figures the pages show (not stale ones from earlier runs): SVG, PNG and the plotted rows."""
        shown, tables = set(), set()
        for doc in documents:
            text = doc.executed.read_text(encoding="utf-8")
            shown |= set(re.findall(r"chart-[0-9a-f]{12}", text))
            tables |= set(re.findall(r'data-table=\\?"([a-z0-9_]+\.csv)', text))  # charts.table_download links
        target.mkdir(parents=True, exist_ok=True)
        for name in tables:
            shutil.copy2(self.figures_dir / name, target / name)
        for path in self.figures_dir.glob("chart-*.*") if self.figures_dir.exists() else []:
            if path.name.split(".")[0] in shown and not path.name.endswith(STATIC_SPEC_SUFFIX):
                shutil.copy2(path, target / path.name)

    def _staged_toc(self, documents: list[Chapter], pages: list[Path]) -> str:
        """The project's toc, less any chapter left out with --only."""
        toc = yaml.safe_load((self.root / "_toc.yml").read_text(encoding="utf-8"))
        kept = {d.stem for d in documents} | {p.relative_to(self.root).with_suffix("").as_posix() for p in pages}

        def prune(entries):
            return [e for e in entries if e.get("file") in kept]

        if "chapters" in toc:
            toc["chapters"] = prune(toc["chapters"])
        for part in toc.get("parts", []) or []:
            part["chapters"] = prune(part["chapters"])
        toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]] if "parts" in toc else None
        return yaml.safe_dump({k: v for k, v in toc.items() if v is not None}, sort_keys=False, allow_unicode=True)

    def render(self, stage: Path) -> Path:
        """Render the staged book to HTML in OUT/.render, where Sphinx keeps its environment between builds
        (only changed pages are read and written), then copy the HTML aside for the swap."""
        render_dir = self.out / ".render"
        command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage),
                   "--path-output", str(render_dir), "-W", "-n", "--keep-going"]
        started = time.monotonic()
        self.log("render: Jupyter Book is building the HTML (warnings are errors)")
        completed = subprocess.run(command, capture_output=True, text=True)
        log_path = self.out / "jupyter-book.log"
        log_path.write_text(completed.stdout + completed.stderr)
        if completed.returncode != 0:
            # A page that warned is already in the kept environment and would not be read (nor warn) again.
            shutil.rmtree(render_dir, ignore_errors=True)
            problems = [l for l in (completed.stdout + completed.stderr).splitlines()
                        if "WARNING" in l or "ERROR" in l]
            raise BuildError("HTML build failed (warnings are errors):\n  " + "\n  ".join(problems[:20])
                             + f"\n  full log: {log_path}")
        next_dir = self.out / ".next"
        shutil.rmtree(next_dir, ignore_errors=True)
        shutil.copytree(render_dir / "_build" / "html", next_dir)
        self.log(f"render: done in {time.monotonic() - started:.1f}s")
        return next_dir

    def publish(self, html: Path) -> Path:
        final, previous = self.out / "html", self.out / ".html-previous"
        shutil.rmtree(previous, ignore_errors=True)
        if final.exists():
            final.rename(previous)
        html.rename(final)
        shutil.rmtree(previous, ignore_errors=True)
        shutil.rmtree(self.out / ".next", ignore_errors=True)
        return final

    def run(self) -> Path:
        started = time.monotonic()
        self.validate_data()
        vendor = self.vendor_scripts()
        chapters, reports, pages = self.documents()
        self.execute(chapters, stage="chapters")
        self.write_results(chapters)
        if not self.only:
            self.check_ledger()
        # Static figures are files beside the pages, not inputs to Sphinx: they are drawn in their own
        # process while the report pages execute and the site renders, and copied in before the swap.
        drawing = multiprocessing.get_context("spawn").Process(
            target=charts.render_static_figures, args=(self.figures_dir,), name="static figures")
        undrawn = len(charts.undrawn_figures(self.figures_dir))
        if undrawn:
            self.log(f"figures: drawing {undrawn} static charts (SVG, PNG) alongside")
            drawing.start()
        try:
            previous = self.previous_results_path if self.previous_results_path.exists() else None
            self.execute(reports, {"results_path": str(self.results_path),
                                   "previous_results_path": str(previous) if previous else None},
                         extra_keys={r.stem: self._report_key(r, previous) for r in reports},
                         stage="report pages")
            documents = [*reports, *chapters]
            stage = self.stage(documents, pages, vendor)
            # Chart ids are hashes of their specs, so the staged pages also fix every figure's content.
            site_key = _tree_hash(stage)
            final = self.out / "html"
            if final.exists() and self._manifest().get(SITE_KEY, {}).get("key") == site_key:
                self.log(f"site up to date ({time.monotonic() - started:.1f}s): {final / 'index.html'}")
                return final
            html = self.render(stage)
        finally:
            if drawing.pid is not None:
                drawing.join()
        if drawing.pid is not None and drawing.exitcode != 0:
            raise BuildError(f"drawing the static figures (SVG, PNG) in {self.figures_dir} failed; see the error above")
        self._copy_figures(html / "_static" / "figures", documents)
        final = self.publish(html)
        manifest = self._manifest()
        manifest[SITE_KEY] = {"key": site_key}
        self.manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        self.log(f"book built in {time.monotonic() - started:.1f}s: {final / 'index.html'}")
        return final

    def _report_key(self, report: Chapter, previous: Path | None) -> str:
        """What a report page's output depends on: the findings, and the build timings only for a page that
        says it shows them (notebook metadata `llmecon: {shows_build_timings: true}`), so re-running one
        chapter with unchanged findings does not re-execute the landing page."""
        metadata = nbformat.read(report.source, as_version=4).metadata.get("llmecon", {})
        record = json.loads(self.results_path.read_text())
        if not metadata.get("shows_build_timings"):
            record = _without_timings(record)
        key = hashlib.sha256(json.dumps(record, sort_keys=True).encode())
        key.update(sha256_file(previous).encode() if previous else b"")
        return key.hexdigest()

    def _manifest(self) -> dict:
        return json.loads(self.manifest_path.read_text()) if self.manifest_path.exists() else {}


def _findings(record: dict) -> dict:
    """What a build found (glued values and verdicts per chapter), without when or how fast."""
    return {stem: {"values": c.get("values"), "verdicts": c.get("verdicts")}
            for stem, c in record.get("chapters", {}).items()}


def _without_timings(record: dict) -> dict:
    """A results record less when and how fast each chapter ran."""
    return {**record, "chapters": {stem: {k: v for k, v in chapter.items() if k not in ("executed_at", "seconds")}
                                   for stem, chapter in record.get("chapters", {}).items()}}


def _sync_tree(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`, rewriting only files whose bytes differ and removing the rest."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        if path.relative_to(target) not in wanted:
            path.unlink()
    for rel in sorted(wanted):
        new, old = source / rel, target / rel
        if old.is_file() and old.read_bytes() == new.read_bytes():
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(new, old)
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _tree_hash(folder: Path) -> str:
    """Content hash of every file under `folder` (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _git_commit(root: Path) -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: ROOT/data)")
    parser.add_argument("--out", type=Path, default=None, help="build folder (default: ROOT/_build)")
    parser.add_argument("--as-of", default=None, help="analysis date (default: the data snapshot date)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: all cores)")
    parser.add_argument("--only", nargs="+", default=None, metavar="CHAPTER",
                        help="build only these chapters (as named in _toc.yml) and the landing page")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    builder = Builder(root, args.data or root / "data", args.out or root / "_build", args.as_of, args.jobs, args.only)
    try:
        builder.run()
    except data.DataValidationError as exc:
        print(f"build stopped: the data did not validate, nothing was published.\n{exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"build stopped, nothing was published:\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
