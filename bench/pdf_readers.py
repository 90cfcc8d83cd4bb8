"""pypdf or pdfplumber for loaders/pdf.py: both measured on the same PDFs, printed as one table.

    .venv/bin/python bench/pdf_readers.py

The PDFs: two real TeX documents of this machine (libtasn1's manual, texinfo; the shared-mime-info spec,
DocBook), each checked against the same text in another format (the info file, the HTML); a three-page report
printed by Chromium through Playwright (running head, "Page N of M", two-column sections, superscript markers,
notes in small type, soft hyphens); a four-page report made with fpdf2 (footnotes at the page foot, superscript
markers, first-line indents, a paragraph cut by a page break, a two-column page). A file that is missing (or
Chromium, for the report) is skipped.

The readers:
- "pdfplumber": loaders.pdf.read_pdf, the module's layout over pdfplumber's glyphs (each with its box and size);
- "pypdf runs": the same layout code over the text runs of pypdf's layout mode (a private API), which know where
  each run starts and ends, its font size and pypdf's own spaces; a run's words are placed in it by length;
- "pypdf visitor": the same over pypdf's public text visitor, which gives where a run starts, not where it ends;
- "pypdf text", "pdfplumber text": the libraries' own extract_text(), pages joined by "\f", for reference.

The columns:
- ms/page: reading time a page (the best of three runs);
- bad words: per 1000 words of the output, words run together ("SharedMIME") or split ("partn ership",
  "s p a c e d"), judged against the vocabulary of the reference text;
- in order: reference paragraphs found in one piece in the output, its paragraphs joined (page furniture
  removed, paragraphs cut by a page break mended, as the cleaner does; spaces ignored, counted under bad words):
  reading order;
- 2-col: the same for the paragraphs of two-column sections;
- paragraphs: reference paragraphs that are exactly one paragraph of the output (a break before and after);
- breaks: paragraph breaks of the reference found, and breaks the output adds ("+n"), in the generated reports;
- markers: superscript footnote markers glued to their word ("reform.3"), in the generated reports.
"""

import difflib
import gzip
import html as html_module
import math
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.pdf import Glyph, layout, read_pdf  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LIBTASN1 = Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf")
LIBTASN1_INFO = Path("/usr/share/info/libtasn1.info.gz")
MIME_SPEC = Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf")
MIME_SPEC_HTML = Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.html")


# --- the generated reports ------------------------------------------------------------------------------------

SENTENCES = [
    "The Los Angeles Educational Alliance for Restructuring Now asked schools to write their own plans",
    "Teachers and parents sat on the councils that decided how each campus spent its discretionary money",
    "The district's enrollment peaked near seven hundred thousand students in the early years of the decade",
    "Superintendent Ramon Cortines returned twice to steady an administration shaken by budget cuts",
    "Charter petitions multiplied after the state legislature raised the cap on new schools",
    "Public School Choice invited outside operators to bid for new and struggling campuses",
    "Pilot schools traded some union work rules for control over budget, staffing and curriculum",
    "The board of education adopted the A-G course sequence as a graduation requirement for every student",
    "Foundation money from the Annenberg challenge paid for coaching, planning time and evaluation",
    "Critics argued that decentralization shifted responsibility without shifting the authority to act",
    "Principals in the small schools reported more contact with families and fewer discipline referrals",
    "The teachers union negotiated a memorandum that protected seniority while allowing local waivers",
    "Independent evaluators found uneven implementation across the eleven local districts",
    "Reformers learned that governance changes rarely reach the classroom without sustained support",
    "Enrollment in affiliated charters grew more slowly than in the independent ones",
    "Budget reductions in the recession forced the district to lay off thousands of employees",
    "School site councils gained authority over categorical funds that had been managed downtown",
    "Community organizations campaigned for new high schools in the overcrowded eastern neighborhoods",
    "The mayor's partnership took over a group of low-performing schools in Boyle Heights and Watts",
    "Accountability measures drawn from test scores were published for every campus each autumn",
]


def paragraphs(seed, count, sentences=(3, 5)):
    """count paragraphs of sentences drawn with a fixed seed."""
    rng = random.Random(seed)
    return [". ".join(rng.sample(SENTENCES, rng.randint(*sentences))) + "." for _ in range(count)]


