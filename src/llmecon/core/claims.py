"""Glued numbers and verdicts: the one way a chapter states a result.

`glue_number` and `glue_text` put a computed value where the prose can cite
it (myst-nb glue). `Verdict` records a verdict on a claim: it glues the
verdict, the measured value and the reason under predictable names, and shows
the claim with its original quote. The build reads those glued values back
out of the executed notebooks (`read_results`) to fill the landing page.
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import articles

VERDICTS = ("holds", "partly holds", "does not hold", "untestable")
VERDICT_PREFIX = "verdict__"
MEASURED_PREFIX = "measured__"
REASON_PREFIX = "reason__"
RECORD_PREFIX = "record__"
ADMONITION_CLASS = {"holds": "tip", "partly holds": "warning", "does not hold": "error", "untestable": "note"}


def _plain(value):
    """NumPy scalars are glued as 'np.float64(...)' text; glue plain Python values."""
    if isinstance(value, np.generic):
        return value.item()
    return value


# The words that stand in the prose for a number the data did not give for a run's parameters.
MISSING_NUMBER_TEXT = "(no data for these parameters)"


def glue_number(name: str, value: float) -> None:
    """Make a computed number citable in the prose as {glue:text}`name:format`. A missing value (None or NaN:
    the data hold none for the run's parameters) is glued as NaN, which the page shows as
    MISSING_NUMBER_TEXT (`fill_missing_numbers`); the book's own build must have none (tests/test_browser.py)."""
    from myst_nb import glue

    value = _plain(value)
    if value is None:
        value = math.nan
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"glue_number({name!r}) needs a number, got {type(value).__name__}")
    glue(name, value, display=False)


_GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`:]+)(?::[^`]*)?`")


def fill_missing_numbers(notebook) -> list[str]:
    """Put MISSING_NUMBER_TEXT in place of each glue role whose number is missing (glued as NaN), since
    `nan` would read as a number and a format like `:,.0f` cannot take text; returns the names replaced."""
    missing = {
        output["metadata"]["scrapbook"]["name"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("metadata", {}).get("scrapbook")
        and output.get("data", {}).get(output["metadata"]["scrapbook"].get("mime_prefix", "") + "text/plain") == "nan"
    }
    if not missing:
        return []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _GLUE_ROLE.sub(
                lambda m: MISSING_NUMBER_TEXT if m.group(1).strip() in missing else m.group(0), cell.source
            )
    return sorted(missing)


def glue_text(name: str, text: str) -> None:
    from myst_nb import glue

    glue(name, str(text), display=False)


def _escape_markdown(text: str) -> str:
    """Text from data shown as Markdown: neutralise markup characters and HTML."""
    out = str(text).replace("\\", "\\\\")
    for char in "`*_{}[]<>#|$":
        out = out.replace(char, "\\" + char)
    return out


# What a verdict says of its direction when the chapter gives no words of its own ("prices fell faster than claimed").
DIRECTION_WORDS = {
    "understated": "reality went further than claimed",
    "overstated": "reality fell short of the claim",
    "about right": "about as claimed",
}


@dataclass
class Verdict:
    """A verdict on one claim, as data: what was claimed, what was measured (a number, with its interval
    where one exists), which way the claim missed (`direction`), the rule applied with its tolerances, the
    readings it was weighed under and whether it is the same under all (`robust`), the evidence (source ids),
    and the sentences shown to readers. Build it from a rule's `Judgement` with `Verdict.judged`."""

    claim_id: str
    verdict: str
    measured: str
    reason: str
    value: float | None = None
    unit: str = ""
    claimed: tuple | None = None
    interval: tuple | None = None
    rule: dict | None = None
    evidence: tuple = ()
    direction: str | None = None
    robust: bool | None = None
    readings: tuple = ()
    says: str = ""

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict for {self.claim_id} must be one of {VERDICTS}, got {self.verdict!r}")
        testable = self.verdict != "untestable"
        if testable and (self.direction not in DIRECTION_WORDS or self.robust is None or not self.readings):
            raise ValueError(f"the testable verdict on {self.claim_id} needs a direction and its weighed readings")

    @classmethod
    def judged(
        cls,
        claim_id: str,
        judgement,
        evidence=(),
        note: str = "",
        measured: str = "",
        says: tuple[str, str] | None = None,
    ) -> Verdict:
        """The verdict a rule reached (`llmecon.core.rules`), with its evidence and an optional note of context
        (a note explains; the numbers and the verdict come from the rule). A testable judgement not yet weighed
        (`rules.weigh`) is weighed under its rule's neighbouring tolerance. `says` words the direction in the
        claim's own terms: (if reality went further, if it fell short), e.g. ("prices fell faster than claimed",
        "prices fell more slowly than claimed"); the reason starts with the one that applies."""
        from . import rules

        if judgement.verdict != rules.UNTESTABLE and judgement.robust is None:
            kind = (judgement.rule or {}).get("kind")
            rules.weigh(judgement, f"read as {rules.article_and(kind)}" if kind else "as the chapter reads it")
        direction = judgement.direction
        reason = judgement.reason
        if direction is not None:
            words = (
                (
                    says[0]
                    if direction == rules.UNDERSTATED
                    else says[1]
                    if direction == rules.OVERSTATED
                    else DIRECTION_WORDS[direction]
                )
                if says
                else DIRECTION_WORDS[direction]
            )
            words = f"{words[0].upper()}{words[1:]}"
            reason = f"{words}: {reason}"
        reason += f". {note.strip()}" if note and note.strip() else ""
        return cls(
            claim_id,
            judgement.verdict,
            measured or judgement.measured,
            reason,
            judgement.value,
            judgement.unit,
            judgement.claimed,
            judgement.interval,
            judgement.rule,
            tuple(evidence),
            direction,
            judgement.robust,
            tuple(judgement.readings),
            words if direction else "",
        )

    def as_record(self) -> dict:
        return {
            "verdict": self.verdict,
            "measured": self.measured,
            "reason": self.reason,
            "value": self.value,
            "unit": self.unit,
            "claimed": list(self.claimed) if self.claimed else None,
            "interval": list(self.interval) if self.interval else None,
            "rule": self.rule,
            "evidence": list(self.evidence),
            "direction": self.direction,
            "robust": self.robust,
            "readings": list(self.readings),
            "says": self.says,
        }

    def _ipython_display_(self):
        # `record` has shown the verdict; a cell ending in a verdict shows nothing more.
        pass

    def record(self, claims: pd.DataFrame) -> Verdict:
        """Glue this verdict and show it as one compact line (claim, claimed, measured, verdict) that opens
        on the quote, the reason, the rule and the evidence."""
        from IPython.display import Markdown, display

        match = claims[claims["claim_id"] == self.claim_id]
        if match.empty:
            raise KeyError(f"claim {self.claim_id!r} is not in claims.csv")
        claim = match.iloc[0]
        glue_text(VERDICT_PREFIX + self.claim_id, self.verdict)
        glue_text(MEASURED_PREFIX + self.claim_id, self.measured)
        glue_text(REASON_PREFIX + self.claim_id, self.reason)
        glue_text(RECORD_PREFIX + self.claim_id, json.dumps(self.as_record()))
        display(Markdown(render_verdict(self, claim, articles.label(claim["article"], articles.data_dir_of(claims)))))
        return self


