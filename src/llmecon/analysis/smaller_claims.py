"""Smaller claims: tokens and words, data-centre energy, GPU spending, model sizes, usage figures.

Each helper does one conversion the chapter needs; the charts put a claim
next to the sourced figures it is tested against.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from llmecon.core import charts, fmt, rules, trends, units

EJ_PER_TWH = 0.0036  # 1 TWh = 3.6 PJ


def words_per_token(words: float, tokens: float) -> float:
    return words / tokens


def share_percent(part: float, whole: float) -> float:
    return 100 * part / whole


def twh_to_ej(twh: float) -> float:
    return twh * EJ_PER_TWH


def nvidia_quarters(estimates: pd.DataFrame, prefix: str = "nvidia_dc_revenue_") -> pd.DataFrame:
    """Nvidia's data-centre revenue per fiscal quarter, in date order (quarter = fiscal label, end = last day)."""
    rows = estimates[estimates["estimate_id"].str.startswith(prefix)]
    quarters = pd.DataFrame(
        {
            "quarter": rows["estimate_id"].str[len(prefix) :].str.upper(),
            "end": rows["as_of"],
            "usd_billions": rows["value"],
            "source_id": rows["source_id"],
        }
    )
    return quarters.sort_values("end", ignore_index=True)


def revenue_between(quarters: pd.DataFrame, start, end) -> float:
    """Revenue of the quarters that end after `start` and no later than `end`."""
    inside = (quarters["end"] > pd.Timestamp(start)) & (quarters["end"] <= pd.Timestamp(end))
    return float(quarters.loc[inside, "usd_billions"].sum())


def cumulative_since(quarters: pd.DataFrame, start) -> pd.DataFrame:
    """Quarters ending after `start`, with their running total."""
    after = quarters[quarters["end"] > pd.Timestamp(start)].copy()
    after["cumulative"] = after["usd_billions"].cumsum()
    return after.reset_index(drop=True)


def first_quarter_reaching(quarters: pd.DataFrame, start, amount: float) -> pd.Series | None:
    """The first quarter (ending after `start`) by whose end cumulative revenue reaches `amount`; None if never."""
    running = cumulative_since(quarters, start)
    reached = running[running["cumulative"] >= amount]
    return None if reached.empty else reached.iloc[0]


def gpu_spending_chart(quarters: pd.DataFrame, since, bet: float, publisher: str) -> alt.TopLevelMixin:
    """Quarterly and cumulative Nvidia data-centre revenue since the interview, against the $100B 'bet'."""
    running = cumulative_since(quarters, since)
    data = running.assign(end=running["end"].dt.strftime("%Y-%m-%d"), source=publisher)
    tooltip = [
        alt.Tooltip("quarter:N", title="Nvidia fiscal quarter"),
        alt.Tooltip("end:T", title="Quarter ended"),
        alt.Tooltip("usd_billions:Q", title="Quarter revenue (USD bn)", format=".1f"),
        alt.Tooltip("cumulative:Q", title="Cumulative since interview (USD bn)", format=".1f"),
        alt.Tooltip("source:N", title="Source"),
    ]
    x = alt.X("end:T", title="End of Nvidia fiscal quarter", axis=alt.Axis(format="%b %Y"))
    y_title = "Nvidia data-centre revenue (USD billions)"
    quarterly = (
        alt.Chart(data)
        .mark_line(color="#56B4E9", point=True, strokeDash=[2, 2])
        .encode(x=x, y=alt.Y("usd_billions:Q", title=y_title), tooltip=tooltip)
    )
    line = (
        alt.Chart(data)
        .mark_line(color="#0072B2", point=True)
        .encode(x=x, y=alt.Y("cumulative:Q", title=y_title), tooltip=tooltip)
    )
    rule = (
        alt.Chart(pd.DataFrame({"bet": [bet], "label": [f"article 001: at least ${bet:.0f}B over 3-5 years"]}))
        .mark_rule(color="#D55E00", strokeDash=[6, 4], size=2)
        .encode(y=alt.Y("bet:Q", title=y_title), tooltip=[alt.Tooltip("label:N", title="Claim")])
    )
    return charts.finish(
        alt.layer(quarterly, line, rule),
        title="Nvidia's data-centre sales against the '$100 billion bet'",
        subtitle="Dotted: revenue per quarter since Dec 2023; solid: running total; red dashed: $100B",
        description=(
            "Line chart of Nvidia's quarterly data-centre revenue from early 2024, with a line for the running "
            "total since December 2023 and a dashed horizontal line at 100 billion dollars, the article's "
            "3-to-5-year figure."
        ),
    )


