"""Roles: who held which position, where and when ("Superintendent Ramon Cortines", "Marshall Tuck, the
Partnership's chief executive", "Steve Barr, who founded Green Dot in 2000").

A stage after `entities`: it reads the sentences and the person and organisation mentions the entities stage
stored, and the role words of corpus/roles.yml, and links a person to a role phrase standing next to them in
one of four ways (the `pattern` of its row):

- title:      [former] [ORG] role PERSON [of ORG]     "former Boston Public Schools superintendent Mike Contompasis"
- appositive: PERSON, a|the|its [ORG's] [up to three words] role [of ORG],  "Caprice Young, president of the
              board,", "Mike Roos, a former California Assemblyman who …"; roles, among them PERSON [of ORG]
- predicate:  PERSON [, appositive,] [who] became|was … role, PERSON … as role, as role by PERSON, PERSON
              joined the board                        "Marshall Tuck, a former banker, served as president of …"
- founded:    PERSON [, who] founded|started ORG, ORG [was] founded [in 2000] by PERSON

Role phrases joined by "and" share their person and organisation ("Mass Insight president and founder Bill
Guenther"). A word standing for an organisation ("the district's", "of the board") is resolved to the nearest
organisation of the sentence whose name fits it, else to the document's most-mentioned one; so is a role that
names its kind of organisation ("board member", "superintendent") when the sentence names none. A role said
twice of a person in one sentence is one row.

Years: the year of a date after "in", "since", "from", "until" … (or in parentheses) nearest the role in its
sentence, but not one of what a person said ("… said he worries about students who will fall short in 2016")
(year_source 'stated'), else the document's published year ('published'), else none. The year dates the role's
start (start_year: held, or begun, in that year), except that a range gives both ends, "until" the
end, and a role marked past ("former", "ex-") ended before it (end_year). A role held then but over by the time
of writing ("then-Superintendent", "was superintendent") takes a stated year as start_year, the published year
as end_year.
"""

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from pydantic import field_validator, model_validator

from .corpus_yaml import CorpusModel, KeyProblem, lower_case, read_yaml, validate
from .events import find_dates
from .knowledge import alternation, knowledge_file


