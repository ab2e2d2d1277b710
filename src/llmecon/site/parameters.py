"""What each chapter's parameters accept, checked before any analysis runs.

Every chapter declares here, for each parameter of its `parameters` cell, a type and the range or values it
accepts: a fraction is a fraction, a date lies inside the span the data and the articles can answer for, an
option is one of the options the chapter implements, a model id is in models.csv. `check` raises a
`ParameterError` whose message is one line naming the parameter and what it accepts; the chapter preamble
(`llmecon.site.chapter.open_chapter`) and the rerun command (`python -m llmecon.site.rerun`) both call it,
the second before papermill starts.

A date bound is a literal `YYYY-MM-DD` or one of the names of `Bounds`: `articles` (the first article's
month), `as_of` (the run's analysis date), `snapshot` (the newest data) and `today`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from llmecon.core import fmt


class ParameterError(ValueError):
    """A parameter the chapter does not declare, or a value it cannot take."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback: the one line is the whole story.
        return [f"ParameterError: {self}"]


@dataclass(frozen=True)
class Bounds:
    """The dates and identifiers a run's parameters are checked against."""

    articles: dt.date
    snapshot: dt.date
    today: dt.date
    as_of: dt.date
    ids: dict = field(default_factory=dict)  # table -> set of ids, for `OneOf(table=...)`

    def date(self, bound: str) -> dt.date:
        return (
            getattr(self, bound)
            if bound in ("articles", "snapshot", "today", "as_of")
            else dt.date.fromisoformat(bound)
        )

    @classmethod
    def of(cls, dataset, as_of=None, today: dt.date | None = None) -> Bounds:
        today = today or dt.date.today()
        published = sorted(str(p) for p in dataset.articles["published"])
        year, month = (int(part) for part in published[0].split("-")[:2])
        snapshot = dataset.snapshot_date()
        run_date = _as_date(as_of) if as_of else snapshot
        ids = {
            "models": set(dataset.models["model_id"]),
            "estimates": set(dataset.estimates["estimate_id"]),
            "eci_models": set(dataset.eci_models["model_version"]),
        }
        return cls(dt.date(year, month, 1), snapshot, today, run_date or snapshot, ids)


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _shown(value) -> str:
    return fmt.number(value, 6)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


class Spec:
    """What one parameter accepts."""

    optional = False

    def fits(self, value, bounds: Bounds) -> bool:
        raise NotImplementedError

    def accepts(self, bounds: Bounds) -> str:
        raise NotImplementedError

    def check(self, name: str, value, bounds: Bounds) -> None:
        if value is None and self.optional:
            return
        if not self.fits(value, bounds):
            raise ParameterError(f"parameter {name!r} got {value!r}; it accepts {self.describe(bounds)}")

    def describe(self, bounds: Bounds) -> str:
        return self.accepts(bounds) + (", or None" if self.optional else "")

    def __or__(self, other):
        if other is None:
            copy = _copy(self)
            copy.optional = True
            return copy
        return NotImplemented


def _copy(spec):
    new = object.__new__(type(spec))
    new.__dict__.update(spec.__dict__)
    return new


def _span(low, high, open_low=False, open_high=False, shown=None) -> str:
    """'from 0 to 1', 'above 0, up to 1', 'from 0.5, below 1', 'between 0 and 1 (exclusive)'."""
    shown = shown or _shown
    if low is None and high is None:
        return ""
    if high is None:
        return f"{'above' if open_low else 'of at least'} {shown(low)}"
    if low is None:
        return f"{'below' if open_high else 'of at most'} {shown(high)}"
    if open_low and open_high:
        return f"between {shown(low)} and {shown(high)}, both excluded"
    if open_low:
        return f"above {shown(low)}, up to {shown(high)}"
    if open_high:
        return f"from {shown(low)}, below {shown(high)}"
    return f"from {shown(low)} to {shown(high)}"


