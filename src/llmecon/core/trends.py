"""Exponential trends: log-linear least squares with confidence intervals.

A price that falls by a constant factor each year is a straight line in
log10(price) against time. The fitted slope gives the annual factor and its
standard error gives the interval; with the 4-10 points typical of these
series the interval is wide, and the chapters say so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import special

from .units import decimal_year

MIN_POINTS = 3


# scipy.stats would give both functions below, but importing it costs every kernel 0.4 s more than
# scipy.special; these use scipy.stats' own formulas, and a unit test holds them to its results.
def t_quantile(probability: float, freedom: float) -> float:
    """Student's t quantile, as scipy.stats.t.ppf(probability, freedom) (nan when freedom < 1)."""
    return float(special.stdtrit(freedom, probability)) if freedom >= 1 else float("nan")


@dataclass(frozen=True)
class Line:
    slope: float
    intercept: float
    slope_se: float
    r: float


def least_squares_line(x, y) -> Line:
    """Ordinary least squares of y on x, as scipy.stats.linregress computes it (n >= 3, x not constant)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 3 or np.amax(x) == np.amin(x):
        raise ValueError("a line needs at least 3 points on at least 2 distinct x values")
    ssxm, ssxym, _, ssym = np.cov(x, y, bias=1).flat
    r = float("nan") if ssym == 0.0 else float(np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0))
    slope = ssxym / ssxm
    return Line(
        slope=float(slope),
        intercept=float(np.mean(y) - slope * np.mean(x)),
        slope_se=float(np.sqrt((1 - r**2) * ssym / ssxm / (len(x) - 2))),
        r=r,
    )


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
    dof: int | None = None  # residual degrees of freedom; n - 2 for a single line
    # (low, high) annual factors from a cluster bootstrap; replaces the t-interval when set
    bootstrap_interval: tuple[float, float] | None = None
    clusters: int | None = None  # independent units the bootstrap resampled

    @property
    def annual_decline_factor(self) -> float:
        """How many times cheaper per year (10 means a tenth of the price a year later)."""
        return float(10 ** (-self.slope))

    @property
    def decline_interval(self) -> tuple[float, float]:
        """(low, high) of the annual decline factor at the fit's confidence level."""
        if self.bootstrap_interval is not None:
            return self.bootstrap_interval
        freedom = self.dof if self.dof is not None else self.n - 2
        if freedom < 1:
            return (float("nan"), float("nan"))
        t = t_quantile(0.5 + self.confidence / 2, freedom)
        return (float(10 ** (-(self.slope + t * self.slope_se))), float(10 ** (-(self.slope - t * self.slope_se))))

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
    line = least_squares_line(x, logs)
    return TrendFit(
        n=len(x),
        slope=line.slope,
        intercept=line.intercept,
        slope_se=line.slope_se,
        r_squared=line.r**2,
        confidence=confidence,
        start_year=float(x.min()),
        end_year=float(x.max()),
    )


