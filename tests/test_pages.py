"""The reader's pages (datasette/plugins/ + reformkb/web.py + datasette/templates/reform/), the canned queries and
the metadata, through Datasette's in-process client: on small databases written here row by row, and on the full
corpus."""

import importlib.util
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlite_utils
import yaml
from markupsafe import escape

from loaders import schema
from reformkb import web
from reformkb.app import DATASETTE, ROOT, make_datasette

SCRIPT = '<script>alert("x")</script>'


def load_plugin(name):
    """datasette/plugins/<name>.py as a module (the plugins folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"reform_{name}", DATASETTE / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


search, timeline = load_plugin("search"), load_plugin("timeline")


# ---------------------------------------------------------------------------------------------------------------
# A small knowledge base, written row by row
# ---------------------------------------------------------------------------------------------------------------

HISTORY = [
    ("Beginnings", "paragraph", None, "In 1993 Roy Romer and LAUSD launched LEARN across the district."),
    ("Beginnings", "paragraph", None, f"The board met. A sign said {SCRIPT} and LEARN went on."),
    ("Beginnings", "table", None, None),
    ("Later", "paragraph", None, "LEARN collapsed in 1999, said Roy Romer."),
    ("Notes", "footnote", 1, "See the board minutes of 1993."),
]


def split_sentences(passage, first_id):
    """sentences rows of a passage, split after each ". " (offsets found, never typed)."""
    text, rows, start = passage["text"], [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end < 0 else end + 1
        rows.append({"id": first_id + len(rows), "passage_id": passage["id"], "document_id": passage["document_id"],
                     "seq": len(rows) + 1, "start": start, "end": end, "text": text[start:end]})
        start = end + 1
    return rows


def sentence_at(sentences, passage_id, offset):
    """The id of the sentence of passage_id that holds offset."""
    return next(s["id"] for s in sentences if s["passage_id"] == passage_id and s["start"] <= offset < s["end"])


def mention(text, surface, entity_id, occurrence=0):
    """A mentions row for the occurrence-th `surface` in text (offsets found, never typed)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"entity_id": entity_id, "start": start, "end": start + len(surface), "text": surface}


def write_small_kb(path):
    """A knowledge base of two documents (one with a <script> in its title, text and an entity name), three
    entities, one reform with citations and events (both milestones), a footnote, a table and four charter years.
    Returns path."""
    db = sqlite_utils.Database(path)
    schema.create(db)
    db["documents"].insert_all([
        {"id": 1, "slug": "history", "title": "A History of LEARN", "author": "Ann Author", "published": "2001-02-03",
         "publication": "The Review", "url": "https://example.org/history", "kind": "paper", "passages": 4,
         "words": 40, "path": "documents/history.md", "sha256": "0" * 64},
        {"id": 2, "slug": "scripted", "title": f"Title {SCRIPT}", "author": SCRIPT, "published": "2010",
         "kind": "news", "passages": 1, "words": 9, "path": "documents/scripted.md", "sha256": "1" * 64},
    ])
    passages, seq = [], 0
    for section, kind, number, text in HISTORY:
        seq += 1
        if kind != "table":
            passages.append({"id": len(passages) + 1, "document_id": 1, "seq": seq, "section": section,
                             "kind": kind, "footnote_number": number, "line": seq * 2, "text": text})
    passages.append({"id": 5, "document_id": 2, "seq": 1, "section": None, "kind": "paragraph", "line": 5,
                     "text": f"Roy Romer wrote {SCRIPT} about LEARN."})
    db["passages"].insert_all(passages)
    sentences = []
    for p in passages:
        sentences += split_sentences(p, len(sentences) + 1)
    db["sentences"].insert_all(sentences)
    db["footnote_refs"].insert_all([{"id": 1, "passage_id": 1, "start": passages[0]["text"].index(" across"),
                                     "number": 1, "footnote_passage_id": 4}])
    db["document_tables"].insert_all([{
        "id": 1, "document_id": 1, "seq": 3, "line": 7, "section": "Beginnings", "caption": "Schools in LEARN",
        "source": "District records", "columns": json.dumps(["Year", "Schools"]),
        "rows": json.dumps([["1993-94", "34"], ["1994-95", "100"]])}])
    db["boilerplate"].insert_all([{"id": 1, "document_id": 1, "line": 1, "text": "Share this", "reason": "share"}])
    db["entities"].insert_all([
        {"id": 1, "name": "Roy Romer", "type": "PERSON", "in_gazetteer": 0},
        {"id": 2, "name": "Los Angeles Unified School District", "type": "ORG", "in_gazetteer": 1,
         "description": "The district"},
        {"id": 3, "name": "Los Angeles Alliance for Restructuring Now", "type": "REFORM", "in_gazetteer": 1},
        {"id": 4, "name": SCRIPT, "type": "ORG", "in_gazetteer": 0},
    ])
    db["entity_aliases"].insert_all([{"entity_id": 2, "alias": "LAUSD", "source": "gazetteer"},
                                     {"entity_id": 3, "alias": "LEARN", "source": "gazetteer"}])
    rows = []
    for p in passages:
        text = p["text"]
        for surface, entity_id in [("Roy Romer", 1), ("LAUSD", 2), ("LEARN", 3), (SCRIPT, 4)]:
            for n in range(text.count(surface)):
                row = mention(text, surface, entity_id, n)
                rows.append({**row, "document_id": p["document_id"], "passage_id": p["id"], "label": "ORG",
                             "sentence_id": sentence_at(sentences, p["id"], row["start"])})
    db["mentions"].insert_all({**row, "id": i} for i, row in enumerate(rows, start=1))
    for e in db["entities"].rows:
        mine = [r for r in rows if r["entity_id"] == e["id"]]
        db["entities"].update(e["id"], {"mentions": len(mine), "documents": len({r["document_id"] for r in mine})})
    db["co_mentions"].insert_all([
        {"id": 1, "entity_a": 1, "entity_b": 3, "passages": 3, "passage_ids": "[1, 3, 5]"},
        {"id": 2, "entity_a": 2, "entity_b": 3, "passages": 1, "passage_ids": "[1]"},
    ])
    db["reforms"].insert_all([
        {"id": 1, "slug": "learn", "name": "Los Angeles Alliance for Restructuring Now", "acronym": "LEARN",
         "kind": "district reform", "start_year": 1993, "end_year": 1999, "summary": "A decentralizing reform.",
         "entity_id": 3, "citations": 2},
        {"id": 2, "slug": "undated-plan", "name": "An undated plan", "kind": "policy", "citations": 0},
    ])
    quote = "LEARN collapsed in 1999"
    db["reform_citations"].insert_all([
        {"id": 1, "reform_id": 1, "passage_id": 1, "document_id": 1, "quote": "Roy Romer and LAUSD launched LEARN",
         "fact": "Romer and the district launched LEARN", "year": 1993, "milestone": 1, "start": 8, "end": 42},
        {"id": 2, "reform_id": 1, "passage_id": 3, "document_id": 1, "quote": quote, "fact": "LEARN ended",
         "year": 1999, "milestone": 1, "start": 0, "end": len(quote)},
    ])
    # both milestones merged into the text event of their date, as the events stage writes them
    db["events"].insert_all([
        {"id": 1, "year": 1993, "precision": "year", "date_text": "1993", "sentence_id": sentence_at(sentences, 1, 3),
         "passage_id": 1, "document_id": 1, "reform_id": 1, "citation_id": 1, "milestone": 1, "source": "text",
         "start": 3, "end": 7},
        {"id": 2, "year": 1999, "precision": "year", "date_text": "1999", "sentence_id": sentence_at(sentences, 3, 19),
         "passage_id": 3, "document_id": 1, "reform_id": 1, "citation_id": 2, "milestone": 1, "source": "text",
         "start": 19, "end": 23},
    ])
    db["event_entities"].insert_all([{"event_id": 1, "entity_id": 1}, {"event_id": 1, "entity_id": 2},
                                     {"event_id": 2, "entity_id": 1}])
    db["charter_enrollment"].insert_all([
        {"start_year": y, "school_year": f"{y}-{(y + 1) % 100:02d}", "independent_schools": n, "affiliated_schools": n,
         "total_schools": 2 * n, "independent_enrollment": 100 * n, "affiliated_enrollment": 50 * n,
         "total_enrollment": 150 * n, "document_id": 1, "table_id": 1, "line": 7}
        for n, y in enumerate(range(1993, 1997), start=1)])
    schema.index_text(db)
    db.close()
    return path


