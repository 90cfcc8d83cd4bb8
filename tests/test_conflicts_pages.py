"""/conflicts and the claims on the document, entity and reform pages (datasette/plugins/conflicts.py,
reformkb/claim_checks.py, templates reform/conflicts.html and _claims.html), and the canned query of a year's
conflicts: on the small knowledge base of test_pages.py plus planted claims and comparisons, on the full corpus,
and in the browser."""

import re

import pytest
import sqlite_utils

from conftest import ARTIFACTS
from reformkb import claim_checks
from reformkb.app import make_datasette
from test_pages import SCRIPT, get_ok, split_sentences, write_small_kb

# two passages with claims: the history's (doc 1) and the scripted document's (doc 2, with a <script> in it)
PASSAGES = [
    {"id": 6, "document_id": 1, "seq": 6, "section": "Later", "kind": "paragraph", "line": 12,
     "text": "By then the district ran 210 charter schools. LEARN was adopted in 1992 and about 300 students "
             "enrolled."},
    {"id": 7, "document_id": 2, "seq": 2, "section": None, "kind": "paragraph", "line": 7,
     "text": f"LEARN was adopted in 1993, wrote {SCRIPT}. It ran 14 pilot schools."},
]
# (id, passage, words, measure, value, unit, qualifier, start_year, school_year, time_source, subject, district)
CLAIMS = [
    (1, 6, "210 charter schools", "charter_schools", 210, "schools", None, 2012, None, "published", 2, 1),
    (2, 6, "LEARN was adopted in 1992", "date", 1992, "year", None, 1992, None, "stated", 3, None),
    (3, 6, "about 300 students", "charter_students", 300, "students", "about", 1994, "1994-95", "stated", 2, 1),
    (4, 7, "LEARN was adopted in 1993", "date", 1993, "year", None, 1993, None, "stated", 3, None),
    (5, 7, "14 pilot schools", "pilot_schools", 14, "schools", None, None, None, "unknown", 3, 0),
]
# (id, claim, series, value, low, high, status, school_year, start_year, where: other claim | table | file)
CONFLICTS = [
    (1, 1, "district", 228, 210, 210, "disagrees", "2012-13", 2012, {"compared_table_id": 1, "compared_line": 7,
                                                                     "compared_document_id": 1}),
    (2, 1, "state", 214, 210, 210, "disagrees", "2012-13", 2012, {"compared_file": "frpm1213.csv"}),
    (3, 2, "claims", 1993, 1992, 1992, "disagrees", None, 1992, {"compared_claim_id": 4, "compared_document_id": 2}),
    (4, 3, "district", 310, 285, 315, "within tolerance", "1994-95", 1994, {"compared_table_id": 1,
                                                                             "compared_line": 8,
                                                                             "compared_document_id": 1}),
    (5, 3, "directory", 300, 285, 315, "agrees", "1994-95", 1994, {"compared_file": "pubschls.xlsx"}),
]
SOURCES = {"district": "district table (Schools in LEARN)", "state": "CDE FRPM 2012-13 (frpm1213.csv)",
           "claims": "Title ¶2", "directory": "CDE directory (pubschls.xlsx), open on 1 October"}


def add_claims(path):
    """The small knowledge base with the planted passages, claims and comparisons above. Returns path."""
    db = sqlite_utils.Database(path)
    db["passages"].insert_all(PASSAGES)
    first = db.execute("select max(id) from sentences").fetchone()[0] + 1
    sentences = []
    for p in PASSAGES:
        sentences += split_sentences(p, first + len(sentences))
    db["sentences"].insert_all(sentences)
    text = {p["id"]: p["text"] for p in PASSAGES}
    for (cid, pid, words, measure, value, unit, qualifier, year, school_year, source, subject,
         district) in CLAIMS:
        start = text[pid].index(words)
        db["claims"].insert({
            "id": cid, "document_id": 1 if pid == 6 else 2, "passage_id": pid,
            "sentence_id": next(s["id"] for s in sentences if s["passage_id"] == pid and s["start"] <= start < s["end"]),
            "start": start, "end": start + len(words), "text": words, "kind": "date" if unit == "year" else "count",
            "measure": measure, "value": value, "unit": unit, "qualifier": qualifier, "start_year": year,
            "school_year": school_year, "time_source": source, "subject_id": subject, "about_district": district,
            "time_text": "2001-02-03" if source == "published" else None, "verb": "adopted" if unit == "year" else None,
            "event": "enacted" if unit == "year" else None})
    claim = {c[0]: c for c in CLAIMS}
    for cid, claim_id, series, value, low, high, status, school_year, year, where in CONFLICTS:
        claimed = claim[claim_id][4]
        db["conflicts"].insert({
            "id": cid, "claim_id": claim_id, "measure": claim[claim_id][3], "start_year": year,
            "school_year": school_year, "claimed": claimed, "qualifier": claim[claim_id][6], "low": low, "high": high,
            "document_id": 1, "passage_id": 6, "compared_series": series, "compared_source": SOURCES[series],
            "compared_value": value, "difference": value - claimed, "relative_difference": (value - claimed) / claimed,
            "status": status, "assumed_time": int(claim[claim_id][9] == "published"), **where})
    db.close()
    return path


