"""Chapter 4's arithmetic on small cases worked out by hand."""

import pandas as pd
import pytest

from llmecon.analysis import token_pricing as pricing
from llmecon.core import units


def fx_table(rate=7.0):
    return units.FxTable(pd.DataFrame({"date": pd.to_datetime(["2024-05-01"]), "cny_per_usd": [rate]}))


def test_doubao_price_per_1k_buys_1_25_million_tokens_per_rmb():
    # RMB 0.0008 per 1k = RMB 0.8 per M; 1 / 0.8 M = 1,250,000.
    assert pricing.tokens_per_unit_from_per_1k(0.0008) == pytest.approx(1_250_000)


def test_tokens_per_unit_and_implied_price_are_inverse():
    # 2,400 tokens per RMB means RMB 416.67 per million.
    assert pricing.price_per_m_from_tokens_per_unit(2400) == pytest.approx(416.6667, rel=1e-6)
    assert units.tokens_per_currency_unit(pricing.price_per_m_from_tokens_per_unit(2400)) == pytest.approx(2400)
    with pytest.raises(ValueError):
        pricing.price_per_m_from_tokens_per_unit(0)


def test_ten_billion_tokens_at_doubao_price_cost_8000_rmb():
    assert pricing.cost_of_tokens(10e9, 0.8) == pytest.approx(8000)


def test_copies_of_a_novel():
    # 1.25M tokens at 1.8 characters per token = 2.25M characters = 3 copies of 750,000.
    assert pricing.copies_of_text(1_250_000, 750_000, 1.8) == pytest.approx(3.0)


def test_rate_that_reproduces_a_yuan_price():
    assert pricing.rate_that_reproduces(416.0, 60.0) == pytest.approx(6.9333, rel=1e-4)


def test_blend_or_missing_picks_the_basis():
    assert pricing.blend_or_missing(1.0, 2.0, "input", 0.75) == 1.0
    assert pricing.blend_or_missing(1.0, 2.0, "output", 0.75) == 2.0
    assert pricing.blend_or_missing(1.0, 2.0, "blend", 0.75) == pytest.approx(1.25)
    with pytest.raises(ValueError):
        pricing.blend_or_missing(1.0, 2.0, "average", 0.75)


def test_family_steps_and_cut_count():
    prices = pd.DataFrame(
        {
            "model_id": ["a1", "a2", "a2", "b1", "b2", "b3"],
            "effective_date": pd.to_datetime(
                ["2023-01-01", "2023-03-01", "2023-03-05", "2023-02-01", "2023-06-01", "2023-09-01"]
            ),
            "input_per_m": [20.0, 2.0, 2.0, 30.0, 10.0, 12.0],
            "output_per_m": [20.0, 2.0, 2.0, 60.0, 30.0, 30.0],
            "source_id": ["s"] * 6,
            "provider": ["OpenAI"] * 6,
        }
    )
    steps = pricing.family_price_steps(prices, {"A": ["a1", "a2"], "B": ["b1", "b2", "b3"]}, input_share=0.5)
    # a2's repeated price on 03-05 is not a change; b3 is dearer than b2, so not a cut.
    assert list(steps["model_id"]) == ["a1", "a2", "b1", "b2", "b3"]
    assert list(steps["is_cut"]) == [False, True, False, True, False]
    assert pricing.count_cut_dates(steps, "2022-12-31", "2023-12-31") == 2
    assert pricing.count_cut_dates(steps, "2023-03-01", "2023-12-31") == 1


def test_a_reseller_or_an_older_model_seen_later_is_not_a_price_of_the_line():
    # GPT-4 at $30/$60, Turbo at $10/$30; Azure lists GPT-4 again on the day OpenAI's Turbo row is read (the artefact
    # that made the line go 15 -> 37.5 -> 15), and OpenAI's own GPT-4 row is seen again later: neither is a cut or a rise.
    prices = pd.DataFrame(
        {
            "model_id": ["gpt-4", "gpt-4-turbo", "gpt-4", "gpt-4-turbo", "gpt-4", "gpt-4o"],
            "provider": ["OpenAI", "OpenAI", "Microsoft Azure", "Microsoft Azure", "OpenAI", "OpenAI"],
            "effective_date": pd.to_datetime(
                ["2023-03-14", "2023-11-06", "2024-01-30", "2024-01-30", "2024-01-30", "2024-05-13"]
            ),
            "input_per_m": [30.0, 10.0, 30.0, 10.0, 30.0, 5.0],
            "output_per_m": [60.0, 30.0, 60.0, 30.0, 60.0, 15.0],
            "source_id": ["s"] * 6,
        }
    )
    steps = pricing.family_price_steps(prices, {"GPT-4": ["gpt-4", "gpt-4-turbo", "gpt-4o"]}, input_share=0.75)
    assert list(steps["price"]) == [37.5, 15.0, 7.5]
    assert pricing.count_cut_dates(steps, "2023-01-01", "2024-05-13") == 2


def test_pareto_mask():
    prices = pd.Series([1.0, 2.0, 3.0, 0.5, 2.0])
    scores = pd.Series([60.0, 70.0, 65.0, 50.0, 80.0])
    # 0.5/50 and 1/60 are frontier; at 2.0 the 80 beats the 70; 3.0/65 is dominated.
    assert list(pricing.pareto_mask(prices, scores)) == [True, False, False, True, True]


def test_before_the_latest_catalogue_its_figures_are_missing_and_the_august_gpt4o_too():
    from pathlib import Path

    from llmecon.core.data import open_dataset

    dataset = open_dataset(Path(__file__).resolve().parents[1] / "data")
    market = pricing.Market(dataset, pd.Timestamp("2024-06-30"), "2024-05-15")
    latest, catalogue, reference = pricing.latest_catalogue(market, "CNY")
    assert catalogue.empty and latest["n_latest"] is None and latest["median_gap_in"] is None
    assert latest["latest_date"].startswith("(none up to 2024-06")
    assert len(reference) == 3 and reference["model"].iloc[0].startswith("GPT-4o")  # the May 2024 references remain
    assert pricing.gpt4_to_gpt4o_august(market, 0.75) is None  # released in August 2024
    later = pricing.Market(dataset, pd.Timestamp("2025-12-31"), "2024-05-15")
    assert pricing.gpt4_to_gpt4o_august(later, 0.75) > 1
