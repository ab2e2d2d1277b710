"""The verdict rules: one tolerance policy by kind of claim, and the few functions that apply it.

Every verdict in the book comes from one of these functions. Each returns a
`Judgement`: the verdict, the measured value (and its interval where one
exists), the rule with its tolerances, and a sentence built from those same
numbers. Chapters never decide a verdict themselves; they pass numbers in.

The policy (stated on the Methods page from these constants):

- a claimed figure and a measurement agree when they are within a factor of
  each other; how close depends on how the claim was stated (`TOLERANCES`);
- a claimed range or a measured interval counts as agreeing when the two
  overlap, and otherwise by the factor between their nearest ends;
- a bound ("over", "at least") holds when the measurement is on its side,
  with the same rounding allowance;
- a dated forecast holds if it happened by its date, partly holds if it came
  within `FORECAST_GRACE_MONTHS` after; an undated forecast holds once it
  happened and cannot be refuted before;
- a trend direction holds when its whole interval is on the claimed side;
- a necessary condition ("entering takes at least X") is tested against the
  cheapest case found that did the thing anyway;
- a claim is untestable only for one of `UNTESTABLE_GROUNDS`.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from .fmt import number
from .units import months_between

HOLDS, PARTLY, NOT, UNTESTABLE = "holds", "partly holds", "does not hold", "untestable"


@dataclass(frozen=True)
class Tolerance:
    """How far apart (as a factor, either way) a measurement may be from a claim of this kind."""

    kind: str
    holds: float
    partly: float
    meaning: str


EXACT = Tolerance(
    "exact figure", 1.05, 1.25, 'a figure stated precisely ("53%", "22,000 GPUs", "$0.75"): only rounding is allowed'
)
APPROXIMATE = Tolerance(
    "approximate figure",
    1.25,
    2.0,
    'a figure given as "about", "nearly", "close to" or rounded to one significant digit',
)
MAGNITUDE = Tolerance(
    "order of magnitude",
    math.sqrt(10),
    10.0,
    '"tens of billions", "10x", "an order of magnitude": the nearest power of ten',
)
RANGE = Tolerance(
    "range", 1.05, 1.25, 'a range ("1 to 3 billion", "50-75%"): holds inside it, rounding allowed at its ends'
)
TOLERANCES = (EXACT, APPROXIMATE, MAGNITUDE, RANGE)

# A dated forecast that came true this many months after its date is "partly" right.
FORECAST_GRACE_MONTHS = 6
# A dated fact ("released in March") this many days outside its stated period is "partly" right.
DATE_SLACK_DAYS = 31

UNTESTABLE_GROUNDS = {
    "no_data": "no public source measures this quantity",
    "not_due": "the forecast's date has not come yet, and it has not happened",
    "not_quantified": "the sentence states no quantity or date that data could contradict",
    "undisclosed": "the figure is private (a company's internal cost or plan) and no credible estimate is published",
    "no_data_for_parameters": "no data for these parameters",
}
# What a rule says when a figure it compares is missing: the data hold no value for the run's parameters (an
# analysis date before the data, a window with no prices). Only a rerun with other parameters meets it; the
# book's own build fails on it (tests/test_browser.py).
NO_DATA_FOR_PARAMETERS = "no_data_for_parameters"

RULE_SENTENCES = {
    "within_factor": "agrees within a factor when the claim and the measurement are no more than the tolerance apart",
    "interval_contains": "the measured interval (or range of published estimates) contains the claim, within tolerance",
    "in_range": "the measurement falls inside the claimed range, within tolerance",
    "in_range_each": "every case named in the claim falls inside the claimed range, within tolerance",
    "all_parts": "every part of a claim with several parts holds",
    "at_least": "the measurement is at least the claimed bound, within tolerance",
    "at_most": "the measurement is at most the claimed bound, within tolerance",
    "trend_direction": "the whole interval of the trend lies on the claimed side of zero",
    "happened_by": f"the event happened by the forecast's date (partly: within {FORECAST_GRACE_MONTHS} months after)",
    "happened_within": f"the event happened inside the stated period (partly: within {DATE_SLACK_DAYS} days of it)",
    "happened": "the event happened (an undated forecast cannot be refuted before)",
    "necessary_condition": "nobody did the thing with less than the claimed minimum, within tolerance",
    "untestable": "one of the grounds for 'untestable'",
    "rate_in_claim_unit": "a rate of decline is compared in the period the claim states (÷10 per 18 months is judged "
    "per 18 months): the measurement is converted, never the claim",
    "difference": "on a scale with an arbitrary zero (ECI points, Arena Elo) a claimed difference is compared by "
    "its distance in points: holds within one stated uncertainty, partly within two",
    "parity": '"caught up" on such a scale: the gap is within its uncertainty (not statistically distinguishable), '
    "partly within two",
}


def fmt(x: float, significant: int = 3) -> str:
    """A number for people, by the book's one formatter (`llmecon.core.fmt.number`); "n/a" for a missing one."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(float(x)) < 5e-7:  # below a millionth is zero for a reader (and floating-point noise)
        return "0"
    return number(x, significant)


