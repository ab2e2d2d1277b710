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

from llmecon.core import charts, units
from llmecon.core.costs import gpu_hours_for
from llmecon.core.frontier import model_scores
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
HARDWARE_FAMILY = {"NVIDIA A100": "A100", "NVIDIA A100 SXM4 40 GB": "A100", "NVIDIA A100 SXM4 80 GB": "A100",
                   "NVIDIA H100 SXM5 80GB": "H100", "NVIDIA H800 SXM5": "H800"}
METHOD_LABELS = {"amortized_hardware_energy": "Amortized hardware + energy",
                 "cloud_rental": "Cloud rental price", "hardware_acquisition": "Cluster purchase price"}


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
        rows.append({"gpu": gpu, "peak_tflops": float(by_id.loc[flops_id, "value"]),
                     "bandwidth_tbs": float(by_id.loc[bandwidth_id, "value"]),
                     "released": by_id.loc[flops_id, "as_of"], "source_id": by_id.loc[flops_id, "source_id"]})
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
        rented = index[spec["gpu"]].dropna() if spec["gpu"] in index else pd.Series(dtype=float)
        rented = rented[rented.index <= pd.Timestamp(as_of)]
        rows.append({**spec.to_dict(),
                     "purchase_date": latest["date"].iloc[0] if len(latest) else pd.NaT,
                     "purchase_low": latest["usd_low"].iloc[0] if len(latest) else np.nan,
                     "purchase_high": latest["usd_high"].iloc[0] if len(latest) else np.nan,
                     "rental_first_date": rented.index[0] if len(rented) else pd.NaT,
                     "rental_first": rented.iloc[0] if len(rented) else np.nan,
                     "rental_latest_date": rented.index[-1] if len(rented) else pd.NaT,
                     "rental_latest": rented.iloc[-1] if len(rented) else np.nan})
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
    return pd.DataFrame({"date": both.index, "price_ratio": price_ratio.to_numpy(),
                         "flop_per_dollar_ratio": (peak[new] / peak[old] * mfu_ratio / price_ratio).to_numpy()})


# -- costs of runs over time --------------------------------------------------

def superseded_value(dataset, table: str, row_key: str, column: str) -> str:
    """The value a newer export replaced (revisions.csv), for text that compares an estimate with its predecessor."""
    revisions = dataset.revisions
    found = revisions[(revisions["table"] == table) & (revisions["row_key"] == row_key) & (revisions["column"] == column)]
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
    return top.sort_values("year")[["year", "model", "developer", "publication_date", "cost_usd"]].reset_index(drop=True)


def reported_costs(dataset, estimate_ids: dict[str, str]) -> pd.DataFrame:
    """Developer-reported run costs (estimates table) for models Epoch AI has not costed, dated at release."""
    estimates = dataset.estimates.set_index("estimate_id")
    models = dataset.models.set_index("model_id")
    cited = estimates.loc[list(estimate_ids.values()), "source_id"]
    publishers = dataset.rows("sources", "source_id", cited).set_index("source_id")["publisher"]
    rows = [{"model_id": model_id, "model": models.loc[model_id, "name"], "developer": models.loc[model_id, "developer"],
             "publication_date": models.loc[model_id, "release_date"], "cost_usd": float(estimates.loc[estimate_id, "value"]),
             "publisher": publishers[estimates.loc[estimate_id, "source_id"]]}
            for model_id, estimate_id in estimate_ids.items()]
    return pd.DataFrame(rows)


def fixed_capability_runs(costs: pd.DataFrame, benchmarks: pd.DataFrame, reference_model_id: str,
                          tolerance: float, evaluators: list[str], reported: pd.DataFrame) -> pd.DataFrame:
    """Runs whose model scores at least the reference model's MMLU (minus `tolerance`), with record lows.

    `reported` adds developer-reported costs (model_id, publication_date,
    cost_usd, model, developer) for models Epoch AI has not costed.
    """
    scores = model_scores(benchmarks, "mmlu", evaluators).set_index("model_id")
    threshold = float(scores.loc[reference_model_id, "score"]) - tolerance
    pool = pd.concat([costs.assign(basis="Epoch AI estimate"), reported.assign(basis="developer-reported")],
                     ignore_index=True)
    pool = pool[pool["model_id"].isin(scores.index)]
    pool = pool.assign(mmlu=pool["model_id"].map(scores["score"]), evaluator=pool["model_id"].map(scores["evaluator"]))
    start = pool.loc[pool["model_id"] == reference_model_id, "publication_date"].min()
    eligible = pool[(pool["mmlu"] >= threshold) & (pool["publication_date"] >= start)].sort_values("publication_date")
    eligible = eligible.assign(is_record=eligible["cost_usd"] < eligible["cost_usd"].cummin().shift(fill_value=np.inf))
    return eligible.assign(threshold=threshold).reset_index(drop=True)


