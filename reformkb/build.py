"""`reformkb build`: corpus/ → reform.db, all or nothing.

The database is built in a temporary file beside the target and renamed over it only when every stage
succeeded, so a failed build leaves the previous database byte-for-byte as it was."""

import os
import tempfile
import time
from pathlib import Path

import sqlite_utils

from loaders.corpus import load_documents
from loaders.shape import create_tables, ensure_db_shape


def build(corpus, db_path, report=print):
    """Build db_path from the corpus folder. Returns {table: row count}. Raises CorpusError on bad input."""
    corpus, db_path = Path(corpus), Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".building", dir=db_path.parent)
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp)
        started = time.perf_counter()
        create_tables(db)
        with db.conn:
            documents = load_documents(db, corpus, progress=lambda slug: report(f"  read {slug}"))
        report(f"documents: {len(documents)} in {time.perf_counter() - started:.1f}s")
        ensure_db_shape(db)
        db.conn.execute("vacuum")
        counts = {t: db[t].count for t in db.table_names() if not t.startswith("passages_fts")}
        db.close()
        os.replace(tmp, db_path)
        return counts
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
