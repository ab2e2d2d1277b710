"""Every chapter over a grid of parameter values (tests/parameter_grid.py: analysis dates across the data's
span, every documented option, the extremes of each range): each run completes, or stops before any analysis
with one line naming the parameter and what it accepts. Where the data hold no value for the chosen
parameters, the claim is judged "untestable (no data for these parameters)" and the prose says so.

Runs that still crash are listed in KNOWN_CRASHES with what breaks; each is a strict expected failure, so
fixing one fails this test until it leaves the list."""

import json

import pytest

import parameter_grid

# (chapter, parameters as JSON) -> what breaks, as of the landing of this test.
KNOWN_CRASHES = {
    ("04_token_pricing", '{"as_of": "2024-06-30"}'): "IndexError: an empty selection",
    ("04_token_pricing", '{"as_of": "2025-12-31"}'): "IndexError: an empty selection",
    ("04_token_pricing", '{"article_date": "2024-05-01", "count_cuts_from": "2020-01-01", '
                         '"timeline_start": "2020-01-01", "timeline_end": "2023-01-02"}'): "IndexError: an empty selection",
    ("05_operating_costs", '{"price_date": "2023-03-01"}'): "no price in force on 2023-03-01 for the default models",
    ("08_agent_reliability", '{"step_accuracy": 1.0, "task_steps": 1, "target_success": 0.01, "rounding_high": 1.0}'):
        "ZeroDivisionError: log(1) in max_steps",
    ("08_agent_reliability", '{"step_accuracy": 0.01, "task_steps": 1000, "target_success": 0.99, '
                             '"rounding_low": 0.001, "table_targets": [0.001, 0.999], "table_steps": [1, 1000], '
                             '"max_steps_shown": 2}'): "a factor comparison of 0 (0.01 ** 1000 underflows)",
    ("09_smaller_claims", '{"gpu_bet": 100000.0, "bet_years": [1, 20], "params_window_start": "2024-04-15"}'):
        "TypeError: None is not subscriptable",
    ("10_forecasts_and_events", '{"gpt4_level_organizations": ["Nobody"], "fine_tunes_excluded": [], '
                                '"size_class_pattern": "70B", "gpt4_reference_version": "claude-2.0", '
                                '"claude2_version": "gpt-4-0314"}'): "IndexError: no model in the 70B class",
}


def _key(stem, values):
    return stem, json.dumps(values)


RUNS = parameter_grid.runs()
# About a minute of CPU: with the slow tests, so that `pytest -m "not book"` stays fast (make test runs it).
pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def outcomes():
    """Every run of the grid, two at a time in forked processes (about a minute)."""
    return {_key(stem, values): (outcome, message)
            for stem, values, outcome, message in parameter_grid.run_all(RUNS)}


def test_the_known_crashes_are_runs_of_the_grid():
    assert set(KNOWN_CRASHES) <= {_key(stem, values) for stem, values in RUNS}


@pytest.mark.parametrize("stem, values", [
    pytest.param(stem, values, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CRASHES[_key(stem, values)])]
                 if _key(stem, values) in KNOWN_CRASHES else [], id=f"{stem[:2]}-{json.dumps(values)}")
    for stem, values in RUNS])
def test_each_run_completes_or_stops_in_one_line(outcomes, stem, values):
    outcome, message = outcomes[_key(stem, values)]
    assert outcome in ("ok", "stopped"), message
    if outcome == "stopped":
        assert "\n" not in message and message.startswith(("parameter '", "parameters of ", "unknown parameter"))
