"""Import new observations into the data folder from public catalogues.

    python -m llmecon.importers SRC [SRC ...] [--data DIR] [--retrieved YYYY-MM-DD] [--source-url URL]
                                [--update-changed] [--skip-bad-rows] [--list-unmatched] [--dry-run]

SRC is a file, a folder of files, or an http(s) URL (downloaded with a
timeout). Recognised formats, one module each:
- `genai_prices`: a genai-prices provider catalogue (`prices/providers/*.yml`) -> prices;
- `llmrates`: the LLMRates.ai `models.csv` price catalogue -> prices;
- `epoch`: Epoch AI's notable-models CSV -> training_compute (new and revised
  rows), training_runs and models (revisions of rows already there);
- `llm_prices`: Simon Willison's llm-prices vendor files (`data/<vendor>.json`) -> prices;
- `tokencost`: LiteLLM's model price list as tokencost ships it (`model_prices.json`) -> prices;
- `llm_prices_cn`: llmabacus.com's Chinese model prices (`prices.json`) -> prices;
- `fred`: FRED's DEXCHUS download (yuan per US dollar, daily) -> fx;
- `epoch_eci`: Epoch AI's Capabilities Index (`epoch_capabilities_index.csv`) -> eci_models;
- `epoch_runs`: Epoch AI's own benchmark runs (`benchmarks_runs.csv`) -> benchmarks (GPQA Diamond);
- `arena`: LMArena's text leaderboard as fboulnois/llm-leaderboard-csv copies it -> arena_snapshots;
- `gix`: the GPU price index backfill (henryzhangpku/gpu-price-index) -> gpu_rental;
- `project`: a CSV in the project's own schema for any table (header = a resource's fields).

Dates: a snapshot is dated by --retrieved, else by its own latest date (a
genai-prices file's latest prices_checked), else by today when it was
downloaded; so a file dates the same from disk and from a URL. --observed
DATE says the file is the upstream as of a commit of that date: the prices it
adds were first seen then (date_basis observed), which is how a catalogue's
git history becomes a dated price series, one commit at a time.

Upstream model names become project model ids through data/model_aliases.csv
first (a curated decision wins over a coincidence of spelling; an alias row
with an empty model_id excludes a name on purpose), then an exact model_id
match. Anything else is reported as unmatched, never guessed
(--list-unmatched prints every such name).

A row whose primary key is already present is "unchanged" when its values
are equal and "changed" when they differ (`merge`); changed rows are only
reported unless --update-changed is given, which applies them and keeps each
replaced value in data/revisions.csv (date, table, row, column, old and new
value, source). A price equal to the one already in force for that model,
provider, currency and tier is unchanged too, so weekly snapshots do not pile
up copies. Each snapshot that contributes rows gets a sources row (URL,
retrieval date, licence).

All-or-nothing: the import works on a temporary copy of the data folder,
validates the whole package there (every rule of `llmecon.core.data`, cross-table
ones included), and only then moves the changed files in (one atomic rename
each). Any rejected row rejects the whole import (exit 1) unless
--skip-bad-rows is given, which drops every row that fails any rule, lists
each with its file, row and reason, and imports the rest; a rejected import
leaves the data folder byte-for-byte as it was.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from llmecon.core import data

from . import (
    arena,
    epoch,
    epoch_eci,
    epoch_runs,
    fred,
    genai_prices,
    gix,
    llm_prices,
    llm_prices_cn,
    llmrates,
    project,
    tokencost,
)
from .common import (
    ALIASES,
    ARENA,
    EPOCH_ECI,
    EPOCH_NOTABLE,
    EPOCH_RUNS,
    FRED,
    GENAI_PRICES,
    GIX,
    LLM_PRICES,
    LLM_PRICES_CN,
    LLMRATES,
    TOKENCOST,
    ImportRejected,
    ModelNames,
    Reading,
    Snapshot,
    new_versions,
)
from .merge import REVIEW_KINDS, Merge, Outcome, read_tables

__all__ = ["ImportRejected", "Outcome", "Snapshot", "main", "review_list", "run_import", "summary"]

DOWNLOAD_TIMEOUT_SECONDS = 60
UNMATCHED_SHOWN = 40


JSON_FORMATS = ((LLM_PRICES, llm_prices), (LLM_PRICES_CN, llm_prices_cn), (TOKENCOST, tokencost))


def _detect(path: Path, text: str, descriptor: dict) -> tuple[str, str | None]:
    """(format, table for the project's own schema)."""
    if path.suffix.lower() in (".yml", ".yaml"):
        return GENAI_PRICES, None
    if path.suffix.lower() == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRejected(f"{path.name}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
        for kind, module in JSON_FORMATS:
            if module.is_format(document):
                return kind, None
        raise ImportRejected(
            f"{path.name}: unknown JSON format: neither an llm-prices vendor file, "
            "llm-prices-cn's prices.json nor LiteLLM's model price list"
        )
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except (StopIteration, csv.Error):
        raise ImportRejected(f"{path.name}: empty or not a CSV file") from None
    columns = {c.strip() for c in header}
    for resource in descriptor["resources"]:
        if columns == {f["name"] for f in resource["schema"]["fields"]}:
            return "project", resource["name"]
    if llmrates.COLUMNS <= columns:
        return LLMRATES, None
    if epoch.COLUMNS <= columns:
        return EPOCH_NOTABLE, None
    if fred.is_format(columns):
        return FRED, None
    for kind, module in ((EPOCH_ECI, epoch_eci), (EPOCH_RUNS, epoch_runs), (ARENA, arena), (GIX, gix)):
        if module.COLUMNS <= columns:
            return kind, None
    raise ImportRejected(
        f"{path.name}: unknown format: the header matches no table of datapackage.json, "
        "nor the LLMRates, Epoch AI notable-models or ECI, FRED DEXCHUS, LMArena or GPU price "
        "index columns"
    )


def _expand(sources: list[str], workdir: Path) -> list[tuple[Path, str | None]]:
    """Local files to read, each with the URL it was downloaded from (None for local files)."""
    found = []
    for source in sources:
        if re.match(r"https?://", source):
            # One folder per download keeps the upstream file name, which names the format and the source.
            target = workdir / str(len(found)) / (Path(urllib.parse.urlparse(source).path).name or "download")
            target.parent.mkdir()
            try:
                with urllib.request.urlopen(source, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
                    target.write_bytes(response.read())
            except OSError as exc:
                raise ImportRejected(f"{source}: download failed ({exc})") from None
            found.append((target, source))
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yml", ".yaml", ".csv", ".json"))
            if not files:
                raise ImportRejected(f"{path}: no .yml, .json or .csv files in this folder")
            found += [(p, None) for p in files]
        elif path.is_file():
            found.append((path, None))
        else:
            raise ImportRejected(f"{source}: no such file or folder")
    return found


def _read_snapshots(
    sources: list[str],
    downloads: Path,
    descriptor: dict,
    tables: dict,
    retrieved: dt.date | None,
    source_url: str | None,
    observed: dt.date | None,
) -> list[Snapshot]:
    names = ModelNames({r["model_id"] for r in tables["models"][1]}, tables[ALIASES][1] if ALIASES in tables else [])
    snapshots = []
    for path, url in _expand(sources, downloads):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRejected(f"{path.name}: not valid UTF-8 (byte {exc.start})") from None
        kind, table = _detect(path, text, descriptor)
        label = url or str(path)
        reading = Reading(retrieved, url is not None, url or source_url, observed)
        try:
            if kind in dict(JSON_FORMATS):
                snapshots.append(dict(JSON_FORMATS)[kind].read(path, json.loads(text), names, reading))
            elif kind == GENAI_PRICES:
                snapshots.append(genai_prices.read(path, text, names, reading))
            elif kind == LLMRATES:
                snapshots.append(llmrates.read(path, text, names, reading))
            elif kind == FRED:
                snapshots.append(fred.read(path, text, reading, tables["fx"][1] if "fx" in tables else []))
            elif kind == EPOCH_ECI:
                snapshots.append(epoch_eci.read(path, text, reading))
            elif kind == EPOCH_RUNS:
                snapshots.append(epoch_runs.read(path, text, names, reading, tables["benchmarks"][1]))
            elif kind == ARENA:
                snapshots.append(arena.read(path, text, reading, tables["arena_snapshots"][1]))
            elif kind == GIX:
                snapshots.append(gix.read(path, text, reading))
            elif kind == EPOCH_NOTABLE:
                snapshots.append(
                    epoch.read(
                        path,
                        text,
                        names,
                        reading,
                        {t: tables[t][1] for t in ("models", "training_runs") if t in tables},
                    )
                )
            else:
                snapshots.append(project.read(path, text, table))
        except ImportRejected as exc:
            raise ImportRejected(f"{exc} [from {label}]") from None
    return snapshots


def _blame(problems: list[data.Problem], placed: dict) -> tuple[dict, list[data.Problem]]:
    """The imported rows each validation problem involves, and the problems no imported row explains."""
    blamed, unexplained = {}, []
    for problem in problems:
        rows = [(problem.file, problem.line), *problem.related]
        culprits = [placed[(Path(file).name, line)] for file, line in rows if (Path(file).name, line) in placed]
        if not culprits:
            unexplained.append(problem)
        column = f"column '{problem.column}': " if problem.column else ""
        for candidate in culprits:
            blamed.setdefault(candidate, f"{column}{problem.reason}")
    return blamed, unexplained


def run_import(
    sources: list[str],
    data_dir: Path,
    retrieved: dt.date | None = None,
    source_url: str | None = None,
    update_changed: bool = False,
    skip_bad_rows: bool = False,
    dry_run: bool = False,
    observed: dt.date | None = None,
) -> tuple[list[Snapshot], Outcome]:
    """Import `sources` into `data_dir`; raise ImportRejected (data untouched) when refused."""
    data_dir = Path(data_dir).resolve()
    data.validate(data_dir)  # never build on a folder that is already broken
    work = Path(tempfile.mkdtemp(prefix=".import-", dir=data_dir.parent))
    try:
        descriptor = data.read_descriptor(data_dir)
        tables = read_tables(data_dir, descriptor)
        downloads = work / "downloads"
        downloads.mkdir()
        snapshots = _read_snapshots(sources, downloads, descriptor, tables, retrieved, source_url, observed)
        candidates = [c for s in snapshots for c in s.candidates]
        refused: dict = {}  # candidate -> why the package would not validate with it
        while True:  # each pass drops the rows the last validation blamed; rows only ever leave
            merge = Merge(descriptor, tables, update_changed, dt.date.today())
            merge.pending_sources = {s.source["source_id"] for s in snapshots if s.source}
            merge.merge([c for c in candidates if c not in refused])
            applied = {o for _, _, o in merge.outcome.added}
            if update_changed:
                applied |= {o for _, _, o, _ in merge.outcome.changed}
            merge.add_sources(
                [(s.source, s.label) for s in snapshots if s.source],
                {c.row.get("source_id") for c in candidates if c.origin in applied and c not in refused},
            )
            outcome = merge.outcome
            outcome.changes_applied = update_changed and not dry_run
            outcome.rejected = (
                [r for s in snapshots for r in s.rejected]
                + outcome.rejected
                + [(f"{c.origin} (for {c.table})", why) for c, why in refused.items()]
            )
            if outcome.rejected and not skip_bad_rows:
                raise ImportRejected(
                    "import rejected, nothing was written:\n"
                    + "\n".join(f"  - {origin}: {reason}" for origin, reason in outcome.rejected)
                    + "\n  (fix the rows, or rerun with --skip-bad-rows to import the others)"
                )
            if not merge.dirty:
                return snapshots, outcome
            copy = work / data_dir.name
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(data_dir, copy)
            placed = merge.write(copy)
            try:
                data.validate(copy)
                break
            except data.DataValidationError as exc:
                blamed, unexplained = _blame(exc.problems, placed)
                if unexplained:
                    message = str(exc).replace(str(copy), str(data_dir))
                    raise ImportRejected(
                        f"import rejected, nothing was written: the data would not validate.\n{message}"
                    ) from None
                if not skip_bad_rows:  # name the upstream file and line, not a line of a file never written
                    raise ImportRejected(
                        "import rejected, nothing was written: the data would not validate with "
                        "these imported rows:\n"
                        + "\n".join(f"  - {c.origin} (for {c.table}): {why}" for c, why in blamed.items())
                        + "\n  (fix the rows, or rerun with --skip-bad-rows to import the others)"
                    ) from None
                refused.update(blamed)
        if not dry_run:
            for table in sorted(merge.dirty, key=lambda t: (t != "sources", t)):  # referenced rows land first
                name = merge.resources[table]["path"]
                os.replace(copy / name, data_dir / name)
                outcome.written.append(name)
        return snapshots, outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(
    snapshots: list[Snapshot], outcome: Outcome, data_dir: Path, dry_run: bool, list_unmatched: bool = False
) -> str:
    lines = []
    for s in snapshots:
        date = (
            ""
            if not s.source
            else f", read {s.source['retrieved']}"
            if s.source["published"] in ("", s.source["retrieved"])
            else f", as of a commit of {s.source['published']}"
        )
        lines.append(f"read {s.label} ({s.kind}{date}): {len(s.candidates)} candidate rows")
        if s.unmatched:
            shown = s.unmatched if list_unmatched else s.unmatched[:UNMATCHED_SHOWN]
            more = len(s.unmatched) - len(shown)
            why = (
                "no models.csv row; their training_compute and training_runs rows are still read"
                if s.kind == EPOCH_NOTABLE
                else "not imported, add them to model_aliases.csv to import"
            )
            lines.append(
                f"  unmatched names ({len(s.unmatched)}; {why}): {', '.join(shown)}"
                + (f", ... and {more} more (--list-unmatched lists them all)" if more else "")
            )
        if s.excluded:
            lines.append(f"  excluded by model_aliases.csv ({len(s.excluded)}): {', '.join(sorted(set(s.excluded)))}")
        for origin, reason in s.skipped:
            lines.append(f"  skipped {origin}: {reason}")
    lines.append(
        f"rows added: {len(outcome.added)}, changed: {len(outcome.changed)}, "
        f"unchanged: {len(outcome.unchanged)}, held for review: {len(outcome.held)}, "
        f"rejected: {len(outcome.rejected)}"
    )
    lines += [f"  added    {table}: {key}  <- {origin}" for table, key, origin in outcome.added]
    lines += [
        f"  changed  {table}: {key}: {difference}  <- {origin}" for table, key, origin, difference in outcome.changed
    ]
    lines += [f"  unchanged {table}: {key} ({why})" for table, key, _, why in outcome.unchanged[:UNMATCHED_SHOWN]]
    if len(outcome.unchanged) > UNMATCHED_SHOWN:
        lines.append(f"  ... and {len(outcome.unchanged) - UNMATCHED_SHOWN} more unchanged")
    lines += [f"  rejected {origin}: {reason}" for origin, reason in outcome.rejected]
    if outcome.held:
        lines.append(f"held for review, not applied ({held_counts(outcome)}):")
    lines += [f"  held     {table}: {key}: {why}  <- {origin}" for table, key, origin, why in outcome.held]
    versions = new_version_names(snapshots, data_dir)
    if versions:
        lines.append(
            f"unmatched names that look like new versions of known models ({len(versions)}; add an "
            f"alias row to import them): {', '.join(versions)}"
        )
    if outcome.changed and not outcome.changes_applied:
        lines.append("changed rows were reported, not applied: --update-changed replaces them with the imported values")
    elif outcome.revisions and not dry_run:
        lines.append(f"revisions kept in revisions.csv: {len(outcome.revisions)}")
        lines += [
            f"  revised  {r['table']}: {r['row_key']}: {r['column']} {r['old_value'] or '(empty)'} -> "
            f"{r['new_value'] or '(empty)'}"
            for r in outcome.revisions
        ]
    if dry_run:
        lines.append("dry run: the import validated; nothing was written")
    elif outcome.written:
        lines.append(f"written to {data_dir}: {', '.join(outcome.written)}")
    else:
        lines.append(f"nothing new: {data_dir} is unchanged")
    return "\n".join(lines)


def new_version_names(snapshots: list[Snapshot], data_dir: Path) -> list[str]:
    """Unmatched price-catalogue names that look like new versions of a model the data know."""
    known = {r["model_id"] for r in read_tables(data_dir, data.read_descriptor(data_dir))["models"][1]}
    unmatched = {n for s in snapshots if s.kind != EPOCH_NOTABLE for n in s.unmatched}
    return new_versions(sorted(unmatched), known)


def held_counts(outcome: Outcome) -> str:
    """How many held prices of each kind: "price of a floating alias: 3, price rise on a retired model: 1"."""
    counts = {kind: sum(kind in kinds for kinds in outcome.held_kinds) for kind in REVIEW_KINDS}
    return ", ".join(f"{REVIEW_KINDS[kind]}: {n}" for kind, n in counts.items() if n)


def review_list(snapshots: list[Snapshot], outcome: Outcome, data_dir: Path) -> str:
    """Markdown of what awaits a reviewer: prices held back and why, and names that look like new versions
    of known models; empty when there is nothing."""
    versions = new_version_names(snapshots, data_dir)
    if not outcome.held and not versions:
        return ""
    lines = [
        f"## Prices held for review ({len(outcome.held)})",
        "",
        "Not applied: each needs a reviewer's decision (add the row by hand with the right date basis and "
        "price kind, or an alias row, or leave it out)."
        + (f" By kind: {held_counts(outcome)}." if outcome.held else ""),
        "",
    ]
    lines += [f"- `{key}`: {why} (from {origin})" for _, key, origin, why in outcome.held] or ["- none"]
    lines += [
        "",
        f"## Unmatched names that look like new versions of known models ({len(versions)})",
        "",
        "Add a `model_aliases.csv` row (and a `models.csv` row with the release date from the record) "
        "to import their prices.",
        "",
    ]
    lines += [f"- `{name}`" for name in versions] or ["- none"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", metavar="SRC", help="file, folder of files, or http(s) URL")
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument(
        "--retrieved",
        type=dt.date.fromisoformat,
        default=None,
        help="retrieval date YYYY-MM-DD (default: a file's own latest date, such as a genai-prices "
        "file's latest prices_checked; today for a download; required otherwise)",
    )
    parser.add_argument(
        "--observed",
        type=dt.date.fromisoformat,
        default=None,
        help="the file is the upstream as of a commit of this date YYYY-MM-DD: the prices it adds "
        "were first seen then (date_basis observed)",
    )
    parser.add_argument("--source-url", default=None, help="URL to cite for a local file (default: its upstream)")
    parser.add_argument(
        "--update-changed",
        action="store_true",
        help="replace rows whose key exists with different values, keeping the old values in "
        "revisions.csv (default: report them only)",
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the valid rows and list the rejected ones (default: reject the whole import)",
    )
    parser.add_argument(
        "--list-unmatched",
        action="store_true",
        help=f"list every unmatched upstream name (default: the first {UNMATCHED_SHOWN} per file)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    parser.add_argument(
        "--review",
        type=Path,
        default=None,
        help="write the list of what awaits review (held prices, names of new versions) here",
    )
    args = parser.parse_args(argv)
    try:
        snapshots, outcome = run_import(
            args.sources,
            args.data,
            args.retrieved,
            args.source_url,
            args.update_changed,
            args.skip_bad_rows,
            args.dry_run,
            args.observed,
        )
    except ImportRejected as exc:
        print(f"{exc}\n{args.data} was left as it was.", file=sys.stderr)
        return 1
    except data.DataValidationError as exc:
        print(f"the data folder does not validate before the import; fix it first.\n{exc}", file=sys.stderr)
        return 2
    print(summary(snapshots, outcome, args.data, args.dry_run, args.list_unmatched))
    if args.review:
        args.review.parent.mkdir(parents=True, exist_ok=True)
        args.review.write_text(review_list(snapshots, outcome, args.data), encoding="utf-8")
    return 0
