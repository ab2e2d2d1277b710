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
    return (
        best[["model_id", "score", "evaluator", "setting", "source_id"]]
        .rename(columns={"source_id": "score_source_id"})
        .reset_index(drop=True)
    )


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


def cheapest_over_time(
    prices: pd.DataFrame, scores: pd.DataFrame, threshold: float, price_column: str = "price", end=None
) -> pd.DataFrame:
    """The cheapest model scoring at least `threshold`, at every date a price changed.

    `prices` needs model_id, provider, effective_date and `price_column`;
    `scores` comes from `model_scores`. Each row of the result is the cheapest
    offer in force from that date on; `is_record` marks the dates the cheapest
    price fell below every earlier one (the points trend fits use).
    """
    return cheapest_at_levels(prices, scores, [threshold], price_column, end)[0]


STEP_COLUMNS = ["date", "model_id", "provider", "score", "source_id", "is_record"]


def cheapest_at_levels(
    prices: pd.DataFrame, scores: pd.DataFrame, thresholds: list[float], price_column: str = "price", end=None
) -> list[pd.DataFrame]:
    """`cheapest_over_time` at each threshold in turn, sorting the prices once for all of them."""
    columns = [*STEP_COLUMNS[:3], price_column, *STEP_COLUMNS[3:]]
    score_of = dict(zip(scores["model_id"], scores["score"]))
    scored = prices[prices["model_id"].isin(list(score_of))]
    if end is not None:
        scored = scored[scored["effective_date"] <= pd.Timestamp(end)]
    offer = [c for c in OFFER_KEY if c in scored.columns]
    ordered = scored.sort_values("effective_date", kind="stable")
    # One offer per key (NaN never equals itself, so missing parts of a key are read as None).
    keys = list(zip(*[[None if pd.isna(v) else v for v in ordered[c]] for c in offer]))
    dates = list(ordered["effective_date"])
    models, providers = list(ordered["model_id"]), list(ordered["provider"])
    amounts, sources = [float(v) for v in ordered[price_column]], list(ordered["source_id"])
    row_scores = [score_of[m] for m in models]

    def rank(i: int) -> tuple:  # cheapest first; ties by model, then provider
        return amounts[i], models[i], providers[i]

    frames = []
    for threshold in thresholds:
        rows = [i for i, score in enumerate(row_scores) if score >= threshold]
        steps: list[int] = []
        step_dates = []
        in_force: dict[tuple, int] = {}
        best = None
        for position, i in enumerate(rows):
            replaced = in_force.get(keys[i])
            in_force[keys[i]] = i
            if best is None or replaced == best:
                best = min(in_force.values(), key=rank)  # the cheapest offer's own price changed
            elif rank(i) < rank(best):
                best = i
            if position + 1 < len(rows) and dates[rows[position + 1]] == dates[i]:
                continue  # the day's other price changes come first
            # Keep a step only where the cheapest offer changed.
            if steps and not _differs(steps[-1], best, models, providers, amounts):
                continue
            steps.append(best)
            step_dates.append(pd.Timestamp(dates[i]))
        if not steps:
            frames.append(pd.DataFrame(columns=columns))
            continue
        step_prices = [amounts[i] for i in steps]
        frame = pd.DataFrame(
            {
                "date": step_dates,
                "model_id": [models[i] for i in steps],
                "provider": [providers[i] for i in steps],
                price_column: step_prices,
                "score": [score_of[models[i]] for i in steps],
                "source_id": [sources[i] for i in steps],
            }
        )
        running_min = frame[price_column].cummin().shift(fill_value=float("inf"))
        frame["is_record"] = frame[price_column] < running_min
        frames.append(frame[columns])
    return frames


def _differs(previous: int, current: int, models: list, providers: list, amounts: list) -> bool:
    """Whether two offers differ in model, provider or price (a missing value differs from everything)."""
    return any(
        pd.isna(a) or pd.isna(b) or a != b
        for a, b in (
            (models[previous], models[current]),
            (providers[previous], providers[current]),
            (amounts[previous], amounts[current]),
        )
    )


# -- priced models -------------------------------------------------------------


def priced_models(dataset, as_of, start=None) -> pd.DataFrame:
    """Token prices in USD per million, with model and source details, up to `as_of`."""
    prices = dataset.prices
    prices = prices[prices["effective_date"] <= pd.Timestamp(as_of)]
    if start is not None:
        prices = prices[prices["effective_date"] >= pd.Timestamp(start)]
    usd = (
        units.FxTable(dataset.fx).to_usd(prices)
        if (prices["currency"] != "USD").any()
        else prices.assign(cny_per_usd=np.nan)
    )
    models = dataset.models[["model_id", "name", "developer", "open_weights", "reasoning", "release_date"]]
    sources = dataset.rows("sources", "source_id", usd["source_id"])[["source_id", "publisher", "url"]]
    return usd.merge(models, on="model_id", how="left").merge(sources, on="source_id", how="left")


def with_blend(prices: pd.DataFrame, input_share: float) -> pd.DataFrame:
    return prices.assign(price=units.blended_price(prices["input_per_m"], prices["output_per_m"], input_share))


def coverage_end(prices: pd.DataFrame, as_of) -> pd.Timestamp:
    """The last date the price data describe: the analysis date or the latest price, whichever is earlier.

    Beyond the latest price row the data are silent, so a series must not be
    read as flat there.
    """
    return min(pd.Timestamp(as_of), prices["effective_date"].max())