def claimed_text(claim) -> str:
    """The claimed value as the ledger states it: "22,000 GPUs", "1 to 3 billion USD"."""
    from . import rules

    low, high, unit = claim.get("value_low"), claim.get("value_high"), claim.get("unit") or ""
    if low is None or pd.isna(low):
        return unit or "(no figure)"
    return rules.claimed_text(low, unit, high)


def _rule_text(rule: dict) -> str:
    """ "interval contains, exact figure: holds within 1.05x, partly within 1.25x" from a rule record."""
    name = rule["name"].replace("_", " ")
    if "kind" in rule:
        return f"{name}, {rule['kind']}: holds within {rule['holds_within']}x, partly within {rule['partly_within']}x"
    if "parts" in rule:
        return f"{name}: " + "; ".join(f"{part} by {_rule_text(r)}" for part, r in rule["parts"].items())
    extra = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in rule.items() if k != "name")
    return f"{name} ({extra})" if extra else name


def render_verdict(verdict: Verdict, claim, article_label: str) -> str:
    """MyST for a verdict: a collapsed admonition whose title is the summary line (claim, claimed, measured,
    verdict) and whose body holds the quote (with its article by name), the reason, the rule and the evidence."""
    details = [
        f"> {_escape_markdown(claim['quote_zh'])} ({_escape_markdown(article_label)})",
        f"**Why:** {_escape_markdown(verdict.reason)}",
    ]
    if verdict.rule:
        details.append(f"**Rule:** {_escape_markdown(_rule_text(verdict.rule))}")
    if verdict.robust is False:
        from .rules import contested_sentence

        details.append("**Contested:** " + _escape_markdown(contested_sentence(verdict.readings)))
    if verdict.evidence:
        details.append("**Evidence:** " + _escape_markdown(", ".join(verdict.evidence)))
    missed = f" ({verdict.direction})" if verdict.direction not in (None, "about right") else ""
    title = (
        f"{verdict.verdict.capitalize()}{missed}: {_escape_markdown(claim['claim_en'])} "
        f"Claimed {_escape_markdown(claimed_text(claim))}; measured {_escape_markdown(verdict.measured)}"
    )
    return (
        f"({anchor(verdict.claim_id)})=\n"
        f":::{{admonition}} {title}\n:class: {ADMONITION_CLASS[verdict.verdict]} dropdown verdict\n\n"
        + "\n\n".join(details)
        + "\n:::"
    )


def anchor(claim_id: str) -> str:
    """The page anchor of a claim's verdict, so the ledger can link to it."""
    return f"verdict-{claim_id}"


def read_results(executed_notebook: Path) -> dict:
    """Every value glued in an executed notebook, and its verdicts, as plain data."""
    notebook = json.loads(Path(executed_notebook).read_text(encoding="utf-8"))
    glued = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is None:
                continue
            data = output.get("data", {})
            raw = next((v for k, v in data.items() if k.endswith("text/plain")), None)
            if raw is None:
                continue
            raw = "".join(raw) if isinstance(raw, list) else raw
            try:
                glued[name] = ast.literal_eval(raw)
            except (ValueError, SyntaxError):
                glued[name] = raw
    verdicts = {}
    for name, value in glued.items():
        if name.startswith(VERDICT_PREFIX):
            claim_id = name[len(VERDICT_PREFIX) :]
            record = glued.get(RECORD_PREFIX + claim_id)
            verdicts[claim_id] = {
                "verdict": value,
                "measured": glued.get(MEASURED_PREFIX + claim_id, ""),
                "reason": glued.get(REASON_PREFIX + claim_id, ""),
                **(json.loads(record) if record else {"value": None, "rule": None}),
            }
    values = {
        k: v
        for k, v in glued.items()
        if not k.startswith((VERDICT_PREFIX, MEASURED_PREFIX, REASON_PREFIX, RECORD_PREFIX))
    }
    return {"values": values, "verdicts": verdicts}
