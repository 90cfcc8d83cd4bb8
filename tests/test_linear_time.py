"""The cleaning path and its neighbours on inputs far larger than any real one (issue 14, item 4: linear-time
cleaning). No clock here (bench/scaling.py measures the growth): these tests check that the results on large
inputs are right, and that what each index put in place of a scan of all earlier paragraphs, spans or sentences
still finds what the scan found (a pull quote far from its passage, above or below it; a page's foot far from
any page break; a sentence thousands of sentences into a passage …). All unit tests: none loads spaCy."""

import random

import pytest

from conftest import CORPUS, write_document
from loaders import events
from loaders.documents import (Block, classify, find_page_footnotes, mend_page_breaks, read_cleaning_rules,
                               read_document, remove_pull_quotes)
from loaders.entities import Span, propagate_names, propagate_short_names, read_entity_rules

RULES = read_cleaning_rules(CORPUS)
ENTITY_RULES = read_entity_rules(CORPUS)
NAMES = ["Cortines", "Garcia", "Deasy", "Romer", "Brewer", "Flores", "Ochoa", "Alvarez"]
SCHOOLS = ["Fremont", "Locke", "Jefferson", "Roosevelt", "Garfield", "Crenshaw", "Belmont", "Dorsey"]


def prose(k, rng):
    """A paragraph of its own (k makes it unique): no run of six of its words is another paragraph's."""
    return (f"In {1950 + k % 70}, board member {rng.choice(NAMES)} asked for {k} new seats at {rng.choice(SCHOOLS)} "
            f"High School, and the vote of meeting {k} was {k % 7 + 1} to {k % 5 + 1} after a debate on item {k}.")


def quote_of(text):
    """A pull quote of text: its words 3 to 12, in quotation marks."""
    return "\u201c" + " ".join(text.split()[3:12]).strip(",.") + "\u201d"


def paragraph_blocks(texts):
    return [Block(10 * i + 1, [(10 * i + 1, t)]) for i, t in enumerate(texts)]


# --- remove_pull_quotes: found through an index of six-word keys, not by a search of every paragraph ----------

def test_pull_quotes_in_40k_paragraphs():
    rng = random.Random(14)
    texts = [prose(k, rng) for k in range(40_000)]
    quotes = {}  # index of the pull quote → index of the paragraph it repeats
    for at in range(100, 40_000, 997):
        source = at - 90 if at % 2 else at + 30_000 if at + 30_000 < 40_000 else at - 30_000  # above and far below
        quotes[at] = source
    for at, source in quotes.items():
        texts[at] = quote_of(texts[source])
    texts[39_999] = texts[5]  # a paragraph copied twice: the second copy goes
    removed = []
    kept = remove_pull_quotes(paragraph_blocks(texts), removed, RULES)
    expected = {**{at: texts[at] for at in quotes}, 39_999: texts[5]}
    assert removed == [(10 * at + 1, text, "pull quote") for at, text in sorted(expected.items())]
    assert [b.text for b in kept] == [t for k, t in enumerate(texts) if k not in expected]


def test_pull_quote_before_its_passage_and_far_from_it():
    rng = random.Random(1)
    texts = [prose(k, rng) for k in range(5_000)]
    texts[0] = quote_of(texts[4_999])  # the quote opens the text, its passage closes it
    removed = []
    remove_pull_quotes(paragraph_blocks(texts), removed, RULES)
    assert [r[1] for r in removed] == [texts[0]]


def test_pull_quote_matches_whole_words_only():
    long = "The board of education voted on Tuesday to approve the new charter schools in the valley."
    texts = [
        long,
        "board of education voted on Tuesday",  # six whole words of it: a pull quote
        "oard of education voted on Tuesday",  # a word cut: none
        "of education voted on Tuesday to approve the new charter schools in the valley and the hills.",  # longer
        "the new charter schools in the valley. The district",  # words of it, then others: none
        "Voted on Tuesday to approve",  # five words: too short to be one
    ]
    removed = []
    remove_pull_quotes(paragraph_blocks(texts), removed, RULES)
    assert [r[1] for r in removed] == [texts[1]]


