"""The results record (every glued value and verdict of every chapter) and the checks made on it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import nbformat

from llmecon.core import claims
from llmecon.site import report

from .cache import Manifest, sha256_file
from .stage import CHAPTER_DIR, Document


def write_results(
    path: Path,
    previous_path: Path,
    manifest: Manifest,
    chapters: list[Document],
    root: Path,
    data_dir: Path,
    as_of: str,
) -> None:
    """Write the results record; keep the last different one for the 'what changed' page."""
    record = {
        "as_of": as_of,
        "data_dir": str(data_dir),
        "data_files": {
            p.name: sha256_file(p) for p in sorted(data_dir.iterdir()) if p.is_file() and not p.name.startswith(".")
        },
        "git_commit": git_commit(root),
        "chapters": {},
    }
    for ch in chapters:
        entry = manifest.get(ch.stem)
        record["chapters"][ch.stem] = {
            **claims.read_results(ch.executed),
            "executed_at": entry.get("executed_at"),
            "seconds": entry.get("seconds"),
            "parameters": entry.get("parameters"),
            "reads": sorted(entry.get("reads", {})),
        }
    executed_dir = path.parent
    if path.exists():
        current = json.loads(path.read_text())
        if findings(current) != findings(record) or current.get("data_files") != record["data_files"]:
            shutil.copy2(path, previous_path)
            report.rotate_data_copy(executed_dir)
    report.keep_data_copy(data_dir, executed_dir)
    path.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False))


def ledger_problems(ledger, chapters: dict) -> list[str]:
    """Why the book is incomplete: a claim without a verdict from the chapter assigned to test it, or a
    verdict for a claim the ledger does not assign to that chapter."""
    problems = []
    for claim in ledger.itertuples(index=False):
        stem = f"{CHAPTER_DIR}{claim.chapter}"
        if stem not in chapters:
            problems.append(f"{claim.claim_id}: its chapter {claim.chapter} was not built (is it in _toc.yml?)")
        elif claim.claim_id not in chapters[stem]["verdicts"]:
            problems.append(f"{claim.claim_id}: chapter {claim.chapter} gives it no verdict")
    assigned = dict(zip(ledger["claim_id"], ledger["chapter"]))
    for stem, chapter in chapters.items():
        for claim_id in chapter["verdicts"]:
            if claim_id not in assigned:
                problems.append(f"{claim_id}: {stem} judges a claim that is not in claims.csv")
            elif f"{CHAPTER_DIR}{assigned[claim_id]}" != stem:
                problems.append(f"{claim_id}: judged by {stem}, but claims.csv assigns it to {assigned[claim_id]}")
    return problems


def report_key(report_page: Document, record: dict, previous: Path | None) -> str:
    """What a report page's output depends on: the findings, and the build timings only for a page that
    says it shows them (notebook metadata `llmecon: {shows_build_timings: true}`), so re-running one
    chapter with unchanged findings does not re-execute the landing page."""
    metadata = nbformat.read(report_page.source, as_version=4).metadata.get("llmecon", {})
    if not metadata.get("shows_build_timings"):
        record = without_timings(record)
    key = hashlib.sha256(json.dumps(record, sort_keys=True).encode())
    key.update(sha256_file(previous).encode() if previous else b"")
    return key.hexdigest()


def findings(record: dict) -> dict:
    """What a build found (glued values and verdicts per chapter), without when or how fast."""
    return {
        stem: {"values": c.get("values"), "verdicts": c.get("verdicts")}
        for stem, c in record.get("chapters", {}).items()
    }


def without_timings(record: dict) -> dict:
    """A results record less when and how fast each chapter ran."""
    return {
        **record,
        "chapters": {
            stem: {k: v for k, v in chapter.items() if k not in ("executed_at", "seconds")}
            for stem, chapter in record.get("chapters", {}).items()
        },
    }


def git_commit(root: Path) -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
