"""The real book, built from data/, read in headless Debian Chromium with every non-local request blocked."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from llmecon import build

from conftest import ROOT

pytestmark = [pytest.mark.book, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT_DOC, CHAPTERS = build.toc_documents(ROOT)
PAGES = [f"{ROOT_DOC}.html"] + [f"{doc}.html" for doc in CHAPTERS]
# Theme noise on every page, harmless and unrelated to charts: sphinx-thebe declares THEBE_JS_URL twice,
# and pydata-sphinx-theme complains that no colour mode is stored in a fresh browser profile.
KNOWN_CONSOLE_NOISE = ("THEBE_JS_URL", "Got invalid theme mode")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "_build"
    build.Builder(ROOT, ROOT / "data", out, log=lambda *_: None).run()
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
