"""Roles: person – role – organisation – year read from the sentences' mentions and corpus/roles.yml."""

import pytest

from conftest import CORPUS, built_until, own_knowledge_file, write_document
from loaders.errors import CorpusError
from loaders.roles import Mention, find_roles, read_role_rules

RULES = read_role_rules(CORPUS)


def mentions_of(text, names):
    """Mentions of names {surface: type or (type, canonical name)}, each at its first occurrence in text; ids from
    1 in order. → (mentions, {id: canonical name})."""
    mentions, by_id = [], {}
    for entity_id, (surface, kind) in enumerate(names.items(), start=1):
        kind, name = kind if isinstance(kind, tuple) else (kind, surface)
        start = text.index(surface)
        mentions.append(Mention(entity_id, kind, name, start, start + len(surface)))
        by_id[entity_id] = name
    return mentions, by_id


def roles_in(text, names, published=None, document_organizations=()):
    """find_roles on text whose mentions are names {surface: type or (type, canonical name)}, each found at its
    first occurrence; → [(person, role, organisation, start_year, end_year, year_source, past_marker)], the
    person and organisation by canonical name. document_organizations: canonical names, most-mentioned first."""
    mentions, by_id = mentions_of(text, names)
    others = {100 + i: name for i, name in enumerate(document_organizations)}
    by_id.update(others)
    found = find_roles(text, mentions, RULES, published, tuple(others.items()))
    for role in found:
        assert text[role.start:role.end] == role.text
    return [(by_id[r.person_id], r.role, by_id.get(r.organization_id), r.start_year, r.end_year, r.year_source,
             r.past_marker) for r in found]


def test_title_before_the_name():
    assert roles_in("Superintendent Ramon Cortines spoke.", {"Ramon Cortines": "PERSON"}, 2015) == [
        ("Ramon Cortines", "superintendent", None, 2015, None, "published", None)]
    assert roles_in("It was board member Yolie Flores Aguilar who asked.", {"Yolie Flores Aguilar": "PERSON"}) == [
        ("Yolie Flores Aguilar", "board member", None, None, None, None, None)]


def test_organisation_before_the_role():
    assert roles_in("UTLA President A.J. Duffy objected.", {"UTLA": "ORG", "A.J. Duffy": "PERSON"}, 2008) == [
        ("A.J. Duffy", "president", "UTLA", 2008, None, "published", None)]
    text = "LAUSD board member Mónica García voted no."
    assert roles_in(text, {"LAUSD": "ORG", "Mónica García": "PERSON"})[0][:3] == (
        "Mónica García", "board member", "LAUSD")
    assert roles_in("Los Angeles Mayor Antonio Villaraigosa spoke.",
                    {"Los Angeles": "GPE", "Antonio Villaraigosa": "PERSON"})[0][:3] == (
        "Antonio Villaraigosa", "mayor", "Los Angeles")
    assert roles_in("Mayor Antonio Villaraigosa spoke.", {"Antonio Villaraigosa": "PERSON"})[0][:3] == (
        "Antonio Villaraigosa", "mayor", None)


def test_former_dates_the_end():
    text = "Mass Insight hosted former Boston Public Schools superintendent Mike Contompasis."
    assert roles_in(text, {"Mass Insight": "ORG", "Boston Public Schools": "ORG", "Mike Contompasis": "PERSON"},
                    2012) == [("Mike Contompasis", "superintendent", "Boston Public Schools", None, 2012, "published",
                               "former")]
    assert roles_in("In 2010, ex-superintendent Roy Romer said so.", {"Roy Romer": "PERSON"}, 2015) == [
        ("Roy Romer", "superintendent", None, None, 2010, "stated", "ex")]
    assert roles_in("Mike Contompasis, former Boston Public Schools superintendent, wrote.",
                    {"Mike Contompasis": "PERSON", "Boston Public Schools": "ORG"})[0][:3] == (
        "Mike Contompasis", "superintendent", "Boston Public Schools")


