"""Smaller claims: tokens and words, data-centre energy, GPU spending, model sizes, usage figures.

Each helper does one conversion the chapter needs; the charts put a claim
next to the sourced figures it is tested against.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from llmecon.core import charts

EJ_PER_TWH = 0.0036  # 1 TWh = 3.6 PJ


def words_per_token(words: float, tokens: float) -> float:
    return words / tokens


def share_percent(part: float, whole: float) -> float:
    return 100 * part / whole


def twh_to_ej(twh: float) -> float:
    return twh * EJ_PER_TWH


def nvidia_quarters(estimates: pd.DataFrame, prefix: str = "nvidia_dc_revenue_") -> pd.DataFrame:
    """Nvidia's data-centre revenue per fiscal quarter, in date order (quarter = fiscal label, end = last day)."""
    rows = estimates[estimates["estimate_id"].str.startswith(prefix)]
    quarters = pd.DataFrame({"quarter": rows["estimate_id"].str[len(prefix):].str.upper(),
                             "end": rows["as_of"], "usd_billions": rows["value"], "source_id": rows["source_id"]})
    return quarters.sort_values("end", ignore_index=True)


def revenue_between(quarters: pd.DataFrame, start, end) -> float:
    """Revenue of the quarters that end after `start` and no later than `end`."""
    inside = (quarters["end"] > pd.Timestamp(start)) & (quarters["end"] <= pd.Timestamp(end))
    return float(quarters.loc[inside, "usd_billions"].sum())


def cumulative_since(quarters: pd.DataFrame, start) -> pd.DataFrame:
    """Quarters ending after `start`, with their running total."""
    after = quarters[quarters["end"] > pd.Timestamp(start)].copy()
    after["cumulative"] = after["usd_billions"].cumsum()
    return after.reset_index(drop=True)


def first_quarter_reaching(quarters: pd.DataFrame, start, amount: float) -> pd.Series | None:
    """The first quarter (ending after `start`) by whose end cumulative revenue reaches `amount`; None if never."""
    running = cumulative_since(quarters, start)
    reached = running[running["cumulative"] >= amount]
    return None if reached.empty else reached.iloc[0]


def gpu_spending_chart(quarters: pd.DataFrame, since, bet: float, publisher: str) -> alt.TopLevelMixin:
    """Quarterly and cumulative Nvidia data-centre revenue since the interview, against the $100B 'bet'."""
    running = cumulative_since(quarters, since)
    data = running.assign(end=running["end"].dt.strftime("%Y-%m-%d"), source=publisher)
    tooltip = [alt.Tooltip("quarter:N", title="Nvidia fiscal quarter"), alt.Tooltip("end:T", title="Quarter ended"),
               alt.Tooltip("usd_billions:Q", title="Quarter revenue (USD bn)", format=".1f"),
               alt.Tooltip("cumulative:Q", title="Cumulative since interview (USD bn)", format=".1f"),
               alt.Tooltip("source:N", title="Source")]
    x = alt.X("end:T", title="End of Nvidia fiscal quarter", axis=alt.Axis(format="%b %Y"))
    y_title = "Nvidia data-centre revenue (USD billions)"
    quarterly = alt.Chart(data).mark_line(color="#56B4E9", point=True, strokeDash=[2, 2]).encode(
        x=x, y=alt.Y("usd_billions:Q", title=y_title), tooltip=tooltip)
    line = alt.Chart(data).mark_line(color="#0072B2", point=True).encode(
        x=x, y=alt.Y("cumulative:Q", title=y_title), tooltip=tooltip)
    rule = alt.Chart(pd.DataFrame({"bet": [bet], "label": [f"article 001: at least ${bet:.0f}B over 3-5 years"]})).mark_rule(
        color="#D55E00", strokeDash=[6, 4], size=2).encode(y=alt.Y("bet:Q", title=y_title),
                                                           tooltip=[alt.Tooltip("label:N", title="Claim")])
    return charts.finish(
        alt.layer(quarterly, line, rule), title="Nvidia's data-centre sales against the '$100 billion bet'",
        subtitle="Dotted: revenue per quarter since Dec 2023; solid: running total; red dashed: $100B",
        description=("Line chart of Nvidia's quarterly data-centre revenue from early 2024, with a line for the running "
                     "total since December 2023 and a dashed horizontal line at 100 billion dollars, the article's "
                     "3-to-5-year figure."))


