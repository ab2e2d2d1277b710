"""Render the staged book with Jupyter Book, then swap it in for the published site in one step."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import time
from pathlib import Path


# Imported by the render process while the chapters execute, with Sphinx's built-in extensions, so that rendering
# starts with Sphinx and the book's extensions loaded (0.8 s of every render). Best effort: a module missing here
# loads when needed.
PRELOADED = ("jupyter_book.sphinx", "sphinx.application", "sphinx.builders.html", "sphinx.search.en", "myst_nb",
             "myst_nb.sphinx_ext", "sphinx_book_theme", "pydata_sphinx_theme", "sphinx_design", "sphinx_togglebutton",
             "sphinx_copybutton", "sphinx_comments", "sphinx_external_toc", "sphinx_jupyterbook_latex",
             "sphinx_multitoc_numbering", "sphinx_thebe", "myst_nb.ext.glue.directives", "myst_nb.ext.glue.domain",
             "myst_nb.ext.glue.roles", "myst_nb.ext.execution_tables", "myst_nb.core.lexers", "myst_parser.sphinx_ext.directives",
             "myst_parser.sphinx_ext.mathjax", "myst_parser.sphinx_ext.myst_refs", "a11y_pygments.utils", "IPython.lib.lexers",
             "sphinx_design.extension", "sphinx_external_toc.events", "sphinx_jupyterbook_latex.events",
             "docutils.parsers.rst.directives.admonitions", "docutils.parsers.rst.directives.tables", "jinja2.sandbox", "jinja2.ext")
# The render process: the jupyter-book command, started early and waiting for the word to render, less
# - the 2.5 s that jsonschema's import spends compiling rfc3987_syntax's grammar (it only checks IRI formats
#   the book's configuration never uses);
# - the 0.1 s Jinja spends compiling the theme's templates on every render: they are cached as bytecode in the
#   folder given as the first argument (Jinja checks each template's source against its cached copy);
# - the 0.3 s Python spends tearing down Sphinx's objects at exit.
JUPYTER_BOOK_WHEN_TOLD = f"""
import contextlib, importlib, os, sys
sys.modules.setdefault("rfc3987_syntax", None)
import jinja2, sphinx.jinja2glue
from jupyter_book.cli.main import main
from sphinx.application import builtin_extensions
for name in [*{PRELOADED!r}, *builtin_extensions]:
    with contextlib.suppress(Exception):
        importlib.import_module(name)
template_cache = sys.argv.pop(1)
os.makedirs(template_cache, exist_ok=True)

class TemplatesCompiledOnce(sphinx.jinja2glue.SandboxedEnvironment):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bytecode_cache", jinja2.FileSystemBytecodeCache(template_cache))
        super().__init__(*args, **kwargs)

sphinx.jinja2glue.SandboxedEnvironment = TemplatesCompiledOnce
word = sys.stdin.readline().split()
if word[:1] == ["render"]:
    sys.argv[0] = "jupyter-book"
    sys.argv += word[1:]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
"""


class RenderError(RuntimeError):
    """Sphinx warned or failed; the message lists the warnings and names the full log."""


class Renderer:
    """Jupyter Book, started with the build and rendering when asked. It renders the staged book in
    OUT/.render, where Sphinx keeps its environment between builds (only changed pages are read and
    written), and copies the HTML aside for the swap."""

    def __init__(self, stage: Path, out: Path):
        self.stage, self.out = stage, out
        self.render_dir = out / ".render"
        command = [sys.executable, "-c", JUPYTER_BOOK_WHEN_TOLD, str(self.render_dir / "templates"), "build", str(stage),
                   "--path-output", str(self.render_dir), "-W", "-n", "--keep-going"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)

    def render(self, log) -> Path:
        started = time.monotonic()
        html = self.render_dir / "_build" / "html"
        stale = stale_static_files(self.stage / "_static", html / "_static")
        # Pages name each style sheet and script with a checksum of its content: when one changed, every page
        # is written again (Sphinx alone would write only pages whose source changed).
        everything = any(path.suffix in (".css", ".js") for path in stale)
        log("render: Jupyter Book is building the HTML (warnings are errors)"
            + ("; a style sheet or script changed, so every page is written" if everything else ""))
        stdout, stderr = self.process.communicate("render --all\n" if everything else "render\n")
        log_path = self.out / "jupyter-book.log"
        log_path.write_text(stdout + stderr)
        if self.process.returncode != 0:
            # A page that warned is already in the kept environment and would not be read (nor warn) again.
            shutil.rmtree(self.render_dir, ignore_errors=True)
            problems = [line for line in (stdout + stderr).splitlines() if "WARNING" in line or "ERROR" in line]
            raise RenderError("HTML build failed (warnings are errors):\n  " + "\n  ".join(problems[:20])
                              + f"\n  full log: {log_path}")
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
        """Stop a render process that was never asked to render (nothing changed, or an earlier step failed)."""
        if self.process.returncode is None:
            self.process.terminate()
            self.process.communicate()


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
