"""The package and the tests pass the linter and are formatted as the formatter writes them (ruff, pinned in
requirements.in; the rules kept are in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff(command):
    assert RUFF.exists(), f"{RUFF} is missing: `make setup` installs the pinned ruff from requirements.txt"
    done = subprocess.run([str(RUFF), *command, "--no-cache", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
