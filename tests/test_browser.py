"""The real book, built from data/, read in headless Debian Chromium with every non-local request blocked."""

import csv
import functools
from html import escape
import http.server
import io
import json
import os
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from llmecon import build, charts

from conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ROOT_DOC, CHAPTERS = build.toc_documents(ROOT)
# LLMECON_TEST_ONLY narrows the browser tests to some chapters while one is being written.
ONLY = os.environ.get("LLMECON_TEST_ONLY", "").split() or None
CHAPTERS = [c for c in CHAPTERS if ONLY is None or c in ONLY or not c.startswith("chapters/")]
PAGES = [f"{ROOT_DOC}.html"] + [f"{doc}.html" for doc in CHAPTERS]
# Theme noise on every page, harmless and unrelated to charts: sphinx-thebe declares THEBE_JS_URL twice,
# and pydata-sphinx-theme complains that no colour mode is stored in a fresh browser profile.
KNOWN_CONSOLE_NOISE = ("THEBE_JS_URL", "Got invalid theme mode")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The whole book, built from data/ (or from the folder in LLMECON_TEST_DATA, as `make test DATA=...` sets)."""
    out = tmp_path_factory.mktemp("real") / "_build"
    data_dir = Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")
    build.Builder(ROOT, data_dir, out, only=ONLY, log=lambda *_: None).run()
    return out / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(real_site):
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: `make test` installs it"
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def _open(browser, url, shots: Path | None = None, name: str = "page"):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, blocked = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "file://", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    charts = page.locator(".llmecon-chart")
    if charts.count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('.llmecon-chart')].every(c => c.querySelector('svg.marks, canvas.marks'))",
            timeout=30_000)
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    return page, [e for e in errors if not any(n in e for n in KNOWN_CONSOLE_NOISE)], blocked


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_with_every_chart_drawn(server, browser, real_site, path):
    page, errors, blocked = _open(browser, f"{server}/{path}", real_site.parent, path.replace("/", "_"))
    body = page.inner_text("body")
    assert "Error loading script" not in body
    assert "<VegaLite" not in page.content()
    assert "Chart failed to render" not in body and "needs the vega libraries" not in body
    assert not errors, errors
    charts = page.locator(".llmecon-chart")
    assert page.locator(".llmecon-chart svg.marks").count() == charts.count()
    if path.startswith("chapters/"):
        assert charts.count() >= 1, "every chapter has at least one chart"
        # Glued numbers are filled in, not left as raw roles.
        assert page.locator(".pasted-text").count() >= 5
        assert "{glue:text}" not in body and "glue:text" not in body
    page.close()


def test_chart_tooltips_name_model_and_source(server, browser):
    page, _, _ = _open(browser, f"{server}/chapters/01_inference_cost_laws.html")
    point = page.locator(".llmecon-chart svg.marks path[aria-roledescription='point'], .llmecon-chart svg.marks .mark-symbol path").first
    point.hover(force=True)
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
    tooltip = page.inner_text("#vg-tooltip-element")
    assert "Model" in tooltip and "Source" in tooltip and "Price from" in tooltip
    page.close()


def test_pages_work_from_file_urls(browser, real_site):
    page, errors, _ = _open(browser, (real_site / "chapters" / "01_inference_cost_laws.html").as_uri())
    assert page.locator(".llmecon-chart svg.marks").count() >= 3
    assert not errors, errors
    page.close()


def _chart_specs(html: str) -> dict[str, dict]:
    """Each chart's Vega-Lite spec as embedded in the page, by chart id."""
    specs = {}
    for chart_id, payload in re.findall(r'<div class="llmecon-chart" id="(chart-[0-9a-f]{12})".*?var spec = (\{.*?\});\n',
                                        html, re.S):
        specs[chart_id] = json.loads(payload.replace("<\\/", "</").replace("<\\!--", "<!--"))
    return specs


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/")])
def test_every_chart_links_its_plotted_rows_and_static_figures(server, browser, real_site, path):
    specs = _chart_specs((real_site / path).read_text(encoding="utf-8"))
    assert specs, f"{path} has no charts"
    page, _, _ = _open(browser, f"{server}/{path}")
    for chart_id, spec in specs.items():
        links = {a.get_attribute("data-figure").rsplit(".", 1)[1]: a.evaluate("a => a.href")
                 for a in page.locator(f"a[data-figure^='{chart_id}.']").all()}
        assert set(links) == {"csv", "svg", "png"}, links
        served = page.request.get(links["csv"])
        assert served.ok
        assert served.text() == charts.rows_to_csv(charts.plotted_rows(spec))
        rows = list(csv.DictReader(io.StringIO(served.text())))
        assert len(rows) == len(charts.plotted_rows(spec)) > 0
        assert not any(str(v).startswith(("=", "+", "@")) for row in rows for v in row.values())
        svg = page.request.get(links["svg"])
        assert svg.ok and svg.text().lstrip().startswith("<svg")
        png = page.request.get(links["png"])
        assert png.ok and png.body()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()


