import json
import re

import pandas as pd

from llmecon.site import report


def _record(values, verdicts):
    return {
        "chapters": {
            "chapters/01_x": {
                "values": values,
                "verdicts": verdicts,
                "executed_at": "2026-11-30T15:34:18+00:00",
                "seconds": 1.5,
                "parameters": {"data_dir": "/d", "as_of": "2025-01-01"},
                "reads": ["prices.csv"],
            }
        }
    }


def _verdict(v):
    return {"verdict": v, "measured": "m", "reason": "r"}


CHAPTER_TEXT = [
    "# Inference cost laws: does it get cheaper?\n\nThis page was computed on the data snapshot of {glue:text}`as_of`, "
    "that is {glue:text}`snapshot`.",
    "## Testing the laws\n\nThe pooled trend falls **÷{glue:text}`rate:.1f` a year** across levels. "
    "The cheapest is {glue:text}`leader`, at \\${glue:text}`price:.2f` per million tokens.",
]


def _executed_chapter(tmp_path):
    """An executed-notebooks folder holding chapter 01_x's text, as the build leaves it."""
    folder = tmp_path / "executed"
    (folder / "chapters").mkdir(parents=True)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in CHAPTER_TEXT]
    (folder / "chapters" / "01_x.ipynb").write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return folder


def test_changes_word_each_moved_number_as_the_text_states_it(tmp_path):
    before = _record(
        {
            "rate": 10.0,
            "price": 0.6,
            "tiny": 100.0,
            "hidden": 1.0,
            "leader": "gpt-4o",
            "as_of": "2025-01-01",
            "snapshot": "1 January 2025",
        },
        {"c1": _verdict("holds")},
    )
    after = _record(
        {
            "rate": 12.0,
            "price": 0.6,
            "tiny": 100.5,
            "hidden": 2.0,
            "leader": "deepseek-v3",
            "as_of": "2025-02-01",
            "snapshot": "1 February 2025",
        },
        {"c1": _verdict("does not hold")},
    )
    before["as_of"], after["as_of"] = "2025-01-01", "2025-02-01"
    found = report.changes(
        after,
        before,
        tolerance=0.01,
        executed_dir=_executed_chapter(tmp_path),
        claim_texts={"c1": "Ten times <cheaper> a year"},
    )
    assert found["verdicts"][["Before", "Now"]].values.tolist() == [["holds", "does not hold"]]
    assert (
        found["verdicts"]["Claim"].iloc[0]
        == '<a href="../chapters/01_x.html#verdict-c1">Ten times &lt;cheaper&gt; a year</a>'
    )
    [moved] = found["numbers"].to_dict("records")  # 'tiny' moved 0.5%, inside the 1% tolerance
    assert (moved["Before"], moved["Now"], moved["Change"]) == ("÷10.0 a year", "÷12.0 a year", "+20%")
    assert moved["In the text"] == "The pooled trend falls ÷<mark>10.0 → 12.0</mark> a year across levels."
    assert moved["Where"] == '<a href="../chapters/01_x.html#testing-the-laws">Inference cost laws</a>'
    [text] = found["texts"].to_dict("records")  # the analysis date moving is not listed
    assert (text["Before"], text["Now"]) == ("gpt-4o", "deepseek-v3")
    assert text["In the text"] == "The cheapest is <mark>gpt-4o → deepseek-v3</mark>, at $0.60 per million tokens."
    assert found["uncited"] == 1  # 'hidden' moved but no sentence quotes it
    assert "rate" not in found["numbers"].to_string() and "hidden" not in found["numbers"].to_string()


def test_changes_against_nothing_marks_every_chapter_new():
    found = report.changes(_record({"rate": 1.0}, {}), None, tolerance=0.01)
    assert found["chapters"]["Change"].tolist() == ["new"]
    assert found["numbers"].empty and found["verdicts"].empty


