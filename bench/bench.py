"""`make bench`: the build's speed beside a bare spaCy pass over the same texts at ~200k and ~1M words, with its
rebuilds, memory and page latency on the larger database (a table of each figure against its goal); then the
reading time of a document by format, page latencies on the real corpus, cleaning time against size and load.

Builds each corpus (the seed documents copied under new slugs, with gazetteer.yml and reforms.yml), times
`reformkb build` on it, and times a bare senter+ner pass (no ruler, no cleaning, no database) over the same passage
texts in the same run, with the same number of processes, once before and once after the build (the mean is
compared). Both timings include loading the model; spaCy itself is imported before either starts. The state files
of corpus/cde are a fixed cost that does not grow with the words: they are left out of the bench corpus, and their
load is timed on its own on the real corpus/cde."""

import shutil
import sys
import tempfile
import threading
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

SIZES = (200_000, 1_000_000)  # words of the bench corpora
GOAL = 1.3  # the full build against the bare pass
UNCHANGED_GOAL = 0.05  # a rebuild with nothing changed, as a share of the full build
EDIT_GOAL = {200_000: 0.10, 1_000_000: 0.05}  # a rebuild after a one-document edit
RSS_GOAL_MB = 1024


def make_corpus(folder, target_words):
    """Copy the seed documents, gazetteer.yml and reforms.yml into folder, and add copies of the documents until
    the passages hold target_words words. Returns the passage texts."""
    (folder / "documents").mkdir(parents=True)
    for name in ("gazetteer.yml", "reforms.yml"):
        if (ROOT / "corpus" / name).exists():
            shutil.copy(ROOT / "corpus" / name, folder / name)
    seeds = [read_document(path, slug) for slug, path in find_documents(ROOT / "corpus")]
    for doc in seeds:
        shutil.copy(doc.path, folder / "documents" / doc.path.name)
    words_once = sum(len(p.text.split()) for d in seeds for p in d.passages)
    copies = max(1, round(target_words / words_once)) - 1
    for n in range(1, copies + 1):
        for doc in seeds:
            # without its table: one charter table per school year is a rule of the corpus
            text = "".join(line for line in doc.path.read_text().splitlines(True) if "\t" not in line)
            (folder / "documents" / f"{doc.slug}-copy{n:03d}.md").write_text(distinct(text, n))
    return [p.text for slug, path in find_documents(folder) for p in read_document(path, slug).passages]


def distinct(text, n):
    """text with " Copy n." after each paragraph of prose (20 words or more) of its body, so that no passage of a
    copy is the text of another (a cache of spaCy's work, or de-duplication, would otherwise make copies cost
    nothing); short lines, page furniture among them, are left as they are."""
    _, front, body = text.split("---\n", 2)
    blocks = [b + f" Copy {n}." if len(b.split()) >= 20 and not b.lstrip().startswith(("#", "|", ">")) else b
              for b in body.split("\n\n")]
    return f"---\n{front}---\n" + "\n\n".join(blocks)


class PeakMemory:
    """The peak resident memory of this process and its children (spaCy's workers) together, sampled every
    0.1 s by a thread while in the with block."""

    def __enter__(self):
        import psutil

        self.peak, self.done, me = 0, threading.Event(), psutil.Process()

        def sample():
            while not self.done.wait(0.1):
                total = 0
                for process in [me, *me.children(recursive=True)]:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:  # a worker that ended between the listing and the reading
                        pass
                self.peak = max(self.peak, total)

        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()


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


def scale_run(target_words, page_runs=0):
    """Build a corpus of target_words words three ways (from nothing, again with nothing changed, after a
    one-document edit) beside a bare spaCy pass; with page_runs, time the heaviest pages on its database.
    Returns the figures of the summary table."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db_path = Path(tmp) / "corpus", Path(tmp) / "bench.db"
        texts = make_corpus(corpus, target_words)
        words = sum(len(t.split()) for t in texts)
        n_process = processes_for(words)
        print(f"\ncorpus of ~{target_words:,} words: {len(list((corpus / 'documents').glob('*.md')))} documents, "
              f"{len(texts):,} passages, {words:,} words (no state files)")

        # the bare pass once before and once after the build: a machine that speeds up or slows down during the
        # run moves both figures alike
        bare_before, _ = bare_pass(texts, n_process)
        started = time.perf_counter()
        with PeakMemory() as memory:
            counts = build(corpus, db_path, report=lambda m: print("  " + m[:160]))
        build_seconds = time.perf_counter() - started
        bare_after, _ = bare_pass(texts, n_process)
        bare_seconds = (bare_before + bare_after) / 2
        print(f"  bare spaCy senter+ner pass ({n_process} proc.): {bare_before:.1f}s before, {bare_after:.1f}s after")

        # again with nothing changed, then after a one-document edit (the caches are warm from the build above)
        started = time.perf_counter()
        build(corpus, db_path, report=lambda m: None)
        unchanged = time.perf_counter() - started
        edited = sorted((corpus / "documents").glob("*.md"))[0]
        edited.write_text(edited.read_text() + "\n\nThe board met again in 2016 and adopted a new plan.\n")
        started = time.perf_counter()
        build(corpus, db_path, report=lambda m: print("  edit: " + m[:100]) if m.startswith("entities") else None)
        one_edit = time.perf_counter() - started
        figures = {"words": words, "build": build_seconds, "bare": bare_seconds, "unchanged": unchanged,
                   "edit": one_edit, "rss_mb": memory.peak / 2**20, "db_mb": db_path.stat().st_size / 2**20,
                   "mentions": counts.get("mentions", 0)}
        if page_runs:
            print(f"  page latency on this database (ms), {page_runs} requests each:")
            figures["pages"] = pages.report(db_path, runs=page_runs)
        return figures


def summary_table(runs):
    """The table of the closing note: each figure beside its goal, for each corpus size."""
    def row(label, cell):
        print(f"{label:<36}" + "".join(f"{cell(f):>34}" for f in runs))

    def verdict(ok):
        return "met" if ok else "NOT met"

    print()
    row("", lambda f: f"{f['words']:,} words")
    row("full build / bare spaCy pass", lambda f: f"{f['build'] / f['bare']:.2f}x ({f['build']:.0f}/{f['bare']:.0f}s) "
        f"{verdict(f['build'] / f['bare'] <= GOAL)}")
    row("rebuild, nothing changed", lambda f: f"{100 * f['unchanged'] / f['build']:.1f}% ({f['unchanged']:.1f}s) "
        f"{verdict(f['unchanged'] / f['build'] <= UNCHANGED_GOAL)}")
    row("rebuild after a one-document edit", lambda f: f"{100 * f['edit'] / f['build']:.1f}% ({f['edit']:.1f}s) "
        f"{verdict(f['edit'] / f['build'] <= EDIT_GOAL[f['target']])}")
    row("peak RSS (build and its workers)", lambda f: f"{f['rss_mb']:.0f} MB {verdict(f['rss_mb'] <= RSS_GOAL_MB)}")
    row("database size", lambda f: f"{f['db_mb']:.1f} MB")
    print(f"goals: build <= {GOAL}x the bare pass; unchanged rebuild <= {100 * UNCHANGED_GOAL:.0f}%; one-document edit "
          + ", ".join(f"<= {100 * g:.0f}% at {w:,}" for w, g in EDIT_GOAL.items()) + f"; peak RSS <= {RSS_GOAL_MB} MB")


def main():
    runs = []
    for target in SIZES:
        figures = scale_run(target, page_runs=20 if target == max(SIZES) else 0)
        runs.append({**figures, "target": target})
    summary_table(runs)

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