def _with_unit(x: float, unit: str, significant: int = 3) -> str:
    number = fmt(x, significant)
    if not unit:
        return number
    month = _claimed_month(unit)
    if month and _is_month_number(x):  # "December 2022", not "12 month of 2022"
        return f"{calendar.month_name[int(x)]} {month.group(1)}{month.group(2)}"
    if unit == "%":
        return f"{number}%"
    if unit in ("USD", "$"):
        return f"${number}"
    if unit == "x" or unit.startswith(("x ", "% ")):
        return f"{number}{unit}"
    return f"{number} {unit}"


def claimed_text(low: float, unit: str, high: float | None = None, between: str = " to ") -> str:
    """A claimed figure or range with its unit as the article states it (the verdicts' headlines and the ledger's
    'claimed:' use it): "22,000 GPUs", "4 to 5x decline per 18 months", "November to December 2022 (release)"."""
    if high is None or pd.isna(high) or high == low:
        return _claimed(low, unit)
    month = _claimed_month(unit)
    if month and all(_is_month_number(x) for x in (low, high)):
        return (
            f"{calendar.month_name[int(low)]}{between}{calendar.month_name[int(high)]} {month.group(1)}{month.group(2)}"
        )
    return f"{fmt(low, 4)}{between}{_with_unit(high, unit, 4)}"


def _claimed_month(unit: str):
    return re.fullmatch(r"month of (\d{4})(.*)", str(unit).strip())


def _is_month_number(x: float) -> bool:
    return float(x).is_integer() and 1 <= x <= 12


def _claimed(x: float, unit: str) -> str:
    """A claimed figure as the article states it (to four significant figures: "132.5", "0.0008", "22,000");
    a month of a year by its name ("May 2024 (announcement)", not "5 month of 2024 (announcement)")."""
    month = _claimed_month(unit)
    if month and _is_month_number(x):
        return f"{calendar.month_name[int(x)]} {month.group(1)}{month.group(2)}"
    return _with_unit(x, unit, 4)


def _span(low: float, high: float, unit: str, significant: int = 3) -> str:
    if low == high:
        return _with_unit(low, unit, significant)
    return f"{_with_unit(low, unit, significant)} to {_with_unit(high, unit, significant)}"


# Which way a claim missed. "understated": reality went further than the claim (the measured quantity lies beyond
# it in the claim's own sense); "overstated": reality fell short of it; "about right": the claim holds.
UNDERSTATED, OVERSTATED, ABOUT_RIGHT = "understated", "overstated", "about right"
DIRECTIONS = (UNDERSTATED, OVERSTATED, ABOUT_RIGHT)
# The side a measurement missed a claim on, in the claim's unit: ABOVE a larger number (a later date counts as BELOW,
# reality being slower than claimed), BELOW a smaller one.
ABOVE, BELOW = "above", "below"


@dataclass
class Judgement:
    """What a rule found: the verdict, the measurement it rests on, the rule, and why in words.

    `miss` is the side the measurement missed the claim on (ABOVE, BELOW, or None when it holds or is
    untestable); `direction` reads it in the claim's own sense (`further`: ABOVE unless a smaller number goes
    further, as for "down to 1% of today's cost"). `readings` and `robust` are filled by `weigh`."""

    verdict: str
    value: float | None
    unit: str
    claimed: tuple | None
    interval: tuple | None
    rule: dict
    reason: str
    measured: str = ""
    evidence: list = field(default_factory=list)
    miss: str | None = None
    further: str = ABOVE
    readings: list = field(default_factory=list)
    robust: bool | None = None
    main_reading: str = ""
    retolerate: object = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.verdict not in (HOLDS, PARTLY, NOT, UNTESTABLE):
            raise ValueError(
                f"verdict must be one of holds, partly holds, does not hold, untestable; got {self.verdict!r}"
            )
        if self.verdict != UNTESTABLE and (self.value is None or self.value != self.value):
            raise ValueError(f"a {self.verdict!r} verdict needs a measured value")
        if self.miss not in (None, ABOVE, BELOW) or self.further not in (ABOVE, BELOW):
            raise ValueError(f"miss and further are {ABOVE!r} or {BELOW!r}; got {self.miss!r}, {self.further!r}")
        if self.verdict in (PARTLY, NOT) and self.miss is None:
            raise ValueError(f"a {self.verdict!r} verdict must say which side the measurement missed on")
        if not self.measured:
            self.measured = (
                _span(*self.interval, self.unit) + f" (central {_with_unit(self.value, self.unit)})"
                if self.interval and self.value is not None and self.interval[0] != self.interval[1]
                else _with_unit(self.value, self.unit)
                if self.value is not None
                else "no data"
            )

    @property
    def direction(self) -> str | None:
        """understated, overstated or about right; None for an untestable claim."""
        if self.verdict == UNTESTABLE:
            return None
        if self.verdict == HOLDS:
            return ABOUT_RIGHT
        return UNDERSTATED if self.miss == self.further else OVERSTATED

    def going(self, further: str) -> Judgement:
        """The same judgement for a claim whose 'further' is `further` (BELOW: a smaller number goes further)."""
        if further not in (ABOVE, BELOW):
            raise ValueError(f"further is {ABOVE!r} or {BELOW!r}, got {further!r}")
        self.further = further
        return self


