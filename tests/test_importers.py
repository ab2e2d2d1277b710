"""The data import: each upstream format into a copy of the fixture data, rejection, and a rebuild."""

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SMALL_BOOK_CHAPTER
from llmecon import importers
from llmecon.core.data import validate
from llmecon.site import builder
from llmecon.site.pdf import serve

IMPORTS = FIXTURES / "import"
GROQ = IMPORTS / "genai-prices" / "groq.yml"
LLMRATES = IMPORTS / "llmrates" / "models.csv"
EPOCH = IMPORTS / "epoch" / "notable-ai-models.csv"
CHAPTER = SMALL_BOOK_CHAPTER


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "data_small", folder)
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _added(outcome) -> list[tuple[str, str]]:
    return sorted((table, key) for table, key, _ in outcome.added)


def test_genai_prices_snapshot_adds_matched_prices_and_its_source(data_copy):
    snapshots, outcome = importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    assert _added(outcome) == [
        ("prices", "gemma-2-9b | Groq | USD | 2024-12-20 | "),
        ("prices", "llama-3.1-8b | Groq | USD | 2024-12-20 | "),
        ("sources", "genai_prices_groq_20241220"),
    ]  # retrieved = latest prices_checked
    assert snapshots[0].unmatched == ["llama-guard-3-8b"]
    [(origin, reason)] = outcome.rejected
    assert origin.startswith("groq.yml, model 'llama3-8b-8192' (line 36)")
    assert "input_per_m" in reason and "greater than 0" in reason
    llama = [r for r in _rows(data_copy, "prices.csv") if r["model_id"] == "llama-3.1-8b"]
    assert [(r["input_per_m"], r["output_per_m"], r["currency"], r["source_id"]) for r in llama] == [
        ("0.05", "0.08", "USD", "genai_prices_groq_20241220")
    ]
    # A catalogue's check date only bounds when the price took effect.
    assert [(r["date_basis"], r["price_kind"]) for r in llama] == [("catalogue", "list")]
    source = next(r for r in _rows(data_copy, "sources.csv") if r["source_id"] == "genai_prices_groq_20241220")
    assert (source["retrieved"], source["licence"]) == ("2024-12-20", "MIT")
    assert source["url"].endswith("/prices/providers/groq.yml")
    validate(data_copy)


def test_reimport_adds_nothing(data_copy):
    importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    before = _hashes(data_copy)
    _, outcome = importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    assert outcome.added == [] and outcome.changed == [] and len(outcome.unchanged) == 2
    assert _hashes(data_copy) == before


def test_a_later_snapshot_repeating_the_price_in_force_is_unchanged(data_copy, tmp_path):
    importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    later = tmp_path / "groq.yml"
    later.write_text(GROQ.read_text().replace("prices_checked: 2024-12-20", "prices_checked: 2025-01-15"))
    _, outcome = importers.run_import([str(later)], data_copy, skip_bad_rows=True)
    assert outcome.added == []
    assert {why for *_, why in outcome.unchanged} == {"same price already in force since 2024-12-20"}


def test_llmrates_catalogue_needs_a_date_and_maps_slugs(data_copy):
    with pytest.raises(importers.ImportRejected, match="give --retrieved"):
        importers.run_import([str(LLMRATES)], data_copy)
    snapshots, outcome = importers.run_import(
        [str(LLMRATES)], data_copy, retrieved=_date("2024-12-28"), skip_bad_rows=True
    )
    assert _added(outcome) == [
        ("prices", "gpt-4o-mini | OpenRouter | USD | 2024-12-28 | "),
        ("prices", "phi-4 | OpenRouter | USD | 2024-12-28 | "),
        ("sources", "llmrates_models_20241228"),
    ]
    assert snapshots[0].unmatched == ["jamba-mini-2"]
    assert snapshots[0].excluded == ["gpt-4o"]  # a floating alias, excluded in model_aliases.csv
    assert outcome.rejected == [("models.csv, line 4 (for prices)", "column 'currency': 'EUR' is not one of USD, CNY")]
    phi = [r for r in _rows(data_copy, "prices.csv") if r["model_id"] == "phi-4"]
    assert [(r["provider"], r["date_basis"]) for r in phi] == [("OpenRouter", "catalogue")]


def test_epoch_notable_models_fill_training_compute_and_revise_known_rows(data_copy):
    # Drop one row first, as in a data folder older than the export.
    path = data_copy / "training_compute.csv"
    path.write_text(
        "".join(text for text in path.read_text().splitlines(keepends=True) if not text.startswith("K-EXAONE,"))
    )
    snapshots, outcome = importers.run_import(
        [str(EPOCH)], data_copy, retrieved=_date("2026-01-26"), skip_bad_rows=True
    )
    assert _added(outcome) == [("sources", "epoch_notable_models_20260126"), ("training_compute", "K-EXAONE")]
    assert outcome.changed == []
    assert sorted((t, k) for t, k, *_ in outcome.unchanged) == [
        ("models", "falcon-180b"),
        ("models", "grok-1"),
        ("models", "yi-34b"),
        ("training_compute", "Falcon-180B"),
        ("training_compute", "Grok-1"),  # 2.90000000001e+24 is 2.9e+24
        ("training_runs", "AlphaGo Lee"),
        ("training_runs", "Falcon-180B"),
        ("training_runs", "Grok-1"),
    ]
    assert "AlphaGo Lee" in snapshots[0].unmatched  # not a model of models.csv; its training run still matched
    [(origin, reason)] = outcome.rejected
    assert origin == "notable-ai-models.csv, line 64, model 'Yi-34B' (for training_compute)"
    assert "must be greater than 0" in reason
    row = next(r for r in _rows(data_copy, "training_compute.csv") if r["model"] == "K-EXAONE")
    assert (row["training_compute_flop"], row["accessibility"]) == ("1.52e+24", "API access")