@pytest.fixture
def small_ds(tmp_path):
    return make_datasette(write_small_kb(tmp_path / "small.db"))


@pytest.fixture
def empty_ds(tmp_path):
    db = sqlite_utils.Database(tmp_path / "empty.db")
    schema.create(db)
    schema.index_text(db)
    db.close()
    return make_datasette(tmp_path / "empty.db")


@pytest.fixture(scope="module")
def full_ds(full_db_path):
    return make_datasette(full_db_path)


async def get_ok(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}\n{response.text[-2000:]}"
    return response.text


class Links(HTMLParser):
    """Collects href/src of a, link, script and img tags."""

    def __init__(self):
        super().__init__()
        self.links, self.assets, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "alternate":
            self.assets.append(attrs["href"])


def parse(html):
    parser = Links()
    parser.feed(html)
    return parser


# ---------------------------------------------------------------------------------------------------------------
# mark_up: passage text + offsets → HTML
# ---------------------------------------------------------------------------------------------------------------

def span(start, end, entity_type="PERSON", href="/entities/1"):
    return {"start": start, "end": end, "type": entity_type, "href": href, "title": "t"}


def test_mark_up_escapes_text_and_links_spans():
    text = "Roy Romer & <b>LAUSD</b>"
    html = str(web.mark_up(text, [span(0, 9), span(15, 20, "ORG", "/entities/2")]))
    assert html == ('<a class="ent ent-PERSON" href="/entities/1" title="t">Roy Romer</a> &amp; &lt;b&gt;'
                    '<a class="ent ent-ORG" href="/entities/2" title="t">LAUSD</a>&lt;/b&gt;')


def test_mark_up_keeps_first_then_longest_of_overlapping_spans():
    text = "Los Angeles Unified School District"
    html = str(web.mark_up(text, [span(0, 11, "GPE"), span(0, 35, "ORG"), span(12, 19, "ORG")]))
    assert html.count("<a ") == 1
    assert 'class="ent ent-ORG"' in html and ">Los Angeles Unified School District</a>" in html


def test_mark_up_footnote_markers_and_bad_offsets():
    text = "LEARN failed badly."
    refs = [{"start": 3, "number": 2, "href": "#p9", "id": "ref7"}, {"start": 19, "number": 3, "href": "#p10",
                                                                    "id": "ref8"}]
    html = str(web.mark_up(text, [span(0, 5, "REFORM"), span(12, 99)], refs))
    # a marker inside a mention moves to its end; a span past the end of the text is not drawn
    assert html.startswith('<a class="ent ent-REFORM" href="/entities/1" title="t">LEARN</a>'
                           '<sup class="fnref" id="ref7"><a href="#p9">2</a></sup> failed badly.')
    assert html.endswith('<sup class="fnref" id="ref8"><a href="#p10">3</a></sup>')
    assert html.count("<a ") == 3