def test_pull_quote_held_by_a_paragraph_of_a_longer_run():
    """A short paragraph that two identical paragraphs hold goes; two identical short ones keep the first."""
    short = "Parents said they had waited far too long for the change."
    texts = [short, "Others agreed. " + short + " They asked again in June.", "We must act now for our children.",
             "We must act now for our children."]
    removed = []
    kept = remove_pull_quotes(paragraph_blocks(texts), removed, RULES)
    assert [r[1] for r in removed] == [short, texts[3]]
    assert [b.text for b in kept] == [texts[1], texts[2]]


def test_title_case_line_is_no_pull_quote():
    texts = ["The Long Road To Local Control Of Schools", "Voters backed The Long Road To Local Control Of Schools "
             "in a report of the district that the board read in full."]
    removed = []
    remove_pull_quotes(paragraph_blocks(texts), removed, RULES)
    assert removed == []


# --- read_document end to end on a large document ------------------------------------------------------------

def test_read_document_of_thousands_of_paragraphs(corpus):
    rng = random.Random(4)
    texts = [prose(k, rng) for k in range(4_000)]
    quoted = {at: at + 2_000 if at < 2_000 else at - 2_000 for at in range(50, 4_000, 401)}
    blocks = list(texts)
    for at, source in quoted.items():
        blocks[at] = quote_of(texts[source])
    headings = ["The Early Years", "Decentralization Comes", "The Charter Wave", "Mayoral Control Fails",
                "Local Control Funding", "Parent Trigger Fights", "What Comes After"]
    body = []
    for k, text in enumerate(blocks):
        body.append(text)
        if k % 500 == 499 and k < 3_999:
            body.append(f"## {headings[k // 500]}")
    doc = read_document(write_document(corpus, "long", "\n\n".join(body), title="A Long History"))
    assert sorted(t for _, t, r in doc.removed if r == "pull quote") == sorted(blocks[at] for at in quoted)
    assert [p.text for p in doc.passages] == [t for k, t in enumerate(blocks) if k not in quoted]
    assert [p.section for p in doc.passages[::500]] == [None] + headings


# --- the other passes of clean_body() --------------------------------------------------------------------------

def test_page_footnotes_far_from_any_page_break():
    """The foot of a page is found from an index of where each page ends: a numbered paragraph just before a page
    break, 20k blocks into a text, is a footnote; one in a text with no break, far from its end, is not."""
    rng = random.Random(2)
    blocks = paragraph_blocks([prose(k, rng) + (" as planned.3" if k == 100 else "") for k in range(20_000)])
    blocks[19_000] = Block(190_001, [(190_001, "3 Board minutes, June 2005.")])
    blocks[19_001].after_page_break = True
    blocks[500] = Block(5_001, [(5_001, "3 of the schools opened in 2005, and the rest a year later than planned.")])
    find_page_footnotes(blocks)
    assert [(b.line, b.kind, b.number) for b in blocks if b.kind == "footnote"] == [(190_001, "footnote", 3)]
    assert blocks[500].kind == "paragraph" and len(blocks) == 20_000


def test_page_footnotes_run_at_the_end_of_a_text_without_breaks():
    blocks = paragraph_blocks(["The plan was new.1 And the board passed it.2"] + [f"{n} Note {n}." for n in (1, 2)])
    find_page_footnotes(blocks)
    assert [(b.kind, b.number) for b in blocks] == [("paragraph", None), ("footnote", 1), ("footnote", 2)]


def test_mend_page_break_over_thousands_of_footnotes():
    """The paragraph a page break cut is joined to its end over the footnotes between (the last block that is no
    footnote is kept as blocks are added, not searched for back over them)."""
    notes = [Block(10 + n, [(10 + n, f"Note {n}.")], "footnote", number=n) for n in range(1, 5_001)]
    end = Block(9_000, [(9_000, "required for teachers.")], after_page_break=True)
    mended = mend_page_breaks([Block(1, [(1, "The board said licenses were")])] + notes + [end], set())
    assert len(mended) == 5_001
    assert mended[0].text == "The board said licenses were required for teachers."
    assert [b.number for b in mended[1:]] == list(range(1, 5_001))


