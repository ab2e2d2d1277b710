from pathlib import Path

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
    shares = entry.finetune_shares(
        pd.DataFrame({"published": pd.to_datetime(["2024-01-01"]), "finetune_flop": [1e20], "base_flop": [1e23]})
    )
    assert shares["share_pct"].iloc[0] == pytest.approx(0.1)


# The chapter's sections on the real data package: the verdicts the issue-22 review corrected.


@pytest.fixture(scope="module")
def figures():
    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    return entry.Figures(dataset, dataset.snapshot_date())


def test_chatgpt_run_is_judged_on_gpt35s_own_cost(figures):
    # The package holds Epoch AI's cost of GPT-3.5 ($4.64M on owned hardware): "over $12M" overstated it.
    _, facts, verdicts = entry.training_runs(figures)
    judged = verdicts["a002-chatgpt-training-run-over-12m"]["judgement"]
    assert (judged.verdict, judged.direction, judged.robust) == ("does not hold", "overstated", True)
    assert judged.value == pytest.approx(4.637986)
    assert facts["gpt35_cloud_equivalent_m"] == pytest.approx(4.637986 * 78562017 / 40695706)


def test_compute_budgets_name_the_costliest_cluster_in_the_package(figures):
    facts, verdicts = entry.reserves_and_funding(
        figures, {"cluster_usd_m": 179.0}, entry.clusters_table(figures, {"GPT-4": ("gpt4", "OpenAI")})
    )
    assert facts["costliest_cluster_b"] == pytest.approx(4.446013, rel=1e-6)
    assert "Grok 3's, cost $4.45B" in verdicts["a000-compute-investment-billions"]["note"]


def test_first_tier_bar_is_one_claim_weighed_at_two_dates(figures):
    _, verdicts = entry.reserves_and_funding(
        figures, {"cluster_usd_m": 179.0}, entry.clusters_table(figures, {"GPT-4": ("gpt4", "OpenAI")})
    )
    assert "a001-top-tier-10b-investment" not in verdicts
    judged = verdicts["a001-top-tier-10b-reserve"]["judgement"]
    assert (judged.verdict, judged.value, judged.robust) == ("holds", 10.0, False)
    at_interview = next(r for r in judged.readings if r["reading"] == "as of the interview (end of 2023)")
    assert (at_interview["verdict"], at_interview["direction"]) == ("partly holds", "overstated")


def test_entrants_counted_from_the_first_cleared_batch(figures):
    facts, verdicts = entry.market_entrants(figures)
    judged = verdicts["a002-market-about-10-firms"]["judgement"]
    assert (facts["first_batch"], facts["first_batch_companies"], facts["chinese_llms"]) == (8, 6, 79)
    assert judged.verdict == "holds" and judged.robust is False
    assert {r["verdict"] for r in judged.readings} == {"holds", "partly holds", "does not hold"}


def test_war_of_attrition_is_not_due_before_its_longer_end(figures):
    assert entry.war_of_attrition(figures).rule["ground"] == "not_due"
    later = entry.Figures(figures.dataset, "2028-08-01")
    assert entry.war_of_attrition(later).rule["ground"] == "not_quantified"
