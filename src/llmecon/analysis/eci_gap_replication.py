"""Epoch AI's open-weight lag behind the state of the art, reproduced on Epoch's Capabilities Index export.

Epoch AI ("Open-weight models lag state-of-the-art by around 3 months on average",
30 October 2025) draws two frontiers over time in the Epoch Capabilities Index (ECI):
the best score of any model so far, and the best of an open-weight model so far.
The average lag is the horizontal distance between them, averaged over the ECI
levels both frontiers reach; the average gap is the vertical distance, averaged over
the dates both exist. An open model has caught up with a level when its score is not
significantly below it. Epoch publishes 3.5 months (90% interval 1.1-5.3) and 7 ECI
points (0-14).

Epoch's export gives each model's score but not its uncertainty, so "not
significantly below" becomes a tolerance in ECI points, tried at several values
(Epoch's own example counts DeepSeek-V2 at 125 as level with GPT-4 at 126), and the interval comes from
resampling the models rather than their scores: both are stated where they are used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from llmecon.core import fmt
from llmecon.core.units import DAYS_PER_MONTH

PUBLISHED_ON = pd.Timestamp("2025-10-30")
OPEN_CLASSES = {"Open weights (unrestricted)", "Open weights (restricted use)", "Open weights (non-commercial)"}
# The state of the art is the best model anyone can use: open models count too, unreleased ones do not.
RELEASED_CLASSES = OPEN_CLASSES | {"API access", "Hosted access (no API)"}
# Epoch's export carries no score uncertainty: "not significantly below" is tried at these tolerances (ECI points).
# Epoch's own example, DeepSeek-V2 at 125 counted level with GPT-4 at 126, puts its threshold at 1 point or more.
TOLERANCES = [0.0, 1.0, 2.0, 3.0, 4.0]
EXAMPLE_TOLERANCE = 1.0
DRAWS, SEED = 1000, 20251030  # model resamples for the intervals, and their seed (every build the same)
LEVEL_STEP = 0.05  # ECI points between the levels the horizontal lag is averaged over
COLUMNS = [
    "variant",
    "models",
    "open_models",
    "end",
    "tolerance",
    "lag_months",
    "lag_low",
    "lag_high",
    "gap_points",
    "gap_low",
    "gap_high",
]


def frontier(dates: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The running best score over release dates (days): the dates the best score rose, and the best scores."""
    order = np.lexsort((-scores, dates))
    best = np.maximum.accumulate(scores[order])
    rises = np.concatenate(([True], best[1:] > best[:-1]))
    return dates[order][rises], best[rises]


def _first_reached(front: tuple[np.ndarray, np.ndarray], levels: np.ndarray) -> np.ndarray:
    """For each level, the first day the frontier reaches it (NaN if never)."""
    days, best = front
    position = np.searchsorted(best, levels, side="left")
    return np.where(position < len(best), days[np.minimum(position, len(best) - 1)].astype(float), np.nan)


def average_lag_months(sota, open_front, tolerance: float) -> float:
    """Horizontal distance: months from the state of the art reaching a level to an open model coming within
    `tolerance` of it, averaged over the levels both frontiers reach (an open model already there lags 0)."""
    low, high = max(sota[1][0], open_front[1][0]), min(sota[1][-1], open_front[1][-1] + tolerance)
    if high <= low:
        return float("nan")
    levels = np.arange(low, high, LEVEL_STEP) + LEVEL_STEP / 2
    lag_days = _first_reached(open_front, levels - tolerance) - _first_reached(sota, levels)
    return float(np.nanmean(np.clip(lag_days, 0, None)) / DAYS_PER_MONTH)


def average_gap_points(sota, open_front, tolerance: float, end_day: int) -> float:
    """Vertical distance: the state of the art's lead in ECI points on every day from the first open model to
    `end_day`, a lead within `tolerance` counting as none."""
    days = np.arange(max(sota[0][0], open_front[0][0]), end_day + 1)
    if not len(days):
        return float("nan")

    def on(front):
        return front[1][np.searchsorted(front[0], days, side="right") - 1]

    lead = on(sota) - on(open_front)
    return float(np.where(lead > tolerance, lead, 0.0).mean())


def released_by(models: pd.DataFrame, end, open_classes=OPEN_CLASSES) -> pd.DataFrame:
    """Models with a score that the public could use by `end`, marked open or not."""
    released = models[
        models["accessibility"].isin(RELEASED_CLASSES)
        & models["eci"].notna()
        & (models["release_date"] <= pd.Timestamp(end))
    ]
    return released.assign(is_open=released["accessibility"].isin(open_classes))


