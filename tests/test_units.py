import math

import pandas as pd
import pytest

from llmecon.core import units


def test_per_1k_and_per_million_round_trip():
    assert units.per_1k_to_per_m(0.03) == pytest.approx(30.0)
    assert units.per_m_to_per_1k(15.0) == pytest.approx(0.015)


def test_tokens_per_yuan_for_doubao_price():
    # RMB 0.0008 per 1k tokens -> RMB 0.8 per million -> 1.25 million tokens per yuan.
    assert units.tokens_per_currency_unit(units.per_1k_to_per_m(0.0008)) == pytest.approx(1_250_000)


def test_tokens_per_currency_rejects_free_or_negative_prices():
    with pytest.raises(ValueError):
        units.tokens_per_currency_unit(0)


def test_blend_weights_input_and_output():
    assert units.blended_price(30, 60, 0.75) == pytest.approx(37.5)
    assert units.blended_price(30, 60, 0.5) == pytest.approx(45.0)
    with pytest.raises(ValueError):
        units.blended_price(1, 2, 1.5)


def test_rate_conversions():
    assert units.annual_factor(10, 18) == pytest.approx(10 ** (12 / 18))
    assert units.annual_factor(10, 18) == pytest.approx(4.6416, abs=1e-4)
    assert units.factor_from_percent_decline(75) == pytest.approx(4.0)
    assert units.factor_from_percent_decline(50) == pytest.approx(2.0)
    assert units.percent_decline(0.03, 0.005) == pytest.approx(83.333, abs=1e-3)
    assert units.implied_annual_factor(100, 10, 365.25) == pytest.approx(10.0)
    assert units.implied_annual_factor(100, 10, 2 * 365.25) == pytest.approx(math.sqrt(10))


def test_decimal_year():
    years = units.decimal_year(["2024-01-01", "2023-07-02"])
    assert years[0] == pytest.approx(2024.0)
    assert years[1] == pytest.approx(2023 + 182 / 365)


@pytest.fixture
def fx():
    return units.FxTable(
        pd.DataFrame(
            {
                "date": pd.to_datetime(["2024-05-10", "2024-05-13", "2024-05-14"]),
                "cny_per_usd": [7.20, 7.23, 7.24],
                "source_id": ["fred"] * 3,
            }
        )
    )


def test_fx_uses_latest_rate_on_or_before_the_date(fx):
    assert fx.cny_per_usd("2024-05-13") == 7.23
    assert fx.cny_per_usd("2024-05-12") == 7.20  # weekend: Friday's rate
    assert fx.convert(7.24, "CNY", "USD", "2024-05-14") == pytest.approx(1.0)
    assert fx.convert(1.0, "USD", "CNY", "2024-05-10") == pytest.approx(7.20)


def test_fx_refuses_dates_before_or_long_after_its_rates(fx):
    with pytest.raises(ValueError, match="no CNY/USD rate"):
        fx.cny_per_usd("2024-01-01")
    with pytest.raises(
        ValueError,
        match=r"days old .*the table fx \(fx\.csv\) is too old; refresh it with "
        r"`make update SRC=https://fred\.stlouisfed\.org/graph/fredgraph\.csv\?id=DEXCHUS`",
    ):
        fx.cny_per_usd("2024-08-01")
    with pytest.raises(ValueError, match="unknown currency"):
        fx.convert(1, "EUR", "USD", "2024-05-13")


def test_fx_converts_a_price_table(fx):
    prices = pd.DataFrame(
        {
            "effective_date": pd.to_datetime(["2024-05-13", "2024-05-13"]),
            "currency": ["CNY", "USD"],
            "input_per_m": [7.23, 5.0],
            "output_per_m": [14.46, 15.0],
        }
    )
    usd = fx.to_usd(prices)
    assert usd["input_per_m"].tolist() == pytest.approx([1.0, 5.0])
    assert usd["output_per_m"].tolist() == pytest.approx([2.0, 15.0])
    assert (usd["currency"] == "USD").all()


def test_in_currency_converts_each_row_at_its_date_and_keeps_missing_prices():
    fx = units.FxTable(pd.DataFrame({"date": pd.to_datetime(["2024-05-01", "2024-05-10"]), "cny_per_usd": [7.0, 8.0]}))
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-05-02", "2024-05-11", "2024-05-11"]),
            "currency": ["USD", "CNY", "CNY"],
            "input_per_m": [10.0, 8.0, 16.0],
            "output_per_m": [30.0, float("nan"), 24.0],
        }
    )
    cny = fx.in_currency(frame, "CNY", "date")
    assert list(cny["input_per_m"]) == pytest.approx([70.0, 8.0, 16.0])
    assert cny["output_per_m"].iloc[0] == pytest.approx(210.0)
    assert math.isnan(cny["output_per_m"].iloc[1])
    usd = fx.in_currency(frame, "USD", "date")
    assert list(usd["input_per_m"]) == pytest.approx([10.0, 1.0, 2.0])
    assert math.isnan(usd["cny_per_usd"].iloc[0])
    assert list(usd["cny_per_usd"].iloc[1:]) == [8.0, 8.0]


def test_fx_convert_both_directions():
    fx = units.FxTable(pd.DataFrame({"date": pd.to_datetime(["2024-05-01"]), "cny_per_usd": [7.2]}))
    assert fx.convert(10, "USD", "CNY", "2024-05-13") == pytest.approx(72.0)
    assert fx.convert(1.0, "CNY", "USD", "2024-05-13") == pytest.approx(1 / 7.2)


def test_months_between_counts_average_months():
    # 518 days at 365.25 / 12 = 30.4375 days a month
    assert units.months_between("2022-11-30", "2024-05-01") == pytest.approx(518 / 30.4375)
