"""Import new observations into the data folder from public catalogues.

    python -m llmecon.importers SRC [SRC ...] [--data DIR] [--retrieved YYYY-MM-DD]
                                [--source-url URL] [--update-changed] [--skip-bad-rows] [--dry-run]

SRC is a file, a folder of files, or an http(s) URL (downloaded with a
timeout). Recognised formats:
- a genai-prices provider catalogue (`prices/providers/*.yml`) -> prices;
- the LLMRates.ai `models.csv` price catalogue -> prices;
- Epoch AI's notable-models CSV -> training_compute (new and revised rows),
  training_runs and models (revisions of rows already there);
- a CSV in the project's own schema for any table (header = a resource's fields).

Upstream model names become project model ids through data/model_aliases.csv
first (a curated decision wins over a coincidence of spelling; an alias row
with an empty model_id excludes a name on purpose), then an exact model_id
match. Anything else is reported as unmatched, never guessed.

A row whose primary key is already present is "unchanged" when its values
are equal and "changed" when they differ; changed rows are only reported
unless --update-changed is given. A price equal to the one already in force
for that model and provider is unchanged too, so weekly snapshots do not pile
up copies. Each snapshot that contributes rows gets a sources row (URL,
retrieval date, licence).

All-or-nothing: the import works on a temporary copy of the data folder,
validates the whole package there, and only then moves the changed files in
(one atomic rename each). Any rejected row rejects the whole import (exit 1)
unless --skip-bad-rows is given; a rejected import leaves the data folder
byte-for-byte as it was.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import data

ALIASES = "model_aliases"
DOWNLOAD_TIMEOUT_SECONDS = 60
# Provenance, not observations: a re-import that only words a note differently, or dates a known price
# less precisely (a catalogue reading of an announced price), changes nothing.
PROVENANCE_FIELDS = {"notes", "source_id", "date_basis"}
# Tables whose rows others point at are merged first, so references resolve.
MERGE_ORDER = ["sources", "models", ALIASES]

GENAI_PRICES = "genai-prices"
LLMRATES = "llmrates"
EPOCH_NOTABLE = "epoch-notable"

LLMRATES_COLUMNS = {"provider_slug", "provider_name", "model_slug", "price_unit", "processing_tier",
                    "input_price_per_million", "output_price_per_million"}
EPOCH_COLUMNS = {"Model", "Organization", "Publication date", "Training compute (FLOP)", "Model accessibility"}
# training_compute holds Epoch's notable language models since 2020 that the public can use and
# that have a compute estimate (its description in datapackage.json); new rows must meet the same rule.
PUBLIC_ACCESS = {"API access", "Hosted access (no API)", "Open weights (unrestricted)",
                 "Open weights (restricted use)", "Open weights (non-commercial)"}
TRAINING_COMPUTE_SINCE = "2020-01-01"

# Where each snapshot comes from when it is read from a local copy (a URL given on the command line wins).
UPSTREAM = {
    GENAI_PRICES: {"url": "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/providers/{file}",
                   "publisher": "Pydantic (pydantic/genai-prices)", "licence": "MIT"},
    LLMRATES: {"url": "https://raw.githubusercontent.com/llmrates/llm-pricing-dataset/main/data/models.csv",
               "publisher": "LLMRates.ai (llmrates/llm-pricing-dataset)", "licence": "CC-BY-4.0"},
    EPOCH_NOTABLE: {"url": "https://epoch.ai/data/notable_ai_models.csv",
                    "publisher": "Epoch AI", "licence": "CC-BY-4.0"},
}


class ImportRejected(RuntimeError):
    """The import was refused; the data folder was not touched."""


@dataclass
class Candidate:
    """One row an upstream file proposes for one table, as raw cells in the project's schema."""
    table: str
    row: dict[str, str]
    origin: str  # where it came from: file and line or model