class RoleRules(CorpusModel):
    """corpus/roles.yml: the words roles are read by (each list is described there)."""

    roles: frozenset[str]
    aliases: dict[str, str]
    needs_organization: frozenset[str]
    implied_organizations: dict[str, str]
    qualifiers: frozenset[str]
    past_markers: frozenset[str]
    then_markers: frozenset[str]
    current_markers: frozenset[str]
    predicates: frozenset[str]
    past_predicates: frozenset[str]
    capacity_words: frozenset[str]
    naming_verbs: frozenset[str] = frozenset()
    founding_verbs: dict[str, str]
    memberships: dict[str, str]
    working_verbs: dict[str, str] = {}
    leading_verbs: dict[str, str] = {}
    compound_heads: frozenset[str] = frozenset()
    not_compounding: frozenset[str] = frozenset()
    organization_nouns: dict[str, list[str]]
    organization_types: frozenset[str]
    listing_phrases: frozenset[str]
    reporting_verbs: frozenset[str]
    year_prepositions: frozenset[str]
    end_prepositions: frozenset[str]

    @field_validator("roles", "needs_organization", "qualifiers", "past_markers", "then_markers", "current_markers",
                     "predicates", "past_predicates", "capacity_words", "naming_verbs", "listing_phrases", "reporting_verbs",
                     "year_prepositions", "end_prepositions", "compound_heads", "not_compounding")
    @classmethod
    def lower_case(cls, words, info):
        return lower_case(words, info.field_name)

    @model_validator(mode="after")
    def consistent(self):
        for verb, role in self.founding_verbs.items():
            if role not in self.roles:
                raise KeyProblem("founding_verbs", f"founding_verbs: '{verb}' gives '{role}', which is not in roles")
        for verb, role in {**self.working_verbs, **self.leading_verbs}.items():
            if verb != verb.lower() or role not in self.roles:
                raise KeyProblem("working_verbs", f"working_verbs: '{verb}' needs to be lower case and give a "
                                                  f"phrase of roles")
        for alias, role in self.aliases.items():
            if alias != alias.lower() or role not in self.roles:
                raise KeyProblem("aliases", f"aliases: '{alias}' needs to be lower case and give a phrase of roles")
        wrong = sorted(self.needs_organization - set(self.aliases))
        if wrong:
            raise KeyProblem("needs_organization", f"needs_organization: '{wrong[0]}' is not in aliases")
        for role, noun in self.implied_organizations.items():
            if role not in self.roles or noun not in self.organization_nouns:
                raise KeyProblem("implied_organizations", f"implied_organizations: '{role}' needs to be a phrase of "
                                                          f"roles and give a word of organization_nouns")
        for phrase, role in self.memberships.items():
            if role not in self.roles or phrase.split()[-1] not in self.organization_nouns:
                raise KeyProblem("memberships", f"memberships: '{phrase}' needs to end in a word of "
                                                f"organization_nouns and give a phrase of roles")
        for noun, words in self.organization_nouns.items():
            if noun != noun.lower() or not words or any(w != w.lower() for w in words):
                raise KeyProblem("organization_nouns",
                                 f"organization_nouns: '{noun}' needs a list of lower-case words")
        wrong = sorted(self.end_prepositions - self.year_prepositions)
        if wrong:
            raise KeyProblem("end_prepositions", f"end_prepositions: '{wrong[0]}' is not in year_prepositions")
        return self

    @cached_property
    def role_of(self):
        # sorted: of two spellings with one key ("council member", "councilmember") the same one always wins
        return ({key(p): p for p in sorted(self.roles, reverse=True)}
                | {key(a): role for a, role in self.aliases.items()})

    @cached_property
    def role_phrase(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.roles | set(self.aliases))})s?(?!\w)", re.I)

    @cached_property
    def qualifier(self):
        return re.compile(rf"(?<!\w)({alternation(self.qualifiers)})[\s-]+$", re.I)

    @cached_property
    def marker(self):
        """A past or then marker just before a position: (the word, 'past' | 'then')."""
        return re.compile(rf"(?<![\w-])({alternation(self.past_markers | self.then_markers)})[\s-]+$", re.I)

    @cached_property
    def current(self):
        return re.compile(rf"(?<![\w-])(?:{alternation(self.current_markers)})\s+$", re.I)

    def marker_kind(self, word):
        """'past' for "former", "ex-"; 'then' for "then-" and the past-tense predicates ("was")."""
        return "past" if key(word) in {key(m) for m in self.past_markers} else "then"

    @cached_property
    def predicate(self):
        # "is|became …" right after the subject, or up to three lower-case words and "as" ("was brought in as")
        return re.compile(rf"{SUBJECT_GAP}(?:({alternation(self.predicates | self.past_predicates)})|"
                          rf"(?:(?-i:[a-z]+)\s+){{0,3}}?({alternation(self.capacity_words)}))\s+", re.I)

    @cached_property
    def naming(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.naming_verbs) or '(?!)'})\s+$", re.I)

    @cached_property
    def capacity_before(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.capacity_words)})\s+$", re.I)

    @cached_property
    def listing(self):
        return re.compile(rf",?\s*(?:{alternation(self.listing_phrases)})\s+", re.I)

    @cached_property
    def reporting(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.reporting_verbs)})(?!\w)", re.I)

    @cached_property
    def closing(self):
        """What may end an appositive role: punctuation or "who", after a phrase of time or place ("superintendent
        from 2000 to 2006,", "a teacher at Thomas Jefferson High School who")."""
        prepositions = alternation(self.year_prepositions | {"of", "at", "for", "with", "on"})
        return re.compile(rf"(?:\s+(?:{prepositions})\s(?:(?!\bwho\b)[^,.;:])*)?\s*(?:[,.;:)!?—–]|$|who(?:se)?\b)",
                          re.I)

    @cached_property
    def founding(self):
        return re.compile(rf"(?<!\w)({alternation(self.founding_verbs)})(?!\w)", re.I)

    def compounds(self, word):
        """True when word, right before a compound head, makes one role with it ("chapter" of "chapter chair")."""
        low = word.lower()
        return (low not in self.not_compounding and low not in self.qualifiers and low not in self.organization_nouns
                and key(low) not in {key(m) for m in self.past_markers | self.then_markers | self.current_markers}
                and key(low) not in self.role_of)

    @cached_property
    def leading(self):
        if not self.leading_verbs:
            return re.compile(r"(?!)")
        return re.compile(rf"(?<!\w)({alternation(self.leading_verbs)})\s+(?:(the|its|their)\s+)?", re.I)

    @cached_property
    def working(self):
        if not self.working_verbs:
            return re.compile(r"(?!)")
        return re.compile(rf"(?<!\w)({alternation(self.working_verbs)})(?!\w)", re.I)

    @cached_property
    def membership(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.memberships)})(?!\w)", re.I)

    @cached_property
    def noun_before(self):
        return re.compile(rf"(?<!\w)({alternation(self.organization_nouns)})(?:['’]s?)?\s+$", re.I)

    @cached_property
    def noun_after(self):
        return re.compile(rf"\s+(?:of|at|for)\s+the\s+({alternation(self.organization_nouns)})(?!\w)", re.I)

    @cached_property
    def year_preposition(self):
        return re.compile(rf"(?:(?<!\w)({alternation(self.year_prepositions)})\s+|\(\s*)$", re.I)


