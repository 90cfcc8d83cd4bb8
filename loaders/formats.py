"""Documents as people have them: a markdown file with front matter, a text paste, a saved web page, a PDF.

Each format is read into the same thing, a Source: its metadata (as typed, before validation) and its body as
numbered lines, paragraphs apart by blank lines, "# " headings, "\f" lines where pages break. From there every
format takes the one cleaning path of documents.py. Metadata for a file that has no front matter may sit beside
it in a sidecar `<slug>.yml` (the same keys as front matter), which wins over what was extracted from the file.
Line numbers are the file's own for .md and .txt; for a web page or a PDF they count lines of the extracted text.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .corpus_yaml import load_yaml, read_text, read_yaml
from .errors import CorpusError

FORMATS = {".md": "md", ".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf"}
SIDECAR = ".yml"
PAGE_BREAK = "\f"  # a line of its own where a PDF's page ends
# Control characters are no text: stripped where text enters (they would reach passages, search snippets and
# pages). Tab, line feed and the form feed of a page break are kept. The C1 controls (U+0080–U+009F) in a text are
# almost always Windows-1252 bytes read as Latin-1 (U+0093 for a curly quote): they become the characters meant,
# and the five that Windows-1252 leaves undefined are dropped. Bidirectional overrides and isolates, which make text
# display in another order than it reads (and search), are dropped too.
CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F,
                                    *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
for _code in range(0x80, 0xA0):
    try:
        CONTROL_CHARACTERS[_code] = bytes([_code]).decode("cp1252")
    except UnicodeDecodeError:
        CONTROL_CHARACTERS[_code] = None


def without_control_characters(text):
    """text with the control characters of CONTROL_CHARACTERS removed."""
    return text.translate(CONTROL_CHARACTERS)


@dataclass
class Source:
    format: str  # md, txt, html or pdf
    data: dict  # metadata as read (load_yaml mappings keep their lines), not yet validated
    body: list  # [(line number, text)]
    body_line: int  # where the body starts (for "the body is empty")
    meta_source: Path  # the file the metadata's line numbers refer to (the document, or its sidecar)
    extracted: dict = field(default_factory=dict)  # metadata found in the file itself (title, author, …)


def read_source(path):
    """The Source of one document file, control characters stripped from its text and extracted metadata;
    CorpusError naming path and line when it can't be read."""
    source = read_format(path)
    source.body = [(number, without_control_characters(text)) for number, text in source.body]
    source.extracted = {key: without_control_characters(value) if isinstance(value, str) else value
                        for key, value in source.extracted.items()}
    return source


