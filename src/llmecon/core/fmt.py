"""Numbers for people: one way to write a number in prose and tables.

Thousands separators, a few significant figures, never scientific notation,
and the right article before a number ("an 18.8x fall", "a 75x gap").
Tables go through `frame`, which formats every numeric column with `number`.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd

# Leading groups read aloud with a vowel sound: eight..., eleven, eighteen, eighty...
_VOWEL_SOUND_START = re.compile(r"^(8|11|18)(?!\d)|^8\d")


def number(value, digits: int = 3) -> str:
    """`value` with thousands separators and `digits` significant figures, never in scientific notation.

    Whole numbers of at least 10**digits keep every digit (1,250,000); smaller
    values are rounded to `digits` significant figures (18.84 -> 18.8,
    0.000834 -> 0.000834, 0.75 -> 0.75) without trailing zeros.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("number() formats numbers, not booleans")
    value = float(value)
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = round(value, decimals)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−") if text.startswith("-") else text


def money(value, symbol: str = "$", digits: int = 3) -> str:
    """'$1.25', '$80,000,000', '¥0.0008': the symbol before a readable number."""
    text = number(value, digits)
    return f"−{symbol}{text[1:]}" if text.startswith("−") else f"{symbol}{text}"


def multiple(value, digits: int = 3) -> str:
    """'18.8x'."""
    return f"{number(value, digits)}x"


def percent(share, digits: int = 3) -> str:
    """A share (0.931) as '93.1%'."""
    return f"{number(float(share) * 100, digits)}%"


def day(date) -> str:
    """'5 February 2025': a date in prose, the day without a leading zero."""
    date = pd.Timestamp(date)
    return f"{date.day} {date:%B %Y}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 level', '4 levels', '1,250 models': a whole number with its noun agreeing."""
    return f"{number(n)} {singular if n == 1 else (plural or singular + 's')}"


def indefinite_article(number_text: str) -> str:
    """'a' or 'an' before a number as written: 'an' for 8, 11, 18, 80-89, 8,000 or 11.5; 'a' otherwise."""
    digits = number_text.lstrip("$¥€£−-+~≈ ")
    leading = re.split(r"[,.\sx%]", digits, maxsplit=1)[0]
    return "an" if _VOWEL_SOUND_START.match(leading) else "a"


def with_article(number_text: str) -> str:
    """'an 18.8x' / 'a 75x'."""
    return f"{indefinite_article(number_text)} {number_text}"


def frame(table: pd.DataFrame, digits: int = 3, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of `table` for display: every numeric column (and numbers inside object columns) written by
    `number`; columns named in `keep` (years, ids) are left as they are."""
    shown = table.copy()
    for column in shown.columns:
        if column in keep:
            continue
        series = shown[column]
        if pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_numeric_dtype(series):
            shown[column] = series.map(lambda v: number(v, digits))
        elif series.dtype == object:
            shown[column] = series.map(
                lambda v: (
                    number(v, digits)
                    if isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
                    else v
                )
            )
    return shown


def display_value(value) -> str:
    """Any table cell as text: numbers (and lists of them) through `number`, dates and text as they are."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return str(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return number(value)
    if (
        isinstance(value, (list, tuple))
        and value
        and all(
            isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)) for v in value
        )
    ):
        return "[" + ", ".join(number(v) for v in value) + "]"
    return str(value)


# Styled tables shown in this process, numbered in order: the number scopes each table's CSS.
_table_numbers = itertools.count(1)


def use_for_tables() -> None:
    """Make `number` pandas' default for tables shown in notebooks (plain frames and Stylers without a format),
    and make styled tables come out the same on every run."""
    pd.set_option("display.float_format", number)
    pd.set_option("styler.format.formatter", display_value)
    _show_styled_tables_reproducibly()


def _show_styled_tables_reproducibly() -> None:
    """A Styler's HTML scopes its CSS with a random id, and its plain text names a memory address, so an
    unchanged chapter run again would publish a changed page. In a notebook, tables are numbered in the
    order they are shown instead, and their plain text is their values."""
    from IPython import get_ipython
    from pandas.io.formats.style import Styler

    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Styler, lambda styler: styler.set_uuid(f"t{next(_table_numbers)}").to_html())
    formatters["text/plain"].for_type(Styler, lambda styler, printer, cycle: printer.text(repr(styler.data)))
