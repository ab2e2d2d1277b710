"""The 2022-23 market in the price table, and what adding it did to chapter 1's rates.

Until December 2026 the table held 14 prices dated before 2024, all OpenAI's but
three of DeepInfra's. The rows added then come from LiteLLM's price list as shipped
in litellm wheels on PyPI (August-December 2023; sources `litellm_pypi_*`), one
announced price from Epoch AI's table (GPT-3.5 Turbo 16k, June 2023), One API's
table of Chinese providers' yuan prices in its git history and its fork one-hub's
(July-December 2023; sources `oneapi_modelratio_*`) and an archived OpenAI price page of July 2022
(source `openai_pricing_megalodon_20220703`). "Before" is the same data without
exactly those rows, so the chapter can set the rates measured with and without
them side by side.
"""

from __future__ import annotations

import pandas as pd

CUTOFF = pd.Timestamp("2024-01-01")
ADDED_SOURCE_PREFIXES = ("litellm_pypi_", "oneapi_modelratio_", "openai_pricing_megalodon_")
ADDED_ROWS = {("gpt-3.5-turbo-16k-0613", "OpenAI", "USD", pd.Timestamp("2023-06-13"))}


def is_added(prices: pd.DataFrame) -> pd.Series:
    """The price rows of the 2022-23 addition (see the module's docstring)."""
    keys = zip(prices["model_id"], prices["provider"], prices["currency"], pd.to_datetime(prices["effective_date"]))
    return prices["source_id"].str.startswith(ADDED_SOURCE_PREFIXES) | pd.Series(
        [key in ADDED_ROWS for key in keys], index=prices.index
    )


class WithoutAddition:
    """A dataset that reads like `dataset` except that its prices leave out the 2022-23 addition."""

    def __init__(self, dataset):
        self._dataset = dataset

    def table(self, name: str) -> pd.DataFrame:
        frame = self._dataset.table(name)
        return frame[~is_added(frame)] if name == "prices" else frame

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._dataset.table_names:
            return self.table(name)
        return getattr(self._dataset, name)


def early_rows_by_provider(prices: pd.DataFrame) -> pd.DataFrame:
    """Prices dated before 2024 per seller: how many, how many added, and what their dates mean."""
    early = prices[pd.to_datetime(prices["effective_date"]) < CUTOFF].assign(added=lambda f: is_added(f))
    table = pd.crosstab(early["provider"], early["date_basis"])
    for basis in ("announced", "observed", "catalogue"):
        if basis not in table:
            table[basis] = 0
    table = table[["announced", "observed", "catalogue"]].rename_axis(columns=None)
    table.insert(0, "added", early.groupby("provider")["added"].sum().astype(int))
    table.insert(0, "rows", early.groupby("provider").size())
    return table.sort_values(["rows", "added"], ascending=False).rename_axis("seller").reset_index()


def records_before(steps: pd.DataFrame, cutoff=CUTOFF) -> int:
    """Record lows (of any benchmark and threshold) dated before `cutoff`."""
    return int((steps["is_record"].astype(bool) & (steps["date"] < cutoff)).sum())


def rate_shift(measurements: dict[str, tuple]) -> pd.DataFrame:
    """Chapter 1's measurements without and with the addition, one pair per pricing basis: levels fitted, the
    pooled rate and its interval, and record lows from before 2024 (each value a `RateMeasurement`)."""
    rows = []
    for basis, pair in measurements.items():
        for label, m in zip(("without the 2022-23 rows", "with them"), pair):
            # A basis with too few record lows for a pooled fit (a short data folder, a late start) shows none.
            low, high = m.pooled.decline_interval if m.pooled else (float("nan"), float("nan"))
            rows.append(
                {
                    "Basis": basis,
                    "Data": label,
                    "Prices": len(m.prices),
                    "Levels fitted": int(m.fits["factor"].notna().sum()),
                    "Record lows before 2024": records_before(m.steps),
                    "Median level ÷/yr": float(m.fits["factor"].median()),
                    "Pooled ÷/yr": m.pooled.annual_decline_factor if m.pooled else float("nan"),
                    "90% low": low,
                    "90% high": high,
                }
            )
    return pd.DataFrame(rows)


def how_rates_moved(shift: pd.DataFrame) -> dict[str, str]:
    """Per basis, 'did not move' when the addition changed none of its rates in `rate_shift`'s table, else
    'moved'."""
    words = {}
    for basis, pair in shift.groupby("Basis", sort=False):
        measured = pair.drop(columns=["Basis", "Data", "Prices"])
        words[basis] = "did not move" if measured.iloc[0].equals(measured.iloc[1]) else "moved"
    return words


def added_records(steps: pd.DataFrame) -> int:
    """Record lows set by a price of the 2022-23 addition (`steps` as `inference_cost_laws.frontiers` gives them)."""
    added_keys = {(model, provider, date) for model, provider, _, date in ADDED_ROWS}
    keys = zip(steps["model_id"], steps["provider"], pd.to_datetime(steps["date"]))
    added = steps["source_id"].str.startswith(ADDED_SOURCE_PREFIXES) | pd.Series(
        [key in added_keys for key in keys], index=steps.index
    )
    return int((added & steps["is_record"].astype(bool)).sum())
