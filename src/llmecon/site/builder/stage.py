"""What Sphinx renders: the documents `_toc.yml` names, laid out with their executed notebooks,
the chart libraries, the data download and the figures the pages show."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from llmecon.core.figures import STATIC_SPEC_SUFFIX

CHAPTER_DIR = "chapters/"
DATA_ZIP = "llm-economics-data.zip"
VENDOR_FILES = {
    "vega": "vega/build/vega.min.js",
    "vega-lite": "vega-lite/build/vega-lite.min.js",
    "vega-embed": "vega-embed/build/vega-embed.min.js",
}


class StageError(RuntimeError):
    """The project cannot be laid out for rendering; the message says what is missing."""


@dataclass
class Document:
    stem: str
    source: Path  # notebook in the project
    executed: Path  # notebook written by papermill


def toc_documents(root: Path) -> tuple[str, list[str]]:
    """(root document, chapter documents) named in _toc.yml, without extensions."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    docs: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))
            for part in entry.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return toc["root"], docs


def find_documents(
    root: Path, executed_dir: Path, only: list[str] | None = None
) -> tuple[list[Document], list[Document], list[Path]]:
    """(chapters, report pages, plain pages) named in _toc.yml.

    Chapters are the notebooks under chapters/: they execute first, in
    parallel. Report pages (the landing page and any other notebook) read
    the results record, so they execute after it. Markdown pages are copied.
    """
    root_doc, docs = toc_documents(root)
    if only:
        unknown = [o for o in only if o not in docs]
        if unknown:
            raise StageError(f"--only names documents not in _toc.yml: {', '.join(unknown)}")
        docs = [d for d in docs if d in only or not d.startswith(CHAPTER_DIR)]
    chapters, reports, pages = [], [], []
    for doc in [root_doc, *docs]:
        notebook, markdown = root / f"{doc}.ipynb", root / f"{doc}.md"
        if notebook.exists():
            entry = Document(doc, notebook, executed_dir / f"{doc}.ipynb")
            (chapters if doc.startswith(CHAPTER_DIR) else reports).append(entry)
        elif markdown.exists():
            pages.append(markdown)
        else:
            raise StageError(f"_toc.yml names {doc}, but neither {notebook} nor {markdown} exists")
    return chapters, reports, pages


def vendor_scripts(root: Path) -> dict[str, Path]:
    modules = root / "node_modules"
    found = {name: modules / rel for name, rel in VENDOR_FILES.items()}
    missing = [str(p) for p in found.values() if not p.exists()]
    if missing:
        raise StageError("vega libraries not installed (run `make book`, which runs npm ci): " + ", ".join(missing))
    return found


def staged_dir(out: Path) -> Path:
    """Where `stage` lays out the sources Sphinx renders (the renderer is pointed there before they exist)."""
    return out / "stage"


def stage(
    root: Path, out: Path, data_dir: Path, documents: list[Document], pages: list[Path], vendor: dict[str, Path]
) -> Path:
    """The sources Sphinx renders, laid out in OUT/stage. Files whose bytes did not change keep their
    modification time, so Sphinx's kept environment re-reads only the pages that changed."""
    fresh = out / ".stage-next"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    shutil.copy2(root / "_config.yml", fresh / "_config.yml")
    (fresh / "_toc.yml").write_text(staged_toc(root, documents, pages))
    if (root / "_static").is_dir():
        shutil.copytree(root / "_static", fresh / "_static")
    vendor_dir = fresh / "_static" / "vendor"
    vendor_dir.mkdir(parents=True, exist_ok=True)
    for path in vendor.values():
        shutil.copy2(path, vendor_dir / path.name)
    for doc in documents:
        target = fresh / f"{doc.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_without_run_details(doc.executed, target)
    for page in pages:
        target = fresh / page.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target)
    write_data_zip(data_dir, fresh / "_static" / "downloads" / DATA_ZIP)
    staged = staged_dir(out)
    sync_tree(fresh, staged)
    shutil.rmtree(fresh)
    return staged


RUN_TIMES = ("start_time", "end_time", "duration")
# The id pandas gives a styled table it was not told to name: T_ and five random hex digits.
RANDOM_TABLE_ID = re.compile(r"\bT_[0-9a-f]{5}(?=[_\"\\ ])")
# The memory address in an object's default plain text (`<pandas.io.formats.style.Styler at 0x7f...>`).
MEMORY_ADDRESS = re.compile(r"(<[\w.]+(?: object)? at )0x[0-9a-f]+>")


