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
from .frontier import cheapest_over_time, model_scores, trend_prices
from .trends import MIN_POINTS, TrendFit, fit_exponential_trend, fit_pooled_trend, reference_line


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


def coverage_end(prices: pd.DataFrame, as_of) -> pd.Timestamp:
    """The last date the price data describe: the analysis date or the latest price, whichever is earlier.

    Beyond the latest price row the data are silent, so a series must not be
    read as flat there.
    """
    return min(pd.Timestamp(as_of), prices["effective_date"].max())


def fit_frontiers(steps: pd.DataFrame, confidence: float, end, min_span_months: float = 12) -> pd.DataFrame:
    """Per (benchmark, threshold): a log-linear fit through the record lows, and the end-to-end rate.

    A fit needs at least MIN_POINTS record lows spread over `min_span_months`:
    a few cuts within weeks would otherwise extrapolate to absurd annual rates.
    The end-to-end rate runs from the first record to the price in force at
    `end`, so months without a new low count too.
    """
    rows = []
    for (benchmark, threshold), group in steps.groupby(["benchmark", "threshold"], sort=True):
        records = group[group["is_record"]]
        in_force = group[group["date"] <= pd.Timestamp(end)].iloc[-1]
        years = (pd.Timestamp(end) - records["date"].min()).days / units.DAYS_PER_YEAR
        row = {"benchmark": benchmark, "threshold": threshold, "points": len(records),
               "first": records["date"].min(), "last": records["date"].max(),
               "first_price": records["price"].iloc[0], "last_price": records["price"].iloc[-1],
               "end_price": in_force["price"],
               "overall_factor": (records["price"].iloc[0] / in_force["price"]) ** (1 / years) if years > 0 else np.nan}
        span_months = (row["last"] - row["first"]).days / (units.DAYS_PER_YEAR / 12)
        if len(records) >= MIN_POINTS and span_months >= min_span_months:
            fit = fit_exponential_trend(records["date"], records["price"], confidence)
            low, high = fit.decline_interval
            row.update(factor=fit.annual_decline_factor, ci_low=low, ci_high=high, r_squared=fit.r_squared,
                       slope=fit.slope, intercept=fit.intercept)
        rows.append(row)
    columns = ["benchmark", "threshold", "points", "first", "last", "first_price", "last_price", "end_price",
               "overall_factor", "factor", "ci_low", "ci_high", "r_squared", "slope", "intercept"]
    return pd.DataFrame(rows).reindex(columns=columns)


def pooled_fit(steps: pd.DataFrame, fits: pd.DataFrame, confidence: float) -> TrendFit:
    """One common rate through the record lows of every threshold that has its own trend."""
    fitted = fits.dropna(subset=["factor"])[["benchmark", "threshold"]]
    records = steps[steps["is_record"]].merge(fitted, on=["benchmark", "threshold"])
    groups = records["benchmark"] + " " + records["threshold"].astype(str)
    return fit_pooled_trend(records["date"], records["price"], groups, confidence)


def judge_law(law: Law, pooled: TrendFit | None, fits: pd.DataFrame) -> tuple[str, str]:
    """Verdict on a law from the two measures of the rate.

    The pooled record-low trend (the method of Epoch AI and a16z) is primary:
    a law inside its interval holds. Record lows ignore the months in which
    nothing got cheaper, so the end-to-end rates of the capability levels are
    a slower measure: a law that misses the pooled interval but lies within
    the span from the slowest end-to-end rate to the pooled interval partly
    holds (the answer depends on the method); anything else does not hold.
    """
    fitted = fits.dropna(subset=["factor"])
    if pooled is None or fitted.empty:
        return "untestable", "no capability threshold has enough price records to fit a trend"
    low, high = pooled.decline_interval
    slow, fast = float(fitted["overall_factor"].min()), float(fitted["overall_factor"].max())
    if law.high >= low and law.low <= high:
        verdict, where = "holds", "inside"
    elif law.high >= slow and law.low <= max(fast, high):
        verdict, where = "partly holds", "outside, but slower than,"
    else:
        verdict, where = "does not hold", "above" if law.low > high else "below"
    if verdict == "partly holds" and law.low > high:
        where = "outside, and faster than,"
    reason = (f"the law's {law.label} lies {where} the {pooled.confidence:.0%} interval of the pooled record-low "
              f"trend (÷{low:.1f} to ÷{high:.1f} a year); end-to-end rates, which count months without a new low, "
              f"run from ÷{slow:.1f} to ÷{fast:.1f} across capability levels")
    return verdict, reason


def change_between(steps: pd.DataFrame, start, end) -> pd.DataFrame:
    """Per threshold: the cheapest price at `start` (or when first on sale, if later) and at `end`."""
    rows = []
    for (benchmark, threshold), group in steps.groupby(["benchmark", "threshold"], sort=True):
        group = group.sort_values("date")
        by_end = group[group["date"] <= pd.Timestamp(end)]
        if by_end.empty:
            continue
        before = by_end[by_end["date"] <= pd.Timestamp(start)]
        first = before.iloc[-1] if len(before) else by_end.iloc[0]
        last = by_end.iloc[-1]
        rows.append({"benchmark": benchmark, "threshold": threshold,
                     "start_date": max(first["date"], pd.Timestamp(start)), "start_model": first["model_id"],
                     "start_price": first["price"], "end_model": last["model_id"], "end_price": last["price"],
                     "fall_factor": first["price"] / last["price"]})
    return pd.DataFrame(rows)


