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

from llmecon.core import charts, costs, rules, units
from llmecon.core.rules import APPROXIMATE, EXACT, RANGE


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


def verdict(judgement: rules.Judgement, evidence=(), note: str = "", measured: str = "", says=None) -> dict:
    """What a chapter records for a claim (the arguments of its `verdict` call after the claim id)."""
    return {"judgement": judgement, "evidence": sorted(set(evidence)), "note": note, "measured": measured, "says": says}


class Figures:
    """The figures of the data package this chapter reads: estimates by id with their sources, and claims."""

    def __init__(self, dataset, as_of):
        self.dataset, self.as_of = dataset, pd.Timestamp(as_of)
        self.table = dataset.estimates.set_index("estimate_id")
        self.claims = dataset.claims.set_index("claim_id")

    def __call__(self, estimate_id: str, column: str = "value") -> float:
        return float(self.table.loc[estimate_id, column])

    def sources(self, *estimate_ids: str) -> list[str]:
        return sorted(set(self.table.loc[list(estimate_ids), "source_id"]))

    def claimed(self, claim_id: str) -> float:
        return float(self.claims.loc[claim_id, "value_low"])

    def cny_per_usd(self, date) -> float:
        return units.FxTable(self.dataset.fx).cny_per_usd(date)


def cluster_capital(gpus: float, gpu_price: float, gpus_per_server: int, server_price: float) -> ClusterCapital:
    servers = np.ceil(gpus / gpus_per_server)
    return ClusterCapital(
        gpus=gpus, servers=float(servers), gpu_cost=gpus * gpu_price, server_cost=float(servers) * server_price
    )


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
    lines = (
        alt.Chart(curves)
        .mark_line()
        .encode(
            x=alt.X(
                "n_models:Q", scale=alt.Scale(type="log"), title="Number of models trained on the cluster (log scale)"
            ),
            y=alt.Y(
                "cost_per_model:Q",
                scale=alt.Scale(type="log"),
                title="Hardware cost per model (USD, log scale)",
                axis=alt.Axis(format="$,.0s"),
            ),
            color=alt.Color("label:N", title="Cluster of (Epoch AI estimate)"),
            tooltip=[
                alt.Tooltip("label:N", title="Cluster of"),
                alt.Tooltip("developer:N", title="Developer"),
                alt.Tooltip("n_models:Q", title="Models"),
                alt.Tooltip("cost_per_model:Q", title="Cost per model (USD)", format="$,.0f"),
                alt.Tooltip("runs:Q", title="Runs before the cluster is used up", format=",.0f"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"cost": [claim_cost], "label": ["$12M per run (article 002)"]}))
        .mark_rule(strokeDash=[6, 4], color="#555")
        .encode(
            y="cost:Q", tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("cost:Q", title="USD", format="$,.0f")]
        )
    )
    text = (
        alt.Chart(pd.DataFrame({"cost": [claim_cost], "x": [1], "label": ["$12M per run (article 002)"]}))
        .mark_text(align="left", dx=4, dy=-6, fontSize=11, color="#333")
        .encode(x="x:Q", y="cost:Q", text="label:N")
    )
    return charts.finish(
        alt.layer(lines, rule, text),
        title="The factory argument, with Epoch AI's cluster costs",
        subtitle=[
            "Cost per model when a cluster's purchase price is spread over the models trained on it,",
            "down to each run's amortized share",
        ],
        description=(
            "Log-log line chart, one line per training cluster: the hardware cost per model falls in proportion to the number of models "
            "until the cluster's value is used up, then stays flat at the amortized cost of one run. A dashed line marks the article's $12M per run."
        ),
    )


