"""Foundations every chapter shares: the data package and its validation, units and currency, GPU cost
arithmetic, trend fitting, price frontiers, the verdict rules, the claims ledger and charts.
Modules here import nothing from `analysis`, `importers` or `site`."""