def fall_between(records: pd.DataFrame) -> tuple[float, float]:
    """(total fall factor, annual fall factor) from the first to the last record low."""
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
        rows.append({"parameter": name, "label": labels[name], "low_value": low, "high_value": high,
                     "base_value": getattr(base, name), "cost_at_low": at_low, "cost_at_high": at_high,
                     "swing": abs(at_high - at_low), "base_cost": centre})
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


# -- charts -------------------------------------------------------------------

def rental_chart(rental: pd.DataFrame, gpu: str, implied_rate: float, window: tuple, end) -> alt.LayerChart:
    """Dated rental prices of one GPU by pricing type, with the rate a claim implies."""
    rows = rental[(rental["gpu"] == gpu) & (rental["date"] <= pd.Timestamp(end))].copy()
    # One field for the legend and the tooltip: every plotted row repeats it, and the page has a weight budget.
    rows["series"] = np.where(rows["source_id"] == "gix_backfill_ratecards", "index (GIX, monthly)", rows["pricing"])
    x = alt.X("date:T", title="Date the price was observed", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("usd_per_gpu_hour:Q", title=f"{gpu} rental price, USD per GPU-hour", scale=alt.Scale(zero=True))
    colour = alt.Color("series:N", title="Pricing", sort=["3-year commitment", "1-year commitment", "on-demand", "index (GIX, monthly)"])
    points = alt.Chart(rows).mark_point(filled=True, size=45, opacity=0.75).encode(
        x=x, y=y, color=colour, shape=alt.Shape("series:N", legend=None),
        tooltip=[alt.Tooltip("date:T", title="Observed"), alt.Tooltip("vendor:N", title="Vendor"),
                 alt.Tooltip("variant:N", title="GPU variant"), alt.Tooltip("series:N", title="Pricing"),
                 alt.Tooltip("usd_per_gpu_hour:Q", title="USD per GPU-hour", format=".2f"),
                 alt.Tooltip("source_id:N", title="Source")])
    band = alt.Chart(pd.DataFrame({"start": [pd.Timestamp(window[0])], "end": [pd.Timestamp(window[1])],
                                   "label": ["GPT-4's training window"]})).mark_rect(opacity=0.12, color="#777").encode(
        x="start:T", x2="end:T", tooltip=[alt.Tooltip("label:N", title="Shaded")])
    rule = alt.Chart(pd.DataFrame({"rate": [implied_rate], "label": [f"${implied_rate:.2f}: the rate that makes $80M"]})).mark_rule(
        color="#D55E00", strokeDash=[6, 3], strokeWidth=2).encode(y="rate:Q", tooltip=[alt.Tooltip("label:N", title="Line")])
    text = alt.Chart(pd.DataFrame({"rate": [implied_rate], "date": [rows["date"].max()],
                                   "label": [f"${implied_rate:.2f}/h makes $80M"]})).mark_text(
        align="right", dy=-7, color="#D55E00", fontSize=11).encode(x="date:T", y="rate:Q", text="label:N")
    return charts.finish(
        alt.layer(band, points, rule, text),
        title=f"What an {gpu}-hour cost, and the rate behind the article's $80M",
        subtitle=["Dots: prices observed on archived price pages (Epoch AI) and the monthly GIX index;",
                  "shaded: the year GPT-4 was trained; dashed: the rate at which 22,000 GPUs for 100 days cost $80M"],
        description=(f"Scatter chart of {gpu} rental prices in US dollars per GPU-hour over time, coloured by pricing "
                     f"(on-demand, one- and three-year commitments, and a monthly index), with a dashed horizontal line "
                     f"at {implied_rate:.2f} dollars per hour, the rate implied by the article's 80 million dollars."))


def stacked_share_chart(shares: pd.DataFrame, title: str, subtitle: list[str], description: str,
                        component_order: list[str]) -> alt.Chart:
    """Horizontal 100% bars: one bar per row label, one segment per component (percent)."""
    order = {c: i for i, c in enumerate(component_order)}
    shares = shares.assign(order=shares["component"].map(order))
    return charts.finish(
        alt.Chart(shares).mark_bar().encode(
            y=alt.Y("bar:N", title=None, sort=list(dict.fromkeys(shares["bar"]))),
            x=alt.X("percent:Q", title="Share, percent", stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("component:N", title="Component", sort=component_order),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("bar:N", title="Case"), alt.Tooltip("component:N", title="Component"),
                     alt.Tooltip("percent:Q", title="Percent", format=".0f"), alt.Tooltip("source:N", title="Source")]),
        title=title, subtitle=subtitle, description=description, height=40 * shares["bar"].nunique() + 60)


def cost_trend_chart(costs: pd.DataFrame, fit: TrendFit, claims_boxes: pd.DataFrame, end) -> alt.LayerChart:
    """Final-run cost estimates over time (log), the fitted trend, and the articles' predictions."""
    rows = costs.assign(method_label=costs["method"].map(METHOD_LABELS))
    fitted = rows[rows["method"] == "amortized_hardware_energy"]
    first = fitted["publication_date"].min()
    line_dates = pd.to_datetime([first, pd.Timestamp(end)])
    line = pd.DataFrame({"date": line_dates, "cost": fit.predict(line_dates),
                         "label": f"fitted: x{1 / fit.annual_decline_factor:.1f} a year"})
    x = alt.X("publication_date:T", title="Model published", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("cost_usd:Q", scale=alt.Scale(type="log"), title="Cost of the final training run, USD (log scale)")
    points = alt.Chart(rows).mark_point(filled=True, size=50, opacity=0.8).encode(
        x=x, y=y, color=alt.Color("method_label:N", title="Costing method"), shape=alt.Shape("method_label:N", legend=None),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
                 alt.Tooltip("publication_date:T", title="Published"), alt.Tooltip("method_label:N", title="Method"),
                 alt.Tooltip("cost_usd:Q", title="USD", format="$,.3s"), alt.Tooltip("publisher:N", title="Source")])
    trend = alt.Chart(line).mark_line(color="#333", strokeDash=[6, 3]).encode(
        x="date:T", y=alt.Y("cost:Q", scale=alt.Scale(type="log")), tooltip=[alt.Tooltip("label:N", title="Trend")])
    boxes = alt.Chart(claims_boxes).mark_rect(opacity=0.18, color="#D55E00").encode(
        x="start:T", x2="end:T", y=alt.Y("low:Q", scale=alt.Scale(type="log")), y2="high:Q",
        tooltip=[alt.Tooltip("label:N", title="Article 001 predicted")])
    labels = alt.Chart(claims_boxes).mark_text(align="left", dx=3, dy=-6, fontSize=11, color="#D55E00").encode(
        x="start:T", y=alt.Y("high:Q", scale=alt.Scale(type="log")), text="short:N")
    return charts.finish(
        alt.layer(boxes, points, trend, labels),
        title="The frontier run got dearer: final-run costs of notable models",
        subtitle=["Epoch AI's estimates by three methods; dashed: log-linear fit to the amortized estimates;",
                  "shaded boxes: article 001's predictions for the next models and for 2025"],
        description=("Log-scale scatter chart of estimated final training-run costs in US dollars against publication "
                     "date, by costing method, with a fitted growth line and shaded boxes for the article's predicted "
                     "cost ranges."))


def fixed_capability_chart(runs: pd.DataFrame, claim_factor: float, reference_name: str) -> alt.LayerChart:
    """Runs at or above a reference capability, their record lows, and the claimed rate from the first."""
    x = alt.X("publication_date:T", title="Model published", axis=alt.Axis(format="%Y-%m"))
    y = alt.Y("cost_usd:Q", scale=alt.Scale(type="log"), title="Cost of the final training run, USD (log scale)")
    tooltip = [alt.Tooltip("model:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
               alt.Tooltip("publication_date:T", title="Published"), alt.Tooltip("cost_usd:Q", title="USD", format="$,.3s"),
               alt.Tooltip("basis:N", title="Cost basis"), alt.Tooltip("mmlu:Q", title="MMLU"),
               alt.Tooltip("evaluator:N", title="MMLU evaluator"), alt.Tooltip("publisher:N", title="Source")]
    points = alt.Chart(runs).mark_point(filled=True, size=70).encode(
        x=x, y=y, color=alt.Color("basis:N", title="Cost basis"), tooltip=tooltip)
    records = runs[runs["is_record"]]
    steps = alt.Chart(records).mark_line(interpolate="step-after", color="#555").encode(x=x, y=y)
    names = alt.Chart(runs).mark_text(align="left", dx=6, fontSize=10).encode(x=x, y=y, text="model:N")
    first = records.iloc[0]
    claim = pd.DataFrame({"date": pd.to_datetime([first["publication_date"], records["publication_date"].max()])})
    years = (claim["date"] - claim["date"].iloc[0]).dt.days / units.DAYS_PER_YEAR
    claim["value"] = first["cost_usd"] / claim_factor ** years
    claim["label"] = f"÷4 every 18 months (÷{claim_factor:.2f} a year) from {reference_name}"
    claim_line = alt.Chart(claim).mark_line(color="#D55E00", strokeDash=[4, 3]).encode(
        x="date:T", y=alt.Y("value:Q", scale=alt.Scale(type="log")), tooltip=[alt.Tooltip("label:N", title="Claim")])
    return charts.finish(
        alt.layer(points, steps, names, claim_line),
        title=f"The cost of reaching {reference_name}'s capability fell",
        subtitle=[f"Final runs of models scoring at least {reference_name}'s MMLU (within the tolerance set above);",
                  "grey step: cheapest so far; dashed: article 001's ÷4 every 18 months"],
        description=(f"Log-scale scatter chart of final training-run costs of models at or above {reference_name}'s MMLU "
                     "score over time, with the running minimum as a step line and the article's claimed rate as a "
                     "dashed line."))


def relative_value_chart(ratios: pd.DataFrame, peak_ratio: float, bandwidth_ratio: float,
                         useful_ratio: float, claim: tuple[float, float]) -> alt.LayerChart:
    """H100 over A100: fixed spec ratios and, month by month, price and useful FLOP per dollar."""
    long = pd.concat([
        ratios[["date", "price_ratio"]].rename(columns={"price_ratio": "ratio"}).assign(series="rental price, H100 ÷ A100"),
        ratios[["date", "flop_per_dollar_ratio"]].rename(columns={"flop_per_dollar_ratio": "ratio"}).assign(
            series="useful FLOP per rental dollar, H100 ÷ A100")])
    start = ratios["date"].min()
    fixed = pd.DataFrame({"series": ["peak BF16 FLOP/s", "memory bandwidth", "useful FLOP/s (peak x measured MFU)"],
                          "ratio": [peak_ratio, bandwidth_ratio, useful_ratio]})
    x = alt.X("date:T", title="Month (GIX rental index)", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("ratio:Q", title="H100 ÷ A100 (times)", scale=alt.Scale(zero=True))
    band = alt.Chart(pd.DataFrame({"low": [claim[0]], "high": [claim[1]], "label": ["article 001: 1.5-2x"]})).mark_rect(
        opacity=0.15, color="#D55E00").encode(y="low:Q", y2="high:Q", tooltip=[alt.Tooltip("label:N", title="Claim")])
    lines = alt.Chart(long).mark_line(point=True).encode(
        x=x, y=y, color=alt.Color("series:N", title="Ratio", legend=alt.Legend(columns=1, labelLimit=500)),
        tooltip=[alt.Tooltip("series:N", title="Ratio"), alt.Tooltip("date:T", title="Month", format="%Y-%m"),
                 alt.Tooltip("ratio:Q", title="Times", format=".2f")])
    rules = alt.Chart(fixed).mark_rule(strokeDash=[5, 3], color="#555").encode(
        y="ratio:Q", tooltip=[alt.Tooltip("series:N", title="Fixed ratio"), alt.Tooltip("ratio:Q", title="Times", format=".2f")])
    texts = alt.Chart(fixed.assign(date=start)).mark_text(align="left", dy=-6, fontSize=11, color="#444").encode(
        x="date:T", y="ratio:Q", text="series:N")
    return charts.finish(
        alt.layer(band, rules, texts, lines),
        title="How much better is an H100 than an A100?",
        subtitle=["Dashed: ratios fixed by the chips (peak, bandwidth) and by measured utilisation;",
                  "lines: monthly rental-price ratio and useful FLOP per dollar; shaded: the article's 1.5-2x"],
        description=("Line chart of the monthly ratio of H100 to A100 rental prices and of useful FLOP per rental dollar, "
                     "with dashed horizontal lines for the peak-FLOP, bandwidth and useful-FLOP ratios and a shaded band "
                     "for the claimed 1.5 to 2 times."))


def sensitivity_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Tornado: development compute cost at the low and high end of each assumption."""
    rows = table.assign(left=table[["cost_at_low", "cost_at_high"]].min(axis=1) / 1e6,
                        right=table[["cost_at_low", "cost_at_high"]].max(axis=1) / 1e6,
                        range_text=[f"{lo:g} to {hi:g} (base {b:g})" for lo, hi, b in
                                    zip(table["low_value"], table["high_value"], table["base_value"])])
    y = alt.Y("label:N", title=None, sort=list(rows["label"]))
    tooltip = [alt.Tooltip("label:N", title="Assumption"), alt.Tooltip("range_text:N", title="Varied over"),
               alt.Tooltip("left:Q", title="Lowest cost, USD million", format=",.0f"),
               alt.Tooltip("right:Q", title="Highest cost, USD million", format=",.0f")]
    bars = alt.Chart(rows).mark_bar(height=18, color="#0072B2").encode(
        x=alt.X("left:Q", title="Development compute cost, USD million"),
        x2="right:Q", y=y, tooltip=tooltip)
    base = alt.Chart(pd.DataFrame({"base": [table["base_cost"].iloc[0] / 1e6]})).mark_rule(color="#333").encode(
        x="base:Q", tooltip=[alt.Tooltip("base:Q", title="Base case, USD million", format=",.0f")])
    return charts.finish(
        alt.layer(bars, base),
        title="Which assumption moves the bill most?",
        subtitle=["Each bar: the scenario's development compute cost as one assumption moves across its range,",
                  "all others held at the base case (vertical line)"],
        description="Tornado chart: for each scenario assumption, a horizontal bar from the lowest to the highest "
                    "development compute cost in million US dollars as that assumption alone varies.",
        height=44 * len(rows) + 40)


def compute_split(article_multiplier: float, multiplier: pd.Series) -> pd.DataFrame:
    """Shares of development compute in the final run and in experiments: the article's split and Epoch AI's
    low, median and high multipliers (total development compute / final-run compute), for a stacked bar chart."""
    bars = [("Article 001 (3/4 : 1/4)", article_multiplier, "article 001"),
            (f"Epoch AI low ({multiplier['low']:g}x)", multiplier["low"], "Epoch AI"),
            (f"Epoch AI median ({multiplier['value']:g}x)", multiplier["value"], "Epoch AI"),
            (f"Epoch AI high ({multiplier['high']:g}x)", multiplier["high"], "Epoch AI")]
    return pd.DataFrame([(label, part, pct, source) for label, m, source in bars
                         for part, pct in [("final run", 100 / m), ("experiments", 100 - 100 / m)]],
                        columns=["bar", "component", "percent", "source"])


def development_split(shares: dict) -> pd.DataFrame:
    """Development cost by component at the two ends of Epoch AI's hardware share (staff takes the rest,
    energy at its middle), for a stacked bar chart. `shares` maps hardware, staff, energy to value/low/high rows."""
    ends = [("Hardware at its low end", "low", "high"), ("Hardware at its high end", "high", "low")]
    return pd.DataFrame([(label, name, float(value), "Epoch AI (Cottier et al.)") for label, hardware_end, staff_end in ends
                         for name, value in [("hardware (chips, servers, network)", shares["hardware"][hardware_end]),
                                             ("R&D staff", shares["staff"][staff_end]), ("energy", shares["energy"]["value"])]],
                        columns=["bar", "component", "percent", "source"])


def development_cost(final_run_usd: float, multiplier: float, hardware_pct: float, energy_pct: float) -> float:
    """A model's whole development cost on Epoch AI's method: the final run times the experiment multiplier,
    divided by the share of hardware and energy in development cost."""
    return final_run_usd * multiplier / ((hardware_pct + energy_pct) / 100)
