"""What every upstream reader shares: the rows it proposes, model-name resolution, cell helpers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

ALIASES = "model_aliases"

GENAI_PRICES = "genai-prices"
LLMRATES = "llmrates"
EPOCH_NOTABLE = "epoch-notable"
LLM_PRICES = "llm-prices"
TOKENCOST = "tokencost"
LLM_PRICES_CN = "llm-prices-cn"
FRED = "fred"
EPOCH_ECI = "epoch-eci"
EPOCH_RUNS = "epoch-benchmarks"
ARENA = "lmarena"
GIX = "gpu-price-index"

# Where each snapshot comes from when it is read from a local copy (a URL given on the command line wins).
UPSTREAM = {
    GENAI_PRICES: {
        "url": "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/providers/{file}",
        "publisher": "Pydantic (pydantic/genai-prices)",
        "licence": "MIT",
    },
    LLMRATES: {
        "url": "https://raw.githubusercontent.com/llmrates/llm-pricing-dataset/main/data/models.csv",
        "publisher": "LLMRates.ai (llmrates/llm-pricing-dataset)",
        "licence": "CC-BY-4.0",
    },
    EPOCH_NOTABLE: {
        "url": "https://epoch.ai/data/notable_ai_models.csv",
        "publisher": "Epoch AI",
        "licence": "CC-BY-4.0",
    },
    LLM_PRICES: {
        "url": "https://raw.githubusercontent.com/simonw/llm-prices/main/data/{file}",
        "publisher": "Simon Willison (simonw/llm-prices)",
        "licence": "facts (no licence stated)",
    },
    # tokencost's file is a verbatim copy of LiteLLM's list (its update_prices.py reads it): the primary is LiteLLM's.
    TOKENCOST: {
        "url": "https://raw.githubusercontent.com/AgentOps-AI/tokencost/main/tokencost/model_prices.json",
        "publisher": "AgentOps-AI/tokencost (synced from BerriAI/litellm)",
        "licence": "MIT",
        "copy_of": {
            "publisher": "BerriAI (LiteLLM model price list)",
            "url": "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json",
        },
    },
    FRED: {
        "url": "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXCHUS",
        "publisher": "Federal Reserve Bank of St. Louis (FRED), from the Federal Reserve H.10 release",
        "licence": "public-domain",
    },
    EPOCH_ECI: {
        "url": "https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main/data/website/"
        "epoch_capabilities_index.csv",
        "publisher": "Epoch AI",
        "licence": "MIT",
    },
    EPOCH_RUNS: {
        "url": "https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main/data/benchmarks_runs.csv",
        "publisher": "Epoch AI",
        "licence": "MIT",
    },
    ARENA: {
        "url": "https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main/csv/lmarena_text.csv",
        "publisher": "LMArena (text leaderboard), as copied by fboulnois/llm-leaderboard-csv",
        "licence": "leaderboard facts, cite LMArena (MPL-2.0 conversion code)",
    },
    GIX: {
        "url": "https://raw.githubusercontent.com/henryzhangpku/gpu-price-index/main/series/backfill_ratecards.csv",
        "publisher": "henryzhangpku/gpu-price-index",
        "licence": "unspecified (values derived from public price pages)",
    },
    LLM_PRICES_CN: {
        "url": "https://raw.githubusercontent.com/szp2005/llm-prices-cn/main/prices.json",
        "publisher": "llmabacus.com (szp2005/llm-prices-cn)",
        "licence": "CC-BY-4.0",
    },
}


class ImportRejected(RuntimeError):
    """The import was refused; the data folder was not touched."""


@dataclass(eq=False)  # compared by identity: two upstream rows may propose equal cells
class Candidate:
    """One row an upstream file proposes for one table, as raw cells in the project's schema."""

    table: str
    row: dict[str, str]
    origin: str  # where it came from: file and line or model
    # What the upstream says about the row that a reviewer must weigh before it is published (REVIEW_FLAGS).
    flags: frozenset[str] = frozenset()


# Review flags a reader may set on a price; the merge holds such a price for review when it would change
# what is in force (merge.review_reasons).
RETIRED = "retired"  # the catalogue marks the model removed or deprecated (or models.csv gives its retired_on)
PROMOTIONAL = "promotional"  # the catalogue words the price as an introductory or limited-time offer
FLOATING = "floating"  # the upstream name follows whichever version the provider serves
TIER = "tier"  # the provider name carries a tier label (long_context, Global, ...), not only a region
PROMOTION_WORDS = re.compile(
    r"promot|introductory|limited[- ]time|free for a limited|discount(?:ed)? (?:until|through)"
    r"|(?:until|through) \d{4}-\d{2}-\d{2}",
    re.I,
)
DATED_SUFFIX = re.compile(r"-(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{2}-\d{4}|\d{8})$")


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

    def model_id(self, names: ModelNames, catalogue: str, name: str, exact: bool = True) -> str | None:
        """The project's id for an upstream name, or None after noting the name as excluded or unmatched."""
        model_id, excluded = names.resolve(catalogue, name, exact)
        if excluded:
            self.excluded.append(name)
        elif model_id is None:
            self.unmatched.append(name)
        return model_id


