"""Reforms loader: corpus/reforms.yml validated with line numbers, every quote resolved to its passage, entity links."""

import textwrap

import pytest
import sqlite_utils

from conftest import write_document
from loaders import schema
from loaders.context import BuildContext
from loaders.corpus import load_documents
from loaders.errors import CorpusError
from loaders.events import load_events
from loaders.reforms import load_reforms

BODY = """
    LEARN was adopted by the school board in 1993. The same year, the board passed a second plan. It called for
    decentralization.

    College training and licenses were

    required for teachers and administrators.
    """


def write_reforms(corpus, text):
    path = corpus / "reforms.yml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def load(corpus, reforms, entities=(), aliases=()):
    """A database with the documents of corpus, the given entity rows, then reforms.yml and events loaded."""
    write_reforms(corpus, reforms)
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    ctx = BuildContext(db, corpus)
    load_documents(ctx)
    db["entities"].insert_all(entities)
    db["entity_aliases"].insert_all(aliases)
    summary = load_reforms(ctx)
    load_events(ctx)
    return db, summary


LEARN = """
    - slug: learn
      name: Los Angeles Alliance for Restructuring Now
      acronym: LEARN
      entity: LEARN
      kind: district reform
      start_year: 1993
      citations:
        - document: a
          quote: >-
            LEARN was adopted by the
            school board in 1993.
          fact: The board adopted LEARN in 1993
          year: 1993
          milestone: true
    """


def test_quote_resolved_to_its_passage_with_offsets(corpus):
    write_document(corpus, "a", BODY)
    db, summary = load(corpus, LEARN)
    reform = db["reforms"].get(1)
    assert (reform["slug"], reform["start_year"], reform["end_year"], reform["citations"], reform["line"]) == \
        ("learn", 1993, None, 1, 1)
    [citation] = db["reform_citations"].rows
    passage = db["passages"].get(citation["passage_id"])
    # the folded YAML line break became one space, as in the passage
    assert citation["quote"] == "LEARN was adopted by the school board in 1993."
    assert passage["text"][citation["start"]: citation["end"]] == citation["quote"]
    assert (citation["year"], citation["milestone"], citation["line"], citation["document_id"]) == (1993, 1, 8, 1)
    assert summary.startswith("1 reforms, 1 citations (1 milestones)")


def test_a_quote_found_in_two_passages_cites_the_first_and_says_so(corpus):
    write_document(corpus, "a", BODY + "\n\nAgain: LEARN was adopted by the school board in 1993.\n")
    write_reforms(corpus, LEARN)
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    ctx = BuildContext(db, corpus)
    load_documents(ctx)
    load_reforms(ctx)
    [citation] = db["reform_citations"].rows
    assert db["passages"].get(citation["passage_id"])["seq"] == 1
    assert [w for w in ctx.warnings if "found in 2 passages" in w] == [
        f"{corpus / 'reforms.yml'}:8: reform 'learn': the quote is found in 2 passages of 'a' (lines 5, 13); the "
        "first is cited — give a longer quote to choose"]


def test_quote_across_a_mended_page_break_is_found(corpus):
    write_document(corpus, "a", BODY)
    db, _ = load(corpus, """
        - slug: licensing
          name: Licensing
          citations:
            - document: a
              quote: "licenses were required for teachers"
              fact: Licenses were required
        """)
    [citation] = db["reform_citations"].rows
    passage = db["passages"].get(citation["passage_id"])
    assert passage["line"] == 8  # the paragraph was split over lines 8 and 10 of the file
    assert passage["text"] == "College training and licenses were required for teachers and administrators."
    assert passage["text"][citation["start"]: citation["end"]] == "licenses were required for teachers"


def test_quote_not_found_names_file_line_reform_and_quote(corpus):
    write_document(corpus, "a", BODY)
    with pytest.raises(CorpusError) as error:
        load(corpus, """
            - slug: learn
              name: LEARN
              citations:
                - document: a
                  quote: LEARN was adopted by the board in 1994.
                  fact: wrong
            """)
    message = str(error.value)
    assert message.startswith(f"{corpus / 'reforms.yml'}:4: reform 'learn': quote not found in document 'a': "
                              '"LEARN was adopted by the board in 1994."')
    assert "its first 5 words are in the passage on line 5" in message


