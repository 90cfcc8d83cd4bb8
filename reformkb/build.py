"""`reformkb build`: corpus/ → reform.db, all or nothing.

The database is built in a temporary file beside the target and renamed over it only when every stage
succeeded, so a failed build leaves the previous database byte-for-byte as it was."""

import os
import tempfile
import time
from pathlib import Path

import sqlite_utils

from loaders.shape import create_tables, ensure_db_shape


def stages():
    """The build's stages in order: (name, function(db, corpus, built) → summary). `built` carries what a
    stage hands to later ones (the parsed documents, …). Imported here so that `reformkb --help` stays fast."""
    from charts.render import render_charts
    from loaders.cde import load_state_files
    from loaders.corpus import load_documents
    from loaders.entities import load_entities
    from loaders.events import load_events
    from loaders.reforms import load_reforms

    return [
        ("documents", load_documents),
        ("entities", load_entities),
        ("reforms", load_reforms),
        ("events", load_events),
        ("state files", load_state_files),
        ("charts", render_charts),
    ]


def quietly(items, length, label):
    return items


def build(corpus, db_path, report=print, progress=quietly):
    """Build db_path from the corpus folder. Returns {table: row count}. Raises CorpusError on bad input.

    report(message) receives a line per finished stage; progress(items, length, label) may wrap the long
    loops of a stage (the CLI shows a progress bar)."""
    corpus, db_path = Path(corpus), Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".building", dir=db_path.parent)
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp)
        create_tables(db)
        built = {"db_path": db_path, "progress": progress}
        for name, stage in stages():
            started = time.perf_counter()
            with db.conn:
                summary = stage(db, corpus, built)
            report(f"{name}: {summary} ({time.perf_counter() - started:.1f}s)")
        ensure_db_shape(db)
        db.conn.execute("vacuum")
        counts = {t: db[t].count for t in db.table_names() if "_fts" not in t}
        db.close()
        os.replace(tmp, db_path)
        return counts
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
