from pathlib import Path

import pandas as pd
import pytest

from llmecon.analysis import eci_gap_replication as eci_gap
from llmecon.core.data import open_dataset
from llmecon.core.units import DAYS_PER_MONTH

DATA = Path(__file__).resolve().parents[1] / "data"


def _models(rows):
    frame = pd.DataFrame(rows, columns=["model_version", "release_date", "accessibility", "eci"])
    return frame.assign(release_date=pd.to_datetime(frame["release_date"]))


# A closed model moves the state of the art up 10 points; an open one matches it 30 days later.
WORKED = _models(
    [
        ("closed-a", "2023-01-01", "API access", 100.0),
        ("open-b", "2023-01-01", "Open weights (unrestricted)", 100.0),
        ("closed-c", "2023-01-31", "API access", 110.0),
        ("open-d", "2023-03-02", "Open weights (restricted use)", 110.0),
        ("lab-only", "2022-06-01", "Unreleased", 200.0),  # not usable: never the state of the art
    ]
)


def test_lag_and_gap_worked_by_hand():
    lag, gap = eci_gap.measure(WORKED, tolerance=0.0, end="2023-03-02")
    assert lag == pytest.approx(30 / DAYS_PER_MONTH)
    # 61 days from 1 January to 2 March; the closed model leads by 10 points on 30 of them.
    assert gap == pytest.approx(10 * 30 / 61)


def test_a_lead_within_the_tolerance_counts_as_caught_up():
    assert eci_gap.measure(WORKED, tolerance=10.0, end="2023-03-02") == (0.0, 0.0)


def test_no_open_model_is_an_error():
    with pytest.raises(ValueError, match="no open-weight model"):
        eci_gap.measure(WORKED[~WORKED["model_version"].str.startswith("open")], 0.0, "2023-03-02")


@pytest.fixture(scope="module")
def eci_models():
    return open_dataset(DATA).eci_models


def test_on_epochs_export_the_gap_matches_and_the_strict_lag_is_longer(eci_models):
    lag, gap = eci_gap.measure(eci_models, 0.0, eci_gap.PUBLISHED_ON)
    assert gap == pytest.approx(7.21, abs=0.01)  # Epoch: about 7 points
    assert lag == pytest.approx(6.31, abs=0.01)  # Epoch: 3.5 months, with its significance rule
    lag_3, _ = eci_gap.measure(eci_models, 3.0, eci_gap.PUBLISHED_ON)
    assert lag_3 == pytest.approx(3.66, abs=0.01)


def test_replication_table_rows_and_intervals(eci_models):
    published = eci_gap.published_row((3.5, 1.1, 5.3), (7.0, 0.0, 14.0))
    table = eci_gap.replication_table(eci_models, published, [0.0, 3.0], 3.0, draws=50, seed=1)
    assert table["variant"].str.startswith("Epoch AI (published").tolist() == [True, False, False, False]
    assert table.loc[0, "lag_months"] == 3.5 and table.loc[0, "gap_high"] == 14.0
    assert eci_gap.closest_tolerance(table) == 3.0
    measured = table.iloc[1:]
    assert (measured["lag_low"] <= measured["lag_high"]).all()
    assert measured["open_models"].tolist()[-1] < measured["open_models"].tolist()[0]


def test_the_table_for_readers_gives_each_measure_with_its_interval():
    rows = [
        eci_gap.published_row((3.5, 1.1, 5.3), (7.0, 0.0, 14.0)),
        eci_gap.variant_row(f"open within {1:g}", WORKED, 0.0, "2023-03-02", draws=20, seed=1),
    ]
    shown = eci_gap.for_readers(pd.DataFrame(rows, columns=eci_gap.COLUMNS)).data
    assert list(shown.columns) == [
        "Variant",
        "Models (open)",
        "Data to",
        "Lag, months (90% interval)",
        "Gap, ECI points (90% interval)",
    ]
    assert shown.iloc[0].tolist()[1:] == ["–", "30 October 2025", "3.5 (1.1 to 5.3)", "7 (0 to 14)"]
    assert shown.iloc[1]["Models (open)"] == "4 (2)" and shown.iloc[1]["Data to"] == "2 March 2023"
