"""The charts in a real browser with the network off: `reformkb serve` over the full corpus in a subprocess, Debian's
Chromium through Playwright, every request to another host aborted. Screenshots go to tests/artifacts/."""

import functools
import http.server
import threading

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

DRAWN = "#chart.vega-embed svg, #chart.vega-embed canvas"


@pytest.fixture
def offline_page(open_page):
    return open_page()


def chart_names(full_db):
    return [row["name"] for row in full_db.query("select name from charts order by position")]


def test_gallery_shows_every_chart(server, full_db, offline_page):
    page, problems = offline_page
    page.goto(server + "/charts")
    names = chart_names(full_db)
    assert names, "the full build rendered no chart"
    images = page.locator("ul.chart-gallery img")
    assert images.count() == len(names)
    # polled from here: wait_for_function evaluates its predicate with eval() in the page, which the pages' CSP
    # refuses (it passed only when the images had loaded by its first, CSP-free, check)
    for _ in range(100):
        if page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the gallery's images did not load within 10 s")
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
        # in a column narrower than the chart, the frame shrinks in height with the chart: no blank below it
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(500)
        frame_height = page.locator("iframe").bounding_box()["height"]
        chart_height = frame.locator("#chart svg").first.bounding_box()["height"]
        assert frame_height < 600 and abs(frame_height - chart_height) < 30, (frame_height, chart_height)
        page.screenshot(path=ARTIFACTS / "chart-embedded-mobile.png", full_page=True)
    finally:
        other.shutdown()
        other.server_close()
    assert problems == []
