"""The cost of entering the "hundred models" race (article 002).

Three pieces of arithmetic: the capital for a GPU cluster from a GPU and a
server price; how long a training budget keeps a cluster busy; and the
"factory" argument, a fixed cluster cost spread over the models trained on it.
For the factory curve, Epoch AI's two costs for one training run give the
fixed cost (buying the whole cluster) and the floor (the share of the cluster's
value and energy the run uses up). Their ratio is how many runs of that length
the cluster can do before its value is used up.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts


@dataclass(frozen=True)
class ClusterCapital:
    gpus: float
    servers: float
    gpu_cost: float
    server_cost: float

    @property
    def total_if_server_price_includes_gpus(self) -> float:
        return self.server_cost

    @property
    def total_if_server_price_excludes_gpus(self) -> float:
        return self.gpu_cost + self.server_cost


def cluster_capital(gpus: float, gpu_price: float, gpus_per_server: int, server_price: float) -> ClusterCapital:
    servers = np.ceil(gpus / gpus_per_server)
    return ClusterCapital(gpus=gpus, servers=float(servers), gpu_cost=gpus * gpu_price, server_cost=float(servers) * server_price)


def runs_per_cluster(acquisition_cost: float, amortized_cost_per_run: float) -> float:
    """Runs of the same length a cluster can do before its value is used up."""
    return acquisition_cost / amortized_cost_per_run


def cost_per_model(n_models, acquisition_cost: float, amortized_cost_per_run: float):
    """The factory argument: the cluster's price spread over n models, never below the per-run floor.

    Building the cluster for one model costs the whole cluster; once it is used
    for as many runs as it can do, each model costs only its amortized share.
    """
    n = np.asarray(n_models, dtype=float)
    return np.maximum(acquisition_cost / n, amortized_cost_per_run)


def years_to_offset(saving_factor: float, annual_growth: float) -> float:
    """Years of cost growth that cancel a one-off saving factor."""
    return float(np.log(saving_factor) / np.log(annual_growth))


def factory_curves(clusters: pd.DataFrame, max_models: int) -> pd.DataFrame:
    """Cost per model for n = 1..max_models, for each cluster (columns: label, acquisition, amortized)."""
    n = np.unique(np.round(np.geomspace(1, max_models, 40)).astype(int))
    out = clusters.merge(pd.DataFrame({"n_models": n}), how="cross")
    out["cost_per_model"] = cost_per_model(out["n_models"], out["acquisition"], out["amortized"])
    return out


def finetune_shares(finetunes: pd.DataFrame) -> pd.DataFrame:
    out = finetunes.copy()
    out["share_pct"] = 100 * out["finetune_flop"] / out["base_flop"]
    return out.sort_values("published").reset_index(drop=True)


def factory_chart(curves: pd.DataFrame, claim_cost: float) -> alt.TopLevelMixin:
    lines = alt.Chart(curves).mark_line().encode(
        x=alt.X("n_models:Q", scale=alt.Scale(type="log"), title="Number of models trained on the cluster (log scale)"),
        y=alt.Y("cost_per_model:Q", scale=alt.Scale(type="log"), title="Hardware cost per model (USD, log scale)", axis=alt.Axis(format="$,.0s")),
        color=alt.Color("label:N", title="Cluster of (Epoch AI estimate)"),
        tooltip=[alt.Tooltip("label:N", title="Cluster of"), alt.Tooltip("developer:N", title="Developer"),
                 alt.Tooltip("n_models:Q", title="Models"), alt.Tooltip("cost_per_model:Q", title="Cost per model (USD)", format="$,.0f"),
                 alt.Tooltip("runs:Q", title="Runs before the cluster is used up", format=",.0f"),
                 alt.Tooltip("publisher:N", title="Source")])
    rule = alt.Chart(pd.DataFrame({"cost": [claim_cost], "label": ["$12M per run (article 002)"]})).mark_rule(
        strokeDash=[6, 4], color="#555").encode(y="cost:Q", tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("cost:Q", title="USD", format="$,.0f")])
    text = alt.Chart(pd.DataFrame({"cost": [claim_cost], "x": [1], "label": ["$12M per run (article 002)"]})).mark_text(
        align="left", dx=4, dy=-6, fontSize=11, color="#333").encode(x="x:Q", y="cost:Q", text="label:N")
    return charts.finish(
        alt.layer(lines, rule, text), title="The factory argument, with Epoch AI's cluster costs",
        subtitle=["Cost per model when a cluster's purchase price is spread over the models trained on it,",
                  "down to each run's amortized share"],
        description=("Log-log line chart, one line per training cluster: the hardware cost per model falls in proportion to the number of models "
                     "until the cluster's value is used up, then stays flat at the amortized cost of one run. A dashed line marks the article's $12M per run."))


def capital_chart(bars: pd.DataFrame, reserves: pd.DataFrame) -> alt.TopLevelMixin:
    # points, not bars: a bar on a log scale has no zero to start from
    base = alt.Chart(bars).mark_circle(size=140, opacity=1).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("usd:Q", scale=alt.Scale(type="log"), title="Capital (USD, log scale)", axis=alt.Axis(format="$,.0s")),
        color=alt.Color("kind:N", title="Figure"),
        tooltip=[alt.Tooltip("label:N", title="What"), alt.Tooltip("usd:Q", title="USD", format="$,.0f"),
                 alt.Tooltip("as_of:N", title="Date"), alt.Tooltip("publisher:N", title="Source")])
    rules = alt.Chart(reserves).mark_rule(strokeDash=[6, 4], color="#555").encode(
        x="usd:Q", tooltip=[alt.Tooltip("label:N", title="Reserve"), alt.Tooltip("usd:Q", title="USD", format="$,.0f")])
    text = alt.Chart(reserves).mark_text(align="left", dx=3, dy=-4, baseline="bottom", angle=0, fontSize=11, color="#333").encode(
        x="usd:Q", y=alt.value(0), text="label:N")
    return charts.finish(
        alt.layer(base, rules, text), title="What the articles' cluster costs, against the reserves they name",
        subtitle=["The article's 10,000-A100 cluster at its own prices; Epoch AI's estimates of real clusters",
                  "Dashed lines: $1B and $10B reserves"],
        description=("Dot plot on a log scale of capital in US dollars: the article's 10,000-A100 cluster priced two ways, and the "
                     "estimated purchase price of the clusters that trained GPT-3, Llama 2-70B, Gemini 1.0 Ultra, GPT-4 and Llama 3.1-405B. "
                     "Dashed vertical lines mark the $1B reserve (article 002) and the $10B reserve (article 001)."), height=300)


def finetune_chart(shares: pd.DataFrame) -> alt.TopLevelMixin:
    points = alt.Chart(shares).mark_circle(size=70, opacity=0.8).encode(
        x=alt.X("base_flop:Q", scale=alt.Scale(type="log"), title="Pre-training compute of the base model (FLOP, log scale)", axis=alt.Axis(labelExpr=charts.LOG_LABEL)),
        y=alt.Y("share_pct:Q", scale=alt.Scale(type="log"), title="Fine-tuning compute as % of the base model's (log scale)"),
        color=alt.Color("year:O", title="Published"),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("base_model:N", title="Base model"),
                 alt.Tooltip("published:T", title="Published", format="%Y-%m-%d"), alt.Tooltip("task:N", title="Task"),
                 alt.Tooltip("finetune_flop:Q", title="Fine-tuning FLOP", format=".2e"),
                 alt.Tooltip("share_pct:Q", title="% of base", format=".3f"), alt.Tooltip("publisher:N", title="Source")])
    return charts.finish(
        points.transform_calculate(year="year(datum.published)"), title="Building on a base model costs a sliver of building the base",
        subtitle=["Compute spent fine-tuning or continuing the training of a language model,",
                  "as a share of its base model's pre-training (Epoch AI)"],
        description=("Scatter plot on log scales: each point is a model trained on top of a base model; x is the base model's pre-training compute, "
                     "y the fine-tuning compute as a percentage of it. Nearly all points lie below 1%."))
