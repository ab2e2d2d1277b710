"""The verdict rules on hand-worked cases."""

import json
import math

import pandas as pd
import pytest

from llmecon.core import claims, rules
from llmecon.core.rules import APPROXIMATE, EXACT, MAGNITUDE, RANGE


@pytest.mark.parametrize("measured, claimed, tolerance, verdict", [
    (25_000, 22_000, EXACT, "partly holds"),         # 25,000 / 22,000 = 1.136: beyond rounding, within 1.25
    (22_500, 22_000, EXACT, "holds"),                # 1.023
    (30_000, 22_000, EXACT, "does not hold"),        # 1.364
    (100, 80, APPROXIMATE, "holds"),                 # exactly 1.25
    (150, 80, APPROXIMATE, "partly holds"),          # 1.875
    (170, 80, APPROXIMATE, "does not hold"),         # 2.125
    (26.0, 10.0, MAGNITUDE, "holds"),                # 2.6 <= sqrt(10)
    (40.0, 10.0, MAGNITUDE, "partly holds"),         # 4 <= 10
])
def test_within_factor(measured, claimed, tolerance, verdict):
    judged = rules.within_factor(measured, claimed, "x", tolerance)
    assert judged.verdict == verdict
    assert judged.value == measured
    assert judged.rule == {"name": "within_factor", "kind": tolerance.kind,
                           "holds_within": round(tolerance.holds, 4), "partly_within": round(tolerance.partly, 4)}


def test_within_factor_is_symmetric():
    assert rules.within_factor(80 / 1.875, 80).verdict == rules.within_factor(150, 80).verdict == "partly holds"


def test_reason_is_built_from_the_numbers():
    judged = rules.within_factor(25_000, 22_000, "GPUs", EXACT)
    assert judged.reason == ("claimed 22,000 GPUs, measured 25,000 GPUs: 1.14x apart; "
                             "an exact figure holds within 1.05x, partly within 1.25x")
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
    assert rules.in_range(2.0, 1, 3, "billion USD").verdict == "holds"
    assert rules.in_range(3.1, 1, 3).verdict == "holds"          # 1.033 above the top
    assert rules.in_range(3.6, 1, 3).verdict == "partly holds"   # 1.2
    assert rules.in_range(0.5, 1, 3).verdict == "does not hold"  # 2
    # a measured interval overlapping the claimed range holds
    assert rules.in_range(5, 1, 3, interval=(2.5, 8)).verdict == "holds"
    assert RANGE.holds == EXACT.holds


def test_bounds():
    assert rules.at_least(120, 100).verdict == "holds"
    assert rules.at_least(96, 100).verdict == "holds"            # 1.042: rounding
    assert rules.at_least(85, 100).verdict == "partly holds"     # 1.176
    assert rules.at_least(70, 100).verdict == "does not hold"    # 1.43
    assert rules.at_most(0.9, 1.0).verdict == "holds"
    assert rules.at_most(1.2, 1.0).verdict == "partly holds"
    assert rules.at_least(120, 100).claimed == (100.0, None)


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
    late = rules.happened_by("2025-03-31", "2024-12-31", "2026-01-01")   # 3 months late: within grace
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
    judged = rules.necessary_condition(5.6, 50, "million USD")
    assert judged.verdict == "does not hold"
    assert judged.rule["name"] == "necessary_condition"
    assert "8.93x less" in judged.reason
    assert rules.necessary_condition(45, 50).verdict == "holds"


def test_untestable_needs_a_known_ground():
    judged = rules.untestable("no_data", "OpenAI has not published it")
    assert judged.verdict == "untestable" and judged.value is None
    with pytest.raises(ValueError, match="ground"):
        rules.untestable("feels wrong", "x")


def test_a_testable_judgement_needs_a_value():
    with pytest.raises(ValueError, match="needs a measured value"):
        rules.Judgement("holds", None, "", None, None, {"name": "x"}, "r")


@pytest.mark.parametrize("x, text", [(1_250_000, "1,250,000"), (18.8, "18.8"), (0.00123, "0.00123"),
                                     (2.0, "2"), (2.2e-14, "0"), (100_000, "100,000"), (0.75, "0.75"), (1234.5, "1,234")])
def test_fmt(x, text):
    assert rules.fmt(x) == text


