"""Exponential trends: log-linear least squares with confidence intervals.

A price that falls by a constant factor each year is a straight line in
log10(price) against time. The fitted slope gives the annual factor and its
standard error gives the interval; with the 4-10 points typical of these
series the interval is wide, and the chapters say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .units import decimal_year

MIN_POINTS = 3


@dataclass(frozen=True)
class TrendFit:
    n: int
    slope: float  # log10 units per year
    intercept: float
    slope_se: float
    r_squared: float
    confidence: float
    start_year: float
    end_year: float

    @property
    def annual_decline_factor(self) -> float:
        """How many times cheaper per year (10 means a tenth of the price a year later)."""
        return float(10 ** (-self.slope))

    @property
    def decline_interval(self) -> tuple[float, float]:
        """(low, high) of the annual decline factor at the fit's confidence level."""
        if self.n <= 2:
            return (float("nan"), float("nan"))
        t = stats.t.ppf(0.5 + self.confidence / 2, self.n - 2)
        return (float(10 ** (-(self.slope + t * self.slope_se))),
                float(10 ** (-(self.slope - t * self.slope_se))))

    def predict(self, dates) -> np.ndarray:
        return 10 ** (self.intercept + self.slope * decimal_year(dates))


def fit_exponential_trend(dates, values, confidence: float = 0.90) -> TrendFit:
    """Least-squares fit of log10(values) on time in years."""
    x = decimal_year(dates)
    y = np.asarray(values, dtype=float)
    if len(x) != len(y):
        raise ValueError("dates and values differ in length")
    if (y <= 0).any():
        raise ValueError("an exponential trend needs positive values")
    if len(x) < MIN_POINTS:
        raise ValueError(f"need at least {MIN_POINTS} points to fit a trend, got {len(x)}")
    if np.ptp(x) == 0:
        raise ValueError("all points share one date; no trend can be fitted")
    logs = np.log10(y)
    result = stats.linregress(x, logs)
    return TrendFit(n=len(x), slope=float(result.slope), intercept=float(result.intercept),
                    slope_se=float(result.stderr), r_squared=float(result.rvalue ** 2),
                    confidence=confidence, start_year=float(x.min()), end_year=float(x.max()))


def reference_line(start, start_value: float, annual_factor: float, end) -> pd.DataFrame:
    """A line falling by `annual_factor` a year from (start, start_value) to `end`."""
    dates = pd.to_datetime([pd.Timestamp(start), pd.Timestamp(end)])
    years = decimal_year(dates)
    values = start_value / annual_factor ** (years - years[0])
    return pd.DataFrame({"date": dates, "value": values})
