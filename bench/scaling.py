"""How the cleaning path and its neighbours grow with their input: each step timed at sizes growing 4× at a time,
and the ratio of each time to the one before (linear ≈ 4, quadratic ≈ 16).

- read_document on synthetic documents of 2.5k, 10k and 40k paragraphs (prose from a few templates with varying
  names and numbers, short lines, headings, pull quotes that repeat a sentence from far above), with the time of
  each cleaning pass of clean_body();
- events.find_dates on one very long paragraph, events.load_events on a long document;
- entities.propagate_short_names and entities.propagate_names on many passages of one document, and on one very
  long passage.

`.venv/bin/python bench/scaling.py` runs it alone (`--profile` adds cProfile's top functions for the largest
document, `--sizes 2500,10000` other sizes); bench.py may call report()."""

import argparse
import cProfile
import gc
import io
import pstats
import random
import sys
import tempfile
import time
from functools import wraps
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from loaders import documents, entities, events  # noqa: E402
from loaders.entities import Span, read_entity_rules  # noqa: E402

SIZES = (2_500, 10_000, 40_000)  # paragraphs of a document
LINEAR = 6  # a ratio per 4× growth above this is more than linear
FIRST = ["Ramon", "Maria", "John", "Monica", "David", "Ana", "Luis", "Grace", "Harold", "Elena", "Samuel", "Rosa"]
LAST = ["Cortines", "Garcia", "Deasy", "Romer", "Brewer", "Flores", "Ochoa", "Kim", "Nguyen", "Alvarez", "Baker",
        "Hernandez", "Lee", "Morales", "Patel", "Reyes"]
SCHOOLS = ["Fremont", "Locke", "Jefferson", "Roosevelt", "Garfield", "Crenshaw", "Belmont", "Manual Arts",
           "Dorsey", "Hamilton", "Marshall", "Venice"]
TOPICS = ["Budget", "Enrollment", "Charter Growth", "Teacher Contracts", "Testing", "Governance", "Facilities",
          "Parent Trigger", "Local Control", "Graduation"]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]
TEMPLATES = [
    "In {year}, Superintendent {first} {last} asked the board to approve {n} new charter schools, and the vote "
    "was {a} to {b} after a long debate about enrollment at {school} High School and its neighbors.",
    "The district said that {n} students at {school} High School had raised their scores by {p} percent since "
    "{year}, a gain it credited to the reform plan that {first} {last} wrote with the teachers union.",
    "\u201cWe are not going to wait another {a} years for this district to fix our schools,\u201d said {first} "
    "{last}, a parent at {school} Elementary, who spoke at the meeting on {month} {day}, {year}.",
    "Board member {first} {last} said the budget for {year}-{yy} would cut ${n} million from the central office, "
    "leaving {p} percent of the money to the schools themselves, and that principals would decide how to spend it.",
    "By the {decade}s, the district enrolled more than {n},000 students, and {school} alone had {a},{b}00 of them; "
    "reformers such as {first} {last} argued that no single board could run so large a system well.",
    "The {topic} committee met again in {month} {year}. Its report, written by {first} {last}, found that "
    "{p} of the {n} schools it studied had no plan for the {year}-{yy} school year, and it asked for one by June.",
]


def paragraph(rng, template=None):
    year = rng.randint(1970, 2024)
    return (template or rng.choice(TEMPLATES)).format(
        year=year, yy=f"{(year + 1) % 100:02d}", decade=rng.randint(190, 201) * 10, n=rng.randint(2, 900),
        a=rng.randint(2, 9), b=rng.randint(1, 9), p=rng.randint(3, 97), day=rng.randint(1, 28),
        month=rng.choice(MONTHS), first=rng.choice(FIRST), last=rng.choice(LAST), school=rng.choice(SCHOOLS),
        topic=rng.choice(TOPICS))


def pull_quote_of(text):
    """A pull quote of a paragraph: its words 4 to 16, in quotation marks (normalised, they occur in it)."""
    return "\u201c" + " ".join(text.split()[4:16]).strip(",.;\u201c\u201d") + "\u201d"


def make_body(paragraphs, seed=0, quote_every=97, quote_distance=500):
    """(markdown body, {index of a pull quote's paragraph: its text}, {index: source paragraph}) of a document of
    about `paragraphs` paragraphs: mostly prose, with a heading every 40, a short line now and then, and every
    quote_every-th paragraph a pull quote of a paragraph quote_distance paragraphs above it (or below, near the
    top: a pull quote may come before its passage)."""
    rng = random.Random(seed)
    blocks, quotes = [], {}
    for i in range(paragraphs):
        if i and i % 40 == 0:
            blocks.append(f"## {rng.choice(TOPICS)} and {rng.choice(LAST)} in {rng.randint(1970, 2024)}")
        elif i % 53 == 7:
            blocks.append(f"{rng.choice(FIRST)} {rng.choice(LAST)} of {rng.choice(SCHOOLS)} was not reached")
        else:
            blocks.append(paragraph(rng))
    for i in range(quote_every, len(blocks), quote_every):
        source = i - quote_distance if i >= quote_distance else i + quote_distance
        if source < len(blocks) and not blocks[source].startswith("## ") and blocks[source].endswith("."):
            quotes[i] = (pull_quote_of(blocks[source]), source)
    for i, (quote, _) in quotes.items():
        blocks[i] = quote
    return "\n\n".join(blocks), quotes, blocks


