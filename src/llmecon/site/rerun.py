"""Rerun one chapter with other parameters: checked first, then executed, then written as a readable page.

    python -m llmecon.site.rerun 01 -p start 2023-01-01 -y "mmlu_thresholds: [70, 80]"
    make rerun CHAPTER=01 ARGS="-p start 2023-01-01"

The chapter is named by its number or its file name. `-p name value` and `-y YAML` set parameters as
papermill's do. Every value is checked against the chapter's declarations (`llmecon.site.parameters`)
before a kernel starts: a misspelt name or a value out of range prints one line naming the parameter and
what it accepts, and the command exits with status 2. The executed notebook goes to
`_build/rerun/<chapter>.ipynb` and an HTML page of it, with the numbers filled into the prose as the book
shows them (JupyterLab shows `{glue:text}` roles as written), to `_build/rerun/<chapter>.html`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from pathlib import Path

import nbformat
import yaml

from llmecon import ProjectNotFoundError, project_dir
from llmecon.core.claims import fill_missing_numbers
from llmecon.core.data import DataValidationError, open_dataset
from llmecon.site import parameters as accepted
from llmecon.site.chapter import ParameterError, declared_parameters, resolve_data_dir

GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`")


class RerunError(Exception):
    """A mistake in the command line: shown as one line."""


def find_chapter(name: str, root: Path) -> Path:
    """`01`, `1`, `01_inference_cost_laws`, or a path to the notebook."""
    chapters = sorted((root / "chapters").glob("*.ipynb"))
    path = Path(name)
    if path.suffix == ".ipynb" and path.exists():
        return path.resolve()
    matches = [c for c in chapters if c.stem == name or c.stem.split("_")[0] == name.zfill(2)]
    if len(matches) != 1:
        names = ", ".join(c.stem.split("_")[0] for c in chapters)
        raise RerunError(f"no chapter {name!r}: give its number ({names}) or its file name")
    return matches[0]


def parse_value(text: str):
    """A `-p` value read as papermill reads it: True, False, None, a whole number, a number, else text."""
    if text in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def collect_parameters(pairs: list[list[str]], yaml_texts: list[str]) -> dict:
    values = {name: parse_value(value) for name, value in pairs}
    for text in yaml_texts:
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise RerunError(f"-y {text!r} is not YAML: {str(exc).splitlines()[0]}") from None
        if not isinstance(loaded, dict):
            raise RerunError(f"-y {text!r} must be YAML of the form 'name: value'")
        values.update({k: _dates_as_text(v) for k, v in loaded.items()})
    return values


def _dates_as_text(value):
    """YAML reads 2024-01-31 as a date; the chapters take dates as text, as papermill's -p gives them."""
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def check(notebook: Path, values: dict, root: Path):
    """Every value against the chapter's declarations, before any kernel starts; returns the data folder."""
    stem = notebook.stem
    declared = {p.name: p.default for p in declared_parameters(notebook)}
    for name in values:
        if name not in declared:
            close = difflib.get_close_matches(name, declared, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ParameterError(f"unknown parameter {name!r}: {hint}this chapter takes {', '.join(declared)}")
    merged = {**declared, **values}
    accepted.specs_of(stem)["data_dir"].check("data_dir", merged["data_dir"], None)
    data_dir = resolve_data_dir(merged["data_dir"], root)
    if not (data_dir / "datapackage.json").exists():
        raise ParameterError(
            f"parameter 'data_dir' got {merged['data_dir']!r}; it accepts a folder holding "
            f"datapackage.json ({data_dir} has none)"
        )
    dataset = open_dataset(data_dir)
    accepted.check(stem, merged, accepted.Bounds.of(dataset, merged.get("as_of")))
    return data_dir


def fill_prose(notebook) -> None:
    """Replace each {glue:text}`name:format` role in the Markdown by the glued value, as the book shows it."""
    from myst_nb.core.variables import format_plain_text

    fill_missing_numbers(notebook)
    glued = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            text = output.get("data", {}).get(scrap.get("mime_prefix", "") + "text/plain")
            if scrap.get("name") is not None and text is not None:
                glued[scrap["name"]] = text

    def value(match):
        name, spec = match.group(1).strip(), match.group(2) or ""
        if name not in glued:
            return f"[{name}: not computed]"
        return format_plain_text(glued[name], spec)

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = GLUE_ROLE.sub(value, cell.source)


def readable(notebook):
    """The page a reader sees: prose filled in, the book's hidden cells left out, no code."""
    notebook = nbformat.from_dict(notebook)
    fill_prose(notebook)
    notebook.cells = [c for c in notebook.cells if "remove-cell" not in c.metadata.get("tags", [])]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            hidden = "remove-output" in cell.metadata.get("tags", [])
            cell.outputs = [] if hidden else [o for o in cell.outputs if not o.get("metadata", {}).get("scrapbook")]
    return notebook


def write_html(notebook, target: Path) -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(readable(notebook))
    target.write_text(body, encoding="utf-8")


def run(notebook: Path, values: dict, out: Path, root: Path) -> tuple[Path, Path]:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out.mkdir(parents=True, exist_ok=True)
    executed, page = out / f"{notebook.stem}.ipynb", out / f"{notebook.stem}.html"
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=values,
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        first = exc.evalue.strip().splitlines()[0] if exc.evalue.strip() else ""
        raise RerunError(
            f"{notebook.stem} stopped in cell {exc.exec_count}: {exc.ename}: {first} "
            f"(the notebook with the error is {executed})"
        ) from None
    write_html(nbformat.read(executed, as_version=4), page)
    return executed, page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", help="the chapter's number (01 to 10) or file name")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("-y", "--yaml", action="append", default=[], metavar="YAML")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: _build/rerun)")
    parser.add_argument(
        "--project",
        "--root",
        dest="root",
        type=Path,
        default=None,
        help="project folder (default: $LLMECON_PROJECT, else the one holding _toc.yml from here up)",
    )
    args = parser.parse_args(argv)
    try:
        root = (args.root or project_dir()).resolve()
    except ProjectNotFoundError as exc:
        parser.error(str(exc))
    try:
        notebook = find_chapter(args.chapter, root)
        values = collect_parameters(args.parameter, args.yaml)
        check(notebook, values, root)
        print(f"rerun: parameters of {notebook.stem} accepted; executing", file=sys.stderr)
        executed, page = run(notebook, values, args.out or root / "_build" / "rerun", root)
    except (RerunError, ParameterError) as exc:
        print(f"rerun: {exc}", file=sys.stderr)
        return 2
    except DataValidationError as exc:
        print(f"rerun: the data did not validate: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    print(f"rerun: executed notebook {executed}\nrerun: page with the numbers filled in {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
