"""Price-capability frontiers: the cheapest way to buy a given capability over time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import units


def model_scores(benchmarks: pd.DataFrame, benchmark: str, evaluators: list[str]) -> pd.DataFrame:
    """One score per model on `benchmark`, from the first evaluator in `evaluators` that has one.

    Developer-reported and third-party scores differ by a few points, so the
    preference order is a choice the chapters expose as a parameter.
    """
    rows = benchmarks[(benchmarks["benchmark"] == benchmark) & benchmarks["evaluator"].isin(evaluators)].copy()
    rows["rank"] = rows["evaluator"].map({e: i for i, e in enumerate(evaluators)})
    best = rows.sort_values(["model_id", "rank"]).drop_duplicates("model_id")
    return best[["model_id", "score", "evaluator", "setting", "source_id"]].rename(
        columns={"source_id": "score_source_id"}).reset_index(drop=True)


# One offer: a model at a provider, in one currency and context tier (the prices table's key without the date).
OFFER_KEY = ["model_id", "provider", "currency", "context_tier"]
# Dates that say when a price took effect or was first seen; a catalogue reading only bounds it from above.
TREND_DATE_BASES = ("announced", "observed")


def prices_in_force(prices: pd.DataFrame, when) -> pd.DataFrame:
    """The price row in force for every offer on `when` (offer: the columns of OFFER_KEY that `prices` has)."""
    when = pd.Timestamp(when)
    known = prices[prices["effective_date"] <= when]
    offer = [c for c in OFFER_KEY if c in prices.columns]
    latest = known.sort_values("effective_date").groupby(offer, as_index=False, dropna=False).tail(1)
    return latest.reset_index(drop=True)


def trend_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """The price rows a trend or a record low may rest on: list prices dated by announcement or observation.

    A catalogue reading shows only that a price was in force when the catalogue
    was read, often months after it took effect: dated there, it would invent a
    late plateau and a late record low. A promotion (launch discount, off-peak
    price) is not the price a buyer can count on, so it sets no record low either.
    """
    for column in ("date_basis", "price_kind"):
        if column not in prices.columns:
            raise KeyError(f"prices need a {column!r} column to choose the rows a trend may use")
    return prices[prices["date_basis"].isin(TREND_DATE_BASES) & (prices["price_kind"] == "list")]


def cheapest_over_time(prices: pd.DataFrame, scores: pd.DataFrame, threshold: float,
                       price_column: str = "price", end=None) -> pd.DataFrame:
    """The cheapest model scoring at least `threshold`, at every date a price changed.

    `prices` needs model_id, provider, effective_date and `price_column`;
    `scores` comes from `model_scores`. Each row of the result is the cheapest
    offer in force from that date on; `is_record` marks the dates the cheapest
    price fell below every earlier one (the points trend fits use).
    """
    eligible_models = scores.loc[scores["score"] >= threshold, "model_id"]
    eligible = prices[prices["model_id"].isin(eligible_models)]
    if end is not None:
        eligible = eligible[eligible["effective_date"] <= pd.Timestamp(end)]
    columns = ["date", "model_id", "provider", price_column, "score", "source_id", "is_record"]
    if eligible.empty:
        return pd.DataFrame(columns=columns)

    # One sweep through the dates, keeping the offer in force for every key (what `prices_in_force` gives at
    # each date, without recomputing it from scratch).
    offer = [c for c in OFFER_KEY if c in eligible.columns]
    needed = list(dict.fromkeys([*offer, "effective_date", "model_id", "provider", price_column, "source_id"]))
    records = eligible.sort_values("effective_date", kind="stable")[needed].to_dict("records")
    in_force, steps = {}, []
    for position, row in enumerate(records):
        in_force[tuple(None if pd.isna(row[c]) else row[c] for c in offer)] = row  # NaN never equals itself
        if position + 1 < len(records) and records[position + 1]["effective_date"] == row["effective_date"]:
            continue  # the day's other price changes come first
        best = min(in_force.values(), key=lambda r: (r[price_column], r["model_id"], r["provider"]))
        steps.append({"date": pd.Timestamp(row["effective_date"]), "model_id": best["model_id"],
                      "provider": best["provider"], price_column: float(best[price_column]),
                      "source_id": best["source_id"]})
    frame = pd.DataFrame(steps)
    # Keep a step only where the cheapest offer changed.
    changed = (frame[["model_id", "provider", price_column]].shift() != frame[["model_id", "provider", price_column]]).any(axis=1)
    frame = frame[changed].reset_index(drop=True)
    frame = frame.merge(scores[["model_id", "score"]], on="model_id", how="left")
    running_min = frame[price_column].cummin().shift(fill_value=float("inf"))
    frame["is_record"] = frame[price_column] < running_min
    return frame[columns]


# -- priced models -------------------------------------------------------------

def priced_models(dataset, as_of, start=None) -> pd.DataFrame:
    """Token prices in USD per million, with model and source details, up to `as_of`."""
    prices = dataset.prices
    prices = prices[prices["effective_date"] <= pd.Timestamp(as_of)]
    if start is not None:
        prices = prices[prices["effective_date"] >= pd.Timestamp(start)]
    usd = units.FxTable(dataset.fx).to_usd(prices) if (prices["currency"] != "USD").any() else prices.assign(cny_per_usd=np.nan)
    models = dataset.models[["model_id", "name", "developer", "open_weights", "reasoning", "release_date"]]
    sources = dataset.sources[["source_id", "publisher", "url"]]
    return usd.merge(models, on="model_id", how="left").merge(sources, on="source_id", how="left")


def with_blend(prices: pd.DataFrame, input_share: float) -> pd.DataFrame:
    return prices.assign(price=units.blended_price(prices["input_per_m"], prices["output_per_m"], input_share))


def coverage_end(prices: pd.DataFrame, as_of) -> pd.Timestamp:
    """The last date the price data describe: the analysis date or the latest price, whichever is earlier.

    Beyond the latest price row the data are silent, so a series must not be
    read as flat there.
    """
    return min(pd.Timestamp(as_of), prices["effective_date"].max())
