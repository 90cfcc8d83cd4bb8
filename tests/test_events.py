"""Events: dates found in sentences (and numbers that are not dates), the timeline stage, the real corpus."""

import pytest
import sqlite_utils

from conftest import built_until, write_document
from loaders import schema
from loaders.context import BuildContext
from loaders.corpus import load_documents
from loaders.events import find_dates, load_events
from reformkb.app import make_datasette


def dates(text):
    return [(d.text, d.year, d.month, d.day, d.end_year, d.precision) for d in find_dates(text)]


@pytest.mark.parametrize("sentence,expected", [
    ("In 2009, the LAUSD Board of Education passed a resolution.", [("2009", 2009, None, None, None, "year")]),
    ("In 1967, prodded by the U.S. Department of Justice, the District began to plan.",
     [("1967", 1967, None, None, None, "year")]),
    ("In 2009 teachers lobbied to expand the number of pilot schools.", [("2009", 2009, None, None, None, "year")]),
    ("in June 2005, the LAUSD board passed the Resolution.", [("June 2005", 2005, 6, None, None, "month")]),
    ("The most recent agreement (December 2011) lifted the cap.", [("December 2011", 2011, 12, None, None, "month")]),
    ("By Charles Taylor Kerchner — June 17, 2015 3 min read", [("June 17, 2015", 2015, 6, 17, None, "day")]),
    ("It was signed on 17 June 2015.", [("17 June 2015", 2015, 6, 17, None, "day")]),
    ("Published 2015-06-17.", [("2015-06-17", 2015, 6, 17, None, "day")]),
    ("From 1993 to 1999 a classic big city coalition produced an elegant plan.",
     [("1993 to 1999", 1993, None, None, 1999, "range")]),
    ("Enrollment fell between 2004 and 2010.", [("2004 and 2010", 2004, None, None, 2010, "range")]),
    ("The final round began implementation in the 2013-2014 school year.",
     [("2013-2014 school year", 2013, None, None, 2014, "school_year")]),
    ("In 2016-2017, there were 225 independent charter schools.",
     [("2016-2017", 2016, None, None, 2017, "school_year")]),
    ("It projected a $333-million budget deficit by 2017-18 and a $600-million deficit by 2019-20.",
     [("2017-18", 2017, None, None, 2018, "school_year"), ("2019-20", 2019, None, None, 2020, "school_year")]),
    ("The table starts in 1999-00.", [("1999-00", 1999, None, None, 2000, "school_year")]),
    ("By the 1920s, Los Angeles public schools became the epitome of reform.",
     [("1920s", 1920, None, None, 1929, "decade")]),
    ("Before LEARN withered in the late 1990s, half the schools signed up.",
     [("late 1990s", 1990, None, None, 1999, "decade")]),
    ("He was part of every reform effort in the 1980s and 1990s.",
     [("1980s", 1980, None, None, 1989, "decade"), ("1990s", 1990, None, None, 1999, "decade")]),
    ("The board met in 2015 and 2016.", [("2015", 2015, None, None, None, "year"), ("2016", 2016, None, None, None, "year")]),
    ("Cambridge, MA: Harvard Education Press, 2008).", [("2008", 2008, None, None, None, "year")]),
])
def test_sentences_that_state_dates(sentence, expected):
    found = dates(sentence)
    assert found == expected
    for d in find_dates(sentence):
        assert sentence[d.start: d.end] == d.text


@pytest.mark.parametrize("sentence", [
    "The Alliance for Public Schools with 12,241 students and Green Dot with 10,013 students.",
    "One independent charter enrolled 1,057 students.",
    "A $333-million budget deficit and a $490-million plan.",
    "It cost $2000 per student and 2000 students enrolled.",
    "The district's 264 charters served more than 250 neighborhoods.",
    "What I call Learning 2.0 is partly about technology.",
    "Gov. Pete Wilson signed SB 1448, the second charter school law.",
    "Evaluation Findings (Los Angeles: CRESST), p. vi.",
    "See pp. 1901–1910 and page 1999.",
    "See http://pilotschools.lausd.net/LA%20Pilot%20Manual_2014-15_draft_6_2_14_TOC.pdf",
    "For more on the A-G course sequence see www.ucop.edu/agguide/2015/a-g-requirements/.",
    "Students aged 5 to 18, in grades K–12, with a 3-to-5-year contract.",
    "It grew by 1,999 students, or 2.5 percent, to 12,030.",
    "A population of 1800 and a budget of 2,100 million.",
])
def test_sentences_that_state_no_date(sentence):
    assert dates(sentence) == []


def documents_only(corpus):
    """A database with the corpus' documents stage run, and the entities LEARN (1, REFORM) and UTLA (2, ORG)."""
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    ctx = BuildContext(db, corpus)
    load_documents(ctx)
    db["entities"].insert_all([{"id": 1, "name": "LEARN", "type": "REFORM"}, {"id": 2, "name": "UTLA", "type": "ORG"}])
    return ctx


