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
    is_open = accessibility.isin({"Open weights (unrestricted)"} if open_definition == "open_licence" else EPOCH_OPEN_CLASSES)
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
    for group, part in entries.dropna(subset=["score"]).groupby("group"):
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
        rows.append({"level": record["score"], "closed_date": record["date"], "closed_model": record.get("name", ""),
                     "open_date": pd.NaT if censored else caught,
                     "lag_months": max(0.0, months_between(record["date"], until)), "censored": censored})
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


def benchmark_entries(dataset, benchmark: str, evaluators: list[str], open_definition: str,
                      include_reasoning: bool, as_of) -> pd.DataFrame:
    """Released models with a score on `benchmark`, dated by release, classed open or closed."""

    models = dataset.models
    models = models.assign(group=model_access(models, open_definition))
    if not include_reasoning:
        models = models[~models["reasoning"]]
    scores = model_scores(dataset.benchmarks, benchmark, evaluators)
    sources = dataset.sources[["source_id", "publisher"]].rename(columns={"source_id": "score_source_id"})
    joined = (scores.merge(models, on="model_id").merge(sources, on="score_source_id", how="left")
              .rename(columns={"release_date": "date"}))
    joined = joined[joined["group"].notna() & (joined["date"] <= pd.Timestamp(as_of))]
    return joined[["model_id", "name", "developer", "date", "group", "score", "evaluator", "publisher"]].reset_index(drop=True)


def arena_entries(dataset, open_definition: str, as_of) -> pd.DataFrame:
    """Arena snapshot rows classed open or closed, dated by snapshot."""
    arena = dataset.table("arena_snapshots")
    arena = arena.assign(group=arena_access(arena["licence"], open_definition), date=arena["snapshot_date"],
                         score=arena["arena_score"], name=arena["model"], developer=arena["organization"],
                         publisher="LMArena")
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
    compute = compute.assign(group=compute_access(compute["accessibility"], open_definition),
                             date=compute["publication_date"], score=np.log10(compute["training_compute_flop"]),
                             name=compute["model"], developer=compute["organization"], publisher="Epoch AI")
    return compute[compute["group"].notna() & (compute["date"] <= pd.Timestamp(as_of))].reset_index(drop=True)


def measure(key: str, label: str, unit: str, entries: pd.DataFrame, start) -> Measure:
    """Frontier records, the monthly gap series from `start` and the catch-up lags, for one measure."""
    records = frontier_records(entries)
    end = entries["date"].max()
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
    return {"measure": m.label, "start": first["date"], "end": last["date"],
            "gap_start": first["gap"], "gap_end": last["gap"], "gap_max": window["gap"].max(),
            "lag_start": lagged["lag_months"].iloc[0], "lag_start_date": lagged["date"].iloc[0],
            "lag_end": lagged["lag_months"].iloc[-1],
            "points_trend": points, "months_trend": months,
            "narrowed": bool(last["gap"] < first["gap"])}


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
        return rules.untestable("no_data", "no measure has data on both sides of the comparison")
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
    return rules.Judgement(verdict, share, unit or "share of measures on which it holds", None, None, rule,
                           f"holds on {sum(v == rules.HOLDS for v in verdicts)} of {len(verdicts)} measures: {reason}",
                           measured="; ".join(f"{k}: {j.measured}" for k, j in judged.items()),
                           miss=lead.miss if verdict != rules.HOLDS else None, further=lead.further)


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
    x = alt.X("date:T", title="Release date", axis=alt.Axis(format="%Y", tickCount="year"),
              scale=alt.Scale(domain=[start.isoformat(), m.end.isoformat()]))
    y = alt.Y("score:Q", title=y_title, scale=alt.Scale(zero=False))
    colour = alt.Color("side:N", title="Weights", scale=GROUP_COLOURS)
    tooltip = [alt.Tooltip("name:N", title="Model"), alt.Tooltip("developer:N", title="Developer"),
               alt.Tooltip("side:N", title="Weights"), alt.Tooltip("date:T", title="Released"),
               alt.Tooltip("score:Q", title=m.unit, format=".1f"), alt.Tooltip("publisher:N", title="Source")]
    lines = alt.Chart(line_data).mark_line(interpolate="step-after", strokeWidth=2.5).encode(x=x, y=y, color=colour)
    points = alt.Chart(dots).mark_circle(size=45, opacity=0.55).encode(x=x, y=y, color=colour, tooltip=tooltip)
    text = alt.Chart(labels).mark_text(align="left", dx=5, dy=-7, fontSize=11, color="#333").encode(
        x=x, y=y, text="name:N", tooltip=tooltip)
    return charts.finish(
        alt.layer(lines, points, text),
        title=f"Open and closed frontiers: {m.label}",
        subtitle=["Step line: best score any released model of each kind had reached by that date;",
                  "dots: individual models (the frontier-setting ones and the models the articles name)"],
        description=(f"Step-line chart of the best closed-weight and best open-weight model on {m.label} by release date, "
                     f"from {start.date()} to {m.end.date()}, with labelled models."))