def test_changed_rows_are_reported_and_only_applied_when_asked(data_copy, tmp_path):
    source = tmp_path / "prices.csv"
    rows = (FIXTURES / "data_small" / "prices.csv").read_text().splitlines()
    row = next(text for text in rows if text.startswith("claude-3.5-haiku,Anthropic,USD,2024-11-04"))
    source.write_text(rows[0] + "\n" + row.replace("announced,1,5", "announced,0.8,4") + "\n")
    before = _hashes(data_copy)
    _, outcome = importers.run_import([str(source)], data_copy)
    [(table, key, _, difference)] = outcome.changed
    assert (table, key) == ("prices", "claude-3.5-haiku | Anthropic | USD | 2024-11-04 | ")
    assert difference == "input_per_m 1.0 -> 0.8, output_per_m 5.0 -> 4.0"
    assert _hashes(data_copy) == before
    importers.run_import([str(source)], data_copy, update_changed=True)
    updated = [r for r in _rows(data_copy, "prices.csv") if r["model_id"] == "claude-3.5-haiku"]
    assert [(r["input_per_m"], r["output_per_m"]) for r in updated] == [("0.8", "4")]


def test_project_schema_folder_imports_sources_before_the_rows_citing_them(data_copy):
    _, outcome = importers.run_import([str(IMPORTS / "project")], data_copy, skip_bad_rows=True)
    assert _added(outcome) == [("prices", "gpt-4.1 | OpenAI | USD | 2025-07-04 | "), ("sources", "genai_prices_openai")]
    assert [key for _, key, *_ in outcome.unchanged] == ["gpt-4o-mini | OpenAI | USD | 2024-07-18 | "]
    assert outcome.rejected == [("prices.csv, line 4 (for prices)", "column 'model_id': 'gpt-9' is not in models.csv")]


@pytest.mark.parametrize(
    "source, message",
    [
        (
            GROQ,
            r"groq\.yml, model 'llama3-8b-8192' \(line 36\) \(for prices\): column 'input_per_m': must be greater than 0",
        ),
        (LLMRATES, r"models\.csv, line 4 \(for prices\): column 'currency': 'EUR' is not one of USD, CNY"),
        (EPOCH, r"notable-ai-models\.csv, line 64, model 'Yi-34B' \(for training_compute\)"),
    ],
)
def test_a_bad_row_rejects_the_whole_import_and_leaves_the_data_untouched(data_copy, source, message):
    before = _hashes(data_copy)
    with pytest.raises(importers.ImportRejected, match=message):
        importers.run_import([str(source)], data_copy, retrieved=_date("2024-12-28"))
    assert _hashes(data_copy) == before
    assert [p.name for p in data_copy.parent.iterdir()] == ["data"]  # no working copy left behind


def test_malformed_yaml_is_rejected_naming_file_and_line(data_copy, tmp_path):
    broken = tmp_path / "groq.yml"
    broken.write_text(
        GROQ.read_text().replace("    prices:\n      input_mtok: 0.2", "    prices: [\n      input_mtok: 0.2", 1)
    )
    before = _hashes(data_copy)
    with pytest.raises(importers.ImportRejected, match=r"groq\.yml, line \d+: not valid YAML"):
        importers.run_import([str(broken)], data_copy)
    assert _hashes(data_copy) == before


def test_a_package_that_would_not_validate_is_rejected_untouched(data_copy, tmp_path):
    # Each row is fine alone; together they break a cross-table rule (price before the model's release).
    source = tmp_path / "prices.csv"
    source.write_text(
        "model_id,provider,currency,effective_date,date_basis,input_per_m,output_per_m,context_tier,"
        "price_kind,notes,source_id\n"
        "gpt-4.1,OpenAI,USD,2024-01-01,announced,2,8,,list,,epoch_model_versions\n"
    )
    before = _hashes(data_copy)
    with pytest.raises(importers.ImportRejected, match=r"(?s)would not validate.*before the model's release"):
        importers.run_import([str(source)], data_copy)
    assert _hashes(data_copy) == before


def test_dry_run_reports_without_writing(data_copy):
    before = _hashes(data_copy)
    _, outcome = importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True, dry_run=True)
    assert len(outcome.added) == 3 and outcome.written == []
    assert _hashes(data_copy) == before


def test_command_line_summary_and_exit_codes(data_copy, capsys):
    assert importers.main([str(GROQ), "--data", str(data_copy)]) == 1
    assert "llama3-8b-8192" in capsys.readouterr().err
    assert importers.main([str(GROQ), "--data", str(data_copy), "--skip-bad-rows"]) == 0
    out = capsys.readouterr().out
    assert "rows added: 3, changed: 0, unchanged: 0, held for review: 0, rejected: 1" in out
    assert "unmatched names (1; not imported, add them to model_aliases.csv to import): llama-guard-3-8b" in out
    assert f"written to {data_copy}: sources.csv, prices.csv" in out


def _date(text):
    return dt.date.fromisoformat(text)