@pytest.fixture
def kb(tmp_path):
    return make_datasette(add_claims(write_small_kb(tmp_path / "claims.db")))


def cards(html):
    """The comparisons of a /conflicts page, in order: each card's HTML."""
    if '<ol class="conflicts">' not in html:
        return []
    listed = html.split('<ol class="conflicts">')[1].split("</ol>")[0]
    return listed.split('<li class="conflict ')[1:]


def card_id(card):
    """The conflicts row a card shows."""
    return int(re.search(r'id="conflict-(\d+)"', card)[1])


# ---------------------------------------------------------------------------------------------------------------
# Numbers in words
# ---------------------------------------------------------------------------------------------------------------

def test_numbers_and_differences_read_as_written():
    assert claim_checks.number(151000.0) == "151,000" and claim_checks.number(1993.0, "year") == "1993"
    assert claim_checks.number(53e6, "dollars") == "$53,000,000" and claim_checks.number(None) == ""
    assert claim_checks.difference_text(18.0, 18 / 210) == "+18 (+8.6%)"
    assert claim_checks.difference_text(-7315.0, -0.5627) == "−7,315 (−56%)"
    assert claim_checks.difference_text(45.0, 7.5) == "+45 (+750%)"
    assert claim_checks.difference_text(1.0, 0.0005, "year") == "+1 year"
    assert claim_checks.difference_text(-3.0, None, "year") == "−3 years"
    assert claim_checks.difference_text(0.0, 0.0) == "0" and claim_checks.difference_text(None, None) == ""


# ---------------------------------------------------------------------------------------------------------------
# /conflicts on the small knowledge base
# ---------------------------------------------------------------------------------------------------------------

async def test_conflicts_lists_disagreements_side_by_side_largest_first(kb):
    html = await get_ok(kb, "/conflicts")
    found = cards(html)
    assert len(found) == 3 and all(c.startswith('status-disagrees"') for c in found)
    table, state, date = found
    # the claim quoted in its sentence, its words marked and linked to its passage; its time marked as assumed
    assert '<a class="ent ent-other" href="/documents/history#p6" title="The claim&#39;s words">210 charter schools' \
           '</a>' in table
    assert "By then the district ran" in table and "assumed from the published date" in table
    # the district table's row: its value, school year and the table's paragraph; the difference, signed
    assert "<strong>228</strong> in 2012-13" in table and 'href="/documents/history#p3"' in table
    assert "+18 (+8.6%)" in table and "line 7" in table
    assert "frpm1213.csv" in state and "+4 (+1.9%)" in state
    # another document's claim: quoted and linked; a date's difference in years
    assert 'href="/documents/scripted#p2"' in date and "+1 year" in date and "adopted in 1993" in date
    assert SCRIPT not in html and "&lt;script&gt;" in date
    # counts per status and measure as filter links; the chart and the canned query linked
    assert '<a href="/conflicts" aria-current="page">disagrees&nbsp;<span class="n">3</span>' in html
    assert 'href="/conflicts?status=within+tolerance">within tolerance&nbsp;<span class="n">1</span>' in html
    assert 'href="/conflicts?status=all">all&nbsp;<span class="n">5</span>' in html
    assert 'href="/conflicts?measure=charter_schools">charter schools&nbsp;<span class="n">2</span>' in html
    assert "<strong>3</strong> comparisons that disagree" in html
    assert 'href="/reform/conflicts_of_year"' in html


