"""The chapter preamble: one call checks a notebook's parameters and opens its data.

    from llmecon.site.chapter import open_chapter
    ch = open_chapter("02_training_costs", globals())

checks every parameter papermill injected against the notebook's own
`parameters` cell (a misspelt name or a value of the wrong type stops here, in
one line that names the parameter and what it accepts), resolves `data_dir`
against the project folder (so a rerun works from the project folder or from
`chapters/`), opens the data package, and gives the chapter its helpers:
glue a value and get it back, look up a claim, show the quotes, record a
verdict from a rule, and print the parameter table from the parameters cell.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from llmecon import project_dir
from llmecon.core import claims as claims_module
from llmecon.core import fmt, rules
from llmecon.core.data import open_dataset
from llmecon.site import parameters as accepted
from llmecon.site.parameters import ParameterError

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Claim:
    """One row of the ledger, as a chapter reads it: the claimed figure (low and high; equal for a single
    figure, None for a claim without one), its unit, the quote and what was searched where no data settles it."""

    id: str
    low: float | None
    high: float | None
    unit: str
    quote_zh: str
    claim_en: str
    as_of: pd.Timestamp
    topic: str
    searched: str


@dataclass
class Parameter:
    name: str
    default: object
    comment: str


def find_notebook(stem: str, start: Path | None = None) -> Path:
    """The chapter's source notebook: in the working folder, in its `chapters/`, or in the project's."""
    start = Path(start or Path.cwd())
    for candidate in (
        start / f"{stem}.ipynb",
        start / "chapters" / f"{stem}.ipynb",
        project_folder(start) / "chapters" / f"{stem}.ipynb",
    ):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{stem}.ipynb: not found in {start} or in the project's chapters/ folder")


def project_folder(start: Path | None = None) -> Path:
    """The folder holding `_toc.yml`, looking up from `start` (the working folder by default); see
    `llmecon.project_dir`."""
    return project_dir(start)


def declared_parameters(notebook: Path) -> list[Parameter]:
    """Names, default values and comments of the notebook's cell tagged `parameters`."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    cell = next((c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ParameterError(f"{notebook}: no cell is tagged 'parameters'")
    source = "".join(cell["source"])
    lines = source.splitlines()
    found = []
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise ParameterError(f"{notebook}: the parameters cell may only hold 'name = value  # comment' lines")
        line = lines[node.end_lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line[node.value.end_col_offset :] else ""
        found.append(Parameter(node.targets[0].id, ast.literal_eval(node.value), comment))
    return found


def injected_names(namespace: dict) -> list[str]:
    """Names assigned in papermill's injected-parameters cell (it starts with '# Parameters'), from the
    kernel's input history."""
    names = []
    for source in namespace.get("In", []):
        if source.lstrip().startswith("# Parameters"):
            for node in ast.parse(source).body:
                if isinstance(node, ast.Assign):
                    names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return names


def _accepts(default) -> str:
    if default is None:
        return "any value, or None"
    if isinstance(default, bool):
        return "True or False"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, str):
        return "a date YYYY-MM-DD" if DATE_PATTERN.match(default) else "text"
    if isinstance(default, list):
        inner = {_accepts(v) for v in default}
        return "a list" + (f" of {inner.pop()}" if len(inner) == 1 else "")
    if isinstance(default, dict):
        return "a mapping"
    return type(default).__name__


def _fits(value, default) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, str):
        if not isinstance(value, str):
            return False
        if DATE_PATTERN.match(default):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return False
        return True
    if isinstance(default, list):
        if not isinstance(value, list):
            return False
        return all(any(_fits(v, d) for d in default) for v in value) if default else True
    return isinstance(value, type(default))


def check_parameters(
    declared: list[Parameter], namespace: dict, injected: list[str], specs: dict | None = None
) -> None:
    """Stop on an injected name the chapter does not declare, or a value its default's type cannot take.
    Parameters with a declared spec (`llmecon.site.parameters`) are left to `parameters.check`, which knows
    their ranges; their type errors read the same way."""
    known = {p.name: p for p in declared}
    for name in injected:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ParameterError(f"unknown parameter {name!r}: {hint}this chapter takes {', '.join(known)}")
    for p in declared:
        if specs and p.name in specs:
            continue
        value = namespace.get(p.name)
        if not _fits(value, p.default):
            raise ParameterError(
                f"parameter {p.name!r} got {value!r}; it accepts {_accepts(p.default)}"
                + (f" ({p.comment})" if p.comment else "")
            )


