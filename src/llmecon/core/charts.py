"""One chart theme and the renderer that makes charts work offline in the site.

Inside the book build (`SITE_CHARTS_ENV` set) a chart is written as a small
HTML snippet that calls the vega-embed already loaded from the site's own
`_static` folder, so pages need no network and work from file://. Anywhere
else (JupyterLab, a reader's papermill run) each chart carries the vega
libraries installed in the project's node_modules inside its own output, so
charts draw offline there too (about 1 MB per chart, for interactive use only).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

from llmecon import project_dir

from . import data, fmt
from .figures import FIGURES_ENV, SITE_CHARTS_ENV, STATIC_SPEC_SUFFIX

# The libraries `make setup` installs from npm (package.json), in the order they load.
VEGA_SCRIPTS = ("vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js")
# Significant digits kept for numbers in a chart's data (and so in its CSV download).
DATA_DIGITS = 6
# Breaks titles, subtitles and axis titles into lines that fit the width a chart is drawn at (in the browser).
FIT_SCRIPT = Path("_static") / "chart-fit.js"  # in the project folder
# Average glyph width as a share of the font size, for fitting text where nothing can measure it (static
# figures drawn by vl-convert); generous, so a line is broken early rather than cut.
GLYPH_WIDTH = {"normal": 0.56, "bold": 0.62}
# Numbers on axes for people: a log axis reads 100, 1K, 10K, 1M, 10M, 1B, 1T (the same words at every
# magnitude), and powers of ten from 10^15 on (FLOP counts; ticks between them unlabelled), never scientific
# notation (1e+19); an axis formatted in SI units says "B" for billions, never "G" (as chart-fit.js does).
LOG_LABEL = (
    "datum.label === '' ? '' : abs(datum.value) >= 1e15 ? "
    "(abs(log(abs(datum.value)) / LN10 - round(log(abs(datum.value)) / LN10)) < 1e-9 ? "
    "'10^' + format(log(abs(datum.value)) / LN10, '.0f') : '') : "
    "abs(datum.value) >= 1e3 ? replace(replace(format(datum.value, '.3~s'), 'G', 'B'), 'k', 'K') : datum.label"
)
SI_LABEL = "replace(replace(datum.label, 'G', 'B'), 'k', 'K')"
SI_FORMAT = re.compile(r"s$")


STATIC_WIDTH = 720  # pixels, for the SVG/PNG copies of charts drawn at the page's width
FORMULA_PREFIXES = data.FORMULA_PREFIXES  # cells a spreadsheet would run as formulas
# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 3, "labelLimit": 220},
            "title": {"fontSize": 15, "subtitleFontSize": 12, "anchor": "start", "subtitleColor": "#555"},
            "view": {"stroke": None},
        }
    }


def round_data(spec: dict, digits: int = DATA_DIGITS) -> dict:
    """The spec with every float in its data rounded to `digits` significant digits: what a chart can show
    and a reader can use, without the 17-digit tails that weigh down every page (and its CSV)."""

    def rounded(value):
        return float(f"{value:.{digits}g}") if isinstance(value, float) and value == value else value

    out = dict(spec)
    if "datasets" in out:
        out["datasets"] = {
            name: [{k: rounded(v) for k, v in row.items()} for row in rows] for name, rows in out["datasets"].items()
        }
    if isinstance(out.get("data"), dict) and isinstance(out["data"].get("values"), list):
        out["data"] = {
            **out["data"],
            "values": [
                {k: rounded(v) for k, v in row.items()} if isinstance(row, dict) else row
                for row in out["data"]["values"]
            ],
        }
    return out


def prune_unused_columns(spec: dict) -> dict:
    """Drop data columns the chart never refers to: they cost page weight and mean nothing to readers.

    A column is kept if its name appears quoted anywhere in the spec outside
    the data (encodings, tooltips, transforms) or as datum.name in an expression.
    """
    pruned = copy.deepcopy(spec)
    datasets = pruned.get("datasets", {})
    inline = pruned.get("data", {}).get("values")
    without_data = {k: v for k, v in pruned.items() if k != "datasets"}
    if inline is not None:
        without_data["data"] = {k: v for k, v in pruned["data"].items() if k != "values"}
    text = json.dumps(without_data)

    def used(column: str) -> bool:
        return (
            json.dumps(column) in text
            or f"datum.{column}" in text
            or f"datum['{column}']" in text
            or f'datum[\\"{column}\\"]' in text
        )

    for rows in [*datasets.values(), *([inline] if inline is not None else [])]:
        keep = {c for row in rows for c in row if used(c)}
        for row in rows:
            for column in [c for c in row if c not in keep]:
                del row[column]
    return pruned


def plotted_rows(spec: dict) -> list[dict]:
    """Every data row the chart draws, tagged with the layer dataset it belongs to."""
    rows = []
    datasets = dict(spec.get("datasets", {}))
    if "values" in spec.get("data", {}):
        datasets["data"] = spec["data"]["values"]
    for number, values in enumerate(datasets.values(), start=1):
        rows.extend({"dataset": number, **row} for row in values)
    return rows


def _spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rows_to_csv(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
    return buffer.getvalue()


def _wrap(text, size: float, weight: str, width: float):
    lines = []
    for line in text if isinstance(text, list) else [text]:
        current = ""
        for word in str(line).split(" "):
            candidate = f"{current} {word}" if current else word
            if current and len(candidate) * size * GLYPH_WIDTH[weight] > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines[0] if len(lines) == 1 else lines


def fit_text(spec: dict, width: float) -> dict:
    """The spec with its title, subtitle and axis titles broken into lines that fit `width` pixels
    (the same rule as `_static/chart-fit.js`, with estimated glyph widths)."""
    fitted = copy.deepcopy(spec)
    config = fitted.get("config", {})
    title_config = config.get("title", {})
    title = fitted.get("title")
    if isinstance(title, (str, list)):
        fitted["title"] = _wrap(title, title_config.get("fontSize", 13), "bold", width)
    elif isinstance(title, dict):
        if title.get("text"):
            title["text"] = _wrap(title["text"], title.get("fontSize", title_config.get("fontSize", 13)), "bold", width)
        if title.get("subtitle"):
            wrapped = _wrap(
                title["subtitle"],
                title.get("subtitleFontSize", title_config.get("subtitleFontSize", 11)),
                "normal",
                width,
            )
            title["subtitle"] = wrapped if isinstance(wrapped, list) else [wrapped]
    axis_size = config.get("axis", {}).get("titleFontSize", 11)
    plot_width = max(120, width - 140)
    plot_height = fitted.get("height") if isinstance(fitted.get("height"), (int, float)) else 300

    def walk(node):
        if not isinstance(node, dict):
            return
        for channel, room in (("x", plot_width), ("x2", plot_width), ("y", plot_height), ("y2", plot_height)):
            encoding = node.get("encoding", {}).get(channel)
            if isinstance(encoding, dict):
                if isinstance(encoding.get("title"), str):
                    encoding["title"] = _wrap(encoding["title"], axis_size, "bold", room)
                axis = encoding.get("axis")
                if isinstance(axis, dict) and isinstance(axis.get("title"), str):
                    axis["title"] = _wrap(axis["title"], axis_size, "bold", room)
                # An axis left out (drawn by default) gets the labels too; `axis: None` (no axis) does not.
                log_axis = (
                    channel in ("x", "y")
                    and (encoding.get("scale") or {}).get("type") == "log"
                    and ("axis" not in encoding or axis is not None)
                    and not (isinstance(axis, dict) and (axis.get("format") or axis.get("labelExpr")))
                )
                if log_axis:
                    encoding["axis"] = {**(axis or {}), "labelExpr": LOG_LABEL}
        for key in ("layer", "concat", "hconcat", "vconcat"):
            for child in node.get(key, []):
                walk(child)
        walk(node.get("spec"))

    walk(fitted)
    return fitted


def write_figures(spec: dict, chart_id: str, folder: Path) -> None:
    """Save the chart's plotted rows (CSV) and its static spec; `render_static_figures` draws the spec."""
    folder.mkdir(parents=True, exist_ok=True)
    static = copy.deepcopy(spec)
    if static.get("width") == "container":
        static["width"] = STATIC_WIDTH
    static = fit_text(static, static["width"] if isinstance(static.get("width"), (int, float)) else STATIC_WIDTH)
    (folder / f"{chart_id}{STATIC_SPEC_SUFFIX}").write_text(json.dumps(static), encoding="utf-8")
    (folder / f"{chart_id}.csv").write_text(rows_to_csv(plotted_rows(spec)), encoding="utf-8")


