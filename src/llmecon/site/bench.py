"""Measure the build on this machine against Jupyter Book's own: `python -m llmecon.site.bench` (`make bench`).

Works on a throwaway copy of the project so the working tree and its _build
are never touched. Times the same book built by Jupyter Book's own sequential
execution (`sequential_s`, the peer every target is a share of), the cold
build with the default kernels (`cold_s`) and with plain ones (`plain_cold_s`),
the rebuilds after a code edit of chapter 1 (`one_chapter_s`), after rows
appended to prices.csv and sources.csv as a weekly import does (`weekly_s`)
and with nothing changed (`no_change_s`), page sizes, and the wall time of
the test suite (`tests_s`); writes them to _build/bench.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from llmecon import ProjectNotFoundError, project_dir

from .builder import Builder, toc_documents

COPIED = [
    "_config.yml",
    "_toc.yml",
    "_static",
    "about",
    "chapters",
    "data",
    "index.ipynb",
    "requirements.txt",
    "package-lock.json",
]
SHARED_ASSETS = ("_static", "_sphinx_design_static", "_images")
# Each target: (figure, bound) read as figure <= bound. Rebuilds and cold builds are shares of Jupyter Book's own
# sequential build of the same book; the no-change rebuild is in seconds.
TARGETS = {
    "cold_share_of_sequential": 0.30,
    "plain_cold_share_of_sequential": 0.70,
    "one_chapter_share_of_sequential": 0.10,
    "weekly_share_of_sequential": 0.15,
    "no_change_s": 1.0,
    "largest_page_kb": 300,
    "tests_s": 150,
}
SHARES = ("cold", "plain_cold", "one_chapter", "weekly")


def _copy_project(root: Path, into: Path) -> Path:
    into.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.exists():
            shutil.copy2(source, into / name)
    (into / "node_modules").symlink_to(root / "node_modules")
    return into


def _edit_first_cell(notebook: Path, cell_type: str, addition: str) -> None:
    content = json.loads(notebook.read_text())
    cell = next(
        c
        for c in content["cells"]
        if c["cell_type"] == cell_type and "parameters" not in c.get("metadata", {}).get("tags", [])
    )
    cell["source"] = "".join(cell["source"]) + addition
    notebook.write_text(json.dumps(content, indent=1))


def _timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def _page_sizes(html: Path) -> dict[str, int]:
    """Bytes of each page's own HTML (shared scripts, styles and fonts excluded)."""
    return {
        str(p.relative_to(html)): p.stat().st_size
        for p in html.rglob("*.html")
        if p.relative_to(html).parts[0] not in SHARED_ASSETS and p.name not in ("search.html", "genindex.html")
    }