def test_then_and_past_tense_are_held_then_over_by_the_time_of_writing():
    assert roles_in("In 2005, then-Superintendent Roy Romer built schools.", {"Roy Romer": "PERSON"}, 2015) == [
        ("Roy Romer", "superintendent", None, 2005, None, "stated", "then")]
    assert roles_in("Then-Superintendent Roy Romer built schools.", {"Roy Romer": "PERSON"}, 2015) == [
        ("Roy Romer", "superintendent", None, None, 2015, "published", "then")]
    assert roles_in("Judy Burton was the Assistant Superintendent in charge of LEARN.",
                    {"Judy Burton": "PERSON", "LEARN": "REFORM"}, 2015) == [
        ("Judy Burton", "assistant superintendent", None, None, 2015, "published", "was")]


def test_appositive_with_possessive_organisation():
    text = "Marshall Tuck, the Partnership's chief executive, disagreed."
    named = {"Marshall Tuck": "PERSON", "Partnership": ("ORG", "Partnership for Los Angeles Schools")}
    assert roles_in(text, named)[0][:3] == ("Marshall Tuck", "chief executive", "Partnership for Los Angeles Schools")
    # not found as a name: the word stands for the document's organisation whose name holds it
    assert roles_in(text, {"Marshall Tuck": "PERSON"},
                    document_organizations=["Green Dot", "Partnership for Los Angeles Schools"])[0][:3] == (
        "Marshall Tuck", "chief executive", "Partnership for Los Angeles Schools")


def test_the_district_is_the_nearest_district_of_the_sentence_else_the_documents():
    text = "John Deasy, the district's superintendent, met LAUSD parents."
    named = {"John Deasy": "PERSON", "LAUSD": ("ORG", "Los Angeles Unified School District")}
    assert roles_in(text, named, document_organizations=["Dallas Independent School District"])[0][:3] == (
        "John Deasy", "superintendent", "Los Angeles Unified School District")
    assert roles_in(text.replace("LAUSD ", ""), {"John Deasy": "PERSON"},
                    document_organizations=["Green Dot", "Los Angeles Unified School District"])[0][:3] == (
        "John Deasy", "superintendent", "Los Angeles Unified School District")
    assert roles_in(text.replace("LAUSD ", ""), {"John Deasy": "PERSON"})[0][:3] == (
        "John Deasy", "superintendent", None)


def test_organisation_after_of_or_at():
    assert roles_in("Caprice Young, president of the board, voted.", {"Caprice Young": "PERSON"},
                    document_organizations=["Los Angeles Board of Education"])[0][:3] == (
        "Caprice Young", "president", "Los Angeles Board of Education")
    assert roles_in("When I interviewed Tim Brown, CEO of the design firm IDEO, he said.",
                    {"Tim Brown": "PERSON", "IDEO": "ORG"})[0][:3] == ("Tim Brown", "ceo", "IDEO")
    assert roles_in("Jane Roe, a teacher at Locke High School, left.",
                    {"Jane Roe": "PERSON", "Locke High School": "ORG"})[0][:3] == (
        "Jane Roe", "teacher", "Locke High School")


def test_predicates_and_stated_years():
    assert roles_in("Roy Romer became superintendent in 2000.", {"Roy Romer": "PERSON"}, 2015) == [
        ("Roy Romer", "superintendent", None, 2000, None, "stated", None)]
    assert roles_in("Roy Romer, superintendent from 2000 to 2006, built schools.", {"Roy Romer": "PERSON"})[0][3:6] \
        == (2000, 2006, "stated")
    assert roles_in("Roy Romer served as superintendent until 2006.", {"Roy Romer": "PERSON"})[0][3:7] == (
        None, 2006, "stated", "served as")
    # "by 2019-20" is a deadline, not a year the role was held
    assert roles_in("Superintendent Ramon Cortines projected a deficit by 2019-20.", {"Ramon Cortines": "PERSON"},
                    2015)[0][3:6] == (2015, None, "published")