def with_marker(text, n):
    """The marker n glued after the first sentence: "… plans.3 Teachers …"."""
    cut = text.index(".") + 1
    return f"{text[:cut]}{n}{text[cut:]}"


def note_text(n):
    return f"{n} {SENTENCES[n * 3 % len(SENTENCES)]}, as reported in the evaluation."


def report_items():
    """The Chromium report as [(kind, text, layout)]: kind title, heading, para or note; layout indent (first-line
    indents), gap (space between paragraphs) or columns (two columns)."""
    sections = [("The LEARN Years", "indent", 4, [1, 2]), ("Charters and Pilots", "columns", 5, [3]),
                ("Public School Choice", "gap", 5, [4, 5]), ("What the Evaluators Found", "columns", 6, [6]),
                ("Lessons for the Next Reform", "gap", 3, [7])]
    rng = random.Random(7)
    items = [("title", "Decentralization in Los Angeles: Twenty Years of Reform", "gap")]
    for seed, (heading, kind, count, notes) in enumerate(sections, start=1):
        items.append(("heading", heading, kind))
        where = rng.sample(range(count), len(notes))
        for i, text in enumerate(paragraphs(seed, count)):
            items.append(("para", with_marker(text, notes[where.index(i)]) if i in where else text, kind))
        items += [("note", note_text(n), kind) for n in notes]
    return items


def report_html(items):
    css = """
    body { font-family: 'Liberation Serif'; font-size: 11pt; line-height: 1.4; margin: 0; }
    h1 { font-size: 20pt; margin: 0 0 14pt; }
    h2 { font-size: 14pt; margin: 16pt 0 6pt; }
    p { margin: 0 0 8pt; text-align: justify; hyphens: manual; }
    .indent p { margin: 0; text-indent: 1.6em; }
    .columns { columns: 2; column-gap: 2.2em; }
    .notes { margin-top: 8pt; }
    .notes p { font-size: 8.5pt; margin: 0 0 3pt; text-indent: 0; }
    sup { font-size: 65%; line-height: 0; }
    """
    long_word = re.compile(r"[A-Za-z]{11,}")
    body, notes, open_section = [], [], False

    def close():
        if open_section:
            body.append("</div>")
        if notes:
            body.append('<div class="notes">' + "".join(f"<p>{n}</p>" for n in notes) + "</div>")
            notes.clear()

    for kind, text, style in items:
        if kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif kind == "heading":
            close()
            body.append(f'<h2>{text}</h2><div class="{style}">')
            open_section = True
        elif kind == "para":
            text = long_word.sub(lambda m: m.group(0)[:5] + "&shy;" + m.group(0)[5:], text)  # soft hyphens
            body.append("<p>" + re.sub(r"\.(\d)", r".<sup>\1</sup>", text) + "</p>")
        else:
            notes.append(text)
    close()
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Decentralization in Los Angeles"
            f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>")


