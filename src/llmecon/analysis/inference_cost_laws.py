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

from llmecon.core import charts, fmt, rules, units
from llmecon.core.claims import MISSING_NUMBER_TEXT
from llmecon.core.frontier import (
    cheapest_at_levels,
    coverage_end,
    model_scores,
    priced_models,
    trend_prices,
    with_blend,
)
from llmecon.core.trends import (
    MIN_POINTS,
    TrendFit,
    cluster_bootstrap,
    fit_exponential_trend,
    fit_pooled_trend,
    reference_line,
)

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
    return pd.DataFrame(
        {
            "model_id": runs["model_id"],
            "run_setting": runs["run_setting"],
            "input_tokens_per_answer": runs["input_tokens"] / runs["samples"],
            "output_tokens_per_answer": runs["output_tokens"] / runs["samples"],
        }
    ).reset_index(drop=True)


def with_answer_price(prices: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Price in USD per answer: each price row times its model's tokens per question (models without tokens drop out)."""
    priced = prices.merge(tokens, on="model_id", how="inner")
    per_answer = (
        priced["input_per_m"] * priced["input_tokens_per_answer"]
        + priced["output_per_m"] * priced["output_tokens_per_answer"]
    ) / units.TOKENS_PER_MILLION
    return priced.assign(price=per_answer)


def frontiers(
    prices: pd.DataFrame,
    benchmarks: pd.DataFrame,
    thresholds: dict[str, list[float]],
    evaluators: list[str],
    as_of,
    benchmark_evaluators: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
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
        return pd.DataFrame(
            columns=[
                "date",
                "model_id",
                "provider",
                "price",
                "score",
                "source_id",
                "is_record",
                "benchmark",
                "threshold",
            ]
        )
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
        row = {
            "benchmark": benchmark,
            "threshold": threshold,
            "points": len(records),
            "first": records["date"].min(),
            "last": records["date"].max(),
            "first_price": records["price"].iloc[0],
            "last_price": records["price"].iloc[-1],
            "end_price": in_force["price"],
            "overall_factor": (records["price"].iloc[0] / in_force["price"]) ** (1 / years) if years > 0 else np.nan,
        }
        span_months = units.months_between(row["first"], row["last"])
        if len(records) >= MIN_POINTS and span_months >= min_span_months:
            fit = fit_exponential_trend(records["date"], records["price"], confidence)
            low, high = fit.decline_interval
            row.update(
                factor=fit.annual_decline_factor,
                ci_low=low,
                ci_high=high,
                r_squared=fit.r_squared,
                slope=fit.slope,
                intercept=fit.intercept,
            )
        rows.append(row)
    columns = [
        "benchmark",
        "threshold",
        "points",
        "first",
        "last",
        "first_price",
        "last_price",
        "end_price",
        "overall_factor",
        "factor",
        "ci_low",
        "ci_high",
        "r_squared",
        "slope",
        "intercept",
    ]
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
        if at_start.empty or at_end.empty:  # no record low yet at one end of the window
            continue
        first, last = at_start.iloc[-1], at_end.iloc[-1]
        rows.append(
            {
                "benchmark": benchmark,
                "threshold": threshold,
                "start_date": pd.Timestamp(start),
                "start_model": first["model_id"],
                "start_price": first["price"],
                "end_model": last["model_id"],
                "end_price": last["price"],
                "fall_factor": first["price"] / last["price"],
            }
        )
    columns = [
        "benchmark",
        "threshold",
        "start_date",
        "start_model",
        "start_price",
        "end_model",
        "end_price",
        "fall_factor",
    ]
    return pd.DataFrame(rows, columns=columns)


def levels_on_sale(
    prices: pd.DataFrame, benchmarks: pd.DataFrame, benchmark: str, evaluators: list[str], when
) -> list[float]:
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


def measure_rates(
    dataset,
    as_of,
    start,
    input_share: float,
    thresholds: dict[str, list[float]],
    evaluators: list[str],
    include_reasoning_models: bool,
    confidence: float,
    min_span_months: float,
    basis: str = "per_token",
    answer_benchmark: str = "gpqa_diamond",
    bootstrap_draws: int = 2000,
    seed: int = 20250312,
    benchmark_evaluators: dict[str, list[str]] | None = None,
    providers: list[str] | None = None,
) -> RateMeasurement:
    """Cheapest-price series, per-threshold fits and the pooled rate, on one pricing basis.

    `per_answer` prices every model by the tokens it spent on `answer_benchmark`
    questions in Epoch AI's runs, so only models with such a run take part.
    `providers` keeps only the offers of those sellers (a law about one company's models).
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, got {basis!r}")
    prices = priced_models(dataset, as_of, start)
    data_end = coverage_end(prices, as_of)
    if providers is not None:
        prices = prices[prices["provider"].isin(providers)]
    if not include_reasoning_models:
        prices = prices[~prices["reasoning"]]
    if basis == "per_token":
        priced = with_blend(prices, input_share)
    else:
        priced = with_answer_price(prices, answer_tokens(dataset.eval_tokens, answer_benchmark))
    steps = frontiers(trend_prices(priced), dataset.benchmarks, thresholds, evaluators, data_end, benchmark_evaluators)
    fits = fit_frontiers(steps, confidence, data_end, min_span_months)
    pooled = pooled_fit(steps, fits, confidence, bootstrap_draws, seed) if fits["factor"].notna().any() else None
    return RateMeasurement(basis, priced, data_end, steps, fits, pooled)


def basis_comparison(measurements: dict[str, RateMeasurement]) -> pd.DataFrame:
    """One row per labelled measurement: pooled rate, its interval, and how many levels and models it rests on."""
    rows = []
    for label, m in measurements.items():
        low, high = m.pooled.decline_interval if m.pooled else (float("nan"), float("nan"))
        rows.append(
            {
                "Basis": label,
                "Levels fitted": int(m.fits["factor"].notna().sum()),
                "Models priced": m.prices["model_id"].nunique(),
                "Latest record": f"{m.fits['last'].max():%Y-%m}" if m.fits["last"].notna().any() else "–",
                "Pooled ÷/yr": m.pooled.annual_decline_factor if m.pooled else float("nan"),
                "90% low": low,
                "90% high": high,
            }
        )
    return pd.DataFrame(rows)


def fits_display(fits: pd.DataFrame):
    """The per-threshold fits as the chapter shows them."""
    table = fits.assign(
        threshold=[_label(b, t) for b, t in zip(fits["benchmark"], fits["threshold"])],
        first=pd.to_datetime(fits["first"]).dt.strftime("%Y-%m"),
        last=pd.to_datetime(fits["last"]).dt.strftime("%Y-%m"),
    )
    columns = {
        "threshold": "Capability",
        "points": "Record lows",
        "first": "First",
        "last": "Last record",
        "first_price": "First price (USD/M)",
        "end_price": "Price at end (USD/M)",
        "factor": "Fitted ÷/yr",
        "ci_low": "90% low",
        "ci_high": "90% high",
        "overall_factor": "End-to-end ÷/yr",
    }
    return (
        table[list(columns)]
        .rename(columns=columns)
        .style.format(
            {
                "First price (USD/M)": fmt.number,
                "Price at end (USD/M)": fmt.number,
                "Fitted ÷/yr": "{:.1f}",
                "90% low": "{:.1f}",
                "90% high": "{:.1f}",
                "End-to-end ÷/yr": "{:.1f}",
            },
            na_rep="–",
        )
        .hide(axis="index")
    )


def end_model(change: pd.DataFrame) -> str:
    """The model holding the first level's record low at the window's end (`window_change`), or the words for a
    missing value when no level was on sale at its start."""
    return str(change["end_model"].iloc[0]) if len(change) else MISSING_NUMBER_TEXT


def window_display(change: pd.DataFrame, prices: pd.DataFrame):
    """A window's fall per capability level, with model names."""
    names = prices.drop_duplicates("model_id").set_index("model_id")["name"]
    table = pd.DataFrame(
        {
            "Capability": [_label(b, t) for b, t in zip(change["benchmark"], change["threshold"])],
            "Cheapest at the start": change["start_model"].map(names).fillna(change["start_model"]),
            "USD/M then": change["start_price"],
            "Cheapest at the end": change["end_model"].map(names).fillna(change["end_model"]),
            "USD/M at the end": change["end_price"],
            "Fall (x)": change["fall_factor"],
        }
    )
    return table.style.format({"USD/M then": fmt.number, "USD/M at the end": fmt.number, "Fall (x)": fmt.number}).hide(
        axis="index"
    )


# DeepSeek's Day 6 disclosure (estimates table): one day of its V3/R1 service.
SERVING_ESTIMATES = {
    "cost": "deepseek_inference_daily_cost_2025_02",
    "revenue": "deepseek_inference_theoretical_daily_revenue_2025_02",
    "input_tokens": "deepseek_inference_input_tokens_2025_02",
    "output_tokens": "deepseek_inference_output_tokens_2025_02",
}


def serving_cost_note(dataset) -> dict[str, float]:
    """DeepSeek's published serving cost and its theoretical revenue at list prices, per million tokens served."""
    estimates = dataset.estimates.set_index("estimate_id")
    missing = [e for e in SERVING_ESTIMATES.values() if e not in estimates.index]
    if missing:
        raise KeyError(f"estimates.csv lacks DeepSeek's serving-cost rows: {missing}")
    value = {k: float(estimates.loc[e, "value"]) for k, e in SERVING_ESTIMATES.items()}
    millions = (value["input_tokens"] + value["output_tokens"]) / units.TOKENS_PER_MILLION
    return {
        "tokens_b": millions / 1000,
        "cost_per_m": value["cost"] / millions,
        "revenue_per_m": value["revenue"] / millions,
        "markup": value["revenue"] / value["cost"],
    }


def fits_table(measurements: list[RateMeasurement]) -> pd.DataFrame:
    """The published fits table (`inference_fits.csv`): one row per benchmark, threshold and basis."""
    parts = [m.fits.assign(basis=m.basis) for m in measurements]
    table = pd.concat(parts, ignore_index=True)
    for end in ("first", "last"):  # an empty measurement's dates are untyped
        table[end] = pd.to_datetime(table[end]).dt.strftime("%Y-%m-%d")
    return table[["benchmark", "threshold", "basis", "first", "last", "points", "factor", "ci_low", "ci_high"]]


# -- charts -------------------------------------------------------------------

BENCHMARK_LABELS = {
    "mmlu": "MMLU",
    "gpqa_diamond": "GPQA Diamond",
    "humaneval": "HumanEval",
    "math500": "MATH-500",
    "arena_elo": "Chatbot Arena Elo",
    "eci": "Epoch Capabilities Index",
}


def _label(benchmark: str, threshold: float) -> str:
    return f"{BENCHMARK_LABELS.get(benchmark, benchmark)} ≥ {threshold:g}"


PRICE_TITLES = {
    "per_token": ("Cheapest price, USD per million tokens (log scale)", "USD per 1M tokens", "per million tokens"),
    "per_answer": (
        "Cheapest price of an answer, USD per GPQA Diamond question (log scale)",
        "USD per answer",
        "per answer (one GPQA Diamond question)",
    ),
}


def frontier_chart(
    steps: pd.DataFrame,
    fits: pd.DataFrame,
    laws: list[Law],
    benchmark: str,
    prices: pd.DataFrame,
    as_of,
    basis: str = "per_token",
) -> alt.LayerChart:
    """Cheapest price per threshold over time (log scale), fitted lines, and the laws as slopes."""
    axis_title, tooltip_title, unit_words = PRICE_TITLES[basis]
    own = steps[steps["benchmark"] == benchmark].copy()
    if own.empty:
        return charts.no_data(f"{BENCHMARK_LABELS[benchmark]}, cheapest price {unit_words}")
    own["series"] = [_label(benchmark, t) for t in own["threshold"]]
    details = prices[["model_id", "provider", "effective_date", "name", "publisher", "url"]].rename(
        columns={"effective_date": "date"}
    )
    own = own.merge(details, on=["model_id", "provider", "date"], how="left")
    # Extend each step to the end of the data so the last price shows as a level.
    ends = own.groupby("series", as_index=False).tail(1).assign(date=pd.Timestamp(as_of), is_record=False)
    stepped = pd.concat([own, ends], ignore_index=True).sort_values(["series", "date"])

    lines, references = [], []
    for _, fit in fits[(fits["benchmark"] == benchmark)].dropna(subset=["factor"]).iterrows():
        dates = pd.to_datetime([fit["first"], fit["last"]])
        fitted = 10 ** (fit["intercept"] + fit["slope"] * units.decimal_year(dates))
        lines.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "fitted": fitted,
                    "series": _label(benchmark, fit["threshold"]),
                    "rate": f"fitted: ÷{fit['factor']:.1f} a year",
                }
            )
        )
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
    tooltip = [
        alt.Tooltip("series:N", title="Threshold"),
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("provider:N", title="Provider"),
        alt.Tooltip("date:T", title="Price from"),
        alt.Tooltip("price:Q", title=tooltip_title, format=",.4f"),
        alt.Tooltip("score:Q", title="Score"),
        alt.Tooltip("publisher:N", title="Source"),
        alt.Tooltip("url:N", title="Source URL"),
    ]
    step_layer = alt.Chart(stepped).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour)
    point_layer = (
        alt.Chart(own[own["is_record"]])
        .mark_point(filled=True, size=60)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    layers = [step_layer]
    if lines:
        fitted = pd.concat(lines)
        layers.append(
            alt.Chart(fitted)
            .mark_line(strokeDash=[6, 3], strokeWidth=1.5)
            .encode(
                x="date:T",
                y=alt.Y("fitted:Q", scale=alt.Scale(type="log")),
                color=colour,
                tooltip=[alt.Tooltip("series:N", title="Threshold"), alt.Tooltip("rate:N", title="Trend")],
            )
        )
    if references:
        refs = pd.concat(references)
        layers.append(
            alt.Chart(refs)
            .mark_line(color="#777", strokeDash=[2, 2])
            .encode(
                x="date:T",
                y=alt.Y("value:Q", scale=alt.Scale(type="log")),
                detail="law:N",
                tooltip=[alt.Tooltip("law:N", title="Law")],
            )
        )
        layers.append(
            alt.Chart(refs.groupby("law", as_index=False).tail(1))
            .mark_text(align="left", dx=4, fontSize=11, color="#555")
            .encode(x="date:T", y=alt.Y("value:Q", scale=alt.Scale(type="log")), text="law:N")
        )
    layers.append(point_layer)  # on top, so hovering a record low shows its model and source, not a law line
    name = BENCHMARK_LABELS.get(benchmark, benchmark)
    return charts.finish(
        alt.layer(*layers),
        title=f"Cheapest price of a fixed capability ({name}), {unit_words}",
        subtitle=[
            "Step line: cheapest model at or above each threshold; dot: a new record low;",
            "dashed: fitted trend; grey dotted: the articles' laws, drawn from the first record low",
        ],
        description=(
            f"Log-scale line chart of the cheapest price {unit_words} of any model scoring at "
            f"least each {name} threshold, from the first such model to {pd.Timestamp(as_of).date()} "
            f"(the last price in the data), "
            f"with fitted trend lines and grey reference slopes for the articles' laws."
        ),
    )


def rates_chart(fits: pd.DataFrame, pooled: TrendFit, laws: list[Law]) -> alt.LayerChart:
    """Fitted annual decline per threshold and pooled, with intervals, against the laws."""
    fitted = fits.dropna(subset=["factor"]).copy()
    fitted["series"] = [_label(b, t) for b, t in zip(fitted["benchmark"], fitted["threshold"])]
    fitted["benchmark_label"] = fitted["benchmark"].map(BENCHMARK_LABELS)
    if pooled is None:
        return charts.no_data("Measured rates against the stated laws")
    low, high = pooled.decline_interval
    fitted = pd.concat(
        [
            pd.DataFrame(
                [
                    {
                        "series": "All levels, pooled",
                        "benchmark_label": "Pooled",
                        "factor": pooled.annual_decline_factor,
                        "ci_low": low,
                        "ci_high": high,
                        "points": pooled.n,
                    }
                ]
            ),
            fitted,
        ],
        ignore_index=True,
    )
    law_lines = pd.DataFrame([{"law": text.label, "factor": f} for text in laws for f in sorted({text.low, text.high})])
    upper = float(max(fitted["ci_high"].max(), 20)) if len(fitted) else 20.0
    x_scale = alt.Scale(type="log", domain=[1, min(upper, 10_000)], clamp=True)
    y = alt.Y("series:N", title=None, sort=None)
    rules = (
        alt.Chart(law_lines)
        .mark_rule(color="#666", strokeDash=[4, 3])
        .encode(
            x=alt.X("factor:Q", scale=x_scale),
            tooltip=[alt.Tooltip("law:N", title="Law"), alt.Tooltip("factor:Q", title="÷ per year", format=".2f")],
        )
    )
    whiskers = (
        alt.Chart(fitted)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X(
                "ci_low:Q",
                scale=x_scale,
                title="Price decline, times per year (log scale; 10 = a tenth of the price a year later)",
            ),
            x2="ci_high:Q",
            y=y,
            color=alt.Color("benchmark_label:N", title="Benchmark"),
        )
    )
    tooltip = [
        alt.Tooltip("series:N", title="Threshold"),
        alt.Tooltip("factor:Q", title="Fitted ÷ per year", format=".1f"),
        alt.Tooltip("ci_low:Q", title="90% interval low", format=".1f"),
        alt.Tooltip("ci_high:Q", title="90% interval high", format=".1f"),
        alt.Tooltip("overall_factor:Q", title="End-to-end ÷ per year", format=".1f"),
        alt.Tooltip("points:Q", title="Record lows fitted"),
    ]
    dots = (
        alt.Chart(fitted)
        .mark_point(filled=True, size=80)
        .encode(x=alt.X("factor:Q", scale=x_scale), y=y, color="benchmark_label:N", tooltip=tooltip)
    )
    ends = (
        alt.Chart(fitted)
        .mark_point(shape="diamond", size=60, filled=False, color="#333")
        .encode(x=alt.X("overall_factor:Q", scale=x_scale), y=y, tooltip=tooltip)
    )
    labels = ", ".join(f"{text.label}" for text in laws)
    return charts.finish(
        alt.layer(rules, whiskers, dots, ends),
        title="Measured rates against the stated laws",
        subtitle=[
            "Dot: fitted annual decline through record lows (top row: all levels pooled), line: its 90% interval;",
            "open diamond: end-to-end average; dashed: the laws (" + labels + ")",
        ],
        description="Dot-and-whisker chart of the fitted annual price-decline factor for each capability "
        "threshold with 90% confidence intervals and the end-to-end average, on a log scale, "
        "with the articles' laws as dashed vertical lines.",
        height=max(160, 36 * len(fitted)),
    )