def write(folder, paragraphs, seed=0):
    """corpus/documents/<slug>.md of make_body(paragraphs): (path, quotes, blocks)."""
    body, quotes, blocks = make_body(paragraphs, seed)
    path = Path(folder) / "documents" / f"synthetic-{paragraphs}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: The Long Story of Reform\nauthor: Jane Doe\npublished: 2015-06-17\n---\n\n"
                    f"{body}\n", encoding="utf-8")
    return path, quotes, blocks


# the passes of read_document() and clean_body(), timed by wrapping the module's functions
PASSES = ["read_source", "document_meta", "strip_line_numbers", "word_forms", "join_split_parentheses",
          "set_tables_apart", "split_paragraph_lines", "set_credit_apart", "set_heading_apart", "page_edges",
          "remove_page_furniture", "remove_boilerplate", "strip_masthead", "strip_tail", "remove_pull_quotes",
          "remove_stray_headlines", "classify", "find_page_footnotes", "rejoin_hyphenated", "mend_page_breaks",
          "assemble", "metadata_from_furniture"]


class Timers:
    """Wrap the passes of loaders.documents, adding each call's time to self.spent (a pass called inside another,
    rejoin_hyphenated in mend_page_breaks, is in both)."""

    def __init__(self):
        self.spent, self.saved, self.depth = {}, {}, {}

    def __enter__(self):
        for name in PASSES:
            original = getattr(documents, name)
            self.saved[name] = original
            setattr(documents, name, self.timed(name, original))
        return self

    def timed(self, name, original):
        @wraps(original)
        def wrapper(*args, **kwargs):
            self.depth[name] = self.depth.get(name, 0) + 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.depth[name] -= 1
                if not self.depth[name]:  # (a recursive call is in its caller's time)
                    self.spent[name] = self.spent.get(name, 0) + time.perf_counter() - started
        return wrapper

    def __exit__(self, *exc):
        for name, original in self.saved.items():
            setattr(documents, name, original)


class quiet_gc:
    """The garbage collector off while a step is timed (collected first): its passes over the heap, which grows
    with the input, would otherwise blur what the step's own algorithm costs."""

    def __enter__(self):
        gc.collect()
        gc.disable()

    def __exit__(self, *exc):
        gc.enable()


def ratios(times):
    return ["" if i == 0 or not times[i - 1] else f"{times[i] / times[i - 1]:.1f}" for i in range(len(times))]


def table(title, sizes, rows, unit="paragraphs"):
    """Print rows {name: [seconds per size]} with the ratio per 4×; return the names whose last ratio is > LINEAR."""
    print(f"\n{title}")
    print(f"{'':<26}" + "".join(f"{s:>12,}" for s in sizes) + f"   ratio per 4× ({unit})")
    flagged = []
    for name, times in rows.items():
        r = ratios(times)
        # a step too quick to measure (under 20 ms at the largest size) is not flagged for its ratio
        superlinear = any(x and float(x) > LINEAR for x in r) and max(times) > 0.02
        flagged += [name] if superlinear else []
        print(f"{name:<26}" + "".join(f"{t:>11.3f}s" for t in times) + "   " + "  ".join(f"{x:>5}" for x in r if x)
              + ("   <- more than linear" if superlinear else ""))
    return flagged


def bench_documents(sizes, profile=False):
    rows, passes = {"read_document": []}, {name: [] for name in PASSES}
    rules = documents.repository_rules()
    with tempfile.TemporaryDirectory() as tmp:
        documents.read_document(write(tmp, 200)[0], rules=rules)  # warm up
        for size in sizes:
            path, _, _ = write(tmp, size)
            with Timers() as timers, quiet_gc():
                started = time.perf_counter()
                documents.read_document(path, rules=rules)
                rows["read_document"].append(time.perf_counter() - started)
            for name in PASSES:
                passes[name].append(timers.spent.get(name, 0.0))
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(documents.read_document, write(tmp, sizes[-1])[0], rules=rules)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    flagged = table("read_document (synthetic document)", sizes, rows)
    return flagged + table("its passes", sizes, {k: v for k, v in passes.items() if any(v)})