def test_wiki_references_numbered_in_order():
    """Each reference of a Notes section is numbered one above the highest before it (a running maximum, not a
    scan of all blocks so far for each)."""
    refs = "\n".join(f"^ Reference number {n}, Los Angeles Times." for n in range(1, 3_001))
    blocks = classify([Block(1, [(1, "# References")]), Block(3, [(3 + k, line) for k, line in
                                                                     enumerate(refs.split("\n"))])], RULES)
    assert [b.number for b in blocks if b.kind == "footnote"] == list(range(1, 3_001))


# --- events: dates and their sentences in very long paragraphs ---------------------------------------------------

def test_find_dates_in_a_very_long_paragraph():
    """Years inside web addresses are skipped (the address is found by bisection), counts stay counts, and every
    date of a paragraph of 20k sentences is found, with offsets into it."""
    parts = []
    for k in range(20_000):
        year = 1900 + k % 120
        parts.append(f"In {year} the board met." if k % 3 else f"See www.lausd.net/{year} for the {k} students.")
    parts.append("Then 2000 students came.")
    text = " ".join(parts)
    found = events.find_dates(text)
    assert [d.year for d in found] == [1900 + k % 120 for k in range(20_000) if k % 3]
    assert all(text[d.start:d.end] == d.text == str(d.year) for d in found)


def test_load_events_finds_each_date_its_sentence_and_entities():
    import sqlite_utils
    from types import SimpleNamespace

    db = sqlite_utils.Database(memory=True)
    sentences = [f"In {1900 + k % 120}, the board met for the {k}th time." for k in range(5_000)]
    text = " ".join(sentences)
    db["passages"].insert_all([{"id": 1, "document_id": 1, "text": text},
                               {"id": 2, "document_id": 1, "text": "Nothing dated."}])
    rows, mentions, at = [], [], 0
    for k, sentence in enumerate(sentences):
        rows.append({"id": k + 1, "passage_id": 1, "start": at, "end": at + len(sentence)})
        mentions.append({"entity_id": 1 + k % 3, "passage_id": 1, "start": at + 12})
        at += len(sentence) + 1
    db["sentences"].insert_all(rows)
    db["mentions"].insert_all(mentions)
    db["entities"].insert_all([{"id": n, "type": "REFORM"} for n in (1, 2, 3)])
    db["reforms"].insert_all([{"id": n, "entity_id": n} for n in (1, 2, 3)])
    last = rows[-1]
    db["reform_citations"].insert_all([  # a milestone in the last sentence; one of passage 2 holds no date of 1
        {"id": 1, "reform_id": 3, "passage_id": 1, "start": last["start"], "end": last["end"],
         "year": 1900 + 4_999 % 120, "milestone": 1},
        {"id": 2, "reform_id": 3, "passage_id": 2, "start": 0, "end": 10_000_000, "year": None, "milestone": 0}])
    db["documents"].insert({"id": 1, "slug": "a", "published": None})
    events.load_events(SimpleNamespace(db=db, corpus=CORPUS))
    found = list(db.query("select * from events order by id"))
    assert len(found) == 5_000
    assert [e["sentence_id"] for e in found] == list(range(1, 5_001))
    entity_of = {r["event_id"]: r["entity_id"] for r in db.query("select * from event_entities")}
    assert all(entity_of[e["id"]] == 1 + (e["id"] - 1) % 3 for e in found)
    assert [e["reform_id"] for e in found[:3]] == [1, 2, 3]  # the one reform its sentence names
    # the citation that holds the last date gives it its reform, and its milestone merges into that event only
    # (the other events of that year name reform 2)
    assert found[-1]["reform_id"] == 3 and [e["id"] for e in found if e["milestone"]] == [5_000]


