"""The weekly rebuild rehearsed on real upstream data, served on 127.0.0.1, with today's date.

Last week's site is the book as the tests build it from data/. Week 1 serves the real snapshots as staged
(tests/fixtures/weekly/real: genai-prices at 47df840, LLMRates at e2efa29, FRED's DEXCHUS to 2025-05, Epoch
AI's ECI, LMArena, the GPU price index): the import passes, holds the upstream's slips for review, and the
build stops naming the table that is too old (fx) and the command that refreshes it; as in CI, nothing is
committed. Week 2 serves a later snapshot made by editing copies of those files: the build passes, chapter 1's
series move with the cheaper price, each anomaly lands in the review list and not in the data, and the "What
changed" page says what a reader should know. A re-read adds nothing; a broken file changes nothing and the
failure report names it.
"""

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from llmecon import importers
from llmecon.site import builder, weekly
from llmecon.site.pdf import serve

pytestmark = pytest.mark.book
CHAPTER = "chapters/01_inference_cost_laws"
REAL = FIXTURES / "weekly" / "real"
NOTABLE = FIXTURES / "weekly" / "upstream" / "notable_ai_models.csv"  # Epoch AI's export is 2.1 MB: an excerpt
GENAI = ("anthropic", "openai", "deepseek", "mistral", "x_ai")
SERVED = (
    *(f"{p}.yml" for p in GENAI),
    "models.csv",
    "notable_ai_models.csv",
    "epoch_capabilities_index.csv",
    "benchmarks_runs.csv",
    "DEXCHUS.csv",
    "lmarena_text.csv",
    "backfill_ratecards.csv",
)
TODAY = dt.date.today()


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _weekly(*arguments: str) -> subprocess.CompletedProcess:
    """The script as the workflow runs it."""
    return subprocess.run(
        [sys.executable, "-m", "llmecon.site.weekly", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _text(html: str) -> str:
    # <wbr> only offers a line break inside a word; every other tag separates words.
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("<wbr>", "").replace("<wbr/>", ""))).strip()


def _section(page: str, anchor: str) -> str:
    """The visible text of a section of the page, up to its first subsection."""
    found = re.search(rf'<section id="{anchor}">(.*?)(?:<section|</section>)', page, re.S)
    assert found, f"no section #{anchor} in:\n{_text(page)}"
    return _text(found.group(1))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _last_fx(data_dir: Path) -> tuple[dt.date, str]:
    rows = list(csv.DictReader(open(data_dir / "fx.csv", encoding="utf-8")))
    last = max(rows, key=lambda r: r["date"])
    return dt.date.fromisoformat(last["date"]), last["cny_per_usd"]


