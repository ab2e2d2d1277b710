"""The weekly rebuild rehearsed on 127.0.0.1: the workflow's import step against served upstream files, then
the build; the "What changed" page shows the price cut, the new model's first price and the applied revision.
A broken upstream file then leaves the data and the site as they were, and the failure report names it."""

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from llmecon.site import builder
from llmecon.site.pdf import serve

from conftest import FIXTURES, ROOT, SMALL_BOOK_CHAPTER, SMALL_DATA

pytestmark = pytest.mark.book
CHAPTER = SMALL_BOOK_CHAPTER
UPSTREAM = FIXTURES / "weekly" / "upstream"
LLMRATES = FIXTURES / "import" / "llmrates" / "models.csv"
ALIASES = ("claude-3-5-haiku-latest", "claude-3-7-sonnet-latest")  # the book's own curated rows


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _weekly(*arguments: str) -> subprocess.CompletedProcess:
    """The script as the workflow runs it."""
    return subprocess.run([sys.executable, "-m", "llmecon.site.weekly", *arguments], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def _text(html: str) -> str:
    # <wbr> only offers a line break inside a word; every other tag separates words.
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("<wbr>", "").replace("<wbr/>", ""))).strip()


def _section(page: str, anchor: str) -> str:
    """The visible text of a section of the page (one without subsections)."""
    found = re.search(rf'<section id="{anchor}">(.*?)</section>', page, re.S)
    assert found, f"no section #{anchor} in:\n{_text(page)}"
    return _text(found.group(1))


def test_weekly_rehearsal_on_localhost(small_book, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data_dir)
    # The fixture holds the book's own alias rows for the served models and the source they cite.
    assert {r["alias"] for r in csv.DictReader(open(data_dir / "model_aliases.csv", encoding="utf-8"))} >= set(ALIASES)
    out, logs = tmp_path / "_build", tmp_path / "logs"
    shutil.copytree(small_book["out"], out, symlinks=True)  # last week's site: the small book, from the same data

    served = tmp_path / "upstream"
    served.mkdir()
    for path in (UPSTREAM / "anthropic.yml", UPSTREAM / "notable_ai_models.csv", LLMRATES):
        shutil.copy(path, served / path.name)
    with serve(served) as base:
        urls = [f"{base}/{name}" for name in ("anthropic.yml", "models.csv", "notable_ai_models.csv")]
        done = _weekly("import", "--data", str(data_dir), "--log", str(logs / "import.log"), *urls)
        assert done.returncode == 0, done.stdout + done.stderr
        summary = (logs / "import.log").read_text(encoding="utf-8")
        print(summary)  # the rehearsal's import summary, for the record (pytest -s)
        assert "added    prices: claude-3.5-haiku | Anthropic | USD | 2026-07-29 | " in summary
        assert "added    prices: claude-3.7-sonnet | Anthropic | USD | 2026-07-29 | " in summary
        assert "unchanged prices: claude-3-haiku | Anthropic | USD | 2026-07-29 |  (same price already in force since 2024-08-12)" in summary
        assert "revised  training_runs: Inflection-2.5: compute_flop 1.0001e+25 -> 8.000001e+24" in summary
        assert "rejected models.csv, line 4 (for prices): column 'currency': 'EUR' is not one of USD, CNY" in summary

        builder.Builder(ROOT, data_dir, out, only=[CHAPTER], log=lambda *_: None).run()
        page = (out / "html" / "about" / "changes.html").read_text(encoding="utf-8")
        prices = _section(page, "prices")
        assert re.search(r"Claude 3\.5 Haiku \(20241022\) Anthropic price cut 1 in / 5 out USD per million tokens "
                         r"0\.8 in / 4 out USD per million tokens 2026-07-29 \(catalogue\)", prices), prices
        assert re.search(r"Claude 3\.7 Sonnet \(20250219\) Anthropic first price 3 in / 15 out USD per million "
                         r"tokens 2026-07-29 \(catalogue\)", prices), prices
        assert "Claude 3 Haiku" not in prices  # the same price again is no change
        revisions = _section(page, "revisions")
        assert re.search(r"training_runs: Inflection-2\.5 · compute_flop 1\.0001 × 10\^25 8\.000001 × 10\^24 "
                         r"epoch_notable_models_\d{8}", revisions), revisions
        assert re.search(r"training_runs: Inflection-2\.5 · confidence Speculative Likely", revisions), revisions
        numbers = _section(page, "numbers-that-moved")
        assert re.search(r"The data hold \d+ → \d+ dated prices .* \d+ dated prices \d+ dated prices", numbers), numbers
        assert "data snapshot of" not in _section(page, "texts-that-changed")  # the analysis date is no finding
        print(_text(page.split('<section id="what-changed">')[1].split("</article>")[0]))  # the entries, for the record

        # Next week upstream serves a broken file: the import step fails, naming it, and nothing moves.
        broken = (UPSTREAM / "anthropic.yml").read_text(encoding="utf-8").replace("      input_mtok: 0.8\n",
                                                                                  "      input_mtok: [0.8\n", 1)
        (served / "anthropic.yml").write_text(broken, encoding="utf-8")
        data_before, site_before = _tree(data_dir), _tree(out / "html")
        failed = _weekly("import", "--data", str(data_dir), "--log", str(logs / "import.log"), *urls)
    assert failed.returncode == 1
    builder.Builder(ROOT, data_dir, out, only=[CHAPTER], log=lambda *_: None).run()  # a build anyway changes nothing
    assert _tree(data_dir) == data_before and _tree(out / "html") == site_before
    report = _weekly("report", "--logs", str(logs), "--result", "update=failure", "--result", "deploy=skipped",
                     "--run-url", "https://github.com/o/r/actions/runs/1")
    assert report.returncode == 0, report.stderr
    what_failed = report.stdout.split("## What failed")[1].split("<details>")[0]
    assert re.search(r"anthropic\.yml, line \d+: not valid YAML", what_failed), report.stdout
    assert f"{base}/anthropic.yml" in what_failed
    print(report.stdout)
