import pandas as pd
import pytest

from llmecon.analysis import forecasts_and_events as events


def test_month_span():
    assert events.month_span("2024-02") == (pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29"))


def test_rank_of_shares_ties():
    scores = {"a": 3.0, "b": 5.0, "c": 5.0}
    assert events.rank_of(scores, "a") == 3
    assert events.rank_of(scores, "b") == 1
    with pytest.raises(KeyError):
        events.rank_of(scores, "z")


def _eci():
    return pd.DataFrame(
        {
            "model_version": ["big-70b", "small-7b", "other-7b", "tune-70b", "closed", "late-7b"],
            "organization": ["Meta", "Mistral", "Alibaba", "Stability", "OpenAI", "Mistral"],
            "release_date": pd.to_datetime(
                ["2023-07-18", "2023-09-27", "2023-09-28", "2023-07-20", "2023-03-14", "2024-03-01"]
            ),
            "accessibility": [
                "Open weights (restricted use)",
                "Open weights (unrestricted)",
                "Open weights (unrestricted)",
                "Open weights (non-commercial)",
                "API access",
                "Open weights (unrestricted)",
            ],
            "eci": [116.8, 112.1, 107.0, 117.9, 125.7, 130.0],
        }
    )


def test_open_weight_ranking_by_date_with_exclusions_and_size_class():
    ranked = events.open_weight_ranking(_eci(), "2023-12-31", exclude=["tune-70b"])
    assert ranked["model_version"].tolist() == ["big-70b", "small-7b", "other-7b"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    sevens = events.open_weight_ranking(_eci(), "2023-12-31", name_pattern=r"(?:^|-)7B(?:-|$)")
    assert sevens["model_version"].tolist() == ["small-7b", "other-7b"]
    with pytest.raises(ValueError, match="no open-weight model"):
        events.open_weight_ranking(_eci(), "2023-01-01")


def test_first_at_level():
    first = events.first_at_level(_eci(), ["Mistral", "Alibaba"], 110)
    assert first["model_version"] == "small-7b"
    assert events.first_at_level(_eci(), ["Alibaba"], 120) is None


def test_event_lookups_fail_loudly():
    table = pd.DataFrame(
        {"event_id": ["x", "y"], "date": pd.to_datetime(["2024-01-02", "2024-03-04"]), "value": [4.6, float("nan")]}
    )
    assert events.event_date(table, "y") == pd.Timestamp("2024-03-04")
    assert events.event_value(table, "x") == 4.6
    with pytest.raises(ValueError, match="no value"):
        events.event_value(table, "y")
    with pytest.raises(KeyError, match="events.csv"):
        events.event_date(table, "z")


def test_launch_price_cut_uses_each_models_first_price():
    prices = pd.DataFrame(
        {
            "model_id": ["old", "new", "new", "new"],
            "provider": ["P", "P", "P", "Q"],
            "effective_date": pd.to_datetime(["2023-03-14", "2023-11-06", "2024-04-09", "2023-01-01"]),
            "input_per_m": [30.0, 10.0, 5.0, 1.0],
            "output_per_m": [60.0, 30.0, 15.0, 1.0],
        }
    )
    assert events.launch_price_cut(prices, "old", "new", "P") == {"input": 3.0, "output": 2.0}
    with pytest.raises(KeyError, match="prices.csv"):
        events.launch_price_cut(prices, "old", "missing", "P")


def test_race_chart_plots_the_window_and_marks_open_weights():
    spec = events.race_chart(
        _eci(), "2023-01-01", "2023-12-31", "2023-12-31", 125.7, ["small-7b"], "Epoch AI"
    ).to_dict()
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    rows = spec["datasets"][points["data"]["name"]]
    assert sorted(r["model_version"] for r in rows) == ["big-70b", "closed", "other-7b", "small-7b", "tune-70b"]
    assert {r["model_version"]: r["weights"] for r in rows}["closed"] == "closed"
    assert {r["model_version"]: r["weights"] for r in rows}["small-7b"] == "open"


def test_camps_ranking_holds_on_public_models_and_not_with_gemini_ultra():
    from pathlib import Path
    from types import SimpleNamespace

    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    found = events.camps_ranking(dataset, lambda claim_id: SimpleNamespace())
    judged = found["verdict"]["judgement"]
    # GPT-4 86.4 > Claude 2 78.5 > Gemini 1.0 Pro 71.8 on MMLU; Gemini Ultra's 83.96 would put Google second
    assert (found["numbers"]["mmlu_openai"], found["numbers"]["mmlu_anthropic"], found["numbers"]["mmlu_google"]) == (
        86.4,
        78.5,
        71.8,
    )
    assert judged.verdict == "holds"
    assert {r["reading"]: r["verdict"] for r in judged.readings}[
        "Gemini Ultra counted as announced (December 2023)"
    ] == "partly holds"


def test_a_size_class_without_mistral_7b_leaves_its_claim_untestable_for_these_parameters():
    from pathlib import Path
    from types import SimpleNamespace

    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    found = events.best_open_models(dataset, lambda claim_id: SimpleNamespace(low=1.0), "2023-12-31", [], "70B", 2)
    assert found["numbers"]["mistral7b_class_rank"] is None and found["numbers"]["seven_b_count"] > 0
    judged = {v["claim_id"]: v["judgement"] for v in found["verdicts"]}["a001-mistral-7b-best-7b-model"]
    assert (judged.verdict, judged.rule["ground"]) == ("untestable", "no_data_for_parameters")
