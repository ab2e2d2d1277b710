"""The book's own pages about itself: build status, sources appendix, what changed."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from llmecon.core import fmt
from llmecon.core.claims import anchor as claims_anchor


def _minute(timestamp: str | None) -> str:
    """2026-11-30T15:34:18+00:00 as 2026-11-30 15:34: the table's header says the zone."""
    return pd.Timestamp(timestamp).tz_convert("UTC").strftime("%Y-%m-%d %H:%M") if timestamp else ""


def status_table(results: dict) -> pd.DataFrame:
    """One row per chapter: when it last executed, how long it took, with what."""
    rows = []
    for stem, chapter in sorted(results["chapters"].items()):
        parameters = dict(chapter.get("parameters") or {})
        parameters.pop("data_dir", None)
        rows.append(
            {
                "Chapter": stem.split("/")[-1],
                "Last executed (UTC)": _minute(chapter.get("executed_at")),
                "Seconds": chapter.get("seconds"),
                "Verdicts": len(chapter.get("verdicts", {})),
                "Data files read": ", ".join(chapter.get("reads", [])),
                "Parameters": ", ".join(f"{k}={v}" for k, v in parameters.items()),
            }
        )
    return pd.DataFrame(rows)


# How each source was read, as the sources page says it (provenance column of sources.csv).
PROVENANCE_LABELS = {
    "primary": "primary",
    "archived": "primary, read in an archived copy",
    "secondary": "primary named; figure read in a report on it",
    "weak": "no primary found: this page is the only source",
}


def source_anchor(source_id: str) -> str:
    """The id of a source's row on the sources page: a stable link to one source (about/sources.html#source-<id>)."""
    return f"source-{source_id}"


def provenance_counts(sources: pd.DataFrame) -> dict[str, int]:
    return {kind: int((sources["provenance"] == kind).sum()) for kind in PROVENANCE_LABELS}


def _chapter_number(stem: str) -> str:
    """chapters/01_inference_cost_laws -> 1: the number the chapter's file name starts with."""
    name = stem.split("/")[-1]
    prefix = name.split("_")[0]
    return str(int(prefix)) if prefix.isdigit() else name


