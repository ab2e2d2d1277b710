"""Load and validate the book's data package.

One entry point: `open_dataset(data_dir)` returns typed pandas tables, and
`validate(data_dir)` checks every table against `datapackage.json` and the
cross-table rules. Errors name the file, the line (header = line 1), the
column and the reason, so a bad row can be found and fixed without guessing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import checks

DESCRIPTOR = "datapackage.json"
# Written by the build to learn which files a chapter read (for its cache key).
READS_LOG_ENV = "LLMECON_READS_LOG"
MAX_OF = "@max"  # in the reads log, in place of a column: the largest value of the column named after it was read
# A CSV cell starting with one of these is run as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOOLEAN_VALUES = {"true": True, "false": False}
# Sources read through another page than the primary publication, and what that page is.
PROVENANCE_READ_VIA = {"archived": "an archived copy or mirror", "secondary": "a report on the primary"}
FIELD_TYPES = {"string", "number", "integer", "date", "boolean"}
# Every constraint key the validator enforces; any other key in the descriptor is an error, so a
# constraint added to datapackage.json can never be silently ignored.
CONSTRAINT_KEYS = {
    "required",
    "unique",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
}

# Plausibility rules a maintainer keeps beside the descriptor, because each depends on another column of
# the row. Score ranges by benchmark: percentages, Elo-scale arena points, Epoch's capabilities index.
SCORE_RANGES = {
    "mmlu": (0, 100),
    "gpqa_diamond": (0, 100),
    "humaneval": (0, 100),
    "math500": (0, 100),
    "arena_elo": (600, 2000),
    "eci": (50, 250),
}
ARENA_SCORE_RANGE = (600, 2000)
# Token prices per million tokens by currency: below the floor is a per-token or per-thousand price typed
# as per-million, above the ceiling a per-billion one (the dearest list price so far is USD 600 / M output).
PRICE_PER_M_RANGES = {"USD": (0.001, 1000), "CNY": (0.005, 7000)}
CNY_PER_USD_RANGE = (1, 10)  # FRED's series runs from 1.5 (1981) to 8.7 (1994); 0.14 would be USD per CNY
# (low column, high column) of each table holding a range.
RANGE_COLUMNS = {
    "claims": ("value_low", "value_high"),
    "estimates": ("low", "high"),
    "gpu_purchase": ("usd_low", "usd_high"),
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    reason: str
    # Other rows the problem involves, as (file, line): the row a duplicate repeats, the model whose
    # release date a price precedes. An import that skips bad rows uses them to find the row to blame.
    related: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


class DataValidationError(ValueError):
    """Raised with every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} data problem(s):\n{shown}{more}")


def read_descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / DESCRIPTOR
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(str(path), None, None, "descriptor file is missing")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataValidationError([Problem(str(path), None, None, f"not valid JSON: {exc}")]) from None


def _parse_cell(raw: str, field: dict):
    """Return (value, reason) where reason is None when the cell is valid."""
    kind = field.get("type", "string")
    if kind == "string":
        if raw.startswith(FORMULA_PREFIXES):
            return None, f"text may not start with {raw[0]!r} (spreadsheets would run it as a formula)"
        return raw, None
    if kind == "number":
        try:
            value = float(raw)
        except ValueError:
            return None, f"expected a number, got {raw!r}"
        if value != value or value in (float("inf"), float("-inf")):
            return None, f"expected a finite number, got {raw!r}"
        return value, None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            return None, f"expected an integer, got {raw!r}"
        return int(raw), None
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return None, f"expected a date as YYYY-MM-DD, got {raw!r}"
        try:
            return dt.date.fromisoformat(raw), None
        except ValueError:
            return None, f"not a calendar date: {raw!r}"
    if kind == "boolean":
        if raw not in BOOLEAN_VALUES:
            return None, f"expected true or false, got {raw!r}"
        return BOOLEAN_VALUES[raw], None
    raise ValueError(f"unsupported field type {kind!r} in the descriptor")


def _bound(field: dict, key: str):
    """A bound from the descriptor in the field's own type (dates are written as YYYY-MM-DD)."""
    bound = field["constraints"][key]
    return dt.date.fromisoformat(bound) if field.get("type") == "date" else bound


