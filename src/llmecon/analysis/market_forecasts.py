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

from llmecon.core import charts


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
    Edition("IDC 2022 V2 guide", "AI IT investment", "idc_ai_it_investment_2021_v2_2022", 2021,
            "idc_ai_it_investment_2026_v2_2022", 2026, "idc_ai_it_investment_cagr_2021_2026_v2_2022", True),
    Edition("IDC March 2023", "AI spending", "idc_ai_spending_2023_march", 2023,
            "idc_ai_spending_2026_march", 2026, "idc_ai_spending_cagr_2022_2026_march", False),
    Edition("IDC 2023 V2 guide (Oct 2023)", "AI IT investment", "idc_ai_it_investment_2022", 2022,
            "idc_ai_it_investment_2027", 2027, "idc_ai_it_investment_cagr_2022_2027", True),
    Edition("IDC GenAI (Oct 2023)", "generative AI spending", "idc_genai_spending_2023", 2023,
            "idc_genai_spending_2027", 2027, "idc_genai_cagr_2023_2027", True),
    Edition("IDC GenAI (2024 update)", "generative AI spending", "idc_genai_spending_2023_update", 2023,
            "idc_genai_spending_2027_update", 2027, "idc_genai_cagr_2023_2027_update", False),
    Edition("IDC 2025 guide", "AI IT investment", "idc_ai_it_investment_2024_2025_guide", 2024,
            "idc_ai_it_investment_2028_2025_guide", 2028, "idc_ai_it_investment_cagr_2025_guide", False),
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
        rows.append({
            "edition": edition.label, "scope": edition.scope,
            "published": by_id.loc[edition.target_id, "as_of"],
            "base_year": edition.base_year, "base_value": base,
            "target_year": edition.target_year, "target_value": target,
            "stated_cagr": stated, "recomputed_cagr": cagr_percent(base, target, years),
            "years_at_stated_rate": years_implied(base, target, stated) if stated == stated else np.nan,
            "cagr_spans_endpoints": edition.cagr_spans_endpoints,
            "publisher": publisher.get(by_id.loc[edition.target_id, "source_id"], ""),
        })
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
    both = pd.concat([editions.assign(kind="IDC edition"), article.assign(kind="as quoted in article 003")],
                     ignore_index=True)
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
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=alt.Scale(domain=["IDC edition", "as quoted in article 003"],
                                                                           range=[[1, 0], [5, 3]])),
        detail="edition:N",
        tooltip=[alt.Tooltip("edition:N", title="Forecast"), alt.Tooltip("scope:N", title="Scope"),
                 alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("value:Q", title="USD billions", format=",.1f"),
                 alt.Tooltip("stated_cagr:Q", title="Stated CAGR (%)", format=".1f"),
                 alt.Tooltip("recomputed_cagr:Q", title="CAGR from endpoints (%)", format=".1f"),
                 alt.Tooltip("published:N", title="Published"), alt.Tooltip("publisher:N", title="Source")],
    )
    chart = base.mark_line(strokeWidth=2) + base.mark_point(filled=True, size=60)
    return charts.finish(
        chart, title="IDC's AI spending forecasts, edition by edition",
        subtitle="Lines join base and target years (slope = growth rate); dashed: as quoted in article 003",
        description=("Line chart of IDC forecasts of worldwide AI IT investment, AI spending and generative AI spending, "
                     "one line per published edition from its base year to its target year, with the two forecasts "
                     "quoted in article 003 drawn dashed."))


def revenue_points(estimates: pd.DataFrame, sources: pd.DataFrame, annualized_ids: list[str],
                   monthly_ids: list[str]) -> pd.DataFrame:
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
    band = alt.Chart(bands).mark_rect(opacity=0.25, color="#E69F00").encode(
        x="start:T", x2="end:T", y="value_low:Q", y2="value_high:Q",
        tooltip=[alt.Tooltip("label:N", title="Article 001 says"), alt.Tooltip("value_low:Q", title="From (USD bn)"),
                 alt.Tooltip("value_high:Q", title="To (USD bn)")])
    data = points.assign(date=points["date"].dt.strftime("%Y-%m-%d"))
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Date of the figure", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("usd_billions:Q", title="OpenAI revenue run-rate (USD billions a year)"),
        tooltip=[alt.Tooltip("date:T", title="Date"), alt.Tooltip("usd_billions:Q", title="USD billions a year", format=".1f"),
                 alt.Tooltip("basis:N", title="Basis"), alt.Tooltip("description:N", title="Figure"),
                 alt.Tooltip("source:N", title="Source")])
    chart = band + base.mark_line(color="#0072B2") + base.mark_point(filled=True, size=70, color="#0072B2")
    return charts.finish(
        chart, title="OpenAI's revenue run-rate against article 001's statements",
        subtitle="Blue: reported annualized revenue; orange: the article's >$1B (2023) and $5-6B (2024)",
        description=("Line chart of OpenAI's reported annualized revenue from October 2023 to June 2025, with shaded bands "
                     "marking the article's statements of more than one billion dollars for 2023 and five to six billion for 2024."))
