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

from llmecon.core import charts, costs, fmt, rules, units
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
    rows = {
        row["model_id"]: (row["name"], float(row["input_per_m"]), row["source_id"]) for _, row in in_force.iterrows()
    }
    for _, event in events[(events["country"] == "CN") & (events["currency"] == "CNY")].iterrows():
        key = event["model_id"] if isinstance(event["model_id"], str) and event["model_id"] else event["model"]
        if key in rows:
            continue
        if pd.notna(event["input_before_per_m"]):
            rows[key] = (event["model"], float(event["input_before_per_m"]), event["source_id"])
        elif event["kind"] == "reference":
            rows[key] = (event["model"], float(event["input_per_m"]), event["source_id"])
    return pd.DataFrame(
        [{"model": name, "input_per_m": price, "source_id": source} for name, price, source in rows.values()]
    )


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


def family_price_steps(
    prices: pd.DataFrame, families: dict[str, list[str]], input_share: float, seller: str = "OpenAI"
) -> pd.DataFrame:
    """Each OpenAI product line's list price over time, as `seller` sold it: the price of its newest priced model.

    A family is a product line (GPT-3.5, GPT-4) listed oldest model first; a new model in the line replaces the
    previous one, so its launch price is the line's new price. Another seller's row (Microsoft Azure resells the
    same models) and an older model's row seen again later are not the line's price and are skipped: counted,
    they made the GPT-4 line go 15 -> 37.5 -> 15 on one day. Rows whose price did not change are dropped.
    """
    rows = []
    own_rows = prices[prices["provider"] == seller]
    for family, model_ids in families.items():
        own = own_rows[own_rows["model_id"].isin(model_ids)].sort_values("effective_date")
        previous, newest = np.nan, -1
        for _, row in own.iterrows():
            position = model_ids.index(row["model_id"])
            if position < newest:
                continue
            newest = position
            price = float(units.blended_price(row["input_per_m"], row["output_per_m"], input_share))
            if price == previous:
                continue
            rows.append(
                {
                    "family": family,
                    "date": row["effective_date"],
                    "model_id": row["model_id"],
                    "input_per_m": row["input_per_m"],
                    "output_per_m": row["output_per_m"],
                    "price": price,
                    "previous_price": previous,
                    "is_cut": bool(price < previous) if previous == previous else False,
                    "source_id": row["source_id"],
                }
            )
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


def capability_snapshot(
    prices: pd.DataFrame,
    benchmarks: pd.DataFrame,
    benchmark: str,
    evaluators: list[str],
    when,
    input_share: float,
    exclude_reasoning: bool = True,
) -> pd.DataFrame:
    """Models on sale at `when` with their cheapest blended price and a score, frontier marked.

    `prices` must already be in one currency and carry model details (name,
    developer, country, reasoning) and source publisher.
    """
    in_force = prices_in_force(prices, when)
    if exclude_reasoning:
        in_force = in_force[~in_force["reasoning"].astype(bool)]
    in_force = in_force.assign(
        price=units.blended_price(in_force["input_per_m"], in_force["output_per_m"], input_share)
    )
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
    long = pd.concat(
        [
            table.assign(kind="article", tokens=table["claimed"]),
            table.assign(kind="recomputed", tokens=table["recomputed"]),
        ],
        ignore_index=True,
    ).dropna(subset=["tokens"])
    x = alt.X("tokens:Q", scale=alt.Scale(type="log"), title="Tokens one RMB buys (log scale)")
    y = alt.Y("item:N", sort=list(table["item"]), title=None)
    tooltip = [
        alt.Tooltip("item:N", title="Item"),
        alt.Tooltip("kind:N", title="Figure"),
        alt.Tooltip("tokens:Q", title="Tokens per RMB", format=",.0f"),
        alt.Tooltip("basis:N", title="Recomputed from"),
        alt.Tooltip("date:N", title="Price date"),
        alt.Tooltip("source:N", title="Source"),
    ]
    rule = (
        alt.Chart(table.dropna(subset=["recomputed"]))
        .mark_rule(color="#999")
        .encode(x=alt.X("claimed:Q", scale=alt.Scale(type="log")), x2="recomputed:Q", y=y)
    )
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=90)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("kind:N", title="Figure"),
            color=alt.Color("kind:N", title="Figure"),
            tooltip=tooltip,
        )
    )
    return charts.finish(
        alt.layer(rule, dots),
        title="What one yuan buys: the article's figures and ours",
        subtitle="Each row: the article's tokens per RMB and the figure recomputed from dated list prices",
        description="Dot chart on a log scale comparing, for each of the article's 'one yuan buys N tokens' figures, "
        "the article's number with the number recomputed from list prices at the May 2024 exchange rate.",
        height=max(160, 40 * len(table)),
    )


def timeline_chart(steps: pd.DataFrame, end, currency: str, basis_label: str) -> alt.LayerChart:
    """Step lines of list prices per model over time (log scale), one colour per developer."""
    steps = steps.sort_values(["label", "date"])
    ends = steps.groupby("label", as_index=False).tail(1).assign(date=pd.Timestamp(end), is_change=False)
    stepped = pd.concat([steps, ends], ignore_index=True).sort_values(["label", "date"])
    x = alt.X("date:T", title="Date the price took effect", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title=f"{basis_label}, {_unit(currency)} (log scale)")
    colour = alt.Color("developer:N", title="Developer")
    tooltip = [
        alt.Tooltip("label:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("provider:N", title="Sold by"),
        alt.Tooltip("date:T", title="Price from"),
        alt.Tooltip("price:Q", title=_unit(currency), format=",.3f"),
        alt.Tooltip("publisher:N", title="Source"),
        alt.Tooltip("url:N", title="Source URL"),
    ]
    lines = alt.Chart(stepped).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour, detail="label:N")
    points = alt.Chart(steps).mark_point(filled=True, size=50).encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = alt.Chart(ends).mark_text(align="left", dx=4, fontSize=10).encode(x=x, y=y, text="label:N", color=colour)
    return charts.finish(
        alt.layer(lines, points, labels),
        title="List prices of the models the articles name",
        subtitle=[
            f"{basis_label} per million tokens at the exchange rate of each price's date;",
            "dots mark dated prices, lines hold each price until the next",
        ],
        description=f"Log-scale step chart of list prices ({basis_label.lower()}) in {currency} per million tokens for "
        "OpenAI's GPT-3.5 and GPT-4 lines and the Chinese models of the May 2024 price war, "
        f"up to {pd.Timestamp(end).date()}.",
        height=420,
    )


