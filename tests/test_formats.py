"""Documents as people have them: .txt pastes, saved web pages, sidecar metadata, forgiving front matter, and
the web cleaning rules of corpus/cleaning.yml (each named in the boilerplate table)."""

import textwrap
from datetime import datetime, timezone

import pytest
from fpdf import FPDF

from conftest import write_document
from loaders.corpus import find_documents, read_documents
from loaders.documents import Block, read_document, split_paragraph_lines
from loaders.errors import CorpusError


def paste(corpus, name, text, sidecar=None):
    path = corpus / "documents" / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    if sidecar:
        path.with_suffix(".yml").write_text(textwrap.dedent(sidecar).lstrip(), encoding="utf-8")
    return path


def texts(doc):
    return [p.text for p in doc.passages]


def removed(doc, reason=None):
    return [text for _, text, r in sorted(doc.removed) if reason in (None, r)]


LEDE = ("The Los Angeles Unified School District board voted 5-2 on Tuesday to let teachers at dozens more "
        "campuses run their schools as pilot schools, with more control over budgets.")
NEXT = "Supporters said the plan would give teachers the autonomy they have long asked for, and the union agreed."


# --- formats ----------------------------------------------------------------------------------------------------

def test_every_format_is_found_and_sidecars_are_not_documents(corpus):
    for name in ("a.md", "b.txt", "c.html", "d.htm", "e.pdf", "b.yml", "notes.docx"):
        (corpus / "documents" / name).write_text("x")
    assert [(slug, path.name) for slug, path in find_documents(corpus)] == [
        ("a", "a.md"), ("b", "b.txt"), ("c", "c.html"), ("d", "d.htm"), ("e", "e.pdf")]


def test_one_slug_in_two_formats_is_an_error(corpus):
    paste(corpus, "a.txt", "Text.")
    paste(corpus, "a.html", "<p>Text.</p>")
    with pytest.raises(CorpusError, match=r"slug 'a' is already used"):
        find_documents(corpus)


@pytest.mark.parametrize("name,message", [("lost.yml", "a sidecar with no document beside it"),
                                          ("a.yml", "a.md keeps its metadata in its front matter")])
def test_misplaced_sidecar(corpus, name, message):
    write_document(corpus, "a", "Text.")
    paste(corpus, name, "title: T\n")
    with pytest.raises(CorpusError, match=message):
        find_documents(corpus)


def test_text_paste_with_sidecar(corpus):
    path = paste(corpus, "board-vote.txt", f"""
        Board approves plan

        {LEDE}

        {NEXT}
        """, sidecar="""
        title: Board approves plan
        author: Maria Gomez
        published: July 14, 2009
        url: https://news.example.org/2009/07/board-approves-plan
        kind: news
        """)
    doc = read_document(path)
    assert doc.format == "txt" and doc.warnings == []
    assert doc.meta == {"title": "Board approves plan", "author": "Maria Gomez", "published": "2009-07-14",
                        "url": "https://news.example.org/2009/07/board-approves-plan", "kind": "news"}
    assert texts(doc) == [LEDE, NEXT]


def test_bad_sidecar_names_its_line(corpus):
    paste(corpus, "a.txt", LEDE, sidecar="title: T\npublished: someday\n")
    with pytest.raises(CorpusError, match=r"a\.yml:2: bad date 'someday'"):
        read_documents(corpus)


