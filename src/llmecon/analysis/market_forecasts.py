"""Market forecasts: do a forecaster's endpoints and its stated growth rate agree?

A forecast is two endpoints (a base year and value, a target year and
value) and a compound annual growth rate (CAGR). The three must satisfy
target = base x (1 + CAGR) ^ years; when they do not, one of them was
misquoted or the rate covers other years than the endpoints. The editions
are read from the `estimates` table, one row per published figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts, fmt, rules


def cagr_percent(base_value: float, target_value: float, years: float) -> float:
    """Compound annual growth rate, in percent, that turns base into target over `years`."""
    return 100 * ((target_value / base_value) ** (1 / years) - 1)


def implied_base(target_value: float, cagr: float, years: float) -> float:
    """The base value a stated CAGR (percent) implies, given the target value `years` later."""
    return target_value / (1 + cagr / 100) ** years


def years_implied(base_value: float, target_value: float, cagr: float) -> float:
    """How many years of growth at `cagr` percent turn base into target."""
    return math.log(target_value / base_value) / math.log(1 + cagr / 100)


@dataclass(frozen=True)
class Edition:
    """One published forecast, as estimate ids plus the years the figures refer to."""

    label: str
    scope: str
    base_id: str
    base_year: int
    target_id: str
    target_year: int
    cagr_id: str | None  # the stated rate, when the edition gives one
    cagr_spans_endpoints: bool  # False when the rate is stated for other years, or for unnamed years


IDC_EDITIONS = [
    Edition(
        "IDC 2022 V2 guide",
        "AI IT investment",
        "idc_ai_it_investment_2021_v2_2022",
        2021,
        "idc_ai_it_investment_2026_v2_2022",
        2026,
        "idc_ai_it_investment_cagr_2021_2026_v2_2022",
        True,
    ),
    Edition(
        "IDC March 2023",
        "AI spending",
        "idc_ai_spending_2023_march",
        2023,
        "idc_ai_spending_2026_march",
        2026,
        "idc_ai_spending_cagr_2022_2026_march",
        False,
    ),
    Edition(
        "IDC 2023 V2 guide (Oct 2023)",
        "AI IT investment",
        "idc_ai_it_investment_2022",
        2022,
        "idc_ai_it_investment_2027",
        2027,
        "idc_ai_it_investment_cagr_2022_2027",
        True,
    ),
    Edition(
        "IDC GenAI (Oct 2023)",
        "generative AI spending",
        "idc_genai_spending_2023",
        2023,
        "idc_genai_spending_2027",
        2027,
        "idc_genai_cagr_2023_2027",
        True,
    ),
    Edition(
        "IDC GenAI (2024 update)",
        "generative AI spending",
        "idc_genai_spending_2023_update",
        2023,
        "idc_genai_spending_2027_update",
        2027,
        "idc_genai_cagr_2023_2027_update",
        False,
    ),
    Edition(
        "IDC 2025 guide",
        "AI IT investment",
        "idc_ai_it_investment_2024_2025_guide",
        2024,
        "idc_ai_it_investment_2028_2025_guide",
        2028,
        "idc_ai_it_investment_cagr_2025_guide",
        False,
    ),
]


def editions_table(estimates: pd.DataFrame, sources: pd.DataFrame, editions=IDC_EDITIONS) -> pd.DataFrame:
    """One row per edition: endpoints, stated CAGR, the CAGR its endpoints imply, and the years the stated rate needs."""
    by_id = estimates.set_index("estimate_id")
    publisher = sources.set_index("source_id")["publisher"]
    rows = []
    for edition in editions:
        base, target = by_id.loc[edition.base_id, "value"], by_id.loc[edition.target_id, "value"]
        years = edition.target_year - edition.base_year
        stated = by_id.loc[edition.cagr_id, "value"] if edition.cagr_id else np.nan
        rows.append(
            {
                "edition": edition.label,
                "scope": edition.scope,
                "published": by_id.loc[edition.target_id, "as_of"],
                "base_year": edition.base_year,
                "base_value": base,
                "target_year": edition.target_year,
                "target_value": target,
                "stated_cagr": stated,
                "recomputed_cagr": cagr_percent(base, target, years),
                "years_at_stated_rate": years_implied(base, target, stated) if stated == stated else np.nan,
                "cagr_spans_endpoints": edition.cagr_spans_endpoints,
                "publisher": publisher.get(by_id.loc[edition.target_id, "source_id"], ""),
            }
        )
    table = pd.DataFrame(rows)
    table["gap_pp"] = table["recomputed_cagr"] - table["stated_cagr"]
    return table


def closest_edition_value(value: float, candidates: pd.Series) -> tuple[str, float, float]:
    """The candidate nearest to `value` (by ratio): its label, its value, and the relative gap."""
    ratios = (value / candidates).apply(lambda r: abs(math.log(r)))
    label = ratios.idxmin()
    return label, float(candidates[label]), float(value / candidates[label] - 1)


def forecast_lines(editions: pd.DataFrame, article: pd.DataFrame) -> pd.DataFrame:
    """Endpoints of every forecast as two rows each, for a line per forecast on a log scale."""
    columns = ["edition", "scope", "published", "stated_cagr", "recomputed_cagr", "publisher"]
    both = pd.concat(
        [editions.assign(kind="IDC edition"), article.assign(kind="as quoted in article 003")], ignore_index=True
    )
    base = both[columns + ["kind"]].assign(year=both["base_year"], value=both["base_value"], end="base")
    target = both[columns + ["kind"]].assign(year=both["target_year"], value=both["target_value"], end="target")
    lines = pd.concat([base, target], ignore_index=True)
    lines["published"] = pd.to_datetime(lines["published"]).dt.strftime("%Y-%m-%d").fillna("not stated")
    return lines


def forecast_chart(lines: pd.DataFrame) -> alt.TopLevelMixin:
    base = alt.Chart(lines).encode(
        x=alt.X("year:Q", title="Year the figure refers to", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title="Spending (USD billions, log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("edition:N", title="Forecast", legend=alt.Legend(columns=2, labelLimit=320)),
        strokeDash=alt.StrokeDash(
            "kind:N",
            legend=None,
            scale=alt.Scale(domain=["IDC edition", "as quoted in article 003"], range=[[1, 0], [5, 3]]),
        ),
        detail="edition:N",
        tooltip=[
            alt.Tooltip("edition:N", title="Forecast"),
            alt.Tooltip("scope:N", title="Scope"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("value:Q", title="USD billions", format=",.1f"),
            alt.Tooltip("stated_cagr:Q", title="Stated CAGR (%)", format=".1f"),
            alt.Tooltip("recomputed_cagr:Q", title="CAGR from endpoints (%)", format=".1f"),
            alt.Tooltip("published:N", title="Published"),
            alt.Tooltip("publisher:N", title="Source"),
        ],
    )
    chart = base.mark_line(strokeWidth=2) + base.mark_point(filled=True, size=60)
    return charts.finish(
        chart,
        title="IDC's AI spending forecasts, edition by edition",
        subtitle="Lines join base and target years (slope = growth rate); dashed: as quoted in article 003",
        description=(
            "Line chart of IDC forecasts of worldwide AI IT investment, AI spending and generative AI spending, "
            "one line per published edition from its base year to its target year, with the two forecasts "
            "quoted in article 003 drawn dashed."
        ),
    )


def revenue_points(
    estimates: pd.DataFrame, sources: pd.DataFrame, annualized_ids: list[str], monthly_ids: list[str]
) -> pd.DataFrame:
    """OpenAI's reported run-rates, monthly figures annualized (x12), with their dates and sources."""
    by_id = estimates.set_index("estimate_id")
    publisher = sources.set_index("source_id")["publisher"]
    rows = [(i, by_id.loc[i, "value"], "annualized revenue as reported") for i in annualized_ids]
    rows += [(i, 12 * by_id.loc[i, "value"], "monthly revenue x 12") for i in monthly_ids]
    points = pd.DataFrame(rows, columns=["estimate_id", "usd_billions", "basis"])
    points["date"] = points["estimate_id"].map(by_id["as_of"])
    points["source"] = points["estimate_id"].map(by_id["source_id"]).map(publisher)
    points["description"] = points["estimate_id"].map(by_id["description"])
    return points.sort_values("date", ignore_index=True)


