"""The claims ledger joined with the verdicts of the executed chapters."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from llmecon.core import articles, rules
from llmecon.core.claims import DIRECTION_WORDS, VERDICTS, anchor
from llmecon.core.rules import contested_sentence

PENDING = "pending"
ORDER = [*VERDICTS, PENDING]


def ledger(claims: pd.DataFrame, results: dict) -> pd.DataFrame:
    """One row per claim with its verdict; claims no built chapter judged are 'pending'.

    A verdict counts only if it comes from the chapter the ledger assigns the
    claim to, so a claim cannot be judged by the wrong chapter unnoticed.
    Each claim carries its article's short name (`article_label`) for readers.
    """
    built = results.get("chapters", {})
    data_dir = articles.data_dir_of(claims)
    rows = []
    for claim in claims.itertuples(index=False):
        stem = claim.chapter
        found = built.get(f"chapters/{stem}", {}).get("verdicts", {}).get(claim.claim_id)
        rows.append(
            {
                **claim._asdict(),
                "article_label": articles.label(claim.article, data_dir),
                "built": f"chapters/{stem}" in built,
                "verdict": found["verdict"] if found else PENDING,
                "measured": found["measured"] if found else "",
                "reason": found["reason"] if found else "",
                "value": found.get("value") if found else None,
                "rule": (found.get("rule") or {}).get("name", "") if found else "",
                "direction": (found.get("direction") or "") if found else "",
                "robust": found.get("robust") if found else None,
                "readings": found.get("readings") or [] if found else [],
            }
        )
    return pd.DataFrame(rows)


def _verdict_span(verdict: str) -> str:
    return f'<span class="verdict-{verdict.replace(" ", "-")}">{escape(verdict)}</span>'


def _chapter_label(stem: str) -> str:
    return stem.replace("_", " ", 1).replace("_", " ")


def _chapter_link(row) -> str:
    label = escape(_chapter_label(row["chapter"]))
    if not row["built"]:
        return label
    target = f"chapters/{escape(row['chapter'])}.html"
    if row["verdict"] != PENDING:
        target += f"#{escape(anchor(row['claim_id']))}"
    return f'<a href="{target}">{label}</a>'


def headlines(ledger: pd.DataFrame, claim_ids: list[str]) -> str:
    """Markdown bullets: claim, verdict, which way it missed and what was measured; a contested verdict says on
    which reading it depends."""
    lines = []
    for claim_id in claim_ids:
        row = ledger[ledger["claim_id"] == claim_id]
        if row.empty:
            raise KeyError(f"headline claim {claim_id!r} is not in the ledger")
        row = row.iloc[0]
        link = f"chapters/{row['chapter']}.ipynb" if row["built"] else ""
        claim = row["claim_en"].rstrip(".")
        missed = DIRECTION_WORDS.get(row["direction"], "")
        lines.append(
            f"- **{row['verdict'].capitalize()}**: {claim} ({row['article_label']})."
            + (f" {missed[0].upper()}{missed[1:]}." if missed else "")
            + (f" Measured: {row['measured']}." if row["measured"] else "")
            + (f" Contested: {contested_sentence(row['readings'])}." if row["robust"] is False else "")
            + (f" [Read the chapter]({link})" if link else "")
        )
    return "\n".join(lines)


def articles_list(ledger: pd.DataFrame, data_dir=None) -> str:
    """HTML list of the articles the ledger quotes: author, title (linked where public), outlet, date, claims."""
    counts = ledger.groupby("article").size()
    items = "".join(
        f'<li>{articles.citation_html(article, data_dir)} <span class="article-claims">{int(n)} claims.</span></li>'
        for article, n in counts.items()
    )
    return f'<ol class="article-list">{items}</ol>'


# Topics as readers name them; the rest read as their id with spaces ("token_pricing" -> "token pricing").
TOPIC_LABELS = {"open_closed": "open-closed"}


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, str(topic).replace("_", " "))


def unit_group(unit) -> str:
    """The unit claims are compared in when sorted by claimed value: the unit without its qualifier
    ("billion USD (lower bound)" and "billion USD (vague: 數十億)" are both "billion usd")."""
    return re.sub(r"\s*\(.*\)\s*", " ", str(unit) if pd.notna(unit) else "").strip().lower()


def counts_table(ledger: pd.DataFrame, by: str) -> str:
    """HTML table of verdict counts per `by` value (article, topic, chapter); articles shown by name."""
    names = {"article": "article_label", "topic": "topic", "chapter": "chapter"}
    column = names.get(by, by)
    counts = pd.crosstab(ledger[column], ledger["verdict"]).reindex(columns=ORDER, fill_value=0)
    if by == "article":  # in the articles' own order, not alphabetically by name
        order = ledger.drop_duplicates("article").sort_values("article")["article_label"]
        counts = counts.reindex(order)
    counts["total"] = counts.sum(axis=1)
    shown = {"topic": topic_label, "chapter": _chapter_label}.get(by, str)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in [by, *counts.columns])
    body = "".join(
        "<tr>" + f'<th scope="row">{escape(shown(index))}</th>' + "".join(f"<td>{int(v)}</td>" for v in row) + "</tr>"
        for index, row in counts.iterrows()
    )
    return f'<table class="table claims-table counts-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# Which way the testable claims missed, from the author's side: a claim that reality fell short of was too bold
# (overstated), one that reality went beyond too cautious (understated).
CALIBRATION = [
    ("overstated", "overstated (reality fell short)"),
    ("about right", "about right"),
    ("understated", "understated (reality went further)"),
]


def calibration_table(ledger: pd.DataFrame, by: str) -> str:
    """HTML table per article (or topic): how many testable claims overstated, were about right or understated,
    how many of those verdicts are robust to every reading weighed, and which way the author leaned."""
    column = {"article": "article_label"}.get(by, by)
    testable = ledger[ledger["direction"].isin([d for d, _ in CALIBRATION])]
    counts = pd.crosstab(testable[column], testable["direction"]).reindex(
        columns=[d for d, _ in CALIBRATION], fill_value=0
    )
    if by == "article":
        order = ledger.drop_duplicates("article").sort_values("article")["article_label"]
        counts = counts.reindex([a for a in order if a in counts.index])
    robust = testable[testable["robust"] == True].groupby(column).size()  # noqa: E712 (None is not robust)
    head = "".join(
        f'<th scope="col">{escape(t)}</th>'
        for t in [by, *[label for _, label in CALIBRATION], "robust verdicts", "leaning"]
    )
    rows = []
    for index, row in counts.iterrows():
        over, under = int(row["overstated"]), int(row["understated"])
        leaning = "leans bold" if over > under else "leans cautious" if under > over else "balanced"
        cells = "".join(f"<td>{int(v)}</td>" for v in row)
        rows.append(
            f'<tr><th scope="row">{escape(topic_label(index) if by == "topic" else str(index))}</th>{cells}'
            f"<td>{int(robust.get(index, 0))} of {int(row.sum())}</td><td>{leaning}</td></tr>"
        )
    return (
        f'<table class="table claims-table counts-table calibration-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def contested(ledger: pd.DataFrame) -> pd.DataFrame:
    """The verdicts that depend on a reading: claim, chapter, adopted verdict, and the sentence saying which
    verdict each reading gives."""
    rows = ledger[ledger["robust"] == False]  # noqa: E712 (None: untestable or pending)
    return pd.DataFrame(
        {
            "claim_id": rows["claim_id"],
            "claim": rows["claim_en"],
            "chapter": rows["chapter"],
            "article": rows["article_label"],
            "verdict": rows["verdict"],
            "depends": [contested_sentence(r) for r in rows["readings"]],
        }
    ).reset_index(drop=True)


def contested_anchor(claim_id: str) -> str:
    """The anchor of a claim on the Contested verdicts page."""
    return f"contested-{claim_id}"


def contested_list(ledger: pd.DataFrame) -> str:
    """HTML list of the contested verdicts, each linked to where it is tested."""
    items = []
    for row in contested(ledger).itertuples(index=False):
        link = f"../chapters/{escape(row.chapter)}.html#{escape(anchor(row.claim_id))}"
        items.append(
            f'<li id="{contested_anchor(row.claim_id)}"><a href="{link}">{escape(row.claim)}</a> ({escape(row.article)}): '
            f"{_verdict_span(row.verdict)} as adopted; {escape(row.depends)}.</li>"
        )
    return f'<ul class="contested-list">{"".join(items)}</ul>' if items else "<p>No verdict depends on a reading.</p>"


def _claimed(row) -> str:
    low, high = row["value_low"], row["value_high"]
    if pd.isna(low):
        return "(qualitative)"
    return rules.claimed_text(low, row["unit"], high, between="–")  # "May 2024 (announcement)", "22,000 GPUs"


def _options(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f'<option value="{escape(v, quote=True)}">{escape(text)}</option>' for v, text in values)
    return (
        f'<label class="ledger-filter">{escape(label)} <select data-filter="{name}">'
        f'<option value="">all</option>{options}</select></label>'
    )


SORTS = [
    ("article:asc", "article, then claim"),
    ("claimed:asc", "claimed value within its unit, low to high"),
    ("claimed:desc", "claimed value within its unit, high to low"),
    ("date:asc", "date, oldest first"),
    ("date:desc", "date, newest first"),
    ("verdict:asc", "verdict"),
    ("chapter:asc", "chapter"),
]


def claims_table(ledger: pd.DataFrame) -> str:
    """Every claim, filterable, searchable and sortable in the page (`_static/ledger.js`, no network).

    Three columns that fit a text column: the claim (English, the original
    quote, the article's name, the claimed value and its date), the verdict
    with a link to where it is tested, and what was measured and why. On a
    phone each row becomes a card. Without JavaScript it is a plain table.
    """
    ordered = ledger.sort_values(["article", "claim_id"]).reset_index(drop=True)
    article_names = ordered.drop_duplicates("article")[["article", "article_label"]].values.tolist()
    topics = sorted(ledger["topic"].unique())
    chapters = sorted(ledger["chapter"].unique())
    verdicts = [v for v in ORDER if v in set(ledger["verdict"])]
    sort_options = "".join(f'<option value="{v}">{escape(t)}</option>' for v, t in SORTS)
    controls = (
        '<form class="ledger-controls" role="search" aria-label="Filter the claims" onsubmit="return false">'
        '<label class="ledger-filter ledger-search">Search <input type="search" data-filter="text" '
        'placeholder="claim, quote or reason"></label>'
        + _options("article", "Article", article_names)
        + _options("topic", "Topic", [(t, topic_label(t)) for t in topics])
        + _options("verdict", "Verdict", [(v, v) for v in verdicts])
        + _options("chapter", "Chapter", [(c, _chapter_label(c)) for c in chapters])
        + _options("direction", "Missed", [(d, d) for d, _ in CALIBRATION])
        + _options(
            "readings",
            "Readings",
            [("contested", "contested (depends on a reading)"), ("robust", "robust (same under every reading)")],
        )
        + f'<label class="ledger-filter">Sort by <select data-sort-by>{sort_options}</select></label>'
        + '<p class="ledger-count" aria-live="polite">{len(ledger)} claims</p></form>'
    )
    head = "".join(f'<th scope="col">{title}</th>' for title in ["Claim", "Verdict", "Measured, and why"])
    rows = []
    for position, row in ordered.iterrows():
        as_of = pd.Timestamp(row["as_of"]).date().isoformat()
        claim = (
            f'<p class="ledger-claim">{escape(row["claim_en"])}</p>'
            f'<p class="ledger-quote" lang="zh">{escape(row["quote_zh"])}</p>'
            f'<p class="ledger-source">{escape(row["article_label"])} · claimed: {escape(_claimed(row))}'
            f" · as of {as_of} · <code>{escape(row['claim_id'])}</code></p>"
        )
        readings = "contested" if row["robust"] is False else "robust" if row["robust"] else "none"
        # A contested verdict links to the page that says which verdict each reading gives (kept off the
        # ledger, which holds every claim on one page).
        contested_link = (
            f' · <a class="ledger-contested" href="about/contested.html#{contested_anchor(row["claim_id"])}">'
            "contested</a>"
            if readings == "contested"
            else ""
        )
        verdict = (
            _verdict_span(row["verdict"])
            + (
                f'<p class="ledger-direction">{escape(row["direction"])}{contested_link}</p>'
                if row["direction"]
                else ""
            )
            + f'<p class="ledger-source">tested in {_chapter_link(row)}</p>'
        )
        measured = (f'<p class="ledger-measured">{escape(row["measured"])}</p>' if row["measured"] else "") + escape(
            row["reason"]
        )
        keys = {
            "article": str(position),
            "claimed": "" if pd.isna(row["value_low"]) else repr(float(row["value_low"])),
            "unit": unit_group(row["unit"]),
            "date": as_of,
            "verdict": str(ORDER.index(row["verdict"])),
        }
        attributes = " ".join(
            [
                f'data-{name}="{escape(str(row[name]), quote=True)}"'
                for name in ("article", "topic", "verdict", "chapter")
            ]
            + [f'data-readings="{readings}"', f'data-direction="{escape(row["direction"] or "none", quote=True)}"']
            + [f'data-key-{name}="{escape(value, quote=True)}"' for name, value in keys.items()]
        )
        rows.append(
            f'<tr {attributes}><td data-label="Claim">{claim}</td><td data-label="Verdict">{verdict}</td>'
            f'<td data-label="Measured">{measured}</td></tr>'
        )
    return (
        f'<div class="ledger" data-noun="claims">{controls}'
        f'<table class="table claims-table ledger-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def searchable(table_html: str, noun: str) -> str:
    """Any HTML table with a search box, sortable headers and a phone layout (`_static/ledger.js`)."""
    controls = (
        '<form class="ledger-controls" role="search" aria-label="Search the table" onsubmit="return false">'
        '<label class="ledger-filter ledger-search">Search <input type="search" data-filter="text"></label>'
        '<p class="ledger-count" aria-live="polite"></p></form>'
    )
    return f'<div class="ledger" data-noun="{escape(noun, quote=True)}">{controls}{table_html}</div>'


def quotes_table(claims: pd.DataFrame, claim_ids: list[str]) -> str:
    """HTML table of the original quotes and English renderings of some claims, in the given order."""
    indexed = claims.set_index("claim_id")
    missing = [c for c in claim_ids if c not in indexed.index]
    if missing:
        raise KeyError(f"claims not in claims.csv: {', '.join(missing)}")
    data_dir = articles.data_dir_of(claims)
    rows = "".join(
        f"<tr><td>{escape(articles.label(indexed.loc[c, 'article'], data_dir))}</td>"
        f'<td lang="zh">{escape(indexed.loc[c, "quote_zh"])}</td>'
        f"<td>{escape(indexed.loc[c, 'claim_en'])}</td></tr>"
        for c in claim_ids
    )
    return (
        '<table class="table claims-table"><thead><tr><th>Article</th><th>Original</th><th>English rendering</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
