"""Conflicts: each claim against the data series for its time and against the other documents' claims."""

import pytest

from conftest import CORPUS, built_until, write_document
from loaders.claims import read_claim_rules
from loaders.conflicts import against_claims, against_series, school_years
from test_tables import HEADER

RULES = read_claim_rules(CORPUS)


def claim(id=1, value=33, measure="charter_schools", qualifier=None, start_year=1999, school_year=None, month=None,
          time_source="stated", time_precision="year", document_id=1, kind="count", subject_id=None,
          about_district=1, event=None):
    return {"id": id, "value": value, "measure": measure, "qualifier": qualifier, "start_year": start_year,
            "school_year": school_year, "month": month, "time_source": time_source, "time_precision": time_precision,
            "document_id": document_id, "passage_id": 10 * id, "kind": kind, "subject_id": subject_id,
            "about_district": about_district, "event": event, "source": f"document {document_id} ¶{id}"}


def series_row(start_year, value, measure="charter_schools", series="district"):
    return {"measure": measure, "start_year": start_year, "school_year": f"{start_year}-{(start_year + 1) % 100:02}",
            "series": series, "value": value, "source": f"{series} source", "document_id": 1, "table_id": 1,
            "line": 5, "file": None}


SERIES = [series_row(1998, 21), series_row(1999, 33), series_row(1998, 14_878, "charter_students"),
          series_row(1999, 22_937, "charter_students"), series_row(1999, 30, series="directory")]


@pytest.mark.parametrize("fields,years", [
    ({"school_year": "1999-00"}, [1999]),  # a school year names one
    ({"month": 12}, [1999]),  # December 1999: the school year 1999-00
    ({"month": 3}, [1998]),  # March 1999: the school year 1998-99
    ({}, [1998, 1999]),  # a bare year straddles two
    ({"time_source": "unknown", "start_year": None}, []),  # never compared with a guessed year
    ({"time_precision": "decade"}, []),  # "the 1990s": too vague to compare
])
def test_the_school_years_a_claim_may_be_about(fields, years):
    assert school_years(claim(**fields)) == years


def test_a_true_count_agrees_and_a_false_one_disagrees():
    rows = {(r["claim_id"], r["compared_series"]): r for r in against_series(
        [claim(1, 33, school_year="1999-00"), claim(2, 45, month=12)], SERIES, RULES)}
    assert rows[1, "district"]["status"] == "agrees" and rows[1, "district"]["difference"] == 0
    assert rows[1, "directory"]["status"] == "disagrees"  # the directory counts 30
    false = rows[2, "district"]
    assert (false["status"], false["compared_value"], false["difference"]) == ("disagrees", 33, -12)
    assert false["relative_difference"] == round(-12 / 45, 4)


def test_the_qualifier_sets_the_tolerance():
    rows = against_series([claim(1, 23_000, "charter_students", "about", school_year="1999-00"),
                           claim(2, 24_000, "charter_students", "almost", school_year="1999-00"),
                           claim(3, 20_000, "charter_students", "more than", school_year="1999-00")], SERIES, RULES)
    assert [r["status"] for r in rows] == ["within tolerance", "disagrees", "within tolerance"]


def test_a_bare_year_keeps_the_closer_school_year():
    (row,) = against_series([claim(1, 22_000, "charter_students", "almost")], SERIES, RULES)  # "in 1999"
    assert (row["start_year"], row["compared_value"], row["status"]) == (1999, 22_937, "disagrees")
    (row,) = against_series([claim(1, 15_000, "charter_students", "about")], SERIES, RULES)
    assert (row["start_year"], row["status"]) == (1998, "within tolerance")


def test_a_claim_of_unknown_time_is_compared_with_nothing():
    assert against_series([claim(1, 45, start_year=None, time_source="unknown")], SERIES, RULES) == []
    assert against_claims([claim(1, 45, start_year=None, time_source="unknown"), claim(2, 33, document_id=2)],
                          RULES) == []


def test_claims_of_two_documents_on_one_measure_and_year_meet():
    rows = against_claims([claim(1, 264, school_year="2014-15", start_year=2014),
                           claim(2, 274, start_year=2015, document_id=2),  # "in 2015": 2014-15 or 2015-16
                           claim(3, 264, school_year="2014-15", start_year=2014, document_id=3),
                           claim(4, 264, school_year="2014-15", start_year=2014)], RULES)  # same document as 1
    pairs = {(r["claim_id"], r["compared_claim_id"]): r["status"] for r in rows}
    assert pairs == {(1, 2): "disagrees", (1, 3): "agrees", (2, 3): "disagrees", (2, 4): "disagrees",
                     (3, 4): "agrees"}


