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

from llmecon.core import charts, units
from llmecon.core.frontier import cheapest_at_levels, coverage_end, model_scores, priced_models, trend_prices, with_blend
from llmecon.core.trends import MIN_POINTS, TrendFit, cluster_bootstrap, fit_exponential_trend, fit_pooled_trend, reference_line

# Two ways to price a capability: per million tokens (blended list price), or per answer
# (list prices times the tokens a model spends answering one benchmark question).
BASES = ("per_token", "per_answer")
# When a model was run at several reasoning efforts, the run whose tokens price its answer.
RUN_PREFERENCE = ["default", "medium", "high", "thinking-16k"]


@dataclass(frozen=True)
class Law:
    claim_id: str
    label: str
    low: float  # annual division factor, low end
    high: float  # annual division factor, high end

    @property
    def central(self) -> float:
        return float(np.sqrt(self.low * self.high))


def answer_tokens(eval_tokens: pd.DataFrame, benchmark: str) -> pd.DataFrame:
    """Input and output tokens per question for every model with a run on `benchmark`.

    Sums over all samples are divided by the number of samples (questions x
    epochs). A model run at several efforts keeps the first in RUN_PREFERENCE:
    the provider's default where measured, else medium effort.
    """
    runs = eval_tokens[eval_tokens["benchmark"] == benchmark].copy()
    if runs.empty:
        raise ValueError(f"eval_tokens has no runs on {benchmark!r}")
    runs["rank"] = runs["run_setting"].map({s: i for i, s in enumerate(RUN_PREFERENCE)})
    runs = runs.sort_values(["model_id", "rank"]).drop_duplicates("model_id")
    return pd.DataFrame({"model_id": runs["model_id"], "run_setting": runs["run_setting"],
                         "input_tokens_per_answer": runs["input_tokens"] / runs["samples"],
                         "output_tokens_per_answer": runs["output_tokens"] / runs["samples"]}).reset_index(drop=True)


