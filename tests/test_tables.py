"""The charter growth table: parsed from the document, validated, normalised."""

import pytest

from loaders.errors import CorpusError
from loaders.tables import normalise_school_year
from reformkb.build import build
from conftest import write_document

HEADER = ("\tIndependent Charter Schools\tIndependent Charter Schools Norm Enrollment\tAffiliated Charter Schools"
          "\tAffiliated Charter Schools Norm Enrollment\tTotal Number of Charter Schools\tTotal Norm Enrollment")


def table_document(corpus, rows):
    body = "Before the table.\n\n" + HEADER + "\n" + "\n".join(rows) + (
        "\n\nFigure: 1 Charter School Growth and Enrollment\n\nSource: LAUSD Charter Schools Division\n\nAfter.")
    return write_document(corpus, "paper", body)


@pytest.mark.parametrize("text,expected", [
    ("1999-2000", (1999, "1999-00")), ("2016-17", (2016, "2016-17")), ("1992-93", (1992, "1992-93")),
    ("2016-18", None), ("2016", None), ("abc", None),
])
def test_school_year(text, expected):
    assert normalise_school_year(text) == expected


def test_rows_parsed_and_linked(corpus, tmp_path):
    table_document(corpus, ["1998-99\t5\t3,598\t16\t11,280\t21\t14,878", "1999-2000\t7\t4,137\t26\t18,800\t33\t22,937"])
    build(corpus, tmp_path / "r.db", report=lambda m: None)
    import sqlite_utils
    db = sqlite_utils.Database(tmp_path / "r.db")
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
        build(corpus, tmp_path / "r.db", report=lambda m: None)


def test_other_tables_are_not_charter_tables(corpus, tmp_path):
    write_document(corpus, "a", "Text.\n\n\tA\tB\nx\t1\t2\ny\t3\t4")
    counts = build(corpus, tmp_path / "r.db", report=lambda m: None)
    assert counts["document_tables"] == 1 and counts["charter_enrollment"] == 0
