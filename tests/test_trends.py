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


def test_pooled_fit_recovers_a_common_rate_across_levels():
    # Two capability levels at very different prices, both falling 5x a year.
    dates = pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01", "2022-07-02", "2023-07-02", "2024-07-01"])
    years = np.array([0, 1, 2, 0.5, 1.5, 2.5])
    prices = np.where(np.arange(6) < 3, 100.0, 3.0) / 5.0 ** (years - np.where(np.arange(6) < 3, 0, 0.5))
    fit = trends.fit_pooled_trend(dates, prices, ["high"] * 3 + ["low"] * 3)
    assert fit.annual_decline_factor == pytest.approx(5.0, rel=5e-3)
    assert fit.dof == 3


def test_pooled_interval_is_tighter_than_single_series():
    rng = np.random.default_rng(3)
    dates, prices, groups = [], [], []
    for level, base in enumerate([50.0, 5.0, 0.5]):
        for i in range(5):
            when = pd.Timestamp("2022-01-01") + pd.Timedelta(days=int(i * 150 + level * 40))
            years = (when - pd.Timestamp("2022-01-01")).days / 365.25
            dates.append(when)
            prices.append(base / 8.0 ** years * 10 ** rng.normal(0, 0.15))
            groups.append(f"level{level}")
    pooled = trends.fit_pooled_trend(dates, prices, groups)
    single = trends.fit_exponential_trend(dates[:5], prices[:5])
    pooled_width = np.log(pooled.decline_interval[1] / pooled.decline_interval[0])
    single_width = np.log(single.decline_interval[1] / single.decline_interval[0])
    assert pooled_width < single_width
    assert pooled.decline_interval[0] < 8.0 < pooled.decline_interval[1]


def test_pooled_fit_needs_spare_degrees_of_freedom():
    with pytest.raises(ValueError, match="more points"):
        trends.fit_pooled_trend(pd.to_datetime(["2022-01-01", "2023-01-01"]), [2.0, 1.0], ["a", "b"])