# -- the chapter's findings: each claim judged in its own unit ---------------------------------------------------------
# A finding is what `ch.verdict` takes: claim_id, judgement, evidence, note, measured, says.

LAW_000, LAW_001, LAW_004 = (
    "a000-inference-10x-per-year",
    "a001-inference-10x-per-18-months",
    "a004-openai-expects-50-75pct-per-year",
)
# Which way a law missed, in the articles' terms: a rate is a fall, reality going further is prices falling faster.
FASTER = ("prices fell faster than claimed", "prices fell more slowly than claimed")


def stated_laws(claim) -> list[Law]:
    """The three laws, each also as an annual factor so that the charts can draw them on one axis (the verdicts
    judge each in its own period). `claim` is the chapter's claim lookup (`ch.claim`)."""
    per_year, per_18 = claim(LAW_000).low, claim(LAW_001).low
    cut = claim(LAW_004)
    low, high = units.factor_from_percent_decline(cut.low), units.factor_from_percent_decline(cut.high)
    annual_18 = units.annual_factor(per_18, months=18)
    return [
        Law(LAW_000, f"÷{rules.fmt(per_year)} a year (000)", per_year, per_year),
        Law(LAW_001, f"÷{rules.fmt(per_18)} per 18 months (001)", annual_18, annual_18),
        Law(LAW_004, f"−{rules.fmt(cut.low)} to −{rules.fmt(cut.high)}% a year (004)", low, high),
    ]


