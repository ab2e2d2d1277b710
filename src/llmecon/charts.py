"""One chart theme and the renderer that makes charts work offline in the site.

Inside the book build (`SITE_CHARTS_ENV` set) a chart is written as a small
HTML snippet that calls the vega-embed already loaded from the site's own
`_static` folder, so pages need no network and work from file://. Anywhere
else (JupyterLab, a reader's papermill run) altair's default renderer is used.
"""

from __future__ import annotations

import hashlib
import json
import os

import altair as alt

SITE_CHARTS_ENV = "LLMECON_SITE_CHARTS"
# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 3},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555"},
            "view": {"stroke": None},
        }
    }


def _site_renderer(spec: dict, **_) -> dict:
    """HTML that embeds the chart with the page's own vega-embed (no CDN)."""
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    # Data text must not be able to close the script element.
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\!--")
    chart_id = "chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    label = spec.get("description", spec.get("title", "chart"))
    if isinstance(label, dict):
        label = label.get("text", "chart")
    label = str(label).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    html = (
        f'<div class="llmecon-chart" id="{chart_id}" role="figure" aria-label="{label}" style="width:100%"></div>\n'
        f'<script type="text/javascript">(function() {{\n'
        f'  var spec = {payload};\n'
        f'  var target = document.getElementById("{chart_id}");\n'
        f'  if (typeof vegaEmbed === "undefined") {{\n'
        f'    target.textContent = "This chart needs the vega libraries shipped with the site.";\n'
        f'    return;\n'
        f'  }}\n'
        f'  vegaEmbed(target, spec, {{renderer: "svg", actions: {{export: true, source: false, compiled: false, editor: false}}}})\n'
        f'    .catch(function(err) {{ target.textContent = "Chart failed to render: " + err; }});\n'
        f'}})();</script>'
    )
    return {"text/html": html}


def enable() -> None:
    """Apply the book's theme and pick the renderer for where the code runs."""
    alt.theme.register("llmecon", enable=True)(_theme)
    alt.renderers.register("llmecon_site", _site_renderer)
    alt.renderers.enable("llmecon_site" if os.environ.get(SITE_CHARTS_ENV) else "default")
    alt.data_transformers.disable_max_rows()


def finish(chart: alt.TopLevelMixin, title: str, subtitle: str, description: str,
           height: int = 360) -> alt.TopLevelMixin:
    """Every chart: a title, a subtitle saying what is plotted, a text description, full width."""
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle), description=description,
        width="container", height=height,
    )

