"""Epoch AI's own benchmark runs (Epoch Benchmarking Hub, `benchmarks_runs.csv`) -> benchmarks (GPQA Diamond).

One score per model version: the latest successful run's best score across scorers, as a percentage, with
evaluator `epoch`. A version maps to a model through a curated alias (catalogue `epoch-benchmarks`) or the
version an Epoch row already in benchmarks.csv names in its setting ("model version claude-2.0"); other
versions are listed as unmatched, never guessed (reasoning efforts such as `_high` are versions of their own).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .common import EPOCH_RUNS, UPSTREAM, Candidate, ModelNames, Reading, Snapshot, is_number, records, snapshot_source

COLUMNS = {"task", "model", "Best score (across scorers)", "Status", "task version", "started_at"}
TASKS = {"GPQA diamond": "gpqa_diamond"}
SETTING = "Epoch AI run, model version {version}, task version {task_version}"
KNOWN_VERSION = re.compile(r"model version (\S+),")


def read(path: Path, text: str, names: ModelNames, reading: Reading, benchmarks: list[dict[str, str]]) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="Epoch AI's runs file carries no retrieval date")
    snapshot = Snapshot(
        label,
        EPOCH_RUNS,
        snapshot_source(
            reading,
            f"epoch_benchmark_runs_{retrieved:%Y%m%d}",
            "Epoch Benchmarking Hub: Epoch-run evaluations (benchmarks_runs.csv)",
            EPOCH_RUNS,
            reading.source_url or UPSTREAM[EPOCH_RUNS]["url"],
            "Imported with llmecon.importers; GPQA Diamond runs by Epoch AI; score = best score across scorers, x100.",
            retrieved,
        ),
    )
    known, settings = {}, {}  # version -> model id, and each model's setting, from the Epoch rows in the table
    for row in benchmarks:
        found = KNOWN_VERSION.search(row.get("setting") or "")
        if row.get("evaluator") == "epoch" and found:
            known[(row["benchmark"], found.group(1))] = row["model_id"]
            settings[(row["model_id"], row["benchmark"])] = row["setting"]
    latest: dict[tuple[str, str], tuple[dt.datetime, int, dict]] = {}
    for line, row in records(text.lstrip("\ufeff"), label):
        benchmark = TASKS.get((row.get("task") or "").strip())
        score = (row.get("Best score (across scorers)") or "").strip()
        if benchmark is None or row.get("Status") != "Success" or not is_number(score):
            continue
        started = _started(row.get("started_at") or "")
        key = (benchmark, row["model"].strip())
        if key not in latest or started > latest[key][0]:
            latest[key] = (started, line, row)
    unmatched = set()
    for (benchmark, version), (_, line, row) in sorted(latest.items()):
        model_id, excluded = names.resolve(EPOCH_RUNS, version, exact=False)
        model_id = model_id or (None if excluded else known.get((benchmark, version)))
        if model_id is None:
            (snapshot.excluded.append(version) if excluded else unmatched.add(version))
            continue
        setting = SETTING.format(version=version, task_version=(row.get("task version") or "").strip())
        # A curated note after the generated words (why this effort level) is kept.
        setting = (
            settings.get((model_id, benchmark), setting)
            if settings.get((model_id, benchmark), "").startswith(setting)
            else setting
        )
        snapshot.candidates.append(
            Candidate(
                "benchmarks",
                {
                    "model_id": model_id,
                    "benchmark": benchmark,
                    "score": f"{float(row['Best score (across scorers)']) * 100:.10g}",
                    "evaluator": "epoch",
                    "setting": setting,
                    "source_id": snapshot.source["source_id"],
                },
                f"{label}, line {line}, model '{version}'",
            )
        )
    snapshot.unmatched = sorted(unmatched)
    return snapshot


def _started(text: str) -> dt.datetime:
    """'17 November 2025 4:28pm' (the hub's format); runs without a time sort first."""
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y %I:%M%p")
    except ValueError:
        return dt.datetime.min
