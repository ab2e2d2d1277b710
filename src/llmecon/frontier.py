"""Price-capability frontiers: the cheapest way to buy a given capability over time."""

from __future__ import annotations

import pandas as pd


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

    steps = []
    for when in sorted(eligible["effective_date"].unique()):
        offers = prices_in_force(eligible, when)
        best = offers.sort_values([price_column, "model_id", "provider"]).iloc[0]
        steps.append({"date": pd.Timestamp(when), "model_id": best["model_id"], "provider": best["provider"],
                      price_column: float(best[price_column]), "source_id": best["source_id"]})
    frame = pd.DataFrame(steps)
    # Keep a step only where the cheapest offer changed.
    changed = (frame[["model_id", "provider", price_column]].shift() != frame[["model_id", "provider", price_column]]).any(axis=1)
    frame = frame[changed].reset_index(drop=True)
    frame = frame.merge(scores[["model_id", "score"]], on="model_id", how="left")
    running_min = frame[price_column].cummin().shift(fill_value=float("inf"))
    frame["is_record"] = frame[price_column] < running_min
    return frame[columns]
