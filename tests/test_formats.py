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
    ("Support for Valley Public Radio comes from", "sponsor label"),
    ("This coverage is underwritten by", "sponsor label"),
    ("Download this episode 4MB", "audio player"),
    ("Listen to story", "audio player"),
    ("Wondering what is on your ballot this fall? We count on listeners like you to keep reporting like this free "
     "for everyone. Become a sustaining member and support the station.", "donation appeal"),
    ("Looking for answers about the school bond on your ballot?", "promo box"),
    ("Check out our complete voter guide for the March primary.", "promo box"),
    ("In a hurry? Download our two-page primer here.", "promo box"),
    ("The Homework Hour — a principal on running a school after a fire — Listen Now!", "promo box"),
    ("See how your school district spends its money.", "promo box"),
    ("We welcome your feedback on this explainer. Prepared with support from the Example Family Foundation.",
     "credit line"),
    ("More Resources on Charter Law", "read next"),
    ("From Schoolpedia, the parents' encyclopedia", "wiki navigation"),
    ("From Example Health Encyclopedia", "wiki navigation"),
    ("Revision as of 09:14, 2 May 2021 by Editor42 (talk | contribs)", "wiki navigation"),
    ("illustration of a schoolhouse drawn in chalk on a green board with coins stacked beside it", "image description"),
    ("← 2018", "navigation"),
    ("Next election 2026 →", "navigation"),
    ("School boards • Ballot measures • Recalls", "navigation"),
    ("Enrollment (2019-20) |", "navigation"),
    ("Share Article", "share button"),
    ("Print this page.", "share button"),
    ("Printer-friendly versionPrinter-friendly version Share this", "share button"),
    ("Este artículo también está disponible en español. Léalo aquí.", "language edition"),
    ("Expand to read the full statement from the parents' council", "page widget"),
    ("Posted 3 years ago on", "page widget"),
    ("Please enable JavaScript to see this page as it was meant to be seen.", "page widget"),
    ("55021 full 55021 full", "image file"),
    ("Dear reader, we are asking you to chip in so that our reporting stays free for everyone.", "donation appeal"),
    ("Our reporting stays open to all. Your monthly support keeps it that way.", "donation appeal"),
    ("Headquarters 100 Main Street 34°03′12″N 118°14′37″W", "infobox"),
    ("MEDIA ADVISORY", "press release"),
    ("For Immediate Release: June 2, 2021", "press release"),
    ("Jane Roe, (213) 555-0199, jroe@example.org", "contact"),
    # notices and appeals in other words, and the text of a page's controls
    ("This is an archived story and some of its details may no longer be accurate.", "archive notice"),
    ("The information in this article may be out of date.", "archive notice"),
    ("BREAKING: Storm closes three freeways across the valley", "news banner"),
    ("Help other families find good schools by sharing this article with friends and neighbors.", "share button"),
    ("Please forward this newsletter to a parent who would like it.", "share button"),
    ("Chalkboard and apples by Sam Rivera is licensed under Pexels pexels.com", "photo caption"),
    ("With budgets cut in Washington, your support matters more than ever. Increase your gift today.",
     "donation appeal"),
    ("Click to view parentvoice22's profile", "page widget"),
    ("Not verified by the newsroom", "page widget"),
    ("Source :", "page widget"),
    ("search menu chevron close mobile", "page widget"),
    ("Watch the webinar: Parents | Teachers", "navigation"),
    ("Pages shown below: Overview | Budget | Timeline |", "navigation"),
    ("New, 6 comments", "comments"),
    ("Valley Courier logo on a white background | Valley Courier", "image description"),
    ("PARENTS: For more details about enrollment, please see the Family Resources page.", "promo box"),
    ("Lea esta nota EN ESPAÑOL: La junta aprueba más escuelas piloto en el Valle", "language edition"),
    ("Related storyBoard Delays Vote on Library Aides", "related link"),
    ("(Read our series on the pilot schools of the Valley.)", "related link"),
    ("Valley Courier Sunday March 3, 2019 Home Edition Metro Part B Page 4 Metro Desk 2 inches; 80 words Type of "
     "Material: Correction An article on Feb. 27 about the pilot plan gave the wrong date for the board's vote.",
     "print edition"),
    ("9:00 a.m. March 3, 2019 For The Record", "print edition"),
    ("In Partnership with the Valley Courier", "credit line"),
    ("Follow Dr. Ruiz on social media:", "share button"),
    ("Send a link to a friend", "share button"),
    ("Stay up to date on school board politics!", "newsletter prompt"),
    ("Subscribe for a weekly roundup of the sharpest commentary on school boards.", "newsletter prompt"),
    ("Phone Number:", "newsletter prompt"),
    ("I am interested in receiving communications from the district on topics of interest to the community.",
     "newsletter prompt"),
    ("I understand that the information I am providing will be used for district purposes only.", "newsletter prompt"),
    ("PUBLISHED: | UPDATED:", "page widget"),
    ("Notice: you are using an outdated browser. Some features of this site might not work properly.", "page widget"),
    ("Click on the links below to learn more about the district's schools...", "page widget"),
    ("Everything you need to know about the March ballot in one spot. Click to learn more!", "page widget"),
    ("Supported with funding from the Example Family Foundation.", "credit line"),
    ("Parents gathered at the board meeting about the closures. Pasadena, CA on Oct. 10, 2019.", "photo caption"),
    ("All images courtesy of Ana Ruiz.", "photo caption"),
    ("Via L.A. County Registrar.", "photo caption"),
    ("This chart shows the share of students in each grade who met the reading standard in 2019.",
     "image description"),
])
def test_web_furniture_removed_by_a_named_rule(corpus, line, reason):
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{line}\n\n{NEXT}"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc) == [line] and removed(doc, reason) == [line]


@pytest.mark.parametrize("glued,reason", [
    ("board-vote-2019.jpg", "image file"),
    ("Sept 4, 2014, 5:04 AM ::", "timestamp"),
    ("date 2014-09-04", "timestamp"),
])
def test_furniture_run_into_the_text_is_cut_and_the_text_kept(corpus, glued, reason):
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\n{glued}{'' if '.jpg' in glued else ' '}{LEDE}\n\n"
                                               f"{NEXT}\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, reason) == [glued]
    assert doc.meta.get("published") == (None if reason == "image file" else "2014-09-04")


def test_a_wire_story_indented_with_tabs_is_text_its_headline_wrapped_and_its_date_in_brackets(corpus):
    doc = read_document(paste(corpus, "a.txt", (
        "|\n\t\tTeachers say the lack of school nurses puts\n\t\tstudents at risk \n\t\t Send a link to a friend\n\t\t\n"
        "\t\t [January 19, 2019] \n\t\tBy Ana Ruiz and Tomas Vega \n LOS ANGELES (Reuters) - A teacher at Lockwood\n"
        "\t\tElementary says she will never forget the day a fourth-grader fell ill\n\t\twith no nurse on campus.\n \n"
        "\t\tThe district has a nurse at most schools only one day a week, and the\n\t\tunion wants one at every campus.\n")))
    assert doc.meta["title"] == "Teachers say the lack of school nurses puts students at risk"
    assert doc.meta["author"] == "Ana Ruiz, Tomas Vega" and doc.meta["published"] == "2019-01-19"
    assert texts(doc) == ["LOS ANGELES (Reuters) - A teacher at Lockwood Elementary says she will never forget the day a "
                          "fourth-grader fell ill with no nurse on campus.",
                          "The district has a nurse at most schools only one day a week, and the union wants one at "
                          "every campus."] and not doc.tables


