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

from llmecon.core import charts, costs, units
from llmecon.core.frontier import prices_in_force

def rental_build_cost(servers: int, gpus_per_server: int, months: float, usd_per_gpu_hour: float) -> float:
    """Cost of keeping `servers` busy for `months`, at a rental rate per GPU-hour."""
    return costs.rental_cost(servers * gpus_per_server, months * units.DAYS_PER_MONTH, usd_per_gpu_hour)


def purchase_build_cost(servers: int, gpus_per_server: int, usd_per_listed_server: float,
                        gpus_in_listed_server: int) -> float:
    """Cost of buying the servers outright, at the listed server's price per GPU.

    An upper bound: the servers outlive the build.
    """
    return servers * gpus_per_server * usd_per_listed_server / gpus_in_listed_server


def monthly_token_bill(requests_per_month: float, tokens_per_request, usd_per_million):
    return requests_per_month * np.asarray(tokens_per_request, dtype=float) * np.asarray(usd_per_million, dtype=float) / units.TOKENS_PER_MILLION


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
    missing = sorted(set(model_ids) - set(out["model_id"]))
    if missing:
        raise ValueError(f"no price in force on {pd.Timestamp(when).date()} for: {', '.join(missing)}")
    return out.sort_values("usd_per_million", ascending=False).reset_index(drop=True)[
        ["model_id", "name", "developer", "provider", "effective_date", "input_per_m", "output_per_m", "usd_per_million", "publisher",
         "source_id"]]


def bill_grid(models: pd.DataFrame, requests_per_month: float, tokens_per_request: list[float]) -> pd.DataFrame:
    """Monthly bill for every model and every tokens-per-request value (long format, for charting)."""
    grid = models.merge(pd.DataFrame({"tokens_per_request": [float(t) for t in tokens_per_request]}), how="cross")
    grid["monthly_bill"] = monthly_token_bill(requests_per_month, grid["tokens_per_request"], grid["usd_per_million"])
    return grid


def cumulative_bills(models: pd.DataFrame, requests_per_month: float, tokens_per_request: float, horizon_months: int) -> pd.DataFrame:
    months = pd.DataFrame({"month": np.arange(0, horizon_months + 1)})
    out = models.merge(months, how="cross")
    out["cumulative_bill"] = out["month"] * monthly_token_bill(requests_per_month, tokens_per_request, out["usd_per_million"])
    return out


def _build_rules(build_costs: dict[str, float]) -> alt.Chart:
    rules = pd.DataFrame({"build": list(build_costs), "cost": list(build_costs.values())})
    return alt.Chart(rules).mark_rule(strokeDash=[6, 4], color="#555").encode(
        y="cost:Q", tooltip=[alt.Tooltip("build:N", title="Build cost"), alt.Tooltip("cost:Q", title="USD", format="$,.0f")])


def _build_labels(build_costs: dict[str, float], x_value, x_type: str) -> alt.Chart:
    labels = pd.DataFrame({"build": list(build_costs), "cost": list(build_costs.values()), "x": x_value})
    return alt.Chart(labels).mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11).encode(
        x=alt.X(f"x:{x_type}"), y="cost:Q", text="build:N")


def bill_chart(grid: pd.DataFrame, build_costs: dict[str, float], when) -> alt.TopLevelMixin:
    lines = alt.Chart(grid).mark_line(point=True).encode(
        x=alt.X("tokens_per_request:Q", scale=alt.Scale(type="log", domain=[float(grid["tokens_per_request"].min()), float(grid["tokens_per_request"].max())]), title="Tokens per request (input + output, log scale)"),
        y=alt.Y("monthly_bill:Q", scale=alt.Scale(type="log"), title="Monthly bill at 50M requests (USD, log scale)", axis=alt.Axis(format="$,.0s")),
        color=alt.Color("name:N", title="Model (price in force)"),
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
                 alt.Tooltip("provider:N", title="Provider"), alt.Tooltip("effective_date:T", title="Price since", format="%Y-%m-%d"),
                 alt.Tooltip("usd_per_million:Q", title="Blended USD per M tokens", format=",.2f"),
                 alt.Tooltip("tokens_per_request:Q", title="Tokens per request", format=","),
                 alt.Tooltip("monthly_bill:Q", title="Monthly bill (USD)", format="$,.0f"),
                 alt.Tooltip("publisher:N", title="Price source")])
    chart = alt.layer(lines, _build_rules(build_costs), _build_labels(build_costs, float(grid["tokens_per_request"].min()), "Q"))
    return charts.finish(
        chart, title="One month of tokens against the whole build",
        subtitle=[f"Monthly API bill for 50 million requests at list prices in force on {pd.Timestamp(when):%d %B %Y}",
                  "Dashed lines: build cost of 20 servers for 3 months"],
        description=("Log-log line chart: the monthly bill for 50 million requests rises in proportion to tokens per request, one line per model "
                     "at its list price; dashed horizontal lines mark the build cost (rented or bought servers). Where a line crosses a dashed "
                     "line, one month of operation costs as much as the build."))


def cumulative_chart(cumulative: pd.DataFrame, build_costs: dict[str, float], tokens_per_request: float) -> alt.TopLevelMixin:
    lines = alt.Chart(cumulative).mark_line().encode(
        x=alt.X("month:Q", title="Months of operation"),
        y=alt.Y("cumulative_bill:Q", title="Cumulative operating bill (USD)", axis=alt.Axis(format="$,.2s")),
        color=alt.Color("name:N", title="Model (price in force)"),
        tooltip=[alt.Tooltip("name:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
                 alt.Tooltip("month:Q", title="Month"), alt.Tooltip("cumulative_bill:Q", title="Cumulative bill (USD)", format="$,.0f"),
                 alt.Tooltip("effective_date:T", title="Price since", format="%Y-%m-%d"), alt.Tooltip("publisher:N", title="Price source")])
    chart = alt.layer(lines, _build_rules(build_costs), _build_labels(build_costs, 0, "Q"))
    return charts.finish(
        chart, title="When the operating bill overtakes the build",
        subtitle=[f"Cumulative API bill at {tokens_per_request:,.0f} tokens per request and 50 million requests a month",
                  "Dashed lines: build cost"],
        description=("Line chart of the cumulative operating bill over the months after launch, one line per model; dashed horizontal lines "
                     "mark the build cost. The month where a model's line crosses a dashed line is when operating has cost more than building."))