def long_paragraph(rng, sentences):
    return " ".join(paragraph(rng) for _ in range(sentences // 2)) + " See https://example.org/1999/report and " \
        "www.lausd.net/2005 for more."


def bench_events(sizes):
    rng = random.Random(1)
    rows = {"find_dates (1 paragraph)": [], "load_events (1 document)": []}
    for size in sizes:
        text = long_paragraph(rng, size)
        with quiet_gc():
            started = time.perf_counter()
            events.find_dates(text)
            rows["find_dates (1 paragraph)"].append(time.perf_counter() - started)
        rows["load_events (1 document)"].append(time_load_events(rng, size))
    return table("events", sizes, rows, "sentences")


def time_load_events(rng, size):
    """load_events over one document of size/10 passages of 10 templates' sentences each (with their sentences,
    a mention per sentence and a reform citation per passage in an in-memory database)."""
    db = sqlite_utils.Database(memory=True)
    passages, sentences, mentions, citations = [], [], [], []
    db["entities"].insert({"id": 1, "type": "REFORM", "name": "LEARN"})
    db["reforms"].insert({"id": 1, "entity_id": 1})
    for p in range(1, max(1, size // 10) + 1):
        parts = [paragraph(rng) for _ in range(10)]
        text = " ".join(parts)
        passages.append({"id": p, "document_id": 1, "text": text})
        at = 0
        for part in parts:
            sentences.append({"id": len(sentences) + 1, "passage_id": p, "start": at, "end": at + len(part)})
            mentions.append({"entity_id": 1, "passage_id": p, "start": at})
            at += len(part) + 1
        date = events.find_dates(text)[0]
        citations.append({"id": len(citations) + 1, "reform_id": 1, "passage_id": p, "start": date.start,
                          "end": date.end, "year": date.year, "milestone": 1})
    db["passages"].insert_all(passages)
    db["sentences"].insert_all(sentences)
    db["mentions"].insert_all(mentions)
    db["reform_citations"].insert_all(citations)
    db["documents"].insert({"id": 1, "slug": "synthetic", "published": None})
    with quiet_gc():
        started = time.perf_counter()
        events.load_events(SimpleNamespace(db=db, corpus=ROOT / "corpus"))
        return time.perf_counter() - started


def entity_input(rng, passages, per_passage, text_of):
    """(spans, texts, sentences, passage_docs) of one document: passages of per_passage sentences, each naming an
    organisation in full, its short form, a person in full and by family name."""
    spans, texts, sentences = [], [], []
    for index in range(passages):
        parts, bounds, at = [], [], 0
        for k in range(per_passage):
            school, first, last = rng.choice(SCHOOLS), rng.choice(FIRST), rng.choice(LAST)
            full = f"{school} High School"
            sentence = text_of(rng, full, school, f"{first} {last}", last)
            org = sentence.index(full)
            person = sentence.index(f"{first} {last}")
            spans.append(Span(index, at + org, at + org + len(full), full, "ORG", "ORG", None, sentence, at))
            spans.append(Span(index, at + person, at + person + len(first) + len(last) + 1, f"{first} {last}",
                              "PERSON", "PERSON", None, sentence, at))
            parts.append(sentence)
            bounds.append((at, at + len(sentence)))
            at += len(sentence) + 1
        texts.append(" ".join(parts))
        sentences.append(bounds)
    return spans, texts, sentences, [1] * passages


def entity_sentence(rng, full, short, person, family):
    return (f"Teachers at {full} said {person} had met them in {rng.randint(1990, 2020)}, and that {short} "
            f"would add {rng.randint(2, 90)} classes; the union praised {family} for the plan.")


def bench_entities(sizes):
    rng = random.Random(2)
    rules = read_entity_rules(ROOT / "corpus")
    rows = {}
    for label, shape in (("many passages", lambda n: (n, 1)), ("one long passage", lambda n: (1, n))):
        for name in ("propagate_names", "propagate_short_names"):
            rows[f"{name[10:]} ({label})"] = []
        for size in sizes:
            args = entity_input(rng, *shape(size), entity_sentence)
            for name in ("propagate_names", "propagate_short_names"):
                with quiet_gc():
                    started = time.perf_counter()
                    getattr(entities, name)(list(args[0]), *args[1:], rules)
                    rows[f"{name[10:]} ({label})"].append(time.perf_counter() - started)
    return table("entities (one document)", sizes, rows, "sentences")


def report(sizes=SIZES, profile=False):
    flagged = bench_documents(sizes, profile)
    small = tuple(s // 5 for s in sizes)  # sentences: a paragraph of 8k sentences is already far beyond any real one
    flagged += bench_events(small)
    flagged += bench_entities(small)
    print(f"\nmore than linear (ratio > {LINEAR} per 4×): {', '.join(flagged) or 'none'}")
    return flagged


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="paragraphs of the documents")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest document")
    args = parser.parse_args()
    report(tuple(int(s) for s in args.sizes.split(",")), args.profile)
