"""The build end to end: papermill, results record, Jupyter Book, caching, failures."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import LAST_GOOD_SITE, ONLY, ROOT, SMALL_BOOK_CHAPTER, SMALL_DATA, book_with_altered_chapter
from llmecon.analysis import inference_cost_laws as inference
from llmecon.core.data import open_dataset
from llmecon.site import builder

pytestmark = pytest.mark.book
CHAPTER = SMALL_BOOK_CHAPTER


def _glued(html_path: Path) -> list[str]:
    return re.findall(r'<span class="pasted-text">([^<]*)</span>', html_path.read_text(encoding="utf-8"))


def _values(out: Path) -> dict:
    record = json.loads((out / "executed" / "results.json").read_text())
    return record["chapters"][CHAPTER]["values"]


def _expected_fits(data_dir: Path, as_of):
    """The chapter's headline computation with its default parameters, redone through the package."""
    dataset = open_dataset(data_dir)
    thresholds = {
        "mmlu": [65.0, 70.0, 80.0, 85.0],
        "gpqa_diamond": [35.0, 45.0, 55.0, 65.0, 75.0],
        "eci": [115.0, 120.0, 125.0, 130.0, 135.0, 140.0],
    }
    return inference.measure_rates(
        dataset,
        as_of,
        "2021-11-01",
        0.75,
        thresholds,
        ["developer", "artificial_analysis", "epoch", "epoch_compiled"],
        False,
        0.9,
        12,
        bootstrap_draws=2000,
        seed=20250312,
        benchmark_evaluators={
            "gpqa_diamond": ["epoch", "artificial_analysis", "developer", "epoch_compiled"],
            "eci": ["epoch"],
        },
    )


def test_glued_numbers_in_the_html_equal_the_package_computation(small_book):
    measured = _expected_fits(small_book["data"], small_book["as_of"])
    values = _values(small_book["out"])
    assert values["pooled_factor"] == pytest.approx(measured.pooled.annual_decline_factor)
    assert values["median_factor"] == pytest.approx(float(measured.fits["factor"].median()))
    assert values["n_fits"] == int(measured.fits["factor"].notna().sum())
    glued = _glued(small_book["out"] / "html" / f"{CHAPTER}.html")
    assert f"{measured.pooled.annual_decline_factor:.1f}" in glued
    assert f"{measured.fits['factor'].median():.1f}" in glued
    assert f"{10 ** (12 / 18):.2f}" in glued  # ÷10 per 18 months, per year


def test_verdicts_reach_the_landing_page(small_book):
    record = json.loads((small_book["out"] / "executed" / "results.json").read_text())
    verdicts = record["chapters"][CHAPTER]["verdicts"]
    assert verdicts["a000-inference-10x-per-year"]["verdict"] in {"holds", "partly holds", "does not hold"}
    index = (small_book["out"] / "html" / "index.html").read_text(encoding="utf-8")
    assert "a000-inference-10x-per-year" in index
    row = re.search(r"a000-search-query-cost-2024</code>.*?</tr>", index, re.S).group(0)
    assert verdicts["a000-search-query-cost-2024"]["verdict"] in row


def test_no_change_rebuild_executes_nothing(small_book):
    logs = []
    builder.Builder(ROOT, small_book["data"], small_book["out"], only=[CHAPTER], log=logs.append).run()
    assert not any(line.startswith("executing") for line in logs), logs


def test_changing_a_price_re_executes_and_changes_the_fitted_rates(small_book, tmp_path):
    out = tmp_path / "_build"
    shutil.copytree(small_book["out"], out, symlinks=True)
    before = _values(out)["pooled_factor"]
    prices = small_book["data"] / "prices.csv"
    original = prices.read_text(encoding="utf-8")
    try:
        table = pd.read_csv(prices, dtype=str, keep_default_na=False)
        # Make the price behind the latest record low of the fits ten times cheaper.
        steps = _expected_fits(small_book["data"], small_book["as_of"]).steps
        record = steps[steps["is_record"]].sort_values("date").iloc[-1]
        latest = table[
            (table["model_id"] == record["model_id"])
            & (table["provider"] == record["provider"])
            & (table["effective_date"] == f"{record['date']:%Y-%m-%d}")
        ].index[0]
        table.loc[latest, "input_per_m"] = str(float(table.loc[latest, "input_per_m"]) / 10)
        table.loc[latest, "output_per_m"] = str(float(table.loc[latest, "output_per_m"]) / 10)
        table.to_csv(prices, index=False)
        logs = []
        builder.Builder(ROOT, small_book["data"], out, only=[CHAPTER], log=logs.append).run()
        assert any(line.startswith("executing") and CHAPTER in line for line in logs), logs
        after = _values(out)["pooled_factor"]
        expected = _expected_fits(small_book["data"], small_book["as_of"])
        assert after == pytest.approx(expected.pooled.annual_decline_factor)
        assert after != pytest.approx(before)
    finally:
        prices.write_text(original, encoding="utf-8")


