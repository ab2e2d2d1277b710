import pandas as pd
import pytest

from llmecon import events, rules


def test_in_period_inside_holds_with_zero_months():
    judged = events.in_period("2023-03-14", "2023-03-01", "2023-03-31", "GPT-4's release")
    assert judged.verdict == rules.HOLDS
    assert judged.value == 0
    assert judged.measured == "14 March 2023"
    assert "between 1 March 2023 and 31 March 2023" in judged.reason


def test_in_period_a_week_late_partly_holds():
    # 8 days after 31 January, at 30.4375 days a month
    judged = events.in_period("2024-02-08", "2024-01-01", "2024-01-31")
    assert judged.verdict == rules.PARTLY
    assert judged.value == pytest.approx(round(8 / 30.4375, 2))
    assert "after it" in judged.reason


def test_in_period_early_counts_from_the_start():
    judged = events.in_period("2023-06-20", "2023-07-01", "2023-07-31")
    assert judged.verdict == rules.PARTLY
    assert judged.value == pytest.approx(round(11 / 30.4375, 2))
    assert "before it" in judged.reason


def test_in_period_far_off_does_not_hold():
    judged = events.in_period("2024-04-15", "2024-01-01", "2024-01-31")
    assert judged.verdict == rules.NOT
    assert judged.value == pytest.approx(round(75 / 30.4375, 2))


def test_in_period_rejects_an_inverted_period():
    with pytest.raises(ValueError, match="starts"):
        events.in_period("2024-01-01", "2024-02-01", "2024-01-01")


def test_month_span_and_next_month_end():
    assert events.month_span("2024-02") == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))
    assert events.next_month_end("2023-12-06") == pd.Timestamp("2024-01-31")
    assert events.next_month_end("2023-12-31") == pd.Timestamp("2024-01-31")


def test_rank_of_shares_ties():
    scores = {"a": 3.0, "b": 5.0, "c": 5.0}
    assert events.rank_of(scores, "a") == 3
    assert events.rank_of(scores, "b") == 1
    with pytest.raises(KeyError):
        events.rank_of(scores, "z")


def _eci():
    return pd.DataFrame({
        "model_version": ["big-70b", "small-7b", "other-7b", "tune-70b", "closed", "late-7b"],
        "organization": ["Meta", "Mistral", "Alibaba", "Stability", "OpenAI", "Mistral"],
        "release_date": pd.to_datetime(["2023-07-18", "2023-09-27", "2023-09-28", "2023-07-20", "2023-03-14",
                                        "2024-03-01"]),
        "accessibility": ["Open weights (restricted use)", "Open weights (unrestricted)", "Open weights (unrestricted)",
                          "Open weights (non-commercial)", "API access", "Open weights (unrestricted)"],
        "eci": [116.8, 112.1, 107.0, 117.9, 125.7, 130.0],
    })


def test_open_weight_ranking_by_date_with_exclusions_and_size_class():
    ranked = events.open_weight_ranking(_eci(), "2023-12-31", exclude=["tune-70b"])
    assert ranked["model_version"].tolist() == ["big-70b", "small-7b", "other-7b"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    sevens = events.open_weight_ranking(_eci(), "2023-12-31", name_pattern=r"7B")
    assert sevens["model_version"].tolist() == ["small-7b", "other-7b"]
    with pytest.raises(ValueError, match="no open-weight model"):
        events.open_weight_ranking(_eci(), "2023-01-01")


def test_first_at_level():
    first = events.first_at_level(_eci(), ["Mistral", "Alibaba"], 110)
    assert first["model_version"] == "small-7b"
    assert events.first_at_level(_eci(), ["Alibaba"], 120) is None


def test_event_lookups_fail_loudly():
    table = pd.DataFrame({"event_id": ["x", "y"], "date": pd.to_datetime(["2024-01-02", "2024-03-04"]),
                          "value": [4.6, float("nan")]})
    assert events.event_date(table, "y") == pd.Timestamp("2024-03-04")
    assert events.event_value(table, "x") == 4.6
    with pytest.raises(ValueError, match="no value"):
        events.event_value(table, "y")
    with pytest.raises(KeyError, match="events.csv"):
        events.event_date(table, "z")


def test_launch_price_cut_uses_each_models_first_price():
    prices = pd.DataFrame({
        "model_id": ["old", "new", "new", "new"],
        "provider": ["P", "P", "P", "Q"],
        "effective_date": pd.to_datetime(["2023-03-14", "2023-11-06", "2024-04-09", "2023-01-01"]),
        "input_per_m": [30.0, 10.0, 5.0, 1.0],
        "output_per_m": [60.0, 30.0, 15.0, 1.0],
    })
    assert events.launch_price_cut(prices, "old", "new", "P") == {"input": 3.0, "output": 2.0}
    with pytest.raises(KeyError, match="prices.csv"):
        events.launch_price_cut(prices, "old", "missing", "P")


def test_all_forecasts_waits_for_every_part():
    claude = rules.happened_by("2024-03-04", "2024-03-31", "2024-06-30", "Claude 3")
    gpt45_pending = rules.happened_by("2025-02-27", "2024-03-31", "2024-06-30", "GPT-4.5")
    gpt45_late = rules.happened_by("2025-02-27", "2024-03-31", "2025-06-30", "GPT-4.5")
    pending = events.all_forecasts({"Claude 3": claude, "GPT-4.5": gpt45_pending})
    assert pending.verdict == rules.UNTESTABLE and "Claude 3: holds" in pending.reason
    judged = events.all_forecasts({"Claude 3": claude, "GPT-4.5": gpt45_late})
    assert judged.verdict == rules.PARTLY
