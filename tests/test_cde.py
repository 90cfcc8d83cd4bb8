"""State school files: loaders/cde.py → cde_schools, cde_files, cde_directory_charters and the views series,
charter_sources, charter_sources_compared, directory_charters_by_year.

Fixtures in tests/fixtures/cde/ are cut from the real files in corpus/cde/:
- frpm1617.csv: the real header record (28 physical lines, CRLF, line breaks inside quoted headers) and ten real
  rows, byte for byte (three Alameda County rows, seven LAUSD rows).
- frpm1718.csv: the same rows with "Academic Year" changed to 2017-2018 and Santee's enrollment 1923 written
  "1,923" (quoted), as another year's file may have it. The header still says "2016-17 CALPADS ...", as published.
- pubschls.txt: the real directory columns, tab-separated, for eight real rows of pubschls-2018-06.xlsx; empty
  cells written "No Data" as in CDE's .txt download; administrators' names, e-mails and phones replaced by
  placeholders.
Workbooks (.xlsx with openpyxl, .ods with write_ods) are written by the tests from these rows.
"""

import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pytest
import sqlite_utils

from loaders import schema
from loaders.cde import StateFileError, load_cde, load_state_files
from loaders.context import BuildContext
from loaders.district import read_district
from loaders.errors import CorpusError

FIXTURES = Path(__file__).parent / "fixtures" / "cde"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LAUSD = read_district(CORPUS)


def new_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    schema.create(db)
    return db


@pytest.fixture
def db(tmp_path):
    return new_db(tmp_path / "reform.db")


