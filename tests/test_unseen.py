"""Cleaning and extraction on raw documents the rules were not written from (tests/fixtures/unseen/documents):
web pages copied as text or Markdown (LA Times, EdSource, LA School Report, The 74 styles) and report
sections copied out of PDFs (running headers, page numbers, page-foot footnotes, hyphenated line ends,
tables), plus one small document per general rule."""

import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, built_until, write_document
from loaders.documents import is_timestamp, read_cleaning_rules, read_document

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
RULES = read_cleaning_rules(CORPUS)


def fixture(slug):
    return read_document(UNSEEN / "documents" / f"{slug}.md")


def texts(doc):
    return [p.text for p in doc.passages]


def removed(doc, reason):
    return [text for _, text, r in sorted(doc.removed) if r == reason]


@pytest.fixture(scope="module")
def unseen_db(tmp_path_factory):
    """The documents and entities stages over the unseen fixtures, with the real gazetteer."""
    corpus = tmp_path_factory.mktemp("unseen") / "corpus"
    shutil.copytree(UNSEEN / "documents", corpus / "documents")
    shutil.copy(CORPUS / "gazetteer.yml", corpus / "gazetteer.yml")
    db = built_until(corpus, "entities")
    return db


def mentions(db, slug):
    """[(type, mention text, entity name)] of one document in reading order."""
    return [(r["type"], r["text"], r["name"]) for r in db.query(
        "select e.type, m.text, e.name from mentions m join entities e on e.id = m.entity_id "
        "join documents d on d.id = m.document_id where d.slug = ? order by m.passage_id, m.start", [slug])]


# --- web pages ----------------------------------------------------------------------------------------------

def test_news_page_furniture_removed_and_standfirst_kept():
    doc = fixture("latimes-public-school-choice-vote")
    assert texts(doc) == [
        "School board votes 6-1 to let charter groups, nonprofits and teams of teachers bid to run new and "
        "struggling schools",
        "The Los Angeles Board of Education on Tuesday approved a sweeping plan that could hand as many as 250 new "
        "and chronically low-performing campuses to charter operators, nonprofit groups and teams of the "
        "district’s own teachers.",
        "The Public School Choice resolution, written by board member Yolie Flores Aguilar, passed 6 to 1 after "
        "more than seven hours of public comment. Board member Marguerite LaMotte cast the lone vote against it.",
        "“We have waited a long time for a district that puts children first,” Flores Aguilar said after the vote.",
        "Under the plan, about 50 new schools scheduled to open over the next four years, along with a first group "
        "of low-performing campuses, will be offered to outside bidders. Superintendent Ramon C. Cortines will "
        "recommend the winning proposals, and the board will have the final say.",
        "The teachers union had lobbied hard against the measure. A.J. Duffy, president of United Teachers Los "
        "Angeles, called it “a giveaway of public property” and said the union would help teachers write their "
        "own plans.",
        "Cortines said he would ask teams of teachers inside the district to compete alongside groups such as "
        "Green Dot Public Schools and the Partnership for Los Angeles Schools, the nonprofit created by Mayor "
        "Antonio Villaraigosa.",
        "“This is not about charters versus the district,” Cortines said. “It is about whether we are willing to "
        "be judged by what happens to students.”",
        "Villaraigosa, who had pressed board members to back the resolution, called the vote “a new day” for the "
        "district.",
    ]
    assert all(p.section is None for p in doc.passages)  # neither "LOCAL", "Advertisement" nor a date is a heading
    assert removed(doc, "byline") == ["BY MARK ELLISON AND LETICIA DUARTE", "TIMES STAFF WRITERS"]
    assert removed(doc, "timestamp") == ["Aug. 26, 2009 12 AM PT"]
    assert removed(doc, "advertisement") == ["Advertisement", "Story continues below advertisement"]
    assert removed(doc, "credit line") == ["Times staff writer Leticia Duarte contributed to this report."]
    assert removed(doc, "copyright") == ["Copyright © 2009, Los Angeles Times"]
    assert removed(doc, "newsletter prompt") == [
        "Get our free Essential California newsletter",
        "You may occasionally receive promotional content from the Los Angeles Times."]
    assert removed(doc, "read next") == ["Subscribers are Reading"]
    assert removed(doc, "contact") == ["mark.ellison@latimes.com"]
    assert len(removed(doc, "share button")) == 4 and len(removed(doc, "photo caption")) == 1