@dataclass
class Reading:
    """How a file is to be dated and cited, from the command line and from where it came."""

    retrieved: dt.date | None  # --retrieved
    downloaded: bool  # fetched from a URL by this import, so it was retrieved today at the latest
    source_url: str | None  # the URL it was downloaded from, or --source-url
    observed: dt.date | None = None  # --observed: the file is the upstream as of a dated commit

    def date(self, label: str, fallback: dt.date | None = None, why: str = "carries no date") -> dt.date:
        """--observed or --retrieved, else the file's own date (`fallback`), else today for a download."""
        found = self.observed or self.retrieved or fallback or (dt.date.today() if self.downloaded else None)
        if found is None:
            raise ImportRejected(f"{label}: {why}; give --retrieved YYYY-MM-DD (or --observed for a dated commit)")
        return found

    def price_date(self, in_force_on: dt.date) -> tuple[dt.date, str]:
        """(effective_date, date_basis) of a price the file shows in force on `in_force_on`: a price first seen
        in a dated commit is `observed` then; one read from a catalogue is only known in force then."""
        return (self.observed, "observed") if self.observed else (in_force_on, "catalogue")


class ModelNames:
    """Upstream names to project model ids: curated aliases first, then exact ids."""

    def __init__(self, model_ids: set[str], aliases: list[dict[str, str]]):
        self.model_ids = model_ids
        self.aliases = {(a["catalogue"], a["alias"]): a["model_id"] for a in aliases}

    def resolve(self, catalogue: str, name: str, exact: bool = True) -> tuple[str | None, bool]:
        """(model id or None, excluded on purpose). `exact=False` for catalogues whose names float (a
        `gpt-4o` that follows whichever release the provider serves): only a curated alias maps them."""
        if (catalogue, name) in self.aliases:
            model_id = self.aliases[(catalogue, name)]
            return (model_id or None), not model_id
        return (name if exact and name in self.model_ids else None), False

    def is_floating(self, catalogue: str, name: str, siblings: set[str] = frozenset()) -> bool:
        """A name matched by spelling that follows the provider's newest version: a `-latest` name, or one
        of which a dated version exists (`command-r` beside `command-r-08-2024`). A curated alias row is a
        decision already taken, so it never floats here."""
        if (catalogue, name) in self.aliases:
            return False
        if re.search(r"[-:]latest$", name):
            return True
        return any(
            other.startswith(name + "-") and DATED_SUFFIX.fullmatch(other[len(name) :])
            for other in self.model_ids | set(siblings)
        )


def family(name: str) -> str | None:
    """A model name without its trailing version numbers (claude-opus-4-8 -> claude-opus, gpt-5.4 -> gpt);
    None for a name that ends in none."""
    parts = re.split(r"[-_.]", name.lower())
    if not re.fullmatch(r"\d+", parts[-1]):
        return None
    while parts and re.fullmatch(r"\d+", parts[-1]):
        parts.pop()
    return "-".join(parts) or None


def new_versions(unmatched: list[str], known: set[str]) -> list[str]:
    """Unmatched names that look like new versions of a known model family (claude-opus-4-8 beside
    claude-opus-4): what a reviewer should alias first."""
    families = ({family(k) for k in known} | {"-".join(re.split(r"[-_.]", k.lower())) for k in known}) - {None}
    return sorted(n for n in unmatched if family(n) in families)


def number_cell(value) -> str:
    """A YAML, JSON or CSV number as a CSV cell, without float noise (None: an empty cell)."""
    if value is None:
        return ""
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


def source_row(
    source_id: str, title: str, kind: str, url: str, retrieved: dt.date, notes: str, published: dt.date | None = None
) -> dict[str, str]:
    # A dataset file at a dated commit is itself the primary record of what that dataset said then; a verbatim copy
    # of another's list is that list read in a mirror (provenance 'archived', the copy in the via columns).
    upstream = UPSTREAM[kind]
    original = upstream.get("copy_of")
    read_in = (
        {"provenance": "archived", "via_publisher": upstream["publisher"], "via_url": url}
        if original
        else {"provenance": "primary", "via_publisher": "", "via_url": ""}
    )
    return {
        "source_id": source_id,
        "title": title,
        "publisher": (original or upstream)["publisher"],
        "url": original["url"] if original else url,
        **read_in,
        "published": published.isoformat() if published else "",
        "retrieved": retrieved.isoformat(),
        "licence": UPSTREAM[kind]["licence"],
        "notes": notes,
    }


def snapshot_source(
    reading: Reading, source_id: str, title: str, kind: str, url: str, notes: str, dated: dt.date
) -> dict[str, str]:
    """The sources row of a snapshot dated `dated`: for a commit, published then and retrieved today at the latest."""
    if reading.observed and reading.downloaded and reading.observed == dt.date.today():
        return source_row(
            source_id,
            title,
            kind,
            url,
            reading.observed,
            notes + f" Read from upstream on {reading.observed}: the prices it adds were not in force "
            "in the data before, so they are dated as observed then.",
            reading.observed,
        )
    if reading.observed:
        return source_row(
            source_id,
            title,
            kind,
            url,
            max(reading.retrieved or dt.date.today(), reading.observed),
            notes + f" The file as of an upstream commit of {reading.observed}.",
            reading.observed,
        )
    return source_row(source_id, title, kind, url, dated, notes)


def per_million(value, scale: float = 1.0) -> str:
    """A price as a per-million cell; `scale` converts per-token prices (1e6)."""
    return f"{float(value) * scale:.10g}" if scale != 1.0 else number_cell(value)