def _later_snapshot(served: Path, data_dir: Path) -> None:
    """Next week's upstream: copies of the real files with one edit for each case the import must handle."""
    # A price cut at the developer: Grok 3 at xAI, 3 / 15 -> 1.5 / 7.5 (below the GPQA Diamond 75 record low).
    _edit(
        served / "x_ai.yml",
        "      input_mtok: 3\n      cache_read_mtok: 0.75\n      output_mtok: 15\n\n  - id: grok-3-fast",
        "      input_mtok: 1.5\n      cache_read_mtok: 0.375\n      output_mtok: 7.5\n\n  - id: grok-3-fast",
    )
    # A typo-sized jump: GPT-4o mini's output 0.6 -> 6.
    text = (served / "openai.yml").read_text(encoding="utf-8")
    start = text.index("  - id: gpt-4o-mini\n")
    block = text[start : text.index("\n  - id:", start + 1)]
    assert "output_mtok: 0.6\n" in block
    (served / "openai.yml").write_text(text.replace(block, block.replace("output_mtok: 0.6\n", "output_mtok: 6\n")))
    # A promotion: DeepSeek V3.2 at half price for a limited time.
    _edit(
        served / "deepseek.yml",
        "    prices_checked: 2026-06-09\n    prices:\n      input_mtok: 0.2288\n      output_mtok: 0.3432\n",
        "    price_comments: Limited-time 50% discount until 2027-01-31.\n    prices_checked: 2026-06-09\n    prices:\n"
        "      input_mtok: 0.1144\n      output_mtok: 0.1716\n",
    )
    # A new model: in the price catalogue (no alias yet) and in Epoch AI's ECI with its release date.
    _edit(
        served / "anthropic.yml",
        "  - id: claude-opus-4-0\n",
        "  - id: claude-opus-4-9\n    name: Claude Opus 4.9\n    match:\n      starts_with: claude-opus-4-9\n"
        f"    prices_checked: {TODAY}\n    prices:\n      input_mtok: 5\n      output_mtok: 25\n\n  - id: claude-opus-4-0\n",
    )
    released = TODAY - dt.timedelta(days=6)
    with open(served / "epoch_capabilities_index.csv", "a", encoding="utf-8") as handle:
        handle.write(
            f"claude-opus-4-9_32K,160.5,{released},Anthropic,United States of America,API access,,Unknown,"
            "Claude Opus 4.9,,Claude Opus 4.9\n"
        )
    # A new long-context tier in LLMRates, for a model whose standard tier the book already holds.
    lines = (served / "models.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(
        r
        for r in csv.DictReader(lines)
        if r["model_slug"] == "gpt-5.4-mini" and r["processing_tier"] == "standard" and not r["tier_label"]
    )
    cells.update(tier_label="long_context", input_price_per_million="1.5", output_price_per_million="9")
    lines.append(",".join(cells[c] for c in header))
    (served / "models.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # FRED's rows after the staged download: business days from the day after fx.csv's last rate to three days
    # ago, each at that last rate (a stand-in for the Federal Reserve's next rates, in this test only).
    last, rate = _last_fx(data_dir)
    days = [last + dt.timedelta(days=n) for n in range(1, (TODAY - last).days - 2)]
    with open(served / "DEXCHUS.csv", "a", encoding="utf-8") as handle:
        handle.writelines(f"{d},{rate}\n" for d in days if d.weekday() < 5)


def _import(data_dir: Path, logs: Path, urls: list[str], in_process: bool = False) -> str:
    """The workflow's import step, in a process of its own as the workflow runs it, or in this one (quicker)."""
    arguments = (
        "import",
        "--data",
        str(data_dir),
        "--log",
        str(logs / "import.log"),
        "--today",
        TODAY.isoformat(),
        *urls,
    )
    if in_process:
        assert weekly.main(list(arguments)) == 0, (logs / "import.log").read_text(encoding="utf-8")[-3000:]
    else:
        done = _weekly(*arguments)
        assert done.returncode == 0, done.stdout + done.stderr
    return (logs / "import.log").read_text(encoding="utf-8")


def _held(summary: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r"^  held     prices: ([^|]+ \| [^|]+ \| [^|]+) \| [^:]*: (.+?)  <- ", summary, re.M)
    }


def _gpqa_records(data_dir: Path):
    """Record lows at GPQA Diamond 75 as chapter 1 computes them (per token, 3:1, no reasoning models)."""
    from llmecon.analysis import inference_cost_laws
    from llmecon.core.data import open_dataset

    dataset = open_dataset(data_dir)
    measured = inference_cost_laws.measure_rates(
        dataset,
        dataset.snapshot_date(),
        "2021-11-01",
        0.75,
        {"gpqa_diamond": [75.0]},
        ["epoch", "artificial_analysis", "developer", "epoch_compiled"],
        False,
        0.9,
        12,
        bootstrap_draws=10,
    )
    steps = measured.steps
    return steps[steps["is_record"]].sort_values("date")


