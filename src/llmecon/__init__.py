"""Logic behind the book, in layers that import only downwards:

- `core`: data loading and validation, units, costs, trends, frontiers, verdict rules, claims, charts;
- `analysis`: one module per chapter, built on `core` only;
- `importers`: turn public upstream files into rows of the data package (uses `core`);
- `site`: the chapter preamble, report pages, build, benchmark, PDF and weekly update (uses `core`, `importers`).
"""

import os
from pathlib import Path

__version__ = "0.1.0"

PROJECT_ENV = "LLMECON_PROJECT"  # names the project folder explicitly
PROJECT_MARKER = "_toc.yml"  # what makes a folder the project's


class ProjectNotFoundError(FileNotFoundError):
    """No project folder (the book's sources, data and chart libraries) could be found; the message says where
    it was looked for and how to name one."""


def project_dir(start: Path | str | None = None) -> Path:
    """The project folder, the one holding `_toc.yml` (with `data/`, `chapters/`, `node_modules/`): the folder named
    by $LLMECON_PROJECT when it is set, else the nearest one from `start` (the working folder by default) upwards,
    else the source checkout this package runs from (an editable install). The package itself may be installed
    anywhere."""
    explicit = os.environ.get(PROJECT_ENV)
    if explicit:
        folder = Path(explicit).expanduser().resolve()
        if not (folder / PROJECT_MARKER).is_file():
            raise ProjectNotFoundError(
                f"{PROJECT_ENV}={explicit} names no project folder: {folder} has no {PROJECT_MARKER}"
            )
        return folder
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_MARKER).is_file():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / PROJECT_MARKER).is_file():
        return checkout
    raise ProjectNotFoundError(
        f"no project folder found: neither {start} nor a folder above it holds {PROJECT_MARKER}, and this package "
        f"({Path(__file__).parent}) is not in a source checkout. Run from inside the project, pass --project DIR, "
        f"or set {PROJECT_ENV}=DIR."
    )