@dataclass
class Snapshot:
    """What one upstream file proposes, and what it could not."""
    label: str
    kind: str
    source: dict[str, str] | None  # the sources row describing the snapshot
    candidates: list[Candidate] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # names model_aliases.csv leaves out on purpose
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (table, key, origin)
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (table, key, origin, difference)
    unchanged: list[tuple[str, str, str, str]] = field(default_factory=list)  # (table, key, origin, why)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    written: list[str] = field(default_factory=list)  # files replaced in the data folder
    changes_applied: bool = False


# -- reading upstream files -----------------------------------------------------


class ModelNames:
    """Upstream names to project model ids: curated aliases first, then exact ids."""

    def __init__(self, model_ids: set[str], aliases: list[dict[str, str]]):
        self.model_ids = model_ids
        self.aliases = {(a["catalogue"], a["alias"]): a["model_id"] for a in aliases}

    def resolve(self, catalogue: str, name: str) -> tuple[str | None, bool]:
        """(model id or None, excluded on purpose)."""
        if (catalogue, name) in self.aliases:
            model_id = self.aliases[(catalogue, name)]
            return (model_id or None), not model_id
        return (name if name in self.model_ids else None), False


def _number(value) -> str:
    """A YAML or CSV number as a CSV cell, without float noise."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return str(value).strip()


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def _token_price(value) -> tuple[object, bool]:
    """genai-prices gives a number, or {base, tiers} for long-context surcharges: (base price, tiered)."""
    if isinstance(value, dict):
        return value.get("base"), True
    return value, False


def read_genai_prices(path: Path, text: str, names: ModelNames, retrieved: dt.date | None,
                      source_url: str | None) -> Snapshot:
    label = path.name
    try:
        catalogue = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ImportRejected(f"{label}{where}: not valid YAML ({problem})") from None
    if not isinstance(catalogue, dict) or not isinstance(catalogue.get("models"), list) or "name" not in catalogue:
        raise ImportRejected(f"{label}: not a genai-prices provider file (needs 'name' and a 'models' list)")
    checked = [m["prices_checked"] for m in catalogue["models"] if isinstance(m, dict) and m.get("prices_checked")]
    if retrieved is None:
        if not checked:
            raise ImportRejected(f"{label}: no prices_checked date in the file; give --retrieved YYYY-MM-DD")
        retrieved = max(dt.date.fromisoformat(_iso(c)) for c in checked)
    provider = str(catalogue["name"])
    provider_id = re.sub(r"[^a-z0-9_.-]", "_", str(catalogue.get("id", provider)).lower())
    url = source_url or UPSTREAM[GENAI_PRICES]["url"].format(file=path.name)
    snapshot = Snapshot(label, GENAI_PRICES, _source_row(
        f"genai_prices_{provider_id}_{retrieved:%Y%m%d}", f"genai-prices prices/providers/{path.name}",
        GENAI_PRICES, url, retrieved,
        "Imported with llmecon.importers; each model's prices_checked (the date the price was last verified) "
        "is the observation date, the retrieval date where it has none."))
    for entry in catalogue["models"]:
        upstream_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        origin = f"{label}, model '{upstream_id}' (line {_line_of(text, upstream_id)})"
        model_id, excluded = names.resolve(GENAI_PRICES, upstream_id)
        if excluded:
            snapshot.excluded.append(upstream_id)
            continue
        if model_id is None:
            snapshot.unmatched.append(upstream_id)
            continue
        for effective, date_basis, prices, note in _genai_price_lines(entry, retrieved, snapshot, origin):
            input_price, input_tiered = _token_price(prices.get("input_mtok"))
            output_price, output_tiered = _token_price(prices.get("output_mtok"))
            if input_price is None or output_price is None:
                snapshot.rejected.append((origin, "no per-token input and output price (input_mtok, output_mtok)"))
                continue
            notes = [note, f"upstream id {upstream_id}"]
            if input_tiered or output_tiered:
                notes.append("base price; long-context tiers not imported")
            snapshot.candidates.append(Candidate("prices", {
                "model_id": model_id, "provider": provider, "currency": "USD", "effective_date": _iso(effective),
                "date_basis": date_basis, "input_per_m": _number(input_price), "output_per_m": _number(output_price),
                "context_tier": "", "price_kind": "list", "notes": "; ".join(notes),
                "source_id": snapshot.source["source_id"]}, origin))
    return snapshot


def _genai_price_lines(entry: dict, retrieved: dt.date, snapshot: Snapshot, origin: str):
    """(date, date_basis, prices, note) for each price of a catalogue entry the prices table can hold.

    A catalogue's check date only shows the price was in force then (`catalogue`);
    a dated constraint gives the date the price took effect (`announced`).
    """
    observed = entry.get("prices_checked")
    when = dt.date.fromisoformat(_iso(observed)) if observed else retrieved
    note = ("observed on prices_checked date in genai-prices snapshot; not the date the price took effect"
            if observed else "observed in genai-prices snapshot on its retrieval date; not the date the price took effect")
    prices = entry.get("prices")
    if isinstance(prices, dict):
        if prices:
            yield when, "catalogue", prices, note
        else:
            snapshot.skipped.append((origin, "no prices listed"))
        return
    if not isinstance(prices, list):
        snapshot.rejected.append((origin, "prices is neither a mapping nor a list"))
        return
    constraints = [p.get("constraint") or {} for p in prices]
    if any("start_time" in c or "end_time" in c for c in constraints):
        snapshot.skipped.append((origin, "time-of-day prices (off-peak discounts): one list price per date "
                                         "cannot represent them"))
        return
    for item, constraint in zip(prices, constraints):
        if "start_date" in constraint:
            start = dt.date.fromisoformat(_iso(constraint["start_date"]))
            if start > dt.date.today():
                snapshot.skipped.append((origin, f"price taking effect in the future ({start}) not imported"))
                continue
            yield start, "announced", item.get("prices") or {}, f"dated price constraint start_date {start} in genai-prices"
        elif constraint:
            snapshot.skipped.append((origin, f"price constraint {sorted(constraint)} not supported"))
        else:
            yield when, "catalogue", item.get("prices") or {}, note


def _line_of(text: str, upstream_id: str) -> int | str:
    found = re.search(rf"^\s*-\s*id:\s*['\"]?{re.escape(upstream_id)}['\"]?\s*$", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else "?"


def read_llmrates(path: Path, text: str, names: ModelNames, retrieved: dt.date | None,
                  source_url: str | None) -> Snapshot:
    """One row per price tier; the standard tier of the base context length is the list price."""
    label = path.name
    if retrieved is None:
        raise ImportRejected(f"{label}: the LLMRates catalogue carries no dates; give --retrieved YYYY-MM-DD")
    snapshot = Snapshot(label, LLMRATES, _source_row(
        f"llmrates_models_{retrieved:%Y%m%d}", "llm-pricing-dataset data/models.csv (LLMRates.ai price catalogue)",
        LLMRATES, source_url or UPSTREAM[LLMRATES]["url"], retrieved,
        "Imported with llmecon.importers; credit LLMRates.ai. Standard-tier list prices at the base context "
        "length, dated by the retrieval date; each row carries the provider's pricing URL upstream."))
    unmatched = set()
    for line, row in _records(text):
        origin = f"{label}, line {line}"
        slug = (row.get("model_slug") or "").strip()
        model_id, excluded = names.resolve(LLMRATES, slug)
        if excluded:
            snapshot.excluded.append(slug)
            continue
        if model_id is None:
            unmatched.add(slug)
            continue
        if (row.get("model_type") or "general") != "general" or row.get("processing_tier") != "standard" \
                or (row.get("token_tier_min") or "0") != "0" or "audio" in (row.get("tier_label") or "").lower():
            continue  # batch, priority, long-context and audio tiers, and non-text products, are not text list prices
        currency = (row.get("price_unit") or "").strip()
        qualifiers = [q for q in ((row.get("region") or "").replace("_", " "), (row.get("tier_label") or ""))
                      if q and q.lower() != "global"]
        provider = row["provider_name"].strip() + (f" ({', '.join(qualifiers)})" if qualifiers else "")
        snapshot.candidates.append(Candidate("prices", {
            "model_id": model_id, "provider": provider, "currency": currency, "effective_date": retrieved.isoformat(),
            "date_basis": "catalogue", "input_per_m": (row.get("input_price_per_million") or "").strip(),
            "output_per_m": (row.get("output_price_per_million") or "").strip(), "context_tier": "", "price_kind": "list",
            "notes": f"observed in LLMRates.ai catalogue on its retrieval date; not the date the price took effect "
                     f"(upstream slug {slug})",
            "source_id": snapshot.source["source_id"]}, origin))
    snapshot.unmatched = sorted(unmatched)
    return snapshot


def read_epoch_notable(path: Path, text: str, names: ModelNames, retrieved: dt.date | None,
                       source_url: str | None, existing: dict[str, list[dict[str, str]]]) -> Snapshot:
    label = path.name
    if retrieved is None:
        raise ImportRejected(f"{label}: Epoch AI's export carries no retrieval date; give --retrieved YYYY-MM-DD")
    snapshot = Snapshot(label, EPOCH_NOTABLE, _source_row(
        f"epoch_notable_models_{retrieved:%Y%m%d}", "Notable AI models (notable_ai_models.csv)", EPOCH_NOTABLE,
        source_url or UPSTREAM[EPOCH_NOTABLE]["url"], retrieved,
        "Imported with llmecon.importers; Epoch AI data, CC BY 4.0: publication date, training compute, "
        "accessibility, hardware."))
    source_id = snapshot.source["source_id"]
    runs = {r["model"]: r for r in existing.get("training_runs", [])}
    models = {r["model_id"]: r for r in existing.get("models", [])}
    unmatched = set()
    for line, row in _records(text):
        name = row["Model"].strip()
        origin = f"{label}, line {line}, model '{name}'"
        compute = row["Training compute (FLOP)"].strip()
        published = row["Publication date"].strip()
        if (compute and published >= TRAINING_COMPUTE_SINCE and "Language" in row.get("Domain", "")
                and row["Model accessibility"].strip() in PUBLIC_ACCESS):
            snapshot.candidates.append(Candidate("training_compute", {
                "model": name, "organization": row["Organization"].strip(), "publication_date": published,
                "accessibility": row["Model accessibility"].strip(), "training_compute_flop": compute,
                "source_id": source_id}, origin))
        if name in runs:  # the table's set is Epoch's cost-estimated runs: revise those, add none
            revised = dict(runs[name])
            revised.update({
                "publication_date": published, "compute_flop": compute,
                "hardware": row.get("Training hardware", "").strip(),
                "hardware_count": row.get("Hardware quantity", "").strip(),
                "training_hours": row.get("Training time (hours)", "").strip(),
                "mfu": row.get("Hardware utilization (MFU)", "").strip(),
                "confidence": row.get("Confidence", "").strip(), "source_id": source_id})
            snapshot.candidates.append(Candidate("training_runs", revised, origin))
        model_id, excluded = names.resolve(EPOCH_NOTABLE, name)
        if excluded:
            snapshot.excluded.append(name)
        elif model_id is None:
            unmatched.add(name)
        elif model_id in models:  # models need a reasoning flag Epoch does not give: revise, never add
            revised = dict(models[model_id])
            parameters = row.get("Parameters", "").strip()
            revised.update({"release_date": published, "source_id": source_id,
                            "parameters_b": f"{float(parameters) / 1e9:.10g}" if _is_number(parameters)
                            else revised["parameters_b"]})
            snapshot.candidates.append(Candidate("models", revised, origin))
    snapshot.unmatched = sorted(unmatched)
    return snapshot


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_project_csv(path: Path, text: str, table: str) -> Snapshot:
    """Rows already in the project's schema; they cite their own sources."""
    snapshot = Snapshot(path.name, f"project table {table}", None)
    for line, row in _records(text):
        if any((v or "").strip() for v in row.values()):
            snapshot.candidates.append(Candidate(table, {k: (v or "") for k, v in row.items()},
                                                 f"{path.name}, line {line}"))
    return snapshot


