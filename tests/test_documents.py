"""Document loader: front matter, cleaning rules, passages, footnotes, headings."""

from pathlib import Path

import pytest

from loaders.corpus import read_documents
from loaders.documents import clean_text, is_heading, read_cleaning_rules, read_document
from loaders.errors import CorpusError
from conftest import CORPUS, own_knowledge_file, write_document

RULES = read_cleaning_rules(CORPUS)


def texts(doc):
    return [p.text for p in doc.passages]


def test_front_matter_is_kept_as_strings(corpus):
    path = write_document(corpus, "a", "Some text here.", title="A title", published="2015-06-17",
                          author="Jane Doe", kind="opinion")
    doc = read_document(path)
    assert doc.meta == {"title": "A title", "published": "2015-06-17", "author": "Jane Doe", "kind": "opinion"}
    assert doc.slug == "a"


@pytest.mark.parametrize("date", ["2015", "2015-06", "2015-06-17"])
def test_dates_in_three_precisions(corpus, date):
    assert read_document(write_document(corpus, "a", "Text.", published=date)).meta["published"] == date


@pytest.mark.parametrize("meta,message", [
    ({"published": "sometime in June"}, ":4: bad date 'sometime in June'"),
    ({"published": "2015-13-01"}, "bad date"),
    ({"published": "June 31, 2015"}, "bad date"),
    ({"url": "javascript:alert(1)"}, ":4: 'url' must be a web address"),
    ({"title": "''"}, "'title' is required"),
])
def test_bad_front_matter(corpus, meta, message):
    path = write_document(corpus, "a", "Text.", author="X", title=meta.pop("title", "T"), **meta)
    with pytest.raises(CorpusError, match=message):
        read_document(path)


def test_unknown_key_is_left_out_with_a_warning(corpus):
    write_document(corpus, "a", "Text.", title="T", tags="LAUSD, charters")
    [doc] = read_documents(corpus)
    assert "tags" not in doc.meta
    assert doc.warnings == [f"{corpus / 'documents' / 'a.md'}:3: unknown key 'tags' left out (known: title, "
                            "author, published, publication, url, kind, notes, source_file)"]


def test_no_front_matter(corpus):
    path = corpus / "documents" / "a.md"
    path.write_text("Just text.\n")
    with pytest.raises(CorpusError, match=r"a\.md:1: no YAML front matter"):
        read_document(path)


def test_missing_title(corpus):
    path = corpus / "documents" / "a.md"
    path.write_text("---\nauthor: X\n---\n\nText.\n")
    with pytest.raises(CorpusError, match=r"a\.md:2: 'title' is required"):
        read_document(path)


def test_not_utf8_names_the_line(corpus):
    path = corpus / "documents" / "a.md"
    path.write_bytes(b"---\ntitle: T\n---\n\nfine\n\ncaf\xe9 latin-1\n")
    with pytest.raises(CorpusError, match=r"a\.md:7: not UTF-8 text \(byte 0xe9"):
        read_document(path)


def test_documents_read_over_several_processes_as_in_one():
    unseen = Path(__file__).parent / "fixtures" / "unseen"
    assert read_documents(unseen, processes=2) == read_documents(unseen, processes=1)


def test_bad_document_read_in_another_process_names_its_line(corpus):
    write_document(corpus, "a", "Text.")
    write_document(corpus, "b", "Text.", published="June 33, 2015")
    with pytest.raises(CorpusError, match=r"b\.md:2: bad date 'June 33, 2015'"):
        read_documents(corpus, processes=2)


def test_empty_body(corpus):
    path = write_document(corpus, "a", "")
    with pytest.raises(CorpusError, match=r"a\.md:4: the body is empty"):
        read_document(path)


def test_body_of_only_boilerplate_is_empty(corpus):
    path = write_document(corpus, "a", "• Print\n• Share\n\nRead Next", title="T")
    with pytest.raises(CorpusError, match="the body is empty"):
        read_document(path)


