"""Read corpus/documents/<slug>.md: validate the front matter, clean the body, split it into passages.

The body is kept in the corpus exactly as received; every cleaning rule lives here, so the next raw text a
user drops in is cleaned the same way: web boilerplate removed, paragraphs split by page breaks mended,
markdown escapes undone, footnote markers detached and linked, headings kept as sections, tables set apart.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import CorpusError

FRONT_MATTER_KEYS = {"title", "author", "published", "publication", "url", "kind", "notes"}
KINDS = {"news", "opinion", "commentary", "paper", "report"}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class Passage:
    seq: int  # position among the document's blocks (passages and tables share one sequence)
    line: int  # line of the source file where the passage starts
    text: str
    section: str | None = None
    kind: str = "paragraph"  # paragraph or footnote
    footnote_number: int | None = None
    footnote_refs: list = field(default_factory=list)  # [(offset in text, footnote number)]


@dataclass
class Table:
    seq: int
    line: int
    header: list
    rows: list  # [(line, [cells])]
    section: str | None = None
    caption: str | None = None
    source: str | None = None


@dataclass
class Document:
    path: Path
    slug: str
    meta: dict
    passages: list
    tables: list
    removed: list  # [(line, text, reason)]: what cleaning took out, kept so it can be checked


@dataclass
class Block:
    line: int
    lines: list  # [(line number, text)]
    kind: str = "paragraph"  # paragraph, heading, table, caption, source, footnote

    @property
    def text(self):
        return " ".join(t for _, t in self.lines)


def read_document(path, slug=None):
    """Parse and clean one document file; raise CorpusError naming path and line on bad input."""
    path = Path(path)
    slug = slug or path.stem
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CorpusError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})")
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, body_start = parse_front_matter(path, lines)
    body = [(n + 1, lines[n]) for n in range(body_start, len(lines))]
    blocks, removed = clean_body(body, meta)
    passages, tables = assemble(path, blocks)
    if not passages:
        raise CorpusError(f"{path}:{body_start + 1}: the body is empty (no paragraph of text after the front matter)")
    return Document(path, slug, meta, passages, tables, removed)


def parse_front_matter(path, lines):
    """Return (metadata dict of strings, index of the first body line)."""
    if not lines or lines[0].strip() != "---":
        raise CorpusError(f"{path}:1: no YAML front matter: the file must start with a line '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise CorpusError(f"{path}:1: the front matter is not closed by a line '---'")
    source = "\n".join(lines[1:end])
    try:
        # BaseLoader keeps every value a string: 2015-06-17 stays text, not a date object.
        meta = yaml.load(source, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        raise CorpusError(f"{path}:{line}: front matter is not valid YAML: {getattr(e, 'problem', e)}")
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}:2: front matter must be 'key: value' lines")

    def line_of(key):
        return next((i + 1 for i in range(1, end) if lines[i].startswith(f"{key}:")), 2)

    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(sorted(FRONT_MATTER_KEYS))
            raise CorpusError(f"{path}:{line_of(key)}: unknown front matter key '{key}' (known: {known})")
        if not isinstance(value, str):
            raise CorpusError(f"{path}:{line_of(key)}: '{key}' must be a single value")
    meta = {k: v.strip() for k, v in meta.items() if v.strip()}
    if not meta.get("title"):
        raise CorpusError(f"{path}:{line_of('title') if 'title' in meta else 2}: 'title' is required")
    if "published" in meta and not DATE.match(meta["published"]):
        raise CorpusError(
            f"{path}:{line_of('published')}: bad date '{meta['published']}' for 'published' "
            "(use YYYY, YYYY-MM or YYYY-MM-DD)"
        )
    if "kind" in meta and meta["kind"] not in KINDS:
        raise CorpusError(
            f"{path}:{line_of('kind')}: unknown kind '{meta['kind']}' (one of: {', '.join(sorted(KINDS))})"
        )
    return meta, end + 1


# --- cleaning ---------------------------------------------------------------------------------------------

# Lines that are page furniture wherever they appear: share/print/save buttons, donation appeals, "read next".
BOILERPLATE_LINES = [
    ("share button", re.compile(
        r"^[•·*\-–]?\s*(save( to (favorites|my list|reading list))?|print( this( article| page)?)?|share"
        r"( this( article| story)?)?( on \w+)?|e-?mail( this)?|tweet|facebook|twitter|linkedin|copy link"
        r"|comments?|bookmark)\s*$", re.I)),
    ("donation appeal", re.compile(
        r"\b(your donation|please (give|donate)|donate (now|today)|make a donation|support (our|independent|"
        r"nonprofit) journalism|become a (member|subscriber)|subscribe (now|today))\b", re.I)),
    ("read next", re.compile(
        r"^(read next|read more|up next|related( articles| stories| posts)?|recommended( for you)?|"
        r"more (from|on) [\w\s]+|you (may|might) also like)\s*:?\s*$", re.I)),
    ("reading time", re.compile(r"^\d+\s+min(ute)?s?\s+read$", re.I)),
]
DISCLAIMER = re.compile(
    r"^(the )?(opinions|views)( and opinions)? expressed (in|here|herein|by|on)\b.*\b(author|writer|contributor)",
    re.I)
BYLINE = re.compile(r"^by\s+\S", re.I)
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
BYLINE_DATE = re.compile(rf"(\b{MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{4}}-\d\d-\d\d\b|\bmin(ute)?s? read\b)", re.I)
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~])")
EMPHASIS = re.compile(r"(?<![\w*\\])(\*{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
CAPTION = re.compile(r"^(figure|table|exhibit|chart)\b\s*[:.]?\s*(\d+[a-z]?)?\s*[:.]?\s*(?P<title>.*)$", re.I)
SOURCE = re.compile(r"^(source|sources|data)\s*:\s*\S", re.I)
NOTES_HEADING = re.compile(r"^(foot|end)?notes$", re.I)
FOOTNOTE = re.compile(r"^(\d{1,3})[.)]?\s+(?=\S)")
SENTENCE_END = re.compile(r"[.!?:;…][\"”’')\]]*(\d{1,3})?$")
SMALL_WORDS = {"a", "an", "and", "are", "as", "at", "but", "by", "for", "from", "in", "into", "is", "nor", "not",
               "of", "on", "or", "over", "per", "the", "to", "up", "v.", "vs.", "via", "with", "within", "yet"}


def clean_text(text):
    """Undo markdown escapes and emphasis and collapse whitespace (no-break spaces included)."""
    text = MARKDOWN_ESCAPE.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def is_heading(text):
    """A short title-case line with no sentence punctuation at its end ("Heroic Reform Efforts", "1. Continue
    Decentralization"); a paragraph cut by a page break is long and mostly lower case, so it never qualifies."""
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"^\d{1,2}[.)]\s+", "", text)
    words = text.split()
    if not words or len(words) > 18 or re.search(r"[.,;:!]$", text) or len(text) > 140:
        return False
    significant = [w for w in words if w.lower().strip("():,'’\"") not in SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if re.match(r"^[\W\d]*[A-Z0-9]", w))
    return capitalised / len(significant) >= 0.75


