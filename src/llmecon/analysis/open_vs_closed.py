"""The open- vs closed-model gap: frontiers, the gap in points and the lag in months.

A frontier is the best score any model of a group had released by each date
(a running maximum over release dates). The gap is measured two ways, as
Epoch AI does: in points (best closed minus best open on the same date) and
in time (how many months after the closed frontier first reached a level the
open frontier reached it). The same functions serve every measure: benchmark
scores, Arena snapshots and log10 training compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from llmecon.core import charts, rules
from llmecon.core.claims import MISSING_NUMBER_TEXT
from llmecon.core.frontier import coverage_end, model_scores, priced_models, prices_in_force, with_blend
from llmecon.core.trends import linear_trend
from llmecon.core.units import months_between

OPEN, CLOSED = "open", "closed"
OPEN_DEFINITIONS = ("open_weights", "open_licence")
# Licences that let anyone use, modify and redistribute for any purpose. Rows the
# chapter added without a licence name carry Epoch AI's accessibility class instead.
PERMISSIVE_LICENCES = {"apache-2.0", "mit", "epoch:open-weights-unrestricted"}
ARENA_CLOSED_LICENCES = {"proprietary", "propretary"}  # the leaderboard's own spelling varies
ARENA_PERMISSIVE_LICENCES = {"apache 2.0", "apache-2.0", "mit"}
EPOCH_OPEN_CLASSES = {"Open weights (unrestricted)", "Open weights (restricted use)", "Open weights (non-commercial)"}
# -- who counts as open --------------------------------------------------------


def model_access(models: pd.DataFrame, open_definition: str) -> pd.Series:
    """'open', 'closed' or None (left out) for every model.

    Closed means the weights are not published. Under "open_licence" only
    open-weight models under a permissive licence count as open; open-weight
    models with use restrictions then belong to neither side.
    """
    if open_definition not in OPEN_DEFINITIONS:
        raise ValueError(f"open_definition must be one of {OPEN_DEFINITIONS}, got {open_definition!r}")
    permissive = models["licence"].fillna("").str.lower().isin(PERMISSIVE_LICENCES)
    is_open = models["open_weights"] & (permissive if open_definition == "open_licence" else True)
    return _classes(is_open, ~models["open_weights"].astype(bool))


def arena_access(licences: pd.Series, open_definition: str) -> pd.Series:
    """The same classification for leaderboard licence strings."""
    text = licences.fillna("").str.strip().str.lower()
    closed = text.isin(ARENA_CLOSED_LICENCES)
    is_open = ~closed & (text.isin(ARENA_PERMISSIVE_LICENCES) if open_definition == "open_licence" else text.ne(""))
    return _classes(is_open, closed)


def compute_access(accessibility: pd.Series, open_definition: str) -> pd.Series:
    """The same classification for Epoch AI's accessibility classes."""
    is_open = accessibility.isin(
        {"Open weights (unrestricted)"} if open_definition == "open_licence" else EPOCH_OPEN_CLASSES
    )
    return _classes(is_open, ~accessibility.isin(EPOCH_OPEN_CLASSES))


def _classes(is_open: pd.Series, is_closed: pd.Series) -> pd.Series:
    """'open', 'closed', or None for entries that are neither under the chosen definition."""
    out = pd.Series([None] * len(is_open), index=is_open.index, dtype=object)
    out[is_closed.to_numpy()] = CLOSED
    out[is_open.to_numpy()] = OPEN
    return out


# -- frontiers -------------------------------------------------------------------


def frontier_records(entries: pd.DataFrame) -> pd.DataFrame:
    """The entries that raised their group's best score: the steps of each frontier.

    `entries` needs date, group and score (plus any descriptive columns, kept).
    On a tie the earlier entry holds the record.
    """
    rows = []
    for _group, part in entries.dropna(subset=["score"]).groupby("group"):
        part = part.sort_values(["date", "score"], ascending=[True, False])
        best_before = part["score"].cummax().shift(fill_value=-np.inf)
        rows.append(part[part["score"] > best_before])
    if not rows:
        return entries.iloc[0:0]
    return pd.concat(rows).sort_values(["date", "group"]).reset_index(drop=True)


def frontier_at(records: pd.DataFrame, dates) -> pd.DataFrame:
    """Best open and best closed score released on or before each date (NaN before a group's first)."""
    dates = pd.DatetimeIndex(pd.to_datetime(dates))
    out = pd.DataFrame({"date": dates})
    for group in (OPEN, CLOSED):
        part = records[records["group"] == group].sort_values("date")
        positions = np.searchsorted(part["date"].to_numpy(), dates.to_numpy(), side="right") - 1
        scores = part["score"].to_numpy()
        out[group] = np.array([scores[i] if i >= 0 else np.nan for i in positions], dtype=float)
    out["gap"] = out[CLOSED] - out[OPEN]
    return out


def first_reached(records: pd.DataFrame, group: str, level: float):
    """The first date the group's frontier reached `level` (NaT if it never did)."""
    hits = records[(records["group"] == group) & (records["score"] >= level)]
    return hits["date"].min() if len(hits) else pd.NaT


def catch_up_lags(records: pd.DataFrame, end) -> pd.DataFrame:
    """For every level the closed frontier set: when the open frontier matched it, and the lag in months.

    Levels the open frontier has not reached by `end` are censored: their lag
    is at least the time from the closed record to `end`.
    """
    rows = []
    for _, record in records[records["group"] == CLOSED].iterrows():
        caught = first_reached(records, OPEN, record["score"])
        censored = pd.isna(caught) or caught > pd.Timestamp(end)
        until = pd.Timestamp(end) if censored else caught
        rows.append(
            {
                "level": record["score"],
                "closed_date": record["date"],
                "closed_model": record.get("name", ""),
                "open_date": pd.NaT if censored else caught,
                "lag_months": max(0.0, months_between(record["date"], until)),
                "censored": censored,
            }
        )
    return pd.DataFrame(rows, columns=["level", "closed_date", "closed_model", "open_date", "lag_months", "censored"])


