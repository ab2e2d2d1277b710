"""Epoch AI's notable-models CSV -> training_compute (new and revised rows), training_runs and models (revisions)."""

from __future__ import annotations

from pathlib import Path

from .common import (
    EPOCH_NOTABLE,
    UPSTREAM,
    Candidate,
    ModelNames,
    Reading,
    Snapshot,
    is_number,
    records,
    snapshot_source,
)

COLUMNS = {"Model", "Organization", "Publication date", "Training compute (FLOP)", "Model accessibility"}
# training_compute holds Epoch's notable language models since 2020 that the public can use and
# that have a compute estimate (its description in datapackage.json); new rows must meet the same rule.
PUBLIC_ACCESS = {
    "API access",
    "Hosted access (no API)",
    "Open weights (unrestricted)",
    "Open weights (restricted use)",
    "Open weights (non-commercial)",
}
TRAINING_COMPUTE_SINCE = "2020-01-01"


def read(
    path: Path, text: str, names: ModelNames, reading: Reading, existing: dict[str, list[dict[str, str]]]
) -> Snapshot:
    label = path.name
    retrieved = reading.date(label, why="Epoch AI's export carries no retrieval date")
    snapshot = Snapshot(
        label,
        EPOCH_NOTABLE,
        snapshot_source(
            reading,
            f"epoch_notable_models_{retrieved:%Y%m%d}",
            "Notable AI models (notable_ai_models.csv)",
            EPOCH_NOTABLE,
            reading.source_url or UPSTREAM[EPOCH_NOTABLE]["url"],
            "Imported with llmecon.importers; Epoch AI data, CC BY 4.0: publication date, training compute, "
            "accessibility, hardware.",
            retrieved,
        ),
    )
    source_id = snapshot.source["source_id"]
    runs = {r["model"]: r for r in existing.get("training_runs", [])}
    models = {r["model_id"]: r for r in existing.get("models", [])}
    unmatched = set()
    for line, row in records(text, label):
        name = row["Model"].strip()
        origin = f"{label}, line {line}, model '{name}'"
        compute = row["Training compute (FLOP)"].strip()
        published = row["Publication date"].strip()
        if (
            compute
            and published >= TRAINING_COMPUTE_SINCE
            and "Language" in row.get("Domain", "")
            and row["Model accessibility"].strip() in PUBLIC_ACCESS
        ):
            snapshot.candidates.append(
                Candidate(
                    "training_compute",
                    {
                        "model": name,
                        "organization": row["Organization"].strip(),
                        "publication_date": published,
                        "accessibility": row["Model accessibility"].strip(),
                        "training_compute_flop": compute,
                        "source_id": source_id,
                    },
                    origin,
                )
            )
        if name in runs:  # the table's set is Epoch's cost-estimated runs: revise those, add none
            given = {
                "publication_date": published,
                "compute_flop": compute,
                "hardware": row.get("Training hardware", "").strip(),
                "hardware_count": row.get("Hardware quantity", "").strip(),
                "training_hours": row.get("Training time (hours)", "").strip(),
                "mfu": row.get("Hardware utilization (MFU)", "").strip(),
                "confidence": row.get("Confidence", "").strip(),
            }
            # The rows come from Epoch's fuller exports (MFU, chip counts); a cell this export leaves empty
            # is not given here, not withdrawn, so it never erases a value.
            revised = {**runs[name], **{k: v for k, v in given.items() if v}}
            if revised != runs[name]:
                revised["source_id"] = source_id
            snapshot.candidates.append(Candidate("training_runs", revised, origin))
        model_id, excluded = names.resolve(EPOCH_NOTABLE, name)
        if excluded:
            snapshot.excluded.append(name)
        elif model_id is None:
            unmatched.add(name)
        elif model_id in models:  # models need a reasoning flag Epoch does not give: revise, never add
            # Only the parameter count: Epoch's publication date is an announcement (o3: 2024-12-20), while
            # models.release_date is first public availability (o3: 2025-04-16), a different fact.
            parameters = row.get("Parameters", "").strip()
            if is_number(parameters):
                revised = dict(models[model_id])
                revised.update({"parameters_b": f"{float(parameters) / 1e9:.10g}", "source_id": source_id})
                snapshot.candidates.append(Candidate("models", revised, origin))
    snapshot.unmatched = sorted(unmatched)
    return snapshot
