"""Hostile input to `reformkb build`: every case is a clean `path:line: what is wrong` (or a clear message), no
traceback, and the previous database byte-for-byte as it was; what is merely huge builds in bounded time."""


import os

import pytest
import sqlite_utils

from conftest import CORPUS, assert_refused, digest, run_build, write_document
from loaders import entities
from loaders.entities import PIECE_CHARS, pieces

SENTENCE = ("In 1993 Superintendent Ramon Cortines met Steve Barr of Green Dot Public Schools at the Los Angeles "
            "Unified School District, and they spoke of pilot schools.")


# --- 1. one very long paragraph --------------------------------------------------------------------------------

def test_pieces_cut_a_long_text_between_sentences():
    text = " ".join([SENTENCE] * 1000)
    cut = pieces(text)
    assert len(cut) > 1 and "".join(p for _, p in cut) == text
    assert all(len(p) <= PIECE_CHARS and text[o:o + len(p)] == p for o, p in cut)
    assert all(p.endswith("schools. ") for _, p in cut[:-1])
    assert pieces("short") == [(0, "short")]
    unbroken = "x" * (2 * PIECE_CHARS + 5)  # no sentence end, no space: cut at the limit
    assert [len(p) for _, p in pieces(unbroken)] == [PIECE_CHARS, PIECE_CHARS, 5]


@pytest.fixture(scope="module")
def nlp():
    return entities.load_nlp(entities.read_gazetteer(CORPUS / "gazetteer.yml"))