# --- entities: names in a passage of thousands of sentences -------------------------------------------------------

def long_passage(sentences):
    """(text, sentence bounds) of sentences joined by spaces."""
    bounds, at = [], 0
    for s in sentences:
        bounds.append((at, at + len(s)))
        at += len(s) + 1
    return " ".join(sentences), bounds


def test_propagate_names_in_a_passage_of_thousands_of_sentences():
    """Every later "Cortines" is a mention, with its own sentence (found by bisection), except the one inside a
    longer span that starts far above it (the sweep over spans by start keeps the furthest end)."""
    sentences = ["Ramon Cortines became superintendent."] + [
        f"Later, Cortines said plan {k} would work." for k in range(1, 6_000)]
    sentences[4_000] = "The Cortines Foundation paid for plan 4000."
    text, bounds = long_passage(sentences)
    foundation = text.index("The Cortines Foundation")
    spans = [Span(0, 0, 14, "Ramon Cortines", "PERSON", "PERSON", None, sentences[0], 0),
             Span(0, foundation, foundation + 23, "The Cortines Foundation", "ORG", "ORG", None, sentences[4_000],
                  bounds[4_000][0])]
    out = propagate_names(spans, [text], [bounds], [1], ENTITY_RULES)
    added = [s for s in out if s not in spans]
    assert len(added) == 5_998
    assert all(s.text == "Cortines" and s.sentence == text[s.sentence_start: s.sentence_start + len(s.sentence)]
               and s.sentence == sentences[bounds.index(next(b for b in bounds if b[0] <= s.start < b[1]))]
               for s in added)
    assert not any(foundation <= s.start < foundation + 23 for s in added)


def test_propagate_short_names_in_a_passage_of_thousands_of_sentences():
    """Every later "Locke" is the school: a place span of exactly its bounds is replaced (even 5k sentences down),
    a longer span over it is kept and nothing is added there."""
    sentences = ["Teachers at Locke School met."] + [f"Teachers at Locke said plan {k} would work."
                                                     for k in range(1, 6_000)]
    sentences[3_000] = "Teachers at Locke Avenue said plan 3000 would work."
    text, bounds = long_passage(sentences)
    place = text.index("Locke", bounds[5_000][0])
    avenue = text.index("Locke Avenue")
    spans = [Span(0, 12, 24, "Locke School", "ORG", "ORG", None, sentences[0], 0),
             Span(0, place, place + 5, "Locke", "GPE", "GPE", None, sentences[5_000], bounds[5_000][0]),
             Span(0, avenue, avenue + 12, "Locke Avenue", "LOC", "LOC", None, sentences[3_000], bounds[3_000][0])]
    out = propagate_short_names(spans, [text], [bounds], [1], ENTITY_RULES)
    short = [s for s in out if s.long_form == "Locke School"]
    assert len(short) == 5_998
    assert [s.start for s in short] == sorted(text.index("Locke", b[0]) for k, b in enumerate(bounds)
                                              if k not in (0, 3_000))
    assert all(s.type == "ORG" and s.sentence == sentences[bounds.index(next(b for b in bounds if b[0] <= s.start
                                                                             < b[1]))] for s in short)
    assert spans[1] not in out and spans[2] in out and spans[0] in out
    assert len(out) == 2 + 5_998


@pytest.mark.parametrize("shuffled", [False, True])
def test_sentences_out_of_order_are_still_found(shuffled):
    """Bounds given out of order are scanned as before (bisection needs them in order)."""
    sentences = ["Ramon Cortines spoke."] + [f"Later, Cortines said plan {k} would work." for k in range(1, 50)]
    text, bounds = long_passage(sentences)
    if shuffled:
        bounds = bounds[::-1]
    spans = [Span(0, 0, 14, "Ramon Cortines", "PERSON", "PERSON", None, sentences[0], 0)]
    out = propagate_names(spans, [text], [bounds], [1], ENTITY_RULES)
    assert [s.sentence for s in out[1:]] == sentences[1:]