def _sequential_baseline(project: Path, results: Path) -> float:
    """The same book built by Jupyter Book alone, executing every notebook in turn (execute_notebooks: force)."""
    config = yaml.safe_load((project / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": "force", "timeout": 600, "raise_on_error": True}
    (project / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    # The landing page reads the build's results record from its default path.
    target = project / "_build" / "executed" / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(results, target)
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(project),
        "--path-output",
        str(project / "_sequential"),
    ]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def _test_suite(root: Path) -> float:
    """Wall time of the whole test suite, as `make test` runs it."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=root, check=True, capture_output=True
    )
    return time.monotonic() - started


def _append_weekly_rows(data_dir: Path) -> None:
    """What a weekly import adds: a source (a catalogue snapshot) and a price it gives, appended at the end of
    sources.csv and prices.csv. The source is dated on the data's snapshot date, so the analysis date, which every
    chapter states, stays where it is (an import dated later moves it, and with it every chapter)."""
    with (data_dir / "sources.csv").open(newline="", encoding="utf-8") as handle:
        sources = list(csv.DictReader(handle))
    with (data_dir / "prices.csv").open(newline="", encoding="utf-8") as handle:
        prices = list(csv.DictReader(handle))
    snapshot = max(row["retrieved"] for row in sources)
    source = {
        **sources[-1],
        "source_id": "bench_weekly_snapshot",
        "title": "A weekly catalogue snapshot (benchmark)",
        "published": "",
        "retrieved": snapshot,
        "notes": "Added by the build benchmark.",
    }
    price = {
        **prices[-1],
        "effective_date": snapshot,
        "source_id": source["source_id"],
        "notes": "Added by the build benchmark.",
    }
    for name, row in (("sources.csv", source), ("prices.csv", price)):
        with (data_dir / name).open("a", newline="", encoding="utf-8") as handle:
            csv.DictWriter(handle, fieldnames=list(row), lineterminator="\n").writerow(row)


def run(root: Path, with_tests: bool = True, jobs: int | None = None) -> dict:
    quiet = lambda *_: None  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="llmecon-bench-") as scratch:
        project = _copy_project(root, Path(scratch) / "project")
        out = Path(scratch) / "_build"

        def build(kernels: str | None = None, folder: Path = out) -> None:
            Builder(project, project / "data", folder, log=quiet, jobs=jobs, kernels=kernels).run()

        figures = {"cold_s": _timed(build), "no_change_s": _timed(build)}

        _, chapters = toc_documents(project)
        # Chapter 1, the slowest: a change to its code, so that it runs again.
        _edit_first_cell(project / f"{chapters[0]}.ipynb", "code", f"\n# bench edit {time.time()}")
        figures["one_chapter_s"] = _timed(build)
        _append_weekly_rows(project / "data")
        figures["weekly_s"] = _timed(build)

        sizes = _page_sizes(out / "html")
        figures["largest_page"] = max(sizes, key=sizes.get)
        figures["largest_page_kb"] = sizes[figures["largest_page"]] / 1024
        figures["site_total_mb"] = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file()) / 2**20
        figures["plain_cold_s"] = _timed(lambda: build("plain", Path(scratch) / "_build-plain"))
        figures["sequential_s"] = _sequential_baseline(project, out / "executed" / "results.json")
    if with_tests:
        figures["tests_s"] = _test_suite(root)
    for name in SHARES:
        figures[f"{name}_share_of_sequential"] = figures[f"{name}_s"] / figures["sequential_s"]
    figures["targets_met"] = {name: figures[name] <= bound for name, bound in TARGETS.items() if name in figures}
    return figures


def _report(figures: dict) -> list[str]:
    def row(label: str, seconds: str, target: str = "") -> str:
        mark = {True: "  ok", False: "  MISSED"}.get(figures["targets_met"].get(target)) if target else ""
        unit = "x" if "share" in target else " s" if target.endswith("_s") else " KB" if target.endswith("_kb") else ""
        bound = f"(target <= {TARGETS[target]:g}{unit})" if target else ""
        return f"{label:<46}{seconds:>10}   {bound}{mark or ''}"

    lines = [
        row("Jupyter Book's own sequential execution", f"{figures['sequential_s']:.1f} s"),
        row("cold build (default kernels)", f"{figures['cold_s']:.1f} s"),
        row("  as a share of sequential", f"{figures['cold_share_of_sequential']:.2f}x", "cold_share_of_sequential"),
        row("cold build, plain kernels", f"{figures['plain_cold_s']:.1f} s"),
        row(
            "  as a share of sequential",
            f"{figures['plain_cold_share_of_sequential']:.2f}x",
            "plain_cold_share_of_sequential",
        ),
        row("rebuild after a code edit of chapter 1", f"{figures['one_chapter_s']:.1f} s"),
        row(
            "  as a share of sequential",
            f"{figures['one_chapter_share_of_sequential']:.2f}x",
            "one_chapter_share_of_sequential",
        ),
        row("rebuild after a weekly import (prices, sources)", f"{figures['weekly_s']:.1f} s"),
        row(
            "  as a share of sequential", f"{figures['weekly_share_of_sequential']:.2f}x", "weekly_share_of_sequential"
        ),
        row("no-change rebuild", f"{figures['no_change_s']:.1f} s", "no_change_s"),
        row(f"largest page ({figures['largest_page']})", f"{figures['largest_page_kb']:.0f} KB", "largest_page_kb"),
        row("whole site", f"{figures['site_total_mb']:.1f} MB"),
    ]
    if "tests_s" in figures:
        lines.append(row("test suite (wall)", f"{figures['tests_s']:.0f} s", "tests_s"))
    return lines


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
    parser.add_argument(
        "--json", type=Path, default=None, help="where to write the figures (default: ROOT/_build/bench.json)"
    )
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--jobs", type=int, default=None, help="parallel chapters (default: all cores)")
    args = parser.parse_args(argv)
    try:
        root = (args.root or project_dir()).resolve()
    except ProjectNotFoundError as exc:
        parser.error(str(exc))
    figures = run(root, with_tests=not args.skip_tests, jobs=args.jobs)
    print("\n".join(_report(figures)))
    target = args.json or root / "_build" / "bench.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(figures, indent=1))
    print(f"figures written to {target}")
    return 0 if all(figures["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
