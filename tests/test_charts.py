import json

import altair as alt
import pandas as pd

from llmecon.core import charts, figures


def _spec(chart):
    return chart.to_dict()


def test_unused_columns_are_pruned_but_every_row_and_used_column_stays():
    frame = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-02-01"],
            "price": [1.0, 2.0],
            "name": ["a", "b"],
            "notes": ["long text nobody plots", "more"],
            "ratio": [0.5, 0.6],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(x="date:T", y="price:Q", tooltip=["name:N"])
        .transform_calculate(double="datum.ratio * 2")
    )
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
    html = charts._site_renderer(
        _spec(alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q").properties(width="container"))
    )["text/html"]
    chart_id = html.split('id="')[1].split('"')[0]
    assert figures.render_static_figures(tmp_path) == 1
    assert figures.render_static_figures(tmp_path) == 0  # already drawn: nothing to do
    assert (tmp_path / f"{chart_id}.svg").read_text().lstrip().startswith("<svg")
    assert (tmp_path / f"{chart_id}.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / f"{chart_id}.csv").read_text().splitlines() == ["dataset,x,y", "1,1,3", "1,2,4"]


def test_static_figures_break_long_titles_instead_of_cutting_them():
    charts.enable()  # the book's theme: 12 px subtitles
    long_subtitle = (
        "Dot: fitted annual decline through record lows (top row: all levels pooled), line: its 90% interval;"
    )
    chart = charts.finish(
        alt.Chart(pd.DataFrame({"x": [1.0], "y": ["a"]}))
        .mark_point()
        .encode(
            x=alt.X("x:Q", title="Price decline, times per year (log scale; 10 = a tenth of the price a year later)"),
            y="y:N",
        ),
        "Measured rates against the stated laws",
        [long_subtitle, "open diamond: end-to-end average"],
        "A chart.",
    )
    fitted = charts.fit_text(_spec(chart), 390)
    subtitle = fitted["title"]["subtitle"]
    assert (
        len(subtitle) > 2 and " ".join(subtitle).split() == f"{long_subtitle} open diamond: end-to-end average".split()
    )
    assert all(len(line) * 12 * charts.GLYPH_WIDTH["normal"] <= 390 for line in subtitle)
    assert isinstance(fitted["encoding"]["x"]["title"], list)  # the axis title wraps too
    assert charts.fit_text(_spec(chart), 2000)["title"]["subtitle"] == [
        long_subtitle,
        "open diamond: end-to-end average",
    ]


def test_training_calculator_starts_at_the_packages_own_numbers():
    import vl_convert

    from llmecon.core import costs, whatif

    gpus, days, rate, mfu, peak, reference = 22_000.0, 100.0, 1.5, 0.4, 312e12, 2.1e25
    chart = whatif.training_run_cost(gpus, days, rate, mfu, peak, reference, "GPT-4")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    cost_m = costs.rental_cost(gpus, days, rate) / 1e6
    zetta = costs.training_flop(gpus, days, peak, mfu) / 1e24
    assert f"This run: ${cost_m:,.1f} million" in svg and f"{zetta:,.1f} x 10^24 FLOP, " in svg
    names = {p["name"]: p["value"] for p in chart.to_dict()["params"]}
    assert names == {"thousand_gpus": gpus / 1000, "days": days, "usd_per_gpu_hour": rate, "utilisation": mfu}


def test_tokens_per_yuan_calculator_matches_the_pricing_model():
    import vl_convert

    from llmecon.core import costs, units, whatif

    price, batch, busy, bandwidth, params_b, bytes_pp, fx = 2.5, 32, 0.5, 3.35, 70, 2, 7.1
    references = pd.DataFrame({"item": ["Doubao pro-32k"], "tokens": [1_250_000.0]})
    chart = whatif.self_hosting_tokens_per_yuan(price, batch, busy, bandwidth, params_b, bytes_pp, fx, references)
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    per_second = costs.decode_tokens_per_second_per_gpu(bandwidth, params_b, bytes_pp, batch)
    expected = units.tokens_per_currency_unit(costs.self_hosting_cost_per_m(price, per_second, busy) * fx)
    assert f">{expected:,.0f}<" in svg and ">1,250,000<" in svg


def test_offline_renderer_carries_the_libraries_and_no_cdn(monkeypatch):
    monkeypatch.delenv(charts.SITE_CHARTS_ENV, raising=False)
    charts.enable()
    bundle = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")._repr_mimebundle_()
    html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
    assert html.count("<script>") >= 5 and "vegaEmbed(" in html and "llmeconFit" in html
    assert "cdn.jsdelivr" not in html and "<script src" not in html


def test_chart_data_keep_six_significant_digits():
    spec = {
        "datasets": {"d": [{"x": 0.12345678912, "y": 123456789.123, "n": 3, "s": "a", "z": None}]},
        "data": {"name": "d"},
    }
    rounded = charts.round_data(spec)["datasets"]["d"][0]
    assert rounded == {"x": 0.123457, "y": 123457000.0, "n": 3, "s": "a", "z": None}
    assert spec["datasets"]["d"][0]["x"] == 0.12345678912  # the caller's spec is left as it was
