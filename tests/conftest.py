import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A minimal valid data package, written out by `valid_package`; the bad-input
# tests each break one thing in a copy of it.
MINIMAL_TABLES = {
    "sources.csv": (
        "source_id,title,publisher,url,provenance,via_publisher,via_url,published,retrieved,licence,notes\n"
        "s1,Pricing page,OpenAI,https://example.org/pricing,primary,,,2024-05-13,2024-08-12,facts (no licence stated),\n"
        "s2,Rates,FRED,https://fred.example.org/DEXCHUS,primary,,,,2025-05-09,public-domain,\n"
    ),
    "models.csv": (
        "model_id,name,developer,country,release_date,release_date_basis,open_weights,licence,parameters_b,reasoning,retired_on,source_id\n"
        "gpt-4o,GPT-4o,OpenAI,US,2024-05-13,provider,false,proprietary,,false,,s1\n"
        "deepseek-v2,DeepSeek-V2,DeepSeek,CN,2024-05-06,provider,true,deepseek,236,false,,s1\n"
    ),
    "prices.csv": (
        "model_id,provider,effective_date,currency,input_per_m,output_per_m,context_tier,date_basis,price_kind,notes,source_id\n"
        "gpt-4o,OpenAI,2024-05-13,USD,5,15,,announced,list,,s1\n"
        "deepseek-v2,DeepSeek,2024-05-06,CNY,1,2,32k,announced,list,,s1\n"
    ),
    "benchmarks.csv": ("model_id,benchmark,score,evaluator,setting,source_id\ngpt-4o,mmlu,88.7,developer,5-shot,s1\n"),
    "fx.csv": "date,cny_per_usd,source_id\n2024-05-06,7.2,s2\n2024-05-13,7.23,s2\n",
    "estimates.csv": (
        "estimate_id,topic,description,value,low,high,unit,as_of,source_id\n"
        "e1,inference_cost,Price decline,10,9,900,x per year,2024-11-12,s1\n"
    ),
    "claims.csv": (
        "claim_id,article,quote_zh,claim_en,value_low,value_high,unit,as_of,topic,chapter,searched\n"
        "a000-x,000_6f6d29521594749d.txt,每年十倍,Ten times a year,10,10,x per year,2024-12-01,inference_cost,01_inference_cost_laws,\n"
    ),
}


