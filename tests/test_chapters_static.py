"""What the chapter notebooks may and may not contain, checked without running them."""

import ast
import json
import re
import shlex
from pathlib import Path

import pytest

from llmecon.site import chapter, rerun

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
        pairs = [options[i + 1:i + 3] for i, word in enumerate(options) if word == "-p"]
        yamls = [options[i + 1] for i, word in enumerate(options) if word == "-y"]
        rerun.check(path, rerun.collect_parameters(pairs, yamls), ROOT)