def _rule(name: str, tolerance: Tolerance | None = None, **extra) -> dict:
    rule = {"name": name}
    if tolerance is not None:
        rule.update(
            kind=tolerance.kind, holds_within=round(tolerance.holds, 4), partly_within=round(tolerance.partly, 4)
        )
    rule.update(extra)
    return rule


def _positive(*values: float) -> None:
    for v in values:
        if v is None or not v > 0:
            raise ValueError(f"a factor comparison needs positive numbers, got {v!r}")


def factor_apart(a_low: float, a_high: float, b_low: float, b_high: float) -> float:
    """The factor between two intervals: 1 when they overlap, else the ratio of their nearest ends."""
    _positive(a_low, a_high, b_low, b_high)
    if a_low > a_high or b_low > b_high:
        raise ValueError("an interval's low end is above its high end")
    return max(1.0, b_low / a_high, a_low / b_high)


def _grade(factor: float, tolerance: Tolerance) -> str:
    # A tiny slack so that a figure exactly at the tolerance is not lost to floating point.
    if factor <= tolerance.holds * (1 + 1e-9):
        return HOLDS
    if factor <= tolerance.partly * (1 + 1e-9):
        return PARTLY
    return NOT


def _factor_words(factor: float) -> str:
    return "they agree" if factor == 1 else f"{fmt(factor)}x apart"