async def test_status_all_marks_every_comparison(kb):
    html = await get_ok(kb, "/conflicts?status=all")
    found = cards(html)
    assert [c.split('"')[0] for c in found] == ["status-disagrees", "status-within-tolerance", "status-disagrees",
                                                "status-disagrees", "status-agrees"]  # by relative difference
    assert '<span class="status status-within-tolerance">within tolerance</span>' in found[1]
    assert "anything from 285 to 315 agrees" in found[1] and "about 300 students" in found[1]
    assert 'title="What it meets minus what the document says">0</strong>' in found[-1]
    assert len(cards(await get_ok(kb, "/conflicts?status=agrees"))) == 1


@pytest.mark.parametrize("query,expected", [
    ("measure=date", [3]),
    ("year=2012", [1, 2]),
    ("year=2012&status=all&measure=charter_schools", [1, 2]),
    ("document=scripted", [3]),  # its claim is the other side of the date's comparison
    ("document=history&status=all", [1, 4, 2, 3, 5]),
    ("entity=2&status=all", [1, 4, 2, 5]),  # the district's claims
    ("entity=3", [3]),
    ("reform=learn", [3]),  # the claims about its entity
    ("year=1994&status=within+tolerance", [4]),
])
async def test_conflicts_filters(kb, query, expected):
    html = await get_ok(kb, f"/conflicts?{query}")
    assert [card_id(c) for c in cards(html)] == expected, query


async def test_filter_links_keep_the_other_filters(kb):
    html = await get_ok(kb, "/conflicts?year=2012")
    assert 'href="/conflicts?year=2012&amp;status=all">all' in html
    assert 'href="/conflicts?year=2012&amp;measure=charter_schools">charter schools' in html
    assert 'title="Remove this filter"' in html and 'href="/conflicts" title="Remove this filter"' in html
    assert 'href="/reform/conflicts_of_year?year=2012"' in html


@pytest.mark.parametrize("query", [
    "year=abc", "year=%C2%B2", "year=%D9%A1%D9%A2", "year=99999999999999999999999", "year=-1", "year=2012.5",
    "entity=abc", "entity=99999999999999999999999999", "status=bogus", "measure=nope", "document=nope",
    "reform=nope", "measure=%00", "document=%3Cscript%3E", "year=", "status=",
])
async def test_bad_parameters_never_fail(kb, query):
    response = await kb.client.get(f"/conflicts?{query}")
    assert response.status_code == 200, response.text[-1000:]
    assert SCRIPT not in response.text and "document <script>" not in response.text  # values echoed escaped
    if query not in ("year=", "status="):
        assert cards(response.text) == [], query


async def test_a_value_no_filter_can_take_says_so(kb):
    html = await get_ok(kb, "/conflicts?year=%C2%B2")
    assert "year=&#39;²&#39; is not a year: no comparison can match." in html
    assert "no comparison can match" in await get_ok(kb, "/conflicts?status=bogus")
    assert "No comparisons match these filters." in await get_ok(kb, "/conflicts?measure=nope")


async def test_conflicts_on_an_empty_database(tmp_path):
    from loaders import schema

    db = sqlite_utils.Database(tmp_path / "empty.db")
    schema.create(db)
    db.close()
    html = await get_ok(make_datasette(tmp_path / "empty.db"), "/conflicts")
    assert "No comparisons match." in html and "<strong>0</strong> comparisons" in html


async def test_conflicts_in_navigation_and_on_home(kb):
    home = await get_ok(kb, "/")
    assert '<li><a href="/conflicts">Conflicts</a></li>' in home
    assert '<a href="/conflicts"><strong>Where the sources disagree</strong></a>' in home


# ---------------------------------------------------------------------------------------------------------------
# Claims on the document, entity and reform pages
# ---------------------------------------------------------------------------------------------------------------

def claims_section(html):
    return html.split('<ul class="claims">')[1].split("</ul>")[0]


