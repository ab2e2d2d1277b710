from pathlib import Path

import pandas as pd
import pytest

from llmecon.analysis import market_2022_23 as market
from llmecon.core.data import open_dataset

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def dataset():
    return open_dataset(DATA)


def test_the_addition_is_the_catalogue_rows_the_archived_page_and_one_announced_price(dataset):
    prices = dataset.prices
    added = prices[market.is_added(prices)]
    assert len(added) >= 68
    assert (pd.to_datetime(added["effective_date"]) < market.CUTOFF).all()
    assert set(added.loc[added["provider"] == "OpenAI", "date_basis"]) == {"announced", "observed", "catalogue"}
    yuan = added[added["currency"] == "CNY"]
    assert len(yuan) >= 12 and yuan["source_id"].str.startswith("oneapi_modelratio_").all()
    assert {"Baidu AI Cloud", "Zhipu AI", "Alibaba Cloud", "Tencent Cloud"} <= set(yuan["provider"])
    archived = added[added["source_id"] == "openai_pricing_megalodon_20220703"]
    assert sorted(archived["input_per_m"]) == [0.8, 1.2, 6.0, 60.0, 60.0]
    assert len(market.WithoutAddition(dataset).prices) == len(prices) - len(added)


def test_without_addition_reads_every_other_table_unchanged(dataset):
    assert market.WithoutAddition(dataset).models.equals(dataset.models)
    assert market.WithoutAddition(dataset).snapshot_date() == dataset.snapshot_date()


def test_early_rows_by_provider_counts_rows_and_date_bases():
    prices = pd.DataFrame(
        {
            "model_id": ["a", "b", "c", "d"],
            "provider": ["X", "X", "Y", "Y"],
            "currency": "USD",
            "effective_date": pd.to_datetime(["2023-05-01", "2023-06-01", "2023-07-01", "2024-02-01"]),
            "date_basis": ["announced", "catalogue", "observed", "observed"],
            "source_id": ["s", "litellm_pypi_1", "s", "s"],
        }
    )
    table = market.early_rows_by_provider(prices).set_index("seller")
    assert table.loc["X"].tolist() == [2, 1, 1, 0, 1]
    assert table.loc["Y"].tolist() == [1, 0, 0, 1, 0]


def test_records_before_counts_only_record_lows_before_the_cutoff():
    steps = pd.DataFrame(
        {"date": pd.to_datetime(["2023-01-01", "2023-06-01", "2024-03-01"]), "is_record": [True, False, True]}
    )
    assert market.records_before(steps) == 1


def test_how_rates_moved_reads_every_rate_but_the_row_count():
    shift = pd.DataFrame(
        {
            "Basis": ["per token", "per token", "per answer", "per answer"],
            "Data": ["without", "with"] * 2,
            "Prices": [10, 12, 8, 9],
            "Pooled ÷/yr": [14.4, 14.4, 18.5, 19.9],
            "Record lows before 2024": [12, 12, 3, 3],
        }
    )
    assert market.how_rates_moved(shift) == {"per token": "did not move", "per answer": "moved"}


def test_added_records_counts_records_set_by_added_prices():
    steps = pd.DataFrame(
        {
            "model_id": ["gpt-3.5-turbo-16k-0613", "llama-2-70b", "x"],
            "provider": ["OpenAI", "Anyscale", "Y"],
            "date": pd.to_datetime(["2023-06-13", "2023-12-12", "2023-12-20"]),
            "source_id": ["epoch_wb_openai.com_20250128", "litellm_pypi_1_12_6_dev3", "s"],
            "is_record": [True, False, True],
        }
    )
    assert market.added_records(steps) == 1


def test_rate_shift_has_one_row_per_basis_and_data():
    from types import SimpleNamespace

    steps = pd.DataFrame({"date": pd.to_datetime(["2023-05-01", "2024-05-01"]), "is_record": [True, True]})
    fits = pd.DataFrame({"factor": [10.0, float("nan"), 30.0]})

    def measured(pooled, rows):
        return SimpleNamespace(
            prices=pd.DataFrame(index=range(rows)),
            fits=fits,
            steps=steps,
            pooled=SimpleNamespace(annual_decline_factor=pooled, decline_interval=(pooled / 2, pooled * 2)),
        )

    shift = market.rate_shift({"per token": (measured(14.0, 10), measured(14.0, 12))})
    assert shift["Data"].tolist() == ["without the 2022-23 rows", "with them"]
    assert shift.loc[1].to_dict() == {
        "Basis": "per token",
        "Data": "with them",
        "Prices": 12,
        "Levels fitted": 2,
        "Record lows before 2024": 1,
        "Median level ÷/yr": 20.0,
        "Pooled ÷/yr": 14.0,
        "90% low": 7.0,
        "90% high": 28.0,
    }


def test_rate_shift_shows_no_pooled_rate_where_too_few_record_lows_allow_one():
    from types import SimpleNamespace

    import pandas as pd

    steps = pd.DataFrame({"is_record": [True], "date": [pd.Timestamp("2023-06-01")]})
    short = SimpleNamespace(pooled=None, prices=[1, 2], fits=pd.DataFrame({"factor": [float("nan")]}), steps=steps)
    table = market.rate_shift({"per token": (short, short)})
    assert table["Pooled ÷/yr"].isna().all() and table["Record lows before 2024"].tolist() == [1, 1]
