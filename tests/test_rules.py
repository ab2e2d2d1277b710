"""The verdict rules on hand-worked cases."""

import json
import math

import pandas as pd
import pytest

from llmecon.core import claims, rules
from llmecon.core.rules import APPROXIMATE, EXACT, MAGNITUDE, RANGE


@pytest.mark.parametrize(
    "measured, claimed, tolerance, verdict",
    [
        (25_000, 22_000, EXACT, "partly holds"),  # 25,000 / 22,000 = 1.136: beyond rounding, within 1.25
        (22_500, 22_000, EXACT, "holds"),  # 1.023
        (30_000, 22_000, EXACT, "does not hold"),  # 1.364
        (100, 80, APPROXIMATE, "holds"),  # exactly 1.25
        (150, 80, APPROXIMATE, "partly holds"),  # 1.875
        (170, 80, APPROXIMATE, "does not hold"),  # 2.125
        (26.0, 10.0, MAGNITUDE, "holds"),  # 2.6 <= sqrt(10)
        (40.0, 10.0, MAGNITUDE, "partly holds"),  # 4 <= 10
    ],
)
def test_within_factor(measured, claimed, tolerance, verdict):
    judged = rules.within_factor(measured, claimed, "x", tolerance)
    assert judged.verdict == verdict
    assert judged.value == measured
    assert judged.rule == {
        "name": "within_factor",
        "kind": tolerance.kind,
        "holds_within": round(tolerance.holds, 4),
        "partly_within": round(tolerance.partly, 4),
    }


def test_within_factor_is_symmetric():
    assert (
        rules.within_factor(80 / 1.875, 80, unit="", tolerance=rules.APPROXIMATE).verdict
        == rules.within_factor(150, 80, unit="", tolerance=rules.APPROXIMATE).verdict
        == "partly holds"
    )


def test_reason_is_built_from_the_numbers():
    judged = rules.within_factor(25_000, 22_000, "GPUs", EXACT)
    assert judged.reason == (
        "claimed 22,000 GPUs, measured 25,000 GPUs: 1.14x apart; "
        "an exact figure holds within 1.05x, partly within 1.25x"
    )
    assert judged.measured == "25,000 GPUs"


def test_interval_contains():
    # claimed 100 days; published estimates 90 to 100 days
    assert rules.interval_contains(90, 100, 100, "days", EXACT).verdict == "holds"
    # claimed 3.9 against [4.5, 6]: 4.5 / 3.9 = 1.154 -> exact: partly
    judged = rules.interval_contains(4.5, 6, 3.9, "", EXACT)
    assert judged.verdict == "partly holds"
    assert judged.interval == (4.5, 6.0)
    assert judged.value == pytest.approx(math.sqrt(27))
    # claimed 10 against [20, 30]: 2x from the nearer end -> approximate: partly; exact: not
    assert rules.interval_contains(20, 30, 10, tolerance=APPROXIMATE).verdict == "partly holds"
    assert rules.interval_contains(20, 30, 10, tolerance=EXACT).verdict == "does not hold"


def test_in_range_with_rounding_at_the_ends():
    assert rules.in_range(2.0, 1, 3, "billion USD", tolerance=rules.RANGE).verdict == "holds"
    assert rules.in_range(3.1, 1, 3, unit="", tolerance=rules.RANGE).verdict == "holds"  # 1.033 above the top
    assert rules.in_range(3.6, 1, 3, unit="", tolerance=rules.RANGE).verdict == "partly holds"  # 1.2
    assert rules.in_range(0.5, 1, 3, unit="", tolerance=rules.RANGE).verdict == "does not hold"  # 2
    # a measured interval overlapping the claimed range holds
    assert rules.in_range(5, 1, 3, interval=(2.5, 8), unit="", tolerance=rules.RANGE).verdict == "holds"
    assert RANGE.holds == EXACT.holds


