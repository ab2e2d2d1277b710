"""Token prices and the 2024 price war: conversions, the articles' arithmetic, and its tests.

Article 004 quotes prices per 1,000 tokens in dollars and yuan, "tokens per
yuan", percentage cuts and a self-hosting figure. These helpers put every
price on one footing (a currency per million input and output tokens at the
exchange rate of the price's date), count OpenAI's cuts from dated list
prices, find the price-capability frontier at a date, and model the cost of
serving an open model on rented GPUs.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts, units
from llmecon.core.frontier import model_scores, prices_in_force

CURRENCY_LABELS = {"CNY": "RMB", "USD": "USD"}


# -- units --------------------------------------------------------------------

def tokens_per_unit_from_per_1k(price_per_1k: float) -> float:
    """Tokens one unit of currency buys at a price quoted per 1,000 tokens (RMB 0.0008 -> 1.25M)."""
    return units.tokens_per_currency_unit(units.per_1k_to_per_m(price_per_1k))


def price_per_m_from_tokens_per_unit(tokens_per_unit: float) -> float:
    """The price per million tokens implied by 'one unit of currency buys N tokens'."""
    if tokens_per_unit <= 0:
        raise ValueError(f"tokens per unit must be positive, got {tokens_per_unit}")
    return units.TOKENS_PER_MILLION / tokens_per_unit


def cost_of_tokens(tokens: float, price_per_m: float) -> float:
    return tokens / units.TOKENS_PER_MILLION * price_per_m


def copies_of_text(tokens: float, characters_per_copy: float, characters_per_token: float) -> float:
    """How many copies of a text of `characters_per_copy` characters `tokens` tokens cover."""
    return tokens * characters_per_token / characters_per_copy


def rate_that_reproduces(claimed_local_price: float, usd_price: float) -> float:
    """The CNY-per-USD rate at which a USD price equals a claimed yuan price."""
    return claimed_local_price / usd_price


def domestic_prices_before(prices: pd.DataFrame, events: pd.DataFrame, date) -> pd.DataFrame:
    """List input prices (yuan per million tokens) of Chinese models in force just before `date`: the price
    table's rows in force on the day before, and from the price-war events each model's price before its cut
    or its reported reference price. Free offers and launches on or after `date` have no earlier price.
    The "industry average" of article 004 is tested against the mean of these."""
    day_before = pd.Timestamp(date) - pd.Timedelta(days=1)
    in_force = prices_in_force(prices[(prices["country"] == "CN") & (prices["currency"] == "CNY")], day_before)
    rows = {row["model_id"]: (row["name"], float(row["input_per_m"]), row["source_id"]) for _, row in in_force.iterrows()}
    for _, event in events[(events["country"] == "CN") & (events["currency"] == "CNY")].iterrows():
        key = event["model_id"] if isinstance(event["model_id"], str) and event["model_id"] else event["model"]
        if key in rows:
            continue
        if pd.notna(event["input_before_per_m"]):
            rows[key] = (event["model"], float(event["input_before_per_m"]), event["source_id"])
        elif event["kind"] == "reference":
            rows[key] = (event["model"], float(event["input_per_m"]), event["source_id"])
    return pd.DataFrame([{"model": name, "input_per_m": price, "source_id": source} for name, price, source in rows.values()])


def blend_or_missing(input_per_m, output_per_m, basis: str, input_share: float):
    """The price on a basis: 'input', 'output' or 'blend' (NaN where the output price is unknown)."""
    if basis == "input":
        return input_per_m
    if basis == "output":
        return output_per_m
    if basis == "blend":
        return units.blended_price(input_per_m, output_per_m, input_share)
    raise ValueError(f"basis must be input, output or blend, got {basis!r}")


# -- OpenAI's cuts ------------------------------------------------------------

def family_price_steps(prices: pd.DataFrame, families: dict[str, list[str]], input_share: float) -> pd.DataFrame:
    """Each OpenAI model family's list price over time: the price of its newest priced model.

    A family is a product line (GPT-3.5, GPT-4); a new model in the line
    replaces the previous one, so its launch price is the line's new price.
    Rows whose price did not change are dropped.
    """
    rows = []
    for family, model_ids in families.items():
        own = prices[prices["model_id"].isin(model_ids)].sort_values("effective_date")
        previous = np.nan
        for _, row in own.iterrows():
            price = float(units.blended_price(row["input_per_m"], row["output_per_m"], input_share))
            if price == previous:
                continue
            rows.append({"family": family, "date": row["effective_date"], "model_id": row["model_id"],
                         "input_per_m": row["input_per_m"], "output_per_m": row["output_per_m"],
                         "price": price, "previous_price": previous,
                         "is_cut": bool(price < previous) if previous == previous else False,
                         "source_id": row["source_id"]})
            previous = price
    return pd.DataFrame(rows)


def count_cut_dates(steps: pd.DataFrame, after, until) -> int:
    """Distinct dates in (after, until] on which any family's price fell: one announcement, one cut."""
    cuts = steps[steps["is_cut"] & (steps["date"] > pd.Timestamp(after)) & (steps["date"] <= pd.Timestamp(until))]
    return int(cuts["date"].nunique())