def cde_dir(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "cde"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def school(db, cds_code, start_year=2016) -> dict:
    return db["cde_schools"].get((cds_code, start_year))


def fixture_text(name="frpm1617.csv") -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


def write_text(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def directory_rows() -> list[list]:
    """The directory fixture's rows as a spreadsheet holds them: "No Data" cells empty, dates as dates."""
    header, *rows = [line.split("\t") for line in (FIXTURES / "pubschls.txt").read_text().splitlines()]
    rows = [[None if v == "No Data" else v for v in row] for row in rows]
    for row in rows:
        for column in ("OpenDate", "ClosedDate"):
            i = header.index(column)
            row[i] = row[i] and dt.date.fromisoformat(row[i])
    return [header, *rows]


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A small OpenDocument spreadsheet: {sheet title: rows}, each cell text, a number, a date or None.
    (Nothing installed writes .ods; written here, the test's input stays readable.)"""

    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'

    tables = "".join(
        f"<table:table table:name={quoteattr(title)}>"
        + "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for title, rows in sheets.items()
    )
    odf = "urn:oasis:names:tc:opendocument:xmlns"
    mimetype = "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", mimetype)  # first and uncompressed, as ODF requires
        book.writestr("META-INF/manifest.xml",
                      f'<manifest:manifest xmlns:manifest="{odf}:manifest:1.0" manifest:version="1.2">'
                      f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                      "</manifest:manifest>")
        book.writestr("content.xml",
                      f'<office:document-content xmlns:office="{odf}:office:1.0" xmlns:table="{odf}:table:1.0" '
                      f'xmlns:text="{odf}:text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
                      f"{tables}</office:spreadsheet></office:body></office:document-content>")
    return path


# ---------------------------------------------------------------------------------------------------------------
# The full corpus


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = new_db(tmp_path_factory.mktemp("corpus") / "reform.db")
    counts = load_cde(db, CORPUS / "cde", LAUSD)
    return db, counts


def test_full_corpus_lausd_charters_2016_17(corpus_db):
    db, counts = corpus_db
    assert counts["frpm_files"] == 1 and counts["directory_files"] == 1
    row = db.execute(
        "select count(*), sum(charter_type = 'independent'), sum(charter_type = 'affiliated'), sum(enrollment)"
        " from cde_schools where start_year = 2016 and charter = 1"
    ).fetchone()
    assert row == (279, 225, 54, 154_705)
    assert list(db.query("select * from charter_sources")) == [
        {
            "start_year": 2016,
            "school_year": "2016-17",
            "source": "CDE FRPM 2016-17 (frpm1617.csv)",
            "series": "state",
            "charter_schools": 279,
            "independent_schools": 225,
            "affiliated_schools": 54,
            "enrollment": 154_705,
            "table_id": None,
            "file": "frpm1617.csv",
        }
    ]


def test_full_corpus_files_described(corpus_db):
    db, _ = corpus_db
    files = {f["name"]: f for f in db["cde_files"].rows}
    assert files["frpm1617.csv"]["kind"] == "frpm"
    assert files["frpm1617.csv"]["rows"] == 10_478
    assert files["frpm1617.csv"]["district_rows"] == 1_009 == db["cde_schools"].count
    assert files["frpm1617.csv"]["sha256"] == "839ce0b556a59488b803f7183865e40d317222f5ee3d5b0d1e90a3ab7aaf9a1c"
    assert files["pubschls-2018-06.xlsx"]["kind"] == "directory"
    assert files["pubschls-2018-06.xlsx"]["rows"] == 17_892


def test_full_corpus_directory_join(corpus_db):
    db, _ = corpus_db
    new_academy = school(db, "19647330100289")
    assert new_academy["school_name"] == "N.E.W. Academy of Science and Arts"
    assert (new_academy["latitude"], new_academy["longitude"]) == (34.05922, -118.2667)
    assert new_academy["open_date"] == "2003-09-29"
    assert new_academy["directory_file"] == "pubschls-2018-06.xlsx"
    # every school but the nonpublic-schools line finds its directory entry
    missing = [r["cds_code"] for r in db.query("select cds_code from cde_schools where latitude is null")]
    assert missing == ["19647330000001"]


# ---------------------------------------------------------------------------------------------------------------
# Values as published


def test_leading_zeros_kept_as_text(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    row = school(db, "19647330100289")
    assert (row["county_code"], row["district_code"], row["school_code"]) == ("19", "64733", "0100289")
    assert row["charter_number"] == "0521"
    types = {c.name: c.type for c in db["cde_schools"].columns}
    assert types["cds_code"] == types["school_code"] == types["charter_number"] == "TEXT"
    assert types["enrollment"] == types["start_year"] == types["charter"] == "INTEGER"
    assert types["latitude"] == "REAL"


def test_yes_no_and_charter_types(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    independent = school(db, "19647330100289")
    assert (independent["charter"], independent["funding_type"], independent["charter_type"]) == (
        1,
        "Directly funded",
        "independent",
    )
    affiliated = school(db, "19647330102491")
    assert (affiliated["charter"], affiliated["funding_type"], affiliated["charter_type"]) == (
        1,
        "Locally funded",
        "affiliated",
    )
    santee = school(db, "19647330109447")  # published as "No " with a trailing space
    assert (santee["charter"], santee["funding_type"], santee["charter_type"]) == (0, None, None)


def test_not_applicable_is_null(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    nonpublic = school(db, "19647330000001")
    assert nonpublic["school_name"] == "Nonpublic, Nonsectarian Schools"
    for column in ("charter", "charter_number", "funding_type", "school_type", "low_grade", "grade_span"):
        assert nonpublic[column] is None, column
    assert nonpublic["enrollment"] == 2659
    assert school(db, "19647330100289")["nslp_provision_status"] is None


def test_numbers_percentages_and_grade_spans(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    row = school(db, "19647330102491")
    assert (row["enrollment"], row["free_meal_count"], row["frpm_count"]) == (642, 440, 518)
    assert (row["percent_eligible_free"], row["percent_eligible_frpm"]) == (68.5, 80.7)
    assert row["grade_span"] == "K-5"
    assert school(db, "19647330109231")["grade_span"] == "K"  # Low Grade K, High Grade K
    assert school(db, "19647330109231")["school_name"] == "Danny J. Bakewell, Sr., Primary Center"


def test_only_the_district_is_loaded(db, tmp_path):
    counts = load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    assert counts["cde_schools"] == 7
    codes = {(r["county_code"], r["district_code"]) for r in db["cde_schools"].rows}
    assert codes == {(LAUSD.county_code, LAUSD.district_code)}
    assert db["cde_files"].get("frpm1617.csv")["rows"] == 10
    assert db["cde_files"].get("frpm1617.csv")["district_rows"] == 7


def test_another_year_and_commas_in_numbers(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "frpm1718.csv"), LAUSD)
    santee = school(db, "19647330109447", 2017)
    assert (santee["start_year"], santee["school_year"]) == (2017, "2017-18")
    assert santee["enrollment"] == 1923  # published as "1,923"
    assert santee["source_file"] == "frpm1718.csv"
    assert school(db, "19647330109447", 2016)["source_file"] == "frpm1617.csv"
    assert db["cde_files"].get("frpm1718.csv")["school_year"] == "2017-18"


def test_year_comes_from_the_file_not_its_name(db, tmp_path):
    folder = tmp_path / "cde"
    write_text(folder, "frpm-latest.csv", fixture_text("frpm1718.csv"))
    load_cde(db, folder, LAUSD)
    assert {r["start_year"] for r in db["cde_schools"].rows} == {2017}


def test_reloading_replaces_a_files_rows(db, tmp_path):
    folder = cde_dir(tmp_path, "frpm1617.csv")
    load_cde(db, folder, LAUSD)
    text = fixture_text()
    kept = "\r\n".join(line for line in text.split("\r\n") if ",0109447," not in line)
    write_text(folder, "frpm1617.csv", kept)
    load_cde(db, folder, LAUSD)
    assert db["cde_schools"].count == 6


def test_missing_or_empty_folder_does_nothing(db, tmp_path):
    zero = {"frpm_files": 0, "directory_files": 0, "cde_schools": 0, "charter_schools": 0, "with_coordinates": 0,
            "directory_charters": 0}
    assert load_cde(db, tmp_path / "absent", LAUSD) == zero
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("notes")
    assert load_cde(db, tmp_path / "empty", LAUSD) == zero
    assert db["cde_schools"].count == db["cde_files"].count == 0


# ---------------------------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "header_cell, column",
    [(',"Charter \nFunding \nType"', "Charter Funding Type"), ("County Code,", "County Code")],
)
def test_missing_column_names_file_and_header_line(db, tmp_path, header_cell, column):
    text = fixture_text().replace(header_cell, "", 1)
    path = write_text(tmp_path / "cde", "frpm1617.csv", text)
    with pytest.raises(CorpusError) as error:
        load_cde(db, path.parent, LAUSD)
    assert str(error.value) == f"{path}:1: missing required column '{column}'"
    assert isinstance(error.value, ValueError)
    assert db["cde_schools"].count == db["cde_files"].count == 0


def test_unrecognisable_academic_year_names_the_line(db, tmp_path):
    lines = fixture_text().split("\r\n")
    lines[3] = lines[3].replace("2016-2017,", "Fall,", 1)  # third data row, starting on physical line 31
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join(lines))
    with pytest.raises(StateFileError, match=r":31: no recognisable school year in 'Academic Year': 'Fall'"):
        load_cde(db, path.parent, LAUSD)


def test_no_year_anywhere_in_the_file(db, tmp_path):
    lines = fixture_text().split("\r\n")
    header = lines[0].replace("Academic Year,", "", 1).replace('"2016-17 \nCALPADS', '"CALPADS', 1)
    rows = [line.replace("2016-2017,", "", 1) for line in lines[1:]]
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join([header, *rows]))
    with pytest.raises(StateFileError) as error:
        load_cde(db, path.parent, LAUSD)
    assert str(error.value).startswith(f"{path}:1: no recognisable school year")


def test_year_from_a_header_when_there_is_no_academic_year_column(db, tmp_path):
    lines = fixture_text().split("\r\n")
    header = lines[0].replace("Academic Year,", "", 1)  # "2016-17 CALPADS Fall 1 Certification Status" stays
    rows = [line.replace("2016-2017,", "", 1) for line in lines[1:]]
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join([header, *rows]))
    load_cde(db, path.parent, LAUSD)
    assert db["cde_files"].get(path.name)["school_year"] == "2016-17"


def test_bad_value_names_the_line(db, tmp_path):
    lines = fixture_text().split("\r\n")
    lines[5] = lines[5].replace(",K,5,368,", ",K,5,many,", 1)  # N.E.W. Academy, physical line 33
    path = write_text(tmp_path / "cde", "frpm1617.csv", "\r\n".join(lines))
    with pytest.raises(StateFileError, match=r":33: Enrollment \(K-12\) is not a number: 'many'"):
        load_cde(db, path.parent, LAUSD)


def test_two_files_for_one_year_refused(db, tmp_path):
    folder = cde_dir(tmp_path, "frpm1617.csv")
    write_text(folder, "frpm1617-copy.csv", fixture_text())
    with pytest.raises(StateFileError, match="already given by"):
        load_cde(db, folder, LAUSD)


def test_bad_input_changes_nothing_already_built(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    before = list(db["cde_schools"].rows)
    text = fixture_text("frpm1718.csv").replace("Academic Year,", "Year,", 1).replace("2016-17 \nCALPADS", "CALPADS")
    write_text(tmp_path / "cde", "frpm1718.csv", text)
    with pytest.raises(StateFileError):
        load_cde(db, tmp_path / "cde", LAUSD)
    assert list(db["cde_schools"].rows) == before


# ---------------------------------------------------------------------------------------------------------------
# Directory


def test_directory_txt_join(db, tmp_path):
    counts = load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"), LAUSD)
    assert counts["with_coordinates"] == 6  # all but the nonpublic-schools line
    row = school(db, "19647330100289")
    assert (row["latitude"], row["longitude"]) == (34.05922, -118.2667)
    assert (row["status"], row["open_date"], row["closed_date"]) == ("Active", "2003-09-29", None)
    assert (row["street"], row["city"], row["zip"]) == ("379 South Loma Avenue", "Los Angeles", "90017-1142")
    assert row["magnet"] == 0
    assert row["directory_file"] == "pubschls.txt"
    assert db["cde_files"].get("pubschls.txt")["kind"] == "directory"


def test_directory_no_data_is_null(db, tmp_path):
    lines = (FIXTURES / "pubschls.txt").read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split("\t")
    for i, line in enumerate(lines):
        if line.startswith("19647330100289"):
            cells = line.rstrip("\n").split("\t")
            for column in ("Latitude", "Longitude", "OpenDate", "Magnet"):
                cells[header.index(column)] = "No Data"
            lines[i] = "\t".join(cells) + "\n"
    write_text(cde_dir(tmp_path, "frpm1617.csv"), "pubschls.txt", "".join(lines))
    load_cde(db, tmp_path / "cde", LAUSD)
    row = school(db, "19647330100289")
    assert (row["latitude"], row["longitude"], row["open_date"], row["magnet"]) == (None, None, None, None)
    assert row["status"] == "Active"


def test_directory_missing_column(db, tmp_path):
    text = (FIXTURES / "pubschls.txt").read_text().replace("\tLatitude\t", "\tLat\t", 1)
    path = write_text(cde_dir(tmp_path, "frpm1617.csv"), "pubschls.txt", text)
    with pytest.raises(StateFileError, match=rf"^{path}:1: missing required column 'Latitude'$"):
        load_cde(db, path.parent, LAUSD)


def test_directory_finds_a_charter_that_changed_authorizer(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"), LAUSD)
    magnolia = school(db, "19647330115030")  # LAUSD in 2016-17, the county office's in the June 2018 directory
    assert magnolia["directory_cds_code"] == "19101990115030"
    assert magnolia["latitude"] is not None and magnolia["city"] == "Carson"


def test_administrators_are_not_loaded(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"), LAUSD)
    columns = {c.lower() for c in db["cde_schools"].columns_dict}
    for forbidden in ("adm", "email", "phone", "ext", "firstname", "lastname"):
        assert not any(forbidden in c for c in columns), forbidden
    values = " ".join(str(v) for row in db["cde_schools"].rows for v in row.values())
    assert "Firstname" not in values and "example.org" not in values and "555-0100" not in values


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .xlsx (openpyxl) or .ods (write_ods) workbook of {sheet title: rows}."""
    if path.suffix == ".ods":
        return write_ods(path, sheets)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_directory_workbook(db, tmp_path, suffix):
    folder = cde_dir(tmp_path, "frpm1617.csv")
    path = write_workbook(folder / f"pubschls-test{suffix}", {"School Downloadable Data": directory_rows()})
    counts = load_cde(db, folder, LAUSD)
    assert counts["directory_files"] == 1 and counts["with_coordinates"] == 6
    row = school(db, "19647330100289")
    # date cells come as dates, written as ISO dates
    assert (row["latitude"], row["open_date"], row["closed_date"]) == (34.05922, "2003-09-29", None)
    assert (row["zip"], row["magnet"], row["directory_file"]) == ("90017-1142", 0, path.name)
    assert school(db, "19647330115030")["directory_cds_code"] == "19101990115030"


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_workbook_rows_numbered_as_the_sheet_numbers_them(db, tmp_path, suffix):
    """Empty rows and an empty column before the table: a message gives the row number a spreadsheet shows."""
    header, *rows = directory_rows()
    at = next(i for i, row in enumerate(rows) if row[0] == "19647330100289")
    rows[at][header.index("Latitude")] = "north"
    sheet = [[], [], *([None, *row] for row in [header, *rows])]  # header on row 3, rows[i] on row 4 + i
    path = write_workbook(cde_dir(tmp_path, "frpm1617.csv") / f"pubschls-test{suffix}", {"Schools": sheet})
    with pytest.raises(StateFileError, match=rf"^{re.escape(str(path))}:{4 + at}: Latitude is not a number: 'north'$"):
        load_cde(db, path.parent, LAUSD)


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_frpm_workbook_with_title_page_and_title_row(db, tmp_path, suffix):
    """CDE's frpmXXYY.xlsx: a title page, then the school sheet with a title row above the header."""
    header, *rows = csv.reader(io.StringIO(fixture_text(), newline=""))
    keep = [i for i, h in enumerate(header) if h != "Academic Year"]
    sheet = [["2017\u201318 Free or Reduced Price Meals (FRPM) Data"],
             [header[i].replace("2016-17", "2017-18") for i in keep]]
    for row in rows:
        cells = []
        for i in keep:
            value = row[i]
            if value.endswith("%"):
                value = float(value[:-1]) / 100
            elif value.isdigit() and header[i].startswith(("Enrollment", "Free", "FRPM", "County Code")):
                value = int(value)  # a spreadsheet keeps numbers, and drops the county code's leading zero
            cells.append(value)
        sheet.append(cells)
    folder = tmp_path / "cde"
    folder.mkdir()
    title_page = [["Free or Reduced Price Meals"], ["See the next sheet."]]
    path = write_workbook(folder / f"frpm1718{suffix}", {"Title Page": title_page, "FRPM School-Level Data ": sheet})
    load_cde(db, folder, LAUSD)
    row = school(db, "19647330102491", 2017)
    assert row["school_year"] == "2017-18"
    assert (row["enrollment"], row["percent_eligible_frpm"]) == (642, 80.7)
    assert db["cde_files"].get(path.name)["rows"] == 10

    funding = keep.index(header.index("Charter \nFunding \nType"))
    sheet = [[cell for i, cell in enumerate(cells) if i != funding] for cells in sheet]
    write_workbook(path, {"Title Page": title_page, "FRPM School-Level Data ": sheet})
    with pytest.raises(StateFileError, match=rf"{path.name}:2: missing required column 'Charter Funding Type'"):
        load_cde(db, folder, LAUSD)


@pytest.mark.parametrize("name", ["pubschls-broken.xlsx", "pubschls-broken.xls", "frpm1718.ods"])
def test_workbook_that_is_not_one(db, tmp_path, name):
    path = write_text(tmp_path / "cde", name, "not a workbook")
    with pytest.raises(StateFileError, match=rf"^{re.escape(str(path))}:1: not a readable {path.suffix} file"):
        load_cde(db, path.parent, LAUSD)


# ---------------------------------------------------------------------------------------------------------------
# The district: corpus/district.yml, or the corpus's own


def district_corpus(tmp_path: Path, district_yml: str | None, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    cde_dir(corpus, *names)
    if district_yml is not None:
        write_text(corpus, "district.yml", district_yml)
    return corpus


def test_the_repositorys_district_when_the_corpus_has_none(db, tmp_path):
    summary = load_state_files(BuildContext(db, district_corpus(tmp_path, None, "frpm1617.csv")))
    assert "7 Los Angeles Unified school rows" in summary
    assert db["cde_schools"].count == 7


def test_a_corpus_with_its_own_district_loads_that_district(db, tmp_path):
    text = (CORPUS / "district.yml").read_text()
    text = text.replace("name: Los Angeles Unified", "name: Alameda County Office of Education")
    text = text.replace('county_code: "19"', 'county_code: "01"').replace('"64733"', '"10017"')
    corpus = district_corpus(tmp_path, text, "frpm1617.csv", "pubschls.txt")
    summary = load_state_files(BuildContext(db, corpus))
    assert "3 Alameda County Office of Education school rows (2 charters, 1 located)" in summary
    assert {r["district_name"] for r in db["cde_schools"].rows} == {"Alameda County Office of Education"}
    envision = school(db, "01100170112607")
    assert (envision["charter_type"], envision["open_date"]) == ("independent", "2006-08-28")


@pytest.mark.parametrize("old, new, message", [
    ('county_code: "19"', "county_code: 19", "county_code: 19 is not a 2-digit code in quotes"),
    ('not_schools: ["0000000", "0000001"]', 'not_schools: ["0000000", 1]', "not_schools: 1 is not a 7-digit code"),
    ("locally funded: affiliated", "locally funded: local", "locally funded"),
    ("    total_schools: [total]", "    total_school: [total]", "unknown key 'total_school'"),
    ("  marks: [charter, enrollment]", "  marks: []", "needs a list of at least one word"),
])
def test_district_error_names_file_and_line(db, tmp_path, old, new, message):
    text = (CORPUS / "district.yml").read_text()
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    corpus = district_corpus(tmp_path, text.replace(old, new), "frpm1617.csv")
    with pytest.raises(CorpusError) as error:
        load_state_files(BuildContext(db, corpus))
    assert str(error.value).startswith(f"{corpus / 'district.yml'}:{line}: ")
    assert message in str(error.value)
    assert db["cde_schools"].count == 0


# ---------------------------------------------------------------------------------------------------------------
# Views


def test_charter_sources_and_compared(db, tmp_path):
    # the district's table, as the documents stage writes it: its source line read from the document table
    db["documents"].insert({"id": 1, "slug": "paper", "title": "Paper"})
    db["document_tables"].insert({"id": 1, "document_id": 1, "source": "LAUSD Charter Schools Division"})
    db["charter_enrollment"].insert_all(
        [
            {"start_year": 2015, "school_year": "2015-16", "independent_schools": 220, "independent_enrollment": 100,
             "affiliated_schools": 50, "affiliated_enrollment": 40, "total_schools": 270, "total_enrollment": 140,
             "document_id": 1, "table_id": 1},
            {"start_year": 2016, "school_year": "2016-17", "independent_schools": 3, "independent_enrollment": 700,
             "affiliated_schools": 1, "affiliated_enrollment": 500, "total_schools": 4, "total_enrollment": 1200,
             "document_id": 1, "table_id": 1},
        ]
    )
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "frpm1718.csv"), LAUSD)
    sources = list(db.query("select * from charter_sources order by start_year, source"))
    assert [(s["start_year"], s["source"]) for s in sources] == [
        (2015, "district table (Paper table)"),
        (2016, "CDE FRPM 2016-17 (frpm1617.csv)"),
        (2016, "district table (Paper table)"),
        (2017, "CDE FRPM 2017-18 (frpm1718.csv)"),
    ]
    # fixture charters: N.E.W. Academy 368, Magnolia 3 460 (independent); Alexander 642, Hesby Oaks 555 (affiliated)
    assert sources[1] == {
        "start_year": 2016, "school_year": "2016-17", "source": "CDE FRPM 2016-17 (frpm1617.csv)", "series": "state",
        "charter_schools": 4, "independent_schools": 2, "affiliated_schools": 2, "enrollment": 2025,
        "table_id": None, "file": "frpm1617.csv",
    }
    compared = {r["start_year"]: r for r in db.query("select * from charter_sources_compared")}
    assert sorted(compared) == [2015, 2016, 2017]
    assert compared[2016] == {
        "start_year": 2016, "school_year": "2016-17",
        "district_schools": 4, "state_schools": 4, "schools_difference": 0,
        "district_independent": 3, "state_independent": 2,
        "district_affiliated": 1, "state_affiliated": 2,
        "district_enrollment": 1200, "state_enrollment": 2025, "enrollment_difference": 825,
        "state_source": "CDE FRPM 2016-17 (frpm1617.csv)",
    }
    assert compared[2015]["state_schools"] is None and compared[2015]["district_schools"] == 270
    assert compared[2017]["district_schools"] is None and compared[2017]["state_schools"] == 4


def test_views_answer_without_state_files(db, tmp_path):
    load_cde(db, tmp_path / "absent", LAUSD)
    assert list(db.query("select * from charter_sources")) == []
    assert list(db.query("select * from charter_sources_compared")) == []


# ---------------------------------------------------------------------------------------------------------------
# The directory's charters, the directory series and the view `series`

# (CDS code, school, Charter, FundingType, OpenDate, ClosedDate, StatusType), as a test directory lists them
DIRECTORY_SCHOOLS = [
    ("19647330000000", None, None, None, None, None, "Active"),  # the district office: not a school
    ("19647331900001", "Early Charter", "Y", "Directly funded", "1993-09-01", None, "Active"),
    ("19647331900002", "Opened On Census Day", "Y", "Directly funded", "1995-10-01", None, "Active"),
    ("19647331900003", "Opened The Day After", "Y", "Directly funded", "1995-10-02", None, "Active"),
    ("19647331900004", "Closed On Census Day", "Y", "Directly funded", "1994-08-01", "1997-10-01", "Closed"),
    ("19647331900005", "Closed The Day After", "Y", "Locally funded", "1994-08-01", "1997-10-02", "Closed"),
    ("19647331900006", "Converted Elementary", "Y", "Locally funded", "1960-09-01", None, "Active"),
    ("19647331900007", "No Open Date", "Y", "Directly funded", None, None, "Pending"),
    ("19647331900008", "No Funding Type", "Y", None, "1996-09-01", "1997-06-30", "Closed"),
    ("19647331900009", "District School", "N", None, "1950-09-01", None, "Active"),
    ("01100171900010", "Alameda Charter", "Y", "Directly funded", "1994-09-01", None, "Active"),
]

# school year → (charter schools, independent, affiliated) open on 1 October, by the rows above
OPEN_ON_CENSUS_DAY = {1993: (2, 1, 1), 1994: (4, 2, 2), 1995: (5, 3, 2), 1996: (7, 4, 2), 1997: (5, 3, 2)}


def write_directory(folder: Path, schools=DIRECTORY_SCHOOLS, last_update="1998-06-30", drop=()) -> Path:
    """A tab-separated directory with the fixture's columns (``drop``: columns left out) for ``schools``; every
    row last updated on ``last_update``, administrators' cells filled with placeholders."""
    header = (FIXTURES / "pubschls.txt").read_text().splitlines()[0].split("\t")
    lines = []
    for n, (cds, name, charter, funding, opened, closed, status) in enumerate(schools, 1):
        cells = {column: "No Data" for column in header}
        cells.update({"CDSCode": cds, "School": name or "No Data", "Charter": charter or "No Data",
                      "CharterNum": f"{n:04d}" if charter == "Y" else "No Data", "FundingType": funding or "No Data",
                      "OpenDate": opened or "No Data", "ClosedDate": closed or "No Data", "StatusType": status,
                      "Latitude": "34.05", "Longitude": "-118.25", "Magnet": "N", "LastUpDate": last_update,
                      "AdmFName1": "Firstname", "AdmLName1": "Lastname", "AdmEmail1": "head@example.org",
                      "Phone": "(555) 555-0100"})
        lines.append([cells[column] for column in header if column not in drop])
    columns = [column for column in header if column not in drop]
    return write_text(folder, "pubschls.txt", "\n".join("\t".join(row) for row in [columns, *lines]) + "\n")


def directory_series(db) -> dict[int, tuple]:
    by_year = {}
    for row in db.query("select * from series where series = 'directory'"):
        counts = by_year.setdefault(row["start_year"], {})
        counts[row["measure"]] = row["value"]
    return {year: (c["charter_schools"], c["independent_charter_schools"], c["affiliated_charter_schools"])
            for year, c in by_year.items()}


def test_directory_keeps_every_charter_of_the_district(db, tmp_path):
    path = write_directory(tmp_path / "cde")
    counts = load_cde(db, path.parent, LAUSD)
    assert counts["directory_charters"] == 8
    charters = {r["school_name"]: r for r in db["cde_directory_charters"].rows}
    # closed and pending charters too; not the district's other schools, nor another district's charters
    assert sorted(charters) == sorted(s[1] for s in DIRECTORY_SCHOOLS[1:9])
    assert charters["Closed The Day After"] == {
        "cds_code": "19647331900005", "school_name": "Closed The Day After", "charter_number": "0006",
        "funding_type": "Locally funded", "charter_type": "affiliated", "open_date": "1994-08-01",
        "closed_date": "1997-10-02", "status": "Closed", "directory_file": "pubschls.txt", "line": 7}
    assert charters["No Open Date"]["open_date"] is None and charters["No Open Date"]["status"] == "Pending"
    assert charters["No Funding Type"]["charter_type"] is None
    # the snapshot of 30 June 1998 describes 1997-98, the last school year whose census day it has seen
    assert db["cde_files"].get("pubschls.txt")["school_year"] == "1997-98"
    # administrators are never loaded
    columns = {c.lower() for c in db["cde_directory_charters"].columns_dict}
    assert not any(word in c for c in columns for word in ("adm", "email", "phone"))
    values = " ".join(str(v) for row in db["cde_directory_charters"].rows for v in row.values())
    assert "Firstname" not in values and "example.org" not in values and "555-0100" not in values


def test_directory_series_counts_charters_open_on_1_october(db, tmp_path):
    load_cde(db, write_directory(tmp_path / "cde").parent, LAUSD)
    # opened on census day: counted that year; closed on census day: not counted that year; a charter with no
    # open date: never; a conversion: from 1993-94 (its school's opening is all the directory knows); a charter
    # with no funding type: counted, neither independent nor affiliated
    assert directory_series(db) == OPEN_ON_CENSUS_DAY
    open_1996 = {r["school_name"] for r in db.query("select * from directory_charters_by_year where start_year = 1996")}
    assert open_1996 == {"Early Charter", "Opened On Census Day", "Opened The Day After", "Closed On Census Day",
                         "Closed The Day After", "Converted Elementary", "No Funding Type"}
    row = db.execute(
        "select school_year, census_day from directory_charters_by_year where start_year = 1996").fetchone()
    assert row == ("1996-97", "1996-10-01")
    sources = {(r["source"], r["file"], r["document_id"], r["table_id"], r["line"])
               for r in db.query("select * from series where series = 'directory'")}
    assert sources == {("CDE directory (pubschls.txt), open on 1 October", "pubschls.txt", None, None, None)}
    # the directory has no enrollment and lists only charters: no students, no magnet count
    assert {r["measure"] for r in db.query("select distinct measure from series")} == {
        "charter_schools", "independent_charter_schools", "affiliated_charter_schools"}


def test_directory_series_bounds_the_years_of_schools_older_than_the_charter_law(db, tmp_path):
    # "Converted Elementary" opened in 1960, before the law took effect (1 January 1993): the directory does not
    # date its conversion, so it is undated, and each year's count is bounded: at least the charters the
    # directory dates (low), at most all it lists (value)
    load_cde(db, write_directory(tmp_path / "cde").parent, LAUSD)
    undated = {r["school_name"] for r in db.query("select * from directory_charters_by_year where undated = 1")}
    assert undated == {"Converted Elementary"}
    bounds = {r["start_year"]: (r["low"], r["value"]) for r in db.query(
        "select * from series where series = 'directory' and measure = 'charter_schools'")}
    assert bounds == {year: (counts[0] - 1, counts[0]) for year, counts in OPEN_ON_CENSUS_DAY.items()}
    affiliated = {r["start_year"]: r["low"] for r in db.query(
        "select * from series where series = 'directory' and measure = 'affiliated_charter_schools'")}
    assert affiliated == {year: counts[2] - 1 for year, counts in OPEN_ON_CENSUS_DAY.items()}
    independent = {r["start_year"]: (r["low"], r["value"]) for r in db.query(
        "select * from series where series = 'directory' and measure = 'independent_charter_schools'")}
    assert all(low == value for low, value in independent.values())


def test_full_corpus_directory_series_bounds_the_1990s(full_db):
    # 59 schools of the directory's LAUSD charters opened before the charter law: 1993-94 lies between 0 and 59
    # (the district's table counts 7), so no claim is said to disagree with the directory for those years
    bounds = {r["start_year"]: (r["low"], r["value"]) for r in full_db.query(
        "select * from series where series = 'directory' and measure = 'charter_schools'")}
    assert bounds[1993] == (0, 59) and bounds[2016] == (217, 275)
    table = {r["start_year"]: r["total_schools"] for r in full_db.query("select * from charter_enrollment")}
    assert all(bounds[y][0] <= table[y] for y in range(1993, 2000))


@pytest.mark.parametrize("last_update, last_year", [("1997-09-30", 1996), ("1997-10-01", 1997), ("1998-06-30", 1997)])
def test_directory_series_runs_to_the_snapshots_school_year(db, tmp_path, last_update, last_year):
    load_cde(db, write_directory(tmp_path / "cde", last_update=last_update).parent, LAUSD)
    assert sorted(directory_series(db)) == list(range(1993, last_year + 1))


def test_directory_without_last_update_dates_its_snapshot_by_its_schools(db, tmp_path):
    # the latest day a school opened or closed (1997-10-02) is taken for the snapshot; a pending school's is not
    schools = [*DIRECTORY_SCHOOLS, ("19647331900011", "Opens Next Year", "Y", "Directly funded", "1999-08-01",
                                    None, "Pending")]
    load_cde(db, write_directory(tmp_path / "cde", schools, drop={"LastUpDate"}).parent, LAUSD)
    assert db["cde_files"].get("pubschls.txt")["start_year"] == 1997
    assert directory_series(db) == OPEN_ON_CENSUS_DAY


def test_directory_needs_its_charter_column(db, tmp_path):
    path = write_directory(tmp_path / "cde", drop={"Charter"})
    with pytest.raises(StateFileError, match=rf"^{path}:1: missing required column 'Charter'$"):
        load_cde(db, path.parent, LAUSD)


def test_snapshot_school_year():
    from loaders.cde import snapshot_school_year

    assert snapshot_school_year("2018-06-26") == (2017, "2017-18")
    assert snapshot_school_year("2017-10-01") == (2017, "2017-18")
    assert snapshot_school_year("2017-09-30") == (2016, "2016-17")
    assert snapshot_school_year("1999-12-31") == (1999, "1999-00")
    assert snapshot_school_year(None) is None


def test_series_provenance(db, tmp_path):
    db["documents"].insert({"id": 1, "slug": "paper", "title": "Paper"})
    db["document_tables"].insert({"id": 7, "document_id": 1, "source": "LAUSD Charter Schools Division"})
    db["charter_enrollment"].insert(
        {"start_year": 2016, "school_year": "2016-17", "independent_schools": 3, "independent_enrollment": 700,
         "affiliated_schools": 1, "affiliated_enrollment": 500, "total_schools": 4, "total_enrollment": 1200,
         "document_id": 1, "table_id": 7, "line": 40})
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv", "pubschls.txt"), LAUSD)
    rows = list(db.query("select * from series where start_year = 2016"))
    # low: the least a count can be where the source only bounds it (the directory), else empty
    assert set(rows[0]) == {"measure", "start_year", "school_year", "source", "series", "value", "low",
                            "document_id", "table_id", "line", "file"}
    by = {(r["series"], r["measure"]): r for r in rows}
    assert by["district", "charter_schools"] == {
        "measure": "charter_schools", "start_year": 2016, "school_year": "2016-17",
        "source": "district table (Paper table)", "series": "district", "value": 4, "low": None, "document_id": 1,
        "table_id": 7, "line": 40, "file": None}
    assert by["state", "charter_schools"] == {
        "measure": "charter_schools", "start_year": 2016, "school_year": "2016-17",
        "source": "CDE FRPM 2016-17 (frpm1617.csv)", "series": "state", "value": 4, "low": None, "document_id": None,
        "table_id": None, "line": None, "file": "frpm1617.csv"}
    assert by["directory", "charter_schools"]["file"] == "pubschls.txt"
    values = {key: r["value"] for key, r in by.items()}
    assert values == {
        ("district", "charter_schools"): 4, ("district", "independent_charter_schools"): 3,
        ("district", "affiliated_charter_schools"): 1, ("district", "charter_students"): 1200,
        # fixture charters: N.E.W. Academy 368, Magnolia 3 460 (independent); Alexander 642, Hesby Oaks 555
        ("state", "charter_schools"): 4, ("state", "independent_charter_schools"): 2,
        ("state", "affiliated_charter_schools"): 2, ("state", "charter_students"): 2025,
        # every LAUSD row: the charters, Bakewell 228, Santee 1923 and the pupils in nonpublic schools, 2659
        ("state", "district_students"): 2025 + 228 + 1923 + 2659,
        ("state", "magnet_schools"): 0,  # the directory flags none of them
        # Magnolia 3 is the county office's in this directory: the directory counts three LAUSD charters
        ("directory", "charter_schools"): 3, ("directory", "independent_charter_schools"): 1,
        ("directory", "affiliated_charter_schools"): 2,
    }
    # charter_sources is the same series read wide, never a count of its own
    for source in db.query("select * from charter_sources"):
        assert source["charter_schools"] == db.execute(
            "select value from series where measure = 'charter_schools' and source = ? and start_year = ?",
            [source["source"], source["start_year"]]).fetchone()[0]


def test_series_without_the_directory_has_no_magnet_count(db, tmp_path):
    load_cde(db, cde_dir(tmp_path, "frpm1617.csv"), LAUSD)
    measures = {r["measure"] for r in db.query("select measure from series")}
    assert measures == {"charter_schools", "independent_charter_schools", "affiliated_charter_schools",
                        "charter_students", "district_students"}
    assert list(db.query("select * from directory_charters_by_year")) == []


def test_series_answers_without_state_files(db, tmp_path):
    load_cde(db, tmp_path / "absent", LAUSD)
    assert list(db.query("select * from series")) == []
    assert list(db.query("select * from directory_charters_by_year")) == []


def test_full_corpus_directory_series(full_db):
    directory = full_db["cde_files"].get("pubschls-2018-06.xlsx")
    assert (directory["start_year"], directory["school_year"]) == (2017, "2017-18")  # snapshot of June 2018
    years = [r["start_year"] for r in full_db.query(
        "select start_year from series where series = 'directory' and measure = 'charter_schools' order by 1")]
    assert years == list(range(1993, 2018))
    # every LAUSD charter of the directory, open or closed, whether or not the FRPM file lists it
    assert full_db["cde_directory_charters"].count == 355
    assert full_db.execute("select count(*) from cde_directory_charters where status = 'Closed'").fetchone()[0] == 69


def test_full_corpus_three_series_side_by_side(full_db):
    side_by_side = {(r["series"], r["measure"]): r["value"] for r in full_db.query(
        "select * from series where start_year = 2016")}
    table = full_db["charter_enrollment"].get(2016)
    assert side_by_side["district", "charter_schools"] == table["total_schools"]
    assert side_by_side["district", "charter_students"] == table["total_enrollment"]
    assert (side_by_side["state", "charter_schools"], side_by_side["state", "independent_charter_schools"],
            side_by_side["state", "affiliated_charter_schools"]) == (279, 225, 54)
    assert side_by_side["state", "charter_students"] == 154_705
    assert side_by_side["state", "district_students"] == 633_621
    assert (side_by_side["directory", "charter_schools"], side_by_side["directory", "independent_charter_schools"],
            side_by_side["directory", "affiliated_charter_schools"]) == (275, 221, 54)
    sources = {r["series"]: r["source"] for r in full_db.query("select * from series where start_year = 2016")}
    assert sources == {
        "district": "district table (The Los Angeles Charter School War and the Peace Dividend table)",
        "state": "CDE FRPM 2016-17 (frpm1617.csv)",
        "directory": "CDE directory (pubschls-2018-06.xlsx), open on 1 October"}