def test_bounds():
    assert rules.at_least(120, 100, unit="", tolerance=rules.EXACT).verdict == "holds"
    assert rules.at_least(96, 100, unit="", tolerance=rules.EXACT).verdict == "holds"  # 1.042: rounding
    assert rules.at_least(85, 100, unit="", tolerance=rules.EXACT).verdict == "partly holds"  # 1.176
    assert rules.at_least(70, 100, unit="", tolerance=rules.EXACT).verdict == "does not hold"  # 1.43
    assert rules.at_most(0.9, 1.0, unit="", tolerance=rules.EXACT).verdict == "holds"
    assert rules.at_most(1.2, 1.0, unit="", tolerance=rules.EXACT).verdict == "partly holds"
    assert rules.at_least(120, 100, unit="", tolerance=rules.EXACT).claimed == (100.0, None)


def test_trend_direction():
    assert rules.trend_direction(0.3, 0.1, 0.5, "up").verdict == "holds"
    assert rules.trend_direction(0.3, -0.1, 0.5, "up").verdict == "partly holds"
    assert rules.trend_direction(-0.3, -0.5, 0.1, "up").verdict == "does not hold"
    assert rules.trend_direction(-0.3, -0.5, -0.1, "down").verdict == "holds"
    with pytest.raises(ValueError):
        rules.trend_direction(0.3, 0.4, 0.5, "up")


def test_dated_forecast():
    # forecast "in 2024": deadline 31 Dec 2024
    on_time = rules.happened_by("2024-05-13", "2024-12-31", "2026-01-01")
    assert on_time.verdict == "holds" and on_time.value < 0
    late = rules.happened_by("2025-03-31", "2024-12-31", "2026-01-01")  # 3 months late: within grace
    assert late.verdict == "partly holds" and late.value == pytest.approx(90 / (365.25 / 12), abs=0.01)
    assert rules.happened_by("2025-08-07", "2024-12-31", "2026-01-01").verdict == "does not hold"
    never = rules.happened_by(None, "2024-12-31", "2026-01-01")
    assert never.verdict == "does not hold" and never.value == pytest.approx(366 / (365.25 / 12), abs=0.01)
    assert rules.happened_by(None, "2026-06-30", "2026-01-01").verdict == "untestable"


def test_undated_forecast():
    assert rules.happened("2024-06-01", "2023-12-01", "2026-01-01").verdict == "holds"
    assert rules.happened(None, "2023-12-01", "2026-01-01").verdict == "untestable"


def test_necessary_condition():
    # "it takes $50M to enter"; someone entered with $5.6M: 8.9x less
    judged = rules.necessary_condition(5.6, 50, "million USD", tolerance=rules.APPROXIMATE)
    assert judged.verdict == "does not hold"
    assert judged.rule["name"] == "necessary_condition"
    assert "8.93x less" in judged.reason
    assert rules.necessary_condition(45, 50, unit="", tolerance=rules.APPROXIMATE).verdict == "holds"


def test_untestable_needs_a_known_ground():
    judged = rules.untestable("no_data", "OpenAI has not published it")
    assert judged.verdict == "untestable" and judged.value is None
    with pytest.raises(ValueError, match="ground"):
        rules.untestable("feels wrong", "x")


def test_a_testable_judgement_needs_a_value():
    with pytest.raises(ValueError, match="needs a measured value"):
        rules.Judgement("holds", None, "", None, None, {"name": "x"}, "r")


@pytest.mark.parametrize(
    "x, text",
    [
        (1_250_000, "1,250,000"),
        (18.8, "18.8"),
        (0.00123, "0.00123"),
        (2.0, "2"),
        (2.2e-14, "0"),
        (100_000, "100,000"),
        (0.75, "0.75"),
        (1234.5, "1,234"),
    ],
)
def test_fmt(x, text):
    assert rules.fmt(x) == text


def test_policy_table_states_the_constants():
    table = rules.policy_table().set_index("Kind of claim")
    assert table.loc["exact figure", "Holds within"] == "1.05x"
    assert table.loc["approximate figure", "Partly holds within"] == "2x"
    assert table.loc["forecast with a date", "Partly holds within"] == f"{rules.FORECAST_GRACE_MONTHS} months late"