@pytest.fixture
def valid_package(tmp_path):
    """The minimal package above; every other table of the descriptor is present with its header only."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "datapackage.json", folder / "datapackage.json")
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        header = ",".join(field["name"] for field in resource["schema"]["fields"]) + "\n"
        (folder / resource["path"]).write_text(MINIMAL_TABLES.get(resource["path"], header), encoding="utf-8")
    return folder


LAST_GOOD_SITE = "last good site"


def book_with_altered_chapter(tmp_path, name: str, code_cell: int, source: list[str]):
    """A throwaway book whose only chapter is chapter 1 with one code cell replaced, and a build folder
    already holding a "last good site" that a failing build must leave alone. Returns (root, out)."""
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    for file_name in ("_config.yml", "index.ipynb"):
        shutil.copy(ROOT / file_name, root / file_name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    original = ROOT / "chapters" / "01_inference_cost_laws.ipynb"
    notebook = json.loads(original.read_text())
    [c for c in notebook["cells"] if c["cell_type"] == "code"][code_cell]["source"] = source
    (root / "chapters" / f"{name}.ipynb").write_text(json.dumps(notebook))
    # The chapter's preamble reads its declared parameters from the notebook of its own name (not in the toc).
    shutil.copy(original, root / "chapters" / original.name)
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n- file: chapters/{name}\n")
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "index.html").write_text(LAST_GOOD_SITE)
    return root, out


# LLMECON_TEST_ONLY narrows the whole-book tests to some chapters while one is being written.
ONLY = os.environ.get("LLMECON_TEST_ONLY", "").split() or None
SMALL_DATA = FIXTURES / "data_small"
SMALL_BOOK_CHAPTER = "chapters/01_inference_cost_laws"


# The books the tests read are built in processes of their own, started as soon as the tests are collected;
# the tests that need none of them run first, while they build. Each build's output stays under pytest's
# temporary folder (the page screenshots with it).
_BUILDS: dict[str, dict] = {}
BUILD_FIXTURES = ("real_site", "small_book", "offline_build")


def _builds_needed(item) -> set[str]:
    return set(BUILD_FIXTURES) & set(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(session, config, items):
    """Tests that read a built book run last (their order among themselves unchanged)."""
    items.sort(key=lambda item: bool(_builds_needed(item)))


def _build_command(data_dir: Path, out: Path, only: list[str] | None, kernels: str | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llmecon.site.builder",
        "--root",
        str(ROOT),
        "--data",
        str(data_dir),
        "--out",
        str(out),
        *(["--only", *only] if only else []),
        *(["--kernels", kernels] if kernels else []),
    ]


def _start(session, name: str, command_for, data_dir: Path) -> None:
    folder = session.config._tmp_path_factory.mktemp(name)
    out = folder / "_build"
    log = (folder / "build.log").open("w")
    process = subprocess.Popen(command_for(out), stdout=log, stderr=subprocess.STDOUT, text=True)
    _BUILDS[name] = {"out": out, "data": data_dir, "log": log, "process": process}


def _offline(command: list[str]) -> list[str]:
    """The build in a network namespace with only loopback (papermill's kernels talk over it), after a probe
    that says whether the outside world is reachable from there."""
    probe = (
        f"{sys.executable} -c \"import urllib.request as u\ntry:\n    u.urlopen('https://pypi.org', timeout=5); "
        f"print('NETWORK REACHABLE')\nexcept OSError:\n    print('offline')\""
    )
    return ["unshare", "-n", "sh", "-c", f"ip link set lo up && {probe} && {' '.join(command)}"]


def network_namespaces() -> str | None:
    """Why a build cannot be cut off from the network here, or None when it can."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare and ip (util-linux, iproute2) to cut the network"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        return f"network namespaces are not allowed here: {probe.stderr.decode().strip()}"
    return None


def pytest_collection_finish(session):
    needed = set().union(*(_builds_needed(item) for item in session.items)) if session.items else set()
    if "real_site" in needed:
        data_dir = Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")
        _start(session, "real", lambda out: _build_command(data_dir, out, ONLY), data_dir)
    if "small_book" in needed:
        data_dir = session.config._tmp_path_factory.mktemp("small-data") / "data"
        shutil.copytree(SMALL_DATA, data_dir)
        _start(session, "small", lambda out: _build_command(data_dir, out, [SMALL_BOOK_CHAPTER]), data_dir)
    if "offline_build" in needed:
        # The same partial build from the fixture's own folder, with plain kernels (started from scratch) where the
        # small book has the default: also the check that builds repeat exactly, whichever kernels run them.
        wrap = (lambda c: c) if network_namespaces() else _offline
        _start(
            session,
            "offline",
            lambda out: wrap(_build_command(SMALL_DATA, out, [SMALL_BOOK_CHAPTER], "plain")),
            SMALL_DATA,
        )


def pytest_sessionfinish(session, exitstatus):
    for build in _BUILDS.values():
        if build["process"].poll() is None:
            build["process"].kill()
        build["process"].wait()
        build["log"].close()


def _finished(name: str, may_fail: bool = False) -> dict:
    """The build started at collection, once it has finished: out folder, data folder, exit code and output."""
    assert name in _BUILDS, f"the {name} build was not started at collection"
    build = _BUILDS[name]
    code = build["process"].wait()
    build["log"].flush()
    output = (build["out"].parent / "build.log").read_text(encoding="utf-8", errors="replace")
    assert may_fail or code == 0, f"the {name} build failed (exit {code}):\n{output[-4000:]}"
    return {**build, "code": code, "output": output}


@pytest.fixture(scope="session")
def real_site():
    """The whole book, built from data/ (or from the folder in LLMECON_TEST_DATA, as `make test DATA=...` sets):
    what the browser tests read and the site-wide checks (links, every verdict) run on."""
    return _finished("real")["out"] / "html"


@pytest.fixture(scope="session")
def small_book():
    """Chapter 1 and the report pages built on a copy of the small fixture: the partial build that the cache,
    failure, determinism and data-change tests start from."""
    from llmecon.core.data import open_dataset

    build = _finished("small")
    return {
        "out": build["out"],
        "data": build["data"],
        "as_of": open_dataset(build["data"]).snapshot_date().isoformat(),
    }


@pytest.fixture(scope="session")
def offline_build():
    """Chapter 1 on the small fixture built again with plain kernels, cut off from the network where the machine
    allows it (`offline` is None where it does not, with the reason in `why_not`)."""
    build = _finished("offline", may_fail=True)
    why_not = network_namespaces()
    offline = None if why_not else ("offline" in build["output"] and "NETWORK REACHABLE" not in build["output"])
    return {**build, "offline": offline, "why_not": why_not}


@pytest.fixture(autouse=True)
def _fast_tests_start_no_kernel(request, monkeypatch):
    """A test not marked `book` starts no kernel and no zygote, so that `pytest -m "not book"` stays fast."""
    if request.node.get_closest_marker("book"):
        return

    def refuse(*_args, **_kwargs):
        raise AssertionError(f"{request.node.nodeid} starts a kernel: mark it `book`")

    for target in (
        "jupyter_client.manager.KernelManager.start_kernel",
        "jupyter_client.manager.AsyncKernelManager.start_kernel",
        "llmecon.site.builder.zygote.Zygote.__init__",
    ):
        monkeypatch.setattr(target, refuse)
