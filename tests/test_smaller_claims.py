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
    return pd.DataFrame({
        "estimate_id": ["nvidia_dc_revenue_fy25q2", "nvidia_dc_revenue_fy25q1", "other_row", "nvidia_dc_revenue_fy24q4"],
        "as_of": pd.to_datetime(["2024-07-28", "2024-04-28", "2024-01-01", "2024-01-28"]),
        "value": [30.0, 20.0, 999.0, 10.0],
        "source_id": ["s"] * 4,
    })


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
