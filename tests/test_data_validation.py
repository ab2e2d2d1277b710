"""The validator on a minimal valid package and on a corpus of broken copies of it."""

import datetime as dt
import json
import os

import pytest

from llmecon.core import data


def test_minimal_package_is_valid(valid_package):
    counts = data.validate(valid_package)
    assert counts["prices"] == 2 and counts["models"] == 2 and counts["sources"] == 2


def test_tables_come_back_typed(valid_package):
    dataset = data.open_dataset(valid_package)
    prices = dataset.prices
    assert str(prices["effective_date"].dtype).startswith("datetime64")
    assert prices["input_per_m"].tolist() == [5.0, 1.0]
    assert dataset.models["open_weights"].tolist() == [False, True]
    assert dataset.snapshot_date() == dt.date(2025, 5, 9)


def test_a_package_is_read_and_checked_once_per_content(valid_package, monkeypatch):
    reads, real_read_all = [], data._read_all
    monkeypatch.setattr(data, "_validated", {})
    monkeypatch.setattr(data, "_read_all", lambda *args: reads.append(args) or real_read_all(*args))
    first = data.open_dataset(valid_package)
    again = data.open_dataset(valid_package)
    assert len(reads) == 1 and again.prices.equals(first.prices)
    # Same size, same modification time, different content: read and checked again, and the error found.
    prices = valid_package / "prices.csv"
    stat = prices.stat()
    prices.write_text(_replace(prices.read_text(), "USD,5,15", "USD,7,15"))
    os.utime(prices, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.open_dataset(valid_package).prices["input_per_m"].tolist() == [7.0, 1.0]
    prices.write_text(_replace(prices.read_text(), "USD,7,15", "USD,-7,15"))
    for _ in range(2):  # a bad package is never kept: it fails every time
        with pytest.raises(data.DataValidationError, match="input_per_m"):
            data.open_dataset(valid_package)
    assert len(reads) == 4
    # Another date is another check: whether a date lies in the future depends on it.
    prices.write_text(_replace(prices.read_text(), "USD,-7,15", "USD,7,15"))
    data.open_dataset(valid_package, today=dt.date(2030, 1, 1))
    data.open_dataset(valid_package, today=dt.date(2030, 1, 1))
    assert len(reads) == 5
    data.open_dataset(valid_package)  # this content with today's date was kept from the second read
    assert len(reads) == 5


def _replace(text, old, new):
    assert old in text, f"test setup: {old!r} not in table"
    return text.replace(old, new, 1)


# (file, how to break it, expected line, expected column, words the reason must contain)
CASES = [
    ("prices.csv", lambda t: _replace(t, "USD,5,15", "USD,-5,15"), 2, "input_per_m", "greater than 0"),
    ("prices.csv", lambda t: _replace(t, "USD,5,15", "USD,0,15"), 2, "input_per_m", "greater than 0"),
    ("prices.csv", lambda t: _replace(t, "USD,5,15", "EUR,5,15"), 2, "currency", "not one of"),
    ("prices.csv", lambda t: _replace(t, "USD,5,15", "USD,five,15"), 2, "input_per_m", "expected a number"),
    (
        "prices.csv",
        lambda t: _replace(t, "2024-05-13,USD", "2024-02-30,USD"),
        2,
        "effective_date",
        "not a calendar date",
    ),
    ("prices.csv", lambda t: _replace(t, "2024-05-13,USD", "13/05/2024,USD"), 2, "effective_date", "YYYY-MM-DD"),
    ("prices.csv", lambda t: _replace(t, "2024-05-13,USD", "2099-01-01,USD"), 2, "effective_date", "in the future"),
    (
        "prices.csv",
        lambda t: _replace(t, "2024-05-13,USD", "2024-01-01,USD"),
        2,
        "effective_date",
        "before the model's release",
    ),
    (
        "prices.csv",
        lambda t: t + "gpt-4o,OpenAI,2024-05-13,USD,2.5,10,,observed,list,,s1\n",
        4,
        "context_tier",
        "duplicate key",
    ),
    ("prices.csv", lambda t: _replace(t, ",announced,list,", ",launched,list,"), 2, "date_basis", "not one of"),
    ("prices.csv", lambda t: _replace(t, ",announced,list,", ",announced,sale,"), 2, "price_kind", "not one of"),
    ("prices.csv", lambda t: _replace(t, ",announced,list,", ",,list,"), 2, "date_basis", "required value is empty"),
    ("prices.csv", lambda t: _replace(t, "gpt-4o,OpenAI", "gpt-5,OpenAI"), 2, "model_id", "not in models.csv"),
    ("prices.csv", lambda t: _replace(t, ",,s1\n", ",,\n"), 2, "source_id", "required value is empty"),
    ("prices.csv", lambda t: _replace(t, ",,s1\n", ",,nowhere\n"), 2, "source_id", "not in sources.csv"),
    ("prices.csv", lambda t: _replace(t, ",output_per_m,", ","), 1, "output_per_m", "missing"),
    ("prices.csv", lambda t: _replace(t, ",notes,", ",notes,extra,"), 1, "extra", "unknown column"),
    ("prices.csv", lambda t: _replace(t, "USD,5,15,,", "USD,5,15,"), 2, None, "cells, the header has"),
    ("prices.csv", lambda t: _replace(t, ",,s1\n", ",=HYPERLINK(1),s1\n"), 2, "notes", "formula"),
    ("models.csv", lambda t: _replace(t, ",false,proprietary", ",no,proprietary"), 2, "open_weights", "true or false"),
    ("models.csv", lambda t: _replace(t, ",US,", ",USA,"), 2, "country", "pattern"),
    ("models.csv", lambda t: _replace(t, "gpt-4o,GPT-4o", "GPT 4o,GPT-4o"), 2, "model_id", "pattern"),
    ("sources.csv", lambda t: _replace(t, "https://example.org/pricing", ""), 2, "url", "required value is empty"),
    (
        "sources.csv",
        lambda t: _replace(t, ",facts (no licence stated),", ",,"),
        2,
        "licence",
        "required value is empty",
    ),
    ("sources.csv", lambda t: _replace(t, "https://example.org/pricing", "example.org/pricing"), 2, "url", "pattern"),
    ("estimates.csv", lambda t: _replace(t, ",10,9,900,", ",10,900,9,"), 2, "high", "inverted"),
    ("claims.csv", lambda t: _replace(t, ",10,10,x per year", ",20,10,x per year"), 2, "value_high", "inverted"),
    ("claims.csv", lambda t: _replace(t, "000_6f6d29521594749d.txt", "999_unknown.txt"), 2, "article", "not one of"),
    ("fx.csv", lambda t: _replace(t, "2024-05-13,7.23", "2024-05-13,abc"), 3, "cny_per_usd", "expected a number"),
    ("fx.csv", lambda t: t + "2024-05-13,7.3,s2\n", 4, "date", "duplicate key"),
    ("benchmarks.csv", lambda t: _replace(t, "mmlu,88.7", "mmlu,-1"), 2, "score", "at least 0"),
    ("benchmarks.csv", lambda t: _replace(t, ",developer,", ",someone,"), 2, "evaluator", "not one of"),
    # Plausibility rules beside the descriptor.
    (
        "benchmarks.csv",
        lambda t: _replace(t, "mmlu,88.7", "mmlu,186.4"),
        2,
        "score",
        "mmlu score 186.4 is outside its range 0 to 100",
    ),
    (
        "benchmarks.csv",
        lambda t: t + "gpt-4o,arena_elo,88.7,lmarena,,s1\n",
        3,
        "score",
        "arena_elo score 88.7 is outside",
    ),
    ("benchmarks.csv", lambda t: t + "gpt-4o,eci,1287,epoch,,s1\n", 3, "score", "eci score 1287 is outside"),
    (
        "prices.csv",
        lambda t: _replace(t, "USD,5,15", "USD,5,0.000015"),
        2,
        "output_per_m",
        "1.5e-05 USD per million tokens is outside",
    ),
    (
        "prices.csv",
        lambda t: _replace(t, "USD,5,15", "USD,5000,15"),
        2,
        "input_per_m",
        "5000 USD per million tokens is outside",
    ),
    (
        "prices.csv",
        lambda t: _replace(t, "CNY,1,2", "CNY,1,20000"),
        3,
        "output_per_m",
        "20000 CNY per million tokens is outside",
    ),
    (
        "fx.csv",
        lambda t: _replace(t, "2024-05-13,7.23", "2024-05-13,0.138"),
        3,
        "cny_per_usd",
        "typed the other way round",
    ),
    (
        "gpu_purchase.csv",
        lambda t: t + "2024-01-01,H100,SXM,per GPU,40000,30000,s1,\n",
        2,
        "usd_high",
        "range is inverted: usd_low=40000 > usd_high=30000",
    ),
    ("estimates.csv", lambda t: _replace(t, ",10,9,900,", ",1000,9,900,"), 2, "value", "outside its own range"),
    (
        "sources.csv",
        lambda t: _replace(t, "2024-05-13,2024-08-12", "2024-09-13,2024-08-12"),
        2,
        "retrieved",
        "before the source was published",
    ),
    # Provenance: the primary in url; the page read, when a copy or a report, in via_publisher and via_url.
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,archived,,,"),
        2,
        "via_url",
        "names the page read",
    ),
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,secondary,Some blog,,"),
        2,
        "via_url",
        "names the page read",
    ),
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,secondary,Blog,https://example.org/pricing,"),
        2,
        "via_url",
        "same as url",
    ),
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,primary,Blog,https://blog.example.org/a,"),
        2,
        "via_publisher",
        "must be empty",
    ),
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,weak,,,"),
        2,
        "notes",
        "what the primary would be",
    ),
    ("sources.csv", lambda t: _replace(t, "pricing,primary,,,", "pricing,hearsay,,,"), 2, "provenance", "not one of"),
    (
        "sources.csv",
        lambda t: _replace(t, "pricing,primary,,,", "pricing,archived,Internet Archive,archive.org/x,"),
        2,
        "via_url",
        "pattern",
    ),
]