def _project_copy(tmp_path: Path) -> Path:
    """The book's sources in a folder of their own, to edit; the same content keys as the project's."""
    root = tmp_path / "book"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml", "index.ipynb", "requirements.txt", "package-lock.json"):
        shutil.copy(ROOT / name, root / name)
    for folder in ("_static", "about", "chapters"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


def test_prose_title_and_style_edits_are_published_without_executing_anything(small_book, tmp_path):
    """A chapter whose prose alone changed keeps its outputs; a new chapter title reaches every page's sidebar
    (Sphinx alone would write only the retitled page); a style sheet changed with no page must still reach the
    site (Sphinx copies static files only when it writes a page), and every page must name its new checksum.
    One rebuild checks all three."""
    root = _project_copy(tmp_path)
    chapter = root / f"{CHAPTER}.ipynb"
    notebook = json.loads(chapter.read_text(encoding="utf-8"))
    prose = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    old_title = "".join(prose["source"]).splitlines()[0].removeprefix("# ")
    new_title = "Inference cost laws, retitled by a test"
    prose["source"] = (
        "".join(prose["source"]).replace(old_title, new_title, 1) + "\n\nA sentence the prose-edit test added."
    )
    chapter.write_text(json.dumps(notebook), encoding="utf-8")
    out = tmp_path / "_build"
    shutil.copytree(small_book["out"], out, symlinks=True)
    logs = []
    builder.Builder(root, small_book["data"], out, only=[CHAPTER], log=logs.append).run()
    assert any("a page title changed, so every page is written" in line for line in logs), logs
    assert f"chapters: only the prose changed, outputs kept: {CHAPTER}" in logs
    assert not any(line.startswith("executing chapters") for line in logs), logs
    page = out / "html" / f"{CHAPTER}.html"
    assert "A sentence the prose-edit test added." in page.read_text(encoding="utf-8")
    pages = [p for p in (out / "html").rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= 6
    for other in pages:
        sidebar = other.read_text(encoding="utf-8").split('id="pst-primary-sidebar"', 1)[-1].split("</nav>", 1)[0]
        assert new_title in sidebar and old_title not in sidebar, f"{other.name}'s sidebar has the old title"
    assert _glued(page) == _glued(small_book["out"] / "html" / f"{CHAPTER}.html")
    assert _values(out) == _values(small_book["out"])

    with (root / "_static" / "book.css").open("a", encoding="utf-8") as css:
        css.write("\n.llmecon-test-marker { color: inherit; }\n")
    logs = []
    builder.Builder(root, small_book["data"], out, only=[CHAPTER], log=logs.append).run()
    assert any("a style sheet or script changed, so every page is written" in line for line in logs), logs
    assert ".llmecon-test-marker" in (out / "html" / "_static" / "book.css").read_text(encoding="utf-8")
    checksum = re.compile(r"book\.css\?v=([0-9a-f]+)")
    for name in ("index.html", f"{CHAPTER}.html", "about/methods.html"):
        before = checksum.search((small_book["out"] / "html" / name).read_text(encoding="utf-8")).group(1)
        assert checksum.search((out / "html" / name).read_text(encoding="utf-8")).group(1) != before, name


def test_bad_data_stops_the_build_and_keeps_the_last_site(small_book, tmp_path, capsys):
    data_dir = tmp_path / "data"
    shutil.copytree(small_book["data"], data_dir)
    prices = data_dir / "prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[lines[0].split(",").index("input_per_m")] = "-1"
    lines[1] = ",".join(fields)
    prices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "html" / "index.html").write_text("last good site")
    code = builder.main(["--root", str(ROOT), "--data", str(data_dir), "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "prices.csv, line 2, column 'input_per_m'" in err
    assert (out / "html" / "index.html").read_text() == "last good site"


def test_a_failing_chapter_names_chapter_and_cell_and_keeps_the_last_site(small_book, tmp_path):
    root, out = book_with_altered_chapter(
        tmp_path, "broken", 2, ["raise RuntimeError('deliberately broken for the test')\n"]
    )
    with pytest.raises(builder.BuildError) as raised:
        builder.Builder(root, small_book["data"], out, log=lambda *_: None).run()
    message = str(raised.value)
    assert "chapter chapters/broken failed at cell" in message
    assert "RuntimeError: deliberately broken for the test" in message
    assert "raise RuntimeError" in message  # the failing cell's code is quoted
    assert (out / "html" / "index.html").read_text() == LAST_GOOD_SITE
    executed = json.loads((out / "executed" / "chapters" / "broken.ipynb").read_text())
    tracebacks = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert tracebacks and tracebacks[0]["ename"] == "RuntimeError"


def test_ledger_check_fails_on_a_claim_without_a_verdict(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(SMALL_DATA, data_dir)
    claims = (data_dir / "claims.csv").read_text(encoding="utf-8").splitlines()
    kept = [claims[0]] + [line for line in claims if line.startswith("a000-inference-10x-per-year,")]
    kept.append(
        "a000-unjudged,000_6f6d29521594749d.txt,每年十倍,An extra claim no chapter judges,10,10,"
        "x per year,2024-12-01,inference_cost,01_inference_cost_laws,"
    )
    kept.append(
        "a001-orphan,001_b96526bf4526be4e.txt,每年十倍,A claim for a chapter that was not built,10,10,"
        "x per year,2024-12-01,inference_cost,02_training_costs,"
    )
    (data_dir / "claims.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    chapters = {
        CHAPTER: {
            "verdicts": {
                "a000-inference-10x-per-year": {"verdict": "holds"},
                "a004-not-in-ledger": {"verdict": "holds"},
            }
        }
    }
    message = "\n".join(builder.results.ledger_problems(open_dataset(data_dir).claims, chapters))
    assert "a000-unjudged: chapter 01_inference_cost_laws gives it no verdict" in message
    assert "a004-not-in-ledger" in message and "not in claims.csv" in message
    assert "a001-orphan: its chapter 02_training_costs was not built" in message
    assert "a000-inference-10x-per-year" not in message  # judged by its own chapter: no problem


def test_chapter_one_publishes_its_tables_in_the_site(small_book):
    html = (small_book["out"] / "html" / f"{CHAPTER}.html").read_text(encoding="utf-8")
    for name in ("inference_fits.csv", "epoch_replication.csv"):
        assert f'data-table="{name}" href="../_static/figures/{name}"' in html
        table = pd.read_csv(small_book["out"] / "html" / "_static" / "figures" / name)
        assert len(table) > 0
    replication = pd.read_csv(small_book["out"] / "html" / "_static" / "figures" / "epoch_replication.csv")
    on_epoch = replication[replication["inputs"] == "epoch"]
    assert on_epoch["factor"].between(on_epoch["epoch_ci_low"], on_epoch["epoch_ci_high"]).all()


def test_every_internal_link_and_anchor_of_the_site_resolves(real_site):
    """Every href inside the built site points at a page that exists and, with a #fragment, at an id on it."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.links = set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if attrs.get("id"):
                self.ids.add(attrs["id"])
            if tag == "a" and attrs.get("name"):
                self.ids.add(attrs["name"])
            if tag == "a" and attrs.get("href"):
                self.links.append(attrs["href"])

    site = real_site
    pages = {}
    for page in site.rglob("*.html"):
        collector = Collector()
        collector.feed(page.read_text(encoding="utf-8"))
        pages[page.resolve()] = collector
    broken = []
    for page, collector in pages.items():
        for href in collector.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "javascript:")) or (not parts.path and not parts.fragment):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {href} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(site)}: {href} (no element with that id)")
    assert not broken, "\n".join(broken[:40])
    # The landing page links to verdicts by their anchors, and those land on an element, not the top of a chapter.
    landing = pages[(site / "index.html").resolve()]
    assert any("#verdict-a001-h100-vs-a100-1-5-2x" in href for href in landing.links)


@pytest.mark.skipif(ONLY is not None, reason="LLMECON_TEST_ONLY builds some chapters only")
def test_every_verdict_on_the_rules_api_carries_its_value_and_rule(real_site):
    record = json.loads((real_site.parent / "executed" / "results.json").read_text())
    on_api = [stem for stem in record["chapters"] if stem.startswith("chapters/")]
    assert on_api == [doc for doc in builder.toc_documents(ROOT)[1] if doc.startswith("chapters/")]
    for stem in on_api:
        for claim_id, verdict in record["chapters"][stem]["verdicts"].items():
            assert verdict["rule"] and verdict["rule"]["name"], f"{claim_id}: no rule"
            if verdict["verdict"] == "untestable":
                assert verdict["value"] is None and verdict["rule"]["ground"]
            else:
                assert isinstance(verdict["value"], (int, float)), f"{claim_id}: no measured value"


def test_no_page_shows_a_bare_value(real_site):
    """A cell ending in a call that returns its value (glue helpers do) would print `np.float64(45.45...)` on the
    page: every executed notebook's results are charts, tables or nothing."""
    executed = real_site.parent / "executed"
    bare = []
    for notebook in sorted(executed.rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result" and set(output["data"]) == {"text/plain"}:
                    bare.append(f"{notebook.relative_to(executed)}: {output['data']['text/plain'][:60]}")
    assert not bare, bare