def test_web_boilerplate_removed(corpus):
    path = write_document(corpus, "a", """
        Politics Opinion

        Why Boards Fail

        By Jane Q. Public — March 3, 2019 4 min read
          • Save to favorites
          • Print
          • Share on Facebook

        Your donation keeps this newsroom independent. Please donate today.

        The board met on Tuesday and voted against the plan.

        The opinions expressed in Board Watch are strictly those of the author(s) and do not reflect the views of the publisher.

        Read Next
        """, title="Why Boards Fail", author="Jane Q. Public", published="2019-03-03")
    doc = read_document(path)
    assert texts(doc) == ["The board met on Tuesday and voted against the plan."]
    assert {reason for _, _, reason in doc.removed} == {
        "masthead", "byline", "share button", "donation appeal", "disclaimer", "read next"}


def test_byline_with_affiliation_and_pipe_date(corpus):
    doc = read_document(write_document(corpus, "a", """
        Jane Doe | December 18, 2012

        A sentence about schools.
        """, author="Jane Doe"))
    assert texts(doc) == ["A sentence about schools."]
    doc = read_document(write_document(corpus, "b", """
        Jane Doe, Claremont Graduate University

        A sentence about schools.
        """, author="Jane Doe"))
    assert texts(doc) == ["A sentence about schools."]


def test_prose_mentioning_the_author_is_not_a_byline(corpus):
    doc = read_document(write_document(corpus, "a", """
        Jane Doe argued in 2012 that the board should act, and it did.
        """, author="Jane Doe"))
    assert len(doc.passages) == 1


def test_leftover_short_lines_are_never_glued_to_prose(corpus):
    """A caption, a label or a bio left between paragraphs stays apart: with no page break between them and
    the next paragraph starting a sentence, nothing says the text runs on."""
    doc = read_document(write_document(corpus, "a", """
        Students line up outside Roosevelt High School in Boyle Heights

        The board voted on Tuesday to let teachers run their own schools, a change the union had sought.

        What comes next

        The district will name the first campuses in September, officials said on Wednesday.
        """))
    assert texts(doc)[-2:] == [
        "The board voted on Tuesday to let teachers run their own schools, a change the union had sought.",
        "The district will name the first campuses in September, officials said on Wednesday.",
    ]
    assert doc.passages[-1].section == "What comes next"


def test_page_breaks_mended(corpus):
    doc = read_document(write_document(corpus, "a", """
        College training and licenses were

        required for teachers and administrators.

        The hollowing out is made worse by its finances. A blue ribbon panel called together by former Superintendent Ramon

        Cortines projected a deficit.

        Heroic Reform Efforts

        A complete paragraph.
        """))
    assert texts(doc) == [
        "College training and licenses were required for teachers and administrators.",
        "The hollowing out is made worse by its finances. A blue ribbon panel called together by former "
        "Superintendent Ramon Cortines projected a deficit.",
        "A complete paragraph.",
    ]
    assert doc.passages[1].line == 9  # a mended passage starts where its first part starts
    assert doc.passages[2].section == "Heroic Reform Efforts"


def test_markdown_escapes_and_emphasis_undone_whitespace_collapsed(corpus):
    doc = read_document(write_document(corpus, "a", r"""
        A \$333-million   deficit, in *Learning from L.A.*, a 2\*3 grid and 5 \* 4.
        """))
    assert texts(doc) == ["A $333-million deficit, in Learning from L.A., a 2*3 grid and 5 * 4."]
    assert clean_text("a\u00a0 b") == "a b"


@pytest.mark.parametrize("line,cleaned", [
    ("= Pilot schools =", "# Pilot schools"),
    ("==Background==", "## Background"),
    ("=== Early years ===", "### Early years"),
    ("a = b =", "a = b ="),  # no heading: the markup opens the line
    ("== unclosed =", "== unclosed ="),  # the marks on both sides differ
    ("====", "===="),  # a rule
])
def test_wiki_heading_markup_becomes_a_marked_heading(line, cleaned):
    assert clean_text(line) == cleaned


def test_a_marked_heading_over_its_text_with_no_blank_line_heads_it(corpus):
    doc = read_document(write_document(corpus, "a", """
        Intro paragraph of the text, which says what the plan is.

        ## Background
        The plan was first put to the board in 1993, and it passed.
        """))
    assert texts(doc)[-1] == "The plan was first put to the board in 1993, and it passed."
    assert doc.passages[-1].section == "Background"