def test_title_of_a_paste_without_one_is_the_line_above_its_byline(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        LA School Report
        News | Commentary | Elections | Charters
        With A-G deadline near, parents ask for more counselors
        By Daniela Fuentes | May 18, 2016
        {LEDE}
        """))
    assert doc.meta == {"title": "With A-G deadline near, parents ask for more counselors",
                        "author": "Daniela Fuentes", "published": "2016-05-18"}
    assert "no title given" in doc.warnings[0] and "a.txt:3" in doc.warnings[0]
    assert texts(doc) == [LEDE]


PAGE = """<!DOCTYPE html><html><head><title>Board approves plan | Example News</title>
<meta property="og:title" content="Board approves plan">
<meta name="description" content="Teachers at dozens of campuses will run their schools.">
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2019-01-22T10:00:00-08:00">
<link rel="canonical" href="https://news.example.com/2019/01/board-approves-plan">
<meta property="og:site_name" content="Example News"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/ed">Education</a></li></ul></nav>
<article><h1>Board approves plan</h1><p class="dek">Teachers at dozens of campuses will run their schools.</p>
<p class="byline">By Jane Doe, Staff Writer</p>
<figure><img src="a-357.jpg"><figcaption>Students at Roosevelt High. (Jed Kim/KPCC)</figcaption></figure>
<p>{lede}</p><h2>What comes next</h2><p>{next}</p>
<table><tr><th>Year</th><th>Schools</th></tr><tr><td>2009</td><td>36</td></tr><tr><td>2010</td><td>44</td></tr></table>
<div class="newsletter">Sign up for our newsletter</div></article>
<footer>© 2019 Example News. All rights reserved.</footer></body></html>"""


def test_saved_web_page(corpus):
    doc = read_document(paste(corpus, "board.html", PAGE.format(lede=LEDE, next=NEXT)))
    assert doc.format == "html"
    assert doc.meta == {"title": "Board approves plan", "author": "Jane Doe", "published": "2019-01-22",
                        "url": "https://news.example.com/2019/01/board-approves-plan", "publication": "Example News"}
    assert texts(doc) == ["Teachers at dozens of campuses will run their schools.", LEDE, NEXT]
    assert doc.passages[2].section == "What comes next"
    assert [t.header for t in doc.tables] == [["Year", "Schools"]]


def test_sidecar_wins_over_the_page(corpus):
    doc = read_document(paste(corpus, "board.html", PAGE.format(lede=LEDE, next=NEXT),
                              sidecar="title: Board approves pilot plan\nauthor: J. Doe\n"))
    assert doc.meta["title"] == "Board approves pilot plan" and doc.meta["author"] == "J. Doe"
    assert doc.meta["published"] == "2019-01-22"


def test_layout_table_is_read_as_text(corpus):
    page = (f"<html><head><title>Statement</title></head><body><table><tr><td><a href='/'>Home</a> | "
            f"<a href='/p'>Programs</a></td></tr><tr><td><h1>Statement</h1><p>{LEDE}</p><p>{NEXT}</p>"
            "</td></tr></table></body></html>")
    doc = read_document(paste(corpus, "s.htm", page))
    assert texts(doc) == [LEDE, NEXT] and doc.tables == []


def test_not_a_web_page(corpus):
    with pytest.raises(CorpusError, match=r"e\.html:1: the web page is empty"):
        read_document(paste(corpus, "e.html", "   \n"))


# --- forgiving front matter --------------------------------------------------------------------------------

def test_title_with_an_unquoted_colon(corpus):
    doc = read_document(write_document(corpus, "a", LEDE, title="Commentary: So Close – Yet So Far"))
    assert doc.meta["title"] == "Commentary: So Close – Yet So Far"


@pytest.mark.parametrize("written,iso", [("January 22, 2019", "2019-01-22"), ("Jan. 22, 2019", "2019-01-22"),
                                         ("22 January 2019", "2019-01-22"), ("June 2015", "2015-06"),
                                         ("Sept. 3, 2015", "2015-09-03")])
def test_written_dates_are_normalised(corpus, written, iso):
    assert read_document(write_document(corpus, "a", LEDE, published=written)).meta["published"] == iso


def test_unknown_kind_is_kept_with_a_warning(corpus):
    write_document(corpus, "a", LEDE, kind="Blog")
    [doc] = read_documents(corpus)
    assert doc.meta["kind"] == "blog"
    assert doc.warnings == ["%s:2: unknown kind 'blog' (known: commentary, news, opinion, paper, report): kept as "
                            "given" % (corpus / "documents" / "a.md")]


# --- web cleaning rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("line,reason", [
    ("Jed Kim/KPCC FILE", "photo caption"),
    ("Students rally outside district headquarters. (Photo by Kevork Djansezian/Getty Images)", "photo caption"),
    ("lausd-board-meeting-357.jpg", "image file"),
    ("Interested in the stories shaping California? Sign up for the free WhatMatters newsletter.",
     "newsletter prompt"),
    ("Lea esta nota EN ESPAÑOL", "language edition"),
    ("Related Tags: LAUSD, Pilot Schools, UTLA", "tag list"),
    ("A version of this article appeared in the October 18, 2006 edition of the Eastside Sun.", "print edition"),
    ("EDITION: California | U.S. & World", "edition selector"),
    ("From Ballotpedia", "wiki navigation"),
    ("Jump to: navigation, search", "wiki navigation"),
    ("Home » Education » Board approves plan", "navigation"),
    ("FOR IMMEDIATE RELEASE", "press release"),
    ("Updated: 07/14/2009 09:07:33 PM PDT", "timestamp"),
    ("Facebook Twitter Email", "share button"),
])
def test_web_furniture_removed_by_a_named_rule(corpus, line, reason):
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{line}\n\n{NEXT}"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc) == [line] and removed(doc, reason) == [line]


def test_prose_that_names_furniture_words_is_kept(corpus):
    prose = ("Parents can sign up for the lottery at any school office, and the district will send an email "
             "to every family that applied; the newsletter of the parent center explains how.")
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{prose}"))
    assert texts(doc) == [LEDE, prose]


def test_shortcodes_cut_and_their_text_kept(corpus):
    doc = read_document(write_document(corpus, "a", (
        "[dropcap size=big]T[/dropcap]eachers at Roosevelt High said they were ready to start in the fall, and "
        "[caption id=\"attachment_12\" align=\"alignleft\"]Students at the rally[/caption]the union agreed.")))
    assert texts(doc) == ["Teachers at Roosevelt High said they were ready to start in the fall, and the union "
                          "agreed."]
    assert removed(doc, "shortcode") == ["[/dropcap]", "[dropcap size=big]"]
    assert removed(doc, "photo caption") == ['[caption id="attachment_12" align="alignleft"]Students at the '
                                             'rally[/caption]']


def test_citation_markers_linked_to_references_or_cut(corpus):
    linked = read_document(write_document(corpus, "a", """
        The district is the second-largest in the country.[1] Its board has seven members.[2]

        References

        - ^ LAUSD, Fingertip Facts, 2019
        - ↑ Jump up to: 1.0 1.1 District bylaws, 2015
        """))
    assert texts(linked) == ["The district is the second-largest in the country. Its board has seven members.",
                             "LAUSD, Fingertip Facts, 2019", "District bylaws, 2015"]
    assert [p.footnote_number for p in linked.passages] == [None, 1, 2]
    text = linked.passages[0].text
    assert linked.passages[0].footnote_refs == [(text.index(" Its"), 1), (len(text), 2)]
    bare = read_document(write_document(corpus, "b", "The district is the second-largest in the country.[1]"))
    assert texts(bare) == ["The district is the second-largest in the country."]
    assert removed(bare, "citation marker") == ["[1]"]


def test_wiki_edit_links_and_contents(corpus):
    doc = read_document(write_document(corpus, "a", f"""
        Contents
        [hide]
        [edit] Elections
        {LEDE}
        """))
    assert texts(doc) == [LEDE] and doc.passages[0].section == "Elections"


def test_single_line_breaks_split_paragraphs(corpus):
    third = "The district will name the first campuses in September, and the union will vote on the agreement."
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n{NEXT}\nWhat comes next\n{third}"))
    assert texts(doc) == [LEDE, NEXT, third] and doc.passages[2].section == "What comes next"


def test_text_wrapped_at_a_width_without_blank_lines_splits_at_short_lines():
    first = textwrap.wrap(LEDE + " " + NEXT + " It ended", 70) + ["there."]
    second = textwrap.wrap(NEXT + " " + LEDE + " It ended", 70) + ["there too."]
    parts = split_paragraph_lines(Block(1, list(enumerate(first + second, start=1))))
    assert [len(p.lines) for p in parts] == [len(first), len(second)]


def test_bylines_and_stamps_are_metadata_never_headings(corpus):
    path = paste(corpus, "a.txt", f"""
        Board approves plan
        By Maria Gomez, EGP Staff Writer
        Updated: 07/14/2009 09:07:33 PM PDT
        {LEDE}
        By Maria Gomez, EGP Staff Writer
        {NEXT}
        """, sidecar="title: Board approves plan\n")
    doc = read_document(path)
    assert doc.meta == {"title": "Board approves plan", "author": "Maria Gomez", "published": "2009-07-14"}
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}
    assert removed(doc, "byline") == ["By Maria Gomez, EGP Staff Writer"] * 2


def test_staff_role_under_a_byline_after_a_standfirst(corpus):
    doc = read_document(write_document(corpus, "a", f"""
        Reform backers say the vote will hand principals and teachers control over their budgets by fall.

        By JANET MORALES
        TIMES EDUCATION WRITER

        MARCH 2, 1993 12 AM PT

        {LEDE}
        """, title="LEARN Plan Wins Approval"))
    assert texts(doc)[1:] == [LEDE]
    assert removed(doc, "byline") == ["By JANET MORALES", "TIMES EDUCATION WRITER"]
    assert doc.meta["author"] == "Janet Morales" and doc.meta["published"] == "1993-03-02"


def test_author_bio_above_the_lede(corpus):
    bio = "Daniela Fuentes covers Latino families and schools for LA School Report."
    doc = read_document(write_document(corpus, "a", f"{bio}\n\n{LEDE}\n\n{NEXT}"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "author bio") == [bio]


def test_press_release_end_mark_ends_the_text(corpus):
    doc = read_document(write_document(corpus, "a", f"""
        FOR IMMEDIATE RELEASE

        Contact: Alma Reyes, Communications Director, (323) 555-0148

        {LEDE}

        ###

        Eastside Families for College is a parent-led nonprofit organization founded in 1999 in Boyle Heights.
        """))
    assert texts(doc) == [LEDE]
    assert removed(doc, "end mark")[0] == "###"


def test_every_format_ends_in_the_same_passages(corpus):
    """One article as a .md, a .txt paste with a sidecar, a saved web page and a PDF: the same passages."""
    third = "The district will name the first campuses in September, and the union will vote on the agreement."
    paragraphs = [LEDE, NEXT, third]
    write_document(corpus, "as-md", "\n\n".join(paragraphs), title="Board approves plan")
    paste(corpus, "as-txt.txt", "\n\n".join(paragraphs), sidecar="title: Board approves plan\n")
    paste(corpus, "as-html.html", "<html><head><title>Board approves plan</title></head><body><article>"
          "<h1>Board approves plan</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    pdf = FPDF()
    pdf.set_creation_date(datetime(2020, 1, 1, tzinfo=timezone.utc))
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(6)
    pdf.output(str(corpus / "documents" / "as-pdf.pdf"))
    (corpus / "documents" / "as-pdf.yml").write_text("title: Board approves plan\n")
    docs = read_documents(corpus)
    assert sorted(doc.format for doc in docs) == ["html", "md", "pdf", "txt"]
    assert all(texts(doc) == paragraphs for doc in docs), {doc.format: texts(doc) for doc in docs}


def test_what_a_page_prints_below_the_text_goes_and_a_short_last_sentence_stays(corpus):
    doc = read_document(write_document(corpus, "a", f"""
        {LEDE}

        The vote is on June 12.

        More in Education

        Cal State campuses brace for another tuition increase

        Things to Do

        Comments

        I hope the board listens to parents this time, because the last plan went nowhere at all.
        """))
    assert texts(doc) == [LEDE, "The vote is on June 12."]
    assert removed(doc, "page tail") == ["More in Education", "Cal State campuses brace for another tuition increase"]
    assert removed(doc, "comments section")[0] == "Comments"


def test_lines_of_a_wrapped_paragraph_are_never_furniture(corpus):
    """A paragraph wrapped at a width: a line that happens to read like furniture ("more on classroom …",
    "edition of the textbook …", "email to parents …") is part of a sentence, and nothing of it goes."""
    paragraph = ["Teachers said the new plan would put", "more on classroom instruction and less on testing,",
                 "which pleased parents who had asked for it in an", "edition of the district newsletter and in an",
                 "email to parents on Tuesday saying the schools", "would change, they said."]
    doc = read_document(write_document(corpus, "a", "\n".join(paragraph) + f"\n\n{LEDE}"))
    assert texts(doc) == [" ".join(paragraph), LEDE] and doc.removed == []


@pytest.mark.parametrize("sentence", [
    "He was the first Latino to become a member of the school board, and he served for twelve years.",
    "Parents were asked to make a donation of $500 to keep the music program, which many could not afford.",
    "Breakfasts are delivered every morning to the 40 campuses in the program, the district said.",
    "Get Out the Vote volunteers sent thousands of emails to parents before the election.",
    "Attorneys for the plaintiffs argued that the district had ignored its own rules.",
    "Telephone calls to the district were not returned on Friday.",
    "For a full list of the schools that will close, see the table the district published.",
    "Schools with enrollment > 500 fell by a third over the decade.",
    "Photos of the flooded classrooms circulated on social media within the hour.",
])
def test_sentences_that_sound_like_furniture_are_kept(corpus, sentence):
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{sentence}"))
    assert texts(doc) == [LEDE, sentence]