def frontier_chart(snapshots: pd.DataFrame, benchmark_label: str, currency: str) -> alt.LayerChart:
    """Price against score at several dates, Pareto frontier per date, China and US marked."""
    data = snapshots.assign(when=snapshots["snapshot"].dt.strftime("%Y-%m-%d"))
    x = alt.X("score:Q", scale=alt.Scale(zero=False), title=f"{benchmark_label} score")
    y = alt.Y("price:Q", scale=alt.Scale(type="log"), title=f"Blended price, {_unit(currency)} (log scale)")
    colour = alt.Color("when:N", title="Prices in force on")
    shape = alt.Shape("region:N", title="Developer based in")
    tooltip = [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("provider:N", title="Sold by"),
        alt.Tooltip("effective_date:T", title="Price from"),
        alt.Tooltip("price:Q", title=_unit(currency), format=",.3f"),
        alt.Tooltip("score:Q", title="Score"),
        alt.Tooltip("when:N", title="Snapshot"),
        alt.Tooltip("publisher:N", title="Price source"),
    ]
    points = (
        alt.Chart(data)
        .mark_point(size=70, filled=True, opacity=0.8)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    )
    frontier = data[data["on_frontier"]].sort_values(["when", "score"])
    line = (
        alt.Chart(frontier)
        .mark_line(interpolate="step-before", strokeWidth=1.5)
        .encode(x=x, y=y, color=colour, detail="when:N")
    )
    return charts.finish(
        alt.layer(line, points),
        title="Price against capability: the frontier moved down and right",
        subtitle=[
            "Each mark: a model on sale on the date, at its cheapest blended price; lines: the Pareto frontier",
            "(no model on it is beaten by one both cheaper and higher-scoring)",
        ],
        description=f"Scatter of blended price per million tokens ({currency}, log scale) against {benchmark_label} score "
        "for models on sale at three dates, with each date's Pareto frontier drawn as a line and "
        "models from China and the United States shown with different shapes.",
        height=440,
    )


def self_hosting_chart(grid: pd.DataFrame, claimed_cost: float, market_cost: float, currency: str) -> alt.LayerChart:
    """Self-hosting cost per million tokens against utilisation, per throughput, with the article's figure."""
    x = alt.X("utilisation_pct:Q", title="GPU utilisation (% of paid hours generating tokens)")
    y = alt.Y("cost:Q", scale=alt.Scale(type="log"), title=f"Cost, {_unit(currency)} (log scale)")
    colour = alt.Color("throughput:N", title="Generated tokens per second per GPU", sort=None)
    tooltip = [
        alt.Tooltip("throughput:N", title="Tokens/s per GPU"),
        alt.Tooltip("utilisation_pct:Q", title="Utilisation %", format=".0f"),
        alt.Tooltip("cost:Q", title=_unit(currency), format=",.2f"),
    ]
    lines = alt.Chart(grid).mark_line().encode(x=x, y=y, color=colour, tooltip=tooltip)
    refs = pd.DataFrame(
        {
            "cost": [claimed_cost, market_cost],
            "label": ["article: 30,000 tokens per RMB", "hosted Llama 2 70B list price"],
        }
    )
    rules = (
        alt.Chart(refs)
        .mark_rule(strokeDash=[5, 3], color="#555")
        .encode(
            y="cost:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Reference"),
                alt.Tooltip("cost:Q", format=",.2f", title=_unit(currency)),
            ],
        )
    )
    text = (
        alt.Chart(refs)
        .mark_text(align="right", dy=-6, x="width", fontSize=11, color="#333")
        .encode(y="cost:Q", text="label:N")
    )
    return charts.finish(
        alt.layer(lines, rules, text),
        title="Self-hosting a 70B open model: cost per million tokens",
        subtitle=[
            "Rented GPU price ÷ tokens generated in the hours paid for;",
            "dashed: the article's figure and a hosted list price",
        ],
        description="Line chart of the cost per million generated tokens of serving a 70-billion-parameter open model on rented "
        "GPUs, against utilisation, for several throughputs, on a log scale, with the article's 30,000 tokens "
        "per yuan and a hosted Llama 2 70B list price as dashed reference lines.",
    )


def snapshot_chart(latest: pd.DataFrame, may_2024: pd.DataFrame, currency: str) -> alt.LayerChart:
    """Input against output price in the latest catalogue, by country, with May 2024 reference prices."""
    data = pd.concat(
        [
            latest.assign(group=latest["region"] + ", " + latest["date"].dt.strftime("%b %Y")),
            may_2024.assign(group="May 2024 reference"),
        ],
        ignore_index=True,
    )
    x = alt.X("input_per_m:Q", scale=alt.Scale(type="log"), title=f"Input price, {_unit(currency)} (log scale)")
    y = alt.Y("output_per_m:Q", scale=alt.Scale(type="log"), title=f"Output price, {_unit(currency)} (log scale)")
    tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("date:T", title="Price date"),
        alt.Tooltip("input_per_m:Q", title="Input", format=",.3f"),
        alt.Tooltip("output_per_m:Q", title="Output", format=",.3f"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=x, y=y, color=alt.Color("group:N", title=None), shape=alt.Shape("group:N", title=None), tooltip=tooltip
        )
    )
    labels = alt.Chart(may_2024).mark_text(align="left", dx=6, fontSize=10).encode(x=x, y=y, text="model:N")
    return charts.finish(
        alt.layer(points, labels),
        title="After the articles: list prices in the latest catalogue",
        subtitle=[
            "Input and output price per million tokens of every model in the catalogue,",
            "with the May 2024 prices the articles used",
        ],
        description=f"Log-log scatter of input against output price in {currency} per million tokens for the Chinese and "
        "US models of the latest price catalogue, with GPT-4o, GPT-4 Turbo and DeepSeek-V2 at their "
        "May 2024 prices for reference.",
        height=420,
    )


