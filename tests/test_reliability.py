"""The build fails safely and behaves the same every time: timeouts, no network, determinism."""

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import LAST_GOOD_SITE, ROOT, SMALL_BOOK_CHAPTER, SMALL_DATA, book_with_altered_chapter
from llmecon.site import builder

pytestmark = pytest.mark.book
CHAPTER = SMALL_BOOK_CHAPTER


def _findings(out):
    record = json.loads((out / "executed" / "results.json").read_text())
    return {stem: {"values": c["values"], "verdicts": c["verdicts"]} for stem, c in record["chapters"].items()}


def test_a_chapter_that_times_out_fails_the_build_and_keeps_the_last_site(tmp_path):
    root, out = book_with_altered_chapter(tmp_path, "slow", 1, ["import time\n", "time.sleep(60)\n"])
    with pytest.raises(builder.BuildError) as raised:
        builder.Builder(root, SMALL_DATA, out, log=lambda *_: None, cell_timeout=3).run()
    message = str(raised.value)
    assert "chapter chapters/slow failed at cell 3" in message and "import time" in message
    assert "timed out" in message.lower()
    assert (out / "html" / "index.html").read_text() == LAST_GOOD_SITE
    kept = (out / "executed" / "chapters" / "slow.ipynb").read_text()
    assert "time.sleep(60)" in kept and "timed out" in kept


def test_the_build_needs_no_network(offline_build):
    if offline_build["offline"] is None:
        pytest.skip(offline_build["why_not"])
    assert offline_build["offline"], offline_build["output"][-2000:]
    assert offline_build["code"] == 0, offline_build["output"][-4000:]
    assert (offline_build["out"] / "html" / "chapters" / "01_inference_cost_laws.html").exists()


def test_two_builds_from_the_same_data_agree_exactly(small_book, offline_build):
    assert offline_build["code"] == 0, offline_build["output"][-4000:]
    first, second = _findings(small_book["out"]), _findings(offline_build["out"])
    assert first == second
    assert first[CHAPTER]["verdicts"] and first[CHAPTER]["values"]["pooled_factor"] > 0


def test_two_runs_of_a_chapter_give_sphinx_the_same_page(small_book, offline_build):
    """Chapter 1 run twice on the same data (the two builds name different folders, which the page shows):
    no run time, random id or memory address reaches the staged page, so a chapter that runs again with the
    same outputs is not rendered again."""
    assert offline_build["code"] == 0, offline_build["output"][-4000:]
    first, second = (_normalised(b, b["out"] / "stage" / f"{CHAPTER}.ipynb") for b in (small_book, offline_build))
    assert "T_t1" in first and "DATA" in first
    assert first == second


def _normalised(build, path: Path) -> str:
    """A file of a build with the build's own folders named the same way whichever build wrote it."""
    text = path.read_text(encoding="utf-8").replace(str(build["data"]), "DATA").replace(str(build["out"]), "OUT")
    if build["data"].is_relative_to(ROOT):  # the parameter table names a folder inside the project relatively
        text = text.replace(build["data"].relative_to(ROOT).as_posix(), "DATA")
    # A table's plain text pads its columns to the longest value, here the builds' folders of different lengths.
    return re.sub(r" {2,}", " ", text)


def test_plain_and_forked_kernels_give_the_same_results_and_pages(small_book, offline_build):
    """The small book (forked kernels, the default here) and the offline build (`--kernels plain`): the same results
    record, less when and how fast each chapter ran, and the same staged pages, less the status page, which shows
    those timings."""
    assert offline_build["code"] == 0, offline_build["output"][-4000:]
    assert " at a time, plain kernels" in offline_build["output"]
    assert " at a time, forked kernels" in (small_book["out"].parent / "build.log").read_text()
    builds = (small_book, offline_build)
    records = []
    for build in builds:
        record = json.loads(_normalised(build, build["out"] / "executed" / "results.json"))
        for chapter in record["chapters"].values():
            del chapter["executed_at"], chapter["seconds"]
        records.append(record)
    assert records[0] == records[1]
    assert records[0]["chapters"][CHAPTER]["verdicts"]
    stage_pages = [
        sorted(p.relative_to(b["out"] / "stage") for p in (b["out"] / "stage").rglob("*.ipynb")) for b in builds
    ]
    assert stage_pages[0] == stage_pages[1] and len(stage_pages[0]) >= 6
    for page in stage_pages[0]:
        if page.as_posix() != "about/status.ipynb":
            texts = [_normalised(b, b["out"] / "stage" / page) for b in builds]
            assert texts[0] == texts[1], f"{page} differs between forked and plain kernels"


def test_a_sphinx_warning_fails_the_build_and_keeps_the_last_site(tmp_path):
    """Rendering treats warnings as errors: a page citing a label that does not exist stops the build."""
    root = tmp_path / "book"
    root.mkdir()
    for name in ("_config.yml", "index.ipynb"):
        shutil.copy(ROOT / name, root / name)
    for name in ("_static", "node_modules"):
        (root / name).symlink_to(ROOT / name)
    (root / "bad.md").write_text("# A page\n\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n- file: bad\n", encoding="utf-8")
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "index.html").write_text(LAST_GOOD_SITE)
    with pytest.raises(builder.BuildError) as raised:
        builder.Builder(root, SMALL_DATA, out, only=["bad"], log=lambda *_: None).run()
    message = str(raised.value)
    assert "HTML build failed (warnings are errors)" in message and "no-such-label" in message
    assert (out / "html" / "index.html").read_text() == LAST_GOOD_SITE