@pytest.mark.stage
@pytest.mark.parametrize("n_process", [1, 2])
def test_a_long_text_goes_through_spacy_in_pieces_with_offsets_into_the_whole(nlp, n_process):
    long = " ".join([SENTENCE] * (3 * PIECE_CHARS // len(SENTENCE)))
    texts = [SENTENCE, long, SENTENCE]
    spans, sentences, _ = entities.extract_spans(nlp, texts, entities.read_entity_rules(CORPUS), n_process=n_process)
    for span in spans:
        text = texts[span.passage_index]
        assert text[span.start:span.end] == span.text
        assert text[span.sentence_start:span.sentence_start + len(span.sentence)] == span.sentence
    assert all(0 <= s < e <= len(texts[i]) for i, bounds in enumerate(sentences) for s, e in bounds)
    assert sentences[1] == sorted(sentences[1]) and sentences[1][-1][1] == len(long.rstrip())
    in_long = [s for s in spans if s.passage_index == 1]
    assert max(s.start for s in in_long) > 2 * PIECE_CHARS  # the last piece's names are found, at their offsets
    per_sentence = {s.text for s in spans if s.passage_index == 0}
    assert len(in_long) == len(per_sentence) * long.count(SENTENCE)


@pytest.mark.stage
def test_a_spacy_worker_that_fails_ends_the_build_with_a_message(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 50)  # every text is "too long" (E088), in the workers too
    with pytest.raises(entities.SpacyFailed, match="entities: spaCy stopped: .*E871|E088"):
        entities.extract_spans(nlp, [SENTENCE] * 4, entities.read_entity_rules(CORPUS), n_process=2)


def dying_worker(items):
    os._exit(1)  # a worker killed (out of memory, a signal) or crashed: no exception, no traceback


@pytest.mark.stage
def test_a_spacy_worker_that_dies_ends_the_build_and_never_hangs(nlp, monkeypatch):
    monkeypatch.setattr(entities, "_read_in_worker", dying_worker)
    with pytest.raises(entities.SpacyFailed, match="entities: spaCy stopped: .*terminated abruptly"):
        entities.extract_spans(nlp, [SENTENCE] * (3 * entities.BATCH), entities.read_entity_rules(CORPUS),
                               n_process=2)


@pytest.mark.stage
def test_a_paragraph_pasted_without_blank_lines_builds(tmp_path):
    corpus = tmp_path / "corpus"
    write_document(corpus, "raw", " ".join([SENTENCE] * (3 * PIECE_CHARS // len(SENTENCE))), title="Raw")
    result = run_build(corpus, tmp_path / "reform.db")
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(tmp_path / "reform.db")
    rows = list(db.query("select m.start, m.end, m.text, p.text as passage from mentions m "
                         "join passages p on p.id = m.passage_id"))
    assert rows and all(r["passage"][r["start"]:r["end"]] == r["text"] for r in rows)
    assert max(r["start"] for r in rows) > 2 * PIECE_CHARS


# --- 2. interrupted builds, signals, a full disk ---------------------------------------------------------------

@pytest.mark.stage
def test_the_next_build_removes_stale_temporary_files_not_a_running_builds(old_build):
    import os

    corpus, db, _ = old_build
    stale = [db.parent / ".reform.db.999999999.abc_12.building", db.parent / ".reform.db.k3j_x9.building"]
    running = db.parent / f".reform.db.{os.getppid()}.zz9_a.building"  # a live process's: another build's
    for path in [*stale, running]:
        path.write_bytes(b"half a database")
    assert run_build(corpus, db).exit_code == 0
    assert not any(p.exists() for p in stale) and running.exists()


@pytest.mark.stage
def test_a_full_disk_is_a_clear_message(old_build, monkeypatch):
    import sqlite3

    from loaders import schema

    def full(db):
        raise sqlite3.OperationalError("database or disk is full")

    corpus, db, before = old_build
    monkeypatch.setattr(schema, "index_text", full)
    # --force: the corpus is unchanged, and a build with unchanged inputs would do nothing
    assert_refused(run_build(corpus, db, "--force"), db, before, "the disk is full (database or disk is full)")


def children_of(pid):
    from pathlib import Path

    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.stage
@pytest.mark.parametrize("signum", ["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_build_its_workers_and_its_temporary_file(old_build, signum):
    """Enough words for two spaCy processes; the signal comes while they run."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    corpus, db, before = old_build
    for i in range(6):
        write_document(corpus, f"long-{i}", "\n\n".join(f"{SENTENCE} They met {j} times in {i} years."
                                                        for j in range(500)), title=f"Long {i}")
    reformkb = Path(sys.executable).parent / "reformkb"
    process = subprocess.Popen([str(reformkb), "build", "--corpus", str(corpus), "--db", str(db), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    workers = []
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = children_of(process.pid)
    assert len(workers) >= 2, "the build never started its spaCy workers"
    process.send_signal(getattr(signal, signum))
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1, output
    assert f"stopped by {signum}" in output and "left unchanged" in output
    assert "Traceback" not in output, output
    assert digest(db) == before and not list(db.parent.glob(".*.building"))
    time.sleep(0.5)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2], \
            f"worker {pid} outlived the build"


# --- the table of bad inputs: each a clean refusal that keeps the old database -----------------------------------

def sparse_file(path, size):
    with open(path, "wb") as f:
        f.truncate(size)


def documents(corpus):
    return corpus / "documents"


HOSTILE = {
    # 3. documents
    "a FIFO named x.md": (lambda c: __import__("os").mkfifo(documents(c) / "x.md"), ["x.md:1: a pipe"]),
    "a link to /dev/zero": (lambda c: (documents(c) / "x.md").symlink_to("/dev/zero"), ["x.md:1: a device"]),
    "a folder named x.md": (lambda c: (documents(c) / "x.md").mkdir(), ["x.md:1: a folder"]),
    "a FIFO as a sidecar": (lambda c: ((documents(c) / "p.txt").write_text("A paste."),
                                       __import__("os").mkfifo(documents(c) / "p.yml")), ["p.yml:1: a pipe"]),
    "a 20 MB document": (lambda c: sparse_file(documents(c) / "huge.txt", 20_000_001),
                         ["huge.txt:1: 20,000,001 bytes; a document may hold at most 20,000,000"]),
    "a slug with capitals and a space": (lambda c: write_document(c, "My Doc", "Text."),
                                         ["My Doc.md:1: 'My Doc' is not a slug", "rename it my-doc.md"]),
    "a slug with accents": (lambda c: write_document(c, "café-ünïcødé", "Text."), ["rename it cafe-unicde.md"]),
    # 4. YAML
    "an alias bomb in a gazetteer description": (lambda c: (c / "gazetteer.yml").write_text(
        "- name: X\n  type: ORG\n  description: &a [x, x, x]\n- name: Y\n  type: ORG\n  description: [*a, *a, *a]\n"),
        ["gazetteer.yml:3: YAML aliases (*name) are not allowed"]),
    "an alias bomb in a reforms.yml summary": (lambda c: (c / "reforms.yml").write_text(
        "- slug: a\n  name: A\n  summary: &a [lol, lol]\n- slug: b\n  name: B\n  summary: [*a, *a]\n"),
        ["reforms.yml:3: YAML aliases (*name) are not allowed"]),
    "a key twice in front matter": (lambda c: (documents(c) / "bad.md").write_text("---\ntitle: A\ntitle: B\n---\n\nT.\n"),
                                    ["bad.md:3: key 'title' is given twice (first on line 2)"]),
    "a key twice in the gazetteer": (lambda c: (c / "gazetteer.yml").write_text("- name: X\n  type: ORG\n  name: Y\n"),
                                     ["gazetteer.yml:3: key 'name' is given twice (first on line 1)"]),
    "a typo of a gazetteer key": (lambda c: (c / "gazetteer.yml").write_text("- name: X\n  type: ORG\n  alias: [Y]\n"),
                                  ["gazetteer.yml:3: entry 'X': unknown key 'alias' (did you mean 'aliases'?)"]),
    "a gazetteer name as a list": (lambda c: (c / "gazetteer.yml").write_text("- name: [X, Y]\n  type: ORG\n"),
                                   ["gazetteer.yml:1:", "'name' must be text"]),
    "a gazetteer type as a number": (lambda c: (c / "gazetteer.yml").write_text("- name: X\n  type: 5\n"),
                                     ["gazetteer.yml:2: entry 'X': unknown type 5"]),
    "a gazetteer not in UTF-8": (lambda c: (c / "gazetteer.yml").write_bytes(b"- name: X\n  type: ORG\n  description: na\xefve\n"),
                                 ["gazetteer.yml:3: not UTF-8 text"]),
    "a slug of dots": (lambda c: write_document(c, "..", "Text."), ["...md:1: '..' is not a slug",
                                                                     "rename it document.md"]),
}


@pytest.mark.stage
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_a_clean_refusal_that_keeps_the_old_database(old_build, case):
    corpus, db, before = old_build
    spoil, messages = HOSTILE[case]
    spoil(corpus)
    assert_refused(run_build(corpus, db), db, before, *messages)


@pytest.mark.stage
def test_an_unreadable_document_names_its_path(old_build, monkeypatch):
    import os

    corpus, db, before = old_build
    secret = write_document(corpus, "secret", "Text.")
    real_open = os.open

    def refuse(path, *args, **kwargs):  # (the tests may run as root, who reads a file of mode 000)
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert_refused(run_build(corpus, db), db, before, "secret.md:1: cannot read the file: Permission denied")
