"""Merging proposed rows into the tables of a data folder: added, unchanged, changed (revisions), rejected."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from llmecon.core import data

from .common import ALIASES, FLOATING, PROMOTIONAL, RETIRED, TIER, Candidate, ImportRejected, iso

REVISIONS = "revisions"
# Provenance, not observations: a re-import that only words a note differently, or dates a known price
# less precisely (a catalogue reading of an announced price), changes nothing.
PROVENANCE_FIELDS = {"notes", "source_id", "date_basis"}
# Tables whose rows others point at are merged first, so references resolve.
MERGE_ORDER = ["sources", "models", ALIASES]
# Price columns that, equal to the price in force, make a later observation of it no news.
PRICE_VALUE_FIELDS = ("input_per_m", "output_per_m", "price_kind")
PRICE_SERIES = ("model_id", "provider", "currency", "context_tier")
# A list price rarely moves more than this in one step; a larger move is more often a typo, another
# version's price or a promotion than news (Ministral 8B's output 0.1 -> 1 upstream was a typo).
MAX_STEP = 3.0


@dataclass
class Outcome:
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (table, key, origin)
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (table, key, origin, difference)
    unchanged: list[tuple[str, str, str, str]] = field(default_factory=list)  # (table, key, origin, why)
    held: list[tuple[str, str, str, str]] = field(default_factory=list)  # (table, key, origin, why): for review
    held_kinds: list[tuple[str, ...]] = field(default_factory=list)  # each held row's REVIEW_KINDS
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    revisions: list[dict[str, str]] = field(default_factory=list)  # rows written to revisions.csv
    written: list[str] = field(default_factory=list)  # files replaced in the data folder
    changes_applied: bool = False


def read_tables(folder: Path, descriptor: dict) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    tables = {}
    for resource in descriptor["resources"]:
        text = (folder / resource["path"]).read_text(encoding="utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        tables[resource["name"]] = (list(reader.fieldnames or []), list(reader))
    return tables


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


def key_text(values: dict, key: list[str], separator: str = " | ") -> str:
    return separator.join(iso(values[k]) if values[k] is not None else "" for k in key)


def _same(a, b) -> bool:
    """Equal values; numbers to six significant digits, as the project's tables round Epoch AI's estimates."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-5)
    return a == b


def _differing(old: dict, new: dict, fields: list[dict]) -> list[str]:
    return [
        f["name"] for f in fields if f["name"] not in PROVENANCE_FIELDS and not _same(old[f["name"]], new[f["name"]])
    ]


def _shown(value) -> str:
    return iso(value) if value is not None else "(empty)"


def _differences(old: dict, new: dict, fields: list[dict]) -> str:
    return ", ".join(f"{name} {_shown(old[name])} -> {_shown(new[name])}" for name in _differing(old, new, fields))


