"""Build the book: validate data, execute chapters with papermill, render with Jupyter Book.

    python -m llmecon.site.builder [--data DIR] [--out DIR] [--as-of YYYY-MM-DD] [--jobs N]

1. Validate the data package; stop on the first bad file (exit 2).
2. Execute every chapter in `_toc.yml` with papermill, in parallel, into
   OUT/executed/, each in a kernel forked from the build's zygote (`zygote`).
   A chapter is skipped when its code cells, the package code it imports,
   its parameters and every data file it read last time are unchanged
   (`cache`); if only its prose changed, the new prose is put around the
   outputs it has (`execute.with_new_prose`).
3. Collect every glued value and verdict into OUT/executed/results.json and
   check that every claim of the ledger has its verdict (`results`).
4. Execute the report pages (landing page, about/) against that record.
5. Stage the executed notebooks with the book config (`stage`), build HTML
   with execution off and warnings as errors, and only then swap it into
   OUT/html (`render`: a Jupyter Book process started with the build, which
   imports Sphinx while the chapters run).
A failing chapter stops the build (exit 1) naming the chapter and the cell;
its executed notebook keeps the traceback, and OUT/html stays as it was.
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import datetime as dt
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

from llmecon.core import charts, data
from llmecon.site import parameters, sphinx_tidy
from llmecon.site.chapter import ParameterError, declared_parameters

from .cache import SITE_KEY, Manifest, code_fingerprint, code_modules, document_keys, sha256_file, tree_hash
from .execute import CELL_TIMEOUT_SECONDS, RunResult, execute_notebook, hide_plumbing, with_new_prose
from .render import RenderError, Renderer, publish, stale_static_files
from .results import ledger_problems, report_key, write_results
from .stage import (Document, StageError, copy_figures, find_documents, stage, staged_dir, sync_tree, toc_documents,
                    vendor_scripts)
from .zygote import Zygote

__all__ = ["Builder", "BuildError", "code_fingerprint", "code_modules", "main", "sync_tree", "toc_documents"]


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


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
        self.results_path = self.executed_dir / "results.json"
        self.previous_results_path = self.executed_dir / "previous-results.json"
        self.figures_dir = self.executed_dir / "figures"
        self.manifest = Manifest(self.executed_dir / "manifest.json")
        self.dataset: data.Dataset | None = None
        self.zygote: Zygote | None = None
        self.renderer: Renderer | None = None

    def run(self) -> Path:
        started = time.monotonic()
        # The renderer imports Sphinx while the build checks the data; the zygote (kernels) is forked from the
        # build once the data are valid, and imports the rest of what kernels need while the build plans.
        with tempfile.TemporaryDirectory(prefix="llmecon-zygote-") as folder:  # short: socket paths are limited
            self.renderer = Renderer(staged_dir(self.out), self.out)
            try:
                self._open_data()
                self.zygote = Zygote(Path(folder))
                return self._run(started)
            finally:
                if self.zygote:
                    self.zygote.close()
                self.renderer.close()

    def _run(self, started: float) -> Path:
        try:
            vendor = vendor_scripts(self.root)
            chapters, reports, pages = find_documents(self.root, self.executed_dir, self.only)
        except StageError as exc:
            raise BuildError(str(exc)) from exc
        # A report page without a results_path parameter (the methods page) needs no results: it runs
        # with the chapters instead of waiting for them.
        unrecorded = [r for r in reports if not _reads_results(r)]
        reports = [r for r in reports if r not in unrecorded]
        self._execute([*chapters, *unrecorded], stage="chapters")
        write_results(self.results_path, self.previous_results_path, self.manifest, chapters,
                      self.root, self.data_dir, self.as_of)
        if not self.only:
            self._check_ledger()
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
            record = json.loads(self.results_path.read_text())  # read once for every report page's key
            self._execute(reports, {"results_path": str(self.results_path),
                                    "previous_results_path": str(previous) if previous else None},
                          extra_keys={r.stem: report_key(r, record, previous) for r in reports},
                          stage="report pages")
            documents = [*reports, *unrecorded, *chapters]
            staged = stage(self.root, self.out, self.data_dir, documents, pages, vendor)
            # Chart ids are hashes of their specs, so the staged pages also fix every figure's content; the
            # book's own Sphinx extension shapes every page too.
            site_key = tree_hash(staged) + sha256_file(Path(sphinx_tidy.__file__))[:16]
            final = self.out / "html"
            # The published static files are compared too: a site rendered before they were copied reliably
            # (a style sheet changed with no page) would otherwise stay stale.
            if (final.exists() and self.manifest.get(SITE_KEY).get("key") == site_key
                    and not stale_static_files(staged / "_static", final / "_static")):
                self.log(f"site up to date ({time.monotonic() - started:.1f}s): {final / 'index.html'}")
                return final
            try:
                html = self.renderer.render(self.log)
            except RenderError as exc:
                raise BuildError(str(exc)) from exc
        finally:
            if drawing.pid is not None:
                drawing.join()
        if drawing.pid is not None and drawing.exitcode != 0:
            raise BuildError(f"drawing the static figures (SVG, PNG) in {self.figures_dir} failed; see the error above")
        copy_figures(self.figures_dir, html / "_static" / "figures", documents)
        final = publish(html, self.out)
        self.manifest.record(SITE_KEY, {"key": site_key})
        self.manifest.save()
        self.log(f"book built in {time.monotonic() - started:.1f}s: {final / 'index.html'}")
        return final

    def _open_data(self) -> None:
        """Validate the whole package once; the ledger check and the analysis date read the same tables."""
        started = time.monotonic()
        self.log(f"validation: checking every table in {self.data_dir}")
        self.dataset = data.open_dataset(self.data_dir)
        self.log(f"validation: data ok in {time.monotonic() - started:.1f}s ("
                 + ", ".join(f"{name} {n}" for name, n in self.dataset.row_counts().items()) + " rows)")
        if self.as_of is None:
            self.as_of = self.dataset.snapshot_date().isoformat()
        try:
            parameters.COMMON["as_of"].check("as_of", self.as_of, parameters.Bounds.of(self.dataset, None))
        except ParameterError as exc:
            raise BuildError(f"--as-of: {exc}") from None

    def _execute(self, documents: list[Document], extra_parameters: dict | None = None,
                 extra_keys: dict[str, str] | None = None, stage: str = "chapters") -> dict[str, RunResult]:
        to_run, results, prose_only = [], {}, []
        for doc in documents:
            parameters = {"data_dir": str(self.data_dir), "as_of": self.as_of, **(extra_parameters or {})}
            extra = (extra_keys or {}).get(doc.stem, "")
            keys = document_keys(doc.source, parameters, extra)
            if not self.manifest.is_fresh(doc.stem, keys["key"], self.data_dir, doc.executed):
                if not (self.manifest.is_fresh(doc.stem, keys["execution_key"], self.data_dir, doc.executed,
                                               kind="execution_key") and self._keep_outputs(doc, keys["key"])):
                    to_run.append((doc, parameters, keys))
                    continue
                prose_only.append(doc.stem)
            results[doc.stem] = RunResult(doc.stem, True, 0.0, skipped=True,
                                          reads=list(self.manifest.get(doc.stem)["reads"]))
        stage_started = time.monotonic()
        fresh = len(documents) - len(to_run) - len(prose_only)
        workers = max(1, min(self.jobs, len(to_run)))
        if prose_only:
            self.log(f"{stage}: only the prose changed, outputs kept: " + ", ".join(prose_only))
        if to_run:
            self.log(f"executing {stage} ({len(to_run)} of {len(documents)}, {workers} at a time"
                     + (f"; {fresh} up to date" if fresh else "") + "): " + ", ".join(d.stem for d, _, _ in to_run))
        elif not prose_only:
            self.log(f"{stage}: all {len(documents)} up to date")
        with futures.ProcessPoolExecutor(max_workers=workers) as pool:
            pending = {}
            for doc, parameters, keys in to_run:
                doc.executed.parent.mkdir(parents=True, exist_ok=True)
                job = pool.submit(execute_notebook, doc.stem, str(doc.source), str(doc.executed), parameters,
                                  str(doc.executed.with_suffix(".reads")), str(self.figures_dir), self.cell_timeout,
                                  self.zygote.socket_path)
                pending[job] = (doc, parameters, keys)
            for job in futures.as_completed(pending):
                doc, parameters, keys = pending[job]
                result = job.result()
                results[doc.stem] = result
                for line in result.kernel_output:
                    self.log(f"  {doc.stem} (kernel): {line}")
                if result.ok:
                    hide_plumbing(doc.executed)
                    self.manifest.record(doc.stem, {
                        **keys, "parameters": parameters, "seconds": round(result.seconds, 2),
                        "executed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                        "reads": {n: sha256_file(self.data_dir / n) for n in result.reads
                                  if (self.data_dir / n).exists()},
                    })
                    self.log(f"  {doc.stem}: ok in {result.seconds:.1f}s")
                else:
                    self.manifest.forget(doc.stem)
        self.manifest.save()
        if to_run:
            self.log(f"{stage}: done in {time.monotonic() - stage_started:.1f}s")
        failures = [r for r in results.values() if not r.ok]
        if failures:
            lines = [f"chapter {r.stem} failed at {r.message}\n    executed notebook with the traceback: "
                     f"{self.executed_dir / (r.stem + '.ipynb')}" for r in failures]
            raise BuildError("\n".join(lines))
        return results

    def _keep_outputs(self, doc: Document, key: str) -> bool:
        """Put the edited prose around the outputs the document already has; False if they do not match it."""
        try:
            with_new_prose(doc.source, doc.executed)
        except ValueError:  # the executed notebook is not the run of this code (changed by hand): run it again
            return False
        hide_plumbing(doc.executed)
        self.manifest.record(doc.stem, {**self.manifest.get(doc.stem), "key": key})
        return True

    def _check_ledger(self) -> None:
        """The book is complete only when every claim has a verdict from the chapter assigned to test it."""
        problems = ledger_problems(self.dataset.claims, json.loads(self.results_path.read_text())["chapters"])
        if problems:
            raise BuildError("the claims ledger is incomplete:\n  " + "\n  ".join(problems[:40])
                             + (f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""))


def _reads_results(document: Document) -> bool:
    try:
        return any(p.name == "results_path" for p in declared_parameters(document.source))
    except ParameterError:  # no parameters cell: the page takes no parameters at all
        return False


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