def energy_chart(
    points: pd.DataFrame, now_band: tuple[float, float], future_band: tuple[float, float]
) -> alt.TopLevelMixin:
    """IEA data-centre shares of world electricity against the article's 'today' and 'future' ranges."""
    bands = pd.DataFrame(
        {
            "low": [now_band[0], future_band[0]],
            "high": [now_band[1], future_band[1]],
            "label": ["article 001: today 2-3%", "article 001: future 10-20%"],
        }
    )
    y_title = "Data centres' share (% of world electricity)"
    band = (
        alt.Chart(bands)
        .mark_rect(opacity=0.25)
        .encode(
            y=alt.Y("low:Q", title=y_title),
            y2="high:Q",
            color=alt.Color("label:N", title="", scale=alt.Scale(range=["#E69F00", "#D55E00"])),
            tooltip=[alt.Tooltip("label:N", title="Claim")],
        )
    )
    data = points.assign(year=points["year"].astype(int))
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(domain=[2021, 2031])),
        y=alt.Y("share:Q", title=y_title),
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
            alt.Tooltip("what:N", title="Figure"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    dots = base.mark_point(filled=True, size=90, color="#0072B2") + base.mark_rule(color="#0072B2", size=3).encode(
        y=alt.Y("low:Q", title=y_title), y2="high:Q"
    )
    return charts.finish(
        alt.layer(band, dots),
        title="Data centres' share of world electricity: IEA against article 001",
        subtitle="Dots: IEA estimates and projections; vertical line: IEA 2026 range; shaded: the article's ranges",
        description=(
            "Chart of data centres' share of world electricity: IEA estimates for 2022 and 2024 and projections "
            "for 2026 and 2030, all between 1.5 and 4 percent, drawn under shaded bands for the article's "
            "2-3 percent today and 10-20 percent in future."
        ),
    )


def parameters_chart(models: pd.DataFrame, band: tuple[float, float], article_date) -> alt.TopLevelMixin:
    """Parameter counts of the book's models by release date, with the article's 'tens of billions' band."""
    data = models.assign(
        release=models["release_date"].dt.strftime("%Y-%m-%d"),
        weights=models["open_weights"].map({True: "open weights", False: "closed weights"}),
    )
    y = alt.Y("parameters_b:Q", title="Parameters (billions, log scale)", scale=alt.Scale(type="log"))
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("release:T", title="Release date", axis=alt.Axis(format="%b %Y", labelFlush=True)),
            y=y,
            color=alt.Color("weights:N", title="Weights"),
            shape=alt.Shape("weights:N", title="Weights"),
            tooltip=[
                alt.Tooltip("name:N", title="Model"),
                alt.Tooltip("developer:N", title="Developer"),
                alt.Tooltip("release:T", title="Released"),
                alt.Tooltip("parameters_b:Q", title="Parameters (bn)", format=",.1f"),
                alt.Tooltip("publisher:N", title="Source"),
            ],
        )
    )
    shade = (
        alt.Chart(pd.DataFrame({"low": [band[0]], "high": [band[1]], "label": ["数百亿: 20-90 billion"]}))
        .mark_rect(opacity=0.15, color="#E69F00")
        .encode(
            y=alt.Y("low:Q", title="Parameters (billions, log scale)", scale=alt.Scale(type="log")),
            y2="high:Q",
            tooltip=[alt.Tooltip("label:N", title="Article 003")],
        )
    )
    when = (
        alt.Chart(
            pd.DataFrame(
                {"date": [pd.Timestamp(article_date).strftime("%Y-%m-%d")], "label": ["article 003 published"]}
            )
        )
        .mark_rule(color="#555", strokeDash=[4, 4])
        .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("date:T", title="Date")])
    )
    return charts.finish(
        alt.layer(shade, dots, when),
        title="Parameter counts by release date",
        subtitle="Models with a published count; shaded: tens of billions (数百亿); dashed: article 003's date",
        description=(
            "Scatter plot of model parameter counts in billions, on a log scale, against release date, for models "
            "in the book's data with a known count, coloured by open or closed weights, over a shaded band from "
            "20 to 90 billion parameters."
        ),
    )


# The chapter's argument, decided here and stated in the chapter: each function takes the data and the claims
# (`claim(id)` -> Claim) and returns the numbers and texts its prose quotes (glued by name), what its charts
# draw, the verdicts (keyword arguments of ch.verdict) and the untestable claims (of ch.untestable).


def _estimates(dataset) -> pd.DataFrame:
    return dataset.estimates.set_index("estimate_id")


def _day(date) -> str:
    return fmt.day(date)