def test_a_byline_with_its_date_first(corpus):
    doc = read_document(paste(corpus, "a.txt", f"Teacher Showered With Honors\n\nNovember 29, 1987|JANE DOE | Times Staff "
                                               f"Writer\n\n{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["author"] == "Jane Doe" and doc.meta["published"] == "1987-11-29" and texts(doc) == [LEDE, NEXT]


def test_what_a_links_icon_reads_and_a_read_more_link_are_cut_from_the_text(corpus):
    doc = read_document(paste(corpus, "a.txt", (
        "Board approves plan\n\nThe questions below explain Assembly Bill 1505 External link opens in new window or tab. "
        "and the appeals it allows.\n\nEnrollment dropped toward 400,000 this year. Click here to read more: "
        "https://www.example.com/story\n")))
    assert texts(doc) == ["The questions below explain Assembly Bill 1505 and the appeals it allows.",
                          "Enrollment dropped toward 400,000 this year."]


def test_a_question_closed_by_a_note_is_not_joined_to_its_answer(corpus):
    question = ("1. How will the State Board of Education review the charter appeals it receives after July 1, 2020? "
                "(Posted 06-Jul-2020)")
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{question}\n\n{NEXT}\n", sidecar="title: FAQ\n"))
    assert texts(doc) == [LEDE, question, NEXT]


def test_a_stamp_with_its_time_zone_is_one_timestamp(corpus):
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\nJune 21, 2023 5:30 PM PT\n\n{LEDE}\n\n{NEXT}\n"))
    assert texts(doc) == [LEDE, NEXT] and [p.section for p in doc.passages] == [None, None]
    assert doc.meta["published"] == "2023-06-21"


def test_the_note_over_the_comments_ends_the_text_and_spam_goes(corpus):
    spam = "Yоu ԁont еvеn neеd to try our dіet pіlls to ѕee results fаst, click my namе"
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        {NEXT}

        {THIRD}

        {spam}

        {FOURTH}

        The comments below represent the opinion of the writer and do not represent the views or policies of the
        Valley Courier. Please address the arguments, not the person.

        I agree with the board, finally a plan that gives teachers a say.
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, THIRD, FOURTH]
    assert removed(doc, "spam") == [spam] and len(removed(doc, "comments section")) == 3


def test_the_first_teaser_under_read_next_goes_though_it_ends_with_a_stop_and_the_bio_above_it(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}
        {NEXT}
        {THIRD}
        Ana Ruiz is a reporter covering school budgets for the Valley Courier. Reach her at aruiz@example.org.
        Read next
        Strikes are getting longer. Here's what that means for students.
        National
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, THIRD]
    assert removed(doc, "read next")[:2] == ["Read next", "Strikes are getting longer. Here's what that means for students."]


def test_a_blog_platforms_head_a_headline_with_a_stop_and_an_author_by_a_follow_button(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Open in app
        Sign in

        I Taught Through Five Reform Plans. Here Is What Changed My Classroom.
        Every plan arrives with a binder. Few arrive with time.
        Ana Ruiz
        Follow
        Published in
        Notes from Room 9
        ·
        5 min read
        ·
        Mar 3, 2022
        Listen
        Share

        {LEDE}

        {NEXT}

        Ana Ruiz
        Mar 3, 2022
        """))
    assert doc.meta["title"] == "I Taught Through Five Reform Plans. Here Is What Changed My Classroom."
    assert doc.meta["author"] == "Ana Ruiz" and doc.meta["published"] == "2022-03-03"
    assert texts(doc)[-2:] == [LEDE, NEXT]


def test_the_label_over_a_summary_goes_and_the_summary_stays(corpus):
    summary = "A state audit found that districts apply the charter renewal law unevenly."
    doc = read_document(paste(corpus, "a.txt", f"Audit finds uneven renewals\nIn summary\n{summary}\nBy Ana Ruiz\n"
                                               f"{LEDE}\n{NEXT}\n"))
    assert texts(doc) == [summary, LEDE, NEXT] and "In summary" in removed(doc, "masthead")


def test_an_election_sites_frame_of_a_quoted_platform_goes(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Ruiz's campaign website stated the following:

        {NEXT}

        —Ana Ruiz's campaign website (2024)

        {THIRD}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, THIRD] and len(removed(doc, "election site template")) == 2


def test_a_line_that_ends_the_text_keeps_no_notes_below_it_but_see_also(corpus):
    """Below "Comments" all goes, a "References" further down too (only "See also" stands over notes); a sentence
    about comments of another kind ends nothing."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        {NEXT}

        The comments below are from a survey of 40 teachers at the pilot schools.

        {THIRD}

        Comments

        I agree with the board.

        References

        1. Ruiz, Ana (2019). "Board approves pilot plan". Valley Courier.
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, "The comments below are from a survey of 40 teachers at the pilot schools.", THIRD]


def test_a_byline_closed_by_a_bar_names_its_writers(corpus):
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\nBy Jane Doe and Ana Ruiz |\n\n{LEDE}\n\n"
                                               f"{NEXT}\n"))
    assert doc.meta["author"] == "Jane Doe, Ana Ruiz" and texts(doc) == [LEDE, NEXT]


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


def test_a_writer_opening_in_the_first_person_about_the_beat_is_no_bio(corpus):
    opening = ("When I began reporting on Valley schools, magnet programs were the district's great hope, and "
               "teachers lined up to join them.")
    doc = read_document(write_document(corpus, "a", f"{opening}\n\n{LEDE}"))
    assert texts(doc) == [opening, LEDE] and removed(doc, "author bio") == []


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


def test_the_senders_about_paragraph_ends_a_press_release_and_a_sections_about_stays(corpus):
    doc = read_document(write_document(corpus, "a", f"""
        FOR IMMEDIATE RELEASE

        {LEDE}

        {NEXT}

        About the Eastside Parents Alliance

        The Eastside Parents Alliance is a coalition of parent groups founded in 2004 in Boyle Heights.
        """))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "about the sender")[0] == "About the Eastside Parents Alliance"
    doc = read_document(write_document(corpus, "b", f"""
        {LEDE}

        About the district

        The district is the second-largest in the country, with more than 400,000 students in its schools.
        """))
    assert doc.passages[-1].section == "About the district"


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


def test_a_list_under_a_label_at_the_end_is_text_not_a_page_tail(corpus):
    """A bill analysis ends with who supports and opposes it: short lines of names under a label, no links."""
    tail = "REGISTERED SUPPORT / OPPOSITION:\n\nSupport\n\nHarbor Parents United\nEastside Teachers Guild\n\n" \
           "Opposition\n\nValley School Boards Council\nCoastal Principals Association"
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{tail}\n"))
    kept = " ".join(texts(doc))
    assert "Harbor Parents United" in kept and "Coastal Principals Association" in kept


def test_a_speaker_with_titles_is_no_heading(corpus):
    """A programme's speaker line ("name, title, organisation") under a session is text, not an empty heading."""
    program = ("**9:00 a.m.** Welcome\n\nRosalind T. Okafor, Ed.D., Dean, School of Urban Teaching\n\n"
               "**9:30 a.m.** Panel: Ten Years of Small Schools\n\n" + LEDE)
    doc = read_document(write_document(corpus, "a", program))
    assert "Rosalind T. Okafor, Ed.D., Dean, School of Urban Teaching" in " ".join(texts(doc))


