"""Read corpus/documents/<slug>.md: validate the front matter, clean the body, split it into passages.

The body is kept in the corpus exactly as received; every cleaning rule lives here (the mechanics) and in
corpus/cleaning.yml (what sites and reports print), so the next raw text a user drops in is cleaned the same way:
web boilerplate and PDF page furniture removed, paragraphs split by page breaks mended, words hyphenated at line
ends rejoined, markdown escapes undone, footnote markers detached and linked, headings kept as sections, list
items and tables set apart.
"""

import html
import re
from typing import Literal
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from pydantic import Field, PositiveInt, field_validator

from .corpus_yaml import KEY_LINES, LINE, CorpusModel, did_you_mean, line_of, read_yaml, validate
from .errors import CorpusError
from .events import iso_date
from .formats import PAGE_BREAK, read_source
from .knowledge import ROOT_CORPUS, knowledge_file

KINDS = ("commentary", "news", "opinion", "paper", "report")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# keys people type for the keys of front matter
SYNONYMS = {"date": "published", "source": "url", "link": "url", "byline": "author", "authors": "author",
            "site": "publication", "outlet": "publication", "type": "kind"}
WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\.[^\s]*$", re.I)


class FrontMatter(CorpusModel):
    """A document's metadata (front matter or sidecar): every value a string, as typed. A date written out
    ("January 22, 2019") is normalised; a kind outside KINDS is kept (the reader warns)."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    publication: str | None = None
    url: str | None = None
    kind: str | None = None
    notes: str | None = None
    source_file: str | None = None  # the file the document was received as ("000_18be0ba020817c10.txt")

    @field_validator("published")
    @classmethod
    def date(cls, value):
        if value and not DATE.match(value):
            written = iso_date(value)
            if not written:
                raise ValueError(f"bad date '{value}' for 'published' (use YYYY, YYYY-MM or YYYY-MM-DD, or a "
                                 "written date such as January 22, 2019)")
            return written
        return value

    @field_validator("url")
    @classmethod
    def web_address(cls, value):
        if value and not WEB_ADDRESS.match(value):
            raise ValueError(f"'url' must be a web address starting with http:// or https://, not '{value}'")
        return value

    @field_validator("kind")
    @classmethod
    def lower_case(cls, value):
        return value.lower() if value else value


def document_meta(path, source, rules):
    """(metadata dict, warnings, fallback) of a document: what its front matter or sidecar says, over what was
    extracted from the file (web page or PDF metadata); fallback holds what counts only when the text does
    not say it (a PDF's creation date). Raises CorpusError for a value that can't be read."""
    data = dict(source.data)
    for typed, key in SYNONYMS.items():  # "date:" is "published:", "source: https://…" is "url:"
        if typed in data and key not in data and (key != "url" or WEB_ADDRESS.match(str(data[typed]))):
            data[key] = data.pop(typed)
            data.setdefault(KEY_LINES, {})[key] = data.get(KEY_LINES, {}).get(typed)
    # keys a blog or a site generator writes ("tags:", "layout:"): left out, with a warning
    known = set(FrontMatter.model_fields) | {LINE, KEY_LINES}
    warnings = [f"{source.meta_source}:{line_of(data, key)}: unknown key '{key}' left out"
                f"{did_you_mean(key, [k for k in FrontMatter.model_fields if k not in ('line', 'key_lines')])} (known: "
                f"{', '.join(k for k in FrontMatter.model_fields if k not in ('line', 'key_lines'))})"
                for key in data if key not in known]
    given = validate(FrontMatter, {k: v for k, v in data.items() if k in known}, source.meta_source)
    extracted = {}
    found = dict(source.extracted)
    # a PDF's creation date is when it was made or printed: the text's own date line wins over it
    fallback = {"published": found.pop("published")} if source.format == "pdf" and "published" in found else {}
    if found.get("author"):  # "View all posts by Jane Doe", "Jane Doe, Staff Writer"
        author = re.sub(r"^(view (all )?posts by|posted by|written by)\s+", "", found["author"], flags=re.I)
        found["author"] = byline_name(author, rules) or author.replace("; ", ", ")
    if found.get("title"):  # "LAUSD board puts parcel tax on June ballot - South Bay Breeze"
        title, _, site = found["title"].rpartition(" - " if " - " in found["title"] else " | ")
        if title and 0 < len(site.split()) <= 4 and len(title.split()) >= 3:
            found["title"] = title
            found.setdefault("publication", site)
    for key, value in found.items():  # found by a library in the file: kept only when valid
        try:
            extracted.update(FrontMatter.model_validate({key: value}).model_dump(include={key}, exclude_none=True))
        except ValueError:
            pass
    meta = {**extracted, **{k: v for k, v in given.model_dump(exclude={"line", "key_lines"}).items() if v}}
    if meta.get("kind") and meta["kind"] not in KINDS:
        warnings.append(f"{source.meta_source}:{given.line_of('kind')}: unknown kind '{meta['kind']}' (known: "
                        f"{', '.join(KINDS)}): kept as given")
    if not meta.get("title"):
        if source.format == "md":
            raise CorpusError(f"{path}:{given.line_of('title') if source.data else 1}: 'title' is required")
        number, title = title_from_text(source.body, rules)
        if title:
            meta["title"] = title.lstrip("# ")
            warnings.append(f"{path}:{number}: no title given: took '{meta['title']}' from the text "
                            f"(a sidecar {path.with_suffix('.yml').name} with 'title:' sets it)")
        else:  # a paste that starts with its text: the file's name says what it is
            meta["title"] = re.sub(r"[-_\s]+", " ", path.stem).strip().capitalize() or path.stem
            warnings.append(f"{path}:1: no title given, and no headline above the text: took '{meta['title']}' "
                            f"from the file name (a sidecar {path.with_suffix('.yml').name} with 'title:' sets it)")
    return meta, warnings, fallback


def title_from_text(body, rules):
    """(line, text) of the headline of a text given without a title, or (None, None): among the short lines
    above its byline (or a wiki's tagline), else above its first paragraph, the one headline_of() picks (the
    first lines of a paste are often the site's name and menus; a deck, a caption or a staff role may stand
    between the headline and the text)."""
    head = []  # (line, text, whether it reads as a headline, whether it is a line of a list, whether it stands alone)
    listed = set()  # lines of a block of three or more short lines that are no sentences: a menu, a gallery
    questions = explainer_questions(body)  # an explainer's subheads: the first heads its text, no headline
    joined = set()  # lines that went on a headline wrapped onto them
    for i, (number, line) in enumerate(body):
        if number in questions or i in joined:
            continue
        if line.strip() and (i == 0 or not body[i - 1][1].strip()):
            listed |= short_lines_block(body, i, rules)
        text = clean_text(line)
        reason = boilerplate_reason(text, rules) if text else "blank"
        # the byline, or a wiki's tagline ("From Wikipedia, the free encyclopedia"), stands under the headline
        if head and (is_byline(text, "", rules) or bare_byline_name(body, i, rules) or stamped_name(body, i, rules)
                     or reason == "wiki navigation" and text.lower().startswith("from ")):
            return headline_of(head, rules)
        going_on = clean_text(body[i + 1][1]) if i + 1 < len(body) else ""
        below = below_line(body, i)
        if (reason or rules.photo_credit.search(text) or re.match(r"\d+(\.\d+)*\s", text)  # (a contents entry)
                or not re.search(r"[A-Za-z]{2}", text)  # (a count, a rule)
                or is_cut_alt_text(text, below, rules) or is_cut_alt_text(above_line(body, i), text, rules)):
            continue  # (a gallery's slide cut short, or its whole caption)
        if len(text.split()) <= 3 and 0 < i < len(body) - 1 and menu_label(body, i, rules):
            continue  # the label of a menu's part, between two of its items ("View history" / "General" / "Tools")
        if (len(text.split()) > 20 and len(text.split()) <= LONG_HEADLINE_WORDS and not re.search(r"[.!]$", text)
                and below and is_byline(below, "", rules)):
            return number, text  # a long headline, with no stop, right over its byline
        if len(text.split()) > 20 and is_prose(text) or rules.wire_dateline and rules.wire_dateline.match(text):
            return headline_of(head, rules)  # the headline stands above the text (which a wire dateline opens)
        if re.match(r"[a-z]", going_on) and is_prose(f"{text} {going_on}") and SENTENCE_END.search(going_on):
            return headline_of(head, rules)  # a paragraph's first line, its sentence going on under it
        if (re.match(r"[a-z]", going_on) and len(f"{text} {going_on}".split()) <= 20 and not SENTENCE_END.search(text)
                and not boilerplate_reason(going_on, rules)):
            text = f"{text} {going_on}"  # a headline wrapped onto the next line ("… Los Angeles" / "students at …")
            joined.add(i + 1)
            going_on = clean_text(body[i + 2][1]) if i + 2 < len(body) else ""
        if len(head) == MASTHEAD_BLOCKS:
            break
        if is_byline(text, "", rules):
            continue  # a byline above the headline (or with none) is never it
        if len(text.split()) <= 20:
            after = going_on
            alone = (i == 0 or not body[i - 1][1].strip()) and not after  # a block of one line
            # (a line right over a credit is the picture's caption: "Jane Doe, head of the district" / "Ana Ruiz/AP")
            credited = bool(after) and len(after.split()) <= 12 and bool(rules.photo_credit.search(after))
            head.append((number, text.lstrip("# "), number not in listed and not credited
                         and reads_as_headline(text, after, rules), number in listed, alone))
    return head[0][:2] if head else (None, None)


EXPLAINER_QUESTIONS = 3  # questions set apart over answers, in one text: an explainer's subheads
QUESTION_WORDS = 14  # the longest such question


def below_line(body, i):
    """The text of the line under line i of body, one blank line between at most ("" if none)."""
    return next((clean_text(t) for _, t in body[i + 1: i + 3] if t.strip()), "")


def above_line(body, i):
    """The text of the line over line i of body, one blank line between at most ("" if none)."""
    return next((clean_text(t) for _, t in reversed(body[max(0, i - 2): i]) if t.strip()), "")


def explainer_questions(body):
    """The line numbers of an explainer's subheads: lines that are a short question alone (a blank line above and
    below), the paragraph under each an answer (a dozen words or more, no question), when the text has
    EXPLAINER_QUESTIONS or more of them ("Why is it called that?" / "Where did the idea come from?"); else none.
    (One or two such lines are a writer's own questions, in the text.)"""
    found, last = set(), len(body) - 1
    for i, (number, line) in enumerate(body):
        text = line.strip()
        if (text.endswith("?") and re.match(r"[A-Z]", text) and len(text.split()) <= QUESTION_WORDS
                and not QUOTED.search(text) and (i == 0 or not body[i - 1][1].strip())
                and i + 2 <= last and not body[i + 1][1].strip()):
            answer = body[i + 2][1].strip()
            if len(answer.split()) >= 12 and not answer.endswith("?"):
                found.add(number)
    return found if len(found) >= EXPLAINER_QUESTIONS else set()


def menu_label(body, i, rules):
    """Whether line i of body sits between two lines that one rule removes, no blank line between (and the
    line under it is no wiki's tagline, "From …", which stands under the headline): a label of a menu."""
    above, below = clean_text(body[i - 1][1]), clean_text(body[i + 1][1])
    if not above or not below or below.lower().startswith("from "):
        return False
    reason = boilerplate_reason(above, rules)
    return reason is not None and boilerplate_reason(below, rules) == reason


FOLLOW = {"follow", "+ follow", "subscribe"}  # the button beside a writer's name on a blog platform


def stamped_name(body, i, rules):
    """Whether line i of body ([(line, text)]) is a name alone right over a date stamp, a stamp's bare lead or a
    follow button ("Jane Doe" / "Updated:", "Jane Doe" / "March 3, 2019", "Jane Doe" / "Follow"): an author box, the
    byline of the page."""
    text = clean_text(body[i][1])
    if i + 1 >= len(body) or len(text.split()) > 4 or not rules.staff_name.fullmatch(text):
        return False
    after = clean_text(body[i + 1][1])
    return bool(after) and (is_timestamp(after, rules) or bool(rules.timestamp_lead.fullmatch(after))
                            or after.lower() in FOLLOW)  # (a blog platform's "Jane Doe" / "Follow")


def short_lines_block(body, start, rules):
    """The line numbers of the block of body that starts at index start, when it is three lines or more, none
    of them a sentence (of more than thirty words, or ending with a full stop), a byline or a date (a kicker,
    a headline and a byline are no list); else none."""
    end = next((k for k in range(start, len(body)) if not body[k][1].strip()), len(body))
    lines = [clean_text(t) for _, t in body[start:end]]
    if len(lines) >= 3 and all(len(t.split()) <= 30 and not re.search(r"[.!?]$", t) and not is_byline(t, "", rules)
                               and not is_timestamp(t, rules) for t in lines):
        return {n for n, _ in body[start:end]}
    return set()


def headline_of(head, rules=None):
    """(line, text) of the headline among the short lines above the text: back from the text, the first line that
    reads as one (past a deck, a caption, a staff role, a list), or the line above it when that reads as one too
    and is longer, of DECK_HEADLINE_WORDS or more (a headline over its deck); when that is a kicker of a word or
    two ("Education", "GRADUATION"), the line under it, whatever it ends with; else the last line. A run of
    CAROUSEL lines, each a block of its own, that all read as headlines is a menu or a carousel's slides: a list,
    its last line the headline only when it is the longest, of DECK_HEADLINE_WORDS or more (else there is none).
    A line in sentence case under one in title case, both of TITLE_CASE_HEADLINE_WORDS or more (rules given), is its
    deck (a site's name or a partner's line in title case is shorter: "In Partnership with the Eastside Ledger").
    head: [(line, text, whether it reads as a headline, whether it is a list's line, whether it is a block alone)]."""
    if not head:
        return None, None
    head, run, slides = list(head), 0, set()
    for k in range(len(head) + 1):
        if k < len(head) and head[k][2] and head[k][4]:
            run += 1
            continue
        if run >= CAROUSEL:
            lengths = [len(entry[1].split()) for entry in head[k - run: k]]
            last = lengths[-1] >= DECK_HEADLINE_WORDS and lengths[-1] == max(lengths)
            slides |= set(range(k - run, k - 1 if last else k))
        run = 0
    head = [(n, t, False, True, alone) if k in slides else (n, t, reads, listed, alone)
            for k, (n, t, reads, listed, alone) in enumerate(head)]
    for k in range(len(head) - 1, -1, -1):
        if not head[k][2]:
            continue
        if len(head[k][1].split()) >= 3:
            above = head[k - 1] if k else None
            if (above and above[2] and head[k][1].endswith("?") and k - 1 not in slides
                    and f" {normalise(above[1])} " in f" {normalise(head[k][1])} "):
                return above[:2]  # a question on the page's subject under its name ("What Are Pilot Schools?")
            if (rules and above and above[2] and k - 1 not in slides and " | " not in above[1]
                    and min(len(above[1].split()), len(head[k][1].split())) >= TITLE_CASE_HEADLINE_WORDS
                    and is_heading(above[1], rules) and not is_heading(head[k][1], rules)):
                return above[:2]  # a deck in sentence case under a headline in title case
            # (a deck that goes on from its headline opens with a conjunction: "But the apartments …"; a deck in
            # sentence case is longer than its headline, a site's name shorter than SHORT_HEADLINE_WORDS)
            longer = len(above[1].split()) >= max(DECK_HEADLINE_WORDS, len(head[k][1].split()) + 1) if above else False
            deck = (rules and above and len(head[k][1].split()) > len(above[1].split()) >= SHORT_HEADLINE_WORDS
                    and not is_heading(head[k][1], rules) and above[4] and head[k][4])
            longer = longer or bool(deck)
            if (above and above[2] and (longer or DECK_CONJUNCTION.match(head[k][1])
                                        and len(above[1].split()) >= DECK_HEADLINE_WORDS)
                    and k - 1 not in slides and " | " not in above[1]):  # (a site's name and its motto: no headline)
                return above[:2]
            return head[k][:2]
        if (k + 1 < len(head) and not head[k + 1][3] and not BULLET.match(head[k + 1][1])  # (an infobox's row)
                and not (head[k + 1][1].endswith(".") and not head[k + 1][2])):  # (a summary under "In summary")
            return head[k + 1][:2]
    return next((entry[:2] for k, entry in reversed(list(enumerate(head))) if k not in slides), (None, None))


DECK_CONJUNCTION = re.compile(r"(but|and|yet|so|plus|or)\s", re.I)
CAROUSEL = 5  # short lines in a row above the text that each read as a headline: no headline among them
LONG_HEADLINE_WORDS = 40  # a headline over its byline may run this long
TITLE_CASE_HEADLINE_WORDS = 8  # a line in title case of this many words is a headline, not a site's name
DECK_HEADLINE_WORDS = 6  # a line that reads as a headline right above another is the headline, its deck below
SHORT_HEADLINE_WORDS = 5  # a headline in a block of its own over a longer deck in sentence case has this many words


def reads_as_headline(text, after, rules):
    """Whether a short line above the text reads as its headline: it ends in no full stop, colon or bar (a deck,
    a caption and a table's cell do), is no staff role or byline, and is not a question that the line right
    below it (no blank line between) answers in a paragraph: that is the text's first sentence."""
    titled = text.endswith(".") and len(text.split()) >= 6 and is_heading(text[:-1], rules)  # a headline in title case
    if re.search(r"[.;:!|]$", text) and not titled or text.startswith("|") or "©" in text:  # may close with a stop
        return False
    if text.endswith(",") and after:  # (a headline cut after a comma stands alone: "… Queen, Caprice Young,")
        return False
    if BULLET.match(text):  # a line of a list ("• Source: EdSource", an infobox's "- Date: …")
        return False
    place = getattr(rules, "place_line", None)
    if place and place.fullmatch(text) or "...." in text:  # a place ("Los Angeles, California"), a row with leaders
        return False
    if rules.staff_role.match(text) or is_byline(text, "", rules):
        return False
    return not (text.endswith("?") and is_prose(after))


@dataclass
class Passage:
    seq: int  # position among the document's blocks (passages and tables share one sequence)
    line: int  # line of the source file where the passage starts
    text: str
    section: str | None = None
    kind: str = "paragraph"  # paragraph or footnote
    footnote_number: int | None = None
    footnote_refs: list = field(default_factory=list)  # [(offset in text, footnote number)]
    id: int | None = None  # passages.id, given by the documents stage


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
    format: str = "md"
    warnings: list = field(default_factory=list)  # "path:line: what" the reader forgave
    id: int | None = None  # documents.id, given by the documents stage


@dataclass(eq=False)
class Block:
    line: int
    lines: list  # [(line number, text)]
    kind: str = "paragraph"  # paragraph, standfirst, item, heading, table, caption, source, footnote
    after_page_break: bool = False  # page furniture (a page number, a running header) was removed before it
    number: int | None = None  # of a footnote
    whole: bool = False  # a line that is a paragraph of its own (a web paste's): never the first half of one

    @property
    def text(self):
        return " ".join(t for _, t in self.lines)


def read_document(path, slug=None, rules=None):
    """Read (any format of formats.py), clean and split one document by the CleaningRules given (the
    repository's by default); raise CorpusError naming path and line on bad input."""
    path = Path(path)
    source = read_source(path)
    rules = rules or repository_rules()
    meta, warnings, fallback = document_meta(path, source, rules)
    blocks, removed = clean_body(source.body, meta, rules)
    passages, tables = assemble(path, blocks, removed)
    if not passages:
        raise CorpusError(f"{path}:{source.body_line}: the body is empty (no paragraph of text"
                          f"{' after the front matter' if source.format == 'md' else ''})")
    # bylines and stamps above the lede (a standfirst may stand above them)
    lede = passages[1] if len(passages) > 1 and len(passages[0].text.split()) <= 45 else passages[0]
    labels = {n for n, line in source.body[: lede.line] if len(line.split()) <= 8 and (
        line.rstrip().endswith(":") and not rules.timestamp_lead.fullmatch(clean_text(line))
        or rules.date_label.match(clean_text(line)))}
    metadata_from_furniture(meta, removed, lede.line, rules, passages[len(passages) // 2].line, labels)
    if not meta.get("published"):  # a dateline opening the text ("April 20, 2019 (San Diego) - …")
        m = next(filter(None, (rules.dateline.match(p.text) for p in passages[:2])), None)
        meta.update({"published": iso_date(m.group("date"))} if m and iso_date(m.group("date")) else {})
    if not meta.get("author") and lede is not passages[0]:  # a standfirst that names its writer
        m = rules.deck_author.search(passages[0].text)
        meta.update({"author": m.group("name")} if m else {})
    meta.update({k: v for k, v in fallback.items() if not meta.get(k)})
    return Document(path, slug or path.stem, meta, passages, tables, removed, source.format, warnings)


# --- cleaning ---------------------------------------------------------------------------------------------
#
# clean_body() runs these passes in order, each over the whole body:
#   1. tables (tab-separated, markdown pipes, columns aligned by spaces) set apart from the caption and source
#      lines typed against them
#   2. page furniture of a PDF (page numbers, running headers and footers) out; where it was, a page break
#   3. web boilerplate out: line patterns (share buttons, newsletter prompts, timestamps, copyright, credits,
#      advertisements, "Related:" links), photo captions (a credit set over lines or run into the lede first put
#      back on its caption's line; a caption known by its own words, printed twice, or alone over its credit) and
#      the picture's description above them, the labels of boxes, opinion disclaimers
#   4. the masthead (kicker, headline, bylines and author boxes, what is left above the text that is no part of
#      it: no line above the first paragraph heads a section unless shaped like the text's own headings) and the
#      tail (author bio) out, then pull quotes and the headlines of other stories set in the text
#   5. blocks classified: headings (never a name alone; one with nothing under it is recorded as removed),
#      captions, sources, list items, footnotes (in a Notes section, or at the foot of a page and referenced by a
#      marker), paragraphs
#   6. words hyphenated at a line end rejoined, paragraphs cut by a page break mended
#
# What sites and reports print (the boilerplate line patterns, bylines, bios, timestamps, credits) is read from
# corpus/cleaning.yml; the shapes of page numbers, tables, footnotes and markdown are mechanics and stay here.

FRAGMENT = re.compile(r"\{([a-z_]+)\}")  # "{month}" in a pattern of cleaning.yml


class Fragment(CorpusModel):
    name: str = Field(pattern=r"^[a-z_]+$")
    catches: str
    pattern: str | list[str]


class Pattern(CorpusModel):
    catches: str
    pattern: str | list[str]
    case_sensitive: bool = False


class Rule(Pattern):
    name: str = Field(min_length=1)
    max_words: PositiveInt | None = None  # a line longer than this is prose (default: furniture_words)
    heads_list: bool = False
    list_item: str | None = None  # what each line of the list it heads looks like (default: any short line)
    ends_text: bool | Literal["before notes"] = False  # "before notes": the notes under it stay ("See also")
    box: bool = False  # its line is part of a box: a short line set with it (no blank line between) is the box's label


class CleaningFile(CorpusModel):
    """corpus/cleaning.yml as written (its fields are described there)."""

    fragments: list[Fragment] = []
    furniture_words: PositiveInt
    caption_words: PositiveInt = 100
    boilerplate: list[Rule]
    inline: list[Rule] = []
    timestamp_lead: Pattern
    timestamp_word: Pattern
    clock: Pattern
    minutes_read: Pattern
    photo_credit: Pattern
    fused_credit: Pattern
    caption_cue: Pattern
    caption_action: Pattern
    kicker: Pattern
    disclaimer: Pattern
    date_label: Pattern
    dateline: Pattern
    byline: Pattern
    byline_date: Pattern
    named_byline: Pattern
    deck_author: Pattern
    staff_role: Pattern
    outlet: Pattern
    staff_name: Pattern
    bio_role: Pattern
    bio_beat: Pattern
    bio: Pattern
    notes_heading: Pattern
    teaser_link: Pattern | None = None
    place_line: Pattern | None = None
    wire_dateline: Pattern | None = None
    infobox_row: Pattern | None = None
    small_words: frozenset[str]


class CleaningRules(SimpleNamespace):
    """cleaning.yml compiled: each Pattern of CleaningFile an re.Pattern under its key, `boilerplate` as
    [(reason, re.Pattern, most words)], `inline` as [(reason, re.Pattern)], `list_heads` {reason whose bare
    label heads a list: what a line of the list looks like}, `text_ends` the reasons that end the text, `boxes`
    the reasons whose line is part of a box, `furniture_words`, `caption_words` and
    `small_words` as given. (A plain namespace: the cleaning passes read these attributes once per line, a
    pydantic model's private attributes are ten times slower to read.)"""


def read_cleaning_rules(corpus):
    """The cleaning rules of a corpus folder (its cleaning.yml, else the repository's), validated and compiled;
    raises CorpusError naming cleaning.yml:line."""
    path = knowledge_file(corpus, "cleaning.yml")
    data = validate(CleaningFile, read_yaml(path), path)
    fragments = {}

    def expand(item, what):
        """item's pattern with its fragments written out, checked to compile."""
        line = item.line_of("pattern")
        parts = [item.pattern] if isinstance(item.pattern, str) else item.pattern
        if not all(parts):
            raise CorpusError(f"{path}:{line}: {what}: an empty pattern (it would match every line)")

        def fragment(m):
            if m.group(1) not in fragments:
                raise CorpusError(f"{path}:{line}: {what}: unknown fragment '{m.group(0)}' (fragments defined "
                                  f"above it: {', '.join(fragments) or 'none'})")
            return fragments[m.group(1)]

        text = FRAGMENT.sub(fragment, "|".join(parts))
        try:
            re.compile(text)
        except re.error as e:
            raise CorpusError(f"{path}:{line}: {what}: the pattern does not compile: {e}") from None
        return text

    def compiled(item, what):
        return re.compile(expand(item, what), 0 if item.case_sensitive else re.I)

    for item in data.fragments:
        if item.name in fragments:
            raise CorpusError(f"{path}:{item.line_of('name')}: fragment '{item.name}' is defined twice")
        fragments[item.name] = expand(item, f"fragment '{item.name}'")
    # the removals are known by name: rules of one name must agree on what a match does besides
    first = {}
    for rule in data.boilerplate:
        flags = (rule.ends_text, bool(rule.box), bool(rule.heads_list), rule.list_item)
        seen = first.setdefault(rule.name, (rule, flags))
        if seen[1] != flags:
            raise CorpusError(f"{path}:{rule.line_of('name')}: rule '{rule.name}' differs in ends_text, box, "
                              f"heads_list or list_item from the rule of that name at line "
                              f"{seen[0].line_of('name')}: give it another name")
    return CleaningRules(
        **{key: compiled(value, key) for key, value in data if isinstance(value, Pattern)},
        boilerplate=[(rule.name, compiled(rule, f"rule '{rule.name}'"), rule.max_words or data.furniture_words)
                     for rule in data.boilerplate],
        inline=[(rule.name, compiled(rule, f"rule '{rule.name}'")) for rule in data.inline],
        list_heads={rule.name: re.compile(rule.list_item or "") for rule in data.boilerplate if rule.heads_list},
        text_ends={rule.name for rule in data.boilerplate if rule.ends_text},
        notes_follow={rule.name for rule in data.boilerplate if rule.ends_text == "before notes"},
        boxes={rule.name for rule in data.boilerplate if rule.box},
        furniture_words=data.furniture_words, caption_words=data.caption_words, small_words=data.small_words)


@cache
def repository_rules():
    """The repository's corpus/cleaning.yml, read once per process: what read_document() cleans by unless told."""
    return read_cleaning_rules(ROOT_CORPUS)

# A page number alone: "12", "Page 12", "Page 12 of 40", "- 12 -", "xii".
# (three digits at most: a year alone on a line is a heading of a timeline, not a page)
# (lower-case roman numerals only: "II" may number a part of the text)
PAGE_NUMBER = re.compile(r"^\d{1,3}$|^(page|p\.)\s*\d{1,4}(\s+of\s+\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
                         r"|^(?-i:[ivxlc]{1,6})$", re.I)
# A running header or footer that carries the page number: "12 | Report Title", "Report Title | 13".
RUNNING_HEAD = re.compile(r"^(\d{1,4})(?:\s*[|•·]\s*|\s{3,})(?P<a>\S.{0,100})$"
                          r"|^(?P<b>\S.{0,100}?)(?:\s*[|•·]\s*|\s{3,})(\d{1,4})$")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|/|#|mailto:|www\.)[^)\s]*(?:\s+\"[^\"]*\")?\)"
                           r"|<https?://[^>\s]+>")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~])")