def _check_constraints(value, raw: str, field: dict) -> str | None:
    rules = field.get("constraints", {})
    if "enum" in rules and value not in rules["enum"]:
        return f"{raw!r} is not one of {', '.join(map(str, rules['enum']))}"
    if "pattern" in rules and not re.fullmatch(rules["pattern"], raw):
        return f"{raw!r} does not match the pattern {rules['pattern']}"
    if "minLength" in rules and len(raw) < rules["minLength"]:
        return f"must be at least {rules['minLength']} characters long, got {len(raw)}"
    if "maxLength" in rules and len(raw) > rules["maxLength"]:
        return f"must be at most {rules['maxLength']} characters long, got {len(raw)}"
    if "minimum" in rules and value < _bound(field, "minimum"):
        return f"must be at least {rules['minimum']}, got {raw}"
    if "maximum" in rules and value > _bound(field, "maximum"):
        return f"must be at most {rules['maximum']}, got {raw}"
    if "exclusiveMinimum" in rules and value <= _bound(field, "exclusiveMinimum"):
        return f"must be greater than {rules['exclusiveMinimum']}, got {raw}"
    if "exclusiveMaximum" in rules and value >= _bound(field, "exclusiveMaximum"):
        return f"must be less than {rules['exclusiveMaximum']}, got {raw}"
    return None


def _check_descriptor(descriptor: dict, path: str) -> list[Problem]:
    """Field types and constraint keys the validator does not know are errors, not silently skipped."""
    problems = []
    for resource in descriptor.get("resources", []):
        for field in resource.get("schema", {}).get("fields", []):
            where = f"resource '{resource.get('name')}', field '{field.get('name')}'"
            if field.get("type", "string") not in FIELD_TYPES:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"{where}: unknown type {field['type']!r} "
                        f"(the validator knows {', '.join(sorted(FIELD_TYPES))})",
                    )
                )
            for key in field.get("constraints", {}):
                if key not in CONSTRAINT_KEYS:
                    problems.append(
                        Problem(
                            path,
                            None,
                            None,
                            f"{where}: unknown constraint {key!r} (the validator "
                            f"implements {', '.join(sorted(CONSTRAINT_KEYS))})",
                        )
                    )
    return problems


def check_cell(raw: str, field: dict, today: dt.date) -> tuple[object, str | None]:
    """One cell against its field in the descriptor: (typed value, reason it is invalid or None)."""
    raw = raw.strip()
    if raw == "":
        return None, "required value is empty" if field.get("constraints", {}).get("required") else None
    value, reason = _parse_cell(raw, field)
    reason = reason or _check_constraints(value, raw, field)
    if reason is None and field.get("type") == "date" and value > today and not field.get("futureAllowed"):
        reason = f"date {raw} is in the future"
    return value, reason


@dataclass
class _Table:
    name: str
    path: Path
    fields: list[dict]
    rows: list[dict]  # parsed values
    lines: list[int]  # file line of each row


def _read_table(data_dir: Path, resource: dict, today: dt.date, problems: list[Problem]) -> _Table:
    path = Path(data_dir) / resource["path"]
    label = str(path)
    fields = resource["schema"]["fields"]
    table = _Table(resource["name"], path, fields, [], [])
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(label, None, None, "file is missing"))
        return table
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, None, f"not valid UTF-8 (byte {exc.start})"))
        return table
    if not text.strip():
        problems.append(Problem(label, None, None, "file is empty"))
        return table

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.append(Problem(label, 1, None, f"malformed CSV header: {exc}"))
        return table
    expected = [f["name"] for f in fields]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    for column in duplicated:
        problems.append(Problem(label, 1, column, "column appears more than once"))
    for column in expected:
        if column not in header:
            problems.append(Problem(label, 1, column, "required column is missing"))
    for column in header:
        if column not in expected:
            problems.append(Problem(label, 1, column, "unknown column (not in datapackage.json)"))
    if duplicated or set(header) != set(expected):
        return table

    by_name = {f["name"]: f for f in fields}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, reader.line_num, None, f"malformed CSV: {exc}"))
            break
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(label, line, None, f"has {len(cells)} cells, the header has {len(header)}"))
            continue
        row, ok = {}, True
        for column, raw in zip(header, cells):
            row[column], reason = check_cell(raw, by_name[column], today)
            if reason:
                problems.append(Problem(label, line, column, reason))
                ok = False
        if ok:
            table.rows.append(row)
            table.lines.append(line)
    return table