@pytest.mark.book
def test_import_then_rebuild_changes_chapter_one_and_the_changes_page(small_book, data_copy, tmp_path):
    # Last week's site: the small book, built from the same fixture data as data_copy holds.
    out = tmp_path / "_build"
    shutil.copytree(small_book["out"], out, symlinks=True)
    logs = []
    before = json.loads((out / "executed" / "results.json").read_text())["chapters"][CHAPTER]["values"]

    # Groq's Llama 3.1 8B (MMLU 69.4) at USD 0.05/0.08 would undercut the cheapest model above MMLU 65, but a
    # catalogue reading is not a dated price: the chapter counts it without letting it set a record low.
    importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    builder.Builder(ROOT, data_copy, out, only=[CHAPTER], log=logs.append).run()
    after = json.loads((out / "executed" / "results.json").read_text())["chapters"][CHAPTER]["values"]

    moved = {
        k
        for k, v in after.items()
        if isinstance(v, (int, float))
        and isinstance(before.get(k), (int, float))
        and abs(v - before[k]) > 0.01 * abs(before[k])
    }
    assert "n_price_rows" in moved and "pooled_factor" not in moved
    page = (out / "html" / "about" / "changes.html").read_text(encoding="utf-8")
    section = re.sub(
        r"<[^>]+>", " ", re.search(r'<section id="numbers-that-moved">(.*?)</section>', page, re.S).group(1)
    )
    # Each moved number in the sentence that states it, never under its internal name.
    assert re.search(r"The data hold\s+\d+ → \d+\s+dated prices", section), section
    assert not [key for key in moved if key in section], section


# -- revisions, row-level rejection for every rule, dates, unmatched names ------------------------------


def _project_prices(tmp_path, *rows):
    source = tmp_path / "prices.csv"
    header = (FIXTURES / "data_small" / "prices.csv").read_text().splitlines()[0]
    source.write_text("\n".join([header, *rows]) + "\n")
    return source


def test_applied_changes_keep_old_value_new_value_source_and_date_in_revisions(data_copy, tmp_path):
    rows = (FIXTURES / "data_small" / "prices.csv").read_text().splitlines()
    row = next(text for text in rows if text.startswith("claude-3.5-haiku,Anthropic,USD,2024-11-04"))
    source = _project_prices(tmp_path, row.replace("announced,1,5", "announced,0.8,4"))
    kept = len(_rows(data_copy, "revisions.csv"))  # the fixture's own earlier revisions
    _, outcome = importers.run_import([str(source)], data_copy, update_changed=True)
    revisions = _rows(data_copy, "revisions.csv")[kept:]
    old_source = row.split(",")[-1]
    assert [(r["table"], r["row_key"], r["column"], r["old_value"], r["new_value"]) for r in revisions] == [
        ("prices", "claude-3.5-haiku|Anthropic|USD|2024-11-04|", "input_per_m", "1", "0.8"),
        ("prices", "claude-3.5-haiku|Anthropic|USD|2024-11-04|", "output_per_m", "5", "4"),
    ]
    assert {r["revised_on"] for r in revisions} == {dt.date.today().isoformat()}
    assert {r["source_id"] for r in revisions} == {old_source}  # the project row cites its own source
    assert all(
        f"the old value cited {old_source}" in r["note"] and "prices.csv, line 2" in r["note"] for r in revisions
    )
    assert outcome.written == ["prices.csv", "revisions.csv"]
    text = importers.summary([], outcome, data_copy, dry_run=False)
    assert "revisions kept in revisions.csv: 2" in text
    assert "  revised  prices: claude-3.5-haiku|Anthropic|USD|2024-11-04|: input_per_m 1 -> 0.8" in text
    validate(data_copy)


def test_skip_bad_rows_drops_rows_failing_cross_table_rules_and_lands_the_rest(data_copy, tmp_path):
    # Three prices dated before the models' release dates in models.csv, and two good ones.
    models = {r["model_id"]: r["release_date"] for r in _rows(data_copy, "models.csv")}
    early = [m for m in ("gpt-4.1", "o1", "claude-3.5-haiku") if m in models]
    assert len(early) == 3, "test setup: models in the fixture"
    bad = [f"{m},Host,USD,2020-01-01,observed,1,2,,list,,epoch_model_versions" for m in early]
    good = [
        "gpt-4o-mini,Host,USD,2025-01-10,observed,0.1,0.4,,list,,epoch_model_versions",
        "phi-4,Host,USD,2025-01-10,observed,0.07,0.14,,list,,epoch_model_versions",
    ]
    source = _project_prices(tmp_path, bad[0], good[0], bad[1], good[1], bad[2])
    before = _hashes(data_copy)
    with pytest.raises(importers.ImportRejected, match=r"(?s)would not validate.*before the model's release"):
        importers.run_import([str(source)], data_copy)
    assert _hashes(data_copy) == before
    _, outcome = importers.run_import([str(source)], data_copy, skip_bad_rows=True)
    assert _added(outcome) == [
        ("prices", "gpt-4o-mini | Host | USD | 2025-01-10 | "),
        ("prices", "phi-4 | Host | USD | 2025-01-10 | "),
    ]
    assert [(origin, reason.split(" is before")[0]) for origin, reason in outcome.rejected] == [
        ("prices.csv, line 2 (for prices)", "column 'effective_date': price effective 2020-01-01"),
        ("prices.csv, line 4 (for prices)", "column 'effective_date': price effective 2020-01-01"),
        ("prices.csv, line 6 (for prices)", "column 'effective_date': price effective 2020-01-01"),
    ]
    assert all(f"release on {models[m]}" in reason for m, (_, reason) in zip(early, outcome.rejected))
    assert {r["provider"] for r in _rows(data_copy, "prices.csv") if r["model_id"] in early} & {"Host"} == set()
    validate(data_copy)