class Merge:
    """Rows of one import, merged table by table into an in-memory copy of the data folder's tables."""

    def __init__(self, descriptor: dict, tables: dict, update_changed: bool, today: dt.date):
        self.descriptor = descriptor
        self.resources = {r["name"]: r for r in descriptor["resources"]}
        self.tables = copy.deepcopy(tables)
        self.update_changed = update_changed
        self.today = today
        self.dirty: set[str] = set()
        self.outcome = Outcome()
        self.pending_sources: set[str] = set()  # the snapshots' own sources rows, added once used
        # (table, row index) -> the candidate that put the row there, so a validation problem found in
        # the written folder can be traced to the upstream row that caused it.
        self.placed: dict[tuple[str, int], Candidate] = {}
        self._revised_by: list[Candidate] = []  # the applied change behind each of outcome.revisions

    def rows(self, table: str) -> list[dict[str, str]]:
        return self.tables[table][1]

    def retired_models(self) -> set[str]:
        """Models the data mark retired (models.retired_on), whatever the catalogue says."""
        header, rows = self.tables.get("models", ([], []))
        return {r["model_id"] for r in rows if (r.get("retired_on") or "").strip()} if "retired_on" in header else set()

    def merge(self, candidates: list[Candidate]) -> None:
        order = {name: i for i, name in enumerate(MERGE_ORDER)}
        for table in sorted({c.table for c in candidates}, key=lambda t: order.get(t, len(order))):
            self._merge_table(table, [c for c in candidates if c.table == table])
        if self.outcome.revisions:
            self._keep_revisions()

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
            label = key_text(values, key)
            if identity in taken:  # the same import proposes this key twice
                earlier, where = taken[identity]
                if _differences(earlier, values, fields):
                    self.outcome.rejected.append(
                        (
                            candidate.origin,
                            f"conflicts with {where} for {table} {label}: {_differences(earlier, values, fields)}",
                        )
                    )
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
                    self._revise(table, key, rows[position], cells, parsed_rows[position], values, fields, candidate)
                    rows[position] = cells
                    parsed_rows[position] = values
                    self.placed[(table, position)] = candidate
                    self.dirty.add(table)
                continue
            in_force = self._same_price_in_force(table, values, parsed_rows)
            if in_force:
                self.outcome.unchanged.append((table, label, candidate.origin, in_force))
                continue
            if table == "prices":
                retired = RETIRED if values["model_id"] in self.retired_models() else None
                reasons = review_reasons(candidate.flags | {retired} - {None}, values, parsed_rows)
                if reasons:
                    self.outcome.held.append((table, label, candidate.origin, "; ".join(r for _, r in reasons)))
                    self.outcome.held_kinds.append(tuple(kind for kind, _ in reasons))
                    continue
            rows.append(cells)
            parsed_rows.append(values)
            index[identity] = len(rows) - 1
            self.placed[(table, len(rows) - 1)] = candidate
            self.dirty.add(table)
            self.outcome.added.append((table, label, candidate.origin))

    def _revise(
        self,
        table: str,
        key: list[str],
        old_cells: dict,
        new_cells: dict,
        old: dict,
        new: dict,
        fields: list[dict],
        candidate: Candidate,
    ) -> None:
        """One revisions row per value an applied change replaces, keeping the old value and its source."""
        if REVISIONS not in self.resources:
            raise ImportRejected(
                "--update-changed needs a 'revisions' table in datapackage.json to keep the values it replaces"
            )
        old_source = old_cells.get("source_id", "")
        for column in _differing(old, new, fields):
            self.outcome.revisions.append(
                {
                    "revised_on": self.today.isoformat(),
                    "table": table,
                    "row_key": key_text(new, key, "|"),
                    "column": column,
                    "old_value": old_cells.get(column, ""),
                    "new_value": new_cells.get(column, ""),
                    "source_id": new_cells.get("source_id", ""),
                    "note": f"applied by an import of {candidate.origin}"
                    + (f"; the old value cited {old_source}" if old_source else ""),
                }
            )
            self._revised_by.append(candidate)

    def _keep_revisions(self) -> None:
        header, rows = self.tables[REVISIONS]
        for revision, candidate in zip(self.outcome.revisions, self._revised_by):
            rows.append({name: revision.get(name, "") for name in header})
            # A revisions row that cannot be written is the revised row's problem.
            self.placed[(REVISIONS, len(rows) - 1)] = candidate
        self.dirty.add(REVISIONS)

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
            if tuple(iso(v) for v in wanted) not in known:
                problems.append(f"column '{fk['fields'][0]}': {wanted[0]!r} is not in {self.resources[target]['path']}")
        return problems

    @staticmethod
    def _same_price_in_force(table: str, values: dict, parsed_rows: list[dict]) -> str | None:
        """For prices: a reason to skip when the latest earlier price for this model, provider, currency
        and context tier is the same."""
        if table != "prices":
            return None
        latest = price_in_force(values, parsed_rows)
        if latest is None:
            return None
        same = all(_same(latest.get(k), values.get(k)) for k in PRICE_VALUE_FIELDS)
        return f"same price already in force since {latest['effective_date']}" if same else None

    def add_sources(self, sources: list[tuple[dict[str, str], str]], used: set[str]) -> None:
        """Each snapshot's sources row, added only when rows citing it (`used`) were added or updated."""
        rows = [
            Candidate("sources", row, f"{label} (its sources row)")
            for row, label in sources
            if row["source_id"] in used
        ]
        if rows:
            self._merge_table("sources", rows)

    def write(self, folder: Path) -> dict[tuple[str, int], Candidate]:
        """Write the changed tables into `folder`; return (file name, line) -> the candidate written there."""
        lines = {}
        for table in sorted(self.dirty):
            header, rows = self.tables[table]
            name = self.resources[table]["path"]
            path = folder / name
            original = path.read_text(encoding="utf-8")
            if _csv_text(header, list(csv.DictReader(io.StringIO(original, newline="")))) != original:
                raise ImportRejected(
                    f"{name}: not in plain CSV form (as written by Python's csv module), "
                    "so rows cannot be added without rewriting others; fix the file first"
                )
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for position, row in enumerate(rows):
                writer.writerow([row.get(column, "") for column in header])
                if (table, position) in self.placed:  # the validator names a record by its last line
                    lines[(name, out.getvalue().count("\n"))] = self.placed[(table, position)]
            path.write_text(out.getvalue(), encoding="utf-8")
        return lines


