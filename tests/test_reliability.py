"""The build fails safely and behaves the same every time: timeouts, no network, determinism."""

import json
import shutil
import subprocess
import sys

import pytest

from llmecon.site import build

from conftest import LAST_GOOD_SITE, ROOT, SMALL_BOOK_CHAPTER, SMALL_DATA, book_with_altered_chapter

pytestmark = pytest.mark.book
CHAPTER = SMALL_BOOK_CHAPTER


def _findings(out):
    record = json.loads((out / "executed" / "results.json").read_text())
    return {stem: {"values": c["values"], "verdicts": c["verdicts"]} for stem, c in record["chapters"].items()}


def test_a_chapter_that_times_out_fails_the_build_and_keeps_the_last_site(tmp_path):
    root, out = book_with_altered_chapter(tmp_path, "slow", 1, ["import time\n", "time.sleep(60)\n"])
    with pytest.raises(build.BuildError) as raised:
        build.Builder(root, SMALL_DATA, out, log=lambda *_: None, cell_timeout=3).run()
    message = str(raised.value)
    assert "chapter chapters/slow failed at cell 3" in message and "import time" in message
    assert "timed out" in message.lower()
    assert (out / "html" / "index.html").read_text() == LAST_GOOD_SITE
    kept = (out / "executed" / "chapters" / "slow.ipynb").read_text()
    assert "time.sleep(60)" in kept and "timed out" in kept


def _network_namespaces() -> str | None:
    """Why the build cannot be cut off from the network here, or None when it can."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "needs unshare and ip (util-linux, iproute2) to cut the network"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        return f"network namespaces are not allowed here: {probe.stderr.decode().strip()}"
    return None


@pytest.fixture(scope="module")
def second_build(tmp_path_factory):
    """Chapter 1 on the small fixture built again, in a network namespace with only loopback (papermill's
    kernels talk over it) where the machine allows one: the same build then shows both that the build needs
    no network and that it repeats the small book's findings exactly."""
    out = tmp_path_factory.mktemp("second") / "_build"
    command = f"{sys.executable} -m llmecon.site.build --root {ROOT} --data {SMALL_DATA} --out {out} --only {CHAPTER}"
    why_not = _network_namespaces()
    if why_not:
        done = subprocess.run(command.split(), capture_output=True, text=True, timeout=900)
        return {"out": out, "done": done, "offline": None, "why_not": why_not}
    script = (f"ip link set lo up && {sys.executable} -c \"import urllib.request as u\n"
              f"try:\n    u.urlopen('https://pypi.org', timeout=5); print('NETWORK REACHABLE')\n"
              f"except OSError:\n    print('offline')\" && {command}")
    done = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, timeout=900)
    return {"out": out, "done": done, "offline": "offline" in done.stdout and "NETWORK REACHABLE" not in done.stdout}


def test_the_build_needs_no_network(second_build):
    if second_build["offline"] is None:
        pytest.skip(second_build["why_not"])
    done = second_build["done"]
    assert second_build["offline"], done.stdout[-2000:]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (second_build["out"] / "html" / "chapters" / "01_inference_cost_laws.html").exists()


def test_two_builds_from_the_same_data_agree_exactly(small_book, second_build):
    done = second_build["done"]
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    first, second = _findings(small_book["out"]), _findings(second_build["out"])
    assert first == second
    assert first[CHAPTER]["verdicts"] and first[CHAPTER]["values"]["pooled_factor"] > 0