def _check_keys(tables: dict[str, _Table], descriptor: dict, problems: list[Problem]) -> None:
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        schema = resource["schema"]
        key = schema.get("primaryKey", [])
        seen: dict[tuple, int] = {}
        for row, line in zip(table.rows, table.lines) if key else ():
            value = tuple(row[k] for k in key)
            if value in seen:
                shown = ", ".join(f"{k}={v}" for k, v in zip(key, value))
                problems.append(
                    Problem(
                        str(table.path),
                        line,
                        key[-1],
                        f"duplicate key ({shown}) already on line {seen[value]}",
                        ((str(table.path), seen[value]),),
                    )
                )
            else:
                seen[value] = line
        for field in schema["fields"]:
            if not field.get("constraints", {}).get("unique"):
                continue
            first: dict = {}
            for row, line in zip(table.rows, table.lines):
                value = row[field["name"]]
                if value is None:
                    continue
                if value in first:
                    problems.append(
                        Problem(
                            str(table.path),
                            line,
                            field["name"],
                            f"{value!r} must be unique but is already on line {first[value]}",
                            ((str(table.path), first[value]),),
                        )
                    )
                else:
                    first[value] = line
        for fk in schema.get("foreignKeys", []):
            target = tables[fk["reference"]["resource"]]
            known = {tuple(r[k] for k in fk["reference"]["fields"]) for r in target.rows}
            for row, line in zip(table.rows, table.lines):
                value = tuple(row[k] for k in fk["fields"])
                if None not in value and value not in known:
                    problems.append(
                        Problem(str(table.path), line, fk["fields"][0], f"{value[0]!r} is not in {target.path.name}")
                    )


def _outside(value: float, bounds: tuple[float, float]) -> bool:
    return not bounds[0] <= value <= bounds[1]


def _check_cross_table_rules(tables: dict[str, _Table], problems: list[Problem]) -> None:
    def rows(name):
        table = tables.get(name)
        return zip(table.rows, table.lines) if table else ()

    def add(name, line, column, reason, related=()):
        problems.append(Problem(str(tables[name].path), line, column, reason, related))

    releases = {r["model_id"]: (r["release_date"], line) for r, line in rows("models")}
    for row, line in rows("prices"):
        released, model_line = releases.get(row["model_id"], (None, None))
        if released and row["effective_date"] < released:
            add(
                "prices",
                line,
                "effective_date",
                f"price effective {row['effective_date']} is before the model's release on {released}",
                ((str(tables["models"].path), model_line),),
            )
    for name, price_columns in (
        ("prices", ("input_per_m", "output_per_m")),
        ("price_events", ("input_before_per_m", "input_per_m", "output_before_per_m", "output_per_m")),
    ):
        for row, line in rows(name):
            bounds = PRICE_PER_M_RANGES.get(row["currency"])
            for column in price_columns:
                value = row[column]
                if value and bounds is None:
                    add(
                        name,
                        line,
                        "currency",
                        f"no plausible price range is set for {row['currency']} "
                        "(PRICE_PER_M_RANGES in llmecon.core.data)",
                    )
                    break
                if value and _outside(value, bounds):  # 0 is a free tier, checked by the descriptor
                    add(
                        name,
                        line,
                        column,
                        f"{value:g} {row['currency']} per million tokens is outside the "
                        f"plausible range {bounds[0]:g} to {bounds[1]:g} (a per-token, "
                        "per-thousand or per-billion price?)",
                    )
    for row, line in rows("benchmarks"):
        bounds = SCORE_RANGES.get(row["benchmark"])
        if bounds and _outside(row["score"], bounds):
            add(
                "benchmarks",
                line,
                "score",
                f"{row['benchmark']} score {row['score']:g} is outside its range {bounds[0]:g} to {bounds[1]:g}",
            )
    for row, line in rows("arena_snapshots"):
        if _outside(row["arena_score"], ARENA_SCORE_RANGE):
            add(
                "arena_snapshots",
                line,
                "arena_score",
                f"arena score {row['arena_score']:g} is outside the "
                f"Elo-scale range {ARENA_SCORE_RANGE[0]:g} to {ARENA_SCORE_RANGE[1]:g}",
            )
    for row, line in rows("fx"):
        if _outside(row["cny_per_usd"], CNY_PER_USD_RANGE):
            add(
                "fx",
                line,
                "cny_per_usd",
                f"{row['cny_per_usd']:g} CNY per USD is outside the plausible range "
                f"{CNY_PER_USD_RANGE[0]:g} to {CNY_PER_USD_RANGE[1]:g} (USD per CNY typed the other way round?)",
            )
    for name, (low, high) in RANGE_COLUMNS.items():
        for row, line in rows(name):
            if row[low] is not None and row[high] is not None and row[low] > row[high]:
                add(name, line, high, f"range is inverted: {low}={row[low]:g} > {high}={row[high]:g}")
    for row, line in rows("estimates"):
        if (row["low"] is not None and row["value"] < row["low"]) or (
            row["high"] is not None and row["value"] > row["high"]
        ):
            add("estimates", line, "value", f"value {row['value']:g} lies outside its own range")
    for row, line in rows("sources"):
        if row["published"] and row["retrieved"] < row["published"]:
            add(
                "sources",
                line,
                "retrieved",
                f"retrieved {row['retrieved']} is before the source was published on {row['published']}",
            )
        _check_provenance(row, lambda column, reason, line=line: add("sources", line, column, reason))
    # Who sells it, at which tier, in which currency, since when: the price rules of llmecon.core.checks.
    checks.check_prices(rows, add)
    checks.check_catalogue_flags(rows, add)
    checks.check_release_dates(rows, add)


