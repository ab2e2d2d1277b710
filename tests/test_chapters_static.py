"""What the chapter notebooks may and may not contain, checked without running them."""

import ast
import json
import re
import shlex
from pathlib import Path

import pytest

from llmecon.site import chapter

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
# Chapters 1 and 3 are converted to the rules API on their own branch; the list grows to every chapter.
ON_RULES_API = [p for p in CHAPTERS if not p.name.startswith(("01_", "03_"))]
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


@pytest.mark.parametrize("path", ON_RULES_API, ids=lambda p: p.stem)
def test_rerun_commands_use_declared_parameters_of_the_right_type(path):
    """Each papermill command in the chapter's prose names only parameters the chapter declares, with values
    its parameters accept (as papermill would parse them)."""
    declared = chapter.declared_parameters(path)
    defaults = {p.name: p.default for p in declared}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    commands = re.findall(r"\.venv/bin/papermill (.*?)\n```", text.replace("\\\n", " "), flags=re.S)
    assert commands, f"{path.name} has no rerun command"
    for command in commands:
        words = shlex.split(command)
        assert words[0] == f"chapters/{path.name}", "the command runs from the project folder"
        namespace, injected = dict(defaults), []
        options = words[2:]
        for i, word in enumerate(options):
            if word == "-p":
                name, raw = options[i + 1], options[i + 2]
                namespace[name] = _papermill_value(raw)
                injected.append(name)
        chapter.check_parameters(declared, namespace, injected)


def _papermill_value(raw: str):
    """papermill's -p parsing: int, then float, then True/False/None, else text."""
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return {"True": True, "False": False, "None": None}.get(raw, raw)
