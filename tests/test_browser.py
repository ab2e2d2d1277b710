"""The real book, built from data/, read in headless Debian Chromium with every non-local request blocked."""

import csv
import functools
import http.server
import io
import json
import os
import re
import shutil
import threading
import zipfile
from html import escape
from pathlib import Path

import pytest

from conftest import ONLY, ROOT
from llmecon.core import charts
from llmecon.site import builder

pytestmark = [pytest.mark.book, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ROOT_DOC, CHAPTERS = builder.toc_documents(ROOT)
CHAPTERS = [c for c in CHAPTERS if ONLY is None or c in ONLY or not c.startswith("chapters/")]
PAGES = [f"{ROOT_DOC}.html"] + [f"{doc}.html" for doc in CHAPTERS]
CHAPTER_PAGES = [p for p in PAGES if p.startswith("chapters/")]
PHONE_TABLE_PAGES = ["index.html", "about/sources.html"]
WIDTHS = (1280, 768, 390)  # desktop (the first load), tablet, phone
_VISITS: dict[str, dict] = {}
# Theme noise on every page, harmless and unrelated to charts: pydata-sphinx-theme complains that no colour
# mode is stored in a fresh browser profile. (sphinx-thebe's THEBE_JS_URL, declared twice, is included once
# by llmecon.site.sphinx_tidy: its error is not noise any more.)
KNOWN_CONSOLE_NOISE = ("Got invalid theme mode",)


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
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
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
            timeout=30_000,
        )
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    return page, [e for e in errors if not any(n in e for n in KNOWN_CONSOLE_NOISE)], blocked


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_with_every_chart_drawn(server, browser, real_site, path):
    seen = _visit(server, browser, real_site, path)
    assert "Error loading script" not in seen["body"]
    assert "<VegaLite" not in seen["content"]
    assert "Chart failed to render" not in seen["body"] and "needs the vega libraries" not in seen["body"]
    assert not seen["errors"], seen["errors"]
    assert seen["drawn"] == seen["charts"]
    if path.startswith("chapters/"):
        assert seen["charts"] >= 1, "every chapter has at least one chart"
        # Glued numbers are filled in, not left as raw roles.
        assert seen["glued"] >= 5
        assert "{glue:text}" not in seen["body"] and "glue:text" not in seen["body"]


def test_chart_tooltips_name_model_and_source(server, browser):
    page, _, _ = _open(browser, f"{server}/chapters/01_inference_cost_laws.html")
    point = page.locator(
        ".llmecon-chart svg.marks path[aria-roledescription='point'], .llmecon-chart svg.marks .mark-symbol path"
    ).first
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
    for chart_id, payload in re.findall(
        r'<div class="llmecon-chart" id="(chart-[0-9a-f]{12})".*?var spec = (\{.*?\});\n', html, re.S
    ):
        specs[chart_id] = json.loads(payload.replace("<\\/", "</").replace("<\\!--", "<!--"))
    return specs


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_chart_links_its_plotted_rows_and_static_figures(server, browser, real_site, path):
    specs = _chart_specs((real_site / path).read_text(encoding="utf-8"))
    assert specs, f"{path} has no charts"
    downloads = _visit(server, browser, real_site, path)["downloads"]
    for chart_id, spec in specs.items():
        served = downloads[chart_id]
        assert set(served) == {"csv", "svg", "png"}, served
        assert all(s["ok"] for s in served.values())
        assert served["csv"]["text"] == charts.rows_to_csv(charts.plotted_rows(spec))
        rows = list(csv.DictReader(io.StringIO(served["csv"]["text"])))
        assert len(rows) == len(charts.plotted_rows(spec)) > 0
        assert not any(str(v).startswith(("=", "+", "@")) for row in rows for v in row.values())
        assert served["svg"]["text"].lstrip().startswith("<svg")
        assert served["png"]["head"] == b"\x89PNG\r\n\x1a\n"