def time_gap(records: pd.DataFrame, dates) -> pd.DataFrame:
    """How far behind in time the open frontier is on each date.

    On date t the open frontier stands at O(t); the lag is t minus the date
    the closed frontier first reached O(t), or 0 if open is level or ahead.
    If the closed frontier was already at O(t) on its first recorded date,
    the true lag may be longer: such values are flagged as lower bounds.
    """
    at = frontier_at(records, dates)
    closed = records[records["group"] == CLOSED]
    first_closed = closed["date"].min()
    lags, bounds = [], []
    for _, row in at.iterrows():
        if pd.isna(row[OPEN]) or pd.isna(row[CLOSED]):
            lags.append(np.nan)
            bounds.append(False)
            continue
        reached = first_reached(records, CLOSED, row[OPEN])
        if pd.isna(reached) or reached > row["date"]:
            lags.append(0.0)  # open is level with or ahead of every closed model released so far
            bounds.append(False)
        else:
            lags.append(months_between(reached, row["date"]))
            bounds.append(reached == first_closed)
    return at.assign(lag_months=lags, lower_bound=bounds)


def month_grid(start, end) -> pd.DatetimeIndex:
    """Month starts from `start` to `end`, plus `end` itself."""
    grid = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), pd.Timestamp(end), freq="MS")
    return grid.union(pd.DatetimeIndex([pd.Timestamp(end)]))


# -- the chapter's measures -----------------------------------------------------


@dataclass
class Measure:
    """One way of scoring models, with its frontier records and the gap series."""

    key: str
    label: str
    unit: str
    entries: pd.DataFrame  # every scored entry with date, group, score, name, developer, source
    records: pd.DataFrame
    gap: pd.DataFrame  # monthly grid: open, closed, gap (points), lag_months, lower_bound
    lags: pd.DataFrame  # catch_up_lags
    end: pd.Timestamp


def benchmark_entries(
    dataset, benchmark: str, evaluators: list[str], open_definition: str, include_reasoning: bool, as_of
) -> pd.DataFrame:
    """Released models with a score on `benchmark`, dated by release, classed open or closed."""

    models = dataset.models
    models = models.assign(group=model_access(models, open_definition))
    if not include_reasoning:
        models = models[~models["reasoning"]]
    scores = model_scores(dataset.benchmarks, benchmark, evaluators)
    sources = dataset.rows("sources", "source_id", scores["score_source_id"])[["source_id", "publisher"]].rename(
        columns={"source_id": "score_source_id"}
    )
    joined = (
        scores.merge(models, on="model_id")
        .merge(sources, on="score_source_id", how="left")
        .rename(columns={"release_date": "date"})
    )
    joined = joined[joined["group"].notna() & (joined["date"] <= pd.Timestamp(as_of))]
    return joined[["model_id", "name", "developer", "date", "group", "score", "evaluator", "publisher"]].reset_index(
        drop=True
    )


def arena_entries(dataset, open_definition: str, as_of) -> pd.DataFrame:
    """Arena snapshot rows classed open or closed, dated by snapshot."""
    arena = dataset.table("arena_snapshots")
    arena = arena.assign(
        group=arena_access(arena["licence"], open_definition),
        date=arena["snapshot_date"],
        score=arena["arena_score"],
        name=arena["model"],
        developer=arena["organization"],
        publisher="LMArena",
    )
    return arena[arena["group"].notna() & (arena["date"] <= pd.Timestamp(as_of))].reset_index(drop=True)


def arena_gap(entries: pd.DataFrame) -> pd.DataFrame:
    """Top closed minus top open within each snapshot (scores are re-fitted per snapshot)."""
    top = entries.sort_values("score", ascending=False).drop_duplicates(["date", "group"])
    wide = top.pivot(index="date", columns="group", values="score")
    names = top.pivot(index="date", columns="group", values="name").add_suffix("_model")
    wide = wide.join(names).reset_index()
    wide["gap"] = wide[CLOSED] - wide[OPEN]
    wide["gap_pct"] = 100 * wide["gap"] / wide[OPEN]
    return wide


def compute_entries(dataset, open_definition: str, as_of) -> pd.DataFrame:
    """Notable language models with training compute, as log10 FLOP, classed open or closed."""
    compute = dataset.table("training_compute")
    compute = compute.assign(
        group=compute_access(compute["accessibility"], open_definition),
        date=compute["publication_date"],
        score=np.log10(compute["training_compute_flop"]),
        name=compute["model"],
        developer=compute["organization"],
        publisher="Epoch AI",
    )
    return compute[compute["group"].notna() & (compute["date"] <= pd.Timestamp(as_of))].reset_index(drop=True)


def measure(key: str, label: str, unit: str, entries: pd.DataFrame, start) -> Measure:
    """Frontier records, the monthly gap series from `start` and the catch-up lags, for one measure."""
    records = frontier_records(entries)
    end = entries["date"].max() if len(entries) else pd.Timestamp(start)  # no scores from the evaluators chosen
    gap = time_gap(records, month_grid(start, end))
    # A lag that is only a lower bound would read as a real value on the charts and in the trends.
    gap.loc[gap["lower_bound"], "lag_months"] = np.nan
    return Measure(key, label, unit, entries, records, gap, catch_up_lags(records, end), end)


def gap_change(m: Measure, since, confidence: float) -> dict:
    """The gap in points and in months at `since` and at the end of the data, and the trends in between."""
    window = m.gap[m.gap["date"] >= pd.Timestamp(since)].dropna(subset=["gap"])
    if window.empty:
        return {"measure": m.label, "start": pd.NaT, "end": m.end}
    first, last = window.iloc[0], window.iloc[-1]
    lagged = window.dropna(subset=["lag_months"])
    points = linear_trend(window["date"], window["gap"], confidence)
    months = linear_trend(lagged["date"], lagged["lag_months"], confidence)
    return {
        "measure": m.label,
        "start": first["date"],
        "end": last["date"],
        "gap_start": first["gap"],
        "gap_end": last["gap"],
        "gap_max": window["gap"].max(),
        "lag_start": lagged["lag_months"].iloc[0],
        "lag_start_date": lagged["date"].iloc[0],
        "lag_end": lagged["lag_months"].iloc[-1],
        "points_trend": points,
        "months_trend": months,
        "narrowed": bool(last["gap"] < first["gap"]),
    }