def test_mark_snippet_marks_matches_and_escapes():
    snippet = f"…{search.SNIPPET_OPEN}LEARN{search.SNIPPET_CLOSE} and <script>"
    assert str(search.mark_snippet(snippet)) == "…<mark>LEARN</mark> and &lt;script&gt;"


def test_type_class_for_unknown_types():
    assert web.type_class("PERSON") == "ent-PERSON"
    assert web.type_class('x" onclick="y') == "ent-other"


def test_timeline_layout_places_bars_on_one_axis():
    reforms = [{"first_year": 1993, "last_year": 1999, "through_year": 1999},
               {"first_year": 2005, "last_year": None, "through_year": 2009},
               {"first_year": 1903, "last_year": None, "through_year": 1905},
               {"first_year": None, "last_year": None, "through_year": None},
               {"first_year": 2007, "last_year": None, "through_year": 2007}]
    enrollment = [{"start_year": y, "total_enrollment": 10 * (y - 1992)} for y in range(1993, 2013)]
    axis = timeline.timeline_layout(reforms, enrollment, [2012])
    assert (axis["first"], axis["last"], axis["earliest"]) == (1988, 2012, 1903)
    assert reforms[0]["bar"] == {"left": 20.0, "width": 28.0, "clipped": False, "point": False, "open": False}
    # open-ended: to the last cited year (2009) and no further, its end marked open
    assert reforms[1]["bar"]["width"] == 20.0 and reforms[1]["bar"]["open"] and not reforms[1]["bar"]["point"]
    # known from one dated fact: a point in its year
    assert reforms[4]["bar"]["point"] and reforms[4]["bar"]["width"] == 4.0
    assert reforms[2] == {**reforms[2], "before": True} and "bar" not in reforms[3]
    assert enrollment[-1]["height"] == 100.0 and enrollment[0]["height"] == 5.0
    assert [y for y, _ in axis["ticks"]] == [1990, 1995, 2000, 2005, 2010]
    whole = timeline.timeline_layout(reforms, enrollment, [2012], start=1900)
    assert whole["first"] == 1903 and reforms[2]["bar"]["clipped"] is False


# ---------------------------------------------------------------------------------------------------------------
# Pages on the small knowledge base
# ---------------------------------------------------------------------------------------------------------------

async def test_home_shows_live_counts_and_ways_in(small_ds):
    html = await get_ok(small_ds, "/")
    assert re.search(r"<strong>2</strong> documents", html)
    assert re.search(r"<strong>4</strong> entities", html) and re.search(r"<strong>2</strong> reforms", html)
    assert re.search(r"<strong>4</strong> school years of charter enrollment", html)
    assert 'action="/search"' in html and 'href="/reforms/learn"' in html and "1993–1999" in html
    assert 'href="/documents/history"' in html and 'href="/entities/1"' in html and 'href="/charts"' in html
    assert 'href="/reform/entity"' in html and 'href="/reform/charter_growth_by_year"' in html
    for label in ["Home", "Documents", "Entities", "Reforms", "Timeline", "Charts", "Search", "SQL tables"]:
        assert f">{label}</a>" in html


async def test_document_page(small_ds):
    html = await get_ok(small_ds, "/documents/history")
    doc = parse(html)
    assert {"p1", "p2", "p3", "p4", "p5"} <= doc.ids
    assert html.index('<h2 class="section">Beginnings</h2>') < html.index('id="p1"')
    assert html.index('id="p3"') < html.index('<h2 class="section">Later</h2>') < html.index('id="p4"')
    # mentions highlighted by type and linked; a legend of the types present
    assert '<a class="ent ent-PERSON" href="/entities/1" title="Roy Romer (PERSON)">Roy Romer</a>' in html
    assert 'href="/entities/2"' in html and 'class="ent ent-REFORM"' in html
    assert 'class="legend"' in html and ">person</span>" in html
    # footnote: the marker (after "LEARN") links to the footnote, which links back
    assert '<sup class="fnref" id="ref1"><a href="#p5">1</a></sup>' in html
    assert '<a href="#ref1" title="Back to the text">1.</a>' in html
    # the table at its place, with caption and source
    assert html.index('id="p2"') < html.index("<figcaption>Schools in LEARN") < html.index('id="p4"')
    assert "<td>1994-95</td>" in html and "Source: District records" in html
    # cite this, and what cleaning removed
    assert "Ann Author. “A History of LEARN.” <em>The Review</em>, 2001-02-03." in html
    assert "http://localhost/documents/history" in html
    assert "<details class=\"removed\">" in html and "Share this" in html
    assert 'href="/reforms/learn"' in html


async def test_entity_page(small_ds):
    html = await get_ok(small_ds, "/entities/1")
    assert "<h1><span class=\"ent ent-PERSON\">Roy Romer</span></h1>" in html
    assert "3 in 2 documents" in html
    assert html.index("A History of LEARN") < html.index("Title &lt;script&gt;")  # grouped, by date
    assert 'href="/documents/history#p1"' in html and 'href="/documents/history#p4"' in html
    assert '<a class="ent ent-PERSON" href="/entities/1" title="Roy Romer (PERSON)">Roy Romer</a>' in html
    assert 'href="/entities/3"' in html  # co-mentioned
    assert "Events" in html and 'href="/reforms/learn"' in html
    reform_entity = await get_ok(small_ds, "/entities/3")
    assert "LEARN" in reform_entity and 'href="/reforms/learn"' in reform_entity  # aliases, its reform


