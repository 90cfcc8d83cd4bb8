"""Read a PDF into the lines the cleaner takes (loaders/documents.py), and the metadata of its document info.

`read_pdf(path) -> (lines, meta)`. The lines are the body as laid out: paragraphs separated by a blank line, a
line "\\f" alone between pages (no blank line next to it), running heads, page numbers and line-end hyphens kept
(the cleaner removes and mends them). Found from the glyphs' sizes and positions:
- reading order: lines are grouped by baseline; a gutter that no line crosses over three or more lines with text
  on both sides makes a column region, read column by column (recursively: three columns work too);
- words: a space where glyphs are 0.15 em apart or an advancing space glyph stands between them (a space glyph
  that does not advance, which Chromium writes at every soft hyphen, is ignored); gaps of 2 em and more in a
  line (a running head and its page number, table cells) are written as three spaces;
- superscripts (smaller and raised) and subscripts are glued to what precedes them ("reform.3 The"); one that
  starts a line is followed by a space ("3 Text of the note");
- a paragraph starts where the gap between baselines exceeds the usual line spacing of that type size (measured
  over the document), at a first-line indent, at a change of type size, at a line that starts with a
  superscript, and at a small-type line numbered as the next footnote; at a column change it goes on unless the
  new column starts indented or the last line ended short on a sentence end.

Why pdfplumber and not pypdf, measured by bench/pdf_readers.py (same layout code over both libraries' output; pypdf
through its text visitor, which gives where each text run starts and its font size but not where it ends):
- Chromium report, two columns: pdfplumber 26/26 paragraphs intact and in order, 7/7 markers, paragraph breaks
  31/31 (F1 1.00); pypdf 10/26, markers 7/7, F1 0.70 (its estimated run ends cross the gutter, so the columns
  are lost, and soft hyphens come out as "partn ership");
- fpdf2 report: pdfplumber 15/15 paragraphs, 6/6 markers, F1 1.00; pypdf 8/15, F1 0.86;
- TeX manuals (libtasn1, shared-mime-info spec): run-together words per 1000 tokens 0.1/0.4 with pdfplumber's
  glyphs, 0.0/0.0 with pypdf; pdfplumber's own extract_text() runs TeX words together (75/1000 on the spec:
  its 3 pt tolerance exceeds TeX's spaces), which is why the words here are built from the glyphs;
- time: pdfplumber 45-60 ms a page, pypdf 9-14 ms: slower, but a 100-page report still reads in ~5 s, and only
  pdfplumber gives each glyph's box, which columns, superscripts and paragraphs need.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .errors import CorpusError

PAGE_BREAK = "\f"

# em fractions the layout is judged by
SPACE_GAP = 0.15  # a gap between glyphs that makes a space
WIDE_GAP = 2.0  # a gap inside a line written as three spaces
GUTTER = 0.8  # the narrowest gap between two columns
SCRIPT_SIZE = 0.85  # a superscript or subscript is at most this size of its line's type
RAISE = 0.15  # and its baseline this far above (or below) the line's


@dataclass(slots=True)
class Glyph:
    """One glyph (or, from another library, one run of text) with its box, y growing down the page."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(eq=False)