def _check_provenance(row: dict, add) -> None:
    """`url` is the primary publication; `via_url` the page actually read when it is a copy or a report."""
    provenance = row.get("provenance")
    if provenance is None:  # a package without the provenance columns
        return
    via = {column: row.get(column) for column in ("via_publisher", "via_url")}
    if provenance in PROVENANCE_READ_VIA:
        for column, value in via.items():
            if not value:
                add(column, f"a source read through {PROVENANCE_READ_VIA[provenance]} names the page read in {column}")
        if via["via_url"] and via["via_url"] == row["url"]:
            add("via_url", "is the same as url: the page read is the primary, so provenance is 'primary'")
    else:
        for column, value in via.items():
            if value:
                add(column, f"must be empty when provenance is {provenance!r} (the page read is the one in url)")
    if provenance == "weak" and not row.get("notes"):
        add("notes", "a weak source says in its notes what the primary would be and why it is not cited")


def _read_all(data_dir: Path, today: dt.date | None = None) -> dict[str, _Table]:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataValidationError([Problem(str(data_dir), None, None, "data folder does not exist")])
    descriptor = read_descriptor(data_dir)
    problems = _check_descriptor(descriptor, str(data_dir / DESCRIPTOR))
    if problems:
        raise DataValidationError(problems)
    today = today or dt.date.today()
    tables = {r["name"]: _read_table(data_dir, r, today, problems) for r in descriptor["resources"]}
    if not problems:
        _check_keys(tables, descriptor, problems)
        _check_cross_table_rules(tables, problems)
    if problems:
        raise DataValidationError(problems)
    return tables


# Packages this process has read and validated, by folder, date and content. A kernel forked from the build's
# zygote, which opened the build's data, does not parse and check the same bytes again (0.15 s per notebook).
_validated: dict[tuple, dict[str, _Table]] = {}
VALIDATED_KEPT = 2


def _content_key(data_dir: Path, today: dt.date | None) -> tuple | None:
    """Folder, date and a digest of the descriptor and every file it names; None when the descriptor
    cannot be read (reading the package then reports why)."""
    try:
        descriptor_bytes = (data_dir / DESCRIPTOR).read_bytes()
        resources = json.loads(descriptor_bytes)["resources"]
        digest = hashlib.blake2b(descriptor_bytes)
        for resource in resources:
            path = data_dir / resource["path"]
            content = path.read_bytes() if path.is_file() else b""
            digest.update(f"\0{resource['path']}\0{path.is_file()}\0{len(content)}\0".encode())
            digest.update(content)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(data_dir.resolve()), today or dt.date.today(), digest.hexdigest()


