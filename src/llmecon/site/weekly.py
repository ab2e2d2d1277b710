"""The scheduled rebuild's steps, so the CI workflow holds one line per step and the logic can be tested.

    python -m llmecon.site.weekly import [--data DIR] [--log FILE] [--today YYYY-MM-DD] [URL ...]
    python -m llmecon.site.weekly commit [--data DIR] [--log FILE]
    python -m llmecon.site.weekly review [--logs DIR] [--run-url URL] [--file-issue]
    python -m llmecon.site.weekly keepalive [--days N]
    python -m llmecon.site.weekly report --logs DIR --result JOB=RESULT ... [--run-url URL] [--file-issue]

`import` downloads the upstream sources (or the URLs given) of every table
that has one, and imports them as an observation of today: a price not in
force in the data is dated `observed` today, an unchanged re-read adds
nothing; changed rows are applied (each revision kept in data/revisions.csv),
bad rows skipped and listed, and prices a reviewer must see held back and
listed in the log's review file (review.md beside it); a file that cannot be
read fails the step and leaves the data folder as it was. `commit` commits and
pushes the data folder with the import's summary as the message. `review`
opens or updates the one issue listing what awaits review. `keepalive` pushes an empty commit when
the repository has been quiet long enough for GitHub to disable the schedule.
`report` words a failed, cancelled or timed-out run for an issue, naming what
failed, and with --file-issue opens the issue or comments on the open one.

Only the `import` step needs the project's packages; the others use the
standard library, so the workflow's small jobs run them with the system Python.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import re
import subprocess
import sys
import traceback
from pathlib import Path

GENAI_PRICES = "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/providers/{provider}.yml"
GENAI_PRICES_PROVIDERS = ("anthropic", "openai", "google", "groq", "deepseek", "mistral", "x_ai", "cohere")
LLMRATES_CSV = "https://raw.githubusercontent.com/llmrates/llm-pricing-dataset/main/data/models.csv"
EPOCH_NOTABLE_CSV = "https://epoch.ai/data/notable_ai_models.csv"
EPOCH_ECI_CSV = (
    "https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main/data/website/"
    "epoch_capabilities_index.csv"
)
EPOCH_RUNS_CSV = "https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main/data/benchmarks_runs.csv"
FRED_DEXCHUS_CSV = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXCHUS"
ARENA_CSV = "https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main/csv/lmarena_text.csv"
GIX_CSV = "https://raw.githubusercontent.com/henryzhangpku/gpu-price-index/main/series/backfill_ratecards.csv"
# Every table a chapter reads that has a public upstream, by the table it refreshes (README: "Updating the data").
UPSTREAM_BY_TABLE = {
    "prices": (*(GENAI_PRICES.format(provider=p) for p in GENAI_PRICES_PROVIDERS), LLMRATES_CSV),
    "training_compute, training_runs": (EPOCH_NOTABLE_CSV,),
    "eci_models": (EPOCH_ECI_CSV,),
    "benchmarks": (EPOCH_RUNS_CSV,),
    "fx": (FRED_DEXCHUS_CSV,),
    "arena_snapshots": (ARENA_CSV,),
    "gpu_rental": (GIX_CSV,),
}
UPSTREAM = tuple(url for urls in UPSTREAM_BY_TABLE.values() for url in urls)
# Tables a chapter reads that no public upstream keeps up to date: curated by hand from the sources they cite
# (README, "Updating the data", lists them with the same reasons).
NO_PUBLIC_UPSTREAM = {
    "price_events": "dated price announcements, curated from providers' posts and contemporary reports",
    "estimates": "figures from reports and articles, each read and cited by hand",
    "epoch_price_inputs": "Epoch AI's inputs to one published analysis (2025-03), a fixed record",
    "epoch_inference_rates": "Epoch AI's fitted rates from one published analysis (2025-03), a fixed record",
    "eval_tokens": "Epoch AI's token counts from one published analysis (2025-03), a fixed record",
    "training_costs": "Epoch AI's cost estimates (a separate, irregular release), curated by hand",
    "gpu_purchase": "purchase prices from reports and filings; no public index",
    "finetunes": "fine-tuning runs from papers, curated by hand",
    "events": "dated events (releases, user counts), curated from announcements",
    "articles": "the five articles the book re-checks",
    "claims": "the claims of the five articles",
    "sources": "written by every import and by hand",
    "revisions": "written by the imports: each value an applied change replaced",
    "catalogue_flags": "facts about price catalogues' git histories (first versions, bulk syncs), read by hand",
    "models": "a model enters by hand with its release date from the record (Epoch AI, the provider), never from "
    "its first price; the weekly Epoch AI import revises parameter counts",
}


def _publisher(url: str) -> str:
    """github.com/owner/repo for a raw GitHub file, else the host."""
    parts = url.split("/")
    return "/".join(parts[3:5]) if parts[2] == "raw.githubusercontent.com" else parts[2]


def refreshed_by() -> dict[str, str]:
    """Per table, what keeps it current: the weekly import of its upstream, or why it is curated by hand."""
    found = {}
    for tables, urls in UPSTREAM_BY_TABLE.items():
        for table in tables.split(", "):
            found[table] = "weekly import: " + ", ".join(sorted({_publisher(url) for url in urls}))
    return {**found, **{table: f"by hand: {why}" for table, why in NO_PUBLIC_UPSTREAM.items()}}


REVIEW_FILE = "review.md"  # beside the import log
REVIEW_ISSUE_TITLE = "Weekly import: changes awaiting review"

# GitHub disables a schedule after 60 days without repository activity; act with ten days to spare.
KEEPALIVE_AFTER_DAYS = 50
ISSUE_TITLE = "Scheduled rebuild failed"
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
LOG_TAIL_LINES = 80
# Lines of a log that say what went wrong, quoted at the top of the failure report.
FAILURE_LINE = re.compile(r"rejected|stopped|failed|error|not valid|cannot|does not|Traceback|FAILED", re.I)
SUMMARY_LINE = re.compile(
    r"^(rows added|held for review|unmatched names that look like|"
    r"  (added|changed|revised|rejected|held) )"
)


def run_import(data_dir: Path, log: Path, sources: list[str], today: dt.date | None = None) -> int:
    """Import `sources` (default: every table's upstream) as an observation of `today`, applying revisions,
    skipping bad rows and holding what needs review (listed in review.md beside the log)."""
    from llmecon import importers

    today = today or dt.date.today()
    review = log.parent / REVIEW_FILE
    review.unlink(missing_ok=True)  # a refused import must not leave last week's list behind
    arguments = [
        *(sources or UPSTREAM),
        "--data",
        str(data_dir),
        "--update-changed",
        "--skip-bad-rows",
        "--observed",
        today.isoformat(),
        "--review",
        str(review),
    ]
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            try:
                return importers.main(arguments)
            except Exception:  # a bug, not a refused import: its traceback is what the report must quote
                traceback.print_exc()
                return 3
    finally:  # the log is the failure report's evidence, so it is written whatever happened
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(output.getvalue(), encoding="utf-8")
        print(output.getvalue(), end="")


def commit_message(import_log: str) -> str:
    """The data commit's message: what the import added, revised and rejected, from its summary."""
    lines = [line for line in import_log.splitlines() if SUMMARY_LINE.match(line)]
    # The counts first (rows, held for review, new versions), then the rows themselves.
    lines.sort(key=lambda line: line.startswith("  "))
    shown = lines[:200] + ([f"... and {len(lines) - 200} more lines in the import log"] if len(lines) > 200 else [])
    return "Weekly data update from upstream catalogues\n\n" + "\n".join(shown) + "\n"


def review_body(logs: Path, run_url: str, today: dt.date) -> str:
    """The review issue's text: what the import of `today` held back and the names to alias; empty when none."""
    review = logs / REVIEW_FILE
    listed = review.read_text(encoding="utf-8") if review.exists() else ""
    if not listed.strip():
        return ""
    return (
        f"The weekly import of {today.isoformat()} held these back instead of publishing them ({run_url}). "
        'Each needs a decision in `data/` (see README, "Updating the data"); the next run lists what is '
        "still waiting.\n\n" + listed
    )


def file_review_issue(body: str) -> None:
    """Update the one open review issue with the new list, or open it (needs `gh`, GH_TOKEN, GH_REPO)."""
    _file(REVIEW_ISSUE_TITLE, body)


def _git(*arguments: str, cwd: Path) -> str:
    return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _identify(repo: Path) -> None:
    _git("config", "user.name", BOT_NAME, cwd=repo)
    _git("config", "user.email", BOT_EMAIL, cwd=repo)


def commit_data(repo: Path, data_dir: str, log: Path) -> bool:
    """Commit and push the data folder when the import changed it; True when a commit was pushed."""
    _git("add", data_dir, cwd=repo)
    if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=repo).returncode == 0:
        print("the import changed no data: nothing to commit")
        return False
    _identify(repo)
    message = commit_message(log.read_text(encoding="utf-8") if log.exists() else "")
    subprocess.run(["git", "commit", "--quiet", "-F", "-"], cwd=repo, check=True, text=True, input=message)
    _git("push", "--quiet", cwd=repo)
    print(_git("log", "-1", "--format=%h %s", cwd=repo), end="")
    return True


