"""Claims: counts, sums and dates read from the sentences with the words of corpus/claims.yml, each with its time,
subject and offsets; the tolerances the conflicts engine reads."""

import math

import pytest

from conftest import CORPUS, built_until, own_knowledge_file, write_document
from loaders.claims import (PassageState, find_claims, read_claim_rules, read_passage, tolerance, words_value)
from loaders.errors import CorpusError
from test_roles import mentions_of

RULES = read_claim_rules(CORPUS)
LAUSD = "Los Angeles Unified School District"


def claims_in(text, names=(), published=None, state=None, document_entities=()):
    """find_claims on text with the mentions names; every claim's text checked against its offsets."""
    mentions, by_id = mentions_of(text, dict(names))
    district = next((i for i, n in by_id.items() if n == LAUSD), None)
    found = find_claims(text, mentions, RULES, published, state, document_entities, district)
    for claim in found:
        assert text[claim.start:claim.end] == claim.text
        claim.subject = by_id.get(claim.subject_id)
    return found


def counts(text, names=(), published=None, **kwargs):
    """(measure, value, qualifier, text) of each count or sum."""
    return [(c.measure, c.value, c.qualifier, c.text) for c in claims_in(text, names, published, **kwargs)
            if c.kind != "date"]


def timed(text, names=(), published=None, **kwargs):
    """(measure, value, start_year, school_year, month, time_source, time_text) of each count or sum."""
    return [(c.measure, c.value, c.start_year, c.time.school_year, c.time.month, c.time.source, c.time.text)
            for c in claims_in(text, names, published, **kwargs) if c.kind != "date"]


def dates(text, names=(), published=None, **kwargs):
    """(subject, verb, event, year, time_source, text) of each date claim."""
    return [(c.subject, c.verb, c.event, c.value, c.time.source, c.text)
            for c in claims_in(text, names, published, **kwargs) if c.kind == "date"]


# --- counts and their qualifiers ------------------------------------------------------------------------------

@pytest.mark.parametrize("qualifier", ["about", "approximately", "roughly", "around", "some", "almost", "nearly",
                                       "more than", "over", "at least", "fewer than", "up to", "an estimated"])
def test_a_count_with_each_qualifier(qualifier):
    text = f"LAUSD had {qualifier} 200 charter schools."
    assert counts(text, {"LAUSD": ("ORG", LAUSD)}) == [
        ("charter_schools", 200.0, qualifier, f"{qualifier} 200 charter schools")]


def test_qualifiers_are_kept_lower_case_as_written():
    assert counts("Nearly 13,000 students attend charter schools in LAUSD.", {"LAUSD": ("ORG", LAUSD)}) == [
        ("charter_students", 13000.0, "nearly", "Nearly 13,000 students")]


def test_numbers_in_words_with_commas_and_scales():
    assert words_value("fourteen") == 14
    assert words_value("twenty-five") == 25
    assert words_value("five hundred") == 500
    assert words_value("two thousand three hundred") == 2300
    text = ("One year after the act, the LAUSD had a total of fourteen charter schools enrolling approximately "
            "13,000 students.")
    assert counts(text, {"LAUSD": ("ORG", LAUSD)}) == [
        ("charter_schools", 14.0, None, "fourteen charter schools"),
        ("charter_students", 13000.0, "approximately", "approximately 13,000 students")]
    assert counts("The district's 264 charters served almost 151,000 young people.") == [
        ("charter_schools", 264.0, None, "264 charters"),
        ("charter_students", 151000.0, "almost", "almost 151,000 young people")]
    assert counts("Charter schools in LAUSD enroll twenty-five thousand students in charter schools.",
                  {"LAUSD": ("ORG", LAUSD)}) == [
        ("charter_students", 25000.0, None, "twenty-five thousand students in charter schools")]


def test_independent_and_affiliated_charters_one_and_a_plural_in_quotes():
    text = 'In 1993, LAUSD had one independent charter and six "affiliated charters," granted autonomy.'
    assert counts(text, {"LAUSD": ("ORG", LAUSD)}) == [
        ("independent_charter_schools", 1.0, None, "one independent charter"),
        ("affiliated_charter_schools", 6.0, None, 'six "affiliated charters')]


def test_modifiers_and_names_may_stand_between_the_number_and_what_it_counts():
    text = ("The school district has three brands of semi-autonomous schools: 49 Pilot schools, 24 Extended School "
            "Based Management schools and ten innovative, small, autonomous Belmont pilot schools.")
    found = claims_in(text, {"Pilot schools": "REFORM", "Extended School Based Management": "REFORM",
                             "Belmont": ("ORG", "Belmont High School")})
    assert [(c.measure, c.value, c.subject, c.about_district) for c in found] == [
        ("pilot_schools", 49.0, None, 1),
        ("reform_schools", 24.0, "Extended School Based Management", None),
        ("pilot_schools", 10.0, "Belmont High School", 0)]


def test_magnet_small_new_and_district_students():
    assert counts("There are 172 magnet schools in the district.") == [
        ("magnet_schools", 172.0, None, "172 magnet schools")]
    assert counts("The district opened 40 small schools.") == [("small_schools", 40.0, None, "40 small schools")]
    assert counts("The district built 130 new schools.") == [("new_schools", 130.0, None, "130 new schools")]
    assert counts("LAUSD enrolls about 640,000 students.", {"LAUSD": ("ORG", LAUSD)}) == [
        ("district_students", 640000.0, "about", "about 640,000 students")]
    assert counts("District enrollment fell to 550,000.") == [
        ("district_students", 550000.0, None, "District enrollment fell to 550,000")]
    assert counts("Charter school enrollment reached 154,000.") == [
        ("charter_students", 154000.0, None, "Charter school enrollment reached 154,000")]


def test_what_follows_or_precedes_a_bare_count_of_students():
    assert counts("In the 2016-17 school year, 154,653 students attended LAUSD charters.",
                  {"LAUSD": ("ORG", LAUSD)}) == [("charter_students", 154653.0, None, "154,653 students")]
    assert counts("LAUSD's enrollment has fallen to about 600,000.", {"LAUSD": ("ORG", LAUSD)}) == [
        ("district_students", 600000.0, "about", "enrollment has fallen to about 600,000")]
    assert timed("By 2008, the number of charter schools had grown to 100.") == [
        ("charter_schools", 100.0, 2008, None, None, "stated", "By 2008")]
    assert counts("The district has 900 schools and 640,000 students.") == [
        ("schools", 900.0, None, "900 schools"), ("district_students", 640000.0, None, "640,000 students")]
    assert counts("The Broad Foundation pledged $490M to the plan.", {"Broad Foundation": "ORG"}) == [
        ("program_money", 490_000_000.0, None, "$490M to the plan")]


def test_another_organisations_students_and_schools():
    text = "The Partnership for Los Angeles Schools, which enrolls 14,000 students in 18 schools, grew."
    found = claims_in(text, {"Partnership for Los Angeles Schools": "ORG"})
    assert [(c.measure, c.value, c.subject, c.about_district) for c in found] == [
        ("students", 14000.0, "Partnership for Los Angeles Schools", 0),
        ("schools", 18.0, "Partnership for Los Angeles Schools", 0)]


