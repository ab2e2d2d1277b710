"""Epoch AI's per-threshold price-decline method, reimplemented, and run on two inputs.

Epoch AI ("LLM inference prices have fallen rapidly but unequally across
tasks", March 2025) measures, for each benchmark, how fast the price of the
cheapest model at or above a threshold fell. The thresholds are the scores of
the models that were ever the best on the benchmark when they appeared. The
observations are price points (a price change is a new observation dated when
it took effect), walked in date order: a point counts when it is cheaper than
every earlier point at or above the threshold, and of several counted points
on one date only the cheapest stays. A least-squares line of log10(price) on
the date (in days, 365 to the year) gives the annual factor, and Student's t
on its slope the 90% interval; a threshold needs four counted points.

The same function runs on Epoch's own inputs (to check the reimplementation
against Epoch's published table) and on observations built from the book's
price and benchmark tables (to see whether the book's data tell the same story).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from llmecon.core import fmt
from llmecon.core.frontier import model_scores, priced_models, trend_prices, with_blend
from llmecon.core.trends import least_squares_line, t_quantile

BENCHMARKS = ["mmlu", "gpqa_diamond", "math500", "humaneval", "arena_elo"]
# Multiple-choice benchmarks: a threshold below 30% is too close to guessing to mean a capability.
MULTIPLE_CHOICE = {"mmlu", "gpqa_diamond"}
MIN_MULTIPLE_CHOICE_THRESHOLD = 30.0
MIN_POINTS = 4
DAYS_PER_YEAR = 365  # Epoch converts its daily slope with 365 days
CONFIDENCE = 0.90
# Percent-scored benchmarks cap at 100 (a score of exactly 100 falls outside Epoch's half-open range); Elo has no cap.
UPPER_BOUND = {"arena_elo": np.inf}
PERCENT_CAP = 100.0


def epoch_observations(inputs: pd.DataFrame, include_reasoning_models: bool = False) -> pd.DataFrame:
    """Epoch's two input files as one table of observations: model, date, price, one column per benchmark."""
    frame = inputs.rename(columns={"price_date": "date", "usd_per_m": "price", "model_name": "model"})
    if not include_reasoning_models:
        frame = frame[~frame["reasoning"]]
    # GPT-3 appears under two names in Epoch's files; Epoch merges them.
    frame = frame.assign(model=frame["model"].replace({"GPT-3 175B (davinci)": "GPT-3"}))
    return _in_date_order(frame[["model", "date", "price"] + BENCHMARKS])


