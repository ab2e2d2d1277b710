"""The chapter preamble: parameters checked against the notebook's own parameters cell, data folder resolved."""

import json
from pathlib import Path

import pytest

from llmecon.site import chapter

ROOT = Path(__file__).resolve().parents[1]


def notebook_with(tmp_path, source: str) -> Path:
    cells = [
        {
            "cell_type": "code",
            "metadata": {"tags": ["parameters"]},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
    ]
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


PARAMETERS = (
    'data_dir = "data"  # the data folder\n'
    "input_share = 0.75  # share of input tokens\n"
    'start = "2023-01-01"  # first date\n'
    "thresholds = [70, 80]  # MMLU thresholds\n"
    "as_of = None  # analysis date\n"
)


def test_declared_parameters_keep_names_values_and_comments(tmp_path):
    declared = chapter.declared_parameters(notebook_with(tmp_path, PARAMETERS))
    assert [(p.name, p.default, p.comment) for p in declared] == [
        ("data_dir", "data", "the data folder"),
        ("input_share", 0.75, "share of input tokens"),
        ("start", "2023-01-01", "first date"),
        ("thresholds", [70, 80], "MMLU thresholds"),
        ("as_of", None, "analysis date"),
    ]


def test_injected_names_come_from_papermills_cell():
    history = ["", PARAMETERS, '# Parameters\ninput_shar = 0.5\nstart = "2024-01-01"\n', "import x"]
    assert chapter.injected_names({"In": history}) == ["input_shar", "start"]


@pytest.mark.parametrize(
    "injected, values, message",
    [
        (["input_shar"], {}, "unknown parameter 'input_shar': did you mean 'input_share'?"),
        (
            ["input_share"],
            {"input_share": "abc"},
            "parameter 'input_share' got 'abc'; it accepts a number (share of input tokens)",
        ),
        (["start"], {"start": "2023-13-01"}, "parameter 'start' got '2023-13-01'; it accepts a date YYYY-MM-DD"),
        (
            ["thresholds"],
            {"thresholds": ["a"]},
            "parameter 'thresholds' got ['a']; it accepts a list of a whole number",
        ),
    ],
)
def test_wrong_parameters_fail_in_one_line(tmp_path, injected, values, message):
    declared = chapter.declared_parameters(notebook_with(tmp_path, PARAMETERS))
    namespace = {
        "data_dir": "data",
        "input_share": 0.75,
        "start": "2023-01-01",
        "thresholds": [70, 80],
        "as_of": None,
        **values,
    }
    with pytest.raises(chapter.ParameterError) as error:
        chapter.check_parameters(declared, namespace, injected)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_right_parameters_pass(tmp_path):
    declared = chapter.declared_parameters(notebook_with(tmp_path, PARAMETERS))
    chapter.check_parameters(
        declared,
        {"data_dir": "/x", "input_share": 1, "start": "2024-02-29", "thresholds": [60], "as_of": "2024-01-01"},
        ["input_share", "as_of"],
    )


def test_data_dir_is_relative_to_the_project_folder(tmp_path):
    assert chapter.resolve_data_dir("data", ROOT) == ROOT / "data"
    assert chapter.resolve_data_dir(str(tmp_path), ROOT) == tmp_path
    assert chapter.project_folder(ROOT / "chapters") == ROOT
    assert chapter.find_notebook("08_agent_reliability", ROOT) == ROOT / "chapters" / "08_agent_reliability.ipynb"


def test_parameter_table_shows_values_and_comments_as_text():
    html = chapter.parameter_styler(
        [{"Parameter": "window", "Value used": "['<2023>']", "Meaning": "share < 1 & <b>not bold</b>"}]
    ).to_html()
    assert "share &lt; 1 &amp; &lt;b&gt;not bold&lt;/b&gt;" in html and "[&#39;&lt;2023&gt;&#39;]" in html
    assert "<b>" not in html