def _rate(measure: RateMeasurement, low: float, high: float, months: float, tolerance) -> rules.Judgement:
    """The pooled rate of a measurement against a claimed factor (or range) per `months`, in the claim's period."""
    lo, hi = measure.pooled.decline_interval
    return rules.rate_in_claim_unit(measure.pooled.annual_decline_factor, lo, hi, low, high, months, tolerance)


def _single_rate(annual: float, low: float, high: float, months: float, tolerance) -> rules.Judgement:
    """A single measured rate (no interval) against a claimed rate, in the claim's period."""
    judged = rules.rate_in_claim_unit(annual, annual, annual, low, high, months, tolerance)
    per = rules.fmt(annual ** (months / 12))
    judged.measured, judged.reason = (
        text.replace(f"÷{per} to ÷{per} ", f"÷{per} ").replace(f" (central ÷{per})", "")
        for text in (judged.measured, judged.reason)
    )
    return judged


def end_to_end_rate(measure: RateMeasurement) -> float:
    """The median level's end-to-end rate (first record low to the price in force at the end), which counts the
    months without a new low."""
    return float(measure.fits.dropna(subset=["factor"])["overall_factor"].median())


def _as_percent(judged: rules.Judgement, low_pct: float, high_pct: float) -> rules.Judgement:
    """Word a rate judged as factors ("÷2 to ÷4 a year") in the claim's own percent ("−50 to −75% a year")."""
    pct = lambda factor: rules.fmt(100 * (1 - 1 / factor))  # noqa: E731
    lo, hi = judged.interval if judged.interval else (judged.value, judged.value)
    judged.measured = f"−{pct(lo)}% to −{pct(hi)}% a year (central −{pct(judged.value)}%; {judged.measured})"
    judged.reason = (
        f"claimed −{rules.fmt(low_pct)}% to −{rules.fmt(high_pct)}% a year "
        f"(÷{rules.fmt(100 / (100 - low_pct))} to ÷{rules.fmt(100 / (100 - high_pct))}), "
        f"measured {judged.measured}: {judged.reason.split(': ', 1)[1]}"
    )
    return judged