def test_quote_from_another_document_is_not_found(corpus):
    write_document(corpus, "a", BODY)
    write_document(corpus, "b", "Something else entirely.")
    with pytest.raises(CorpusError, match=r"reforms\.yml:4: reform 'learn': quote not found in document 'b'"):
        load(corpus, """
            - slug: learn
              name: LEARN
              citations:
                - document: b
                  quote: LEARN was adopted
                  fact: wrong document
            """)


@pytest.mark.parametrize("reforms,message", [
    ("""
     - slug: learn
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:1: reform 'learn': 'name' is required"),
    ("""
     - slug: learn
       name: LEARN
       citations: [{document: a, quote: LEARN, fact: f}]
     - slug: learn
       name: LEARN again
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:4: reform 'learn': slug 'learn' is already used on line 1"),
    ("""
     - slug: learn
       name: LEARN
     """, r"reforms\.yml:1: reform 'learn': 'citations' is required"),
    ("""
     - slug: learn
       name: LEARN
       citations: []
     """, r"reforms\.yml:3: reform 'learn': 'citations' is empty"),
    ("""
     - slug: learn
       name: LEARN
       start_year: "1993"
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:3: reform 'learn': start_year must be a year such as 1993, not '1993'"),
    ("""
     - slug: learn
       name: LEARN
       start_year: 1999
       end_year: 1993
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:4: reform 'learn': end_year 1993 is before start_year 1999"),
    ("""
     - slug: learn
       name: LEARN
       kind: revolution
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:3: reform 'learn': unknown kind 'revolution'"),
    ("""
     - slug: learn
       name: LEARN
       citations:
         - document: a
           quote: LEARN
           fact: f
           milstone: true
     """, r"reforms\.yml:7: reform 'learn': unknown key 'milstone'"),
    ("""
     - slug: learn
       name: LEARN
       citations:
         - document: a
           quote: LEARN
           fact: f
           milestone: true
     """, r"reforms\.yml:7: reform 'learn': a milestone needs a year"),
    ("""
     - slug: learn
       name: LEARN
       citations:
         - document: a
           fact: f
     """, r"reforms\.yml:4: reform 'learn': 'quote' is required"),
    ("""
     - slug: learn
       name: LEARN
       name: LEARN again
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:3: key 'name' is given twice \(first on line 2\)"),
    ("""
     - slug: Learn Now
       name: LEARN
       citations: [{document: a, quote: LEARN, fact: f}]
     """, r"reforms\.yml:1: reform 'Learn Now': slug must be lower-case words joined by hyphens"),
    ("""
     - slug: learn
       name: LEARN
       citations: [{document: nowhere, quote: LEARN, fact: f}]
     """, r"reforms\.yml:3: reform 'learn': unknown document 'nowhere'"),
    ("""
     - slug: learn
       name: LEARN
       citations:
         - document: a
           quote: It called for decentralization.
           fact: f
           year: 1994
     """, r"reforms\.yml:7: reform 'learn': year 1994 is not stated in the passage that holds the quote \(a, line 5\)"),
    ("""
     - slug: learn
       name: [LEARN
     """, r"reforms\.yml:3: not valid YAML"),
    ("slug: learn\nname: LEARN\n", r"reforms\.yml:1: reforms\.yml must be a list of reforms"),
])
def test_bad_reforms_yml_names_the_line(corpus, reforms, message):
    write_document(corpus, "a", BODY)
    with pytest.raises(CorpusError, match=message):
        load(corpus, reforms)


def test_entity_linked_by_alias_name_or_acronym_case_insensitively(corpus):
    write_document(corpus, "a", BODY)
    entities = [{"id": 1, "name": "Los Angeles Alliance for Restructuring Now", "type": "REFORM"},
                {"id": 2, "name": "Second Plan", "type": "REFORM"}]
    aliases = [{"id": 1, "entity_id": 1, "alias": "LEARN", "source": "gazetteer"}]
    db, summary = load(corpus, LEARN + """
    - slug: second-plan
      name: second plan
      citations: [{document: a, quote: a second plan, fact: f}]
    - slug: licensing
      name: Licensing
      entity: licensing
      citations: [{document: a, quote: licenses were required, fact: f}]
    """, entities, aliases)
    assert {r["slug"]: r["entity_id"] for r in db["reforms"].rows} == {"learn": 1, "second-plan": 2, "licensing": None}
    assert summary.endswith("2 linked to an entity, 1 without one")


def test_no_entities_loaded_leaves_links_empty(corpus):
    write_document(corpus, "a", BODY)
    db, summary = load(corpus, LEARN)
    assert db["reforms"].get(1)["entity_id"] is None
    assert summary.endswith("0 linked to an entity, 1 without one")


def test_milestone_becomes_an_event_dated_by_its_passage(corpus):
    write_document(corpus, "a", BODY)
    db, _ = load(corpus, LEARN + """
    - slug: second-plan
      name: Second plan
      citations:
        - document: a
          quote: the board passed a second plan
          fact: The board passed a second plan the same year
          year: 1993
          milestone: true
    """)
    milestones = list(db.query("select * from events where milestone order by id"))
    # LEARN's milestone is the text event of its quote's "1993"; the second plan's, dated by the same "1993" but
    # of another reform, is an event of its own
    assert [(e["reform_id"], e["citation_id"], e["year"], e["date_text"], e["source"]) for e in milestones] == [
        (1, 1, 1993, "1993", "text"),
        (2, 2, 1993, "1993", "reforms.yml"),
    ]
    # "The same year" has no date of its own: the event's date is the 1993 stated earlier in the passage
    passage = db["passages"].get(milestones[1]["passage_id"])
    assert passage["text"][milestones[1]["start"]: milestones[1]["end"]] == "1993"


def test_corpus_without_reforms_yml_loads_nothing(corpus):
    write_document(corpus, "a", BODY)
    db = sqlite_utils.Database(memory=True)
    schema.create(db)
    ctx = BuildContext(db, corpus)
    load_documents(ctx)
    assert load_reforms(ctx) == "no reforms.yml"
    assert db["reforms"].count == 0


# --- the real corpus ------------------------------------------------------------------------------------------

def test_full_corpus_every_reform_has_a_verified_citation(full_db):
    reforms = {r["id"]: r for r in full_db["reforms"].rows}
    assert len(reforms) >= 30
    cited = set()
    for c in full_db.query("select c.*, p.text from reform_citations c join passages p on p.id = c.passage_id"):
        assert c["text"][c["start"]: c["end"]] == c["quote"], c["id"]
        cited.add(c["reform_id"])
    assert cited == set(reforms)
    for reform in reforms.values():
        assert reform["citations"] == full_db["reform_citations"].count_where("reform_id = ?", [reform["id"]])


def test_full_corpus_reforms_link_to_their_entities(full_db):
    linked = dict(full_db.execute("select r.slug, e.name from reforms r join entities e on e.id = r.entity_id").fetchall())
    assert linked["learn"] == "Los Angeles Educational Alliance for Restructuring Now"
    assert linked["public-school-choice"] == "Public School Choice"


def test_full_corpus_timeline_joins_the_charter_table(full_db):
    rows = {r["slug"]: r for r in full_db.query("select * from reform_timeline")}
    assert set(rows) == {r["slug"] for r in full_db["reforms"].rows}
    charters = rows["lausd-charter-schools"]
    # the table's first school year (1993-94) matches what the text says of 1993: seven charters, 3,069 students
    first = full_db["charter_enrollment"].get(1993)
    assert (charters["start_total_schools"], charters["start_total_enrollment"]) == \
        (first["total_schools"], first["total_enrollment"])
    quote = full_db.execute("select quote from reform_citations c join reforms r on r.id = c.reform_id "
                            "where r.slug = 'lausd-charter-schools' and quote like '%enrolled%'").fetchone()[0]
    assert f"{first['total_enrollment']:,}" in quote
    # a reform that started before the table's first year has no charter numbers
    assert rows["planning-team-1967"]["start_total_schools"] is None