def _read_all_once(data_dir: Path, today: dt.date | None) -> dict[str, _Table]:
    key = _content_key(data_dir, today)
    if key is None or key not in _validated:
        tables = _read_all(data_dir, today)  # raises on a bad package: nothing is kept
        if key is None:
            return tables
        while len(_validated) >= VALIDATED_KEPT:
            _validated.pop(next(iter(_validated)))
        _validated[key] = tables
    return _validated[key]


def validate(data_dir: Path | str, today: dt.date | None = None) -> dict[str, int]:
    """Check the whole data package; return row counts or raise DataValidationError."""
    return {name: len(t.rows) for name, t in _read_all(Path(data_dir), today).items()}


def _to_frame(table: _Table) -> pd.DataFrame:
    frame = pd.DataFrame(table.rows, columns=[f["name"] for f in table.fields])
    frame.attrs["data_dir"] = str(table.path.parent)  # so a table can name its articles from the same package
    for field in table.fields:
        column = field["name"]
        if field.get("type") == "date":
            frame[column] = pd.to_datetime(frame[column])
        elif field.get("type") == "number":
            frame[column] = frame[column].astype(float)
        elif field.get("type") == "boolean" and frame[column].notna().all():
            frame[column] = frame[column].astype(bool)
    return frame


class Dataset:
    """Validated tables of one data folder, as pandas DataFrames.

    The whole package is validated once when the dataset is opened (tables
    refer to each other); the files a chapter actually uses are recorded
    in the reads log so the build re-executes it when one of them changes.
    """

    def __init__(self, data_dir: Path | str, today: dt.date | None = None):
        self.data_dir = Path(data_dir).resolve()
        self._tables = _read_all_once(self.data_dir, today)
        self._frames: dict[str, pd.DataFrame] = {}
        self._read_whole: set[str] = set()
        self._log_read(DESCRIPTOR)

    @property
    def table_names(self) -> list[str]:
        return list(self._tables)

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            raise KeyError(f"no table {name!r}; the data package has {', '.join(self._tables)}")
        if name not in self._frames:
            self._frames[name] = _to_frame(self._tables[name])
        if name not in self._read_whole:
            self._read_whole.add(name)
            self._log_read(self._tables[name].path.name)
        return self._frames[name].copy()

    def rows(self, name: str, column: str, values) -> pd.DataFrame:
        """The rows of table `name` whose `column` (an id column) holds one of `values`, for code that only looks
        rows up (the sources a chapter cites, its own claims). The reads log names those rows, not the whole file,
        so the build re-executes the chapter only when one of them changes, is removed, or a row with one of those
        values is added; rows appended for other chapters leave it alone."""
        if name not in self._tables:
            raise KeyError(f"no table {name!r}; the data package has {', '.join(self._tables)}")
        wanted = sorted({str(value) for value in values if pd.notna(value)})
        if name not in self._frames:
            self._frames[name] = _to_frame(self._tables[name])
        frame = self._frames[name]
        if column not in frame.columns:
            raise KeyError(f"table {name!r} has no column {column!r}")
        file_name = self._tables[name].path.name
        self._log_read(*(f"{file_name}\t{column}\t{value}" for value in wanted))
        found = frame[frame[column].astype(str).isin(wanted)].copy()
        found.attrs = dict(frame.attrs)
        return found

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.table(name)

    def row_counts(self) -> dict[str, int]:
        return {name: len(table.rows) for name, table in self._tables.items()}

    def snapshot_date(self) -> dt.date:
        """Latest retrieval date of any source: the date the data describe. The reads log notes that only this
        date was read (`MAX_OF`), not the whole of sources.csv."""
        self._log_read(f"{self._tables['sources'].path.name}\t{MAX_OF}\tretrieved")
        return max(r["retrieved"] for r in self._tables["sources"].rows)

    def _log_read(self, *entries: str) -> None:
        """Note in the reads log (when the build set one) a file read whole, or rows looked up (file, column and
        value, tab-separated: `cache.read_digests` reads them back)."""
        log = os.environ.get(READS_LOG_ENV)
        if log and entries:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write("".join(f"{entry}\n" for entry in entries))


def open_dataset(data_dir: Path | str, today: dt.date | None = None) -> Dataset:
    return Dataset(data_dir, today)