def energy_chart(points: pd.DataFrame, now_band: tuple[float, float], future_band: tuple[float, float]) -> alt.TopLevelMixin:
    """IEA data-centre shares of world electricity against the article's 'today' and 'future' ranges."""
    bands = pd.DataFrame({"low": [now_band[0], future_band[0]], "high": [now_band[1], future_band[1]],
                          "label": ["article 001: today 2-3%", "article 001: future 10-20%"]})
    y_title = "Data centres' share (% of world electricity)"
    band = alt.Chart(bands).mark_rect(opacity=0.25).encode(
        y=alt.Y("low:Q", title=y_title), y2="high:Q",
        color=alt.Color("label:N", title="", scale=alt.Scale(range=["#E69F00", "#D55E00"])),
        tooltip=[alt.Tooltip("label:N", title="Claim")])
    data = points.assign(year=points["year"].astype(int))
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(domain=[2021, 2031])),
        y=alt.Y("share:Q", title=y_title),
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
                 alt.Tooltip("what:N", title="Figure"), alt.Tooltip("source:N", title="Source")])
    dots = base.mark_point(filled=True, size=90, color="#0072B2") + base.mark_rule(color="#0072B2", size=3).encode(
        y=alt.Y("low:Q", title=y_title), y2="high:Q")
    return charts.finish(
        alt.layer(band, dots), title="Data centres' share of world electricity: IEA against article 001",
        subtitle="Dots: IEA estimates and projections; vertical line: IEA 2026 range; shaded: the article's ranges",
        description=("Chart of data centres' share of world electricity: IEA estimates for 2022 and 2024 and projections "
                     "for 2026 and 2030, all between 1.5 and 4 percent, drawn under shaded bands for the article's "
                     "2-3 percent today and 10-20 percent in future."))


def parameters_chart(models: pd.DataFrame, band: tuple[float, float], article_date) -> alt.TopLevelMixin:
    """Parameter counts of the book's models by release date, with the article's 'tens of billions' band."""
    data = models.assign(release=models["release_date"].dt.strftime("%Y-%m-%d"),
                         weights=models["open_weights"].map({True: "open weights", False: "closed weights"}))
    y = alt.Y("parameters_b:Q", title="Parameters (billions, log scale)", scale=alt.Scale(type="log"))
    dots = alt.Chart(data).mark_point(filled=True, size=70).encode(
        x=alt.X("release:T", title="Release date", axis=alt.Axis(format="%b %Y")), y=y,
        color=alt.Color("weights:N", title="Weights"), shape=alt.Shape("weights:N", title="Weights"),
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
                 alt.Tooltip("release:T", title="Released"), alt.Tooltip("parameters_b:Q", title="Parameters (bn)", format=",.1f"),
                 alt.Tooltip("publisher:N", title="Source")])
    shade = alt.Chart(pd.DataFrame({"low": [band[0]], "high": [band[1]], "label": ["数百亿: 20-90 billion"]})).mark_rect(
        opacity=0.15, color="#E69F00").encode(y=alt.Y("low:Q", title="Parameters (billions, log scale)", scale=alt.Scale(type="log")),
                                              y2="high:Q", tooltip=[alt.Tooltip("label:N", title="Article 003")])
    when = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(article_date).strftime("%Y-%m-%d")], "label": ["article 003 published"]})).mark_rule(
        color="#555", strokeDash=[4, 4]).encode(x="date:T", tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("date:T", title="Date")])
    return charts.finish(
        alt.layer(shade, dots, when), title="Parameter counts by release date",
        subtitle="Models with a published count; shaded: tens of billions (数百亿); dashed: article 003's date",
        description=("Scatter plot of model parameter counts in billions, on a log scale, against release date, for models "
                     "in the book's data with a known count, coloured by open or closed weights, over a shaded band from "
                     "20 to 90 billion parameters."))