def _records(text: str):
    """(first line, row) for each CSV record; a quoted cell may span lines."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    end = 1  # the header
    try:
        for row in reader:
            yield end + 1, row
            end = reader.line_num
    except csv.Error as exc:
        raise ImportRejected(f"malformed CSV after line {end}: {exc}") from None


def _source_row(source_id: str, title: str, kind: str, url: str, retrieved: dt.date, notes: str) -> dict[str, str]:
    return {"source_id": source_id, "title": title, "publisher": UPSTREAM[kind]["publisher"], "url": url,
            "published": "", "retrieved": retrieved.isoformat(), "licence": UPSTREAM[kind]["licence"], "notes": notes}


# -- merging into the data folder -------------------------------------------------


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _parsed(row: dict[str, str], fields: list[dict]) -> tuple[dict, list[str]]:
    """Typed values of a row, and its problems as the validator words them."""
    values, problems = {}, []
    for spec in fields:
        name = spec["name"]
        value, reason = data.check_cell(row.get(name) or "", spec, dt.date.today())
        if reason:
            problems.append(f"column '{name}': {reason}")
        values[name] = value
    return values, problems


def _key_text(values: dict, key: list[str]) -> str:
    return " | ".join(_iso(values[k]) if values[k] is not None else "" for k in key)


def _same(a, b) -> bool:
    """Equal values; numbers to six significant digits, as the project's tables round Epoch AI's estimates."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-5)
    return a == b