def test_a_list_is_no_running_header_but_a_header_between_lines_of_text_is(corpus):
    """Lines of one list that differ only in their numbers are text; a short line printed again and again with the
    page's text between its copies is a running header, even in one block."""
    listed = read_document(write_document(corpus, "a", f"{LEDE}\n\n- Charter schools, 2014-15: 251\n"
                                                       "- Charter schools, 2016-17: 279\n"))
    assert "Charter schools, 2014-15: 251" in " ".join(texts(listed))
    body = ["The board met on Tuesday and heard from parents about the budget for next year.",
            "Charter Oversight in Los Angeles",
            "Its members said the office had too few staff to visit every school each year.",
            "Charter Oversight in Los Angeles",
            "The report asked for twelve more auditors and a new reporting system by June.",
            "Charter Oversight in Los Angeles",
            "Nobody on the board argued against the request when it came to a vote."]
    doc = read_document(write_document(corpus, "b", f"{LEDE}\n\n" + "\n".join(body)))
    assert "Charter Oversight" not in " ".join(texts(doc))


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
    "Support for the parcel tax comes from teachers and parents, the poll found.",
    "Sponsored by two board members, the resolution passed on a 5-2 vote.",
    "Parents like you have asked the board for years to keep the library open, the PTA president wrote.",
    "The union's spring membership drive signed up 400 teachers, organizers said.",
    "Looking for a new job, the former principal applied to a charter network in March.",
    "An image of the burned classroom spread quickly on social media.",
    "Above all, the board wants the funding to last beyond next year.",
    "The motion came from the longest-serving member of the board (Jackie Goldberg).",
    "Compare that with the district's own count, which is two points lower.",
    "We welcome the state's decision, the superintendent said, but it comes late.",
    "The board holds its next vote on Tuesday, June 9, 2015, after the budget hearing.",
    "Enrollment by grade is shown in the table the district released on Friday.",
    "Parents asked the board to help keep the library open on Saturdays, and it agreed.",
    "Teachers who pose hard questions to the board are often ignored, she said.",
    "Call the school office at (213) 555-0100 to sign up for the tour.",
])
def test_sentences_that_sound_like_furniture_are_kept(corpus, sentence):
    doc = read_document(write_document(corpus, "a", f"{LEDE}\n\n{sentence}"))
    assert texts(doc) == [LEDE, sentence]


# --- what a copied page sets around its text: captions, boxes, labels, its head ---------------------------------

def test_credit_set_over_lines_goes_with_its_caption_and_the_pictures_description(corpus):
    """A page's markup may print a credit's parts one a line; the caption, the credit and the description of the
    picture above them go, and no part of the credit becomes a heading."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Three teenagers in hooded sweatshirts sit on the steps of a brick school building in the early morning.
        Students wait for the doors to open at Roosevelt High School on the first day of classes.
        (
        Maria T. Gomez
        /
        Eastside News Photo Service
        )

        {LEDE}

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}
    assert removed(doc, "photo caption")[0].startswith("Three teenagers")
    assert removed(doc, "photo caption")[1].endswith("(Maria T. Gomez / Eastside News Photo Service)")


def test_long_caption_closed_by_a_credit_and_a_credit_run_into_the_lede(corpus):
    caption = ("Los Angeles - September 3: Students and teachers at a middle school in Van Nuys gather in the "
               "courtyard for the first day of school, as district officials, board members and parents visit "
               "classrooms, a new library and the school's garden, and the principal welcomes families back after "
               "the summer. (Dana Ortiz / Valley Courier)")
    fused = ("A charter high school in the west San Fernando Valley became an affiliated charter in 2013. "
             "Credit: SchoolFan88 via Wikimedia Commons (CC BY-SA 4.0)" + LEDE)
    doc = read_document(paste(corpus, "a.txt", f"{caption}\n\n{fused}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "photo caption") == [caption, fused[: fused.index(LEDE)]]


def test_caption_with_a_bare_name_for_its_credit(corpus):
    """A caption that is no sentence, closed by a photographer's name in brackets, printed twice (the image's
    text and its caption); a sentence closed by a name in brackets is text."""
    sentence = "The motion came from the longest-serving member of the board (Jackie Goldberg)."
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Teachers march past City Hall before the vote on the contract
        Teachers march past City Hall before the vote on the contract (Ana Ruiz)

        {sentence}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, sentence]
    assert len(removed(doc, "photo caption")) == 2


def test_a_picture_description_above_a_caption_in_a_paste_without_blank_lines_is_text(corpus):
    """With no blank lines in the paste, the line above a caption is the paragraph before the picture."""
    longer = f"{NEXT} The vote came after three hours of public comment from parents and teachers."
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}
        {longer}
        Students wait outside Roosevelt High on the first day of classes. (Photo by Ana Ruiz/Eastside News)
        The district will name the first campuses in September, and the union will vote on the agreement.
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc)[:2] == [LEDE, longer]
    assert removed(doc, "photo caption") == ["Students wait outside Roosevelt High on the first day of classes. "
                                             "(Photo by Ana Ruiz/Eastside News)"]


def test_the_label_of_a_box_goes_with_the_box(corpus):
    """An audio player's clip title, a sponsor's slot with its box title, the heading over an appeal: lines
    set with a box's line (no blank line between) go with it, and none becomes a heading."""
    appeal = ("Our spring member drive ends Friday. The reporting you rely on all year is free because readers "
              "like you pay for it, and right now we need your help to keep it going.")
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Listen 1:12
        What Parents Want From The Next Board

        {NEXT}

        Support for Valley Public Radio comes from
        Board Race 2026
          • Looking for information about the candidates in your district?

        We need to hear from you.
        {appeal}

        The district will name the first campuses in September, and the union will vote on the agreement.
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, "The district will name the first campuses in September, and the union "
                                      "will vote on the agreement."]
    assert {p.section for p in doc.passages} == {None}
    assert removed(doc, "audio player") == ["Listen 1:12", "What Parents Want From The Next Board"]
    assert removed(doc, "sponsor label") == ["Support for Valley Public Radio comes from", "Board Race 2026"]
    assert removed(doc, "donation appeal") == ["We need to hear from you.", appeal]


def test_a_box_label_above_a_newsletter_prompt_between_paragraphs(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}
        Get the evening briefing
        Our free Evening Bell newsletter brings the day's school news to your inbox.
        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "newsletter prompt")[0] == "Get the evening briefing"


def test_a_short_line_between_two_lines_of_furniture_is_furniture(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Jump to: navigation, search
        2019
        school-board-badge.png

        {LEDE}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE] and doc.passages[0].section is None
    assert ("2019" in removed(doc)) and not [r for _, _, r in doc.removed if r == "empty heading"]


def test_between_headline_and_text_kicker_repeated_title_and_lists_go(corpus):
    """A kicker, the title printed again (an infobox's caption), a block of short lines that are no sentences
    (a gallery's captions, a contents list, an infobox's labels) stand above the text: none is a heading."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves pilot plan

        Commentary

        2019 Board Approves Pilot Plan

        Parents at a board meeting, 1978
        A teacher with her class at Belmont, 1985
        The strike on its first morning, 2019

        Election date:
        Method of election
        Candidates and results

        {LEDE}
        """))
    assert doc.meta["title"] == "Board approves pilot plan"
    assert texts(doc) == [LEDE] and doc.passages[0].section is None
    assert {"Commentary", "2019 Board Approves Pilot Plan", "Parents at a board meeting, 1978",
            "Election date:"} <= set(removed(doc, "masthead"))