async def test_reform_page(small_ds):
    html = await get_ok(small_ds, "/reforms/learn")
    assert "A decentralizing reform." in html and "1993–1999" in html and "district reform" in html
    assert "“Roy Romer and LAUSD launched LEARN”" in html and 'href="/documents/history#p1"' in html
    assert 'href="/documents/history#p4"' in html
    assert 'href="/entities/1"' in html and 'href="/entities/2"' in html  # people and organizations involved
    assert "<td>1993-94</td>" in html and "<td>1996-97</td>" in html
    assert 'href="/entities/3"' in html and 'href="/timeline?reform=learn"' in html
    events = html.split('<ul class="events">')[1].split("</ul>")[0]
    assert events.count("<li>") == 2 and 'class="reform-tag"' not in events  # the page is the reform's
    undated = await get_ok(small_ds, "/reforms/undated-plan")
    assert "years not stated" in undated and "No cited facts yet." in undated


async def test_timeline_page_and_filters(small_ds):
    html = await get_ok(small_ds, "/timeline")
    assert html.count('class="bar') == 1 and 'href="/reforms/learn"' in html
    assert html.count('class="col') == 4
    assert "Not dated by the sources" in html and 'href="/reforms/undated-plan"' in html
    assert "<script" not in html.split('<section class="content">')[1].split("</section>")[0]
    # each event once, its sentence from the sentences table, a milestone tagged with its curated fact
    assert html.count("LEARN collapsed in 1999, said Roy Romer.") == 1 and html.count('class="milestone-tag"') == 2
    assert 'title="A curated milestone from reforms.yml: Romer and the district launched LEARN"' in html
    by_year = await get_ok(small_ds, "/timeline?year=1999")
    assert "LEARN collapsed in 1999" in by_year and "launched LEARN across" not in by_year
    by_reform = await get_ok(small_ds, "/timeline?reform=undated-plan")
    assert "No events" in by_reform
    assert (await small_ds.client.get("/timeline?year=abc")).status_code == 200


async def test_timeline_events_come_a_page_at_a_time(small_ds, monkeypatch):
    from datasette.plugins import pm

    served = next(p for p in pm.get_plugins() if str(getattr(p, "__file__", "")).endswith("plugins/timeline.py"))
    monkeypatch.setattr(served, "PAGE_SIZE", 1)
    first = await get_ok(small_ds, "/timeline")
    assert first.count('class="year-group"') == 1 and "events: 1–1 shown" in first
    assert 'href="/timeline?page=2#events" rel="next">Later events' in first and 'rel="prev"' not in first
    second = await get_ok(small_ds, "/timeline?page=2")
    assert 'href="/timeline#events" rel="prev">' in second and "events: 2–2 shown" in second
    assert (await small_ds.client.get("/timeline?page=-3")).status_code == 200


async def test_an_entity_page_shows_its_first_events_and_links_the_rest(small_ds, monkeypatch):
    from datasette.plugins import pm

    from reformkb.web import database

    served = next(p for p in pm.get_plugins() if str(getattr(p, "__file__", "")).endswith("plugins/entities.py"))
    monkeypatch.setattr(served, "EVENTS_SHOWN", 1)
    entity_id, n = (await database(small_ds).execute(
        "select entity_id, count(*) from event_entities group by entity_id order by 2 desc limit 1")).first()
    assert n >= 2
    html = await get_ok(small_ds, f"/entities/{entity_id}")
    events = html.split("<h2>Events</h2>")[1].split("</ul>")[0]
    assert events.count("<li") == 1 and f"/event_entities?entity_id={entity_id}" in html


async def test_search_page(small_ds):
    help_page = await get_ok(small_ds, "/search")
    assert 'class="help"' in help_page
    html = await get_ok(small_ds, "/search?q=collapsed")
    assert "<strong>1</strong> passage match" in html
    assert "LEARN <mark>collapsed</mark> in 1999" in html and 'href="/documents/history#p4"' in html
    html = await get_ok(small_ds, "/search?q=LEARN")
    assert "<strong>4</strong> passages match" in html
    assert 'href="/search?q=LEARN&amp;document=scripted"' in html and ">person</a>" in html
    assert 'href="/entities/3"' in html and 'href="/reforms/learn"' in html
    narrowed = await get_ok(small_ds, "/search?q=LEARN&document=scripted")
    assert "<strong>1</strong> passage match" in narrowed
    typed = await get_ok(small_ds, "/search?q=LEARN&type=PERSON")
    assert "<strong>3</strong> passages match" in typed and "A sign said" not in typed  # p2 names no person
    for odd in ['"unbalanced', "AND OR NOT", "*", "a:b", "NEAR("]:
        assert (await small_ds.client.get("/search", params={"q": odd})).status_code == 200


async def test_index_pages(small_ds):
    documents = await get_ok(small_ds, "/documents")
    assert 'href="/documents/history"' in documents and 'href="/documents/scripted"' in documents
    entities = await get_ok(small_ds, "/entities")
    assert all(f'href="/entities/{i}"' in entities for i in range(1, 5))
    people = await get_ok(small_ds, "/entities?type=PERSON")
    assert 'href="/entities/1"' in people and 'href="/entities/2"' not in people
    reforms = await get_ok(small_ds, "/reforms")
    assert 'href="/reforms/learn"' in reforms and "1993–1999" in reforms


def add_values_and_roles(path, roles=True):
    """The small knowledge base plus a date named with Roy Romer and, where roles, Roy Romer's two roles."""
    db = sqlite_utils.Database(path)
    db["entities"].insert({"id": 5, "name": "1993", "type": "DATE", "value": 1, "mentions": 2, "documents": 1})
    db["co_mentions"].insert({"id": 3, "entity_a": 1, "entity_b": 5, "passages": 1, "passage_ids": "[1]"})
    if roles:
        db["roles"].insert_all([
            {"id": 1, "person_id": 1, "role": "superintendent", "organization_id": 2, "start_year": 1993,
             "end_year": 1999, "year_source": "sentence", "document_id": 1, "passage_id": 1, "text": "Superintendent"},
            {"id": 2, "person_id": 1, "role": "governor", "organization_id": None, "start_year": None,
             "document_id": 1, "passage_id": 3, "text": "Governor"}], alter=True)
    db.close()
    return make_datasette(path)


