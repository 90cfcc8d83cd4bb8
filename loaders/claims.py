"""Claims: the counts, sums and dates the documents state about the district and its reforms, each with the time
it is about, its subject and its words in the passage ("fourteen charter schools enrolling approximately 13,000
students", "264 charters … served almost 151,000 young people", "a $53 million matching grant", "LEARN was
adopted by the school board in 1993").

A stage after `events`: it reads the sentences, their mentions and the documents' published dates, and the words
of corpus/claims.yml (measures and what triggers them, qualifiers and their tolerances, time words, date verbs).

- A count is a number (digits, "151,000", "1.2 million", or words, "fourteen", "three dozen", "a quarter of a
  million") with what it counts after it
  (a trigger of a measure: "charter schools", "independent charters", "students in charter schools"; modifiers
  and names may stand between), or before it ("charter school enrollment of 154,000"). A bare count of students
  or schools takes its measure from a school count before it in the sentence (the students those schools
  enrol), a context phrase ("the largest charter school enrollment"), or its subject (the district's students;
  another organisation's); a bare count of schools followed by "as charters" or in a sentence about the sector or
  its authorizing counts charters ("279 campuses run as charters", "a sector of just 33 schools"), and one after
  "the", "these" or a preposition ("the four schools on the agenda", "labs at eight campuses") is no total. A
  count trigger before a verb of amount counts the number after it ("charter schools in LAUSD numbered 211").
  Adjectives and participles may stand between a number and its noun ("41 freestanding magnet schools"). A
  number that is a change ("up 12 schools"), a target or a limit ("lost 100,000 students", "another 100
  charter schools", "the cap of ten schools"), an identifier ("Proposition 39", "AB 1505", "page 12", "Local
  District 4"), a ratio ("one in five"), a percentage, a phone number or a year is none.
- A sum is a dollar amount ("$53 million", "$1.2 billion", "$490-million", "$490M") followed by a word of a
  programme (grant, award, plan, funding …) or after one ("a grant of $5 million", "pledged $490 million").
- A date claim dates a reform, law or organisation the sentence names by a verb or noun of date_verbs
  ("X was adopted … in 1993", "X, founded in 2000", "Gov. Pete Wilson signed SB 1448" in a sentence that states
  1992, "the passage of X in 1993", "In 1993, the year after California's charter law was passed" → 1992,
  "UTLA, which teachers founded in 1970", "passed the charter law in 1993" (the law the document, else the
  corpus, names alone), "signed it in September 1992" (the law named before; else the last noun phrase of a
  subject noun, "the charter law … signed it"; else what the passage's sentence before named), "X: approved in
  2009", "signed into law in July 2013 the X". A law or reform described but not named ("the state charter law
  passed in 1994") is kept with no subject_id and its phrase as subject_text: the conflicts engine compares it
  with dates of the same words.

The time of a count or sum: the date the sentence states nearest to it in its own clause ("in 2015", "2014-15",
"the 2015-16 school year", "December 2012", "by fall 2008"; a time across ", and …" only when the clause has none;
never one that ends a span, "through the end of next year", nor one after another number set apart from it, "up
from 251 schools the year before"), a relative phrase resolved ("one year after the passage of … in 1993" → 1994,
"one year later", "the following year", "15 years ago", "this year" → the school year of the published date,
"three years after Wilson signed the statute" → the document's date claim of that law + 3, "this spring" → the
school year of that season of the published year), the passage's last time when "then" ends the claim's clause or
"at the time" stands in the sentence, the time of the
sentence before when a continuation word opens the sentence or a pointing-back phrase stands before its first
count ("Together they enrolled 3,069 students", "Enrollment in them reached …"), else the document's published
date (time_source 'published': assumed; "now" and "today" say no more), else unknown — never guessed: a relative phrase counted from a year nobody states ("two
years after the strike", "five years later" opening a passage) is unknown too. A decade or a span of years is
kept as stated, with no start_year.

The subject of a count: a name between the number and what it counts ("24 Extended School Based Management
schools"), else the nearest organisation or place before it, else one it is "in", "of" or "at", else the nearest
after it; the district's words ("the district's", "the school district") and the names that stand for it (LA)
make it the district (about_district); a sentence opened by "Its" takes the organisation the passage named last;
words such as "statewide" make a count with no subject not the district's (about_district 0). The subject of a sum: the nearest reform or law, else organisation. Every claim's start and end are offsets into the sentence (the stage adds the sentence's offset in
its passage), so passages.text[start:end] is the claim's own words.

Each look-up is a regex anchored at an offset or a bounded look back, so a sentence is read in time about linear
in its length.
"""

import math
import pickle
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Literal

from pydantic import field_validator, model_validator

from . import build_cache
from .corpus_yaml import CorpusModel, KeyProblem, lower_case, read_yaml, validate
from .errors import CorpusError
from .events import find_dates
from .knowledge import ROOT_CORPUS, knowledge_file
from .knowledge import alternation
from .roles import Mention

# The measures other parts of the build name (the conflicts engine, the data-series view, the pages): claims.yml
# may add measures, never drop these.
MEASURES = ("charter_schools", "charter_students", "independent_charter_schools", "affiliated_charter_schools",
            "district_students", "magnet_schools", "pilot_schools", "program_money", "date",
            # the bare-count mechanism gives these
            "students", "schools", "reform_schools")
UNITS = {"count": {"schools", "students"}, "money": {"dollars"}, "date": {"year"}}


# --- the rules: corpus/claims.yml ---------------------------------------------------------------------------

class MeasureRule(CorpusModel):
    kind: Literal["count", "money", "date"]
    unit: Literal["schools", "students", "dollars", "year"]
    description: str = ""
    triggers: list[str] = []
    leading: list[str] = []
    context: list[str] = []
    followed_by: list[str] = []
    students: str | None = None
    tolerance: float = 0.0

    @field_validator("triggers", "leading", "context", "followed_by")
    @classmethod
    def lower_case(cls, words, info):
        return lower_case(words, info.field_name, "phrases")

    @field_validator("tolerance")
    @classmethod
    def fraction(cls, value):
        if not 0 <= value < 1:
            raise ValueError(f"tolerance: a fraction from 0 to 1 (0.05 = 5 %), not {value}")
        return value


class QualifierRule(CorpusModel):
    direction: Literal["around", "below", "above", "at_least", "at_most"]
    tolerance: float | None = None

    @model_validator(mode="after")
    def bounded(self):
        if self.tolerance is not None and not 0 <= self.tolerance < 1:
            raise KeyProblem("tolerance", f"tolerance: a fraction from 0 to 1 (0.05 = 5 %), not {self.tolerance}")
        if self.tolerance is None and self.direction in ("around", "below"):
            raise KeyProblem("direction", f"direction {self.direction} needs a tolerance")
        return self


class TimeWords(CorpusModel):
    after: frozenset[str]
    before: frozenset[str]
    later: frozenset[str]
    earlier: frozenset[str]
    ago: frozenset[str]
    now: frozenset[str]
    last_year: frozenset[str]
    this_year: frozenset[str] = frozenset()
    following: frozenset[str] = frozenset()
    previous: frozenset[str] = frozenset()
    next_year: frozenset[str]
    this_season: frozenset[str] = frozenset()


class DistrictRule(CorpusModel):
    entity: str
    names: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


LOWER_LISTS = ("student_nouns", "school_nouns", "student_leading", "modifiers", "not_counts_before", "owners_before",
               "not_counts_after", "identifier_words", "continuation_words", "phrasal_particles", "not_counts_following", "student_verbs",
               "not_money_before", "modifier_suffixes", "not_counts_right_before", "amount_verbs", "elsewhere_words", "continuation_pronouns",
               "counts_right_after", "then_words", "subject_fillers")