class Number(Spec):
    """A number from `low` to `high` (inclusive unless `open_low`/`open_high`)."""

    def __init__(
        self,
        low=None,
        high=None,
        *,
        whole=False,
        open_low=False,
        open_high=False,
        unit="",
        kind=None,
        year=False,
        identifier=False,
    ):
        self.low, self.high, self.whole, self.open_low, self.open_high, self.unit = (
            low,
            high,
            whole,
            open_low,
            open_high,
            unit,
        )
        # A year or a random seed is a name, written without thousands separators.
        self.identifier = year or identifier
        self.kind = kind or ("a year" if year else ("a whole number" if whole else "a number"))
        self.shown = str if year else _shown

    def fits(self, value, bounds):
        if not _number(value) or (self.whole and not isinstance(value, int)):
            return False
        if self.low is not None and (value < self.low or (self.open_low and value == self.low)):
            return False
        return self.high is None or not (value > self.high or (self.open_high and value == self.high))

    def accepts(self, bounds):
        span = _span(self.low, self.high, self.open_low, self.open_high, self.shown)
        return " ".join(part for part in (self.kind, span, self.unit) if part)


def Whole(low=None, high=None, unit=""):
    return Number(low, high, whole=True, unit=unit)


def Fraction(low=0.0, high=1.0, *, open_low=False, open_high=False, what="a fraction"):
    """A share or probability, written as a fraction (0.9, not 90)."""
    return Number(low, high, open_low=open_low, open_high=open_high, unit="(0.9, not 90)", kind=what)


class Date(Spec):
    """A date YYYY-MM-DD from `earliest` to `latest` (literals or `Bounds` names; several: the earliest of them)."""

    def __init__(self, earliest="articles", latest="today"):
        self.earliest, self.latest = earliest, latest if isinstance(latest, tuple) else (latest,)

    def _last(self, bounds):
        return min(bounds.date(bound) for bound in self.latest)

    def fits(self, value, bounds):
        day = _as_date(value)
        return day is not None and bounds.date(self.earliest) <= day <= self._last(bounds)

    def accepts(self, bounds):
        return f"a date YYYY-MM-DD from {bounds.date(self.earliest)} to {self._last(bounds)}"


class OneOf(Spec):
    """One of a fixed set of values, or an id in a table (`table=`: models, estimates, eci_models)."""

    def __init__(self, *values, table: str | None = None):
        self.values, self.table = values, table

    def allowed(self, bounds):
        return bounds.ids.get(self.table, set()) if self.table else set(self.values)

    def fits(self, value, bounds):
        return isinstance(value, str) and value in self.allowed(bounds)

    def accepts(self, bounds):
        if self.table:
            return {
                "models": "a model_id of models.csv",
                "estimates": "an estimate_id of estimates.csv",
                "eci_models": "a model_version of eci_models.csv",
            }[self.table]
        return "one of " + ", ".join(repr(v) for v in self.values)


class ListOf(Spec):
    """A list of `item`s, at least `min_length` long; `distinct` forbids repeats, `pair_ordered` asks for
    exactly two items, the first not after the second."""

    def __init__(self, item: Spec, min_length=1, max_length=None, *, distinct=False, pair_ordered=False):
        self.item, self.min_length, self.max_length, self.distinct, self.pair_ordered = (
            item,
            min_length,
            max_length,
            distinct,
            pair_ordered,
        )
        if pair_ordered:
            self.min_length = self.max_length = 2

    def fits(self, value, bounds):
        if not isinstance(value, list) or len(value) < self.min_length:
            return False
        if self.max_length is not None and len(value) > self.max_length:
            return False
        if self.distinct and len({repr(v) for v in value}) != len(value):
            return False
        if not all(self.item.check_quietly(v, bounds) for v in value):
            return False
        return not self.pair_ordered or _as_date(value[0]) <= _as_date(value[1])

    def accepts(self, bounds):
        if self.pair_ordered:
            return f"two of {self.item.describe(bounds)}, the first not after the second"
        if self.max_length is None:
            size = {0: "any number of", 1: "one or more"}.get(self.min_length, f"{self.min_length} or more")
        else:
            size = (
                str(self.min_length)
                if self.min_length == self.max_length
                else f"{self.min_length} to {self.max_length}"
            )
        return f"a list of {size}{' distinct' if self.distinct else ''} values, each {self.item.describe(bounds)}"


