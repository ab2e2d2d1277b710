"""The build end to end: papermill, results record, Jupyter Book, caching, failures."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from llmecon import build, inference
from llmecon.data import open_dataset

from conftest import FIXTURES, LAST_GOOD_SITE, ROOT, book_with_altered_chapter

pytestmark = pytest.mark.book
CHAPTER = "chapters/01_inference_cost_laws"
SMALL_DATA = FIXTURES / "data_small"


def _glued(html_path: Path) -> list[str]:
    return re.findall(r'<span class="pasted-text">([^<]*)</span>', html_path.read_text(encoding="utf-8"))


def _values(out: Path) -> dict:
    record = json.loads((out / "executed" / "results.json").read_text())
    return record["chapters"][CHAPTER]["values"]


def _expected_fits(data_dir: Path, as_of):
    """The chapter's headline computation with its default parameters, redone through the package."""
    dataset = open_dataset(data_dir)
    return inference.measure_rates(
        dataset, as_of, "2021-11-01", 0.75, {"mmlu": [65.0, 70.0, 80.0, 85.0], "gpqa_diamond": [35.0, 45.0, 55.0]},
        ["developer", "artificial_analysis", "epoch"], False, 0.9, 12)


@pytest.fixture(scope="session")
def small_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("small") / "_build"
    data_dir = tmp_path_factory.mktemp("small-data") / "data"
    shutil.copytree(SMALL_DATA, data_dir)
    logs = []
    builder = build.Builder(ROOT, data_dir, out, log=logs.append)
    builder.run()
    return {"out": out, "data": data_dir, "logs": logs, "as_of": builder.as_of}


def test_glued_numbers_in_the_html_equal_the_package_computation(small_book):
    measured = _expected_fits(small_book["data"], small_book["as_of"])
    values = _values(small_book["out"])
    assert values["pooled_factor"] == pytest.approx(measured.pooled.annual_decline_factor)
    assert values["median_factor"] == pytest.approx(float(measured.fits["factor"].median()))
    assert values["n_fits"] == int(measured.fits["factor"].notna().sum())
    glued = _glued(small_book["out"] / "html" / f"{CHAPTER}.html")
    assert f"{measured.pooled.annual_decline_factor:.1f}" in glued
    assert f"{measured.fits['factor'].median():.1f}" in glued
    assert f"{10 ** (12 / 18):.2f}" in glued  # ÷10 per 18 months, per year


def test_verdicts_reach_the_landing_page(small_book):
    record = json.loads((small_book["out"] / "executed" / "results.json").read_text())
    verdicts = record["chapters"][CHAPTER]["verdicts"]
    assert verdicts["a000-inference-10x-per-year"]["verdict"] in {"holds", "partly holds", "does not hold"}
    index = (small_book["out"] / "html" / "index.html").read_text(encoding="utf-8")
    assert "a000-inference-10x-per-year" in index
    row = re.search(r"a000-search-query-cost-2024</code>.*?</tr>", index, re.S).group(0)
    assert verdicts["a000-search-query-cost-2024"]["verdict"] in row


def test_no_change_rebuild_executes_nothing(small_book):
    logs = []
    build.Builder(ROOT, small_book["data"], small_book["out"], log=logs.append).run()
    assert not any(line.startswith("executing") for line in logs), logs


def test_changing_a_price_re_executes_and_changes_the_fitted_rates(small_book, tmp_path):
    out = tmp_path / "_build"
    shutil.copytree(small_book["out"], out, symlinks=True)
    before = _values(out)["pooled_factor"]
    prices = small_book["data"] / "prices.csv"
    original = prices.read_text(encoding="utf-8")
    try:
        table = pd.read_csv(prices, dtype=str, keep_default_na=False)
        # Make the latest price ten times cheaper.
        latest = table.sort_values("effective_date").index[-1]
        table.loc[latest, "input_per_m"] = str(float(table.loc[latest, "input_per_m"]) / 10)
        table.loc[latest, "output_per_m"] = str(float(table.loc[latest, "output_per_m"]) / 10)
        table.to_csv(prices, index=False)
        logs = []
        build.Builder(ROOT, small_book["data"], out, log=logs.append).run()
        assert any(line.startswith("executing") and CHAPTER in line for line in logs), logs
        after = _values(out)["pooled_factor"]
        expected = _expected_fits(small_book["data"], small_book["as_of"])
        assert after == pytest.approx(expected.pooled.annual_decline_factor)
        assert after != pytest.approx(before)
    finally:
        prices.write_text(original, encoding="utf-8")


def test_bad_data_stops_the_build_and_keeps_the_last_site(small_book, tmp_path, capsys):
    data_dir = tmp_path / "data"
    shutil.copytree(small_book["data"], data_dir)
    prices = data_dir / "prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[4] = "-1"  # input_per_m
    lines[1] = ",".join(fields)
    prices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "index.html").write_text("last good site")
    code = build.main(["--root", str(ROOT), "--data", str(data_dir), "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "prices.csv, line 2, column 'input_per_m'" in err
    assert (out / "html" / "index.html").read_text() == "last good site"


def test_a_failing_chapter_names_chapter_and_cell_and_keeps_the_last_site(small_book, tmp_path):
    root, out = book_with_altered_chapter(tmp_path, "broken", 2, ["raise RuntimeError('deliberately broken for the test')\n"])
    with pytest.raises(build.BuildError) as raised:
        build.Builder(root, small_book["data"], out, log=lambda *_: None).run()
    message = str(raised.value)
    assert "chapter chapters/broken failed at cell" in message
    assert "RuntimeError: deliberately broken for the test" in message
    assert "raise RuntimeError" in message  # the failing cell's code is quoted
    assert (out / "html" / "index.html").read_text() == LAST_GOOD_SITE
    executed = json.loads((out / "executed" / "chapters" / "broken.ipynb").read_text())
    tracebacks = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert tracebacks and tracebacks[0]["ename"] == "RuntimeError"


def test_ledger_check_fails_on_a_claim_without_a_verdict(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data_dir)
    claims = (data_dir / "claims.csv").read_text(encoding="utf-8").splitlines()
    kept = [claims[0]] + [line for line in claims if line.startswith("a000-inference-10x-per-year,")]
    kept.append("a000-unjudged,000_6f6d29521594749d.txt,每年十倍,An extra claim no chapter judges,10,10,"
                "x per year,2024-12-01,inference_cost,01_inference_cost_laws")
    kept.append("a001-orphan,001_b96526bf4526be4e.txt,每年十倍,A claim for a chapter that was not built,10,10,"
                "x per year,2024-12-01,inference_cost,02_training_costs")
    (data_dir / "claims.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    builder = build.Builder(ROOT, data_dir, tmp_path / "_build", log=lambda *_: None)
    builder.results_path.parent.mkdir(parents=True)
    builder.results_path.write_text(json.dumps({"chapters": {CHAPTER: {"verdicts": {
        "a000-inference-10x-per-year": {"verdict": "holds"}, "a004-not-in-ledger": {"verdict": "holds"}}}}}))
    with pytest.raises(build.BuildError) as raised:
        builder.check_ledger()
    message = str(raised.value)
    assert "a000-unjudged: chapter 01_inference_cost_laws gives it no verdict" in message
    assert "a004-not-in-ledger" in message and "not in claims.csv" in message
    assert "a001-orphan: its chapter 02_training_costs was not built" in message
    assert "a000-inference-10x-per-year" not in message  # judged by its own chapter: no problem