# What may stand between a person and the verb they are the subject of: an appositive set off by commas or
# ended by "who" ("Marshall Tuck, a former investment banker, served as …"), then "who", then an adverb
SUBJECT_GAP = (r"(?:\s*,[^,;:.()]{1,80}?(?:,|(?=\s+who\b)))?\s*(?:,\s*(?=who\b))?(?:who\s+)?"
               r"(?:(?:also|later|then|now|had|has|have|previously|formerly|once|first)\s+)*")
SUBJECT = re.compile(SUBJECT_GAP)
# Words that open a noun phrase; "its" stands for the organisation named before it ("UTLA and its president")
DETERMINER = re.compile(r"(?<!\w)(the|an?|its|his|her|their|our|my|your)\s+((?:[\w'’-]+\s+){0,3})$", re.I)
RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that|when|where)\b", re.I)


def key(phrase):
    """A phrase as compared: lower case, no spaces or hyphens ("Vice-President" → "vicepresident")."""
    return re.sub(r"[\s-]+", "", phrase.lower())


def read_role_rules(corpus):
    """The role rules of a corpus folder (its roles.yml, else the repository's); raises CorpusError naming
    roles.yml:line."""
    path = knowledge_file(corpus, "roles.yml")
    return validate(RoleRules, read_yaml(path), path)


# --- extraction: pure functions on one sentence and its mentions --------------------------------------------
# Each look-up is a regex anchored at an offset, a bounded look back or an index of the mentions, so that a
# sentence is read in time about linear in its length.

BACK = 80  # how far a role's words are looked for before it
POSSESSIVE = re.compile(r"['’]s\b")
# a field after a role, one lower-case word closing the phrase: "the district's director of facilities,"
OF_FIELD = re.compile(r"\s+of\s+(?!the\b|a\b|an\b|its\b|his\b|her\b|their\b)([a-z]+)"
                      r"(?=\s*(?:[,.;:)]|$)|\s+(?:at|for|in|who)\b)")
LISTED = re.compile(r",\s+(?=[A-Z])")  # "two former teachers, Rogelio Bañuelos and Harold Weinstock"
COMPOUND = re.compile(r"(?<![\w'’.-])([a-z][a-z-]*[a-z])\s+$")  # a lower-case word right before a role
CLAUSE_END = re.compile(r"[,;:]")
ACRONYM_AFTER = re.compile(r"\s*\([A-Z][\w.&-]{1,11}\)")  # the acronym a name is defined with: "(UTLA)"


@dataclass(frozen=True)
class Mention:
    entity_id: int
    type: str
    name: str  # the entity's canonical name
    start: int  # offsets into the sentence text
    end: int


@dataclass
class Role:
    person_id: int
    role: str  # the role phrase of roles.yml, with its qualifier ("interim superintendent")
    text: str  # the phrase as written; start and end are its offsets in the sentence
    start: int
    end: int
    pattern: str  # title, appositive, predicate or founded
    organization_id: int | None = None
    organization_source: str | None = None  # named, sentence or document (a word like "the district's")
    past_marker: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    year_source: str | None = None  # stated or published
    dated_until: int | None = None  # only a date before this offset dates the role (the end of an appositive)


@dataclass
class Unit:
    """One role phrase and what stands around it: left..right spans the marker, the organisation and the
    determiner as well."""
    role: str
    start: int
    end: int
    left: int
    right: int
    base: str = ""  # the role without its qualifiers
    word: str = ""  # the word as written, lower case ("gov.", "senior")
    plural: bool = False
    organization: tuple | None = None  # (entity id, source)
    marker: str | None = None
    determined: bool = False  # "the superintendent", "the district's superintendent"


def find_roles(text, mentions, rules, published_year=None, document_organizations=()):
    """The roles one sentence states. mentions: the sentence's Mentions (offsets into text); published_year: the
    document's; document_organizations: the document's organisations as (entity id, name), most-mentioned
    first (what "the district's" may stand for). Returns Roles with offsets into text."""
    context = Context(text, mentions, rules, document_organizations)
    roles = []
    for group in groups(context, units(context)):
        pattern, people, marker = find_people(context, group)
        shared = next((u.organization for u in group if u.organization), None)
        # a past role in an appositive is dated inside it: in "Ann Cho, a former banker, served as president from
        # 2002 to 2006" the years are the presidency's (but "X, the president, said in 1993" was president then)
        end = pattern == "appositive" and group[0].marker and CLAUSE_END.search(text, group[-1].right)
        for person in people:
            after = shared or organization_after(context, person)  # "Robert Wycoff of the Atlantic Richfield Co."
            for unit in group:
                roles.append(Role(person.entity_id, unit.role, text[unit.start:unit.end], unit.start, unit.end,
                                  pattern, *(unit.organization or after or implied(context, unit) or (None, None)),
                                  unit.marker or group[0].marker or marker,
                                  dated_until=end.start() if end else None))
    roles += founders(context) + members(context) + workers(context) + leaders(context)
    # one role a person holds, said twice in a sentence, is one row: the first with an organisation, else the first
    # ("Board member Steve Zimmer, who joined the board in July")
    unique = {}
    for role in sorted(roles, key=lambda r: (r.organization_id is None, r.start)):
        unique.setdefault((role.person_id, role.role), role)
    roles = list(unique.values())
    for role in roles:
        date_role(role, context, published_year)
    return sorted(roles, key=lambda r: (r.start, r.person_id))


