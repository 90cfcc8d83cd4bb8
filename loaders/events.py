"""The timeline: dated statements drawn from the passages, plus the curated milestones of corpus/reforms.yml.

A text event is a sentence that states a date ("In 2009", "June 2005", "the 2013-2014 school year", "By the
1920s") or one relative to the document ("last year", "on Monday", anchored to its published date); the date's
offsets point into passages.text, so every event can be checked against its passage. Numbers that only look like
years (enrollment counts, money, bill and page numbers, parts of URLs) are not dates; references, targets and
plans are no events; each event has the kind its sentence names (corpus/events.yml).
"""

import calendar
import datetime
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from pydantic import field_validator

from .corpus_yaml import CorpusModel, lower_case, read_yaml, validate
from .knowledge import alternation, knowledge_file

FIRST_YEAR, LAST_YEAR = 1850, 2030
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH = r"(?P<month>" + "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True)) + r")\.?"
YEAR = r"(?P<year>\d{4})"

# Tried at every position; the longest match wins, so "June 17, 2015" beats "2015" and "2013-14" beats "2013".
DATE_PATTERNS = [
    ("iso", re.compile(rf"{YEAR}-(?P<mm>\d\d)-(?P<dd>\d\d)")),
    ("day", re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}")),
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{MONTH},?\s+{YEAR}")),
    ("month", re.compile(rf"\b{MONTH},?\s+(?:of\s+)?{YEAR}")),
    ("span", re.compile(rf"{YEAR}(?:\s*(?P<dash>[-–—/])\s*|\s+(?P<word>to|through|until|and)\s+)(?P<end>\d{{4}}|\d\d)"
                        r"(?P<suffix>\s+(?:school|fiscal|academic)\s+year)?")),
    ("decade", re.compile(r"(?:\b(?:early|mid|late)[- ])?(?P<year>\d{3}0)['’]?s\b")),
    ("year", re.compile(YEAR)),
]
# A number in these places is an amount, an identifier or a page, not a year.
NOT_BEFORE = re.compile(r"(?:[\w$€£#/]|\d[,.\-–]|\b(?:pp?|pages?|No|Nos|SB|AB|HR|H\.R|Prop|Proposition|Section|Sec|"
                        r"Chapter|Ch|Room|Suite|Rule|Title|Code|Vol|Bill|Order)\.?\s)$", re.I)
NOT_AFTER = re.compile(r"^(?:\w|[.,]\d|[-–]\d|%|\s*[-–]?\s*(?:million|billion|thousand)\b)", re.I)
# "2000 students" is a count, but "In 2009 teachers lobbied" is a year: a preposition of time decides.
COUNTED = re.compile(r"^\s+(?:students|pupils|children|teachers|schools|charters|employees|people|members|families|"
                     r"parents|dollars|acres|miles|seats|hours|percent|pages)\b", re.I)
TIME_PREPOSITION = re.compile(r"\b(?:in|by|since|until|till|before|after|during|from|through|circa|of|year)\s+$", re.I)
# NOT_AFTER and COUNTED as matched at an offset of the text (pattern.match(text, pos): "^" would match only at 0)
NOT_AFTER_HERE = re.compile(NOT_AFTER.pattern[1:], NOT_AFTER.flags)
COUNTED_HERE = re.compile(COUNTED.pattern[1:], COUNTED.flags)
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|edu|gov)(?:/\S*)?", re.I)


def phrases(words):
    """A regex of the phrases words, whole words, longest first, spaces or hyphens (at least one) between their
    words."""
    return r"\b(?:" + alternation(words, between=r"[\s-]+") + r")\b"


class RelativeDates(CorpusModel):
    years: dict[str, int]
    months: dict[str, int]
    days: dict[str, int]
    seasons: dict[str, int]
    weekdays: list[str]

    @field_validator("years", "months", "days", "seasons", "weekdays")
    @classmethod
    def lower_words(cls, words, info):
        lower_case(list(words), info.field_name)
        return words


