"""`reformkb build`: corpus/ → reform.db, all or nothing.

The database is built in a temporary file beside the target and renamed over it only when every stage
succeeded, so a failed build leaves the previous database byte-for-byte as it was."""

import os
import tempfile
import time
from pathlib import Path

import sqlite_utils

from loaders import schema
from loaders.context import BuildContext, quietly


def stages():
    """The build's stages in order: (name, function(ctx) → summary line). Imported here so that
    `reformkb --help` stays fast."""
    from charts.render import render_charts
    from loaders.cde import load_state_files
    from loaders.conflicts import load_conflicts
    from loaders.claims import load_claims
    from loaders.corpus import load_documents
    from loaders.entities import load_entities
    from loaders.events import load_events
    from loaders.reforms import load_reforms
    from loaders.roles import load_roles

    return [
        ("documents", load_documents),
        ("entities", load_entities),
        ("roles", load_roles),
        ("reforms", load_reforms),
        ("events", load_events),
        ("claims", load_claims),
        ("state files", load_state_files),
        ("conflicts", load_conflicts),
        ("charts", render_charts),
    ]


def run_stages(ctx, until=None, report=lambda message: None):
    """Run the stages over ctx (its database already shaped by schema.create), up to and including the stage
    called until (all by default). Each stage is one transaction."""
    for name, stage in stages():
        started, warned = time.perf_counter(), len(ctx.warnings)
        with ctx.db.conn:
            summary = stage(ctx)
        report(f"{name}: {summary} ({time.perf_counter() - started:.1f}s)")
        for warning in ctx.warnings[warned:]:
            report(f"  warning: {warning}")
        if name == until:
            break
    return ctx


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
        schema.create(db)
        run_stages(BuildContext(db, corpus, db_path, progress), report=report)
        schema.index_text(db)
        db.conn.execute("vacuum")
        counts = {t: db[t].count for t in db.table_names() if "_fts" not in t}
        db.close()
        os.replace(tmp, db_path)
        return counts
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
