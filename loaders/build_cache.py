"""Results of earlier builds kept between builds, beside spaCy's Docs (loaders/nlp_cache.py): each document as
read and cleaned, and the rows of the stages that read only their own files (the state files, the district
boundary). Each entry is keyed by the bytes it was made from and by the code that made it (every module of
loaders/ and the versions of the readers), so an entry is found only when making it again would give the same
thing. The file (results.sqlite in the cache folder) is safe to delete and never changes a result; it holds
pickles, so it is trusted like the code beside it."""

import functools
import hashlib
import importlib.metadata
import pickle
import sqlite3
from pathlib import Path

FILE = "results.sqlite"
LOADERS = Path(__file__).resolve().parent
# the installed packages whose version shapes what the loaders read out of a file
READERS = ["trafilatura", "pdfplumber", "pypdf", "lxml", "python-calamine", "pydantic", "PyYAML",
           "charset-normalizer"]


def add_versions(digest, packages):
    """Feed digest the installed version of each package (or that it is missing)."""
    for package in packages:
        try:
            digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} missing\0".encode())


@functools.cache
def code_digest():
    """One digest of the loaders' source and the readers' versions."""
    digest = hashlib.sha256()
    add_versions(digest, READERS)
    for path in sorted(LOADERS.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def key_of(*parts):
    """The entry key of parts (bytes or str), the code digest first."""
    digest = hashlib.sha256(code_digest().encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else str(part).encode()))
    return digest.hexdigest()


def files_digest(*paths):
    """The names and bytes of every file at paths (a folder: all files under it; a missing path counts too)."""
    digest = hashlib.sha256()
    for base in map(Path, paths):
        for path in sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]:
            digest.update(f"{path.as_posix()}\0".encode())
            digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


class ResultCache:
    """get(key) → the value put under key, or None; put(key, value); close(). A value is any picklable object."""

    def __init__(self, folder):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(Path(folder) / FILE)
        self.conn.execute("create table if not exists results (key text primary key, value blob)")
        self.hits = self.misses = 0

    def get(self, key):
        row = self.conn.execute("select value from results where key = ?", [key]).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            value = pickle.loads(row[0])
        except Exception:  # an entry of a class that changed shape, or cut short: made again
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key, value):
        self.conn.execute("insert or replace into results values (?, ?)",
                          [key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)])

    def close(self):
        self.conn.commit()
        self.conn.close()


def opened(folder):
    """A ResultCache of folder, or None when there is no folder (no cache kept)."""
    return ResultCache(folder) if folder else None