# -- the chapter's findings ----------------------------------------------------------------------------------------
# A finding is what `ch.verdict` takes: claim_id, judgement, evidence, note, measured, says.


class Market:
    """Dated list prices and price-war events with model and source details, and the exchange rate, as of the
    article's "now" (`when`)."""

    def __init__(self, dataset, as_of, when):
        self.fx, self.when = units.FxTable(dataset.fx), pd.Timestamp(when)
        sources = dataset.sources[["source_id", "publisher", "url"]]
        models = dataset.models[["model_id", "name", "developer", "country", "reasoning"]]
        prices = dataset.prices[dataset.prices["effective_date"] <= as_of]
        self.prices = prices.merge(models, on="model_id", how="left").merge(sources, on="source_id", how="left")
        self.events = dataset.price_events[dataset.price_events["date"] <= as_of].merge(
            sources, on="source_id", how="left"
        )
        self.may = self.events[
            (self.events["date"] >= pd.Timestamp("2024-05-01")) & (self.events["date"] <= pd.Timestamp("2024-05-31"))
        ]
        self.data_end = min(pd.Timestamp(as_of), self.prices["effective_date"].max())

    def price_on(self, model_id: str, date=None) -> pd.Series:
        """The cheapest offer of a model in force on a date (default: the article's), in its own currency."""
        rows = prices_in_force(self.prices[self.prices["model_id"] == model_id], self.when if date is None else date)
        if rows.empty:
            raise ValueError(
                f"no price of {model_id!r} in force on {pd.Timestamp(self.when if date is None else date):%Y-%m-%d}"
            )
        return rows.sort_values("input_per_m").iloc[0]

    def rmb_per_m(self, row: pd.Series, column: str, date=None) -> float:
        """A row's price in yuan, at the rate of `date` (default: the price's own date)."""
        return self.fx.convert(row[column], row["currency"], "CNY", row["effective_date"] if date is None else date)


def openai_findings(
    market: Market, claim, families: dict, input_share: float, count_from
) -> tuple[dict, pd.DataFrame, list[dict]]:
    """GPT-4 → GPT-4o: the four list prices per 1,000 tokens, the 83% and 75% falls, the 50% cut against GPT-4 Turbo,
    and OpenAI's cuts since early 2023 counted on OpenAI's own prices (not a reseller's)."""
    # GPT-4o's launch price, even if the article's date is set before its launch (13 May 2024).
    gpt4o_launch = market.prices.loc[market.prices["model_id"] == "gpt-4o", "effective_date"].min()
    gpt4, turbo, gpt4o = (
        market.price_on("gpt-4"),
        market.price_on("gpt-4-turbo"),
        market.price_on("gpt-4o", max(market.when, gpt4o_launch)),
    )
    v = {
        f"{label}_{side}_{unit}": (
            units.per_m_to_per_1k(row[f"{side}put_per_m"]) if unit == "1k" else row[f"{side}put_per_m"]
        )
        for label, row in (("gpt4", gpt4), ("gpt4t", turbo), ("gpt4o", gpt4o))
        for side in ("in", "out")
        for unit in ("1k", "m")
    }
    cut = lambda old, new, side: units.percent_decline(old[f"{side}_per_m"], new[f"{side}_per_m"])  # noqa: E731
    v.update(
        input_cut=cut(gpt4, gpt4o, "input"),
        output_cut=cut(gpt4, gpt4o, "output"),
        turbo_in_cut=cut(turbo, gpt4o, "input"),
        turbo_out_cut=cut(turbo, gpt4o, "output"),
    )
    openai = market.prices[(market.prices["developer"] == "OpenAI") & (market.prices["effective_date"] <= market.when)]
    steps = family_price_steps(openai, families, input_share)
    api_launch = steps.loc[steps["model_id"] == "gpt-3.5-turbo", "date"].min()
    v.update(
        cut_count=count_cut_dates(steps, count_from, gpt4o["effective_date"]),
        api_launch=fmt.day(api_launch),
        cut_count_after_api=count_cut_dates(steps, api_launch, gpt4o["effective_date"]),
        api_price_ratio=market.price_on("text-davinci-003", api_launch)["input_per_m"]
        / market.price_on("gpt-3.5-turbo", api_launch)["input_per_m"],
        count_cuts_from_text=fmt.day(count_from),
        input_share_pct=100 * input_share,
    )
    cuts = steps[
        steps["is_cut"] & (steps["date"] > pd.Timestamp(count_from)) & (steps["date"] <= gpt4o["effective_date"])
    ]
    e, per_1k = rules.EXACT, "USD per 1,000 tokens"
    listed = "OpenAI's list price at launch, from the archived pricing page"
    findings = [
        dict(
            claim_id=c,
            judgement=rules.within_factor(units.per_m_to_per_1k(row[side]), claim(c).low, per_1k, e),
            evidence=[row["source_id"]],
            note=listed,
        )
        for c, row, side in (
            ("a004-gpt4-input-0-03", gpt4, "input_per_m"),
            ("a004-gpt4-output-0-06", gpt4, "output_per_m"),
            ("a004-gpt4o-input-0-005", gpt4o, "input_per_m"),
            ("a004-gpt4o-output-0-015", gpt4o, "output_per_m"),
        )
    ]
    for c, key in (("a004-input-price-cut-83pct", "input_cut"), ("a004-output-price-cut-75pct", "output_cut")):
        findings.append(
            dict(
                claim_id=c,
                judgement=rules.within_factor(v[key], claim(c).low, "%", e),
                evidence=[gpt4["source_id"], gpt4o["source_id"]],
                says=("the price fell further than claimed", "the price fell less than claimed"),
                note=f"GPT-4 to GPT-4o, list prices per million {key.split('_')[0]} tokens",
            )
        )
    fifty = claim("a004-gpt4o-price-cut-50pct").low
    findings.append(
        dict(
            claim_id="a004-gpt4o-price-cut-50pct",
            evidence=[turbo["source_id"], gpt4o["source_id"]],
            judgement=rules.weigh(
                rules.in_range_each({"input": v["turbo_in_cut"], "output": v["turbo_out_cut"]}, fifty, fifty, "%", e),
                "against GPT-4 Turbo, the model GPT-4o replaced",
                {
                    "against the original GPT-4": rules.in_range_each(
                        {"input": v["input_cut"], "output": v["output_cut"]}, fifty, fifty, "%", e
                    )
                },
            ),
            says=("the price fell further than claimed", "the price fell less than claimed"),
        )
    )
    fourth = claim("a004-openai-4th-price-cut").low
    count = lambda n: rules.within_factor(n, fourth, "cuts", e)  # noqa: E731
    findings.append(
        dict(
            claim_id="a004-openai-4th-price-cut",
            evidence=sorted(set(steps["source_id"])),
            judgement=rules.weigh(
                count(v["cut_count_after_api"]),
                "the ChatGPT API's launch price (March 2023) as the starting point",
                {"the ChatGPT API's launch counted as the first cut": count(v["cut_count"])},
            ),
            says=("OpenAI cut prices more often than claimed", "OpenAI cut prices less often than claimed"),
            note="a cut is a date on which OpenAI's own list price of a product line (its newest model, blended) fell; "
            "resellers' prices (Microsoft Azure) are not OpenAI's",
        )
    )
    return v, cuts, findings