@pytest.mark.parametrize("head,title", [
    # a deck between the headline and the text, a kicker above it
    ("Opinion\n\nThe pilot plan is a good start\n\nThe board got the big things right and the small things "
     "wrong.", "The pilot plan is a good start"),
    # a headline of two sentences under a kicker of one word
    ("GRADUATION\n\nThe class of 2017 faces the new rule. Here is where it stands.",
     "The class of 2017 faces the new rule. Here is where it stands."),
    # a staff role under the headline
    ("Board Approves Pilot Plan\n\nTimes Education Writer", "Board Approves Pilot Plan"),
    # the first sentence of the text set on a line of its own right above the rest
    ("How the pilot plan changed the district\nIs a pilot school a charter by another name?",
     "How the pilot plan changed the district"),
    # a name and a date under the headline
    ("In Partnership with Example News\n\nWhere are the pilot schools?\n\nJane Doe | October 5, 2017",
     "Where are the pilot schools?"),
    # an infobox's cell under the headline
    ("Eastmont Unified School District, California, elections (2022)\n2024 →\nEnrollment (2019-20) |",
     "Eastmont Unified School District, California, elections (2022)"),
])
def test_title_of_a_paste_is_its_headline_past_decks_kickers_and_roles(corpus, head, title):
    doc = read_document(paste(corpus, "a.txt", head + f"\n{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == title
    assert texts(doc)[-2:] == [LEDE, NEXT]


def test_paste_with_no_headline_is_titled_from_its_file_name(corpus):
    doc = read_document(paste(corpus, "daily-courier-pilot-vote.txt", f"{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == "Daily courier pilot vote"
    assert "no headline above the text" in doc.warnings[0] and "from the file name" in doc.warnings[0]
    assert texts(doc) == [LEDE, NEXT]


@pytest.mark.parametrize("head,author", [
    # a bare "By" with the name, a link, on the line below it
    ("Board approves plan\n\nBy   (Page 1 of 1 pages)   No comments\n\nJane Doe\n", "Jane Doe"),
    # a byline set after the first paragraphs
    (f"Board approves plan\n\n{NEXT}\n\nBy Maria Gomez\n", "Maria Gomez"),
    # a standfirst that names its writer
    ("Board approves plan\n\nThe district gave way on class sizes first, reports Boyle Heights teacher Ana Ruiz.\n",
     "Ana Ruiz"),
])
def test_author_from_a_bare_by_a_later_byline_or_the_standfirst(corpus, head, author):
    doc = read_document(paste(corpus, "a.txt", head + f"\n{LEDE}\n\n{NEXT}\n\nThe vote is on June 12.\n"))
    assert doc.meta["author"] == author
    assert LEDE in texts(doc)


def test_a_date_under_a_label_is_an_infoboxs_not_the_pages(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Primary election date:
        June 3, 2014
        Runoff election date:
        August 12, 2014

        {LEDE}
        """))
    assert "published" not in doc.meta and texts(doc) == [LEDE]
    doc = read_document(paste(corpus, "b.txt", f"Board approves plan\n\nPublished:\nJune 3, 2014\n\n{LEDE}\n"))
    assert doc.meta["published"] == "2014-06-03"


# --- the head of a page: what stands between the headline and the text heads no section -------------------------

def test_a_short_line_above_the_text_heads_no_section(corpus):
    """A picture's name and caption, an infobox's rows (one with its label run into its value), a photo credit
    with its slashes: above the first paragraph, none is a heading; each goes, recorded."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Maria Ortega

        Principal Maria Ortega

        Key people
        FoundedMarch 1970 in Boyle Heights

        Dana Lee/Eastside Wire/File

        {LEDE}

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}
    assert {"Maria Ortega", "Principal Maria Ortega", "Key people",
            "FoundedMarch 1970 in Boyle Heights"} <= set(removed(doc, "masthead"))
    assert removed(doc, "photo caption") == ["Dana Lee/Eastside Wire/File"]


def test_the_first_heading_of_a_text_with_headings_stays_and_a_deck_is_text(corpus):
    """Above the first paragraph, a heading shaped like the text's other headings is one; so is a wiki's heading
    (its "[edit]" shows it); a line in sentence case of five words or more is a deck, kept as text."""
    third = "The district will name the first campuses in September, and the union will vote on the agreement."
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Members split over when the campuses should change

        Why It Passed

        {LEDE}

        What Comes Next

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert [(p.section, p.text) for p in doc.passages] == [
        (None, "Members split over when the campuses should change"), ("Why It Passed", LEDE),
        ("What Comes Next", NEXT)]
    doc = read_document(paste(corpus, "b.txt", f"Pilot schools\n\nHistory[edit]\n\n{LEDE}\n\n{third}\n",
                              sidecar="title: Pilot schools\n"))
    assert [p.section for p in doc.passages] == ["History", "History"]


@pytest.mark.parametrize("head,author", [
    ("By\n\n", None),  # a "By" whose name the page left out
    ("ByMaria Gomez\n\n", "Maria Gomez"),  # a byline run into its name
    ("valley_desk\nBy Valley Wire\n\n", "Valley Wire"),  # a user name over an outlet's byline
    ("By KVLA.com staff\n\n", "KVLA.com staff"),
])
def test_bylines_that_name_no_one_or_run_into_their_name(corpus, head, author):
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\n{head}{LEDE}\n\n{NEXT}\n"))
    assert doc.meta.get("author") == author
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}


def test_an_author_box_between_paragraphs_is_a_byline_and_its_name_the_author(corpus):
    """A writer's name over the outlet (no blank line between), below the lede: a byline, not a heading and its
    section; its name is the author, over an outlet's byline above."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan
        By EastsideMatters

        {LEDE}

        Maria Gomez
        EastsideMatters
        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}
    assert doc.meta["author"] == "Maria Gomez"
    assert removed(doc, "byline") == ["By EastsideMatters", "Maria Gomez", "EastsideMatters"]


def test_a_line_that_holds_the_title_is_no_heading(corpus):
    """A player's or a box's title that repeats the headline within the text ("Podcast: <title>") goes."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Podcast: Board Approves Pilot Plan for Schools

        {NEXT}
        """, sidecar="title: Board Approves Pilot Plan for Schools\n"))
    assert texts(doc) == [LEDE, NEXT] and {p.section for p in doc.passages} == {None}
    assert removed(doc, "masthead") == ["Podcast: Board Approves Pilot Plan for Schools"]


# --- pictures: captions, their credits, what describes them --------------------------------------------------

def test_a_pictures_text_and_caption_over_a_credit_go_together(corpus):
    """The picture's text (what it shows) and its caption, the credit on the line under them: all three go."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Third-graders wave to Principal Maria Ortega this morning.
        Principal Maria Ortega walks students to class on the first day of the new schedule at Garfield Elementary.
        (Dana Lee
        {LEDE}

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "photo caption")[-1] == "(Dana Lee"
    assert len(removed(doc, "photo caption")) == 3


@pytest.mark.parametrize("caption", [
    "Board member Ana Ruiz, left, talks with parents after the meeting at Belmont High.",
    "Teachers pose with a banner for the union outside Roosevelt High.",
    "Maria Ortega, principal of Garfield Elementary, greets families at the gate on Monday, Aug. 14, 2023.",
    "Ana Ruiz is pictured with students at the new library in Boyle Heights.",
])
def test_what_only_a_caption_says(corpus, caption):
    """Where someone stands in the picture, that someone poses or is pictured, or the wire's formula (a name, a
    role, an action in the present tense, a date with its weekday): a caption, with or without its credit."""
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{caption}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "photo caption") == [caption]


def test_a_credit_alone_takes_the_caption_above_it_that_says_what_someone_does(corpus):
    caption = "Superintendent Jane Doe listens to parents during a board meeting in 2019."
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{caption}\n\nAna Ruiz/AP/File\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "photo caption") == [caption, "Ana Ruiz/AP/File"]


def test_a_caption_printed_twice_without_a_stop_is_never_glued_to_the_lede(corpus):
    caption = "Parents and teachers outside the district offices before the vote on the pilot plan at Beaudry"
    doc = read_document(paste(corpus, "a.txt", f"Board approves\n\n{caption}\n\n{caption}\n\n{LEDE}\n\n{NEXT}\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "photo caption") == [caption, caption]


def test_a_pictures_text_run_into_its_caption_goes_whole(corpus):
    """A picture's text and its caption glued on one line (their words twice) is no paragraph, and is never
    joined to the next."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Principal Maria Ortega of Garfield Elementary. The school has grown to serve more than 900 students in six grades, making it the largest campus in the valley Maria Ortega, principal. The school has grown to serve more than 900 students in six grades, making it the largest campus in the valley

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "photo caption")) == 1


def test_a_pictures_text_printed_twice_in_a_row_goes(corpus):
    caption = "Students wait outside Garfield Elementary on the first day."
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{caption}\n{caption}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "photo caption") == [caption, caption]


def test_a_paragraph_printed_twice_in_a_row_keeps_one_copy(corpus):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n{NEXT}\n{NEXT}\n{THIRD}\n", sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT, THIRD] and removed(doc, "pull quote") == [NEXT]


def test_a_paragraph_printed_again_further_down_keeps_its_first_copy(corpus):
    """The same words twice with a blank line between are a pull quote (the second copy goes), not a picture's
    text over its caption."""
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{NEXT}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc)[:2] == [LEDE, NEXT]


def test_a_gallerys_slide_cut_with_an_ellipsis_goes_with_its_caption(corpus):
    """A gallery copied as a list: each slide's first words, cut off with an ellipsis, then its whole caption
    (credit or no credit) under a blank line; neither is the headline."""
    doc = read_document(paste(corpus, "a.txt", f"""
        Skip to content
          • Graduates walk out to the field during the...

            Graduates walk out to the field during the Class of 2016 ceremony at Grant High in Valley Glen. (Photo by Ana Ruiz, Valley Courier)

          • Students at San Fernando High listen closely to...

            Students at San Fernando High listen closely to a visiting speaker. The district's graduation rate rose five points.

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "photo caption")) == 4
    assert doc.meta["title"] == "A"


THIRD = "The vote came after two years of talks between the district and the teachers union over the plan."
FOURTH = "Board members who voted no said the district had not yet shown that the first pilot schools did better."


def test_see_also_ends_the_text_and_the_references_stay_notes(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}[1]

        {NEXT}

        {THIRD}

        {FOURTH}

        See Also

        See other stories on the schools of the valley. See the data on every school in the state.

        Webinar: Budgets After the Grant Runs Out

        References

        1. Ruiz, Ana (2019). "Board approves pilot plan". Valley Courier.
        """, sidecar="title: Board approves plan\n"))
    assert [p.text for p in doc.passages if p.kind == "paragraph"] == [LEDE, NEXT, THIRD, FOURTH]
    assert [p.text for p in doc.passages if p.kind == "footnote"] == ['Ruiz, Ana (2019). "Board approves pilot plan". '
                                                                     'Valley Courier.']
    assert "Webinar: Budgets After the Grant Runs Out" in removed(doc, "see also")


def test_the_last_slides_of_a_gallery_go_with_the_first(corpus):
    """A gallery copied as a list: once two slides went as captions (each with its credit), the next slides
    are the gallery's too, though the copy cut off their credit."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

          • Students read in the new library. (Photo by Ana Ruiz, Valley Courier)

          • The principal opens the doors on the first day. (Photo by Ana Ruiz, Valley Courier)

          • Parents line up in the courtyard before the bell rings at the

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "photo caption")) == 3


