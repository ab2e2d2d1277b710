"""llmabacus.com's Chinese model prices (szp2005/llm-prices-cn `prices.json`) -> prices, in the billing currency.

Each model carries `last_verified`, the date its price was last checked on the official page (date_basis
catalogue, like genai-prices' prices_checked); --observed dates a commit's prices instead. A model priced by
context-length tiers contributes its first tier; retired models are skipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .common import (
    LLM_PRICES_CN,
    UPSTREAM,
    Candidate,
    ImportRejected,
    ModelNames,
    Reading,
    Snapshot,
    number_cell,
    snapshot_source,
)

# Vendor ids to the provider names prices.csv uses.
PROVIDERS = {
    "alibaba": "Alibaba Cloud",
    "bytedance": "Volcano Engine",
    "baidu": "Baidu AI Cloud",
    "tencent": "Tencent Cloud",
    "xfyun": "iFlytek",
    "zhipu": "Zhipu AI",
    "deepseek": "DeepSeek",
    "baichuan": "Baichuan",
    "minimax": "MiniMax",
    "moonshot": "Moonshot AI",
    "xiaomi": "Xiaomi",
    "stepfun": "StepFun",
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "google": "Google",
    "xai": "xAI",
}


def is_format(document) -> bool:
    return isinstance(document, dict) and isinstance(document.get("models"), list) and "usd_to_cny_rate" in document


def read(path: Path, document: dict, names: ModelNames, reading: Reading) -> Snapshot:
    label = path.name
    verified = [dt.date.fromisoformat(m["last_verified"]) for m in document["models"] if m.get("last_verified")]
    dated = reading.date(label, max(verified) if verified else None, "no last_verified date in the file")
    snapshot = Snapshot(
        label,
        LLM_PRICES_CN,
        snapshot_source(
            reading,
            f"llm_prices_cn_{dated:%Y%m%d}",
            "llm-prices-cn prices.json (llmabacus.com)",
            LLM_PRICES_CN,
            reading.source_url or UPSTREAM[LLM_PRICES_CN]["url"],
            "Imported with llmecon.importers; credit llmabacus.com (https://www.llmabacus.com). Prices in the billing "
            "currency, dated by each model's last_verified (date_basis catalogue); the first context tier of tiered "
            "prices.",
            dated,
        ),
    )
    for position, model in enumerate(document["models"]):
        upstream_id = str(model.get("id", ""))
        origin = f"{label}, model '{upstream_id}' (entry {position + 1})"
        if model.get("retired"):
            snapshot.skipped.append((origin, "retired"))
            continue
        model_id = snapshot.model_id(names, LLM_PRICES_CN, upstream_id, exact=False)
        if model_id is None:
            continue
        vendor = str(model.get("vendor_id"))
        if vendor not in PROVIDERS:
            raise ImportRejected(
                f"{origin}: vendor {vendor!r} has no provider name here (PROVIDERS in "
                "llmecon/importers/llm_prices_cn.py)"
            )
        checked = model.get("last_verified")
        effective, basis = reading.price_date(dt.date.fromisoformat(checked) if checked else dated)
        tiers = model.get("price_tiers") or []
        notes = [f"llm-prices-cn id {upstream_id}; official page {model.get('source', '')}".strip()]
        first_tier = tiers[0].get("up_to_input_tokens") if len(tiers) > 1 else None
        if first_tier:
            notes.append(f"first context tier (up to {first_tier} input tokens); higher tiers not imported")
        # Later versions give the billing currency's price as *_orig_per_m; the file's first version only as
        # *_cny_per_m and *_usd_per_m, of which the billing currency's is the list price (the other is converted).
        price_field = "orig" if "input_price_orig_per_m" in model else str(model.get("billing_currency", "")).lower()
        snapshot.candidates.append(
            Candidate(
                "prices",
                {
                    "model_id": model_id,
                    "provider": PROVIDERS[vendor],
                    "currency": str(model.get("billing_currency", "")),
                    "effective_date": effective.isoformat(),
                    "date_basis": basis,
                    "input_per_m": number_cell(model.get(f"input_price_{price_field}_per_m", "")),
                    "output_per_m": number_cell(model.get(f"output_price_{price_field}_per_m", "")),
                    "context_tier": f"<={first_tier // 1000}k" if first_tier else "",
                    "price_kind": "list",
                    "notes": "; ".join(notes),
                    "source_id": snapshot.source["source_id"],
                },
                origin,
            )
        )
    return snapshot