def article_and(kind: str) -> str:
    """ "an exact figure", "a range": a kind of claim with its article."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _tolerance_words(tolerance: Tolerance) -> str:
    return article_and(tolerance.kind)


def _policy_words(tolerance: Tolerance) -> str:
    return f"{_tolerance_words(tolerance)} holds within {fmt(tolerance.holds)}x, partly within {fmt(tolerance.partly)}x"


def _side(low: float, high: float, m_low: float, m_high: float) -> str | None:
    """The side of the claim [low, high] on which the measurement [m_low, m_high] lies, or None if they overlap."""
    if m_low > high:
        return ABOVE
    if m_high < low:
        return BELOW
    return None


def _missing(value) -> bool:
    """A figure the data did not produce: None or NaN, also inside a dict or list of figures."""
    if isinstance(value, dict):
        return any(_missing(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_missing(v) for v in value)
    if isinstance(value, Judgement):
        return value.verdict == UNTESTABLE and (value.rule or {}).get("ground") == NO_DATA_FOR_PARAMETERS
    return value is None or (isinstance(value, float) and math.isnan(value))


def _needs_data(*names: str):
    """Rules whose arguments `names` are figures: a missing one makes the claim untestable for this run's
    parameters instead of an error deep in the arithmetic."""

    def wrap(rule):
        import functools
        import inspect

        signature = inspect.signature(rule)

        @functools.wraps(rule)
        def judged(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            absent = [n for n in names if n in bound.arguments and _missing(bound.arguments[n])]
            if absent:
                return untestable(
                    NO_DATA_FOR_PARAMETERS, f"nothing to compare ({', '.join(absent)} missing in this run)"
                )
            return rule(*args, **kwargs)

        return judged

    return wrap


def _tolerant(rule):
    """A rule that takes a tolerance: its judgement can be made again under another tolerance (for `weigh`'s
    reading of the same figures as exact or approximate). The tolerance is required: the wording decides it."""
    import functools
    import inspect

    signature = inspect.signature(rule)

    @functools.wraps(rule)
    def judged(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        if not isinstance(bound.arguments.get("tolerance"), Tolerance):
            raise TypeError(
                f"{rule.__name__} needs a tolerance (EXACT, APPROXIMATE, MAGNITUDE or RANGE), "
                "chosen from the claim's wording"
            )
        judgement = rule(*bound.args, **bound.kwargs)

        def retolerate(tolerance: Tolerance) -> Judgement:
            again = dict(bound.arguments, tolerance=tolerance)
            return judged(**again).going(judgement.further)

        judgement.retolerate = retolerate
        return judgement

    return judged


@_needs_data("measured", "claimed")
@_tolerant
def within_factor(measured: float, claimed: float, unit: str = "", tolerance: Tolerance | None = None) -> Judgement:
    """A single claimed figure against a single measurement."""
    factor = factor_apart(claimed, claimed, measured, measured)
    verdict = _grade(factor, tolerance)
    return Judgement(
        verdict,
        float(measured),
        unit,
        (float(claimed), float(claimed)),
        None,
        _rule("within_factor", tolerance),
        f"claimed {_claimed(claimed, unit)}, measured {_with_unit(measured, unit)}: "
        f"{_factor_words(factor)}; {_policy_words(tolerance)}",
        miss=_side(claimed, claimed, measured, measured) if verdict != HOLDS else None,
    )


@_needs_data("low", "high", "claimed")
@_tolerant
def interval_contains(
    low: float,
    high: float,
    claimed: float,
    unit: str = "",
    tolerance: Tolerance | None = None,
    central: float | None = None,
) -> Judgement:
    """A claimed figure against a measured interval (a confidence interval, or the range of published estimates)."""
    factor = factor_apart(claimed, claimed, low, high)
    verdict = _grade(factor, tolerance)
    value = float(central) if central is not None else math.sqrt(low * high)
    return Judgement(
        verdict,
        value,
        unit,
        (float(claimed), float(claimed)),
        (float(low), float(high)),
        _rule("interval_contains", tolerance),
        f"claimed {_claimed(claimed, unit)}, measured {_span(low, high, unit)}: "
        f"{'inside' if factor == 1 else f'{fmt(factor)}x from the nearer end'}; "
        f"{_policy_words(tolerance)}",
        miss=_side(claimed, claimed, low, high) if verdict != HOLDS else None,
    )


@_needs_data("measured", "low", "high")
@_tolerant
def in_range(
    measured: float,
    low: float,
    high: float,
    unit: str = "",
    tolerance: Tolerance | None = None,
    interval: tuple | None = None,
) -> Judgement:
    """A claimed range against a measurement (or against a measured interval, which counts if the two overlap)."""
    m_low, m_high = interval if interval is not None else (measured, measured)
    factor = factor_apart(low, high, m_low, m_high)
    verdict = _grade(factor, tolerance)
    return Judgement(
        verdict,
        float(measured),
        unit,
        (float(low), float(high)),
        (float(m_low), float(m_high)) if interval is not None else None,
        _rule("in_range", tolerance),
        f"claimed {_span(low, high, unit, 4)}, measured {_span(m_low, m_high, unit)}: "
        f"{'inside' if factor == 1 else f'{fmt(factor)}x outside'}; {_policy_words(tolerance)}",
        miss=_side(low, high, m_low, m_high) if verdict != HOLDS else None,
    )


@_needs_data("cases", "low", "high")
@_tolerant
def in_range_each(
    cases: dict, low: float, high: float, unit: str = "", tolerance: Tolerance | None = None
) -> Judgement:
    """A range said of several named cases ("Claude 3 and GPT-4.5 will cost $200-300M"): holds when every case
    does, does not hold when none holds even partly, partly holds otherwise. The value is the farthest case."""
    if not cases:
        raise ValueError("in_range_each needs at least one case")
    graded = {name: (value, _grade(factor_apart(low, high, value, value), tolerance)) for name, value in cases.items()}
    verdicts = {v for _, v in graded.values()}
    verdict = HOLDS if verdicts == {HOLDS} else NOT if verdicts == {NOT} else PARTLY
    farthest = max(cases, key=lambda name: factor_apart(low, high, cases[name], cases[name]))
    values = list(cases.values())
    listing = "; ".join(f"{name} {_with_unit(value, unit)} ({grade})" for name, (value, grade) in graded.items())
    return Judgement(
        verdict,
        float(cases[farthest]),
        unit,
        (float(low), float(high)),
        (float(min(values)), float(max(values))),
        _rule("in_range_each", tolerance),
        f"claimed {_span(low, high, unit, 4)} for each case: {listing}; {_policy_words(tolerance)}",
        measured=", ".join(f"{name} {_with_unit(value, unit)}" for name, value in cases.items()),
        miss=_side(low, high, cases[farthest], cases[farthest]) if verdict != HOLDS else None,
    )


@_needs_data("parts")
def all_parts(parts: dict) -> Judgement:
    """A claim made of several parts (or read two ways the sentence joins), each judged by its own rule:
    holds when every part holds, does not hold when none holds even partly, partly holds otherwise.
    The value, unit and side of the miss are those of the first part that does not hold (else the first part).
    A part that cannot be tested yet (a forecast not due at an earlier analysis date) leaves the whole claim
    untestable, on that part's ground."""
    if not parts:
        raise ValueError("all_parts needs at least one part")
    untested = next((j for j in parts.values() if j.verdict == UNTESTABLE), None)
    if untested is not None:
        return untested
    verdicts = {j.verdict for j in parts.values()}
    verdict = HOLDS if verdicts == {HOLDS} else NOT if verdicts == {NOT} else PARTLY
    lead = next((j for j in parts.values() if j.verdict != HOLDS), next(iter(parts.values())))
    return Judgement(
        verdict,
        lead.value,
        lead.unit,
        lead.claimed,
        lead.interval,
        {"name": "all_parts", "parts": {name: j.rule for name, j in parts.items()}},
        "; ".join(
            f"{name}: {j.verdict} ({j.reason})" if len(parts) < 3 else f"{name}: {j.verdict} ({j.measured})"
            for name, j in parts.items()
        ),
        measured="; ".join(f"{name}: {j.measured}" for name, j in parts.items()),
        miss=lead.miss if verdict != HOLDS else None,
        further=lead.further,
    )


