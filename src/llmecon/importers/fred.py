"""FRED's DEXCHUS download (`DATE,DEXCHUS`: yuan per US dollar, noon buying rates in New York) -> fx.

Each row is dated by itself. Days without a rate ('.' or an empty cell) are skipped, and so are days before the fx table's
first date: the table holds the years the book analyses, not the series back to 1981.
"""

from __future__ import annotations

from pathlib import Path

from .common import FRED, UPSTREAM, Candidate, Reading, Snapshot, records, snapshot_source

SERIES = "DEXCHUS"
DATE_COLUMNS = ("DATE", "observation_date")  # FRED's older and newer download headers


def is_format(columns: set[str]) -> bool:
    return SERIES in columns and any(c in columns for c in DATE_COLUMNS)


def read(path: Path, text: str, reading: Reading, existing: list[dict[str, str]]) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="FRED's download carries no retrieval date")
    snapshot = Snapshot(
        label,
        FRED,
        snapshot_source(
            reading,
            f"fred_dexchus_{retrieved:%Y%m%d}",
            "China / U.S. Foreign Exchange Rate (DEXCHUS), daily",
            FRED,
            reading.source_url or UPSTREAM[FRED]["url"],
            "Imported with llmecon.importers; noon buying rates in New York (Federal Reserve H.10), yuan per US dollar.",
            retrieved,
        ),
    )
    since = min((r["date"] for r in existing), default="")
    for line, row in records(text, label):
        date = next((row[c].strip() for c in DATE_COLUMNS if row.get(c)), "")
        value = (row.get(SERIES) or "").strip()
        if (
            value in (".", "") or date < since
        ):  # FRED's older downloads mark a day without a rate '.', newer ones leave it empty
            continue
        snapshot.candidates.append(
            Candidate(
                "fx",
                {"date": date, "cny_per_usd": value, "source_id": snapshot.source["source_id"]},
                f"{label}, line {line}",
            )
        )
    return snapshot