def clean_body(body, meta):
    """Turn body lines into classified, cleaned blocks. Returns (blocks, removed)."""
    removed = []
    blocks, current = [], []
    for number, line in body + [(None, "")]:
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(Block(current[0][0], current))
            current = []

    kept = []
    for block in blocks:
        if sum("\t" in t for _, t in block.lines) >= 2:
            kept.append(Block(block.line, [(n, t.rstrip()) for n, t in block.lines], "table"))
            continue
        lines = []
        for number, text in block.lines:
            reason = next((r for r, pattern in BOILERPLATE_LINES if pattern.search(text.strip())), None)
            if reason:
                removed.append((number, text.strip(), reason))
            else:
                lines.append((number, clean_text(text)))
        if lines:
            kept.append(Block(lines[0][0], lines))

    kept = strip_masthead(kept, meta, removed)
    result = []
    for block in kept:
        text = block.text
        if block.kind == "table":
            result.append(block)
        elif DISCLAIMER.search(text):
            removed.append((block.line, text, "disclaimer"))
        elif text.startswith("#"):
            result.append(Block(block.line, [(block.line, re.sub(r"^#+\s*", "", text))], "heading"))
        elif CAPTION.match(text) and len(text.split()) <= 20 and next_to_table(block, kept):
            result.append(Block(block.line, [(block.line, text)], "caption"))
        elif SOURCE.match(text) and len(text.split()) <= 30 and next_to_table(block, kept):
            result.append(Block(block.line, [(block.line, text)], "source"))
        elif len(block.lines) == 1 and is_heading(text):
            result.append(Block(block.line, block.lines, "heading"))
        else:
            result.append(block)
    return mend_page_breaks(result), removed


