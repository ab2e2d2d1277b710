from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from llmecon.analysis import epoch_replication as replication
from llmecon.core.data import open_dataset

DATA = Path(__file__).resolve().parents[1] / "data"


def _observations(rows):
    frame = pd.DataFrame(rows, columns=["model", "date", "price", "mmlu"])
    for benchmark in replication.BENCHMARKS:
        if benchmark not in frame:
            frame[benchmark] = np.nan
    return frame.assign(date=pd.to_datetime(frame["date"]))


def test_record_lows_worked_by_hand():
    observations = _observations(
        [
            ("a", "2023-01-01", 10.0, 70.0),
            ("b", "2023-03-01", 12.0, 80.0),  # dearer than a: not a record
            ("c", "2023-06-01", 4.0, 72.0),  # record
            ("d", "2023-06-01", 2.0, 75.0),  # same date, cheaper: replaces c
            ("e", "2023-09-01", 1.0, 60.0),  # below the threshold
            ("f", "2024-01-01", 1.5, 100.0),  # a perfect score is outside Epoch's half-open range
            ("g", "2024-02-01", 1.0, 71.0),  # record
        ]
    )
    records = replication.record_lows(observations, "mmlu", 70.0)
    assert records["model"].tolist() == ["a", "d", "g"]


def test_a_missing_price_sets_no_record_and_hides_none():
    observations = _observations(
        [
            ("a", "2023-01-01", np.nan, 70.0),
            ("b", "2023-02-01", 10.0, 80.0),  # the first price: a record
            ("c", "2023-03-01", np.nan, 72.0),
            ("d", "2023-04-01", 10.0, 75.0),  # equal to the record low: not below it
            ("e", "2023-05-01", 9.0, 71.0),  # record, right after a missing price
        ]
    )
    assert replication.record_lows(observations, "mmlu", 70.0)["model"].tolist() == ["b", "e"]


def test_book_observations_take_the_median_of_the_hosts_in_force_each_day():
    class Prices:  # the book's data in the shape book_observations reads
        prices = pd.DataFrame(
            {
                "model_id": ["m"] * 5,
                "provider": ["h1", "h2", "h3", "h1", "h2"],
                "effective_date": pd.to_datetime(
                    ["2024-01-01", "2024-01-01", "2024-01-01", "2024-03-01", "2024-05-01"]
                ),
                "currency": "USD",
                "input_per_m": [4.0, 2.0, 9.0, 1.0, 2.0],
                "output_per_m": [4.0, 2.0, 9.0, 1.0, 2.0],
                "date_basis": "announced",
                "price_kind": "list",
                "source_id": "s",
                "context_tier": "",
            }
        )
        models = pd.DataFrame(
            {
                "model_id": ["m"],
                "name": ["M"],
                "developer": ["Lab"],
                "open_weights": [True],
                "reasoning": [False],
                "release_date": pd.to_datetime(["2023-12-01"]),
            }
        )
        sources = pd.DataFrame({"source_id": ["s"], "publisher": ["P"], "url": ["https://example.org"]})
        benchmarks = pd.DataFrame(columns=["model_id", "benchmark", "evaluator", "score", "setting", "source_id"])
        fx = pd.DataFrame(columns=["date", "cny_per_usd", "source_id"])

        def rows(self, name, column, values):  # as data.Dataset.rows looks rows up
            table = getattr(self, name)
            return table[table[column].isin(list(values))]

    observations = replication.book_observations(Prices(), "2024-12-31", 0.75, ["developer"])
    # 1 Jan: hosts at 4, 2, 9 (median 4); 1 Mar: h1 cuts to 1 (1, 2, 9: median 2); 1 May: h2 restates 2 (no change).
    assert observations["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-03-01"]
    assert observations["price"].tolist() == [4.0, 2.0]


def test_fit_decline_recovers_ten_times_a_year():
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2024-12-31", "2025-12-31"])  # 365 days apart
    fit = replication.fit_decline(dates, [100.0, 10.0, 1.0, 0.1])
    assert fit["factor"] == pytest.approx(10.0, rel=1e-9)
    assert fit["ci_low"] == pytest.approx(10.0, rel=1e-6) and fit["ci_high"] == pytest.approx(10.0, rel=1e-6)


def test_fit_decline_interval_by_hand():
    # Residuals +e, -2e, +e around a line: slope known, standard error from the formula.
    days = np.array([0.0, 365.0, 730.0])
    logs = np.array([2.0, 1.0, 0.0]) + np.array([0.1, -0.2, 0.1])
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")
    fit = replication.fit_decline(dates, 10**logs, confidence=0.90)
    slope = -1.0 / 365
    residual_var = (0.1**2 + 0.2**2 + 0.1**2) / 1
    se = np.sqrt(residual_var / ((days - days.mean()) ** 2).sum())
    t = 6.313751514675041  # Student's t, 0.95 quantile, 1 degree of freedom
    assert fit["factor"] == pytest.approx(10.0)
    assert fit["ci_low"] == pytest.approx(10 ** (-(slope + t * se) * 365))
    assert fit["ci_high"] == pytest.approx(10 ** (-(slope - t * se) * 365))


def test_threshold_models_are_past_leaders_above_chance():
    observations = _observations(
        [
            ("old", "2022-01-01", 50.0, 25.0),  # leader, but below 30% on a multiple-choice benchmark
            ("mid", "2023-01-01", 20.0, 70.0),  # leader
            ("low", "2023-06-01", 1.0, 60.0),  # never the best
            ("top", "2024-01-01", 30.0, 86.0),  # leader
        ]
    )
    leaders = replication.threshold_models(observations, "mmlu")
    assert leaders["threshold_model"].tolist() == ["mid", "top"]
    assert leaders["threshold"].tolist() == [70.0, 86.0]


def test_fewer_than_four_records_gives_no_rate():
    observations = _observations(
        [("a", "2023-01-01", 10.0, 70.0), ("b", "2023-06-01", 5.0, 71.0), ("c", "2024-01-01", 1.0, 72.0)]
    )
    rates = replication.decline_rates(observations, pd.DataFrame({"benchmark": ["mmlu"], "threshold": [70.0]}))
    assert rates.loc[0, "points"] == 3 and pd.isna(rates.loc[0, "factor"])


def test_method_on_epochs_inputs_reproduces_epochs_published_table():
    """The replication target: every row inside Epoch's 90% interval and within 10% of its point estimate."""
    dataset = open_dataset(DATA)
    published = dataset.epoch_inference_rates
    ours = replication.decline_rates(
        replication.epoch_observations(dataset.epoch_price_inputs), published[["benchmark", "threshold"]]
    )
    merged = ours.merge(published, on=["benchmark", "threshold"], suffixes=("", "_epoch"))
    assert len(merged) == len(published) > 0
    assert (merged["points"] == merged["points_epoch"]).all()
    assert merged["factor"].between(merged["ci_low_epoch"], merged["ci_high_epoch"]).all()
    assert ((merged["factor"] / merged["factor_epoch"] - 1).abs() < 0.10).all()


def test_epochs_own_thresholds_include_every_published_row():
    dataset = open_dataset(DATA)
    derived = replication.epoch_thresholds(replication.epoch_observations(dataset.epoch_price_inputs))
    published = dataset.epoch_inference_rates
    keys = set(zip(derived["benchmark"], derived["threshold"]))
    assert set(zip(published["benchmark"], published["threshold"])) <= keys