def _table(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_data_changes_group_new_models_developer_prices_folded_resellers_and_recent_revisions(valid_package, tmp_path):
    import shutil

    previous = tmp_path / "previous"
    shutil.copytree(valid_package, previous)
    prices = (valid_package / "prices.csv").read_text()
    _table(
        valid_package,
        "prices.csv",
        prices + "gpt-4o,OpenAI,2024-08-06,USD,2.5,10,,observed,list,,s1\n"
        "gpt-4o,Reseller,2024-08-06,USD,2.8696370,11,,observed,list,,s1\n"
        "gpt-4o,OpenAI (long_context),2024-08-06,USD,5,20,,observed,list,,s1\n",
    )
    models = (valid_package / "models.csv").read_text()
    _table(valid_package, "models.csv", models + "o1,o1,OpenAI,US,2024-12-05,provider,false,proprietary,,true,,s1\n")
    _table(
        valid_package,
        "prices.csv",
        (valid_package / "prices.csv").read_text() + "o1,OpenAI,2024-12-17,USD,15,60,,announced,list,,s1\n",
    )
    header = "revised_on,table,row_key,column,old_value,new_value,source_id,note\n"
    old_revision = "2026-11-01,models,gpt-4o,parameters_b,,200,s1,earlier\n"
    _table(previous, "revisions.csv", header + old_revision)
    _table(
        valid_package,
        "revisions.csv",
        header + old_revision + "2026-11-30,training_runs,GPT-4.5,compute_flop,2.1e+26,3.8e+26,s1,weekly import\n",
    )
    found = report.data_changes(previous, valid_package)
    assert found["models"][["Model", "Developer", "Released"]].values.tolist() == [["o1", "OpenAI", "2024-12-05"]]
    assert found["prices"][["Model", "Seller", "Change", "Before", "Now", "From"]].values.tolist() == [
        [
            "GPT-4o",
            "OpenAI",
            "price cut",
            "5 in / 15 out USD per million tokens",
            "2.5 in / 10 out USD per million tokens",
            "2024-08-06 (observed)",
        ],
        ["o1", "OpenAI", "first price", "", "15 in / 60 out USD per million tokens", "2024-12-17 (announced)"],
    ]
    # A reseller's and a tier's prices are counted, not listed; no raw cell such as 2.8696370 reaches the page.
    assert found["price_counts"].values.tolist() == [
        ["OpenAI (long_context)", 1, 1, 0, 0, 0],
        ["Reseller", 1, 1, 0, 0, 0],
    ]
    assert "2.869637" not in found["prices"].to_string()
    assert (
        report._price_text({"input_per_m": "0.2869637", "output_per_m": "1", "currency": "USD"})
        == "0.287 in / 1 out USD per million tokens"
    )
    assert found["added"].empty  # models and prices have sections of their own
    shown = lambda frame: [[cell.replace("<wbr>", "") for cell in row] for row in frame.values.tolist()]  # noqa: E731
    assert shown(found["new_revisions"][["Value (table: row · column)", "Before", "Now"]]) == [
        ["training_runs: GPT-4.5 · compute_flop", "2.1 × 10^26", "3.8 × 10^26"]
    ]
    assert found["revisions_total"] == 2
    first = report.data_changes(None, valid_package)
    assert first["prices"].empty and first["new_revisions"].empty and first["revisions_total"] == 2


def test_a_first_build_says_it_has_nothing_to_compare_with():
    record = {"as_of": "2026-12-07", "chapters": {}}
    assert (
        report.comparison_sentence(record, None, 0.01)
        == "This build analyses the data as of 7 December 2026; no earlier build is kept to compare it with."
    )
    assert report.comparison_sentence(record, {"as_of": "2026-11-30"}, 0.01).endswith(
        "analysed them as of 30 November 2026. Numbers count as moved when they changed by more than 1%."
    )


def test_status_table_reports_time_parameters_and_reads():
    table = report.status_table(_record({}, {"c1": _verdict("holds")}))
    row = table.iloc[0]
    assert row["Chapter"] == "01_x" and row["Seconds"] == 1.5 and row["Verdicts"] == 1
    assert row["Last executed (UTC)"] == "2026-11-30 15:34"
    assert row["Parameters"] == "as_of=2025-01-01" and row["Data files read"] == "prices.csv"


def test_claims_table_shows_claim_verdict_reason_and_links_to_the_verdict():
    from llmecon.site import scorecard

    claims = pd.DataFrame(
        [
            {
                "claim_id": "a000-x",
                "article": "000_6f6d29521594749d.txt",
                "quote_zh": "每年<十倍>",
                "claim_en": "Ten times",
                "value_low": 10.0,
                "value_high": 10.0,
                "unit": "x per year",
                "as_of": pd.Timestamp("2024-12-01"),
                "topic": "inference_cost",
                "chapter": "01_inference_cost_laws",
            },
            {
                "claim_id": "a001-y",
                "article": "001_b96526bf4526be4e.txt",
                "quote_zh": "差距",
                "claim_en": "Gap widens",
                "value_low": float("nan"),
                "value_high": float("nan"),
                "unit": "qualitative",
                "as_of": pd.Timestamp("2023-12-01"),
                "topic": "open_closed",
                "chapter": "03_open_vs_closed",
            },
        ]
    )
    results = {
        "chapters": {
            "chapters/01_inference_cost_laws": {
                "verdicts": {
                    "a000-x": {"verdict": "partly holds", "measured": "÷18.5 a year", "reason": "method matters"}
                }
            }
        }
    }
    ledger = scorecard.ledger(claims, results)
    assert ledger.set_index("claim_id")["verdict"].to_dict() == {"a000-x": "partly holds", "a001-y": "pending"}
    html = scorecard.claims_table(ledger)
    assert "每年&lt;十倍&gt;" in html  # text from data is escaped
    assert "10x per year" in html and "(qualitative)" in html and "method matters" in html
    assert 'href="chapters/01_inference_cost_laws.html#verdict-a000-x"' in html
    assert "chapters/03_open_vs_closed.html" not in html  # not built: no link
    counts = scorecard.counts_table(ledger, "article")
    assert '<th scope="row">Kai-Fu Lee, WIRED, late 2024</th><td>0</td><td>1</td>' in counts
    assert "000_6f6d29521594749d.txt" not in counts  # readers see articles by name, not file name
    # Each row carries what the page's filters select on; the filters offer only values present.
    assert 'data-article="000_6f6d29521594749d.txt" data-topic="inference_cost" data-verdict="partly holds"' in html
    assert '<option value="open_closed">open-closed</option>' in html and '<option value="holds">' not in html
    assert ">Kai-Fu Lee, WIRED, late 2024 · claimed: 10x per year · as of 2024-12-01 · <code>a000-x</code>" in html
    assert 'data-key-claimed="10.0"' in html and "data-key-unit=" in html and 'data-key-date="2023-12-01"' in html


def test_revised_values_read_as_numbers_for_people():
    from llmecon.site.report import _revised_value

    assert _revised_value("1164146794") == "1,164,146,794"
    assert _revised_value("8.000001e+24") == "8.000001 × 10^24"
    assert _revised_value("2024") == "2024" and _revised_value("Likely") == "Likely"
    assert _revised_value("2025-04-16") == "2025-04-16"
    from llmecon.site.report import _digits_to_tell

    assert _digits_to_tell({"old_value": "1.0001e+25", "new_value": "8.000001e+24"}) == 3
    assert _revised_value("8.000001e+24", 3) == "8 × 10^24"
    assert _digits_to_tell({"old_value": "1.23451", "new_value": "1.23459"}) == 5


def test_sources_table_puts_the_primary_first_and_says_how_each_was_read(valid_package):
    from llmecon.core.data import open_dataset

    sources = (valid_package / "sources.csv").read_text(encoding="utf-8")
    sources += (
        "s3,IDC spending guide,Zeta Blog,https://blog.example.org/idc,weak,,,,2025-01-02,facts (no licence stated),"
        "IDC's own release was searched for and not found\n"
        "s4,Price page,Anthropic,https://anthropic.example.org/pricing,archived,Internet Archive (Wayback Machine),"
        "https://web.archive.org/web/2024/https://anthropic.example.org/pricing,,2025-01-02,facts (no licence stated),\n"
    )
    (valid_package / "sources.csv").write_text(sources, encoding="utf-8")
    dataset = open_dataset(valid_package)
    html = report.sources_table(dataset, {"chapters": {"chapters/01_x": {"reads": ["prices.csv"]}}})
    rows = {row.split('"')[0]: row for row in html.split('<tr id="source-')[1:]}
    assert set(rows) == {"s1", "s2", "s3", "s4"}
    archived = rows["s4"]
    # The primary's link comes first, the copy read after "via".
    assert archived.index('href="https://anthropic.example.org/pricing"') < archived.index(
        'via <a href="https://web.archive.org'
    )
    assert "primary, read in an archived copy" in archived
    assert "no primary found" in rows["s3"] and "searched for and not found" in rows["s3"]
    assert "provenance-weak" in rows["s3"] and "via" not in rows["s1"]
    # Cited in prices, read by that chapter (named by its number); the list of sources itself counts for nothing.
    assert re.search(r"tables: [a-z, ]*\bprices\b[a-z, ]*<br>chapters: 1</td>", rows["s1"])
    assert "tables:" not in rows["s3"] and "sources" not in html.split("<tbody>")[1].replace("sources.csv", "")
    assert report.chapter_legend({"chapters": {"chapters/01_x_y": {}}}) == (
        '<p class="sources-legend">Chapters by number: <a href="../chapters/01_x_y.html">1 x y</a>.</p>'
    )
    assert report.provenance_counts(dataset.sources) == {"primary": 2, "archived": 1, "secondary": 0, "weak": 1}


def test_each_table_says_how_far_its_evidence_reaches_and_when_it_was_read():
    from conftest import SMALL_DATA
    from llmecon.core.data import open_dataset
    from llmecon.site import weekly

    dataset = open_dataset(SMALL_DATA)
    prices = dataset.prices
    assert report.evidence_through(dataset, "prices") == prices["effective_date"].max().date()
    # A benchmark score is dated by its model's release.
    scored = dataset.models[dataset.models["model_id"].isin(dataset.benchmarks["model_id"])]
    assert report.evidence_through(dataset, "benchmarks") == scored["release_date"].max().date()
    assert report.evidence_through(dataset, "model_aliases") is None
    cited = dataset.sources[dataset.sources["source_id"].isin(prices["source_id"])]
    assert report.last_read(dataset, "prices") == cited["retrieved"].max().date()
    line = report.evidence_ends(dataset, ["prices", "fx"], as_of="2024-06-30")
    assert line.startswith("The evidence in this chapter reaches: prices in force to 30 June 2024; exchange rates to ")
    table = report.freshness_table(dataset, weekly.refreshed_by()).set_index("Table")
    assert table.loc["fx", "Refreshed by"] == "weekly import: fred.stlouisfed.org"
    assert table.loc["prices", "Evidence through"] == prices["effective_date"].max().date().isoformat()
    assert table.loc["benchmarks", "Refreshed by"] == "weekly import: epoch-research/benchmark-stitching"
    assert table.loc["estimates", "Refreshed by"].startswith("by hand: ")


def test_every_table_a_chapter_reads_has_an_importer_or_says_it_has_no_public_upstream(real_site):
    from conftest import ROOT
    from llmecon.site import weekly

    results = json.loads((real_site.parent / "executed" / "results.json").read_text(encoding="utf-8"))
    read = {
        name.removesuffix(".csv")
        for chapter in results["chapters"].values()
        for name in chapter["reads"]
        if name.endswith(".csv")
    }
    refreshed = weekly.refreshed_by()
    assert read - set(refreshed) == set(), "tables a chapter reads with neither an importer nor a note"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    notes = readme.split("Tables without a public upstream")[1].split("\n\n")[1]
    assert {table for table in weekly.NO_PUBLIC_UPSTREAM if f"`{table}`" not in notes} == set()
