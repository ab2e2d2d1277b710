"""From build cost to operating cost: when does serving a model cost more than building it?

Article 003's example is Dell's in-house system: built on 20 servers over three
months, then used by 6,000 engineers sending about 50 million requests a month.
The build is costed as GPU-server time (rented, or bought outright); the
operation as a token bill at dated list prices. Tokens per request are not
published, so they are a parameter and the charts sweep over them.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts, costs, fmt, rules, units
from llmecon.core.frontier import prices_in_force
from llmecon.core.rules import EXACT


def rental_build_cost(servers: int, gpus_per_server: int, months: float, usd_per_gpu_hour: float) -> float:
    """Cost of keeping `servers` busy for `months`, at a rental rate per GPU-hour."""
    return costs.rental_cost(servers * gpus_per_server, months * units.DAYS_PER_MONTH, usd_per_gpu_hour)


def purchase_build_cost(
    servers: int, gpus_per_server: int, usd_per_listed_server: float, gpus_in_listed_server: int
) -> float:
    """Cost of buying the servers outright, at the listed server's price per GPU.

    An upper bound: the servers outlive the build.
    """
    return servers * gpus_per_server * usd_per_listed_server / gpus_in_listed_server


def monthly_token_bill(requests_per_month: float, tokens_per_request, usd_per_million):
    return (
        requests_per_month
        * np.asarray(tokens_per_request, dtype=float)
        * np.asarray(usd_per_million, dtype=float)
        / units.TOKENS_PER_MILLION
    )


def months_to_pass(build_cost: float, monthly_bill):
    """Months of operation after which the cumulative bill exceeds the build cost."""
    return build_cost / np.asarray(monthly_bill, dtype=float)


def breakeven_tokens_per_request(build_cost: float, requests_per_month: float, usd_per_million):
    """Tokens per request at which a single month's bill equals the whole build cost."""
    return build_cost * units.TOKENS_PER_MILLION / (requests_per_month * np.asarray(usd_per_million, dtype=float))


def requests_per_user_per_day(requests_per_month: float, users: int, working_days_per_month: float) -> float:
    return requests_per_month / users / working_days_per_month


def priced_models(dataset, when, model_ids: list[str], input_share: float) -> pd.DataFrame:
    """Blended USD price per million tokens in force on `when` for each listed model (first-party provider first)."""
    in_force = prices_in_force(dataset.prices, when)
    in_force = in_force[in_force["model_id"].isin(model_ids)]
    usd = units.FxTable(dataset.fx).to_usd(in_force)
    usd["usd_per_million"] = units.blended_price(usd["input_per_m"], usd["output_per_m"], input_share)
    models = dataset.models[["model_id", "name", "developer", "open_weights"]]
    sources = dataset.rows("sources", "source_id", usd["source_id"])[["source_id", "publisher"]]
    out = usd.merge(models, on="model_id").merge(sources, on="source_id", how="left")
    # One price per model: the developer's own API where it sells one, else the cheapest host.
    out["first_party"] = [str(p).startswith(str(d)) for p, d in zip(out["provider"], out["developer"])]
    out = out.sort_values(["first_party", "usd_per_million"], ascending=[False, True]).groupby("model_id").head(1)
    # A model without a price in force on `when` (not yet released, or before the data) is left out; the
    # operation says which.
    return out.sort_values("usd_per_million", ascending=False).reset_index(drop=True)[
        [
            "model_id",
            "name",
            "developer",
            "provider",
            "effective_date",
            "input_per_m",
            "output_per_m",
            "usd_per_million",
            "publisher",
            "source_id",
        ]
    ]


def bill_grid(models: pd.DataFrame, requests_per_month: float, tokens_per_request: list[float]) -> pd.DataFrame:
    """Monthly bill for every model and every tokens-per-request value (long format, for charting)."""
    grid = models.merge(pd.DataFrame({"tokens_per_request": [float(t) for t in tokens_per_request]}), how="cross")
    grid["monthly_bill"] = monthly_token_bill(requests_per_month, grid["tokens_per_request"], grid["usd_per_million"])
    return grid


def cumulative_bills(
    models: pd.DataFrame, requests_per_month: float, tokens_per_request: float, horizon_months: int
) -> pd.DataFrame:
    months = pd.DataFrame({"month": np.arange(0, horizon_months + 1)})
    out = models.merge(months, how="cross")
    out["cumulative_bill"] = out["month"] * monthly_token_bill(
        requests_per_month, tokens_per_request, out["usd_per_million"]
    )
    return out