def _check_quietly(self, value, bounds) -> bool:
    return (value is None and self.optional) or self.fits(value, bounds)


Spec.check_quietly = _check_quietly


class Text(Spec):
    """Any text; `pattern=True` asks for a valid regular expression, `path=True` for a folder name."""

    def __init__(self, *, pattern=False, path=False):
        self.pattern, self.path = pattern, path

    def fits(self, value, bounds):
        if not isinstance(value, str) or not value:
            return False
        if self.pattern:
            try:
                re.compile(value)
            except re.error:
                return False
        return True

    def accepts(self, bounds):
        return "a regular expression" if self.pattern else ("a folder path" if self.path else "text")


class Mapping(Spec):
    """A mapping of names to values of the default's shape (`{name: [model_id, ...]}` and the like)."""

    def __init__(self, describe: str, value: Spec | None = None):
        self.description, self.value = describe, value

    def fits(self, value, bounds):
        return (
            isinstance(value, dict)
            and bool(value)
            and all(
                isinstance(k, str) and (self.value is None or self.value.check_quietly(v, bounds))
                for k, v in value.items()
            )
        )

    def accepts(self, bounds):
        return self.description


class Tuple(Spec):
    """A fixed-length list or tuple whose items each fit their own spec."""

    def __init__(self, *items: Spec):
        self.items = items

    def fits(self, value, bounds):
        return (
            isinstance(value, (list, tuple))
            and len(value) == len(self.items)
            and all(spec.check_quietly(v, bounds) for spec, v in zip(self.items, value))
        )

    def accepts(self, bounds):
        return "a pair (" + ", ".join(spec.describe(bounds) for spec in self.items) + ")"


class Flag(Spec):
    def fits(self, value, bounds):
        return isinstance(value, bool)

    def accepts(self, bounds):
        return "True or False"


# Parameters every chapter takes.
COMMON = {
    "data_dir": Text(path=True),
    "as_of": Date("articles", "today") | None,
}

SCORE_EVALUATORS = OneOf("developer", "artificial_analysis", "epoch", "epoch_compiled", "lmarena")
PERCENT_SCORE = Number(0, 100, unit="(a score in percent)")

