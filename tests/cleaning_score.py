"""Score the cleaning of a set of documents against what a careful reader keeps (tests/fixtures/tuning: the
rules were tuned on it; tests/fixtures/devset: held out, written apart from the rules).

Each set has documents/<slug>.<ext> (sidecars beside them), expected/<slug>.yml (title, author, published,
headings, passages, footnotes, boilerplate) and may have make_pdfs.py, whose write_pdfs(folder) writes its PDFs.
Kept text is compared word by word: precision is the share of the words kept that a reader keeps, recall the
share of the reader's words that were kept."""

import difflib
import importlib.util
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from loaders.corpus import find_documents
from loaders.documents import read_document

FIXTURES = Path(__file__).parent / "fixtures"
WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def words(text):
    return WORD.findall(text.lower())


@dataclass
class Score:
    slug: str
    format: str
    seconds: float
    kept: int  # words kept
    expected: int  # words a reader keeps
    matched: int
    passages: int
    dirty: list  # kept passages that carry boilerplate
    lost: list  # a reader's passages that lost words (three or more: a mended word gone wrong is not prose lost)
    bad_headings: list  # headings a reader would not see as headings
    meta: dict = field(default_factory=dict)  # key → (expected, found) where they differ

    @property
    def precision(self):
        return self.matched / self.kept if self.kept else 1.0

    @property
    def recall(self):
        return self.matched / self.expected if self.expected else 1.0


def prepare(name, folder):
    """Copy set `name` into folder (writing its PDFs there) and return (documents folder, expected folder)."""
    source = FIXTURES / name
    shutil.copytree(source / "documents", folder / "documents")
    maker = source / "make_pdfs.py"
    if maker.exists():
        spec = importlib.util.spec_from_file_location(f"make_pdfs_{name}", maker)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.write_pdfs(folder / "documents")
    return folder, source / "expected"


def score_set(name, folder):
    corpus, expected_folder = prepare(name, folder)
    return [score_document(slug, path, yaml.safe_load((expected_folder / f"{slug}.yml").read_text()))
            for slug, path in find_documents(corpus)]


def score_document(slug, path, expected):
    started = time.perf_counter()
    doc = read_document(path, slug)
    seconds = time.perf_counter() - started
    kept = [p.text for p in doc.passages if p.kind != "footnote"]
    reader = [str(t) for t in expected.get("passages") or []]
    notes = {p.footnote_number: p.text for p in doc.passages if p.kind == "footnote"}
    reader_notes = {int(n): str(t) for n, t in (expected.get("footnotes") or {}).items()}
    # the body in reading order, and each note against the note of its number
    pairs = [(kept, reader)] + [([notes.get(n, "")], [reader_notes.get(n, "")])
                                 for n in sorted(set(notes) | set(reader_notes))]
    boilerplate = [b for b in expected.get("boilerplate") or [] if len(words(b)) >= 2 or len(b) > 8]
    kept_words = expected_words = matched = 0
    dirty, lost = [], []
    for got_texts, want_texts in pairs:
        got, want = [words(t) for t in got_texts], [words(t) for t in want_texts]
        flat_got = [w for ws in got for w in ws]
        flat_want = [w for ws in want for w in ws]
        matcher = difflib.SequenceMatcher(None, flat_got, flat_want, autojunk=False)
        hit_got, hit_want = set(), set()
        for a, b, size in matcher.get_matching_blocks():
            hit_got.update(range(a, a + size))
            hit_want.update(range(b, b + size))
        kept_words += len(flat_got)
        expected_words += len(flat_want)
        matched += len(hit_got)
        body = got_texts is kept  # the boilerplate strings must not be in the body (a note may quote them)
        dirty += [t for t, n in zip(got_texts, unmatched(got, hit_got))
                  if t and (n >= 3 or body and any(b.lower() in t.lower() for b in boilerplate))]
        lost += [t for t, n in zip(want_texts, unmatched(want, hit_want)) if n >= 3]  # a slip of a word is not
    headings = {normal(h) for h in expected.get("headings") or []}
    sections = list(dict.fromkeys(p.section for p in doc.passages if p.section and p.kind != "footnote"))
    bad_headings = [s for s in sections if normal(s) not in headings]
    meta = {}
    for key in ("title", "author", "published"):
        want_value = expected.get(key)
        if want_value is not None and str(want_value) != str(doc.meta.get(key)):
            meta[key] = (str(want_value), doc.meta.get(key))
    return Score(slug, doc.format, seconds, kept_words, expected_words, matched, len(doc.passages), dirty, lost,
                 bad_headings, meta)


def unmatched(spans, hits):
    """How many words of each text (spans: the texts' word lists, laid end to end) were not matched."""
    out, at = [], 0
    for ws in spans:
        out.append(sum(1 for i in range(at, at + len(ws)) if i not in hits))
        at += len(ws)
    return out


def normal(text):
    return " ".join(words(text))


def table(scores):
    """The scores as text, one line a document and a total."""
    lines = [f"{'document':<44} {'fmt':<4} {'prec':>6} {'recall':>6} {'dirty':>7} {'lost':>5} {'heads':>5} "
             f"{'meta':>4} {'ms':>6}"]
    for s in scores:
        lines.append(f"{s.slug[:44]:<44} {s.format:<4} {s.precision:6.3f} {s.recall:6.3f} "
                     f"{len(s.dirty):>3}/{s.passages:<3} {len(s.lost):>5} {len(s.bad_headings):>5} {len(s.meta):>4} "
                     f"{s.seconds * 1000:6.0f}")
    total = summary(scores)
    lines.append(f"{'all':<44} {'':<4} {total['precision']:6.3f} {total['recall']:6.3f} "
                 f"{total['dirty']:>3}/{total['passages']:<3} {total['lost']:>5} {total['bad_headings']:>5} "
                 f"{total['meta']:>4}")
    return "\n".join(lines)


def summary(scores):
    kept = sum(s.kept for s in scores)
    expected = sum(s.expected for s in scores)
    matched = sum(s.matched for s in scores)
    return {"precision": matched / kept if kept else 1.0, "recall": matched / expected if expected else 1.0,
            "dirty": sum(len(s.dirty) for s in scores), "passages": sum(s.passages for s in scores),
            "lost": sum(len(s.lost) for s in scores), "bad_headings": sum(len(s.bad_headings) for s in scores),
            "meta": sum(len(s.meta) for s in scores)}
