import pandas as pd
import pytest

from llmecon import training


def test_gpu_hours_and_rental_cost_by_hand():
    # 1,000 GPUs x 10 days x 24 h = 240,000 GPU-hours; at $2 = $480,000.
    assert training.gpu_hours(1000, 10) == 240_000
    assert training.rental_cost(1000, 10, 2.0) == pytest.approx(480_000)
    assert training.implied_hourly_rate(480_000, 1000, 10) == pytest.approx(2.0)


def test_training_flop_and_implied_utilisation_round_trip():
    # 100 GPUs x 1 day at 1e15 FLOP/s peak and 40% MFU: 100 x 86,400 s x 4e14 = 3.456e21 FLOP.
    flop = training.training_flop(100, 1, 1e15, 0.4)
    assert flop == pytest.approx(3.456e21)
    assert training.implied_utilisation(flop, 100, 1, 1e15) == pytest.approx(0.4)
    assert training.gpu_hours_for(flop, 1e15, 0.4) == pytest.approx(2400)


def test_final_run_share_of_a_1_to_3_split():
    assert training.final_run_share(4.0) == pytest.approx(0.25)
    assert training.final_run_share(2.0) == pytest.approx(0.5)


def test_cluster_purchase_rounds_servers_up():
    # 10 GPUs need 2 servers of 8: 10 x 100 + 2 x 50 = 1,100.
    assert training.cluster_purchase_cost(10, 100, 50, 8) == pytest.approx(1100)
    # Buying for $1.2M vs renting 100 GPUs at $2/h (4,800 a day): 250 days.
    assert training.breakeven_days(1_200_000, 100, 2.0) == pytest.approx(250)


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


def _runs_dataset():
    from types import SimpleNamespace
    runs = pd.DataFrame({"model": ["A", "B", "C"], "developer": ["x", "y", "z"],
                         "publication_date": pd.to_datetime(["2023-03-01", "2025-02-17", "2026-05-01"]), "hardware_count": [1, 2, 3]})
    costs = pd.DataFrame({"model": ["A", "B", "C", "B"], "method": ["cloud_rental"] * 3 + ["amortized_hardware_energy"],
                          "cost_usd": [2e8, 8.5e8, 3e9, 3e8], "source_id": ["s"] * 4})
    revisions = pd.DataFrame({"table": ["training_costs"], "row_key": ["B-old|cloud_rental"], "column": ["cost_usd"],
                              "old_value": ["1164146794"], "new_value": ["849737164"]})
    sources = pd.DataFrame({"source_id": ["s"], "publisher": ["Epoch AI"]})
    return SimpleNamespace(training_runs=runs, training_costs=costs, revisions=revisions, sources=sources)


def test_costliest_run_is_read_from_the_cost_table_up_to_the_date():
    dataset = _runs_dataset()
    top = training.costliest_run(dataset, "cloud_rental", "2025-12-31")  # C (2026) is after the date
    assert (top["model"], top["cost_usd"]) == ("B", 8.5e8)
    assert training.costliest_run(dataset, "cloud_rental", "2026-12-31")["model"] == "C"
    with pytest.raises(ValueError, match="no training-run cost"):
        training.costliest_run(dataset, "cloud_rental", "2020-01-01")


def test_superseded_value_comes_from_revisions():
    dataset = _runs_dataset()
    assert float(training.superseded_value(dataset, "training_costs", "B-old|cloud_rental", "cost_usd")) == pytest.approx(1164146794)
    with pytest.raises(KeyError, match="no revision"):
        training.superseded_value(dataset, "training_costs", "B-old|cloud_rental", "model")
