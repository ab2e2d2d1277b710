"""Logic behind the book, in layers that import only downwards:

- `core`: data loading and validation, units, costs, trends, frontiers, verdict rules, claims, charts;
- `analysis`: one module per chapter, built on `core` only;
- `importers`: turn public upstream files into rows of the data package (uses `core`);
- `site`: the chapter preamble, report pages, build, benchmark, PDF and weekly update (uses `core`, `importers`).
"""

from pathlib import Path

__version__ = "0.1.0"

# The project folder of a source checkout (the package is installed in editable mode from src/).
PROJECT_DIR = Path(__file__).resolve().parents[2]