def capital_chart(bars: pd.DataFrame, reserves: pd.DataFrame) -> alt.TopLevelMixin:
    # points, not bars: a bar on a log scale has no zero to start from
    base = (
        alt.Chart(bars)
        .mark_circle(size=140, opacity=1)
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "usd:Q", scale=alt.Scale(type="log"), title="Capital (USD, log scale)", axis=alt.Axis(format="$,.0s")
            ),
            color=alt.Color("kind:N", title="Figure"),
            tooltip=[
                alt.Tooltip("label:N", title="What"),
                alt.Tooltip("usd:Q", title="USD", format="$,.0f"),
                alt.Tooltip("as_of:N", title="Date"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    rules = (
        alt.Chart(reserves)
        .mark_rule(strokeDash=[6, 4], color="#555")
        .encode(
            x="usd:Q",
            tooltip=[alt.Tooltip("label:N", title="Reserve"), alt.Tooltip("usd:Q", title="USD", format="$,.0f")],
        )
    )
    # Written along their rules, so that names of reserves a decade apart never collide.
    text = (
        alt.Chart(reserves)
        .mark_text(align="right", dx=-4, dy=-3, baseline="bottom", angle=270, fontSize=11, color="#333")
        .encode(x="usd:Q", y=alt.value(0), text="label:N")
    )
    return charts.finish(
        alt.layer(base, rules, text),
        title="What the articles' cluster costs, against the reserves they name",
        subtitle=[
            "The article's 10,000-A100 cluster at its own prices; Epoch AI's estimates of real clusters",
            "Dashed lines: $1B and $10B reserves",
        ],
        description=(
            "Dot plot on a log scale of capital in US dollars: the article's 10,000-A100 cluster priced two ways, and the "
            "estimated purchase price of the clusters that trained GPT-3, Llama 2-70B, Gemini 1.0 Ultra, GPT-4 and Llama 3.1-405B. "
            "Dashed vertical lines mark the $1B reserve (article 002) and the $10B reserve (article 001)."
        ),
        height=300,
    )


def finetune_chart(shares: pd.DataFrame) -> alt.TopLevelMixin:
    points = (
        alt.Chart(shares)
        .mark_circle(size=70, opacity=0.8)
        .encode(
            x=alt.X(
                "base_flop:Q",
                scale=alt.Scale(type="log"),
                title="Pre-training compute of the base model (FLOP, log scale)",
                axis=alt.Axis(labelExpr=charts.LOG_LABEL),
            ),
            y=alt.Y(
                "share_pct:Q",
                scale=alt.Scale(type="log"),
                title="Fine-tuning compute as % of the base model's (log scale)",
            ),
            color=alt.Color("year:O", title="Published"),
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("base_model:N", title="Base model"),
                alt.Tooltip("published:T", title="Published", format="%Y-%m-%d"),
                alt.Tooltip("task:N", title="Task"),
                alt.Tooltip("finetune_flop:Q", title="Fine-tuning FLOP", format=".2e"),
                alt.Tooltip("share_pct:Q", title="% of base", format=".3f"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    return charts.finish(
        points.transform_calculate(year="year(datum.published)"),
        title="Building on a base model costs a sliver of building the base",
        subtitle=[
            "Compute spent fine-tuning or continuing the training of a language model,",
            "as a share of its base model's pre-training (Epoch AI)",
        ],
        description=(
            "Scatter plot on log scales: each point is a model trained on top of a base model; x is the base model's pre-training compute, "
            "y the fine-tuning compute as a percentage of it. Nearly all points lie below 1%."
        ),
    )


# The chapter's argument, section by section: each returns the figures its prose cites (glued by name) and the
# verdicts it reaches (claim id -> what the chapter records).

COST_SAYS = ("it cost more than claimed", "it cost less than claimed")
FUNDING_SAYS = ("more money was raised than claimed", "less money was raised than claimed")


def article_cluster(fig: Figures, article_date, gpus_per_server: int) -> dict:
    """Article 002's own arithmetic: 10,000 A100 at its GPU and server prices (the server price read as excluding
    its GPUs, the only reading under which the two prices fit), what a $1B reserve leaves for $12M runs, and
    how many days $12M rents the cluster at early-2023 on-demand prices."""
    gpus, run_usd = fig.claimed("a002-chatgpt-over-10k-a100"), fig.claimed("a002-chatgpt-training-run-over-12m") * 1e6
    gpu_cny, rate = fig.claimed("a002-top-gpu-80k-rmb"), fig.cny_per_usd(article_date)
    capital = cluster_capital(gpus, gpu_cny, gpus_per_server, fig.claimed("a002-gpu-server-over-400k-rmb"))
    cluster_usd = capital.total_if_server_price_excludes_gpus / rate
    rent_low, rent_high = fig("gpu_a100_rental_low_2023"), fig("gpu_a100_rental_high_2023")
    return {
        "cny_per_usd": rate,
        "servers": capital.servers,
        "gpus_per_server": gpus_per_server,
        "gpu_cost_cny_b": capital.gpu_cost / 1e8,
        "server_cost_cny_b": capital.server_cost / 1e8,
        "gpu_cost_usd_m": capital.gpu_cost / rate / 1e6,
        "cluster_usd_m": cluster_usd / 1e6,
        "gpus_in_one_server_cny": gpus_per_server * gpu_cny,
        "runs_in_reserve": (fig.claimed("a002-reserve-1b") * 1e9 - cluster_usd) / run_usd,
        "rent_low": rent_low,
        "rent_high": rent_high,
        "days_low": costs.rental_days(run_usd, gpus, rent_high),
        "days_high": costs.rental_days(run_usd, gpus, rent_low),
    }


def hardware(fig: Figures, article_date) -> tuple[dict, dict]:
    """Article 002's GPU and server prices and its 10,000-A100 floor against sourced prices and counts."""
    rate = fig.cny_per_usd(article_date)
    a100 = [fig("gpu_a100_price_range_2023", end) * rate for end in ("low", "high")]
    h100 = [fig("gpu_h100_price_range_2023", end) * rate for end in ("low", "high")]
    server = fig("gpu_hgx_a100_server_price_2023") * rate
    gpu_cny, server_cny = fig.claimed("a002-top-gpu-80k-rmb"), fig.claimed("a002-gpu-server-over-400k-rmb")
    floor = fig.claimed("a002-chatgpt-over-10k-a100")
    trained, served = fig("semianalysis_gpt4_a100_count"), fig("openai_2024_inference_a100_count")
    facts = {
        "a100_low_usd": fig("gpu_a100_price_range_2023", "low"),
        "a100_high_usd": fig("gpu_a100_price_range_2023", "high"),
        "a100_low_cny": a100[0],
        "a100_high_cny": a100[1],
        "h100_low_cny": h100[0],
        "h100_high_cny": h100[1],
        "server_real_cny": server,
        "server_vs_claim": server / server_cny,
        "gpt4_a100s": trained,
        "inference_a100s": served,
    }
    top = rules.weigh(
        rules.interval_contains(*a100, gpu_cny, "RMB", tolerance=EXACT),
        "the A100, the GPU the report prices",
        {"the H100, Nvidia's top GPU of mid-2023": rules.interval_contains(*h100, gpu_cny, "RMB", tolerance=EXACT)},
    )
    fleet = rules.weigh(
        rules.at_least(trained, floor, "A100", tolerance=EXACT),
        "the cluster that trained GPT-4",
        {"OpenAI's inference fleet of 2024": rules.at_least(served, floor, "A100", tolerance=EXACT)},
    )
    return facts, {
        "a002-top-gpu-80k-rmb": verdict(
            top,
            fig.sources("gpu_a100_price_range_2023", "gpu_h100_price_range_2023"),
            says=COST_SAYS,
            note=f"The A100's 2023 price range at {rules.fmt(rate)} yuan per dollar; an H100 cost "
            f"{rules.fmt(fig('gpu_h100_price_range_2023') * rate / gpu_cny)} times the claim",
        ),
        "a002-gpu-server-over-400k-rmb": verdict(
            rules.at_least(server, server_cny, "RMB", tolerance=EXACT),
            fig.sources("gpu_hgx_a100_server_price_2023"),
            measured=f"HGX A100 8-GPU server: RMB {rules.fmt(server)} (September 2023)",
            says=COST_SAYS,
            note=f"A floor that holds with room: a full A100 server cost {rules.fmt(server / server_cny)} times it",
        ),
        "a002-chatgpt-over-10k-a100": verdict(
            fleet,
            fig.sources("semianalysis_gpt4_a100_count", "openai_2024_inference_a100_count"),
            measured=f"GPT-4's training cluster about {rules.fmt(trained)} A100 (SemiAnalysis); OpenAI's inference "
            f"fleet about {rules.fmt(served)} A100 by mid-2024 (The Information)",
            says=("OpenAI used more A100s than claimed", "OpenAI used fewer A100s than claimed"),
        ),
    }


AI_INDEX_RUNS = {
    "GPT-3 175B": (2020, "ai_index_2024_gpt3_training_cost"),
    "Megatron-Turing NLG 530B": (2021, "ai_index_2024_mt_nlg_training_cost"),
    "PaLM (540B)": (2022, "ai_index_2024_palm_training_cost"),
    "Llama 2 70B": (2023, "ai_index_2024_llama2_70b_training_cost"),
    "GPT-4": (2023, "ai_index_2024_gpt4_training_cost"),
    "Gemini Ultra": (2023, "ai_index_2024_gemini_ultra_training_cost"),
}


def training_runs(fig: Figures) -> tuple[pd.DataFrame, dict, dict]:
    """The AI Index's final-run costs of 2020-2023 against article 002's "$12M per run" (Tian Qi, a typical large
    model) and its "over $12M per ChatGPT run" (GPT-3.5, which Epoch AI costs on owned hardware)."""
    runs = pd.DataFrame(
        [(model, year, fig(eid) / 1e6, eid) for model, (year, eid) in AI_INDEX_RUNS.items()],
        columns=["model", "year", "usd_m", "estimate_id"],
    ).set_index("model")
    median, claimed = float(runs["usd_m"].median()), fig.claimed("a002-training-run-12m-tianqi")
    gpt35 = costs.run_costs(fig.dataset, "amortized_hardware_energy", fig.as_of).set_index("model").loc["GPT-3.5"]
    cloud_ratio = fig("epoch_model_costs_gpt4_cloud") / fig("epoch_model_costs_gpt4_amortized")
    floor = fig.claimed("a002-chatgpt-training-run-over-12m")
    facts = {
        "median_run_m": median,
        "min_run_m": runs["usd_m"].min(),
        "max_run_m": runs["usd_m"].max(),
        "gpt3_run_m": runs.loc["GPT-3 175B", "usd_m"],
        "gpt4_run_m": runs.loc["GPT-4", "usd_m"],
        "gpt35_amortized_m": gpt35["cost_usd"] / 1e6,
        "gpt35_cloud_equivalent_m": gpt35["cost_usd"] * cloud_ratio / 1e6,
        "experiments_median": fig("epoch_experiment_compute_multiplier"),
    }
    typical = rules.weigh(
        rules.within_factor(median, claimed, "million USD", tolerance=APPROXIMATE),
        "a typical large model of 2020-2023 (median)",
        {
            "a GPT-3-class model": rules.within_factor(
                facts["gpt3_run_m"], claimed, "million USD", tolerance=APPROXIMATE
            ),
            "a PaLM-class model of 2022": rules.within_factor(
                runs.loc["PaLM (540B)", "usd_m"], claimed, "million USD", tolerance=APPROXIMATE
            ),
        },
    )
    chatgpt = rules.weigh(
        rules.at_least(facts["gpt35_amortized_m"], floor, "million USD", tolerance=EXACT),
        "GPT-3.5 on owned hardware (Epoch AI)",
        {
            "GPT-3.5 at cloud prices (GPT-4's cloud-to-owned ratio)": rules.at_least(
                facts["gpt35_cloud_equivalent_m"], floor, "million USD", tolerance=EXACT
            ),
            "GPT-3, ChatGPT's base (AI Index)": rules.at_least(
                facts["gpt3_run_m"], floor, "million USD", tolerance=EXACT
            ),
        },
    )
    return (
        runs,
        facts,
        {
            "a002-training-run-12m-tianqi": verdict(
                typical,
                fig.sources(*runs["estimate_id"]),
                measured=f"median final-run cost of 2020-2023 large models ${rules.fmt(median)}M",
                says=COST_SAYS,
                note=f"Runs ranged from ${rules.fmt(facts['min_run_m'])}M to ${rules.fmt(facts['max_run_m'])}M; "
                f"GPT-4's cost {rules.fmt(facts['gpt4_run_m'] / claimed)} times the claim",
            ),
            "a002-chatgpt-training-run-over-12m": verdict(
                chatgpt,
                [gpt35["source_id"], *fig.sources("epoch_model_costs_gpt4_cloud", "ai_index_2024_gpt3_training_cost")],
                measured=f"GPT-3.5 (ChatGPT's model when the report appeared): ${rules.fmt(facts['gpt35_amortized_m'])}M on owned "
                f"hardware, about ${rules.fmt(facts['gpt35_cloud_equivalent_m'])}M at cloud prices (Epoch AI)",
                says=COST_SAYS,
                note="Epoch AI rates GPT-3.5's compute estimate speculative",
            ),
        },
    )


def clusters_table(fig: Figures, factory_clusters: dict) -> pd.DataFrame:
    """Epoch AI's purchase and amortized per-run costs of the clusters that trained the named models."""
    cited = [fig.table.loc[f"epoch_model_costs_{key}_acquisition", "source_id"] for key, _ in factory_clusters.values()]
    publishers = fig.dataset.rows("sources", "source_id", cited).set_index("source_id")["publisher"]
    rows = [
        (
            label,
            developer,
            fig(f"epoch_model_costs_{key}_acquisition"),
            fig(f"epoch_model_costs_{key}_amortized"),
            publishers[fig.table.loc[f"epoch_model_costs_{key}_acquisition", "source_id"]],
        )
        for label, (key, developer) in factory_clusters.items()
    ]
    clusters = pd.DataFrame(rows, columns=["label", "developer", "acquisition", "amortized", "publisher"])
    return clusters.assign(runs=runs_per_cluster(clusters["acquisition"], clusters["amortized"]))


def capital_points(fig: Figures, cluster: dict, clusters: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The capital chart's points (the article's cluster at its own prices, Epoch AI's clusters) and reserve lines."""
    bars = pd.concat(
        [
            pd.DataFrame(
                {
                    "label": ["Article 002: 10,000 A100 (GPUs only)", "Article 002: 10,000 A100 + servers"],
                    "usd": [cluster["gpu_cost_usd_m"] * 1e6, cluster["cluster_usd_m"] * 1e6],
                    "kind": "article's own prices",
                    "as_of": "2023-07",
                    "publisher": "article 002, converted at the Fed H.10 rate",
                }
            ),
            pd.DataFrame(
                {
                    "label": "Cluster that trained " + clusters["label"],
                    "usd": clusters["acquisition"],
                    "kind": "Epoch AI estimate",
                    "as_of": "modelled 2026",
                    "publisher": clusters["publisher"],
                }
            ),
        ],
        ignore_index=True,
    )
    reserves = pd.DataFrame(
        {
            "label": ["$1B reserve (002)", "$10B reserve (001)"],
            "usd": [fig.claimed("a002-reserve-1b") * 1e9, fig.claimed("a001-top-tier-10b-reserve") * 1e9],
        }
    )
    return bars, reserves


def reserves_and_funding(fig: Figures, cluster: dict, clusters: pd.DataFrame) -> tuple[dict, dict]:
    """The reserves the articles name ($1B to enter, $10B for the first tier), the compute budgets ("several billion")
    and the funding rounds they report, against press reports and Epoch AI's cluster costs."""
    gpt4 = clusters.set_index("label").loc["GPT-4"]
    gpt4_entry = gpt4["acquisition"] + fig("epoch_experiment_compute_multiplier") * gpt4["amortized"]
    costliest = costs.costliest_run(fig.dataset, "hardware_acquisition", fig.as_of)
    compute_2024 = fig("openai_2024_inference_compute_spend") + fig("openai_2024_training_compute_spend")
    amazon, google = fig("amazon_anthropic_commitment_2023"), fig("google_anthropic_commitment_2023")
    anthropic_2024 = amazon + fig("amazon_anthropic_third_tranche_2024") + google
    xai_2024 = fig("xai_funding_may_2024") + fig("xai_funding_dec_2024")
    facts = {
        "gpt4_cluster_m": gpt4["acquisition"] / 1e6,
        "gpt4_entry_m": gpt4_entry / 1e6,
        "gpt4_vs_article_cluster": gpt4["acquisition"] / (cluster["cluster_usd_m"] * 1e6),
        "costliest_cluster_b": costliest["cost_usd"] / 1e9,
        "openai_compute_2024_b": compute_2024 / 1e9,
        "openai_training_2024_b": fig("openai_2024_training_compute_spend") / 1e9,
        "amazon_commitment_b": amazon / 1e9,
        "google_commitment_b": google / 1e9,
        "anthropic_commitments_b": (amazon + google) / 1e9,
        "amazon_first_tranche_b": fig("amazon_anthropic_first_tranche_2023") / 1e9,
        "amazon_second_tranche_b": fig("amazon_anthropic_second_tranche_2024") / 1e9,
        "amazon_third_tranche_b": fig("amazon_anthropic_third_tranche_2024") / 1e9,
        "anthropic_2024_b": anthropic_2024 / 1e9,
        "xai_may_b": fig("xai_funding_may_2024") / 1e9,
        "xai_2024_b": xai_2024 / 1e9,
    }
    billion = "billion USD"
    reserve, tier = fig.claimed("a002-reserve-1b"), fig.claimed("a001-top-tier-10b-reserve")
    entry_case = "a frontier-class entry (GPT-4's cluster and development compute) cost"
    lowest_tier = "Anthropic, the first-tier lab with the least capital, had commitments from Amazon and Google {} of"
    return facts, {
        "a002-reserve-1b": verdict(
            rules.weigh(
                rules.necessary_condition(gpt4_entry / 1e9, reserve, billion, tolerance=APPROXIMATE, case=entry_case),
                "a GPT-4-class entry in 2023, hardware only",
                {
                    f"the costliest cluster in Epoch AI's estimates ({costliest['model']}'s)": rules.necessary_condition(
                        costliest["cost_usd"] / 1e9, reserve, billion, tolerance=APPROXIMATE, case="the cluster cost"
                    )
                },
            ),
            fig.sources(
                "epoch_model_costs_gpt4_acquisition",
                "epoch_model_costs_gpt4_amortized",
                "epoch_experiment_compute_multiplier",
            )
            + [costliest["source_id"]],
            says=("entering took more than claimed", "entering took less than claimed"),
            note=f"Hardware alone, before staff; the article's own cluster of 10,000 A100 is ${rules.fmt(cluster['cluster_usd_m'])}M",
        ),
        "a000-compute-investment-billions": verdict(
            rules.weigh(
                rules.in_range(compute_2024 / 1e9, 2, 9, billion, tolerance=RANGE),
                "a leading lab's yearly compute spend (OpenAI, 2024)",
                {
                    f"one frontier cluster ({costliest['model']}'s, Epoch AI)": rules.in_range(
                        costliest["cost_usd"] / 1e9, 2, 9, billion, tolerance=RANGE
                    )
                },
            ),
            fig.sources("openai_2024_inference_compute_spend", "openai_2024_training_compute_spend")
            + [costliest["source_id"]],
            measured=f"OpenAI's 2024 compute about ${rules.fmt(compute_2024 / 1e9)}B (The Information)",
            says=COST_SAYS,
            note=f"The costliest training cluster in Epoch AI's estimates, {costliest['model']}'s, cost ${rules.fmt(costliest['cost_usd'] / 1e9)}B",
        ),
        "a001-anthropic-6b-from-aws-google": verdict(
            rules.within_factor((amazon + google) / 1e9, 6, billion, tolerance=EXACT),
            fig.sources("amazon_anthropic_commitment_2023", "google_anthropic_commitment_2023"),
            says=FUNDING_SAYS,
            note=f"Amazon up to $4B (September 2023) and Google up to $2B (October 2023): 'up to' amounts paid in tranches "
            f"(Amazon's first: ${rules.fmt(facts['amazon_first_tranche_b'])}B)",
        ),
        "a001-xai-raising-billions": verdict(
            rules.weigh(
                rules.in_range(facts["xai_may_b"], 2, 9, billion, tolerance=RANGE),
                "xAI's next round (May 2024)",
                {"all of xAI's 2024 rounds": rules.in_range(xai_2024 / 1e9, 2, 9, billion, tolerance=RANGE)},
            ),
            fig.sources("xai_funding_may_2024", "xai_funding_dec_2024"),
            says=FUNDING_SAYS,
            measured=f"${rules.fmt(facts['xai_may_b'])}B in May 2024 (${rules.fmt(xai_2024 / 1e9)}B over 2024)",
        ),
        "a001-top-tier-10b-reserve": verdict(
            rules.weigh(
                rules.necessary_condition(
                    anthropic_2024 / 1e9,
                    tier,
                    billion,
                    tolerance=APPROXIMATE,
                    case=lowest_tier.format("by November 2024"),
                ),
                "the year after the interview (to November 2024)",
                {
                    "as of the interview (end of 2023)": rules.necessary_condition(
                        (amazon + google) / 1e9,
                        tier,
                        billion,
                        tolerance=APPROXIMATE,
                        case=lowest_tier.format("by the end of 2023"),
                    )
                },
            ),
            fig.sources(
                "amazon_anthropic_commitment_2023",
                "amazon_anthropic_third_tranche_2024",
                "google_anthropic_commitment_2023",
            ),
            says=("the first tier took more than claimed", "the first tier took less than claimed"),
            note=f"OpenAI spent ${rules.fmt(facts['openai_training_2024_b'])}B on training compute alone in 2024; xAI raised "
            f"${rules.fmt(xai_2024 / 1e9)}B in 2024",
        ),
        "a003-amazon-anthropic-4b": verdict(
            rules.within_factor(amazon / 1e9, fig.claimed("a003-amazon-anthropic-4b"), billion, tolerance=EXACT),
            fig.sources("amazon_anthropic_commitment_2023"),
            says=FUNDING_SAYS,
            note="Amazon's commitment of September 2023",
        ),
        "a003-amazon-anthropic-2-75b": verdict(
            rules.within_factor(
                facts["amazon_second_tranche_b"], fig.claimed("a003-amazon-anthropic-2-75b"), billion, tolerance=EXACT
            ),
            fig.sources("amazon_anthropic_second_tranche_2024", "amazon_anthropic_first_tranche_2023"),
            says=FUNDING_SAYS,
            note=f"March 2024; with the first tranche it completes ${rules.fmt(facts['amazon_first_tranche_b'] + facts['amazon_second_tranche_b'])}B",
        ),
    }


def factory(fig: Figures, clusters: pd.DataFrame) -> tuple[dict, dict]:
    """Tu Weiwei's factory: a cluster's price spread over the models trained on it. The saving is real for a
    given model; frontier runs growing every year is the other reading (the article's next sentence)."""
    gpt4 = clusters.set_index("label").loc["GPT-4"]
    growth = fig("epoch_training_cost_growth_annual")
    facts = {
        "gpt4_runs": gpt4["runs"],
        "runs_min": clusters["runs"].min(),
        "runs_max": clusters["runs"].max(),
        "n_clusters": len(clusters),
        "growth": growth,
        "offset_years": years_to_offset(gpt4["runs"], growth),
        "gpt4_amortized_m": gpt4["amortized"] / 1e6,
    }
    frontier = rules.trend_direction(
        growth - 1,
        fig("epoch_training_cost_growth_annual", "low") - 1,
        fig("epoch_training_cost_growth_annual", "high") - 1,
        "down",
        "annual change of frontier run cost",
    )
    judged = rules.weigh(
        rules.at_least(gpt4["runs"], 1, "x cheaper per model once the cluster is used up", tolerance=EXACT),
        "the cost per model of a given model on one cluster",
        {"with the next sentence, the cost of the frontier falls": frontier},
    )
    return facts, {
        "a002-factory-argument": verdict(
            judged,
            fig.sources(
                "epoch_model_costs_gpt4_acquisition",
                "epoch_model_costs_gpt4_amortized",
                "epoch_training_cost_growth_annual",
            ),
            note=f"Spreading GPT-4's cluster over the runs it can do cuts the hardware cost per model {rules.fmt(gpt4['runs'])}x; "
            f"frontier runs grow {rules.fmt(growth)}x a year, which cancels that in {rules.fmt(facts['offset_years'])} years",
        )
    }


def vertical_models(fig: Figures) -> tuple[pd.DataFrame, dict, dict]:
    """Fine-tuning compute as a share of the base model's pre-training (Epoch AI)."""
    shares = finetune_shares(fig.dataset.table("finetunes"))
    cited = fig.dataset.rows("sources", "source_id", shares["source_id"])
    shares = shares.merge(cited[["source_id", "publisher"]], on="source_id", how="left")
    median = float(shares["share_pct"].median())
    facts = {
        "n_finetunes": len(shares),
        "finetune_median_pct": median,
        "finetune_max_pct": shares["share_pct"].max(),
        "finetune_under_1pct": int((shares["share_pct"] < 1).sum()),
    }
    return (
        shares,
        facts,
        {
            "a002-vertical-models-cheaper": verdict(
                rules.at_most(median, 100, "% of the base model's pre-training compute", tolerance=EXACT),
                shares["source_id"],
                measured=f"fine-tuning compute: median {rules.fmt(median)}% of the base model's pre-training ({len(shares)} models, Epoch AI)",
                note="Training on top of a base model costs a small fraction of the base; cheaper inference follows from the fewer "
                "parameters the sentence assumes",
            )
        },
    )


def openai_losses(fig: Figures) -> tuple[dict, dict]:
    """OpenAI's 2022 loss and Altman's fundraising ambition, as The Information reported them."""
    loss = fig("openai_2022_loss") / 1e6
    facts = {"loss_2022_m": loss, "raise_b": fig("openai_fundraising_ambition_100b") / 1e9}
    report = fig.sources("openai_2022_loss")
    return facts, {
        "a002-openai-loss-540m": verdict(
            rules.within_factor(loss, fig.claimed("a002-openai-loss-540m"), "million USD", tolerance=APPROXIMATE),
            report,
            note="OpenAI does not publish accounts; the press report",
        ),
        "a002-openai-loss-doubled": verdict(
            rules.within_factor(
                fig("openai_loss_2022_growth"),
                fig.claimed("a002-openai-loss-doubled"),
                "x the 2021 loss",
                tolerance=APPROXIMATE,
            ),
            report,
            note="The same press report, which gives the factor but not the 2021 loss; OpenAI does not publish accounts",
        ),
        "a002-openai-raise-up-to-100b": verdict(
            rules.within_factor(
                facts["raise_b"], fig.claimed("a002-openai-raise-up-to-100b"), "billion USD", tolerance=EXACT
            ),
            fig.sources("openai_fundraising_ambition_100b"),
            note="The reported statement is an ambition, not a raise",
        ),
    }


def market_entrants(fig: Figures) -> tuple[dict, dict]:
    """ "About 10 medium and large companies have entered" (July 2023): the first batch of generative AI services China
    cleared for the public (31 August 2023) is the nearest count of serious entrants; models, not firms, the other."""
    claimed, cleared = fig.claimed("a002-market-about-10-firms"), fig("china_genai_first_batch_2023")
    companies, models = fig("china_genai_first_batch_2023", "low"), fig("china_llms_launched_2023_05")
    facts = {"first_batch": cleared, "first_batch_companies": companies, "chinese_llms": models}
    unit = "entrants"
    judged = rules.weigh(
        rules.within_factor(cleared, claimed, unit, tolerance=APPROXIMATE),
        "enterprises and institutions cleared in China's first batch (August 2023)",
        {
            "companies only in that batch": rules.within_factor(companies, claimed, unit, tolerance=APPROXIMATE),
            "large models launched by Chinese organisations (to May 2023)": rules.within_factor(
                models, claimed, unit, tolerance=APPROXIMATE
            ),
        },
    )
    return facts, {
        "a002-market-about-10-firms": verdict(
            judged,
            fig.sources("china_genai_first_batch_2023", "china_llms_launched_2023_05"),
            says=("more had entered than claimed", "fewer had entered than claimed"),
            note=f"Six of the eight were companies; {rules.fmt(models)} models had been launched by May 2023, many by universities and institutes",
        )
    }


def war_of_attrition(fig: Figures) -> rules.Judgement:
    """ "A 3-5 year war of attrition" from July 2023: not due until its longer end."""
    said = pd.Timestamp(fig.claims.loc["a002-3-5-year-war", "as_of"])
    end = said + pd.DateOffset(years=int(fig.claims.loc["a002-3-5-year-war", "value_high"]))
    return rules.not_due(end, fig.as_of, "a 3-5 year war of attrition from July 2023") or rules.untestable(
        "not_quantified", "the market's structure has no agreed measure of when a war of attrition ends"
    )