@_needs_data("measured", "bound")
@_tolerant
def at_least(measured: float, bound: float, unit: str = "", tolerance: Tolerance | None = None) -> Judgement:
    """ "Over X", "at least X": holds when the measurement reaches the bound (rounding allowed)."""
    _positive(measured, bound)
    factor = max(1.0, bound / measured)
    verdict = _grade(factor, tolerance)
    return Judgement(
        verdict,
        float(measured),
        unit,
        (float(bound), None),
        None,
        _rule("at_least", tolerance),
        f"claimed at least {_claimed(bound, unit)}, measured {_with_unit(measured, unit)}: "
        f"{'at or above the bound' if factor == 1 else f'{fmt(factor)}x short'}; "
        f"{_policy_words(tolerance)}",
        miss=BELOW if verdict != HOLDS else None,
    )


@_needs_data("measured", "bound")
@_tolerant
def at_most(measured: float, bound: float, unit: str = "", tolerance: Tolerance | None = None) -> Judgement:
    """ "Under X", "at most X": holds when the measurement stays below the bound (rounding allowed)."""
    _positive(measured, bound)
    factor = max(1.0, measured / bound)
    verdict = _grade(factor, tolerance)
    return Judgement(
        verdict,
        float(measured),
        unit,
        (None, float(bound)),
        None,
        _rule("at_most", tolerance),
        f"claimed at most {_claimed(bound, unit)}, measured {_with_unit(measured, unit)}: "
        f"{'at or below the bound' if factor == 1 else f'{fmt(factor)}x over'}; "
        f"{_policy_words(tolerance)}",
        miss=ABOVE if verdict != HOLDS else None,
    )


def _period_words(months: float) -> str:
    return "a year" if months == 12 else f"per {fmt(months)} months"


@_needs_data("annual", "annual_low", "annual_high")
@_tolerant
def rate_in_claim_unit(
    annual: float,
    annual_low: float,
    annual_high: float,
    claimed_low: float,
    claimed_high: float,
    months: float,
    tolerance: Tolerance,
) -> Judgement:
    """A rate of decline claimed per `months` ("÷10 every 18 months", "÷4 per 18 months", "÷10 a year") against
    a measured annual factor and its interval, compared in the claim's own period: the measurement is converted
    (a factor f a year is f ** (months / 12) per period), never the claim, so the tolerance applies to the figure
    the article gave. A claimed range (claimed_low < claimed_high) is judged by `in_range`."""
    _positive(annual, annual_low, annual_high, months)
    per = lambda factor: factor ** (months / 12)  # noqa: E731
    central, low, high = per(annual), per(annual_low), per(annual_high)
    unit = f"x {_period_words(months)}"
    if claimed_low == claimed_high:
        judged = interval_contains(low, high, claimed_low, unit, tolerance, central=central)
    else:
        judged = in_range(central, claimed_low, claimed_high, unit, tolerance, interval=(low, high))
    claimed = (
        f"÷{_claimed(claimed_low, '')}"
        if claimed_low == claimed_high
        else f"÷{_claimed(claimed_low, '')} to ÷{_claimed(claimed_high, '')}"
    )
    judged.measured = (
        f"÷{fmt(central)} {_period_words(months)}"
        if low == high
        else f"÷{fmt(low)} to ÷{fmt(high)} {_period_words(months)} (central ÷{fmt(central)})"
    )
    judged.reason = (
        f"claimed {claimed} {_period_words(months)}, measured {judged.measured}: " + judged.reason.split(": ", 1)[1]
    )
    judged.rule = {**judged.rule, "name": "rate_in_claim_unit", "months": months, "inner": judged.rule["name"]}
    return judged


@_needs_data("measured", "uncertainty")
def difference(measured: float, claimed_low: float, claimed_high: float, uncertainty: float, unit: str) -> Judgement:
    """A claimed difference on a scale with an arbitrary zero (ECI points, Arena Elo): measured against the
    claimed difference (or range) by its distance in points, judged against the measurement's stated
    uncertainty: holds within one uncertainty, partly within two. Ratios mean nothing on such scales."""
    if not uncertainty > 0:
        raise ValueError(f"a difference needs a positive uncertainty, got {uncertainty!r}")
    if claimed_low > claimed_high:
        raise ValueError("the claimed low end is above its high end")
    distance = max(0.0, claimed_low - measured, measured - claimed_high)
    verdict = HOLDS if distance <= uncertainty else PARTLY if distance <= 2 * uncertainty else NOT
    claimed = _with_unit(claimed_low, unit) if claimed_low == claimed_high else _span(claimed_low, claimed_high, unit)
    return Judgement(
        verdict,
        float(measured),
        unit,
        (float(claimed_low), float(claimed_high)),
        None,
        _rule("difference", uncertainty=round(float(uncertainty), 4)),
        f"claimed a difference of {claimed}, measured {_with_unit(measured, unit)} "
        f"(uncertainty ±{_with_unit(uncertainty, unit)}): "
        + ("inside the claim" if distance == 0 else f"{_with_unit(distance, unit)} away")
        + "; holds within one uncertainty, partly within two",
        miss=_side(claimed_low, claimed_high, measured, measured) if verdict != HOLDS else None,
    )


