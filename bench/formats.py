"""Reading time of a document by format (extraction and cleaning, `read_document`), over the documents of the
cleaning test sets (tests/fixtures/tuning, devset, holdout, blind, fresh, final, pastes; their PDFs written by each set's
make_pdfs.py). Each document is read three times and its fastest time kept."""

import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from loaders.corpus import find_documents
from loaders.documents import read_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from cleaning_score import FIXTURES, prepare  # noqa: E402  (the one way a set is laid out, its PDFs written)
SETS = ("tuning", "devset", "holdout", "blind", "fresh", "final", "pastes")


def documents(folder):
    """(path) of every document of the sets, copied into folder with their PDFs written."""
    paths = []
    for name in SETS:
        if (FIXTURES / name / "documents").is_dir():
            corpus, _ = prepare(name, folder / name)
            paths += [path for _, path in find_documents(corpus)]
    return paths


def report():
    with tempfile.TemporaryDirectory() as tmp:
        by_format = defaultdict(list)
        for path in documents(Path(tmp)):
            read_document(path)  # the libraries imported and warmed once
            best = min(timed(path) for _ in range(3))
            doc = read_document(path)
            by_format[doc.format].append((best, sum(len(p.text.split()) for p in doc.passages), path.stat().st_size))
    print(f"\n{'reading a document':<20}{'docs':>6}{'median ms':>11}{'max ms':>8}{'words/s':>10}{'KB/s':>8}")
    for fmt, rows in sorted(by_format.items()):
        seconds = sum(r[0] for r in rows)
        print(f"{fmt:<20}{len(rows):>6}{statistics.median(r[0] for r in rows) * 1000:>11.1f}"
              f"{max(r[0] for r in rows) * 1000:>8.1f}{sum(r[1] for r in rows) / seconds:>10,.0f}"
              f"{sum(r[2] for r in rows) / 1024 / seconds:>8,.0f}")


def timed(path):
    started = time.perf_counter()
    read_document(path)
    return time.perf_counter() - started


if __name__ == "__main__":
    report()
