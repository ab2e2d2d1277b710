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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import articles

VERDICTS = ("holds", "partly holds", "does not hold", "untestable")
VERDICT_PREFIX = "verdict__"
MEASURED_PREFIX = "measured__"
REASON_PREFIX = "reason__"
ADMONITION_CLASS = {"holds": "tip", "partly holds": "warning", "does not hold": "error", "untestable": "note"}


def _plain(value):
    """NumPy scalars are glued as 'np.float64(...)' text; glue plain Python values."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def glue_number(name: str, value: float) -> None:
    """Make a computed number citable in the prose as {glue:text}`name:format`."""
    from myst_nb import glue

    value = _plain(value)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"glue_number({name!r}) needs a number, got {type(value).__name__}")
    if value != value:
        raise ValueError(f"glue_number({name!r}) got NaN: the computation produced no value")
    glue(name, value, display=False)


def glue_text(name: str, text: str) -> None:
    from myst_nb import glue

    glue(name, str(text), display=False)


def _escape_markdown(text: str) -> str:
    """Text from data shown as Markdown: neutralise markup characters and HTML."""
    out = str(text).replace("\\", "\\\\")
    for char in "`*_{}[]<>#|$":
        out = out.replace(char, "\\" + char)
    return out


@dataclass
class Verdict:
    claim_id: str
    verdict: str
    measured: str
    reason: str

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict for {self.claim_id} must be one of {VERDICTS}, got {self.verdict!r}")

    def record(self, claims: pd.DataFrame) -> "Verdict":
        """Glue this verdict and display the claim with its quote and the finding."""
        from IPython.display import Markdown, display

        match = claims[claims["claim_id"] == self.claim_id]
        if match.empty:
            raise KeyError(f"claim {self.claim_id!r} is not in claims.csv")
        claim = match.iloc[0]
        glue_text(VERDICT_PREFIX + self.claim_id, self.verdict)
        glue_text(MEASURED_PREFIX + self.claim_id, self.measured)
        glue_text(REASON_PREFIX + self.claim_id, self.reason)
        display(Markdown(
            f"({anchor(self.claim_id)})=\n"
            f":::{{admonition}} Verdict: {self.verdict}\n:class: {ADMONITION_CLASS[self.verdict]}\n\n"
            f"**Claim** ({_escape_markdown(articles.label(claim['article'], articles.data_dir_of(claims)))}): "
            f"{_escape_markdown(claim['claim_en'])}\n\n"
            f"> {_escape_markdown(claim['quote_zh'])}\n\n"
            f"**Measured:** {_escape_markdown(self.measured)}\n\n"
            f"**Why:** {_escape_markdown(self.reason)}\n:::"))
        return self


def anchor(claim_id: str) -> str:
    """The page anchor of a claim's verdict, so the ledger can link to it."""
    return f"verdict-{claim_id}"


def verdict_within_factor(measured: float, claimed: float, holds: float, partly: float) -> str:
    """'holds' if the measured value is within a factor `holds` of the claim either way, 'partly holds'
    within a factor `partly`, else 'does not hold'."""
    if measured <= 0 or claimed <= 0:
        raise ValueError("a factor comparison needs positive values")
    ratio = max(measured / claimed, claimed / measured)
    if ratio <= holds:
        return "holds"
    if ratio <= partly:
        return "partly holds"
    return "does not hold"


def verdict_from_range(measured: float, low: float, high: float, tolerance: float = 0.0) -> str:
    """'holds' inside [low, high]; 'partly holds' within `tolerance` (relative) outside it."""
    if low <= measured <= high:
        return "holds"
    if low * (1 - tolerance) <= measured <= high * (1 + tolerance):
        return "partly holds"
    return "does not hold"


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
            claim_id = name[len(VERDICT_PREFIX):]
            verdicts[claim_id] = {"verdict": value,
                                  "measured": glued.get(MEASURED_PREFIX + claim_id, ""),
                                  "reason": glued.get(REASON_PREFIX + claim_id, "")}
    values = {k: v for k, v in glued.items()
              if not k.startswith((VERDICT_PREFIX, MEASURED_PREFIX, REASON_PREFIX))}
    return {"values": values, "verdicts": verdicts}
