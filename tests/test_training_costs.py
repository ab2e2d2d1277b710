import pandas as pd
import pytest

from llmecon.analysis import training_costs as training


def test_final_run_share_of_a_1_to_3_split():
    assert training.final_run_share(4.0) == pytest.approx(0.25)
    assert training.final_run_share(2.0) == pytest.approx(0.5)


def test_scenario_and_sensitivity():
    base = training.Scenario(
        target_flop=3.6e21, peak_tflops=1000, utilisation=0.5, usd_per_gpu_hour=2.0, experiment_multiplier=3.0, days=10
    )
    result = training.run_scenario(base)
    # 3.6e21 / (1e15 x 0.5 x 3600) = 2,000 GPU-hours; over 240 hours = 8.33 GPUs.
    assert result.gpu_hours == pytest.approx(2000)
    assert result.gpu_count == pytest.approx(2000 / 240)
    assert result.final_run_usd == pytest.approx(4000)
    assert result.development_compute_usd == pytest.approx(12000)
    table = training.sensitivity(
        base,
        {"usd_per_gpu_hour": (1.0, 4.0), "days": (5, 20), "utilisation": (0.25, 0.5)},
        {"usd_per_gpu_hour": "price", "days": "days", "utilisation": "MFU"},
    )
    by_name = table.set_index("parameter")
    assert by_name.loc["usd_per_gpu_hour", "cost_at_low"] == pytest.approx(6000)
    assert by_name.loc["usd_per_gpu_hour", "cost_at_high"] == pytest.approx(24000)
    assert by_name.loc["utilisation", "cost_at_low"] == pytest.approx(24000)  # half the MFU, twice the GPU-hours
    assert by_name.loc["days", "swing"] == 0  # a longer run needs fewer GPUs, not fewer GPU-hours
    assert table["parameter"].iloc[0] == "usd_per_gpu_hour"  # sorted by swing


def test_cost_growth_recovers_a_doubling_per_year():
    dates = pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01"])
    costs = pd.DataFrame({"publication_date": dates, "cost_usd": [1e6, 2e6, 4e6, 8e6]})
    fit = training.cost_growth(costs, 0.9)
    assert 1 / fit.annual_decline_factor == pytest.approx(2.0, rel=0.01)
    low, high = training.growth_interval(fit)
    assert low == pytest.approx(2.0, rel=0.01) and high == pytest.approx(2.0, rel=0.01)


def test_fixed_capability_runs_keep_models_at_or_above_reference():
    benchmarks = pd.DataFrame(
        {
            "model_id": ["ref", "better", "weaker", "cheap"],
            "benchmark": ["mmlu"] * 4,
            "score": [80.0, 85.0, 70.0, 79.5],
            "evaluator": ["developer"] * 4,
            "setting": [""] * 4,
            "source_id": ["s"] * 4,
        }
    )
    costs = pd.DataFrame(
        {
            "model_id": ["ref", "better", "weaker"],
            "model": ["Ref", "Better", "Weaker"],
            "developer": ["d"] * 3,
            "cost_usd": [100.0, 120.0, 1.0],
            "publication_date": pd.to_datetime(["2022-01-01", "2022-06-01", "2022-07-01"]),
        }
    )
    reported = pd.DataFrame(
        {
            "model_id": ["cheap"],
            "model": ["Cheap"],
            "developer": ["d"],
            "cost_usd": [25.0],
            "publication_date": pd.to_datetime(["2024-01-01"]),
        }
    )
    runs = training.fixed_capability_runs(costs, benchmarks, "ref", 1.0, ["developer"], reported)
    assert list(runs["model"]) == ["Ref", "Better", "Cheap"]  # the weaker model is out, 79.5 is within 1 point
    assert list(runs["is_record"]) == [True, False, True]
    total, annual = training.fall_between(runs[runs["is_record"]])
    assert total == pytest.approx(4.0)
    assert annual == pytest.approx(4.0 ** (365.25 / 730), rel=1e-6)


def test_relative_value_combines_peak_mfu_and_price():
    index = pd.DataFrame({"A100": [2.0, 1.0], "H100": [4.0, 3.0]}, index=pd.to_datetime(["2024-01-01", "2024-02-01"]))
    specs = pd.DataFrame({"gpu": ["A100", "H100"], "peak_tflops": [300.0, 900.0]})
    out = training.relative_value(index, specs, "H100", "A100", mfu_ratio=1.0)
    assert list(out["price_ratio"]) == pytest.approx([2.0, 3.0])
    assert list(out["flop_per_dollar_ratio"]) == pytest.approx([1.5, 1.0])  # 3x the FLOP at 2x, then 3x, the price


def test_rental_in_window_summarises_by_pricing():
    rental = pd.DataFrame(
        {
            "gpu": ["A100"] * 4 + ["H100"],
            "pricing": ["on-demand", "on-demand", "3-year commitment", "on-demand", "on-demand"],
            "date": pd.to_datetime(["2022-02-01", "2022-06-01", "2022-03-01", "2023-06-01", "2022-05-01"]),
            "usd_per_gpu_hour": [4.0, 2.0, 1.5, 1.0, 9.0],
        }
    )
    out = training.rental_in_window(rental, "A100", "2022-01-01", "2022-12-31").set_index("pricing")
    assert out.loc["on-demand", "median"] == pytest.approx(3.0)
    assert out.loc["on-demand", "count"] == 2
    assert list(out.index) == ["3-year commitment", "on-demand"]