def make_chromium_report(path):
    """Print the report with Chromium; its items, or None without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    items = report_items()
    style = "font-size:8pt;width:100%;text-align:center;font-family:'Liberation Sans'"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(report_html(items))
        page.pdf(path=str(path), format="Letter", display_header_footer=True,
                 header_template=f'<div style="{style}">Los Angeles School Reform: A Report</div>',
                 footer_template=f'<div style="{style}">Page <span class="pageNumber"></span> of '
                                 '<span class="totalPages"></span></div>',
                 margin={"top": "0.9in", "bottom": "0.9in", "left": "0.85in", "right": "0.85in"})
        browser.close()
    return items


def make_fpdf_report(path):
    """Four pages made with fpdf2; returns the items."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_margins(72, 72, 72)
    pdf.set_title("Charter Growth in Los Angeles")
    pdf.set_author("Reform Research Group")
    items = []
    leading = 14

    def furniture(number):
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(72, 40)
        pdf.cell(pdf.epw, 10, "Reform Research Group - Working Paper 4", align="C")
        pdf.set_xy(72, 740)
        pdf.cell(pdf.epw, 10, str(number), align="C")

    def write(text, indent=0.0, size=11):
        """A paragraph in Times, its markers ("plans.3") as superscripts."""
        pdf.set_font("Times", size=size)
        pdf.set_x(72 + indent)
        for part in re.split(r"(?<=\.)(\d)(?= )", text):
            if part.isdigit():
                pdf.char_vpos = "SUP"
                pdf.write(leading, part)
                pdf.char_vpos = "LINE"
            else:
                pdf.write(leading * size / 11, part)
        pdf.ln(leading * size / 11)

    def heading(text):
        pdf.set_font("Helvetica", "B", 13)
        pdf.ln(8)
        pdf.set_x(72)
        pdf.cell(pdf.epw, 18, text)
        pdf.ln(22)
        items.append(("heading", text, "gap"))

    def footnotes(numbers, superscript=False):
        pdf.set_draw_color(0)
        y = 700 - 11 * len(numbers) * 2
        pdf.line(72, y - 6, 200, y - 6)
        pdf.set_y(y)
        for n in numbers:
            text = note_text(n)
            pdf.set_font("Times", size=8)
            pdf.set_x(72)
            if superscript:
                pdf.char_vpos = "SUP"
                pdf.write(10, str(n))
                pdf.char_vpos = "LINE"
                pdf.set_font("Times", size=8)
                pdf.write(10, " " + text.split(" ", 1)[1])
            else:
                pdf.write(10, text)
            pdf.ln(12)
            items.append(("note", text, "gap"))

    # page 1: title, first-line indents, notes 1-2 at the foot, the last paragraph cut by the page break
    pdf.add_page()
    furniture(1)
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(72, 80)
    pdf.cell(pdf.epw, 24, "Charter Growth in Los Angeles")
    pdf.ln(34)
    items.append(("title", "Charter Growth in Los Angeles", "gap"))
    texts = paragraphs(11, 5)
    texts[1], texts[3] = with_marker(texts[1], 1), with_marker(texts[3], 2)
    for text in texts[:4]:
        write(text, indent=18)
        items.append(("para", text, "indent"))
    cut = texts[4].index(" ", len(texts[4]) // 2)
    write(texts[4][:cut], indent=18)
    items.append(("para", texts[4], "indent"))
    footnotes([1, 2])
    # page 2: the cut paragraph goes on; paragraphs apart by a gap; notes 3-4 numbered by superscripts
    pdf.add_page()
    furniture(2)
    pdf.set_y(80)
    write(texts[4][cut + 1:])
    pdf.ln(8)
    heading("Growth of Independent Charters")
    texts = paragraphs(12, 4)
    texts[0], texts[2] = with_marker(texts[0], 3), with_marker(texts[2], 4)
    for text in texts:
        write(text)
        pdf.ln(8)
        items.append(("para", text, "gap"))
    footnotes([3, 4], superscript=True)
    # page 3: two justified columns under a full-width heading, then a full-width paragraph
    pdf.add_page()
    furniture(3)
    pdf.set_y(80)
    heading("Affiliated Charters")
    texts = paragraphs(13, 5)
    texts[2] = with_marker(texts[2], 5)
    pdf.set_font("Times", size=11)
    with pdf.text_columns(ncols=2, gutter=24, text_align="J", line_height=1.2, balance=True) as cols:
        for text in texts:
            head, _, rest = text.partition(".5")
            cols.write(text=head + ("." if rest else ""))
            if rest:
                pdf.char_vpos = "SUP"
                cols.write(text="5")
                pdf.char_vpos = "LINE"
                cols.write(text=rest)
            cols.ln()
            cols.ln()
            items.append(("para", text, "columns"))
    pdf.ln(10)
    text = paragraphs(14, 1)[0]
    write(text)
    items.append(("para", text, "gap"))
    footnotes([5])
    # page 4: a short closing section
    pdf.add_page()
    furniture(4)
    pdf.set_y(80)
    heading("Closing Notes")
    texts = paragraphs(15, 2)
    texts[1] = with_marker(texts[1], 6)
    for text in texts:
        write(text, indent=18)
        items.append(("para", text, "indent"))
    footnotes([6])
    pdf.output(str(path))
    return items


# --- the references of the TeX documents -----------------------------------------------------------------------

def info_paragraphs(path):
    """Prose paragraphs of an info file: blocks of a dozen words or more, not examples, menus or bullets."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if (not lines[0].strip() or lines[0].startswith(("     ", "File:", "*", "\x1f")) or lines[0].lstrip()[:1]
                in "*-=•" or any(re.match(r"^[=*-]{4,}$", t.strip()) for t in lines)):
            continue
        paragraph = " ".join(t.strip() for t in lines)
        if len(paragraph.split()) >= 12:
            found.append(paragraph)
    return found


def html_paragraphs(folder):
    """<p> texts of an HTML document (every page of it), a dozen words or more."""
    found = []
    for page in sorted(Path(folder).glob("*.html")):
        for p in re.findall(r"<p\b[^>]*>(.*?)</p\s*>", page.read_text(encoding="utf-8", errors="replace"), re.S | re.I):
            text = html_module.unescape(re.sub(r"<[^>]+>", "", p))
            if len(text.split()) >= 12:
                found.append(" ".join(text.split()))
    return found


# --- the readers -----------------------------------------------------------------------------------------------

def read_pdfplumber(path):
    return read_pdf(path)[0]


def read_pypdf_visitor(path):
    """The module's layout over pypdf's text visitor (its public API): each run's start, font size and text, but not
    where it ends (half an em a character, cut at the next run on the line)."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(path).pages:
        height = float(page.mediabox.top)
        runs = []

        def visit(text, cm, tm, font, size):
            if not text.strip():
                return
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if abs(b) > 0.01 or abs(c) > 0.01 or a <= 0:  # rotated
                return
            em = size * math.hypot(c, d)
            runs.append((text, x, height - y, em))

        page.extract_text(visitor_text=visit)
        glyphs = []
        for i, (text, x, baseline, em) in enumerate(runs):
            # a run ends where the next one on its baseline starts, or half an em a character on
            end = x + 0.5 * em * len(text.rstrip("\n"))
            following = [r[1] for r in runs[i + 1: i + 2] if abs(r[2] - baseline) < 0.3 * em and r[1] > x]
            if following:
                end = min(end, following[0])
            text = text.replace("\n", " ")
            width = (end - x) / max(1, len(text))
            for m in re.finditer(r"\S+", text):  # pypdf's own spaces split the run into words
                glyphs.append(Glyph(m.group(0), x + m.start() * width, x + m.end() * width,
                                    baseline - 0.8 * em, baseline + 0.2 * em, em))
        pages.append(glyphs)
    return layout(pages)


def read_pypdf_runs(path):
    """The module's layout over the text runs of pypdf's layout mode (private API: pypdf._text_extraction), which
    know where each run starts and ends; the words of a run are placed in it by their number of characters."""
    import pypdf
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    pages = []
    for page in pypdf.PdfReader(path).pages:
        height = float(page.mediabox.top)
        glyphs = []
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if isinstance(contents, (ArrayObject, StreamObject)):
            ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
            for run in _layout_mode.text_show_operations(ops, page._layout_mode_fonts()):
                text = run["text"].replace("\n", " ")
                em = run["font_height"]
                width = (run["displaced_tx"] - run["tx"]) / max(1, len(text))
                # (ty is measured down the page when the page's matrix turns it upside down, as Chromium's do)
                baseline = run["ty"] if run["flip_sort"] == -1 else height - run["ty"]
                for m in re.finditer(r"\S+", text):
                    glyphs.append(Glyph(m.group(0), run["tx"] + m.start() * width, run["tx"] + m.end() * width,
                                        baseline - 0.8 * em, baseline + 0.2 * em, em))
        pages.append(glyphs)
    return layout(pages)


def read_pypdf_text(path):
    import pypdf

    out = []
    for n, page in enumerate(pypdf.PdfReader(path).pages):
        out += (["\f"] if n else []) + page.extract_text().split("\n")
    return out


def read_pdfplumber_text(path):
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            out += (["\f"] if n else []) + (page.extract_text() or "").split("\n")
    return out


READERS = {"pdfplumber": read_pdfplumber, "pypdf runs": read_pypdf_runs, "pypdf visitor": read_pypdf_visitor,
           "pypdf text": read_pypdf_text, "pdfplumber text": read_pdfplumber_text}


# --- scoring ---------------------------------------------------------------------------------------------------

# quotes dropped: texinfo's info output quotes code ('x') where its PDF sets it in another font
QUOTES = str.maketrans({"‘": "", "’": "", "“": "", "”": "", "`": "", "'": "", '"': "", "–": "-", "—": "-",
                        "•": ""})
PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?$|^[ivxlc]{1,6}$", re.I)


def pages_of(lines):
    """Output lines → pages → paragraphs → lines."""
    pages = [[[]]]
    for line in lines:
        if line == "\f":
            pages.append([[]])
        elif not line.strip():
            pages[-1].append([])
        else:
            pages[-1][-1].append(line.strip())
    return [[p for p in page if p] for page in pages]


def cleaned_paragraphs(lines, vocabulary):
    """What the cleaner makes of the lines, roughly: page numbers and lines repeated at the top or foot of three
    pages out, paragraphs cut by a page break (no sentence end) joined, line-end hyphens mended."""
    pages = pages_of(lines)

    def key(line):
        return re.sub(r"\d+", "#", line.lower())

    edges = [key(p[i]) for page in pages for p in (page[:1] + page[-1:]) for i in (0, -1)]
    repeated = {k for k in set(edges) if sum(1 for page in pages if any(
        key(x) == k for p in page[:1] + page[-1:] for x in (p[0], p[-1]))) >= 3}
    out = []
    for page in pages:
        kept = []
        for i, paragraph in enumerate(page):
            at_edge = i < 2 or i >= len(page) - 2
            lines_ = [t for t in paragraph if not (at_edge and (PAGE_NUMBER.match(t) or key(t) in repeated))]
            if lines_:
                kept.append(lines_)
        # the last paragraph before the footnotes at the foot of the page before
        at = next((i for i in range(len(out) - 1, max(-1, len(out) - 8), -1)
                   if not re.match(r"^\d{1,3} \S", out[i][0])), None)
        if kept and at is not None and not re.search(r"[.!?:][\"')\]]*\d{0,2}$", out[at][-1]):
            out[at] += kept.pop(0)
        out += kept
    return [mend(p, vocabulary) for p in out]


def mend(lines, vocabulary):
    text = lines[0]
    for line in lines[1:]:
        m = re.search(r"([A-Za-z]+)-$", text)
        n = re.match(r"([A-Za-z]+)", line)
        if m and n and (m.group(1) + n.group(1)).lower() in vocabulary:
            text = text[:-1] + line
        else:
            text += ("" if m and n else " ") + line
    return normal(text)


def normal(text):
    return " ".join(text.translate(QUOTES).split())


def word_errors(paragraphs, vocabulary):
    """Words run together or split apart, per 1000 words."""
    found = [t for p in paragraphs for t in re.findall(r"[A-Za-z]+", p)]
    tokens = [t.lower() for t in found]
    bad = 0
    for t, original in zip(tokens, found):
        # (a name in camel case, "elementName", is no words run together)
        if (t not in vocabulary and len(t) >= 4 and not re.search(r"[a-z][A-Z]", original)
                and splits(t, vocabulary)):
            bad += 1
    i = 0
    while i < len(tokens) - 1:
        for n in (4, 3, 2):
            run = tokens[i: i + n]
            if len(run) == n and "".join(run) in vocabulary and not all(t in vocabulary for t in run):
                bad += 1
                i += n - 1
                break
        i += 1
    return 1000 * bad / max(1, len(tokens))


def splits(word, vocabulary, parts=3):
    """Can word be cut into at most parts words of vocabulary (of two letters or more)?"""
    if word in vocabulary:
        return True
    if parts == 1:
        return False
    return any(word[:i] in vocabulary and splits(word[i:], vocabulary, parts - 1) for i in range(2, len(word) - 1))


def breaks_found(paragraphs, reference):
    """(reference breaks found, breaks added), on word sequences aligned with difflib."""
    def words_and_starts(paras):
        words, starts = [], set()
        for p in paras:
            starts.add(len(words))
            words += p.split()
        return words, starts

    out_words, out_starts = words_and_starts(paragraphs)
    ref_words, ref_starts = words_and_starts(reference)
    mapping = {}
    matcher = difflib.SequenceMatcher(None, out_words, ref_words, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    mapped = {mapping[s] for s in out_starts if s in mapping}
    return len(ref_starts & mapped) - 1, len(mapped - ref_starts), len(ref_starts) - 1


def score(lines, reference, two_columns, vocabulary, generated):
    paragraphs = cleaned_paragraphs(lines, vocabulary)
    row = {"bad words": word_errors(paragraphs, vocabulary)}
    # order and paragraphs judged without spaces: a word split or run together counts once, under bad words
    solid = [p.replace(" ", "") for p in paragraphs]
    full, exact = "".join(solid), set(solid)
    solid_reference = [normal(p).replace(" ", "") for p in reference]
    row["in order"] = (sum(p in full for p in solid_reference), len(reference))
    if two_columns:
        two = [normal(p).replace(" ", "") for p in two_columns]
        row["2-col"] = (sum(p in full for p in two), len(two))
    row["paragraphs"] = (sum(p in exact for p in solid_reference), len(reference))
    if generated:  # (in the TeX documents, "ASN.1" would pass for a marker)
        text = " ".join(paragraphs)
        markers = [m for p in reference for m in re.findall(r"[A-Za-z]+[.,;:]\d{1,2}(?= |$)", p)]
        row["markers"] = (sum(bool(re.search(r"\b" + re.escape(m) + r"(?= |$)", text)) for m in markers),
                          len(markers))
    return row


def timed(reader, path, pages):
    times, lines = [], None
    for _ in range(3):
        started = time.perf_counter()
        lines = reader(path)
        times.append(time.perf_counter() - started)
    return lines, 1000 * min(times) / pages  # the best of three: the least disturbed by other work


def samples(tmp):
    """(name, path, reference paragraphs, two-column paragraphs, vocabulary) of each PDF there is."""
    found = []
    for name, pdf, source, read in (("libtasn1 (TeX)", LIBTASN1, LIBTASN1_INFO, info_paragraphs),
                                    ("mime spec (TeX)", MIME_SPEC, MIME_SPEC_HTML, html_paragraphs)):
        if pdf.exists() and source.exists():
            whole = (gzip.open(source, "rt", encoding="utf-8").read() if source.suffix == ".gz" else " ".join(
                html_module.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8", errors="replace")))
                for page in sorted(source.glob("*.html"))))
            found.append((name, pdf, read(source), [], whole))
        else:
            print(f"skipped {name}: {pdf if not pdf.exists() else source} is missing")
    report = Path(tmp) / "chromium-report.pdf"
    items = make_chromium_report(report)
    if items:
        found.append(("Chromium report", report, [t for _, t, _ in items], [
            t for kind, t, style in items if kind == "para" and style == "columns"], " ".join(t for _, t, _ in items)))
    else:
        print(f"skipped the Chromium report: no {CHROMIUM} or no playwright")
    fpdf = Path(tmp) / "fpdf2-report.pdf"
    items = make_fpdf_report(fpdf)
    found.append(("fpdf2 report", fpdf, [t for _, t, _ in items], [
        t for kind, t, style in items if kind == "para" and style == "columns"], " ".join(t for _, t, _ in items)))
    return found


def vocabulary_of(text):
    """The words of the reference text, lower case."""
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text.translate(QUOTES))} | {"a", "i"}


