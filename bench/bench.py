"""`make bench`: the build's speed beside a bare spaCy pass over the same texts, then page latencies.

Builds a ~200k-word corpus (the seed documents copied under new slugs), times `reformkb build` on it, and times
a bare senter+ner pass (no ruler, no cleaning, no database) over the same passage texts in the same run."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.corpus import find_documents  # noqa: E402
from loaders.documents import read_document  # noqa: E402
from loaders.entities import MODEL  # noqa: E402
from reformkb.build import build  # noqa: E402

TARGET_WORDS = 200_000


def make_corpus(folder):
    """Copy corpus/ and add copies of its documents until the passages hold TARGET_WORDS words."""
    shutil.copytree(ROOT / "corpus", folder)
    documents = [read_document(path, slug) for slug, path in find_documents(folder)]
    words_once = sum(len(p.text.split()) for d in documents for p in d.passages)
    copies = max(1, round(TARGET_WORDS / words_once)) - 1
    for n in range(1, copies + 1):
        for doc in documents:
            # without its table: one charter table per school year is a rule of the corpus
            text = "".join(line for line in doc.path.read_text().splitlines(True) if "\t" not in line)
            (folder / "documents" / f"{doc.slug}-copy{n:02d}.md").write_text(text)
    return [p.text for slug, path in find_documents(folder) for p in read_document(path, slug).passages]


def bare_pass(texts, n_process):
    import spacy

    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    nlp.enable_pipe("senter")
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64, n_process=n_process))
    return time.perf_counter() - started, entities


def main():
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        texts = make_corpus(corpus)
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {len(list((corpus / 'documents').glob('*.md')))} documents, {len(texts):,} passages, "
              f"{words:,} words")

        timings = {}
        started = time.perf_counter()
        counts = build(corpus, Path(tmp) / "bench.db",
                       report=lambda m: (print("  " + m), timings.setdefault(m.split(":")[0], m)))
        build_seconds = time.perf_counter() - started
        bare_seconds, _ = bare_pass(texts, n_process=2 if words > 50_000 else 1)

        print(f"\n{'':<34}{'seconds':>9}{'words/s':>10}")
        print(f"{'reformkb build (all stages)':<34}{build_seconds:>9.1f}{words / build_seconds:>10,.0f}")
        print(f"{'bare spaCy senter+ner pass':<34}{bare_seconds:>9.1f}{words / bare_seconds:>10,.0f}")
        ratio = build_seconds / bare_seconds
        print(f"build / bare pass: {ratio:.2f}x (goal <= 1.5x) — {'met' if ratio <= 1.5 else 'NOT met'}")
        print(f"rows: {counts.get('mentions', 0):,} mentions, {counts.get('entities', 0):,} entities")

    full = ROOT / "bench" / ".full.db"
    build(ROOT / "corpus", full, report=lambda m: None)
    try:
        from bench import pages
    except ImportError:
        pages = None
    if pages:
        print("\npage latency on the full corpus (ms):")
        pages.report(full)
    full.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