def test_founders():
    assert roles_in("Steve Barr, who founded Green Dot in 2000, spoke.",
                    {"Steve Barr": "PERSON", "Green Dot": "ORG"}, 2015) == [
        ("Steve Barr", "founder", "Green Dot", 2000, None, "stated", None)]
    assert roles_in("Green Dot, founded by Steve Barr, grew.", {"Green Dot": "ORG", "Steve Barr": "PERSON"})[0][:3] \
        == ("Steve Barr", "founder", "Green Dot")
    assert roles_in("Steve Barr founded a school.", {"Steve Barr": "PERSON"}) == []  # a founder of nothing named


def test_roles_joined_by_and_share_person_and_organisation():
    text = "Mass Insight president and founder Bill Guenther responds."
    assert [r[:3] for r in roles_in(text, {"Mass Insight": "ORG", "Bill Guenther": "PERSON"})] == [
        ("Bill Guenther", "president", "Mass Insight"), ("Bill Guenther", "founder", "Mass Insight")]


def test_an_appositive_of_two_roles():
    text = "As Robert Wycoff, the president of ARCO petroleum and LEARN's chair, said in March 1993, it was so."
    assert roles_in(text, {"Robert Wycoff": "PERSON", "ARCO": "ORG", "LEARN": "REFORM"}, 2015) == [
        ("Robert Wycoff", "president", "ARCO", 1993, None, "stated", None),
        ("Robert Wycoff", "chair", "LEARN", 1993, None, "stated", None)]


def test_plural_roles_and_qualifiers():
    text = "Board members Yolie Flores and Mónica García voted with interim superintendent Ramon Cortines."
    found = roles_in(text, {"Yolie Flores": "PERSON", "Mónica García": "PERSON", "Ramon Cortines": "PERSON"})
    assert [r[:2] for r in found] == [("Yolie Flores", "board member"), ("Mónica García", "board member"),
                                      ("Ramon Cortines", "interim superintendent")]


def test_the_role_after_a_determined_phrase_and_a_comma():
    assert roles_in("The union's president, A.J. Duffy, said no.", {"A.J. Duffy": "PERSON"},
                    document_organizations=["United Teachers Los Angeles"])[0][:3] == (
        "A.J. Duffy", "president", "United Teachers Los Angeles")


def test_an_appositive_with_an_article_and_words_before_the_role():
    text = "To lead it they hired Ana Ruiz, a former Oregon Assemblywoman who had left the legislature in 2001."
    assert roles_in(text, {"Ana Ruiz": "PERSON"}, 2005) == [
        ("Ana Ruiz", "assemblywoman", None, None, 2001, "stated", "former")]
    assert roles_in("Dana Lee, a fourth-grade teacher at Locke High School, spoke.",
                    {"Dana Lee": "PERSON", "Locke High School": "ORG"})[0][:3] == (
        "Dana Lee", "teacher", "Locke High School")
    # an organisation not found as a name still closes the appositive
    assert roles_in("Rosa Diaz, a special education teacher at Thomas Jefferson High School who coached, spoke.",
                    {"Rosa Diaz": "PERSON"})[0][:3] == ("Rosa Diaz", "teacher", None)
    text = "Superintendent Ann Cho, a former investment banker and deputy mayor who has led the district since 2018."
    assert [r[:2] for r in roles_in(text, {"Ann Cho": "PERSON"})] == [
        ("Ann Cho", "superintendent"), ("Ann Cho", "investment banker"), ("Ann Cho", "deputy mayor")]


def test_a_predicate_after_an_appositive():
    text = "Ann Cho, a former investment banker, served as president of Green Dot from 2002 to 2006 before leaving."
    assert roles_in(text, {"Ann Cho": "PERSON", "Green Dot": "ORG"}, 2014) == [
        # the years after the appositive are the presidency's, not the banker's
        ("Ann Cho", "investment banker", None, None, 2014, "published", "former"),
        ("Ann Cho", "president", "Green Dot", 2002, 2006, "stated", "served as")]
    text = "Lee, a former teacher at Crenshaw High School, was elected president of the union in 2014."
    assert roles_in(text, {"Lee": "PERSON", "Crenshaw High School": "ORG"}, 2019,
                    ["United Teachers Los Angeles"])[1] == (
        "Lee", "president", "United Teachers Los Angeles", 2014, None, "stated", None)


