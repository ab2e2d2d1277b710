"""Units, rates and currency.

Prices in the data are per million tokens in their own currency; articles
quote per thousand tokens, per query, in yuan or dollars, and rates as
"x per 18 months" or "-75% a year". These helpers put them on one footing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TOKENS_PER_MILLION = 1_000_000
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12  # the average month: spans between dates are counted in these
HOURS_PER_DAY = 24
HOURS_PER_MONTH = HOURS_PER_DAY * DAYS_PER_MONTH
SECONDS_PER_HOUR = 3600
# An exchange rate older than this is too stale to convert a price with.
MAX_FX_AGE_DAYS = 31
# The command that brings fx.csv up to date: FRED's daily DEXCHUS series (Federal Reserve H.10).
FX_REFRESH_COMMAND = "make update SRC=https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXCHUS"


def per_1k_to_per_m(price_per_1k: float) -> float:
    return price_per_1k * 1000.0


def per_m_to_per_1k(price_per_m: float) -> float:
    return price_per_m / 1000.0


def tokens_per_currency_unit(price_per_m: float) -> float:
    """Tokens one unit of currency buys at a price per million tokens."""
    if price_per_m <= 0:
        raise ValueError(f"price must be positive, got {price_per_m}")
    return TOKENS_PER_MILLION / price_per_m


def blended_price(input_per_m, output_per_m, input_share: float):
    """Price per million tokens when `input_share` of tokens are input tokens.

    input_share=0.75 is the 3:1 input:output blend of Artificial Analysis and
    Epoch AI; 0.5 is the plain average a16z used.
    """
    if not 0.0 <= input_share <= 1.0:
        raise ValueError(f"input_share must be between 0 and 1, got {input_share}")
    return input_share * input_per_m + (1.0 - input_share) * output_per_m


def annual_factor(factor: float, months: float) -> float:
    """A change by `factor` every `months` expressed as a factor per year."""
    if factor <= 0 or months <= 0:
        raise ValueError("factor and months must be positive")
    return factor ** (12.0 / months)


def factor_from_percent_decline(percent: float) -> float:
    """A decline of `percent` per period as a division factor (75% -> 4x)."""
    if not 0 <= percent < 100:
        raise ValueError(f"a decline must be in [0, 100) percent, got {percent}")
    return 1.0 / (1.0 - percent / 100.0)


def percent_decline(old: float, new: float) -> float:
    return (1.0 - new / old) * 100.0


def implied_annual_factor(old: float, new: float, days: float) -> float:
    """Annual division factor implied by going from `old` to `new` in `days`."""
    if old <= 0 or new <= 0 or days <= 0:
        raise ValueError("values and duration must be positive")
    return (old / new) ** (DAYS_PER_YEAR / days)


def months_between(start, end) -> float:
    """Months (of average length) from `start` to `end`; negative when `end` comes first."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / DAYS_PER_MONTH


def decimal_year(dates) -> np.ndarray:
    """Dates as fractional years (2024-07-02 -> ~2024.5), for trend fits."""
    stamps = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    year_length = np.where(stamps.dt.is_leap_year, 366.0, 365.0)
    return (stamps.dt.year + (stamps.dt.day_of_year - 1) / year_length).to_numpy(dtype=float)


class FxTable:
    """Dated CNY-per-USD rates; a conversion uses the latest rate on or before the date."""

    def __init__(self, fx: pd.DataFrame):
        if fx.empty:
            raise ValueError("the fx table is empty: no exchange rate to convert with")
        self._rates = fx.sort_values("date").set_index("date")["cny_per_usd"]

    def cny_per_usd(self, date) -> float:
        when = pd.Timestamp(date)
        earlier = self._rates.loc[:when]
        if earlier.empty:
            raise ValueError(f"no CNY/USD rate on or before {when.date()}")
        age = (when - earlier.index[-1]).days
        if age > MAX_FX_AGE_DAYS:
            raise ValueError(
                f"the latest CNY/USD rate before {when.date()} is {age} days old "
                f"({earlier.index[-1].date()}): the table fx (fx.csv) is too old; refresh it with "
                f"`{FX_REFRESH_COMMAND}` (or add dated rates to fx.csv by hand)"
            )
        return float(earlier.iloc[-1])

    def convert(self, amount: float, currency: str, to: str, date) -> float:
        if currency == to:
            return float(amount)
        rate = self.cny_per_usd(date)
        if (currency, to) == ("CNY", "USD"):
            return float(amount) / rate
        if (currency, to) == ("USD", "CNY"):
            return float(amount) * rate
        raise ValueError(f"unknown currency pair {currency}->{to}")

    def in_currency(
        self,
        prices: pd.DataFrame,
        currency: str = "USD",
        date_column: str = "effective_date",
        columns=("input_per_m", "output_per_m"),
    ) -> pd.DataFrame:
        """Copy of `prices` with the given columns in `currency` (USD or CNY), each row converted at its date.

        Missing prices stay missing; the rate used is kept in `cny_per_usd` (NaN for rows already in
        `currency`, which need none).
        """
        if currency not in ("USD", "CNY"):
            raise ValueError(f"unknown currency {currency!r}: prices convert between USD and CNY")
        out = prices.copy()
        rates = np.array(
            [
                np.nan if held == currency else self.cny_per_usd(when)
                for held, when in zip(out["currency"], out[date_column])
            ],
            dtype=float,
        )
        factor = np.where(out["currency"] == currency, 1.0, rates if currency == "CNY" else 1.0 / rates)
        for column in columns:
            out[column] = out[column].astype(float) * factor
        out["cny_per_usd"] = rates
        out["currency"] = currency
        return out

    def to_usd(
        self, prices: pd.DataFrame, date_column: str = "effective_date", columns=("input_per_m", "output_per_m")
    ) -> pd.DataFrame:
        return self.in_currency(prices, "USD", date_column, columns)