class EventRules(CorpusModel):
    """corpus/events.yml: what is an event, and its kind (each list is described there)."""

    kinds: dict[str, list[str]]
    targets: list[str]
    plans: list[str]
    references: list[str]
    reference_openings: list[str]
    relative: RelativeDates

    @field_validator("targets", "plans", "references", "reference_openings")
    @classmethod
    def lower_words(cls, words, info):
        return lower_case(words, info.field_name)

    @field_validator("kinds")
    @classmethod
    def lower_kinds(cls, kinds):
        for kind, words in kinds.items():
            lower_case(words, f"kinds: {kind}")
        return kinds

    @cached_property
    def kind_words(self):
        """(regex, {word: kind}) of every kind's words."""
        of = {re.sub(r"[\s-]+", " ", w): kind for kind, words in self.kinds.items() for w in words}
        return re.compile(phrases(of), re.I), of

    @cached_property
    def target_before(self):
        # "by 2020", "by the end of 2020", "beyond FY 2019-20"
        return re.compile(r"(?:" + phrases(self.targets) + r")\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?"
                          r"(?:(?:fy|fiscal\s+year|school\s+year)\s+)?$", re.I)

    @cached_property
    def reference_start(self):
        return re.compile(r"^\s*(?:" + phrases(self.reference_openings) + r")\s*:", re.I)

    @cached_property
    def plan_words(self):
        return re.compile(phrases(self.plans), re.I)

    @cached_property
    def reference_words(self):
        return re.compile(phrases(self.references) + r"\.?", re.I)

    @cached_property
    def relative_phrase(self):
        r = self.relative
        fixed = [*r.years, *r.months, *r.days]
        seasons = r"\b(?P<which>this|last|past)\s+(?P<season>" + "|".join(map(re.escape, r.seasons)) + r")\b"
        weekdays = r"\b(?P<on>on|last|this|past)\s+(?P<weekday>" + "|".join(map(re.escape, r.weekdays)) + r")\b"
        return re.compile(f"(?P<fixed>{phrases(fixed)})|{seasons}|{weekdays}", re.I)


def read_event_rules(corpus):
    """The event rules of a corpus folder (its events.yml, else the repository's); raises CorpusError naming
    events.yml:line."""
    path = knowledge_file(corpus, "events.yml")
    return validate(EventRules, read_yaml(path), path)


@dataclass
class Date:
    year: int
    precision: str  # day, month, year, range, school_year, decade
    start: int  # offsets of `text` in the string searched
    end: int
    text: str
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # last year of a range, school year or decade
    anchored: bool = False  # written relative to the document ("last year"), dated from its published date

    def covers(self, year):
        return self.year <= year <= (self.end_year or self.year)


def find_dates(text):
    """Every date stated in text, in order, as Date objects with offsets into text (no overlaps)."""
    urls = [m.span() for m in URL.finditer(text)]  # in order and apart: the one that may hold a match is found by
    url_starts = [a for a, _ in urls]                # bisection, not by a scan of all of them for every match
    found = []
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            k = bisect_right(url_starts, m.start()) - 1
            if k >= 0 and m.start() < urls[k][1]:
                continue
            before = text[max(0, m.start() - 12): m.start()]
            # (what follows is matched in place: a copy of the rest of the text for every match was quadratic)
            if NOT_BEFORE.search(before) or NOT_AFTER_HERE.match(text, m.end()):
                continue
            if COUNTED_HERE.match(text, m.end()) and not TIME_PREPOSITION.search(before):
                continue
            date = make_date(kind, m, text)
            if date:
                found.append(date)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    dates, last_end = [], 0
    for date in found:
        if date.start >= last_end:
            dates.append(date)
            last_end = date.end
    return dates


WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
NUMERIC_DATE = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b")  # 07/14/2009: month first
TIME_AFTER = re.compile(r"^[\s,]*(at\s+)?\d{1,2}(:\d\d)+|^[\s,]*\d{1,2}\s*[ap]\.?m", re.I)  # ", 9:14 pm"
ISO_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[T ]\d\d:\d\d\S*$")  # 2019-01-22T10:00:00-08:00 (web metadata)