def test_verdict_record_carries_value_and_rule(tmp_path):
    judged = rules.within_factor(150, 80, "million USD", tolerance=rules.APPROXIMATE)
    verdict = claims.Verdict.judged("a000-x", judged, ["src_a"], note="context")
    record = verdict.as_record()
    assert record["value"] == 150 and record["rule"]["name"] == "within_factor"
    assert record["claimed"] == [80.0, 80.0] and record["evidence"] == ["src_a"]
    assert verdict.reason.endswith("1.88x apart; an approximate figure holds within 1.25x, partly within 2x. context")

    def output(name, text):
        return {
            "output_type": "display_data",
            "data": {"application/papermill.record/text/plain": repr(text)},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}},
        }

    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "",
                "metadata": {},
                "outputs": [
                    output("verdict__a000-x", verdict.verdict),
                    output("measured__a000-x", verdict.measured),
                    output("reason__a000-x", verdict.reason),
                    output("record__a000-x", json.dumps(record)),
                ],
            }
        ]
    }
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(notebook))
    found = claims.read_results(path)["verdicts"]["a000-x"]
    assert found["verdict"] == "partly holds" and found["value"] == 150.0
    assert found["rule"]["kind"] == "approximate figure" and found["measured"] == "150 million USD"


def test_compact_rendering_keeps_the_anchor():
    claim = pd.Series(
        {
            "article": "001",
            "claim_en": "GPT-4 used 22,000 A100s.",
            "quote_zh": "2.2 萬張 A100",
            "value_low": 22000.0,
            "value_high": 22000.0,
            "unit": "GPUs",
        }
    )
    verdict = claims.Verdict.judged("a001-x", rules.within_factor(25_000, 22_000, "GPUs", EXACT), ["src"])
    text = claims.render_verdict(verdict, claim, "Li Guangmi, Shixiang interview, end of 2023")
    assert text.startswith(
        "(verdict-a001-x)=\n:::{admonition} Partly holds (understated): GPT-4 used 22,000 A100s. "
        "Claimed 22,000 GPUs; measured 25,000 GPUs\n:class: warning dropdown verdict"
    )
    assert "**Rule:** within factor, exact figure: holds within 1.05x, partly within 1.25x" in text
    assert "**Evidence:** src" in text
    assert "2.2 萬張 A100 (Li Guangmi, Shixiang interview, end of 2023)" in text


def test_in_range_each_case():
    # "Claude 3 and GPT-4.5 will cost $200-300M": 33 is 6x below, 358 is 1.19x above (partly), 250 inside
    mixed = rules.in_range_each({"Claude 3 Opus": 33, "GPT-4.5": 358}, 200, 300, "million USD", tolerance=rules.RANGE)
    assert mixed.verdict == "partly holds" and mixed.value == 33 and mixed.interval == (33.0, 358.0)
    assert rules.in_range_each({"a": 250, "b": 290}, 200, 300, unit="", tolerance=rules.RANGE).verdict == "holds"
    assert rules.in_range_each({"a": 33, "b": 40}, 200, 300, unit="", tolerance=rules.RANGE).verdict == "does not hold"
    assert rules.in_range_each({"a": 358}, 200, 300, unit="", tolerance=rules.RANGE).verdict == "partly holds"


def test_all_parts():
    holds = rules.at_least(19, 1.0001, "x", tolerance=rules.EXACT)
    fails = rules.trend_direction(0.38, 0.3, 0.45, "down")
    mixed = rules.all_parts({"per model at a fixed size": holds, "the frontier": fails})
    assert mixed.verdict == "partly holds" and mixed.value == 0.38
    assert mixed.rule["parts"]["the frontier"]["name"] == "trend_direction"
    assert rules.all_parts({"a": holds}).verdict == "holds"
    # A part not testable yet (a forecast not due at an earlier analysis date) leaves the claim untestable.
    not_yet = rules.not_due("2025-01-01", "2024-06-30", "the second part's window has not ended")
    assert rules.all_parts({"a": holds, "b": not_yet}) is not_yet
    assert rules.weigh(not_yet, "as read") is not_yet
    with pytest.raises(ValueError):
        rules.all_parts({})


def test_dated_fact():
    assert rules.happened_within("2023-03-14", "2023-03-01", "2023-03-31").verdict == "holds"
    late = rules.happened_within("2024-02-08", "2024-01-01", "2024-01-31")  # 8 days after January
    assert late.verdict == "partly holds" and late.value == 8
    assert rules.happened_within("2023-05-10", "2023-03-01", "2023-03-31").verdict == "does not hold"  # 40 days


