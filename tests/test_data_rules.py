"""The price rules of llmecon.core.checks run on the book's own data, and each catches a bad row planted in a copy."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from llmecon.core import checks, data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_the_books_data_pass_every_price_rule():
    problems = []
    tables = data._read_all(DATA)  # raises on any problem, these rules included
    checks.check_prices(
        lambda name: zip(tables[name].rows, tables[name].lines) if name in tables else (),
        lambda *problem: problems.append(problem),
    )
    assert problems == []
    assert len(tables["catalogue_flags"].rows) >= 20


@pytest.fixture
def package(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def _rows(folder, table):
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(folder, table, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")


def _plant_price(folder, **changes):
    """Append a copy of gpt-4o's first OpenAI price with `changes`; return the line it lands on."""
    rows = _rows(folder, "prices")
    base = next(r for r in rows if r["model_id"] == "gpt-4o" and r["provider"] == "OpenAI")
    planted = {**base, "effective_date": "2026-01-05", "notes": "", **changes}
    rows.append(planted)
    _write(folder, "prices", rows)
    return len(rows) + 1


def _problems(folder):
    with pytest.raises(data.DataValidationError) as caught:
        data.validate(folder)
    return caught.value.problems


def _source_at(folder, source_id, url):
    rows = _rows(folder, "sources")
    rows.append(
        {
            **rows[0],
            "source_id": source_id,
            "url": url,
            "provenance": "primary",
            "via_publisher": "",
            "via_url": "",
            "published": "",
            "notes": "",
        }
    )
    _write(folder, "sources", rows)


def test_an_aggregator_import_is_not_the_sellers_price(package):
    line = _plant_price(package, notes="upstream comment: Imported from OpenRouter pricing")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "provider") and "OpenRouter's price, not OpenAI's" in problem.reason


def test_a_price_from_an_aggregator_sync_commit_is_the_aggregators(package):
    _source_at(
        package,
        "planted_sync",
        "https://github.com/pydantic/genai-prices/blob/"
        "cee9e74c119ad17d4001e546bb47c408b7155e55/prices/providers/openai.yml",
    )
    line = _plant_price(package, source_id="planted_sync")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "provider")
    assert "copied OpenRouter's prices" in problem.reason
    # Filed under the aggregator, the same row is accepted.
    rows = _rows(package, "prices")
    rows[-1]["provider"] = "OpenRouter"
    _write(package, "prices", rows)
    assert data.validate(package)["prices"] == len(rows)


def test_a_converted_figure_is_not_a_list_price(package):
    line = _plant_price(package, notes="CNY list price converted to USD at 7.25")
    assert [(p.line, p.column) for p in _problems(package)] == [(line, "currency")]
    _source_at(
        package,
        "planted_zhipu",
        "https://github.com/pydantic/genai-prices/blob/"
        "eb4907024bcacd4b79586bc2bbc99dc6d7761261/prices/providers/zhipuai.yml",
    )
    rows = _rows(package, "prices")
    rows[-1].update(notes="", source_id="planted_zhipu")
    _write(package, "prices", rows)
    [problem] = _problems(package)
    assert problem.column == "currency" and "converted from the billing currency" in problem.reason


@pytest.mark.parametrize(
    "key, column",
    [
        ("together_ai/deepseek-ai/DeepSeek-R1-0528-tput", "notes"),
        ("openai/gpt-4o-batch", "notes"),
        ("gemini-1.5-pro-long", "context_tier"),
    ],
)
def test_a_tier_suffix_is_skipped_or_carries_its_tier(package, key, column):
    line = _plant_price(package, notes=f"first seen in tokencost/LiteLLM price list (key {key}) on the commit date")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, column)


def test_a_long_context_key_with_its_tier_is_accepted(package):
    _plant_price(package, notes="(key gemini-1.5-pro-long)", context_tier=">128k")
    data.validate(package)


def test_no_price_after_the_models_retirement(package):
    models = _rows(package, "models")
    next(m for m in models if m["model_id"] == "gpt-4o")["retired_on"] = "2025-12-31"
    _write(package, "models", models)
    line = _plant_price(package)
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "effective_date") and "retired on 2025-12-31" in problem.reason


def test_a_catalogues_first_version_dates_nothing_as_observed(package):
    _source_at(
        package,
        "planted_first",
        "https://github.com/AgentOps-AI/tokencost/blob/"
        "f38877f45073f1be52064de9038238366440e4fc/tokencost/model_prices.json",
    )
    line = _plant_price(package, source_id="planted_first", date_basis="observed")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "date_basis") and "first version" in problem.reason
    rows = _rows(package, "prices")
    rows[-1]["date_basis"] = "catalogue"
    _write(package, "prices", rows)
    data.validate(package)


def test_a_bulk_sync_dates_only_its_provider_as_catalogue(package):
    _source_at(
        package,
        "planted_sync",
        "https://github.com/AgentOps-AI/tokencost/blob/"
        "a141f4569f7abe92cb46878ba88dbf08e7118f7b/tokencost/model_prices.json",
    )
    line = _plant_price(package, source_id="planted_sync", provider="DeepInfra", date_basis="observed")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "date_basis") and "bulk sync of DeepInfra" in problem.reason
    rows = _rows(package, "prices")
    rows[-1]["provider"] = "Groq"  # another provider's price in the same commit is a real first sighting
    _write(package, "prices", rows)
    data.validate(package)


def test_a_promotional_price_is_never_a_list_price(package):
    line = _plant_price(package, notes="limited-time 50% discount until the end of the month")
    [problem] = _problems(package)
    assert (problem.line, problem.column) == (line, "price_kind")
    rows = _rows(package, "prices")
    rows[-1]["price_kind"] = "promotional"
    _write(package, "prices", rows)
    data.validate(package)


def test_a_release_date_from_a_first_price_is_that_prices_date(package):
    models = _rows(package, "models")
    row = next(m for m in models if m["release_date_basis"] == "first_price")
    row["release_date"] = "2020-01-01"
    _write(package, "models", models)
    problems = _problems(package)
    assert any(p.column == "release_date" and "upper bound is the first price's date" in p.reason for p in problems)


def test_an_epoch_release_date_cites_epoch(package):
    models = _rows(package, "models")
    row = next(m for m in models if m["release_date_basis"] == "provider")
    row["release_date_basis"] = "epoch"
    _write(package, "models", models)
    [problem] = _problems(package)
    assert problem.column == "source_id" and "not one of Epoch AI's tables" in problem.reason
