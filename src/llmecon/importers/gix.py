"""The GPU price index backfill (henryzhangpku/gpu-price-index, `series/backfill_ratecards.csv`) -> gpu_rental.

Each published month of each index (GIX-H100, -H200, -B200, -A100) becomes one on-demand row dated the first
of the month, rounded to four decimals like the table's rows; withheld months (too few providers) are skipped.
"""

from __future__ import annotations

from pathlib import Path

from .common import GIX, UPSTREAM, Candidate, Reading, Snapshot, is_number, records, snapshot_source

COLUMNS = {"period", "index_code", "status", "value", "provider_count"}
VARIANT = "SXM/HGX class (restated)"
VENDOR = "GIX backfill index (median of US providers)"


def read(path: Path, text: str, reading: Reading) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="the index file carries no retrieval date")
    snapshot = Snapshot(
        label,
        GIX,
        snapshot_source(
            reading,
            f"gix_backfill_{retrieved:%Y%m%d}",
            "GPU price index backfill (series/backfill_ratecards.csv)",
            GIX,
            reading.source_url or UPSTREAM[GIX]["url"],
            "Imported with llmecon.importers; monthly on-demand list price per GPU-hour restated to an SXM-class "
            "GPU, median of US providers; not transaction prices.",
            retrieved,
        ),
    )
    for line, row in records(text, label):
        value = (row.get("value") or "").strip()
        if row.get("status") != "published" or not is_number(value):
            continue
        snapshot.candidates.append(
            Candidate(
                "gpu_rental",
                {
                    "date": f"{row['period'].strip()}-01",
                    "gpu": row["index_code"].strip().removeprefix("GIX-"),
                    "variant": VARIANT,
                    "vendor": VENDOR,
                    "pricing": "on-demand",
                    "usd_per_gpu_hour": f"{float(value):.4f}",
                    "source_id": snapshot.source["source_id"],
                    "archive_url": "",
                },
                f"{label}, line {line}",
            )
        )
    return snapshot
