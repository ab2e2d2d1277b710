import pandas as pd
import pytest

from llmecon.analysis import training_costs as training


def test_final_run_share_of_a_1_to_3_split():
    assert training.final_run_share(4.0) == pytest.approx(0.25)
    assert training.final_run_share(2.0) == pytest.approx(0.5)


def test_scenario_and_sensitivity():
    base = training.Scenario(target_flop=3.6e21, peak_tflops=1000, utilisation=0.5, usd_per_gpu_hour=2.0,
                             experiment_multiplier=3.0, days=10)
    result = training.run_scenario(base)
    # 3.6e21 / (1e15 x 0.5 x 3600) = 2,000 GPU-hours; over 240 hours = 8.33 GPUs.
    assert result.gpu_hours == pytest.approx(2000)
    assert result.gpu_count == pytest.approx(2000 / 240)
    assert result.final_run_usd == pytest.approx(4000)
    assert result.development_compute_usd == pytest.approx(12000)
    table = training.sensitivity(base, {"usd_per_gpu_hour": (1.0, 4.0), "days": (5, 20), "utilisation": (0.25, 0.5)},
                                 {"usd_per_gpu_hour": "price", "days": "days", "utilisation": "MFU"})
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
    benchmarks = pd.DataFrame({
        "model_id": ["ref", "better", "weaker", "cheap"], "benchmark": ["mmlu"] * 4,
        "score": [80.0, 85.0, 70.0, 79.5], "evaluator": ["developer"] * 4, "setting": [""] * 4, "source_id": ["s"] * 4})
    costs = pd.DataFrame({"model_id": ["ref", "better", "weaker"], "model": ["Ref", "Better", "Weaker"],
                          "developer": ["d"] * 3, "cost_usd": [100.0, 120.0, 1.0],
                          "publication_date": pd.to_datetime(["2022-01-01", "2022-06-01", "2022-07-01"])})
    reported = pd.DataFrame({"model_id": ["cheap"], "model": ["Cheap"], "developer": ["d"], "cost_usd": [25.0],
                             "publication_date": pd.to_datetime(["2024-01-01"])})
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
    rental = pd.DataFrame({"gpu": ["A100"] * 4 + ["H100"], "pricing": ["on-demand", "on-demand", "3-year commitment", "on-demand", "on-demand"],
                           "date": pd.to_datetime(["2022-02-01", "2022-06-01", "2022-03-01", "2023-06-01", "2022-05-01"]),
                           "usd_per_gpu_hour": [4.0, 2.0, 1.5, 1.0, 9.0]})
    out = training.rental_in_window(rental, "A100", "2022-01-01", "2022-12-31").set_index("pricing")
    assert out.loc["on-demand", "median"] == pytest.approx(3.0)
    assert out.loc["on-demand", "count"] == 2
    assert list(out.index) == ["3-year commitment", "on-demand"]


def test_superseded_value_comes_from_revisions():
    from types import SimpleNamespace
    revisions = pd.DataFrame({"table": ["training_costs"], "row_key": ["B-old|cloud_rental"], "column": ["cost_usd"],
                              "old_value": ["1164146794"], "new_value": ["849737164"]})
    dataset = SimpleNamespace(revisions=revisions)
    assert float(training.superseded_value(dataset, "training_costs", "B-old|cloud_rental", "cost_usd")) == pytest.approx(1164146794)
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
    shares = {k: pd.Series(v) for k, v in {"hardware": {"value": 50, "low": 47, "high": 67},
                                           "staff": {"value": 40, "low": 29, "high": 49},
                                           "energy": {"value": 3, "low": 2, "high": 6}}.items()}
    dev = training.development_split(shares).set_index(["bar", "component"])["percent"]
    assert dev[("Hardware at its low end", "R&D staff")] == 49 and dev[("Hardware at its high end", "energy")] == 3
