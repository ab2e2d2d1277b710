"""Agent reliability: how often a task of n steps succeeds when each step succeeds with probability p.

With independent steps the task succeeds only if every step does, so the
success rate is p to the power n. Without independence nothing narrower
than the Fréchet bounds follows from p alone: at best the steps fail
together (success = p), at worst their failures never overlap
(success = max(0, 1 - n x (1 - p))).
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from llmecon.core import charts, fmt, rules


def task_success(step_accuracy: float, steps: int) -> float:
    """Probability that all `steps` independent steps succeed."""
    return step_accuracy**steps


def required_step_accuracy(target_success: float, steps: int) -> float:
    """Per-step accuracy needed for an n-step task to succeed with probability `target_success` (independent steps)."""
    return target_success ** (1 / steps)


def max_steps(step_accuracy: float, target_success: float) -> int:
    """The longest task that still succeeds with probability at least `target_success` (independent steps)."""
    return math.floor(math.log(target_success) / math.log(step_accuracy))


def success_bounds(step_accuracy: float, steps: int) -> tuple[float, float]:
    """Fréchet bounds on task success when the steps' errors may be dependent in any way."""
    worst = 1 - steps * (1 - step_accuracy)
    return (worst if worst > 1e-12 else 0.0), step_accuracy  # 1 - 10 x 0.1 is 2e-16 in floating point, not a chance


def reliability_chart(
    default_accuracy: float, default_steps: int, max_steps_shown: int, band_low: float, band_high: float
) -> alt.TopLevelMixin:
    """Task success against the number of steps, for a per-step accuracy the reader sets with a slider.

    The curve is computed in the browser (p ** n) from a column of step
    counts, so the page carries only `max_steps_shown` rows.
    """
    accuracy = alt.param(
        name="step_accuracy",
        value=default_accuracy,
        bind=alt.binding_range(min=0.5, max=0.999, step=0.001, name="Per-step accuracy p "),
    )
    chosen = alt.param(
        name="task_steps",
        value=default_steps,
        bind=alt.binding_range(min=1, max=max_steps_shown, step=1, name="Steps in the task n "),
    )
    steps = pd.DataFrame({"steps": range(1, max_steps_shown + 1)})
    base = (
        alt.Chart(steps)
        .transform_calculate(
            success="100 * pow(step_accuracy, datum.steps)",
            frechet_low="100 * max(0, 1 - datum.steps * (1 - step_accuracy))",
            frechet_high="100 * step_accuracy",
        )
        .encode(x=alt.X("steps:Q", title="Steps in the task (n)", scale=alt.Scale(domain=[1, max_steps_shown])))
    )
    percent = alt.Scale(domain=[0, 100])
    bounds = base.mark_area(opacity=0.15, color="#56B4E9").encode(
        y=alt.Y("frechet_low:Q", title="Task success (%)", scale=percent),
        y2="frechet_high:Q",
        tooltip=[
            alt.Tooltip("steps:Q", title="Steps"),
            alt.Tooltip("frechet_low:Q", title="Lowest possible success (%)", format=".1f"),
            alt.Tooltip("frechet_high:Q", title="Highest possible success (%)", format=".1f"),
        ],
    )
    curve = base.mark_line(color="#0072B2", strokeWidth=3).encode(
        y=alt.Y("success:Q", title="Task success (%)", scale=percent),
        tooltip=[
            alt.Tooltip("steps:Q", title="Steps"),
            alt.Tooltip("success:Q", title="Success if steps are independent (%)", format=".1f"),
        ],
    )
    marker = base.transform_filter("datum.steps == task_steps")
    point = marker.mark_point(filled=True, size=140, color="#D55E00").encode(
        y=alt.Y("success:Q", title="Task success (%)", scale=percent)
    )
    label = (
        marker.mark_text(align="left", dx=10, dy=-10, fontSize=14, color="#D55E00")
        .transform_calculate(text="'p^n = ' + format(datum.success, '.1f') + '%'")
        .encode(y=alt.Y("success:Q", title="Task success (%)", scale=percent), text="text:N")
    )
    band = (
        alt.Chart(pd.DataFrame({"low": [100 * band_low], "high": [100 * band_high], "label": ["article 001: 30-50%"]}))
        .mark_rect(opacity=0.2, color="#E69F00")
        .encode(
            y=alt.Y("low:Q", title="Task success (%)", scale=percent),
            y2="high:Q",
            tooltip=[alt.Tooltip("label:N", title="Claim")],
        )
    )
    chart = alt.layer(band, bounds, curve, point, label).add_params(accuracy, chosen)
    return charts.finish(
        chart,
        title="How task success falls with the number of steps",
        subtitle="Line: p to the power n; pale blue: range if errors are dependent; orange: the article's 30-50%",
        description=(
            "Interactive line chart of the success rate of a task against its number of steps, for a per-step "
            "accuracy and a number of steps chosen with two sliders; a shaded band shows the range of success "
            "rates possible when step errors are dependent, and another the article's 30 to 50 percent."
        ),
    )


def required_accuracy_table(targets: list[float], step_counts: list[int]) -> pd.DataFrame:
    """Per-step accuracy (percent) needed for each target success rate and task length."""
    rows = [
        {"steps": n, **{f"{100 * t:.0f}%": 100 * required_step_accuracy(t, n) for t in targets}} for n in step_counts
    ]
    return pd.DataFrame(rows)


def findings(
    step_accuracy: float, steps: int, target_success: float, rounding: tuple[float, float], band: tuple[float, float]
) -> dict:
    """The chapter's numbers (percent) and its verdict on the 30-50% claim: p ** n for the article's p and n,
    weighed under the per-step accuracies "about 90%" could round from and under dependent errors."""
    success, (low, high) = task_success(step_accuracy, steps), success_bounds(step_accuracy, steps)
    rounded = {p: task_success(p, steps) for p in rounding}
    numbers = {
        "p_pct": 100 * step_accuracy,
        "n_steps": steps,
        "success_pct": 100 * success,
        "band_low_pct": band[0],
        "band_high_pct": band[1],
        "target_pct": 100 * target_success,
        "needed_pct": 100 * required_step_accuracy(target_success, steps),
        "longest_task": max_steps(step_accuracy, target_success),
        "rounding_low_pct": 100 * rounding[0],
        "rounding_high_pct": 100 * rounding[1],
        "rounded_low_success_pct": 100 * rounded[rounding[0]],
        "rounded_high_success_pct": 100 * rounded[rounding[1]],
        "bound_low_pct": 100 * low,
        "bound_high_pct": 100 * high,
    }
    judged = lambda share: rules.in_range(100 * share, *band, "%", rules.RANGE)  # noqa: E731
    verdict = dict(
        claim_id="a001-agent-10-step-success-30-50pct",
        judgement=rules.weigh(
            judged(success),
            f"exactly {fmt.number(100 * step_accuracy)}% per step, independent steps",
            {f"'90%' rounded from {fmt.number(100 * p)}% per step": judged(s) for p, s in rounded.items()},
        ),
        measured=f"{fmt.number(100 * step_accuracy)}% to the power {steps} = {fmt.number(100 * success)}%",
        says=("tasks would succeed more often than claimed", "tasks would succeed less often than claimed"),
        note=f"This assumes independent steps; with dependent errors anything from {fmt.number(100 * low)}% "
        f"to {fmt.number(100 * high)}% is possible",
    )
    return {"numbers": numbers, "verdict": verdict}