def test_superseded_value_comes_from_revisions():
    from types import SimpleNamespace

    revisions = pd.DataFrame(
        {
            "table": ["training_costs"],
            "row_key": ["B-old|cloud_rental"],
            "column": ["cost_usd"],
            "old_value": ["1164146794"],
            "new_value": ["849737164"],
        }
    )
    dataset = SimpleNamespace(revisions=revisions)
    assert float(
        training.superseded_value(dataset, "training_costs", "B-old|cloud_rental", "cost_usd")
    ) == pytest.approx(1164146794)
    with pytest.raises(KeyError, match="no revision"):
        training.superseded_value(dataset, "training_costs", "B-old|cloud_rental", "model")


def test_development_cost_and_splits():
    import pandas as pd

    # $40M final run x 2.2 multiplier / (47% hardware + 3% energy) = $176M
    assert training.development_cost(40e6, 2.2, 47, 3) == pytest.approx(176e6)
    multiplier = pd.Series({"value": 2.2, "low": 1.2, "high": 4.0})
    split = training.compute_split(4.0, multiplier).set_index(["bar", "component"])["percent"]
    assert split[("Article 001 (3/4 : 1/4)", "final run")] == pytest.approx(25)
    assert split[("Epoch AI low (1.2x)", "experiments")] == pytest.approx(100 - 100 / 1.2)
    shares = {
        k: pd.Series(v)
        for k, v in {
            "hardware": {"value": 50, "low": 47, "high": 67},
            "staff": {"value": 40, "low": 29, "high": 49},
            "energy": {"value": 3, "low": 2, "high": 6},
        }.items()
    }
    dev = training.development_split(shares).set_index(["bar", "component"])["percent"]
    assert dev[("Hardware at its low end", "R&D staff")] == 49 and dev[("Hardware at its high end", "energy")] == 3


# The chapter's sections on the real data package: the verdicts the issue-22 review corrected.


@pytest.fixture(scope="module")
def evidence():
    from pathlib import Path

    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    ev = training.Evidence(dataset, "2026-12-07", ["2022-01-01", "2022-12-31"])
    ev.frontier("amortized_hardware_energy", "2016-01-01", 0.9)
    return ev


def test_xai_counts_the_gpus_it_bought(evidence):
    facts, _, verdicts = evidence.xai()
    judged = verdicts["a000-xai-100k-h100"]["judgement"]
    assert (facts["colossus_gpus"], judged.verdict, judged.robust) == (100_000, "holds", False)
    one_run = next(r for r in judged.readings if r["reading"].startswith("the GPUs of one training run"))
    assert (one_run["verdict"], one_run["direction"]) == ("partly holds", "overstated")  # Grok 3's 80,000


def test_the_generation_of_2025_26_is_not_due_before_2027(evidence):
    _, _, verdicts = evidence.frontier("amortized_hardware_energy", "2016-01-01", 0.9)
    assert verdicts["a001-gen-after-next-1-5b"]["judgement"].rule["ground"] == "not_due"
    later = training.Evidence(evidence.dataset, "2027-01-31", ["2022-01-01", "2022-12-31"])
    _, _, verdicts = later.frontier("amortized_hardware_energy", "2016-01-01", 0.9)
    judged = verdicts["a001-gen-after-next-1-5b"]["judgement"]
    assert (judged.verdict, judged.value) == ("partly holds", pytest.approx(0.849737164))  # Grok 3 at cloud prices


def test_training_cost_law_judged_per_18_months(evidence):
    facts, texts, verdicts = evidence.fixed_capability(
        "gpt-4", 1.0, ["developer", "artificial_analysis", "epoch", "epoch_compiled"]
    )
    law = verdicts["a001-training-cost-quarter-per-18-months"]["judgement"]
    assert facts["fixed_per_18_months"] == pytest.approx(facts["fixed_annual"] ** 1.5)
    assert (law.verdict, law.direction) == ("partly holds", "understated")  # ÷5.3 per 18 months against ÷4: 1.33 apart
    assert law.value == pytest.approx(facts["fixed_per_18_months"]) and 1.25 < law.value / 4 < 2
    annualised = next(r for r in law.readings if r["reading"].startswith("compared a year at a time"))
    assert annualised["verdict"] == "holds"


def test_the_past_fall_compares_gpt35_with_a_later_model(evidence):
    facts, texts, verdicts = evidence.fixed_capability(
        "gpt-4", 1.0, ["developer", "artificial_analysis", "epoch", "epoch_compiled"]
    )
    assert texts["gpt35_fall_models"] == "GPT-3.5 → Llama 2-70B"
    assert facts["gpt35_fall"] == pytest.approx(4637986 / 1102561)
    assert verdicts["a001-training-cost-fell-4-5x-past-18-months"]["judgement"].verdict == "holds"
    turbo = verdicts["a001-gpt4-turbo-training-cost-4-5x-lower"]["judgement"]
    assert (turbo.verdict, turbo.direction, turbo.value) == (
        "does not hold",
        "overstated",
        pytest.approx(40695706 / 24500443),
    )


def test_experiments_share_holds_only_at_the_edge(evidence):
    _, _, verdicts = evidence.experiments()
    judged = verdicts["a001-experiments-three-quarters-of-cost"]["judgement"]
    assert (judged.verdict, judged.robust, judged.interval) == ("holds", False, pytest.approx((100 / 6, 75)))
    assert {r["reading"]: r["verdict"] for r in judged.readings}["Epoch AI's median multiplier"] == "partly holds"
