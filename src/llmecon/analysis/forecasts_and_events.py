"""Dated events and rankings: what chapter 10 needs to judge dated statements and forecasts.

The verdicts come from `llmecon.core.rules` (`happened_by` for forecasts, `happened_within` for stated dates,
`at_most` on a rank); this module finds the dates, ranks and price cuts they are given.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from llmecon.core import charts



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



def race_chart(eci: pd.DataFrame, start, end, interview, gpt4_level: float, labelled: list[str],
               publisher: str) -> alt.TopLevelMixin:
    """Every model with an ECI score released between `start` and `end`, open and closed weights apart, with
    GPT-4's level and the interview's date marked and the models the article names labelled."""
    window = eci[(eci["release_date"] >= pd.Timestamp(start)) & (eci["release_date"] <= pd.Timestamp(end))]
    data = window.assign(
        weights=window["accessibility"].fillna("").str.startswith("Open weights").map({True: "open", False: "closed"}),
        released=window["release_date"].dt.strftime("%Y-%m-%d"), source=publisher)[
        ["model_version", "organization", "released", "eci", "weights", "source"]]
    x = alt.X("released:T", title="Release date", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("eci:Q", title="Epoch Capabilities Index", scale=alt.Scale(zero=False))
    tooltip = [alt.Tooltip("model_version:N", title="Model"), alt.Tooltip("organization:N", title="Developer"),
               alt.Tooltip("released:T", title="Released"), alt.Tooltip("eci:Q", title="ECI", format=".1f"),
               alt.Tooltip("weights:N", title="Weights"), alt.Tooltip("source:N", title="Source")]
    points = alt.Chart(data).mark_circle(size=55, opacity=0.7).encode(
        x=x, y=y, color=alt.Color("weights:N", title="Weights", scale=alt.Scale(
            domain=["closed", "open"], range=[charts.PALETTE[0], charts.PALETTE[1]])), tooltip=tooltip)
    labels = alt.Chart(data[data["model_version"].isin(labelled)]).mark_text(
        align="left", dx=6, dy=-6, fontSize=11, color="#333").encode(x=x, y=y, text="model_version:N", tooltip=tooltip)
    level = alt.Chart(pd.DataFrame({"eci": [gpt4_level], "label": ["GPT-4 (March 2023)"]})).mark_rule(
        color="#777", strokeDash=[6, 4]).encode(y="eci:Q", tooltip=[alt.Tooltip("label:N", title="Level of")])
    said = alt.Chart(pd.DataFrame({"released": [pd.Timestamp(interview).strftime("%Y-%m-%d")],
                                   "label": ["article 001 (interview)"]})).mark_rule(
        color="#D55E00", strokeDash=[4, 3]).encode(x="released:T", tooltip=[alt.Tooltip("label:N", title="Date of")])
    return charts.finish(
        alt.layer(points, labels, level, said),
        title="The race to GPT-4's level, on Epoch's Capabilities Index",
        subtitle="Dots: models by release date and ECI; grey dashed: GPT-4's level; red dashed: the interview",
        description=(f"Scatter chart of the models Epoch AI scored on its Capabilities Index, released between "
                     f"{pd.Timestamp(start):%B %Y} and {pd.Timestamp(end):%B %Y}, coloured by open or closed weights, "
                     f"with a horizontal line at GPT-4's score and a vertical line at the interview's date."))
