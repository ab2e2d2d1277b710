"""Parameters as an interface: every chapter declares what each of its parameters accepts, its defaults fit,
and a value out of range stops in one line naming the parameter and what it accepts."""

import datetime as dt
from pathlib import Path

import pytest

from llmecon.core.data import open_dataset
from llmecon.site import chapter, parameters

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
# The data's snapshot date (the latest retrieval of any source) bounds dates that default to it.
SNAPSHOT = open_dataset(ROOT / "data").snapshot_date().isoformat()


@pytest.fixture(scope="module")
def bounds():
    return parameters.Bounds.of(open_dataset(ROOT / "data"), None, today=dt.date(2026, 12, 7))


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_parameter_is_declared_and_its_default_fits(stem, bounds):
    declared = {p.name: p.default for p in chapter.declared_parameters(ROOT / "chapters" / f"{stem}.ipynb")}
    specs = parameters.specs_of(stem)
    assert set(declared) == set(specs)
    parameters.check(stem, declared, bounds)


def one_line_error(stem, values, bounds):
    defaults = {p.name: p.default for p in chapter.declared_parameters(ROOT / "chapters" / f"{stem}.ipynb")}
    with pytest.raises(parameters.ParameterError) as error:
        parameters.check(stem, {**defaults, **values}, bounds)
    assert "\n" not in str(error.value)
    return str(error.value)


@pytest.mark.parametrize(
    "stem, values, message",
    [
        (
            "01_inference_cost_laws",
            {"confidence": 95},
            "parameter 'confidence' got 95; it accepts a confidence level as a fraction from 0.5, below 1 (0.9, not 90)",
        ),
        (
            "01_inference_cost_laws",
            {"input_share": 75},
            "parameter 'input_share' got 75; it accepts a fraction from 0 to 1",
        ),
        (
            "01_inference_cost_laws",
            {"as_of": "2022-01-01"},
            "parameter 'as_of' got '2022-01-01'; it accepts a date YYYY-MM-DD from 2023-07-01 to 2026-12-07, or None",
        ),
        (
            "01_inference_cost_laws",
            {"start": "2027-01-01"},
            f"parameter 'start' got '2027-01-01'; it accepts a date YYYY-MM-DD from 2020-01-01 to {SNAPSHOT}",
        ),
        (
            "01_inference_cost_laws",
            {"as_of": "2024-06-30", "start": "2024-07-01"},
            "parameter 'start' got '2024-07-01'; it accepts a date YYYY-MM-DD from 2020-01-01 to 2024-06-30",
        ),
        (
            "01_inference_cost_laws",
            {"top_model_2023": "gpt-5-ultra"},
            "parameter 'top_model_2023' got 'gpt-5-ultra'; it accepts a model_id of models.csv",
        ),
        (
            "02_training_costs",
            {"cost_method": "rental"},
            "parameter 'cost_method' got 'rental'; it accepts one of 'amortized_hardware_energy', 'cloud_rental'",
        ),
        (
            "02_training_costs",
            {"gpt4_training_window": ["2022-12-31", "2022-01-01"]},
            "parameter 'gpt4_training_window' got ['2022-12-31', '2022-01-01']; it accepts two of a date",
        ),
        ("04_token_pricing", {"currency": "EUR"}, "parameter 'currency' got 'EUR'; it accepts one of 'CNY', 'USD'"),
        (
            "07_market_forecasts",
            {"genai_base_years": [2019]},
            "parameter 'genai_base_years' got [2019]; it accepts a list of one or more distinct values, each a year from 2020 to 2024",
        ),
        (
            "08_agent_reliability",
            {"step_accuracy": 90},
            "parameter 'step_accuracy' got 90; it accepts a per-step accuracy as a fraction between 0 and 1, both excluded (0.9, "
            "not 90)",
        ),
        (
            "08_agent_reliability",
            {"rounding_low": 0.96},
            "parameters of 08_agent_reliability must satisfy 'rounding_low' below",
        ),
        (
            "10_forecasts_and_events",
            {"size_class_pattern": "([6-8]B"},
            "parameter 'size_class_pattern' got '([6-8]B'; it accepts a regular expression",
        ),
        (
            "05_operating_costs",
            {"models": []},
            "parameter 'models' got []; it accepts a list of one or more distinct values",
        ),
        (
            "01_inference_cost_laws",
            {"seed": True},
            "parameter 'seed' got True; it accepts a whole number of at least 0",
        ),
    ],
)
def test_a_value_out_of_range_stops_in_one_line(stem, values, message, bounds):
    assert one_line_error(stem, values, bounds).startswith(message)


def test_a_date_parameter_takes_a_real_date_only(bounds):
    spec = parameters.Date("2020-01-01", "as_of")
    assert spec.fits("2024-02-29", bounds) and not spec.fits("2023-02-29", bounds)
    assert not spec.fits("2024-1-5", bounds) and not spec.fits(20240105, bounds)


# -- a run whose parameters leave a figure without data says so instead of crashing -------------------------


def test_a_rule_given_a_missing_figure_judges_the_claim_untestable_for_these_parameters():
    from llmecon.core import rules

    judged = rules.within_factor(float("nan"), 10.0, "x", tolerance=rules.APPROXIMATE)
    assert judged.verdict == rules.UNTESTABLE
    assert judged.rule["ground"] == rules.NO_DATA_FOR_PARAMETERS
    assert judged.reason.startswith("no data for these parameters: nothing to compare (measured missing")
    assert rules.weigh(judged, "as read") is judged
    parts = rules.all_parts({"a": judged, "b": rules.at_least(5.0, 3.0, "x", tolerance=rules.EXACT)})
    assert parts.verdict == rules.UNTESTABLE
    assert rules.within_factor(9.0, 10.0, "x", tolerance=rules.APPROXIMATE).verdict == rules.HOLDS


def test_a_missing_number_reads_as_missing_in_the_prose():
    import nbformat

    from llmecon.core import claims

    prefix = "application/papermill.record/"  # as myst_nb's glue(display=False) writes it
    glued = lambda name, text: {
        "output_type": "display_data",
        "data": {prefix + "text/plain": text},  # noqa: E731
        "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}},
    }
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("", outputs=[glued("rate", "nan"), glued("count", "12")]),
            nbformat.v4.new_markdown_cell("Fell {glue:text}`rate:.1f`x over {glue:text}`count:,.0f` models."),
        ]
    )
    assert claims.fill_missing_numbers(notebook) == ["rate"]
    assert notebook.cells[1].source == ("Fell (no data for these parameters)x over {glue:text}`count:,.0f` models.")
