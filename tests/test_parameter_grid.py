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
KNOWN_CRASHES = {}


def _key(stem, values):
    return stem, json.dumps(values)


RUNS = parameter_grid.runs()
# About a minute of CPU: with the slow tests, so that `pytest -m "not book"` stays fast (make test runs it).
pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def outcomes():
    """Every run of the grid, two at a time in forked processes (about a minute)."""
    return {_key(stem, values): (outcome, message) for stem, values, outcome, message in parameter_grid.run_all(RUNS)}


def test_the_known_crashes_are_runs_of_the_grid():
    assert set(KNOWN_CRASHES) <= {_key(stem, values) for stem, values in RUNS}


@pytest.mark.parametrize(
    "stem, values",
    [
        pytest.param(
            stem,
            values,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CRASHES[_key(stem, values)])]
            if _key(stem, values) in KNOWN_CRASHES
            else [],
            id=f"{stem[:2]}-{json.dumps(values)}",
        )
        for stem, values in RUNS
    ],
)
def test_each_run_completes_or_stops_in_one_line(outcomes, stem, values):
    outcome, message = outcomes[_key(stem, values)]
    assert outcome in ("ok", "stopped"), message
    if outcome == "stopped":
        assert "\n" not in message and message.startswith(("parameter '", "parameters of ", "unknown parameter"))