GLUED_BY = re.compile(r"^By(?=[A-Z])")
# a wiki's heading in its source markup ("= Title =", "==Background=="): a markdown heading of that level
WIKI_HEADING = re.compile(r"^(={1,6})\s*([^=\s](?:[^=]*[^=\s])?)\s*\1$")
QUOTATION = re.compile(r"^\s*(>\s*)+")  # a markdown quotation block
SPACES = re.compile(r"\s+")
QUOTED = re.compile(r"[\"“”]")  # a caption quotes no one
# where a sentence ends and another starts (not after an initial: "Robert F. Kennedy")
SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9]{2})[.!?][\"”’)]?\s+(?=[A-Z\"“])")
DIGIT = re.compile(r"\d")
EMPHASIS = re.compile(r"(?<![\w*\\])(\*{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
CAPTION = re.compile(r"^(figure|table|exhibit|chart)\b\s*[:.]?\s*(\d+[a-z]?)?\s*[:.]?\s*(?P<title>.*)$", re.I)
PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
SOURCE = re.compile(r"^(source|sources|data)\s*:\s*\S", re.I)
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# A footnote's own line: "1 Text", "1. Text", "[1] Text", "¹ Text"
FOOTNOTE = re.compile(r"^(?:\[(\d{1,3})\]\s*|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*|(\d{1,3})[.)]?\s+)(?=\S)")
# A footnote marker glued to the end of a word or a closing quote: "initiatives.1 With", "in 1993.2 Each",
# "accomplishment.”4", "initiatives[1]", "initiatives.¹", "initiatives3."
# (the lookahead first: every marker starts with a digit, "[" or a superscript, so the lookbehinds are only tried
# there — ten times faster over long paragraphs, same matches)
# (a wiki's markers may follow one another with a space between: "… control.[4] [5] [6] The strike"; the space
# before each later one goes with it)
MARKER = re.compile(r"(?=[\d\[⁰¹²³⁴⁵⁶⁷⁸⁹]|\s\[)"
                    r"(?:(?:(?<=[^\W\d_][.,;:!?])|(?<=\b(?:1[89]|20)\d\d[.,;:])|(?<=[.,;:!?][\"”’)\]]))"
                    r"(\d{1,3})(?=\s|$)|(?<=\S)\[(\d{1,3})\]|(?<=\S)([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
                    r"|(?<=[a-z]{3})(\d{1,2})(?=[.,;:!?]?(?:\s|$))|(?<=\d\])\s\[(\d{1,3})\])")

# the links from a wiki's reference back to the text: "^ a b", "↑ Jump up to: 1.0 1.1"
BACKLINK = re.compile(r"^(?:\^|↑)\s*(?:(?i:jump up(?: to)?):?\s*)?(?:(?:\d+\.\d+|[a-z])\s+)*")
NOTE_ITEM = re.compile(r"^(?=[\^↑]\s)")  # the backlink opens each of a wiki's references (kept: BACKLINK cuts it)
BULLET = re.compile(r"^[•◦▪●‣∙·*–-]\s+(?=\S)")
PERSON = re.compile(r"[A-Z][a-z]+(?: [A-Z]\.)+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?")  # a name with an initial: "Jane Q. Doe"
# (a wiki may close a sentence with several markers: "… the district.[3][4]")
SENTENCE_END = re.compile(r"[.!?:;…][\"”’')\]]*(\d{1,3}|(\[\d{1,3}\])+|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})?$")


def number_of(m):
    """The footnote number a FOOTNOTE or MARKER match stands for."""
    return int(next(g for g in m.groups() if g).translate(SUPERSCRIPTS))


def clean_text(text):
    """Undo HTML entities, markdown quotes, images, links, escapes and emphasis ("[the plan](https://…)" →
    "the plan"), drop soft hyphens and collapse whitespace (no-break spaces too)."""
    if "&" in text:
        text = html.unescape(text)
    text = QUOTATION.sub("", text)
    text = MARKDOWN_IMAGE.sub("", text.replace("\u00ad", ""))
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_ESCAPE.sub(r"\1", text)
    if "*" in text:  # EMPHASIS is tried at every position: slow on long paragraphs that have none
        text = EMPHASIS.sub(r"\2", text)
    text = SPACES.sub(" ", text).strip()
    if text.startswith("=") and text.endswith("="):
        text = WIKI_HEADING.sub(lambda m: f"{'#' * len(m.group(1))} {m.group(2)}", text)
    # a byline glued to its name ("ByJane Doe", "ByABC7.com staff"): no word starts "By" and a capital
    return GLUED_BY.sub("By ", text) if text.startswith("By") else text


def is_heading(text, rules):
    """A short title-case line with no sentence punctuation at its end ("Heroic Reform Efforts", "1. Continue
    Decentralization"); a paragraph cut by a page break is long and mostly lower case, so it never qualifies."""
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"^\d{1,2}[.)]\s+", "", text)
    words = text.split()
    if not words or len(words) > 18 or re.search(r"[.,;:!|]$", text) or len(text) > 140:
        return False
    if PERSON.fullmatch(text.split(", ")[0]):
        # a name alone ("Jane Q. Doe"): a credit's or a byline's; or a name with its titles ("Harriet O. Lawson,
        # Ph.D., Director, Center for Urban School Leadership"): a speaker's line; never a heading
        return False
    significant = [w for w in words if w.lower().strip("():,'’\"") not in rules.small_words]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if re.match(r"^[\W\d]*[A-Z0-9]", w))
    return capitalised / len(significant) >= 0.75