def law_findings(
    claim, market: RateMeasurement, openai: RateMeasurement, per_answer: RateMeasurement, epoch_rates: pd.DataFrame
) -> list[dict]:
    """The three laws judged in their own periods against the pooled rate of the cheapest price of a fixed
    capability, each weighed against the other measures a reader could prefer."""
    if market.pooled is None:
        why = "no capability level has enough record lows for a trend with these parameters"
        return [
            dict(claim_id=c, judgement=rules.untestable(rules.NO_DATA_FOR_PARAMETERS, why))
            for c in (LAW_000, LAW_001, LAW_004)
        ]
    if openai.pooled is None:
        openai = market  # too few of OpenAI's own record lows: every seller's offers stand in
    epoch_median = float(epoch_rates["factor"].median())
    evidence = sorted(set(market.steps.loc[market.steps["is_record"], "source_id"]))
    per_year, per_18, cut = claim(LAW_000).low, claim(LAW_001).low, claim(LAW_004)
    low, high = units.factor_from_percent_decline(cut.low), units.factor_from_percent_decline(cut.high)
    a, r = rules.APPROXIMATE, rules.RANGE

    def others(measure, low, high, months, tolerance, answer=True) -> dict:
        readings = {
            "end-to-end rates, months without a new low counted (median level)": _single_rate(
                end_to_end_rate(measure), low, high, months, tolerance
            ),
            "Epoch AI's published rates (median benchmark and threshold)": _single_rate(
                epoch_median, low, high, months, tolerance
            ),
        }
        if answer and per_answer.pooled is not None:
            readings["priced per answer, reasoning models included"] = _rate(per_answer, low, high, months, tolerance)
        return readings

    all_sellers = "the cheapest offer of a fixed capability from any seller (pooled trend)"
    floor = rules.at_least(market.pooled.decline_interval[0] ** 1.5, per_18, "x per 18 months", a)
    law_001 = rules.weigh(
        _rate(market, per_18, per_18, 18, a),
        all_sellers,
        {"read as a floor (at least ÷10 per 18 months)": floor, **others(market, per_18, per_18, 18, a)},
    )
    own = {
        f"{reading} (OpenAI's offers)" if "Epoch" not in reading else reading: _as_percent(j, cut.low, cut.high)
        for reading, j in others(openai, low, high, 12, r, answer=False).items()
    }
    law_004 = rules.weigh(
        _as_percent(_rate(openai, low, high, 12, r), cut.low, cut.high),
        "OpenAI's own offers, the cheapest of a fixed capability (pooled trend)",
        {**own, "every seller, not only OpenAI": _as_percent(_rate(market, low, high, 12, r), cut.low, cut.high)},
    )
    note = (
        f"pooled over {distinct_records(market.steps, market.fits)} record lows of {market.pooled.clusters} models "
        f"(interval from a bootstrap over models); Epoch AI's published rates have a median of ÷{rules.fmt(epoch_median)} "
        f"a year"
    )
    return [
        dict(
            claim_id=LAW_000,
            judgement=rules.weigh(
                _rate(market, per_year, per_year, 12, a), all_sellers, others(market, per_year, per_year, 12, a)
            ),
            evidence=evidence,
            note=note,
            says=FASTER,
        ),
        dict(claim_id=LAW_001, judgement=law_001, evidence=evidence, note=note, says=FASTER),
        dict(
            claim_id=LAW_004,
            judgement=law_004,
            says=FASTER,
            evidence=sorted(set(openai.steps.loc[openai.steps["is_record"], "source_id"])),
            note=f"OpenAI's own offers: {distinct_records(openai.steps, openai.fits)} record lows; " + note,
        ),
    ]


