"""The execution cache keys a chapter on the code it imports (not the whole package), on the environment, and on
the rows it looks up (not the whole table)."""

import os
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from llmecon.site import builder
from llmecon.site.builder.stage import write_without_run_details


def _notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(notebook, path)
    return path


def _package(root: Path) -> Path:
    package = root / "pkg"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "analysis.py").write_text("from . import helpers\nfrom .core.units import per_million\n")
    (package / "helpers.py").write_text("import json\n")
    (package / "core" / "__init__.py").write_text("from . import shared\n")
    (package / "core" / "units.py").write_text("def per_million(x):\n    return x\n")
    (package / "core" / "shared.py").write_text("X = 1\n")
    (package / "printer.py").write_text("from . import analysis\n")
    return package


def test_modules_follow_absolute_relative_and_package_imports(tmp_path):
    package = _package(tmp_path)
    notebook = _notebook(tmp_path / "ch.ipynb", "%matplotlib inline\nimport pandas as pd\nfrom pkg import analysis")
    found = {p.relative_to(package).as_posix() for p in builder.code_modules(notebook, package)}
    assert found == {"__init__.py", "analysis.py", "helpers.py", "core/__init__.py", "core/units.py", "core/shared.py"}


def test_editing_an_unimported_module_keeps_the_key_and_an_imported_one_changes_it(tmp_path):
    package = _package(tmp_path)
    notebook = _notebook(tmp_path / "ch.ipynb", "from pkg.analysis import helpers")
    key = builder.code_fingerprint(notebook, package)
    (package / "printer.py").write_text("# edited\n")
    assert builder.code_fingerprint(notebook, package) == key
    (package / "core" / "shared.py").write_text("X = 2\n")
    assert builder.code_fingerprint(notebook, package) != key


def test_no_chapter_depends_on_the_build_machinery():
    """Editing the build, the importers, the benchmark, the PDF printer or the weekly update re-executes no chapter
    and no report page but one: the status page says which upstream refreshes each table, which it reads from the
    weekly update (`weekly.refreshed_by`; that module imports the importers when it runs an import)."""
    package = builder.cache.PACKAGE_DIR
    machinery = {"site/builder", "site/bench.py", "site/pdf.py", "site/weekly.py", "importers"}
    allowed = {"about/status": ("site/weekly.py", "importers")}
    _, documents = builder.toc_documents(ROOT)
    for doc in documents:
        notebook = ROOT / f"{doc}.ipynb"
        if notebook.exists():
            names = {p.relative_to(package).as_posix() for p in builder.code_modules(notebook)}
            assert "core/data.py" in names or doc.startswith("about/"), doc
            touched = {
                n
                for n in names
                if any(n == m or n.startswith(m + "/") for m in machinery)
                and not any(n == m or n.startswith(m + "/") for m in allowed.get(doc, ()))
            }
            assert not touched, (doc, touched)


def test_staging_rewrites_only_changed_files_so_sphinx_rereads_only_those(tmp_path):
    source, target = tmp_path / "next", tmp_path / "stage"
    for folder, files in (
        (source, {"a.ipynb": "same", "b.ipynb": "new text", "sub/c.md": "added"}),
        (target, {"a.ipynb": "same", "b.ipynb": "old text", "gone/d.md": "removed"}),
    ):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    os.utime(target / "a.ipynb", (1_000_000, 1_000_000))
    os.utime(target / "b.ipynb", (1_000_000, 1_000_000))
    builder.sync_tree(source, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "a.ipynb",
        "b.ipynb",
        "sub",
        "sub/c.md",
    ]
    assert (target / "a.ipynb").stat().st_mtime == 1_000_000  # unchanged: Sphinx will not re-read it
    assert (target / "b.ipynb").read_text() == "new text" and (target / "b.ipynb").stat().st_mtime > 1_000_000