def claude3_and_gpt4_turbo(dataset, claim) -> dict:
    """Context windows and the words they hold (OpenAI's rule of thumb), Claude 3's three models and its inputs."""
    est, models, events = _estimates(dataset), dataset.models, dataset.events.set_index("event_id")
    rule = est.loc["openai_words_per_token_english", "value"]
    claude, gpt = claim("a003-claude3-context-200k").low, claim("a003-gpt4-turbo-context-128k").low
    claude_words, gpt_words = claim("a003-claude3-150k-words").low, claim("a003-gpt4-turbo-96k-words").low
    family = models[models["model_id"].isin(["claude-3-haiku", "claude-3-sonnet", "claude-3-opus"])]
    launch = family["release_date"].min()
    first_image, first_document = (
        events.loc[e, "date"] for e in ("claude_image_input_first", "claude_document_upload_first")
    )
    numbers = {
        "claude_ratio": claude_words / claude,
        "gpt_ratio": gpt_words / gpt,
        "rule_ratio": rule,
        "claude_context": est.loc["claude3_context_tokens", "value"],
        "rule_tokens_per_word": 1 / rule,
        "claude_words_published": est.loc["claude3_context_words", "value"],
        "gpt_context": est.loc["gpt4_turbo_context_tokens", "value"],
        "claude3_models": len(family),
    }
    texts = {"claude3_launch": _day(launch), "first_document_date": _day(first_document)}
    rule_sources = sorted(
        est.loc[
            ["openai_words_per_token_english", "claude3_context_tokens", "gpt4_turbo_context_tokens"], "source_id"
        ].unique()
    )
    larger = ("the window is larger than claimed", "the window is smaller than claimed")
    verdicts = [
        dict(
            claim_id="a003-claude3-context-200k",
            says=larger,
            evidence=[est.loc["claude3_context_tokens", "source_id"]],
            judgement=rules.within_factor(est.loc["claude3_context_tokens", "value"], claude, "tokens", rules.EXACT),
            note="Anthropic's figure at the Claude 3 launch, March 2024",
        ),
        dict(
            claim_id="a003-claude3-150k-words",
            evidence=rule_sources,
            judgement=rules.at_least(claude * rule, claude_words, "words", rules.EXACT),
            measured=f"{fmt.number(claude)} tokens x {fmt.number(rule)} words per token = {fmt.number(claude * rule)} words",
            says=("it holds more words than claimed", "it holds fewer words than claimed"),
            note="OpenAI's rule of thumb for English, as Anthropic itself describes the window; 'more than' sits at the bound",
        ),
        dict(
            claim_id="a003-gpt4-turbo-context-128k",
            says=larger,
            evidence=[est.loc["gpt4_turbo_context_tokens", "source_id"]],
            judgement=rules.within_factor(est.loc["gpt4_turbo_context_tokens", "value"], gpt, "tokens", rules.EXACT),
            note="OpenAI's figure at DevDay, November 2023",
        ),
        dict(
            claim_id="a003-gpt4-turbo-96k-words",
            evidence=rule_sources,
            judgement=rules.within_factor(gpt * rule, gpt_words, "words", rules.APPROXIMATE),
            measured=f"{fmt.number(gpt)} tokens x {fmt.number(rule)} words per token = {fmt.number(gpt * rule)} words",
            says=("it holds more words than claimed", "it holds fewer words than claimed"),
            note="'About' (大約) 96,000 words; real ratios vary with the text and the tokenizer",
        ),
        dict(
            claim_id="a003-claude3-three-models",
            evidence=sorted(set(family["source_id"])),
            judgement=rules.within_factor(len(family), claim("a003-claude3-three-models").low, "models", rules.EXACT),
            measured=", ".join(family["name"]),
            says=("the family had more models", "the family had fewer models"),
        ),
        dict(
            claim_id="a003-claude3-first-image-document-upload",
            evidence=sorted(events.loc[["claude_image_input_first", "claude_document_upload_first"], "source_id"]),
            judgement=rules.all_parts(
                {
                    "images": rules.happened_within(first_image, launch, launch, "the first Claude accepting images"),
                    "documents": rules.happened_within(
                        first_document, launch, launch, "the first Claude accepting documents"
                    ),
                }
            ),
            says=(
                "Claude accepted uploaded documents before Claude 3",
                "Claude 3 came later than the first such Claude",
            ),
            note="claude.ai accepted PDFs and text files from Claude 2's launch; images came with Claude 3",
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts}


def energy(dataset, claim, as_of) -> dict:
    """Data centres' share of energy today and in future: IEA figures, as a share of electricity and of all
    primary energy (the sentence says 总能源, total energy, of data centres' electricity use)."""
    est = _estimates(dataset)
    value = lambda i: float(est.loc[i, "value"])  # noqa: E731
    now, future = claim("a001-datacentre-energy-2-3pct"), claim("a001-datacentre-energy-10-20pct")
    use_2022, generation, primary = (
        value("iea_datacentre_electricity_2022"),
        value("ei_electricity_generation_2023"),
        value("ei_primary_energy_2023"),
    )
    share_2026 = [share_percent(value(f"iea_datacentre_electricity_2026_{end}"), generation) for end in ("low", "high")]
    numbers = {
        "share_2022": value("iea_datacentre_share_2022"),
        "share_2024": value("iea_datacentre_share_2024"),
        "share_2030": value("iea_datacentre_share_2030"),
        "use_2022": use_2022,
        "use_2022_ej": twh_to_ej(use_2022),
        "primary_2023": primary,
        "share_of_primary": share_percent(twh_to_ej(use_2022), primary),
        "share_2026_low": share_2026[0],
        "share_2026_high": share_2026[1],
        "use_2030": value("iea_datacentre_electricity_2030"),
    }
    publisher = dataset.rows("sources", "source_id", est["source_id"]).set_index("source_id")["publisher"]
    source_of = lambda i: publisher[est.loc[i, "source_id"]]  # noqa: E731
    points = pd.DataFrame(
        [
            {
                "year": 2022,
                "share": numbers["share_2022"],
                "low": numbers["share_2022"],
                "high": numbers["share_2022"],
                "what": "IEA Electricity 2024: data centres, crypto and AI, 2022",
                "source": source_of("iea_datacentre_share_2022"),
            },
            {
                "year": 2024,
                "share": numbers["share_2024"],
                "low": numbers["share_2024"],
                "high": numbers["share_2024"],
                "what": "IEA Energy and AI: data centres, 2024",
                "source": source_of("iea_datacentre_share_2024"),
            },
            {
                "year": 2026,
                "share": None,
                "low": share_2026[0],
                "high": share_2026[1],
                "what": "IEA Electricity 2024 range for 2026, over 2023 world generation",
                "source": source_of("iea_datacentre_electricity_2026_low"),
            },
            {
                "year": 2030,
                "share": numbers["share_2030"],
                "low": numbers["share_2030"],
                "high": numbers["share_2030"],
                "what": "IEA Energy and AI base case, 2030 (just under 3%)",
                "source": source_of("iea_datacentre_share_2030"),
            },
        ]
    )
    iea = sorted(
        set(dataset.estimates.loc[dataset.estimates["estimate_id"].str.startswith(("iea_", "ei_")), "source_id"])
    )
    share = lambda x: rules.in_range(x, now.low, now.high, "%", rules.RANGE)  # noqa: E731
    verdicts = [
        dict(
            claim_id="a001-datacentre-energy-2-3pct",
            evidence=iea,
            judgement=rules.weigh(
                share(numbers["share_2022"]),
                "a share of world electricity (2022, crypto included)",
                {
                    "a share of all primary energy, as 总能源 says": share(numbers["share_of_primary"]),
                    "data centres alone, 2024": share(numbers["share_2024"]),
                },
            ),
            says=("data centres used a larger share", "data centres used a smaller share"),
            note=f"Without crypto, data centres used {fmt.number(numbers['share_2024'])}% of world electricity in 2024",
        ),
        dict(
            claim_id="a001-datacentre-energy-10-20pct",
            evidence=iea,
            judgement=rules.happened(
                None,
                future.as_of,
                as_of,
                f"data centres at 10-20% of energy (the IEA projects {fmt.number(share_2026[0])}-"
                f"{fmt.number(share_2026[1])}% of electricity in 2026 and just under "
                f"{fmt.number(numbers['share_2030'])}% in 2030)",
            ),
        ),
    ]
    return {
        "numbers": numbers,
        "points": points,
        "bands": ((now.low, now.high), (future.low, future.high)),
        "verdicts": verdicts,
    }


def _bet_sentences(bet: float, reached: pd.Series | None, months_to_bet: float | None) -> dict:
    """The prose's words on the bet, which depend on whether the running total reached it."""
    if reached is None:
        return {
            "bet_outcome": "was not overtaken by one supplier's sales alone",
            "bet_passing": f"never reached ${fmt.number(bet)} billion",
            "bet_meaning": "Other chips, buildings and power, which the data do not count, would have to make up the rest.",
        }
    return {
        "bet_outcome": "was overtaken quickly",
        "bet_passing": f"passed ${fmt.number(bet)} billion in fiscal quarter {reached['quarter']} "
        f"(ended {reached['end']:%B %Y}), {months_to_bet:.0f} months later,",
        "bet_meaning": "Not all of that is large-model spending, but one supplier's sales alone cleared the figure "
        "within the horizon, before other chips, buildings and power are counted.",
    }


def gpu_spending(dataset, claim, bet: float, bet_years, as_of) -> dict:
    """The article's GPU figures against Nvidia's data-centre revenue (which bounds them; it does not measure them)."""
    est = _estimates(dataset)
    interview = claim("a001-openai-gpu-spend-3b").as_of
    openai, world = claim("a001-openai-gpu-spend-3b").low, claim("a001-global-gpu-spend-15b").low
    quarters = nvidia_quarters(dataset.estimates)
    year_start = pd.Timestamp(year=interview.year, month=1, day=31)
    nvidia_2023 = revenue_between(quarters, year_start, year_start + pd.DateOffset(years=1))
    reached, since = first_quarter_reaching(quarters, interview, bet), cumulative_since(quarters, interview)
    months_to_bet = None if reached is None else units.months_between(interview, reached["end"])
    numbers = {
        "nvidia_2023": nvidia_2023,
        "openai_share_of_nvidia": share_percent(openai, nvidia_2023),
        "world_share_of_nvidia": share_percent(world, nvidia_2023),
        "openai_compute_2024": est.loc["openai_compute_spend_2024", "value"],
        "months_to_bet": months_to_bet,
        "since_interview": since["cumulative"].iloc[-1],
        "bet": bet,
    }
    texts = {"last_quarter_end": f"{since['end'].iloc[-1]:%B %Y}", **_bet_sentences(bet, reached, months_to_bet)}
    verdicts = [
        dict(
            claim_id="a001-100b-bet-over-3-5-years",
            evidence=sorted(set(quarters["source_id"])),
            judgement=rules.happened_by(
                None if reached is None else reached["end"],
                interview + pd.DateOffset(years=max(bet_years)),
                as_of,
                f"${fmt.number(bet)}B spent",
            ),
            says=("the spending came sooner than forecast", "the spending came later than forecast"),
            note=f"Nvidia's data-centre revenue alone passed ${fmt.number(bet)}B {fmt.number(months_to_bet)} months "
            "after the interview; not all of it is large-model spending"
            if reached is not None
            else f"Nvidia's data-centre revenue alone had not reached ${fmt.number(bet)}B by its last quarter in the data",
        )
    ]
    share = f"{fmt.number(share_percent(world, nvidia_2023))}% of Nvidia's ${fmt.number(nvidia_2023)}B FY2024 data-centre revenue"
    untestable = [
        dict(
            claim_id="a001-openai-gpu-spend-3b",
            ground="undisclosed",
            detail=f"OpenAI's GPU purchases for 2023 are not published (the claimed ${fmt.number(openai)}B would be "
            f"{fmt.number(share_percent(openai, nvidia_2023))}% of Nvidia's FY2024 data-centre revenue)",
        ),
        dict(
            claim_id="a001-global-gpu-spend-5x-openai",
            ground="no_data",
            detail="neither side of the ratio is published",
        ),
        dict(
            claim_id="a001-global-gpu-spend-15b",
            ground="no_data",
            detail=f"no source splits data-centre GPU sales by use; ${fmt.number(world)}B would be {share}",
        ),
    ]
    untestable += [
        dict(
            claim_id=c, ground="undisclosed", detail="future training budgets of individual companies are not published"
        )
        for c in (
            "a001-openai-future-training-20-30b",
            "a001-google-future-training-20-30b",
            "a001-anthropic-future-training-10-20b",
        )
    ]
    chart = gpu_spending_chart(
        quarters, interview, bet, dataset.rows("sources", "source_id", quarters["source_id"][:1])["publisher"].iloc[0]
    )
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts, "unsettled": untestable, "chart": chart}