def test_news_page_related_links_bio_and_comments_removed():
    doc = fixture("edsource-a-g-class-of-2016")
    assert [t[:40] for t in texts(doc)] == [
        "When seniors at Los Angeles Unified cros",
        "The requirement grew out of a 2005 campa",
        "To keep graduation rates from collapsing",
        "“We are not going to walk away from the ",
        "Maria Brenes, executive director of Inne",
        "The district’s projections are based on ",
    ]
    assert doc.passages[2].text.startswith("To keep graduation rates")  # the "Related:" headline is not glued on
    assert removed(doc, "read next") == [
        "Related: L.A. Unified lowers passing grade for A-G courses to a D", "Related:",
        "Why so few L.A. seniors finish college-prep classes"]
    assert removed(doc, "timestamp") == ["June 9, 2016", "Updated June 10, 2016 3:45 PM"]
    assert removed(doc, "byline") == ["Daniela Ruiz"]
    assert removed(doc, "author bio") == [
        "Daniela Ruiz covers education in Los Angeles for EdSource. Contact her at druiz@edsource.org."]
    assert removed(doc, "photo caption") == [
        "Credit: Alison Yin for EdSource",
        "Students at Roosevelt High School in Boyle Heights during a college readiness workshop."]
    assert len(removed(doc, "newsletter prompt")) == 2 and len(removed(doc, "comments section")) == 2
    assert len(removed(doc, "share button")) == 4


def test_opinion_piece_disclaimer_bio_credit_and_copyright_removed():
    doc = fixture("la-school-report-pilot-schools-opinion")
    assert [(p.section, p.text[:30]) for p in doc.passages] == [
        (None, "In 2007, when United Teachers "),
        (None, "The idea, borrowed from the Bo"),
        ("What Autonomy Looked Like", "Autonomy did not mean isolatio"),
        ("What Autonomy Looked Like", "The district has not always be"),
        ("What the Board Should Do Now", "The board should renew every p"),
    ]
    assert doc.passages[-1].text.endswith("It is time to write it into the budget.")
    assert removed(doc, "byline") == ["By Marisol Ortega | February 21, 2017"]
    assert removed(doc, "author bio")[0].startswith("Marisol Ortega taught history")
    assert removed(doc, "disclaimer") == [
        "The views expressed in this commentary are the author’s own.",
        "Disclosure: The Eli and Edythe Broad Foundation provides financial support to LA School Report and The 74."]
    assert removed(doc, "credit line")[0].startswith("This story was produced by LA School Report in partnership")
    assert removed(doc, "newsletter prompt") == [
        "Get stories like this delivered straight to your inbox. Sign up for The 74 Newsletter"]
    assert removed(doc, "copyright") == ["© 2017 LA School Report. All rights reserved."]


def test_markdown_page_links_images_entities_and_pull_quote():
    doc = fixture("the74-broad-charter-plan")
    assert texts(doc)[:2] == [
        "A draft plan circulated by the Eli and Edythe Broad Foundation calls for enrolling half of the students "
        "in the Los Angeles Unified School District in charter schools within eight years, at a cost of about "
        "$490 million.",
        "The plan, first reported by the Los Angeles Times, names Eli Broad and a group of other donors as the "
        "main funders. It proposes to open 260 new charter schools & to recruit and train teachers for them.",
    ]
    assert len(doc.passages) == 5
    assert not any("http" in t or "“The district cannot wait another generation for good schools.”" == t
                   for t in texts(doc))
    assert removed(doc, "pull quote") == ["“The district cannot wait another generation for good schools.”"]
    assert removed(doc, "byline") == ["By Kate Mendez and Paul Okafor", "Staff Writers"]
    assert removed(doc, "timestamp") == ["Posted Sept. 22, 2015, 6:00 a.m. PT | 5 min read"]
    assert removed(doc, "image")[0].startswith("![Students line up")
    assert removed(doc, "credit line")[0].startswith("This article was originally published by The 74")
    assert removed(doc, "share button") == ["Follow Kate Mendez on Twitter @katemendez"]


# --- PDF reports --------------------------------------------------------------------------------------------