def _build_rules(build_costs: dict[str, float]) -> alt.Chart:
    rules = pd.DataFrame({"build": list(build_costs), "cost": list(build_costs.values())})
    return (
        alt.Chart(rules)
        .mark_rule(strokeDash=[6, 4], color="#555")
        .encode(
            y="cost:Q",
            tooltip=[alt.Tooltip("build:N", title="Build cost"), alt.Tooltip("cost:Q", title="USD", format="$,.0f")],
        )
    )


def _build_labels(build_costs: dict[str, float], x_value, x_type: str) -> alt.Chart:
    labels = pd.DataFrame({"build": list(build_costs), "cost": list(build_costs.values()), "x": x_value})
    return (
        alt.Chart(labels)
        .mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11)
        .encode(x=alt.X(f"x:{x_type}"), y="cost:Q", text="build:N")
    )


def bill_chart(grid: pd.DataFrame, build_costs: dict[str, float], when) -> alt.TopLevelMixin:
    lines = (
        alt.Chart(grid)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "tokens_per_request:Q",
                scale=alt.Scale(
                    type="log",
                    domain=[float(grid["tokens_per_request"].min()), float(grid["tokens_per_request"].max())],
                ),
                title="Tokens per request (input + output, log scale)",
            ),
            y=alt.Y(
                "monthly_bill:Q",
                scale=alt.Scale(type="log"),
                title="Monthly bill at 50M requests (USD, log scale)",
                axis=alt.Axis(format="$,.0s"),
            ),
            color=alt.Color("name:N", title="Model (price in force)"),
            tooltip=[
                alt.Tooltip("name:N", title="Model"),
                alt.Tooltip("developer:N", title="Developer"),
                alt.Tooltip("provider:N", title="Provider"),
                alt.Tooltip("effective_date:T", title="Price since", format="%Y-%m-%d"),
                alt.Tooltip("usd_per_million:Q", title="Blended USD per M tokens", format=",.2f"),
                alt.Tooltip("tokens_per_request:Q", title="Tokens per request", format=","),
                alt.Tooltip("monthly_bill:Q", title="Monthly bill (USD)", format="$,.0f"),
                alt.Tooltip("publisher:N", title="Price source"),
            ],
        )
    )
    chart = alt.layer(
        lines, _build_rules(build_costs), _build_labels(build_costs, float(grid["tokens_per_request"].min()), "Q")
    )
    return charts.finish(
        chart,
        title="One month of tokens against the whole build",
        subtitle=[
            f"Monthly API bill for 50 million requests at list prices in force on {fmt.day(when)}",
            "Dashed lines: build cost of 20 servers for 3 months",
        ],
        description=(
            "Log-log line chart: the monthly bill for 50 million requests rises in proportion to tokens per request, one line per model "
            "at its list price; dashed horizontal lines mark the build cost (rented or bought servers). Where a line crosses a dashed "
            "line, one month of operation costs as much as the build."
        ),
    )