def test_the_subject_is_the_district_or_what_stands_for_it():
    found = claims_in("LA has 210 charter schools.", {"LA": ("GPE", "Los Angeles")})
    assert [(c.subject, c.subject_text, c.about_district) for c in found] == [("Los Angeles", "LA", 1)]
    found = claims_in("As of 2015, the district’s 264 charters thrived.")
    assert [(c.subject_text, c.about_district) for c in found] == [("the district’s", 1)]
    found = claims_in("Newark has 30 charter schools.", {"Newark": "GPE"})
    assert [(c.subject, c.about_district) for c in found] == [("Newark", 0)]
    assert [c.about_district for c in claims_in("There were 225 independent charter schools.")] == [None]


def test_money_for_a_program():
    text = "LAAMP, made possible through a $53 million matching grant, built on LEARN."
    found = claims_in(text, {"LAAMP": "REFORM", "LEARN": "REFORM"}, "2017-02")
    assert [(c.kind, c.measure, c.value, c.unit, c.text, c.subject) for c in found] == [
        ("money", "program_money", 53_000_000.0, "dollars", "$53 million matching grant", "LAAMP")]
    assert counts("The foundation pledged more than $1.2 billion in funding.") == [
        ("program_money", 1_200_000_000.0, "more than", "more than $1.2 billion in funding")]
    assert counts("A reporter disclosed a $490-million plan to create new charter schools.") == [
        ("program_money", 490_000_000.0, None, "$490-million plan")]
    found = claims_in("The Board signed off on the $40 million application for Race to the Top funding.",
                      {"Race to the Top": "REFORM"})
    assert [(c.value, c.subject) for c in found] == [(40_000_000.0, "Race to the Top")]


# --- times ------------------------------------------------------------------------------------------------

def test_stated_years_school_years_and_months():
    lausd = {"LAUSD": ("ORG", LAUSD)}
    assert timed("In 2015, LAUSD had 264 charter schools.", lausd) == [
        ("charter_schools", 264.0, 2015, None, None, "stated", "In 2015")]
    assert timed("In 2014-15, LAUSD had 264 charter schools.", lausd) == [
        ("charter_schools", 264.0, 2014, "2014-15", None, "stated", "In 2014-15")]
    assert timed("LAUSD had 274 charter schools in the 2015-16 school year.", lausd) == [
        ("charter_schools", 274.0, 2015, "2015-16", None, "stated", "in the 2015-16 school year")]
    assert timed("In December 2012, LAUSD had 210 charter schools.", lausd) == [
        ("charter_schools", 210.0, 2012, None, 12, "stated", "In December 2012")]
    assert timed("LAUSD planned 50 pilot schools by fall 2008.", lausd) == [
        ("pilot_schools", 50.0, 2008, "2008-09", None, "stated", "by fall 2008")]
    assert timed("In 2016-2017, there were 225 independent charter schools.") == [
        ("independent_charter_schools", 225.0, 2016, "2016-17", None, "stated", "In 2016-2017")]


def test_the_nearest_time_dates_each_claim():
    text = "LAUSD had 7 charters in 1993 and 279 charters in 2016-17."
    assert [(c[1], c[2]) for c in timed(text, {"LAUSD": ("ORG", LAUSD)})] == [(7.0, 1993), (279.0, 2016)]


def test_a_relative_time_is_resolved():
    text = ("One year after the passage of California’s Charter Schools Act in 1993, the LAUSD had a total of "
            "fourteen charter schools enrolling approximately 13,000 students.")
    names = {"California": "GPE", "Charter Schools Act": ("LAW", "Charter Schools Act of 1992"),
             "LAUSD": ("ORG", LAUSD)}
    phrase = "One year after the passage of California’s Charter Schools Act in 1993"
    assert timed(text, names, "2017-02") == [
        ("charter_schools", 14.0, 1994, None, None, "relative", phrase),
        ("charter_students", 13000.0, 1994, None, None, "relative", phrase)]
    assert timed("Fifteen years ago, LAUSD had 40 charter schools.", {"LAUSD": ("ORG", LAUSD)}, "2015-06-17") == [
        ("charter_schools", 40.0, 2000, None, None, "relative", "Fifteen years ago")]
    # "today" says no more than the published date (the annotation rule of the claim sets): time_source published
    assert timed("Today LAUSD has 279 charter schools.", {"LAUSD": ("ORG", LAUSD)}, "2017-02") == [
        ("charter_schools", 279.0, 2017, None, 2, "published", "Today")]
    assert timed("Two years before the strike in 1989, LAUSD had 12 magnet schools.", {"LAUSD": ("ORG", LAUSD)}) \
        == [("magnet_schools", 12.0, 1987, None, None, "relative", "Two years before the strike in 1989")]


def test_later_counts_from_the_passage_before():
    sentences = [("In July 2007, the board passed a resolution.", []),
                 ("One year later, the district had 20 small schools.", [])]
    found = read_passage(sentences, RULES)
    assert [(c.measure, c.start_year, c.time.source, c.time.text) for c in found[1]] == [
        ("small_schools", 2008, "relative", "One year later")]


def test_the_published_date_is_assumed_and_no_date_is_unknown():
    assert timed("LA has 210 charter schools.", {"LA": ("GPE", "Los Angeles")}, "2012-12-18") == [
        ("charter_schools", 210.0, 2012, None, 12, "published", "2012-12-18")]
    assert timed("There are also 23 Magnet schools.", {"Magnet schools": "REFORM"}) == [
        ("magnet_schools", 23.0, None, None, None, "unknown", None)]
    assert timed("There are also 23 Magnet schools.", {"Magnet schools": "REFORM"}, "2015") == [
        ("magnet_schools", 23.0, 2015, None, None, "published", "2015")]


def test_a_relative_time_counted_from_no_stated_year_is_unknown():
    assert timed("Five years later, there were 40 charters.", {}, "2016") == [
        ("charter_schools", 40.0, None, None, None, "unknown", "Five years later")]
    assert timed("Two years after the strike, LAUSD had 12 magnet schools.", {"LAUSD": ("ORG", LAUSD)}, "2016") == [
        ("magnet_schools", 12.0, None, None, None, "unknown", "Two years after")]


def test_a_decade_or_a_span_is_stated_but_no_one_year():
    found = claims_in("In the 1990s, LAUSD had 40 magnet schools.", {"LAUSD": ("ORG", LAUSD)}, "2015")
    assert [(c.value, c.start_year, c.time.source, c.time.precision, c.time.text) for c in found] == [
        (40.0, None, "stated", "decade", "In the 1990s")]


def test_a_continuing_sentence_takes_the_time_subject_and_measure_of_the_one_before():
    sentences = [('In 1993, LAUSD had one independent charter and six "affiliated charters."',
                  mentions_of('In 1993, LAUSD had one', {"LAUSD": ("ORG", LAUSD)})[0]),
                 ("Together they enrolled 3,069 students.", [])]
    found = read_passage(sentences, RULES, "2016", district_id=1)
    assert [(c.measure, c.value, c.start_year, c.time.source, c.subject_id, c.about_district)
            for c in found[1]] == [("charter_students", 3069.0, 1993, "stated", 1, 1)]
    # a sentence that does not continue the one before is dated by the published date
    sentences[1] = ("The district enrolled 600,000 students.", [])
    found = read_passage(sentences, RULES, "2016", district_id=1)
    assert [(c.measure, c.start_year, c.time.source) for c in found[1]] == [("district_students", 2016, "published")]


