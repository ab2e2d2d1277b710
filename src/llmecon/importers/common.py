"""What every upstream reader shares: the rows it proposes, model-name resolution, cell helpers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

ALIASES = "model_aliases"

GENAI_PRICES = "genai-prices"
LLMRATES = "llmrates"
EPOCH_NOTABLE = "epoch-notable"

# Where each snapshot comes from when it is read from a local copy (a URL given on the command line wins).
UPSTREAM = {
    GENAI_PRICES: {"url": "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/providers/{file}",
                   "publisher": "Pydantic (pydantic/genai-prices)", "licence": "MIT"},
    LLMRATES: {"url": "https://raw.githubusercontent.com/llmrates/llm-pricing-dataset/main/data/models.csv",
               "publisher": "LLMRates.ai (llmrates/llm-pricing-dataset)", "licence": "CC-BY-4.0"},
    EPOCH_NOTABLE: {"url": "https://epoch.ai/data/notable_ai_models.csv",
                    "publisher": "Epoch AI", "licence": "CC-BY-4.0"},
}


class ImportRejected(RuntimeError):
    """The import was refused; the data folder was not touched."""


@dataclass(eq=False)  # compared by identity: two upstream rows may propose equal cells
class Candidate:
    """One row an upstream file proposes for one table, as raw cells in the project's schema."""
    table: str
    row: dict[str, str]
    origin: str  # where it came from: file and line or model


@dataclass
class Snapshot:
    """What one upstream file proposes, and what it could not."""
    label: str
    kind: str
    source: dict[str, str] | None  # the sources row describing the snapshot
    candidates: list[Candidate] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # names model_aliases.csv leaves out on purpose
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Reading:
    """How a file is to be dated and cited, from the command line and from where it came."""
    retrieved: dt.date | None  # --retrieved
    downloaded: bool  # fetched from a URL by this import, so it was retrieved today at the latest
    source_url: str | None  # the URL it was downloaded from, or --source-url

    def date(self, label: str, fallback: dt.date | None = None, why: str = "carries no date") -> dt.date:
        """--retrieved, else the file's own date (`fallback`), else today for a download."""
        found = self.retrieved or fallback or (dt.date.today() if self.downloaded else None)
        if found is None:
            raise ImportRejected(f"{label}: {why}; give --retrieved YYYY-MM-DD")
        return found


class ModelNames:
    """Upstream names to project model ids: curated aliases first, then exact ids."""

    def __init__(self, model_ids: set[str], aliases: list[dict[str, str]]):
        self.model_ids = model_ids
        self.aliases = {(a["catalogue"], a["alias"]): a["model_id"] for a in aliases}

    def resolve(self, catalogue: str, name: str) -> tuple[str | None, bool]:
        """(model id or None, excluded on purpose)."""
        if (catalogue, name) in self.aliases:
            model_id = self.aliases[(catalogue, name)]
            return (model_id or None), not model_id
        return (name if name in self.model_ids else None), False


def number_cell(value) -> str:
    """A YAML or CSV number as a CSV cell, without float noise."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return str(value).strip()


def iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def records(text: str, label: str):
    """(first line, row) for each CSV record; a quoted cell may span lines."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    end = 1  # the header
    try:
        for row in reader:
            yield end + 1, row
            end = reader.line_num
    except csv.Error as exc:
        raise ImportRejected(f"{label}: malformed CSV after line {end}: {exc}") from None


def source_row(source_id: str, title: str, kind: str, url: str, retrieved: dt.date, notes: str) -> dict[str, str]:
    return {"source_id": source_id, "title": title, "publisher": UPSTREAM[kind]["publisher"], "url": url,
            "published": "", "retrieved": retrieved.isoformat(), "licence": UPSTREAM[kind]["licence"], "notes": notes}