def overlap_index(mentions):
    """(starts, furthest end so far) of mentions sorted by start: whether one overlaps a range is one bisect."""
    return [m.start for m in mentions], list(accumulate((m.end for m in mentions), max))


class Context:
    """One sentence with its mentions indexed by offset, the rules, and the document's organisations."""

    def __init__(self, text, mentions, rules, document_organizations):
        self.text, self.rules, self.document_organizations = text, rules, document_organizations
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.people = [m for m in self.mentions if m.type == "PERSON"]
        self.organizations = [m for m in self.mentions if m.type in rules.organization_types]
        self.names_a_place = any(m.type == "GPE" for m in self.mentions)
        self._index = overlap_index(self.mentions)
        # the same without nationalities and languages, which may describe a role ("an English teacher")
        self._names_index = overlap_index([m for m in self.mentions if m.type not in ("NORP", "LANGUAGE")])
        self._spans = {(m.start, m.end): m for m in self.mentions}
        self._people_by_end = sorted(self.people, key=lambda m: m.end)
        self._organizations_by_end = sorted(self.organizations, key=lambda m: m.end)
        self._person_at, self._person_ending, self._organization_at, self._organization_ending = {}, {}, {}, {}
        for m in self.people:
            self._person_at.setdefault(m.start, m)
            self._person_ending.setdefault(m.end, m)
        for m in self.organizations:
            self._organization_at.setdefault(m.start, m)
            self._organization_ending.setdefault(m.end, m)
        self._fitting = {}
        self.mentions_of = defaultdict(list)  # entity id → its mentions, in order
        for m in self.mentions:
            self.mentions_of[m.entity_id].append(m)

    def inside_mention(self, start, end, index=None):
        starts, reach = index or self._index
        i = bisect_left(starts, end)  # the mentions starting before end
        return i > 0 and reach[i - 1] > start

    def inside_name(self, start, end):
        """Whether a mention other than a nationality or a language overlaps start..end ("an English teacher")."""
        return self.inside_mention(start, end, self._names_index)

    def mention_spanning(self, start, end):
        return self._spans.get((start, end))

    def person_at(self, offset):
        return self._person_at.get(offset)

    def person_ending(self, offset):
        return self._person_ending.get(offset)

    def person_before(self, offset):
        """The person whose name ends nearest before offset, or None."""
        i = bisect_right(self._people_by_end, offset, key=lambda m: m.end)
        return self._people_by_end[i - 1] if i else None

    def organization_at(self, offset):
        return self._organization_at.get(offset)

    def organization_ending(self, offset):
        return self._organization_ending.get(offset)

    def organization_before(self, offset):
        """The organisation whose name ends nearest before offset, or None."""
        i = bisect_right(self._organizations_by_end, offset, key=lambda m: m.end)
        return self._organizations_by_end[i - 1] if i else None

    def resolve(self, noun, offset):
        """The organisation a word like "district" stands for: the nearest of the sentence whose name holds one
        of its words, else the document's most-mentioned such one; (id, source) or None."""
        if noun not in self._fitting:
            words = re.compile(rf"\b({'|'.join(map(re.escape, self.rules.organization_nouns[noun.lower()]))})\b",
                               re.I)
            near = [m for m in self.organizations if words.search(m.name)]
            far = next(((id_, "document") for id_, name in self.document_organizations if words.search(name)), None)
            self._fitting[noun] = near, far
        near, far = self._fitting[noun]
        if near:
            i = bisect_left(near, offset, key=lambda m: m.start)
            nearest = min(near[max(0, i - 1):i + 1], key=lambda m: abs(m.start - offset))
            return nearest.entity_id, "sentence"
        return far

    @cached_property
    def dates(self):
        """The sentence's dates that can date a role (after a year preposition or in parentheses), in order:
        [(Date, the preposition or None)]."""
        found = []
        for date in find_dates(self.text):
            m = self.rules.year_preposition.search(self.text, max(0, date.start - 20), date.start)
            if m and date.precision != "decade":  # "the 1990s" is not a year a role can be given
                found.append((date, m.group(1) and m.group(1).lower()))
        return found

    @cached_property
    def date_starts(self):
        return [date.start for date, _ in self.dates]

    @cached_property
    def reporting_verbs(self):
        return list(self.rules.reporting.finditer(self.text))


