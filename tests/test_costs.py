"""GPU arithmetic and reported training-run costs (llmecon.core.costs), on cases worked out by hand."""

import pandas as pd
import pytest

from llmecon.core import costs


def test_gpu_hours_and_rental_cost_by_hand():
    # 1,000 GPUs x 10 days x 24 h = 240,000 GPU-hours; at $2 = $480,000.
    assert costs.gpu_hours(1000, 10) == 240_000
    assert costs.rental_cost(1000, 10, 2.0) == pytest.approx(480_000)
    assert costs.implied_hourly_rate(480_000, 1000, 10) == pytest.approx(2.0)


def test_training_flop_and_implied_utilisation_round_trip():
    # 100 GPUs x 1 day at 1e15 FLOP/s peak and 40% MFU: 100 x 86,400 s x 4e14 = 3.456e21 FLOP.
    flop = costs.training_flop(100, 1, 1e15, 0.4)
    assert flop == pytest.approx(3.456e21)
    assert costs.implied_utilisation(flop, 100, 1, 1e15) == pytest.approx(0.4)
    assert costs.gpu_hours_for(flop, 1e15, 0.4) == pytest.approx(2400)


def test_cluster_purchase_rounds_servers_up():
    # 10 GPUs need 2 servers of 8: 10 x 100 + 2 x 50 = 1,100.
    assert costs.cluster_purchase_cost(10, 100, 50, 8) == pytest.approx(1100)


def test_rental_days_a_budget_buys():
    # $2.4M keeps 1,000 GPUs at $1 an hour busy for 2,400 hours = 100 days
    assert costs.rental_days(2.4e6, 1000, 1.0) == pytest.approx(100.0)
    # Buying for $1.2M vs renting 100 GPUs at $2/h (4,800 a day): 250 days.
    assert costs.rental_days(1_200_000, 100, 2.0) == pytest.approx(250)


def test_decode_throughput_bound():
    # 70B parameters at 2 bytes = 140 GB; 3.5 TB/s reads them 25 times a second; batch 10 -> 250 tokens/s.
    assert costs.decode_tokens_per_second_per_gpu(3.5, 70, 2, 10) == pytest.approx(250.0)


def test_self_hosting_cost_per_million_tokens():
    # $3.6 an hour, 1,000 tokens/s at 50% -> 1.8M tokens an hour -> $2 per million.
    assert costs.self_hosting_cost_per_m(3.6, 1000, 0.5) == pytest.approx(2.0)
    assert costs.utilisation_for_cost(3.6, 1000, 2.0) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        costs.self_hosting_cost_per_m(3.6, 1000, 0)


def _runs_dataset():
    from types import SimpleNamespace

    runs = pd.DataFrame(
        {
            "model": ["A", "B", "C"],
            "developer": ["x", "y", "z"],
            "publication_date": pd.to_datetime(["2023-03-01", "2025-02-17", "2026-05-01"]),
            "hardware_count": [1, 2, 3],
        }
    )
    estimates = pd.DataFrame(
        {
            "model": ["A", "B", "C", "B"],
            "method": ["cloud_rental"] * 3 + ["amortized_hardware_energy"],
            "cost_usd": [2e8, 8.5e8, 3e9, 3e8],
            "source_id": ["s"] * 4,
        }
    )
    revisions = pd.DataFrame(
        {
            "table": ["training_costs"],
            "row_key": ["B-old|cloud_rental"],
            "column": ["cost_usd"],
            "old_value": ["1164146794"],
            "new_value": ["849737164"],
        }
    )
    sources = pd.DataFrame({"source_id": ["s"], "publisher": ["Epoch AI"]})
    tables = {"sources": sources}
    return SimpleNamespace(
        training_runs=runs,
        training_costs=estimates,
        revisions=revisions,
        sources=sources,
        rows=lambda name, column, values: tables[name][tables[name][column].isin(list(values))],
    )


def test_costliest_run_is_read_from_the_cost_table_up_to_the_date():
    dataset = _runs_dataset()
    top = costs.costliest_run(dataset, "cloud_rental", "2025-12-31")  # C (2026) is after the date
    assert (top["model"], top["cost_usd"]) == ("B", 8.5e8)
    assert costs.costliest_run(dataset, "cloud_rental", "2026-12-31")["model"] == "C"
    with pytest.raises(ValueError, match="no training-run cost"):
        costs.costliest_run(dataset, "cloud_rental", "2020-01-01")