# -- price against capability -------------------------------------------------

def pareto_mask(prices: pd.Series, scores: pd.Series) -> pd.Series:
    """True for offers no other offer beats on both counts (cheaper or equal and scoring higher).

    Walking from the cheapest up, an offer is on the frontier when it scores
    higher than every cheaper one.
    """
    order = np.lexsort((-scores.to_numpy(), prices.to_numpy()))
    best = -np.inf
    on_frontier = np.zeros(len(prices), dtype=bool)
    for i in order:
        if scores.iloc[i] > best:
            on_frontier[i] = True
            best = scores.iloc[i]
    return pd.Series(on_frontier, index=prices.index)


def capability_snapshot(prices: pd.DataFrame, benchmarks: pd.DataFrame, benchmark: str, evaluators: list[str],
                        when, input_share: float, exclude_reasoning: bool = True) -> pd.DataFrame:
    """Models on sale at `when` with their cheapest blended price and a score, frontier marked.

    `prices` must already be in one currency and carry model details (name,
    developer, country, reasoning) and source publisher.
    """
    in_force = prices_in_force(prices, when)
    if exclude_reasoning:
        in_force = in_force[~in_force["reasoning"].astype(bool)]
    in_force = in_force.assign(price=units.blended_price(in_force["input_per_m"], in_force["output_per_m"], input_share))
    cheapest = in_force.sort_values("price").drop_duplicates("model_id")
    scored = cheapest.merge(model_scores(benchmarks, benchmark, evaluators), on="model_id")
    if scored.empty:
        return scored.assign(on_frontier=pd.Series(dtype=bool), snapshot=pd.Timestamp(when))
    scored = scored.reset_index(drop=True)
    return scored.assign(on_frontier=pareto_mask(scored["price"], scored["score"]), snapshot=pd.Timestamp(when))


def cheapest_at_least(snapshot: pd.DataFrame, score: float) -> pd.Series | None:
    """The cheapest offer in a snapshot scoring at least `score`."""
    eligible = snapshot[snapshot["score"] >= score].sort_values("price")
    return None if eligible.empty else eligible.iloc[0]


# -- self-hosting -------------------------------------------------------------

def _unit(currency: str) -> str:
    return f"{CURRENCY_LABELS.get(currency, currency)} per million tokens"


def tokens_per_rmb_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Article's tokens-per-RMB figures against the recomputed ones, per item, log scale."""
    long = pd.concat([
        table.assign(kind="article", tokens=table["claimed"]),
        table.assign(kind="recomputed", tokens=table["recomputed"]),
    ], ignore_index=True).dropna(subset=["tokens"])
    x = alt.X("tokens:Q", scale=alt.Scale(type="log"), title="Tokens one RMB buys (log scale)")
    y = alt.Y("item:N", sort=list(table["item"]), title=None)
    tooltip = [alt.Tooltip("item:N", title="Item"), alt.Tooltip("kind:N", title="Figure"),
               alt.Tooltip("tokens:Q", title="Tokens per RMB", format=",.0f"),
               alt.Tooltip("basis:N", title="Recomputed from"), alt.Tooltip("date:N", title="Price date"),
               alt.Tooltip("source:N", title="Source")]
    rule = alt.Chart(table.dropna(subset=["recomputed"])).mark_rule(color="#999").encode(
        x=alt.X("claimed:Q", scale=alt.Scale(type="log")), x2="recomputed:Q", y=y)
    dots = alt.Chart(long).mark_point(filled=True, size=90).encode(
        x=x, y=y, shape=alt.Shape("kind:N", title="Figure"), color=alt.Color("kind:N", title="Figure"), tooltip=tooltip)
    return charts.finish(
        alt.layer(rule, dots),
        title="What one yuan buys: the article's figures and ours",
        subtitle="Each row: the article's tokens per RMB and the figure recomputed from dated list prices",
        description="Dot chart on a log scale comparing, for each of the article's 'one yuan buys N tokens' figures, "
                    "the article's number with the number recomputed from list prices at the May 2024 exchange rate.",
        height=max(160, 40 * len(table)))


