"""spaCy's work kept between builds: each text piece's Doc (tokens, sentence starts, entities with their ruler
ids), keyed by the piece's text and everything that shapes what spaCy makes of it — the model and its version,
spaCy's version, the pipes and the entity ruler's patterns (the gazetteer and the publications). It lives in a
SQLite file outside reform.db (by default .reformkb-cache/ beside it), is safe to delete, and never changes a
result: the rest of the entities stage runs on the Docs as before, whether they came from here or from spaCy.
Beside each Doc it keeps what the entity rules made of it (a "reading": sentences, abbreviations, cleaned spans),
keyed also by the rules, the code and the corpus's common words among the piece's own, so an unchanged piece costs
neither spaCy nor the rules, and a change of the rules costs the rules only.

The Docs keep only what the stage reads (ATTRS), packed as the words, their spaces and an array of the rest
with the strings it names: spaCy's DocBin looks up srsly's decoders among the installed packages' entry points
at every read (a millisecond each, most of the cost of a cached piece). A change of this file's format is a new
FORMAT, which makes every old entry a miss."""

import hashlib
import json
import pickle
import sqlite3
from pathlib import Path

FORMAT = 2
ATTRS = ["ORTH", "SPACY", "SENT_START", "ENT_IOB", "ENT_TYPE", "ENT_ID"]
ARRAY = ATTRS[2:]  # the words (ORTH) and spaces (SPACY) are kept as they are
FILE = "nlp.sqlite"


def packed(doc):
    """A Doc's ATTRS as bytes."""
    array = doc.to_array(ARRAY)
    strings = sorted({doc.vocab.strings[h] for h in set(array[:, 2:].ravel().tolist()) if h})
    return pickle.dumps((FORMAT, [t.text for t in doc], [bool(t.whitespace_) for t in doc], array.shape,
                         array.tobytes(), strings), protocol=pickle.HIGHEST_PROTOCOL)


def unpacked(data, vocab):
    """The Doc of packed() bytes, its strings added to vocab."""
    import numpy
    from spacy.tokens import Doc

    _, words, spaces, shape, array, strings = pickle.loads(data)
    for string in strings:
        vocab.strings.add(string)
    doc = Doc(vocab, words=words, spaces=spaces)
    if words:
        doc.from_array(ARRAY, numpy.frombuffer(array, dtype="uint64").reshape(shape))
    return doc


def pipeline_key(nlp):
    """What shapes a Doc besides its text: model, versions, pipes and ruler patterns, as one digest."""
    import spacy

    ruler = nlp.get_pipe("entity_ruler") if "entity_ruler" in nlp.pipe_names else None
    shape = {"format": FORMAT, "spacy": spacy.__version__, "model": nlp.meta.get("name"),
             "version": nlp.meta.get("version"), "pipes": nlp.pipe_names,
             "patterns": sorted(json.dumps(p, sort_keys=True) for p in (ruler.patterns if ruler else []))}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def rules_digest(rules):
    """The entity rules and the code that applies them (build_cache.code_digest: every module of loaders/)."""
    from .build_cache import code_digest

    shape = json.dumps(rules.model_dump(), sort_keys=True,
                       default=lambda o: sorted(o) if isinstance(o, (set, frozenset)) else str(o))
    return hashlib.sha256(f"{code_digest()}\0{shape}".encode()).hexdigest()


class DocCache:
    """The cache file of a folder: spaCy's Doc of each piece (known(texts), get(text) → Doc, put(text, packed
    bytes)) and what the rules made of it (reading_key(), readings(keys), put_reading(key, reading)); close().
    hits and misses count the pieces a build took from it and the ones it read."""

    def __init__(self, folder, nlp):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(Path(folder) / FILE)
        self.conn.execute("create table if not exists docs (key text primary key, doc blob)")
        self.conn.execute("create table if not exists readings (key text primary key, reading blob)")
        self.nlp, self.base = nlp, pipeline_key(nlp)
        self.hits = self.misses = 0

    def key(self, text):
        return hashlib.sha256(f"{self.base}\0{text}".encode()).hexdigest()

    def _found(self, table, keys, column):
        """{key: column} of the keys table holds (column "1" when only which keys matters)."""
        found = {}
        for at in range(0, len(keys), 500):
            chunk = keys[at:at + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"select key, {column} from {table} where key in ({marks})", chunk))
        return found

    def known(self, texts):
        """The indexes of texts whose Doc is in the cache."""
        keys = [self.key(t) for t in texts]
        found = self._found("docs", keys, "1")  # not the Docs themselves: only which are there
        return {i for i, k in enumerate(keys) if k in found}

    def get(self, text):
        row = self.conn.execute("select doc from docs where key = ?", [self.key(text)]).fetchone()
        return None if row is None else unpacked(row[0], self.nlp.vocab)

    def put(self, text, data):
        self.conn.execute("insert or replace into docs values (?, ?)", [self.key(text), data])

    def reading_key(self, text, common, rules_key):
        """What a piece's reading is made from: its Doc (the pipeline and the text), the corpus's common words
        among its own, and the rules with the code that applies them (rules_key: rules_digest())."""
        digest = hashlib.sha256(f"{rules_key}\0{self.key(text)}\0".encode())
        digest.update(" ".join(sorted(common)).encode())
        return digest.hexdigest()

    def readings(self, keys):
        """The reading kept under each key, or None."""
        found = self._found("readings", keys, "reading")
        return [pickle.loads(found[k]) if k in found else None for k in keys]

    def put_reading(self, key, reading):
        self.conn.execute("insert or replace into readings values (?, ?)",
                          [key, pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL)])

    def close(self):
        self.conn.commit()
        self.conn.close()
