"""Read a PDF into the lines the cleaner takes (loaders/documents.py), and the metadata of its document info.

`read_pdf(path) -> (lines, meta)`. The lines are the body as laid out: paragraphs apart by one blank line, a line
"\\f" alone between pages (no blank line next to it), running heads, page numbers and line-end hyphens kept (the
cleaner removes and mends them). Found from each glyph's box and type size:
- reading order: glyphs grouped into lines by baseline; a gutter (an upright band 0.8 em wide that no line crosses,
  with three lines or more on each side, or one at the x of a gutter found on another page) makes a column region,
  each column read whole, left to right (two, three or more; a table's columns are too short to count);
- words: a space where glyphs stand 0.15 em apart or an advancing space glyph lies between them (Chromium writes a
  space of no advance at each soft hyphen: ignored); a gap of 2 em or more inside a line (a running head and its
  page number, table cells) comes out as three spaces;
- superscripts and subscripts (smaller, baseline moved) are glued to what precedes them ("reform.3 The"); one that
  starts a line is followed by a space ("3 Text of the note");
- a paragraph starts where the baselines are farther apart than the usual spacing of that type size (measured over
  the document), at a first-line indent (not a list item's second line), at a change of type size, at a line that
  starts with a superscript, and at a line numbered as the next note ("4 …" after a paragraph starting "3 …"); at a
  change of column it goes on unless the new column starts indented or the last line ended short on a sentence end.

Why pdfplumber, not pypdf: measured by bench/pdf_readers.py, the same layout code over each library's output.
pdfplumber gives every glyph's box; pypdf gives text runs, where each starts (its public text visitor) or, through
its layout mode's private API, where each starts and ends, its words placed by their length.
- Chromium report, two columns, soft hyphens: pdfplumber 36/36 paragraphs in reading order (11/11 of the two-column
  ones), 35/36 paragraphs exactly, 7/7 markers glued, 0 words split or run together per 1000; pypdf (layout runs)
  33/36, 32/36, 7/7, 58 per 1000 ("partn ership": its text has a space at each soft hyphen); pypdf's visitor, with
  no run ends, finds no gutter: 0/11 two-column paragraphs in order.
- fpdf2 report: pdfplumber 27/27 in order, 27/27 exactly, 6/6 markers; pypdf 24/27, 23/27, 3/6 (a marker inside a
  justified run lands on the wrong word).
- TeX documents (libtasn1's manual, the shared-mime-info spec): the same words (0 to 0.6 per 1000 wrong) and
  order; paragraphs exactly 91/103 on the spec, pypdf 63 (runs) or 81 (visitor). pdfplumber's own extract_text()
  runs TeX's words together (112 per 1000: its 3 pt tolerance is wider than TeX's spaces), hence words from gaps.
- Time: pdfplumber 40-55 ms a page (130-180 on Chromium's font-heavy pages), pypdf 4-26 (75-120): 2 to 10 times
  slower, 7-9 ms of it the layout; a 100-page report adds about 5 s to a build.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .errors import CorpusError
from .formats import PAGE_BREAK


# em fractions the layout is judged by
SPACE_GAP = 0.15  # a gap between glyphs that makes a space
WIDE_GAP = 2.0  # a gap inside a line written as three spaces
GUTTER = 0.8  # the narrowest gap between two columns
SCRIPT_SIZE = 0.85  # a superscript or subscript is at most this size of its line's type
RAISE = 0.15  # and its baseline this far above (or below) the line's


@dataclass(slots=True)
class Glyph:
    """One glyph (or, from another library, one run of text) with its box and its baseline (the box's bottom
    unless told), y growing down the page."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    baseline: float = None

    def __post_init__(self):
        if self.baseline is None:
            self.baseline = self.bottom


