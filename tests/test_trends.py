import numpy as np
import pandas as pd
import pytest

from llmecon import trends


def test_fit_recovers_a_known_rate_exactly():
    dates = pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01", "2025-01-01"])
    prices = [100.0, 10.0, 1.0, 0.1]  # exactly 10x cheaper each calendar year
    fit = trends.fit_exponential_trend(dates, prices)
    assert fit.annual_decline_factor == pytest.approx(10.0, rel=2e-3)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.n == 4


def test_fit_recovers_a_noisy_rate_within_its_interval():
    rng = np.random.default_rng(7)
    dates = pd.date_range("2021-01-01", "2025-01-01", periods=25)
    years = np.arange(25) * 4 / 24
    prices = 50.0 / 4.0 ** years * 10 ** rng.normal(0, 0.1, 25)  # 4x a year with noise
    fit = trends.fit_exponential_trend(dates, prices, confidence=0.95)
    low, high = fit.decline_interval
    assert low < 4.0 < high
    assert fit.annual_decline_factor == pytest.approx(4.0, rel=0.15)


def test_prediction_follows_the_fitted_line():
    dates = pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01"])
    fit = trends.fit_exponential_trend(dates, [8.0, 4.0, 2.0])
    assert fit.predict(pd.to_datetime(["2025-01-01"]))[0] == pytest.approx(1.0, rel=1e-2)


def test_fit_refuses_too_few_or_bad_points():
    with pytest.raises(ValueError, match="at least 3"):
        trends.fit_exponential_trend(pd.to_datetime(["2022-01-01", "2023-01-01"]), [2.0, 1.0])
    with pytest.raises(ValueError, match="positive"):
        trends.fit_exponential_trend(pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01"]), [2.0, 0.0, 1.0])


def test_reference_line_falls_by_its_factor():
    line = trends.reference_line("2023-01-01", 100.0, 10.0, "2025-01-01")
    assert line["value"].iloc[-1] == pytest.approx(1.0, rel=1e-2)