def test_the_role_a_person_acted_as():
    assert roles_in("When Ramon Cortines came in as interim superintendent in 2000 it got better.",
                    {"Ramon Cortines": "PERSON"}, 2015) == [
        ("Ramon Cortines", "interim superintendent", None, 2000, None, "stated", None)]
    assert roles_in("Hal Jennings, who as principal of Fremont High School split it up, died.",
                    {"Hal Jennings": "PERSON", "Fremont High School": "ORG"})[0][:3] == (
        "Hal Jennings", "principal", "Fremont High School")
    # the subject is the nearest name, not one before a clause of its own
    text = "Under Superintendent Roy Romer, whose office made the rule, Jennings was brought downtown as an adviser."
    assert [r[:2] for r in roles_in(text, {"Roy Romer": "PERSON", "Jennings": "PERSON"})] == [
        ("Roy Romer", "superintendent"), ("Jennings", "adviser")]
    assert roles_in("He was succeeded as chief executive by Marco Petruzzi.", {"Marco Petruzzi": "PERSON"})[0][:2] \
        == ("Marco Petruzzi", "chief executive")


def test_founded_in_a_year_by_and_started():
    text = "Green Dot was founded in 2000 by Steve Barr, a political organizer and co-founder of Rock the Vote."
    found = roles_in(text, {"Green Dot": "ORG", "Steve Barr": "PERSON", "Rock the Vote": "ORG"}, 2014)
    assert found[0] == ("Steve Barr", "founder", "Green Dot", 2000, None, "stated", None)
    assert ("Steve Barr", "co-founder", "Rock the Vote") in [f[:3] for f in found[1:]]
    assert roles_in("Mike Piscal started the Inner City Education Foundation in South L.A.",
                    {"Mike Piscal": "PERSON", "Inner City Education Foundation": "ORG"})[0][:3] == (
        "Mike Piscal", "founder", "Inner City Education Foundation")


def test_occupations_and_people_listed_after_a_plural():
    assert roles_in("The philanthropist Eli Broad backed the mayor.", {"Eli Broad": "PERSON"})[0][:2] == (
        "Eli Broad", "philanthropist")
    assert roles_in("By then the ambassador and publisher Walter Annenberg had given.",
                    {"Walter Annenberg": "PERSON"})[0][:2] == ("Walter Annenberg", "publisher")
    text = "Business leaders, among them Robert Wycoff of the Atlantic Richfield Co., drafted a plan."
    assert roles_in(text, {"Robert Wycoff": "PERSON", "Atlantic Richfield Co.": "ORG"})[0][:3] == (
        "Robert Wycoff", "business leader", "Atlantic Richfield Co.")


def test_aliases_abbreviations_and_a_students_year():
    assert roles_in("The board hired former Colorado Gov. Roy Romer.", {"Colorado": "GPE", "Roy Romer": "PERSON"},
                    2006) == [("Roy Romer", "governor", "Colorado", None, 2006, "published", "former")]
    assert roles_in("Luis Ochoa, a senior at Roosevelt High School, spoke.",
                    {"Luis Ochoa": "PERSON", "Roosevelt High School": "ORG"})[0][:3] == (
        "Luis Ochoa", "student", "Roosevelt High School")
    # "senior" as a qualifier stays one
    assert roles_in("Luis Ochoa, a senior vice president of Green Dot, spoke.",
                    {"Luis Ochoa": "PERSON", "Green Dot": "ORG"})[0][:3] == (
        "Luis Ochoa", "senior vice president", "Green Dot")


def test_a_title_the_entities_stage_took_for_a_name():
    assert roles_in("The plan was drafted with Assembly Speaker Fabian Núñez.",
                    {"Assembly Speaker": "ORG", "Fabian Núñez": "PERSON"})[0][:3] == (
        "Fabian Núñez", "assembly speaker", None)