def test_the_passage_state_carries_times_forward():
    state = PassageState()
    claims_in("In 2009, the board acted.", state=state)
    assert [c.start_year for c in claims_in("Two years later the district had 30 pilot schools.", state=state)] \
        == [2011]


# --- date claims ------------------------------------------------------------------------------------------

def test_passive_date_claims():
    assert dates("LEARN was adopted by the school board in 1993.", {"LEARN": "REFORM"}) == [
        ("LEARN", "adopted", "enacted", 1993.0, "stated", "LEARN was adopted by the school board in 1993")]
    assert dates("The Public School Accountability Act was adopted in 1999.",
                 {"Public School Accountability Act": "LAW"}) == [
        ("Public School Accountability Act", "adopted", "enacted", 1999.0, "stated",
         "Public School Accountability Act was adopted in 1999")]
    assert dates("Pilot Schools were established in 2007 through an agreement.", {"Pilot Schools": "REFORM"}) == [
        ("Pilot Schools", "established", "founded", 2007.0, "stated", "Pilot Schools were established in 2007")]
    assert dates("Green Dot, founded in 2000 by Steve Barr, grew.", {"Green Dot": "ORG", "Steve Barr": "PERSON"}) \
        == [("Green Dot", "founded", "founded", 2000.0, "stated", "Green Dot, founded in 2000")]


def test_active_lead_and_nominal_date_claims():
    text = "In 1992, just as LEARN began, Gov. Pete Wilson signed SB 1448, the second charter law."
    assert dates(text, {"LEARN": "REFORM", "Pete Wilson": "PERSON",
                        "SB 1448": ("LAW", "Charter Schools Act of 1992")}) == [
        ("Charter Schools Act of 1992", "signed", "enacted", 1992.0, "stated", "signed SB 1448")]
    assert dates("Steve Barr founded Green Dot in 2000.", {"Steve Barr": "PERSON", "Green Dot": "ORG"}) == [
        ("Green Dot", "founded", "founded", 2000.0, "stated", "founded Green Dot in 2000")]
    assert dates("Launched in 2009, Public School Choice invited bids.", {"Public School Choice": "REFORM"}) == [
        ("Public School Choice", "launched", "launched", 2009.0, "stated", "Launched in 2009, Public School Choice")]
    text = "One year after the passage of California’s Charter Schools Act in 1993, LAUSD had 14 charters."
    assert dates(text, {"California": "GPE", "Charter Schools Act": ("LAW", "Charter Schools Act of 1992"),
                        "LAUSD": ("ORG", LAUSD)}) == [
        ("Charter Schools Act of 1992", "passed", "enacted", 1993.0, "stated",
         "passage of California’s Charter Schools Act in 1993")]
    text = "In 2009, the LAUSD Board of Education passed a resolution now known as the Public School Choice motion."
    assert dates(text, {"LAUSD": ("ORG", LAUSD), "Public School Choice": "REFORM"}) == [
        ("Public School Choice", "passed", "enacted", 2009.0, "stated",
         "passed a resolution now known as the Public School Choice")]


def test_a_date_claim_resolved_from_the_year_after():
    text = "In 1993, the year after California's charter law was passed, LAUSD had one independent charter."
    law = (7, "LAW", "Charter Schools Act of 1992")
    found = claims_in(text, {"California": "GPE", "LAUSD": ("ORG", LAUSD)}, document_entities=(law,))
    assert [(c.subject_id, c.verb, c.value, c.time.source, c.text, c.subject_text) for c in found
            if c.kind == "date"] == [(7, "passed", 1992.0, "relative", "California's charter law was passed",
                                      "California's charter law")]
    assert [(c.measure, c.start_year) for c in found if c.kind == "count"] == [("independent_charter_schools", 1993)]


@pytest.mark.parametrize("text, names", [
    ("More than half the schools in the district signed up for LEARN in 1995.", {"LEARN": "REFORM"}),
    ("The Board signed off on the Race to the Top application in 2010.", {"Race to the Top": "REFORM"}),
    ("LAAMP created school families (based on clusters) in 1995 with K–12 plans.", {"LAAMP": "REFORM"}),
    ("The commission created by Ramon Cortines met.", {"Ramon Cortines": "PERSON"}),
    ("Launched in 2000, the Gates Foundation’s initiative gave $1 billion.", {"Gates Foundation": "ORG"}),
    ("LEARN was adopted by the school board.", {"LEARN": "REFORM"}),
])
def test_no_date_claim(text, names):
    assert dates(text, names) == []


# --- what is not a claim ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The district hired 500 teachers in 2015.",
    "In the last 10 years charter schools grew.",
    "Under Proposition 39 charter schools share district campuses.",
    "AB 1505 charter schools must renew their petitions.",
    "See page 12 charter schools in the appendix.",
    "Call (213) 241-1000 for charter schools.",
    "About 45 percent of charter schools and 30% charter students met the standard.",
    "In the 1990s charter schools spread across the district.",
    "In 2015 charter schools enrolled more students.",
    "LAUSD has lost 100,000 students over the last decade.",
    "Philanthropists came to understand that adding another 100 charter schools wouldn't help.",
    "The initial goal was to create and implement ten innovative, small, autonomous pilot schools.",
    "Over the following two years, the cap of ten schools was reached.",
    "A second agreement allowed an additional twenty pilot schools.",
    "There were 14 charter school operators.",
    "They provide the seamless preK-12 support students need.",
    "It is the 17th largest district, with a 3-to-5-year contract.",
    "Local District 4 schools met.",
    "The panel projected a $333-million budget deficit by 2017-18.",
    "Grant applications above $1 million need approval.",
    "The district has nearly 65,000 employees.",
    "Breakup plans envisaged a series of 100,000 student districts.",
    "The board renewed 5 charter schools and approved 12 more.",
    "Charter schools now serve one in five LAUSD students.",
    "It serves 1,000 students in grades 6 through 12.",
])
def test_no_claim(text):
    assert claims_in(text, {}, "2015") == []


def test_linear_in_text_length():
    # a long run-on "sentence" of many counts reads every one (a bound on the work per number, not wall clock)
    text = " ".join(f"LAUSD had {n} charter schools in {1993 + n % 20}." for n in range(300))
    found = claims_in(text, {}, "2015")
    assert len(found) == 300 and found[-1].value == 299 and found[-1].start_year == 1993 + 299 % 20


# --- rules and tolerances ---------------------------------------------------------------------------------

def test_rules_expose_measures_and_qualifiers():
    for name in ("charter_schools", "charter_students", "independent_charter_schools", "affiliated_charter_schools",
                 "district_students", "magnet_schools", "pilot_schools", "schools", "program_money", "date"):
        assert name in RULES.measures
    assert RULES.measures["charter_students"].unit == "students"
    assert RULES.measures["program_money"].kind == "money"
    assert RULES.qualifiers["almost"].direction == "below"
    assert RULES.qualifiers["about"].direction == "around"