def china_findings(market: Market, claim, input_share: float) -> tuple[dict, list[dict]]:
    """The May 2024 Chinese prices: GLM-3 Turbo's cut, DeepSeek-V2's launch prices and their share of GPT-4 Turbo's,
    Doubao pro-32k's launch price, and the models made free that week."""
    glm_before, glm_after = market.price_on("glm-3-turbo", pd.Timestamp("2024-05-10")), market.price_on("glm-3-turbo")
    deepseek, turbo = market.price_on("deepseek-v2"), market.price_on("gpt-4-turbo")
    turbo_rmb = {
        side: market.rmb_per_m(turbo, f"{side}_per_m", deepseek["effective_date"]) for side in ("input", "output")
    }
    share = {side: 100 * deepseek[f"{side}_per_m"] / turbo_rmb[side] for side in ("input", "output")}
    share["blend"] = 100 * (
        units.blended_price(deepseek["input_per_m"], deepseek["output_per_m"], input_share)
        / units.blended_price(turbo_rmb["input"], turbo_rmb["output"], input_share)
    )
    may = market.may
    war_cuts = (100 * (1 - may["input_per_m"] / may["input_before_per_m"])).dropna()
    moves, free = may[may["kind"] != "reference"], may[may["kind"] == "free"]
    doubao = may[may["model"] == "Doubao pro-32k"].iloc[0]
    v = {
        "glm_before": glm_before["input_per_m"],
        "glm_after": glm_after["input_per_m"],
        "glm_cut": units.percent_decline(glm_before["input_per_m"], glm_after["input_per_m"]),
        "ds_in": deepseek["input_per_m"],
        "ds_out": deepseek["output_per_m"],
        "turbo_rmb_in": turbo_rmb["input"],
        "turbo_rmb_out": turbo_rmb["output"],
        "ds_share_in": share["input"],
        "ds_share_out": share["output"],
        "ds_share_blend": share["blend"],
        "ds_rate": market.fx.cny_per_usd(deepseek["effective_date"]),
        "war_cut_low": war_cuts.min(),
        "war_cut_high": war_cuts.max(),
        "war_days": (moves["date"].max() - moves["date"].min()).days,
        "doubao_in_m": doubao["input_per_m"],
        "doubao_in_1k": units.per_m_to_per_1k(doubao["input_per_m"]),
        "n_free": len(free),
        "free_list": ", ".join(f"{m} ({d})" for m, d in zip(free["model"], free["developer"])),
    }
    e, rmb_m = rules.EXACT, "RMB per million tokens"
    exact = lambda c, measured, unit, row, note="": dict(
        claim_id=c,
        judgement=rules.within_factor(measured, claim(c).low, unit, e),  # noqa: E731
        evidence=[row["source_id"]],
        note=note,
    )
    findings = [
        exact(
            "a004-glm3-turbo-before-5-rmb",
            glm_before["input_per_m"],
            rmb_m,
            glm_before,
            "Zhipu's price before the 11 May 2024 cut, one price for all tokens",
        ),
        exact(
            "a004-glm3-turbo-after-1-rmb",
            glm_after["input_per_m"],
            rmb_m,
            glm_after,
            "Price from 11 May 2024, one price for all tokens",
        ),
        exact("a004-glm3-turbo-cut-80pct", v["glm_cut"], "%", glm_after),
        exact(
            "a004-deepseek-v2-input-1-rmb",
            deepseek["input_per_m"],
            "RMB per million input tokens",
            deepseek,
            "DeepSeek-V2's launch price (32k context)",
        ),
        exact(
            "a004-deepseek-v2-output-2-rmb",
            deepseek["output_per_m"],
            "RMB per million output tokens",
            deepseek,
            "DeepSeek-V2's launch price (32k context)",
        ),
        exact(
            "a004-doubao-pro-0-8-li-per-1k",
            v["doubao_in_1k"],
            "RMB per 1,000 input tokens",
            doubao,
            "The launch price is the input price; no source we found gives the output price",
        ),
    ]
    near_one = lambda low, high, central: rules.interval_contains(
        low,
        high,
        claim("a004-deepseek-v2-1pct-of-gpt4-turbo").low,  # noqa: E731
        "% of GPT-4 Turbo's price",
        rules.APPROXIMATE,
        central=central,
    )
    findings.append(
        dict(
            claim_id="a004-deepseek-v2-1pct-of-gpt4-turbo",
            evidence=[deepseek["source_id"], turbo["source_id"]],
            judgement=rules.weigh(
                near_one(min(share["input"], share["output"]), max(share["input"], share["output"]), share["blend"]),
                "input and output prices, each against GPT-4 Turbo's",
                {"the blended price": near_one(share["blend"], share["blend"], share["blend"])},
            ).going(rules.BELOW),
            says=("DeepSeek-V2 was even cheaper than claimed", "DeepSeek-V2 was dearer than claimed"),
            note=f"at {rules.fmt(v['ds_rate'])} yuan per dollar on 6 May 2024",
        )
    )
    return {**v, "doubao_source": doubao["source_id"], "doubao_date": doubao["date"]}, findings