def timeline_chart(steps: pd.DataFrame, end, currency: str, basis_label: str) -> alt.LayerChart:
    """Step lines of list prices per model over time (log scale), one colour per developer."""
    steps = steps.sort_values(["label", "date"])
    ends = steps.groupby("label", as_index=False).tail(1).assign(date=pd.Timestamp(end), is_change=False)
    stepped = pd.concat([steps, ends], ignore_index=True).sort_values(["label", "date"])
    x = alt.X("date:T", title="Date the price took effect", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title=f"{basis_label}, {_unit(currency)} (log scale)")
    colour = alt.Color("developer:N", title="Developer")
    tooltip = [alt.Tooltip("label:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
               alt.Tooltip("provider:N", title="Sold by"), alt.Tooltip("date:T", title="Price from"),
               alt.Tooltip("price:Q", title=_unit(currency), format=",.3f"),
               alt.Tooltip("publisher:N", title="Source"), alt.Tooltip("url:N", title="Source URL")]
    lines = alt.Chart(stepped).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour, detail="label:N")
    points = alt.Chart(steps).mark_point(filled=True, size=50).encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = alt.Chart(ends).mark_text(align="left", dx=4, fontSize=10).encode(x=x, y=y, text="label:N", color=colour)
    return charts.finish(
        alt.layer(lines, points, labels),
        title="List prices of the models the articles name",
        subtitle=[f"{basis_label} per million tokens at the exchange rate of each price's date;",
                  "dots mark dated prices, lines hold each price until the next"],
        description=f"Log-scale step chart of list prices ({basis_label.lower()}) in {currency} per million tokens for "
                    "OpenAI's GPT-3.5 and GPT-4 lines and the Chinese models of the May 2024 price war, "
                    f"up to {pd.Timestamp(end).date()}.",
        height=420)