def test_tolerance_of_each_qualifier():
    low, high = tolerance(151_000, "almost", RULES)
    assert low <= 148_697 <= high and not low <= 143_039 <= high
    assert high == 151_000
    low, high = tolerance(13_000, "approximately", RULES)
    assert low < 13_000 < high and not low <= 5_685 <= high
    assert tolerance(250, "more than", RULES)[0] == 250 and tolerance(250, "more than", RULES)[1] > 279
    assert tolerance(250, "at least", RULES) == (250, math.inf)
    assert tolerance(500, "up to", RULES) == (0.0, 500)
    assert tolerance(210, None, RULES, "charter_schools") == (210, 210)
    low, high = tolerance(154_000, None, RULES, "charter_students")
    assert low <= 154_653 <= high
    assert tolerance(1993, None, RULES, "date") == (1993, 1993)
    assert tolerance(100, "something else", RULES) == (100, 100)


def test_a_whole_number_of_hundreds_is_good_to_a_quarter_hundred_on_the_open_side():
    low, high = tolerance(300, "almost", RULES, "charter_schools", written="three hundred")
    assert low <= 279 and high == 300  # almost three hundred: below, never above
    assert tolerance(200, "more than", RULES, "charter_schools", written="two hundred")[0] == 200
    assert tolerance(251, None, RULES, "charter_schools", written="two hundred fifty-one") == (251, 251)


@pytest.mark.parametrize("line,value,year", [
    ("- Charter schools, 2014-15: 251", 251, 2014),
    ("Charter students (2016-17): 154,653", 154_653, 2016),
])
def test_a_list_line_counts_what_its_label_names_in_the_year_it_names(line, value, year):
    [claim] = find_claims(line, rules=RULES, published="2017-05-01")
    assert (claim.measure, claim.value, claim.time.start_year) == (line.split(",")[0].split(" (")[0].strip("- ")
                                                                    .lower().replace(" ", "_"), value, year)


@pytest.mark.parametrize("prose", ["Charter students: 1 in 5 now attend one.",
                                   "Charter schools: 2 for every traditional school, the flyer said."])
def test_a_label_before_a_ratio_is_no_count(prose):
    assert [c for c in find_claims(prose, rules=RULES, published="2017-05-01") if c.kind == "count"] == []


@pytest.mark.parametrize("old, new, message, at", [
    ("triggers: [charter schools, charters,", "triggers: [Charter schools, charters,",
     "triggers: phrases are written in lower case, not 'Charter schools'", "    triggers: [Charter schools"),
    ("  almost: {direction: below, tolerance: 0.04}", "  almost: {direction: under, tolerance: 0.04}",
     "unknown direction 'under'", "  almost:"),
    ("  almost: {direction: below, tolerance: 0.04}", "  almost: {direction: below, tolerance: 4}",
     "tolerance: a fraction from 0 to 1", "  almost:"),
    ("  charter_schools:\n    kind: count", "  charter_school:\n    kind: count", "'charter_schools' is missing",
     "measures:"),
    ("    students: charter_students\n    tolerance: 0\n  independent",
     "    students: program_money\n    tolerance: 0\n  independent",
     "measures: 'charter_schools' gives students 'program_money', which is not a measure of students",
     "    students: program_money"),
    ("    triggers: [affiliated charter schools, affiliated charters]",
     "    triggers: [affiliated charter schools, charters]",
     "measures: 'affiliated_charter_schools' shares the trigger 'charters' with 'charter_schools'",
     "    triggers: [affiliated charter schools, charters]"),
    ("    unit: dollars\n", "    unit: year\n",
     "measures: 'program_money' is a money, whose unit is one of dollars, not year", "    unit: year"),
    ("  passage: passed", "  passage: voted", "date_nouns: 'passage' gives 'voted', which is not in date_verbs",
     "date_nouns:"),
    ("unqualified: {direction: around, tolerance: 0}", "unqualified: {direction: around, tolerance: 0}\ncolour: red",
     "unknown key 'colour'", "colour: red"),
])
def test_bad_rules_name_file_and_line(corpus, old, new, message, at):
    lines = own_knowledge_file(corpus, "claims.yml", old, new)
    with pytest.raises(CorpusError) as error:
        read_claim_rules(corpus)
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith(at))
    assert str(error.value).startswith(f"{corpus / 'claims.yml'}:{line}: ")
    assert message in str(error.value)


# --- the stage --------------------------------------------------------------------------------------------

GAZETTEER = """
- name: Los Angeles Unified School District
  type: ORG
  aliases: [LAUSD]
- name: Los Angeles Educational Alliance for Restructuring Now
  type: REFORM
  aliases: [LEARN]
- name: Charter Schools Act of 1992
  type: LAW
  aliases: [SB 1448, Charter Schools Act]
- name: Magnet Schools
  type: REFORM
  aliases: [magnet schools]
"""


@pytest.mark.stage
def test_stage_writes_claims_with_their_passage(corpus):
    (corpus / "gazetteer.yml").write_text(GAZETTEER)
    write_document(corpus, "history", """
        One year after the passage of California’s Charter Schools Act in 1993, the LAUSD had a total of fourteen charter schools enrolling approximately 13,000 students.

        As of 2015, the district’s 264 charters served almost 151,000 young people. LEARN was adopted by the school board in 1993.

        There are 172 magnet schools in the district.
        """, published="2017-02")
    write_document(corpus, "undated", "LAUSD had 23 magnet schools and 500 teachers.")
    db = built_until(corpus, "claims")
    rows = list(db.query(
        "select c.*, p.text as passage, s.text as sentence, s.start as sentence_start, d.slug, e.name as subject "
        "from claims c join passages p on p.id = c.passage_id join sentences s on s.id = c.sentence_id "
        "join documents d on d.id = c.document_id left join entities e on e.id = c.subject_id order by c.id"))
    got = {(r["slug"], r["measure"], r["value"], r["qualifier"], r["start_year"], r["time_source"], r["subject"])
           for r in rows}
    assert got == {
        ("history", "date", 1993.0, None, 1993, "stated", "Charter Schools Act of 1992"),
        ("history", "charter_schools", 14.0, None, 1994, "relative", LAUSD),
        ("history", "charter_students", 13000.0, "approximately", 1994, "relative", LAUSD),
        ("history", "charter_schools", 264.0, None, 2015, "stated", LAUSD),
        ("history", "charter_students", 151000.0, "almost", 2015, "stated", LAUSD),
        ("history", "date", 1993.0, None, 1993, "stated", "Los Angeles Educational Alliance for Restructuring Now"),
        ("history", "magnet_schools", 172.0, None, 2017, "published", LAUSD),
        ("undated", "magnet_schools", 23.0, None, None, "unknown", LAUSD),
    }
    for row in rows:
        assert row["passage"][row["start"]:row["end"]] == row["text"]
        assert row["sentence_start"] <= row["start"] and row["end"] <= row["sentence_start"] + len(row["sentence"])
    by_text = {r["text"]: r for r in rows}
    assert by_text["almost 151,000 young people"]["about_district"] == 1
    assert by_text["LEARN was adopted by the school board in 1993"]["verb"] == "adopted"
    assert by_text["172 magnet schools"]["month"] == 2
    # the body starts on line 6, below the front matter and a blank line
    assert [(by_text[t]["line"]) for t in ("fourteen charter schools", "264 charters", "172 magnet schools")] == \
        [6, 8, 10]
    assert db["claims"].count == 8
    assert {tuple(i.columns) for i in db["claims"].indexes} >= {("measure",), ("start_year",), ("document_id",)}


