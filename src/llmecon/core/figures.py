"""The static copies of the book's charts (SVG and PNG, drawn offline by vl-convert) and the names the chart
renderer (`charts`) and the build share. Importing it loads neither altair nor vl-convert, so the build's own
process does without them."""

from __future__ import annotations

import json
from pathlib import Path

# Set by the build in a chapter's kernel: charts are written for the site (`charts._site_renderer`).
SITE_CHARTS_ENV = "LLMECON_SITE_CHARTS"
# Where the build wants each chart's static copies (SVG, PNG) and plotted rows (CSV).
FIGURES_ENV = "LLMECON_FIGURES_DIR"
STATIC_SPEC_SUFFIX = ".vl.json"


def undrawn_figures(folder: Path) -> list[Path]:
    """Static specs saved by the renderer that have no SVG or PNG yet."""
    return [
        spec
        for spec in sorted(Path(folder).glob(f"*{STATIC_SPEC_SUFFIX}"))
        if not (
            spec.with_name(spec.name.replace(STATIC_SPEC_SUFFIX, ".svg")).exists()
            and spec.with_name(spec.name.replace(STATIC_SPEC_SUFFIX, ".png")).exists()
        )
    ]


def render_static_figures(folder: Path, chart_ids: list[str] | None = None) -> int:
    """Draw every saved static spec (or those of `chart_ids`) as SVG and PNG (offline, with vl-convert); skip those
    already drawn.

    Runs in a process of the build's own: starting vl-convert's JavaScript
    engine costs seconds, too much to pay again in every chapter's kernel.
    """
    import vl_convert

    undrawn = undrawn_figures(folder)
    if chart_ids is not None:
        undrawn = [spec for spec in undrawn if spec.name.removesuffix(STATIC_SPEC_SUFFIX) in set(chart_ids)]
    for spec_path in undrawn:
        chart_id = spec_path.name.removesuffix(STATIC_SPEC_SUFFIX)
        svg = vl_convert.vegalite_to_svg(json.loads(spec_path.read_text(encoding="utf-8")))
        spec_path.with_name(f"{chart_id}.svg").write_text(svg, encoding="utf-8")
        spec_path.with_name(f"{chart_id}.png").write_bytes(vl_convert.svg_to_png(svg, scale=2))
    return len(undrawn)
