"""What every notebook of the book must look like before it is executed."""

import ast
import io
import json
import tokenize

import pytest

from llmecon.site import build
from conftest import ROOT

ROOT_DOC, DOCUMENTS = build.toc_documents(ROOT)
NOTEBOOKS = [ROOT / f"{doc}.ipynb" for doc in [ROOT_DOC, *DOCUMENTS] if (ROOT / f"{doc}.ipynb").exists()]


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebooks_are_committed_without_outputs(notebook):
    executed = [i for i, c in enumerate(_cells(notebook)) if c["cell_type"] == "code"
                and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not executed, f"{notebook.name}: cells {executed} carry outputs; clear them before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_parameters_cell_comes_first_and_explains_every_parameter(notebook):
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged and not notebook.parent.name == "chapters":
        return  # a page that takes no parameters (the methods page)
    assert tagged == [0], f"{notebook.name}: the first code cell, and only it, must be the tagged parameters cell"
    source = "".join(code[0]["source"])
    comments = {token.start[0] for token in tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type == tokenize.COMMENT}
    for node in ast.parse(source).body:
        assert isinstance(node, (ast.Assign, ast.AnnAssign)), f"{notebook.name}: only assignments belong in parameters"
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        assert set(range(node.lineno, node.end_lineno + 1)) & comments, \
            f"{notebook.name}: parameter {', '.join(names)} has no comment saying what it means"
