"""What the README promises about rerunning a chapter: its commands are accepted, a mistake prints the one line
it shows, and a rerun writes the executed notebook and a page with the numbers filled into the prose."""

import re
import shlex
from pathlib import Path

import pytest

from llmecon.site import rerun

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _options(command: str):
    words = dict(word.split("=", 1) for word in shlex.split(command))
    options = shlex.split(words.get("ARGS", ""))
    pairs = [options[i + 1 : i + 3] for i, word in enumerate(options) if word == "-p"]
    yamls = [options[i + 1] for i, word in enumerate(options) if word == "-y"]
    return words["CHAPTER"], pairs, yamls


def test_the_readmes_rerun_commands_are_accepted():
    commands = re.findall(r"^make rerun (CHAPTER=.*)$", README, flags=re.M)
    assert len(commands) >= 3
    for command in commands:
        chapter, pairs, yamls = _options(command)
        rerun.check(rerun.find_chapter(chapter, ROOT), rerun.collect_parameters(pairs, yamls), ROOT)


def test_a_mistake_prints_the_line_the_readme_shows(capsys):
    shown = re.search(r"^rerun: parameter 'confidence' got 95; .*$", README, flags=re.M).group(0)
    assert rerun.main(["01", "-p", "confidence", "95"]) == 2
    assert capsys.readouterr().err.strip() == shown
    assert rerun.main(["01", "-p", "confidance", "0.9"]) == 2
    assert (
        capsys.readouterr().err.strip().startswith("rerun: unknown parameter 'confidance': did you mean 'confidence'?")
    )
    assert rerun.main(["12"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "rerun: no chapter '12': give its number (01, 02, 03, 04, 05, 06, 07, 08, 09, 10) or its file name"
    )


@pytest.mark.book  # starts a kernel
def test_a_rerun_writes_the_notebook_and_a_page_with_the_numbers_in_the_prose(tmp_path, capsys):
    assert rerun.main(["08", "-p", "step_accuracy", "0.8", "-p", "task_steps", "5", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "08_agent_reliability.html").read_text(encoding="utf-8")
    assert (tmp_path / "08_agent_reliability.ipynb").exists()
    assert "{glue" not in page and "not computed" not in page
    # 0.8 ** 5 = 32.8%: the glued success rate appears in the text (the default 0.9 ** 10 = 34.9% does not).
    assert "32.8" in page and "34.9" not in page