def model_sizes(dataset, claim, window_start) -> dict:
    """The median published parameter count of models released from `window_start` to article 003's date."""
    article = claim("a003-claude3-context-200k").as_of
    sized = claim("a003-params-now-tens-of-billions")
    models = dataset.models.dropna(subset=["parameters_b"])
    cited = dataset.rows("sources", "source_id", models["source_id"])
    models = models.merge(cited[["source_id", "publisher"]], on="source_id", how="left")
    since = models[models["release_date"] >= pd.Timestamp(window_start)]
    recent = since[since["release_date"] <= article]
    median = float(recent["parameters_b"].median())
    numbers = {
        "n_recent": len(recent),
        "median_params": median,
        "min_params": float(recent["parameters_b"].min()),
        "max_params": float(recent["parameters_b"].max()),
    }
    texts = {"window_start": f"{pd.Timestamp(window_start):%B %Y}", "article_003_date": f"{article:%B %Y}"}
    verdict = dict(
        claim_id="a003-params-now-tens-of-billions",
        evidence=sorted(set(recent["source_id"])),
        judgement=rules.in_range(median, sized.low, sized.high, "billion parameters", rules.RANGE),
        measured=f"median {fmt.number(median)}B parameters across {len(recent)} models released "
        f"{pd.Timestamp(window_start):%Y-%m} to {article:%Y-%m}",
        says=("models were larger", "models were smaller"),
        note="Frontier closed models do not publish their sizes",
    )
    return {
        "numbers": numbers,
        "texts": texts,
        "verdict": verdict,
        "chart": parameters_chart(since, (sized.low, sized.high), article),
    }