def average_findings(
    market: Market, claim, doubao_in_m: float, doubao_date
) -> tuple[dict, pd.DataFrame, pd.DataFrame, list[dict]]:
    """ "99.3% below the industry average": judged in the claim's own unit, the percent below, against the mean list
    price of the Chinese models on sale just before Doubao's launch; weighed against the average the figure implies
    and the flagship price that reproduces it. Returns the prose's numbers, the reference table, the domestic prices
    and the finding."""
    claimed = claim("a004-doubao-99-3pct-below-average").low
    domestic = domestic_prices_before(market.prices, market.may, doubao_date)
    average = float(domestic["input_per_m"].mean())
    references = market.may[market.may["kind"] == "reference"]
    candidates = [
        (f"{r['model']} ({r['developer']}), as reported", r["input_per_m"], r["publisher"])
        for _, r in references.iterrows()
    ]
    for model_id in ["gpt-4", "gpt-4-turbo", "gpt-4o", "glm-4"]:
        row = market.price_on(model_id)
        candidates.append((f"{row['name']} input", market.rmb_per_m(row, "input_per_m", market.when), row["publisher"]))
    table = pd.DataFrame(candidates, columns=["Reference price", "RMB per M", "Source"])
    table["Doubao below it (%)"] = 100 * (1 - doubao_in_m / table["RMB per M"])
    best = table.iloc[(table["Doubao below it (%)"] - claimed).abs().argmin()]
    below = lambda price: 100 * (1 - doubao_in_m / price)  # noqa: E731
    implied = doubao_in_m / (1 - claimed / 100)
    v = {
        "implied_average": implied,
        "domestic_average": average,
        "n_domestic": len(domestic),
        "best_reference": best["Reference price"],
        "best_reference_price": best["RMB per M"],
        "best_reference_pct": best["Doubao below it (%)"],
        "best_reference_1k": units.per_m_to_per_1k(best["RMB per M"]),
        "reference_1k": units.per_m_to_per_1k(references["input_per_m"].max()),
        "below_average_pct": below(average),
    }
    e = rules.EXACT
    judged = rules.weigh(
        rules.within_factor(below(average), claimed, "% below", e),
        f"percent below the mean list price of {len(domestic)} Chinese models on sale just before",
        {
            "the 'average' the figure implies (RMB per million), against the mean list price": rules.within_factor(
                average, implied, "RMB per million input tokens", e
            ),
            f"percent below the flagship price ({best['Reference price']})": rules.within_factor(
                best["Doubao below it (%)"], claimed, "% below", e
            ),
        },
    )
    finding = dict(
        claim_id="a004-doubao-99-3pct-below-average",
        judgement=judged,
        evidence=sorted(set(domestic["source_id"])),
        says=("Doubao undercut the market by more than claimed", "Doubao undercut the market by less than claimed"),
        note=f"99.3% below implies an average of RMB {rules.fmt(implied)} per million, the RMB {rules.fmt(best['RMB per M'])} "
        f"flagship price ({best['Reference price']}), not a mean of the market (RMB {rules.fmt(average)})",
    )
    return v, table, domestic, [finding]


