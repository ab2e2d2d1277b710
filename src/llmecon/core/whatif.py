"""What-if calculators: charts with sliders a reader moves in the page.

Each calculator is a Vega-Lite chart whose parameters are bound to range
inputs, so it recomputes in the browser with the site's own vega libraries,
offline. The chapter passes its own computed values as the starting point of
every slider; the formulas repeat the package's (`costs`), and
the unit tests draw each chart and check its starting values against them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts, units


def _slider(name: str, value: float, low: float, high: float, step: float, label: str) -> alt.Parameter:
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label))


def _span(value: float, low_factor: float, high_factor: float, step: float) -> tuple[float, float]:
    """Slider ends around a default, on the slider's step, always containing the default."""
    low = max(step, (value * low_factor) // step * step)
    high = -(-(value * high_factor) // step) * step
    return min(low, value), max(high, value)


def training_run_cost(
    gpus: float,
    days: float,
    usd_per_gpu_hour: float,
    utilisation: float,
    peak_flops: float,
    reference_flop: float,
    reference_name: str,
) -> alt.LayerChart:
    """Cost of a training run (GPUs x days x 24 x price per GPU-hour) and the compute it delivers
    (GPUs x peak FLOP/s x utilisation x seconds) against a reference model's estimated compute."""
    # Plain floats: numbers go into Vega expressions as text, where NumPy's repr would not parse.
    gpus, days, usd_per_gpu_hour, utilisation, peak_flops, reference_flop = map(
        float, (gpus, days, usd_per_gpu_hour, utilisation, peak_flops, reference_flop)
    )
    params = [
        _slider("thousand_gpus", gpus / 1000, *_span(gpus / 1000, 0.05, 5, 0.5), 0.5, "GPUs (thousands) "),
        _slider("days", days, *_span(days, 0.1, 3, 1), 1, "Days "),
        _slider(
            "usd_per_gpu_hour",
            round(usd_per_gpu_hour, 2),
            *_span(usd_per_gpu_hour, 0.2, 4, 0.05),
            0.05,
            "USD per GPU-hour ",
        ),
        _slider("utilisation", round(utilisation, 2), 0.05, 0.8, 0.01, "Utilisation (MFU) "),
    ]
    rows = pd.DataFrame({"bar": ["this run", f"{reference_name} (estimate)"], "order": [0, 1]})
    base = alt.Chart(rows).transform_calculate(
        cost_m=f"thousand_gpus * 1000 * days * {units.HOURS_PER_DAY} * usd_per_gpu_hour / 1e6",
        flop=f"thousand_gpus * 1000 * days * {units.HOURS_PER_DAY} * {units.SECONDS_PER_HOUR} * {peak_flops!r} * utilisation",
        zetta=f"(datum.order == 0 ? datum.flop : {reference_flop!r}) / 1e24",
        ratio=f"datum.flop / {reference_flop!r}",
        # Two lines (split at "|" when drawn): what the run costs, and the compute it delivers.
        label=(
            "datum.order == 0 ? 'This run: $' + format(datum.cost_m, ',.1f') + ' million|' + format(datum.zetta, ',.1f')"
            " + ' x 10^24 FLOP, ' + format(datum.ratio, '.2f') + 'x "
            + reference_name
            + "' : '"
            + reference_name
            + " (estimate): ' + format(datum.zetta, ',.1f') + ' x 10^24 FLOP'"
        ),
    )
    # The bars carry their own labels above them, so the plot can use the whole width on a phone.
    y = alt.Y("bar:N", sort=["this run"], title=None, axis=None)
    bars = base.mark_bar(height=22).encode(
        x=alt.X("zetta:Q", title="Training compute, 10^24 FLOP", scale=alt.Scale(zero=True)),
        y=y,
        color=alt.Color(
            "bar:N", legend=None, scale=alt.Scale(domain=list(rows["bar"]), range=[charts.PALETTE[0], "#999999"])
        ),
        tooltip=[
            alt.Tooltip("bar:N", title="Run"),
            alt.Tooltip("zetta:Q", title="10^24 FLOP", format=",.1f"),
            alt.Tooltip("cost_m:Q", title="Cost of this run, USD million", format=",.1f"),
        ],
    )
    labels = base.mark_text(align="left", baseline="bottom", dy=-17, fontSize=13, lineBreak="|").encode(
        x=alt.value(0), y=y, text="label:N"
    )
    chart = alt.layer(bars, labels).add_params(*params)
    return charts.finish(
        chart,
        title="Price a training run of your own",
        subtitle=[
            "Move the sliders: cost = GPUs x days x 24 x price per GPU-hour; compute = GPUs x peak x utilisation x time.",
            f"Grey: {reference_name}'s estimated training compute",
        ],
        description=(
            f"Interactive bar chart with sliders for the number of GPUs, days, price per GPU-hour and utilisation. "
            f"It shows the run's cost in US dollars and the compute it delivers against {reference_name}'s "
            "estimated training compute."
        ),
        height=190,
    )


def self_hosting_tokens_per_yuan(
    usd_per_gpu_hour: float,
    batch: float,
    utilisation: float,
    bandwidth_tb_s: float,
    parameters_b: float,
    bytes_per_parameter: float,
    cny_per_usd: float,
    references: pd.DataFrame,
) -> alt.LayerChart:
    """Tokens one yuan buys when you rent a GPU and serve an open model yourself, against `references`
    (columns item, tokens: tokens per yuan of other ways to buy them), on a log scale."""
    usd_per_gpu_hour, batch, utilisation, bandwidth_tb_s, parameters_b, bytes_per_parameter, cny_per_usd = map(
        float, (usd_per_gpu_hour, batch, utilisation, bandwidth_tb_s, parameters_b, bytes_per_parameter, cny_per_usd)
    )
    params = [
        _slider(
            "gpu_usd_per_hour",
            round(usd_per_gpu_hour, 2),
            *_span(usd_per_gpu_hour, 0.2, 4, 0.05),
            0.05,
            "GPU, USD per hour ",
        ),
        _slider("decode_batch", batch, 1, max(256, batch), 1, "Batch (sequences at once) "),
        _slider("busy_share", round(utilisation, 2), 0.05, 1.0, 0.01, "Utilisation "),
    ]
    mine = "Self-hosted (your settings)"
    rows = pd.concat(
        [
            pd.DataFrame({"item": [mine], "fixed": [float("nan")]}),
            references.rename(columns={"tokens": "fixed"})[["item", "fixed"]],
        ],
        ignore_index=True,
    )
    weight_bytes = parameters_b * 1e9 * bytes_per_parameter
    base = alt.Chart(rows).transform_calculate(
        tokens_per_second=f"decode_batch * {bandwidth_tb_s!r} * 1e12 / {weight_bytes!r}",
        cost_rmb_per_m=(
            f"gpu_usd_per_hour / (datum.tokens_per_second * {units.SECONDS_PER_HOUR} * busy_share) * 1e6"
            f" * {cny_per_usd!r}"
        ),
        tokens=f"datum.item == '{mine}' ? 1e6 / datum.cost_rmb_per_m : datum.fixed",
        label="format(datum.tokens, ',.0f')",
    )
    y = alt.Y("item:N", sort=list(rows["item"]), title=None)
    # Dots, not bars: a log scale has no zero for a bar to start from.
    dots = base.mark_circle(size=160, opacity=1).encode(
        x=alt.X("tokens:Q", scale=alt.Scale(type="log"), title="Tokens one yuan buys (log scale)"),
        y=y,
        color=alt.condition(f"datum.item == '{mine}'", alt.value(charts.PALETTE[0]), alt.value("#999999")),
        tooltip=[
            alt.Tooltip("item:N", title="Way to buy tokens"),
            alt.Tooltip("tokens:Q", title="Tokens per yuan", format=",.0f"),
        ],
    )
    labels = base.mark_text(align="left", dx=9, fontSize=12).encode(x="tokens:Q", y=y, text="label:N")
    chart = alt.layer(dots, labels).add_params(*params)
    return charts.finish(
        chart,
        title="Tokens per yuan if you serve the model yourself",
        subtitle=[
            f"A {parameters_b:g}-billion-parameter model, {bandwidth_tb_s:g} TB/s of memory bandwidth, "
            f"{cny_per_usd:.2f} yuan per dollar;",
            "move the sliders for the GPU's price, the batch and the share of hours it is busy. Grey: bought as list prices",
        ],
        description=(
            "Interactive dot chart on a log scale with sliders for the GPU's hourly price, the decoding batch "
            "and utilisation: tokens per yuan of self-hosting compared with the tokens per yuan of list prices."
        ),
        height=40 + 40 * len(rows),
    )