def test_headings_kept_as_sections(corpus):
    doc = read_document(write_document(corpus, "a", """
        Intro paragraph.

        # Marked Heading

        Under the marked heading.

        1. Continue Decentralization

        Under a numbered heading.

        Charters are Parasitic

        Under a title-case heading.
        """))
    assert [(p.section, p.text) for p in doc.passages] == [
        (None, "Intro paragraph."),
        ("Marked Heading", "Under the marked heading."),
        ("1. Continue Decentralization", "Under a numbered heading."),
        ("Charters are Parasitic", "Under a title-case heading."),
    ]


@pytest.mark.parametrize("text,heading", [
    ("Heroic Reform Efforts", True),
    ("The Peace Dividend: A Design for a 21st Century School System", True),
    ("Conclusion: Why Don't We Claim the Peace Dividend?", True),
    ("Expanding Charters v. Improving the District", True),
    ("A blue ribbon review panel called together by former Superintendent Ramon", False),
    ("The critical question for", False),
    ("This sentence is over.", False),
])
def test_is_heading(text, heading):
    assert is_heading(text, RULES) is heading


def test_footnotes_detached_and_linked(corpus):
    doc = read_document(write_document(corpus, "a", """
        Stakeholders explored new initiatives.1 With backing, LEARN was adopted in 1993. Its
        system,2 the slow pace and “gauges of accomplishment.”3 Learning 2.0 and 10.5 stay.

        Footnotes

        1 Initially, schools applied to participate.

        2 The Public School Accountability Act was adopted in 1999.

        3 See Herman and Baker.
        """))
    body, *notes = doc.passages
    assert body.text == ("Stakeholders explored new initiatives. With backing, LEARN was adopted in 1993. Its "
                         "system, the slow pace and “gauges of accomplishment.” Learning 2.0 and 10.5 stay.")
    assert [(n.kind, n.footnote_number, n.text) for n in notes] == [
        ("footnote", 1, "Initially, schools applied to participate."),
        ("footnote", 2, "The Public School Accountability Act was adopted in 1999."),
        ("footnote", 3, "See Herman and Baker."),
    ]
    assert [number for _, number in body.footnote_refs] == [1, 2, 3]
    assert [body.text[start - 1] for start, _ in body.footnote_refs] == [".", ",", "”"]


def test_digits_after_punctuation_are_not_markers_without_footnotes(corpus):
    doc = read_document(write_document(corpus, "a", "It grew by 5.1 percent in the year.3 Then it fell."))
    assert doc.passages[0].text == "It grew by 5.1 percent in the year.3 Then it fell."


def test_table_kept_out_of_prose(corpus):
    doc = read_document(write_document(corpus, "a", """
        Text before.

        \tA\tB
        2001-02\t1\t2
        2002-03\t3\t4

        Figure: 1 Counts by Year

        Source: The Office

        Text after.
        """))
    assert texts(doc) == ["Text before.", "Text after."]
    (table,) = doc.tables
    assert table.header == ["", "A", "B"]
    assert [cells for _, cells in table.rows] == [["2001-02", "1", "2"], ["2002-03", "3", "4"]]
    assert (table.caption, table.source, table.line) == ("Counts by Year", "The Office", 7)


def test_prose_that_mentions_donations_or_photos_is_kept(corpus):
    text = ("Teachers who become a member of UTLA pay dues, and the union says your donation to its political fund "
            "is voluntary; an AP photo of the 1989 strike hangs in its office, where organizers still meet every "
            "week to plan the next campaign for smaller classes and higher pay across the district.")
    doc = read_document(write_document(corpus, "a", text))
    assert texts(doc) == [text]


# --- corpus/cleaning.yml -----------------------------------------------------------------------------------

AUDIO_RULE = """  - name: podcast player
    catches: the player of a podcast's page ("Hear this episode")
    pattern: '^hear this (episode|story)$'
"""