def test_policy_table_states_the_constants():
    table = rules.policy_table().set_index("Kind of claim")
    assert table.loc["exact figure", "Holds within"] == "1.05x"
    assert table.loc["approximate figure", "Partly holds within"] == "2x"
    assert table.loc["forecast with a date", "Partly holds within"] == f"{rules.FORECAST_GRACE_MONTHS} months late"


def test_verdict_record_carries_value_and_rule(tmp_path):
    judged = rules.within_factor(150, 80, "million USD")
    verdict = claims.Verdict.judged("a000-x", judged, ["src_a"], note="context")
    record = verdict.as_record()
    assert record["value"] == 150 and record["rule"]["name"] == "within_factor"
    assert record["claimed"] == [80.0, 80.0] and record["evidence"] == ["src_a"]
    assert verdict.reason.endswith("1.88x apart; an approximate figure holds within 1.25x, partly within 2x. context")

    def output(name, text):
        return {"output_type": "display_data", "data": {"application/papermill.record/text/plain": repr(text)},
                "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}}}
    notebook = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": [
        output("verdict__a000-x", verdict.verdict), output("measured__a000-x", verdict.measured),
        output("reason__a000-x", verdict.reason), output("record__a000-x", json.dumps(record))]}]}
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(notebook))
    found = claims.read_results(path)["verdicts"]["a000-x"]
    assert found["verdict"] == "partly holds" and found["value"] == 150.0
    assert found["rule"]["kind"] == "approximate figure" and found["measured"] == "150 million USD"


def test_compact_rendering_keeps_the_anchor():
    claim = pd.Series({"article": "001", "claim_en": "GPT-4 used 22,000 A100s.", "quote_zh": "2.2 萬張 A100",
                       "value_low": 22000.0, "value_high": 22000.0, "unit": "GPUs"})
    verdict = claims.Verdict.judged("a001-x", rules.within_factor(25_000, 22_000, "GPUs", EXACT), ["src"])
    text = claims.render_verdict(verdict, claim, "Li Guangmi, Shixiang interview, end of 2023")
    assert text.startswith("(verdict-a001-x)=\n:::{admonition} Partly holds: GPT-4 used 22,000 A100s. "
                           "Claimed 22,000 GPUs; measured 25,000 GPUs\n:class: warning dropdown verdict")
    assert "**Rule:** within factor, exact figure: holds within 1.05x, partly within 1.25x" in text
    assert "**Evidence:** src" in text
    assert "2.2 萬張 A100 (Li Guangmi, Shixiang interview, end of 2023)" in text


def test_in_range_each_case():
    # "Claude 3 and GPT-4.5 will cost $200-300M": 33 is 6x below, 358 is 1.19x above (partly), 250 inside
    mixed = rules.in_range_each({"Claude 3 Opus": 33, "GPT-4.5": 358}, 200, 300, "million USD")
    assert mixed.verdict == "partly holds" and mixed.value == 33 and mixed.interval == (33.0, 358.0)
    assert rules.in_range_each({"a": 250, "b": 290}, 200, 300).verdict == "holds"
    assert rules.in_range_each({"a": 33, "b": 40}, 200, 300).verdict == "does not hold"
    assert rules.in_range_each({"a": 358}, 200, 300).verdict == "partly holds"


def test_all_parts():
    holds = rules.at_least(19, 1.0001, "x")
    fails = rules.trend_direction(0.38, 0.3, 0.45, "down")
    mixed = rules.all_parts({"per model at a fixed size": holds, "the frontier": fails})
    assert mixed.verdict == "partly holds" and mixed.value == 0.38
    assert mixed.rule["parts"]["the frontier"]["name"] == "trend_direction"
    assert rules.all_parts({"a": holds}).verdict == "holds"
    with pytest.raises(ValueError):
        rules.all_parts({"a": rules.untestable("no_data", "x")})


def test_dated_fact():
    assert rules.happened_within("2023-03-14", "2023-03-01", "2023-03-31").verdict == "holds"
    late = rules.happened_within("2024-02-08", "2024-01-01", "2024-01-31")   # 8 days after January
    assert late.verdict == "partly holds" and late.value == 8
    assert rules.happened_within("2023-05-10", "2023-03-01", "2023-03-31").verdict == "does not hold"  # 40 days


def test_forecast_a_little_late():
    # Gemini Ultra "next month" (January 2024) reached the public on 8 February 2024: 8 days = 0.26 months late
    judged = rules.happened_by("2024-02-08", "2024-01-31", "2026-01-01")
    assert judged.verdict == "partly holds" and judged.value == pytest.approx(8 / (365.25 / 12), abs=0.01)