async def test_document_page_lists_its_claims_with_their_status(kb):
    html = await get_ok(kb, "/documents/history")
    listed = claims_section(html)
    assert listed.count("<li>") == 3
    assert "disagrees</span> with <a href=\"/documents/history#p3\">the district table</a> (228 in 2012-13)" in listed
    assert "disagrees</span> with <a href=\"/reform/cde_files?name=frpm1213.csv\">the state file frpm1213.csv</a>" \
           in listed
    assert 'with <a href="/documents/scripted#p2">Title &lt;script&gt;alert' in listed  # the other claim, escaped
    assert "(1993)" in listed and "within tolerance</span>" in listed and "agrees</span>" in listed
    assert 'href="/conflicts?document=history"' in html and 'href="#claims"' in html
    scripted = await get_ok(kb, "/documents/scripted")
    other = claims_section(scripted)
    # seen from the other side: the date met the history's 1992; the unresolved count is checked against nothing
    assert 'disagrees</span> with <a href="/documents/history#p6">A History of LEARN ¶6</a> (1992)' in other
    assert "Not checked: the time it is about is unknown." in other
    assert SCRIPT not in scripted


async def test_entity_and_reform_pages_list_their_claims(kb):
    district = await get_ok(kb, "/entities/2")
    listed = claims_section(district)
    assert "210 charter schools" in listed and "about 300 students" in listed and "<strong>adopted in" not in listed
    assert 'href="/conflicts?entity=2&amp;status=all"' in district
    learn = await get_ok(kb, "/entities/3")
    assert "adopted in 1992" in claims_section(learn) and "14 pilot schools" in claims_section(learn)
    assert '<ul class="claims">' not in await get_ok(kb, "/entities/1")  # no claims: no section
    reform = await get_ok(kb, "/reforms/learn")
    assert "adopted in 1993" in claims_section(reform) and 'href="/conflicts?reform=learn&amp;status=all"' in reform
    assert "210 charter schools" not in claims_section(reform)


async def test_canned_query_conflicts_of_a_year(kb):
    rows = (await kb.client.get("/reform/conflicts_of_year.json?year=2012&_shape=array")).json()
    assert [(r["compared_value"], r["status"], r["page"]) for r in rows] == [
        (228, "disagrees", "/documents/history#p6"), (214, "disagrees", "/documents/history#p6")]
    assert rows[0]["compared_page"] == "/documents/history#p3" and rows[0]["claim"] == "210 charter schools"
    dates = (await kb.client.get("/reform/conflicts_of_year.json?year=1992&_shape=array")).json()
    assert dates[0]["compared_claim"] == "LEARN was adopted in 1993"
    for year in ["abc", "²", "99999999999999999999999"]:
        response = await kb.client.get("/reform/conflicts_of_year.json", params={"year": year, "_shape": "array"})
        assert response.status_code == 200 and response.json() == []


# ---------------------------------------------------------------------------------------------------------------
# The full corpus
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def full_ds(full_db_path):
    return make_datasette(full_db_path)


async def test_full_corpus_conflicts(full_ds, full_db):
    html = await get_ok(full_ds, "/conflicts")
    found = cards(html)
    disagreements = full_db.execute("select count(*) from conflicts where status = 'disagrees'").fetchone()[0]
    assert len(found) == disagreements and f"<strong>{disagreements}</strong> comparisons that disagree" in html
    # "LA has 210 charter schools" (December 2012) against the district table's 228 for 2012-13
    charter = [c for c in found if ">210 charter schools</a>" in c and "The district&#39;s table" in c]
    assert len(charter) == 1 and "<strong>228</strong> in 2012-13" in charter[0] and "+18 (+8.6%)" in charter[0]
    assert "assumed from the published date" in charter[0]
    # the charter law dated 1992 in one document and 1993 in another
    dates = [c for c in found if "Another document says" in c and "in 1992" in c and "in 1993" in c]
    assert dates and all("+1 year" in c for c in dates)
    assert any("SB 1448" in c for c in dates) and all("Charter Schools Act" in c for c in dates)
    # largest relative difference first
    sizes = [abs(r) for r, in full_db.execute("select relative_difference from conflicts where status = 'disagrees' "
                                              "order by abs(relative_difference) desc")]
    shown = [card_id(c) for c in found]
    assert [abs(full_db.execute("select relative_difference from conflicts where id = ?", [i]).fetchone()[0])
            for i in shown] == sizes