def across_measures(judgements: dict[str, rules.Judgement], unit: str = "") -> rules.Judgement:
    """One verdict from the same rule applied on several measures of capability.

    The measures (ECI, GPQA Diamond, MMLU, the Arena) each answer the claim
    in their own units, so they are not averaged: the claim holds if it holds
    on every measure with data, does not hold if it holds or partly holds on
    none, and partly holds otherwise. The value is the share of measures on
    which it holds.
    """
    judged = {k: j for k, j in judgements.items() if j.verdict != rules.UNTESTABLE}
    if not judged:
        return rules.untestable(rules.NO_DATA_FOR_PARAMETERS, "no measure has data on both sides of the comparison")
    verdicts = [j.verdict for j in judged.values()]
    if all(v == rules.HOLDS for v in verdicts):
        verdict = rules.HOLDS
    elif all(v == rules.NOT for v in verdicts):
        verdict = rules.NOT
    else:
        verdict = rules.PARTLY
    share = sum(v == rules.HOLDS for v in verdicts) / len(verdicts)
    reason = "; ".join(f"{k}: {j.verdict} ({j.reason.split(';')[0]})" for k, j in judged.items())
    rule = {"name": "across_measures", "per_measure": judged[next(iter(judged))].rule}
    # The side of the miss is the first measure's that misses.
    lead = next((j for j in judged.values() if j.verdict != rules.HOLDS), next(iter(judged.values())))
    return rules.Judgement(
        verdict,
        share,
        unit or "share of measures on which it holds",
        None,
        None,
        rule,
        f"holds on {sum(v == rules.HOLDS for v in verdicts)} of {len(verdicts)} measures: {reason}",
        measured="; ".join(f"{k}: {j.measured}" for k, j in judged.items()),
        miss=lead.miss if verdict != rules.HOLDS else None,
        further=lead.further,
    )


def lag_of(m: Measure, score: float, date) -> float:
    """Months between the closed frontier first reaching `score` and `date` (0 if it never had)."""
    reached = first_reached(m.records, CLOSED, score)
    if pd.isna(reached) or reached > pd.Timestamp(date):
        return 0.0
    return months_between(reached, date)


# -- charts ----------------------------------------------------------------------

GROUP_LABELS = {OPEN: "Open", CLOSED: "Closed"}
GROUP_COLOURS = alt.Scale(domain=["Closed", "Open"], range=[charts.PALETTE[0], charts.PALETTE[1]])


def frontier_chart(m: Measure, start, annotate: list[str], y_title: str) -> alt.LayerChart:
    """Step lines of the open and closed frontiers, every scored model as a faint dot, named models labelled."""
    start = pd.Timestamp(start)
    steps = m.records[m.records["date"] >= start - pd.DateOffset(years=1)].copy()
    # Carry each frontier to the window start and to the end of the data so the steps read as levels.
    carried = [steps]
    for group in (OPEN, CLOSED):
        part = m.records[m.records["group"] == group]
        before = part[part["date"] < start]
        if len(before):
            carried.append(before.tail(1).assign(date=start))
        if len(part):
            carried.append(part.tail(1).assign(date=m.end))
    line_data = pd.concat(carried).query("date >= @start").sort_values(["group", "date"])
    line_data["side"] = line_data["group"].map(GROUP_LABELS)
    dots = m.entries[m.entries["date"] >= start].assign(side=lambda d: d["group"].map(GROUP_LABELS))
    dots["frontier"] = dots.index.isin(m.entries.merge(m.records[["name", "date", "score"]], how="inner").index)
    labels = dots[dots["name"].isin(annotate)].drop_duplicates("name")
    x = alt.X(
        "date:T",
        title="Release date",
        axis=alt.Axis(format="%Y", tickCount="year"),
        scale=alt.Scale(domain=[start.isoformat(), m.end.isoformat()]),
    )
    y = alt.Y("score:Q", title=y_title, scale=alt.Scale(zero=False))
    colour = alt.Color("side:N", title="Weights", scale=GROUP_COLOURS)
    tooltip = [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("side:N", title="Weights"),
        alt.Tooltip("date:T", title="Released"),
        alt.Tooltip("score:Q", title=m.unit, format=".1f"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    lines = alt.Chart(line_data).mark_line(interpolate="step-after", strokeWidth=2.5).encode(x=x, y=y, color=colour)
    points = alt.Chart(dots).mark_circle(size=45, opacity=0.55).encode(x=x, y=y, color=colour, tooltip=tooltip)
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=5, dy=-7, fontSize=11, color="#333")
        .encode(x=x, y=y, text="name:N", tooltip=tooltip)
    )
    return charts.finish(
        alt.layer(lines, points, text),
        title=f"Open and closed frontiers: {m.label}",
        subtitle=[
            "Step line: best score any released model of each kind had reached by that date;",
            "dots: individual models (the frontier-setting ones and the models the articles name)",
        ],
        description=(
            f"Step-line chart of the best closed-weight and best open-weight model on {m.label} by release date, "
            f"from {start.date()} to {m.end.date()}, with labelled models."
        ),
    )