def test_skip_bad_rows_drops_a_revision_that_would_break_rows_already_there(data_copy, tmp_path):
    # Moving a model's release date after its first price breaks an existing price row: the revision is blamed.
    models = (FIXTURES / "data_small" / "models.csv").read_text().splitlines()
    gpt4o = next(text for text in models if text.startswith("gpt-4o,"))
    source = tmp_path / "models.csv"
    source.write_text(models[0] + "\n" + gpt4o.replace(",2024-05-13,", ",2024-12-01,") + "\n")
    before = _hashes(data_copy)
    _, outcome = importers.run_import([str(source)], data_copy, update_changed=True, skip_bad_rows=True)
    [(origin, reason)] = outcome.rejected
    assert origin == "models.csv, line 2 (for models)"
    assert "is before the model's release on 2024-12-01" in reason
    assert outcome.written == [] and _hashes(data_copy) == before  # no revision kept for a change not applied


def test_a_file_dates_the_same_from_disk_and_from_a_url(data_copy, tmp_path):
    with serve(GROQ.parent) as base:
        url = f"{base}/groq.yml"
        downloaded, _ = importers.run_import([url], data_copy, skip_bad_rows=True, dry_run=True)
    on_disk, _ = importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True, dry_run=True)
    assert downloaded[0].source["retrieved"] == on_disk[0].source["retrieved"] == "2024-12-20"  # latest prices_checked
    assert downloaded[0].source["source_id"] == on_disk[0].source["source_id"]
    assert downloaded[0].source["url"] == url
    assert [c.row["effective_date"] for c in downloaded[0].candidates] == [
        c.row["effective_date"] for c in on_disk[0].candidates
    ]