def per_yuan_findings(
    market: Market,
    claim,
    doubao_in_m: float,
    doubao_source: str,
    domestic: pd.DataFrame,
    best_price: float,
    chars_per_token: pd.Series,
    novel_characters: float,
) -> tuple[dict, list[dict]]:
    """What one yuan buys: GPT (2,400 tokens), a domestic model (8,000+), Doubao (1.25 million, three copies of a
    750,000-character novel), and 10 billion tokens before (RMB 800,000) and now (RMB 8,000)."""
    gpt4, gpt4o = market.price_on("gpt-4"), market.price_on("gpt-4o")
    tokens = lambda row, side: units.tokens_per_currency_unit(market.rmb_per_m(row, f"{side}_per_m", market.when))  # noqa: E731
    gpt4_tokens, gpt4o_tokens = (
        {s: tokens(gpt4, s) for s in ("input", "output")},
        {s: tokens(gpt4o, s) for s in ("input", "output")},
    )
    average = float(domestic["input_per_m"].mean())
    doubao_tokens = units.tokens_per_currency_unit(doubao_in_m)
    needed = claim("a004-innovation-needs-10b-tokens").low * 1e9
    before, now = claim("a004-10b-tokens-800k-rmb-before").low, claim("a004-10b-tokens-8000-rmb-doubao").low
    v = {
        "gpt4_tokens_in": gpt4_tokens["input"],
        "gpt4_tokens_out": gpt4_tokens["output"],
        "gpt4o_tokens": gpt4o_tokens["input"],
        "gpt4o_tokens_out": gpt4o_tokens["output"],
        "gpt_claim_price": price_per_m_from_tokens_per_unit(claim("a004-rmb1-gpt-2400-tokens").low),
        "domestic_claim_price": price_per_m_from_tokens_per_unit(claim("a004-rmb1-domestic-8000-tokens").low),
        "domestic_tokens": units.tokens_per_currency_unit(best_price),
        "average_tokens": units.tokens_per_currency_unit(average),
        "doubao_tokens": doubao_tokens,
        "chars_low": chars_per_token["low"],
        "chars_high": chars_per_token["high"],
        "copies_low": copies_of_text(doubao_tokens, novel_characters, chars_per_token["low"]),
        "copies_high": copies_of_text(doubao_tokens, novel_characters, chars_per_token["high"]),
        "cost_now": cost_of_tokens(needed, doubao_in_m),
        "implied_before": price_per_m_from_tokens_per_unit(needed / before),
        "cost_at_reference": cost_of_tokens(needed, best_price),
        "cost_at_average": cost_of_tokens(needed, average),
        "before_after_cut": 100 * (1 - now / before),
    }
    e, a, per_rmb = rules.EXACT, rules.APPROXIMATE, "tokens per RMB"
    span = lambda t, c: rules.interval_contains(min(t.values()), max(t.values()), claim(c).low, per_rmb, e)  # noqa: E731
    more = ("one yuan bought more tokens than claimed", "one yuan bought fewer tokens than claimed")
    findings = [
        dict(
            claim_id="a004-rmb1-gpt-2400-tokens",
            evidence=[gpt4["source_id"], gpt4o["source_id"]],
            says=more,
            judgement=rules.weigh(
                span(gpt4_tokens, "a004-rmb1-gpt-2400-tokens"),
                "GPT-4, the article's own example (output to input price)",
                {"GPT-4o, OpenAI's model on the article's date": span(gpt4o_tokens, "a004-rmb1-gpt-2400-tokens")},
            ),
        ),
        dict(
            claim_id="a004-rmb1-domestic-8000-tokens",
            evidence=sorted(set(domestic["source_id"])),
            says=more,
            judgement=rules.weigh(
                rules.at_least(v["average_tokens"], claim("a004-rmb1-domestic-8000-tokens").low, per_rmb, e),
                "the mean domestic list price",
                {
                    "the flagship price (ERNIE 4.0, Qwen)": rules.at_least(
                        v["domestic_tokens"], claim("a004-rmb1-domestic-8000-tokens").low, per_rmb, e
                    )
                },
            ),
        ),
        dict(
            claim_id="a004-rmb1-doubao-1-25m-tokens",
            evidence=[doubao_source],
            note="one million ÷ RMB 0.8 per million input tokens",
            judgement=rules.within_factor(doubao_tokens, claim("a004-rmb1-doubao-1-25m-tokens").low, per_rmb, e),
        ),
        dict(
            claim_id="a004-doubao-rmb1-three-novels",
            evidence=[doubao_source, chars_per_token["source_id"]],
            judgement=rules.interval_contains(
                v["copies_low"], v["copies_high"], claim("a004-doubao-rmb1-three-novels").low, "copies", a
            ),
            note=f"{rules.fmt(novel_characters)} characters a copy (the article's figure; chapter 9 checks it), at Alibaba's "
            f"{rules.fmt(chars_per_token['low'])} to {rules.fmt(chars_per_token['high'])} Chinese characters per Qwen token; "
            "Doubao's own ratio is not published",
        ),
        dict(
            claim_id="a004-innovation-needs-10b-tokens",
            judgement=rules.untestable(
                "no_data",
                "a rough reckoning by Volcano Engine's president (粗略算了一笔账); no data define or count the tokens 'one AI innovation' needs",
            ),
        ),
        dict(
            claim_id="a004-10b-tokens-800k-rmb-before",
            evidence=sorted(set(domestic["source_id"])),
            says=("earlier prices were dearer than claimed", "earlier prices were cheaper than claimed"),
            judgement=rules.weigh(
                rules.within_factor(v["cost_at_average"], before, "RMB", a),
                "the mean domestic list price ('平均')",
                {"the flagship price behind '99.3%'": rules.within_factor(v["cost_at_reference"], before, "RMB", a)},
            ),
            note=f"the article's figure implies RMB {rules.fmt(v['implied_before'])} per million",
        ),
        dict(
            claim_id="a004-10b-tokens-8000-rmb-doubao",
            evidence=[doubao_source],
            note="10 billion input tokens at RMB 0.8 per million",
            judgement=rules.within_factor(v["cost_now"], now, "RMB", e),
        ),
    ]
    return v, findings


def self_hosting(
    market: Market,
    claim,
    gpu_price: float,
    bandwidth: float,
    parameters_b: float,
    bytes_per_parameter: float,
    batch: int,
    utilisation: float,
    input_share: float,
    sources: list[str],
) -> tuple[dict, list[dict]]:
    """Tokens per yuan from serving a 70B open model on a rented GPU (a memory-bandwidth bound at a batch and
    utilisation), against the article's 30,000 and against buying the model as a service."""
    tokens_per_second = costs.decode_tokens_per_second_per_gpu(bandwidth, parameters_b, bytes_per_parameter, batch)
    cost_usd = costs.self_hosting_cost_per_m(gpu_price, tokens_per_second, utilisation)
    cost_rmb = market.fx.convert(cost_usd, "USD", "CNY", market.when)
    claimed = claim("a004-rmb1-self-hosted-llama-30000-tokens").low
    claimed_cost_usd = market.fx.convert(price_per_m_from_tokens_per_unit(claimed), "CNY", "USD", market.when)
    hosted = market.price_on("llama-2-70b")
    hosted_rmb = market.rmb_per_m(hosted, "input_per_m", market.when) * input_share + market.rmb_per_m(
        hosted, "output_per_m", market.when
    ) * (1 - input_share)
    v = {
        "gpu_price": gpu_price,
        "bandwidth": bandwidth,
        "tokens_per_second": tokens_per_second,
        "cost_usd": cost_usd,
        "cost_rmb": cost_rmb,
        "self_hosted_tokens": units.tokens_per_currency_unit(cost_rmb),
        "utilisation_pct": 100 * utilisation,
        "utilisation_needed_pct": 100 * costs.utilisation_for_cost(gpu_price, tokens_per_second, claimed_cost_usd),
        "hosted_tokens": units.tokens_per_currency_unit(hosted_rmb),
        "hosted_rmb": hosted_rmb,
        "decode_batch": batch,
        "model_parameters_b": parameters_b,
        "self_hosted_claim_price": price_per_m_from_tokens_per_unit(claimed),
        "weight_bits": 8 * bytes_per_parameter,
        "hosted_provider": f"{hosted['provider']} ({hosted['effective_date']:%B %Y})",
        "claimed_cost_usd": claimed_cost_usd,
        "hosted_provider_name": hosted["provider"],
        "hosted_date": f"{hosted['effective_date']:%Y-%m-%d}",
    }
    a = rules.APPROXIMATE
    finding = dict(
        claim_id="a004-rmb1-self-hosted-llama-30000-tokens",
        evidence=sources + [hosted["source_id"]],
        says=("one yuan bought more tokens than claimed", "one yuan bought fewer tokens than claimed"),
        judgement=rules.weigh(
            rules.within_factor(v["self_hosted_tokens"], claimed, "tokens per RMB", a),
            f"a rented H100, batch {batch}, {rules.fmt(100 * utilisation)}% utilisation",
            {"Llama 2 70B bought as a service": rules.within_factor(v["hosted_tokens"], claimed, "tokens per RMB", a)},
        ),
        note=f"30,000 is reached at {rules.fmt(v['utilisation_needed_pct'])}% utilisation",
    )
    return v, [finding]