def test_report_page_furniture_page_breaks_and_page_foot_footnotes():
    doc = fixture("reform-in-the-balance-report")
    assert removed(doc, "page furniture") == [
        "12 | Reform in the Balance", "Reform in the Balance | 13", "14 | Reform in the Balance"]
    body = [p for p in doc.passages if p.kind == "paragraph"]
    notes = [(p.footnote_number, p.text) for p in doc.passages if p.kind == "footnote"]
    # the sentence cut by the page break is whole again, over the footnote and the running header between
    assert ("in its 2011 contract settlement with the teachers union, that a share of the schools in each round "
            "would be reserved for teacher-led models such as pilot schools and Expanded School-Based Management "
            "Model schools. Critics,") in body[2].text
    assert "negotiate its use under Proposition 39" in body[3].text  # "un-" / "der" rejoined without the hyphen
    assert body[4].text == ("Deasy later described the teacher-led schools as “the most important thing Public "
                            "School Choice produced.”")  # "teacher-" / "led": the text writes it with one
    assert notes == [
        (3, "District teams were usually led by the principal and a design team of teachers."),
        (4, "The agreement is known as the Memorandum of Understanding on School Autonomy."),
        (5, "District budget documents, 2011-12 and 2012-13."),
    ]
    # markers detached and linked: "first round.3", "Model schools.4 Critics", "a year.5"
    refs = [(p.text[start - 6: start], number) for p in body for start, number in p.footnote_refs]
    assert refs == [("round.", 3), ("hools.", 4), (" year.", 5)]
    assert [p.section for p in body] == ["Public School Choice: The First Four Rounds"] * 3 + [
        "Why District Teams Prevailed"] * 2
    assert not any("Reform in the Balance" in (p.section or "") + p.text for p in doc.passages)


def test_report_table_with_caption_and_source_typed_against_it():
    doc = fixture("reform-in-the-balance-report")
    (table,) = doc.tables
    assert table.caption == "Public School Choice schools offered and awarded, by round"
    assert table.source == "LAUSD Public School Choice office; author’s tabulation."
    assert table.header == ["Round", "School year", "Schools offered", "Awarded to district teams",
                            "Awarded to outside operators"]
    assert [cells for _, cells in table.rows] == [
        ["PSC 1.0", "2009-10", "36", "29", "7"], ["PSC 2.0", "2010-11", "27", "23", "4"],
        ["PSC 3.0", "2011-12", "18", "16", "2"], ["PSC 4.0", "2012-13", "14", "14", "0"]]
    assert not any("PSC 1.0" in t or "Source:" in t for t in texts(doc))


def test_brief_contents_bullets_page_numbers_and_endnotes():
    doc = fixture("autonomy-policy-brief")
    assert removed(doc, "contents") == [
        "Contents", "Summary .................................... 1", "What LEARN Promised ........................ 2",
        "Notes ...................................... 4"]
    assert removed(doc, "page furniture") == ["1", "2", "4"]
    assert removed(doc, "link") == ["www.edpolicy.example.org"]
    assert [(p.section, p.kind, p.footnote_number, p.text[:45]) for p in doc.passages] == [
        ("SUMMARY", "paragraph", None, "Between 1993 and 2000 the Los Angeles Educati"),
        ("SUMMARY", "paragraph", None, "Schools that joined LEARN early gained real c"),
        ("SUMMARY", "paragraph", None, "Principals spent more time on instruction, bu"),
        ("SUMMARY", "paragraph", None, "The district never moved the central office s"),
        ("WHAT LEARN PROMISED", "paragraph", None, "The plan was drafted by a coalition that incl"),
        ("WHAT LEARN PROMISED", "paragraph", None, "The promised budget authority was only partly"),
        ("Notes", "footnote", 1, "LEARN documents give several counts; we use t"),
        ("Notes", "footnote", 2, "Minutes of the Board of Education, March 1993"),
        ("Notes", "footnote", 3, "Interviews with principals, 1998–1999."),
    ]
    # "delivered3." is a marker too; a bullet's wrapped line stays with it; a word hyphenated at the line end is whole
    assert doc.passages[5].text.startswith("The promised budget authority was only partly delivered. By 1997")
    assert doc.passages[2].text == ("Principals spent more time on instruction, but teachers reported little "
                                    "change in their classrooms.")
    assert "endorsed by Superintendent Sid Thompson and by the board in 1993. Each school" in doc.passages[4].text
    assert [n for p in doc.passages for _, n in p.footnote_refs] == [1, 2, 3]


# --- entities on the unseen documents ----------------------------------------------------------------------

@pytest.mark.stage
def test_people_linked_within_a_document(unseen_db):
    found = mentions(unseen_db, "latimes-public-school-choice-vote")
    people = [(text, name) for type_, text, name in found if type_ == "PERSON"]
    assert people == [
        ("Yolie Flores Aguilar", "Yolie Flores Aguilar"), ("Marguerite LaMotte", "Marguerite LaMotte"),
        ("Flores Aguilar", "Yolie Flores Aguilar"), ("Ramon C. Cortines", "Ramon Cortines"),
        ("A.J. Duffy", "A.J. Duffy"), ("Cortines", "Ramon Cortines"), ("Antonio Villaraigosa", "Antonio Villaraigosa"),
        ("Cortines", "Ramon Cortines"), ("Villaraigosa", "Antonio Villaraigosa")]
    assert ("ORG", "Los Angeles Board of Education", "Los Angeles Board of Education") in found
    assert ("REFORM", "Public School Choice", "Public School Choice") in found
    # nobody from the byline, photo credit or contributor line
    names = {name for _, _, name in found}
    assert not names & {"Mark Ellison", "Leticia Duarte", "Al Seib"}