def is_timestamp(line, rules):
    """A line that is only a date or time, perhaps "Updated …": "Aug. 26, 2009 12 AM PT", "June 9, 2016".
    A year alone is not one (it may head a section of a timeline)."""
    line = line.strip()
    if len(line) > 200 or not DIGIT.search(line):  # no timestamp without a digit: spares most lines the patterns
        return False
    line = re.sub(r"^\[\s*(.*?)\s*\]$|^\(\s*(.*?)\s*\)$", r"\1\2", line)  # ("[January 19, 2019]")
    text = rules.minutes_read.sub("", rules.timestamp_lead.sub("", line))
    words = text.replace(",", " ").split()
    return (0 < len(words) <= 14 and any(c.isdigit() for c in text)
            and all(rules.timestamp_word.match(w) for w in words)
            and (text != line or any(rules.clock.fullmatch(w) for w in words)))


def clean_body(body, meta, rules):
    """Turn body lines into classified, cleaned blocks. Returns (blocks, removed): removed holds
    (line, text, reason) for everything cleaning took out."""
    removed = []
    body = strip_line_numbers(body, removed)
    blocks, current, page_break = [], [], False
    for number, line in body + [(None, "")]:
        if line.strip(" \t") == PAGE_BREAK:  # a PDF's page ends here (str.strip() would take "\f" for a space)
            line, page_break = "", True
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(Block(current[0][0], current, after_page_break=page_break))
            current, page_break = [], False
    vocabulary = word_forms(body)
    starts = {block.line for block in blocks}  # the lines with a blank line above them
    blocks = [part for block in blocks for part in set_tables_apart(join_split_parentheses(block))]
    blocks = [part for block in blocks for part in split_paragraph_lines(block)]
    blocks = [part for block in blocks for part in set_credit_apart(block, rules)]
    blocks = [part for block in blocks for part in set_heading_apart(block, rules)]
    if any(line.strip(" \t") == PAGE_BREAK for _, line in body):  # a PDF's layout
        blocks = attach_note_numbers(blocks)
    blocks = remove_teasers(blocks, removed, rules, starts)
    blocks = remove_page_furniture(blocks, meta, removed, rules, page_edges(body))
    blocks = remove_field_runs(blocks, removed, rules, starts)
    blocks = remove_boilerplate(blocks, removed, rules, meta["title"], starts)
    questions = explainer_questions(body)
    blocks = strip_masthead(blocks, meta, removed, rules, questions)
    blocks = strip_tail(blocks, meta, removed, rules)
    blocks = remove_pull_quotes(blocks, removed, rules)
    blocks = remove_stray_headlines(blocks, removed, rules)
    blocks = classify(blocks, rules, questions)
    find_page_footnotes(blocks)
    for block in blocks:
        if block.kind in ("paragraph", "standfirst", "item", "footnote"):
            block.lines = rejoin_hyphenated(block.lines, vocabulary)
    return mend_page_breaks(blocks, vocabulary), removed


FIELD_ROW = re.compile(r"^([•*-]\s+)?[A-Z][\w’'().&/-]*( [\w’'().&/-]+){0,3}:(\s|$|(?=[A-Z]))")  # any value
FIELD = re.compile(r"^[A-Z][\w ]{0,20}:\s+\S")  # a label with its value ("When: Tuesday, September 26")
GALLERY = 2  # a list's items that went as captions, in a row: the items after them are the gallery's too
CUT_TEXT_WORDS = 20  # a paragraph without a final stop of this many words at the end: text a copy cut short
ENDS_AFTER = 0.5  # a line that ends the text ("###", "Comments") does so only in the second half of the file
MASTHEAD_BLOCKS = 30  # a page's menus may fill this many lines above the headline
MENDED_WORDS = 15  # a paragraph cut in two by a blank line, without a page break shown, has this many words
UNWRAPPED = 120  # a line longer than this was not wrapped by hand or by a page: it is a paragraph of its own


MARGIN_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\s{2,}|\t|\s*$)")  # "12  text", "12" alone: pleading paper


def attach_note_numbers(blocks):
    """A PDF footnote's number set apart from its text ("1" / "Cal. Educ. Code sec. 47614 …"), when a marker of
    that number is glued to a word above it ("its own schools.1") and the page goes on after it, joined to the
    text: a number alone is otherwise taken for a page number."""
    result, markers = [], set()
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (len(block.lines) == 1 and re.fullmatch(r"\d{1,3}", block.text.strip()) and nxt is not None
                and not block.after_page_break
                and nxt.kind != "table" and not nxt.after_page_break and int(block.text) in markers
                and re.match(r"[\"“A-Z]", nxt.text)):
            nxt.lines[0] = (nxt.lines[0][0], f"{block.text.strip()} {nxt.lines[0][1]}")
            nxt.after_page_break = block.after_page_break
            continue
        markers |= {number_of(m) for m in MARKER.finditer(block.text)}
        result.append(block)
    return result


def strip_line_numbers(body, removed):
    """Body lines without the line numbers printed in the margin of pleading paper ("1  ROSALIND T. ACHEBE",
    "8" alone for an empty line), when most lines carry one and they count up (from 1 again on each page)."""
    numbered = [(i, int(m.group(1))) for i, (_, line) in enumerate(body) if line.strip()
                for m in [MARGIN_NUMBER.match(line)] if m]
    filled = sum(1 for _, line in body if line.strip())
    counting = sum(1 for (_, a), (_, b) in zip(numbered, numbered[1:]) if b in (a + 1, 1))
    if filled < 10 or len(numbered) < 0.6 * filled or counting < 0.8 * len(numbered):
        return body
    out = list(body)
    for i, number in numbered:
        line_number, line = body[i]
        removed.append((line_number, str(number), "line number"))
        out[i] = (line_number, line[MARGIN_NUMBER.match(line).end():])
    return out


def join_split_parentheses(block):
    """A parenthesis that a page's markup set over lines ("(" / "Jane Doe" / "/" / "Daily News" / ")"), put back
    at the end of the line above it, as the page prints it ("… on March 5. (Jane Doe / Daily News)")."""
    lines = block.lines
    if block.kind == "table" or not any(t.strip() == "(" for _, t in lines):
        return block
    out, i = [], 0
    while i < len(lines):
        number, text = lines[i]
        end = next((k for k in range(i + 1, min(len(lines), i + 8)) if lines[k][1].strip() == ")"), None)
        if text.strip() == "(" and end and all(len(t.split()) <= 8 for _, t in lines[i + 1: end]):
            piece = "(" + " ".join(t.strip() for _, t in lines[i + 1: end]) + ")"
            out[-1:] = [(out[-1][0], f"{out[-1][1].rstrip()} {piece}")] if out else [(number, piece)]
            i = end + 1
        else:
            out.append((number, text))
            i += 1
    return Block(block.line, out, block.kind, block.after_page_break, block.number, block.whole)


def set_credit_apart(block, rules):
    """A caption and its credit run into the text on one line ("… school year. Credit: Jane Doe via Wikimedia
    Commons (CC BY-SA 3.0)The district …"): cut after the credit, the caption a block of its own."""
    if block.kind == "table" or "(" not in block.text:
        return [block]
    parts, current = [], []
    for number, text in block.lines:
        m = next((m for m in rules.fused_credit.finditer(text) if re.match(r"\s*[\"“A-Z]", text[m.end():])), None)
        if m and len(text[: m.end()].split()) <= rules.caption_words and is_prose(text[m.end():].strip()):
            parts.append(Block(current[0][0] if current else number, current + [(number, text[: m.end()])],
                               whole=True))
            current = [(number, text[m.end():].strip())]
        else:
            current.append((number, text))
    if not parts:
        return [block]
    parts.append(Block(current[0][0], current, whole=True))
    parts[0].after_page_break = block.after_page_break
    return parts


MARKED_HEADING = re.compile(r"#{1,6}\s+\S")


def set_heading_apart(block, rules):
    """A heading set on the line above its paragraph with no space between ("Call to Order" / "Board Chair
    Rosalinda Ybarra called …"): a short title-case line over two or more lines of a wrapped paragraph."""
    lines = block.lines
    if block.kind != "table" and len(lines) >= 2 and (MARKED_HEADING.match(lines[0][1].lstrip())
                                                      or WIKI_HEADING.match(lines[0][1].strip())):
        # a heading marked as one ("## Background", "==Background=="), its text on the next line
        return [Block(lines[0][0], lines[:1], after_page_break=block.after_page_break), Block(lines[1][0], lines[1:])]
    if (block.kind != "table" and len(lines) >= 3 and len(lines[0][1].strip()) < 0.6 * len(lines[1][1].strip())
            and len(lines[0][1].split()) <= 8 and is_heading(lines[0][1].strip(), rules)
            and re.match(r"[\"“A-Z0-9]", lines[1][1].lstrip())):
        return [Block(lines[0][0], lines[:1], after_page_break=block.after_page_break), Block(lines[1][0], lines[1:])]
    return [block]


def split_paragraph_lines(block):
    """A block of paragraphs apart by single line breaks, split into one block per paragraph. Text pasted
    from a web page puts each paragraph on one line (a line longer than UNWRAPPED shows it): every line is a
    block. Text wrapped at a fixed width (a PDF pasted without blank lines) ends a paragraph at a line that
    closes a sentence well short of the width, before a line that starts a new one."""
    lines = block.lines
    if len(lines) < 2 or block.kind == "table":
        return [block]
    lengths = [len(t.strip()) for _, t in lines]
    if max(lengths) > UNWRAPPED:  # (but a line cut mid-sentence goes on in lower case on the next)
        ends = {i for i in range(len(lines) - 1) if not (re.match(r"[a-z]", lines[i + 1][1].lstrip())
                                                         and not re.search(r"[.!?:;”\"]$", lines[i][1].rstrip()))}
    elif len(lines) >= 6:
        width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
        if sum(1 for n in lengths if n >= 0.85 * width) < len(lines) / 2:  # not wrapped at a fixed width
            return [block]
        ends = {i for i in range(len(lines) - 1) if lengths[i] < 0.8 * width
                and SENTENCE_END.search(lines[i][1].rstrip())
                and re.match(r"[\"“‘'(]?[A-Z0-9]", lines[i + 1][1].lstrip())}
    else:
        return [block]
    parts, current, whole = [], [], max(lengths) > UNWRAPPED
    for i, line in enumerate(lines):
        current.append(line)
        if i in ends:
            parts.append(Block(current[0][0], current, whole=whole))
            current = []
    parts.append(Block(current[0][0], current, whole=whole))
    parts[0].after_page_break = block.after_page_break
    return parts


def furniture_key(text):
    return re.sub(r"\d+", "#", normalise(text))


TEASER_LINES = 3  # a teaser of a related-articles widget: a headline, a summary or two, then its "Read More"
TEASER_WORDS = 60  # a line of a teaser is no longer than this


def remove_teasers(blocks, removed, rules, starts=frozenset()):
    """Drop a widget of teasers for other articles: where a link to read on ("Read More") stands alone on its
    line twice or more in the text, each is the end of a teaser, and the short lines just above it (up to
    TEASER_LINES, back to the link before or to a line with a blank line above it: a headline and its summary)
    go with it as "read next"; so do the short lines that follow the last one up to a blank line (the widget's
    next teaser, cut off by the copy). A link that stands once is left to the other rules.
    (starts: the lines with a blank line above them.)"""
    pattern = getattr(rules, "teaser_link", None)
    if pattern is None:
        return blocks
    flat = [(number, text) for b in blocks if b.kind != "table" for number, text in b.lines]
    links = [k for k, (_, t) in enumerate(flat) if len(t) <= 40 and pattern.fullmatch(clean_text(t))]
    if len(links) < 2:
        return blocks
    gone, previous = set(), -1  # line numbers
    for k in links:
        gone.add(flat[k][0])
        first = k
        while (first - 1 > previous and k - first < TEASER_LINES and len(flat[first - 1][1].split()) <= TEASER_WORDS
               and flat[first][0] not in starts):
            first -= 1
        if first < k and (first - 1 == previous or flat[first][0] in starts):  # a whole teaser, and no more
            gone |= {n for n, _ in flat[first:k]}
        previous = k
    rest = links[-1] + 1
    while (rest < len(flat) and rest - links[-1] <= TEASER_LINES and flat[rest][0] not in starts
           and len(flat[rest][1].split()) <= TEASER_WORDS):
        gone.add(flat[rest][0])
        rest += 1
    result = []
    for block in blocks:
        part = [(n, t) for n, t in block.lines if block.kind == "table" or n not in gone]
        removed += [(n, t.strip(), "read next") for n, t in block.lines if block.kind != "table" and n in gone]
        if len(part) == len(block.lines):
            result.append(block)
        elif part:
            result.append(Block(part[0][0], part, block.kind, block.after_page_break, block.number, True))
    return result