PUBLISHED_TABLES = {
    "inference_fits.csv": ["benchmark", "threshold", "basis", "first", "last", "points", "factor", "ci_low", "ci_high"],
    "epoch_replication.csv": ["benchmark", "threshold", "inputs", "window_start", "window_end", "factor", "ci_low",
                              "ci_high", "epoch_factor", "epoch_ci_low", "epoch_ci_high"],
}


@pytest.mark.skipif(ONLY is not None and "chapters/01_inference_cost_laws" not in ONLY, reason="chapter 1 not built")
def test_chapter_one_links_its_published_tables(server, browser):
    page, _, _ = _open(browser, f"{server}/chapters/01_inference_cost_laws.html")
    for name, header in PUBLISHED_TABLES.items():
        link = page.locator(f"a[data-table='{name}']")
        assert link.count() == 1, f"chapter 1 does not link {name}"
        assert name in link.inner_text()
        served = page.request.get(link.evaluate("a => a.href"))
        assert served.ok, name
        rows = list(csv.DictReader(io.StringIO(served.text())))
        assert rows and list(rows[0]) == header
        assert {r["benchmark"] for r in rows} <= {"mmlu", "gpqa_diamond", "humaneval", "math500", "arena_elo", "eci"}
    fits = list(csv.DictReader(io.StringIO(page.request.get(f"{server}/_static/figures/inference_fits.csv").text())))
    assert {r["basis"] for r in fits} == {"per_token", "per_answer"}
    replication = list(csv.DictReader(io.StringIO(page.request.get(f"{server}/_static/figures/epoch_replication.csv").text())))
    assert {r["inputs"] for r in replication} == {"epoch", "book"}
    page.close()


def test_data_package_download(server, browser):
    page, _, _ = _open(browser, f"{server}/index.html")
    href = page.locator("a[href$='llm-economics-data.zip']").first.evaluate("a => a.href")
    archive = zipfile.ZipFile(io.BytesIO(page.request.get(href).body()))
    names = set(archive.namelist())
    assert {"data/datapackage.json", "data/sources.csv", "data/claims.csv", "data/prices.csv"} <= names
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(server, browser, path):
    page, _, _ = _open(browser, f"{server}/{path}")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes, e.g. ' + v.nodes[0].target.join(' ') + ')');
    }""")
    assert not violations, violations
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_within_budget(real_site, path):
    """Each page's own HTML stays under 300 KB; the shared scripts and styles are cached once per site."""
    assert (real_site / path).stat().st_size <= 300 * 1024


def test_pdf_prints_charts_as_images(real_site, browser, tmp_path):
    from pypdf import PdfReader

    from llmecon import pdf

    target = pdf.print_book(ROOT, real_site, tmp_path / "book.pdf", browser)
    reader = PdfReader(str(target))
    assert len(reader.pages) > len(PAGES)
    with_images = [i for i, page in enumerate(reader.pages) if page.images]
    assert with_images, "no page of the PDF carries a chart image"
    text = " ".join((page.extract_text() or "") for page in reader.pages[:3]).replace("\n", " ")
    assert "The economics of large" in text and "Headline verdicts" in text


def test_sources_appendix_lists_every_source(real_site):
    from llmecon.data import open_dataset

    html = (real_site / "about" / "sources.html").read_text(encoding="utf-8")
    sources = open_dataset(Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")).sources
    missing = [s.source_id for s in sources.itertuples() if f'href="{escape(s.url, quote=True)}"' not in html]
    assert not missing, missing


def test_status_page_names_every_chapter_with_its_run(real_site):
    html = (real_site / "about" / "status.html").read_text(encoding="utf-8")
    for doc in CHAPTERS:
        if doc.startswith("chapters/"):
            assert doc.split("/")[-1] in html
    assert re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d", html), "no execution time shown"


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/")])
def test_every_chapter_says_how_to_rerun_it(real_site, path):
    from bs4 import BeautifulSoup

    text = BeautifulSoup((real_site / path).read_text(encoding="utf-8"), "html.parser").get_text()
    command = re.search(r"papermill chapters/\S+\.ipynb \S+\.ipynb", text)
    assert command, "no copy-paste papermill command"
    assert " -p " in text and "JupyterLab" in text