BILLING_UNIT_PREFIX = "price_unit_"


def billing_unit_finding(estimates: pd.DataFrame, claim) -> tuple[pd.DataFrame, dict]:
    """ "Models are usually billed per 1,000 tokens": the unit in which each provider's May 2024 price was announced
    (estimates rows `price_unit_*`, value = tokens per quoted price). Every provider bills per token; the claim is
    about the unit prices are quoted in. Holds if every provider quoted per 1,000, partly if some did."""
    table = estimates[estimates["estimate_id"].str.startswith(BILLING_UNIT_PREFIX)]
    cases = {row["description"].split(":")[0]: float(row["value"]) for _, row in table.iterrows()}
    c = claim("a004-billing-per-1000-tokens")
    judged = rules.in_range_each(cases, c.low, c.high, "tokens per quoted price", rules.EXACT)
    return table, dict(
        claim_id=c.id,
        judgement=judged,
        evidence=sorted(set(table["source_id"])),
        says=("some providers quoted per million tokens, not per 1,000", "providers quoted per fewer tokens"),
        note=f"{sum(v == c.low for v in cases.values())} of {len(cases)} May 2024 price announcements in the data "
        "quote per 1,000 tokens; every provider bills per token",
    )


def timeline(
    market: Market, families: dict, start, end, currency: str, basis: str, input_share: float
) -> tuple[pd.DataFrame, str]:
    """The prices of the named models and the May 2024 launches and cuts on one timeline, in one currency."""
    named = sum(families.values(), []) + ["glm-3-turbo", "glm-4", "deepseek-v2", "deepseek-v3", "llama-2-70b"]
    window = (pd.Timestamp(start), min(pd.Timestamp(end), market.data_end))
    listed = market.prices[market.prices["model_id"].isin(named) & (market.prices["effective_date"] <= window[1])]
    # A price set before the window still holds at its start.
    listed = pd.concat(
        [
            listed[listed["effective_date"] >= window[0]],
            prices_in_force(listed[listed["effective_date"] < window[0]], window[0]).assign(effective_date=window[0]),
        ]
    )
    listed = market.fx.in_currency(listed, currency, "effective_date").assign(label=lambda t: t["model_id"])
    events = market.events
    announced = events[
        events["kind"].isin(["launch", "cut"])
        & (events["date"] >= window[0])
        & (events["date"] <= window[1])
        & events["model_id"].isna()
    ].rename(columns={"date": "effective_date"})
    announced = market.fx.in_currency(announced, currency, "effective_date").assign(
        label=lambda t: t["model"], provider=lambda t: t["developer"]
    )
    rows = pd.concat([listed, announced], ignore_index=True)
    rows["price"] = blend_or_missing(rows["input_per_m"], rows["output_per_m"], basis, input_share)
    rows = rows.dropna(subset=["price"]).assign(date=lambda t: t["effective_date"])
    rows = (
        rows[["label", "developer", "provider", "date", "price", "publisher", "url"]]
        .sort_values("date")
        .drop_duplicates(["label", "price"])
    )
    label = {
        "input": "Input price",
        "output": "Output price",
        "blend": f"Blended price ({100 * input_share:.0f}% input)",
    }[basis]
    return rows, label