def for_people(spec: dict) -> dict:
    """The spec with its numbers worded for people: axes formatted in SI units say B for billions (not G) and
    K for thousands; tooltips formatted in SI units show the whole number with separators instead."""
    spec = copy.deepcopy(spec)

    def walk(node, key=None):
        if isinstance(node, dict):
            fmt_text = node.get("format")
            if isinstance(fmt_text, str) and SI_FORMAT.search(fmt_text):
                if key == "axis" and "labelExpr" not in node:
                    node["labelExpr"] = SI_LABEL
                elif key != "axis":
                    node["format"] = re.sub(r"\.\d*~?s$", ".0f", fmt_text) if "$" in fmt_text else ",.3~r"
            for child_key, child in node.items():
                walk(child, child_key)
        elif isinstance(node, list):
            for child in node:
                walk(child, key)

    walk({k: v for k, v in spec.items() if k not in ("datasets", "data")})
    return spec


def _site_renderer(spec: dict, **_) -> dict:
    """HTML that embeds the chart with the page's own vega-embed (no CDN), with download links."""
    # One canonical (key-sorted) spec for the page, the static figures and the CSV alike.
    spec = json.loads(json.dumps(round_data(prune_unused_columns(for_people(spec))), sort_keys=True))
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    # Data text must not be able to close the script element.
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    chart_id = "chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    label = spec.get("description", spec.get("title", "chart"))
    if isinstance(label, dict):
        label = label.get("text", "chart")
    label = str(label).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    figures = os.environ.get(FIGURES_ENV)
    downloads = ""
    if figures:
        write_figures(spec, chart_id, Path(figures))
        downloads = (
            f'<p class="llmecon-downloads">Download: <a data-figure="{chart_id}.csv" download>data (CSV)</a> · '
            f'<a data-figure="{chart_id}.svg" download>SVG</a> · <a data-figure="{chart_id}.png" download>PNG</a></p>\n'
            f'<img class="llmecon-print" data-figure="{chart_id}.png" alt="{label}">\n'
        )
    html = (
        f'<div class="llmecon-chart" id="{chart_id}" role="figure" aria-label="{label}" style="width:100%"></div>\n'
        f"{downloads}"
        f'<script type="text/javascript">(function() {{\n'
        f"  var spec = {payload};\n"
        f'  var target = document.getElementById("{chart_id}");\n'
        f'  var root = document.documentElement.dataset.content_root || "";\n'
        f"  document.querySelectorAll(\"[data-figure^='{chart_id}.']\").forEach(function(el) {{\n"
        f'    el[el.tagName === "IMG" ? "src" : "href"] = root + "_static/figures/" + el.dataset.figure;\n'
        f"  }});\n"
        f'  if (typeof vegaEmbed === "undefined") {{\n'
        f'    target.textContent = "This chart needs the vega libraries shipped with the site.";\n'
        f"    return;\n"
        f"  }}\n"
        f'  var options = {{renderer: "svg", actions: {{export: true, source: false, compiled: false, editor: false}}}};\n'
        f"  (window.llmeconEmbed ? window.llmeconEmbed(target, spec, options) : vegaEmbed(target, spec, options))\n"
        f"    .then(function() {{\n"
        f'      var menu = target.querySelector("summary");\n'
        f'      if (menu) menu.setAttribute("aria-label", "Export this chart");\n'
        f"    }})\n"
        f'    .catch(function(err) {{ target.textContent = "Chart failed to render: " + err; }});\n'
        f"}})();</script>"
    )
    return {"text/html": html}