def test_forecast_a_little_late():
    # Gemini Ultra "next month" (January 2024) reached the public on 8 February 2024: 8 days = 0.26 months late
    judged = rules.happened_by("2024-02-08", "2024-01-31", "2026-01-01")
    assert judged.verdict == "partly holds" and judged.value == pytest.approx(8 / (365.25 / 12), abs=0.01)


def test_direction_says_which_way_a_claim_missed():
    # 25,000 measured against a claimed 22,000: reality is larger, so the claim understated it
    assert rules.within_factor(25_000, 22_000, "GPUs", EXACT).direction == "understated"
    assert rules.within_factor(15_000, 22_000, "GPUs", EXACT).direction == "overstated"
    assert rules.within_factor(22_100, 22_000, "GPUs", EXACT).direction == "about right"
    # a claimed range missed from above and below; a bound that is not reached fell short
    assert rules.in_range(3.6, 1, 3, "billion USD", RANGE).direction == "understated"
    assert rules.in_range(0.5, 1, 3, "billion USD", RANGE).direction == "overstated"
    assert rules.at_least(70, 100, "", EXACT).direction == "overstated"
    # where a smaller number goes further ("down to 1% of the cost"), the same miss reads the other way
    assert rules.within_factor(0.3, 1, "%", APPROXIMATE).going(rules.BELOW).direction == "understated"
    # a forecast that came late fell short; an untestable claim has no direction
    late = rules.happened_by("2025-09-01", "2024-12-31", "2026-06-30")
    assert late.verdict == "does not hold" and late.direction == "overstated"
    assert rules.untestable("not_quantified", "no figure").direction is None


def test_tolerance_is_required_and_chosen_from_the_wording():
    with pytest.raises(TypeError, match="needs a tolerance"):
        rules.within_factor(25_000, 22_000, "GPUs")
    with pytest.raises(TypeError, match="needs a tolerance"):
        rules.in_range(2, 1, 3, "x")


def test_a_rate_is_judged_in_the_claims_own_period():
    # "÷4 per 18 months" against a measured ÷3.04 a year: 3.04 ** 1.5 = ÷5.30 per 18 months, 1.33x from the claim
    # (annualising the claim instead, 4 ** (2/3) = 2.52 against 3.04, would shrink the gap to 1.21x)
    judged = rules.rate_in_claim_unit(3.04, 3.04, 3.04, 4, 4, 18, APPROXIMATE)
    assert judged.value == pytest.approx(3.04**1.5)
    assert judged.verdict == "partly holds" and judged.direction == "understated"
    assert "per 18 months" in judged.measured and "4.64" not in judged.reason and "÷4 per 18 months" in judged.reason
    # a claimed range of annual falls, -50 to -75% a year = ÷2 to ÷4, against ÷3 a year: inside
    assert rules.rate_in_claim_unit(3, 2.5, 3.5, 2, 4, 12, RANGE).verdict == "holds"


def test_scales_with_an_arbitrary_zero_are_compared_by_differences():
    # an ECI gap of 7 points with an uncertainty of 4: parity does not hold, it is 1.75 uncertainties away
    gap = rules.parity(7, 4, "ECI points")
    assert gap.verdict == "partly holds" and gap.value == 7 and "1.75 uncertainties" in gap.reason
    assert rules.parity(3, 4, "ECI points").verdict == "holds"
    assert rules.parity(-9, 4, "ECI points").verdict == "does not hold"
    # a claimed gap of 10-20 Elo points against a measured 45 (uncertainty 10): 25 points away
    wide = rules.difference(45, 10, 20, 10, "Elo")
    assert wide.verdict == "does not hold" and wide.direction == "understated"


def test_no_threshold_sits_at_or_near_chance():
    assert rules.chance_floor("gpqa_diamond") == 35
    assert rules.require_above_chance("gpqa_diamond", 45) == 45
    with pytest.raises(ValueError, match="below its floor of 35"):
        rules.require_above_chance("gpqa_diamond", 28)
    with pytest.raises(KeyError):
        rules.chance_floor("unknown_benchmark")