@_needs_data("gap", "uncertainty")
def parity(gap: float, uncertainty: float, unit: str) -> Judgement:
    """ "Caught up", "as good as": a measured gap (leader minus follower, on a scale with an arbitrary zero) is
    parity when it is within its uncertainty (not statistically distinguishable), partly within two."""
    judged = difference(gap, 0.0, 0.0, uncertainty, unit)
    judged.rule = {**judged.rule, "name": "parity"}
    judged.reason = (
        f"claimed parity, measured a gap of {_with_unit(gap, unit)} (uncertainty "
        f"±{_with_unit(uncertainty, unit)}): "
        + ("within it" if judged.verdict == HOLDS else f"{fmt(abs(gap) / uncertainty)} uncertainties")
        + "; holds within one uncertainty, partly within two"
    )
    return judged


# Chance level (percent) of benchmarks a threshold or parity test may use: a score near it says nothing about a
# model, so no test sits within CHANCE_MARGIN points of it.
CHANCE = {"mmlu": 25.0, "gpqa_diamond": 25.0, "mmlu_pro": 10.0, "humaneval": 0.0, "math": 0.0, "math_500": 0.0}
CHANCE_MARGIN = 10.0


def chance_floor(benchmark: str) -> float:
    """The lowest score a threshold or parity test may use on `benchmark`: chance plus CHANCE_MARGIN points."""
    if benchmark not in CHANCE:
        raise KeyError(f"no chance level is recorded for benchmark {benchmark!r}; add it to rules.CHANCE")
    return CHANCE[benchmark] + CHANCE_MARGIN


def require_above_chance(benchmark: str, level: float) -> float:
    """`level` if it is clear of chance on `benchmark`; otherwise a ValueError naming the floor."""
    floor = chance_floor(benchmark)
    if level < floor:
        raise ValueError(
            f"{benchmark} level {fmt(level)} is below its floor of {fmt(floor)} (chance "
            f"{fmt(CHANCE[benchmark])} plus {fmt(CHANCE_MARGIN)} points): a score there says nothing"
        )
    return level