def read_format(path):
    """The Source of one document file, as its format reads it."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(f"{path}:1: not a document format (one of: {', '.join(sorted(FORMATS))})")
    if fmt == "pdf":
        from .pdf import read_pdf

        lines, extracted = read_pdf(path)
        source = Source(fmt, {}, numbered(lines), 1, path, extracted)
    elif fmt == "html":
        source = read_web_page(path)
    else:
        lines = text_lines(path)
        if fmt == "md":
            data, start = front_matter(path, lines)
            return Source(fmt, data, numbered(lines[start:], start), start + 1, path)
        source = Source(fmt, {}, numbered(lines), 1, path)
    sidecar = path.with_suffix(SIDECAR)
    if sidecar.is_file():
        source.data = read_yaml(sidecar, strings=True) or {}
        source.meta_source = sidecar
        if not isinstance(source.data, dict):
            raise CorpusError(f"{sidecar}:1: a sidecar holds 'key: value' lines (title, author, published, …)")
    return source


def numbered(lines, start=0):
    return [(start + i + 1, text) for i, text in enumerate(lines)]


def text_lines(path):
    # stripped before the front matter is parsed: YAML refuses control characters
    return without_control_characters(read_text(path)).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --- front matter of a .md ------------------------------------------------------------------------------------

# A "key: value" line whose value holds ": " (an unquoted title such as `title: Commentary: So Close`): plain YAML
# refuses it; read as people mean it, the value is the whole rest of the line.
UNQUOTED_COLON = re.compile(r"^(?P<key>[A-Za-z_]+):[ \t]+(?P<value>[^'\"\s|>\[{&*!#][^\n]*?:\s[^\n]*)$")


def front_matter(path, lines):
    """(metadata as read, index of the first body line) of a markdown file."""
    if not lines or lines[0].strip() != "---":
        raise CorpusError(f"{path}:1: no YAML front matter: the file must start with a line '---' "
                          "(or save the text as .txt, with its metadata in a sidecar .yml)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise CorpusError(f"{path}:1: the front matter is not closed by a line '---'") from None
    block = lines[1:end]
    try:
        data = load_yaml("\n".join(block), path, offset=1, strings=True)
    except CorpusError as first:
        forgiven = [quoted(line) for line in block]
        if forgiven == block:
            raise
        try:
            data = load_yaml("\n".join(forgiven), path, offset=1, strings=True)
        except CorpusError:
            raise first from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}:2: front matter must be 'key: value' lines")
    return data, end + 1


def quoted(line):
    """A front matter line with a value that holds ': ' written as a quoted YAML string."""
    m = UNQUOTED_COLON.match(line)
    if not m:
        return line
    return f"{m.group('key')}: '" + m.group("value").replace("'", "''") + "'"


# --- saved web pages ------------------------------------------------------------------------------------------

def read_web_page(path):
    """The main text of a saved web page (trafilatura: navigation, ads, comments and footers left out; headings,
    paragraphs, lists and tables kept as markdown) and its title, author, date, URL and site name."""
    import trafilatura

    raw = path.read_bytes()
    if not raw.strip():
        raise CorpusError(f"{path}:1: the web page is empty")
    tree = page_tree(raw)
    options = dict(output_format="markdown", include_comments=False, include_tables=True, include_images=False,
                   include_links=False, include_formatting=False, deduplicate=False, with_metadata=False)
    text = trafilatura.extract(tree, **options) or trafilatura.extract(tree, favor_recall=True, **options)
    if not text:
        raise CorpusError(f"{path}:1: no main text found in the web page (is it a saved article page?)")
    # the extensive date search scans the whole page (2 s on a 50 KB page): only when the markup has no date
    found = trafilatura.extract_metadata(tree, extensive=False)
    if found and not found.date:  # only then the whole page's text is searched for a date
        found.date = trafilatura.extract_metadata(tree, extensive=True).date
    extracted = {}
    if found:
        for key, value in (("title", found.title), ("author", found.author), ("published", found.date),
                           ("url", found.url), ("publication", found.sitename)):
            if value and value.strip():
                extracted[key] = value.strip()
    lines = text.split("\n")
    standfirst = found.description.strip() if found and found.description else ""
    if standfirst and standfirst not in text and printed(tree, standfirst):
        # a standfirst printed under the headline, which trafilatura leaves out: under the headline, or first
        at = 1 if lines[0].lstrip("# ").strip() == (found.title or "").strip() else 0
        lines[at:at] = [standfirst, ""] if at == 0 else ["", standfirst]
    if extracted.get("author"):
        extracted["author"] = extracted["author"].replace(";", ",")  # trafilatura joins several authors with ";"
    return Source("html", {}, numbered(web_paragraphs(lines)), 1, path, extracted)


def printed(tree, text):
    """Whether the page prints text as a block of its own (not only in its <meta> description)."""
    if isinstance(tree, bytes):
        return False
    return any(" ".join(p.text_content().split()) == text for p in tree.iter("p", "h2", "div", "span"))


def is_table_row(line):
    return line.lstrip().startswith("|")


def web_paragraphs(lines):
    """trafilatura's lines with a blank line between blocks: it writes each paragraph, heading, list item or
    table row on a line of its own, and sometimes without the blank line between them; rows of a table stay
    together."""
    out = []
    for line in lines:
        if out and out[-1].strip() and line.strip() and not (is_table_row(out[-1]) and is_table_row(line)):
            out.append("")
        out.append(line)
    return out


LAYOUT_CELL_WORDS = 40


def page_tree(raw):
    """The page parsed (lxml), with layout tables undone: a table that lays out a page (a cell of running text,
    or one holding paragraphs, headings or another table) is markup, not data, and trafilatura would write the
    whole page as one table row. Its cells become plain blocks."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(raw)
    except Exception:  # lxml raises ParserError and friends on what is not HTML at all
        return raw
    for table in tree.iter("table"):
        cells = table.findall(".//td") + table.findall(".//th")
        if any(cell.find(".//p") is not None or cell.find(".//table") is not None
               or cell.find(".//h1") is not None or cell.find(".//h2") is not None
               or len(cell.text_content().split()) > LAYOUT_CELL_WORDS for cell in cells):
            for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                element.tag = "div"
    # a paragraph written as a <div> among <p> siblings (an old site's "bodyText"): trafilatura skips it
    for div in list(tree.iter("div")):
        parent = div.getparent()
        if (parent is not None and len(parent.findall("p")) >= 2 and not any(
                child.tag in BLOCK_TAGS for child in div.iterdescendants())
                and len(div.text_content().split()) >= LAYOUT_CELL_WORDS // 2):
            div.tag = "p"
    return tree


BLOCK_TAGS = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
              "blockquote", "figure", "script", "form"}
