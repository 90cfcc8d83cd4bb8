"""PDF reader: page breaks, paragraphs, columns, superscript markers, footnotes, metadata and the files it refuses.

Each PDF is written with fpdf2 into tmp_path, its lines placed at fixed positions (Times, points, Letter pages), so
what the reader must find is known exactly."""

import re
from datetime import datetime, timezone

import pytest
from fpdf import FPDF

from loaders.errors import CorpusError
from loaders.pdf import Glyph, Line, pdf_date, read_pdf

LEFT, WIDTH = 72, 468  # the text block of a Letter page with one-inch margins


def new_pdf(**info):
    pdf = FPDF(unit="pt", format="letter")
    pdf.core_fonts_encoding = "windows-1252"  # for the bullet
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(info.pop("created", datetime(2011, 3, 4, 10, 0, tzinfo=timezone.utc)))
    for key, value in info.items():
        getattr(pdf, f"set_{key}")(value)
    return pdf


def put(pdf, x, y, text, size=11):
    """Write text with its baseline at y; "^3" writes a superscript 3 (smaller, raised) where it stands."""
    for part in re.split(r"(\^\d+)", text):
        if part.startswith("^"):
            pdf.set_font("Times", size=size * 0.65)
            pdf.text(x, y - size * 0.35, part[1:])
        else:
            pdf.set_font("Times", size=size)
            pdf.text(x, y, part)
        x += pdf.get_string_width(part[1:] if part.startswith("^") else part)


def put_lines(pdf, y, lines, size=11, leading=14, indent=0):
    """Lines one under the other from baseline y, the first indented by indent; returns the next baseline."""
    for i, text in enumerate(lines):
        put(pdf, LEFT + (indent if i == 0 else 0), y, text, size)
        y += leading * size / 11
    return y


def furniture(pdf, number):
    """A running head at the top of the page and its number at the foot."""
    pdf.set_font("Times", size=8)
    pdf.text(LEFT + 180, 40, "Charter Schools in Los Angeles")
    pdf.text(LEFT + 230, 750, str(number))


def paragraphs(lines):
    """Blocks of lines between blank lines (and between pages), each joined into one string."""
    blocks, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def read(pdf, tmp_path, name="doc.pdf"):
    """read_pdf() of the PDF written to tmp_path; its lines checked for the shape the cleaner relies on."""
    path = tmp_path / name
    pdf.output(str(path))
    lines, meta = read_pdf(path)
    # no blank line first, last, twice or beside a "\f"; no line with spaces at its ends
    for before, after in zip(["\f"] + lines, lines + ["\f"]):
        assert not ("" in (before, after) and before in ("", "\f") and after in ("", "\f")), lines
    assert all(line == "\f" or line == line.strip() for line in lines), lines
    return lines, meta


FIRST = ["The Los Angeles Educational Alliance for Restructuring Now asked every school",
         "to write its own plan, and the councils of teachers and parents decided how each",
         "campus would spend its discretionary money."]
SECOND = ["Charter petitions multiplied after the state legislature raised the cap on new",
          "schools, and enrollment in the independent charters grew every year."]
THIRD = ["Pilot schools traded some union work rules for control over budget and staffing."]


def test_pages_are_separated_by_a_form_feed_line(tmp_path):
    pdf = new_pdf()
    for lines in (FIRST, SECOND, THIRD):
        pdf.add_page()
        put_lines(pdf, 100, lines)
    lines, _ = read(pdf, tmp_path)
    assert lines == FIRST + ["\f"] + SECOND + ["\f"] + THIRD


def test_running_heads_page_numbers_and_line_end_hyphens_are_kept(tmp_path):
    pdf = new_pdf()
    for n in (1, 2):
        pdf.add_page()
        furniture(pdf, n)
        put_lines(pdf, 100, ["The district reorganized its administration into eleven local dis-",
                             "tricts, each with its own superintendent."])
    lines, _ = read(pdf, tmp_path)
    page = ["Charter Schools in Los Angeles", "",
            "The district reorganized its administration into eleven local dis-",
            "tricts, each with its own superintendent.", "", "1"]
    assert lines == page + ["\f"] + page[:-1] + ["2"]


def test_paragraphs_break_at_a_gap_an_indent_and_a_change_of_type_size(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, LEFT, 90, "The Reform Years", size=16)  # a heading in larger type, at the line spacing
    y = put_lines(pdf, 110, FIRST)
    y = put_lines(pdf, y + 10, SECOND)  # a gap
    y = put_lines(pdf, y, THIRD + ["Teachers elected the members of every school council."], indent=18)  # an indent
    put_lines(pdf, y, ["Independent evaluators found uneven implementation across the districts."], size=9)
    lines, _ = read(pdf, tmp_path)
    assert paragraphs(lines) == [
        "The Reform Years", " ".join(FIRST), " ".join(SECOND),
        THIRD[0] + " Teachers elected the members of every school council.",
        "Independent evaluators found uneven implementation across the districts."]
    assert lines[:2] == ["The Reform Years", ""] and lines[2:5] == FIRST  # lines as laid out