# --- the real corpus --------------------------------------------------------------------------------------

def seed_claims(full_db, slug):
    return list(full_db.query(
        "select c.*, e.name as subject from claims c join documents d on d.id = c.document_id "
        "left join entities e on e.id = c.subject_id where d.slug = ? order by c.id", [slug]))


def one(rows, text):
    found = [r for r in rows if r["text"] == text]
    assert len(found) == 1, (text, [r["text"] for r in rows])
    return found[0]


def test_the_seeds_claims_are_found(full_db):
    ownership = seed_claims(full_db, "getting-to-teacher-ownership")
    fourteen = one(ownership, "fourteen charter schools")
    assert (fourteen["measure"], fourteen["value"], fourteen["start_year"], fourteen["time_source"]) == \
        ("charter_schools", 14, 1994, "relative")
    students = one(ownership, "approximately 13,000 students")
    assert (students["measure"], students["value"], students["qualifier"], students["start_year"],
            students["time_source"], students["subject"]) == \
        ("charter_students", 13000, "approximately", 1994, "relative", LAUSD)
    charters = one(ownership, "264 charters")
    assert (charters["measure"], charters["value"], charters["start_year"], charters["about_district"]) == \
        ("charter_schools", 264, 2015, 1)
    young = one(ownership, "almost 151,000 young people")
    assert (young["measure"], young["value"], young["qualifier"], young["start_year"], young["time_source"]) == \
        ("charter_students", 151000, "almost", 2015, "stated")
    magnets = one(ownership, "172 magnet schools")
    assert (magnets["measure"], magnets["value"], magnets["time_source"], magnets["about_district"]) == \
        ("magnet_schools", 172, "published", 1)
    passage = one(ownership, "passage of California’s Charter Schools Act in 1993")
    assert (passage["kind"], passage["value"], passage["verb"], passage["subject"]) == \
        ("date", 1993, "passed", "Charter Schools Act of 1992")

    so_close = one(seed_claims(full_db, "so-close-yet-so-far"), "210 charter schools")
    assert (so_close["measure"], so_close["value"], so_close["start_year"], so_close["month"],
            so_close["time_source"], so_close["about_district"]) == ("charter_schools", 210, 2012, 12, "published", 1)

    war = seed_claims(full_db, "charter-school-war-peace-dividend")
    signed = one(war, "signed SB 1448")
    assert (signed["value"], signed["verb"], signed["event"], signed["subject"], signed["time_source"]) == \
        (1992, "signed", "enacted", "Charter Schools Act of 1992", "stated")
    passed = one(war, "California's charter law was passed")
    assert (passed["value"], passed["subject"], passed["time_source"]) == \
        (1992, "Charter Schools Act of 1992", "relative")
    assert one(war, "23 Magnet schools")["time_source"] == "unknown"  # the paper has no published date
    assert (one(war, "3,069 students")["measure"], one(war, "3,069 students")["start_year"]) == \
        ("charter_students", 1993)


def test_every_claim_on_the_real_corpus_points_into_its_passage(full_db):
    rows = list(full_db.query("select c.*, p.text as passage from claims c join passages p on p.id = c.passage_id"))
    assert len(rows) >= 30
    for row in rows:
        assert row["passage"][row["start"]:row["end"]] == row["text"]
        assert row["time_source"] in ("stated", "relative", "published", "unknown")
        assert (row["start_year"] is None) == (row["time_source"] == "unknown" or row["time_precision"] in
                                               ("decade", "range"))
        assert row["kind"] in ("count", "money", "date")


# --- general rules: number words, modifiers, subjects before a date, queues, caps and plans ------------------

def test_dozen_is_a_number_word_and_stand_alone_a_modifier():
    assert counts("By 2003 the city had three dozen magnet schools.") == [
        ("magnet_schools", 36.0, None, "three dozen magnet schools")]
    assert counts("The district runs 30 stand-alone pilot schools.") == [
        ("pilot_schools", 30.0, None, "30 stand-alone pilot schools")]


def test_money_named_as_money_and_a_budget_is_none():
    assert counts("Each campus gets up to $100,000 in seed money.") == [
        ("program_money", 100_000.0, "up to", "up to $100,000 in seed money")]
    assert counts("The $6 billion general fund is short.") == []


def test_students_after_a_charter_noun_and_its_verb_are_charter_students():
    text = "In 2013, charters in the district educated 90,000 students, a fifth of the district's students."
    assert counts(text) == [("charter_students", 90000.0, None, "90,000 students")]
    text = "In 2001 the district ran 50 charters, in a district of 720,000 students."
    assert [c[:2] for c in counts(text)] == [("charter_schools", 50.0), ("district_students", 720000.0)]


def test_a_date_whose_subject_stands_before_it():
    text = "Members include the Harbor Institute for Teaching-Based Reform, founded in 1999, and others."
    names = {"Harbor Institute for Teaching": "ORG"}
    assert [d[3] for d in dates(text, names)] == [1999.0]
    text = "The Valley Coalition, a group of parents from the east valley, was founded in 2005 to lobby."
    assert [(d[0], d[3]) for d in dates(text, {"Valley Coalition": "ORG"})] == [("Valley Coalition", 2005.0)]
    text = "In its report, the Small Schools Act passed in 2001 was praised."
    assert [(d[0], d[3]) for d in dates(text, {"Small Schools Act": "LAW"})] == [("Small Schools Act", 2001.0)]
    text = "They discussed Open Doors, the plan the board approved in May 2012."
    assert [(d[0], d[3]) for d in dates(text, {"Open Doors": "REFORM"})] == [("Open Doors", 2012.0)]
    text = "Founded in 1998, the Coalition lobbies in Sacramento."
    assert dates(text, {"Coalition": ("ORG", "Valley Coalition")}) == [
        ("Valley Coalition", "founded", "founded", 1998.0, "stated", "Founded in 1998, the Coalition")]


@pytest.mark.parametrize("text", [
    "Parents point to some 30,000 students on charter waiting lists.",
    "The 1992 law allowed no more than 100 charters statewide.",
    "Advocates want 200 new charters by 2020.",
    "Staff recommended denying renewal to four charter schools.",
    "Her two children attend a charter school.",
    "Thousands of students across dozens of schools waited.",
    "Its $2 billion operating budget fund shrank.",
    "The Harbor Institute, a group founded by teachers, grew in 2004.",
])
def test_no_claim_from_the_general_rules(text):
    names = {"Harbor Institute": "ORG"} if "Harbor Institute" in text else {}
    assert claims_in(text, names, "2015") == []


# --- general shapes of what is counted, its time and its date (read from the second claim set's misses) ---------

SCHOOLS_OF = {"LAUSD": ("ORG", LAUSD)}


def present(text, names):
    """The names that text holds (mentions_of needs each name it is given in the text)."""
    return {n: t for n, t in names.items() if n in text}