def test_a_role_implies_its_kind_of_organisation():
    text = "Board member Steve Zimmer asked a question."
    assert roles_in(text, {"Steve Zimmer": "PERSON"}, document_organizations=["Board of Education"])[0][:3] == (
        "Steve Zimmer", "board member", "Board of Education")
    assert roles_in(text, {"Steve Zimmer": "PERSON"}, document_organizations=["Green Dot"])[0][:3] == (
        "Steve Zimmer", "board member", None)
    text = "Superintendent Austin Beutner, who has led L.A. Unified since May 2018, spoke."
    assert roles_in(text, {"Austin Beutner": "PERSON", "L.A. Unified": ("ORG", "Los Angeles Unified School District")},
                    2019, ["Dallas Independent School District"])[0][:6] == (
        "Austin Beutner", "superintendent", "Los Angeles Unified School District", 2018, None, "stated")
    # another place named: the document's district may not be meant
    assert roles_in("In Washington, D.C., Superintendent Kaya Henderson spoke.",
                    {"Washington, D.C.": "GPE", "Kaya Henderson": "PERSON"},
                    document_organizations=["Los Angeles Unified School District"])[0][:3] == (
        "Kaya Henderson", "superintendent", None)


def test_its_stands_for_the_organisation_named_before():
    assert roles_in("United Teachers Los Angeles and its president, A.J. Duffy, objected.",
                    {"United Teachers Los Angeles": "ORG", "A.J. Duffy": "PERSON"})[0][:3] == (
        "A.J. Duffy", "president", "United Teachers Los Angeles")
    assert roles_in("Sato met Marshall Tuck, its first chief executive, and others.",
                    {"Sato": "PERSON", "Marshall Tuck": "PERSON"})[0][:3] == ("Marshall Tuck", "chief executive", None)


def test_markers_between_the_comma_and_the_role():
    assert roles_in("In 1995 Roy Romer, then the superintendent, said no.", {"Roy Romer": "PERSON"}, 2010) == [
        ("Roy Romer", "superintendent", None, 1995, None, "stated", "then")]
    # still held when written: no marker
    assert roles_in("A.J. Duffy, then and now the union's president, signed.", {"A.J. Duffy": "PERSON"}, 2010,
                    ["United Teachers Los Angeles"]) == [
        ("A.J. Duffy", "president", "United Teachers Los Angeles", 2010, None, "published", None)]


def test_a_year_of_what_was_said_does_not_date_the_role():
    assert roles_in("Board member Richard Vladovic said he worries about students who will fall short in 2016.",
                    {"Richard Vladovic": "PERSON"}, 2012)[0][3:6] == (2012, None, "published")


def test_roles_across_a_comma_and_are_not_shared():
    text = "The deal was made by A.J. Duffy, the union's president, and then-Superintendent David Brewer."
    assert [r[:3] for r in roles_in(text, {"A.J. Duffy": "PERSON", "David Brewer": "PERSON"}, 2010,
                                    ["United Teachers Los Angeles"])] == [
        ("A.J. Duffy", "president", "United Teachers Los Angeles"), ("David Brewer", "superintendent", None)]


def test_joining_the_board_and_one_row_for_a_role_said_twice():
    text = "Marco Petruzzi, a former management consultant who had joined the board in 2003, took over."
    assert roles_in(text, {"Marco Petruzzi": "PERSON"}, 2014) == [
        ("Marco Petruzzi", "board member", None, 2003, None, "stated", None)]
    text = "Board member Steve Zimmer, who joined the board in July, voted yes."
    assert roles_in(text, {"Steve Zimmer": "PERSON"}, 2009, ["Board of Education"]) == [
        ("Steve Zimmer", "board member", "Board of Education", 2009, None, "published", None)]