def _differences(old: dict, new: dict, fields: list[dict]) -> str:
    return ", ".join(f"{f['name']} {_iso(old[f['name']]) if old[f['name']] is not None else '(empty)'} -> "
                     f"{_iso(new[f['name']]) if new[f['name']] is not None else '(empty)'}"
                     for f in fields if f["name"] not in PROVENANCE_FIELDS and not _same(old[f["name"]], new[f["name"]]))


class Merge:
    """Rows of one import, merged table by table into a working copy of the data folder."""

    def __init__(self, folder: Path, update_changed: bool):
        self.folder = folder
        self.update_changed = update_changed
        self.descriptor = data.read_descriptor(folder)
        self.resources = {r["name"]: r for r in self.descriptor["resources"]}
        self.tables = {name: _read_csv(folder / r["path"]) for name, r in self.resources.items()}
        self.dirty: set[str] = set()
        self.outcome = Outcome()
        self.pending_sources: set[str] = set()  # the snapshots' own sources rows, added once used

    def rows(self, table: str) -> list[dict[str, str]]:
        return self.tables[table][1]

    def merge(self, candidates: list[Candidate]) -> None:
        order = {name: i for i, name in enumerate(MERGE_ORDER)}
        for table in sorted({c.table for c in candidates}, key=lambda t: order.get(t, len(order))):
            self._merge_table(table, [c for c in candidates if c.table == table])

    def _merge_table(self, table: str, candidates: list[Candidate]) -> None:
        schema = self.resources[table]["schema"]
        fields, key = schema["fields"], schema.get("primaryKey", [])
        header, rows = self.tables[table]
        parsed_rows = [_parsed(r, fields)[0] for r in rows]
        index = {tuple(v[k] for k in key): i for i, v in enumerate(parsed_rows)}
        taken: dict[tuple, tuple[dict, str]] = {}
        for candidate in candidates:
            values, problems = _parsed(candidate.row, fields)
            problems += self._missing_references(schema, values)
            if problems:
                self.outcome.rejected.append((f"{candidate.origin} (for {table})", "; ".join(problems)))
                continue
            identity = tuple(values[k] for k in key)
            label = _key_text(values, key)
            if identity in taken:  # the same import proposes this key twice
                earlier, where = taken[identity]
                if _differences(earlier, values, fields):
                    self.outcome.rejected.append((candidate.origin, f"conflicts with {where} for {table} {label}: "
                                                                    f"{_differences(earlier, values, fields)}"))
                continue
            taken[identity] = (values, candidate.origin)
            cells = {name: (candidate.row.get(name) or "").strip() for name in header}
            if identity in index:
                position = index[identity]
                difference = _differences(parsed_rows[position], values, fields)
                if not difference:
                    self.outcome.unchanged.append((table, label, candidate.origin, "same row already present"))
                    continue
                self.outcome.changed.append((table, label, candidate.origin, difference))
                if self.update_changed:
                    rows[position] = cells
                    parsed_rows[position] = values
                    self.dirty.add(table)
                continue
            in_force = self._same_price_in_force(table, values, parsed_rows)
            if in_force:
                self.outcome.unchanged.append((table, label, candidate.origin, in_force))
                continue
            rows.append(cells)
            parsed_rows.append(values)
            index[identity] = len(rows) - 1
            self.dirty.add(table)
            self.outcome.added.append((table, label, candidate.origin))

    def _missing_references(self, schema: dict, values: dict) -> list[str]:
        problems = []
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"]
            wanted = tuple(values[f] for f in fk["fields"])
            if None in wanted:
                continue
            known = {tuple((r.get(f) or "").strip() for f in fk["reference"]["fields"]) for r in self.rows(target)}
            if target == "sources":
                known |= {(source_id,) for source_id in self.pending_sources}
            if tuple(_iso(v) for v in wanted) not in known:
                problems.append(f"column '{fk['fields'][0]}': {wanted[0]!r} is not in "
                                f"{self.resources[target]['path']}")
        return problems

    @staticmethod
    def _same_price_in_force(table: str, values: dict, parsed_rows: list[dict]) -> str | None:
        """For prices: a reason to skip when the latest earlier price for this model, provider and currency is the same."""
        if table != "prices":
            return None
        earlier = [r for r in parsed_rows if all(r[k] == values[k] for k in ("model_id", "provider", "currency", "context_tier"))
                   and r["effective_date"] < values["effective_date"]]
        if not earlier:
            return None
        latest = max(earlier, key=lambda r: r["effective_date"])
        same = all(_same(latest[k], values[k]) for k in ("input_per_m", "output_per_m", "price_kind"))
        return f"same price already in force since {latest['effective_date']}" if same else None

    def add_sources(self, snapshots: list[Snapshot], used: set[str]) -> None:
        """A snapshot's sources row, added only when rows citing it (`used`) were added or updated."""
        rows = [Candidate("sources", s.source, f"{s.label} (its sources row)") for s in snapshots
                if s.source and s.source["source_id"] in used]
        if rows:
            self._merge_table("sources", rows)

    def write(self) -> None:
        for table in sorted(self.dirty):
            header, rows = self.tables[table]
            path = self.folder / self.resources[table]["path"]
            original = path.read_text(encoding="utf-8")
            if _csv_text(header, list(csv.DictReader(io.StringIO(original, newline="")))) != original:
                raise ImportRejected(f"{path.name}: not in plain CSV form (as written by Python's csv module), "
                                     "so rows cannot be added without rewriting others; fix the file first")
            path.write_text(_csv_text(header, rows), encoding="utf-8")


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(name, "") for name in header] for row in rows])
    return out.getvalue()