def price_in_force(values: dict, parsed_rows: list[dict]) -> dict | None:
    """The latest earlier price for the same model, provider, currency and context tier."""
    earlier = [
        r
        for r in parsed_rows
        if all(r[k] == values[k] for k in PRICE_SERIES) and r["effective_date"] < values["effective_date"]
    ]
    return max(earlier, key=lambda r: r["effective_date"]) if earlier else None


# What a held price is, in the words the summary counts it by.
REVIEW_KINDS = {
    "retired": "price rise on a retired model",
    "step": f"move of more than {MAX_STEP:g}x in one step",
    "promotional": "promotional or time-limited price",
    "floating": "price of a floating alias",
    "tier": "new provider name that looks like a tier",
}


def review_reasons(flags: frozenset[str], values: dict, parsed_rows: list[dict]) -> list[tuple[str, str]]:
    """(kind, why) for each reason a new price must be seen by a reviewer before it is published (empty:
    apply it); kinds are the keys of REVIEW_KINDS."""
    reasons = []
    before = price_in_force(values, parsed_rows)
    new = (values["input_per_m"], values["output_per_m"])
    # The step is measured against the last price of the same kind (the end of a launch promotion is no
    # step of the list price); a price the catalogue dates itself (announced) carries its own evidence.
    same_kind = price_in_force(values, [r for r in parsed_rows if r["price_kind"] == values["price_kind"]])
    if same_kind is not None and values["date_basis"] != "announced":
        old = (same_kind["input_per_m"], same_kind["output_per_m"])
        step = max(max(n / o, o / n) for n, o in zip(new, old) if n and o)
        if step > MAX_STEP:
            reasons.append(
                ("step", f"moves {step:.1f}x in one step (in force: {_pair(old)} since {same_kind['effective_date']})")
            )
    if before is not None:
        old = (before["input_per_m"], before["output_per_m"])
        if RETIRED in flags and sum(new) > sum(old):
            reasons.append(
                (
                    "retired",
                    f"a price rise on a model the catalogue marks retired (in force: {_pair(old)} "
                    f"since {before['effective_date']})",
                )
            )
        if before["price_kind"] == "promotional" and all(_same(n, o) for n, o in zip(new, old)):
            reasons.append(
                (
                    "promotional",
                    f"repeats the promotional price in force since {before['effective_date']} as a list price",
                )
            )
    if PROMOTIONAL in flags:
        reasons.append(("promotional", "the catalogue words it as a promotional or time-limited price"))
    if FLOATING in flags:
        reasons.append(("floating", "the upstream name is a floating alias (it follows the provider's newest version)"))
    if TIER in flags and not any(r["provider"] == values["provider"] for r in parsed_rows):
        reasons.append(("tier", f"new provider name {values['provider']!r} looks like a price tier, not a seller"))
    return reasons


def _pair(prices: tuple) -> str:
    return " / ".join(f"{p:g}" for p in prices)


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(name, "") for name in header] for row in rows])
    return out.getvalue()