def with_answer_price(prices: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Price in USD per answer: each price row times its model's tokens per question (models without tokens drop out)."""
    priced = prices.merge(tokens, on="model_id", how="inner")
    per_answer = (priced["input_per_m"] * priced["input_tokens_per_answer"]
                  + priced["output_per_m"] * priced["output_tokens_per_answer"]) / units.TOKENS_PER_MILLION
    return priced.assign(price=per_answer)


def frontiers(prices: pd.DataFrame, benchmarks: pd.DataFrame, thresholds: dict[str, list[float]],
              evaluators: list[str], as_of, benchmark_evaluators: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Cheapest-model series for every (benchmark, threshold), stacked.

    `benchmark_evaluators` overrides the evaluator preference for some
    benchmarks (GPQA Diamond: Epoch AI's own runs first).
    """
    parts = []
    for benchmark, levels in thresholds.items():
        scores = model_scores(benchmarks, benchmark, (benchmark_evaluators or {}).get(benchmark, evaluators))
        for level, steps in zip(levels, cheapest_at_levels(prices, scores, levels, end=as_of)):
            if steps.empty:
                continue
            parts.append(steps.assign(benchmark=benchmark, threshold=float(level)))
    if not parts:
        return pd.DataFrame(columns=["date", "model_id", "provider", "price", "score", "source_id",
                                     "is_record", "benchmark", "threshold"])
    return pd.concat(parts, ignore_index=True)


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
        span_months = units.months_between(row["first"], row["last"])
        if len(records) >= MIN_POINTS and span_months >= min_span_months:
            fit = fit_exponential_trend(records["date"], records["price"], confidence)
            low, high = fit.decline_interval
            row.update(factor=fit.annual_decline_factor, ci_low=low, ci_high=high, r_squared=fit.r_squared,
                       slope=fit.slope, intercept=fit.intercept)
        rows.append(row)
    columns = ["benchmark", "threshold", "points", "first", "last", "first_price", "last_price", "end_price",
               "overall_factor", "factor", "ci_low", "ci_high", "r_squared", "slope", "intercept"]
    return pd.DataFrame(rows).reindex(columns=columns)


def pooled_fit(steps: pd.DataFrame, fits: pd.DataFrame, confidence: float, draws: int, seed: int) -> TrendFit:
    """One common rate through the record lows of every threshold that has its own trend.

    The interval comes from a bootstrap over models (`trends.cluster_bootstrap`):
    a model's cut is a record at every nested threshold it clears, so the
    record lows are not independent observations.
    """
    fitted = fits.dropna(subset=["factor"])[["benchmark", "threshold"]]
    records = steps[steps["is_record"]].merge(fitted, on=["benchmark", "threshold"])
    groups = records["benchmark"] + " " + records["threshold"].astype(str)
    fit = fit_pooled_trend(records["date"], records["price"], groups, confidence)
    return cluster_bootstrap(fit, records["date"], records["price"], groups, records["model_id"], draws, seed)


def fit_pooled_trend_interval(steps: pd.DataFrame, fits: pd.DataFrame, confidence: float) -> tuple[float, float]:
    """The pooled fit's textbook t-interval, which counts a record shared by nested thresholds once per threshold
    (shown only to say how much narrower it is than the bootstrap's)."""
    fitted = fits.dropna(subset=["factor"])[["benchmark", "threshold"]]
    records = steps[steps["is_record"]].merge(fitted, on=["benchmark", "threshold"])
    groups = records["benchmark"] + " " + records["threshold"].astype(str)
    return fit_pooled_trend(records["date"], records["price"], groups, confidence).decline_interval


def distinct_records(steps: pd.DataFrame, fits: pd.DataFrame) -> int:
    """How many different price observations (model, provider, date) the pooled fit rests on."""
    fitted = fits.dropna(subset=["factor"])[["benchmark", "threshold"]]
    records = steps[steps["is_record"]].merge(fitted, on=["benchmark", "threshold"])
    return len(records.drop_duplicates(["model_id", "provider", "date"]))


def window_change(steps: pd.DataFrame, start, end) -> pd.DataFrame:
    """Per threshold on sale at `start`: the cheapest price then and at `end`, and the fall between.

    A claim about "the past N months" speaks of capabilities that could be
    bought N months ago. A threshold first reached later would measure a
    shorter window (and a newer capability), so it is left out.
    """
    rows = []
    for (benchmark, threshold), group in steps.groupby(["benchmark", "threshold"], sort=True):
        group = group.sort_values("date")
        at_start = group[group["date"] <= pd.Timestamp(start)]
        at_end = group[group["date"] <= pd.Timestamp(end)]
        if at_start.empty:
            continue
        first, last = at_start.iloc[-1], at_end.iloc[-1]
        rows.append({"benchmark": benchmark, "threshold": threshold, "start_date": pd.Timestamp(start),
                     "start_model": first["model_id"], "start_price": first["price"],
                     "end_model": last["model_id"], "end_price": last["price"],
                     "fall_factor": first["price"] / last["price"]})
    columns = ["benchmark", "threshold", "start_date", "start_model", "start_price", "end_model", "end_price",
               "fall_factor"]
    return pd.DataFrame(rows, columns=columns)


def levels_on_sale(prices: pd.DataFrame, benchmarks: pd.DataFrame, benchmark: str, evaluators: list[str],
                   when) -> list[float]:
    """The scores on `benchmark` of every model with a price in force on `when`: the capability levels then on sale."""
    on_sale = prices.loc[prices["effective_date"] <= pd.Timestamp(when), "model_id"].unique()
    scores = model_scores(benchmarks, benchmark, evaluators)
    return sorted(scores.loc[scores["model_id"].isin(on_sale), "score"].astype(float).unique())


def share_reaching(steps: pd.DataFrame, start, end, fall: float) -> pd.DataFrame:
    """For the levels on sale at `start`: each date their cheapest price changed, and the share of them
    whose price had by then fallen at least `fall` times from its price at `start`."""
    levels = window_change(steps, start, start)[["benchmark", "threshold", "start_price"]]
    if levels.empty:
        return pd.DataFrame(columns=["date", "share"])
    later = steps.merge(levels, on=["benchmark", "threshold"])
    later = later[(later["date"] > pd.Timestamp(start)) & (later["date"] <= pd.Timestamp(end))]
    rows = []
    for when in sorted(later["date"].unique()):
        so_far = later[later["date"] <= when]
        reached = so_far[so_far["start_price"] / so_far["price"] >= fall][["benchmark", "threshold"]].drop_duplicates()
        rows.append({"date": pd.Timestamp(when), "share": len(reached) / len(levels)})
    return pd.DataFrame(rows, columns=["date", "share"])


@dataclass
class RateMeasurement:
    """Everything the chapter's test of the laws rests on, computed once."""
    basis: str
    prices: pd.DataFrame  # USD prices (per million tokens or per answer) of the candidate models
    data_end: pd.Timestamp
    steps: pd.DataFrame
    fits: pd.DataFrame
    pooled: TrendFit | None


def measure_rates(dataset, as_of, start, input_share: float, thresholds: dict[str, list[float]],
                  evaluators: list[str], include_reasoning_models: bool, confidence: float,
                  min_span_months: float, basis: str = "per_token", answer_benchmark: str = "gpqa_diamond",
                  bootstrap_draws: int = 2000, seed: int = 20250312,
                  benchmark_evaluators: dict[str, list[str]] | None = None) -> RateMeasurement:
    """Cheapest-price series, per-threshold fits and the pooled rate, on one pricing basis.

    `per_answer` prices every model by the tokens it spent on `answer_benchmark`
    questions in Epoch AI's runs, so only models with such a run take part.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    prices = priced_models(dataset, as_of, start)
    data_end = coverage_end(prices, as_of)
    if not include_reasoning_models:
        prices = prices[~prices["reasoning"]]
    if basis == "per_token":
        priced = with_blend(prices, input_share)
    else:
        priced = with_answer_price(prices, answer_tokens(dataset.eval_tokens, answer_benchmark))
    steps = frontiers(trend_prices(priced), dataset.benchmarks, thresholds, evaluators, data_end, benchmark_evaluators)
    fits = fit_frontiers(steps, confidence, data_end, min_span_months)
    pooled = (pooled_fit(steps, fits, confidence, bootstrap_draws, seed)
              if fits["factor"].notna().any() else None)
    return RateMeasurement(basis, priced, data_end, steps, fits, pooled)


def basis_comparison(measurements: dict[str, "RateMeasurement"]) -> pd.DataFrame:
    """One row per labelled measurement: pooled rate, its interval, and how many levels and models it rests on."""
    rows = []
    for label, m in measurements.items():
        low, high = m.pooled.decline_interval if m.pooled else (float("nan"), float("nan"))
        rows.append({"Basis": label, "Levels fitted": int(m.fits["factor"].notna().sum()),
                     "Models priced": m.prices["model_id"].nunique(),
                     "Latest record": f"{m.fits['last'].max():%Y-%m}" if m.fits["last"].notna().any() else "–",
                     "Pooled ÷/yr": m.pooled.annual_decline_factor if m.pooled else float("nan"),
                     "90% low": low, "90% high": high})
    return pd.DataFrame(rows)


def fits_display(fits: pd.DataFrame):
    """The per-threshold fits as the chapter shows them."""
    table = fits.assign(
        threshold=[_label(b, t) for b, t in zip(fits["benchmark"], fits["threshold"])],
        first=fits["first"].dt.strftime("%Y-%m"), last=fits["last"].dt.strftime("%Y-%m"))
    columns = {"threshold": "Capability", "points": "Record lows", "first": "First", "last": "Last record",
               "first_price": "First price (USD/M)", "end_price": "Price at end (USD/M)", "factor": "Fitted ÷/yr",
               "ci_low": "90% low", "ci_high": "90% high", "overall_factor": "End-to-end ÷/yr"}
    return (table[list(columns)].rename(columns=columns)
            .style.format({"First price (USD/M)": "{:,.3f}", "Price at end (USD/M)": "{:,.3f}", "Fitted ÷/yr": "{:.1f}",
                           "90% low": "{:.1f}", "90% high": "{:.1f}", "End-to-end ÷/yr": "{:.1f}"}, na_rep="–")
            .hide(axis="index"))


def window_display(change: pd.DataFrame, prices: pd.DataFrame):
    """A window's fall per capability level, with model names."""
    names = prices.drop_duplicates("model_id").set_index("model_id")["name"]
    table = pd.DataFrame({
        "Capability": [_label(b, t) for b, t in zip(change["benchmark"], change["threshold"])],
        "Cheapest at the start": change["start_model"].map(names).fillna(change["start_model"]),
        "USD/M then": change["start_price"],
        "Cheapest at the end": change["end_model"].map(names).fillna(change["end_model"]),
        "USD/M at the end": change["end_price"], "Fall (x)": change["fall_factor"]})
    return table.style.format({"USD/M then": "{:,.3f}", "USD/M at the end": "{:,.3f}", "Fall (x)": "{:,.1f}"}).hide(axis="index")


# DeepSeek's Day 6 disclosure (estimates table): one day of its V3/R1 service.
SERVING_ESTIMATES = {"cost": "deepseek_inference_daily_cost_2025_02",
                     "revenue": "deepseek_inference_theoretical_daily_revenue_2025_02",
                     "input_tokens": "deepseek_inference_input_tokens_2025_02",
                     "output_tokens": "deepseek_inference_output_tokens_2025_02"}


def serving_cost_note(dataset) -> dict[str, float]:
    """DeepSeek's published serving cost and its theoretical revenue at list prices, per million tokens served."""
    estimates = dataset.estimates.set_index("estimate_id")
    missing = [e for e in SERVING_ESTIMATES.values() if e not in estimates.index]
    if missing:
        raise KeyError(f"estimates.csv lacks DeepSeek's serving-cost rows: {missing}")
    value = {k: float(estimates.loc[e, "value"]) for k, e in SERVING_ESTIMATES.items()}
    millions = (value["input_tokens"] + value["output_tokens"]) / units.TOKENS_PER_MILLION
    return {"tokens_b": millions / 1000, "cost_per_m": value["cost"] / millions,
            "revenue_per_m": value["revenue"] / millions, "markup": value["revenue"] / value["cost"]}


def fits_table(measurements: list[RateMeasurement]) -> pd.DataFrame:
    """The published fits table (`inference_fits.csv`): one row per benchmark, threshold and basis."""
    parts = [m.fits.assign(basis=m.basis) for m in measurements]
    table = pd.concat(parts, ignore_index=True)
    table["first"] = table["first"].dt.strftime("%Y-%m-%d")
    table["last"] = table["last"].dt.strftime("%Y-%m-%d")
    return table[["benchmark", "threshold", "basis", "first", "last", "points", "factor", "ci_low", "ci_high"]]


# -- charts -------------------------------------------------------------------

BENCHMARK_LABELS = {"mmlu": "MMLU", "gpqa_diamond": "GPQA Diamond", "humaneval": "HumanEval",
                    "math500": "MATH-500", "arena_elo": "Chatbot Arena Elo", "eci": "Epoch Capabilities Index"}


def _label(benchmark: str, threshold: float) -> str:
    return f"{BENCHMARK_LABELS.get(benchmark, benchmark)} ≥ {threshold:g}"


PRICE_TITLES = {"per_token": ("Cheapest price, USD per million tokens (log scale)", "USD per 1M tokens", "per million tokens"),
                "per_answer": ("Cheapest price of an answer, USD per GPQA Diamond question (log scale)", "USD per answer",
                               "per answer (one GPQA Diamond question)")}


def frontier_chart(steps: pd.DataFrame, fits: pd.DataFrame, laws: list[Law], benchmark: str,
                   prices: pd.DataFrame, as_of, basis: str = "per_token") -> alt.LayerChart:
    """Cheapest price per threshold over time (log scale), fitted lines, and the laws as slopes."""
    axis_title, tooltip_title, unit_words = PRICE_TITLES[basis]
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
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title=axis_title)
    colour = alt.Color("series:N", title="Capability threshold")
    tooltip = [alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("name:N", title="Model"),
               alt.Tooltip("provider:N", title="Provider"), alt.Tooltip("date:T", title="Price from"),
               alt.Tooltip("price:Q", title=tooltip_title, format=",.4f"),
               alt.Tooltip("score:Q", title="Score"), alt.Tooltip("publisher:N", title="Source"),
               alt.Tooltip("url:N", title="Source URL")]
    step_layer = alt.Chart(stepped).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour)
    point_layer = alt.Chart(own[own["is_record"]]).mark_point(filled=True, size=60).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    layers = [step_layer]
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
    layers.append(point_layer)  # on top, so hovering a record low shows its model and source, not a law line
    name = BENCHMARK_LABELS.get(benchmark, benchmark)
    return charts.finish(
        alt.layer(*layers),
        title=f"Cheapest price of a fixed capability ({name}), {unit_words}",
        subtitle=["Step line: cheapest model at or above each threshold; dot: a new record low;",
                  "dashed: fitted trend; grey dotted: the articles' laws, drawn from the first record low"],
        description=(f"Log-scale line chart of the cheapest price {unit_words} of any model scoring at "
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