# (resource, field, constraint, its value, the file to break, how, line, words the reason must contain):
# each constraint key the descriptor may carry, added to a copy of it, really rejects a row.
CONSTRAINT_CASES = [
    (
        "benchmarks",
        "score",
        "maximum",
        100,
        "benchmarks.csv",
        lambda t: _replace(t, "mmlu,88.7", "mmlu,100.5"),
        2,
        "at most 100",
    ),
    (
        "benchmarks",
        "score",
        "exclusiveMaximum",
        100,
        "benchmarks.csv",
        lambda t: _replace(t, "mmlu,88.7", "mmlu,100"),
        2,
        "less than 100",
    ),
    ("prices", "input_per_m", "exclusiveMinimum", 1, "prices.csv", lambda t: t, 3, "greater than 1"),
    (
        "models",
        "name",
        "unique",
        True,
        "models.csv",
        lambda t: _replace(t, "DeepSeek-V2,DeepSeek", "GPT-4o,DeepSeek"),
        3,
        "must be unique but is already on line 2",
    ),
    (
        "models",
        "name",
        "minLength",
        3,
        "models.csv",
        lambda t: _replace(t, "gpt-4o,GPT-4o", "gpt-4o,G4"),
        2,
        "at least 3 characters",
    ),
    ("models", "developer", "maxLength", 6, "models.csv", lambda t: t, 3, "at most 6 characters long, got 8"),
    ("fx", "date", "minimum", "2024-05-10", "fx.csv", lambda t: t, 2, "at least 2024-05-10"),
    ("fx", "date", "maximum", "2024-05-10", "fx.csv", lambda t: t, 3, "at most 2024-05-10"),
]


