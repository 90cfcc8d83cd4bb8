"""The reader's pages in a real browser: `reformkb serve` in a subprocess, Debian's Chromium through Playwright,
every request to another host aborted (the pages must work offline). Screenshots go to tests/artifacts/."""

import pytest

from conftest import ARTIFACTS, VIEWPORTS

pytestmark = pytest.mark.browser


def test_search_to_document_to_entity(server, open_page):
    page, problems = open_page()
    page.goto(server + "/")
    assert "Los Angeles" in page.title()
    page.fill("input[name=q]", "LAAMP")
    page.click(".search-box button[type=submit]")
    page.wait_for_url("**/search?q=LAAMP")
    count = page.locator(".result-count strong").inner_text()
    assert int(count.replace(",", "")) > 0
    assert page.locator("ol.results mark").count() > 0

    page.locator("ol.results .where a").first.click()
    page.wait_for_url("**/documents/**")
    assert page.locator("article.doc-text .passage").count() > 5
    entity = page.locator("article.doc-text a.ent").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text().strip()
    # the entity page shows the mention we clicked, highlighted in its sentence
    assert page.locator("ul.contexts a.ent", has_text=name).count() > 0
    assert problems == []


def test_passage_anchor_scrolls_into_view(server, full_db, open_page):
    slug, seq = full_db.execute("""select d.slug, max(p.seq) from passages p join documents d on d.id = p.document_id
                                   group by d.id order by count(*) desc limit 1""").fetchone()
    page, problems = open_page()
    page.goto(f"{server}/documents/{slug}#p{seq}")
    assert page.locator(f"#p{seq}").is_visible()
    assert page.evaluate(f"document.getElementById('p{seq}').getBoundingClientRect().top") < 900
    assert problems == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots(server, full_db, open_page, viewport):
    """Every page kind, Datasette's own included, renders without errors (a script the Content-Security-Policy
    refuses is one) and without a horizontal scrollbar; screenshots for people to look at."""
    slug = full_db.execute("select slug from documents order by passages desc limit 1").fetchone()[0]
    entity = full_db.execute("select id from entities where type = 'PERSON' order by mentions desc limit 1"
                             ).fetchone()
    reform = full_db.execute("select slug from reforms order by citations desc limit 1").fetchone()
    pages = {"home": "/", "document": f"/documents/{slug}", "timeline": "/timeline", "search": "/search?q=LAAMP"}
    if entity:
        pages["entity"] = f"/entities/{entity[0]}"
    if reform:
        pages["reform"] = f"/reforms/{reform[0]}"
    chart = full_db.execute("select name from charts order by position limit 1").fetchone()[0]
    pages |= {"documents": "/documents", "entities": "/entities", "network": "/network", "reforms": "/reforms",
              "conflicts": "/conflicts", "charts": "/charts", "chart": f"/charts/{chart}",
              "embed": f"/charts/{chart}/embed", "database": "/reform", "table": "/reform/mentions",
              "row": "/reform/passages/1", "query": "/reform?sql=select+*+from+passages+limit+5",
              "canned": "/reform/conflicts_of_year?year=2012", "metadata": "/-/metadata", "not-found": "/nope"}
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = open_page(viewport)
    for name, path in pages.items():
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {viewport} width"
        page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png", full_page=True)
    assert [p for p in problems if "404 (Not Found)" not in p] == []


def test_a_table_wider_than_a_phone_says_it_scrolls(server, full_db, open_page):
    slug = full_db.execute("select d.slug from document_tables t join documents d on d.id = t.document_id").fetchone()[0]
    page, problems = open_page("mobile")
    page.goto(f"{server}/documents/{slug}")
    box = page.locator(".doc-table .scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.locator(".doc-table .scroll-cue").first.is_visible()
    page, _ = open_page("desktop")
    page.goto(f"{server}/documents/{slug}")
    if not page.locator(".doc-table .scroll").first.evaluate("b => b.scrollWidth > b.clientWidth"):
        assert page.locator(".doc-table .scroll-cue").count() == 0
    assert problems == []