def write_without_run_details(executed: Path, target: Path) -> None:
    """The executed notebook less what changes on every run whatever it computes: run times, the cell ids
    nbformat draws at random for notebooks saved without ids, the random ids pandas gives styled tables a page
    did not name (both numbered here instead) and memory addresses in plain-text reprs. A chapter that ran again and shows the same outputs stages
    byte-identical, and Sphinx does not render it again."""
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    for part in (notebook, *notebook["cells"]):
        part["metadata"].pop("execution", None)
        for field in RUN_TIMES:
            part["metadata"].get("papermill", {}).pop(field, None)
    for number, cell in enumerate(notebook["cells"], start=1):
        if "id" in cell:
            cell["id"] = f"cell-{number}"
    # As nbformat writes notebooks (papermill wrote this one so), without its validation: 4x faster.
    text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    numbers: dict[str, str] = {}
    text = RANDOM_TABLE_ID.sub(lambda m: numbers.setdefault(m.group(), f"T_s{len(numbers) + 1}"), text)
    text = MEMORY_ADDRESS.sub(r"\1an address>", text)
    target.write_text(text, encoding="utf-8")


def staged_toc(root: Path, documents: list[Document], pages: list[Path]) -> str:
    """The project's toc, less any chapter left out with --only."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    kept = {d.stem for d in documents} | {p.relative_to(root).with_suffix("").as_posix() for p in pages}

    def prune(entries):
        return [e for e in entries if e.get("file") in kept]

    if "chapters" in toc:
        toc["chapters"] = prune(toc["chapters"])
    for part in toc.get("parts", []) or []:
        part["chapters"] = prune(part["chapters"])
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]] if "parts" in toc else None
    return yaml.safe_dump({k: v for k, v in toc.items() if v is not None}, sort_keys=False, allow_unicode=True)


def write_data_zip(data_dir: Path, target: Path) -> None:
    """The data package as a zip for the landing page's download link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Fixed timestamps keep the zip byte-identical for identical data, so the site cache holds.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(data_dir.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                info = zipfile.ZipInfo(f"data/{path.name}", date_time=(2020, 1, 1, 0, 0, 0))
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)


CHART_ID = re.compile(r"chart-[0-9a-f]{12}")  # charts are named by a hash of their spec (charts._site_renderer)


def shown_charts(executed: Path) -> set[str]:
    """The ids of the charts an executed notebook shows."""
    return set(CHART_ID.findall(executed.read_text(encoding="utf-8")))


def copy_figures(figures_dir: Path, target: Path, documents: list[Document]) -> None:
    """The figures the pages show (not stale ones from earlier runs): SVG, PNG and the plotted rows."""
    shown, tables = set(), set()
    for doc in documents:
        text = doc.executed.read_text(encoding="utf-8")
        shown |= set(CHART_ID.findall(text))
        tables |= set(re.findall(r'data-table=\\?"([a-z0-9_]+\.csv)', text))  # charts.table_download links
    target.mkdir(parents=True, exist_ok=True)
    for name in tables:
        shutil.copy2(figures_dir / name, target / name)
    for path in figures_dir.glob("chart-*.*") if figures_dir.exists() else []:
        if path.name.split(".")[0] in shown and not path.name.endswith(STATIC_SPEC_SUFFIX):
            shutil.copy2(path, target / path.name)


def sync_tree(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`, rewriting only files whose bytes differ and removing the rest."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        if path.relative_to(target) not in wanted:
            path.unlink()
    for rel in sorted(wanted):
        new, old = source / rel, target / rel
        if old.is_file() and old.read_bytes() == new.read_bytes():
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(new, old)
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def page_title(path: Path) -> str:
    """A page's title as the sidebar shows it: the first level-1 heading of its first markdown."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c["cell_type"] == "markdown"
        ]
    else:
        texts = [path.read_text(encoding="utf-8")]
    for text in texts:
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def layout_key(staged: Path) -> str:
    """What every page shows of the others: the table of contents, the book's configuration and each page's
    title. Sphinx writes only the pages whose source changed, so when this changes every page is written again,
    or the other pages' sidebars would keep the old titles."""
    digest = hashlib.sha256()
    for name in ("_toc.yml", "_config.yml"):
        digest.update(name.encode() + b"\0" + (staged / name).read_bytes())
    for path in sorted([*staged.rglob("*.ipynb"), *staged.rglob("*.md")]):
        digest.update(f"\0{path.relative_to(staged).as_posix()}\0{page_title(path)}".encode())
    return digest.hexdigest()