def iso_date(text):
    """A date written alone ("January 22, 2019", "Jan. 22, 2019", "22 January 2019", "Tuesday, June 9, 2016",
    "07/14/2009 09:07:33 PM PDT", "2019-01-22T10:00:00Z", "June 2015", "2015") as YYYY, YYYY-MM or YYYY-MM-DD;
    None when text is not just one date."""
    text = WEEKDAY.sub("", ISO_TIME.sub(r"\1", text.strip()))
    text = text.title() if text.isupper() else text  # "MARCH 2, 1993 12 AM PT"
    m = NUMERIC_DATE.match(text)
    if m:
        month, day, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if plausible(year) and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return f"{year}-{month:02d}-{day:02d}"
        return None
    dates = find_dates(text)
    if len(dates) != 1 or dates[0].start > 0 or dates[0].precision not in ("day", "month", "year"):
        return None
    rest = text[dates[0].end:]
    if rest.strip(" ,.") and not TIME_AFTER.match(rest):
        return None  # more than a date (a time may follow it)
    date = dates[0]
    return "-".join([f"{date.year}"] + [f"{v:02d}" for v in (date.month, date.day) if v])


def plausible(*years):
    return all(FIRST_YEAR <= y <= LAST_YEAR for y in years)


def make_date(kind, m, text):
    """The Date a pattern match states, or None when the numbers are not a real date."""
    year = int(m.group("year"))
    start, end = m.start(), m.end()
    fields = {}
    if kind in ("iso", "day", "month"):
        month = int(m.group("mm")) if kind == "iso" else MONTHS[m.group("month").lower()]
        day = int(m.group("dd") if kind == "iso" else m.group("day")) if kind != "month" else None
        if not 1 <= month <= 12 or (day and not 1 <= day <= calendar.monthrange(year, month)[1]):
            return None
        fields = {"month": month, "day": day}
        precision = "month" if kind == "month" else "day"
    elif kind == "span":
        last = m.group("end")
        if m.group("word") == "and" and not re.search(r"\bbetween\s+$", text[:start]):
            return None  # "2015 and 2016" are two years, not a range
        if len(last) == 2:
            if not m.group("dash"):
                return None
            last = year - year % 100 + int(last)
            last += 100 if last < year else 0
        last = int(last)
        if last <= year or not plausible(last):
            return None
        school_year = m.group("dash") and last == year + 1
        if m.group("suffix") and not school_year:
            end = m.start("suffix")
        precision, fields = ("school_year" if school_year else "range"), {"end_year": last}
    elif kind == "decade":
        precision, fields = "decade", {"end_year": year + 9}
    else:
        precision = "year"
    if not plausible(year):
        return None
    return Date(year, precision, start, end, text[start:end], **fields)


# --- relative dates, and what is no event -------------------------------------------------------------------