def next_to_table(block, blocks):
    """Captions and source lines sit within two blocks of their table."""
    i = blocks.index(block)
    return any(b.kind == "table" for b in blocks[max(0, i - 2): i + 3])


def strip_masthead(blocks, meta, removed):
    """Drop what precedes the body in a web page: breadcrumbs and kickers before the repeated title, the
    title itself, and bylines that repeat the metadata (author, date, reading time)."""
    title = normalise(meta["title"])
    head = blocks[:6]
    for i, block in enumerate(head):
        text = normalise(block.text)
        # the title alone, or with a breadcrumb word ("Getting to Teacher Ownership Home"); never a sentence
        if text == title or (text.startswith(title + " ") and len(text.split()) - len(title.split()) <= 2
                             and not block.text.endswith(".")):
            for dropped in blocks[: i + 1]:
                removed.append((dropped.line, dropped.text, "masthead"))
            blocks = blocks[i + 1:]
            break
    author = meta.get("author", "")
    while blocks and blocks[0].kind == "paragraph" and is_byline(blocks[0].text, author):
        removed.append((blocks[0].line, blocks[0].text, "byline"))
        blocks = blocks[1:]
    return blocks


def is_byline(text, author):
    """"By Jane Doe — June 17, 2015 3 min read", "Jane Doe | December 18, 2012", "Jane Doe, Some University"."""
    if len(text.split()) > 16 or text.endswith("."):
        return False
    if author and re.match(rf"^(by\s+)?{re.escape(author)}\s*([,|—–(-]|$)", text, re.I):
        return True
    return bool(BYLINE.match(text) and BYLINE_DATE.search(text))


def normalise(text):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def mend_page_breaks(blocks):
    """Join a paragraph that stops mid-sentence with the paragraph that continues it ("licenses were" /
    "required for teachers", "Superintendent Ramon" / "Cortines")."""
    mended = []
    for block in blocks:
        previous = mended[-1] if mended else None
        if (previous is not None and previous.kind == "paragraph" and block.kind == "paragraph"
                and not SENTENCE_END.search(previous.text)):
            previous.lines.extend(block.lines)
        else:
            mended.append(Block(block.line, list(block.lines), block.kind))
    return mended


def assemble(path, blocks):
    """Blocks → passages and tables, with sections, footnotes and captions attached."""
    tables = {seq: Table(seq, b.line, b.lines[0][1].split("\t"), [(n, t.split("\t")) for n, t in b.lines[1:]])
              for seq, b in enumerate(blocks, start=1) if b.kind == "table"}
    passages = []
    section, in_notes = None, False
    for seq, block in enumerate(blocks, start=1):
        text = block.text
        if block.kind == "heading":
            section, in_notes = text, bool(NOTES_HEADING.match(text))
        elif block.kind == "table":
            tables[seq].section = section
        elif block.kind in ("caption", "source"):
            # the table just before, or else the one just after
            table = next(tables[s] for s in (seq - 1, seq - 2, seq + 1, seq + 2) if s in tables)  # next_to_table() made sure
            if block.kind == "caption":
                table.caption = CAPTION.match(text).group("title") or text
            else:
                table.source = re.sub(r"^\w+\s*:\s*", "", text)
        else:
            number = FOOTNOTE.match(text) if in_notes else None
            if number:
                passages.append(Passage(seq, block.line, text[number.end():], section, "footnote",
                                        int(number.group(1))))
            else:
                passages.append(Passage(seq, block.line, text, section))
    link_footnotes(passages)
    return passages, list(tables.values())


def link_footnotes(passages):
    """Detach footnote markers glued to words ("initiatives.1 With", "accomplishment.”4") when a footnote of
    that number exists, and record where each marker was."""
    numbers = {p.footnote_number for p in passages if p.kind == "footnote"}
    if not numbers:
        return
    marker = re.compile(r"(?<=[^\W\d_][.,;:!?])(\d{1,3})(?=\s|$)|(?<=[.,;:!?][\"”’)\]])(\d{1,3})(?=\s|$)")
    for passage in passages:
        if passage.kind == "footnote":
            continue
        out, refs, last = [], [], 0
        for m in marker.finditer(passage.text):
            number = int(m.group(0))
            if number not in numbers:
                continue
            out.append(passage.text[last: m.start()])
            refs.append((sum(len(s) for s in out), number))
            last = m.end()
        if refs:
            out.append(passage.text[last:])
            passage.text = "".join(out)
            passage.footnote_refs = refs
