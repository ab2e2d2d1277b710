"""A CSV in the project's own schema for any table (header = that table's fields)."""

from __future__ import annotations

from pathlib import Path

from .common import Candidate, Snapshot, records


def read(path: Path, text: str, table: str) -> Snapshot:
    """Rows already in the project's schema; they cite their own sources."""
    snapshot = Snapshot(path.name, f"project table {table}", None)
    for line, row in records(text, path.name):
        if any((v or "").strip() for v in row.values()):
            snapshot.candidates.append(
                Candidate(table, {k: (v or "") for k, v in row.items()}, f"{path.name}, line {line}")
            )
    return snapshot