def test_every_unmatched_name_is_listed_on_request(data_copy, tmp_path, capsys):
    many = tmp_path / "many.yml"
    entries = "".join(
        f"  - id: unknown-model-{i:02d}\n    prices_checked: 2024-12-20\n    prices:\n"
        f"      input_mtok: 1\n      output_mtok: 2\n"
        for i in range(45)
    )
    many.write_text(f"name: Many\nid: many\nmodels:\n{entries}")
    assert importers.main([str(many), "--data", str(data_copy), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "unmatched names (45;" in out and "unknown-model-39" in out and "unknown-model-40" not in out
    assert "... and 5 more (--list-unmatched lists them all)" in out
    assert importers.main([str(many), "--data", str(data_copy), "--dry-run", "--list-unmatched"]) == 0
    out = capsys.readouterr().out
    assert all(f"unknown-model-{i:02d}" in out for i in range(45)) and "more (--list-unmatched" not in out


# -- the dated price catalogues the evidence chapters use: llm-prices, tokencost (LiteLLM), llm-prices-cn ------

LLM_PRICES = IMPORTS / "llm-prices" / "deepseek.json"
TOKENCOST = IMPORTS / "tokencost" / "model_prices.json"
LLM_PRICES_CN = IMPORTS / "llm-prices-cn" / "prices.json"


def _alias(data_dir: Path, catalogue: str, alias: str, model_id: str) -> None:
    """A curated alias row, as a maintainer adds one (citing a source the fixture has)."""
    with open(data_dir / "model_aliases.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{catalogue},{alias},{model_id},test alias,epoch_model_versions\n")


def _book_model(data_dir: Path, model_id: str) -> None:
    """The book's own models.csv row for a model the small fixture lacks."""
    row = next(
        text for text in (ROOT / "data" / "models.csv").read_text().splitlines() if text.startswith(f"{model_id},")
    )
    source = row.rsplit(",", 1)[1]
    with open(data_dir / "models.csv", "a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    if source not in (data_dir / "sources.csv").read_text():
        line = next(
            text for text in (ROOT / "data" / "sources.csv").read_text().splitlines() if text.startswith(f"{source},")
        )
        with open(data_dir / "sources.csv", "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def test_llm_prices_history_gives_announced_dates_and_skips_undatable_prices(data_copy):
    _alias(data_copy, "llm-prices", "deepseek-chat", "deepseek-v3")
    snapshots, outcome = importers.run_import([str(LLM_PRICES)], data_copy, retrieved=_date("2026-08-05"))
    assert _added(outcome) == [
        ("prices", "deepseek-v3 | DeepSeek | USD | 2025-02-08 | "),
        ("sources", "llm_prices_deepseek_20260805"),
    ]
    row = next(r for r in _rows(data_copy, "prices.csv") if r["source_id"] == "llm_prices_deepseek_20260805")
    assert (row["input_per_m"], row["output_per_m"], row["date_basis"]) == ("0.27", "1.1", "announced")
    assert snapshots[0].skipped == [
        ("deepseek.json, model 'deepseek-chat' (entry 3)", "earlier price ending 2025-02-08 has no start date")
    ]
    # No exact-name guessing in a catalogue whose names float: 'deepseek-reasoner' is unmatched, not deepseek-r1.
    assert "deepseek-reasoner" in snapshots[0].unmatched and "deepseek-v4-flash" in snapshots[0].unmatched


def test_tokencost_commit_snapshots_are_observed_prices_per_million(data_copy):
    _alias(data_copy, "tokencost", "claude-3-5-haiku-20241022", "claude-3.5-haiku")
    _alias(data_copy, "tokencost", "anthropic.claude-v2", "claude-2")
    snapshots, outcome = importers.run_import([str(TOKENCOST)], data_copy, observed=_date("2024-12-10"))
    assert _added(outcome) == [
        ("prices", "claude-2 | Amazon Bedrock | USD | 2024-12-10 | "),
        ("prices", "claude-3.5-haiku | Anthropic | USD | 2024-12-10 | "),
        ("sources", "tokencost_model_prices_20241210"),
    ]
    row = next(r for r in _rows(data_copy, "prices.csv") if r["source_id"] == "tokencost_model_prices_20241210")
    assert (row["input_per_m"], row["output_per_m"], row["date_basis"]) == ("0.8", "4", "observed")
    source = next(r for r in _rows(data_copy, "sources.csv") if r["source_id"] == "tokencost_model_prices_20241210")
    assert (source["published"], source["licence"]) == ("2024-12-10", "MIT")
    # tokencost's file is LiteLLM's list read in tokencost's verbatim copy.
    assert (source["provenance"], source["publisher"], source["via_publisher"]) == (
        "archived",
        "BerriAI (LiteLLM model price list)",
        "AgentOps-AI/tokencost (synced from BerriAI/litellm)",
    )
    assert "BerriAI/litellm" in source["url"] and "AgentOps-AI/tokencost" in source["via_url"]
    assert snapshots[0].unmatched == ["gpt-4o", "deepseek/deepseek-chat"]  # floating keys need a curated alias
    assert snapshots[0].skipped == [
        (
            "model_prices.json",
            "chat models of 1 providers with no provider name here "
            "(PROVIDERS in llmecon/importers/tokencost.py): vertex_ai-anthropic_models",
        )
    ]
    # The next commit repeating the price adds nothing.
    _, again = importers.run_import([str(TOKENCOST)], data_copy, observed=_date("2025-01-10"))
    assert (
        again.added == []
        and [why for *_, why in again.unchanged] == ["same price already in force since 2024-12-10"] * 2
    )


def test_llm_prices_cn_dates_by_last_verified_and_skips_retired_models(data_copy):
    _book_model(data_copy, "claude-haiku-4.5")
    _alias(data_copy, "llm-prices-cn", "claude-haiku-4-5", "claude-haiku-4.5")
    snapshots, outcome = importers.run_import([str(LLM_PRICES_CN)], data_copy)
    assert _added(outcome) == [
        ("prices", "claude-haiku-4.5 | Anthropic | USD | 2026-08-01 | "),
        ("sources", "llm_prices_cn_20260822"),
    ]  # the latest last_verified
    row = next(r for r in _rows(data_copy, "prices.csv") if r["model_id"] == "claude-haiku-4.5")
    assert (row["input_per_m"], row["output_per_m"], row["date_basis"]) == ("1", "5", "catalogue")
    assert snapshots[0].skipped == [("prices.json, model 'deepseek-v3-2-legacy' (entry 2)", "retired")]
    assert snapshots[0].unmatched == ["qwen3-5-flash", "glm-4-7"]
    source = next(r for r in _rows(data_copy, "sources.csv") if r["source_id"] == "llm_prices_cn_20260822")
    assert "credit llmabacus.com" in source["notes"] and source["licence"] == "CC-BY-4.0"


def test_an_unknown_or_broken_json_file_is_rejected_naming_it(data_copy, tmp_path):
    unknown = tmp_path / "other.json"
    unknown.write_text('{"models": []}')
    with pytest.raises(importers.ImportRejected, match=r"other\.json: unknown JSON format"):
        importers.run_import([str(unknown)], data_copy, retrieved=_date("2026-01-01"))
    broken = tmp_path / "deepseek.json"
    broken.write_text(LLM_PRICES.read_text().replace('"vendor": "deepseek",', '"vendor": "deepseek"', 1))
    with pytest.raises(importers.ImportRejected, match=r"deepseek\.json, line 3: not valid JSON"):
        importers.run_import([str(broken)], data_copy, retrieved=_date("2026-01-01"))


def test_llm_prices_context_tiers_named_in_the_model_name(data_copy, tmp_path):
    # As google.json words them (simonw/llm-prices 723ef0b): the lower tier is kept with its tier, the upper skipped.
    vendor = tmp_path / "google.json"
    vendor.write_text(
        json.dumps(
            {
                "vendor": "google",
                "models": [
                    {
                        "id": "gemini-1.5-pro",
                        "name": "Gemini 1.5 Pro ≤128k",
                        "price_history": [
                            {"input": 1.25, "output": 5, "from_date": None, "to_date": None, "input_cached": None}
                        ],
                    },
                    {
                        "id": "gemini-1.5-pro-128k",
                        "name": "Gemini 1.5 Pro >128k",
                        "price_history": [
                            {"input": 2.5, "output": 10, "from_date": None, "to_date": None, "input_cached": None}
                        ],
                    },
                ],
            }
        )
    )
    _alias(data_copy, "llm-prices", "gemini-1.5-pro", "gemini-1.5-pro")
    snapshots, outcome = importers.run_import([str(vendor)], data_copy, retrieved=_date("2026-08-05"), dry_run=True)
    # The tier matches the fixture's own <=128k series, whose price is already in force.
    assert [(key, why) for _, key, _, why in outcome.unchanged] == [
        ("gemini-1.5-pro | Google | USD | 2026-08-05 | <=128k", "same price already in force since 2024-10-01")
    ]
    assert snapshots[0].skipped == [
        (
            "google.json, model 'gemini-1.5-pro-128k' (entry 2)",
            "price above 128k tokens of context: higher tiers are not imported",
        )
    ]


def test_genai_prices_base_price_superseded_by_a_dated_change_is_not_dated_by_the_check(data_copy, tmp_path):
    # As openai.yml words o3 (genai-prices 47df840): the base price, then a cut from a start_date.
    catalogue = tmp_path / "openai.yml"
    catalogue.write_text(
        "name: OpenAI\nid: openai\nmodels:\n  - id: o1\n    prices_checked: 2025-07-12\n"
        "    prices:\n      - prices:\n          input_mtok: 15\n          output_mtok: 60\n"
        "      - constraint:\n          start_date: 2025-06-10\n"
        "        prices:\n          input_mtok: 3\n          output_mtok: 12\n"
    )
    snapshots, outcome = importers.run_import([str(catalogue)], data_copy, dry_run=True)
    assert _added(outcome)[0] == ("prices", "o1 | OpenAI | USD | 2025-06-10 | ")  # the cut, announced
    assert snapshots[0].skipped == [
        ("openai.yml, model 'o1' (line 4)", "earlier price, superseded on 2025-06-10, has no start date")
    ]


def test_a_cell_the_epoch_export_leaves_empty_never_erases_a_value(data_copy, tmp_path):
    export = (FIXTURES / "weekly" / "upstream" / "notable_ai_models.csv").read_text()
    blank = tmp_path / "notable_ai_models.csv"
    blank.write_text(export.replace(",8.000001e+24,", ",,", 1))  # Inflection-2.5 without a compute estimate
    _, outcome = importers.run_import([str(blank)], data_copy, retrieved=_date("2026-01-26"), update_changed=True)
    assert [(t, k, d) for t, k, _, d in outcome.changed] == [
        ("training_runs", "Inflection-2.5", "confidence Speculative -> Likely")
    ]
    run = next(r for r in _rows(data_copy, "training_runs.csv") if r["model"] == "Inflection-2.5")
    assert (run["compute_flop"], run["hardware"]) == ("1.0001e+25", "NVIDIA H100 SXM5 80GB")


def test_fred_dexchus_adds_daily_rates_from_the_tables_first_date(data_copy):
    source = IMPORTS / "fred" / "DEXCHUS.csv"
    snapshots, outcome = importers.run_import([str(source)], data_copy, retrieved=_date("2026-11-30"))
    assert _added(outcome) == [("fx", "2025-05-01"), ("fx", "2025-05-02"), ("sources", "fred_dexchus_20261130")]
    assert len(snapshots[0].candidates) == 2  # 2020-12-30 to 2021-01-05 precede the fixture's first rate
    rates = {r["date"]: r["cny_per_usd"] for r in _rows(data_copy, "fx.csv")}
    assert (rates["2025-05-01"], rates["2025-05-02"]) == ("7.2706", "7.2706")
    _, again = importers.run_import([str(source)], data_copy, retrieved=_date("2026-12-07"))
    assert again.added == [] and len(again.unchanged) == 2


def test_genai_prices_skips_aggregator_copies_and_converted_files_and_keeps_context_tiers(data_copy, tmp_path):
    # As genai-prices words them: openai.yml at cee9e74c11 (an OpenRouter copy), zhipuai.yml's price_comments,
    # and google.yml's long-context tiers.
    openai = tmp_path / "openai.yml"
    openai.write_text(
        "name: OpenAI\nid: openai\nmodels:\n  - id: gpt-4o\n    prices_checked: 2026-06-09\n"
        "    price_comments: Imported from OpenRouter pricing; verify against OpenAI pricing.\n"
        "    prices:\n      input_mtok: 0.039\n      output_mtok: 0.18\n"
    )
    zhipu = tmp_path / "zhipuai.yml"
    zhipu.write_text(
        "name: Zhipu AI\nid: zhipuai\nprice_comments: Prices sourced from Zhipu AI (CNY), converted to "
        "USD at 1 USD = 7.25 CNY.\nmodels:\n  - id: gpt-4o\n    prices_checked: 2026-06-09\n"
        "    prices:\n      input_mtok: 0.276\n      output_mtok: 1.103\n"
    )
    google = tmp_path / "google.yml"
    google.write_text(
        "name: Google\nid: google\nmodels:\n  - id: claude-2.1\n    prices_checked: 2026-06-09\n"
        "    prices:\n      input_mtok:\n        base: 1.25\n        tiers:\n          - start: 200000\n"
        "            price: 2.5\n      output_mtok:\n        base: 10\n        tiers:\n"
        "          - start: 200000\n            price: 15\n"
    )
    snapshots, outcome = importers.run_import([str(openai), str(zhipu)], data_copy, dry_run=True)
    assert outcome.added == []
    assert [why for s in snapshots for _, why in s.skipped] == [
        "imported from OpenRouter: the aggregator's price, not OpenAI's",
        "the file's prices are converted from the billing currency ('converted to'): not list prices",
    ]
    _, outcome = importers.run_import([str(google)], data_copy, dry_run=True)
    assert _added(outcome)[0] == ("prices", "claude-2.1 | Google | USD | 2026-06-09 | <=200k")


def test_tokencost_skips_service_tier_keys(data_copy, tmp_path):
    prices = tmp_path / "model_prices.json"
    prices.write_text(
        json.dumps(
            {
                "together_ai/deepseek-ai/DeepSeek-R1-0528-tput": {
                    "litellm_provider": "together_ai",
                    "mode": "chat",
                    "input_cost_per_token": 5.5e-7,
                    "output_cost_per_token": 2.19e-6,
                }
            }
        )
    )
    _alias(data_copy, "tokencost", "together_ai/deepseek-ai/DeepSeek-R1-0528-tput", "gpt-4o")
    snapshots, outcome = importers.run_import([str(prices)], data_copy, observed=_date("2025-08-21"), dry_run=True)
    assert outcome.added == []
    assert snapshots[0].skipped == [
        (
            "model_prices.json, key 'together_ai/deepseek-ai/DeepSeek-R1-0528-tput'",
            "a service tier (throughput, batch, flex, priority), not the standard list price",
        )
    ]


WEEKLY_CATALOGUE = """name: Anthropic
id: anthropic
models:
  - id: claude-3-opus
    prices_checked: 2025-07-01
    prices:
      input_mtok: 15
      output_mtok: 75
  - id: claude-3-sonnet
    prices_checked: 2025-07-01
    prices:
      input_mtok: 2
      output_mtok: 10
  - id: claude-instant-1.2
    description: Retired, here to match price sources
    prices:
      input_mtok: 1.63
      output_mtok: 5.51
    removed: true
  - id: claude-3-haiku
    prices_checked: 2025-07-01
    prices:
      input_mtok: 0.25
      output_mtok: 12.5
  - id: claude-3.5-haiku
    price_comments: Introductory rates apply through 2026-12-31.
    prices_checked: 2025-07-01
    prices:
      input_mtok: 0.5
      output_mtok: 2.5
  - id: command-r
    prices_checked: 2025-07-01
    prices:
      input_mtok: 0.15
      output_mtok: 0.6
  - id: command-r-08-2024
    prices_checked: 2025-07-01
    prices:
      input_mtok: 0.15
      output_mtok: 0.6
"""


def test_a_weekly_snapshot_is_an_observation_and_a_reread_adds_nothing(data_copy, tmp_path):
    catalogue = tmp_path / "anthropic.yml"
    catalogue.write_text(WEEKLY_CATALOGUE)
    week = _date("2026-12-07")
    _, outcome = importers.run_import([str(catalogue)], data_copy, observed=week, skip_bad_rows=True)
    # Sonnet's cut was not in force in the data: observed on the snapshot's date, not dated by prices_checked.
    sonnet = next(
        r
        for r in _rows(data_copy, "prices.csv")
        if r["model_id"] == "claude-3-sonnet" and r["effective_date"] == "2026-12-07"
    )
    assert (sonnet["date_basis"], sonnet["input_per_m"], sonnet["output_per_m"]) == ("observed", "2", "10")
    assert ("prices", "claude-3-opus | Anthropic | USD | 2026-12-07 | ") not in _added(outcome)  # same price
    _, again = importers.run_import([str(catalogue)], data_copy, observed=_date("2026-12-14"), skip_bad_rows=True)
    assert again.added == [] and not again.written


def test_prices_a_reviewer_must_see_are_held_and_listed_with_counts(data_copy, tmp_path):
    catalogue = tmp_path / "anthropic.yml"
    catalogue.write_text(WEEKLY_CATALOGUE)
    before = (data_copy / "prices.csv").read_text()
    snapshots, outcome = importers.run_import(
        [str(catalogue)], data_copy, observed=_date("2026-12-07"), skip_bad_rows=True
    )
    held = {key.split(" | ")[0]: why for _, key, _, why in outcome.held}
    assert set(held) == {"claude-instant-1.2", "claude-3-haiku", "claude-3.5-haiku", "command-r"}
    assert held["claude-instant-1.2"].startswith(
        "a price rise on a model the catalogue marks retired (in force: 0.8 / 2.4 since 2024-08-12)"
    )
    assert held["claude-3-haiku"] == "moves 10.0x in one step (in force: 0.25 / 1.25 since 2024-08-12)"
    assert held["claude-3.5-haiku"] == "the catalogue words it as a promotional or time-limited price"
    assert "floating alias" in held["command-r"]  # command-r-08-2024 is listed beside it
    # Held rows are not written; only Sonnet's cut lands.
    added = [line for line in (data_copy / "prices.csv").read_text().splitlines() if line not in before]
    assert len(added) == 1 and added[0].startswith("claude-3-sonnet,Anthropic,USD,2026-12-07,observed,2,10,")
    text = importers.summary(snapshots, outcome, data_copy, dry_run=False)
    assert (
        "held for review, not applied (price rise on a retired model: 1, move of more than 3x in one step: 1, "
        "promotional or time-limited price: 1, price of a floating alias: 1)"
    ) in text
    review = importers.review_list(snapshots, outcome, data_copy)
    assert review.startswith("## Prices held for review (4)")
    assert "- `claude-3-haiku | Anthropic | USD | 2026-12-07 | `: moves 10.0x" in review


def test_a_tier_label_is_not_a_new_provider_and_new_versions_of_known_models_are_listed(data_copy, tmp_path):
    header = LLMRATES.read_text().splitlines()[0]
    columns = header.split(",")

    def row(**cells):
        return ",".join(cells.get(c, "") for c in columns)

    base = dict(
        provider_slug="openai",
        provider_name="OpenAI",
        model_type="general",
        processing_tier="standard",
        price_unit="USD",
    )
    catalogue = tmp_path / "models.csv"
    catalogue.write_text(
        "\n".join(
            [
                header,
                row(**base, model_slug="gpt-4o-mini", input_price_per_million="0.15", output_price_per_million="0.6"),
                row(
                    **base,
                    model_slug="o1",
                    tier_label="long_context",
                    input_price_per_million="30",
                    output_price_per_million="120",
                ),
                row(**base, model_slug="o1-2", input_price_per_million="1", output_price_per_million="2"),
                row(**base, model_slug="claude-opus-4-8", input_price_per_million="5", output_price_per_million="25"),
            ]
        )
        + "\n"
    )
    snapshots, outcome = importers.run_import(
        [str(catalogue)], data_copy, observed=_date("2026-12-07"), skip_bad_rows=True, dry_run=True
    )
    assert [(key, why) for _, key, _, why in outcome.held] == [
        (
            "o1 | OpenAI (long_context) | USD | 2026-12-07 | ",
            "new provider name 'OpenAI (long_context)' looks like a price tier, not a seller",
        )
    ]
    text = importers.summary(snapshots, outcome, data_copy, dry_run=True)
    # o1-2 reads as a new version of o1; claude-opus-4-8 has no known family in the fixture.
    assert (
        "unmatched names that look like new versions of known models (1; add an alias row to import them): o1-2" in text
    )


def test_a_row_the_package_refuses_names_its_upstream_file_and_line(data_copy, tmp_path):
    catalogue = tmp_path / "models.csv"
    header = LLMRATES.read_text().splitlines()[0]
    columns = header.split(",")
    cells = dict(
        provider_slug="x",
        provider_name="Host",
        model_slug="o1",
        model_type="general",
        processing_tier="standard",
        price_unit="USD",
        input_price_per_million="2",
        output_price_per_million="3",
    )
    catalogue.write_text(header + "\n" + ",".join(cells.get(c, "") for c in columns) + "\n")
    with pytest.raises(importers.ImportRejected) as refused:  # dated before o1's release on 2024-12-17
        importers.run_import([str(catalogue)], data_copy, retrieved=_date("2024-01-01"))
    assert "models.csv, line 2 (for prices): column 'effective_date': price effective 2024-01-01 is before" in str(
        refused.value
    )
    assert "prices.csv, line" not in str(refused.value)


def test_an_import_appends_to_sources_csv_without_rewriting_its_other_rows(data_copy):
    before = (data_copy / "sources.csv").read_text(encoding="utf-8")
    importers.run_import([str(GROQ)], data_copy, skip_bad_rows=True)
    after = (data_copy / "sources.csv").read_text(encoding="utf-8")
    assert after.startswith(before) and after.count("\n") == before.count("\n") + 1


def test_eci_arena_and_gpu_index_files_refresh_their_tables(data_copy, tmp_path):
    eci = tmp_path / "epoch_capabilities_index.csv"
    eci.write_text(
        "Model version,ECI Score,Release date,Organization,Country,Model accessibility,Training compute "
        "(FLOP),Confidence,Model name,Description,Display name\n"
        "LLaMA-13B,100.61951234,2023-02-24,Meta AI,USA,Open weights (non-commercial),,,LLaMA-13B,,\n"
        "new-model_high,150.123456,2026-11-02,Lab,USA,API access,,,New Model,,\n"
        "unscored,,2026-11-03,Lab,USA,API access,,,Unscored,,\n"
    )
    arena = tmp_path / "lmarena_text.csv"
    arena.write_text(
        "rank,rank_stylectrl,model,arena_score,95_pct_ci,votes,organization,license,knowledge_cutoff,url\n"
        "1,1,GPT-3.5-Turbo-1106,1090,+4/-6,18000,OpenAI,Proprietary,,\n"
        "2,2,Untracked-Model,1400,+5/-5,100,Lab,Proprietary,,\n"
    )
    gix = tmp_path / "backfill_ratecards.csv"
    gix.write_text(
        "period,index_code,status,value,provider_count\n2026-10,GIX-H100,published,3.81234,5\n"
        "2026-10,GIX-B200,withheld,,2\n2026-09,GIX-H200,published,4.1262,4\n"
    )
    snapshots, outcome = importers.run_import([str(eci), str(arena), str(gix)], data_copy, observed=_date("2026-12-07"))
    assert _added(outcome) == [
        ("arena_snapshots", "2026-12-07 | GPT-3.5-Turbo-1106"),
        ("eci_models", "new-model_high"),
        (
            "gpu_rental",
            "2026-10-01 | H100 | SXM/HGX class (restated) | GIX backfill index (median of US providers) | on-demand",
        ),
        ("sources", "epoch_eci_20261207"),
        ("sources", "gix_backfill_20261207"),
        ("sources", "lmarena_text_20261207"),
    ]
    assert [why for *_, why in outcome.unchanged] == ["same row already present", "same row already present"]
    arena_row = _rows(data_copy, "arena_snapshots.csv")[-1]
    assert (arena_row["arena_score"], arena_row["ci_upper"], arena_row["ci_lower"]) == ("1090", "4", "6")
    # The same leaderboard read again a week later is no new snapshot.
    snapshots, again = importers.run_import([str(arena)], data_copy, observed=_date("2026-12-14"))
    assert again.added == [] and snapshots[0].skipped == [
        ("lmarena_text.csv", "the same scores as the snapshot of 2026-12-07: no new snapshot")
    ]


def test_epoch_runs_give_each_known_version_its_latest_gpqa_score(data_copy, tmp_path):
    runs = tmp_path / "benchmarks_runs.csv"
    header = "\ufeffid,task,model,Best score (across scorers),Scores,log viewer,logs,job,started_at,Status,Manual evaluation,task version\n"
    known = next(
        r
        for r in _rows(data_copy, "benchmarks.csv")
        if r["evaluator"] == "epoch" and r["benchmark"] == "gpqa_diamond" and "model version " in r["setting"]
    )
    version = re.search(r"model version (\S+),", known["setting"]).group(1)
    runs.write_text(
        header
        + f"a,GPQA diamond,{version},0.100,,,,,1 January 2025 1:00pm,Success,,1.0.0\n"
        + f"b,GPQA diamond,{version},{float(known['score']) / 100},,,,,2 January 2025 1:00pm,Success,,1.0.0\n"
        + "c,GPQA diamond,claude-opus-4-9_32K,0.900,,,,,2 January 2025 1:00pm,Success,,1.0.0\n"
        + f"d,GPQA diamond,{version},0.990,,,,,3 January 2025 1:00pm,Failed,,1.0.0\n"
        + f"e,FrontierMath-2025-02-28-Private,{version},0.5,,,,,3 January 2025 1:00pm,Success,,1.0.0\n"
    )
    snapshots, outcome = importers.run_import([str(runs)], data_copy, observed=_date("2026-12-08"), dry_run=True)
    # The latest successful GPQA run of the version the table names reads as the row already there.
    assert [why for *_, why in outcome.unchanged] == ["same row already present"] and outcome.added == []
    assert snapshots[0].unmatched == ["claude-opus-4-9_32K"]
