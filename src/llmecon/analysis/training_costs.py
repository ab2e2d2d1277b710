"""Training costs: from GPU counts and days to dollars and FLOP, and how run costs moved.

The articles reason from a cluster (GPUs x days) to a cost (x $/GPU-hour) and
talk about compute (FLOP) in the same breath. The two meet through the GPU's
peak throughput and the share of it a run achieves (model FLOP utilisation,
MFU). The functions here do that arithmetic in both directions, fit the
growth of final-run costs across Epoch AI's estimates, follow the cheapest
run that reached a fixed capability, compare GPUs per useful FLOP and per
dollar, and vary a scenario one assumption at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts, costs, rules, units
from llmecon.core.claims import MISSING_NUMBER_TEXT
from llmecon.core.costs import gpu_hours_for
from llmecon.core.frontier import model_scores
from llmecon.core.rules import APPROXIMATE, EXACT, RANGE
from llmecon.core.trends import TrendFit, fit_exponential_trend

TERA = 1e12
# Rows of the estimates table that hold each GPU's specifications (Epoch AI's hardware database).
GPU_SPEC_ESTIMATES = {
    "A100": ("gpu_a100_sxm4_80gb_bf16_dense_tflops", "gpu_a100_sxm4_80gb_memory_bandwidth"),
    "H100": ("gpu_h100_sxm5_bf16_dense_tflops", "gpu_h100_sxm5_memory_bandwidth"),
    "H200": ("gpu_h200_sxm_bf16_dense_tflops", "gpu_h200_sxm_memory_bandwidth"),
    "B200": ("gpu_b200_bf16_dense_tflops", "gpu_b200_memory_bandwidth"),
}
# Epoch AI's names for the accelerators of the runs whose MFU the chapter compares.
HARDWARE_FAMILY = {
    "NVIDIA A100": "A100",
    "NVIDIA A100 SXM4 40 GB": "A100",
    "NVIDIA A100 SXM4 80 GB": "A100",
    "NVIDIA H100 SXM5 80GB": "H100",
    "NVIDIA H800 SXM5": "H800",
}
METHOD_LABELS = {
    "amortized_hardware_energy": "Amortized hardware + energy",
    "cloud_rental": "Cloud rental price",
    "hardware_acquisition": "Cluster purchase price",
}


# -- first principles ---------------------------------------------------------


def final_run_share(experiment_multiplier: float) -> float:
    """Share of development compute in the final run, when total = final x multiplier."""
    return 1.0 / experiment_multiplier


# -- GPUs ---------------------------------------------------------------------


def gpu_specs(estimates: pd.DataFrame) -> pd.DataFrame:
    """Peak dense BF16 FLOP/s and memory bandwidth per GPU, from the estimates table."""
    by_id = estimates.set_index("estimate_id")
    rows = []
    for gpu, (flops_id, bandwidth_id) in GPU_SPEC_ESTIMATES.items():
        rows.append(
            {
                "gpu": gpu,
                "peak_tflops": float(by_id.loc[flops_id, "value"]),
                "bandwidth_tbs": float(by_id.loc[bandwidth_id, "value"]),
                "released": by_id.loc[flops_id, "as_of"],
                "source_id": by_id.loc[flops_id, "source_id"],
            }
        )
    return pd.DataFrame(rows)


def rental_in_window(rental: pd.DataFrame, gpu: str, start, end) -> pd.DataFrame:
    """Price observations of one GPU between two dates, summarised per pricing type."""
    rows = rental[(rental["gpu"] == gpu) & rental["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    summary = rows.groupby("pricing")["usd_per_gpu_hour"].agg(["count", "min", "median", "max"]).reset_index()
    order = {"3-year commitment": 0, "1-year commitment": 1, "on-demand": 2}
    return summary.sort_values("pricing", key=lambda s: s.map(order)).reset_index(drop=True)


def index_series(rental: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """One monthly price per GPU from an index source, wide (date x GPU)."""
    rows = rental[rental["source_id"] == source_id]
    return rows.pivot_table(index="date", columns="gpu", values="usd_per_gpu_hour").sort_index()


def gpu_table(specs: pd.DataFrame, purchase: pd.DataFrame, index: pd.DataFrame, as_of) -> pd.DataFrame:
    """Specs, the latest purchase price range and the first and latest index rental price per GPU."""
    rows = []
    for _, spec in specs.iterrows():
        bought = purchase[(purchase["gpu"] == spec["gpu"]) & (purchase["date"] <= pd.Timestamp(as_of))]
        latest = bought.sort_values("date").tail(1)
        rented = (
            index[spec["gpu"]].dropna() if spec["gpu"] in index else pd.Series(dtype=float, index=pd.DatetimeIndex([]))
        )
        rented = rented[rented.index <= pd.Timestamp(as_of)]
        rows.append(
            {
                **spec.to_dict(),
                "purchase_date": latest["date"].iloc[0] if len(latest) else pd.NaT,
                "purchase_low": latest["usd_low"].iloc[0] if len(latest) else np.nan,
                "purchase_high": latest["usd_high"].iloc[0] if len(latest) else np.nan,
                "rental_first_date": rented.index[0] if len(rented) else pd.NaT,
                "rental_first": rented.iloc[0] if len(rented) else np.nan,
                "rental_latest_date": rented.index[-1] if len(rented) else pd.NaT,
                "rental_latest": rented.iloc[-1] if len(rented) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def median_mfu(runs: pd.DataFrame) -> pd.DataFrame:
    """Median reported MFU of training runs per GPU family, with the runs behind it."""
    known = runs.dropna(subset=["mfu"]).assign(gpu=lambda d: d["hardware"].map(HARDWARE_FAMILY)).dropna(subset=["gpu"])
    return known.groupby("gpu").agg(median_mfu=("mfu", "median"), runs=("model", lambda m: ", ".join(m))).reset_index()


def relative_value(index: pd.DataFrame, specs: pd.DataFrame, new: str, old: str, mfu_ratio: float) -> pd.DataFrame:
    """Per month: price ratio new/old, and how much more useful FLOP a dollar buys on `new`.

    Useful FLOP per dollar = peak x MFU / price; the ratio new/old is
    (peak ratio x MFU ratio) / price ratio.
    """
    peak = specs.set_index("gpu")["peak_tflops"]
    both = index[[new, old]].dropna()
    price_ratio = both[new] / both[old]
    return pd.DataFrame(
        {
            "date": both.index,
            "price_ratio": price_ratio.to_numpy(),
            "flop_per_dollar_ratio": (peak[new] / peak[old] * mfu_ratio / price_ratio).to_numpy(),
        }
    )


# -- costs of runs over time --------------------------------------------------


def superseded_value(dataset, table: str, row_key: str, column: str) -> str:
    """The value a newer export replaced (revisions.csv), for text that compares an estimate with its predecessor."""
    revisions = dataset.revisions
    found = revisions[
        (revisions["table"] == table) & (revisions["row_key"] == row_key) & (revisions["column"] == column)
    ]
    if found.empty:
        raise KeyError(f"revisions.csv has no revision of {table} row {row_key!r}, column {column!r}")
    return found.iloc[-1]["old_value"]


def cost_growth(costs: pd.DataFrame, confidence: float) -> TrendFit:
    return fit_exponential_trend(costs["publication_date"], costs["cost_usd"], confidence)


def growth_interval(fit: TrendFit) -> tuple[float, float]:
    """(low, high) annual growth factor: the inverse of the decline interval."""
    low, high = fit.decline_interval
    return 1 / high, 1 / low


def largest_by_year(costs: pd.DataFrame) -> pd.DataFrame:
    """The most expensive run published in each year."""
    by_year = costs.assign(year=costs["publication_date"].dt.year)
    top = by_year.sort_values("cost_usd").groupby("year").tail(1)
    return top.sort_values("year")[["year", "model", "developer", "publication_date", "cost_usd"]].reset_index(
        drop=True
    )


def reported_costs(dataset, estimate_ids: dict[str, str]) -> pd.DataFrame:
    """Developer-reported run costs (estimates table) for models Epoch AI has not costed, dated at release."""
    estimates = dataset.estimates.set_index("estimate_id")
    models = dataset.models.set_index("model_id")
    cited = estimates.loc[list(estimate_ids.values()), "source_id"]
    publishers = dataset.rows("sources", "source_id", cited).set_index("source_id")["publisher"]
    rows = [
        {
            "model_id": model_id,
            "model": models.loc[model_id, "name"],
            "developer": models.loc[model_id, "developer"],
            "publication_date": models.loc[model_id, "release_date"],
            "cost_usd": float(estimates.loc[estimate_id, "value"]),
            "publisher": publishers[estimates.loc[estimate_id, "source_id"]],
        }
        for model_id, estimate_id in estimate_ids.items()
    ]
    return pd.DataFrame(rows)


def fixed_capability_runs(
    costs: pd.DataFrame,
    benchmarks: pd.DataFrame,
    reference_model_id: str,
    tolerance: float,
    evaluators: list[str],
    reported: pd.DataFrame,
) -> pd.DataFrame:
    """Runs whose model scores at least the reference model's MMLU (minus `tolerance`), with record lows.

    `reported` adds developer-reported costs (model_id, publication_date,
    cost_usd, model, developer) for models Epoch AI has not costed.
    """
    scores = model_scores(benchmarks, "mmlu", evaluators).set_index("model_id")
    # No score of the reference model from these evaluators: no level, so no runs (untestable for the parameters).
    threshold = float(scores["score"].get(reference_model_id, np.nan)) - tolerance
    pool = pd.concat(
        [costs.assign(basis="Epoch AI estimate"), reported.assign(basis="developer-reported")], ignore_index=True
    )
    # A final run trains the base model: where only the base variant is scored (Llama 2-70B), its score counts.
    scored_as = pool["model_id"].where(pool["model_id"].isin(scores.index), pool["model_id"] + "-base")
    pool = pool.assign(scored_as=scored_as)[scored_as.isin(scores.index)]
    pool = pool.assign(
        mmlu=pool["scored_as"].map(scores["score"]), evaluator=pool["scored_as"].map(scores["evaluator"])
    )
    start = pool.loc[pool["model_id"] == reference_model_id, "publication_date"].min()
    eligible = pool[(pool["mmlu"] >= threshold) & (pool["publication_date"] >= start)].sort_values("publication_date")
    eligible = eligible.assign(is_record=eligible["cost_usd"] < eligible["cost_usd"].cummin().shift(fill_value=np.inf))
    return eligible.assign(threshold=threshold).reset_index(drop=True)


def first_and_last(records: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The first and the last row (record lows by date); rows of missing values when the run's parameters leave
    none."""
    if records.empty:
        missing = pd.Series(np.nan, index=records.columns, dtype=object)
        return missing, missing
    return records.iloc[0], records.iloc[-1]