def test_a_notebook_run_again_with_the_same_outputs_stages_byte_identical(tmp_path):
    def run(started: str, ids: list[str], output: str) -> Path:
        notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("print(1)")]
        )
        notebook.metadata["papermill"] = {
            "start_time": started,
            "end_time": started,
            "duration": 1.5,
            "parameters": {"data_dir": "data"},
            "exception": None,
        }
        for cell, cell_id in zip(notebook.cells, ids):
            cell["id"] = cell_id
            cell.metadata["papermill"] = {"start_time": started, "duration": 0.1, "status": "completed"}
        notebook.cells[1].metadata["execution"] = {"iopub.execute_input": started}
        notebook.cells[1].outputs = [nbformat.v4.new_output("stream", text=output)]
        executed = tmp_path / f"{started}.ipynb"
        nbformat.write(notebook, executed)
        staged = tmp_path / f"{started}-staged.ipynb"
        write_without_run_details(executed, staged)
        return staged

    first = run("2026-01-01T10:00:00", ["a1b2c3d4", "e5f6a7b8"], "1\n")
    again = run("2026-01-02T11:30:00", ["0f9e8d7c", "6b5a4f3e"], "1\n")
    assert first.read_bytes() == again.read_bytes()
    staged = nbformat.read(first, as_version=4)  # still a valid notebook, with what is not run-specific
    assert [c["id"] for c in staged.cells] == ["cell-1", "cell-2"]
    assert staged.metadata["papermill"] == {"parameters": {"data_dir": "data"}, "exception": None}
    assert staged.cells[1].metadata == {"papermill": {"status": "completed"}}
    assert run("2026-01-03T09:00:00", ["1", "2"], "2\n").read_bytes() != first.read_bytes()  # new outputs


def _chapter(path: Path, prose: str, code: str, tags=()) -> Path:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("data_dir = 'data'  # the data folder")
    parameters.metadata["tags"] = ["parameters"]
    cell = nbformat.v4.new_code_cell(code)
    cell.metadata["tags"] = list(tags)
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title"), parameters, nbformat.v4.new_markdown_cell(prose), cell]
    nbformat.write(notebook, path)
    return path


def test_the_execution_key_ignores_prose_and_follows_code_tags_and_parameters(tmp_path):
    path = tmp_path / "ch.ipynb"
    keys = lambda **p: builder.cache.document_keys(path, {"data_dir": "data", **p})  # noqa: E731
    key = lambda **p: keys(**p)["execution_key"]  # noqa: E731
    _chapter(path, "Prices fell.", "x = 1")
    first, page = key(), keys()["key"]
    _chapter(path, "Prices fell tenfold.", "x = 1")
    assert key() == first and keys()["key"] != page
    _chapter(path, "Prices fell tenfold.", "x = 1  # one")
    assert key() != first
    _chapter(path, "Prices fell tenfold.", "x = 1", tags=["raises-exception"])
    assert key() != first
    _chapter(path, "Prices fell tenfold.", "x = 1")
    assert key() == first and key(as_of="2026-01-01") != first


def test_new_prose_keeps_the_outputs_and_the_injected_parameters_in_place(tmp_path):
    source, executed = tmp_path / "ch.ipynb", tmp_path / "out.ipynb"
    _chapter(executed, "Old sentence.", "print(2)")
    ran = nbformat.read(executed, as_version=4)
    injected = nbformat.v4.new_code_cell("data_dir = '/abs/data'")
    injected.metadata["tags"] = ["injected-parameters"]
    ran.cells.insert(2, injected)
    ran.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    ran.cells[4].execution_count = 3
    ran.cells[4].metadata["papermill"] = {"duration": 0.5}
    ran.metadata["papermill"] = {"parameters": {"data_dir": "/abs/data"}}
    nbformat.write(ran, executed)
    _chapter(source, "New sentence.", "print(2)", tags=["hide-input"])

    builder.execute.with_new_prose(source, executed)
    merged = nbformat.read(executed, as_version=4)
    assert [c.cell_type for c in merged.cells] == ["markdown", "code", "code", "markdown", "code"]
    assert merged.cells[2].source == "data_dir = '/abs/data'"  # still right after the parameters cell
    assert merged.cells[3].source == "New sentence."
    assert merged.cells[4].outputs[0]["text"] == "2\n" and merged.cells[4].execution_count == 3
    assert merged.cells[4].metadata["tags"] == ["hide-input"] and merged.cells[4].metadata["papermill"] == {
        "duration": 0.5
    }
    assert merged.metadata["papermill"]["parameters"] == {"data_dir": "/abs/data"}

    _chapter(source, "New sentence.", "print(3)")
    with pytest.raises(ValueError, match="executed again"):
        builder.execute.with_new_prose(source, executed)