def page_edges(body):
    """Keys of the lines that open or close two pages or more, where pages are known (a PDF's "\f" lines): the
    running heads and feet, however long."""
    pages, page = [], []
    for _, line in body + [(None, PAGE_BREAK)]:
        if line.strip(" \t") == PAGE_BREAK:
            pages.append(page)
            page = []
        elif line.strip():
            page.append(furniture_key(line))
    if len(pages) < 2:
        return set()
    counts = Counter(key for lines in pages for key in set(lines[:2] + lines[-2:]))
    return {key for key, n in counts.items() if n >= 2 and key}


def remove_page_furniture(blocks, meta, removed, rules, edges=frozenset()):
    """Drop page numbers, running headers/footers (a line with the page number, or a short line repeated on
    three pages, a line opening or closing two pages of a PDF, or the title repeated after the top) and mark
    the block after each as following a page break. A block cut by furniture in the middle becomes two."""

    # counted once a run of lines in a row: the lines of one list ("- Charter schools, 2014-15: 251", "- … 2016-17:
    # 279") are no header printed on each page, which has the page's text between its copies
    counts, last_line = Counter(), {}
    for number, text in ((n, t.strip()) for b in blocks if b.kind != "table" for n, t in b.lines):
        if len(text.split()) <= 12 and not SENTENCE_END.search(text):
            key = furniture_key(text)
            counts[key] += number is None or last_line.get(key) != number - 1
            last_line[key] = number
    # the title, or its part before a colon, repeated on every page after the first
    titles = set(title_forms(meta["title"]))
    seen_titles = set()

    def is_furniture(text):
        text = text.strip()
        if PAGE_NUMBER.match(text) or furniture_key(text) in edges:
            return True
        m = RUNNING_HEAD.match(text)
        if m and is_heading(m.group("a") or m.group("b"), rules):
            return True
        # (a photo credit printed under each picture of a gallery is the caption's: remove_boilerplate takes both)
        if (len(text.split()) <= 12 and not SENTENCE_END.search(text) and not CAPTION.match(text)
                and not (not edges and rules.photo_credit.search(text))):
            # on three pages, or on two when a page number changes at its start or end ("Title 12")
            if counts[furniture_key(text)] >= 3 or (counts[furniture_key(text)] >= 2 and re.search(r"^\d|\d$", text)
                                          and len(re.sub(r"\d+", "", text).split()) >= 2):
                return True
            if normalise(text) in titles:
                if normalise(text) in seen_titles:
                    return True
                seen_titles.add(normalise(text))
        return False

    result, page_break = [], False
    for block in blocks:
        if block.kind == "table":
            block.after_page_break = page_break
            result.append(block)
            page_break = False
            continue
        part, page_break = [], page_break or block.after_page_break
        for number, text in block.lines:
            if is_furniture(text):
                removed.append((number, text.strip(), "page furniture"))
                if part:
                    result.append(Block(part[0][0], part, after_page_break=page_break))
                    part = []
                page_break = True
            else:
                part.append((number, text))
        if part:
            result.append(Block(part[0][0], part, after_page_break=page_break))
            page_break = False
    return result


def set_tables_apart(block):
    """Find a table in a block: tab-separated rows, markdown pipe rows ("| 2009-10 | 36 |"), or three or more
    lines of short cells aligned by runs of spaces. The table becomes a block of tab-separated rows; lines
    before or after it (a caption typed above, a source line below) become blocks of their own."""
    lines = block.lines
    tabbed = [i for i, (_, t) in enumerate(lines) if "\t" in t.strip()]  # (tabs that only indent a line are no cells)
    # the first run of tab-separated rows (a line of prose between two tables is no row of either)
    run = next((k for k in range(1, len(tabbed)) if tabbed[k] != tabbed[k - 1] + 1), len(tabbed))
    if run >= 2:
        first, last = tabbed[0], tabbed[run - 1]
        rows = [(n, t.rstrip()) for n, t in lines[first: last + 1]]
    else:
        first = last = None
        for cells_of, least, same_width in ((pipe_cells, 2, False), (aligned_cells, 3, True)):
            run = longest_run([cells_of(t) for _, t in lines], same_width)
            if run and run[1] - run[0] + 1 >= least - 1:
                first, last = run
                rows = [(n, "\t".join(cells_of(t))) for n, t in lines[first: last + 1]
                        if not PIPE_RULE.match(t.strip())]
                # an indented header over the first column ("        2009-10   2010-11" above "Offered   36   27")
                above = lines[first - 1][1] if first and same_width else ""
                corner = re.split(r"\s{2,}", above.strip())
                if above[:1].isspace() and len(corner) == len(cells_of(lines[first][1])) - 1:
                    first -= 1
                    rows.insert(0, (lines[first][0], "\t".join([""] + corner)))
                if len(rows) >= least:
                    break
                first = None
        if first is None:
            return [block]
    parts = [Block(n, [(n, t)]) for n, t in lines[:first]]
    parts.append(Block(rows[0][0], rows, "table"))
    rest = lines[last + 1:]
    after = set_tables_apart(Block(rest[0][0], rest)) if rest else []  # another table further down
    parts += after if len(after) > 1 else [Block(n, [(n, t)]) for n, t in rest]
    parts[0].after_page_break = block.after_page_break
    return parts


def pipe_cells(text):
    """Cells of a markdown table row '| a | b |' (the rule row '|---|---|' counts as a row), or None."""
    text = text.strip()
    if PIPE_RULE.match(text):
        return ["-"]
    if not re.match(r"^\|.*\|$", text) or text.count("|") < 3:
        return None
    return [c.strip() for c in text[1:-1].split("|")]


def aligned_cells(text):
    """Cells of a line laid out in columns by runs of two or more spaces: three or more short cells, or None."""
    cells = re.split(r"\s{2,}", text.strip())
    return cells if len(cells) >= 3 and all(len(c.split()) <= 8 for c in cells) else None


def longest_run(cells, same_width):
    """(first, last) index of the longest run of consecutive rows (cells not None; with same_width, all with
    the first row's number of cells), or None."""
    best, start, width = None, None, None
    for i, row in enumerate(cells + [None]):
        if row is not None and start is not None and (not same_width or len(row) == width):
            continue
        if start is not None and (best is None or i - 1 - start > best[1] - best[0]):
            best = (start, i - 1)
        start, width = (i, len(row)) if row is not None else (None, None)
    return best


def boilerplate_reason(text, rules):
    """The name of the first rule that removes a line, or None."""
    text = BULLET.sub("", text.strip())  # "- Log in to post comments" is the line, in a list
    if len(text) > 1000:  # no furniture is that long (and the patterns need not scan it)
        return None
    words = len(text.split())
    if words <= rules.furniture_words and (is_timestamp(text, rules) or words <= 3 and text.endswith(":")
                                           and rules.timestamp_lead.fullmatch(text)):  # (a bare "Updated:")
        return "timestamp"
    return next((reason for reason, pattern, most in rules.boilerplate if words <= most and pattern.search(text)),
                None)


def cut_inline(text, number, removed, rules):
    """text with the pieces the inline rules match cut out (a shortcode's tags, "[edit]"); each piece is
    recorded in removed under its rule's name."""
    for reason, pattern in rules.inline:
        pieces = [m.group(0) for m in pattern.finditer(text)]
        if pieces:
            removed += [(number, piece.strip(), reason) for piece in pieces]
            text = SPACES.sub(" ", pattern.sub("", text)).strip()
    return text


def remove_boilerplate(blocks, removed, rules, title="", starts=frozenset()):
    """Drop web furniture line by line; a "Related:" label takes the headlines under it along, a photo credit
    takes its short caption block (and the picture's description above it), a box's line its label, an opinion
    disclaimer its whole block, an end mark ("###") all that follows the text. Remaining lines are cleaned.
    (title: the document's, which is never a box's label; starts: the lines with a blank line above them.)"""
    kept, label, count, first = [], None, 0, len(removed)
    titles = title_forms(title) if title else []
    twins = set()  # ids of blocks that repeat the caption just above them
    gallery = 0  # list items in a row that went as captions
    resume = 0  # where the text goes on after a line that ended it: its notes
    labelled = False  # the line before was a list's bare label ("Read next")
    for at, block in enumerate(blocks):
        if at < resume:
            continue
        if at and len(kept) == count and blocks[at - 1].after_page_break:
            block.after_page_break = True  # the block that followed a page break went: the break stays
        count = len(kept)
        if block.kind == "table":
            kept.append(block)
            continue
        cleaned = [cut_inline(clean_text(t), n, removed, rules) for n, t in block.lines]
        # the next slide of a gallery whose slides (items of a list) went as captions, its credit cut off
        slide = (len(cleaned) == 1 and bool(BULLET.match(cleaned[0]))
                 and len(cleaned[0].split()) <= rules.caption_words)
        gallery = (gallery + 1 if slide and (gallery >= GALLERY or is_caption(BULLET.sub("", cleaned[0]), rules))
                   else 0)
        if id(block) in twins or gallery > GALLERY or (
                len(block.lines) <= 3 and len(" ".join(t for _, t in block.lines).split()) <= 60
                and any(is_caption(t, rules) for t in cleaned)) or (
                len(block.lines) == 1 and is_caption(cleaned[0], rules)):
            removed += [(n, t.strip(), boilerplate_reason(c, rules) or "photo caption")
                        for (n, t), c in zip(block.lines, cleaned)]
            take_box_label(kept, block.line, "photo caption", removed, rules, titles, starts)
            if len(cleaned) == 1 and len(cleaned[0].split()) <= 12 and rules.photo_credit.search(cleaned[0]):
                take_caption_above_credit(kept, block.line, removed, rules, titles, starts)
            continue
        if (at + 1 < len(blocks) and len(blocks[at + 1].lines) == 1 and blocks[at + 1].line <= block.lines[-1][0] + 2
                and is_cut_alt_text(cleaned[-1], clean_text(blocks[at + 1].lines[0][1]), rules)):
            twins.add(id(blocks[at + 1]))  # a picture's cut alternative text, then its caption: both go
            removed.append((block.lines[-1][0], block.lines[-1][1].strip(), "photo caption"))
            if len(cleaned) == 1:
                continue
            block, cleaned = Block(block.line, block.lines[:-1], block.kind, block.after_page_break), cleaned[:-1]
        if len(cleaned) == 1 and is_caption_copy(cleaned[0], removed[-CAPTION_COPY_LOOKBACK:]):
            removed.append((block.line, block.lines[0][1].strip(), "photo caption"))
            continue
        if (len(cleaned) == 1 and at + 1 < len(blocks) and len(blocks[at + 1].lines) == 1
                and is_twin_caption(cleaned[0], blocks[at + 1].text, blocks[at + 1].line == block.line + 1)
                and not boilerplate_reason(cleaned[0], rules)):
            # a caption printed twice (the picture's text, then its caption), with no final stop: both go
            twins.add(id(blocks[at + 1]))
            removed.append((block.line, block.lines[0][1].strip(), "photo caption"))
            continue
        pictured = cut_alt_texts(cleaned, rules) | {i for i, c in enumerate(cleaned) if is_doubled(c, rules)} | {
            k for i in range(len(cleaned) - 1) if is_twin_caption(cleaned[i], cleaned[i + 1], adjacent=True)
            for k in (i, i + 1)}  # (a line printed twice in a row, in one block)
        if pictured:  # a picture's text (cut at a quotation mark, or the same words) and its caption: both go
            removed += [(n, t.strip(), "photo caption") for i, (n, t) in enumerate(block.lines) if i in pictured]
            block = Block(block.line, [line for i, line in enumerate(block.lines) if i not in pictured], block.kind,
                          block.after_page_break, whole=True)
            cleaned = [c for i, c in enumerate(cleaned) if i not in pictured]
            if not cleaned:
                continue
        lines, before, ended, reasons, mark = [], None, False, [], len(removed)
        # a notice wrapped over lines ("… This report may be" / "reproduced with attribution."): tested whole
        whole = boilerplate_reason(" ".join(cleaned), rules) if len(block.lines) > 1 else None
        # a paragraph wrapped over lines (most of them go on a sentence in lower case): its lines are no furniture
        prose = len(block.lines) >= 3 and sum(bool(re.match(r"[a-z]", c)) for c in cleaned[1:]) * 2 >= len(cleaned) - 1
        for i, ((number, raw), text) in enumerate(zip(block.lines, cleaned)):
            if not text:  # nothing left: a markdown image, or what the inline rules cut ("[edit]", recorded)
                if MARKDOWN_IMAGE.search(raw):
                    removed.append((number, raw.strip(), "image"))
                continue
            reason = None if prose and not whole else line_reason(text, raw, whole, before, label, rules,
                                                                  first=labelled)
            before = reason if reason != before else None  # (a wrapped sentence runs on one line, not a paragraph)
            label = list_label(reason, text, label, rules)
            labelled = reason in rules.list_heads and label == reason and not re.search(r":\s*\S", text)
            if not reason:
                lines.append((number, text))
                continue
            removed.append((number, raw.strip(), reason))
            reasons.append(reason)
            if (reason == "writer box" and lines and lines[-1][0] == number - 1 and len(lines[-1][1].split()) <= 4
                    and rules.staff_name.fullmatch(lines[-1][1])):
                removed.append((*lines.pop(), reason))  # the writer's name beside the follow button
            # a rule that ends the text ("###", "Re: …", "Written by …") ends it only below some text
            if (reason in rules.text_ends and any(is_prose(b.text) for b in kept)
                    and number >= ENDS_AFTER * blocks[-1].lines[-1][0]):
                # all that follows goes, but for the notes under a rule that stands above them ("See also")
                resume = next((k for k in range(at + 1, len(blocks)) if reason in rules.notes_follow
                               and len(blocks[k].lines) == 1 and rules.notes_heading.match(
                                   cut_inline(clean_text(blocks[k].text), 0, [], rules).lstrip("# "))), len(blocks))
                removed += [(n, t.strip(), reason) for n, t in block.lines[i + 1:]]
                removed += [(b.line, b.text, reason) for b in blocks[at + 1: resume]]
                ended = True
                break
        lines = captions_over_credits(lines, removed, mark, rules)
        boxed = next((r for r in reasons if r in rules.boxes or r == "photo caption"), None)
        if boxed and len(lines) == 1 and len(block.lines) <= 4 and is_box_label(lines[0][1], rules, titles):
            # the label of a box whose other lines went ("Listen 0:44" / the clip's title)
            removed.append((lines[0][0], lines[0][1], boxed))
            lines = []
        if boxed and (not lines or lines[0][0] > block.line):
            take_box_label(kept, block.line, boxed, removed, rules, titles, starts)
        if lines:
            text = " ".join(t for _, t in lines)
            label = None if is_prose(text) else label
            # a caption between an image's file name and its credit, each on a line of its own
            pictured = {n for n, _, r in removed[-3:] if r == "image file"}
            if len(lines) == len(block.lines) == 1 and len(text.split()) <= 40 and (
                    lines[0][0] - 1 in pictured or following_credit(blocks, at, rules)):
                removed.append((lines[0][0], text, "photo caption"))
                # the image's alternative text on the line above, repeating the caption, or describing the picture
                if (kept and len(kept[-1].lines) == 1 and kept[-1].line == lines[0][0] - 1
                        and normalise(kept[-1].text) in normalise(text)):
                    removed.append((kept[-1].line, kept.pop().text, "photo caption"))
                elif (kept and not QUOTED.search(kept[-1].text) and not SENTENCE_BREAK.search(kept[-1].text)
                      and len(kept[-1].text.split()) <= rules.furniture_words):  # a sentence at most, quoting no one
                    take_box_label(kept, lines[0][0], "photo caption", removed, rules, titles, starts)
            elif len(text.split()) <= 80 and rules.disclaimer.search(text):
                removed.append((lines[0][0], text, "disclaimer"))
            else:  # a block that lost lines to the rules is no half of a paragraph cut by a page
                kept.append(Block(lines[0][0], lines, block.kind, block.after_page_break,
                                  whole=block.whole or len(lines) < len(block.lines)))
        if ended:
            ended = False
            if resume == len(blocks):
                break
    # a short line between two lines of furniture (no blank line between): a widget's label ("2015" between a
    # wiki's navigation and an infobox's picture)
    why = {n: r for n, _, r in removed[first:]}
    kept_lines = {n for b in kept for n, _ in b.lines}
    gone = {n: why[n] for b in blocks for n, _ in b.lines if n not in kept_lines and n in why}  # whole lines
    among = {id(b) for b in kept if b.kind != "table" and len(b.lines) == 1 and b.line - 1 in gone
             and b.line + 1 in gone and is_box_label(b.text, rules, titles) and not SENTENCE_END.search(b.text)}
    removed += [(b.line, b.text, gone[b.line - 1]) for b in kept if id(b) in among]
    return [b for b in kept if id(b) not in among]