@pytest.mark.parametrize(
    "resource, field, key, bound, file_name, breaker, line, reason",
    CONSTRAINT_CASES,
    ids=[c[2] for c in CONSTRAINT_CASES],
)
def test_every_constraint_key_in_the_descriptor_is_enforced(
    valid_package, resource, field, key, bound, file_name, breaker, line, reason
):
    descriptor_path = valid_package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    spec = next(
        f for r in descriptor["resources"] if r["name"] == resource for f in r["schema"]["fields"] if f["name"] == field
    )
    data.validate(valid_package)  # valid before the constraint is added
    spec.setdefault("constraints", {})[key] = bound
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    path = valid_package / file_name
    path.write_text(breaker(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as raised:
        data.validate(valid_package)
    assert [(p.line, p.column) for p in raised.value.problems if reason in p.reason] == [(line, field)], str(
        raised.value
    )


def test_an_unknown_constraint_or_type_in_the_descriptor_is_an_error(valid_package):
    descriptor_path = valid_package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "benchmarks")["schema"]["fields"]
    next(f for f in fields if f["name"] == "score")["constraints"]["maximun"] = 100  # misspelt
    next(f for f in fields if f["name"] == "setting")["type"] = "datetime"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as raised:
        data.validate(valid_package)
    text = str(raised.value)
    assert "resource 'benchmarks', field 'score': unknown constraint 'maximun'" in text
    assert "resource 'benchmarks', field 'setting': unknown type 'datetime'" in text


@pytest.mark.parametrize(
    "file_name, breaker, line, column, reason", CASES, ids=[f"{c[0]}:{c[4]}:{i}" for i, c in enumerate(CASES)]
)
def test_bad_input_names_file_line_column_and_reason(valid_package, file_name, breaker, line, column, reason):
    path = valid_package / file_name
    path.write_text(breaker(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as raised:
        data.validate(valid_package)
    matching = [
        p
        for p in raised.value.problems
        if p.file.endswith(file_name) and p.line == line and p.column == column and reason in p.reason
    ]
    assert matching, f"no problem naming {file_name} line {line} column {column} '{reason}' in:\n{raised.value}"
    assert file_name in str(raised.value) and f"line {line}" in str(raised.value)


def test_non_utf8_bytes_are_reported_with_their_line(valid_package):
    path = valid_package / "models.csv"
    path.write_bytes(path.read_bytes().replace(b"OpenAI,US", b"Open\xff\xfeAI,US"))
    with pytest.raises(data.DataValidationError, match=r"models.csv, line 2: not valid UTF-8"):
        data.validate(valid_package)


def test_empty_and_missing_files(valid_package):
    (valid_package / "fx.csv").write_text("")
    (valid_package / "estimates.csv").unlink()
    with pytest.raises(data.DataValidationError) as raised:
        data.validate(valid_package)
    text = str(raised.value)
    assert "fx.csv: file is empty" in text and "estimates.csv: file is missing" in text


def test_malformed_csv_quote(valid_package):
    path = valid_package / "benchmarks.csv"
    path.write_text(path.read_text() + 'gpt-4o,"gpqa_diamond,50,developer,,s1\n')
    with pytest.raises(data.DataValidationError, match="benchmarks.csv"):
        data.validate(valid_package)


def test_missing_descriptor_or_folder(tmp_path):
    with pytest.raises(data.DataValidationError, match="does not exist"):
        data.validate(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(data.DataValidationError, match="datapackage.json: descriptor file is missing"):
        data.validate(tmp_path / "empty")


def test_every_problem_is_reported_at_once(valid_package):
    prices = valid_package / "prices.csv"
    prices.write_text(prices.read_text().replace("USD,5,15", "USD,-5,-15"))
    with pytest.raises(data.DataValidationError) as raised:
        data.validate(valid_package)
    assert {p.column for p in raised.value.problems} >= {"input_per_m", "output_per_m"}


def test_reads_are_logged_for_the_build_cache(valid_package, tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setenv(data.READS_LOG_ENV, str(log))
    dataset = data.open_dataset(valid_package)
    _ = dataset.prices
    _ = dataset.prices
    assert log.read_text().split() == ["datapackage.json", "prices.csv"]


def test_fixture_descriptor_matches_the_books(tmp_path):
    from conftest import FIXTURES, ROOT

    assert (FIXTURES / "data_small" / "datapackage.json").read_text() == (
        ROOT / "data" / "datapackage.json"
    ).read_text()


def test_the_books_data_and_the_fixture_validate():
    from conftest import FIXTURES, ROOT

    assert data.validate(ROOT / "data")["claims"] > 100
    assert data.validate(FIXTURES / "data_small")["prices"] > 10