def frontier_chart(snapshots: pd.DataFrame, benchmark_label: str, currency: str) -> alt.LayerChart:
    """Price against score at several dates, Pareto frontier per date, China and US marked."""
    data = snapshots.assign(when=snapshots["snapshot"].dt.strftime("%Y-%m-%d"))
    x = alt.X("score:Q", scale=alt.Scale(zero=False), title=f"{benchmark_label} score")
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title=f"Blended price, {_unit(currency)} (log scale)")
    colour = alt.Color("when:N", title="Prices in force on")
    shape = alt.Shape("region:N", title="Developer based in")
    tooltip = [alt.Tooltip("name:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
               alt.Tooltip("provider:N", title="Sold by"), alt.Tooltip("effective_date:T", title="Price from"),
               alt.Tooltip("price:Q", title=_unit(currency), format=",.3f"), alt.Tooltip("score:Q", title="Score"),
               alt.Tooltip("when:N", title="Snapshot"), alt.Tooltip("publisher:N", title="Price source")]
    points = alt.Chart(data).mark_point(size=70, filled=True, opacity=0.8).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    frontier = data[data["on_frontier"]].sort_values(["when", "score"])
    line = alt.Chart(frontier).mark_line(interpolate="step-before", strokeWidth=1.5).encode(
        x=x, y=y, color=colour, detail="when:N")
    return charts.finish(
        alt.layer(line, points),
        title="Price against capability: the frontier moved down and right",
        subtitle=["Each mark: a model on sale on the date, at its cheapest blended price; lines: the Pareto frontier",
                  "(no model on it is beaten by one both cheaper and higher-scoring)"],
        description=f"Scatter of blended price per million tokens ({currency}, log scale) against {benchmark_label} score "
                    "for models on sale at three dates, with each date's Pareto frontier drawn as a line and "
                    "models from China and the United States shown with different shapes.",
        height=440)


def self_hosting_chart(grid: pd.DataFrame, claimed_cost: float, market_cost: float, currency: str) -> alt.LayerChart:
    """Self-hosting cost per million tokens against utilisation, per throughput, with the article's figure."""
    x = alt.X("utilisation_pct:Q", title="GPU utilisation (% of paid hours generating tokens)")
    y = alt.Y("cost:Q", scale=alt.Scale(type="log"), title=f"Cost, {_unit(currency)} (log scale)")
    colour = alt.Color("throughput:N", title="Generated tokens per second per GPU", sort=None)
    tooltip = [alt.Tooltip("throughput:N", title="Tokens/s per GPU"),
               alt.Tooltip("utilisation_pct:Q", title="Utilisation %", format=".0f"),
               alt.Tooltip("cost:Q", title=_unit(currency), format=",.2f")]
    lines = alt.Chart(grid).mark_line().encode(x=x, y=y, color=colour, tooltip=tooltip)
    refs = pd.DataFrame({"cost": [claimed_cost, market_cost],
                         "label": ["article: 30,000 tokens per RMB", "hosted Llama 2 70B list price"]})
    rules = alt.Chart(refs).mark_rule(strokeDash=[5, 3], color="#555").encode(
        y="cost:Q", tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("cost:Q", format=",.2f", title=_unit(currency))])
    text = alt.Chart(refs).mark_text(align="right", dy=-6, x="width", fontSize=11, color="#333").encode(
        y="cost:Q", text="label:N")
    return charts.finish(
        alt.layer(lines, rules, text),
        title="Self-hosting a 70B open model: cost per million tokens",
        subtitle=["Rented GPU price ÷ tokens generated in the hours paid for;", "dashed: the article's figure and a hosted list price"],
        description="Line chart of the cost per million generated tokens of serving a 70-billion-parameter open model on rented "
                    "GPUs, against utilisation, for several throughputs, on a log scale, with the article's 30,000 tokens "
                    "per yuan and a hosted Llama 2 70B list price as dashed reference lines.")


def snapshot_chart(latest: pd.DataFrame, may_2024: pd.DataFrame, currency: str) -> alt.LayerChart:
    """Input against output price in the latest catalogue, by country, with May 2024 reference prices."""
    data = pd.concat([latest.assign(group=latest["region"] + ", " + latest["date"].dt.strftime("%b %Y")),
                      may_2024.assign(group="May 2024 reference")], ignore_index=True)
    x = alt.X("input_per_m:Q", scale=alt.Scale(type="log"), title=f"Input price, {_unit(currency)} (log scale)")
    y = alt.Y("output_per_m:Q", scale=alt.Scale(type="log"), title=f"Output price, {_unit(currency)} (log scale)")
    tooltip = [alt.Tooltip("model:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
               alt.Tooltip("date:T", title="Price date"), alt.Tooltip("input_per_m:Q", title="Input", format=",.3f"),
               alt.Tooltip("output_per_m:Q", title="Output", format=",.3f"), alt.Tooltip("publisher:N", title="Source")]
    points = alt.Chart(data).mark_point(filled=True, size=70, opacity=0.85).encode(
        x=x, y=y, color=alt.Color("group:N", title=None), shape=alt.Shape("group:N", title=None), tooltip=tooltip)
    labels = alt.Chart(may_2024).mark_text(align="left", dx=6, fontSize=10).encode(x=x, y=y, text="model:N")
    return charts.finish(
        alt.layer(points, labels),
        title="After the articles: list prices in the latest catalogue",
        subtitle=["Input and output price per million tokens of every model in the catalogue,", "with the May 2024 prices the articles used"],
        description=f"Log-log scatter of input against output price in {currency} per million tokens for the Chinese and "
                    "US models of the latest price catalogue, with GPT-4o, GPT-4 Turbo and DeepSeek-V2 at their "
                    "May 2024 prices for reference.",
        height=420)
