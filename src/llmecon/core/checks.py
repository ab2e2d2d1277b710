"""Rules that make a price row mean what its columns say: who sells it, at which tier, in which currency, since when.

Each rule reads the validated tables of one data package (rows as dicts with their file lines) and reports a
problem through `add(table, line, column, reason)`. The validator (`llmecon.core.data`) runs them with every
other rule, so the build and every import (which validates the whole package before it lands) enforce them.

Where a rule needs to know something about an upstream catalogue that a price row cannot say itself (the
commit where a file's history begins, a bulk sync, an aggregator's prices copied into a seller's file, a file
of converted figures), it reads `catalogue_flags`: one row per such fact, with the upstream file and commit.
A price row points at its upstream file and commit through its source (a GitHub blob URL in `sources.via_url`
when the catalogue was read in a copy, else in `sources.url`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Rows = Callable[[str], Iterable[tuple[dict, int]]]
Add = Callable[[str, int, str, str], None]

# A GitHub blob URL names the upstream repository, commit and file a catalogue source was read at.
BLOB_URL = re.compile(r"^https://github\.com/(?P<repo>[^/]+/[^/]+)/blob/(?P<commit>[0-9a-f]{7,40})/(?P<path>\S+)$")
# The upstream key a row was read under, as the importers and the notes name it ("key X", "id X", "slug X").
UPSTREAM_KEY = re.compile(r"\b(?:key|id|slug)\s+([^\s,;()]+)")
# Key suffixes that name a service tier rather than the model: not the standard list price, so never imported.
SERVICE_TIER_SUFFIX = re.compile(r"-(tput|batch|flex|priority)$", re.I)
# Key suffixes that name a long-context tier: the row must say which tier it is.
LONG_CONTEXT_SUFFIX = re.compile(r"-(long|long-context|above-\d+k|gt-?\d+k)$", re.I)
# Words of an upstream note that mark a figure converted from another currency.
CONVERTED = re.compile(r"\bconverted (?:to|from|at)\b|\bat 1 (?:USD|CNY) ?= ?|\bexchange rate of\b", re.I)
# An upstream note that the price was copied from an aggregator ("Imported from OpenRouter pricing").
IMPORTED_FROM = re.compile(r"(?i:\bimported from) ([A-Z][\w.-]+)")
# Words that describe a promotion: a time-limited, launch or off-peak discount.
PROMOTION = re.compile(
    r"limited[- ]time|off[- ]peak|\b\d+ ?% (?:discount|off)\b|\bdiscounted\b|\bfree trial\b|"
    r"限时|优惠|折扣|错峰",
    re.I,
)
# Notes may name a promotion they are not (a standard price after a promotion ended).
NOT_A_PROMOTION = re.compile(
    r"after the (?:launch )?(?:promotion|discount) ended|promotion ended|"
    r"standard price after",
    re.I,
)

FLAGS = ("first_version", "bulk_sync", "aggregator_import", "converted_currency")


def upstream_of(source: dict | None) -> tuple[str, str, str] | None:
    """(repo, commit, path) a catalogue source was read at, or None when its URL names no commit."""
    if not source:
        return None
    # A catalogue read through a verbatim copy (tokencost's copy of LiteLLM's list) names the copy in via_url.
    for column in ("via_url", "url"):
        found = BLOB_URL.match(source.get(column) or "")
        if found:
            return found["repo"], found["commit"], found["path"]
    return None


def _same_commit(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def check_prices(rows: Rows, add: Add) -> None:
    """Every price rule; `rows(name)` yields (row, line) of a table (nothing when the package lacks it)."""
    sources = {row["source_id"]: row for row, _ in rows("sources")}
    flags = [row for row, _ in rows("catalogue_flags")]
    retired = {row["model_id"]: row.get("retired_on") for row, _ in rows("models") if row.get("retired_on")}
    for row, line in rows("prices"):
        upstream = upstream_of(sources.get(row["source_id"]))
        notes = row.get("notes") or ""
        _check_seller(row, line, notes, upstream, flags, add)
        _check_currency(row, line, notes, upstream, flags, add)
        _check_tier(row, line, notes, add)
        _check_life(row, line, retired.get(row["model_id"]), add)
        _check_first_sight(row, line, upstream, flags, add)
        _check_promotion(row, line, notes, add)


def _flags_for(flags: list[dict], kind: str, upstream, row: dict) -> list[dict]:
    """The catalogue_flags of one kind that cover this row's upstream file (and commit, when the flag names one)."""
    if upstream is None:
        return []
    repo, commit, path = upstream
    return [
        f
        for f in flags
        if f["flag"] == kind
        and f["repo"] == repo
        and f["path"] == path
        and (not f.get("commit") or _same_commit(f["commit"], commit))
    ]