@dataclass(eq=False)
class Line:
    """Glyphs on one baseline within one column, left to right."""
    glyphs: list
    size: float = 0.0  # the type size of most of its glyphs
    bottom: float = 0.0  # their baseline
    box_bottom: float = 0.0  # the bottom of their boxes (a superscript's stands higher, a subscript's lower)
    top: float = 0.0
    x0: float = 0.0  # its ink (space glyphs aside)
    x1: float = 0.0
    text: str = ""
    script_start: bool = False  # it starts with a superscript (a footnote's number)
    starts: list = field(default_factory=list)  # x0 of each word
    sizes: Counter = field(default_factory=Counter)  # characters by type size

    def __post_init__(self):
        self.glyphs.sort(key=lambda g: g.x0)
        ink = [g for g in self.glyphs if not g.text.isspace()]
        self.sizes = Counter(round(g.size, 1) for g in ink)
        self.size = max(self.sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        main = [g for g in ink if abs(g.size - self.size) < 0.3] or ink
        self.bottom = sorted(g.baseline for g in main)[len(main) // 2]
        self.box_bottom = sorted(g.bottom for g in main)[len(main) // 2]
        self.top = min(g.top for g in main)
        self.x0 = min(g.x0 for g in ink)
        self.x1 = max(g.x1 for g in ink)
        self.text = self.compose()

    def share(self, size):
        """The part of its characters in type of that size."""
        return sum(n for s, n in self.sizes.items() if abs(s - size) < 0.3) / sum(self.sizes.values())

    def is_script(self, g):
        return g.size <= SCRIPT_SIZE * self.size and abs(g.bottom - self.box_bottom) >= RAISE * self.size

    def compose(self):
        """The line's text: words spaced by the gaps between glyphs, scripts glued to the word before."""
        out, previous, advanced, leading_script = [], None, False, False
        em = self.size
        self.starts = []
        for i, g in enumerate(self.glyphs):
            if g.text.isspace():
                # a space glyph counts when the next glyph starts after it (Chromium writes one of no advance at
                # each soft hyphen)
                j = i + 1
                while j < len(self.glyphs) and self.glyphs[j].text.isspace():
                    j += 1
                if j < len(self.glyphs) and self.glyphs[j].x0 - g.x0 >= 0.5 * (g.x1 - g.x0) > 0:
                    advanced = True
                continue
            if previous is not None and g.text == previous.text and abs(g.x0 - previous.x0) < 0.1 * em and abs(
                    g.baseline - previous.baseline) < 0.1 * em:
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
    for g in sorted(glyphs, key=lambda g: g.baseline):
        if rows and g.baseline - rows[-1][0] <= 0.25 * min(g.size, rows[-1][1]):
            rows[-1][2].append(g)
        else:
            rows.append([g.baseline, g.size, [g]])
    rows = [row[2] for row in rows]
    inks = [[g for g in row if not g.text.isspace()] for row in rows]

    def home_of(i):
        """The row whose scripts the glyphs of row i are: a row of larger type they overlap and stand beside."""
        ink = inks[i]
        size = max((g.size for g in ink), default=0)
        for j in (i + 1, i - 1):  # raised first: a superscript belongs to the row below its own baseline
            if ink and 0 <= j < len(rows) and inks[j]:
                other = inks[j]
                big = max(g.size for g in other)
                top, bottom = min(g.top for g in other), max(g.bottom for g in other)
                if size <= SCRIPT_SIZE * big and all(top <= (g.top + g.bottom) / 2 <= bottom for g in ink) and all(
                        any(-0.6 * big <= g.x0 - h.x1 <= 0.6 * big or -0.6 * big <= h.x0 - g.x1 <= 0.6 * big
                            for h in other) for g in ink):
                    return j
        return None

    homes = [home_of(i) for i in range(len(rows))]
    merged = {}
    for i, row in enumerate(rows):
        j, seen = i, set()
        while homes[j] is not None and j not in seen:  # (a script of a script joins the same row)
            seen.add(j)
            j = homes[j]
        merged.setdefault(j, []).extend(row)
    return [merged[j] for j in sorted(merged) if any(not g.text.isspace() for g in merged[j])]


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
    """The type size of most of a row's glyphs."""
    sizes = Counter(g.size for g in row if not g.text.isspace())
    return round(max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0], 1)


class Rows(list):
    """A page's rows (glyph lists, top to bottom), with the ink spans and type size of each, measured once."""

    def __init__(self, rows, measured=None):
        super().__init__(rows)
        self.measured = {} if measured is None else measured

    def measure(self):
        """([ink spans], [type size]) of the rows."""
        for row in self:
            if id(row) not in self.measured:  # (the row kept with its measures: its id is not reused meanwhile)
                self.measured[id(row)] = (row, ink_spans(row), row_size(row))
        return [self.measured[id(row)][1] for row in self], [self.measured[id(row)][2] for row in self]

    def part(self, rows):
        return Rows(rows, self.measured)


def find_columns(rows, known=()):
    """(first, last, gutters): rows[first: last + 1] stand in columns split at the x of each gutter, or None.
    A gutter is an upright band 0.8 em wide that no row crosses, with three or more rows of text on each side of
    it (their baselines need not line up), or one row a side at the x of a gutter found on another page (known).
    Tried where a row has such a gap and where rows start well right of the text's left edge; the region with
    the most rows a column wins."""
    if not rows:
        return None
    spans, ems = rows.measure()
    left_edge, right_edge = min(s[0][0] for s in spans), max(s[-1][1] for s in spans)
    tried = {round(k) for k in known}
    for sp, em in zip(spans, ems):
        tried |= {round((a + b) / 2) for (_, a), (b, _) in zip(sp, sp[1:]) if b - a >= GUTTER * em}
        if sp[0][0] > left_edge + 0.15 * (right_edge - left_edge):
            tried.add(round(sp[0][0] - 0.5 * GUTTER * em))
    best = None
    for x in sorted(tried):
        least = 1 if any(abs(x - k) <= 2 for k in known) else 3
        run = []
        for i in range(len(rows) + 1):
            if i < len(rows) and not crosses(spans[i], x, ems[i]):
                run.append(i)
                continue
            region = columns_of(rows, spans, ems, run, x, least) if run else None
            if region and (best is None or region[0] > best[0]):
                best = region
            run = []
    return best[1:] if best else None


def crosses(spans, x, em):
    """Does ink of a row come within 0.4 em of x?"""
    return any(a < x + 0.5 * GUTTER * em and b > x - 0.5 * GUTTER * em for a, b in spans)


def columns_of(rows, spans, ems, run, x, least):
    """(rows a column, first, last, gutters) of the columns that a run of rows not crossing x makes, or None: where
    rows of both sides of x stand side by side, with the rows above and below that go on at the line spacing of
    their side; split at x and at any other gutter those rows have. Text columns, not a table or a code block:
    15 characters a row in each column on average, and gaps inside a column that are word spaces, a quarter of
    them at most 0.4 of the gutter (a table's columns are too short; a code block's spaces, as wide as half its
    gutter, too wide; justified text, set in narrow columns, has spaces as wide as its gutter in some lines)."""
    left = [i for i in run if spans[i][0][0] < x]
    right = [i for i in run if spans[i][-1][1] > x]
    if len(left) < least or len(right) < least:
        return None
    top = max(min(g.top for g in rows[left[0]]), min(g.top for g in rows[right[0]]))
    bottom = min(max(g.bottom for g in rows[left[-1]]), max(g.bottom for g in rows[right[-1]]))
    core = [i for i in run if min(g.top for g in rows[i]) >= top - 1 and max(g.bottom for g in rows[i]) <= bottom + 1]
    if not core:
        return None
    first, last = core[0], core[-1]
    # the usual distance between the baselines of two lines of one column, there
    base = {i: sorted(g.baseline for g in rows[i])[len(rows[i]) // 2] for i in run}
    steps = [abs(base[j] - base[i])
             for side in ([i for i in core if spans[i][0][0] < x], [i for i in core if spans[i][-1][1] > x])
             for i, j in zip(side, side[1:])]
    pitch = sorted(steps)[len(steps) // 2] if steps else 1.5 * ems[first]

    def follows(i, j):  # rows i and j are next to each other in one column: at its line spacing, in one type
        return (0 < abs(base[j] - base[i]) <= 1.3 * pitch
                and abs(ems[i] - ems[j]) <= 0.5)

    def same_side(j, among):
        return next((i for i in among if (spans[i][0][0] < x) == (spans[j][0][0] < x)), None)

    members = set(run)
    while first - 1 in members:
        i = same_side(first - 1, range(first, last + 1))
        if i is None or not follows(i, first - 1):
            break
        first -= 1
    while last + 1 in members:
        i = same_side(last + 1, range(last, first - 1, -1))
        if i is None or not follows(i, last + 1):
            break
        last += 1
    region = [i for i in run if first <= i <= last]
    # every gutter of these rows: x, and the gaps of a row that no row of the region crosses
    candidates = {x} | {(a + b) / 2 for i in region for (_, a), (b, _) in zip(spans[i], spans[i][1:])
                        if b - a >= GUTTER * ems[i]}
    gutters = []
    for c in sorted(candidates):
        if all(not crosses(spans[i], c, ems[i]) for i in region):
            if gutters and c - gutters[-1][-1] < GUTTER * ems[region[0]]:
                gutters[-1].append(c)
            else:
                gutters.append([c])
    bands = []
    for group in gutters:  # the band of each gutter: from the ink left of it to the ink right of it
        c = sum(group) / len(group)
        a = max((s[1] for i in region for s in spans[i] if s[1] <= c), default=None)
        b = min((s[0] for i in region for s in spans[i] if s[0] >= c), default=None)
        if a is not None and b is not None and not (bands and a < bands[-1][1]):  # (one gutter, found twice)
            bands.append((a, b))
    if not bands:
        return None
    edges = [-math.inf] + [(a + b) / 2 for a, b in bands] + [math.inf]
    narrowest = min(b - a for a, b in bands)
    counts = []
    for lo, hi in zip(edges, edges[1:]):
        column = [i for i in region if any(lo < (a + b) / 2 < hi for a, b in spans[i])]
        chars = sum(len(g.text) for i in column for g in rows[i] if lo < (g.x0 + g.x1) / 2 < hi)
        if len(column) < least or chars < 15 * len(column):
            return None
        counts.append(len(column))
    gaps = [s1[0] - s0[1] for i in region for s0, s1 in zip(spans[i], spans[i][1:])
            if not any(s0[1] <= e <= s1[0] for e in edges[1:-1]) and s1[0] - s0[1] >= SPACE_GAP * ems[i]]
    if gaps and sorted(gaps)[len(gaps) // 4] > 0.4 * narrowest:
        return None
    return min(counts), first, last, edges[1:-1]


def flows(rows, known=(), found=None, depth=0):
    """A page's rows (glyph lists, top to bottom) → its flows of text in reading order, each a list of rows: a
    column region's columns each whole, left to right. The x of each gutter used is added to found."""
    region = find_columns(rows, known) if depth < 6 else None
    if region is None:
        return [rows] if rows else []
    first, last, gutters = region
    if found is not None:
        found += gutters
    edges = [-math.inf] + gutters + [math.inf]
    columns = [[[g for g in row if lo <= (g.x0 + g.x1) / 2 < hi] for row in rows[first: last + 1]]
               for lo, hi in zip(edges, edges[1:])]
    columns = [[r for r in column if any(not g.text.isspace() for g in r)] for column in columns]
    return ([flow for flow in flows(rows.part(rows[:first]), known, found, depth + 1)]
            + [flow for column in columns for flow in flows(rows.part(column), known, found, depth + 1)]
            + [flow for flow in flows(rows.part(rows[last + 1:]), known, found, depth + 1)])


def page_flows(pages):
    """Each page's glyphs → its flows of Lines. Gutters are found page by page, then looked for again at the x
    of those found elsewhere (a column region that runs two lines onto the next page)."""
    rows = [Rows(baseline_rows(glyphs)) for glyphs in pages]
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
        self.number = None  # the number the current paragraph starts with ("3 Text of the note"), if any

    def spacing_of(self, size):
        if size in self.spacing:
            return self.spacing[size]
        near = min(self.spacing, key=lambda s: abs(s - size), default=None)
        return self.spacing[near] * size / near if near else 1.2 * size

    def breaks(self, p, line, p_margin, margin, p_right):
        """Does line start a paragraph after line p? (margin: where most lines of line's flow start; p_margin and
        p_right: where those of p's flow start and end)"""
        em = max(p.size, line.size)
        # another type size: no more than a few characters of either line in the other's (a line of code in
        # smaller type inside a paragraph keeps some of the paragraph's type)
        if line.script_start or (abs(line.size - p.size) > 0.1 * min(p.size, line.size)
                                 and line.share(p.size) < 0.15 and p.share(line.size) < 0.15):
            return True
        indented = 0.6 * em <= line.x0 - margin <= 6 * em
        if line.bottom < p.bottom + 0.5 * em:  # a new column
            return indented or (p.x1 < p_right - 1.5 * em and bool(SENTENCE_END.search(p.text)))
        if line.bottom - p.bottom > self.spacing_of(em) + max(1.5, 0.2 * em):
            return True
        if indented and p.x0 <= p_margin + 0.3 * em and not self.hangs(p, line):
            return True
        # notes set close: "3 Text …" / "… of the note." / "4 Text …"
        m = FOOTNOTE_START.match(line.text)
        return bool(m and self.number is not None and int(m.group(1)) == self.number + 1)

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
                    self.number = int(m.group(1)) if m else None
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
    a file that is not a readable PDF, one that needs a password, or one with no text layer. (A PDF encrypted with
    an owner password only, restricting printing or copying, opens without one in any viewer: it is read.)"""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise CorpusError(f"{path}:1: not a PDF (no '%PDF-' header): is it another kind of file renamed .pdf?")
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfplumber wraps what pdfminer raises
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise CorpusError(f"{path}:1: encrypted PDF: it needs a password to open (save an unencrypted copy "
                              "and add that)") from None
        if isinstance(cause, PDFEncryptionError):
            raise CorpusError(f"{path}:1: encrypted PDF that cannot be decrypted ({cause}): save an unencrypted "
                              "copy and add that") from None
        raise CorpusError(f"{path}:1: not a readable PDF ({type(cause).__name__}: {cause})") from None
    with pdf:
        meta = metadata(pdf.metadata)
        pages, found, unmapped = [], 0, 0
        try:
            for page in pdf.pages:
                # upright glyphs on the page (not a rotated label, not text parked outside it); a glyph whose font
                # does not say which character it is comes as "(cid:12)": left out
                x0, top, x1, bottom = page.bbox
                glyphs = []
                for c in page.chars:
                    if c["upright"] and c["text"] and c["x1"] > x0 and c["x0"] < x1 and c["bottom"] > top and c[
                            "top"] < bottom:
                        if c["text"].startswith("(cid:"):
                            unmapped += 1
                        else:  # (the baseline from the glyph's matrix: boxes of two fonts on one line may differ)
                            glyphs.append(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"],
                                                c["bottom"] + c["y0"] - c["matrix"][5]))
                found += sum(1 for g in glyphs if not g.text.isspace())
                pages.append(glyphs)
                page.close()
        except Exception as e:  # a damaged page tree or content stream
            raise CorpusError(f"{path}:1: page {len(pages) + 1} of the PDF cannot be read "
                              f"({type(e).__name__}: {e})") from None
    if unmapped > found:
        raise CorpusError(f"{path}:1: no readable text layer: most glyphs are in fonts that do not say which "
                          "characters they are; OCR the PDF first")
    if not found:
        raise CorpusError(f"{path}:1: no text layer: a scanned PDF needs OCR first")
    return layout(pages), meta


# what word processors and printer drivers leave in the document info: names of files and programs, defaults
JUNK_TITLE = re.compile(r"^(untitled\b.*|document\s?\d*|title|slide \d+|(powerpoint )?presentation\d*|about:blank|"
                        r"microsoft (word|powerpoint|excel) - .*|.*\.(docx?|pdf|rtf|odt|pages|pptx?|xlsx?|indd|"
                        r"qxd|qxp|p65|pm\d|tex|dvi|ps|html?|txt)|(https?|file)://.*|\S*_\S*)$", re.I)
JUNK_AUTHOR = re.compile(r"^(administrator|admin|localadmin|user|owner|unknown|author|windows user|"
                         r"microsoft office user|(hp authorized|preferred|valued) customer|default|name|pc)$", re.I)
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
    implausible (before 1993, when PDF came out, or after next year)."""
    m = PDF_DATE.match(value or "")
    if not m or not 1993 <= int(m.group(1)) <= date.today().year + 1:
        return None
    year = m.group(1)
    try:
        return date(int(year), int(m.group(2)), int(m.group(3))).isoformat()
    except (TypeError, ValueError):
        return year