class ClaimRules(CorpusModel):
    """corpus/claims.yml: what a claim counts, how it is qualified and dated (each list is described there)."""

    measures: dict[str, MeasureRule]
    student_nouns: frozenset[str]
    school_nouns: frozenset[str]
    student_leading: frozenset[str]
    modifiers: frozenset[str]
    qualifiers: dict[str, QualifierRule]
    unqualified: QualifierRule
    not_counts_before: frozenset[str]
    owners_before: frozenset[str] = frozenset()
    not_counts_after: frozenset[str]
    identifier_words: frozenset[str]
    time_words: TimeWords
    seasons: dict[str, int]
    continuation_words: frozenset[str]
    district: DistrictRule
    count_subject_types: frozenset[str]
    money_subject_types: frozenset[str]
    date_verbs: dict[str, str]
    date_nouns: dict[str, str]
    date_subject_types: frozenset[str]
    phrasal_particles: frozenset[str]
    subject_nouns: dict[str, list[str]]
    not_counts_following: frozenset[str] = frozenset()
    student_verbs: frozenset[str] = frozenset()
    not_money_before: frozenset[str] = frozenset()
    modifier_suffixes: frozenset[str] = frozenset()
    not_counts_right_before: frozenset[str] = frozenset()
    amount_verbs: frozenset[str] = frozenset()
    elsewhere_words: frozenset[str] = frozenset()
    compared_events: list[list[str]] = []
    continuation_pronouns: frozenset[str] = frozenset()
    counts_right_after: frozenset[str] = frozenset()
    then_words: frozenset[str] = frozenset()
    subject_fillers: frozenset[str] = frozenset()
    round_units: dict[str, float] = {}
    fraction_slack: float = 0.0

    @field_validator(*LOWER_LISTS)
    @classmethod
    def lower_case(cls, words, info):
        return lower_case(words, info.field_name)

    @model_validator(mode="after")
    def consistent(self):
        missing = [m for m in MEASURES if m not in self.measures]
        if missing:
            raise KeyProblem("measures", f"measures: '{missing[0]}' is missing (other parts of the build use it)")
        for word in self.qualifiers:
            if word != word.lower() or not word.strip():
                raise KeyProblem("qualifiers", f"qualifiers: '{word}' needs to be lower case")
        events = set(self.date_verbs.values())
        for group in self.compared_events:
            for event in group:
                if event not in events:
                    raise KeyProblem("compared_events", f"compared_events: '{event}' is no event of date_verbs")
        for noun, verb in self.date_nouns.items():
            if verb not in self.date_verbs:
                raise KeyProblem("date_nouns", f"date_nouns: '{noun}' gives '{verb}', which is not in date_verbs")
        for field_name in ("date_verbs", "date_nouns", "seasons", "subject_nouns"):
            wrong = sorted(w for w in getattr(self, field_name) if w != w.lower())
            if wrong:
                raise KeyProblem(field_name, f"{field_name}: '{wrong[0]}' needs to be lower case")
        for noun, types in self.subject_nouns.items():
            if not types:
                raise KeyProblem("subject_nouns", f"subject_nouns: '{noun}' needs a list of entity types")
        if any(w != w.lower() for w in self.district.words):
            raise KeyProblem("district", "district: words are written in lower case")
        return self

    def event_group(self, event):
        """What a date claim's event is compared as: its list of compared_events (one beginning, whatever the
        verb), else the event itself."""
        return next((tuple(g) for g in self.compared_events if event in g), event)

    # -- compiled patterns --

    @cached_property
    def count_triggers(self):
        """(pattern, [(measure, phrase)]): every count trigger and bare noun, longest first, one group each."""
        phrases = self.count_phrases + [(p, "bare students") for p in self.student_nouns] + [
            (p, "bare schools") for p in self.school_nouns]
        return grouped(phrases)

    @cached_property
    def count_phrases(self):
        """[(trigger, measure)] of every count measure."""
        return [(p, m) for m, r in self.measures.items() if r.kind == "count" for p in r.triggers]

    @cached_property
    def money_trigger(self):
        words = [p for r in self.measures.values() if r.kind == "money" for p in r.triggers]
        return re.compile(rf"(?:\s+in)?(?:\s+[\w’'-]+){{0,2}}?\s+({phrase_alternation(words)})(?!\w)", re.I)

    @cached_property
    def amount_subject(self):
        """A count trigger, up to four words or ", which", then a verb of amount_verbs, right before a number
        ("charter schools in LAUSD numbered", "the number of LAUSD charters had climbed to", "pilot schools, which
        number"): the trigger's group is named as in count_triggers."""
        pattern = self.count_triggers[0].pattern
        verbs = alternation(self.amount_verbs) or "(?!)"
        return re.compile(rf"{pattern}(?:,\s+which|(?:\s+[\w’'.-]+){{0,4}}?)\s+(?:{verbs})\s+$", re.I)

    @cached_property
    def schools_of(self):
        """measure of students → the first measure of schools whose students they are (charter_students →
        charter_schools)."""
        found = {}
        for name, measure in self.measures.items():
            if measure.students:
                found.setdefault(measure.students, name)
        return found

    @cached_property
    def money_measure(self):
        return next(m for m, r in self.measures.items() if r.kind == "money")

    @cached_property
    def leading(self):
        phrases = [(p, m) for m, r in self.measures.items() if r.kind in ("count", "money") for p in r.leading]
        phrases += [(p, "bare students") for p in self.student_leading]
        pattern, measures = grouped(phrases)
        return re.compile(rf"(?:{pattern.pattern})(?:\s+(?![\d$])[\w’'.-]+){{0,4}}?\s*[:,]?\s+$", re.I), measures

    @cached_property
    def labelled(self):
        """A line of a list or a table that counts what its label names: "Charter schools, 2014-15: 251",
        "Charter students (2016-17): 154,653", "Magnet schools: 172" (what it counts, a time, a colon)."""
        pattern, measures = grouped(self.count_phrases)
        return re.compile(rf"(?:{pattern.pattern})(?:\s*,\s*|\s*\(|\s+in\s+)?(?:\d{{4}}(?:[-–/]\d{{2,4}})?\)?)?"
                          rf"\s*:\s*$", re.I), measures

    @cached_property
    def followers(self):
        """[(measure, pattern)]: words that make a bare count of students the measure when they follow it closely
        ("154,653 students attended LAUSD charters")."""
        return [(m, re.compile(rf"(?:\s+[\w’'-]+){{0,3}}?\s+(?:{phrase_alternation(r.followed_by)})(?!\w)", re.I))
                for m, r in self.measures.items() if r.followed_by]

    @cached_property
    def contexts(self):
        """[(measure, pattern)]: the context phrases of each measure (a bare count takes the first of its unit)."""
        return [(m, re.compile(rf"(?<!\w)(?:{phrase_alternation(r.context)})(?!\w)", re.I))
                for m, r in self.measures.items() if r.context]

    @cached_property
    def qualifier(self):
        return re.compile(rf"(?<![\w-])({alternation(self.qualifiers)})\s+$", re.I)

    @cached_property
    def not_before(self):
        words = rf"(?:{alternation(self.not_counts_before)})(?:\s+[\w’'-]+){{0,3}}"
        owners = rf"|(?:{alternation(self.owners_before)})(?:\s+[\w’'-]+)?" if self.owners_before else ""
        return re.compile(rf"(?<![\w-])(?:{words}{owners})\s+$", re.I)

    @cached_property
    def not_after(self):
        return re.compile(rf"\s+(?:{alternation(self.not_counts_after)})(?!\w)", re.I)

    @cached_property
    def not_following(self):
        """A queue, not an enrollment, within four words after a count ("students on charter waiting lists")."""
        return re.compile(rf"(?:\s+[\w’'-]+){{0,4}}?\s+(?:{phrase_alternation(self.not_counts_following)})(?!\w)",
                          re.I)

    @cached_property
    def preceders(self):
        """[(measure, pattern)]: "<followed_by phrase> … VERB" right before a bare count of students ("charters in
        Los Angeles Unified served 139,000 students", "Charter schools overseen by the Los Angeles Unified School
        District enrolled 143,039 students"), up to eight words between, in one clause."""
        verbs = alternation(self.student_verbs)
        return [(m, re.compile(rf"(?<![\w-])(?:{phrase_alternation(r.followed_by)})(?:\s+[\w’'.-]+){{0,8}}?\s+"
                               rf"(?:{verbs})\s+$", re.I))
                for m, r in self.measures.items() if r.followed_by and r.unit == "students"]

    @cached_property
    def not_money(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.not_money_before)})(?![\w-])", re.I)

    @cached_property
    def modifier_words(self):
        return {w for w in self.modifiers}

    @cached_property
    def modifier_suffix(self):
        """A lower-case word ending as an adjective or participle does ("freestanding", "converted")."""
        if not self.modifier_suffixes:
            return re.compile("(?!)")
        return re.compile(rf"[a-z][a-z-]{{2,}}(?:{alternation(self.modifier_suffixes)})")

    @cached_property
    def pointing_back(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.continuation_pronouns) or '(?!)'})(?![\w-])", re.I)

    @cached_property
    def continuation(self):
        return re.compile(rf"^\W*(?:(?:and|but|so)\s+)?(?:{alternation(self.continuation_words)})(?!\w)", re.I)

    @cached_property
    def district_words(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.district.words)})(?![\w-])", re.I)

    @cached_property
    def elsewhere(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.elsewhere_words) or '(?!)'})(?![\w-])", re.I)

    @cached_property
    def district_names(self):
        return {n.lower() for n in self.district.names | {self.district.entity}}

    @cached_property
    def date_verb(self):
        return re.compile(rf"(?<![\w-])({alternation(self.date_verbs)})(?![\w-])", re.I)

    @cached_property
    def date_lead(self):
        """A date verb opening the sentence or a clause after a colon, then "in"/"on": "Launched in 2000, …"."""
        return re.compile(rf"(?:^|[:;])\W*({alternation(self.date_verbs)})\s+(?:in|on)\s+", re.I)

    @cached_property
    def date_noun(self):
        return re.compile(rf"(?<![\w-])({alternation(self.date_nouns)})\s+of\s+(?:the\s+)?", re.I)

    @cached_property
    def particle(self):
        return re.compile(rf"\s+(?:{alternation(self.phrasal_particles)})(?!\w)", re.I)

    @cached_property
    def noun_subject(self):
        """A subject noun right before "was|were VERB" ("California's charter law was passed")."""
        return re.compile(rf"(?<![\w-])({alternation(self.subject_nouns)})\s*$", re.I)

    @cached_property
    def noun_object(self):
        """A noun phrase right after a verb whose head is a subject noun ("passed the charter law")."""
        return re.compile(rf"\s+(?:the|a|an|its|their|this|that|[\w’']+['’]s)\s+(?:[\w’'-]+\s+){{0,3}}?"
                          rf"(?:{alternation(self.subject_nouns)})(?![\w-])", re.I)

    @cached_property
    def relative_anchored(self):
        """"one year after … in 1993", "two years before …" (the year follows inside the phrase)."""
        words = alternation(self.time_words.after | self.time_words.before)
        return re.compile(rf"(?<![\w-])({YEARS_COUNT})\s+(?:full\s+)?(years?|decades?)\s+({words})\s+", re.I)

    @cached_property
    def relative_later(self):
        words = alternation(self.time_words.later | self.time_words.earlier | self.time_words.ago)
        return re.compile(rf"(?<![\w-])({YEARS_COUNT})\s+(?:full\s+)?(years?|decades?)\s+({words})(?!\w)", re.I)

    @cached_property
    def relative_now(self):
        words = self.time_words.now | self.time_words.this_year | self.time_words.last_year | \
            self.time_words.next_year
        return re.compile(rf"(?<![\w-])({alternation(words)})(?![\w-])", re.I)

    @cached_property
    def relative_ordinal(self):
        """"the following year", "the previous school year"."""
        words = self.time_words.following | self.time_words.previous
        return re.compile(rf"(?<![\w-])the\s+({alternation(words) or '(?!)'})\s+(?:school\s+)?year(?![\w-])", re.I)

    @cached_property
    def this_season(self):
        """"this spring", "this fall"."""
        if not self.time_words.this_season or not self.seasons:
            return re.compile("(?!)")
        return re.compile(rf"(?<![\w-])(?:{alternation(self.time_words.this_season)})\s+({alternation(self.seasons)})"
                          rf"(?![\w-])", re.I)

    @cached_property
    def counts_after(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.counts_right_after) or '(?!)'})\s+$", re.I)

    @cached_property
    def then(self):
        """A word that points back to the passage's last time: "then" ending a clause, the others anywhere."""
        words = [w for w in self.then_words if w != "then"]
        alone = r"|(?<![\w-])then(?=\s*(?:[,.;:!?)—]|$))" if "then" in self.then_words else ""
        return re.compile(rf"(?<![\w-])(?:{alternation(words) or '(?!)'})(?![\w-]){alone}", re.I)

    @cached_property
    def this_year(self):
        return {key(w) for w in self.time_words.this_year}

    @cached_property
    def now_offsets(self):
        """{key(phrase): years from the published year} of last_year and next_year."""
        return {key(w): -1 for w in self.time_words.last_year} | {key(w): 1 for w in self.time_words.next_year}

    @cached_property
    def season(self):
        return re.compile(rf"(?<!\w)({alternation(self.seasons)})(?:\s+of)?\s+$", re.I)


def key(phrase):
    """A phrase as compared: lower case, one space between words (a hyphen is a space)."""
    return " ".join(re.split(r"[\s-]+", phrase.lower().strip()))


def phrase_alternation(phrases):
    """A regex alternation of phrases, longest first: a space or hyphen inside matches either, and a word
    ending in "s" matches its singular too."""
    def word(w):
        return re.escape(w[:-1]) + "s?" if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else re.escape(w)
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"[\s-]+".join(word(w) for w in re.split(r"[\s-]+", p.strip())) for p in ordered)


def grouped(phrases):
    """One pattern of (phrase, measure) pairs, longest first, a named group per phrase: (pattern, [(measure,
    phrase)]) indexed by the group's number."""
    ordered = sorted(set(phrases), key=lambda pm: (-len(pm[0]), pm))
    parts = [f"(?P<t{i}>{phrase_alternation([p])})" for i, (p, _) in enumerate(ordered)]
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w])", re.I)
    return pattern, [(m, p) for p, m in ordered]


def read_claim_rules(corpus):
    """The claim rules of a corpus folder (its claims.yml, else the repository's), validated: `.measures`
    (name → kind, unit, triggers, tolerance …) and `.qualifiers` (word → direction, tolerance). Raises
    CorpusError naming claims.yml:line."""
    path = knowledge_file(corpus, "claims.yml")
    rules = validate(ClaimRules, read_yaml(path), path)
    check_measures(rules, path)
    return rules


def check_measures(rules, path):
    """What a measure says about the others: its unit fits its kind, its students are a measure of students, no
    trigger belongs to two measures. Raises CorpusError `claims.yml:line: …` at the measure's key at fault."""
    triggers = {}
    for name, rule in rules.measures.items():
        def fail(key_name, message):
            raise CorpusError(f"{path}:{rule.line_of(key_name)}: measures: '{name}' {message}")

        if rule.unit not in UNITS[rule.kind]:
            fail("unit", f"is a {rule.kind}, whose unit is one of {', '.join(sorted(UNITS[rule.kind]))}, "
                         f"not {rule.unit}")
        if rule.students is not None and rule.unit != "schools":
            fail("students", f"counts {rule.unit}: only a count of schools gives students")
        if rule.students is not None and (rule.students not in rules.measures
                                          or rules.measures[rule.students].unit != "students"):
            fail("students", f"gives students '{rule.students}', which is not a measure of students")
        for field_name in ("triggers", "leading"):
            for phrase in getattr(rule, field_name):
                other = triggers.setdefault((rule.kind, key(phrase)), name)
                if other != name:
                    fail(field_name, f"shares the trigger '{phrase}' with '{other}'")