# --- the text's own lines that look like furniture ----------------------------------------------------------

def test_the_headline_of_another_story_set_in_the_text_goes_and_a_subhead_stays(corpus):
    """A line that is no sentence, between paragraphs, sharing no word with the text: another story's headline.
    A line of the same shape that shares the text's words is a subhead of the text."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Storm warnings issued across northern counties: residents told evacuate

        {NEXT}

        What the vote means for the pilot campuses: more control

        The district will name the first campuses in September, and the union will vote on the agreement.
        """, sidecar="title: Board approves plan\n"))
    assert removed(doc, "read next") == ["Storm warnings issued across northern counties: residents told evacuate"]
    assert "What the vote means for the pilot campuses: more control" in texts(doc)


def test_markers_in_a_row_are_cut_with_their_spaces(corpus):
    doc = read_document(paste(corpus, "a.txt", "The union struck for nine days in 1989.[4] [5] [6] The strike "
                              "ended with a raise of 24 percent over three years for every teacher.\n",
                              sidecar="title: The strike\n"))
    assert texts(doc) == ["The union struck for nine days in 1989. The strike ended with a raise of 24 percent "
                          "over three years for every teacher."]
    assert removed(doc, "citation marker") == ["[4]", "[5]", "[6]"]


def test_a_copy_cut_off_mid_paragraph_keeps_the_subhead_and_the_schedule_above_it(corpus):
    """A page copied up to the middle of a paragraph: what stands above that paragraph is text (a subhead, a
    release's "When:" line and its schedule), not the page's tail."""
    cut = ("The board asked staff for a new estimate of what the plan would cost the district over the next "
           "three years and said that it would")
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{NEXT}\n\nWhy The Vote Was Delayed\n\n{cut}\n",
                              sidecar="title: Board approves plan\n"))
    assert doc.passages[-1].section == "Why The Vote Was Delayed" and texts(doc)[-1] == cut
    doc = read_document(paste(corpus, "b.txt", f"""
        {LEDE}

        What: The board votes on the pilot school plan at its regular meeting in the board room downtown.

        When: Tuesday, June 4

        · 1:00 pm Board meeting

        · 3:00 pm Press availability

        Approved in 2000, the law
        """, sidecar="title: Board approves plan\n"))
    assert ["1:00 pm Board meeting", "3:00 pm Press availability"] == texts(doc)[-2:]
    assert "When: Tuesday, June 4" in " ".join(texts(doc)) and {p.section for p in doc.passages} == {None}


