"""Run chapters' code over a grid of parameter values, quickly: each run executes the notebook's code cells in
a forked process of one that imported the package once (no kernel), with every displayed object rendered as
the book would (charts to their JSON spec, tables to HTML), so a value that breaks a chart breaks the run.

    .venv/bin/python tests/parameter_grid.py            # the whole grid, a line per run
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The grid: for every chapter the analysis dates named in the README and the issue (the first article's
# month, mid-2024, end of 2025, the data snapshot), and each chapter's options and range extremes.
AS_OF = ["2023-07-01", "2024-06-30", None]
EXTRA_AS_OF = {"04_token_pricing": ["2025-12-31"]}  # the issue's own case
GRID: dict[str, list[dict]] = {
    "01_inference_cost_laws": [
        {"start": "2023-01-01"},
        {"start": "2024-06-01"},
        {"input_share": 0.0, "confidence": 0.5, "min_span_months": 60, "bootstrap_draws": 100},
        {"input_share": 1.0, "confidence": 0.99, "min_span_months": 1, "bootstrap_draws": 100, "seed": 0},
        {
            "include_reasoning_models": True,
            "answer_include_reasoning_models": False,
            "mmlu_thresholds": [90.0],
            "gpqa_thresholds": [90.0],
            "eci_thresholds": [160.0],
            "bootstrap_draws": 100,
        },
        {
            "evaluators": ["lmarena"],
            "gpqa_evaluators": ["developer"],
            "replication_evaluators": ["developer"],
            "mmlu_thresholds": [10.0],
            "bootstrap_draws": 100,
        },
        {"as_of": "2024-06-30", "start": "2024-01-01", "bootstrap_draws": 100},
    ],
    "02_training_costs": [
        {"cost_method": "cloud_rental"},
        {"gpu_type": "H100", "usd_per_gpu_hour": 2.5, "utilisation": 0.4},
        {"gpu_type": "B200", "days": 1.0, "experiment_multiplier": 100.0, "utilisation": 1.0},
        {"gpu_type": "H200", "days": 1000.0, "experiment_multiplier": 1.0, "usd_per_gpu_hour": 100.0},
        {"trend_since": "2023-12-31", "mmlu_tolerance": 0.0, "confidence": 0.5},
        {"trend_since": "2010-01-01", "mmlu_tolerance": 20.0, "confidence": 0.99, "reference_model": "gpt-4o"},
        {
            "gpt4_training_window": ["2020-01-01", "2020-01-01"],
            "capex_rental_window": ["2020-01-01", "2020-01-31"],
            "capex_date": "2021-01-04",
        },
        {"capex_gpu_count": 1, "gpus_per_server": 1, "reference_rate": 100.0, "evaluators": ["lmarena"]},
    ],
    "03_open_vs_closed": [
        {"open_definition": "open_licence"},
        {"start": "2025-06-01", "interview": "2025-06-01"},
        {"start": "2020-01-01", "interview": "2023-01-01", "include_reasoning_models": False},
        {"confidence": 0.5, "parity_margin_pct": 0.0, "input_share": 0.0, "annotate": []},
        {"confidence": 0.99, "parity_margin_pct": 50.0, "input_share": 1.0, "evaluators": ["lmarena"]},
    ],
    "04_token_pricing": [
        {"currency": "USD", "timeline_basis": "blend"},
        {"timeline_basis": "output", "capability_benchmark": "eci"},
        {"capability_benchmark": "gpqa_diamond", "frontier_dates": ["2023-01-01"]},
        {
            "article_date": "2024-05-01",
            "count_cuts_from": "2020-01-01",
            "timeline_start": "2020-01-01",
            "timeline_end": "2023-01-02",
        },
        {
            "article_date": "2024-05-15",
            "count_cuts_from": "2020-01-01",
            "timeline_start": "2020-01-01",
            "timeline_end": "2023-01-02",
        },  # the same extremes from the article's earliest "now" (the first stops on it)
        {
            "input_share": 0.0,
            "utilisation": 1.0,
            "decode_batch": 1,
            "batch_grid": [1024],
            "bytes_per_parameter": 0.5,
            "model_parameters_b": 0.1,
            "novel_characters": 1,
        },
        {
            "input_share": 1.0,
            "utilisation": 0.01,
            "decode_batch": 1024,
            "model_parameters_b": 2000.0,
            "bytes_per_parameter": 4.0,
            "evaluators": ["lmarena"],
        },
    ],
    "05_operating_costs": [
        {"price_date": "2023-03-01"},
        {"price_date": "2025-12-31", "models": ["gpt-4o"]},
        {
            "tokens_per_request": 1,
            "tokens_sweep": [1],
            "horizon_months": 1,
            "working_days_per_month": 1,
            "input_share": 0.0,
            "gpus_per_server": 1,
            "gpus_in_listed_server": 64,
        },
        {
            "tokens_per_request": 1_000_000,
            "tokens_sweep": [1_000_000],
            "horizon_months": 120,
            "working_days_per_month": 31,
            "input_share": 1.0,
            "gpus_per_server": 64,
            "gpus_in_listed_server": 1,
        },
    ],
    "06_entry_costs": [
        {"article_date": "2021-01-04", "gpus_per_server": 1, "max_models": 2},
        {"article_date": "2025-12-31", "gpus_per_server": 64, "max_models": 10_000},
        {"factory_clusters": {"GPT-4": ["gpt4", "OpenAI"]}},
    ],
    "07_market_forecasts": [{"genai_base_years": [2020]}, {"genai_base_years": [2024, 2021]}],
    "08_agent_reliability": [
        {"step_accuracy": 1.0, "task_steps": 1, "target_success": 0.01, "rounding_high": 1.0},
        {
            "step_accuracy": 0.01,
            "task_steps": 1000,
            "target_success": 0.99,
            "rounding_low": 0.001,
            "table_targets": [0.001, 0.999],
            "table_steps": [1, 1000],
            "max_steps_shown": 2,
        },
        {"max_steps_shown": 1000, "rounding_low": 0.95, "rounding_high": 0.99},
    ],
    "09_smaller_claims": [
        {"gpu_bet": 0.001, "bet_years": [1, 1], "params_window_start": "2020-01-01"},
        {"gpu_bet": 100_000.0, "bet_years": [1, 20], "params_window_start": "2024-04-15"},
        {"bet_years": [5, 3]},
    ],
    "10_forecasts_and_events": [
        {"interview_earliest": "2023-12-06", "interview_latest": "2023-12-06", "best_open_count": 1},
        {"interview_earliest": "2023-01-01"},
        {
            "interview_earliest": "2024-06-30",
            "interview_latest": "2024-06-30",
            "best_open_count": 20,
            "chart_start": "2020-01-01",
            "chart_end": "2026-11-30",
        },
        {
            "gpt4_level_organizations": ["Nobody"],
            "fine_tunes_excluded": [],
            "size_class_pattern": "70B",
            "gpt4_reference_version": "claude-2.0",
            "claude2_version": "gpt-4-0314",
        },
    ],
}


def runs() -> list[tuple[str, dict]]:
    found = []
    for stem, cases in GRID.items():
        found += [(stem, {"as_of": as_of}) for as_of in AS_OF + EXTRA_AS_OF.get(stem, [])]
        found += [(stem, case) for case in cases]
    return found


def _render(obj) -> None:
    """What the book's renderer would do with a displayed object, without a page."""
    if hasattr(obj, "to_dict") and type(obj).__module__.startswith("altair"):
        obj.to_dict()
    elif hasattr(obj, "_repr_html_"):
        obj._repr_html_()


