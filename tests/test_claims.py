import json

import pytest

from llmecon.core import claims


def test_a_verdict_must_be_one_of_the_four():
    with pytest.raises(ValueError, match="must be one of"):
        claims.Verdict("x", "mostly true", "m", "r")


def test_read_results_recovers_glued_values_and_verdicts(tmp_path):
    def output(name, text):
        return {
            "output_type": "display_data",
            "data": {"application/papermill.record/text/plain": text},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}},
        }

    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": "",
                "metadata": {},
                "outputs": [
                    output("rate", "18.45"),
                    output("model", "'gpt-4o'"),
                    output("verdict__a000-x", "'partly holds'"),
                    output("measured__a000-x", "'÷18.5 a year'"),
                    output("reason__a000-x", "'because'"),
                ],
            }
        ]
    }
    path = tmp_path / "executed.ipynb"
    path.write_text(json.dumps(notebook))
    results = claims.read_results(path)
    assert results["values"] == {"rate": 18.45, "model": "gpt-4o"}
    assert results["verdicts"] == {
        "a000-x": {
            "verdict": "partly holds",
            "measured": "÷18.5 a year",
            "reason": "because",
            "value": None,
            "rule": None,
        }
    }


def test_markdown_from_data_is_escaped():
    assert claims._escape_markdown("<script>*x*</script>") == "\\<script\\>\\*x\\*\\</script\\>"