@_needs_data("estimate", "low", "high")
def trend_direction(estimate: float, low: float, high: float, direction: str, unit: str = "") -> Judgement:
    """A claimed direction ("the gap will widen": `up`; "prices fall": `down`) against a fitted trend
    and its interval: holds when the whole interval is on the claimed side of zero, partly holds
    when only the central estimate is, does not hold otherwise."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
    if not low <= estimate <= high:
        raise ValueError(f"the estimate {estimate} is outside its interval [{low}, {high}]")
    sign = 1 if direction == "up" else -1
    if sign * low > 0 and sign * high > 0:
        verdict, words = HOLDS, "the whole interval is on the claimed side"
    elif sign * estimate > 0:
        verdict, words = PARTLY, "the central estimate is on the claimed side but the interval includes zero"
    else:
        verdict, words = NOT, "the central estimate is on the other side"
    # A claimed rise that did not come missed below; a claimed fall that did not come missed above.
    miss = None if verdict == HOLDS else (BELOW if direction == "up" else ABOVE)
    return Judgement(
        verdict,
        float(estimate),
        unit,
        None,
        (float(low), float(high)),
        _rule("trend_direction", direction=direction),
        f"claimed {'a rise' if direction == 'up' else 'a fall'}; measured {_with_unit(estimate, unit)} "
        f"(interval {_span(low, high, unit)}): {words}",
        miss=miss,
        further=ABOVE if direction == "up" else BELOW,
    )


def _day(date) -> str:
    date = pd.Timestamp(date)
    return f"{date.day} {date:%B %Y}"


def happened_by(event_date, deadline, as_of, event: str = "the event") -> Judgement:
    """A dated forecast. `event_date` is when it happened (None: not yet by `as_of`); `deadline` is the
    last day the forecast allows ("in 2024" means 2024-12-31). The value is months late (negative: early).
    A late or missing event missed BELOW: reality was slower than the forecast."""
    deadline, as_of = pd.Timestamp(deadline), pd.Timestamp(as_of)
    rule = _rule("happened_by", grace_months=FORECAST_GRACE_MONTHS)
    grace_end = deadline + pd.DateOffset(months=FORECAST_GRACE_MONTHS)
    if event_date is not None and pd.notna(event_date) and pd.Timestamp(event_date) <= as_of:
        event_date = pd.Timestamp(event_date)
        late = months_between(deadline, event_date)
        verdict = HOLDS if event_date <= deadline else PARTLY if event_date <= grace_end else NOT
        when = "on time" if late <= 0 else f"{fmt(late)} months late"
        return Judgement(
            verdict,
            round(late, 2),
            "months late",
            None,
            None,
            rule,
            f"forecast {event} by {_day(deadline)}; it happened on {_day(event_date)}, {when} "
            f"(a dated forecast partly holds up to {FORECAST_GRACE_MONTHS} months late)",
            measured=f"{_day(event_date)}",
            miss=BELOW if verdict != HOLDS else None,
        )
    if as_of <= grace_end:
        return untestable("not_due", f"{event} was forecast by {_day(deadline)} and had not happened by {_day(as_of)}")
    late = months_between(deadline, as_of)
    return Judgement(
        NOT,
        round(late, 2),
        "months late",
        None,
        None,
        rule,
        f"forecast {event} by {_day(deadline)}; it had not happened {fmt(late)} months later, on {_day(as_of)}",
        measured=f"not by {_day(as_of)}",
        miss=BELOW,
    )


def happened_within(event_date, start, end, event: str = "the event") -> Judgement:
    """A dated fact ("released in March 2023", "on 6 May"): holds inside the stated period, partly holds within
    `DATE_SLACK_DAYS` of it, does not hold otherwise. The value is the days outside the period (0 inside).
    Later than stated missed BELOW (reality slower than said), earlier ABOVE."""
    if event_date is None or pd.isna(event_date):
        raise ValueError(f"happened_within needs the date of {event}")
    event_date, start, end = pd.Timestamp(event_date), pd.Timestamp(start), pd.Timestamp(end)
    outside = max(0, (start - event_date).days, (event_date - end).days)
    verdict = HOLDS if outside == 0 else PARTLY if outside <= DATE_SLACK_DAYS else NOT
    period = f"on {_day(start)}" if start == end else f"between {_day(start)} and {_day(end)}"
    return Judgement(
        verdict,
        float(outside),
        "days outside the stated period",
        None,
        None,
        _rule("happened_within", slack_days=DATE_SLACK_DAYS),
        f"claimed {event} {period}; it happened on {_day(event_date)}"
        + ("" if outside == 0 else f", {outside} days outside")
        + f" (a dated fact partly holds up to {DATE_SLACK_DAYS} days off)",
        measured=f"{_day(event_date)}",
        miss=None if outside == 0 else (BELOW if event_date > end else ABOVE),
    )


def happened(event_date, said_on, as_of, event: str = "the event") -> Judgement:
    """An undated forecast: holds once it happened (the value is months after it was said); before that
    it is untestable, because no date can show it wrong."""
    said_on, as_of = pd.Timestamp(said_on), pd.Timestamp(as_of)
    if event_date is None or pd.isna(event_date) or pd.Timestamp(event_date) > as_of:
        return untestable("not_due", f"the forecast gave no date and {event} had not happened by {_day(as_of)}")
    event_date = pd.Timestamp(event_date)
    after = months_between(said_on, event_date)
    return Judgement(
        HOLDS,
        round(after, 2),
        "months after it was said",
        None,
        None,
        _rule("happened"),
        f"forecast {event} without a date on {_day(said_on)}; it happened on {_day(event_date)}"
        + (f", {fmt(after)} months later" if after > 0 else " (already true when said)"),
        measured=f"{_day(event_date)}",
    )


def not_due(window_end, as_of, detail: str) -> Judgement | None:
    """A forecast about a window ("by 2025-26") is judged only once the window has ended: before that, an
    untestable 'not due' verdict (returned), after it None (judge it)."""
    window_end, as_of = pd.Timestamp(window_end), pd.Timestamp(as_of)
    if as_of < window_end:
        return untestable(
            "not_due", f"{detail}; the window ends on {_day(window_end)}, after the analysis date {_day(as_of)}"
        )
    return None


@_needs_data("cheapest_case", "claimed_minimum")
@_tolerant
def necessary_condition(
    cheapest_case: float,
    claimed_minimum: float,
    unit: str = "",
    tolerance: Tolerance | None = None,
    case: str = "the cheapest case found",
) -> Judgement:
    """ "It takes at least X": refuted by someone who did it with less. `cheapest_case` is the smallest
    amount found among those who did it."""
    judged = at_least(cheapest_case, claimed_minimum, unit, tolerance)
    judged.rule = _rule("necessary_condition", tolerance)
    judged.reason = (
        f"claimed a minimum of {_claimed(claimed_minimum, unit)}; {case}: "
        f"{_with_unit(cheapest_case, unit)}: "
        + ("no case below the minimum" if judged.verdict == HOLDS else f"{fmt(claimed_minimum / cheapest_case)}x less")
        + f"; {_policy_words(tolerance)}"
    )
    return judged


# Grounds on which "no data" must say what was looked for: a claim is untestable for want of a search otherwise.
SEARCH_REQUIRED = ("no_data", "undisclosed")


def untestable(ground: str, detail: str, searched: str = "") -> Judgement:
    """A claim no data can settle, and why: `ground` is one of `UNTESTABLE_GROUNDS`. For no_data and undisclosed,
    `searched` says what was looked for and where; a chapter's `verdict` takes it from the claim's `searched`
    column, and the book's tests fail on such a verdict without one (untestable only when searched)."""
    if ground not in UNTESTABLE_GROUNDS:
        raise ValueError(f"untestable ground must be one of {sorted(UNTESTABLE_GROUNDS)}, got {ground!r}")
    if not detail:
        raise ValueError("an untestable verdict needs a detail saying what is missing")
    return Judgement(
        UNTESTABLE,
        None,
        "",
        None,
        None,
        _rule("untestable", ground=ground, searched=searched.strip()),
        f"{UNTESTABLE_GROUNDS[ground]}: {detail}" + (f". Searched: {searched.strip()}" if searched else ""),
        measured="no data",
    )