def gap_chart(
    gaps: pd.DataFrame, value: str, title: str, y_title: str, subtitle: list[str], description: str, interview
) -> alt.LayerChart:
    """One line per measure through the monthly gap series, with the interview date marked."""
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"))
    colour = alt.Color("measure:N", title="Measure")
    tooltip = [
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("date:T", title="Date"),
        alt.Tooltip(f"{value}:Q", title=y_title, format=".1f"),
        alt.Tooltip("open_model:N", title="Best open"),
        alt.Tooltip("closed_model:N", title="Best closed"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    base = alt.Chart(gaps.dropna(subset=[value]))
    lines = base.mark_line(interpolate="step-after").encode(x=x, y=alt.Y(f"{value}:Q", title=y_title), color=colour)
    points = base.mark_point(size=30, filled=True).encode(x=x, y=f"{value}:Q", color=colour, tooltip=tooltip)
    marker = pd.DataFrame({"date": [pd.Timestamp(interview)], "label": ["article 001 (interview)"]})
    rule = (
        alt.Chart(marker)
        .mark_rule(color="#777", strokeDash=[4, 3])
        .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Date of")])
    )
    label = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, dy=-150, color="#555", fontSize=11)
        .encode(x="date:T", text="label:N")
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#bbb").encode(y="y:Q")
    return charts.finish(
        alt.layer(zero, lines, points, rule, label), title=title, subtitle=subtitle, description=description
    )


def gap_series_for_chart(measures: list[Measure], value: str, scale: dict[str, float] | None = None) -> pd.DataFrame:
    """Monthly gap series of several measures stacked, with the models behind each side named."""
    parts = []
    for m in measures:
        g = m.gap.copy()
        g["measure"] = m.label
        if scale and m.key in scale:
            g["gap"] = g["gap"] * scale[m.key]
        for group in (OPEN, CLOSED):
            recs = m.records[m.records["group"] == group].sort_values("date")
            idx = np.searchsorted(recs["date"].to_numpy(), g["date"].to_numpy(), side="right") - 1
            names = recs["name"].to_numpy()
            g[f"{group}_model"] = [names[i] if i >= 0 else None for i in idx]
        g["publisher"] = ", ".join(sorted(m.entries["publisher"].dropna().unique()))
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    # Keep the rows where something changed, to keep the chart light.
    keep = out.groupby("measure")[value].transform(lambda s: s.ne(s.shift())) | out["date"].isin(
        out.groupby("measure")["date"].transform("max")
    )
    return out[keep]


def arena_chart(arena: pd.DataFrame) -> alt.LayerChart:
    """Top closed and top open Arena score in every snapshot."""
    long = pd.concat(
        [
            arena[["date", CLOSED, "closed_model", "gap"]]
            .rename(columns={CLOSED: "score", "closed_model": "model"})
            .assign(side="Closed"),
            arena[["date", OPEN, "open_model", "gap"]]
            .rename(columns={OPEN: "score", "open_model": "model"})
            .assign(side="Open"),
        ]
    ).assign(publisher="LMArena")
    x = alt.X("date:T", title="Leaderboard snapshot date", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("score:Q", title="Arena score (Elo-scale points)", scale=alt.Scale(zero=False))
    colour = alt.Color("side:N", title="Weights", scale=GROUP_COLOURS)
    tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("side:N", title="Weights"),
        alt.Tooltip("date:T", title="Snapshot"),
        alt.Tooltip("score:Q", title="Arena score"),
        alt.Tooltip("gap:Q", title="Closed minus open"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    lines = alt.Chart(long).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour)
    points = alt.Chart(long).mark_circle(size=30).encode(x=x, y=y, color=colour, tooltip=tooltip)
    return charts.finish(
        alt.layer(lines, points),
        title="Chatbot Arena: top closed vs top open model in each snapshot",
        subtitle=[
            "One point per leaderboard release; scores are re-fitted at every release,",
            "so compare the two lines within a date, not one date with another",
        ],
        description=(
            f"Line chart of the highest Arena score among proprietary models and among open-weight models in each of "
            f"{len(arena)} leaderboard snapshots from {arena['date'].min().date()} to {arena['date'].max().date()}."
        ),
    )


def lag_chart(measures: list[Measure], start) -> alt.LayerChart:
    """Months the open frontier took to match each closed record; hollow marks: not matched yet (a lower bound)."""
    parts = []
    for m in measures:
        lags = m.lags[m.lags["closed_date"] >= pd.Timestamp(start) - pd.DateOffset(years=1)]
        parts.append(
            lags.assign(measure=m.label, status=np.where(lags["censored"], "not yet matched (at least)", "matched"))
        )
    data = pd.concat(parts, ignore_index=True)
    data["publisher"] = "Epoch AI"
    x = alt.X(
        "closed_date:T", title="Date the closed frontier set the level", axis=alt.Axis(format="%Y", tickCount="year")
    )
    y = alt.Y("lag_months:Q", title="Months until the open frontier matched it")
    tooltip = [
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("closed_model:N", title="Closed model"),
        alt.Tooltip("closed_date:T", title="Closed record"),
        alt.Tooltip("level:Q", title="Level", format=".1f"),
        alt.Tooltip("open_date:T", title="Open matched"),
        alt.Tooltip("lag_months:Q", title="Lag, months", format=".1f"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    points = (
        alt.Chart(data)
        .mark_point(size=90, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color("measure:N", title="Measure"),
            shape=alt.Shape(
                "status:N",
                title="Open frontier",
                scale=alt.Scale(domain=["matched", "not yet matched (at least)"], range=["circle", "triangle-up"]),
            ),
            fill=alt.condition("datum.censored", alt.value("white"), alt.Color("measure:N")),
            tooltip=tooltip,
        )
    )
    return charts.finish(
        points,
        title="How long the open frontier took to match each closed record",
        subtitle=[
            "Each mark is a level the best closed model set; height: months until an open model matched it;",
            "triangles: not matched by the end of the data, so the lag is at least that long",
        ],
        description="Scatter chart of the catch-up lag in months for each closed-frontier record, by the date of the record, per measure.",
    )


# -- price at equal capability -------------------------------------------------


def cheapest_by_access(
    dataset, as_of, benchmark: str, threshold: float, evaluators: list[str], input_share: float
) -> pd.DataFrame:
    """The cheapest open-weight and the cheapest closed offer scoring at least `threshold`, in force at the end of the price data."""

    prices = priced_models(dataset, as_of)
    end = coverage_end(prices, as_of)
    offers = with_blend(prices_in_force(prices, end), input_share)
    scores = model_scores(dataset.benchmarks, benchmark, evaluators)
    offers = offers.merge(scores[["model_id", "score"]], on="model_id")
    offers = offers[offers["score"] >= threshold]
    offers = offers.assign(side=np.where(offers["open_weights"], "Open weights", "Closed"))
    best = offers.sort_values("price").drop_duplicates("side")
    return (
        best[["side", "name", "provider", "price", "score", "effective_date"]].assign(as_of=end).reset_index(drop=True)
    )


def cheapest_figures(cheapest: pd.DataFrame, input_share: float) -> dict:
    """What the prose quotes of `cheapest_by_access`: each side's cheapest offer, its price and the ratio; the words
    for a missing value on a side with no offer at the level under the run's parameters."""
    side = cheapest.set_index("side").reindex(["Open weights", "Closed"])
    name = lambda s: MISSING_NUMBER_TEXT if pd.isna(side.loc[s, "name"]) else side.loc[s, "name"]  # noqa: E731
    return {
        "cheap_open": name("Open weights"),
        "cheap_closed": name("Closed"),
        "cheap_open_price": side.loc["Open weights", "price"],
        "cheap_closed_price": side.loc["Closed", "price"],
        "cheap_ratio": side.loc["Closed", "price"] / side.loc["Open weights", "price"],
        "price_end": f"{cheapest['as_of'].iloc[0]:%B %Y}" if len(cheapest) else MISSING_NUMBER_TEXT,
        "blend_ratio": f"{input_share / (1 - input_share):g}:1" if input_share < 1 else "input price only",
    }


# -- the chapter's findings: differences against uncertainty on the ECI and the Arena, never ratios -----------------------


def score_of(m: Measure, model_id: str) -> float:
    hit = m.entries[m.entries["model_id"] == model_id]
    return float(hit["score"].iloc[0]) if len(hit) else float("nan")


def last_arena(dataset, as_of) -> pd.DataFrame:
    """The last Arena snapshot: score and half-width of its 95% interval, by leaderboard name."""
    entries = arena_entries(dataset, "open_weights", as_of)
    last = entries[entries["date"] == entries["date"].max()]
    return last.assign(ci=last[["ci_upper", "ci_lower"]].max(axis=1)).set_index("name")[["score", "ci", "date"]]


# The claims comparing two models: (claim, relation, first model per measure, {reading: second model per measure}).
# The first reading is the one adopted: the version on sale when the article spoke.
COMPARISONS = [
    (
        "a001-llama-below-gpt35",
        "slightly below",
        {"eci": "llama-2-70b-base", "mmlu": "llama-2-70b-base", "arena": "Llama-2-70B-chat"},
        {
            "GPT-3.5 as on sale at the interview (gpt-3.5-turbo-1106)": {
                "eci": "gpt-3.5-turbo-1106",
                "mmlu": "gpt-3.5-turbo",
                "arena": "GPT-3.5-Turbo-1106",
            },
            "GPT-3.5 as gpt-3.5-turbo-0125 (January 2024)": {
                "eci": "gpt-3.5-turbo-0125",
                "mmlu": "gpt-3.5-turbo-0125",
                "arena": "GPT-3.5-Turbo-0125",
            },
        },
    ),
    (
        "a001-gemini-pro-equals-gpt35",
        "on a par",
        {"eci": "gemini-1.0-pro", "mmlu": "gemini-1.0-pro", "arena": "Gemini Pro"},
        # A tuple is a span: "GPT-3.5", not a version, as the range its versions on sale then cover (adopted).
        {
            "GPT-3.5 as the span of its versions on sale (1106 and 0125)": {
                "eci": ("gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106"),
                "mmlu": ("gpt-3.5-turbo-0125", "gpt-3.5-turbo"),
                "arena": ("GPT-3.5-Turbo-1106", "GPT-3.5-Turbo-0125"),
            },
            "GPT-3.5 as on sale at the interview (gpt-3.5-turbo-1106)": {
                "eci": "gpt-3.5-turbo-1106",
                "mmlu": "gpt-3.5-turbo",
                "arena": "GPT-3.5-Turbo-1106",
            },
            "GPT-3.5 as gpt-3.5-turbo-0125 (January 2024)": {
                "eci": "gpt-3.5-turbo-0125",
                "mmlu": "gpt-3.5-turbo-0125",
                "arena": "GPT-3.5-Turbo-0125",
            },
        },
    ),
    (
        "a004-deepseek-v2-parity-gpt4",
        "on a par",
        {"eci": "deepseek-v2", "mmlu": "deepseek-v2"},
        {
            "GPT-4 at launch (gpt-4-0314) and Llama 3 70B": {
                "eci": ["gpt-4", "llama-3-70b"],
                "mmlu": ["gpt-4", "llama-3-70b"],
            },
            "GPT-4 Turbo (April 2024) and Llama 3 70B": {
                "eci": ["gpt-4-turbo-2024-04-09", "llama-3-70b"],
                "mmlu": ["llama-3-70b"],
            },
        },
    ),
]
MEASURE_LABELS = {"eci": "ECI", "mmlu": "MMLU", "arena": "Arena (last snapshot)"}


def _compare(relation: str, measure: str, first: float, second: float, u: float, margin_pct: float) -> rules.Judgement:
    """One measure's comparison: on the ECI and the Arena (arbitrary zero) the difference against its uncertainty,
    on MMLU (a share of questions, far above chance here) the ratio."""
    if measure == "mmlu":
        rules.require_above_chance("mmlu", min(first, second))
        ratio = first / second
        return (
            rules.within_factor(ratio, 1.0, "x", rules.APPROXIMATE)
            if relation == "on a par"
            else rules.in_range(ratio, 1 - margin_pct / 100, 1.0, "x", rules.RANGE)
        )
    unit = "ECI points" if measure == "eci" else "Elo points"
    return (
        rules.parity(first - second, u, unit)
        if relation == "on a par"
        else rules.difference(first - second, -2 * u, 0.0, u, unit)
    )


def comparison_findings(
    eci: Measure, mmlu: Measure, arena: pd.DataFrame, eci_uncertainty: float, margin_pct: float
) -> tuple[list[dict], pd.DataFrame]:
    """Llama 2 "slightly below" GPT-3.5, Gemini 1.0 Pro "about equal to" GPT-3.5, DeepSeek-V2 "on a par with" GPT-4
    and Llama 3 70B, each on every measure with both scores, under each reading of the reference model. GPQA Diamond
    is left out: these models score within 10 points of its chance level (25%), where a score says nothing."""
    scores = {
        "eci": lambda i: (score_of(eci, i), eci_uncertainty),
        "mmlu": lambda i: (score_of(mmlu, i), 0.0),
        "arena": lambda i: (
            (float(arena.loc[i, "score"]), float(arena.loc[i, "ci"])) if i in arena.index else (float("nan"), 0.0)
        ),
    }
    findings, rows = [], []
    for claim_id, relation, firsts, readings in COMPARISONS:
        judged = {}
        for reading, seconds in readings.items():
            parts = {}
            for measure, first_id in firsts.items():
                wanted = seconds.get(measure, [])
                for second_id in [wanted] if isinstance(wanted, tuple) else np.atleast_1d(wanted):
                    (a, ua) = scores[measure](first_id)
                    ends = [scores[measure](i) for i in np.atleast_1d(second_id)]
                    if np.isnan(a) or any(np.isnan(b) for b, _ in ends):
                        continue
                    # Against a span, the nearer end (the first model inside the span is level with it).
                    b, ub = min(ends, key=lambda e: abs(a - e[0]))
                    low, high = min(e[0] for e in ends), max(e[0] for e in ends)
                    b = min(max(a, low), high) if len(ends) > 1 else b
                    second_id = " to ".join(np.atleast_1d(second_id))
                    u = float(np.hypot(ua, ub)) if measure == "arena" else ua
                    label = MEASURE_LABELS[measure] + (f" vs {second_id}" if claim_id.startswith("a004") else "")
                    parts[label] = _compare(relation, measure, a, b, u, margin_pct)
                    rows.append(
                        {
                            "Claim": claim_id,
                            "Reading": reading,
                            "Measure": MEASURE_LABELS[measure],
                            "First": first_id,
                            "Score": a,
                            "Against": second_id,
                            "Its score": b,
                            "Gap": a - b,
                            "±": u if measure != "mmlu" else float("nan"),
                            "Verdict": parts[label].verdict,
                        }
                    )
            judged[reading] = across_measures(parts)
        main, *others = judged
        testable = {r: judged[r] for r in others if judged[r].verdict != rules.UNTESTABLE}
        findings.append(
            dict(
                claim_id=claim_id,
                judgement=(
                    rules.weigh(judged[main], main, testable)
                    if judged[main].verdict != rules.UNTESTABLE
                    else judged[main]
                ),
                note=f"'{relation}': on the ECI and the Arena the difference is judged against its "
                f"uncertainty (ECI ±{rules.fmt(eci_uncertainty)} point, Arena the two 95% intervals "
                "combined), on MMLU as a ratio; GPQA Diamond left out (scores near its 25% chance level)",
                says=("the first model scored higher than claimed", "the first model scored lower than claimed"),
            )
        )
    return findings, pd.DataFrame(rows)


def gpt4_lags(measures: dict[str, Measure]) -> dict[str, pd.Series]:
    """Per measure, the catch-up of GPT-4's launch score by the open frontier (the lag row nearest GPT-4's score)."""
    out = {}
    for key, m in measures.items():
        level = score_of(m, "gpt-4")
        if key == "gpqa_diamond":
            rules.require_above_chance(key, level)
        if len(m.lags):  # none when no model has a score from the evaluators chosen
            out[key] = m.lags.iloc[(m.lags["level"] - level).abs().argmin()]
    return out


def catch_up_values(
    measures: dict[str, Measure], arena: pd.DataFrame, interview, confidence: float
) -> tuple[dict, dict]:
    """The numbers of the gap section: the gap at the interview and at the end of each series, its trends in points and
    in months, the Arena's trend and when the open side reached GPT-4. Returns (values for the prose, trends)."""
    lags, v = gpt4_lags({k: m for k, m in measures.items() if k != "compute"}), {}
    changes = {k: gap_change(m, interview, confidence) for k, m in measures.items()}
    for key, m in measures.items():
        at = m.gap.iloc[(m.gap["date"] - interview).abs().argmin()] if key != "compute" else None
        c = {"months_trend": None, "points_trend": None, **changes[key]}
        nan = float("nan")
        v.update(
            {
                f"{key}_gap_end": c.get("gap_end", nan),
                f"{key}_lag_start": c.get("lag_start", nan),
                f"{key}_lag_end": c.get("lag_end", nan),
                f"{key}_end": f"{m.end:%B %Y}",
                f"{key}_lag_start_date": f"{c['lag_start_date']:%B %Y}"
                if pd.notna(c.get("lag_start_date"))
                else "never",
                f"{key}_months_direction": c["months_trend"].direction if c["months_trend"] else "not measurable",
            }
        )
        if at is not None:
            v[f"{key}_gap_interview"] = at["gap"]
            t = c["points_trend"]
            v.update(
                {
                    f"{key}_points_slope": t.slope_per_year if t else nan,
                    f"{key}_points_low": t.low if t else nan,
                    f"{key}_points_high": t.high if t else nan,
                    f"{key}_points_direction": t.direction if t else "not measurable",
                    f"gpt4_{key}": score_of(m, "gpt-4"),
                    f"{key}_gpt4_lag": lags[key]["lag_months"] if key in lags else nan,
                    f"{key}_gpt4_matched": MISSING_NUMBER_TEXT
                    if key not in lags
                    else "not yet"
                    if lags[key]["censored"]
                    else f"{lags[key]['open_date']:%B %Y}",
                }
            )
            t = c["months_trend"]
            v.update(
                {
                    f"{key}_months_slope": t.slope_per_year if t else float("nan"),
                    f"{key}_months_low": t.low if t else float("nan"),
                    f"{key}_months_high": t.high if t else float("nan"),
                }
            )
    after = arena[arena["date"] >= interview]
    arena_trend = linear_trend(after["date"], after["gap"], confidence)
    v.update(
        {
            "arena_gap_first": after["gap"].iloc[0],
            "arena_gap_last": after["gap"].iloc[-1],
            "arena_pct_first": after["gap_pct"].iloc[0],
            "arena_pct_last": after["gap_pct"].iloc[-1],
            "arena_gap_min": after["gap"].min(),
            "arena_gap_max": after["gap"].max(),
            **(
                {
                    "arena_slope": arena_trend.slope_per_year,
                    "arena_slope_low": arena_trend.low,
                    "arena_slope_high": arena_trend.high,
                }
                if arena_trend
                else {}
            ),
            "compute_gap_interview": changes["compute"]["gap_start"],
            "compute_ratio_interview": 10 ** changes["compute"]["gap_start"],
            "compute_ratio_end": 10 ** changes["compute"]["gap_end"],
            "compute_models": len(measures["compute"].entries),
        }
    )
    ahead = measures["eci"].gap[measures["eci"].gap["gap"] < 0]
    v["open_ahead_eci"] = (
        f"open models led the ECI in {len(ahead)} month(s) ({', '.join(f'{d:%b %Y}' for d in ahead['date'])})"
        if len(ahead)
        else "the open frontier never led the ECI"
    )
    trends = {
        f"{measures[k].label} ({kind})": changes[k].get(f"{kind}_trend")
        for k in ("eci", "gpqa_diamond", "mmlu")
        for kind in ("points", "months")
        if changes[k].get(f"{kind}_trend") is not None
    }
    if arena_trend is not None:
        trends["Chatbot Arena (points)"] = arena_trend
    return v, {"trends": trends, "lags": lags}


def gap_findings(values: dict, trends: dict, lags: dict, interview, as_of, evidence: list[str]) -> list[dict]:
    """ "The gap will certainly widen" (the trend of the gap on the measures that do not saturate: the ECI and the Arena,
    in points; MMLU saturates and GPQA Diamond sits near chance early on, both weighed as other readings) and "open
    models reaching GPT-4 in 2024 is challenging" (when an open model first matched GPT-4's launch score)."""
    direction = lambda names: across_measures(
        {
            k: rules.trend_direction(t.slope_per_year, t.low, t.high, "up", "a year")  # noqa: E731
            for k, t in trends.items()
            if k in names
        }
    )
    main = ["Epoch Capabilities Index (points)", "Chatbot Arena (points)"]
    widen = rules.weigh(
        direction(main),
        "the gap in points on the ECI and the Arena",
        {
            "the lag in months on the ECI": direction(["Epoch Capabilities Index (months)"]),
            "every measure, MMLU and GPQA Diamond included": direction(list(trends)),
        },
    )
    matched = {k: lag["open_date"] for k, lag in lags.items() if not lag["censored"]}
    end_2024 = pd.Timestamp("2024-12-31")
    # A match before the interview (an interview date set late) counts as the shortest possible wait.
    judge = lambda when: rules.at_least(
        max(months_between(interview, when) if when is not None else months_between(interview, as_of), 0.01),  # noqa: E731
        months_between(interview, end_2024),
        "months after the interview",
        rules.EXACT,
    )
    first = min(matched.values(), default=None)
    hard = rules.weigh(
        judge(first),
        "the first open model at GPT-4's launch score on any measure",
        {"on the ECI only": judge(matched.get("eci")), "on MMLU only": judge(matched.get("mmlu"))},
    )
    return [
        dict(
            claim_id="a001-open-cannot-catch-closed",
            judgement=widen,
            evidence=evidence,
            says=("the gap widened faster than claimed", "the gap did not widen as claimed"),
            note=f"ECI gap {rules.fmt(values['eci_gap_interview'])} → {rules.fmt(values['eci_gap_end'])} points; Arena "
            f"{rules.fmt(values['arena_gap_first'])} → {rules.fmt(values['arena_gap_last'])} points; "
            f"{values['open_ahead_eci']}; the trend intervals are indicative only (months are not independent)",
        ),
        dict(
            claim_id="a001-open-gpt4-level-2024-hard",
            judgement=hard,
            evidence=evidence,
            says=("it took open models longer than claimed", "open models got there sooner than claimed"),
            measured="; ".join(f"{k}: GPT-4 level matched {d:%B %Y}" for k, d in matched.items()),
            note="'challenging in 2024' read as: no open model at GPT-4's launch level before the end of 2024",
        ),
    ]


BIG_THREE = {"OpenAI", "Anthropic", "Google"}


def others_and_xai(
    dataset, measures: dict[str, Measure], evaluators: list[str], include_reasoning_models: bool, interview, as_of
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Who outside OpenAI, Anthropic and Google first reached GPT-4's launch score (claimed: 6-12 months after the
    interview), and how far behind the closed frontier xAI's models stood at their release (claimed: 6-12 months)."""
    everyone = {
        "ECI": benchmark_entries(dataset, "eci", ["epoch"], "open_weights", include_reasoning_models, as_of),
        "MMLU": benchmark_entries(dataset, "mmlu", evaluators, "open_weights", include_reasoning_models, as_of),
    }
    keys = {"ECI": "eci", "MMLU": "mmlu"}
    others, grok = [], []
    for label, entries in everyone.items():
        level = score_of(measures[keys[label]], "gpt-4")
        hits = entries[~entries["developer"].isin(BIG_THREE) & (entries["score"] >= level)].sort_values("date")
        if len(hits):
            first = hits.iloc[0]
            others.append(
                {
                    "Measure": label,
                    "First other model at GPT-4 level": first["name"],
                    "Developer": first["developer"],
                    "Released": first["date"],
                    "Months after the interview": months_between(interview, first["date"]),
                }
            )
        for _, row in entries[entries["developer"] == "xAI"].sort_values("date").iterrows():
            grok.append(
                {
                    "Model": row["name"],
                    "Measure": label,
                    "Released": row["date"],
                    "Score": row["score"],
                    "Months behind the closed frontier": lag_of(measures[keys[label]], row["score"], row["date"]),
                    "At GPT-4's launch score": row["score"] >= level,
                }
            )
    others, grok = pd.DataFrame(others), pd.DataFrame(grok)
    months = lambda tolerance: across_measures(
        {
            r["Measure"]: rules.in_range(r["Months after the interview"], 6, 12, "months", tolerance)  # noqa: E731
            for _, r in others.iterrows()
        }
    ).going(rules.BELOW)
    findings = [
        dict(
            claim_id="a001-others-need-6-12-months-for-gpt4",
            judgement=rules.weigh(
                months(rules.RANGE),
                "the range read as stated",
                {"the range's ends read as approximate ('可能', may)": months(rules.APPROXIMATE)},
            ),
            says=("others caught up sooner than claimed", "others took longer than claimed"),
            note="; ".join(
                f"{r['Measure']}: {r['First other model at GPT-4 level']} ({r['Developer']}), "
                f"{rules.fmt(r['Months after the interview'])} months after the interview"
                for _, r in others.iterrows()
            ),
        )
    ]
    at_time = grok[grok["Released"] <= interview]
    if at_time.empty:
        findings.append(
            dict(
                claim_id="a001-xai-6-12-months-behind",
                judgement=rules.untestable(rules.NO_DATA_FOR_PARAMETERS, "no xAI model scored before the interview"),
            )
        )
        return others, grok, findings
    lag_then = float(at_time["Months behind the closed frontier"].max())
    reached = grok[grok["At GPT-4's launch score"]].sort_values("Released")
    to_gpt4 = (
        months_between(pd.Timestamp("2023-03-14"), reached["Released"].iloc[0])
        if len(reached)
        else months_between(pd.Timestamp("2023-03-14"), pd.Timestamp(as_of))
    )
    findings.append(
        dict(
            claim_id="a001-xai-6-12-months-behind",
            says=("xAI was further behind than claimed", "xAI was closer than claimed"),
            judgement=rules.weigh(
                rules.in_range(lag_then, 6, 12, "months", rules.RANGE),
                "time since the closed frontier first reached the xAI model's score",
                {"time until xAI matched GPT-4's launch score": rules.in_range(to_gpt4, 6, 12, "months", rules.RANGE)},
            ),
            measured=f"{at_time.iloc[-1]['Model']} ({at_time.iloc[-1]['Measure']}): {rules.fmt(lag_then)} months behind at release",
            note="lag = time since the closed frontier first reached the xAI model's score, at the model's release",
        )
    )
    return others, grok, findings


HUMANEVAL_SHOWN = [
    "gpt-3.5-turbo",
    "gpt-4",
    "code-llama-34b",
    "code-llama-70b",
    "code-llama-70b-instruct",
    "deepseek-coder-33b-base",
    "deepseek-coder-33b-instruct",
]


def humaneval_findings(dataset, claim, sources_of) -> tuple[pd.DataFrame, dict, list[dict]]:
    """Article 003's HumanEval figures (Code Llama 70B's 53%, GPT-3.5's 48.1%), its "highest-scoring open model", and
    the parameter counts of LLaMA and Llama 2. `sources_of` is the chapter's lookup of a table's source ids."""
    scores = dataset.benchmarks.query("benchmark == 'humaneval' and evaluator == 'developer'")
    models = dataset.models.set_index("model_id")
    table = (
        scores[scores["model_id"].isin(HUMANEVAL_SHOWN)]
        .merge(dataset.models[["model_id", "name", "release_date", "open_weights"]], on="model_id")
        .merge(dataset.sources[["source_id", "title"]], on="source_id")
        .sort_values("release_date")
    )
    he = table.set_index("model_id")["score"]
    said_on = claim("a003-code-llama-70b-top-open").as_of
    rivals = table[
        table["open_weights"].astype(bool)
        & (table["release_date"] <= said_on)
        & ~table["model_id"].str.startswith("code-llama-70b")
    ]
    best = lambda kind: (
        rivals[rivals["model_id"].str.endswith("instruct") == (kind == "instruct")].sort_values("score").iloc[-1]
    )  # noqa: E731
    top = lambda own, rival: rules.at_least(he[own], rival["score"], "% HumanEval pass@1", rules.EXACT)  # noqa: E731
    base, instruct = best("base"), best("instruct")
    v = {
        f"he_{k}": he[m]
        for k, m in (
            ("gpt35", "gpt-3.5-turbo"),
            ("gpt4", "gpt-4"),
            ("cl34", "code-llama-34b"),
            ("cl70", "code-llama-70b"),
            ("cl70_instruct", "code-llama-70b-instruct"),
        )
    }
    v.update(
        he_best_base=base["score"],
        he_best_base_name=base["name"],
        he_best_instruct=instruct["score"],
        he_best_instruct_name=instruct["name"],
    )
    humaneval_sources = lambda *ids: sources_of("benchmarks", model_id=list(ids), benchmark="humaneval")  # noqa: E731
    findings = [
        dict(
            claim_id="a003-code-llama-70b-53pct",
            judgement=rules.within_factor(
                he["code-llama-70b"], claim("a003-code-llama-70b-53pct").low, "%", rules.EXACT
            ),
            evidence=humaneval_sources("code-llama-70b", "code-llama-70b-instruct"),
            measured=f"Code Llama 70B (base): {rules.fmt(he['code-llama-70b'])}% (paper v3, January 2024)",
            note=f"the instruction-tuned 70B scored {rules.fmt(he['code-llama-70b-instruct'])}%",
        ),
        dict(
            claim_id="a003-gpt35-48-1pct",
            judgement=rules.within_factor(he["gpt-3.5-turbo"], claim("a003-gpt35-48-1pct").low, "%", rules.EXACT),
            evidence=humaneval_sources("gpt-3.5-turbo"),
            note="OpenAI's own 0-shot pass@1 for GPT-3.5 (GPT-4 Technical Report)",
        ),
        dict(
            claim_id="a003-code-llama-70b-top-open",
            says=("Code Llama 70B led by more than claimed", "another open model scored higher"),
            judgement=rules.weigh(
                top("code-llama-70b", base),
                f"base models: Code Llama 70B against {base['name']}",
                {
                    f"instruction-tuned models: Code Llama 70B Instruct against {instruct['name']}": top(
                        "code-llama-70b-instruct", instruct
                    )
                },
            ),
            evidence=humaneval_sources(
                "code-llama-70b", "code-llama-70b-instruct", base["model_id"], instruct["model_id"]
            ),
            note="HumanEval pass@1 as each developer reports it, open models released by 29 January 2024",
        ),
    ]
    for claim_id, model_id in (("a003-llama-65b-params", "llama-65b"), ("a003-llama2-70b-params", "llama-2-70b")):
        findings.append(
            dict(
                claim_id=claim_id,
                judgement=rules.within_factor(
                    float(models.loc[model_id, "parameters_b"]), claim(claim_id).low, "billion parameters", rules.EXACT
                ),
                evidence=[models.loc[model_id, "source_id"]],
                note="parameter count as recorded by Epoch AI",
            )
        )
    return table, v, findings


OPEN_WORDS = {
    "open_weights": "published weights, whatever the licence",
    "open_licence": "published weights under a permissive licence",
}


def chapter_measures(
    dataset, open_definition: str, include_reasoning_models: bool, evaluators: list[str], start, as_of
) -> tuple[dict[str, Measure], pd.DataFrame, dict]:
    """The four measures the chapter follows (ECI, MMLU, GPQA Diamond by Epoch AI, training compute), the Arena's
    gap per snapshot, and the numbers the prose quotes about their coverage."""
    entries = lambda benchmark, by: benchmark_entries(
        dataset, benchmark, by, open_definition, include_reasoning_models, as_of
    )  # noqa: E731
    measures = {
        "eci": measure("eci", "Epoch Capabilities Index", "ECI", entries("eci", ["epoch"]), start),
        "mmlu": measure("mmlu", "MMLU", "MMLU, %", entries("mmlu", evaluators), start),
        "gpqa_diamond": measure(
            "gpqa_diamond", "GPQA Diamond", "GPQA Diamond, %", entries("gpqa_diamond", ["epoch"]), start
        ),
        "compute": measure(
            "compute", "training compute", "log10 FLOP", compute_entries(dataset, open_definition, as_of), start
        ),
    }
    arena = arena_gap(arena_entries(dataset, open_definition, as_of))
    return (
        measures,
        arena,
        {
            "open_definition": OPEN_WORDS[open_definition],
            "gpqa_models": len(measures["gpqa_diamond"].entries),
            "mmlu_top": measures["mmlu"].entries["score"].max(),
            "arena_first": f"{arena['date'].min():%B %Y}",
            "arena_last": f"{arena['date'].max():%B %Y}",
        },
    )
