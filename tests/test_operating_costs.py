import pandas as pd
import pytest

from llmecon.analysis import operating_costs as operating


def test_rental_build_cost_counts_every_gpu_hour():
    # 2 servers x 8 GPUs x 1 month (730.5 h) x $2 = $23,376
    assert operating.rental_build_cost(2, 8, 1, 2.0) == pytest.approx(23_376.0)


def test_purchase_build_cost():
    assert operating.purchase_build_cost(20, 8, 250_000, 8) == 5_000_000
    # Four-GPU servers cost half as much at the listed server's price per GPU.
    assert operating.purchase_build_cost(20, 4, 250_000, 8) == 2_500_000


def test_monthly_token_bill():
    # 50M requests x 1,000 tokens = 50B tokens; at $2 per million that is $100,000
    assert operating.monthly_token_bill(50e6, 1000, 2.0) == pytest.approx(100_000.0)


def test_months_to_pass_and_breakeven_tokens_agree():
    build = 1_200_000.0
    bill = operating.monthly_token_bill(50e6, 1000, 2.0)  # $100,000 a month
    assert operating.months_to_pass(build, bill) == pytest.approx(12.0)
    # one month's bill equals the build at 12x the tokens
    assert operating.breakeven_tokens_per_request(build, 50e6, 2.0) == pytest.approx(12_000.0)


def test_requests_per_user_per_day():
    assert operating.requests_per_user_per_day(42_000, 100, 21) == pytest.approx(20.0)


@pytest.mark.parametrize(
    "months, verdict",
    [([1, 2, 3], "holds"), ([1, 30], "partly holds"), ([25, 30], "does not hold"), ([13.5], "partly holds")],
)
def test_operating_dominates_when_every_bill_passes_the_build_within_the_horizon(months, verdict):
    # Chapter 5's rule: at_most(months, 12) for each model, combined; 13.5 / 12 = 1.125 is within the exact tolerance 1.25.
    from llmecon.core import rules

    judged = rules.all_parts({str(i): rules.at_most(m, 12, "months", rules.EXACT) for i, m in enumerate(months)})
    assert judged.verdict == verdict


def test_cumulative_bills_grow_linearly():
    models = pd.DataFrame({"name": ["m"], "usd_per_million": [2.0]})
    out = operating.cumulative_bills(models, 50e6, 1000, 3)
    assert out["cumulative_bill"].tolist() == pytest.approx([0, 100_000, 200_000, 300_000])


def test_priced_models_prefers_first_party_and_blends(tmp_path):
    class Data:
        prices = pd.DataFrame(
            {
                "model_id": ["a", "a", "b"],
                "provider": ["Acme", "Host", "Host"],
                "effective_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01"]),
                "currency": ["USD", "USD", "USD"],
                "input_per_m": [4.0, 1.0, 1.0],
                "output_per_m": [8.0, 1.0, 5.0],
                "source_id": ["s", "s", "s"],
            }
        )
        fx = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "cny_per_usd": [7.0]})
        models = pd.DataFrame(
            {"model_id": ["a", "b"], "name": ["A", "B"], "developer": ["Acme", "Other"], "open_weights": [False, True]}
        )
        sources = pd.DataFrame({"source_id": ["s"], "publisher": ["P"]})

        @classmethod
        def rows(cls, name, column, values):
            table = getattr(cls, name)
            return table[table[column].isin(list(values))]

    out = operating.priced_models(Data, "2024-02-01", ["a", "b"], input_share=0.75).set_index("model_id")
    assert out.loc["a", "provider"] == "Acme"  # the developer's own API, although the host is cheaper
    assert out.loc["a", "usd_per_million"] == pytest.approx(5.0)  # 0.75 x 4 + 0.25 x 8
    assert out.loc["b", "usd_per_million"] == pytest.approx(2.0)  # 0.75 x 1 + 0.25 x 5
    # Before any price is in force a model is left out (the operation says which), not priced at zero.
    assert operating.priced_models(Data, "2023-06-01", ["a", "b"], input_share=0.75).empty


def test_the_dell_example_on_the_real_data():
    # At 1,000 tokens per request and April 2024 list prices, the cheapest models' bills take more than a year to
    # pass a rented build: "operating is the largest cost" partly holds and overstated it; on the build's own
    # servers (a third of the three-month build each month) it holds.
    from pathlib import Path

    from llmecon.core.data import open_dataset

    dell = operating.Example(open_dataset(Path(__file__).resolve().parents[1] / "data"), 8, 8, 21)
    assert (dell.servers, dell.build_months, dell.engineers, dell.requests_per_month) == (20, 3, 6000, 50e6)
    facts, build_costs = dell.build()
    assert facts["build_rent"] == pytest.approx(20 * 8 * 3 * 30.436875 * 24 * 4.3257 / 1e6, rel=1e-3)
    priced, _, verdicts = dell.operation(
        "2024-04-15", ["claude-3-opus", "gpt-3.5-turbo-0125"], 0.75, 1000, 12, build_costs
    )
    judged = verdicts["a003-operating-cost-dominates"]["judgement"]
    assert (judged.verdict, judged.direction, judged.robust) == ("partly holds", "overstated", False)
    assert {r["reading"]: r["verdict"] for r in judged.readings}["served on the build's own servers"] == "holds"
    assert priced["months_rented"].iloc[-1] > 12 > priced["months_rented"].iloc[0]


def test_the_dell_example_before_any_listed_price_is_untestable_for_these_parameters():
    from pathlib import Path

    from llmecon.core.data import open_dataset

    dell = operating.Example(open_dataset(Path(__file__).resolve().parents[1] / "data"), 8, 8, 21)
    _, build_costs = dell.build()
    priced, facts, verdicts = dell.operation(
        "2023-03-01", ["claude-3-opus", "gpt-4-turbo"], 0.75, 1000, 12, build_costs
    )
    judged = verdicts["a003-operating-cost-dominates"]["judgement"]
    assert priced.empty and (judged.verdict, judged.rule["ground"]) == ("untestable", "no_data_for_parameters")
    assert facts["monthly_tokens_b"] == pytest.approx(50.0) and facts["dearest_bill"] is None
    # One model priced, one not yet released: the bill uses the one, and the verdict's note names the other.
    priced, _, verdicts = dell.operation("2024-01-15", ["claude-3-opus", "gpt-4-turbo"], 0.75, 1000, 12, build_costs)
    assert list(priced["model_id"]) == ["gpt-4-turbo"]
    assert verdicts["a003-operating-cost-dominates"]["note"].endswith(
        "no price in force on 2024-01-15 for claude-3-opus"
    )