def with_search(judgement: Judgement, searched: str, claim_id: str) -> Judgement:
    """An untestable judgement for no data or an undisclosed figure, carrying the search recorded for its claim;
    a ValueError when none is recorded (untestable only when searched). Other judgements pass unchanged."""
    ground = (judgement.rule or {}).get("ground")
    if ground not in SEARCH_REQUIRED or judgement.rule.get("searched"):
        return judgement
    if not (searched or "").strip():
        raise ValueError(
            f"claim {claim_id!r} is judged untestable ({ground}) but data/claims.csv records no search "
            "for it (column 'searched': what was looked for, where and when)"
        )
    return untestable(ground, judgement.reason.split(": ", 1)[1], searched)


# Readings a verdict is weighed under besides the one the chapter adopts: the neighbouring tolerance class a
# reader could prefer for the same words (a bare figure read as approximate; a range's ends read loosely).
NEIGHBOUR_TOLERANCE = {
    "exact figure": ("read as an approximate figure", APPROXIMATE),
    "range": ("the range's ends read as approximate", APPROXIMATE),
}


def weigh(main: Judgement, main_reading: str, alternatives: dict | None = None) -> Judgement:
    """The verdict under the reading the chapter adopts, weighed against the other reasonable readings and data
    choices (`alternatives`: reading -> Judgement of the same claim; the neighbouring tolerance class is added
    when the rule took one). Sets `readings` (each reading's verdict, direction and measurement), `robust`
    (the same verdict under all) and `main_reading`, and returns `main`."""
    if main.verdict == UNTESTABLE:  # nothing to weigh (at an earlier analysis date a forecast may not be due)
        return main
    if not main_reading:
        raise ValueError("name the reading the verdict adopts")
    others = dict(alternatives or {})
    neighbour = NEIGHBOUR_TOLERANCE.get((main.rule or {}).get("kind"))
    if neighbour and main.retolerate is not None and neighbour[0] not in others:
        others[neighbour[0]] = main.retolerate(neighbour[1])
    readings = [
        {
            "reading": main_reading,
            "verdict": main.verdict,
            "direction": main.direction,
            "measured": main.measured,
            "adopted": True,
        }
    ]
    for reading, judged in others.items():
        readings.append(
            {
                "reading": reading,
                "verdict": judged.verdict,
                "direction": judged.direction,
                "measured": judged.measured,
                "adopted": False,
            }
        )
    main.readings = readings
    main.main_reading = main_reading
    main.robust = len({r["verdict"] for r in readings}) == 1
    return main


def contested_sentence(readings: list) -> str:
    """ "holds if X; partly holds if Y or Z": the verdicts a contested claim takes, each with its readings."""
    by_verdict: dict = {}
    for r in readings:
        by_verdict.setdefault(r["verdict"], []).append(r["reading"] + (" (adopted)" if r.get("adopted") else ""))
    order = [v for v in (HOLDS, PARTLY, NOT, UNTESTABLE) if v in by_verdict]
    return "; ".join(f"{v} if {' or '.join(by_verdict[v])}" for v in order)


def chance_table() -> pd.DataFrame:
    """The floor under every threshold or parity test, per benchmark, for the Methods page."""
    return pd.DataFrame(
        [
            {"Benchmark": name, "Chance (%)": fmt(chance), "Lowest level tested (%)": fmt(chance_floor(name))}
            for name, chance in CHANCE.items()
        ]
    )


def policy_table() -> pd.DataFrame:
    """The tolerance policy as a table, for the Methods page."""
    rows = [
        {
            "Kind of claim": t.kind,
            "Holds within": f"{fmt(t.holds)}x",
            "Partly holds within": f"{fmt(t.partly)}x",
            "What it covers": t.meaning,
        }
        for t in TOLERANCES
    ]
    rows.append(
        {
            "Kind of claim": "forecast with a date",
            "Holds within": "by its date",
            "Partly holds within": f"{FORECAST_GRACE_MONTHS} months late",
            "What it covers": '"by 2025", "next year": the date is the last day of the stated period',
        }
    )
    rows.append(
        {
            "Kind of claim": "dated fact",
            "Holds within": "inside the stated period",
            "Partly holds within": f"{DATE_SLACK_DAYS} days outside it",
            "What it covers": '"released in March", "on 6 May"',
        }
    )
    rows.append(
        {
            "Kind of claim": "forecast without a date",
            "Holds within": "once it happened",
            "Partly holds within": "-",
            "What it covers": "untestable until it happens",
        }
    )
    rows.append(
        {
            "Kind of claim": "necessary condition",
            "Holds within": f"{fmt(APPROXIMATE.holds)}x",
            "Partly holds within": f"{fmt(APPROXIMATE.partly)}x",
            "What it covers": '"it takes at least X": tested against the cheapest case that did it',
        }
    )
    rows.append(
        {
            "Kind of claim": "trend direction",
            "Holds within": "whole interval on the claimed side",
            "Partly holds within": "central estimate on the claimed side",
            "What it covers": '"will widen", "keeps falling"',
        }
    )
    return pd.DataFrame(rows)
