"""LMArena's text leaderboard as fboulnois/llm-leaderboard-csv copies it (`csv/lmarena_text.csv`) -> arena_snapshots.

The file is the leaderboard of the day it is read, with no date of its own: a snapshot dated by the reading.
arena_snapshots follows the models the book tracks, so only models already in the table are added, and a
leaderboard whose scores equal the latest snapshot's adds nothing (an unchanged re-read is no new snapshot).
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import ARENA, UPSTREAM, Candidate, Reading, Snapshot, records, snapshot_source

COLUMNS = {"rank", "model", "arena_score", "95_pct_ci", "votes", "organization", "license"}


def read(path: Path, text: str, reading: Reading, existing: list[dict[str, str]]) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="the leaderboard file carries no date")
    snapshot = Snapshot(
        label,
        ARENA,
        snapshot_source(
            reading,
            f"lmarena_text_{retrieved:%Y%m%d}",
            "LMArena text leaderboard (csv/lmarena_text.csv)",
            ARENA,
            reading.source_url or UPSTREAM[ARENA]["url"],
            "Imported with llmecon.importers; the leaderboard as read on the retrieval date (scores are re-fitted "
            "at each release); models the book already tracks.",
            retrieved,
        ),
    )
    tracked = {r["model"] for r in existing}
    latest_date = max((r["snapshot_date"] for r in existing), default="")
    latest = {r["model"]: float(r["arena_score"]) for r in existing if r["snapshot_date"] == latest_date}
    rows = []
    for line, row in records(text, label):
        model = row["model"].strip()
        if model not in tracked:
            continue
        upper, lower = _interval(row.get("95_pct_ci") or "")
        rows.append(
            Candidate(
                "arena_snapshots",
                {
                    "snapshot_date": retrieved.isoformat(),
                    "model": model,
                    "organization": row["organization"].strip(),
                    "licence": row["license"].strip(),
                    "arena_score": row["arena_score"].strip(),
                    "ci_upper": upper,
                    "ci_lower": lower,
                    "votes": row["votes"].strip(),
                    "commit": "",
                    "source_id": snapshot.source["source_id"],
                },
                f"{label}, line {line}",
            )
        )
    scores = {c.row["model"]: float(c.row["arena_score"]) for c in rows}
    if scores and all(latest.get(model) == score for model, score in scores.items()):
        snapshot.skipped.append((label, f"the same scores as the snapshot of {latest_date}: no new snapshot"))
    else:
        snapshot.candidates = rows
    return snapshot


def _interval(text: str) -> tuple[str, str]:
    """'+5/-6' -> ('5', '6'); empty cells when the file gives no interval."""
    found = re.fullmatch(r"\+(\d+(?:\.\d+)?)/-(\d+(?:\.\d+)?)", text.strip())
    return (found.group(1), found.group(2)) if found else ("", "")