def tolerance(claimed, qualifier, rules, measure=None, written=None):
    """The range (low, high) a true value may lie in for a claim of `claimed` with this qualifier (lower case as
    the claims table keeps it, or None): about → ± its tolerance, almost → up to its tolerance below, more than →
    above (unbounded without a tolerance), at least → ≥, up to → ≤. With no qualifier (or one claims.yml does
    not know) the claim is exact, give or take the measure's tolerance. written: the number as written (the
    claims table's value_text); one written in a round unit is good only to that unit (slack())."""
    low, high = qualified_range(claimed, qualifier, rules, measure)
    extra = slack(written, claimed, rules)
    rule = rules.qualifiers.get(qualifier.lower()) if qualifier else None
    # on the side the qualifier leaves open: "almost three hundred" may be 275, never 325
    below = rule is None or rule.direction in ("around", "below")
    above = rule is None or rule.direction in ("around", "above")
    return max(0.0, low - extra) if below else low, high + extra if above else high


def qualified_range(claimed, qualifier, rules, measure):
    rule = rules.qualifiers.get(qualifier.lower()) if qualifier else None
    if rule is None:
        fraction = max(rules.unqualified.tolerance or 0,
                       rules.measures[measure].tolerance if measure in rules.measures else 0)
        return claimed * (1 - fraction), claimed * (1 + fraction)
    t = rule.tolerance
    if rule.direction == "around":
        return claimed * (1 - t), claimed * (1 + t)
    if rule.direction == "below":
        return claimed * (1 - t), claimed
    if rule.direction == "above":
        return claimed, math.inf if t is None else claimed * (1 + t)
    if rule.direction == "at_least":
        return claimed, math.inf
    return 0.0, claimed  # at_most


def slack(written, claimed, rules):
    """How far either way a number written in a round unit may be from its value, whatever its qualifier
    (claims.yml's round_units and fraction_slack): "three dozen" says 36 to within half a dozen, "three hundred"
    300 to within a quarter of a hundred, "a quarter of a million" 250,000 to within a few per cent; 0 for a
    number written in digits or plain words."""
    if not written:
        return 0.0
    words = [w for w in re.findall(r"[a-z]+", written.lower()) if w != "dollars"]
    # a whole number of the unit: "three hundred", not "two hundred fifty-one"
    extra = rules.round_units.get(words[-1], 0.0) if words else 0.0
    if FRACTION.match(written):
        extra = max(extra, claimed * rules.fraction_slack)
    return extra


# --- numbers -----------------------------------------------------------------------------------------------

ONES = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                   "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
_UNIT = "|".join(sorted([*ONES, *TENS], key=len, reverse=True))
WORDS = rf"(?:a\s+hundred|{_UNIT})(?:(?:[\s-]+(?:and\s+)?|-)(?:{_UNIT}|hundred|thousand))*"  # "a hundred and twenty …"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "a quarter of a million", "half a million", "three quarters of a billion", "a million", "a dozen": a fraction
# of a scale (or the scale once)
FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
FRACTION_WORDS = (r"(?:(?:a|one|two|three)\s+(?:half|quarters?|thirds?)(?:\s+of)?|half)\s+an?|an?|one")
FRACTION = re.compile(rf"\$?\s?(?:{FRACTION_WORDS})\s+(?:dozen|million|billion)", re.I)
NUMBER = re.compile(rf"(?<![\w$.,/#–-])(?P<dollar>\$\s?)?(?:(?P<digits>{DIGITS})|(?P<fraction>{FRACTION_WORDS})"
                    rf"(?=\s+(?:dozen|million|billion)(?![\w-]))|(?P<words>{WORDS}))"
                    rf"(?:(?:\s+|\s*-\s*)(?P<scale>dozen|thousand|million|billion|trillion)(?![\w-]))?"
                    rf"(?P<dollars>\s+dollars)?", re.I)
YEARS_COUNT = rf"\d+|a|an|the|{_UNIT}"
NOT_A_COUNT_AFTER = re.compile(r"(?:[\w%]|\s*(?:percent|per\s*cent|percentage)\b|[-–/:]\d|-(?!\s*(?:million|billion)))",
                               re.I)
LAST_WORD = re.compile(r"([\w.’'-]+)\s*$")
SEPARATOR = re.compile(r"[\s\"“”‘’'(]*")
GAP_WORD = re.compile(r"([\w’'.&-]+),?")


def number_value(m):
    """The value of a NUMBER match."""
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
    elif m.group("fraction"):
        value = fraction_value(m.group("fraction"))
    else:
        value = words_value(m.group("words"))
    return value * SCALES.get((m.group("scale") or "").lower(), 1)


def fraction_value(text):
    """ "a quarter of a" → 0.25, "half a" → 0.5, "three quarters of a" → 0.75, "a" → 1."""
    words = re.split(r"\s+", text.lower())
    part = next((FRACTIONS[w] for w in words if w in FRACTIONS), 1.0)
    times = ONES.get(words[0], 1) if words[0] not in FRACTIONS else 1
    return times * part if part != 1.0 else 1.0