def resolve_data_dir(data_dir, project: Path) -> Path:
    """A relative data folder is relative to the project folder, wherever the notebook runs from."""
    path = Path(data_dir).expanduser()
    return path if path.is_absolute() else (project / path).resolve()


def _show(value, spec=None) -> str:
    """A parameter's value for people; a year or a seed (`spec.identifier`) as written, without separators."""
    identifier = getattr(spec, "identifier", False) or getattr(getattr(spec, "item", None), "identifier", False)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return str(value) if identifier else fmt.number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v, getattr(spec, "item", None)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)


class ClaimLookup:
    """claims.csv by claim id, read row by row (`Dataset.rows`), for the claimed values a chapter takes as inputs,
    its own or another chapter's: `claim_table.loc[claim_id, column]`, `claim_table.loc[claim_id]`,
    `claim_id in claim_table`."""

    def __init__(self, dataset):
        self.dataset = dataset

    def _row(self, claim_id: str) -> pd.Series:
        found = self.dataset.rows("claims", "claim_id", [claim_id])
        if found.empty:
            raise KeyError(f"claim {claim_id!r} is not in claims.csv")
        return found.set_index("claim_id").loc[claim_id]

    def __contains__(self, claim_id: str) -> bool:
        return not self.dataset.rows("claims", "claim_id", [claim_id]).empty

    @property
    def loc(self) -> ClaimLookup:
        return self

    def __getitem__(self, key):
        if isinstance(key, tuple):
            claim_id, column = key
            return self._row(claim_id)[column]
        return self._row(key)


