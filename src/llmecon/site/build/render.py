"""Render the staged book with Jupyter Book, then swap it in for the published site in one step."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path


# The jupyter-book command, less the 2.5 s that jsonschema's import spends compiling rfc3987_syntax's grammar,
# which only checks IRI formats the book's configuration never uses (the build's kernels skip it too).
JUPYTER_BOOK_WITHOUT_IRI_GRAMMAR = ("import sys; sys.modules.setdefault('rfc3987_syntax', None); "
                                    "from jupyter_book.cli.main import main; sys.argv[0] = 'jupyter-book'; sys.exit(main())")


class RenderError(RuntimeError):
    """Sphinx warned or failed; the message lists the warnings and names the full log."""


def render(stage: Path, out: Path, log) -> Path:
    """Render the staged book to HTML in OUT/.render, where Sphinx keeps its environment between builds
    (only changed pages are read and written), then copy the HTML aside for the swap."""
    render_dir = out / ".render"
    command = [sys.executable, "-c", JUPYTER_BOOK_WITHOUT_IRI_GRAMMAR, "build", str(stage),
               "--path-output", str(render_dir), "-W", "-n", "--keep-going"]
    started = time.monotonic()
    log("render: Jupyter Book is building the HTML (warnings are errors)")
    completed = subprocess.run(command, capture_output=True, text=True)
    log_path = out / "jupyter-book.log"
    log_path.write_text(completed.stdout + completed.stderr)
    if completed.returncode != 0:
        # A page that warned is already in the kept environment and would not be read (nor warn) again.
        shutil.rmtree(render_dir, ignore_errors=True)
        problems = [line for line in (completed.stdout + completed.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line]
        raise RenderError("HTML build failed (warnings are errors):\n  " + "\n  ".join(problems[:20])
                          + f"\n  full log: {log_path}")
    next_dir = out / ".next"
    shutil.rmtree(next_dir, ignore_errors=True)
    shutil.copytree(render_dir / "_build" / "html", next_dir)
    log(f"render: done in {time.monotonic() - started:.1f}s")
    return next_dir


def publish(html: Path, out: Path) -> Path:
    """Replace OUT/html with the new site; until this point the last good site stays in place."""
    final, previous = out / "html", out / ".html-previous"
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    html.rename(final)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(out / ".next", ignore_errors=True)
    return final
