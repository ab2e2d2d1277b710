"""Dated events and rankings: what chapter 10 needs to judge dated statements and forecasts.

The verdicts come from `llmecon.core.rules` (`happened_by` for forecasts, `happened_within` for stated dates,
`at_most` on a rank); this module finds the dates, ranks and price cuts they are given.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from llmecon.core import charts, fmt, rules
from llmecon.core.units import months_between


def _row(events: pd.DataFrame, event_id: str) -> pd.Series:
    match = events[events["event_id"] == event_id]
    if match.empty:
        raise KeyError(f"events.csv: no row with event_id {event_id!r}")
    return match.iloc[0]


def event_date(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The date of an event in the events table."""
    return pd.Timestamp(_row(events, event_id)["date"])


def event_value(events: pd.DataFrame, event_id: str) -> float:
    """The figure of a dated figure in the events table; an event without a figure is an error."""
    value = _row(events, event_id)["value"]
    if pd.isna(value):
        raise ValueError(f"events.csv: row {event_id!r} has no value in column 'value'")
    return float(value)


def model_release(models: pd.DataFrame, model_id: str) -> pd.Timestamp:
    """A model's release date from the models table."""
    match = models[models["model_id"] == model_id]
    if match.empty:
        raise KeyError(f"models.csv: no row with model_id {model_id!r}")
    return pd.Timestamp(match.iloc[0]["release_date"])