def doubao(dataset, claim) -> dict:
    """Doubao's launch-day usage (ByteDance's own figures) and the Three Kingdoms comparison."""
    est = _estimates(dataset)
    value = lambda i: float(est.loc[i, "value"])  # noqa: E731
    tokens, images = value("doubao_tokens_per_day_2024_05"), value("doubao_images_per_day_2024_05")
    sept, dec_2025 = value("doubao_tokens_per_day_2024_09"), value("doubao_tokens_per_day_2025_12")
    novel, length = claim("a004-three-kingdoms-750k-chars").low, value("three_kingdoms_length")
    per_yuan = claim("a004-rmb1-doubao-1-25m-tokens").low
    numbers = {
        "tokens_launch": tokens,
        "images_launch": images,
        "tokens_sept_trillion": sept / 1000,
        "tokens_dec_2025_trillion": dec_2025 / 1000,
        "growth_sept": sept / tokens,
        "growth_dec_2025": dec_2025 / tokens,
        "yearly_at_list_m": tokens * 1e9 / 1000 * claim("a004-doubao-pro-0-8-li-per-1k").low * 365 / 1e6,
        "chars_per_token": 3 * novel / per_yuan,
        "novel_length": length,
        "chars_per_token_published": 3 * length / per_yuan,
    }
    verdicts = [
        dict(
            claim_id="a004-doubao-120b-tokens-per-day",
            judgement=rules.within_factor(
                tokens, claim("a004-doubao-120b-tokens-per-day").low, "billion tokens a day", rules.EXACT
            ),
            evidence=sorted(
                est.loc[["doubao_tokens_per_day_2024_05", "doubao_tokens_per_day_2024_09"], "source_id"].unique()
            ),
            says=("Doubao served more tokens", "Doubao served fewer tokens"),
            note=f"ByteDance's own launch-day figure, as the article says ('official data'); {fmt.number(sept / 1000)} "
            "trillion a day by September 2024",
        ),
        dict(
            claim_id="a004-doubao-30m-images-per-day",
            evidence=[est.loc["doubao_images_per_day_2024_05", "source_id"]],
            judgement=rules.at_least(
                images, claim("a004-doubao-30m-images-per-day").low, "million images a day", rules.EXACT
            ),
            says=("Doubao made more images", "Doubao made fewer images"),
            note="ByteDance's own launch-day figure",
        ),
        dict(
            claim_id="a004-three-kingdoms-750k-chars",
            evidence=[est.loc["three_kingdoms_length", "source_id"]],
            judgement=rules.within_factor(length, novel, "Chinese characters", rules.APPROXIMATE),
            says=("the novel is longer than claimed", "the novel is shorter than claimed"),
            note="The reference figure for the 120-chapter novel; editions differ",
        ),
    ]
    untestable = [
        dict(
            claim_id="a004-doubao-50-plus-businesses",
            ground="no_data",
            detail="the count of ByteDance businesses using Doubao was not found in a source beyond the article",
        )
    ]
    return {"numbers": numbers, "verdicts": verdicts, "unsettled": untestable}


