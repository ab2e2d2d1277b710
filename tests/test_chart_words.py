"""Numbers on charts for people: "$1B", never "$1G"; log axes in the same words at every magnitude."""

import json
import re

import altair as alt
import pandas as pd
import vl_convert

from llmecon.core import charts


def svg_labels(chart: alt.Chart) -> list[str]:
    spec = charts.fit_text(charts.for_people(chart.to_dict()), 600)
    svg = vl_convert.vegalite_to_svg(json.loads(json.dumps(spec)))
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_money_axes_in_si_units_say_billions_not_giga():
    frame = pd.DataFrame({"label": ["a", "b", "c"], "usd": [1e9, 2e9, 1e10]})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("usd:Q", axis=alt.Axis(format="$,.0s")), y="label:N", tooltip=[alt.Tooltip("usd:Q", format="$,.3s")]
        )
        .properties(width=500)
    )
    labels = svg_labels(chart)
    assert "$10B" in labels and not any(label.endswith("G") for label in labels), labels
    assert charts.for_people(chart.to_dict())["encoding"]["tooltip"][0]["format"] == "$,.0f"


def test_a_log_axis_reads_the_same_words_at_every_magnitude():
    frame = pd.DataFrame({"x": [1, 2, 3, 4], "v": [100.0, 1e5, 1e9, 1e12]})
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(x="x:Q", y=alt.Y("v:Q", scale=alt.Scale(type="log")))
        .properties(width=400, height=300)
    )
    labels = svg_labels(chart)
    assert {"100", "100K", "1B", "1T"} <= set(labels), labels
    assert not any("e+" in label or "10^" in label or label == "100,000" for label in labels), labels


def test_flop_counts_read_as_powers_of_ten():
    frame = pd.DataFrame({"x": [1, 2], "flop": [1e20, 1e25]})
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(x="x:Q", y=alt.Y("flop:Q", scale=alt.Scale(type="log")))
        .properties(width=400, height=300)
    )
    labels = svg_labels(chart)
    assert "10^20" in labels and "10^25" in labels and not any("e+" in label for label in labels), labels


def test_a_chart_that_colours_its_series_keeps_its_legend():
    """Colour and shape on one field share one legend; hiding the shape's legend hid both (chapter 2's
    "What an A100-hour cost" had none)."""
    from llmecon.analysis import training_costs

    rental = pd.DataFrame(
        {
            "gpu": ["A100"] * 3,
            "date": pd.to_datetime(["2022-01-01", "2022-06-01", "2023-01-01"]),
            "source_id": ["a", "gix_backfill_ratecards", "b"],
            "pricing": ["on-demand", "on-demand", "1-year commitment"],
            "usd_per_gpu_hour": [2.0, 1.8, 1.2],
            "vendor": ["x"] * 3,
            "variant": ["v"] * 3,
        }
    )
    spec = training_costs.rental_chart(rental, "A100", 1.5, ("2022-01-01", "2022-12-31"), "2023-06-01").to_dict()
    spec["width"] = 600
    svg = vl_convert.vegalite_to_svg(spec)
    assert "role-legend" in svg and ">Pricing<" in svg