def month_span(month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a month given as 'YYYY-MM'."""
    start = pd.Timestamp(f"{month}-01")
    return start, start + pd.offsets.MonthEnd(0)


def rank_of(scores: dict, name: str) -> int:
    """Rank of `name` among `scores` (1 = highest); a tie shares the better rank."""
    if name not in scores:
        raise KeyError(f"{name!r} is not among the ranked: {', '.join(scores)}")
    return 1 + sum(1 for other, score in scores.items() if other != name and score > scores[name])


def open_weight_ranking(eci: pd.DataFrame, as_of, exclude=(), name_pattern: str | None = None) -> pd.DataFrame:
    """Open-weight model versions released by `as_of`, best ECI first, with their rank. `exclude` drops
    versions by name (fine-tunes of another developer's model, which the article does not count);
    `name_pattern` (a regular expression, case-insensitive) keeps only matching versions, e.g. a size class."""
    frame = eci[
        eci["accessibility"].fillna("").str.startswith("Open weights")
        & (eci["release_date"] <= pd.Timestamp(as_of))
        & ~eci["model_version"].isin(list(exclude))
    ]
    if name_pattern is not None:
        frame = frame[frame["model_version"].str.contains(name_pattern, flags=re.IGNORECASE, regex=True)]
    if frame.empty:
        raise ValueError(
            f"eci_models.csv: no open-weight model released by {pd.Timestamp(as_of):%Y-%m-%d}"
            + (f" matching {name_pattern!r}" if name_pattern else "")
        )
    scores = dict(zip(frame["model_version"], frame["eci"]))
    ranked = frame.assign(rank=[rank_of(scores, v) for v in frame["model_version"]])
    return ranked.sort_values(["rank", "model_version"]).reset_index(drop=True)


def first_at_level(eci: pd.DataFrame, organizations, level: float) -> pd.Series | None:
    """The earliest model version of any of `organizations` scoring at least `level` on the ECI, or None."""
    frame = eci[eci["organization"].isin(list(organizations)) & (eci["eci"] >= level)]
    if frame.empty:
        return None
    return frame.sort_values(["release_date", "model_version"]).iloc[0]


def launch_price_cut(prices: pd.DataFrame, before: str, after: str, provider: str) -> dict:
    """How many times cheaper `after` was than `before` at their first list prices from `provider`, for input
    and output tokens: {"input": x, "output": y}."""
    first = {}
    for model_id in (before, after):
        rows = prices[(prices["model_id"] == model_id) & (prices["provider"] == provider)]
        if rows.empty:
            raise KeyError(f"prices.csv: no {provider} price for model_id {model_id!r}")
        first[model_id] = rows.sort_values("effective_date").iloc[0]
    return {
        side: float(first[before][f"{side}_per_m"]) / float(first[after][f"{side}_per_m"])
        for side in ("input", "output")
    }


def race_chart(
    eci: pd.DataFrame, start, end, interview, gpt4_level: float, labelled: list[str], publisher: str
) -> alt.TopLevelMixin:
    """Every model with an ECI score released between `start` and `end`, open and closed weights apart, with
    GPT-4's level and the interview's date marked and the models the article names labelled."""
    window = eci[(eci["release_date"] >= pd.Timestamp(start)) & (eci["release_date"] <= pd.Timestamp(end))]
    data = window.assign(
        weights=window["accessibility"].fillna("").str.startswith("Open weights").map({True: "open", False: "closed"}),
        released=window["release_date"].dt.strftime("%Y-%m-%d"),
        source=publisher,
    )[["model_version", "organization", "released", "eci", "weights", "source"]]
    x = alt.X("released:T", title="Release date", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("eci:Q", title="Epoch Capabilities Index", scale=alt.Scale(zero=False))
    tooltip = [
        alt.Tooltip("model_version:N", title="Model"),
        alt.Tooltip("organization:N", title="Developer"),
        alt.Tooltip("released:T", title="Released"),
        alt.Tooltip("eci:Q", title="ECI", format=".1f"),
        alt.Tooltip("weights:N", title="Weights"),
        alt.Tooltip("source:N", title="Source"),
    ]
    points = (
        alt.Chart(data)
        .mark_circle(size=55, opacity=0.7)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "weights:N",
                title="Weights",
                scale=alt.Scale(domain=["closed", "open"], range=[charts.PALETTE[0], charts.PALETTE[1]]),
            ),
            tooltip=tooltip,
        )
    )
    labels = (
        alt.Chart(data[data["model_version"].isin(labelled)])
        .mark_text(align="left", dx=6, dy=-6, fontSize=11, color="#333")
        .encode(x=x, y=y, text="model_version:N", tooltip=tooltip)
    )
    level = (
        alt.Chart(pd.DataFrame({"eci": [gpt4_level], "label": ["GPT-4 (March 2023)"]}))
        .mark_rule(color="#777", strokeDash=[6, 4])
        .encode(y="eci:Q", tooltip=[alt.Tooltip("label:N", title="Level of")])
    )
    said = (
        alt.Chart(
            pd.DataFrame(
                {"released": [pd.Timestamp(interview).strftime("%Y-%m-%d")], "label": ["article 001 (interview)"]}
            )
        )
        .mark_rule(color="#D55E00", strokeDash=[4, 3])
        .encode(x="released:T", tooltip=[alt.Tooltip("label:N", title="Date of")])
    )
    return charts.finish(
        alt.layer(points, labels, level, said),
        title="The race to GPT-4's level, on Epoch's Capabilities Index",
        subtitle="Dots: models by release date and ECI; grey dashed: GPT-4's level; red dashed: the interview",
        description=(
            f"Scatter chart of the models Epoch AI scored on its Capabilities Index, released between "
            f"{pd.Timestamp(start):%B %Y} and {pd.Timestamp(end):%B %Y}, coloured by open or closed weights, "
            f"with a horizontal line at GPT-4's score and a vertical line at the interview's date."
        ),
    )


# The chapter's argument, decided here and stated in the chapter: each function returns the numbers and texts its
# prose quotes (glued by name) and its verdicts (keyword arguments of ch.verdict).


def _day(when) -> str:
    return f"{pd.Timestamp(when).day} {pd.Timestamp(when):%B %Y}"


def _sources(table: pd.DataFrame, key: str, *ids) -> list[str]:
    return sorted(set(table.loc[table[key].isin(ids), "source_id"]))


def eci_of(eci: pd.DataFrame, version: str) -> float:
    match = eci[eci["model_version"] == version]
    if match.empty:
        raise KeyError(f"eci_models.csv: no row with model_version {version!r}")
    return float(match.iloc[0]["eci"])


def lead_in_time(dataset, claim, earliest, latest, gpt4_version: str, claude2_version: str) -> dict:
    """OpenAI "a year" and Anthropic "half a year" ahead at the interview: months from GPT-4's training or release,
    and from Claude 2's release, to the interview's earliest and latest possible dates."""
    earliest, latest = pd.Timestamp(earliest), pd.Timestamp(latest)
    trained = event_date(dataset.events, "gpt4_training_finished")
    released, claude2 = model_release(dataset.models, "gpt-4"), model_release(dataset.models, "claude-2")
    openai = (months_between(released, earliest), months_between(trained, latest))
    anthropic = (months_between(claude2, earliest), months_between(claude2, latest))
    numbers = {
        "openai_low": openai[0],
        "openai_high": openai[1],
        "anthropic_low": anthropic[0],
        "anthropic_high": anthropic[1],
        "claude2_eci": eci_of(dataset.eci_models, claude2_version),
        "gpt4_first_eci": eci_of(dataset.eci_models, gpt4_version),
        "openai_released_high": months_between(released, latest),
    }
    texts = {
        "gpt4_trained": f"{trained:%B %Y}",
        "gpt4_released": _day(released),
        "claude2_released": _day(claude2),
        "interview_earliest": _day(earliest),
        "interview_latest": _day(latest),
    }
    year, half = claim("a001-openai-gpt4-a-year-earlier").low, claim("a001-anthropic-gpt4-class-half-year-earlier").low
    earlier = ("the lead was longer", "the lead was shorter")
    verdicts = [
        dict(
            claim_id="a001-openai-gpt4-a-year-earlier",
            says=earlier,
            evidence=_sources(dataset.events, "event_id", "gpt4_training_finished")
            + _sources(dataset.models, "model_id", "gpt-4"),
            judgement=rules.weigh(
                rules.interval_contains(*openai, year, "months", rules.APPROXIMATE),
                "'made' as trained or released",
                {
                    "'made' as released only": rules.interval_contains(
                        openai[0], months_between(released, latest), year, "months", rules.APPROXIMATE
                    )
                },
            ),
        ),
        dict(
            claim_id="a001-anthropic-gpt4-class-half-year-earlier",
            says=earlier,
            evidence=_sources(dataset.models, "model_id", "claude-2"),
            judgement=rules.interval_contains(*anthropic, half, "months", rules.APPROXIMATE),
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts}


def who_came_next(dataset, claim, latest, organizations, gpt4_version: str, as_of) -> dict:
    """A new Gemini in June or July 2024, and a GPT-4-level model from xAI, Character.AI or ByteDance within six months."""
    eci, latest = dataset.eci_models, pd.Timestamp(latest)
    gemini15 = event_date(dataset.events, "gemini_15_pro_announced")
    gemini2 = model_release(dataset.models, "gemini-2.0-flash")
    grok2 = event_date(dataset.events, "grok2_released")
    window_start, window_end = month_span("2024-06")[0], month_span("2024-07")[1]
    months = claim("a001-gpt4-level-by-xai-characterai-bytedance-6-months").low
    deadline = latest + pd.DateOffset(months=int(months))
    level = eci_of(eci, gpt4_version)
    first = first_at_level(eci, organizations, level)
    numbers = {"gemini_months_early": months_between(gemini15, window_start), "gpt4_level_eci": level}
    texts = {
        "gemini15_announced": _day(gemini15),
        "gemini2_released": _day(gemini2),
        "grok2_released": _day(grok2),
        "gpt4_level_deadline": _day(deadline),
        "gpt4_reference_version": gpt4_version,
        "first_eci_match": "none of them"
        if first is None
        else f"{first['model_version']} ({first['organization']}, {_day(first['release_date'])}, ECI {fmt.number(first['eci'])})",
    }
    late = ("it came sooner than forecast", "it came later than forecast")
    verdicts = [
        dict(
            claim_id="a001-next-gemini-mid-2024",
            says=late,
            evidence=_sources(dataset.events, "event_id", "gemini_15_pro_announced")
            + _sources(dataset.models, "model_id", "gemini-2.0-flash"),
            judgement=rules.weigh(
                rules.happened_by(gemini15, window_end, as_of, "the next Gemini"),
                "Gemini 1.5 Pro (announced February 2024) as the next Gemini",
                {
                    "the next generation, Gemini 2.0 (general release)": rules.happened_by(
                        gemini2, window_end, as_of, "Gemini 2.0"
                    )
                },
            ),
            note="Gemini 1.5 Pro came before the stated window; a forecast that comes true early holds",
        ),
        dict(
            claim_id="a001-gpt4-level-by-xai-characterai-bytedance-6-months",
            says=late,
            evidence=_sources(dataset.events, "event_id", "grok2_released") + ["epoch_eci"],
            judgement=rules.happened_by(
                grok2, deadline, as_of, "a GPT-4-level model from xAI, Character.AI or ByteDance"
            ),
            note="Grok-2 is the first such model found; xAI reported it ahead of GPT-4 Turbo on Chatbot Arena",
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts}


def best_open_models(dataset, claim, latest, exclude, size_pattern: str, best_count: int) -> dict:
    """Rank open-weight models released by the interview on Epoch's Capabilities Index (ranks, not ECI ratios)."""
    ranked = open_weight_ranking(dataset.eci_models, latest, exclude=exclude)
    in_class = open_weight_ranking(dataset.eci_models, latest, exclude=exclude, name_pattern=size_pattern)
    llama2 = ranked[ranked["model_version"].str.startswith("Llama-2")].iloc[0]
    mistral = ranked[ranked["model_version"].str.startswith("Mistral-7B")].iloc[0]
    # None when the size-class pattern leaves Mistral-7B out: its claim is then untestable for these parameters.
    class_ranks = in_class.loc[in_class["model_version"] == mistral["model_version"], "rank"]
    class_rank = int(class_ranks.iloc[0]) if len(class_ranks) else None
    top = ranked.iloc[0]
    numbers = {
        "llama2_rank": int(llama2["rank"]),
        "mistral7b_rank": int(mistral["rank"]),
        "mistral7b_class_rank": class_rank,
        "seven_b_count": len(in_class),
    }
    texts = {"top_open_model": f"{top['model_version']} ({top['organization']}, released {_day(top['release_date'])})"}
    rank = lambda r, bound: rules.at_most(r, bound, "in the ranking", rules.EXACT).going(rules.BELOW)  # noqa: E731
    verdicts = [
        dict(
            claim_id="a001-llama2-mistral7b-best-open-models",
            evidence=["epoch_eci"],
            says=("they ranked higher", "Mistral-7B ranked lower than the top two"),
            judgement=rules.all_parts(
                {"Llama 2": rank(int(llama2["rank"]), best_count), "Mistral-7B": rank(int(mistral["rank"]), best_count)}
            ),
        ),
        dict(
            claim_id="a001-mistral-7b-best-7b-model",
            evidence=["epoch_eci"],
            says=("it ranked higher", "it ranked lower"),
            judgement=rank(class_rank, claim("a001-mistral-7b-best-7b-model").low),
        ),
    ]
    table = ranked.head(8)[["rank", "model_version", "organization", "release_date", "eci"]].rename(
        columns={
            "rank": "Rank",
            "model_version": "Model version",
            "organization": "Developer",
            "release_date": "Released",
            "eci": "ECI",
        }
    )
    return {
        "numbers": numbers,
        "texts": texts,
        "verdicts": verdicts,
        "table": table.style.format({"ECI": "{:.1f}", "Released": "{:%d %b %Y}"}).hide(axis="index"),
    }


LEADERS = {
    "OpenAI": ("gpt-4", "developer"),
    "Anthropic": ("claude-2", "epoch_compiled"),
    "Google": ("gemini-1.0-pro", "epoch_compiled"),
}


def _mmlu(benchmarks: pd.DataFrame, model_id: str, evaluator: str) -> pd.Series:
    rows = benchmarks[
        (benchmarks["model_id"] == model_id)
        & (benchmarks["benchmark"] == "mmlu")
        & (benchmarks["evaluator"] == evaluator)
    ]
    if rows.empty:
        raise KeyError(f"benchmarks.csv: no MMLU score of {model_id!r} by {evaluator!r}")
    return rows.iloc[0]


def camps_ranking(dataset, claim) -> dict:
    """OpenAI > Anthropic > Google at the end of 2023, by each company's best public model on MMLU (far above its
    25% chance), weighed against counting Gemini Ultra, announced in December 2023 but public only in February 2024."""
    best = {company: _mmlu(dataset.benchmarks, *model) for company, model in LEADERS.items()}
    ultra = _mmlu(dataset.benchmarks, "gemini-1.0-ultra", "epoch_compiled")
    rules.require_above_chance("mmlu", min(float(row["score"]) for row in [*best.values(), ultra]))

    def ranking(scores: dict) -> rules.Judgement:
        return rules.all_parts(
            {
                company: rules.within_factor(rank_of(scores, company), claimed, "rank", rules.EXACT).going(rules.BELOW)
                for claimed, company in enumerate(LEADERS, start=1)
            }
        )

    public = {company: float(row["score"]) for company, row in best.items()}
    announced = {**public, "Google": max(public["Google"], float(ultra["score"]))}
    numbers = {f"mmlu_{company.lower()}": score for company, score in public.items()} | {
        "mmlu_gemini_ultra": float(ultra["score"])
    }
    verdict = dict(
        claim_id="a001-camps-openai-anthropic-google",
        evidence=sorted({row["source_id"] for row in [*best.values(), ultra]}),
        judgement=rules.weigh(
            ranking(public),
            "models the public could use at the end of 2023",
            {"Gemini Ultra counted as announced (December 2023)": ranking(announced)},
        ),
        measured=", ".join(f"{c} {fmt.number(s)}% ({LEADERS[c][0]})" for c, s in public.items()) + " on MMLU",
        says=("the order was as claimed, with wider gaps", "the order differed from the claim"),
    )
    return {"numbers": numbers, "verdict": verdict}


def smaller_events(dataset, claim) -> dict:
    """ChatGPT's launch, Bing Chat's renaming, GPT-4 Turbo's price cut against its cost cut, and 2024's electricity."""
    est = dataset.estimates.set_index("estimate_id")
    chatgpt = est.loc["chatgpt_release", "as_of"]
    renamed = event_date(dataset.events, "bing_chat_renamed_copilot")
    cut = launch_price_cut(dataset.prices, "gpt-4", "gpt-4-turbo", "OpenAI")
    growth = event_value(dataset.events, "datacentre_electricity_growth_2017_2024")
    cost_cut = claim("a001-gpt4-turbo-price-not-reflecting-cost").low
    numbers = {
        "turbo_cut_input": cut["input"],
        "turbo_cut_output": cut["output"],
        "turbo_cost_claim": cost_cut,
        "electricity_growth": growth,
    }
    texts = {"copilot_month": f"{renamed:%B %Y}", "chatgpt_launch": _day(chatgpt)}
    dated = ("it happened earlier than said", "it happened later than said")
    prices = dataset.prices
    verdicts = [
        dict(
            claim_id="a001-chatgpt-launched-end-of-last-year",
            evidence=[est.loc["chatgpt_release", "source_id"]],
            says=dated,
            judgement=rules.happened_within(
                chatgpt, month_span("2022-11")[0], month_span("2022-12")[1], "ChatGPT's launch"
            ),
            note="'The end of last year' read as November or December 2022",
        ),
        dict(
            claim_id="a003-bing-chat-renamed-copilot-november-2023",
            says=dated,
            evidence=_sources(dataset.events, "event_id", "bing_chat_renamed_copilot"),
            judgement=rules.happened_within(renamed, *month_span("2023-11"), "Bing Chat's renaming to Copilot"),
        ),
        dict(
            claim_id="a001-gpt4-turbo-price-not-reflecting-cost",
            evidence=sorted(
                set(
                    prices.loc[
                        prices["model_id"].isin(["gpt-4", "gpt-4-turbo"]) & (prices["provider"] == "OpenAI"),
                        "source_id",
                    ]
                )
            ),
            judgement=rules.at_most(max(cut.values()), cost_cut, "x price cut", rules.EXACT),
            says=("the price fell by more", "the price fell by less than the cost"),
            note="the larger of the input and output price cuts is compared with the 10x cost cut",
        ),
        dict(
            claim_id="a001-datacentre-electricity-up-2024",
            evidence=_sources(dataset.events, "event_id", "datacentre_electricity_growth_2017_2024"),
            judgement=rules.trend_direction(growth, growth, growth, "up", "% per year"),
            says=("it rose more", "it rose less"),
            note="the IEA's average growth for 2017-2024; no interval is published",
        ),
    ]
    return {"numbers": numbers, "texts": texts, "verdicts": verdicts}


UNSETTLED = [
    (
        "a001-genius-researchers-200-300",
        "no_data",
        "who counts as a researcher making a real contribution is a judgement, and nobody counts them",
    ),
    (
        "a001-gpt4-data-knowhow-200-300",
        "no_data",
        "how many people know how GPT-4's training data were built is not published",
    ),
    ("a001-team-90pct-time-on-three-labs", "undisclosed", "the time use of the interviewee's own team is private"),
    (
        "a001-team-nearly-10000-hours",
        "undisclosed",
        "the team's size and working days, which the arithmetic needs, are not given",
    ),
    (
        "a001-scaling-law-may-fail-2026-2027",
        "not_quantified",
        "a possibility, not a forecast, and 'the scaling law fails' names no measure",
    ),
    (
        "a001-mobile-ecommerce-match-10x-pc",
        "no_data",
        "no public source measures a 'matching rate' of e-commerce on phones and on PCs",
    ),
]


def who_built_what(dataset, claim, earliest, latest) -> dict:
    """Mistral's founders from the LLaMA team, and Midjourney's six versions by the interview (V6 came out on
    21 December 2023, inside the span of the interview's possible dates: weighed both ways)."""
    v6, versions = event_date(dataset.events, "midjourney_v6_alpha"), event_value(dataset.events, "midjourney_v6_alpha")
    founders = event_value(dataset.events, "mistral_founded_by_llama_authors")
    claimed = claim("a001-midjourney-v1-to-v6").low
    by = lambda day: versions if v6 <= pd.Timestamp(day) else versions - 1  # noqa: E731
    count = lambda n: rules.within_factor(n, claimed, "versions", rules.EXACT)  # noqa: E731
    texts = {"midjourney_v6": _day(v6)}
    verdicts = [
        dict(
            claim_id="a001-midjourney-v1-to-v6",
            evidence=_sources(dataset.events, "event_id", "midjourney_v6_alpha"),
            judgement=rules.weigh(
                count(by(latest)),
                "the interview at the end of December 2023",
                {"the interview before 21 December 2023": count(by(earliest))},
            ),
            says=("there were more versions", "V6 was not yet out"),
        ),
        dict(
            claim_id="a001-mistral-team-from-llama1",
            evidence=_sources(dataset.events, "event_id", "mistral_founded_by_llama_authors"),
            judgement=rules.at_least(founders, claim("a001-mistral-team-from-llama1").low, "co-founders", rules.EXACT),
            measured="Guillaume Lample and Timothée Lacroix, two of the three co-founders",
            says=("more of the team came from LLaMA", "fewer of the team came from LLaMA"),
        ),
    ]
    return {"numbers": {"mistral_llama_founders": founders}, "texts": texts, "verdicts": verdicts}
