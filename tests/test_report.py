import pandas as pd
import pytest

from llmecon import report


def _record(values, verdicts):
    return {"chapters": {"chapters/01_x": {"values": values, "verdicts": verdicts, "executed_at": "t",
                                           "seconds": 1.5, "parameters": {"data_dir": "/d", "as_of": "2025-01-01"},
                                           "reads": ["prices.csv"]}}}


def _verdict(v):
    return {"verdict": v, "measured": "m", "reason": "r"}


def test_changes_lists_flips_moves_and_texts_beyond_tolerance():
    before = _record({"rate": 10.0, "same": 3.0, "tiny": 100.0, "leader": "gpt-4o"}, {"c1": _verdict("holds")})
    after = _record({"rate": 12.0, "same": 3.0, "tiny": 100.5, "leader": "deepseek-v3"}, {"c1": _verdict("does not hold")})
    found = report.changes(after, before, tolerance=0.01)
    assert found["verdicts"][["Claim", "Before", "Now"]].values.tolist() == [["c1", "holds", "does not hold"]]
    assert found["numbers"]["Value"].tolist() == ["rate"]  # 'tiny' moved 0.5%, inside the 1% tolerance
    assert found["numbers"]["Change (%)"].iloc[0] == pytest.approx(20.0)
    assert found["texts"][["Value", "Before", "Now"]].values.tolist() == [["leader", "gpt-4o", "deepseek-v3"]]


def test_changes_against_nothing_marks_every_chapter_new():
    found = report.changes(_record({"rate": 1.0}, {}), None, tolerance=0.01)
    assert found["chapters"].values.tolist() == [["01_x", "new"]]
    assert found["numbers"].empty and found["verdicts"].empty


def test_status_table_reports_time_parameters_and_reads():
    table = report.status_table(_record({}, {"c1": _verdict("holds")}))
    row = table.iloc[0]
    assert row["Chapter"] == "01_x" and row["Seconds"] == 1.5 and row["Verdicts"] == 1
    assert row["Parameters"] == "as_of=2025-01-01" and row["Data files read"] == "prices.csv"


def test_claims_table_shows_claim_verdict_reason_and_links_to_the_verdict():
    from llmecon import scorecard

    claims = pd.DataFrame([
        {"claim_id": "a000-x", "article": "000_6f6d29521594749d.txt", "quote_zh": "每年<十倍>", "claim_en": "Ten times",
         "value_low": 10.0, "value_high": 10.0, "unit": "x per year", "as_of": pd.Timestamp("2024-12-01"),
         "topic": "inference_cost", "chapter": "01_inference_cost_laws"},
        {"claim_id": "a001-y", "article": "001_b96526bf4526be4e.txt", "quote_zh": "差距", "claim_en": "Gap widens",
         "value_low": float("nan"), "value_high": float("nan"), "unit": "qualitative", "as_of": pd.Timestamp("2023-12-01"),
         "topic": "open_closed", "chapter": "03_open_vs_closed"}])
    results = {"chapters": {"chapters/01_inference_cost_laws": {"verdicts": {
        "a000-x": {"verdict": "partly holds", "measured": "÷18.5 a year", "reason": "method matters"}}}}}
    ledger = scorecard.ledger(claims, results)
    assert ledger.set_index("claim_id")["verdict"].to_dict() == {"a000-x": "partly holds", "a001-y": "pending"}
    html = scorecard.claims_table(ledger)
    assert "每年&lt;十倍&gt;" in html  # text from data is escaped
    assert "10 x per year" in html and "(qualitative)" in html and "method matters" in html
    assert 'href="chapters/01_inference_cost_laws.html#verdict-a000-x"' in html
    assert "chapters/03_open_vs_closed.html" not in html  # not built: no link
    counts = scorecard.counts_table(ledger, "article")
    assert '<th scope="row">Kai-Fu Lee, WIRED, late 2024</th><td>0</td><td>1</td>' in counts
    assert "000_6f6d29521594749d.txt" not in counts  # readers see articles by name, not file name
    # Each row carries what the page's filters select on; the filters offer only values present.
    assert 'data-article="000_6f6d29521594749d.txt" data-topic="inference_cost" data-verdict="partly holds"' in html
    assert '<option value="open_closed">open closed</option>' in html and '<option value="holds">' not in html
    assert ">Kai-Fu Lee, WIRED, late 2024 · claimed: 10 x per year · as of 2024-12-01 · <code>a000-x</code>" in html
    assert 'data-key-claimed="10.0"' in html and 'data-key-date="2023-12-01"' in html