async def test_names_and_values_are_counted_and_listed_apart(tmp_path):
    ds = add_values_and_roles(write_small_kb(tmp_path / "small.db"))
    home = await get_ok(ds, "/")
    assert re.search(r"<strong>4</strong> entities", home) and "1 <a href=\"/entities?values=1\">dates" in home
    names = await get_ok(ds, "/entities")
    assert 'href="/entities/1"' in names and 'href="/entities/5"' not in names and "4 names" in names
    for path in ["/entities?values=1", "/entities?type=DATE"]:
        values = await get_ok(ds, path)
        assert 'href="/entities/5"' in values and 'href="/entities/1"' not in values
    romer = await get_ok(ds, "/entities/1")
    listed = romer.split('<p class="chips associates">')[1].split("</p>")[0]
    assert 'href="/entities/3"' in listed and 'href="/entities/5"' not in listed
    assert 'href="/entities/1/with/3"' in listed
    assert 'href="/entities/1/with/5"' in romer.split('<p class="hint values">')[1].split("</p>")[0]


async def test_entity_page_shows_roles_when_there_are_any(tmp_path, small_ds):
    ds = add_values_and_roles(write_small_kb(tmp_path / "roles.db"))
    person = await get_ok(ds, "/entities/1")
    roles = person.split("<h2>Roles</h2>")[1].split("</ul>")[0]
    assert roles.index("1993–1999") < roles.index("no year stated")  # dated first
    assert "superintendent" in roles and 'href="/entities/2"' in roles and 'href="/documents/history#p1"' in roles
    assert "governor" in roles and 'href="/documents/history#p4"' in roles
    organization = await get_ok(ds, "/entities/2")
    people = organization.split("<h2>People and their roles</h2>")[1].split("</ul>")[0]
    assert 'href="/entities/1"' in people and "superintendent" in people and "governor" not in people
    # no roles: no section at all
    assert "Roles</h2>" not in await get_ok(small_ds, "/entities/1")


@pytest.mark.parametrize("path,message", [
    ("/documents/nope", "No document with the slug 'nope'"),
    ("/entities/99", "No entity with the id 99"),
    ("/reforms/nope", "No reform with the slug 'nope'"),
    ("/documents/nope%3Cscript%3E", "No document with the slug 'nope%3Cscript%3E'"),  # url_vars are not decoded
    ("/charts/nope", "No chart called 'nope': see /charts"),
    ("/nope", "There is no page at /nope."),  # Datasette's own 404 ("Database not found"), in plain words
])
async def test_unknown_pages_are_404(small_ds, path, message):
    response = await small_ds.client.get(path)
    assert response.status_code == 404
    content = response.text.split('<section class="content">')[1].split("</section>")[0]
    assert str(escape(message)) in content
    assert "<script" not in content
    assert '<a href="/reform">SQL tables</a>' in response.text  # the site's navigation, on every page
    if path == "/nope":
        assert 'action="/search"' in content and 'href="/documents"' in content  # and the ways back


async def test_strings_from_the_database_are_escaped(small_ds):
    for path in ["/documents/scripted", "/search?q=alert", "/entities/4", "/entities/1", "/documents", "/entities"]:
        html = await get_ok(small_ds, path)
        assert SCRIPT not in html, path
        assert "&lt;script&gt;alert(" in html, path
    echoed = await small_ds.client.get("/search", params={"q": SCRIPT})
    assert echoed.status_code == 200 and SCRIPT not in echoed.text and "&lt;script&gt;" in echoed.text


@pytest.mark.parametrize("path", ["/", "/documents", "/documents/history", "/entities", "/entities/1", "/reforms",
                                  "/reforms/learn", "/timeline", "/search?q=LEARN", "/reform/passages", "/network",
                                  "/entities/1/with/3"])
async def test_pages_load_nothing_from_other_hosts(small_ds, path):
    html = await get_ok(small_ds, path)
    assets = parse(html).assets
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "/static/reform.css" in assets


async def test_pages_cope_with_an_empty_database(empty_ds):
    for path in ["/", "/documents", "/entities", "/entities?values=1", "/reforms", "/timeline", "/search",
                 "/search?q=anything", "/network"]:
        await get_ok(empty_ds, path)
    assert "Nothing dated" in await get_ok(empty_ds, "/timeline")


async def test_datasette_table_search_and_no_writes(small_ds):
    rows = (await small_ds.client.get("/reform/passages.json?_search=collapsed&_shape=array")).json()
    assert [r["id"] for r in rows] == [3]
    assert (await small_ds.client.get("/-/settings.json")).json()["sql_time_limit_ms"] <= 1000
    assert small_ds.databases["reform"].is_mutable is False
    for sql in ["delete from documents", "update documents set title = 'x'", "drop table documents"]:
        response = await small_ds.client.get("/reform.json", params={"sql": sql})
        assert response.status_code == 400, sql
    count = await small_ds.client.get("/reform.json", params={"sql": "select count(*) as n from documents",
                                                              "_shape": "array"})
    assert count.json() == [{"n": 2}]


# ---------------------------------------------------------------------------------------------------------------
# The full corpus
# ---------------------------------------------------------------------------------------------------------------

def page_links(html):
    """This site's page links (our pages and Datasette's), without fragments."""
    found = set()
    for href in parse(html).links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def link_shape(link):
    """A Datasette link with its numbers and query values blanked: one of each shape is enough to check."""
    parts = urlsplit(link)
    return re.sub(r"\d+", "N", parts.path), tuple(sorted(q.split("=")[0] for q in parts.query.split("&") if q))


