"""Execute notebooks with papermill, each in its own kernel, and say plainly where one failed."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill  # imported here, once, so that every worker the build forks has it
from papermill.exceptions import PapermillExecutionError

from llmecon.core import data
from llmecon.core.claims import fill_missing_numbers
from llmecon.core.figures import FIGURES_ENV, SITE_CHARTS_ENV

from .zygote import FORKED_KERNEL_NAME, KERNEL_LOG_ENV, PLAIN_KERNEL_NAME, ZYGOTE_ENV, ForkedKernelManager

CELL_TIMEOUT_SECONDS = 600
REMOVED_CELL_TAGS = ("parameters", "injected-parameters")
# What a run adds to a notebook and its code cells, beside outputs and execution counts.
RUN_NOTEBOOK_METADATA = ("papermill", "language_info")
RUN_CELL_METADATA = ("papermill", "execution")
# Lines every kernel prints on a healthy run: a notice about its local transport and, under load, the
# interrupt nbclient sends when a kernel is slow to shut down. Anything else a kernel prints is shown.
KERNEL_NOISE = ("Kernel is running over TCP without encryption", "KeyboardInterrupt caught in kernel")


@dataclass
class RunResult:
    stem: str
    ok: bool
    seconds: float
    skipped: bool = False
    message: str = ""
    reads: list[str] = field(default_factory=list)
    kernel_output: list[str] = field(default_factory=list)  # what the kernel wrote to stderr, less KERNEL_NOISE


def _kernel_output(stderr_path: Path) -> list[str]:
    if not stderr_path.exists():
        return []
    lines = stderr_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip() and not any(noise in line for noise in KERNEL_NOISE)]


def execute_notebook(
    stem: str,
    source: str,
    target: str,
    parameters: dict,
    reads_log: str,
    figures: str,
    cell_timeout: int,
    zygote_socket: str | None = None,
    kernel_specs: str | None = None,
) -> RunResult:
    """Run one notebook with papermill (in a worker process): in a kernel forked by the build's zygote when
    `zygote_socket` and `kernel_specs` (the folder holding the forked kernels' spec) are given, else in a
    plain kernel started from scratch."""
    os.environ[data.READS_LOG_ENV] = reads_log
    os.environ[SITE_CHARTS_ENV] = "1"
    os.environ[FIGURES_ENV] = figures
    Path(reads_log).unlink(missing_ok=True)
    declared = papermill.inspect_notebook(source)
    parameters = {k: v for k, v in parameters.items() if k in declared}
    kernel_stderr = Path(target).with_suffix(".kernel.log")
    kernel_stderr.unlink(missing_ok=True)
    kernel_name, manager = PLAIN_KERNEL_NAME, {}
    if zygote_socket and kernel_specs:
        kernel_name, manager = FORKED_KERNEL_NAME, {"kernel_manager_class": ForkedKernelManager}
        os.environ.update(
            {
                ZYGOTE_ENV: zygote_socket,
                KERNEL_LOG_ENV: str(kernel_stderr),
                "JUPYTER_PATH": os.pathsep.join(filter(None, [kernel_specs, os.environ.get("JUPYTER_PATH")])),
            }
        )
    started = time.monotonic()
    try:
        with _output_to(kernel_stderr):
            papermill.execute_notebook(
                source,
                target,
                parameters=parameters,
                kernel_name=kernel_name,
                cwd=str(Path(source).parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=cell_timeout,
                # Saving the whole notebook after every cell costs about a second per chapter; papermill still
                # writes it at the end and on failure, with the failing cell's error or status.
                request_save_on_cell_execute=False,
                **manager,
            )
    except PapermillExecutionError as exc:
        return RunResult(
            stem,
            False,
            time.monotonic() - started,
            message=describe_failure(Path(target), exc.ename, exc.evalue),
            kernel_output=_kernel_output(kernel_stderr),
        )
    except Exception as exc:  # timeouts, dead kernels, unreadable notebooks
        text = str(exc).strip()
        if not Path(target).exists():
            _keep_failed_notebook(Path(source), Path(target), f"{type(exc).__name__}: {text}")
        return RunResult(
            stem,
            False,
            time.monotonic() - started,
            message=describe_failure(Path(target), type(exc).__name__, text),
            kernel_output=_kernel_output(kernel_stderr),
        )
    # A file name per line, or a file, column and value (tab-separated) for rows looked up (`data.Dataset.rows`).
    reads = sorted(set(Path(reads_log).read_text(encoding="utf-8").splitlines())) if Path(reads_log).exists() else []
    return RunResult(stem, True, time.monotonic() - started, reads=reads, kernel_output=_kernel_output(kernel_stderr))


@contextlib.contextmanager
def _output_to(log: Path):
    """Send this worker's standard output and error to `log` while a notebook runs: a plain kernel inherits them,
    so its output lands there, as a forked kernel's does (the zygote opens the same file for it)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    target = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(target, 1)
        os.dup2(target, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (target, *saved):
            os.close(fd)


def _keep_failed_notebook(source: Path, target: Path, error: str) -> None:
    """Papermill writes nothing when a cell times out: keep the notebook with the error on top instead."""
    notebook = nbformat.read(source, as_version=4)
    banner = nbformat.v4.new_markdown_cell(f"**Execution stopped:**\n\n```\n{error}\n```")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    notebook.cells.insert(0, banner)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def describe_failure(executed: Path, ename: str, evalue: str) -> str:
    """Name the failing cell as the reader's notebook numbers it (papermill's own cells left out).

    The cell is the one with an error output; for a timeout, which leaves
    none, the one whose code nbclient previews in its message.
    """
    reason = f"{ename}: {evalue.strip().splitlines()[0] if evalue.strip() else ''}"
    try:
        cells = [
            c
            for c in nbformat.read(executed, as_version=4).cells
            if not set(c.metadata.get("tags", [])) & {"injected-parameters", "papermill-error-cell-tag"}
        ]
    except Exception:
        return reason
    preview = re.search(r"preview of the cell contents:\s*-+\s*\[?'?([^'\n]+)", evalue)
    for number, cell in enumerate(cells, start=1):
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        previewed = preview is not None and cell.cell_type == "code" and cell.source.startswith(preview.group(1))
        if failed or previewed:
            first_line = next((text.strip() for text in cell.source.splitlines() if text.strip()), "")
            return f"cell {number} (code starting {first_line[:80]!r}): {reason}"
    return reason


def with_new_prose(source: Path, executed: Path) -> None:
    """Rewrite the executed notebook as the edited source with the outputs it already has.

    Valid when the two share their execution key (`cache.document_keys`): the same code cells in the
    same order, so the n-th code cell of one ran as the n-th of the other. Markdown, raw cells and
    metadata come from the source; outputs, execution counts and papermill's timings from the run;
    papermill's injected parameters cell stays after the cell it followed.
    """
    edited = nbformat.read(source, as_version=4)
    ran = nbformat.read(executed, as_version=4)
    injected_after, ran_code, previous = None, [], None
    for cell in ran.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            injected_after = (previous, cell)
        elif cell.cell_type == "code":
            ran_code.append(cell)
            previous = cell
    edited_code = [cell for cell in edited.cells if cell.cell_type == "code"]
    if [c.source for c in edited_code] != [c.source for c in ran_code]:
        raise ValueError(f"{executed} did not run the code of {source}: it must be executed again")
    cells = []
    if injected_after and injected_after[0] is None:
        cells.append(injected_after[1])
    outputs = dict(zip(map(id, edited_code), ran_code))
    for cell in edited.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        run = outputs[id(cell)]
        cell.outputs, cell.execution_count = run.outputs, run.execution_count
        cell.metadata.update({k: run.metadata[k] for k in RUN_CELL_METADATA if k in run.metadata})
        cells.append(cell)
        if injected_after and injected_after[0] is run:
            cells.append(injected_after[1])
    edited.cells = cells
    edited.metadata.update({k: ran.metadata[k] for k in RUN_NOTEBOOK_METADATA if k in ran.metadata})
    nbformat.write(edited, executed)


def hide_plumbing(executed: Path) -> None:
    """Parameter cells are plumbing: the chapters print the values they used instead. A number the data did
    not give for the run's parameters reads as such in the prose (`claims.fill_missing_numbers`)."""
    notebook = nbformat.read(executed, as_version=4)
    fill_missing_numbers(notebook)
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if any(t in tags for t in REMOVED_CELL_TAGS) and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(notebook, executed)
