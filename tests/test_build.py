"""reformkb build: atomic, deterministic, clear errors; the previous database survives bad input."""

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from cleaning_score import prepare
from conftest import CORPUS, digest, good_corpus, own_knowledge_file, run_build, write_document
from reformkb.build import CACHE_FOLDER
from reformkb.cli import cli

pytestmark = pytest.mark.stage  # every test here runs whole builds of a tiny corpus


BAD_INPUTS = {
    "no front matter": (lambda c: (c / "documents" / "bad.md").write_text("Text only.\n"),
                        "bad.md:1: no YAML front matter"),
    "no title": (lambda c: (c / "documents" / "bad.md").write_text("---\nauthor: X\n---\n\nText.\n"),
                 "bad.md:2: 'title' is required"),
    "bad date": (lambda c: write_document(c, "bad", "Text.", published="17/06/2015"),
                 "bad.md:2: bad date '17/06/2015'"),
    "non-UTF-8": (lambda c: (c / "documents" / "bad.md").write_bytes(b"---\ntitle: T\n---\n\nna\xefve\n"),
                  "bad.md:5: not UTF-8 text"),
    "empty body": (lambda c: (c / "documents" / "bad.md").write_text("---\ntitle: T\n---\n\n   \n"),
                   "bad.md:4: the body is empty"),
    "two files, one slug": (lambda c: write_document(c / "documents", "one", "Text.", title="Dup"),
                            "slug 'one' is already used by"),
    "malformed table row": (lambda c: write_document(c, "bad", "Text.\n\n\tIndependent Charter Schools\t"
                            "Independent Charter Schools Norm Enrollment\tAffiliated Charter Schools\t"
                            "Affiliated Charter Schools Norm Enrollment\tTotal Number of Charter Schools\t"
                            "Total Norm Enrollment\n1993-94\t1\t1,057\t6\t2,012\t7\n1994-95\t3\t2,107\t7\t3,578\t10\t5,685"),
                            "bad.md:8: table row has 6 cells, the header has 7"),
    "not a pdf": (lambda c: (c / "documents" / "scan.pdf").write_bytes(b"<html>saved wrongly</html>"),
                  "scan.pdf:1: not a PDF"),
    "bad sidecar": (lambda c: ((c / "documents" / "paste.txt").write_text("A paste of an article, long enough."),
                               (c / "documents" / "paste.yml").write_text("title: T\npublished: soon\n")),
                    "paste.yml:2: bad date 'soon'"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_stops_the_build_and_keeps_the_old_database(old_build, tmp_path, case):
    corpus, db, before = old_build
    spoil, message = BAD_INPUTS[case]
    spoil(corpus)
    result = run_build(corpus, db)
    assert result.exit_code == 1
    assert message in result.output
    assert "left unchanged" in result.output
    assert digest(db) == before
    # no temporary file left (the cache of earlier builds' work may stay)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != CACHE_FOLDER) == ["corpus", "reform.db"]


def test_build_is_deterministic(corpus, tmp_path):
    good_corpus(corpus)
    dumps = []
    for name in ("a.db", "b.db"):
        assert run_build(corpus, tmp_path / name).exit_code == 0
        dumps.append(list(sqlite_utils.Database(tmp_path / name).iterdump()))
    assert dumps[0] == dumps[1]


def test_ids_stable_and_linked(good_build):
    db = sqlite_utils.Database(good_build[1])
    rows = list(db.query("select d.slug, p.id, p.seq, p.text from passages p join documents d on d.id = p.document_id"))
    assert rows == [
        {"slug": "one", "id": 1, "seq": 1, "text": "The board met."},
        {"slug": "one", "id": 2, "seq": 2, "text": "It voted."},
        {"slug": "two", "id": 3, "seq": 1, "text": "Another text."},
    ]
    assert {fk.other_table for fk in db["passages"].foreign_keys} == {"documents"}
    assert list(db.query("select rowid from passages_fts where passages_fts match 'voted'")) == [{"rowid": 2}]


def test_build_prints_progress_and_counts(corpus, tmp_path):
    good_corpus(corpus)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 0, result.output
    assert "documents: 2 documents, 3 passages" in result.output and "passages" in result.output and "built" in result.output


def test_documents_in_every_format_build_and_warn(tmp_path):
    """The tuning set (a .md, .txt pastes with and without sidecars, web pages, a PDF) builds through every
    stage; what the loader forgave is printed as a warning."""
    corpus, _ = prepare("tuning", tmp_path / "corpus")
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "unknown kind 'blog'" in result.output
    db = sqlite_utils.Database(tmp_path / "r.db")
    assert {r["format"] for r in db.query("select distinct format from documents")} == {"md", "txt", "html", "pdf"}
    assert db.execute("select count(*) from mentions m join documents d on d.id = m.document_id "
                      "where d.format = 'pdf'").fetchone()[0] > 0


def test_the_database_is_readable_by_others_as_the_umask_allows(good_build):
    import os
    import stat

    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(good_build[1].stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600


def test_a_build_from_spacys_cached_work_is_the_same_database(corpus, tmp_path):
    """The cache of spaCy's Docs never changes a result: cold, warm and without the cache, one database."""
    from reformkb.build import build

    write_document(corpus, "history", "In 1993 the board adopted LEARN, led by Roy Romer of UTLA.\n\n"
                                      "Ramon Cortines ended it in 1999. The Los Angeles Times wrote about it.",
                   title="History", published="2001")
    good_corpus(corpus)
    cache, lines = tmp_path / "cache", []
    build(corpus, tmp_path / "cold.db", report=lines.append, cache_dir=cache)
    build(corpus, tmp_path / "warm.db", report=lines.append, cache_dir=cache)
    build(corpus, tmp_path / "none.db", report=lambda line: None, cache_dir=None)
    assert digest(tmp_path / "cold.db") == digest(tmp_path / "warm.db") == digest(tmp_path / "none.db")
    entities = [line for line in lines if line.startswith("entities:")]
    assert "0 of 5 pieces read before" in entities[0] and "5 of 5 pieces read before" in entities[1]


def test_claims_kept_between_builds_are_the_claims_read_again(corpus, tmp_path):
    """Each document's claims are kept between builds, and never change a result: not after an edit elsewhere
    that renumbers the entities, nor after one that changes what a phrase naming no entity stands for ("the
    charter law", read as the one law of the corpus with "charter" in its name, until there are two)."""
    from reformkb.build import build

    write_document(corpus, "law", "Governor Pete Wilson signed the Charter Schools Act in 1992.", title="Law",
                   published="2001")
    write_document(corpus, "count", "Lawmakers passed the charter law in 1993. In 2015 the district had 264 charter "
                                    "schools.", title="Count", published="2016")
    cache, lines = tmp_path / "cache", []

    def built(name, expected_reused):
        lines.clear()
        build(corpus, tmp_path / f"{name}.db", report=lines.append, cache_dir=cache)
        build(corpus, tmp_path / f"{name}-none.db", report=lambda line: None, cache_dir=None)
        assert digest(tmp_path / f"{name}.db") == digest(tmp_path / f"{name}-none.db")
        assert expected_reused in next(line for line in lines if line.startswith("claims:"))
        return sqlite_utils.Database(tmp_path / f"{name}.db")

    def dated_law(db):
        return [r["name"] for r in db.query("select e.name from claims c join documents d on d.id = c.document_id "
                                             "left join entities e on e.id = c.subject_id where d.slug = 'count' "
                                             "and c.kind = 'date'")]

    assert dated_law(built("cold", "0 of 2 documents as read before")) == ["Charter Schools Act"]
    built("warm", "2 of 2 documents as read before")
    # a name that sorts first renumbers every entity: the kept claims stand, with the new ids
    write_document(corpus, "new", "Aaron Abbott said 12 charter schools opened in 2016.", title="New",
                   published="2017")
    assert dated_law(built("renumbered", "2 of 3 documents as read before")) == ["Charter Schools Act"]
    # a second law with "charter" in its name: "the charter law" stands for neither (so it dates nothing), and
    # the document is read again
    write_document(corpus, "case", "The court ruled in California Charter Schools Association v. Los Angeles "
                                   "Unified School District in 2015.", title="Case", published="2015")
    assert dated_law(built("ambiguous", "2 of 4 documents as read before")) == []
    # a new published date, new words in claims.yml: read again
    write_document(corpus, "law", "Governor Pete Wilson signed the Charter Schools Act in 1992.", title="Law",
                   published="2002")
    built("published", "3 of 4 documents as read before")
    own_knowledge_file(corpus, "claims.yml", "measures:", "# edited\nmeasures:")
    built("rules", "0 of 4 documents as read before")


def test_documents_and_state_files_are_read_once_and_give_the_same_database(corpus, tmp_path):
    """A document read before, and the state files and boundary loaded before, are taken from the cache when
    their bytes, the rules and the code are unchanged; the database is the same bytes as one built without it."""
    import shutil

    from reformkb.build import build

    good_corpus(corpus)
    (corpus / "cde").mkdir()
    for name in ("frpm1617.csv", "pubschls.txt"):
        shutil.copy(Path(__file__).parent / "fixtures" / "cde" / name, corpus / "cde" / name)
    shutil.copytree(CORPUS / "geo", corpus / "geo")
    cache, lines = tmp_path / "cache", []
    build(corpus, tmp_path / "cold.db", report=lines.append, cache_dir=cache)
    build(corpus, tmp_path / "warm.db", report=lines.append, cache_dir=cache)
    build(corpus, tmp_path / "none.db", report=lambda line: None, cache_dir=None)
    assert digest(tmp_path / "cold.db") == digest(tmp_path / "warm.db") == digest(tmp_path / "none.db")
    cold, warm = lines[:len(lines) // 2], lines[len(lines) // 2:]
    assert any(line.startswith("documents:") and "(0 documents read before)" in line for line in cold)
    assert any(line.startswith("documents:") and "(2 documents read before)" in line for line in warm)
    for stage in ("state files:", "district boundary:"):
        assert not any(line.startswith(stage) and "earlier build" in line for line in cold)
        assert any(line.startswith(stage) and "as in an earlier build" in line for line in warm)
    assert sqlite_utils.Database(tmp_path / "warm.db")["cde_schools"].count > 0

    # a new state file, an edited document and new cleaning rules: each read again
    shutil.copy(Path(__file__).parent / "fixtures" / "cde" / "frpm1718.csv", corpus / "cde" / "frpm1718.csv")
    write_document(corpus, "two", "Another text, edited.", title="Two")
    lines.clear()
    build(corpus, tmp_path / "edited.db", report=lines.append, cache_dir=cache)
    assert any(line.startswith("documents:") and "(1 documents read before)" in line for line in lines)
    assert not any(line.startswith("state files:") and "earlier build" in line for line in lines)
    assert any(line.startswith("district boundary:") and "earlier build" in line for line in lines)
    build(corpus, tmp_path / "edited-none.db", report=lambda line: None, cache_dir=None)
    assert digest(tmp_path / "edited.db") == digest(tmp_path / "edited-none.db")
    own_knowledge_file(corpus, "cleaning.yml", "furniture_words:", "# edited\nfurniture_words:")
    lines.clear()
    build(corpus, tmp_path / "rules.db", report=lines.append, cache_dir=cache)
    assert any(line.startswith("documents:") and "(0 documents read before)" in line for line in lines)


def test_an_unchanged_build_does_nothing_and_an_edit_builds_again(corpus, tmp_path):
    from reformkb.build import build

    good_corpus(corpus)
    db, lines = tmp_path / "reform.db", []
    build(corpus, db, report=lines.append)
    modified = db.stat().st_mtime_ns
    lines.clear()
    counts = build(corpus, db, report=lines.append)
    assert lines == [f"{db} is up to date: nothing changed since it was built"] and db.stat().st_mtime_ns == modified
    assert counts["documents"] == 2
    write_document(corpus, "two", "Another text, edited.", title="Two")
    lines.clear()
    build(corpus, db, report=lines.append)
    assert any(line.startswith("entities:") and "pieces read before" in line for line in lines)
    assert "Another text, edited." in {p for p, in sqlite_utils.Database(db).execute("select text from passages")}
    lines.clear()
    build(corpus, db, report=lines.append, force=True)  # --force builds all the same
    assert any(line.startswith("entities:") for line in lines)
