import pandas as pd
import pytest

from llmecon.analysis import inference_cost_laws as inference


def test_end_to_end_rate_counts_stalls():
    steps = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-01-01", "2023-07-02", "2024-01-01"]),
            "model_id": ["a", "b", "c"],
            "provider": ["p"] * 3,
            "price": [100.0, 10.0, 1.0],
            "score": [80.0] * 3,
            "source_id": ["s"] * 3,
            "is_record": [True] * 3,
            "benchmark": ["mmlu"] * 3,
            "threshold": [70.0] * 3,
        }
    )
    fits = inference.fit_frontiers(steps, 0.9, end="2026-01-01", min_span_months=6)
    row = fits.iloc[0]
    assert row["factor"] == pytest.approx(100.0, rel=0.01)  # 100x a year while prices fell
    assert row["overall_factor"] == pytest.approx(100 ** (365.25 / 1096), rel=0.01)  # 100x over three years
    short = inference.fit_frontiers(steps, 0.9, end="2026-01-01", min_span_months=18)
    assert pd.isna(short.iloc[0]["factor"])  # records span only 12 months


def test_answer_price_by_hand():
    tokens = pd.DataFrame(
        {
            "model_id": ["r", "r", "t"],
            "benchmark": ["gpqa_diamond"] * 3,
            "run_setting": ["high", "medium", "default"],
            "samples": [10, 10, 4],
            "input_tokens": [3000, 3000, 1000],
            "output_tokens": [90000, 40000, 2000],
        }
    )
    per_answer = inference.answer_tokens(tokens, "gpqa_diamond").set_index("model_id")
    assert per_answer.loc["r", "run_setting"] == "medium"  # medium effort preferred to high
    assert per_answer.loc["r", "output_tokens_per_answer"] == 4000
    prices = pd.DataFrame(
        {"model_id": ["r", "t", "u"], "input_per_m": [10.0, 2.0, 1.0], "output_per_m": [40.0, 8.0, 1.0]}
    )
    priced = inference.with_answer_price(prices, per_answer.reset_index()).set_index("model_id")
    # r: (300 x 10 + 4000 x 40) / 1e6 = 0.163 USD; t: (250 x 2 + 500 x 8) / 1e6 = 0.0045 USD; u has no run
    assert priced.loc["r", "price"] == pytest.approx(0.163)
    assert priced.loc["t", "price"] == pytest.approx(0.0045)
    assert "u" not in priced.index


def _steps(rows):
    frame = pd.DataFrame(rows, columns=["benchmark", "threshold", "date", "model_id", "price"])
    return frame.assign(date=pd.to_datetime(frame["date"]), provider="p", is_record=True)


def test_window_change_keeps_only_levels_on_sale_at_the_start():
    steps = _steps(
        [
            ("mmlu", 43.9, "2021-11-20", "gpt3", 60.0),
            ("mmlu", 43.9, "2022-09-01", "gpt3", 20.0),
            ("mmlu", 43.9, "2023-07-18", "llama", 1.0),
            ("mmlu", 65.0, "2023-03-01", "turbo", 2.0),
            ("mmlu", 65.0, "2023-11-06", "turbo", 1.25),
        ]
    )
    change = inference.window_change(steps, "2022-06-01", "2023-12-01")
    assert change["threshold"].tolist() == [43.9]  # MMLU 65 first went on sale nine months into the window
    assert change.loc[0, "start_price"] == 60.0 and change.loc[0, "end_price"] == 1.0
    assert change.loc[0, "fall_factor"] == pytest.approx(60.0)


def test_levels_on_sale_reads_prices_in_force():
    prices = pd.DataFrame(
        {
            "model_id": ["gpt3", "davinci2", "turbo"],
            "effective_date": pd.to_datetime(["2021-11-20", "2022-03-15", "2023-03-01"]),
        }
    )
    benchmarks = pd.DataFrame(
        {
            "model_id": ["gpt3", "davinci2", "turbo"],
            "benchmark": ["mmlu"] * 3,
            "score": [43.9, 63.1, 70.0],
            "evaluator": ["epoch"] * 3,
            "setting": [""] * 3,
            "source_id": ["s"] * 3,
        }
    )
    assert inference.levels_on_sale(prices, benchmarks, "mmlu", ["epoch"], "2022-06-01") == [43.9, 63.1]


def test_share_reaching_a_fall_by_hand():
    steps = _steps(
        [
            ("mmlu", 43.9, "2023-06-01", "a", 10.0),
            ("mmlu", 43.9, "2024-06-01", "b", 0.1),
            ("mmlu", 65.0, "2023-11-01", "c", 4.0),
            ("mmlu", 65.0, "2025-01-01", "d", 0.5),
            ("mmlu", 80.0, "2024-03-01", "e", 1.0),
        ]
    )  # not on sale at the start: not counted
    share = inference.share_reaching(steps, "2023-12-01", "2026-01-01", fall=100)
    assert share["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-06-01", "2025-01-01"]
    assert share["share"].tolist() == [0.5, 0.5]  # 43.9 fell 100x in June 2024; 65 only 8x
