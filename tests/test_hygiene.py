"""What every notebook of the book must look like before it is executed."""

import ast
import io
import json
import re
import tokenize

import pytest

from conftest import ROOT
from llmecon.site import builder

ROOT_DOC, DOCUMENTS = builder.toc_documents(ROOT)
NOTEBOOKS = [ROOT / f"{doc}.ipynb" for doc in [ROOT_DOC, *DOCUMENTS] if (ROOT / f"{doc}.ipynb").exists()]


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebooks_are_committed_without_outputs(notebook):
    executed = [
        i
        for i, c in enumerate(_cells(notebook))
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not executed, f"{notebook.name}: cells {executed} carry outputs; clear them before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_parameters_cell_comes_first_and_explains_every_parameter(notebook):
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged and not notebook.parent.name == "chapters":
        return  # a page that takes no parameters (the methods page)
    assert tagged == [0], f"{notebook.name}: the first code cell, and only it, must be the tagged parameters cell"
    source = "".join(code[0]["source"])
    comments = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    for node in ast.parse(source).body:
        assert isinstance(node, (ast.Assign, ast.AnnAssign)), f"{notebook.name}: only assignments belong in parameters"
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        assert set(range(node.lineno, node.end_lineno + 1)) & comments, (
            f"{notebook.name}: parameter {', '.join(names)} has no comment saying what it means"
        )


# A value glued under a literal name: glue_number("name", ...), glue_text("name", ...), ch.glue("name", ...).
GLUED_NAME = re.compile(r'\b(?:ch\.)?glue(?:_number|_text)?\(\s*"([^"{}]+)"\s*,')
# Where prose cites a glued value: {glue:text}`name:format`, {glue}`name`.
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`:]+)")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_glued_name_is_cited_in_the_prose(notebook):
    """A value glued and never shown is computed for nobody (names built at run time are not checked here)."""
    cells = _cells(notebook)
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    # Prose a cell writes (display(Markdown(...))) cites values too.
    cited = set(GLUE_ROLE.findall(prose)) | set(GLUE_ROLE.findall(code))
    uncited = sorted(set(GLUED_NAME.findall(code)) - cited)
    assert not uncited, f"glued but never cited: {uncited}"


def test_the_citation_check_reads_glue_calls_and_roles():
    code = 'glue_number("a", 1)\nch.glue("b", 2)\nglue_text("c_" + k, 3)\nglue_text(f"d_{k}", 4)'
    assert GLUED_NAME.findall(code) == ["a", "b"]
    assert GLUE_ROLE.findall("{glue:text}`a:.1f` and {glue}`b`") == ["a", "b"]
