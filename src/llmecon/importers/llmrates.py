"""LLMRates.ai's `models.csv` price catalogue (llmrates/llm-pricing-dataset) -> prices."""

from __future__ import annotations

from pathlib import Path

from .common import (
    FLOATING,
    LLMRATES,
    TIER,
    UPSTREAM,
    Candidate,
    ModelNames,
    Reading,
    Snapshot,
    records,
    snapshot_source,
)

COLUMNS = {
    "provider_slug",
    "provider_name",
    "model_slug",
    "price_unit",
    "processing_tier",
    "input_price_per_million",
    "output_price_per_million",
}


def read(path: Path, text: str, names: ModelNames, reading: Reading) -> Snapshot:
    """One row per price tier; the standard tier of the base context length is the list price."""
    label = path.name
    retrieved = reading.date(label, why="the LLMRates catalogue carries no dates")
    snapshot = Snapshot(
        label,
        LLMRATES,
        snapshot_source(
            reading,
            f"llmrates_models_{retrieved:%Y%m%d}",
            "llm-pricing-dataset data/models.csv (LLMRates.ai price catalogue)",
            LLMRATES,
            reading.source_url or UPSTREAM[LLMRATES]["url"],
            "Imported with llmecon.importers; credit LLMRates.ai. Standard-tier list prices at the base context "
            "length, dated by the retrieval date (date_basis catalogue); each row carries the provider's pricing "
            "URL upstream.",
            retrieved,
        ),
    )
    effective, date_basis = reading.price_date(retrieved)
    unmatched = set()
    rows = list(records(text, label))
    slugs = {(row.get("model_slug") or "").strip() for _, row in rows}
    for line, row in rows:
        origin = f"{label}, line {line}"
        slug = (row.get("model_slug") or "").strip()
        model_id, excluded = names.resolve(LLMRATES, slug)
        if excluded:
            snapshot.excluded.append(slug)
            continue
        if model_id is None:
            unmatched.add(slug)
            continue
        if (
            (row.get("model_type") or "general") != "general"
            or row.get("processing_tier") != "standard"
            or (row.get("token_tier_min") or "0") != "0"
            or "audio" in (row.get("tier_label") or "").lower()
        ):
            continue  # batch, priority, long-context and audio tiers, and non-text products, are not text list prices
        # The currency is a column of its own; the provider names only region and tier, never the currency.
        region = (row.get("region") or "").replace("_", " ")
        tier = (row.get("tier_label") or "").strip()
        qualifiers = [q for q in (region, tier) if q and q.lower() != "global"]
        provider = row["provider_name"].strip() + (f" ({', '.join(qualifiers)})" if qualifiers else "")
        # A tier label in a provider name (long_context, Global cross-region) is a price tier, not a seller:
        # held for review when the name is new to the data.
        flags = {TIER} if tier and tier.lower() != "global" else set()
        if names.is_floating(LLMRATES, slug, slugs):
            flags.add(FLOATING)
        snapshot.candidates.append(
            Candidate(
                "prices",
                {
                    "model_id": model_id,
                    "provider": provider,
                    "currency": (row.get("price_unit") or "").strip(),
                    "effective_date": effective.isoformat(),
                    "date_basis": date_basis,
                    "input_per_m": (row.get("input_price_per_million") or "").strip(),
                    "output_per_m": (row.get("output_price_per_million") or "").strip(),
                    "context_tier": _first_tier(row.get("token_tier_max")),
                    "price_kind": "list",
                    "notes": f"in force in the LLMRates.ai catalogue on its retrieval date; not the date the price took "
                    f"effect (upstream slug {slug})",
                    "source_id": snapshot.source["source_id"],
                },
                origin,
                frozenset(flags),
            )
        )
    snapshot.unmatched = sorted(unmatched)
    return snapshot


def _first_tier(token_tier_max: str | None) -> str:
    """The context tier of a price tiered by input length ("<=32k" up to 32,000 tokens), "" when untiered."""
    tokens = (token_tier_max or "").strip()
    return f"<={int(float(tokens)) // 1000}k" if tokens else ""