def test_every_key_follows_python_and_the_locked_packages(tmp_path, monkeypatch):
    from llmecon.site.builder.cache import document_keys, environment_key

    for name in ("requirements.txt", "package-lock.json"):
        (tmp_path / name).write_text("pinned\n")
    notebook = _notebook(tmp_path / "n.ipynb", "x = 1")
    environment = environment_key(tmp_path)
    keys = document_keys(notebook, {}, environment=environment)
    for name in ("requirements.txt", "package-lock.json"):
        (tmp_path / name).write_text("bumped\n")
        assert environment_key(tmp_path) != environment, name
        (tmp_path / name).write_text("pinned\n")
    assert environment_key(tmp_path) == environment
    monkeypatch.setattr("sys.version", "3.12.0 (elsewhere)")
    assert environment_key(tmp_path) != environment
    assert document_keys(notebook, {}, environment=environment_key(tmp_path))["execution_key"] != keys["execution_key"]


def test_a_chapter_that_looks_rows_up_is_keyed_on_those_rows(tmp_path, valid_package, monkeypatch):
    """Rows appended for others (a weekly import's sources) leave the chapter fresh; a change to a row it looked up,
    or a new row with a value it looked up, does not."""
    from llmecon.core import data
    from llmecon.site.builder.cache import Manifest, read_digests

    log = tmp_path / "reads.log"
    monkeypatch.setenv(data.READS_LOG_ENV, str(log))
    dataset = data.open_dataset(valid_package)
    cited = dataset.rows("sources", "source_id", ["s1"])
    assert list(cited["source_id"]) == ["s1"] and cited.attrs["data_dir"] == str(valid_package)
    assert dataset.models is not None  # read whole
    assert str(dataset.snapshot_date()) == "2025-05-09"  # the newest retrieval date, read as such
    reads = read_digests(valid_package, sorted(set(log.read_text().splitlines())))
    assert set(reads) == {"datapackage.json", "models.csv", "sources.csv"}
    assert reads["sources.csv"]["rows"] == {"@max": ["retrieved"], "source_id": ["s1"]}
    executed = tmp_path / "executed.ipynb"
    executed.write_text("{}")
    manifest = Manifest(tmp_path / "manifest.json")
    manifest.record("chapter", {"key": "k", "reads": reads})

    def fresh() -> bool:
        return manifest.is_fresh("chapter", "k", valid_package, executed)

    sources = valid_package / "sources.csv"
    original = sources.read_text()
    assert fresh()
    sources.write_text(original + "s3,Another page,Acme,https://example.org/a,primary,,,,2025-05-01,facts,\n")
    assert fresh(), "a source appended for another chapter re-ran this one"
    sources.write_text(original + "s3,Another page,Acme,https://example.org/a,primary,,,,2025-06-01,facts,\n")
    assert not fresh(), "a source read later than all others moves the snapshot date the chapter read"
    sources.write_text(original + "s1,A second s1,Acme,https://example.org/b,primary,,,,2025-05-01,facts,\n")
    assert not fresh(), "a new row with a looked-up id went unnoticed"
    sources.write_text(original.replace("Pricing page", "Pricing page (revised)"))
    assert not fresh(), "a change to a looked-up row went unnoticed"
    sources.write_text(original)
    (valid_package / "models.csv").write_text((valid_package / "models.csv").read_text().replace("GPT-4o", "GPT-4o "))
    assert not fresh(), "a change to a table read whole went unnoticed"


def test_the_manifest_is_replaced_whole_or_not_at_all(tmp_path):
    from llmecon.site.builder.cache import Manifest

    manifest = Manifest(tmp_path / "manifest.json")
    manifest.record("chapter", {"key": "k1"})
    manifest.save()
    manifest.record("chapter", {"key": object()})  # cannot be written
    with pytest.raises(TypeError):
        manifest.save()
    assert Manifest(tmp_path / "manifest.json").get("chapter") == {"key": "k1"}
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]  # no half-written copy left behind


def test_ci_caches_only_what_it_uses_and_restores_only_builds_of_the_same_environment():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    caches = [
        (name, step["with"])
        for name, job in workflow["jobs"].items()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/cache")
    ]
    assert caches
    for job, cache in caches:
        # `make test` builds its books in temporary folders: a cached _build would only cost time.
        assert not ("_build" in cache["path"] and job == "test"), "the test job caches a _build it never reads"
        for prefix in str(cache.get("restore-keys", "")).splitlines():
            # A loose prefix (`build-`) would restore a build made with other libraries.
            assert "hashFiles('requirements.txt', 'package-lock.json')" in prefix, (job, prefix)
        if "_build" in cache["path"]:
            assert cache["key"].startswith(cache["restore-keys"].split("$")[0])