def units(context):
    """Every role phrase of the sentence outside the names found there, with its qualifier, marker,
    organisation and determiner."""
    text, rules = context.text, context.rules
    found = []
    for m in rules.role_phrase.finditer(text):
        start, end = m.span()
        # "Board of Education", "Chief Executive Officers Association"; but a title the entities stage took for
        # a name whole ("Assembly Speaker Fabian Núñez") is still a title
        whole = context.mention_spanning(start, end)
        if context.inside_mention(start, end) and not (whole and whole.type != "PERSON"):
            continue
        if POSSESSIVE.match(text, end):
            continue  # "the superintendent's office" names what belongs to the role, not who holds it
        word = key(m.group(0))
        written = " ".join(m.group(0).lower().split())
        # the phrase as written when roles.yml has it so ("Councilmember" is a councilmember, not a council member)
        role = (written if written in rules.roles else written[:-1] if written[:-1] in rules.roles else None) \
            or rules.role_of.get(word) or rules.role_of.get(word[:-1])
        plural = word not in rules.role_of
        base = role
        for _ in range(2):  # "interim deputy superintendent"
            q = rules.qualifier.search(text, max(0, start - BACK), start)
            if not q or context.inside_mention(q.start(), start):
                break
            start, role = q.start(), f"{q.group(1).lower()} {role}"
        field = OF_FIELD.match(text, end)
        if field and field.group(1).lower() not in rules.organization_nouns and not plural:
            end, role = field.end(), f"{role} of {field.group(1).lower()}"  # "director of facilities"
        if base in rules.compound_heads and role == base:
            noun = COMPOUND.search(text, max(0, start - 40), start)
            if noun and rules.compounds(noun.group(1)) and not context.inside_mention(noun.start(1), start):
                start, role = noun.start(1), f"{noun.group(1).lower()} {role}"  # "regional director"
        unit = Unit(role, start, end, start, end, base, m.group(0).lower(), plural)
        take_left(context, unit)
        take_right(context, unit)
        if unit.word in rules.needs_organization and not unit.organization:
            continue  # "a senior official"
        found.append(unit)
    return found


def implied(context, unit):
    """The organisation a role names the kind of ("board member": the board), as (id, source), or None: the
    document's only when the sentence names no place ("In Washington, D.C., Superintendent Kaya Henderson")."""
    noun = context.rules.implied_organizations.get(unit.base)
    org = noun and context.resolve(noun, unit.start)
    return None if org and org[1] == "document" and context.names_a_place else org


def organization_after(context, person):
    """The organisation right after a person's name and "of" ("Robert Wycoff of the Atlantic Richfield Co.")."""
    of = re.compile(r"\s+of\s+(?:the\s+)?").match(context.text, person.end)
    org = of and context.organization_at(of.end())
    return org and (org.entity_id, "named")


def take_marker(context, unit):
    text, back = context.text, max(0, unit.left - BACK)
    m = context.rules.marker.search(text, back, unit.left)
    if m and not unit.marker:
        unit.marker, unit.left = m.group(1).lower().rstrip("-"), m.start()
    now = context.rules.current.search(text, back, unit.left)
    if now:  # "A.J. Duffy, then and now the union's president": current, so no marker
        unit.left = now.start()


def take_left(context, unit):
    """What stands before a role phrase: [the] [former] [ORG | ORG's | the district's | (ORG)] [former] role."""
    text, back = context.text, max(0, unit.left - BACK)
    take_marker(context, unit)
    joint = re.compile(r"(?:['’]s?)?\s+$").search(text, back, unit.left)
    org = joint and context.organization_ending(joint.start())
    paren = re.compile(r"\(([^()]*)\)\s+$").search(text, back, unit.left)
    noun = context.rules.noun_before.search(text, back, unit.left)
    if org:
        unit.organization, unit.left = (org.entity_id, "named"), org.start
        unit.determined = text[org.end:org.end + 1] in ("'", "’")  # "the Partnership's chief executive"
    elif paren:  # "former (L.A. City) mayor"
        inside = context.organization_before(paren.end(1))
        if inside and paren.start() < inside.start:
            unit.organization, unit.left = (inside.entity_id, "named"), paren.start()
    elif noun and not context.inside_mention(noun.start(), noun.end()):
        unit.organization = context.resolve(noun.group(1), noun.start())
        unit.left, unit.determined = noun.start(), "'" in noun.group(0) or "’" in noun.group(0)
    take_marker(context, unit)  # "former Boston Public Schools superintendent"
    take_determiner(context, unit)
    take_marker(context, unit)  # "Roy Romer, then the superintendent,"


def take_determiner(context, unit):
    """A determiner and up to three words describing the role before it: "a former social studies teacher",
    "its first chief executive", "the retired Navy vice admiral"; "its" is the organisation named before it."""
    rules = context.rules
    det = DETERMINER.search(context.text, max(0, unit.left - BACK), unit.left)
    if not det:
        return
    words = det.group(2)
    if words and (RELATIVE.search(words) or rules.role_phrase.search(words)
                  or context.inside_name(det.start(), unit.left)):
        return  # "the man who … superintendent", "a teacher and principal": not one phrase
    for word in words.split():
        if not unit.marker and key(word.rstrip("-")) in {key(m) for m in rules.past_markers}:
            unit.marker = word.lower().rstrip("-")  # "a former social studies teacher"
    if det.group(1).lower() == "its" and not unit.organization:
        org = context.organization_before(det.start())
        unit.organization = org and (org.entity_id, "sentence")
    unit.left, unit.determined = det.start(), True