@pytest.mark.parametrize("text,names", [
    ("The superintendent said the budget was short.", {}),  # no name
    ("Superintendent", {}),
    ("The superintendent said Ramon Cortines was wrong.", {"Ramon Cortines": "PERSON"}),
    ("Ramon Cortines spoke to the Superintendent's Advisory Council.",
     {"Ramon Cortines": "PERSON", "Superintendent's Advisory Council": "ORG"}),  # a role word inside a name
    ("The Board of Education heard Ramon Cortines.", {"Board of Education": "ORG", "Ramon Cortines": "PERSON"}),
    ("Ramon Cortines praised Green Dot.", {"Ramon Cortines": "PERSON", "Green Dot": "ORG"}),
    ("Superintendents and teachers met Ramon Cortines.", {"Ramon Cortines": "PERSON"}),
    ("Unlike Cortines, the superintendent cut costs.", {"Cortines": "PERSON"}),  # not an appositive
    ("Unlike Cortines, the new superintendent cut costs.", {"Cortines": "PERSON"}),
    ("Ramon Cortines was the superintendent's chief critic.", {"Ramon Cortines": "PERSON"}),  # a possessor
    ("Luis Ochoa, a senior official, spoke.", {"Luis Ochoa": "PERSON"}),  # a student's year needs a school
    ("Eli Broad is everywhere, as donor, adviser and occasional scold.", {"Eli Broad": "PERSON"}),
    ("Roy Romer saw the superintendent as a rival.", {"Roy Romer": "PERSON"}),
    ("Jane Roe, who hired Ramon Cortines, became superintendent.",  # whose? the name nearest is not the subject
     {"Jane Roe": "PERSON", "Ramon Cortines": "PERSON"}),
    ("Mike Piscal started Locke's turnaround.", {"Mike Piscal": "PERSON", "Locke": "ORG"}),
    ("Business leaders met Robert Wycoff.", {"Robert Wycoff": "PERSON"}),  # no listing
    ("Cortines spoke; his daughter, Angela Jennings, cried.", {"Cortines": "PERSON", "Angela Jennings": "PERSON"}),
])
def test_no_role(text, names):
    assert roles_in(text, names, 2015) == []


def test_an_unrelated_organisation_is_not_the_role_s():
    for text in ("Superintendent John Deasy spoke to the Broad Foundation.",
                 "At the Broad Foundation, Superintendent John Deasy spoke."):
        assert roles_in(text, {"John Deasy": "PERSON", "Broad Foundation": "ORG"})[0][:3] == (
            "John Deasy", "superintendent", None)
    # a role word inside an organisation's name is not a role; the one outside it is
    assert roles_in("Principal Financial Group chairman Dan Houston came.",
                    {"Principal Financial Group": "ORG", "Dan Houston": "PERSON"})[0][:3] == (
        "Dan Houston", "chairman", "Principal Financial Group")


def test_rules_expose_the_role_phrases():
    assert {"superintendent", "board member", "chief executive", "ceo"} <= RULES.roles
    assert isinstance(RULES.roles, frozenset)


@pytest.mark.parametrize("old,new,message", [
    ("roles: [superintendent,", "roles: [Superintendent,",
     "roles: words are written in lower case, not 'Superintendent'"),
    ("  founded: founder", "  founded: builder", "founding_verbs: 'founded' gives 'builder', which is not in roles"),
    ("end_prepositions: [until,", "end_prepositions: [before, until,", "'before' is not in year_prepositions"),
    ("qualifiers:", "qualifers:", "unknown key 'qualifers'"),
    ("  gov.: governor", "  gov.: govenor", "aliases: 'gov.' needs to be lower case and give a phrase of roles"),
    ("needs_organization: [senior,", "needs_organization: [elder, senior,", "'elder' is not in aliases"),
    ("  board member: board\n", "  board member: committee\n",
     "implied_organizations: 'board member' needs to be a phrase of roles"),
    ("  joined the board: board member", "  joined the club: board member",
     "memberships: 'joined the club' needs to end in a word of organization_nouns"),
])
def test_bad_rules_name_file_and_line(corpus, old, new, message):
    lines = own_knowledge_file(corpus, "roles.yml", old, new)
    line = next(i for i, text in enumerate(lines, start=1) if new.strip() in text)
    key_line = next(i for i in range(line, 0, -1) if not lines[i - 1].startswith(" ") and ":" in lines[i - 1])
    with pytest.raises(CorpusError) as error:
        read_role_rules(corpus)
    assert str(error.value).startswith(f"{corpus / 'roles.yml'}:{key_line}: ") and message in str(error.value)