@pytest.mark.parametrize("text, expected", [
    # a bare count of schools in a sentence about the sector or its authorizing is a count of charters
    ("In 2003-04 LAUSD authorized a group of 94 schools.", [("charter_schools", 94.0, None, "94 schools")]),
    ("By 2010-11 the sector numbered 183 campuses.", [("charter_schools", 183.0, None, "183 campuses")]),
    # … and so is one followed by "as charters"
    ("That fall LAUSD counted 230 schools operating as charters.",
     [("charter_schools", 230.0, None, "230 schools")]),
    # the students of those charters follow them
    ("In 2005-06 LAUSD authorized a sector of 86 campuses with 40,100 students.",
     [("charter_schools", 86.0, None, "86 campuses"), ("charter_students", 40100.0, None, "40,100 students")]),
    # an amount verb after a charter noun phrase ("charter rolls reached")
    ("In 2011-12 charter rolls climbed to 112,000 students.",
     [("charter_students", 112000.0, None, "112,000 students")]),
    # an adjective or participle between the number and its noun
    ("In 2008-09 LAUSD ran 38 freestanding magnet schools.",
     [("magnet_schools", 38.0, None, "38 freestanding magnet schools")]),
    ("In 2012 LAUSD had 17 converted charters.", [("charter_schools", 17.0, None, "17 converted charters")]),
    # money "in" a fund of a programme
    ("The plan sets aside $250,000 in one-time planning funds.",
     [("program_money", 250000.0, None, "$250,000 in one-time planning funds")]),
])
def test_general_shapes_of_a_count(text, expected):
    assert counts(text, present(text, SCHOOLS_OF)) == expected


@pytest.mark.parametrize("text", [
    "In LAUSD the three schools on the May agenda did well.",  # schools named before: no total
    "The LAUSD grant pays for new labs at nine campuses.",  # the object of a preposition: some schools
    "In LAUSD these six schools will share one counselor.",
    "LAUSD added 12 schools in a year.",  # a change
    "LAUSD charter schools were up 12 schools on the year.",
    "LAUSD enrollment was down 3,000 students.",
    "LAUSD charters grew by 12 schools in a year.",
    "LAUSD hopes to open 30 new charters by 2020.",  # a target
    "The law set a cap of 100 charter schools in LAUSD.",  # a cap
    "About 40 percent of LAUSD students attend magnet schools.",  # a percentage
    "The board voted 5-2 to renew the charter.",  # a vote tally
    "Write to LAUSD at 333 South Beaudry Avenue.",  # an address
    "Call the LAUSD charter office at (213) 555-0199.",  # a phone number
    "See page 14 and Table 3 for the LAUSD charter schools.",  # page and table numbers
    "AB 1505 changed how LAUSD reviews charter schools.",  # a bill number
])
def test_near_misses_give_no_count(text):
    assert counts(text, present(text, SCHOOLS_OF)) == []


def test_the_sector_as_the_subject_of_a_later_year():
    sentences = [("In 2013-14 LAUSD oversaw 245 charter schools.", mentions_of("In 2013-14 LAUSD", SCHOOLS_OF)[0]),
                 ("Two years later the sector stood at 271 schools.", [])]
    found = read_passage(sentences, RULES, "2017-03")
    assert [(c.measure, c.value, c.start_year, c.time.source) for c in found[1]] == [
        ("charter_schools", 271.0, 2015, "relative")]


def test_a_sentence_that_points_back_continues_the_one_before():
    sentences = [("In 2001-02 LAUSD counted 50 charter schools.", mentions_of("In 2001-02 LAUSD", SCHOOLS_OF)[0]),
                 ("Enrollment in them came to about 26,000 students.", [])]
    found = read_passage(sentences, RULES)
    assert [(c.measure, c.value, c.start_year, c.time.source) for c in found[1]] == [
        ("charter_students", 26000.0, 2001, "stated")]


def test_its_opens_a_sentence_about_the_organisation_named_before():
    first = "LAUSD is the largest district in the state."
    sentences = [(first, mentions_of(first, SCHOOLS_OF)[0]),
                 ("Its census for 2010-11 found 667,000 students in its schools.", [])]
    found = read_passage(sentences, RULES, district_id=1)
    assert [(c.measure, c.value, c.start_year) for c in found[1]] == [("district_students", 667000.0, 2010)]


@pytest.mark.parametrize("published, year, school_year", [("2016-03-15", 2015, "2015-16"),
                                                          ("2015-09-28", 2015, "2015-16"), ("2016", 2016, None)])
def test_this_year_is_the_school_year_of_the_published_date(published, year, school_year):
    assert timed("LAUSD charters enroll about 150,000 students this year.", SCHOOLS_OF, published) == [
        ("charter_students", 150000.0, year, school_year, None, "relative", "this year")]


def test_now_is_the_published_date():
    assert timed("LAUSD currently oversees about 225 independent charters.", SCHOOLS_OF, "2017-04-10") == [
        ("independent_charter_schools", 225.0, 2017, None, 4, "published", "currently")]


def test_a_time_in_another_clause_or_at_the_end_of_a_span_dates_no_claim():
    text = "At the end of 2011-12 LAUSD had 198 charter schools, and in 2012-13 it had 228 of them."
    assert [(c[1], c[2]) for c in timed(text, SCHOOLS_OF)] == [(198.0, 2011)]
    text = "In 2014 LAUSD won a $3 million magnet grant to be spent through the end of next year."
    assert [(c[1], c[2], c[5]) for c in timed(text, SCHOOLS_OF, "2016-05")] == [(3000000.0, 2014, "stated")]
    text = "In 2013 LAUSD won a $2 million magnet grant, spent over four years on new labs."
    assert [(c[1], c[2], c[5]) for c in timed(text, SCHOOLS_OF, "2016-05")] == [(2000000.0, 2013, "stated")]


def test_years_after_an_event_count_from_its_date_claim():
    law = {"AB 544": ("LAW", "Charter Schools Act of 1992"), "Pete Wilson": "PERSON", "Wilson": "PERSON",
           "LAUSD": ("ORG", LAUSD)}
    first = "Pete Wilson signed AB 544 in 1992."
    second = "Four years after Wilson signed the law, LAUSD had 13 charter schools."
    found = read_passage([(first, mentions_of(first, present(first, law))[0]),
                          (second, mentions_of(second, present(second, law))[0])], RULES, "2017")
    assert [(c.measure, c.value, c.start_year, c.time.source) for c in found[1]] == [
        ("charter_schools", 13.0, 1996, "relative")]
    # counted from an event no claim dates: unknown, never guessed
    found = read_passage([(second, mentions_of(second, present(second, law))[0])], RULES, "2017")
    assert [(c.start_year, c.time.source) for c in found[0]] == [(None, "unknown")]