PUBLISHED_TABLES = {
    "inference_fits.csv": ["benchmark", "threshold", "basis", "first", "last", "points", "factor", "ci_low", "ci_high"],
    "epoch_replication.csv": [
        "benchmark",
        "threshold",
        "inputs",
        "window_start",
        "window_end",
        "factor",
        "ci_low",
        "ci_high",
        "epoch_factor",
        "epoch_ci_low",
        "epoch_ci_high",
    ],
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
    replication = list(
        csv.DictReader(io.StringIO(page.request.get(f"{server}/_static/figures/epoch_replication.csv").text()))
    )
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
def test_no_serious_accessibility_violations(server, browser, real_site, path):
    violations = _visit(server, browser, real_site, path)["violations"]
    assert not violations, violations


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_within_budget(real_site, path):
    """Each page's own HTML stays under 300 KB; the shared scripts and styles are cached once per site."""
    assert (real_site / path).stat().st_size <= 300 * 1024


def _printed_documents() -> list[str]:
    """The landing page and the chapter quoting the ledger's first claim: every page prints through the same
    code (`make pdf` prints them all), and the browser tests check every page's static chart copies."""
    from llmecon.core.data import open_dataset

    first = open_dataset(Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")).claims["chapter"].iloc[0]
    return [ROOT_DOC, f"chapters/{first}"]


@pytest.fixture(scope="session")
def book_pdf(real_site, browser, tmp_path_factory):
    """The book printed as `make pdf` prints it, on the pages the PDF checks read."""
    from llmecon.site import pdf

    return pdf.print_book(ROOT, real_site, tmp_path_factory.mktemp("pdf") / "book.pdf", browser, _printed_documents())


def test_pdf_prints_charts_as_images(book_pdf):
    from pypdf import PdfReader

    target = book_pdf
    reader = PdfReader(str(target))
    assert len(reader.pages) > len(_printed_documents())
    with_images = [i for i, page in enumerate(reader.pages) if page.images]
    assert with_images, "no page of the PDF carries a chart image"
    text = " ".join((page.extract_text() or "") for page in reader.pages[:3]).replace("\n", " ")
    assert "The economics of large" in text and "Headline verdicts" in text


def test_sources_appendix_lists_every_source(real_site):
    from llmecon.core.data import open_dataset

    html = (real_site / "about" / "sources.html").read_text(encoding="utf-8")
    sources = open_dataset(Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")).sources
    missing = [
        s.source_id
        for s in sources.itertuples()
        if f'href="{escape(s.url, quote=True)}"' not in html or f'id="source-{s.source_id}"' not in html
    ]
    assert not missing, missing
    read_via = [s for s in sources.itertuples() if s.provenance in ("archived", "secondary")]
    assert read_via and all(f'via <a href="{escape(s.via_url, quote=True)}"' in html for s in read_via)


def test_status_page_names_every_chapter_with_its_run(real_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((real_site / "about" / "status.html").read_text(encoding="utf-8"), "html.parser")
    rows = {
        cells[0]: cells
        for cells in (
            [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("table tbody tr")
        )
        if cells
    }
    for doc in CHAPTERS:
        if doc.startswith("chapters/"):
            row = rows[doc.split("/")[-1]]
            assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d", row[1]), f"no execution time for {doc}: {row}"


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("chapters/")])
def test_every_chapter_says_how_to_rerun_it(real_site, path):
    from bs4 import BeautifulSoup

    text = BeautifulSoup((real_site / path).read_text(encoding="utf-8"), "html.parser").get_text()
    command = re.search(r"make rerun CHAPTER=\d\d ARGS=", text)
    assert command, "no copy-paste rerun command"
    assert " -p " in text and "JupyterLab" in text


# -- reading the book: named articles, Chinese that prints, the ledger, numbers, charts, what-ifs -------------

VISIBLE_TEXT = """() => {
    // What a reader reads: every piece of text in the page body and its charts, each apart from the next,
    // leaving out code (cells' source, code spans) and scripts.
    const skip = '.cell_input, pre, code, script, style, .llmecon-downloads';
    const root = document.querySelector('main') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const pieces = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest(skip)) pieces.push(node.textContent);
    }
    return pieces.join(' | ');
}"""
# Commit ids and digests ("at commit 197e191995", "sha256 29664259") are names, not numbers.
SCIENTIFIC = re.compile(r"(?<!commit )(?<!sha256 )(?<![\w.])\d+(?:\.\d+)?[eE][+-]?\d+(?!\w)")
RAW_FLOAT = re.compile(r"(?<![\w.])\d+\.(?:\d*0{4}|\d{7,})(?![\d])")
# Five or more digits in a row with no thousands separator; not inside words, ids, dates or decimals,
# not a model's snapshot date (Claude 3 Opus (20240229)) and not a numeric user id in a source's name.
BARE_INTEGER = re.compile(
    r"(?<![\w.,/#:\-])(?<!user )(?<!commit )(?<!sha256 )(?!(?:19|20)\d\d[01]\d[0-3]\d(?!\d))\d{5,}(?![\w]|[.,]\d|-\d)"
)
WRONG_ARTICLE = re.compile(r"\b[Aa] (?:8|11(?![\d,])|18(?![\d,]))")
# More significant figures than fmt gives ("4.64159x", "13.0103 months"; 0.000834 has three), a big number
# with decimals ("117,290.3"), trailing zeros after the point ("37.500", "6.000"; "Gemini 1.0" is a name).
TOO_PRECISE = re.compile(
    r"(?<![\w.\-/])(?!\d{4}\.\d{4,5}(?!\d))(?:[1-9]\d*\.\d{4,}|0\.0*[1-9]\d{3,})(?![\d.])"
)  # not arXiv ids (2303.08774)
BIG_WITH_DECIMALS = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+\.\d+")
TRAILING_ZEROS = re.compile(
    r"(?<![\w.\-/$¥])(?<!\$ \| )(?<!¥ \| )(?!\d{4}\.\d{4,5}(?!\d))\d+\.\d{2,}0(?![\d.])"
)  # not money ("$0.010", "$ | 0.010" across glue)
# A seed or a year is a name: no thousands separators ("seed 20,250,312").
SEPARATED_NAME = re.compile(r"\bseed \d{1,3},\d{3}")
# The noun agrees with its number ("5 month of 2024", "across 1 MMLU levels"), a range has two ends
# ("9 to 9 months"), a day has no leading zero ("05 February 2025").
SINGULAR_AFTER_MANY = re.compile(r"(?<![\w,.\-/])\d{1,2} month of \d{4}")
PLURAL_AFTER_ONE = re.compile(r"(?<![\w,.\-/])1 (?:[A-Z][\w-]* )?(?:months|years|levels|models|claims|thresholds)\b")
EMPTY_RANGE = re.compile(r"(?<![\w,.\-/])(\d[\d,.]*) to \1(?![\d,.])")
PADDED_DAY = re.compile(
    r"(?<![\w\-/])0\d (?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
# Axes of one chart mixing 10^9 with 100,000 are caught per chart (test_chart_axes_use_one_kind_of_number).
PEOPLE_CHECKS = [
    ("scientific notation", SCIENTIFIC),
    ("unformatted float", RAW_FLOAT),
    ("no thousands separator", BARE_INTEGER),
    ("'a' before a vowel sound", WRONG_ARTICLE),
    ("too many significant figures", TOO_PRECISE),
    ("decimals on a big number", BIG_WITH_DECIMALS),
    ("trailing zeros", TRAILING_ZEROS),
    ("separators in a name", SEPARATED_NAME),
    ("singular noun after a number", SINGULAR_AFTER_MANY),
    ("plural noun after 1", PLURAL_AFTER_ONE),
    ("a range from a number to itself", EMPTY_RANGE),
    ("a day with a leading zero", PADDED_DAY),
]


def _reader_text(page) -> str:
    return re.sub(r"https?://\S+", " ", page.evaluate(VISIBLE_TEXT))


@pytest.mark.parametrize("path", PAGES)
def test_numbers_are_written_for_people(server, browser, real_site, path):
    text = _visit(server, browser, real_site, path)["reader_text"]
    problems = {name: sorted({m.group(0) for m in pattern.finditer(text)}) for name, pattern in PEOPLE_CHECKS}
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}


def test_the_number_checks_catch_what_they_should():
    bad = "1.25e+06 tokens, 5e+05, input_share 0.750000, 100000 GPUs, a 18.8x fall, a 8x gap, a 11-fold rise"
    good = (
        "1,250,000 tokens, 0.75, 100,000 GPUs, an 18.8x fall, a 75x gap, a 110-fold rise, 2024-05-15, 0.000834, "
        "Claude 3 Opus (20240229), 10^19 FLOP"
    )
    assert SCIENTIFIC.findall(bad) == ["1.25e+06", "5e+05"] and not SCIENTIFIC.findall(good)
    assert RAW_FLOAT.findall(bad) == ["0.750000"] and not RAW_FLOAT.findall(good)
    assert BARE_INTEGER.findall(bad) == ["100000"] and not BARE_INTEGER.findall(good)
    assert len(WRONG_ARTICLE.findall(bad)) == 3 and not WRONG_ARTICLE.findall(good)
    # The lapses issue 25 found in the book, and their fixed forms.
    lapses = (
        "claimed 4.64159x a year, at least 13.0103 months, 2.51984x cheaper, 37.500, 6.000, 117,290.3, "
        "seed 20,250,312, the 5 month of 2024, across 1 MMLU levels, 9 to 9 months, 05 February 2025"
    )
    fixed = (
        "claimed 4.64x a year, at least 13 months, 2.52x cheaper, 37.5, 6, 117,290, seed 20250312, arXiv 2303.08774, "
        "May 2024, across 1 MMLU level, 9 to 12 months, 5 February 2025, $2.50 an hour, $15.00, $ | 0.010, Gemini 1.0 Pro, "
        "0.000834, GPT-3.5, 12-month window, claude-2.0, 1 level, 2 levels, version 1.2.3"
    )
    caught = {name: [m.group(0) for m in pattern.finditer(lapses)] for name, pattern in PEOPLE_CHECKS}
    assert caught["too many significant figures"] == ["4.64159", "13.0103", "2.51984"]
    assert caught["trailing zeros"] == ["37.500", "6.000"] and caught["decimals on a big number"] == ["117,290.3"]
    assert caught["separators in a name"] == ["seed 20,250"]
    assert caught["singular noun after a number"] == ["5 month of 2024"] and caught["plural noun after 1"] == [
        "1 MMLU levels"
    ]
    assert caught["a range from a number to itself"] == ["9 to 9"]
    assert caught["a day with a leading zero"] == ["05 February"]
    assert {
        name: [m.group(0) for m in pattern.finditer(fixed)] for name, pattern in PEOPLE_CHECKS if pattern.search(fixed)
    } == {}


CHART_TEXT_OUTSIDE = """() => {
    const problems = [];
    document.querySelectorAll('.llmecon-chart').forEach(chart => {
        const svg = chart.querySelector('svg.marks');
        if (!svg) return;
        const box = svg.getBoundingClientRect();
        svg.querySelectorAll('text').forEach(t => {
            const r = t.getBoundingClientRect();
            const words = t.textContent.trim();
            if (!words || r.width === 0) return;
            if (words.endsWith('…')) problems.push(chart.id + ': cut with an ellipsis: ' + words);
            else if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                problems.push(chart.id + ': runs outside the chart: ' + words);
        });
    });
    return problems;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_chart_words_fit_at_phone_tablet_and_desktop_widths(server, browser, real_site, path, width):
    problems = _visit(server, browser, real_site, path)["words_outside"][width]
    assert not problems, problems


# Tables that reach past the right edge of the page's text, or whose columns scroll sideways inside them (the
# theme draws tables as scrolling blocks), by their first header.
TABLES_WIDER_THAN_THE_TEXT = """() => {
    const right = document.querySelector('article.bd-article').getBoundingClientRect().right;
    return [...document.querySelectorAll('article table')]
        .filter(t => t.getBoundingClientRect().right > right + 1 || t.scrollWidth > t.clientWidth + 1)
        .map(t => (t.querySelector('th, td') || {innerText: '?'}).innerText.trim());
}"""


def _wait_for_charts(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.llmecon-chart')].every(c => c.querySelector('svg.marks, canvas.marks'))",
        timeout=30_000,
    )


def _visit(server, browser, real_site, path) -> dict:
    """Everything the page checks read from one visit to `path`, gathered once per test session: the
    page as drawn offline (errors, blocked requests, text, chart and glue counts, a screenshot), the
    accessibility violations, its reader text, each chart's download links and what they serve, and
    the chart words that fall outside their chart at each width (the page reloaded at 768 and 390 px)."""
    if path in _VISITS:
        return _VISITS[path]
    page, errors, blocked = _open(browser, f"{server}/{path}", real_site.parent, path.replace("/", "_"))
    found = {
        "errors": errors,
        "blocked": blocked,
        "body": page.inner_text("body"),
        "content": page.content(),
        "charts": page.locator(".llmecon-chart").count(),
        "drawn": page.locator(".llmecon-chart svg.marks").count(),
        "glued": page.locator(".pasted-text").count(),
        "reader_text": _reader_text(page),
        "downloads": {},
        "words_outside": {},
        "phone_overflow": None,
    }
    for chart_id in _chart_specs((real_site / path).read_text(encoding="utf-8")):
        links = {
            a.get_attribute("data-figure").rsplit(".", 1)[1]: a.evaluate("a => a.href")
            for a in page.locator(f"a[data-figure^='{chart_id}.']").all()
        }
        served = {kind: page.request.get(href) for kind, href in links.items()}
        found["downloads"][chart_id] = {
            kind: {"ok": r.ok, "text": r.text() if kind != "png" else "", "head": r.body()[:8]}
            for kind, r in served.items()
        }
    found["words_outside"][WIDTHS[0]] = page.evaluate(CHART_TEXT_OUTSIDE)
    found["wide_tables"] = page.evaluate(TABLES_WIDER_THAN_THE_TEXT)
    page.add_script_tag(path=str(AXE))
    found["violations"] = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes, e.g. ' + v.nodes[0].target.join(' ') + ')');
    }""")
    for width in WIDTHS[1:]:
        if path not in CHAPTER_PAGES and not (width == 390 and path in PHONE_TABLE_PAGES):
            continue
        page.set_viewport_size({"width": width, "height": 900})
        page.reload(wait_until="load")
        if found["charts"]:
            _wait_for_charts(page)
        found["words_outside"][width] = page.evaluate(CHART_TEXT_OUTSIDE)
        found.setdefault("chart_layout", {})[width] = page.evaluate(CHART_LAYOUT) if found["charts"] else []
        if width == 390:
            # Ledger cells past the screen's edge, and scorecard tables that scroll sideways (hiding columns).
            found["phone_overflow"] = page.evaluate("""() => [...document.querySelectorAll('.ledger td')]
                .filter(td => td.getBoundingClientRect().right > window.innerWidth + 1).length
                + [...document.querySelectorAll('table.claims-table')]
                .filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > window.innerWidth + 1).length""")
    page.close()
    _VISITS[path] = found
    return found


# Each drawn chart's title, its width, its plot's width (the x axis's domain line) and the pairs of its words
# (data labels, axis and legend labels and titles) whose boxes overlap; labels Vega hid (opacity 0) left out.
CHART_LAYOUT = """() => [...document.querySelectorAll('.llmecon-chart')].map(chart => {
    const svg = chart.querySelector('svg');
    if (!svg) return null;
    let plot = null;
    for (const axis of svg.querySelectorAll('g.role-axis')) {
        const domain = axis.querySelector('.role-axis-domain');
        if ((axis.getAttribute('aria-label') || '').startsWith('X-axis') && domain)
            plot = Math.max(plot || 0, domain.getBoundingClientRect().width);
    }
    const words = [...svg.querySelectorAll('.role-mark text, .role-axis-label text, .role-legend-label text, '
                                          + '.role-axis-title text, .role-legend-title text')]
        .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0 && getComputedStyle(t).opacity !== '0')
        .map(t => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}));
    const overlaps = [];
    for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) {
        const a = words[i].box, b = words[j].box;
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2)
            overlaps.push(words[i].text + ' / ' + words[j].text);
    }
    // A title wrapped on a narrow screen is one text of several lines (tspans): its words are read apart.
    const lines = t => t.querySelectorAll('tspan').length ? [...t.querySelectorAll('tspan')].map(s => s.textContent) : [t.textContent];
    const title = [...svg.querySelectorAll('.role-title-text text')].flatMap(lines).join(' ');
    return {title, width: svg.getBoundingClientRect().width, plot, overlaps};
}).filter(Boolean)"""
# Charts still short of the phone rules when this test landed (issue 25), by the start of their title:
# labels of annotated models that sit close together, and a catalogue chart with many short-lived prices.
CHARTS_NOT_YET_FIT = (
    "Open and closed frontiers",
    "After the articles",
    "Tokens per yuan if you serve",
    "Cheapest price of a fixed capability (MMLU)",
    "How much better is an H100",
    "List prices of the models the articles name",
    "The race to GPT-4's level",
)


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_chart_reads_on_a_phone(server, browser, real_site, path):
    """At 390 px the plot keeps at least half the chart's width (labels that would squeeze it read inside it)
    and no two words of a chart overlap."""
    problems = [
        (c["title"], c["plot"], round(c["width"]), c["overlaps"][:3])
        for c in _visit(server, browser, real_site, path)["chart_layout"][390]
        if ((c["plot"] is not None and c["plot"] < c["width"] / 2) or c["overlaps"])
        and not c["title"].startswith(CHARTS_NOT_YET_FIT)
    ]
    assert problems == []


def _chart_words(page, chart) -> str:
    return " ".join(chart.locator("svg text").all_text_contents())


@pytest.mark.parametrize(
    "path, slider",
    [
        ("chapters/02_training_costs.html", "GPUs (thousands)"),
        ("chapters/04_token_pricing.html", "Batch"),
        ("chapters/08_agent_reliability.html", "Per-step accuracy"),
    ],
)
def test_moving_a_what_if_slider_changes_what_the_chart_shows(server, browser, path, slider):
    if path.split(".")[0] not in CHAPTERS:
        pytest.skip("chapter not built in this run")
    page, _, _ = _open(browser, f"{server}/{path}")
    label = page.locator(".vega-bind", has_text=slider).first
    chart = page.locator(".llmecon-chart", has=label)
    before = _chart_words(page, chart)
    label.locator("input[type=range]").evaluate(
        "input => { input.value = String((Number(input.min) + Number(input.max)) / 2 + Number(input.step));"
        " input.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.wait_for_timeout(500)
    after = _chart_words(page, chart)
    page.close()
    assert after != before, f"moving {slider!r} did not change the chart: {before}"


def test_the_ledger_filters_searches_and_sorts_offline(server, browser):
    page, errors, _ = _open(browser, f"{server}/index.html")
    rows = page.locator(".ledger-table tbody tr")
    total = rows.count()
    assert total > 100 and not errors
    page.select_option("select[data-filter=verdict]", "does not hold")
    visible = page.locator(".ledger-table tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.verdict)")) == {"does not hold"}
    assert page.inner_text(".ledger-count") == f"{visible.count()} of {total} claims"
    page.select_option("select[data-filter=verdict]", "")
    page.fill("input[data-filter=text]", "Doubao")
    words = visible.evaluate_all("rows => rows.map(r => r.textContent)")
    assert words and all("doubao" in w.lower() for w in words)
    page.fill("input[data-filter=text]", "")
    page.select_option("select[data-sort-by]", "claimed:desc")
    # Claimed values are compared within a unit: the rows come unit by unit, each unit high to low.
    keyed = [
        (r["unit"], float(r["claimed"]))
        for r in rows.evaluate_all("rows => rows.map(r => ({unit: r.dataset.keyUnit, claimed: r.dataset.keyClaimed}))")
        if r["claimed"]
    ]
    units = [unit for unit, _ in keyed]
    assert units == sorted(units) and len(set(units)) > 5
    for unit in set(units):
        values = [value for u, value in keyed if u == unit]
        assert values == sorted(values, reverse=True), unit
    # Articles are named by author, outlet and date, not by file name.
    assert "Kai-Fu Lee" in page.inner_text(".ledger-table") and "6f6d29521594749d" not in page.inner_text("main")
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_table_fits_the_page_on_a_desktop(server, browser, real_site, path):
    assert _visit(server, browser, real_site, path)["wide_tables"] == []


@pytest.mark.parametrize("path", PHONE_TABLE_PAGES)
def test_wide_tables_fit_a_phone(server, browser, real_site, path):
    assert _visit(server, browser, real_site, path)["phone_overflow"] == 0


def test_notebook_charts_draw_offline_outside_the_site(browser, tmp_path, monkeypatch):
    """In JupyterLab (no book build) a chart carries the vega libraries inside its output."""
    import altair as alt
    import pandas as pd

    monkeypatch.delenv(charts.SITE_CHARTS_ENV, raising=False)
    charts.enable()
    chart = charts.finish(
        alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line().encode(x="x:Q", y="y:Q"),
        "A chart",
        "drawn offline",
        "A line.",
    )
    bundle = chart._repr_mimebundle_()
    html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
    (tmp_path / "output.html").write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    page, errors, blocked = _open(browser, (tmp_path / "output.html").as_uri())
    page.wait_for_selector("svg.marks", timeout=15_000)
    assert not errors and not blocked
    page.close()


def test_pdf_embeds_a_cjk_font_prints_chinese_and_names_the_book(book_pdf):
    import subprocess

    from llmecon.core.data import open_dataset

    target = book_pdf
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if re.search(r"CJK|Han|WenQuanYi|YaHei|PingFang", line)]
    assert cjk and all(" yes " in line for line in cjk), fonts
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    quote = open_dataset(Path(os.environ.get("LLMECON_TEST_DATA") or ROOT / "data")).claims["quote_zh"].iloc[0]
    assert quote[:8] in text.replace("\n", ""), "a Chinese quote does not come back out of the PDF"
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+The economics of large language models", info, re.M), info
    assert re.search(r"^Author:\s+\S", info, re.M), info
    assert not re.search(r"re[-\u2010\u2011]\s*\n\s*checked", text), "the title breaks after 're-'"


# -- paper: what make pdf prints -------------------------------------------------------------------------------

PRINT_WIDTH_PX = 703  # A4 (210 mm) less the printer's 12 mm margins, at 96 px per inch
PRINT_LAYOUT = """() => {
    const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const page = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('main table')].filter(visible)
        .filter(t => t.getBoundingClientRect().right > page + 1 || t.scrollWidth > t.clientWidth + 1)
        .map(t => (t.querySelector('th') || t).textContent.trim().slice(0, 60));
    const toggles = [...document.querySelectorAll('main summary, main button')].filter(visible)
        .map(e => e.textContent.trim()).filter(Boolean);
    const charts = [...document.querySelectorAll('img.llmecon-print')].filter(visible)
        .map(i => i.getBoundingClientRect().height);
    return {wide, toggles, charts};
}"""


@pytest.mark.parametrize("path", PAGES)
def test_the_printed_page_fits_paper(server, browser, path):
    """Every table fits the printed page's width, no code toggle prints, and a chart leaves room on its page
    for its heading and text (at most 105 mm of a 267 mm page)."""
    page, _, _ = _open(browser, f"{server}/{path}")
    page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    layout = page.evaluate(PRINT_LAYOUT)
    page.close()
    assert layout["wide"] == [] and layout["toggles"] == []
    assert all(height <= 105 / 25.4 * 96 + 1 for height in layout["charts"]), layout["charts"]