async def test_every_page_of_the_full_corpus_links_to_live_pages(full_ds, full_db):
    """Crawl from / through every reader's page; every link to ours, and one link of each shape to Datasette's
    (tables, rows, canned queries), answers 200."""
    ours = ("/documents", "/entities", "/reforms", "/timeline", "/search")
    seen, queue, checked = set(), ["/"], {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        html = await get_ok(full_ds, path)
        for link in page_links(html):
            if link.startswith(ours) or link == "/":
                if link not in seen:
                    queue.append(link)
            elif link_shape(link) not in checked and not link.startswith(("/charts", "/-/")):
                checked[link_shape(link)] = (link, (await full_ds.client.get(link)).status_code)
    assert {f"/documents/{s}" for s, in full_db.execute("select slug from documents")} <= seen
    assert {f"/reforms/{s}" for s, in full_db.execute("select slug from reforms")} <= seen
    mentioned = {f"/entities/{i}" for i, in full_db.execute("select distinct entity_id from mentions")}
    assert mentioned <= seen
    assert [link for link, status in checked.values() if status != 200] == []


async def test_full_corpus_entity_pages_rank_people_above_the_district(full_ds, full_db):
    """On every person's page, LAUSD (in a third of all passages) comes after each name that shares as many
    passages with that person; dates and sums never sit among the names."""
    (lausd,) = full_db.execute("select id from entities where name = 'Los Angeles Unified School District'").fetchone()
    people = full_db.execute("""select e.id from entities e join co_mentions c on e.id in (c.entity_a, c.entity_b)
        where e.type = 'PERSON' group by e.id""").fetchall()
    checked = 0
    for (person,) in people:
        html = await get_ok(full_ds, f"/entities/{person}")
        if '<p class="chips associates">' not in html:
            continue
        listed = html.split('<p class="chips associates">')[1].split("</p>")[0]
        order = [int(i) for i in re.findall(r'class="ent ent-\w+" href="/entities/(\d+)"', listed)]
        values = {i for i, in full_db.execute("select id from entities where value = 1")}
        assert not values & set(order), person
        if lausd in order:
            shared = dict(full_db.execute("""select case when entity_a = ? then entity_b else entity_a end, passages
                from co_mentions where ? in (entity_a, entity_b)""", [person, person]).fetchall())
            rivals = [i for i in order if i != lausd and shared[i] >= shared[lausd]]
            assert all(order.index(i) < order.index(lausd) for i in rivals), (person, order)
            checked += len(rivals)
    assert checked > 0


async def test_full_corpus_document_page_highlights_every_mention(full_ds, full_db):
    slug, document_id = full_db.execute("""select slug, d.id from documents d join mentions m on m.document_id = d.id
                                           group by d.id order by count(*) desc limit 1""").fetchone()
    html = await get_ok(full_ds, f"/documents/{slug}")
    passages = full_db.execute("select count(*) from passages where document_id = ?", [document_id]).fetchone()[0]
    assert html.count('<div class="passage ') == passages
    drawn = html.count('class="ent ent-', html.index('<article class="doc-text">'))
    mentions = full_db.execute("select count(*) from mentions where document_id = ?", [document_id]).fetchone()[0]
    assert 0.9 * mentions <= drawn <= mentions  # only nested or overlapping mentions are left out
    for ref_id, seq in full_db.execute("""select r.id, f.seq from footnote_refs r join passages p on p.id = r.passage_id
                                          join passages f on f.id = r.footnote_passage_id where p.document_id = ?""",
                                       [document_id]):
        assert f'id="ref{ref_id}"><a href="#p{seq}">' in html


async def test_full_corpus_search_laamp(full_ds, full_db):
    html = await get_ok(full_ds, "/search?q=LAAMP")
    expected = full_db.execute("select count(*) from passages_fts where passages_fts match 'LAAMP'").fetchone()[0]
    assert expected > 0 and f"<strong>{expected}</strong> passage" in html
    assert "<mark>LAAMP</mark>" in html and 'href="/reforms/laamp"' in html


CANNED = {
    "charter_growth_by_year": {},
    "entity": {"name": "LAAMP"},
    "reforms_active_in_year": {"year": "1995"},
    "entities_together": {"a": "LEARN", "b": "LAUSD"},
    "documents_mentioning_reform": {"reform": "learn"},
}


@pytest.mark.parametrize("name", list(CANNED))
async def test_canned_queries_on_the_full_corpus(full_ds, name):
    response = await full_ds.client.get(f"/reform/{name}.json", params={**CANNED[name], "_shape": "array"})
    assert response.status_code == 200, response.text
    rows = response.json()
    assert rows, f"{name} returned no rows"
    html = (await full_ds.client.get(f"/reform/{name}", params=CANNED[name])).text
    assert f"returning {len(rows)} row" in html


async def test_canned_query_answers(full_ds, full_db):
    growth = (await full_ds.client.get("/reform/charter_growth_by_year.json?_shape=array")).json()
    assert len(growth) == full_db["charter_enrollment"].count
    active = (await full_ds.client.get("/reform/reforms_active_in_year.json?year=1995&_shape=array")).json()
    assert "LEARN" in {r["acronym"] for r in active}
    together = (await full_ds.client.get("/reform/entities_together.json?a=LEARN&b=LAAMP&_shape=array")).json()
    assert together and all("LEARN" in r["text"] and "LAAMP" in r["text"] for r in together)
    entity = (await full_ds.client.get("/reform/entity.json?name=laamp&_shape=array")).json()
    assert {"entity", "also called", "mention"} <= {r["fact"] for r in entity}
    page = await get_ok(full_ds, "/reform/entity?name=LAAMP")
    assert re.search(r'<a href="/documents/[a-z0-9-]+#p\d+">', page)  # render_cell links the page column


def test_canned_queries_read_the_views():
    """A mention's context and a reform's span are defined once, by views the pages read too."""
    queries = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["reform"]["queries"]
    assert "from mentions_in_context" in queries["entity"]["sql"]
    assert "from reform_spans" in queries["reforms_active_in_year"]["sql"]


def test_metadata_describes_every_table_and_column(full_db):
    """Every table and view of a full build, and each of its columns, has a description in metadata.yml."""
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["reform"]["tables"]
    missing = []
    for name in full_db.table_names() + full_db.view_names():
        meta = tables.get(name) or {}
        if meta.get("hidden"):
            continue
        if not meta.get("description"):
            missing.append(name)
        columns = meta.get("columns") or {}
        missing += [f"{name}.{c}" for c in full_db[name].columns_dict if c not in columns]
    assert missing == []


def test_full_text_search_tables_are_hidden(full_db):
    """The FTS index and its shadow tables are machinery: hidden from the table lists."""
    tables = yaml.safe_load((ROOT / "metadata.yml").read_text())["databases"]["reform"]["tables"]
    fts = [name for name in full_db.table_names() if re.search(r"_fts(_data|_idx|_docsize|_config)?$", name)]
    assert "passages_fts" in fts
    assert [name for name in fts if not (tables.get(name) or {}).get("hidden")] == []


async def test_a_frequent_entitys_page_shows_its_mentions_a_page_at_a_time(tmp_path):
    path = write_small_kb(tmp_path / "many.db")
    db = sqlite_utils.Database(path)
    first = next(db.query("select * from mentions where entity_id = 2 order by id limit 1"))
    next_id = db.execute("select max(id) from mentions").fetchone()[0] + 1
    db["mentions"].insert_all({**first, "id": next_id + i} for i in range(5000))  # one mention, 5,000 times
    total = db.execute("select count(*) from mentions where entity_id = 2").fetchone()[0]
    db["entities"].update(2, {"mentions": total})
    db.close()
    ds = make_datasette(path)
    page = await get_ok(ds, "/entities/2")
    assert page.count("<blockquote>") == 100 and f"of {total:,}" in page
    assert 'href="/entities/2?page=2"' in page
    last = await get_ok(ds, f"/entities/2?page={-(-total // 100)}")
    assert 0 < last.count("<blockquote>") <= 100 and "Previous 100" in last
    assert "No mentions on this page" in await get_ok(ds, "/entities/2?page=999999")
    assert len(page) < 300_000  # bounded: 100 contexts, not 5,000


async def test_search_puts_what_the_query_names_first(full_ds, full_db):
    html = await get_ok(full_ds, "/search?q=LEARN")
    [learn_entity] = [i for i, in full_db.execute("select entity_id from reforms where slug = 'learn'")]
    best = html.index('class="best-match"')
    assert best < html.index('class="result-count"')
    assert f'href="/entities/{learn_entity}"' in html[best:best + 600] and 'href="/reforms/learn"' in html[best:]
    # the passages that hold LEARN as written come before those that only have "learn" or "learning"
    snippets = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r'<p class="snippet">(.*?)</p>', html)]
    as_written = [bool(re.search(r"\bLEARN\b", s)) for s in snippets]
    assert as_written[0] and as_written.index(False) > 5 and not any(as_written[as_written.index(False):])
    lower = await get_ok(full_ds, "/search?q=learn")
    assert 'class="best-match"' not in lower  # the acronym only as written


