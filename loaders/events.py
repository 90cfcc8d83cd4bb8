"""The timeline: dated statements drawn from the passages, plus the curated milestones of corpus/reforms.yml.

A text event is a sentence that states a date ("In 2009", "June 2005", "the 2013-2014 school year", "By the
1920s"); the date's offsets point into passages.text, so every event can be checked against its passage.
Numbers that only look like years (enrollment counts, money, bill and page numbers, parts of URLs) are not dates.
"""

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

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

    events, entity_ids_of = [], {}

    def add(passage, date, **fields):
        sentence = sentence_of(passage["id"], date.start)
        events.append({
            "id": len(events) + 1, "year": date.year, "month": date.month, "day": date.day,
            "end_year": date.end_year, "precision": date.precision, "date_text": date.text,
            "sentence_id": sentence and sentence["id"], "passage_id": passage["id"],
            "document_id": passage["document_id"], "start": date.start, "end": date.end, **fields,
        })
        entity_ids_of[len(events)] = entities_in(passage["id"], sentence)
        return events[-1]

    text_events = {}  # (passage id, year, month, day) → [text events]
    for passage in passages.values():
        for date in find_dates(passage["text"]):
            sentence = sentence_of(passage["id"], date.start)
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
        else:
            add(passage, date, source="reforms.yml", citation_id=citation["id"], reform_id=citation["reform_id"],
                milestone=1)

    db["events"].insert_all(events)
    db["event_entities"].insert_all({"event_id": event_id, "entity_id": entity_id}
                                    for event_id, entity_ids in entity_ids_of.items() for entity_id in entity_ids)
    documents = len({e["document_id"] for e in events})
    milestones = sum(e["milestone"] for e in events)
    return (f"{len(events)} events ({from_text} from the text, {milestones} milestones of reforms.yml, {merged} of "
            f"them merged into the text event of their date) in {documents} documents")


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