def revenue_chart(points: pd.DataFrame, claims: pd.DataFrame) -> alt.TopLevelMixin:
    """Reported run-rates against the article's two ARR statements (drawn as bands at the year they describe)."""
    bands = claims.assign(start=pd.to_datetime(claims["start"]), end=pd.to_datetime(claims["end"]))
    band = (
        alt.Chart(bands)
        .mark_rect(opacity=0.25, color="#E69F00")
        .encode(
            x="start:T",
            x2="end:T",
            y="value_low:Q",
            y2="value_high:Q",
            tooltip=[
                alt.Tooltip("label:N", title="Article 001 says"),
                alt.Tooltip("value_low:Q", title="From (USD bn)"),
                alt.Tooltip("value_high:Q", title="To (USD bn)"),
            ],
        )
    )
    data = points.assign(date=points["date"].dt.strftime("%Y-%m-%d"))
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Date of the figure", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("usd_billions:Q", title="OpenAI revenue run-rate (USD billions a year)"),
        tooltip=[
            alt.Tooltip("date:T", title="Date"),
            alt.Tooltip("usd_billions:Q", title="USD billions a year", format=".1f"),
            alt.Tooltip("basis:N", title="Basis"),
            alt.Tooltip("description:N", title="Figure"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    chart = band + base.mark_line(color="#0072B2") + base.mark_point(filled=True, size=70, color="#0072B2")
    return charts.finish(
        chart,
        title="OpenAI's revenue run-rate against article 001's statements",
        subtitle="Blue: reported annualized revenue; orange: the article's >$1B (2023) and $5-6B (2024)",
        description=(
            "Line chart of OpenAI's reported annualized revenue from October 2023 to June 2025, with shaded bands "
            "marking the article's statements of more than one billion dollars for 2023 and five to six billion for 2024."
        ),
    )


# The chapter's argument, decided here and stated in the chapter: each function returns the numbers its prose
# quotes (`numbers`, glued by name) and the verdicts it reaches (`verdicts`: keyword arguments of ch.verdict).


def _sources(estimates: pd.DataFrame, ids) -> list[str]:
    return sorted(set(estimates.set_index("estimate_id").loc[list(ids), "source_id"]))


def idc_findings(dataset, claim, base_years) -> dict:
    """Article 003's IDC figures: their own arithmetic, then against IDC's editions (nearest by ratio). The 2027
    figure is weighed against the 2025 guide's path, the generative-AI rate against the rate IDC's endpoints imply."""
    ai_2022, ai_2027 = claim("a003-idc-ai-it-2022").low, claim("a003-idc-ai-it-2027").low
    ai_cagr_stated, genai_cagr_stated = claim("a003-idc-ai-it-cagr-31-1").low, claim("a003-idc-genai-cagr-85-7").low
    genai_2027 = claim("a003-idc-genai-2027-150b").low
    ai_cagr = cagr_percent(ai_2022, ai_2027, 2027 - 2022)
    implied = {year: implied_base(genai_2027, genai_cagr_stated, 2027 - year) for year in base_years}
    editions = editions_table(dataset.estimates, dataset.rows("sources", "source_id", dataset.estimates["source_id"]))
    ai_it, genai = (
        editions[editions["scope"] == s].set_index("edition") for s in ("AI IT investment", "generative AI spending")
    )
    v2, g25 = ai_it.loc["IDC 2023 V2 guide (Oct 2023)"], ai_it.loc["IDC 2025 guide"]
    oct23, upd = genai.loc["IDC GenAI (Oct 2023)"], genai.loc["IDC GenAI (2024 update)"]
    base_label, base_value, base_gap = closest_edition_value(ai_2022, ai_it[ai_it["base_year"] == 2022]["base_value"])
    target_label, target_value, target_gap = closest_edition_value(
        ai_2027, ai_it[ai_it["target_year"] == 2027]["target_value"]
    )
    g25_at_2027 = g25["base_value"] * (1 + g25["recomputed_cagr"] / 100) ** (2027 - g25["base_year"])
    upd_base_2022 = implied_base(upd["target_value"], upd["stated_cagr"], 2027 - 2022)
    consistent = editions[editions["cagr_spans_endpoints"]]
    numbers = {
        "ai_cagr": ai_cagr,
        "ai_multiple": ai_2027 / ai_2022,
        **{f"genai_base_{y}": v for y, v in implied.items()},
        "v2_2023_base": v2["base_value"],
        "v2_2023_target": v2["target_value"],
        "v2_2023_cagr": v2["stated_cagr"],
        "ai_2022_gap_pct": 100 * base_gap,
        "ai_2027_gap_pct": 100 * target_gap,
        "g2025_base": g25["base_value"],
        "g2025_target": g25["target_value"],
        "g2025_stated": g25["stated_cagr"],
        "g2025_recomputed": g25["recomputed_cagr"],
        "g2025_at_2027": g25_at_2027,
        "g2025_years": g25["target_year"] - g25["base_year"],
        "genai_oct_base": oct23["base_value"],
        "genai_oct_target": oct23["target_value"],
        "genai_oct_stated": oct23["stated_cagr"],
        "genai_oct_recomputed": oct23["recomputed_cagr"],
        "genai_upd_base": upd["base_value"],
        "genai_upd_target": upd["target_value"],
        "genai_upd_stated": upd["stated_cagr"],
        "genai_upd_recomputed": upd["recomputed_cagr"],
        "genai_upd_years": upd["years_at_stated_rate"],
        "genai_upd_span": upd["target_year"] - upd["base_year"],
        "genai_upd_base_2022": upd_base_2022,
        "n_consistent": sum(
            rules.within_factor(r, s, "%", rules.EXACT).verdict == rules.HOLDS
            for s, r in zip(consistent["stated_cagr"], consistent["recomputed_cagr"])
        ),
        "n_checkable": len(consistent),
    }
    idc = sorted(set(dataset.estimates.loc[dataset.estimates["estimate_id"].str.startswith("idc_"), "source_id"]))
    genai_label, genai_value, _ = closest_edition_value(genai_2027, genai["target_value"])
    usd, rate = "billion USD", "% a year"
    verdicts = [
        dict(
            claim_id="a003-idc-ai-it-2022",
            evidence=idc,
            judgement=rules.within_factor(base_value, ai_2022, usd, rules.EXACT),
            measured=f"{base_label}: ${fmt.number(base_value)}B for 2022",
            says=("IDC's figure for 2022 was higher than quoted", "IDC's figure for 2022 was lower than quoted"),
            note="The nearest IDC edition found; the edition the article quotes was not found, and guides revise past years",
        ),
        dict(
            claim_id="a003-idc-ai-it-2027",
            evidence=idc,
            judgement=rules.weigh(
                rules.within_factor(target_value, ai_2027, usd, rules.EXACT),
                f"edition: {target_label}",
                {
                    "edition: IDC 2025 guide, along its endpoints": rules.within_factor(
                        g25_at_2027, ai_2027, usd, rules.EXACT
                    )
                },
            ),
            measured=f"{target_label}: ${fmt.number(target_value)}B for 2027",
            says=("IDC's forecast for 2027 was higher than quoted", "IDC's forecast for 2027 was lower than quoted"),
            note=f"Along the 2025 guide 2027 is about ${fmt.number(g25_at_2027)}B: the article's figure lies between "
            "IDC's earlier and later forecasts, as an early-2024 revision would",
        ),
        dict(
            claim_id="a003-idc-ai-it-cagr-31-1",
            judgement=rules.weigh(
                rules.within_factor(ai_cagr, ai_cagr_stated, rate, rules.EXACT),
                "the rate the quoted 2022 and 2027 values imply",
                {
                    "the rate IDC stated in October 2023": rules.within_factor(
                        v2["stated_cagr"], ai_cagr_stated, rate, rules.EXACT
                    )
                },
            ),
            measured=f"{fmt.number(ai_cagr)}% a year from the article's own endpoints",
            evidence=idc,
            says=("the quoted endpoints imply faster growth", "the quoted endpoints imply slower growth"),
        ),
        dict(
            claim_id="a003-idc-genai-cagr-85-7",
            evidence=idc,
            judgement=rules.weigh(
                rules.within_factor(upd["stated_cagr"], genai_cagr_stated, rate, rules.EXACT),
                "IDC's stated rate (2024 update)",
                {
                    "the rate IDC's own 2023 and 2027 values imply": rules.within_factor(
                        upd["recomputed_cagr"], genai_cagr_stated, rate, rules.EXACT
                    ),
                    "IDC's October 2023 rate": rules.within_factor(
                        oct23["stated_cagr"], genai_cagr_stated, rate, rules.EXACT
                    ),
                },
            ),
            says=("IDC forecast faster growth", "IDC forecast slower growth"),
            note=f"IDC's stated rate fits only a five-year span from about ${fmt.number(upd_base_2022)}B in 2022, not "
            f"IDC's own ${fmt.number(upd['base_value'])}B for 2023, which grows {fmt.number(upd['recomputed_cagr'])}% a year",
        ),
        dict(
            claim_id="a003-idc-genai-2027-150b",
            evidence=idc,
            judgement=rules.weigh(
                rules.within_factor(genai_value, genai_2027, usd, rules.APPROXIMATE),
                f"edition: {genai_label}",
                {
                    "edition: IDC GenAI (Oct 2023)": rules.within_factor(
                        oct23["target_value"], genai_2027, usd, rules.APPROXIMATE
                    )
                },
            ),
            measured=f"{genai_label}: ${fmt.number(genai_value)}B for 2027",
            says=("IDC forecast a larger market", "IDC forecast a smaller market"),
        ),
    ]
    article_rows = pd.DataFrame(
        [
            {
                "edition": "Article 003: AI IT investment",
                "scope": "AI IT investment",
                "published": None,
                "base_year": 2022,
                "base_value": ai_2022,
                "target_year": 2027,
                "target_value": ai_2027,
                "stated_cagr": ai_cagr_stated,
                "recomputed_cagr": ai_cagr,
                "publisher": "article 003 (quoting IDC)",
            },
            {
                "edition": "Article 003: generative AI (2023 base implied)",
                "scope": "generative AI spending",
                "published": None,
                "base_year": 2023,
                "base_value": implied_base(genai_2027, genai_cagr_stated, 4),
                "target_year": 2027,
                "target_value": genai_2027,
                "stated_cagr": genai_cagr_stated,
                "recomputed_cagr": genai_cagr_stated,
                "publisher": "article 003 (quoting IDC)",
            },
        ]
    )
    return {
        "numbers": numbers,
        "verdicts": verdicts,
        "editions": editions,
        "lines": forecast_lines(editions, article_rows),
    }


def editions_display(editions: pd.DataFrame):
    """The editions table as the chapter shows it."""
    shown = editions[
        [
            "edition",
            "scope",
            "base_year",
            "base_value",
            "target_year",
            "target_value",
            "stated_cagr",
            "recomputed_cagr",
            "publisher",
        ]
    ].rename(
        columns={
            "edition": "Edition",
            "scope": "Scope",
            "base_year": "Base year",
            "base_value": "Base (USD bn)",
            "target_year": "Target year",
            "target_value": "Target (USD bn)",
            "stated_cagr": "Stated CAGR (%)",
            "recomputed_cagr": "CAGR from endpoints (%)",
            "publisher": "Reported by",
        }
    )
    return shown.style.format(
        {
            "Base (USD bn)": "{:,.1f}",
            "Target (USD bn)": "{:,.1f}",
            "Stated CAGR (%)": "{:.1f}",
            "CAGR from endpoints (%)": "{:.1f}",
        },
        na_rep="–",
    ).hide(axis="index")


RUN_RATES = [
    "openai_annualized_revenue_2023_10",
    "openai_annualized_revenue_2023_12",
    "openai_annualized_revenue_2024_12",
    "openai_annualized_revenue_2025_06",
]


def revenue_findings(dataset, claim) -> dict:
    """Article 001's revenue and usage statements against OpenAI's reported run-rates, ChatGPT's measured
    audience (Similarweb's monthly web visitors, OpenAI's weekly actives) and a16z's traffic share."""
    est = dataset.estimates.set_index("estimate_id")
    value = lambda i: float(est.loc[i, "value"])  # noqa: E731
    cited = dataset.rows("sources", "source_id", dataset.estimates["source_id"])
    points = revenue_points(dataset.estimates, cited, RUN_RATES, ["openai_monthly_revenue_2024_08"])
    run_rate = points.set_index("estimate_id")["usd_billions"]
    arr_2023, arr_2024 = claim("a001-openai-arr-over-1b"), claim("a001-openai-arr-2024-5-6b")
    mau, share = claim("a001-chatgpt-mau-200m"), claim("a001-chatgpt-chatbot-traffic-share")
    visitors, weekly = value("similarweb_chatgpt_unique_visitors_2023_08"), value("chatgpt_weekly_active_users_2023_11")
    top50 = value("a16z_chatgpt_share_top50_genai_2023_06")
    numbers = {
        **run_rate.to_dict(),
        "openai_revenue_2024": value("openai_revenue_2024"),
        "openai_monthly_revenue_2024_08_m": 1000 * value("openai_monthly_revenue_2024_08"),
        "openai_loss_2024": value("openai_loss_2024"),
        "openai_loss_2022": value("openai_2022_loss") / 1e9,
        "chatgpt_visitors_2023_08": visitors,
        "chatgpt_weekly_2023_11": weekly,
        "chatgpt_share_top50": top50,
    }
    revenue = sorted(set(points["estimate_id"].map(est["source_id"])))
    usd, users = "billion USD", "million users a month"
    verdicts = [
        dict(
            claim_id="a001-openai-arr-over-1b",
            evidence=revenue,
            judgement=rules.weigh(
                rules.at_least(run_rate[RUN_RATES[0]], arr_2023.low, usd, rules.APPROXIMATE),
                "the October 2023 run-rate",
                {
                    "the December 2023 run-rate": rules.at_least(
                        run_rate[RUN_RATES[1]], arr_2023.low, usd, rules.APPROXIMATE
                    )
                },
            ),
            measured=f"${fmt.number(run_rate[RUN_RATES[0]])}B annualized in October 2023",
            says=("OpenAI's run-rate was already higher", "OpenAI's run-rate was lower"),
            note=f"More than ${fmt.number(run_rate[RUN_RATES[1]])}B by December 2023",
        ),
        dict(
            claim_id="a001-openai-arr-2024-5-6b",
            evidence=revenue + sorted({est.loc["openai_revenue_2024", "source_id"]}),
            judgement=rules.weigh(
                rules.in_range(run_rate[RUN_RATES[2]], arr_2024.low, arr_2024.high, usd, rules.RANGE),
                "ARR as the run-rate at the end of 2024",
                {
                    "ARR read as the year's revenue": rules.in_range(
                        value("openai_revenue_2024"), arr_2024.low, arr_2024.high, usd, rules.RANGE
                    )
                },
            ),
            measured=f"${fmt.number(run_rate[RUN_RATES[2]])}B annualized at the end of 2024",
            says=("OpenAI's run-rate grew further", "OpenAI's run-rate fell short"),
            note=f"Revenue for the calendar year 2024 was about ${fmt.number(value('openai_revenue_2024'))}B",
        ),
        dict(
            claim_id="a001-chatgpt-mau-200m",
            evidence=_sources(
                dataset.estimates, ["similarweb_chatgpt_unique_visitors_2023_08", "chatgpt_weekly_active_users_2023_11"]
            ),
            judgement=rules.weigh(
                rules.at_least(visitors, mau.low, users, rules.APPROXIMATE),
                "monthly unique visitors to the website (Similarweb, August 2023)",
                {
                    "OpenAI's weekly actives (November 2023) as the measure": rules.at_least(
                        weekly, mau.low, users, rules.APPROXIMATE
                    )
                },
            ),
            measured=f"{fmt.number(visitors)} million unique web visitors in August 2023",
            says=("ChatGPT had more monthly users", "ChatGPT had fewer monthly users"),
            note=f"The website alone, apps excluded, so a floor; OpenAI reported {fmt.number(weekly)} million weekly users "
            "in November 2023, which monthly users exceed",
        ),
        dict(
            claim_id="a001-chatgpt-chatbot-traffic-share",
            evidence=_sources(dataset.estimates, ["a16z_chatgpt_share_top50_genai_2023_06"]),
            judgement=rules.in_range(top50, share.low, share.high, "% of traffic", rules.RANGE),
            measured=f"{fmt.number(top50)}% of the top 50 generative AI web products' visits, June 2023",
            says=("ChatGPT's share was larger", "ChatGPT's share of the measured traffic was smaller"),
            note="The top-50 list includes image, writing and other tools that are not chatbots, so ChatGPT's share "
            "of chatbot traffic alone was larger than this",
        ),
    ]
    untestable = [
        dict(
            claim_id="a001-other-native-arr-under-1b",
            ground="no_data",
            detail="no source sums the ARR of all other LLM-native products",
        ),
        dict(
            claim_id="a001-cloud-3-5pct-revenue-to-models",
            ground="not_quantified",
            detail="what share of revenue is 'reasonable' to invest is an opinion",
        ),
        dict(
            claim_id="a004-revenue-vs-training-gap-2-orders",
            ground="no_data",
            detail="neither Chinese LLM application revenue nor total training investment is published",
        ),
    ]
    bands = pd.DataFrame(
        [
            {
                "label": "end-2023: more than $1B ARR",
                "start": "2023-01-01",
                "end": "2023-12-31",
                "value_low": arr_2023.low,
                "value_high": float(points["usd_billions"].max()),
            },
            {
                "label": "2024: $5-6B ARR",
                "start": "2024-01-01",
                "end": "2024-12-31",
                "value_low": arr_2024.low,
                "value_high": arr_2024.high,
            },
        ]
    )
    return {"numbers": numbers, "verdicts": verdicts, "unsettled": untestable, "chart": revenue_chart(points, bands)}