def test_a_list_item_running_onto_a_second_line_stays_one_paragraph(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, LEFT, 100, "\u2022")
    put(pdf, LEFT + 12, 100, "Site councils gained authority over the categorical funds that had")
    put(pdf, LEFT + 12, 114, "been managed downtown.")
    put(pdf, LEFT, 128, "\u2022")
    put(pdf, LEFT + 12, 128, "The board adopted the A-G course sequence for every student.")
    lines, _ = read(pdf, tmp_path)
    assert paragraphs(lines) == ["\u2022 Site councils gained authority over the categorical funds that had been "
                                 "managed downtown. \u2022 The board adopted the A-G course sequence for every "
                                 "student."]


def two_column_pdf(balance=True):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, LEFT, 90, "Charters and Pilots", size=16)
    pdf.set_y(110)
    pdf.set_font("Times", size=11)
    with pdf.text_columns(ncols=2, gutter=24, text_align="J", balance=balance, line_height=14 / 11) as cols:
        cols.write(text=" ".join(FIRST + SECOND))
        cols.ln()
        cols.ln()
        cols.write(text=" ".join(THIRD * 3))
    pdf.set_y(pdf.get_y() + 20)
    pdf.multi_cell(WIDTH, 14, "Reformers learned that governance changes rarely reach the classroom without "
                              "sustained support from the district and its partners.")
    return pdf


def test_two_columns_are_read_one_after_the_other(tmp_path):
    lines, _ = read(two_column_pdf(), tmp_path)
    assert paragraphs(lines) == [
        "Charters and Pilots", " ".join(FIRST + SECOND), " ".join(THIRD * 3),
        "Reformers learned that governance changes rarely reach the classroom without sustained support from "
        "the district and its partners."]
    assert lines[2] == "The Los Angeles Educational Alliance for Restructuring"  # a column's line, as laid out


@pytest.mark.parametrize("more", [2, 4])
def test_columns_that_run_a_line_or_two_onto_the_next_page(tmp_path, more):
    """One or two lines a side are too few to make columns on their own: the gutter found on the page before
    counts."""
    pdf = new_pdf()
    pdf.set_font("Times", size=11)
    column_lines, line = [], ""
    for word in " ".join(FIRST + SECOND + THIRD * 8).split():  # lines 200 points wide at most
        if line and pdf.get_string_width(f"{line} {word}") > 200:
            column_lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    column_lines = column_lines[:16 + more]
    pages = [column_lines[:16], column_lines[16:]]
    for page in pages:
        pdf.add_page()
        half = len(page) // 2
        for i, text in enumerate(page):
            put(pdf, LEFT + (0 if i < half else 250), 100 + 14 * (i % half), text)
    pdf.set_y(150)
    pdf.set_font("Times", size=11)
    pdf.multi_cell(WIDTH, 14, "Reformers learned that governance changes rarely reach the classroom without "
                              "sustained support from the district and its partners.")
    lines, _ = read(pdf, tmp_path)
    assert len(pages[1]) == more
    assert lines[:16] == column_lines[:16] and lines[16] == "\f" and lines[17: 17 + more] == column_lines[16:]