async def test_full_corpus_filters(full_ds, full_db):
    every = cards(await get_ok(full_ds, "/conflicts?status=all"))
    assert len(every) == full_db["conflicts"].count
    dates = cards(await get_ok(full_ds, "/conflicts?measure=date"))
    assert dates and all("date</a>" in c for c in dates)
    year = cards(await get_ok(full_ds, "/conflicts?year=2012&status=all"))
    assert len(year) == full_db.execute("select count(*) from conflicts where start_year = 2012").fetchone()[0]
    so_close = cards(await get_ok(full_ds, "/conflicts?document=so-close-yet-so-far"))
    assert so_close and all("Commentary: So Close" in c for c in so_close)


async def test_full_corpus_pages_show_every_claim(full_ds, full_db):
    for slug, n in full_db.execute("""select d.slug, count(c.id) from documents d join claims c
                                      on c.document_id = d.id group by d.id"""):
        html = await get_ok(full_ds, f"/documents/{slug}")
        assert claims_section(html).count("<li>") == n, slug
    (district,) = full_db.execute(f"select {claim_checks.DISTRICT_ENTITY}").fetchone()
    assert full_db.execute("select name from entities where id = ?", [district]).fetchone()[0] == \
        "Los Angeles Unified School District"
    html = await get_ok(full_ds, f"/entities/{district}")
    assert "disagrees</span> with <a href=\"/documents/charter-school-war-peace-dividend#p41\">the district table</a>" \
           " (228 in 2012-13)" in claims_section(html)


# ---------------------------------------------------------------------------------------------------------------
# In the browser, at 1280 and 375 px
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_conflicts_in_the_browser(server, open_page, viewport):
    """Both sides next to each other on a desktop, one above the other on a phone; no sideways scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = open_page(viewport)
    for name, path in [("conflicts", "/conflicts"), ("conflicts-all", "/conflicts?status=all"),
                       ("document-claims", "/documents/charter-school-war-peace-dividend#claims")]:
        page.goto(server + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {viewport} width"
        page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png", full_page=name != "document-claims")
    page.goto(server + "/conflicts")
    first, second = (page.locator("li.conflict").first.locator(".side").nth(i).bounding_box() for i in (0, 1))
    if viewport == "desktop":
        assert second["x"] > first["x"] + first["width"] - 1 and abs(second["y"] - first["y"]) < 2
    else:
        assert second["y"] >= first["y"] + first["height"] - 1
    page.click(".facet-links a[href='/conflicts?status=all']")
    page.wait_for_url("**/conflicts?status=all")
    assert page.locator("li.conflict span.status-agrees").count() > 0
    assert problems == []


def add_many_comparisons(path, n=120):
    """The claims knowledge base with n more comparisons of claim 1 (each a state file's count)."""
    db = sqlite_utils.Database(path)
    row = db["conflicts"].get(2)
    db["conflicts"].insert_all({**row, "id": 100 + i, "compared_value": 215 + i,
                                "difference": 5 + i, "relative_difference": (5 + i) / 210} for i in range(n))
    db.close()
    return path


async def test_a_page_of_conflicts_stays_the_same_size_however_many_there_are(tmp_path):
    own = make_datasette(add_many_comparisons(add_claims(write_small_kb(tmp_path / "many.db"))))
    first = await get_ok(own, "/conflicts")
    total = len(CONFLICTS) + 120
    disagreeing = 3 + 120  # conflicts 1, 2, 3 and the copies disagree
    assert total > disagreeing and len(cards(first)) == 50 and f"<strong>{disagreeing}</strong>" in first
    assert "1–50 shown" in first and 'href="/conflicts?page=2" rel="next"' in first and 'rel="prev"' not in first
    last = await get_ok(own, "/conflicts?page=3")
    assert len(cards(last)) == disagreeing - 100 and 'href="/conflicts" rel="prev"' not in last
    assert 'href="/conflicts?page=2" rel="prev"' in last and 'rel="next"' not in last
    seen = {card_id(c) for page in (first, await get_ok(own, "/conflicts?page=2"), last) for c in cards(page)}
    assert len(seen) == disagreeing  # every one once, none twice
    # a claim with 120 comparisons shows five of them and says how many more
    entity = await get_ok(own, "/entities/2")
    assert re.search(r"; and <a href=\"/conflicts\?document=[^\"]+&amp;status=all\">(\d+) more</a>", entity)[1] == \
        str(2 + 120 - claim_checks.CHECKS_SHOWN)
