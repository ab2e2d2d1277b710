"""The book around the analysis: the chapter preamble, the report pages (landing page, ledger, sources,
status, what changed), the build, its benchmark, the PDF and the weekly update."""