def no_data(what: str) -> alt.Chart:
    """A chart's place when a run's parameters leave it no rows: says so in words (the book's build has none)."""
    from .claims import MISSING_NUMBER_TEXT

    return (
        alt.Chart(pd.DataFrame({"text": [f"{what}: {MISSING_NUMBER_TEXT}"]}))
        .mark_text(align="left")
        .encode(text="text:N")
        .properties(height=40)
    )


def table_download(frame: pd.DataFrame, file_name: str, label: str) -> str:
    """A published table: written as `file_name` beside the charts' CSVs, and a link to it for the page.

    The build copies every file a page links with `data-table` into
    `_static/figures/`, the same place as the charts' downloads.
    """
    if not re.fullmatch(r"[a-z0-9_]+\.csv", file_name):
        raise ValueError(f"a published table needs a plain lowercase .csv name, got {file_name!r}")
    figures = os.environ.get(FIGURES_ENV)
    if figures:
        Path(figures).mkdir(parents=True, exist_ok=True)
        (Path(figures) / file_name).write_text(rows_to_csv(frame.to_dict("records")), encoding="utf-8")
    return (
        f'<p class="llmecon-downloads">Download: <a data-table="{file_name}" '
        f'href="../_static/figures/{file_name}" download>{label} ({file_name})</a></p>'
    )