@pytest.mark.stage
def test_a_short_gazetteer_name_inside_a_longer_name_gives_way(unseen_db):
    edsource = mentions(unseen_db, "edsource-a-g-class-of-2016")
    assert ("ORG", "Alliance for a Better Community", "Alliance for a Better Community") in edsource
    assert ("ORG", "Community Coalition", "Community Coalition") in edsource  # not "Community Coalition and"
    brief = mentions(unseen_db, "autonomy-policy-brief")
    # LEARN's long form as most sources spell it is LEARN, not an organisation of its own
    assert ("REFORM", "Los Angeles Educational Alliance for Restructuring Now",
            "Los Angeles Educational Alliance for Restructuring Now") in brief
    assert ("ORG", "Los Angeles Area Chamber of Commerce", "Los Angeles Area Chamber of Commerce") in brief
    assert not any(name == "Alliance College-Ready Public Schools" for _, _, name in edsource + brief)
    assert not any(text == "Working Group" for _, text, _ in brief)  # "LEARN Working Group" is LEARN
    the74 = mentions(unseen_db, "the74-broad-charter-plan")
    assert ("PERSON", "Eli Broad", "Eli Broad") in the74
    assert ("ORG", "Eli and Edythe Broad Foundation", "Eli and Edythe Broad Foundation") in the74
    assert ("ORG", "Los Angeles County Office of Education", "Los Angeles County Office of Education") in the74
    assert ("ORG", "Alliance College-Ready Public Schools", "Alliance College-Ready Public Schools") in the74
    assert [text for type_, text, name in the74 if name == "Ramon Cortines"] == ["Ramon Cortines", "Cortines"]


@pytest.mark.stage
def test_reforms_and_laws_named_by_their_last_word(unseen_db):
    report = mentions(unseen_db, "reform-in-the-balance-report")
    assert ("REFORM", "Expanded School-Based Management Model", "Expanded School-Based Management Model") in report
    assert ("LAW", "Proposition 39", "Proposition 39") in report
    assert [text for type_, text, _ in report if type_ == "PERSON"] == ["Yolie Flores", "John Deasy", "Deasy"]


@pytest.mark.stage
def test_no_mention_comes_from_page_furniture(unseen_db):
    rows = list(unseen_db.query("select m.text, p.text as passage, m.start, m.[end] from mentions m "
                                "join passages p on p.id = m.passage_id"))
    assert rows
    for row in rows:
        assert row["passage"][row["start"]: row["end"]] == row["text"]
        assert row["text"] == row["text"].strip() and not row["text"].endswith((" and", " of", " the"))
    surfaces = {row["text"] for row in rows}
    assert not surfaces & {"Share", "Twitter", "Facebook", "Opens", "Advertisement", "Daniela Ruiz", "Alison Yin",
                           "Marisol Ortega", "EdSource", "Reform in the Balance"}


# --- one rule at a time ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,expected", [
    ("Aug. 26, 2009 12 AM PT", True), ("Updated June 10, 2016 3:45 PM", True), ("June 9, 2016", True),
    ("Posted Feb. 3, 2014, 5:00 a.m. PST | 4 min read", True), ("Published: 2016-06-09", True),
    ("2009", False), ("June", False), ("The board met on June 9, 2016.", False), ("PSC 2.0", False),
])
def test_timestamp_lines(line, expected):
    assert is_timestamp(line, RULES) is expected


def test_running_header_repeated_without_a_number_and_page_numbers(corpus):
    pages = ["The first page of the report ends in the middle of a", "sentence that the second page ends.",
             "The third page has a sentence of its own."]
    body = "\n\n".join(f"SCHOOL AUTONOMY IN LOS ANGELES\n\n{text}\n\nPage {n} of 3" for n, text in enumerate(pages, 1))
    doc = read_document(write_document(corpus, "a", body, title="A Report"))
    assert texts(doc) == ["The first page of the report ends in the middle of a sentence that the second page ends.",
                          "The third page has a sentence of its own."]
    assert removed(doc, "page furniture") == [
        "SCHOOL AUTONOMY IN LOS ANGELES", "Page 1 of 3", "SCHOOL AUTONOMY IN LOS ANGELES", "Page 2 of 3",
        "SCHOOL AUTONOMY IN LOS ANGELES", "Page 3 of 3"]
    assert all(p.section is None for p in doc.passages)


