"""pydantic/genai-prices provider catalogues (`prices/providers/*.yml`) -> prices."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..core.checks import CONVERTED, IMPORTED_FROM
from .common import (
    FLOATING,
    GENAI_PRICES,
    PROMOTION_WORDS,
    PROMOTIONAL,
    RETIRED,
    UPSTREAM,
    Candidate,
    ImportRejected,
    ModelNames,
    Reading,
    Snapshot,
    iso,
    number_cell,
    snapshot_source,
)

# Provider ids to the names prices.csv uses, where genai-prices' own name differs ("Deepseek", "X AI").
PROVIDERS = {
    "aws": "Amazon Bedrock",
    "azure": "Microsoft Azure",
    "deepseek": "DeepSeek",
    "fireworks": "Fireworks AI",
    "minimax": "MiniMax",
    "mistral": "Mistral AI",
    "moonshotai": "Moonshot AI",
    "together": "Together AI",
    "x-ai": "xAI",
    "zhipuai": "Zhipu AI",
}
CATALOGUE_NOTE = "in force when genai-prices last checked it (prices_checked); not the date the price took effect"
RETRIEVAL_NOTE = "in force in the genai-prices snapshot on its retrieval date; not the date the price took effect"


def read(path: Path, text: str, names: ModelNames, reading: Reading) -> Snapshot:
    label = path.name
    try:
        catalogue = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ImportRejected(f"{label}{where}: not valid YAML ({problem})") from None
    if not isinstance(catalogue, dict) or not isinstance(catalogue.get("models"), list) or "name" not in catalogue:
        raise ImportRejected(f"{label}: not a genai-prices provider file (needs 'name' and a 'models' list)")
    checked = [
        dt.date.fromisoformat(iso(m["prices_checked"]))
        for m in catalogue["models"]
        if isinstance(m, dict) and m.get("prices_checked")
    ]
    # The file's own latest check date wins over the day it was read, so a file dates the same
    # whether it comes from disk or from a URL.
    retrieved = reading.date(label, max(checked) if checked else None, "no prices_checked date in the file")
    provider_id = re.sub(r"[^a-z0-9_.-]", "_", str(catalogue.get("id", catalogue["name"])).lower())
    provider = PROVIDERS.get(provider_id, str(catalogue["name"]))
    url = reading.source_url or UPSTREAM[GENAI_PRICES]["url"].format(file=path.name)
    snapshot = Snapshot(
        label,
        GENAI_PRICES,
        snapshot_source(
            reading,
            f"genai_prices_{provider_id}_{retrieved:%Y%m%d}",
            f"genai-prices prices/providers/{path.name}",
            GENAI_PRICES,
            url,
            "Imported with llmecon.importers; each model's prices_checked (the date the price was last verified) "
            "dates its price (date_basis catalogue), the retrieval date where it has none; a dated price "
            "constraint's start_date is the date the price took effect (date_basis announced).",
            retrieved,
        ),
    )
    converted = CONVERTED.search(str(catalogue.get("price_comments") or ""))
    upstream_ids = {str(e.get("id", "")) for e in catalogue["models"] if isinstance(e, dict)}
    for entry in catalogue["models"]:
        upstream_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        origin = f"{label}, model '{upstream_id}' (line {_line_of(text, upstream_id)})"
        model_id = snapshot.model_id(names, GENAI_PRICES, upstream_id)
        if model_id is None:
            continue
        # A seller's price in the seller's currency only: not an aggregator's copy, not a converted figure.
        aggregator = IMPORTED_FROM.search(str(entry.get("price_comments") or ""))
        if aggregator:
            snapshot.skipped.append(
                (origin, f"imported from {aggregator.group(1)}: the aggregator's price, not {provider}'s")
            )
            continue
        if converted:
            snapshot.skipped.append(
                (
                    origin,
                    f"the file's prices are converted from the billing currency "
                    f"('{converted.group(0)}'): not list prices",
                )
            )
            continue
        flags = review_flags(entry, names.is_floating(GENAI_PRICES, upstream_id, upstream_ids))
        for effective, date_basis, prices, note in _price_lines(entry, retrieved, snapshot, origin):
            if date_basis == "catalogue":
                effective, date_basis = reading.price_date(effective)
            input_price, input_tiered = _token_price(prices.get("input_mtok"))
            output_price, output_tiered = _token_price(prices.get("output_mtok"))
            if input_price is None or output_price is None:
                snapshot.rejected.append((origin, "no per-token input and output price (input_mtok, output_mtok)"))
                continue
            notes = [note, f"upstream id {upstream_id}"]
            tier = _base_tier(prices.get("input_mtok")) or _base_tier(prices.get("output_mtok"))
            if input_tiered or output_tiered:
                notes.append("base price (the shortest-context tier); longer-context tiers not imported")
            snapshot.candidates.append(
                Candidate(
                    "prices",
                    {
                        "model_id": model_id,
                        "provider": provider,
                        "currency": "USD",
                        "effective_date": iso(effective),
                        "date_basis": date_basis,
                        "input_per_m": number_cell(input_price),
                        "output_per_m": number_cell(output_price),
                        "context_tier": tier,
                        "price_kind": "list",
                        "notes": "; ".join(notes),
                        "source_id": snapshot.source["source_id"],
                    },
                    origin,
                    flags,
                )
            )
    return snapshot


def _base_tier(value) -> str:
    """The context tier a tiered price's base applies to ("<=200k" below the first tier's start), else ""."""
    if not isinstance(value, dict):
        return ""
    starts = [tier.get("start") for tier in value.get("tiers") or [] if isinstance(tier, dict)]
    starts = [s for s in starts if isinstance(s, int)]
    return f"<={min(starts) // 1000}k" if starts else ""


def review_flags(entry: dict, floating: bool) -> frozenset[str]:
    """What a reviewer must weigh: a retired model (`removed`, `deprecated`), a price the entry words as an
    introductory or limited-time offer, a floating upstream name."""
    flags = set()
    if entry.get("removed") or entry.get("deprecated"):
        flags.add(RETIRED)
    if PROMOTION_WORDS.search(f"{entry.get('description') or ''} {entry.get('price_comments') or ''}"):
        flags.add(PROMOTIONAL)
    if floating:
        flags.add(FLOATING)
    return frozenset(flags)


def _token_price(value) -> tuple[object, bool]:
    """genai-prices gives a number, or {base, tiers} for long-context surcharges: (base price, tiered)."""
    if isinstance(value, dict):
        return value.get("base"), True
    return value, False


def _price_lines(entry: dict, retrieved: dt.date, snapshot: Snapshot, origin: str):
    """(date, date_basis, prices, note) for each price of a catalogue entry the prices table can hold."""
    observed = entry.get("prices_checked")
    when = dt.date.fromisoformat(iso(observed)) if observed else retrieved
    note = CATALOGUE_NOTE if observed else RETRIEVAL_NOTE
    prices = entry.get("prices")
    if isinstance(prices, dict):
        if prices:
            yield when, "catalogue", prices, note
        else:
            snapshot.skipped.append((origin, "no prices listed"))
        return
    if not isinstance(prices, list):
        snapshot.rejected.append((origin, "prices is neither a mapping nor a list"))
        return
    constraints = [p.get("constraint") or {} for p in prices]
    if any("start_time" in c or "end_time" in c for c in constraints):
        snapshot.skipped.append(
            (origin, "time-of-day prices (off-peak discounts): one list price per date cannot represent them")
        )
        return
    starts = [dt.date.fromisoformat(iso(c["start_date"])) for c in constraints if "start_date" in c]
    for item, constraint in zip(prices, constraints):
        if not constraint and starts and min(starts) <= when:
            # The unconstrained price is the one before the first dated change: no longer in force on the
            # check date, and with no date of its own.
            snapshot.skipped.append((origin, f"earlier price, superseded on {min(starts)}, has no start date"))
            continue
        if "start_date" in constraint:
            start = dt.date.fromisoformat(iso(constraint["start_date"]))
            if start > dt.date.today():
                snapshot.skipped.append((origin, f"price taking effect in the future ({start}) not imported"))
                continue
            yield (
                start,
                "announced",
                item.get("prices") or {},
                f"dated price constraint start_date {start} in genai-prices",
            )
        elif constraint:
            snapshot.skipped.append((origin, f"price constraint {sorted(constraint)} not supported"))
        else:
            yield when, "catalogue", item.get("prices") or {}, note


def _line_of(text: str, upstream_id: str) -> int | str:
    found = re.search(rf"^\s*-\s*id:\s*['\"]?{re.escape(upstream_id)}['\"]?\s*$", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else "?"