def add_sentences(db, passage_id, text, sentences):
    """Sentences rows for the given sentences of a passage's text (as the entities stage writes them)."""
    for seq, sentence in enumerate(sentences, start=1):
        start = text.index(sentence)
        db["sentences"].insert({"passage_id": passage_id, "document_id": 1, "seq": seq, "start": start,
                                "end": start + len(sentence), "text": sentence})


@pytest.mark.stage
def test_events_from_paragraphs_and_footnotes(corpus):
    write_document(corpus, "a", """
        In L.A. the board adopted LEARN in March 1993. It had 1,057 students.1 Nothing else happened.

        Notes

        1. See Learning from LA (Cambridge, MA: Harvard Education Press, 2008), p. 12.
        """)
    db = built_until(corpus, "events")
    events = list(db.query("select e.*, p.kind as passage_kind, p.text, s.text as sentence, s.start as sentence_start from events e "
                           "join passages p on p.id = e.passage_id join sentences s on s.id = e.sentence_id"))
    # the sentence is spaCy's, as the entities stage stored it: no second split of the text
    # the footnote's 2008 is a reference's (a publisher in parentheses), no event
    assert [(e["passage_kind"], e["date_text"], e["year"], e["month"], e["precision"], e["sentence"]) for e in events] == [
        ("paragraph", "March 1993", 1993, 3, "month", "In L.A. the board adopted LEARN in March 1993."),
    ]
    for e in events:
        assert e["text"][e["start"]: e["end"]] == e["date_text"]
        assert e["text"][e["sentence_start"]:].startswith(e["sentence"])
        assert e["source"] == "text" and e["reform_id"] is None and not e["milestone"]


