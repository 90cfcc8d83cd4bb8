"""`make bench`: the build's speed beside a bare spaCy pass over the same texts, the reading time of a document by
format, then page latencies.

Builds a ~200k-word corpus (the seed documents copied under new slugs, with gazetteer.yml and reforms.yml), times
`reformkb build` on it, and times a bare senter+ner pass (no ruler, no cleaning, no database) over the same passage
texts in the same run, with the same number of processes, once before and once after the build (the mean is
compared). Both timings include loading the model; spaCy itself is imported before either starts. The state files
of corpus/cde are a fixed cost that does not grow with the words: they are left out of the bench corpus, and their
load is timed on its own on the real corpus/cde."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402  (imported here, so that neither timing pays for it)
import sqlite_utils  # noqa: E402

from loaders.cde import load_state_files  # noqa: E402
from loaders.corpus import find_documents  # noqa: E402
from loaders.documents import read_document  # noqa: E402
from loaders.entities import MODEL, processes_for  # noqa: E402
from loaders import schema  # noqa: E402
from loaders.context import BuildContext  # noqa: E402
from reformkb.build import build  # noqa: E402

import formats  # noqa: E402  (bench/formats.py)
import load  # noqa: E402  (bench/load.py)
import pages  # noqa: E402  (bench/pages.py: `from bench import pages` would find this file, bench.py, instead)
import scaling  # noqa: E402  (bench/scaling.py)

TARGET_WORDS = 200_000
GOAL = 1.5


def make_corpus(folder):
    """Copy the seed documents, gazetteer.yml and reforms.yml into folder, and add copies of the documents until
    the passages hold TARGET_WORDS words. Returns the passage texts."""
    (folder / "documents").mkdir(parents=True)
    for name in ("gazetteer.yml", "reforms.yml"):
        if (ROOT / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, folder / name)
    seeds = [read_document(path, slug) for slug, path in find_documents(ROOT / "corpus")]
    for doc in seeds:
        shutil.copy(doc.path, folder / "documents" / doc.path.name)
    words_once = sum(len(p.text.split()) for d in seeds for p in d.passages)
    copies = max(1, round(TARGET_WORDS / words_once)) - 1
    for n in range(1, copies + 1):
        for doc in seeds:
            # without its table: one charter table per school year is a rule of the corpus
            text = "".join(line for line in doc.path.read_text().splitlines(True) if "\t" not in line)
            (folder / "documents" / f"{doc.slug}-copy{n:02d}.md").write_text(text)
    return [p.text for slug, path in find_documents(folder) for p in read_document(path, slug).passages]


def bare_pass(texts, n_process):
    """Seconds to load the model (senter + ner only) and run it over texts; and the number of entities found."""
    started = time.perf_counter()
    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    nlp.enable_pipe("senter")
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64, n_process=n_process))
    return time.perf_counter() - started, entities


def state_files_seconds():
    """Seconds to load the real corpus/cde into an empty database, and the stage's summary."""
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite_utils.Database(Path(tmp) / "cde.db")
        schema.create(db)
        started = time.perf_counter()
        with db.conn:
            summary = load_state_files(BuildContext(db, ROOT / "corpus"))
        return time.perf_counter() - started, summary


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        texts = make_corpus(corpus)
        words = sum(len(t.split()) for t in texts)
        n_process = processes_for(words)
        print(f"corpus: {len(list((corpus / 'documents').glob('*.md')))} documents, {len(texts):,} passages, "
              f"{words:,} words (no state files)")

        # the bare pass once before and once after the build: a machine that speeds up or slows down during the
        # run moves both figures alike
        bare_before, _ = bare_pass(texts, n_process)
        started = time.perf_counter()
        counts = build(corpus, Path(tmp) / "bench.db", report=lambda m: print("  " + m))
        build_seconds = time.perf_counter() - started
        bare_after, _ = bare_pass(texts, n_process)
        bare_seconds = (bare_before + bare_after) / 2

        print(f"\n{'':<38}{'seconds':>9}{'words/s':>10}")
        print(f"{'reformkb build (all stages)':<38}{build_seconds:>9.1f}{words / build_seconds:>10,.0f}")
        print(f"{f'bare spaCy senter+ner pass ({n_process} proc.)':<38}{bare_seconds:>9.1f}"
              f"{words / bare_seconds:>10,.0f}  (mean of {bare_before:.1f}s before, {bare_after:.1f}s after)")
        print("(both include loading the model)")
        ratio = build_seconds / bare_seconds
        print(f"build / bare pass: {ratio:.2f}x (goal <= {GOAL}x) — {'met' if ratio <= GOAL else 'NOT met'}")
        print(f"rows: {counts.get('mentions', 0):,} mentions, {counts.get('entities', 0):,} entities")

        # again with nothing changed, then after a one-document edit (spaCy's cache is warm from the build above)
        started = time.perf_counter()
        build(corpus, Path(tmp) / "bench.db", report=lambda m: None)
        unchanged = time.perf_counter() - started
        edited = sorted((corpus / "documents").glob("*.md"))[0]
        edited.write_text(edited.read_text() + "\n\nThe board met again in 2016 and adopted a new plan.\n")
        started = time.perf_counter()
        build(corpus, Path(tmp) / "bench.db", report=lambda m: print("  " + m) if m.startswith("entities") else None)
        one_edit = time.perf_counter() - started
        print(f"rebuild, nothing changed: {unchanged:.2f}s = {100 * unchanged / build_seconds:.1f}% of the full build "
              f"(goal <= 5%)")
        print(f"rebuild after a one-document edit: {one_edit:.1f}s = {100 * one_edit / build_seconds:.1f}% of the "
              f"full build (goal <= 10%)")

    seconds, summary = state_files_seconds()
    print(f"\nstate files (corpus/cde, a fixed cost, not in the bench corpus): {seconds:.1f}s — {summary}")

    formats.report()

    full = ROOT / "bench" / ".full.db"
    build(ROOT / "corpus", full, report=lambda m: None)
    print("\npage latency on the full corpus (ms):")
    pages.report(full)
    full.unlink(missing_ok=True)

    print("\ncleaning time against document size (linear: x4 per 4x paragraphs):")
    scaling.report(sizes=(2_500, 10_000))

    # its own corpus of 200 documents: the one above holds 100, and stays as it is for the build ratio
    with tempfile.TemporaryDirectory() as tmp:
        print("\nload on loopback (the real server, mixed page traffic):")
        load.report(load.build_db(tmp))


if __name__ == "__main__":
    main()
