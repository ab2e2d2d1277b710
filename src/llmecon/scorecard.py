"""The claims ledger joined with the verdicts of the executed chapters."""

from __future__ import annotations

from html import escape

import pandas as pd

from .claims import VERDICTS, anchor

PENDING = "pending"
ORDER = [*VERDICTS, PENDING]


def ledger(claims: pd.DataFrame, results: dict) -> pd.DataFrame:
    """One row per claim with its verdict; claims no built chapter judged are 'pending'.

    A verdict counts only if it comes from the chapter the ledger assigns the
    claim to, so a claim cannot be judged by the wrong chapter unnoticed.
    """
    built = results.get("chapters", {})
    rows = []
    for claim in claims.itertuples(index=False):
        stem = claim.chapter
        found = built.get(f"chapters/{stem}", {}).get("verdicts", {}).get(claim.claim_id)
        rows.append({**claim._asdict(),
                     "built": f"chapters/{stem}" in built,
                     "verdict": found["verdict"] if found else PENDING,
                     "measured": found["measured"] if found else "",
                     "reason": found["reason"] if found else "",
                     "value": found.get("value") if found else None,
                     "rule": (found.get("rule") or {}).get("name", "") if found else ""})
    return pd.DataFrame(rows)


def _verdict_span(verdict: str) -> str:
    return f'<span class="verdict-{verdict.replace(" ", "-")}">{escape(verdict)}</span>'


def _chapter_link(row) -> str:
    label = escape(row["chapter"].replace("_", " ", 1).replace("_", " "))
    if not row["built"]:
        return label
    target = f'chapters/{escape(row["chapter"])}.html'
    if row["verdict"] != PENDING:
        target += f'#{escape(anchor(row["claim_id"]))}'
    return f'<a href="{target}">{label}</a>'


def headlines(ledger: pd.DataFrame, claim_ids: list[str]) -> str:
    """Markdown bullets: claim, verdict and what was measured."""
    lines = []
    for claim_id in claim_ids:
        row = ledger[ledger["claim_id"] == claim_id]
        if row.empty:
            raise KeyError(f"headline claim {claim_id!r} is not in the ledger")
        row = row.iloc[0]
        link = f"chapters/{row['chapter']}.ipynb" if row["built"] else ""
        claim = row["claim_en"].rstrip(".")
        lines.append(f"- **{row['verdict'].capitalize()}**: {claim} (article {row['article'][:3]})."
                     + (f" Measured: {row['measured']}." if row["measured"] else "")
                     + (f" [Read the chapter]({link})" if link else ""))
    return "\n".join(lines)


def counts_table(ledger: pd.DataFrame, by: str) -> str:
    """HTML table of verdict counts per `by` value (article, topic, chapter)."""
    counts = pd.crosstab(ledger[by], ledger["verdict"]).reindex(columns=ORDER, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    head = "".join(f"<th>{escape(c)}</th>" for c in [by, *counts.columns])
    body = "".join(
        "<tr>" + f"<td>{escape(str(index))}</td>" + "".join(f"<td>{int(v)}</td>" for v in row) + "</tr>"
        for index, row in counts.iterrows())
    return f'<table class="table claims-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _claimed(row) -> str:
    low, high = row["value_low"], row["value_high"]
    if pd.isna(low):
        return "(qualitative)"
    value = f"{low:g}" if pd.isna(high) or high == low else f"{low:g}–{high:g}"
    return f"{value} {row['unit']}"


def claims_table(ledger: pd.DataFrame) -> str:
    """HTML table of every claim: quote, English, claimed value, verdict, measured value, reason, chapter."""
    head = "".join(f"<th>{h}</th>" for h in ["Claim", "Original", "English rendering", "Claimed", "As of", "Verdict",
                                             "Measured", "Why", "Tested in"])
    rows = []
    for _, row in ledger.sort_values(["article", "claim_id"]).iterrows():
        rows.append("<tr>" + "".join([
            f'<td><code>{escape(row["claim_id"])}</code></td>',
            f'<td lang="zh">{escape(row["quote_zh"])}</td>',
            f'<td>{escape(row["claim_en"])}</td>',
            f"<td>{escape(_claimed(row))}</td>",
            f'<td>{pd.Timestamp(row["as_of"]).date().isoformat()}</td>',
            f"<td>{_verdict_span(row['verdict'])}</td>",
            f'<td>{escape(row["measured"])}</td>',
            f'<td>{escape(row["reason"])}</td>',
            f"<td>{_chapter_link(row)}</td>",
        ]) + "</tr>")
    return (f'<table class="table claims-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def quotes_table(claims: pd.DataFrame, claim_ids: list[str]) -> str:
    """HTML table of the original quotes and English renderings of some claims, in the given order."""
    indexed = claims.set_index("claim_id")
    missing = [c for c in claim_ids if c not in indexed.index]
    if missing:
        raise KeyError(f"claims not in claims.csv: {', '.join(missing)}")
    rows = "".join(
        f'<tr><td>{escape(indexed.loc[c, "article"][:3])}</td><td lang="zh">{escape(indexed.loc[c, "quote_zh"])}</td>'
        f'<td>{escape(indexed.loc[c, "claim_en"])}</td></tr>' for c in claim_ids)
    return ('<table class="table claims-table"><thead><tr><th>Article</th><th>Original</th><th>English rendering</th>'
            f'</tr></thead><tbody>{rows}</tbody></table>')