def take_right(context, unit):
    """An organisation after a role phrase: "CEO of the design firm IDEO", "president of the board"."""
    text = context.text
    of = re.compile(r"\s+(?:of|at|for)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}").match(text, unit.end)
    org = of and context.organization_at(of.end())
    noun = context.rules.noun_after.match(text, unit.end)
    if org:
        # one word describing it may follow before "and" or a comma ("president of ARCO petroleum and …")
        tail = re.compile(r"\s+[a-z][\w-]*(?=\s*(?:,|and\s|&))").match(text, org.end) \
            or ACRONYM_AFTER.match(text, org.end)  # "president of United Teachers Los Angeles (UTLA),"
        unit.organization, unit.right = (org.entity_id, "named"), tail.end() if tail else org.end
    elif noun and not context.inside_mention(noun.start(1), noun.end()):
        unit.organization, unit.right = context.resolve(noun.group(1), noun.start(1)), noun.end()


def groups(context, found):
    """Role phrases joined by "and" ("president and founder"), as lists of units."""
    joined = []
    for unit in found:
        # not across a comma: "A.J. Duffy, the union's president, and then-Superintendent David Brewer"
        if joined and re.fullmatch(r"\s*(?:and|&)\s+", context.text[joined[-1][-1].right:unit.left]):
            joined[-1].append(unit)
        else:
            joined.append([unit])
    return joined


def find_people(context, group):
    """The person (or, after a plural, the people) a group of role phrases belongs to: (pattern, [Mention],
    the past-tense predicate if one said it) — ([], …) when no person stands next to it."""
    text, rules, first, last = context.text, context.rules, group[0], group[-1]
    gap = re.compile(r"\s+").match(text, last.right)
    person = gap and context.person_at(gap.end())
    if person:  # "Superintendent Ramon Cortines"
        return "title", listed_people(context, person) if last.plural else [person], None
    listing = last.plural and (rules.listing.match(text, last.right) or LISTED.match(text, last.right))
    person = listing and context.person_at(listing.end())
    if person:  # "Business leaders, among them Robert Wycoff"
        return "appositive", listed_people(context, person), None
    by = re.compile(r"\s+by\s+").match(text, last.right)
    person = by and rules.capacity_before.search(text, max(0, first.left - 20), first.left) \
        and context.person_at(by.end())
    if person:  # "He was succeeded as chief executive by Marco Petruzzi"
        return "predicate", [person], None
    named = re.compile(r"\s+$").search(text, max(0, first.left - 3), first.left)
    person = named and not first.plural and context.person_ending(named.start())
    if person and rules.naming.search(text, max(0, person.start - 20), person.start):
        return "predicate", [person], None  # "The board names Austin Beutner superintendent"
    # "Samuel Kim, 24, a first-year algebra teacher": an age may stand between
    before = re.compile(r"(?:,\s*\d{1,3})?,\s*$").search(text, max(0, first.left - 20), first.left)
    person = before and not first.plural and context.person_ending(before.start())
    # closed by punctuation or "who", a phrase of time or place allowed ("superintendent from 2000 to 2006,"):
    # "Unlike Cortines, the superintendent cut costs" is no appositive
    if person and rules.closing.match(text, last.right):  # "Marshall Tuck, the Partnership's chief executive,"
        return "appositive", [person], None
    person, m = subject_before(context, first.left, rules.predicate)
    if person:  # "Roy Romer became superintendent", "Ramon Cortines came in as interim superintendent"
        said = (m.group(1) or "").lower()
        past = key(said) in {key(p) for p in rules.past_predicates}
        return "predicate", [person], said if past else None
    after = re.compile(r"\s*,\s*").match(text, last.right)
    person = after and first.determined and context.person_at(after.end())
    if person and re.compile(r"\s*(?:[,.;:)]|$)").match(text, person.end):  # "the district's superintendent, X,"
        return "title", [person], None
    return None, [], None


def subject_before(context, offset, gap):
    """The person whose name ends nearest before offset (at most 200 characters) when the text between matches
    the regex gap whole: (Mention, match), else (None, None)."""
    person = context.person_before(offset)
    m = person and offset - person.end <= 200 and gap.fullmatch(context.text, person.end, offset)
    return (person, m) if m else (None, None)


def listed_people(context, person):
    """person and those listed after them: "board members Yolie Flores, Mónica García and Steve Zimmer"."""
    people = [person]
    while True:
        joint = re.compile(r"\s*(?:[,;]\s*(?:and\s+)?|and\s+|&\s*)").match(context.text, people[-1].end)
        following = joint and context.person_at(joint.end())
        if not following:
            return people
        people.append(following)