class Line:
    """Glyphs on one baseline within one column, left to right."""
    glyphs: list
    size: float = 0.0  # the type size of most of its glyphs
    bottom: float = 0.0  # their baseline (the bottom of their boxes)
    top: float = 0.0
    x0: float = 0.0  # its ink (space glyphs aside)
    x1: float = 0.0
    text: str = ""
    script_start: bool = False  # it starts with a superscript (a footnote's number)
    starts: list = field(default_factory=list)  # x0 of each word

    def __post_init__(self):
        self.glyphs.sort(key=lambda g: g.x0)
        ink = [g for g in self.glyphs if not g.text.isspace()]
        sizes = Counter(round(g.size, 1) for g in ink)
        self.size = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        main = [g for g in ink if abs(g.size - self.size) < 0.3] or ink
        self.bottom = sorted(g.bottom for g in main)[len(main) // 2]
        self.top = min(g.top for g in main)
        self.x0 = min(g.x0 for g in ink)
        self.x1 = max(g.x1 for g in ink)
        self.text = self.compose()

    def is_script(self, g):
        return g.size <= SCRIPT_SIZE * self.size and abs(g.bottom - self.bottom) >= RAISE * self.size

    def compose(self):
        """The line's text: words spaced by the gaps between glyphs, scripts glued to the word before."""
        out, previous, advanced, leading_script = [], None, False, False
        em = self.size
        self.starts = []
        for i, g in enumerate(self.glyphs):
            if g.text.isspace():
                # a space glyph counts when the next glyph starts after it (Chromium writes one of no advance at
                # each soft hyphen)
                following = next((h for h in self.glyphs[i + 1:] if not h.text.isspace()), None)
                if following is not None and following.x0 - g.x0 >= 0.5 * (g.x1 - g.x0) > 0:
                    advanced = True
                continue
            if previous is not None and g.text == previous.text and abs(g.x0 - previous.x0) < 0.1 * em and abs(
                    g.bottom - previous.bottom) < 0.1 * em:
                continue  # a glyph printed twice over itself (a fake bold, a shadow)
            script = self.is_script(g)
            if previous is None:
                leading_script = self.script_start = script
                self.starts.append(g.x0)
            else:
                gap = g.x0 - previous.x1
                if script and not leading_script and gap < 0.5 * em:
                    pass  # a marker glued to its word, whatever the kerning
                elif gap >= WIDE_GAP * em:
                    out.append("   ")
                    self.starts.append(g.x0)
                elif advanced or gap >= SPACE_GAP * em or (leading_script and not script):
                    out.append(" ")
                    self.starts.append(g.x0)
                leading_script = leading_script and script
            out.append(g.text)
            previous, advanced = g, False
        return normalise("".join(out))


LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                           "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\t": " "})


def normalise(text):
    """Ligatures spelled out, Unicode hyphens as "-", a soft hyphen ending the line as "-" (elsewhere dropped)."""
    text = text.translate(LIGATURES).strip()
    if text.endswith("\u00ad"):
        text = text[:-1] + "-"
    return text.replace("\u00ad", "")


# --- lines and columns of a page ----------------------------------------------------------------------------------

def baseline_rows(glyphs):
    """Glyphs grouped by baseline, top to bottom; a superscript or subscript joins the row it stands beside."""
    rows = []
    for g in sorted(glyphs, key=lambda g: g.bottom):
        if rows and g.bottom - rows[-1][0] <= 0.3 * min(g.size, rows[-1][1]):
            rows[-1][2].append(g)
        else:
            rows.append([g.bottom, g.size, [g]])
    rows = [row[2] for row in rows]
    merged = []
    for i, row in enumerate(rows):
        ink = [g for g in row if not g.text.isspace()]
        size = max((g.size for g in ink), default=0)
        # a row of small glyphs overlapping a row of larger type: its glyphs are that row's scripts
        home = None
        for j in (i + 1, i - 1):  # raised first: a superscript belongs to the row below its own baseline
            if 0 <= j < len(rows) and ink:
                other = [g for g in rows[j] if not g.text.isspace()]
                big = max((g.size for g in other), default=0)
                top, bottom = min(g.top for g in other), max(g.bottom for g in other)
                if size <= SCRIPT_SIZE * big and all(top <= (g.top + g.bottom) / 2 <= bottom for g in ink) and all(
                        any(-0.6 * big <= g.x0 - h.x1 <= 0.6 * big or -0.6 * big <= h.x0 - g.x1 <= 0.6 * big
                            for h in other) for g in ink):
                    home = j
                    break
        if home is None:
            merged.append(row)
        elif home < i:
            merged[-1].extend(row)
        else:
            rows[home] = rows[home] + row
    return [row for row in merged if any(not g.text.isspace() for g in row)]


def ink_spans(row):
    """The x extents of a row's ink, overlapping glyphs merged, left to right."""
    spans = []
    for g in sorted((g for g in row if not g.text.isspace()), key=lambda g: g.x0):
        if spans and g.x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], g.x1)
        else:
            spans.append([g.x0, g.x1])
    return spans