def frontier_snapshots(
    market: Market, dataset, benchmark: str, evaluators: list[str], dates: list, input_share: float
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Price against capability at each date: the snapshots, a table of the cheapest model at GPT-4's score or better,
    and the prose's numbers. In dollars: dollar prices after May 2025 have no exchange rate in the data."""
    converted = market.fx.in_currency(market.prices, "USD", "effective_date")
    snapshots = pd.concat(
        [capability_snapshot(converted, dataset.benchmarks, benchmark, evaluators, d, input_share) for d in dates],
        ignore_index=True,
    )
    snapshots["region"] = snapshots["country"].map({"CN": "China", "US": "United States"}).fillna("Elsewhere")
    gpt4_score = snapshots.loc[snapshots["model_id"] == "gpt-4", "score"].max()
    rows = []
    for d in dates:
        snap = snapshots[snapshots["snapshot"] == d]
        best, frontier = cheapest_at_least(snap, gpt4_score), snap[snap["on_frontier"]]
        rows.append(
            {
                "Snapshot": f"{d:%Y-%m-%d}",
                "Models": len(snap),
                "On the frontier": len(frontier),
                "Chinese on the frontier": int((frontier["region"] == "China").sum()),
                "Cheapest at GPT-4's score or better": best["name"] if best is not None else "–",
                "Its price (USD/M)": best["price"] if best is not None else np.nan,
            }
        )
    table = pd.DataFrame(rows)
    first, last = table["Its price (USD/M)"].iloc[0], table["Its price (USD/M)"].iloc[-1]
    v = {
        "gpt4_score": gpt4_score,
        "frontier_fall": first / last,
        "frontier_first_price": first,
        "frontier_last_price": last,
        "frontier_last_model": table["Cheapest at GPT-4's score or better"].iloc[-1],
        "frontier_last_date": table["Snapshot"].iloc[-1],
        "n_snapshot_dates": len(dates),
        "mmlu_top": dataset.benchmarks.loc[dataset.benchmarks["benchmark"] == "mmlu", "score"].max(),
    }
    return v, snapshots, table


def latest_catalogue(market: Market, currency: str) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The latest catalogues held: medians of Chinese and US prices, the cheapest Chinese model, and the May 2024
    models still listed; with the May 2024 reference rows the chart sets beside them."""
    events = market.events
    reference = pd.concat([market.price_on(m).to_frame().T for m in ["gpt-4o", "gpt-4-turbo", "deepseek-v2"]])
    reference = market.fx.in_currency(reference, currency, "effective_date").assign(
        model=lambda t: t["name"], date=lambda t: pd.to_datetime(t["effective_date"])
    )
    reference[["input_per_m", "output_per_m"]] = reference[["input_per_m", "output_per_m"]].astype(float)
    reference = reference[["model", "developer", "date", "input_per_m", "output_per_m", "publisher"]]
    if not (events["kind"] == "snapshot").any():  # every catalogue we hold is dated after the analysis date
        figures = dict.fromkeys(
            [
                "n_latest",
                "median_cn_in",
                "median_cn_out",
                "median_us_in",
                "median_us_out",
                "cheapest_cn_in",
                "cheapest_cn_tokens",
                "doubao_now_in",
                "doubao_now_out",
                "qwen_long_now_in",
                "qwen_long_now_out",
                "median_gap_in",
            ]
        )
        missing = f"(none up to {market.data_end:%Y-%m-%d}, the analysis date)"
        return (
            {"latest_date": missing, "cheapest_cn": missing, **figures},
            events[events["kind"] == "snapshot"].assign(region=""),
            reference,
        )
    latest_date = events.loc[events["kind"] == "snapshot", "date"].max()
    latest = events[(events["kind"] == "snapshot") & (events["date"] == latest_date)]
    latest = market.fx.in_currency(
        latest.rename(columns={"date": "effective_date"}), currency, "effective_date"
    ).rename(columns={"effective_date": "date"})
    latest["region"] = latest["country"].map({"CN": "China", "US": "United States"}).fillna("Elsewhere")
    catalogue = latest[latest["source_id"] == "llmabacus_prices_cn"]
    medians = catalogue.groupby("region")[["input_per_m", "output_per_m"]].median()
    cheapest_cn = catalogue[catalogue["region"] == "China"].sort_values("input_per_m").iloc[0]
    later = latest[latest["source_id"] != "llmabacus_prices_cn"].set_index("model")
    to_rmb = 1.0 if currency == "CNY" else market.fx.cny_per_usd(latest_date)
    v = {
        "latest_date": fmt.day(latest_date),
        "n_latest": len(catalogue),
        "median_cn_in": medians.loc["China", "input_per_m"],
        "median_cn_out": medians.loc["China", "output_per_m"],
        "median_us_in": medians.loc["United States", "input_per_m"],
        "median_us_out": medians.loc["United States", "output_per_m"],
        "cheapest_cn": f"{cheapest_cn['model']} ({cheapest_cn['developer']})",
        "cheapest_cn_in": cheapest_cn["input_per_m"],
        "cheapest_cn_tokens": units.tokens_per_currency_unit(cheapest_cn["input_per_m"] * to_rmb),
        "doubao_now_in": later.loc["Doubao pro-32k", "input_per_m"],
        "doubao_now_out": later.loc["Doubao pro-32k", "output_per_m"],
        "qwen_long_now_in": later.loc["Qwen-Long", "input_per_m"],
        "qwen_long_now_out": later.loc["Qwen-Long", "output_per_m"],
        "median_gap_in": medians.loc["United States", "input_per_m"] / medians.loc["China", "input_per_m"],
    }
    return v, catalogue, reference


def gpt4_to_gpt4o_august(market: Market, input_share: float) -> float | None:
    """How many times GPT-4's blended list price at the article's date the August 2024 GPT-4o's is; None when the
    analysis date comes before that model's price (no data for these parameters)."""
    august = market.prices[market.prices["model_id"] == "gpt-4o-2024-08-06"]
    if prices_in_force(august, market.data_end).empty:
        return None
    blend = lambda row: row["input_per_m"] * input_share + row["output_per_m"] * (1 - input_share)  # noqa: E731
    return blend(market.price_on("gpt-4")) / blend(market.price_on("gpt-4o-2024-08-06", market.data_end))


def per_yuan_table(claim, per_yuan: dict, hosting: dict, article_date: str, best_reference: str) -> pd.DataFrame:
    """The article's tokens-per-yuan figures beside the recomputed ones, for the chart."""
    return pd.DataFrame(
        [
            ("GPT", claim("a004-rmb1-gpt-2400-tokens").low, per_yuan["gpt4_tokens_out"], "GPT-4, output", article_date),
            ("GPT-4o (not in the article)", np.nan, per_yuan["gpt4o_tokens"], "GPT-4o, input", article_date),
            (
                "A domestic model",
                claim("a004-rmb1-domestic-8000-tokens").low,
                per_yuan["domestic_tokens"],
                best_reference,
                article_date,
            ),
            (
                "Self-hosted Llama 70B",
                claim("a004-rmb1-self-hosted-llama-30000-tokens").low,
                hosting["self_hosted_tokens"],
                f"cost model: batch {hosting['decode_batch']}, {hosting['utilisation_pct']:.0f}% utilisation",
                article_date,
            ),
            (
                "Hosted Llama 2 70B (not in the article)",
                np.nan,
                hosting["hosted_tokens"],
                f"{hosting['hosted_provider_name']}, blended",
                hosting["hosted_date"],
            ),
            (
                "Doubao pro-32k",
                claim("a004-rmb1-doubao-1-25m-tokens").low,
                per_yuan["doubao_tokens"],
                "Doubao pro-32k, input",
                article_date,
            ),
        ],
        columns=["item", "claimed", "recomputed", "basis", "date"],
    ).assign(
        source=lambda t: np.where(
            t["item"].str.startswith("Self-hosted"), "the cost model's parameters", "list prices in the tables above"
        )
    )


def self_hosting_grid(
    gpu_price: float,
    bandwidth: float,
    parameters_b: float,
    bytes_per_parameter: float,
    batches: list[int],
    per_currency: float,
) -> pd.DataFrame:
    """Cost per million tokens over utilisation, one line per batch size, for the self-hosting chart."""
    rows = []
    for b in batches:
        speed = costs.decode_tokens_per_second_per_gpu(bandwidth, parameters_b, bytes_per_parameter, b)
        rows += [
            {
                "throughput": f"{speed:,.0f} (batch {b})",
                "utilisation_pct": 100 * u,
                "cost": per_currency * costs.self_hosting_cost_per_m(gpu_price, speed, u),
            }
            for u in np.linspace(0.05, 1.0, 20)
        ]
    return pd.DataFrame(rows)
