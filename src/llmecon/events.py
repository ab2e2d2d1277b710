"""Dated events: when things happened, and what chapter 10 needs to judge dated statements and forecasts.

Forecasts are judged by `rules.happened_by`. A statement about the past that
names a period ("Claude 2 came out in July") is judged by `in_period`: it holds
when the event falls inside the period, partly holds when it misses by no more
than `STATED_DATE_GRACE_MONTHS`, and does not hold otherwise. Rankings ("the
two best open models", "the largest cloud") are computed here and judged with
`rules.at_most` on the rank.
"""

from __future__ import annotations

import re

import pandas as pd

from . import rules
from .smaller import months_between

# A past date stated to the month ("in July") that is off by up to a month is "partly" right.
STATED_DATE_GRACE_MONTHS = 1


def _row(events: pd.DataFrame, event_id: str) -> pd.Series:
    match = events[events["event_id"] == event_id]
    if match.empty:
        raise KeyError(f"events.csv: no row with event_id {event_id!r}")
    return match.iloc[0]


def event_date(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The date of an event in the events table."""
    return pd.Timestamp(_row(events, event_id)["date"])


def event_value(events: pd.DataFrame, event_id: str) -> float:
    """The figure of a dated figure in the events table; an event without a figure is an error."""
    value = _row(events, event_id)["value"]
    if pd.isna(value):
        raise ValueError(f"events.csv: row {event_id!r} has no value in column 'value'")
    return float(value)


def model_release(models: pd.DataFrame, model_id: str) -> pd.Timestamp:
    """A model's release date from the models table."""
    match = models[models["model_id"] == model_id]
    if match.empty:
        raise KeyError(f"models.csv: no row with model_id {model_id!r}")
    return pd.Timestamp(match.iloc[0]["release_date"])


def month_span(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a month given as 'YYYY-MM'."""
    start = pd.Timestamp(f"{month}-01")
    return start, start + pd.offsets.MonthEnd(0)


def next_month_end(day) -> pd.Timestamp:
    """Last day of the month after `day`: the deadline of "next month"."""
    return pd.Timestamp(day) + pd.offsets.MonthEnd(0) + pd.offsets.MonthEnd(1)


def in_period(happened_on, start, end, event: str = "the event",
              grace_months: float = STATED_DATE_GRACE_MONTHS) -> rules.Judgement:
    """A past event said to have happened between `start` and `end` (both days included). The value is
    how many months outside the period it happened (0 inside)."""
    happened_on, start, end = pd.Timestamp(happened_on), pd.Timestamp(start), pd.Timestamp(end)
    if start > end:
        raise ValueError(f"the period starts ({start:%Y-%m-%d}) after it ends ({end:%Y-%m-%d})")
    if happened_on < start:
        outside = months_between(happened_on, start)
    elif happened_on > end:
        outside = months_between(end, happened_on)
    else:
        outside = 0.0
    verdict = (rules.HOLDS if outside == 0 else
               rules.PARTLY if outside <= grace_months * (1 + 1e-9) else rules.NOT)
    period = f"on {_day(start)}" if start == end else f"between {_day(start)} and {_day(end)}"
    where = ("inside the stated period" if outside == 0 else
             f"{rules.fmt(outside)} months {'before' if happened_on < start else 'after'} it")
    return rules.Judgement(verdict, round(outside, 2), "months outside the stated period", None, None,
                           {"name": "in_period", "grace_months": grace_months},
                           f"stated {event} {period}; it happened on {_day(happened_on)}, {where} "
                           f"(a stated date partly holds up to {rules.fmt(grace_months)} month off)",
                           measured=_day(happened_on))


def _day(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def rank_of(scores: dict, name: str) -> int:
    """Rank of `name` among `scores` (1 = highest); a tie shares the better rank."""
    if name not in scores:
        raise KeyError(f"{name!r} is not among the ranked: {', '.join(scores)}")
    return 1 + sum(1 for other, score in scores.items() if other != name and score > scores[name])


def open_weight_ranking(eci: pd.DataFrame, as_of, exclude=(), name_pattern: str | None = None) -> pd.DataFrame:
    """Open-weight model versions released by `as_of`, best ECI first, with their rank. `exclude` drops
    versions by name (fine-tunes of another developer's model, which the article does not count);
    `name_pattern` (a regular expression, case-insensitive) keeps only matching versions, e.g. a size class."""
    frame = eci[eci["accessibility"].fillna("").str.startswith("Open weights")
                & (eci["release_date"] <= pd.Timestamp(as_of))
                & ~eci["model_version"].isin(list(exclude))]
    if name_pattern is not None:
        frame = frame[frame["model_version"].str.contains(name_pattern, flags=re.IGNORECASE, regex=True)]
    if frame.empty:
        raise ValueError(f"eci_models.csv: no open-weight model released by {pd.Timestamp(as_of):%Y-%m-%d}"
                         + (f" matching {name_pattern!r}" if name_pattern else ""))
    scores = dict(zip(frame["model_version"], frame["eci"]))
    ranked = frame.assign(rank=[rank_of(scores, v) for v in frame["model_version"]])
    return ranked.sort_values(["rank", "model_version"]).reset_index(drop=True)


def first_at_level(eci: pd.DataFrame, organizations, level: float) -> pd.Series | None:
    """The earliest model version of any of `organizations` scoring at least `level` on the ECI, or None."""
    frame = eci[eci["organization"].isin(list(organizations)) & (eci["eci"] >= level)]
    if frame.empty:
        return None
    return frame.sort_values(["release_date", "model_version"]).iloc[0]


def launch_price_cut(prices: pd.DataFrame, before: str, after: str, provider: str) -> dict:
    """How many times cheaper `after` was than `before` at their first list prices from `provider`, for input
    and output tokens: {"input": x, "output": y}."""
    first = {}
    for model_id in (before, after):
        rows = prices[(prices["model_id"] == model_id) & (prices["provider"] == provider)]
        if rows.empty:
            raise KeyError(f"prices.csv: no {provider} price for model_id {model_id!r}")
        first[model_id] = rows.sort_values("effective_date").iloc[0]
    return {side: float(first[before][f"{side}_per_m"]) / float(first[after][f"{side}_per_m"])
            for side in ("input", "output")}


def all_forecasts(parts: dict) -> rules.Judgement:
    """Several forecasts in one sentence ("Claude 3 and GPT-4.5 early next year"), each judged by
    `rules.happened_by`: combined by `rules.all_parts` once every part can be judged; while one is not
    yet due, the sentence cannot be refuted as a whole and is untestable, with each part's state."""
    pending = {name: judged for name, judged in parts.items() if judged.verdict == rules.UNTESTABLE}
    if not pending:
        return rules.all_parts(parts)
    return rules.untestable("not_due", "; ".join(f"{name}: {judged.verdict} ({judged.reason})"
                                                 for name, judged in parts.items()))
