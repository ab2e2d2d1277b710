import json

import altair as alt
import pandas as pd

from llmecon import charts


def _spec(chart):
    return chart.to_dict()


def test_unused_columns_are_pruned_but_every_row_and_used_column_stays():
    frame = pd.DataFrame({"date": ["2024-01-01", "2024-02-01"], "price": [1.0, 2.0], "name": ["a", "b"],
                          "notes": ["long text nobody plots", "more"], "ratio": [0.5, 0.6]})
    chart = alt.Chart(frame).mark_point().encode(x="date:T", y="price:Q", tooltip=["name:N"]).transform_calculate(
        double="datum.ratio * 2")
    pruned = charts.prune_unused_columns(_spec(chart))
    rows = charts.plotted_rows(pruned)
    assert len(rows) == 2
    assert set(rows[0]) == {"dataset", "date", "price", "name", "ratio"}  # notes dropped, ratio used by datum.ratio


def test_csv_of_plotted_rows_is_spreadsheet_safe():
    text = charts.rows_to_csv([{"dataset": 1, "label": "=HYPERLINK(1)", "value": -3.5, "note": "@x"}])
    lines = text.splitlines()
    assert lines[0] == "dataset,label,value,note"
    assert lines[1] == "1,'=HYPERLINK(1),-3.5,'@x"  # negative numbers stay numbers


def test_site_renderer_escapes_script_breakouts_and_needs_no_cdn(monkeypatch):
    monkeypatch.delenv(charts.FIGURES_ENV, raising=False)
    frame = pd.DataFrame({"x": [1], "label": ["</script><script>alert(1)</script>"]})
    html = charts._site_renderer(_spec(alt.Chart(frame).mark_point().encode(x="x:Q", tooltip=["label:N"])))["text/html"]
    assert "</script><script>alert(1)" not in html
    assert "cdn" not in html.lower() and "https://" not in html.split("var spec")[0]
    payload = html.split("var spec = ")[1].split(";\n")[0]
    assert json.loads(payload.replace("<\\/", "</"))["datasets"]


def test_figures_are_written_when_the_build_asks(tmp_path, monkeypatch):
    monkeypatch.setenv(charts.FIGURES_ENV, str(tmp_path))
    frame = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    html = charts._site_renderer(_spec(alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(width="container")))["text/html"]
    chart_id = html.split('id="')[1].split('"')[0]
    assert charts.render_static_figures(tmp_path) == 1
    assert charts.render_static_figures(tmp_path) == 0  # already drawn: nothing to do
    assert (tmp_path / f"{chart_id}.svg").read_text().lstrip().startswith("<svg")
    assert (tmp_path / f"{chart_id}.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / f"{chart_id}.csv").read_text().splitlines() == ["dataset,x,y", "1,1,3", "1,2,4"]