def test_a_headline_set_over_two_lines_is_one_heading(corpus):
    """Two long title-case lines in a row are one headline, though the text repeats the second one's words."""
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        Board of Education Sets a Public Hearing on the Pilot School

        Expansion Plan Before Its June Budget Vote

        The hearing on the expansion plan before its June budget vote will be held at Belmont High, officials said.
        """, sidecar="title: Board approves plan\n"))
    assert doc.passages[-1].section == ("Board of Education Sets a Public Hearing on the Pilot School Expansion Plan "
                                        "Before Its June Budget Vote")
    assert not removed(doc, "pull quote") and not removed(doc, "empty heading")
    # a heading that opens with a label of its own is a heading of its own
    doc = read_document(paste(corpus, "b.txt", f"""
        {LEDE}

        Districts Still Have Time to Give Their Schools More Control

        The Plan: Small Units With Their Own Budgets

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert doc.passages[-1].section == "The Plan: Small Units With Their Own Budgets"
    assert removed(doc, "empty heading") == ["Districts Still Have Time to Give Their Schools More Control"]


# --- what the head says about the document -----------------------------------------------------------------

@pytest.mark.parametrize("head,title", [
    # a headline over its deck (the deck stays, as text)
    ("Schools\n\nBoard sets a hearing on the pilot school expansion plan\n\nMembers split over the timing of it",
     "Board sets a hearing on the pilot school expansion plan"),
    # a caption closed by a name in brackets, after its stop
    ("Teachers Rally Downtown\n\nLos Angeles – May 3: Teachers rally at City Hall on May 3, 2019. (Ana Ruiz)",
     "Teachers Rally Downtown"),
    # a question in sentence case under a headline in title case, a credit between them: the deck
    ("Will The Eastside Pilot Schools Keep Their Budget Freedom?\n\n(Ana Ruiz/Flickr)\n\n"
     "How much say does a school really have over the money it is given to spend each year?",
     "Will The Eastside Pilot Schools Keep Their Budget Freedom?"),
    # a partner's line in title case over a headline in sentence case: the headline
    ("In Partnership with the Eastside Ledger\n\nParents ask the board to keep a library aide at every school",
     "Parents ask the board to keep a library aide at every school"),
    # a headline over a longer deck in sentence case, each a block of its own (the deck stays, as text)
    ("Will the Valley Keep Its Pilot Schools?\n\nDistricts not bound to follow the old rules on budgets",
     "Will the Valley Keep Its Pilot Schools?"),
    ("Ana Ruiz Named Eastmont Superintendent\n\nThe board chose a new superintendent on Tuesday, as Ana Ruiz was "
     "announced officially", "Ana Ruiz Named Eastmont Superintendent"),
    # a headline cut after a comma, over a paragraph whose first line was broken mid-sentence
    ("Valley Schools Education\n\nQ & A with the Departing Head of the Pilot Network, Ana Ruiz,\n\nParents were "
     "caught off guard\nwhen the network announced on Monday that its founder would leave at the end of the year.",
     "Q & A with the Departing Head of the Pilot Network, Ana Ruiz,"),
    # a headline of more than twenty words, with no stop, right over its byline
    ("In Partnership with the Eastside Ledger\n\n‘Not a library without a librarian’: Parents press the board to keep "
     "an aide at every campus as the budget vote nears and the district weighs deeper cuts, advocates say\n\n"
     "Ana Ruiz | March 3, 2021",
     "‘Not a library without a librarian’: Parents press the board to keep an aide at every campus as the budget "
     "vote nears and the district weighs deeper cuts, advocates say"),
])
def test_title_is_the_headline_not_its_deck_or_a_caption(corpus, head, title):
    doc = read_document(paste(corpus, "a.txt", head + f"\n\n{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == title and texts(doc)[-2:] == [LEDE, NEXT]


def test_a_carousel_of_slides_above_the_text_holds_no_headline(corpus):
    slides = "\n\n".join(["Save the Date", "Spring Gala", "Parent College", "Teacher Spotlight", "On the Radio"])
    doc = read_document(paste(corpus, "school-network-home.txt", f"{slides}\n\n{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == "School network home" and texts(doc) == [LEDE, NEXT]


@pytest.mark.parametrize("head,published", [
    ("Primary election date\nMarch 3, 2020\n\n", None),  # an infobox's date, under its label
    ("10:15 AM PST on March 4, 2019\n\n", "2019-03-04"),  # a time before the date
    ("For Immediate Release – June 2, 2021\n\n", "2021-06-02"),  # a press release's date, and no author
    ("", "2019-05-03"),  # the dateline of the text (below)
])
def test_the_publication_date_from_the_head_or_the_dateline(corpus, head, published):
    lede = f"May 3, 2019 (Los Angeles) - {LEDE}" if not head else LEDE
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\n{head}{lede}\n\n{NEXT}\n"))
    assert doc.meta.get("published") == published and "author" not in doc.meta
    assert texts(doc) == [lede, NEXT]


def test_comments_widget_ends_the_text(corpus):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{NEXT}\n\nblog comments powered by Disqus\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and removed(doc, "comments section") == ["blog comments powered by Disqus"]


# --- widgets, wiki markup and the head of a page, by their structure ----------------------------------------

def test_a_widget_of_teasers_goes_with_its_read_more_links(corpus):
    teasers = "\n".join([
        "Parents map the longest walks to school",
        "Volunteers measured every route to the three new campuses.",
        "Read More",
        "Why the bell schedule changed",
        "Start times moved by twenty minutes across the district this fall.",
        "Read More",
        "A guide to the new enrollment portal",
        "After two delays, the portal opened on Monday, and"])
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{NEXT}\n\nMore Stories\n\n{teasers}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert "Why the bell schedule changed" in removed(doc, "read next")


def test_one_read_more_or_read_more_in_a_sentence_is_no_widget(corpus):
    prose = "Families can read more about the plan in the report the district posted on Friday."
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{prose}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, prose, NEXT]


def test_a_read_more_link_closing_a_summary_is_cut_and_the_stop_kept(corpus):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE[:-1]}....READ MORE\n\n{NEXT} Read more »\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "read next") == ["...READ MORE", "Read more »"]


def test_wiki_markup_headings_and_an_infobox(corpus):
    doc = read_document(paste(corpus, "pilot.txt", f"""
        = Eastside pilot schools =

        Infobox
        - Name: Eastside pilot schools
        - Founded: 2007
        - Leaders: Ana Ruiz, Tomas Vega Jr.
        - Causes: Overcrowding, Teacher turnover

        {LEDE}

        ==History==
        {NEXT}
        """))
    assert doc.meta["title"] == "Eastside pilot schools"
    assert texts(doc) == [LEDE, NEXT] and [p.section for p in doc.passages] == [None, "History"]
    assert "- Leaders: Ana Ruiz, Tomas Vega Jr." in removed(doc, "infobox")


def test_an_infobox_without_its_label_goes_whole_with_its_caption_and_its_odd_rows(corpus):
    """Rows of "Key: value" under a caption, no label: the run goes, and with it the rows next to it whose value
    is a sentence or nothing, and the caption above; the wiki's headline stays the title."""
    doc = read_document(paste(corpus, "prop-39.txt", f"""
        = 2000 California Proposition 39 =

        Proposition 39
        - Title: School Facilities. Local Majority Vote. Bonds. Initiative.
        - Yes: 5431152
        - No: 4432611
        - Total: 9863763
        - Map: 2000 California Proposition 39 results map by county.svg
        - Mapcaption: Yes: , No:

        {LEDE}

        {NEXT}
        """))
    assert doc.meta["title"] == "2000 California Proposition 39"
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "infobox")) == 7