@dataclass
class RateMeasurement:
    """Everything the chapter's test of the laws rests on, computed once."""
    prices: pd.DataFrame  # blended USD prices of the candidate models
    data_end: pd.Timestamp
    steps: pd.DataFrame
    fits: pd.DataFrame
    pooled: TrendFit | None


def measure_rates(dataset, as_of, start, input_share: float, thresholds: dict[str, list[float]],
                  evaluators: list[str], include_reasoning_models: bool, confidence: float,
                  min_span_months: float) -> RateMeasurement:
    prices = priced_models(dataset, as_of, start)
    data_end = coverage_end(prices, as_of)
    if not include_reasoning_models:
        prices = prices[~prices["reasoning"]]
    blended = with_blend(prices, input_share)
    steps = frontiers(trend_prices(blended), dataset.benchmarks, thresholds, evaluators, data_end)
    fits = fit_frontiers(steps, confidence, data_end, min_span_months)
    pooled = pooled_fit(steps, fits, confidence) if fits["factor"].notna().any() else None
    return RateMeasurement(blended, data_end, steps, fits, pooled)


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
    # Extend each step to the end of the data so the last price shows as a level.
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
        start, start_price = anchor["date"].iloc[0], anchor["price"].iloc[0]
        floor = own["price"].min() / 3  # stop the law lines a little below the data
        for law in laws:
            years_to_floor = np.log(start_price / floor) / np.log(law.central)
            end = min(pd.Timestamp(as_of), start + pd.Timedelta(days=years_to_floor * units.DAYS_PER_YEAR))
            references.append(reference_line(start, start_price, law.central, end).assign(law=law.label))

    x = alt.X("date:T", title="Date the price took effect", axis=alt.Axis(format="%Y", tickCount="year"))
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
        subtitle=["Step line: cheapest model at or above each threshold; dot: a new record low;",
                  "dashed: fitted trend; grey dotted: the articles' laws, drawn from the first record low"],
        description=(f"Log-scale line chart of the cheapest price per million tokens of any model scoring at "
                     f"least each {name} threshold, from the first such model to {pd.Timestamp(as_of).date()} "
                     f"(the last price in the data), "
                     f"with fitted trend lines and grey reference slopes for the articles' laws."))


def rates_chart(fits: pd.DataFrame, pooled: TrendFit, laws: list[Law]) -> alt.LayerChart:
    """Fitted annual decline per threshold and pooled, with intervals, against the laws."""
    fitted = fits.dropna(subset=["factor"]).copy()
    fitted["series"] = [_label(b, t) for b, t in zip(fitted["benchmark"], fitted["threshold"])]
    fitted["benchmark_label"] = fitted["benchmark"].map(BENCHMARK_LABELS)
    low, high = pooled.decline_interval
    fitted = pd.concat([pd.DataFrame([{"series": "All levels, pooled", "benchmark_label": "Pooled",
                                       "factor": pooled.annual_decline_factor, "ci_low": low, "ci_high": high,
                                       "points": pooled.n}]), fitted], ignore_index=True)
    law_lines = pd.DataFrame([{"law": l.label, "factor": f} for l in laws for f in sorted({l.low, l.high})])
    upper = float(max(fitted["ci_high"].max(), 20)) if len(fitted) else 20.0
    x_scale = alt.Scale(type="log", domain=[1, min(upper, 10_000)], clamp=True)
    y = alt.Y("series:N", title=None, sort=None)
    rules = alt.Chart(law_lines).mark_rule(color="#666", strokeDash=[4, 3]).encode(
        x=alt.X("factor:Q", scale=x_scale), tooltip=[alt.Tooltip("law:N", title="Law"),
                                                     alt.Tooltip("factor:Q", title="÷ per year", format=".2f")])
    whiskers = alt.Chart(fitted).mark_rule(strokeWidth=2).encode(
        x=alt.X("ci_low:Q", scale=x_scale,
                title="Price decline, times per year (log scale; 10 = a tenth of the price a year later)"),
        x2="ci_high:Q", y=y, color=alt.Color("benchmark_label:N", title="Benchmark"))
    tooltip = [alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("factor:Q", title="Fitted ÷ per year", format=".1f"),
               alt.Tooltip("ci_low:Q", title="90% interval low", format=".1f"),
               alt.Tooltip("ci_high:Q", title="90% interval high", format=".1f"),
               alt.Tooltip("overall_factor:Q", title="End-to-end ÷ per year", format=".1f"),
               alt.Tooltip("points:Q", title="Record lows fitted")]
    dots = alt.Chart(fitted).mark_point(filled=True, size=80).encode(
        x=alt.X("factor:Q", scale=x_scale), y=y, color="benchmark_label:N", tooltip=tooltip)
    ends = alt.Chart(fitted).mark_point(shape="diamond", size=60, filled=False, color="#333").encode(
        x=alt.X("overall_factor:Q", scale=x_scale), y=y, tooltip=tooltip)
    labels = ", ".join(f"{l.label}" for l in laws)
    return charts.finish(
        alt.layer(rules, whiskers, dots, ends),
        title="Measured rates against the stated laws",
        subtitle=["Dot: fitted annual decline through record lows (top row: all levels pooled), line: its 90% interval;",
                  "open diamond: end-to-end average; dashed: the laws (" + labels + ")"],
        description="Dot-and-whisker chart of the fitted annual price-decline factor for each capability "
                    "threshold with 90% confidence intervals and the end-to-end average, on a log scale, "
                    "with the articles' laws as dashed vertical lines.",
        height=max(160, 36 * len(fitted)))