def _in_date_order(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    return frame.sort_values("date", kind="mergesort").reset_index(drop=True)


def threshold_models(observations: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """The models that were the best on `benchmark` at some release date, with their scores as thresholds.

    Ties go to the observation listed first, as in Epoch's code.
    """
    leaders = []
    for when in observations["date"].drop_duplicates():
        so_far = observations[(observations["date"] <= when) & observations[benchmark].notna()]
        if so_far.empty:
            continue
        best = so_far.loc[so_far[benchmark].idxmax()]
        leaders.append(best.name)
    rows = observations.loc[sorted(set(leaders))]
    rows = rows[rows[benchmark].notna()]
    if benchmark in MULTIPLE_CHOICE:
        rows = rows[rows[benchmark] >= MIN_MULTIPLE_CHOICE_THRESHOLD]
    return pd.DataFrame({"threshold_model": rows["model"], "threshold": rows[benchmark].astype(float)}).reset_index(
        drop=True
    )


def record_lows(observations: pd.DataFrame, benchmark: str, threshold: float) -> pd.DataFrame:
    """Observations at or above `threshold` that were cheaper than every earlier one; one per date."""
    upper = UPPER_BOUND.get(benchmark, PERCENT_CAP)
    scored = observations[observations[benchmark].notna()]
    eligible = scored[(scored[benchmark] >= threshold) & (scored[benchmark] < upper)]
    # A record low is cheaper than every earlier observation (a missing price is none, and sets none).
    cheapest_before = eligible["price"].cummin().ffill().shift().fillna(np.inf)
    records = eligible[eligible["price"] < cheapest_before]
    # Records are strictly falling, so the last of a date is its cheapest.
    return records[~records["date"].duplicated(keep="last")].reset_index(drop=True)


def fit_decline(dates, prices, confidence: float = CONFIDENCE) -> dict:
    """OLS of log10(price) on days: annual decline factor and its interval at `confidence`."""
    days = np.array([pd.Timestamp(d).toordinal() for d in dates], dtype=float)
    logs = np.log10(np.asarray(prices, dtype=float))
    line = least_squares_line(days, logs)
    t = t_quantile(0.5 + confidence / 2, len(days) - 2)
    return {
        "factor": float(10 ** (-line.slope * DAYS_PER_YEAR)),
        "ci_low": float(10 ** (-(line.slope + t * line.slope_se) * DAYS_PER_YEAR)),
        "ci_high": float(10 ** (-(line.slope - t * line.slope_se) * DAYS_PER_YEAR)),
        "r_squared": float(line.r**2),
    }


def decline_rates(observations: pd.DataFrame, thresholds: pd.DataFrame, min_points: int = MIN_POINTS) -> pd.DataFrame:
    """Per (benchmark, threshold): the record lows' span, count and fitted annual decline.

    `thresholds` has columns benchmark and threshold; rows with fewer than
    `min_points` record lows keep their count but no factor.
    """
    rows = []
    for _, wanted in thresholds.iterrows():
        records = record_lows(observations, wanted["benchmark"], wanted["threshold"])
        row = {
            "benchmark": wanted["benchmark"],
            "threshold": float(wanted["threshold"]),
            "points": len(records),
            "window_start": records["date"].min() if len(records) else pd.NaT,
            "window_end": records["date"].max() if len(records) else pd.NaT,
            "models": ", ".join(records["model"]),
        }
        if len(records) >= min_points:
            row.update(fit_decline(records["date"], records["price"]))
        rows.append(row)
    columns = [
        "benchmark",
        "threshold",
        "points",
        "window_start",
        "window_end",
        "factor",
        "ci_low",
        "ci_high",
        "r_squared",
        "models",
    ]
    return pd.DataFrame(rows).reindex(columns=columns)


def epoch_thresholds(observations: pd.DataFrame, benchmarks=BENCHMARKS) -> pd.DataFrame:
    """Every (benchmark, threshold) Epoch's method derives from the observations themselves."""
    parts = [threshold_models(observations, b).assign(benchmark=b) for b in benchmarks]
    return pd.concat(parts, ignore_index=True).drop_duplicates(["benchmark", "threshold"])


def book_observations(
    dataset, end, input_share: float, evaluators: list[str], include_reasoning_models: bool = False
) -> pd.DataFrame:
    """The book's prices and scores in the shape of Epoch's inputs.

    One observation per model and date its price changed: the developer's own
    price where the model has one, otherwise the median of the hosts' prices
    in force that day (Epoch follows Artificial Analysis in this). Only list
    prices dated by announcement or observation count (`frontier.trend_prices`).
    """

    prices = trend_prices(with_blend(priced_models(dataset, end), input_share))
    if not include_reasoning_models:
        prices = prices[~prices["reasoning"]]
    first_party = prices["provider"].str.casefold() == prices["developer"].str.casefold()
    has_own = prices.loc[first_party, "model_id"].unique()
    prices = prices[first_party | ~prices["model_id"].isin(has_own)]
    rows = []
    ordered = prices.sort_values(["model_id", "effective_date"], kind="stable")
    for model_id, group in ordered.groupby("model_id", sort=True):
        in_force: dict = {}  # provider -> its latest price so far
        dated = list(zip(group["effective_date"], group["provider"], group["price"]))
        for position, (when, provider, price) in enumerate(dated):
            in_force[provider] = price
            if position + 1 < len(dated) and dated[position + 1][0] == when:
                continue  # the day's other changes come first
            known = [p for p in in_force.values() if not pd.isna(p)]
            rows.append(
                {"model": model_id, "date": pd.Timestamp(when), "price": float(np.median(known)) if known else np.nan}
            )
    observations = pd.DataFrame(rows, columns=["model", "date", "price"])
    # Keep a date only where the model's price changed.
    observations = observations[observations.groupby("model")["price"].diff().fillna(1) != 0]
    for benchmark in BENCHMARKS:
        scores = model_scores(dataset.benchmarks, benchmark, evaluators).set_index("model_id")["score"]
        observations[benchmark] = observations["model"].map(scores)
    return _in_date_order(observations)


def replicate(published: pd.DataFrame, epoch_inputs: pd.DataFrame, book: pd.DataFrame) -> pd.DataFrame:
    """Epoch's method on Epoch's inputs and on the book's data, at Epoch's published thresholds.

    The book's observations are cut at the last date of Epoch's inputs, so both
    windows end at the same point.
    """
    wanted = published[["benchmark", "threshold"]]
    cutoff = epoch_inputs["date"].max()
    reference = published.rename(
        columns={"factor": "epoch_factor", "ci_low": "epoch_ci_low", "ci_high": "epoch_ci_high"}
    )[["benchmark", "threshold", "threshold_model", "epoch_factor", "epoch_ci_low", "epoch_ci_high"]]
    parts = [
        decline_rates(epoch_inputs, wanted).assign(inputs="epoch"),
        decline_rates(book[book["date"] <= cutoff], wanted).assign(inputs="book"),
    ]
    table = pd.concat(parts, ignore_index=True).merge(reference, on=["benchmark", "threshold"], how="left")
    table["inside_epoch_interval"] = table["factor"].between(table["epoch_ci_low"], table["epoch_ci_high"])
    table["ratio_to_epoch"] = table["factor"] / table["epoch_factor"]
    return table


def explain_differences(table: pd.DataFrame, min_points: int = MIN_POINTS) -> pd.DataFrame:
    """For every book row outside Epoch's interval (or without a rate): why, from the two series themselves.

    The reason names what differs between the book's record lows and those
    Epoch's inputs give at the same threshold: how many there are, where the
    series starts and ends, and the models at its two ends.
    """
    epoch = table[table["inputs"] == "epoch"].set_index(["benchmark", "threshold"])
    rows = []
    for _, book in table[table["inputs"] == "book"].iterrows():
        if book["inside_epoch_interval"]:
            continue
        theirs = epoch.loc[(book["benchmark"], book["threshold"])]
        if book["points"] == 0:
            why = (
                f"no model in the book's data scores at least {book['threshold']:g} on this benchmark with a price "
                f"before {theirs['window_end']:%B %Y}"
            )
        elif book["points"] < min_points:
            why = (
                f"the book's data give {book['points']} record lows ({book['models']}), fewer than the "
                f"{min_points} a rate needs; Epoch's inputs give {theirs['points']} ({theirs['models']})"
            )
        else:
            side = "faster" if book["factor"] > book["epoch_ci_high"] else "slower"
            why = (
                f"{side}: the book's {book['points']} record lows run {book['window_start']:%b %Y} to "
                f"{book['window_end']:%b %Y} ({book['models']}); Epoch's {theirs['points']} run "
                f"{theirs['window_start']:%b %Y} to {theirs['window_end']:%b %Y} ({theirs['models']})"
            )
        rows.append({"benchmark": book["benchmark"], "threshold": book["threshold"], "why": why})
    return pd.DataFrame(rows, columns=["benchmark", "threshold", "why"])


def published_table(table: pd.DataFrame) -> pd.DataFrame:
    """The published replication table (`epoch_replication.csv`)."""
    out = table.copy()
    for column in ("window_start", "window_end"):
        out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out[
        [
            "benchmark",
            "threshold",
            "inputs",
            "window_start",
            "window_end",
            "factor",
            "ci_low",
            "ci_high",
            "epoch_factor",
            "epoch_ci_low",
            "epoch_ci_high",
        ]
    ]


BENCHMARK_NAMES = {
    "mmlu": "MMLU",
    "gpqa_diamond": "GPQA Diamond",
    "humaneval": "HumanEval",
    "math500": "MATH-500",
    "arena_elo": "Chatbot Arena Elo",
}


def display_table(table: pd.DataFrame):
    """Epoch's published rate beside the method's result on Epoch's inputs and on the book's data."""
    key = ["benchmark", "threshold"]
    ours = table[table["inputs"] == "epoch"].set_index(key)
    book = table[table["inputs"] == "book"].set_index(key)

    def interval(frame, low, high):
        return [
            "–" if pd.isna(lo) else f"{fmt.number(lo)} to {fmt.number(hi)}" for lo, hi in zip(frame[low], frame[high])
        ]

    out = pd.DataFrame(
        {
            "Benchmark": [BENCHMARK_NAMES[b] for b, _ in ours.index],
            "Threshold (level of)": [f"{t:g} ({m})" for (_, t), m in zip(ours.index, ours["threshold_model"])],
            "Epoch ÷/yr": ours["epoch_factor"].to_numpy(),
            "Epoch 90%": interval(ours, "epoch_ci_low", "epoch_ci_high"),
            "Ours, Epoch's inputs": ours["factor"].to_numpy(),
            "Its 90%": interval(ours, "ci_low", "ci_high"),
            "Ours, book's data": book.loc[ours.index, "factor"].to_numpy(),
            "Book 90%": interval(book.loc[ours.index], "ci_low", "ci_high"),
            "Book record lows": book.loc[ours.index, "points"].to_numpy(),
        }
    )
    return out.style.format(
        {
            "Epoch ÷/yr": fmt.number,
            "Ours, Epoch's inputs": fmt.number,
            "Ours, book's data": fmt.number,
            "Book record lows": "{:.0f}",
        },
        na_rep="–",
    ).hide(axis="index")


def explanations_html(outside: pd.DataFrame) -> str:
    """The reasons for the book rows outside Epoch's interval, as a list."""
    import html

    if outside.empty:
        return "<p>None: every row lies inside Epoch AI's interval.</p>"
    items = "".join(
        f"<li><strong>{BENCHMARK_NAMES[r['benchmark']]} ≥ {r['threshold']:g}</strong>: {html.escape(r['why'])}</li>"
        for _, r in outside.iterrows()
    )
    return f"<ul>{items}</ul>"


def run(dataset, data_end, input_share: float, evaluators: list[str]) -> tuple[dict, pd.DataFrame]:
    """Epoch AI's method on Epoch's own inputs and on the book's data cut at Epoch's last date: the numbers the
    chapter quotes and the table of both replications."""
    epoch_inputs = epoch_observations(dataset.epoch_price_inputs)
    published = dataset.epoch_inference_rates
    replicated = replicate(published, epoch_inputs, book_observations(dataset, data_end, input_share, evaluators))
    on_epoch, on_book = replicated[replicated["inputs"] == "epoch"], replicated[replicated["inputs"] == "book"]
    return {
        "rep_rows": len(published),
        "rep_epoch_inside": int(on_epoch["inside_epoch_interval"].sum()),
        "rep_epoch_max_dev_pct": float((on_epoch["ratio_to_epoch"] - 1).abs().max() * 100),
        "rep_book_inside": int(on_book["inside_epoch_interval"].sum()),
        "rep_book_rated": int(on_book["factor"].notna().sum()),
        "rep_book_below": int((on_book["ratio_to_epoch"] < 1).sum()),
        "rep_book_median_ratio": float(on_book["ratio_to_epoch"].median()),
        "rep_cutoff": fmt.day(epoch_inputs["date"].max()),
    }, replicated