def gap_chart(gaps: pd.DataFrame, value: str, title: str, y_title: str, subtitle: list[str], description: str,
              interview) -> alt.LayerChart:
    """One line per measure through the monthly gap series, with the interview date marked."""
    x = alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", tickCount="year"))
    colour = alt.Color("measure:N", title="Measure")
    tooltip = [alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("date:T", title="Date"),
               alt.Tooltip(f"{value}:Q", title=y_title, format=".1f"),
               alt.Tooltip("open_model:N", title="Best open"), alt.Tooltip("closed_model:N", title="Best closed"),
               alt.Tooltip("publisher:N", title="Source")]
    base = alt.Chart(gaps.dropna(subset=[value]))
    lines = base.mark_line(interpolate="step-after").encode(x=x, y=alt.Y(f"{value}:Q", title=y_title), color=colour)
    points = base.mark_point(size=30, filled=True).encode(x=x, y=f"{value}:Q", color=colour, tooltip=tooltip)
    marker = pd.DataFrame({"date": [pd.Timestamp(interview)], "label": ["article 001 (interview)"]})
    rule = alt.Chart(marker).mark_rule(color="#777", strokeDash=[4, 3]).encode(x="date:T", tooltip=[alt.Tooltip("label:N", title="Date of")])
    label = alt.Chart(marker).mark_text(align="left", dx=4, dy=-150, color="#555", fontSize=11).encode(x="date:T", text="label:N")
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#bbb").encode(y="y:Q")
    return charts.finish(alt.layer(zero, lines, points, rule, label), title=title, subtitle=subtitle, description=description)


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
        out.groupby("measure")["date"].transform("max"))
    return out[keep]


def arena_chart(arena: pd.DataFrame) -> alt.LayerChart:
    """Top closed and top open Arena score in every snapshot."""
    long = pd.concat([
        arena[["date", CLOSED, "closed_model", "gap"]].rename(columns={CLOSED: "score", "closed_model": "model"}).assign(side="Closed"),
        arena[["date", OPEN, "open_model", "gap"]].rename(columns={OPEN: "score", "open_model": "model"}).assign(side="Open"),
    ]).assign(publisher="LMArena")
    x = alt.X("date:T", title="Leaderboard snapshot date", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("score:Q", title="Arena score (Elo-scale points)", scale=alt.Scale(zero=False))
    colour = alt.Color("side:N", title="Weights", scale=GROUP_COLOURS)
    tooltip = [alt.Tooltip("model:N", title="Model"), alt.Tooltip("side:N", title="Weights"),
               alt.Tooltip("date:T", title="Snapshot"), alt.Tooltip("score:Q", title="Arena score"),
               alt.Tooltip("gap:Q", title="Closed minus open"), alt.Tooltip("publisher:N", title="Source")]
    lines = alt.Chart(long).mark_line(interpolate="step-after").encode(x=x, y=y, color=colour)
    points = alt.Chart(long).mark_circle(size=30).encode(x=x, y=y, color=colour, tooltip=tooltip)
    return charts.finish(
        alt.layer(lines, points),
        title="Chatbot Arena: top closed vs top open model in each snapshot",
        subtitle=["One point per leaderboard release; scores are re-fitted at every release,",
                  "so compare the two lines within a date, not one date with another"],
        description=(f"Line chart of the highest Arena score among proprietary models and among open-weight models in each of "
                     f"{len(arena)} leaderboard snapshots from {arena['date'].min().date()} to {arena['date'].max().date()}."))


def lag_chart(measures: list[Measure], start) -> alt.LayerChart:
    """Months the open frontier took to match each closed record; hollow marks: not matched yet (a lower bound)."""
    parts = []
    for m in measures:
        lags = m.lags[m.lags["closed_date"] >= pd.Timestamp(start) - pd.DateOffset(years=1)]
        parts.append(lags.assign(measure=m.label, status=np.where(lags["censored"], "not yet matched (at least)", "matched")))
    data = pd.concat(parts, ignore_index=True)
    data["publisher"] = "Epoch AI"
    x = alt.X("closed_date:T", title="Date the closed frontier set the level", axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("lag_months:Q", title="Months until the open frontier matched it")
    tooltip = [alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("closed_model:N", title="Closed model"),
               alt.Tooltip("closed_date:T", title="Closed record"), alt.Tooltip("level:Q", title="Level", format=".1f"),
               alt.Tooltip("open_date:T", title="Open matched"), alt.Tooltip("lag_months:Q", title="Lag, months", format=".1f"),
               alt.Tooltip("status:N", title="Status"), alt.Tooltip("publisher:N", title="Source")]
    points = alt.Chart(data).mark_point(size=90, strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("measure:N", title="Measure"),
        shape=alt.Shape("status:N", title="Open frontier", scale=alt.Scale(domain=["matched", "not yet matched (at least)"],
                                                                         range=["circle", "triangle-up"])),
        fill=alt.condition("datum.censored", alt.value("white"), alt.Color("measure:N")), tooltip=tooltip)
    return charts.finish(
        points, title="How long the open frontier took to match each closed record",
        subtitle=["Each mark is a level the best closed model set; height: months until an open model matched it;",
                  "triangles: not matched by the end of the data, so the lag is at least that long"],
        description="Scatter chart of the catch-up lag in months for each closed-frontier record, by the date of the record, per measure.")


# -- price at equal capability -------------------------------------------------

def cheapest_by_access(dataset, as_of, benchmark: str, threshold: float, evaluators: list[str],
                       input_share: float) -> pd.DataFrame:
    """The cheapest open-weight and the cheapest closed offer scoring at least `threshold`, in force at the end of the price data."""

    prices = priced_models(dataset, as_of)
    end = coverage_end(prices, as_of)
    offers = with_blend(prices_in_force(prices, end), input_share)
    scores = model_scores(dataset.benchmarks, benchmark, evaluators)
    offers = offers.merge(scores[["model_id", "score"]], on="model_id")
    offers = offers[offers["score"] >= threshold]
    offers = offers.assign(side=np.where(offers["open_weights"], "Open weights", "Closed"))
    best = offers.sort_values("price").drop_duplicates("side")
    return best[["side", "name", "provider", "price", "score", "effective_date"]].assign(as_of=end).reset_index(drop=True)