def dates_and_generations(dataset, claim, as_of) -> dict:
    """ChatGPT's "17 months ago", GPT-5 in 2024, and the forecasts with no measure."""
    est, release = _estimates(dataset), dataset.models.set_index("model_id")["release_date"]
    chatgpt, article = est.loc["chatgpt_release", "as_of"], claim("a004-chatgpt-moment-17-months-ago").as_of
    since, gpt5 = units.months_between(chatgpt, article), release["gpt-5"]
    generation = units.months_between(release["gpt-4"], gpt5)
    numbers = {"months_since_chatgpt": since, "gpt4_to_gpt5_months": generation}
    texts = {"chatgpt_date": _day(chatgpt), "article_004_date": f"{article:%B %Y}", "gpt5_date": _day(gpt5)}
    verdicts = [
        dict(
            claim_id="a004-chatgpt-moment-17-months-ago",
            evidence=[est.loc["chatgpt_release", "source_id"]],
            judgement=rules.within_factor(since, claim("a004-chatgpt-moment-17-months-ago").low, "months", rules.EXACT),
            says=("the moment was longer ago", "the moment was more recent"),
            note=f"From ChatGPT's release ({_day(chatgpt)}) to the article ({article:%B %Y}); the interview's own date is not given",
        ),
        dict(
            claim_id="a001-gpt5-in-2024",
            evidence=[dataset.models.set_index("model_id").loc["gpt-5", "source_id"]],
            judgement=rules.happened_by(gpt5, "2024-12-31", as_of, "GPT-5's release"),
            says=("GPT-5 came sooner", "GPT-5 came later than forecast"),
        ),
    ]
    untestable = [
        dict(
            claim_id="a001-apps-boom-1-2-more-generations",
            ground="not_quantified",
            detail=f"an 'explosion of applications' has no measure (the GPT-5 it leans on came on {_day(gpt5)})",
        ),
        dict(
            claim_id="a001-model-1-2-generations-per-1-2-years",
            ground="not_quantified",
            detail=f"a model 'generation' is not defined; OpenAI's numbering is a naming choice (GPT-4 to GPT-5: "
            f"{fmt.number(generation)} months)",
        ),
        dict(
            claim_id="a000-ai-first-apps-within-2-years",
            ground="not_quantified",
            detail="'AI-first applications proliferating' has no agreed measure",
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts, "unsettled": untestable}


def _mmlu(benchmarks: pd.DataFrame, model_id: str, evaluator: str) -> pd.Series:
    """A model's MMLU score by one evaluator."""
    rows = benchmarks[
        (benchmarks["model_id"] == model_id)
        & (benchmarks["benchmark"] == "mmlu")
        & (benchmarks["evaluator"] == evaluator)
    ]
    return rows.iloc[0]


def race(dataset, claim, as_of) -> dict:
    """Article 001's dates of the 2023 race and forecasts for 2024, article 004's price-war dates, the cloud
    ranking, and small facts of the time (video clips, AWS's own chips), against release dates and sources."""
    est, models, events = (
        _estimates(dataset),
        dataset.models.set_index("model_id"),
        dataset.events.set_index("event_id"),
    )
    release, source = models["release_date"], models["source_id"]
    gpt45 = dataset.training_runs.set_index("model").loc["GPT-4.5"]
    ultra = est.loc["gemini_ultra_public_release", "as_of"]
    war = dataset.price_events
    glm = war[(war["model_id"] == "glm-3-turbo") & (war["kind"] == "cut")].iloc[0]
    doubao = war[war["model"] == "Doubao pro-32k"].iloc[0]
    rental = dataset.gpu_rental
    h100 = rental[
        (rental["gpu"] == "H100")
        & (rental["pricing"] == "on-demand")
        & rental["vendor"].str.startswith("GIX")
        & (rental["date"].dt.year == 2024)
    ].sort_values("date")
    fit = trends.fit_exponential_trend(h100["date"], h100["usd_per_gpu_hour"])
    change = 100 * (1 / fit.annual_decline_factor - 1)
    change_low, change_high = (100 * (1 / f - 1) for f in reversed(fit.decline_interval))
    cloud = {
        name: est.loc[f"synergy_cloud_share_{name.lower()}_2023q4", "value"]
        for name in ("Amazon", "Microsoft", "Google")
    }
    rank = {name: r for r, name in enumerate(sorted(cloud, key=cloud.get, reverse=True), start=1)}
    pro, gpt35 = (
        _mmlu(dataset.benchmarks, "gemini-1.0-pro", "epoch_compiled"),
        _mmlu(dataset.benchmarks, "gpt-3.5-turbo", "epoch_compiled"),
    )
    ultra_mmlu, gpt4 = (
        _mmlu(dataset.benchmarks, "gemini-1.0-ultra", "epoch_compiled"),
        _mmlu(dataset.benchmarks, "gpt-4", "developer"),
    )
    article_003 = claim("a003-aws-five-years-own-chips").as_of
    chips_years = units.months_between(events.loc["aws_inferentia_announced", "date"], article_003) / 12
    clip = est.loc["runway_gen2_clip_seconds", "value"]
    numbers = {
        "h100_change": change,
        "h100_first": float(h100["usd_per_gpu_hour"].iloc[0]),
        "h100_last": float(h100["usd_per_gpu_hour"].iloc[-1]),
        "azure_share": cloud["Microsoft"],
        "aws_share": cloud["Amazon"],
        "aws_chip_years": chips_years,
        "video_clip_seconds": clip,
    }
    texts = {
        "gpt45_date": _day(gpt45["publication_date"]),
        "ultra_public_date": _day(ultra),
        "claude3_date": _day(release["claude-3-opus"]),
        "gemini_pro_date": _day(release["gemini-1.0-pro"]),
    }
    of = lambda *ids: sorted({source[i] for i in ids})  # noqa: E731
    within = lambda model, start, end, event: rules.happened_within(release[model], start, end, event)  # noqa: E731
    late = ("it came sooner than forecast", "it came later than forecast")
    dated = ("it happened earlier than said", "it happened later than said")
    verdicts = [
        dict(
            claim_id="a001-gpt4-released-march-2023",
            judgement=within("gpt-4", "2023-03-01", "2023-03-31", "GPT-4's release"),
            evidence=of("gpt-4"),
            says=dated,
        ),
        dict(
            claim_id="a004-gpt4-released-march-last-year",
            judgement=within("gpt-4", "2023-03-01", "2023-03-31", "GPT-4's release"),
            evidence=of("gpt-4"),
            says=dated,
        ),
        dict(
            claim_id="a001-claude2-released-july-2023",
            judgement=within("claude-2", "2023-07-01", "2023-07-31", "Claude 2's release"),
            evidence=of("claude-2"),
            says=dated,
        ),
        dict(
            claim_id="a001-gemini-pro-released-december-2023",
            evidence=of("gemini-1.0-pro"),
            says=dated,
            judgement=within("gemini-1.0-pro", "2023-12-01", "2023-12-31", "Gemini 1.0 Pro's release"),
        ),
        dict(
            claim_id="a003-gemini-three-versions-december-2023",
            evidence=of("gemini-1.0-pro", "gemini-1.0-ultra"),
            says=dated,
            judgement=rules.all_parts(
                {
                    name: within(m, "2023-12-01", "2023-12-31", f"{name}'s release")
                    for name, m in [("Gemini 1.0 Pro", "gemini-1.0-pro"), ("Gemini 1.0 Ultra", "gemini-1.0-ultra")]
                }
            ),
            note="Both announced on 6 December 2023 (Nano with them); Ultra reached the public only in February 2024",
        ),
        dict(
            claim_id="a001-gemini-ultra-next-month",
            evidence=[est.loc["gemini_ultra_public_release", "source_id"]],
            says=late,
            judgement=rules.weigh(
                rules.happened_by(ultra, "2024-01-31", as_of, "Gemini Ultra's public release"),
                "released to the public",
                {
                    "announced (6 December 2023)": rules.happened_by(
                        release["gemini-1.0-ultra"], "2024-01-31", as_of, "Gemini Ultra's announcement"
                    )
                },
            ),
            note="Announced on 6 December 2023, Gemini Ultra 1.0 was first open to the public in Gemini Advanced",
        ),
        dict(
            claim_id="a001-claude3-gpt45-early-2024",
            evidence=sorted({source["claude-3-opus"], gpt45["source_id"]}),
            says=late,
            judgement=rules.all_parts(
                {
                    "Claude 3": rules.happened_by(release["claude-3-opus"], "2024-03-31", as_of, "Claude 3's release"),
                    "GPT-4.5": rules.happened_by(gpt45["publication_date"], "2024-03-31", as_of, "GPT-4.5's release"),
                }
            ),
            note="'Early next year' is read as by the end of March 2024",
        ),
        dict(
            claim_id="a001-gpt45-within-12-months",
            evidence=sorted({gpt45["source_id"], source["gpt-4o"]}),
            says=late,
            judgement=rules.weigh(
                rules.happened_by(gpt45["publication_date"], "2024-12-31", as_of, "GPT-4.5's release"),
                "the model named GPT-4.5",
                {
                    "GPT-4o (May 2024) as the multimodal successor": rules.happened_by(
                        release["gpt-4o"], "2024-12-31", as_of, "a multimodal GPT-4 successor"
                    )
                },
            ),
        ),
        dict(
            claim_id="a001-gpu-scarce-2024",
            evidence=sorted(set(h100["source_id"])),
            judgement=rules.trend_direction(change, change_low, change_high, "up", "% a year, H100 rental price"),
            says=("GPUs grew scarcer than claimed", "GPUs grew less scarce: rental prices fell"),
            note="Scarcity read as rising rental prices; the index fell through the year. Lead times are not in the data",
        ),
        dict(
            claim_id="a001-aws-azure-largest-clouds",
            evidence=[est.loc["synergy_cloud_share_amazon_2023q4", "source_id"]],
            judgement=rules.at_most(
                max(rank["Amazon"], rank["Microsoft"]), 2, "(rank of the lower of the two)", rules.EXACT
            ).going(rules.BELOW),
            measured=", ".join(f"{n} {fmt.number(s)}%" for n, s in cloud.items())
            + " of cloud infrastructure spending, Q4 2023",
            says=("they ranked higher", "they did not both rank in the top two"),
        ),
        dict(
            claim_id="a004-azure-world-no1-cloud",
            evidence=[est.loc["synergy_cloud_share_microsoft_2023q4", "source_id"]],
            judgement=rules.at_most(rank["Microsoft"], 1, "(Microsoft's rank)", rules.EXACT).going(rules.BELOW),
            measured=f"second: Microsoft {fmt.number(cloud['Microsoft'])}% against Amazon's {fmt.number(cloud['Amazon'])}%",
            says=("Azure ranked higher", "Azure ranked lower: second to AWS"),
            note="'Intelligent cloud' is also the name of Microsoft's reporting segment; by market share Azure is second",
        ),
        dict(
            claim_id="a001-mobile-4-5-billion-users",
            evidence=[est.loc["gsma_mobile_internet_users_2022", "source_id"]],
            judgement=rules.in_range(
                est.loc["gsma_mobile_internet_users_2022", "value"], 4, 5, "billion users", rules.RANGE
            ),
            says=("more people came online by phone", "fewer people came online by phone"),
            note="People using mobile internet at the end of 2022 (GSMA); almost none did before smartphones",
        ),
        dict(
            claim_id="a001-chatgpt-100m-users-quickly",
            evidence=sorted(est.loc[["chatgpt_100m_monthly_users", "chatgpt_release"], "source_id"].unique()),
            judgement=rules.at_least(
                est.loc["chatgpt_100m_monthly_users", "value"], 100, "million monthly users", rules.EXACT
            ),
            measured=f"100 million monthly users in January 2023, "
            f"{fmt.number(units.months_between(est.loc['chatgpt_release', 'as_of'], est.loc['chatgpt_100m_monthly_users', 'as_of']))} "
            "months after the launch",
            says=("it grew faster", "it grew more slowly"),
        ),
        dict(
            claim_id="a004-gpt4o-at-spring-update",
            evidence=of("gpt-4o"),
            says=dated,
            judgement=within(
                "gpt-4o", "2024-05-01", claim("a004-gpt4o-at-spring-update").as_of, "GPT-4o's announcement"
            ),
        ),
        dict(
            claim_id="a004-zhipu-new-prices-may-2024",
            evidence=[glm["source_id"]],
            says=dated,
            judgement=rules.happened_within(glm["date"], "2024-05-01", "2024-05-31", "Zhipu's new prices"),
        ),
        dict(
            claim_id="a004-deepseek-v2-released-may-6",
            evidence=of("deepseek-v2"),
            says=dated,
            judgement=within("deepseek-v2", "2024-05-06", "2024-05-06", "DeepSeek-V2's release"),
        ),
        dict(
            claim_id="a004-doubao-launched-may-15",
            evidence=[doubao["source_id"]],
            says=dated,
            judgement=rules.happened_within(doubao["date"], "2024-05-15", "2024-05-15", "Doubao's launch"),
        ),
        dict(
            claim_id="a003-gemini-pro-ultra-match-gpt35-gpt4",
            evidence=sorted({pro["source_id"], gpt35["source_id"], ultra_mmlu["source_id"], gpt4["source_id"]}),
            judgement=rules.all_parts(
                {
                    "Pro against GPT-3.5": rules.within_factor(
                        pro["score"], gpt35["score"], "% on MMLU", rules.APPROXIMATE
                    ),
                    "Ultra against GPT-4": rules.within_factor(
                        ultra_mmlu["score"], gpt4["score"], "% on MMLU", rules.APPROXIMATE
                    ),
                }
            ),
            says=("Gemini scored higher", "Gemini scored lower"),
            note="MMLU, far above its 25% chance level; Gemini Ultra as compiled by Epoch AI against GPT-4's developer-reported score",
        ),
        dict(
            claim_id="a001-video-generation-few-seconds",
            evidence=[est.loc["runway_gen2_clip_seconds", "source_id"]],
            judgement=rules.in_range(
                clip,
                claim("a001-video-generation-few-seconds").low,
                claim("a001-video-generation-few-seconds").high,
                "seconds",
                rules.RANGE,
            ),
            says=("clips were longer", "clips were shorter"),
            note="Runway Gen-2, one of the first commercially available text-to-video models (June 2023)",
        ),
        dict(
            claim_id="a003-aws-five-years-own-chips",
            evidence=[events.loc["aws_inferentia_announced", "source_id"]],
            judgement=rules.within_factor(
                chips_years, claim("a003-aws-five-years-own-chips").low, "years", rules.APPROXIMATE
            ),
            measured=f"{fmt.number(chips_years)} years from Inferentia's announcement (November 2018) to the article",
            says=("AWS had been at it longer", "AWS had been at it for less time"),
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts}


def counts_and_opinions(dataset, claim) -> dict:
    """Phone memory and the count of Chinese models, now measured, and the opinions no data can score."""
    est = _estimates(dataset)
    value = lambda i: float(est.loc[i, "value"])  # noqa: E731
    memory = claim("a001-phone-memory-4-5x-on-device")
    growth = {
        "Google Pixel Pro": value("pixel_pro_ram_2024") / value("pixel_pro_ram_2023"),
        "Apple iPhone Pro": value("iphone_pro_ram_2024") / value("iphone_pro_ram_2023"),
    }
    best = max(growth, key=growth.get)
    grown = lambda x: rules.in_range(x, memory.low, memory.high, "x in two years", rules.RANGE)  # noqa: E731
    hundreds = claim("a004-hundreds-of-base-models")
    counted = lambda x: rules.in_range(x, hundreds.low, hundreds.high, "models", rules.RANGE)  # noqa: E731
    numbers = {
        "pixel_ram_2023": value("pixel_pro_ram_2023"),
        "pixel_ram_2024": value("pixel_pro_ram_2024"),
        "iphone_ram_2023": value("iphone_pro_ram_2023"),
        "iphone_ram_2024": value("iphone_pro_ram_2024"),
        "ram_growth_best": growth[best],
        "china_models_2023_10": value("china_large_models_2023_10"),
        "china_models_2023_07": value("china_large_models_2023_07"),
    }
    phones = ["pixel_pro_ram_2023", "pixel_pro_ram_2024", "iphone_pro_ram_2023", "iphone_pro_ram_2024"]
    verdicts = [
        dict(
            claim_id="a001-phone-memory-4-5x-on-device",
            evidence=sorted(est.loc[phones, "source_id"].unique()),
            judgement=rules.weigh(
                grown(growth[best]),
                "an expectation that flagship phones' memory grows 4-5x",
                {
                    "Apple's Pro iPhones only": grown(growth["Apple iPhone Pro"]),
                    "a pure conditional, expecting nothing": rules.untestable(
                        "not_quantified", "a condition, not a forecast"
                    ),
                },
            ),
            measured=f"{best}: {fmt.number(growth[best])}x, the largest step among the flagships sourced "
            f"({', '.join(f'{k} {fmt.number(v)}x' for k, v in growth.items())})",
            says=(
                "phone memory grew faster than claimed",
                "phone memory grew far more slowly than the 4-5x the argument needed",
            ),
            note="Flagship RAM from 2023 to 2024 models; 12 GB for 2025 iPhones was only rumoured when sourced",
        ),
        dict(
            claim_id="a004-hundreds-of-base-models",
            evidence=sorted(
                est.loc[["china_large_models_2023_10", "china_large_models_2023_07"], "source_id"].unique()
            ),
            judgement=rules.weigh(
                counted(value("china_large_models_2023_10")),
                "IDC and Inspur's count, October 2023",
                {"CCID's count, July 2023": counted(value("china_large_models_2023_07"))},
            ),
            measured=f"more than {fmt.number(value('china_large_models_2023_10'))} large models released in China by October 2023",
            says=("China had even more models", "China had fewer models"),
            note="Counts of models released, not all foundation models; they grew fast through 2023-24",
        ),
    ]
    untestable = [
        dict(
            claim_id="a001-dau-over-2m-only-two-products",
            ground="no_data",
            detail="daily active users of LLM products are not published for late 2023",
        ),
        dict(
            claim_id="a001-xai-catch-up-over-50pct",
            ground="not_quantified",
            detail="a subjective probability of catching up cannot be scored from one outcome",
        ),
        dict(
            claim_id="a001-model-labs-80-90pct-acquired",
            ground="not_quantified",
            detail="a subjective probability about future exits",
        ),
        dict(
            claim_id="a001-market-2-3-players",
            ground="not_quantified",
            detail="'players' in the frontier market is not defined, and the forecast has no end date",
        ),
        *[
            dict(
                claim_id=c,
                ground="no_data",
                detail="the reporter's own incomplete count; no list of WAIC 2023 models was found",
            )
            for c in ("a002-waic-30-plus-models", "a002-waic-nearly-30-models", "a002-waic-nearly-10-from-smes")
        ],
    ]
    return {"numbers": numbers, "verdicts": verdicts, "unsettled": untestable}
