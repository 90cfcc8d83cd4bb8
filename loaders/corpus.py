"""Load corpus/documents into the documents, passages, footnote_refs, document_tables, boilerplate and
charter_enrollment tables. Ids follow the sorted slugs and reading order, so an unchanged corpus always gets
the same ids."""

import hashlib
import json
import multiprocessing
import os
import re
import stat
import unicodedata
from pathlib import Path

from . import build_cache
from .district import read_district
from .documents import read_cleaning_rules, read_document
from .errors import CorpusError
from .formats import FORMATS, SIDECAR
from .knowledge import knowledge_file
from .tables import charter_enrollment_rows


def find_documents(corpus):
    """(slug, path) for every document (any format of formats.FORMATS), sorted by slug. Two files with one
    slug are an error, and so is a sidecar .yml with no document beside it or beside a .md."""
    folder = Path(corpus) / "documents"
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no documents folder (expected {folder}/<slug>.md, .txt, .html or .pdf)")
    seen, sidecars = {}, []
    for path in sorted(folder.rglob("*")):
        suffix = path.suffix.lower()
        if suffix == SIDECAR:
            check_document_file(path)
            sidecars.append(path)
        if suffix not in FORMATS:
            continue
        check_document_file(path)
        key = path.stem.lower()
        if key in seen:
            raise CorpusError(f"{path}:1: slug '{path.stem}' is already used by {seen[key]}")
        seen[key] = path
    for sidecar in sidecars:
        document = seen.get(sidecar.stem.lower())
        if document is None or document.parent != sidecar.parent:
            raise CorpusError(f"{sidecar}:1: a sidecar with no document beside it (expected "
                              f"{sidecar.stem}.txt, .html or .pdf)")
        if document.suffix.lower() == ".md":
            raise CorpusError(f"{sidecar}:1: {document.name} keeps its metadata in its front matter; "
                              "a sidecar is for .txt, .html and .pdf documents")
    if not seen:
        raise CorpusError(f"{folder}: no documents (.md, .txt, .html or .pdf files) found")
    return sorted((path.stem, path) for path in seen.values())