def test_a_forecast_window_is_judged_only_once_it_has_ended():
    waiting = rules.not_due("2026-12-31", "2026-11-30", "the next generation's cost in 2025-26")
    assert waiting.verdict == "untestable" and waiting.rule["ground"] == "not_due"
    assert rules.not_due("2026-12-31", "2027-01-05", "the same") is None


def test_weigh_records_every_reading_and_whether_the_verdict_depends_on_one():
    main = rules.within_factor(25_000, 22_000, "GPUs", EXACT)
    other = rules.within_factor(22_500, 22_000, "GPUs", EXACT)
    rules.weigh(main, "Epoch AI's reconstruction", {"SemiAnalysis's count": other})
    verdicts = {r["reading"]: r["verdict"] for r in main.readings}
    assert verdicts == {
        "Epoch AI's reconstruction": "partly holds",
        "SemiAnalysis's count": "holds",
        "read as an approximate figure": "holds",
    }
    assert main.robust is False
    assert rules.contested_sentence(main.readings) == (
        "holds if SemiAnalysis's count or read as an approximate "
        "figure; partly holds if Epoch AI's reconstruction (adopted)"
    )
    steady = rules.weigh(rules.within_factor(22_000, 22_000, "GPUs", EXACT), "as written")
    assert steady.robust is True and len(steady.readings) == 2


def test_a_verdict_carries_its_direction_in_words_and_its_readings():
    verdict = claims.Verdict.judged(
        "a001-x",
        rules.rate_in_claim_unit(40, 30, 60, 10, 10, 18, APPROXIMATE),
        ["src"],
        says=("prices fell faster than claimed", "prices fell more slowly than claimed"),
    )
    assert verdict.direction == "understated" and verdict.robust is True
    assert verdict.reason.startswith("Prices fell faster than claimed: claimed ÷10 per 18 months, measured ÷")
    record = verdict.as_record()
    assert record["direction"] == "understated" and record["readings"][0]["adopted"] is True
    assert record["says"] == "Prices fell faster than claimed"


def test_an_untestable_verdict_keeps_what_was_searched():
    judged = rules.untestable("no_data", "no count is published", "Searched X's reports (2026-12-08)")
    assert judged.rule["searched"] == "Searched X's reports (2026-12-08)" and "Searched: Searched X" in judged.reason


def test_the_methods_page_states_each_chance_floor():
    table = rules.chance_table().set_index("Benchmark")
    assert table.loc["gpqa_diamond", "Lowest level tested (%)"] == "35"
    assert table.loc["mmlu_pro", "Chance (%)"] == "10"


def test_a_claimed_month_reads_as_its_name():
    assert rules._claimed(5, "month of 2024 (announcement)") == "May 2024 (announcement)"
    assert rules._claimed(12, "month of 2023") == "December 2023"
    assert rules._claimed(22000, "GPUs") == "22,000 GPUs"


def test_a_claimed_range_reads_as_the_article_states_it():
    assert rules.claimed_text(11, "month of 2022 (release)", 12) == "November to December 2022 (release)"
    assert rules.claimed_text(4, "x decline over 18 months", 5, between="–") == "4–5x decline over 18 months"
    assert rules.claimed_text(6, "months", 12) == "6 to 12 months"
    assert rules.claimed_text(3, "month of 2023", 3.0) == "March 2023"


def test_untestable_for_want_of_data_needs_the_claims_recorded_search():
    bare = rules.untestable("no_data", "no count is published")
    with pytest.raises(ValueError, match="records no search"):
        rules.with_search(bare, "  ", "a009-x")
    searched = rules.with_search(bare, "CCID and IDC reports, 2026-12-08", "a009-x")
    assert searched.rule["searched"] == "CCID and IDC reports, 2026-12-08" and searched.reason.startswith(
        "no public source measures this quantity: no count is published. Searched: CCID"
    )
    not_due = rules.untestable("not_due", "its window ends in 2028")
    assert rules.with_search(not_due, "", "a009-y") is not_due


def test_a_measured_month_reads_as_its_name():
    judged = rules.within_factor(12, 11, "month of 2022", rules.EXACT)
    assert "measured December 2022" in judged.reason and "12 month" not in judged.reason