# -- the import ---------------------------------------------------------------------


def _detect(path: Path, text: str, descriptor: dict) -> tuple[str, str | None]:
    """(format, table for the project's own schema)."""
    if path.suffix.lower() in (".yml", ".yaml"):
        return GENAI_PRICES, None
    try:
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except (StopIteration, csv.Error):
        raise ImportRejected(f"{path.name}: empty or not a CSV file") from None
    columns = {c.strip() for c in header}
    for resource in descriptor["resources"]:
        if columns == {f["name"] for f in resource["schema"]["fields"]}:
            return "project", resource["name"]
    if LLMRATES_COLUMNS <= columns:
        return LLMRATES, None
    if EPOCH_COLUMNS <= columns:
        return EPOCH_NOTABLE, None
    raise ImportRejected(f"{path.name}: unknown format: the header matches no table of datapackage.json, "
                         "nor the LLMRates or Epoch AI notable-models columns")


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
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yml", ".yaml", ".csv"))
            if not files:
                raise ImportRejected(f"{path}: no .yml or .csv files in this folder")
            found += [(p, None) for p in files]
        elif path.is_file():
            found.append((path, None))
        else:
            raise ImportRejected(f"{source}: no such file or folder")
    return found


def run_import(sources: list[str], data_dir: Path, retrieved: dt.date | None = None, source_url: str | None = None,
               update_changed: bool = False, skip_bad_rows: bool = False,
               dry_run: bool = False) -> tuple[list[Snapshot], Outcome]:
    """Import `sources` into `data_dir`; raise ImportRejected (data untouched) when refused."""
    data_dir = Path(data_dir).resolve()
    data.validate(data_dir)  # never build on a folder that is already broken
    work = Path(tempfile.mkdtemp(prefix=".import-", dir=data_dir.parent))
    try:
        copy = work / data_dir.name
        shutil.copytree(data_dir, copy)
        merge = Merge(copy, update_changed)
        names = ModelNames({r["model_id"] for r in merge.rows("models")},
                           merge.rows(ALIASES) if ALIASES in merge.tables else [])
        snapshots = []
        downloads = work / "downloads"
        downloads.mkdir()
        for path, url in _expand(sources, downloads):
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise ImportRejected(f"{path.name}: not valid UTF-8 (byte {exc.start})") from None
            kind, table = _detect(path, text, merge.descriptor)
            retrieved_here = retrieved or (dt.date.today() if url else None)  # a download is retrieved now
            link = url or source_url
            if kind == GENAI_PRICES:
                snapshots.append(read_genai_prices(path, text, names, retrieved_here, link))
            elif kind == LLMRATES:
                snapshots.append(read_llmrates(path, text, names, retrieved_here, link))
            elif kind == EPOCH_NOTABLE:
                snapshots.append(read_epoch_notable(path, text, names, retrieved_here, link,
                                                    {t: merge.rows(t) for t in ("models", "training_runs")
                                                     if t in merge.tables}))
            else:
                snapshots.append(read_project_csv(path, text, table))
        candidates = [c for s in snapshots for c in s.candidates]
        merge.pending_sources = {s.source["source_id"] for s in snapshots if s.source}
        merge.merge(candidates)
        applied = {o for _, _, o in merge.outcome.added}
        if update_changed:
            applied |= {o for _, _, o, _ in merge.outcome.changed}
        merge.add_sources(snapshots, {c.row.get("source_id") for c in candidates if c.origin in applied})
        outcome = merge.outcome
        outcome.changes_applied = update_changed and not dry_run
        outcome.rejected = [r for s in snapshots for r in s.rejected] + outcome.rejected
        if outcome.rejected and not skip_bad_rows:
            raise ImportRejected("import rejected, nothing was written:\n" + "\n".join(
                f"  - {origin}: {reason}" for origin, reason in outcome.rejected)
                + "\n  (fix the rows, or rerun with --skip-bad-rows to import the others)")
        if not merge.dirty:
            return snapshots, outcome
        merge.write()
        try:
            data.validate(copy)
        except data.DataValidationError as exc:
            message = str(exc).replace(str(copy), str(data_dir))
            raise ImportRejected(f"import rejected, nothing was written: the data would not validate.\n{message}") from None
        if not dry_run:
            for table in sorted(merge.dirty, key=lambda t: (t != "sources", t)):  # referenced rows land first
                name = merge.resources[table]["path"]
                os.replace(copy / name, data_dir / name)
                outcome.written.append(name)
        return snapshots, outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(snapshots: list[Snapshot], outcome: Outcome, data_dir: Path, dry_run: bool, limit: int = 40) -> str:
    lines = []
    for s in snapshots:
        date = f", retrieved {s.source['retrieved']}" if s.source else ""
        lines.append(f"read {s.label} ({s.kind}{date}): {len(s.candidates)} candidate rows")
        if s.unmatched:
            shown = ", ".join(s.unmatched[:limit]) + (f", ... and {len(s.unmatched) - limit} more"
                                                      if len(s.unmatched) > limit else "")
            lines.append(f"  unmatched names ({len(s.unmatched)}; not imported, add them to model_aliases.csv "
                         f"to import): {shown}")
        if s.excluded:
            lines.append(f"  excluded by model_aliases.csv ({len(s.excluded)}): {', '.join(sorted(set(s.excluded)))}")
        for origin, reason in s.skipped:
            lines.append(f"  skipped {origin}: {reason}")
    lines.append(f"rows added: {len(outcome.added)}, changed: {len(outcome.changed)}, "
                 f"unchanged: {len(outcome.unchanged)}, rejected: {len(outcome.rejected)}")
    lines += [f"  added    {table}: {key}  <- {origin}" for table, key, origin in outcome.added]
    lines += [f"  changed  {table}: {key}: {difference}  <- {origin}" for table, key, origin, difference in outcome.changed]
    lines += [f"  unchanged {table}: {key} ({why})" for table, key, _, why in outcome.unchanged[:limit]]
    if len(outcome.unchanged) > limit:
        lines.append(f"  ... and {len(outcome.unchanged) - limit} more unchanged")
    lines += [f"  rejected {origin}: {reason}" for origin, reason in outcome.rejected]
    if outcome.changed and not outcome.changes_applied:
        lines.append("changed rows were reported, not applied: --update-changed replaces them with the imported values")
    if dry_run:
        lines.append("dry run: the import validated; nothing was written")
    elif outcome.written:
        lines.append(f"written to {data_dir}: {', '.join(outcome.written)}")
    else:
        lines.append(f"nothing new: {data_dir} is unchanged")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", metavar="SRC", help="file, folder of files, or http(s) URL")
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--retrieved", type=dt.date.fromisoformat, default=None,
                        help="retrieval date YYYY-MM-DD (default: latest prices_checked in a genai-prices file, "
                             "today for a download; required otherwise)")
    parser.add_argument("--source-url", default=None, help="URL to cite for a local file (default: its upstream)")
    parser.add_argument("--update-changed", action="store_true",
                        help="replace rows whose key exists with different values (default: report them only)")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="import the valid rows and report the rejected ones (default: reject the whole import)")
    parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    args = parser.parse_args(argv)
    try:
        snapshots, outcome = run_import(args.sources, args.data, args.retrieved, args.source_url,
                                        args.update_changed, args.skip_bad_rows, args.dry_run)
    except ImportRejected as exc:
        print(f"{exc}\n{args.data} was left as it was.", file=sys.stderr)
        return 1
    except data.DataValidationError as exc:
        print(f"the data folder does not validate before the import; fix it first.\n{exc}", file=sys.stderr)
        return 2
    print(summary(snapshots, outcome, args.data, args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
