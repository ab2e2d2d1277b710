"""Simon Willison's llm-prices vendor files (`data/<vendor>.json`, behind llm-prices.com) -> prices.

Each model has a price history: a price with a `from_date` took effect then (date_basis announced, as
recorded by llm-prices); the current undated price is known in force on the snapshot's date; an earlier
price with only a `to_date` cannot be dated and is skipped. A name marking a context tier ("Gemini 3 Pro
≤200k") gives the row's context_tier; the tier above it is not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .common import (
    LLM_PRICES,
    UPSTREAM,
    Candidate,
    ImportRejected,
    ModelNames,
    Reading,
    Snapshot,
    number_cell,
    snapshot_source,
)

# Vendor slugs to the provider names prices.csv uses.
PROVIDERS = {
    "amazon": "Amazon Bedrock",
    "anthropic": "Anthropic",
    "deepseek": "DeepSeek",
    "google": "Google",
    "meta-ai": "Meta",
    "minimax": "MiniMax",
    "mistral": "Mistral AI",
    "moonshot-ai": "Moonshot AI",
    "openai": "OpenAI",
    "qwen": "Alibaba Cloud",
    "xai": "xAI",
}


def is_format(document) -> bool:
    return isinstance(document, dict) and "vendor" in document and isinstance(document.get("models"), list)


def read(path: Path, document: dict, names: ModelNames, reading: Reading) -> Snapshot:
    label = path.name
    vendor = str(document["vendor"])
    if vendor not in PROVIDERS:
        raise ImportRejected(
            f"{label}: llm-prices vendor {vendor!r} has no provider name here (PROVIDERS in "
            "llmecon/importers/llm_prices.py)"
        )
    dated = reading.date(label, why="llm-prices vendor files carry no snapshot date")
    snapshot = Snapshot(
        label,
        LLM_PRICES,
        snapshot_source(
            reading,
            f"llm_prices_{vendor.replace('-', '_')}_{dated:%Y%m%d}",
            f"llm-prices data/{label}",
            LLM_PRICES,
            reading.source_url or UPSTREAM[LLM_PRICES]["url"].format(file=label),
            "Imported with llmecon.importers; a price_history entry's from_date is the date the price took effect "
            "(date_basis announced, as llm-prices records it); the current undated price is dated by the snapshot.",
            dated,
        ),
    )
    for position, model in enumerate(document["models"]):
        upstream_id = str(model.get("id", "")) if isinstance(model, dict) else ""
        origin = f"{label}, model '{upstream_id}' (entry {position + 1})"
        tier = re.search(r"([≤<>])=?\s*(\d+[kKmM])", str(model.get("name", "")))
        if tier and tier.group(1) == ">":
            snapshot.skipped.append(
                (origin, f"price above {tier.group(2)} tokens of context: higher tiers are not imported")
            )
            continue
        model_id = snapshot.model_id(names, LLM_PRICES, upstream_id, exact=False)
        if model_id is None:
            continue
        for price in model.get("price_history") or []:
            start, end = price.get("from_date"), price.get("to_date")
            if start:
                effective, basis = dt.date.fromisoformat(start), "announced"
                if effective > dt.date.today():
                    snapshot.skipped.append((origin, f"price taking effect in the future ({effective}) not imported"))
                    continue
            elif end:
                snapshot.skipped.append((origin, f"earlier price ending {end} has no start date"))
                continue
            else:
                effective, basis = reading.price_date(dated)
            snapshot.candidates.append(
                Candidate(
                    "prices",
                    {
                        "model_id": model_id,
                        "provider": PROVIDERS[vendor],
                        "currency": "USD",
                        "effective_date": effective.isoformat(),
                        "date_basis": basis,
                        "input_per_m": number_cell(price.get("input", "")),
                        "output_per_m": number_cell(price.get("output", "")),
                        "context_tier": f"<={tier.group(2).lower()}" if tier else "",
                        "price_kind": "list",
                        "notes": f"llm-prices price history of {upstream_id}"
                        + (f" from {start}" if start else ", current price"),
                        "source_id": snapshot.source["source_id"],
                    },
                    origin,
                )
            )
    return snapshot
