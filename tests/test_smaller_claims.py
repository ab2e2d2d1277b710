from pathlib import Path

import pandas as pd
import pytest

from llmecon.analysis import smaller_claims as smaller


def test_words_per_token():
    assert smaller.words_per_token(150_000, 200_000) == pytest.approx(0.75)


def test_twh_to_ej():
    assert smaller.twh_to_ej(1000) == pytest.approx(3.6)


def test_share_percent():
    assert smaller.share_percent(460, 23_000) == pytest.approx(2.0)


def _estimates():
    return pd.DataFrame(
        {
            "estimate_id": [
                "nvidia_dc_revenue_fy25q2",
                "nvidia_dc_revenue_fy25q1",
                "other_row",
                "nvidia_dc_revenue_fy24q4",
            ],
            "as_of": pd.to_datetime(["2024-07-28", "2024-04-28", "2024-01-01", "2024-01-28"]),
            "value": [30.0, 20.0, 999.0, 10.0],
            "source_id": ["s"] * 4,
        }
    )


def test_nvidia_quarters_are_sorted_and_filtered():
    quarters = smaller.nvidia_quarters(_estimates())
    assert quarters["quarter"].tolist() == ["FY24Q4", "FY25Q1", "FY25Q2"]
    assert quarters["usd_billions"].tolist() == [10.0, 20.0, 30.0]


def test_revenue_between_counts_quarters_by_their_end():
    quarters = smaller.nvidia_quarters(_estimates())
    assert smaller.revenue_between(quarters, "2024-01-28", "2024-07-28") == 50.0
    assert smaller.revenue_between(quarters, "2023-12-31", "2024-04-30") == 30.0


def test_first_quarter_reaching_a_total():
    quarters = smaller.nvidia_quarters(_estimates())
    reached = smaller.first_quarter_reaching(quarters, "2024-01-01", 25.0)
    assert reached["quarter"] == "FY25Q1" and reached["cumulative"] == 30.0
    assert smaller.first_quarter_reaching(quarters, "2024-01-01", 100.0) is None


def _book():
    """The book's data and a claim lookup like the chapter's ch.claim (low, high, as_of)."""
    from types import SimpleNamespace

    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    table = dataset.claims.set_index("claim_id")

    def claim(claim_id):
        row = table.loc[claim_id]
        low = None if pd.isna(row["value_low"]) else float(row["value_low"])
        return SimpleNamespace(
            low=low,
            high=low if pd.isna(row["value_high"]) else float(row["value_high"]),
            as_of=pd.Timestamp(row["as_of"]),
        )

    return dataset, claim


def test_phone_memory_growth_is_the_pixels_third_and_no_4x():
    dataset, claim = _book()
    found = smaller.counts_and_opinions(dataset, claim)
    assert found["numbers"]["ram_growth_best"] == pytest.approx(16 / 12)
    phone = {v["claim_id"]: v["judgement"] for v in found["verdicts"]}["a001-phone-memory-4-5x-on-device"]
    assert phone.verdict == "does not hold" and phone.direction == "overstated"


def test_claude3_family_and_its_first_inputs():
    dataset, claim = _book()
    found = smaller.claude3_and_gpt4_turbo(dataset, claim)
    judged = {v["claim_id"]: v["judgement"] for v in found["verdicts"]}
    assert found["numbers"]["claude3_models"] == 3
    first = judged["a003-claude3-first-image-document-upload"]
    # images came with Claude 3 (4 March 2024); documents with Claude 2 (11 July 2023), 237 days before
    assert first.verdict == "partly holds" and first.value == 237


def test_energy_share_is_adopted_on_electricity_and_weighed_on_primary_energy():
    dataset, claim = _book()
    found = smaller.energy(dataset, claim, pd.Timestamp("2026-11-30"))
    share = found["verdicts"][0]["judgement"]
    assert found["numbers"]["share_of_primary"] == pytest.approx(460 * 0.0036 / 620 * 100)
    assert share.verdict == "holds" and not share.robust


def test_aws_chips_five_years_from_inferentia():
    dataset, claim = _book()
    found = smaller.race(dataset, claim, pd.Timestamp("2026-11-30"))
    # November 2018 (the 15th stands for the month) to 15 April 2024: 65 months = 5.42 years
    assert found["numbers"]["aws_chip_years"] == pytest.approx(65 / 12, abs=0.01)


def test_a_bet_nvidia_never_reached_reads_as_not_reached_and_is_not_due():
    dataset, claim = _book()
    found = smaller.gpu_spending(dataset, claim, 100_000.0, [1, 20], pd.Timestamp("2026-01-01"))
    assert found["numbers"]["months_to_bet"] is None
    assert found["texts"]["bet_passing"] == "never reached $100,000 billion"
    judged = found["verdicts"][0]["judgement"]
    assert (judged.verdict, judged.rule["ground"]) == ("untestable", "not_due")  # 20 years from the interview
    default = smaller.gpu_spending(dataset, claim, 100.0, [3, 5], pd.Timestamp("2026-01-01"))
    assert default["texts"]["bet_outcome"] == "was overtaken quickly" and default["numbers"]["months_to_bet"] > 0
