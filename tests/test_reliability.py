"""The build fails safely and behaves the same every time: timeouts, no network, determinism."""

import json
import shutil
import subprocess
import sys

import pytest

from llmecon.site import build

from conftest import FIXTURES, LAST_GOOD_SITE, ROOT, book_with_altered_chapter

pytestmark = pytest.mark.book
SMALL_DATA = FIXTURES / "data_small"
CHAPTER = "chapters/01_inference_cost_laws"


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


def test_two_builds_from_the_same_data_agree_exactly(tmp_path):
    outs = []
    for run in ("first", "second"):
        out = tmp_path / run / "_build"
        build.Builder(ROOT, SMALL_DATA, out, only=[CHAPTER], log=lambda *_: None).run()
        outs.append(out)
    first, second = (_findings(o) for o in outs)
    assert first == second
    assert first[CHAPTER]["verdicts"] and first[CHAPTER]["values"]["pooled_factor"] > 0


@pytest.mark.skipif(shutil.which("unshare") is None or shutil.which("ip") is None,
                    reason="needs unshare and ip (util-linux, iproute2) to cut the network")
def test_the_build_needs_no_network(tmp_path):
    """Build in a network namespace that has only loopback (papermill's kernels talk over it)."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"network namespaces are not allowed here: {probe.stderr.decode().strip()}")
    out = tmp_path / "_build"
    script = (f"ip link set lo up && {sys.executable} -c \"import urllib.request as u\n"
              f"try:\n    u.urlopen('https://pypi.org', timeout=5); print('NETWORK REACHABLE')\n"
              f"except OSError:\n    print('offline')\" && "
              f"{sys.executable} -m llmecon.site.build --root {ROOT} --data {SMALL_DATA} --out {out} --only {CHAPTER}")
    done = subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, timeout=900)
    assert "offline" in done.stdout and "NETWORK REACHABLE" not in done.stdout
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (out / "html" / "chapters" / "01_inference_cost_laws.html").exists()
