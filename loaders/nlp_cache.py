"""spaCy's work kept between builds: each text piece's Doc (tokens, sentence starts, entities with their ruler
ids), keyed by the piece's text and everything that shapes what spaCy makes of it — the model and its version,
spaCy's version, the pipes and the entity ruler's patterns (the gazetteer and the publications). It lives in a
SQLite file outside reform.db (by default .reformkb-cache/ beside it), is safe to delete, and never changes a
result: the rest of the entities stage runs on the Docs as before, whether they came from here or from spaCy.

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


class DocCache:
    """The cache file of a folder: get(text) → Doc or None, put(text, doc), close()."""

    def __init__(self, folder, nlp):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(Path(folder) / FILE)
        self.conn.execute("create table if not exists docs (key text primary key, doc blob)")
        self.nlp, self.base = nlp, pipeline_key(nlp)
        self.hits = self.misses = 0

    def key(self, text):
        return hashlib.sha256(f"{self.base}\0{text}".encode()).hexdigest()

    def known(self, texts):
        """The indexes of texts that are in the cache."""
        keys = [self.key(t) for t in texts]
        found = set()
        for at in range(0, len(keys), 500):
            chunk = keys[at:at + 500]
            marks = ",".join("?" * len(chunk))
            found |= {k for k, in self.conn.execute(f"select key from docs where key in ({marks})", chunk)}
        return {i for i, k in enumerate(keys) if k in found}

    def get(self, text):
        row = self.conn.execute("select doc from docs where key = ?", [self.key(text)]).fetchone()
        if row is None:
            return None
        self.hits += 1
        return unpacked(row[0], self.nlp.vocab)

    def put(self, text, doc):
        self.misses += 1
        self.conn.execute("insert or replace into docs values (?, ?)", [self.key(text), packed(doc)])

    def close(self):
        self.conn.commit()
        self.conn.close()


def docs_of(nlp, texts, cache=None, read=None, **pipe):
    """The Docs of texts, in order: read(texts) makes them (by default nlp.pipe, keyword arguments passed on; a
    cluster's reader, loaders/cluster.py), each taken from the cache when it holds the text and put there when it
    did not."""
    read = read or (lambda some: nlp.pipe(some, **pipe))
    if cache is None:
        yield from read(texts)
        return
    known = cache.known(texts)
    made = iter(read([t for i, t in enumerate(texts) if i not in known]))
    for i, text in enumerate(texts):
        if i in known:
            yield cache.get(text)
        else:
            doc = next(made)
            cache.put(text, doc)
            yield doc