GAZETTEER = """
- name: Green Dot Public Schools
  type: ORG
  aliases: [Green Dot]
- name: Ramon Cortines
  type: PERSON
- name: Steve Barr
  type: PERSON
"""


@pytest.mark.stage
def test_stage_writes_roles_with_their_passage(corpus):
    (corpus / "gazetteer.yml").write_text(GAZETTEER)
    write_document(corpus, "roles", """
        Superintendent Ramon Cortines met the parents. Steve Barr, who founded Green Dot in 2000, was there.

        The superintendent said nothing more.
        """, published="2015-06-17")
    db = built_until(corpus, "roles")
    rows = list(db.query(
        "select r.*, p.name as person, o.name as organization, ps.text as passage, s.text as sentence, "
        "s.start as sentence_start, s.passage_id as sentence_passage from roles r "
        "join entities p on p.id = r.person_id left join entities o on o.id = r.organization_id "
        "join passages ps on ps.id = r.passage_id join sentences s on s.id = r.sentence_id order by r.id"))
    assert [(r["person"], r["role"], r["organization"], r["start_year"], r["end_year"], r["year_source"], r["text"])
            for r in rows] == [
        ("Ramon Cortines", "superintendent", None, 2015, None, "published", "Superintendent"),
        ("Steve Barr", "founder", "Green Dot Public Schools", 2000, None, "stated", "founded")]
    for row in rows:
        assert row["passage"][row["start"]:row["end"]] == row["text"]
        assert row["sentence_passage"] == row["passage_id"]
        assert row["sentence_start"] <= row["start"] and row["end"] <= row["sentence_start"] + len(row["sentence"])
    assert db["roles_in_context"].count == 2


# --- roles the text says with a verb of work, a compound position, or an apposition ---------------------------

def test_a_verb_of_work_gives_a_role_at_the_organisation_after_at():
    text = "Odalys Ferreira-Quint, who taught chemistry at Bellweather High School for a decade, retired."
    assert roles_in(text, {"Odalys Ferreira-Quint": "PERSON", "Bellweather High School": "ORG"})[0][:3] == (
        "Odalys Ferreira-Quint", "teacher", "Bellweather High School")
    text = "Tobiah Wrenfield has taught at Corran Street Elementary since 2001."
    assert roles_in(text, {"Tobiah Wrenfield": "PERSON", "Corran Street Elementary": "ORG"})[0][:3] == (
        "Tobiah Wrenfield", "teacher", "Corran Street Elementary")
    # no organisation named after "at": no role from the verb
    assert roles_in("Tobiah Wrenfield taught his daughter to read.", {"Tobiah Wrenfield": "PERSON"}) == []


def test_a_noun_before_a_compound_head_is_part_of_the_position():
    text = "The coalition's regional director, Ines Marchetti, spoke for it."
    assert [r[1] for r in roles_in(text, {"Ines Marchetti": "PERSON"})] == ["regional director"]
    text = "Bargaining chair Ruth Okonjo-Lamb and chapter chair Dev Raman led the march."
    assert {r[:2] for r in roles_in(text, {"Ruth Okonjo-Lamb": "PERSON", "Dev Raman": "PERSON"})} == {
        ("Ruth Okonjo-Lamb", "bargaining chair"), ("Dev Raman", "chapter chair")}
    # words that describe the holder, and a past marker, are not part of the position
    assert [r[1] for r in roles_in("Its new director, Ines Marchetti, spoke.", {"Ines Marchetti": "PERSON"})] == [
        "director"]
    text = "Ines Marchetti, a former director of the fund, spoke."
    assert [r[1] for r in roles_in(text, {"Ines Marchetti": "PERSON"})] == ["director"]


