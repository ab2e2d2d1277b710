"""Inference cost laws: how fast the price of a fixed capability falls.

The test follows Epoch AI and a16z: for a capability threshold on a
benchmark, track the cheapest model that meets it over time, take the dates
it set a new low, and fit a log-linear trend. Each stated law is an annual
division factor; it is compared with the fitted factors and their intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from . import charts, units
from .frontier import cheapest_over_time, model_scores
from .trends import MIN_POINTS, fit_exponential_trend, reference_line


@dataclass(frozen=True)
class Law:
    claim_id: str
    label: str
    low: float  # annual division factor, low end
    high: float  # annual division factor, high end

    @property
    def central(self) -> float:
        return float(np.sqrt(self.low * self.high))


def priced_models(dataset, as_of, start=None) -> pd.DataFrame:
    """Token prices in USD per million, with model and source details, up to `as_of`."""
    prices = dataset.prices
    prices = prices[prices["effective_date"] <= pd.Timestamp(as_of)]
    if start is not None:
        prices = prices[prices["effective_date"] >= pd.Timestamp(start)]
    usd = units.FxTable(dataset.fx).to_usd(prices) if (prices["currency"] != "USD").any() else prices.assign(fx_cny_per_usd=np.nan)
    models = dataset.models[["model_id", "name", "developer", "open_weights", "reasoning", "release_date"]]
    sources = dataset.sources[["source_id", "publisher", "url"]]
    return usd.merge(models, on="model_id", how="left").merge(sources, on="source_id", how="left")


def with_blend(prices: pd.DataFrame, input_share: float) -> pd.DataFrame:
    return prices.assign(price=units.blended_price(prices["input_per_m"], prices["output_per_m"], input_share))


def frontiers(prices: pd.DataFrame, benchmarks: pd.DataFrame, thresholds: dict[str, list[float]],
              evaluators: list[str], as_of) -> pd.DataFrame:
    """Cheapest-model series for every (benchmark, threshold), stacked."""
    parts = []
    for benchmark, levels in thresholds.items():
        scores = model_scores(benchmarks, benchmark, evaluators)
        for level in levels:
            steps = cheapest_over_time(prices, scores, level, end=as_of)
            if steps.empty:
                continue
            parts.append(steps.assign(benchmark=benchmark, threshold=float(level)))
    if not parts:
        return pd.DataFrame(columns=["date", "model_id", "provider", "price", "score", "source_id",
                                     "is_record", "benchmark", "threshold"])
    return pd.concat(parts, ignore_index=True)


def fit_frontiers(steps: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """One log-linear fit per (benchmark, threshold) through its record lows."""
    rows = []
    for (benchmark, threshold), group in steps.groupby(["benchmark", "threshold"], sort=True):
        records = group[group["is_record"]]
        row = {"benchmark": benchmark, "threshold": threshold, "points": len(records),
               "first": records["date"].min(), "last": records["date"].max(),
               "first_price": records["price"].iloc[0] if len(records) else np.nan,
               "last_price": records["price"].iloc[-1] if len(records) else np.nan}
        if len(records) >= MIN_POINTS and records["date"].nunique() > 1:
            fit = fit_exponential_trend(records["date"], records["price"], confidence)
            low, high = fit.decline_interval
            row.update(factor=fit.annual_decline_factor, ci_low=low, ci_high=high, r_squared=fit.r_squared,
                       slope=fit.slope, intercept=fit.intercept)
        rows.append(row)
    return pd.DataFrame(rows)


def judge_law(law: Law, fits: pd.DataFrame) -> tuple[str, str]:
    """Verdict on a law from the fitted factors: (verdict, reason)."""
    fitted = fits.dropna(subset=["factor"])
    if fitted.empty:
        return "untestable", "no capability threshold has enough price records to fit a trend"
    overlaps = (fitted["ci_low"] <= law.high) & (fitted["ci_high"] >= law.low)
    inside, total = int(overlaps.sum()), len(fitted)
    median = float(fitted["factor"].median())
    if inside * 2 > total:
        verdict = "holds"
    elif inside > 0:
        verdict = "partly holds"
    else:
        verdict = "does not hold"
    direction = "faster" if median > law.high else "slower" if median < law.low else "within"
    reason = (f"the law's {law.label} is inside the 90% interval of {inside} of {total} fitted thresholds; "
              f"the median fitted decline is {median:.1f}x a year ({direction} the law)")
    return verdict, reason


def judge_fall(measured: float, claimed: float) -> str:
    """Verdict on a claimed fall factor: within 1.5x of it holds, within 2x partly holds."""
    ratio = measured / claimed
    if 2 / 3 <= ratio <= 1.5:
        return "holds"
    if 0.5 <= ratio <= 2:
        return "partly holds"
    return "does not hold"


def change_between(steps: pd.DataFrame, start, end) -> pd.DataFrame:
    """Per threshold: cheapest price in force at `start` and at `end`, and the ratio."""
    rows = []
    for (benchmark, threshold), group in steps.groupby(["benchmark", "threshold"], sort=True):
        before = group[group["date"] <= pd.Timestamp(start)]
        after = group[group["date"] <= pd.Timestamp(end)]
        if before.empty or after.empty:
            continue
        first, last = before.iloc[-1], after.iloc[-1]
        rows.append({"benchmark": benchmark, "threshold": threshold,
                     "start_model": first["model_id"], "start_price": first["price"],
                     "end_model": last["model_id"], "end_price": last["price"],
                     "fall_factor": first["price"] / last["price"]})
    return pd.DataFrame(rows)


# -- charts -------------------------------------------------------------------

BENCHMARK_LABELS = {"mmlu": "MMLU", "gpqa_diamond": "GPQA Diamond", "humaneval": "HumanEval",
                    "math500": "MATH-500", "arena_elo": "Chatbot Arena Elo", "eci": "Epoch Capabilities Index"}


def _label(benchmark: str, threshold: float) -> str:
    return f"{BENCHMARK_LABELS.get(benchmark, benchmark)} ≥ {threshold:g}"


def frontier_chart(steps: pd.DataFrame, fits: pd.DataFrame, laws: list[Law], benchmark: str,
                   prices: pd.DataFrame, as_of) -> alt.LayerChart:
    """Cheapest price per threshold over time (log scale), fitted lines, and the laws as slopes."""
    own = steps[steps["benchmark"] == benchmark].copy()
    own["series"] = [_label(benchmark, t) for t in own["threshold"]]
    details = prices[["model_id", "provider", "effective_date", "name", "publisher", "url"]].rename(
        columns={"effective_date": "date"})
    own = own.merge(details, on=["model_id", "provider", "date"], how="left")
    # Extend each step to the analysis date so the last price is visible as a level.
    ends = own.groupby("series", as_index=False).tail(1).assign(date=pd.Timestamp(as_of), is_record=False)
    stepped = pd.concat([own, ends], ignore_index=True).sort_values(["series", "date"])

    lines, references = [], []
    for _, fit in fits[(fits["benchmark"] == benchmark)].dropna(subset=["factor"]).iterrows():
        dates = pd.to_datetime([fit["first"], fit["last"]])
        fitted = 10 ** (fit["intercept"] + fit["slope"] * units.decimal_year(dates))
        lines.append(pd.DataFrame({"date": dates, "fitted": fitted, "series": _label(benchmark, fit["threshold"]),
                                   "rate": f"fitted: ÷{fit['factor']:.1f} a year"}))
    anchor = own[own["is_record"]].sort_values("date").head(1)
    if not anchor.empty:
        for law in laws:
            ref = reference_line(anchor["date"].iloc[0], anchor["price"].iloc[0], law.central, as_of)
            references.append(ref.assign(law=law.label))

    x = alt.X("date:T", title="Date the price took effect")
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title="Cheapest price, USD per million tokens (log scale)")
    colour = alt.Color("series:N", title="Capability threshold")
    tooltip = [alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("name:N", title="Model"),
               alt.Tooltip("provider:N", title="Provider"), alt.Tooltip("date:T", title="Price from"),
               alt.Tooltip("price:Q", title="USD per 1M tokens", format=",.3f"),
               alt.Tooltip("score:Q", title="Score"), alt.Tooltip("publisher:N", title="Source"),
               alt.Tooltip("url:N", title="Source URL")]
    step_layer = alt.Chart(stepped).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour)
    point_layer = alt.Chart(own[own["is_record"]]).mark_point(filled=True, size=60).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    layers = [step_layer, point_layer]
    if lines:
        fitted = pd.concat(lines)
        layers.append(alt.Chart(fitted).mark_line(strokeDash=[6, 3], strokeWidth=1.5).encode(
            x="date:T", y=alt.Y("fitted:Q", scale=alt.Scale(type="log")), color=colour,
            tooltip=[alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("rate:N", title="Trend")]))
    if references:
        refs = pd.concat(references)
        layers.append(alt.Chart(refs).mark_line(color="#777", strokeDash=[2, 2]).encode(
            x="date:T", y=alt.Y("value:Q", scale=alt.Scale(type="log")), detail="law:N",
            tooltip=[alt.Tooltip("law:N", title="Law")]))
        layers.append(alt.Chart(refs.groupby("law", as_index=False).tail(1)).mark_text(
            align="left", dx=4, fontSize=11, color="#555").encode(
            x="date:T", y=alt.Y("value:Q", scale=alt.Scale(type="log")), text="law:N"))
    name = BENCHMARK_LABELS.get(benchmark, benchmark)
    return charts.finish(
        alt.layer(*layers),
        title=f"Cheapest price of a fixed capability ({name})",
        subtitle=["Step lines: cheapest model at or above each threshold; dots: new record lows; "
                  "dashed: fitted trend; grey: the articles' laws from the first record"],
        description=(f"Log-scale line chart of the cheapest price per million tokens of any model scoring at "
                     f"least each {name} threshold, from the first such model to {pd.Timestamp(as_of).date()}, "
                     f"with fitted trend lines and grey reference slopes for the articles' laws."))


def rates_chart(fits: pd.DataFrame, laws: list[Law]) -> alt.LayerChart:
    """Fitted annual decline per threshold with its interval, against the laws' ranges."""
    fitted = fits.dropna(subset=["factor"]).copy()
    fitted["series"] = [_label(b, t) for b, t in zip(fitted["benchmark"], fitted["threshold"])]
    law_frame = pd.DataFrame([{"law": l.label, "low": l.low, "high": l.high} for l in laws])
    x_scale = alt.Scale(type="log")
    bands = alt.Chart(law_frame).mark_rect(opacity=0.18, color="#777").encode(
        x=alt.X("low:Q", scale=x_scale), x2="high:Q", tooltip=[alt.Tooltip("law:N", title="Law")])
    rules = alt.Chart(law_frame).mark_rule(color="#555", strokeDash=[3, 3]).encode(
        x=alt.X("low:Q", scale=x_scale), tooltip=[alt.Tooltip("law:N", title="Law")])
    labels = alt.Chart(law_frame).mark_text(angle=270, align="left", dy=-4, dx=-150, fontSize=10, color="#444").encode(
        x=alt.X("low:Q", scale=x_scale), text="law:N")
    y = alt.Y("series:N", title=None, sort=None)
    whiskers = alt.Chart(fitted).mark_rule(strokeWidth=2).encode(
        x=alt.X("ci_low:Q", scale=x_scale, title="Price decline, times per year (log scale; 10 = a tenth a year later)"),
        x2="ci_high:Q", y=y, color=alt.Color("benchmark:N", title="Benchmark"))
    tooltip = [alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("factor:Q", title="Fitted ÷ per year", format=".1f"),
               alt.Tooltip("ci_low:Q", title="90% interval low", format=".1f"),
               alt.Tooltip("ci_high:Q", title="90% interval high", format=".1f"),
               alt.Tooltip("points:Q", title="Record lows fitted")]
    dots = alt.Chart(fitted).mark_point(filled=True, size=80).encode(
        x=alt.X("factor:Q", scale=x_scale), y=y, color="benchmark:N", tooltip=tooltip)
    return charts.finish(
        alt.layer(bands, rules, labels, whiskers, dots),
        title="Measured rates against the stated laws",
        subtitle=["Dot: fitted annual decline per threshold; line: its 90% interval; grey bands: the laws"],
        description="Dot-and-whisker chart of the fitted annual price-decline factor for each capability "
                    "threshold with 90% confidence intervals, on a log scale, with the three laws shown as grey bands.",
        height=max(160, 32 * len(fitted)))