def test_a_corpus_folder_cleans_by_its_own_rules(corpus):
    write_document(corpus, "a", """
        The board met on Tuesday and voted against the plan.

        Hear this episode

        The vote was close.
        """)
    (doc,) = read_documents(corpus)
    assert texts(doc)[1] == "Hear this episode"  # the repository's rules keep the line
    own_knowledge_file(corpus, "cleaning.yml", "boilerplate:\n", "boilerplate:\n" + AUDIO_RULE)
    (doc,) = read_documents(corpus)
    assert texts(doc) == ["The board met on Tuesday and voted against the plan.", "The vote was close."]
    assert doc.removed == [(7, "Hear this episode", "podcast player")]


@pytest.mark.parametrize("old,new,at,message", [
    # a pattern that does not compile, named by its rule
    (r"""pattern: '^(https?://|www\.)\S+$'""", r"""pattern: '^(https?://|www\.\S+$'""", "https?://",
     r"rule 'link': the pattern does not compile: missing \)"),
    # a fragment nobody defined
    (r"\(@\w+\)\s*{month}", r"\(@\w+\)\s*{mnth}", "{mnth}", r"rule 'embedded post': unknown fragment '\{mnth\}'"),
    # an unknown key, on its own line
    ("boilerplate:\n", "boilerplate:\n" + AUDIO_RULE + "    colour: red\n", "colour: red", "unknown key 'colour'"),
    # a rule without a name: the line where the rule starts
    ("boilerplate:\n", "boilerplate:\n" + AUDIO_RULE.replace("- name: podcast player\n    ", "- "), "- catches:",
     "'name' is required"),
    # a fragment used before it is defined
    ("fragments:\n", "fragments:\n  - name: early\n    catches: a share button\n    pattern: '{share}'\n", "{share}",
     r"fragment 'early': unknown fragment '\{share\}' \(fragments defined above it: none\)"),
    # a misspelt key of the passes
    ("notes_heading:\n", "notes_headings:\n", "notes_headings:", "unknown key 'notes_headings'"),
    # two rules of one name that do different things on a match (the removals are known by name)
    ("boilerplate:\n", "boilerplate:\n" + AUDIO_RULE + AUDIO_RULE.replace("    pattern", "    ends_text: true\n    pattern")
     .replace("podcast player\n", "podcast player  # again\n"), "# again", r"rule 'podcast player' differs in ends_text, box, heads_list or list_item from the rule of that "
     r"name at line \d+"),
])
def test_bad_cleaning_yml_names_its_line(corpus, old, new, at, message):
    lines = own_knowledge_file(corpus, "cleaning.yml", old, new)
    line = next(n for n, text in enumerate(lines, start=1) if at in text)
    with pytest.raises(CorpusError, match=rf"cleaning\.yml:{line}: {message}"):
        read_cleaning_rules(corpus)


def test_a_heading_with_nothing_under_it_is_recorded(corpus):
    """A heading followed by another heading heads no text: it is removed, and recorded to be checked (one below
    the text is the page's tail)."""
    doc = read_document(write_document(corpus, "a", """
        Intro paragraph with enough words to be a paragraph of the text.

        Where the Money Goes

        Tracking the Dollars

        Under the second heading.

        Related Coverage Elsewhere
        """))
    assert [(p.section, p.text) for p in doc.passages][1:] == [("Tracking the Dollars", "Under the second heading.")]
    assert [t for _, t, r in doc.removed if r == "empty heading"] == ["Where the Money Goes"]
    assert [t for _, t, r in doc.removed if r == "page tail"] == ["Related Coverage Elsewhere"]


@pytest.mark.parametrize("text,heading", [
    ("Frederic J. Brown", False),  # a name with an initial: a credit's or a byline's
    ("Enrollment (2019-20) |", False),  # a cell of a layout table
    ("Campaign Finance", True),
])
def test_names_and_cells_are_not_headings(text, heading):
    assert is_heading(text, RULES) is heading


def test_a_sentence_closed_by_several_citation_markers_is_not_mended_with_the_next(corpus):
    first = ("The union endorsed her before the primary, and she made charter oversight the main plank of her "
             "campaign.[3][4]")
    second = ("Her opponent called himself a coalition builder and spoke mostly about after-school programs and "
              "mental health services.[5]")
    doc = read_document(write_document(corpus, "a", f"{first}\n\n{second}"))
    assert texts(doc) == [first.replace("[3][4]", ""), second.replace("[5]", "")]