# a document is an article, a paper or a report: the largest PDF of the corpus is a few MB, and cleaning and
# spaCy hold several copies of a text in memory, so a larger file is a mistake (a dump, a video) or an attack
MAX_DOCUMENT_BYTES = 20_000_000
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_document_file(path):
    """CorpusError unless path is a readable regular file (a symlink to one is fine) of at most
    MAX_DOCUMENT_BYTES, named by a slug: lower-case letters and digits in words joined by hyphens."""
    try:
        info = path.stat()
    except OSError as e:
        raise CorpusError(f"{path}:1: cannot read the file: {e.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe" if stat.S_ISFIFO(info.st_mode) else \
            "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise CorpusError(f"{path}:1: {what}, not a document file (only regular files are read)")
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise CorpusError(f"{path}:1: {info.st_size:,} bytes; a document may hold at most "
                          f"{MAX_DOCUMENT_BYTES:,} (split it, or save only its text)")
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as e:
        raise CorpusError(f"{path}:1: cannot read the file: {e.strerror}") from None
    if not SLUG.fullmatch(path.stem):
        raise CorpusError(f"{path}:1: '{path.stem}' is not a slug (lower-case letters, digits and hyphens): "
                          f"rename it {suggested_slug(path.stem)}{path.suffix.lower()}")


def suggested_slug(stem):
    """'My Doc' → 'my-doc', 'Café 2' → 'cafe-2'."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_stem.lower())) or "document"


def read_documents(corpus, processes=None, cache=None):
    """Parse every document of the corpus by the corpus's cleaning rules, in the order of find_documents().
    Cleaning is pure Python (~20 ms for a 10 KB document), so a large corpus is parsed over the cores; below
    BYTES_PER_PROCESS a process costs more to start than it saves. processes overrides the choice. With a cache
    (loaders.build_cache.ResultCache) a document read before from the same bytes, sidecar and rules by the same
    code is taken from it."""
    found = find_documents(corpus)
    rules = read_cleaning_rules(corpus)
    rules_file = knowledge_file(corpus, "cleaning.yml").read_bytes()
    keys = [document_key(slug, path, rules_file) for slug, path in found] if cache else [None] * len(found)
    documents = [cache.get(key) if cache else None for key in keys]
    missing = [(path, slug, rules) for (slug, path), doc in zip(found, documents) if doc is None]
    if processes is None:
        size = sum(path.stat().st_size for path, _, _ in missing)
        processes = min(os.cpu_count() or 1, 1 + size // BYTES_PER_PROCESS)
    if processes <= 1:
        read = [read_document(*arguments) for arguments in missing]
    else:
        with multiprocessing.Pool(processes) as pool:  # the compiled rules travel pickled with each document
            read = pool.starmap(read_document, missing)
    read = iter(read)
    for i, doc in enumerate(documents):
        if doc is None:
            documents[i] = next(read)
            if cache:
                cache.put(keys[i], documents[i])
    return documents


def document_key(slug, path, rules_file):
    """What a document's reading is made from: its path, slug, bytes, its sidecar's bytes and the cleaning rules'
    file (the code is in every key)."""
    sidecar = path.with_suffix(SIDECAR)
    return build_cache.key_of("document", path.resolve(), slug, path.read_bytes(),
                              sidecar.read_bytes() if sidecar.exists() else b"no sidecar",
                              rules_file)


BYTES_PER_PROCESS = 500_000


def load_documents(ctx):
    """Read, clean and write every document; hand the parsed documents to later stages as ctx.documents."""
    db, corpus = ctx.db, Path(ctx.corpus)
    cache = build_cache.opened(ctx.cache_dir)
    try:
        documents = read_documents(corpus, cache=cache)
    finally:
        if cache:
            cache.close()
    header_words = read_district(corpus).charter_table
    charter_rows = []

    doc_rows, passage_rows, ref_rows, table_rows, removed_rows = [], [], [], [], []
    passage_id = table_id = 0
    for document_id, doc in enumerate(documents, start=1):
        doc.id = document_id
        raw = doc.path.read_bytes()
        doc_rows.append({
            "id": document_id, "slug": doc.slug, "title": doc.meta["title"],
            **{k: doc.meta.get(k) for k in ("author", "published", "publication", "url", "kind", "notes",
                                            "source_file")},
            "format": doc.format, "path": doc.path.relative_to(corpus).as_posix(),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "passages": len(doc.passages),
            "words": sum(len(p.text.split()) for p in doc.passages),
        })
        footnote_ids = {}
        for p in doc.passages:
            passage_id += 1
            p.id = passage_id
            if p.kind == "footnote":
                footnote_ids[p.footnote_number] = passage_id
            passage_rows.append({
                "id": passage_id, "document_id": document_id, "seq": p.seq, "section": p.section,
                "kind": p.kind, "footnote_number": p.footnote_number, "line": p.line, "text": p.text,
            })
        for p in doc.passages:
            for start, number in p.footnote_refs:
                ref_rows.append({"passage_id": p.id, "start": start, "number": number,
                                 "footnote_passage_id": footnote_ids[number]})
        for table in doc.tables:
            table_id += 1
            table_rows.append({
                "id": table_id, "document_id": document_id, "seq": table.seq, "line": table.line,
                "section": table.section, "caption": table.caption, "source": table.source,
                "columns": json.dumps(table.header), "rows": json.dumps([cells for _, cells in table.rows]),
            })
            for row in charter_enrollment_rows(doc.path, table, header_words):
                charter_rows.append({**row, "document_id": document_id, "table_id": table_id})
        removed_rows += [{"document_id": document_id, "line": line, "text": text, "reason": reason}
                         for line, text, reason in sorted(doc.removed)]

    years = {}
    for row in charter_rows:
        if row["start_year"] in years:
            other = documents[years[row["start_year"]] - 1].path
            raise CorpusError(f"{documents[row['document_id'] - 1].path}:{row['line']}: {row['school_year']} "
                              f"is already given by the table in {other}")
        years[row["start_year"]] = row["document_id"]

    for table, rows in [("documents", doc_rows), ("passages", passage_rows), ("footnote_refs", ref_rows),
                        ("document_tables", table_rows), ("charter_enrollment", charter_rows),
                        ("boilerplate", removed_rows)]:
        db[table].insert_all(rows)
    ctx.documents = documents
    ctx.warnings += [w for doc in documents for w in doc.warnings]
    return (f"{len(documents)} documents, {len(passage_rows)} passages, {len(table_rows)} tables, "
            f"{len(charter_rows)} charter_enrollment rows" + (f" ({cache.hits} documents read before)" if cache else ""))
