"""Roles: who held which position, where and when ("Superintendent Ramon Cortines", "Marshall Tuck, the
Partnership's chief executive", "Steve Barr, who founded Green Dot in 2000").

A stage after `entities`: it reads the sentences and the person and organisation mentions the entities stage
stored, and the role words of corpus/roles.yml, and links a person to a role phrase standing next to them in
one of four ways:

- title:      [former] [ORG] role PERSON            "former Boston Public Schools superintendent Mike Contompasis"
- appositive: PERSON, [the] [ORG's] role [of ORG],  "Caprice Young, president of the board,"
- predicate:  PERSON [, who] became|was … role      "Roy Romer became superintendent in 2000"
- founded:    PERSON [, who] founded ORG, ORG founded by PERSON

Role phrases joined by "and" share their person and organisation ("Mass Insight president and founder Bill
Guenther"). A word standing for an organisation ("the district's", "of the board") is resolved to the nearest
organisation of the sentence whose name fits it, else to the document's most-mentioned one.

Years: the year of a date after "in", "since", "from", "until" … (or in parentheses) nearest the role in its
sentence (year_source 'stated'), else the document's published year ('published'), else none. The year dates
the role's start (start_year: held, or begun, in that year), except that a range gives both ends, "until" the
end, and a role marked past ("former", "ex-") ended before it (end_year). A role held then but over by the time
of writing ("then-Superintendent", "was superintendent") takes a stated year as start_year, the published year
as end_year.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from pydantic import field_validator, model_validator

from .corpus_yaml import CorpusModel, KeyProblem, read_yaml, validate
from .events import find_dates
from .knowledge import knowledge_file


class RoleRules(CorpusModel):
    """corpus/roles.yml: the words roles are read by (each list is described there)."""

    roles: frozenset[str]
    qualifiers: frozenset[str]
    past_markers: frozenset[str]
    then_markers: frozenset[str]
    predicates: frozenset[str]
    past_predicates: frozenset[str]
    founding_verbs: dict[str, str]
    organization_nouns: dict[str, list[str]]
    organization_types: frozenset[str]
    year_prepositions: frozenset[str]
    end_prepositions: frozenset[str]

    @field_validator("roles", "qualifiers", "past_markers", "then_markers", "predicates", "past_predicates",
                     "year_prepositions", "end_prepositions")
    @classmethod
    def lower_case(cls, words, info):
        # the text is compared lower-cased: a capitalised word here would never match
        wrong = sorted(w for w in words if w != w.lower() or not w.strip())
        if wrong:
            raise ValueError(f"{info.field_name}: words are written in lower case, not '{wrong[0]}'")
        return words

    @model_validator(mode="after")
    def consistent(self):
        for verb, role in self.founding_verbs.items():
            if role not in self.roles:
                raise KeyProblem("founding_verbs", f"founding_verbs: '{verb}' gives '{role}', which is not in roles")
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
        return {key(p): p for p in self.roles}

    @cached_property
    def role_phrase(self):
        return re.compile(rf"(?<!\w)(?:{alternation(self.roles)})s?(?!\w)", re.I)

    @cached_property
    def qualifier(self):
        return re.compile(rf"(?<!\w)({alternation(self.qualifiers)})[\s-]+$", re.I)

    @cached_property
    def marker(self):
        """A past or then marker just before a position: (the word, 'past' | 'then')."""
        return re.compile(rf"(?<![\w-])({alternation(self.past_markers | self.then_markers)})[\s-]+$", re.I)

    def marker_kind(self, word):
        """'past' for "former", "ex-"; 'then' for "then-" and the past-tense predicates ("was")."""
        return "past" if key(word) in {key(m) for m in self.past_markers} else "then"

    @cached_property
    def predicate(self):
        return re.compile(rf"^\s*(?:,\s*)?(?:who\s+)?({alternation(self.predicates | self.past_predicates)})\s+$",
                          re.I)

    @cached_property
    def founding(self):
        return re.compile(rf"(?<!\w)({alternation(self.founding_verbs)})(?!\w)", re.I)

    @cached_property
    def noun_before(self):
        return re.compile(rf"(?<!\w)({alternation(self.organization_nouns)})(?:['’]s?)?\s+$", re.I)

    @cached_property
    def noun_after(self):
        return re.compile(rf"^\s+(?:of|at|for)\s+the\s+({alternation(self.organization_nouns)})(?!\w)", re.I)

    @cached_property
    def year_preposition(self):
        return re.compile(rf"(?:(?<!\w)({alternation(self.year_prepositions)})\s+|\(\s*)$", re.I)


def key(phrase):
    """A phrase as compared: lower case, no spaces or hyphens ("Vice-President" → "vicepresident")."""
    return re.sub(r"[\s-]+", "", phrase.lower())


def alternation(phrases):
    """One regex alternation of phrases, longest first; a space or hyphen inside a phrase matches either."""
    words = [re.split(r"[\s-]+", p.strip("-")) for p in sorted(phrases, key=lambda p: (-len(p), p))]
    return "|".join(r"[\s-]*".join(map(re.escape, w)) for w in words)


def read_role_rules(corpus):
    """The role rules of a corpus folder (its roles.yml, else the repository's); raises CorpusError naming
    roles.yml:line."""
    path = knowledge_file(corpus, "roles.yml")
    return validate(RoleRules, read_yaml(path), path)


# --- extraction: pure functions on one sentence and its mentions --------------------------------------------

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


@dataclass
class Unit:
    """One role phrase and what stands around it: left..right spans the marker, the organisation and the
    determiner as well."""
    role: str
    start: int
    end: int
    left: int
    right: int
    plural: bool = False
    organization: tuple | None = None  # (entity id, source)
    marker: str | None = None
    determined: bool = False  # "the superintendent", "the district's superintendent"


def find_roles(text, mentions, rules, published_year=None, document_organizations=()):
    """The roles one sentence states. mentions: the sentence's Mentions (offsets into text); published_year: the
    document's; document_organizations: the document's organisations as (entity id, name), most-mentioned
    first (what "the district's" may stand for). Returns Roles with offsets into text."""
    mentions = sorted(mentions, key=lambda m: m.start)
    context = Context(text, mentions, rules, document_organizations)
    roles = []
    for group in groups(context, units(context)):
        pattern, people, marker = find_people(context, group)
        shared = next((u.organization for u in group if u.organization), None)
        for unit in group:
            for person in people:
                roles.append(Role(person.entity_id, unit.role, text[unit.start:unit.end], unit.start, unit.end,
                                  pattern, *(unit.organization or shared or (None, None)),
                                  unit.marker or group[0].marker or marker))
    roles += founders(context)
    for role in roles:
        date_role(role, context, published_year)
    return sorted(roles, key=lambda r: (r.start, r.person_id))


@dataclass
class Context:
    text: str
    mentions: list
    rules: RoleRules
    document_organizations: tuple

    def people(self):
        return [m for m in self.mentions if m.type == "PERSON"]

    def organizations(self):
        return [m for m in self.mentions if m.type in self.rules.organization_types]

    def inside_mention(self, start, end):
        return any(m.start < end and start < m.end for m in self.mentions)

    def person_at(self, offset):
        return next((m for m in self.people() if m.start == offset), None)

    def person_ending(self, offset):
        return next((m for m in self.people() if m.end == offset), None)

    def resolve(self, noun, offset):
        """The organisation a word like "district" stands for: the nearest of the sentence whose name holds one
        of its words, else the document's most-mentioned such one; (id, source) or None."""
        words = re.compile(rf"\b({'|'.join(map(re.escape, self.rules.organization_nouns[noun.lower()]))})\b", re.I)
        near = [m for m in self.organizations() if words.search(m.name)]
        if near:
            return min(near, key=lambda m: abs(m.start - offset)).entity_id, "sentence"
        return next(((id_, "document") for id_, name in self.document_organizations if words.search(name)), None)


def units(context):
    """Every role phrase of the sentence outside the names found there, with its qualifier, marker,
    organisation and determiner."""
    text, rules = context.text, context.rules
    found = []
    for m in rules.role_phrase.finditer(text):
        start, end = m.span()
        if context.inside_mention(start, end):
            continue  # "Board of Education", "Chief Executive Officers Association"
        word = key(m.group(0))
        role = rules.role_of.get(word) or rules.role_of.get(word[:-1])
        plural = word not in rules.role_of
        for _ in range(2):  # "interim deputy superintendent"
            q = rules.qualifier.search(text[:start])
            if not q or context.inside_mention(q.start(), start):
                break
            start, role = q.start(), f"{q.group(1).lower()} {role}"
        unit = Unit(role, start, end, start, end, plural)
        take_left(context, unit)
        take_right(context, unit)
        found.append(unit)
    return found


def take_marker(context, unit):
    m = context.rules.marker.search(context.text[:unit.left])
    if m and not unit.marker:
        unit.marker, unit.left = m.group(1).lower().rstrip("-"), m.start()


def take_left(context, unit):
    """What stands before a role phrase: [the] [former] [ORG | ORG's | the district's | (ORG)] [former] role."""
    text = context.text
    take_marker(context, unit)
    org = next((m for m in reversed(context.organizations()) if m.end <= unit.left
                and re.fullmatch(r"(?:['’]s?)?\s+", text[m.end:unit.left])), None)
    paren = re.search(r"\(([^()]*)\)\s+$", text[:unit.left])
    noun = context.rules.noun_before.search(text[:unit.left])
    if org:
        unit.organization, unit.left = (org.entity_id, "named"), org.start
        unit.determined = text[org.end:org.end + 1] in ("'", "’")  # "the Partnership's chief executive"
    elif paren:  # "former (L.A. City) mayor"
        inside = [m for m in context.organizations() if paren.start() < m.start and m.end < paren.end()]
        if inside:
            unit.organization, unit.left = (inside[-1].entity_id, "named"), paren.start()
    elif noun and not context.inside_mention(noun.start(), noun.end()):
        unit.organization = context.resolve(noun.group(1), noun.start())
        unit.left, unit.determined = noun.start(), "'" in noun.group(0) or "’" in noun.group(0)
    take_marker(context, unit)  # "former Boston Public Schools superintendent"
    det = re.search(r"(?<!\w)(?:the|a|an)\s+$", text[:unit.left], re.I)
    if det:
        unit.left, unit.determined = det.start(), True


def take_right(context, unit):
    """An organisation after a role phrase: "CEO of the design firm IDEO", "president of the board"."""
    rest = context.text[unit.end:]
    of = re.match(r"\s+(?:of|at|for)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}", rest)
    org = of and next((m for m in context.organizations() if m.start == unit.end + of.end()), None)
    noun = context.rules.noun_after.match(rest)
    if org:
        # one word describing it may follow before "and" or a comma ("president of ARCO petroleum and …")
        tail = re.match(r"\s+[a-z][\w-]*(?=\s*(?:,|and\s|&))", context.text[org.end:])
        unit.organization, unit.right = (org.entity_id, "named"), org.end + (tail.end() if tail else 0)
    elif noun and not context.inside_mention(unit.end + noun.start(1), unit.end + noun.end()):
        unit.organization, unit.right = context.resolve(noun.group(1), unit.end + noun.start(1)), unit.end + noun.end()


def groups(context, found):
    """Role phrases joined by "and" ("president and founder"), as lists of units."""
    joined = []
    for unit in found:
        if joined and re.fullmatch(r"\s*,?\s*(?:and|&)\s+", context.text[joined[-1][-1].right:unit.left]):
            joined[-1].append(unit)
        else:
            joined.append([unit])
    return joined


def find_people(context, group):
    """The person (or, after a plural, the people) a group of role phrases belongs to: (pattern, [Mention],
    the past-tense predicate if one said it) — ([], …) when no person stands next to it."""
    text, first, last = context.text, group[0], group[-1]
    gap = re.match(r"\s+", text[last.right:])
    person = gap and context.person_at(last.right + gap.end())
    if person:  # "Superintendent Ramon Cortines"
        return "title", listed_people(context, person) if last.plural else [person], None
    before = re.search(r",\s*$", text[:first.left])
    person = before and not first.plural and context.person_ending(before.start())
    # closed by punctuation or "who", a time phrase allowed ("superintendent from 2000 to 2006,"): "Unlike
    # Cortines, the superintendent cut costs" is no appositive
    closed = re.match(rf"(?:\s+(?:{alternation(context.rules.year_prepositions)})\s[^,.;:]*)?"
                      r"\s*(?:[,.;:)!?—–]|$|who\b)", text[last.right:], re.I)
    if person and closed:  # "Marshall Tuck, the Partnership's chief executive,"
        return "appositive", [person], None
    for person in context.people():
        if person.end <= first.left:
            m = context.rules.predicate.match(text[person.end:first.left])
            if m:  # "Roy Romer became superintendent"
                said = m.group(1).lower()
                past = key(said) in {key(p) for p in context.rules.past_predicates}
                return "predicate", [person], said if past else None
    after = re.match(r"\s*,\s*", text[last.right:])
    person = after and first.determined and context.person_at(last.right + after.end())
    if person and re.match(r"\s*(?:[,.;:)]|$)", text[person.end:]):  # "the district's superintendent, John Deasy,"
        return "title", [person], None
    return None, [], None


def listed_people(context, person):
    """person and those listed after them: "board members Yolie Flores, Mónica García and Steve Zimmer"."""
    people = [person]
    while True:
        joint = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)", context.text[people[-1].end:])
        following = joint and context.person_at(people[-1].end + joint.end())
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
        by = re.match(r"\s+by\s+", text[verb.end():])
        if by:
            person = context.person_at(verb.end() + by.end())
            people = listed_people(context, person) if person else []
            org = next((m for m in context.organizations() if m.end <= verb.start() and re.fullmatch(
                r"\s*(?:,\s*)?(?:(?:which|that)\s+)?(?:was\s+|is\s+)?", text[m.end:verb.start()])), None)
        else:
            person = next((m for m in context.people() if m.end <= verb.start() and re.fullmatch(
                r"\s*(?:,\s*)?(?:who\s+)?(?:also\s+|later\s+)?", text[m.end:verb.start()])), None)
            people = [person] if person else []
            after = re.match(r"\s+(?:the\s+)?", text[verb.end():])
            org = after and next((m for m in context.organizations() if m.start == verb.end() + after.end()), None)
        if org:  # a founder of nothing named is not a role
            found += [Role(p.entity_id, role, verb.group(0), verb.start(), verb.end(), "founded", org.entity_id,
                           "named") for p in people]
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
    people = [m for m in context.people() if m.entity_id == role.person_id]
    near = min(people, key=lambda m: abs(m.start - role.start)) if people else None
    start = min(role.start, near.start) if near else role.start
    end = max(role.end, near.end) if near else role.end
    candidates = []
    for date in find_dates(context.text):
        if date.precision == "decade":
            continue  # "the 1990s" is not a year a role can be given
        m = context.rules.year_preposition.search(context.text[:date.start])
        if m:
            gap = max(start - date.end, date.start - end, 0)
            candidates.append((gap, date.start, date, m.group(1) and m.group(1).lower()))
    return min(candidates, key=lambda c: c[:2])[2:] if candidates else None


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