async def test_search_finds_documents_by_author_and_title(full_ds, full_db):
    html = await get_ok(full_ds, "/search?q=Kerchner")
    by_him = [s for s, in full_db.execute("select slug from documents where author like '%Kerchner%'")]
    assert len(by_him) >= 2
    section = html[html.index('class="doc-matches"'):html.index('class="result-count"')]
    assert all(f'href="/documents/{slug}"' in section for slug in by_him)
    title = await get_ok(full_ds, "/search?q=Peace+Dividend")
    assert 'class="doc-matches"' in title


async def test_search_facets_by_year_and_entity_narrow_the_hits(full_ds, full_db):
    html = await get_ok(full_ds, "/search?q=charter")
    total = int(re.search(r"<strong>([\d,]+)</strong> passages? match", html)[1].replace(",", ""))
    years = re.findall(r'href="/search\?q=charter&amp;year=(\d{4})">\d{4}</a> <span class="n">(\d+)</span>', html)
    assert years and sum(int(n) for _, n in years) <= total
    year, n = years[0]
    narrowed = await get_ok(full_ds, f"/search?q=charter&year={year}")
    assert f"<strong>{n}</strong> passage" in narrowed
    entity, count = re.search(r'href="/search\?q=charter&amp;entity=(\d+)">[^<]+</a> <span class="n">(\d+)', html).groups()
    by_entity = await get_ok(full_ds, f"/search?q=charter&entity={entity}")
    assert f"<strong>{count}</strong> passage" in by_entity
    assert (await full_ds.client.get("/search?q=charter&year=19x5")).status_code == 400
    assert (await full_ds.client.get("/search?q=charter&entity=" + "9" * 40)).status_code == 200


def robots_allows(robots, path):
    """Whether robots.txt lets a crawler fetch path, by the rules of RFC 9309 (the longest matching rule wins,
    Allow on a tie; * matches any characters)."""
    rules = [line.split(":", 1) for line in robots.splitlines() if line.startswith(("Allow:", "Disallow:"))]
    matching = [(len(pattern.strip()), kind == "Allow") for kind, pattern in rules
                if re.match(re.escape(pattern.strip()).replace(r"\*", ".*"), path)]
    return max(matching, default=(0, True))[1]