def run_named(row: pd.Series) -> str:
    """'GPT-4 (March 2023)', or the words for a value missing under the run's parameters."""
    return MISSING_NUMBER_TEXT if pd.isna(row["model"]) else f"{row['model']} ({row['publication_date']:%B %Y})"


def fall_between(records: pd.DataFrame) -> tuple[float, float]:
    """(total fall factor, annual fall factor) from the first to the last record low; NaN without two of them."""
    if len(records) < 2:
        return np.nan, np.nan
    first, last = records.iloc[0], records.iloc[-1]
    years = (last["publication_date"] - first["publication_date"]).days / units.DAYS_PER_YEAR
    total = first["cost_usd"] / last["cost_usd"]
    return float(total), float(total ** (1 / years))


# -- scenario and sensitivity ------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    target_flop: float  # compute of the final run
    peak_tflops: float  # the GPU's dense BF16 peak
    utilisation: float  # MFU
    usd_per_gpu_hour: float
    experiment_multiplier: float  # total development compute / final run compute
    days: float  # wall-clock length of the final run


@dataclass(frozen=True)
class ScenarioResult:
    gpu_hours: float
    gpu_count: float
    final_run_usd: float
    development_compute_usd: float


def run_scenario(s: Scenario) -> ScenarioResult:
    hours = gpu_hours_for(s.target_flop, s.peak_tflops * TERA, s.utilisation)
    final = hours * s.usd_per_gpu_hour
    return ScenarioResult(hours, hours / (s.days * units.HOURS_PER_DAY), final, final * s.experiment_multiplier)


def sensitivity(base: Scenario, ranges: dict[str, tuple[float, float]], labels: dict[str, str]) -> pd.DataFrame:
    """Development compute cost when each assumption alone moves to the ends of its range."""
    centre = run_scenario(base).development_compute_usd
    rows = []
    for name, (low, high) in ranges.items():
        at_low = run_scenario(replace(base, **{name: low})).development_compute_usd
        at_high = run_scenario(replace(base, **{name: high})).development_compute_usd
        rows.append(
            {
                "parameter": name,
                "label": labels[name],
                "low_value": low,
                "high_value": high,
                "base_value": getattr(base, name),
                "cost_at_low": at_low,
                "cost_at_high": at_high,
                "swing": abs(at_high - at_low),
                "base_cost": centre,
            }
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


# -- charts -------------------------------------------------------------------


def rental_chart(rental: pd.DataFrame, gpu: str, implied_rate: float, window: tuple, end) -> alt.LayerChart:
    """Dated rental prices of one GPU by pricing type, with the rate a claim implies."""
    rows = rental[(rental["gpu"] == gpu) & (rental["date"] <= pd.Timestamp(end))].copy()
    # One field for the legend and the tooltip: every plotted row repeats it, and the page has a weight budget.
    rows["series"] = np.where(rows["source_id"] == "gix_backfill_ratecards", "index (GIX, monthly)", rows["pricing"])
    x = alt.X("date:T", title="Date the price was observed", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("usd_per_gpu_hour:Q", title=f"{gpu} rental price, USD per GPU-hour", scale=alt.Scale(zero=True))
    order = ["3-year commitment", "1-year commitment", "on-demand", "index (GIX, monthly)"]
    colour = alt.Color("series:N", title="Pricing", sort=order)
    points = (
        alt.Chart(rows)
        .mark_point(filled=True, size=45, opacity=0.75)
        .encode(
            # Colour and shape share one legend (same field, title and order); `legend=None` on the shape would
            # drop the merged legend altogether.
            x=x,
            y=y,
            color=colour,
            shape=alt.Shape("series:N", title="Pricing", sort=order),
            tooltip=[
                alt.Tooltip("date:T", title="Observed"),
                alt.Tooltip("vendor:N", title="Vendor"),
                alt.Tooltip("variant:N", title="GPU variant"),
                alt.Tooltip("series:N", title="Pricing"),
                alt.Tooltip("usd_per_gpu_hour:Q", title="USD per GPU-hour", format=".2f"),
                alt.Tooltip("source_id:N", title="Source"),
            ],
        )
    )
    band = (
        alt.Chart(
            pd.DataFrame(
                {
                    "start": [pd.Timestamp(window[0])],
                    "end": [pd.Timestamp(window[1])],
                    "label": ["GPT-4's training window"],
                }
            )
        )
        .mark_rect(opacity=0.12, color="#777")
        .encode(x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="Shaded")])
    )
    rule = (
        alt.Chart(pd.DataFrame({"rate": [implied_rate], "label": [f"${implied_rate:.2f}: the rate that makes $80M"]}))
        .mark_rule(color="#D55E00", strokeDash=[6, 3], strokeWidth=2)
        .encode(y="rate:Q", tooltip=[alt.Tooltip("label:N", title="Line")])
    )
    text = (
        alt.Chart(
            pd.DataFrame(
                {"rate": [implied_rate], "date": [rows["date"].max()], "label": [f"${implied_rate:.2f}/h makes $80M"]}
            )
        )
        .mark_text(align="right", dy=-7, color="#D55E00", fontSize=11)
        .encode(x="date:T", y="rate:Q", text="label:N")
    )
    return charts.finish(
        alt.layer(band, points, rule, text),
        title=f"What an {gpu}-hour cost, and the rate behind the article's $80M",
        subtitle=[
            "Dots: prices observed on archived price pages (Epoch AI) and the monthly GIX index;",
            "shaded: the year GPT-4 was trained; dashed: the rate at which 22,000 GPUs for 100 days cost $80M",
        ],
        description=(
            f"Scatter chart of {gpu} rental prices in US dollars per GPU-hour over time, coloured by pricing "
            f"(on-demand, one- and three-year commitments, and a monthly index), with a dashed horizontal line "
            f"at {implied_rate:.2f} dollars per hour, the rate implied by the article's 80 million dollars."
        ),
    )


