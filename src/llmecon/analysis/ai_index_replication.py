"""The AI Index 2025's fall in the price of GPT-3.5-level performance, reproduced on its inputs, then on the book's.

Stanford HAI's AI Index 2025 reports that querying a model that scores as well as
GPT-3.5 on MMLU (64.8) cost $20 per million tokens in November 2022 and $0.07 in
October 2024 (Gemini-1.5-Flash-8B), a fall of more than 280 times. Its figures are
Epoch AI's: the price table behind Epoch's "LLM inference prices have fallen rapidly
but unequally across tasks" (prices blended 3:1 input to output, the cheapest model
at or above the score at each date). So the same rule runs twice:

- on those inputs (Epoch's price observations, `epoch_price_inputs`), which must give
  back $20, $0.07 and the factor;
- on the book's prices (list prices in force, announced or observed) and benchmark
  scores, which differ in the prices held, the blend of each row and whose MMLU counts.
"""

from __future__ import annotations

from math import nan

import pandas as pd

from llmecon.core import fmt, units
from llmecon.core.claims import MISSING_NUMBER_TEXT
from llmecon.core.frontier import cheapest_over_time, model_scores

LEVEL = 64.8  # GPT-3.5's MMLU score in the AI Index and in Epoch's table
START = pd.Timestamp("2022-11-30")  # GPT-3.5 (text-davinci-003) on sale: the AI Index's November 2022
END = pd.Timestamp("2024-10-31")  # the AI Index's October 2024
COLUMNS = [
    "inputs",
    "start_date",
    "start_model",
    "start_price",
    "end_date",
    "end_model",
    "end_price",
    "factor",
    "months",
    "annual_factor",
]


def cheapest_on_inputs(inputs: pd.DataFrame, level: float, when) -> pd.Series:
    """The cheapest of Epoch's price observations at or above `level` on MMLU, dated on or before `when`.

    Each observation is a price from its date on; a later, higher price of the same
    model is a separate observation, so the cheapest observation so far is the price
    Epoch's method follows.
    """
    # Epoch's per-token analysis leaves reasoning models out.
    eligible = inputs[
        (inputs["mmlu"] >= level)
        & (pd.to_datetime(inputs["price_date"]) <= pd.Timestamp(when))
        & ~inputs["reasoning"].astype(bool)
    ]
    if eligible.empty:
        raise ValueError(
            f"no observation in Epoch's inputs scores at least {level} on MMLU by {pd.Timestamp(when):%Y-%m-%d}"
        )
    return eligible.sort_values(["usd_per_m", "price_date"], kind="mergesort").iloc[0]


def on_its_inputs(inputs: pd.DataFrame, level: float = LEVEL, start=START, end=END) -> dict:
    """The AI Index's two prices and their ratio from Epoch's own price observations."""
    first, last = cheapest_on_inputs(inputs, level, start), cheapest_on_inputs(inputs, level, end)
    return _row(
        "AI Index inputs (Epoch AI's price table)",
        start,
        first["model_name"],
        first["usd_per_m"],
        end,
        last["model_name"],
        last["usd_per_m"],
    )


def on_book_data(
    priced: pd.DataFrame, benchmarks: pd.DataFrame, evaluators: list[str], level: float = LEVEL, start=START, end=END
) -> dict:
    """The same two dates on the book's prices: the cheapest offer in force at or above `level`.

    `priced` holds trend prices with a blended `price` column (see `core.frontier.with_blend`).
    """
    steps = cheapest_over_time(priced, model_scores(benchmarks, "mmlu", evaluators), level, end=end)
    first, last = _in_force(steps, start), _in_force(steps, end)
    if first is None or last is None:  # the run's start or analysis date leaves no offer at the level on sale
        return {
            **_row("the book's prices and scores", start, MISSING_NUMBER_TEXT, 1.0, end, MISSING_NUMBER_TEXT, 1.0),
            "start_price": nan,
            "end_price": nan,
            "factor": nan,
            "annual_factor": nan,
        }
    return _row(
        "the book's prices and scores",
        start,
        first["model_id"],
        first["price"],
        end,
        last["model_id"],
        last["price"],
        first["provider"],
        last["provider"],
    )


def offer_price(priced: pd.DataFrame, model_id: str, when) -> float:
    """The cheapest blended price of `model_id` in force on `when`, over its sellers (NaN if none)."""
    rows = priced[(priced["model_id"] == model_id) & (priced["effective_date"] <= pd.Timestamp(when))]
    latest = rows.sort_values("effective_date", kind="mergesort").groupby(["provider", "currency"]).tail(1)
    return float(latest["price"].min()) if len(latest) else float("nan")


def _in_force(steps: pd.DataFrame, when) -> pd.Series | None:
    before = steps[steps["date"] <= pd.Timestamp(when)]
    return before.iloc[-1] if len(before) else None


def _row(inputs, start, start_model, start_price, end, end_model, end_price, start_seller="", end_seller="") -> dict:
    months = units.months_between(start, end)
    factor = float(start_price) / float(end_price)
    seller = lambda name, who: f"{name} ({who})" if who else name
    return {
        "inputs": inputs,
        "start_date": pd.Timestamp(start),
        "start_model": seller(start_model, start_seller),
        "start_price": float(start_price),
        "end_date": pd.Timestamp(end),
        "end_model": seller(end_model, end_seller),
        "end_price": float(end_price),
        "factor": factor,
        "months": months,
        "annual_factor": units.annual_factor(factor, months),
    }


def published_row(start_price: float, end_price: float, factor: float) -> dict:
    """The AI Index's own figures, as the book's estimates table holds them."""
    row = _row("AI Index 2025 (published)", START, "GPT-3.5", start_price, END, "Gemini-1.5-Flash-8B", end_price)
    row.update(factor=float(factor), annual_factor=units.annual_factor(float(factor), row["months"]))
    return row


def replication_table(published: dict, inputs: dict, book: dict) -> pd.DataFrame:
    """The published figures, the method on the AI Index's inputs, and on the book's data (`ai_index_replication.csv`)."""
    table = pd.DataFrame([published, inputs, book], columns=COLUMNS)
    for column in ("start_date", "end_date"):
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    return table


def for_readers(table: pd.DataFrame):
    """The replication table as the chapter shows it: the cheapest model and its price per million tokens at each
    end, the fall and its yearly rate, no index (the rows share their two dates, named in the headers)."""
    start, end = (pd.Timestamp(table[column].iloc[0]) for column in ("start_date", "end_date"))
    shown = pd.DataFrame(
        {
            "Inputs": table["inputs"],
            f"Cheapest, {start:%B %Y} (USD/M)": [
                f"{m}: {fmt.money(p)}" for m, p in zip(table["start_model"], table["start_price"])
            ],
            f"Cheapest, {end:%B %Y} (USD/M)": [
                f"{m}: {fmt.money(p)}" for m, p in zip(table["end_model"], table["end_price"])
            ],
            "Fall": table["factor"].map(fmt.multiple),
            "A year": table["annual_factor"].map(lambda f: f"÷{fmt.number(f)}"),
        }
    )
    return shown.style.hide(axis="index")
