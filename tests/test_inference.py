import pandas as pd
import pytest

from llmecon import inference, trends


def _fits(overall):
    return pd.DataFrame({"benchmark": ["mmlu"] * len(overall), "threshold": [70.0 + i for i in range(len(overall))],
                         "factor": [20.0] * len(overall), "ci_low": [5.0] * len(overall),
                         "ci_high": [80.0] * len(overall), "overall_factor": overall})


POOLED = trends.TrendFit(n=30, slope=-1.0, intercept=0.0, slope_se=0.1, r_squared=0.9, confidence=0.9,
                         start_year=2023, end_year=2025, dof=25)  # ÷10 a year, interval about ÷7 to ÷14


def test_a_law_inside_the_pooled_interval_holds():
    low, high = POOLED.decline_interval
    assert low < 10 < high
    verdict, reason = inference.judge_law(inference.Law("x", "÷10 a year", 10, 10), POOLED, _fits([5.0, 5.0]))
    assert verdict == "holds" and "inside" in reason


def test_a_law_between_the_two_measures_partly_holds():
    verdict, _ = inference.judge_law(inference.Law("x", "÷6 a year", 6, 6), POOLED, _fits([5.0, 5.0]))
    assert verdict == "partly holds"


def test_a_law_slower_than_both_measures_does_not_hold():
    verdict, reason = inference.judge_law(inference.Law("x", "÷2 to ÷4", 2, 4), POOLED, _fits([5.0, 6.0]))
    assert verdict == "does not hold" and "below" in reason
    verdict, _ = inference.judge_law(inference.Law("x", "÷2 to ÷4", 2, 4), POOLED, _fits([3.5, 6.0]))
    assert verdict == "partly holds"
    verdict, reason = inference.judge_law(inference.Law("x", "÷2 to ÷4", 2, 4), POOLED, _fits([5.0, 6.0]))
    assert verdict == "does not hold" and "below" in reason
    verdict, reason = inference.judge_law(inference.Law("x", "÷100", 100, 100), POOLED, _fits([5.0, 6.0]))
    assert verdict == "does not hold" and "above" in reason


def test_no_fit_is_untestable():
    assert inference.judge_law(inference.Law("x", "÷10", 10, 10), None, _fits([]))[0] == "untestable"


def test_end_to_end_rate_counts_stalls():
    steps = pd.DataFrame({
        "date": pd.to_datetime(["2023-01-01", "2023-07-02", "2024-01-01"]), "model_id": ["a", "b", "c"],
        "provider": ["p"] * 3, "price": [100.0, 10.0, 1.0], "score": [80.0] * 3, "source_id": ["s"] * 3,
        "is_record": [True] * 3, "benchmark": ["mmlu"] * 3, "threshold": [70.0] * 3})
    fits = inference.fit_frontiers(steps, 0.9, end="2026-01-01", min_span_months=6)
    row = fits.iloc[0]
    assert row["factor"] == pytest.approx(100.0, rel=0.01)  # 100x a year while prices fell
    assert row["overall_factor"] == pytest.approx(100 ** (365.25 / 1096), rel=0.01)  # 100x over three years
    short = inference.fit_frontiers(steps, 0.9, end="2026-01-01", min_span_months=18)
    assert pd.isna(short.iloc[0]["factor"])  # records span only 12 months