def test_a_paragraph_reprinted_word_for_word_is_no_second_source():
    said = "In 1999 the district had 33 charter schools."
    a, b = claim(1, 33, document_id=1), claim(2, 33, document_id=2)
    c = claim(3, 40, document_id=3)
    rows = against_claims([{**a, "passage": said}, {**b, "passage": said}, {**c, "passage": "It had 40 in 1999."}],
                          RULES)
    assert [(r["claim_id"], r["compared_claim_id"], r["status"]) for r in rows] == [(1, 3, "disagrees"),
                                                                                   (2, 3, "disagrees")]


def test_the_pairs_compared_are_every_pair_that_shares_a_school_year_in_order():
    import itertools
    import random

    from loaders.conflicts import candidate_pairs, shared_school_years

    rng = random.Random(16)
    times = [{"school_year": "1999-00"}, {"month": 12}, {"month": 3}, {}, {"time_precision": "decade"},
             {"time_source": "unknown", "start_year": None}]
    group = [claim(i, **{"start_year": rng.choice([1998, 1999, 2000]), **rng.choice(times)}) for i in range(1, 60)]
    wanted = [(i, j) for i, j in itertools.combinations(range(len(group)), 2)
              if shared_school_years(group[i], group[j])]
    assert [pair for pair in candidate_pairs(group, False) if shared_school_years(*(group[k] for k in pair))] == wanted
    assert list(candidate_pairs(group, True)) == list(itertools.combinations(range(len(group)), 2))