def test_weekly_rehearsal_on_real_upstream_data(real_site, tmp_path):
    data_source = Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")
    last_week = real_site.parent  # the site as published, built from data/
    before = json.loads((last_week / "executed" / "results.json").read_text())["chapters"][CHAPTER]["values"]
    served = tmp_path / "upstream"
    served.mkdir()
    for name in SERVED:
        shutil.copy(NOTABLE if name == "notable_ai_models.csv" else REAL / name, served / name)

    with serve(served) as base:
        urls = [f"{base}/{name}" for name in SERVED]

        # Week 1: the real snapshots as staged.
        week1, logs1 = tmp_path / "week1" / "data", tmp_path / "week1" / "logs"
        shutil.copytree(data_source, week1)
        summary = _import(week1, logs1, urls, in_process=True)
        print(summary[:3000])  # the rehearsal's import summary, for the record (pytest -s)
        held = _held(summary)
        # Every table with a public upstream is read; Epoch AI's runs and ECI, read again, change nothing.
        assert re.search(
            r"^read benchmarks_runs\.csv \(epoch-benchmarks, read [-\d]+\): 8\d candidate rows", summary, re.M
        )
        assert not re.search(r"^  (added|changed)  (benchmarks|eci_models):", summary, re.M)
        assert held["claude-instant-1.2 | Anthropic | USD"].startswith(
            "a price rise on a model the catalogue marks retired"
        )
        assert held["ministral-8b | Mistral AI | USD"].startswith("moves 10.0x in one step")
        assert held["deepseek-v4-pro | DeepSeek | USD"].startswith("moves 4.0x in one step")
        assert "looks like a price tier" in held["gpt-5.4 | OpenAI (long_context) | USD"]
        assert "floating alias" in held["command-r | Cohere | USD"]
        assert re.search(
            r"^unmatched names that look like new versions of known models \(\d+; .*claude-opus-4-8", summary, re.M
        )
        assert f"deepseek-v4-pro,DeepSeek,USD,{TODAY}" not in (week1 / "prices.csv").read_text()
        # Every price the import added is dated as an observation of today, or as the catalogue announced it.
        added = [
            r for r in csv.DictReader(open(week1 / "prices.csv", encoding="utf-8")) if r["effective_date"] == str(TODAY)
        ]
        assert added and {r["date_basis"] for r in added} == {"observed"}
        out1 = tmp_path / "week1" / "_build"  # the build stops before it would read last week's site
        with pytest.raises(
            builder.BuildError,
            match=r"the table fx \(fx\.csv\) is too old; refresh it with `make update "
            r"SRC=https://fred\.stlouisfed\.org/graph/fredgraph\.csv\?id=DEXCHUS`",
        ):
            builder.Builder(ROOT, week1, out1, only=[CHAPTER], log=lambda *_: None).run()

        # Week 2: a later snapshot; the data start again from data/, since a failed run commits nothing.
        week2, logs2 = tmp_path / "week2" / "data", tmp_path / "week2" / "logs"
        shutil.copytree(data_source, week2)
        _later_snapshot(served, week2)
        summary = _import(week2, logs2, urls)
        held = _held(summary)
        assert held["gpt-4o-mini | OpenAI | USD"].startswith("moves 10.0x in one step")
        assert held["deepseek-v3.2 | DeepSeek | USD"] == "the catalogue words it as a promotional or time-limited price"
        assert "looks like a price tier" in held["gpt-5.4-mini | OpenAI (long_context) | USD"]
        assert held["claude-instant-1.2 | Anthropic | USD"].startswith(
            "a price rise on a model the catalogue marks retired"
        )
        assert "claude-opus-4-9" in re.search(r"^unmatched names that look like new versions.*$", summary, re.M).group(
            0
        )
        prices = (week2 / "prices.csv").read_text()
        assert f"grok-3,xAI,USD,{TODAY},observed,1.5,7.5," in prices
        assert not re.search(rf"^(gpt-4o-mini|deepseek-v3.2|claude-instant-1.2),[^,]+,USD,{TODAY}", prices, re.M)
        assert "OpenAI (long_context)" not in prices
        assert (
            f"claude-opus-4-9_32K,Claude Opus 4.9,Anthropic,{TODAY - dt.timedelta(days=6)}"
            in (week2 / "eci_models.csv").read_text()
        )
        review = weekly.review_body(logs2, "https://run/2", TODAY)
        assert "## Prices held for review" in review and "gpt-4o-mini | OpenAI" in review
        print(review)  # the review list, for the record

        out2 = tmp_path / "week2" / "_build"
        shutil.copytree(last_week, out2, symlinks=True)
        builder.Builder(ROOT, week2, out2, only=[CHAPTER], log=lambda *_: None).run()

        # A re-read of the same upstream a week later adds nothing.
        data_before = _tree(week2)
        _, again = importers.run_import(
            urls, week2, observed=TODAY + dt.timedelta(days=7), update_changed=True, skip_bad_rows=True, dry_run=True
        )
        assert (again.added, again.changed) == ([], [])

        # Then upstream serves a broken file: the import fails naming it, and nothing moves.
        _edit(
            served / "anthropic.yml",
            "      input_mtok: 5\n      output_mtok: 25\n",
            "      input_mtok: [5\n      output_mtok: 25\n",
        )
        failed = weekly.main(["import", "--data", str(week2), "--log", str(logs2 / "import.log"), *urls])
    assert failed == 1 and _tree(week2) == data_before

    # Chapter 1's series move with the cheaper qualifying price: Grok 3's cut, observed today, is the newest
    # record low at GPQA Diamond 75 (blended 3:1, USD 3 a million tokens), and the chapter's trends reach today.
    after = json.loads((out2 / "executed" / "results.json").read_text())["chapters"][CHAPTER]["values"]
    print({k: (before.get(k), v) for k, v in after.items() if v != before.get(k)})  # for the record
    records = _gpqa_records(week2)
    newest = records.iloc[-1]
    assert (newest["model_id"], newest["provider"], newest["date"].date(), newest["price"]) == (
        "grok-3",
        "xAI",
        TODAY,
        3.0,
    )
    assert _gpqa_records(data_source)["date"].max().date() < TODAY
    assert after["gpqa_diamond_fit_last"] == f"{TODAY:%B %Y}" != before["gpqa_diamond_fit_last"]
    assert after["pooled_points"] > before["pooled_points"] and after["pooled_factor"] != before["pooled_factor"]

    page = (out2 / "html" / "about" / "changes.html").read_text(encoding="utf-8")
    print(_text(page.split('<section id="what-changed">')[1].split("</article>")[0])[:6000])  # for the record
    developers = _section(page, "new-prices-from-the-models-developers")
    assert re.search(
        rf"Grok-3 \(beta\) xAI price cut 3 in / 15 out USD per million tokens 1\.5 in / 7\.5 out USD per million "
        rf"tokens {TODAY} \(observed\)",
        developers,
    ), developers
    for anomaly in ("GPT-4o mini", "Claude Instant", "long_context", "DeepSeek V3.2 "):
        assert anomaly not in developers
    counted = _section(page, "resellers-regions-and-tiers-counted")
    assert re.search(r"OpenRouter \d+", counted), counted
    assert "OpenAI (long_context)" not in counted  # held, so never published
    numbers = _section(page, "numbers-that-moved")
    assert "→" in numbers and not re.search(r"\d\.\d{5,}", numbers), numbers
    revisions = _section(page, "revisions")
    assert "training_runs: Inflection-2.5 · compute_flop 1 × 10^25 8 × 10^24" in revisions, revisions
    assert "revisions in all" in revisions and not re.search(r"\d\.\d{5,}", _text(page)), revisions
    status = (out2 / "html" / "about" / "status.html").read_text(encoding="utf-8")
    last_rate = max(d for d in (dt.date.fromisoformat(r["date"]) for r in csv.DictReader(open(week2 / "fx.csv"))))
    assert re.search(rf"<td[^>]*>fx</td>\s*<td[^>]*>{last_rate}</td>\s*<td[^>]*>{TODAY}</td>", status)

    report = _weekly(
        "report",
        "--logs",
        str(logs2),
        "--result",
        "update=failure",
        "--result",
        "deploy=skipped",
        "--run-url",
        "https://github.com/o/r/actions/runs/1",
    )
    what_failed = report.stdout.split("## What failed")[1].split("<details>")[0]
    assert re.search(r"anthropic\.yml, line \d+: not valid YAML", what_failed), report.stdout
    assert f"{base}/anthropic.yml" in what_failed