def _pooled_design(x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    names = sorted(set(labels))
    return np.column_stack([x - x.mean()] + [(labels == g).astype(float) for g in names])


def fit_pooled_trend(dates, values, groups, confidence: float = 0.90) -> TrendFit:
    """One common slope for several series, each with its own level (a fixed-effects fit).

    Used for the cheapest price of several capability thresholds: they start
    at different prices, but the question is one rate of decline. The interval
    here assumes every point is an independent observation; when one price
    observation appears in several series, use `cluster_bootstrap` instead.
    """
    x = decimal_year(dates)
    y = np.asarray(values, dtype=float)
    labels = pd.Series(list(groups)).astype(str).to_numpy()
    if not len(x) == len(y) == len(labels):
        raise ValueError("dates, values and groups differ in length")
    if (y <= 0).any():
        raise ValueError("an exponential trend needs positive values")
    design = _pooled_design(x, labels)
    freedom = len(y) - design.shape[1]
    if freedom < 1:
        raise ValueError(
            f"need more points than series plus one to pool a trend, got {len(y)} for {design.shape[1] - 1} series"
        )
    logs = np.log10(y)
    coefficients, *_ = np.linalg.lstsq(design, logs, rcond=None)
    residuals = logs - design @ coefficients
    variance = residuals @ residuals / freedom
    covariance = variance * np.linalg.inv(design.T @ design)
    total = ((logs - logs.mean()) ** 2).sum()
    return TrendFit(
        n=len(y),
        slope=float(coefficients[0]),
        intercept=float("nan"),
        slope_se=float(np.sqrt(covariance[0, 0])),
        r_squared=float(1 - residuals @ residuals / total),
        confidence=confidence,
        start_year=float(x.min()),
        end_year=float(x.max()),
        dof=freedom,
    )


def _within_series_slope(x: np.ndarray, y: np.ndarray, series: np.ndarray) -> float | None:
    """The common slope of a fixed-effects fit (what `fit_pooled_trend` computes by least squares), from
    deviations around each series' own means; None when no series has two distinct dates."""
    slope = _within_series_slopes(x, y, series, np.ones((1, len(x))))[0]
    return None if np.isnan(slope) else float(slope)


def _within_series_slopes(x: np.ndarray, y: np.ndarray, series: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """`_within_series_slope` for many samples at once: row r of `weights` says how many times each point is in
    sample r. NaN where a sample has no series with two distinct dates."""
    member = np.zeros((len(x), series.max() + 1))
    member[np.arange(len(x)), series] = 1.0
    counts = np.maximum(weights @ member, 1)
    dx = x - ((weights * x) @ member / counts)[:, series]
    dy = y - ((weights * y) @ member / counts)[:, series]
    spread = (weights * dx * dx).sum(axis=1)
    flat = spread <= 1e-12 * np.maximum(1.0, (weights * x * x).sum(axis=1))
    return np.where(flat, np.nan, (weights * dx * dy).sum(axis=1) / np.where(flat, 1.0, spread))


def cluster_bootstrap(fit: TrendFit, dates, values, groups, clusters, draws: int, seed: int) -> TrendFit:
    """`fit` with its interval replaced by a bootstrap that resamples whole clusters.

    The nested capability thresholds share record lows: one model's price cut
    is a record at every threshold it clears, so a pooled fit sees it several
    times and its t-interval is too narrow. Resampling models (with all their
    rows, at every threshold) counts each observation once in the uncertainty.
    Draws in which no series has two distinct dates carry no slope and are skipped.
    """
    x = decimal_year(dates)
    logs = np.log10(np.asarray(values, dtype=float))
    labels = pd.Series(list(groups)).astype(str).to_numpy()
    cluster_labels = pd.Series(list(clusters)).astype(str).to_numpy()
    names = sorted(set(cluster_labels))
    cluster_of_row = np.searchsorted(names, cluster_labels)
    series = pd.factorize(labels)[0]
    rng = np.random.default_rng(seed)
    # Each draw picks len(names) clusters with replacement; a point counts as often as its cluster was picked.
    picks = rng.integers(0, len(names), size=(draws, len(names)))
    times = np.zeros((draws, len(names)))
    np.add.at(times, (np.repeat(np.arange(draws), len(names)), picks.ravel()), 1.0)
    slopes = _within_series_slopes(x, logs, series, times[:, cluster_of_row])
    slopes = slopes[~np.isnan(slopes)]
    if len(slopes) < draws / 2:
        raise ValueError(f"only {len(slopes)} of {draws} bootstrap draws could fit a slope; too few clusters")
    tail = (1 - fit.confidence) / 2
    low_slope, high_slope = np.quantile(slopes, [tail, 1 - tail])
    return replace(fit, bootstrap_interval=(float(10 ** (-high_slope)), float(10 ** (-low_slope))), clusters=len(names))


def reference_line(start, start_value: float, annual_factor: float, end) -> pd.DataFrame:
    """A line falling by `annual_factor` a year from (start, start_value) to `end`."""
    dates = pd.to_datetime([pd.Timestamp(start), pd.Timestamp(end)])
    years = decimal_year(dates)
    values = start_value / annual_factor ** (years - years[0])
    return pd.DataFrame({"date": dates, "value": values})


@dataclass(frozen=True)
class LinearTrend:
    slope_per_year: float
    low: float
    high: float
    n: int
    confidence: float

    @property
    def direction(self) -> str:
        if self.low > 0:
            return "widening"
        if self.high < 0:
            return "narrowing"
        return "no clear trend"


def linear_trend(dates, values, confidence: float) -> LinearTrend | None:
    """Least-squares slope of values on time, per year, with a Student-t interval (None below 3 points)."""
    frame = pd.DataFrame(
        {"x": decimal_year(pd.to_datetime(pd.Series(dates))), "y": pd.Series(values, dtype=float).to_numpy()}
    ).dropna()
    if len(frame) < 3 or frame["x"].nunique() < 2:
        return None
    line = least_squares_line(frame["x"], frame["y"])
    half = t_quantile(0.5 + confidence / 2, len(frame) - 2) * line.slope_se
    return LinearTrend(line.slope, line.slope - half, line.slope + half, len(frame), confidence)
