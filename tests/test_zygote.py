"""Kernels forked by the build's zygote behave like kernels started from scratch, only sooner (the tests that start
kernels are marked `book`: the fast tests fork none); the renderer started with the build renders only when asked."""

import asyncio
import json
import os
import select
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager

from llmecon.core import data
from llmecon.site.builder.execute import execute_notebook
from llmecon.site.builder.zygote import (
    FORKED_KERNEL_NAME,
    KERNEL_LOG_ENV,
    ZYGOTE_ENV,
    ForkedKernel,
    Zygote,
    default_kernel_mode,
    forked_kernels_available,
    kernel_spec_folder,
    request_kernel,
)


def _run_in_own_thread(coroutine):
    """asyncio.run in a thread of its own: another test of the session (papermill in-process) can leave this
    thread's event loop marked running, which asyncio.run refuses."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def socket_folder():
    # Short, unlike pytest's tmp_path: unix socket paths are limited to about 100 characters.
    folder = Path(tempfile.mkdtemp(prefix="zygote-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def zygote(socket_folder, valid_package):
    started = Zygote(socket_folder, valid_package)
    started.kernel_specs = kernel_spec_folder(socket_folder)
    yield started
    started.close()


def _notebook(folder: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(notebook, path)
    return path


def _run(zygote, tmp_path, *sources: str):
    source = _notebook(tmp_path, *sources)
    target = tmp_path / "out" / "probe.ipynb"
    target.parent.mkdir()
    result = execute_notebook(
        "probe",
        str(source),
        str(target),
        {},
        str(tmp_path / "probe.reads"),
        str(tmp_path / "figures"),
        60,
        zygote.socket_path,
        str(zygote.kernel_specs),
    )
    return result, nbformat.read(target, as_version=4)


def test_forked_kernels_are_the_default_only_where_forking_is_safe(monkeypatch):
    for platform, mode in (("linux", "forked"), ("darwin", "plain"), ("win32", "plain")):
        monkeypatch.setattr(sys, "platform", platform)
        assert default_kernel_mode() == mode


def test_the_zygotes_provisioner_is_registered_through_jupyter_clients_entry_point():
    assert forked_kernels_available() is None  # installed by `make setup` (pip install -e .) from pyproject.toml


@pytest.mark.book  # starts kernels
def test_a_forked_kernel_has_the_notebook_folder_environment_and_the_imports_done(zygote, tmp_path):
    result, executed = _run(
        zygote,
        tmp_path,
        (
            "import json, os, subprocess, sys\n"
            f"print(json.dumps({{'cwd': os.getcwd(), 'reads_log': os.environ.get({data.READS_LOG_ENV!r}),\n"
            f"                  'build_only': [n for n in ({ZYGOTE_ENV!r}, {KERNEL_LOG_ENV!r}) if n in os.environ],\n"
            "                  'preloaded': sorted(m for m in ('pandas', 'altair', 'llmecon.core.trends') if m in sys.modules),\n"
            "                  'child_exit': subprocess.run(['sh', '-c', 'exit 3']).returncode}))"
        ),
    )
    assert result.ok, result.message
    seen = json.loads(executed.cells[0].outputs[0]["text"])
    assert seen["cwd"] == str(tmp_path)
    assert seen["reads_log"] == str(tmp_path / "probe.reads")
    assert seen["build_only"] == []  # what told the provisioner where the zygote is stays out of the notebook
    # Imported by the zygote before the notebook's first line ran.
    assert seen["preloaded"] == ["altair", "llmecon.core.trends", "pandas"]
    # The zygote reaps its kernels automatically; the notebook's own subprocesses must still report their exit.
    assert seen["child_exit"] == 3
    # A healthy kernel writes nothing worth showing (no banner, no warnings) to the build log.
    assert result.kernel_output == []


@pytest.mark.book
def test_a_forked_kernel_finds_the_data_its_zygote_already_read_and_checked(zygote, tmp_path, valid_package):
    result, executed = _run(
        zygote,
        tmp_path,
        (
            "from llmecon.core import data\n"
            "data._read_all = None  # reading the package again would fail here\n"
            f"print(len(data.open_dataset({str(valid_package)!r}).prices))"
        ),
    )
    assert result.ok, result.message
    assert executed.cells[0].outputs[0]["text"].split() == ["2"]
    # The notebook's own reads are logged, as for any notebook.
    assert sorted(Path(tmp_path / "probe.reads").read_text().split()) == ["datapackage.json", "prices.csv"]


@pytest.mark.book
def test_the_zygote_holds_none_of_the_builds_open_files(socket_folder, valid_package, tmp_path):
    # A pipe the build holds open when it starts the zygote: its reader must see the end as soon as the build
    # closes its own end, which it would not if the zygote (or a kernel) kept a copy.
    reader, writer = os.pipe()
    started = Zygote(socket_folder, valid_package)
    started.kernel_specs = kernel_spec_folder(socket_folder)
    try:
        result, _ = _run(started, tmp_path, "x = 1")
        assert result.ok, result.message
        os.close(writer)
        readable, _, _ = select.select([reader], [], [], 5)
        assert readable and os.read(reader, 1) == b"", "a copy of the build's pipe outlived the build's own"
    finally:
        os.close(reader)
        started.close()


@pytest.mark.book
def test_a_failing_cell_in_a_forked_kernel_fails_with_its_cell_named(zygote, tmp_path):
    result, _ = _run(zygote, tmp_path, "x = 1", "raise ValueError('bad price')")
    assert not result.ok
    assert "cell 2" in result.message and "ValueError: bad price" in result.message


@pytest.mark.book
def test_a_forked_kernel_stops_when_its_zygote_dies(zygote, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(zygote.kernel_specs))
    monkeypatch.setenv(ZYGOTE_ENV, zygote.socket_path)
    monkeypatch.setenv(KERNEL_LOG_ENV, str(tmp_path / "kernel.log"))

    async def start_kernel():
        manager = AsyncKernelManager(kernel_name=FORKED_KERNEL_NAME)
        await manager.start_kernel()
        return manager

    manager = _run_in_own_thread(start_kernel())
    kernel = manager.provisioner.process
    assert isinstance(kernel, ForkedKernel) and kernel.poll() is None
    zygote.kill()
    deadline = time.monotonic() + 15
    while kernel.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kernel.poll() is not None, "the kernel outlived the build's zygote"


@pytest.mark.book
def test_a_zygote_that_was_never_used_stops_at_once(socket_folder, valid_package):
    started = time.monotonic()
    unused = Zygote(socket_folder, valid_package)
    unused.close()
    assert unused.process.returncode is not None
    assert time.monotonic() - started < 5


@pytest.mark.book
def test_a_kernel_that_dies_starting_and_a_dead_zygote_fail_at_once_and_say_so(zygote, tmp_path):
    # `--version` makes the kernel print its version and exit before it binds any socket.
    with pytest.raises(RuntimeError, match="stopped while starting"):
        _run_in_own_thread(request_kernel(zygote.socket_path, ["--version"], {}, str(tmp_path), str(tmp_path / "log")))
    zygote.kill()
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="has stopped"):
        _run_in_own_thread(request_kernel(zygote.socket_path, ["--version"], {}, str(tmp_path), str(tmp_path / "log")))
    assert time.monotonic() - started < 10


def test_a_renderer_never_asked_to_render_stops_without_rendering(tmp_path):
    from llmecon.site.builder.render import Renderer

    unused = Renderer(tmp_path / "stage", tmp_path)
    unused.close()
    assert unused.process.returncode is not None
    assert not (tmp_path / ".render").exists() and not (tmp_path / "jupyter-book.log").exists()


def test_stale_static_files_are_those_missing_or_different_in_the_site(tmp_path):
    from llmecon.site.builder.render import stale_static_files

    staged, site = tmp_path / "stage" / "_static", tmp_path / "html" / "_static"
    for folder, files in (
        (staged, {"book.css": "a {}", "vendor/vega.js": "v1", "downloads/data.zip": "new"}),
        (site, {"book.css": "a {}", "vendor/vega.js": "v0", "theme.css": "theirs"}),
    ):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    assert stale_static_files(staged, site) == [Path("downloads/data.zip"), Path("vendor/vega.js")]