CHAPTERS: dict[str, dict[str, Spec]] = {
    "01_inference_cost_laws": {
        "start": Date("2020-01-01", "as_of"),
        "input_share": Fraction(),
        "mmlu_thresholds": ListOf(PERCENT_SCORE, distinct=True),
        "gpqa_thresholds": ListOf(PERCENT_SCORE, distinct=True),
        "eci_thresholds": ListOf(Number(50, 200, unit="(an ECI level)"), distinct=True),
        "evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "gpqa_evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "include_reasoning_models": Flag(),
        "answer_benchmark": OneOf("gpqa_diamond"),  # the only benchmark with tokens-per-answer data
        "answer_include_reasoning_models": Flag(),
        "confidence": Fraction(0.5, 1.0, open_high=True, what="a confidence level as a fraction"),
        "min_span_months": Whole(1, 60, unit="months"),
        "bootstrap_draws": Whole(100, 100_000),
        "seed": Number(0, whole=True, identifier=True),
        "replication_evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "top_model_2023": OneOf(table="models"),
        "long_model_2023": OneOf(table="models"),
        "top_model_2024": OneOf(table="models"),
    },
    "02_training_costs": {
        "gpu_type": OneOf("A100", "H100", "H200", "B200"),
        "usd_per_gpu_hour": Number(0, 100, open_low=True, unit="USD per GPU-hour") | None,
        "utilisation": Fraction(0.0, 1.0, open_low=True, what="a model-FLOP utilisation as a fraction") | None,
        "experiment_multiplier": Number(1, 100, unit="(total / final-run compute)"),
        "days": Number(1, 1000, unit="days"),
        "target_model": Text(),
        "gpt4_training_window": ListOf(Date("2020-01-01", "as_of"), pair_ordered=True),
        "cost_method": OneOf("amortized_hardware_energy", "cloud_rental"),
        "trend_since": Date("2010-01-01", "2023-12-31"),
        "reference_model": OneOf(table="models"),
        "mmlu_tolerance": Number(0, 20, unit="MMLU points"),
        "evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "confidence": Fraction(0.5, 1.0, open_high=True, what="a confidence level as a fraction"),
        "capex_gpu_count": Whole(1, 10_000_000),
        "gpus_per_server": Whole(1, 64),
        "capex_date": Date("2021-01-04", "as_of"),
        "capex_rental_window": ListOf(Date("2020-01-01", "as_of"), pair_ordered=True),
        "reference_rate": Number(0, 100, open_low=True, unit="USD per GPU-hour"),
    },
    "03_open_vs_closed": {
        "start": Date("2020-01-01", "as_of"),
        # An interview after 2024 leaves no time for "reaching GPT-4 in 2024 is challenging" to be judged against.
        "interview": Date("2023-01-01", ("as_of", "2024-12-30")),
        "open_definition": OneOf("open_weights", "open_licence"),
        "evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "include_reasoning_models": Flag(),
        "confidence": Fraction(0.5, 1.0, open_high=True, what="a confidence level as a fraction"),
        "parity_margin_pct": Number(0, 50, unit="percent"),
        "eci_uncertainty": Number(0, 20, open_low=True, unit="ECI points"),
        "input_share": Fraction(),
        "annotate": ListOf(OneOf(table="models"), min_length=0),
    },
    "04_token_pricing": {
        "currency": OneOf("CNY", "USD"),
        "input_share": Fraction(),
        "timeline_basis": OneOf("input", "output", "blend"),
        # The article reports Doubao's launch price (15 May 2024): an earlier "now" is before its own news, and
        # before the prices it quotes (DeepSeek-V2 from 6 May, GLM-3 Turbo's cut of 11 May, GPT-4o from 13 May).
        "article_date": Date("2024-05-15", "as_of"),
        "timeline_start": Date("2020-01-01", "as_of"),
        "timeline_end": Date("2023-01-01", "today"),
        "openai_families": Mapping(
            "a mapping of product-line names to lists of model_ids", ListOf(OneOf(table="models"))
        ),
        "count_cuts_from": Date("2020-01-01", "as_of"),
        "frontier_dates": ListOf(Date("2023-01-01", "as_of") | None),
        "capability_benchmark": OneOf("mmlu", "gpqa_diamond", "eci"),
        "evaluators": ListOf(SCORE_EVALUATORS, distinct=True),
        "gpu_price_estimate": OneOf(table="estimates"),
        "gpu_bandwidth_estimate": OneOf(table="estimates"),
        "model_parameters_b": Number(0.1, 2000, unit="billion parameters"),
        "bytes_per_parameter": Number(0.5, 4, unit="bytes"),
        "decode_batch": Whole(1, 1024),
        "utilisation": Fraction(0.0, 1.0, open_low=True, what="a share of paid hours as a fraction"),
        "batch_grid": ListOf(Whole(1, 1024), distinct=True),
        "novel_characters": Whole(1, 100_000_000),
    },
    "05_operating_costs": {
        "price_date": Date("2023-03-01", "as_of"),
        "models": ListOf(OneOf(table="models"), distinct=True),
        "input_share": Fraction(),
        "tokens_per_request": Whole(1, 1_000_000),
        "tokens_sweep": ListOf(Whole(1, 1_000_000), distinct=True),
        "gpus_per_server": Whole(1, 64),
        "gpus_in_listed_server": Whole(1, 64),
        "horizon_months": Whole(1, 120, unit="months"),
        "working_days_per_month": Whole(1, 31, unit="days"),
    },
    "06_entry_costs": {
        "article_date": Date("2021-01-04", "as_of"),
        "gpus_per_server": Whole(1, 64),
        "factory_clusters": Mapping(
            "a mapping of chart labels to (estimate key, developer) pairs", Tuple(Text(), Text())
        ),
        "max_models": Whole(2, 10_000),
    },
    "07_market_forecasts": {
        "genai_base_years": ListOf(Number(2020, 2024, whole=True, year=True), distinct=True),
    },
    "08_agent_reliability": {
        # Below 1: a step that never fails leaves no longest task (log 1 = 0).
        "step_accuracy": Fraction(0.0, 1.0, open_low=True, open_high=True, what="a per-step accuracy as a fraction"),
        "task_steps": Whole(1, 1000, unit="steps"),
        "target_success": Fraction(0.0, 1.0, open_low=True, open_high=True, what="a success rate as a fraction"),
        "table_targets": ListOf(Fraction(0.0, 1.0, open_low=True, open_high=True), distinct=True),
        "table_steps": ListOf(Whole(1, 1000), distinct=True),
        "rounding_low": Fraction(0.0, 1.0, open_low=True, what="a per-step accuracy as a fraction"),
        "rounding_high": Fraction(0.0, 1.0, what="a per-step accuracy as a fraction"),
        "max_steps_shown": Whole(2, 1000, unit="steps"),
    },
    "09_smaller_claims": {
        "gpu_bet": Number(0, 100_000, open_low=True, unit="USD billions"),
        "bet_years": ListOf(Whole(1, 20), min_length=2, max_length=2),  # shortest, then longest horizon
        "params_window_start": Date("2020-01-01", "2024-04-15"),
    },
    "10_forecasts_and_events": {
        # The interview mentions Gemini 1.0's release (6 December 2023); the article appeared by mid-2024.
        "interview_earliest": Date("2023-12-06", "2024-06-30"),
        "interview_latest": Date("2023-12-06", "2024-06-30"),
        "gpt4_level_organizations": ListOf(
            Text(), distinct=True
        ),  # a candidate need not be in the data: none may have reached the level
        "gpt4_reference_version": OneOf(table="eci_models"),
        "claude2_version": OneOf(table="eci_models"),
        "fine_tunes_excluded": ListOf(Text(), min_length=0),
        "size_class_pattern": Text(pattern=True),
        "best_open_count": Whole(1, 20),
        "chart_start": Date("2020-01-01", "as_of"),
        "chart_end": Date("2023-01-01", "today"),
    },
}