@lru_cache(maxsize=1)
def _vega_bundle(node_modules: Path | None = None) -> str:
    """The three vega libraries (from the project's node_modules by default) as inline scripts, hidden from any AMD
    loader (classic notebooks' require.js) so that they define the globals the embed code calls."""
    project = project_dir()
    node_modules = node_modules or project / "node_modules"
    missing = [str(node_modules / rel) for rel in VEGA_SCRIPTS if not (node_modules / rel).exists()]
    if missing:
        raise FileNotFoundError(
            "the vega libraries are not installed (run `make setup`, which runs npm ci): " + ", ".join(missing)
        )
    scripts = "".join(
        "<script>" + path.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>\n"
        for path in [*(node_modules / rel for rel in VEGA_SCRIPTS), project / FIT_SCRIPT]
    )
    return (
        "<script>window.__llmeconDefine = window.define; window.define = undefined;</script>\n"
        + scripts
        + "<script>window.define = window.__llmeconDefine;</script>\n"
    )


def _offline_renderer(spec: dict, **_) -> dict:
    """A chart for JupyterLab or a notebook file opened offline: the libraries travel inside the output."""
    payload = json.dumps(for_people(spec), separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")
    chart_id = "llmecon-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    html = (
        f'{_vega_bundle()}<div id="{chart_id}" style="width:100%"></div>\n<script>(function() {{\n'
        f'  var target = document.getElementById("{chart_id}");\n'
        f'  llmeconEmbed(target, {payload}, {{renderer: "svg", actions: {{export: true, source: false, compiled: false, editor: false}}}})\n'
        f'    .catch(function(err) {{ target.textContent = "Chart failed to render: " + err; }});\n'
        f"}})();</script>"
    )
    return {"text/html": html}


def enable() -> None:
    """Apply the book's theme and pick the renderer for where the code runs: the site's (the book build)
    or the offline one that carries the libraries with each chart (JupyterLab, papermill runs)."""
    alt.theme.register("llmecon", enable=True)(_theme)
    alt.renderers.register("llmecon_site", _site_renderer)
    alt.renderers.register("llmecon_offline", _offline_renderer)
    alt.renderers.enable("llmecon_site" if os.environ.get(SITE_CHARTS_ENV) else "llmecon_offline")
    alt.data_transformers.disable_max_rows()
    fmt.use_for_tables()  # every chapter calls enable(): its tables get readable numbers too


def finish(
    chart: alt.TopLevelMixin, title: str, subtitle: str, description: str, height: int = 360
) -> alt.TopLevelMixin:
    """Every chart: a title, a subtitle saying what is plotted, a text description, full width."""
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width="container",
        height=height,
    )
