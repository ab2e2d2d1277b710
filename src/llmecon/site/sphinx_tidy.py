"""A Sphinx extension for the book's pages: each script is included once.

sphinx-thebe (which Jupyter Book always loads, though the book turns Thebe off) adds its inline configuration,
`const THEBE_JS_URL = ...`, to the page twice, and the second declaration throws "Identifier 'THEBE_JS_URL' has
already been declared" on every page. Scripts that are the same file with the same attributes, or the same
inline body, are kept once.
"""

from __future__ import annotations


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, kept = set(), []
    for script in context.get("script_files", []):
        attributes = getattr(script, "attributes", {}) or {}
        key = (
            getattr(script, "filename", str(script)) or "",
            tuple(sorted((k, str(v)) for k, v in attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            kept.append(script)
    if "script_files" in context:
        context["script_files"][:] = kept


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
