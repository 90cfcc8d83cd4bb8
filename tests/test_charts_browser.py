"""The charts in a real browser with the network off: `reformkb serve` over the full corpus in a subprocess, Debian's
Chromium through Playwright, every request to another host aborted. Screenshots go to tests/artifacts/."""

import functools
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
DRAWN = "#chart.vega-embed svg, #chart.vega-embed canvas"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(full_db_path, tmp_path_factory):
    """Base URL of `reformkb serve` over the full database, stopped after the module's tests."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    port = free_port()
    reformkb = shutil.which("reformkb", path=str(Path(sys.executable).parent)) or "reformkb"
    log = tmp_path_factory.mktemp("charts-serve") / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([reformkb, "serve", "--db", str(full_db_path), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/charts", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"reformkb serve did not answer on {url}:\n{log.read_text()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """(page, problems): a page that may only talk to 127.0.0.1; problems collects console errors, page errors
    and the requests it tried to make elsewhere."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []

    def only_local(route):
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", only_local)  # the context's route also covers iframes
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page, problems
    context.close()


def chart_names(full_db):
    return [row["name"] for row in full_db.query("select name from charts order by position")]


def test_gallery_shows_every_chart(server, full_db, offline_page):
    page, problems = offline_page
    page.goto(server + "/charts")
    names = chart_names(full_db)
    assert names, "the full build rendered no chart"
    images = page.locator("ul.chart-gallery img")
    assert images.count() == len(names)
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "charts-gallery.png", full_page=True)
    assert problems == []


def test_every_chart_page_draws_its_chart_offline(server, full_db, offline_page):
    page, problems = offline_page
    ARTIFACTS.mkdir(exist_ok=True)
    for name in chart_names(full_db):
        page.goto(f"{server}/charts/{name}")
        page.wait_for_selector(DRAWN, timeout=15_000)
        assert page.locator("#chart .mark-text, #chart .role-axis").count() > 0, name  # drawn, not an empty frame
        assert "could not be drawn" not in page.locator("#chart").inner_text()
        page.screenshot(path=ARTIFACTS / f"chart-{name}.png", full_page=True)
    assert problems == []


def test_embed_snippet_draws_in_a_page_served_from_another_port(server, full_db, offline_page, tmp_path):
    page, problems = offline_page
    name = chart_names(full_db)[0]
    page.goto(f"{server}/charts/{name}")
    snippet = page.locator("pre.chart-embed").inner_text()
    assert snippet.startswith(f'<iframe src="{server}/charts/{name}/embed"')
    (tmp_path / "article.html").write_text(
        f"<!DOCTYPE html><html><head><title>An article</title></head><body><h1>An article</h1>\n{snippet}\n"
        "<p>The end.</p></body></html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/article.html")
        frame = page.frame_locator("iframe")
        frame.locator(DRAWN).first.wait_for(timeout=15_000)
        page.screenshot(path=ARTIFACTS / "chart-embedded.png", full_page=True)
    finally:
        other.shutdown()
        other.server_close()
    assert problems == []
