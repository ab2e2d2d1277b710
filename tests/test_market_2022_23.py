from pathlib import Path

import pandas as pd
import pytest

from llmecon.analysis import market_2022_23 as market
from llmecon.core.data import open_dataset

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(DATA)


def test_the_addition_is_the_litellm_rows_and_one_announced_price(dataset):
    prices = dataset.prices
    added = prices[market.is_added(prices)]
    assert len(added) >= 38
    assert (pd.to_datetime(added["effective_date"]) < market.CUTOFF).all()
    assert set(added.loc[added["provider"] == "OpenAI", "date_basis"]) == {"announced", "catalogue"}
    assert len(market.WithoutAddition(dataset).prices) == len(prices) - len(added)


def test_without_addition_reads_every_other_table_unchanged(dataset):
    assert market.WithoutAddition(dataset).models.equals(dataset.models)
    assert market.WithoutAddition(dataset).snapshot_date() == dataset.snapshot_date()


def test_early_rows_by_provider_counts_rows_and_date_bases():
    prices = pd.DataFrame({
        "model_id": ["a", "b", "c", "d"], "provider": ["X", "X", "Y", "Y"], "currency": "USD",
        "effective_date": pd.to_datetime(["2023-05-01", "2023-06-01", "2023-07-01", "2024-02-01"]),
        "date_basis": ["announced", "catalogue", "observed", "observed"],
        "source_id": ["s", "litellm_pypi_1", "s", "s"]})
    table = market.early_rows_by_provider(prices).set_index("seller")
    assert table.loc["X"].tolist() == [2, 1, 1, 0, 1]
    assert table.loc["Y"].tolist() == [1, 0, 0, 1, 0]


def test_records_before_counts_only_record_lows_before_the_cutoff():
    steps = pd.DataFrame({"date": pd.to_datetime(["2023-01-01", "2023-06-01", "2024-03-01"]),
                          "is_record": [True, False, True]})
    assert market.records_before(steps) == 1