INFOBOX_ROWS = 3  # short "Key: value" lines in a row, under as many keys, no blank line between: an infobox


def remove_field_runs(blocks, removed, rules, starts):
    """Drop the rows of an infobox copied without its label: INFOBOX_ROWS or more lines in a row (no blank
    line between) that each are a short "Key: value" (rules.infobox_row), under as many different keys ("Budget:",
    "Grades:", "Superintendent:"); each recorded as "infobox". A paragraph opening "Note: …", a Q&A's "Q: …" /
    "A: …" and a transcript's speakers (the same keys again, or sentences) are no such run."""
    if rules.infobox_row is None:
        return blocks
    runs, run, keys = set(), [], set()
    for block in blocks + [Block(0, [(None, "")])]:
        for number, text in block.lines if block.kind != "table" else [(None, "")]:
            m = rules.infobox_row.match(text) if number is not None else None
            if m and run and number not in starts and m.group("key").lower() not in keys:
                run.append(number)
                keys.add(m.group("key").lower())
                continue
            if len(run) >= INFOBOX_ROWS:
                runs.update(run)
            run, keys = ([number], {m.group("key").lower()}) if m else ([], set())
    if not runs:
        return blocks
    # the run's other rows, next to it with no blank line between (a long value, a sentence for a value, none),
    # and the caption right above it ("Proposition 227")
    lines = [(n, t.strip()) for block in blocks if block.kind != "table" for n, t in block.lines]
    for k in [*range(len(lines)), *range(len(lines) - 1, -1, -1)]:
        number, text = lines[k]
        if (number not in runs and {number - 1, number + 1} & runs and len(text.split()) <= rules.caption_words
                and FIELD_ROW.match(text)):
            runs.add(number)
    for k, (number, text) in enumerate(lines[:-1]):
        if (number not in runs and lines[k + 1][0] == number + 1 and lines[k + 1][0] in runs and number - 1 not in runs
                and len(text.split()) <= 6 and not SENTENCE_END.search(text) and not FIELD_ROW.match(text)):
            runs.add(number)
    kept = []
    for block in blocks:
        gone = [(n, t) for n, t in block.lines if n in runs] if block.kind != "table" else []
        removed += [(n, t, "infobox") for n, t in gone]
        if len(gone) < len(block.lines):
            lines = [(n, t) for n, t in block.lines if n not in runs]
            kept.append(block if not gone else Block(lines[0][0], lines, block.kind, block.after_page_break,
                                                     whole=True))
    return kept


def captions_over_credits(lines, removed, mark, rules):
    """The lines of a block less the captions set right over a credit that went (removed[mark:]: what the
    block lost), no blank line between ("A bus drives by on Oct. 8." / "Jane Doe/Getty Images"), and the
    copies of those captions in the block (a gallery prints each caption twice or thrice); each recorded as
    "photo caption"."""
    credits = {n for n, t, r in removed[mark:] if r == "photo caption" and len(t.split()) <= 12}
    if not credits:
        return lines
    captions = {normalise(t) for n, t in lines if n + 1 in credits and len(t.split()) <= rules.furniture_words}
    gone = [(n, t) for n, t in lines if normalise(t) in captions]
    removed += [(n, t, "photo caption") for n, t in gone]
    return [line for line in lines if line not in gone]


def is_caption(text, rules):
    """A photo caption: a line with a credit, or with what only a caption says (caption_cue: "Jane Doe, right,
    …", "… poses with …"; in two sentences at most, quoting no one), of furniture_words at most, or of
    caption_words at most when the credit closes it ("… on the first day of school. (Jane Doe / Daily News)")."""
    words = len(text.split())
    if words <= rules.furniture_words:
        return bool(rules.photo_credit.search(text)) or bool(
            rules.caption_cue.search(text) and not QUOTED.search(text) and len(SENTENCE_BREAK.findall(text)) <= 1)
    m = words <= rules.caption_words and rules.photo_credit.search(text, max(0, len(text) - 160))
    return bool(m) and m.end() >= len(text.rstrip())


def is_cut_alt_text(short, full, rules):
    """Whether a line is a picture's alternative text over its caption (the line under it, no blank line between):
    of two words or more, the caption repeats it and goes on from a quotation mark (a saved page cuts the
    alternative text where the caption quotes: 'Ana Ruiz, 16, reads the novel,' over 'Ana Ruiz, 16, reads the
    novel, "Holes," …'), the caption of furniture_words at most; or a gallery's slide, cut short with an ellipsis
    over its whole caption ("• Grads walk out to the field during the..." over "Grads walk out to the field during
    the …"), the caption of caption_words at most."""
    short, full = BULLET.sub("", short.rstrip()), full.strip()
    cut = re.sub(r"\s*(\.\.\.|…)$", "", short)
    if cut != short:
        return (len(cut.split()) >= 4 and len(full.split()) <= rules.caption_words and len(full) > len(cut)
                and full.startswith(cut))
    return (len(short.split()) >= 2 and len(full.split()) <= rules.furniture_words and len(full) > len(short)
            and full.startswith(short) and full[len(short):].lstrip()[:1] in ('"', "“"))


def cut_alt_texts(cleaned, rules):
    """The indexes of the lines of a block that are a picture's cut alternative text and its caption."""
    found = set()
    for i in range(len(cleaned) - 1):
        if is_cut_alt_text(cleaned[i], cleaned[i + 1], rules):
            found |= {i, i + 1}
    return found


CAPTION_COPY_LOOKBACK = 6  # the removed lines a caption's copy is compared with: the captions just above it
CAPTION_COPY_WORDS = 6  # a caption's copy has this many words at least


def is_caption_copy(text, recent):
    """Whether a line is a photo caption printed again, perhaps cut off mid-word ("… school police Tuesday, June
    23, 2020. Th"): its words, less the last, stand in a longer caption that just went (recent: the last lines
    removed, as (line, text, reason))."""
    words = normalise(text).split()
    if len(words) < CAPTION_COPY_WORDS or len(words) > 100:
        return False
    cut = " ".join(words[:-1])
    return any(r == "photo caption" and len(t.split()) > len(words) and f" {cut} " in f" {normalise(t)} "
               for _, t, r in recent)


DOUBLED_WORDS = 10  # a run of words printed twice on one line: a picture's text glued to its caption


def is_doubled(text, rules):
    """Whether a line of caption size (caption_words at most) prints a run of DOUBLED_WORDS words twice: a
    picture's text and its caption run together ("… the largest charter network in Los Angeles Jane Doe, CEO of
    …, the largest charter network in Los Angeles"); running text never repeats itself so."""
    words = normalise(text).split()
    if len(words) < 2 * DOUBLED_WORDS or len(words) > 2 * rules.caption_words:
        return False
    first = {}
    for i in range(len(words) - DOUBLED_WORDS + 1):
        run = tuple(words[i: i + DOUBLED_WORDS])
        if run in first and i - first[run] >= DOUBLED_WORDS:
            return True
        first.setdefault(run, i)
    return False


def is_twin_caption(text, following, adjacent):
    """Whether a line is printed again as the line after it (following): a picture's text and its caption, the same
    words twice; a short line with no final stop, or one of CAPTION_COPY_WORDS or more right over its copy
    (adjacent: no blank line between), but no paragraph of prose (its copy goes as a pull quote, and it stays)."""
    return (normalise(text) == normalise(following) and bool(re.search(r"[a-z]", text))
            and (len(text.split()) <= 40 and not SENTENCE_END.search(text)
                 or adjacent and len(text.split()) >= CAPTION_COPY_WORDS and not is_prose(text)))


def take_caption_above_credit(kept, line, removed, rules, titles, starts):
    """The caption of a credit printed alone, one blank line under it ("… during a board meeting in 2012." /
    "Jane Doe/AP/File"): a line of caption size (furniture_words at most) that says what someone does in the
    picture (caption_action), quotes no one and is no headline or byline."""
    if not kept or len(kept[-1].lines) != 1 or kept[-1].line != line - 2 or line not in starts:
        return
    text = kept[-1].text
    if (kept[-1].line in starts and len(text.split()) <= rules.furniture_words and not QUOTED.search(text)
            and rules.caption_action.match(text) and not is_byline(text, "", rules)
            and not any(is_title(text, form, rules) for form in titles)):
        removed.append((kept[-1].line, kept.pop().text, "photo caption"))


def is_box_label(text, rules, titles):
    """A short line that is no sentence and no headline or byline of the document: what labels a box."""
    return (len(text.split()) <= 12 and not re.search(r"[.,;:!]$", text) and not is_byline(text, "", rules)
            and not any(is_title(text, form, rules) for form in titles))


def take_box_label(kept, line, reason, removed, rules, titles, starts):
    """The line just above a box that went (no blank line between): the box's label ("Get the morning
    headlines" over a newsletter's sign-up; "We need to hear from you." over an appeal, when no text stands
    right above it), or, with a blank line above it, a picture's description over its caption (in a paste with
    no blank lines, the line above a caption is a paragraph)."""
    if not kept or len(kept[-1].lines) != 1 or kept[-1].line != line - 1:
        return
    text = kept[-1].text
    alone = not (len(kept) > 1 and kept[-2].lines[-1][0] == kept[-1].line - 1)  # no text right above it
    if reason == "photo caption":
        taken = (alone and kept[-1].line in starts and len(text.split()) <= 60 and not is_byline(text, "", rules)
                 and not any(is_title(text, form, rules) for form in titles))
    else:
        taken = reason in rules.boxes and is_box_label(text.rstrip(".!") if alone else text, rules, titles)
    if taken:
        removed.append((kept[-1].line, kept.pop().text, reason))


FULL_STOP = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!]$")  # (not an abbreviation's: "Jr.", "Inc.")


def line_reason(text, raw, whole, before, label, rules, first=False):
    """Why a line of a block is furniture, or None: a rule matches it (or its whole block, `whole`); it is a
    photo credit; it ends the sentence of the line before, removed for `before`; it is a line of the list
    that `label` heads (a heading ends the list; the first line under the label, `first`, may end with a stop:
    "Read next" / "Strikes are longer. Here's why.")."""
    reason = boilerplate_reason(text, rules) or whole
    if reason is None and is_caption(text, rules):
        reason = "photo caption"
    if reason is None and before and re.match(r"[a-z]", text):
        reason = before
    if (reason is None and label and len(text.split()) <= (16 if first else 20)
            and (first or not FULL_STOP.search(text.strip()))
            and not raw.lstrip().startswith("#") and not rules.notes_heading.match(text)
            and rules.list_heads[label].match(text) and not is_byline(text, "", rules)):  # (a byline ends it)
        reason = label
    return reason


def list_label(reason, text, label, rules):
    """The list label in force after a line: a bare label ("Related:", "Read Next") starts a list; another
    rule's line inside it (a "Log in" in a sidebar) keeps it, and so does a narrower list's label (a sidebar's
    "Contents" link); a line of text ends it."""
    if reason in rules.list_heads and not re.search(r":\s*\S", text):
        return label if label and not rules.list_heads[label].pattern else reason
    return label if reason else None


def following_credit(blocks, at, rules):
    """Whether the line right after block `at` (no blank line between) is a photo credit."""
    if at + 1 >= len(blocks) or len(blocks[at + 1].lines) != 1:
        return False
    number, text = blocks[at + 1].lines[0]
    return (number == blocks[at].lines[-1][0] + 1 and len(text.split()) <= 12
            and bool(rules.photo_credit.search(clean_text(text))))


def strip_masthead(blocks, meta, removed, rules, questions=frozenset()):
    """Drop what precedes the body in a web page: breadcrumbs and kickers before the repeated title, the
    title itself, author bios above the lede, and the byline lines near the top (names, staff roles). A
    paragraph between the title and the byline is the standfirst: kept, but never joined to the text."""
    blocks = strip_bylines(strip_title(blocks, meta, removed, rules), meta, removed, rules)
    return strip_head_furniture(blocks, meta, removed, rules, questions)


