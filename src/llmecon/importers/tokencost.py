"""LiteLLM's model price list as tokencost ships it (`tokencost/model_prices.json`) -> prices.

One entry per model key and deployment (`litellm_provider`), prices per token in USD. The file has no
dates: a snapshot is dated by --observed (the upstream commit it is, date_basis observed) or --retrieved.
Only chat models of the providers below are read; keys float (`gpt-4o`), so only curated aliases map them.
"""

from __future__ import annotations

from pathlib import Path

from ..core.checks import SERVICE_TIER_SUFFIX
from .common import TOKENCOST, UPSTREAM, Candidate, ModelNames, Reading, Snapshot, per_million, snapshot_source

# LiteLLM provider names to the provider names prices.csv uses.
PROVIDERS = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "deepseek": "DeepSeek",
    "gemini": "Google",
    "mistral": "Mistral AI",
    "xai": "xAI",
    "cohere": "Cohere",
    "cohere_chat": "Cohere",
    "ai21": "AI21 Labs",
    "groq": "Groq",
    "together_ai": "Together AI",
    "fireworks_ai": "Fireworks AI",
    "deepinfra": "DeepInfra",
    "bedrock": "Amazon Bedrock",
    "bedrock_converse": "Amazon Bedrock",
    "azure": "Microsoft Azure",
    "azure_ai": "Microsoft Azure",
    "anyscale": "Anyscale",
    "cerebras": "Cerebras",
    "moonshot": "Moonshot AI",
}
PER_TOKEN = 1e6


def is_format(document) -> bool:
    return isinstance(document, dict) and any(
        isinstance(v, dict) and "litellm_provider" in v for v in document.values()
    )


def read(path: Path, document: dict, names: ModelNames, reading: Reading) -> Snapshot:
    label = path.name
    dated = reading.date(label, why="the LiteLLM price list carries no dates")
    snapshot = Snapshot(
        label,
        TOKENCOST,
        snapshot_source(
            reading,
            f"tokencost_model_prices_{dated:%Y%m%d}",
            "tokencost model_prices.json (copy of LiteLLM's model price list)",
            TOKENCOST,
            reading.source_url or UPSTREAM[TOKENCOST]["url"],
            "Imported with llmecon.importers; per-token USD prices times one million; chat models only.",
            dated,
        ),
    )
    effective, basis = reading.price_date(dated)
    other_providers = set()
    for key, entry in document.items():
        if not isinstance(entry, dict) or entry.get("mode") != "chat":
            continue
        provider = PROVIDERS.get(str(entry.get("litellm_provider")))
        if provider is None:
            other_providers.add(str(entry.get("litellm_provider")))
            continue
        origin = f"{label}, key '{key}'"
        if SERVICE_TIER_SUFFIX.search(key):
            snapshot.skipped.append(
                (origin, "a service tier (throughput, batch, flex, priority), not the standard list price")
            )
            continue
        model_id = snapshot.model_id(names, TOKENCOST, key, exact=False)
        if model_id is None:
            continue
        if entry.get("input_cost_per_token") is None or entry.get("output_cost_per_token") is None:
            snapshot.rejected.append((origin, "no input_cost_per_token and output_cost_per_token"))
            continue
        snapshot.candidates.append(
            Candidate(
                "prices",
                {
                    "model_id": model_id,
                    "provider": provider,
                    "currency": "USD",
                    "effective_date": effective.isoformat(),
                    "date_basis": basis,
                    "input_per_m": per_million(entry["input_cost_per_token"], PER_TOKEN),
                    "output_per_m": per_million(entry["output_cost_per_token"], PER_TOKEN),
                    "context_tier": "",
                    "price_kind": "list",
                    "notes": f"tokencost/LiteLLM price list, key {key}",
                    "source_id": snapshot.source["source_id"],
                },
                origin,
            )
        )
    if other_providers:
        snapshot.skipped.append(
            (
                label,
                f"chat models of {len(other_providers)} providers with no provider name "
                f"here (PROVIDERS in llmecon/importers/tokencost.py): "
                f"{', '.join(sorted(other_providers))}",
            )
        )
    return snapshot