def stacked_share_chart(
    shares: pd.DataFrame, title: str, subtitle: list[str], description: str, component_order: list[str]
) -> alt.Chart:
    """Horizontal 100% bars: one bar per row label, one segment per component (percent)."""
    order = {c: i for i, c in enumerate(component_order)}
    shares = shares.assign(order=shares["component"].map(order))
    return charts.finish(
        alt.Chart(shares)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", title=None, sort=list(dict.fromkeys(shares["bar"]))),
            x=alt.X("percent:Q", title="Share, percent", stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("component:N", title="Component", sort=component_order),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("bar:N", title="Case"),
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("percent:Q", title="Percent", format=".0f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        ),
        title=title,
        subtitle=subtitle,
        description=description,
        height=40 * shares["bar"].nunique() + 60,
    )


def cost_trend_chart(costs: pd.DataFrame, fit: TrendFit, claims_boxes: pd.DataFrame, end) -> alt.LayerChart:
    """Final-run cost estimates over time (log), the fitted trend, and the articles' predictions."""
    rows = costs.assign(method_label=costs["method"].map(METHOD_LABELS))
    fitted = rows[rows["method"] == "amortized_hardware_energy"]
    first = fitted["publication_date"].min()
    line_dates = pd.to_datetime([first, pd.Timestamp(end)])
    line = pd.DataFrame(
        {
            "date": line_dates,
            "cost": fit.predict(line_dates),
            "label": f"fitted: x{1 / fit.annual_decline_factor:.1f} a year",
        }
    )
    x = alt.X("publication_date:T", title="Model published", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("cost_usd:Q", scale=alt.Scale(type="log"), title="Cost of the final training run, USD (log scale)")
    points = (
        alt.Chart(rows)
        .mark_point(filled=True, size=50, opacity=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color("method_label:N", title="Costing method"),
            shape=alt.Shape("method_label:N", title="Costing method"),
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("developer:N", title="Developer"),
                alt.Tooltip("publication_date:T", title="Published"),
                alt.Tooltip("method_label:N", title="Method"),
                alt.Tooltip("cost_usd:Q", title="USD", format="$,.3s"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    trend = (
        alt.Chart(line)
        .mark_line(color="#333", strokeDash=[6, 3])
        .encode(
            x="date:T", y=alt.Y("cost:Q", scale=alt.Scale(type="log")), tooltip=[alt.Tooltip("label:N", title="Trend")]
        )
    )
    boxes = (
        alt.Chart(claims_boxes)
        .mark_rect(opacity=0.18, color="#D55E00")
        .encode(
            x="start:T",
            x2="end:T",
            y=alt.Y("low:Q", scale=alt.Scale(type="log")),
            y2="high:Q",
            tooltip=[alt.Tooltip("label:N", title="Article 001 predicted")],
        )
    )
    labels = (
        alt.Chart(claims_boxes)
        .mark_text(align="left", dx=3, dy=-6, fontSize=11, color="#D55E00")
        .encode(x="start:T", y=alt.Y("high:Q", scale=alt.Scale(type="log")), text="short:N")
    )
    return charts.finish(
        alt.layer(boxes, points, trend, labels),
        title="The frontier run got dearer: final-run costs of notable models",
        subtitle=[
            "Epoch AI's estimates by three methods; dashed: log-linear fit to the amortized estimates;",
            "shaded boxes: article 001's predictions for the next models and for 2025",
        ],
        description=(
            "Log-scale scatter chart of estimated final training-run costs in US dollars against publication "
            "date, by costing method, with a fitted growth line and shaded boxes for the article's predicted "
            "cost ranges."
        ),
    )


def fixed_capability_chart(runs: pd.DataFrame, claim_factor: float, reference_name: str) -> alt.LayerChart:
    """Runs at or above a reference capability, their record lows, and the claimed rate from the first."""
    x = alt.X("publication_date:T", title="Model published", axis=alt.Axis(format="%Y-%m"))
    y = alt.Y("cost_usd:Q", scale=alt.Scale(type="log"), title="Cost of the final training run, USD (log scale)")
    tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("publication_date:T", title="Published"),
        alt.Tooltip("cost_usd:Q", title="USD", format="$,.3s"),
        alt.Tooltip("basis:N", title="Cost basis"),
        alt.Tooltip("mmlu:Q", title="MMLU"),
        alt.Tooltip("evaluator:N", title="MMLU evaluator"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    points = (
        alt.Chart(runs)
        .mark_point(filled=True, size=70)
        .encode(x=x, y=y, color=alt.Color("basis:N", title="Cost basis"), tooltip=tooltip)
    )
    records = runs[runs["is_record"]]
    steps = alt.Chart(records).mark_line(interpolate="step-after", color="#555").encode(x=x, y=y)
    if records.empty:
        return charts.no_data(f"The cost of reaching {reference_name}'s capability")
    names = alt.Chart(runs).mark_text(align="left", dx=6, fontSize=10).encode(x=x, y=y, text="model:N")
    first = records.iloc[0]
    claim = pd.DataFrame({"date": pd.to_datetime([first["publication_date"], records["publication_date"].max()])})
    years = (claim["date"] - claim["date"].iloc[0]).dt.days / units.DAYS_PER_YEAR
    claim["value"] = first["cost_usd"] / claim_factor**years
    claim["label"] = f"÷4 every 18 months (÷{claim_factor:.2f} a year) from {reference_name}"
    claim_line = (
        alt.Chart(claim)
        .mark_line(color="#D55E00", strokeDash=[4, 3])
        .encode(
            x="date:T", y=alt.Y("value:Q", scale=alt.Scale(type="log")), tooltip=[alt.Tooltip("label:N", title="Claim")]
        )
    )
    return charts.finish(
        alt.layer(points, steps, names, claim_line),
        title=f"The cost of reaching {reference_name}'s capability fell",
        subtitle=[
            f"Final runs of models scoring at least {reference_name}'s MMLU (within the tolerance set above);",
            "grey step: cheapest so far; dashed: article 001's ÷4 every 18 months",
        ],
        description=(
            f"Log-scale scatter chart of final training-run costs of models at or above {reference_name}'s MMLU "
            "score over time, with the running minimum as a step line and the article's claimed rate as a "
            "dashed line."
        ),
    )


def relative_value_chart(
    ratios: pd.DataFrame, peak_ratio: float, bandwidth_ratio: float, useful_ratio: float, claim: tuple[float, float]
) -> alt.LayerChart:
    """H100 over A100: fixed spec ratios and, month by month, price and useful FLOP per dollar."""
    long = pd.concat(
        [
            ratios[["date", "price_ratio"]]
            .rename(columns={"price_ratio": "ratio"})
            .assign(series="rental price, H100 ÷ A100"),
            ratios[["date", "flop_per_dollar_ratio"]]
            .rename(columns={"flop_per_dollar_ratio": "ratio"})
            .assign(series="useful FLOP per rental dollar, H100 ÷ A100"),
        ]
    )
    start = ratios["date"].min()
    fixed = pd.DataFrame(
        {
            "series": ["peak BF16 FLOP/s", "memory bandwidth", "useful FLOP/s (peak x measured MFU)"],
            "ratio": [peak_ratio, bandwidth_ratio, useful_ratio],
        }
    )
    x = alt.X("date:T", title="Month (GIX rental index)", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("ratio:Q", title="H100 ÷ A100 (times)", scale=alt.Scale(zero=True))
    band = (
        alt.Chart(pd.DataFrame({"low": [claim[0]], "high": [claim[1]], "label": ["article 001: 1.5-2x"]}))
        .mark_rect(opacity=0.15, color="#D55E00")
        .encode(y="low:Q", y2="high:Q", tooltip=[alt.Tooltip("label:N", title="Claim")])
    )
    lines = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", title="Ratio", legend=alt.Legend(columns=1, labelLimit=500)),
            tooltip=[
                alt.Tooltip("series:N", title="Ratio"),
                alt.Tooltip("date:T", title="Month", format="%Y-%m"),
                alt.Tooltip("ratio:Q", title="Times", format=".2f"),
            ],
        )
    )
    rules = (
        alt.Chart(fixed)
        .mark_rule(strokeDash=[5, 3], color="#555")
        .encode(
            y="ratio:Q",
            tooltip=[alt.Tooltip("series:N", title="Fixed ratio"), alt.Tooltip("ratio:Q", title="Times", format=".2f")],
        )
    )
    texts = (
        alt.Chart(fixed.assign(date=start))
        .mark_text(align="left", dy=-6, fontSize=11, color="#444")
        .encode(x="date:T", y="ratio:Q", text="series:N")
    )
    return charts.finish(
        alt.layer(band, rules, texts, lines),
        title="How much better is an H100 than an A100?",
        subtitle=[
            "Dashed: ratios fixed by the chips (peak, bandwidth) and by measured utilisation;",
            "lines: monthly rental-price ratio and useful FLOP per dollar; shaded: the article's 1.5-2x",
        ],
        description=(
            "Line chart of the monthly ratio of H100 to A100 rental prices and of useful FLOP per rental dollar, "
            "with dashed horizontal lines for the peak-FLOP, bandwidth and useful-FLOP ratios and a shaded band "
            "for the claimed 1.5 to 2 times."
        ),
    )


def sensitivity_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Tornado: development compute cost at the low and high end of each assumption."""
    rows = table.assign(
        left=table[["cost_at_low", "cost_at_high"]].min(axis=1) / 1e6,
        right=table[["cost_at_low", "cost_at_high"]].max(axis=1) / 1e6,
        range_text=[
            f"{lo:g} to {hi:g} (base {b:g})"
            for lo, hi, b in zip(table["low_value"], table["high_value"], table["base_value"])
        ],
    )
    y = alt.Y("label:N", title=None, sort=list(rows["label"]))
    tooltip = [
        alt.Tooltip("label:N", title="Assumption"),
        alt.Tooltip("range_text:N", title="Varied over"),
        alt.Tooltip("left:Q", title="Lowest cost, USD million", format=",.0f"),
        alt.Tooltip("right:Q", title="Highest cost, USD million", format=",.0f"),
    ]
    bars = (
        alt.Chart(rows)
        .mark_bar(height=18, color="#0072B2")
        .encode(x=alt.X("left:Q", title="Development compute cost, USD million"), x2="right:Q", y=y, tooltip=tooltip)
    )
    base = (
        alt.Chart(pd.DataFrame({"base": [table["base_cost"].iloc[0] / 1e6]}))
        .mark_rule(color="#333")
        .encode(x="base:Q", tooltip=[alt.Tooltip("base:Q", title="Base case, USD million", format=",.0f")])
    )
    return charts.finish(
        alt.layer(bars, base),
        title="Which assumption moves the bill most?",
        subtitle=[
            "Each bar: the scenario's development compute cost as one assumption moves across its range,",
            "all others held at the base case (vertical line)",
        ],
        description="Tornado chart: for each scenario assumption, a horizontal bar from the lowest to the highest "
        "development compute cost in million US dollars as that assumption alone varies.",
        height=44 * len(rows) + 40,
    )


def compute_split(article_multiplier: float, multiplier: pd.Series) -> pd.DataFrame:
    """Shares of development compute in the final run and in experiments: the article's split and Epoch AI's
    low, median and high multipliers (total development compute / final-run compute), for a stacked bar chart."""
    bars = [
        ("Article 001 (3/4 : 1/4)", article_multiplier, "article 001"),
        (f"Epoch AI low ({multiplier['low']:g}x)", multiplier["low"], "Epoch AI"),
        (f"Epoch AI median ({multiplier['value']:g}x)", multiplier["value"], "Epoch AI"),
        (f"Epoch AI high ({multiplier['high']:g}x)", multiplier["high"], "Epoch AI"),
    ]
    return pd.DataFrame(
        [
            (label, part, pct, source)
            for label, m, source in bars
            for part, pct in [("final run", 100 / m), ("experiments", 100 - 100 / m)]
        ],
        columns=["bar", "component", "percent", "source"],
    )


def development_split(shares: dict) -> pd.DataFrame:
    """Development cost by component at the two ends of Epoch AI's hardware share (staff takes the rest,
    energy at its middle), for a stacked bar chart. `shares` maps hardware, staff, energy to value/low/high rows."""
    ends = [("Hardware at its low end", "low", "high"), ("Hardware at its high end", "high", "low")]
    return pd.DataFrame(
        [
            (label, name, float(value), "Epoch AI (Cottier et al.)")
            for label, hardware_end, staff_end in ends
            for name, value in [
                ("hardware (chips, servers, network)", shares["hardware"][hardware_end]),
                ("R&D staff", shares["staff"][staff_end]),
                ("energy", shares["energy"]["value"]),
            ]
        ],
        columns=["bar", "component", "percent", "source"],
    )


def development_cost(final_run_usd: float, multiplier: float, hardware_pct: float, energy_pct: float) -> float:
    """A model's whole development cost on Epoch AI's method: the final run times the experiment multiplier,
    divided by the share of hardware and energy in development cost."""
    return final_run_usd * multiplier / ((hardware_pct + energy_pct) / 100)


# -- the chapter's argument, section by section ---------------------------------
# Each method returns the figures its prose cites (glued by name) and, where it judges, the verdicts it reaches
# (claim id -> the arguments of the chapter's `verdict` call).

COST_SAYS = ("it cost more than claimed", "it cost less than claimed")


def verdict(judgement: rules.Judgement, evidence=(), note: str = "", measured: str = "", says=None) -> dict:
    """What a chapter records for a claim (the arguments of its `verdict` call after the claim id)."""
    return {
        "judgement": judgement,
        "evidence": sorted(set(e for e in evidence if isinstance(e, str))),
        "note": note,
        "measured": measured,
        "says": says,
    }


class Evidence:
    """The tables chapter 2 reads, up to the analysis date, and the article's GPT-4 run rebuilt from them."""

    def __init__(self, dataset, as_of, gpt4_training_window):
        self.dataset, self.as_of = dataset, pd.Timestamp(as_of)
        self.runs = dataset.training_runs[dataset.training_runs["publication_date"] <= self.as_of].set_index("model")
        self.rental = dataset.gpu_rental[dataset.gpu_rental["date"] <= self.as_of]
        self.estimates = dataset.estimates.set_index("estimate_id")
        self.claims = dataset.claims.set_index("claim_id")
        self.specs = gpu_specs(dataset.estimates).set_index("gpu")
        self.peak = self.specs["peak_tflops"] * TERA
        self.mfu = median_mfu(self.runs.reset_index()).set_index("gpu")
        self.costs = pd.concat([costs.run_costs(dataset, m, self.as_of) for m in METHOD_LABELS], ignore_index=True)
        self.cost_by = self.costs.set_index(["model", "method"])["cost_usd"]
        # The article's GPT-4 run: 22,000 A100 for 100 days at close to $80M.
        self.gpt4_gpus, self.gpt4_days = (
            self.claimed("a001-gpt4-final-run-a100-count"),
            self.claimed("a001-gpt4-final-run-100-days"),
        )
        self.gpt4_cost = self.claimed("a001-gpt4-final-run-cost-80m") * 1e6
        self.implied_rate = costs.implied_hourly_rate(self.gpt4_cost, self.gpt4_gpus, self.gpt4_days)
        self.gpt4 = self.runs.loc["GPT-4"]
        self.gpt4_mfu = costs.implied_utilisation(
            float(self.gpt4["compute_flop"]), self.gpt4_gpus, self.gpt4_days, self.peak["A100"]
        )
        self.window_bounds = gpt4_training_window
        self.window = rental_in_window(self.rental, "A100", *gpt4_training_window)
        self.multiplier = self.estimates.loc["epoch_experiment_compute_multiplier"]

    def __call__(self, estimate_id: str, column: str = "value") -> float:
        return float(self.estimates.loc[estimate_id, column])

    def claimed(self, claim_id: str, column: str = "value_low") -> float:
        return float(self.claims.loc[claim_id, column])

    def sources(self, *estimate_ids: str) -> list[str]:
        return sorted(set(self.estimates.loc[list(estimate_ids), "source_id"]))

    def cost(self, model: str, method: str) -> float:
        return float(self.cost_by.get((model, method), np.nan))

    def cost_sources(self, *models: str) -> list[str]:
        return sorted(
            set(self.dataset.training_costs.loc[self.dataset.training_costs["model"].isin(models), "source_id"])
        )

    # GPUs and days to dollars and FLOP
    def gpt4_run(self) -> tuple[dict, dict, dict]:
        """The article's GPT-4 run in GPU-hours, the rate its $80M implies, A100 prices of the training window, the
        compute it delivers at the implied utilisation; verdicts on its three figures."""
        # A window without rental prices for a kind of pricing leaves its row missing (NaN): untestable there.
        prices = self.window.set_index("pricing").reindex(["on-demand", "1-year commitment", "3-year commitment"])
        ondemand, three_year = prices.loc["on-demand", "median"], prices.loc["3-year commitment", "median"]
        hours = self("epoch_gpt4_training_chip_hours")
        facts = {
            "gpt4_gpu_hours_m": costs.gpu_hours(self.gpt4_gpus, self.gpt4_days) / 1e6,
            "implied_rate": self.implied_rate,
            "epoch_gpt4_count": self.gpt4["hardware_count"],
            "epoch_gpt4_days": self.gpt4["training_hours"] / units.HOURS_PER_DAY,
            "epoch_gpt4_chip_hours_m": hours / 1e6,
            "epoch_hours_at_implied_rate_m": hours * self.implied_rate / 1e6,
            "a100_ondemand_median": ondemand,
            "a100_ondemand_min": prices.loc["on-demand", "min"],
            "a100_ondemand_max": prices.loc["on-demand", "max"],
            "a100_3yr_median": three_year,
            "a100_1yr_median": prices.loc["1-year commitment", "median"],
            "cost_at_ondemand_m": costs.rental_cost(self.gpt4_gpus, self.gpt4_days, ondemand) / 1e6,
            "cost_at_3yr_m": costs.rental_cost(self.gpt4_gpus, self.gpt4_days, three_year) / 1e6,
            "a100_peak_tflops": self.specs.loc["A100", "peak_tflops"],
            "gpt4_flop_e25": self.gpt4["compute_flop"] / 1e25,
            "full_use_flop_e25": costs.training_flop(self.gpt4_gpus, self.gpt4_days, self.peak["A100"], 1.0) / 1e25,
            "gpt4_implied_mfu_pct": 100 * self.gpt4_mfu,
            "epoch_gpt4_mfu_pct": 100 * self.gpt4["mfu"],
            "a100_median_mfu_pct": 100 * self.mfu.loc["A100", "median_mfu"],
        }
        counted = (
            self("semianalysis_gpt4_a100_count"),
            self("semianalysis_gpt4_a100_count_2024"),
            float(self.gpt4["hardware_count"]),
        )
        days = self.estimates.loc["semianalysis_gpt4_training_days"]
        run_costs = {
            e: self(e) / 1e6
            for e in [
                "epoch_model_costs_gpt4_cloud",
                "ai_index_2024_gpt4_training_cost",
                "semianalysis_gpt4_training_cost",
                "epoch_model_costs_gpt4_amortized",
            ]
        }
        cloud, owned = run_costs["epoch_model_costs_gpt4_cloud"], run_costs["epoch_model_costs_gpt4_amortized"]
        cost = rules.weigh(
            rules.interval_contains(
                min(run_costs.values()),
                max(run_costs.values()),
                self.gpt4_cost / 1e6,
                "million USD",
                tolerance=APPROXIMATE,
                central=cloud,
            ),
            "the published estimates of the final run",
            {
                "on owned hardware only (Epoch AI)": rules.within_factor(
                    owned, self.gpt4_cost / 1e6, "million USD", tolerance=APPROXIMATE
                )
            },
        )
        texts = {
            "window_start": f"{pd.Timestamp(self.window_bounds[0]):%B %Y}",
            "window_end": f"{pd.Timestamp(self.window_bounds[1]):%B %Y}",
            "a100_mfu_runs": self.mfu.loc["A100", "runs"],
        }
        return (
            facts,
            texts,
            {
                "a001-gpt4-final-run-a100-count": verdict(
                    rules.weigh(
                        rules.interval_contains(min(counted), max(counted), self.gpt4_gpus, "A100", tolerance=EXACT),
                        "the published reconstructions (SemiAnalysis 2023 and 2024, Epoch AI)",
                        {
                            "Epoch AI's reconstruction only": rules.within_factor(
                                counted[-1], self.gpt4_gpus, "A100", tolerance=EXACT
                            )
                        },
                    ),
                    [
                        self.gpt4["source_id"],
                        *self.sources("semianalysis_gpt4_a100_count", "semianalysis_gpt4_a100_count_2024"),
                    ],
                    says=("more GPUs than claimed", "fewer GPUs than claimed"),
                    note=f"The reconstructions are estimates (OpenAI has not disclosed the count); 22,000 A100 x 100 days reproduce "
                    f"GPT-4's estimated compute at {rules.fmt(100 * self.gpt4_mfu)}% MFU, a typical utilisation",
                ),
                "a001-gpt4-final-run-100-days": verdict(
                    rules.interval_contains(
                        min(days["low"], facts["epoch_gpt4_days"]),
                        max(days["high"], facts["epoch_gpt4_days"]),
                        self.gpt4_days,
                        "days",
                        tolerance=EXACT,
                        central=facts["epoch_gpt4_days"],
                    ),
                    [self.gpt4["source_id"], *self.sources("semianalysis_gpt4_training_days")],
                    says=("the run took longer than claimed", "the run was shorter than claimed"),
                ),
                "a001-gpt4-final-run-cost-80m": verdict(
                    cost,
                    self.sources(*run_costs),
                    says=COST_SAYS,
                    note=f"Epoch AI at cloud prices, the AI Index, SemiAnalysis, and Epoch AI's amortized cost of owned hardware "
                    f"(the lowest). $80M implies ${rules.fmt(self.implied_rate)} per A100-hour, a long-commitment price in 2022",
                ),
            },
        )

    def window_table(self):
        return (
            self.window.rename(
                columns={
                    "pricing": "A100 pricing",
                    "count": "Observations",
                    "min": "Lowest (USD/h)",
                    "median": "Median (USD/h)",
                    "max": "Highest (USD/h)",
                }
            )
            .style.format({c: "{:.2f}" for c in ["Lowest (USD/h)", "Median (USD/h)", "Highest (USD/h)"]})
            .hide(axis="index")
        )

    # Experiments and the final run
    def experiments(self) -> tuple[dict, dict, dict]:
        """Epoch AI's experiment multiplier against the article's 3/4 : 1/4 split, the length of recent final runs,
        the development split by cost component, and GPT-4's whole development cost against Altman's "$100M"."""
        m = self.multiplier
        recent = self.runs[(self.runs["publication_date"] >= "2023-01-01") & self.runs["training_hours"].notna()]
        months = recent["training_hours"] / units.HOURS_PER_DAY / (units.DAYS_PER_YEAR / 12)
        shares = {k: self.estimates.loc[f"epoch_dev_cost_share_{k}"] for k in ["hardware", "staff", "energy"]}
        owned, cloud = self("epoch_model_costs_gpt4_amortized"), self("epoch_model_costs_gpt4_cloud")
        energy = shares["energy"]["value"]
        dev = {
            "central": development_cost(owned, m["value"], shares["hardware"]["value"], energy),
            "low": development_cost(owned, m["low"], shares["hardware"]["high"], energy),
            "high": development_cost(owned, m["high"], shares["hardware"]["low"], energy),
        }
        facts = {
            "epoch_mult_low": m["low"],
            "epoch_mult_median": m["value"],
            "epoch_mult_high": m["high"],
            "final_share_median_pct": 100 / m["value"],
            "final_share_low_pct": 100 / m["high"],
            "final_share_high_pct": 100 / m["low"],
            "median_run_months": months.median(),
            "n_recent_runs": len(recent),
            "min_run_months": months.min(),
            "max_run_months": months.max(),
            "gpt4_amortized_m": owned / 1e6,
            "gpt4_cloud_m": cloud / 1e6,
            "gpt4_dev_central_m": dev["central"] / 1e6,
            "gpt4_dev_low_m": dev["low"] / 1e6,
            "gpt4_dev_high_m": dev["high"] / 1e6,
        }
        facts |= {f"{k}_{end}": shares[k][end] for k in shares for end in ("low", "high")}
        self.compute_split = compute_split(100 / (100 - self.claimed("a001-experiments-three-quarters-of-cost")), m)
        self.development_split, self.energy_share = development_split(shares), shares["energy"]
        self.recent_runs = recent
        claimed = self.claimed("a001-experiments-three-quarters-of-cost")
        experiment_pct = lambda multiplier: 100 * (1 - 1 / multiplier)  # noqa: E731
        share = rules.weigh(
            rules.interval_contains(
                experiment_pct(m["low"]),
                experiment_pct(m["high"]),
                claimed,
                "% of development compute",
                tolerance=APPROXIMATE,
                central=experiment_pct(m["value"]),
            ),
            "anywhere in Epoch AI's 90% interval",
            {
                "Epoch AI's median multiplier": rules.within_factor(
                    experiment_pct(m["value"]), claimed, "% of development compute", tolerance=APPROXIMATE
                )
            },
        )
        altman = rules.weigh(
            rules.at_least(dev["central"] / 1e6, 100, "million USD", tolerance=EXACT),
            "GPT-4's whole development",
            {"the final run alone, at cloud prices": rules.at_least(cloud / 1e6, 100, "million USD", tolerance=EXACT)},
        )
        return (
            facts,
            {},
            {
                "a001-experiments-three-quarters-of-cost": verdict(
                    share,
                    self.sources("epoch_experiment_compute_multiplier"),
                    says=(
                        "experiments took a larger share than claimed",
                        "experiments took a smaller share than claimed",
                    ),
                    note="The article's split (and the final run's 1/4 with it) sits at the upper end of Epoch AI's interval, and is "
                    "derived from time (9 of 12 months), a cost split only if experiments use the whole cluster",
                ),
                "a001-final-run-2-3-months": verdict(
                    rules.in_range(float(months.median()), 2, 3, "months", tolerance=RANGE),
                    recent["source_id"],
                    measured=f"median {rules.fmt(float(months.median()))} months across {len(recent)} notable runs since 2023",
                    says=("runs took longer than claimed", "runs were shorter than claimed"),
                    note=f"Runs ranged from {rules.fmt(float(months.min()))} to {rules.fmt(float(months.max()))} months; "
                    f"GPT-4's took {rules.fmt(self.gpt4['training_hours'] / units.HOURS_PER_DAY / (units.DAYS_PER_YEAR / 12))}",
                ),
                "a000-gpt4-training-over-100m": verdict(
                    altman,
                    self.sources(
                        "epoch_model_costs_gpt4_amortized",
                        "epoch_model_costs_gpt4_cloud",
                        "epoch_experiment_compute_multiplier",
                        "epoch_dev_cost_share_hardware",
                    ),
                    measured=f"about ${rules.fmt(dev['central'] / 1e6)}M for the whole development (range "
                    f"${rules.fmt(dev['low'] / 1e6)}M to ${rules.fmt(dev['high'] / 1e6)}M)",
                    says=COST_SAYS,
                    note=f"Epoch AI's central assumptions for experiments and staff; the final run alone cost ${rules.fmt(owned / 1e6)}M "
                    f"(owned hardware) to ${rules.fmt(cloud / 1e6)}M (cloud). We hold no primary record of Altman's remark, "
                    "only the article's citation",
                ),
            },
        )

    # Two trends: the frontier run and a fixed capability
    def frontier(self, cost_method: str, trend_since, confidence: float) -> tuple[dict, dict, dict]:
        """The growth of final-run costs since `trend_since`, the costliest runs of 2023-2025, and the article's
        forecasts for the next generations (cost and compute); returns figures, text figures and verdicts."""
        since = self.costs[self.costs["publication_date"] >= pd.Timestamp(trend_since)]
        self.all_costs, self.trend_costs = since, since[since["method"] == cost_method]
        fit = self.growth_fit = cost_growth(self.trend_costs, confidence)
        growth, (growth_low, growth_high) = 1 / fit.annual_decline_factor, growth_interval(fit)
        epoch = self.estimates.loc["epoch_training_cost_growth_annual"]
        owned_gpt4, cloud_gpt4 = self("epoch_model_costs_gpt4_amortized"), self("epoch_model_costs_gpt4_cloud")
        cloud_ratio = cloud_gpt4 / owned_gpt4
        grok = {m: self.cost("Grok 3", m) for m in METHOD_LABELS}
        opus, gpt45 = (
            self.cost("Claude 3 Opus", "amortized_hardware_energy"),
            self.cost("GPT-4.5", "amortized_hardware_energy"),
        )
        flop = self.runs["compute_flop"] / float(self.gpt4["compute_flop"])
        # A run published after the analysis date is missing (NaN): its verdicts are untestable for that date.
        next_gen = {
            "GPT-4.5": flop.get("GPT-4.5", np.nan),
            "Grok-3": flop.get("Grok 3", np.nan),
            "Gemini 1.0 Ultra": flop.get("Gemini 1.0 Ultra", np.nan),
            "Llama 4 Behemoth (preview)": flop.get("Llama 4 Behemoth (preview)", np.nan),
        }
        of_2024 = flop[self.runs["publication_date"].dt.year == 2024]
        self.growth, self.growth_bounds, self.epoch_growth = growth, (growth_low, growth_high), epoch
        facts = {
            "growth": growth,
            "growth_low": growth_low,
            "growth_high": growth_high,
            "growth_n": fit.n,
            "epoch_growth": epoch["value"],
            "epoch_growth_low": epoch["low"],
            "epoch_growth_high": epoch["high"],
            "confidence_pct": 100 * confidence,
            "grok_cloud_b": grok["cloud_rental"] / 1e9,
            "grok_cloud_older_b": float(
                superseded_value(self.dataset, "training_costs", "Grok-3|cloud_rental", "cost_usd")
            )
            / 1e9,
            "grok_gpus_older": float(superseded_value(self.dataset, "training_runs", "Grok-3", "hardware_count")),
            # Epoch AI's amortized estimate was modelled on the superseded run (revisions.csv keeps it); the newer
            # run has none, so it is quoted only as the older model's figure, never beside the newer costs.
            "grok_amortized_older_m": float(
                superseded_value(self.dataset, "training_costs", "Grok 3|amortized_hardware_energy", "cost_usd")
            )
            / 1e6,
            "grok_acquisition_b": grok["hardware_acquisition"] / 1e9,
            "gpt45_amortized_m": gpt45 / 1e6,
            "opus_amortized_m": opus / 1e6,
            "gpt45_cloud_equivalent_m": gpt45 * cloud_ratio / 1e6,
            "cloud_to_amortized_gpt4": cloud_ratio,
            "predicted_2025_m": float(fit.predict(pd.to_datetime(["2025-07-01"]))[0]) / 1e6,
            "ratio_gpt45": next_gen["GPT-4.5"],
            "ratio_grok3": next_gen["Grok-3"],
            "ratio_gemini": next_gen["Gemini 1.0 Ultra"],
            "ratio_llama": next_gen["Llama 4 Behemoth (preview)"],
            "ratio_2024_max": of_2024.max(),
            "gpt35_step": flop["GPT-3.5"] / flop["GPT-3 175B (davinci)"],
            "gpt4_step": 1 / flop["GPT-3.5"],
        }
        texts = {
            "cost_method_label": METHOD_LABELS[cost_method].lower(),
            "trend_since_year": f"{pd.Timestamp(trend_since):%Y}",
            "model_2024_max": of_2024.idxmax(),
        }
        billion, million = "billion USD", "million USD"
        grok_sources = self.cost_sources("Grok 3", "Grok-3")
        next_cost = rules.in_range_each(
            {"Claude 3 Opus": opus * cloud_ratio / 1e6, "GPT-4.5": gpt45 * cloud_ratio / 1e6},
            *(self.claimed("a001-next-models-200-300m", c) for c in ("value_low", "value_high")),
            million,
            tolerance=RANGE,
        )
        in_2025 = rules.weigh(
            rules.in_range(grok["cloud_rental"] / 1e9, 1, 3, billion, tolerance=RANGE),
            "the final run at cloud prices",
            {
                "with experiments at Epoch AI's median multiple": rules.in_range(
                    grok["cloud_rental"] * self.multiplier["value"] / 1e9, 1, 3, billion, tolerance=RANGE
                )
            },
        )
        after_next = rules.not_due(
            "2026-12-31", self.as_of, "'at least $1B, perhaps $3-5B' for the generation of 2025-26"
        ) or rules.at_least(
            self.costs.loc[self.costs["method"] == "cloud_rental", "cost_usd"].max() / 1e9, 1, billion, tolerance=EXACT
        )
        largest_next = pd.Series(next_gen).idxmax()
        compute = rules.weigh(
            rules.in_range(next_gen[largest_next], 16, 32, "x GPT-4's compute", tolerance=RANGE),
            "the largest run of the next generation",
            {"the runs of 2024": rules.in_range(of_2024.max(), 16, 32, "x GPT-4's compute", tolerance=RANGE)},
        )
        harder = rules.weigh(
            rules.in_range(facts["gpt4_step"], 5, 10, "x GPT-3.5's compute", tolerance=RANGE),
            "GPT-4's compute against GPT-3.5's",
            {
                "harder than the step before it (GPT-3 to GPT-3.5)": rules.in_range(
                    facts["gpt4_step"] / facts["gpt35_step"], 5, 10, "x the step before", tolerance=RANGE
                )
            },
        )
        run_sources = sorted(
            set(
                self.runs["source_id"]
                .reindex(
                    [
                        "GPT-4.5",
                        "Grok 3",
                        "Gemini 1.0 Ultra",
                        "Llama 4 Behemoth (preview)",
                        "GPT-3.5",
                        "GPT-3 175B (davinci)",
                        "GPT-4",
                    ]
                )
                .dropna()
            )
        )
        return (
            facts,
            texts,
            {
                "a001-next-models-200-300m": verdict(
                    next_cost,
                    self.cost_sources("Claude 3 Opus", "GPT-4.5", "GPT-4"),
                    says=COST_SAYS,
                    note=f"At cloud-equivalent prices, like the article's $80M for GPT-4: Epoch AI's amortized estimates times GPT-4's "
                    f"cloud/amortized ratio ({rules.fmt(cloud_ratio)}x)",
                ),
                "a001-2025-training-1-3b": verdict(
                    in_2025,
                    grok_sources,
                    measured=f"Grok 3 (February 2025): ${rules.fmt(grok['cloud_rental'] / 1e9)}B at cloud prices",
                    says=COST_SAYS,
                    note=f"The costliest 2025 run in the data; its cluster cost ${rules.fmt(facts['grok_acquisition_b'])}B to "
                    "buy. Epoch AI has no amortized (owned-hardware) cost for this run estimate; its older "
                    f"${rules.fmt(facts['grok_amortized_older_m'])}M was modelled on the superseded one",
                ),
                "a001-gen-after-next-1-5b": verdict(
                    after_next,
                    grok_sources,
                    says=COST_SAYS,
                    note=f"So far the costliest run at cloud prices is Grok 3's, ${rules.fmt(grok['cloud_rental'] / 1e9)}B (February 2025)",
                ),
                "a001-next-gen-16-32x-gpt4-compute": verdict(
                    compute,
                    run_sources,
                    measured=f"{largest_next}: {rules.fmt(next_gen[largest_next])}x GPT-4's compute",
                    says=("more compute than claimed", "less compute than claimed"),
                    note="Epoch AI estimates: "
                    + ", ".join(f"{name} {rules.fmt(r)}x" for name, r in next_gen.items())
                    + f"; the largest run of 2024, {texts['model_2024_max']}, {rules.fmt(of_2024.max())}x",
                ),
                "a001-gpt35-to-gpt4-5-10x-harder": verdict(
                    harder,
                    run_sources,
                    says=("harder than claimed", "less hard than claimed"),
                    measured=f"{rules.fmt(facts['gpt4_step'])}x GPT-3.5's training compute (Epoch AI)",
                    note=f"Read in training compute; the step from GPT-3 to GPT-3.5 was {rules.fmt(facts['gpt35_step'])}x "
                    "(Epoch AI rates GPT-3.5's compute speculative)",
                ),
            },
        )

    def largest_table(self):
        largest = pd.concat(
            [
                largest_by_year(self.all_costs[self.all_costs["method"] == m]).assign(method=METHOD_LABELS[m])
                for m in ["amortized_hardware_energy", "cloud_rental"]
            ]
        )
        largest = largest[largest["year"] >= 2023]
        return (
            largest.assign(
                publication_date=largest["publication_date"].dt.strftime("%Y-%m-%d"), cost=largest["cost_usd"] / 1e6
            )[["year", "method", "model", "developer", "publication_date", "cost"]]
            .rename(
                columns={
                    "year": "Year",
                    "method": "Costing method",
                    "model": "Most expensive run",
                    "developer": "Developer",
                    "publication_date": "Published",
                    "cost": "USD million",
                }
            )
            .style.format({"USD million": "{:,.1f}"})
            .hide(axis="index")
        )

    def forecast_boxes(self) -> pd.DataFrame:
        """The article's two cost forecasts as boxes on the trend chart."""
        low, high = (lambda cid: self.claimed(cid)), (lambda cid: self.claimed(cid, "value_high"))
        return pd.DataFrame(
            [
                {
                    "start": pd.Timestamp("2024-01-01"),
                    "end": pd.Timestamp("2024-12-31"),
                    "low": low("a001-next-models-200-300m") * 1e6,
                    "high": high("a001-next-models-200-300m") * 1e6,
                    "label": "next models (Claude 3, GPT-4.5): $200-300M",
                    "short": "$200-300M",
                },
                {
                    "start": pd.Timestamp("2025-01-01"),
                    "end": pd.Timestamp("2025-12-31"),
                    "low": low("a001-2025-training-1-3b") * 1e9,
                    "high": high("a001-2025-training-1-3b") * 1e9,
                    "label": "a large model in 2025: $1-3B",
                    "short": "$1-3B",
                },
            ]
        )

    def fixed_capability(
        self, reference_model: str, mmlu_tolerance: float, evaluators: list[str]
    ) -> tuple[dict, dict, dict]:
        """The cheapest run reaching the reference model's MMLU over time (the ÷4-per-18-months law, judged per 18
        months), the same at GPT-3.5's level to December 2023 ("fell 4-5x"), and GPT-4 Turbo against GPT-4."""
        reported = reported_costs(self.dataset, {"deepseek-v3": "deepseek_v3_training_cost"})
        fixed = self.fixed = fixed_capability_runs(
            self.trend_costs, self.dataset.benchmarks, reference_model, mmlu_tolerance, evaluators, reported
        )
        records = fixed[fixed["is_record"]]
        total, annual = fall_between(records)
        said = pd.Timestamp(self.claims.loc["a001-training-cost-fell-4-5x-past-18-months", "as_of"])
        level = fixed_capability_runs(
            self.trend_costs, self.dataset.benchmarks, "text-davinci-003", 0.0, evaluators, reported
        )
        level = level[(level["publication_date"] <= said) & level["is_record"]]
        first, last = first_and_last(level)
        turbo = self.cost("GPT-4", "amortized_hardware_energy") / self.cost("GPT-4 Turbo", "amortized_hardware_energy")
        hours = self("deepseek_v3_training_gpu_hours")
        facts = {
            "fixed_threshold": fixed["threshold"].iloc[0] if len(fixed) else np.nan,
            "fixed_total": total,
            "fixed_annual": annual,
            "fixed_per_18_months": annual**1.5,
            "n_fixed_models": len(fixed),
            "claimed_annual_fall": 4 ** (12 / 18),
            "gpt35_fall": first["cost_usd"] / last["cost_usd"],
            "gpt4_turbo_fall": turbo,
            "deepseek_gpu_hours_m": hours / 1e6,
            "deepseek_rate": self("deepseek_v3_training_cost") / hours,
        }
        texts = {
            "fixed_first": run_named(first_and_last(records)[0]),
            "fixed_last": run_named(first_and_last(records)[1]),
            "gpt35_fall_models": f"{first['model']} → {last['model']}" if len(level) else MISSING_NUMBER_TEXT,
        }
        self.reference_name = self.dataset.models.set_index("model_id").loc[reference_model, "name"].split(" (")[0]
        sources = sorted(set(fixed["source_id"].dropna())) + self.sources("deepseek_v3_training_cost")
        falls = ("training cost fell faster than claimed", "training cost fell more slowly than claimed")
        law = rules.weigh(
            rules.rate_in_claim_unit(annual, annual, annual, 4, 4, 18, tolerance=APPROXIMATE),
            f"the cheapest run at {self.reference_name}'s level, per 18 months",
            {
                "the cost of the frontier run (the trend of final-run costs)": rules.rate_in_claim_unit(
                    1 / self.growth,
                    1 / self.growth_bounds[1],
                    1 / self.growth_bounds[0],
                    4,
                    4,
                    18,
                    tolerance=APPROXIMATE,
                ),
                "compared a year at a time (both annualised)": rules.within_factor(
                    annual, 4 ** (12 / 18), "x a year", tolerance=APPROXIMATE
                ),
            },
        )
        past = rules.weigh(
            rules.in_range(facts["gpt35_fall"], 4, 5, "x", tolerance=RANGE),
            "the cheapest run at GPT-3.5's level",
            {"GPT-4 to GPT-4 Turbo (Epoch AI)": rules.in_range(turbo, 4, 5, "x", tolerance=RANGE)},
        )
        return (
            facts,
            texts,
            {
                "a001-training-cost-quarter-per-18-months": verdict(
                    law,
                    sources,
                    says=falls,
                    measured=f"÷{rules.fmt(annual**1.5)} per 18 months (÷{rules.fmt(annual)} a year) for the "
                    f"cheapest run at {self.reference_name}-level MMLU",
                    note=f"Read as a Moore's law, of the cost of a fixed capability; the cost of the frontier run instead grew "
                    f"x{rules.fmt(self.growth)} a year (Epoch AI: x{rules.fmt(self.epoch_growth['value'])})",
                ),
                "a001-training-cost-fell-4-5x-past-18-months": verdict(
                    past,
                    sorted(set(level["source_id"].dropna())),
                    says=falls,
                    measured=f"{rules.fmt(facts['gpt35_fall'])}x ({texts['gpt35_fall_models']}, Epoch AI amortized costs)",
                    note="The cheapest costed run reaching GPT-3.5's MMLU, from GPT-3.5's own (November 2022) to December 2023",
                ),
                "a001-gpt4-turbo-training-cost-4-5x-lower": verdict(
                    rules.in_range(turbo, 4, 5, "x lower", tolerance=RANGE),
                    self.cost_sources("GPT-4", "GPT-4 Turbo"),
                    says=falls,
                    note="Epoch AI's amortized estimates; its figure for GPT-4 Turbo rests on a compute estimate it rates of unknown "
                    "confidence, as OpenAI has disclosed nothing",
                ),
            },
        )

    # What developers report
    REPORTED_HOURS = [
        ("Llama 2-70B", "A100", "llama2_70b_pretraining_gpu_hours"),
        ("Llama 3-70B", "H100", "llama3_70b_pretraining_gpu_hours"),
        ("Llama 3.1-405B", "H100", "llama31_405b_training_gpu_hours"),
        ("DeepSeek-V3", "H800", "deepseek_v3_training_gpu_hours"),
        ("GPT-4", "A100", "epoch_gpt4_training_chip_hours"),
    ]

    def developer_hours(self, reference_rate: float) -> tuple[pd.DataFrame, dict]:
        """GPU-hours developers published (and Epoch AI's for GPT-4), priced at one rate and turned into utilisation."""
        table = pd.DataFrame(self.REPORTED_HOURS, columns=["model", "gpu", "estimate_id"])
        table["gpu_hours"] = table["estimate_id"].map(self.estimates["value"])
        table["reported_by"] = np.where(table["model"] == "GPT-4", "Epoch AI estimate", "developer")
        table["published"] = table["model"].map(self.runs["publication_date"]).dt.strftime("%Y-%m")
        table["compute"] = table["model"].map(self.runs["compute_flop"])
        table["mfu_implied"] = table["compute"] / (
            table["gpu_hours"] * units.SECONDS_PER_HOUR * table["gpu"].map(self.peak)
        )
        table["mfu_epoch"] = table["model"].map(self.runs["mfu"])
        table["cost_at_reference"] = table["gpu_hours"] * reference_rate
        at = table.set_index("model")["cost_at_reference"]
        at_compute = self.runs["compute_flop"]  # a run published after the analysis date is missing
        m = self.multiplier
        facts = {
            "reference_rate": reference_rate,
            "n_developer_runs": int((table["reported_by"] == "developer").sum()),
            "llama31_cost_at_reference_m": at["Llama 3.1-405B"] / 1e6,
            "deepseek_cost_at_reference_m": at["DeepSeek-V3"] / 1e6,
            "deepseek_compute_share_pct": 100
            * at_compute.get("DeepSeek-V3", np.nan)
            / at_compute.get("Llama 3.1-405B", np.nan),
            "experiments_extra_low_pct": 100 * (m["low"] - 1),
            "experiments_extra_high_pct": 100 * (m["high"] - 1),
        }
        rate = f"Cost at ${reference_rate:g}/h (USD million)"
        shown = (
            table[
                [
                    "model",
                    "published",
                    "gpu",
                    "gpu_hours",
                    "reported_by",
                    "compute",
                    "mfu_implied",
                    "mfu_epoch",
                    "cost_at_reference",
                ]
            ]
            .assign(
                gpu_hours=lambda d: d["gpu_hours"] / 1e6,
                cost_at_reference=lambda d: d["cost_at_reference"] / 1e6,
                compute=lambda d: d["compute"] / 1e24,
            )
            .rename(
                columns={
                    "model": "Model",
                    "published": "Published",
                    "gpu": "GPU",
                    "gpu_hours": "GPU-hours (million)",
                    "reported_by": "GPU-hours from",
                    "compute": "Compute (10²⁴ FLOP, Epoch AI)",
                    "mfu_implied": "Implied MFU",
                    "mfu_epoch": "MFU (Epoch AI)",
                    "cost_at_reference": rate,
                }
            )
            .style.format(
                {
                    "GPU-hours (million)": "{:.2f}",
                    "Compute (10²⁴ FLOP, Epoch AI)": "{:,.1f}",
                    "Implied MFU": "{:.0%}",
                    "MFU (Epoch AI)": "{:.0%}",
                    rate: "{:,.1f}",
                },
                na_rep="–",
            )
            .hide(axis="index")
        )
        return shown, facts

    # Hardware: H100 against A100
    def hardware(self) -> tuple[dict, dict, dict]:  # figures, text figures, verdicts
        """The H100 against the A100 four ways (peak, bandwidth, achieved training throughput, useful FLOP per rental
        dollar); the verdict reads the sentence as achieved throughput per GPU and weighs the other two readings."""
        index = index_series(self.rental, "gix_backfill_ratecards")
        self.gpu_table = gpu_table(self.specs.reset_index(), self.dataset.gpu_purchase, index, self.as_of)
        peak_ratio = self.specs.loc["H100", "peak_tflops"] / self.specs.loc["A100", "peak_tflops"]
        bandwidth_ratio = self.specs.loc["H100", "bandwidth_tbs"] / self.specs.loc["A100", "bandwidth_tbs"]
        mfu_ratio = self.mfu.loc["H100", "median_mfu"] / self.mfu.loc["A100", "median_mfu"]
        useful = peak_ratio * mfu_ratio
        ratios = self.value_ratios = relative_value(index, self.specs.reset_index(), "H100", "A100", mfu_ratio)
        self.hardware_ratios = (peak_ratio, bandwidth_ratio, useful)
        facts = {
            "peak_ratio": peak_ratio,
            "bandwidth_ratio": bandwidth_ratio,
            "mfu_ratio": mfu_ratio,
            "useful_ratio": useful,
            "h100_median_mfu_pct": 100 * self.mfu.loc["H100", "median_mfu"],
            "price_ratio_median": ratios["price_ratio"].median(),
            "value_ratio_median": ratios["flop_per_dollar_ratio"].median(),
            "value_ratio_min": ratios["flop_per_dollar_ratio"].min(),
            "value_ratio_max": ratios["flop_per_dollar_ratio"].max(),
        }
        texts = {
            "h100_mfu_runs": self.mfu.loc["H100", "runs"],
            "ratio_first_month": f"{ratios['date'].iloc[0]:%B %Y}",
            "ratio_last_month": f"{ratios['date'].iloc[-1]:%B %Y}",
        }
        low, high = self.claimed("a001-h100-vs-a100-1-5-2x"), self.claimed("a001-h100-vs-a100-1-5-2x", "value_high")
        judged = rules.weigh(
            rules.in_range(useful, low, high, "x", tolerance=RANGE),
            "achieved training throughput per GPU",
            {
                "memory bandwidth per GPU": rules.in_range(bandwidth_ratio, low, high, "x", tolerance=RANGE),
                "useful training per rental dollar (median month)": rules.in_range(
                    facts["value_ratio_median"], low, high, "x", tolerance=RANGE
                ),
            },
        )
        return (
            facts,
            texts,
            {
                "a001-h100-vs-a100-1-5-2x": verdict(
                    judged,
                    set(self.specs["source_id"]) | set(self.runs.loc[self.runs["mfu"].notna(), "source_id"]),
                    measured=f"{rules.fmt(useful)}x achieved training throughput per GPU",
                    says=("the H100 did more than claimed", "the H100 did less than claimed"),
                    note=f"Per GPU: {rules.fmt(peak_ratio)}x peak, {rules.fmt(bandwidth_ratio)}x memory bandwidth; per rental dollar "
                    f"{rules.fmt(facts['value_ratio_median'])}x (median). 1.5-2x matches the gain per dollar or in bandwidth, "
                    "not the training work of one GPU, which is what the sentence compares",
                )
            },
        )

    def gpu_table_shown(self):
        table, fmt_date = self.gpu_table, (lambda s: s.dt.strftime("%Y-%m").fillna("–"))
        purchase = [
            f"{lo:,.0f}" if lo == hi else f"{lo:,.0f}-{hi:,.0f}" if lo == lo else "–"
            for lo, hi in zip(table["purchase_low"], table["purchase_high"])
        ]
        return (
            table.assign(
                purchase=purchase,
                purchase_date=fmt_date(table["purchase_date"]),
                released=fmt_date(table["released"]),
                rental_first_date=fmt_date(table["rental_first_date"]),
                rental_latest_date=fmt_date(table["rental_latest_date"]),
            )[
                [
                    "gpu",
                    "released",
                    "peak_tflops",
                    "bandwidth_tbs",
                    "purchase",
                    "purchase_date",
                    "rental_first",
                    "rental_first_date",
                    "rental_latest",
                    "rental_latest_date",
                ]
            ]
            .rename(
                columns={
                    "gpu": "GPU",
                    "released": "Released",
                    "peak_tflops": "Dense BF16 (TFLOP/s)",
                    "bandwidth_tbs": "Memory bandwidth (TB/s)",
                    "purchase": "Purchase, USD per GPU (latest)",
                    "purchase_date": "as of",
                    "rental_first": "Rental, first (USD/h)",
                    "rental_first_date": "month",
                    "rental_latest": "Rental, latest (USD/h)",
                    "rental_latest_date": "month ",
                }
            )
            .style.format(
                {
                    "Dense BF16 (TFLOP/s)": "{:,.0f}",
                    "Memory bandwidth (TB/s)": "{:.2f}",
                    "Rental, first (USD/h)": "{:.2f}",
                    "Rental, latest (USD/h)": "{:.2f}",
                },
                na_rep="–",
            )
            .hide(axis="index")
        )

    # Buying against renting 10,000 A100
    def buy_or_rent(
        self, gpu_count: int, gpus_per_server: int, capex_date, rental_window, days: float
    ) -> tuple[pd.DataFrame, dict, dict]:
        """Article 002's GPU and server prices for a cluster of `gpu_count` A100 (the server price read as excluding
        its GPUs), against renting the same GPUs at the rental window's median prices."""
        fx = units.FxTable(self.dataset.fx)
        gpu_usd = fx.convert(self.claimed("a002-top-gpu-80k-rmb"), "CNY", "USD", capex_date)
        server_usd = fx.convert(self.claimed("a002-gpu-server-over-400k-rmb"), "CNY", "USD", capex_date)
        purchase = costs.cluster_purchase_cost(gpu_count, gpu_usd, server_usd, gpus_per_server)
        bought = self.dataset.gpu_purchase
        epoch_range = bought[
            (bought["gpu"] == "A100")
            & (bought["basis"] == "annual unit-price range assumed by Epoch AI")
            & (bought["date"].dt.year == pd.Timestamp(capex_date).year)
        ]
        epoch_range = first_and_last(epoch_range)[0]  # missing for a year without Epoch AI's range
        rent = rental_in_window(self.rental, "A100", *rental_window).set_index("pricing")
        table = pd.DataFrame(
            {
                "pricing": rent.index,
                "median_rate": rent["median"].to_numpy(),
                "rental_run": [costs.rental_cost(gpu_count, days, r) for r in rent["median"]],
                "breakeven_days": [costs.rental_days(purchase, gpu_count, r) for r in rent["median"]],
            }
        )
        ondemand = table.set_index("pricing").reindex(["on-demand"]).iloc[0]  # missing when the window holds no price
        facts = {
            "cny_per_usd": fx.cny_per_usd(capex_date),
            "gpu_price_usd": gpu_usd,
            "purchase_m": purchase / 1e6,
            "gpus_only_m": gpu_count * gpu_usd / 1e6,
            "capex_gpu_count": gpu_count,
            "gpus_per_server": gpus_per_server,
            "epoch_a100_low": epoch_range["usd_low"],
            "epoch_a100_high": epoch_range["usd_high"],
            "server_to_gpus_pct": 100 * (purchase - gpu_count * gpu_usd) / (gpu_count * gpu_usd),
            "be_ondemand_days": ondemand["breakeven_days"],
            "rate_2023_ondemand": ondemand["median_rate"],
            "rent_run_m": ondemand["rental_run"] / 1e6,
            "scenario_days": days,
            "days_for_12m": self.claimed("a002-chatgpt-training-run-over-12m")
            * 1e6
            / (gpu_count * units.HOURS_PER_DAY * ondemand["median_rate"]),
        }
        run = f"{gpu_count:,} GPUs x {days:g} days, USD million"
        shown = (
            table.assign(rental_run=table["rental_run"] / 1e6)
            .rename(
                columns={
                    "pricing": "A100 rental, 2023",
                    "median_rate": "Median USD per GPU-hour",
                    "rental_run": run,
                    "breakeven_days": "Days of rent that cost as much as buying",
                }
            )
            .style.format(
                {
                    "Median USD per GPU-hour": "{:.2f}",
                    run: "{:,.0f}",
                    "Days of rent that cost as much as buying": "{:,.0f}",
                }
            )
            .hide(axis="index")
        )
        return shown, facts, {"capex_date_text": f"{pd.Timestamp(capex_date):%d %B %Y}"}

    # xAI
    def xai(self) -> tuple[dict, dict, dict]:
        """Kai-Fu Lee's xAI figures: the GPUs bought (Colossus), what they cost, the funding round."""
        grok = self.runs.reindex(["Grok 3"]).iloc[0]  # all NaN when the run came after the analysis date
        bought = self.dataset.gpu_purchase
        h100 = bought[
            (bought["gpu"] == "H100")
            & (bought["basis"] == "annual unit-price range assumed by Epoch AI")
            & (bought["date"].dt.year == 2024)
        ].iloc[0]
        gpus, colossus = self.claimed("a000-xai-100k-h100"), self("xai_colossus_h100_2024")
        chips = gpus * h100["usd_low"], gpus * h100["usd_high"]
        cluster, cloud = self.cost("Grok 3", "hardware_acquisition"), self.cost("Grok 3", "cloud_rental")
        may, december = self("xai_funding_may_2024"), self("xai_funding_dec_2024")
        facts = {
            "grok_gpus": grok["hardware_count"],
            "grok_days": grok["training_hours"] / units.HOURS_PER_DAY,
            "colossus_gpus": colossus,
            "chips_low_b": chips[0] / 1e9,
            "chips_high_b": chips[1] / 1e9,
            "h100_2024_low": h100["usd_low"],
            "h100_2024_high": h100["usd_high"],
            "xai_may": may / 1e9,
            "xai_dec": december / 1e9,
        }
        billion = "billion USD"
        bought_gpus = rules.weigh(
            rules.within_factor(colossus, gpus, "H100", tolerance=EXACT),
            "the GPUs xAI bought (Colossus, 2024)",
            {
                "the GPUs of one training run (Grok 3, Epoch AI)": rules.within_factor(
                    grok["hardware_count"], gpus, "H100", tolerance=EXACT
                )
            },
        )
        spent = rules.weigh(
            rules.at_least(cluster / 1e9, 3, billion, tolerance=EXACT),
            "the cluster the chips built (Grok 3's, Epoch AI)",
            {
                "the chips alone at Epoch AI's 2024 prices (upper end)": rules.at_least(
                    chips[1] / 1e9, 3, billion, tolerance=EXACT
                ),
                "Grok 3's training run at cloud prices": rules.at_least(cloud / 1e9, 3, billion, tolerance=EXACT),
            },
        )
        raised = rules.weigh(
            rules.within_factor(may / 1e9, 6, billion, tolerance=EXACT),
            "the round of May 2024",
            {"everything xAI raised in 2024": rules.within_factor((may + december) / 1e9, 6, billion, tolerance=EXACT)},
        )
        return (
            facts,
            {},
            {
                "a000-xai-100k-h100": verdict(
                    bought_gpus,
                    [*self.sources("xai_colossus_h100_2024"), *self.runs["source_id"].reindex(["Grok 3"]).dropna()],
                    says=("xAI had more GPUs than claimed", "xAI had fewer GPUs than claimed"),
                    note=f"Colossus brought 100,000 H100 online in September 2024; Epoch AI records Grok 3's run on "
                    f"{rules.fmt(grok['hardware_count'])} of them",
                ),
                "a000-grok-cost-over-3b": verdict(
                    spent,
                    self.cost_sources("Grok 3", "Grok-3"),
                    measured=f"Grok 3's cluster: ${rules.fmt(cluster / 1e9)}B to buy",
                    says=COST_SAYS,
                    note=f"The sentence follows the purchase of 100,000 H100 and holds for the hardware (chips alone "
                    f"${rules.fmt(chips[0] / 1e9)}B to ${rules.fmt(chips[1] / 1e9)}B at 2024 prices); the Grok 3 training "
                    f"run itself cost ${rules.fmt(self.cost('Grok 3', 'amortized_hardware_energy') / 1e6)}M amortized, "
                    f"${rules.fmt(cloud / 1e9)}B at cloud prices",
                ),
                "a000-xai-raised-6b": verdict(
                    raised,
                    self.sources("xai_funding_may_2024", "xai_funding_dec_2024"),
                    says=("xAI raised more than claimed", "xAI raised less than claimed"),
                    note=f"Another ${rules.fmt(december / 1e9)}B followed in December 2024",
                ),
            },
        )

    # The reader's scenario
    def scenario(
        self, target_model: str, gpu_type: str, utilisation, usd_per_gpu_hour, experiment_multiplier: float, days: float
    ) -> tuple[Scenario, pd.DataFrame, dict, dict]:
        """A run with `target_model`'s compute under the reader's assumptions (None: the article's implied rate and
        utilisation), and how far each assumption moves its cost across the range the data show."""
        scenario = Scenario(
            target_flop=float(self.runs.loc[target_model, "compute_flop"]),
            peak_tflops=float(self.specs.loc[gpu_type, "peak_tflops"]),
            utilisation=utilisation if utilisation is not None else self.gpt4_mfu,
            usd_per_gpu_hour=usd_per_gpu_hour if usd_per_gpu_hour is not None else self.implied_rate,
            experiment_multiplier=experiment_multiplier,
            days=days,
        )
        result = run_scenario(scenario)
        mfu = self.runs.loc[self.runs["publication_date"] >= "2020-01-01", "mfu"].dropna()
        recent_days = self.recent_runs["training_hours"] / units.HOURS_PER_DAY
        ranges = {
            "usd_per_gpu_hour": (float(self.window["min"].min()), float(self.window["max"].max())),
            "utilisation": (float(mfu.min()), float(mfu.max())),
            "experiment_multiplier": (float(self.multiplier["low"]), float(self.multiplier["high"])),
            "days": (float(recent_days.min()), float(recent_days.max())),
        }
        labels = {
            "usd_per_gpu_hour": "Price per GPU-hour (USD)",
            "utilisation": "Utilisation (MFU)",
            "experiment_multiplier": "Experiment multiplier",
            "days": "Length of final run (days)",
        }
        table = sensitivity(scenario, ranges, labels)
        top = table.iloc[0]
        facts = {
            "sc_gpu_hours_m": result.gpu_hours / 1e6,
            "sc_gpus": result.gpu_count,
            "sc_final_m": result.final_run_usd / 1e6,
            "sc_dev_m": result.development_compute_usd / 1e6,
            "sc_rate": scenario.usd_per_gpu_hour,
            "sc_mfu_pct": 100 * scenario.utilisation,
            "sc_multiplier": scenario.experiment_multiplier,
            "sc_days": scenario.days,
            "top_low_m": min(top["cost_at_low"], top["cost_at_high"]) / 1e6,
            "top_high_m": max(top["cost_at_low"], top["cost_at_high"]) / 1e6,
        }
        name = top["label"].split(" (")[0]
        return (
            scenario,
            table,
            facts,
            {"top_parameter": name[0].lower() + name[1:], "sc_gpu": gpu_type, "target_model_name": target_model},
        )