def words_value(text):
    """ "fourteen" → 14, "twenty-five" → 25, "five hundred" → 500, "two thousand three hundred" → 2300, "a hundred
    and twenty thousand" → 120000."""
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ONES:
            current += ONES[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total, current = total + (current or 1) * SCALES[word], 0
    return float(total + current)


def years_count(word):
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an", "the") else int(words_value(word))


# --- times -------------------------------------------------------------------------------------------------

@dataclass
class Time:
    """The time a claim is about."""
    source: str  # stated, relative, published or unknown
    text: str | None = None  # the words that gave it (the published date for 'published')
    start_year: int | None = None  # the school year's first year, else the calendar year; None if not one year
    school_year: str | None = None  # '2015-16'
    month: int | None = None
    day: int | None = None
    precision: str | None = None  # day, month, year, school_year, decade, range
    start: int = -1  # offsets in the sentence (-1: not in it)
    end: int = -1
    reach: int | None = None  # dates only a claim at most this many characters away
    counted_from: tuple | None = None  # "three years after X signed the statute": (offset of the event, years)


UNKNOWN = Time("unknown")
NOW_REACH = 40
THIS_YEAR_REACH = 80  # "budgeted $4.75 million in grants for pilots and new campuses this year": the clause's end
PREPOSITIONS = {"on"}  # a word of time_words.later that is also a preposition
SCHOOL_YEAR_MONTH = 7  # July: a date from July on falls in the school year that starts that year
TIME_PREPOSITION = re.compile(r"(?<!\w)(?:in|by|as\s+of|since|until|during|circa|through|from|at\s+the\s+end\s+of)"
                              r"\s+(?:the\s+)?$", re.I)


def school_year(year):
    return f"{year}-{(year + 1) % 100:02d}"


def published_time(published):
    """The document's published date ('2015', '2015-06', '2015-06-17') as an assumed Time; UNKNOWN if none."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", published or "")
    if not m:
        return UNKNOWN
    month, day = (int(g) if g else None for g in m.groups()[1:])
    return Time("published", published, int(m.group(1)), None, month, day,
                "day" if day else "month" if month else "year")


def stated_time(date, text, rules):
    """A Date of events.find_dates as a Time, with the words before it that belong to it ("by fall 2008",
    "the 2015-16 school year", "As of 2015")."""
    start = date.start
    season = rules.season.search(text, max(0, start - 20), start)
    fields = {}
    if date.precision == "school_year":
        fields = {"start_year": date.year, "school_year": school_year(date.year)}
    elif date.precision in ("day", "month", "year"):
        fields = {"start_year": date.year, "month": date.month, "day": date.day}
        if season and date.precision == "year":
            first = date.year + rules.seasons[season.group(1).lower()]
            fields, start = {"start_year": first, "school_year": school_year(first)}, season.start()
    before = TIME_PREPOSITION.search(text, max(0, start - 25), start)
    if before:
        start = before.start()
    return Time("stated", text[start:date.end], precision=date.precision, start=start, end=date.end, **fields)


def shifted(time, years, text, start, end, source="relative"):
    year = time.start_year + years
    return Time(source, text[start:end], year, school_year(year) if time.school_year else None,
                precision="school_year" if time.school_year else "year", start=start, end=end)


class Times:
    """A sentence's Times, sorted and not overlapping, indexed by offset."""

    def __init__(self, times):
        self.times = times
        self.starts = [t.start for t in times]
        self.ends = [t.end for t in times]

    def __iter__(self):
        return iter(self.times)

    def nearest(self, start, end, text=None):
        """The Time nearest the span [start, end) (one before it wins a tie; one inside it is none), or None.
        With the sentence's text: a time in another clause (after ";" or ", and", ", but" …) is taken only when
        the claim's own clause has none, and a time that ends a span ("through the end of next year", "until
        2020") dates no claim."""
        def gap_of(t, gap):
            if text is None:
                return gap
            if SPAN_END.search(text, max(0, t.start - 30), t.start) or SPAN_END_TEXT.match(text, t.start, t.end):
                return None
            lo, hi = (t.end, start) if t.end <= start else (end, t.start)
            return gap + 10_000 if CLAUSE_BREAK.search(text, lo, hi) else gap

        best = None
        for k in range(bisect_right(self.ends, start) - 1, -1, -1):
            t, gap = self.times[k], start - self.times[k].end
            if t.reach is None or gap <= t.reach:
                gap = gap_of(t, gap)
                if gap is not None:
                    best = gap, t
                    break
        for k in range(bisect_left(self.starts, end), len(self.times)):
            t, gap = self.times[k], self.times[k].start - end + 0.5
            if text is not None and APART.search(text, end, t.start) and \
                    any(not self.covers(n.start()) for n in NUMBER.finditer(text, end, t.start)):
                break  # "264 schools, up from 251 schools the year before": the time is the other number's
            if t.reach is None or gap <= t.reach:
                gap = gap_of(t, gap)
                if gap is None:
                    continue
                if best is None or gap < best[0]:
                    best = gap, t
                break
        return best[1] if best else None

    def covers(self, offset):
        """Whether a Time holds offset (a number inside "2014-15" is no other claim's)."""
        k = bisect_right(self.starts, offset)
        return bool(k) and self.times[k - 1].start <= offset < self.times[k - 1].end

    def before(self, offset):
        """The last Time ending at or before offset, or None."""
        k = bisect_right(self.ends, offset)
        return self.times[k - 1] if k else None

    def holding(self, offset):
        """The Time that starts before offset and ends after it, or None."""
        k = bisect_right(self.starts, offset - 1)
        t = self.times[k - 1] if k else None
        return t if t is not None and t.start < offset < t.end else None

    def from_(self, offset, limit):
        """The Times starting at offset or after it, at most limit characters on."""
        for k in range(bisect_left(self.starts, offset), len(self.times)):
            if self.times[k].start - offset > limit:
                break
            yield self.times[k]


ANCHORS = ("day", "month", "year", "school_year")
# what sets another number apart from a claim ("264 schools, up from 251 schools the year before"; not "264
# schools enrolling 143,039 students in 2014-15", where both share the time after them)
APART = re.compile(r",(?!\d)|(?<!\w)(?:from|than|compared|against|versus|vs)(?!\w)", re.I)
# what parts a claim's clause from the next: a time across it dates the claim only when its own clause has none
CLAUSE_BREAK = re.compile(r";|—|,\s+(?:and|but|while|whereas|though|although|yet)\s", re.I)
# a time that ends a span ("through the end of next year", "until 2020") is no claim's time
SPAN_END = re.compile(r"(?<!\w)(?:through|thru|until|till|to)\s+(?:the\s+(?:end|close)\s+of\s+)?$", re.I)
SPAN_END_TEXT = re.compile(r"(?:through|thru|until|till)\s", re.I)


def sentence_times(text, dates, rules, published, earlier):
    """Every time a sentence states, as Times (offsets into text, in order): stated dates and relative phrases
    resolved (an anchored phrase holds the date it is counted from, and replaces it); a relative phrase counted
    from no stated year is unknown. earlier: the last dated Time of the passage's sentences before this one (what
    "one year later" counts from), or None. Also returns the apposed event times: {offset: Time} for "In 1993,
    the year after X was passed" (1992, at the offset after "after ")."""
    times, used, events = [], set(), {}
    date_starts, date_ends = [d.start for d in dates], [d.end for d in dates]
    for m in rules.relative_anchored.finditer(text):
        if m.group(1).lower() in ("a", "an", "the") and m.group(2).lower().endswith("s"):
            continue  # "in the years following 1950": no number of years
        n = years_count(m.group(1)) * (10 if m.group(2).lower().startswith("decade") else 1)
        sign = 1 if m.group(3).lower() in rules.time_words.after else -1
        inside = None
        for k in range(bisect_left(date_starts, m.end()), len(dates)):
            d = dates[k]
            if d.start - m.end() > 120 or ";" in text[m.end():d.start]:
                break
            if d.precision in ANCHORS:
                inside = d
                break
        if inside:
            anchor = stated_time(inside, text, rules)
            times.append(shifted(anchor, sign * n, text, m.start(), inside.end, "relative"))
            used.add(inside.start)
            continue
        # "In 1993, the year after California's charter law was passed": what follows is n years before 1993
        apposed = re.compile(r",\s*$").search(text, max(0, m.start() - 3), m.start())
        k = bisect_left(date_ends, apposed.start()) if apposed else len(dates)
        date = dates[k] if k < len(dates) and dates[k].end == apposed.start() else None
        if date and date.precision in ANCHORS:
            anchor = stated_time(date, text, rules)
            events[m.end()] = shifted(anchor, -sign * n, text, anchor.start, m.end() - 1)
        elif m.group(3).lower() not in rules.time_words.earlier | rules.time_words.later:
            # "two years after the strike": counted from a year nobody states, so unknown, never guessed ("two
            # years before," is counted from the passage's year, below)
            times.append(Time("unknown", text[m.start():m.end() - 1], start=m.start(), end=m.end() - 1,
                              counted_from=(m.end(), sign * n)))
    times += [stated_time(d, text, rules) for d in dates if d.start not in used]
    times.sort(key=lambda t: t.start)
    dated = [t for t in times if t.start_year is not None]
    dated_ends = [t.end for t in dated]
    for m in rules.relative_later.finditer(text):
        n = years_count(m.group(1)) * (10 if m.group(2).lower().startswith("decade") else 1)
        word = m.group(3).lower()
        if word in PREPOSITIONS and re.match(r"\s+[a-z]", text[m.end():m.end() + 2]):
            continue  # "spent over five years on new themes": "on" opens a phrase, it ends no time
        if word in rules.time_words.ago:
            anchor, sign = published, -1
        else:
            k = bisect_right(dated_ends, m.start())
            anchor, sign = (dated[k - 1] if k else earlier), (1 if word in rules.time_words.later else -1)
        if anchor and anchor.start_year is not None:
            times.append(shifted(Time("relative", start_year=anchor.start_year), sign * n, text, m.start(), m.end()))
        else:
            times.append(Time("unknown", m.group(0), start=m.start(), end=m.end()))
    for m in rules.relative_ordinal.finditer(text):
        k = bisect_right(dated_ends, m.start())
        anchor = dated[k - 1] if k else earlier
        sign = 1 if key(m.group(1)) in {key(w) for w in rules.time_words.following} else -1
        if anchor and anchor.start_year is not None:
            times.append(shifted(Time("relative", start_year=anchor.start_year, school_year=anchor.school_year),
                                 sign, text, m.start(), m.end()))
        else:
            times.append(Time("unknown", m.group(0), start=m.start(), end=m.end()))
    for m in rules.relative_now.finditer(text):
        if published.start_year is None:
            continue
        phrase = key(m.group(1))
        offset = rules.now_offsets.get(phrase, 0)
        if offset:
            times.append(shifted(Time("relative", start_year=published.start_year), offset, text, m.start(), m.end()))
        elif phrase in rules.this_year:
            # "this year" in March 2016: the school year 2015-16 (in September 2015: 2015-16 too); with no month,
            # the published year
            year = published.start_year - int(published.month is not None and published.month < SCHOOL_YEAR_MONTH)
            times.append(Time("relative", m.group(1), year, school_year(year) if published.month else None,
                              precision="school_year" if published.month else "year", start=m.start(),
                              end=m.end(), reach=THIS_YEAR_REACH))
        else:  # "now" is the published date, and dates only what stands near it ("LAUSD now has 279 charters")
            times.append(Time("published", m.group(1), published.start_year, None, published.month, published.day,
                              published.precision, m.start(), m.end(), reach=NOW_REACH))
    for m in rules.this_season.finditer(text):
        if published.start_year is None:
            continue
        year = published.start_year + rules.seasons[m.group(1).lower()]  # "this spring" in May 2016 → 2015-16
        times.append(Time("relative", m.group(0), year, school_year(year), precision="school_year",
                          start=m.start(), end=m.end()))
    # keep the first of overlapping times (a relative phrase over the date inside it)
    times.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept = []
    for t in times:
        if not kept or t.start >= kept[-1].end:
            kept.append(t)
    return Times(kept), events


# --- claims ------------------------------------------------------------------------------------------------

@dataclass
class Claim:
    kind: str  # count, money or date
    measure: str
    value: float
    unit: str
    start: int  # offsets into the sentence; text == sentence[start:end]
    end: int
    text: str
    qualifier: str | None = None
    value_text: str | None = None  # the number as written ("almost 151,000" → "151,000")
    counted: str | None = None  # what the number counts, as written ("charter schools", "young people")
    subject_id: int | None = None
    subject_text: str | None = None  # the subject as the sentence names it
    about_district: int | None = None  # 1: the district (or what stands for it), 0: another subject, None: none
    verb: str | None = None  # date claims: the verb (or the verb of the noun: "passage" → passed)
    event: str | None = None  # date claims: the event the verb dates (enacted, founded, launched)
    time: Time = field(default_factory=lambda: UNKNOWN)
    bare: str | None = None  # a bare count: 'students' or 'schools', its measure not yet known
    gap_mention: Mention | None = None  # a name between the number and what it counts ("24 ESBM schools")
    subject_type: str | None = None  # date claims: the entity type of the subject (LAW, REFORM, ORG)

    @property
    def start_year(self):
        return self.time.start_year if self.kind != "date" else int(self.value)


@dataclass
class PassageState:
    """What a passage's earlier sentences leave for the next: their times (for "one year later") and the
    claims and times of the sentence just before (for a continuation)."""
    times: list = field(default_factory=list)
    last_times: "Times" = field(default_factory=lambda: Times([]))
    last_claims: list = field(default_factory=list)
    last_subject: "Candidate | None" = None  # the last organisation or place the passage named (what "Its" is)
    last_dated: "Mention | None" = None  # the last reform, law or organisation the passage named (what "it" is)
    dated: list = field(default_factory=list)  # the document's date claims so far, shared by its passages


@dataclass(frozen=True)
class Candidate:
    """What may be a claim's subject: a mention, or words that stand for the district (mention None)."""
    start: int
    end: int
    mention: Mention | None
    district: bool
    aside: tuple | None  # the parenthesis it stands in, if any


class Sentence:
    """One sentence with its mentions and dates indexed by offset, the rules, and what the document gives."""

    def __init__(self, text, mentions, rules, published, document_entities, district_id, corpus_entities=()):
        self.text, self.rules, self.published = text, rules, published
        self.corpus_entities = (corpus_entities if isinstance(corpus_entities, CorpusEntities)
                                else CorpusEntities(corpus_entities))
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.ends = list(accumulate((m.end for m in self.mentions), max))  # sorted even if two overlap
        self.document_entities, self.district_id = document_entities, district_id
        self.dates = find_dates(text)
        self.date_starts = [d.start for d in self.dates]
        self.asides = [p.span() for p in PARENTHESIS.finditer(text)]
        self._candidates = {}
        self.previous_subject = None  # what a sentence opened by "Its" or "Their" stands for
        self.previous_dated = None  # the reform, law or organisation the passage's sentences before named last
        self.people = [m.start for m in self.mentions if m.type == "PERSON"]

    def type_of(self, entity_id):
        """The entity type of an entity the sentence, the document or the corpus names, or None."""
        for m in self.mentions:
            if m.entity_id == entity_id:
                return m.type
        return next((t for eid, t, _ in self.document_entities if eid == entity_id),
                    None) or self.corpus_entities.type_of(entity_id)

    def mention_at(self, offset, types=None):
        i = bisect_left(self.starts, offset)
        m = self.mentions[i] if i < len(self.mentions) and self.starts[i] == offset else None
        return m if m and (types is None or m.type in types) else None

    def mention_over(self, start, end):
        """The mention overlapping [start, end), or None."""
        i = bisect_left(self.starts, end)
        return self.mentions[i - 1] if i and self.ends[i - 1] > start and self.mentions[i - 1].end > start else None

    def mention_ending_by(self, offset):
        """The last mention that ends at or before offset, or None."""
        i = bisect_right(self.ends, offset)
        return self.mentions[i - 1] if i else None

    def mentions_from(self, offset, limit):
        """The mentions starting at offset or after it, at most limit characters on."""
        for i in range(bisect_left(self.starts, offset), len(self.mentions)):
            if self.mentions[i].start - offset > limit:
                break
            yield self.mentions[i]

    def in_date(self, start, end):
        i = bisect_left(self.date_starts, end)
        return i > 0 and self.dates[i - 1].end > start

    def is_district(self, mention):
        if mention is None:
            return False
        return mention.entity_id == self.district_id or mention.name.lower() in self.rules.district_names or \
            self.text[mention.start:mention.end].lower() in self.rules.district_names

    def aside_of(self, start, end):
        i = bisect_right(self.asides, (start, len(self.text) + 1))
        return self.asides[i - 1] if i and self.asides[i - 1][0] < start and end < self.asides[i - 1][1] else None

    def candidates(self, types):
        """(Candidates of these entity types and the district's words, sorted, their ends): cached."""
        if types not in self._candidates:
            found = [Candidate(m.start, m.end, m, self.is_district(m), self.aside_of(m.start, m.end))
                     for m in self.mentions if m.type in types]
            for w in self.rules.district_words.finditer(self.text):
                if self.mention_over(w.start(), w.end()) is None:
                    found.append(Candidate(w.start(), w.end(), None, True, self.aside_of(w.start(), w.end())))
            found.sort(key=lambda c: c.start)
            self._candidates[types] = found, list(accumulate((c.end for c in found), max))
        return self._candidates[types]


class CorpusEntities:
    """The corpus's entities as (id, type, name), for a phrase naming one its document does not name ("the charter
    law"): fitting() gives the one entity of the types its noun may stand for whose name holds its other words.
    With `local` (the document's own ids: entity id → id), the ids handed out are the document's, the map extended
    by each answer; each lookup is recorded with its answer (type, name), so that claims kept from an earlier
    build are reused only while every lookup answers as it did (see document_claims)."""

    def __init__(self, entities=(), local=None, types=None):
        self.entities, self.local = tuple(entities), local
        self.types = dict(types or {})  # id handed out (or known beforehand: the district's) → type
        self.lookups = []  # [((types, words), (type, name) or None)]

    def fitting(self, types, words):
        found = list(dict.fromkeys((eid, type_, name) for eid, type_, name in self.entities
                                   if type_ in types and all(w in name.lower() for w in words)))
        answer = found[0] if len(found) == 1 else None
        self.lookups.append(((tuple(sorted(types)), tuple(words)), answer and answer[1:]))
        if answer is None:
            return None
        eid = answer[0] if self.local is None else self.local.setdefault(answer[0], len(self.local) + 1)
        self.types[eid] = answer[1]
        return eid

    def type_of(self, eid):
        if eid in self.types or self.local is not None:
            return self.types.get(eid)
        return next((t for e, t, _ in self.entities if e == eid), None)


POSSESSIVE_OPENING = re.compile(r"^\W*(?:its|their)\s", re.I)


def find_claims(text, mentions=(), rules=None, published=None, state=None, document_entities=(), district_id=None,
                corpus_entities=()):
    """The claims one sentence states. mentions: its Mentions (roles.Mention, offsets into text); rules: the
    ClaimRules (the repository's corpus/claims.yml by default); published: the
    document's published date (YYYY, YYYY-MM or YYYY-MM-DD) or None; state: the PassageState of the passage's
    sentences before it (updated); document_entities: the document's entities as (entity id, type, name), most
    mentioned first (what "California's charter law" stands for); district_id: the district's entity id;
    corpus_entities: the same for the whole corpus, or a CorpusEntities (what "the charter law" stands for in a
    document that does not name it, when one entity alone fits).
    Returns Claims with offsets into text, in order."""
    state = state if state is not None else PassageState()
    rules = rules or read_claim_rules(ROOT_CORPUS)
    published_at = published_time(published)
    s = Sentence(text, mentions, rules, published_at, document_entities, district_id, corpus_entities)
    if POSSESSIVE_OPENING.match(text):
        s.previous_subject = state.last_subject  # "Its October census recorded 651,322 students"
    s.previous_dated = state.last_dated
    times, events = sentence_times(text, s.dates, rules, published_at, state.times[-1] if state.times else None)
    counts = count_claims(s)
    continuing = bool(rules.continuation.match(text)) or bool(
        counts and rules.pointing_back.search(text, 0, counts[0].start))
    resolve_bare(s, counts, state.last_claims if continuing else [])
    dates = date_claims(s, times, events)
    for t in times:
        if t.counted_from is not None:
            counted_from_event(s, t, state.dated + [d for d in dates if d.start < t.start])
    for claim in counts:
        # a list's line that holds its own time in its label: "Charter schools, 2014-15: 251"
        label_end = claim.end - len(claim.value_text) if claim.value_text and claim.text.endswith(claim.value_text) \
            else -1
        near = next((t for t in times.times if claim.start <= t.start and t.end <= label_end
                     and text[t.end:label_end].strip(" )") == ":"), None) or times.nearest(claim.start, claim.end, text)
        if near is None and continuing and state.last_claims:
            near = state.last_claims[-1].time
        elif near is None and continuing and state.last_times.times:
            near = state.last_times.times[-1]
        elif near is None and state.times and rules.then.search(text):
            near = state.times[-1]  # "In 2004-05. The district had 650,000 students then"
        claim.time = near or published_at
    state.dated.extend(dates)
    state.times.extend(t for t in times if t.start_year is not None)
    state.last_times = times
    named = [c for c in s.candidates(rules.count_subject_types)[0] if c.mention is not None]
    state.last_subject = named[-1] if named else state.last_subject
    dated_types = [m for m in s.mentions if m.type in rules.date_subject_types]
    state.last_dated = dated_types[-1] if dated_types else state.last_dated
    state.last_claims = [c for c in counts if c.kind == "count"] or (state.last_claims if continuing else [])
    return sorted(counts + dates, key=lambda c: (c.start, c.end))


EVENT_PHRASE = re.compile(r"[^,;:.()—]{1,80}")


def counted_from_event(s, time, dated):
    """Resolve "three years after Wilson signed the statute", "two years after it was signed" (a Time counted
    from an event no year of its own dates) from the document's date claims so far (dated, in order): the
    latest one of the same beginning (claims.yml's compared_events) whose subject the phrase names (a name, or
    a subject noun of its type: "the statute" → a law; "it": any). Time is changed in place; left unknown when
    none fits."""
    rules, text = s.rules, s.text
    offset, years = time.counted_from
    phrase = EVENT_PHRASE.match(text, offset)
    verb = phrase and rules.date_verb.search(phrase.group(0))
    if not verb:
        return
    group = rules.event_group(rules.date_verbs[verb.group(1).lower()])
    end = phrase.end()
    named = next((m for m in s.mentions_from(offset, end - offset) if m.type in rules.date_subject_types
                  and m.end <= end), None)
    noun = re.search(rf"(?<![\w-])({alternation(rules.subject_nouns)})(?![\w-])", phrase.group(0), re.I)
    types = set(rules.subject_nouns[noun.group(1).lower()]) if noun else None

    def fits(d):
        if rules.event_group(d.event) != group or d.subject_id is None:
            return False
        if named is not None:
            return d.subject_id == named.entity_id
        return types is None or d.subject_type in types

    claim = next((d for d in reversed(dated) if fits(d)), None)
    if claim is None:
        return
    year = int(claim.value) + years
    time.source, time.start_year, time.precision, time.counted_from = "relative", year, "year", None
    time.text = text[time.start:end].strip()
    time.end = time.start + len(time.text)


def read_passage(sentences, rules, published=None, document_entities=(), district_id=None):
    """find_claims over a passage's sentences in order: sentences as (text, mentions); → [claims of each]."""
    state = PassageState()
    return [find_claims(text, mentions, rules, published, state, document_entities, district_id)
            for text, mentions in sentences]


def count_claims(s):
    """The counts and sums of a sentence, bare counts not yet resolved."""
    text, rules, found = s.text, s.rules, []
    pattern, measures = rules.count_triggers
    leading, leading_measures = rules.leading
    for m in NUMBER.finditer(text):
        start, end = m.start(), m.end()
        money = bool(m.group("dollar") or m.group("dollars"))
        if s.in_date(start, end) or (not m.group("dollar") and NOT_A_COUNT_AFTER.match(text, end)):
            continue
        word = LAST_WORD.search(text, max(0, start - 20), start)
        if word and word.group(1).lower() in rules.identifier_words \
                and not rules.amount_subject.search(text, max(0, start - 80), start):
            continue  # "Proposition 39", "No. 5"; but "pilot schools, which number 47" is a count
        qualifier = rules.qualifier.search(text, max(0, start - 30), start)
        claim_start = qualifier.start() if qualifier else start
        if (rules.not_before.search(text, max(0, claim_start - 60), claim_start)
                and not rules.counts_after.search(text, max(0, claim_start - 20), claim_start)) \
                or rules.not_after.match(text, end):
            continue
        if not qualifier and word and word.group(1).lower() in rules.not_counts_right_before:
            continue  # "up 12 schools": a change
        value = number_value(m)
        if m.group("dollar") and not m.group("scale"):
            abbreviation = MONEY_ABBREVIATION.match(text, end)  # "$53M", "$1.2bn"
            if abbreviation:
                value, end = value * SCALES[MONEY_SCALES[abbreviation.group(1).lower()]], abbreviation.end()
        if RATIO.search(text, max(0, claim_start - 15), claim_start):
            continue  # "one in five students"
        common = dict(value=value, qualifier=qualifier and " ".join(qualifier.group(1).lower().split()),
                      value_text=text[start:end].strip())
        if money:
            t = rules.money_trigger.match(text, end)
            lead = None if t else leading.search(text, max(0, claim_start - 60), claim_start)
            lead_measure = lead and leading_measures[int(lead.lastgroup[1:])][0]
            if lead_measure and lead_measure.startswith("bare "):
                lead_measure = None
            if t and rules.not_money_before and rules.not_money.search(text, end, t.start(1)):
                continue  # "a $7.5 billion general fund": a budget
            if t:
                found.append(Claim("money", rules.money_measure, unit="dollars", start=claim_start, end=t.end(1),
                                   text=text[claim_start:t.end(1)], counted=t.group(1), **common))
            elif lead_measure and rules.measures[lead_measure].kind == "money":
                found.append(Claim("money", lead_measure, unit="dollars", start=lead.start(), end=end,
                                   text=text[lead.start():end], counted=text[lead.start():lead.end()].strip(" ,:"),
                                   **common))
            continue
        counted = what_is_counted(s, end, value, pattern, measures)
        if counted:
            measure, t_start, t_end, gap = counted
            if rules.not_counts_following and rules.not_following.match(text, t_end):
                continue  # "40,000 students on charter waiting lists"
            bare = measure[5:] if measure.startswith("bare ") else None
            unit = bare or rules.measures[measure].unit
            found.append(Claim("count", None if bare else measure, unit=unit, start=claim_start, end=t_end,
                               text=text[claim_start:t_end], counted=text[t_start:t_end], bare=bare,
                               gap_mention=gap, **common))
            continue
        lead = leading.search(text, max(0, claim_start - 60), claim_start)
        if lead and LEADING_END.match(text, end):
            lead_measure = leading_measures[int(lead.lastgroup[1:])][0]
            bare = lead_measure[5:] if lead_measure.startswith("bare ") else None
            if bare or rules.measures[lead_measure].kind == "count":
                found.append(Claim("count", None if bare else lead_measure,
                                   unit=bare or rules.measures[lead_measure].unit, start=lead.start(), end=end,
                                   text=text[lead.start():end], counted=text[lead.start():lead.end()].strip(" ,:"),
                                   bare=bare, **common))
            continue
        label = rules.labelled[0].search(text, max(0, claim_start - 60), claim_start)
        if label and LABEL_START.search(text[:label.start()]) and LABEL_END.match(text, end):
            measure = rules.labelled[1][int(label.lastgroup[1:])][0]
            found.append(Claim("count", measure, unit=rules.measures[measure].unit, start=label.start(), end=end,
                               text=text[label.start():end], counted=text[label.start():label.end()].strip(" ,:"),
                               **common))
            continue
        # "Charter schools in LAUSD numbered 211 in 2011", "the number of LAUSD charters had climbed to 264": what
        # is counted is the subject of a verb of amount right before the number
        amount = rules.amount_subject.search(text, max(0, claim_start - 80), claim_start)
        if amount and LEADING_END.match(text, end) \
                and not re.search(r"[,;:](?!\s+which\s)", text[amount.start():claim_start]):  # (", which number 47")
            measure = measures[int(amount.lastgroup[1:])][0]
            if not measure.startswith("bare "):
                found.append(Claim("count", measure, unit=rules.measures[measure].unit, start=amount.start(),
                                   end=end, text=text[amount.start():end], counted=text[amount.start(
                                       amount.lastgroup):amount.end(amount.lastgroup)], **common))
    for claim in found:
        if claim.kind == "money":
            money_subject(s, claim)
        elif not claim.bare:
            count_subject(s, claim)
    return found


MAX_GAP = 5
LABEL_START = re.compile(r"(?:^|\n|[.;|])[\s*•·–—-]*$")  # a label opens its line (or a cell, or a sentence)
LABEL_END = re.compile(r"[ \t]*(?:$|\n|[.;,)|])")  # … and its number ends it (not "Charter students: 1 in 5 …")
MONEY_SCALES = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion"}
MONEY_ABBREVIATION = re.compile(r"(mn|bn|[mbk])(?![\w-])", re.I)
RATIO = re.compile(r"(?<![\w-])(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\s+of)\s+$",
                   re.I)
# what may follow a number counted by the words before it ("charter school enrollment reached 154,000 in 2016")
# (a line's end, too: "- Charter schools, 2014-15: 251" over the next item of its list)
LEADING_END = re.compile(r"\s*(?:(?<=\n)|[.,;:)—–]|$|(?:in|by|as|during|since|from|for|last|this|that|and|according|"
                         r"students|pupils)\b)", re.I)


def what_is_counted(s, offset, value, pattern, measures):
    """What the number ending at offset counts: (measure or 'bare students' | 'bare schools', start, end of the
    trigger, the name between them or None), or None. Modifiers and capitalised words may stand between; a
    singular trigger after a number other than one is a compound ("charter school operators") and read past."""
    text, rules, gap_mention = s.text, s.rules, None
    p = offset
    for _ in range(MAX_GAP + 1):
        p = SEPARATOR.match(text, p).end()
        t = pattern.match(text, p)
        if t:
            measure, phrase = measures[int(t.lastgroup[1:])]
            last = phrase.split()[-1]
            singular = last.endswith("s") and not t.group(0).lower().endswith("s")
            if not singular or value == 1:
                return measure, t.start(), t.end(), gap_mention
        w = GAP_WORD.match(text, p)
        if not w:
            return None
        word = w.group(1)
        mention = s.mention_over(w.start(1), w.end(1))
        if not (word.lower() in rules.modifier_words or word[0].isupper() or mention
                or rules.modifier_suffix.fullmatch(word)):
            return None
        if mention and mention.type not in ("DATE", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
            gap_mention = gap_mention or mention
        p = w.end()
    return None


PARENTHESIS = re.compile(r"\([^()]*\)")
LINK_AFTER = re.compile(r"^[^,;:.()]{0,50}?(?<!\w)(?:in|of|at|within|across|throughout)\s+(?:the\s+)?$", re.I)


def set_subject(s, claim, candidate):
    claim.subject_text = s.text[candidate.start:candidate.end]
    claim.subject_id = candidate.mention.entity_id if candidate.mention else s.district_id
    claim.about_district = 1 if candidate.district else 0


def nearest_candidates(s, types, claim, fits=lambda c: True):
    """(The nearest candidate before the claim, the candidates after it in order): outside the claim, and not in a
    parenthesis that does not hold the claim ("Nine pilot schools … (the same local district as Belmont High
    School)"), as far as fits(candidate) allows."""
    found, ends = s.candidates(types)
    aside = s.aside_of(claim.start, claim.end)

    def ok(c):
        return (c.aside is None or c.aside == aside) and fits(c)

    before = next((found[k] for k in range(bisect_right(ends, claim.start) - 1, -1, -1) if ok(found[k])), None)
    first = bisect_left(found, claim.end, key=lambda c: c.start)
    return before, (found[k] for k in range(first, len(found)) if ok(found[k]))


def count_subject(s, claim):
    """Who has the schools or students: a name between the number and what it counts, else the nearest
    organisation or place before the count, else one the count is "in", "of" or "at", else the nearest after it;
    "the district" stands for the district."""
    rules = s.rules
    if claim.gap_mention and claim.gap_mention.type in rules.count_subject_types:
        g = claim.gap_mention
        set_subject(s, claim, Candidate(g.start, g.end, g, s.is_district(g), None))
        return
    before, after = nearest_candidates(s, rules.count_subject_types, claim)
    if before is not None:
        set_subject(s, claim, before)
        return
    clause = max(s.text.rfind(";", 0, claim.start), 0)
    if rules.elsewhere.search(s.text, clause, claim.start):
        claim.about_district = 0  # "Statewide there were about 240 charters that year, so Los Angeles held …"
        return
    first = next(after, None)
    linked = first
    while linked is not None and linked.start - claim.end <= 60:
        if LINK_AFTER.match(s.text, claim.end, linked.start):
            set_subject(s, claim, linked)
            return
        linked = next(after, None)
    if first is not None:
        set_subject(s, claim, first)
    elif s.previous_subject is not None:
        set_subject(s, claim, s.previous_subject)
    elif rules.elsewhere.search(s.text):
        claim.about_district = 0  # "statewide, 1,250 charter schools": no subject named, but not the district


def money_subject(s, claim):
    """What the money is for: the nearest reform or law before it, else after it; else an organisation, but not
    one that only describes a person ("Los Angeles Times reporter Howard Blume")."""
    def not_a_description(c):
        k = bisect_left(s.people, c.end)
        return c.mention is not None and not (k < len(s.people) and s.people[k] - c.end <= 20)

    for types in (s.rules.money_subject_types - {"ORG"}, s.rules.money_subject_types & {"ORG"}):
        before, after = nearest_candidates(s, frozenset(types), claim, not_a_description)
        chosen = before or next(after, None)
        if chosen is not None:
            set_subject(s, claim, chosen)
            return


def resolve_bare(s, claims, previous):
    """Give each bare count of students or schools its measure and subject, or drop it (see the module's
    docstring); previous: the claims of the sentence before, when this one continues it."""
    rules, text = s.rules, s.text
    contexts = [m for m, p in rules.contexts if p.search(text)]
    context = next((m for m in contexts if rules.measures[m].unit == "students"), None)
    school_context = next((m for m in contexts if rules.measures[m].unit == "schools"), None)
    by_school = next((c for c in reversed(previous) if c.unit == "schools" and c.measure
                      and rules.measures[c.measure].students), None)
    for i, claim in enumerate(claims):
        if not claim.bare:
            if claim.unit == "schools" and claim.kind == "count" and rules.measures[claim.measure].students:
                by_school = claim  # the school count the students after it are enrolled in
            continue
        count_subject(s, claim)
        if claim.subject_text is None and previous:
            # "Together they enrolled 3,069 students": the subject of the sentence before
            for attr in ("subject_id", "subject_text", "about_district"):
                setattr(claim, attr, getattr(previous[-1], attr))
        gap = claim.gap_mention
        if claim.bare == "schools":
            follower = next((m for m, p in rules.followers if rules.measures[m].unit == "schools"
                             and p.match(text, claim.end)), None)
            if by_school is not None and COMPARED_WITH.search(text, max(0, claim.start - 20), claim.start):
                follower = by_school.measure  # "264 charter schools …, up from 251 schools the year before"
            if not follower and previous:
                # "… 148,697 charter students. Those students attend 274 campuses": the schools of the students the
                # sentence before counted, or the same schools as its count ("A year earlier … 274 schools")
                before = previous[-1]
                follower = before.measure if before.unit == "schools" else rules.schools_of.get(before.measure)
            enrolling = i > 0 and claims[i - 1].unit == "students" and \
                STUDENTS_IN.fullmatch(text, claims[i - 1].end, claim.start)  # "14,000 students in 18 schools"
            if not follower and not school_context and (gap is None or gap.type in rules.count_subject_types) \
                    and NOT_A_TOTAL.search(text, max(0, claim.start - 12), claim.start) and not enrolling:
                continue  # "the four schools on the agenda", "coaching in 40 schools": some schools, no total
            if follower or (school_context and gap is None):
                # "279 campuses run as charters", "the sector stood at 279 schools"
                claim.measure = follower or school_context
            elif gap is not None and gap.type not in rules.count_subject_types:
                claim.measure, claim.subject_id, claim.subject_text = \
                    "reform_schools", gap.entity_id, text[gap.start:gap.end]
                claim.about_district = None
            elif claim.subject_text is not None:
                claim.measure = "schools"
            if claim.measure and rules.measures[claim.measure].students:
                by_school = claim
            continue
        # "14,000 students in 18 schools": the school count right after, when it names what they are in
        after = claims[i + 1] if i + 1 < len(claims) else None
        if not (after and after.unit == "schools" and after.measure and rules.measures[after.measure].students
                and STUDENTS_IN.fullmatch(text, claim.end, after.start)):
            after = None
        follower = next((m for m, p in rules.followers if rules.measures[m].unit == "students"
                         and p.match(text, claim.end)), None)
        clause = max(text.rfind(",", 0, claim.start), text.rfind(";", 0, claim.start), claim.start - 80, 0)
        follower = follower or next((m for m, p in rules.preceders if p.search(text, clause, claim.start)), None)
        if DISTRICT_OF.search(text, max(0, claim.start - 30), claim.start):
            follower = "district_students"  # "a district of more than 700,000 students"
        leading, leading_measures = rules.leading
        lead = None if follower else leading.search(text, clause, claim.start)
        lead_measure = lead and leading_measures[int(lead.lastgroup[1:])][0]
        if lead_measure and not lead_measure.startswith("bare ") and rules.measures[lead_measure].unit == "students":
            follower = lead_measure  # "District enrollment stood at 746,852 students"
        school = by_school or after
        sibling = next((c for c in reversed(claims[:i]) if c.unit == "students" and c.measure
                        and c.about_district is None and c.subject_id is None), None)
        if school is not None or claim.subject_text is not None or claim.about_district is not None:
            sibling = None
        if gap is not None and gap.type in rules.count_subject_types:
            claim.measure = "students"
        elif follower:
            claim.measure = follower
        elif school:
            claim.measure = rules.measures[school.measure].students
        elif context:
            claim.measure = context
        elif claim.about_district:
            claim.measure = "district_students"
        elif claim.subject_text is not None:
            claim.measure = "students"
        elif sibling is not None:
            claim.measure = sibling.measure  # "By 2014-15, 140,000 students were in charters, and in 2016-17 it
            # was 154,653 students": the same count of a later year
        if claim.measure == "district_students" and claim.about_district == 0:
            claim.measure = "students"  # another organisation's students are not the district's
    claims[:] = [c for c in claims if c.measure]
    for claim in claims:
        claim.bare = None


# before a bare count of schools: a determiner that points back to schools named before ("the four schools on
# Tuesday's agenda") or a preposition whose object it is ("new themes at eight campuses"): some schools, not all of
# the subject's ("coaching in 40 schools"; but "14,000 students in 18 schools" counts the schools they are in)
NOT_A_TOTAL = re.compile(r"(?<![\w-])(?:the|these|those|at|in|on|for|from|among|into|between)\s+$", re.I)
# before a bare count: the earlier value of the count before it ("264 charter schools, up from 251 schools")
COMPARED_WITH = re.compile(r"(?<![\w-])(?:up|down|rising|falling|compared)\s+(?:from|with|to)\s+$", re.I)
DISTRICT_OF = re.compile(r"(?<![\w-])district\s+of\s+$", re.I)
STUDENTS_IN = re.compile(r"\s+(?:in|at|attending|enrolled\s+in)\s+", re.I)


# --- date claims -----------------------------------------------------------------------------------------

AUX = re.compile(r"(?:\s*\([^()]{0,40}\))?(\s*,\s*(?:which\s+|that\s+)?(?:(?:was|were|had\s+been|has\s+been)\s+)?|"
                 r"\s+(?:which\s+|that\s+)?(?:was|were|had\s+been|has\s+been|have\s+been|is|are)\s+)"
                 r"(?:(?:first|originally|officially|formally|initially|later|finally|eventually|unanimously)\s+)?$")
PASSIVE_BEFORE = re.compile(r"(?:was|were|been|is|are|,)\s*(?:\w+ly\s+)?$")
POSSESSIVE = re.compile(r"['’]s?(?!\w)")
DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "his", "her", "our", "these", "those"}
# words that end a noun phrase read backwards from its noun ("the year after California's charter law")
FUNCTION_WORDS = {"after", "before", "of", "in", "on", "at", "by", "for", "with", "to", "from", "since", "when",
                  "and", "or", "but", "that", "which", "who", "as", "than", "year", "years"}
# what may stand between a verb and the reform it dates when they are apart ("passed a resolution now known as
# the Public School Choice (PSC) motion", "passed a second resolution …: Small Schools II")
NAMED_AS = re.compile(r"(?::|\b(?:known\s+as|called|named|entitled|titled))\s*(?:the\s+)?$", re.I)
RELATIVE_CLAUSE = re.compile(r"\b(?:that|which|who|whom|whose)\b", re.I)
INTO_EFFECT = re.compile(r"\s*(?:into\s+(?:law|effect|being)\s*)?", re.I)


def date_claims(s, times, events):
    """The date claims of a sentence: subjects dated by a verb or noun of date_verbs (see the module's
    docstring). times: the sentence's Times; events: apposed event times ("the year after X was passed")."""
    text, rules, found, seen = s.text, s.rules, [], set()
    types = rules.date_subject_types

    def add(subject, subject_text, at, verb, time, start, end):
        if time is None or time.start_year is None or (subject, at) in seen:
            return
        seen.add((subject, at))
        found.append(Claim("date", "date", float(time.start_year), "year", start, end, text[start:end],
                           subject_id=subject, subject_text=subject_text, verb=verb.lower(),
                           event=rules.date_verbs[verb.lower()], time=time, value_text=time.text,
                           subject_type=s.type_of(subject)))

    def time_after(offset, limit=100):
        """The first time after offset in the clause: a stated date or a relative phrase (the date inside a
        relative phrase that began before offset counts as stated)."""
        options = list(times.from_(offset, limit))
        holding = times.holding(offset)
        if holding is not None:
            k = bisect_left(s.date_starts, offset)
            if k < len(s.dates) and s.dates[k].end <= holding.end:
                options.append(stated_time(s.dates[k], text, rules))
        options = [t for t in options if t.start - offset <= limit and ";" not in text[offset:t.start]
                   and not rules.date_verb.search(text, offset, t.start)]
        return min(options, key=lambda t: t.start, default=None)

    time_before = times.before

    # passive: "X was adopted … in 1993", "X, founded in 2000,"; a noun phrase standing for X ("the charter law")
    for v in rules.date_verb.finditer(text):
        aux = AUX.search(text, max(0, v.start() - 60), v.start())
        if not aux or rules.particle.match(text, v.end()):
            continue
        head = aux.start()
        closed = text[head:aux.end()].lstrip().startswith(",")
        before_aux = text[:head].rstrip()
        if not closed and before_aux.endswith(","):  # "The Partnership …, a nonprofit backed by …, is launched"
            closed, head = True, len(before_aux) - 1
        mention = subject_before(s, head, types, closed=closed)
        if mention is not None:
            subject, subject_start, subject_text = mention.entity_id, mention.start, text[mention.start:mention.end]
        elif (mention := s.mention_ending_by(head)) is not None and text[mention.end:head].strip(" ") == "" \
                and mention.type in types:
            subject, subject_start, subject_text = mention.entity_id, mention.start, text[mention.start:mention.end]
        elif mention is None or text[mention.end:head].strip(" "):  # "California's charter law was passed"
            resolved = noun_phrase_subject(s, head)
            if not resolved:
                continue
            subject, subject_start = resolved
            subject_text = text[subject_start:head].strip()
        else:
            continue
        apposed = events.get(subject_start)
        after = time_after(v.end())
        time = apposed or after or time_before(subject_start)
        end = after.end if after is not None and after is time else v.end()
        add(subject, subject_text, v.start(), v.group(1), time, subject_start, end)

    # "Launched in 2000, the X …"     # (at the sentence's start or a clause's after a colon: "About the Network: Founded in 2011, the Network …")
    lead = rules.date_lead.search(text)
    if lead:
        t = times.holding(lead.end()) or next(times.from_(lead.end(), 0), None)
        comma = t and re.compile(r"\s*,\s*(?:the\s+)?").match(text, t.end)
        o = comma and (s.mention_at(comma.end(), types) or named_before(s, comma.end(), types))
        if o and not POSSESSIVE.match(text, o.end):
            add(o.entity_id, text[o.start:o.end], lead.start(1), lead.group(1), t, lead.start(1), o.end)
        elif t is not None and text[lead.start()] == ":":
            # "Public School Choice: approved in August 2009, it invited …": the name the colon follows
            o = s.mention_ending_by(lead.start())
            if o is not None and o.type in types and not text[o.end:lead.start()].strip():
                add(o.entity_id, text[o.start:o.end], lead.start(1), lead.group(1), t, o.start, t.end)

    # active: "Gov. Pete Wilson signed SB 1448", "the board passed the Small Schools for Success resolution"
    for v in rules.date_verb.finditer(text):
        if PASSIVE_BEFORE.search(text, max(0, v.start() - 20), v.start()) or rules.particle.match(text, v.end()) \
                or (lead and v.start() == lead.start(1)):
            continue
        pronoun = PRONOUN_OBJECT.match(text, v.end())
        if pronoun:  # "Governor Wilson signed it in September 1992": the law the sentence named before
            after = time_after(pronoun.end(), 20)
            if after is None:
                continue
            o = next((m for m in reversed(s.mentions) if m.end <= v.start() and m.type in types), None)
            if o is not None:
                add(o.entity_id, text[o.start:o.end], v.start(), v.group(1), after, v.start(), after.end)
                continue
            # "California's charter law dates from 1992; Governor Wilson signed it in 1992": a noun phrase of the
            # sentence before the verb; else what the passage's sentences before named last ("The Partnership
            # … is the one people ask about. The mayor's office launched it in 2007")
            phrase = last_noun_phrase(s, v.start())
            if phrase is not None:
                add(phrase[0], phrase[2], v.start(), v.group(1), after, v.start(), after.end)
            elif s.previous_dated is not None:
                add(s.previous_dated.entity_id, s.previous_dated.name, v.start(), v.group(1), after, v.start(),
                    after.end)
            continue
        o = next((m for m in s.mentions_from(v.end(), 120) if m.type in types), None)
        if o is None or POSSESSIVE.match(text, o.end):
            phrase = rules.noun_object.match(text, v.end())  # "passed the charter law in 1993"
            resolved = phrase and noun_phrase_subject(s, phrase.end())
            if resolved:
                after = time_after(phrase.end(), 30)
                if after is not None:
                    add(resolved[0], text[resolved[1]:phrase.end()], v.start(), v.group(1), after, v.start(),
                        after.end)
            continue
        between = text[v.end():o.start]
        if re.search(r"[,;()]", between) or RELATIVE_CLAUSE.search(between) or \
                (len(between) > 50 and not NAMED_AS.search(between)):
            continue
        after = time_after(o.end, 60)
        # "founded in 2004 what would become the Arroyo Prep Network": the time between the verb and its object
        # "signed into law in July 2013 the Local Control Funding Formula": "into law" may stand before it
        inside = next((t for t in times.from_(v.end(), 12) if t.end <= o.start and t.start_year is not None
                       and t.source == "stated" and INTO_EFFECT.fullmatch(text, v.end(), t.start)), None)
        time = after or inside or time_before(v.start())
        end = after.end if after is not None and time is after else o.end
        add(o.entity_id, text[o.start:o.end], v.start(), v.group(1), time, v.start(), end)

    # intransitive: "the Charter Schools Act passed in 1993", "Public School Choice, the process the board approved
    # in August 2009": the verb right before its time, its subject the name right before it or before an
    # apposition opened by a comma and "the"
    for v in rules.date_verb.finditer(text):
        if PASSIVE_BEFORE.search(text, max(0, v.start() - 20), v.start()) or (lead and v.start() == lead.start(1)):
            continue
        at = re.compile(r"\s+(?:in|on)\s+(?:the\s+)?").match(text, v.end())  # ("in the summer of 1993")
        t = at and (times.holding(at.end()) or next(times.from_(at.end(), 0), None))
        if not t or t.start_year is None:
            continue
        o = s.mention_ending_by(v.start())
        gap = text[o.end:v.start()] if o is not None else ""
        if o is None or o.type not in types or POSSESSIVE.match(text, o.end) or not (
                gap.strip() == "" or APPOSED_CLAUSE.fullmatch(gap)):
            # "UTLA, which Los Angeles teachers founded in 1970", "The LEARN plan, the restructuring program the
            # board adopted in 1993": the name before the clause whose verb it is
            o = antecedent(s, v.start(), types)
            if o is None:
                # "So the state charter law passed in 1994": a noun phrase of a subject noun right before it
                phrase = noun_phrase_before(s, v.start())
                if phrase is not None:
                    add(phrase[0], phrase[2], v.start(), v.group(1), t, phrase[1], t.end)
                continue
        add(o.entity_id, text[o.start:o.end], v.start(), v.group(1), t, o.start, t.end)

    # nominal: "the passage of California's Charter Schools Act in 1993"
    for n in rules.date_noun.finditer(text):
        o = next((m for m in s.mentions_from(n.end(), 40) if m.type in types), None)
        if o is None:
            continue
        between = text[n.end():o.start].split()
        if not all(POSSESSIVE.search(w) or w.lower() in DETERMINERS for w in between):
            continue
        after = time_after(o.end, 60)
        verb = rules.date_nouns[n.group(1).lower()]
        if after is not None:
            add(o.entity_id, text[o.start:o.end], n.start(), verb, after, n.start(), after.end)
    return sorted(found, key=lambda c: c.start)


NAME_REST = re.compile(r"(?:-[\w’'-]+|\s+(?:[A-Z][\w’'-]*|of|for|and|the))*\s*")
APPOSITION = re.compile(r"\s*,[^,;()]{1,120}")
APPOSED_CLAUSE = re.compile(r",\s+the\s+[^,;()]{1,60}?\s+")
# a clause between a name and the verb that dates it: an apposition ("…, the process the board") or a relative
# clause with a subject of its own ("…, which Los Angeles teachers"), after a noun that may follow the name ("the
# LEARN plan, …")
CLAUSE_TO_VERB = re.compile(r",\s+(?:the|which|that|whom)\s+[^,;()]{1,60}?\s+$", re.I)
PRONOUN_OBJECT = re.compile(r"\s+(?:it|them)(?![\w-])", re.I)


def antecedent(s, offset, types):
    """The mention of these types a clause ending at offset (the verb) hangs on: the name right before an
    apposition or relative clause (CLAUSE_TO_VERB) that runs to offset, a subject noun allowed after the name."""
    text = s.text
    clause = CLAUSE_TO_VERB.search(text, max(0, offset - 80), offset)
    if not clause:
        return None
    o = s.mention_ending_by(clause.start())
    if o is None or o.type not in types or POSSESSIVE.match(text, o.end):
        return None
    rest = text[o.end:clause.start()]
    return o if rest.strip() == "" or s.rules.noun_subject.fullmatch(rest.strip()) else None


def subject_before(s, head, types, closed):
    """The mention of these types a passive verb dates when the words before its auxiliary end a name the
    mention holds only the start of ("the Alliance for College-Ready Public Schools, founded"), or, when the
    auxiliary opens with a comma, an apposition between two commas stands between ("The Partnership …, Mayor
    X's answer to …, was founded"); None otherwise."""
    text = s.text
    mention = s.mention_ending_by(head)
    if mention is not None and mention.type in types and text[mention.end:head].strip() and \
            NAME_REST.fullmatch(text, mention.end, head):
        return mention
    if closed:
        comma = text.rfind(",", 0, head)
        if comma > 0 and APPOSITION.fullmatch(text, comma, head):
            mention = s.mention_ending_by(comma)
            if mention is not None and mention.type in types and not text[mention.end:comma].strip():
                return mention
    return None


def named_before(s, offset, types):
    """The mention before offset that "the Network" (a capitalised noun after offset, with or without "the")
    stands for: one of these types whose name ends with that noun."""
    word = re.compile(r"([A-Z][\w’'-]+)(?![\w’'-])").match(s.text, offset)
    if not word:
        return None
    return next((m for m in reversed(s.mentions) if m.end <= offset and m.type in types
                 and m.name.split()[-1].lower() == word.group(1).lower()), None)


def noun_phrase_before(s, offset):
    """(entity id or None, start, words) of a noun phrase whose noun is a subject noun ending right before offset
    ("the state charter law passed"), or None: see unnamed_subject()."""
    head = len(s.text[:offset].rstrip())
    if not s.rules.noun_subject.search(s.text, max(0, head - 30), head):
        return None
    return unnamed_subject(s, head)


def last_noun_phrase(s, offset):
    """The same for the last subject noun of the sentence before offset ("California's charter law dates from the
    early 1990s; Governor Wilson signed it"), or None."""
    nouns = list(re.finditer(rf"(?<![\w-])(?:{alternation(s.rules.subject_nouns)})(?![\w-])", s.text[:offset], re.I))
    return unnamed_subject(s, nouns[-1].end()) if nouns else None


def unnamed_subject(s, head):
    """The entity a noun phrase ending at head stands for (noun_phrase_subject), else, when the phrase holds a word
    of its own besides its noun ("the charter law", not "the law"), no entity but the phrase: (entity id or None,
    start, the phrase's words). The conflicts engine compares such a date with another of the same words."""
    resolved = noun_phrase_subject(s, head)
    if resolved:
        return resolved[0], resolved[1], s.text[resolved[1]:head].strip()
    words = subject_words(s, head)
    if not words:
        return None
    start, content = words
    return (None, start, s.text[start:head].strip()) if content else None


def subject_words(s, head):
    """(start, [words]) of the noun phrase ending at head read back from its subject noun (the words
    noun_phrase_subject matches against names; those of subject_fillers left out), or None."""
    rules, text = s.rules, s.text
    noun = rules.noun_subject.search(text, max(0, head - 30), head)
    if not noun:
        return None
    start, words = noun.start(), []
    offset = max(0, noun.start() - 60)
    for w in reversed(list(re.finditer(r"[\w’'.-]+", text[offset:noun.start()]))[-3:]):
        word = w.group(0)
        if word.lower() in FUNCTION_WORDS:
            break
        start = offset + w.start()
        if word.lower() in DETERMINERS or POSSESSIVE.search(word):
            break
        if s.mention_over(start, start + len(word)) is None and word.lower() not in rules.subject_fillers:
            words.append(word.lower())
    return start, words


def noun_phrase_subject(s, head):
    """The document's entity that the noun phrase ending at head stands for ("California's charter law" → the
    Charter Schools Act the document names): (entity id, the phrase's start) or None. The phrase is its noun of
    subject_nouns and up to three words before it, back to a determiner or a possessive; the entity is the
    document's one of the types the noun may stand for whose name holds the phrase's other words (names of
    places, possessives and determiners left out), or the document's only one of those types when no word is
    left."""
    rules, text = s.rules, s.text
    noun = rules.noun_subject.search(text, max(0, head - 30), head)
    if not noun:
        return None
    start, words = noun.start(), []
    tokens = list(re.finditer(r"[\w’'.-]+", text[max(0, noun.start() - 60):noun.start()]))
    offset = max(0, noun.start() - 60)
    for w in reversed(tokens[-3:]):
        word = w.group(0)
        if word.lower() in FUNCTION_WORDS:
            break
        start = offset + w.start()
        if word.lower() in DETERMINERS:
            break
        mention = s.mention_over(start, start + len(word))
        if POSSESSIVE.search(word):
            if mention is None:
                words.append(POSSESSIVE.sub("", word).lower())
            break
        if mention is None and word.lower() not in rules.subject_fillers:
            words.append(word.lower())
    types = set(rules.subject_nouns[noun.group(1).lower()])
    candidates = [(eid, name) for eid, type_, name in s.document_entities if type_ in types]
    if words:
        fitting = [eid for eid, name in candidates if all(w in name.lower() for w in words)]
        if not fitting:  # "the charter law" in a document that never names it: the corpus's one that fits
            found = s.corpus_entities.fitting(types, words)
            fitting = [found] if found is not None else []
        return (fitting[0], start) if fitting else None
    return (candidates[0][0], start) if len(candidates) == 1 else None


# --- the stage ---------------------------------------------------------------------------------------------

def load_claims(ctx):
    """Write claims: every count, sum and date the sentences state, with its time, subject and passage, read
    with the words of claims.yml from the sentences and mentions of the entities stage. Each document's claims
    are kept between builds (loaders/build_cache.py), keyed by what they are read from: its published date, its
    sentences and their mentions, by entity type and name (not by id: an edit elsewhere renumbers entities), the
    district's entity, claims.yml and the code; a kept entry is used only while the corpus's entities answer its
    lookups as they did (CorpusEntities). Returns a summary."""
    db = ctx.db
    rules = read_claim_rules(ctx.corpus)
    rules_digest = build_cache.files_digest(knowledge_file(ctx.corpus, "claims.yml"))
    published = {d["id"]: d["published"] for d in db.query("select id, published from documents")}
    lines = {p["id"]: p["line"] for p in db.query("select id, line from passages")}
    district = next(db.query("select id, type, name from entities where name = ? order by id limit 1",
                             [rules.district.entity]), None)
    by_sentence, in_corpus = defaultdict(list), {}
    for m in db.query('select m.sentence_id, m.entity_id, m.start, m."end", e.type, e.name '
                      "from mentions m join entities e on e.id = m.entity_id where m.sentence_id is not null "
                      "order by m.id"):
        by_sentence[m["sentence_id"]].append(m)
        in_corpus[m["entity_id"]] = (m["entity_id"], m["type"], m["name"])
    corpus_entities = tuple(sorted(in_corpus.values()))
    sentences = defaultdict(list)  # document → its sentences, in order
    for row in db.query('select id, passage_id, document_id, start, "end", text from sentences '
                        "order by passage_id, start, id"):
        sentences[row["document_id"]].append(row)
    cache = build_cache.opened(getattr(ctx, "cache_dir", None))
    rows, reused = [], 0
    try:
        for document_id in sorted(sentences):
            found, kept = document_claims(sentences[document_id], by_sentence, published.get(document_id), rules,
                                          rules_digest, district, corpus_entities, cache)
            reused += kept
            for row in found:
                row.update(id=len(rows) + 1, document_id=document_id, line=lines.get(row["passage_id"]))
                rows.append(row)
    finally:
        if cache:
            cache.close()
    db["claims"].insert_all(rows)
    kinds = Counter(r["kind"] for r in rows)
    sources = Counter(r["time_source"] for r in rows if r["kind"] != "date")
    return (f"{len(rows)} claims in {len({r['document_id'] for r in rows})} documents ({kinds['count']} counts, "
            f"{kinds['money']} sums, {kinds['date']} dates; counts and sums dated: {sources['stated']} stated, "
            f"{sources['relative']} relative, {sources['published']} assumed from the published date, "
            f"{sources['unknown']} unknown)"
            + (f"; {reused} of {len(sentences)} documents as read before" if cache else ""))


def document_claims(sentences, by_sentence, published, rules, rules_digest, district, corpus_entities, cache):
    """(claim rows of one document, less id, document and line; 1 if kept from an earlier build, else 0).
    find_claims reads the document with ids of its own (its entities in the order of their ids, the district's
    among them), so that what it makes depends on nothing but the key."""
    mentions = {s["id"]: by_sentence.get(s["id"], []) for s in sentences}
    names = {m["entity_id"]: (m["type"], m["name"]) for ms in mentions.values() for m in ms}
    if district:
        names[district["id"]] = (district["type"], district["name"])
    own = sorted(names)
    local = {eid: i for i, eid in enumerate(own, start=1)}
    district_id = local[district["id"]] if district else None

    def fresh_corpus():  # the corpus's entities, handing out ids after the document's own
        return CorpusEntities(corpus_entities, dict(local), {district_id: district["type"]} if district else None)

    corpus = fresh_corpus()
    counts = Counter(local[m["entity_id"]] for ms in mentions.values() for m in ms)
    document_entities = tuple((e, *names[own[e - 1]]) for e, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0])))
    read = [[Mention(local[m["entity_id"]], m["type"], m["name"], m["start"] - s["start"], m["end"] - s["start"])
             for m in mentions[s["id"]] if s["start"] <= m["start"] and m["end"] <= s["end"]] for s in sentences]
    passages = {p: i for i, p in enumerate(dict.fromkeys(s["passage_id"] for s in sentences))}
    key = cache and build_cache.key_of("claims", rules_digest, published, pickle.dumps((
        [names[e] for e in own], district_id, document_entities,
        [(passages[s["passage_id"]], s["text"], [(m.entity_id, m.start, m.end) for m in ms])
         for s, ms in zip(sentences, read)])))
    kept = cache.get(key) if cache else None
    if kept is not None:  # its lookups asked again in order: the same answers hand out the same ids
        found, asked = kept
        for (types, words), _ in asked:
            corpus.fitting(types, words)
        if corpus.lookups == asked:
            return claim_rows(found, sentences, corpus.local), 1
        corpus = fresh_corpus()
    found, state, dated = [], None, []
    for index, (s, ms) in enumerate(zip(sentences, read)):
        if state is None or s["passage_id"] != sentences[index - 1]["passage_id"]:
            state = PassageState(dated=dated)  # (the document's date claims so far, shared by its passages)
        found += [(index, claim) for claim in find_claims(s["text"], ms, rules, published, state, document_entities,
                                                          district_id, corpus)]
    if cache:
        cache.put(key, (found, corpus.lookups))
    return claim_rows(found, sentences, corpus.local), 0


def claim_rows(found, sentences, local):
    """Rows of claims found as (index of their sentence, Claim), their ids of the document's own (local: entity
    id → that id) made the database's again."""
    entity = {i: eid for eid, i in local.items()}
    rows = []
    for index, claim in found:
        s, time = sentences[index], claim.time
        rows.append({
            "passage_id": s["passage_id"], "sentence_id": s["id"], "start": s["start"] + claim.start,
            "end": s["start"] + claim.end, "text": claim.text, "kind": claim.kind, "measure": claim.measure,
            "value": claim.value, "unit": claim.unit, "qualifier": claim.qualifier, "value_text": claim.value_text,
            "counted": claim.counted, "start_year": claim.start_year, "school_year": time.school_year,
            "month": time.month, "time_text": time.text, "time_source": time.source,
            "time_precision": time.precision, "subject_id": entity.get(claim.subject_id),
            "subject_text": claim.subject_text, "about_district": claim.about_district, "verb": claim.verb,
            "event": claim.event})
    return rows