def row_size(row):
    sizes = Counter(round(g.size, 1) for g in row if not g.text.isspace())
    return max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_gutter(rows, known=()):
    """(first, last, x) of the rows split into two columns at x, or None: the gutter that no row crosses, with
    text on both sides in three or more rows (or in one, at a gutter x of known: one found on another page); the
    one with the most such rows."""
    found, open_ = [], []
    for i, row in enumerate(rows):
        spans, em = ink_spans(row), row_size(row)
        still = []
        for c in open_:
            a, b = c["band"]
            left = [s for s in spans if s[1] <= a + 1 or (s[0] < a and s[1] < (a + b) / 2)]
            right = [s for s in spans if s[0] >= b - 1 or (s[1] > b and s[0] > (a + b) / 2)]
            if len(left) + len(right) < len(spans):  # the row crosses it
                found.append(c)
                continue
            if left and right:
                a2, b2 = max(a, max(s[1] for s in left)), min(b, min(s[0] for s in right))
                if b2 - a2 < 0.5 * em:
                    found.append(c)
                    continue
                c["band"] = (a2, b2)
                c["two"].append(i)
            c["end"] = i
            still.append(c)
        for (_, a), (b, _) in zip(spans, spans[1:]):
            if b - a >= GUTTER * em and not any(c["band"][0] < b and a < c["band"][1] for c in still):
                still.append({"band": (a, b), "two": [i], "end": i})
        open_ = still
    found = [c for c in found + open_ if is_column_gutter(c, rows, known)]
    if not found:
        return None
    best = max(found, key=lambda c: (len(c["two"]), -c["two"][0]))
    first, last = best["two"][0], best["two"][-1]
    # one-sided rows after the last two-sided one continue a column when they follow at the line spacing
    for i in range(last + 1, best["end"] + 1):
        previous = rows[i - 1]
        spacing = max(g.bottom for g in rows[i]) - max(g.bottom for g in previous)
        if spacing > 2.0 * row_size(previous) or abs(row_size(rows[i]) - row_size(previous)) > 0.5:
            break
        last = i
    return first, last, sum(best["band"]) / 2