@pytest.mark.parametrize("text, names, expected", [
    # a relative clause with a subject of its own
    ("Green Dot, which Steve Barr founded in 1999 with friends, grew fast.",
     {"Green Dot": "ORG", "Steve Barr": "PERSON"}, ("Green Dot", "founded", 1999.0)),
    # an apposition after a noun that follows the name
    ("The LAAMP plan, the compact the board approved in 1994, set goals.", {"LAAMP": "REFORM"},
     ("LAAMP", "approved", 1994.0)),
    # the time between the verb and what it dates
    ("Two teachers started in 2001 what became the Camino Network.", {"Camino Network": "ORG"},
     ("Camino Network", "started", 2001.0)),
    # a passive after an apposition closed by a comma
    ("The Camino Network, a group run by teachers, was founded in 2001.", {"Camino Network": "ORG"},
     ("Camino Network", "founded", 2001.0)),
    # a pronoun for the law the sentence named before
    ("AB 544 became law when the governor signed it in October 1992.",
     {"AB 544": ("LAW", "Charter Schools Act of 1992")}, ("Charter Schools Act of 1992", "signed", 1992.0)),
])
def test_general_shapes_of_a_date_claim(text, names, expected):
    assert [(d[0], d[1], d[3]) for d in dates(text, names)] == [expected]


def test_a_word_of_now_between_the_verb_and_its_object_dates_nothing():
    text = "In 2009, the LAUSD Board of Education passed a resolution now known as the Public School Choice motion."
    found = claims_in(text, {"LAUSD": ("ORG", LAUSD), "Public School Choice": "REFORM"}, "2017-02")
    assert [(c.value, c.time.text) for c in found if c.kind == "date"] == [(2009.0, "In 2009")]


def test_a_noun_phrase_object_stands_for_the_law_of_the_document_or_the_corpus():
    law = (7, "LAW", "Charter Schools Act of 1992")
    found = claims_in("Lawmakers passed the charter law in 1993.", document_entities=(law,))
    assert [(c.subject_id, c.verb, c.value) for c in found if c.kind == "date"] == [(7, "passed", 1993.0)]
    mentions, _ = mentions_of("Lawmakers passed the charter law in 1993.", {})
    found = find_claims("Lawmakers passed the charter law in 1993.", mentions, RULES, corpus_entities=(law,))
    assert [(c.subject_id, c.value) for c in found if c.kind == "date"] == [(7, 1993.0)]
    other = (8, "LAW", "Charter School Expansion Act")  # two laws fit "charter": neither is taken
    found = find_claims("Lawmakers passed the charter law in 1993.", mentions, RULES, corpus_entities=(law, other))
    assert [c for c in found if c.kind == "date"] == []


def test_beginnings_are_compared_whatever_the_verb():
    assert RULES.event_group("enacted") == RULES.event_group("launched") == RULES.event_group("founded")
    assert RULES.event_group("proposed") == "proposed"


def test_the_following_year_and_an_earlier_value():
    text = "In 2009-10 LAUSD had 161 charter schools; the following year there were 183 charter schools."
    assert [(c[1], c[2], c[3], c[5]) for c in timed(text, SCHOOLS_OF)] == [
        (161.0, 2009, "2009-10", "stated"), (183.0, 2010, "2010-11", "relative")]
    # "up from N schools the year before": a count of the same schools, dated by the time after it, which dates
    # no claim before it
    text = "In 2013-14, LAUSD oversaw 245 charter schools with 151,000 students, up from 228 schools the year before."
    assert [(c[0], c[1], c[2], c[5]) for c in timed(text, SCHOOLS_OF)] == [
        ("charter_schools", 245.0, 2013, "stated"), ("charter_students", 151000.0, 2013, "stated"),
        ("charter_schools", 228.0, 2012, "relative")]


def test_counts_in_one_phrase_share_the_time_after_them():
    text = "LAUSD had 274 charter schools enrolling 148,697 students in 2015-16."
    assert [(c[1], c[2]) for c in timed(text, SCHOOLS_OF)] == [(274.0, 2015), (148697.0, 2015)]
    text = "LAUSD now counts 640,000 students, down from a peak of 737,000 students in 2002."
    assert [(c[1], c[2], c[5]) for c in timed(text, SCHOOLS_OF, "2014-05")][0] == (640000.0, 2014, "published")
    assert counts("LAUSD grew to 1,000 schools.", SCHOOLS_OF) == [("schools", 1000.0, None, "1,000 schools")]


@pytest.mark.parametrize("text, expected", [
    ("Charter schools in LAUSD totaled 198 in 2011-12.", ("charter_schools", 198.0, "Charter schools in LAUSD totaled 198")),
    ("By 2014-15 the number of LAUSD charters had grown to 264.", ("charter_schools", 264.0, "charters had grown to 264")),
    ("About the Camino Network: Founded in 2005, the Network runs schools.", None),
])
def test_the_subject_of_a_verb_of_amount_is_what_is_counted(text, expected):
    names = present(text, {**SCHOOLS_OF, "Camino Network": "ORG"})
    if expected is None:  # a lead participle after a colon dates the name after it
        assert [(d[0], d[3]) for d in dates(text, names)] == [("Camino Network", 2005.0)]
        return
    assert [(c[0], c[1], c[3]) for c in counts(text, names)] == [expected]


@pytest.mark.parametrize("text", [
    "LAUSD charter schools numbered among the best in 2015.",  # no number after the verb
    "LAUSD charters reached 40 percent of the district's students.",  # a percentage
    "LAUSD charter schools, founded by parents, reached 12 neighborhoods.",  # a comma breaks the link
])
def test_a_verb_of_amount_that_counts_nothing(text):
    assert [c for c in counts(text, present(text, SCHOOLS_OF)) if c[0] != "date"] == []


def test_a_count_with_no_subject_but_elsewhere_words_is_not_the_districts():
    (claim,) = claims_in("Statewide, 1,250 charter schools were open in 2016-17.")
    assert (claim.measure, claim.subject_id, claim.about_district) == ("charter_schools", None, 0)
    (claim,) = claims_in("In 2016-17, 279 charter schools were open.")
    assert (claim.subject_id, claim.about_district) == (None, None)  # the conflicts engine takes it as the district's


# --- shapes read from the third set (claims3), in sentences of their own -------------------------------------

@pytest.mark.parametrize("text, value, written", [
    ("LAUSD enrolled a quarter of a million students in its high schools.", 250000.0, "a quarter of a million"),
    ("LAUSD ran half a dozen pilot schools.", 6.0, "half a dozen"),
    ("LAUSD opened four dozen magnet schools.", 48.0, "four dozen"),
])
def test_a_number_written_as_a_round_unit_or_a_fraction(text, value, written):
    (claim,) = claims_in(text, SCHOOLS_OF)
    assert (claim.value, claim.value_text) == (value, written)


def test_a_number_written_in_a_round_unit_is_good_only_to_that_unit():
    low, high = tolerance(36, "about", RULES, "charter_schools", "three dozen")
    assert low <= 31 and high >= 41  # "about three dozen" holds 33
    low, high = tolerance(36, "about", RULES, "charter_schools", "36")
    assert low > 33  # "about 36" does not
    low, high = tolerance(250_000, None, RULES, "district_students", "a quarter of a million")
    assert low <= 240_000 and high >= 260_000
    assert tolerance(250_000, None, RULES, "district_students", "250,000") == (247_500, 252_500)


def test_the_system_stands_for_the_district():
    (claim,) = claims_in("Officials said the school system now enrolls roughly 590,000 students.", (), "2018-02")
    assert (claim.measure, claim.value, claim.about_district, claim.qualifier) == (
        "district_students", 590000.0, 1, "roughly")