def test_a_case_record_of_fields_goes_whole_its_values_long_or_glued(corpus):
    doc = read_document(paste(corpus, "serrano.txt", f"""
        Serrano v. Priest (1971)

        {LEDE}

        Citation: 5 Cal.3d 584 (1971) See also: Serrano v. Priest, 18 Cal.3d 728 (1976) (Serrano II), and the third case of 1977
        Court: California Supreme Ct.
        Longer case name: JOHN SERRANO, JR., et al., Plaintiffs and Appellants, v. IVY BAKER PRIEST, as State Treasurer, et al.
        Law type: Civil
        Jurisdiction level:State
        Topic(s):Equal protection, Fourteenth Amendment, and School finance
        Result:Win
        Attorneys:Jane Roe, Ana Ruiz, Tomas Vega and Maria Ortega of the Western Center on Law and Poverty for the plaintiffs.

        Case Importance

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "infobox")) == 8


def test_a_bulleted_table_of_contents_goes(corpus):
    doc = read_document(paste(corpus, "a.txt", f"Table of Contents\n- Key Takeaways\n- Introduction\n- Notes and References\n"
                                               f"- Copyright\nKey Takeaways\n{LEDE}\n{NEXT}\n",
                              sidecar="title: Transitional kindergarten\n"))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "contents")) == 5


def test_a_field_that_sounds_like_an_infobox_row_in_the_text_stays(corpus):
    line = "Causes: the report names overcrowding, turnover and a budget that shrank for five years."
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{line}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, line, NEXT]


@pytest.mark.parametrize("head,title", [
    # a banner for another story above the headline
    ("BREAKING: Storm closes three freeways across the valley\n\nBoard approves the pilot school plan",
     "Board approves the pilot school plan"),
    # a list's lines under the headline: the byline and the source, never the title
    ("Board approves the pilot school plan\n\n  • by:\n  • Source: Valley Courier\n  • 10/27/2023",
     "Board approves the pilot school plan"),
    # a caption right over its credit, under the headline
    ("A site's name | its motto, in a bar\n\nBoard approves the pilot school plan\n\n"
     "Ana Ruiz, head of the parents council\nTomas Vega/AP", "Board approves the pilot school plan"),
    # a deck that goes on from the headline, as long as it
    ("Board approves the pilot school plan for dozens more campuses\n\n"
     "But the union says the timeline leaves teachers too little time", 
     "Board approves the pilot school plan for dozens more campuses"),
    # a headline shaped like a place is still one
    ("Vega Out, Ruiz In", "Vega Out, Ruiz In"),
    # a place under the project's name
    ("The Eastside Pilot Schools Project (EPSP)\n$12 million, three-year grant\nLos Angeles, California\n"
     "Project complete. For details, please write to the institute that ran it.",
     "The Eastside Pilot Schools Project (EPSP)"),
])
def test_title_is_the_headline_past_banners_lists_captions_and_places(corpus, head, title):
    doc = read_document(paste(corpus, "a.txt", head + f"\n\n{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == title and texts(doc)[-2:] == [LEDE, NEXT]


@pytest.mark.parametrize("head,author,published", [
    ("By: Ana Ruiz\n\nBoard approves plan\n\nPublished: September 14, 2022\n\n", "Ana Ruiz", "2022-09-14"),
    (" date 2024-10-03 Advertisement\n\nBoard approves plan\n\nBy Ana RuizStaff Writer\n\n", "Ana Ruiz",
     "2024-10-03"),
    ("Board approves plan\n\nAna Ruiz\nUpdated:\n\n", "Ana Ruiz", None),
    ("Board approves plan\n\n  • Click to view parentvoice22's profile\n    Posted May 1, 2014 by\n\n", None,
     "2014-05-01"),
    # several writers, their outlets among them, a dash, the date and a reading time
    ("Board approves plan\n\nBy Ana Ruiz, Tomas J. Vega, Eastside Ledger, Maya Chen & Eastside Ledger — "
     "March 3, 2021 5 min read\n\n", "Ana Ruiz, Tomas J. Vega, Maya Chen", "2021-03-03"),
    ("Board approves plan\n\nBy Ana Ruiz, Tomas Vega and Maya Chen\n\n", "Ana Ruiz, Tomas Vega, Maya Chen", None),
    # a stray space before the comma, the date in the byline's words; a byline set as a list's item
    ("Board approves plan\n\nBy Ana Ruiz , written on March 3, 2021\n\n", "Ana Ruiz", "2021-03-03"),
    ("Board approves plan\n\n- By Ana Ruiz\n\n", "Ana Ruiz", None),
])
def test_bylines_and_stamps_in_other_shapes_fill_the_metadata(corpus, head, author, published):
    doc = read_document(paste(corpus, "a.txt", f"{head}{LEDE}\n\n{NEXT}\n"))
    assert doc.meta["title"] == "Board approves plan" and texts(doc) == [LEDE, NEXT]
    assert doc.meta.get("author") == author and doc.meta.get("published") == published


def test_a_dateline_after_a_city_and_a_state(corpus):
    lede = f"Pasadena, Calif., June 14, 2016 – {LEDE}"
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\n{lede}\n\n{NEXT}\n"))
    assert doc.meta["published"] == "2016-06-14" and texts(doc) == [lede, NEXT]


def test_headings_that_name_the_subject_of_the_page_stay(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Pilot Schools

        What Are Pilot Schools?

        {LEDE}

        Why Pilot Schools?

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT]
    assert [p.section for p in doc.passages] == ["What Are Pilot Schools?", "Why Pilot Schools?"]


def test_a_caption_between_the_byline_and_the_share_buttons_goes(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        By Ana Ruiz — July 7, 2014 4 min read
        Superintendent Tomas Vega speaks at a news conference downtown on June 10 after the board voted on the plan.
          • Save to favorites
          • Print

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT] and doc.meta["author"] == "Ana Ruiz"
    assert removed(doc, "photo caption")[0].startswith("Superintendent Tomas Vega speaks")


def test_captions_over_their_credits_and_their_copies_go(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        A crossing guard waves students across Main Street on Oct. 8.
        A crossing guard waves students across Main Street on Oct. 8.
        Ana Ruiz/Getty Images
        Tomas Vega, the board's president
        Jane Roe/AP

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT] and doc.meta["title"] == "Board approves plan"


def test_a_list_of_links_under_the_text_goes_and_is_never_joined_to_it(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        {NEXT}
        Resources

        Board Resolution | Bell Schedules
        Family Handbook
        Enrollment Checklist
        Sample Bell Schedule
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT]
    assert "Family Handbook" in removed(doc, "page tail") and "Resources" in removed(doc, "page tail")


@pytest.mark.parametrize("prose", [
    "The board asked staff to dig through the archived minutes of the 1993 plan before the vote.",
    "Several parents said they would forward the survey to neighbors who had not yet heard about the plan.",
    "Your support matters, the superintendent told the teachers, because the plan cannot work without you.",
    "Breaking with the union, two board members voted against the plan on Tuesday night.",
    "The district's new logo, painted on every bus, cost more than the tutoring program it announced.",
])
def test_prose_that_sounds_like_the_new_furniture_is_kept(corpus, prose):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{prose}\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, prose, NEXT]


def test_a_line_under_the_byline_with_no_furniture_under_it_is_no_caption(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        By Ana Ruiz
        Parents hold the board to its promises at every meeting, and they will again.

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == ["Parents hold the board to its promises at every meeting, and they will again.", LEDE, NEXT]


def test_rows_of_an_infobox_without_its_label_go(corpus):
    doc = read_document(paste(corpus, "district.txt", f"""
        = Eastside Unified =

        - Type: Public
        - Enrollment: 41,200
        - Grades: K–12
        - Superintendent: Tomas Vega Jr.
        - Country: United States

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT]
    assert "- Superintendent: Tomas Vega Jr." in removed(doc, "infobox")


@pytest.mark.parametrize("rows", [
    # a note and a Q&A in the text: sentences, or the same keys again
    "Note: The figures below come from the district's own budget office.\n\n" + NEXT,
    "Q: Who pays for it?\nA: The state.\nQ: For how long?\nA: Five years.",
    # an event's details, which a reader keeps
    "When: Tuesday, May 3\nWhere: Belmont High School\nWho: parents and teachers",
    # two fields are no infobox
    "Budget: $1.2 million\nGrades: K–8",
])
def test_fields_in_the_text_are_no_infobox(corpus, rows):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{rows}\n\n{NEXT}\n", sidecar="title: Board approves plan\n"))
    assert not removed(doc, "infobox")
    kept = " ".join(texts(doc))
    assert all(line.split(": ", 1)[1] in kept for line in rows.splitlines() if ": " in line)


def test_a_gallery_whose_credit_repeats_under_each_picture_goes_whole(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        Maya Chen, 15, sketches a mural design,
        Maya Chen, 15, sketches a mural design, one of six chosen for the school's new wing.
        Dana Ortiz/Eastside Wire
        Maya Chen, 15, sketches a mural design,
        Two seniors sort donated books in the library before the first bell.
        Dana Ortiz/Eastside Wire
        Maya Chen, 15, sketches a mural design,
        Parents line up at the front office to sign up for the after-school program.
        Dana Ortiz/Eastside Wire

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT]
    assert "Two seniors sort donated books in the library before the first bell." in removed(doc, "photo caption")
    assert removed(doc, "photo caption").count("Dana Ortiz/Eastside Wire") == 3


ANSWER = "The state gives each district a base grant for every student, then adds more money for students who need more help."


def test_the_questions_of_an_explainer_head_their_answers(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        Pilot Schools: A Short Guide

        What is a pilot school?

        {ANSWER}

        Who decides to become one?

        {LEDE}

        Where did the idea come from?

        {NEXT}
        """))
    assert doc.meta["title"] == "Pilot Schools: A Short Guide"
    assert texts(doc) == [ANSWER, LEDE, NEXT]
    assert [p.section for p in doc.passages] == ["What is a pilot school?", "Who decides to become one?",
                                                 "Where did the idea come from?"]


def test_a_writers_own_questions_set_apart_stay_in_the_text(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        So what went wrong?

        {ANSWER}

        And who will pay for it?

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, "So what went wrong?", ANSWER, "And who will pay for it?", NEXT]


def test_a_bare_release_label_and_the_contact_under_it_head_nothing(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        News Release

        Parents Alliance Welcomes the Board's Vote on Library Aides

        For Release:


        Marta Lindqvist

        {LEDE}

        {NEXT}
        """))
    assert doc.meta["title"] == "Parents Alliance Welcomes the Board's Vote on Library Aides"
    assert texts(doc) == [LEDE, NEXT] and [p.section for p in doc.passages] == [None, None]
    assert "For Release:" in removed(doc, "press release")