def _price_on(prices: pd.DataFrame, model_id: str, when, input_share: float) -> pd.Series:
    """OpenAI's own blended list price of a model in force on a date (the article's developer buys from OpenAI)."""
    own = with_blend(prices[(prices["model_id"] == model_id) & (prices["provider"] == "OpenAI")], input_share)
    own = own[own["effective_date"] <= pd.Timestamp(when)].sort_values("effective_date")
    if own.empty:
        raise ValueError(f"no OpenAI list price of {model_id!r} in force on {pd.Timestamp(when):%Y-%m-%d}")
    return own.iloc[-1]


# The article's two dates: a query in May 2023 and in May 2024.
MAY_2023, MAY_2024 = pd.Timestamp("2023-05-15"), pd.Timestamp("2024-05-15")
QUERY_IDS = {
    "2023": "a000-search-query-cost-2023",
    "2024": "a000-search-query-cost-2024",
    "google": "a000-google-search-cost-under-1c",
    "gap": "a000-google-search-gap-75x",
    "beago": "a000-beago-query-cost",
    "beago_share": "a000-beago-3pct-of-gpt4",
}


def query_findings(
    prices: pd.DataFrame,
    claim,
    top_2023: str,
    long_2023: str,
    top_2024: str,
    input_share: float,
    google_cost: float,
    google_sources: list[str],
) -> tuple[dict, list[dict]]:
    """Kai-Fu Lee's AI-search example redone: what the list prices of OpenAI's top model say about the same query a
    year apart, Google's cost per search from a published estimate, and BeaGo's share. Returns the numbers the
    prose quotes and the findings."""
    q = {k: claim(v).low for k, v in QUERY_IDS.items()}
    try:
        old, new, long = (
            _price_on(prices, top_2023, MAY_2023, input_share),
            _price_on(prices, top_2024, MAY_2024, input_share),
            _price_on(prices, long_2023, MAY_2023, input_share),
        )
    except ValueError as missing:  # an analysis date before May 2024, or models named that had no price then
        return {}, [
            dict(claim_id=QUERY_IDS[k], judgement=rules.untestable(rules.NO_DATA_FOR_PARAMETERS, str(missing)))
            for k in ("2023", "2024")
        ]
    v = {
        "query_fall": q["2023"] / q["2024"],
        "query_annual": units.implied_annual_factor(q["2023"], q["2024"], (MAY_2024 - MAY_2023).days),
        "top_2023_name": old["name"],
        "top_2024_name": new["name"],
        "long_2023_name": long["name"],
        "top_2023_price": old["price"],
        "top_2024_price": new["price"],
        "list_fall": old["price"] / new["price"],
        "tokens_per_query_2023": q["2023"] / old["price"] * units.TOKENS_PER_MILLION,
        "tokens_per_query_2024": q["2024"] / new["price"] * units.TOKENS_PER_MILLION,
        "google_cost": google_cost,
        "google_gap_claimed": q["2023"] / q["google"],
        "google_gap": q["2023"] / google_cost,
        "beago_vs_2024_pct": 100 * q["beago"] / q["2024"],
        "beago_vs_2023_pct": 100 * q["beago"] / q["2023"],
    }
    v["like_for_like_2024"] = q["2023"] / v["list_fall"]
    v["like_for_like_long"] = q["2023"] * new["price"] / long["price"]
    a, cheaper = rules.APPROXIMATE, ("the query got cheaper than claimed", "the same query got less cheap than claimed")
    same_query = rules.weigh(
        rules.within_factor(v["like_for_like_2024"], q["2024"], "USD", a).going(rules.BELOW),
        f"the same query, {old['name']} then and {new['name']} now at OpenAI's list prices",
        {
            f"the May 2023 query on {long['name']}": rules.within_factor(
                v["like_for_like_long"], q["2024"], "USD", a
            ).going(rules.BELOW)
        },
    )
    gap = rules.weigh(
        rules.at_least(v["google_gap"], q["gap"], "x", a),
        "at least 75x (Google's cost is an upper bound)",
        {"exactly 75x": rules.within_factor(v["google_gap"], q["gap"], "x", a)},
    )
    share = rules.weigh(
        rules.within_factor(v["beago_vs_2024_pct"], q["beago_share"], "%", a).going(rules.BELOW),
        "against the May 2024 query ($0.04)",
        {
            "against the May 2023 query ($0.75)": rules.within_factor(
                v["beago_vs_2023_pct"], q["beago_share"], "%", a
            ).going(rules.BELOW)
        },
    )
    price_sources = sorted({old["source_id"], new["source_id"], long["source_id"]})
    findings = [
        dict(
            claim_id=QUERY_IDS["2023"],
            judgement=rules.untestable(
                "no_data",
                f"the article does not say how many tokens a query used; at {old['name']}'s list price $0.75 buys "
                f"{rules.fmt(v['tokens_per_query_2023'])} tokens, more than its context window takes in one call",
            ),
        ),
        dict(
            claim_id=QUERY_IDS["2024"],
            judgement=same_query,
            evidence=price_sources,
            says=cheaper,
            note=f"{old['name']} → {new['name']} list prices fell ÷{rules.fmt(v['list_fall'])}, while $0.75 → $0.04 "
            f"is ÷{rules.fmt(v['query_fall'])}: the two figures describe different queries",
        ),
        dict(
            claim_id=QUERY_IDS["google"],
            judgement=rules.at_most(google_cost, q["google"], "USD", a),
            evidence=google_sources,
            note="Morgan Stanley's estimate of Google's cost per search (2022 searches)",
        ),
        dict(
            claim_id=QUERY_IDS["gap"],
            judgement=gap,
            evidence=google_sources,
            says=("the gap was wider than claimed", "the gap was narrower than claimed"),
            note=f"$0.75 against Morgan Stanley's ${rules.fmt(google_cost)} per Google search",
        ),
        dict(
            claim_id=QUERY_IDS["beago"],
            judgement=rules.untestable(
                "undisclosed", "BeaGo's serving cost per query is not published; only the article reports it"
            ),
        ),
        dict(
            claim_id=QUERY_IDS["beago_share"],
            judgement=share,
            says=("BeaGo's share was smaller than claimed", "BeaGo's share was larger than claimed"),
        ),
    ]
    return v, findings