def test_positions_named_by_a_compound_and_the_inspector_general():
    text = "Inspector General Harriet Vance found gaps; Public Advocates staff attorney Lino Batres agreed."
    found = roles_in(text, {"Harriet Vance": "PERSON", "Public Advocates": "ORG", "Lino Batres": "PERSON"})
    assert {r[:3] for r in found} == {("Harriet Vance", "inspector general", None),
                                      ("Lino Batres", "staff attorney", "Public Advocates")}


def test_a_verb_of_leading_gives_the_head_or_the_board_chair():
    text = "Ana Ruiz, who heads the Westlake Tenants Union, spoke."
    assert roles_in(text, {"Ana Ruiz": "PERSON", "Westlake Tenants Union": "ORG"})[0][:3] == (
        "Ana Ruiz", "head", "Westlake Tenants Union")
    text = "Harbor Prep was started by Lev Amari, who now chairs its board."
    found = roles_in(text, {"Harbor Prep": "ORG", "Lev Amari": "PERSON"})
    assert ("Lev Amari", "board chair", "Harbor Prep") in [f[:3] for f in found]
    assert ("Lev Amari", "founder", "Harbor Prep") in [f[:3] for f in found]


def test_an_age_and_a_list_after_a_plural_role():
    text = "Among them is Dara Quist, 24, a first-year algebra teacher who came through a residency."
    assert roles_in(text, {"Dara Quist": "PERSON"})[0][:2] == ("Dara Quist", "teacher")
    text = "It was founded by two former teachers, Rhea Molina and Paul Ostrow, in 2003."
    assert {f[:2] for f in roles_in(text, {"Rhea Molina": "PERSON", "Paul Ostrow": "PERSON"})} >= {
        ("Rhea Molina", "teacher"), ("Paul Ostrow", "teacher")}


def test_an_acronym_after_the_organisation_still_closes_the_appositive():
    text = "Dara Quint, the president of Harbor Teachers Guild (HTG), co-chaired it with Lee Park."
    assert roles_in(text, {"Dara Quint": "PERSON", "Harbor Teachers Guild": "ORG", "Lee Park": "PERSON"})[0][:3] \
        == ("Dara Quint", "president", "Harbor Teachers Guild")
    text = '"We will vote," said Omar Bell, president of Valley Parents United (VPU).'
    assert roles_in(text, {"Omar Bell": "PERSON", "Valley Parents United": "ORG"})[0][:3] == (
        "Omar Bell", "president", "Valley Parents United")


def test_a_role_after_my_and_a_list_after_semicolons():
    assert roles_in("My principal, Ines Boyd, told us to wait.", {"Ines Boyd": "PERSON"})[0][:2] == (
        "Ines Boyd", "principal")
    text = "Present were board members Ann Roe; Bo Chen; and Cy Dale."
    assert {r[0] for r in roles_in(text, {"Ann Roe": "PERSON", "Bo Chen": "PERSON", "Cy Dale": "PERSON"})} == {
        "Ann Roe", "Bo Chen", "Cy Dale"}


def test_a_naming_verb_gives_the_person_the_role():
    assert roles_in("The board names Ana Cruz superintendent.", {"Ana Cruz": "PERSON"})[0][:2] == (
        "Ana Cruz", "superintendent")
    assert roles_in("The board thanked Ana Cruz warmly.", {"Ana Cruz": "PERSON"}) == []


def test_a_nationality_may_describe_the_role_and_a_compound_title_is_one_role():
    text = "Pat Oyelowo, an English teacher at Locke High School for 14 years, signed."
    assert roles_in(text, {"Pat Oyelowo": "PERSON", "English": "NORP", "Locke High School": "ORG"})[0][:3] == (
        "Pat Oyelowo", "teacher", "Locke High School")
    text = "Rae Ito, president and CEO of the Hart Fund, spoke."
    assert roles_in(text, {"Rae Ito": "PERSON", "Hart Fund": "ORG"})[0][:3] == (
        "Rae Ito", "president and ceo", "Hart Fund")