def test_a_table_is_read_row_by_row(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    rows = [("School year", "Independent", "Affiliated", "Enrollment"), ("2008-09", "140", "10", "51,000"),
            ("2009-10", "160", "12", "60,000"), ("2010-11", "183", "13", "70,000")]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            put(pdf, LEFT + 120 * j, 100 + 14 * i, cell)
    lines, _ = read(pdf, tmp_path)
    assert [re.split(r"\s{3,}", line) for line in lines] == [list(row) for row in rows]


def test_a_superscript_marker_is_glued_to_its_word(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put_lines(pdf, 100, ["The board voted for the reform.^3 The union objected to its terms, and",
                         "the district waited.^12 Then it acted."])
    lines, _ = read(pdf, tmp_path)
    assert lines == ["The board voted for the reform.3 The union objected to its terms, and",
                     "the district waited.12 Then it acted."]


def test_footnotes_at_the_page_foot_are_paragraphs_of_their_own(tmp_path):
    pdf = new_pdf()
    for page, (notes, first) in enumerate([(["3", "4"], 3), (["^5", "^6"], 5)], start=1):
        pdf.add_page()
        furniture(pdf, page)
        put_lines(pdf, 100, [f"The board voted for the reform.^{first} The union objected to its terms,",
                             f"and the district waited for a ruling.^{first + 1}"])
        pdf.line(LEFT, 668, LEFT + 120, 668)
        y = 680
        for number in notes:  # no gap between them: the next number starts the next note
            y = put_lines(pdf, y, [f"{number} A note in smaller type that runs onto a second line, as notes do",
                                   "when they cite a report."], size=8, leading=12)
    lines, _ = read(pdf, tmp_path)
    blocks = paragraphs(lines)
    notes = [b for b in blocks if re.match(r"^\d \w", b) and "note" in b]
    assert [b[0] for b in notes] == ["3", "4", "5", "6"]
    assert notes[2] == "5 A note in smaller type that runs onto a second line, as notes do when they cite a report."
    assert "The board voted for the reform.5 The union objected to its terms," in lines
    # at the foot of each page: its notes, then its page number
    assert blocks[blocks.index(notes[1]) + 1] == "1" and blocks[-1] == "2"


def test_metadata_from_the_document_info(tmp_path):
    pdf = new_pdf(title="Charter Growth in Los Angeles", author="Jane Doe",
                  created=datetime(2015, 6, 17, 9, 30, tzinfo=timezone.utc))
    pdf.add_page()
    put_lines(pdf, 100, THIRD)
    _, meta = read(pdf, tmp_path)
    assert meta == {"title": "Charter Growth in Los Angeles", "author": "Jane Doe", "published": "2015-06-17"}


@pytest.mark.parametrize("title,author", [("Microsoft Word - report final.docx", "Administrator"),
                                          ("untitled", "  "), ("C:\\Reports\\lausd.pdf", "user"),
                                          ("lausd_board_report_v3", "HP Authorized Customer")])
def test_junk_in_the_document_info_is_skipped(tmp_path, title, author):
    pdf = new_pdf(title=title, author=author)
    pdf.add_page()
    put_lines(pdf, 100, THIRD)
    _, meta = read(pdf, tmp_path)
    assert meta == {"published": "2011-03-04"}


@pytest.mark.parametrize("value,expected", [
    ("D:20150617093000-08'00'", "2015-06-17"), ("D:2009", "2009"), ("D:20091399", "2009"), ("20120229", "2012-02-29"),
    ("D:19920101", None), ("D:29990101", None), ("", None), ("June 2015", None)])
def test_pdf_dates(value, expected):
    assert pdf_date(value) == expected


def test_a_space_glyph_that_does_not_advance_is_no_space():
    """Chromium writes a space glyph of no advance at each soft hyphen ("partn ership")."""
    def glyphs(text, x, spaces=()):
        out = []
        for i, c in enumerate(text):
            width = 0 if i in spaces else 5
            out.append(Glyph(c, x, x + (2.75 if c == " " else width), 100, 111, 11))
            x += width if c == " " else 5
        return out

    assert Line(glyphs("partn ership", 72, spaces={5})).text == "partnership"
    assert Line(glyphs("the plan", 72)).text == "the plan"


def test_hyphens_at_a_line_end_come_out_as_hyphen_minus():
    """What the cleaner rejoins: "-", not Unicode's hyphen or a soft hyphen (one inside a line is dropped)."""
    def line(text):
        return Line([Glyph(c, 72 + 5 * i, 77 + 5 * i, 100, 111, 11) for i, c in enumerate(text)]).text

    assert line("reorgan\u2010") == "reorgan-"
    assert line("reorgan\u00ad") == "reorgan-"
    assert line("reor\u00adganized") == "reorganized"


def test_a_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("Minutes of the board meeting\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"notes\.pdf:1: not a PDF \(no '%PDF-' header\)"):
        read_pdf(path)


def test_a_damaged_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nthe rest is missing")
    with pytest.raises(CorpusError, match=r"broken\.pdf:1: not a readable PDF"):
        read_pdf(path)


def test_an_encrypted_pdf(tmp_path):
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    put_lines(pdf, 100, THIRD)
    with pytest.raises(CorpusError, match=r"locked\.pdf:1: encrypted PDF: it needs a password"):
        read(pdf, tmp_path, "locked.pdf")


def test_a_pdf_only_restricted_by_an_owner_password_is_read(tmp_path):
    """Viewers open it without asking for a password; so does the reader."""
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner")
    pdf.add_page()
    put_lines(pdf, 100, THIRD)
    assert read(pdf, tmp_path)[0] == THIRD


def test_a_pdf_with_no_text_layer(tmp_path):
    pdf = new_pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(LEFT, 100, 300, 400, style="F")  # a scanned page: an image, no text
    with pytest.raises(CorpusError, match=r"scan\.pdf:1: no text layer: a scanned PDF needs OCR first"):
        read(pdf, tmp_path, "scan.pdf")