def run_chapter(stem: str, values: dict) -> tuple[str, str]:
    """('ok' | 'stopped' | 'crashed', the one-line message or the traceback's end)."""
    import IPython.display

    from llmecon.site.parameters import ParameterError

    os.chdir(ROOT / "chapters")
    cells = json.loads((ROOT / "chapters" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = [
        ("".join(c["source"]), "parameters" in c.get("metadata", {}).get("tags", []))
        for c in cells
        if c["cell_type"] == "code"
    ]
    namespace = {"__name__": "__main__"}
    IPython.display.display = lambda *objs, **kw: [_render(o) for o in objs]
    try:
        for source, is_parameters in code:
            source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
            exec(compile(source, f"<{stem}>", "exec"), namespace)
            if is_parameters:
                namespace.update(values)
                namespace["In"] = ["# Parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in values.items())]
    except ParameterError as exc:
        return "stopped", str(exc)
    except Exception:
        return "crashed", "".join(traceback.format_exc().splitlines(keepends=True)[-6:])
    return "ok", ""


def _run(job):
    stem, values = job
    return stem, values, *run_chapter(stem, values)


def run_all(jobs: list[tuple[str, dict]], processes: int = 2):
    # Import once in the parent; every run forks from it.
    import altair  # noqa: F401
    import myst_nb  # noqa: F401

    from llmecon.analysis import (  # noqa: F401
        agent_reliability,
        entry_costs,
        epoch_replication,
        forecasts_and_events,
        inference_cost_laws,
        market_forecasts,
        open_vs_closed,
        operating_costs,
        smaller_claims,
        token_pricing,
        training_costs,
    )
    from llmecon.site import chapter  # noqa: F401

    context = multiprocessing.get_context("fork")
    with context.Pool(processes, maxtasksperchild=1) as pool:
        yield from pool.imap_unordered(_run, jobs)


if __name__ == "__main__":
    only = sys.argv[1:]
    jobs = [job for job in runs() if not only or job[0][:2] in only]
    for stem, values, outcome, message in run_all(jobs):
        print(f"{outcome:8} {stem} {values}" + (f"\n    {message.strip()}" if message else ""), flush=True)