def cumulative_chart(
    cumulative: pd.DataFrame, build_costs: dict[str, float], tokens_per_request: float
) -> alt.TopLevelMixin:
    lines = (
        alt.Chart(cumulative)
        .mark_line()
        .encode(
            x=alt.X("month:Q", title="Months of operation"),
            y=alt.Y("cumulative_bill:Q", title="Cumulative operating bill (USD)", axis=alt.Axis(format="$,.2s")),
            color=alt.Color("name:N", title="Model (price in force)"),
            tooltip=[
                alt.Tooltip("name:N", title="Model"),
                alt.Tooltip("developer:N", title="Developer"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("cumulative_bill:Q", title="Cumulative bill (USD)", format="$,.0f"),
                alt.Tooltip("effective_date:T", title="Price since", format="%Y-%m-%d"),
                alt.Tooltip("publisher:N", title="Price source"),
            ],
        )
    )
    chart = alt.layer(lines, _build_rules(build_costs), _build_labels(build_costs, 0, "Q"))
    return charts.finish(
        chart,
        title="When the operating bill overtakes the build",
        subtitle=[
            f"Cumulative API bill at {tokens_per_request:,.0f} tokens per request and 50 million requests a month",
            "Dashed lines: build cost",
        ],
        description=(
            "Line chart of the cumulative operating bill over the months after launch, one line per model; dashed horizontal lines "
            "mark the build cost. The month where a model's line crosses a dashed line is when operating has cost more than building."
        ),
    )


# The chapter's argument, section by section: each returns the figures its prose cites (glued by name) and, where it
# judges, the verdicts (claim id -> what the chapter records).


class Example:
    """Article 003's Dell example (servers, months, engineers, requests) and the estimates the chapter prices it with."""

    def __init__(self, dataset, gpus_per_server: int, gpus_in_listed_server: int, working_days_per_month: int):
        self.dataset = dataset
        claims = dataset.claims.set_index("claim_id")["value_low"].astype(float)
        self.servers, self.build_months = claims["a003-dell-20-servers"], claims["a003-dell-3-months-build"]
        self.engineers, self.requests_per_month = (
            claims["a003-dell-6000-engineers"],
            claims["a003-dell-50m-requests-per-month"] * 1e6,
        )
        self.estimates = dataset.estimates.set_index("estimate_id")
        self.gpus_per_server, self.gpus_in_listed_server = gpus_per_server, gpus_in_listed_server
        self.working_days_per_month = working_days_per_month

    def __call__(self, estimate_id: str) -> float:
        return float(self.estimates.loc[estimate_id, "value"])

    def sources(self, *estimate_ids: str) -> list[str]:
        return sorted(set(self.estimates.loc[list(estimate_ids), "source_id"]))

    def facts(self) -> dict:
        """The example's own numbers: requests per engineer per working day, GPU-months of the build."""
        return {
            "per_engineer_day": requests_per_user_per_day(
                self.requests_per_month, self.engineers, self.working_days_per_month
            ),
            "working_days": self.working_days_per_month,
            "gpus_per_server": self.gpus_per_server,
            "gpu_months": self.servers * self.gpus_per_server * self.build_months,
            "gpus_in_listed_server": self.gpus_in_listed_server,
            "a100_vs_h100_pct": 100 * self("gix_a100_on_demand_2024_05") / self("gix_h100_on_demand_2024_05"),
        }

    def build(self) -> tuple[dict, dict]:
        """The build priced two ways: 8-GPU H100 servers rented for its months (low, median, high on-demand rates of
        early 2024), or bought at a listed HGX H100 server's price per GPU. Returns the figures and, for the charts,
        the two build costs by label."""
        rates = {end: self(f"gpu_h100_rental_{end}_2024") for end in ("low", "high")} | {
            "mid": self("gix_h100_on_demand_2024_05")
        }
        rented = {
            end: rental_build_cost(self.servers, self.gpus_per_server, self.build_months, rate)
            for end, rate in rates.items()
        }
        bought = purchase_build_cost(
            self.servers, self.gpus_per_server, self("gpu_hgx_h100_server_price_2024"), self.gpus_in_listed_server
        )
        facts = {
            "rent_low": rates["low"],
            "rent_mid": rates["mid"],
            "rent_high": rates["high"],
            "server_price": self("gpu_hgx_h100_server_price_2024"),
            "build_rent_low": rented["low"] / 1e6,
            "build_rent": rented["mid"] / 1e6,
            "build_rent_high": rented["high"] / 1e6,
            "build_buy": bought / 1e6,
        }
        return facts, {
            f"build, rented H100 servers (${rented['mid'] / 1e6:.1f}M)": rented["mid"],
            f"build, servers bought (${bought / 1e6:.1f}M)": bought,
        }

    def operation(
        self,
        price_date,
        models: list[str],
        input_share: float,
        tokens_per_request: int,
        horizon_months: int,
        build_costs: dict,
    ) -> tuple[pd.DataFrame, dict, dict]:
        """The requests billed at each model's list price in force on `price_date`: the monthly bill, the months it
        takes to pass the rented and the bought build, and the verdict on "the largest cost is operating" (each
        model's bill passes the rented build within `horizon_months`), weighed against serving on the build's own
        servers and against the one operator whose split is reported (OpenAI, 2024)."""
        rented, bought = build_costs.values()
        priced = priced_models(self.dataset, price_date, models, input_share)
        priced["monthly_bill"] = monthly_token_bill(
            self.requests_per_month, tokens_per_request, priced["usd_per_million"]
        )
        priced["months_rented"] = months_to_pass(rented, priced["monthly_bill"])
        priced["months_bought"] = months_to_pass(bought, priced["monthly_bill"])
        priced["breakeven_tokens"] = breakeven_tokens_per_request(
            rented, self.requests_per_month, priced["usd_per_million"]
        )
        unpriced = sorted(set(models) - set(priced["model_id"]))
        if priced.empty:
            return (
                priced,
                self._unpriced_facts(tokens_per_request, input_share),
                {
                    "a003-operating-cost-dominates": {
                        "judgement": rules.untestable(
                            rules.NO_DATA_FOR_PARAMETERS,
                            f"no list price in force on "
                            f"{pd.Timestamp(price_date):%Y-%m-%d} for any of {', '.join(models)}",
                        )
                    }
                },
            )
        dearest, cheapest = priced.iloc[0], priced.iloc[-1]
        facts = {
            "tokens_per_request": tokens_per_request,
            "input_share_pct": 100 * input_share,
            "monthly_tokens_b": self.requests_per_month * tokens_per_request / 1e9,
            "dearest_bill": dearest["monthly_bill"] / 1e3,
            "cheapest_bill": cheapest["monthly_bill"] / 1e3,
            "dearest_months": dearest["months_rented"],
            "cheapest_months": cheapest["months_rented"],
            "dearest_months_bought": dearest["months_bought"],
            "cheapest_months_bought": cheapest["months_bought"],
            "dearest_breakeven": dearest["breakeven_tokens"],
            "cheapest_breakeven": cheapest["breakeven_tokens"],
        }
        unit = "months for the bill to pass the build"
        # Fewer months to pass the build is a larger operating cost: a smaller number goes further.
        by_api = rules.all_parts(
            {
                name: rules.at_most(months, horizon_months, unit, tolerance=EXACT).going(rules.BELOW)
                for name, months in priced.set_index("name")["months_rented"].items()
            }
        )
        # On its own servers the same fleet costs a third of the three-month rented build each month.
        own = rules.at_most(self.build_months, horizon_months, unit, tolerance=EXACT).going(rules.BELOW)
        split = self("openai_2024_inference_compute_spend") / self("openai_2024_training_compute_spend")
        operator = rules.at_least(split, 1, "x training spend", tolerance=EXACT)
        judged = rules.weigh(
            by_api,
            f"an API bill passing the build within {horizon_months} months, at each model's price",
            {"served on the build's own servers": own, "an operator's reported split (OpenAI, 2024)": operator},
        )
        verdict = {
            "judgement": judged,
            "evidence": sorted(set(priced["source_id"])),
            "measured": f"at {rules.fmt(tokens_per_request)} tokens per request the API bill passes a ${rules.fmt(rented / 1e6)}M "
            f"rented build after {rules.fmt(dearest['months_rented'])} months ({dearest['name']}) to "
            f"{rules.fmt(cheapest['months_rented'])} months ({cheapest['name']})",
            "note": "Dell's token counts and prices are not public, so this is a priced illustration"
            + (
                f"; no price in force on {pd.Timestamp(price_date):%Y-%m-%d} for {', '.join(unpriced)}"
                if unpriced
                else ""
            ),
            "says": ("operating cost more than claimed", "operating cost less than claimed"),
        }
        return priced, facts, {"a003-operating-cost-dominates": verdict}

    def _unpriced_facts(self, tokens_per_request: int, input_share: float) -> dict:
        """The operation's figures when no listed model has a price on the date: the bills are missing."""
        return {
            "tokens_per_request": tokens_per_request,
            "input_share_pct": 100 * input_share,
            "monthly_tokens_b": self.requests_per_month * tokens_per_request / 1e9,
            **dict.fromkeys(
                [
                    f"{end}_{what}"
                    for end in ("dearest", "cheapest")
                    for what in ("bill", "months", "months_bought", "breakeven")
                ]
            ),
        }

    def operator_split(self) -> dict:
        """OpenAI's reported 2024 inference and training compute, and what its inference fleet implies."""
        inference, training = self("openai_2024_inference_compute_spend"), self("openai_2024_training_compute_spend")
        a100s, rate = self("openai_2024_inference_a100_count"), self("openai_2024_a100_rental_rate")
        return {
            "openai_inference_b": inference / 1e9,
            "openai_training_b": training / 1e9,
            "openai_ratio": inference / training,
            "openai_a100s": a100s,
            "openai_a100_rate": rate,
            "openai_implied_b": a100s * rate * 12 * units.HOURS_PER_MONTH / 1e9,
            "gpt4_training_m": self("ai_index_2024_gpt4_training_cost") / 1e6,
            "serving_vs_gpt4": inference / self("ai_index_2024_gpt4_training_cost"),
        }
