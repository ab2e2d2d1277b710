"""Logic behind the book: data loading and validation, units, trends, frontiers, verdicts, charts, build."""

__version__ = "0.1.0"
