"""Render the staged book with Jupyter Book, then swap it in for the published site in one step."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Imported by the render process while the chapters execute, so that rendering starts with Sphinx, its builders and
# domains and the book's extensions loaded (0.8 s of every render). Best effort: a module missing here loads when
# needed.
PRELOADED = (
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.search.en",
    "sphinx.domains.python",
    "sphinx.domains.std",
    "sphinx.domains.c",
    "sphinx.domains.cpp",
    "sphinx.domains.javascript",
    "sphinx.domains.math",
    "sphinx.directives.code",
    "sphinx.directives.other",
    "sphinx.directives.patches",
    "sphinx.environment.collectors.toctree",
    "sphinx.transforms.post_transforms",
    "myst_nb",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_design",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_comments",
    "sphinx_external_toc",
    "sphinx_jupyterbook_latex",
    "sphinx_multitoc_numbering",
    "sphinx_thebe",
    "myst_nb.ext.glue.directives",
    "myst_nb.ext.glue.domain",
    "myst_nb.ext.glue.roles",
    "myst_nb.ext.execution_tables",
    "myst_nb.core.lexers",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.mathjax",
    "myst_parser.sphinx_ext.myst_refs",
    "a11y_pygments.utils",
    "IPython.lib.lexers",
    "sphinx_design.extension",
    "sphinx_external_toc.events",
    "sphinx_jupyterbook_latex.events",
    "docutils.parsers.rst.directives.admonitions",
    "docutils.parsers.rst.directives.tables",
    "jinja2.sandbox",
    "jinja2.ext",
)
# The render process: Jupyter Book's own command (`jupyter_book.cli.main.main`, what `jupyter-book` runs), started
# with the build and waiting for the word to render (argv: the log file, then the command's arguments). It writes
# the command's output to the log, answers with the exit code on its standard output, and only then exits, so the
# build goes on while Python tears down Sphinx's objects (0.3 s). jsonschema (imported by Jupyter Book) compiles
# the optional rfc3987_syntax grammar on import, 2.5 s spent only to check IRI formats the book's configuration
# never uses: this process does without it (a None entry in sys.modules makes that import fail, as Python documents).
JUPYTER_BOOK_WHEN_TOLD = f"""
import contextlib, importlib, os, sys
sys.modules.setdefault("rfc3987_syntax", None)
from jupyter_book.cli.main import main
for name in {PRELOADED!r}:
    with contextlib.suppress(Exception):
        importlib.import_module(name)
log_path = sys.argv.pop(1)
word = sys.stdin.readline().split()
if word[:1] == ["render"]:
    sys.argv[0] = "jupyter-book"
    sys.argv += word[1:]
    answer = os.fdopen(os.dup(1), "w")
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    print(code, file=answer, flush=True)
    answer.close()
    sys.exit(code)
"""


class RenderError(RuntimeError):
    """Sphinx warned or failed; the message lists the warnings and names the full log."""


class Renderer:
    """Jupyter Book, started early (once a page is to run) and rendering when asked. It renders the staged book in
    OUT/.render, where Sphinx keeps its environment between builds (only changed pages are read and
    written), and copies the HTML aside for the swap."""

    def __init__(self, stage: Path, out: Path):
        self.stage, self.out = stage, out
        self.render_dir = out / ".render"
        self.log_path = out / "jupyter-book.log"
        command = [
            sys.executable,
            "-c",
            JUPYTER_BOOK_WHEN_TOLD,
            str(self.log_path),
            "build",
            str(stage),
            "--path-output",
            str(self.render_dir),
            "-W",
            "-n",
            "--keep-going",
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.asked = False

    def render(self, log, every_page: bool = False) -> Path:
        """Render the staged book; `every_page` has every page written again (the toc, the configuration or a
        page's title changed: every page's sidebar shows them)."""
        started = time.monotonic()
        html = self.render_dir / "_build" / "html"
        stale = stale_static_files(self.stage / "_static", html / "_static")
        # Pages name each style sheet and script with a checksum of its content: when one changed, every page
        # is written again (Sphinx alone would write only pages whose source changed).
        restyled = any(path.suffix in (".css", ".js") for path in stale)
        everything = restyled or every_page
        log(
            "render: Jupyter Book is building the HTML (warnings are errors)"
            + (
                "; a style sheet or script changed, so every page is written"
                if restyled
                else "; the contents, configuration or a page title changed, so every page is written"
                if every_page
                else ""
            )
        )
        self.asked = True
        self.process.stdin.write("render --all\n" if everything else "render\n")
        self.process.stdin.close()
        answer = self.process.stdout.readline().strip()
        code = int(answer) if answer else (self.process.wait() or 1)  # no answer: it died before it could say
        if code != 0:
            # A page that warned is already in the kept environment and would not be read (nor warn) again.
            self.process.wait()
            shutil.rmtree(self.render_dir, ignore_errors=True)
            output = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
            problems = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
            raise RenderError(
                "HTML build failed (warnings are errors):\n  "
                + "\n  ".join(problems[:20])
                + f"\n  full log: {self.log_path}"
            )
        # Sphinx copies static files only when it writes a page: a file that changed while no page did is
        # copied here.
        for path in stale_static_files(self.stage / "_static", html / "_static"):
            (html / "_static" / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.stage / "_static" / path, html / "_static" / path)
        next_dir = self.out / ".next"
        shutil.rmtree(next_dir, ignore_errors=True)
        shutil.copytree(html, next_dir)
        log(f"render: done in {time.monotonic() - started:.1f}s")
        return next_dir

    def close(self) -> None:
        """Wait for the render process to exit; stop one that was never asked to render (nothing changed, or an
        earlier step failed)."""
        if not self.asked and self.process.poll() is None:
            self.process.terminate()
        for stream in (self.process.stdin, self.process.stdout):
            if not stream.closed:
                stream.close()
        self.process.wait()


def stale_static_files(staged: Path, rendered: Path) -> list[Path]:
    """The book's own static files (relative paths) that the rendered site lacks or holds an older copy of."""
    stale = []
    for path in sorted(p for p in staged.rglob("*") if p.is_file()):
        copy = rendered / path.relative_to(staged)
        if not copy.is_file() or not filecmp.cmp(path, copy, shallow=False):
            stale.append(path.relative_to(staged))
    return stale


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
