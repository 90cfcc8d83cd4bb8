"""What is an event, and of what kind (loaders/events.py with corpus/events.yml): dates relative to the document
anchored to its published date, targets, plans, forecasts and references left out, one event per sentence and
date, a milestone in the sentence of its cited words. Sentences written here for the rules, none from the seeds."""

import pytest

from conftest import write_document
from loaders.corpus_yaml import CorpusError
from loaders.events import event_kind, is_event, load_events, published_parts, read_event_rules, relative_dates
from test_events import add_sentences, documents_only

RULES = read_event_rules("corpus")
FRIDAY = (2012, 3, 16)  # a Friday


def anchored(text, published):
    return [(d.text, d.year, d.month, d.day, d.precision) for d in relative_dates(text, published, RULES)]


@pytest.mark.parametrize("text, expected", [
    ("The board voted last year.", [("last year", 2011, None, None, "year")]),
    ("It opened earlier this month.", [("earlier this month", 2012, 3, None, "month")]),
    ("It closed yesterday.", [("yesterday", 2012, 3, 15, "day")]),
    ("The union met on Monday.", [("on Monday", 2012, 3, 12, "day")]),
    ("The union met on Friday.", [("on Friday", 2012, 3, 16, "day")]),
    ("The union met last Friday.", [("last Friday", 2012, 3, 9, "day")]),
    ("Parents rallied last week.", [("last week", 2012, 3, None, "week")]),
    ("The school opened last fall.", [("last fall", 2011, 9, None, "season")]),
    ("The school opens this fall.", []),  # in March, "this fall" is still to come: no event
    ("The school opened this spring.", [("this spring", 2012, 3, None, "season")]),
    ("Nothing relative here, in 2009.", []),
])
def test_relative_dates_are_anchored_to_the_published_date(text, expected):
    assert anchored(text, FRIDAY) == expected


def test_a_relative_date_needs_a_published_date_as_precise_as_it():
    assert anchored("The board voted last year.", None) == []
    assert anchored("It closed yesterday, on Monday, last month.", (2012, None, None)) == []
    assert anchored("It closed last month.", (2012, 1, None)) == [("last month", 2011, 12, None, "month")]
    assert published_parts("2012-03-16") == (2012, 3, 16) and published_parts("2017-02") == (2017, 2, None)
    # a date that looks right but is none: nothing to count from, and no crash
    assert published_parts("2019-02-30") is None and published_parts("0000") is None
    assert anchored("It closed yesterday.", published_parts("2019-02-30")) == []


def event(sentence, date_text, now):
    [date] = [d for d in __import__("loaders.events", fromlist=["find_dates"]).find_dates(sentence)
              if d.text == date_text]
    return is_event(date, sentence, date.start, now, RULES)


@pytest.mark.parametrize("sentence, date_text, now, expected", [
    ("The plan called for small schools in every neighborhood by 2020.", "2020", 2017, False),  # a target
    ("By the 1920s the schools had grown tenfold.", "1920s", 2015, True),  # "by" in history
    ("The district will open ten more academies in 2017.", "2017", 2017, False),  # a plan of the year written
    ("The district opened ten academies in 2016, and it will open more.", "2016", 2017, True),  # past, a plan after
    ("Enrollment is projected to reach 200,000 in 2019.", "2019", 2017, False),  # after publication: never
    ("A deficit of $600 million was forecast beyond FY 2019-20.", "2019-20", None, False),
    ("Retrieved March 3, 2015, from the district's site.", "March 3, 2015", 2016, False),  # a reference
    ("Smith, J. (Boston: Beacon Press, 2003), pp. 10-12.", "2003", 2016, False),
    ("The contract (December 2011) lifted the cap on pilot schools.", "December 2011", 2016, True),
    ("In 2009 the board voted to let outside groups run new schools.", "2009", None, True),
])
def test_what_is_no_event(sentence, date_text, now, expected):
    assert event(sentence, date_text, now) is expected


@pytest.mark.parametrize("sentence, at_word, kind", [
    ("In 2009 the board voted to let outside groups run new schools.", "2009", "voted"),
    ("The network was founded in 1999 and merged with another in 2006.", "1999", "founded"),
    ("The network was founded in 1999 and merged with another in 2006.", "2006", "merged"),
    ("Superintendent Deasy resigned in October 2014.", "October", "resigned"),
    ("In 2011 the weather was mild.", "2011", None),
])
def test_the_kind_is_the_nearest_word_that_names_one(sentence, at_word, kind):
    start = sentence.index(at_word)
    assert event_kind(sentence, start, start + len(at_word), RULES) == kind


def test_the_stage_anchors_dedupes_and_types_events(corpus):
    text = ("Last year the board adopted the plan. In 2009 and again in 2009 the union voted. "
            "The network will open a school in 2013.")
    write_document(corpus, "a", text, published="2012-03-16")
    ctx = documents_only(corpus)
    add_sentences(ctx.db, 1, text, ["Last year the board adopted the plan.",
                                    "In 2009 and again in 2009 the union voted.",
                                    "The network will open a school in 2013."])
    summary = load_events(ctx)
    rows = [(e["date_text"], e["year"], e["kind"], e["anchored"]) for e in ctx.db["events"].rows]
    assert rows == [("Last year", 2011, "adopted", 1), ("2009", 2009, "voted", 0)]  # 2013: after publication
    assert "1 of them dated from the published date" in summary and "1 dates left out" in summary


def test_a_bad_events_yml_names_its_line(corpus):
    (corpus / "events.yml").write_text("kinds:\n  adopted: [Adopted]\ntargets: [by]\nplans: []\nreferences: []\n"
                                 "reference_openings: []\nrelative: {years: {}, months: {}, days: {}, seasons: {}, weekdays: []}\n")
    with pytest.raises(CorpusError, match=r"events\.yml:\d+: .*lower case"):
        read_event_rules(corpus)


def test_every_event_has_a_kind(corpus):
    text = "In 2009 the weather was mild. In 2010 the board voted."
    write_document(corpus, "a", text, published="2012")
    ctx = documents_only(corpus)
    add_sentences(ctx.db, 1, text, ["In 2009 the weather was mild.", "In 2010 the board voted."])
    load_events(ctx)
    assert [(e["year"], e["kind"]) for e in ctx.db["events"].rows] == [(2009, "other"), (2010, "voted")]
