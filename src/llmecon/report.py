"""The book's own pages about itself: build status, sources appendix, what changed."""

from __future__ import annotations

from html import escape

import pandas as pd


def status_table(results: dict) -> pd.DataFrame:
    """One row per chapter: when it last executed, how long it took, with what."""
    rows = []
    for stem, chapter in sorted(results["chapters"].items()):
        parameters = dict(chapter.get("parameters") or {})
        parameters.pop("data_dir", None)
        rows.append({
            "Chapter": stem.split("/")[-1],
            "Last executed (UTC)": chapter.get("executed_at") or "",
            "Seconds": chapter.get("seconds"),
            "Verdicts": len(chapter.get("verdicts", {})),
            "Data files read": ", ".join(chapter.get("reads", [])),
            "Parameters": ", ".join(f"{k}={v}" for k, v in parameters.items()),
        })
    return pd.DataFrame(rows)


def sources_table(dataset, results: dict) -> str:
    """HTML table of every source: publisher, dates, URL, licence, the tables citing it, the chapters reading those."""
    citing: dict[str, set[str]] = {}
    for name in dataset.table_names:
        table = dataset.table(name)
        if "source_id" in table.columns:
            for source_id in table["source_id"].dropna().unique():
                citing.setdefault(source_id, set()).add(name)
    readers: dict[str, set[str]] = {}
    for stem, chapter in results["chapters"].items():
        for file_name in chapter.get("reads", []):
            readers.setdefault(file_name.removesuffix(".csv"), set()).add(stem.split("/")[-1])
    rows = []
    for source in dataset.sources.sort_values(["publisher", "title"]).itertuples(index=False):
        tables = sorted(citing.get(source.source_id, set()))
        chapters = sorted(set().union(*(readers.get(t, set()) for t in tables))) if tables else []
        date = source.published.date().isoformat() if pd.notna(source.published) else ""
        rows.append("<tr>" + "".join([
            f"<td>{escape(source.publisher)}</td>",
            f'<td><a href="{escape(source.url, quote=True)}">{escape(source.title)}</a></td>',
            f"<td>{date}</td><td>{source.retrieved.date().isoformat()}</td>",
            f"<td>{escape(source.licence)}</td>",
            f"<td>{escape(', '.join(tables))}</td><td>{escape(', '.join(chapters))}</td>",
        ]) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ["Publisher", "Title", "Published", "Retrieved", "Licence",
                                             "Cited in tables", "Read by chapters"])
    return f'<table class="table claims-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def changes(current: dict, previous: dict | None, tolerance: float) -> dict[str, pd.DataFrame]:
    """What differs between two results records.

    Returns verdicts that flipped, numbers that moved by more than
    `tolerance` (relative), texts that changed (such as which model leads a
    frontier), and chapters added or removed. Empty frames mean no change.
    """
    flips, moved, texts, chapters = [], [], [], []
    before_chapters = (previous or {}).get("chapters", {})
    for stem, now in current["chapters"].items():
        before = before_chapters.get(stem)
        name = stem.split("/")[-1]
        if before is None:
            chapters.append({"Chapter": name, "Change": "new"})
            continue
        for claim_id, verdict in now.get("verdicts", {}).items():
            old = before.get("verdicts", {}).get(claim_id)
            if old is None or old["verdict"] != verdict["verdict"]:
                flips.append({"Chapter": name, "Claim": claim_id, "Before": old["verdict"] if old else "(none)",
                              "Now": verdict["verdict"], "Measured now": verdict["measured"]})
        for key, value in now.get("values", {}).items():
            old = before.get("values", {}).get(key)
            if isinstance(value, (int, float)) and isinstance(old, (int, float)):
                change = (value - old) / abs(old) if old else (0.0 if value == old else float("inf"))
                if abs(change) > tolerance:
                    moved.append({"Chapter": name, "Value": key, "Before": old, "Now": value,
                                  "Change (%)": 100 * change})
            elif old != value:
                texts.append({"Chapter": name, "Value": key, "Before": "" if old is None else str(old), "Now": str(value)})
    for stem in before_chapters.keys() - current["chapters"].keys():
        chapters.append({"Chapter": stem.split("/")[-1], "Change": "removed"})
    return {"verdicts": pd.DataFrame(flips, columns=["Chapter", "Claim", "Before", "Now", "Measured now"]),
            "numbers": pd.DataFrame(moved, columns=["Chapter", "Value", "Before", "Now", "Change (%)"]),
            "texts": pd.DataFrame(texts, columns=["Chapter", "Value", "Before", "Now"]),
            "chapters": pd.DataFrame(chapters, columns=["Chapter", "Change"])}

