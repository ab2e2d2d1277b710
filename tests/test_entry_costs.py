import pandas as pd
import pytest

from llmecon.analysis import entry_costs as entry


def test_cluster_capital_rounds_servers_up():
    capital = entry.cluster_capital(gpus=20, gpu_price=10.0, gpus_per_server=8, server_price=100.0)
    assert capital.servers == 3  # 20 GPUs need 3 eight-GPU servers
    assert capital.gpu_cost == 200.0
    assert capital.total_if_server_price_excludes_gpus == 500.0
    assert capital.total_if_server_price_includes_gpus == 300.0


def test_cost_per_model_falls_then_hits_the_floor():
    # cluster $100, each run uses up $10 of it: 10 runs before it is spent
    assert entry.runs_per_cluster(100.0, 10.0) == 10.0
    assert entry.cost_per_model([1, 4, 10, 50], 100.0, 10.0).tolist() == pytest.approx([100.0, 25.0, 10.0, 10.0])


def test_years_to_offset():
    # a 4x saving is cancelled by two years of 2x growth
    assert entry.years_to_offset(4.0, 2.0) == pytest.approx(2.0)


def test_factory_curves_start_at_the_cluster_price():
    clusters = pd.DataFrame({"label": ["x"], "acquisition": [100.0], "amortized": [10.0]})
    curves = entry.factory_curves(clusters, 50)
    assert curves["n_models"].iloc[0] == 1 and curves["cost_per_model"].iloc[0] == 100.0
    assert curves["cost_per_model"].iloc[-1] == 10.0


def test_finetune_shares():
    shares = entry.finetune_shares(pd.DataFrame({"published": pd.to_datetime(["2024-01-01"]), "finetune_flop": [1e20], "base_flop": [1e23]}))
    assert shares["share_pct"].iloc[0] == pytest.approx(0.1)
