"""Epoch AI's Capabilities Index (`epoch_capabilities_index.csv`) -> eci_models.

Every model version with a score, as Epoch publishes it. Epoch re-fits the index when models are added, so
a later file revises earlier scores (kept in revisions.csv when applied); rounded to four decimals like
the table's rows, so a re-read of the same file changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from .common import EPOCH_ECI, UPSTREAM, Candidate, Reading, Snapshot, is_number, records, snapshot_source

COLUMNS = {"Model version", "ECI Score", "Release date", "Organization", "Model accessibility", "Model name"}


def read(path: Path, text: str, reading: Reading) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="Epoch AI's ECI file carries no retrieval date")
    snapshot = Snapshot(
        label,
        EPOCH_ECI,
        snapshot_source(
            reading,
            f"epoch_eci_{retrieved:%Y%m%d}",
            "Epoch Capabilities Index (epoch_capabilities_index.csv)",
            EPOCH_ECI,
            reading.source_url or UPSTREAM[EPOCH_ECI]["url"],
            "Imported with llmecon.importers; Epoch AI data (credit Epoch AI): model version, release date, "
            "developer, accessibility and ECI score.",
            retrieved,
        ),
    )
    for line, row in records(text, label):
        score = (row.get("ECI Score") or "").strip()
        if not is_number(score):
            continue  # a model Epoch lists before it has a score
        snapshot.candidates.append(
            Candidate(
                "eci_models",
                {
                    "model_version": row["Model version"].strip(),
                    "model_name": row["Model name"].strip(),
                    "organization": row["Organization"].strip(),
                    "release_date": row["Release date"].strip(),
                    "accessibility": row["Model accessibility"].strip(),
                    "eci": f"{float(score):.4f}",
                    "source_id": snapshot.source["source_id"],
                },
                f"{label}, line {line}",
            )
        )
    return snapshot