def strip_head_furniture(blocks, meta, removed, rules, questions=frozenset()):
    """Drop what is left between the headline and the text that is no part of it: a kicker ("Commentary"), the
    title printed again (an infobox's caption), and a block of three or more short lines none of which is a
    sentence (a gallery's captions, a menu, a table of contents, an infobox's labels), or of labels whose values
    went ("Primary election date:" / "Runoff election date:").
    A line shaped like a heading above the text (a caption, a credit's name, an infobox's row, a widget's title)
    heads no section: it goes too, unless it is marked as a heading ("# …") or is one of the text's headings,
    shaped like those below (and a line in sentence case of five words or more is a deck: kept, as text). Below,
    a heading-shaped line that holds the title (a player's title, "Exit Interview: <title>") goes. An explainer's
    question over its answer (`questions`) stays, whatever it holds: it heads the text."""
    head = first_text(blocks, rules)
    titles = title_forms(meta["title"])
    # the text starts at its first paragraph of prose, or at its first sentence if it is short
    top = next((i for i, b in enumerate(blocks[:head]) if b.kind != "table" and SENTENCE_END.search(b.text)), head)
    # the shapes of the headings of the text (each over a paragraph or a table)
    shapes = {heading_shape(b.text, rules) for k, b in enumerate(blocks[top + 1:-1], start=top + 1)
              if b.kind == "paragraph" and len(b.lines) == 1 and heads_text(blocks[k + 1])}
    if shapes & {"title", "numbered"}:  # a numbered heading is in title case too
        shapes |= {"title", "numbered"}
    marked = {n for n, _, reason in removed if reason == "wiki marker"}  # a wiki's heading carries "[edit]"
    # the text's own headings that name its subject ("What Is the Plan?" / "Why the Plan?" on a page titled "The
    # Plan"): two or more heading-shaped lines holding the title, each over a paragraph, are no player's title
    subject = {i for i, b in enumerate(blocks[:-1]) if len(b.lines) == 1 and b.kind == "paragraph"
               and heading_shape(b.text, rules) and heads_text(blocks[i + 1])
               and any(normalise(b.text) != form and len(form.split()) >= 2 and f" {form} " in f" {normalise(b.text)} "
                       for form in titles)}
    subject = subject if len(subject) >= 2 else set()
    kept = []
    for i, block in enumerate(blocks):
        single = (len(block.lines) == 1 and block.kind in ("paragraph", "standfirst")
                  and not block.text.startswith("#") and block.line not in marked)
        shape = heading_shape(block.text, rules) if single else None
        if (i < top and len(block.lines) == 2 and block.kind == "paragraph"  # two such lines set together
                and all(heading_shape(t, rules) for _, t in block.lines)):
            shape = "lines"
        if i in subject or len(block.lines) == 1 and block.line in questions:
            kept.append(block)
        elif i < head and block.kind in ("paragraph", "standfirst") and not block.text.startswith("#") and (
                len(block.lines) == 1 and (rules.kicker.match(block.text)
                                           or any(is_title(block.text, form, rules, True) for form in titles))
                or len(block.lines) >= 3 and all(len(t.split()) <= 30 and not re.search(r"[.!?]$", t)
                                                 and not BULLET.match(t) for _, t in block.lines)
                or len(block.lines) >= 2 and all(len(t.split()) <= 6 and t.endswith(":") for _, t in block.lines)):
            removed += [(n, t, "masthead") for n, t in block.lines]
        elif i < top and shape and not (
                shape in shapes and i + 1 < len(blocks) and heads_text(blocks[i + 1])
                or i + 1 < len(blocks) and re.match(r"[a-z]", blocks[i + 1].text)):  # (or a paragraph cut in two)
            if shape == "label" and len(block.text.split()) >= 5:
                block.kind = "standfirst"  # a deck in sentence case: text, never a heading
                kept.append(block)
            else:
                removed += [(n, t, "masthead") for n, t in block.lines]
        elif i >= top and shape and any(holds_title(block.text, form) for form in titles):
            removed.append((block.line, block.text, "masthead"))
        else:
            kept.append(block)
    return kept


GLUED_WORDS = re.compile(r"[a-z]{3,}[A-Z][a-z]")  # an infobox's label run into its value ("AffiliationsCalifornia")
NUMBERED = re.compile(r"^(\d{1,2}(\.\d{1,2})*[.)]?|[IVX]{1,5}[.)]|[A-H][.)])\s+\S")


def heading_shape(text, rules):
    """The shape of a line that would be taken for a heading: "numbered" ("1. Findings"), "title" (title case),
    "label" (a short line in sentence case), "glued" (words run together: an infobox's row); None for a line that
    is no heading (a sentence, a long line)."""
    if (len(text.split()) > 18 or re.search(r"[.,;:!|…]$", text) or CAPTION.match(text) or SOURCE.match(text)
            or SENTENCE_END.search(text) and not is_heading(text, rules)):  # (a title-case question is a heading)
        return None
    if GLUED_WORDS.search(text):
        return "glued"
    if is_heading(text, rules):
        return "numbered" if NUMBERED.match(text) else "title"
    if len(text.split()) <= 8 and re.match(r"[A-Z0-9]", text) and ": " not in text and not re.search(r"[-–—]$",
                                                                                                     text):
        return "label"
    return None


def heads_text(block):
    """Whether a block is what a heading heads: a paragraph (of some length, or a sentence), or a table."""
    return block.kind == "table" or len(block.text.split()) >= 12 or bool(SENTENCE_END.search(block.text))


def holds_title(text, title):
    """Whether a short line holds the whole title (of four words or more) and a few words more."""
    line = normalise(text)
    return (len(title.split()) >= 4 and f" {title} " in f" {line} "
            and len(line.split()) - len(title.split()) <= 4)


def strip_title(blocks, meta, removed, rules):
    """Drop the headline (the document's title, perhaps wrapped onto two lines, and its subtitle) and what
    stands above it."""
    # the headline stands above the text: among the first blocks, before the first paragraph of prose
    top = min(next((i + 1 for i, b in enumerate(blocks) if is_prose(b.text)
                    and not is_top_bio(b.text, meta.get("author", ""), rules)), len(blocks)), MASTHEAD_BLOCKS)
    title = normalise(meta["title"])
    candidates = [(i, j) for i, block in enumerate(blocks[:top]) if block.kind != "table"
                  for j in range(len(block.lines))]
    # the title on a line, or wrapped over lines ("Principal Turnover and School" / "Improvement in …"), or
    # (loosely) a headline sharing most of its words
    found = (next(((i, j) for i, j in candidates if wrapped_title_end(blocks[i].lines, j, title) is not None), None)
             or next(((i, j) for loosely in (False, True) for form in title_forms(meta["title"])
                      for i, j in candidates if is_title(blocks[i].lines[j][1], form, rules, loosely)), None))
    if found:
        i, j = found
        block = blocks[i]
        # a headline wrapped onto the next lines ("… parcel tax on June" / "ballot")
        j = max(j, wrapped_title_end(block.lines, j, title, prefix=True))
        for dropped in blocks[:i]:  # (a byline or a stamp above the headline is still the page's: "By: Jane Doe")
            reasons = [head_reason(t, meta, rules) for _, t in dropped.lines]
            if set(reasons) == {"masthead"}:
                removed.append((dropped.line, dropped.text, "masthead"))
            else:
                removed += [(n, t, r) for (n, t), r in zip(dropped.lines, reasons)]
        removed += [(n, t, "masthead") for n, t in block.lines[: j + 1]]
        rest = block.lines[j + 1:]
        blocks = ([Block(rest[0][0], rest)] if rest else []) + blocks[i + 1:]
        # the subtitle set under the main title ("From LEARN to Local Control" / "Three Decades of …")
        subtitle = normalise(meta["title"].partition(":")[2])
        if blocks and subtitle and normalise(blocks[0].text) == subtitle:
            removed.append((blocks[0].line, blocks[0].text, "masthead"))
            blocks = blocks[1:]
    return blocks


def head_reason(text, meta, rules):
    """Why a line above the headline goes: "byline", "timestamp" (what fills the metadata), else "masthead"."""
    if is_byline(text, meta.get("author", ""), rules):
        return "byline"
    return "timestamp" if boilerplate_reason(text, rules) == "timestamp" else "masthead"


def wrapped_title_end(lines, start, title, prefix=False):
    """The last of the lines from start that together read as the title (normalised), or None; with prefix,
    the last that still reads as the start of it (start itself when none does)."""
    end, text = None, ""
    for k in range(start, min(len(lines), start + 4)):
        text = f"{text} {normalise(lines[k][1])}".strip()
        if not text or not (title + " ").startswith(text + " "):
            break
        if text == title or prefix:
            end = k
    return start if prefix and end is None else end


def strip_bylines(blocks, meta, removed, rules):
    """Drop author bios above the lede and bylines (near the top, or alone on a line further down); the
    paragraphs above the last byline near the top are standfirsts."""
    author = meta.get("author", "")
    head = first_text(blocks, rules)
    # an author bio set above the text ("Jane Doe is a reporter …", "Jane Doe covers …") is not its lede
    bios = [b for b in blocks[: head + 1] if b.kind == "paragraph" and is_top_bio(b.text, author, rules)]
    if bios:
        removed += [(b.line, b.text, "author bio") for b in bios]
        blocks = [b for b in blocks if b not in bios]
        head = first_text(blocks, rules)
    result, last_byline, byline_at, name_at = [], None, None, None
    # the line after each (a bare "By" has its name there; an author box's name, its outlet)
    flat = [line for b in blocks if b.kind != "table" for line in b.lines]
    following = {n: flat[k + 1] for k, (n, _) in enumerate(flat[:-1])}
    for i, block in enumerate(blocks):
        # (a byline set over the first paragraph, in its block, is the head's: "By Jane Doe" / a caption)
        in_head = i < head or i == head and block.kind == "paragraph" and len(block.lines) > 1 and is_byline(
            BULLET.sub("", block.lines[0][1]), author, rules)
        if block.kind != "paragraph" or not (in_head or len(block.lines) == 1 or is_author_box(
                block.lines[0][1], block.lines[0][0], following.get(block.lines[0][0], (None, "")), rules)):
            result.append(block)
            continue
        lines = []
        for number, raw in block.lines:
            text = BULLET.sub("", raw)  # (a byline set as a list's line: "• by:", "• Source: EdSource")
            # a byline or a staff role line ("TIMES EDUCATION WRITER") near the top; further down, a byline
            # alone on its line ("By Jane Doe, EGP Staff Writer"), which would otherwise pass for a heading
            # (and the role on the line under a byline: "Thomas Halloran" / "Staff Writer"; the name under a
            # bare "By")
            after = following.get(number, (None, ""))
            bare = in_head and bare_byline(text, after[1], rules)
            boxed = is_author_box(text, number, after, rules)
            if bare or boxed:
                name_at = after[0]
            # (a "By" alone, its name left out; a user name right above the byline)
            if (byline_at == number - 1 and after[0] != number + 1 and is_byline_caption(text, rules)
                    and any(n == number + 1 for n, _, _ in removed)):
                # a caption set between the byline and the furniture under it (share buttons that went)
                removed.append((number, raw, "photo caption"))
                continue
            if (bare or boxed or BARE_BY.fullmatch(text)
                    or in_head and HANDLE.fullmatch(text) and is_byline(after[1], author, rules)
                    or is_byline(text, author, rules) and (in_head or len(text.split()) >= 3 or text == author)
                    or (in_head or byline_at == number - 1) and rules.staff_role.match(text)
                    or number == name_at and (rules.staff_name.fullmatch(text) or rules.outlet.fullmatch(text))
                    or in_head and (m := SOURCE_CREDIT.fullmatch(text)) and rules.outlet.fullmatch(m.group(1))):
                removed.append((number, raw, "byline"))
                last_byline, byline_at = (len(result) if in_head else last_byline), number
            else:
                lines.append((number, raw))
        if lines:
            result.append(Block(lines[0][0], lines, block.kind, block.after_page_break))
    for block in result[:last_byline or 0]:
        if block.kind == "paragraph" and not (len(block.lines) == 1 and is_heading(block.text, rules)
                                              or block.text.startswith("#")):
            block.kind = "standfirst"
    return result


def is_byline_caption(text, rules):
    """A caption's sentence: what someone does in the picture, in a caption's present tense, of caption size."""
    return (len(text.split()) <= rules.caption_words and bool(rules.caption_action.match(text))
            and bool(SENTENCE_END.search(text)))


SOURCE_CREDIT = re.compile(r"(?:source|via)\s*:\s*(\S.{0,60})", re.I)  # the outlet a page credits ("Source: EdSource")
BARE_BY = re.compile(r"(written |posted |story )?by:?", re.I)  # a "By" whose name the page left out


def is_author_box(text, number, following, rules):
    """Whether a line is the name of an author box, the outlet or role on the line right under it ("Jane Doe" /
    "CALmatters", "Jane Doe" / "Staff Writer"): never a heading and its section."""
    line, outlet = following
    return (line == number + 1 and bool(rules.staff_name.fullmatch(text)) and not rules.outlet.fullmatch(text)
            and bool(rules.outlet.fullmatch(outlet) or rules.staff_role.match(outlet)))


def bare_byline(text, following, rules):
    """Whether a line is a "By" with no name, the name being the line that follows it: a page that prints the
    author's name as a link of its own ("By (Page 1 of 1 pages)" / "Jane Doe")."""
    return (len(text.split()) <= 8 and bool(re.match(r"by\b:?(?!\s+(the|a|an|then|now|contrast|comparison|far)\b)",
                                                      text, re.I))
            and not SENTENCE_END.search(text) and byline_name(text, rules) is None
            and len(following.split()) <= 4 and bool(rules.staff_name.fullmatch(following)))


def bare_byline_name(body, i, rules):
    """The name under a bare "By" on line i of body ([(line, text)]), or None."""
    text = clean_text(body[i][1])
    if not re.match(r"by\b", text, re.I):
        return None
    following = next((t for t in (clean_text(line) for _, line in body[i + 1: i + 4]) if t), "")
    return following if bare_byline(text, following, rules) else None


def title_forms(title):
    """The title normalised, and its main part before a colon when that is three words or more: a page may
    print "Getting to Teacher Ownership" for "Getting to Teacher Ownership: How Schools Are …"."""
    main = title.split(":")[0]
    return [normalise(title)] + ([normalise(main)] if main != title and len(main.split()) >= 3 else [])


def first_text(blocks, rules, start=0):
    """Index of the first block of the text proper: the first prose paragraph, or the one after it when it is a
    standfirst (a sentence or two) with a byline after it ("Reform backers say …" / "By JANET MORALES")."""
    prose = [i for i in range(start, min(len(blocks), 8)) if is_prose(blocks[i].text)]
    if not prose:
        return next((i for i in range(start, len(blocks)) if is_prose(blocks[i].text)), len(blocks))
    first = prose[0]
    if len(blocks[first].text.split()) <= 45 and any(
            is_byline(t, "", rules) for b in blocks[first + 1: first + 3] for _, t in b.lines):
        return next((i for i in range(first + 1, len(blocks)) if is_prose(blocks[i].text)), len(blocks))
    return first


def metadata_from_furniture(meta, removed, before, rules, middle=0, labels=frozenset()):
    """Fill the author and published date, where the metadata lacks them, from the bylines and date stamps
    cleaning removed above the text (before: the line of the first passage), else from a byline set among its
    first paragraphs (above middle: the line of its middle passage). A publication stamp wins over an
    "Updated" one; a date under a label of its own (labels: the lines that end with a colon, "Primary election
    date:" / "June 3, 2014") is an infobox's, unless the label is a stamp's ("Published:")."""
    head = sorted((n, t, r) for n, t, r in removed if n < before
                  and (r in ("byline", "timestamp", "author box", "writer box", "press release")
                       or r == "page furniture" and is_timestamp(t, rules))  # (a stamp printed again below)
                  and not (r == "timestamp" and n - 1 in labels))
    if not meta.get("author"):
        bylines = [t for _, t, r in head if r in ("byline", "author box", "writer box")] + [
            t for n, t, r in sorted(removed) if before <= n < middle and r == "byline"]
        meta["author"] = byline_author(bylines, rules) or stamped_author(removed, before, rules)
    if not meta.get("published"):
        stamps = sorted(head, key=lambda item: bool(re.match(r"\W*(last )?(updated|modified)\b", item[1], re.I)))
        meta["published"] = next(filter(None, (stamp_date(t, rules) for _, t, _ in stamps)), None)
    for key in ("author", "published"):
        if not meta[key]:
            del meta[key]