class Chapter:
    """What a chapter works with: its data, claims, estimates, parameters, and the helpers that state results."""

    def __init__(self, stem: str, namespace: dict):
        self.stem = stem
        self.notebook = find_notebook(stem)
        self.project = project_folder(self.notebook.parent)
        self.parameters = declared_parameters(self.notebook)
        specs = accepted.specs_of(stem)
        check_parameters(self.parameters, namespace, injected_names(namespace), specs)
        specs["data_dir"].check("data_dir", namespace.get("data_dir", "data"), None)
        self.namespace = namespace
        self.data_dir = resolve_data_dir(namespace.get("data_dir", "data"), self.project)
        self.dataset = open_dataset(self.data_dir)
        accepted.check(
            stem,
            {p.name: namespace.get(p.name) for p in self.parameters},
            accepted.Bounds.of(self.dataset, namespace.get("as_of")),
        )
        self.as_of = pd.Timestamp(namespace.get("as_of") or self.dataset.snapshot_date())
        # Its own claims, the claimed values it reads and, at each verdict, the sources it cites are looked up by row
        # (`Dataset.rows`): claims and sources added for other chapters (a weekly import appends sources) do not
        # re-execute this one.
        self.claims = self.dataset.rows("claims", "chapter", [Path(stem).name])
        self.claim_table = ClaimLookup(self.dataset)
        self.estimates = self.dataset.estimates.set_index("estimate_id")
        self.glue_text("as_of", fmt.day(self.as_of))

    # Numbers in the prose
    def glue(self, name: str, value):
        """Glue a number for the prose and return it."""
        claims_module.glue_number(name, value)
        return value

    def glue_text(self, name: str, text) -> str:
        claims_module.glue_text(name, text)
        return str(text)

    # The ledger
    def claim(self, claim_id: str) -> Claim:
        """A claim of the ledger by id."""
        row = self.claim_table.loc[claim_id]  # KeyError naming the claim when claims.csv has no such row
        low = float(row["value_low"]) if pd.notna(row["value_low"]) else None
        high = float(row["value_high"]) if pd.notna(row["value_high"]) else low
        text = lambda column: "" if pd.isna(row.get(column)) else str(row[column])  # noqa: E731
        return Claim(
            claim_id,
            low,
            high,
            text("unit"),
            text("quote_zh"),
            text("claim_en"),
            pd.Timestamp(row["as_of"]),
            text("topic"),
            text("searched"),
        )

    def claimed(self, claim_id: str) -> tuple[float, float]:
        """The claimed value of a claim, low and high (equal for a single figure)."""
        claim = self.claim(claim_id)
        if claim.low is None:
            raise ValueError(f"claim {claim_id!r} states no figure")
        return claim.low, claim.high

    def estimate(self, estimate_id: str, column: str = "value") -> float:
        if estimate_id not in self.estimates.index:
            raise KeyError(f"estimate {estimate_id!r} is not in estimates.csv")
        return float(self.estimates.loc[estimate_id, column])

    def quotes(self, claim_ids: list[str]):
        """The article quotes this chapter tests, as a table."""
        from IPython.display import HTML, display

        from . import scorecard

        display(HTML(scorecard.quotes_table(self.dataset.rows("claims", "claim_id", claim_ids), claim_ids)))

    def verdict(
        self,
        claim_id: str,
        judgement: rules.Judgement,
        evidence=(),
        note: str = "",
        measured: str = "",
        says: tuple[str, str] | None = None,
    ) -> claims_module.Verdict:
        """Record and show the verdict a rule reached on a claim; `evidence` are source ids in sources.csv;
        `says` words its direction in the claim's terms (see `Verdict.judged`). An untestable verdict for no
        data or an undisclosed figure carries the search recorded in the claim's `searched` column."""
        known = set(self.dataset.rows("sources", "source_id", evidence)["source_id"])
        unknown = [e for e in evidence if e not in known]
        if unknown:
            raise KeyError(f"verdict on {claim_id}: evidence {unknown} not in sources.csv")
        claim = self.claim(claim_id)
        judgement = rules.with_search(judgement, claim.searched, claim_id)
        verdict = claims_module.Verdict.judged(claim_id, judgement, evidence, note, measured, says)
        return verdict.record(self.dataset.rows("claims", "claim_id", [claim_id]))

    def untestable(self, claim_id: str, ground: str, detail: str) -> claims_module.Verdict:
        """Record a claim no data settles, on one of `rules.UNTESTABLE_GROUNDS`: for no data or an undisclosed
        figure, only with the search the claim's row records (untestable only when searched)."""
        return self.verdict(claim_id, rules.untestable(ground, detail))

    def estimate_sources(self, *estimate_ids: str) -> list[str]:
        """Source ids of estimates, for a verdict's evidence."""
        return sorted({self.estimates.loc[e, "source_id"] for e in estimate_ids})

    def sources_of(self, table: str, **where) -> list[str]:
        """Source ids of the rows of a table matching column=value filters, for a verdict's evidence."""
        frame = getattr(self.dataset, table)
        for column, value in where.items():
            frame = frame[frame[column].isin(value if isinstance(value, (list, tuple, set)) else [value])]
        return sorted(set(frame["source_id"]))

    def evidence_ends(self, *tables: str):
        """Say where the evidence of the tables this chapter reads ends (and when their sources were read)."""
        from IPython.display import Markdown, display

        from . import report

        display(Markdown(report.evidence_ends(self.dataset, list(tables), self.as_of)))

    # The rerun section
    def parameter_table(self, used: dict | None = None):
        """The parameters this page was built with, from the notebook's own parameters cell: name, value
        used (or what a None default resolved to, from `used`) and meaning."""
        from IPython.display import display

        used = used or {}
        rows = [
            {
                "Parameter": "data snapshot",
                "Value used": str(self.dataset.snapshot_date()),
                "Meaning": "date of the newest data in the data folder",
            }
        ]
        for p in self.parameters:
            value = self.namespace.get(p.name)
            shown = used.get(p.name, _show(value, accepted.specs_of(self.stem).get(p.name)))
            if p.name == "data_dir":
                shown = (
                    str(self.data_dir.relative_to(self.project))
                    if self.data_dir.is_relative_to(self.project)
                    else str(self.data_dir)
                )
            if p.name == "as_of":
                shown = f"{self.as_of:%Y-%m-%d}" + (" (the data snapshot)" if value is None else "")
            rows.append({"Parameter": p.name, "Value used": shown, "Meaning": p.comment})
        display(parameter_styler(rows))


def parameter_styler(rows: list[dict]):
    """The parameter table as shown: values and comments are text, so a '<' in them is escaped, not markup."""
    return pd.DataFrame(rows).style.format(escape="html").hide(axis="index")


def open_chapter(stem: str, namespace: dict) -> Chapter:
    """Check the parameters in `namespace` (pass `globals()`), open the data, and return the chapter."""
    return Chapter(stem, namespace)
