"""The five articles by name: who wrote them, where, when, under what title.

`data/articles.csv` holds each article's author, outlet, titles, date and,
when a public copy was verified, its address. Readers see articles through
`label` (a short name for tables and verdict cards) and `citation_html`
(the full reference with a link), never through their file names.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd

from llmecon import project_dir

from .data import open_dataset

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@lru_cache(maxsize=4)
def _table(data_dir: str) -> pd.DataFrame:
    return open_dataset(data_dir).articles.set_index("article_id")


def table(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The articles table indexed by article_id (file name)."""
    return _table(str(Path(data_dir or project_dir() / "data").resolve())).copy()


def data_dir_of(frame: pd.DataFrame) -> str | None:
    """The data folder a table was read from (set by `data.open_dataset`), so its articles come from there too."""
    return frame.attrs.get("data_dir")


def _row(article_id: str, data_dir) -> pd.Series:
    articles = _table(str(Path(data_dir or project_dir() / "data").resolve()))
    if article_id not in articles.index:
        raise KeyError(f"article {article_id!r} is not in articles.csv")
    return articles.loc[article_id]


def readable_date(published: str) -> str:
    """'2024-04-15' -> '15 April 2024'; '2023-12' -> 'December 2023'."""
    parts = [int(p) for p in published.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{MONTHS[parts[1] - 1]} {parts[0]}"


def label(article_id: str, data_dir: Path | str | None = None) -> str:
    """Short name of an article for tables and verdict cards, e.g. 'Kai-Fu Lee, WIRED, late 2024'."""
    return str(_row(article_id, data_dir)["label"])


def citation(article_id: str, data_dir: Path | str | None = None) -> str:
    """Plain-text reference: author, outlet, English title, date (and whether the date is inferred)."""
    row = _row(article_id, data_dir)
    date = readable_date(row["published"]) + (
        " (date inferred from the text)" if row["date_basis"] == "inferred" else ""
    )
    return f"{row['author_en']}. \u201c{row['title_en']}\u201d. {row['outlet_en']}, {date}."


def citation_html(article_id: str, data_dir: Path | str | None = None) -> str:
    """The reference as HTML: English title linked to the public copy where there is one, original title below."""
    row = _row(article_id, data_dir)
    title = escape(row["title_en"])
    if isinstance(row["url"], str) and row["url"]:
        title = f'<a href="{escape(row["url"], quote=True)}">{title}</a>'
    inferred = " (inferred)" if row["date_basis"] == "inferred" else ""
    # The original title when it differs from the English one (article 000 was written in English).
    original = (
        f' <span lang="zh">{escape(row["title_original"])}</span>' if row["title_original"] != row["title_en"] else ""
    )
    return (
        f'<span class="article-cite">{escape(row["author_en"])}, \u201c{title}\u201d, '
        f"{escape(row['outlet_en'])}, {escape(readable_date(row['published']))}{inferred}.{original}</span>"
    )