def published_parts(text):
    """(year, month or None, day or None) of a published date (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", text or "")
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        datetime.date(year, month or 1, day or 1)  # "2019-02-30" or "0000" is no date to count from
    except ValueError:
        return None
    return year, month, day


def relative_dates(text, published, rules):
    """The dates text writes relative to its document ("last year", "this fall", "on Monday"), dated from
    published (published_parts) and marked anchored; a phrase that needs a finer published date than there is, or
    that names a time after it ("this fall" in February), is left out."""
    if not published:
        return []
    year, month, day = published
    r, found = rules.relative, []
    for match in rules.relative_phrase.finditer(text):
        phrase = re.sub(r"[\s-]+", " ", match.group(0).lower())
        fields = None
        if match.group("fixed"):
            if phrase in r.years:
                fields = {"year": year + r.years[phrase], "precision": "year"}
            elif phrase in r.months and month:
                months = year * 12 + month - 1 + r.months[phrase]
                fields = {"year": months // 12, "month": months % 12 + 1, "precision": "month"}
            elif phrase in r.days and month and day:
                when = datetime.date(year, month, day) + datetime.timedelta(days=r.days[phrase])
                week = "week" in phrase
                fields = {"year": when.year, "month": when.month, "day": None if week else when.day,
                          "precision": "week" if week else "day"}
        elif match.group("season"):
            starts = r.seasons[match.group("season").lower()]
            if match.group("which").lower() == "this":
                if month and starts <= month:
                    fields = {"year": year, "month": starts, "precision": "season"}
            elif month:
                fields = {"year": year if starts < month else year - 1, "month": starts, "precision": "season"}
        elif match.group("weekday") and month and day:
            published_day = datetime.date(year, month, day)
            back = (published_day.weekday() - r.weekdays.index(match.group("weekday").lower())) % 7
            if back == 0 and match.group("on").lower() in ("last", "past"):
                back = 7
            when = published_day - datetime.timedelta(days=back)
            fields = {"year": when.year, "month": when.month, "day": when.day, "precision": "day"}
        if fields and plausible(fields["year"]):
            found.append(Date(start=match.start(), end=match.end(), text=match.group(0), anchored=True, **fields))
    return found


PLAN_WINDOW = 60  # characters either side of a date in which a plan word makes it a plan
PAST_PHRASE = re.compile(r"(?:last|past|this\s+past|yesterday|earlier|a\s+\w+\s+ago)\b", re.I)


def is_event(date, sentence, at, now, rules):
    """Whether the date at offset `at` of sentence (its text) dates something that happened. now is the year the
    document was written (its published year; where unknown, the latest year it states). Not an event: a year
    after now; a target ("by 2020") or a plan or forecast near the date ("the plan will expand in 2017") about a
    year not yet past; a reference (a bibliography entry, "(Los Angeles: CRESST, 2003)")."""
    if now is not None and date.year > now:
        return False
    # still to come when written, as far as one can tell: "last week" and "yesterday" lie before publication, but
    # "on Thursday" or "this fall" may be ahead of it
    if not (date.anchored and PAST_PHRASE.match(date.text)) and (now is None or date.year >= now):
        near = sentence[max(0, at - PLAN_WINDOW):at + len(date.text) + PLAN_WINDOW]
        if rules.target_before.search(sentence[max(0, at - 40):at]) or rules.plan_words.search(near):
            return False
    return not (rules.reference_words.search(sentence) or rules.reference_start.match(sentence)
                or cited_in_parentheses(sentence, at, at + len(date.text)))


def written_in(published, dated, rules):
    """The year a document was written: its published year (published_parts), else the latest year it states as
    history — of its dated [(date, sentence, offset)], one that would be an event even were it still to come
    (neither a target nor near a plan's words); None when it states none."""
    if published:
        return published[0]
    return max((date.year for date, sentence, at in dated if is_event(date, sentence, at, None, rules)), default=None)


def cited_in_parentheses(sentence, start, end):
    """A date inside a short parenthesis that holds a publisher ("Los Angeles: CRESST, 2003") or a page."""
    opened, closed = sentence.rfind("(", 0, start), sentence.find(")", end)
    if opened < 0 or closed < 0 or sentence.rfind(")", opened, start) >= 0 or closed - opened > 120:
        return False
    inside = sentence[opened + 1:closed]
    # "(Boston: Beacon Press, 2003)", "(2003, p. 4)", and an author's date as a reference list gives it,
    # "Smith, J. (2004). Title", "Ortega, R. (1997, April 9)."
    return (":" in inside or re.search(r"\bpp?\.\s*\d", inside) is not None
            or (re.match(r"\s*\d{4}\b", inside) is not None and len(inside) < 25
                and sentence[closed + 1:closed + 2] == "."))


def event_kind(sentence, start, end, rules):
    """The kind of the word of corpus/events.yml `kinds` nearest to the date at start:end of the sentence (by the
    characters between them; on a tie the word before it), or None."""
    pattern, kind_of = rules.kind_words
    words = [(start - m.end() if m.end() <= start else m.start() - end, m.start() > start,
              re.sub(r"[\s-]+", " ", m.group(0).lower())) for m in pattern.finditer(sentence)]
    return kind_of[min(words)[2]] if words else None


# --- the stage ------------------------------------------------------------------------------------------------

def load_events(ctx):
    """Write events and event_entities: a text event for every date a passage states, and each reforms.yml
    milestone — merged into the text event that dates the same passage to the same day for the same reform (or
    for no reform yet), else an event of its own. Every event lies in one of the sentences the entities stage
    stored. Returns a summary."""
    db = ctx.db
    passages = {p["id"]: p for p in db.query("select id, document_id, text from passages order by id")}
    sentences_in = {}
    for row in db.query('select id, passage_id, start, "end" from sentences order by passage_id, start'):
        sentences_in.setdefault(row["passage_id"], []).append(row)
    mentions_in = {}
    for m in db.query("select entity_id, passage_id, start from mentions order by passage_id, start"):
        mentions_in.setdefault(m["passage_id"], []).append(m)
    citations = list(db.query("select * from reform_citations order by id"))
    reforms_of_entity = {}
    # only reform and law entities stand for a reform: a sentence naming Cortines is not about his plan
    for row in db.query("select r.id, r.entity_id from reforms r join entities e on e.id = r.entity_id "
                        "where e.type in ('REFORM', 'LAW')"):
        reforms_of_entity.setdefault(row["entity_id"], set()).add(row["id"])

    # sentences and mentions come in order of their start: the ones at an offset are found by bisection (a scan of
    # a passage's sentences and mentions for every date in it grew with the square of a long passage)
    sentence_starts = {p: [s["start"] for s in found] for p, found in sentences_in.items()}
    mention_starts = {p: [m["start"] for m in found] for p, found in mentions_in.items()}
    citations_in = {}  # passage id → its citations, in order of id (the citations of other passages hold no date)
    for citation in citations:
        citations_in.setdefault(citation["passage_id"], []).append(citation)

    def sentence_of(passage_id, offset):
        found = sentences_in.get(passage_id, [])
        k = bisect_right(sentence_starts.get(passage_id, []), offset) - 1  # the last that starts at offset or before
        return found[k] if k >= 0 else (found[0] if found else None)

    def entities_in(passage_id, sentence):
        if sentence is None:
            return []
        found, starts = mentions_in.get(passage_id, []), mention_starts.get(passage_id, [])
        first, last = bisect_left(starts, sentence["start"]), bisect_left(starts, sentence["end"])
        return sorted({m["entity_id"] for m in found[first:last]
                       if sentence["start"] <= m["start"] < sentence["end"]})

    rules = read_event_rules(ctx.corpus)
    published = {d["id"]: published_parts(d["published"]) for d in db.query("select id, published from documents")}
    events, entity_ids_of = [], {}

    def sentence_text(passage, sentence):
        return passage["text"][sentence["start"]:sentence["end"]] if sentence else passage["text"]

    def add(passage, date, at=None, **fields):
        # the sentence of the event: the date's, or for a milestone the sentence of its cited words (at)
        sentence = sentence_of(passage["id"], date.start if at is None else at)
        offset = (date.start if at is None else at) - (sentence["start"] if sentence else 0)
        width = len(date.text) if at is None else 0
        events.append({
            "id": len(events) + 1, "year": date.year, "month": date.month, "day": date.day,
            "end_year": date.end_year, "precision": date.precision, "date_text": date.text,
            "sentence_id": sentence and sentence["id"], "passage_id": passage["id"],
            "document_id": passage["document_id"], "start": date.start, "end": date.end,
            # a sentence that names no kind of event still dates something: "other" says it was not classified
            "kind": event_kind(sentence_text(passage, sentence), offset, offset + width, rules) or "other",
            "anchored": int(date.anchored),
            **fields,
        })
        entity_ids_of[len(events)] = entities_in(passage["id"], sentence)
        return events[-1]

    text_events = {}  # (passage id, year, month, day) → [text events]
    seen = set()  # (sentence id, year, month, day): a sentence that states a date twice is one event
    skipped = 0
    # every date of every passage with its sentence (a row, or None), that sentence's text and its offset there
    dated = {}
    for passage in passages.values():
        found = find_dates(passage["text"]) + relative_dates(passage["text"], published.get(passage["document_id"]),
                                                             rules)
        for date in sorted(found, key=lambda d: d.start):
            sentence = sentence_of(passage["id"], date.start)
            dated.setdefault(passage["id"], []).append(
                (date, sentence, sentence_text(passage, sentence), date.start - (sentence["start"] if sentence else 0)))
    in_document = {}  # document → [(date, sentence text, offset)]: what written_in reads
    for passage_id, found in dated.items():
        in_document.setdefault(passages[passage_id]["document_id"], []).extend((d, t, at) for d, _, t, at in found)
    now = {document: written_in(published.get(document), found, rules) for document, found in in_document.items()}
    for passage_id, found in dated.items():
        passage = passages[passage_id]
        for date, sentence, text, at in found:
            if not is_event(date, text, at, now.get(passage["document_id"]), rules):
                skipped += 1
                continue
            key = (sentence and sentence["id"], date.year, date.month, date.day)
            if key in seen:
                continue
            seen.add(key)
            reform_id = reform_of_text_event(date, passage["id"], citations_in.get(passage["id"], []),
                                             entities_in(passage["id"], sentence), reforms_of_entity)
            event = add(passage, date, source="text", citation_id=None, reform_id=reform_id, milestone=0)
            text_events.setdefault((passage["id"], date.year, date.month, date.day), []).append(event)
    from_text = len(events)

    merged = 0
    for citation in citations:
        if not citation["milestone"] or citation["year"] is None:
            continue
        passage = passages[citation["passage_id"]]
        date = milestone_date(passage["text"], citation)
        if date.year != citation["year"]:  # "LEARN collapsed in 1999" cited inside a range or decade
            date = Date(citation["year"], "year", date.start, date.end, date.text)
        same = [e for e in text_events.get((passage["id"], date.year, date.month, date.day), [])
                if not e["milestone"] and e["reform_id"] in (None, citation["reform_id"])]
        if same:
            same[0].update(milestone=1, citation_id=citation["id"], reform_id=citation["reform_id"])
            merged += 1
        else:  # in the sentence of its cited words: a date borrowed from the sentence before ("The same year, …")
            add(passage, date, at=citation["start"], source="reforms.yml", citation_id=citation["id"],
                reform_id=citation["reform_id"], milestone=1)

    db["events"].insert_all(events)
    db["event_entities"].insert_all({"event_id": event_id, "entity_id": entity_id}
                                    for event_id, entity_ids in entity_ids_of.items() for entity_id in entity_ids)
    documents = len({e["document_id"] for e in events})
    milestones = sum(e["milestone"] for e in events)
    anchored = sum(e["anchored"] for e in events)
    return (f"{len(events)} events ({from_text} from the text, {anchored} of them dated from the published date; "
            f"{milestones} milestones of reforms.yml, {merged} of them merged into the text event of their date) in "
            f"{documents} documents; {skipped} dates left out as references, targets or plans")


def milestone_date(text, citation):
    """The date in the passage that states the citation's year: inside the quote if it is there, else the
    nearest one before it ("The same year, the board passed …" after "In 2013, …"), else the nearest after."""
    dates = [d for d in find_dates(text) if d.covers(citation["year"])]

    def distance(d):
        if citation["start"] <= d.start < citation["end"]:
            return (0, d.start)
        return (1, citation["start"] - d.end) if d.end <= citation["start"] else (2, d.start - citation["end"])

    return min(dates, key=distance)  # the reforms stage made sure the passage states the year


def reform_of_text_event(date, passage_id, citations, entity_ids, reforms_of_entity):
    """The reform a text event belongs to: the reform whose cited quote holds the date (preferring a citation
    of that year, then a milestone), else the one reform whose entity the sentence mentions, else None."""
    holding = [c for c in citations
               if c["passage_id"] == passage_id and c["start"] <= date.start and date.end <= c["end"]]
    if holding:
        best = min(holding, key=lambda c: (c["year"] != date.year, not c["milestone"], c["id"]))
        return best["reform_id"]
    candidates = set().union(*(reforms_of_entity.get(e, set()) for e in entity_ids)) if entity_ids else set()
    return candidates.pop() if len(candidates) == 1 else None
