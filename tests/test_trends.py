import numpy as np
import pandas as pd
import pytest

from llmecon.core import trends


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
    prices = 50.0 / 4.0**years * 10 ** rng.normal(0, 0.1, 25)  # 4x a year with noise
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
            prices.append(base / 8.0**years * 10 ** rng.normal(0, 0.15))
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


def test_cluster_bootstrap_counts_a_shared_observation_once():
    # Three nested thresholds share the same four record lows (one model each): the pooled t-interval
    # treats 12 points as independent, the bootstrap over the 4 models does not.
    rng = np.random.default_rng(11)
    base = pd.to_datetime(["2022-01-01", "2022-09-01", "2023-05-01", "2024-01-01"])
    years = np.array([0, 0.67, 1.33, 2.0])
    prices = 100.0 / 6.0**years * 10 ** rng.normal(0, 0.2, 4)
    dates = list(base) * 3
    values = list(prices) * 3
    groups = ["a"] * 4 + ["b"] * 4 + ["c"] * 4
    models = ["m1", "m2", "m3", "m4"] * 3
    naive = trends.fit_pooled_trend(dates, values, groups)
    boot = trends.cluster_bootstrap(naive, dates, values, groups, models, draws=500, seed=1)
    single = trends.fit_exponential_trend(base, prices)
    assert boot.annual_decline_factor == naive.annual_decline_factor == pytest.approx(single.annual_decline_factor)
    assert boot.clusters == 4
    naive_width = np.log(naive.decline_interval[1] / naive.decline_interval[0])
    boot_width = np.log(boot.decline_interval[1] / boot.decline_interval[0])
    assert boot_width > naive_width  # the duplicates no longer narrow the interval


def test_cluster_bootstrap_is_deterministic_for_a_seed():
    dates = pd.to_datetime(["2022-01-01", "2022-07-01", "2023-01-01", "2023-07-01", "2024-01-01"])
    values = [50.0, 20.0, 12.0, 3.0, 1.0]
    fit = trends.fit_pooled_trend(dates, values, ["a"] * 5)
    first = trends.cluster_bootstrap(fit, dates, values, ["a"] * 5, list("vwxyz"), draws=300, seed=7)
    again = trends.cluster_bootstrap(fit, dates, values, ["a"] * 5, list("vwxyz"), draws=300, seed=7)
    assert first.decline_interval == again.decline_interval
    low, high = first.decline_interval
    assert low < first.annual_decline_factor < high


def test_linear_trend_slope_and_direction():
    dates = pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01"])
    trend = trends.linear_trend(dates, [10.0, 8.0, 6.0], confidence=0.9)
    assert trend.slope_per_year == pytest.approx(-2.0, rel=0.01)
    assert trend.direction == "narrowing"
    assert trends.linear_trend(dates[:2], [1.0, 2.0], 0.9) is None


def test_bootstrap_slope_is_the_pooled_fits_common_slope():
    # Two series falling 10x a year from different levels, one point off the line: the within-series slope
    # the bootstrap draws use must equal the fixed-effects least-squares slope of fit_pooled_trend.
    dates = pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01", "2022-07-01", "2023-07-01", "2024-07-01"])
    values = [100.0, 10.0, 1.2, 50.0, 5.0, 0.5]
    groups = ["a", "a", "a", "b", "b", "b"]
    pooled = trends.fit_pooled_trend(dates, values, groups)
    x = trends.decimal_year(dates)
    slope = trends._within_series_slope(x, np.log10(values), pd.factorize(pd.Series(groups))[0])
    assert slope == pytest.approx(pooled.slope, rel=1e-12)
    # Every series at one date: no slope to draw.
    assert trends._within_series_slope(x[[0, 3]], np.log10([100.0, 50.0]), np.array([0, 1])) is None


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_line_and_t_quantile_equal_scipy_stats(seed):
    from scipy import stats

    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    x = np.sort(rng.uniform(2020, 2027, n))
    y = -0.7 * x + rng.normal(0, 0.3, n)
    expected = stats.linregress(x, y)
    line = trends.least_squares_line(x, y)
    assert (line.slope, line.intercept, line.slope_se, line.r) == (
        expected.slope,
        expected.intercept,
        expected.stderr,
        expected.rvalue,
    )
    for confidence in (0.8, 0.9, 0.95):
        assert trends.t_quantile(0.5 + confidence / 2, n - 2) == stats.t.ppf(0.5 + confidence / 2, n - 2)


def test_least_squares_line_edge_cases_follow_scipy_stats():
    from scipy import stats

    flat = trends.least_squares_line([1.0, 2.0, 3.0], [5.0, 5.0, 5.0])
    assert flat.slope == 0.0 and np.isnan(flat.r) and np.isnan(stats.linregress([1.0, 2.0, 3.0], [5.0] * 3).rvalue)
    with pytest.raises(ValueError, match="distinct x"):
        trends.least_squares_line([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    assert np.isnan(trends.t_quantile(0.95, 0)) and np.isnan(stats.t.ppf(0.95, 0))


def test_cluster_bootstrap_equals_refitting_every_resample_by_least_squares():
    # The bootstrap weighs each point by how often its cluster was drawn; drawing the same clusters and
    # refitting the fixed-effects model on the resampled rows (fit_pooled_trend) must give the same interval.
    rng = np.random.default_rng(3)
    dates = pd.to_datetime(
        ["2022-01-01", "2022-05-01", "2022-11-01", "2023-04-01", "2023-10-01", "2024-03-01", "2024-09-01", "2025-02-01"]
        * 2
    )
    values = list(100 / 8 ** (trends.decimal_year(dates) - 2022) * 10 ** rng.normal(0, 0.3, len(dates)))
    groups = ["a"] * 8 + ["b"] * 8
    models = list("pqrstuvw") + list("pqrstuvw")
    fit = trends.fit_pooled_trend(dates, values, groups, confidence=0.8)
    boot = trends.cluster_bootstrap(fit, dates, values, groups, models, draws=200, seed=5)

    names = sorted(set(models))
    draws = np.random.default_rng(5).integers(0, len(names), size=(200, len(names)))
    slopes = []
    for picked in draws:
        rows = [r for i in picked for r in range(len(models)) if models[r] == names[i]]
        sample_groups = [groups[r] for r in rows]
        if len({(groups[r], dates[r]) for r in rows}) <= len(set(sample_groups)):
            continue  # no series with two dates: no slope (the bootstrap skips these draws too)
        slopes.append(trends.fit_pooled_trend([dates[r] for r in rows], [values[r] for r in rows], sample_groups).slope)
    low, high = np.quantile(slopes, [0.1, 0.9])
    assert boot.decline_interval == pytest.approx((10**-high, 10**-low), rel=1e-9)
