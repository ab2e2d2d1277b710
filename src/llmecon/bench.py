"""Measure the build on this machine: `python -m llmecon.bench` (what `make bench` runs).

Works on a throwaway copy of the project so the working tree and its _build
are never touched. Reports cold build, no-change rebuild, rebuild after
editing one chapter and after changing one data file, page sizes, and the
same book built by Jupyter Book's own sequential execution for comparison.
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

from .build import Builder, toc_documents

COPIED = ["_config.yml", "_toc.yml", "_static", "about", "chapters", "data", "index.ipynb"]
SHARED_ASSETS = ("_static", "_sphinx_design_static", "_images")
TARGETS = {"speedup_vs_sequential": 1.5, "no_change_share_of_cold": 0.10, "max_page_kb": 300}


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


def run(root: Path) -> dict:
    quiet = lambda *_: None  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="llmecon-bench-") as scratch:
        project = _copy_project(root, Path(scratch) / "project")
        out = Path(scratch) / "_build"
        build = lambda: Builder(project, project / "data", out, log=quiet).run()  # noqa: E731
        figures = {"cold_build_s": _timed(build), "no_change_rebuild_s": _timed(build)}

        _, chapters = toc_documents(project)
        notebook = project / f"{chapters[0]}.ipynb"
        content = json.loads(notebook.read_text())
        content["metadata"]["bench_touch"] = time.time()
        notebook.write_text(json.dumps(content, indent=1))
        figures["one_chapter_edited_s"] = _timed(build)

        fx = project / "data" / "fx.csv"
        lines = fx.read_text().splitlines()
        # Nudge one exchange rate in the last decimal place: a real data change every fx reader must see.
        date, rate, source = lines[-1].split(",")
        lines[-1] = f"{date},{float(rate) + 0.0001:.4f},{source}"
        fx.write_text("\n".join(lines) + "\n")
        figures["one_data_file_changed_s"] = _timed(build)

        sizes = _page_sizes(out / "html")
        figures["largest_page"] = max(sizes, key=sizes.get)
        figures["largest_page_kb"] = sizes[figures["largest_page"]] / 1024
        figures["site_total_mb"] = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file()) / 2**20
        figures["sequential_jupyter_book_s"] = _sequential_baseline(project, out / "executed" / "results.json")
    figures["speedup_vs_sequential"] = figures["sequential_jupyter_book_s"] / figures["cold_build_s"]
    figures["no_change_share_of_cold"] = figures["no_change_rebuild_s"] / figures["cold_build_s"]
    figures["targets_met"] = {
        "speedup_vs_sequential": figures["speedup_vs_sequential"] >= TARGETS["speedup_vs_sequential"],
        "no_change_share_of_cold": figures["no_change_share_of_cold"] <= TARGETS["no_change_share_of_cold"],
        "max_page_kb": figures["largest_page_kb"] <= TARGETS["max_page_kb"],
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = run(args.root.resolve())
    print(f"cold build (parallel papermill + Jupyter Book) {figures['cold_build_s']:7.1f} s")
    print(f"same book, Jupyter Book sequential execution  {figures['sequential_jupyter_book_s']:7.1f} s"
          f"   speed-up {figures['speedup_vs_sequential']:.2f}x (target >= {TARGETS['speedup_vs_sequential']}x)")
    print(f"no-change rebuild                             {figures['no_change_rebuild_s']:7.1f} s"
          f"   {100 * figures['no_change_share_of_cold']:.0f}% of cold (target <= {100 * TARGETS['no_change_share_of_cold']:.0f}%)")
    print(f"rebuild after editing one chapter             {figures['one_chapter_edited_s']:7.1f} s")
    print(f"rebuild after changing one data file          {figures['one_data_file_changed_s']:7.1f} s")
    print(f"largest page {figures['largest_page']}: {figures['largest_page_kb']:.0f} KB"
          f" (target <= {TARGETS['max_page_kb']} KB, shared JS/CSS excluded); whole site {figures['site_total_mb']:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0 if all(figures["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
