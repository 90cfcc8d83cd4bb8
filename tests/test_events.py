"""Events: dates found in sentences (and numbers that are not dates), the timeline stage, the real corpus."""

import pytest
import sqlite_utils

from conftest import write_document
from loaders.corpus import load_documents
from loaders.events import find_dates, load_events, split_sentences
from loaders.shape import create_tables, ensure_db_shape
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


@pytest.mark.parametrize("text,expected", [
    ("Gov. Pete Wilson signed SB 1448. It was 1992.", ["Gov. Pete Wilson signed SB 1448.", "It was 1992."]),
    ("See J. L. Herman & E. L. Baker, Evaluation Findings. In L.A. Unified the U.S. Department acted. Dr. Smith left.",
     ["See J. L. Herman & E. L. Baker, Evaluation Findings.", "In L.A. Unified the U.S. Department acted.",
      "Dr. Smith left."]),
    ("He said, “We are trying.” Then he left! Did he? 1993 was next.",
     ["He said, “We are trying.”", "Then he left!", "Did he?", "1993 was next."]),
])
def test_sentences_split_minding_abbreviations(text, expected):
    sentences = split_sentences(text)
    assert [s for _, s in sentences] == expected
    assert all(text[start: start + len(s)] == s for start, s in sentences)


def build_events(corpus, mentions=()):
    db = sqlite_utils.Database(memory=True)
    create_tables(db)
    load_documents(db, corpus, {})
    db["entities"].insert_all([{"id": 1, "name": "LEARN", "type": "REFORM"}, {"id": 2, "name": "UTLA", "type": "ORG"}])
    db["mentions"].insert_all(mentions)
    summary = load_events(db, corpus, {})
    ensure_db_shape(db)
    return db, summary


def test_events_from_paragraphs_and_footnotes(corpus):
    write_document(corpus, "a", """
        In L.A. the board adopted LEARN in March 1993. It had 1,057 students.1 Nothing else happened.

        Notes

        1. See Learning from LA (Cambridge, MA: Harvard Education Press, 2008), p. 12.
        """)
    db, summary = build_events(corpus)
    events = list(db.query("select e.*, p.kind, p.text from events e join passages p on p.id = e.passage_id"))
    assert [(e["kind"], e["date_text"], e["year"], e["month"], e["precision"], e["sentence"]) for e in events] == [
        ("paragraph", "March 1993", 1993, 3, "month", "In L.A. the board adopted LEARN in March 1993."),
        ("footnote", "2008", 2008, None, "year",
         "See Learning from LA (Cambridge, MA: Harvard Education Press, 2008), p. 12."),
    ]
    for e in events:
        assert e["text"][e["start"]: e["end"]] == e["date_text"]
        assert e["text"][e["sentence_start"]:].startswith(e["sentence"])
        assert e["source"] == "text" and e["reform_id"] is None
    assert summary.startswith("2 events (2 from the text, 0 reforms.yml milestones) in 1 documents")


def test_event_entities_from_mentions_in_the_sentence(corpus):
    write_document(corpus, "a", "UTLA agreed. In 2009, LEARN and UTLA met again.")
    text = "UTLA agreed. In 2009, LEARN and UTLA met again."
    spacy_sentence = "In 2009, LEARN and UTLA met again."
    mentions = [
        {"id": 1, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": 0, "end": 4, "text": "UTLA",
         "sentence": "UTLA agreed.", "sentence_start": 0},
        {"id": 2, "entity_id": 1, "passage_id": 1, "document_id": 1, "start": text.index("LEARN"),
         "end": text.index("LEARN") + 5, "text": "LEARN", "sentence": spacy_sentence, "sentence_start": 13},
        {"id": 3, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": text.rindex("UTLA"),
         "end": text.rindex("UTLA") + 4, "text": "UTLA", "sentence": spacy_sentence, "sentence_start": 13},
    ]
    db, _ = build_events(corpus, mentions)
    [event] = db["events"].rows
    assert (event["sentence"], event["sentence_start"]) == (spacy_sentence, 13)
    assert sorted(r["entity_id"] for r in db["event_entities"].rows) == [1, 2]  # not the UTLA of the first sentence


def test_text_event_takes_the_reform_its_sentence_names(corpus):
    write_document(corpus, "a", "In 2009, LEARN met. In 2010, UTLA met.")
    text = "In 2009, LEARN met. In 2010, UTLA met."
    mentions = [{"id": 1, "entity_id": 1, "passage_id": 1, "document_id": 1, "start": 9, "end": 14, "text": "LEARN"},
                {"id": 2, "entity_id": 2, "passage_id": 1, "document_id": 1, "start": text.index("UTLA"),
                 "end": text.index("UTLA") + 4, "text": "UTLA"}]
    db = sqlite_utils.Database(memory=True)
    create_tables(db)
    load_documents(db, corpus, {})
    db["entities"].insert_all([{"id": 1, "name": "LEARN", "type": "REFORM"}, {"id": 2, "name": "UTLA", "type": "ORG"}])
    db["mentions"].insert_all(mentions)
    db["reforms"].insert_all([{"id": 1, "slug": "learn", "name": "LEARN", "entity_id": 1},
                              {"id": 2, "slug": "utla-deal", "name": "A deal", "entity_id": 2}])
    load_events(db, corpus, {})
    # an ORG (like a person) does not stand for a reform; a REFORM entity does
    assert [(e["year"], e["reform_id"]) for e in db["events"].rows] == [(2009, 1), (2010, None)]


# --- the real corpus ------------------------------------------------------------------------------------------

def test_full_corpus_timeline(full_db):
    by_source = dict(full_db.execute("select source, count(*) from events group by source").fetchall())
    milestones = full_db.execute("select count(*) from reform_citations where milestone").fetchone()[0]
    assert by_source["reforms.yml"] == milestones
    assert by_source["text"] >= 30
    documents = full_db.execute("select count(distinct document_id) from events where source = 'text'").fetchone()[0]
    assert documents >= 3
    years = [r[0] for r in full_db.execute("select distinct year from events order by year")]
    assert years[0] < 1930 and years[-1] >= 2016


def test_full_corpus_every_event_passage_states_its_year(full_db):
    for e in full_db.query("select e.*, p.text from events e join passages p on p.id = e.passage_id"):
        assert e["text"][e["start"]: e["end"]] == e["date_text"], e["id"]
        assert str(e["year"]) in e["date_text"] or e["source"] == "reforms.yml" and str(e["year"]) in e["text"], e
        assert e["text"][e["sentence_start"]:].startswith(e["sentence"]), e["id"]
        assert 1850 <= e["year"] <= 2030


def test_full_corpus_milestones_match_their_citations(full_db):
    for e in full_db.query("select e.*, c.year as cited_year, c.reform_id as cited_reform, c.quote "
                           "from events e join reform_citations c on c.id = e.citation_id"):
        assert (e["year"], e["reform_id"], e["sentence"]) == (e["cited_year"], e["cited_reform"], e["quote"])


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
    assert sum(r["text_events"] + r["milestones"] for r in by_year) == full_db["events"].count
    year_1993 = next(r for r in by_year if r["year"] == 1993)
    assert "learn" in year_1993["reforms"].split(", ")
    assert year_1993["documents"] == 2