def is_column_gutter(c, rows, known):
    """Text columns, not a table or a code block: 15 characters a side on average; inside each side, gaps that
    are word spaces (most under 0.4 of the gutter, few as wide as it)."""
    a, b = c["band"]
    x = (a + b) / 2
    if len(c["two"]) < 3 and not any(a <= k <= b for k in known):
        return False
    left = right = 0
    gaps, wide = [], 0
    for i in c["two"]:
        row = [g for g in rows[i] if not g.text.isspace()]
        left += sum(len(g.text) for g in row if g.x1 <= x)
        right += sum(len(g.text) for g in row if g.x0 >= x)
        em = row_size(rows[i])
        spans = ink_spans(rows[i])
        inner = [s1[0] - s0[1] for s0, s1 in zip(spans, spans[1:]) if not (s0[1] <= x <= s1[0])]
        words = [g for g in inner if g >= SPACE_GAP * em]
        gaps += words
        wide += sum(1 for g in words if g >= 0.7 * (b - a))
    n = len(c["two"])
    return (min(left, right) / n >= 15 and wide <= 0.2 * n
            and (not gaps or sorted(gaps)[len(gaps) // 2] <= 0.4 * (b - a)))


def flows(rows, known=(), found=None, depth=0):
    """A page's rows (glyph lists, top to bottom) → its flows of text in reading order, each a list of rows: a
    column region's left column whole, then its right. The x of each gutter used is added to found."""
    region = find_gutter(rows, known) if depth < 4 else None
    if region is None:
        return [rows] if rows else []
    first, last, x = region
    if found is not None:
        found.append(x)
    left = [[g for g in row if (g.x0 + g.x1) / 2 < x] for row in rows[first: last + 1]]
    right = [[g for g in row if (g.x0 + g.x1) / 2 >= x] for row in rows[first: last + 1]]
    sides = [[r for r in side if any(not g.text.isspace() for g in r)] for side in (left, right)]
    return [flow for part in (rows[:first], sides[0], sides[1], rows[last + 1:])
            for flow in flows(part, known, found, depth + 1)]


def page_flows(pages):
    """Each page's glyphs → its flows of Lines. Gutters are found page by page, then looked for again at the x
    of those found elsewhere (a column region that runs two lines onto the next page)."""
    rows = [baseline_rows(glyphs) for glyphs in pages]
    known = []
    for page in rows:
        flows(page, found=known)
    return [[[Line(list(row)) for row in flow] for flow in flows(page, known)] for page in rows]


# --- paragraphs -------------------------------------------------------------------------------------------------

FOOTNOTE_START = re.compile(r"^(\d{1,3})[.)]?\s+\S")
SENTENCE_END = re.compile(r"[.!?:][\"”’')\]]*\d{0,3}$")
BULLET = re.compile(r"^([•◦▪●‣∙*–-]|\d{1,3}[.)]?|\(?[a-z][.)])$")  # or a footnote's number


def spacings(pages):
    """{type size: the usual distance between the baselines of two lines of it}, over the whole document."""
    deltas = {}
    for flows_ in pages:
        for flow in flows_:
            for p, line in zip(flow, flow[1:]):
                delta = line.bottom - p.bottom
                if abs(line.size - p.size) < 0.3 and 0.9 * p.size <= delta <= 2.5 * p.size:
                    deltas.setdefault(p.size, Counter())[round(delta * 2) / 2] += 1
    return {size: min(c.most_common(3), key=lambda kv: (-kv[1], kv[0]))[0] for size, c in deltas.items()}


def margin_of(flow):
    """The left edge most lines of a flow start at."""
    starts = Counter(round(line.x0) for line in flow)
    best = max(starts.values())
    return min(x for x, n in starts.items() if n == best) if best >= 2 else min(starts)


class Paragraphs:
    """Decides where paragraphs start, line after line, over a whole document."""

    def __init__(self, pages):
        self.spacing = spacings(pages)
        sizes = Counter()
        for flows_ in pages:
            for flow in flows_:
                for line in flow:
                    sizes[line.size] += len(line.text)
        self.body = sizes.most_common(1)[0][0] if sizes else 10.0
        self.note = None  # the number of the last footnote seen

    def spacing_of(self, size):
        if size in self.spacing:
            return self.spacing[size]
        near = min(self.spacing, key=lambda s: abs(s - size), default=None)
        return self.spacing[near] * size / near if near else 1.2 * size

    def breaks(self, p, line, p_margin, margin, p_right):
        """Does line start a paragraph after line p? (margin: where most lines of line's flow start; p_margin and
        p_right: where those of p's flow start and end)"""
        em = max(p.size, line.size)
        if line.script_start or abs(line.size - p.size) > 0.1 * min(p.size, line.size):
            return True
        indented = 0.6 * em <= line.x0 - margin <= 6 * em
        if line.bottom < p.bottom + 0.5 * em:  # a new column
            return indented or (p.x1 < p_right - 1.5 * em and bool(SENTENCE_END.search(p.text)))
        if line.bottom - p.bottom > self.spacing_of(p.size) + max(1.5, 0.2 * em):
            return True
        if indented and p.x0 <= p_margin + 0.3 * em and not self.hangs(p, line):
            return True
        m = FOOTNOTE_START.match(line.text)
        return bool(m and line.size < 0.92 * self.body and self.note is not None
                    and int(m.group(1)) == self.note + 1)

    @staticmethod
    def hangs(p, line):
        """line continues a list item that p starts ("• text", "1. text"), aligned with the text after the bullet."""
        first = p.text.split(" ", 1)[0]
        return len(p.starts) > 1 and bool(BULLET.match(first)) and abs(line.x0 - p.starts[1]) <= 1.5

    def of_page(self, flows_):
        """A page's paragraphs: lists of line texts."""
        paragraphs, p, p_margin, p_right = [], None, None, None
        for flow in flows_:
            margin, right = margin_of(flow), max(line.x1 for line in flow)
            for line in flow:
                if p is None or self.breaks(p, line, p_margin, margin, p_right):
                    paragraphs.append([])
                    m = FOOTNOTE_START.match(line.text)
                    if m and line.size < 0.92 * self.body:
                        self.note = int(m.group(1))
                paragraphs[-1].append(line.text)
                p, p_margin, p_right = line, margin, right
        return paragraphs


def layout(glyph_pages):
    """Each page's glyphs → the document's lines: paragraphs apart by a blank line, "\\f" between pages."""
    pages = page_flows(glyph_pages)
    paragraphs = Paragraphs(pages)
    out = []
    for n, flows_ in enumerate(pages):
        if n:
            out.append(PAGE_BREAK)
        for i, paragraph in enumerate(paragraphs.of_page(flows_)):
            if i:
                out.append("")
            out += paragraph
    return out


# --- the file ----------------------------------------------------------------------------------------------------

def read_pdf(path):
    """(lines, meta) of the PDF at path: lines as documents.clean_body() takes them, meta with title, author and
    published (YYYY-MM-DD or YYYY) when the document info has plausible ones. Raises CorpusError naming the file for
    a file that is not a readable PDF, one that needs a password, or one with no text layer."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise CorpusError(f"{path}:1: not a PDF (no '%PDF-' header): is it another kind of file renamed .pdf?")
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise CorpusError(f"{path}:1: encrypted PDF: it needs a password to open (save an unencrypted copy "
                              "and add that)") from None
        raise CorpusError(f"{path}:1: not a readable PDF ({type(cause).__name__}: {cause})") from None
    with pdf:
        meta = metadata(pdf.metadata)
        pages, glyphs_found = [], 0
        try:
            for page in pdf.pages:
                # upright glyphs on the page (not a rotated label, not text parked outside the page)
                width, height = page.width, page.height
                glyphs = [Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                          for c in page.chars if c["upright"] and c["text"] and c["x1"] > 0 and c["x0"] < width
                          and c["bottom"] > 0 and c["top"] < height]
                glyphs_found += sum(1 for g in glyphs if not g.text.isspace())
                pages.append(glyphs)
                page.close()
        except PdfminerException as e:
            raise CorpusError(f"{path}:1: page {len(pages) + 1} of the PDF cannot be read ({e})") from None
    if not glyphs_found:
        raise CorpusError(f"{path}:1: no text layer: a scanned PDF needs OCR first")
    return layout(pages), meta


JUNK_TITLE = re.compile(r"^(untitled\b.*|document\d*|title|slide \d+|presentation\d*|about:blank|"
                        r"microsoft (word|powerpoint|excel) - .*|.*\.(docx?|pdf|rtf|odt|pages|pptx?|xlsx?|indd|"
                        r"qxd|qxp|p65|pm\d|tex|dvi|ps|html?|txt)|(https?|file)://.*)$", re.I)
JUNK_AUTHOR = re.compile(r"^(administrator|admin|user|owner|unknown|author|windows user|microsoft office user|"
                         r"default|name)$", re.I)
PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def metadata(info):
    """title, author and published from a PDF's document info, when present and plausible."""
    def text(key):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        return " ".join(value.split()) if isinstance(value, str) else ""

    meta = {}
    title = text("Title")
    if title and not JUNK_TITLE.match(title) and re.search(r"[^\W\d_]{2}", title):
        meta["title"] = title
    author = text("Author")
    if author and not JUNK_AUTHOR.match(author) and re.search(r"[^\W\d_]{2}", author):
        meta["author"] = author
    published = pdf_date(text("CreationDate"))
    if published:
        meta["published"] = published
    return meta


def pdf_date(value):
    """'D:20250208122313Z' → '2025-02-08'; a year alone when month and day are missing or wrong; None when
    implausible (before 1990 or after next year)."""
    m = PDF_DATE.match(value or "")
    if not m or not 1990 <= int(m.group(1)) <= date.today().year + 1:
        return None
    year = m.group(1)
    try:
        return date(int(year), int(m.group(2)), int(m.group(3))).isoformat()
    except (TypeError, ValueError):
        return year