def founders(context):
    """Founders: "Steve Barr founded Green Dot", "Steve Barr, who founded Green Dot", "Green Dot, founded by
    Steve Barr"."""
    text, rules, found = context.text, context.rules, []
    for verb in rules.founding.finditer(text):
        role = rules.founding_verbs[next(v for v in rules.founding_verbs if key(v) == key(verb.group(1)))]
        people, org = [], None
        by = re.compile(r"(?:\s+in\s+[^,;:.()]{1,30}?)?\s+by\s+").match(text, verb.end())  # "founded in 2000 by"
        if by:
            # "founded by Silicon Valley entrepreneur David F. Welch": a few words describing the person may stand
            described = re.compile(r"(?:[\w’'.-]+\s+){0,4}?(?=[A-Z])").match(text, by.end())
            person = context.person_at(by.end()) or described and context.person_at(described.end())
            people = listed_people(context, person) if person else []
            joint = re.compile(r"\s*(?:,\s*)?(?:(?:which|that)\s+)?(?:was\s+|is\s+)?$").search(
                text, max(0, verb.start() - 20), verb.start())
            org = joint and context.organization_ending(joint.start())
        else:
            person, _ = subject_before(context, verb.start(), SUBJECT)
            people = [person] if person else []
            after = re.compile(r"\s+(?:the\s+)?").match(text, verb.end())
            org = after and context.organization_at(after.end())
            if org and POSSESSIVE.match(text, org.end):
                org = None  # "started Locke's turnaround": what was started is not the organisation
        if org:  # a founder of nothing named is not a role
            found += [Role(p.entity_id, role, verb.group(0), verb.start(), verb.end(), "founded", org.entity_id,
                           "named") for p in people]
    return found


# what a verb of work is done in before "at" the organisation: a few words, no clause ("taught history at")
AT_ORGANIZATION = re.compile(r"(?:\s+[\w’'-]+){0,4}?\s+at\s+(?:the\s+)?")


def workers(context):
    """Roles a verb of work says: "Grace Kim has taught at Hobart Boulevard Elementary School", "Monteverde,
    who taught history at Garfield" (teacher of the organisation after "at"); nothing without one."""
    text, rules, found = context.text, context.rules, []
    for verb in rules.working.finditer(text):
        person, _ = subject_before(context, verb.start(), SUBJECT)
        at = person and AT_ORGANIZATION.match(text, verb.end())
        org = at and context.organization_at(at.end())
        role = org and rules.working_verbs[next(v for v in rules.working_verbs if key(v) == key(verb.group(1)))]
        while org:  # "taught mathematics at Garfield High School and Hollenbeck Junior High School"
            found.append(Role(person.entity_id, role, verb.group(0), verb.start(), verb.end(), "predicate",
                              org.entity_id, "named"))
            joint = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)").match(text, org.end)
            org = joint and context.organization_at(joint.end())
    return found


def leaders(context):
    """Heads: "Ana Ruiz, who heads the Alliance" (head of it), "Harold Weinstock, who now chairs its board" (the
    chair of the board of the organisation "its" stands for: a board chair)."""
    text, rules, found = context.text, context.rules, []
    for verb in rules.leading.finditer(text):
        person, _ = subject_before(context, verb.start(), SUBJECT)
        if not person:
            continue
        role = rules.leading_verbs[next(v for v in rules.leading_verbs if key(v) == key(verb.group(1)))]
        org = context.organization_at(verb.end())
        board = re.compile(r"board\b", re.I).match(text, verb.end())
        if org:
            found.append(Role(person.entity_id, role, verb.group(0).rstrip(), verb.start(), verb.start() +
                              len(verb.group(0).rstrip()), "predicate", org.entity_id, "named"))
        elif board and f"board {role}" in rules.roles:  # "chairs its board", "chairs the board"
            owner = (context.organization_before(verb.start()) if (verb.group(2) or "").lower() == "its"
                     else None)
            org = (owner.entity_id, "sentence") if owner else context.resolve("board", verb.start()) or (None, None)
            found.append(Role(person.entity_id, f"board {role}", text[verb.start():board.end()], verb.start(),
                              board.end(), "predicate", *org))
    return found


def members(context):
    """Members: "Marco Petruzzi, who had joined the board in 2003" (board member of what "board" stands for)."""
    rules, found = context.rules, []
    for m in rules.membership.finditer(context.text):
        person, _ = subject_before(context, m.start(), SUBJECT)
        if person:
            phrase = next(p for p in rules.memberships if key(p) == key(m.group(0)))
            org = context.resolve(phrase.split()[-1], m.start()) or (None, None)
            found.append(Role(person.entity_id, rules.memberships[phrase], m.group(0), m.start(), m.end(),
                              "predicate", *org))
    return found