def _check_seller(row, line, notes, upstream, flags, add) -> None:
    imported = IMPORTED_FROM.search(notes)
    if imported and imported.group(1).lower() != row["provider"].lower():
        add(
            "prices",
            line,
            "provider",
            f"the upstream note says the price was imported from {imported.group(1)}: "
            f"it is {imported.group(1)}'s price, not {row['provider']}'s (file it under "
            "the aggregator or leave it out)",
        )
    for flag in _flags_for(flags, "aggregator_import", upstream, row):
        if row["provider"] != flag["provider"]:
            add(
                "prices",
                line,
                "provider",
                f"{upstream[0]} commit {upstream[1][:10]} copied {flag['provider']}'s "
                f"prices into {upstream[2]} ({flag['evidence']}): this is "
                f"{flag['provider']}'s price, not {row['provider']}'s",
            )


def _check_currency(row, line, notes, upstream, flags, add) -> None:
    if CONVERTED.search(notes):
        add(
            "prices",
            line,
            "currency",
            "the notes say the figure was converted from another currency: a list "
            "price is read in the currency it is billed in",
        )
    for flag in _flags_for(flags, "converted_currency", upstream, row):
        if flag.get("currency") in (None, "", row["currency"]):
            add(
                "prices",
                line,
                "currency",
                f"{upstream[2]} in {upstream[0]} gives {row['currency']} figures "
                f"converted from the billing currency ({flag['evidence']}): not a "
                "list price",
            )


def _check_tier(row, line, notes, add) -> None:
    for key in UPSTREAM_KEY.findall(notes):
        if SERVICE_TIER_SUFFIX.search(key):
            add(
                "prices",
                line,
                "notes",
                f"upstream key {key} is a service tier ({SERVICE_TIER_SUFFIX.search(key)[1]}),"
                " not the standard list price: skip it",
            )
        elif LONG_CONTEXT_SUFFIX.search(key) and not row.get("context_tier"):
            add("prices", line, "context_tier", f"upstream key {key} is a long-context tier: say which in context_tier")


def _check_life(row, line, retired_on, add) -> None:
    if retired_on and row["effective_date"] > retired_on:
        add(
            "prices",
            line,
            "effective_date",
            f"price dated {row['effective_date']} is after the model was retired "
            f"on {retired_on} (models.csv retired_on)",
        )


def _check_first_sight(row, line, upstream, flags, add) -> None:
    if row["date_basis"] != "observed":
        return
    for _flag in _flags_for(flags, "first_version", upstream, row):
        add(
            "prices",
            line,
            "date_basis",
            f"{upstream[2]} at {upstream[1][:10]} is the first version of the file in "
            f"{upstream[0]}: a price in it was not first seen then, it was in force "
            "(date_basis catalogue)",
        )
    for flag in _flags_for(flags, "bulk_sync", upstream, row):
        if flag.get("provider") in (None, "", row["provider"]):
            add(
                "prices",
                line,
                "date_basis",
                f"{upstream[0]} commit {upstream[1][:10]} is a bulk sync of "
                f"{flag.get('provider') or 'the file'} ({flag['evidence']}): appearing"
                " in it is not a price change (date_basis catalogue)",
            )


def _check_promotion(row, line, notes, add) -> None:
    if row["price_kind"] == "list" and PROMOTION.search(notes) and not NOT_A_PROMOTION.search(notes):
        add(
            "prices",
            line,
            "price_kind",
            f"the notes describe a promotion ('{PROMOTION.search(notes)[0]}'): a "
            "promotional price is never a list price",
        )


def check_catalogue_flags(rows: Rows, add: Add) -> None:
    """A flag names a commit where its kind needs one, and the aggregator or synced provider where it needs one."""
    for row, line in rows("catalogue_flags"):
        if row["flag"] in ("first_version", "bulk_sync", "aggregator_import") and not row.get("commit"):
            add("catalogue_flags", line, "commit", f"a {row['flag']} flag names the commit it describes")
        if row["flag"] == "aggregator_import" and not row.get("provider"):
            add("catalogue_flags", line, "provider", "an aggregator_import flag names the aggregator in provider")


def check_release_dates(rows: Rows, add: Add) -> None:
    """A release date says where it comes from: Epoch AI's tables, the provider, or (an upper bound) a first price."""
    sources = {row["source_id"]: row for row, _ in rows("sources")}
    priced: dict[str, set] = {}
    for row, _ in rows("prices"):
        priced.setdefault(row["model_id"], set()).add(row["effective_date"])
    for row, line in rows("models"):
        basis = row.get("release_date_basis")
        publisher = (sources.get(row["source_id"]) or {}).get("publisher") or ""
        if basis == "epoch" and "Epoch AI" not in publisher:
            add(
                "models",
                line,
                "source_id",
                f"release_date_basis 'epoch' cites {row['source_id']}, which is not one of Epoch AI's tables",
            )
        if basis == "first_price" and row["release_date"] not in priced.get(row["model_id"], set()):
            add(
                "models",
                line,
                "release_date",
                f"release_date_basis 'first_price' but no price of {row['model_id']} is "
                f"dated {row['release_date']}: the upper bound is the first price's date",
            )
