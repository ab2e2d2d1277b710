"""What the chapter notebooks may and may not contain, checked without running them."""

import ast
import json
import re
import shlex
from pathlib import Path

import pytest

from llmecon.site import rerun

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
ON_RULES_API = CHAPTERS
VERDICT_WORDS = ("holds", "partly holds", "does not hold", "untestable")


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("path", ON_RULES_API, ids=lambda p: p.stem)
def test_no_chapter_decides_a_verdict_itself(path):
    tree = ast.parse(_code(path))
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in VERDICT_WORDS]
    assert not literals, f"{path.name} writes verdict literals {literals}; verdicts come from llmecon.core.rules"
    assert "Verdict(" not in _code(path)


@pytest.mark.parametrize("path", ON_RULES_API, ids=lambda p: p.stem)
def test_chapter_opens_with_the_preamble_and_prints_its_own_parameter_table(path):
    code = _code(path)
    assert f'open_chapter("{path.stem}", globals())' in code
    assert "ch.parameter_table(" in code


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_rerun_commands_are_accepted_by_the_rerun_command(path):
    """Each `make rerun` command in the chapter's prose names this chapter, and the rerun command's own check
    (the one it runs before a kernel starts) accepts its parameters."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    commands = re.findall(r"^make rerun (.*)$", text, flags=re.M)
    assert commands, f"{path.name} has no rerun command"
    for command in commands:
        words = dict(word.split("=", 1) for word in shlex.split(command))
        assert rerun.find_chapter(words["CHAPTER"], ROOT) == path
        options = shlex.split(words.get("ARGS", ""))
        pairs = [options[i + 1 : i + 3] for i, word in enumerate(options) if word == "-p"]
        yamls = [options[i + 1] for i, word in enumerate(options) if word == "-y"]
        rerun.check(path, rerun.collect_parameters(pairs, yamls), ROOT)


# A chapter reads as an argument: its logic lives in its analysis module. The parameters cell is the rerun
# interface, one declared knob per line, and is not logic: it is counted in the total but not held to the limit.
MAX_CELL_LINES = 15
MAX_CHAPTER_CODE_LINES = 1000


def _code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_code_cell_runs_over_fifteen_lines(path):
    long = [
        (i, len("".join(c["source"]).splitlines()))
        for i, c in enumerate(_code_cells(path))
        if "parameters" not in c.get("metadata", {}).get("tags", [])
        and len("".join(c["source"]).splitlines()) > MAX_CELL_LINES
    ]
    assert not long, f"{path.name}: code cells (index, lines) over {MAX_CELL_LINES} lines: {long}"


def test_the_chapters_hold_at_most_a_thousand_lines_of_code():
    total = sum(len("".join(c["source"]).splitlines()) for path in CHAPTERS for c in _code_cells(path))
    assert total <= MAX_CHAPTER_CODE_LINES, f"{total} lines of code in the chapter notebooks"


def test_the_ledger_holds_every_checkable_claim_once():
    import pandas as pd

    claims = pd.read_csv(ROOT / "data" / "claims.csv")
    assert len(claims) >= 188
    assert claims["claim_id"].is_unique
    # one sentence, one claim: no two rows share the same quote and the same claimed figure
    twins = claims[claims.duplicated(["quote_zh", "value_low", "value_high", "unit"], keep=False)]
    assert twins.empty, twins["claim_id"].tolist()
