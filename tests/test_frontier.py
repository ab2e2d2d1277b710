import pandas as pd
import pytest

from llmecon.core import frontier


def _prices(rows):
    return pd.DataFrame(rows, columns=["model_id", "provider", "effective_date", "price", "source_id"]).assign(
        effective_date=lambda f: pd.to_datetime(f["effective_date"])
    )


SCORES = pd.DataFrame({"model_id": ["big", "mid", "small"], "score": [86.0, 80.0, 60.0]})


def test_cheapest_over_time_worked_by_hand():
    prices = _prices(
        [
            ("big", "first", "2023-03-01", 40.0, "s1"),
            ("big", "first", "2023-11-01", 20.0, "s2"),  # price cut: new record
            ("mid", "host", "2024-01-01", 30.0, "s3"),  # dearer than big's cut: not cheapest
            ("mid", "host", "2024-06-01", 5.0, "s4"),  # new record
            ("small", "host", "2024-07-01", 0.1, "s5"),  # below the threshold: ignored
        ]
    )
    steps = frontier.cheapest_over_time(prices, SCORES, threshold=78)
    assert steps["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-03-01", "2023-11-01", "2024-06-01"]
    assert steps["model_id"].tolist() == ["big", "big", "mid"]
    assert steps["price"].tolist() == [40.0, 20.0, 5.0]
    assert steps["is_record"].tolist() == [True, True, True]


def test_a_higher_threshold_excludes_cheaper_weaker_models():
    prices = _prices([("big", "first", "2023-03-01", 40.0, "s1"), ("mid", "host", "2023-04-01", 5.0, "s2")])
    assert frontier.cheapest_over_time(prices, SCORES, threshold=85)["model_id"].tolist() == ["big"]
    assert frontier.cheapest_over_time(prices, SCORES, threshold=70)["price"].tolist() == [40.0, 5.0]


def test_a_price_rise_is_a_step_but_not_a_record():
    prices = _prices([("big", "first", "2023-03-01", 10.0, "s1"), ("big", "first", "2023-06-01", 12.0, "s2")])
    steps = frontier.cheapest_over_time(prices, SCORES, threshold=80)
    assert steps["price"].tolist() == [10.0, 12.0]
    assert steps["is_record"].tolist() == [True, False]


def test_end_date_cuts_off_later_prices():
    prices = _prices([("big", "first", "2023-03-01", 10.0, "s1"), ("big", "first", "2024-06-01", 1.0, "s2")])
    steps = frontier.cheapest_over_time(prices, SCORES, threshold=80, end="2024-01-01")
    assert steps["price"].tolist() == [10.0]


def test_model_scores_prefers_the_first_evaluator():
    benchmarks = pd.DataFrame(
        {
            "model_id": ["big", "big", "mid"],
            "benchmark": ["mmlu"] * 3,
            "evaluator": ["artificial_analysis", "developer", "artificial_analysis"],
            "score": [84.0, 86.4, 79.0],
            "setting": ["", "5-shot", ""],
            "source_id": ["aa", "dev", "aa"],
        }
    )
    scores = frontier.model_scores(benchmarks, "mmlu", ["developer", "artificial_analysis"]).set_index("model_id")
    assert scores.loc["big", "score"] == pytest.approx(86.4)
    assert scores.loc["mid", "score"] == pytest.approx(79.0)
    only_aa = frontier.model_scores(benchmarks, "mmlu", ["artificial_analysis"]).set_index("model_id")
    assert only_aa.loc["big", "score"] == pytest.approx(84.0)


def test_trend_prices_keep_dated_list_prices_only():
    prices = _prices(
        [
            ("big", "first", "2023-03-01", 40.0, "launch"),
            ("big", "first", "2023-09-01", 30.0, "archive"),
            ("mid", "first", "2024-01-01", 2.0, "launch-promo"),  # time-limited launch discount
            ("mid", "first", "2024-02-01", 8.0, "after-promo"),
            ("mid", "first", "2025-06-01", 8.0, "catalogue"),  # read from a catalogue long after the launch
        ]
    ).assign(
        date_basis=["announced", "observed", "announced", "announced", "catalogue"],
        price_kind=["list", "list", "promotional", "list", "list"],
    )
    kept = frontier.trend_prices(prices)
    assert kept["source_id"].tolist() == ["launch", "archive", "after-promo"]
    # The promotion would have set a record low at 2.0; without it the record is the list price.
    steps = frontier.cheapest_over_time(kept, SCORES, threshold=78)
    assert steps.loc[steps["is_record"], "price"].tolist() == [40.0, 30.0, 8.0]


def test_trend_prices_refuse_prices_without_date_basis():
    with pytest.raises(KeyError, match="date_basis"):
        frontier.trend_prices(_prices([("big", "first", "2023-03-01", 40.0, "s1")]).assign(price_kind="list"))


def test_prices_in_force_keeps_each_currency_of_a_provider():
    prices = _prices(
        [
            ("big", "first", "2024-01-01", 2.0, "usd"),
            ("big", "first", "2024-01-01", 14.0, "cny"),
            ("big", "first", "2024-06-01", 1.0, "usd-cut"),
        ]
    ).assign(currency=["USD", "CNY", "USD"], context_tier=None)
    in_force = frontier.prices_in_force(prices, "2024-07-01").sort_values("currency")
    assert in_force["source_id"].tolist() == ["cny", "usd-cut"]


def test_the_cheapest_offer_getting_dearer_hands_the_step_to_the_next_cheapest():
    # A same-day cut elsewhere and the cheapest offer's own rise: the sweep must look at every offer again.
    prices = _prices(
        [
            ("big", "first", "2023-03-01", 10.0, "s1"),
            ("mid", "host", "2023-03-01", 12.0, "s2"),
            ("big", "first", "2023-06-01", 15.0, "s3"),  # the cheapest rises above mid: mid is now cheapest
            ("mid", "host", "2023-09-01", 12.0, "s4"),  # a restated price, no change in the cheapest offer
            ("big", "second", "2023-12-01", 12.0, "s5"),  # ties mid's price: the model id decides (big < mid)
        ]
    )
    steps = frontier.cheapest_over_time(prices, SCORES, threshold=78)
    assert steps["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-03-01", "2023-06-01", "2023-12-01"]
    assert list(zip(steps["model_id"], steps["provider"], steps["price"])) == [
        ("big", "first", 10.0),
        ("mid", "host", 12.0),
        ("big", "second", 12.0),
    ]
    assert steps["source_id"].tolist() == ["s1", "s2", "s5"]
    assert steps["is_record"].tolist() == [True, False, False]


def test_all_levels_at_once_equal_one_level_at_a_time():
    prices = _prices(
        [
            ("big", "first", "2023-03-01", 40.0, "s1"),
            ("mid", "host", "2023-05-01", 30.0, "s2"),
            ("small", "host", "2023-05-01", 3.0, "s3"),
            ("big", "first", "2023-11-01", 20.0, "s4"),
            ("mid", "host", "2024-06-01", 5.0, "s5"),
            ("small", "host", "2024-07-01", 0.1, "s6"),
        ]
    )
    levels = [50.0, 78.0, 85.0, 99.0]
    together = frontier.cheapest_at_levels(prices, SCORES, levels, end="2024-06-30")
    assert [len(steps) for steps in together] == [2, 4, 2, 0]
    for level, steps in zip(levels, together):
        pd.testing.assert_frame_equal(steps, frontier.cheapest_over_time(prices, SCORES, level, end="2024-06-30"))
