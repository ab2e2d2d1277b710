import json

import pytest

from llmecon import claims


@pytest.mark.parametrize("measured, verdict", [(1.2, "holds"), (0.8, "holds"), (1.5, "holds"), (1 / 1.5, "holds"),
                                               (1.8, "partly holds"), (0.55, "partly holds"), (0.3, "does not hold"),
                                               (2.5, "does not hold")])
def test_verdict_within_factor_is_symmetric(measured, verdict):
    assert claims.verdict_within_factor(measured, 1.0, holds=1.5, partly=2.0) == verdict


def test_verdict_within_factor_refuses_non_positive_values():
    with pytest.raises(ValueError):
        claims.verdict_within_factor(0.0, 1.0, 1.5, 2.0)


def test_verdict_from_range():
    assert claims.verdict_from_range(5, 4, 6) == "holds"
    assert claims.verdict_from_range(6.5, 4, 6, tolerance=0.1) == "partly holds"
    assert claims.verdict_from_range(9, 4, 6, tolerance=0.1) == "does not hold"


def test_a_verdict_must_be_one_of_the_four():
    with pytest.raises(ValueError, match="must be one of"):
        claims.Verdict("x", "mostly true", "m", "r")


def test_read_results_recovers_glued_values_and_verdicts(tmp_path):
    def output(name, text):
        return {"output_type": "display_data", "data": {"application/papermill.record/text/plain": text},
                "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}}}

    notebook = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": [
        output("rate", "18.45"), output("model", "'gpt-4o'"),
        output("verdict__a000-x", "'partly holds'"), output("measured__a000-x", "'÷18.5 a year'"),
        output("reason__a000-x", "'because'")]}]}
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(notebook))
    results = claims.read_results(path)
    assert results["values"] == {"rate": 18.45, "model": "gpt-4o"}
    assert results["verdicts"] == {"a000-x": {"verdict": "partly holds", "measured": "÷18.5 a year", "reason": "because",
                                              "value": None, "rule": None}}


def test_markdown_from_data_is_escaped():
    assert claims._escape_markdown("<script>*x*</script>") == "\\<script\\>\\*x\\*\\</script\\>"
