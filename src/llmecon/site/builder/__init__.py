"""Build the book: validate data, execute chapters with papermill, render with Jupyter Book.

    python -m llmecon.site.builder [--project DIR] [--data DIR] [--out DIR] [--as-of YYYY-MM-DD] [--jobs N]
                                   [--kernels forked|plain]

1. Validate the data package; stop on the first bad file (exit 2).
2. Execute every chapter in `_toc.yml` with papermill, in parallel, into
   OUT/executed/, each in its own kernel: forked from the build's zygote
   (`--kernels forked`, the default on Linux) or started from scratch
   (`--kernels plain`, the default elsewhere) (`zygote`).
   A chapter is skipped when its code cells, the package code it imports,
   its parameters and every data file it read last time are unchanged
   (`cache`); if only its prose changed, the new prose is put around the
   outputs it has (`execute.with_new_prose`).
3. Collect every glued value and verdict into OUT/executed/results.json and
   check that every claim of the ledger has its verdict (`results`).
4. Execute the report pages (landing page, about/) against that record.
5. Stage the executed notebooks with the book config (`stage`), build HTML
   with execution off and warnings as errors, and only then swap it into
   OUT/html (`render`: a Jupyter Book process started once a page is to run, which
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
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from llmecon import ProjectNotFoundError, project_dir
from llmecon.core import data, figures
from llmecon.core.figures import STATIC_SPEC_SUFFIX
from llmecon.site import parameters, sphinx_tidy
from llmecon.site.chapter import ParameterError, declared_parameters

from .cache import (
    SITE_KEY,
    Manifest,
    code_fingerprint,
    code_modules,
    document_keys,
    environment_key,
    read_digests,
    sha256_file,
    tree_hash,
)
from .execute import CELL_TIMEOUT_SECONDS, RunResult, execute_notebook, hide_plumbing, with_new_prose
from .render import Renderer, RenderError, publish, stale_static_files
from .results import ledger_problems, report_key, write_results
from .stage import (
    Document,
    StageError,
    copy_figures,
    find_documents,
    layout_key,
    shown_charts,
    stage,
    staged_dir,
    sync_tree,
    toc_documents,
    vendor_scripts,
)
from .zygote import KERNEL_MODES, Zygote, default_kernel_mode, forked_kernels_available, kernel_spec_folder

__all__ = ["Builder", "BuildError", "code_fingerprint", "code_modules", "main", "sync_tree", "toc_documents"]


# Run first in the figure-drawing process: jsonschema (imported with altair) compiles the optional rfc3987_syntax
# grammar on import, 1.5 s spent only to check IRI formats no chart uses; a None entry in sys.modules makes that
# import fail, as Python documents, and jsonschema then leaves the IRI format unchecked. The build's own process only.
WITHOUT_IRI_GRAMMAR = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"


class BuildError(RuntimeError):
    """A build step failed; the message says which and why."""


class Builder:
    def __init__(
        self,
        root: Path,
        data_dir: Path,
        out: Path,
        as_of: str | None = None,
        jobs: int | None = None,
        only: list[str] | None = None,
        log=None,
        cell_timeout: int = CELL_TIMEOUT_SECONDS,
        kernels: str | None = None,
    ):
        self.root = root.resolve()
        self.data_dir = data_dir.resolve()
        self.out = out.resolve()
        self.as_of = as_of
        self.jobs = jobs or os.cpu_count() or 1
        self.only = only
        self.cell_timeout = cell_timeout
        self.log = log or (
            lambda message: print(message, flush=True)
        )  # flushed: make and CI show each stage as it starts
        self.executed_dir = self.out / "executed"
        self.results_path = self.executed_dir / "results.json"
        self.previous_results_path = self.executed_dir / "previous-results.json"
        self.figures_dir = self.executed_dir / "figures"
        self.manifest = Manifest(self.executed_dir / "manifest.json")
        self.environment = environment_key(self.root)
        self.dataset: data.Dataset | None = None
        self.zygote: Zygote | None = None
        self.kernel_specs: Path | None = None
        self.renderer: Renderer | None = None
        # Static figures are drawn in a process of their own as each page's run finishes, alongside the other runs.
        self.drawing: futures.ProcessPoolExecutor | None = None
        self.drawings: list[futures.Future] = []
        self.documents: list[Document] = []  # every page of this build, run or not
        if kernels not in (None, *KERNEL_MODES):
            raise BuildError(f"--kernels must be one of {', '.join(KERNEL_MODES)}, not {kernels!r}")
        self.kernels = kernels or default_kernel_mode()
        why_not = forked_kernels_available() if self.kernels == "forked" else None
        if why_not and kernels == "forked":
            raise BuildError(f"forked kernels were asked for, but {why_not}")
        if why_not:
            self.log(f"kernels: plain, since {why_not}")
            self.kernels = "plain"

    def run(self) -> Path:
        started = time.monotonic()
        # The zygote (what kernels import, and the data) and the renderer (Sphinx and the book's extensions) are
        # started once the build knows it has something to execute, and import while the first pages are planned.
        with tempfile.TemporaryDirectory(prefix="llmecon-kernels-") as folder:  # short: socket paths are limited
            self.kernel_folder = Path(folder)
            try:
                self._open_data()
                return self._run(started)
            finally:
                if self.zygote:
                    self.zygote.close()
                if self.drawing:
                    self.drawing.shutdown(cancel_futures=True)
                if self.renderer:
                    self.renderer.close()

    def _start_helpers(self) -> None:
        """Start the render process and, for forked kernels, the zygote, unless they run already."""
        if self.renderer is None:
            self.renderer = Renderer(staged_dir(self.out), self.out)
        if self.kernels == "forked" and self.zygote is None:
            self.zygote = Zygote(self.kernel_folder, self.data_dir)
            self.kernel_specs = kernel_spec_folder(self.kernel_folder)

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
        write_results(
            self.results_path, self.previous_results_path, self.manifest, chapters, self.root, self.data_dir, self.as_of
        )
        if not self.only:
            self._check_ledger()
        try:
            previous = self.previous_results_path if self.previous_results_path.exists() else None
            record = json.loads(self.results_path.read_text())  # read once for every report page's key
            self._execute(
                reports,
                {"results_path": str(self.results_path), "previous_results_path": str(previous) if previous else None},
                extra_keys={r.stem: report_key(r, record, previous) for r in reports},
                stage="report pages",
            )
            documents = [*reports, *unrecorded, *chapters]
            staged = stage(self.root, self.out, self.data_dir, documents, pages, vendor)
            # Chart ids are hashes of their specs, so the staged pages also fix every figure's content; the
            # book's own Sphinx extension shapes every page too.
            site_key = tree_hash(staged) + sha256_file(Path(sphinx_tidy.__file__))[:16]
            final = self.out / "html"
            # The published static files are compared too: a site rendered before they were copied reliably
            # (a style sheet changed with no page) would otherwise stay stale.
            if (
                final.exists()
                and self.manifest.get(SITE_KEY).get("key") == site_key
                and not stale_static_files(staged / "_static", final / "_static")
            ):
                self.log(f"site up to date ({time.monotonic() - started:.1f}s): {final / 'index.html'}")
                return final
            layout = layout_key(staged)
            self._start_helpers()
            try:
                html = self.renderer.render(self.log, every_page=self.manifest.get(SITE_KEY).get("layout") != layout)
            except RenderError as exc:
                raise BuildError(str(exc)) from exc
        finally:
            drawn = self._figures_drawn()
        if not drawn:
            raise BuildError(f"drawing the static figures (SVG, PNG) in {self.figures_dir} failed; see the error above")
        copy_figures(self.figures_dir, html / "_static" / "figures", documents)
        final = publish(html, self.out)
        self.manifest.record(SITE_KEY, {"key": site_key, "layout": layout})
        self.manifest.save()
        self.log(f"book built in {time.monotonic() - started:.1f}s: {final / 'index.html'}")
        return final

    def _open_data(self) -> None:
        """Validate the whole package once; the ledger check and the analysis date read the same tables."""
        started = time.monotonic()
        self.log(f"validation: checking every table in {self.data_dir}")
        self.dataset = data.open_dataset(self.data_dir)
        self.log(
            f"validation: data ok in {time.monotonic() - started:.1f}s ("
            + ", ".join(f"{name} {n}" for name, n in self.dataset.row_counts().items())
            + " rows)"
        )
        if self.as_of is None:
            self.as_of = self.dataset.snapshot_date().isoformat()
        try:
            parameters.COMMON["as_of"].check("as_of", self.as_of, parameters.Bounds.of(self.dataset, None))
        except ParameterError as exc:
            raise BuildError(f"--as-of: {exc}") from None

    def _execute(
        self,
        documents: list[Document],
        extra_parameters: dict | None = None,
        extra_keys: dict[str, str] | None = None,
        stage: str = "chapters",
    ) -> dict[str, RunResult]:
        to_run, results, prose_only = [], {}, []
        self.documents += documents
        for doc in documents:
            parameters = {"data_dir": str(self.data_dir), "as_of": self.as_of, **(extra_parameters or {})}
            extra = (extra_keys or {}).get(doc.stem, "")
            keys = document_keys(doc.source, parameters, extra, self.environment)
            if not self.manifest.is_fresh(doc.stem, keys["key"], self.data_dir, doc.executed):
                if not (
                    self.manifest.is_fresh(
                        doc.stem, keys["execution_key"], self.data_dir, doc.executed, kind="execution_key"
                    )
                    and self._keep_outputs(doc, keys["key"])
                ):
                    to_run.append((doc, parameters, keys))
                    continue
                prose_only.append(doc.stem)
            results[doc.stem] = RunResult(
                doc.stem, True, 0.0, skipped=True, reads=list(self.manifest.get(doc.stem)["reads"])
            )
        if to_run or prose_only:
            self._start_helpers()
        stage_started = time.monotonic()
        fresh = len(documents) - len(to_run) - len(prose_only)
        workers = max(1, min(self.jobs, len(to_run)))
        if prose_only:
            self.log(f"{stage}: only the prose changed, outputs kept: " + ", ".join(prose_only))
        if to_run:
            self.log(
                f"executing {stage} ({len(to_run)} of {len(documents)}, {workers} at a time, {self.kernels} kernels"
                + (f"; {fresh} up to date" if fresh else "")
                + "): "
                + ", ".join(d.stem for d, _, _ in to_run)
            )
        elif not prose_only:
            self.log(f"{stage}: all {len(documents)} up to date")
        with futures.ProcessPoolExecutor(max_workers=workers) as pool:
            pending = {}
            for doc, parameters, keys in to_run:
                doc.executed.parent.mkdir(parents=True, exist_ok=True)
                job = pool.submit(
                    execute_notebook,
                    doc.stem,
                    str(doc.source),
                    str(doc.executed),
                    parameters,
                    str(doc.executed.with_suffix(".reads")),
                    str(self.figures_dir),
                    self.cell_timeout,
                    self.zygote.socket_path if self.zygote else None,
                    str(self.kernel_specs) if self.kernel_specs else None,
                )
                pending[job] = (doc, parameters, keys)
            for job in futures.as_completed(pending):
                doc, parameters, keys = pending[job]
                result = job.result()
                results[doc.stem] = result
                for line in result.kernel_output:
                    self.log(f"  {doc.stem} (kernel): {line}")
                if result.ok:
                    hide_plumbing(doc.executed)
                    self._draw_figures_of([doc])
                    self.manifest.record(
                        doc.stem,
                        {
                            **keys,
                            "parameters": parameters,
                            "seconds": round(result.seconds, 2),
                            "executed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                            "reads": read_digests(self.data_dir, result.reads),
                        },
                    )
                    self.log(f"  {doc.stem}: ok in {result.seconds:.1f}s")
                else:
                    self.manifest.forget(doc.stem)
        self.manifest.save()
        if to_run:
            self.log(f"{stage}: done in {time.monotonic() - stage_started:.1f}s")
        failures = [r for r in results.values() if not r.ok]
        if failures:
            lines = [
                f"chapter {r.stem} failed at {r.message}\n    executed notebook with the traceback: "
                f"{self.executed_dir / (r.stem + '.ipynb')}"
                for r in failures
            ]
            raise BuildError("\n".join(lines))
        return results

    def _draw_figures_of(self, documents: list[Document]) -> None:
        """Have the static copies (SVG, PNG) of the charts these pages show drawn, in a process of their own (vl-convert
        starts in seconds: once per build), while the build goes on."""
        shown = set().union(*(shown_charts(doc.executed) for doc in documents if doc.executed.exists()))
        undrawn = [
            s for s in figures.undrawn_figures(self.figures_dir) if s.name.removesuffix(STATIC_SPEC_SUFFIX) in shown
        ]
        if not undrawn:
            return
        if self.drawing is None:
            self.drawing = futures.ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=exec, initargs=(WITHOUT_IRI_GRAMMAR,)
            )
        self.log(
            f"figures: drawing {len(undrawn)} static charts (SVG, PNG) of "
            + ", ".join(doc.stem for doc in documents)
            + " alongside"
        )
        chart_ids = sorted(s.name.removesuffix(STATIC_SPEC_SUFFIX) for s in undrawn)
        try:
            self.drawings.append(self.drawing.submit(figures.render_static_figures, self.figures_dir, chart_ids))
        except BrokenProcessPool as exc:  # the drawing process died: reported by _figures_drawn
            failed = futures.Future()
            failed.set_exception(exc)
            self.drawings.append(failed)

    def _figures_drawn(self) -> bool:
        """Wait for the static figures of every page, drawing any still missing (left by an interrupted build)."""
        futures.wait(self.drawings)
        self._draw_figures_of(self.documents)
        futures.wait(self.drawings)
        failed = [job.exception() for job in self.drawings if job.exception() is not None]
        for error in failed:
            self.log(f"figures: drawing failed: {type(error).__name__}: {error}")
        return not failed

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
            raise BuildError(
                "the claims ledger is incomplete:\n  "
                + "\n  ".join(problems[:40])
                + (f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else "")
            )


def _reads_results(document: Document) -> bool:
    try:
        return any(p.name == "results_path" for p in declared_parameters(document.source))
    except ParameterError:  # no parameters cell: the page takes no parameters at all
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--project",
        "--root",
        dest="root",
        type=Path,
        default=None,
        help="project folder (default: $LLMECON_PROJECT, else the one holding _toc.yml from here up)",
    )
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: ROOT/data)")
    parser.add_argument("--out", type=Path, default=None, help="build folder (default: ROOT/_build)")
    parser.add_argument("--as-of", default=None, help="analysis date (default: the data snapshot date)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: all cores)")
    parser.add_argument(
        "--only",
        nargs="+",
        default=None,
        metavar="CHAPTER",
        help="build only these chapters (as named in _toc.yml) and the landing page",
    )
    parser.add_argument(
        "--kernels",
        choices=KERNEL_MODES,
        default=None,
        help=f"forked: kernels forked from one process that has imported what chapters use; plain: "
        f"each kernel started from scratch (default here: {default_kernel_mode()})",
    )
    args = parser.parse_args(argv)
    try:
        root = (args.root or project_dir()).resolve()
    except ProjectNotFoundError as exc:
        parser.error(str(exc))
    try:
        Builder(
            root,
            args.data or root / "data",
            args.out or root / "_build",
            args.as_of,
            args.jobs,
            args.only,
            kernels=args.kernels,
        ).run()
    except data.DataValidationError as exc:
        print(f"build stopped: the data did not validate, nothing was published.\n{exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"build stopped, nothing was published:\n{exc}", file=sys.stderr)
        return 1
    return 0