def test_dates_meet_dates_of_the_same_event():
    law = dict(kind="date", measure="date", subject_id=7, about_district=0, event="signed")
    rows = against_claims([claim(1, 1992, **law), claim(2, 1993, document_id=2, **law),
                           claim(3, 1992, document_id=3, **law),
                           claim(4, 1990, document_id=4, **{**law, "event": "proposed"})], RULES)
    assert {(r["claim_id"], r["compared_claim_id"]): r["status"] for r in rows} == {
        (1, 2): "disagrees", (1, 3): "agrees", (2, 3): "disagrees"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A district table and three articles with planted claims, built through the conflicts stage."""
    corpus = tmp_path_factory.mktemp("planted") / "corpus"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "gazetteer.yml").write_text("- name: Los Angeles Unified School District\n  type: ORG\n"
                                          "  aliases: [LAUSD]\n- name: Charter Schools Act\n  type: LAW\n"
                                          "  aliases: []\n")
    write_document(corpus, "paper", "Before the table.\n\n" + HEADER + "\n1998-99\t5\t3,598\t16\t11,280\t21\t14,878\n"
                   "1999-2000\t7\t4,137\t26\t18,800\t33\t22,937\n\nFigure: 1 Charter School Growth and Enrollment"
                   "\n\nSource: LAUSD Charter Schools Division\n\nAfter.", published="2001-05-01")
    write_document(corpus, "true-story", """
        In the 1999-2000 school year, LAUSD had 33 charter schools.

        In the 1999-2000 school year, LAUSD had about 23,000 charter school students.

        The Charter Schools Act was signed in 1992.
        """, published="2000-06-01")
    write_document(corpus, "false-story", """
        In December 1999, LAUSD had 45 charter schools.

        The Charter Schools Act was signed in 1994.
        """, published="2000-02-01")
    write_document(corpus, "undated", """
        LAUSD had 60 charter schools, a board member said.
        """)
    db = built_until(corpus, "conflicts")
    return db


def conflicts_of(db, slug):
    return {(r["text"], r["compared_series"], r["compared_value"]): r["status"] for r in db.query(
        """select c.text, f.compared_series, f.compared_value, f.status from conflicts f join claims c
        on c.id = f.claim_id join documents d on d.id = f.document_id where d.slug = ?""", [slug])}


@pytest.mark.stage
def test_planted_contradictions_are_flagged_and_true_statements_are_not(planted):
    true = conflicts_of(planted, "true-story")
    assert true[("33 charter schools", "district", 33)] == "agrees"
    assert true[("about 23,000 charter school students", "district", 22937)] == "within tolerance"
    false = conflicts_of(planted, "false-story")
    assert false[("45 charter schools", "district", 33)] == "disagrees"  # December 1999: the school year 1999-00
    dates = [({r["claimed"], r["compared_value"]}, r["status"]) for r in planted.query(
        "select claimed, compared_value, status from conflicts where measure = 'date'")]
    assert dates == [({1992, 1994}, "disagrees")]


@pytest.mark.stage
def test_a_claim_whose_time_is_unknown_is_kept_and_compared_with_nothing(planted):
    (undated,) = planted.query("select c.* from claims c join documents d on d.id = c.document_id "
                               "where d.slug = 'undated'")
    assert (undated["value"], undated["time_source"], undated["start_year"]) == (60, "unknown", None)
    assert not planted.execute("select count(*) from conflicts where claim_id = ? or compared_claim_id = ?",
                               [undated["id"], undated["id"]]).fetchone()[0]


def test_full_corpus_the_seeds_disagreements_are_found_with_their_passages(full_db):
    found = {(r["text"], r["compared_series"], r["compared_value"]): r["status"] for r in full_db.query(
        "select c.text, f.compared_series, f.compared_value, f.status from conflicts f join claims c "
        "on c.id = f.claim_id")}
    assert found[("fourteen charter schools", "district", 10)] == "disagrees"  # one year after the act: 1994-95
    assert found[("approximately 13,000 students", "district", 5685)] == "disagrees"
    assert found[("210 charter schools", "district", 228)] == "disagrees"  # December 2012: 2012-13
    assert found[("264 charters", "district", 264)] == "agrees"  # 2015: 2014-15 is the closer school year
    assert found[("almost 151,000 young people", "district", 148697)] == "within tolerance"  # 2015-16
    law = [r for r in full_db.query("select c.text, f.claimed, f.compared_value, f.status from conflicts f "
                                    "join claims c on c.id = f.claim_id where f.measure = 'date'")]
    assert any({r["claimed"], r["compared_value"]} == {1992, 1993} and r["status"] == "disagrees" for r in law)
    for row in full_db.query("select c.text, c.start, c.end, p.text as passage from conflicts f join claims c "
                             "on c.id = f.claim_id join passages p on p.id = f.passage_id"):
        assert row["passage"][row["start"]:row["end"]] == row["text"]


def test_two_bare_calendar_years_meet_only_when_they_are_the_same():
    assert against_claims([claim(1, 3069, "charter_students", start_year=1993),
                           claim(2, 13000, "charter_students", "approximately", start_year=1994, document_id=2)],
                          RULES) == []


def test_a_series_that_only_bounds_a_count_is_met_by_its_nearer_bound():
    # the directory lists 59 charters open in 1993-94, but dates only 2 of them as charters (the others are schools
    # older than the charter law): a claim between 2 and 59 is within tolerance, one outside meets the nearer bound
    bounded = [{**series_row(1993, 59, series="directory"), "low": 2}]
    rows = {r["claim_id"]: r for r in against_series(
        [claim(1, 7, school_year="1993-94", start_year=1993), claim(2, 70, school_year="1993-94", start_year=1993),
         claim(3, 1, school_year="1993-94", start_year=1993)], bounded, RULES)}
    assert (rows[1]["status"], rows[1]["compared_value"], rows[1]["difference"]) == ("within tolerance", 7, 0)
    assert (rows[2]["status"], rows[2]["compared_value"]) == ("disagrees", 59)
    assert (rows[3]["status"], rows[3]["compared_value"]) == ("disagrees", 2)


def test_a_claim_with_no_subject_meets_the_districts_claims():
    # "268 charter campuses" with no owner written is the district's, as "the district's 274 charters" is
    rows = against_claims([claim(1, 274, school_year="2015-16", start_year=2015, about_district=1, subject_id=5),
                           claim(2, 268, school_year="2015-16", start_year=2015, document_id=2, about_district=None),
                           claim(3, 300, school_year="2015-16", start_year=2015, document_id=3, about_district=0,
                                 subject_id=9)], RULES)  # another organisation's schools
    assert {(r["claim_id"], r["compared_claim_id"]): r["status"] for r in rows} == {(1, 2): "disagrees"}


def test_a_count_that_is_not_the_districts_meets_no_district_series():
    statewide = claim(1, 1250, school_year="1999-00", about_district=0)
    other = claim(2, 21, school_year="1999-00", about_district=0, subject_id=9)  # a network's schools
    assert against_series([statewide, other], SERIES, RULES) == []
    assert [r["claim_id"] for r in against_series([claim(3, 33, school_year="1999-00", about_district=None)],
                                                  SERIES, RULES)] == [3, 3]  # no subject: the district's


# --- near misses and contradictions of the third set (claims3), in figures of their own -----------------------

def pair_status(a, b):
    return {(r["claim_id"], r["compared_claim_id"]): r["status"] for r in against_claims([a, b], RULES)}


@pytest.mark.parametrize("a, b, expected", [
    # a round unit in words: "about three dozen" holds 33; "about 36" in digits does not
    (claim(1, 33, school_year="1999-00"), {**claim(2, 36, "charter_schools", "about", school_year="1999-00",
                                                   document_id=2), "value_text": "three dozen"}, "within tolerance"),
    (claim(1, 33, school_year="1999-00"), {**claim(2, 36, "charter_schools", "about", school_year="1999-00",
                                                   document_id=2), "value_text": "36"}, "disagrees"),
    # "a quarter of a million" holds 243,000, not 200,000
    (claim(1, 243_000, "district_students", school_year="2010-11"),
     {**claim(2, 250_000, "district_students", school_year="2010-11", document_id=2),
      "value_text": "a quarter of a million"}, "within tolerance"),
    (claim(1, 200_000, "district_students", school_year="2010-11"),
     {**claim(2, 250_000, "district_students", school_year="2010-11", document_id=2),
      "value_text": "a quarter of a million"}, "disagrees"),
    # "more than" a figure holds one a little above it; "some" and "more than" ranges that overlap agree
    (claim(1, 151_220, "charter_students", school_year="2016-17"),
     claim(2, 150_000, "charter_students", "more than", school_year="2016-17", document_id=2), "within tolerance"),
    (claim(1, 281, school_year="2017-18"), claim(2, 275, qualifier="more than", school_year="2017-18",
                                                 document_id=2), "within tolerance"),
    (claim(1, 585_000, "district_students", "some", school_year="2017-18"),
     claim(2, 575_000, "district_students", "more than", school_year="2017-18", document_id=2), "within tolerance"),
    # … but not one below it
    (claim(1, 268, school_year="2017-18"), claim(2, 275, qualifier="more than", school_year="2017-18",
                                                 document_id=2), "disagrees"),
])
def test_near_misses_are_never_flagged_and_misses_are(a, b, expected):
    assert pair_status(a, b) == {(1, 2): expected}


def test_a_month_and_a_bare_year_of_the_same_date_agree():
    law = dict(kind="date", measure="date", subject_id=7, about_district=0, event="enacted")
    assert pair_status(claim(1, 2004, month=6, time_precision="month", **law),
                       claim(2, 2004, document_id=2, **law)) == {(1, 2): "agrees"}
    assert pair_status(claim(1, 2004, month=6, time_precision="month", **law),
                       claim(2, 2005, document_id=2, **law)) == {(1, 2): "disagrees"}


def unnamed(id, year, phrase, document_id):
    return {**claim(id, year, kind="date", measure="date", about_district=None, event="enacted",
                    document_id=document_id), "subject_text": phrase}


def test_dates_of_a_law_described_but_not_named_meet_by_their_words():
    assert pair_status(unnamed(1, 1991, "California's voucher statute", 1),
                       unnamed(2, 1994, "the state voucher statute", 2)) == {(1, 2): "disagrees"}
    # other words, or none but the noun: no pair
    assert pair_status(unnamed(1, 1991, "the voucher statute", 1), unnamed(2, 1994, "the funding statute", 2)) == {}
    assert pair_status(unnamed(1, 1991, "the law", 1), unnamed(2, 1994, "the law", 2)) == {}
    # a phrase meets a named law whose name holds its words
    named = {**claim(2, 1994, kind="date", measure="date", subject_id=7, about_district=0, event="enacted",
                     document_id=2), "subject_name": "Voucher Statute of 1991", "subject_entity_type": "LAW"}
    assert pair_status(unnamed(1, 1991, "the voucher statute", 1), named) == {(1, 2): "disagrees"}
    assert pair_status(unnamed(1, 1991, "the funding statute", 1), named) == {}  # words the name lacks
    assert pair_status(unnamed(1, 1991, "the voucher program", 1), named) == {}  # a program is a reform, not a law