def main():
    import pypdf

    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, path, reference, two_columns, source in samples(tmp):
            vocabulary = vocabulary_of(source)
            pages = len(pypdf.PdfReader(path).pages)
            for reader_name, reader in READERS.items():
                lines, ms = timed(reader, path, pages)
                row = {"PDF": f"{name}, {pages} p.", "reader": reader_name, "ms/page": ms,
                       **score(lines, reference, two_columns, vocabulary, name.endswith("report"))}
                found, added, expected = breaks_found(cleaned_paragraphs(lines, vocabulary),
                                                      [normal(p) for p in reference])
                row["breaks"] = f"{found}/{expected} +{added}" if name.endswith("report") else "–"
                rows.append(row)
        print_table(rows)


def print_table(rows):
    columns = ["PDF", "reader", "ms/page", "bad words", "in order", "2-col", "paragraphs", "breaks", "markers"]

    def cell(row, column):
        value = row.get(column, "–")
        if isinstance(value, tuple):
            return f"{value[0]}/{value[1]}"
        if isinstance(value, float):
            return f"{value:.1f}"
        return str(value)

    table = [columns] + [[cell(row, c) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(columns))]
    for i, r in enumerate(table):
        print("  ".join(v.ljust(w) if j < 2 else v.rjust(w) for j, (v, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