def _arrays(released: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = released["release_date"].to_numpy("datetime64[D]").astype(np.int64)
    return days, released["eci"].to_numpy(float), released["is_open"].to_numpy(bool)


def _measure(days, scores, is_open, tolerance: float, end_day: int) -> tuple[float, float]:
    if not is_open.any():
        raise ValueError("no open-weight model with an ECI score is released by the end date")
    sota, open_front = frontier(days, scores), frontier(days[is_open], scores[is_open])
    return average_lag_months(sota, open_front, tolerance), average_gap_points(sota, open_front, tolerance, end_day)


def _end_day(end) -> int:
    return int(np.datetime64(pd.Timestamp(end).date(), "D").astype(np.int64))


def measure(models: pd.DataFrame, tolerance: float, end, open_classes=OPEN_CLASSES) -> tuple[float, float]:
    """(average lag in months, average gap in ECI points) for the models released by `end`."""
    return _measure(*_arrays(released_by(models, end, open_classes)), tolerance, _end_day(end))


def resampled(
    models: pd.DataFrame,
    tolerance: float,
    end,
    draws: int,
    seed: int,
    open_classes=OPEN_CLASSES,
    confidence: float = 0.90,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Percentile intervals of the lag and the gap over `draws` resamples of the models (with replacement)."""
    days, scores, is_open = _arrays(released_by(models, end, open_classes))
    rng = np.random.default_rng(seed)
    results = []
    for _ in range(draws):
        pick = rng.integers(0, len(days), len(days))
        if is_open[pick].any():  # a draw without any open model measures nothing
            results.append(_measure(days[pick], scores[pick], is_open[pick], tolerance, _end_day(end)))
    tail = 100 * (1 - confidence) / 2
    low, high = np.nanpercentile(np.array(results), [tail, 100 - tail], axis=0)
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def variant_row(
    label: str, models: pd.DataFrame, tolerance: float, end, draws: int, seed: int, open_classes=OPEN_CLASSES
) -> dict:
    """One line of the replication table: the method on the models released by `end`."""
    released = released_by(models, end, open_classes)
    lag, gap = measure(models, tolerance, end, open_classes)
    (lag_low, lag_high), (gap_low, gap_high) = resampled(models, tolerance, end, draws, seed, open_classes)
    return {
        "variant": label,
        "models": len(released),
        "open_models": int(released["is_open"].sum()),
        "end": f"{pd.Timestamp(end):%Y-%m-%d}",
        "tolerance": float(tolerance),
        "lag_months": lag,
        "lag_low": lag_low,
        "lag_high": lag_high,
        "gap_points": gap,
        "gap_low": gap_low,
        "gap_high": gap_high,
    }


def published_row(lag: tuple[float, float, float], gap: tuple[float, float, float]) -> dict:
    """Epoch's published figures, each as (value, 90% low, 90% high): the lag in months, the gap in ECI points."""
    return {
        "variant": "Epoch AI (published 30 October 2025)",
        "models": np.nan,
        "open_models": np.nan,
        "end": f"{PUBLISHED_ON:%Y-%m-%d}",
        "tolerance": np.nan,
        "lag_months": lag[0],
        "lag_low": lag[1],
        "lag_high": lag[2],
        "gap_points": gap[0],
        "gap_low": gap[1],
        "gap_high": gap[2],
    }


def replication_table(
    models: pd.DataFrame,
    published: dict,
    tolerances: list[float] = TOLERANCES,
    tolerance: float = EXAMPLE_TOLERANCE,
    draws: int = DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Epoch's figures; the method on Epoch's export as of its publication, at each tolerance; and at `tolerance`
    with only unrestricted open weights counted as open (`eci_gap_replication.csv`)."""
    rows = [published]
    rows += [
        variant_row(f"Epoch's export, open within {fmt.count(t, 'ECI point')}", models, t, PUBLISHED_ON, draws, seed)
        for t in tolerances
    ]
    rows.append(
        variant_row(
            f"Epoch's export, open within {fmt.count(tolerance, 'point')}, unrestricted open weights only",
            models,
            tolerance,
            PUBLISHED_ON,
            draws,
            seed,
            {"Open weights (unrestricted)"},
        )
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def for_readers(table: pd.DataFrame):
    """The replication table as the chapter shows it: one column per measure, each value with its 90% interval,
    the models counted (open ones in brackets) and the date the data ends, no index."""

    def with_interval(value, low, high) -> str:
        return f"{fmt.number(value)} ({fmt.number(low)} to {fmt.number(high)})"

    shown = pd.DataFrame(
        {
            "Variant": table["variant"],
            "Models (open)": [
                ("–" if pd.isna(n) else f"{fmt.number(n)} ({fmt.number(k)})")
                for n, k in zip(table["models"], table["open_models"])
            ],
            "Data to": table["end"].map(fmt.day),
            "Lag, months (90% interval)": [
                with_interval(*r) for r in table[["lag_months", "lag_low", "lag_high"]].to_numpy()
            ],
            "Gap, ECI points (90% interval)": [
                with_interval(*r) for r in table[["gap_points", "gap_low", "gap_high"]].to_numpy()
            ],
        }
    )
    return shown.style.hide(axis="index")


def closest_tolerance(table: pd.DataFrame) -> float:
    """The tolerance at which the lag measured on Epoch's export comes closest to the published lag."""
    tried = table[table["variant"].str.contains("open within") & ~table["variant"].str.contains("only")]
    return float(tried.loc[(tried["lag_months"] - table.loc[0, "lag_months"]).abs().idxmin(), "tolerance"])