def date_role(role, context, published_year):
    """Set the role's years (see the module's docstring for the rule)."""
    kind = role.past_marker and context.rules.marker_kind(role.past_marker)
    date = stated_date(role, context)
    if date:
        date, preposition = date
        role.year_source = "stated"
        if date.precision == "range":
            role.start_year, role.end_year = date.year, date.end_year
        elif preposition in context.rules.end_prepositions or kind == "past":
            role.end_year = date.year
        else:
            role.start_year = date.year
    elif published_year:
        role.year_source = "published"
        if kind:
            role.end_year = published_year
        else:
            role.start_year = published_year


def stated_date(role, context):
    """The date after a year preposition (or inside parentheses) nearest the role and its person in the
    sentence: (Date, the preposition or None), or None."""
    people = context.mentions_of[role.person_id]
    i = bisect_left(people, role.start, key=lambda m: m.start)
    near = min(people[max(0, i - 1):i + 1], key=lambda m: abs(m.start - role.start), default=None)
    start, end = (min(role.start, near.start), max(role.end, near.end)) if near else (role.start, role.end)
    best, i = None, bisect_left(context.date_starts, start)
    # outwards from the role: on each side the gap only grows, so a side is left once it exceeds the best
    for side in (range(i - 1, -1, -1), range(i, len(context.dates))):
        for date, preposition in (context.dates[j] for j in side):
            gap = max(start - date.end, date.start - end, 0)
            if best and gap > best[0]:
                break
            if date.start >= end and reported(context, end, date.start) or date.start >= (role.dated_until or date.end):
                continue
            if best is None or (gap, date.start) < best[:2]:
                best = gap, date.start, date, preposition
    return best[2:] if best else None


def reported(context, start, end):
    """Whether text[start:end] ends in reported speech: a year there dates what was said ("Vladovic said he
    worries about students who will fall short in 2016"), unless it dates the saying ("said in March 1993",
    "said when he presented the plan in March 1993")."""
    verbs = context.reporting_verbs
    i = bisect_right(verbs, end, key=lambda m: m.end())
    said = verbs[i - 1] if i and verbs[i - 1].start() >= start else None
    return bool(said) and not re.compile(r"\s+(?:when|while|as|after|before|in|on|at|during)\b", re.I).match(
        context.text, said.end())


# --- the stage ------------------------------------------------------------------------------------------------

def published_year(published):
    m = re.match(r"(\d{4})", published or "")
    return int(m.group(1)) if m else None


def load_roles(ctx):
    """Write roles: every person – role – organisation – year the sentences state, from the mentions of the
    entities stage and the words of roles.yml. Returns a summary."""
    db = ctx.db
    rules = read_role_rules(ctx.corpus)
    years = {d["id"]: published_year(d["published"]) for d in db.query("select id, published from documents")}
    by_sentence, counts = defaultdict(list), defaultdict(Counter)
    for m in db.query("select m.sentence_id, m.document_id, m.entity_id, m.start, m.\"end\", e.type, e.name "
                      "from mentions m join entities e on e.id = m.entity_id where m.sentence_id is not null "
                      "order by m.id"):
        by_sentence[m["sentence_id"]].append(m)
        if m["type"] in rules.organization_types:
            counts[m["document_id"]][(m["entity_id"], m["name"])] += 1
    organizations = {doc: tuple(org for org, _ in sorted(c.items(), key=lambda item: (-item[1], item[0][1])))
                     for doc, c in counts.items()}

    rows = []
    for s in db.query('select id, passage_id, document_id, start, "end", text from sentences order by id'):
        mentions = [Mention(m["entity_id"], m["type"], m["name"], m["start"] - s["start"], m["end"] - s["start"])
                    for m in by_sentence.get(s["id"], []) if s["start"] <= m["start"] and m["end"] <= s["end"]]
        if not any(m.type == "PERSON" for m in mentions):
            continue
        for role in find_roles(s["text"], mentions, rules, years.get(s["document_id"]),
                               organizations.get(s["document_id"], ())):
            rows.append({
                "id": len(rows) + 1, "person_id": role.person_id, "role": role.role,
                "organization_id": role.organization_id, "organization_source": role.organization_source,
                "start_year": role.start_year, "end_year": role.end_year, "year_source": role.year_source,
                "past_marker": role.past_marker, "pattern": role.pattern, "document_id": s["document_id"],
                "passage_id": s["passage_id"], "sentence_id": s["id"], "start": s["start"] + role.start,
                "end": s["start"] + role.end, "text": role.text})
    db["roles"].insert_all(rows)
    people = len({r["person_id"] for r in rows})
    stated = sum(r["year_source"] == "stated" for r in rows)
    with_org = sum(r["organization_id"] is not None for r in rows)
    return (f"{len(rows)} roles of {people} people in {len({r['document_id'] for r in rows})} documents "
            f"({with_org} with an organisation, {stated} with a stated year)")