def test_a_captions_copy_cut_off_mid_word_goes_with_it(corpus):
    caption = ("Ana Ruiz, principal of Belmont High, greets students at the gate on Monday, Aug. 16, 2021. The "
               "campus reopened after eighteen months of distance learning.")
    doc = read_document(paste(corpus, "a.txt", f"""
        {LEDE}

        {caption}

        Ana Ruiz, principal of Belmont High, greets students at the ga

        {NEXT}
        """, sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and len(removed(doc, "photo caption")) == 2



@pytest.mark.parametrize("caption", [
    "Maya Chen, 15, reads a graphic novel on her tablet in the library at Belmont High.",
    "Tomas Vega, 17, and Lina Park, 16, use laptops to chart their results in a chemistry class.",
    # where someone stands in the picture, in brackets
    "The first board of the district meets with its superintendent, Jane Doe (upper left), 1931.",
])
def test_a_caption_of_people_with_their_ages_doing_what_the_picture_shows_goes(corpus, caption):
    doc = read_document(paste(corpus, "a.txt", f"{caption}\n\n{LEDE}\n\n{NEXT}\n", sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, NEXT] and caption in removed(doc, "photo caption")


@pytest.mark.parametrize("prose", [
    "Maria Lopez, 16, said she reads on her tablet every night because the library closes at three.",
    "Maria Lopez, 16, reads three books a week on her tablet, her English teacher told the board.",
    "Maria Lopez, 16, was one of the first students at the school to get a tablet of her own.",
])
def test_a_news_sentence_about_a_student_and_her_age_is_prose(corpus, prose):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\n{prose}\n\n{NEXT}\n", sidecar="title: Board approves plan\n"))
    assert texts(doc) == [LEDE, prose, NEXT]


def test_a_wire_dateline_opens_the_text_and_is_never_the_headline(corpus):
    short = "EASTMONT (AP) - The district's board voted Tuesday to keep a library aide at every school."
    doc = read_document(paste(corpus, "library-aides.txt", f"""
        By Associated Press - Wednesday, May 4, 2022

        {short}

        {LEDE}
        """))
    assert doc.meta["title"] == "Library aides" and texts(doc) == [short, LEDE]
    assert doc.meta["author"] == "Associated Press" and doc.meta["published"] == "2022-05-04"


def test_a_headline_in_capitals_with_a_dash_is_no_dateline(corpus):
    doc = read_document(paste(corpus, "a.txt", f"""
        EASTMONT SCHOOLS — A NEW BUDGET

        {LEDE}

        {NEXT}
        """))
    assert doc.meta["title"] == "EASTMONT SCHOOLS — A NEW BUDGET" and texts(doc) == [LEDE, NEXT]


def test_a_pictures_alternative_text_cut_at_a_quote_goes_with_its_caption(corpus):
    caption = 'A new club called "Reading Buddies" pairs older students with first graders at Belmont Elementary.'
    doc = read_document(paste(corpus, "a.txt", f"""
        Board approves plan

        A new club called
        {caption}

        {LEDE}

        {NEXT}
        """))
    assert texts(doc) == [LEDE, NEXT]
    assert removed(doc, "photo caption") == ["A new club called", caption]


def test_a_line_repeated_at_the_start_of_the_next_without_a_quote_stays(corpus):
    doc = read_document(paste(corpus, "a.txt", f"{LEDE}\n\nThe board voted\nThe board voted twice on the plan, "
                                               "and both times it passed by one vote.\n\n{NEXT}\n",
                              sidecar="title: Board approves plan\n"))
    assert "The board voted twice on the plan, and both times it passed by one vote." in " ".join(texts(doc))


def test_a_wrapped_line_of_prose_opening_with_by_and_a_date_is_no_byline(corpus):
    wrapped = ("By the end of the meeting on March 3, 2021, the board had voted to keep a library aide at\n"
               "every elementary school in the district.")
    doc = read_document(paste(corpus, "a.txt", f"Board approves plan\n\n{LEDE}\n\n{wrapped}\n\n{NEXT}\n"))
    assert texts(doc) == [LEDE, wrapped.replace("\n", " "), NEXT] and "author" not in doc.meta