# Li Guangmi's interview (article 001): "the past 18 months" ends here, and "today's" cost is priced here.
INTERVIEW = pd.Timestamp("2023-12-01")
PAST_ID, ONE_PCT_ID = "a001-inference-fell-10x-past-18-months", "a001-inference-1pct-predictable"


def past_and_future(
    prices: pd.DataFrame,
    measure: RateMeasurement,
    benchmarks: pd.DataFrame,
    claim,
    thresholds: dict,
    evaluators: list[str],
    benchmark_evaluators: dict,
    input_share: float,
    months_to_one_percent: float,
) -> tuple[dict, pd.DataFrame, list[dict]]:
    """ "Nearly ÷10 over the past 18 months" measured on the capability levels on sale 18 months before the
    interview (June 2022), and "1% of today's cost", an undated forecast, followed from the levels on sale at the
    interview. Returns the prose's numbers, the table of the past window and the two findings."""
    start = INTERVIEW - pd.DateOffset(months=18)
    blended, end = with_blend(prices, input_share), measure.data_end
    steps_2022 = frontiers(
        trend_prices(blended),
        benchmarks,
        {"mmlu": levels_on_sale(blended, benchmarks, "mmlu", evaluators, start)},
        evaluators,
        end,
    )
    past = window_change(steps_2022, start, INTERVIEW)
    gpt35_level = float(benchmarks.query("model_id == 'text-davinci-003' and benchmark == 'mmlu'")["score"].max())
    gpt35_steps = frontiers(trend_prices(blended), benchmarks, {"mmlu": [gpt35_level]}, evaluators, end)
    gpt35_launch = gpt35_steps["date"].min() if len(gpt35_steps) else INTERVIEW
    gpt35_window = window_change(gpt35_steps, gpt35_launch, INTERVIEW)
    gpt35 = float(gpt35_window["fall_factor"].iloc[0]) if len(gpt35_window) else float("nan")
    if past.empty or end < INTERVIEW:
        why = "no priced model with a benchmark score was on sale in June 2022, or the data end before December 2023"
        return (
            {"past_levels": 0, "past_median": float("nan")},
            past,
            [
                dict(claim_id=PAST_ID, judgement=rules.untestable(rules.NO_DATA_FOR_PARAMETERS, why)),
                dict(
                    claim_id=ONE_PCT_ID,
                    judgement=rules.untestable("not_due", "the data end before or at the interview"),
                ),
            ],
        )
    levels = {
        b: levels_on_sale(measure.prices, benchmarks, b, benchmark_evaluators.get(b, evaluators), INTERVIEW)
        for b in thresholds
    }
    later = frontiers(trend_prices(measure.prices), benchmarks, levels, evaluators, end, benchmark_evaluators)
    since = window_change(later, INTERVIEW, end)
    reached = share_reaching(later, INTERVIEW, end, fall=100)
    half = reached.loc[reached["share"] >= 0.5, "date"].min() if (reached["share"] >= 0.5).any() else None
    top = since.sort_values(["benchmark", "threshold"]).groupby("benchmark").tail(1)
    v = {
        "past_levels": len(past),
        "past_median": float(past["fall_factor"].median()),
        "gpt35_level": gpt35_level,
        "gpt35_fall": gpt35,
        "gpt35_launch": f"{gpt35_launch:%B %Y}",
        "gpt35_months": (INTERVIEW - gpt35_launch).days / units.DAYS_PER_MONTH,
        "since_n": len(since),
        "since_median": float(since["fall_factor"].median()),
        "since_max": float(since["fall_factor"].max()),
        "top_level_fall": float(top["fall_factor"].min()),
        "half_reached": f"{half:%B %Y}" if half is not None else "not by the end of the data",
    }
    claimed = claim(PAST_ID).low
    gpt35_reading = (
        {
            f"the GPT-3.5 level from its launch ({v['gpt35_launch']}) to the interview": rules.within_factor(
                gpt35, claimed, "x", rules.APPROXIMATE
            )
        }
        if gpt35 == gpt35
        else {}
    )
    past_judged = rules.weigh(
        rules.within_factor(v["past_median"], claimed, "x", rules.APPROXIMATE),
        "the capability levels on sale in June 2022, each from its cheapest price then to December 2023 (median)",
        gpt35_reading,
    )
    deadline = INTERVIEW + pd.DateOffset(months=int(months_to_one_percent))
    # Undated, but tied to the article's own law: ÷100 at ÷10 per 18 months is due 36 months after the interview.
    forecast = rules.happened_by(
        half,
        deadline,
        end,
        "half the capability levels on sale in December 2023 becoming "
        "÷100 cheaper (due at the article's own ÷10 per 18 months)",
    )
    findings = [
        dict(
            claim_id=PAST_ID,
            judgement=past_judged,
            evidence=sorted(set(steps_2022["source_id"])),
            says=("inference cost fell further than claimed", "inference cost fell less than claimed"),
            measured=f"median ÷{rules.fmt(v['past_median'])} across {fmt.count(len(past), 'MMLU level')} on sale in June 2022",
        ),
        dict(
            claim_id=ONE_PCT_ID,
            judgement=forecast,
            evidence=sorted(set(later["source_id"])),
            note=f"by {end:%B %Y} the {len(since)} levels on sale in December 2023 fell a median "
            f"÷{rules.fmt(v['since_median'])}; the highest level on each benchmark fell at least "
            f"÷{rules.fmt(v['top_level_fall'])}; half of all levels reached ÷100: {v['half_reached']}",
        ),
    ]
    return v, past, findings