async def test_robots_txt_lets_the_pages_be_found_and_keeps_crawlers_off_costly_urls(small_ds):
    robots = await get_ok(small_ds, "/robots.txt")
    for page in ["/", "/documents", "/documents/history", "/entities/3", "/reforms/learn", "/timeline", "/charts",
                 "/charts/charter_enrollment", "/reform", "/reform/passages", "/reform/passages/1"]:
        assert robots_allows(robots, page), page
    for costly in ["/reform?sql=select+1", "/reform.json?sql=select+1", "/reform/passages.csv", "/search?q=LEARN",
                   "/reform/passages?_sort=seq", "/reform/passages?kind=paragraph&_facet=kind", "/entities.json",
                   "/charts/charter_enrollment.png"]:
        assert not robots_allows(robots, costly), costly


async def test_table_cells_link_to_the_readers_pages(full_ds, full_db):
    mention = full_db.execute("""select m.id, m.entity_id, d.slug, p.seq from mentions m
        join documents d on d.id = m.document_id join passages p on p.id = m.passage_id order by m.id limit 1""").fetchone()
    mention_id, entity_id, slug, seq = mention
    html = await get_ok(full_ds, f"/reform/mentions?id={mention_id}")
    assert f'class="reader-link" href="/entities/{entity_id}"' in html
    assert f'class="reader-link" href="/documents/{slug}"' in html
    assert f'<a class="reader-link" href="/documents/{slug}#p{seq}">¶{seq}</a>' in html
    assert f'class="row-link" href="/reform/entities/{entity_id}"' in html  # the row stays a click away
    passages = await get_ok(full_ds, "/reform/passages?_size=3")
    assert re.search(r'<a class="reader-link" href="/documents/[a-z0-9-]+#p\d+">¶\d+</a>', passages)
    entities = await get_ok(full_ds, "/reform/entities?_size=3")
    assert re.search(r'<a class="reader-link" href="/entities/\d+">[^<]+</a>', entities)
    reforms = await get_ok(full_ds, "/reform/reforms")
    assert '<a class="reader-link" href="/reforms/learn">learn</a>' in reforms
    for path, _ in re.findall(r'class="reader-link" href="(/[^"#]+)(#p\d+)?"', passages + entities + reforms)[:20]:
        await get_ok(full_ds, path)


async def test_an_entitys_mentions_export_with_their_paragraph_and_page(full_ds, full_db):
    import csv
    import io

    entity_id, mentions = full_db.execute("select id, mentions from entities order by mentions desc limit 1").fetchone()
    html = await get_ok(full_ds, f"/entities/{entity_id}")
    link = re.search(r'href="(/reform/mentions_in_context\.csv\?[^"]+)"', html)[1].replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO((await full_ds.client.get(link)).text)))
    assert len(rows) == mentions
    assert all(row["page"] == f"/documents/{row['slug']}#p{row['seq']}" for row in rows)


def test_a_reform_is_dated_only_by_what_its_citations_tell_as_history(full_db):
    dated = {slug: (first, through, page) for slug, first, through, page in full_db.execute(
        "select slug, first_year, through_year, first_cited_page from reform_spans")}
    # LAAMP's only year is an evaluation's, in a footnote; Small Schools' 2020 is the plan's target
    assert dated["laamp"][:2] == (None, None)
    assert dated["small-schools"][:2] == (2007, 2007)
    not_dating = full_db.execute("""select count(*) from reform_citations_dated x join passages p on p.id = x.passage_id
        where x.dates_reform and p.kind = 'footnote'""").fetchone()[0]
    assert not_dating == 0
    # no span runs past the year its documents were published
    late = full_db.execute("""select s.slug from reform_spans s where s.end_year is null and s.through_year >
        (select max(cast(substr(d.published, 1, 4) as integer)) from documents d)""").fetchall()
    assert late == []
    assert all(page is None or page.startswith("/documents/") for _, _, page in dated.values())


async def test_timeline_bars_open_their_citation_and_never_fade_past_the_sources(full_ds, full_db):
    html = await get_ok(full_ds, "/timeline")
    assert 'class="fade"' not in html
    slug, page = full_db.execute("select slug, first_cited_page from reform_spans where first_cited_page is not null "
                                 "order by first_year limit 1").fetchone()
    assert f'href="{page}"' in html
    assert re.search(r'class="bar[^"]* point', html)  # Small Schools and the one-fact reforms


@pytest.mark.parametrize("canned", ["charter_schools_open_in_year", "reforms_active_in_year", "conflicts_of_year"])
async def test_a_canned_query_opened_from_the_list_shows_rows(full_ds, canned):
    """The database page links each canned query without its parameters: it opens on a sensible default year,
    not on "0 results"."""
    response = await full_ds.client.get(f"/reform/{canned}.json?_shape=array")
    assert response.status_code == 200 and len(response.json()) > 0


@pytest.mark.parametrize("table", schema.PAGED)
async def test_every_fact_tables_export_says_where_to_read_each_row(full_ds, full_db, table):
    rows = (await full_ds.client.get(f"/reform/{table}.json?_shape=array&_size=max")).json()
    pages = {(p, d): f"/documents/{slug}#p{seq}" for p, d, slug, seq in full_db.execute(
        "select p.id, p.document_id, d.slug, p.seq from passages p join documents d on d.id = p.document_id")}
    assert rows and all(row["page"] == pages[row["passage_id"], row["document_id"]] for row in rows)
    csv_head = (await full_ds.client.get(f"/reform/{table}.csv?_size=1")).text.splitlines()[0]
    assert "page" in csv_head.split(",")