@pytest.mark.parametrize("text, published, year", [
    ("This fall the district oversees 281 charters.", "2017-10-02", 2017),  # fall 2017 opens 2017-18
    ("This spring LAUSD counts 281 charters.", "2018-04-11", 2017),  # spring 2018 closes 2017-18
])
def test_this_season_is_the_school_year_it_falls_in(text, published, year):
    assert [(c[1], c[2], c[3], c[5]) for c in timed(text, present(text, SCHOOLS_OF), published)] == [
        (281.0, year, f"{year}-{(year + 1) % 100:02}", "relative")]


def test_what_a_count_will_be_is_a_count_but_what_will_open_is_not():
    text = "By June the tally will be 152,300 students in charter schools."
    assert counts(text) == [("charter_students", 152300.0, None, "152,300 students in charter schools")]
    assert counts("LAUSD will open 15 charter schools.", SCHOOLS_OF) == []
    assert counts("LAUSD will be adding 15 charter schools.", SCHOOLS_OF) == []


def test_then_points_back_to_the_passages_last_time():
    sentences = [("That was 2007-08.", []), ("LAUSD enrolled 694,000 students then.", mentions_of(
        "LAUSD enrolled", SCHOOLS_OF)[0])]
    found = read_passage(sentences, RULES, "2016", district_id=1)
    assert [(c.value, c.start_year, c.time.source) for c in found[1]] == [(694000.0, 2007, "stated")]
    # "then" inside a clause orders events: it dates nothing
    sentences = [("That was 2007-08.", []), ("LAUSD then enrolled 694,000 students.", mentions_of(
        "LAUSD then", SCHOOLS_OF)[0])]
    found = read_passage(sentences, RULES, "2016", district_id=1)
    assert [(c.start_year, c.time.source) for c in found[1]] == [(2016, "published")]


def test_a_later_count_of_the_same_students_in_one_sentence():
    text = "In 2012-13, 120,000 students were in charters, and by 2013-14 it was 131,500 students."
    assert [(c[0], c[1], c[2]) for c in timed(text)] == [("charter_students", 120000.0, 2012),
                                                         ("charter_students", 131500.0, 2013)]


def test_schools_a_programme_reaches_are_no_total_but_the_schools_students_are_in_are():
    text = "The Ortega Fund paid for tutoring in 25 schools."
    assert counts(text, {"Ortega Fund": "ORG"}) == []
    text = "The Camino Network enrolls 9,000 students in 21 schools."
    assert [c[1] for c in counts(text, {"Camino Network": "ORG"})] == [9000.0, 21.0]


@pytest.mark.parametrize("sentences, expected", [
    # the time between "signed into law" and what it dates
    ([("The governor signed into law in May 2014 the Student Success Act, which changed funding.",
       {"Student Success Act": "LAW"})], ("Student Success Act", "signed", 2014.0)),
    # a name and a colon before a lead participle
    ([("Pilot Schools: launched in March 2008, the program let schools set budgets.", {"Pilot Schools": "REFORM"})],
     ("Pilot Schools", "launched", 2008.0)),
    # "it" for what the sentence before named
    ([("The Camino Network runs six schools in Pacoima.", {"Camino Network": "ORG", "Pacoima": "GPE"}),
      ("Two teachers founded it in 2003.", {})], ("Camino Network", "founded", 2003.0)),
])
def test_more_shapes_of_a_date_claim(sentences, expected):
    found = []
    state = PassageState()
    for text, names in sentences:
        found += claims_in(text, names, state=state)
    # the subject as named (the one "it" stands for is named in the sentence before)
    assert [(c.subject_text, c.verb, c.value) for c in found if c.kind == "date"] == [expected]


@pytest.mark.parametrize("text, phrase, year", [
    ("The state's charter statute dates from the 1990s; the governor signed it in 1992.", "state's charter statute",
     1992.0),
    ("Back then the state charter statute passed in 1993, after a long fight.", "the state charter statute",
     1993.0),
])
def test_a_date_of_a_law_the_document_describes_but_never_names(text, phrase, year):
    (claim,) = [c for c in claims_in(text) if c.kind == "date"]
    assert (claim.subject_id, claim.subject_text, claim.value) == (None, phrase, year)


@pytest.mark.parametrize("text", [
    "The law passed in 1992 after a long fight.",  # no word of its own: no subject to compare
    "Then the governor signed it in 1992.",  # nothing named before "it"
    "The state budget plan grew in 2012.",  # no verb of date_verbs
])
def test_no_date_claim_without_a_subject_to_compare(text):
    assert [c for c in claims_in(text) if c.kind == "date"] == []


def test_a_possessive_far_before_the_number_does_not_make_it_someone_s():
    names = {"LAUSD": ("ORG", LAUSD)}
    assert counts("By my count there are 264 charter schools in LAUSD.", names) == [
        ("charter_schools", 264.0, None, "264 charter schools")]
    assert counts("My 30 students and her own three schools waited.") == []


def test_a_hundred_and_a_relative_clause_of_amount():
    assert words_value("a hundred and twenty thousand") == 120000
    assert counts("LAUSD had more than a hundred and twenty thousand charter students.", {"LAUSD": ("ORG", LAUSD)}) \
        == [("charter_students", 120000.0, "more than", "more than a hundred and twenty thousand charter students")]
    assert counts("The district's pilot schools, which number 47 this fall, share one idea.")[0][:2] == (
        "pilot_schools", 47.0)
    assert counts("Voters passed Proposition 39 in 2000.") == []  # a name's number is no count


def test_a_sentence_opened_by_a_relative_time_or_those_students_continues_the_count_before():
    found = read_passage([
        ("In the 2016-17 school year the district was answerable for 279 charter schools enrolling 154,653 pupils.",
         []),
        ("A year earlier the portfolio had stood at 274 schools and 139,400 pupils.", []),
        ("Those students attend 270 campuses.", [])], RULES, "2017")
    assert [(c.measure, c.value, c.start_year) for cs in found for c in cs if c.value in (274, 139400, 270)] == [
        ("charter_schools", 274.0, 2015), ("charter_students", 139400.0, 2015), ("charter_schools", 270.0, 2015)]


def test_a_date_in_a_season_after_a_relative_clause():
    assert dates("Parents organised during LEARN, which the school board adopted in the summer of 1993.",
                 {"LEARN": ("REFORM", "LEARN")})[0][3:5] == (1993.0, "stated")


def test_a_count_after_statewide_is_not_the_district_s_though_los_angeles_follows():
    [claim] = [c for c in find_claims("Statewide there were about 240 charters that year, so Los Angeles held one in "
                                      "seven of them.", rules=RULES, published="2017-05-01") if c.kind == "count"]
    assert claim.about_district == 0


def test_a_difference_between_sources_is_no_count():
    assert [c for c in find_claims("Where the two sources differed by fewer than 200 students we used the district's "
                                   "number.", rules=RULES, published="2017-05-01") if c.kind == "count"] == []


def test_district_enrollment_before_a_count_of_students_makes_it_the_district_s():
    [claim] = find_claims("District enrollment stood at 746,852 students in 2003-04.", rules=RULES,
                          published="2017-05-01")
    assert (claim.measure, claim.value, claim.time.start_year) == ("district_students", 746_852, 2003)