def test_event_entities_from_mentions_in_the_sentence(corpus):
    text = "UTLA agreed. In 2009, LEARN and UTLA met again."
    write_document(corpus, "a", text)
    ctx = documents_only(corpus)
    add_sentences(ctx.db, 1, text, ["UTLA agreed.", "In 2009, LEARN and UTLA met again."])
    ctx.db["mentions"].insert_all([
        {"id": 1, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": 0, "end": 4, "text": "UTLA"},
        {"id": 2, "entity_id": 1, "passage_id": 1, "document_id": 1, "start": text.index("LEARN"),
         "end": text.index("LEARN") + 5, "text": "LEARN"},
        {"id": 3, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": text.rindex("UTLA"),
         "end": text.rindex("UTLA") + 4, "text": "UTLA"},
    ])
    summary = load_events(ctx)
    [event] = ctx.db["events"].rows
    assert event["sentence_id"] == 2
    assert sorted(r["entity_id"] for r in ctx.db["event_entities"].rows) == [1, 2]  # not the UTLA of the first sentence
    assert summary.startswith("1 events (1 from the text, 0 of them dated from the published date; 0 milestones")


def test_text_event_takes_the_reform_its_sentence_names(corpus):
    text = "In 2009, LEARN met. In 2010, UTLA met."
    write_document(corpus, "a", text)
    ctx = documents_only(corpus)
    add_sentences(ctx.db, 1, text, ["In 2009, LEARN met.", "In 2010, UTLA met."])
    ctx.db["mentions"].insert_all([
        {"id": 1, "entity_id": 1, "passage_id": 1, "document_id": 1, "start": 9, "end": 14, "text": "LEARN"},
        {"id": 2, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": text.index("UTLA"),
         "end": text.index("UTLA") + 4, "text": "UTLA"}])
    ctx.db["reforms"].insert_all([{"id": 1, "slug": "learn", "name": "LEARN", "entity_id": 1},
                                  {"id": 2, "slug": "utla-deal", "name": "A deal", "entity_id": 2}])
    load_events(ctx)
    # an ORG (like a person) does not stand for a reform; a REFORM entity does
    assert [(e["year"], e["reform_id"]) for e in ctx.db["events"].rows] == [(2009, 1), (2010, None)]


def test_milestone_merges_into_the_text_event_of_its_date_and_reform_only(corpus):
    text = "In 2013, the board adopted LEARN. The same year it approved breakfast in class."
    write_document(corpus, "a", text)
    ctx = documents_only(corpus)
    add_sentences(ctx.db, 1, text, ["In 2013, the board adopted LEARN.", "The same year it approved breakfast in class."])
    ctx.db["reforms"].insert_all([{"id": 1, "slug": "learn", "name": "LEARN"},
                                  {"id": 2, "slug": "breakfast", "name": "Breakfast in the Classroom"}])
    quote, other = "the board adopted LEARN", "it approved breakfast in class"
    ctx.db["reform_citations"].insert_all([
        {"id": 1, "reform_id": 1, "passage_id": 1, "document_id": 1, "quote": quote, "fact": "LEARN adopted",
         "year": 2013, "milestone": 1, "start": text.index(quote), "end": text.index(quote) + len(quote)},
        {"id": 2, "reform_id": 2, "passage_id": 1, "document_id": 1, "quote": other, "fact": "Breakfast approved",
         "year": 2013, "milestone": 1, "start": text.index(other), "end": text.index(other) + len(other)}])
    summary = load_events(ctx)
    events = [(e["year"], e["reform_id"], e["citation_id"], e["milestone"], e["source"]) for e in ctx.db["events"].rows]
    # LEARN's milestone is the text event's date (one event, not two); Breakfast's keeps an event of its own
    # rather than taking over the event of another reform
    assert events == [(2013, 1, 1, 1, "text"), (2013, 2, 2, 1, "reforms.yml")]
    assert "1 of them merged" in summary


# --- the real corpus ------------------------------------------------------------------------------------------

def test_full_corpus_timeline(full_db):
    milestones = full_db.execute("select count(*) from reform_citations where milestone").fetchone()[0]
    assert full_db.execute("select sum(milestone) from events").fetchone()[0] == milestones
    assert full_db["events"].count_where("source = 'text'") >= 30
    documents = full_db.execute("select count(distinct document_id) from events where source = 'text'").fetchone()[0]
    assert documents >= 3
    years = [r[0] for r in full_db.execute("select distinct year from events order by year")]
    assert years[0] < 1930 and years[-1] >= 2016


def test_full_corpus_no_two_events_date_one_passage_to_one_day_for_one_reform(full_db):
    assert not list(full_db.query("""select passage_id, year, month, day, reform_id, count(*) from events
        group by passage_id, year, month, day, reform_id having count(*) > 1"""))


def test_full_corpus_every_event_passage_states_its_year(full_db):
    for e in full_db.query("select e.*, p.text, s.text as sentence, s.start as sentence_start from events e "
                           "join passages p on p.id = e.passage_id join sentences s on s.id = e.sentence_id"):
        assert e["text"][e["start"]: e["end"]] == e["date_text"], e["id"]
        assert (str(e["year"]) in e["date_text"] or e["source"] == "reforms.yml" and str(e["year"]) in e["text"]
                or e["anchored"]), e  # an anchored date ("last year") names no year: its document's date gives it
        assert e["text"][e["sentence_start"]:].startswith(e["sentence"]), e["id"]
        assert 1850 <= e["year"] <= 2030
    assert not full_db["events"].count_where("sentence_id is null") and not full_db["events"].count_where("kind is null")
    # an anchored event's document has a published date, and no event lies after its document's publication
    assert not list(full_db.query("""select e.id from events e join documents d on d.id = e.document_id
        where (e.anchored and d.published is null) or e.year > cast(substr(d.published, 1, 4) as integer)"""))


def test_full_corpus_milestones_match_their_citations(full_db):
    rows = list(full_db.query("select e.*, c.year as cited_year, c.reform_id as cited_reform, c.passage_id as cited "
                              "from events e join reform_citations c on c.id = e.citation_id"))
    assert rows and all(e["milestone"] for e in rows)
    for e in rows:
        assert (e["year"], e["reform_id"], e["passage_id"]) == (e["cited_year"], e["cited_reform"], e["cited"])


def test_full_corpus_no_event_from_a_url_or_a_count(full_db):
    texts = [r[0] for r in full_db.execute("select date_text from events")]
    assert not [t for t in texts if "," in t.replace(", ", "") or "$" in t]
    footnote = full_db.execute("select id from passages where text like '%http%2014-15%'").fetchone()
    assert footnote and full_db["events"].count_where("passage_id = ?", [footnote[0]]) == 0


async def test_full_corpus_views_answer(full_db):
    path = full_db.execute("pragma database_list").fetchone()[2]
    ds = make_datasette(path)
    timeline = (await ds.client.get("/reform/reform_timeline.json?_shape=array&_size=max")).json()
    assert len(timeline) == full_db["reforms"].count
    learn = next(r for r in timeline if r["slug"] == "learn")
    assert (learn["start_year"], learn["end_year"], learn["milestones"]) == (1993, 1999, 4)
    ending = full_db["charter_enrollment"].get(1999)
    assert learn["end_total_schools"] == ending["total_schools"]
    by_year = (await ds.client.get("/reform/events_by_year.json?_shape=array&_size=max")).json()
    assert sum(r["events"] for r in by_year) == full_db["events"].count
    assert sum(r["milestones"] for r in by_year) == full_db["reform_citations"].count_where("milestone")
    year_1993 = next(r for r in by_year if r["year"] == 1993)
    assert "learn" in year_1993["reforms"].split(", ")
    assert year_1993["documents"] == 2