def rate_summary(measure: RateMeasurement, confidence: float) -> dict:
    """The numbers the chapter quotes about one measurement: coverage, per-level fits, the pooled rate."""
    fits, pooled, steps = measure.fits, measure.pooled, measure.steps
    nan = float("nan")
    low, high = pooled.decline_interval if pooled else (nan, nan)
    naive_low, naive_high = fit_pooled_trend_interval(steps, fits, confidence) if pooled else (nan, nan)
    fitted = fits.dropna(subset=["factor"])
    last = {
        f"{b}_fit_last": (
            f"{fitted.loc[fitted['benchmark'] == b, 'last'].max():%B %Y}"
            if (fitted["benchmark"] == b).any()
            else "no fitted threshold"
        )
        for b in ("gpqa_diamond", "eci")
    }
    return {
        "n_price_rows": len(measure.prices),
        "n_priced_models": measure.prices["model_id"].nunique(),
        "n_thresholds": len(fits),
        "n_fits": len(fitted),
        "median_factor": float(fitted["factor"].median()),
        "min_factor": float(fitted["factor"].min()),
        "max_factor": float(fitted["factor"].max()),
        "median_overall": float(fitted["overall_factor"].median()),
        "pooled_factor": pooled.annual_decline_factor if pooled else nan,
        "pooled_low": low,
        "pooled_high": high,
        "pooled_per_18_low": low**1.5,
        "pooled_per_18_high": high**1.5,
        "pooled_points": pooled.n if pooled else 0,
        "pooled_distinct": distinct_records(steps, fits) if pooled else 0,
        "pooled_models": pooled.clusters if pooled else 0,
        "naive_low": naive_low,
        "naive_high": naive_high,
        **last,
    }


