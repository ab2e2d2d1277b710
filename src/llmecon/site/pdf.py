"""Print the built site to one PDF: `python -m llmecon.site.pdf` (what `make pdf` runs).

Each page, in the order of _toc.yml, is printed by headless Chromium from
the site served on 127.0.0.1; the print stylesheet replaces every
interactive chart by its static PNG. The pages are then merged into one file,
with the book's title and author (from _config.yml) as its metadata.
Chinese quotes need a CJK font installed for Chromium to embed: `make pdf`
installs Debian's fonts-noto-cjk when none is present, and printing stops
with a message rather than write a PDF of empty boxes.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import yaml
from pypdf import PdfWriter

from llmecon import ProjectNotFoundError, project_dir

from .builder import toc_documents

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def cjk_fonts() -> list[str]:
    """Installed fonts that cover Chinese (fontconfig's view, which is what Chromium uses)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})


def book_metadata(root: Path) -> dict[str, str]:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return {"/Title": str(config.get("title", "")), "/Author": str(config.get("author", ""))}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve `folder` on a free port of 127.0.0.1 for as long as the block runs; yields the base URL (no
    trailing slash). The printer uses it, and so do the tests that stand in for upstream catalogues."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def print_book(root: Path, html: Path, target: Path, browser, documents: list[str] | None = None) -> Path:
    """Print every page of the site in `html` (or only `documents`, in the book's order) with a Playwright
    `browser` and merge them into `target`."""
    root_doc, docs = toc_documents(root)
    pages = [doc for doc in (root_doc, *docs) if documents is None or doc in documents]
    parts = target.parent / "pages"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    with serve(html) as base:
        for number, doc in enumerate(pages):
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page.goto(f"{base}/{doc}.html", wait_until="load")
            page.emulate_media(media="print")
            # Every chart's static copy must have loaded before printing.
            page.wait_for_function(
                "() => [...document.querySelectorAll('img.llmecon-print')].every(i => i.complete && i.naturalWidth > 0)",
                timeout=30_000,
            )
            page.pdf(
                path=str(parts / f"{number:02d}.pdf"),
                format="A4",
                print_background=True,
                margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
            )
            page.close()
    writer = PdfWriter()
    for part in sorted(parts.glob("*.pdf")):
        writer.append(str(part))
    writer.add_metadata(book_metadata(root))
    with target.open("wb") as handle:
        writer.write(handle)
    shutil.rmtree(parts)
    return target


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
    parser.add_argument("--html", type=Path, default=None, help="built site (default: ROOT/_build/html)")
    parser.add_argument("--out", type=Path, default=None, help="PDF to write (default: ROOT/_build/pdf/book.pdf)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    try:
        root = (args.root or project_dir()).resolve()
    except ProjectNotFoundError as exc:
        parser.error(str(exc))
    html = args.html or root / "_build" / "html"
    if not (html / "index.html").exists():
        print(f"no built site in {html}: run `make book` first", file=sys.stderr)
        return 1
    if not cjk_fonts():
        print(
            "no font with Chinese characters is installed, so every quote would print as empty boxes: "
            "install one (`make pdf` installs Debian's fonts-noto-cjk) and run again",
            file=sys.stderr,
        )
        return 1
    target = args.out or root / "_build" / "pdf" / "book.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        print(f"PDF written: {print_book(root, html, target, browser)}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