def keepalive_due(last_commit: dt.datetime, now: dt.datetime, days: int = KEEPALIVE_AFTER_DAYS) -> bool:
    return now - last_commit > dt.timedelta(days=days)


def keepalive(repo: Path, days: int = KEEPALIVE_AFTER_DAYS) -> bool:
    """Push an empty commit when the last one is older than `days`; True when one was pushed."""
    last = dt.datetime.fromtimestamp(int(_git("log", "-1", "--format=%ct", cwd=repo)), dt.UTC)
    if not keepalive_due(last, dt.datetime.now(dt.UTC), days):
        print(f"last commit {last:%Y-%m-%d}: within {days} days, no keepalive needed")
        return False
    _identify(repo)
    _git("commit", "--quiet", "--allow-empty", "-m", "Keepalive: the weekly rebuild stays scheduled", cwd=repo)
    _git("push", "--quiet", cwd=repo)
    print(f"last commit {last:%Y-%m-%d}: pushed an empty keepalive commit")
    return True


def failure_report(logs: Path, results: dict[str, str], run_url: str, today: dt.date) -> str:
    """Markdown for the failure issue: which job ended how, the lines that say what failed, each log's end."""
    ended = ", ".join(f"{job}: {result}" for job, result in results.items())
    cancelled = any(r == "cancelled" for r in results.values())
    lines = [
        f"The weekly rebuild of {today.isoformat()} did not finish ({ended}): {run_url}",
        "",
        "The site was not redeployed and no data were committed.",
    ]
    if cancelled:
        lines += [
            "",
            "A cancelled job was stopped before it finished: by its time limit, by a newer run in "
            "the same concurrency group, or by hand.",
        ]
    found = sorted(logs.glob("*.log")) if logs.is_dir() else []
    failing = [
        (log.name, line.strip())
        for log in found
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
        if FAILURE_LINE.search(line)
    ]
    lines += ["", "## What failed", ""]
    lines += [f"- `{name}`: {line}" for name, line in failing[:30]] or [
        "- no log says; the run stopped before writing one (see the run's page)."
    ]
    review = logs / REVIEW_FILE if logs.is_dir() else None
    if review and review.exists() and review.read_text(encoding="utf-8").strip():
        lines += [
            "",
            "## Awaiting review (held back by the import, not published)",
            "",
            review.read_text(encoding="utf-8").replace("## ", "### "),
        ]
    for log in found:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL_LINES:]
        lines += [
            "",
            f"<details><summary>{log.name} (last {len(tail)} lines)</summary>",
            "",
            "```",
            *tail,
            "```",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def file_issue(body: str) -> None:
    """Comment on the open failure issue, or open one (needs the `gh` CLI and GH_TOKEN, GH_REPO)."""
    _file(ISSUE_TITLE, body)


def _file(title: str, body: str) -> None:
    number = subprocess.run(
        [
            "gh",
            "issue",
            "list",
            "--state",
            "open",
            "--search",
            f'"{title}" in:title',
            "--json",
            "number",
            "--jq",
            ".[0].number // empty",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    command = ["gh", "issue", "comment", number] if number else ["gh", "issue", "create", "--title", title]
    subprocess.run([*command, "--body-file", "-"], check=True, input=body, text=True)


def _job_result(text: str) -> tuple[str, str]:
    job, _, result = text.partition("=")
    if not result:
        raise argparse.ArgumentTypeError(f"expected JOB=RESULT, got {text!r}")
    return job, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("import", help="import the upstream catalogues into the data folder")
    step.add_argument("sources", nargs="*", metavar="URL", help="files or URLs (default: the upstream catalogues)")
    step.add_argument("--data", type=Path, default=Path("data"))
    step.add_argument("--log", type=Path, default=Path("logs/import.log"))
    step.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="the date the snapshot is observed (default: today)"
    )
    step = steps.add_parser("commit", help="commit and push the imported data")
    step.add_argument("--data", default="data")
    step.add_argument("--log", type=Path, default=Path("logs/import.log"))
    step = steps.add_parser("review", help="open or update the issue listing what awaits review")
    step.add_argument("--logs", type=Path, default=Path("logs"))
    step.add_argument("--run-url", default="(run URL not given)")
    step.add_argument("--file-issue", action="store_true", help="open or update the GitHub issue with `gh`")
    step = steps.add_parser("keepalive", help="push an empty commit when the repository has been quiet")
    step.add_argument("--days", type=int, default=KEEPALIVE_AFTER_DAYS)
    step = steps.add_parser("report", help="word a failed or cancelled run for an issue")
    step.add_argument("--logs", type=Path, default=Path("logs"))
    step.add_argument("--result", type=_job_result, action="append", default=[], metavar="JOB=RESULT")
    step.add_argument("--run-url", default="(run URL not given)")
    step.add_argument("--file-issue", action="store_true", help="open or update the GitHub issue with `gh`")
    args = parser.parse_args(argv)
    if args.step == "import":
        return run_import(args.data, args.log, args.sources, args.today)
    if args.step == "commit":
        commit_data(Path.cwd(), args.data, args.log)
    elif args.step == "review":
        body = review_body(args.logs, args.run_url, dt.date.today())
        print(body or "nothing awaits review", end="\n" if not body else "")
        if body and args.file_issue:
            file_review_issue(body)
    elif args.step == "keepalive":
        keepalive(Path.cwd(), args.days)
    else:
        body = failure_report(args.logs, dict(args.result), args.run_url, dt.date.today())
        print(body, end="")
        if args.file_issue:
            file_issue(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