def sources_table(dataset, results: dict) -> str:
    """HTML table of every source, primary publication first: publisher and title (linked to the primary),
    how it was read (and the page read, when that was a copy or a report), dates, licence, the tables
    citing it and the chapters reading those (by number: `chapter_legend`). Each row carries the source's anchor."""
    citing: dict[str, set[str]] = {}
    for name in dataset.table_names:
        table = dataset.table(name)
        if "source_id" in table.columns and name != "sources":  # the list itself cites nothing
            for source_id in table["source_id"].dropna().unique():
                citing.setdefault(source_id, set()).add(name)
    readers: dict[str, set[str]] = {}
    for stem, chapter in results["chapters"].items():
        for file_name in chapter.get("reads", []):
            readers.setdefault(file_name.removesuffix(".csv"), set()).add(stem)
    rows = []
    for source in dataset.sources.sort_values(["publisher", "title"]).itertuples(index=False):
        tables = sorted(citing.get(source.source_id, set()))
        chapters = sorted(set().union(*(readers.get(t, set()) for t in tables))) if tables else []
        published = source.published.date().isoformat() if pd.notna(source.published) else ""
        retrieved = source.retrieved.date().isoformat()
        read = escape(PROVENANCE_LABELS[source.provenance])
        if pd.notna(source.via_url) and source.via_url:
            read += f'<br>via <a href="{escape(source.via_url, quote=True)}">{escape(source.via_publisher)}</a>'
        if source.provenance == "weak" and pd.notna(source.notes):
            read += f"<details><summary>what was looked for</summary><small>{escape(source.notes)}</small></details>"
        used = ([f"tables: {escape(', '.join(tables))}"] if tables else []) + (
            ["chapters: " + ", ".join(_chapter_number(stem) for stem in chapters)] if chapters else []
        )
        title_key = escape(f"{source.publisher} {source.title}".lower(), quote=True)
        rows.append(
            f'<tr id="{source_anchor(source.source_id)}" class="provenance-{source.provenance}">'
            + "".join(
                [
                    f'<td data-sort="{title_key}"><strong>{escape(source.publisher)}</strong><br>'
                    f'<a href="{escape(source.url, quote=True)}">{escape(source.title)}</a>'
                    f"<br><small><code>{escape(source.source_id)}</code></small></td>",
                    f"<td>{read}</td>",
                    f'<td data-sort="{published or retrieved}">{published or "undated"}<br><small>read {retrieved}</small></td>',
                    f"<td>{escape(source.licence)}</td>",
                    f"<td>{'<br>'.join(used)}</td>",
                ]
            )
            + "</tr>"
        )
    # Five columns, so the table fits the page's width on a desktop (a phone shows each row as a card).
    head = "".join(
        f"<th>{h}</th>"
        for h in ["Source (primary publication)", "How it was read", "Published, read", "Licence", "Used in"]
    )
    return (
        f'<table class="table claims-table sources-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def chapter_legend(results: dict) -> str:
    """The chapters the sources table names by number, each linked: "1 inference cost laws", ..."""
    links = [
        f'<a href="../{escape(stem, quote=True)}.html">{_chapter_number(stem)} '
        f"{escape(stem.split('/')[-1].split('_', 1)[-1].replace('_', ' '))}</a>"
        for stem in sorted(results["chapters"])
    ]
    return f'<p class="sources-legend">Chapters by number: {", ".join(links)}.</p>'


# The build keeps a copy of the data beside each results record, and the copy that went with the
# compared record, so the page can say which rows arrived, left or were revised in between.
DATA_COPY = "data-of-results"
PREVIOUS_DATA_COPY = "previous-data"
GLUE_REFERENCE = re.compile(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`")
# Words after a number that stop its unit ("÷18 a year for ..." has the unit "a year").
UNIT_STOP_WORDS = {
    "and",
    "or",
    "for",
    "to",
    "in",
    "on",
    "from",
    "with",
    "is",
    "was",
    "were",
    "which",
    "than",
    "so",
    "that",
    "the",
    "at",
    "by",
    "of",
    "against",
    "while",
    "but",
    "if",
    "when",
    "as",
    "have",
    "has",
    "had",
    "cost",
    "costs",
    "costed",
    "gives",
    "moves",
    "close",
    "ended",
    "not",
    "such",
    "more",
    "across",
    "out",
    "'s",
    "-",
    "are",
    "be",
    "it",
    "its",
}
# After its first word, a unit goes on only with these ("a year", "million GPU-hours", "per" and one word).
UNIT_CONTINUATIONS = {
    "a",
    "an",
    "per",
    "year",
    "month",
    "day",
    "hour",
    "week",
    "tokens",
    "token",
    "million",
    "billion",
    "thousand",
    "input",
    "output",
    "GPU-hours",
    "chip-hours",
    "GPUs",
    "points",
    "prices",
    "models",
    "rows",
}
PREFIX_SYMBOLS = "÷×$¥~−≈<>"


def rotate_data_copy(executed_dir: Path) -> None:
    """The current record becomes the compared one: so does the data copy kept with it."""
    current, previous = Path(executed_dir) / DATA_COPY, Path(executed_dir) / PREVIOUS_DATA_COPY
    shutil.rmtree(previous, ignore_errors=True)
    if current.is_dir():
        current.rename(previous)


def keep_data_copy(data_dir: Path, executed_dir: Path) -> None:
    target = Path(executed_dir) / DATA_COPY
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns(".*"))


@dataclass
class ProseReference:
    """Where a glued value first appears in a chapter's text, and how the text shows it."""

    sentence: str  # the sentence, Markdown, glue references intact
    spec: str  # format spec the text uses
    prefix: str  # symbol written before the number (÷, $)
    unit: str  # words written after the number
    section: str  # anchor of the section it is in


def _plain_markdown(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep their words
    text = re.sub(r"\{[a-z]+\}`([^`]*)`", lambda m: m.group(0) if m.group(0).startswith("{glue") else m.group(1), text)
    text = re.sub(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])", r"\1", text.replace("**", ""))  # *emphasis*: its words
    return text.replace("\\$", "$").replace("\\", "").strip()


def prose_references(notebook: Path) -> dict[str, ProseReference]:
    """The first place the text of a notebook cites each glued value."""
    from docutils.nodes import make_id

    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    found: dict[str, ProseReference] = {}
    section = ""
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", []))
        for block in re.split(r"\n\s*\n", text):
            heading = re.match(r"^#{1,6}\s+(.*)", block)
            if heading:
                section = make_id(_plain_markdown(heading.group(1)))
                block = block[heading.end() :]
            for match in GLUE_REFERENCE.finditer(block):
                name = match.group(1)
                if name in found:
                    continue
                starts = [m.end() for m in re.finditer(r"(?:[.!?;]\s|\n[-*] |^[-*] |\n)", block[: match.start()])]
                start = starts[-1] if starts else 0
                end_match = re.search(r"[.!?;](?:\s|$)|\n", block[match.end() :])
                end = match.end() + (end_match.start() + 1 if end_match else len(block) - match.end())
                after = block[match.end() : end]
                following = GLUE_REFERENCE.search(after)
                after = _plain_markdown(after[: following.start()] if following else after)
                words = _unit_words(
                    re.findall(r"^%|[^\s.,;:()*{}`]+", after if after.startswith("%") else after.lstrip())
                )
                before = block[: match.start()].replace("\\$", "$").rstrip("*")
                prefix = before[-1] if before and before[-1] in PREFIX_SYMBOLS else ""
                unit = ("" if words[:1] == ["%"] else " ") + " ".join(words) if words else ""
                found[name] = ProseReference(
                    re.sub(r"^[-*]\s+", "", block[start:end].strip()), match.group(2) or "", prefix, unit, section
                )
    return found


def _unit_words(words: list[str]) -> list[str]:
    """The words after a number that name its unit: ["a", "year"] of "÷18 a year for the cheapest"."""
    unit = []
    for word in words[:5]:
        if word.lower() in UNIT_STOP_WORDS or "$" in word:
            break
        if unit and word not in UNIT_CONTINUATIONS and unit[-1] != "per":
            break
        unit.append(word)
    while unit and unit[-1] in ("a", "an", "per"):
        unit.pop()
    return unit


def _as_date(text) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(str(text).strip(), pattern).date()
        except ValueError:
            continue
    return None


def _is_analysis_date(name: str, old, new, dates: tuple) -> bool:
    """The analysis date, however a chapter writes it, moves with every data snapshot: not a finding."""
    if name == "as_of":
        return True
    analysed = tuple(_as_date(d) for d in dates)
    return None not in analysed and (_as_date(old), _as_date(new)) == analysed


def _format(value, spec: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return format(value, spec) if spec else fmt.number(value)
        except ValueError:
            return fmt.number(value)
    return str(value)


def _render_sentence(reference: ProseReference, values: dict, moved: str, old, new) -> str:
    """The sentence as a reader sees it, the moved value shown as before → now."""

    def fill(match):
        name, spec = match.group(1), match.group(2) or ""
        if name == moved:
            return f"<mark>{escape(_format(old, spec))} → {escape(_format(new, spec))}</mark>"
        return escape(_format(values[name], spec)) if name in values else "…"

    parts, last = [], 0
    plain = _plain_markdown(reference.sentence)
    for match in GLUE_REFERENCE.finditer(plain):
        parts.append(escape(plain[last : match.start()]))
        parts.append(fill(match))
        last = match.end()
    parts.append(escape(plain[last:]))
    return "".join(parts)


def _chapter_title(notebook: Path) -> str:
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", []):
        heading = (
            re.match(r"^#\s+(.*)", "".join(cell.get("source", []))) if cell.get("cell_type") == "markdown" else None
        )
        if heading:
            return _plain_markdown(heading.group(1)).split(":")[0]
    return Path(notebook).stem


def changes(
    current: dict,
    previous: dict | None,
    tolerance: float,
    executed_dir: Path | None = None,
    page_root: str = "../",
    claim_texts: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """What differs between two results records, worded as the chapters word it.

    Returns verdicts that flipped, numbers that moved by more than
    `tolerance` (relative), texts that changed (such as which model leads a
    frontier), and chapters added or removed. Each number and text is shown
    in the sentence of the chapter that cites it, with its unit and a link to
    its section; values no sentence cites are counted, not listed. A flipped
    verdict shows its claim in words (`claim_texts`) linked to the verdict. The
    analysis date itself is not a finding and is left out. Empty frames mean
    no change.
    """
    flips, moved, texts, chapters = [], [], [], []
    uncited = 0
    before_chapters = (previous or {}).get("chapters", {})
    dates = ((previous or {}).get("as_of"), current.get("as_of"))
    for stem, now in current["chapters"].items():
        before = before_chapters.get(stem)
        notebook = Path(executed_dir) / f"{stem}.ipynb" if executed_dir else None
        has_text = notebook is not None and notebook.exists()
        references = prose_references(notebook) if has_text else {}
        title = _chapter_title(notebook) if has_text else stem.split("/")[-1]
        page = f"{page_root}{stem}.html"
        chapter_link = f'<a href="{escape(page, quote=True)}">{escape(title)}</a>'
        if before is None:
            chapters.append({"Chapter": chapter_link, "Change": "new"})
            continue
        for claim_id, verdict in now.get("verdicts", {}).items():
            old = before.get("verdicts", {}).get(claim_id)
            if old is None or old["verdict"] != verdict["verdict"]:
                link = f"{page}#{claims_anchor(claim_id)}"
                claim = (claim_texts or {}).get(claim_id, claim_id)
                flips.append(
                    {
                        "Chapter": chapter_link,
                        "Claim": f'<a href="{escape(link, quote=True)}">{escape(claim)}</a>',
                        "Before": old["verdict"] if old else "(none)",
                        "Now": verdict["verdict"],
                        "Measured now": escape(str(verdict["measured"])),
                    }
                )
        values = now.get("values", {})
        for key, value in values.items():
            old = before.get("values", {}).get(key)
            is_number = isinstance(value, (int, float)) and isinstance(old, (int, float))
            if is_number:
                change = (value - old) / abs(old) if old else (0.0 if value == old else float("inf"))
                if abs(change) <= tolerance:
                    continue
            elif old == value or _is_analysis_date(key, old, value, dates):  # not a finding
                continue
            reference = references.get(key)
            if reference is None:
                uncited += 1
                continue
            link = f"{page}#{reference.section}" if reference.section else page
            row = {
                "Where": f'<a href="{escape(link, quote=True)}">{escape(title)}</a>',
                "In the text": _render_sentence(reference, values, key, "" if old is None else old, value),
                "Before": escape(
                    f"{reference.prefix}{_format('' if old is None else old, reference.spec)}{reference.unit}"
                ),
                "Now": escape(f"{reference.prefix}{_format(value, reference.spec)}{reference.unit}"),
            }
            if is_number:
                moved.append(
                    {
                        **row,
                        "Change": (("+" if change > 0 else "−") + fmt.number(abs(100 * change)) + "%")
                        if math.isfinite(change)
                        else "from 0",
                    }
                )
            else:
                texts.append(row)
    for stem in before_chapters.keys() - current["chapters"].keys():
        chapters.append({"Chapter": escape(stem.split("/")[-1]), "Change": "removed"})
    return {
        "verdicts": pd.DataFrame(flips, columns=["Chapter", "Claim", "Before", "Now", "Measured now"]),
        "numbers": pd.DataFrame(moved, columns=["Where", "In the text", "Before", "Now", "Change"]),
        "texts": pd.DataFrame(texts, columns=["Where", "In the text", "Before", "Now"]),
        "chapters": pd.DataFrame(chapters, columns=["Chapter", "Change"]),
        "uncited": uncited,
    }


def _breakable(identifier: str) -> str:
    """An id or key, escaped, that may wrap after its separators (claude-2|mmlu|epoch, epoch_price_data):
    unbroken, such names made the changes tables three times wider than the page."""
    return escape(identifier).replace("|", "|<wbr>").replace("_", "_<wbr>")


def html_table(frame: pd.DataFrame) -> str:
    """A frame whose cells are already HTML (escaped where they came from data) as a table."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in frame.itertuples(index=False)
    )
    return f'<table class="table changes-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# -- the data between two builds -------------------------------------------------------------------


def _read_rows(folder: Path, resource: dict) -> dict[tuple, dict[str, str]]:
    path = Path(folder) / resource["path"]
    if not path.exists():
        return {}
    key = resource["schema"].get("primaryKey") or [f["name"] for f in resource["schema"]["fields"]]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {tuple(row.get(k, "") or "" for k in key): row for row in csv.DictReader(handle)}


def _price_text(row: dict[str, str]) -> str:
    """A price as a reader reads it: "2.5 in / 10 out USD per million tokens", however the cell was typed."""
    return (
        f"{fmt.number(float(row['input_per_m']))} in / {fmt.number(float(row['output_per_m']))} out "
        f"{row['currency']} per million tokens"
    )


def _price_in_force(rows: dict, row: dict[str, str]) -> dict[str, str] | None:
    """The latest earlier price of the same model at the same provider, currency and context tier."""
    same = [
        r
        for r in rows.values()
        if all(r.get(k, "") == row.get(k, "") for k in ("model_id", "provider", "currency", "context_tier"))
        and r["effective_date"] < row["effective_date"]
    ]
    return max(same, key=lambda r: r["effective_date"]) if same else None


# A developer's own cloud, where its name differs from the developer's.
OWN_CLOUDS = {
    "Alibaba": ("Alibaba Cloud", "Qwen"),
    "ByteDance": ("Volcano Engine", "Volcano Ark"),
    "Baidu": ("Baidu AI Cloud",),
    "Amazon": ("Amazon Bedrock",),
    "Google": ("Google Vertex AI",),
}


def sold_by_developer(provider: str, developer: str) -> bool:
    """A list price from the model's developer (or its own cloud), at no region or tier: the prices the
    chapters' frontier is made of. Resellers, regions and tiers are the rest."""
    return "(" not in provider and (provider.lower() == developer.lower() or provider in OWN_CLOUDS.get(developer, ()))


def _what(earlier: dict | None, row: dict[str, str]) -> str:
    if earlier is None:
        return "first price"
    old = float(earlier["output_per_m"]) + float(earlier["input_per_m"])
    new = float(row["output_per_m"]) + float(row["input_per_m"])
    return "price cut" if new < old else "price rise" if new > old else "same price"


REVISION_COLUMNS = ["Revised on", "Value (table: row · column)", "Before", "Now", "Source", "Note"]


def data_changes(previous_dir: Path | None, data_dir: Path) -> dict:
    """What arrived in, left, or was revised in the data since the compared build, grouped as a reader
    reads it (empty frames and zero counts when there is no compared build).

    - `models`: models new to models.csv, with their developer and release date;
    - `prices`: each new price a developer charges for its own model, set against the price in force before
      it (a cut, a rise, or the model's first price);
    - `price_counts`: the other new prices (resellers, regions, tiers), counted by provider and kind;
    - `added`: rows added to other tables, counted per table with the span of their dates;
    - `removed`: rows that left any table;
    - `new_revisions`: revisions applied since the compared build, and `revisions_total`, all of them.
    """
    from llmecon.core import data

    descriptor = data.read_descriptor(data_dir)
    resources = {r["name"]: r for r in descriptor["resources"]}
    models = _read_rows(data_dir, resources["models"]) if "models" in resources else {}
    names = {k[0]: r["name"] for k, r in models.items()}
    developers = {k[0]: r.get("developer", "") for k, r in models.items()}
    new_models, prices_rows, folded, arrived, left, new_revisions = [], [], {}, [], [], []
    for name, resource in resources.items():
        if previous_dir is None or name == "revisions":
            continue
        now, before = _read_rows(data_dir, resource), _read_rows(previous_dir, resource)
        added = [now[key] for key in now.keys() - before.keys()]
        for key in before.keys() - now.keys():
            left.append({"Table": escape(name), "Row": escape(" | ".join(k for k in key if k))})
        if name == "models":
            new_models += [
                {
                    "Model": escape(r["name"]),
                    "Developer": escape(r.get("developer", "")),
                    "Released": escape(r.get("release_date", "")),
                    "Source": _breakable(r.get("source_id", "")),
                }
                for r in added
            ]
        elif name == "prices":
            for row in added:
                earlier = _price_in_force(now, row)
                what = _what(earlier, row)
                if sold_by_developer(row["provider"], developers.get(row["model_id"], "")):
                    prices_rows.append(
                        {
                            "Model": escape(names.get(row["model_id"], row["model_id"])),
                            "Seller": escape(row["provider"]),
                            "Change": what,
                            "Before": escape(_price_text(earlier)) if earlier else "",
                            "Now": escape(_price_text(row)),
                            "From": escape(
                                row["effective_date"] + (f" ({row['date_basis']})" if row.get("date_basis") else "")
                            ),
                            "Source": _breakable(row.get("source_id", "")),
                        }
                    )
                else:
                    counts = folded.setdefault(
                        row["provider"], {"first price": 0, "price cut": 0, "price rise": 0, "same price": 0}
                    )
                    counts[what] += 1
        elif added:
            column = EVIDENCE_DATES.get(name, (None,))[0]
            dates = sorted(r[column] for r in added if column and r.get(column))
            span = "" if not dates else dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
            arrived.append({"Table": escape(name), "Rows added": len(added), "Dated": escape(span)})
    if "revisions" in resources:
        now = _read_rows(data_dir, resources["revisions"])
        before = _read_rows(previous_dir, resources["revisions"]) if previous_dir else {}
        for key, row in sorted(now.items(), key=lambda item: item[1]["revised_on"], reverse=True):
            if previous_dir is not None and key not in before:
                new_revisions.append(
                    {
                        "Revised on": escape(row["revised_on"]),
                        "Value (table: row · column)": (
                            f"{_breakable(row['table'])}: {_breakable(row['row_key'])} · {_breakable(row['column'])}"
                        ),
                        "Before": _breakable(_revised_value(row["old_value"], _digits_to_tell(row))),
                        "Now": _breakable(_revised_value(row["new_value"], _digits_to_tell(row))),
                        "Source": _breakable(row["source_id"]),
                        "Note": _breakable(row["note"]),
                    }
                )
        total = len(now)
    else:
        total = 0
    sort = lambda rows, *keys: sorted(rows, key=lambda r: tuple(r[k] for k in keys))  # noqa: E731
    counts = [
        {
            "Seller": escape(provider),
            **{k.capitalize() + "s": n for k, n in kinds.items()},
            "New prices": sum(kinds.values()),
        }
        for provider, kinds in folded.items()
    ]
    return {
        "models": pd.DataFrame(
            sort(new_models, "Released", "Model"), columns=["Model", "Developer", "Released", "Source"]
        ),
        "prices": pd.DataFrame(
            sort(prices_rows, "Model", "Seller", "From"),
            columns=["Model", "Seller", "Change", "Before", "Now", "From", "Source"],
        ),
        "price_counts": pd.DataFrame(
            sorted(counts, key=lambda r: (-r["New prices"], r["Seller"])),
            columns=["Seller", "New prices", "First prices", "Price cuts", "Price rises", "Same prices"],
        ),
        "added": pd.DataFrame(sort(arrived, "Table"), columns=["Table", "Rows added", "Dated"]),
        "removed": pd.DataFrame(sort(left, "Table", "Row"), columns=["Table", "Row"]),
        "new_revisions": pd.DataFrame(new_revisions, columns=REVISION_COLUMNS),
        "revisions_total": total,
    }


def _digits_to_tell(row: dict[str, str]) -> int:
    """Significant digits that show a revision's old and new values apart: three, or more when they agree
    to three (1.0001 x 10^25 -> 8 x 10^24 needs three; 1.23451 -> 1.23459 needs five)."""
    for digits in range(3, 8):
        if _revised_value(row["old_value"], digits) != _revised_value(row["new_value"], digits):
            return digits
    return 7


def _revised_value(text: str, digits: int = 7) -> str:
    """A revised cell as a reader reads numbers: separators, no scientific notation; dates and words unchanged."""
    if re.fullmatch(r"-?\d{1,4}", str(text).strip()):  # years and small counts read as they are
        return text
    try:
        value = float(text)
    except (TypeError, ValueError):
        return text
    if abs(value) >= 1e15:  # compute in FLOP: a power of ten reads better than 27 digits
        exponent = int(f"{value:e}".split("e")[1])
        return f"{fmt.number(value / 10**exponent, digits)} × 10^{exponent}"
    return fmt.number(value, digits)


# -- how far the evidence reaches ---------------------------------------------------------------------

# The column that dates what each table observed (not when it was read); a table without a date of its own is
# dated through the rows it describes: a benchmark score by its model's release, a training cost by its run.
EVIDENCE_DATES = {
    "prices": ("effective_date", "prices in force"),
    "fx": ("date", "exchange rates"),
    "models": ("release_date", "model releases"),
    "price_events": ("date", "price announcements"),
    "epoch_price_inputs": ("price_date", "Epoch AI's price inputs"),
    "epoch_inference_rates": ("end_date", "Epoch AI's fitted rates"),
    "training_runs": ("publication_date", "training runs"),
    "training_compute": ("publication_date", "training compute"),
    "gpu_rental": ("date", "GPU rental prices"),
    "gpu_purchase": ("date", "GPU purchase prices"),
    "arena_snapshots": ("snapshot_date", "Arena leaderboards"),
    "eci_models": ("release_date", "ECI scores"),
    "finetunes": ("published", "fine-tunes"),
    "events": ("date", "dated events"),
    "estimates": ("as_of", "estimates"),
}
DATED_THROUGH = {
    "benchmarks": ("models", "model_id", "model_id", "benchmark scores"),
    "eval_tokens": ("models", "model_id", "model_id", "evaluation token counts"),
    "training_costs": ("training_runs", "model", "model", "training costs"),
}


def evidence_through(dataset, table: str) -> dt.date | None:
    """The newest date of what a table observed (None for a table that dates nothing, such as aliases)."""
    if table in EVIDENCE_DATES:
        column = EVIDENCE_DATES[table][0]
        dates = dataset.table(table)[column].dropna()
    elif table in DATED_THROUGH:
        other, key, other_key, _ = DATED_THROUGH[table]
        column = EVIDENCE_DATES[other][0]
        keys = set(dataset.table(table)[key].dropna())
        frame = dataset.table(other)
        dates = frame.loc[frame[other_key].isin(keys), column].dropna()
    else:
        return None
    return pd.Timestamp(dates.max()).date() if len(dates) else None


def last_read(dataset, table: str) -> dt.date | None:
    """When the sources behind a table's rows were last read (their newest retrieval date)."""
    frame = dataset.table(table)
    if "source_id" not in frame.columns:
        return None
    read = dataset.rows("sources", "source_id", frame["source_id"].dropna())["retrieved"]  # only the rows cited
    return pd.Timestamp(read.max()).date() if len(read) else None


def day_text(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def evidence_ends(dataset, tables: list[str], as_of=None) -> str:
    """One sentence: where the evidence of these tables ends ("prices in force to 7 December 2026; ...")
    and when their sources were last read; dates after the analysis date are cut to it."""
    cap = pd.Timestamp(as_of).date() if as_of is not None else None
    parts, reads = [], []
    for table in tables:
        through = evidence_through(dataset, table)
        if through is None:
            continue
        what = EVIDENCE_DATES[table][1] if table in EVIDENCE_DATES else DATED_THROUGH[table][3]
        note = " (of models released by then)" if table in ("benchmarks", "eval_tokens") else ""
        parts.append(f"{what} to {day_text(min(through, cap) if cap else through)}{note}")
        read = last_read(dataset, table)
        if read:
            reads.append(read)
    if not parts:
        return ""
    return f"The evidence in this chapter reaches: {'; '.join(parts)}." + (
        f" Its sources were last read on {day_text(max(reads))}." if reads else ""
    )


def evidence_reach(dataset) -> str:
    """For the landing page: how far the main evidence reaches, not when a catalogue was read."""
    shown = [
        (table, EVIDENCE_DATES.get(table, (None, None))[1] or DATED_THROUGH[table][3])
        for table in ("prices", "benchmarks", "eci_models", "training_runs", "fx")
    ]
    parts = [f"{what} to {day_text(d)}" for table, what in shown if (d := evidence_through(dataset, table))]
    return "; ".join(parts)


def freshness_table(dataset, refreshed_by: dict[str, str]) -> pd.DataFrame:
    """Per table: the newest date of its evidence, when its sources were last read, and what refreshes it."""
    rows = []
    for table in dataset.table_names:
        through = evidence_through(dataset, table)
        if through is None:
            continue
        read = last_read(dataset, table)
        rows.append(
            {
                "Table": table,
                "Evidence through": through.isoformat(),
                "Last read": read.isoformat() if read else "",
                "Refreshed by": refreshed_by.get(table, ""),
            }
        )
    return pd.DataFrame(rows, columns=["Table", "Evidence through", "Last read", "Refreshed by"])


def comparison_sentence(current: dict, previous: dict | None, tolerance: float) -> str:
    """What this page compares, in one or two sentences; a first build says it has nothing to compare with."""
    now = day_text(dt.date.fromisoformat(str(current["as_of"])[:10]))
    if previous is None:
        return f"This build analyses the data as of {now}; no earlier build is kept to compare it with."
    before = day_text(dt.date.fromisoformat(str(previous["as_of"])[:10]))
    return (
        f"This build analyses the data as of {now}; the build it is compared with analysed them as of {before}. "
        f"Numbers count as moved when they changed by more than {fmt.percent(tolerance)}."
    )