def test_a_year_alone_is_a_heading_not_a_page_number(corpus):
    doc = read_document(write_document(corpus, "a", """
        A Timeline

        1993

        The board adopted LEARN.

        2009

        The board adopted Public School Choice.
        """, title="A Timeline"))
    assert [(p.section, p.text) for p in doc.passages] == [
        ("1993", "The board adopted LEARN."), ("2009", "The board adopted Public School Choice.")]


def test_bracket_and_superscript_footnotes(corpus):
    doc = read_document(write_document(corpus, "a", """
        The board adopted Public School Choice.[1] It was a big vote.² Then it met again.

        [1] See the board minutes.

        ² A second note.

        The next paragraph.
        """))
    assert texts(doc) == ["The board adopted Public School Choice. It was a big vote. Then it met again.",
                          "See the board minutes.", "A second note.", "The next paragraph."]
    assert [p.footnote_number for p in doc.passages] == [None, 1, 2, None]
    assert doc.passages[0].footnote_refs == [(39, 1), (58, 2)]


def test_markdown_and_aligned_tables(corpus):
    doc = read_document(write_document(corpus, "a", """
        Intro text here.

        | Year | Schools | Students |
        |------|--------:|---------|
        | 2009-10 | 36 | 1,200 |
        | 2010-11 | 27 | 900 |

        Source: District data.

        Table 3: Rounds
        Round      Year       Offered     Awarded
        PSC 1.0    2009-10    36          29
        PSC 2.0    2010-11    27          23

        The board met.  It voted.  Then it left.
        """))
    assert texts(doc) == ["Intro text here.", "The board met. It voted. Then it left."]
    pipe, aligned = doc.tables
    assert (pipe.header, [c for _, c in pipe.rows], pipe.source) == (
        ["Year", "Schools", "Students"], [["2009-10", "36", "1,200"], ["2010-11", "27", "900"]], "District data.")
    assert (aligned.caption, aligned.header, [c for _, c in aligned.rows]) == (
        "Rounds", ["Round", "Year", "Offered", "Awarded"], [["PSC 1.0", "2009-10", "36", "29"],
                                                          ["PSC 2.0", "2010-11", "27", "23"]])


def test_last_paragraph_by_the_author_is_not_a_bio_unless_it_says_what_they_do(corpus):
    body = "The board met and voted on the plan for the coming year.\n\n{}"
    doc = read_document(write_document(corpus, "a", body.format(
        "Jane Doe argued that the board should act, and it did."), author="Jane Doe"))
    assert len(doc.passages) == 2
    doc = read_document(write_document(corpus, "b", body.format(
        "Jane Doe is a former teacher and a fellow at a policy institute."), author="Jane Doe"))
    assert len(doc.passages) == 1 and removed(doc, "author bio")


def test_headline_that_differs_from_the_title_and_a_staff_byline(corpus):
    doc = read_document(write_document(corpus, "a", """
        From the Archives

        LAUSD opens 250 campuses to outside operators

        Howard Blume, Times Staff Writer

        LOS ANGELES — The board voted on Tuesday to open 250 campuses to outside operators, after a long debate.

        Students walk to class at Roosevelt High. (Jane Doe/EdSource)

        The vote was 6-1.
        """, title="L.A. Unified opens 250 campuses to outside operators"))
    assert texts(doc) == [
        "LOS ANGELES — The board voted on Tuesday to open 250 campuses to outside operators, after a long debate.",
        "The vote was 6-1."]
    assert removed(doc, "masthead") == ["From the Archives", "LAUSD opens 250 campuses to outside operators"]
    assert removed(doc, "byline") == ["Howard Blume, Times Staff Writer"]
    assert removed(doc, "photo caption") == ["Students walk to class at Roosevelt High. (Jane Doe/EdSource)"]


def test_running_header_with_the_page_number_glued_on_but_numbered_headings_kept(corpus):
    doc = read_document(write_document(corpus, "a", """
        Getting to Teacher Ownership 12

        The report begins with a sentence about the district and its schools.

        Getting to Teacher Ownership 13

        It continues with another sentence about the district.

        Round 1

        First round.

        Round 2

        Second round.
        """, title="A Report"))
    assert removed(doc, "page furniture") == ["Getting to Teacher Ownership 12", "Getting to Teacher Ownership 13"]
    assert [(p.section, p.text) for p in doc.passages] == [
        (None, "The report begins with a sentence about the district and its schools."),
        (None, "It continues with another sentence about the district."),
        ("Round 1", "First round."), ("Round 2", "Second round.")]
