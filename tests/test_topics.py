"""Topics a reader can use: each claim under a named topic, no catch-all bucket outgrowing the real ones."""

from pathlib import Path

import pandas as pd
import pytest

from llmecon.site import scorecard

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "claims_csv",
    [ROOT / "data" / "claims.csv", ROOT / "tests" / "fixtures" / "data_small" / "claims.csv"],
    ids=["data", "fixture"],
)
def test_no_catch_all_topic_is_larger_than_a_real_one(claims_csv):
    counts = pd.read_csv(claims_csv)["topic"].value_counts()
    real = counts.drop("other", errors="ignore")
    assert counts.get("other", 0) <= real.min(), (
        f"{counts.get('other', 0)} claims under 'other', more than the smallest real topic ({real.idxmin()}, "
        f"{real.min()}): give new claims a topic of datapackage.json's enum"
    )


def test_topics_read_as_words():
    assert scorecard.topic_label("open_closed") == "open-closed"
    assert scorecard.topic_label("token_pricing") == "token pricing"
    ledger = pd.DataFrame(
        {"topic": ["open_closed", "open_closed", "model_releases"], "verdict": ["holds", "untestable", "holds"]}
    )
    html = scorecard.counts_table(ledger, "topic")
    assert ">open-closed</th>" in html and ">model releases</th>" in html and "open closed" not in html