# Relations between parameters, checked after each one fits: (chapter, test, message).
RELATIONS = {
    "08_agent_reliability": [
        (lambda p: p["rounding_low"] < p["rounding_high"], "'rounding_low' below 'rounding_high'"),
        # 0.01 ** 1000 is 0 in floating point: a success rate no rule can weigh.
        (
            lambda p: min(p["step_accuracy"], p["rounding_low"]) ** p["task_steps"] > 1e-300,
            "'step_accuracy' and 'rounding_low' to the power 'task_steps' above 1e-300 "
            "(a task success floating point can hold)",
        ),
    ],
    "10_forecasts_and_events": [
        (
            lambda p: p["interview_earliest"] <= p["interview_latest"],
            "'interview_earliest' not after 'interview_latest'",
        ),
        (lambda p: p["chart_start"] < p["chart_end"], "'chart_start' before 'chart_end'"),
    ],
    "04_token_pricing": [(lambda p: p["timeline_start"] < p["timeline_end"], "'timeline_start' before 'timeline_end'")],
    "09_smaller_claims": [
        (lambda p: p["bet_years"][0] <= p["bet_years"][1], "'bet_years' as [shortest, longest] (e.g. [3, 5])")
    ],
}


def specs_of(stem: str) -> dict[str, Spec]:
    if stem not in CHAPTERS:
        raise KeyError(f"{stem}: no parameter declarations in llmecon.site.parameters.CHAPTERS")
    return {**COMMON, **CHAPTERS[stem]}


def check(stem: str, values: dict, bounds: Bounds) -> None:
    """Stop, in one line, on the first value its parameter does not accept or a broken relation between them."""
    specs = specs_of(stem)
    if "as_of" in values:
        specs["as_of"].check("as_of", values["as_of"], bounds)
        bounds = dataclasses.replace(bounds, as_of=_as_date(values["as_of"]) or bounds.snapshot)
    for name, spec in specs.items():
        if name in values:
            spec.check(name, values[name], bounds)
    for test, message in RELATIONS.get(stem, []):
        if not test(values):
            raise ParameterError(f"parameters of {stem} must satisfy {message}")