def stamped_author(removed, before, rules):
    """The name alone right over a date stamp or a follow button above the text (an author box: "Jane Doe" /
    "Updated:", "Jane Doe" / "Follow"), whatever rule removed it (a name printed three times is page furniture
    too), or None."""
    stamps = {n for n, t, r in removed if n < before and (r == "timestamp" or t.lower() in FOLLOW)}
    return next((t for n, t, r in sorted(removed) if n + 1 in stamps and r in ("page furniture", "masthead")
                 and len(t.split()) <= 4 and rules.staff_name.fullmatch(t) and not rules.outlet.fullmatch(t)), None)


HANDLE = re.compile(r"(?=[\w.-]*[_\d])[A-Za-z][\w.-]{2,29}")  # a user name: a letter, then "_" or a digit in it
BYLINE_LEAD = re.compile(r"^(written |story |posted |reported |words |submitted |prepared )?by:?\s+", re.I)
BYLINE_PARTS = re.compile(r"\s*[|—–·•»]\s*|,\s+|\s+-\s+|\s+on\s+(?={weekday}|{month}|\d)".format(
    weekday=r"(?:mon|tue|wed|thu|fri|sat|sun)", month=r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"), re.I)


def byline_author(bylines, rules):
    """The author that bylines name: the people of the first that names people; else the outlet or the staff of
    the first "By" that names no one ("By CalMatters", "By ABC7.com staff"); else the user name of the first that
    has one; None when none does."""
    names = [byline_name(text, rules) for text in bylines]
    people = (name for name in names if name and all(
        rules.staff_name.fullmatch(n) and not rules.outlet.fullmatch(n) for n in name.split(", ")))
    return (next(people, None) or next(filter(None, (byline_outlet(text, rules) for text in bylines)), None)
            or next(filter(None, names), None))


def byline_outlet(text, rules):
    """The outlet or staff a "By" line names in place of a writer ("By CalMatters" → "CalMatters", "By ABC7.com
    staff" → "ABC7.com staff"), or None."""
    if not BYLINE_LEAD.match(text):
        return None
    first = BYLINE_PARTS.split(BYLINE_LEAD.sub("", text.strip()))[0]
    staff = re.match(r"(?P<who>(\S+\s+){0,3}?\S+)\s+staff\b", first)
    if staff and rules.outlet.fullmatch(staff.group("who")):
        return f"{staff.group('who')} staff"
    return first if rules.outlet.fullmatch(first) else None


BYLINE_DASH = re.compile(r"\s*[|—–·•»]\s*|\s+-\s+")  # what ends a byline's names (its date, its role follow)
BYLINE_LIST = re.compile(r",\s+|\s+(?:and|AND|&)\s+")
GLUED_ROLE = re.compile(r"(?<=[a-z])((?:Staff|Senior|Contributing|Special) (?:Writer|Reporter|Correspondent|Editor)s?)$")


def byline_name(text, rules):
    """The names in a byline ("By MARK ELLISON AND LETICIA DUARTE, Times Staff Writers" → "Mark Ellison, Leticia
    Duarte"; "Alexander Russo | December 18, 2012" → "Alexander Russo"; a role run into the name, "By Jane
    DoeStaff Writer" → "Jane Doe"), or None."""
    text = GLUED_ROLE.sub(r", \1", BULLET.sub("", text.strip()))  # (a byline set as a list's item: "- By …")
    if rules.staff_role.match(text):
        return None
    date, bar, rest = (re.split(r"(\s*\|\s*)", text, maxsplit=1) + ["", ""])[:3]
    text = rest if bar and rest and is_timestamp(date, rules) else text  # (its date first: "May 3, 1987|JANE DOE")
    # a list of writers, their outlets among them ("By Jane Doe, Ana Ruiz, Daily News & Tomas Vega — …")
    listed = BYLINE_DASH.split(BYLINE_LEAD.sub("", text.strip()))[0]
    if "," in listed and re.search(r"\s(and|AND|&)\s", listed):
        pieces = [n.title() if n.isupper() else n for n in BYLINE_LIST.split(listed)]
        # (an outlet's name, or one printed after two writers: a writer is named once)
        names = [n for n in pieces if rules.staff_name.fullmatch(n) and not rules.outlet.fullmatch(n)
                 and pieces.count(n) == 1]
        if len(names) >= 2 and all(n in names or rules.outlet.fullmatch(n) or pieces.count(n) > 1 for n in pieces):
            return ", ".join(names)
    first = BYLINE_PARTS.split(BYLINE_LEAD.sub("", text.strip()))[0].strip()  # ("By Jane Doe , written on …")
    names = [n.title() if n.isupper() else n for n in re.split(r"\s+(?:and|AND|&)\s+", first)]
    # a name, or a forum's handle ("eastside_dad")
    if not names or not all(rules.staff_name.fullmatch(n) or HANDLE.fullmatch(n) for n in names):
        return None
    return ", ".join(names)


LEADING_CLOCK = re.compile(r"^\s*\d{1,2}:\d\d(:\d\d)?\s*([ap]\.?m\.?)?\s*([a-z]{1,2}t\b)?\s*(on\b|,)?\s*", re.I)


ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d\b")
TRAILING_BY = re.compile(r"\s+by:?$", re.I)  # "Posted May 1, 2014 by", its name on the line below


def stamp_date(text, rules):
    """The date of a byline or a date stamp ("Updated: 07/14/2009 09:07:33 PM PDT", "By Jane Doe — June 17,
    2015 3 min read") as YYYY[-MM[-DD]], or None."""
    for part in re.split(r"\s*[|—–·•»]\s*|\s+-\s+", text):
        part = LEADING_CLOCK.sub("", rules.minutes_read.sub("", rules.timestamp_lead.sub("", part)))
        date = iso_date(TRAILING_BY.sub("", part).strip(" ,[]()"))
        if date:
            return date
        m = ISO_DAY.search(part)  # a stamp with a word glued after it ("date 2024-10-03 Advertisement")
        if m and iso_date(m.group(0)):
            return iso_date(m.group(0))
    # a byline's date in its words ("By Jane Doe , written on November 14, 2013")
    m = rules.byline.match(BULLET.sub("", text.strip())) and rules.byline_date.search(text)
    return (iso_date(m.group(0)) or None) if m else None


def is_top_bio(text, author, rules):
    """An author's bio above the lede: a bio (is_bio) that names the author, says what the person covers, or
    calls the person a writer of some kind (a lede may well open "Jane Doe is a teacher at …")."""
    return is_bio(text, author, rules) and bool(
        author and text.startswith(author) or rules.bio_beat.search(text)
        or re.search(r"\b(reporters?|writers?|editors?|columnists?|contributors?|correspondents?|journalists?"
                     r"|bloggers?)\b", text))


def is_title(line, title, rules, loosely=False):
    """The title alone, or with a breadcrumb word ("Getting to Teacher Ownership Home"); never a sentence.
    Loosely: a headline sharing most of its words with the title ("LAUSD opens 250 campuses to outside
    operators" for "L.A. Unified opens 250 campuses to outside operators")."""
    text = normalise(line)
    if not title or text != title and line.rstrip().endswith("."):
        return False
    if text == title or (text.startswith(title + " ") and len(text.split()) - len(title.split()) <= 2):
        return True
    words = {w for w in text.split() if w not in rules.small_words}
    wanted = {w for w in title.split() if w not in rules.small_words}
    shared = len(words & wanted)
    return (loosely and len(text.split()) <= 30 and len(wanted) >= 3
            and shared >= 0.6 * len(wanted) and shared >= 0.6 * len(words))


def is_prose(text):
    """A paragraph of running text: a full sentence of some length."""
    return len(text.split()) >= 12 and bool(SENTENCE_END.search(text))


LONG_BYLINE = re.compile(r"^(?:\w+ )?[Bb][Yy]:?\s+(?!(?:The|A|An|THE)\b)[A-Z]")
BYLINE_WORDS = 30  # the longest "By" line with a date ("By A, B, Outlet & C — February 12, 2018 6 min read")


def is_byline(text, author, rules):
    """"By Jane Doe — June 17, 2015 3 min read", "Jane Doe | December 18, 2012", "Jane Doe, Some University",
    "BY JANE DOE AND JOHN ROE"."""
    words = len(text.split())
    if words > BYLINE_WORDS or text.endswith(".") or words > 16 and not (
            rules.byline.match(text) and rules.byline_date.search(text) and LONG_BYLINE.match(text)):
        return False  # (a long "By" line needs its date, and a name after its "By": not "By the end of …")
    if author and re.match(rf"^(by\s+)?{re.escape(author)}\s*([,|—–(-]|$|(and|&)\s)", text, re.I):
        return True
    name, _, role = text.partition(", ")
    if bool(rules.byline.match(text) and rules.byline_date.search(text)) or bool(rules.named_byline.match(text)) or (
            rules.staff_name.fullmatch(name) and rules.staff_role.match(role)):
        return True
    # "Jane Doe, EdSource", "Jane Doe | CALmatters", "Jane Doe / Daily News": a name and an outlet
    name, bar, outlet = (re.split(r"(,\s+|\s*[|/—–·•]\s*)", text, maxsplit=1) + ["", ""])[:3]
    if bar and rules.staff_name.fullmatch(name) and rules.outlet.fullmatch(outlet):
        return True
    # "Jane Doe | October 5, 2017": a name and a date; or the date first ("November 29, 1987|JANE DOE | Times Staff
    # Writer")
    name, bar, stamp = (re.split(r"(\s*[|—–·•]\s*)", text, maxsplit=1) + ["", ""])[:3]
    if bar and rules.staff_name.fullmatch(stamp.split("|")[0].strip()) and is_timestamp(name, rules):
        return True
    return bool(bar and rules.staff_name.fullmatch(name) and (is_timestamp(stamp, rules) or stamp_date(stamp, rules)))


def strip_tail(blocks, meta, removed, rules):
    """Drop what a page prints below the text: the author's bio ("Jane Doe is a reporter at …", "Jane Doe
    covers …") and the lines that are no sentence (section names, labels and headlines of related links:
    "More in Education", "Real Estate") below its last sentence. Lists, tables and notes stay."""
    author = meta.get("author", "")
    at = len(blocks) - 1
    # a label below the last sentence that opens a list ("REGISTERED SUPPORT / OPPOSITION:", "Panelists:") says the
    # short lines under it are its items, not links: nothing below it goes
    k = at
    while k > 0 and (blocks[k].kind != "paragraph" or not SENTENCE_END.search(blocks[k].text)):
        k -= 1
    if k < at and blocks[k].kind == "paragraph" and blocks[k].text.rstrip().endswith(":") \
            and len(blocks[k].text.split()) <= 8:
        return blocks
    # back from the end, over what is no sentence, up to the last one that is (a bio is passed and dropped); or
    # from a last paragraph that the copy cut short (text, of some length), or up to a list's item: above is text
    while at > 0 and (blocks[at].kind != "paragraph" or not SENTENCE_END.search(blocks[at].text)
                      or is_bio(blocks[at].text, author, rules)):
        block = blocks[at]
        if rules.notes_heading.match(block.text.lstrip("# ")):
            break  # what is below "References" is notes
        if block.kind == "paragraph" and len(block.lines) >= 2 and all(is_tail_line(t) for _, t in block.lines):
            # a block of short lines that are no sentences: a list of links ("Board Resolution" / "FAQs" / …)
            removed += [(n, t, "page tail") for n, t in block.lines]
            del blocks[at]
            at -= 1
            continue
        if (block.kind == "paragraph" and len(block.lines) >= 2 and is_tail_line(block.lines[-1][1])
                and len(block.lines[-1][1].split()) <= 4 and SENTENCE_END.search(block.lines[-2][1])):
            # a link's label set under the last sentence ("… see the Resources page." / "Resources")
            removed.append((block.lines[-1][0], block.lines[-1][1], "page tail"))
            block.lines = block.lines[:-1]
            continue
        if block.kind == "paragraph" and (at == len(blocks) - 1 and len(block.text.split()) >= CUT_TEXT_WORDS
                                          and not is_bio(block.text, author, rules) or BULLET.match(block.text)):
            break
        if block.kind == "paragraph" and is_bio(block.text, author, rules):
            removed.append((block.line, block.text, "author bio"))
            del blocks[at]
        elif (block.kind == "paragraph" and len(block.lines) == 1 and not SENTENCE_END.search(block.text)
              and len(block.text.split()) <= 10 and "http" not in block.text and not re.match(r"[a-z\"“]", block.text)
              and not (BULLET.match(block.text) or NOTE_ITEM.match(block.text) or FOOTNOTE.match(block.text)
                       or CAPTION.match(block.text) or SOURCE.match(block.text))):
            removed.append((block.line, block.text, "page tail"))
            del blocks[at]
        at -= 1
    return blocks


def is_tail_line(text):
    """A line below the text that is no sentence: short, in no sentence's case, no list's item or note."""
    return (len(text.split()) <= 16 and not SENTENCE_END.search(text) and not re.match(r"[a-z\"“]", text)
            and not (BULLET.match(text) or NOTE_ITEM.match(text) or FOOTNOTE.match(text) or CAPTION.match(text)
                     or SOURCE.match(text) or "http" in text))


def is_bio(text, author, rules):
    """A short paragraph that opens with the author's name (or any name followed by "is a …", "covers …")
    and says what the person does."""
    if len(text.split()) > 70 or not (rules.bio_role.search(text) or rules.bio_beat.search(text)):
        return False
    return bool(author and re.match(rf"^{re.escape(author)}(,|\s+[a-z(])", text)) or bool(rules.bio.match(text))


def remove_pull_quotes(blocks, removed, rules):
    """Drop a short paragraph that repeats words of the text (a pull quote set in large type, a paragraph
    copied twice); a line in title case is a heading's, or a headline's second line, whatever it repeats."""
    texts = [normalise(b.text) if b.kind == "paragraph" else "" for b in blocks]
    repeated, earlier = repeated_in_longer(texts), set()
    kept = []
    for block, text in zip(blocks, texts):
        if 6 <= len(text.split()) <= 60 and (text in earlier or text in repeated) and not (
                len(block.lines) == 1 and heading_shape(block.text, rules) in ("title", "numbered")):
            removed.append((block.line, block.text, "pull quote"))
        else:
            kept.append(block)
        earlier.add(text)
    return kept


PULL_QUOTE_KEY = 6  # words: the shortest pull quote, and the key its occurrences are looked up by


def repeated_in_longer(texts):
    """The texts of 6 to 60 words (normalised: words apart by single spaces) that another, different text holds
    as a run of whole words — wherever it stands, above or below. Each is found by its first PULL_QUOTE_KEY words:
    every run of that many words of every text is looked up once in an index of those keys, so the time grows
    with the words of the texts, not with their pairs (one search of every text for every short one did)."""
    wanted = {text for text in texts if PULL_QUOTE_KEY <= text.count(" ") + 1 <= 60}
    lengths = defaultdict(set)  # first PULL_QUOTE_KEY words → the numbers of words of the texts that open so
    for text in wanted:
        words = text.split(" ")
        lengths[tuple(words[:PULL_QUOTE_KEY])].add(len(words))
    found = set()
    for text in set(texts):
        words = text.split(" ")
        if len(words) < PULL_QUOTE_KEY + (text in wanted):  # (a text of six words holds no other one but itself)
            continue
        starts, at = [], 0
        for word in words:
            starts.append(at)
            at += len(word) + 1
        for i in range(len(words) - PULL_QUOTE_KEY + 1):
            for n in lengths.get(tuple(words[i: i + PULL_QUOTE_KEY]), ()):
                if i + n <= len(words):
                    run = text[starts[i]: starts[i + n - 1] + len(words[i + n - 1])]
                    if run != text and run in wanted:
                        found.add(run)
    return found


CONTENT_WORD = re.compile(r"[a-z]{4,}")


def remove_stray_headlines(blocks, removed, rules):
    """Drop a line between two paragraphs that is no sentence and no heading, and shares at most one of its words
    (of four letters or more, four or more of them) with the rest of the text: the headline of another story
    that a page sets in its text with no label ("Iran's official line on …: … restored" in a story on a school
    board)."""
    counts = Counter(w for b in blocks if b.kind != "table" for w in CONTENT_WORD.findall(b.text.lower()))
    kept = []
    for i, block in enumerate(blocks):
        text = block.text
        if (0 < i < len(blocks) - 1 and block.kind == "paragraph" and len(block.lines) == 1
                and not text.startswith("#") and len(text.split()) <= 15 and not SENTENCE_END.search(text)
                and heading_shape(text, rules) is None
                and all(b.kind == "paragraph" and SENTENCE_END.search(b.text)
                        for b in (blocks[i - 1], blocks[i + 1]))):
            own = Counter(w for w in CONTENT_WORD.findall(text.lower()) if w not in rules.small_words)
            if len(own) >= 4 and sum(counts[w] > n for w, n in own.items()) <= 1:
                removed.append((block.line, text, "read next"))
                continue
        kept.append(block)
    return kept


def classify(blocks, rules, questions=frozenset()):
    """Type each block: heading, caption, source, list item, footnote (in a Notes section) or paragraph.
    A bulleted block becomes one item per bullet; a notes block one footnote per numbered line. A line of
    `questions` (an explainer's subheads, explainer_questions()) alone in its block is a heading."""
    result, in_notes = [], False
    top = [0, None]  # the blocks of result looked at so far, and the highest number of a footnote among them

    def last_note():
        """The highest number of a footnote in result (0 when there is none): only the blocks added since the
        last call are looked at."""
        for b in result[top[0]:]:
            if b.kind == "footnote":
                top[1] = b.number if top[1] is None else max(top[1], b.number)
        top[0] = len(result)
        return 0 if top[1] is None else top[1]

    for i, block in enumerate(blocks):
        text = block.text
        if block.kind != "paragraph":
            result.append(block)
        elif text.startswith("#"):
            heading = re.sub(r"^#+\s*", "", text)
            result.append(Block(block.line, [(block.line, heading)], "heading", block.after_page_break))
            in_notes = bool(rules.notes_heading.match(heading))
        elif CAPTION.match(text) and len(text.split()) <= 20 and next_to_table(i, blocks):
            result.append(Block(block.line, [(block.line, text)], "caption"))
        elif SOURCE.match(text) and len(text.split()) <= 30 and next_to_table(i, blocks):
            result.append(Block(block.line, [(block.line, text)], "source"))
        elif in_notes and (NOTE_ITEM.match(text) or BULLET.match(text)):
            # a wiki's references, as a bulleted list or copied as text ("^ a b Author …"): numbered in order
            for item in split_numbered(block, lambda t: NOTE_ITEM.match(t) or BULLET.match(t), "footnote"):
                item.kind = "footnote"
                item.number = 1 + last_note()
                result.append(item)
        elif len(block.lines) == 1 and (is_heading(text, rules) or is_label(i, blocks) or block.line in questions
                                        and i + 1 < len(blocks)) and not (
                FIELD.match(text) and i and FIELD.match(blocks[i - 1].text)):  # (a field among fields: "When: …")
            if result and result[-1].kind == "heading" and is_wrapped_heading(result[-1].text, text, rules):
                result[-1].lines.append(block.lines[0])  # a headline set over two lines: one heading
                continue
            result.append(Block(block.line, block.lines, "heading", block.after_page_break))
            in_notes = bool(rules.notes_heading.match(text))
        elif BULLET.match(block.lines[0][1]) or sum(bool(BULLET.match(t)) for _, t in block.lines) >= 2:
            result += split_numbered(block, lambda t: BULLET.match(t), "item")
        elif in_notes and FOOTNOTE.match(text):
            result += footnotes_of(block)
        else:
            result.append(block)
    return result


def is_wrapped_heading(first, second, rules):
    """Whether two headings in a row are one headline set over two lines: both long (WRAPPED_HEADING words and
    more), in title case, the first ending in no punctuation and the second opening no part of its own (a
    number, a label and its colon: "The Strategy: …")."""
    return (len(first.split()) >= WRAPPED_HEADING and len(second.split()) >= WRAPPED_HEADING - 2
            and not re.search(r"[.,;:!?)\]]$", first) and is_heading(first, rules) and is_heading(second, rules)
            and not NUMBERED.match(second) and ": " not in second)


WRAPPED_HEADING = 6


def is_label(i, blocks):
    """A short line in sentence case between paragraphs ("What comes next"): a heading of the web, where
    headings are not capitalised. Not the last block, and not one that ends like a sentence or a clause."""
    def short(text):
        return (len(text.split()) <= 8 and re.match(r"[A-Z0-9]", text) and ": " not in text
                and not re.search(r"[.,;:!?…\-–—|]$", text) and not PERSON.fullmatch(text))

    # the text it heads, past a sub-heading or two ("Issues in the election" / "Outside spending" / text)
    after = next((b for b in blocks[i + 1: i + 4] if b.kind == "table" or not short(b.text)), None)
    return bool(short(blocks[i].text) and after and (after.kind == "table" or after.kind == "paragraph"
                                                      and len(after.text.split()) >= 12))


def split_numbered(block, starts, kind):
    """Split a block at the lines for which starts(line) matches; a line that does not start a new part
    continues the one before. Lines before the first part stay a paragraph."""
    parts = []
    for number, text in block.lines:
        m = starts(text)
        if m or not parts:
            parts.append(Block(number, [(number, text[m.end():] if m else text)], kind if m else "paragraph"))
        else:
            parts[-1].lines.append((number, text))
    parts[0].after_page_break = block.after_page_break
    return parts


def footnotes_of(block):
    """'1 Text' lines → one footnote block per number; a line starting with the next number starts the next
    footnote, any other line continues the current one."""
    expected = [number_of(FOOTNOTE.match(block.text))]

    def starts(text):
        m = FOOTNOTE.match(text)
        if m and number_of(m) == expected[0]:
            expected[0] += 1
            return m
        return None

    parts = split_numbered(block, starts, "footnote")
    first = expected[0] - len(parts)
    for offset, part in enumerate(parts):
        part.number = first + offset
    return parts


def find_page_footnotes(blocks):
    """Footnotes outside a Notes section: a paragraph starting with a number N when a marker N is glued to a
    word earlier in the text ("round.3"), and it stands at the foot of a page (just before a page break, or
    last) — or anywhere when the number is unmistakably a note's ("[3] …", "³ …")."""
    markers, result = set(), []
    # for each block, from the last: where its page ends (the next block after a page break, or the end), and
    # whether nothing but notes stands between it and there (one pass back, not a scan forward from each block)
    ends, notes_only = [len(blocks)] * len(blocks), [True] * len(blocks)
    for i in range(len(blocks) - 2, -1, -1):
        after = blocks[i + 1]
        if not after.after_page_break:
            ends[i] = ends[i + 1]
            notes_only[i] = notes_only[i + 1] and after.kind == "paragraph" and bool(FOOTNOTE.match(after.text))
        else:
            ends[i] = i + 1
    for i, block in enumerate(blocks):
        result.append(block)
        if block.kind != "paragraph":
            continue
        m = FOOTNOTE.match(block.text)
        # the foot of a page: nothing but notes between this block and the page's end
        end = ends[i]
        at_foot = (notes_only[i] and (end < len(blocks) or end - i <= 8)) or (m and not m.group(3))
        if m and at_foot and number_of(m) in markers:
            parts = footnotes_of(block)
            if all(p.number in markers for p in parts):
                result[-1:] = parts
                continue
        markers |= {number_of(x) for x in MARKER.finditer(block.text)}
    blocks[:] = result


def next_to_table(i, blocks):
    """Captions and source lines sit within two blocks of their table."""
    return any(b.kind == "table" for b in blocks[max(0, i - 2): i + 3])


def normalise(text):
    return " ".join(PUNCTUATION.sub(" ", text.lower()).split())


PUNCTUATION = re.compile(r"[^\w\s]")


WORD = re.compile(r"[a-z]+(?:-[a-z]+)*-?")


def word_forms(body):
    """Lower-case words of the body, whole ("college-prep") and in parts, leaving out the halves of words
    hyphenated at a line end: what rejoin_hyphenated() checks a rejoined word against."""
    lines = [line.lower() for _, line in body]
    broken = [line.rstrip().endswith("-") and bool(re.search(r"[a-z]-$", line.rstrip())) for line in lines]
    # one regex pass over the lines no break touches (a word never spans a line), one per line for the rest
    plain, words = [], []
    for i, line in enumerate(lines):
        after_break = i > 0 and broken[i - 1]
        if not (after_break or broken[i]):
            plain.append(line)
            continue
        found = WORD.findall(line)
        if after_break:
            found = found[1:]
        if broken[i]:
            found = found[:-1]
        words += found
    forms = set(words) | set(WORD.findall("\n".join(plain)))
    for word in [w for w in forms if "-" in w]:
        forms.update(word.split("-"))
    return forms


def join_hyphenated(left, right, vocabulary):
    """Join 'Superinten-' and 'dent' into one word. The hyphen stays when the text writes the word with one
    elsewhere ('college-prep') or both halves are words of the text; it goes when the joined word is one of
    the text's words or nothing says otherwise ('un-' 'der' → 'under')."""
    head = re.search(r"([A-Za-z]+)-$", left).group(1).lower()
    tail = re.match(r"[a-z]+", right).group(0)
    if head + tail in vocabulary:
        return left[:-1] + right
    if f"{head}-{tail}" in vocabulary or (len(head) > 2 and len(tail) > 2 and head in vocabulary
                                          and tail in vocabulary):
        return left + right
    return left[:-1] + right


def is_hyphen_break(left, right):
    return bool(re.search(r"[a-z]-$", left)) and bool(re.match(r"[a-z]", right))


def rejoin_hyphenated(lines, vocabulary):
    """Lines of a block with words hyphenated at a line end put back together on the first line."""
    lines = list(lines)
    for i in range(len(lines) - 1):
        (n, left), (m, right) = lines[i], lines[i + 1]
        if is_hyphen_break(left, right):
            word, _, rest = right.partition(" ")
            lines[i] = (n, join_hyphenated(left, word, vocabulary))
            lines[i + 1] = (m, rest)
    return [(n, t) for n, t in lines if t]


NOTED_END = re.compile(r"[.!?…][\"”’']?\s+\([^()]{1,40}\)$")  # a stop and a note ("…? (Posted 06-Jul-2020)")


def mend_page_breaks(blocks, vocabulary):
    """Join a paragraph that stops mid-sentence with the paragraph that continues it ("licenses were" /
    "required for teachers", "Superintendent Ramon" / "Cortines"), over footnotes typed at the page foot.
    Only where a break is shown (a page ended between them, the next starts in lower case, or the first is a
    paragraph's length, below a sentence: above the text, a long line with no final stop is a caption's or a
    deck's): a short line left over from the page (a caption, a bio, a label) never joins prose."""
    mended, first_sentence, at = [], None, None
    for block in blocks:
        # at: the last block that is not a footnote (kept as blocks are added), and whether footnotes stand
        # between it and this one
        previous = mended[at] if at is not None else None
        if (previous is not None and previous.kind == "paragraph" and block.kind == "paragraph"
                and not SENTENCE_END.search(previous.text) and not NOTED_END.search(previous.text)
                and (block.after_page_break or (at == len(mended) - 1 and (
                    re.match(r"[a-z]", block.text)
                    or len(previous.text.split()) >= MENDED_WORDS and not previous.whole
                    and first_sentence is not None and first_sentence < at)))):
            previous.lines = rejoin_hyphenated(previous.lines + block.lines, vocabulary)
        else:
            mended.append(Block(block.line, list(block.lines), block.kind, block.after_page_break, block.number,
                                block.whole))
            at = len(mended) - 1 if block.kind != "footnote" else at
        if first_sentence is None and SENTENCE_END.search(mended[-1].text):
            first_sentence = len(mended) - 1
    return mended


def assemble(path, blocks, removed):
    """Blocks → passages and tables, with sections, footnotes and captions attached."""
    tables = {seq: Table(seq, b.line, b.lines[0][1].split("\t"), [(n, t.split("\t")) for n, t in b.lines[1:]])
              for seq, b in enumerate(blocks, start=1) if b.kind == "table"}
    passages = []
    section = None
    for seq, block in enumerate(blocks, start=1):
        text = block.text
        if block.kind == "heading":
            if seq < len(blocks) and blocks[seq].kind == "heading" or seq == len(blocks):
                removed.append((block.line, text, "empty heading"))  # nothing under it: kept to be checked
            section = text
        elif block.kind == "table":
            tables[seq].section = section
        elif block.kind in ("caption", "source"):
            # a caption typed right above a table is its own; otherwise the table just before, or else after
            near = (seq + 1, seq - 1, seq - 2, seq + 2) if block.kind == "caption" else (
                seq - 1, seq - 2, seq + 1, seq + 2)
            table = next(tables[s] for s in near if s in tables)  # next_to_table() made sure
            if block.kind == "caption":
                table.caption = CAPTION.match(text).group("title") or text
            else:
                table.source = re.sub(r"^\w+\s*:\s*", "", text)
        elif block.kind == "footnote":
            passages.append(Passage(seq, block.line, BACKLINK.sub("", text), section, "footnote", block.number))
        else:
            passages.append(Passage(seq, block.line, text, section))
    link_footnotes(passages, removed)
    return passages, list(tables.values())


def link_footnotes(passages, removed):
    """Detach footnote markers glued to words ("initiatives.1 With", "accomplishment.”4") when a footnote of
    that number exists, and record where each marker was. A bracketed marker with no note to link to
    ("schools.[3]" in a page copied without its references) is cut out, and recorded in removed."""
    numbers = {p.footnote_number for p in passages if p.kind == "footnote"}
    for passage in passages:
        if passage.kind == "footnote" or not (numbers or "[" in passage.text):
            continue
        out, refs, last = [], [], 0
        for m in MARKER.finditer(passage.text):
            number = number_of(m)
            if number not in numbers:
                if not (m.group(2) or m.group(5)):  # only "[3]" is surely a marker; a bare number may be a count
                    continue
                removed.append((passage.line, m.group(0).strip(), "citation marker"))
            else:
                refs.append((sum(len(s) for s in out) + m.start() - last, number))
            out.append(passage.text[last: m.start()])
            last = m.end()
        if last:
            out.append(passage.text[last:])
            passage.text = "".join(out)
            passage.footnote_refs = refs
