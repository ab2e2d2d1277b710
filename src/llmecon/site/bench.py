"""Measure the build on this machine: `python -m llmecon.site.bench` (what `make bench` runs).

Works on a throwaway copy of the project so the working tree and its _build
are never touched. Reports cold build, no-change rebuild, rebuild after
editing one chapter's code and then its prose only, after changing one data
file, page sizes, the same book built by Jupyter Book's own sequential
execution for comparison, and the wall time of the test suite; writes them
to _build/bench.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .builder import Builder, toc_documents

COPIED = ["_config.yml", "_toc.yml", "_static", "about", "chapters", "data", "index.ipynb"]
SHARED_ASSETS = ("_static", "_sphinx_design_static", "_images")
# Each target: (figure, bound) read as figure <= bound.
TARGETS = {
    "cold_share_of_sequential": 0.5,
    "one_chapter_share_of_cold": 0.25,
    "one_chapter_prose_share_of_cold": 0.25,
    "one_data_file_share_of_cold": 0.5,
    "no_change_share_of_cold": 0.10,
    "largest_page_kb": 300,
    "tests_s": 180,
}


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
    cell = next(c for c in content["cells"] if c["cell_type"] == cell_type
                and "parameters" not in c.get("metadata", {}).get("tags", []))
    cell["source"] = "".join(cell["source"]) + addition
    notebook.write_text(json.dumps(content, indent=1))


def _timed(action) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def _page_sizes(html: Path) -> dict[str, int]:
    """Bytes of each page's own HTML (shared scripts, styles and fonts excluded)."""
    return {str(p.relative_to(html)): p.stat().st_size for p in html.rglob("*.html")
            if not p.relative_to(html).parts[0] in SHARED_ASSETS and p.name not in ("search.html", "genindex.html")}


def _sequential_baseline(project: Path, results: Path) -> float:
    """The same book built by Jupyter Book alone, executing every notebook in turn (execute_notebooks: force)."""
    config = yaml.safe_load((project / "_config.yml").read_text())
    config["execute"] = {"execute_notebooks": "force", "timeout": 600, "raise_on_error": True}
    (project / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    # The landing page reads the build's results record from its default path.
    target = project / "_build" / "executed" / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(results, target)
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(project), "--path-output",
               str(project / "_sequential")]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - started


def _test_suite(root: Path) -> float:
    """Wall time of the whole test suite, as `make test` runs it."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=root, check=True,
                   capture_output=True)
    return time.monotonic() - started


def run(root: Path, with_tests: bool = True) -> dict:
    quiet = lambda *_: None  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="llmecon-bench-") as scratch:
        project = _copy_project(root, Path(scratch) / "project")
        out = Path(scratch) / "_build"
        build = lambda: Builder(project, project / "data", out, log=quiet).run()  # noqa: E731
        figures = {"cold_s": _timed(build), "no_change_s": _timed(build)}

        _, chapters = toc_documents(project)
        notebook = project / f"{chapters[0]}.ipynb"
        # Chapter 1, the slowest: a change to its code (re-executed), then to its prose only (re-rendered).
        _edit_first_cell(notebook, "code", f"\n# bench edit {time.time()}")
        figures["one_chapter_s"] = _timed(build)
        _edit_first_cell(notebook, "markdown", f" (Edited at {time.time()}.)")
        figures["one_chapter_prose_s"] = _timed(build)

        fx = project / "data" / "fx.csv"
        lines = fx.read_text().splitlines()
        # Nudge one exchange rate in the last decimal place: a real data change every fx reader must see.
        date, rate, source = lines[-1].split(",")
        lines[-1] = f"{date},{float(rate) + 0.0001:.4f},{source}"
        fx.write_text("\n".join(lines) + "\n")
        figures["one_data_file_s"] = _timed(build)

        sizes = _page_sizes(out / "html")
        figures["largest_page"] = max(sizes, key=sizes.get)
        figures["largest_page_kb"] = sizes[figures["largest_page"]] / 1024
        figures["site_total_mb"] = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file()) / 2**20
        figures["sequential_s"] = _sequential_baseline(project, out / "executed" / "results.json")
    if with_tests:
        figures["tests_s"] = _test_suite(root)
    figures["cold_share_of_sequential"] = figures["cold_s"] / figures["sequential_s"]
    for name in ("one_chapter", "one_chapter_prose", "one_data_file", "no_change"):
        figures[f"{name}_share_of_cold"] = figures[f"{name}_s"] / figures["cold_s"]
    figures["targets_met"] = {name: figures[name] <= bound for name, bound in TARGETS.items() if name in figures}
    return figures


def _report(figures: dict) -> list[str]:
    def row(label: str, seconds: str, target: str = "") -> str:
        mark = {True: "  ok", False: "  MISSED"}.get(figures["targets_met"].get(target)) if target else ""
        bound = f"(target <= {TARGETS[target]:g}{'x' if 'share' in target else ''})" if target else ""
        return f"{label:<46}{seconds:>10}   {bound}{mark or ''}"

    lines = [
        row("cold build (parallel papermill + Jupyter Book)", f"{figures['cold_s']:.1f} s"),
        row("same book, Jupyter Book sequential execution", f"{figures['sequential_s']:.1f} s"),
        row("  cold as a share of sequential", f"{figures['cold_share_of_sequential']:.2f}x", "cold_share_of_sequential"),
        row("rebuild after editing one chapter's code", f"{figures['one_chapter_s']:.1f} s"),
        row("  as a share of cold", f"{figures['one_chapter_share_of_cold']:.2f}x", "one_chapter_share_of_cold"),
        row("rebuild after editing its prose only", f"{figures['one_chapter_prose_s']:.1f} s"),
        row("  as a share of cold", f"{figures['one_chapter_prose_share_of_cold']:.2f}x",
            "one_chapter_prose_share_of_cold"),
        row("rebuild after changing one data file", f"{figures['one_data_file_s']:.1f} s"),
        row("  as a share of cold", f"{figures['one_data_file_share_of_cold']:.2f}x", "one_data_file_share_of_cold"),
        row("no-change rebuild", f"{figures['no_change_s']:.1f} s"),
        row("  as a share of cold", f"{figures['no_change_share_of_cold']:.2f}x", "no_change_share_of_cold"),
        row(f"largest page ({figures['largest_page']})", f"{figures['largest_page_kb']:.0f} KB", "largest_page_kb"),
        row("whole site", f"{figures['site_total_mb']:.1f} MB"),
    ]
    if "tests_s" in figures:
        lines.append(row("test suite (wall)", f"{figures['tests_s']:.0f} s", "tests_s"))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--json", type=Path, default=None, help="where to write the figures (default: ROOT/_build/bench.json)")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    figures = run(root, with_tests=not args.skip_tests)
    print("\n".join(_report(figures)))
    target = args.json or root / "_build" / "bench.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(figures, indent=1))
    print(f"figures written to {target}")
    return 0 if all(figures["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
