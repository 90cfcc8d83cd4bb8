"""The charter growth table: parsed from the document, validated, normalised (the documents stage alone)."""

import pytest
import sqlite_utils

from conftest import CORPUS, write_document
from loaders import schema
from loaders.context import BuildContext
from loaders.corpus import load_documents
from loaders.errors import CorpusError
from loaders.tables import normalise_school_year

HEADER = ("\tIndependent Charter Schools\tIndependent Charter Schools Norm Enrollment\tAffiliated Charter Schools"
          "\tAffiliated Charter Schools Norm Enrollment\tTotal Number of Charter Schools\tTotal Norm Enrollment")
ROWS = ["1998-99\t5\t3,598\t16\t11,280\t21\t14,878", "1999-2000\t7\t4,137\t26\t18,800\t33\t22,937"]


def table_document(corpus, rows, header=HEADER):
    body = "Before the table.\n\n" + header + "\n" + "\n".join(rows) + (
        "\n\nFigure: 1 Charter School Growth and Enrollment\n\nSource: LAUSD Charter Schools Division\n\nAfter.")
    return write_document(corpus, "paper", body)


def load(corpus, tmp_path, name="r.db"):
    """The documents stage over an empty database; the database."""
    db = sqlite_utils.Database(tmp_path / name)
    schema.create(db)
    load_documents(BuildContext(db, corpus))
    return db


@pytest.mark.parametrize("text,expected", [
    ("1999-2000", (1999, "1999-00")), ("2016-17", (2016, "2016-17")), ("1992-93", (1992, "1992-93")),
    ("2016-18", None), ("2016", None), ("abc", None),
])
def test_school_year(text, expected):
    assert normalise_school_year(text) == expected


def test_rows_parsed_and_linked(corpus, tmp_path):
    table_document(corpus, ROWS)
    db = load(corpus, tmp_path)
    schema.index_text(db)
    rows = list(db["charter_enrollment"].rows)
    assert [r["school_year"] for r in rows] == ["1998-99", "1999-00"]
    assert rows[1]["total_enrollment"] == 22937 and rows[1]["affiliated_schools"] == 26
    assert rows[0]["document_id"] == 1 and rows[0]["line"] == 8
    table = db["document_tables"].get(rows[0]["table_id"])
    assert (table["caption"], table["source"]) == ("Charter School Growth and Enrollment",
                                                   "LAUSD Charter Schools Division")
    # the table is not prose: its numbers are not searchable passages
    assert list(db.query("select count(*) n from passages_fts where passages_fts match '14878 OR 3598'"))[0]["n"] == 0


@pytest.mark.parametrize("rows,message", [
    (["1998-99\t5\t3,598\t16\t11,280\t22\t14,878"], r"paper\.md:8: 1998-99: total schools 22 is not independent 5 \+ affiliated 16 = 21"),
    (["1998-99\t5\t3,598\t16\t11,280\t21\t14,879"], r"paper\.md:8: 1998-99: total enrollment 14,879"),
    (["1998-99\t5\t3,598\t16\t11,280\t21"], r"paper\.md:8: table row has 6 cells, the header has 7"),
    (["1998-99\t5\tmany\t16\t11,280\t21\t14,878"], r"paper\.md:8: 1998-99: 'many' in column 'Independent Charter Schools Norm Enrollment' is not a count"),
    (["1998-99\t5\t3,598\t16\t11,280\t21\t14,878", "2000-01\t5\t3,598\t16\t11,280\t21\t14,878"], r"paper\.md:9: 2000-01 follows 1998-99"),
    (["98-99\t5\t3,598\t16\t11,280\t21\t14,878"], r"paper\.md:8: '98-99' is not a school year"),
])
def test_malformed_rows(corpus, tmp_path, rows, message):
    table_document(corpus, rows)
    with pytest.raises(CorpusError, match=message):
        load(corpus, tmp_path)


def test_other_tables_are_not_charter_tables(corpus, tmp_path):
    write_document(corpus, "a", "Text.\n\n\tA\tB\nx\t1\t2\ny\t3\t4")
    db = load(corpus, tmp_path)
    assert db["document_tables"].count == 1 and db["charter_enrollment"].count == 0


def test_header_words_come_from_the_corpus_district_yml(corpus, tmp_path):
    """Another district's table, headed in its own words, is read by the words of its corpus's district.yml."""
    header = "\tSchools run alone\tPupils run alone\tSchools run with us\tPupils run with us\tAll schools\tAll pupils"
    table_document(corpus, ROWS, header)
    assert load(corpus, tmp_path)["charter_enrollment"].count == 0  # not a table by the repository's words
    text = (CORPUS / "district.yml").read_text()
    words = text[text.index("  marks:"):]
    text = text.replace(words, """  marks: [schools, pupils]
  columns:
    independent_enrollment: [alone, pupils]
    independent_schools: [alone]
    affiliated_enrollment: [with us, pupils]
    affiliated_schools: [with us]
    total_enrollment: [all pupils]
    total_schools: [all schools]
""")
    (corpus / "district.yml").write_text(text)
    rows = list(load(corpus, tmp_path, "own.db")["charter_enrollment"].rows)
    assert [(r["school_year"], r["independent_enrollment"], r["affiliated_schools"]) for r in rows] == [
        ("1998-99", 3598, 16), ("1999-00", 4137, 26)]


def test_bad_header_words_name_the_line(corpus, tmp_path):
    table_document(corpus, ROWS)
    text = (CORPUS / "district.yml").read_text()
    line = text[: text.index("  columns:")].count("\n") + 1
    (corpus / "district.yml").write_text(text.replace("    total_schools: [total]\n", ""))
    with pytest.raises(CorpusError, match=rf"district\.yml:{line}: columns has no total_schools"):
        load(corpus, tmp_path)
