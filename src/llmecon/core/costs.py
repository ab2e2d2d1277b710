"""GPU arithmetic shared by the training, serving and entry-cost chapters.

A cluster's bill is GPUs x hours x price per GPU-hour; its work is GPUs x
seconds x peak FLOP/s x utilisation. Everything here is that identity solved
for one of its terms, plus the reported costs of training runs that several chapters cite.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .units import HOURS_PER_DAY, SECONDS_PER_HOUR, TOKENS_PER_MILLION

BYTES_PER_TB = 1e12


def gpu_hours(gpu_count: float, days: float) -> float:
    return gpu_count * days * HOURS_PER_DAY


def rental_cost(gpu_count: float, days: float, usd_per_gpu_hour: float) -> float:
    return gpu_hours(gpu_count, days) * usd_per_gpu_hour


def rental_days(budget: float, gpu_count: float, usd_per_gpu_hour: float) -> float:
    """Days a budget rents `gpu_count` GPUs for; with a purchase price as the budget, the days after
    which renting has cost as much as buying."""
    return budget / (gpu_count * usd_per_gpu_hour * HOURS_PER_DAY)


def implied_hourly_rate(cost_usd: float, gpu_count: float, days: float) -> float:
    """The $/GPU-hour at which a cluster of `gpu_count` for `days` costs `cost_usd`."""
    return cost_usd / gpu_hours(gpu_count, days)


def training_flop(gpu_count: float, days: float, peak_flops: float, utilisation: float) -> float:
    """FLOP = GPUs x peak FLOP/s x utilisation x seconds."""
    return gpu_hours(gpu_count, days) * SECONDS_PER_HOUR * peak_flops * utilisation


def implied_utilisation(flop: float, gpu_count: float, days: float, peak_flops: float) -> float:
    """The MFU at which the cluster delivers `flop` in `days`."""
    return flop / training_flop(gpu_count, days, peak_flops, 1.0)


def gpu_hours_for(flop: float, peak_flops: float, utilisation: float) -> float:
    return flop / (peak_flops * utilisation * SECONDS_PER_HOUR)


def cluster_purchase_cost(
    gpu_count: float, price_per_gpu: float, price_per_server: float, gpus_per_server: int
) -> float:
    """GPUs plus the servers that hold them (server priced without its GPUs)."""
    return gpu_count * price_per_gpu + np.ceil(gpu_count / gpus_per_server) * price_per_server


def decode_tokens_per_second_per_gpu(
    memory_bandwidth_tb_s: float, parameters_b: float, bytes_per_parameter: float, batch_size: float
) -> float:
    """Upper bound on generated tokens per second per GPU when decoding is memory-bound.

    Each decoding step reads every weight once and yields one token per
    sequence in the batch; split over g GPUs, a step takes weights / (g x
    bandwidth), so per GPU the rate is batch x bandwidth / weights whatever g
    is. KV-cache reads and compute limits are ignored, so real rates are lower.
    """
    weight_bytes = parameters_b * 1e9 * bytes_per_parameter
    return batch_size * memory_bandwidth_tb_s * BYTES_PER_TB / weight_bytes


def self_hosting_cost_per_m(gpu_price_per_hour: float, tokens_per_second_per_gpu: float, utilisation: float) -> float:
    """Cost per million tokens of a rented GPU busy `utilisation` of the hours it is paid for."""
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation}")
    tokens_per_hour = tokens_per_second_per_gpu * SECONDS_PER_HOUR * utilisation
    return gpu_price_per_hour / tokens_per_hour * TOKENS_PER_MILLION


def utilisation_for_cost(gpu_price_per_hour: float, tokens_per_second_per_gpu: float, cost_per_m: float) -> float:
    """The utilisation at which self-hosting costs `cost_per_m` per million tokens."""
    return gpu_price_per_hour * TOKENS_PER_MILLION / (tokens_per_second_per_gpu * SECONDS_PER_HOUR * cost_per_m)


# -- reported training runs ------------------------------------------------------


def run_costs(dataset, method: str, as_of, since=None) -> pd.DataFrame:
    """Epoch AI's cost estimates by one method, joined to each run's date and hardware."""
    costs = dataset.training_costs
    costs = costs[costs["method"] == method]
    runs = dataset.training_runs
    out = costs.merge(runs, on="model", how="left", suffixes=("", "_run"))
    out = out[out["publication_date"] <= pd.Timestamp(as_of)]
    if since is not None:
        out = out[out["publication_date"] >= pd.Timestamp(since)]
    publishers = dataset.rows("sources", "source_id", out["source_id"]).set_index("source_id")["publisher"]
    return out.assign(publisher=out["source_id"].map(publishers)).sort_values("publication_date").reset_index(drop=True)


def costliest_run(dataset, method: str, as_of) -> pd.Series:
    """The run with the highest cost by `method` in Epoch AI's estimates (training_costs), up to `as_of`.

    Chapters that name the most expensive run read it here, so they all speak
    of the same run and figure.
    """
    costs = run_costs(dataset, method, as_of)
    if costs.empty:
        raise ValueError(f"no training-run cost by method {method!r} up to {pd.Timestamp(as_of).date()}")
    return costs.loc[costs["cost_usd"].idxmax()]