def _month(date) -> str:
    """'March 2025', or the words for a number missing under the run's parameters (no row, so no date)."""
    return MISSING_NUMBER_TEXT if pd.isna(date) else f"{date:%B %Y}"


def answer_summary(per_answer: RateMeasurement, per_token: RateMeasurement, measure) -> tuple[dict, pd.DataFrame]:
    """Price per answer against price per token, with and without reasoning models: the prose's numbers and the
    table of the four bases. `measure(include_reasoning_models, basis)` runs the chapter's measurement."""
    no_reasoning, with_reasoning_tokens = measure(False, "per_answer"), measure(True, "per_token")
    answer = per_answer.prices.drop_duplicates("model_id")
    records = per_answer.steps[per_answer.steps["is_record"]].drop_duplicates(["model_id", "provider", "date"])
    v = {
        "answer_models": len(answer),
        "answer_reasoning_models": int(answer["reasoning"].sum()),
        "answer_tokens_median": float(answer.loc[~answer["reasoning"], "output_tokens_per_answer"].median()),
        "answer_tokens_reasoning": float(answer.loc[answer["reasoning"], "output_tokens_per_answer"].median()),
        "answer_last": _month(per_answer.prices["effective_date"].max()),
        "answer_models_last_release": _month(answer["release_date"].max()),
        "answer_records": len(records),
        "answer_reasoning_records": int(records["model_id"].isin(answer.loc[answer["reasoning"], "model_id"]).sum())
        if len(records)
        else 0,
    }
    for key, m in (("answer", per_answer), ("answer_noreason", no_reasoning), ("token_reason", with_reasoning_tokens)):
        v[f"{key}_pooled"] = (
            f"÷{rules.fmt(m.pooled.annual_decline_factor)} a year"
            if m.pooled
            else "not measurable (no level has enough record lows)"
        )
        v[f"{key}_fits"] = int(m.fits["factor"].notna().sum())
    table = basis_comparison(
        {
            "per token, reasoning models excluded": per_token,
            "per token, reasoning models included": with_reasoning_tokens,
            "per answer, reasoning models included": per_answer,
            "per answer, reasoning models excluded": no_reasoning,
        }
    )
    return v, table


def blend_comparison(measure, per_token: RateMeasurement) -> dict:
    """Does the input/output blend move the rates? `measure(input_share)` runs the per-token measurement."""
    by_blend = pd.DataFrame(
        {
            label: measure(share).fits.set_index(["benchmark", "threshold"])["factor"]
            for share, label in [(0.75, "3:1"), (0.5, "1:1")]
        }
    ).dropna()
    prices = per_token.prices
    return {
        "output_input_ratio": float((prices["output_per_m"] / prices["input_per_m"]).median()),
        "median_3to1": float(by_blend["3:1"].median()),
        "median_1to1": float(by_blend["1:1"].median()),
        "max_blend_shift_pct": float(((by_blend["1:1"] / by_blend["3:1"] - 1).abs() * 100).max()),
    }


# Published annual rates the chapter compares with: (who, estimate id, what is held fixed, months it is stated over).
PUBLISHED_RATES = [
    ("a16z (Nov 2024)", "a16z_llmflation_annual_factor", "headline, MMLU thresholds, 1:1 blend", 12),
    ("a16z (Nov 2024)", "a16z_llmflation_mmlu83_factor_since_gpt4", "MMLU ≥ 83, Mar 2023 → Nov 2024", 20),
    ("AI Index 2025", "ai_index_2025_gpt35_level_decline_factor", "GPT-3.5 level (MMLU 64.8), Nov 2022 → Oct 2024", 23),
    ("Epoch AI (Mar 2025)", "epoch_inference_price_decline_low", "slowest benchmark and threshold", 12),
    ("Epoch AI (Mar 2025)", "epoch_inference_price_gpqa_gpt4_level", "GPT-4 level on GPQA Diamond", 12),
    ("Epoch AI (Mar 2025)", "epoch_inference_price_decline_high", "fastest benchmark and threshold", 12),
]


def published_rates(estimates: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Published rates of decline, annualised, with their sources."""
    by_id = estimates.set_index("estimate_id")
    missing = [e for _, e, _, _ in PUBLISHED_RATES if e not in by_id.index]
    if missing:
        raise KeyError(f"estimates.csv lacks the published rates {missing}")
    rows = [
        {
            "Who": who,
            "estimate_id": e,
            "What is held fixed": what,
            "÷ per year": units.annual_factor(float(by_id.loc[e, "value"]), months=months),
            "source_id": by_id.loc[e, "source_id"],
        }
        for who, e, what, months in PUBLISHED_RATES
    ]
    table = pd.DataFrame(rows).merge(sources[["source_id", "url"]], on="source_id", how="left")
    return table.rename(columns={"url": "Source"})
